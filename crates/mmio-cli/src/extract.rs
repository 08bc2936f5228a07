//! `mmio extract`: one chunk's data, or the whole chunk, to a file or stdout, streamed
//! through [`ChunkData`](winmmio::riff::ChunkData) (the chunk is never loaded whole).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use winmmio::riff::{ProblemKind, Walker};
use winmmio::{ChunkInfo, FourCC};

use crate::describe;
use crate::fail::{Failure, Outcome};
use crate::input::Input;
use crate::path::ChunkPath;
use crate::progress::{self, Progress};

/// Runs `mmio extract FILE CHUNK [-o OUT] [--with-header]`; FILE `-` is standard input.
pub fn run(file: &Path, chunk: &str, output: Option<&Path>, with_header: bool) -> Result<Outcome, Failure> {
    let input = if file.as_os_str() == "-" { Input::Stdin } else { Input::File(file.to_path_buf()) };
    let source = file;
    let name = input.name();
    // Named as reports name it: `<stdin>` for standard input.
    let file = Path::new(&name);
    let path: ChunkPath = chunk.parse().map_err(|e| Failure::new(file, format!("bad chunk path: {e}")))?;
    let mut walker = Walker::new(input.open()?).map_err(|e| Failure::io(file, "cannot read", e))?;
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
        eprintln!(
            "mmio: {}: {what}: at offset {}: {}",
            file.display(),
            problem.offset,
            describe::problem(problem, Some(&found))
        );
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
    let written = match output {
        Some(out) => {
            if input != Input::Stdin && same_file(source, out) {
                return Err(Failure::new(out, "is the file being read: choose another output"));
            }
            let target = File::create(out).map_err(|e| Failure::io(out, "cannot create", e))?;
            let mut writer = BufWriter::new(target);
            progress::copy(&mut data, &mut writer, &bar)
                .and_then(|n| writer.flush().map(|()| n))
                .map_err(|e| Failure::io(out, "cannot write the chunk", e))?
        }
        None => {
            let mut writer = BufWriter::new(io::stdout().lock());
            progress::copy(&mut data, &mut writer, &bar)
                .and_then(|n| writer.flush().map(|()| n))
                .map_err(|e| Failure::io("<stdout>", "cannot write the chunk", e))?
        }
    };
    if written != expected {
        return Err(Failure::at(file, found.offset, format!("the file ended after {written} of {expected} bytes")));
    }
    Ok(Outcome::problems_if(damaged))
}

/// True when `out` exists and is `file` (creating it would truncate the input).
fn same_file(file: &Path, out: &Path) -> bool {
    matches!((file.canonicalize(), out.canonicalize()), (Ok(a), Ok(b)) if a == b)
}
