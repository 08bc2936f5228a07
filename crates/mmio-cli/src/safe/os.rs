//! What the safe file handling needs from the operating system: on Unix, the real thing
//! (device and inode, `O_NOFOLLOW`, modes, owners, `fsync` of directories, process
//! IDs); on Windows, what its standard library offers (files are told apart by their
//! full path, hard links and owners are not seen, leftovers are not cleaned).

use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

pub use imp::*;

/// Which file on disk a path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKey {
    /// Device and inode (Unix).
    Inode(u64, u64),
    /// The full path, links resolved (Windows; or when it cannot be told).
    Path(PathBuf),
}

/// The key of the file `path`, which `meta` describes.
pub fn file_key(path: &Path, meta: &Metadata) -> FileKey {
    match inode(meta) {
        Some((dev, ino)) => FileKey::Inode(dev, ino),
        None => FileKey::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())),
    }
}

/// Reads what `file` has at `at`, up to `buf.len()` bytes (less at its end).
pub fn read_up_to(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match read_at(file, &mut buf[done..], at + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Writes all of `buf` into `file` at `at`.
pub fn write_all_at(file: &File, mut buf: &[u8], mut at: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match write_at(file, buf, at) {
            Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
            Ok(n) => {
                buf = &buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(unix)]
mod imp {
    use std::fs::{self, File, Metadata, OpenOptions};
    use std::io;
    use std::os::unix::fs::{FileExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
    use std::path::Path;

    use nix::libc;

    /// Device and inode.
    pub fn inode(meta: &Metadata) -> Option<(u64, u64)> {
        Some((meta.dev(), meta.ino()))
    }

    pub(super) fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
        file.read_at(buf, at)
    }

    pub(super) fn write_at(file: &File, buf: &[u8], at: u64) -> io::Result<usize> {
        file.write_at(buf, at)
    }

    /// Creates `path` for reading and writing, mode 0600: fails if anything has that
    /// name, a symbolic link included (even one pointing nowhere).
    pub fn open_new(path: &Path) -> io::Result<File> {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
    }

    /// Opens the existing file `path` (not a symbolic link) with `options`.
    pub fn open_no_link(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
        options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC).open(path)
    }

    /// Opens a device or FIFO for writing, without creating or truncating it (and
    /// without making a terminal ours).
    pub fn open_stream(path: &Path) -> io::Result<File> {
        OpenOptions::new().write(true).custom_flags(libc::O_NOCTTY | libc::O_CLOEXEC).open(path)
    }

    /// True for a block device (a disk: writing into it needs `--force`).
    pub fn is_block_device(meta: &Metadata) -> bool {
        meta.file_type().is_block_device()
    }

    /// The permission bits (with set-user-ID, set-group-ID and sticky).
    pub fn mode(meta: &Metadata) -> u32 {
        meta.mode() & 0o7777
    }

    /// Gives `file` the permission bits `mode`. A file system without Unix permissions
    /// (FAT and exFAT, on the memory cards of recorders) refuses most changes with
    /// EPERM: the file keeps the permissions the file system gives every file.
    pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
        match file.set_permissions(fs::Permissions::from_mode(mode)) {
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => Ok(()),
            other => other,
        }
    }

    /// The process's file mode creation mask.
    pub fn umask() -> u32 {
        use nix::sys::stat::{Mode, umask};
        // Reading the mask means setting it: set a safe one, then put it back.
        let mask = umask(Mode::from_bits_truncate(0o077));
        umask(mask);
        mask.bits() as u32
    }

    /// The owner (user and group IDs).
    pub fn owner(meta: &Metadata) -> Option<(u32, u32)> {
        Some((meta.uid(), meta.gid()))
    }

    /// Gives `file` the owner `owner`, when it is not already its own.
    pub fn set_owner(file: &File, (uid, gid): (u32, u32)) -> io::Result<()> {
        let meta = file.metadata()?;
        if (meta.uid(), meta.gid()) == (uid, gid) {
            return Ok(());
        }
        std::os::unix::fs::fchown(file, Some(uid), Some(gid))
    }

    /// True when this process may give files to other users (root).
    pub fn may_give_away() -> bool {
        nix::unistd::geteuid().is_root()
    }

    /// True when `owner` is this process's user.
    pub fn is_mine(owner: (u32, u32)) -> bool {
        owner.0 == nix::unistd::geteuid().as_raw()
    }

    /// How many names (hard links) the file has.
    pub fn links(meta: &Metadata) -> u64 {
        meta.nlink()
    }

    /// Makes the last rename, link or unlink in `dir` durable.
    pub fn sync_directory(dir: &Path) -> io::Result<()> {
        File::open(dir)?.sync_all()
    }

    /// True when a leftover temporary file of process `pid`, which `meta` describes,
    /// may be removed: a regular file (not a link), ours, its process gone.
    pub fn is_abandoned(meta: &Metadata, pid: u32) -> bool {
        meta.file_type().is_file() && is_mine((meta.uid(), meta.gid())) && !is_running(pid)
    }

    /// True when a process `pid` exists (or cannot be told not to).
    fn is_running(pid: u32) -> bool {
        let Ok(pid) = i32::try_from(pid) else { return false };
        if pid <= 0 {
            return true;
        }
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) != Err(nix::errno::Errno::ESRCH)
    }

    /// A path naming the open file with descriptor `fd`.
    pub fn descriptor_path(fd: u32) -> Option<std::path::PathBuf> {
        let dir = if cfg!(target_os = "linux") { "/proc/self/fd" } else { "/dev/fd" };
        Some(Path::new(dir).join(fd.to_string()))
    }

    /// True when writes to `file` always go to its end (`O_APPEND`).
    pub fn appends(file: &File) -> io::Result<bool> {
        use nix::fcntl::{FcntlArg, OFlag, fcntl};
        let flags = fcntl(file, FcntlArg::F_GETFL).map_err(io::Error::from)?;
        Ok(OFlag::from_bits_truncate(flags).contains(OFlag::O_APPEND))
    }
}

#[cfg(windows)]
mod imp {
    use std::fs::{File, Metadata, OpenOptions};
    use std::io;
    use std::os::windows::fs::FileExt;
    use std::path::{Path, PathBuf};

    /// Not told by the standard library here.
    pub fn inode(_meta: &Metadata) -> Option<(u64, u64)> {
        None
    }

    pub(super) fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
        file.seek_read(buf, at)
    }

    pub(super) fn write_at(file: &File, buf: &[u8], at: u64) -> io::Result<usize> {
        file.seek_write(buf, at)
    }

    /// Creates `path` for reading and writing: fails if anything has that name.
    pub fn open_new(path: &Path) -> io::Result<File> {
        OpenOptions::new().read(true).write(true).create_new(true).open(path)
    }

    /// Opens the existing file `path` with `options`.
    pub fn open_no_link(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
        options.open(path)
    }

    /// Opens a device for writing, without creating or truncating it.
    pub fn open_stream(path: &Path) -> io::Result<File> {
        OpenOptions::new().write(true).open(path)
    }

    pub fn is_block_device(_meta: &Metadata) -> bool {
        false
    }

    /// 0o444 for a read-only file, else 0o666.
    pub fn mode(meta: &Metadata) -> u32 {
        if meta.permissions().readonly() { 0o444 } else { 0o666 }
    }

    /// Makes `file` read-only when `mode` gives no write permission.
    pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
        let mut permissions = file.metadata()?.permissions();
        permissions.set_readonly(mode & 0o222 == 0);
        file.set_permissions(permissions)
    }

    pub fn umask() -> u32 {
        0
    }

    pub fn owner(_meta: &Metadata) -> Option<(u32, u32)> {
        None
    }

    pub fn set_owner(_file: &File, _owner: (u32, u32)) -> io::Result<()> {
        Ok(())
    }

    pub fn may_give_away() -> bool {
        false
    }

    pub fn is_mine(_owner: (u32, u32)) -> bool {
        true
    }

    /// Not seen: one.
    pub fn links(_meta: &Metadata) -> u64 {
        1
    }

    /// Directories cannot be synced here.
    pub fn sync_directory(_dir: &Path) -> io::Result<()> {
        Ok(())
    }

    /// Whose a file is and whether its process lives are not told: never.
    pub fn is_abandoned(_meta: &Metadata, _pid: u32) -> bool {
        false
    }

    pub fn descriptor_path(_fd: u32) -> Option<PathBuf> {
        None
    }

    pub fn appends(_file: &File) -> io::Result<bool> {
        Ok(false)
    }
}
