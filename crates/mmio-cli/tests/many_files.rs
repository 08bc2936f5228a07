//! Many inputs at once: files, directories with `-r`, standard input (`-`), on several
//! threads with the output in the command line's order; `--quiet`, the summary line,
//! JSON Lines with a version in every document, and the exit statuses.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::{Run, Scratch, mmio, testfiles};

/// Runs `mmio args...` in `dir` with `input` on its standard input.
fn mmio_with_stdin(dir: &Scratch, args: &[&str], input: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mmio"))
        .args(args)
        .current_dir(&dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from another thread: the tool reads all of it before writing much.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Each line of the output as JSON.
fn json_lines(run: &Run) -> Vec<Value> {
    run.json_lines()
}

/// The generated test files, written into `dir`; returns their names.
fn write_all(dir: &Scratch) -> Vec<&'static str> {
    testfiles::files()
        .into_iter()
        .map(|(name, bytes)| {
            dir.write(name, &bytes);
            name
        })
        .collect()
}

#[test]
fn output_keeps_the_command_line_order_whatever_the_threads() {
    let dir = Scratch::new("order");
    let names = write_all(&dir);
    // Big reports next to small ones, so that threads finish out of order.
    dir.write("many.riff", &testfiles::many(20_000));
    let mut args: Vec<&str> = Vec::new();
    for name in &names {
        args.push("many.riff");
        args.push(name);
    }
    for command in
        [&["check"][..], &["check", "--json"], &["info"], &["info", "--json"], &["tree"], &["tree", "--json"]]
    {
        let one = mmio(&dir.0, &[command, &["-j", "1"], &args[..]].concat());
        let four = mmio(&dir.0, &[command, &["-j", "4"], &args[..]].concat());
        assert_eq!(one.code, four.code, "{command:?}");
        assert!(one.stdout == four.stdout, "{command:?}: the output depends on the threads");
        assert_eq!(one.stderr, four.stderr, "{command:?}");
        if command.contains(&"--json") {
            let docs = json_lines(&four);
            // One document per file, in order (and check's summary last).
            let files: Vec<&Value> = docs.iter().filter(|d| d.get("path").is_some()).collect();
            assert_eq!(files.len(), args.len(), "{command:?}");
            for (doc, name) in files.iter().zip(&args) {
                assert_eq!(doc["path"], *name, "{command:?}");
            }
            assert!(docs.iter().all(|d| d["version"] == 1), "{command:?}");
        }
    }
}

#[test]
fn check_counts_quietly_and_sums_up() {
    let dir = Scratch::new("quiet");
    let names = write_all(&dir);
    let run = mmio(&dir.0, &[&["check"][..], &names].concat());
    assert_eq!(run.code, 1);
    let text = run.text();
    let ok = text.lines().filter(|l| l.contains(": ok (")).count();
    // Notes (a partial last frame) are said but are no problems.
    let is_problem = |l: &&str| l.contains(": offset ") && !l.contains(" (note): ");
    let with_problems: std::collections::BTreeSet<&str> =
        text.lines().filter(is_problem).map(|l| l.split(": ").next().unwrap()).collect();
    let problems = text.lines().filter(is_problem).count();
    assert_eq!(ok + with_problems.len(), names.len(), "{text}");
    let summary = format!(
        "checked {} files: {ok} ok, {} with problems ({problems} problems)\n",
        names.len(),
        with_problems.len()
    );
    assert!(text.ends_with(&summary), "{text}");
    // --quiet: the problems and the summary, no "ok".
    let quiet = mmio(&dir.0, &[&["check", "--quiet"][..], &names].concat());
    assert_eq!(quiet.code, 1);
    assert_eq!(
        quiet.text(),
        text.lines().filter(|l| !l.contains(": ok (")).map(|l| format!("{l}\n")).collect::<String>()
    );
    // JSON: a document per file, then the summary; quietly, only files with problems.
    let json = json_lines(&mmio(&dir.0, &[&["check", "--json"][..], &names].concat()));
    let summary = &json.last().unwrap()["summary"];
    assert_eq!(summary["files"], names.len());
    assert_eq!(
        (summary["ok"].as_u64(), summary["with_problems"].as_u64()),
        (Some(ok as u64), Some(with_problems.len() as u64))
    );
    assert_eq!(summary["problems"], problems);
    assert_eq!(summary["unreadable"], 0);
    let quiet = json_lines(&mmio(&dir.0, &[&["check", "--json", "-q"][..], &names].concat()));
    assert_eq!(quiet.len(), with_problems.len() + 1);
    assert!(quiet[..quiet.len() - 1].iter().all(|d| !d["problems"].as_array().unwrap().is_empty()));
    // A single clean file: its line, no summary; in JSON a summary all the same.
    assert_eq!(mmio(&dir.0, &["check", "pcm.wav"]).text(), "pcm.wav: ok (7 chunks)\n");
    let one = json_lines(&mmio(&dir.0, &["check", "--json", "pcm.wav"]));
    assert_eq!(one.len(), 2);
    assert_eq!((one[0]["chunks"].as_u64(), one[1]["summary"]["ok"].as_u64()), (Some(7), Some(1)));
    // stderr is not a terminal: no progress bar, nothing on stderr.
    assert_eq!(run.stderr, "");
}

#[test]
fn directories_are_searched_with_r_for_riff_extensions() {
    let dir = Scratch::new("dirs");
    std::fs::create_dir_all(dir.path("music/deeper")).unwrap();
    std::fs::create_dir_all(dir.path("music/empty")).unwrap();
    let pcm = testfiles::pcm_wav();
    dir.write("music/b.wav", &pcm);
    dir.write("music/a.WAV", &pcm);
    dir.write("music/deeper/c.avi", &testfiles::files().into_iter().find(|(n, _)| *n == "movie.avi").unwrap().1);
    dir.write("music/notes.txt", b"not a RIFF file, and not looked at");
    dir.write("music/cover.jpg", b"\xff\xd8\xff");
    let run = mmio(&dir.0, &["check", "-r", "music"]);
    assert_eq!(run.code, 0, "{}{}", run.text(), run.stderr);
    assert_eq!(
        run.text(),
        "music/a.WAV: ok (7 chunks)\nmusic/b.wav: ok (7 chunks)\nmusic/deeper/c.avi: ok (16 chunks)\n\
         checked 3 files: 3 ok, 0 with problems (0 problems)\n"
    );
    // Without -r a directory is an error in its place; the other files are checked.
    let run = mmio(&dir.0, &["check", "music", "music/b.wav"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "mmio: music: is a directory (-r looks inside)\n");
    assert_eq!(
        run.text(),
        "music/b.wav: ok (7 chunks)\nchecked 2 files: 1 ok, 0 with problems (0 problems), 1 unreadable\n"
    );
    // In JSON, an input that cannot be read has a document that says why, in its place.
    for command in ["check", "info", "tree"] {
        let run = mmio(&dir.0, &[command, "--json", "music", "nothere.wav", "music/b.wav"]);
        assert_eq!(run.code, 2, "{command}");
        let docs = json_lines(&run);
        assert_eq!(
            docs[0],
            serde_json::json!({"version": 1, "path": "music", "error": "music: is a directory (-r looks inside)"})
        );
        assert_eq!(docs[1]["path"], "nothere.wav", "{command}");
        assert!(docs[1]["error"].as_str().unwrap().starts_with("nothere.wav: cannot open: "), "{command}");
        assert_eq!((docs[2]["path"].as_str(), docs[2].get("error")), (Some("music/b.wav"), None), "{command}");
        assert_eq!(docs.len(), if command == "check" { 4 } else { 3 }, "{command}");
        assert_eq!(run.stderr.lines().count(), 2, "{command}: stderr says it too");
    }
    // Files named on the command line are read whatever their extension.
    let run = mmio(&dir.0, &["info", "music/notes.txt"]);
    assert_eq!((run.code, run.text()), (1, "music/notes.txt: not a RIFF file (34 B)\n".into()));
    // tree and info take directories too.
    let tree = mmio(&dir.0, &["tree", "-r", "music"]);
    assert_eq!(tree.code, 0);
    assert_eq!(tree.text().matches(" chunks, 0 problems\n").count(), 3);
    let info = json_lines(&mmio(&dir.0, &["info", "--json", "-r", "music"]));
    let forms: Vec<&str> = info.iter().map(|d| d["form"].as_str().unwrap()).collect();
    assert_eq!(forms, ["WAVE", "WAVE", "AVI "]);
}

#[test]
fn standard_input_is_read_from_a_pipe_or_a_file() {
    let dir = Scratch::new("stdin");
    let pcm = testfiles::pcm_wav();
    dir.write("pcm.wav", &pcm);
    // Through a pipe: read into memory first.
    for args in [&["check", "-"][..], &["info", "-"], &["tree", "-"]] {
        let piped = mmio_with_stdin(&dir, args, &pcm);
        let named = mmio(&dir.0, &[&args[..1], &["pcm.wav"]].concat());
        assert_eq!(piped.code, 0, "{args:?}: {}", piped.stderr);
        assert_eq!(piped.text().replace("<stdin>", "pcm.wav"), named.text(), "{args:?}");
    }
    let json = json_lines(&mmio_with_stdin(&dir, &["info", "--json", "-"], &pcm));
    assert_eq!((json[0]["path"].as_str(), json[0]["frames"].as_u64()), (Some("<stdin>"), Some(4410)));
    // extract reads it too, to stdout or to a file.
    let fmt = mmio_with_stdin(&dir, &["extract", "-", "fmt"], &pcm);
    assert_eq!(fmt.stdout, testfiles::wave_format(1, 2, 44100, 16, 4, None));
    let run = mmio_with_stdin(&dir, &["extract", "-", "RIFF/LIST:INFO/INAM", "-o", "title.txt"], &pcm);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path("title.txt")).unwrap(), b"Test tone\0");
    // A file on standard input is used in place.
    let file = std::fs::File::open(dir.path("pcm.wav")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mmio"))
        .args(["check", "-", "pcm.wav"])
        .current_dir(&dir.0)
        .stdin(file)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "<stdin>: ok (7 chunks)\npcm.wav: ok (7 chunks)\nchecked 2 files: 2 ok, 0 with problems (0 problems)\n"
    );
    // Named twice: the second is an error.
    let run = mmio_with_stdin(&dir, &["check", "-", "-"], &pcm);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-: standard input is named twice"), "{}", run.stderr);
    // Nothing at all: not RIFF.
    let run = mmio_with_stdin(&dir, &["check", "-"], b"");
    assert_eq!(
        (run.code, run.text()),
        (1, "<stdin>: offset 0: not-riff: not a RIFF file: it does not start with RIFF, RIFX, RF64 or BW64\n".into())
    );
}

#[test]
fn a_named_pipe_is_read_like_standard_input() {
    let dir = Scratch::new("fifo");
    let fifo = dir.path("stream.wav");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let pcm = testfiles::pcm_wav();
    let writer = {
        let (fifo, pcm) = (fifo.clone(), pcm.clone());
        std::thread::spawn(move || std::fs::write(fifo, pcm).unwrap())
    };
    let run = mmio(&dir.0, &["info", "--json", "stream.wav"]);
    writer.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!((json["size"].as_u64(), json["frames"].as_u64()), (Some(pcm.len() as u64), Some(4410)));
    // Under a directory, only regular files are read: a pipe would wait for a writer.
    let run = mmio(&dir.0, &["check", "-r", "."]);
    assert_eq!((run.code, run.text()), (0, "".into()));
    assert!(run.stderr.contains("no RIFF files found"), "{}", run.stderr);
}

#[test]
fn large_standard_input_goes_to_a_temporary_file() {
    let dir = Scratch::new("stdin-large");
    // 80 MiB of data: more than is kept in memory (64 MiB).
    let frames = 20 << 20;
    let mut wav = testfiles::list(
        b"RIFF",
        b"WAVE",
        &[testfiles::chunk(b"fmt ", &testfiles::wave_format(1, 2, 48000, 16, 4, None))],
    );
    let data_size = frames * 4;
    let riff_size = wav.len() as u32 - 8 + 8 + data_size;
    wav[4..8].copy_from_slice(&riff_size.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_size.to_le_bytes());
    wav.resize(wav.len() + data_size as usize, 0x55);
    let json = json_lines(&mmio_with_stdin(&dir, &["info", "--json", "-"], &wav));
    assert_eq!(json[0]["frames"], frames);
    assert_eq!(json[0]["data_bytes"], data_size);
    // Nothing is left in the temporary directory.
    let leftovers = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with(".mmio-spill-"))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn a_closed_output_stops_every_worker() {
    let dir = Scratch::new("closed");
    dir.write("many.riff", &testfiles::many(20_000));
    let args: Vec<&str> = std::iter::repeat_n("many.riff", 40).collect();
    for command in ["tree", "check", "info"] {
        let run = support::mmio_closed_stdout(&dir.0, &[&[command, "-j", "2"][..], &args].concat());
        assert_eq!((run.code, run.stderr.as_str()), (2, ""), "{command}");
    }
}
