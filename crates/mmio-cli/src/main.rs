//! `mmio`: look inside, check, extract from and repair RIFF files (WAV, AVI, WebP, ANI,
//! RMID, RF64/BW64, RIFX, ...). Every command works on the chunk walker of the `winmmio`
//! crate, which reads only chunk headers.

mod batch;
mod build;
mod check;
mod console;
mod describe;
mod digits;
mod extract;
mod fail;
mod files;
mod findings;
mod frames;
mod info;
mod input;
mod json;
mod path;
mod progress;
mod repair;
mod rules;
mod safe;
mod sample;
mod scan;
mod size;
mod spill;
mod tree;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::fail::{Failure, Outcome};

/// Look inside RIFF files (WAV, AVI, WebP, ANI, RMID, RF64/BW64, RIFX, ...), check them,
/// extract chunks and repair what crashed or streaming writers leave behind.
///
/// Exit status: 0 all is well, 1 problems were found, 2 usage or I/O error.
/// `docs/cli.md` describes every command and the JSON output.
#[derive(Parser, Debug)]
#[command(name = "mmio", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  mmio tree                           the tree of a built-in sample file
  mmio tree song.wav                  chunk tree with paths, offsets and sizes
  mmio tree --json movie.avi          the same as JSON
  mmio info song.wav                  format, channels, rate, duration, tags
  mmio info --json *.wav              one JSON object per file
  mmio extract song.wav data -o samples.raw
  mmio extract song.wav LIST:INFO/INAM
  mmio check -r --quiet music         only the files with problems, and a summary
  mmio repair crashed.wav -o fixed.wav";

/// The inputs of a command that reads files.
#[derive(Args, Debug)]
struct Reading {
    /// Look inside directories, and their directories, for RIFF files (by extension:
    /// .wav .avi .webp .ani .rmi .rf64 .bw64 .bwf .amb .dls .sf2 .riff .rif .wave).
    #[arg(short, long)]
    recursive: bool,
    /// Files read at the same time [default: one per core].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
}

impl Reading {
    fn jobs(&self) -> usize {
        self.jobs.unwrap_or_else(batch::default_jobs)
    }
}

/// What `check --help` says about the problems it reports: every kind, with a
/// sentence, from the walker's kinds and the rules'.
fn check_help() -> String {
    let mut text = String::from(
        "Each problem is printed as FILE: offset N, chunk PATH: KIND: explanation (PATH\n\
         as `mmio tree` shows it, when the problem concerns a chunk). KIND is one of\n",
    );
    let walker = winmmio::riff::ProblemKind::ALL.iter().map(|kind| (kind.name(), kind.description()));
    for (kind, what) in walker.chain(rules::KINDS.iter().copied()) {
        text.push_str(&format!("  {kind:<17} {what}\n"));
    }
    text.push_str(
        "Unknown but well-formed chunks are fine. `mmio repair` fixes missing-pad,\n\
         size-placeholder, short-size and stale-count, and truncated and trailing at the\n\
         end of the file, when a crash, a cut or a streaming writer left them.\n\
         \n\
         Files are checked on every core; the output keeps the order of the command line.\n\
         A summary line ends the output when several files are checked.\n\
         \n\
         Exit status: 0 all files ok, 1 problems found, 2 a file could not be read or a\n\
         usage error.\n\
         \n\
         Examples:\n\
         \x20 mmio check song.wav\n\
         \x20 mmio check *.wav *.avi\n\
         \x20 mmio check -r --quiet music\n\
         \x20 mmio check --json song.wav\n\
         \x20 cat song.wav | mmio check -",
    );
    text
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the chunk tree: paths, ids, form and list types, offsets, sizes, problems.
    #[command(after_help = "\
PATH is the chunk's numeric path, to give to `mmio extract`; OFFSET is where its
8-byte header starts; SIZE is the size its header declares. Problems of the
structure are shown under the chunk they concern, marked with '!' (`mmio check`
also checks what the chunks mean).

Exit status: 0 no problems, 1 problems found, 2 usage or I/O error.

Examples:
  mmio tree
  mmio tree song.wav
  mmio tree --json song.wav
  mmio tree movie.avi song.wav")]
    Tree {
        /// The files (`-`: standard input); without any, a small sample RIFF file built
        /// into mmio.
        files: Vec<PathBuf>,
        /// One JSON object per file, one per line (docs/cli.md has the schema).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        reading: Reading,
    },
    /// Explain what the chunks mean: WAVE format and duration, tags, BWF, cue points,
    /// AVI headers, WebP dimensions, ANI header, RMID's MIDI header, or a summary; and
    /// the problems `mmio check` finds.
    #[command(after_help = "\
Sizes are given in binary units and in bytes; durations are rounded to the
millisecond (JSON has the exact value).

Exit status: 0 the files were explained (their problems are listed, not fatal),
1 a file is not RIFF, 2 usage or I/O error.

Examples:
  mmio info song.wav
  mmio info movie.avi image.webp
  mmio info --json song.wav
  mmio info - < song.wav")]
    Info {
        /// The files (`-`: standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON object per file, one per line (docs/cli.md has the schema).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        reading: Reading,
    },
    /// Write one chunk's data (after the form type, for RIFF and LIST) to a file or stdout.
    #[command(after_help = "\
CHUNK is a path of segments separated by '/':
  ID            the first chunk with this id ('fmt' means 'fmt ')
  ID:FORM       the first RIFF/LIST with this form or list type
  ID[N]         the N-th (from 0) chunk with this id, e.g. data[1]
  N             the N-th (from 0) chunk, whatever its id, as `mmio tree` shows
A path that starts with a number or a form id (RIFF, RIFX, RF64, BW64) starts at
the top of the file, and there RIFF stands for any form; any other path starts
inside the first form: 'data' is 'RIFF/data'.

A chunk cut short by the end of the file is written as far as it goes, with a
warning and exit status 1 (a missing pad byte after complete data is only a
note). Exit status 2: not a RIFF file, no such chunk, usage or I/O error.

OUT is written under a temporary name and renamed at the end: a failure leaves
nothing behind. An existing OUT is only replaced with --force; the file being
read never is (whatever name or link reaches it). A device or FIFO (/dev/null,
/dev/stdout, a named pipe) is written into, never replaced.

Examples:
  mmio extract song.wav data -o samples.raw
  mmio extract song.wav RIFF:WAVE/LIST:INFO/INAM
  mmio extract song.wav 0/1/0 --with-header > chunk.bin
  mmio extract - fmt < song.wav")]
    Extract {
        /// The file (`-`: standard input).
        file: PathBuf,
        /// The chunk's path, e.g. `data`, `LIST:INFO/INAM`, `RIFF/data[1]` or `0/1/0`.
        chunk: String,
        /// Where to write; stdout without it.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write the whole chunk: its 8-byte header and all its data.
        #[arg(long)]
        with_header: bool,
        /// Replace OUT if it exists.
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Check structure and meaning: one line per problem (or "ok"), then a summary.
    #[command(after_help = check_help())]
    Check {
        /// The files (`-`: standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON object per file, one per line, then a summary object (docs/cli.md
        /// has the schema).
        #[arg(long)]
        json: bool,
        /// Say nothing about files without problems.
        #[arg(short, long)]
        quiet: bool,
        #[command(flatten)]
        reading: Reading,
    },
    /// Fix sizes left by crashed or streaming writers (placeholders 0 / 0xFFFFFFFF,
    /// sizes cut by the end of the file or a few bytes short, missing pad bytes),
    /// keeping every byte of data.
    #[command(after_help = "\
Only size fields change (and past 4 GiB, RIFF becomes RF64 in its JUNK chunk),
with the count fields a cut leaves too large (fact, the ds64 sample count, AVI
frame counts and stream lengths) and an AVI's AVIF_HASINDEX flag when the cut
took its index; a missing pad byte is inserted (what follows moves by one byte,
intact) or appended; an incomplete header at the very end is dropped. Nothing
else changes or moves. The result is written to a temporary file, checked byte for byte and
chunk for chunk against the plan, then renamed. Damage it cannot fix this way (in
the middle of the file, a bad ds64 chunk, not RIFF) is refused: nothing is written.

Exit status: 0 repaired (or nothing to repair), 1 refused, or repaired but with
problems no size can fix, said on stderr (what check would still say of the
result: a WAVE form cut before its data, an AVI cut before its frames; bytes
after the form that are not a chunk, kept as they are), 2 usage or I/O
error, or the file is in use (nothing is written then). With --dry-run: 0
nothing to repair, 1 changes or problems found.

The result is written under a temporary name next to its target, synced, and
renamed at the end, only if FILE did not change meanwhile. A FILE that another
program holds through libmmio for writing (a live recorder) is refused. An
existing OUT or FILE.bak is only replaced with --force. --in-place on a
symbolic link repairs the file it points to; a file with several names (hard
links) needs --write-in-place, which writes the repair into the file itself.

Examples:
  mmio repair crashed.wav -o fixed.wav
  mmio repair crashed.wav --dry-run
  mmio repair crashed.wav --dry-run --json
  mmio repair crashed.wav --in-place
  mmio repair crashed.wav --in-place --no-backup
  mmio repair linked.wav --in-place --write-in-place")]
    Repair {
        /// The file.
        file: PathBuf,
        /// Where to write the repaired file.
        #[arg(short, long, required_unless_present_any = ["in_place", "dry_run"], conflicts_with_all = ["in_place", "dry_run"])]
        output: Option<PathBuf>,
        /// Replace the file (after saving it as FILE.bak).
        #[arg(long, conflicts_with = "dry_run")]
        in_place: bool,
        /// With --in-place: no FILE.bak.
        #[arg(long, requires = "in_place")]
        no_backup: bool,
        /// Replace an existing OUT, or with --in-place an existing FILE.bak.
        #[arg(long)]
        force: bool,
        /// With --in-place: write the repair into the file itself (the same inode, so
        /// every hard link sees it) instead of replacing it; FILE.bak is then a copy.
        #[arg(long, requires = "in_place", conflicts_with = "no_backup")]
        write_in_place: bool,
        /// Print the plan (every change: offset, old value, new value, why) and change
        /// nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the plan as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn run(command: Command) -> Result<Outcome, Failure> {
    match command {
        Command::Tree { files, json, reading } => {
            tree::run(&files, tree::Options { json, recursive: reading.recursive, jobs: reading.jobs() })
        }
        Command::Info { files, json, reading } => {
            info::run(&files, info::Options { json, recursive: reading.recursive, jobs: reading.jobs() })
        }
        Command::Extract { file, chunk, output, with_header, force } => {
            extract::run(&file, &chunk, output.as_deref(), with_header, force)
        }
        Command::Check { files, json, quiet, reading } => {
            check::run(&files, check::Options { json, quiet, recursive: reading.recursive, jobs: reading.jobs() })
        }
        // clap makes sure that exactly one of --output, --in-place and --dry-run is given.
        Command::Repair { file, output, in_place: _, no_backup, force, write_in_place, dry_run, json } => {
            let target = match output {
                Some(path) => Some(safe::Target::Output { path, force }),
                None if dry_run => None,
                None => Some(safe::Target::InPlace(safe::InPlace { backup: !no_backup, force, write_in_place })),
            };
            repair::run(&file, target, json)
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli.command) {
        Ok(outcome) => outcome.exit_code(),
        Err(failure) => {
            failure.report();
            failure.exit_code()
        }
    }
}
