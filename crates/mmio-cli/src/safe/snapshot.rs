//! [`Snapshot`]: what a file was when a command opened it (which file on disk, its
//! size and modification time, permissions, owner, links), to compare files by device
//! and inode instead of by name, and to tell whether another program changed it.

use std::fs::{self, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use winmmio::{FourCC, Mmio};

use super::os::{self, FileKey};

/// What a file was when it was opened.
#[derive(Clone, Debug)]
pub struct Snapshot {
    path: PathBuf,
    key: FileKey,
    len: u64,
    modified: Option<SystemTime>,
    mode: u32,
    owner: Option<(u32, u32)>,
    links: u64,
}

impl Snapshot {
    /// The file `path` as `meta` describes it.
    pub(super) fn of(path: &Path, meta: &Metadata) -> Snapshot {
        Snapshot {
            path: path.to_path_buf(),
            key: os::file_key(path, meta),
            len: meta.len(),
            modified: meta.modified().ok(),
            mode: os::mode(meta),
            owner: os::owner(meta),
            links: os::links(meta),
        }
    }

    /// The file that `mmio` (opened from `path`) reads: asked through its descriptor, so
    /// it is the file being read even if `path` was renamed or replaced since. Where the
    /// descriptor cannot be asked (no `/proc`, Windows), `path` is.
    pub fn of_open(mmio: &Mmio, path: &Path) -> io::Result<Snapshot> {
        let meta = match descriptor_path(mmio) {
            Some(fd) => fs::metadata(fd).or_else(|_| fs::metadata(path))?,
            None => fs::metadata(path)?,
        };
        Ok(Snapshot::of(path, &meta))
    }

    /// The name the user gave the file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// The permission bits (with set-user-ID, set-group-ID and sticky).
    pub fn permissions(&self) -> u32 {
        self.mode
    }

    /// The owner (user and group IDs), where the system tells.
    pub fn owner(&self) -> Option<(u32, u32)> {
        self.owner
    }

    /// How many names (hard links) the file has.
    pub fn links(&self) -> u64 {
        self.links
    }

    /// True when the file `path`, which `meta` describes, is the same file on disk
    /// (device and inode).
    pub fn is_same_file(&self, path: &Path, meta: &Metadata) -> bool {
        os::file_key(path, meta) == self.key
    }

    /// True when `now` is the same file with the same size and modification time: no
    /// one wrote to it in between.
    pub fn is_unchanged(&self, now: &Snapshot) -> bool {
        (&now.key, now.len, now.modified) == (&self.key, self.len, self.modified)
    }
}

/// A path that names the open file of `mmio` itself, when it has one.
fn descriptor_path(mmio: &Mmio) -> Option<PathBuf> {
    let info = mmio.info();
    if info.io_proc != FourCC::DOS {
        return None;
    }
    os::descriptor_path(info.proc_info[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::safe::test_dir::TestDir;

    #[test]
    fn the_open_file_is_asked_not_its_name() {
        let dir = TestDir::new("snapshot");
        let (a, b) = (dir.join("a"), dir.join("b"));
        fs::write(&a, b"first").unwrap();
        fs::write(&b, b"second file").unwrap();
        let mmio = winmmio::OpenOptions::new().open(&a).unwrap();
        let before = Snapshot::of_open(&mmio, &a).unwrap();
        assert_eq!(before.len(), 5);
        assert_eq!(before.links(), 1);
        // `a` now names another file; the open one is still the first.
        fs::rename(&b, &a).unwrap();
        let after = Snapshot::of_open(&mmio, &a).unwrap();
        assert!(before.is_unchanged(&after));
        assert!(!before.is_same_file(&a, &fs::metadata(&a).unwrap()));
    }
}
