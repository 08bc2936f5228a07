//! Words for chunks and problems, shared by `tree`, `check`, `info` and `extract`.

use winmmio::FourCC;
use winmmio::riff::{Chunk, MAX_DEPTH, Problem, ProblemKind};

/// A quoted id for sentences: `'fmt '`, or the hex form of an unprintable code.
pub fn quoted(id: FourCC) -> String {
    if id.is_printable() { format!("'{id}'") } else { id.to_string() }
}

/// One sentence about `problem`; `chunk` is the chunk it belongs to, when it belongs
/// to one (the chunk just walked at the same offset).
pub fn problem(problem: &Problem, chunk: Option<&Chunk>) -> String {
    let Some(c) = chunk.filter(|c| c.offset == problem.offset) else {
        return problem.kind.description().to_string();
    };
    let id = quoted(c.id);
    let parent = if c.depth == 1 { "the file" } else { "its parent" };
    match problem.kind {
        ProblemKind::SizePlaceholder => format!(
            "{id} has the placeholder size {} (0x{:08X}) of a streaming writer; {} bytes of data follow",
            c.size,
            c.size,
            c.present()
        ),
        ProblemKind::Truncated if c.data_offset().checked_add(c.size).is_none_or(|end| end > c.end) => format!(
            "{id} declares {} bytes of data but only {} are there ({parent} ends at {})",
            c.size,
            c.present(),
            c.end
        ),
        ProblemKind::Truncated => format!("{id} is a container without room for its form type"),
        ProblemKind::MissingPad => {
            format!("{id} has an odd size ({}) and no pad byte after its data, at offset {}", c.size, c.end)
        }
        ProblemKind::TooDeep => {
            format!("{id} is nested {} deep: its children are not walked (the limit is {MAX_DEPTH})", c.depth)
        }
        _ => problem.kind.description().to_string(),
    }
}
