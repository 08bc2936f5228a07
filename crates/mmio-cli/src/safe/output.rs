//! [`Output`]: the file of `-o`. A new or replaced regular file is written to a
//! temporary file in its directory and renamed at the end, so a failure leaves nothing
//! behind and an existing file is only replaced with `--force`; a device, FIFO or
//! standard output is written straight into and never replaced.

use std::fs::{self, File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use super::Snapshot;
use super::os;
use super::temp::{Temporary, directory_of};
use crate::console;
use crate::fail::Failure;

/// Where the bytes of `-o` go until [`commit`](Output::commit).
#[derive(Debug)]
pub struct Output {
    /// The name the user gave.
    path: PathBuf,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// A temporary file that becomes `target`.
    Staged {
        temp: Temporary,
        /// The file to create or replace (symbolic links resolved).
        target: PathBuf,
        /// `target` exists and `--force` allows replacing it.
        replace: bool,
        /// The permissions it gets.
        mode: u32,
    },
    /// A device, FIFO or standard output, written as the bytes come.
    Stream {
        file: File,
        /// It is this process's standard output.
        stdout: bool,
        /// A block device or a regular file (stdout): synced at the end.
        durable: bool,
    },
}

impl Output {
    /// The output `path` for a command reading `input`. A new file gets `new_mode`
    /// (less the umask); a replaced one keeps its permissions. Refused: the input itself
    /// (by device and inode, through any name or link), an existing file or block device
    /// without `force`, a directory, a symbolic link to nothing.
    pub fn create(input: &Snapshot, path: &Path, force: bool, new_mode: u32) -> Result<Output, Failure> {
        let refuse = |reason: &str| Err(Failure::new(path, reason));
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if fs::symlink_metadata(path).is_ok() {
                    return refuse("is a symbolic link to a missing file: name the file itself");
                }
                return Output::staged(path, path.to_path_buf(), false, new_mode & !os::umask());
            }
            Err(e) => return Err(Failure::io(path, "cannot create", e)),
        };
        if input.is_same_file(path, &meta) {
            return refuse("is the file being read: choose another output");
        }
        if console::stdout_metadata().is_some_and(|stdout| same_file(&stdout, &meta) == Some(true)) {
            let file = console::stdout_file().map_err(|e| Failure::io(path, "cannot write", e))?;
            return Ok(Output { path: path.to_path_buf(), kind: Kind::Stream { file, stdout: true, durable: false } });
        }
        let kind = meta.file_type();
        if kind.is_dir() {
            return refuse("is a directory");
        }
        if kind.is_file() {
            if !force {
                return refuse("exists: use --force to replace it");
            }
            let real = fs::canonicalize(path).map_err(|e| Failure::io(path, "cannot create", e))?;
            return Output::staged(path, real, true, os::mode(&meta) & 0o777);
        }
        if os::is_block_device(&meta) && !force {
            return refuse("is a block device: use --force to write into it");
        }
        Output::stream(path, &meta)
    }

    fn staged(path: &Path, target: PathBuf, replace: bool, mode: u32) -> Result<Output, Failure> {
        let name = target.file_name().ok_or_else(|| Failure::new(path, "is not a file name"))?;
        let temp = Temporary::create(directory_of(&target), name).map_err(|e| Failure::io(path, "cannot create", e))?;
        Ok(Output { path: path.to_path_buf(), kind: Kind::Staged { temp, target, replace, mode } })
    }

    /// Opens the device or FIFO `path` (which `meta` describes) for writing, without
    /// creating or truncating anything.
    fn stream(path: &Path, meta: &Metadata) -> Result<Output, Failure> {
        let file = os::open_stream(path).map_err(|e| Failure::io(path, "cannot open", e))?;
        let opened = file.metadata().map_err(|e| Failure::io(path, "cannot open", e))?;
        if same_file(&opened, meta) == Some(false) || opened.is_file() {
            return Err(Failure::new(path, "was replaced by another file while being opened: try again"));
        }
        let durable = os::is_block_device(&opened);
        Ok(Output { path: path.to_path_buf(), kind: Kind::Stream { file, stdout: false, durable } })
    }

    /// Where to write the bytes: a temporary file, which can be read back before the
    /// commit, or a device, FIFO or stdout, which gets them as they are written.
    pub fn writer(&mut self) -> &mut File {
        match &mut self.kind {
            Kind::Staged { temp, .. } => temp.file(),
            Kind::Stream { file, .. } => file,
        }
    }

    /// The temporary file the bytes were written to, to read them back before the
    /// commit; `None` for a stream.
    pub fn written(&mut self) -> Option<&mut File> {
        match &mut self.kind {
            Kind::Staged { temp, .. } => Some(temp.file()),
            Kind::Stream { .. } => None,
        }
    }

    /// True when the bytes go to standard output (messages must then go to stderr).
    pub fn is_stdout(&self) -> bool {
        matches!(self.kind, Kind::Stream { stdout: true, .. })
    }

    /// The name the user gave.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the bytes durable and puts them in place: the temporary file gets its
    /// permissions, is synced, and is renamed to the target (replacing it only if
    /// `--force` allowed it, never a file that appeared meanwhile), then the directory
    /// is synced; a stream is synced if it is a block device. Dropping the output
    /// instead removes the temporary file.
    pub fn commit(self) -> Result<(), Failure> {
        let path = self.path;
        let failed = |e| Failure::io(&path, "cannot write", e);
        match self.kind {
            Kind::Staged { mut temp, target, replace, mode } => {
                let file = temp.file();
                os::set_mode(file, mode).map_err(failed)?;
                file.sync_all().map_err(failed)?;
                if replace {
                    temp.replace(&target).map_err(failed)
                } else {
                    temp.publish_new(&target).map_err(|e| match e.kind() {
                        io::ErrorKind::AlreadyExists => {
                            Failure::new(&path, "appeared while mmio was writing it: use --force to replace it")
                        }
                        _ => failed(e),
                    })
                }
            }
            Kind::Stream { file, durable, .. } => if durable { file.sync_all() } else { Ok(()) }.map_err(failed),
        }
    }
}

/// Whether `a` and `b` describe the same file on disk, where the system tells.
fn same_file(a: &Metadata, b: &Metadata) -> Option<bool> {
    Some(os::inode(a)? == os::inode(b)?)
}
