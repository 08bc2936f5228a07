//! [`Sample`]: the types samples are read as and written from (`i16`, `i32`, `f32`),
//! and [`Codec`]: the sample encodings of a WAVE file, decoded and encoded a buffer at
//! a time.
//!
//! Every conversion is by full scale: an integer sample is the top bits of a 32-bit
//! value (16-bit `x` is `x << 16`, 24-bit `x` is `x << 8`, 8-bit unsigned `u` is
//! `(u - 128) << 24`); a float sample is that value over 2^31, nominally in
//! `[-1.0, 1.0)`. Narrowing keeps the top bits; floats are rounded and clamped.

use super::format::{SampleFormat, WaveFormat};
use crate::riff::ByteOrder;

mod sealed {
    pub trait Sealed {}
    impl Sealed for i16 {}
    impl Sealed for i32 {}
    impl Sealed for f32 {}
}

/// A type samples are read as and written from: `i16`, `i32` or `f32`. Conversions are
/// by full scale: an integer sample is the top bits of a 32-bit value, a float sample
/// that value over 2^31 (nominally in `[-1.0, 1.0)`).
///
/// | file's samples | as `i16` | as `i32` | as `f32` |
/// |---|---|---|---|
/// | 8-bit unsigned `u` | `(u - 128) << 8` | `(u - 128) << 24` | `(u - 128) / 128` |
/// | 16-bit `x` | `x` | `x << 16` | `x / 32768` |
/// | 24-bit `x` | `x >> 8` | `x << 8` | `x / 2^23` |
/// | 32-bit `x` | `x >> 16` | `x` | `x / 2^31` |
/// | float `f` | `f * 32768`, rounded, clamped | `f * 2^31`, rounded, clamped | `f` |
/// | A-law, mu-law | G.711's 16-bit value | that `<< 16` | that `/ 32768` |
///
/// Written, the conversions go the other way: an `i16` into a 24-bit file is `x << 8`,
/// an `i32` into a 16-bit one keeps its top 16 bits, an `f32` into an integer file is
/// rounded and clamped; integers into a float file are divided by full scale. Floats
/// round to the nearest integer, ties to even (as `lrint` does); NaN becomes 0.
pub trait Sample: Copy + Default + sealed::Sealed + 'static {
    /// From a 16-bit integer sample.
    fn from_i16(value: i16) -> Self;
    /// From a full-scale 32-bit integer sample.
    fn from_i32(value: i32) -> Self;
    /// From a 32-bit float sample.
    fn from_f32(value: f32) -> Self;
    /// From a 64-bit float sample.
    fn from_f64(value: f64) -> Self;
    /// To a signed integer sample of `bits` bits (1 to 32): integers keep their top
    /// bits, floats are rounded and clamped.
    fn to_int(self, bits: u32) -> i32;
    /// To a 32-bit float sample.
    fn to_f32(self) -> f32;
    /// To a 64-bit float sample.
    fn to_f64(self) -> f64;
}

/// `value * scale` as an integer: clamped to `[-scale, scale - 1]`, then rounded to
/// the nearest (ties to even) by adding and taking away 1.5 * 2^52, which leaves no
/// fraction bits (no call to a rounding function). NaN is 0.
#[inline(always)]
fn scaled(value: f64, scale: f64) -> i32 {
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let clamped = (value * scale).clamp(-scale, scale - 1.0);
    ((clamped + ROUND) - ROUND) as i32
}

/// A float sample as a signed integer of `bits` bits, rounded and clamped (NaN is 0).
#[inline(always)]
fn float_to_int(value: f64, bits: u32) -> i32 {
    scaled(value, (1u64 << (bits - 1)) as f64)
}

impl Sample for i16 {
    #[inline(always)]
    fn from_i16(value: i16) -> i16 {
        value
    }
    #[inline(always)]
    fn from_i32(value: i32) -> i16 {
        (value >> 16) as i16
    }
    #[inline(always)]
    fn from_f32(value: f32) -> i16 {
        scaled(f64::from(value), 32_768.0) as i16
    }
    #[inline(always)]
    fn from_f64(value: f64) -> i16 {
        scaled(value, 32_768.0) as i16
    }
    #[inline(always)]
    fn to_int(self, bits: u32) -> i32 {
        let value = i32::from(self);
        if bits >= 16 { value << (bits - 16) } else { value >> (16 - bits) }
    }
    #[inline(always)]
    fn to_f32(self) -> f32 {
        f32::from(self) * (1.0 / 32_768.0)
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self) * (1.0 / 32_768.0)
    }
}

impl Sample for i32 {
    #[inline(always)]
    fn from_i16(value: i16) -> i32 {
        i32::from(value) << 16
    }
    #[inline(always)]
    fn from_i32(value: i32) -> i32 {
        value
    }
    #[inline(always)]
    fn from_f32(value: f32) -> i32 {
        scaled(f64::from(value), 2_147_483_648.0)
    }
    #[inline(always)]
    fn from_f64(value: f64) -> i32 {
        scaled(value, 2_147_483_648.0)
    }
    #[inline(always)]
    fn to_int(self, bits: u32) -> i32 {
        self >> (32 - bits)
    }
    #[inline(always)]
    fn to_f32(self) -> f32 {
        self as f32 * (1.0 / 2_147_483_648.0)
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self) * (1.0 / 2_147_483_648.0)
    }
}

impl Sample for f32 {
    #[inline(always)]
    fn from_i16(value: i16) -> f32 {
        f32::from(value) * (1.0 / 32_768.0)
    }
    #[inline(always)]
    fn from_i32(value: i32) -> f32 {
        value as f32 * (1.0 / 2_147_483_648.0)
    }
    #[inline(always)]
    fn from_f32(value: f32) -> f32 {
        value
    }
    #[inline(always)]
    fn from_f64(value: f64) -> f32 {
        value as f32
    }
    #[inline(always)]
    fn to_int(self, bits: u32) -> i32 {
        float_to_int(f64::from(self), bits)
    }
    #[inline(always)]
    fn to_f32(self) -> f32 {
        self
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// G.711 A-law to 16-bit linear (ITU-T G.711, as its reference decoder expands it).
const fn alaw_to_linear(code: u8) -> i16 {
    let a = code ^ 0x55;
    let mut t = ((a & 0x0F) as i16) << 4;
    let segment = (a & 0x70) >> 4;
    match segment {
        0 => t += 8,
        1 => t += 0x108,
        _ => {
            t += 0x108;
            t <<= segment - 1;
        }
    }
    if a & 0x80 != 0 { t } else { -t }
}

/// G.711 mu-law to 16-bit linear.
const fn mulaw_to_linear(code: u8) -> i16 {
    const BIAS: i16 = 0x84;
    let u = !code;
    let t = ((((u & 0x0F) as i16) << 3) + BIAS) << ((u & 0x70) >> 4);
    if u & 0x80 != 0 { BIAS - t } else { t - BIAS }
}

/// The 256 expansions of A-law (`alaw`) or mu-law codes.
const fn table(alaw: bool) -> [i16; 256] {
    let mut out = [0; 256];
    let mut i = 0;
    while i < 256 {
        out[i] = if alaw { alaw_to_linear(i as u8) } else { mulaw_to_linear(i as u8) };
        i += 1;
    }
    out
}

/// A-law codes expanded.
static ALAW: [i16; 256] = table(true);
/// Mu-law codes expanded.
static MULAW: [i16; 256] = table(false);

/// Writes each element of `src`, converted, as a `W`-byte group of `dst`.
#[inline(always)]
fn each_out<S: Sample, const W: usize>(src: &[S], dst: &mut [u8], convert: impl Fn(S) -> [u8; W]) {
    for (d, s) in dst.as_chunks_mut::<W>().0.iter_mut().zip(src) {
        *d = convert(*s);
    }
}

/// Converts each `W`-byte group of `src` into the matching element of `dst`.
#[inline(always)]
fn each<S: Sample, const W: usize>(src: &[u8], dst: &mut [S], convert: impl Fn([u8; W]) -> S) {
    for (d, s) in dst.iter_mut().zip(src.as_chunks::<W>().0) {
        *d = convert(*s);
    }
}

/// A sample encoding that can be decoded sample by sample, with its container width
/// and byte order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Codec {
    /// 8-bit unsigned.
    U8,
    /// 16-bit two's complement.
    I16(ByteOrder),
    /// 24-bit two's complement.
    I24(ByteOrder),
    /// 32-bit two's complement.
    I32(ByteOrder),
    /// IEEE single.
    F32(ByteOrder),
    /// IEEE double.
    F64(ByteOrder),
    /// G.711 A-law.
    ALaw,
    /// G.711 mu-law.
    MuLaw,
}

impl Codec {
    /// The codec of a format's samples, when they can be decoded: a sample format whose
    /// block align is the channels' whole containers.
    pub(crate) fn of(format: &WaveFormat) -> Option<Codec> {
        let order = format.order;
        let bytes = format.bits_per_sample.div_ceil(8);
        if format.channels == 0 || u64::from(format.block_align) != u64::from(format.channels) * u64::from(bytes) {
            return None;
        }
        Some(match (format.sample_format()?, bytes) {
            (SampleFormat::Int, 1) => Codec::U8,
            (SampleFormat::Int, 2) => Codec::I16(order),
            (SampleFormat::Int, 3) => Codec::I24(order),
            (SampleFormat::Int, 4) => Codec::I32(order),
            (SampleFormat::Float, 4) if format.bits_per_sample == 32 => Codec::F32(order),
            (SampleFormat::Float, 8) if format.bits_per_sample == 64 => Codec::F64(order),
            (SampleFormat::ALaw, 1) => Codec::ALaw,
            (SampleFormat::MuLaw, 1) => Codec::MuLaw,
            _ => return None,
        })
    }

    /// True for the codecs [`encode`](Self::encode) writes (all but A-law and mu-law).
    pub(crate) fn can_encode(self) -> bool {
        !matches!(self, Codec::ALaw | Codec::MuLaw)
    }

    /// The bytes of one sample.
    pub(crate) fn width(self) -> usize {
        match self {
            Codec::U8 | Codec::ALaw | Codec::MuLaw => 1,
            Codec::I16(_) => 2,
            Codec::I24(_) => 3,
            Codec::I32(_) | Codec::F32(_) => 4,
            Codec::F64(_) => 8,
        }
    }

    /// Decodes `dst.len()` samples from the start of `src` (which holds at least
    /// `dst.len() * width` bytes).
    pub(crate) fn decode<S: Sample>(self, src: &[u8], dst: &mut [S]) {
        use ByteOrder::{Big, Little};
        match self {
            Codec::U8 => each(src, dst, |[b]: [u8; 1]| S::from_i16((i16::from(b) - 128) << 8)),
            Codec::ALaw => each(src, dst, |[b]: [u8; 1]| S::from_i16(ALAW[usize::from(b)])),
            Codec::MuLaw => each(src, dst, |[b]: [u8; 1]| S::from_i16(MULAW[usize::from(b)])),
            Codec::I16(Little) => each(src, dst, |b| S::from_i16(i16::from_le_bytes(b))),
            Codec::I16(Big) => each(src, dst, |b| S::from_i16(i16::from_be_bytes(b))),
            Codec::I24(Little) => each(src, dst, |[a, b, c]| S::from_i32(i32::from_le_bytes([0, a, b, c]))),
            Codec::I24(Big) => each(src, dst, |[a, b, c]| S::from_i32(i32::from_be_bytes([a, b, c, 0]))),
            Codec::I32(Little) => each(src, dst, |b| S::from_i32(i32::from_le_bytes(b))),
            Codec::I32(Big) => each(src, dst, |b| S::from_i32(i32::from_be_bytes(b))),
            Codec::F32(Little) => each(src, dst, |b| S::from_f32(f32::from_le_bytes(b))),
            Codec::F32(Big) => each(src, dst, |b| S::from_f32(f32::from_be_bytes(b))),
            Codec::F64(Little) => each(src, dst, |b| S::from_f64(f64::from_le_bytes(b))),
            Codec::F64(Big) => each(src, dst, |b| S::from_f64(f64::from_be_bytes(b))),
        }
    }

    /// Encodes `src` into `dst` (`src.len() * width` bytes), integers with `valid`
    /// significant bits (1 to the container's; the rest are zero). A-law and mu-law
    /// are not encoded ([`can_encode`](Self::can_encode)): `dst` is left as it is.
    pub(crate) fn encode<S: Sample>(self, src: &[S], valid: u32, dst: &mut [u8]) {
        if valid >= 8 * self.width() as u32 {
            // The usual case, apart so that a constant shift lets it vectorize.
            self.encode_with(src, dst, |s, container| s.to_int(container));
        } else {
            self.encode_with(src, dst, |s, container| s.to_int(valid) << (container - valid));
        }
    }

    /// [`encode`](Self::encode) with `int` giving a sample as an integer of the
    /// container's bits.
    #[inline(always)]
    fn encode_with<S: Sample>(self, src: &[S], dst: &mut [u8], int: impl Fn(S, u32) -> i32) {
        use ByteOrder::{Big, Little};
        match self {
            Codec::U8 => each_out(src, dst, |s| [(int(s, 8) + 128) as u8]),
            Codec::I16(Little) => each_out(src, dst, |s| (int(s, 16) as i16).to_le_bytes()),
            Codec::I16(Big) => each_out(src, dst, |s| (int(s, 16) as i16).to_be_bytes()),
            Codec::I24(Little) => each_out(src, dst, |s| {
                let [a, b, c, _] = int(s, 24).to_le_bytes();
                [a, b, c]
            }),
            Codec::I24(Big) => each_out(src, dst, |s| {
                let [_, a, b, c] = int(s, 24).to_be_bytes();
                [a, b, c]
            }),
            Codec::I32(Little) => each_out(src, dst, |s| int(s, 32).to_le_bytes()),
            Codec::I32(Big) => each_out(src, dst, |s| int(s, 32).to_be_bytes()),
            Codec::F32(Little) => each_out(src, dst, |s| s.to_f32().to_le_bytes()),
            Codec::F32(Big) => each_out(src, dst, |s| s.to_f32().to_be_bytes()),
            Codec::F64(Little) => each_out(src, dst, |s| s.to_f64().to_le_bytes()),
            Codec::F64(Big) => each_out(src, dst, |s| s.to_f64().to_be_bytes()),
            Codec::ALaw | Codec::MuLaw => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g711_reference_values() {
        // Known expansions (ITU-T G.711 tables): the codes of silence and of full scale.
        assert_eq!((ALAW[0xD5], ALAW[0x55], ALAW[0xAA], ALAW[0x2A]), (8, -8, 32_256, -32_256));
        assert_eq!((MULAW[0xFF], MULAW[0x7F], MULAW[0x80], MULAW[0x00]), (0, 0, 32_124, -32_124));
        // Both are odd functions of the sign bit.
        for code in 0..128u8 {
            assert_eq!(ALAW[usize::from(code)], -ALAW[usize::from(code | 0x80)]);
            assert_eq!(MULAW[usize::from(code)], -MULAW[usize::from(code | 0x80)]);
        }
    }

    #[test]
    fn full_scale_conversions() {
        let decode_one = |codec: Codec, bytes: &[u8]| {
            let (mut a, mut b, mut c) = ([0i16], [0i32], [0f32]);
            codec.decode(bytes, &mut a);
            codec.decode(bytes, &mut b);
            codec.decode(bytes, &mut c);
            (a[0], b[0], c[0])
        };
        assert_eq!(decode_one(Codec::U8, &[0]), (-32_768, i32::MIN, -1.0));
        assert_eq!(decode_one(Codec::U8, &[0xC0]), (0x4000, 0x4000_0000, 0.5));
        assert_eq!(decode_one(Codec::I16(ByteOrder::Little), &[0x00, 0xC0]), (-0x4000, -0x4000_0000, -0.5));
        assert_eq!(decode_one(Codec::I16(ByteOrder::Big), &[0x40, 0x00]), (0x4000, 0x4000_0000, 0.5));
        assert_eq!(decode_one(Codec::I24(ByteOrder::Little), &[0x01, 0x00, 0x40]), (0x4000, 0x4000_0100, 0.500_000_1));
        assert_eq!(decode_one(Codec::I24(ByteOrder::Big), &[0xFF, 0xFF, 0xFF]), (-1, -256, -256.0 / 2_147_483_648.0));
        assert_eq!(decode_one(Codec::I32(ByteOrder::Big), &[0x7F, 0xFF, 0xFF, 0xFF]), (32_767, i32::MAX, 1.0));
        assert_eq!(decode_one(Codec::F32(ByteOrder::Little), &0.25f32.to_le_bytes()), (8192, 0x2000_0000, 0.25));
        assert_eq!(decode_one(Codec::F32(ByteOrder::Big), &2.0f32.to_be_bytes()), (i16::MAX, i32::MAX, 2.0));
        assert_eq!(decode_one(Codec::F64(ByteOrder::Big), &(-4.0f64).to_be_bytes()), (i16::MIN, i32::MIN, -4.0));
        assert_eq!(decode_one(Codec::F64(ByteOrder::Little), &f64::NAN.to_le_bytes()).0, 0);
        assert_eq!(decode_one(Codec::ALaw, &[0xAA]), (32_256, 32_256 << 16, 32_256.0 / 32_768.0));
        assert_eq!(decode_one(Codec::MuLaw, &[0x00]).0, -32_124);
    }

    #[test]
    fn floats_round_to_nearest_even_and_clamp() {
        let to16 = |f: f32| i16::from_f32(f / 32_768.0);
        assert_eq!([to16(0.5), to16(1.5), to16(2.5), to16(-0.5), to16(-1.5), to16(2.4999)], [0, 2, 2, 0, -2, 2]);
        assert_eq!(
            [to16(40_000.0), to16(-40_000.0), to16(f32::NAN), to16(f32::INFINITY)],
            [32_767, -32_768, 0, 32_767]
        );
        assert_eq!(i32::from_f64(1.0), i32::MAX);
        assert_eq!(i32::from_f64(-1e300), i32::MIN);
        assert_eq!(1.0f32.to_int(24), (1 << 23) - 1);
        assert_eq!((-1.0f32).to_int(8), -128);
        assert_eq!(f32::NAN.to_int(32), 0);
    }

    #[test]
    fn codecs_of_formats() {
        let order = ByteOrder::Big;
        let mut pcm = WaveFormat::pcm(2, 8_000, 24);
        pcm.order = order;
        assert_eq!(Codec::of(&pcm), Some(Codec::I24(order)));
        pcm.block_align = 8;
        assert_eq!(Codec::of(&pcm), None);
        assert_eq!(Codec::of(&WaveFormat::pcm(1, 8_000, 12)), Some(Codec::I16(ByteOrder::Little)));
        assert_eq!(Codec::of(&WaveFormat::pcm(1, 8_000, 40)), None);
        assert_eq!(Codec::of(&WaveFormat::float(1, 8_000, 64)), Some(Codec::F64(ByteOrder::Little)));
        assert_eq!(Codec::of(&WaveFormat::float(1, 8_000, 24)), None);
        assert_eq!(Codec::of(&WaveFormat::mulaw(1, 8_000)).map(Codec::width), Some(1));
        assert_eq!(Codec::of(&WaveFormat::pcm(0, 8_000, 16)), None);
    }
}
