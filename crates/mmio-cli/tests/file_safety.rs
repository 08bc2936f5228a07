//! Safe file handling of `repair` and `extract` (issue 10): whatever the user names as
//! input or output (links, devices, FIFOs, existing files), whatever else is going on
//! (a live recorder, a full disk, a closed stdout, a killed earlier run), no byte of the
//! user's files is lost. `docs/file-safety.md` maps each rule to its test here.

mod support;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};

use support::{Run, Scratch, mmio, testfiles};

/// A file a streaming writer left with placeholder sizes, and what repair makes of it.
fn broken_and_fixed() -> (Vec<u8>, Vec<u8>) {
    let pcm = testfiles::pcm_wav();
    let broken = testfiles::damaged(&pcm).into_iter().find(|(n, _)| *n == "stream-ff.wav").unwrap().1;
    (broken, pcm)
}

/// The data chunk's bytes of the PCM test file.
fn samples() -> Vec<u8> {
    testfiles::pattern(4410 * 4, 1)
}

/// A scratch directory holding `a.wav` (a streaming writer's file with placeholder
/// sizes) and `pcm.wav` (a clean file); the broken bytes and their repair.
fn scratch_with_files(name: &str) -> (Scratch, Vec<u8>, Vec<u8>) {
    let dir = Scratch::new(name);
    let (broken, fixed) = broken_and_fixed();
    dir.write("a.wav", &broken);
    dir.write("pcm.wav", &testfiles::pcm_wav());
    (dir, broken, fixed)
}

/// The names in `dir`, sorted.
fn names(dir: &Scratch) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(&dir.0).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// True in CI, where nothing may be skipped.
fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| v == "true")
}

/// Whether a test that needs `what` can run: outside CI it is skipped with a message;
/// in CI a missing `what` fails the test.
fn can_run(available: bool, what: &str) -> bool {
    if !available {
        assert!(!in_ci(), "this test needs {what}, and CI must provide it");
        eprintln!("skipped: this test needs {what}");
    }
    available
}

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// Runs `mmio args...` in `dir` through `sh -c SCRIPT` (`$0` is mmio, `$@` the args).
fn mmio_sh(dir: &Path, script: &str, args: &[&str]) -> Run {
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_mmio"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run {
        code: output.status.code().expect("exited"),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn extract_onto_any_name_of_its_input_is_refused_before_anything_is_written() {
    let dir = Scratch::new("safety-extract-self");
    let pcm = testfiles::pcm_wav();
    let input = dir.write("pcm.wav", &pcm);
    fs::hard_link(&input, dir.path("hard.wav")).unwrap();
    symlink("pcm.wav", dir.path("soft.wav")).unwrap();
    let absolute = input.to_str().unwrap().to_string();
    for out in ["hard.wav", "soft.wav", "./pcm.wav", "pcm.wav", &absolute] {
        for force in [false, true] {
            let mut args = vec!["extract", "pcm.wav", "RIFF/data", "-o", out];
            if force {
                args.push("--force");
            }
            let run = mmio(&dir.0, &args);
            assert_eq!(run.code, 2, "{args:?}");
            assert!(run.stderr.contains("is the file being read"), "{args:?}: {}", run.stderr);
            assert_eq!(fs::read(&input).unwrap(), pcm, "{args:?}: the input changed");
        }
    }
    assert_eq!(names(&dir), ["hard.wav", "pcm.wav", "soft.wav"]);
    // Standard output that is the input itself (`>> pcm.wav`) is refused too.
    let run = mmio_sh(&dir.0, "exec \"$0\" \"$@\" >> pcm.wav", &["extract", "pcm.wav", "RIFF/data"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("pcm.wav: is standard output too"), "{}", run.stderr);
    assert_eq!(fs::read(&input).unwrap(), pcm);
}

#[test]
fn repair_onto_its_own_input_is_refused_with_a_hint() {
    let dir = Scratch::new("safety-repair-self");
    let (broken, _) = broken_and_fixed();
    let input = dir.write("a.wav", &broken);
    fs::hard_link(&input, dir.path("hard.wav")).unwrap();
    symlink("a.wav", dir.path("soft.wav")).unwrap();
    for out in ["a.wav", "./a.wav", "hard.wav", "soft.wav"] {
        let run = mmio(&dir.0, &["repair", "a.wav", "-o", out, "--force"]);
        assert_eq!(run.code, 2, "{out}");
        assert!(run.stderr.contains("is the file being repaired: use --in-place"), "{out}: {}", run.stderr);
        assert_eq!(fs::read(&input).unwrap(), broken, "{out}");
    }
    assert_eq!(names(&dir), ["a.wav", "hard.wav", "soft.wav"]);
}

#[test]
fn an_existing_output_is_replaced_only_with_force() {
    let (dir, _, fixed) = scratch_with_files("safety-existing-output");
    for args in [&["repair", "a.wav", "-o", "out"][..], &["extract", "pcm.wav", "RIFF/data", "-o", "out"]] {
        let out = dir.write("out", b"keep me");
        fs::set_permissions(&out, fs::Permissions::from_mode(0o600)).unwrap();
        let run = mmio(&dir.0, args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains("out: exists: use --force to replace it"), "{args:?}: {}", run.stderr);
        assert_eq!(fs::read(&out).unwrap(), b"keep me");
        assert_eq!(names(&dir), ["a.wav", "out", "pcm.wav"]);
        let run = mmio(&dir.0, &[args, &["--force"]].concat());
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let expected = if args[0] == "repair" { fixed.clone() } else { samples() };
        assert!(fs::read(&out).unwrap() == expected, "{args:?}");
        // The replaced file keeps its permissions.
        assert_eq!(fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600, "{args:?}");
        assert_eq!(names(&dir), ["a.wav", "out", "pcm.wav"]);
    }
    // Through a symbolic link, --force replaces the file it points to; the link stays.
    fs::create_dir(dir.path("sub")).unwrap();
    dir.write("sub/real", b"old");
    symlink("sub/real", dir.path("link")).unwrap();
    let run = mmio(&dir.0, &["extract", "pcm.wav", "RIFF/data", "-o", "link", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(fs::symlink_metadata(dir.path("link")).unwrap().file_type().is_symlink());
    assert!(fs::read(dir.path("sub/real")).unwrap() == samples());
    // A link to nothing is refused, and nothing is created where it points.
    symlink("sub/nothing", dir.path("dangling")).unwrap();
    let run = mmio(&dir.0, &["extract", "pcm.wav", "RIFF/data", "-o", "dangling"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a symbolic link to a missing file"), "{}", run.stderr);
    assert!(!dir.path("sub/nothing").exists());
    // A directory is refused.
    let run = mmio(&dir.0, &["repair", "a.wav", "-o", "sub", "--force"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("sub: is a directory"), "{}", run.stderr);
}

#[test]
fn new_outputs_get_the_usual_permissions() {
    let (dir, _, _) = scratch_with_files("safety-modes");
    let input = dir.path("a.wav");
    fs::set_permissions(&input, fs::Permissions::from_mode(0o664)).unwrap();
    let run = mmio_sh(&dir.0, "umask 027; exec \"$0\" \"$@\"", &["extract", "pcm.wav", "RIFF/data", "-o", "x.raw"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::metadata(dir.path("x.raw")).unwrap().permissions().mode() & 0o777, 0o640);
    // A repaired copy has the input's permissions, less the umask.
    let run = mmio_sh(&dir.0, "umask 002; exec \"$0\" \"$@\"", &["repair", "a.wav", "-o", "b.wav"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::metadata(dir.path("b.wav")).unwrap().permissions().mode() & 0o777, 0o664);
}

#[test]
fn an_existing_backup_is_replaced_only_with_force_never_through_a_link() {
    let dir = Scratch::new("safety-backup");
    let (broken, fixed) = broken_and_fixed();
    let input = dir.write("a.wav", &broken);
    let bak = dir.write("a.wav.bak", b"an older backup");
    let run = mmio(&dir.0, &["repair", "a.wav", "--in-place"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("a.wav.bak: exists: use --force to replace it"), "{}", run.stderr);
    assert_eq!(run.stdout, b"", "nothing is said before the refusal");
    assert_eq!((fs::read(&input).unwrap(), fs::read(&bak).unwrap()), (broken.clone(), b"an older backup".to_vec()));
    assert_eq!(names(&dir), ["a.wav", "a.wav.bak"]);
    let run = mmio(&dir.0, &["repair", "a.wav", "--in-place", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!((fs::read(&input).unwrap(), fs::read(&bak).unwrap()), (fixed.clone(), broken.clone()));
    assert_eq!(names(&dir), ["a.wav", "a.wav.bak"]);

    // A planted link as FILE.bak: refused; with --force the link itself is replaced,
    // and the file it points to is never written.
    let victim = dir.write("victim", b"precious");
    let input = dir.write("b.wav", &broken);
    symlink("victim", dir.path("b.wav.bak")).unwrap();
    let run = mmio(&dir.0, &["repair", "b.wav", "--in-place"]);
    assert_eq!(run.code, 2);
    assert_eq!(fs::read(&input).unwrap(), broken);
    let run = mmio(&dir.0, &["repair", "b.wav", "--in-place", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
    assert!(fs::symlink_metadata(dir.path("b.wav.bak")).unwrap().file_type().is_file());
    assert_eq!(fs::read(dir.path("b.wav.bak")).unwrap(), broken);
    assert_eq!(fs::read(&input).unwrap(), fixed);
}

#[test]
fn in_place_on_a_symlink_repairs_the_file_it_points_to() {
    let dir = Scratch::new("safety-symlink");
    let (broken, fixed) = broken_and_fixed();
    fs::create_dir(dir.path("store")).unwrap();
    let real = dir.write("store/take1.wav", &broken);
    symlink("store/take1.wav", dir.path("link.wav")).unwrap();
    let run = mmio(&dir.0, &["repair", "link.wav", "--in-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read_link(dir.path("link.wav")).unwrap(), Path::new("store/take1.wav"));
    assert_eq!(fs::read(&real).unwrap(), fixed);
    assert_eq!(fs::read(dir.path("store/take1.wav.bak")).unwrap(), broken);
    assert_eq!(names(&dir), ["link.wav", "store"]);
    assert!(run.text().contains("backup in "), "{}", run.text());
}

#[test]
fn in_place_on_a_file_with_several_names_needs_write_in_place() {
    let dir = Scratch::new("safety-hard-links");
    let (broken, fixed) = broken_and_fixed();
    let a = dir.write("a.wav", &broken);
    let b = dir.path("b.wav");
    fs::hard_link(&a, &b).unwrap();
    let inode = fs::metadata(&a).unwrap().ino();
    let run = mmio(&dir.0, &["repair", "a.wav", "--in-place"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has 2 names (hard links)") && run.stderr.contains("--write-in-place"),
        "{}",
        run.stderr
    );
    assert_eq!((fs::read(&a).unwrap(), fs::read(&b).unwrap()), (broken.clone(), broken.clone()));
    assert_eq!(names(&dir), ["a.wav", "b.wav"]);
    // It cannot go without the backup.
    let run = mmio(&dir.0, &["repair", "a.wav", "--in-place", "--write-in-place", "--no-backup"]);
    assert_eq!(run.code, 2);
    assert_eq!(fs::read(&a).unwrap(), broken);
    let run = mmio(&dir.0, &["repair", "a.wav", "--in-place", "--write-in-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!((fs::read(&a).unwrap(), fs::read(&b).unwrap()), (fixed.clone(), fixed));
    assert_eq!((fs::metadata(&a).unwrap().ino(), fs::metadata(&a).unwrap().nlink()), (inode, 2));
    assert_eq!(fs::read(dir.path("a.wav.bak")).unwrap(), broken);
    assert_eq!(names(&dir), ["a.wav", "a.wav.bak", "b.wav"]);
}

/// The recorder of [`a_file_held_by_a_live_recorder_is_refused`]: opens the file
/// through libmmio's engine with a share mode, records, and holds it until its stdin
/// closes.
fn record_and_hold(spec: &str) {
    use winmmio::{OpenOptions, Share};
    let (share, path) = spec.split_once(':').unwrap();
    let share = match share {
        "exclusive" => Share::Exclusive,
        "denywrite" => Share::DenyWrite,
        _ => Share::DenyNone,
    };
    let mut file = OpenOptions::new().read_write().share(share).open(path).unwrap();
    std::io::Seek::seek(&mut file, std::io::SeekFrom::End(0)).unwrap();
    file.write_all(&[7; 1000]).unwrap();
    file.flush().unwrap();
    println!("recording");
    std::io::stdout().flush().unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    drop(file);
}

#[test]
fn a_file_held_by_a_live_recorder_is_refused() {
    if let Ok(spec) = std::env::var("MMIO_TEST_RECORDER") {
        record_and_hold(&spec);
        return;
    }
    let dir = Scratch::new("safety-recorder");
    let (broken, _) = broken_and_fixed();
    for share in ["exclusive", "denywrite", "denynone"] {
        let input = dir.write("live.wav", &broken);
        let mut recorder = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "a_file_held_by_a_live_recorder_is_refused", "--nocapture", "--test-threads=1"])
            .env("MMIO_TEST_RECORDER", format!("{share}:{}", input.display()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        // Its test harness prints "test NAME ... " first, on the same line.
        let mut said = BufReader::new(recorder.stdout.take().unwrap());
        let started = (&mut said).lines().map_while(Result::ok).any(|l| l.ends_with("recording"));
        assert!(started, "{share}: the recorder did not start");
        let recorded = fs::read(&input).unwrap();
        assert_eq!(recorded.len(), broken.len() + 1000);
        for args in [&["repair", "live.wav", "--in-place"][..], &["repair", "live.wav", "-o", "out.wav"]] {
            let run = mmio(&dir.0, args);
            assert_eq!(run.code, 2, "{share}: {args:?}");
            assert!(
                run.stderr.contains("live.wav: is in use by another program")
                    && run.stderr.contains("repair it when the recording has stopped"),
                "{share}: {}",
                run.stderr
            );
            assert_eq!(fs::read(&input).unwrap(), recorded, "{share}: {args:?}");
            assert_eq!(names(&dir), ["live.wav"], "{share}: {args:?}");
        }
        drop(recorder.stdin.take());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut said, &mut rest).unwrap();
        assert!(recorder.wait().unwrap().success(), "{share}: {rest}");
        // The recording stopped: the repair goes ahead.
        let run = mmio(&dir.0, &["repair", "live.wav", "--in-place", "--no-backup"]);
        assert_eq!(run.code, 0, "{share}: {}", run.stderr);
    }
}

#[test]
fn devices_and_fifos_are_written_into_never_replaced() {
    let (dir, _, fixed) = scratch_with_files("safety-devices");
    // As root, a regression would replace /dev/null for the whole machine: a node of
    // our own stands for it (`as_root_device_nodes_and_owners_survive` makes one).
    let null = if is_root() { null_node(&dir) } else { "/dev/null".to_string() };
    for args in [&["repair", "a.wav", "-o", &null][..], &["extract", "pcm.wav", "RIFF/data", "-o", &null]] {
        let run = mmio(&dir.0, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let meta = fs::symlink_metadata(&null).unwrap();
        assert!(meta.file_type().is_char_device(), "{args:?}: {null} was replaced");
    }
    // /dev/stdout: the data on stdout, the repair's messages on stderr.
    let run = mmio(&dir.0, &["repair", "a.wav", "-o", "/dev/stdout"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout == fixed, "the repaired file, alone, on stdout");
    assert!(run.stderr.contains("repaired into /dev/stdout"), "{}", run.stderr);
    let run = mmio(&dir.0, &["extract", "pcm.wav", "RIFF/data", "-o", "/dev/stdout"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout == samples());
    // A FIFO: written into as a stream, still a FIFO afterwards.
    let fifo = dir.path("pipe");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    for (args, expected) in [
        (&["repair", "a.wav", "-o", "pipe"][..], fixed.clone()),
        (&["extract", "pcm.wav", "RIFF/data", "-o", "pipe"], samples()),
    ] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        let run = mmio(&dir.0, args);
        // If mmio never opened the FIFO, the reader still waits for a writer: release it.
        let _ = fs::File::options().write(true).custom_flags(nix::libc::O_NONBLOCK).open(&fifo);
        let got = reader.join().unwrap();
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(got == expected, "{args:?}: {} bytes through the FIFO", got.len());
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }
    let _ = fs::remove_file(dir.path("null"));
    assert_eq!(names(&dir), ["a.wav", "pcm.wav", "pipe"]);
}

/// A device node of our own, the same device as /dev/null (root only).
fn null_node(dir: &Scratch) -> String {
    use nix::sys::stat::{Mode, SFlag, makedev, mknod};
    let node = dir.path("null");
    mknod(&node, SFlag::S_IFCHR, Mode::from_bits_truncate(0o666), makedev(1, 3)).unwrap();
    node.to_str().unwrap().to_string()
}

#[test]
fn as_root_device_nodes_and_owners_survive() {
    if !can_run(is_root(), "root (device nodes, other owners)") {
        return;
    }
    let (dir, broken, fixed) = scratch_with_files("safety-root");
    let node = null_node(&dir);
    let rdev = fs::metadata(&node).unwrap().rdev();
    for args in [&["repair", "a.wav", "-o", &node][..], &["extract", "pcm.wav", "RIFF/data", "-o", &node]] {
        let run = mmio(&dir.0, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let meta = fs::symlink_metadata(&node).unwrap();
        assert!(meta.file_type().is_char_device(), "{args:?}: the device node was replaced");
        assert_eq!(meta.rdev(), rdev);
    }
    // Root repairing another user's file in place: it stays theirs.
    let theirs = dir.write("theirs.wav", &broken);
    std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
    fs::set_permissions(&theirs, fs::Permissions::from_mode(0o640)).unwrap();
    let run = mmio(&dir.0, &["repair", "theirs.wav", "--in-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let meta = fs::metadata(&theirs).unwrap();
    assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o777), (65534, 65534, 0o640));
    assert_eq!(fs::read(&theirs).unwrap(), fixed);

    // A user repairing root's file (writable by all, in a directory writable by all):
    // a rename would make it theirs, so only --write-in-place goes ahead.
    use std::os::unix::process::CommandExt;
    fs::set_permissions(&dir.0, fs::Permissions::from_mode(0o777)).unwrap();
    let roots = dir.write("roots.wav", &broken);
    fs::set_permissions(&roots, fs::Permissions::from_mode(0o666)).unwrap();
    // The tool where another user can run it, wherever the build is: a link, or a copy.
    let tool = dir.path("mmio-copy");
    if fs::hard_link(env!("CARGO_BIN_EXE_mmio"), &tool).is_err() {
        fs::copy(env!("CARGO_BIN_EXE_mmio"), &tool).unwrap();
    }
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
    let as_nobody = |args: &[&str]| {
        let mut command = Command::new(&tool);
        command.args(args).current_dir(&dir.0).uid(65534).gid(65534);
        // A copy just written can be "busy" for a moment: a child another test forks
        // meanwhile holds the descriptor it was written through until it execs.
        let output = loop {
            match command.output() {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => std::thread::yield_now(),
                other => break other.unwrap(),
            }
        };
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stderr) = as_nobody(&["repair", "roots.wav", "--in-place"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("belongs to another user") && stderr.contains("--write-in-place"), "{stderr}");
    assert_eq!(fs::read(&roots).unwrap(), broken);
    let (code, stderr) = as_nobody(&["repair", "roots.wav", "--in-place", "--write-in-place"]);
    assert_eq!(code, Some(0), "{stderr}");
    let meta = fs::metadata(&roots).unwrap();
    assert_eq!((meta.uid(), meta.mode() & 0o777), (0, 0o666));
    assert_eq!(fs::read(&roots).unwrap(), fixed);
    assert_eq!(fs::read(dir.path("roots.wav.bak")).unwrap(), broken);
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (dir, broken, _) = scratch_with_files("safety-disk-full");
    let input = dir.path("a.wav");
    // A file size limit far below the file (the shell counts 512-byte blocks), with
    // SIGXFSZ ignored: the write fails with EFBIG, as on a full disk.
    let limited = "ulimit -f 4 && trap '' XFSZ && exec \"$0\" \"$@\"";
    for args in [
        &["extract", "pcm.wav", "RIFF/data", "-o", "out.raw"][..],
        &["repair", "a.wav", "-o", "out.wav"],
        &["repair", "a.wav", "--in-place"],
    ] {
        let run = mmio_sh(&dir.0, limited, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("File too large"), "{args:?}: {}", run.stderr);
        assert_eq!(names(&dir), ["a.wav", "pcm.wav"], "{args:?}: no partial output, temporary file or backup");
        assert_eq!(fs::read(&input).unwrap(), broken, "{args:?}");
    }
}

/// Writes a leftover temporary file of a run of process `pid`, last written `age`
/// seconds ago.
fn leftover(dir: &Scratch, name: &str, age: u64) -> std::path::PathBuf {
    let path = dir.write(name, b"half a repair");
    let file = fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(age)).unwrap();
    path
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next_one() {
    let (dir, _, fixed) = scratch_with_files("safety-leftovers");
    let dead = {
        let mut child = Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    };
    let killed = leftover(&dir, &format!(".a.wav.mmio-{dead}-0123456789abcdef.tmp"), 3600);
    let killed_bak = leftover(&dir, &format!(".a.wav.bak.mmio-{dead}-0123456789abcdef.tmp"), 3600);
    // A live process's (this test's), one just written, one for another file, one that
    // only looks alike, a link: all stay.
    let live = leftover(&dir, &format!(".a.wav.mmio-{}-0123456789abcdef.tmp", std::process::id()), 3600);
    let fresh = leftover(&dir, &format!(".a.wav.mmio-{dead}-fedcba9876543210.tmp"), 0);
    let other = leftover(&dir, &format!(".b.wav.mmio-{dead}-0123456789abcdef.tmp"), 3600);
    let alike = leftover(&dir, &format!(".a.wav.mmio-{dead}-0123.tmp"), 3600);
    let link = dir.path(&format!(".a.wav.mmio-{dead}-00000000000000ff.tmp"));
    symlink("b", &link).unwrap();
    let run = mmio(&dir.0, &["repair", "a.wav", "--in-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read(dir.path("a.wav")).unwrap(), fixed);
    assert!(!killed.exists() && !killed_bak.exists(), "{:?}", names(&dir));
    for kept in [&live, &fresh, &other, &alike] {
        assert!(kept.exists(), "{} was removed", kept.display());
    }
    assert!(fs::symlink_metadata(&link).is_ok(), "a link was removed");
    // `extract -o` cleans after its killed runs too.
    let killed = leftover(&dir, &format!(".x.raw.mmio-{dead}-0123456789abcdef.tmp"), 3600);
    let run = mmio(&dir.0, &["extract", "pcm.wav", "RIFF/data", "-o", "x.raw"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!killed.exists());
}

/// The system calls of `mmio args...` in `dir` that make files durable or move them,
/// with the paths of their descriptors (`strace -y`); `None` when strace cannot run.
fn traced(dir: &Scratch, args: &[&str]) -> Option<Vec<String>> {
    let trace = dir.path("strace.out");
    let status = Command::new("strace")
        .args(["-f", "-y", "-qq", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,link,linkat", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_mmio"))
        .args(args)
        .current_dir(&dir.0)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    let text = fs::read_to_string(&trace).ok()?;
    fs::remove_file(&trace).unwrap();
    assert_eq!(status.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&status.stderr));
    Some(text.lines().map(str::to_string).collect())
}

/// The index of the first line after `from` that contains every one of `parts`.
fn find(lines: &[String], from: usize, parts: &[&str]) -> Option<usize> {
    (from..lines.len()).find(|&i| parts.iter().all(|p| lines[i].contains(p)))
}

#[test]
fn results_backups_and_directories_are_synced() {
    let strace = Command::new("strace").arg("-V").output().is_ok_and(|o| o.status.success());
    if !can_run(strace, "strace") {
        return;
    }
    let (dir, _, _) = scratch_with_files("safety-fsync");
    let Some(lines) = traced(&dir, &["repair", "a.wav", "--in-place"]) else {
        assert!(!in_ci(), "strace cannot trace here");
        return;
    };
    let dir_name = dir.0.to_str().unwrap();
    let at_dir = format!("<{dir_name}>");
    let text = lines.join("\n");
    // The result is synced under its temporary name, before it is renamed over a.wav.
    let synced =
        find(&lines, 0, &["fsync(", ".a.wav.mmio-"]).unwrap_or_else(|| panic!("no fsync of the result:\n{text}"));
    let renamed = find(&lines, synced, &["rename", ".a.wav.mmio-", "a.wav\")"])
        .unwrap_or_else(|| panic!("no rename after the fsync:\n{text}"));
    // The backup (another name for the original) is synced, and published before.
    let bak =
        find(&lines, 0, &["fsync(", ".a.wav.bak.mmio-"]).unwrap_or_else(|| panic!("no fsync of the backup:\n{text}"));
    let published = find(&lines, bak, &["link", "a.wav.bak\", "]).unwrap_or_else(|| panic!("no backup link:\n{text}"));
    assert!(published < renamed, "the backup comes first:\n{text}");
    // The directory is synced after each.
    let dir_synced =
        find(&lines, published, &["fsync(", &at_dir]).unwrap_or_else(|| panic!("no directory fsync:\n{text}"));
    assert!(dir_synced < renamed, "{text}");
    find(&lines, renamed, &["fsync(", &at_dir])
        .unwrap_or_else(|| panic!("no directory fsync after the rename:\n{text}"));

    // extract -o: the same for its output.
    let lines = traced(&dir, &["extract", "pcm.wav", "RIFF/data", "-o", "x.raw"]).unwrap();
    let text = lines.join("\n");
    let synced =
        find(&lines, 0, &["fsync(", ".x.raw.mmio-"]).unwrap_or_else(|| panic!("no fsync of the output:\n{text}"));
    let linked =
        find(&lines, synced, &["link", "\"x.raw\", "]).unwrap_or_else(|| panic!("no link after the fsync:\n{text}"));
    find(&lines, linked, &["fsync(", &at_dir]).unwrap_or_else(|| panic!("no directory fsync:\n{text}"));
}

#[test]
fn closed_or_full_stdout_is_exit_2_in_every_command() {
    let dir = Scratch::new("safety-stdout");
    let (broken, _) = broken_and_fixed();
    dir.write("pcm.wav", &testfiles::pcm_wav());
    let commands: [&[&str]; 7] = [
        &["tree", "pcm.wav"],
        &["tree", "--json", "pcm.wav"],
        &["info", "pcm.wav"],
        &["check", "pcm.wav"],
        &["extract", "pcm.wav", "RIFF/data"],
        &["repair", "a.wav", "-o", "out.wav"],
        &["repair", "a.wav", "--in-place"],
    ];
    for args in commands {
        for sink in ["/dev/full", "closed", "closed pipe"] {
            dir.write("a.wav", &broken);
            let run = match sink {
                "/dev/full" => mmio_sh(&dir.0, "exec \"$0\" \"$@\" > /dev/full", args),
                "closed" => mmio_sh(&dir.0, "exec \"$0\" \"$@\" >&-", args),
                _ => {
                    let (reader, writer) = std::io::pipe().unwrap();
                    drop(reader);
                    let output = Command::new(env!("CARGO_BIN_EXE_mmio"))
                        .args(args)
                        .current_dir(&dir.0)
                        .stdout(writer)
                        .output()
                        .unwrap();
                    Run {
                        code: output.status.code().unwrap(),
                        stdout: vec![],
                        stderr: String::from_utf8_lossy(&output.stderr).into(),
                    }
                }
            };
            assert_eq!(run.code, 2, "{args:?} > {sink}: {}", run.stderr);
            assert!(!run.stderr.contains("panicked"), "{args:?} > {sink}: {}", run.stderr);
            if sink != "closed pipe" {
                assert!(run.stderr.contains("<stdout>: cannot write"), "{args:?} > {sink}: {}", run.stderr);
            }
            // A repair that cannot say what it does does nothing.
            assert_eq!(fs::read(dir.path("a.wav")).unwrap(), broken, "{args:?} > {sink}");
            assert_eq!(names(&dir), ["a.wav", "pcm.wav"], "{args:?} > {sink}");
        }
    }
    // A full stderr is no reason to panic either.
    for (args, code) in [(&["tree", "missing.wav"][..], 2), (&["tree"], 0), (&["extract", "a.wav", "RIFF/data"], 1)] {
        let run = mmio_sh(&dir.0, "exec \"$0\" \"$@\" 2> /dev/full", args);
        assert_eq!(run.code, code, "{args:?} 2> /dev/full");
    }
}
