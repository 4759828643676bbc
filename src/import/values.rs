//! Cell cleaning and the typed lead columns.

use std::borrow::Cow;

/// Cell texts read as empty (compared case-insensitively, after trimming).
const PLACEHOLDERS: [&str; 4] = ["null", "n/a", "#n/a", "select"];

/// Counts placeholder spellings as written, in first-seen order.
#[derive(Debug, Default)]
pub(crate) struct Placeholders {
    pub seen: Vec<(String, usize)>,
}

/// `str::trim`, with the usual cell (no space at either end) checked
/// in two byte compares.
#[inline(always)]
pub(crate) fn trim(s: &str) -> &str {
    // Printable ASCII is never white space; anything else takes the full trim.
    let plain = |b: u8| (0x21..0x80).contains(&b);
    match s.as_bytes() {
        [] => s,
        [first, .., last] if plain(*first) && plain(*last) => s,
        [only] if plain(*only) => s,
        _ => s.trim(),
    }
}

impl Placeholders {
    /// Trims a cell; a placeholder becomes empty and is counted.
    #[inline(always)]
    pub(crate) fn clean<'a>(&mut self, raw: &'a str) -> &'a str {
        let t = trim(raw);
        // Each placeholder by its length and first two bytes, any case
        // (`| 0x20` lowers ASCII letters and keeps `/` and `#`): names such
        // as Sophie or Nina, and NA, are not looked up.
        let maybe = match *t.as_bytes() {
            [a, b, ..] => matches!((t.len(), a | 0x20, b | 0x20), (4, b'n', b'u') | (3, b'n', b'/') | (4, b'#', b'n') | (6, b's', b'e')),
            _ => false,
        };
        if maybe && self.counted(t) {
            return "";
        }
        t
    }

    /// Whether `t` is a placeholder, counted if so (the rare part of
    /// [`Placeholders::clean`], kept out of the inlined check).
    #[inline(never)]
    fn counted(&mut self, t: &str) -> bool {
        if !PLACEHOLDERS.iter().any(|p| t.eq_ignore_ascii_case(p)) {
            return false;
        }
        match self.seen.iter_mut().find(|(v, _)| v == t) {
            Some((_, n)) => *n += 1,
            None => self.seen.push((t.to_string(), 1)),
        }
        true
    }
}

/// Employees: `1200`, `1,200`, `1 200`, `250.0`, a range `201-500` (its
/// lower bound), `1000+`.
pub(crate) fn company_size(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = s.strip_suffix('+').unwrap_or(s).trim_end();
    // A range: keep the lower bound. The first character may not split
    // (no negative sizes either way).
    let lower = match s.char_indices().skip(1).find(|(_, c)| matches!(c, '-' | '–' | '—')) {
        Some((i, _)) => {
            let upper = s[i..].chars().skip(1).collect::<String>();
            plain_number(&upper)?;
            &s[..i]
        }
        None => match s.find(" to ") {
            Some(i) => {
                plain_number(&s[i + 4..])?;
                &s[..i]
            }
            None => s,
        },
    };
    plain_number(lower)
}

/// [`company_size`] and the text stored for it ([`number_text`]), `None`
/// when that is the cell as written: a whole number of up to 15 digits
/// without a leading zero (exact in an `f64`, written back the same) is
/// read without the general parse and format.
pub(crate) fn company_size_and_text(s: &str) -> Option<(f64, Option<String>)> {
    let b = s.as_bytes();
    if (1..=15).contains(&b.len()) && (b[0] != b'0' || b.len() == 1) && b.iter().all(u8::is_ascii_digit) {
        let n = b.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
        return Some((n as f64, None));
    }
    let n = company_size(s)?;
    Some((n, Some(number_text(n))))
}

/// A non-negative number with optional thousands separators (`,`, spaces)
/// in groups of three and an optional `.` decimal part.
fn plain_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = int.split([',', ' ', '\u{a0}', '\u{202f}']).collect();
    let ok_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !groups.iter().all(|g| ok_digits(g)) {
        return None;
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    if let Some(f) = frac {
        if !ok_digits(f) {
            return None;
        }
    }
    let mut text: String = groups.concat();
    if let Some(f) = frac {
        text.push('.');
        text.push_str(f);
    }
    crate::number::parse_finite(&text)
}

pub(crate) fn converted(s: &str) -> Option<bool> {
    let is = |words: [&str; 3]| words.iter().any(|w| s.eq_ignore_ascii_case(w));
    if is(["true", "1", "yes"]) {
        Some(true)
    } else if is(["false", "0", "no"]) {
        Some(false)
    } else {
        None
    }
}

/// Lower-case, with runs of spaces, `-` and `_` turned into one `_`.
pub(crate) fn snake(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.trim().chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(crate::lowercase::lower_char(c));
        }
    }
    out
}

pub(crate) fn sales_outcome(s: &str) -> Option<&'static str> {
    // `activity_type` is `snake` without a copy for a text already in that form.
    match &*activity_type(s) {
        "accepted" => Some("accepted"),
        "rejected" => Some("rejected"),
        _ => None,
    }
}

pub(crate) fn rejection_reason(s: &str) -> Option<&'static str> {
    match &*activity_type(s) {
        "wrong_icp" => Some("wrong_icp"),
        "premature" => Some("premature"),
        "duplicate" => Some("duplicate"),
        "unreachable" => Some("unreachable"),
        _ => None,
    }
}

/// Activity type: trimmed, lower-cased, spaces and `-` to `_`. Borrows
/// when the text already has that form (the common case).
pub(crate) fn activity_type(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    // One pass: lower-case letters and digits, single `_` between them.
    let mut after_gap = true;
    let mut plain = !b.is_empty();
    for &c in b {
        let gap = c == b'_';
        if !(gap || c.is_ascii_lowercase() || c.is_ascii_digit()) || (gap && after_gap) {
            plain = false;
            break;
        }
        after_gap = gap;
    }
    if plain && !after_gap {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(snake(s))
    }
}

/// [`crate::dataset::lead_key`] without allocating for the usual opaque id.
pub(crate) fn lead_key(s: &str) -> Cow<'_, str> {
    let t = trim(s);
    // An email already in ASCII lower case is its own key (no copy per row).
    if needs_folding(t.as_bytes()) {
        Cow::Owned(crate::dataset::lead_key(t))
    } else {
        Cow::Borrowed(t)
    }
}

/// Whether `b` has an `@` and an upper-case ASCII letter or a non-ASCII
/// byte (an email [`crate::dataset::lead_key`] would change). Eight bytes
/// at a time (an id is a few words; no memchr call): in a word, the bytes
/// that are `@` and those from `A` to `Z` are found by adding to the low
/// seven bits of each byte, which cannot carry into the next byte.
#[inline]
fn needs_folding(b: &[u8]) -> bool {
    use crate::words::{word, LOW, ONES};
    // Top bit of each byte: non-ASCII, `@`, `A`..=`Z`.
    #[inline(always)]
    fn marks(w: u64) -> (u64, u64) {
        let low = w & LOW;
        let at = !(((low ^ (0x40 * ONES)) + LOW) | w | LOW);
        let upper = w | ((low + (0x3F * ONES)) & !(low + (0x25 * ONES)));
        (at, upper)
    }
    let (mut at, mut upper) = (0u64, 0u64);
    let n = b.len();
    if n >= 8 {
        let mut i = 0;
        while i + 8 <= n {
            let (a, u) = marks(word(b, i));
            (at, upper) = (at | a, upper | u);
            i += 8;
        }
        if i < n {
            // The last eight bytes, overlapping those seen (an "any" test).
            let (a, u) = marks(word(b, n - 8));
            (at, upper) = (at | a, upper | u);
        }
    } else {
        let mut w = [0u8; 8];
        let mut i = 0;
        while i < n {
            w[i] = b[i];
            i += 1;
        }
        // Zero bytes are neither.
        (at, upper) = marks(u64::from_le_bytes(w));
    }
    (at & !LOW) != 0 && (upper & !LOW) != 0
}

/// The cleaned text stored for a number: `1200`, `250.5`.
pub(crate) fn number_text(v: f64) -> String {
    crate::json::display_f64(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time check against the byte-by-byte one, for every
    /// length up to 40 with each byte set to each of 256 values (on ids,
    /// emails, and texts of `@` and letters around the ranges' ends).
    #[test]
    fn needs_folding_is_the_bytewise_check() {
        let naive = |b: &[u8]| b.contains(&b'@') && b.iter().any(|&c| c >= 0x80 || c.is_ascii_uppercase());
        let bases: [&[u8]; 4] = [b"l-486379-abcdefghijklmnopqrstuvwxyz01234", b"jane.doe@example.com.and.more.text.here!", b"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@", b"?[`{@Z?[`{@Z?[`{@Z?[`{@Z?[`{@Z?[`{@Z?[`{"];
        let mut seen = [0usize; 2];
        for base in bases {
            for n in 0..=base.len() {
                let mut b = base[..n].to_vec();
                assert_eq!(needs_folding(&b), naive(&b), "{b:?}");
                for at in 0..n {
                    for v in 0..=255u8 {
                        b[at] = v;
                        let want = naive(&b);
                        assert_eq!(needs_folding(&b), want, "{b:?}");
                        seen[usize::from(want)] += 1;
                    }
                    b[at] = base[at];
                }
            }
        }
        assert!(seen[0] > 10_000 && seen[1] > 10_000, "{seen:?}");
        assert_eq!(lead_key(" Jane@Example.COM "), "jane@example.com");
        assert!(matches!(lead_key("L-486379"), Cow::Borrowed("L-486379")));
    }

    #[test]
    fn the_quick_check_lets_every_placeholder_through() {
        // Every case of every placeholder, with the cells around them
        // (names, NA, near misses), against the plain rule.
        let mut cells: Vec<String> = ["NA", "Sophie", "Nina", "Selena", "nul", "n/", "#n/", "selec", "null ", "n", "#", "", "é", "Nuñez"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for p in PLACEHOLDERS {
            for mask in 0..1u32 << p.len() {
                let s: String = p.chars().enumerate().map(|(i, c)| if mask >> i & 1 == 1 { c.to_ascii_uppercase() } else { c }).collect();
                cells.push(format!(" {s}"));
                cells.push(s.replace('/', "\\"));
                cells.push(s);
            }
        }
        let mut p = Placeholders::default();
        for c in &cells {
            let t = c.trim();
            let want = if PLACEHOLDERS.iter().any(|p| t.eq_ignore_ascii_case(p)) { "" } else { t };
            assert_eq!(p.clean(c), want, "{c:?}");
        }
        assert!(p.seen.iter().map(|s| s.1).sum::<usize>() > 60, "{:?}", p.seen);
    }

    #[test]
    fn placeholders_are_counted_as_written() {
        let mut p = Placeholders::default();
        let cells = [
            "  NULL ", "n/a", "#N/A", "Select", "null", "NULL", "  ", "Nullable", "selected",
        ];
        let out: Vec<&str> = cells.iter().map(|c| p.clean(c)).collect();
        assert_eq!(out, vec!["", "", "", "", "", "", "", "Nullable", "selected"]);
        assert_eq!(
            p.seen,
            vec![
                ("NULL".to_string(), 2),
                ("n/a".to_string(), 1),
                ("#N/A".to_string(), 1),
                ("Select".to_string(), 1),
                ("null".to_string(), 1)
            ]
        );
    }

    #[test]
    fn company_sizes() {
        let ok = [
            ("1200", 1200.0),
            ("1,200", 1200.0),
            ("1 200", 1200.0),
            ("1\u{a0}200", 1200.0),
            ("201-500", 201.0),
            ("201 - 500", 201.0),
            ("201–500", 201.0),
            ("1,001-5,000", 1001.0),
            ("1000+", 1000.0),
            ("10,001+", 10001.0),
            ("250.0", 250.0),
            ("250.5", 250.5),
            ("0", 0.0),
            ("51 to 200", 51.0),
        ];
        for (s, v) in ok {
            assert_eq!(company_size(s), Some(v), "{s}");
        }
        for s in [
            "",
            "lots",
            "-5",
            "1,2",
            "12,34,567",
            "5k",
            "1.2.3",
            "201-",
            "-",
            "+",
            "1e3",
            "NaN",
            "200-abc",
        ] {
            assert_eq!(company_size(s), None, "{s}");
        }
        assert_eq!(number_text(1200.0), "1200");
        // The shortcut for plain whole numbers gives what the general parse
        // and format give, and keeps the text as written only when that is it.
        let mut x: u64 = 3;
        let mut cells: Vec<String> = ["0", "00", "007", "1", "10", "999999999999999", "1000000000000000", "9007199254740993", "12345678901234567890", "٣", "1,200", "250.0", "1000+"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for _ in 0..2000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let digits = 1 + (x >> 59) as usize;
            cells.push((0..digits).map(|i| char::from(b'0' + ((x >> (i * 3 % 50)) % 10) as u8)).collect());
        }
        for c in &cells {
            let want = company_size(c).map(|n| (n, number_text(n)));
            let got = company_size_and_text(c).map(|(n, t)| (n, t.unwrap_or_else(|| c.clone())));
            assert_eq!(got, want, "{c}");
        }
        assert_eq!(number_text(250.5), "250.5");
    }

    #[test]
    fn booleans_outcomes_reasons_types() {
        for (s, v) in [
            ("TRUE", true),
            ("1", true),
            ("Yes", true),
            ("false", false),
            ("0", false),
            ("NO", false),
        ] {
            assert_eq!(converted(s), Some(v), "{s}");
        }
        assert_eq!(converted("maybe"), None);
        assert_eq!(converted("2"), None);
        assert_eq!(converted(""), None);
        assert_eq!(converted("yess"), None);
        assert_eq!(sales_outcome("Accepted"), Some("accepted"));
        assert_eq!(sales_outcome(" REJECTED "), Some("rejected"));
        assert_eq!(sales_outcome("won"), None);
        assert_eq!(rejection_reason("Wrong ICP"), Some("wrong_icp"));
        assert_eq!(rejection_reason("wrong-icp"), Some("wrong_icp"));
        assert_eq!(rejection_reason("Unreachable"), Some("unreachable"));
        assert_eq!(rejection_reason("budget"), None);
        for s in ["wrong_icp", "Wrong_ICP", "_wrong__icp_", "wrong icp", "premature ", "premature", "dup-licate", "duplicate", "unreachable", "accepted", "rejected", "Accepted", "rejected_", "reject"] {
            assert_eq!(sales_outcome(s), ["accepted", "rejected"].into_iter().find(|w| *w == snake(s)), "{s}");
            assert_eq!(rejection_reason(s), ["wrong_icp", "premature", "duplicate", "unreachable"].into_iter().find(|w| *w == snake(s)), "{s}");
        }
        assert_eq!(activity_type("  Page View "), "page_view");
        assert_eq!(activity_type("Email-Open"), "email_open");
        assert_eq!(activity_type("form_submit"), "form_submit");
        assert_eq!(activity_type("Demo  Request"), "demo_request");
        assert_eq!(activity_type("Ünsubscribe"), "ünsubscribe");
        assert_eq!(activity_type("_x__y_"), "x_y");
        assert!(matches!(activity_type("page_view2"), Cow::Borrowed("page_view2")));
        for s in ["", " ", "x", " x", "x\t", "\u{a0}x\u{3000}", "a b", "\u{85}", "é", "x\u{7f}"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
        for k in ["L-1", " L-1 ", "Ann@X.io ", "x", "ann@x.io", " ann@x.io", "ÄNN@x.io", "änn@x.io", "ann@X.io"] {
            assert_eq!(lead_key(k), crate::dataset::lead_key(k), "{k}");
        }
        assert!(matches!(lead_key(" ann@x.io "), Cow::Borrowed("ann@x.io")));
    }
}
