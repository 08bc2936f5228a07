//! The worked examples of docs/behavior.md, step by step.

mod common;

use common::{Scratch, counting};
use winmmio::{Advance, Buffering, ChunkInfo, Create, FourCC, Mmio, OpenFlags, OpenOptions, SeekOrigin};

/// §3: a 5-byte caller-supplied buffer on a 520-byte file.
#[test]
fn five_byte_buffer_walk() {
    let dir = Scratch::new("walk");
    let path = dir.counting_file("f.bin", 520);
    let mut file = OpenOptions::new().unbuffered().open(&path).unwrap();
    file.set_buffer(Buffering::User(vec![0u8; 5])).unwrap();

    assert_eq!(file.read_bytes(&mut []).unwrap(), 0);
    let info = file.info();
    assert_eq!((info.buffer_len, info.next, info.end_read), (5, 0, 0));

    let info = file.advance(Advance::Read, None).unwrap();
    assert_eq!((info.end_read, info.buffer_offset), (5, 0));
    assert_eq!(file.buffer(), &[0, 1, 2, 3, 4]);

    assert_eq!(file.seek_mmio(2, SeekOrigin::Start).unwrap(), 2);
    let info = file.info();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (0, 2, 5));

    assert_eq!(file.seek_mmio(17, SeekOrigin::Start).unwrap(), 17);
    let info = file.info();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (17, 0, 0));

    let mut got = [0u8; 16];
    assert_eq!(file.read_bytes(&mut got).unwrap(), 16);
    assert_eq!(got.to_vec(), counting(33)[17..].to_vec());
    let info = file.info();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (33, 0, 0));
}

/// §3 and §5: SEEK_END with a positive offset counts back from the end.
#[test]
fn seek_end_counts_back() {
    let dir = Scratch::new("seekend");
    let path = dir.counting_file("f.bin", 520);
    let mut buffered = Mmio::open(&path).unwrap();
    let mut unbuffered = OpenOptions::new().unbuffered().open(&path).unwrap();
    let mut memory = Mmio::memory(counting(520), 0).unwrap();
    for file in [&mut buffered, &mut unbuffered] {
        assert_eq!(file.seek_mmio(16, SeekOrigin::End).unwrap(), 504);
        let mut b = [0u8; 1];
        assert_eq!(file.read_bytes(&mut b).unwrap(), 1);
        assert_eq!(b[0], 504u32 as u8);
    }
    assert_eq!(memory.seek_mmio(16, SeekOrigin::End).unwrap(), 504);
}

/// §4: the classic 48-byte RIFF write, through direct buffer access.
#[test]
fn classic_48_byte_riff_write() {
    let dir = Scratch::new("riff48");
    let path = dir.path("out.wav");
    let mut file = OpenOptions::new().write().create(true).open(&path).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut riff, Create::Riff).unwrap();
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.create_chunk(&mut data, Create::Chunk).unwrap();
    file.write_bytes(&[1; 8]).unwrap();

    let payload: Vec<u8> = (0..19).map(|i| 0x40 + i).collect();
    let mut offsets = vec![];
    let mut rest = &payload[..];
    for (round, len) in [8usize, 8, 3].into_iter().enumerate() {
        let mut info = file.info();
        let start = info.next;
        let mut direct = file.direct().unwrap();
        direct.writable()[..len].copy_from_slice(&rest[..len]);
        direct.finish();
        rest = &rest[len..];
        info.next = start + len;
        info.flags.insert(OpenFlags::DIRTY);
        if round < 2 {
            let after = file.advance(Advance::Write, Some(&info)).unwrap();
            offsets.push(after.buffer_offset);
        } else {
            file.set_info(&info).unwrap();
        }
    }
    assert_eq!(offsets, [36, 44]);
    file.ascend(&mut data).unwrap();
    file.ascend(&mut riff).unwrap();
    file.close().unwrap();

    let bytes = std::fs::read(&path).unwrap();
    let mut want = b"RIFF".to_vec();
    want.extend_from_slice(&40u32.to_le_bytes());
    want.extend_from_slice(b"WAVEdata");
    want.extend_from_slice(&27u32.to_le_bytes());
    want.extend_from_slice(&[1; 8]);
    want.extend_from_slice(&payload);
    want.push(0);
    assert_eq!(bytes, want);
}
