//! The built-in `MEM ` procedure: memory files.

use std::path::Path;

use super::{IoProc, ProcState, SeekOrigin};
use crate::error::{ErrorCode, Result};
use crate::flag_sets::CloseFlags;

/// The `MEM ` I/O procedure. A memory file's buffer *is* the file, so the buffered
/// engine serves reads, writes, seeks and growth itself; this procedure only accepts
/// the open and close messages. Reads and writes reaching it transfer nothing, and
/// seeks fail, as the Windows one does.
#[derive(Debug, Default, Clone, Copy)]
pub struct MemProc;

impl IoProc for MemProc {
    fn open(&mut self, state: &mut ProcState, _name: Option<&Path>) -> Result<()> {
        state.disk_offset = 0;
        Ok(())
    }

    fn close(&mut self, _state: &mut ProcState, _flags: CloseFlags) -> Result<()> {
        Ok(())
    }

    fn read(&mut self, _state: &mut ProcState, _buf: &mut [u8]) -> Result<usize> {
        Ok(0)
    }

    fn write(&mut self, _state: &mut ProcState, _buf: &[u8]) -> Result<usize> {
        Ok(0)
    }

    fn seek(&mut self, _state: &mut ProcState, _offset: i64, _origin: SeekOrigin) -> Result<u64> {
        Err(ErrorCode::CannotSeek.into())
    }
}
