//! Calendar dates as the templates and answers write them: strict `YYYY-MM-DD`.
//!
//! Parsing is by hand rather than through chrono's format machinery, which would add
//! size to the wasm module for one fixed pattern.

use chrono::{Datelike, NaiveDate};

/// Parses a strict `YYYY-MM-DD` date (four-digit year, real calendar day).
pub fn parse(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_dates() {
        assert_eq!(format(parse("2026-08-25").unwrap()), "2026-08-25");
        assert!(parse("2026-02-29").is_none());
        assert!(parse("2024-02-29").is_some());
        assert!(parse("2026-8-25").is_none());
        assert!(parse("2026-08-25T00:00").is_none());
        assert!(parse("２０２６-08-25").is_none());
        assert!(parse("").is_none());
    }
}
