//! Bytes kept in memory up to a bound, then in a temporary file: standard input read
//! whole, the problem list of `tree --json` written after the chunks. Memory stays
//! bounded however much comes.
//!
//! The temporary file is created in the system's temporary directory with a name no
//! other file has (`create_new`) and removed at once: nothing is left behind, even if
//! the tool is killed.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes held in memory before the rest goes to a temporary file.
pub const MEMORY_LIMIT: usize = 64 << 20;

/// A growing run of bytes: in memory up to a bound, then in an unnamed temporary file.
pub struct Spill {
    memory: Vec<u8>,
    file: Option<File>,
    limit: usize,
}

impl Spill {
    /// An empty spill that keeps up to `limit` bytes in memory.
    pub fn new(limit: usize) -> Spill {
        Spill { memory: Vec::new(), file: None, limit }
    }

    /// Takes what is left in `reader`: reads until its end.
    pub fn read_from(&mut self, reader: &mut impl Read) -> io::Result<()> {
        let mut block = vec![0; 1 << 16];
        loop {
            match reader.read(&mut block) {
                Ok(0) => return Ok(()),
                Ok(n) => self.write_all(&block[..n])?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The bytes: in memory, or the temporary file positioned at its start.
    pub fn finish(self) -> io::Result<Spilled> {
        match self.file {
            None => Ok(Spilled::Memory(self.memory)),
            Some(mut file) => {
                file.write_all(&self.memory)?;
                file.seek(SeekFrom::Start(0))?;
                Ok(Spilled::File(file))
            }
        }
    }
}

impl Write for Spill {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.memory.len() + bytes.len() > self.limit {
            let file = match &mut self.file {
                Some(file) => file,
                None => self.file.insert(temporary()?),
            };
            file.write_all(&self.memory)?;
            self.memory.clear();
            if bytes.len() > self.limit {
                return file.write(bytes);
            }
        }
        self.memory.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Where the bytes of a [`Spill`] are.
pub enum Spilled {
    /// All in memory.
    Memory(Vec<u8>),
    /// In an unnamed temporary file, positioned at its start.
    File(File),
}

impl Spilled {
    /// Copies the bytes to `out`.
    pub fn copy_to(self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Spilled::Memory(bytes) => out.write_all(&bytes),
            Spilled::File(mut file) => io::copy(&mut file, out).map(drop),
        }
    }
}

/// A new temporary file, already removed from its directory.
fn temporary() -> io::Result<File> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path: PathBuf = dir.join(format!(".mmio-spill-{}-{n}", std::process::id()));
        match OpenOptions::new().read(true).write(true).create_new(true).open(&path) {
            Ok(file) => {
                std::fs::remove_file(&path)?;
                return Ok(file);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot create a temporary file in {}: {e}", dir.display()),
                ));
            }
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, "cannot find a free temporary file name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(limit: usize, parts: &[&[u8]]) -> (bool, Vec<u8>) {
        let mut spill = Spill::new(limit);
        for part in parts {
            spill.write_all(part).unwrap();
        }
        let spilled = spill.finish().unwrap();
        let in_memory = matches!(spilled, Spilled::Memory(_));
        let mut out = Vec::new();
        spilled.copy_to(&mut out).unwrap();
        (in_memory, out)
    }

    #[test]
    fn small_runs_stay_in_memory() {
        assert_eq!(round_trip(10, &[b"abc", b"defghij"]), (true, b"abcdefghij".to_vec()));
        assert_eq!(round_trip(1, &[]), (true, Vec::new()));
    }

    #[test]
    fn large_runs_go_to_a_file_in_order() {
        assert_eq!(round_trip(4, &[b"abc", b"defg", b"h", b"0123456789"]), (false, b"abcdefgh0123456789".to_vec()));
        let mut spill = Spill::new(3);
        spill.read_from(&mut &b"a longer text than three bytes"[..]).unwrap();
        let Spilled::File(mut file) = spill.finish().unwrap() else { panic!("not in a file") };
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        assert_eq!(text, "a longer text than three bytes");
    }
}
