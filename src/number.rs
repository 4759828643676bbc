//! Decimal text to `f64`, with the same answers as `str::parse::<f64>`
//! (correctly rounded, the same syntax) for finite values.
//!
//! The standard parser carries about 14 KB of gzipped wasm (its tables of
//! powers of five); this one is exact big-integer arithmetic, slower on
//! long or extreme inputs but as fast on the short numbers lead files hold.

/// `text.parse::<f64>().ok().filter(|v| v.is_finite())`.
pub fn parse_finite(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let (neg, body) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    // First pass: check the syntax, and read up to 19 significant digits.
    let mut i = 0;
    let mut any_digit = false;
    let mut significant = 0usize; // digits from the first non-zero one
    let mut w: u64 = 0;
    let mut exp: i64 = 0; // value = digits * 10^exp
    let mut dot = false;
    while i < body.len() {
        let c = body[i];
        if c.is_ascii_digit() {
            any_digit = true;
            if significant > 0 || c != b'0' {
                significant += 1;
                if significant <= 19 {
                    w = w * 10 + u64::from(c - b'0');
                }
            }
            if dot {
                exp -= 1;
            }
        } else if c == b'.' && !dot {
            dot = true;
        } else {
            break;
        }
        i += 1;
    }
    if !any_digit {
        return None; // also inf, infinity and nan: never finite
    }
    let digits_end = i;
    if i < body.len() && (body[i] | 0x20) == b'e' {
        i += 1;
        let negative_exp = match body.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while i < body.len() && body[i].is_ascii_digit() {
            e = (e * 10 + i64::from(body[i] - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += if negative_exp { -e } else { e };
    }
    if i != body.len() {
        return None;
    }
    let sign = |x: f64| if neg { -x } else { x };
    if significant == 0 {
        return Some(sign(0.0));
    }
    // Exact operands and one rounding (Clinger's fast path).
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];
    if significant <= 19 {
        // `exp` counts from the last digit read; digits past 19 never get here.
        if w <= 1 << 53 && (-22..=22).contains(&exp) {
            let x = w as f64;
            let x = if exp >= 0 { x * POW10[exp as usize] } else { x / POW10[(-exp) as usize] };
            return Some(sign(x));
        }
    }
    // The value lies in [10^(n-1+exp), 10^(n+exp)).
    let magnitude = significant as i64 + exp;
    if magnitude > 310 {
        return None;
    }
    if magnitude < -324 {
        return Some(sign(0.0));
    }
    // Second pass: every digit into a big integer.
    let mut n = Big(vec![0]);
    let (mut chunk, mut chunk_len) = (0u32, 0u32);
    for &c in &body[..digits_end] {
        if c.is_ascii_digit() {
            chunk = chunk * 10 + u32::from(c - b'0');
            chunk_len += 1;
            if chunk_len == 9 {
                n.mul_add(1_000_000_000, chunk);
                (chunk, chunk_len) = (0, 0);
            }
        }
    }
    n.mul_add(10u32.pow(chunk_len), chunk);
    let bits = if exp >= 0 {
        for _ in 0..exp {
            n.mul_add(10, 0);
        }
        round(&n, 0, false)
    } else {
        // floor(n * 2^k / 10^d) with at least 69 bits, and whether it was exact.
        let d = (-exp) as u64;
        let k = (70 + d * 3322 / 1000 + 1).saturating_sub(n.bit_len()) as u32;
        n.shl(k);
        let mut inexact = false;
        let mut left = d;
        while left > 0 {
            let step = left.min(9) as u32;
            inexact |= n.div_rem(10u32.pow(step)) != 0;
            left -= u64::from(step);
        }
        round(&n, -i64::from(k), inexact)
    }?;
    Some(sign(f64::from_bits(bits)))
}

/// Little-endian 32-bit limbs.
struct Big(Vec<u32>);

impl Big {
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let x = u64::from(*limb) * u64::from(m) + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn div_rem(&mut self, d: u32) -> u32 {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let x = (rem << 32) | u64::from(*limb);
            *limb = (x / u64::from(d)) as u32;
            rem = x % u64::from(d);
        }
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
        rem as u32
    }

    fn shl(&mut self, k: u32) {
        let (words, bits) = ((k / 32) as usize, k % 32);
        if bits > 0 {
            self.mul_add(1 << bits, 0);
        }
        self.0.splice(0..0, std::iter::repeat_n(0, words));
    }

    fn bit_len(&self) -> u64 {
        let top = self.0.iter().rposition(|&l| l != 0);
        top.map_or(0, |t| t as u64 * 32 + u64::from(32 - self.0[t].leading_zeros()))
    }

    fn bit(&self, i: u64) -> bool {
        self.0.get((i / 32) as usize).is_some_and(|l| (l >> (i % 32)) & 1 == 1)
    }
}

/// The f64 bits nearest to `n * 2^e2` (plus a little more when `inexact`),
/// ties to even; `None` past the largest finite value.
fn round(n: &Big, e2: i64, inexact: bool) -> Option<u64> {
    let len = n.bit_len();
    if len == 0 {
        return Some(0);
    }
    // The top 64 bits, and whether anything below them is set.
    let mut m: u64 = 0;
    for i in 0..64 {
        let pos = len as i64 - 1 - i;
        m = (m << 1) | u64::from(pos >= 0 && n.bit(pos as u64));
    }
    let mut sticky = inexact;
    if len > 64 {
        sticky |= (0..len - 64).any(|i| n.bit(i));
    }
    let e = e2 + len as i64 - 64; // value = m * 2^e, m in [2^63, 2^64)
    let mut ulp = (e + 11).max(-1074);
    let s = (ulp - e) as u32;
    if s >= 65 {
        return Some(0);
    }
    let wide = u128::from(m);
    let mut mant = (wide >> s) as u64;
    let rem = wide & ((1u128 << s) - 1);
    let half = 1u128 << (s - 1);
    if rem > half || (rem == half && (sticky || mant & 1 == 1)) {
        mant += 1;
    }
    if mant >= 1 << 53 {
        mant >>= 1;
        ulp += 1;
    }
    if mant < 1 << 52 {
        return Some(mant); // subnormal (or zero)
    }
    let biased = ulp + 1075;
    if biased >= 2047 {
        return None;
    }
    Some(((biased as u64) << 52) | (mant & ((1 << 52) - 1)))
}

#[cfg(test)]
mod tests {
    use super::{parse_finite, Big};

    fn std_parse(s: &str) -> Option<u64> {
        s.parse::<f64>().ok().filter(|v| v.is_finite()).map(f64::to_bits)
    }

    fn check(s: &str) {
        assert_eq!(parse_finite(s).map(f64::to_bits), std_parse(s), "{s:?}");
    }

    #[test]
    fn syntax_is_the_standard_parsers() {
        for s in [
            "", "+", "-", ".", "e5", "1e", "1e+", "1e-", "1.e5", ".5", "5.", "+.5", "-.5e-3", "1_000", " 1", "1 ", "inf",
            "-infinity", "NaN", "nan", "0x10", "1.2.3", "--1", "+-1", "00001", "1E5", "1e0000000000000000000000005",
            "1e-99999999999999999999", "0e999999999999999999", "-0", "-0.0e-5", "0.", "١", "1e5.", "1,5", "12a",
            "1e+0", "+0e-0", "..1", "1..", "e", "E", "1e5e5", "-1e-400", "1e400", "2e308",
        ] {
            check(s);
        }
    }

    #[test]
    fn hard_cases_round_as_the_standard_parser() {
        for s in [
            "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308",
            "1.7976931348623159e308", "9007199254740993", "9007199254740992.9999999999999999999", "0.1", "1e23",
            "8.988465674311579e307", "123456789012345678901234567890", "0.000000000000000000000000000001234567890123",
            "7.2057594037927933e16", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124", "9007199254740993.0000000000000000001",
            "3.0540316838325e-308", "1e-324", "3e-324", "1e-323", "2.5e-324", "179769313486231580793728971405301e276",
        ] {
            check(s);
        }
    }

    /// Random numbers in many forms, and the exact midpoints between
    /// neighbouring floats (the ties) and the decimals either side of them.
    #[test]
    fn agrees_with_the_standard_parser_on_many_numbers() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..60_000 {
            let r = next();
            let x = f64::from_bits(r >> 1);
            if !x.is_finite() {
                continue;
            }
            for s in [format!("{x:e}"), format!("{x:.25e}"), format!("{x:.3e}"), x.to_string()] {
                check(&s);
            }
            let digits = 1 + (next() % 25) as usize;
            let mut s: String = (0..digits).map(|_| char::from(b'0' + (next() % 10) as u8)).collect();
            if next() % 2 == 0 {
                s.insert((next() % (digits as u64 + 1)) as usize, '.');
            }
            let e = (next() % 700) as i64 - 350;
            check(&s);
            check(&format!("{s}e{e}"));
            check(&format!("-{s}E+{}", e.abs()));
        }
        // Midpoints: (2m+1) * 2^(q-1) written out exactly.
        for _ in 0..3_000 {
            let bits = next() >> 1;
            let x = f64::from_bits(bits);
            if !x.is_finite() || x == 0.0 {
                continue;
            }
            let exp = ((bits >> 52) & 0x7ff) as i64;
            let frac = bits & ((1 << 52) - 1);
            let (m, q) = if exp == 0 { (frac, -1074) } else { (frac | (1 << 52), exp - 1075) };
            let mut n = Big(vec![0]);
            let odd = 2 * m + 1;
            n.mul_add(1, odd as u32);
            n.0.push((odd >> 32) as u32);
            let p = q - 1; // midpoint = odd * 2^p
            if p >= 0 {
                for _ in 0..p {
                    n.mul_add(2, 0);
                }
            } else {
                for _ in 0..-p {
                    n.mul_add(5, 0);
                }
            }
            let mut text = String::new();
            while n.bit_len() > 0 {
                let r = n.div_rem(10);
                text.insert(0, char::from(b'0' + r as u8));
            }
            let e10 = if p >= 0 { 0 } else { p };
            check(&format!("{text}e{e10}"));
            let last = text.len() - 1;
            let (up, down) = (format!("{text}1e{}", e10 - 1), format!("{}e{e10}", &text[..last]));
            check(&up);
            check(&down);
        }
    }
}
