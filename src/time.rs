//! Instants as whole seconds since the Unix epoch, UTC.
//!
//! Seconds are enough for lead scoring (no CRM exports sub-second intent) and
//! keep an activity at 8 bytes of time.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Seconds since 1970-01-01T00:00:00Z.
pub type Time = i64;

pub const DAY: Time = 86_400;

/// Reads the date forms SPEC section 2 allows: an ISO 8601 date (midnight
/// UTC), a date-time with `Z` or an offset, or a date-time without offset
/// (`T` or space separated, optional fractional seconds) read as UTC.
pub fn parse_time(text: &str) -> Result<Time, String> {
    let s = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp());
    }
    // RFC 3339 demands seconds; CRMs often write "2026-03-01T09:30Z".
    for fmt in ["%Y-%m-%dT%H:%M%#z", "%Y-%m-%d %H:%M:%S%#z", "%Y-%m-%d %H:%M%#z"] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Ok(t.timestamp());
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(t.and_utc().timestamp());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_time(NaiveTime::MIN).and_utc().timestamp());
    }
    Err(format!("\"{s}\" is not a date (use ISO 8601, e.g. 2026-03-01 or 2026-03-01T09:30:00Z)"))
}

/// `2026-03-01T09:30:00Z`: the one output form, so exports compare byte for byte.
pub fn format_time(t: Time) -> String {
    match Utc.timestamp_opt(t, 0).single() {
        Some(dt) => dt.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
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
    }

    #[test]
    fn rejects_impossible_dates_with_the_value() {
        let e = parse_time("31/02/2026").unwrap_err();
        assert!(e.contains("\"31/02/2026\" is not a date"), "{e}");
        assert!(parse_time("2026-02-30").is_err());
    }

    #[test]
    fn whole_days_round_down() {
        assert_eq!(whole_days(0, DAY - 1), 0);
        assert_eq!(whole_days(0, DAY), 1);
        assert_eq!(whole_days(0, 31 * DAY + 5), 31);
    }
}
