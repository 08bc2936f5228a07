//! Damaged input never makes the tool panic or hang: the generated files and the
//! real-encoder fixtures, mutated at random (fixed seeds), through every command.
//! Whatever `repair` accepts comes out with a clean structure.

mod support;

use support::rng::Rng;
use support::{Scratch, mmio, testfiles};

/// One to four mutations: a byte, a cut, a size field, an id, bytes appended.
fn mutate(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    for _ in 0..=rng.below(4) {
        if bytes.len() < 8 {
            break;
        }
        let at = rng.below(bytes.len() - 4);
        match rng.below(5) {
            0 => bytes[at] = rng.next() as u8,
            1 => bytes.truncate(at),
            2 => {
                let sizes = [0, 1, 3, 4, u32::MAX, u32::MAX - 1, rng.next() as u32, (rng.next() % 64) as u32];
                bytes[at..at + 4].copy_from_slice(&sizes[rng.below(sizes.len())].to_le_bytes());
            }
            3 => {
                let ids = [b"RIFF", b"LIST", b"RF64", b"RIFX", b"data", b"ds64", b"fmt "];
                bytes[at..at + 4].copy_from_slice(ids[rng.below(ids.len())]);
            }
            _ => bytes.extend((0..=rng.below(9)).map(|_| rng.next() as u8)),
        }
    }
    bytes
}

/// Mutates `files` (in turn, `cases` times) and runs every command on each; returns how
/// many repairs succeeded (and came out clean).
fn through_every_command(dir: &Scratch, files: &[(String, Vec<u8>)], seed: u64, cases: usize) -> usize {
    let mut rng = Rng(seed);
    let mut repaired = 0;
    for case in 0..cases {
        let (name, original) = &files[case % files.len()];
        if original.len() > 64 * 1024 {
            continue;
        }
        let bytes = mutate(&mut rng, original.clone());
        dir.write("case.bin", &bytes);
        for args in [
            &["tree", "--json", "case.bin"][..],
            &["tree", "case.bin"],
            &["info", "case.bin"],
            &["check", "case.bin"],
            &["extract", "case.bin", "0/0", "-o", "x.bin", "--force"],
            &["repair", "case.bin", "-o", "fixed.bin"],
        ] {
            let _ = std::fs::remove_file(dir.path("fixed.bin"));
            let run = mmio(&dir.0, args);
            assert!(
                matches!(run.code, 0..=2) && !run.stderr.contains("panicked"),
                "case {case} (from {name}), {args:?}: {run:?}"
            );
            if args[0] == "tree" && args[1] == "--json" {
                let json = run.json();
                assert_eq!(json["size"].as_u64(), Some(bytes.len() as u64));
                let clean = json["problems"].as_array().unwrap().is_empty();
                assert_eq!(run.code, if clean { 0 } else { 1 }, "case {case}");
            }
            if args[0] == "repair" && run.code == 0 {
                repaired += 1;
                // The structure is clean; what the chunks say (a mutated format, a
                // partial last frame) is not repair's to change.
                let tree = mmio(&dir.0, &["tree", "fixed.bin"]);
                assert_eq!(tree.code, 0, "case {case} (from {name}): repaired but {}", tree.text());
            }
        }
    }
    repaired
}

#[test]
fn mutated_files_through_every_command() {
    let dir = Scratch::new("robust");
    let files: Vec<(String, Vec<u8>)> = testfiles::files().into_iter().map(|(n, b)| (n.to_string(), b)).collect();
    let repaired = through_every_command(&dir, &files, 0x9E37_79B9_7F4A_7C15, 150);
    assert!(repaired > 10, "only {repaired} repairs succeeded");
}

#[test]
fn mutated_real_files_through_every_command() {
    let dir = Scratch::new("robust-real");
    let fixtures = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real"));
    let mut files = Vec::new();
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "sh")) {
            files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    let repaired = through_every_command(&dir, &files, 0x2545_F491_4F6C_DD1D, 100);
    assert!(repaired > 10, "only {repaired} repairs succeeded");
}
