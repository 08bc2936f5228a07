//! File names: compound names (`file.ext+element`), fully qualified names
//! (`MMIO_PARSE`) and temporary names (`MMIO_GETTEMP`).

use std::fs::OpenOptions as FsOpenOptions;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, ErrorCode, Operation, Result};
use crate::flags::CFSEPCHAR;
use crate::fourcc::FourCC;

/// The I/O procedure code a compound name selects: the text between the nearest `.`
/// before the last `+` and that `+`, at most four characters, upper-cased and
/// space-padded. `None` when the name has no `+`, or no `.` between the last path
/// separator (`/` or `\`) and the last `+`: such a name is an ordinary file name.
///
/// ```
/// use winmmio::{FourCC, compound_fourcc};
/// assert_eq!(compound_fourcc(b"dir/sounds.bnd+bark"), Some(FourCC::new(*b"BND ")));
/// assert_eq!(compound_fourcc(b"a.b.archive+x"), Some(FourCC::new(*b"ARCH")));
/// assert_eq!(compound_fourcc(b"plain.wav"), None);
/// assert_eq!(compound_fourcc(b"src.d/c++"), None);
/// ```
pub fn compound_fourcc(name: &[u8]) -> Option<FourCC> {
    let plus = name.iter().rposition(|&b| b == CFSEPCHAR)?;
    let before = &name[..plus];
    let component = before.iter().rposition(|&b| b == b'/' || b == b'\\').map_or(0, |sep| sep + 1);
    let dot = before[component..].iter().rposition(|&b| b == b'.')? + component;
    Some(FourCC::from_mmio_string(&before[dot + 1..], true))
}

/// The fully qualified form of `name` (`MMIO_PARSE`): absolute, with `.` and `..`
/// resolved by the text alone (the file need not exist, and symbolic links are not
/// followed), as Windows' `GetFullPathName` does.
pub fn full_path(name: impl AsRef<Path>) -> Result<PathBuf> {
    let name = name.as_ref();
    if name.as_os_str().is_empty() {
        return Err(Error::with_detail(ErrorCode::FileNotFound, "empty file name").during(Operation::Open));
    }
    let absolute = std::path::absolute(name).map_err(|e| Error::from_io(Operation::Open, e))?;
    let mut clean = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Ok(clean)
}

/// Makes a fresh temporary file name (`MMIO_GETTEMP`) and creates the file, empty, so
/// that nobody else takes the name: like Windows' `GetTempFileName`, the result is
/// `PREuuuu.TMP` with up to three characters of prefix.
///
/// `template` chooses where and how: an existing directory (`"/var/tmp"`), or a
/// directory and a prefix (`"/var/tmp/snd"`), or only a prefix (`"snd"`, in the
/// system's temporary directory); empty means the temporary directory, no prefix.
pub fn temp_file_name(template: impl AsRef<Path>) -> Result<PathBuf> {
    let template = template.as_ref();
    let (dir, prefix) = if template.as_os_str().is_empty() || template.is_dir() {
        (template.to_path_buf(), String::new())
    } else {
        let prefix: String =
            template.file_name().map(|f| f.to_string_lossy().chars().take(3).collect()).unwrap_or_default();
        (template.parent().map(Path::to_path_buf).unwrap_or_default(), prefix)
    };
    let dir = if dir.as_os_str().is_empty() { std::env::temp_dir() } else { dir };
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let seed = std::process::id().wrapping_mul(2_654_435_761);
    for _ in 0..0x10000 {
        let unique = (seed.wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed)) & 0xffff).max(1);
        let candidate = dir.join(format!("{prefix}{unique:04X}.TMP"));
        match FsOpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::from_io(Operation::Open, e).with_code(ErrorCode::FileNotFound)),
        }
    }
    Err(Error::with_detail(ErrorCode::FileNotFound, "every temporary name is taken").during(Operation::Open))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_names_select_by_extension() {
        let code = |s: &[u8]| compound_fourcc(s).map(|c| c.bytes());
        assert_eq!(code(b"one.xyz+two"), Some(*b"XYZ "));
        assert_eq!(code(b"a.b.xyz+elem"), Some(*b"XYZ "));
        assert_eq!(code(b"dir.d/a.bnd+x+y"), Some(*b"BND+"));
        assert_eq!(code(b"dir.d/noext+elem"), None);
        assert_eq!(code(b"dir.d\\noext+elem"), None);
        assert_eq!(code(b"noext+elem"), None);
        assert_eq!(code(b"a.d/c++/song.wav"), None);
        assert_eq!(code(b"x.dos+y"), Some(*b"DOS "));
        assert_eq!(code(b"a.toolong+elem"), Some(*b"TOOL"));
        assert_eq!(code(b"a.x+"), Some(*b"X   "));
        assert_eq!(code(b"plain.wav"), None);
    }

    #[test]
    fn full_path_is_absolute_and_lexically_clean() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(full_path("a/./b/../c.wav").unwrap(), cwd.join("a/c.wav"));
        #[cfg(unix)]
        assert_eq!(full_path("/x/y/../../z").unwrap(), PathBuf::from("/z"));
        #[cfg(windows)]
        assert_eq!(full_path(r"C:\x\y\..\..\z").unwrap(), PathBuf::from(r"C:\z"));
        assert_eq!(full_path("").unwrap_err().code(), ErrorCode::FileNotFound);
    }

    #[test]
    fn temp_names_are_fresh_files() {
        let dir = std::env::temp_dir().join(format!("mmio-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = temp_file_name(dir.join("snd")).unwrap();
        let b = temp_file_name(dir.join("snd")).unwrap();
        assert_ne!(a, b);
        for p in [&a, &b] {
            assert_eq!(p.parent().unwrap(), dir);
            let name = p.file_name().unwrap().to_str().unwrap();
            assert!(name.starts_with("snd") && name.ends_with(".TMP") && name.len() == 11, "{name}");
            assert_eq!(std::fs::metadata(p).unwrap().len(), 0);
        }
        let c = temp_file_name(&dir).unwrap();
        assert_eq!(c.parent().unwrap(), dir);
        let missing = dir.join("no/such/dir/x");
        assert_eq!(temp_file_name(missing).unwrap_err().code(), ErrorCode::FileNotFound);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
