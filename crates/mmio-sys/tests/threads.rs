//! Runs the C concurrency stress test (tests/threads/stress.c): 8 threads on shared
//! and private handles through libmmio, handles closed while other threads use them.
//! The program is compiled with the system C compiler against the libmmio.so that
//! cargo built for this test; `.ci/valgrind` runs the same program under memcheck.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The directory holding libmmio.so: cargo's deps directory, where this test lives.
fn library_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let deps = exe.parent().unwrap().to_path_buf();
    assert!(deps.join("libmmio.so").exists(), "libmmio.so not found in {}", deps.display());
    deps
}

/// Compiles `source` against libmmio into `out`.
fn compile(source: &Path, out: &Path) {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = library_dir();
    let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-O1", "-pthread", "-I"])
        .arg(crate_dir.join("include"))
        .arg(source)
        .arg("-L")
        .arg(&lib)
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .args(["-lmmio", "-o"])
        .arg(out)
        .status()
        .expect("a C compiler (cc)");
    assert!(status.success(), "compiling {} failed", source.display());
}

#[test]
fn eight_threads_share_and_close_handles() {
    let dir = std::env::temp_dir().join(format!("mmio-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("stress");
    compile(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/threads/stress.c"), &program);
    let run = Command::new(&program).arg(&dir).arg("20000").output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(run.status.success(), "stress failed: {stdout}{stderr}");
    assert!(stdout.starts_with("ok 8 threads"), "{stdout}");
}
