//! [`Metadata`]: what a WAVE file says about its samples: `LIST INFO` tags, `bext`,
//! `iXML`, cue points with their `LIST adtl` labels, `smpl` and `acid`.

use super::acid::Acid;
use super::bext::Bext;
use super::cue::{self, ADTL, Cue};
use super::fields::Fields;
use super::sampler::Sampler;
use super::text;
use crate::error::Result;
use crate::fourcc::FourCC;
use crate::riff::ByteOrder;

/// `bext`: the Broadcast Audio Extension chunk.
pub const BEXT: FourCC = FourCC::new(*b"bext");
/// `iXML`: production metadata as XML.
pub const IXML: FourCC = FourCC::new(*b"iXML");
/// `cue `: cue points.
pub const CUE: FourCC = FourCC::new(*b"cue ");
/// `smpl`: sampler data and loops.
pub const SMPL: FourCC = FourCC::new(*b"smpl");
/// `acid`: tempo and loop data.
pub const ACID: FourCC = FourCC::new(*b"acid");

/// The `LIST INFO` tags with a name: id and what it holds.
const INFO_NAMES: [(&[u8; 4], &str); 24] = [
    (b"INAM", "title"),
    (b"IART", "artist"),
    (b"IPRD", "product (album)"),
    (b"ITRK", "track number"),
    (b"ICRD", "creation date"),
    (b"IGNR", "genre"),
    (b"ICMT", "comment"),
    (b"ICOP", "copyright"),
    (b"ISFT", "software"),
    (b"IENG", "engineer"),
    (b"ITCH", "technician"),
    (b"IKEY", "keywords"),
    (b"ISBJ", "subject"),
    (b"ISRC", "source"),
    (b"ISRF", "source form"),
    (b"IMED", "medium"),
    (b"IARL", "archival location"),
    (b"ICMS", "commissioned by"),
    (b"ILNG", "language"),
    (b"IDIT", "digitization time"),
    (b"ISMP", "SMPTE time code"),
    (b"ICRP", "cropped"),
    (b"IDIM", "dimensions"),
    (b"IDPI", "dots per inch"),
];

/// A `LIST INFO` tag: a 4-character id (`INAM`, `IART`, ...) and its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InfoTag {
    /// The id.
    pub id: FourCC,
    /// The text (read as UTF-8, or Latin-1 when not UTF-8; written as UTF-8).
    pub text: String,
}

impl InfoTag {
    /// A tag.
    pub fn new(id: FourCC, text: &str) -> InfoTag {
        InfoTag { id, text: text.to_owned() }
    }

    /// What a known id holds: `INAM` "title", `IART` "artist", `ICMT` "comment", ...
    pub fn name(&self) -> Option<&'static str> {
        INFO_NAMES.iter().find(|(id, _)| FourCC::new(**id) == self.id).map(|&(_, name)| name)
    }
}

/// The metadata of a WAVE file. [`Reader::metadata`](super::Reader::metadata) reads it
/// (the first chunk of each kind; `LIST INFO` tags of every INFO list);
/// [`Writer::with_metadata`](super::Writer::with_metadata) writes it before the data.
///
/// ```
/// use winmmio::FourCC;
/// use winmmio::wav::{Bext, Cue, Metadata, Reader, WaveFormat, Writer};
/// let mut metadata = Metadata::default();
/// metadata.set_info(FourCC::new(*b"INAM"), "Morning birds");
/// metadata.bext = Some(Bext { originator: "mmio".into(), time_reference: 1_000, ..Bext::default() });
/// metadata.cues.push(Cue::at(1, 4_000, "first call"));
/// let file = winmmio::Mmio::memory(Vec::new(), 4096)?;
/// let mut writer = Writer::with_metadata(file, &WaveFormat::pcm(1, 8_000, 16), &metadata)?;
/// writer.write_samples(&[0i16; 8_000])?;
/// let reader = Reader::from_memory(writer.finish()?.into_memory()?)?;
/// assert_eq!(reader.metadata(), &metadata);
/// assert_eq!(reader.metadata().info(FourCC::new(*b"INAM")), Some("Morning birds"));
/// # Ok::<(), winmmio::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
#[non_exhaustive]
pub struct Metadata {
    /// `LIST INFO` tags, in file order.
    pub info: Vec<InfoTag>,
    /// `bext` (Broadcast WAVE).
    pub bext: Option<Bext>,
    /// `iXML`, as text.
    pub ixml: Option<String>,
    /// `cue ` points, with their `LIST adtl` labels.
    pub cues: Vec<Cue>,
    /// `smpl`.
    pub sampler: Option<Sampler>,
    /// `acid`.
    pub acid: Option<Acid>,
}

/// A metadata chunk to write: id, list type (for `LIST`), payload after the list type.
pub(crate) struct MetaChunk {
    pub(crate) id: FourCC,
    pub(crate) list: Option<FourCC>,
    pub(crate) payload: Vec<u8>,
}

/// The sub-chunks of a LIST payload (after its type): id and payload, as far as they
/// are whole.
fn sub_chunks(payload: &[u8], order: ByteOrder) -> impl Iterator<Item = (FourCC, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let header = payload.get(at..at.checked_add(8)?)?;
        let f = Fields::new(header, order);
        let size = f.u32(4) as usize;
        let body = payload.get(at + 8..(at + 8).checked_add(size)?)?;
        at = at + 8 + size + size % 2;
        Some((f.fourcc(0), body))
    })
}

/// A LIST's entries as one payload (headers, pad bytes).
fn list_payload(entries: &[(FourCC, Vec<u8>)], order: ByteOrder) -> Vec<u8> {
    let mut out = Vec::new();
    for (id, body) in entries {
        out.extend(super::encoder::chunk_bytes(*id, body.len() as u32, body, order));
    }
    out
}

impl Metadata {
    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        *self == Metadata::default()
    }

    /// The text of the first INFO tag with this id.
    pub fn info(&self, id: FourCC) -> Option<&str> {
        self.info.iter().find(|tag| tag.id == id).map(|tag| tag.text.as_str())
    }

    /// Sets the INFO tag with this id (replacing the first one, or adding it).
    pub fn set_info(&mut self, id: FourCC, text: &str) {
        match self.info.iter_mut().find(|tag| tag.id == id) {
            Some(tag) => tag.text = text.to_owned(),
            None => self.info.push(InfoTag::new(id, text)),
        }
    }

    /// Takes in one chunk of the form (`list` is a LIST's type, its payload after it),
    /// if it is metadata; the first of each kind counts. Labels are attached to cue
    /// points by [`attach_labels`](Self::attach_labels), once all chunks are in.
    pub(crate) fn read_chunk(&mut self, id: FourCC, list: Option<FourCC>, payload: &[u8], order: ByteOrder) {
        match (id, list) {
            (FourCC::LIST, Some(FourCC::INFO)) => {
                let tags = sub_chunks(payload, order).map(|(id, body)| InfoTag { id, text: text::decode(body) });
                self.info.extend(tags);
            }
            (BEXT, _) if self.bext.is_none() => self.bext = Some(Bext::parse(payload, order)),
            (IXML, _) if self.ixml.is_none() => self.ixml = Some(text::decode(payload)),
            (CUE, _) if self.cues.is_empty() => self.cues = cue::parse_points(payload, order),
            (SMPL, _) if self.sampler.is_none() => self.sampler = Some(Sampler::parse(payload, order)),
            (ACID, _) if self.acid.is_none() => self.acid = Some(Acid::parse(payload, order)),
            _ => {}
        }
    }

    /// Attaches the entries of a `LIST adtl` payload to the cue points.
    pub(crate) fn attach_labels(&mut self, adtl: &[u8], order: ByteOrder) {
        for (id, body) in sub_chunks(adtl, order) {
            cue::attach(&mut self.cues, id, body, order);
        }
    }

    /// The chunks to write, in order: `bext`, `iXML`, `LIST INFO`, `cue `, `LIST adtl`,
    /// `smpl`, `acid`. `MMSYSERR_INVALPARAM` for a `bext` text longer than its field.
    pub(crate) fn chunks(&self, order: ByteOrder) -> Result<Vec<MetaChunk>> {
        let mut out = Vec::new();
        let mut push = |id, list, payload| out.push(MetaChunk { id, list, payload });
        if let Some(bext) = &self.bext {
            push(BEXT, None, bext.to_bytes(order)?);
        }
        if let Some(ixml) = &self.ixml {
            push(IXML, None, ixml.as_bytes().to_vec());
        }
        if !self.info.is_empty() {
            let entries: Vec<_> = self.info.iter().map(|tag| (tag.id, text::terminated(&tag.text))).collect();
            push(FourCC::LIST, Some(FourCC::INFO), list_payload(&entries, order));
        }
        if !self.cues.is_empty() {
            push(CUE, None, cue::points_bytes(&self.cues, order));
            let labels = cue::label_entries(&self.cues, order);
            if !labels.is_empty() {
                push(FourCC::LIST, Some(ADTL), list_payload(&labels, order));
            }
        }
        if let Some(sampler) = &self.sampler {
            push(SMPL, None, sampler.to_bytes(order));
        }
        if let Some(acid) = &self.acid {
            push(ACID, None, acid.to_bytes(order));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wav::{LabeledText, SampleLoop};

    fn full() -> Metadata {
        let mut cue = Cue::at(7, 100, "verse");
        cue.note = Some("a note".into());
        cue.texts.push(LabeledText {
            sample_length: 50,
            purpose: FourCC::new(*b"rgn "),
            country: 1,
            language: 9,
            text: "region".into(),
            ..LabeledText::default()
        });
        Metadata {
            info: vec![InfoTag::new(FourCC::new(*b"INAM"), "Tïtle"), InfoTag::new(FourCC::new(*b"ICMT"), "odd")],
            bext: Some(Bext { description: "desc".into(), coding_history: "A=PCM\r\n".into(), ..Bext::default() }),
            ixml: Some("<BWFXML/>".into()),
            cues: vec![cue, Cue::at(8, 200, "chorus")],
            sampler: Some(Sampler {
                midi_unity_note: 60,
                loops: vec![SampleLoop { id: 8, start: 200, end: 299, ..SampleLoop::default() }],
                sampler_data: vec![1, 2, 3],
                ..Sampler::default()
            }),
            acid: Some(Acid { flags: Acid::ROOT_NOTE, root_note: 60, beats: 4, tempo: 120.0, ..Acid::default() }),
        }
    }

    /// Writes the chunks and reads them back as a reader does (cue before adtl or
    /// after, whatever the order).
    fn round_trip(metadata: &Metadata, order: ByteOrder, reverse: bool) -> Metadata {
        let mut chunks = metadata.chunks(order).unwrap();
        if reverse {
            chunks.reverse();
        }
        let mut back = Metadata::default();
        let mut adtl = Vec::new();
        for chunk in &chunks {
            if chunk.list == Some(ADTL) {
                adtl.push(chunk.payload.clone());
            }
            back.read_chunk(chunk.id, chunk.list, &chunk.payload, order);
        }
        for labels in adtl {
            back.attach_labels(&labels, order);
        }
        back
    }

    #[test]
    fn every_kind_round_trips_in_both_orders() {
        let metadata = full();
        for order in [ByteOrder::Little, ByteOrder::Big] {
            for reverse in [false, true] {
                assert_eq!(round_trip(&metadata, order, reverse), metadata, "{order:?} {reverse}");
            }
        }
        assert_eq!(metadata.info[0].name(), Some("title"));
        assert_eq!(InfoTag::new(FourCC::new(*b"IXYZ"), "").name(), None);
        assert!(Metadata::default().is_empty() && !metadata.is_empty());
    }

    #[test]
    fn damaged_chunks_read_as_far_as_they_go() {
        let metadata = full();
        let chunks = metadata.chunks(ByteOrder::Little).unwrap();
        let info = &chunks.iter().find(|c| c.list == Some(FourCC::INFO)).unwrap().payload;
        let mut cut = Metadata::default();
        // The second tag's header claims more than there is: only the first is read.
        cut.read_chunk(FourCC::LIST, Some(FourCC::INFO), &info[..info.len() - 2], ByteOrder::Little);
        assert_eq!(cut.info, metadata.info[..1]);
        // A cue chunk declaring 1000 points holding 2, labels for unknown ids.
        let mut points = cue::points_bytes(&metadata.cues, ByteOrder::Little);
        points[..4].copy_from_slice(&1000u32.to_le_bytes());
        cut.read_chunk(CUE, None, &points, ByteOrder::Little);
        assert_eq!(cut.cues.len(), 2);
        cut.attach_labels(b"labl\x08\0\0\0\x63\0\0\0abc\0", ByteOrder::Little);
        assert!(cut.cues.iter().all(|c| c.label.is_none()));
        // smpl claiming 5 loops and 100 bytes of data in a 40-byte chunk.
        let mut smpl = Sampler::default().to_bytes(ByteOrder::Little);
        smpl[28..36].copy_from_slice(&[5, 0, 0, 0, 100, 0, 0, 0]);
        smpl.extend_from_slice(&[9; 4]);
        let sampler = Sampler::parse(&smpl, ByteOrder::Little);
        assert_eq!((sampler.loops.len(), sampler.sampler_data), (0, vec![9; 4]));
        // Short or empty chunks of every kind: defaults, no panic.
        for id in [BEXT, IXML, CUE, SMPL, ACID] {
            let mut m = Metadata::default();
            m.read_chunk(id, None, &[], ByteOrder::Little);
            m.read_chunk(FourCC::LIST, Some(FourCC::INFO), b"INAM", ByteOrder::Little);
            m.attach_labels(b"ltxt\x02\0\0\0\x01\0", ByteOrder::Little);
        }
    }
}
