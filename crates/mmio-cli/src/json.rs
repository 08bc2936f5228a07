//! JSON text by hand: strings with correct escaping, FOURCCs decoded as Latin-1.

use std::io::{self, Write};

/// Writes `bytes` as a JSON string, each byte as the character with that code point
/// (Latin-1): `"` and `\` escaped, control characters and everything from 0x7F up as
/// `\u00xx`, so the output is plain ASCII.
pub fn latin1_string(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    out.write_all(b"\"")?;
    for &b in bytes {
        match b {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            0x20..=0x7e => out.write_all(&[b])?,
            _ => write!(out, "\\u{b:04x}")?,
        }
    }
    out.write_all(b"\"")
}

/// Writes a Rust string as a JSON string (control characters escaped).
pub fn string(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    for c in text.chars() {
        match c {
            '"' => out.write_all(b"\\\"")?,
            '\\' => out.write_all(b"\\\\")?,
            c if u32::from(c) < 0x20 || c == '\u{7f}' => write!(out, "\\u{:04x}", u32::from(c))?,
            c => write!(out, "{c}")?,
        }
    }
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin1(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        latin1_string(&mut out, bytes).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fourcc_bytes_are_latin1() {
        assert_eq!(latin1(b"RIFF"), "\"RIFF\"");
        assert_eq!(latin1(&[0, 0xff, b'A', b'"']), r#""\u0000\u00ffA\"""#);
        assert_eq!(latin1(b"a\\\n\x7f"), r#""a\\\u000a\u007f""#);
    }

    #[test]
    fn strings_escape_controls() {
        let mut out = Vec::new();
        string(&mut out, "say \"hi\"\t\\ é").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#""say \"hi\"\u0009\\ é""#);
    }
}
