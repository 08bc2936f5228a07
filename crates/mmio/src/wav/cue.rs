//! [`Cue`]: the `cue ` chunk's points with their `LIST adtl` labels (`labl`, `note`,
//! `ltxt`).

use super::fields::{Fields, Put, padded};
use super::text;
use crate::fourcc::FourCC;
use crate::riff::ByteOrder;

/// The bytes of one cue point.
const POINT: usize = 24;
/// The bytes of `ltxt` before its text.
const LTXT_FIXED: usize = 20;

/// `labl`: a cue point's label.
pub const LABL: FourCC = FourCC::new(*b"labl");
/// `note`: a cue point's comment.
pub const NOTE: FourCC = FourCC::new(*b"note");
/// `ltxt`: text for a region starting at a cue point.
pub const LTXT: FourCC = FourCC::new(*b"ltxt");
/// `adtl`: the list type of cue labels.
pub const ADTL: FourCC = FourCC::new(*b"adtl");

/// An `ltxt` entry: a region of `sample_length` samples from its cue point, with a
/// purpose and text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct LabeledText {
    /// The region's length in samples.
    pub sample_length: u32,
    /// What the region is (`rgn ` for a region, for example).
    pub purpose: FourCC,
    /// Country code.
    pub country: u16,
    /// Language code.
    pub language: u16,
    /// Dialect code.
    pub dialect: u16,
    /// Code page of the text.
    pub code_page: u16,
    /// The text.
    pub text: String,
}

/// A cue point (`cue `) and its labels (`LIST adtl`).
///
/// For a plain WAVE file, `position` and `sample_offset` are the same sample frame,
/// `data_chunk` is `data` and the two offsets are 0.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cue {
    /// `dwName`: the point's unique id, which its labels name.
    pub id: u32,
    /// `dwPosition`: the sample frame in play order.
    pub position: u32,
    /// `fccChunk`: the chunk holding it (`data`).
    pub data_chunk: FourCC,
    /// `dwChunkStart`: that chunk's offset in a wave list (0 otherwise).
    pub chunk_start: u32,
    /// `dwBlockStart`: the offset of the block holding it (0 for PCM).
    pub block_start: u32,
    /// `dwSampleOffset`: the sample frame in the chunk.
    pub sample_offset: u32,
    /// `labl`: the label.
    pub label: Option<String>,
    /// `note`: a comment.
    pub note: Option<String>,
    /// `ltxt`: regions starting here.
    pub texts: Vec<LabeledText>,
}

impl Cue {
    /// A cue point at a sample frame of the data, with this label.
    pub fn at(id: u32, frame: u32, label: &str) -> Cue {
        Cue {
            id,
            position: frame,
            data_chunk: FourCC::DATA,
            chunk_start: 0,
            block_start: 0,
            sample_offset: frame,
            label: Some(label.to_owned()),
            note: None,
            texts: Vec::new(),
        }
    }
}

/// Decodes a `cue ` payload: as many points as it holds, at most the count it declares.
pub(crate) fn parse_points(payload: &[u8], order: ByteOrder) -> Vec<Cue> {
    let bytes = padded(payload, 4);
    let declared = Fields::new(&bytes, order).u32(0) as usize;
    let present = (bytes.len() - 4) / POINT;
    (0..declared.min(present))
        .map(|i| {
            let f = Fields::new(&bytes[4 + i * POINT..4 + (i + 1) * POINT], order);
            Cue {
                id: f.u32(0),
                position: f.u32(4),
                data_chunk: f.fourcc(8),
                chunk_start: f.u32(12),
                block_start: f.u32(16),
                sample_offset: f.u32(20),
                label: None,
                note: None,
                texts: Vec::new(),
            }
        })
        .collect()
}

/// Attaches a `labl`, `note` or `ltxt` entry of a `LIST adtl` to the cue it names.
/// Entries of points the `cue ` chunk does not have are left out.
pub(crate) fn attach(cues: &mut [Cue], id: FourCC, payload: &[u8], order: ByteOrder) {
    let bytes = padded(payload, 4);
    let f = Fields::new(&bytes, order);
    let Some(cue) = cues.iter_mut().find(|cue| cue.id == f.u32(0)) else { return };
    match id {
        LABL => cue.label = Some(text::decode(&bytes[4..])),
        NOTE => cue.note = Some(text::decode(&bytes[4..])),
        LTXT => {
            let bytes = padded(payload, LTXT_FIXED);
            let f = Fields::new(&bytes, order);
            cue.texts.push(LabeledText {
                sample_length: f.u32(4),
                purpose: f.fourcc(8),
                country: f.u16(12),
                language: f.u16(14),
                dialect: f.u16(16),
                code_page: f.u16(18),
                text: text::decode(&bytes[LTXT_FIXED..]),
            });
        }
        _ => {}
    }
}

/// The `cue ` payload of these points.
pub(crate) fn points_bytes(cues: &[Cue], order: ByteOrder) -> Vec<u8> {
    let mut put = Put::new(order);
    put.u32(cues.len() as u32);
    for cue in cues {
        put.u32(cue.id)
            .u32(cue.position)
            .fourcc(cue.data_chunk)
            .u32(cue.chunk_start)
            .u32(cue.block_start)
            .u32(cue.sample_offset);
    }
    put.bytes
}

/// The entries of the `LIST adtl` of these points: (id, payload) in order.
pub(crate) fn label_entries(cues: &[Cue], order: ByteOrder) -> Vec<(FourCC, Vec<u8>)> {
    let mut out = Vec::new();
    for cue in cues {
        let id = order.write_u32(cue.id);
        for (kind, label) in [(LABL, &cue.label), (NOTE, &cue.note)] {
            if let Some(label) = label {
                out.push((kind, [&id[..], &text::terminated(label)].concat()));
            }
        }
        for ltxt in &cue.texts {
            let mut put = Put::new(order);
            put.u32(cue.id)
                .u32(ltxt.sample_length)
                .fourcc(ltxt.purpose)
                .u16(ltxt.country)
                .u16(ltxt.language)
                .u16(ltxt.dialect)
                .u16(ltxt.code_page)
                .raw(&text::terminated(&ltxt.text));
            out.push((LTXT, put.bytes));
        }
    }
    out
}
