//! An append-only list of strings in one buffer, with their bounds in
//! about 1.3 bytes a string instead of a 4-byte end each: a byte length
//! per string and the buffer offset of every 16th. A million leads' ids,
//! emails, phones, companies and creation times are about five million
//! strings: lead cells 135 -> 122 MB at 1M leads.

/// Strings per stored offset: finding string `k` adds up to 15 lengths.
const BLOCK: usize = 16;
/// A length byte meaning "see `long`".
const LONG: u8 = u8::MAX;

#[derive(Clone, Debug, Default)]
pub struct Texts {
    text: String,
    /// Offset in `text` of string `b * BLOCK`.
    starts: Vec<u32>,
    /// Length of each string, [`LONG`] for 255 bytes and more.
    lens: Vec<u8>,
    /// (string, length) of the long strings, by string.
    long: Vec<(u32, u32)>,
}

impl Texts {
    pub fn len(&self) -> usize {
        self.lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// Appends `s`; its index is the length before.
    #[inline]
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub fn push(&mut self, s: &str) -> u32 {
        let k = self.lens.len();
        if k % BLOCK == 0 {
            self.starts.push(self.text.len() as u32);
        }
        if s.len() >= usize::from(LONG) {
            self.push_long(k, s.len());
        } else {
            append_bytes(&mut self.lens, &[s.len() as u8]);
        }
        // Past a megabyte, a quarter more at a time instead of doubling: a
        // column of unique strings reserved from the file's first rows
        // (see `reserve`) otherwise doubles for the last percent.
        let cap = self.text.capacity();
        if self.text.len() + s.len() > cap && cap >= 1 << 20 {
            self.text.reserve_exact(cap / 4 + s.len());
        }
        append_str(&mut self.text, s);
        k as u32
    }

    /// The length of string `k`, `n` bytes long and 255 or more.
    #[inline(never)]
    fn push_long(&mut self, k: usize, n: usize) {
        self.lens.push(LONG);
        self.long.push((k as u32, n as u32));
    }

    fn long_len(&self, k: usize) -> usize {
        match self.long.binary_search_by_key(&(k as u32), |l| l.0) {
            Ok(i) => self.long[i].1 as usize,
            Err(_) => unreachable!("a long length is listed"),
        }
    }

    fn len_of(&self, k: usize) -> usize {
        match self.lens[k] {
            LONG => self.long_len(k),
            n => usize::from(n),
        }
    }

    /// Where string `k` starts in the buffer.
    fn start(&self, k: usize) -> usize {
        let first = k - k % BLOCK;
        let before = &self.lens[first..k];
        let mut at = self.starts[k / BLOCK] as usize;
        if self.long.is_empty() || !before.contains(&LONG) {
            at += before.iter().map(|&n| usize::from(n)).sum::<usize>();
        } else {
            at += (first..k).map(|j| self.len_of(j)).sum::<usize>();
        }
        at
    }

    pub fn get(&self, k: u32) -> &str {
        self.at(self.span(k))
    }

    /// Where string `k` lies in the buffer, without reading it.
    #[inline(always)]
    pub fn span(&self, k: u32) -> (usize, usize) {
        let k = k as usize;
        let a = self.start(k);
        (a, a + self.len_of(k))
    }

    /// The string at `span` (a [`Texts::span`]).
    #[inline(always)]
    pub fn at(&self, span: (usize, usize)) -> &str {
        &self.text[span.0..span.1]
    }

    /// Bytes of all the strings.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Room for `strings` more strings of `bytes` bytes in all.
    pub fn reserve(&mut self, strings: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.lens.reserve(strings);
        self.starts.reserve(strings / BLOCK + 1);
    }

    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.lens.shrink_to_fit();
        self.long.shrink_to_fit();
    }

    /// Bytes held, for the memory estimate.
    pub fn bytes(&self) -> usize {
        self.text.capacity() + self.starts.capacity() * 4 + self.lens.capacity() + self.long.capacity() * 8
    }
}

/// Strings up to this long are copied eight bytes at a time by
/// [`append_bytes`]; longer ones by `memory.copy`.
const SHORT: usize = 64;

/// `v.extend_from_slice(s)`, inlined: the size-first build calls
/// `Vec::append_elements` (a reserve call and a `memory.copy`, which V8
/// runs as a call of its own) for each string; a short one is copied here
/// in words, the last one overlapping the one before (as
/// [`crate::dataset::same_bytes`] compares). With `s` of a constant
/// length (a code's bytes) this is a store or two.
#[inline(always)]
pub(crate) fn append_bytes(v: &mut Vec<u8>, s: &[u8]) {
    let (len, n) = (v.len(), s.len());
    if n > SHORT {
        return v.extend_from_slice(s);
    }
    if v.capacity() - len < n {
        v.reserve(n);
    }
    let (src, dst) = (s.as_ptr(), v.as_mut_ptr());
    // SAFETY: `v` has room for `n` more bytes after its `len` (reserved
    // above); every write below is at `len + i` with `i + width <= n`,
    // and every read at `i` with `i + width <= n` from `s`, so all of
    // `len..len + n` is written (each word from the same place in `s`)
    // before the length covers it. Unaligned reads and writes of plain
    // integers are allowed anywhere in bounds.
    unsafe {
        let dst = dst.add(len);
        if n >= 8 {
            let mut i = 0;
            while i + 8 < n {
                dst.add(i).cast::<u64>().write_unaligned(src.add(i).cast::<u64>().read_unaligned());
                i += 8;
            }
            dst.add(n - 8).cast::<u64>().write_unaligned(src.add(n - 8).cast::<u64>().read_unaligned());
        } else if n >= 4 {
            dst.cast::<u32>().write_unaligned(src.cast::<u32>().read_unaligned());
            dst.add(n - 4).cast::<u32>().write_unaligned(src.add(n - 4).cast::<u32>().read_unaligned());
        } else if n > 0 {
            *dst = *src;
            *dst.add(n / 2) = *src.add(n / 2);
            *dst.add(n - 1) = *src.add(n - 1);
        }
        v.set_len(len + n);
    }
}

/// [`append_bytes`] for text.
#[inline(always)]
pub(crate) fn append_str(t: &mut String, s: &str) {
    // SAFETY: whole UTF-8 text appended to UTF-8 text is UTF-8.
    append_bytes(unsafe { t.as_mut_vec() }, s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(seed: u64, n: usize) -> Vec<String> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let len = match x >> 60 {
                    0 => 255 + (x >> 40) as usize % 700,
                    1 => 254 + (x >> 40) as usize % 3,
                    2 | 3 => 0,
                    _ => (x >> 40) as usize % 40,
                };
                (0..len).map(|i| char::from(b'a' + ((x >> (i % 50)) % 26) as u8)).collect::<String>() + if x & 1 == 0 { "é" } else { "" }
            })
            .collect()
    }

    #[test]
    fn every_string_comes_back() {
        for seed in 0..20 {
            let want = strings(seed, 300);
            let mut t = Texts::default();
            if seed % 2 == 1 {
                t.reserve(100, 1000);
            }
            for (i, s) in want.iter().enumerate() {
                assert_eq!(t.push(s) as usize, i);
            }
            assert_eq!(t.len(), want.len());
            assert_eq!(t.text_len(), want.iter().map(|s| s.len()).sum::<usize>());
            for (i, s) in want.iter().enumerate() {
                assert_eq!(t.get(i as u32), s, "seed {seed} string {i}");
            }
        }
    }

    #[test]
    fn bounds_take_under_two_bytes_a_string() {
        let mut t = Texts::default();
        (0..10_000).for_each(|i| {
            t.push(&format!("L-{i:06}"));
        });
        t.shrink_to_fit();
        assert!(t.bytes() - t.text_len() < 2 * 10_000, "{}", t.bytes() - t.text_len());
    }

    #[test]
    fn append_bytes_copies_every_length_at_every_offset() {
        let src: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8 + 1).collect();
        for n in 0..=SHORT + 20 {
            for at in 0..9 {
                for start in [0, 3] {
                    let s = &src[start..start + n];
                    let mut v: Vec<u8> = src[100..100 + at].to_vec();
                    // Capacity exactly enough, too little, and plenty.
                    match n % 3 {
                        0 => v.reserve_exact(n),
                        1 => v.shrink_to_fit(),
                        _ => v.reserve(500),
                    }
                    let mut want = v.clone();
                    want.extend_from_slice(s);
                    append_bytes(&mut v, s);
                    assert_eq!(v, want, "{n} bytes after {at}");
                }
            }
        }
        let mut t = String::from("é");
        append_str(&mut t, "añb");
        append_str(&mut t, "");
        append_str(&mut t, "日本語のテキスト");
        assert_eq!(t, "éañb日本語のテキスト");
    }
}
