//! WebP forms: the image chunks (`VP8 `, `VP8L`, `VP8X`), alpha and animation, in
//! words and as JSON. WebP fields are little-endian whatever the form.

use winmmio::FourCC;

use crate::json::Json;

/// `VP8 `: a lossy image.
pub const VP8: FourCC = FourCC::new(*b"VP8 ");
/// `VP8L`: a lossless image.
pub const VP8L: FourCC = FourCC::new(*b"VP8L");
/// `VP8X`: the extended header.
pub const VP8X: FourCC = FourCC::new(*b"VP8X");
/// `ALPH`: the alpha plane of a lossy image.
pub const ALPH: FourCC = FourCC::new(*b"ALPH");
/// `ANMF`: one frame of an animation.
pub const ANMF: FourCC = FourCC::new(*b"ANMF");

/// What a WebP form holds that `info` explains.
#[derive(Default)]
pub struct Webp {
    /// The image chunks right in the form, with their first bytes.
    pub images: Vec<(FourCC, Vec<u8>)>,
    /// `ANMF` chunks.
    pub frames: u64,
    /// The bitstream id of the first frame (`VP8 ` or `VP8L`, after `ALPH` if any).
    pub first_frame_image: Option<FourCC>,
    /// An `ALPH` chunk is there (or in the first frame).
    pub alpha_chunk: bool,
}

/// What one image chunk says.
enum Image {
    /// A VP8 key frame of this size, or `None` without a key frame header.
    Lossy(Option<(u32, u32)>),
    /// A VP8L image: size and the alpha hint, or `None` without its signature.
    Lossless(Option<(u32, u32, bool)>),
    /// The VP8X canvas and flags, or `None` when too short.
    Extended(Option<(u32, u32, u8)>),
}

/// The VP8X flags, with names.
const VP8X_FLAGS: [(u8, &str); 5] =
    [(0x20, "ICC profile"), (0x10, "alpha"), (0x08, "EXIF"), (0x04, "XMP"), (0x02, "animation")];

impl Image {
    fn read(id: FourCC, b: &[u8]) -> Image {
        let u16_at = |at: usize| b.get(at..at + 2).map(|f| u16::from_le_bytes([f[0], f[1]]));
        match id {
            VP8 => Image::Lossy(match (b.get(3..6), u16_at(6), u16_at(8)) {
                (Some([0x9d, 0x01, 0x2a]), Some(w), Some(h)) => Some((u32::from(w & 0x3fff), u32::from(h & 0x3fff))),
                _ => None,
            }),
            VP8L => Image::Lossless(match (b.first(), b.get(1..5)) {
                (Some(0x2f), Some(f)) => {
                    let bits = u32::from_le_bytes([f[0], f[1], f[2], f[3]]);
                    Some(((bits & 0x3fff) + 1, (bits >> 14 & 0x3fff) + 1, bits >> 28 & 1 == 1))
                }
                _ => None,
            }),
            _ => Image::Extended(b.get(..10).map(|f| {
                let width = u32::from_le_bytes([f[4], f[5], f[6], 0]) + 1;
                let height = u32::from_le_bytes([f[7], f[8], f[9], 0]) + 1;
                (width, height, f[0])
            })),
        }
    }

    fn text(&self) -> String {
        match self {
            Image::Lossy(Some((w, h))) => format!("lossy (VP8), {w}x{h}"),
            Image::Lossy(None) => "lossy (VP8), no key frame header".into(),
            Image::Lossless(Some((w, h, alpha))) => {
                format!("lossless (VP8L), {w}x{h}{}", if *alpha { ", alpha" } else { "" })
            }
            Image::Lossless(None) => "lossless (VP8L), bad signature".into(),
            Image::Extended(None) => "extended (VP8X), too short".into(),
            Image::Extended(Some((w, h, flags))) => {
                let set: Vec<&str> =
                    VP8X_FLAGS.iter().filter(|(bit, _)| flags & bit != 0).map(|(_, name)| *name).collect();
                let set = if set.is_empty() { String::new() } else { format!(" ({})", set.join(", ")) };
                format!("extended (VP8X), canvas {w}x{h}{set}")
            }
        }
    }
}

impl Webp {
    fn images(&self) -> impl Iterator<Item = Image> + '_ {
        self.images.iter().map(|(id, bytes)| Image::read(*id, bytes))
    }

    /// The text lines (each indented, with a newline).
    pub fn write_text(&self, out: &mut String) {
        for image in self.images() {
            out.push_str(&format!("  image:    {}\n", image.text()));
        }
        if self.frames > 0 {
            out.push_str(&format!("  frames:   {}\n", self.frames));
        }
    }

    /// The `webp` object: `width`, `height`, `kind` (`lossy`, `lossless`), `alpha`,
    /// `animated`, `frames`.
    pub fn write_json(&self, json: &mut Json) {
        let (mut size, mut kind, mut alpha, mut animated) = (None, None, self.alpha_chunk, false);
        for image in self.images() {
            match image {
                Image::Extended(Some((w, h, flags))) => {
                    size = Some((w, h));
                    alpha |= flags & 0x10 != 0;
                    animated |= flags & 0x02 != 0;
                }
                Image::Lossy(found) => {
                    kind = kind.or(Some("lossy"));
                    size = size.or(found);
                }
                Image::Lossless(found) => {
                    kind = kind.or(Some("lossless"));
                    size = size.or(found.map(|(w, h, _)| (w, h)));
                    alpha |= found.is_some_and(|(_, _, a)| a);
                }
                Image::Extended(None) => {}
            }
        }
        kind = kind.or(match self.first_frame_image {
            Some(VP8) => Some("lossy"),
            Some(VP8L) => Some("lossless"),
            _ => None,
        });
        json.begin_object();
        if let Some((w, h)) = size {
            json.key("width").u64(w.into());
            json.key("height").u64(h.into());
        }
        if let Some(kind) = kind {
            json.key("kind").str(kind);
        }
        json.key("alpha").bool(alpha);
        json.key("animated").bool(animated);
        json.key("frames").u64(if animated || self.frames > 0 { self.frames } else { 1 });
        json.end_object();
    }
}

/// The bitstream of the first image in an `ANMF` frame's bytes (after its 16-byte
/// header: `ALPH` then `VP8 `, or `VP8 ` or `VP8L`), and whether an `ALPH` comes first.
pub fn frame_image(anmf: &[u8]) -> (Option<FourCC>, bool) {
    let id_at = |at: usize| anmf.get(at..at + 4).map(|b| FourCC::new([b[0], b[1], b[2], b[3]]));
    match id_at(16) {
        Some(ALPH) => {
            let size = anmf.get(20..24).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
            let next = 24usize.saturating_add(size).saturating_add(size % 2);
            (id_at(next), true)
        }
        first => (first, false),
    }
}
