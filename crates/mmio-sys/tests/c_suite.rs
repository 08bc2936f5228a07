//! The C test suite: every program in `tests/c/` is compiled with the system C
//! compiler against `include/mmsystem.h` and the libmmio cargo just built, run in a
//! fresh directory, and its output compared with `tests/c/<name>.expected`.
//!
//! The expected files were written from docs/behavior.md and the Windows documentation and
//! checked against Windows' behaviour as Wine shows it (see `wine_diff.rs` for the lines
//! where we deliberately differ from Wine). Set `MMIO_C_WRAPPER` to run the programs
//! under valgrind or another checker (`.ci/c-abi` does).

mod support;

use support::{Link, Program, assert_same_output, build_native, run_native, scratch};

/// Builds `name` with `link`, runs it and compares its output.
fn check(name: &str, link: Link) {
    let program = Program::named(name);
    let out_dir = scratch(&format!("build-{name}"));
    let exe = build_native(&program, link, &out_dir);
    let output = run_native(&exe, name);
    let _ = std::fs::remove_dir_all(&out_dir);
    assert_same_output(name, &output, &program.expected());
}

/// One test per program, so a failure names the program.
macro_rules! c_programs {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check(stringify!($name), Link::Shared); })*

        /// Every program in tests/c/ has a test above (and an expected file).
        #[test]
        fn every_program_is_tested() {
            let listed = [$(stringify!($name)),*];
            for program in Program::all() {
                assert!(listed.contains(&program.name.as_str()), "tests/c/{}.c has no test in c_suite.rs", program.name);
                program.expected();
            }
        }
    };
}

c_programs!(layout, buffering, riff, memfile, ioproc, names, invalid, posix, compat, unicode, headers, wavefile);

/// The same programs link against the static library too.
#[test]
fn static_library() {
    check("riff", Link::Static);
    check("ioproc", Link::Static);
}
