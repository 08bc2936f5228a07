//! `mmio tree`: the chunk tree as indented text, or as JSON, streamed: chunks are
//! printed as they are walked, with the structure's problems (the walker's; `check`
//! adds the rules of the forms). Text lines are built in one reused buffer with
//! [`digits`](crate::digits), so that a file of millions of chunks costs little more
//! than walking it. The JSON problem list, which comes after the chunks, is kept in a
//! [`Spill`] (memory, then a temporary file) until then.

use std::io::Write;
use std::path::PathBuf;

use winmmio::riff::{ByteOrder, Chunk, Event};

use crate::batch::{self, Sink};
use crate::console;
use crate::digits::{pad_to, push_spaces, push_u64, push_u64_right};
use crate::fail::{Failure, Outcome};
use crate::files;
use crate::findings::Finding;
use crate::input::Input;
use crate::json::{self, Json};
use crate::scan::{Scan, Step};
use crate::size::push_human_exact;
use crate::spill::Spill;

/// How `tree` reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// One JSON document per file.
    pub json: bool,
    /// Look for RIFF files under directories.
    pub recursive: bool,
    /// Worker threads.
    pub jobs: usize,
}

/// Bytes of JSON problems kept in memory before the rest goes to a temporary file.
const PROBLEMS_IN_MEMORY: usize = 4 << 20;
/// Output collected before it is handed to the sink.
const BLOCK: usize = 64 << 10;

/// Runs `mmio tree [FILE...]`: the tree of each file, or of the built-in sample.
pub fn run(files: &[PathBuf], options: Options) -> Result<Outcome, Failure> {
    let inputs = if files.is_empty() {
        console::warn(format_args!("mmio: no file given: showing the built-in sample ({})", crate::sample::NAME));
        vec![Ok(Input::Sample)]
    } else {
        files::expand(files, options.recursive)
    };
    let several = inputs.len() > 1;
    let finished = batch::run(inputs, options.jobs, |input, sink| {
        let input = match input {
            Ok(input) => input,
            Err(failure) if options.json => return Err(json::failed_document(sink, failure)),
            Err(failure) => return Err(failure),
        };
        let found = if options.json { write_json(&input, sink)? } else { write_text(&input, sink)? };
        if several && !options.json {
            sink.write_all(b"\n").map_err(console::failed)?;
        }
        Ok(found)
    });
    if let Some(error) = finished.output_error {
        return Err(console::failed(error));
    }
    let worst = finished.results.iter().map(|found| match found {
        None => Outcome::Failed,
        Some(found) => Outcome::problems_if(*found),
    });
    Ok(worst.max().unwrap_or(Outcome::Clean))
}

/// Starts a scan of `input` for the structure's problems (those of the walker).
fn scan(input: &Input) -> Result<(String, Scan<winmmio::Mmio>), Failure> {
    let name = input.name();
    let scan = Scan::structure(input.open()?).map_err(|e| Failure::io(&name, "cannot read", e))?;
    Ok((name, scan))
}

/// The indentation of a chunk at `depth`, capped so that deep files stay readable.
fn indent(depth: usize) -> usize {
    (depth.saturating_sub(1) * 2).min(64)
}

/// The depth a problem line is shown at: its chunk's; inside the container for
/// trailing bytes; the top for the file as a whole.
fn finding_depth(found: &Finding) -> usize {
    let depth = found.path.as_ref().map_or(0, |p| p.split('/').count());
    if found.kind == "trailing" || depth == 0 { depth + 1 } else { depth }
}

/// Appends a chunk's label: its id, and its form or list type for a container (`RIFF
/// WAVE`, `LIST ?` without room for it). Unprintable codes show in hex.
fn push_label(out: &mut Vec<u8>, chunk: &Chunk) {
    push_fourcc(out, chunk.id);
    if chunk.is_container() {
        out.push(b' ');
        match chunk.form {
            Some(form) => push_fourcc(out, form),
            None => out.push(b'?'),
        }
    }
}

/// Appends a code as [`FourCC`](winmmio::FourCC)'s `Display` shows it.
fn push_fourcc(out: &mut Vec<u8>, id: winmmio::FourCC) {
    if id.is_printable() {
        out.extend_from_slice(&id.bytes());
    } else {
        // Vec<u8> never fails a write.
        let _ = write!(out, "{id}");
    }
}

/// Writes the text tree of `input`; returns true if problems were found.
fn write_text(input: &Input, sink: &mut Sink) -> Result<bool, Failure> {
    let (name, mut scan) = scan(input)?;
    let read_failed = |e| Failure::io(&name, "cannot read", e);
    let mut out = Vec::with_capacity(BLOCK + 256);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    push_human_exact(&mut out, scan.walker().file_size());
    let kind: &[u8] = match (scan.walker().is_riff(), scan.walker().byte_order()) {
        (false, _) => b", not RIFF\n",
        (true, ByteOrder::Little) => b", little-endian\n",
        (true, ByteOrder::Big) => b", big-endian\n",
    };
    out.extend_from_slice(kind);
    out.extend_from_slice(format!("{:<12} {:<30} {:>12}  SIZE\n", "PATH", "CHUNK", "OFFSET").as_bytes());
    let (mut chunks, mut problems) = (0u64, 0u64);
    while let Some(step) = scan.next() {
        match step.map_err(read_failed)? {
            Step::Chunk(Event::Enter(c) | Event::Leaf(c)) => {
                chunks += 1;
                sink.reached(c.offset);
                let start = out.len();
                scan.tracker().push_path(&mut out);
                pad_to(&mut out, start, 12);
                out.push(b' ');
                let label = out.len();
                push_spaces(&mut out, indent(c.depth as usize));
                push_label(&mut out, &c);
                pad_to(&mut out, label, 30);
                out.push(b' ');
                push_u64_right(&mut out, c.offset, 12);
                out.extend_from_slice(b"  ");
                push_human_exact(&mut out, c.size);
                out.push(b'\n');
            }
            Step::Chunk(_) => {}
            Step::Finding(found) => {
                problems += 1;
                push_spaces(&mut out, 13 + indent(finding_depth(&found)));
                out.extend_from_slice(b"! ");
                out.extend_from_slice(found.kind.as_bytes());
                out.extend_from_slice(b" at ");
                push_u64(&mut out, found.offset);
                out.extend_from_slice(b": ");
                out.extend_from_slice(found.text.as_bytes());
                out.push(b'\n');
            }
        }
        if out.len() >= BLOCK {
            sink.write_all(&out).map_err(console::failed)?;
            out.clear();
        }
    }
    let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.extend_from_slice(format!("{}, {}\n", plural(chunks, "chunk"), plural(problems, "problem")).as_bytes());
    sink.write_all(&out).map_err(console::failed)?;
    Ok(problems > 0)
}

/// Writes the JSON document of `input`; returns true if problems were found.
fn write_json(input: &Input, sink: &mut Sink) -> Result<bool, Failure> {
    let (name, mut scan) = scan(input).map_err(|failure| json::failed_document(sink, failure))?;
    let read_failed = |e| Failure::io(&name, "cannot read", e);
    let mut json = Json::new();
    json.begin_document();
    json.key("path").str(&name);
    json.key("size").u64(scan.walker().file_size());
    json.key("riff").bool(scan.walker().is_riff());
    json.key("byte_order").str(match scan.walker().byte_order() {
        ByteOrder::Little => "little",
        ByteOrder::Big => "big",
    });
    json.key("chunks").begin_array();
    // The problems, as the members of their array (its `[` is written at the end).
    let mut problems = Json::new();
    problems.begin_array();
    problems.clear();
    let mut spill = Spill::new(PROBLEMS_IN_MEMORY);
    let mut found_any = false;
    let mut path = Vec::new();
    // What stopped the walk before its end.
    let mut failure = None;
    while let Some(step) = scan.next() {
        let step = match step {
            Ok(step) => step,
            Err(error) => {
                failure = Some(read_failed(error));
                break;
            }
        };
        match step {
            Step::Chunk(event @ (Event::Enter(c) | Event::Leaf(c))) => {
                sink.reached(c.offset);
                json.begin_object();
                json.key("id").latin1(&c.id.bytes());
                path.clear();
                scan.tracker().push_path(&mut path);
                json.key("path").latin1(&path);
                json.key("offset").u64(c.offset);
                json.key("size").u64(c.size);
                json.key("data_offset").u64(c.data_offset());
                if let Event::Enter(_) = event {
                    if let Some(form) = c.form {
                        json.key("form").latin1(&form.bytes());
                    }
                    json.key("children").begin_array();
                } else {
                    json.end_object();
                }
            }
            Step::Chunk(_) => {
                json.end_array();
                json.end_object();
            }
            Step::Finding(found) => {
                found_any = true;
                found.write_json(&mut problems);
                if let Err(error) = spill.write_all(problems.bytes()) {
                    failure = Some(Failure::io(&name, "cannot keep the problems", error));
                    break;
                }
                problems.clear();
            }
        }
        if json.bytes().len() >= BLOCK {
            sink.write_all(json.bytes()).map_err(console::failed)?;
            json.clear();
        }
    }
    // The chunks end here, complete or not; then what stopped them, and the problems.
    json.close_to_document();
    if let Some(failure) = &failure {
        json.key("error").str(&failure.to_string());
    }
    json.key("problems");
    sink.write_all(json.bytes()).map_err(console::failed)?;
    sink.write_all(b"[").map_err(console::failed)?;
    let kept = spill.finish().map_err(|e| Failure::io(&name, "cannot keep the problems", e))?;
    kept.copy_to(sink).map_err(console::failed)?;
    sink.write_all(b"]}\n").map_err(console::failed)?;
    failure.map_or(Ok(found_any), Err)
}
