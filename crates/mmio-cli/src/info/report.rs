//! `info`'s report of one file: its forms and problems, in words and as one JSON
//! document.

use winmmio::riff::{ByteOrder, is_form};

use super::form::Form;
use crate::findings::Finding;
use crate::json::Json;
use crate::size::human_exact;

/// `info`'s report of one file.
pub struct Report {
    /// The input's name.
    pub name: String,
    /// The file's size.
    pub size: u64,
    /// True for a RIFF-family file.
    pub riff: bool,
    /// The byte order of its fields.
    pub order: ByteOrder,
    /// Its top-level chunks, the first [`MAX_ITEMS`](super::MAX_ITEMS).
    pub forms: Vec<Form>,
    /// Top-level chunks past [`MAX_ITEMS`](super::MAX_ITEMS).
    pub more_forms: u64,
    /// Its problems, the first [`MAX_ITEMS`](super::MAX_ITEMS).
    pub problems: Vec<Finding>,
    /// Problems past [`MAX_ITEMS`](super::MAX_ITEMS).
    pub more_problems: u64,
}

impl Report {
    /// The report in words.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if !self.riff {
            out.push_str(&format!("{}: not a RIFF file ({})\n", self.name, human_exact(self.size)));
            return out;
        }
        let order = match self.order {
            ByteOrder::Little => "little-endian",
            ByteOrder::Big => "big-endian",
        };
        out.push_str(&format!("{}: {}, {order}\n", self.name, human_exact(self.size)));
        for form in &self.forms {
            form.write_text(&mut out, self.size);
        }
        if self.more_forms > 0 {
            out.push_str(&format!("({} more top-level chunks not shown)\n", self.more_forms));
        }
        let total = self.problems.len() as u64 + self.more_problems;
        if total > 0 {
            out.push_str(&format!("problems: {total}\n"));
            let mut lines = Vec::new();
            for found in &self.problems {
                lines.extend_from_slice(b"  ");
                found.push_where_and_what(&mut lines);
            }
            out.push_str(&String::from_utf8_lossy(&lines));
            if self.more_problems > 0 {
                out.push_str(&format!("  ({} more: `mmio check {}` lists them all)\n", self.more_problems, self.name));
            }
        }
        out
    }

    /// The report as one JSON document.
    pub fn json(&self) -> Vec<u8> {
        let mut json = Json::new();
        json.begin_document();
        json.key("path").str(&self.name);
        json.key("size").u64(self.size);
        json.key("riff").bool(self.riff);
        if self.riff {
            json.key("byte_order").str(match self.order {
                ByteOrder::Little => "little",
                ByteOrder::Big => "big",
            });
        }
        // The top-level keys describe the first form (later ones are OpenDML AVIX
        // extensions, or rare).
        if let Some(first) = self.forms.iter().find(|f| is_form(f.chunk.id)) {
            if let Some(form) = first.chunk.form {
                json.key("form").latin1(&form.bytes());
            }
            first.write_json(&mut json, self.size);
        }
        json.key("forms").begin_array();
        for form in &self.forms {
            let c = &form.chunk;
            json.begin_object();
            json.key("id").latin1(&c.id.bytes());
            if let Some(kind) = c.form {
                json.key("form").latin1(&kind.bytes());
            }
            json.key("offset").u64(c.offset);
            json.key("size").u64(c.size);
            json.key("present").u64(c.present());
            json.key("chunks").u64(form.chunks);
            json.end_object();
        }
        json.end_array();
        json.key("problems").begin_array();
        for found in &self.problems {
            found.write_json(&mut json);
        }
        json.end_array();
        if self.more_problems > 0 {
            json.key("problems_not_listed").u64(self.more_problems);
        }
        json.end_document();
        json.bytes().to_vec()
    }
}
