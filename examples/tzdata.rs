//! Writes `src/tz/zones.bin`, the time-zone data the engine ships.
//!
//! The source is the IANA database that the pinned `chrono-tz` (a
//! dev-dependency, see Cargo.lock) carries. Only what the SLA clock needs is
//! kept: for every zone name, the UTC offsets in force from `START` to `END`.
//! Updating tzdata is one command, `bash .ci/tzdata` (it bumps chrono-tz and
//! runs this); `tests/tz.rs` fails when the committed file is stale.
//!
//! Format (little-endian), read by `src/tz.rs`:
//! `"LSTZ"`, format `u8`, tzdb version (`u8` length + ASCII), `start: i64`,
//! `end: i64`; offsets: `u16` count, each `i32` seconds; schedules: `u16`
//! count, each an `u8` offset index in force at `start` and a `u16`
//! transition count; then every schedule's transitions as the minutes since
//! the previous one (or `start`), LEB128; then every transition's `u8`
//! offset index, in the same order; zones: `u16` count, names sorted and
//! front-coded (`u8` bytes shared with the previous name, `u8` length of
//! the rest, the rest), then each zone's `u16` schedule index. Zones with
//! the same schedule share it. Minutes apart from offset indices, because
//! zones that change on the same dates (the EU's, say) then have the same
//! bytes, which gzip shares (about 1.7 KB less in the wasm).

use std::collections::BTreeMap;

use chrono::{Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

/// 2000-01-01T00:00:00Z: CRM histories rarely reach further back.
pub const START: i64 = 946_684_800;
/// 2040-01-01T00:00:00Z.
pub const END: i64 = 2_208_988_800;
/// No zone changes its offset twice within six hours.
const STEP: i64 = 6 * 3600;

fn offset(tz: Tz, t: i64) -> i32 {
    tz.offset_from_utc_datetime(&chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc()).fix().local_minus_utc()
}

/// The instants in [START, END) where the zone's UTC offset changes, each
/// with the offset from then on.
fn transitions(tz: Tz) -> Vec<(i64, i32)> {
    let mut out = Vec::new();
    let mut t = START;
    let mut current = offset(tz, t);
    while t < END {
        let next = (t + STEP).min(END);
        let o = offset(tz, next);
        if o != current {
            // The first second with the new offset, by bisection.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset(tz, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let o = offset(tz, hi);
            out.push((hi, o));
            current = o;
            t = hi;
            continue;
        }
        t = next;
    }
    out
}

/// The file's bytes, and a one-line summary of what it holds.
pub fn generate() -> (Vec<u8>, String) {
    let mut offsets: Vec<i32> = Vec::new();
    let index_of = |o: i32, offsets: &mut Vec<i32>| -> u8 {
        let i = offsets.iter().position(|&x| x == o).unwrap_or_else(|| {
            offsets.push(o);
            offsets.len() - 1
        });
        u8::try_from(i).expect("fewer than 256 distinct offsets")
    };
    let mut schedules: Vec<(u8, Vec<(u32, u8)>)> = Vec::new();
    // Transitions are stored in minutes since the previous one.
    let mut zones: BTreeMap<&str, u16> = BTreeMap::new();
    for &tz in TZ_VARIANTS.iter() {
        let initial = index_of(offset(tz, START), &mut offsets);
        let mut previous = START;
        let list: Vec<(u32, u8)> = transitions(tz)
            .into_iter()
            .map(|(t, o)| {
                assert_eq!((t - START) % 60, 0, "{}: a change off the whole minute at {t}", tz.name());
                let gap = u32::try_from((t - previous) / 60).unwrap();
                previous = t;
                (gap, index_of(o, &mut offsets))
            })
            .collect();
        let schedule = (initial, list);
        let at = schedules.iter().position(|s| *s == schedule).unwrap_or_else(|| {
            schedules.push(schedule);
            schedules.len() - 1
        });
        zones.insert(tz.name(), u16::try_from(at).unwrap());
    }

    let mut out: Vec<u8> = b"LSTZ".to_vec();
    out.push(3);
    let version = chrono_tz::IANA_TZDB_VERSION.as_bytes();
    out.push(u8::try_from(version.len()).unwrap());
    out.extend_from_slice(version);
    out.extend_from_slice(&START.to_le_bytes());
    out.extend_from_slice(&END.to_le_bytes());
    out.extend_from_slice(&u16::try_from(offsets.len()).unwrap().to_le_bytes());
    for o in &offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&u16::try_from(schedules.len()).unwrap().to_le_bytes());
    for (initial, list) in &schedules {
        out.push(*initial);
        out.extend_from_slice(&u16::try_from(list.len()).unwrap().to_le_bytes());
    }
    for (gap, _) in schedules.iter().flat_map(|(_, list)| list) {
        leadscore::leb128::write(&mut out, *gap);
    }
    out.extend(schedules.iter().flat_map(|(_, list)| list).map(|&(_, o)| o));
    out.extend_from_slice(&u16::try_from(zones.len()).unwrap().to_le_bytes());
    let mut previous: &[u8] = b"";
    for name in zones.keys() {
        let name = name.as_bytes();
        let shared = previous.iter().zip(name).take_while(|(a, b)| a == b).count();
        out.push(u8::try_from(shared).unwrap());
        out.push(u8::try_from(name.len() - shared).unwrap());
        out.extend_from_slice(&name[shared..]);
        previous = name;
    }
    for at in zones.values() {
        out.extend_from_slice(&at.to_le_bytes());
    }
    let summary = format!(
        "IANA {}: {} zones, {} schedules, {} offsets, {} bytes",
        chrono_tz::IANA_TZDB_VERSION,
        zones.len(),
        schedules.len(),
        offsets.len(),
        out.len()
    );
    (out, summary)
}

#[allow(dead_code)]
fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "src/tz/zones.bin".into());
    let (bytes, summary) = generate();
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    eprintln!("tzdata: {summary} -> {path}");
}
