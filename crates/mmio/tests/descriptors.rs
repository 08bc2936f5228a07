//! Closing releases the operating-system file: found by the `capi` fuzz target, which
//! ran out of descriptors after 3 million inputs. `MMIO_FHOPEN` keeps a *caller's*
//! descriptor open (docs/behavior.md §7); a file the library opened by name is its own, and
//! nobody else could ever close it. Linux only: it looks descriptors up in `/proc`.
#![cfg(target_os = "linux")]

mod common;

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::Path;

use common::Scratch;
use winmmio::{ChunkInfo, CloseFlags, ErrorCode, Find, FourCC, Mmio, OpenOptions, SeekOrigin};

/// The file descriptor `fd` refers to `path`.
fn refers_to(fd: u32, path: &Path) -> bool {
    std::fs::read_link(format!("/proc/self/fd/{fd}")).is_ok_and(|target| target == path)
}

#[test]
fn close_with_fhopen_closes_a_file_opened_by_name() {
    let dir = Scratch::new("fd-named");
    let path = dir.counting_file("named.bin", 10);
    let path = std::fs::canonicalize(path).unwrap();
    for flags in [CloseFlags::empty(), CloseFlags::FHOPEN] {
        for write in [false, true] {
            let mut options = OpenOptions::new();
            if write {
                options.read_write();
            }
            let file = options.open(&path).unwrap();
            let fd = file.info().proc_info[0];
            assert!(refers_to(fd, &path));
            file.close_with(flags).unwrap();
            assert!(!refers_to(fd, &path), "descriptor {fd} left open ({flags:?}, write {write})");
        }
    }
}

#[test]
fn close_with_fhopen_leaves_an_adopted_file_open() {
    let dir = Scratch::new("fd-adopted");
    let path = std::fs::canonicalize(dir.counting_file("adopted.bin", 10)).unwrap();
    let os_file = std::fs::File::open(&path).unwrap();
    let fd = os_file.as_raw_fd();
    let file = Mmio::from_file(os_file).unwrap();
    file.close_with(CloseFlags::FHOPEN).unwrap();
    assert!(refers_to(fd as u32, &path), "the caller's descriptor was closed");
    // The caller owns it again; this test leaves it open (closing a raw descriptor
    // would take `unsafe`).
}

/// A little-endian RIFF chunk: id, size, data and the pad byte.
fn chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// A pipe (no offset) is read in sequence: a chunk search skips forward over chunks
/// larger than the buffer by reading, reads that run past the buffer lose nothing, and
/// only going back or to the end fails, with `MMIOERR_CANNOTSEEK`.
#[test]
fn a_pipe_is_read_in_sequence_and_searched_forward() {
    let samples: Vec<u8> = (0..1001u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut body = b"WAVE".to_vec();
    body.extend(chunk(b"fmt ", &[1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x44, 0xac, 0, 0, 1, 0, 8, 0]));
    body.extend(chunk(b"junk", &[9; 5000]));
    body.extend(chunk(b"data", &samples));
    let wave = chunk(b"RIFF", &body);
    let (reader, mut writer) = std::io::pipe().unwrap();
    let feeder = std::thread::spawn(move || writer.write_all(&wave).unwrap());

    let os_file = std::fs::File::from(std::os::fd::OwnedFd::from(reader));
    let mut file = OpenOptions::new().buffer_size(16).open_file(os_file).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut riff, None, Find::Riff).unwrap();
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.descend(&mut data, Some(&riff), Find::Chunk).unwrap();
    assert_eq!((data.size, data.data_offset), (1001, 12 + 24 + 5008 + 8));
    let mut got = Vec::new();
    let mut piece = [0u8; 5];
    loop {
        let n = file.read_bytes(&mut piece).unwrap();
        if n == 0 {
            break;
        }
        got.extend_from_slice(&piece[..n]);
    }
    assert_eq!(&got[..1001], &samples[..]);
    assert_eq!(got.len(), 1002, "the pad byte follows the samples");
    let at = file.position();
    assert_eq!(file.seek_mmio(0, SeekOrigin::Start).unwrap_err().code(), ErrorCode::CannotSeek);
    assert_eq!(file.seek_mmio(0, SeekOrigin::End).unwrap_err().code(), ErrorCode::CannotSeek);
    assert_eq!(file.seek_mmio(0, SeekOrigin::Current).unwrap(), at);
    file.close_with(CloseFlags::FHOPEN).unwrap();
    feeder.join().unwrap();
}

/// A pipe is written in sequence through the buffer, and closing writes the rest.
#[test]
fn a_pipe_is_written_in_sequence() {
    let (mut reader, writer) = std::io::pipe().unwrap();
    let drain = std::thread::spawn(move || {
        let mut all = Vec::new();
        reader.read_to_end(&mut all).unwrap();
        all
    });
    let os_file = std::fs::File::from(std::os::fd::OwnedFd::from(writer));
    let mut file = OpenOptions::new().write().buffer_size(8).open_file(os_file).unwrap();
    let text: Vec<u8> = (0..300u32).map(|i| (i % 200) as u8).collect();
    for piece in text.chunks(7) {
        assert_eq!(file.write_bytes(piece).unwrap(), piece.len());
    }
    assert_eq!(file.position(), 300);
    file.close().unwrap();
    assert_eq!(drain.join().unwrap(), text);
}
