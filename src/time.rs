//! Instants as whole seconds since the Unix epoch, UTC.
//!
//! Seconds are enough for lead scoring (no CRM exports sub-second intent) and
//! keep an activity at 8 bytes of time.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike};

/// Seconds since 1970-01-01T00:00:00Z.
pub type Time = i64;

pub const DAY: Time = 86_400;

/// Reads the date forms SPEC section 2 allows: an ISO 8601 date (midnight
/// UTC), a date-time with `Z` or an offset, or a date-time without offset
/// (`T` or space separated, seconds and fractions optional) read as UTC.
///
/// The fields are read by position and chrono checks the calendar; no
/// format-string parser, which keeps activity import fast and the wasm small.
pub fn parse_time(text: &str) -> Result<Time, String> {
    let s = text.trim();
    read_iso(s.as_bytes())
        .ok_or_else(|| format!("\"{s}\" is not a date (use ISO 8601, e.g. 2026-03-01 or 2026-03-01T09:30:00Z)"))
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

fn read_iso(b: &[u8]) -> Option<Time> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(&b[..4])? as i32, digits(&b[5..7])?, digits(&b[8..10])?)?;
    let midnight = date.and_time(NaiveTime::MIN).and_utc().timestamp();
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(midnight);
    }
    if !matches!(rest[0], b'T' | b't' | b' ') || rest.len() < 6 || rest[3] != b':' {
        return None;
    }
    let (h, m) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
    let mut i = 6;
    let mut sec = 0;
    if rest.get(i) == Some(&b':') {
        sec = digits(rest.get(i + 1..i + 3)?)?;
        i += 3;
        if rest.get(i) == Some(&b'.') {
            let frac = rest[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if frac == 0 {
                return None;
            }
            i += 1 + frac;
        }
    }
    let time = NaiveTime::from_hms_opt(h, m, sec)?;
    let local = midnight + i64::from(time.num_seconds_from_midnight());
    let offset = match &rest[i..] {
        b"" | b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), tz @ ..] => {
            let (oh, om) = match tz.len() {
                2 => (digits(tz)?, 0),
                4 => (digits(&tz[..2])?, digits(&tz[2..])?),
                5 if tz[2] == b':' => (digits(&tz[..2])?, digits(&tz[3..])?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let o = i64::from(oh * 3600 + om * 60);
            if *sign == b'-' { -o } else { o }
        }
        _ => return None,
    };
    Some(local - offset)
}

/// `2026-03-01T09:30:00Z`: the one output form, so exports compare byte for byte.
pub fn format_time(t: Time) -> String {
    match DateTime::from_timestamp(t, 0) {
        Some(d) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        ),
        None => String::new(),
    }
}

/// Whole days from `from` to `to`, rounded down (negative if `to` is earlier).
pub fn whole_days(from: Time, to: Time) -> i64 {
    (to - from).div_euclid(DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_allowed_form() {
        let midnight = parse_time("2026-03-01").unwrap();
        assert_eq!(format_time(midnight), "2026-03-01T00:00:00Z");
        assert_eq!(parse_time("2026-03-01T09:30:00Z").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(parse_time("2026-03-01T10:30:00+01:00").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(parse_time("2026-03-01 09:30:00").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(parse_time("2026-03-01T09:30").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(parse_time("2026-03-01 09:30:00.250").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(parse_time("2026-03-01T09:30Z").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(parse_time("2026-03-01T04:30:00-0500").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(parse_time("2026-03-01T18:30:00+09").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(parse_time(" 2026-03-01t09:30:00z ").unwrap(), midnight + 9 * 3600 + 1800);
        assert_eq!(format_time(parse_time("1969-12-31T23:59:59Z").unwrap()), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn rejects_impossible_dates_with_the_value() {
        let e = parse_time("31/02/2026").unwrap_err();
        assert!(e.contains("\"31/02/2026\" is not a date"), "{e}");
        for bad in ["2026-02-30", "2026-13-01", "2026-03-01T24:00", "2026-03-01T09:60", "2026-03-01T09:30:00+25:00",
            "2026-03-01T09:30:00.", "2026-03-01 09", "2026-3-1", "20260301", "2026-03-01T09:30:00 UTC", "tomorrow"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn whole_days_round_down() {
        assert_eq!(whole_days(0, DAY - 1), 0);
        assert_eq!(whole_days(0, DAY), 1);
        assert_eq!(whole_days(0, 31 * DAY + 5), 31);
    }
}
