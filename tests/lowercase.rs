//! `leadscore::lowercase` must answer exactly as the standard library does.
#![allow(clippy::disallowed_methods)] // the standard library is the reference

#[path = "../examples/lowercase.rs"]
mod generator;

use leadscore::lowercase::{lower_char, lowercase};

fn all_chars() -> impl Iterator<Item = char> {
    (0..=0x10ffff_u32).filter_map(char::from_u32)
}

#[test]
fn every_character_lowercases_as_char_to_lowercase() {
    let mut changed = 0;
    for c in all_chars() {
        let ours: String = lower_char(c).collect();
        let std: String = c.to_lowercase().collect();
        assert_eq!(ours, std, "U+{:04X}", c as u32);
        changed += usize::from(ours != c.to_string());
    }
    assert!(changed > 1400, "{changed} characters change");
}

/// Around a capital sigma every character is looked past, counted as a
/// letter, or ends the word, as in `str::to_lowercase`.
#[test]
fn the_word_final_sigma_matches_str_to_lowercase() {
    // Every character below U+3400 (all the cased scripts but a few) and a
    // sample above.
    let chars = all_chars().filter(|&c| (c as u32) < 0x3400 || c as u32 % 61 == 0);
    let mut finals = 0;
    for c in chars {
        for s in [format!("A{c}Σ"), format!("{c}Σ"), format!("AΣ{c}"), format!("AΣ{c}b"), format!("{c}Σ{c}")] {
            let std = s.to_lowercase();
            assert_eq!(lowercase(&s), std, "{s:?}");
            finals += usize::from(std.contains('ς'));
        }
    }
    assert!(finals > 10_000, "{finals} word-final sigmas");
}

#[test]
fn mixed_text_lowercases_as_str_to_lowercase() {
    let words = ["ΟΔΥΣΣΕΥΣ", "Σ", "ΣΑ", "'Σ'", "A\u{301}Σ\u{301}", "İstanbul", "ẞtraße", "ǅemal", "КИЇВ", "Ꭰ", "ß", "ΣΣ.Σ", "x", "", " "];
    let mut seed = 7_u32;
    for _ in 0..20_000 {
        let mut s = String::new();
        for _ in 0..(seed % 6) {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            s.push_str(words[(seed >> 16) as usize % words.len()]);
        }
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        assert_eq!(lowercase(&s), s.to_lowercase(), "{s:?}");
    }
}

#[test]
fn the_committed_table_is_what_the_generator_writes_now() {
    let (fresh, summary) = generator::generate();
    let committed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lowercase.bin")).unwrap();
    assert!(
        fresh == committed,
        "src/lowercase.bin is stale ({summary}): run `cargo run --example lowercase -- src/lowercase.bin` and commit it"
    );
}
