//! The `mmio` tool's commands on arbitrary bytes: `check`, `tree` and `info` (text and
//! JSON), `extract` of a few chunk paths and `repair`, run on the input written to a
//! file. The command modules are the CLI's own sources (crates/mmio-cli/src), compiled
//! into this target, since the CLI is a binary without a library. Checked: no panic, no
//! hang; every command ends with an outcome or a failure; a repair that succeeds leaves
//! a file shorter than the input by at most an incomplete header, in which the walker
//! finds no problem unless the repair said some were left. Run with
//! `-close_fd_mask=1` to keep the commands' output off the terminal.
#![no_main]
#![allow(dead_code, unused_imports)]

#[path = "../../crates/mmio-cli/src/batch.rs"]
mod batch;
#[path = "../../crates/mmio-cli/src/build.rs"]
mod build;
#[path = "../../crates/mmio-cli/src/check.rs"]
mod check;
#[path = "../../crates/mmio-cli/src/console.rs"]
mod console;
#[path = "../../crates/mmio-cli/src/describe.rs"]
mod describe;
#[path = "../../crates/mmio-cli/src/digits.rs"]
mod digits;
#[path = "../../crates/mmio-cli/src/extract.rs"]
mod extract;
#[path = "../../crates/mmio-cli/src/fail.rs"]
mod fail;
#[path = "../../crates/mmio-cli/src/files.rs"]
mod files;
#[path = "../../crates/mmio-cli/src/findings.rs"]
mod findings;
#[path = "../../crates/mmio-cli/src/frames.rs"]
mod frames;
#[path = "../../crates/mmio-cli/src/info/mod.rs"]
mod info;
#[path = "../../crates/mmio-cli/src/input.rs"]
mod input;
#[path = "../../crates/mmio-cli/src/json.rs"]
mod json;
#[path = "../../crates/mmio-cli/src/path.rs"]
mod path;
#[path = "../../crates/mmio-cli/src/progress.rs"]
mod progress;
#[path = "../../crates/mmio-cli/src/repair.rs"]
mod repair;
#[path = "../../crates/mmio-cli/src/rules.rs"]
mod rules;
#[path = "../../crates/mmio-cli/src/safe/mod.rs"]
mod safe;
#[path = "../../crates/mmio-cli/src/sample.rs"]
mod sample;
#[path = "../../crates/mmio-cli/src/scan.rs"]
mod scan;
#[path = "../../crates/mmio-cli/src/size.rs"]
mod size;
#[path = "../../crates/mmio-cli/src/spill.rs"]
mod spill;
#[path = "../../crates/mmio-cli/src/tree.rs"]
mod tree;

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use winmmio::riff::{Event, Walker};

const PATHS: [&str; 6] = ["0", "0/0", "0/1/0", "data", "RIFF:WAVE/LIST:INFO/INAM", "data[1]"];

fuzz_target!(|data: &[u8]| {
    let file = std::env::temp_dir().join(format!("mmio-fuzz-cli-{}.bin", std::process::id()));
    std::fs::write(&file, data).unwrap();
    let files = std::slice::from_ref(&file);
    let _ = check::run(files, check::Options { jobs: 1, ..check::Options::default() });
    let _ = check::run(files, check::Options { json: true, jobs: 1, ..check::Options::default() });
    let _ = tree::run(files, tree::Options { jobs: 1, ..tree::Options::default() });
    let _ = tree::run(files, tree::Options { json: true, jobs: 1, ..tree::Options::default() });
    let _ = info::run(files, info::Options { jobs: 1, ..info::Options::default() });
    let _ = info::run(files, info::Options { json: true, jobs: 1, ..info::Options::default() });
    let null: PathBuf = "/dev/null".into();
    for chunk in PATHS {
        let _ = extract::run(&file, chunk, Some(Path::new(&null)), chunk.len() % 2 == 0, false);
    }
    let fixed = file.with_extension("fixed");
    let target = safe::Target::Output { path: fixed.clone(), force: true };
    if let Ok(outcome) = repair::run(&file, Some(target), false) {
        let repaired = std::fs::File::open(&fixed).unwrap();
        let len = repaired.metadata().unwrap().len();
        // Only an incomplete header at the end may go: 8 bytes and 3 of a form type.
        assert!(len + 11 >= data.len() as u64, "repair dropped more than an incomplete header");
        // `Problems`: what no size can fix was left as it was (and reported).
        if outcome == fail::Outcome::Clean {
            for event in Walker::new(std::io::BufReader::new(repaired)).unwrap() {
                assert!(!matches!(event.unwrap(), Event::Problem(_)), "problem left after a repair");
            }
        }
        std::fs::remove_file(&fixed).unwrap();
    }
});
