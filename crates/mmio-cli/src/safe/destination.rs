//! [`Destination`]: where a repaired file goes, `-o` ([`Output`]) or in place, and the
//! commit that puts it there only if the input did not change meanwhile.
//!
//! In place, the result is written to a temporary file next to the file (the file a
//! symbolic link points to: the link stays a link), which is then renamed over it;
//! `FILE.bak` is another name for the original (a hard link, or a copy where the file
//! system has none), made before the rename and never replacing an existing one without
//! `--force`. A file with several names cannot be replaced without leaving the other
//! names damaged: with `--write-in-place`, the verified result is written back into the
//! file itself instead (after `FILE.bak`, a copy), and every name sees it.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::os;
use super::temp::{Temporary, directory_of, sync_directory};
use super::{LockedInput, Output};
use crate::fail::Failure;
use crate::progress::{self, Progress};

/// Where the user asked for the repaired file.
#[derive(Clone, Debug)]
pub enum Target {
    /// A new file (`-o`).
    Output {
        /// Where.
        path: PathBuf,
        /// Replace an existing file (`--force`).
        force: bool,
    },
    /// The file itself (`--in-place`).
    InPlace(InPlace),
}

/// The options of `--in-place`.
#[derive(Copy, Clone, Debug)]
pub struct InPlace {
    /// Keep the original as `FILE.bak` (no `--no-backup`).
    pub backup: bool,
    /// Replace an existing `FILE.bak` (`--force`).
    pub force: bool,
    /// Write the result back into the file itself rather than replacing it
    /// (`--write-in-place`): for a file with several names (hard links) or another
    /// owner. Needs the backup.
    pub write_in_place: bool,
}

/// What a commit did.
#[derive(Debug)]
pub struct Committed {
    /// Where the result is, as the user named it.
    pub path: PathBuf,
    /// The copy of the original, when one was made.
    pub backup: Option<PathBuf>,
}

/// Where the bytes of a repaired file go until [`commit`](Destination::commit).
#[derive(Debug)]
pub enum Destination {
    /// `-o`.
    Output(Output),
    /// `--in-place`.
    InPlace(Replacement),
}

impl Destination {
    /// The destination for repairing `input` into `target`. Everything that can be
    /// refused is refused here, before any work: `-o` onto the input itself or onto an
    /// existing file without `--force`; in place, an existing `FILE.bak` without
    /// `--force`, a file with several names or another owner without
    /// `--write-in-place`.
    pub fn new(input: &LockedInput, target: &Target) -> Result<Destination, Failure> {
        match target {
            Target::Output { path, force } => {
                if fs::metadata(path).is_ok_and(|meta| input.snapshot().is_same_file(path, &meta)) {
                    let reason = "is the file being repaired: use --in-place to repair it in place";
                    return Err(Failure::new(path, reason));
                }
                let mode = input.snapshot().permissions() & 0o777;
                Ok(Destination::Output(Output::create(input.snapshot(), path, *force, mode)?))
            }
            Target::InPlace(options) => Ok(Destination::InPlace(Replacement::new(input, *options)?)),
        }
    }

    /// Where to write the bytes of the repaired file, from its first byte on: a
    /// temporary file (which can be read back before the commit), or for `-o` onto a
    /// device, FIFO or stdout the stream itself.
    pub fn writer(&mut self) -> &mut File {
        match self {
            Destination::Output(output) => output.writer(),
            Destination::InPlace(replacement) => replacement.temp.file(),
        }
    }

    /// The temporary file the bytes were written to, to read them back before the
    /// commit; `None` for a stream (a device, FIFO or stdout).
    pub fn written(&mut self) -> Option<&mut File> {
        match self {
            Destination::Output(output) => output.written(),
            Destination::InPlace(replacement) => Some(replacement.temp.file()),
        }
    }

    /// True when the bytes go to standard output (messages must then go to stderr).
    pub fn is_stdout(&self) -> bool {
        matches!(self, Destination::Output(output) if output.is_stdout())
    }

    /// Puts the result in place, if `input` did not change since it was opened; the
    /// lock on `input` is held until then. Dropping the destination instead leaves
    /// everything as it was (for a stream, what was written is written).
    pub fn commit(self, input: LockedInput) -> Result<Committed, Failure> {
        match self {
            Destination::Output(output) => {
                input.check_unchanged()?;
                let path = output.path().to_path_buf();
                output.commit()?;
                Ok(Committed { path, backup: None })
            }
            Destination::InPlace(replacement) => replacement.commit(input),
        }
    }
}

/// A repair in place, before its commit.
#[derive(Debug)]
pub struct Replacement {
    temp: Temporary,
    /// `FILE.bak`, unless `--no-backup`.
    backup: Option<PathBuf>,
    options: InPlace,
}

impl Replacement {
    fn new(input: &LockedInput, options: InPlace) -> Result<Replacement, Failure> {
        let snapshot = input.snapshot();
        let path = snapshot.path();
        let links = snapshot.links();
        if links > 1 && !options.write_in_place {
            let reason = format!(
                "has {links} names (hard links): replacing it would leave the others with the damaged file; \
                 use --write-in-place to repair the file itself (every name sees the repair), or -o"
            );
            return Err(Failure::new(path, reason));
        }
        let foreign = snapshot.owner().is_some_and(|owner| !os::is_mine(owner));
        if !options.write_in_place && foreign && !os::may_give_away() {
            let reason = "belongs to another user: replacing it would make it yours; \
                          use --write-in-place to repair the file itself, or -o";
            return Err(Failure::new(path, reason));
        }
        if options.write_in_place && !options.backup {
            return Err(Failure::new(path, "--write-in-place needs the backup: it cannot be undone halfway"));
        }
        let real = input.real_path();
        let backup = options.backup.then(|| backup_path(real));
        if let Some(bak) = &backup {
            match fs::symlink_metadata(bak) {
                Ok(meta) if meta.is_dir() => return Err(Failure::new(bak, "is a directory")),
                Ok(_) if !options.force => {
                    return Err(Failure::new(bak, "exists: use --force to replace it, or --no-backup"));
                }
                _ => {}
            }
        }
        let name = real.file_name().ok_or_else(|| Failure::new(path, "is not a file name"))?;
        let temp = Temporary::create(directory_of(real), name)
            .map_err(|e| Failure::io(directory_of(real), "cannot create a temporary file", e))?;
        Ok(Replacement { temp, backup, options })
    }

    fn commit(mut self, mut input: LockedInput) -> Result<Committed, Failure> {
        let snapshot = input.snapshot().clone();
        let path = snapshot.path();
        let failed = |e| Failure::io(path, "cannot write the repaired file", e);
        let result = self.temp.file();
        if !self.options.write_in_place {
            if let Some(owner) = snapshot.owner() {
                os::set_owner(result, owner).map_err(|e| Failure::io(path, "cannot keep the owner of the file", e))?;
            }
            os::set_mode(result, snapshot.permissions()).map_err(failed)?;
        }
        result.sync_all().map_err(failed)?;
        input.check_unchanged()?;
        if let Some(bak) = &self.backup {
            make_backup(&mut input, bak, self.options)?;
            input.check_unchanged()?;
        }
        if self.options.write_in_place {
            write_back(self.temp, &input).map_err(failed)?;
        } else {
            self.temp.replace(input.real_path()).map_err(failed)?;
        }
        Ok(Committed { path: path.to_path_buf(), backup: self.backup })
    }
}

/// `FILE.bak`.
fn backup_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// Makes `bak` a durable second copy of the input: another name for the very file (a
/// hard link: instant, exact, and whatever a writer adds late lands in it), or a copy
/// when the file system cannot link or the file will be written in place. It replaces
/// an existing `bak` only with `--force`, atomically.
fn make_backup(input: &mut LockedInput, bak: &Path, options: InPlace) -> Result<(), Failure> {
    let cannot = |e| Failure::io(bak, "cannot write the backup", e);
    let (dir, name) = (directory_of(bak), bak.file_name().unwrap_or(bak.as_os_str()));
    let linked = if options.write_in_place { None } else { Temporary::link(dir, name, input.real_path()).ok() };
    let mut temp = match linked {
        Some(mut temp) => {
            let meta = temp.file().metadata().map_err(cannot)?;
            if !input.snapshot().is_same_file(temp.path(), &meta) {
                return Err(Failure::new(
                    input.snapshot().path(),
                    "was replaced while mmio worked on it: nothing was replaced",
                ));
            }
            temp
        }
        None => copy_of(input, dir, name).map_err(cannot)?,
    };
    temp.file().sync_all().map_err(cannot)?;
    let published = if options.force { temp.replace(bak) } else { temp.publish_new(bak) };
    published.map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => Failure::new(bak, "appeared while mmio was working: nothing was replaced"),
        _ => cannot(e),
    })
}

/// A temporary copy of the input, with its permissions, for the backup `name` in `dir`.
fn copy_of(input: &mut LockedInput, dir: &Path, name: &std::ffi::OsStr) -> io::Result<Temporary> {
    let mut temp = Temporary::create(dir, name)?;
    input.seek(SeekFrom::Start(0))?;
    let expected = input.snapshot().len();
    let bar = Progress::new(expected, "backing up");
    let copied = progress::copy_sparse(input, temp.file(), &bar)?;
    if copied != expected {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, format!("copied {copied} of {expected} bytes")));
    }
    os::set_mode(temp.file(), input.snapshot().permissions())?;
    Ok(temp)
}

/// Writes the result into the input file itself (the same inode, every name sees it):
/// only the blocks that differ are written, then the length is set and the file synced;
/// the temporary file goes last. If this is interrupted, `FILE.bak` holds the original.
fn write_back(mut result: Temporary, input: &LockedInput) -> io::Result<()> {
    let file = os::open_no_link(File::options().read(true).write(true), input.real_path())?;
    if !input.snapshot().is_same_file(input.real_path(), &file.metadata()?) {
        return Err(io::Error::other("the file was replaced while mmio worked on it"));
    }
    let source = result.file();
    let len = source.metadata()?.len();
    let bar = Progress::new(len, "writing back");
    let (mut new, mut old) = (vec![0; BLOCK], vec![0; BLOCK]);
    let mut at = 0;
    while at < len {
        let n = (len - at).min(BLOCK as u64) as usize;
        if os::read_up_to(source, &mut new[..n], at)? < n {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the repaired file is shorter than written"));
        }
        let have = os::read_up_to(&file, &mut old[..n], at)?;
        if have < n || new[..n] != old[..n] {
            os::write_all_at(&file, &new[..n], at)?;
        }
        at += n as u64;
        bar.inc(n as u64);
    }
    file.set_len(len)?;
    file.sync_all()?;
    let temp_path = result.path().to_path_buf();
    result.remove()?;
    sync_directory(&temp_path)
}

/// The bytes compared and written at a time by [`write_back`].
const BLOCK: usize = 1 << 16;

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{FileExt, MetadataExt};

    use super::*;
    use crate::safe::test_dir::TestDir;

    const IN_PLACE: InPlace = InPlace { backup: true, force: false, write_in_place: false };

    /// Locks `path`, and writes `result` to a destination for `target`, not committed.
    fn written(path: &Path, target: &Target, result: &[u8]) -> (Destination, LockedInput) {
        let input = LockedInput::open(path).unwrap();
        let mut destination = Destination::new(&input, target).unwrap();
        destination.writer().write_all(result).unwrap();
        (destination, input)
    }

    #[test]
    fn a_change_by_another_program_aborts_the_commit() {
        let dir = TestDir::new("changed");
        let path = dir.join("a.wav");
        let in_place = Target::InPlace(IN_PLACE);
        let output = Target::Output { path: dir.join("out.wav"), force: false };
        // Another program writes without the lock: it appends, or it overwrites (the
        // modification time tells; it is set here, as a clock tick may be too coarse).
        let append = |file: &File| file.write_all_at(b"+", 8).map(drop);
        let overwrite = |file: &File| {
            file.write_all_at(b"O", 0)?;
            file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(10))
        };
        for (target, change, after) in [
            (&in_place, &append as &dyn Fn(&File) -> io::Result<()>, &b"original+"[..]),
            (&in_place, &overwrite, b"Original"),
            (&output, &append, b"original+"),
            (&output, &overwrite, b"Original"),
        ] {
            fs::write(&path, b"original").unwrap();
            let (destination, input) = written(&path, target, b"repaired");
            change(&File::options().write(true).open(&path).unwrap()).unwrap();
            let err = destination.commit(input).unwrap_err();
            assert!(err.to_string().contains("changed while mmio worked on it"), "{err}");
            assert_eq!(fs::read(&path).unwrap(), after);
            assert_eq!(dir.names(), ["a.wav"], "no backup, no output, no temporary file");
        }
    }

    #[test]
    fn a_backup_that_appears_meanwhile_is_not_replaced() {
        let dir = TestDir::new("bak-appears");
        let path = dir.join("a.wav");
        fs::write(&path, b"original").unwrap();
        let (destination, input) = written(&path, &Target::InPlace(IN_PLACE), b"repaired");
        fs::write(dir.join("a.wav.bak"), b"someone's").unwrap();
        let err = destination.commit(input).unwrap_err();
        assert!(err.to_string().contains("appeared while mmio was working"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"original");
        assert_eq!(fs::read(dir.join("a.wav.bak")).unwrap(), b"someone's");
        assert_eq!(dir.names(), ["a.wav", "a.wav.bak"]);
    }

    #[test]
    fn the_backup_is_the_original_file_itself() {
        let dir = TestDir::new("bak-link");
        let path = dir.join("a.wav");
        fs::write(&path, b"original").unwrap();
        let ino = fs::metadata(&path).unwrap().ino();
        let (destination, input) = written(&path, &Target::InPlace(IN_PLACE), b"repaired!");
        let committed = destination.commit(input).unwrap();
        assert_eq!(committed.backup.as_deref(), Some(dir.join("a.wav.bak").as_path()));
        assert_eq!(fs::read(&path).unwrap(), b"repaired!");
        assert_eq!(fs::read(dir.join("a.wav.bak")).unwrap(), b"original");
        assert_eq!(fs::metadata(dir.join("a.wav.bak")).unwrap().ino(), ino);
        assert_eq!(dir.names(), ["a.wav", "a.wav.bak"]);
    }

    #[test]
    fn writing_back_changes_only_what_differs_and_keeps_the_inode() {
        let dir = TestDir::new("write-back");
        let path = dir.join("a.wav");
        let original: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &original).unwrap();
        fs::hard_link(&path, dir.join("other name")).unwrap();
        let ino = fs::metadata(&path).unwrap().ino();
        let mut repaired = original.clone();
        repaired[4..8].copy_from_slice(b"SIZE");
        repaired.truncate(150_001);
        let options = InPlace { write_in_place: true, ..IN_PLACE };
        let (destination, input) = written(&path, &Target::InPlace(options), &repaired);
        destination.commit(input).unwrap();
        assert_eq!(fs::read(&path).unwrap(), repaired);
        assert_eq!(fs::read(dir.join("other name")).unwrap(), repaired);
        assert_eq!(fs::metadata(&path).unwrap().ino(), ino);
        let bak = fs::read(dir.join("a.wav.bak")).unwrap();
        assert!(bak == original, "the backup is a copy of the original");
        assert_ne!(fs::metadata(dir.join("a.wav.bak")).unwrap().ino(), ino);
        assert_eq!(dir.names(), ["a.wav", "a.wav.bak", "other name"]);
    }

    #[test]
    fn backup_names_append_bak() {
        assert_eq!(backup_path(Path::new("d/a.wav")), Path::new("d/a.wav.bak"));
        assert_eq!(backup_path(Path::new("a")).as_os_str().as_bytes(), b"a.bak");
    }
}
