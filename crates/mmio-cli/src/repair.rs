//! `mmio repair`: the plan of [`winmmio::riff::repair`] shown, written and verified.
//!
//! The library decides every change (its rules and the invariant it keeps are in
//! `docs/repair.md`); this command prints the plan (`--dry-run` stops there), writes the
//! repaired file to a temporary file next to the target, checks it against the plan
//! (every byte, and its chunks), and only then renames it over the target. A refusal,
//! or a result that does not verify, writes nothing and leaves the input as it was.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use winmmio::riff::repair::{self, ChangeKind, Plan, RepairError, RepairErrorKind};
use winmmio::riff::{Event, Walker};

use crate::check::{FormProblem, WaveRules};
use crate::fail::{Failure, Outcome};
use crate::input;
use crate::json;
use crate::progress::{self, Progress};

/// Where the repaired file goes.
#[derive(Debug)]
pub enum Target {
    /// A new file.
    Output(PathBuf),
    /// The file itself, after saving it as `FILE.bak` if `backup`.
    InPlace {
        /// Write `FILE.bak` first.
        backup: bool,
    },
    /// Nowhere: only the plan is printed.
    DryRun,
}

/// Runs `mmio repair FILE (-o OUT | --in-place [--no-backup] | --dry-run) [--json]`.
pub fn run(file: &Path, target: Target, as_json: bool) -> Result<Outcome, Failure> {
    let mut input = input::open(file)?;
    let plan = match repair::plan(&mut input) {
        Ok(plan) => plan,
        Err(error) => {
            if as_json {
                print_json(file, None, Some(&error), &[]).map_err(stdout_failed)?;
            }
            return Err(refusal(file, &error));
        }
    };
    let mut repaired = plan.repaired(&mut input);
    let form_problems = form_problems(&mut repaired).map_err(|e| Failure::io(file, "cannot read", e))?;
    drop(repaired);
    let destination = match &target {
        Target::DryRun => None,
        Target::InPlace { .. } if plan.is_empty() => None,
        Target::Output(out) => Some(out.clone()),
        Target::InPlace { .. } => Some(file.to_path_buf()),
    };
    if as_json {
        print_json(file, Some(&plan), None, &form_problems).map_err(stdout_failed)?;
    } else {
        print_text(file, &plan, &target).map_err(stdout_failed)?;
    }
    let left = !plan.leftovers().is_empty() || !form_problems.is_empty();
    if let Some(destination) = destination {
        if let Target::InPlace { backup: true } = target {
            let bak = PathBuf::from(format!("{}.bak", file.display()));
            fs::copy(file, &bak).map_err(|e| Failure::io(&bak, "cannot write the backup", e))?;
            if !as_json {
                say(format_args!("{}: backup in {}", file.display(), bak.display()))?;
            }
        }
        let permissions = fs::metadata(file).map_err(|e| Failure::io(file, "cannot read", e))?.permissions();
        write_verified(&plan, &mut input, &destination, permissions)?;
        if !as_json {
            say(format_args!(
                "{}: repaired into {} ({} bytes, verified)",
                file.display(),
                destination.display(),
                plan.output_len()
            ))?;
        }
    }
    if !as_json {
        warn_left(file, &plan, &form_problems);
    }
    Ok(match target {
        Target::DryRun => Outcome::problems_if(!plan.is_empty() || left),
        _ => Outcome::problems_if(left),
    })
}

/// A refusal (exit status 1) or an I/O error (2), said the way the library says it.
fn refusal(file: &Path, error: &RepairError) -> Failure {
    let reason = format!("cannot repair: {error}");
    match (error.kind(), error.offset()) {
        (RepairErrorKind::Refused, Some(offset)) => {
            Failure::refused(file, offset, reason.replace(&format!("at offset {offset}: "), ""))
        }
        _ => Failure::new(file, reason),
    }
}

fn stdout_failed(error: io::Error) -> Failure {
    Failure::io("<stdout>", "cannot write", error)
}

/// One line on stdout.
fn say(line: std::fmt::Arguments<'_>) -> Result<(), Failure> {
    writeln!(io::stdout().lock(), "{line}").map_err(stdout_failed)
}

/// What the WAVE rules of `check` find in the repaired file (a form cut before its
/// samples, say): no size can fix it.
fn form_problems(repaired: &mut (impl Read + Seek)) -> io::Result<Vec<FormProblem>> {
    let mut rules = WaveRules::default();
    let mut found = Vec::new();
    for event in Walker::new(repaired)? {
        let event: Event = event?;
        found.extend(rules.see(&event));
    }
    Ok(found)
}

/// The plan in words, one change a line.
fn print_text(file: &Path, plan: &Plan, target: &Target) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let name = file.display();
    if plan.is_empty() {
        writeln!(out, "{name}: nothing to repair")?;
    }
    let verb = if matches!(target, Target::DryRun) { "would change" } else { "changes" };
    for change in plan.changes() {
        writeln!(out, "{name}: {verb}: {change}")?;
    }
    out.flush()
}

/// Problems the repair leaves, on stderr.
fn warn_left(file: &Path, plan: &Plan, form_problems: &[FormProblem]) {
    for left in plan.leftovers() {
        let reason = format!("{}: {} (repair leaves this as it is)", left.kind, left.reason);
        eprintln!("mmio: {}", Failure::at(file, left.offset, reason));
    }
    for p in form_problems {
        let reason = format!("{}: {} (repair cannot fix this)", p.kind, p.message);
        eprintln!("mmio: {}", Failure::at(file, p.offset, reason));
    }
}

/// The plan, or the refusal, as one JSON document (schema in `docs/cli.md`).
fn print_json(file: &Path, plan: Option<&Plan>, refused: Option<&RepairError>, form: &[FormProblem]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(b"{\"version\":1,\"path\":")?;
    json::string(&mut out, &file.display().to_string())?;
    if let Some(error) = refused {
        out.write_all(b",\"refused\":{\"offset\":")?;
        match error.offset() {
            Some(offset) => write!(out, "{offset}")?,
            None => out.write_all(b"null")?,
        }
        out.write_all(b",\"reason\":")?;
        json::string(&mut out, &error.to_string())?;
        out.write_all(b"}")?;
    }
    if let Some(plan) = plan {
        write!(out, ",\"input_len\":{},\"output_len\":{},\"changes\":[", plan.input_len(), plan.output_len())?;
        for (i, change) in plan.changes().iter().enumerate() {
            let separator = if i == 0 { "" } else { "," };
            write!(out, "{separator}{{\"offset\":{},", change.offset)?;
            match change.kind {
                ChangeKind::Size32 { id, old, new } => {
                    out.write_all(b"\"kind\":\"size32\",\"id\":")?;
                    json::latin1_string(&mut out, &id.bytes())?;
                    write!(out, ",\"old\":{old},\"new\":{new}")?;
                }
                ChangeKind::Size64 { id, old, new } => {
                    out.write_all(b"\"kind\":\"size64\",\"id\":")?;
                    json::latin1_string(&mut out, &id.bytes())?;
                    write!(out, ",\"old\":{old},\"new\":{new}")?;
                }
                ChangeKind::PromoteToRf64 => out.write_all(b"\"kind\":\"promote-rf64\"")?,
                ChangeKind::InsertPad => out.write_all(b"\"kind\":\"insert-pad\"")?,
                ChangeKind::AppendPad => out.write_all(b"\"kind\":\"append-pad\"")?,
                ChangeKind::DropTail { len } => write!(out, "\"kind\":\"drop-tail\",\"len\":{len}")?,
                ChangeKind::Count { field, old, new } => {
                    out.write_all(b"\"kind\":\"count\",\"field\":")?;
                    json::string(&mut out, &field.describe())?;
                    write!(out, ",\"old\":{old},\"new\":{new}")?;
                }
                _ => out.write_all(b"\"kind\":\"other\"")?,
            }
            out.write_all(b",\"reason\":")?;
            json::string(&mut out, &change.reason)?;
            out.write_all(b"}")?;
        }
        out.write_all(b"],\"leftovers\":[")?;
        let left = plan.leftovers().iter().map(|l| (l.offset, l.kind.name(), l.reason.clone()));
        let form = form.iter().map(|p| (p.offset, p.kind, p.message.clone()));
        for (i, (offset, kind, text)) in left.chain(form).enumerate() {
            let separator = if i == 0 { "" } else { "," };
            write!(out, "{separator}{{\"offset\":{offset},\"kind\":\"{kind}\",\"text\":")?;
            json::string(&mut out, &text)?;
            out.write_all(b"}")?;
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"}\n")?;
    out.flush()
}

/// Writes the repaired file to a temporary file next to `destination` (with the
/// input's permissions), checks it against the plan, then renames it.
fn write_verified<R: Read + Seek>(
    plan: &Plan,
    input: &mut R,
    destination: &Path,
    permissions: fs::Permissions,
) -> Result<(), Failure> {
    let file_name = destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = destination.with_file_name(format!(".{file_name}.mmio-repair-{}", std::process::id()));
    let result = (|| {
        let bar = Progress::new(plan.output_len(), "repairing");
        let out = progress::copy_sparse(&mut plan.repaired(&mut *input), File::create(&temp)?, &bar)?;
        out.set_permissions(permissions)?;
        out.sync_all()?;
        drop(out);
        plan.verify(&mut *input, File::open(&temp)?).map_err(io::Error::other)?;
        fs::rename(&temp, destination)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        Failure::io(destination, "cannot write the repaired file", e)
    })
}
