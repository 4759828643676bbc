//! Time zones for the SLA clock: the UTC offset of every IANA zone from
//! 2000 to 2039, from `tz/zones.bin`.
//!
//! The file is generated from the IANA database that the pinned `chrono-tz`
//! carries (`examples/tzdata.rs`; update with `bash .ci/tzdata`). Shipping
//! offsets for a bounded period instead of the whole database keeps the wasm
//! small (about 20 KB gzipped instead of 140); an instant outside the period
//! is an error that says so, never a guess.

use chrono::{DateTime, NaiveDateTime};

use crate::time::Time;

static DATA: &[u8] = include_bytes!("tz/zones.bin");

/// An IANA zone's offsets over the data's period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    name: String,
    /// Offset (seconds east of UTC) in force at `start`.
    initial: i32,
    /// Instants where the offset changes, with the offset from then on.
    transitions: Vec<(Time, i32)>,
    start: Time,
    end: Time,
}

/// The result of turning a local date and time into an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Local {
    Single(Time),
    /// Clocks went back: the local time happened twice.
    Ambiguous(Time, Time),
    /// Clocks went forward: the local time never happened.
    Gap,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        s
    }
    fn u8(&mut self) -> u8 {
        self.take(1)[0]
    }
    fn u16(&mut self) -> usize {
        usize::from(u16::from_le_bytes(self.take(2).try_into().unwrap()))
    }
    fn leb128(&mut self) -> u32 {
        crate::leb128::read(self.bytes, &mut self.at)
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.take(4).try_into().unwrap())
    }
    fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.take(8).try_into().unwrap())
    }
}

/// The file's header: tzdb version, period, offsets, the schedules (initial
/// offset index, transition count), and where the sections begin.
struct Header {
    version: &'static str,
    start: Time,
    end: Time,
    offsets: Vec<i32>,
    schedules: Vec<(u8, usize)>,
    minutes_at: usize,
    indices_at: usize,
    zones_at: usize,
}

fn header() -> Header {
    let mut r = Reader { bytes: DATA, at: 0 };
    assert_eq!(r.take(4), b"LSTZ", "tz/zones.bin: not a zone file");
    assert_eq!(r.u8(), 3, "tz/zones.bin: unknown format");
    let n = usize::from(r.u8());
    let version = std::str::from_utf8(r.take(n)).unwrap_or("");
    let start = r.i64();
    let end = r.i64();
    let offsets = (0..r.u16()).map(|_| r.i32()).collect();
    let schedules: Vec<(u8, usize)> = (0..r.u16()).map(|_| (r.u8(), r.u16())).collect();
    let minutes_at = r.at;
    let transitions: usize = schedules.iter().map(|s| s.1).sum();
    for _ in 0..transitions {
        r.leb128();
    }
    let indices_at = r.at;
    Header { version, start, end, offsets, schedules, minutes_at, indices_at, zones_at: indices_at + transitions }
}

/// Calls `each` with every zone name, in order, and its schedule index
/// until it returns `true`.
fn find_zone(h: &Header, mut each: impl FnMut(&[u8], usize) -> bool) {
    let mut r = Reader { bytes: DATA, at: h.zones_at };
    let count = r.u16();
    let names_at = r.at;
    for _ in 0..count {
        r.u8();
        let n = usize::from(r.u8());
        r.take(n);
    }
    let mut indices = Reader { bytes: DATA, at: r.at };
    let mut names = Reader { bytes: DATA, at: names_at };
    // Front-coded: each name is the first bytes of the one before, then its own.
    let mut name: Vec<u8> = Vec::new();
    for _ in 0..count {
        name.truncate(usize::from(names.u8()));
        let n = usize::from(names.u8());
        name.extend_from_slice(names.take(n));
        if each(&name, indices.u16()) {
            return;
        }
    }
}

/// The IANA release the zone data comes from (`2025b`).
pub fn tzdb_version() -> &'static str {
    header().version
}

/// The period the zone data covers: `[start, end)`.
pub fn period() -> (Time, Time) {
    let h = header();
    (h.start, h.end)
}

/// Every zone name the data knows, sorted.
pub fn names() -> Vec<String> {
    let mut out = Vec::new();
    find_zone(&header(), |name, _| {
        out.push(String::from_utf8_lossy(name).into_owned());
        false
    });
    out
}

impl Zone {
    /// The zone of an IANA name (`Europe/Berlin`), exactly as written.
    pub fn named(name: &str) -> Option<Zone> {
        let h = header();
        let mut found = None;
        find_zone(&h, |this, at| {
            found = (this == name.as_bytes()).then_some(at);
            found.is_some()
        });
        let found = found?;
        let (initial, count) = h.schedules[found];
        // This schedule's transitions follow the earlier schedules' ones.
        let before: usize = h.schedules[..found].iter().map(|s| s.1).sum();
        let mut minutes = Reader { bytes: DATA, at: h.minutes_at };
        for _ in 0..before {
            minutes.leb128();
        }
        let mut indices = Reader { bytes: DATA, at: h.indices_at + before };
        let initial = h.offsets[usize::from(initial)];
        let mut t = h.start;
        let transitions = (0..count)
            .map(|_| {
                t += i64::from(minutes.leb128()) * 60;
                (t, h.offsets[usize::from(indices.u8())])
            })
            .collect();
        Some(Zone { name: name.to_string(), initial, transitions, start: h.start, end: h.end })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    fn check(&self, t: Time) -> Result<(), String> {
        if (self.start..self.end).contains(&t) {
            return Ok(());
        }
        let show = |t: Time| crate::time::format_time(t)[..10].to_string();
        Err(format!(
            "{}: {} is outside the time-zone data's period ({} to {}); use UTC for the calendar, or dates inside the period",
            self.name,
            show(t),
            show(self.start),
            show(self.end - 1)
        ))
    }

    /// Seconds east of UTC at instant `t`.
    pub fn offset_at(&self, t: Time) -> Result<i32, String> {
        self.check(t)?;
        Ok(self.offset_unchecked(t))
    }

    fn offset_unchecked(&self, t: Time) -> i32 {
        match self.transitions.partition_point(|&(at, _)| at <= t) {
            0 => self.initial,
            i => self.transitions[i - 1].1,
        }
    }

    /// The local date and time at instant `t`.
    pub fn local(&self, t: Time) -> Result<NaiveDateTime, String> {
        let o = self.offset_at(t)?;
        DateTime::from_timestamp(t + i64::from(o), 0).map(|d| d.naive_utc()).ok_or_else(|| format!("{t} is not a time"))
    }

    /// The instant(s) of a local date and time.
    pub fn instant(&self, local: NaiveDateTime) -> Result<Local, String> {
        let wall = local.and_utc().timestamp();
        // Every offset that could be in force within a day of that wall time.
        let mut candidates: Vec<i32> = vec![self.offset_unchecked(wall - 86_400), self.offset_unchecked(wall + 86_400)];
        let lo = self.transitions.partition_point(|&(at, _)| at < wall - 2 * 86_400);
        let hi = self.transitions.partition_point(|&(at, _)| at <= wall + 2 * 86_400);
        candidates.extend(self.transitions[lo..hi].iter().map(|&(_, o)| o));
        let mut found: Vec<Time> = Vec::new();
        for o in candidates {
            let t = wall - i64::from(o);
            if self.offset_unchecked(t) == o && !found.contains(&t) {
                found.push(t);
            }
        }
        crate::sort::times(&mut found);
        for &t in &found {
            self.check(t)?;
        }
        if found.is_empty() {
            self.check(wall)?;
        }
        Ok(match found[..] {
            [] => Local::Gap,
            [t] => Local::Single(t),
            [first, .., last] => Local::Ambiguous(first, last),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_time;

    #[test]
    fn utc_and_unknown_names() {
        let utc = Zone::named("UTC").unwrap();
        assert_eq!(utc.offset_at(parse_time("2026-06-01").unwrap()), Ok(0));
        assert!(Zone::named("Mars/Olympus").is_none());
        assert!(Zone::named("europe/berlin").is_none(), "names are exact, as IANA writes them");
        assert!(names().len() > 500);
        assert!(tzdb_version().starts_with("20"));
    }

    #[test]
    fn outside_the_period_is_an_error_that_says_so() {
        let berlin = Zone::named("Europe/Berlin").unwrap();
        let err = berlin.offset_at(parse_time("1999-12-31T23:59:59Z").unwrap()).unwrap_err();
        assert!(err.contains("1999-12-31 is outside the time-zone data's period (2000-01-01 to 2039-12-31)"), "{err}");
        assert!(berlin.offset_at(parse_time("2040-01-01").unwrap()).is_err());
        assert_eq!(berlin.offset_at(parse_time("2000-01-01").unwrap()), Ok(3600));
    }

    #[test]
    fn gaps_and_repeats() {
        let ny = Zone::named("America/New_York").unwrap();
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(ny.instant(at("2026-03-08 02:30")), Ok(Local::Gap));
        let once = ny.instant(at("2026-03-08 03:30")).unwrap();
        assert_eq!(once, Local::Single(parse_time("2026-03-08T03:30:00-04:00").unwrap()));
        let twice = ny.instant(at("2026-11-01 01:30")).unwrap();
        assert_eq!(
            twice,
            Local::Ambiguous(parse_time("2026-11-01T01:30:00-04:00").unwrap(), parse_time("2026-11-01T01:30:00-05:00").unwrap())
        );
    }
}
