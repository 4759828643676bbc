//! The service-level clock (SPEC section 4): by when sales must reach an MQL.
//!
//! A business calendar (IANA time zone, working days, opening hours,
//! holidays) turns a crossing time into a due time: hand-raisers by the close
//! of the business day they crossed on, behavioral MQLs 24 hours later not
//! counting days off.


use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::time::Time;
use crate::tz::{Local, Zone};

/// The calendar as the model file writes it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Calendar {
    /// IANA name, e.g. `Europe/Berlin`.
    #[cfg_attr(test, serde(default = "utc"))]
    pub time_zone: String,
    /// `mon` .. `sun`.
    #[cfg_attr(test, serde(default = "weekdays"))]
    pub working_days: Vec<String>,
    /// `HH:MM`, local time.
    #[cfg_attr(test, serde(default = "nine"))]
    pub opens: String,
    #[cfg_attr(test, serde(default = "five"))]
    pub closes: String,
    /// Local dates, `YYYY-MM-DD`.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub holidays: Vec<String>,
}
crate::json_read!(Calendar { time_zone: (utc()), working_days: (weekdays()), opens: (nine()), closes: (five()), holidays: default });
crate::json_object!(Calendar { time_zone, working_days, opens, closes, holidays if Vec::is_empty });

fn utc() -> String {
    "UTC".into()
}
fn weekdays() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"].map(String::from).to_vec()
}
fn nine() -> String {
    "09:00".into()
}
fn five() -> String {
    "17:00".into()
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar { time_zone: utc(), working_days: weekdays(), opens: nine(), closes: five(), holidays: Vec::new() }
    }
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A calendar checked and ready to compute with.
#[derive(Clone, Debug)]
pub struct BusinessCalendar {
    tz: Zone,
    working: [bool; 7],
    closes: NaiveTime,
    /// Days from the common era (`num_days_from_ce`), sorted, for a binary
    /// search: a `BTreeSet<NaiveDate>` would add a B-tree instance to the wasm.
    holidays: Vec<i64>,
}

/// `HH:MM` read by position (chrono's format-string parser costs the wasm
/// 20 KB).
fn hh_mm(text: &str, path: &str) -> Result<NaiveTime, String> {
    let b = text.trim().as_bytes();
    let two = |d: &[u8]| d.iter().all(u8::is_ascii_digit).then(|| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'));
    let time = match b {
        [h @ .., b':', m1, m2] if (1..=2).contains(&h.len()) => {
            let h = if h.len() == 1 { two(&[b'0', h[0]]) } else { two(h) };
            h.zip(two(&[*m1, *m2])).and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0))
        }
        _ => None,
    };
    time.ok_or_else(|| format!("{path}: \"{text}\" is not a time (use HH:MM, e.g. 09:00)"))
}

impl Calendar {
    /// Checks the calendar; errors name the field (`calendar.time_zone`).
    pub fn compile(&self) -> Result<BusinessCalendar, String> {
        let tz = Zone::named(self.time_zone.trim()).ok_or_else(|| {
            format!("calendar.time_zone: \"{}\" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)", self.time_zone)
        })?;
        let mut working = [false; 7];
        for (i, d) in self.working_days.iter().enumerate() {
            let day = crate::lowercase::lowercase(d.trim());
            let at = DAY_NAMES.iter().position(|n| day.starts_with(n)).ok_or_else(|| {
                format!("calendar.working_days[{i}]: \"{d}\" is not a day (mon, tue, wed, thu, fri, sat, sun)")
            })?;
            working[at] = true;
        }
        if !working.contains(&true) {
            return Err("calendar.working_days: name at least one working day".into());
        }
        let opens = hh_mm(&self.opens, "calendar.opens")?;
        let closes = hh_mm(&self.closes, "calendar.closes")?;
        if closes <= opens {
            return Err("calendar.closes: must be after calendar.opens".into());
        }
        let mut holidays = Vec::new();
        for (i, h) in self.holidays.iter().enumerate() {
            let date = (h.trim().len() == 10)
                .then(|| crate::time::parse_time(h).ok())
                .flatten()
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|d| d.date_naive())
                .ok_or_else(|| format!("calendar.holidays[{i}]: \"{h}\" is not a date (YYYY-MM-DD)"))?;
            holidays.push(i64::from(date.num_days_from_ce()));
        }
        crate::sort::times(&mut holidays);
        Ok(BusinessCalendar { tz, working, closes, holidays })
    }
}

fn calendar_error(e: String) -> String {
    format!("calendar.time_zone {e}")
}

impl BusinessCalendar {
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.working[date.weekday().num_days_from_monday() as usize] && self.holidays.binary_search(&i64::from(date.num_days_from_ce())).is_err()
    }

    /// The local date and time of an instant. Errors outside the period
    /// the time-zone data covers (see [`crate::tz`]).
    pub fn local(&self, t: Time) -> Result<NaiveDateTime, String> {
        self.tz.local(t).map_err(calendar_error)
    }

    /// The instant of a local date and time. A time that falls in a
    /// daylight-saving gap moves forward to the first one that exists; one
    /// that happens twice takes the first.
    pub fn instant(&self, local: NaiveDateTime) -> Result<Time, String> {
        let mut probe = local;
        for _ in 0..4 {
            match self.tz.instant(probe).map_err(calendar_error)? {
                Local::Single(t) | Local::Ambiguous(t, _) => return Ok(t),
                Local::Gap => probe += Duration::minutes(30),
            }
        }
        Ok(local.and_utc().timestamp())
    }

    fn next_business_day(&self, after: NaiveDate) -> NaiveDate {
        let mut d = after;
        // Bounded: holidays cannot fill years, and some weekday works.
        for _ in 0..3660 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_business_day(d) {
                return d;
            }
        }
        d
    }

    fn close_of(&self, date: NaiveDate) -> Result<Time, String> {
        self.instant(date.and_time(self.closes))
    }

    /// Hand-raiser: the close of the business day it crossed on; after
    /// close or on a day off, the close of the next business day.
    pub fn hand_raiser_due(&self, crossed: Time) -> Result<Time, String> {
        let local = self.local(crossed)?;
        let date = local.date();
        if self.is_business_day(date) && local.time() < self.closes {
            self.close_of(date)
        } else {
            self.close_of(self.next_business_day(date))
        }
    }

    /// Behavioral MQL: `hours` of elapsed time after crossing, counting only
    /// time on business days (crossed Friday 15:00, due Monday 15:00). Days
    /// are local days, so one with a daylight-saving change lasts 23 or 25
    /// hours.
    pub fn behavioral_due(&self, crossed: Time, hours: u32) -> Result<Time, String> {
        let mut left = i64::from(hours) * 3600;
        let mut t = crossed;
        for _ in 0..3660 {
            let date = self.local(t)?.date();
            let next = self.instant(date.succ_opt().unwrap_or(date).and_time(NaiveTime::MIN))?;
            if self.is_business_day(date) {
                if t + left <= next {
                    return Ok(t + left);
                }
                left -= next - t;
            }
            t = next;
        }
        Ok(t + left)
    }

    pub fn weekday_name(&self, t: Time) -> Result<&'static str, String> {
        let wd: Weekday = self.local(t)?.weekday();
        Ok(DAY_NAMES[wd.num_days_from_monday() as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{format_time, parse_time};

    fn cal(tz: &str, days: &[&str], holidays: &[&str]) -> BusinessCalendar {
        Calendar {
            time_zone: tz.into(),
            working_days: days.iter().map(|d| d.to_string()).collect(),
            holidays: holidays.iter().map(|d| d.to_string()).collect(),
            ..Calendar::default()
        }
        .compile()
        .unwrap()
    }

    fn weekdays() -> BusinessCalendar {
        cal("UTC", &["mon", "tue", "wed", "thu", "fri"], &[])
    }

    fn t(s: &str) -> Time {
        parse_time(s).unwrap()
    }

    #[test]
    fn behavioral_friday_afternoon_is_due_monday_afternoon() {
        // 2026-11-20 is a Friday.
        assert_eq!(format_time(weekdays().behavioral_due(t("2026-11-20T15:00:00Z"), 24).unwrap()), "2026-11-23T15:00:00Z");
        assert_eq!(format_time(weekdays().behavioral_due(t("2026-11-18T15:00:00Z"), 24).unwrap()), "2026-11-19T15:00:00Z");
        // Crossed on a Saturday: the clock starts Monday 00:00.
        assert_eq!(format_time(weekdays().behavioral_due(t("2026-11-21T10:00:00Z"), 24).unwrap()), "2026-11-24T00:00:00Z");
    }

    #[test]
    fn holidays_do_not_count() {
        let c = cal("UTC", &["mon", "tue", "wed", "thu", "fri"], &["2026-11-23"]);
        assert_eq!(format_time(c.behavioral_due(t("2026-11-20T15:00:00Z"), 24).unwrap()), "2026-11-24T15:00:00Z");
        assert_eq!(format_time(c.hand_raiser_due(t("2026-11-20T18:00:00Z")).unwrap()), "2026-11-24T17:00:00Z");
    }

    #[test]
    fn holidays_in_any_order_are_found() {
        // Out of order, repeated, across years: every day of 2025-2027 is a
        // business day exactly when it is a working weekday not in the list.
        let listed = ["2027-01-01", "2026-12-25", "2025-03-03", "2026-12-25", "2026-02-28", "2025-01-01", "2027-12-31", "2026-07-04", "2026-11-26"];
        let c = cal("UTC", &["mon", "tue", "wed", "fri", "sat"], &listed);
        let listed: Vec<NaiveDate> = listed.iter().map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()).collect();
        let mut day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let mut off = 0;
        while day.year() < 2028 {
            let working = !matches!(day.weekday(), Weekday::Thu | Weekday::Sun);
            assert_eq!(c.is_business_day(day), working && !listed.contains(&day), "{day}");
            off += usize::from(working && listed.contains(&day));
            day = day.succ_opt().unwrap();
        }
        assert_eq!(off, 7, "listed holidays on working days (2026-11-26 is a Thursday)");
    }

    #[test]
    fn hand_raisers_are_due_by_close_of_business() {
        let c = weekdays();
        let due = |s| format_time(c.hand_raiser_due(t(s)).unwrap());
        assert_eq!(due("2026-11-18T11:00:00Z"), "2026-11-18T17:00:00Z", "during hours: today's close");
        assert_eq!(due("2026-11-18T07:30:00Z"), "2026-11-18T17:00:00Z", "before opening: today's close");
        assert_eq!(due("2026-11-18T17:00:00Z"), "2026-11-19T17:00:00Z", "at close: tomorrow's close");
        assert_eq!(due("2026-11-20T19:00:00Z"), "2026-11-23T17:00:00Z", "Friday evening: Monday");
        assert_eq!(due("2026-11-22T10:00:00Z"), "2026-11-23T17:00:00Z", "Sunday: Monday");
    }

    #[test]
    fn local_time_zone_decides_the_day() {
        // 23:30 UTC on Thursday is Friday 08:30 in Tokyo: due Friday 17:00 JST.
        let c = cal("Asia/Tokyo", &["mon", "tue", "wed", "thu", "fri"], &[]);
        assert_eq!(format_time(c.hand_raiser_due(t("2026-11-19T23:30:00Z")).unwrap()), "2026-11-20T08:00:00Z");
        // Friday 15:00 in New York (20:00 UTC): due Monday 15:00 New York.
        let ny = cal("America/New_York", &["mon", "tue", "wed", "thu", "fri"], &[]);
        assert_eq!(format_time(ny.behavioral_due(t("2026-11-20T20:00:00Z"), 24).unwrap()), "2026-11-23T20:00:00Z");
    }

    #[test]
    fn daylight_saving_inside_the_window() {
        // New York springs forward on Sunday 2026-03-08 (a 23-hour day). With
        // a seven-day week, 24 hours after Saturday 15:00 EST is Sunday 16:00 EDT.
        let c = cal("America/New_York", &["mon", "tue", "wed", "thu", "fri", "sat", "sun"], &[]);
        let crossed = t("2026-03-07T15:00:00-05:00");
        assert_eq!(format_time(c.behavioral_due(crossed, 24).unwrap()), "2026-03-08T20:00:00Z");
        assert_eq!(c.behavioral_due(crossed, 24).unwrap() - crossed, 24 * 3600, "24 real hours");
        // With weekends off, a Friday crossing lands Monday 15:00 local, now EDT.
        let week = cal("America/New_York", &["mon", "tue", "wed", "thu", "fri"], &[]);
        assert_eq!(format_time(week.behavioral_due(t("2026-03-06T15:00:00-05:00"), 24).unwrap()), "2026-03-09T19:00:00Z");
        // Closing time on the first EDT day is 17:00 EDT = 21:00 UTC.
        assert_eq!(format_time(week.hand_raiser_due(t("2026-03-09T13:00:00Z")).unwrap()), "2026-03-09T21:00:00Z");
    }

    #[test]
    fn calendar_errors_name_the_field() {
        let bad = |c: Calendar| c.compile().unwrap_err();
        let base = Calendar::default;
        assert!(bad(Calendar { time_zone: "Mars/Olympus".into(), ..base() }).starts_with("calendar.time_zone: \"Mars/Olympus\""));
        assert!(bad(Calendar { working_days: vec!["funday".into()], ..base() }).starts_with("calendar.working_days[0]"));
        assert!(bad(Calendar { working_days: vec![], ..base() }).starts_with("calendar.working_days:"));
        assert!(bad(Calendar { opens: "9am".into(), ..base() }).starts_with("calendar.opens: \"9am\""));
        for wrong in ["24:00", "9:60", "09:0", "0900", "x9:00", "09:00:00", ""] {
            assert!(bad(Calendar { opens: wrong.into(), ..base() }).starts_with("calendar.opens:"), "{wrong}");
        }
        let early = Calendar { opens: "7:30".into(), closes: " 16:45 ".into(), ..base() }.compile().unwrap();
        assert_eq!(early.closes, NaiveTime::from_hms_opt(16, 45, 0).unwrap());
        assert!(bad(Calendar { holidays: vec!["2026-12-24T00:00".into()], ..base() }).starts_with("calendar.holidays[0]"));
        assert!(bad(Calendar { closes: "08:00".into(), ..base() }).starts_with("calendar.closes: must be after"));
        assert!(bad(Calendar { holidays: vec!["25/12/2026".into()], ..base() }).starts_with("calendar.holidays[0]"));
    }
}
