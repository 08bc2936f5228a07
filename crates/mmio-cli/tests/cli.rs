//! The `mmio` tool, run as a program: goldens of `tree`, `tree --json`, `info` and
//! `check` on the generated files, the JSON contract's shape, the sample, extract
//! round trips, big files and exit statuses.

mod support;

use std::io::Write;

use serde_json::Value;
use support::{Scratch, golden, mmio, testfiles};
use winmmio::{ChunkInfo, Create, FourCC, OpenOptions};

/// The golden of one file: the four read-only commands, their stderr and exit status.
fn transcript(dir: &Scratch, name: &str) -> String {
    let mut text = String::new();
    for args in [&["tree", name][..], &["tree", "--json", name], &["info", name], &["check", name]] {
        let run = mmio(&dir.0, args);
        text.push_str(&format!("$ mmio {}\n{}", args.join(" "), run.text()));
        if !run.stderr.is_empty() {
            text.push_str(&format!("[stderr] {}", run.stderr));
        }
        text.push_str(&format!("[exit {}]\n\n", run.code));
    }
    text
}

#[test]
fn goldens_of_the_generated_files() {
    let dir = Scratch::new("goldens");
    for (name, bytes) in testfiles::files() {
        dir.write(name, &bytes);
        golden(&format!("{name}.txt"), &transcript(&dir, name));
    }
}

/// Checks one CHUNK object of the contract and its children, at numeric path `path`;
/// returns how many chunks.
fn check_chunk(chunk: &Value, file_size: u64, path: &str) -> u64 {
    let object = chunk.as_object().expect("a chunk is an object");
    let id = object["id"].as_str().expect("id is a string");
    assert_eq!(id.chars().count(), 4, "{chunk}");
    assert!(id.chars().all(|c| u32::from(c) < 256), "Latin-1: {chunk}");
    assert_eq!(object["path"], path, "{chunk}");
    let offset = object["offset"].as_u64().unwrap();
    assert_eq!(object["data_offset"].as_u64().unwrap(), offset + 8);
    assert!(object["size"].is_u64());
    assert!(offset + 8 <= file_size);
    let container = matches!(id, "RIFF" | "RIFX" | "RF64" | "BW64" | "LIST");
    assert_eq!(object.contains_key("children"), container, "{chunk}");
    if !container {
        assert!(!object.contains_key("form"), "{chunk}");
        assert_eq!(object.len(), 5, "{chunk}");
        return 1;
    }
    if let Some(form) = object.get("form") {
        assert_eq!(form.as_str().unwrap().chars().count(), 4);
    }
    let children = object["children"].as_array().unwrap();
    1 + children.iter().enumerate().map(|(i, c)| check_chunk(c, file_size, &format!("{path}/{i}"))).sum::<u64>()
}

#[test]
fn json_follows_the_contract_shape_on_every_file() {
    let dir = Scratch::new("json");
    for (name, bytes) in testfiles::files() {
        dir.write(name, &bytes);
        let run = mmio(&dir.0, &["tree", "--json", name]);
        assert_eq!(run.text().lines().count(), 1, "{name}: one line");
        let json = run.json();
        assert_eq!(json["version"], 1);
        assert_eq!(json["path"], *name);
        assert_eq!(json["size"].as_u64(), Some(bytes.len() as u64), "{name}");
        let riff = [&b"RIFF"[..], b"RIFX", b"RF64", b"BW64"].iter().any(|m| bytes.starts_with(m));
        assert_eq!(json["riff"], riff, "{name}");
        let order = json["byte_order"].as_str().unwrap();
        assert_eq!(order, if bytes.starts_with(b"RIFX") { "big" } else { "little" }, "{name}");
        let chunks = json["chunks"].as_array().unwrap();
        let walked: u64 =
            chunks.iter().enumerate().map(|(i, c)| check_chunk(c, bytes.len() as u64, &i.to_string())).sum();
        let problems = json["problems"].as_array().unwrap();
        for problem in problems {
            let kind = problem["kind"].as_str().unwrap();
            assert!(winmmio::riff::ProblemKind::from_name(kind).is_some(), "tree: {kind}");
            assert!(problem["offset"].is_u64() && problem["text"].is_string(), "{problem}");
            assert!(problem["path"].is_null() || problem["path"].is_string(), "{problem}");
        }
        assert_eq!(run.code, if problems.is_empty() { 0 } else { 1 }, "{name}");
        // check finds the same problems of the structure, and those of the rules.
        let check = mmio(&dir.0, &["check", "--json", name]);
        let lines: Vec<&str> = std::str::from_utf8(&check.stdout).unwrap().lines().collect();
        assert_eq!(lines.len(), 2, "{name}: a document and a summary");
        let checked: Value = serde_json::from_str(lines[0]).unwrap();
        let (structural, rules): (Vec<&Value>, Vec<&Value>) = checked["problems"]
            .as_array()
            .unwrap()
            .iter()
            .partition(|p| winmmio::riff::ProblemKind::from_name(p["kind"].as_str().unwrap()).is_some());
        assert_eq!(structural, problems.iter().collect::<Vec<_>>(), "{name}");
        let kinds = help_kinds(&dir);
        for problem in &rules {
            assert!(kinds.contains(&problem["kind"].as_str().unwrap().to_string()), "{problem} is not in check --help");
        }
        assert_eq!(checked["chunks"], walked, "{name}");
        assert_eq!(check.code, if structural.is_empty() && rules.is_empty() { 0 } else { 1 }, "{name}");
        // Every chunk appears in `tree` too, one line each.
        let text = mmio(&dir.0, &["tree", name]).text();
        assert!(text.contains(&format!("{walked} chunk")), "{name}: {walked} chunks\n{text}");
    }
}

#[test]
fn json_decodes_ids_as_latin1() {
    let dir = Scratch::new("latin1");
    let bytes = testfiles::files().into_iter().find(|(name, _)| *name == "latin1-ids.riff").unwrap().1;
    dir.write("ids.riff", &bytes);
    let run = mmio(&dir.0, &["tree", "--json", "ids.riff"]);
    let text = run.text();
    assert!(text.contains(r#""form":"\u0000\u00ffA\"""#), "{text}");
    let json = run.json();
    let riff = &json["chunks"][0];
    assert_eq!(riff["form"], "\u{0}\u{ff}A\"");
    assert_eq!(riff["children"][0]["id"], "\\\u{7f}\u{80}\n");
}

#[test]
fn tree_without_a_file_shows_the_sample() {
    let dir = Scratch::new("sample");
    let run = mmio(&dir.0, &["tree"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("built-in sample"), "{}", run.stderr);
    let text = run.text();
    for expected in ["RIFF WAVE", "LIST INFO", "INAM", "LIST adtl", "0/3/1/0", "data", "0 problems"] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    let json = mmio(&dir.0, &["tree", "--json"]).json();
    assert_eq!(json["problems"], Value::Array(vec![]));
    assert_eq!(json["chunks"][0]["form"], "WAVE");
}

#[test]
fn ten_thousand_chunks() {
    let dir = Scratch::new("many");
    dir.write("many.riff", &testfiles::many(10_000));
    let json = mmio(&dir.0, &["tree", "--json", "many.riff"]).json();
    let children = json["chunks"][0]["children"].as_array().unwrap();
    assert_eq!(children.len(), 10_000);
    assert_eq!(children[9_999]["offset"], 12 + 8 * 9_999);
    let check = mmio(&dir.0, &["check", "many.riff"]);
    assert_eq!((check.code, check.text()), (0, "many.riff: ok (10001 chunks)\n".into()));
    let tree = mmio(&dir.0, &["tree", "many.riff"]).text();
    assert!(tree.contains("\n0/9999 "), "numeric paths up to 0/9999");
    // info keeps a bounded report: 100 distinct ids, 64 shown; 100 forms, 64 shown.
    let info = mmio(&dir.0, &["info", "many.riff"]);
    assert_eq!(info.code, 0);
    assert!(info.text().contains("'c00k' x100") && info.text().contains("not shown"), "{}", info.text());
    let forms: Vec<u8> = (0..100).flat_map(|_| testfiles::list(b"RIFF", b"TEST", &[])).collect();
    dir.write("forms.riff", &forms);
    let info = mmio(&dir.0, &["info", "forms.riff"]).text();
    assert_eq!(info.matches("RIFF 'TEST'").count(), 64, "{info}");
    assert!(info.ends_with("(36 more top-level chunks not shown)\n"), "{info}");
    // 100 WAVE forms without fmt and data: 200 problems, 64 listed.
    let forms: Vec<u8> = (0..100).flat_map(|_| testfiles::list(b"RIFF", b"WAVE", &[])).collect();
    dir.write("forms.wav", &forms);
    let info = mmio(&dir.0, &["info", "forms.wav"]);
    assert_eq!(info.code, 0);
    let text = info.text();
    assert!(
        text.contains("problems: 200\n") && text.ends_with("  (136 more: `mmio check forms.wav` lists them all)\n")
    );
    assert_eq!(text.matches(": missing-chunk: ").count(), 64, "{text}");
    let json = mmio(&dir.0, &["info", "--json", "forms.wav"]).json();
    assert_eq!((json["problems"].as_array().unwrap().len(), json["problems_not_listed"].as_u64()), (64, Some(136)));
}

#[test]
fn rf64_over_4_gib_as_a_sparse_file() {
    let dir = Scratch::new("sparse");
    testfiles::write_sparse_rf64(&dir.path("big.wav")).unwrap();
    let run = mmio(&dir.0, &["tree", "--json", "big.wav"]);
    assert_eq!(run.code, 0, "{}", run.text());
    let json = run.json();
    let form = &json["chunks"][0];
    assert_eq!(form["id"], "RF64");
    let data = &form["children"][2];
    assert_eq!((data["id"].as_str(), data["size"].as_u64()), (Some("data"), Some(testfiles::SPARSE_DATA)));
    assert_eq!(json["size"].as_u64(), Some(80 + testfiles::SPARSE_DATA + 1));
    let info = mmio(&dir.0, &["info", "big.wav"]).text();
    assert!(info.contains("duration: 6:12:49.686 (1073744910 frames, from the data size)"), "{info}");
    // 16-bit stereo, but an odd number of bytes of data: a note, not a problem.
    let check = mmio(&dir.0, &["check", "big.wav"]);
    assert_eq!(check.code, 0);
    assert!(check.text().starts_with("big.wav: offset 72, chunk 0/2: partial-frame (note): "), "{}", check.text());
    assert!(check.text().contains("frames (1 byte left over)\n"), "{}", check.text());
    let fmt = mmio(&dir.0, &["extract", "big.wav", "RF64:WAVE/fmt"]);
    assert_eq!(fmt.stdout, testfiles::wave_format(1, 2, 48000, 16, 4, None));
}

/// Writes a WAVE file with the library, returning the bytes of each leaf written.
fn create_wave(path: &std::path::Path) -> Vec<(&'static str, Vec<u8>)> {
    let leaves = vec![
        ("RIFF:WAVE/fmt", testfiles::wave_format(1, 1, 8000, 8, 1, None)),
        ("RIFF/LIST:INFO/INAM", b"Round trip\0".to_vec()),
        ("RIFF/LIST:INFO/ICMT", b"odd\0x".to_vec()),
        ("RIFF/data", testfiles::pattern(3001, 42)),
        ("RIFF/data[1]", testfiles::pattern(10, 43)),
    ];
    let mut file = OpenOptions::new().write().create(true).open(path).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut riff, Create::Riff).unwrap();
    let leaf = |file: &mut winmmio::Mmio, id: &[u8; 4], bytes: &[u8]| {
        let mut ck = ChunkInfo::new(FourCC::new(*id));
        file.create_chunk(&mut ck, Create::Chunk).unwrap();
        file.write_all(bytes).unwrap();
        file.ascend(&mut ck).unwrap();
    };
    leaf(&mut file, b"fmt ", &leaves[0].1);
    let mut info = ChunkInfo::list(FourCC::INFO);
    file.create_chunk(&mut info, Create::List).unwrap();
    leaf(&mut file, b"INAM", &leaves[1].1);
    leaf(&mut file, b"ICMT", &leaves[2].1);
    file.ascend(&mut info).unwrap();
    leaf(&mut file, b"data", &leaves[3].1);
    leaf(&mut file, b"data", &leaves[4].1);
    file.ascend(&mut riff).unwrap();
    file.close().unwrap();
    leaves
}

#[test]
fn create_tree_extract_round_trip() {
    let dir = Scratch::new("roundtrip");
    let leaves = create_wave(&dir.path("rt.wav"));
    let json = mmio(&dir.0, &["tree", "--json", "rt.wav"]).json();
    assert_eq!(json["problems"], Value::Array(vec![]));
    // Two data chunks are one too many for a WAVE form, but a path reaches each.
    let check = mmio(&dir.0, &["check", "rt.wav"]);
    let expected =
        "rt.wav: offset 3092, chunk 0/3: duplicate-chunk: another 'data' chunk in the WAVE form (the first is at 82)\n";
    assert_eq!((check.code, check.text()), (1, expected.to_string()));
    let riff = &json["chunks"][0];
    let kids = riff["children"].as_array().unwrap();
    let ids: Vec<&str> = kids.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["fmt ", "LIST", "data", "data"]);
    let numeric = ["0/0", "0/1/0", "0/1/1", "0/2", "0/3"];
    for ((path, bytes), number) in leaves.iter().zip(numeric) {
        for chunk_path in [*path, number] {
            let run = mmio(&dir.0, &["extract", "rt.wav", chunk_path]);
            assert_eq!(run.code, 0, "{chunk_path}: {}", run.stderr);
            assert_eq!(&run.stdout, bytes, "{chunk_path}");
        }
    }
    // Sizes and offsets in the JSON are where the bytes are.
    let file = std::fs::read(dir.path("rt.wav")).unwrap();
    let data = &kids[2];
    let at = data["data_offset"].as_u64().unwrap() as usize;
    assert_eq!(&file[at..at + 3001], &leaves[3].1[..]);
    assert_eq!(data["size"], 3001);
    // With its header, to a file: the chunk as it is in the file.
    let run = mmio(&dir.0, &["extract", "rt.wav", "0/1", "--with-header", "-o", "info.bin"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = &kids[1];
    let (start, size) = (list["offset"].as_u64().unwrap() as usize, list["size"].as_u64().unwrap() as usize);
    assert_eq!(std::fs::read(dir.path("info.bin")).unwrap(), &file[start..start + 8 + size]);
    // A container's data starts after its list type.
    let run = mmio(&dir.0, &["extract", "rt.wav", "RIFF/LIST"]);
    assert_eq!(run.stdout, &file[start + 12..start + 8 + size]);
}

#[test]
fn extract_errors_name_the_file_and_the_reason() {
    let dir = Scratch::new("extract-errors");
    dir.write("pcm.wav", &testfiles::pcm_wav());
    for (args, reason) in [
        (&["extract", "pcm.wav", "RIFF/nope"][..], "pcm.wav: no chunk at 'RIFF/nope'"),
        (&["extract", "pcm.wav", "a//b"], "pcm.wav: bad chunk path"),
        (&["extract", "missing.wav", "0"], "missing.wav: cannot open"),
        (&["extract", "pcm.wav", "0/0", "-o", "no/such/dir/out"], "no/such/dir/out: cannot create"),
        (&["extract", "pcm.wav", "0/0", "-o", "./pcm.wav"], "./pcm.wav: is the file being read"),
    ] {
        let run = mmio(&dir.0, args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(reason), "{args:?}: {}", run.stderr);
    }
    assert_eq!(std::fs::read(dir.path("pcm.wav")).unwrap(), testfiles::pcm_wav());
    // A truncated chunk: what is there, a warning and status 1.
    let files = testfiles::damaged(&testfiles::pcm_wav());
    dir.write("truncated.wav", &files.iter().find(|(n, _)| *n == "truncated.wav").unwrap().1);
    let run = mmio(&dir.0, &["extract", "truncated.wav", "RIFF/data"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.len(), 4410 * 4 - 1000);
    assert!(run.stderr.contains("at offset") && run.stderr.contains("truncated"), "{}", run.stderr);
}

#[test]
fn check_several_files_and_exit_statuses() {
    let dir = Scratch::new("check");
    let files = testfiles::files();
    for (name, bytes) in &files {
        dir.write(name, bytes);
    }
    let run = mmio(&dir.0, &["check", "pcm.wav", "movie.avi"]);
    let summary = "checked 2 files: 2 ok, 0 with problems (0 problems)\n";
    assert_eq!((run.code, run.text()), (0, format!("pcm.wav: ok (7 chunks)\nmovie.avi: ok (16 chunks)\n{summary}")));
    let run = mmio(&dir.0, &["check", "pcm.wav", "truncated.wav"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.text().lines().count(), 4, "{}", run.text());
    assert!(run.text().ends_with("checked 2 files: 1 ok, 1 with problems (2 problems)\n"), "{}", run.text());
    let run = mmio(&dir.0, &["check", "truncated.wav", "nothere.wav", "pcm.wav"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothere.wav: cannot open"), "{}", run.stderr);
    assert!(
        run.text()
            .ends_with("pcm.wav: ok (7 chunks)\nchecked 3 files: 1 ok, 1 with problems (2 problems), 1 unreadable\n")
    );
}

/// The problem kinds `check --help` explains.
fn help_kinds(dir: &Scratch) -> Vec<String> {
    let help = mmio(&dir.0, &["check", "--help"]).text();
    let list = help.split("KIND is one of\n").nth(1).expect("the list of kinds");
    list.lines().take_while(|l| l.starts_with("  ")).map(|l| l.split_whitespace().next().unwrap().to_string()).collect()
}

#[test]
fn usage_errors_and_help() {
    let dir = Scratch::new("usage");
    assert_eq!(mmio(&dir.0, &[]).code, 2);
    assert_eq!(mmio(&dir.0, &["frobnicate"]).code, 2);
    assert_eq!(mmio(&dir.0, &["repair", "x.wav"]).code, 2);
    assert_eq!(mmio(&dir.0, &["repair", "x.wav", "-o", "y", "--in-place"]).code, 2);
    assert_eq!(mmio(&dir.0, &["tree", "nothere.wav"]).code, 2);
    assert_eq!(mmio(&dir.0, &["tree", "."]).code, 2);
    let help = mmio(&dir.0, &["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.text().contains("Examples:") && help.text().contains("mmio tree"), "{}", help.text());
    let help = mmio(&dir.0, &["extract", "--help"]);
    assert!(help.text().contains("data[1]"), "{}", help.text());
    // Every command shows examples of itself and its exit statuses.
    for command in ["tree", "info", "extract", "check", "repair"] {
        let help = mmio(&dir.0, &[command, "--help"]);
        assert_eq!(help.code, 0);
        let text = help.text();
        assert!(text.contains("Examples:") && text.contains(&format!("  mmio {command} ")), "{text}");
        assert!(text.contains("Exit status"), "{text}");
    }
    let kinds = help_kinds(&dir);
    for kind in winmmio::riff::ProblemKind::ALL.iter() {
        assert!(kinds.contains(&kind.to_string()), "{kind} is not explained: {kinds:?}");
    }
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let dir = Scratch::new("pipe");
    // Far more output than a pipe holds, so writing must meet the closed pipe.
    dir.write("many.riff", &testfiles::many(10_000));
    let data: Vec<Vec<u8>> = (0..10_000).map(|_| testfiles::chunk(b"data", b"ab")).collect();
    dir.write("data.wav", &testfiles::list(b"RIFF", b"WAVE", &data));
    for args in [
        &["tree", "many.riff"][..],
        &["tree", "--json", "many.riff"],
        &["check", "data.wav", "many.riff"],
        &["extract", "many.riff", "0"],
    ] {
        let run = support::mmio_closed_stdout(&dir.0, args);
        // It used to say "mmio: many.riff: Broken pipe", blaming the file.
        assert_eq!((run.code, run.stderr.as_str()), (2, ""), "{args:?}");
    }
}

#[test]
fn a_short_avi_main_header_hides_nothing_else() {
    use testfiles::{chunk, info, list};
    let dir = Scratch::new("short-avih");
    let strh = [&b"vids"[..], &[0; 52]].concat();
    let hdrl = list(b"LIST", b"hdrl", &[chunk(b"avih", &[0; 8]), list(b"LIST", b"strl", &[chunk(b"strh", &strh)])]);
    dir.write("short.avi", &list(b"RIFF", b"AVI ", &[hdrl, info(&[(b"INAM", b"title\0")])]));
    let run = mmio(&dir.0, &["info", "short.avi"]);
    let text = run.text();
    assert_eq!(run.code, 0, "{text}");
    assert!(text.contains("  avih:     too short (8 bytes)\n"), "{text}");
    // What follows the main header in the report is still there.
    assert!(text.contains("  stream 0: vids, ?/s, length 0: no strf\n"), "{text}");
    assert!(text.contains("INAM (title) \"title\""), "{text}");
}
