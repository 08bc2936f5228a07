//! Numbers and padding written straight into a byte buffer, without the formatting
//! machinery or an allocation per number: the hot path of `mmio tree`, which prints a
//! line per chunk for files of millions of chunks.

/// The two-digit numbers 00 to 99, one after the other.
const PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// The decimal digits of `n`: the buffer and where they start in it. Two digits are
/// made per division, as the `itoa` crate does.
fn decimal(mut n: u64) -> ([u8; 20], usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[n as usize * 2..n as usize * 2 + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + n as u8;
    }
    (digits, at)
}

/// Appends the decimal digits of `n`.
pub fn push_u64(out: &mut Vec<u8>, n: u64) {
    let (digits, at) = decimal(n);
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
    let (digits, at) = decimal(n);
    let len = digits.len() - at;
    if len < width {
        push_spaces(out, width - len);
    }
    out.extend_from_slice(&digits[at..]);
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
        for n in [0, 7, 10, 99, 100, 101, 999, 1000, 12345, 100_000, u64::from(u32::MAX), u64::MAX] {
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
