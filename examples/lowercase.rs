//! Writes `src/lowercase.bin`, the case data behind `src/lowercase.rs`.
//!
//! The source is the standard library this is built with: its
//! `char::to_lowercase` and its `str::to_lowercase` (for the word-final
//! sigma rule), so the engine lowercases exactly as they do without
//! shipping core's 11 KB table of single mappings. Run
//! `cargo run --example lowercase -- src/lowercase.bin` after a Rust
//! update; `tests/lowercase.rs` fails when the committed file is stale.
//!
//! Format, read by `src/lowercase.rs` (little-endian): `u16` run count,
//! then runs of characters with the same lowercase offset, sorted, each a
//! `u32` of `start | (step - 1) << 21 | (count - 1) << 22` (step 1 or 2)
//! and the `i32` offset (fixed width, for a binary search); then the
//! sigma classes: spans of characters, each LEB128 of `length << 2 |
//! class` (class 0: none, 1: case-ignorable, 2: cased).

#![allow(clippy::disallowed_methods)] // the standard library is the source

/// The class `str::to_lowercase` gives `c` when it looks around a capital
/// sigma: skipped over (case-ignorable), a cased letter, or neither.
fn class(c: char) -> u32 {
    let ends_final = |s: String| s.to_lowercase().ends_with('ς');
    let with_before = ends_final(format!("A{c}Σ")); // ignorable or cased
    let alone = ends_final(format!("{c}Σ")); // cased and not ignorable
    match (with_before, alone) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 2,
    }
}

/// The file's bytes and a one-line summary.
pub fn generate() -> (Vec<u8>, String) {
    // Single mappings (every character but U+0130, which lowercases to two).
    let mut pairs: Vec<(u32, i64)> = Vec::new();
    for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
        let mut l = c.to_lowercase();
        let (a, b) = (l.next().unwrap(), l.next());
        if b.is_some() {
            assert_eq!(c, '\u{130}', "only U+0130 lowercases to more than one character");
            continue;
        }
        if a != c {
            pairs.push((c as u32, a as i64 - c as i64));
        }
    }
    // Runs: consecutive mappings with the same offset and the same step.
    let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new(); // start, count, step, offset
    for &(c, d) in &pairs {
        if let Some(r) = runs.last_mut() {
            let last = r.0 + (r.1 - 1) * r.2;
            let step = c - last;
            if d == r.3 && (step == r.2 || (r.1 == 1 && step <= 2)) {
                r.2 = step;
                r.1 += 1;
                continue;
            }
        }
        runs.push((c, 1, 1, d));
    }
    let mut out = Vec::new();
    out.extend_from_slice(&u16::try_from(runs.len()).unwrap().to_le_bytes());
    for &(start, count, step, offset) in &runs {
        assert!(count <= 1 << 10);
        out.extend_from_slice(&(start | (step - 1) << 21 | (count - 1) << 22).to_le_bytes());
        out.extend_from_slice(&i32::try_from(offset).unwrap().to_le_bytes());
    }
    let table_len = out.len();
    // Sigma classes as spans of code points (surrogates count as class 0).
    let class_at = |u: u32| char::from_u32(u).map_or(0, class);
    let mut spans = 0;
    let (mut from, mut current) = (0, class_at(0));
    for u in 1..=0x110000_u32 {
        let now = if u == 0x110000 { u32::MAX } else { class_at(u) };
        if now != current {
            leadscore::leb128::write(&mut out, (u - from) << 2 | current);
            spans += 1;
            (from, current) = (u, now);
        }
    }
    let summary = format!(
        "{} mappings in {} runs ({table_len} B), {spans} class spans ({} B)",
        pairs.len(),
        runs.len(),
        out.len() - table_len
    );
    (out, summary)
}

#[allow(dead_code)]
fn main() {
    let path = std::env::args().nth(1).expect("usage: lowercase OUT.bin");
    let (bytes, summary) = generate();
    std::fs::write(&path, bytes).unwrap();
    println!("{path}: {summary}");
}
