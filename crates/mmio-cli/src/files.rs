//! The inputs a command line names: files, `-` for standard input, and with `-r` the
//! RIFF files under directories.
//!
//! A directory is looked into only with `-r`; then every file under it whose extension
//! is one of [`RIFF_EXTENSIONS`] is taken, in name order, directories after the files
//! beside them. Links to files are followed, links to directories are not (no loops).
//! Files named on the command line are taken whatever their extension.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::console;
use crate::fail::Failure;
use crate::input::Input;

/// The extensions of RIFF files looked for under directories (compared ignoring case):
/// WAVE (and its RF64, BW64, BWF, AMB variants), AVI, WebP, animated cursors, RIFF MIDI,
/// DLS and SoundFont banks, plain RIFF.
pub const RIFF_EXTENSIONS: &[&str] =
    &["wav", "wave", "bwf", "rf64", "bw64", "amb", "avi", "webp", "ani", "rmi", "dls", "sf2", "riff", "rif"];

/// The inputs named by `args`, in order: each an input to read or a failure to report
/// in its place (a directory without `-r`, an unreadable directory, `-` twice). When
/// directories hold nothing to read, stderr says so.
pub fn expand(args: &[PathBuf], recursive: bool) -> Vec<Result<Input, Failure>> {
    let inputs = expand_quietly(args, recursive);
    if inputs.is_empty() {
        console::warn(format_args!(
            "mmio: no RIFF files found (under a directory, files are found by their extension)"
        ));
    }
    inputs
}

/// [`expand`], without a word.
fn expand_quietly(args: &[PathBuf], recursive: bool) -> Vec<Result<Input, Failure>> {
    let mut inputs = Vec::new();
    let mut stdin_taken = false;
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(if std::mem::replace(&mut stdin_taken, true) {
                Err(Failure::new("-", "standard input is named twice"))
            } else {
                Ok(Input::Stdin)
            });
        } else if !arg.is_dir() {
            inputs.push(Ok(Input::File(arg.clone())));
        } else if recursive {
            walk_directory(arg, &mut inputs);
        } else {
            inputs.push(Err(Failure::new(arg, "is a directory (-r looks inside)")));
        }
    }
    inputs
}

/// True for a name with one of the [`RIFF_EXTENSIONS`].
fn has_riff_extension(name: &Path) -> bool {
    name.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| RIFF_EXTENSIONS.iter().any(|riff| riff.eq_ignore_ascii_case(ext)))
}

/// Appends the RIFF files under `dir`.
fn walk_directory(dir: &Path, inputs: &mut Vec<Result<Input, Failure>>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return inputs.push(Err(Failure::io(dir, "cannot read the directory", e))),
    };
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                inputs.push(Err(Failure::io(dir, "cannot read the directory", e)));
                continue;
            }
        };
        let path = entry.path();
        // The entry itself: a link to a directory is not followed.
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => dirs.push(path),
            Ok(_) if has_riff_extension(&path) && path.is_file() => files.push(path),
            Ok(_) => {}
            Err(e) => inputs.push(Err(Failure::io(&path, "cannot read", e))),
        }
    }
    files.sort();
    dirs.sort();
    inputs.extend(files.into_iter().map(|path| Ok(Input::File(path))));
    for sub in dirs {
        walk_directory(&sub, inputs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(inputs: &[Result<Input, Failure>]) -> Vec<String> {
        inputs
            .iter()
            .map(|i| match i {
                Ok(input) => input.name(),
                Err(failure) => format!("error: {failure}"),
            })
            .collect()
    }

    #[test]
    #[cfg(unix)]
    fn directories_are_walked_only_with_r() {
        let dir = std::env::temp_dir().join(format!("mmio-files-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("b/deeper")).unwrap();
        fs::create_dir_all(dir.join("a")).unwrap();
        for name in ["z.WAV", "x.avi", "notes.txt", "a/1.webp", "b/deeper/2.wav", "b/3.mp3"] {
            fs::write(dir.join(name), b"").unwrap();
        }
        std::os::unix::fs::symlink(&dir, dir.join("b/loop")).unwrap();
        let d = |name: &str| dir.join(name).display().to_string();
        let found = expand_quietly(std::slice::from_ref(&dir), true);
        assert_eq!(names(&found), [d("x.avi"), d("z.WAV"), d("a/1.webp"), d("b/deeper/2.wav")]);
        let plain = expand_quietly(&[dir.clone(), "-".into(), dir.join("notes.txt"), "-".into()], false);
        assert_eq!(
            names(&plain),
            [
                format!("error: {}: is a directory (-r looks inside)", dir.display()),
                "<stdin>".into(),
                d("notes.txt"),
                "error: -: standard input is named twice".into()
            ]
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
