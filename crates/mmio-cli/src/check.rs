//! `mmio check`: one line per problem: the walker's (contract R1-R10) and, in WAVE
//! forms, repeated or missing `fmt ` / `data` chunks. Unknown but well-formed chunks
//! are fine.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use mmio::FourCC;
use mmio::riff::{Event, Walker, is_form};

use crate::describe;
use crate::fail::{Failure, Outcome};
use crate::input;
use crate::path::Tracker;

/// Runs `mmio check FILE...`: the worst outcome over the files.
pub fn run(files: &[PathBuf]) -> Outcome {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut worst = Outcome::Clean;
    for file in files {
        let outcome = check_file(file, &mut out).unwrap_or_else(|failure| {
            let _ = out.flush();
            eprintln!("mmio: {failure}");
            Outcome::Failed
        });
        worst = worst.max(outcome);
    }
    worst
}

/// The chunks of one WAVE form that must appear once.
#[derive(Default)]
struct WaveForm {
    offset: u64,
    fmt: Option<u64>,
    data: Option<u64>,
}

/// Checks one file, printing its problems (or `ok`).
fn check_file(file: &Path, out: &mut impl Write) -> Result<Outcome, Failure> {
    let walker = Walker::new(input::open(file)?).map_err(|e| Failure::io(file, "cannot read", e))?;
    let name = file.display();
    let write_failed = |e: io::Error| Failure::io("<stdout>", "cannot write", e);
    let (mut chunks, mut problems) = (0u64, 0u64);
    let mut tracker = Tracker::default();
    let mut wave: Option<WaveForm> = None;
    for event in walker {
        let event = event.map_err(|e| Failure::io(file, "cannot read", e))?;
        tracker.see(&event);
        match event {
            Event::Enter(c) if c.depth == 1 && is_form(c.id) && c.form == Some(FourCC::WAVE) => {
                chunks += 1;
                wave = Some(WaveForm { offset: c.offset, ..WaveForm::default() });
            }
            Event::Enter(c) | Event::Leaf(c) => {
                chunks += 1;
                let Some(form) = wave.as_mut().filter(|_| c.depth == 2) else { continue };
                let slot = match c.id {
                    FourCC::FMT => &mut form.fmt,
                    FourCC::DATA => &mut form.data,
                    _ => continue,
                };
                if slot.is_none() {
                    *slot = Some(c.offset);
                } else if let Some(first) = *slot {
                    problems += 1;
                    let message = format!("another '{}' chunk in the WAVE form (the first is at {first})", c.id);
                    writeln!(out, "{name}: offset {}: duplicate-chunk: {message}", c.offset).map_err(write_failed)?;
                }
            }
            Event::Leave(c) if c.depth == 1 => {
                if let Some(form) = wave.take() {
                    for (slot, id) in [(form.fmt, "fmt "), (form.data, "data")] {
                        if slot.is_none() {
                            problems += 1;
                            let message = format!("the WAVE form has no '{id}' chunk");
                            writeln!(out, "{name}: offset {}: missing-chunk: {message}", form.offset)
                                .map_err(write_failed)?;
                        }
                    }
                }
            }
            Event::Leave(_) => {}
            Event::Problem(p) => {
                problems += 1;
                let message = describe::problem(&p, tracker.last());
                writeln!(out, "{name}: offset {}: {}: {message}", p.offset, p.kind).map_err(write_failed)?;
            }
        }
    }
    if problems == 0 {
        writeln!(out, "{name}: ok ({chunks} chunks)").map_err(write_failed)?;
    }
    Ok(Outcome::problems_if(problems > 0))
}
