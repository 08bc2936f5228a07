//! What the Wine oracle showed where docs/behavior.md and Microsoft's documentation are silent,
//! pinned as tests: one test per finding of `docs/oracle-findings.md` (the probes that
//! established each one are in `oracle/probes/`). Where Wine is known to be wrong, the
//! test pins what Windows does (or our documented choice), not Wine's answer.

mod common;

use std::path::Path;

use common::{Msg, Scratch, Store, counting};
use winmmio::flags::*;
use winmmio::registry::{self, Scope};
use winmmio::{
    Advance, ChunkFlags, ChunkInfo, Create, ErrorCode, Find, FourCC, Mmio, OpenFlags, OpenOptions, SeekOrigin,
};

const STOR: FourCC = FourCC::new(*b"STOR");

fn read(at: u64, len: usize) -> Msg {
    Msg::Read { at, len }
}

fn write(at: u64, len: usize) -> Msg {
    Msg::Write { at, len }
}

/// (lBufOffset, pchNext, pchEndRead, dirty) of the file now.
fn state(file: &Mmio) -> (u64, usize, usize, bool) {
    let info = file.info();
    (info.buffer_offset, info.next, info.end_read, info.is_dirty())
}

/// Opens a store with these flags (the raw values of the probes) and buffer size, its
/// log cleared.
fn open_store(store: &Store, flags: u32, buffer: usize) -> Mmio {
    let file = OpenOptions::from_flags(OpenFlags::from_bits_retain(flags))
        .buffer_size(buffer)
        .io_proc(STOR, store.proc_ref())
        .open("store")
        .unwrap();
    store.take_log();
    file
}

/// Writes `bytes` at pchNext the way C code does during direct access: into the
/// buffer, without telling the engine (the caller then calls set-info or advance).
fn poke(file: &mut Mmio, bytes: &[u8]) {
    let mut direct = file.direct().unwrap();
    direct.writable()[..bytes.len()].copy_from_slice(bytes);
    direct.finish();
}

// ----- opening (probe p01) -----

/// p01: the DOS procedure puts its handle in adwInfo[0] and leaves the caller's
/// adwInfo[1] and adwInfo[2] as they were.
#[test]
fn dos_procedure_keeps_the_callers_other_proc_info() {
    let dir = Scratch::new("oracle-adw");
    let path = dir.counting_file("f.bin", 10);
    let file = OpenOptions::new().proc_info([0x77; 3]).open(&path).unwrap();
    let info = file.info().proc_info;
    assert_ne!(info[0], 0x77);
    assert_eq!(&info[1..], &[0x77, 0x77]);
}

/// p01: MMIOM_OPEN already sees MMIO_ALLOCBUF in dwFlags when the file gets an
/// internal buffer (and not when it is unbuffered or uses the caller's buffer).
#[test]
fn open_message_sees_allocbuf() {
    let store = Store::default();
    let opened = |options: &OpenOptions, user: Option<Vec<u8>>| {
        let file = options.open_with(Some(Path::new("s")), user).unwrap();
        drop(file);
        match store.take_log().first() {
            Some(Msg::Open(_, flags)) => *flags,
            other => panic!("first message {other:?}"),
        }
    };
    let mut options = OpenOptions::new();
    options.io_proc(STOR, store.proc_ref());
    assert_eq!(opened(options.clone().buffer_size(32), None), MMIO_READ | MMIO_ALLOCBUF);
    assert_eq!(opened(options.clone().unbuffered(), None), MMIO_READ);
    assert_eq!(opened(&options, Some(vec![0; 16])), MMIO_READ);
}

/// p01, p03: pchEndWrite is the end of the buffer even for a read-only file; a file
/// just opened has an empty buffer at offset 0.
#[test]
fn read_only_files_report_the_buffer_end_as_write_end() {
    let store = Store::with_data(counting(40));
    let file = open_store(&store, MMIO_READ, 16);
    let info = file.info();
    assert_eq!((info.buffer_len, info.next, info.end_read, info.end_write), (16, 0, 0, 16));
    assert_eq!((info.buffer_offset, info.disk_offset, info.flags.bits()), (0, 0, MMIO_READ | MMIO_ALLOCBUF));
    assert_eq!(store.take_log(), []);
}

/// p01: a memory file keeps its growth increment in adwInfo[0] (Wine overwrites it).
#[test]
fn memory_files_keep_the_growth_increment() {
    let file = Mmio::memory(vec![0; 8], 0x77).unwrap();
    assert_eq!(file.info().proc_info, [0x77, 0, 0]);
}

/// p04, p07: a custom procedure gets MMIOM_OPEN with the whole name and no seek at
/// open; a clean file gets only MMIOM_CLOSE at close.
#[test]
fn open_and_close_send_one_message_each() {
    let store = Store::with_data(counting(10));
    let file = OpenOptions::new().io_proc(STOR, store.proc_ref()).buffer_size(16).open("a.stor+elem").unwrap();
    assert_eq!(store.take_log(), [Msg::Open(Some("a.stor+elem".into()), MMIO_READ | MMIO_ALLOCBUF)]);
    file.close().unwrap();
    assert_eq!(store.take_log(), [Msg::Close(0)]);
}

// ----- mmioSetInfo (probe p02) -----

/// p02: pchNext may be set to the end of the buffer; one past it is refused with
/// MMSYSERR_INVALPARAM and changes nothing.
#[test]
fn set_info_accepts_the_buffer_end_and_refuses_past_it() {
    let store = Store::with_data(counting(100));
    let mut file = store.open(16);
    file.read_bytes(&mut [0; 4]).unwrap();
    let before = file.info();
    let with = |change: fn(&mut winmmio::Info)| {
        let mut info = before.clone();
        change(&mut info);
        info
    };
    let err = file.set_info(&with(|i| i.next = 17)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidParam);
    assert_eq!(file.info(), before);
    file.set_info(&with(|i| i.next = 16)).unwrap();
    assert_eq!(file.position(), 16);
    file.set_info(&with(|i| (i.end_read, i.next) = (10, 4))).unwrap();
    assert_eq!((file.info().next, file.info().end_read), (4, 10));
}

/// p02: Wine copies every field back; the documentation lets the caller change only
/// pchNext and MMIO_DIRTY, and we take only pchNext, pchEndRead and MMIO_DIRTY. The
/// buffer offset, disk offset, adwInfo, pchEndWrite and other flag bits are ignored,
/// so the buffer never gets out of step with the file.
#[test]
fn set_info_ignores_what_the_caller_may_not_change() {
    let store = Store::with_data(counting(100));
    let mut file = store.open(16);
    file.read_bytes(&mut [0; 4]).unwrap();
    let before = file.info();
    let mut changed = before.clone();
    (changed.buffer_offset, changed.disk_offset, changed.proc_info) = (50, 3, [9, 9, 9]);
    (changed.end_write, changed.flags) = (12, OpenFlags::READ);
    file.set_info(&changed).unwrap();
    assert_eq!(file.info(), before);
    assert_eq!(file.write_bytes(b"q").unwrap(), 1, "the access mode is not the caller's to change");
}

/// p02: bytes the caller put in the buffer and flagged MMIO_DIRTY are written at close,
/// at the buffer's offset.
#[test]
fn dirty_flag_from_set_info_is_written_at_close() {
    let store = Store::with_data(counting(100));
    let mut file = store.open(16);
    file.read_bytes(&mut [0; 4]).unwrap();
    poke(&mut file, b"WXYZ");
    let mut info = file.info();
    info.next += 4;
    info.flags.insert(OpenFlags::DIRTY);
    file.set_info(&info).unwrap();
    store.take_log();
    file.close().unwrap();
    let log = store.take_log();
    assert!(matches!(log.iter().find(|m| matches!(m, Msg::Write { .. })), Some(Msg::Write { at: 0, .. })), "{log:?}");
    let mut want = counting(100);
    want[4..8].copy_from_slice(b"WXYZ");
    assert_eq!(store.data(), want);
}

// ----- mmioAdvance (probe p03) -----

/// p03: advancing through a 40-byte file with a 16-byte buffer: fills at 0, 16, 32,
/// then empty buffers at 40, each one asking the procedure again.
#[test]
fn advance_read_walks_the_file_and_keeps_asking_at_the_end() {
    let store = Store::with_data(counting(40));
    let mut file = store.open(16);
    let mut seen = Vec::new();
    for _ in 0..5 {
        let info = file.advance(Advance::Read, None).unwrap();
        seen.push((info.buffer_offset, info.next, info.end_read, info.disk_offset));
    }
    assert_eq!(seen, [(0, 0, 16, 16), (16, 0, 16, 32), (32, 0, 8, 40), (40, 0, 0, 40), (40, 0, 0, 40)]);
    assert_eq!(store.take_log(), [read(0, 16), read(16, 16), read(32, 16), read(40, 16), read(40, 16)]);
}

/// p03: MMIO_WRITE on a clean, empty buffer writes nothing and stays put.
#[test]
fn advance_write_on_a_clean_buffer_sends_nothing() {
    let store = Store::default();
    let mut file = open_store(&store, MMIO_READWRITE | MMIO_CREATE, 16);
    let info = file.advance(Advance::Write, None).unwrap();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (0, 0, 0));
    assert_eq!(store.take_log(), []);
}

/// p03: a full dirty buffer is written whole and the next starts after it (5 + 16 = 21).
#[test]
fn advance_write_of_a_full_buffer_starts_after_it() {
    let store = Store::default();
    let mut file = open_store(&store, MMIO_READWRITE | MMIO_CREATE, 16);
    for (i, chunk) in [&b"abcde"[..], b"ijklmnopqrstuvwx"].into_iter().enumerate() {
        poke(&mut file, chunk);
        let mut info = file.info();
        info.next = chunk.len();
        info.flags.insert(OpenFlags::DIRTY);
        let after = file.advance(Advance::Write, Some(&info)).unwrap();
        let want = if i == 0 { (5, 0, 0, false) } else { (21, 0, 0, false) };
        assert_eq!((after.buffer_offset, after.next, after.end_read, after.is_dirty()), want);
    }
    assert_eq!(store.take_log(), [write(0, 5), write(5, 16)]);
    assert_eq!(store.data(), b"abcdeijklmnopqrstuvwx");
}

/// p03: after reading 6 bytes of a 16-byte fill, MMIO_WRITE without dirty data moves to
/// the end of the fill (16); with one byte written at pchNext and MMIO_DIRTY, the bytes
/// up to pchNext are written and the next buffer starts just after them (7).
#[test]
fn advance_write_after_a_partial_read() {
    let store = Store::with_data(counting(40));
    let mut file = store.open(16);
    file.read_bytes(&mut [0; 6]).unwrap();
    let info = file.advance(Advance::Write, None).unwrap();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (16, 0, 0));

    let store = Store::with_data(counting(40));
    let mut file = store.open(16);
    file.read_bytes(&mut [0; 6]).unwrap();
    poke(&mut file, b"Q");
    let mut info = file.info();
    info.next += 1;
    info.flags.insert(OpenFlags::DIRTY);
    store.take_log();
    let after = file.advance(Advance::Write, Some(&info)).unwrap();
    assert_eq!((after.buffer_offset, after.next, after.end_read, after.is_dirty()), (7, 0, 0, false));
    let log = store.take_log();
    assert!(matches!(log.iter().find(|m| matches!(m, Msg::Write { .. })), Some(Msg::Write { at: 0, .. })), "{log:?}");
    let mut want = counting(40);
    want[6] = b'Q';
    assert_eq!(store.data(), want);
    // The next write lands at 7.
    file.write_bytes(b"R").unwrap();
    file.close().unwrap();
    want[7] = b'R';
    assert_eq!(store.data(), want);
}

/// p03: Wine's MMIO_READ ignores MMIO_DIRTY and loses the bytes; the documentation says
/// a file open for writing is flushed before the next buffer is read, and we do that.
#[test]
fn advance_read_writes_dirty_bytes_first() {
    let store = Store::default();
    let mut file = open_store(&store, MMIO_READWRITE | MMIO_CREATE, 16);
    poke(&mut file, b"yz");
    let mut info = file.info();
    info.next = 2;
    info.flags.insert(OpenFlags::DIRTY);
    let after = file.advance(Advance::Read, Some(&info)).unwrap();
    assert_eq!(store.take_log(), [write(0, 2), read(2, 16)]);
    assert_eq!((after.buffer_offset, after.end_read, after.is_dirty()), (2, 0, false));
    assert_eq!(store.data(), b"yz");
}

/// p03: Wine lets MMIO_READ fill the buffer of a write-only file (and MMIO_WRITE pass on
/// a read-only one); we keep the open mode, as for mmioRead and mmioWrite.
#[test]
fn advance_keeps_the_access_mode() {
    let store = Store::with_data(counting(40));
    let mut file = open_store(&store, MMIO_WRITE, 16);
    assert_eq!(file.advance(Advance::Read, None).unwrap_err().code(), ErrorCode::CannotRead);
    let mut file = open_store(&store, MMIO_READ, 16);
    assert_eq!(file.advance(Advance::Write, None).unwrap_err().code(), ErrorCode::CannotWrite);
    assert_eq!(store.take_log(), []);
}

// ----- message sequences (probe p04) -----

/// p04: flush, set-buffer and close write dirty data with MMIOM_WRITE (never
/// MMIOM_WRITEFLUSH), then close sends MMIOM_CLOSE.
#[test]
fn dirty_data_goes_out_with_plain_write_messages() {
    let store = Store::default();
    let mut file = OpenOptions::new().read_write().buffer_size(16).io_proc(STOR, store.proc_ref()).open("s").unwrap();
    store.take_log();
    file.write_bytes(b"abc").unwrap();
    file.flush_buffer().unwrap();
    file.write_bytes(b"de").unwrap();
    file.set_buffer(winmmio::Buffering::Internal(32)).unwrap();
    file.write_bytes(b"fg").unwrap();
    file.close().unwrap();
    let log = store.take_log();
    assert!(log.iter().all(|m| matches!(m, Msg::Write { .. } | Msg::Seek { .. } | Msg::Close(0))), "{log:?}");
    assert_eq!(log.last(), Some(&Msg::Close(0)));
    assert_eq!(store.data(), b"abcdefg");
}

/// p04: Wine refills a dirty buffer on a read without writing it first, and loses the
/// written bytes; we write them out before the refill.
#[test]
fn a_read_that_refills_a_dirty_buffer_writes_it_first() {
    let store = Store::with_data(counting(100));
    let mut file = store.open(16);
    file.read_bytes(&mut [0; 4]).unwrap();
    file.write_bytes(b"ww").unwrap();
    store.take_log();
    let mut rest = [0; 14];
    assert_eq!(file.read_bytes(&mut rest).unwrap(), 14);
    let log = store.take_log();
    let wrote = log.iter().position(|m| *m == write(0, 16));
    let refilled = log.iter().position(|m| *m == read(16, 16));
    assert!(wrote.is_some() && wrote < refilled, "{log:?}");
    assert_eq!(&rest[..10], &counting(16)[6..]);
    file.close().unwrap();
    let mut want = counting(100);
    want[4..6].copy_from_slice(b"ww");
    assert_eq!(store.data(), want);
}

/// p04: Wine leaves pchEndRead where the last fill ended while writing, so written bytes
/// cannot be read back and seeking into them flushes; ours moves pchEndRead over them:
/// a seek back inside them sends nothing and reading them returns the new bytes.
#[test]
fn written_bytes_stay_readable_in_the_buffer() {
    let store = Store::default();
    let mut file = open_store(&store, MMIO_READWRITE | MMIO_CREATE, 16);
    file.write_bytes(b"hello").unwrap();
    assert_eq!(state(&file), (0, 5, 5, true));
    assert_eq!(file.seek_mmio(1, SeekOrigin::Start).unwrap(), 1);
    let mut b = [0; 4];
    assert_eq!(file.read_bytes(&mut b).unwrap(), 4);
    assert_eq!(&b, b"ello");
    assert_eq!(store.take_log(), []);
}

// ----- failing I/O procedures (probe p11) -----

/// p11: a procedure whose MMIOM_READ fails makes mmioRead fail, buffered or not (Wine
/// answers 0, end of file, on a buffered file); MMIOM_WRITE failures surface at the
/// latest in mmioFlush (Wine reports success), and the data stays for a later try.
#[test]
fn procedure_failures_reach_the_caller() {
    for buffer in [0, 16] {
        let store = Store::with_data(counting(40));
        let mut file = store.open(buffer);
        store.set_faults(common::Faults { fail_reads: true, ..Default::default() });
        assert_eq!(file.read_bytes(&mut [0; 4]).unwrap_err().code(), ErrorCode::CannotRead, "buffer {buffer}");
        store.set_faults(common::Faults { fail_writes: true, ..Default::default() });
        let wrote = file.write_bytes(b"abcd");
        let flushed = file.flush_buffer();
        match buffer {
            0 => assert_eq!(wrote.unwrap_err().code(), ErrorCode::CannotWrite),
            _ => {
                assert_eq!(wrote.unwrap(), 4);
                assert_eq!(flushed.unwrap_err().code(), ErrorCode::CannotWrite);
            }
        }
        store.set_faults(common::Faults::default());
        file.close().unwrap();
        let want = if buffer == 0 { counting(40) } else { [&b"abcd"[..], &counting(40)[4..]].concat() };
        assert_eq!(store.data(), want, "buffer {buffer}");
    }
}

// ----- mmioSeek, mmioRead at the end (probe p08) -----

/// p08 (disk file, buffered and not): SEEK_END counts a positive offset back and a
/// negative one forward; targets before 0 fail and leave the position alone.
#[test]
fn seek_edge_cases() {
    let dir = Scratch::new("oracle-seek");
    let path = dir.counting_file("seek.bin", 100);
    for buffer in [0, 16] {
        let mut file = OpenOptions::new().read_write().buffer_size(buffer).open(&path).unwrap();
        assert_eq!(file.seek_mmio(0, SeekOrigin::End).unwrap(), 100);
        assert_eq!(file.seek_mmio(16, SeekOrigin::End).unwrap(), 84);
        assert_eq!(file.seek_mmio(-16, SeekOrigin::End).unwrap(), 116);
        assert_eq!(file.seek_mmio(10, SeekOrigin::Start).unwrap(), 10);
        for (offset, origin) in [(-20, SeekOrigin::Current), (-1, SeekOrigin::Start), (200, SeekOrigin::End)] {
            assert_eq!(file.seek_mmio(offset, origin).unwrap_err().code(), ErrorCode::CannotSeek);
            assert_eq!(file.position(), 10);
        }
    }
    // A memory file: nothing beyond the end of the data.
    let mut file = Mmio::memory(counting(100), 0).unwrap();
    assert_eq!(file.seek_mmio(16, SeekOrigin::End).unwrap(), 84);
    assert!(file.seek_mmio(-16, SeekOrigin::End).is_err());
    assert!(file.seek_mmio(120, SeekOrigin::Start).is_err());
    assert_eq!(file.position(), 84);
}

/// p08: reading past the end returns what is there, then 0 without moving; a write past
/// the end extends the file, the gap reading as zeros.
#[test]
fn reads_and_writes_past_the_end() {
    let dir = Scratch::new("oracle-eof");
    for buffer in [0, 16] {
        let path = dir.counting_file("eof.bin", 100);
        let mut file = OpenOptions::new().read_write().buffer_size(buffer).open(&path).unwrap();
        let mut b = [0; 10];
        file.seek_mmio(98, SeekOrigin::Start).unwrap();
        assert_eq!(file.read_bytes(&mut b).unwrap(), 2);
        assert_eq!(file.read_bytes(&mut b).unwrap(), 0);
        assert_eq!(file.position(), 100);
        file.seek_mmio(120, SeekOrigin::Start).unwrap();
        assert_eq!(file.read_bytes(&mut b).unwrap(), 0);
        assert_eq!(file.position(), 120);
        assert_eq!(file.write_bytes(b"zz").unwrap(), 2);
        assert_eq!(file.position(), 122);
        assert_eq!(file.seek_mmio(0, SeekOrigin::End).unwrap(), 122, "buffer {buffer}");
        file.close().unwrap();
        let data = std::fs::read(&path).unwrap();
        assert_eq!(data.len(), 122);
        assert_eq!(&data[100..], &[&[0u8; 20][..], b"zz"].concat()[..]);
    }
    // A fixed memory file takes nothing at its end.
    let mut file = Mmio::memory(counting(100), 0).unwrap();
    file.seek_mmio(0, SeekOrigin::End).unwrap();
    assert_eq!(file.write_bytes(b"zz").unwrap(), 0);
}

/// p10: mmioFlush on an unbuffered file succeeds and sends nothing, with or without
/// MMIO_EMPTYBUF.
#[test]
fn flushing_an_unbuffered_file_does_nothing() {
    let store = Store::with_data(counting(10));
    let mut file = store.open(0);
    file.flush_buffer().unwrap();
    file.flush_buffer_with(winmmio::FlushFlags::EMPTYBUF).unwrap();
    assert_eq!(store.take_log(), []);
}

// ----- names (probes p05, p06, p07) -----

/// p05, p06: a '+' with no '.' before it (in the last path component) is no compound
/// name: the DOS procedure opens the whole name.
#[test]
fn a_plus_without_an_extension_is_a_plain_name() {
    let dir = Scratch::new("oracle-plus");
    for name in ["noext+y", "a.d/c++"] {
        let path = dir.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        let file = OpenOptions::new().write().create(true).open(&path).unwrap();
        assert_eq!(file.info().io_proc, FourCC::DOS);
        file.close().unwrap();
        assert!(path.exists(), "{name}");
    }
}

/// p06, p07: a compound name reaches the built-in procedures ("x.dos+y" is a DOS file
/// of that name), and a procedure installed under `DOS ` does not take it over: built-ins
/// can be shadowed only through the procedure code, not through name parsing
/// (docs/behavior.md section 7; Wine lets the shadow win).
#[test]
fn compound_names_reach_the_builtins_even_when_shadowed() {
    let dir = Scratch::new("oracle-dosplus");
    let path = dir.path("x.dos+y");
    let mut file = OpenOptions::new().write().create(true).open(&path).unwrap();
    assert_eq!(file.info().io_proc, FourCC::DOS);
    file.write_bytes(b"on disk").unwrap();
    file.close().unwrap();
    assert!(path.exists());

    let store = Store::with_data(b"shadow".to_vec());
    let shadow = registry::install(FourCC::DOS, store.proc_ref(), Scope::Thread);
    let mut file = Mmio::open(&path).unwrap();
    let mut b = [0; 7];
    assert_eq!(file.read_bytes(&mut b).unwrap(), 7);
    assert_eq!(&b, b"on disk");
    drop(file);
    assert!(store.take_log().is_empty(), "the shadow got messages");
    // Through the code, the shadow is found.
    let mut file = OpenOptions::new().io_proc_code(FourCC::DOS).open(&path).unwrap();
    let mut b = [0; 6];
    assert_eq!(file.read_bytes(&mut b).unwrap(), 6);
    assert_eq!(&b, b"shadow");
    drop(file);
    assert!(registry::remove(FourCC::DOS, Some(&shadow)).is_ok());
}

/// p05: MMIO_EXIST and MMIO_DELETE on a compound name go to its procedure as MMIOM_OPEN
/// with the flag set (Wine answers EXIST itself and never asks the procedure).
#[test]
fn exist_and_delete_ask_the_procedure() {
    let store = Store::default();
    let fcc = FourCC::new(*b"XYZ ");
    let installed = registry::install(fcc, store.proc_ref(), Scope::Thread);
    OpenOptions::new().exists("f.xyz+e").unwrap();
    OpenOptions::new().delete("f.xyz+e").unwrap();
    assert_eq!(
        store.take_log(),
        [Msg::Open(Some("f.xyz+e".into()), MMIO_EXIST), Msg::Open(Some("f.xyz+e".into()), MMIO_DELETE)]
    );
    registry::remove(fcc, Some(&installed)).unwrap();
}

/// p10: mmioStringToFOURCC pads with spaces, keeps the first four characters, and
/// MMIO_TOUPPER upper-cases letters only.
#[test]
fn string_to_fourcc_pads_truncates_and_uppercases_letters() {
    let cases: [(&str, u32, u32); 6] = [
        ("", 0x2020_2020, 0x2020_2020),
        ("a", 0x2020_2061, 0x2020_2041),
        ("ab c", 0x6320_6261, 0x4320_4241),
        ("abcdef", 0x6463_6261, 0x4443_4241),
        ("wave", 0x6576_6177, 0x4556_4157),
        ("Ab1.", 0x2e31_6241, 0x2e31_4241),
    ];
    for (text, plain, upper) in cases {
        assert_eq!(FourCC::from_mmio_string(text, false).to_u32(), plain, "{text:?}");
        assert_eq!(FourCC::from_mmio_string(text, true).to_u32(), upper, "{text:?}");
    }
}

// ----- RIFF (probe p09) -----

/// The probe's file: RIFF 'WAVE' (size 42) { fmt (4), data (5 + pad), LIST 'INFO' {} },
/// then JUNK (2) outside the form.
fn probe_riff() -> Vec<u8> {
    let mut v = b"RIFF\x2a\0\0\0WAVEfmt \x04\0\0\0\x01\x02\x03\x04data\x05\0\0\0\x09\x09\x09\x09\x09\0".to_vec();
    v.extend_from_slice(b"LIST\x04\0\0\0INFOJUNK\x02\0\0\0\x07\x07");
    v
}

/// p09: a search that fails inside the form leaves the last header examined in the
/// chunk info and the position at the end of the form (Wine runs on to the end of the
/// file); at the end of the file, or on a cut header, the chunk info is untouched and
/// the position is back where the header starts.
#[test]
fn failed_searches_leave_the_last_header_and_a_clean_position() {
    let store = Store::with_data(probe_riff());
    let mut file = open_store(&store, MMIO_READ, 16);
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut riff, None, Find::Riff).unwrap();
    assert_eq!((riff.size, riff.data_offset, file.position()), (42, 8, 12));
    let mut ck = ChunkInfo::new(FourCC::new(*b"zzzz"));
    assert_eq!(file.descend(&mut ck, Some(&riff), Find::Chunk).unwrap_err().code(), ErrorCode::ChunkNotFound);
    assert_eq!((ck.id, ck.form, ck.data_offset), (FourCC::LIST, FourCC::INFO, 46));
    assert_eq!(file.position(), 50);
    let mut junk = ChunkInfo::new(FourCC::JUNK);
    file.seek_mmio(12, SeekOrigin::Start).unwrap();
    assert!(file.descend(&mut junk, Some(&riff), Find::Chunk).is_err(), "JUNK is outside the form");

    for at in [56u64, 60] {
        file.seek_mmio(at as i64, SeekOrigin::Start).unwrap();
        let mut ck = ChunkInfo { size: 99, ..ChunkInfo::new(FourCC::DATA) };
        assert_eq!(file.descend(&mut ck, None, Find::Here).unwrap_err().code(), ErrorCode::ChunkNotFound);
        assert_eq!(ck, ChunkInfo { size: 99, ..ChunkInfo::new(FourCC::DATA) });
        assert_eq!(file.position(), at);
    }
}

/// p09: ascending a chunk found by descend (no MMIO_DIRTY) only moves: past the pad
/// byte of an odd chunk, and from anywhere inside the chunk.
#[test]
fn ascend_of_a_found_chunk_moves_past_the_pad() {
    let mut file = Mmio::memory(probe_riff(), 0).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut riff, None, Find::Riff).unwrap();
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.descend(&mut data, Some(&riff), Find::Chunk).unwrap();
    assert_eq!((data.size, data.data_offset, data.flags), (5, 32, ChunkFlags::empty()));
    file.ascend(&mut data).unwrap();
    assert_eq!(file.position(), 38);
    file.seek_mmio(12, SeekOrigin::Start).unwrap();
    let mut fmt = ChunkInfo::default();
    file.descend(&mut fmt, None, Find::Here).unwrap();
    file.read_bytes(&mut [0; 1]).unwrap();
    file.ascend(&mut fmt).unwrap();
    assert_eq!(file.position(), 24);
}

/// p09: ascending a created chunk writes a pad byte after odd data and rewrites the
/// size only when it differs from the one written at create time; the size is the
/// position minus the data offset, even after seeking back over written bytes.
#[test]
fn ascend_of_created_chunks() {
    let store = Store::default();
    let mut file = open_store(&store, MMIO_READWRITE | MMIO_CREATE, 0);
    let mut form = ChunkInfo::riff(FourCC::new(*b"TEST"));
    file.create_chunk(&mut form, Create::Riff).unwrap();
    assert_eq!((form.data_offset, form.flags), (8, ChunkFlags::DIRTY));

    let mut odd = ChunkInfo::new(FourCC::new(*b"odd "));
    file.create_chunk(&mut odd, Create::Chunk).unwrap();
    file.write_bytes(b"abc").unwrap();
    file.ascend(&mut odd).unwrap();
    assert_eq!((odd.size, odd.flags, file.position()), (3, ChunkFlags::empty(), 24));

    let mut exact = ChunkInfo { size: 4, ..ChunkInfo::new(FourCC::new(*b"exac")) };
    file.create_chunk(&mut exact, Create::Chunk).unwrap();
    file.write_bytes(b"wxyz").unwrap();
    store.take_log();
    file.ascend(&mut exact).unwrap();
    assert!(store.take_log().iter().all(|m| !matches!(m, Msg::Write { .. })), "size already right");

    let mut back = ChunkInfo::new(FourCC::new(*b"back"));
    file.create_chunk(&mut back, Create::Chunk).unwrap();
    file.write_bytes(b"123456").unwrap();
    file.seek_mmio(-4, SeekOrigin::Current).unwrap();
    file.ascend(&mut back).unwrap();
    assert_eq!((back.size, file.position()), (2, 46));
    file.ascend(&mut form).unwrap();
    assert_eq!(form.size, 38);
    file.close().unwrap();
    let mut want = b"RIFF\x26\0\0\0TESTodd \x03\0\0\0abc\0exac\x04\0\0\0wxyzback\x02\0\0\0".to_vec();
    want.extend_from_slice(b"123456");
    assert_eq!(store.data(), want);
}

/// p09: Wine writes a chunk header into a read-only file (at close); we refuse.
#[test]
fn create_chunk_on_a_read_only_file_is_refused() {
    let store = Store::with_data(probe_riff());
    let mut file = open_store(&store, MMIO_READ, 16);
    file.seek_mmio(0, SeekOrigin::End).unwrap();
    let mut ck = ChunkInfo::new(FourCC::new(*b"abcd"));
    assert_eq!(file.create_chunk(&mut ck, Create::Chunk).unwrap_err().code(), ErrorCode::CannotWrite);
    file.close().unwrap();
    assert_eq!(store.data(), probe_riff());
}

/// p10: ascending a created chunk with the position before its data: Wine writes a
/// negative size (0xfffffffa) into the header; we refuse and write nothing.
#[test]
fn ascend_with_the_position_before_the_data_is_refused() {
    let store = Store::default();
    let mut file = open_store(&store, MMIO_READWRITE | MMIO_CREATE, 0);
    let mut ck = ChunkInfo::new(FourCC::new(*b"abcd"));
    file.create_chunk(&mut ck, Create::Chunk).unwrap();
    file.write_bytes(b"xy").unwrap();
    file.seek_mmio(2, SeekOrigin::Start).unwrap();
    assert_eq!(file.ascend(&mut ck).unwrap_err().code(), ErrorCode::CannotSeek);
    assert!(ck.is_dirty());
    file.close().unwrap();
    assert_eq!(store.data(), b"abcd\0\0\0\0xy");
}
