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

/// UTF-8 checked chunk by chunk: a character cut by a chunk boundary
/// waits for the rest.
#[derive(Default)]
pub(crate) struct Utf8 {
    carry: [u8; 4],
    ncarry: usize,
    /// Line ends checked so far (an error names its line).
    newlines: usize,
}

fn utf8_error(newlines: usize) -> Error {
    Error::new(format!("line {} is not valid UTF-8: {SAVE_AS}", newlines + 1))
}

impl Utf8 {
    /// Appends the text of `bytes` to `out`; an error comes after the
    /// text before it.
    pub(crate) fn push(&mut self, bytes: &[u8], out: &mut String) -> Option<Error> {
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
    pub(crate) fn split<'a>(&mut self, mut bytes: &'a [u8]) -> (Option<String>, &'a str, Option<Error>) {
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
                Err(_) => return (None, "", Some(utf8_error(self.newlines))),
            }
            self.ncarry = 0;
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                self.newlines += count_newlines(bytes);
                (head, s, None)
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                self.newlines += count_newlines(valid);
                let text = std::str::from_utf8(valid).unwrap_or_default();
                if e.error_len().is_some() {
                    return (head, text, Some(utf8_error(self.newlines)));
                }
                self.carry[..rest.len()].copy_from_slice(rest);
                self.ncarry = rest.len();
                (head, text, None)
            }
        }
    }

    /// The end of the file: a cut character is an error.
    pub(crate) fn finish(&mut self) -> Option<Error> {
        (self.ncarry > 0).then(|| utf8_error(self.newlines))
    }
}

/// `\n` bytes, eight at a time (a byte loop is not vectorised at the
/// size-first opt-level the wasm is built with).
pub(crate) fn count_newlines(bytes: &[u8]) -> usize {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes")) ^ 0x0a0a_0a0a_0a0a_0a0a;
        // The top bit of a byte of `nonzero` is set unless that byte is 0.
        let nonzero = ((x & LOW) + LOW) | x;
        n += (!nonzero & !LOW).count_ones() as usize;
    }
    n + words.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// UTF-16 chunk by chunk: a byte or a surrogate cut by a chunk boundary
/// waits for the rest.
pub(crate) struct Utf16 {
    big_endian: bool,
    odd: Option<u8>,
    high: Option<u16>,
    line: usize,
}

impl Utf16 {
    pub(crate) fn new(big_endian: bool) -> Self {
        Utf16 { big_endian, odd: None, high: None, line: 1 }
    }

    fn broken(&self) -> Error {
        Error::new(format!(
            "line {} is not valid UTF-16 (a broken surrogate pair): {SAVE_AS}",
            self.line
        ))
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
        let c = char::from_u32(c).ok_or(())?;
        if c == '\n' {
            self.line += 1;
        }
        out.push(c);
        Ok(())
    }

    pub(crate) fn push(&mut self, bytes: &[u8], out: &mut String) -> Option<Error> {
        let be = self.big_endian;
        let pair = |a: u8, b: u8| if be { u16::from_be_bytes([a, b]) } else { u16::from_le_bytes([a, b]) };
        let mut i = 0;
        if let Some(a) = self.odd {
            let &b = bytes.first()?;
            self.odd = None;
            if self.unit(pair(a, b), out).is_err() {
                return Some(self.broken());
            }
            i = 1;
        }
        out.reserve((bytes.len() - i) / 2);
        while i + 1 < bytes.len() {
            if self.unit(pair(bytes[i], bytes[i + 1]), out).is_err() {
                return Some(self.broken());
            }
            i += 2;
        }
        if i < bytes.len() {
            self.odd = Some(bytes[i]);
        }
        None
    }

    /// The end of the file: a cut character is an error.
    pub(crate) fn finish(&mut self) -> Option<Error> {
        if self.odd.is_some() {
            return Some(Error::new(format!(
                "the file ends in the middle of a UTF-16 character (an odd number of bytes): {SAVE_AS}"
            )));
        }
        self.high.is_some().then(|| self.broken())
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

    /// The whole input through the chunk decoders, in chunks of `step`.
    fn decode_in(input: &[u8], step: usize) -> Result<(String, &'static str), Error> {
        if input.is_empty() {
            return Err(Error::new("the file is empty"));
        }
        let head = &input[..input.len().min(512)];
        let (enc, skip) = detect(head);
        let mut out = String::new();
        let body = &input[skip..];
        if enc.starts_with("utf-16") {
            let mut d = Utf16::new(enc == "utf-16be");
            for c in body.chunks(step) {
                if let Some(e) = d.push(c, &mut out) {
                    return Err(e);
                }
            }
            d.finish().map_or(Ok(()), Err)?;
        } else {
            let mut d = Utf8::default();
            for c in body.chunks(step) {
                if let Some(e) = d.push(c, &mut out) {
                    return Err(e);
                }
            }
            d.finish().map_or(Ok(()), Err)?;
        }
        Ok((out, enc))
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
}
