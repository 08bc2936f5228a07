//! `mmio repair`.
use std::path::{Path, PathBuf};

use crate::fail::{Failure, Outcome};

/// Where the repaired file goes.
#[derive(Debug)]
pub enum Target {
    /// A new file.
    Output(PathBuf),
    /// The file itself, after a backup if asked.
    InPlace {
        /// Write FILE.bak first.
        backup: bool,
    },
}

/// Runs `mmio repair`.
pub fn run(file: &Path, target: Target) -> Result<Outcome, Failure> {
    let to = match target {
        Target::Output(out) => out.display().to_string(),
        Target::InPlace { backup } => format!("in place (backup: {backup})"),
    };
    Err(Failure::new(file, format!("repair {to}: not implemented yet")))
}
