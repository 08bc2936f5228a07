//! Sizes for people: `16 B`, `1.5 KiB`, `4.0 GiB`, alone or followed by the exact count
//! of bytes, as text or straight into a byte buffer.

use crate::digits::push_u64;

/// The binary units above bytes.
const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/// Appends `n` bytes in binary units, rounded to one decimal above 1 KiB (by integer
/// arithmetic: no float formatting on the hot path of `tree`).
pub fn push_human(out: &mut Vec<u8>, n: u64) {
    if n < 1024 {
        push_u64(out, n);
        out.extend_from_slice(b" B");
        return;
    }
    let mut scale = 1u128;
    for (i, unit) in UNITS.iter().enumerate() {
        scale *= 1024;
        let tenths = (u128::from(n) * 10 + scale / 2) / scale;
        // 1023.96 KiB rounds to 1024.0: that is 1.0 MiB.
        if tenths < 10 * 1024 || i + 1 == UNITS.len() {
            // tenths < 10 * 1024 * 1024 (u64::MAX is 16 EiB): it fits.
            push_u64(out, (tenths / 10) as u64);
            out.push(b'.');
            push_u64(out, (tenths % 10) as u64);
            out.push(b' ');
            out.extend_from_slice(unit.as_bytes());
            return;
        }
    }
}

/// Appends `n` in binary units, followed by the exact count when the unit hides it:
/// `16 B`, `17.3 KiB (17752 bytes)`.
pub fn push_human_exact(out: &mut Vec<u8>, n: u64) {
    push_human(out, n);
    if n >= 1024 {
        out.extend_from_slice(b" (");
        push_u64(out, n);
        out.extend_from_slice(b" bytes)");
    }
}

/// `n` bytes in binary units.
pub fn human(n: u64) -> String {
    text(|out| push_human(out, n))
}

/// `n` bytes in binary units and, above 1 KiB, exactly.
pub fn human_exact(n: u64) -> String {
    text(|out| push_human_exact(out, n))
}

/// What `write` appends, as a string (it appends ASCII only).
fn text(write: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut out = Vec::new();
    write(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(human(0), "0 B");
        assert_eq!(human(1023), "1023 B");
        assert_eq!(human(1024), "1.0 KiB");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(17752), "17.3 KiB");
        assert_eq!(human(1024 * 1024 - 1), "1.0 MiB");
        assert_eq!(human(5 << 30), "5.0 GiB");
        assert_eq!(human(u64::MAX), "16.0 EiB");
    }

    #[test]
    fn exact_counts_above_a_kib() {
        assert_eq!(human_exact(16), "16 B");
        assert_eq!(human_exact(17752), "17.3 KiB (17752 bytes)");
    }

    #[test]
    fn rounding_agrees_with_floats_away_from_halves() {
        for n in (1024..10_000_000u64).step_by(7919) {
            let float = n as f64 / 1024f64.powi((n as f64).log(1024.0).floor() as i32);
            let expected = format!("{float:.1}");
            if (float * 10.0).fract() != 0.5 && !expected.starts_with("1024") {
                assert!(human(n).starts_with(&expected), "{n}: {} vs {expected}", human(n));
            }
        }
    }
}
