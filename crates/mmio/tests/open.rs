//! docs/behavior.md §2: opening files, choosing the I/O procedure, buffers, share modes,
//! and the parse / exist / delete / get-temp forms.

mod common;

use std::io::{Read, Seek, SeekFrom, Write};

use common::{Msg, Scratch, Store, counting};
use winmmio::flags::*;
use winmmio::registry::{self, Scope};
use winmmio::{Access, Buffering, CloseFlags, ErrorCode, FourCC, Mmio, OpenFlags, OpenOptions, ProcRef, Share};

#[test]
fn state_after_open_follows_the_buffer_choice() {
    let dir = Scratch::new("open-state");
    let path = dir.counting_file("f.bin", 100);

    let file = OpenOptions::new().unbuffered().open(&path).unwrap();
    let info = file.info();
    assert_eq!((info.flags, info.buffer_len, info.next, info.end_read, info.end_write), (OpenFlags::READ, 0, 0, 0, 0));
    assert_eq!((info.buffer_offset, info.disk_offset, info.io_proc), (0, 0, FourCC::DOS));

    let file = OpenOptions::new().buffer_size(100).open(&path).unwrap();
    let info = file.info();
    assert_eq!(
        (info.flags, info.buffer_len, info.next, info.end_read, info.end_write),
        (OpenFlags::ALLOCBUF, 100, 0, 0, 100)
    );

    let file = OpenOptions::new().open_with(Some(&path), Some(vec![0u8; 7])).unwrap();
    let info = file.info();
    assert_eq!((info.flags, info.buffer_len, info.end_write), (OpenFlags::READ, 7, 7));

    // A caller-supplied buffer of length 0: unbuffered.
    let mut file = OpenOptions::new().open_with(Some(&path), Some(Vec::new())).unwrap();
    assert_eq!(file.info().buffer_len, 0);
    assert_eq!(file.advance(winmmio::Advance::Read, None).unwrap_err().code(), ErrorCode::Unbuffered);

    let flags = OpenOptions::new().read_write().share(Share::DenyNone).create(true).flags();
    assert_eq!(flags, OpenFlags::READWRITE | OpenFlags::DENYNONE | OpenFlags::CREATE);
    assert_eq!(flags.bits(), MMIO_READWRITE | MMIO_DENYNONE | MMIO_CREATE);
    let file = OpenOptions::from_flags(flags | OpenFlags::ALLOCBUF).open(dir.path("new.bin")).unwrap();
    assert_eq!(file.info().flags, flags | OpenFlags::ALLOCBUF);
}

#[test]
fn memory_files_start_full_unless_created() {
    let file = Mmio::memory(counting(10), 0).unwrap();
    let info = file.info();
    assert_eq!((info.buffer_len, info.next, info.end_read, info.end_write), (10, 0, 10, 10));
    assert_eq!(info.io_proc, FourCC::MEM);
    assert!(file.is_memory());

    let file = OpenOptions::new().read_write().create(true).open_memory(counting(10)).unwrap();
    assert_eq!((file.info().end_read, file.info().buffer_len), (0, 10));

    // No block given: an internal one of the buffer size.
    let file = OpenOptions::new().read_write().io_proc_code(FourCC::MEM).buffer_size(64).open_with(None, None).unwrap();
    let info = file.info();
    assert_eq!((info.buffer_len, info.end_read), (64, 64));
    assert!(info.flags.contains(OpenFlags::ALLOCBUF));
}

#[test]
fn create_truncates_and_missing_files_are_reported() {
    let dir = Scratch::new("open-create");
    let path = dir.counting_file("f.bin", 100);
    let file = OpenOptions::new().create(true).open(&path).unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);

    let missing = dir.path("missing.bin");
    assert_eq!(Mmio::open(&missing).unwrap_err().code(), ErrorCode::FileNotFound);
    assert_eq!(OpenOptions::new().write().open(&missing).unwrap_err().code(), ErrorCode::FileNotFound);
    let no_dir = dir.path("no/such/dir/f.bin");
    assert_eq!(Mmio::open(&no_dir).unwrap_err().code(), ErrorCode::PathNotFound);
    assert_eq!(Mmio::create(&no_dir).unwrap_err().code(), ErrorCode::PathNotFound);
    // A directory cannot be written.
    assert_eq!(OpenOptions::new().write().open(&dir.0).unwrap_err().code(), ErrorCode::AccessDenied);
    let err = Mmio::open(&missing).unwrap_err();
    assert_eq!(err.operation(), Some(winmmio::Operation::Open));
    assert!(err.io_error().is_some());
}

#[test]
fn access_modes_are_enforced() {
    let dir = Scratch::new("open-access");
    let path = dir.counting_file("f.bin", 100);
    let mut reader = Mmio::open(&path).unwrap();
    assert_eq!(reader.write_bytes(b"x").unwrap_err().code(), ErrorCode::CannotWrite);
    assert!(reader.write(b"x").is_err());
    let mut writer = OpenOptions::new().write().open(&path).unwrap();
    assert_eq!(writer.read_bytes(&mut [0; 4]).unwrap_err().code(), ErrorCode::CannotRead);
    assert_eq!(writer.advance(winmmio::Advance::Read, None).unwrap_err().code(), ErrorCode::CannotRead);
    writer.write_all(b"abc").unwrap();
    writer.close().unwrap();
    assert_eq!(&std::fs::read(&path).unwrap()[..4], b"abc\x03");

    // MMIO_CREATE with read access: truncated, but still read-only.
    let mut file = OpenOptions::new().access(Access::Read).create(true).open(&path).unwrap();
    assert_eq!(file.write_bytes(b"x").unwrap_err().code(), ErrorCode::CannotWrite);
}

#[test]
fn invalid_flag_combinations_are_refused() {
    let dir = Scratch::new("open-flags");
    let path = dir.counting_file("f.bin", 10);
    for flags in [MMIO_WRITE | MMIO_READWRITE, 0x50, 0x70, MMIO_PARSE, MMIO_EXIST, MMIO_DELETE, MMIO_GETTEMP] {
        let err = OpenOptions::from_flags(OpenFlags::from_bits_retain(flags)).open(&path).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidFlag, "flags {flags:#x}");
    }
    assert!(path.exists());
}

/// Linux only: it looks the descriptor up in `/proc`.
#[cfg(target_os = "linux")]
#[test]
fn adopted_files_keep_their_offset_and_can_stay_open() {
    let dir = Scratch::new("open-adopt");
    let path = dir.counting_file("f.bin", 100);
    let mut os_file = std::fs::File::options().read(true).write(true).open(&path).unwrap();
    os_file.seek(SeekFrom::Start(40)).unwrap();
    let keep = os_file.try_clone().unwrap();
    let mut file = Mmio::from_file(os_file).unwrap();
    assert_eq!(file.position(), 40);
    assert_eq!(file.info().buffer_offset, 40);
    let mut b = [0; 2];
    file.read_exact(&mut b).unwrap();
    assert_eq!(b, [40, 41]);
    file.close().unwrap();
    drop(keep);

    // MMIO_FHOPEN: the descriptor outlives the handle.
    let os_file = std::fs::File::open(&path).unwrap();
    let fd = std::os::fd::AsRawFd::as_raw_fd(&os_file);
    let file = OpenOptions::new().open_file(os_file).unwrap();
    file.close_with(CloseFlags::FHOPEN).unwrap();
    let link = std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap();
    assert_eq!(link, path);
    // The descriptor stays open until the test process exits (closing a raw
    // descriptor needs `unsafe`, which these tests do without).
}

#[test]
fn an_adopted_descriptor_closed_with_fhopen_is_left_at_the_disk_offset() {
    let dir = Scratch::new("open-adopt-offset");
    let path = dir.counting_file("f.bin", 100);
    let mut os_file = std::fs::File::options().read(true).write(true).open(&path).unwrap();
    os_file.seek(SeekFrom::Start(10)).unwrap();
    let mut keep = os_file.try_clone().unwrap();
    let mut file = OpenOptions::new().read_write().buffer_size(16).open_file(os_file).unwrap();
    file.seek(SeekFrom::Start(60)).unwrap();
    let mut b = [0; 2];
    file.read_exact(&mut b).unwrap();
    assert_eq!(b, [60, 61]);
    file.seek(SeekFrom::End(-4)).unwrap();
    file.write_all(&[1, 2]).unwrap();
    file.flush().unwrap();
    let disk_offset = file.info().disk_offset;
    assert_eq!(disk_offset, 98);
    file.close_with(CloseFlags::FHOPEN).unwrap();
    assert_eq!(keep.stream_position().unwrap(), disk_offset);
    let mut rest = Vec::new();
    keep.read_to_end(&mut rest).unwrap();
    assert_eq!(rest, [98, 99]);
    let data = std::fs::read(&path).unwrap();
    assert_eq!(&data[94..], &[94, 95, 1, 2, 98, 99]);
}

#[test]
fn procedure_choice_by_code_by_name_and_per_open() {
    let store = Store::with_data(counting(50));
    let fcc = FourCC::new(*b"OPN1");
    // Nothing installed: code and compound name both fail.
    let err = OpenOptions::new().io_proc_code(fcc).open("x").unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileNotFound);
    assert_eq!(Mmio::open("dir/arch.opn1+elem").unwrap_err().code(), ErrorCode::FileNotFound);

    registry::install(fcc, store.proc_ref(), Scope::Thread);
    let mut file = OpenOptions::new().proc_info([7, 8, 9]).open("dir/arch.opn1+elem").unwrap();
    assert_eq!(file.info().io_proc, fcc);
    assert_eq!(file.info().proc_info, [7, 8, 9]);
    let mut b = [0; 3];
    file.read_exact(&mut b).unwrap();
    assert_eq!(b, [0, 1, 2]);
    drop(file);
    let log = store.take_log();
    // The open message gets the whole name (and MMIO_ALLOCBUF for the internal buffer,
    // as the Wine oracle showed), and no seek comes before the first read.
    assert_eq!(log[0], Msg::Open(Some("dir/arch.opn1+elem".into()), MMIO_READ | MMIO_ALLOCBUF));
    assert_eq!(log[1], Msg::Read { at: 0, len: MMIO_DEFAULTBUFFER });
    assert_eq!(log.last(), Some(&Msg::Close(0)));

    let file = OpenOptions::new().io_proc_code(fcc).open("plain-name").unwrap();
    assert_eq!(file.info().io_proc, fcc);
    drop(file);
    registry::remove(fcc, None).unwrap();

    // A procedure for one open only: findable while open, gone after.
    let fcc = FourCC::new(*b"OPN2");
    let proc = store.proc_ref();
    let file = OpenOptions::new().io_proc(fcc, proc.clone()).open("anything").unwrap();
    assert!(registry::find(fcc).unwrap().same(&proc));
    assert!(registry::remove(fcc, None).is_err());
    drop(file);
    assert!(registry::find(fcc).is_none());
}

#[test]
fn open_failures_of_a_procedure_are_returned() {
    struct Refuse;
    impl winmmio::IoProc for Refuse {
        fn open(&mut self, _: &mut winmmio::ProcState, _: Option<&std::path::Path>) -> winmmio::Result<()> {
            Err(ErrorCode::AccessDenied.into())
        }
        fn close(&mut self, _: &mut winmmio::ProcState, _: CloseFlags) -> winmmio::Result<()> {
            unreachable!("a failed open is not closed")
        }
        fn read(&mut self, _: &mut winmmio::ProcState, _: &mut [u8]) -> winmmio::Result<usize> {
            unreachable!()
        }
        fn write(&mut self, _: &mut winmmio::ProcState, _: &[u8]) -> winmmio::Result<usize> {
            unreachable!()
        }
        fn seek(&mut self, _: &mut winmmio::ProcState, _: i64, _: winmmio::SeekOrigin) -> winmmio::Result<u64> {
            unreachable!()
        }
    }
    let fcc = FourCC::new(*b"RFSE");
    let proc = ProcRef::from_fn(|| Refuse);
    let err = OpenOptions::new().io_proc(fcc, proc).open("x").unwrap_err();
    assert_eq!(err.code(), ErrorCode::AccessDenied);
    assert!(registry::find(fcc).is_none());
}

#[test]
fn share_modes_between_handles() {
    let dir = Scratch::new("share");
    let path = dir.counting_file("f.bin", 10);
    let open = |access: Access, share: Share| OpenOptions::new().access(access).share(share).open(&path);
    let violation = |r: winmmio::Result<Mmio>| r.map(drop).unwrap_err().code() == ErrorCode::SharingViolation;

    let exclusive = open(Access::Read, Share::Exclusive).unwrap();
    assert!(violation(open(Access::Read, Share::DenyNone)));
    assert!(violation(open(Access::Read, Share::Compat)));
    assert!(violation(open(Access::Write, Share::DenyNone)));
    drop(exclusive);

    let deny_write = open(Access::Read, Share::DenyWrite).unwrap();
    let second_reader = open(Access::Read, Share::DenyNone).unwrap();
    assert!(violation(open(Access::Write, Share::DenyNone)));
    assert!(violation(open(Access::ReadWrite, Share::Compat)));
    drop((deny_write, second_reader));

    let writer = open(Access::Write, Share::DenyNone).unwrap();
    assert!(violation(open(Access::Read, Share::DenyWrite)));
    assert!(violation(open(Access::Read, Share::Exclusive)));
    let reader = open(Access::Read, Share::DenyRead).unwrap();
    assert!(violation(open(Access::Read, Share::DenyNone)));
    drop((writer, reader));

    let a = open(Access::ReadWrite, Share::Compat).unwrap();
    let b = open(Access::ReadWrite, Share::DenyNone).unwrap();
    drop((a, b));
    let _ = open(Access::ReadWrite, Share::Exclusive).unwrap();
}

#[test]
fn a_refused_create_does_not_truncate() {
    let dir = Scratch::new("share-create");
    let path = dir.counting_file("f.bin", 10);
    let guard = OpenOptions::new().share(Share::Exclusive).open(&path).unwrap();
    let err = OpenOptions::new().write().create(true).open(&path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::SharingViolation);
    drop(guard);
    assert_eq!(std::fs::read(&path).unwrap(), counting(10));
}

#[test]
fn exist_delete_parse_and_temp_names() {
    let dir = Scratch::new("open-names");
    let path = dir.counting_file("f.bin", 10);
    let options = OpenOptions::new();
    options.exists(&path).unwrap();
    assert_eq!(options.exists(dir.path("nope")).unwrap_err().code(), ErrorCode::FileNotFound);
    assert_eq!(options.exists(dir.path("no/dir")).unwrap_err().code(), ErrorCode::PathNotFound);
    options.delete(&path).unwrap();
    assert!(!path.exists());
    assert_eq!(options.delete(&path).unwrap_err().code(), ErrorCode::FileNotFound);

    let full = winmmio::full_path("sub/../f.bin").unwrap();
    assert_eq!(full, std::env::current_dir().unwrap().join("f.bin"));

    let temp = winmmio::temp_file_name(dir.path("ab")).unwrap();
    assert!(temp.exists());
    let mut file = OpenOptions::new().write().open(&temp).unwrap();
    file.write_all(b"x").unwrap();
}

#[test]
fn rename_goes_to_the_procedure() {
    let dir = Scratch::new("rename");
    let from = dir.counting_file("a.bin", 3);
    let to = dir.path("b.bin");
    OpenOptions::new().rename(&from, &to).unwrap();
    assert!(!from.exists() && to.exists());
    assert_eq!(OpenOptions::new().rename(&from, &to).unwrap_err().code(), ErrorCode::FileNotFound);

    let store = Store::default();
    let fcc = FourCC::new(*b"REN1");
    registry::install(fcc, store.proc_ref(), Scope::Thread);
    OpenOptions::new().rename("x.ren1+a", "x.ren1+b").unwrap();
    assert_eq!(store.take_log(), [Msg::Rename("x.ren1+a".into(), "x.ren1+b".into())]);
    registry::remove(fcc, None).unwrap();
}

#[test]
fn set_buffer_at_open_equivalents() {
    let dir = Scratch::new("open-setbuf");
    let path = dir.counting_file("f.bin", 20);
    let mut file = OpenOptions::new().unbuffered().open(&path).unwrap();
    file.set_buffer(Buffering::Internal(8)).unwrap();
    assert!(file.info().flags.contains(OpenFlags::ALLOCBUF));
    file.set_buffer(Buffering::User(vec![0; 4])).unwrap();
    assert!(!file.info().flags.contains(OpenFlags::ALLOCBUF));
}
