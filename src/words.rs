//! Eight bytes at a time in a `u64`, for the byte scans of the import (in
//! wasm, memchr and memcmp go a byte at a time and the size-first build
//! does not vectorise byte loops). Per-byte tests add to each byte's low
//! seven bits, which cannot carry into the next byte.

/// 0x01 in every byte: `ONES * b` is `b` in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// Each byte's top bit.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
/// Each byte's low seven bits.
pub(crate) const LOW: u64 = !HIGH;

/// The eight bytes of `s` from `i` (which must hold them), as one number.
#[inline(always)]
pub(crate) fn word(s: &[u8], i: usize) -> u64 {
    u64::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3], s[i + 4], s[i + 5], s[i + 6], s[i + 7]])
}

/// Per byte of `x`, the top bit set where the byte is not 0 (other bits
/// set or not).
#[inline(always)]
pub(crate) fn nonzero(x: u64) -> u64 {
    ((x & LOW) + LOW) | x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonzero_marks_exactly_the_bytes_that_are_not_zero() {
        let mut rng = crate::test_rng(7);
        for _ in 0..20_000 {
            let x = rng();
            // Bytes of 0, 0x80 and 0x7f often, the rest at random.
            let mut b = x.to_le_bytes();
            for (i, v) in b.iter_mut().enumerate() {
                match (x >> (i * 3)) % 5 {
                    0 => *v = 0,
                    1 => *v = 0x80,
                    2 => *v = 0x7f,
                    _ => {}
                }
            }
            let m = nonzero(word(&b, 0)) & HIGH;
            for (i, v) in b.iter().enumerate() {
                assert_eq!(m >> (8 * i + 7) & 1 == 1, *v != 0, "byte {i} of {b:?}");
            }
        }
    }
}
