//! Closing releases the operating-system file: found by the `capi` fuzz target, which
//! ran out of descriptors after 3 million inputs. `MMIO_FHOPEN` keeps a *caller's*
//! descriptor open (docs/behavior.md §7); a file the library opened by name is its own, and
//! nobody else could ever close it. Linux only: it looks descriptors up in `/proc`.
#![cfg(target_os = "linux")]

mod common;

use std::os::fd::AsRawFd;
use std::path::Path;

use common::Scratch;
use winmmio::flags::MMIO_FHOPEN;
use winmmio::{Mmio, OpenOptions};

/// The file descriptor `fd` refers to `path`.
fn refers_to(fd: u32, path: &Path) -> bool {
    std::fs::read_link(format!("/proc/self/fd/{fd}")).is_ok_and(|target| target == path)
}

#[test]
fn close_with_fhopen_closes_a_file_opened_by_name() {
    let dir = Scratch::new("fd-named");
    let path = dir.counting_file("named.bin", 10);
    let path = std::fs::canonicalize(path).unwrap();
    for flags in [0, MMIO_FHOPEN] {
        for write in [false, true] {
            let mut options = OpenOptions::new();
            if write {
                options.read_write();
            }
            let file = options.open(&path).unwrap();
            let fd = file.info().proc_info[0];
            assert!(refers_to(fd, &path));
            file.close_with(flags).unwrap();
            assert!(!refers_to(fd, &path), "descriptor {fd} left open (flags {flags:#x}, write {write})");
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
    file.close_with(MMIO_FHOPEN).unwrap();
    assert!(refers_to(fd as u32, &path), "the caller's descriptor was closed");
    // The caller owns it again; this test leaves it open (closing a raw descriptor
    // would take `unsafe`).
}
