//! Numbers and padding written straight into a byte buffer, without the formatting
//! machinery or an allocation per number: the hot path of `mmio tree`, which prints a
//! line per chunk for files of millions of chunks.

/// Appends the decimal digits of `n`.
pub fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Appends `n` spaces.
pub fn push_spaces(out: &mut Vec<u8>, n: usize) {
    out.resize(out.len() + n, b' ');
}

/// Pads what was appended since `start` with spaces to `width` bytes (left-aligned).
pub fn pad_to(out: &mut Vec<u8>, start: usize, width: usize) {
    let written = out.len() - start;
    if written < width {
        push_spaces(out, width - written);
    }
}

/// Appends `n` right-aligned in `width` bytes.
pub fn push_u64_right(out: &mut Vec<u8>, n: u64, width: usize) {
    let start = out.len();
    push_u64(out, n);
    let written = out.len() - start;
    if written < width {
        // Moves the digits right and fills the gap with spaces.
        out.splice(start..start, std::iter::repeat_n(b' ', width - written));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = b"|".to_vec();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn integers() {
        for n in [0, 7, 10, 99, 100, 12345, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(text(|out| push_u64(out, n)), format!("|{n}"));
            assert_eq!(text(|out| push_u64_right(out, n, 12)), format!("|{n:>12}"));
        }
    }

    #[test]
    fn padding() {
        assert_eq!(text(|out| pad_to(out, 0, 4)), "|   ");
        assert_eq!(
            text(|out| {
                out.extend_from_slice(b"abcdef");
                pad_to(out, 1, 3);
            }),
            "|abcdef"
        );
        assert_eq!(text(|out| push_spaces(out, 2)), "|  ");
    }
}
