//! Instants as whole seconds since the Unix epoch, UTC.
//!
//! Seconds are enough for lead scoring (no CRM exports sub-second intent) and
//! keep an activity at 8 bytes of time.

use chrono::{DateTime, Datelike, Timelike};

/// Seconds since 1970-01-01T00:00:00Z.
pub type Time = i64;

pub const DAY: Time = 86_400;

/// Reads the date forms SPEC section 2 allows: an ISO 8601 date (midnight
/// UTC), a date-time with `Z` or an offset, or a date-time without offset
/// (`T` or space separated, seconds and fractions optional) read as UTC.
///
/// The fields are read by position and the calendar is checked here (no
/// format-string parser, no calendar library on the way: activity import
/// reads one time per row).
pub fn parse_time(text: &str) -> Result<Time, String> {
    // The form exports write (and this crate renders), read in one pass.
    if let Some(t) = canonical(text.as_bytes()) {
        return Ok(t);
    }
    let s = crate::import::values::trim(text);
    read_iso(s.as_bytes())
        .ok_or_else(|| format!("\"{s}\" is not a date (use ISO 8601, e.g. 2026-03-01 or 2026-03-01T09:30:00Z)"))
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (years 0 to 9999), or `None` when the month or day does not exist.
fn days_from_civil(year: u32, month: u32, day: u32) -> Option<i64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month {
        return None;
    }
    // Years counted from March, so the leap day ends the year; shifted by
    // 400 so that 0000 stays positive (400 years are 146,097 days).
    let (y, m) = if month > 2 { (year + 400, month - 3) } else { (year + 399, month + 9) };
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(day));
    let from_march = (153 * m + 2) / 5 + d - 1;
    let days = 365 * y + y / 4 - y / 100 + y / 400 + from_march;
    // The same count for 1970-01-01.
    Some(days - 865_565)
}

fn read_iso(b: &[u8]) -> Option<Time> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let midnight = days_from_civil(digits(&b[..4])?, digits(&b[5..7])?, digits(&b[8..10])?)? * DAY;
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
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let local = midnight + i64::from(h * 3600 + m * 60 + sec);
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

/// Bytes of [`format_time`]'s rendering of a time of years 0 to 9999.
pub const RENDERED: usize = 20;

/// The time `text` reads as when `text` is exactly its [`format_time`]
/// rendering (`YYYY-MM-DDTHH:MM:SSZ`, upper-case `T` and `Z`, nothing
/// around it); `None` for any other text, even one naming the same time.
pub fn canonical_time(text: &str) -> Option<Time> {
    canonical(text.as_bytes())
}

/// Whether `text` has the shape of [`format_time`]'s rendering: for a text
/// [`parse_time`] reads, whether it is its time's rendering.
pub fn canonical_shape(text: &str) -> bool {
    canonical(text.as_bytes()).is_some()
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, read by position: every field checked
/// as [`read_iso`] checks it (month, day, hours up to 23, minutes and
/// seconds up to 59), so it gives what `read_iso` gives, for this form only.
/// Plain indexing, no iterators: the size-first wasm does not inline them.
#[inline]
fn canonical(b: &[u8]) -> Option<Time> {
    if b.len() != RENDERED || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    // A byte below `0` wraps to 10 or more, as does one above `9`.
    #[inline(always)]
    fn num(b: &[u8], from: usize, to: usize, bad: &mut bool) -> u32 {
        let (mut n, mut i) = (0, from);
        while i < to {
            let v = b[i].wrapping_sub(b'0');
            *bad |= v > 9;
            n = n * 10 + u32::from(v);
            i += 1;
        }
        n
    }
    let mut bad = false;
    let (year, month, day) = (num(b, 0, 4, &mut bad), num(b, 5, 7, &mut bad), num(b, 8, 10, &mut bad));
    let (h, m, s) = (num(b, 11, 13, &mut bad), num(b, 14, 16, &mut bad), num(b, 17, 19, &mut bad));
    if bad || h > 23 || m > 59 || s > 59 {
        return None;
    }
    Some(days_from_civil(year, month, day)? * DAY + i64::from(h * 3600 + m * 60 + s))
}

/// [`format_time`] without allocating, for a time of years 0 to 9999
/// (a parsed one).
pub fn render(t: Time) -> [u8; RENDERED] {
    let mut out = *b"0000-00-00T00:00:00Z";
    let Some(d) = DateTime::from_timestamp(t, 0) else { return out };
    let mut put = |at: usize, width: usize, n: u32| {
        let mut n = n;
        for i in (at..at + width).rev() {
            out[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, 4, d.year() as u32);
    put(5, 2, d.month());
    put(8, 2, d.day());
    put(11, 2, d.hour());
    put(14, 2, d.minute());
    put(17, 2, d.second());
    out
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
    fn the_calendar_is_chronos() {
        use chrono::{NaiveDate, NaiveTime};
        for year in (0..=9999).step_by(7).chain([0, 1600, 1700, 1900, 1970, 2000, 2024, 2100, 9999]) {
            for month in 0..=13 {
                for day in 0..=32 {
                    let want = NaiveDate::from_ymd_opt(year as i32, month, day)
                        .map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp());
                    assert_eq!(days_from_civil(year, month, day).map(|d| d * DAY), want, "{year}-{month}-{day}");
                }
            }
        }
    }

    /// The one-pass reading of the canonical form gives what the general
    /// reader gives, on that form with every byte changed to each of a
    /// few others (digits out of range, separators, letters).
    #[test]
    fn the_canonical_form_reads_as_read_iso() {
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1du64);
        let mut read = 0;
        for _ in 0..20_000 {
            // Years 0004 to 9986.
            let t = (next() % 315_000_000_000) as i64 - 62_000_000_000;
            let base = format_time(t);
            assert_eq!(canonical(base.as_bytes()), Some(t), "{base}");
            let mut b = base.into_bytes();
            let at = (next() % RENDERED as u64) as usize;
            let others = b"0123456789/:-TZtz +a\xff";
            b[at] = others[(next() % others.len() as u64) as usize];
            let want = read_iso(&b).filter(|_| b[10] == b'T' && b[19] == b'Z');
            assert_eq!(canonical(&b), want, "{:?}", String::from_utf8_lossy(&b));
            read += usize::from(want.is_some());
        }
        // Both kinds of answer were seen.
        assert!(read > 1000 && read < 19_000, "{read}");
        for s in ["2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T09:30:00z", "2026-03-01 09:30:00Z", " 2026-03-01T09:30:00Z"] {
            assert_eq!(parse_time(s).ok(), read_iso(s.trim().as_bytes()), "{s}");
            assert_eq!(canonical_time(s), read_iso(s.as_bytes()).filter(|_| s.len() == 20 && s.as_bytes()[10] == b'T' && s.as_bytes()[19] == b'Z'), "{s}");
        }
    }

    #[test]
    fn whole_days_round_down() {
        assert_eq!(whole_days(0, DAY - 1), 0);
        assert_eq!(whole_days(0, DAY), 1);
        assert_eq!(whole_days(0, 31 * DAY + 5), 31);
    }
}
