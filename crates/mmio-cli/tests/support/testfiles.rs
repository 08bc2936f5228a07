//! The test files: well-formed WAVE (PCM, float, EXTENSIBLE, ADPCM), AVI, WebP and ANI
//! forms, and every kind of damage the contract names. Each is built byte by byte so
//! that the goldens can be checked by hand against it.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

pub use super::build::{chunk, info, list};

/// A chunk header with this size field, then `data` as is (no pad).
pub fn raw(id: &[u8; 4], size32: u32, data: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&size32.to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// Little-endian fields, concatenated.
fn le(fields: &[(u32, usize)]) -> Vec<u8> {
    fields.iter().flat_map(|&(value, width)| value.to_le_bytes()[..width].to_vec()).collect()
}

/// A WAVEFORMATEX (18 bytes with cbSize unless `cb_size` is None: 16 bytes).
pub fn wave_format(tag: u16, channels: u16, rate: u32, bits: u16, align: u16, cb_size: Option<u16>) -> Vec<u8> {
    let mut out = le(&[
        (u32::from(tag), 2),
        (u32::from(channels), 2),
        (rate, 4),
        (rate * u32::from(align), 4),
        (u32::from(align), 2),
        (u32::from(bits), 2),
    ]);
    if let Some(cb) = cb_size {
        out.extend_from_slice(&cb.to_le_bytes());
    }
    out
}

/// `n` bytes of a recognizable pattern.
pub fn pattern(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

/// The PCM WAVE file: 16-bit stereo 44.1 kHz, 0.1 s, with INFO tags.
pub fn pcm_wav() -> Vec<u8> {
    list(
        b"RIFF",
        b"WAVE",
        &[
            chunk(b"fmt ", &wave_format(1, 2, 44100, 16, 4, None)),
            info(&[(b"INAM", b"Test tone\0"), (b"IART", b"mmio\0"), (b"ICMT", b"quotes \" and \\ survive\0")]),
            chunk(b"data", &pattern(4410 * 4, 1)),
        ],
    )
}

/// The damaged files and the forms of other formats, by file name.
pub fn files() -> Vec<(&'static str, Vec<u8>)> {
    let pcm = pcm_wav();
    let mut extensible_fmt = wave_format(0xFFFE, 6, 48000, 24, 18, Some(22));
    extensible_fmt.extend_from_slice(&le(&[(24, 2), (0x3F, 4)]));
    extensible_fmt.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]);

    let vids_strh = [&b"vidsMJPG"[..], &le(&[(0, 4), (0, 4), (0, 4), (1, 4), (25, 4), (0, 4), (3, 4)])].concat();
    let vids_strf = le(&[(40, 4), (320, 4), (240, 4), (1, 2), (24, 2)]);
    let vids_strf = [vids_strf, b"MJPG".to_vec(), vec![0; 20]].concat();
    let auds_strh =
        [&b"auds\0\0\0\0"[..], &le(&[(0, 4), (0, 4), (0, 4), (1, 4), (8000, 4), (0, 4), (8000, 4)])].concat();
    let avih = le(&[(40000, 4), (0, 4), (0, 4), (0x10, 4), (3, 4), (0, 4), (2, 4), (0, 4), (320, 4), (240, 4)]);
    let avih = [avih, vec![0; 16]].concat();
    let avi = |form: &[u8; 4]| {
        list(
            b"RIFF",
            form,
            &[
                list(
                    b"LIST",
                    b"hdrl",
                    &[
                        chunk(b"avih", &avih),
                        list(b"LIST", b"strl", &[chunk(b"strh", &vids_strh), chunk(b"strf", &vids_strf)]),
                        list(
                            b"LIST",
                            b"strl",
                            &[chunk(b"strh", &auds_strh), chunk(b"strf", &wave_format(1, 1, 8000, 8, 1, Some(0)))],
                        ),
                    ],
                ),
                info(&[(b"ISFT", b"mmio test generator\0")]),
                list(
                    b"LIST",
                    b"movi",
                    &[
                        chunk(b"00dc", &pattern(101, 2)),
                        chunk(b"01wb", &pattern(320, 3)),
                        chunk(b"00dc", &pattern(77, 4)),
                    ],
                ),
                chunk(b"idx1", &[0; 48]),
            ],
        )
    };
    // IMA ADPCM: 1017 samples per 512-byte block, 11100 bytes/s.
    let mut adpcm_fmt = [wave_format(0x11, 1, 22050, 4, 512, Some(2)), 1017u16.to_le_bytes().to_vec()].concat();
    adpcm_fmt[8..12].copy_from_slice(&11100u32.to_le_bytes());
    let anih = le(&[(36, 4), (2, 4), (2, 4), (0, 4), (0, 4), (0, 4), (0, 4), (10, 4), (1, 4)]);

    let mut files = vec![
        ("pcm.wav", pcm.clone()),
        (
            "float.wav",
            list(
                b"RIFF",
                b"WAVE",
                &[
                    chunk(b"fmt ", &wave_format(3, 1, 48000, 32, 4, Some(0))),
                    chunk(b"fact", &480u32.to_le_bytes()),
                    chunk(b"data", &pattern(480 * 4, 5)),
                ],
            ),
        ),
        (
            "extensible.wav",
            list(b"RIFF", b"WAVE", &[chunk(b"fmt ", &extensible_fmt), chunk(b"data", &pattern(100 * 18, 6))]),
        ),
        (
            "adpcm.wav",
            list(
                b"RIFF",
                b"WAVE",
                &[
                    chunk(b"fmt ", &adpcm_fmt),
                    chunk(b"fact", &22050u32.to_le_bytes()),
                    chunk(b"data", &pattern(512 * 22, 7)),
                ],
            ),
        ),
        ("movie.avi", avi(b"AVI ")),
        ("two-forms.avi", [avi(b"AVI "), avi(b"AVIX")].concat()),
        (
            "lossy.webp",
            list(
                b"RIFF",
                b"WEBP",
                &[chunk(
                    b"VP8 ",
                    &[[0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a].to_vec(), le(&[(320, 2), (240, 2)]), pattern(21, 8)]
                        .concat(),
                )],
            ),
        ),
        (
            "lossless.webp",
            list(
                b"RIFF",
                b"WEBP",
                &[chunk(b"VP8L", &[vec![0x2f], le(&[(99 | 49 << 14 | 1 << 28, 4)]), pattern(10, 9)].concat())],
            ),
        ),
        (
            "animated.webp",
            list(
                b"RIFF",
                b"WEBP",
                &[
                    chunk(b"VP8X", &[0x12, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0]),
                    chunk(b"ANIM", &[0; 6]),
                    chunk(b"ANMF", &pattern(30, 10)),
                    chunk(b"ANMF", &pattern(30, 11)),
                ],
            ),
        ),
        (
            "cursor.ani",
            list(
                b"RIFF",
                b"ACON",
                &[
                    info(&[(b"INAM", b"Spinner\0")]),
                    chunk(b"anih", &anih),
                    list(b"LIST", b"fram", &[chunk(b"icon", &pattern(66, 12)), chunk(b"icon", &pattern(66, 13))]),
                ],
            ),
        ),
        (
            "odd-sizes.riff",
            list(
                b"RIFF",
                b"TEST",
                &[
                    chunk(b"odd1", b"a"),
                    chunk(b"odd3", b"abc"),
                    chunk(b"even", b"ab"),
                    list(b"LIST", b"abcd", &[chunk(b"odd5", b"abcde")]),
                ],
            ),
        ),
        ("missing-pad.riff", list(b"RIFF", b"TEST", &[chunk(b"even", b"ab"), raw(b"odd3", 3, b"abc")])),
        ("rifx.riff", rifx()),
        ("not-riff.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec()),
        ("empty.bin", Vec::new()),
        ("short.bin", b"RIFF\x04\0\0".to_vec()),
        ("latin1-ids.riff", list(b"RIFF", &[0, 0xff, b'A', b'"'], &[chunk(&[b'\\', 0x7f, 0x80, b'\n'], b"x")])),
        (
            "duplicates.wav",
            list(
                b"RIFF",
                b"WAVE",
                &[
                    chunk(b"fmt ", &wave_format(1, 1, 8000, 8, 1, None)),
                    chunk(b"fmt ", &wave_format(1, 1, 8000, 8, 1, None)),
                    chunk(b"data", &[0x80; 8]),
                    chunk(b"data", &[0x80; 8]),
                ],
            ),
        ),
        (
            "unknown-chunks.riff",
            list(b"RIFF", b"XYZW", &[chunk(b"abcd", b"1234"), list(b"LIST", b"qrst", &[chunk(b"uvwx", b"")])]),
        ),
        ("deep.riff", deep(300)),
    ];
    files.extend(damaged(&pcm));
    files.push(("rf64.wav", rf64(&pattern(1001, 14))));
    files
}

/// The PCM file damaged the ways crashed and streaming writers damage files.
pub fn damaged(pcm: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let data_size_at = pcm.len() - 4410 * 4 - 4;
    let with = |riff: Option<u32>, data: Option<u32>, len: usize| {
        let mut bytes = pcm[..len].to_vec();
        if let Some(size) = riff {
            bytes[4..8].copy_from_slice(&size.to_le_bytes());
        }
        if let Some(size) = data {
            bytes[data_size_at..data_size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
        bytes
    };
    let full = pcm.len();
    let odd_end = with(Some(full as u32 - 8 - 1), Some(4410 * 4 - 1), full - 1);
    vec![
        ("stream-zero.wav", with(Some(0), Some(0), full)),
        ("stream-ff.wav", with(Some(u32::MAX), Some(u32::MAX), full)),
        ("truncated.wav", with(None, None, full - 1000)),
        ("cut-in-header.wav", [with(None, None, full), b"LIST\x10".to_vec()].concat()),
        ("trailing-garbage.wav", [pcm.to_vec(), b"junk!".to_vec()].concat()),
        ("odd-data-at-end.wav", odd_end),
        ("data-too-big.wav", with(None, Some(1 << 30), full)),
    ]
}

/// A big-endian RIFX file with a nested list.
fn rifx() -> Vec<u8> {
    let be = |id: &[u8; 4], data: &[u8]| {
        let mut out = id.to_vec();
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(0);
        }
        out
    };
    let inner = be(b"LIST", &[&b"INFO"[..], &be(b"INAM", b"big-endian\0")].concat());
    be(b"RIFX", &[&b"TEST"[..], &be(b"abcd", b"xyz"), &inner].concat())
}

/// `depth` nested LISTs in a RIFF form, a leaf at the bottom.
pub fn deep(depth: u32) -> Vec<u8> {
    let mut out = raw(b"RIFF", 12 * depth + 12, b"DEEP");
    for k in (1..=depth).rev() {
        out.extend_from_slice(&raw(b"LIST", 12 * k, b"nest"));
    }
    out.extend_from_slice(&chunk(b"leaf", b""));
    out
}

/// A RIFF form holding `count` empty chunks.
pub fn many(count: u32) -> Vec<u8> {
    let mut out = raw(b"RIFF", 4 + 8 * count, b"MANY");
    for i in 0..count {
        out.extend_from_slice(&raw(&[b'c', b'0' + (i % 10) as u8, b'0' + (i / 10 % 10) as u8, b'k'], 0, b""));
    }
    out
}

/// A small RF64 WAVE: ds64 with the sizes, fmt, data (an odd size) with its pad.
pub fn rf64(samples: &[u8]) -> Vec<u8> {
    let fmt = chunk(b"fmt ", &wave_format(1, 1, 8000, 8, 1, None));
    let data = raw(b"data", u32::MAX, samples);
    let riff_size = 4 + 36 + fmt.len() + data.len() + samples.len() % 2;
    let ds64 = [le(&[
        (riff_size as u32, 4),
        (0, 4),
        (samples.len() as u32, 4),
        (0, 4),
        (samples.len() as u32, 4),
        (0, 4),
        (0, 4),
    ])]
    .concat();
    let mut out = raw(b"RF64", u32::MAX, b"WAVE");
    out.extend_from_slice(&chunk(b"ds64", &ds64));
    out.extend_from_slice(&fmt);
    out.extend_from_slice(&data);
    if samples.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// The size of the data chunk of [`write_sparse_rf64`]: over 4 GiB, odd.
pub const SPARSE_DATA: u64 = (4 << 30) + 12345;

/// Writes an RF64 WAVE file whose data chunk holds [`SPARSE_DATA`] bytes, as a sparse
/// file (the samples are a hole, except 4 bytes at the end).
pub fn write_sparse_rf64(path: &Path) -> io::Result<()> {
    let fmt = chunk(b"fmt ", &wave_format(1, 2, 48000, 16, 4, None));
    let header_len = 12 + 36 + fmt.len() as u64 + 8;
    let riff_size = header_len - 8 + SPARSE_DATA + 1;
    let mut ds64 = Vec::new();
    for value in [riff_size, SPARSE_DATA, SPARSE_DATA / 4] {
        ds64.extend_from_slice(&value.to_le_bytes());
    }
    ds64.extend_from_slice(&0u32.to_le_bytes());
    let mut head = raw(b"RF64", u32::MAX, b"WAVE");
    head.extend_from_slice(&chunk(b"ds64", &ds64));
    head.extend_from_slice(&fmt);
    head.extend_from_slice(&raw(b"data", u32::MAX, b""));
    let mut file = File::create(path)?;
    file.write_all(&head)?;
    file.set_len(header_len + SPARSE_DATA + 1)?;
    file.seek(SeekFrom::Start(header_len + SPARSE_DATA - 4))?;
    file.write_all(b"end!")?;
    Ok(())
}

/// Writes what a streaming WAVE writer that died after [`SPARSE_DATA`] bytes of
/// samples leaves (sizes 0xFFFFFFFF), as a sparse file; with `junk`, the writer had
/// reserved a `JUNK` chunk for a ds64 chunk at offset 12. Returns where the data starts.
pub fn write_sparse_streaming_wav(path: &Path, junk: bool) -> io::Result<u64> {
    let mut head = raw(b"RIFF", u32::MAX, b"WAVE");
    if junk {
        head.extend_from_slice(&chunk(b"JUNK", &[0; 28]));
    }
    head.extend_from_slice(&chunk(b"fmt ", &wave_format(1, 2, 48000, 16, 4, None)));
    head.extend_from_slice(&raw(b"data", u32::MAX, b""));
    let mut file = File::create(path)?;
    file.write_all(&head)?;
    let data_at = head.len() as u64;
    file.set_len(data_at + SPARSE_DATA)?;
    file.seek(SeekFrom::Start(data_at + SPARSE_DATA - 4))?;
    file.write_all(b"end!")?;
    Ok(data_at)
}
