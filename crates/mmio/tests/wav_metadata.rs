//! `wav::Metadata` with other tools: what we write, exiftool and ffprobe read (INFO,
//! bext, iXML, cue points and labels, smpl, acid); what ffmpeg writes (INFO, bext), we
//! read; and every kind survives our own round trip, also through a stream writer.

mod common;

use std::path::Path;

use common::Scratch;
use common::tools::{arg, available, ffmpeg, run};
use winmmio::FourCC;
use winmmio::wav::{
    Acid, Bext, Cue, InfoTag, LabeledText, Metadata, Reader, SampleLoop, Sampler, StreamWriter, WaveFormat, Writer,
};

fn metadata() -> Metadata {
    let mut verse = Cue::at(1, 100, "verse");
    verse.note = Some("first take".into());
    verse.texts.push(LabeledText {
        sample_length: 50,
        purpose: FourCC::new(*b"rgn "),
        text: "region".into(),
        ..LabeledText::default()
    });
    let mut metadata = Metadata::default();
    metadata.info = vec![
        InfoTag::new(FourCC::new(*b"INAM"), "Tïtle"),
        InfoTag::new(FourCC::new(*b"IART"), "Artist"),
        InfoTag::new(FourCC::new(*b"ICMT"), "odd"),
    ];
    metadata.bext = Some(Bext {
        description: "Desc".into(),
        originator: "Orig".into(),
        originator_reference: "REF".into(),
        origination_date: "2024-05-01".into(),
        origination_time: "14:30:00".into(),
        time_reference: 123_456,
        umid: [5; 64],
        loudness_value: -2300,
        loudness_range: 650,
        coding_history: "A=PCM,F=8000,W=16,M=mono\r\n".into(),
        ..Bext::default()
    });
    metadata.ixml = Some("<BWFXML><PROJECT>p</PROJECT></BWFXML>".into());
    metadata.cues = vec![verse, Cue::at(2, 200, "chorus")];
    metadata.sampler = Some(Sampler {
        midi_unity_note: 60,
        loops: vec![SampleLoop { id: 2, start: 200, end: 299, ..SampleLoop::default() }],
        ..Sampler::default()
    });
    metadata.acid = Some(Acid {
        flags: Acid::ROOT_NOTE,
        root_note: 60,
        beats: 4,
        meter_denominator: 4,
        meter_numerator: 4,
        tempo: 120.0,
        ..Acid::default()
    });
    metadata
}

fn write(path: &Path, metadata: &Metadata) {
    let file = winmmio::Mmio::create(path).unwrap();
    let mut writer = Writer::with_metadata(file, &WaveFormat::pcm(1, 8_000, 16), metadata).unwrap();
    writer.write_samples(&[0i16; 8_000]).unwrap();
    writer.finish().unwrap();
}

#[test]
fn every_kind_reads_back_from_files_and_streams() {
    let dir = Scratch::new("wav-metadata");
    let path = dir.path("ours.wav");
    write(&path, &metadata());
    let reader = Reader::open(&path).unwrap();
    assert_eq!(reader.metadata(), &metadata());
    assert_eq!(reader.frames(), Some(8_000));
    let mut writer = StreamWriter::with_metadata(Vec::new(), &WaveFormat::pcm(1, 8_000, 16), &metadata()).unwrap();
    writer.write_samples(&[1i16; 10]).unwrap();
    let reader = Reader::from_memory(writer.finish().unwrap()).unwrap();
    assert_eq!(reader.metadata(), &metadata());
    // bext comes before fmt, as broadcast tools expect.
    let bytes = std::fs::read(&path).unwrap();
    let at = |id: &[u8]| bytes.windows(4).position(|w| w == id).unwrap();
    assert!(at(b"bext") < at(b"fmt ") && at(b"fmt ") < at(b"data"));
    // A bext text longer than its field is refused before anything is written.
    let mut long = metadata();
    long.bext.as_mut().unwrap().originator = "x".repeat(33);
    let file = winmmio::Mmio::memory(Vec::new(), 1024).unwrap();
    assert!(Writer::with_metadata(file, &WaveFormat::pcm(1, 8_000, 16), &long).is_err());
}

/// `exiftool -a -s` as (tag, value) pairs.
fn exiftool(path: &Path) -> Vec<(String, String)> {
    let out = String::from_utf8(run("exiftool", &["-a", "-s", "-charset", "riff=utf8", arg(path)])).unwrap();
    out.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(tag, value)| (tag.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

#[test]
fn exiftool_and_ffprobe_read_what_we_write() {
    if !available("exiftool") || !available("ffprobe") {
        return;
    }
    let dir = Scratch::new("wav-metadata-tools");
    let path = dir.path("ours.wav");
    write(&path, &metadata());
    let tags = exiftool(&path);
    for (tag, value) in [
        ("Title", "Tïtle"),
        ("Artist", "Artist"),
        ("Comment", "odd"),
        ("Description", "Desc"),
        ("Originator", "Orig"),
        ("OriginatorReference", "REF"),
        ("DateTimeOriginal", "2024:05:01 14:30:00"),
        ("TimeReference", "123456"),
        ("BWFVersion", "2"),
        ("BWF_UMID", &"05".repeat(64)),
        ("CuePointLabel", "1 verse"),
        ("CuePointLabel", "2 chorus"),
        ("CuePointNote", "1 first take"),
        ("MIDIUnityNote", "60"),
        ("NumSampleLoops", "1"),
        ("Beats", "4"),
        ("Meter", "4/4"),
        ("Tempo", "120"),
        ("BwfxmlProject", "p"),
    ] {
        assert!(tags.contains(&(tag.to_owned(), value.to_owned())), "exiftool: no {tag} = {value} in {tags:?}");
    }
    let probe =
        String::from_utf8(run("ffprobe", &["-hide_banner", "-loglevel", "error", "-show_format", arg(&path)])).unwrap();
    for line in [
        "TAG:title=Tïtle",
        "TAG:artist=Artist",
        "TAG:encoded_by=Orig",
        "TAG:originator_reference=REF",
        "TAG:date=2024-05-01",
        "TAG:creation_time=14:30:00",
        "TAG:time_reference=123456",
        "TAG:coding_history=A=PCM,F=8000,W=16,M=mono",
    ] {
        assert!(probe.lines().any(|l| l == line), "ffprobe: no {line} in\n{probe}");
    }
}

#[test]
fn we_read_what_ffmpeg_writes() {
    if !available("ffmpeg") {
        return;
    }
    let dir = Scratch::new("wav-metadata-ffmpeg");
    let path = dir.path("bwf.wav");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=d=0.1",
        "-metadata",
        "title=Tïtle",
        "-metadata",
        "artist=Someone",
        "-metadata",
        "description=A description",
        "-metadata",
        "originator=ffmpeg",
        "-metadata",
        "originator_reference=REF123",
        "-metadata",
        "origination_date=2024-01-02",
        "-metadata",
        "origination_time=03:04:05",
        "-metadata",
        "time_reference=48000",
        "-metadata",
        "coding_history=A=PCM,F=44100",
        "-write_bext",
        "1",
        arg(&path),
    ]);
    let reader = Reader::open(&path).unwrap();
    let metadata = reader.metadata();
    assert_eq!(metadata.info(FourCC::new(*b"INAM")), Some("Tïtle"));
    assert_eq!(metadata.info(FourCC::new(*b"IART")), Some("Someone"));
    let bext = metadata.bext.as_ref().expect("ffmpeg's bext");
    assert_eq!(
        (
            bext.description.as_str(),
            bext.originator.as_str(),
            bext.originator_reference.as_str(),
            bext.origination_date.as_str(),
            bext.origination_time.as_str(),
            bext.time_reference,
            bext.coding_history.as_str(),
        ),
        ("A description", "ffmpeg", "REF123", "2024-01-02", "03:04:05", 48_000, "A=PCM,F=44100")
    );
}
