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
/// Whether the year is a leap year is only worked out for a day past the
/// month's length in a common year (29 February, or 31 April, refused).
#[inline]
fn days_from_civil(year: u32, month: u32, day: u32) -> Option<i64> {
    // Days of each month in a common year (index 0 and 13+ unused).
    const LEN: [u8; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if month == 0 || month > 12 || day == 0 {
        return None;
    }
    if day > u32::from(LEN[month as usize]) {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        if !(month == 2 && day == 29 && leap) {
            return None;
        }
    }
    // Years counted from March, so the leap day ends the year; shifted by
    // 400 so that 0000 stays positive (400 years are 146,097 days). No
    // division: the size-first build keeps a divide instruction for each
    // (most of this function's time in a native profile).
    let (y, m) = if month > 2 { (year + 400, month - 3) } else { (year + 399, month + 9) };
    // Days from 1 March to the first of each month, March first.
    const FROM_MARCH: [u16; 12] = [0, 31, 61, 92, 122, 153, 184, 214, 245, 275, 306, 337];
    let centuries = hundredths(y);
    let days = 365 * y + (y >> 2) - centuries + (centuries >> 2) + u32::from(FROM_MARCH[m as usize]) + day - 1;
    // The same count for 1970-01-01.
    Some(i64::from(days) - 865_565)
}

/// `y / 100` for `y` up to 10,399 (the shifted years), as a multiply and a shift.
#[inline(always)]
fn hundredths(y: u32) -> u32 {
    (y * 5243) >> 19
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
///
/// The twenty bytes are checked as three overlapping words of eight
/// (bytes 0-7, 8-15, 12-19) instead of byte by byte: each word XOR the
/// form's pattern (`0` for a digit, the separator itself) leaves at most 9
/// in a digit's byte and 0 in a separator's; adding 0x76 (digit) or 0x7F
/// (separator) sets a byte's top bit exactly when it is over that, without
/// a carry out of any byte that is not (a byte already over 0x7F is caught
/// by its own top bit). Plain indexing, no iterators: the size-first wasm
/// does not inline them.
#[inline]
#[cfg_attr(leadscore_speed, optimize(speed))]
fn canonical(b: &[u8]) -> Option<Time> {
    let b: &[u8; RENDERED] = b.try_into().ok()?;
    const D: u64 = 0x76;
    const S: u64 = 0x7F;
    #[inline(always)]
    const fn lanes(l: [u64; 8]) -> u64 {
        l[0] | l[1] << 8 | l[2] << 16 | l[3] << 24 | l[4] << 32 | l[5] << 40 | l[6] << 48 | l[7] << 56
    }
    const P0: u64 = u64::from_le_bytes(*b"0000-00-");
    const P1: u64 = u64::from_le_bytes(*b"00T00:00");
    const P2: u64 = u64::from_le_bytes(*b"0:00:00Z");
    const A0: u64 = lanes([D, D, D, D, S, D, D, S]);
    const A1: u64 = lanes([D, D, S, D, D, S, D, D]);
    const A2: u64 = lanes([D, S, D, D, S, D, D, S]);
    use crate::words::word;
    let (x0, x1, x2) = (word(b, 0) ^ P0, word(b, 8) ^ P1, word(b, 12) ^ P2);
    if (x0 | x0.wrapping_add(A0) | x1 | x1.wrapping_add(A1) | x2 | x2.wrapping_add(A2)) & crate::words::HIGH != 0 {
        return None;
    }
    #[inline(always)]
    fn two(x: u64, lane: u32) -> u32 {
        ((x >> (8 * lane)) & 0xFF) as u32 * 10 + ((x >> (8 * lane + 8)) & 0xFF) as u32
    }
    let (year, month, day) = (two(x0, 0) * 100 + two(x0, 2), two(x0, 5), two(x1, 0));
    let (h, m, s) = (two(x1, 3), two(x1, 6), two(x2, 5));
    if h > 23 || m > 59 || s > 59 {
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

    /// Every byte of the canonical form set to each of its 256 values, on
    /// times around month, year and leap-day ends: the word-wise reading
    /// gives what the general reader gives on that form.
    #[test]
    fn every_byte_of_the_canonical_form_is_checked() {
        let days = [0, 58, 59, 60, 365, 789, 790, 11_016, 11_017, 20_513, 10_956, 2_932_896];
        let mut seen = [0usize; 2];
        for (i, d) in days.into_iter().enumerate() {
            let t = d * DAY + [0, 1, 59, 3599, 43_200, 86_399][i % 6];
            let base = format_time(t).into_bytes();
            assert_eq!(canonical(&base), Some(t));
            for at in 0..RENDERED {
                let mut b = base.clone();
                for v in 0..=255u8 {
                    b[at] = v;
                    let want = read_iso(&b).filter(|_| b[10] == b'T' && b[19] == b'Z');
                    assert_eq!(canonical(&b), want, "{:?}", String::from_utf8_lossy(&b));
                    seen[usize::from(want.is_some())] += 1;
                }
            }
            assert_eq!(canonical(&base[..19]), None);
            assert_eq!(canonical(&[&base[..], b"Z"].concat()), None);
        }
        assert!(seen[0] > 10_000 && seen[1] > 1_000, "{seen:?}");
    }

    #[test]
    fn hundredths_divide_every_shifted_year() {
        for y in 0..=10_399 {
            assert_eq!(hundredths(y), y / 100, "{y}");
        }
    }

    #[test]
    fn whole_days_round_down() {
        assert_eq!(whole_days(0, DAY - 1), 0);
        assert_eq!(whole_days(0, DAY), 1);
        assert_eq!(whole_days(0, 31 * DAY + 5), 31);
    }
}
