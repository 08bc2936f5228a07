//! `mmio extract`: one chunk's data, or the whole chunk, to a file or stdout, streamed
//! through [`ChunkData`](winmmio::riff::ChunkData) (the chunk is never loaded whole).
//! A file is written through [`Output`]: under a temporary name until it is complete.

use std::io::{BufWriter, Write};
use std::path::Path;

use winmmio::riff::{ProblemKind, Walker};
use winmmio::{ChunkInfo, FourCC};

use crate::console;
use crate::describe;
use crate::fail::{Failure, Outcome};
use crate::input::Input;
use crate::path::ChunkPath;
use crate::progress::{self, Progress};
use crate::safe::{Output, Snapshot};

/// The permissions of a new output file (less the umask).
const NEW_FILE_MODE: u32 = 0o666;

/// Runs `mmio extract FILE CHUNK [-o OUT [--force]] [--with-header]`; FILE `-` is
/// standard input.
pub fn run(
    file: &Path,
    chunk: &str,
    output: Option<&Path>,
    with_header: bool,
    force: bool,
) -> Result<Outcome, Failure> {
    let stdin = file.as_os_str() == "-";
    let input = if stdin { Input::Stdin } else { Input::File(file.to_path_buf()) };
    let name = input.name();
    // Named as reports name it: `<stdin>` for standard input.
    let shown = Path::new(&name);
    let path: ChunkPath = chunk.parse().map_err(|e| Failure::new(shown, format!("bad chunk path: {e}")))?;
    let source = input.open()?;
    // What is read, to compare outputs with: standard input's file (or pipe) by its
    // descriptor's name.
    let identity = if stdin { Path::new("/dev/stdin") } else { file };
    let snapshot = Snapshot::of_open(&source, identity).map_err(|e| Failure::io(shown, "cannot open", e))?;
    let file = shown;
    let mut walker = Walker::new(source).map_err(|e| Failure::io(file, "cannot read", e))?;
    if !walker.is_riff() {
        return Err(Failure::new(file, ProblemKind::NotRiff.description()));
    }
    let (found, problems) =
        path.find(&mut walker).map_err(|e| Failure::io(file, "cannot read", e))?.ok_or_else(|| {
            Failure::new(file, format!("no chunk at '{path}' (`mmio tree` shows the chunks and their paths)"))
        })?;
    // A missing pad byte leaves the data whole: a note, not a problem of the extract.
    let mut damaged = false;
    for problem in &problems {
        let (what, data_lost) = match problem.kind {
            ProblemKind::MissingPad => ("note", false),
            _ => ("warning", true),
        };
        damaged |= data_lost;
        console::warn(format_args!(
            "mmio: {}: {what}: at offset {}: {}",
            file.display(),
            problem.offset,
            describe::problem(problem, Some(&found))
        ));
    }
    // The bytes to copy, as a chunk whose data they are: the chunk's data (after the
    // form type of a container), or with the header, everything from its header on.
    let range = if with_header {
        ChunkInfo {
            id: FourCC::default(),
            size: found.end - found.offset,
            data_offset: found.offset,
            ..ChunkInfo::default()
        }
    } else {
        found.info()
    };
    // The walk's own handle reads the data: reads of a block or more bypass its small
    // buffer, so the copy costs what a fresh handle would, without opening the file again.
    let mut mmio = walker.into_inner();
    let mut data = mmio.chunk_data(&range).map_err(|e| Failure::at(file, range.data_offset, e))?;
    let expected = data.len();
    let bar = Progress::new(expected, "extracting");
    let short =
        |written| Failure::at(file, found.offset, format!("the file ended after {written} of {expected} bytes"));
    match output {
        Some(out) => {
            let mut destination = Output::create(&snapshot, out, force, NEW_FILE_MODE)?;
            let mut writer = BufWriter::new(destination.writer());
            let written = progress::copy(&mut data, &mut writer, &bar)
                .and_then(|n| writer.flush().map(|()| n))
                .map_err(|e| Failure::io(out, "cannot write the chunk", e))?;
            drop(writer);
            if written != expected {
                return Err(short(written));
            }
            destination.commit()?;
        }
        None => {
            if console::stdout_metadata().is_some_and(|stdout| snapshot.is_same_file(Path::new("/dev/stdout"), &stdout))
            {
                return Err(Failure::new(file, "is standard output too: choose another output"));
            }
            let mut writer = BufWriter::new(console::stdout());
            let written = progress::copy(&mut data, &mut writer, &bar)
                .and_then(|n| writer.flush().map(|()| n))
                .map_err(console::failed)?;
            if written != expected {
                return Err(short(written));
            }
        }
    }
    Ok(Outcome::problems_if(damaged))
}
