//! [`ExactDuration`]: a length in sample frames at a rate, exact.

use std::fmt;

/// A duration as `frames / rate` seconds, with no rounding until asked for.
///
/// ```
/// use winmmio::wav::ExactDuration;
/// let d = ExactDuration::new(3 * 48_000 + 24_000, 48_000).unwrap();
/// assert_eq!(d.seconds(), 3.5);
/// assert_eq!(d.to_string(), "0:00:03.500");
/// assert_eq!(d.to_std(), std::time::Duration::from_millis(3500));
/// assert!(ExactDuration::new(10, 0).is_none());
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExactDuration {
    frames: u64,
    rate: u32,
}

impl ExactDuration {
    /// `frames` at `rate` frames per second; `None` for a rate of 0.
    pub fn new(frames: u64, rate: u32) -> Option<ExactDuration> {
        (rate > 0).then_some(ExactDuration { frames, rate })
    }

    /// The number of frames.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Frames per second (never 0).
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Seconds as a float (the nearest `f64` to `frames / rate`).
    pub fn seconds(&self) -> f64 {
        let whole = self.frames / u64::from(self.rate);
        let rest = self.frames % u64::from(self.rate);
        whole as f64 + rest as f64 / f64::from(self.rate)
    }

    /// As a standard duration, rounded down to the nanosecond.
    pub fn to_std(&self) -> std::time::Duration {
        let rate = u64::from(self.rate);
        let nanos = u128::from(self.frames % rate) * 1_000_000_000 / u128::from(rate);
        std::time::Duration::new(self.frames / rate, nanos as u32)
    }
}

impl fmt::Display for ExactDuration {
    /// `H:MM:SS.mmm`, rounded to the nearest millisecond (halves up), as players and
    /// ffprobe show durations: 88,290 frames at 44.1 kHz (2.00204 s) are `0:00:02.002`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rate = u128::from(self.rate);
        let ms = (u128::from(self.frames) * 1000 + rate / 2) / rate;
        let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        write!(f, "{h}:{m:02}:{s:02}.{ms:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_at_the_extremes() {
        let long = ExactDuration::new(u64::MAX, 1).unwrap();
        assert_eq!(long.to_std().as_secs(), u64::MAX);
        assert_eq!(long.to_string(), "5124095576030431:00:15.000");
        let third = ExactDuration::new(1, 3).unwrap();
        assert_eq!(third.to_std().subsec_nanos(), 333_333_333);
        assert_eq!((third.frames(), third.rate()), (1, 3));
        assert_eq!(ExactDuration::new(44_099, 44_100).unwrap().to_string(), "0:00:01.000");
        assert_eq!(ExactDuration::new(88_290, 44_100).unwrap().to_string(), "0:00:02.002");
        assert_eq!(ExactDuration::new(88_219, 44_100).unwrap().to_string(), "0:00:02.000");
        assert_eq!(ExactDuration::new(3_600 * 8_000 * 25 + 8_000 * 61, 8_000).unwrap().to_string(), "25:01:01.000");
    }
}
