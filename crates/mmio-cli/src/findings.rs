//! One problem found in a file, whoever found it (the walker: structure; the rules:
//! meaning), with where it is and a sentence about it, as a line of text or a JSON
//! object.

use crate::digits::push_u64;
use crate::json::Json;

/// A problem in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Its kebab-case name: `truncated`, `bad-format`, ... (`mmio check --help` lists
    /// them all).
    pub kind: &'static str,
    /// The offset it concerns: a chunk's header, or where trailing bytes start.
    pub offset: u64,
    /// The numeric path of the chunk it concerns (`0/2`), if it concerns one.
    pub path: Option<String>,
    /// A sentence for people.
    pub text: String,
}

/// The kinds that are notes: said, but no reason for `check` to fail. A WAVE form's
/// last frame cut short is what every crashed recording keeps (repair keeps every
/// byte), and players leave it out.
const NOTES: &[&str] = &["partial-frame"];

impl Finding {
    /// True for a note: said, but not a problem ([`NOTES`]).
    pub fn is_note(&self) -> bool {
        NOTES.contains(&self.kind)
    }

    /// Appends `FILE: offset N, chunk P: KIND: TEXT` and a newline.
    pub fn push_line(&self, out: &mut Vec<u8>, file: &str) {
        out.extend_from_slice(file.as_bytes());
        out.extend_from_slice(b": ");
        self.push_where_and_what(out);
    }

    /// Appends `offset N, chunk P: KIND: TEXT` and a newline.
    pub fn push_where_and_what(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"offset ");
        push_u64(out, self.offset);
        if let Some(path) = &self.path {
            out.extend_from_slice(b", chunk ");
            out.extend_from_slice(path.as_bytes());
        }
        out.extend_from_slice(b": ");
        out.extend_from_slice(self.kind.as_bytes());
        if self.is_note() {
            out.extend_from_slice(b" (note)");
        }
        out.extend_from_slice(b": ");
        out.extend_from_slice(self.text.as_bytes());
        out.push(b'\n');
    }

    /// Writes `{"kind", "severity", "offset", "path", "text"}` (`severity` is
    /// `"problem"` or `"note"`; `path` is null when the problem concerns no chunk).
    pub fn write_json(&self, json: &mut Json) {
        json.begin_object();
        json.key("kind").str(self.kind);
        json.key("severity").str(if self.is_note() { "note" } else { "problem" });
        json.key("offset").u64(self.offset);
        json.key("path");
        match &self.path {
            Some(path) => json.str(path),
            None => json.null(),
        };
        json.key("text").str(&self.text);
        json.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_objects() {
        let with_path =
            Finding { kind: "truncated", offset: 36, path: Some("0/2".into()), text: "'data' is \"cut\"".into() };
        let without = Finding { kind: "not-riff", offset: 0, path: None, text: "not a RIFF file".into() };
        let note = Finding { kind: "partial-frame", offset: 12, path: None, text: "1 byte left".into() };
        let mut out = Vec::new();
        with_path.push_line(&mut out, "a.wav");
        without.push_line(&mut out, "b.mp3");
        note.push_line(&mut out, "c.wav");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a.wav: offset 36, chunk 0/2: truncated: 'data' is \"cut\"\nb.mp3: offset 0: not-riff: not a RIFF file\n\
             c.wav: offset 12: partial-frame (note): 1 byte left\n"
        );
        let mut json = Json::new();
        json.begin_array();
        with_path.write_json(&mut json);
        without.write_json(&mut json);
        note.write_json(&mut json);
        json.end_array();
        assert_eq!(
            String::from_utf8(json.bytes().to_vec()).unwrap(),
            r#"[{"kind":"truncated","severity":"problem","offset":36,"path":"0/2","text":"'data' is \"cut\""},{"kind":"not-riff","severity":"problem","offset":0,"path":null,"text":"not a RIFF file"},{"kind":"partial-frame","severity":"note","offset":12,"path":null,"text":"1 byte left"}]"#
        );
    }
}
