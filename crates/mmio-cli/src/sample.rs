//! The sample RIFF file built into the tool, for `mmio tree` without a file: a short
//! WAVE sound with an INFO list, a cue point with a label list holding a nested LIST,
//! and odd-sized chunks followed by their pad bytes.

use crate::build::{chunk, info, list};

/// What the sample is called in output.
pub const NAME: &str = "built-in sample.wav";

/// The sample's bytes: 10 ms of a 500 Hz triangle wave, 8 kHz mono 16-bit PCM.
pub fn bytes() -> Vec<u8> {
    let mut fmt = Vec::new();
    for field in [1u16, 1] {
        fmt.extend_from_slice(&field.to_le_bytes());
    }
    for field in [8000u32, 16000] {
        fmt.extend_from_slice(&field.to_le_bytes());
    }
    for field in [2u16, 16] {
        fmt.extend_from_slice(&field.to_le_bytes());
    }
    let mut cue = 1u32.to_le_bytes().to_vec();
    for field in [1u32, 0, u32::from_le_bytes(*b"data"), 0, 0, 40] {
        cue.extend_from_slice(&field.to_le_bytes());
    }
    let mut label = 1u32.to_le_bytes().to_vec();
    label.extend_from_slice(b"intro!\0");
    let samples: Vec<u8> = (0..80i32)
        .flat_map(|i| {
            let phase = i % 16;
            let level = if phase < 8 { phase * 4000 - 16000 } else { 16000 - (phase - 8) * 4000 };
            (level as i16).to_le_bytes()
        })
        .collect();
    list(
        b"RIFF",
        b"WAVE",
        &[
            chunk(b"fmt ", &fmt),
            info(&[
                (b"INAM", b"mmio sample\0"),
                (b"IART", b"mmio\0"),
                (b"ICMT", b"A tiny WAVE file built into the mmio tool\0"),
            ]),
            chunk(b"cue ", &cue),
            list(b"LIST", b"adtl", &[chunk(b"labl", &label), info(&[(b"ICMT", b"a nested list\0")])]),
            chunk(b"data", &samples),
        ],
    )
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use winmmio::riff::{Event, Walker};

    #[test]
    fn the_sample_is_clean_and_has_what_it_promises() {
        let events: Vec<Event> = Walker::new(Cursor::new(super::bytes())).unwrap().map(Result::unwrap).collect();
        assert!(!events.iter().any(|e| matches!(e, Event::Problem(_))));
        let chunks: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                Event::Enter(c) | Event::Leaf(c) => Some(c),
                _ => None,
            })
            .collect();
        assert!(chunks.iter().any(|c| c.id == winmmio::FourCC::LIST && c.depth == 3), "a LIST in a LIST");
        assert!(chunks.iter().any(|c| c.size % 2 == 1), "an odd-sized chunk");
        assert!(chunks.iter().any(|c| c.id == winmmio::FourCC::new(*b"INAM")));
    }
}
