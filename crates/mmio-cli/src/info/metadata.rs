//! The metadata of a WAVE form, as [`winmmio::wav::Reader`] reads it: `bext`
//! (Broadcast WAVE), `iXML`, cue points with their `LIST adtl` labels, `smpl` and
//! `acid`, in words and as JSON. (INFO tags are the form's, for every kind of form.)

use winmmio::wav::{Acid, Bext, Cue, LOUDNESS_UNKNOWN, Metadata, Sampler};

use super::MAX_ITEMS;
use super::wave::clock;
use crate::json::Json;

/// The loudness fields of `bext` that were measured (version 2: before it the bytes are
/// reserved), with their names and units.
fn loudness(bext: &Bext) -> Vec<(&'static str, &'static str, &'static str, i16)> {
    if bext.version < 2 {
        return Vec::new();
    }
    let fields = [
        ("loudness_value", "integrated", "LUFS", bext.loudness_value),
        ("loudness_range", "range", "LU", bext.loudness_range),
        ("max_true_peak_level", "true peak", "dBTP", bext.max_true_peak_level),
        ("max_momentary_loudness", "momentary max", "LUFS", bext.max_momentary_loudness),
        ("max_short_term_loudness", "short-term max", "LUFS", bext.max_short_term_loudness),
    ];
    fields.into_iter().filter(|(.., value)| *value != LOUDNESS_UNKNOWN).collect()
}

/// A loudness field in its unit (it is stored in hundredths).
fn hundredths(value: i16) -> f64 {
    f64::from(value) / 100.0
}

/// The UMID in hex, or `None` when it is absent (version 0, or all zeros).
fn umid(bext: &Bext) -> Option<String> {
    (bext.version >= 1 && bext.umid.iter().any(|&b| b != 0))
        .then(|| bext.umid.iter().map(|b| format!("{b:02x}")).collect())
}

/// The lines of `bext`.
fn bext_text(bext: &Bext, rate: u32, out: &mut String) {
    let mut who = format!("{:?}", bext.description);
    if !bext.originator.is_empty() {
        who.push_str(&format!(" by {:?}", bext.originator));
    }
    if !bext.originator_reference.is_empty() {
        who.push_str(&format!(" (reference {:?})", bext.originator_reference));
    }
    let when = format!("{} {}", bext.origination_date, bext.origination_time);
    out.push_str(&format!("  bext:     {who}, {}, version {}\n", when.trim(), bext.version));
    let start = if rate > 0 { format!(" ({} into the day)", clock(bext.time_reference, rate)) } else { String::new() };
    out.push_str(&format!("            starts at sample {}{start}\n", bext.time_reference));
    let measured: Vec<String> = loudness(bext)
        .iter()
        .map(|(_, name, unit, value)| format!("{name} {:.2} {unit}", hundredths(*value)))
        .collect();
    if !measured.is_empty() {
        out.push_str(&format!("            loudness: {}\n", measured.join(", ")));
    }
    if let Some(umid) = umid(bext) {
        out.push_str(&format!("            UMID {umid}\n"));
    }
    for line in bext.coding_history.lines().map(str::trim).filter(|l| !l.is_empty()).take(MAX_ITEMS) {
        out.push_str(&format!("            history: {line}\n"));
    }
}

/// The `bext` object.
fn bext_json(bext: &Bext, rate: u32, json: &mut Json) {
    json.begin_object();
    json.key("description").str(&bext.description);
    json.key("originator").str(&bext.originator);
    json.key("originator_reference").str(&bext.originator_reference);
    json.key("origination_date").str(&bext.origination_date);
    json.key("origination_time").str(&bext.origination_time);
    json.key("time_reference").u64(bext.time_reference);
    if rate > 0 {
        json.key("time_reference_s").f64(bext.time_reference as f64 / f64::from(rate));
    }
    json.key("version").u64(bext.version.into());
    if let Some(umid) = umid(bext) {
        json.key("umid").str(&umid);
    }
    for (key, _, _, value) in loudness(bext) {
        json.key(key).f64(hundredths(value));
    }
    json.key("coding_history").str(&bext.coding_history);
    json.end_object();
}

/// One line about a cue point.
fn cue_text(cue: &Cue, rate: u32) -> String {
    let at = if rate > 0 { format!(" ({})", clock(cue.position.into(), rate)) } else { String::new() };
    let mut line = format!("{} at frame {}{at}", cue.id, cue.position);
    if let Some(label) = &cue.label {
        line.push_str(&format!(": {label:?}"));
    }
    if let Some(note) = &cue.note {
        line.push_str(&format!(", note {note:?}"));
    }
    for text in &cue.texts {
        line.push_str(&format!(", {} frames {:?}", text.sample_length, text.text));
    }
    line
}

/// The `cue` array.
fn cues_json(cues: &[Cue], rate: u32, json: &mut Json) {
    json.begin_array();
    for cue in cues {
        json.begin_object();
        json.key("id").u64(cue.id.into());
        json.key("position").u64(cue.position.into());
        if rate > 0 {
            json.key("seconds").f64(f64::from(cue.position) / f64::from(rate));
        }
        if let Some(label) = &cue.label {
            json.key("label").str(label);
        }
        if let Some(note) = &cue.note {
            json.key("note").str(note);
        }
        if !cue.texts.is_empty() {
            json.key("texts").begin_array();
            for text in &cue.texts {
                json.begin_object();
                json.key("length").u64(text.sample_length.into());
                json.key("purpose").latin1(&text.purpose.bytes());
                json.key("text").str(&text.text);
                json.end_object();
            }
            json.end_array();
        }
        json.end_object();
    }
    json.end_array();
}

/// The name of a loop type.
fn loop_kind(kind: u32) -> String {
    match kind {
        0 => "forward".into(),
        1 => "alternating".into(),
        2 => "backward".into(),
        other => format!("type {other}"),
    }
}

/// One line about `smpl`.
fn sampler_text(sampler: &Sampler) -> String {
    let loops: Vec<String> = sampler
        .loops
        .iter()
        .take(MAX_ITEMS)
        .map(|l| {
            let times = if l.play_count == 0 { "forever".to_string() } else { format!("{} times", l.play_count) };
            format!("{} {} to {}, {times}", loop_kind(l.kind), l.start, l.end)
        })
        .collect();
    let plural = if sampler.loops.len() == 1 { "" } else { "s" };
    let mut line = format!("unity note {}, {} loop{plural}", sampler.midi_unity_note, sampler.loops.len());
    if !loops.is_empty() {
        line.push_str(&format!(": {}", loops.join("; ")));
    }
    line
}

/// The `smpl` object.
fn sampler_json(sampler: &Sampler, json: &mut Json) {
    json.begin_object();
    for (key, value) in [
        ("manufacturer", sampler.manufacturer),
        ("product", sampler.product),
        ("sample_period", sampler.sample_period),
        ("midi_unity_note", sampler.midi_unity_note),
        ("midi_pitch_fraction", sampler.midi_pitch_fraction),
        ("smpte_format", sampler.smpte_format),
        ("smpte_offset", sampler.smpte_offset),
    ] {
        json.key(key).u64(value.into());
    }
    json.key("loops").begin_array();
    for l in &sampler.loops {
        json.begin_object();
        json.key("id").u64(l.id.into());
        json.key("type").str(&loop_kind(l.kind));
        json.key("start").u64(l.start.into());
        json.key("end").u64(l.end.into());
        json.key("fraction").u64(l.fraction.into());
        json.key("play_count").u64(l.play_count.into());
        json.end_object();
    }
    json.end_array();
    json.end_object();
}

/// One line about `acid`.
fn acid_text(acid: &Acid) -> String {
    let mut line =
        format!("{:.2} BPM, {} beats, {}/{}", acid.tempo, acid.beats, acid.meter_numerator, acid.meter_denominator);
    if acid.flags & Acid::ROOT_NOTE != 0 {
        line.push_str(&format!(", root note {}", acid.root_note));
    }
    line.push_str(if acid.flags & Acid::ONE_SHOT != 0 { ", one-shot" } else { ", loop" });
    line
}

/// The `acid` object.
fn acid_json(acid: &Acid, json: &mut Json) {
    json.begin_object();
    json.key("tempo").f64(f64::from(acid.tempo));
    json.key("beats").u64(acid.beats.into());
    json.key("meter_numerator").u64(acid.meter_numerator.into());
    json.key("meter_denominator").u64(acid.meter_denominator.into());
    if acid.flags & Acid::ROOT_NOTE != 0 {
        json.key("root_note").u64(acid.root_note.into());
    }
    json.key("one_shot").bool(acid.flags & Acid::ONE_SHOT != 0);
    json.key("flags").u64(acid.flags.into());
    json.end_object();
}

/// The lines of the metadata; `rate` turns sample positions into times (0: it does not).
pub fn write_text(metadata: &Metadata, rate: u32, out: &mut String) {
    if let Some(bext) = &metadata.bext {
        bext_text(bext, rate, out);
    }
    if let Some(ixml) = &metadata.ixml {
        out.push_str(&format!("  iXML:     {} bytes of XML\n", ixml.len()));
    }
    for (i, cue) in metadata.cues.iter().take(MAX_ITEMS).enumerate() {
        let label = if i == 0 { "cues:" } else { "" };
        out.push_str(&format!("  {label:<9} {}\n", cue_text(cue, rate)));
    }
    if metadata.cues.len() > MAX_ITEMS {
        out.push_str(&format!("            ({} more cue points)\n", metadata.cues.len() - MAX_ITEMS));
    }
    if let Some(sampler) = &metadata.sampler {
        out.push_str(&format!("  sampler:  {}\n", sampler_text(sampler)));
    }
    if let Some(acid) = &metadata.acid {
        out.push_str(&format!("  acid:     {}\n", acid_text(acid)));
    }
}

/// The metadata keys of the `info` object: `bext`, `ixml`, `cue`, `smpl`, `acid`.
pub fn write_json(metadata: &Metadata, rate: u32, json: &mut Json) {
    if let Some(bext) = &metadata.bext {
        json.key("bext");
        bext_json(bext, rate, json);
    }
    if let Some(ixml) = &metadata.ixml {
        json.key("ixml").str(ixml);
    }
    if !metadata.cues.is_empty() {
        json.key("cue");
        cues_json(&metadata.cues, rate, json);
    }
    if let Some(sampler) = &metadata.sampler {
        json.key("smpl");
        sampler_json(sampler, json);
    }
    if let Some(acid) = &metadata.acid {
        json.key("acid");
        acid_json(acid, json);
    }
}
