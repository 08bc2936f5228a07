//! The C `SEEK_SET`, `SEEK_CUR` and `SEEK_END` values of `mmioSeek` and `MMIOM_SEEK`, and
//! the engine's [`SeekOrigin`].

use engine::SeekOrigin;

/// The origin a C `SEEK_*` value stands for, if it is one.
pub fn origin(whence: i32) -> Option<SeekOrigin> {
    match whence {
        libc::SEEK_SET => Some(SeekOrigin::Start),
        libc::SEEK_CUR => Some(SeekOrigin::Current),
        libc::SEEK_END => Some(SeekOrigin::End),
        _ => None,
    }
}

/// The C `SEEK_*` value of an origin.
pub fn whence(origin: SeekOrigin) -> i32 {
    match origin {
        SeekOrigin::Start => libc::SEEK_SET,
        SeekOrigin::Current => libc::SEEK_CUR,
        SeekOrigin::End => libc::SEEK_END,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_have_the_values_of_stdio_h() {
        for (value, expected) in [(0, SeekOrigin::Start), (1, SeekOrigin::Current), (2, SeekOrigin::End)] {
            assert_eq!(origin(value), Some(expected));
            assert_eq!(whence(expected), value);
        }
        assert_eq!(origin(3), None);
        assert_eq!(origin(-1), None);
    }
}
