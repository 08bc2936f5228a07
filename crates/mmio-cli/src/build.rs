//! RIFF bytes built by hand: chunks, containers and INFO lists, for the built-in sample
//! (and for the tests' files, which include this file through `#[path]`).

/// A chunk: id, little-endian size, data, and the pad byte after an odd size.
pub fn chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 9);
    out.extend_from_slice(id);
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// A RIFF or LIST container of type `form` around `children`.
pub fn list(id: &[u8; 4], form: &[u8; 4], children: &[Vec<u8>]) -> Vec<u8> {
    let mut data = form.to_vec();
    for child in children {
        data.extend_from_slice(child);
    }
    chunk(id, &data)
}

/// A `LIST` of type `INFO` holding one chunk per tag (id and text).
pub fn info(tags: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let tags: Vec<Vec<u8>> = tags.iter().map(|(id, text)| chunk(id, text)).collect();
    list(b"LIST", b"INFO", &tags)
}
