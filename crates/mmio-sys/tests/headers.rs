//! The headers of `include/` work for C and C++ code written for Windows:
//!
//! - every name they declare (macros, types, struct tags and members, functions) is
//!   used by `tests/c/headers.c` or `tests/headers/second_unit.c`;
//! - those two files, linked together with libmmio, compile without a warning and run
//!   correctly in every cell of the matrix: gcc and clang, C89, C99, C11, C++98,
//!   C++11, C++17 and C++20, `-Wall -Wextra -pedantic -Werror`, without and with
//!   `UNICODE` (16-bit literals from `-fshort-wchar`, and from `u"..."` where the
//!   language has them);
//! - each header also compiles on its own.
//!
//! `tests/c/headers.c` is also one of the C suite's programs, so the Wine comparison
//! checks its values, sizes and offsets against the real Windows SDK headers (mingw-w64).
//!
//! Needs gcc, g++, clang and clang++. Without them the matrix is skipped with a
//! message, unless `CI` is set, which makes that a failure.

mod support;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::{assert_same_output, c_dir, crate_dir, lib_dir, run_native, scratch};

/// The names a header declares: macros, typedef names, struct and union tags and
/// members, and functions (declared or defined). Written for the style of our own
/// headers, not for any C.
fn declared_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut code = String::new();
    let mut lines = strip_comments(text).lines().map(str::to_string).collect::<Vec<_>>().into_iter();
    while let Some(mut line) = lines.next() {
        while line.ends_with('\\') {
            line.pop();
            line.push_str(&lines.next().unwrap_or_default());
        }
        match line.trim_start().strip_prefix('#') {
            Some(directive) => {
                if let Some(definition) = directive.trim_start().strip_prefix("define") {
                    names.extend(identifiers(definition).next());
                }
            }
            None => {
                code.push_str(&line);
                code.push('\n');
            }
        }
    }
    for statement in statements(&code) {
        declared_in(&statement, &mut names);
    }
    names
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// The C identifiers in `text`, in order.
fn identifiers(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_'))
        .map(str::to_string)
}

/// The top-level statements of preprocessed-away code: declarations ending in `;` and
/// function definitions ending in `}`; `extern "C" { ... }` blocks are opened up.
fn statements(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in code.chars() {
        match c {
            '{' if depth == 0 && current.trim() == "extern \"C\"" => current.clear(),
            '}' if depth == 0 => current.clear(), // the end of an extern "C" block
            '{' => {
                depth += 1;
                current.push(c);
            }
            '}' => {
                depth -= 1;
                current.push(c);
                let head = current.split('{').next().unwrap_or_default();
                if depth == 0 && !head.trim_start().starts_with("typedef") && head.contains('(') {
                    out.push(std::mem::take(&mut current));
                }
            }
            ';' if depth == 0 => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Splits at `separator` outside parentheses, brackets and braces.
fn split_top(text: &str, separator: char) -> Vec<&str> {
    let (mut pieces, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            c if c == separator && depth == 0 => {
                pieces.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// The name a declarator declares: `*LPSTR`, `NEAR *NPX`, `aCoef[]`, `(CALLBACK X)(...)`.
fn declarator_name(declarator: &str) -> Option<String> {
    let declarator = declarator.split('[').next().unwrap_or_default();
    match declarator.find('(') {
        Some(open) => {
            let close = declarator[open..].find(')')? + open;
            identifiers(&declarator[open + 1..close]).last()
        }
        None => identifiers(declarator).last(),
    }
}

/// The members of a struct or union body, nested ones included.
fn members(body: &str, names: &mut BTreeSet<String>) {
    for piece in split_top(body, ';') {
        match (piece.find('{'), piece.rfind('}')) {
            (Some(open), Some(close)) => {
                members(&piece[open + 1..close], names);
                names.extend(declarator_name(&piece[close + 1..]));
            }
            _ => names.extend(declarator_name(piece)),
        }
    }
}

fn declared_in(statement: &str, names: &mut BTreeSet<String>) {
    if let Some(typedef) = statement.strip_prefix("typedef") {
        let declarators = match (typedef.find('{'), typedef.rfind('}')) {
            (Some(open), Some(close)) => {
                let tag = identifiers(&typedef[..open]).last().filter(|t| t != "struct" && t != "union");
                names.extend(tag);
                members(&typedef[open + 1..close], names);
                &typedef[close + 1..]
            }
            _ => typedef,
        };
        names.extend(split_top(declarators, ',').into_iter().filter_map(declarator_name));
    } else if let Some(open) = statement.find('(') {
        names.extend(identifiers(&statement[..open]).last());
    }
}

/// Every header we ship, relative to `include/`.
fn headers() -> Vec<PathBuf> {
    let include = crate_dir().join("include");
    let mut found = Vec::new();
    for dir in [include.clone(), include.join("compat")] {
        for entry in std::fs::read_dir(&dir).expect("include dir") {
            let path = entry.expect("dir entry").path();
            if path.extension().is_some_and(|e| e == "h") {
                found.push(path.strip_prefix(&include).expect("under include").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// The program of the matrix: the C suite's `headers.c` and a second translation unit.
fn sources() -> [PathBuf; 2] {
    [c_dir().join("headers.c"), crate_dir().join("tests/headers/second_unit.c")]
}

#[test]
fn every_declared_name_is_used() {
    let mut used = BTreeSet::new();
    for source in sources() {
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        used.extend(identifiers(&strip_comments(&text)));
    }
    let mut missing = Vec::new();
    let mut declared = 0;
    for header in headers() {
        let text = std::fs::read_to_string(crate_dir().join("include").join(&header)).expect("header");
        let names = declared_names(&text);
        declared += names.len();
        missing.extend(names.difference(&used).map(|n| format!("{}: {n}", header.display())));
    }
    assert!(missing.is_empty(), "names the test programs do not use:\n{}", missing.join("\n"));
    assert!(declared > 300, "only {declared} names found: the parser lost some");
}

/// The parser finds each kind of name.
#[test]
fn the_parser_finds_every_kind_of_name() {
    let text = std::fs::read_to_string(crate_dir().join("include/mmreg.h")).unwrap();
    let names = declared_names(&text);
    for name in [
        "WAVE_FORMAT_EXTENSIBLE",
        "WAVEFORMATEXTENSIBLE",
        "PWAVEFORMATEXTENSIBLE",
        "Samples",
        "wValidBitsPerSample",
        "SubFormat",
        "adpcmwaveformat_tag",
        "aCoef",
        "LPMPEGLAYER3WAVEFORMAT",
        "KSDATAFORMAT_SUBTYPE_PCM",
        "IS_VALID_WAVEFORMATEX_GUID",
    ] {
        assert!(names.contains(name), "{name} not found in mmreg.h");
    }
    let text = std::fs::read_to_string(crate_dir().join("include/mmiscapi.h")).unwrap();
    let names = declared_names(&text);
    for name in ["MMIOPROC", "LPMMIOPROC", "mmioOpenA", "mmioCreateChunk", "_MMIOINFO", "hmmio", "LPCMMCKINFO"] {
        assert!(names.contains(name), "{name} not found in mmiscapi.h");
    }
    let text = std::fs::read_to_string(crate_dir().join("include/compat/windows.h")).unwrap();
    let names = declared_names(&text);
    for name in ["lstrcpynW", "lstrcatA", "LPCTSTR", "TEXT", "ZeroMemory"] {
        assert!(names.contains(name), "{name} not found in compat/windows.h");
    }
}

/// A compiler of the matrix.
struct Compiler {
    /// The driver, e.g. `clang++`.
    program: &'static str,
    /// The language standards to try.
    standards: &'static [&'static str],
    /// Compiles as C++.
    cplusplus: bool,
}

const COMPILERS: [Compiler; 4] = [
    Compiler { program: "gcc", standards: &["c89", "c99", "c11"], cplusplus: false },
    Compiler { program: "clang", standards: &["c89", "c99", "c11"], cplusplus: false },
    Compiler { program: "g++", standards: &["c++98", "c++11", "c++17", "c++20"], cplusplus: true },
    Compiler { program: "clang++", standards: &["c++98", "c++11", "c++17", "c++20"], cplusplus: true },
];

/// True when the standard has 16-bit `u"..."` literals.
fn has_char16_literals(standard: &str) -> bool {
    !matches!(standard, "c89" | "c99" | "c++98")
}

/// The compilers that are missing; in CI that is a failure, elsewhere a skip.
fn missing_compilers() -> Vec<&'static str> {
    let missing: Vec<_> = COMPILERS
        .iter()
        .map(|c| c.program)
        .filter(|p| !Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success()))
        .collect();
    if !missing.is_empty() {
        let message = format!("headers: SKIPPED - needs {} (apt install gcc g++ clang)", missing.join(", "));
        assert!(std::env::var_os("CI").is_none(), "{message}");
        let _ = writeln!(std::io::stderr(), "{message}");
    }
    missing
}

/// A compile command with the matrix's warnings and our include paths.
fn compile_command(compiler: &Compiler, standard: &str) -> Command {
    let mut cmd = Command::new(compiler.program);
    cmd.arg(format!("-std={standard}")).args(["-Wall", "-Wextra", "-pedantic", "-Werror"]);
    cmd.arg("-I").arg(crate_dir().join("include")).arg("-I").arg(crate_dir().join("include/compat"));
    if compiler.cplusplus {
        cmd.args(["-x", "c++"]);
    }
    cmd
}

/// Runs `cmd`; its combined output on failure.
fn failure_of(cmd: &mut Command) -> Option<String> {
    match cmd.output() {
        Ok(out) if out.status.success() => None,
        Ok(out) => {
            Some(format!("{cmd:?}\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
        }
        Err(e) => Some(format!("{cmd:?}: {e}")),
    }
}

#[test]
fn the_program_builds_and_runs_in_every_cell_of_the_matrix() {
    if !missing_compilers().is_empty() {
        return;
    }
    let lib = lib_dir();
    let expected = std::fs::read_to_string(c_dir().join("headers.expected")).expect("headers.expected");
    let out_dir = scratch("headers-matrix");
    let mut failures = Vec::new();
    let mut cells = 0;
    for compiler in &COMPILERS {
        for &standard in compiler.standards {
            let mut variants: Vec<(&str, Vec<&str>)> =
                vec![("ansi", vec![]), ("unicode-short-wchar", vec!["-DUNICODE", "-fshort-wchar"])];
            if has_char16_literals(standard) {
                variants.push(("unicode-char16", vec!["-DUNICODE"]));
            }
            for (variant, flags) in variants {
                cells += 1;
                let cell = format!("{} -std={standard} {variant}", compiler.program);
                let exe = out_dir.join(format!("{}-{standard}-{variant}", compiler.program.replace('+', "x")));
                let mut cmd = compile_command(compiler, standard);
                cmd.args(&flags).arg("-DMMIO_HEADERS_SECOND_UNIT").args(sources()).arg("-o").arg(&exe);
                cmd.arg("-L").arg(&lib).arg("-lmmio").arg(format!("-Wl,-rpath,{}", lib.display()));
                if let Some(failure) = failure_of(&mut cmd) {
                    failures.push(format!("{cell}: build failed: {failure}"));
                    continue;
                }
                let output = run_native(&exe, "headers-cell");
                if output != expected {
                    let report = std::panic::catch_unwind(|| assert_same_output("headers", &output, &expected));
                    let detail = report.err().and_then(|e| e.downcast_ref::<String>().cloned()).unwrap_or_default();
                    failures.push(format!("{cell}: {detail}"));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(failures.is_empty(), "{} of {cells} cells failed:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(cells, 36);
}

/// The first name each header declares that a one-line program can use.
fn sample_use(header: &Path) -> &'static str {
    match header.to_str().unwrap_or_default() {
        "mmsyscom.h" => "MMRESULT r = MMSYSERR_NOERROR; return (int)r;",
        "mmiscapi.h" => "MMCKINFO ck; ck.ckid = mmioFOURCC('R', 'I', 'F', 'F'); return (int)ck.ckid;",
        "mmeapi.h" => "WAVEFORMATEX w; w.cbSize = 0; return (int)sizeof w + w.cbSize;",
        "mmreg.h" => "WAVEFORMATEXTENSIBLE w; w.dwChannelMask = SPEAKER_FRONT_LEFT; return (int)w.dwChannelMask;",
        "guiddef.h" => "GUID g; g.Data1 = 1; return (int)g.Data1;",
        "mmsystem.h" => "PCMWAVEFORMAT p; p.wBitsPerSample = 16; return p.wBitsPerSample + (int)sizeof(MMIOINFO);",
        "compat/windows.h" => "TCHAR s[4]; lstrcpynA(s, \"abc\", 4); return lstrlenA(s) + MAX_PATH;",
        "compat/initguid.h" => "GUID g; g.Data2 = 2; return g.Data2;",
        "compat/ks.h" => "GUID g; g.Data3 = 3; return g.Data3;",
        "compat/ksmedia.h" => "return (int)KSAUDIO_SPEAKER_STEREO + WAVE_FORMAT_IEEE_FLOAT;",
        "compat/tchar.h" => "TCHAR s[2]; s[0] = _T('x'); s[1] = 0; return lstrlen(s);",
        other => panic!("no sample use for the header {other}: add one"),
    }
}

#[test]
fn each_header_compiles_on_its_own() {
    if !missing_compilers().is_empty() {
        return;
    }
    let out_dir = scratch("headers-alone");
    let mut failures = Vec::new();
    for header in headers() {
        let source = out_dir.join(format!("{}.c", header.display().to_string().replace(['/', '.'], "_")));
        let text = format!(
            "#include <{}>\nint mmio_alone(void);\nint mmio_alone(void)\n{{\n    {}\n}}\n",
            header.display(),
            sample_use(&header)
        );
        std::fs::write(&source, text).expect("write the source");
        for compiler in &COMPILERS {
            for &standard in compiler.standards {
                let mut cmd = compile_command(compiler, standard);
                cmd.arg("-c").arg(&source).arg("-o").arg(out_dir.join("alone.o"));
                if let Some(failure) = failure_of(&mut cmd) {
                    failures.push(format!(
                        "{} alone, {} -std={standard}: {failure}",
                        header.display(),
                        compiler.program
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}
