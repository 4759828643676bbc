//! The reading side of [`crate::json`]: JSON text to the model, its parts
//! and the option objects, accepting what serde_json and serde's derives
//! accepted (a test compares the two on mutated documents) with the same
//! error wording, without serde's deserializer monomorphs in the wasm.
//!
//! The text is parsed into a tree of [`Value`]s that remember where they
//! were, then each type takes its value with [`FromJson`]; a struct lists
//! its fields once with [`json_read!`](crate::json_read).

use std::collections::BTreeMap;
use std::fmt;

/// A problem in the text or in its shape: serde_json's message, the path
/// of the value it is about (`rules[3].points`; `None` for a syntax error)
/// and where (1-based line, byte column).
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub message: String,
    pub path: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// serde_json's layout: `<message> at line <l> column <c>`.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

/// A parsed value and the byte span of its text.
#[derive(Debug)]
pub struct Value {
    pub kind: Kind,
    start: usize,
    end: usize,
}

impl Value {
    /// Where the value's text ends (errors about it point there).
    pub fn end(&self) -> usize {
        self.end
    }
}

#[derive(Debug)]
pub enum Kind {
    Null,
    Bool(bool),
    /// serde_json's three kinds of number: a non-negative integer, a
    /// negative one, anything else (fraction, exponent, too big, `-0`).
    Unsigned(u64),
    Negative(i64),
    Float(f64),
    Str(String),
    Array(Vec<Value>),
    /// Members in text order, each with the end of its key.
    Object(Vec<(String, usize, Value)>),
}

/// Parses `text` as `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Error> {
    let value = parse(text)?;
    T::from_json(&value, &mut Cx { text, path: String::new() })
}

/// Where a conversion is: the text (for positions) and the path so far.
pub struct Cx<'a> {
    text: &'a str,
    path: String,
}

impl Cx<'_> {
    /// An error about the value ending at `end`.
    pub fn error(&self, end: usize, message: String) -> Error {
        let (line, column) = line_column(self.text, end.saturating_sub(1));
        Error { message, path: Some(self.path.clone()), line, column }
    }

    /// The error serde reports for a value of the wrong kind (its wording,
    /// with `quoted` for the string serde prints with `{:?}`).
    pub fn unexpected(&self, v: &Value, expected: &str) -> Error {
        let found = match &v.kind {
            Kind::Null => "null".to_string(),
            Kind::Bool(b) => format!("boolean `{b}`"),
            Kind::Unsigned(n) => format!("integer `{n}`"),
            Kind::Negative(n) => format!("integer `{n}`"),
            // As written (serde reprinted the float).
            Kind::Float(_) => format!("floating point `{}`", &self.text[v.start..v.end]),
            Kind::Str(s) => format!("string {}", quoted(s)),
            Kind::Array(_) => "sequence".to_string(),
            Kind::Object(_) => "map".to_string(),
        };
        self.error(v.end, format!("invalid type: {found}, expected {expected}"))
    }

    fn key(&mut self, key: &str) -> usize {
        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        len
    }

    fn index(&mut self, i: usize) -> usize {
        let len = self.path.len();
        self.path.push_str(&format!("[{i}]"));
        len
    }

    /// Reads a struct's fields from an object (or, as serde does, from an
    /// array giving them in order). `fields` are the names and whether each
    /// may be left out; `slots` take their values.
    pub fn fields(
        &mut self,
        v: &Value,
        name: &str,
        fields: &[(&str, Missing)],
        slots: &mut [&mut dyn Slot],
    ) -> Result<(), Error> {
        match &v.kind {
            Kind::Object(members) => {
                let mut seen = vec![false; fields.len()];
                for (key, key_end, value) in members {
                    let len = self.key(key);
                    let Some(i) = fields.iter().position(|f| f.0 == key) else {
                        let names: Vec<&str> = fields.iter().map(|f| f.0).collect();
                        return Err(self.error(*key_end, format!("unknown field `{key}`, {}", one_of(&names))));
                    };
                    if seen[i] {
                        return Err(self.error(*key_end, format!("duplicate field `{key}`")));
                    }
                    seen[i] = true;
                    slots[i].set(value, self)?;
                    self.path.truncate(len);
                }
                match fields.iter().zip(&seen).find(|((_, m), seen)| !**seen && *m == Missing::Required) {
                    Some(((f, _), _)) => Err(self.error(v.end, format!("missing field `{f}`"))),
                    None => Ok(()),
                }
            }
            Kind::Array(items) => {
                // In serde's order: the elements there are, a missing one
                // without a default, one too many.
                for (i, (item, slot)) in items.iter().zip(slots.iter_mut()).enumerate() {
                    let len = self.index(i);
                    slot.set(item, self)?;
                    self.path.truncate(len);
                }
                // serde gives the index of the missing field as the length.
                let missing = (items.len()..fields.len()).find(|&i| fields[i].1 != Missing::Default);
                match missing.or((items.len() > fields.len()).then_some(items.len())) {
                    Some(n) => {
                        let plural = if fields.len() == 1 { "" } else { "s" };
                        let expected = format!("struct {name} with {} element{plural}", fields.len());
                        Err(self.error(v.end, format!("invalid length {n}, expected {expected}")))
                    }
                    None => Ok(()),
                }
            }
            _ => Err(self.unexpected(v, &format!("struct {name}"))),
        }
    }

    /// Which of `names` a unit variant is: `"name"`, or `{"name": null}`.
    pub fn variant(&mut self, v: &Value, name: &str, names: &[&str]) -> Result<usize, Error> {
        let (word, end, unit) = match &v.kind {
            Kind::Str(s) => (s, v.end, None),
            Kind::Object(m) if !m.is_empty() => (&m[0].0, m[0].1, Some(&m[..m.len().min(2)])),
            _ => return Err(self.unexpected(v, &format!("enum {name}"))),
        };
        let Some(i) = names.iter().position(|n| n == word) else {
            return Err(self.error(end, format!("unknown variant `{word}`, {}", one_of(names))));
        };
        match unit {
            Some([(_, _, u), ..]) if !matches!(u.kind, Kind::Null) => Err(self.unexpected(u, "unit")),
            Some([_, (_, key_end, _)]) => Err(self.error(*key_end, "expected `}`".to_string())),
            _ => Ok(i),
        }
    }
}

/// How a struct field may be missing: not at all, taking its default, or
/// (an `Option` without a default) as `None` from an object only.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Required,
    Default,
    Optional,
}

/// serde's `expected ...` list.
fn one_of(names: &[&str]) -> String {
    match names {
        [] => "there are no fields".to_string(),
        [a] => format!("expected `{a}`"),
        [a, b] => format!("expected `{a}` or `{b}`"),
        _ => format!("expected one of {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// Where a struct field's value goes: one implementation per field type,
/// shared by all the structs (through `dyn`), instead of code per field.
pub trait Slot {
    fn set(&mut self, v: &Value, cx: &mut Cx) -> Result<(), Error>;
}

impl<T: FromJson> Slot for Option<T> {
    fn set(&mut self, v: &Value, cx: &mut Cx) -> Result<(), Error> {
        *self = Some(T::from_json(v, cx)?);
        Ok(())
    }
}

/// A type read from a parsed value.
pub trait FromJson: Sized {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error>;
}

impl FromJson for bool {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        match v.kind {
            Kind::Bool(b) => Ok(b),
            _ => Err(cx.unexpected(v, "a boolean")),
        }
    }
}

impl FromJson for String {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        match &v.kind {
            Kind::Str(s) => Ok(s.clone()),
            _ => Err(cx.unexpected(v, "a string")),
        }
    }
}

impl FromJson for f64 {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        match v.kind {
            Kind::Unsigned(n) => Ok(n as f64),
            Kind::Negative(n) => Ok(n as f64),
            Kind::Float(x) => Ok(x),
            _ => Err(cx.unexpected(v, "f64")),
        }
    }
}

/// A whole number in `lo..=hi`, with serde's wording for the rest.
fn whole(v: &Value, cx: &Cx, lo: i64, hi: i64, what: &str) -> Result<i64, Error> {
    let n = match v.kind {
        Kind::Unsigned(n) => i64::try_from(n).unwrap_or(i64::MAX),
        Kind::Negative(n) => n,
        _ => return Err(cx.unexpected(v, what)),
    };
    match (lo..=hi).contains(&n) {
        true => Ok(n),
        false => Err(cx.error(v.end, format!("invalid value: integer `{}`, expected {what}", &cx.text[v.start..v.end]))),
    }
}

impl FromJson for u32 {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        whole(v, cx, 0, u32::MAX.into(), "u32").map(|n| n as u32)
    }
}

impl FromJson for i32 {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        whole(v, cx, i32::MIN.into(), i32::MAX.into(), "i32").map(|n| n as i32)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        match v.kind {
            Kind::Null => Ok(None),
            _ => T::from_json(v, cx).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        let Kind::Array(items) = &v.kind else { return Err(cx.unexpected(v, "a sequence")) };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let len = cx.index(i);
            out.push(T::from_json(item, cx)?);
            cx.path.truncate(len);
        }
        Ok(out)
    }
}

/// An object as a map; a repeated key keeps its last value, as serde's.
impl<V: FromJson> FromJson for BTreeMap<String, V> {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        let Kind::Object(members) = &v.kind else { return Err(cx.unexpected(v, "a map")) };
        let mut out = BTreeMap::new();
        for (key, _, value) in members {
            let len = cx.key(key);
            out.insert(key.clone(), V::from_json(value, cx)?);
            cx.path.truncate(len);
        }
        Ok(out)
    }
}

/// An object as a [`Map`](crate::json::Map): sorted by key, a repeated key
/// keeping its last value (as the `BTreeMap` reading above).
impl<V: FromJson> FromJson for crate::json::Map<V> {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, Error> {
        let Kind::Object(members) = &v.kind else { return Err(cx.unexpected(v, "a map")) };
        let mut out = Vec::with_capacity(members.len());
        for (key, _, value) in members {
            let len = cx.key(key);
            out.push((key.clone(), V::from_json(value, cx)?));
            cx.path.truncate(len);
        }
        Ok(crate::json::Map::from_pairs(out))
    }
}

/// Implements [`FromJson`] for a struct from its fields, each `name: how`
/// with `how` one of `required`, `optional` (an `Option`, `None` when left
/// out), `default` (`Default::default()`) or `(expression)`.
#[macro_export]
macro_rules! json_read {
    ($t:ident { $($field:ident : $how:tt),* $(,)? }) => {
        impl $crate::json::read::FromJson for $t {
            fn from_json(v: &$crate::json::read::Value, cx: &mut $crate::json::read::Cx) -> Result<Self, $crate::json::read::Error> {
                $(let mut $field = None;)*
                cx.fields(
                    v,
                    stringify!($t),
                    &[$((stringify!($field), $crate::json_read!(@missing $how))),*],
                    &mut [$(&mut $field as &mut dyn $crate::json::read::Slot),*],
                )?;
                Ok($t { $($field: match $field { Some(v) => v, None => $crate::json_read!(@default $how) }),* })
            }
        }
    };
    (@missing required) => { $crate::json::read::Missing::Required };
    (@missing optional) => { $crate::json::read::Missing::Optional };
    (@missing $other:tt) => { $crate::json::read::Missing::Default };
    // `fields` has reported a required field that is missing.
    (@default required) => { unreachable!() };
    (@default optional) => { None };
    (@default default) => { Default::default() };
    (@default ($e:expr)) => { $e };
}

/// Implements [`FromJson`] for a unit enum: `Variant "name"`, ...
#[macro_export]
macro_rules! json_read_enum {
    ($t:ident { $($variant:ident $name:literal),* $(,)? }) => {
        impl $crate::json::read::FromJson for $t {
            fn from_json(v: &$crate::json::read::Value, cx: &mut $crate::json::read::Cx) -> Result<Self, $crate::json::read::Error> {
                const ALL: &[$t] = &[$($t::$variant),*];
                cx.variant(v, stringify!($t), &[$($name),*]).map(|i| ALL[i])
            }
        }
    };
}

/// `s` in double quotes, escaped as Rust's `{:?}` escapes text: the
/// release wasm is built without `Debug` formatting (-Zfmt-debug=none).
/// Characters Rust would also escape that are neither quotes, backslashes
/// nor control characters (unassigned or combining marks) are kept as they
/// are.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => w!(out, "\\u{{{:x}}}", c as u32),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// serde_json's 1-based line and column of byte `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..at.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Parses a whole JSON text (whitespace around it allowed, nothing else).
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut p = Parser { text, bytes: text.as_bytes(), at: 0, depth: 0 };
    let value = p.value()?;
    p.space();
    match p.at < p.bytes.len() {
        true => Err(p.fail("trailing characters")),
        false => Ok(value),
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: u8,
}

impl Parser<'_> {
    fn fail(&self, message: &str) -> Error {
        let (line, column) = line_column(self.text, self.at);
        Error { message: message.to_string(), path: None, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, or the end-of-text error `eof`.
    fn next(&mut self, eof: &str) -> Result<u8, Error> {
        self.space();
        self.peek().ok_or_else(|| self.fail(eof))
    }

    fn value(&mut self) -> Result<Value, Error> {
        let b = self.next("EOF while parsing a value")?;
        let start = self.at;
        let kind = match b {
            b'n' => self.word("null", Kind::Null)?,
            b't' => self.word("true", Kind::Bool(true))?,
            b'f' => self.word("false", Kind::Bool(false))?,
            b'"' => Kind::Str(self.string()?),
            b'-' | b'0'..=b'9' => self.number()?,
            b'[' | b'{' => {
                // serde_json's limit, which also keeps the stack bounded.
                self.depth += 1;
                if self.depth >= 128 {
                    return Err(self.fail("recursion limit exceeded"));
                }
                self.at += 1;
                let kind = if b == b'[' { self.array()? } else { self.object()? };
                self.depth -= 1;
                kind
            }
            _ => return Err(self.fail("expected value")),
        };
        Ok(Value { kind, start, end: self.at })
    }

    fn word(&mut self, word: &str, kind: Kind) -> Result<Kind, Error> {
        for &w in word.as_bytes() {
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a value")),
                Some(b) if b != w => return Err(self.fail("expected ident")),
                _ => self.at += 1,
            }
        }
        Ok(kind)
    }

    fn array(&mut self) -> Result<Kind, Error> {
        let mut items = Vec::new();
        if self.next("EOF while parsing a list")? == b']' {
            self.at += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            items.push(self.value()?);
            match self.next("EOF while parsing a list")? {
                b',' => {
                    self.at += 1;
                    if self.next("EOF while parsing a value")? == b']' {
                        return Err(self.fail("trailing comma"));
                    }
                }
                b']' => {
                    self.at += 1;
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.fail("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Kind, Error> {
        let mut members = Vec::new();
        match self.next("EOF while parsing an object")? {
            b'}' => {
                self.at += 1;
                return Ok(Kind::Object(members));
            }
            b'"' => {}
            _ => return Err(self.fail("key must be a string")),
        }
        loop {
            let key = self.string()?;
            let key_end = self.at;
            if self.next("EOF while parsing an object")? != b':' {
                return Err(self.fail("expected `:`"));
            }
            self.at += 1;
            members.push((key, key_end, self.value()?));
            match self.next("EOF while parsing an object")? {
                b',' => {
                    self.at += 1;
                    match self.next("EOF while parsing a value")? {
                        b'"' => {}
                        b'}' => return Err(self.fail("trailing comma")),
                        _ => return Err(self.fail("key must be a string")),
                    }
                }
                b'}' => {
                    self.at += 1;
                    return Ok(Kind::Object(members));
                }
                _ => return Err(self.fail("expected `,` or `}`")),
            }
        }
    }

    /// A string from its opening quote; escapes as JSON has them, a
    /// surrogate pair as one character, a lone surrogate an error.
    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        let mut start = self.at;
        loop {
            let Some(b) = self.peek() else { return Err(self.fail("EOF while parsing a string")) };
            match b {
                b'"' => {
                    out.push_str(&self.text[start..self.at]);
                    self.at += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[start..self.at]);
                    self.at += 1;
                    let Some(e) = self.peek() else { return Err(self.fail("EOF while parsing a string")) };
                    self.at += 1;
                    let c = match e {
                        b'u' => self.unicode()?,
                        _ => escaped(e).ok_or_else(|| self.fail("invalid escape"))?,
                    };
                    out.push(c);
                    start = self.at;
                }
                0..=0x1f => return Err(self.fail("control character (\\u0000-\\u001F) found while parsing a string")),
                _ => self.at += 1,
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut n = 0;
        for _ in 0..4 {
            let Some(b) = self.peek() else { return Err(self.fail("EOF while parsing a string")) };
            let d = (b as char).to_digit(16).ok_or_else(|| self.fail("invalid escape"))?;
            n = n * 16 + d;
            self.at += 1;
        }
        Ok(n)
    }

    /// After `\u`.
    fn unicode(&mut self) -> Result<char, Error> {
        let n = self.hex4()?;
        let n = match n {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                    return Err(self.fail("lone leading surrogate in hex escape"));
                }
                self.at += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.fail("lone leading surrogate in hex escape"));
                }
                0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.fail("lone trailing surrogate in hex escape")),
            n => n,
        };
        char::from_u32(n).ok_or_else(|| self.fail("invalid unicode code point"))
    }

    fn digit(&self) -> Option<u64> {
        self.peek().filter(u8::is_ascii_digit).map(|b| u64::from(b - b'0'))
    }

    /// A number as serde_json reads it without `float_roundtrip`: digits
    /// into a u64 (later ones only move the exponent once it is full),
    /// then one multiplication or division by a power of ten. The same
    /// steps give the same bits, which `str::parse` would not always.
    fn number(&mut self) -> Result<Kind, Error> {
        let positive = self.peek() != Some(b'-');
        if !positive {
            self.at += 1;
        }
        let mut significand = match self.digit() {
            None if self.peek().is_none() => return Err(self.fail("EOF while parsing a value")),
            None => return Err(self.fail("invalid number")),
            Some(0) => {
                self.at += 1;
                if self.digit().is_some() {
                    return Err(self.fail("invalid number"));
                }
                0
            }
            Some(d) => {
                self.at += 1;
                d
            }
        };
        let mut exponent: i32 = 0;
        let mut full = false;
        while let Some(d) = self.digit() {
            self.at += 1;
            if full || overflows(significand, d) {
                full = true;
                exponent += 1;
            } else {
                significand = significand * 10 + d;
            }
        }
        let mut float = full;
        if self.peek() == Some(b'.') {
            float = true;
            self.at += 1;
            let mut any = false;
            // Once full, further fraction digits are dropped.
            let mut dropping = false;
            while let Some(d) = self.digit() {
                any = true;
                self.at += 1;
                if dropping || overflows(significand, d) {
                    dropping = true;
                } else {
                    significand = significand * 10 + d;
                    exponent -= 1;
                }
            }
            if !any {
                return Err(self.fail(if self.peek().is_some() { "invalid number" } else { "EOF while parsing a value" }));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            float = true;
            self.at += 1;
            let positive_exp = match self.peek() {
                Some(b'+') => {
                    self.at += 1;
                    true
                }
                Some(b'-') => {
                    self.at += 1;
                    false
                }
                _ => true,
            };
            let Some(first) = self.digit() else {
                let eof = self.peek().is_none();
                self.at += usize::from(!eof);
                return Err(self.fail(if eof { "EOF while parsing a value" } else { "invalid number" }));
            };
            self.at += 1;
            let mut exp = first as i32;
            while let Some(d) = self.digit() {
                self.at += 1;
                let d = d as i32;
                if exp >= i32::MAX / 10 && (exp > i32::MAX / 10 || d > i32::MAX % 10) {
                    if significand != 0 && positive_exp {
                        return Err(self.fail("number out of range"));
                    }
                    while self.digit().is_some() {
                        self.at += 1;
                    }
                    return Ok(Kind::Float(if positive { 0.0 } else { -0.0 }));
                }
                exp = exp * 10 + d;
            }
            exponent = if positive_exp { exponent.saturating_add(exp) } else { exponent.saturating_sub(exp) };
        }
        if !float {
            return Ok(match positive {
                true => Kind::Unsigned(significand),
                // `-0` and below i64::MIN are floats.
                false => match (significand as i64).wrapping_neg() {
                    n if n >= 0 => Kind::Float(-(significand as f64)),
                    n => Kind::Negative(n),
                },
            });
        }
        let mut f = significand as f64;
        loop {
            match POW10.get(exponent.unsigned_abs() as usize) {
                Some(&pow) if exponent >= 0 => {
                    f *= pow;
                    if f.is_infinite() {
                        return Err(self.fail("number out of range"));
                    }
                    break;
                }
                Some(&pow) => {
                    f /= pow;
                    break;
                }
                None if f == 0.0 => break,
                None if exponent >= 0 => return Err(self.fail("number out of range")),
                None => {
                    f /= 1e308;
                    exponent += 308;
                }
            }
        }
        Ok(Kind::Float(if positive { f } else { -f }))
    }
}

// ------------------------------------------------------ values kept as text

// serde_json's syntax error wording, for the scanner below.
const EOF_VALUE: &str = "EOF while parsing a value";
const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const KEY: &str = "key must be a string";
const INVALID_NUMBER: &str = "invalid number";
const LONE_LEADING: &str = "lone leading surrogate in hex escape";

/// The character a one-letter JSON escape (`\n`, `\"`, ...) stands for;
/// `None` for any other letter (`\u` is read by the callers).
fn escaped(e: u8) -> Option<char> {
    Some(match e {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

/// JSON lead files, read as serde_json reads them into `&RawValue`s (a
/// value kept as its text), `Vec<&RawValue>` and an object's `(String,
/// &RawValue)` members: the same acceptance (a value's text is only
/// checked for syntax: numbers of any size, lone surrogates in `\u`
/// escapes and any depth pass, as in serde_json's `ignore_value`) and the
/// same errors, wording and position alike (serde_json's line and
/// column: the column counts the bytes before the error's byte on its
/// line, or through it for an error about a byte looked at but not taken).
/// No tree is built: the values are slices of the text.
struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    at: usize,
}

impl<'a> Scan<'a> {
    /// An error at byte `i` (serde_json's `position_of_index`).
    fn err_at(&self, i: usize, message: &str) -> Error {
        let before = &self.b[..i];
        let start = before.iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
        let line = 1 + before[..start].iter().filter(|&&c| c == b'\n').count();
        Error { message: message.to_string(), path: None, line, column: i - start }
    }

    /// About the last byte taken (serde_json's `error`).
    fn here(&self, message: &str) -> Error {
        self.err_at(self.at, message)
    }

    /// About the byte looked at (serde_json's `peek_error`).
    fn ahead(&self, message: &str) -> Error {
        self.err_at((self.at + 1).min(self.b.len()), message)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    /// The next byte after JSON whitespace, not taken.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
        self.peek()
    }

    /// The next byte, taken; NUL at the end (serde_json's `next_char_or_null`).
    fn take_or_null(&mut self) -> u8 {
        let b = self.peek().unwrap_or(0);
        self.at = (self.at + 1).min(self.b.len());
        b
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    /// Nothing but whitespace left.
    fn end(&mut self) -> Result<(), Error> {
        match self.ws() {
            Some(_) => Err(self.ahead("trailing characters")),
            None => Ok(()),
        }
    }

    /// The rest of `null`, `true` or `false`.
    fn ident(&mut self, rest: &[u8]) -> Result<(), Error> {
        for &w in rest {
            let Some(b) = self.peek() else { return Err(self.here(EOF_VALUE)) };
            self.at += 1;
            if b != w {
                return Err(self.here("expected ident"));
            }
        }
        Ok(())
    }

    /// A number's syntax (after its `-`).
    fn number(&mut self) -> Result<(), Error> {
        match self.take_or_null() {
            b'0' if self.peek().is_some_and(|b| b.is_ascii_digit()) => return Err(self.ahead(INVALID_NUMBER)),
            b'0' => {}
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return Err(self.here(INVALID_NUMBER)),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.ahead(INVALID_NUMBER));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !self.take_or_null().is_ascii_digit() {
                return Err(self.here(INVALID_NUMBER));
            }
            self.digits();
        }
        Ok(())
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Result<u32, Error> {
        let Some(digits) = self.b.get(self.at..self.at + 4) else {
            self.at = self.b.len();
            return Err(self.here(EOF_STRING));
        };
        self.at += 4;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + (d as char).to_digit(16).ok_or_else(|| self.here("invalid escape"))?;
        }
        Ok(n)
    }

    /// A string after its opening quote. `decode`: its characters, with a
    /// lone surrogate an error (serde_json's `parse_str`); otherwise only
    /// its syntax (`ignore_str`), and the result is empty.
    fn string(&mut self, decode: bool) -> Result<String, Error> {
        let mut out = String::new();
        let mut start = self.at;
        loop {
            // Plain bytes in one tight loop.
            let rest = &self.b[self.at..];
            self.at += rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(rest.len());
            let Some(b) = self.peek() else { return Err(self.here(EOF_STRING)) };
            if decode && b >= 0x20 {
                out.push_str(&self.text[start..self.at]);
            }
            match b {
                b'"' => {
                    self.at += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.at += 1;
                    let Some(e) = self.peek() else { return Err(self.here(EOF_STRING)) };
                    self.at += 1;
                    let c = match e {
                        b'u' if decode => self.unicode()?,
                        b'u' => {
                            self.hex4()?;
                            ' '
                        }
                        _ => escaped(e).ok_or_else(|| self.here("invalid escape"))?,
                    };
                    if decode {
                        out.push(c);
                    }
                    start = self.at;
                }
                _ => {
                    self.at += usize::from(decode);
                    return Err(self.here("control character (\\u0000-\\u001F) found while parsing a string"));
                }
            }
        }
    }

    /// After `\u`, decoding (serde_json's wording: a lone trailing
    /// surrogate is "lone leading" there too).
    fn unicode(&mut self) -> Result<char, Error> {
        let n = self.hex4()?;
        let n = match n {
            0xDC00..=0xDFFF => return Err(self.here(LONE_LEADING)),
            0xD800..=0xDBFF => {
                for want in [b'\\', b'u'] {
                    let Some(b) = self.peek() else { return Err(self.here(EOF_STRING)) };
                    self.at += 1;
                    if b != want {
                        return Err(self.here("unexpected end of hex escape"));
                    }
                }
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.here(LONE_LEADING));
                }
                0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00)
            }
            n => n,
        };
        Ok(char::from_u32(n).unwrap_or_default())
    }

    /// One value's syntax, from the next non-blank byte; its text.
    /// Nesting is followed on a stack of open brackets, not by recursion.
    fn value(&mut self, text: &'a str) -> Result<&'a str, Error> {
        self.ws();
        let begin = self.at;
        let mut open: Vec<u8> = Vec::new();
        let mut enclosing = None;
        loop {
            let Some(b) = self.ws() else { return Err(self.ahead(EOF_VALUE)) };
            let frame = match b {
                b'n' | b't' | b'f' => {
                    self.at += 1;
                    self.ident(match b {
                        b'n' => b"ull",
                        b't' => b"rue",
                        _ => b"alse",
                    })?;
                    None
                }
                b'-' | b'0'..=b'9' => {
                    self.at += usize::from(b == b'-');
                    self.number()?;
                    None
                }
                b'"' => {
                    self.at += 1;
                    self.string(false)?;
                    None
                }
                b'[' | b'{' => {
                    open.extend(enclosing.take());
                    self.at += 1;
                    Some(b)
                }
                _ => return Err(self.ahead("expected value")),
            };
            let (mut comma, mut frame) = match frame.map(|f| (false, f)) {
                Some(f) => f,
                None => match enclosing.take().or_else(|| open.pop()) {
                    Some(f) => (true, f),
                    None => return Ok(&text[begin..self.at]),
                },
            };
            loop {
                match self.ws() {
                    Some(b',') if comma => {
                        self.at += 1;
                        break;
                    }
                    Some(b']') if frame == b'[' => {}
                    Some(b'}') if frame == b'{' => {}
                    Some(_) if comma => {
                        return Err(self.ahead(if frame == b'[' { "expected `,` or `]`" } else { "expected `,` or `}`" }))
                    }
                    Some(_) => break,
                    None => return Err(self.ahead(if frame == b'[' { EOF_LIST } else { EOF_OBJECT })),
                }
                self.at += 1;
                match open.pop() {
                    Some(f) => frame = f,
                    None => return Ok(&text[begin..self.at]),
                }
                comma = true;
            }
            if frame == b'{' {
                match self.ws() {
                    Some(b'"') => self.at += 1,
                    Some(_) => return Err(self.ahead(KEY)),
                    None => return Err(self.ahead(EOF_OBJECT)),
                }
                self.string(false)?;
                self.colon()?;
            }
            enclosing = Some(frame);
        }
    }

    fn colon(&mut self) -> Result<(), Error> {
        match self.ws() {
            Some(b':') => {
                self.at += 1;
                Ok(())
            }
            Some(_) => Err(self.ahead("expected `:`")),
            None => Err(self.ahead(EOF_OBJECT)),
        }
    }

    /// The opening bracket of an array or object (`open`), or an error.
    fn opening(&mut self, open: u8) -> Result<(), Error> {
        match self.ws() {
            Some(b) if b == open => {
                self.at += 1;
                Ok(())
            }
            None => Err(self.ahead(EOF_VALUE)),
            // serde_json names the value found; only the fact of an error
            // is used for these.
            Some(_) => Err(self.ahead(if open == b'[' { "invalid type, expected a sequence" } else { "invalid type, expected a JSON object" })),
        }
    }

    /// Before an array's element or an object's key: whether there is one
    /// (`close` and the comma rules of serde_json's `SeqAccess` and
    /// `MapAccess`).
    fn more(&mut self, close: u8, first: bool) -> Result<bool, Error> {
        let object = close == b'}';
        let Some(b) = self.ws() else { return Err(self.ahead(if object { EOF_OBJECT } else { EOF_LIST })) };
        if b == close {
            self.at += 1;
            return Ok(false);
        }
        if first {
            return match object && b != b'"' {
                true => Err(self.ahead(KEY)),
                false => Ok(true),
            };
        }
        if b != b',' {
            return Err(self.ahead(if object { "expected `,` or `}`" } else { "expected `,` or `]`" }));
        }
        self.at += 1;
        match self.ws() {
            Some(b) if b == close => Err(self.ahead("trailing comma")),
            Some(b'"') => Ok(true),
            Some(_) if object => Err(self.ahead(KEY)),
            Some(_) => Ok(true),
            None => Err(self.ahead(EOF_VALUE)),
        }
    }
}

/// One JSON value kept as its text (serde_json's `from_str::<&RawValue>`).
pub fn raw(text: &str) -> Result<&str, Error> {
    let mut s = Scan { text, b: text.as_bytes(), at: 0 };
    let v = s.value(text)?;
    s.end()?;
    Ok(v)
}

/// A JSON array's elements kept as text (`from_str::<Vec<&RawValue>>`).
/// For a text whose first byte after whitespace is not `[`, only the fact
/// of the error is serde_json's (its wording names the value found).
pub fn raw_array(text: &str) -> Result<Vec<&str>, Error> {
    let mut s = Scan { text, b: text.as_bytes(), at: 0 };
    s.opening(b'[')?;
    let mut items = Vec::new();
    while s.more(b']', items.is_empty())? {
        items.push(s.value(text)?);
    }
    s.end()?;
    Ok(items)
}

/// A JSON object's members in text order, each key decoded and its value
/// kept as text (`(String, &RawValue)` pairs through `MapAccess`; a later
/// duplicate is kept too). The same precondition as [`raw_array`].
pub fn raw_members(text: &str) -> Result<Vec<(String, &str)>, Error> {
    let mut s = Scan { text, b: text.as_bytes(), at: 0 };
    s.opening(b'{')?;
    let mut members = Vec::new();
    while s.more(b'}', members.is_empty())? {
        s.at += 1;
        let key = s.string(true)?;
        s.colon()?;
        members.push((key, s.value(text)?));
    }
    s.end()?;
    Ok(members)
}

/// A JSON string value's characters (`from_str::<String>`), `None` when
/// serde_json would reject it (a lone surrogate among them, say).
pub fn raw_string(json: &str) -> Option<String> {
    let mut s = Scan { text: json, b: json.as_bytes(), at: 0 };
    if s.ws() != Some(b'"') {
        return None;
    }
    s.at += 1;
    let out = s.string(true).ok()?;
    s.end().ok()?;
    Some(out)
}

/// Whether `n * 10 + d` leaves u64.
fn overflows(n: u64, d: u64) -> bool {
    n >= u64::MAX / 10 && (n > u64::MAX / 10 || d > u64::MAX % 10)
}

/// 1e0 ..= 1e308, each the nearest f64 (as rustc reads the literals).
static POW10: [f64; 309] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
    1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29,
    1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39,
    1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46, 1e47, 1e48, 1e49,
    1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59,
    1e60, 1e61, 1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69,
    1e70, 1e71, 1e72, 1e73, 1e74, 1e75, 1e76, 1e77, 1e78, 1e79,
    1e80, 1e81, 1e82, 1e83, 1e84, 1e85, 1e86, 1e87, 1e88, 1e89,
    1e90, 1e91, 1e92, 1e93, 1e94, 1e95, 1e96, 1e97, 1e98, 1e99,
    1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107, 1e108, 1e109,
    1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119,
    1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129,
    1e130, 1e131, 1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139,
    1e140, 1e141, 1e142, 1e143, 1e144, 1e145, 1e146, 1e147, 1e148, 1e149,
    1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159,
    1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169,
    1e170, 1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179,
    1e180, 1e181, 1e182, 1e183, 1e184, 1e185, 1e186, 1e187, 1e188, 1e189,
    1e190, 1e191, 1e192, 1e193, 1e194, 1e195, 1e196, 1e197, 1e198, 1e199,
    1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207, 1e208, 1e209,
    1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219,
    1e220, 1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229,
    1e230, 1e231, 1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239,
    1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248, 1e249,
    1e250, 1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259,
    1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269,
    1e270, 1e271, 1e272, 1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279,
    1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287, 1e288, 1e289,
    1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299,
    1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::PageOptions;
    use crate::model::{Model, PRESETS};
    use crate::outcomes::Mapped;
    use crate::sql::SqlOptions;
    use serde_json::Value as Serde;
    use std::fmt::Debug;

    /// Ours and serde_json's (with the derives, the reference) agree on
    /// `text`: both reject it, or both read the same value (Debug shows
    /// floats exactly, `-0.0` included). Returns whether it was accepted.
    fn same<T: FromJson + serde::de::DeserializeOwned + Debug>(text: &str) -> bool {
        match (from_str::<T>(text), serde_json::from_str::<T>(text)) {
            (Ok(a), Ok(b)) => {
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text}");
                true
            }
            (Err(a), Err(b)) => {
                // Same wording, except serde's reprinted floats and the
                // syntax errors, whose wording is its own.
                let b = b.to_string();
                let theirs = b.split(" at line ").next().unwrap_or_default();
                let shape = ["unknown field", "missing field", "duplicate field", "unknown variant", "invalid length", "invalid value", "invalid type"];
                if a.path.is_some() && shape.iter().any(|s| theirs.starts_with(s)) && !theirs.contains("floating point") {
                    assert_eq!(a.message, theirs, "{text}");
                }
                false
            }
            (a, b) => panic!("{text}\nours: {a:?}\nserde_json: {b:?}"),
        }
    }

    /// A model with every kind of rule and section, from the README's
    /// examples.
    fn documents() -> Vec<String> {
        let readme = include_str!("../../README.md");
        let blocks: Vec<&str> = readme.split("```json\n").skip(1).filter_map(|b| b.split("```").next()).collect();
        let mut docs: Vec<String> = PRESETS.iter().map(|(_, t)| t.to_string()).collect();
        docs.push(blocks[0].to_string());
        let sections = blocks.iter().find(|b| b.contains("\"routing\"")).expect("the README's sections example");
        docs.push(format!("{{\"version\": 1, \"threshold\": 10, \"rules\": [], {sections}}}"));
        docs.push(
            r#"{"version": 1, "name": "n", "threshold": -5, "decay": {"kind": "half_life", "days": 14.5},
              "feedback": {"premature_days": 60}, "rules": [
              {"id": "a", "points": 3, "enabled": false, "disqualify": true,
               "when": {"kind": "number", "field": "Number of Pageviews", "per": 2.5, "cap": 10}},
              {"id": "b", "when": {"kind": "number", "field": "x", "at_least": 1e3}},
              {"id": "c", "points": -2147483648, "when": {"kind": "event", "event": "e", "count": "each", "cap": 4294967295}},
              {"id": "d\u00e9\ud83d\ude00", "when": {"kind": "field", "field": "f", "op": "range", "min": -0, "max": 0.1}}]}"#
                .to_string(),
        );
        docs
    }

    /// Raw values put in place of each value in turn: wrong kinds, numbers
    /// at and past every limit, escapes, structs written as arrays, enum
    /// variants written as `{"name": null}`.
    const SNIPPETS: &[&str] = &[
        "null", "true", "false", "\"x\"", "\"\"", "\"once\"", "\"each\"", "\"equals\"", "\"field\"", "\"steps\"",
        "\"none\"", "\"mql\"", "\"accepted\"", "\"wrong_icp\"", "0", "1", "-1", "-0", "-0.0", "0.0", "1.5", "2.0",
        "1e2", "1E+2", "1e-2", "1e999", "-1e999", "1e-400", "0e999999999999", "1e99999999999", "4294967295",
        "4294967296", "2147483647", "2147483648", "-2147483648", "-2147483649", "18446744073709551615",
        "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
        "0.1", "0.30000000000000004", "1.7976931348623157e308", "1.8e308", "5e-324", "2.5e-324", "01", "1.",
        ".5", "+1", "- 1", "1e", "1e+", "[]", "{}", "[1]", "[30]", "[24]", "[\"x\"]", "[30, 1.0]", "[30, 1.0, 2]",
        "[\"Ana\", 2, true]", "[\"Ana\"]", "[\"x\", \"equals\", [\"v\"]]", "{\"a\": 1}", "{\"each\": null}",
        "{\"once\": 1}", "{\"field\": null}", "{\"steps\": null}", "{\"once\": null, \"each\": null}",
        "{\"outcome\": \"accepted\"}", "{\"outcome\": \"rejected\", \"reason\": \"premature\", \"converted\": true}",
        "{\"max_days\": 1, \"factor\": 0.5}", "{\"kind\": \"none\"}", "{\"kind\": \"half_life\", \"days\": 3}",
        "{\"kind\": \"field\", \"field\": \"a\", \"op\": \"empty\"}", "[\"field\"]", "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83dx\"", "\"\\ud83d\\u0041\"", "\"\\/\\b\\f\\n\\r\\t\"",
        "\"\\x\"", "\"\\u12\"", "\"a\u{1}b\"", "\"\\u0000\"", "[1,]", "{\"a\":1,}", "[[[[[[[[[[[[1]]]]]]]]]]]]",
    ];

    /// Every pointer to a value in `v`.
    fn pointers(v: &Serde, at: String, out: &mut Vec<String>) {
        match v {
            Serde::Array(items) => items.iter().enumerate().for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
            Serde::Object(m) => m.iter().for_each(|(k, x)| pointers(x, format!("{at}/{k}"), out)),
            _ => {}
        }
        out.push(at);
    }

    const MARK: &str = "@@mutated@@";

    /// `doc` with the value at `at` replaced by the raw text `raw`.
    fn replaced(doc: &Serde, at: &str, raw: &str) -> String {
        let mut d = doc.clone();
        *d.pointer_mut(at).unwrap() = Serde::String(MARK.into());
        d.to_string().replace(&format!("\"{MARK}\""), raw)
    }

    /// Every mutation of `text` (see SNIPPETS), read as `T` both ways.
    fn mutations<T: FromJson + serde::de::DeserializeOwned + Debug>(text: &str) -> (usize, usize) {
        let doc: Serde = serde_json::from_str(text).unwrap();
        let mut at = Vec::new();
        pointers(&doc, String::new(), &mut at);
        let (mut accepted, mut all) = (0, 0);
        let mut check = |t: &str| {
            all += 1;
            accepted += usize::from(same::<T>(t));
        };
        check(text);
        for p in &at {
            for raw in SNIPPETS {
                check(&replaced(&doc, p, raw));
            }
            let Some(Serde::Object(m)) = doc.pointer(p) else { continue };
            for key in m.keys() {
                // Left out, repeated (last value), unknown.
                let mut d = doc.clone();
                d.pointer_mut(p).unwrap().as_object_mut().unwrap().remove(key);
                check(&d.to_string());
                let value = m[key].to_string();
                let mut d = doc.clone();
                d.pointer_mut(p).unwrap()[MARK] = Serde::Null;
                check(&d.to_string().replace(&format!("\"{MARK}\":null"), &format!("\"{key}\":{value}")));
                check(&d.to_string().replace(&format!("\"{MARK}\":null"), &format!("\"{key}\":\"x\"")));
            }
            let mut d = doc.clone();
            d.pointer_mut(p).unwrap()["colour"] = Serde::Bool(true);
            check(&d.to_string());
        }
        (accepted, all)
    }

    /// A small deterministic generator (no seed to keep).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    #[test]
    fn models_read_as_serde_read_them() {
        let (mut accepted, mut all) = (0, 0);
        for doc in documents() {
            let (a, n) = mutations::<Model>(&doc);
            accepted += a;
            all += n;
        }
        // Both sides of the line are exercised.
        assert!(accepted > 500 && all - accepted > 5000, "{accepted} of {all}");
    }

    #[test]
    fn option_objects_read_as_serde_read_them() {
        let sql = r#"{"leads": "crm.leads", "activities": "a", "as_of": "2026-01-01T00:00:00Z", "lead_columns": ["Email", "Lead Status"],
            "status_mapping": {"Won": {"outcome": "accepted", "converted": true}, "Junk": {"outcome": "rejected", "reason": "wrong_icp"}, "Open": null}}"#;
        mutations::<SqlOptions>(sql);
        mutations::<PageOptions>(r#"{"sort_by": "score_a", "descending": false, "from": "mql", "to": "recycled"}"#);
        mutations::<BTreeMap<String, Option<Mapped>>>(r#"{"Won": {"outcome": "accepted"}, "Open": null, "Won": {"outcome": "rejected"}}"#);
        mutations::<BTreeMap<String, Option<String>>>(r#"{"E-mail": "email", "Notes": null, "": "title"}"#);
        // The sorted-list map against serde's BTreeMap: order, repeated keys
        // (last value), and errors.
        mutations::<crate::json::Map<Option<Mapped>>>(r#"{"Won": {"outcome": "accepted"}, "Open": null, "Won": {"outcome": "rejected"}, "Ab": null, "A": null, "Won": null}"#);
        mutations::<crate::json::Map<Option<String>>>(r#"{"E-mail": "email", "Notes": null, "": "title", "é": "x", "Z": "y", "Notes": "n"}"#);
    }

    /// One random edit: a character dropped, one put in (from `inserts`),
    /// or a stretch of up to 12 bytes repeated.
    fn damage(t: &mut String, rng: &mut Lcg, inserts: &[char]) {
        let mut at = rng.next(t.len() + 1);
        while !t.is_char_boundary(at) {
            at -= 1;
        }
        match rng.next(3) {
            0 if at < t.len() => {
                t.remove(at);
            }
            1 => t.insert(at, inserts[rng.next(inserts.len())]),
            _ => {
                let mut end = (at + rng.next(12)).min(t.len());
                while !t.is_char_boundary(end) {
                    end -= 1;
                }
                let piece = t[at..end].to_string();
                t.insert_str(at, &piece);
            }
        }
    }

    /// Random edits of the text itself (a byte dropped, a character put
    /// in, a stretch repeated) are rejected or read alike.
    #[test]
    fn damaged_text_reads_as_serde_reads_it() {
        let mut rng = Lcg(7);
        let inserts = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '0', '9', 'e', '.', '-', '+', 'n', 'u', 'x', '\u{1}'];
        for doc in documents() {
            for _ in 0..1500 {
                let mut t = doc.clone();
                for _ in 0..1 + rng.next(3) {
                    damage(&mut t, &mut rng, &inserts);
                }
                same::<Model>(&t);
            }
        }
    }

    /// Numbers come out as the same bits as serde_json's (its own
    /// algorithm, not a correctly rounded one), including the long ones.
    #[test]
    fn numbers_have_serde_jsons_bits() {
        let mut rng = Lcg(11);
        let digits = |rng: &mut Lcg, n: usize| (0..n).map(|_| char::from(b'0' + rng.next(10) as u8)).collect::<String>();
        let mut accepted = 0;
        for _ in 0..20000 {
            let mut t = String::new();
            if rng.next(3) == 0 {
                t.push('-');
            }
            let n = rng.next(26);
            t.push_str(&digits(&mut rng, n));
            if rng.next(2) == 0 {
                t.push('.');
                let n = rng.next(26);
                t.push_str(&digits(&mut rng, n));
            }
            if rng.next(2) == 0 {
                t.push(['e', 'E'][rng.next(2)]);
                t.push_str(["", "+", "-"][rng.next(3)]);
                let n = rng.next(5);
                t.push_str(&digits(&mut rng, n));
            }
            let ours = from_str::<f64>(&t).map(f64::to_bits);
            let theirs = serde_json::from_str::<f64>(&t).map(f64::to_bits);
            assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "{t}");
            accepted += usize::from(ours.is_ok());
            same::<u32>(&t);
            same::<i32>(&t);
        }
        assert!(accepted > 5000, "{accepted}");
        // Past u64 the digits still feed the fraction while they fit.
        for t in ["18446744073709551616.5", "1844674407370955161.5e3", "18446744073709551615999.25", "-0", "-0e5"] {
            assert_eq!(from_str::<f64>(t).unwrap().to_bits(), serde_json::from_str::<f64>(t).unwrap().to_bits(), "{t}");
        }
    }

    #[test]
    fn strings_read_as_serde_reads_them() {
        for t in SNIPPETS.iter().copied().chain(["\"\\uD83D\\uDE00\"", "\"\\ud800\\udbff\"", "\"\u{e9}\"", "\"a", "\"\\", "\"\\u"]) {
            same::<String>(t);
            same::<Option<String>>(t);
            same::<Vec<String>>(&format!("[{t}]"));
        }
    }

    #[test]
    fn errors_say_where() {
        let text = "{\"version\": 1,\n  \"threshold\": \"high\", \"rules\": []}";
        let e = from_str::<Model>(text).unwrap_err();
        assert_eq!((e.path.as_deref(), e.line, e.column), (Some("threshold"), 2, 21), "{e:?}");
        assert_eq!(e.message, "invalid type: string \"high\", expected i32");
        let e = from_str::<Model>("{\"version\": 1, \"threshold\": 1.50, \"rules\": []}").unwrap_err();
        assert_eq!(e.message, "invalid type: floating point `1.50`, expected i32");
        let e = from_str::<Model>("{\"version\": 1,\n\"rules\": [1,]}").unwrap_err();
        assert_eq!((e.path, e.line, e.column, e.message.as_str()), (None, 2, 13, "trailing comma"));
    }

    #[test]
    fn quoted_escapes_as_debug_does() {
        let cases = ["high", "", "say \"hi\"", "back\\slash", "two\nlines\r\n", "tab\there", "nul\0", "bell\u{7}", "del\u{7f}", "c1\u{85}", "é ü ß 東京", "emoji 🎯", "it's"];
        for s in cases {
            assert_eq!(quoted(s), format!("{s:?}"), "{s:?}");
        }
    }

    // ----------------------------------------------- values kept as text

    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde_json::value::RawValue;

    /// The reference: an object's members through serde_json's `MapAccess`
    /// (what the importer read lead records with before).
    #[derive(Debug)]
    struct Members<'de>(Vec<(String, &'de RawValue)>);

    impl<'de> Deserialize<'de> for Members<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Members<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut members = Vec::new();
                    while let Some(k) = map.next_key::<String>()? {
                        members.push((k, map.next_value::<&'de RawValue>()?));
                    }
                    Ok(Members(members))
                }
            }
            d.deserialize_map(V)
        }
    }

    /// A slice's place in `text` (both sides must hand back slices of it).
    fn span(text: &str, part: &str) -> (usize, usize) {
        (part.as_ptr() as usize - text.as_ptr() as usize, part.len())
    }

    /// Ours and serde_json's agree on `text` read as one raw value, as an
    /// array of them and as an object's members (where it starts so), and
    /// on every string among the members. Returns how many readings were
    /// accepted.
    fn same_raw(text: &str) -> usize {
        let mut accepted = 0;
        let theirs = serde_json::from_str::<&RawValue>(text);
        match (raw(text), &theirs) {
            (Ok(a), Ok(b)) => {
                assert_eq!(span(text, a), span(text, b.get()), "{text:?}");
                accepted += 1;
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text:?}"),
            (a, b) => panic!("{text:?}\nours: {a:?}\nserde_json: {b:?}"),
        }
        let first = text.trim_start_matches([' ', '\n', '\t', '\r']).bytes().next();
        if first == Some(b'[') {
            match (raw_array(text), serde_json::from_str::<Vec<&RawValue>>(text)) {
                (Ok(a), Ok(b)) => {
                    let b: Vec<_> = b.iter().map(|v| span(text, v.get())).collect();
                    assert_eq!(a.iter().map(|v| span(text, v)).collect::<Vec<_>>(), b, "{text:?}");
                    accepted += 1;
                    for item in a {
                        accepted += same_members(item);
                    }
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text:?}"),
                (a, b) => panic!("{text:?}\nours: {a:?}\nserde_json: {b:?}"),
            }
        }
        if first == Some(b'{') {
            accepted += same_members(text);
        }
        accepted
    }

    fn same_members(text: &str) -> usize {
        let mut accepted = 0;
        match (raw_members(text), serde_json::from_str::<Members>(text)) {
            (Ok(a), Ok(b)) => {
                let b: Vec<_> = b.0.iter().map(|(k, v)| (k.clone(), span(text, v.get()))).collect();
                assert_eq!(a.iter().map(|(k, v)| (k.clone(), span(text, v))).collect::<Vec<_>>(), b, "{text:?}");
                accepted += 1;
                for (_, v) in a {
                    if v.starts_with('"') {
                        assert_eq!(raw_string(v), serde_json::from_str::<String>(v).ok(), "{v:?}");
                    }
                }
            }
            // A record that is not an object: only the error itself is used.
            (Err(a), Err(b)) if !text.starts_with('{') => drop((a, b)),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text:?}"),
            (a, b) => panic!("{text:?}\nours: {a:?}\nserde_json: {b:?}"),
        }
        accepted
    }

    /// Lead files as the import tests have them, and the edge cases of
    /// strings, numbers and nesting.
    const LEAD_FILES: &[&str] = &[
        "[\n  {\n    \"id\": \"L1\",\n    \"email\": \"ann@x.io\",\n    \"company_size\": 250,\n    \"converted\": true,\n    \"activities\": [\n      {\"timestamp\": \"2026-03-01T09:00:00Z\", \"type\": \"Page View\", \"detail\": \"/pricing\"},\n      {\"timestamp\": \"2026-03-02\", \"type\": \"demo_request\", \"detail\": \"Demo form\"}\n    ]\n  },\n  {\"id\": \"L2\", \"tags\": [\"a\", \"b\"], \"score\": null, \"activities\": [\n    {\"timestamp\": \"2026-02-30\", \"type\": \"visit\"}\n  ]},\n  {\"email\": \"\", \"id\": null}\n]",
        "[\n  {\"id\": \"a\", \"n\": 1.50, \"ok\": true},\n  {\"id\": \"b\",\n   \"x\": null, \"o\": {\"k\": [1, 2]}},\n  3,\n  {\"activities\": [], \"id\": \"c\"}\n]\n",
        "{\"id\": \"a\", \"s\": \" x \"}\r\n\r\n{\"id\": \"b\", \"t\": \"y\"}\n{oops\n[1]\n{\"t\": \"\\u00e9\"}\n",
        "\n{\n  \"id\": \"a\",\n  \"email\": \"a@x.io\"\n}\n",
        "[{\"id\": 1}, ]",
        "[{\"id\": \"x\\ud83d\\ude00\", \"\\ud83d\\ude00k\": \"\\ud800\", \"t\": \"\\udc00x\", \"u\": \"\\ud800\\u0041\", \"v\": \"\\ud800\\n\", \"w\": \"a\\/\\b\\f\\n\\r\\t\\\"\\\\\"}]",
        "[{\"n\": -0, \"m\": 1e999, \"o\": -12.5E-3, \"p\": 123456789012345678901234567890, \"q\": [[[[[[{}]]]]]], \"r\": {\"a\": {\"b\": []}}, \"s\": true, \"f\": false}]",
        "{\"k\\ud800\": 1}\n{\"id\": \"\\udfff\"}\n{\"\\ud83d\\u0041\": 2}\n{\"\\ud83dx\": 3}\n",
    ];

    #[test]
    fn lead_files_read_as_serde_json_reads_them() {
        let mut rng = Lcg(13);
        let inserts = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '\r', '0', '9', 'e', '.', '-', '+', 'n', 'u', 'd', '8', 'c', 'D', 'x', '\u{1}', '\u{a0}', 'é'];
        let mut accepted = 0;
        let mut all = 0;
        for doc in LEAD_FILES {
            for round in 0..3000 {
                let mut t = doc.to_string();
                for _ in 0..usize::from(round > 0) * (1 + rng.next(3)) {
                    damage(&mut t, &mut rng, &inserts);
                }
                all += 1;
                accepted += same_raw(&t);
                // NDJSON: each line on its own, and cut short anywhere.
                for line in t.split('\n') {
                    same_raw(line.trim());
                }
                let mut cut = rng.next(t.len() + 1);
                while !t.is_char_boundary(cut) {
                    cut -= 1;
                }
                same_raw(&t[..cut]);
            }
        }
        // Both sides of the line are exercised.
        assert!(accepted > 2000 && all > 20000, "{accepted} of {all}");
    }
}
