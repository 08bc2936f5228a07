//! `mmio check`: one line per problem: the walker's (contract R1-R10) and, in WAVE
//! forms, repeated or missing `fmt ` / `data` chunks. Unknown but well-formed chunks
//! are fine.

use std::io::Write;
use std::path::{Path, PathBuf};

use winmmio::FourCC;
use winmmio::riff::{Event, Walker, counts, is_form};

use crate::console;
use crate::describe;
use crate::fail::{Failure, Outcome};
use crate::input;
use crate::path::Tracker;

/// Runs `mmio check FILE...`: the worst outcome over the files.
pub fn run(files: &[PathBuf]) -> Outcome {
    let mut out = console::stdout();
    let mut worst = Outcome::Clean;
    for file in files {
        let outcome = match check_file(file, &mut out) {
            Ok(outcome) => outcome,
            Err(failure) => {
                let _ = out.flush();
                failure.report();
                if failure.is_quiet() {
                    // Nobody reads what follows.
                    return Outcome::Failed;
                }
                Outcome::Failed
            }
        };
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

/// A problem beyond the walker's (contract) problems: a WAVE form without, or with a
/// second, `fmt ` or `data` chunk.
#[derive(Debug)]
pub struct FormProblem {
    /// Where: the second chunk, or the form that misses one.
    pub offset: u64,
    /// `duplicate-chunk` or `missing-chunk`.
    pub kind: &'static str,
    /// A sentence for people.
    pub message: String,
}

/// The rules of top-level WAVE forms (one `fmt ` and one `data` chunk each), applied
/// to the events of a walk as they come.
#[derive(Default)]
pub struct WaveRules {
    form: Option<WaveForm>,
}

impl WaveRules {
    /// Takes in the next event of the walk; returns the problems it reveals.
    pub fn see(&mut self, event: &Event) -> Vec<FormProblem> {
        match *event {
            Event::Enter(c) if c.depth == 1 => {
                let wave = is_form(c.id) && c.form == Some(FourCC::WAVE);
                self.form = wave.then(|| WaveForm { offset: c.offset, ..WaveForm::default() });
                Vec::new()
            }
            Event::Enter(c) | Event::Leaf(c) => {
                let Some(form) = self.form.as_mut().filter(|_| c.depth == 2) else { return Vec::new() };
                let slot = match c.id {
                    FourCC::FMT => &mut form.fmt,
                    FourCC::DATA => &mut form.data,
                    _ => return Vec::new(),
                };
                match *slot {
                    None => {
                        *slot = Some(c.offset);
                        Vec::new()
                    }
                    Some(first) => vec![FormProblem {
                        offset: c.offset,
                        kind: "duplicate-chunk",
                        message: format!("another '{}' chunk in the WAVE form (the first is at {first})", c.id),
                    }],
                }
            }
            Event::Leave(c) if c.depth == 1 => {
                let Some(form) = self.form.take() else { return Vec::new() };
                [(form.fmt, "fmt "), (form.data, "data")]
                    .into_iter()
                    .filter(|(slot, _)| slot.is_none())
                    .map(|(_, id)| FormProblem {
                        offset: form.offset,
                        kind: "missing-chunk",
                        message: format!("the WAVE form has no '{id}' chunk"),
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}

/// Checks one file, printing its problems (or `ok`).
fn check_file(file: &Path, out: &mut impl Write) -> Result<Outcome, Failure> {
    let mut walker = Walker::new(input::open(file)?).map_err(|e| Failure::io(file, "cannot read", e))?;
    let name = file.display();
    let write_failed = console::failed;
    let (mut chunks, mut problems) = (0u64, 0u64);
    let mut tracker = Tracker::default();
    let mut rules = WaveRules::default();
    for event in &mut walker {
        let event = event.map_err(|e| Failure::io(file, "cannot read", e))?;
        tracker.see(&event);
        match &event {
            Event::Enter(_) | Event::Leaf(_) => chunks += 1,
            Event::Problem(p) => {
                problems += 1;
                let message = describe::problem(p, tracker.last());
                writeln!(out, "{name}: offset {}: {}: {message}", p.offset, p.kind).map_err(write_failed)?;
            }
            _ => {}
        }
        for p in rules.see(&event) {
            problems += 1;
            writeln!(out, "{name}: offset {}: {}: {}", p.offset, p.kind, p.message).map_err(write_failed)?;
        }
    }
    // Count fields that disagree with the data (what repair sets).
    for stale in counts::audit(walker.into_inner()).map_err(|e| Failure::io(file, "cannot read", e))? {
        problems += 1;
        let (what, found, holds) = (stale.field.describe(), stale.found, stale.expected);
        writeln!(out, "{name}: offset {}: stale-count: {what} is {found}, the data holds {holds}", stale.offset)
            .map_err(write_failed)?;
    }
    if problems == 0 {
        writeln!(out, "{name}: ok ({chunks} chunks)").map_err(write_failed)?;
    }
    Ok(Outcome::problems_if(problems > 0))
}
