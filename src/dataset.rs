//! The imported data: a lead table and a compact activity log.
//!
//! Leads keep every cell of their row (custom fields stay usable by rules),
//! stored by column: a code per cell into the column's strings (a bit, a
//! byte, two or four, as the column needs), so a million leads are a few
//! dozen allocations, not twelve million; activities
//! are 24-byte records whose type and detail strings are interned,
//! so a URL seen a million times is stored once.

use rustc_hash::FxHashMap as HashMap;

use crate::outcomes::{Decision, DecisionSource, Mapped, Outcome};
use crate::texts::{append_bytes, Texts};
use crate::words::word;
use crate::time::Time;

/// The canonical lead columns of SPEC section 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(test, derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Field {
    Id,
    FirstName,
    LastName,
    Name,
    Email,
    Phone,
    Title,
    Company,
    CompanySize,
    Industry,
    Country,
    Territory,
    CreatedAt,
    SalesOutcome,
    RejectionReason,
    RejectedAt,
    Converted,
    FirstContactAt,
}
crate::json_name!(Field, Field::key);

impl Field {
    pub const ALL: [Field; 18] = [
        Field::Id,
        Field::FirstName,
        Field::LastName,
        Field::Name,
        Field::Email,
        Field::Phone,
        Field::Title,
        Field::Company,
        Field::CompanySize,
        Field::Industry,
        Field::Country,
        Field::Territory,
        Field::CreatedAt,
        Field::SalesOutcome,
        Field::RejectionReason,
        Field::RejectedAt,
        Field::Converted,
        Field::FirstContactAt,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Title => "title",
            Field::Company => "company",
            Field::CompanySize => "company_size",
            Field::Industry => "industry",
            Field::Country => "country",
            Field::Territory => "territory",
            Field::CreatedAt => "created_at",
            Field::SalesOutcome => "sales_outcome",
            Field::RejectionReason => "rejection_reason",
            Field::RejectedAt => "rejected_at",
            Field::Converted => "converted",
            Field::FirstContactAt => "first_contact_at",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        let k = normalize_header(key);
        Field::ALL.into_iter().find(|f| normalize_header(f.key()) == k)
    }
}

/// Header matching per SPEC: case-insensitive, ignoring spaces, `_` and `-`.
pub fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{feff}'))
        .flat_map(crate::lowercase::lower_char)
        .collect()
}

/// Key used to join activities to leads: trimmed, and lower-cased when it
/// is an email (emails are case-insensitive; opaque CRM ids are not).
pub fn lead_key(raw: &str) -> String {
    let t = raw.trim();
    if t.contains('@') {
        crate::lowercase::lowercase(t)
    } else {
        t.to_string()
    }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Column {
    /// The header as it appeared in the file.
    pub header: String,
    /// The canonical field it feeds, or `None` for a custom field.
    pub field: Option<Field>,
}
crate::json_object!(Column { header, field });

/// One lead's typed values (its text is in the table's cells; its id is
/// [`LeadTable::id`]). 40 bytes: a million leads are 40 MB of rows.
#[derive(Clone, Debug)]
pub struct Lead {
    /// Line of the file the row started on (1-based, header is line 1).
    pub line: u32,
    pub company_size: MaybeNumber,
    pub created_at: MaybeTime,
    pub rejected_at: MaybeTime,
    pub first_contact_at: MaybeTime,
    pub converted: Option<bool>,
    /// The decision in the row's own columns (`sales_outcome`, or a CRM
    /// status word mapped to an outcome), with `rejection_reason`.
    pub decision: Option<Mapped>,
}

/// A number or none in 8 bytes (an `Option<f64>` takes 16): NaN is none;
/// parsed company sizes are digits, never NaN.
#[derive(Clone, Copy, Debug)]
pub struct MaybeNumber(f64);

impl MaybeNumber {
    pub const NONE: MaybeNumber = MaybeNumber(f64::NAN);

    pub fn get(self) -> Option<f64> {
        (!self.0.is_nan()).then_some(self.0)
    }
}

impl PartialEq for MaybeNumber {
    fn eq(&self, other: &MaybeNumber) -> bool {
        self.get() == other.get()
    }
}

impl From<Option<f64>> for MaybeNumber {
    fn from(n: Option<f64>) -> MaybeNumber {
        debug_assert!(!n.is_some_and(f64::is_nan));
        MaybeNumber(n.unwrap_or(f64::NAN))
    }
}

/// Earlier versions of a lead's row (its cell codes, one per column as the
/// table had then), oldest first, kept by update imports: the current
/// version is `codes.len()`. Held apart from the rows, by lead, for the
/// few leads an update import changed.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub codes: Vec<Box<[u32]>>,
    /// The row version the row's own decision came in with.
    pub decision_version: u32,
    /// The id as first read, once an update import changed the lead's id
    /// or email cell (a lead keeps the id it came in with).
    pub pinned_id: Option<Box<str>>,
}

impl History {
    /// Bytes held.
    pub fn bytes(&self) -> usize {
        48 + self.codes.capacity() * 16 + self.codes.iter().map(|c| c.len() * 4).sum::<usize>() + self.pinned_id.as_ref().map_or(0, |s| s.len())
    }
}

/// A time or none in 8 bytes (an `Option<Time>` takes 16, 24 MB of lead
/// rows at a million leads): parsed times lie within years 0 to 9999, far
/// from the value that means none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaybeTime(Time);

impl MaybeTime {
    pub const NONE: MaybeTime = MaybeTime(Time::MIN);

    pub fn get(self) -> Option<Time> {
        (self.0 != Time::MIN).then_some(self.0)
    }
}

impl Default for MaybeTime {
    fn default() -> MaybeTime {
        MaybeTime::NONE
    }
}

impl From<Option<Time>> for MaybeTime {
    fn from(t: Option<Time>) -> MaybeTime {
        MaybeTime(t.unwrap_or(Time::MIN))
    }
}

impl From<Time> for MaybeTime {
    fn from(t: Time) -> MaybeTime {
        debug_assert_ne!(t, Time::MIN);
        MaybeTime(t)
    }
}

/// How many distinct strings a column remembers to share: enough for
/// industries, countries and titles; ids and emails stop looking early.
const SHARED_STRINGS: usize = 1 << 14;

/// Lookups after which a column that found under one string in sixteen
/// already stored (ids, emails, phones, times with seconds) stops looking:
/// filing sixteen thousand strings of each such column before it stopped
/// was a tenth of a 100k-lead import.
const UNIQUE_AFTER: u32 = 1 << 10;

/// A column's codes, one per lead, as narrow as its strings allow: a bit
/// per lead while nearly every cell is empty or a new string in lead order
/// (ids, emails, phones, dates with seconds), else a byte, two or four per
/// cell, widened when a code no longer fits.
#[derive(Clone, Debug)]
enum Codes {
    /// Lead `i`'s code is 0 when its bit is clear, else one more than the
    /// bits set before it (`ranks[w]` counts those before word `w`); but
    /// for the few leads in `odd` (by lead: a repeated string, a changed cell).
    Seq { bits: Vec<u64>, ranks: Vec<u32>, odd: Vec<(u32, u32)>, len: u32, count: u32 },
    /// Lead `i`'s code in `bytes[i * width..][..width]`, little-endian.
    Packed { bytes: Vec<u8>, width: usize },
}

impl Default for Codes {
    fn default() -> Codes {
        Codes::Seq { bits: Vec::new(), ranks: Vec::new(), odd: Vec::new(), len: 0, count: 0 }
    }
}

/// Bytes a code up to `code` takes.
fn width_for(code: u32) -> usize {
    match code {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        _ => 4,
    }
}

impl Codes {
    fn len(&self) -> usize {
        match self {
            Codes::Seq { len, .. } => *len as usize,
            Codes::Packed { bytes, width } => bytes.len() / width,
        }
    }

    fn get(&self, lead: usize) -> u32 {
        match self {
            Codes::Seq { bits, ranks, odd, len, .. } => {
                assert!(lead < *len as usize);
                if !odd.is_empty() {
                    if let Ok(k) = odd.binary_search_by_key(&(lead as u32), |&(l, _)| l) {
                        return odd[k].1;
                    }
                }
                let (w, b) = (lead / 64, lead % 64);
                let word = bits[w];
                if word >> b & 1 == 0 {
                    0
                } else {
                    ranks[w] + (word & ((1u64 << b) - 1)).count_ones() + 1
                }
            }
            Codes::Packed { bytes, width } => {
                let mut b = [0u8; 4];
                b[..*width].copy_from_slice(&bytes[lead * width..][..*width]);
                u32::from_le_bytes(b)
            }
        }
    }

    /// Whether a bit per lead still pays with one more odd lead: its list
    /// (8 bytes a lead) stays under a quarter byte per lead.
    fn room_for_odd(odd: usize, len: u32) -> bool {
        odd < 64 || odd < len as usize / 32
    }

    /// The codes in an array wide enough for `code`, with room for `extra` more.
    fn widen(&mut self, code: u32, extra: usize) {
        let top = match self {
            Codes::Seq { count, odd, .. } => odd.iter().map(|o| o.1).fold(code.max(*count), u32::max),
            Codes::Packed { width, .. } if width_for(code) <= *width => return,
            Codes::Packed { .. } => code,
        };
        let (n, width) = (self.len(), width_for(top));
        let mut bytes = Vec::with_capacity((n + extra) * width);
        // In lead order, without a lookup per lead (`get`'s search of `odd`).
        match self {
            Codes::Seq { bits, odd, .. } => {
                let (mut rank, mut odd) = (0, odd.iter().peekable());
                for i in 0..n {
                    let mut code = 0u32;
                    if bits[i / 64] >> (i % 64) & 1 == 1 {
                        rank += 1;
                        code = rank;
                    }
                    if let Some(&(_, c)) = odd.next_if(|o| o.0 as usize == i) {
                        code = c;
                    }
                    bytes.extend_from_slice(&code.to_le_bytes()[..width]);
                }
            }
            Codes::Packed { bytes: old, width: w } => {
                for c in old.chunks_exact(*w) {
                    let mut b = [0u8; 4];
                    b[..c.len()].copy_from_slice(c);
                    bytes.extend_from_slice(&b[..width]);
                }
            }
        }
        *self = Codes::Packed { bytes, width };
    }

    #[inline(always)]
    fn push(&mut self, code: u32) {
        if let Codes::Packed { bytes, width } = self {
            // The usual case first, without the general copy of `width` bytes.
            match *width {
                1 if code <= 0xff => return append_bytes(bytes, &[code as u8]),
                2 if code <= 0xffff => return append_bytes(bytes, &(code as u16).to_le_bytes()),
                4 => return append_bytes(bytes, &code.to_le_bytes()),
                _ => {}
            }
        }
        self.push_bits(code);
    }

    /// [`Codes::push`]'s rare part: a bit-per-lead column, or a code wider
    /// than the packed width.
    #[inline(never)]
    fn push_bits(&mut self, code: u32) {
        if let Codes::Seq { bits, ranks, odd, len, count } = self {
            let next = code == *count + 1;
            if code == 0 || next || Self::room_for_odd(odd.len(), *len) {
                let (w, b) = (*len as usize / 64, *len % 64);
                if b == 0 {
                    bits.push(0);
                    ranks.push(*count);
                }
                if next {
                    bits[w] |= 1 << b;
                    *count += 1;
                } else if code != 0 {
                    odd.push((*len, code));
                }
                *len += 1;
                return;
            }
        }
        let n = self.len();
        // Room for as many again, as a Vec would have grown.
        self.widen(code, n.max(16));
        if let Codes::Packed { bytes, width } = self {
            bytes.extend_from_slice(&code.to_le_bytes()[..*width]);
        }
    }

    fn set(&mut self, lead: usize, code: u32) {
        if self.get(lead) == code {
            return;
        }
        if let Codes::Seq { odd, len, .. } = self {
            match odd.binary_search_by_key(&(lead as u32), |&(l, _)| l) {
                Ok(k) => return odd[k].1 = code,
                Err(k) if Self::room_for_odd(odd.len(), *len) => return odd.insert(k, (lead as u32, code)),
                Err(_) => {}
            }
        }
        self.widen(code, 0);
        if let Codes::Packed { bytes, width } = self {
            bytes[lead * *width..][..*width].copy_from_slice(&code.to_le_bytes()[..*width]);
        }
    }

    fn reserve(&mut self, more: usize) {
        match self {
            Codes::Seq { bits, ranks, .. } => {
                bits.reserve(more / 64 + 1);
                ranks.reserve(more / 64 + 1);
            }
            Codes::Packed { bytes, width } => bytes.reserve(more * *width),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Codes::Seq { bits, ranks, odd, .. } => bits.capacity() * 8 + ranks.capacity() * 4 + odd.capacity() * 8,
            Codes::Packed { bytes, .. } => bytes.capacity(),
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            Codes::Seq { bits, ranks, odd, .. } => {
                bits.shrink_to_fit();
                ranks.shrink_to_fit();
                odd.shrink_to_fit();
            }
            Codes::Packed { bytes, .. } => bytes.shrink_to_fit(),
        }
    }

    /// Bytes a code takes (0: a bit per lead).
    #[cfg(test)]
    fn width(&self) -> usize {
        match self {
            Codes::Seq { .. } => 0,
            Codes::Packed { width, .. } => *width,
        }
    }
}

/// The strings a column shares (see [`Cells::code_of`]), filed in the
/// order they were stored, so that the `i`-th is code `base + i + 1`: an
/// [`Interner`] (one text buffer, no allocation per string; a probe tells
/// a different hash apart without reading the text). In front of it, a
/// cache of short strings by their bytes ([`short_key`]).
#[derive(Clone, Debug, Default)]
struct Shared {
    strings: Interner,
    /// Strings of the column stored before the first one filed here.
    base: u32,
    /// [`SHORT_CACHE`] slots (allocated at the first `remember`), each a short
    /// string filed here: its key's two words, and its length above its
    /// code (0: an empty slot; no string filed is empty).
    cache: Vec<[u64; 3]>,
}

/// Slots of a column's cache of short strings: the titles, industries,
/// countries, names and small numbers of a lead file, found without a
/// hash of the text, a probe and a compare of the stored text (a fifth
/// of a 1M-lead import's lookups and their calls).
const SHORT_CACHE: usize = 1 << 10;

/// The longest string [`short_key`] keeps whole.
const SHORT_KEY: usize = 16;

/// A string of 1 to [`SHORT_KEY`] bytes as two words that, with its
/// length, hold every byte of it (the words overlap when shorter than
/// sixteen, as in [`hash_bytes`]), so that two strings of one length are
/// the same exactly when their words are; `None` for a longer one.
#[inline(always)]
fn short_key(b: &[u8]) -> Option<(u64, u64)> {
    #[inline(always)]
    fn half(b: &[u8], i: usize) -> u64 {
        u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]))
    }
    let n = b.len();
    Some(match n {
        0 => (0, 0),
        1..=3 => (u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16, 0),
        4..=7 => (half(b, 0) | half(b, n - 4) << 32, 0),
        8..=SHORT_KEY => (word(b, 0), word(b, n - 8)),
        _ => return None,
    })
}

impl Shared {
    fn len(&self) -> usize {
        self.strings.len()
    }

    /// The code of `s` (hash `h`), or the empty slot where it would go.
    #[inline]
    fn find(&self, s: &str, h: u64) -> Result<u32, usize> {
        self.strings.find(s, h).map(|i| self.base + i + 1)
    }

    /// The cache slot of a short string (its [`short_key`] and length).
    #[inline(always)]
    fn cache_slot((a, b): (u64, u64), n: usize) -> usize {
        let h = (a ^ b.rotate_left(29) ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - SHORT_CACHE.trailing_zeros())) as usize
    }

    /// The code of the short string of key `key` and length `n`, if cached.
    #[inline(always)]
    fn cached(&self, key: (u64, u64), n: usize) -> Option<u32> {
        match self.cache.get(Self::cache_slot(key, n)) {
            Some(e) if e[0] == key.0 && e[1] == key.1 && e[2] >> 32 == n as u64 => Some(e[2] as u32),
            _ => None,
        }
    }

    /// Caches the short string of key `key` and length `n`, filed here as `code`.
    #[inline(never)]
    fn remember(&mut self, key: (u64, u64), n: usize, code: u32) {
        if self.cache.is_empty() {
            self.cache = vec![[0; 3]; SHORT_CACHE];
        }
        self.cache[Self::cache_slot(key, n)] = [key.0, key.1, (n as u64) << 32 | u64::from(code)];
    }

    /// Files `s` (hash `h`, not filed yet, its empty slot `at`) as code `code`.
    fn insert(&mut self, s: &str, h: u64, at: usize, code: u32) {
        if self.strings.is_empty() {
            self.base = code - 1;
        }
        debug_assert_eq!(code, self.base + self.len() as u32 + 1);
        self.strings.insert_at(s, h, at);
    }

    fn bytes(&self) -> usize {
        self.strings.bytes() + self.cache.capacity() * 24
    }
}

/// One column's cells: a code per lead ([`Codes`]) into one text buffer.
/// Code 0 is the empty cell. Strings are only appended (an update import
/// adds the new value), so the codes of earlier row versions stay valid.
#[derive(Clone, Debug, Default)]
pub struct Cells {
    codes: Codes,
    /// Code `k > 0` is string `k - 1`.
    texts: Texts,
    shared: Shared,
    /// Lookups that found a string already stored, and all lookups: a
    /// column nearly all unique (ids, emails) stops looking after
    /// [`UNIQUE_AFTER`] lookups, one mostly unique once it is full.
    hits: u32,
    looks: u32,
    /// A date column: string `k`'s time in `times[k]`, as seconds since
    /// 1970 (up to 2106), when its text is the time's one rendering
    /// ([`crate::time::canonical_time`]), its text then not stored; else
    /// [`NO_TIME`], and the text stored as in other columns.
    dates: bool,
    times: Vec<u32>,
}

/// A date column's string that is stored as text.
const NO_TIME: u32 = u32::MAX;

/// A cell's text: borrowed from the column, or a date column's time
/// rendered in place (`2026-03-01T09:30:00Z`, the text the cell was read
/// with). Reads as a `&str` ([`std::ops::Deref`]).
#[derive(Clone, Copy)]
pub struct CellText<'a>(CellRepr<'a>);

#[derive(Clone, Copy)]
enum CellRepr<'a> {
    Text(&'a str),
    Time([u8; crate::time::RENDERED]),
}

impl<'a> CellText<'a> {
    /// The text, borrowed for as long as the column when it is stored.
    pub fn stored(self) -> Option<&'a str> {
        match self.0 {
            CellRepr::Text(s) => Some(s),
            CellRepr::Time(_) => None,
        }
    }

    /// What follows the last `@` (an email's domain), empty without one.
    pub fn after_at(self) -> CellText<'a> {
        match self.0 {
            CellRepr::Text(s) => CellText(CellRepr::Text(s.rsplit_once('@').map_or("", |(_, d)| d))),
            // A rendered time has no `@`.
            CellRepr::Time(_) => CellText(CellRepr::Text("")),
        }
    }
}

impl<'a> From<&'a str> for CellText<'a> {
    fn from(s: &'a str) -> CellText<'a> {
        CellText(CellRepr::Text(s))
    }
}

impl std::ops::Deref for CellText<'_> {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        match &self.0 {
            CellRepr::Text(s) => s,
            // Rendered from ASCII digits and separators.
            CellRepr::Time(b) => std::str::from_utf8(b).unwrap_or_default(),
        }
    }
}

impl PartialEq for CellText<'_> {
    fn eq(&self, other: &CellText<'_>) -> bool {
        **self == **other
    }
}

impl PartialEq<str> for CellText<'_> {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for CellText<'_> {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl PartialEq<String> for CellText<'_> {
    fn eq(&self, other: &String) -> bool {
        **self == **other
    }
}

impl PartialEq<&String> for CellText<'_> {
    fn eq(&self, other: &&String) -> bool {
        **self == ***other
    }
}

impl std::fmt::Display for CellText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for CellText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl Cells {
    /// An empty column for cells of `field`: a date field's column keeps
    /// canonical dates as times.
    pub fn for_field(field: Option<Field>) -> Cells {
        Cells { dates: matches!(field, Some(Field::CreatedAt | Field::RejectedAt | Field::FirstContactAt)), ..Cells::default() }
    }

    /// A column of `n` empty cells of `field` (a column an update import adds).
    pub fn empty(n: usize, field: Option<Field>) -> Cells {
        let mut c = Cells::for_field(field);
        (0..n).for_each(|_| c.codes.push(0));
        c
    }

    /// The code of `s`, stored when new; `time` is its time when it is
    /// already read ([`crate::time::parse_time`]), in a date column.
    #[inline(always)]
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn code_of(&mut self, s: &str, time: Option<Time>) -> u32 {
        if s.is_empty() {
            return 0;
        }
        let full = self.shared.len() >= SHARED_STRINGS;
        let unique = self.looks >= UNIQUE_AFTER && self.hits * 16 < self.looks;
        let mut found = None;
        if !unique && (!full || self.hits * 2 > self.looks) {
            self.looks += 1;
            let key = short_key(s.as_bytes());
            // A match, not `Option::and_then`: the size-first build calls that.
            if let Some(key) = key {
                if let Some(k) = self.shared.cached(key, s.len()) {
                    debug_assert_eq!(self.shared.find(s, text_hash(s)), Ok(k));
                    self.hits += 1;
                    return k;
                }
            }
            let h = text_hash(s);
            match self.shared.find(s, h) {
                Ok(k) => {
                    self.hits += 1;
                    if let Some(key) = key {
                        self.shared.remember(key, s.len(), k);
                    }
                    return k;
                }
                Err(at) => found = Some((h, at, key)),
            }
        }
        let k = if self.dates {
            debug_assert!(time.is_none() || time == crate::time::parse_time(s).ok());
            let t = match time {
                Some(t) => crate::time::canonical_shape(s).then_some(t),
                None => crate::time::canonical_time(s),
            };
            let t = t.and_then(|t| u32::try_from(t).ok()).filter(|&t| t != NO_TIME);
            self.times.push(t.unwrap_or(NO_TIME));
            self.texts.push(if t.is_some() { "" } else { s }) + 1
        } else {
            self.texts.push(s) + 1
        };
        if let (false, Some((h, at, key))) = (full, found) {
            self.shared.insert(s, h, at, k);
            if let Some(key) = key {
                self.shared.remember(key, s.len(), k);
            }
        }
        k
    }

    /// [`Cells::code_of`] in a call of its own, for the rare replaced cell.
    #[inline(never)]
    fn code_of_outlined(&mut self, s: &str) -> u32 {
        self.code_of(s, None)
    }

    /// Appends a cell for the next lead.
    #[inline]
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub fn push(&mut self, s: &str) {
        // An empty cell (a quarter of a lead file's) without the call.
        if s.is_empty() {
            self.codes.push(0);
        } else {
            self.push_with(s, None);
        }
    }

    /// [`Cells::push`] for a date column's cell `s` whose time `t` is
    /// already read ([`crate::time::parse_time`]): not read again.
    #[inline]
    pub fn push_time(&mut self, s: &str, t: Time) {
        self.push_with(s, Some(t));
    }

    /// [`Cells::push`] and [`Cells::push_time`], with the code's lookup
    /// and the string's filing inlined (a call or two less per cell).
    #[inline(never)]
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn push_with(&mut self, s: &str, time: Option<Time>) {
        let k = self.code_of(s, time);
        self.codes.push(k);
    }

    /// Whether the column keeps canonical dates as times ([`Cells::for_field`]).
    pub fn is_dates(&self) -> bool {
        self.dates
    }

    /// Replaces lead `lead`'s cell.
    pub fn set(&mut self, lead: usize, s: &str) {
        if self.get(lead) != s {
            let k = self.code_of_outlined(s);
            self.codes.set(lead, k);
        }
    }

    #[inline]
    pub fn get(&self, lead: usize) -> CellText<'_> {
        self.string(self.codes.get(lead))
    }

    /// Lead `lead`'s stored text, for a column that is not a date column
    /// (ids, emails): borrowed for as long as the column.
    pub fn text(&self, lead: usize) -> &str {
        debug_assert!(!self.dates);
        self.texts_of(self.codes.get(lead))
    }

    fn texts_of(&self, code: u32) -> &str {
        match code {
            0 => "",
            k => self.texts.get(k - 1),
        }
    }

    #[inline]
    pub fn code(&self, lead: usize) -> u32 {
        self.codes.get(lead)
    }

    /// The string of code `code`.
    #[inline]
    pub fn string(&self, code: u32) -> CellText<'_> {
        if self.dates && code > 0 {
            let t = self.times[code as usize - 1];
            if t != NO_TIME {
                return CellText(CellRepr::Time(crate::time::render(Time::from(t))));
            }
        }
        CellText(CellRepr::Text(self.texts_of(code)))
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.len() == 0
    }

    /// Bytes of the column's strings, each stored once.
    pub fn text_bytes(&self) -> usize {
        self.texts.text_len()
    }

    /// How many codes there are (the empty cell's included).
    pub fn strings(&self) -> usize {
        self.texts.len() + 1
    }

    /// Bytes held, for the memory estimate.
    pub fn bytes(&self) -> usize {
        self.codes.bytes() + self.texts.bytes() + self.shared.bytes() + self.times.capacity() * 4
    }

    /// Room for `more` cells like those so far, in a column whose strings
    /// are mostly new (ids, emails, phones, dates): their text and bounds
    /// then grow once instead of doubling, which left holes in wasm memory
    /// that the next big buffer could not use. Columns that repeat their
    /// strings get nothing (their text stops growing early).
    pub fn reserve_like_so_far(&mut self, more: usize) {
        let n = self.codes.len();
        if n == 0 || self.hits * 2 > self.looks {
            return;
        }
        let per = |x: usize| (x as f64 / n as f64 * more as f64) as usize;
        // A tenth more: the first rows of a file are not quite the rest.
        self.texts.reserve(per(self.texts.len()), per(self.texts.text_len()) / 10 * 11);
        self.codes.reserve(more);
    }

    /// Drops the share table once a table is complete: it only speeds up
    /// imports, and update imports work without it.
    pub fn seal(&mut self) {
        self.shared = Shared::default();
        self.looks = 0;
        self.hits = 0;
        self.codes.shrink_to_fit();
        self.texts.shrink_to_fit();
        self.times.shrink_to_fit();
    }
}

/// One version of a lead's row, read by column.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    cells: &'a [Cells],
    at: RowAt<'a>,
}

#[derive(Clone, Copy)]
enum RowAt<'a> {
    Now(usize),
    Then(&'a [u32]),
}

impl<'a> Row<'a> {
    /// The cell in column `col`; empty for a column the row version lacks.
    pub fn get(&self, col: usize) -> CellText<'a> {
        let Some(c) = self.cells.get(col) else { return "".into() };
        match self.at {
            RowAt::Now(lead) => c.get(lead),
            RowAt::Then(codes) => codes.get(col).map_or("".into(), |&k| c.string(k)),
        }
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = CellText<'a>> + '_ {
        (0..self.cells.len()).map(|c| self.get(c))
    }
}

#[derive(Clone, Debug, Default)]
pub struct LeadTable {
    pub columns: Vec<Column>,
    /// The cells, one [`Cells`] per column.
    pub cells: Vec<Cells>,
    pub leads: Vec<Lead>,
    by_key: KeyIndex,
    /// Earlier row versions and pinned ids, by lead (only leads an update
    /// import changed).
    history: PinnedIds,
}

impl LeadTable {
    /// A table of `leads` with `cells` by column and the keys in `by_key`.
    pub fn new(columns: Vec<Column>, cells: Vec<Cells>, leads: Vec<Lead>, by_key: KeyIndex) -> LeadTable {
        LeadTable { columns, cells, leads, by_key, history: HashMap::default() }
    }

    /// Column index holding a canonical field, if mapped.
    pub fn field_column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| c.field == Some(field))
    }

    /// Where the keys' text is.
    fn key_text(&self) -> KeyText<'_> {
        KeyText { cells: &self.cells, id_col: self.field_column(Field::Id), email_col: self.field_column(Field::Email), pinned: &self.history }
    }

    /// Lead `lead`'s id: its id cell, or its email cell when that is empty
    /// (as it was read; an update import does not change it).
    pub fn id(&self, lead: usize) -> &str {
        self.key_text().id(lead as u32)
    }

    /// The lead filed under `key` (a [`lead_key`]): by id, else by email.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub fn find(&self, key: &str) -> Option<u32> {
        self.by_key.get(&self.key_text(), key)
    }

    /// [`Self::find`] of each of `keys` into `found` (as many; `u32::MAX`
    /// for none), looked up many at a time so that their cache misses
    /// overlap ([`KeyIndex::get_many`]).
    pub fn find_many(&self, keys: &[&str], found: &mut [u32]) {
        self.by_key.get_many(&self.key_text(), keys, found);
    }

    /// Files lead `lead`'s id key (replacing the lead it was filed under).
    pub fn file_id(&mut self, lead: u32) {
        let src = KeyText { cells: &self.cells, id_col: self.field_column(Field::Id), email_col: self.field_column(Field::Email), pinned: &self.history };
        let key = lead_key(src.id(lead));
        self.by_key.insert(&src, &key, KeyRef::Id(lead));
    }

    /// Files lead `lead`'s email key unless it is taken.
    pub fn file_email(&mut self, lead: u32) {
        let src = KeyText { cells: &self.cells, id_col: self.field_column(Field::Id), email_col: self.field_column(Field::Email), pinned: &self.history };
        let Some(ec) = src.email_col else { return };
        let email = self.cells[ec].text(lead as usize);
        if !email.is_empty() {
            self.by_key.insert_if_free(&src, &lead_key(email), KeyRef::Email(lead));
        }
    }

    /// Before an update import changes lead `lead`'s id or email cell: the
    /// lead keeps its id, and its keys keep their text.
    pub fn pin_keys(&mut self, lead: u32) {
        let src = KeyText { cells: &self.cells, id_col: self.field_column(Field::Id), email_col: self.field_column(Field::Email), pinned: &self.history };
        let id: Box<str> = src.id(lead).into();
        self.by_key.detach(&src, lead);
        self.history.entry(lead).or_default().pinned_id.get_or_insert(id);
    }

    /// Every key filed, with its lead, in no order.
    pub fn key_entries(&self) -> Vec<(String, u32)> {
        let src = self.key_text();
        let mut buf = String::new();
        self.by_key.refs().map(|r| (self.by_key.text(&src, r, &mut buf).to_string(), self.by_key.lead_of(r))).collect()
    }

    /// Keys filed.
    pub fn keys(&self) -> usize {
        self.by_key.len()
    }

    /// Lead `lead`'s row version (how many earlier versions it has).
    pub fn version(&self, lead: usize) -> u32 {
        self.history.get(&(lead as u32)).map_or(0, |h| h.codes.len() as u32)
    }

    /// The row version lead `lead`'s own decision came in with.
    pub fn decision_version(&self, lead: usize) -> u32 {
        self.history.get(&(lead as u32)).map_or(0, |h| h.decision_version)
    }

    /// Keeps lead `lead`'s current row as a version (an update import is
    /// about to change it).
    pub fn push_version(&mut self, lead: usize) {
        let codes = self.codes(lead);
        self.history.entry(lead as u32).or_default().codes.push(codes);
    }

    /// The lead's own decision came in with its current row version.
    pub fn decision_now(&mut self, lead: usize) {
        let v = self.version(lead);
        if v > 0 {
            self.history.entry(lead as u32).or_default().decision_version = v;
        }
    }

    /// Bytes of the row versions, the pinned ids and the key index.
    pub fn history_bytes(&self) -> usize {
        self.history.values().map(History::bytes).sum()
    }

    pub fn key_bytes(&self) -> usize {
        self.by_key.bytes()
    }

    /// Resolves a rule's field name: a canonical key (`company_size`), or a
    /// header as written in the file, both matched as SPEC matches headers.
    pub fn column_for(&self, name: &str) -> Option<usize> {
        if let Some(f) = Field::from_key(name) {
            if let Some(i) = self.field_column(f) {
                return Some(i);
            }
        }
        let n = normalize_header(name);
        self.columns.iter().position(|c| normalize_header(&c.header) == n)
    }

    pub fn value(&self, lead: usize, field: Field) -> CellText<'_> {
        match self.field_column(field) {
            Some(c) => self.cells[c].get(lead),
            None => "".into(),
        }
    }

    pub fn cell(&self, lead: usize, col: usize) -> CellText<'_> {
        self.cells.get(col).map_or("".into(), |c| c.get(lead))
    }

    /// Lead `lead`'s row as it is now.
    pub fn row(&self, lead: usize) -> Row<'_> {
        Row { cells: &self.cells, at: RowAt::Now(lead) }
    }

    /// Lead `lead`'s row as it was at `version` (now when it is the latest).
    pub fn row_at(&self, lead: usize, version: u32) -> Row<'_> {
        match self.history.get(&(lead as u32)).and_then(|h| h.codes.get(version as usize)) {
            Some(codes) => Row { cells: &self.cells, at: RowAt::Then(codes) },
            None => self.row(lead),
        }
    }

    /// The current codes of lead `lead`'s row (kept as a version when an
    /// update import changes it).
    pub fn codes(&self, lead: usize) -> Box<[u32]> {
        self.cells.iter().map(|c| c.code(lead)).collect()
    }

    /// A display name: `name`, or first and last name joined.
    pub fn display_name(&self, lead: usize) -> String {
        let name = self.value(lead, Field::Name);
        if !name.is_empty() {
            return name.to_string();
        }
        let first = self.value(lead, Field::FirstName);
        let last = self.value(lead, Field::LastName);
        format!("{first} {last}").trim().to_string()
    }
}

/// Strings stored once, referred to by index: the text in one buffer, and
/// an open-addressing table of slots, each holding a string's index and 32
/// bits of its hash. No allocation per string; a lookup reads one slot
/// (a different hash is told apart there) and then the string to compare.
#[derive(Clone, Debug)]
pub struct Interner {
    text: String,
    /// String `i` is `text[ends[i]..ends[i + 1]]`.
    ends: Vec<u32>,
    /// `index + 1` in the low 32 bits (0: an empty slot), the hash's high
    /// 32 bits above; a power of two long, at most half full.
    slots: Vec<u64>,
}

impl Default for Interner {
    fn default() -> Interner {
        Interner { text: String::new(), ends: vec![0], slots: Vec::new() }
    }
}

/// Strings [`Interner::intern_many`] looks up at a time.
pub(crate) const MANY: usize = 64;

/// Room for [`Interner::intern_many`]'s lookups, kept from batch to batch.
pub(crate) struct Lookups {
    hashes: [u64; MANY],
    /// Each string's first slot.
    slots: [u64; MANY],
    /// Each string's index, or [`NOT_FOUND`], or [`SAME`].
    found: [u32; MANY],
}

/// A string [`Interner::find_many`] did not find (new, or sharing its tag
/// with another one).
const NOT_FOUND: u32 = u32::MAX;
/// A string the same as the one before.
const SAME: u32 = u32::MAX - 1;

impl Default for Lookups {
    fn default() -> Lookups {
        Lookups { hashes: [0; MANY], slots: [0; MANY], found: [0; MANY] }
    }
}

/// Whether two byte strings are equal, compared eight bytes at a time:
/// `==` on slices calls memcmp, which in wasm goes a byte at a time.
#[inline]
#[cfg_attr(leadscore_speed, optimize(speed))]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    same_bytes_here(a, b)
}

/// [`same_bytes`] inlined, for the lookups of [`Interner::find_many`]
/// (opt-level "z" kept it a call per string, twice a row).
#[inline(always)]
fn same_bytes_here(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        let mut i = 0;
        while i < n {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        return true;
    }
    // Whole words, then the last eight bytes (overlapping the one before).
    let mut i = 0;
    while i + 8 < n {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 8;
    }
    word(a, n - 8) == word(b, n - 8)
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        self.intern_hashed(s, text_hash(s))
    }

    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn intern_hashed(&mut self, s: &str, h: u64) -> u32 {
        match self.find(s, h) {
            Ok(i) => i,
            Err(slot) => self.insert_at(s, h, slot),
        }
    }

    /// Files `s` (hash `h`, not filed yet, its empty slot `slot` from
    /// [`Self::find`]) as the next string; returns its index.
    fn insert_at(&mut self, s: &str, h: u64, slot: usize) -> u32 {
        let next = self.len() as u32;
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        if self.len() * 2 > self.slots.len() {
            self.rebuild(next as usize);
        } else {
            self.slots[slot] = Self::slot(h, next);
        }
        next
    }

    fn slot(h: u64, i: u32) -> u64 {
        (h & !0xffff_ffff) | u64::from(i + 1)
    }

    /// How far to shift a hash for its first slot in a table of `len`
    /// slots (a power of two): the slot is the hash's top bits, which the
    /// tag holds too, so that a larger table files the strings again from
    /// their slots alone, without hashing their text again.
    #[inline(always)]
    fn shift(len: usize) -> u32 {
        64 - len.trailing_zeros()
    }

    /// The string's index, or the empty slot where it would go.
    #[cfg_attr(leadscore_speed, inline)]
    fn find(&self, s: &str, h: u64) -> Result<u32, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let mut at = (h >> Self::shift(self.slots.len())) as usize;
        loop {
            let v = self.slots[at];
            if v == 0 {
                return Err(at);
            }
            let i = (v as u32).wrapping_sub(1);
            if (v ^ h) >> 32 == 0 {
                let (a, z) = (self.ends[i as usize] as usize, self.ends[i as usize + 1] as usize);
                if same_bytes(&self.text.as_bytes()[a..z], s.as_bytes()) {
                    return Ok(i);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Files every string again, in a table two to four slots per string:
    /// those before `filed` from their slots in the table (the others
    /// there dropped), the rest from their text.
    fn rebuild(&mut self, filed: usize) {
        let size = (self.len() * 2).next_power_of_two().max(16);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        let (shift, mask) = (Self::shift(size), size - 1);
        let (slots, text, ends) = (self.slots.as_mut_slice(), self.text.as_bytes(), self.ends.as_slice());
        let mut file = |v: u64| {
            let mut at = (v >> shift) as usize;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = v;
        };
        for &v in old.as_slice() {
            if v != 0 && v as u32 as usize <= filed {
                file(v);
            }
        }
        for i in filed..ends.len() - 1 {
            file(Self::slot(hash_bytes(&text[ends[i] as usize..ends[i + 1] as usize]), i as u32));
        }
    }

    /// [`Self::intern`] of each string `keys[ends[j]..ends[j + 1]]`, in
    /// order, into `codes[j]`: the same codes, but looked up [`MANY`] at a
    /// time so that their cache misses overlap instead of coming one after
    /// another (with a million strings in random order each lookup was up
    /// to three misses in a row: slot, end, text). `last` is the code of
    /// the string before (compared when a string is not found: a new one
    /// repeated), and is left at the last one's.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub(crate) fn intern_many(&mut self, keys: &str, ends: &[u32], last: &mut Option<u32>, scratch: &mut Lookups, codes: &mut [u32]) {
        let n = ends.len().saturating_sub(1);
        let mut base = 0;
        while base < n {
            let m = (n - base).min(MANY);
            self.find_many(keys.as_bytes(), &ends[base..base + m + 1], scratch);
            let mut j = 0;
            while j < m {
                let (a, z) = (ends[base + j] as usize, ends[base + j + 1] as usize);
                let code = match scratch.found[j] {
                    SAME => codes[base + j - 1],
                    NOT_FOUND => match *last {
                        Some(k) if self.is(k, &keys[a..z]) => k,
                        // New, or a tag shared with another string.
                        _ => self.intern_hashed(&keys[a..z], scratch.hashes[j]),
                    },
                    // Strings added since keep their index.
                    i => i,
                };
                *last = Some(code);
                codes[base + j] = code;
                j += 1;
            }
            base += m;
        }
    }

    /// For each string (at most [`MANY`]), its [`text_hash`] and its index
    /// ([`NOT_FOUND`], or [`SAME`] as the string before), in passes whose
    /// loads do not wait on each other (wasm has no prefetch, but an
    /// out-of-order CPU runs many at once while its guesses of the branches
    /// hold): the hashes and first slots, the probes (in cache now) and the
    /// candidates' ends, then their text.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn find_many(&self, keys: &[u8], ends: &[u32], scratch: &mut Lookups) {
        let n = ends.len() - 1;
        let Lookups { hashes, slots, found } = scratch;
        let (hashes, slots, found) = (&mut hashes[..n], &mut slots[..n], &mut found[..n]);
        // Slices, not the Vecs: their Index was a call per use in wasm.
        let (table, starts, text) = (self.slots.as_slice(), self.ends.as_slice(), self.text.as_bytes());
        let (shift, mask) = (Self::shift(table.len()), table.len().wrapping_sub(1));
        let mut j = 0;
        while j < n {
            let s = &keys[ends[j] as usize..ends[j + 1] as usize];
            let h = hash_here(s);
            hashes[j] = h;
            // A string the same as the one before has its hash: the bytes
            // are compared only then (files grouped by lead repeat keys).
            if j > 0 && hashes[j - 1] == h && same_bytes_here(s, &keys[ends[j - 1] as usize..ends[j] as usize]) {
                found[j] = SAME;
            } else {
                found[j] = NOT_FOUND;
                if !table.is_empty() {
                    slots[j] = table[(h >> shift) as usize];
                }
            }
            j += 1;
        }
        if table.is_empty() {
            return;
        }
        let mut spans = [(0u32, 0u32); MANY];
        j = 0;
        while j < n {
            if found[j] != SAME {
                let h = hashes[j];
                let mut at = (h >> shift) as usize;
                let mut v = slots[j];
                while v != 0 {
                    if (v ^ h) >> 32 == 0 {
                        let i = (v as u32).wrapping_sub(1) as usize;
                        found[j] = i as u32;
                        spans[j] = (starts[i], starts[i + 1]);
                        break;
                    }
                    at = (at + 1) & mask;
                    v = table[at];
                }
            }
            j += 1;
        }
        j = 0;
        while j < n {
            let i = found[j];
            if i != SAME && i != NOT_FOUND {
                let (a, z) = spans[j];
                let s = &keys[ends[j] as usize..ends[j + 1] as usize];
                if !same_bytes_here(&text[a as usize..z as usize], s) {
                    found[j] = NOT_FOUND;
                }
            }
            j += 1;
        }
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        self.find(s, text_hash(s)).ok()
    }
    /// Whether string `i` is `s` (bytes compared in place, no `str` slice).
    #[inline]
    pub fn is(&self, i: u32, s: &str) -> bool {
        let i = i as usize;
        let (a, z) = (self.ends[i] as usize, self.ends[i + 1] as usize);
        same_bytes(&self.text.as_bytes()[a..z], s.as_bytes())
    }
    pub fn resolve(&self, i: u32) -> &str {
        let i = i as usize;
        &self.text[self.ends[i] as usize..self.ends[i + 1] as usize]
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.ends.len() - 1
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Bytes of all the strings.
    #[inline]
    pub fn text_len(&self) -> usize {
        self.text.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|i| self.resolve(i))
    }
    /// Forgets the strings from `len` on (an import that did not finish).
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            self.text.truncate(self.ends[len] as usize);
            self.ends.truncate(len + 1);
            self.rebuild(len);
        }
    }
    /// Bytes held, for the memory estimate.
    pub fn bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4 + self.slots.capacity() * 8
    }
}

/// A 64-bit hash of a text, 8 bytes a step, the same on every target, for
/// the interners' and key index's slots (the key index's first slot from
/// the low bits and a tag from the high ones; the interners' slot and tag
/// both from the high ones): FxHasher's state is a `usize`, so in wasm32 its
/// hash has 32 bits and the tag was always zero, every probe a compare.
#[inline(always)]
pub(crate) fn text_hash(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// [`text_hash`] of a string's bytes.
#[cfg_attr(leadscore_speed, optimize(speed))]
pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    hash_here(b)
}

/// [`hash_bytes`] inlined, for [`Interner::find_many`] (a call per row there).
#[inline(always)]
fn hash_here(b: &[u8]) -> u64 {
    // Inlined by hand: the size-first build calls small closures.
    #[inline(always)]
    fn half(b: &[u8], i: usize) -> u64 {
        let w: [u8; 4] = b[i..i + 4].try_into().unwrap_or_default();
        u64::from(u32::from_le_bytes(w))
    }
    #[inline(always)]
    fn step(h: u64, w: u64) -> u64 {
        let h = (h ^ w).wrapping_mul(K);
        h ^ h >> 29
    }
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let n = b.len();
    let mut h = (n as u64).wrapping_mul(K);
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            h = step(h, word(b, i));
            i += 8;
        }
        // The last eight bytes, overlapping the step before when `n` is not
        // a multiple of eight.
        h = step(h, word(b, n - 8));
    } else if n >= 4 {
        h = step(h, half(b, 0) | half(b, n - 4) << 32);
    } else if n > 0 {
        h = step(h, u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16);
    }
    // murmur3's finish: every bit of the input reaches the low bits (the
    // key index's slot) and the high ones (the tags, the interners' slot).
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ h >> 33
}

/// Row versions and pinned ids by lead (see [`LeadTable::pin_keys`]).
pub type PinnedIds = HashMap<u32, History>;

/// Where the text of the lead keys lies: the id and email cells.
pub struct KeyText<'a> {
    pub cells: &'a [Cells],
    pub id_col: Option<usize>,
    pub email_col: Option<usize>,
    /// Ids that no longer follow the cells (see [`LeadTable::pin_keys`]).
    pub pinned: &'a PinnedIds,
}

impl<'a> KeyText<'a> {
    fn cell(&self, col: Option<usize>, lead: u32) -> &'a str {
        col.map_or("", |c| self.cells[c].text(lead as usize))
    }

    /// The id an update import pinned for the lead, if any.
    #[inline(always)]
    fn pinned_id(&self, lead: u32) -> Option<&'a str> {
        if self.pinned.is_empty() {
            return None;
        }
        self.pinned.get(&lead).and_then(|h| h.pinned_id.as_deref())
    }

    /// The lead's id: its id cell, else its email cell.
    pub fn id(&self, lead: u32) -> &'a str {
        if let Some(id) = self.pinned_id(lead) {
            return id;
        }
        match self.cell(self.id_col, lead) {
            "" => self.cell(self.email_col, lead),
            id => id,
        }
    }
}

/// A key's text: lead `lead`'s id or email as [`lead_key`] makes it, or a
/// key kept whole (one whose cell an update import changed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KeyRef {
    Id(u32),
    Email(u32),
    Kept(u32),
}

impl KeyRef {
    fn code(self) -> u64 {
        match self {
            KeyRef::Id(l) => u64::from(l) * 3,
            KeyRef::Email(l) => u64::from(l) * 3 + 1,
            KeyRef::Kept(k) => u64::from(k) * 3 + 2,
        }
    }

    fn of(code: u32) -> KeyRef {
        let i = code / 3;
        match code % 3 {
            0 => KeyRef::Id(i),
            1 => KeyRef::Email(i),
            _ => KeyRef::Kept(i),
        }
    }
}

/// Whether `raw` (a cell) makes the lead key `key` ([`lead_key`]), without
/// making it.
fn is_key(raw: &str, key: &str) -> bool {
    let t = raw.trim();
    if t.len() != key.len() && t.is_ascii() {
        return false;
    }
    if !t.as_bytes().contains(&b'@') {
        return t == key;
    }
    if t.is_ascii() {
        return t.bytes().zip(key.bytes()).all(|(a, b)| a.to_ascii_lowercase() == b);
    }
    crate::lowercase::lowercase(t) == key
}

/// Lead keys ([`lead_key`]) to lead indexes, holding no key text: an
/// open-addressing table (at most half full) of 4-byte slots, each a
/// [`KeyRef`] (which lead's id or email cell the key is made from) with
/// the top bits of its hash in the bits the reference leaves free, so a
/// probe tells most other keys apart without reading their cells. Ids and
/// emails of a million leads are two million keys: 16 MB.
#[derive(Clone, Debug, Default)]
pub struct KeyIndex {
    /// 0: empty; else `tag << bits | (code + 1)`.
    slots: Vec<u32>,
    /// Bits of a slot the reference takes; the rest hold the hash's top bits.
    bits: u32,
    len: usize,
    /// Keys kept whole, with their lead.
    kept: Vec<(Box<str>, u32)>,
}

impl KeyIndex {
    fn tag(&self, h: u64) -> u32 {
        match 32 - self.bits {
            0 => 0,
            t => (h >> (64 - t)) as u32,
        }
    }

    fn slot_ref(&self, v: u32) -> KeyRef {
        let code = if self.bits == 32 { v } else { v & ((1 << self.bits) - 1) };
        KeyRef::of(code - 1)
    }

    fn lead_of(&self, r: KeyRef) -> u32 {
        match r {
            KeyRef::Id(l) | KeyRef::Email(l) => l,
            KeyRef::Kept(k) => self.kept[k as usize].1,
        }
    }

    /// Whether key reference `r` has the text `key`.
    #[cfg_attr(leadscore_speed, inline)]
    fn holds(&self, src: &KeyText<'_>, r: KeyRef, key: &str) -> bool {
        match r {
            KeyRef::Id(l) => is_key(src.id(l), key),
            KeyRef::Email(l) => is_key(src.cell(src.email_col, l), key),
            KeyRef::Kept(k) => &*self.kept[k as usize].0 == key,
        }
    }

    /// The text of key reference `r`, made in `buf`.
    fn text<'b>(&'b self, src: &KeyText<'_>, r: KeyRef, buf: &'b mut String) -> &'b str {
        let raw = match r {
            KeyRef::Id(l) => src.id(l),
            KeyRef::Email(l) => src.cell(src.email_col, l),
            KeyRef::Kept(k) => return &self.kept[k as usize].0,
        };
        buf.clear();
        let t = raw.trim();
        if !t.as_bytes().contains(&b'@') {
            buf.push_str(t);
        } else if t.is_ascii() {
            buf.extend(t.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            buf.push_str(&crate::lowercase::lowercase(t));
        }
        buf
    }

    /// The slot holding `key` (hash `h`), or the empty one where it would go.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn slot(&self, src: &KeyText<'_>, key: &str, h: u64) -> usize {
        let mask = self.slots.len() - 1;
        let tag = self.tag(h);
        let shift = self.bits;
        let mut i = h as usize & mask;
        loop {
            let v = self.slots[i];
            if v == 0 {
                return i;
            }
            if (shift == 32 || v >> shift == tag) && self.holds(src, self.slot_ref(v), key) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    #[cfg_attr(leadscore_speed, inline)]
    pub fn get(&self, src: &KeyText<'_>, key: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        match self.slots[self.slot(src, key, text_hash(key))] {
            0 => None,
            v => Some(self.lead_of(self.slot_ref(v))),
        }
    }

    /// [`Self::get`] of each of `keys` into `found` (as many; the lead, or
    /// [`NOT_FOUND`]), [`MANY`] keys at a time (see [`Self::get_few`]).
    pub fn get_many(&self, src: &KeyText<'_>, keys: &[&str], found: &mut [u32]) {
        debug_assert_eq!(keys.len(), found.len());
        for (keys, found) in keys.chunks(MANY).zip(found.chunks_mut(MANY)) {
            self.get_few(src, keys, found);
        }
    }

    /// [`Self::get`] of each of `keys` (at most [`MANY`]) into `found`
    /// ([`NOT_FOUND`] for none), in passes whose loads do not wait on each
    /// other, as [`Interner::find_many`]: the hashes and first slots, the
    /// probes to a candidate (a slot whose tag is the key's), the
    /// candidates' cell codes, where their text is, then the compares. A
    /// lookup is up to five cache misses in a row at a million leads (slot,
    /// code, length and offset, text); a candidate that is not the key (a
    /// tag shared) or is kept whole is looked up by [`Self::get`].
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn get_few(&self, src: &KeyText<'_>, keys: &[&str], found: &mut [u32]) {
        let n = keys.len();
        let found = &mut found[..n];
        if self.slots.is_empty() {
            found.fill(NOT_FOUND);
            return;
        }
        let (slots, mask, shift) = (self.slots.as_slice(), self.slots.len() - 1, self.bits);
        let mut hashes = [0u64; MANY];
        let mut cand = [0u32; MANY];
        let mut j = 0;
        while j < n {
            let h = text_hash(keys[j]);
            hashes[j] = h;
            cand[j] = slots[h as usize & mask];
            j += 1;
        }
        // Each candidate's column (u32::MAX: none, or its text is in
        // `texts` already) and code: the id cell's for an id key.
        let mut cells = [(u32::MAX, 0u32); MANY];
        let mut texts = [""; MANY];
        j = 0;
        while j < n {
            let h = hashes[j];
            let (tag, mut i, mut v) = (self.tag(h), h as usize & mask, cand[j]);
            while v != 0 && shift != 32 && v >> shift != tag {
                i = (i + 1) & mask;
                v = slots[i];
            }
            cand[j] = v;
            found[j] = NOT_FOUND;
            let cell = |col: Option<usize>, lead: u32| col.map_or((u32::MAX, 0), |c| (c as u32, src.cells[c].code(lead as usize)));
            if v != 0 {
                match self.slot_ref(v) {
                    KeyRef::Id(l) => match src.pinned_id(l) {
                        Some(id) => texts[j] = id,
                        None => cells[j] = cell(src.id_col, l),
                    },
                    KeyRef::Email(l) => cells[j] = cell(src.email_col, l),
                    // Compared whole below.
                    KeyRef::Kept(_) => {}
                }
            }
            j += 1;
        }
        // Where their text lies (its length and block offset read), then
        // the text (read by the compare).
        let mut spans = [(0, 0); MANY];
        j = 0;
        while j < n {
            let (c, code) = cells[j];
            if c != u32::MAX && code != 0 {
                spans[j] = src.cells[c as usize].texts.span(code - 1);
            }
            j += 1;
        }
        j = 0;
        while j < n {
            let (c, code) = cells[j];
            if c != u32::MAX && code != 0 {
                texts[j] = src.cells[c as usize].texts.at(spans[j]);
            }
            // An id key of a lead with no id cell: its email's (as `KeyText::id`).
            if cand[j] != 0 && texts[j].is_empty() {
                if let KeyRef::Id(l) = self.slot_ref(cand[j]) {
                    texts[j] = src.id(l);
                }
            }
            j += 1;
        }
        j = 0;
        while j < n {
            let v = cand[j];
            if v != 0 {
                let r = self.slot_ref(v);
                let hit = match r {
                    KeyRef::Kept(k) => &*self.kept[k as usize].0 == keys[j],
                    _ => is_key(texts[j], keys[j]),
                };
                found[j] = if hit { self.lead_of(r) } else { self.get(src, keys[j]).unwrap_or(NOT_FOUND) };
            }
            j += 1;
        }
    }

    /// Room for `keys` keys and references up to `code`: the table made
    /// again from the cells when it is too small or too narrow.
    fn grow(&mut self, src: &KeyText<'_>, keys: usize, code: u64) {
        let size = (keys * 2).next_power_of_two().max(16);
        let fits = |bits: u32| bits == 32 || code + 1 < 1u64 << bits;
        if size <= self.slots.len() && fits(self.bits) {
            return;
        }
        let size = size.max(self.slots.len());
        // References up to twice the slots, or up to `code`.
        let need = (size as u64 * 2).max(code + 2);
        let bits = (64 - need.leading_zeros()).min(32);
        let old = std::mem::take(&mut self.slots);
        let old_bits = self.bits;
        self.bits = bits;
        self.slots = vec![0; size];
        let mask = size - 1;
        let mut buf = String::new();
        for v in old.into_iter().filter(|&v| v != 0) {
            let code = if old_bits == 32 { v } else { v & ((1 << old_bits) - 1) };
            let r = KeyRef::of(code - 1);
            let h = text_hash(self.text(src, r, &mut buf));
            let mut i = h as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = self.value(h, code);
        }
    }

    fn value(&self, h: u64, code: u32) -> u32 {
        if self.bits == 32 {
            code
        } else {
            self.tag(h) << self.bits | code
        }
    }

    /// Files `key` (the text of `r`), in place of what it was under.
    pub fn insert(&mut self, src: &KeyText<'_>, key: &str, r: KeyRef) {
        self.put(src, key, r, true);
    }

    /// Files `key` (the text of `r`) unless it is taken.
    pub fn insert_if_free(&mut self, src: &KeyText<'_>, key: &str, r: KeyRef) {
        self.put(src, key, r, false);
    }

    fn put(&mut self, src: &KeyText<'_>, key: &str, r: KeyRef, replace: bool) {
        debug_assert!(self.holds(src, r, key));
        self.grow(src, self.len + 1, r.code());
        let h = text_hash(key);
        let i = self.slot(src, key, h);
        if self.slots[i] == 0 {
            self.len += 1;
        } else if !replace {
            return;
        }
        self.slots[i] = self.value(h, r.code() as u32 + 1);
    }

    /// Files many keys at once, key `k` given as its hash `hashes[k]` and
    /// reference `refs[k]`, in one tight loop: the table's slots are read
    /// one key after another with nothing else between, so the memory
    /// fetches of several keys overlap instead of each waiting for a cache
    /// miss (once the table outgrows the cache: a quarter of a million-lead
    /// import when each key was filed with its row). With `fresh`, the keys
    /// are known to be new and distinct, and no text is compared; otherwise
    /// a key already filed stays (as [`KeyIndex::insert_if_free`] key after
    /// key). Both are left empty.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub fn insert_many(&mut self, src: &KeyText<'_>, hashes: &mut Vec<u64>, refs: &mut Vec<KeyRef>, fresh: bool) {
        debug_assert_eq!(hashes.len(), refs.len());
        let Some(top) = refs.iter().map(|r| r.code()).max() else { return };
        self.grow(src, self.len + refs.len(), top);
        let mask = self.slots.len() - 1;
        let mut buf = String::new();
        for (h, r) in hashes.drain(..).zip(refs.drain(..)) {
            let v = self.value(h, r.code() as u32 + 1);
            let mut i = h as usize & mask;
            loop {
                let s = self.slots[i];
                if s == 0 {
                    self.slots[i] = v;
                    self.len += 1;
                    break;
                }
                if !fresh && (self.bits == 32 || s >> self.bits == v >> self.bits) {
                    let key = self.text(src, r, &mut buf).to_string();
                    if self.holds(src, self.slot_ref(s), &key) {
                        break;
                    }
                }
                i = (i + 1) & mask;
            }
        }
    }

    /// Keeps the text of lead `lead`'s email key whole (its cell is about
    /// to change): the key stays filed under the lead.
    pub fn detach(&mut self, src: &KeyText<'_>, lead: u32) {
        let Some(ec) = src.email_col else { return };
        let email = src.cells[ec].text(lead as usize);
        if email.is_empty() || self.slots.is_empty() {
            return;
        }
        let key = lead_key(email);
        let h = text_hash(&key);
        let i = self.slot(src, &key, h);
        if self.slots[i] == 0 || self.slot_ref(self.slots[i]) != KeyRef::Email(lead) {
            return;
        }
        let r = KeyRef::Kept(self.kept.len() as u32);
        self.kept.push((key.as_str().into(), lead));
        self.grow(src, self.len, r.code());
        // The table may have been made again: find the slot anew (the
        // email still in the cell, the key the same either way).
        let i = self.slot(src, &key, h);
        self.slots[i] = self.value(h, r.code() as u32 + 1);
    }

    pub fn len(&self) -> usize {
        self.len
    }

    fn refs(&self) -> impl Iterator<Item = KeyRef> + '_ {
        self.slots.iter().filter(|&&v| v != 0).map(|&v| self.slot_ref(v))
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Room for `n` more keys.
    pub fn reserve(&mut self, src: &KeyText<'_>, n: usize) {
        self.grow(src, self.len + n, 0);
    }

    /// Bytes held, for the memory estimate.
    pub fn bytes(&self) -> usize {
        self.slots.capacity() * 4 + self.kept.iter().map(|k| k.0.len() + 24).sum::<usize>()
    }
}

/// One event as read, before it is joined to a lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Activity {
    /// Interned lead key ([`lead_key`] of the `lead_id` cell).
    pub key: u32,
    pub time: Time,
    /// Interned event type, lower-cased (`page_view`).
    pub kind: u32,
    /// Interned detail (URL, asset or form name), as written.
    pub detail: u32,
    pub line: u32,
}

/// An activity as the log gives it out (decoded from its stored form).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub time: Time,
    pub kind: u32,
    pub detail: u32,
    /// Interned lead key, to join again when the lead table changes.
    pub key: u32,
    /// Where it was read, in reading order across files (see [`FILES`]):
    /// orders equal times and gives back the line.
    pub at: u32,
}

/// An activity as stored before it is joined (and when it matches no
/// lead): four words, `[time, pair, key, at]`. `time` is seconds from
/// [`TIME_BASE`] below [`FAR_CODE`], from there on an index into the log's
/// `far` times; `pair` an index into its (type, detail) pairs; `key` the
/// interned lead key; `at` where it was read (see [`FILES`]).
type Stored = [u32; 4];
const TIME: usize = 0;
const PAIR: usize = 1;
const KEY: usize = 2;
const AT: usize = 3;

/// Rows of four words per chunk of a [`Words`] buffer, as a power of two:
/// 4,096 rows, 64 KiB. At 1M leads + 10M activities streamed, wasm memory
/// after import was 406 MB with 1 MiB chunks, 399 MB with 256 KiB, 396 MB
/// with 64 KiB, 395 MB with 16 KiB (419 MB in one block).
#[cfg(not(test))]
const CHUNK_SHIFT: u32 = 12;
/// Four rows in unit tests: rows of three then start at each of the 16
/// places of a chunk, and every step of a join crosses chunk ends.
#[cfg(test)]
const CHUNK_SHIFT: u32 = 2;
const CHUNK_ROWS: usize = 1 << CHUNK_SHIFT;
const CHUNK_WORDS: usize = 4 * CHUNK_ROWS;

/// A buffer of words in chunks of [`CHUNK_ROWS`] rows of four instead of
/// one block: the allocator can place each chunk in a hole that other
/// buffers left (one block of 160 MB could not use them), and growing never
/// copies what is stored. Its length stays a multiple of four; a row of four
/// words at a multiple of four (`row`) never crosses a chunk, a row of three
/// (`row3`) may.
#[derive(Clone, Debug, Default)]
struct Words {
    // Boxed on purpose: one allocation per chunk (clippy flags the small
    // chunks of unit tests).
    #[allow(clippy::vec_box)]
    chunks: Vec<Box<[Stored; CHUNK_ROWS]>>,
    len: usize,
}

impl Words {
    fn len(&self) -> usize {
        self.len
    }
    fn capacity(&self) -> usize {
        self.chunks.len() * CHUNK_WORDS
    }
    /// Room for `more` words after the length, chunk by chunk.
    fn reserve(&mut self, more: usize) {
        let chunks = (self.len + more).div_ceil(CHUNK_WORDS).saturating_sub(self.chunks.len());
        // Exact: a chunk holds 4,096 rows, so a push's one more chunk now
        // and then reallocating this short list costs nothing.
        self.chunks.reserve_exact(chunks);
        for k in 0..chunks {
            #[cfg(target_arch = "wasm32")]
            let pages = core::arch::wasm32::memory_size(0);
            self.chunks.push(Box::new([[0; 4]; CHUNK_ROWS]));
            // Once a chunk took fresh memory (no hole left for one), the
            // rest take it in one step: a block of their size allocated and
            // freed at once (it goes back to the top of the heap, which
            // they are then cut from). Each chunk growing the memory itself
            // was a `memory.grow` per 64 KiB, 0.28 s of a 10M-row import.
            #[cfg(target_arch = "wasm32")]
            if core::arch::wasm32::memory_size(0) != pages && chunks - k > 2 {
                let rest: Vec<[Stored; CHUNK_ROWS + 1]> = Vec::with_capacity(chunks - k - 1);
                std::hint::black_box(&rest);
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = k;
        }
    }
    /// A longer length (the words added keep whatever they held) or a shorter one.
    fn resize(&mut self, len: usize) {
        self.reserve(len.saturating_sub(self.len));
        self.len = len;
    }
    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }
    /// Frees the chunks after the length.
    fn shrink_to_fit(&mut self) {
        self.chunks.truncate(self.len.div_ceil(CHUNK_WORDS));
        self.chunks.shrink_to_fit();
    }
    fn bytes(&self) -> usize {
        self.capacity() * 4 + self.chunks.capacity() * std::mem::size_of::<usize>()
    }
    /// Row `i` of four words (words `4i..4i + 4`).
    #[inline(always)]
    fn row(&self, i: usize) -> Stored {
        // Through a slice: Vec's Index was a call per row in wasm.
        self.chunks.as_slice()[i >> CHUNK_SHIFT][i % CHUNK_ROWS]
    }
    #[inline(always)]
    fn set_row(&mut self, i: usize, r: Stored) {
        self.chunks.as_mut_slice()[i >> CHUNK_SHIFT][i % CHUNK_ROWS] = r;
    }
    /// The rows of four, in order.
    fn rows(&self) -> impl Iterator<Item = Stored> + '_ {
        (0..self.len / 4).map(|i| self.row(i))
    }
    #[cfg_attr(leadscore_speed, inline)]
    fn push(&mut self, r: Stored) {
        if self.len == self.capacity() {
            self.reserve(4);
        }
        self.set_row(self.len / 4, r);
        self.len += 4;
    }
    fn word(&self, k: usize) -> u32 {
        self.row(k / 4)[k % 4]
    }
    fn set_word(&mut self, k: usize, v: u32) {
        self.chunks[k / CHUNK_WORDS][k / 4 % CHUNK_ROWS][k % 4] = v;
    }
    /// Row `i` of three words (words `3i..3i + 3`).
    #[inline(always)]
    fn row3(&self, i: usize) -> [u32; 3] {
        let (c, o) = (3 * i / CHUNK_WORDS, 3 * i % CHUNK_WORDS);
        match self.chunks[c].as_flattened().get(o..o + 3) {
            Some(w) => [w[0], w[1], w[2]],
            None => [self.word(3 * i), self.word(3 * i + 1), self.word(3 * i + 2)],
        }
    }
    #[inline(always)]
    fn set_row3(&mut self, i: usize, r: [u32; 3]) {
        let (c, o) = (3 * i / CHUNK_WORDS, 3 * i % CHUNK_WORDS);
        match self.chunks[c].as_flattened_mut().get_mut(o..o + 3) {
            // Word by word: copy_from_slice was a call per row in wasm.
            Some(w) => (w[0], w[1], w[2]) = (r[0], r[1], r[2]),
            None => (0..3).for_each(|k| self.set_word(3 * i + k, r[k])),
        }
    }
    /// Moves the `n` rows of four from row `from` to row `to` (the ranges
    /// may overlap), as `copy_within`.
    fn copy_rows(&mut self, from: usize, n: usize, to: usize) {
        // Front to back when moving down, back to front when moving up:
        // a row written was moved already.
        for k in 0..n {
            let k = if to < from { k } else { n - 1 - k };
            self.set_row(to + k, self.row(from + k));
        }
    }
}

/// Rows of four that [`sort_events`] sorts in place: the chunked log, or
/// a flat slice (a run of leads copied out while it is joined).
trait RowsMut {
    fn get(&self, i: usize) -> Stored;
    fn put(&mut self, i: usize, r: Stored);
}

impl RowsMut for Words {
    #[inline(always)]
    fn get(&self, i: usize) -> Stored {
        self.row(i)
    }
    #[inline(always)]
    fn put(&mut self, i: usize, r: Stored) {
        self.set_row(i, r);
    }
}

impl RowsMut for [Stored] {
    #[inline(always)]
    fn get(&self, i: usize) -> Stored {
        self[i]
    }
    #[inline(always)]
    fn put(&mut self, i: usize, r: Stored) {
        self[i] = r;
    }
}

/// Rows of a run of leads joined in flat buffers (see [`ActivityLog::link`]):
/// 32,768, 512 KiB each.
#[cfg(not(test))]
const JOIN_ROWS: usize = 1 << 15;
/// 64 in unit tests: both ways of a join are taken, and flat runs hold
/// leads of over 24 events (the merge sort).
#[cfg(test)]
const JOIN_ROWS: usize = 64;

/// Stored times count from 1950-01-01T00:00:00Z ([`TIME_BASE`]) up to
/// 2083-12-22T13:07:11Z (before [`TIME_END`]); times outside are kept once
/// each in a side table, so every time parsed (years 0 to 9999) is stored
/// exactly.
pub const TIME_BASE: Time = -631_152_000;
const FAR_CODE: u32 = u32::MAX - (1 << 26) + 1;
pub const TIME_END: Time = TIME_BASE + FAR_CODE as Time;

/// Why an activity could not be stored.
pub fn far_times_full() -> String {
    format!("too many distinct times before 1950 or after 2083 (at most {} in all)", u32::MAX - FAR_CODE + 1)
}

/// Bytes one activity takes while it is read (and when it matches no
/// lead), for memory estimates: a [`Stored`].
pub const EVENT_BYTES: usize = std::mem::size_of::<Stored>();

/// Bytes one activity joined to a lead takes: `[time, pair, at]`, its key
/// kept once per run of the lead's events with that key.
pub const JOINED_EVENT_BYTES: usize = 3 * 4;

fn time_of(code: u32, far: &[Time]) -> Time {
    if code < FAR_CODE {
        TIME_BASE + Time::from(code)
    } else {
        far[(code - FAR_CODE) as usize]
    }
}

/// The distinct values of the log's side tables, with their index, to
/// store a repeated one once.
#[derive(Clone, Debug, Default)]
struct SideTable<T: Copy + Eq + std::hash::Hash> {
    values: Vec<T>,
    index: HashMap<T, u32>,
}

impl<T: Copy + Eq + std::hash::Hash> SideTable<T> {
    fn code(&mut self, v: T) -> u32 {
        let next = self.values.len() as u32;
        let c = *self.index.entry(v).or_insert(next);
        if c == next {
            self.values.push(v);
        }
        c
    }
    fn truncate(&mut self, len: usize) {
        for v in self.values.drain(len.min(self.values.len())..) {
            self.index.remove(&v);
        }
    }
    fn bytes(&self) -> usize {
        self.values.capacity() * std::mem::size_of::<T>() + self.index.capacity() * (std::mem::size_of::<T>() + 4 + 1)
    }
}

/// Lengths of an [`ActivityLog`]'s side tables, to forget what an import
/// that did not finish added.
#[derive(Clone, Copy, Debug)]
pub struct SideLengths {
    pairs: usize,
    far: usize,
}

/// Positions below this are activities nested in the lead file (the
/// position is the line); activity files follow one after the other.
pub const FILES: u32 = 1 << 31;

/// Every activity, stored once, in one buffer of words (in chunks, see
/// [`Words`]): first the events joined to the `n` leads, grouped by
/// lead and by time, three words each (`[time, pair, at]`, their keys in
/// `runs`); then, from the next multiple of four words on, as [`Stored`]s
/// of four, those that match no lead, in reading order, and the rows an
/// import is adding, not joined yet.
#[derive(Clone, Debug)]
pub struct ActivityLog {
    pub keys: Interner,
    pub kinds: Interner,
    pub details: Interner,
    words: Words,
    /// `(first, key)`: the joined events from index `first` up to the next
    /// run's have lead key `key` (a run per lead, more for a lead whose
    /// events came under several keys, such as its id and its e-mail); a
    /// last one, `(joined events, u32::MAX)`, ends them.
    runs: Vec<(u32, u32)>,
    /// (type, detail) of each pair code.
    pairs: SideTable<(u32, u32)>,
    /// Times outside the stored range (see [`TIME_BASE`]).
    far: SideTable<Time>,
    /// The runs of lead `i` are runs `lead_runs[i]..lead_runs[i + 1]`, its
    /// events from the first one's `first` to the next lead's: where a
    /// lead's events start, and their key, without a search of the runs
    /// (a binary search per lead was a tenth of a cold score at 1M).
    lead_runs: Vec<u32>,
    /// Where the unmatched events end (the rows being added follow).
    joined: usize,
    /// The first position of each activity file, in order.
    files: Vec<u32>,
    /// The first position of the file being read (or the next one).
    next_file: u32,
    /// The last position of the file being read, none before its first
    /// row: the highest position of the pending rows at or after
    /// `next_file` (only [`Self::push`] adds such rows, in increasing
    /// order within a file), kept so that ending a file or asking whether
    /// one is being read does not scan the rows.
    file_last: Option<u32>,
}

impl Default for ActivityLog {
    fn default() -> ActivityLog {
        ActivityLog {
            keys: Interner::default(),
            kinds: Interner::default(),
            details: Interner::default(),
            words: Words::default(),
            runs: Vec::new(),
            pairs: SideTable::default(),
            far: SideTable::default(),
            lead_runs: vec![0],
            joined: 0,
            files: Vec::new(),
            next_file: FILES,
            file_last: None,
        }
    }
}

/// Sorts rows `from..to` of `v` by time then reading order, or by reading
/// order alone. Without far times the time codes are in time order, so the
/// key is one `u64` (a tuple compare through a closure was 6% of an import).
fn sort_events<V: RowsMut + ?Sized>(v: &mut V, from: usize, to: usize, by_time: bool, far: &[Time]) {
    // Inlined: opt-level "z" left the key a call per compare.
    if by_time && !far.is_empty() {
        sort_by_key(v, from, to, #[inline(always)] |e| (time_of(e[TIME], far), e[AT]));
    } else {
        // By reading order alone: the time masked out (one sort, not two: wasm size).
        let time = if by_time { u64::MAX } else { 0 };
        sort_by_key(v, from, to, #[inline(always)] |e| ((u64::from(e[TIME]) << 32) & time) | u64::from(e[AT]));
    }
}

/// In place and small in wasm: insertion sort up to 24 rows, heapsort
/// above (the keys are unique, so no stability needed). The join's flat
/// runs use [`sort_lead`]; this sorts leads too long for a flat run and
/// the events of no lead.
fn sort_by_key<V: RowsMut + ?Sized, K: Ord>(v: &mut V, from: usize, to: usize, key: impl Fn(&Stored) -> K) {
    let n = to - from;
    if (1..n).all(|i| key(&v.get(from + i - 1)) <= key(&v.get(from + i))) {
        return;
    }
    if n <= 24 {
        // Shifting the greater ones up and writing the event once: a swap
        // per step was a call in wasm (not inlined at opt-level "z").
        for i in 1..n {
            let e = v.get(from + i);
            let mut j = i;
            while j > 0 && key(&v.get(from + j - 1)) > key(&e) {
                let d = v.get(from + j - 1);
                v.put(from + j, d);
                j -= 1;
            }
            v.put(from + j, e);
        }
        return;
    }
    let sift = |v: &mut V, mut root: usize, end: usize| {
        let e = v.get(from + root);
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                break;
            }
            if child + 1 < end && key(&v.get(from + child)) < key(&v.get(from + child + 1)) {
                child += 1;
            }
            if key(&e) >= key(&v.get(from + child)) {
                break;
            }
            let c = v.get(from + child);
            v.put(from + root, c);
            root = child;
        }
        v.put(from + root, e);
    };
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        let (first, last) = (v.get(from), v.get(from + end));
        v.put(from, last);
        v.put(from + end, first);
        sift(v, 0, end);
    }
}

/// A lead's events in a flat slice sorted as [`sort_events`] sorts them
/// by time, with as many rows of room in `spare` (left in any order):
/// runs of [`MERGE_RUN`] by insertion, then merged back and forth. (Most
/// events are in leads with more than the 24 events an insertion sort
/// takes; the heapsort above that was 4% of a 100k/2M import.)
#[cfg_attr(leadscore_speed, optimize(speed))]
fn sort_lead(v: &mut [Stored], spare: &mut [Stored], far: &[Time]) {
    if far.is_empty() {
        merge_sort(v, spare, #[inline(always)] |e| (u64::from(e[TIME]) << 32) | u64::from(e[AT]));
    } else {
        merge_sort(v, spare, #[inline(always)] |e| (time_of(e[TIME], far), e[AT]));
    }
}

/// Rows [`sort_lead`] sorts by insertion before merging.
const MERGE_RUN: usize = 16;

#[cfg_attr(leadscore_speed, optimize(speed))]
fn merge_sort<K: Ord>(v: &mut [Stored], spare: &mut [Stored], key: impl Fn(&Stored) -> K + Copy) {
    let n = v.len();
    if n <= 24 {
        insertion_sort(v, key);
        return;
    }
    v.chunks_mut(MERGE_RUN).for_each(|c| insertion_sort(c, key));
    let spare = &mut spare[..n];
    let (mut width, mut in_v) = (MERGE_RUN, true);
    while width < n {
        if in_v {
            merge_pass(v, spare, width, key);
        } else {
            merge_pass(spare, v, width, key);
        }
        in_v = !in_v;
        width *= 2;
    }
    if !in_v {
        v.copy_from_slice(spare);
    }
}

#[cfg_attr(leadscore_speed, optimize(speed))]
fn insertion_sort<K: Ord>(v: &mut [Stored], key: impl Fn(&Stored) -> K) {
    for i in 1..v.len() {
        let e = v[i];
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&e) {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = e;
    }
}

/// Merges each two neighbouring sorted runs of `width` rows of `src` into `dst`.
fn merge_pass<K: Ord>(src: &[Stored], dst: &mut [Stored], width: usize, key: impl Fn(&Stored) -> K) {
    let n = src.len();
    let mut start = 0;
    while start < n {
        let (mid, end) = ((start + width).min(n), (start + 2 * width).min(n));
        let (mut i, mut j) = (start, mid);
        for d in &mut dst[start..end] {
            if j < end && (i >= mid || key(&src[j]) < key(&src[i])) {
                *d = src[j];
                j += 1;
            } else {
                *d = src[i];
                i += 1;
            }
        }
        start = end;
    }
}

/// Moves every event to its run, `run_of` its interned key (counted from
/// the first run moved), given where each run's unplaced part starts
/// (`next`, moved on as they fill) and ends: cycle by cycle, the event in
/// hand put in its place and the one there taken up, until one comes that
/// belongs to the run the cycle started in (in the place it started from).
/// Each step waits on the one before (where an event goes is known once
/// it is read), so [`CHAINS`] cycles are followed at once, step by step in
/// turn, their loads overlapping: all start in the same run, so an event
/// of that run always ends the cycle holding it, and one of another run
/// always finds a place left in its run.
#[cfg_attr(leadscore_speed, optimize(speed))]
fn regroup(v: &mut Words, next: &mut [u32], end: &[u32], run_of: &[u16]) {
    for r in 0..next.len() {
        let mut chains = [Chain::IDLE; CHAINS];
        loop {
            let mut live = false;
            for c in &mut chains {
                live |= c.step(v, next, end, run_of, r);
            }
            if !live {
                break;
            }
        }
    }
}

/// Cycles [`regroup`] follows at once. Measured (Node, 1M leads / 10M
/// activities, regroup's time in a profile): one with rows read ahead of
/// each write head (the way before) 658 ms; four with them 263-341 ms;
/// eight without 187-203 ms (the loads overlap enough, and a step is
/// fewer instructions); sixteen without 196 ms.
const CHAINS: usize = 8;

/// One cycle of [`regroup`]: the place it started from (left for an event
/// of the run being filled) and the event in hand.
#[derive(Clone, Copy)]
struct Chain {
    hole: usize,
    hand: Stored,
    live: bool,
}

impl Chain {
    const IDLE: Chain = Chain { hole: 0, hand: [0; 4], live: false };

    /// One step: a new cycle started at run `r`'s next unplaced event when
    /// this one is idle (none when the run is full), then the event in
    /// hand placed; whether it did anything.
    #[inline(always)]
    fn step(&mut self, v: &mut Words, next: &mut [u32], end: &[u32], run_of: &[u16], r: usize) -> bool {
        if !self.live {
            if next[r] >= end[r] {
                return false;
            }
            self.hole = next[r] as usize;
            next[r] += 1;
            self.hand = v.row(self.hole);
            self.live = true;
        }
        let e = self.hand;
        let d = usize::from(run_of[e[KEY] as usize]);
        if d == r {
            v.set_row(self.hole, e);
            self.live = false;
            return true;
        }
        let j = next[d] as usize;
        next[d] += 1;
        // Copies, not mem::swap: that was a call per event (6% of an import).
        self.hand = v.row(j);
        v.set_row(j, e);
        true
    }
}

/// Events of a part of the log, decoded as they are read.
#[derive(Clone, Copy)]
pub struct Events<'a> {
    from: usize,
    to: usize,
    log: &'a ActivityLog,
}

impl<'a> Events<'a> {
    pub fn len(&self) -> usize {
        self.to - self.from
    }
    pub fn is_empty(&self) -> bool {
        self.from == self.to
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Event> + ExactSizeIterator + 'a {
        let log = self.log;
        self.rows().map(move |e| log.decode(&e))
    }
    /// The events in their stored form, keys filled in.
    fn rows(&self) -> Rows<'a> {
        let runs = &self.log.runs;
        let front_run = runs.partition_point(|r| r.0 as usize <= self.from).saturating_sub(1);
        Rows { log: self.log, front: self.from, back: self.to, front_run, back_run: usize::MAX }
    }
}

/// The rows of [`Events`], from both ends: the joined ones given their key
/// by following the runs (`front_run` is the run of `front`, `back_run` of
/// `back - 1`, looked up at the first step from the back).
struct Rows<'a> {
    log: &'a ActivityLog,
    front: usize,
    back: usize,
    front_run: usize,
    back_run: usize,
}

impl Rows<'_> {
    fn row(&self, i: usize, run: usize) -> Stored {
        let log = self.log;
        let joined = log.joined_len();
        if i < joined {
            let [time, pair, at] = log.words.row3(i);
            [time, pair, log.runs[run].1, at]
        } else {
            log.words.row(log.loose_base() + i - joined)
        }
    }
}

impl Iterator for Rows<'_> {
    type Item = Stored;
    // Not inlined: one copy for every loop over events (wasm size).
    #[inline(never)]
    fn next(&mut self) -> Option<Stored> {
        if self.front >= self.back {
            return None;
        }
        let i = self.front;
        let runs = &self.log.runs;
        while self.front_run + 1 < runs.len() && runs[self.front_run + 1].0 as usize <= i {
            self.front_run += 1;
        }
        self.front += 1;
        Some(self.row(i, self.front_run))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Rows<'_> {
    #[inline(never)]
    fn next_back(&mut self) -> Option<Stored> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        let i = self.back;
        let runs = &self.log.runs;
        if self.back_run == usize::MAX {
            self.back_run = runs.partition_point(|r| r.0 as usize <= i).saturating_sub(1);
        }
        while self.back_run > 0 && runs[self.back_run].0 as usize > i {
            self.back_run -= 1;
        }
        Some(self.row(i, self.back_run))
    }
}

impl ExactSizeIterator for Rows<'_> {}

impl ActivityLog {
    fn decode(&self, e: &Stored) -> Event {
        let (kind, detail) = self.pairs.values[e[PAIR] as usize];
        Event { time: time_of(e[TIME], &self.far.values), kind, detail, key: e[KEY], at: e[AT] }
    }

    /// The stored form of an activity read at position `at`; `None` when
    /// the side table of far times is full (2^26 distinct times outside
    /// 1950-2083).
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn encode(&mut self, a: &Activity, at: u32) -> Option<Stored> {
        let time = match a.time.checked_sub(TIME_BASE).and_then(|d| u32::try_from(d).ok()).filter(|&d| d < FAR_CODE) {
            Some(d) => d,
            None => {
                let c = self.far.code(a.time);
                if c >= u32::MAX - FAR_CODE {
                    self.far.truncate(c as usize);
                    return None;
                }
                FAR_CODE + c
            }
        };
        Some([time, self.pairs.code((a.kind, a.detail)), a.key, at])
    }

    /// How many events are joined to a lead (stored three words each).
    fn joined_len(&self) -> usize {
        self.runs.last().map_or(0, |r| r.0 as usize)
    }

    /// Where the events after the joined ones start, as a row of four:
    /// after the joined ones' three words each, at a multiple of four.
    fn loose_base(&self) -> usize {
        (3 * self.joined_len()).div_ceil(4)
    }

    /// How many events follow the joined ones (four words each).
    fn loose_len(&self) -> usize {
        (self.words.len() / 4).saturating_sub(self.loose_base())
    }

    /// The rows an import is adding, their positions.
    fn pending(&self) -> impl DoubleEndedIterator<Item = u32> + '_ {
        let (base, len) = (self.loose_base(), self.loose_len());
        let first = self.joined.saturating_sub(self.joined_len()).min(len);
        (base + first..base + len).map(|i| self.words.row(i)[AT])
    }

    /// [`Self::file_last`] as the pending rows give it (a scan): set again
    /// after the rows were cut, checked against the kept one in debug builds.
    fn scan_file_last(&self) -> Option<u32> {
        self.pending().filter(|&a| a >= self.next_file).max()
    }

    fn set_file_last(&mut self) {
        self.file_last = self.scan_file_last();
    }

    /// Gives every joined event its four words again, in place (the buffer
    /// grows by a word per joined event): the log is then rows only, none
    /// joined to a lead, until the next [`Self::link`].
    fn loosen(&mut self) {
        let joined = self.joined_len();
        self.lead_runs = vec![0];
        if joined == 0 {
            self.runs = Vec::new();
            return;
        }
        let base = (3 * joined).div_ceil(4);
        let loose = (self.words.len() / 4).saturating_sub(base);
        self.words.resize(4 * (joined + loose));
        self.words.copy_rows(base, loose, joined);
        // Back to front: event i's four words overlap only the three of
        // events at or after i, already moved.
        let mut run = self.runs.len() - 1;
        for i in (0..joined).rev() {
            while self.runs[run].0 as usize > i {
                run -= 1;
            }
            let [time, pair, at] = self.words.row3(i);
            self.words.set_row(i, [time, pair, self.runs[run].1, at]);
        }
        self.runs = Vec::new();
    }

    /// Keeps the rows read before position `limit` (`below`) or from it
    /// on (the log loosened first); gives back those it drops when asked
    /// (one function, not one per caller's test: wasm size).
    fn retain(&mut self, limit: u32, below: bool, give_back: bool) -> Words {
        self.loosen();
        let mut gone = Words::default();
        let mut n = 0;
        for i in 0..self.words.len() / 4 {
            let r = self.words.row(i);
            if (r[AT] < limit) == below {
                self.words.set_row(n, r);
                n += 1;
            } else if give_back {
                gone.push(r);
            }
        }
        self.words.truncate(4 * n);
        gone
    }

    /// The side tables' lengths, for [`Self::truncate_sides`].
    pub fn side_lengths(&self) -> SideLengths {
        SideLengths { pairs: self.pairs.values.len(), far: self.far.values.len() }
    }

    /// Forgets the pair codes and far times added after `at` (an import
    /// that did not finish, its rows already dropped).
    pub fn truncate_sides(&mut self, at: SideLengths) {
        self.pairs.truncate(at.pairs);
        self.far.truncate(at.far);
    }

    /// Adds a row of the activity file being read (joined at the next
    /// [`Self::link`]). Refused only when its time is outside 1950-2083 and
    /// 2^26 other such times were stored already.
    #[cfg_attr(leadscore_speed, inline)]
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub fn push(&mut self, a: Activity) -> Result<(), String> {
        // Lines only go up within a file: a lower one starts the next file.
        let starts_file = |last: Option<u32>| last.is_some_and(|at| at >= self.next_file.saturating_add(a.line));
        debug_assert_eq!(starts_file(self.file_last), starts_file(self.pending().next_back()), "the file's last row is the last row");
        if starts_file(self.file_last) {
            self.end_file();
        }
        let at = self.next_file.saturating_add(a.line);
        let e = self.encode(&a, at).ok_or_else(far_times_full)?;
        self.words.push(e);
        self.file_last = Some(at);
        Ok(())
    }

    /// [`Self::push`] of each row `rows[j]`, its key `keys[j]`, in one
    /// loop (a call or four per row otherwise): `pairs[j]` is the code of
    /// its (type, detail) when the caller knows it from a row before (one
    /// this log gave it since its side tables were last cut), `u32::MAX`
    /// when not, and is left at the code stored (or `u32::MAX` for a row
    /// refused, which `refused` is told of with its index and why).
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub(crate) fn push_many(&mut self, rows: &[Activity], keys: &[u32], pairs: &mut [u32], mut refused: impl FnMut(usize, String)) {
        let mut j = 0;
        while j < rows.len() {
            let a = Activity { key: keys[j], ..rows[j] };
            let at = self.next_file.saturating_add(a.line);
            let starts_file = |last: Option<u32>| last.is_some_and(|last| last >= at);
            debug_assert_eq!(starts_file(self.file_last), starts_file(self.pending().next_back()), "the file's last row is the last row");
            if starts_file(self.file_last) {
                self.end_file();
            }
            let at = self.next_file.saturating_add(a.line);
            let time = a.time.wrapping_sub(TIME_BASE);
            let e = if (0..Time::from(FAR_CODE)).contains(&time) {
                if pairs[j] == u32::MAX {
                    pairs[j] = self.pairs.code((a.kind, a.detail));
                }
                debug_assert_eq!(self.pairs.values[pairs[j] as usize], (a.kind, a.detail), "a pair code handed in is the row's pair");
                Some([time as u32, pairs[j], a.key, at])
            } else {
                let e = self.encode(&a, at);
                pairs[j] = e.map_or(u32::MAX, |e| e[PAIR]);
                e
            };
            match e {
                Some(e) => {
                    self.words.push(e);
                    self.file_last = Some(at);
                }
                None => refused(j, far_times_full()),
            }
            j += 1;
        }
    }

    /// Ends the activity file being read (even one with no rows): the
    /// next starts after it.
    pub fn end_file(&mut self) {
        debug_assert_eq!(self.file_last, self.scan_file_last(), "the file's last position kept");
        let first = self.next_file;
        self.files.push(first);
        self.next_file = self.file_last.take().map_or(first, |l| l.saturating_add(1));
    }

    fn reading_a_file(&self) -> bool {
        debug_assert_eq!(self.file_last, self.scan_file_last(), "the file's last position kept");
        self.file_last.is_some()
    }

    /// Every activity stored, joined or not.
    pub fn len(&self) -> usize {
        self.joined_len() + self.loose_len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.len() == 0
    }

    /// How many events the buffer holds room for (the rows being added at
    /// four words each).
    pub fn capacity(&self) -> usize {
        self.joined_len() + (self.words.capacity() / 4).saturating_sub(self.loose_base())
    }

    pub fn reserve(&mut self, rows: usize) {
        self.words.reserve(rows * 4);
    }

    /// Drops the rows from `len` on (an import that did not finish) and the
    /// room reserved for them.
    pub fn truncate(&mut self, len: usize) {
        let joined = self.joined_len();
        if len < joined {
            self.loosen();
            self.joined = 0;
            self.words.truncate(4 * len);
        } else {
            self.words.truncate(4 * (self.loose_base() + len - joined));
        }
        self.words.shrink_to_fit();
        self.set_file_last();
    }

    /// Replaces the activities nested in the lead file. Refused (the log
    /// as it was), with the line of the first that did not fit, only when
    /// too many of their times are outside 1950-2083.
    pub fn set_nested(&mut self, nested: Vec<Activity>) -> Result<(), u32> {
        let mut stored = Words::default();
        let sides = self.side_lengths();
        for a in &nested {
            match self.encode(a, a.line.min(FILES - 1)) {
                Some(e) => stored.push(e),
                None => {
                    self.truncate_sides(sides);
                    return Err(a.line);
                }
            }
        }
        // Nested rows never follow the rows of a file being read (that file
        // ends first; a workspace reads one file at a time, so none is):
        // the last row pushed is then the file's last, as [`Self::push`] has it.
        if self.reading_a_file() {
            self.end_file();
        }
        self.retain(FILES, false, false);
        self.joined = 0;
        for e in stored.rows() {
            self.words.push(e);
        }
        self.set_file_last();
        Ok(())
    }

    /// Drops every activity file (nested activities stay).
    pub fn clear_files(&mut self) {
        self.retain(FILES, true, false);
        self.words.shrink_to_fit();
        self.joined = 0;
        self.files.clear();
        self.next_file = FILES;
        self.file_last = None;
    }

    /// Takes out the rows of the last activity file (to read it again):
    /// where its positions start, and its rows (to give to [`Self::put_back`]).
    pub fn take_last_file(&mut self) -> (u32, TakenRows) {
        let Some(first) = self.files.pop() else { return (self.next_file, TakenRows::default()) };
        let taken = self.retain(first, true, true);
        self.joined = 0;
        self.next_file = first;
        self.file_last = None;
        (first, TakenRows(taken))
    }

    /// Puts back what [`Self::take_last_file`] took; joined at the next link.
    pub fn put_back(&mut self, first: u32, rows: TakenRows) {
        self.files.push(first);
        let mut last = None;
        for e in rows.0.rows() {
            last = last.max(Some(e[AT]));
            self.words.push(e);
        }
        self.next_file = last.map_or(first, |l| l.saturating_add(1));
        self.set_file_last();
    }

    /// The line an event was read on (in the lead file or in its activity file).
    pub fn line(&self, e: &Event) -> u32 {
        if e.at < FILES {
            return e.at;
        }
        if e.at >= self.next_file {
            return e.at - self.next_file;
        }
        let f = self.files.partition_point(|&first| first <= e.at);
        e.at - self.files[f.max(1) - 1]
    }

    fn as_read(&self, nested: bool) -> Vec<Activity> {
        let mut all = Words::default();
        for e in self.part(0, self.len()).rows() {
            if (e[AT] < FILES) == nested {
                all.push(e);
            }
        }
        let n = all.len() / 4;
        sort_events(&mut all, 0, n, false, &self.far.values);
        all.rows()
            .map(|s| {
                let e = self.decode(&s);
                Activity { key: e.key, time: e.time, kind: e.kind, detail: e.detail, line: self.line(&e) }
            })
            .collect()
    }

    /// The activities nested in the lead file, in reading order, as read.
    pub fn nested(&self) -> Vec<Activity> {
        self.as_read(true)
    }

    /// The activities of the activity files, in reading order, as read.
    pub fn from_files(&self) -> Vec<Activity> {
        self.as_read(false)
    }

    /// Joins every activity to `leads`, in place: a count per key, then
    /// each event moved into its lead's slot (no second copy of the
    /// log), then each lead's (short) slice sorted by time, equal times in
    /// reading order. Those matching no lead go last, in reading order.
    /// The joined ones shrink to three words each on the way, in place,
    /// their keys kept once per run.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub fn link(&mut self, leads: &LeadTable) {
        if self.reading_a_file() {
            self.end_file();
        }
        self.loosen();
        let n = leads.leads.len();
        let rows = &mut self.words;
        // Events counted per key (one table read per event; a count per
        // lead through a key-to-lead table was two), then each key's count
        // added to its lead's and replaced by its lead, in the same buffer.
        // Keys of no lead join u32::MAX (the last run below, after the leads').
        let mut key_to_lead = vec![0u32; self.keys.len()];
        // By index, through a slice: the `rows` iterator and Vec's Index
        // were calls per row in wasm (as in the loops below).
        let counts = key_to_lead.as_mut_slice();
        for i in 0..rows.len() / 4 {
            counts[rows.row(i)[KEY] as usize] += 1;
        }
        let mut start = vec![0u32; n + 2];
        let mut with_events = 0;
        // The keys with events looked up [`MANY`] at a time (a key with
        // none adds nothing to any count).
        let (mut batch, mut which, mut found) = ([""; MANY], [0usize; MANY], [0u32; MANY]);
        let mut k = 0;
        while k < key_to_lead.len() {
            let mut m = 0;
            while k < key_to_lead.len() && m < MANY {
                if key_to_lead[k] == 0 {
                    key_to_lead[k] = u32::MAX;
                } else {
                    (batch[m], which[m]) = (self.keys.resolve(k as u32), k);
                    m += 1;
                }
                k += 1;
            }
            leads.find_many(&batch[..m], &mut found[..m]);
            for (&lead, &k) in found[..m].iter().zip(&which[..m]) {
                let b = (lead as usize).min(n) + 1;
                with_events += usize::from(b <= n && start[b] == 0);
                start[b] += key_to_lead[k];
                key_to_lead[k] = lead;
            }
        }
        for b in 0..=n {
            start[b + 1] += start[b];
        }
        // First into runs of leads, whose write heads stay in cache, and a
        // last run of the events of no lead (one pass by lead moved each
        // event to a far slot, a cache miss after another): as many as
        // make 256 runs, fewer leads in each when that many hold over half
        // of JOIN_ROWS events, and at most 65,534 runs of at most 65,536
        // leads (each key's run, then its lead within the run, in two bytes:
        // half the table read at random for each event moved).
        let mut shift = n.div_ceil(256).next_power_of_two().trailing_zeros();
        let per_lead = (start[n] as usize).div_ceil(n.max(1));
        while shift > 0 && per_lead << shift > JOIN_ROWS / 2 {
            shift -= 1;
        }
        while n.div_ceil(1 << shift) >= usize::from(u16::MAX) {
            shift += 1;
        }
        // (Both hold below 2^32 leads.)
        let shift = shift.min(16);
        let lead_run_count = n.div_ceil(1 << shift);
        let key_run: Vec<u16> = key_to_lead.iter().map(|&l| (l >> shift).min(lead_run_count as u32) as u16).collect();
        let mut run_start: Vec<u32> = (0..lead_run_count).map(|r| start[r << shift]).collect();
        run_start.extend([start[n], start[n + 1]]);
        let mut next = run_start[..run_start.len() - 1].to_vec();
        regroup(rows, &mut next, &run_start[1..], &key_run);
        drop((next, key_run));
        let key_sub: Vec<u16> = key_to_lead.iter().map(|&l| (l & ((1 << shift) - 1)) as u16).collect();
        drop(key_to_lead);
        // Then each run of leads by lead and each lead by time: spread by
        // lead into a flat buffer (at most JOIN_ROWS) and sorted there (a
        // second one the room to merge in), copied back (sorting in the
        // chunked log was 40% of a join, moving each event to its lead in
        // place 20%). A longer run (a lead with that many events) is moved
        // and sorted in place.
        // Copied back as three words (event i's three overlap only the four
        // of events at or before i, already read), each lead's key runs
        // (a run starts at each key change; a lead's first event always
        // starts one: leads share no key) made on the way, and each lead's
        // first run in place of where its events start. A run for each lead
        // with events is the room kept; more when a lead's keys alternate.
        let joined = start[n] as usize;
        let mut runs: Vec<(u32, u32)> = Vec::with_capacity(with_events + 1);
        let (mut spare, mut by_lead): (Vec<Stored>, Vec<Stored>) = (Vec::new(), Vec::new());
        for r in 0..lead_run_count {
            let (lo, hi) = (r << shift, ((r + 1) << shift).min(n));
            let (base, end) = (start[lo] as usize, start[hi] as usize);
            let mut next: Vec<u32> = start[lo..hi].iter().map(|&s| s - start[lo]).collect();
            let flat = end - base <= JOIN_ROWS;
            if flat {
                by_lead.resize(end - base, [0; 4]);
                spare.resize(end - base, [0; 4]);
                let (sub, heads, to) = (key_sub.as_slice(), next.as_mut_slice(), by_lead.as_mut_slice());
                for i in base..end {
                    let e = rows.row(i);
                    let d = usize::from(sub[e[KEY] as usize]);
                    to[heads[d] as usize] = e;
                    heads[d] += 1;
                }
            } else {
                next.iter_mut().for_each(|s| *s += start[lo]);
                regroup(rows, &mut next, &start[lo + 1..=hi], &key_sub);
            }
            for b in lo..hi {
                let (from, to) = (start[b] as usize, start[b + 1] as usize);
                start[b] = runs.len() as u32;
                if flat {
                    sort_lead(&mut by_lead[from - base..to - base], &mut spare[..to - from], &self.far.values);
                } else {
                    sort_events(rows, from, to, true, &self.far.values);
                }
                let by_lead = by_lead.as_slice();
                for i in from..to {
                    let [time, pair, key, at] = if flat { by_lead[i - base] } else { rows.row(i) };
                    if i == from || runs.last().is_none_or(|r| r.1 != key) {
                        runs.push((i as u32, key));
                    }
                    rows.set_row3(i, [time, pair, at]);
                }
            }
        }
        drop((spare, by_lead, key_sub));
        sort_events(rows, start[n] as usize, start[n + 1] as usize, false, &self.far.values);
        start[n] = runs.len() as u32;
        runs.push((joined as u32, u32::MAX));
        runs.shrink_to_fit();
        self.runs = runs;
        // The others after them, from the next multiple of four words;
        // the chunks left empty are freed.
        let (rows, base) = (self.words.len() / 4, (3 * joined).div_ceil(4));
        self.words.copy_rows(joined, rows - joined, base);
        self.words.truncate(4 * (base + rows - joined));
        self.words.shrink_to_fit();
        start.truncate(n + 1);
        start.shrink_to_fit();
        self.lead_runs = start;
        self.joined = self.len();
    }

    fn part(&self, from: usize, to: usize) -> Events<'_> {
        Events { from, to, log: self }
    }

    /// The events of lead `lead` by time, decoded into `out` (cleared
    /// first): for a loop over leads that keeps one buffer.
    pub fn of_lead_into(&self, lead: usize, out: &mut Vec<Event>) {
        out.clear();
        if lead + 1 < self.lead_runs.len() {
            // Run by run, the key once for each: no run to follow per event.
            let runs = &self.runs[self.lead_runs[lead] as usize..=self.lead_runs[lead + 1] as usize];
            out.reserve((runs[runs.len() - 1].0 - runs[0].0) as usize);
            for r in runs.windows(2) {
                for i in r[0].0 as usize..r[1].0 as usize {
                    let [time, pair, at] = self.words.row3(i);
                    out.push(self.decode(&[time, pair, r[0].1, at]));
                }
            }
        }
    }

    /// The events of lead `lead`, by time.
    pub fn of_lead(&self, lead: usize) -> Vec<Event> {
        let mut v = Vec::new();
        self.of_lead_into(lead, &mut v);
        v
    }

    /// The events joined to a lead, lead after lead.
    pub fn joined_events(&self) -> Events<'_> {
        self.part(0, self.joined_len())
    }

    /// Activities whose lead id matches no lead, in reading order.
    pub fn unmatched_events(&self) -> Events<'_> {
        self.part(self.joined_len().min(self.joined), self.joined)
    }

    /// [`Self::unmatched_events`], decoded into a list.
    pub fn unmatched(&self) -> Vec<Event> {
        self.unmatched_events().iter().collect()
    }

    /// Bytes the events take: the buffer, the key runs and each lead's first run.
    pub fn event_bytes(&self) -> usize {
        self.words.bytes() + self.runs.capacity() * std::mem::size_of::<(u32, u32)>() + self.lead_runs.capacity() * 4
    }

    /// Bytes held, for the memory estimate.
    pub fn bytes(&self) -> usize {
        self.keys.bytes() + self.kinds.bytes() + self.details.bytes() + self.event_bytes() + self.pairs.bytes() + self.far.bytes()
    }
}

/// The rows [`ActivityLog::take_last_file`] took out, as stored.
#[derive(Clone, Debug, Default)]
pub struct TakenRows(Words);

impl TakenRows {
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }
    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }
}

/// One row of an outcome log, before it is joined to a lead.
#[derive(Clone, Debug)]
pub struct OutcomeRow {
    /// [`lead_key`] of the `lead_id` cell.
    pub key: Box<str>,
    pub line: u32,
    pub time: Time,
    pub mapped: Mapped,
    pub first_contact_at: Option<Time>,
    /// The lead's row version when the row was first joined to it.
    pub snapshot: Option<u32>,
}

/// Sales decisions: outcome-log rows, and every lead's decisions (its own
/// row's first, then the log's) sorted by time, undated first.
#[derive(Clone, Debug, Default)]
pub struct OutcomeLog {
    pub rows: Vec<OutcomeRow>,
    pub decisions: Vec<Decision>,
    pub offsets: Vec<u32>,
    /// Outcome rows whose lead id matches no lead: indexes into `rows`.
    pub unmatched: Vec<u32>,
}

impl OutcomeLog {
    pub fn link(&mut self, leads: &LeadTable) {
        let n = leads.leads.len();
        // Sized once: a doubling list of 64-byte decisions left holes in
        // wasm memory on every link (leads, then again with activities).
        let own = leads.leads.iter().filter(|l| l.decision.is_some()).count();
        let mut lists: Vec<(u32, Decision)> = Vec::with_capacity(own + self.rows.len());
        for (i, lead) in leads.leads.iter().enumerate() {
            if let Some(m) = lead.decision {
                let time = if m.outcome == Outcome::Rejected { lead.rejected_at.get() } else { None };
                lists.push((
                    i as u32,
                    Decision {
                        time,
                        mapped: Mapped { converted: lead.converted.or(m.converted), ..m },
                        first_contact_at: lead.first_contact_at.get(),
                        source: DecisionSource::LeadTable,
                        snapshot: leads.decision_version(i),
                    },
                ));
            }
        }
        self.unmatched.clear();
        for (r, row) in self.rows.iter_mut().enumerate() {
            match leads.find(&row.key) {
                Some(l) => {
                    let snapshot = *row.snapshot.get_or_insert(leads.version(l as usize));
                    lists.push((
                        l,
                        Decision {
                            time: Some(row.time),
                            mapped: row.mapped,
                            first_contact_at: row.first_contact_at,
                            source: DecisionSource::OutcomeLog { line: row.line },
                            snapshot,
                        },
                    ));
                }
                None => self.unmatched.push(r as u32),
            }
        }
        // Stable: the row's own decision, then log rows in file order.
        crate::sort::items_by(&mut lists, &|(la, a), (lb, b)| (*la, a.time.is_some(), a.time).cmp(&(*lb, b.time.is_some(), b.time)));
        self.offsets = vec![0; n + 1];
        for (l, _) in &lists {
            self.offsets[*l as usize + 1] += 1;
        }
        for i in 0..n {
            self.offsets[i + 1] += self.offsets[i];
        }
        self.decisions = lists.into_iter().map(|(_, d)| d).collect();
    }

    pub fn of_lead(&self, lead: usize) -> &[Decision] {
        if lead + 1 >= self.offsets.len() {
            return &[];
        }
        &self.decisions[self.offsets[lead] as usize..self.offsets[lead + 1] as usize]
    }

    /// Forgets which lead version each row came in with (the lead table
    /// was replaced, so the versions refer to rows that no longer exist).
    pub fn reset_snapshots(&mut self) {
        for r in &mut self.rows {
            r.snapshot = None;
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub leads: LeadTable,
    pub activities: ActivityLog,
    pub outcomes: OutcomeLog,
}

impl Dataset {
    /// Bytes each part of the data holds (capacities, not lengths), for
    /// finding where memory goes.
    pub fn memory_parts(&self) -> Vec<(&'static str, usize)> {
        use std::mem::size_of;
        let l = &self.leads;
        let a = &self.activities;
        vec![
            ("lead rows", l.leads.capacity() * size_of::<Lead>()),
            ("lead history", l.history_bytes()),
            ("lead cells", l.cells.iter().map(Cells::bytes).sum()),
            ("lead key index", l.key_bytes()),
            ("activity keys", a.keys.bytes()),
            ("activity kinds", a.kinds.bytes()),
            ("activity details", a.details.bytes()),
            ("events by lead", a.event_bytes()),
            ("activity pairs and far times", a.pairs.bytes() + a.far.bytes()),
        ]
    }

    pub fn relink(&mut self) {
        self.activities.link(&self.leads);
        self.outcomes.link(&self.leads);
    }

    /// The decisions about lead `i`, sorted by time (undated first).
    pub fn decisions(&self, lead: usize) -> &[Decision] {
        self.outcomes.of_lead(lead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two strings whose hashes share the tag and the slot of a table of
    /// 16 (found by trying names: 36 bits alike).
    fn tag_twins() -> (String, String) {
        let mut seen = std::collections::HashMap::new();
        for n in 0u32.. {
            let s = format!("L-{n}");
            let h = text_hash(&s);
            if let Some(t) = seen.insert(h >> 32 << 4 | (h & 15), s.clone()) {
                return (t, s);
            }
        }
        unreachable!()
    }

    /// [`Interner::intern_many`] gives the codes of a first-seen numbering,
    /// whatever the batches: strings repeated within one and across its
    /// ends, strings filed before, new ones that grow the table on the way,
    /// and a string whose slot tag is another's (its candidate is that
    /// string, which the compare turns down).
    #[test]
    fn interned_many_at_once_as_one_by_one() {
        let (a, b) = tag_twins();
        let (ha, hb) = (text_hash(&a), text_hash(&b));
        assert_eq!((ha >> 32, ha & 15), (hb >> 32, hb & 15));
        let mut lone = Interner::default();
        lone.intern(&a);
        let mut scratch = Lookups::default();
        // In a table of 16, `b`'s first slot is `a`'s, with the same tag.
        assert_eq!(lone.slots.len(), 16);
        lone.find_many(b.as_bytes(), &[0, b.len() as u32], &mut scratch);
        assert_eq!(scratch.found[0], NOT_FOUND, "{b} is not {a}");
        let mut rng = 5u64;
        let mut next = |n: u64| {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (rng >> 33) % n
        };
        let mut strings: Vec<String> = vec![a.clone(), b.clone()];
        strings.extend((0..3000).map(|i| format!("lead-{i}@example.com")));
        let mut interner = Interner::default();
        interner.intern(&a);
        let mut seen = vec![a.clone()];
        let mut last = None;
        // What `last` must be: the code of the last string of the last
        // round that had any.
        let mut want_last = None;
        let mut codes = Vec::new();
        for round in 0..400 {
            let (mut text, mut ends) = (String::new(), vec![0]);
            let mut want = Vec::new();
            for _ in 0..next(if round % 50 == 0 { 300 } else { 40 }) {
                // Runs of one string, and many a few times.
                let s = match next(4) {
                    0 if !want.is_empty() => seen[want[want.len() - 1] as usize].clone(),
                    1 => strings[next(2) as usize].clone(),
                    _ => strings[next(strings.len().min(20 + 10 * round as usize) as u64) as usize].clone(),
                };
                text.push_str(&s);
                ends.push(text.len() as u32);
                let code = seen.iter().position(|x| *x == s).unwrap_or_else(|| {
                    seen.push(s);
                    seen.len() - 1
                });
                want.push(code as u32);
            }
            codes.resize(want.len(), u32::MAX);
            interner.intern_many(&text, &ends, &mut last, &mut scratch, &mut codes);
            assert_eq!(codes, want);
            want_last = want.last().copied().or(want_last);
            assert_eq!(last, want_last);
        }
        assert!(seen.len() > 1500, "{}", seen.len());
        assert_eq!(interner.iter().collect::<Vec<_>>(), seen);
        assert!(seen.iter().enumerate().all(|(i, s)| interner.get(s) == Some(i as u32)));
    }

    /// [`LeadTable::find_many`] finds what [`LeadTable::find`] finds, key
    /// by key: ids before emails, leads with no id cell, keys an update
    /// import kept whole and ids it pinned, keys of no lead, in batches of
    /// any size; and a key whose first slot holds another key with the same
    /// tag (its candidate, which the compare turns down).
    #[test]
    fn leads_found_many_at_once_as_one_by_one() {
        use crate::outcomes::StatusMapping;
        use crate::workspace::Workspace;
        let (a, b) = tag_twins();
        let alone = table_of(&format!("id,email\n{a},\n"));
        assert_eq!(alone.by_key.slots.len(), 16);
        let (ha, hb) = (text_hash(&a), text_hash(&b));
        assert_eq!((alone.by_key.tag(ha), ha & 15), (alone.by_key.tag(hb), hb & 15));
        let mut found = [0; 3];
        alone.find_many(&[&b, &a, &b], &mut found);
        assert_eq!(found, [NOT_FOUND, 0, NOT_FOUND]);
        let both = table_of(&format!("id,email\n{a},\n{b},\n"));
        both.find_many(&[&b, &a, &b], &mut found);
        assert_eq!(found, [1, 0, 1]);
        let mut rng = crate::test_rng(17);
        let mut next = |n: u64| rng() % n;
        let none = StatusMapping::default();
        let (mut kept, mut pinned, mut no_id) = (0, 0, 0);
        for round in 0..60 {
            // Ids, emails as written (case, spaces, non-ASCII) and keys of no lead.
            let id = |i: u64| format!("L{i}");
            let email = |i: u64, how: u64| match how {
                0 => format!("e{i}@x.io"),
                1 => format!("E{i}@X.io"),
                2 => format!(" e{i}@x.io "),
                _ => format!("É{i}@x.io"),
            };
            let rows = |next: &mut dyn FnMut(u64) -> u64, n: u64| {
                let mut s = String::from("id,email\n");
                for _ in 0..n {
                    let i = if next(4) == 0 { String::new() } else { id(next(40)) };
                    let e = if next(3) == 0 { String::new() } else { email(next(30), next(4)) };
                    w!(s, "{i},{e}\n");
                }
                s
            };
            let mut ws = Workspace::new();
            let n = 1 + next(if round % 10 == 0 { 400 } else { 30 });
            let first = rows(&mut next, n);
            if ws.import_leads(first.as_bytes(), &[]).is_err() {
                continue;
            }
            for _ in 0..next(4) {
                let n = 1 + next(12);
                let update = rows(&mut next, n);
                let _ = ws.update_leads(update.as_bytes(), &[], &none);
            }
            let leads = &ws.data().leads;
            kept += leads.by_key.kept.len();
            pinned += leads.history.values().filter(|h| h.pinned_id.is_some()).count();
            no_id += (0..leads.leads.len()).filter(|&l| leads.cell(l, leads.field_column(Field::Id).unwrap()).is_empty()).count();
            let mut keys: Vec<String> = (0..45).map(id).collect();
            for i in 0..32 {
                for how in 0..4 {
                    keys.push(lead_key(&email(i, how)));
                    keys.push(email(i, how));
                }
            }
            keys.extend(["nobody".to_string(), String::new(), a.clone(), b.clone()]);
            for _ in 0..keys.len() {
                let (x, y) = (next(keys.len() as u64) as usize, next(keys.len() as u64) as usize);
                keys.swap(x, y);
            }
            let want: Vec<u32> = keys.iter().map(|k| leads.find(k).unwrap_or(NOT_FOUND)).collect();
            assert!(want.iter().any(|&l| l != NOT_FOUND));
            let mut got = vec![0; keys.len()];
            let mut at = 0;
            while at < keys.len() {
                let m = (1 + next(2 * MANY as u64) as usize).min(keys.len() - at);
                let batch: Vec<&str> = keys[at..at + m].iter().map(String::as_str).collect();
                leads.find_many(&batch, &mut got[at..at + m]);
                at += m;
            }
            assert_eq!(got, want, "round {round}");
        }
        assert!(kept > 20 && pinned > 20 && no_id > 20, "{kept} {pinned} {no_id}");
    }

    fn table_of(csv: &str) -> LeadTable {
        crate::import::import_leads(csv.as_bytes(), &[], &mut ActivityLog::default()).unwrap().0
    }

    /// The interner's hash spreads the usual keys over both halves: the
    /// low bits pick the key index's slot (the interners' from the top
    /// bits, checked last), the high 32 are the tag checked before a
    /// compare (zero for all of them, every probe would compare the text).
    #[test]
    fn interner_hash_spreads_keys_in_both_halves() {
        let keys: Vec<String> = (0..100_000)
            .map(|k| format!("L-{k:06}"))
            .chain((0..100_000).map(|k| format!("user{k}@example.com")))
            .chain((0..1000).map(|k| "x".repeat(k % 40) + &k.to_string()))
            .collect();
        let mut tags: Vec<u32> = keys.iter().map(|k| (text_hash(k) >> 32) as u32).collect();
        let mut low: Vec<u32> = keys.iter().map(|k| text_hash(k) as u32).collect();
        let n = keys.len();
        for v in [&mut tags, &mut low] {
            v.sort_unstable();
            v.dedup();
            // 201,000 draws from 2^32: a handful of repeats at most.
            assert!(v.len() > n - 50, "{} of {n}", v.len());
        }
        // Slots in a 2^18 table, filled evenly (a bucket of 4096 slots holds
        // about 3140 keys; within 25%).
        let mut buckets = vec![0usize; 64];
        for k in &keys {
            buckets[(text_hash(k) as usize & ((1 << 18) - 1)) >> 12] += 1;
        }
        assert!(buckets.iter().all(|&b| (2350..3930).contains(&b)), "{buckets:?}");
        // The same from the top bits (the interners' first slots).
        let mut buckets = vec![0usize; 64];
        for k in &keys {
            buckets[(text_hash(k) >> Interner::shift(1 << 18)) as usize >> 12] += 1;
        }
        assert!(buckets.iter().all(|&b| (2350..3930).contains(&b)), "{buckets:?}");
    }

    #[test]
    fn same_bytes_is_slice_equality() {
        let text = b"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";
        for n in 0..24 {
            for a in 0..text.len() - n {
                for b in 0..text.len() - n {
                    let (x, y) = (&text[a..a + n], &text[b..b + n]);
                    assert_eq!(same_bytes(x, y), x == y, "{a} {b} {n}");
                }
                let mut one = text[a..a + n].to_vec();
                for i in 0..n {
                    one[i] ^= 0x20;
                    assert!(!same_bytes(&one, &text[a..a + n]), "{a} {n} {i}");
                    one[i] ^= 0x20;
                }
                assert!(same_bytes(&one, &text[a..a + n]));
                assert!(!same_bytes(&text[a..a + n], &text[a..=a + n]));
            }
        }
    }

    /// One activity pushed, as the reference keeps it: key text, time,
    /// kind, detail, the file it came in (0 for the first) and its line.
    type Pushed = (String, Time, u32, u32, usize, u32);

    fn lcg(x: &mut u64) -> u64 {
        *x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *x >> 33
    }

    /// Leads `L{i}` for the given numbers, each with e-mail `e{i}@x.io`
    /// when `email` says so: two keys join the same lead.
    fn table(ids: &[u32], email: impl Fn(u32) -> bool) -> LeadTable {
        let mut s = String::from("id,email\n");
        for &i in ids {
            w!(s, "L{i},{}\n", if email(i) { format!("e{i}@x.io") } else { String::new() });
        }
        crate::import::import_leads(s.as_bytes(), &[], &mut ActivityLog::default()).unwrap().0
    }

    /// The events of a lead (or the unmatched ones, `None`) as the
    /// reference has them: (time, kind, detail, key, line), by time then
    /// reading order for a lead, reading order for the unmatched.
    fn want(t: &LeadTable, all: &[Pushed], lead: Option<u32>) -> Vec<(Time, u32, u32, String, u32)> {
        let mut v: Vec<(usize, &Pushed)> = all.iter().enumerate().filter(|(_, p)| t.find(&p.0) == lead).collect();
        if lead.is_some() {
            v.sort_by_key(|&(n, p)| (p.1, n));
        }
        v.into_iter().map(|(_, p)| (p.1, p.2, p.3, p.0.clone(), p.5)).collect()
    }

    fn got(log: &ActivityLog, events: impl Iterator<Item = Event>) -> Vec<(Time, u32, u32, String, u32)> {
        events.map(|e| (e.time, e.kind, e.detail, log.keys.resolve(e.key).to_string(), log.line(&e))).collect()
    }

    fn check(log: &ActivityLog, t: &LeadTable, all: &[Pushed]) {
        let mut joined = Vec::new();
        for l in 0..t.leads.len() {
            let w = want(t, all, Some(l as u32));
            assert_eq!(got(log, log.of_lead(l).into_iter()), w, "lead {l}");
            joined.extend(w);
        }
        let unmatched = want(t, all, None);
        assert_eq!(got(log, log.unmatched().into_iter()), unmatched);
        assert_eq!(got(log, log.joined_events().iter()), joined);
        assert_eq!(log.joined_events().iter().len(), joined.len());
        // From the back, and from both ends at once.
        let mut back = got(log, log.joined_events().iter().rev());
        back.reverse();
        assert_eq!(back, joined);
        let mut it = log.joined_events().iter();
        let (mut front, mut tail) = (Vec::new(), Vec::new());
        while let Some(e) = if front.len() % 3 == 1 { it.next_back().inspect(|e| tail.push(*e)) } else { it.next().inspect(|e| front.push(*e)) } {
            let _ = e;
        }
        tail.reverse();
        front.extend(tail);
        assert_eq!(got(log, front.into_iter()), joined);
        assert_eq!(log.len(), all.len());
        // Every row as read, in reading order, lines included.
        let as_read: Vec<(String, Time, u32, u32, u32)> =
            log.from_files().iter().map(|a| (log.keys.resolve(a.key).to_string(), a.time, a.kind, a.detail, a.line)).collect();
        let pushed: Vec<(String, Time, u32, u32, u32)> = all.iter().map(|p| (p.0.clone(), p.1, p.2, p.3, p.5)).collect();
        assert_eq!(as_read, pushed);
    }

    /// Rows for `files` activity files: keys naming a lead by id or by
    /// e-mail or no lead, few distinct times (ties) and some far ones,
    /// lines going up with gaps (in one case up to 2^22 apart, positions
    /// far from each other).
    fn rows(x: &mut u64, files: usize, per_file: u64, far_lines: bool) -> Vec<Pushed> {
        let far = [TIME_BASE - 1, TIME_END, TIME_END + 86_400 * 365 * 7000, -62_167_219_200];
        let mut v = Vec::new();
        for f in 0..files {
            let mut line = 2;
            for _ in 0..lcg(x) % per_file {
                let k = lcg(x);
                let key = match k % 5 {
                    0 => format!("e{}@x.io", k / 5 % 12),
                    1 => format!("nobody{}", k / 5 % 3),
                    _ => format!("L{}", k / 5 % 12),
                };
                let r = lcg(x);
                let time = if r % 7 == 0 { far[(r / 7 % 4) as usize] } else { 1_700_000_000 + (r % 5) as Time };
                v.push((key, time, (r / 5 % 3) as u32, (r / 15 % 4) as u32, f, line));
                line += 1 + if far_lines { (lcg(x) % (1 << 22)) as u32 } else { (lcg(x) % 3 == 0) as u32 };
            }
        }
        v
    }

    fn push_all(log: &mut ActivityLog, rows: &[Pushed]) {
        for (n, p) in rows.iter().enumerate() {
            if n > 0 && rows[n - 1].4 != p.4 {
                log.end_file();
            }
            let key = log.keys.intern(&p.0);
            log.push(Activity { key, time: p.1, kind: p.2, detail: p.3, line: p.5 }).unwrap();
        }
        log.end_file();
    }

    /// [`ActivityLog::push_many`] stores what [`ActivityLog::push`] does,
    /// row by row: the same rows, pair and far tables and files (each
    /// started by a line lower than the one before, not by `end_file`),
    /// in batches of 1 to 70 rows, with the pair code given for some rows
    /// (as a row before was given it) and not for others; the codes it
    /// gives back are those stored. Times at both ends of the stored range
    /// and outside it.
    #[test]
    fn push_many_stores_as_push_does() {
        let mut x = 5;
        let (mut far, mut files, mut hinted) = (0, 0, false);
        for case in 0..300 {
            let mut all = rows(&mut x, 1 + case % 4, 60, case % 5 == 4);
            for p in &mut all {
                match lcg(&mut x) % 12 {
                    0 => p.1 = TIME_BASE,
                    1 => p.1 = TIME_END - 1,
                    _ => {}
                }
            }
            let (mut one, mut many) = (ActivityLog::default(), ActivityLog::default());
            for p in &all {
                let key = one.keys.intern(&p.0);
                one.push(Activity { key, time: p.1, kind: p.2, detail: p.3, line: p.5 }).unwrap();
            }
            let mut known: HashMap<(u32, u32), u32> = HashMap::default();
            let mut at = 0;
            while at < all.len() {
                let n = ((1 + lcg(&mut x) % 70) as usize).min(all.len() - at);
                let batch = &all[at..at + n];
                let rows: Vec<Activity> = batch.iter().map(|p| Activity { key: 0, time: p.1, kind: p.2, detail: p.3, line: p.5 }).collect();
                let keys: Vec<u32> = batch.iter().map(|p| many.keys.intern(&p.0)).collect();
                let mut pairs: Vec<u32> = rows
                    .iter()
                    .map(|a| match known.get(&(a.kind, a.detail)) {
                        Some(&c) if lcg(&mut x) % 3 != 0 => c,
                        _ => u32::MAX,
                    })
                    .collect();
                many.push_many(&rows, &keys, &mut pairs, |j, e| panic!("row {j} refused: {e}"));
                let stored: Vec<u32> = (many.words.len() / 4 - n..many.words.len() / 4).map(|i| many.words.row(i)[PAIR]).collect();
                assert_eq!(pairs, stored, "case {case}");
                rows.iter().zip(&pairs).for_each(|(a, &c)| _ = known.insert((a.kind, a.detail), c));
                at += n;
            }
            assert_eq!(one.words.rows().collect::<Vec<_>>(), many.words.rows().collect::<Vec<_>>(), "case {case}");
            assert_eq!((&one.pairs.values, &one.far.values), (&many.pairs.values, &many.far.values), "case {case}");
            assert_eq!((&one.files, one.next_file, one.file_last), (&many.files, many.next_file, many.file_last), "case {case}");
            (far, files, hinted) = (far + many.far.values.len(), files.max(many.files.len() + 1), hinted || !known.is_empty());
        }
        // The cases stored far times, read several files and gave codes.
        assert!(far > 100 && files == 4 && hinted, "{far} {files} {hinted}");
    }

    /// In chunks of four rows (unit tests, [`CHUNK_SHIFT`]): sorting,
    /// regrouping, packing, loosening and retaining cross chunk ends at
    /// every place.
    #[test]
    fn joined_events_keep_key_and_position_apart_and_come_back_as_pushed() {
        assert_eq!(CHUNK_ROWS, 4);
        let mut x = 11;
        for case in 0..300 {
            let far_lines = case % 4 == 3;
            let ids: Vec<u32> = (0..12).filter(|_| lcg(&mut x) % 3 != 0).collect();
            let a = table(&ids, |i| i % 2 == 0);
            let mut log = ActivityLog::default();
            // Every fifth case, leads of some 20-70 events: flat runs
            // with merge-sorted leads and leads over JOIN_ROWS (not with
            // far lines: 600 of those pass u32 positions, which saturate).
            let per_file = if case % 5 == 4 && !far_lines { 600 } else { 30 };
            let first = rows(&mut x, 1 + case % 3, per_file, far_lines);
            push_all(&mut log, &first);
            log.link(&a);
            check(&log, &a, &first);
            // Another file, joined with the first.
            let mut all = first.clone();
            let more: Vec<Pushed> = rows(&mut x, 1, 30, far_lines).into_iter().map(|p| (p.0, p.1, p.2, p.3, all.last().map_or(0, |l| l.4 + 1), p.5)).collect();
            push_all(&mut log, &more);
            all.extend(more.iter().cloned());
            log.link(&a);
            check(&log, &a, &all);
            // Rows an import added and dropped, then the log as it was.
            let len = log.len();
            let sides = log.side_lengths();
            for p in rows(&mut x, 1, 30, far_lines) {
                let key = log.keys.intern(&p.0);
                log.push(Activity { key, time: p.1, kind: p.2, detail: p.3, line: p.5 }).unwrap();
            }
            log.truncate(len);
            log.truncate_sides(sides);
            check(&log, &a, &all);
            // The lead table changes (leads go, come and gain e-mails):
            // everything joined again.
            let ids_b: Vec<u32> = (0..12).filter(|_| lcg(&mut x) % 2 == 0).collect();
            let b = table(&ids_b, |i| i % 3 != 1);
            log.link(&b);
            check(&log, &b, &all);
            // The last file taken out and put back.
            let (at, taken) = log.take_last_file();
            log.link(&b);
            check(&log, &b, &all[..all.len() - more.len()]);
            log.put_back(at, taken);
            log.link(&b);
            check(&log, &b, &all);
        }
    }

    /// Where the file being read ends is kept as rows come, not found by a
    /// scan of the rows: through rows cut off by an import that stopped
    /// (inside a file or after files it ended), files ended with no row,
    /// joins, nested rows set and a file taken out and put back, a row
    /// starts a new file exactly when its line is not above the last row
    /// kept of the file being read, and every row keeps its file and
    /// line (debug builds also check the kept position against a scan at
    /// every push, end of file and join).
    #[test]
    fn a_file_ends_after_its_last_row_kept() {
        let t = table(&[0, 1, 2], |i| i != 1);
        let mut x = 5;
        for _ in 0..200 {
            let mut log = ActivityLog::default();
            // The reference: (file, line) of the rows kept, in reading
            // order; the file being read and whether it has a row.
            let mut model: Vec<(usize, u32)> = Vec::new();
            let mut file = 0;
            let mut mark: Option<(usize, usize)> = None;
            for _ in 0..40 {
                match lcg(&mut x) % 10 {
                    0 => {
                        log.end_file();
                        file += 1;
                    }
                    1 => mark = Some((log.len(), model.len())),
                    2 => {
                        if let Some((len, kept)) = mark.take() {
                            log.truncate(len);
                            model.truncate(kept);
                        }
                    }
                    3 => {
                        log.link(&t);
                        if model.last().is_some_and(|m| m.0 == file) {
                            file += 1;
                        }
                        mark = None;
                    }
                    4 => {
                        let nested = (0..lcg(&mut x) % 3).map(|i| Activity { key: log.keys.intern("L2"), time: 1_700_000_000, kind: 0, detail: 0, line: 2 + i as u32 }).collect();
                        log.set_nested(nested).unwrap();
                        if model.last().is_some_and(|m| m.0 == file) {
                            file += 1;
                        }
                        mark = None;
                    }
                    5 if model.last().is_none_or(|m| m.0 != file) && !log.files.is_empty() => {
                        let (at, taken) = log.take_last_file();
                        log.link(&t);
                        log.put_back(at, taken);
                        mark = None;
                    }
                    _ => {
                        let last = model.last().filter(|m| m.0 == file).map(|m| m.1);
                        let line = match lcg(&mut x) % 4 {
                            0 => 2 + (lcg(&mut x) % 6) as u32,
                            _ => last.unwrap_or(1) + 1 + (lcg(&mut x) % 3) as u32,
                        };
                        if last.is_some_and(|l| line <= l) {
                            file += 1;
                        }
                        let key = log.keys.intern(["L0", "L1", "e0@x.io", "nobody"][(lcg(&mut x) % 4) as usize]);
                        log.push(Activity { key, time: 1_700_000_000 + (lcg(&mut x) % 3) as Time, kind: 0, detail: 0, line }).unwrap();
                        model.push((file, line));
                    }
                }
            }
            log.end_file();
            assert_eq!(log.files.len(), file + 1);
            log.link(&t);
            let mut got: Vec<(u32, usize, u32)> = log
                .joined_events()
                .iter()
                .chain(log.unmatched_events().iter())
                .filter(|e| e.at >= FILES)
                .map(|e| (e.at, log.files.partition_point(|&f| f <= e.at) - 1, log.line(&e)))
                .collect();
            got.sort_unstable();
            assert_eq!(got.into_iter().map(|g| (g.1, g.2)).collect::<Vec<_>>(), model);
        }
    }

    #[test]
    fn a_joined_event_takes_three_words_and_its_lead_one_key_run() {
        let t = table(&[0, 1, 2], |_| false);
        let mut log = ActivityLog::default();
        let rows: Vec<Pushed> = (0..30).map(|i| (format!("L{}", i % 3), 1_700_000_000 + i as Time, 0, 0, 0, i + 2)).collect();
        push_all(&mut log, &rows);
        log.link(&t);
        // 90 words, up to a multiple of four: 6 chunks of 16 words kept
        // of the 8 the rows of four took.
        // Three runs and the one that ends them.
        assert_eq!((log.words.len(), log.runs.len(), log.words.chunks.len()), (92, 4, 6));
        assert_eq!((log.runs.capacity(), log.lead_runs.capacity()), (4, 4));
        assert_eq!(log.event_bytes(), 6 * 64 + log.words.chunks.capacity() * std::mem::size_of::<usize>() + 4 * 8 + 4 * 4);
        assert_eq!(JOINED_EVENT_BYTES, 12);
        assert_eq!(EVENT_BYTES, 16);
    }

    #[test]
    fn cells_round_trip_and_share_repeats() {
        let mut c = Cells::default();
        let words = ["Software", "", "Retail", "Software", "Ünïcode ✓", "Retail", ""];
        for w in words {
            c.push(w);
        }
        assert_eq!((0..words.len()).map(|i| c.get(i)).collect::<Vec<_>>(), words);
        assert_eq!(c.code(0), c.code(3));
        assert_eq!(c.code(1), 0);
        // Three distinct strings stored once each.
        assert_eq!(c.texts.text_len(), "SoftwareRetailÜnïcode ✓".len());
    }

    #[test]
    fn a_mostly_unique_column_stops_sharing_but_keeps_every_cell() {
        let mut c = Cells::default();
        let n = SHARED_STRINGS + 5000;
        for i in 0..n {
            c.push(&format!("lead-{i}@example.com"));
        }
        c.push("lead-7@example.com");
        assert_eq!((c.shared.len(), c.looks), (UNIQUE_AFTER as usize, UNIQUE_AFTER));
        assert!((0..n).all(|i| c.get(i) == format!("lead-{i}@example.com")));
        assert_eq!(c.get(n), "lead-7@example.com");
    }

    #[test]
    fn shared_strings_are_found_again_after_a_seal() {
        // An update import sets cells of a sealed column: the strings it adds
        // are shared from there on, under their own codes.
        let mut c = Cells::default();
        let words: Vec<String> = (0..300).map(|k| format!("industry {}", k % 40)).collect();
        words.iter().for_each(|w| c.push(w));
        assert_eq!(c.strings(), 41);
        c.seal();
        for (i, w) in words.iter().enumerate().take(100) {
            c.set(i, &format!("{w}, updated"));
        }
        assert_eq!(c.strings(), 81);
        assert!((0..100).all(|i| c.get(i) == format!("{}, updated", words[i])));
        assert!((0..100).all(|i| c.code(i) == c.code(i % 40)), "a repeated new string has one code");
        assert!((100..300).all(|i| c.get(i) == words[i]));
        // A string from before the seal is stored again (the table was
        // dropped), once.
        c.set(0, "industry 0");
        c.set(1, "industry 0");
        assert_eq!((c.strings(), c.code(0), c.get(0)), (82, c.code(1), "industry 0".into()));
        // Clashes in the hash's top bits (the slot, 7 of 16, and the tag:
        // the text decides, the next slot is tried); the low bits play no
        // part; a different tag is told apart without the text. Room for
        // eight, so no rebuild by real hashes.
        let mut t = Shared { strings: Interner { slots: vec![0; 16], ..Interner::default() }, base: 0, cache: Vec::new() };
        let h = 7 << 60;
        for (k, text) in ["a", "b", "c"].iter().enumerate() {
            let at = t.find(text, h).expect_err("not filed");
            t.insert(text, h, at, k as u32 + 5);
        }
        assert_eq!((t.find("a", h), t.find("b", h), t.find("c", h), t.find("c", h | 8), t.find("c", h | 1 << 40)), (Ok(5), Ok(6), Ok(7), Ok(7), Err(10)));
        assert_eq!((t.find("d", h), t.len(), t.base), (Err(10), 3, 4));
    }

    #[test]
    fn text_hash_spreads_near_keys() {
        // Ids and emails that differ in one byte, anywhere: distinct hashes,
        // and slots and tags spread (the table uses the low bits and the top ones).
        let keys: Vec<String> = (0..20_000)
            .map(|i| match i % 4 {
                0 => format!("L-{i:06}"),
                1 => format!("lead{i}@example.com"),
                2 => format!("{i}"),
                _ => format!("a very long key that ends in the number {i}"),
            })
            .collect();
        let hashes: std::collections::HashSet<u64> = keys.iter().map(|k| text_hash(k)).collect();
        assert_eq!(hashes.len(), keys.len());
        for (name, bits) in [("low", 0u32), ("top", 52)] {
            let mut buckets = [0u32; 4096];
            hashes.iter().for_each(|h| buckets[(h >> bits) as usize & 4095] += 1);
            // 20,000 in 4,096 buckets: about 4.9 each.
            assert!(buckets.iter().all(|&b| b < 25), "{name} bits: {:?}", buckets.iter().max());
        }
        assert_ne!(text_hash(""), text_hash("\0"));
        assert_ne!(text_hash("abcdefgh"), text_hash("abcdefgh\0"));
    }

    #[test]
    fn interner_round_trip_clashes_and_truncate() {
        let mut i = Interner::default();
        let words: Vec<String> = (0..5000).map(|k| format!("https://example.com/page/{k}")).collect();
        let codes: Vec<u32> = words.iter().map(|w| i.intern(w)).collect();
        assert_eq!(codes, (0..5000).collect::<Vec<u32>>());
        assert!(words.iter().zip(&codes).all(|(w, &c)| i.intern(w) == c && i.get(w) == Some(c) && i.resolve(c) == w));
        assert_eq!(i.intern(""), 5000);
        assert_eq!(i.resolve(5000), "");
        // A clash, forced: a second string filed under the first's hash.
        let first = text_hash(&words[0]);
        let c = i.intern_hashed("clash", first);
        assert_eq!((c, i.find("clash", first), i.resolve(c)), (5001, Ok(5001), "clash"));
        assert_eq!((i.intern_hashed(&words[0], first), i.intern_hashed("clash", first)), (0, 5001));
        assert_eq!(i.get("clash"), None, "not under its own hash");
        i.truncate(4000);
        assert_eq!((i.len(), i.get(&words[3999]), i.get(&words[4000]), i.get("")), (4000, Some(3999), None, None));
        assert_eq!(i.intern(&words[4500]), 4000);
        assert_eq!(i.iter().last(), Some(words[4500].as_str()));
        assert!(i.slots.len() >= 2 * i.len() && i.slots.len().is_power_of_two());
    }

    #[test]
    fn events_sort_by_time_then_reading_order_at_every_length() {
        let mut x: u64 = 7;
        for len in (0..60).chain([100, 257, 500, 4097]) {
            let v: Vec<Stored> = (0..len)
                .map(|i| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    [(x >> 60) as u32, 0, 0, (x >> 33) as u32 ^ i]
                })
                .collect();
            // In chunks of four rows, after 0 to 4 rows left as they are:
            // chunk ends at every place.
            let sorted = |v: &[Stored], by_time: bool, far: &[Time]| {
                let mut got = None;
                for pad in 0..=CHUNK_ROWS {
                    let mut w = Words::default();
                    (0..pad).for_each(|p| w.push([p as u32; 4]));
                    v.iter().for_each(|&e| w.push(e));
                    w.push([9; 4]);
                    sort_events(&mut w, pad, pad + v.len(), by_time, far);
                    let rows: Vec<Stored> = w.rows().collect();
                    assert!((0..pad).all(|p| rows[p] == [p as u32; 4]) && rows[pad + v.len()] == [9; 4]);
                    let this = rows[pad..pad + v.len()].to_vec();
                    assert!(got.as_ref().is_none_or(|g| *g == this), "{pad} before");
                    got = Some(this);
                }
                // The same in a flat slice (a run of leads while it is joined).
                let mut flat = v.to_vec();
                sort_events(&mut flat[..], 0, v.len(), by_time, far);
                assert_eq!(got.as_ref(), Some(&flat), "in a slice");
                // A lead's events as a join sorts them (by time, merged in
                // spare room whatever it holds).
                if by_time {
                    let mut lead = v.to_vec();
                    let mut spare = vec![[u32::MAX; 4]; v.len() + 3];
                    sort_lead(&mut lead, &mut spare, far);
                    assert_eq!(got.as_ref(), Some(&lead), "a lead's");
                }
                got.unwrap()
            };
            for by_time in [true, false] {
                let got = sorted(&v, by_time, &[]);
                let mut want = v.clone();
                want.sort_by_key(|e| (if by_time { e[TIME] } else { 0 }, e[AT]));
                assert_eq!(got, want, "{len} events, by time: {by_time}");
            }
            // Some times far ones (before and after the stored range, and
            // between stored ones): sorted by the time they stand for.
            let far = [TIME_BASE - 1, TIME_END, TIME_BASE + 3, Time::MIN + 1];
            let mixed: Vec<Stored> = v.iter().map(|e| [if e[AT] % 3 == 0 { FAR_CODE + e[AT] % 4 } else { e[TIME] }, e[PAIR], e[KEY], e[AT]]).collect();
            let got = sorted(&mixed, true, &far);
            let mut want = mixed.clone();
            want.sort_by_key(|e| (time_of(e[TIME], &far), e[AT]));
            assert_eq!(got, want, "{len} events with far times");
        }
    }

    #[test]
    fn chunked_words_move_and_read_as_one_buffer() {
        let mut x: u64 = 5;
        let size = CHUNK_WORDS;
        for _ in 0..1000 {
            let len = 4 * (lcg(&mut x) as usize % (6 * size) / 4 + 1);
            let mut w = Words::default();
            let mut flat: Vec<u32> = Vec::new();
            for r in 0..len / 4 {
                let row = [lcg(&mut x) as u32, r as u32, 7, lcg(&mut x) as u32];
                w.push(row);
                flat.extend_from_slice(&row);
            }
            assert_eq!((w.len(), w.capacity()), (len, len.div_ceil(size) * size));
            // A move up or down, overlapping or not, as copy_within.
            let from = lcg(&mut x) as usize % (len / 4);
            let n = lcg(&mut x) as usize % (len / 4 - from + 1);
            let to = lcg(&mut x) as usize % (len / 4 - n + 1);
            w.copy_rows(from, n, to);
            flat.copy_within(4 * from..4 * (from + n), 4 * to);
            assert!((0..len).all(|k| w.word(k) == flat[k]), "{n} rows {from} -> {to}");
            // Rows of three read and written at every place.
            for i in 0..len / 3 {
                assert_eq!(w.row3(i), [flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]]);
                let r = [lcg(&mut x) as u32, 1, 2];
                w.set_row3(i, r);
                flat[3 * i..3 * i + 3].copy_from_slice(&r);
            }
            assert!((0..len / 4).all(|i| w.row(i) == flat[4 * i..4 * i + 4]));
            // Shorter, then the chunks after the length freed.
            let keep = 4 * (lcg(&mut x) as usize % (len / 4 + 1));
            w.truncate(keep);
            w.shrink_to_fit();
            assert_eq!((w.len(), w.chunks.len()), (keep, keep.div_ceil(size)));
            assert!(w.rows().eq(flat[..keep].chunks_exact(4).map(|r| [r[0], r[1], r[2], r[3]])));
        }
    }

    #[test]
    fn a_lead_row_is_small() {
        // Parsed fields only: the id is in the cells, versions by lead apart
        // (was 80 B with a boxed id, an Option<f64> and a history pointer).
        assert_eq!(std::mem::size_of::<Lead>(), 40);
        assert_eq!(MaybeNumber::from(Some(201.5)).get(), Some(201.5));
        assert_eq!(MaybeNumber::from(None).get(), None);
        assert_eq!(MaybeNumber::from(Some(f64::INFINITY)).get(), Some(f64::INFINITY));
        assert_eq!(MaybeNumber::NONE, MaybeNumber::from(None));
    }

    #[test]
    fn key_index_agrees_with_a_hash_map() {
        // Ids with spaces around, emails in any case (non-ASCII too), some
        // ids empty (the lead's id is then its email), repeats.
        let n = 30_000u32;
        let (mut ids, mut emails) = (Cells::default(), Cells::default());
        for i in 0..n {
            ids.push(&match i % 7 {
                0 => String::new(),
                1 => format!(" L-{} ", i % 9000),
                _ => format!("L-{}", i % 9000),
            });
            emails.push(&match i % 4 {
                0 => String::new(),
                1 => format!("Lead{}@Example.COM", i / 2),
                2 => format!("ÅSA.{}@Ö.se", i / 3),
                _ => format!("l-{}@x.io", i),
            });
        }
        let cells = [ids, emails];
        let pinned = HashMap::default();
        let src = KeyText { cells: &cells, id_col: Some(0), email_col: Some(1), pinned: &pinned };
        let mut k = KeyIndex::default();
        let mut want: std::collections::HashMap<String, u32> = Default::default();
        assert_eq!(k.get(&src, "x"), None);
        for i in 0..n {
            let id = src.id(i);
            if !id.is_empty() {
                let key = lead_key(id);
                k.insert(&src, &key, KeyRef::Id(i));
                want.insert(key, i);
            }
            let e = cells[1].text(i as usize);
            if !e.is_empty() && i % 5 != 0 {
                let key = lead_key(e);
                k.insert_if_free(&src, &key, KeyRef::Email(i));
                want.entry(key).or_insert(i);
            }
        }
        assert_eq!(k.len(), want.len());
        assert!(want.iter().all(|(key, &l)| k.get(&src, key) == Some(l)));
        for miss in ["L-9000", "", "l-1", "lead1@example.co", "LEAD1@EXAMPLE.COM", " L-1", "åsa.1@ö.s"] {
            assert_eq!(k.get(&src, miss), want.get(miss).copied(), "{miss}");
        }
        assert!(k.get(&src, "åsa.2@ö.se").is_some());
        // A key kept whole stays under its lead when the cell is gone.
        let l = want["lead4@example.com"];
        k.detach(&src, l);
        let mut changed = cells.clone();
        changed[1].set(l as usize, "other@x.io");
        let src = KeyText { cells: &changed, ..src };
        assert_eq!(k.get(&src, "lead4@example.com"), Some(l));
        assert_eq!(k.get(&src, "other@x.io"), None);
        k.reserve(&src, 100_000);
        assert!(want.iter().filter(|(key, _)| key.as_str() != "other@x.io").all(|(key, &l)| k.get(&src, key) == Some(l)));
    }

    #[test]
    fn is_key_matches_lead_key() {
        for raw in ["L1", " L1 ", "Ann@X.io", " ann@x.io", "ÅSA@Ö.se", "İx@y", "Σ@x", "a", ""] {
            let key = lead_key(raw);
            assert!(is_key(raw, &key), "{raw}");
            assert!(!is_key(raw, &format!("{key}x")), "{raw}");
            assert_eq!(is_key(raw, "l1"), lead_key(raw) == "l1", "{raw}");
        }
    }

    /// Every cell of `c` reads as `want`.
    fn assert_cells(c: &Cells, want: &[String]) {
        assert_eq!(c.len(), want.len());
        for (i, w) in want.iter().enumerate() {
            assert_eq!(c.get(i), w, "lead {i}");
        }
    }

    #[test]
    fn codes_widen_from_a_bit_to_a_byte_to_two_and_four_mid_column() {
        let mut c = Cells::default();
        let mut want: Vec<String> = Vec::new();
        let mut widths = Vec::new();
        // Repeats (one in three cells) end the bit per lead at once; the
        // count of strings then passes 255 and 65,535.
        for i in 0..150_000usize {
            let s = if i % 3 == 2 { want[i / 2].clone() } else { format!("v{i}") };
            c.push(&s);
            want.push(s);
            if widths.last() != Some(&c.codes.width()) {
                widths.push(c.codes.width());
            }
            if i == 1000 {
                assert_cells(&c, &want);
            }
        }
        assert_eq!(widths, [0, 1, 2, 4]);
        assert_cells(&c, &want);
        c.seal();
        assert_cells(&c, &want);
    }

    #[test]
    fn short_strings_found_through_the_cache_get_their_first_code() {
        // Strings of 1-20 bytes from a few characters (NUL and a two-byte
        // one among them), so that many share their key's words with a
        // string of another length ("aa" and "aaa") and, being more than
        // the cache has slots, many share a slot.
        let mut rng = crate::test_rng(5);
        let mut rand = |m: u64| rng() % m;
        let alphabet = ["a", "b", "\0", "é", "a"];
        let distinct: Vec<String> = (0..3000)
            .map(|_| (0..rand(20) + 1).map(|_| alphabet[rand(5) as usize]).collect::<String>())
            .collect();
        for (round, pick) in [30, 600, 3000].into_iter().enumerate() {
            let mut c = Cells::default();
            let mut first: HashMap<&str, u32> = HashMap::default();
            for i in 0..40_000 {
                let s = distinct[rand(pick) as usize].as_str();
                let next = first.len() as u32 + 1;
                let want = *first.entry(s).or_insert(next);
                c.push(s);
                assert_eq!((c.code(i), &*c.get(i)), (want, s), "round {round} lead {i}");
            }
            assert!(c.hits * 2 > c.looks, "round {round}: a column that repeats keeps looking");
            // The cache is used: of 30 strings, the short ones are in it by
            // now (but for one that lost its slot to another), each under its code.
            if round == 0 {
                let short: Vec<(&str, u32)> = first.iter().filter(|(s, _)| short_key(s.as_bytes()).is_some()).map(|(&s, &k)| (s, k)).collect();
                let cached: Vec<Option<u32>> = short.iter().map(|(s, _)| c.shared.cached(short_key(s.as_bytes()).unwrap(), s.len())).collect();
                assert!(short.iter().zip(&cached).all(|((_, k), got)| got.is_none_or(|g| g == *k)), "{short:?} {cached:?}");
                assert!(cached.iter().flatten().count() * 4 >= short.len() * 3 && short.len() > 5, "{short:?} {cached:?}");
            }
        }
        assert_eq!(short_key(b"aa"), short_key(b"aaa"), "the length tells them apart");
    }

    #[test]
    fn widening_keeps_every_code_of_bits_odd_leads_and_narrow_arrays() {
        let mut rng = crate::test_rng(99);
        let mut rand = |m: u64| (rng() % m) as u32;
        for round in 0..40 {
            // Mostly codes in order with empties, some repeats (odd leads),
            // some changed cells (odd leads over set bits).
            let mut c = Codes::default();
            let mut next = 0u32;
            for _ in 0..rand(3000) + 1 {
                let code = match rand(10) {
                    0 => 0,
                    1 if next > 0 => rand(u64::from(next)) + 1,
                    _ => {
                        next += 1;
                        next
                    }
                };
                c.push(code);
                if rand(50) == 0 && c.len() > 1 {
                    let lead = rand(c.len() as u64) as usize;
                    c.set(lead, rand(u64::from(next) + 1));
                }
            }
            let want: Vec<u32> = (0..c.len()).map(|i| c.get(i)).collect();
            let top = [0x10, 0x1000, 0x10_0000][round % 3];
            let mut w = c.clone();
            w.widen(top, 5);
            assert_eq!(w.width(), width_for(top.max(want.iter().copied().max().unwrap_or(0))), "round {round}");
            assert_eq!((0..w.len()).map(|i| w.get(i)).collect::<Vec<_>>(), want, "round {round} from bits");
            // And from a narrower array to a wider one.
            let mut wider = w.clone();
            wider.widen(0x100_0000, 0);
            assert_eq!(wider.width(), 4);
            assert_eq!((0..wider.len()).map(|i| wider.get(i)).collect::<Vec<_>>(), want, "round {round} from bytes");
        }
    }

    #[test]
    fn a_column_of_new_strings_and_empties_is_a_bit_per_lead() {
        let mut c = Cells::default();
        let want: Vec<String> = (0..10_000).map(|i| if i % 7 == 3 { String::new() } else { format!("L-{i:06}") }).collect();
        want.iter().for_each(|s| c.push(s));
        c.seal();
        assert_eq!(c.codes.width(), 0);
        // A bit and a rank per 64 leads, against 4 bytes a lead as codes.
        assert!(c.codes.bytes() <= 10_000 / 8 + 10_000 / 64 * 4 + 24, "{} B", c.codes.bytes());
        assert_cells(&c, &want);
        assert_eq!((c.code(0), c.code(3), c.code(4)), (1, 0, 4));
    }

    #[test]
    fn a_few_repeats_or_updates_keep_the_bit_per_lead_until_they_are_many() {
        let mut c = Cells::default();
        let mut want: Vec<String> = (0..10_000).map(|i| format!("a{i}@x.io")).collect();
        // Two leads with the same email as an earlier one.
        want[500] = want[20].clone();
        want[9000] = want[8999].clone();
        want.iter().for_each(|s| c.push(s));
        assert_eq!(c.codes.width(), 0);
        assert_cells(&c, &want);
        // An update import changes cells: the old codes stay readable.
        let old = c.code(7);
        for (k, i) in [7usize, 500, 0, 9999, 4321].into_iter().enumerate() {
            let s = if k == 2 { String::new() } else { format!("new{k}@x.io") };
            c.set(i, &s);
            want[i] = s;
        }
        assert_eq!((c.codes.width(), &*c.string(old)), (0, "a7@x.io"));
        assert_cells(&c, &want);
        // Many changes: a plain array is smaller, and reads the same.
        for i in (0..10_000).step_by(20) {
            let s = format!("b{i}");
            c.set(i, &s);
            want[i] = s;
        }
        assert_eq!(c.codes.width(), 2, "10,000 strings and more fit in two bytes");
        assert_cells(&c, &want);
        assert_eq!(c.string(old), "a7@x.io");
    }

    #[test]
    fn an_update_adds_a_column_of_empty_cells_then_fills_it() {
        let mut c = Cells::empty(300, None);
        let mut want = vec![String::new(); 300];
        assert_cells(&c, &want);
        for i in (0..300).rev() {
            let s = format!("{}", i % 5);
            c.set(i, &s);
            want[i] = s;
        }
        c.push("4");
        want.push("4".into());
        assert_cells(&c, &want);
    }

    /// Date cells as read: the one rendering of a time, other date forms,
    /// empty, and text that is no date.
    const DATE_CELLS: [&str; 24] = [
        "2026-03-16T13:17:00Z",
        "2026-03-01",
        "3/1/2026 10:00",
        "",
        "not a date",
        "2026-03-01t09:30:00z",
        "2026-03-01T09:30:00",
        "2026-03-01 09:30:00Z",
        "2026-03-01T09:30:00+00:00",
        "2026-03-01T09:30:00.000Z",
        " 2026-03-01T09:30:00Z",
        "2026-03-01T09:30:00Z ",
        "2026-02-29T00:00:00Z",
        "2028-02-29T00:00:00Z",
        "2026-03-01T24:00:00Z",
        "2026-03-01T23:60:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "1969-12-31T23:59:59Z",
        "2106-02-07T06:28:14Z",
        "2106-02-07T06:28:15Z",
        "2026-03-16T13:17:00Z",
        "+026-03-16T13:17:00Z",
        "2026-03-16T13:17:00Zé",
    ];

    #[test]
    fn date_cells_give_back_their_text_and_store_only_other_text() {
        use crate::time::{canonical_time, format_time, parse_time};
        for field in [Field::CreatedAt, Field::RejectedAt, Field::FirstContactAt] {
            let mut c = Cells::for_field(Some(field));
            for s in DATE_CELLS {
                c.push(s);
            }
            let want: Vec<String> = DATE_CELLS.iter().map(|s| s.to_string()).collect();
            assert_cells(&c, &want);
            // The same with the times read beforehand, as an import does.
            let mut read = Cells::for_field(Some(field));
            for s in DATE_CELLS {
                match parse_time(s) {
                    Ok(t) => read.push_time(s, t),
                    Err(_) => read.push(s),
                }
            }
            assert_cells(&read, &want);
            assert_eq!((read.text_bytes(), read.strings()), (c.text_bytes(), c.strings()));
            // Only the text that is not a time's own rendering is stored;
            // checked against chrono's rendering of the parsed time.
            let own = |s: &str| parse_time(s).is_ok_and(|t| format_time(t) == s);
            for s in DATE_CELLS {
                assert_eq!(canonical_time(s).is_some(), own(s), "{s:?}");
            }
            // Times from 1970 to 2106 are held in 4 bytes; others keep their text.
            let held = |s: &str| own(s) && parse_time(s).is_ok_and(|t| (0..u32::MAX as Time).contains(&t));
            let stored: usize = DATE_CELLS.iter().filter(|s| !held(s)).map(|s| s.len()).sum();
            assert_eq!(c.text_bytes(), stored);
            assert_eq!(DATE_CELLS.iter().filter(|s| own(s)).count(), 8);
            assert_eq!(DATE_CELLS.iter().filter(|s| held(s)).count(), 4);
            // Per code, as the field tests and calibration read them.
            let by_code: Vec<String> = (0..c.strings() as u32).map(|k| c.string(k).to_string()).collect();
            assert_eq!(by_code[0], "");
            for (i, s) in DATE_CELLS.iter().enumerate() {
                assert_eq!(by_code[c.code(i) as usize], *s);
            }
            c.seal();
            assert_cells(&c, &want);
        }
        // Other columns store every text, dates or not.
        let mut other = Cells::for_field(Some(Field::Industry));
        DATE_CELLS.iter().for_each(|s| other.push(s));
        assert_eq!(other.text_bytes(), DATE_CELLS.iter().map(|s| s.len()).sum::<usize>() - "2026-03-16T13:17:00Z".len());
    }

    #[test]
    fn a_rendered_time_is_chronos_rendering() {
        use crate::time::{format_time, render};
        let mut t: Time = -62_167_219_200; // 0000-01-01T00:00:00Z
        let end: Time = 253_402_300_799; // 9999-12-31T23:59:59Z
        // Every 115 days and some seconds, so every field takes many values.
        while t <= end {
            for u in [t, t + 59, t + 86_399] {
                assert_eq!(std::str::from_utf8(&render(u)).unwrap(), format_time(u), "{u}");
            }
            t += 9_999_991;
        }
        assert_eq!(std::str::from_utf8(&render(end)).unwrap(), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn a_changed_date_cell_keeps_the_old_code_readable() {
        let mut c = Cells::empty(3, Some(Field::CreatedAt));
        c.set(0, "2026-03-16T13:17:00Z");
        c.set(1, "2026-03-01");
        let old = (c.code(0), c.code(1));
        c.set(0, "2026-03-17T00:00:00Z");
        c.set(1, "2026-03-02T00:00:00Z");
        c.set(2, "3/1/2026 10:00");
        assert_eq!((&*c.string(old.0), &*c.string(old.1)), ("2026-03-16T13:17:00Z", "2026-03-01"));
        assert_eq!((&*c.get(0), &*c.get(1), &*c.get(2)), ("2026-03-17T00:00:00Z", "2026-03-02T00:00:00Z", "3/1/2026 10:00"));
        c.set(0, "");
        assert_eq!(c.code(0), 0);
        assert_eq!(&*c.string(old.0), "2026-03-16T13:17:00Z");
    }

    #[test]
    fn a_set_keeps_the_old_code_readable() {
        let mut c = Cells::default();
        c.push("201-500");
        c.push("11-50");
        let old = c.code(0);
        c.set(0, "501-1000");
        assert_eq!((&*c.get(0), &*c.string(old), &*c.get(1)), ("501-1000", "201-500", "11-50"));
        c.set(1, "");
        assert_eq!(c.code(1), 0);
        let mut sealed = c.clone();
        sealed.seal();
        sealed.set(0, "201-500");
        assert_eq!(sealed.get(0), "201-500");
    }
}
