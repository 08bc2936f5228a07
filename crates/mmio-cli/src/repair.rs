//! `mmio repair`: the plan of [`winmmio::riff::repair`] shown, written safely and
//! verified.
//!
//! The library decides every change (its rules and the invariant it keeps are in
//! `docs/repair.md`); this command prints the plan (`--dry-run` stops there), writes the
//! repaired file to a [`Destination`] (a temporary file next to the target, or a
//! stream), checks a temporary file against the plan (every byte, and its chunks), and
//! only then commits it ([`crate::safe`]: the input is read under the engine's share-mode
//! lock and must not have changed meanwhile). A refusal, or a result that does not
//! verify, writes nothing and leaves the input as it was.

use std::fmt::Write as _;
use std::io::{self, Read, Seek};
use std::path::Path;

use winmmio::riff::repair::{self, ChangeKind, Plan, RepairError, RepairErrorKind};

use crate::console::{self, Messages};
use crate::fail::{Failure, Outcome};
use crate::findings::Finding;
use crate::progress::{self, Progress};
use crate::rules;
use crate::safe::{Destination, LockedInput, Target};
use crate::scan::{Scan, Step};

/// Runs `mmio repair FILE (-o OUT | --in-place ... | --dry-run) [--json]`; `target` is
/// `None` for `--dry-run`.
pub fn run(file: &Path, target: Option<Target>, as_json: bool) -> Result<Outcome, Failure> {
    let mut input = LockedInput::open(file)?;
    let plan = match repair::plan(&mut input) {
        Ok(plan) => plan,
        Err(error) => {
            if as_json {
                Messages::new(false).line(format_args!("{}", json_report(file, None, Some(&error), &[])))?;
            }
            return Err(refusal(file, &error));
        }
    };
    let unfixable =
        unfixable_findings(&mut plan.repaired(&mut input)).map_err(|e| Failure::io(file, "cannot read", e))?;
    let outcome = Outcome::problems_if(!plan.leftovers().is_empty() || !unfixable.is_empty());
    let report = |say: Messages, verb: &str| -> Result<(), Failure> {
        if as_json {
            return say.line(format_args!("{}", json_report(file, Some(&plan), None, &unfixable)));
        }
        if plan.is_empty() {
            say.line(format_args!("{}: nothing to repair", file.display()))?;
        }
        for change in plan.changes() {
            say.line(format_args!("{}: {verb}: {change}", file.display()))?;
        }
        Ok(())
    };
    let Some(target) = target else {
        report(Messages::new(false), "would change")?;
        warn_left(file, &plan, &unfixable, as_json);
        return Ok(Outcome::problems_if(!plan.is_empty()).max(outcome));
    };
    if plan.is_empty() && matches!(target, Target::InPlace(_)) {
        report(Messages::new(false), "changes")?;
        warn_left(file, &plan, &unfixable, as_json);
        return Ok(outcome);
    }
    // Refusals (an existing output or backup, ...) come before anything is said.
    let mut destination = Destination::new(&input, &target)?;
    let say = Messages::new(destination.is_stdout());
    report(say, "changes")?;
    let bar = Progress::new(plan.output_len(), "repairing");
    progress::copy_sparse(&mut plan.repaired(&mut input), destination.writer(), &bar)
        .map_err(|e| Failure::io(file, "cannot write the repaired file", e))?;
    drop(bar);
    let verified = match destination.written() {
        Some(written) => {
            plan.verify(&mut input, written).map_err(|e| unverified(file, &e))?;
            " verified"
        }
        // A device, FIFO or stdout cannot be read back.
        None => "",
    };
    let committed = destination.commit(input)?;
    if !as_json {
        if let Some(bak) = &committed.backup {
            say.line(format_args!("{}: backup in {}", file.display(), bak.display()))?;
        }
        let (to, len) = (committed.path.display(), plan.output_len());
        say.line(format_args!("{}: repaired into {to} ({len} bytes,{verified})", file.display()))?;
    }
    warn_left(file, &plan, &unfixable, as_json);
    Ok(outcome)
}

/// A refusal (exit status 1) or an I/O error (2), said the way the library says it.
fn refusal(file: &Path, error: &RepairError) -> Failure {
    match (error.kind(), error.offset()) {
        (RepairErrorKind::Refused, Some(offset)) => {
            let reason = error.to_string().replacen(&format!("at offset {offset}: "), "", 1);
            Failure::refused(file, offset, format!("cannot repair: {reason}"))
        }
        _ => Failure::new(file, format!("cannot repair: {error}")),
    }
}

/// A written result that is not what the plan says: nothing is committed.
fn unverified(file: &Path, error: &RepairError) -> Failure {
    Failure::new(file, format!("the repaired file was not committed: it does not match its plan ({error})"))
}

/// What the rules of `check` still find in the repaired file (a WAVE form cut before
/// its samples, an AVI cut before its frames, ...): no size can fix it. The structure's
/// problems are the plan's leftovers; notes are not problems.
fn unfixable_findings(repaired: &mut (impl Read + Seek)) -> io::Result<Vec<Finding>> {
    let mut found = Vec::new();
    for step in Scan::new(repaired)? {
        if let Step::Finding(finding) = step?
            && !finding.is_note()
            && rules::KINDS.iter().any(|(kind, _)| *kind == finding.kind)
        {
            found.push(finding);
        }
    }
    Ok(found)
}

/// Problems the repair leaves, on stderr (in the JSON report instead, with `--json`).
fn warn_left(file: &Path, plan: &Plan, unfixable: &[Finding], as_json: bool) {
    if as_json {
        return;
    }
    for left in plan.leftovers() {
        let reason = format!("{}: {} (repair leaves this as it is)", left.kind, left.reason);
        console::warn(format_args!("mmio: {}", Failure::at(file, left.offset, reason)));
    }
    for p in unfixable {
        let reason = format!("{}: {} (repair cannot fix this)", p.kind, p.text);
        console::warn(format_args!("mmio: {}", Failure::at(file, p.offset, reason)));
    }
}

/// A JSON string literal.
fn quoted(text: &str) -> String {
    let mut out = Vec::new();
    crate::json::string(&mut out, text);
    String::from_utf8(out).expect("JSON strings are UTF-8")
}

/// A FOURCC as a JSON string (each byte a Latin-1 character).
fn fourcc(id: winmmio::FourCC) -> String {
    let mut out = Vec::new();
    crate::json::latin1_string(&mut out, &id.bytes());
    String::from_utf8(out).expect("JSON strings are ASCII")
}

/// The plan, or the refusal, as one JSON document (schema in `docs/cli.md`).
fn json_report(file: &Path, plan: Option<&Plan>, refused: Option<&RepairError>, form: &[Finding]) -> String {
    let mut out = format!("{{\"version\":1,\"path\":{}", quoted(&file.display().to_string()));
    if let Some(error) = refused {
        let offset = error.offset().map_or("null".to_string(), |o| o.to_string());
        let _ = write!(out, ",\"refused\":{{\"offset\":{offset},\"reason\":{}}}", quoted(&error.to_string()));
    }
    if let Some(plan) = plan {
        let _ = write!(out, ",\"input_len\":{},\"output_len\":{},\"changes\":[", plan.input_len(), plan.output_len());
        for (i, change) in plan.changes().iter().enumerate() {
            let separator = if i == 0 { "" } else { "," };
            let _ = write!(out, "{separator}{{\"offset\":{},", change.offset);
            let _ = match change.kind {
                ChangeKind::Size32 { id, old, new } => {
                    write!(out, "\"kind\":\"size32\",\"id\":{},\"old\":{old},\"new\":{new}", fourcc(id))
                }
                ChangeKind::Size64 { id, old, new } => {
                    write!(out, "\"kind\":\"size64\",\"id\":{},\"old\":{old},\"new\":{new}", fourcc(id))
                }
                ChangeKind::PromoteToRf64 => write!(out, "\"kind\":\"promote-rf64\""),
                ChangeKind::InsertPad => write!(out, "\"kind\":\"insert-pad\""),
                ChangeKind::AppendPad => write!(out, "\"kind\":\"append-pad\""),
                ChangeKind::DropTail { len } => write!(out, "\"kind\":\"drop-tail\",\"len\":{len}"),
                ChangeKind::Count { field, old, new } => {
                    let field = quoted(&field.describe());
                    write!(out, "\"kind\":\"count\",\"field\":{field},\"old\":{old},\"new\":{new}")
                }
                _ => write!(out, "\"kind\":\"other\""),
            };
            let _ = write!(out, ",\"reason\":{}}}", quoted(&change.reason));
        }
        out.push_str("],\"leftovers\":[");
        let left = plan.leftovers().iter().map(|l| (l.offset, l.kind.name(), l.reason.as_str()));
        let form = form.iter().map(|p| (p.offset, p.kind, p.text.as_str()));
        for (i, (offset, kind, text)) in left.chain(form).enumerate() {
            let separator = if i == 0 { "" } else { "," };
            let _ = write!(out, "{separator}{{\"offset\":{offset},\"kind\":\"{kind}\",\"text\":{}}}", quoted(text));
        }
        out.push(']');
    }
    out.push('}');
    out
}
