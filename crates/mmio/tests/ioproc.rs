//! docs/behavior.md §7: I/O procedures, the registry, messages.

mod common;

use common::{Msg, Scratch, Store};
use winmmio::flags::{MMIO_FHOPEN, MMIOM_USER};
use winmmio::registry::{self, Scope};
use winmmio::{CloseFlags, ErrorCode, FourCC, Mmio, OpenOptions, ProcRef};

#[test]
fn user_messages_reach_the_procedure() {
    let store = Store::default();
    let mut file = store.open(8);
    assert_eq!(file.send_message(MMIOM_USER, 2, 3).unwrap(), 5);
    assert_eq!(file.send_message(MMIOM_USER + 7, -1, 0).unwrap(), -1);
    for reserved in [0, 1, 2, 3, 4, 5, 6, MMIOM_USER - 1] {
        assert_eq!(file.send_message(reserved, 0, 0).unwrap_err().code(), ErrorCode::InvalidParam);
    }
    assert_eq!(store.take_log(), [Msg::User(MMIOM_USER, 2, 3), Msg::User(MMIOM_USER + 7, -1, 0)]);
    // The built-in procedures answer 0 to messages they do not know.
    let mut memory = Mmio::memory(vec![1, 2], 0).unwrap();
    assert_eq!(memory.send_message(MMIOM_USER, 1, 1).unwrap(), 0);
}

#[test]
fn close_flags_reach_the_procedure() {
    let store = Store::default();
    let file = store.open(8);
    file.close_with(CloseFlags::FHOPEN).unwrap();
    assert_eq!(store.take_log(), [Msg::Close(MMIO_FHOPEN)]);
}

#[test]
fn a_procedure_in_use_cannot_be_removed() {
    let store = Store::default();
    let fcc = FourCC::new(*b"USE1");
    let proc = registry::install(fcc, store.proc_ref(), Scope::Thread);
    let file = OpenOptions::new().io_proc_code(fcc).open("x").unwrap();
    let second = OpenOptions::new().io_proc_code(fcc).open("y").unwrap();
    assert_eq!(registry::remove(fcc, None).unwrap_err().code(), ErrorCode::SharingViolation);
    drop(file);
    assert!(registry::remove(fcc, Some(&proc)).is_err());
    drop(second);
    assert!(registry::remove(fcc, None).unwrap().same(&proc));
}

#[test]
fn builtins_can_be_shadowed_by_code_but_plain_names_keep_dos() {
    let dir = Scratch::new("shadow");
    let path = dir.counting_file("plain.bin", 4);
    let store = Store::with_data(b"shadow".to_vec());
    let shadow = registry::install(FourCC::DOS, store.proc_ref(), Scope::Thread);
    // By code: the newest installation.
    let mut file = OpenOptions::new().io_proc_code(FourCC::DOS).open(&path).unwrap();
    let mut b = [0; 6];
    assert_eq!(file.read_bytes(&mut b).unwrap(), 6);
    assert_eq!(&b, b"shadow");
    drop(file);
    // By name: a plain name always means the built-in file procedure.
    let mut file = Mmio::open(&path).unwrap();
    assert_eq!(file.read_bytes(&mut b).unwrap(), 4);
    assert_eq!(&b[..4], &[0, 1, 2, 3]);
    drop(file);
    assert!(registry::remove(FourCC::DOS, None).unwrap().same(&shadow));
    assert!(registry::remove(FourCC::DOS, None).is_err());
    assert!(registry::find(FourCC::DOS).unwrap().same(&ProcRef::dos()));

    // A shadowed MEM is an ordinary procedure: no memory-file behaviour.
    let store = Store::default();
    registry::install(FourCC::MEM, store.proc_ref(), Scope::Thread);
    let file = OpenOptions::new().read_write().open_memory(vec![0; 8]).unwrap();
    assert!(!file.is_memory());
    drop(file);
    registry::remove(FourCC::MEM, None).unwrap();
    assert!(OpenOptions::new().read_write().open_memory(vec![0; 8]).unwrap().is_memory());
}

#[test]
fn global_procedures_are_visible_to_other_threads() {
    let store = Store::with_data(b"global".to_vec());
    let fcc = FourCC::new(*b"GLB1");
    registry::install(fcc, store.proc_ref(), Scope::Global);
    let local = Store::with_data(b"local!".to_vec());
    registry::install(fcc, local.proc_ref(), Scope::Thread);
    let read_first = || {
        let mut file = Mmio::open("a.glb1+x").unwrap();
        let mut b = [0; 6];
        file.read_bytes(&mut b).unwrap();
        b
    };
    assert_eq!(&read_first(), b"local!");
    assert_eq!(&std::thread::spawn(read_first).join().unwrap(), b"global");
    // A thread's own installation is invisible elsewhere.
    let fcc2 = FourCC::new(*b"LOC2");
    registry::install(fcc2, local.proc_ref(), Scope::Thread);
    assert!(std::thread::spawn(move || registry::find(fcc2).is_none()).join().unwrap());
    registry::remove(fcc2, None).unwrap();
    registry::remove(fcc, None).unwrap();
    registry::remove(fcc, None).unwrap();
}

#[test]
fn the_procedure_keeps_the_disk_offset() {
    let dir = Scratch::new("diskoff");
    let path = dir.counting_file("f.bin", 100);
    let mut file = OpenOptions::new().buffer_size(10).open(&path).unwrap();
    file.read_bytes(&mut [0; 3]).unwrap();
    let info = file.info();
    assert_eq!((info.disk_offset, info.buffer_offset), (10, 0));
    file.read_bytes(&mut [0; 30]).unwrap();
    assert_eq!(file.info().disk_offset, 33);
}

#[test]
fn the_open_message_sees_the_buffer_flags() {
    // The buffer is set up before MMIOM_OPEN, so a procedure sees MMIO_ALLOCBUF there.
    let store = Store::default();
    let fcc = FourCC::new(*b"ALB1");
    let buffered = OpenOptions::new().buffer_size(16).io_proc(fcc, store.proc_ref()).open("b").unwrap();
    let unbuffered = OpenOptions::new().unbuffered().io_proc(fcc, store.proc_ref()).open("u").unwrap();
    assert_eq!(
        store.take_log(),
        [Msg::Open(Some("b".into()), winmmio::flags::MMIO_ALLOCBUF), Msg::Open(Some("u".into()), 0)]
    );
    drop((buffered, unbuffered));
}
