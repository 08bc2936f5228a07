//! `mmio info`.
use std::path::Path;

use crate::fail::{Failure, Outcome};

/// Runs `mmio info FILE`.
pub fn run(file: &Path) -> Result<Outcome, Failure> {
    Err(Failure::new(file, "info: not implemented yet"))
}
