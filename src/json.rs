//! A small JSON writer for the reports that cross to JS and the files the
//! user downloads. serde's `Serialize` derives cost tens of KB of wasm in
//! monomorphs; this writes the same bytes as `serde_json::to_string` (a
//! test compares the two on real reports) through one trait method per type.
//!
//! A type lists its fields once with [`json_object!`](crate::json_object):
//! `field`, `"json name" = field`, `..field` (its fields inlined, serde's
//! `flatten`), `field if Option::is_none` (left out when the test holds).

use std::collections::BTreeMap;

pub mod read;

/// A value that writes itself as JSON text.
pub trait ToJson {
    fn write_json(&self, out: &mut String);
}

/// An object's fields, without the braces (so that another object can
/// inline them).
pub trait JsonFields {
    fn write_fields(&self, o: &mut Obj);
}

/// Compact JSON text, as `serde_json::to_string` writes it.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

/// The fields of an object being written.
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl Obj<'_> {
    /// Writes `"name":` (after a comma past the first field) and returns
    /// where the value goes. Names are Rust identifiers or literals that
    /// need no escaping.
    pub fn key(&mut self, name: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
        self.out
    }
}

/// `{`, the fields, `}`; through `dyn` so that there is one copy.
pub fn object(out: &mut String, fields: &dyn JsonFields) {
    out.push('{');
    fields.write_fields(&mut Obj { out, first: true });
    out.push('}');
}

/// `{"kind":"<kind>",<fields>}`: an enum variant with serde's internal tag.
pub fn tagged(out: &mut String, kind: &str, fields: &dyn JsonFields) {
    out.push_str("{\"kind\":");
    write_str(out, kind);
    fields.write_fields(&mut Obj { out, first: false });
    out.push('}');
}

/// Compact JSON text laid out as `serde_json::to_string_pretty` lays it
/// out: two-space indents, every member and element on its own line,
/// `{}` and `[]` when empty.
pub fn pretty(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let bytes = compact.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut start = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if !matches!(b, b'{' | b'[' | b'}' | b']' | b',' | b':' | b'"') {
            i += 1;
            continue;
        }
        out.push_str(&compact[start..i]);
        start = i + 1;
        match b {
            b'"' => {
                in_string = true;
                start = i;
            }
            b'{' | b'[' if matches!(bytes.get(i + 1), Some(b'}' | b']')) => {
                out.push_str(&compact[i..i + 2]);
                i += 1;
                start = i + 1;
            }
            b'{' | b'[' => {
                out.push(b as char);
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(b as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            _ => out.push_str(": "),
        }
        i += 1;
    }
    out.push_str(&compact[start..]);
    out
}

/// Writes a string with serde_json's escapes: `"` and `\`, the short forms
/// of backspace, form feed, newline, return and tab, `\u00XX` (lower-case
/// hex) for the other control characters; everything else as it is.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

fn write_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

fn write_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    write_u64(out, n.unsigned_abs());
}

/// A float as serde_json writes it: the shortest text that reads back as
/// the same float (zmij, serde_json's own formatter), `null` for NaN and
/// the infinities.
pub fn write_f64(out: &mut String, x: f64) {
    if x.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(x));
    } else {
        out.push_str("null");
    }
}

/// `x` as `format!("{x}")` writes it (the shortest digits that read back
/// as `x`, never an exponent; `NaN`, `inf`), without core's Grisu and
/// Dragon code: the digits are zmij's, which are the same except where
/// two shortest candidates are equally near `x`, where zmij takes the
/// even one and `Display` the one further from zero.
pub fn display_f64(x: f64) -> String {
    if !x.is_finite() {
        return (if x.is_nan() { "NaN" } else if x > 0.0 { "inf" } else { "-inf" }).to_string();
    }
    let (mut digits, mut k) = shortest(x.abs());
    if digits != 0 && halfway_above(x.abs(), digits, k) {
        digits += 1;
        while digits % 10 == 0 {
            digits /= 10;
            k += 1;
        }
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    let d = digits.to_string();
    let n = d.len() as i32;
    if k >= 0 {
        out.push_str(&d);
        out.extend(std::iter::repeat_n('0', k as usize));
    } else if n + k > 0 {
        out.push_str(&d[..(n + k) as usize]);
        out.push('.');
        out.push_str(&d[(n + k) as usize..]);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-k - n) as usize));
        out.push_str(&d);
    }
    out
}

/// zmij's shortest digits of `x` (finite, positive) as `digits * 10^k`,
/// `digits` without trailing zeros (`(0, 0)` for zero).
fn shortest(x: f64) -> (u64, i32) {
    // zmij's text: digits with an optional point, then `e[+-]N`.
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(x);
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let mut digits: u64 = 0;
    let mut k: i32 = exp.trim_start_matches('+').parse().unwrap_or(0);
    let mut after_point = false;
    for b in mantissa.bytes() {
        match b {
            b'.' => after_point = true,
            _ => {
                digits = digits * 10 + u64::from(b - b'0');
                k -= i32::from(after_point);
            }
        }
    }
    if digits == 0 {
        k = 0;
    }
    while digits != 0 && digits % 10 == 0 {
        digits /= 10;
        k += 1;
    }
    (digits, k)
}

/// Whether `x` (positive) is exactly `(digits + 1/2) * 10^k`.
fn halfway_above(x: f64, digits: u64, k: i32) -> bool {
    // x = odd * 2^e exactly.
    let bits = x.to_bits();
    let (mut m, mut e) = match (bits >> 52) as i32 {
        0 => (bits & ((1 << 52) - 1), -1074),
        b => ((bits & ((1 << 52) - 1)) | (1 << 52), b - 1075),
    };
    let tz = m.trailing_zeros();
    m >>= tz;
    e += tz as i32;
    // (2 digits + 1) * 10^k / 2 = odd' * 5^k * 2^(k-1) with odd' odd:
    // equal when the odd parts and the powers of two agree.
    let half = u128::from(2 * digits + 1);
    if !(-27..=27).contains(&k) {
        return false;
    }
    let pow5 = 5u128.pow(k.unsigned_abs());
    match k >= 0 {
        // odd(x) = (2d+1) 5^k and e = k - 1
        true => e == k - 1 && half.checked_mul(pow5) == Some(u128::from(m)),
        // x = (2d+1) / (5^j 2^(j+1)): odd(x) 5^j = 2d+1 and e = -(j+1)
        false => e == k - 1 && u128::from(m).checked_mul(pow5) == Some(half),
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                write_u64(out, *self as u64)
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64, usize);

macro_rules! signed {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                write_i64(out, *self as i64)
            }
        }
    )*};
}
signed!(i32, i64);

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        write_f64(out, *self)
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" })
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self)
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self)
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut String) {
        self[..].write_json(out)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self[..].write_json(out)
    }
}

impl<A: ToJson, B: ToJson, C: ToJson> ToJson for (A, B, C) {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        self.0.write_json(out);
        out.push(',');
        self.1.write_json(out);
        out.push(',');
        self.2.write_json(out);
        out.push(']');
    }
}

/// A map as an object in key order (serde writes a `BTreeMap` so).
impl<V: ToJson> ToJson for BTreeMap<String, V> {
    fn write_json(&self, out: &mut String) {
        write_map(out, self.iter().map(|(k, v)| (k.as_str(), v as &dyn ToJson)))
    }
}

/// A map from text keys as a list sorted by key (byte order, as `String`'s
/// `Ord`), each key once: what a `BTreeMap<String, V>` holds, without a
/// B-tree instance per value type in the wasm (about 4-6 KB raw each).
#[derive(Clone, Debug, PartialEq)]
pub struct Map<V>(pub Vec<(String, V)>);

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

impl<V> Map<V> {
    /// From pairs in any order: sorted by key (stably, through the engine's
    /// one index sort), a repeated key keeping its last value, as
    /// `BTreeMap::insert` does.
    pub fn from_pairs(pairs: Vec<(String, V)>) -> Self {
        let mut order: Vec<u32> = (0..pairs.len() as u32).collect();
        crate::sort::indices_by(&mut order, &|a, b| pairs[a as usize].0.cmp(&pairs[b as usize].0));
        // Of equal keys, the stable sort leaves the last given last.
        let keep: Vec<bool> = (0..order.len())
            .map(|n| order.get(n + 1).is_none_or(|&next| pairs[next as usize].0 != pairs[order[n] as usize].0))
            .collect();
        let mut slots: Vec<Option<(String, V)>> = pairs.into_iter().map(Some).collect();
        Map(order.iter().zip(keep).filter(|(_, k)| *k).filter_map(|(&i, _)| slots[i as usize].take()).collect())
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &self.0[i].1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a String, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// An object in key order, as a `BTreeMap` is written.
impl<V: ToJson> ToJson for Map<V> {
    fn write_json(&self, out: &mut String) {
        write_map(out, self.0.iter().map(|(k, v)| (k.as_str(), v as &dyn ToJson)))
    }
}

/// The references: serde's own `BTreeMap` (its order and its last-value
/// rule for repeated keys) stands in for the map.
#[cfg(test)]
impl<V: serde::Serialize> serde::Serialize for Map<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[cfg(test)]
impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for Map<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<String, V>::deserialize(d).map(|m| Map(m.into_iter().collect()))
    }
}

/// An object from (key, value) pairs, keys escaped.
pub fn write_map<'a>(out: &mut String, pairs: impl Iterator<Item = (&'a str, &'a dyn ToJson)>) {
    out.push('{');
    for (i, (k, v)) in pairs.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        v.write_json(out);
    }
    out.push('}');
}

/// Implements [`ToJson`] and [`JsonFields`] for a struct from its field
/// list (see the module doc for the forms).
#[macro_export]
macro_rules! json_object {
    ($t:ty { $($fields:tt)* }) => {
        impl $crate::json::JsonFields for $t {
            #[allow(unused_variables)]
            fn write_fields(&self, o: &mut $crate::json::Obj) {
                $crate::json_object!(@f self o $($fields)*);
            }
        }
        impl $crate::json::ToJson for $t {
            fn write_json(&self, out: &mut String) {
                $crate::json::object(out, self)
            }
        }
    };
    (@f $s:ident $o:ident) => {};
    (@f $s:ident $o:ident .. $field:ident $(, $($rest:tt)*)?) => {
        $crate::json::JsonFields::write_fields(&$s.$field, $o);
        $crate::json_object!(@f $s $o $($($rest)*)?);
    };
    (@f $s:ident $o:ident $name:literal = $field:ident $(, $($rest:tt)*)?) => {
        $crate::json::ToJson::write_json(&$s.$field, $o.key($name));
        $crate::json_object!(@f $s $o $($($rest)*)?);
    };
    (@f $s:ident $o:ident $field:ident if $skip:path $(, $($rest:tt)*)?) => {
        if !$skip(&$s.$field) {
            $crate::json::ToJson::write_json(&$s.$field, $o.key(stringify!($field)));
        }
        $crate::json_object!(@f $s $o $($($rest)*)?);
    };
    (@f $s:ident $o:ident $field:ident $(, $($rest:tt)*)?) => {
        $crate::json::ToJson::write_json(&$s.$field, $o.key(stringify!($field)));
        $crate::json_object!(@f $s $o $($($rest)*)?);
    };
}

/// Implements [`ToJson`] for a unit enum as a string, from a method
/// giving its name.
#[macro_export]
macro_rules! json_name {
    ($t:ty, $name:expr) => {
        impl $crate::json::ToJson for $t {
            fn write_json(&self, out: &mut String) {
                $crate::json::write_str(out, ($name)(*self))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    #[test]
    fn floats_display_as_core_displays_them() {
        let mut next = crate::test_rng(0x9E37_79B9_7F4A_7C15u64);
        let check = |x: f64| {
            let ours = display_f64(x);
            assert_eq!(ours, format!("{x}"), "{:?}", x.to_bits());
        };
        for x in [0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1e21, 1e22, 1e-7, 5e-324, f64::MAX, f64::MIN_POSITIVE, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1200.0, 2.5, 9.5, 0.125, 1e23, 123456789012345680.0] {
            check(x);
        }
        for _ in 0..300_000 {
            let r = next();
            let x = match r % 4 {
                0 => f64::from_bits(next()),
                // Short decimals, integers, halves and quarters.
                1 => (next() % 100_000) as f64 / [1.0, 10.0, 100.0, 1000.0, 4.0, 8.0][(next() % 6) as usize],
                2 => (next() % (1 << 60)) as f64,
                // Exactly halfway numbers: d.5 * 10^k made from an odd m * 2^e.
                _ => {
                    let e = (next() % 140) as i32 - 70;
                    let m = (next() % (1 << 53)) | 1;
                    m as f64 * 2f64.powi(e)
                }
            };
            check(x);
            check(-x);
        }
        // Small odd numbers times powers of two: where the ties are (the
        // halfway adjustment changes the digits for some of them).
        let mut adjusted = 0;
        for m in (1u64..4000).step_by(2) {
            for e in -80..80 {
                let x = m as f64 * 2f64.powi(e);
                check(x);
                let (digits, k) = shortest(x);
                adjusted += usize::from(halfway_above(x, digits, k));
            }
        }
        assert!(adjusted > 0);
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xa0, 0x2028, 0x2029, 0xfeff, 0x1f600]) {
            all.push(char::from_u32(c).unwrap());
        }
        for s in [all.as_str(), "", "plain", "a\"b\\c\u{7f}", "é\u{0}"] {
            assert_eq!(to_string(s), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_does() {
        for n in [0i64, 1, -1, 9, 10, 99, 100, i64::MAX, i64::MIN, -1234567890] {
            assert_eq!(to_string(&n), serde_json::to_string(&n).unwrap());
        }
        for n in [0u64, 7, 10, u64::MAX] {
            assert_eq!(to_string(&n), serde_json::to_string(&n).unwrap());
        }
        let floats = [0.0, -0.0, 1.0, 0.1, 1.5, -2.25, 1e21, 1e-7, 123456789.125, f64::MIN_POSITIVE, f64::MAX, 5e-324, 0.3];
        for x in floats.into_iter().chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]) {
            assert_eq!(to_string(&x), serde_json::to_string(&x).unwrap(), "{x}");
        }
        let mut state = 0x9e3779b97f4a7c15u64;
        for _ in 0..20000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state);
            assert_eq!(to_string(&x), serde_json::to_string(&x).unwrap());
        }
    }

    #[test]
    fn containers_are_written_as_serde_json_does() {
        let v: Vec<Option<(f64, u32, Option<i32>)>> = vec![None, Some((0.5, 3, None)), Some((2.0, 0, Some(-4)))];
        assert_eq!(to_string(&v), "[null,[0.5,3,null],[2.0,0,-4]]");
        let mut m = BTreeMap::new();
        m.insert("b\"".to_string(), "x".to_string());
        m.insert("a".to_string(), "y\n".to_string());
        assert_eq!(to_string(&m), serde_json::to_string(&m).unwrap());
        assert_eq!(to_string(&[[1u32, 2], [3, 4]]), "[[1,2],[3,4]]");
        assert_eq!(to_string(&Vec::<u8>::new()), "[]");
    }

    #[test]
    fn models_are_written_as_serde_json_pretty_writes_them() {
        let rich = r#"{"version": 1, "name": "Rich \"one\"\n", "threshold": 40,
          "decay": {"kind": "steps", "steps": [{"max_days": 7, "factor": 1.0}, {"max_days": 30, "factor": 0.55}], "after": 0.1},
          "rules": [
            {"id": "a", "label": "VP", "points": 15, "when": {"kind": "field", "field": "title", "op": "has_token", "values": ["vp", "head"]}},
            {"id": "b", "points": -5, "enabled": false, "when": {"kind": "field", "field": "company_size", "op": "range", "min": 10, "max": 200.5, "below": 3}},
            {"id": "c", "points": 20, "instant_mql": true, "disqualify": true, "when": {"kind": "event", "event": "page_view", "detail_contains": "/pricing", "count": "each", "cap": 3}},
            {"id": "f", "points": 4, "when": {"kind": "event", "event": "email_open", "count": "in_last_days", "at_least": 2, "days": 30}},
            {"id": "d", "points": 1, "when": {"kind": "number", "field": "Number of Pageviews", "per": 2.5, "cap": 10}},
            {"id": "g", "points": 3, "when": {"kind": "number", "field": "Webinars", "at_least": 1.5}},
            {"id": "e", "points": 2, "when": {"kind": "field", "field": "email", "op": "not_empty"}}
          ],
          "calendar": {"time_zone": "Europe/Berlin", "working_days": ["mon", "tue"], "opens": "08:00", "closes": "16:30", "holidays": ["2026-12-25"]},
          "sla": {"behavioral_hours": 8},
          "routing": {"rules": [{"when": {"field": "country", "op": "one_of", "values": ["DE"]}, "rep": "Ivo"}, {"when": {"field": "title", "op": "empty"}, "pool": "emea"}],
                      "pools": [{"name": "emea", "reps": [{"name": "Jo", "weight": 2}, {"name": "Al", "away": true}, {"name": "Bo"}]}], "default_pool": "emea"},
          "feedback": {"premature_days": 45}}"#;
        let half = r#"{"version": 1, "threshold": 7, "decay": {"kind": "half_life", "days": 3.5}, "rules": []}"#;
        let mut models = vec![Model::seed_example(), Model::from_json(rich).unwrap(), Model::from_json(half).unwrap()];
        let s = crate::sample::generate(1000, 12, 3);
        let mut w = crate::workspace::Workspace::new();
        w.import_leads(s.leads_csv.as_bytes(), &[]).unwrap();
        w.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
        w.score(s.as_of);
        let columns = [("from".to_string(), crate::calibration::OptionValue::Text("columns".into()))];
        for options in [vec![], columns.to_vec()] {
            let report = w.suggest_model(&crate::calibration::SuggestOptions::from_pairs(&options).unwrap()).unwrap();
            models.push(Model::from_json(&report.model).unwrap());
        }
        let mut none = Model::seed_example();
        none.decay = crate::model::Decay::None;
        models.push(none);
        for m in &models {
            assert_eq!(m.to_json(), serde_json::to_string_pretty(m).unwrap());
            assert_eq!(&Model::from_json(&m.to_json()).unwrap(), m);
        }
        for text in ["[]", "{}", r#"{"a":[1,{}],"b":"x,{}:[]\"]","c":[[],[2]]}"#] {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(pretty(text), serde_json::to_string_pretty(&v).unwrap());
        }
    }

    /// The same bytes as serde_json (whose derives on the report types
    /// are kept for this test only).
    fn same<T: ToJson + serde::Serialize + ?Sized>(what: &str, v: &T) -> usize {
        let (ours, theirs) = (to_string(v), serde_json::to_string(v).unwrap());
        assert_eq!(ours, theirs, "{what}");
        ours.len()
    }

    #[test]
    fn every_report_is_written_as_serde_json_writes_it() {
        use crate::calibration::{OptionValue, Options, SuggestOptions};
        use crate::compare::PageOptions;
        use crate::outcomes::StatusMapping;
        use crate::workspace::Workspace;
        let s = crate::sample::generate(1500, 12, 7);
        let mut w = Workspace::new();
        same("lead import", &w.import_leads_with(s.leads_csv.as_bytes(), &[], &StatusMapping::default()).unwrap());
        // A bad row, a mapped column, odd characters in a header.
        let odd = "Email,Job \"Title\"\t,Number of Employees,Tab\u{1}\n\"x\ny\",VP,12ab,é\u{7f}\n";
        let mut other = Workspace::new();
        same("odd import", &other.import_leads(odd.as_bytes(), &[("Tab\u{1}".into(), None)]).unwrap());
        same("activity import", &w.import_activities(s.activities_csv.as_bytes(), &[]).unwrap());
        same("unmatched", &w.unmatched_activities());
        same("summary", &w.score(s.as_of));
        same("rows", &w.rows(&(0..200).collect::<Vec<u32>>()).unwrap());
        let mut explained = 0;
        for i in 0..w.lead_count() {
            explained += same("explanation", &w.explain(i).unwrap());
        }
        assert!(explained > 1_000_000, "{explained}");
        same("packets", &w.packets().unwrap());
        same("adherence", &w.sla_adherence().unwrap());
        let packets = w.packets().unwrap();
        let model = w.model().clone();
        let reference = format!(
            r#"{{"schema":{},"version":{},"as_of":{},"threshold":{},"sla_adherence":{},"packets":{}}}"#,
            serde_json::to_string(crate::handoff::SCHEMA).unwrap(),
            crate::handoff::SCHEMA_VERSION,
            serde_json::to_string(&crate::time::format_time(s.as_of)).unwrap(),
            model.threshold,
            serde_json::to_string(&w.sla_adherence().unwrap()).unwrap(),
            serde_json::to_string(&packets).unwrap()
        );
        assert_eq!(w.handoff("json").unwrap(), reference);
        same("feedback", &w.feedback().unwrap());
        let pairs = |v: &[(&str, OptionValue)]| v.iter().map(|(k, x)| (k.to_string(), x.clone())).collect::<Vec<_>>();
        same("calibration", &w.calibrate(&Options::default()).unwrap());
        let weekly = pairs(&[("mqls_per_week", OptionValue::Number(3.0)), ("label", OptionValue::Text("accepted".into()))]);
        same("calibration by week", &w.calibrate(&Options::from_pairs(&weekly).unwrap()).unwrap());
        let suggested = w.suggest_model(&SuggestOptions::default()).unwrap();
        same("suggested model", &suggested);
        let columns = pairs(&[("from", OptionValue::Text("columns".into()))]);
        same("model from columns", &w.suggest_model(&SuggestOptions::from_pairs(&columns).unwrap()).unwrap());
        let a = model.to_json();
        let b = Model::from_json(&suggested.model).unwrap().to_json();
        same("comparison", &w.compare(&a, &b, s.as_of).unwrap());
        same("compare explain", &w.compare_explain(3, true).unwrap());
        same("changed rows", &w.changed_rows(0, 100, &PageOptions::default()).unwrap());
        let from = s.as_of - 90 * crate::time::DAY;
        same("replay", &w.replay(&a, &b, from, s.as_of, 7).unwrap());
        let log = "lead_id,outcome,reason,at\nL2,rejected,duplicate,2026-06-10\nnobody,accepted,,2026-06-11\nL3,maybe,,x\n";
        let ids: Vec<String> = (0..3).map(|i| w.rows(&[i]).unwrap()[0].lead.id.clone()).collect();
        let log = log.replace("L2", &ids[1]).replace("L3", &ids[2]);
        same("outcome import", &w.import_outcomes(log.as_bytes(), &[], &StatusMapping::default()).unwrap());
        w.score(s.as_of);
        for i in 0..3 {
            same("explanation after outcomes", &w.explain(i).unwrap());
        }
        let changed = s.leads_csv.replacen("VP", "Intern", 40);
        same("update import", &w.update_leads(changed.as_bytes(), &[], &StatusMapping::default()).unwrap());
        w.begin_import(crate::import::ImportKind::Activities, &[], &StatusMapping::default(), None).unwrap();
        w.feed(&s.activities_csv.as_bytes()[..5000]).unwrap();
        same("streamed import", &w.finish_import().unwrap());
        let words: BTreeMap<String, Option<crate::outcomes::Mapped>> =
            crate::outcomes::SUGGESTED.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        same("suggested status words", &words);
    }
}
