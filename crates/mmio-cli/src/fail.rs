//! How a command ends: [`Outcome`] (clean or problems found) or [`Failure`] (usage or
//! I/O error), and the exit status of each.

use std::fmt;
use std::io;
use std::path::Path;
use std::process::ExitCode;

/// A command that ran to its end.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing wrong: exit status 0.
    Clean,
    /// Problems were found (and printed): exit status 1.
    Problems,
    /// Some files could not be read (check of several files): exit status 2.
    Failed,
}

impl Outcome {
    /// `Problems` when `found`, else `Clean`.
    pub fn problems_if(found: bool) -> Outcome {
        if found { Outcome::Problems } else { Outcome::Clean }
    }

    /// The process exit status.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Clean => 0,
            Outcome::Problems => 1,
            Outcome::Failed => 2,
        })
    }
}

/// A command that could not do its job: which file, where in it (when it matters) and
/// why. A usage or I/O error (exit status 2), or a refusal because of what the file
/// holds (exit status 1).
#[derive(Debug)]
pub struct Failure {
    file: String,
    offset: Option<u64>,
    reason: String,
    refused: bool,
    /// Nobody is left to tell: the reader of our output went away (a broken pipe).
    quiet: bool,
}

impl Failure {
    /// A failure about `file`.
    pub fn new(file: impl AsRef<Path>, reason: impl fmt::Display) -> Failure {
        Failure {
            file: file.as_ref().display().to_string(),
            offset: None,
            reason: reason.to_string(),
            refused: false,
            quiet: false,
        }
    }

    /// A failure at an offset of `file`.
    pub fn at(file: impl AsRef<Path>, offset: u64, reason: impl fmt::Display) -> Failure {
        Failure { offset: Some(offset), ..Failure::new(file, reason) }
    }

    /// A refusal at an offset of `file`: the file has problems the command cannot handle.
    pub fn refused(file: impl AsRef<Path>, offset: u64, reason: impl fmt::Display) -> Failure {
        Failure { refused: true, ..Failure::at(file, offset, reason) }
    }

    /// The file it is about, as reports name it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The exit status: 1 for a refusal, 2 otherwise.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.refused { 1 } else { 2 })
    }

    /// An I/O error on `file`, doing `what`. A broken pipe (`mmio tree big.avi | head`)
    /// is quiet: the reader of the output left on purpose.
    pub fn io(file: impl AsRef<Path>, what: &str, error: io::Error) -> Failure {
        let quiet = error.kind() == io::ErrorKind::BrokenPipe;
        Failure { quiet, ..Failure::new(file, format!("{what}: {error}")) }
    }

    /// Says what failed on stderr, unless quiet (or stderr is gone too).
    pub fn report(&self) {
        if !self.quiet {
            crate::console::warn(format_args!("mmio: {self}"));
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "{}: at offset {offset}: {}", self.file, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl std::error::Error for Failure {}
