//! Building and running the C test programs of `tests/c/` (shared by `c_suite.rs` and
//! `wine_diff.rs`).
//!
//! Programs are compiled with the system C compiler (`cc`, or `$CC`) against
//! `include/mmsystem.h` and the libmmio that cargo built for this test run (the
//! cdylib and staticlib sit in the profile directory, one level above the test
//! binary's `deps/`). Each run gets a fresh empty working directory, since the programs
//! make their files by relative name.

#![allow(dead_code)] // each test binary uses part of this module

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The crate directory (`crates/mmio-sys`).
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The C sources and expected outputs.
pub fn c_dir() -> PathBuf {
    crate_dir().join("tests/c")
}

/// The profile directory holding `libmmio.so` and `libmmio.a`, built (or brought up to
/// date) by `cargo build -p mmio-sys` for this test binary's profile and target dir.
///
/// `cargo test` does not build a cdylib/staticlib-only library for integration tests,
/// so the test asks cargo itself, once per test binary.
pub fn lib_dir() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let exe = std::env::current_exe().expect("test binary path");
            let dir = exe.parent().and_then(Path::parent).expect("target/<profile>/deps/<test>").to_path_buf();
            let target = dir.parent().expect("target dir");
            let profile = match dir.file_name().and_then(|n| n.to_str()) {
                Some("debug") | None => "dev",
                Some(name) => name,
            };
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let mut cmd = Command::new(cargo);
            cmd.args(["build", "--quiet", "-p", "mmio-sys", "--profile", profile]).arg("--target-dir").arg(target);
            cmd.current_dir(crate_dir());
            run_ok(&mut cmd, "building libmmio");
            for lib in ["libmmio.so", "libmmio.a"] {
                assert!(dir.join(lib).is_file(), "cargo did not build {} in {}", lib, dir.display());
            }
            dir
        })
        .clone()
}

/// One C test program.
pub struct Program {
    /// The file stem, e.g. `riff`.
    pub name: String,
    /// `tests/c/<name>.c`.
    pub source: PathBuf,
    /// Marked `posix-only` on its first line: not built for Windows.
    pub posix_only: bool,
    /// Includes `<windows.h>` itself (otherwise the Windows build forces it in).
    pub includes_windows_h: bool,
}

impl Program {
    /// The program `tests/c/<name>.c`.
    pub fn named(name: &str) -> Program {
        let source = c_dir().join(format!("{name}.c"));
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let posix_only = text.lines().next().is_some_and(|l| l.contains("posix-only"));
        let includes_windows_h = text.contains("#include <windows.h>");
        Program { name: name.to_string(), source, posix_only, includes_windows_h }
    }

    /// Every program in `tests/c/`, by name.
    pub fn all() -> Vec<Program> {
        let mut names: Vec<String> = std::fs::read_dir(c_dir())
            .expect("tests/c")
            .filter_map(|e| {
                let path = e.ok()?.path();
                (path.extension()? == "c").then(|| path.file_stem()?.to_str().map(str::to_string))?
            })
            .collect();
        names.sort();
        names.iter().map(|n| Program::named(n)).collect()
    }

    /// The expected output, `tests/c/<name>.expected`.
    pub fn expected(&self) -> String {
        let path = c_dir().join(format!("{}.expected", self.name));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// How a native build links libmmio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// `-lmmio` against `libmmio.so`, found at run time through an rpath.
    Shared,
    /// `libmmio.a` and the system libraries the Rust standard library needs.
    Static,
}

/// A fresh empty directory under the system temp dir.
pub fn scratch(tag: &str) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("mmio-c-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs a command; panics with its output if it cannot start or fails.
pub fn run_ok(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}): {cmd:?}\n--- stdout\n{stdout}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Compiles a program natively into `out_dir`; returns the executable.
pub fn build_native(program: &Program, link: Link, out_dir: &Path) -> PathBuf {
    let lib = lib_dir();
    let exe = out_dir.join(format!("{}-{:?}", program.name, link).to_lowercase());
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let mut cmd = Command::new(cc);
    cmd.args(["-std=c99", "-Wall", "-Werror", "-g"]).arg("-I").arg(crate_dir().join("include"));
    cmd.arg("-I").arg(crate_dir().join("include/compat"));
    cmd.arg(&program.source).arg("-o").arg(&exe);
    match link {
        Link::Shared => {
            cmd.arg("-L").arg(&lib).arg("-lmmio").arg(format!("-Wl,-rpath,{}", lib.display()));
        }
        Link::Static => {
            cmd.arg(lib.join("libmmio.a")).args(["-ldl", "-lm"]);
        }
    }
    cmd.arg("-pthread");
    run_ok(&mut cmd, &format!("compiling {}", program.name));
    exe
}

/// Runs an executable in a fresh directory and returns its stdout. With
/// `MMIO_C_WRAPPER` set (e.g. `valgrind --error-exitcode=1 --leak-check=full -q`), the
/// program runs under that command.
pub fn run_native(exe: &Path, tag: &str) -> String {
    let dir = scratch(tag);
    let wrapper = std::env::var("MMIO_C_WRAPPER").unwrap_or_default();
    let mut words = wrapper.split_whitespace();
    let mut cmd = match words.next() {
        Some(first) => {
            let mut cmd = Command::new(first);
            cmd.args(words).arg(exe);
            cmd
        }
        None => Command::new(exe),
    };
    cmd.current_dir(&dir);
    let out = run_ok(&mut cmd, &format!("running {}", exe.display()));
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// Panics with a readable report when `actual` is not `expected`, line by line.
pub fn assert_same_output(name: &str, actual: &str, expected: &str) {
    if actual == expected {
        return;
    }
    let mut report = String::new();
    let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    for i in 0..a.len().max(e.len()) {
        let (got, want) = (a.get(i).copied(), e.get(i).copied());
        if got != want {
            report.push_str(&format!(
                "line {}:\n  expected: {}\n  actual:   {}\n",
                i + 1,
                want.unwrap_or("<none>"),
                got.unwrap_or("<none>")
            ));
        }
    }
    panic!("{name}: output differs from tests/c/{name}.expected\n{report}--- full output\n{actual}");
}
