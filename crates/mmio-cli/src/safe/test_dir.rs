//! A scratch directory for the unit tests of this module, removed when dropped.

use std::fs;
use std::path::{Path, PathBuf};

/// A fresh, empty directory named after the test.
pub struct TestDir(PathBuf);

impl TestDir {
    /// A new empty directory for the test `name`.
    pub fn new(name: &str) -> TestDir {
        let dir = std::env::temp_dir().join(format!("mmio-safe-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TestDir(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A path in the directory.
    pub fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.0.join(name)
    }

    /// The names in the directory, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(&self.0).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
