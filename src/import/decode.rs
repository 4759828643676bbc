//! Bytes to text: UTF-8 (with or without BOM) and UTF-16 (LE/BE, with a BOM
//! or recognised by its NUL bytes).

use std::borrow::Cow;

use crate::Error;

const SAVE_AS: &str = "save the file as UTF-8 or UTF-16 (in Excel: Save As > CSV UTF-8)";

/// Decodes the whole input; returns the text (BOM removed, old Mac `\r`
/// line ends turned into `\n`) and the encoding name.
pub(crate) fn decode(input: &[u8]) -> Result<(Cow<'_, str>, &'static str), Error> {
    let (text, encoding) = decode_bytes(input)?;
    if text.contains('\r') && !text.contains('\n') {
        return Ok((Cow::Owned(text.replace('\r', "\n")), encoding));
    }
    Ok((text, encoding))
}

fn decode_bytes(input: &[u8]) -> Result<(Cow<'_, str>, &'static str), Error> {
    if input.is_empty() {
        return Err(Error::new(
            "the file is empty: choose a file with a header line and at least one row",
        ));
    }
    if let Some(rest) = input.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok((Cow::Borrowed(utf8(rest)?), "utf-8-bom"));
    }
    if let Some(rest) = input.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((Cow::Owned(utf16(rest, false)?), "utf-16le"));
    }
    if let Some(rest) = input.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((Cow::Owned(utf16(rest, true)?), "utf-16be"));
    }
    match sniff_utf16(input) {
        Some(false) => return Ok((Cow::Owned(utf16(input, false)?), "utf-16le")),
        Some(true) => return Ok((Cow::Owned(utf16(input, true)?), "utf-16be")),
        None => {}
    }
    Ok((Cow::Borrowed(utf8(input)?), "utf-8"))
}

fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = line_of(&bytes[..e.valid_up_to()]);
        Error::new(format!("line {line} is not valid UTF-8: {SAVE_AS}"))
    })
}

fn line_of(before: &[u8]) -> usize {
    before.iter().filter(|&&b| b == b'\n').count() + 1
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

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, Error> {
    if bytes.len() % 2 != 0 {
        return Err(Error::new(format!(
            "the file ends in the middle of a UTF-16 character (an odd number of bytes): {SAVE_AS}"
        )));
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                text.push(c);
            }
            Err(_) => {
                return Err(Error::new(format!(
                    "line {line} is not valid UTF-16 (a broken surrogate pair): {SAVE_AS}"
                )));
            }
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = if bom { vec![0xFEFF] } else { vec![] };
        for u in units.into_iter().chain(s.encode_utf16()) {
            out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    #[test]
    fn plain_utf8_is_borrowed() {
        let (t, enc) = decode(b"id,email\n1,a@b.c\n").unwrap();
        assert_eq!(enc, "utf-8");
        assert!(matches!(t, Cow::Borrowed(_)));
        assert_eq!(t, "id,email\n1,a@b.c\n");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (t, enc) = decode(b"\xEF\xBB\xBFid\n1\n").unwrap();
        assert_eq!((t.as_ref(), enc), ("id\n1\n", "utf-8-bom"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = "id,name\n1,Zoë 😀\n";
        for (be, name) in [(false, "utf-16le"), (true, "utf-16be")] {
            for bom in [true, false] {
                let bytes = utf16_bytes(s, be, bom);
                let (t, enc) = decode(&bytes).unwrap();
                assert_eq!((t.as_ref(), enc), (s, name), "be={be} bom={bom}");
            }
        }
    }

    #[test]
    fn bad_utf8_names_the_line() {
        let e = decode(b"id,name\n1,ok\n2,caf\xE9\n").unwrap_err();
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
    }

    #[test]
    fn lone_carriage_returns_become_newlines() {
        assert_eq!(decode(b"id\r1\r").unwrap().0, "id\n1\n");
        assert_eq!(decode(b"id\r\n1\r\n").unwrap().0, "id\r\n1\r\n");
    }

    #[test]
    fn empty_input() {
        assert!(decode(b"").unwrap_err().0.starts_with("the file is empty"));
    }
}
