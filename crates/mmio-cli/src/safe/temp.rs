//! Temporary files next to the file they will become: created with
//! `O_CREAT|O_EXCL|O_NOFOLLOW` (a planted file or symbolic link is never opened), mode
//! 0600, under an unpredictable name `.NAME.mmio-PID-RANDOM.tmp`; removed when dropped
//! unless published. A run killed before it could remove its temporary file leaves it
//! behind: the next run for the same NAME removes those whose process is gone.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::os::{self, open_new};

/// What follows the target's name in a temporary file's name, before the PID.
const TAG: &str = ".mmio-";
/// The end of a temporary file's name.
const SUFFIX: &str = ".tmp";
/// The bytes of the target's name kept whole in a temporary file's name (names have at
/// most 255 bytes); a longer one is cut, as text.
const NAME_BYTES: usize = 160;
/// The hexadecimal digits of the random part.
const RANDOM_DIGITS: usize = 16;
/// A leftover is only removed when it was not written for this long (a live run in
/// another PID namespace, whose PID means nothing here, keeps writing its file).
const QUIET_FOR: Duration = Duration::from_secs(5);
/// Names tried before giving up (another file with the same random name).
const ATTEMPTS: usize = 16;

/// A temporary file in the directory of the file it will become.
#[derive(Debug)]
pub struct Temporary {
    path: PathBuf,
    file: File,
    /// Still ours to remove.
    armed: bool,
}

impl Temporary {
    /// A new empty file (mode 0600) for the file `target` of `dir`; leftovers of
    /// killed runs for the same target are removed first.
    pub fn create(dir: &Path, target: &OsStr) -> io::Result<Temporary> {
        Temporary::make(dir, target, open_new)
    }

    /// A new name for the existing file `existing` (a hard link), as a temporary file for
    /// `target` of `dir`.
    pub fn link(dir: &Path, target: &OsStr, existing: &Path) -> io::Result<Temporary> {
        Temporary::make(dir, target, |path| {
            fs::hard_link(existing, path)?;
            os::open_no_link(File::options().read(true), path)
        })
    }

    /// Tries fresh names until `open` makes one that did not exist.
    fn make(dir: &Path, target: &OsStr, mut open: impl FnMut(&Path) -> io::Result<File>) -> io::Result<Temporary> {
        remove_leftovers(dir, target);
        let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
        for _ in 0..ATTEMPTS {
            let path = dir.join(name(target, std::process::id(), random()));
            match open(&path) {
                Ok(file) => return Ok(Temporary { path, file, armed: true }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(last)
    }

    /// The open file.
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames it over `target` (in the same directory), replacing what is there, and
    /// makes the rename durable.
    pub fn replace(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.armed = false;
        sync_directory(target)
    }

    /// Gives it the name `target` (in the same directory) only if nothing has that name
    /// (`AlreadyExists` otherwise), and makes the new name durable. A hard link then an
    /// unlink, so no file that appeared meanwhile is ever replaced; where the file
    /// system has no hard links, a check then a rename.
    pub fn publish_new(mut self, target: &Path) -> io::Result<()> {
        match fs::hard_link(&self.path, target) {
            Ok(()) => {
                self.armed = false;
                fs::remove_file(&self.path)?;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
            Err(_) => {
                if fs::symlink_metadata(target).is_ok() {
                    return Err(io::Error::from(io::ErrorKind::AlreadyExists));
                }
                fs::rename(&self.path, target)?;
                self.armed = false;
            }
        }
        sync_directory(target)
    }

    /// Removes it now, reporting an error.
    pub fn remove(mut self) -> io::Result<()> {
        self.armed = false;
        fs::remove_file(&self.path)
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Makes the last rename, link or unlink in the directory of `path` durable.
pub fn sync_directory(path: &Path) -> io::Result<()> {
    os::sync_directory(directory_of(path))
}

/// The directory a path is in (`.` for a bare name).
pub fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The start of every temporary file's name for `target`: `.NAME.mmio-`.
fn prefix(target: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    if target.len() <= NAME_BYTES {
        prefix.push(target);
    } else {
        prefix.push(target.to_string_lossy().chars().take(NAME_BYTES / 4).collect::<String>());
    }
    prefix.push(TAG);
    prefix
}

/// The name of a temporary file for `target`.
fn name(target: &OsStr, pid: u32, random: u64) -> OsString {
    let mut name = prefix(target);
    name.push(format!("{pid}-{random:0width$x}{SUFFIX}", width = RANDOM_DIGITS));
    name
}

/// The PID in a temporary file's name for `target`, if `file_name` is one.
fn pid_of(target: &OsStr, file_name: &OsStr) -> Option<u32> {
    let prefix = prefix(target);
    let rest = file_name.as_encoded_bytes().strip_prefix(prefix.as_encoded_bytes())?;
    let rest = rest.strip_suffix(SUFFIX.as_bytes())?;
    let (pid, random) = std::str::from_utf8(rest).ok()?.split_once('-')?;
    let digits = |s: &str, hex: bool| s.bytes().all(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() });
    if random.len() != RANDOM_DIGITS || !digits(random, true) || pid.is_empty() || !digits(pid, false) {
        return None;
    }
    pid.parse().ok()
}

/// Removes what killed runs left for `target` in `dir`: files named as its temporary
/// files, regular (not links), ours, not written for a while, whose process is gone.
/// A live run's file, another user's, or anything in doubt is left alone.
fn remove_leftovers(dir: &Path, target: &OsStr) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let Some(pid) = pid_of(target, &entry.file_name()) else { continue };
        let Ok(meta) = fs::symlink_metadata(entry.path()) else { continue };
        let quiet = meta.modified().ok().and_then(|t| now.duration_since(t).ok()).is_some_and(|d| d >= QUIET_FOR);
        if quiet && os::is_abandoned(&meta, pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// 64 unpredictable bits: from the system's random source, else from the standard
/// library's randomly keyed hasher.
fn random() -> u64 {
    let mut bytes = [0; 8];
    if File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes)).is_ok() {
        return u64::from_ne_bytes(bytes);
    }
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one((SystemTime::now(), std::process::id()))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::safe::test_dir::TestDir;

    /// A PID that no process has: a child that has exited and been reaped.
    fn gone_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    fn age(path: &Path, seconds: u64) {
        let file = File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(seconds)).unwrap();
    }

    #[test]
    fn names_are_recognised_only_in_their_exact_form() {
        let target = OsStr::new("a.wav");
        let made = name(target, 1234, 0xabc);
        assert_eq!(made, ".a.wav.mmio-1234-0000000000000abc.tmp");
        assert_eq!(pid_of(target, &made), Some(1234));
        for other in [
            ".a.wav.mmio-1234-0000000000000abc",
            ".a.wav.mmio-1234-000000000000abc.tmp",
            ".a.wav.mmio-12x4-0000000000000abc.tmp",
            ".a.wav.mmio--0000000000000abc.tmp",
            ".a.wav.mmio-1234-000000000000zabc.tmp",
            ".b.wav.mmio-1234-0000000000000abc.tmp",
            ".a.wav.bak.mmio-1234-0000000000000abc.tmp",
            "a.wav",
        ] {
            assert_eq!(pid_of(target, OsStr::new(other)), None, "{other}");
        }
        // A long name is cut in the temporary name, and still recognised.
        let long = OsString::from("x".repeat(250));
        let made = name(&long, 7, 1);
        assert!(made.len() <= 255, "{}", made.len());
        assert_eq!(pid_of(&long, &made), Some(7));
    }

    #[test]
    fn names_are_unpredictable() {
        let dir = TestDir::new("random");
        let a = Temporary::create(dir.path(), OsStr::new("x")).unwrap();
        let b = Temporary::create(dir.path(), OsStr::new("x")).unwrap();
        assert_ne!(a.path(), b.path());
        assert_ne!(random(), random());
    }

    #[test]
    fn created_exclusively_mode_0600_and_removed_when_dropped() {
        let dir = TestDir::new("create");
        let mut temp = Temporary::create(dir.path(), OsStr::new("out.wav")).unwrap();
        let meta = temp.file().metadata().unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(meta.len(), 0);
        let path = temp.path().to_path_buf();
        assert!(path.starts_with(dir.path()));
        drop(temp);
        assert!(!path.exists());
        assert!(dir.names().is_empty());
    }

    #[test]
    fn a_planted_link_or_file_is_never_opened() {
        let dir = TestDir::new("planted");
        let victim = dir.join("victim");
        fs::write(&victim, b"precious").unwrap();
        let (link, dangling, file) = (dir.join("link"), dir.join("dangling"), dir.join("file"));
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
        fs::write(&file, b"someone else's").unwrap();
        for planted in [&link, &dangling, &file] {
            assert_eq!(open_new(planted).unwrap_err().kind(), io::ErrorKind::AlreadyExists, "{planted:?}");
        }
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert_eq!(fs::read(&file).unwrap(), b"someone else's");
        assert!(!dir.join("nowhere").exists());
        // Names that are taken are skipped, a bounded number of times.
        let mut tried = Vec::new();
        let taken = |path: &Path| {
            tried.push(path.to_path_buf());
            Err(io::Error::from(io::ErrorKind::AlreadyExists))
        };
        let err = Temporary::make(dir.path(), OsStr::new("out"), taken).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(tried.len(), ATTEMPTS);
        tried.dedup();
        assert_eq!(tried.len(), ATTEMPTS, "each attempt has a new name");
    }

    #[test]
    fn leftovers_of_dead_runs_are_removed_and_nothing_else() {
        let dir = TestDir::new("leftovers");
        let target = OsStr::new("a.wav");
        let dead = gone_pid();
        let file = |name: &OsStr, seconds| {
            let path = dir.join(name);
            fs::write(&path, b"x").unwrap();
            age(&path, seconds);
            path
        };
        let stale = file(&name(target, dead, 1), 3600);
        let recent = file(&name(target, dead, 2), 0);
        let live = file(&name(target, std::process::id(), 3), 3600);
        let other_target = file(&name(OsStr::new("b.wav"), dead, 4), 3600);
        let not_ours = file(OsStr::new(".a.wav.mmio-1-x.tmp"), 3600);
        let link = dir.join(name(target, dead, 5));
        std::os::unix::fs::symlink(&other_target, &link).unwrap();
        let subdir = dir.join(name(target, dead, 6));
        fs::create_dir(&subdir).unwrap();
        let temp = Temporary::create(dir.path(), target).unwrap();
        assert!(!stale.exists(), "a dead run's old file is removed");
        for kept in [&recent, &live, &other_target, &not_ours, &subdir] {
            assert!(kept.exists(), "{} should stay", kept.display());
        }
        assert!(fs::symlink_metadata(&link).is_ok(), "a link is left alone");
        drop(temp);
    }

    #[test]
    fn publishing_never_replaces_what_appeared() {
        let dir = TestDir::new("publish");
        let target = dir.join("out");
        let temp = Temporary::create(dir.path(), OsStr::new("out")).unwrap();
        fs::write(&target, b"appeared meanwhile").unwrap();
        assert_eq!(temp.publish_new(&target).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"appeared meanwhile");
        assert_eq!(dir.names(), ["out"]);
        fs::remove_file(&target).unwrap();
        let mut temp = Temporary::create(dir.path(), OsStr::new("out")).unwrap();
        io::Write::write_all(temp.file(), b"new").unwrap();
        temp.publish_new(&target).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(dir.names(), ["out"]);
    }
}
