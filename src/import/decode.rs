//! Bytes to text: UTF-8 (with or without BOM) and UTF-16 (LE/BE, with a BOM
//! or recognised by its NUL bytes), chunk by chunk.

use crate::Error;

const SAVE_AS: &str = "save the file as UTF-8 or UTF-16 (in Excel: Save As > CSV UTF-8)";

/// The encoding of a file from its first bytes (512 of them, or all of a
/// shorter file) and the length of its BOM.
pub(crate) fn detect(head: &[u8]) -> (&'static str, usize) {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return ("utf-8-bom", 3);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return ("utf-16le", 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return ("utf-16be", 2);
    }
    match sniff_utf16(head) {
        Some(false) => ("utf-16le", 0),
        Some(true) => ("utf-16be", 0),
        None => ("utf-8", 0),
    }
}

/// What stopped a decoder. The line is the caller's to tell: it is 1 + the
/// line ends of the text decoded before, which the caller has seen (so the
/// decoders count none; counting them was a pass over every byte).
#[derive(Debug, PartialEq)]
pub(crate) enum Bad {
    /// A byte that starts no character, or a character cut by the file's end.
    Utf8,
    /// A broken surrogate pair.
    Utf16,
    /// An odd number of bytes.
    OddUtf16,
}

impl Bad {
    pub(crate) fn error(&self, line: usize) -> Error {
        Error::new(match self {
            Bad::Utf8 => format!("line {line} is not valid UTF-8: {SAVE_AS}"),
            Bad::Utf16 => format!("line {line} is not valid UTF-16 (a broken surrogate pair): {SAVE_AS}"),
            Bad::OddUtf16 => format!("the file ends in the middle of a UTF-16 character (an odd number of bytes): {SAVE_AS}"),
        })
    }
}

/// UTF-8 checked chunk by chunk: a character cut by a chunk boundary
/// waits for the rest.
#[derive(Default)]
pub(crate) struct Utf8 {
    carry: [u8; 4],
    ncarry: usize,
}

impl Utf8 {
    /// Appends the text of `bytes` to `out`; an error comes after the
    /// text before it.
    pub(crate) fn push(&mut self, bytes: &[u8], out: &mut String) -> Option<Bad> {
        let (head, body, e) = self.split(bytes);
        if let Some(h) = head {
            out.push_str(&h);
        }
        out.push_str(body);
        e
    }

    /// The text of `bytes` without copying it: the character a previous
    /// chunk cut (completed), then this chunk's valid text where it lies;
    /// an error comes after the text before it.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub(crate) fn split<'a>(&mut self, mut bytes: &'a [u8]) -> (Option<String>, &'a str, Option<Bad>) {
        let mut head = None;
        if self.ncarry > 0 {
            let need = match self.carry[0] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let take = (need - self.ncarry).min(bytes.len());
            self.carry[self.ncarry..self.ncarry + take].copy_from_slice(&bytes[..take]);
            self.ncarry += take;
            bytes = &bytes[take..];
            match std::str::from_utf8(&self.carry[..self.ncarry]) {
                Ok(s) => head = Some(s.to_string()),
                Err(e) if e.error_len().is_none() && bytes.is_empty() => return (None, "", None),
                Err(_) => return (None, "", Some(Bad::Utf8)),
            }
            self.ncarry = 0;
        }
        match utf8(bytes) {
            Ok(s) => (head, s, None),
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to);
                let text = std::str::from_utf8(valid).unwrap_or_default();
                if e.invalid {
                    return (head, text, Some(Bad::Utf8));
                }
                self.carry[..rest.len()].copy_from_slice(rest);
                self.ncarry = rest.len();
                (head, text, None)
            }
        }
    }

    /// The end of the file: a cut character is an error.
    pub(crate) fn finish(&mut self) -> Option<Bad> {
        (self.ncarry > 0).then_some(Bad::Utf8)
    }
}

/// Where [`utf8`] stopped: the valid bytes before, and whether the next is
/// invalid (else a character is cut by the end of the bytes).
#[derive(Debug, PartialEq)]
pub(crate) struct Utf8Stop {
    pub(crate) valid_up_to: usize,
    pub(crate) invalid: bool,
}

use crate::words::{nonzero, HIGH};

/// `std::str::from_utf8`, with ASCII read sixteen bytes at a time (two
/// 64-bit words: std's own fast path reads `usize` words, four bytes in
/// wasm32) and the rest checked by std in windows around it.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, Utf8Stop> {
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        if let Some(w) = bytes.get(i..i + 16) {
            let (a, b) = w.split_at(8);
            let a = u64::from_le_bytes(a.try_into().expect("8 bytes"));
            let b = u64::from_le_bytes(b.try_into().expect("8 bytes"));
            if (a | b) & HIGH == 0 {
                i += 16;
                continue;
            }
        }
        // Up to 64 bytes from here, by std. A character of at most 4 bytes
        // that starts at `i` lies whole in a window that does not reach
        // the end, so only there can one be cut.
        let end = (i + 64).min(n);
        match std::str::from_utf8(&bytes[i..end]) {
            Ok(_) => i = end,
            Err(e) if e.valid_up_to() > 0 => i += e.valid_up_to(),
            Err(e) => return Err(Utf8Stop { valid_up_to: i, invalid: e.error_len().is_some() }),
        }
    }
    // SAFETY: every byte was checked above, by std in the windows and as
    // ASCII (whole characters, each its own) between them.
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// `\n` bytes, eight at a time (a byte loop is not vectorised at the
/// size-first opt-level the wasm is built with). For the line of an error,
/// and for csv-core's records (whose line ends it consumes).
pub(crate) fn count_newlines(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes")) ^ 0x0a0a_0a0a_0a0a_0a0a;
        n += (!nonzero(x) & HIGH).count_ones() as usize;
    }
    n + words.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// UTF-16 chunk by chunk: a byte or a surrogate cut by a chunk boundary
/// waits for the rest.
pub(crate) struct Utf16 {
    big_endian: bool,
    odd: Option<u8>,
    high: Option<u16>,
}

impl Utf16 {
    pub(crate) fn new(big_endian: bool) -> Self {
        Utf16 { big_endian, odd: None, high: None }
    }

    fn unit(&mut self, u: u16, out: &mut String) -> Result<(), ()> {
        let c = match (self.high.take(), u) {
            (Some(h), 0xDC00..=0xDFFF) => 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00),
            (Some(_), _) | (None, 0xDC00..=0xDFFF) => return Err(()),
            (None, 0xD800..=0xDBFF) => {
                self.high = Some(u);
                return Ok(());
            }
            (None, _) => u32::from(u),
        };
        out.push(char::from_u32(c).ok_or(())?);
        Ok(())
    }

    pub(crate) fn push(&mut self, bytes: &[u8], out: &mut String) -> Option<Bad> {
        let be = self.big_endian;
        let pair = |a: u8, b: u8| if be { u16::from_be_bytes([a, b]) } else { u16::from_le_bytes([a, b]) };
        let mut i = 0;
        if let Some(a) = self.odd {
            let &b = bytes.first()?;
            self.odd = None;
            if self.unit(pair(a, b), out).is_err() {
                return Some(Bad::Utf16);
            }
            i = 1;
        }
        out.reserve((bytes.len() - i) / 2);
        while i + 1 < bytes.len() {
            if self.unit(pair(bytes[i], bytes[i + 1]), out).is_err() {
                return Some(Bad::Utf16);
            }
            i += 2;
        }
        if i < bytes.len() {
            self.odd = Some(bytes[i]);
        }
        None
    }

    /// The end of the file: a cut character is an error.
    pub(crate) fn finish(&mut self) -> Option<Bad> {
        if self.odd.is_some() {
            return Some(Bad::OddUtf16);
        }
        self.high.is_some().then_some(Bad::Utf16)
    }
}

/// UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte.
/// Returns `Some(big_endian)` when the first bytes show that pattern.
fn sniff_utf16(input: &[u8]) -> Option<bool> {
    let n = input.len().min(512) & !1;
    if n < 4 {
        return None;
    }
    let pairs = n / 2;
    let (mut even, mut odd) = (0, 0);
    for (i, &b) in input[..n].iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    // A few NULs on the other side come from characters such as U+DE00.
    if odd * 2 >= pairs && even * 8 <= pairs {
        Some(false)
    } else if even * 2 >= pairs && odd * 8 <= pairs {
        Some(true)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole input through the chunk decoders, in chunks of `step`; an
    /// error names the line as the import does: 1 + the line ends before.
    fn decode_in(input: &[u8], step: usize) -> Result<(String, &'static str), Error> {
        if input.is_empty() {
            return Err(Error::new("the file is empty"));
        }
        let head = &input[..input.len().min(512)];
        let (enc, skip) = detect(head);
        let mut out = String::new();
        let body = &input[skip..];
        let bad = if enc.starts_with("utf-16") {
            let mut d = Utf16::new(enc == "utf-16be");
            body.chunks(step).find_map(|c| d.push(c, &mut out)).or_else(|| d.finish())
        } else {
            let mut d = Utf8::default();
            body.chunks(step).find_map(|c| d.push(c, &mut out)).or_else(|| d.finish())
        };
        match bad {
            Some(b) => Err(b.error(1 + out.matches('\n').count())),
            None => Ok((out, enc)),
        }
    }

    fn decode(input: &[u8]) -> Result<(String, &'static str), Error> {
        let whole = decode_in(input, input.len().max(1));
        for step in 1..=5 {
            let r = decode_in(input, step);
            assert_eq!(
                r.as_ref().map_err(|e| &e.0),
                whole.as_ref().map_err(|e| &e.0),
                "step {step}"
            );
        }
        whole
    }

    fn utf16_bytes(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = if bom { vec![0xFEFF] } else { vec![] };
        for u in units.into_iter().chain(s.encode_utf16()) {
            out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    #[test]
    fn plain_utf8() {
        let (t, enc) = decode("id,email\n1,a@b.c é😀\n".as_bytes()).unwrap();
        assert_eq!(enc, "utf-8");
        assert_eq!(t, "id,email\n1,a@b.c é😀\n");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (t, enc) = decode(b"\xEF\xBB\xBFid\n1\n").unwrap();
        assert_eq!((t.as_str(), enc), ("id\n1\n", "utf-8-bom"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = "id,name\n1,Zoë 😀\n";
        for (be, name) in [(false, "utf-16le"), (true, "utf-16be")] {
            for bom in [true, false] {
                let bytes = utf16_bytes(s, be, bom);
                let (t, enc) = decode(&bytes).unwrap();
                assert_eq!((t.as_str(), enc), (s, name), "be={be} bom={bom}");
            }
        }
    }

    #[test]
    fn bad_utf8_names_the_line() {
        let e = decode(b"id,name\n1,ok\n2,caf\xE9\n").unwrap_err();
        assert_eq!(e.0, format!("line 3 is not valid UTF-8: {SAVE_AS}"));
        let e = decode(b"id,name\n1,ok\n2,caf\xE2\x82").unwrap_err();
        assert_eq!(e.0, format!("line 3 is not valid UTF-8: {SAVE_AS}"));
    }

    #[test]
    fn bad_utf16() {
        let mut b = utf16_bytes("a\nb\n", false, true);
        b.extend_from_slice(&0xD800u16.to_le_bytes());
        b.extend_from_slice(&u16::from(b'x').to_le_bytes());
        assert!(decode(&b).unwrap_err().0.starts_with("line 3 is not valid UTF-16"));
        let mut odd = utf16_bytes("ab", true, true);
        odd.push(0);
        assert!(decode(&odd).unwrap_err().0.contains("odd number of bytes"));
        let mut cut = utf16_bytes("a\n", true, true);
        cut.extend_from_slice(&0xD83Du16.to_be_bytes());
        assert!(decode(&cut).unwrap_err().0.starts_with("line 2 is not valid UTF-16"));
    }

    /// Pieces of bytes for the UTF-8 check: ASCII runs longer and shorter
    /// than its 16-byte words, characters of 2 to 4 bytes, their first
    /// bytes alone (cut), stray continuation and invalid bytes.
    #[cfg(not(target_arch = "wasm32"))]
    const PIECES: [&[u8]; 12] = [
        b"a", b"0123456789abcdef", b"id,email\n", "é".as_bytes(), "€".as_bytes(), "😀".as_bytes(),
        b"\xC3", b"\xE2\x82", b"\xF0\x9F\x98", b"\x80", b"\xFF", b"\xED\xA0\x80",
    ];

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// `utf8` says what std's `from_utf8` says: the same text, or the
        /// same valid length and whether a byte is invalid or cut.
        #[test]
        fn utf8_is_std_from_utf8(p in proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..40)) {
            let b = p.concat();
            let std = std::str::from_utf8(&b).map_err(|e| Utf8Stop { valid_up_to: e.valid_up_to(), invalid: e.error_len().is_some() });
            proptest::prop_assert_eq!(utf8(&b), std);
        }
    }
}
