//! Differential test against Wine: each C program of `tests/c/` (except the
//! `posix-only` ones) is compiled twice from the same source, natively against
//! libmmio and with mingw-w64 against Wine's winmm, and the two outputs are compared
//! line by line.
//!
//! Every line that differs must be listed, exactly as printed and with the reason, in
//! `tests/c/wine.known` (the Windows rule Wine breaks, or our documented decision), and
//! every listed line must still differ, so the list stays exact: a line that starts to
//! differ without an entry fails, and so does an entry, or any line of one, that is not
//! needed any more.
//!
//! Needs `x86_64-w64-mingw32-gcc` and Wine (`/usr/lib/wine/wine64`, or `$MMIO_WINE`).
//! Without them the test is skipped with a message on stderr (written past the
//! harness's capture, so it shows in a plain `cargo test`), unless
//! `MMIO_REQUIRE_WINE=1` (set by `.ci/c-abi`) makes that a failure.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use support::{Link, Program, build_native, c_dir, run_native, run_ok, scratch};

const MINGW: &str = "x86_64-w64-mingw32-gcc";

/// How long one Wine run may take (a fresh prefix takes about 40 s to make).
const WINE_TIMEOUT: Duration = Duration::from_secs(300);

/// The Wine loader to use, if Wine is installed.
fn wine() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("MMIO_WINE") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let default = PathBuf::from("/usr/lib/wine/wine64");
    if default.is_file() {
        return Some(default);
    }
    ["wine64", "wine"].into_iter().map(PathBuf::from).find(|w| found(w))
}

fn found(program: &Path) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Compiles a program with mingw-w64 against winmm. The Windows SDK's mmsystem.h needs
/// <windows.h> first; for programs that include <mmsystem.h> alone it is forced in.
fn build_windows(program: &Program, out_dir: &Path) -> PathBuf {
    let exe = out_dir.join(format!("{}.exe", program.name));
    let mut cmd = Command::new(MINGW);
    cmd.args(["-std=c99", "-Wall", "-Werror"]);
    if !program.includes_windows_h {
        cmd.args(["-include", "windows.h"]);
    }
    // ksguid: the KSDATAFORMAT_SUBTYPE_ GUIDs, as Windows programs link them.
    cmd.arg(&program.source).args(["-lwinmm", "-lksguid"]).arg("-o").arg(&exe);
    run_ok(&mut cmd, &format!("mingw build of {}", program.name));
    exe
}

/// A Wine command, headless, in the test's Wine prefix.
fn wine_command(wine: &Path) -> Command {
    let prefix =
        std::env::var_os("WINEPREFIX").map_or_else(|| std::env::temp_dir().join("mmio-wineprefix"), PathBuf::from);
    let mut cmd = Command::new(wine);
    cmd.env("WINEPREFIX", prefix).env("WINEARCH", "win64").env("WINEDEBUG", "-all");
    cmd.env("WINEDLLOVERRIDES", "mscoree,mshtml=;winemenubuilder.exe=d");
    cmd.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    if wine.ends_with("wine64") {
        cmd.env("WINELOADER", wine);
    }
    cmd
}

/// Makes the Wine prefix (on first use), so that its set-up output mixes with no
/// program's output.
fn init_prefix(wine: &Path) {
    let mut cmd = wine_command(wine);
    cmd.args(["wineboot", "-i"]).stdout(Stdio::null()).stderr(Stdio::null());
    let _ = wait_bounded(&mut cmd, "wineboot");
}

/// Runs `cmd` to its exit, at most [`WINE_TIMEOUT`]. Its output must go to files or
/// nowhere, not to pipes: Wine's background processes (wineserver, winedevice) inherit
/// them and would hold them open long after the program ends.
fn wait_bounded(cmd: &mut Command, what: &str) -> ExitStatus {
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for a Wine process") {
            return status;
        }
        if start.elapsed() > WINE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: no exit after {WINE_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs a Windows program under Wine in a fresh directory; CRLF becomes LF.
fn run_wine(wine: &Path, exe: &Path, tag: &str) -> String {
    let dir = scratch(&format!("wine-{tag}"));
    let (out_path, err_path) = (dir.join("stdout.txt"), dir.join("stderr.txt"));
    let mut cmd = wine_command(wine);
    cmd.arg(exe).current_dir(&dir);
    cmd.stdout(std::fs::File::create(&out_path).expect("stdout file"));
    cmd.stderr(std::fs::File::create(&err_path).expect("stderr file"));
    let what = format!("{} under Wine", exe.display());
    let status = wait_bounded(&mut cmd, &what);
    let out = std::fs::read_to_string(&out_path).unwrap_or_default();
    let err = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(status.success(), "{what} failed ({status})\n--- stdout\n{out}\n--- stderr\n{err}");
    let _ = std::fs::remove_dir_all(&dir);
    out.replace("\r\n", "\n")
}

/// Writes a line to stderr past the test harness's output capture, so that a skip is
/// seen in a plain `cargo test` run.
fn visible(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The lines of `a` and of `b` that are not in their longest common subsequence.
fn unmatched<'a>(a: &[&'a str], b: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut only_a, mut only_b) = (0, 0, Vec::new(), Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            only_a.push(a[i]);
            i += 1;
        } else {
            only_b.push(b[j]);
            j += 1;
        }
    }
    (only_a, only_b)
}

/// The tags an exemption's reason starts with: the rule of Windows (its documentation
/// or a check that passes on Windows, cited in parentheses) that Wine breaks, or our
/// documented decision where Windows is silent or unsafe.
const REASON_TAGS: [&str; 3] = ["Wine bug (", "Windows rule (", "Decision ("];

/// One exemption of `tests/c/wine.known`: lines of one program allowed to differ, each
/// exactly as printed, on our side and on Wine's.
#[derive(Debug)]
struct Exemption {
    program: String,
    reason: String,
    ours: Vec<String>,
    wine: Vec<String>,
}

/// `tests/c/wine.known`: blocks of `== program | reason`, then `ours: line` and
/// `wine: line` (the text after the prefix is the whole line as printed).
fn exemptions() -> Vec<Exemption> {
    let path = c_dir().join("wine.known");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut found: Vec<Exemption> = Vec::new();
    for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix("== ") {
            let (program, reason) = head.split_once(" | ").unwrap_or_else(|| panic!("wine.known:{number}: no reason"));
            assert!(
                REASON_TAGS.iter().any(|t| reason.starts_with(t)) && reason.contains("): "),
                "wine.known:{number}: the reason must start with one of {REASON_TAGS:?} and name its source: {line}"
            );
            found.push(Exemption { program: program.into(), reason: reason.into(), ours: vec![], wine: vec![] });
            continue;
        }
        let entry = found.last_mut().unwrap_or_else(|| panic!("wine.known:{number}: a line before any `== ` head"));
        match (line.strip_prefix("ours: "), line.strip_prefix("wine: ")) {
            (Some(ours), _) => entry.ours.push(ours.into()),
            (_, Some(wine)) => entry.wine.push(wine.into()),
            _ => panic!("wine.known:{number}: expected `ours: ` or `wine: `: {line}"),
        }
    }
    for entry in &found {
        assert!(!entry.ours.is_empty() || !entry.wine.is_empty(), "wine.known: no lines for `{}`", entry.reason);
    }
    found
}

/// Takes one occurrence of `line` out of `lines`; false when there is none.
fn take(lines: &mut Vec<&str>, line: &str) -> bool {
    lines.iter().position(|l| *l == line).map(|i| lines.remove(i)).is_some()
}

#[test]
fn same_output_as_wine_except_known_differences() {
    let Some(wine) = wine().filter(|_| found(Path::new(MINGW))) else {
        let message = "wine_diff: SKIPPED - needs x86_64-w64-mingw32-gcc and Wine (apt install wine64 wine \
                       gcc-mingw-w64-x86-64, or run .ci/c-abi)";
        assert!(std::env::var_os("MMIO_REQUIRE_WINE").is_none(), "{message}");
        visible(message);
        return;
    };
    let known = exemptions();
    init_prefix(&wine);
    let mut problems = Vec::new();
    let mut compared = 0;
    let programs: Vec<Program> = Program::all().into_iter().filter(|p| !p.posix_only).collect();
    for entry in known.iter().filter(|e| !programs.iter().any(|p| p.name == e.program)) {
        problems.push(format!("wine.known names `{}`, which is not compared", entry.program));
    }
    for program in &programs {
        let out_dir = scratch(&format!("wbuild-{}", program.name));
        let ours = run_native(&build_native(program, Link::Shared, &out_dir), &program.name);
        let theirs = run_wine(&wine, &build_windows(program, &out_dir), &program.name);
        let _ = std::fs::remove_dir_all(&out_dir);
        let (ours, theirs): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), theirs.lines().collect());
        let (mut only_ours, mut only_wine) = unmatched(&ours, &theirs);
        let differing = only_ours.len() + only_wine.len();
        for entry in known.iter().filter(|e| e.program == program.name) {
            let sides = [("ours", &entry.ours, &mut only_ours), ("wine", &entry.wine, &mut only_wine)];
            for (side, lines, left) in sides {
                for line in lines.iter().filter(|l| !take(left, l)) {
                    problems.push(format!(
                        "{}: exempt but not different ({side}): {line}  [{}]",
                        program.name, entry.reason
                    ));
                }
            }
        }
        for (side, left) in [("ours", &only_ours), ("wine", &only_wine)] {
            for line in left.iter() {
                problems.push(format!("{}: different without an exemption: {side}: {line}", program.name));
            }
        }
        compared += ours.len();
        visible(&format!("wine_diff: {}: {} lines, {differing} differ (ours + Wine's)", program.name, ours.len()));
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert!(compared > 0, "no program was compared");
}
