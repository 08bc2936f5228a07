//! JSON text by hand, into a byte buffer: a small writer that places the commas
//! ([`Json`]), strings with correct escaping, FOURCCs decoded as Latin-1.
//!
//! Every JSON document the tool prints is one line (JSON Lines) and starts with the
//! schema's [`VERSION`]; `docs/cli.md` describes the schema.

use std::io::Write;

use crate::digits;
use crate::fail::Failure;

/// The version of the JSON schema of `docs/cli.md`, the first key of every document.
pub const VERSION: u64 = 1;

/// Writes `bytes` as a JSON string, each byte as the character with that code point
/// (Latin-1): `"` and `\` escaped, control characters and everything from 0x7F up as
/// `\u00xx`, so the output is plain ASCII.
pub fn latin1_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    for &b in bytes {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x20..=0x7e => out.push(b),
            _ => unicode_escape(out, u32::from(b)),
        }
    }
    out.push(b'"');
}

/// Writes a Rust string as a JSON string (control characters escaped).
pub fn string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let mut rest = text.as_bytes();
    while let Some(at) = rest.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f) {
        out.extend_from_slice(&rest[..at]);
        match rest[at] {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b => unicode_escape(out, u32::from(b)),
        }
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// `\u00xx` for a code point under 0x100.
fn unicode_escape(out: &mut Vec<u8>, code: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u00");
    out.push(HEX[(code >> 4 & 0xf) as usize]);
    out.push(HEX[(code & 0xf) as usize]);
}

/// A JSON text being written into a byte buffer. The caller opens and closes objects and
/// arrays and writes keys and values; the writer places the commas. Nothing is checked
/// beyond that: the caller writes a key before each value of an object
/// (`tests::the_writer_places_commas` shows it at work).
#[derive(Default)]
pub struct Json {
    out: Vec<u8>,
    /// One entry per open object or array: its closing byte, and true once it has a
    /// member.
    open: Vec<(u8, bool)>,
    /// A key was just written: its value takes no comma.
    after_key: bool,
}

impl Json {
    /// An empty text.
    pub fn new() -> Json {
        Json::default()
    }

    /// The text written since the last [`clear`](Json::clear).
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// Forgets the text written so far (once it is written out), but not where it is
    /// in the document.
    pub fn clear(&mut self) {
        self.out.clear();
    }

    /// The comma before a value or key, when one is due.
    fn separate(&mut self) {
        if std::mem::take(&mut self.after_key) {
            return;
        }
        if let Some((_, started)) = self.open.last_mut()
            && std::mem::replace(started, true)
        {
            self.out.push(b',');
        }
    }

    /// `"name":`, for the schema's keys: plain ASCII names that need no escaping.
    pub fn key(&mut self, name: &'static str) -> &mut Self {
        debug_assert!(name.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\'));
        self.separate();
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.after_key = true;
        self
    }

    /// A key of Latin-1 bytes (a FOURCC).
    pub fn key_latin1(&mut self, name: &[u8]) -> &mut Self {
        self.separate();
        latin1_string(&mut self.out, name);
        self.out.push(b':');
        self.after_key = true;
        self
    }

    /// `{`
    pub fn begin_object(&mut self) -> &mut Self {
        self.separate();
        self.out.push(b'{');
        self.open.push((b'}', false));
        self
    }

    /// `}`
    pub fn end_object(&mut self) -> &mut Self {
        self.open.pop();
        self.out.push(b'}');
        self
    }

    /// `[`
    pub fn begin_array(&mut self) -> &mut Self {
        self.separate();
        self.out.push(b'[');
        self.open.push((b']', false));
        self
    }

    /// `]`
    pub fn end_array(&mut self) -> &mut Self {
        self.open.pop();
        self.out.push(b']');
        self
    }

    /// Closes every object and array opened inside the document: what is written so
    /// far stays valid JSON when a walk stops half-way.
    pub fn close_to_document(&mut self) -> &mut Self {
        self.after_key = false;
        while self.open.len() > 1 {
            if let Some((closer, _)) = self.open.pop() {
                self.out.push(closer);
            }
        }
        self
    }

    /// A string.
    pub fn str(&mut self, text: &str) -> &mut Self {
        self.separate();
        string(&mut self.out, text);
        self
    }

    /// A string of Latin-1 bytes (a FOURCC).
    pub fn latin1(&mut self, bytes: &[u8]) -> &mut Self {
        self.separate();
        latin1_string(&mut self.out, bytes);
        self
    }

    /// An unsigned integer.
    pub fn u64(&mut self, n: u64) -> &mut Self {
        self.separate();
        digits::push_u64(&mut self.out, n);
        self
    }

    /// A number with a fraction: the shortest decimal that reads back as `x` (`null`
    /// for infinities and NaN, which JSON cannot hold).
    pub fn f64(&mut self, x: f64) -> &mut Self {
        self.separate();
        if x.is_finite() {
            use std::io::Write;
            // Writing into a Vec cannot fail.
            let _ = write!(self.out, "{x}");
        } else {
            self.out.extend_from_slice(b"null");
        }
        self
    }

    /// `true` or `false`.
    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.separate();
        self.out.extend_from_slice(if value { b"true" } else { b"false" });
        self
    }

    /// `null`.
    pub fn null(&mut self) -> &mut Self {
        self.separate();
        self.out.extend_from_slice(b"null");
        self
    }

    /// Opens a document: `{"version":1`.
    pub fn begin_document(&mut self) -> &mut Self {
        self.begin_object().key("version").u64(VERSION)
    }

    /// Closes a document and ends its line.
    pub fn end_document(&mut self) {
        self.end_object();
        self.out.push(b'\n');
    }

    /// Ends a document that `failure` cut short: closes what is open and adds
    /// `"error"` (what stderr says).
    pub fn end_failed_document(&mut self, failure: &Failure) {
        self.close_to_document();
        self.key("error").str(&failure.to_string());
        self.end_document();
    }
}

/// Writes the document of an input that could not be read, `{"version", "path",
/// "error"}`, to `out`; returns the failure, for stderr. A failure to write is left to
/// the next write (standard output failed: the batch says so).
pub fn failed_document(out: &mut impl Write, failure: Failure) -> Failure {
    let mut json = Json::new();
    json.begin_document();
    json.key("path").str(failure.file());
    json.end_failed_document(&failure);
    let _ = out.write_all(json.bytes());
    failure
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin1(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        latin1_string(&mut out, bytes);
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
        string(&mut out, "say \"hi\"\t\\ é\u{1f}");
        assert_eq!(String::from_utf8(out).unwrap(), r#""say \"hi\"\u0009\\ é\u001f""#);
    }

    #[test]
    fn the_writer_places_commas() {
        let mut json = Json::new();
        json.begin_document();
        json.key("n").u64(18_446_744_073_709_551_615);
        json.key("x").f64(2.002).key("inf").f64(f64::INFINITY);
        json.key("list").begin_array().str("a").null().bool(true).begin_object().end_object().end_array();
        json.key("empty").begin_array().end_array();
        json.key("id").latin1(b"fmt ");
        json.key("tags").begin_object().key_latin1(b"\xa9nam").str("x").end_object();
        json.key("cut").begin_array().begin_object().key("deep").begin_array().u64(1);
        json.close_to_document();
        json.end_document();
        assert_eq!(
            String::from_utf8(json.bytes().to_vec()).unwrap(),
            "{\"version\":1,\"n\":18446744073709551615,\"x\":2.002,\"inf\":null,\
             \"list\":[\"a\",null,true,{}],\"empty\":[],\"id\":\"fmt \",\"tags\":{\"\\u00a9nam\":\"x\"},\"cut\":[{\"deep\":[1]}]}\n"
        );
    }
}
