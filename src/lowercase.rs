//! Lowercasing with the standard library's answers (`str::to_lowercase`,
//! `char::to_lowercase`) from a 3 KB table instead of core's 11 KB one:
//! lead text may be in any script, and the wasm is size-bound.
//! `src/lowercase.bin` is written by `examples/lowercase.rs`;
//! `tests/lowercase.rs` checks every character against the standard library.

static DATA: &[u8] = include_bytes!("lowercase.bin");

fn u32_at(at: usize) -> u32 {
    u32::from_le_bytes([DATA[at], DATA[at + 1], DATA[at + 2], DATA[at + 3]])
}

fn runs() -> usize {
    u16::from_le_bytes([DATA[0], DATA[1]]) as usize
}

/// `c`'s lowercase when it is one character (all but U+0130).
fn single(c: char) -> char {
    let u = c as u32;
    if u < 0x80 {
        return c.to_ascii_lowercase();
    }
    // The last run starting at or before `u`.
    let (mut lo, mut hi) = (0, runs());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if u32_at(2 + mid * 8) & 0x1f_ffff <= u {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo == 0 {
        return c;
    }
    let at = 2 + (lo - 1) * 8;
    let key = u32_at(at);
    let (start, step, count) = (key & 0x1f_ffff, (key >> 21 & 1) + 1, (key >> 22) + 1);
    let k = u - start;
    if k % step != 0 || k / step >= count {
        return c;
    }
    char::from_u32(u.wrapping_add(u32_at(at + 4))).unwrap_or(c)
}

/// What `char::to_lowercase` gives: one character, or two for U+0130.
pub fn lower_char(c: char) -> impl Iterator<Item = char> {
    let (a, b) = if c == '\u{130}' { ('i', Some('\u{307}')) } else { (single(c), None) };
    core::iter::once(a).chain(b)
}

/// How the word-final sigma rule sees `c`: 0 neither, 1 case-ignorable
/// (looked past), 2 cased.
fn class(c: char) -> u32 {
    let (u, mut at, mut from) = (c as u32, 2 + runs() * 8, 0);
    loop {
        let v = crate::leb128::read(DATA, &mut at);
        from += v >> 2;
        if u < from || at == DATA.len() {
            return v & 3;
        }
    }
}

fn ignorable_then_cased(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|&c| class(c) != 1).is_some_and(|c| class(c) == 2)
}

/// What `str::to_lowercase` gives, word-final capital sigma included.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == 'Σ' {
            let last = ignorable_then_cased(s[..i].chars().rev()) && !ignorable_then_cased(s[i + 2..].chars());
            out.push(if last { 'ς' } else { 'σ' });
        } else if c == '\u{130}' {
            out.push_str("i\u{307}");
        } else {
            out.push(single(c));
        }
    }
    out
}
