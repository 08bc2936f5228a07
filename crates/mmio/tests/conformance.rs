//! docs/behavior.md statements that no other test file asserted: each test names the
//! section it checks (the full map of statements to tests is `docs/conformance.md`).
//!
//! No test here opens a file with a restrictive share mode: one test starts a child
//! process, which holds every open file description of this process until it execs.

mod common;

use common::{Faults, Msg, Store, counting};
use winmmio::flags::*;
use winmmio::registry::{self, Scope};
use winmmio::{ChunkFlags, ChunkInfo, Create, ErrorCode, Find, FourCC, Mmio, OpenFlags, OpenOptions, SeekOrigin};

/// §1, §7: the flag, message and size constants of the Rust API have the values of
/// `mmsystem.h`, the shared values included.
#[test]
fn constants_have_the_windows_values() {
    let values = [
        (MMIO_READ, 0),
        (MMIO_WRITE, 1),
        (MMIO_READWRITE, 2),
        (MMIO_RWMODE, 3),
        (MMIO_COMPAT, 0),
        (MMIO_EXCLUSIVE, 0x10),
        (MMIO_DENYWRITE, 0x20),
        (MMIO_DENYREAD, 0x30),
        (MMIO_DENYNONE, 0x40),
        (MMIO_SHAREMODE, 0x70),
        (MMIO_CREATE, 0x1000),
        (MMIO_PARSE, 0x100),
        (MMIO_DELETE, 0x200),
        (MMIO_EXIST, 0x4000),
        (MMIO_ALLOCBUF, 0x10000),
        (MMIO_GETTEMP, 0x20000),
        (MMIO_DIRTY, 0x1000_0000),
        (MMIO_INSTALLPROC, 0x10000),
        (MMIO_GLOBALPROC, 0x1000_0000),
        (MMIO_REMOVEPROC, 0x20000),
        (MMIO_UNICODEPROC, 0x0100_0000),
        (MMIO_FINDPROC, 0x40000),
        (MMIOM_READ, 0),
        (MMIOM_WRITE, 1),
        (MMIOM_SEEK, 2),
        (MMIOM_OPEN, 3),
        (MMIOM_CLOSE, 4),
        (MMIOM_WRITEFLUSH, 5),
        (MMIOM_RENAME, 6),
        (MMIOM_USER, 0x8000),
    ];
    for (i, (value, want)) in values.into_iter().enumerate() {
        assert_eq!(value, want, "constant #{i}");
    }
    // The shared values.
    for flag in [MMIO_FHOPEN, MMIO_EMPTYBUF, MMIO_TOUPPER, MMIO_FINDCHUNK] {
        assert_eq!(flag, 0x10);
    }
    assert_eq!((MMIO_FINDRIFF, MMIO_CREATERIFF), (0x20, 0x20));
    assert_eq!((MMIO_FINDLIST, MMIO_CREATELIST), (0x40, 0x40));
    assert_eq!((MMIO_DEFAULTBUFFER, CFSEPCHAR), (8192, b'+'));
}

/// §2: `fccIOProc` selects the newest installation of the code.
#[test]
fn open_by_code_uses_the_newest_installation() {
    let fcc = FourCC::new(*b"CNF1");
    let old = Store::with_data(b"old".to_vec());
    let new = Store::with_data(b"new".to_vec());
    registry::install(fcc, old.proc_ref(), Scope::Thread);
    let newest = registry::install(fcc, new.proc_ref(), Scope::Thread);
    let first_bytes = || {
        let mut file = OpenOptions::new().io_proc_code(fcc).open("x").unwrap();
        let mut b = [0; 3];
        assert_eq!(file.read_bytes(&mut b).unwrap(), 3);
        b
    };
    assert_eq!(&first_bytes(), b"new");
    assert!(registry::remove(fcc, Some(&newest)).is_ok());
    assert_eq!(&first_bytes(), b"old");
    registry::remove(fcc, None).unwrap();
    let err = OpenOptions::new().io_proc_code(fcc).open("x").unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileNotFound);
}

/// §2: running out of file descriptors is `MMIOERR_TOOMANYOPENFILES`. A child process
/// with a low descriptor limit (set by the shell) opens files until refused. Unix only
/// (`ulimit`).
#[cfg(unix)]
#[test]
fn too_many_open_files_is_reported() {
    if let Ok(path) = std::env::var("MMIO_TEST_OPEN_UNTIL_REFUSED") {
        let mut open = Vec::new();
        let err = loop {
            match Mmio::open(&path) {
                Ok(file) => open.push(file),
                Err(err) => break err,
            }
            assert!(open.len() < 1000, "the descriptor limit was not applied");
        };
        assert_eq!(err.code(), ErrorCode::TooManyOpenFiles, "{err}");
        return;
    }
    let dir = common::Scratch::new("emfile");
    let path = dir.counting_file("f.bin", 4);
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 24 && exec \"$0\" --exact too_many_open_files_is_reported --test-threads=1")
        .arg(std::env::current_exe().unwrap())
        .env("MMIO_TEST_OPEN_UNTIL_REFUSED", &path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// §3: a read refills the buffer as often as needed, here from a procedure that
/// delivers at most 3 bytes per message.
#[test]
fn reads_refill_as_often_as_needed() {
    let store = Store::with_data(counting(40));
    store.set_faults(Faults { short_reads: Some(3), ..Faults::default() });
    let mut file =
        OpenOptions::new().buffer_size(8).io_proc(FourCC::new(*b"SHRT"), store.proc_ref()).open("s").unwrap();
    store.take_log();
    let mut b = [0; 8];
    assert_eq!(file.read_bytes(&mut b).unwrap(), 8);
    assert_eq!(b.to_vec(), counting(8));
    let reads = store.take_log().iter().filter(|m| matches!(m, Msg::Read { .. })).count();
    assert_eq!(reads, 3);
    // Starting inside the loaded bytes and running past them: the buffer is left empty
    // at the new position.
    let mut b = [0; 6];
    assert_eq!(file.read_bytes(&mut b).unwrap(), 6);
    assert_eq!(b.to_vec(), counting(14)[8..]);
    let info = file.info();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (14, 0, 0));
}

/// Bad input and faults: a procedure whose seek lands elsewhere than asked gets
/// `MMIOERR_CANNOTSEEK`, and the file's position does not move.
#[test]
fn a_procedure_that_seeks_elsewhere_gets_an_error() {
    let store = Store::with_data(counting(100));
    store.set_faults(Faults { overshoot_seeks: true, ..Faults::default() });
    let mut file =
        OpenOptions::new().buffer_size(8).io_proc(FourCC::new(*b"LIAR"), store.proc_ref()).open("s").unwrap();
    assert_eq!(file.seek_mmio(50, SeekOrigin::Start).unwrap_err().code(), ErrorCode::CannotSeek);
    assert_eq!(file.position(), 0);
    let mut b = [0; 2];
    assert_eq!(file.read_bytes(&mut b).unwrap(), 2);
    assert_eq!(b, [0, 1], "the next read goes back to the position");
}

/// §6: FINDLIST skips other chunks and, with type 0, takes the first LIST; a found
/// chunk's dwFlags is 0, and an ordinary chunk's fccType 0, whatever the caller left
/// there.
#[test]
fn find_list_with_type_zero_takes_the_first_list() {
    let v = b"RIFF\x28\0\0\0TESTJUNK\x02\0\0\0..LIST\x04\0\0\0adtlLIST\x06\0\0\0INFOab".to_vec();
    assert_eq!(v.len(), 48);
    let mut file = Mmio::memory(v, 0).unwrap();
    let mut riff = ChunkInfo { flags: ChunkFlags::DIRTY, ..ChunkInfo::default() };
    file.descend(&mut riff, None, Find::Here).unwrap();
    assert_eq!(riff.flags, ChunkFlags::empty());
    let mut list = ChunkInfo { flags: ChunkFlags::DIRTY, ..ChunkInfo::list(FourCC::default()) };
    file.descend(&mut list, Some(&riff), Find::List).unwrap();
    assert_eq!(
        (list.id, list.form, list.size, list.data_offset, list.flags),
        (FourCC::LIST, FourCC::new(*b"adtl"), 4, 30, ChunkFlags::empty())
    );
    assert_eq!(file.position(), 34);
    // An ordinary chunk's fccType is 0, whatever the caller left there.
    file.seek_mmio(12, SeekOrigin::Start).unwrap();
    let mut junk = ChunkInfo { form: FourCC::WAVE, flags: ChunkFlags::DIRTY, ..ChunkInfo::new(FourCC::JUNK) };
    file.descend(&mut junk, Some(&riff), Find::Chunk).unwrap();
    assert_eq!((junk.size, junk.form, junk.data_offset, junk.flags), (2, FourCC::default(), 20, ChunkFlags::empty()));
    let mut info = ChunkInfo::list(FourCC::INFO);
    file.seek_mmio(12, SeekOrigin::Start).unwrap();
    file.descend(&mut info, Some(&riff), Find::List).unwrap();
    assert_eq!((info.data_offset, file.position()), (42, 46));
}

/// §6, §8: mmioAscend reports a failed write of the pad byte or size field as
/// `MMIOERR_CANNOTWRITE` and a failed seek as `MMIOERR_CANNOTSEEK`; the chunk stays
/// dirty, so a later ascend can finish the job.
#[test]
fn ascend_reports_write_and_seek_failures() {
    let store = Store::default();
    let mut file = store.open(0);
    let mut ck = ChunkInfo::new(FourCC::new(*b"odd "));
    file.create_chunk(&mut ck, Create::Chunk).unwrap();
    file.write_bytes(b"abc").unwrap();
    store.set_faults(Faults { fail_writes: true, ..Faults::default() });
    assert_eq!(file.ascend(&mut ck).unwrap_err().code(), ErrorCode::CannotWrite);
    assert!(ck.is_dirty());
    store.set_faults(Faults { fail_seeks: true, ..Faults::default() });
    assert_eq!(file.position(), 11);
    assert_eq!(file.ascend(&mut ck).unwrap_err().code(), ErrorCode::CannotSeek);
    assert!(ck.is_dirty());
    store.set_faults(Faults::default());
    file.seek_mmio(11, SeekOrigin::Start).unwrap();
    file.ascend(&mut ck).unwrap();
    file.close().unwrap();
    assert_eq!(store.data(), b"odd \x03\0\0\0abc\0");
}

/// §8: a handle may move to another thread and go on there.
#[test]
fn handles_can_move_between_threads() {
    fn is_send<T: Send>(_: &T) {}
    let mut file = Mmio::memory(counting(10), 0).unwrap();
    is_send(&file);
    file.seek_mmio(4, SeekOrigin::Start).unwrap();
    let got = std::thread::spawn(move || {
        let mut b = [0; 2];
        file.read_bytes(&mut b).unwrap();
        b
    })
    .join()
    .unwrap();
    assert_eq!(got, [4, 5]);
}

/// §4, §8: writing dirty data out fails with `MMIOERR_CANNOTWRITE` also when the
/// procedure cannot seek to where the data goes (mmioFlush, mmioSetBuffer, mmioClose),
/// and the data stays in the buffer.
#[test]
fn a_write_out_that_cannot_seek_is_a_write_failure() {
    let store = Store::with_data(counting(40));
    let mut file = store.open(8);
    file.read_bytes(&mut [0; 2]).unwrap();
    file.write_bytes(b"ab").unwrap();
    store.set_faults(Faults { fail_seeks: true, ..Faults::default() });
    assert_eq!(file.flush_buffer().unwrap_err().code(), ErrorCode::CannotWrite);
    let err = file.set_buffer(winmmio::Buffering::Internal(16)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CannotWrite);
    assert!(file.info().is_dirty());
    assert_eq!(file.info().buffer_len, 8);
    store.set_faults(Faults::default());
    file.flush_buffer().unwrap();
    file.write_bytes(b"c").unwrap();
    store.set_faults(Faults { fail_seeks: true, ..Faults::default() });
    assert_eq!(file.close().unwrap_err().code(), ErrorCode::CannotWrite);
    let mut want = counting(40);
    want[2..4].copy_from_slice(b"ab");
    assert_eq!(store.data(), want);
}

/// §7: mmioRename goes to the procedure chosen as for open, here by `fccIOProc` with
/// plain names.
#[test]
fn rename_by_code_reaches_that_procedure() {
    let store = Store::default();
    let fcc = FourCC::new(*b"CNF2");
    let installed = registry::install(fcc, store.proc_ref(), Scope::Thread);
    OpenOptions::new().io_proc_code(fcc).rename("old", "new").unwrap();
    assert_eq!(store.take_log(), [Msg::Rename("old".into(), "new".into())]);
    registry::remove(fcc, Some(&installed)).unwrap();
    let err = OpenOptions::new().io_proc_code(fcc).rename("old", "new").unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileNotFound);
}

/// §3: a zero-length request touches nothing and returns 0, whatever the access mode
/// (as mmioRead and mmioWrite with a count of 0 do in the C library).
#[test]
fn zero_length_requests_succeed_in_every_mode() {
    let store = Store::with_data(counting(10));
    for (flags, buffer) in [(OpenFlags::READ, 8), (OpenFlags::WRITE, 8), (OpenFlags::READ, 0), (OpenFlags::WRITE, 0)] {
        let mut file = OpenOptions::from_flags(flags)
            .buffer_size(buffer)
            .io_proc(FourCC::new(*b"ZERO"), store.proc_ref())
            .open("z")
            .unwrap();
        store.take_log();
        assert_eq!(file.read_bytes(&mut []).unwrap(), 0, "{flags:?} buffer {buffer}");
        assert_eq!(file.write_bytes(&[]).unwrap(), 0, "{flags:?} buffer {buffer}");
        let info = file.info();
        assert_eq!((info.buffer_offset, info.next, info.end_read, info.is_dirty()), (0, 0, 0, false));
        assert_eq!(store.take_log(), []);
    }
}
