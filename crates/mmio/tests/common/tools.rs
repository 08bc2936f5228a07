//! External programs some tests need (ffmpeg, sox): found on PATH, run, and their
//! output read back. Outside CI a missing program skips the test with a message; in
//! CI (`CI=true`, where `.ci/run` installs them) it fails the test.

use std::path::Path;
use std::process::Command;

/// True when `program` is on PATH; false (and a message) when it is missing outside
/// CI. Panics when it is missing in CI. Always false in the Windows build of the tests
/// (run under Wine by `.ci/portability`, where the Linux encoders cannot run).
pub fn available(program: &str) -> bool {
    if cfg!(windows) {
        eprintln!("skipped: {program} is not run from the Windows build");
        return false;
    }
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()));
    if !found {
        let in_ci = std::env::var("CI").as_deref() == Ok("true");
        assert!(!in_ci, "{program} is missing: .ci/run installs it, and CI must have it");
        eprintln!("skipped: {program} is not installed");
    }
    found
}

/// Runs `program` with `args` and returns what it wrote to stdout; panics with its
/// error output if it fails.
pub fn run(program: &str, args: &[&str]) -> Vec<u8> {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(output.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

/// `ffmpeg -y` quietly with these arguments; returns its stdout.
pub fn ffmpeg(args: &[&str]) -> Vec<u8> {
    let mut all = vec!["-hide_banner", "-loglevel", "error", "-y"];
    all.extend_from_slice(args);
    run("ffmpeg", &all)
}

/// The samples of a file as ffmpeg decodes them, in the raw format `raw` (`s16le`,
/// `s32le`, `f32le`, ...).
pub fn ffmpeg_decode(path: &Path, raw: &str) -> Vec<u8> {
    ffmpeg(&["-i", arg(path), "-f", raw, "-c:a", &format!("pcm_{raw}"), "-"])
}

/// A path as a `&str` for a command line.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}
