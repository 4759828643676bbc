//! Unsigned LEB128 numbers (7 bits a byte, the high bit set while more
//! follow): how the packed tables `tz/zones.bin` and `lowercase.bin` store
//! their gaps. The readers are in the engine, the writers in `examples/`.

/// The number at `bytes[*at..]`; moves `at` past it.
pub fn read(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut v, mut shift) = (0u32, 0);
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Appends `v`.
pub fn write(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_come_back_and_take_the_bytes_they_should() {
        let values = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 21, u32::MAX];
        let mut out = Vec::new();
        for &v in &values {
            super::write(&mut out, v);
        }
        assert_eq!(out.len(), 1 + 1 + 1 + 2 + 2 + 2 + 3 + 4 + 5);
        assert_eq!(&out[3..5], &[0x80, 0x01]);
        let mut at = 0;
        for &v in &values {
            assert_eq!(super::read(&out, &mut at), v);
        }
        assert_eq!(at, out.len());
    }
}
