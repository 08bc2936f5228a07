//! Safe file handling for the commands that write files (`repair`, `extract -o`): a
//! failure, a crash, another program or a planted link never costs the user a byte.
//!
//! - [`LockedInput`]: the file to repair, opened under the engine's share-mode lock
//!   (refused while a recorder holds it), with a [`Snapshot`] of what it was, checked
//!   again before anything is replaced.
//! - [`Output`]: a new file for `-o` (written to a temporary file in its directory and
//!   renamed at the end; an existing file is only replaced with `--force`), or a
//!   device, FIFO or standard output, streamed into and never replaced.
//! - [`Destination`]: where a repair goes, `-o` or in place (a temporary file renamed
//!   over the file itself, after `FILE.bak`; or the repaired bytes written back into the
//!   same inode for a file with several names).
//!
//! Temporary files (module `temp`) are created with `O_CREAT|O_EXCL|O_NOFOLLOW`, mode
//! 0600 and an unpredictable name, and removed when dropped; those of a killed run are
//! recognised by their name and removed by the next run on the same file. What differs
//! between Unix and Windows is in module `os`. `docs/file-safety.md` lists every rule
//! and the test that pins it.
//!
//! A command that writes a new version of its input:
//!
//! ```text
//! let mut input = LockedInput::open(file)?;            // refused while a recorder holds it
//! ... read `input` (Read + Seek), decide what to write ...
//! let mut destination = Destination::new(&input, &target)?;   // refusals come here
//! ... write the new bytes into destination.writer(), from offset 0 ...
//! ... (a temporary file can be read back there to check it) ...
//! let committed = destination.commit(input)?;         // checks, backup, fsyncs, rename
//! ```
//!
//! Returning early (or dropping the destination) leaves everything as it was.

mod destination;
mod locked;
mod os;
mod output;
mod snapshot;
mod temp;
#[cfg(test)]
mod test_dir;

pub use destination::{Destination, InPlace, Target};
pub use locked::LockedInput;
pub use os::appends;
pub use output::Output;
pub use snapshot::Snapshot;
