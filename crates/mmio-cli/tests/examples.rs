//! Every command line shown to users runs: the `mmio` lines of the shell blocks of the
//! crate's README.md and, in the repository, of its README.md and docs/cli.md, and the lines of each "Examples:" section of `--help`
//! (the tool's and each command's), parsed out of those texts, not copied here. Each
//! runs through `sh` in a fresh directory holding the files the examples name, and must
//! exit 0 with something to show for it. The `$ mmio ...` transcripts of docs/cli.md
//! must print what they show.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{Scratch, mmio, testfiles};

/// The crate's directory.
fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's root, unless the crate is built outside it (from its package).
fn repository() -> Option<PathBuf> {
    let root = crate_dir().join("../..");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    manifest.contains("[workspace]").then_some(root)
}

/// The Markdown texts that show commands: the crate's README, and the repository's
/// README and docs/cli.md.
fn documents() -> Vec<(String, PathBuf)> {
    let mut docs = vec![("crates/mmio-cli/README.md".to_string(), crate_dir().join("README.md"))];
    match repository() {
        Some(root) => {
            docs.extend(["README.md", "docs/cli.md"].map(|doc| (doc.to_string(), root.join(doc))));
        }
        None => eprintln!("outside the repository: README.md and docs/cli.md are not checked"),
    }
    docs
}

/// The lines of the code blocks of a Markdown text whose fence says `lang`.
fn code_blocks(markdown: &str, lang: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start().strip_prefix("```")) {
            (None, Some(fence)) if fence.trim() == lang => current = Some(Vec::new()),
            (Some(_), Some(_)) => blocks.extend(current.take()),
            (Some(block), None) => block.push(line.to_string()),
            (None, _) => {}
        }
    }
    blocks
}

/// The `mmio` command lines of the shell blocks of a Markdown text, without comments.
fn markdown_examples(markdown: &str) -> Vec<String> {
    code_blocks(markdown, "sh")
        .into_iter()
        .flatten()
        .map(|line| line.split(" # ").next().unwrap_or_default().trim().to_string())
        .filter(|line| line.starts_with("mmio ") || line.contains("| mmio "))
        .collect()
}

/// The command lines of the "Examples:" section of a `--help` text: each line up to a
/// run of two spaces (after which it explains itself).
fn help_examples(help: &str) -> Vec<String> {
    let Some((_, section)) = help.split_once("\nExamples:\n") else { return Vec::new() };
    section
        .lines()
        .take_while(|line| line.starts_with("  "))
        .map(|line| line.trim().split("  ").next().unwrap_or_default().trim().to_string())
        .collect()
}

/// Every example: (where it is shown, the command line).
fn all_examples() -> Vec<(String, String)> {
    let mut examples = Vec::new();
    for (doc, path) in documents() {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{doc}: {e}"));
        let lines = markdown_examples(&text);
        assert!(!lines.is_empty(), "{doc} shows no `mmio` command");
        examples.extend(lines.into_iter().map(|line| (doc.clone(), line)));
    }
    let dir = Scratch::new("examples-help");
    for command in ["", "tree", "info", "extract", "check", "repair"] {
        let args: Vec<&str> = [command, "--help"].into_iter().filter(|a| !a.is_empty()).collect();
        let help = mmio(&dir.0, &args).text();
        let lines = help_examples(&help);
        assert!(!lines.is_empty(), "`mmio {}` shows no examples", args.join(" "));
        examples.extend(lines.into_iter().map(|line| (format!("mmio {}", args.join(" ")), line)));
    }
    examples
}

/// Writes the files the examples name into `dir`: ordinary files as encoders write them,
/// and when `line` names them, `crashed.wav` (a streaming writer's placeholder sizes)
/// and `linked.wav` (the same, with a second name: a hard link).
fn example_files(dir: &Scratch, line: &str) {
    let files = testfiles::files();
    let file = |name: &str| files.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    dir.write("song.wav", &testfiles::pcm_wav());
    dir.write("movie.avi", &file("movie.avi"));
    dir.write("image.webp", &file("lossy.webp"));
    std::fs::create_dir_all(dir.path("music/live")).unwrap();
    dir.write("music/one.wav", &file("float.wav"));
    dir.write("music/two.wav", &file("extensible.wav"));
    dir.write("music/live/three.wav", &testfiles::pcm_wav());
    let damaged = testfiles::damaged(&testfiles::pcm_wav());
    let crashed = &damaged.iter().find(|(n, _)| *n == "stream-ff.wav").unwrap().1;
    if line.contains("crashed.wav") {
        dir.write("crashed.wav", crashed);
    }
    if line.contains("linked.wav") {
        std::fs::hard_link(dir.write("linked.wav", crashed), dir.path("linked-too.wav")).unwrap();
    }
}

/// Runs `line` through `sh` in `dir`, with the tool first on the PATH.
fn shell(dir: &Scratch, line: &str) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_mmio")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    Command::new("sh").arg("-c").arg(line).current_dir(&dir.0).env("PATH", path).output().unwrap()
}

/// The files in `dir` (recursively) with their sizes, to see what a command wrote.
fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            out.extend(listing(&entry.path()));
        } else {
            out.push((entry.path(), entry.metadata().unwrap().len()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_example_shown_runs() {
    let examples = all_examples();
    // README, docs and the help of six commands: dozens of lines.
    assert!(examples.len() >= 25, "only {} examples found: the parsers missed some", examples.len());
    for (shown_in, line) in &examples {
        let dir = Scratch::new("example");
        example_files(&dir, line);
        let before = listing(&dir.0);
        let output = shell(&dir, line);
        let stderr = String::from_utf8_lossy(&output.stderr);
        // A dry run of repair on a crashed file exits 1: it found changes to make.
        let expected = if line.contains("--dry-run") { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{shown_in}: `{line}` failed: {stderr}");
        // Only `mmio tree` without a file says something on stderr: that it shows the sample.
        let expected_stderr = if line == "mmio tree" { "built-in sample" } else { "" };
        assert!(
            stderr.contains(expected_stderr) && (line == "mmio tree" || stderr.is_empty()),
            "{shown_in}: `{line}`: {stderr}"
        );
        let wrote = listing(&dir.0) != before;
        assert!(!output.stdout.is_empty() || wrote, "{shown_in}: `{line}` showed and wrote nothing");
    }
}

#[test]
fn the_transcripts_of_the_docs_are_what_the_tool_prints() {
    let Some(root) = repository() else { return eprintln!("outside the repository: no docs/cli.md") };
    let text = std::fs::read_to_string(root.join("docs/cli.md")).unwrap();
    let mut checked = 0;
    for block in code_blocks(&text, "text") {
        let Some(command) = block.first().and_then(|l| l.strip_prefix("$ ")) else { continue };
        let dir = Scratch::new("transcript");
        example_files(&dir, command);
        let output = shell(&dir, command);
        let expected: String = block[1..].iter().map(|l| format!("{l}\n")).collect();
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected, "docs/cli.md: `{command}`");
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} transcripts found in docs/cli.md");
}

#[test]
fn the_parsers_find_what_they_must() {
    let markdown =
        "text\n```sh\nmmio tree a.wav   # comment\ncargo test\ncat a | mmio check -\n```\n```text\nmmio no\n```\n";
    assert_eq!(markdown_examples(markdown), ["mmio tree a.wav", "cat a | mmio check -"]);
    let help =
        "Usage...\n\nExamples:\n  mmio tree                what it does\n  mmio info a.wav\n\nMore\n  mmio not\n";
    assert_eq!(help_examples(help), ["mmio tree", "mmio info a.wav"]);
}
