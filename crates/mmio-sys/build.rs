//! Gives the shared library its versioned name: programs linked with `-lmmio` record
//! `libmmio.so.1` (the C ABI's major version), so a later incompatible libmmio can sit
//! beside this one. `install.sh` installs the usual links (`libmmio.so` ->
//! `libmmio.so.1` -> `libmmio.so.1.0.0`); for programs linked against the library in
//! cargo's target directory, this script leaves a `libmmio.so.1` link next to it.

use std::path::Path;

/// The major version of the C ABI: change it when a change breaks compiled programs.
const ABI_MAJOR: u32 = 1;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if !matches!(os.as_str(), "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "illumos") {
        return; // sonames are an ELF matter
    }
    let soname = format!("libmmio.so.{ABI_MAJOR}");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    // OUT_DIR is <target>/<profile>/build/mmio-sys-<hash>/out: the library goes to
    // <target>/<profile>.
    let Ok(out_dir) = std::env::var("OUT_DIR") else { return };
    let Some(profile_dir) = Path::new(&out_dir).ancestors().nth(3).filter(|d| d.join("deps").is_dir()) else {
        return;
    };
    let link = profile_dir.join(&soname);
    if std::fs::read_link(&link).is_err() {
        let _ = std::fs::remove_file(&link);
        #[cfg(unix)]
        let _ = std::os::unix::fs::symlink("libmmio.so", &link);
    }
}
