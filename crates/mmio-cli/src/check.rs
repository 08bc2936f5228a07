//! `mmio check`: every problem of every file, one line (or one JSON object) each: the
//! walker's structural problems (contract R1-R10) and the [rules](crate::rules) of the
//! forms. Files are checked on every core; the output keeps the command line's order.

use std::io::Write;
use std::path::PathBuf;

use crate::batch::{self, Sink};
use crate::console;
use crate::fail::{Failure, Outcome};
use crate::files;
use crate::input::Input;
use crate::json::{self, Json};
use crate::scan::{Scan, Step};

/// How `check` reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// One JSON document per file, and a summary document.
    pub json: bool,
    /// Nothing about files without problems.
    pub quiet: bool,
    /// Look for RIFF files under directories.
    pub recursive: bool,
    /// Worker threads.
    pub jobs: usize,
}

/// What the check of one file counted.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    chunks: u64,
    problems: u64,
}

/// Runs `mmio check FILE...`: the worst outcome over the files.
pub fn run(files: &[PathBuf], options: Options) -> Result<Outcome, Failure> {
    let inputs = files::expand(files, options.recursive);
    let several = inputs.len() > 1;
    let finished = batch::run(inputs, options.jobs, |input, sink| match input {
        Ok(input) => check_file(&input, sink, options),
        Err(failure) if options.json => Err(json::failed_document(sink, failure)),
        Err(failure) => Err(failure),
    });
    if let Some(error) = finished.output_error {
        return Err(console::failed(error));
    }
    let checked: Vec<Counts> = finished.results.iter().flatten().copied().collect();
    let unreadable = finished.results.len() - checked.len();
    let with_problems = checked.iter().filter(|c| c.problems > 0).count();
    let problems: u64 = checked.iter().map(|c| c.problems).sum();
    let mut out = Vec::new();
    if options.json {
        let mut json = Json::new();
        json.begin_document();
        json.key("summary").begin_object();
        json.key("files").u64(finished.results.len() as u64);
        json.key("ok").u64((checked.len() - with_problems) as u64);
        json.key("with_problems").u64(with_problems as u64);
        json.key("problems").u64(problems);
        json.key("unreadable").u64(unreadable as u64);
        json.end_object();
        json.end_document();
        out = json.bytes().to_vec();
    } else if several {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut line = format!(
            "checked {}: {} ok, {} with problems ({})",
            plural(finished.results.len(), "file"),
            checked.len() - with_problems,
            with_problems,
            plural(problems as usize, "problem"),
        );
        if unreadable > 0 {
            line.push_str(&format!(", {unreadable} unreadable"));
        }
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    console::stdout().write_all(&out).map_err(console::failed)?;
    Ok(if unreadable > 0 { Outcome::Failed } else { Outcome::problems_if(problems > 0) })
}

/// Checks one file, writing its problems (or `ok`) into `sink`.
fn check_file(input: &Input, sink: &mut Sink, options: Options) -> Result<Counts, Failure> {
    let name = input.name();
    let read_failed = |e| Failure::io(&name, "cannot read", e);
    let write_failed = console::failed;
    let opened = input.open().and_then(|file| Scan::new(file).map_err(read_failed));
    let mut scan = match opened {
        Ok(scan) => scan,
        Err(failure) if options.json => return Err(json::failed_document(sink, failure)),
        Err(failure) => return Err(failure),
    };
    let size = scan.walker().file_size();
    let mut counts = Counts::default();
    let mut json = Json::new();
    if options.json {
        json.begin_document();
        json.key("path").str(&name);
        json.key("size").u64(size);
        json.key("problems").begin_array();
    }
    let mut line = Vec::new();
    for step in scan.by_ref() {
        let step = match step {
            Ok(step) => step,
            Err(error) => {
                let failure = read_failed(error);
                if options.json {
                    json.end_failed_document(&failure);
                    sink.write_all(json.bytes()).map_err(write_failed)?;
                }
                return Err(failure);
            }
        };
        match step {
            Step::Chunk(event) => {
                if let winmmio::riff::Event::Enter(c) | winmmio::riff::Event::Leaf(c) = event {
                    counts.chunks += 1;
                    sink.reached(c.offset);
                }
            }
            Step::Finding(found) => {
                if !found.is_note() {
                    counts.problems += 1;
                }
                if options.json {
                    found.write_json(&mut json);
                } else {
                    line.clear();
                    found.push_line(&mut line, &name);
                    sink.write_all(&line).map_err(write_failed)?;
                }
            }
        }
        if json.bytes().len() >= 1 << 16 {
            sink.write_all(json.bytes()).map_err(write_failed)?;
            json.clear();
        }
    }
    if options.json {
        json.end_array();
        json.key("chunks").u64(counts.chunks);
        json.end_document();
        if !(options.quiet && counts.problems == 0) {
            sink.write_all(json.bytes()).map_err(write_failed)?;
        }
    } else if counts.problems == 0 && !options.quiet {
        writeln!(sink, "{name}: ok ({} chunks)", counts.chunks).map_err(write_failed)?;
    }
    Ok(counts)
}
