//! The text of metadata fields: NUL-terminated or NUL-padded, UTF-8 or Latin-1.

use crate::error::{Error, ErrorCode, Operation, Result};

/// The text of a field: its bytes up to the first NUL, as UTF-8, or as Latin-1 (each
/// byte one character) when they are not UTF-8, so that no byte is lost.
pub(crate) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.split(|&b| b == 0).next().unwrap_or_default();
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// `text` in UTF-8 in a field of exactly `len` bytes, padded with NULs;
/// `MMSYSERR_INVALPARAM` if it does not fit.
pub(crate) fn fixed(text: &str, len: usize) -> Result<Vec<u8>> {
    if text.len() > len {
        return Err(Error::with_detail(ErrorCode::InvalidParam, "a text is longer than its metadata field")
            .during(Operation::Write));
    }
    let mut out = text.as_bytes().to_vec();
    out.resize(len, 0);
    Ok(out)
}

/// `text` in UTF-8 with its terminating NUL.
pub(crate) fn terminated(text: &str) -> Vec<u8> {
    let mut out = text.as_bytes().to_vec();
    out.push(0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_or_latin1_up_to_the_first_nul() {
        assert_eq!(decode(b"caf\xc3\xa9\0junk"), "café");
        assert_eq!(decode(b"caf\xe9\0"), "café");
        assert_eq!(decode(b""), "");
        assert_eq!(fixed("ab", 4).unwrap(), b"ab\0\0");
        assert_eq!(fixed("abcd", 4).unwrap(), b"abcd");
        assert_eq!(fixed("abcde", 4).unwrap_err().code(), ErrorCode::InvalidParam);
        assert_eq!(terminated("é"), b"\xc3\xa9\0");
    }
}
