//! The imported data: a lead table and a compact activity log.
//!
//! Leads keep every cell of their row (custom fields stay usable by rules),
//! stored by column: a 4-byte code per cell into the column's strings, so a
//! million leads are a few dozen allocations, not twelve million; activities
//! are 24-byte records whose type and detail strings are interned,
//! so a URL seen a million times is stored once.

use rustc_hash::FxHashMap as HashMap;

use crate::outcomes::{Decision, DecisionSource, Mapped, Outcome};
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
        .flat_map(char::to_lowercase)
        .collect()
}

/// Key used to join activities to leads: trimmed, and lower-cased when it
/// is an email (emails are case-insensitive; opaque CRM ids are not).
pub fn lead_key(raw: &str) -> String {
    let t = raw.trim();
    if t.contains('@') {
        t.to_lowercase()
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

#[derive(Clone, Debug)]
pub struct Lead {
    pub id: Box<str>,
    /// Line of the file the row started on (1-based, header is line 1).
    pub line: u32,
    pub company_size: Option<f64>,
    pub created_at: Option<Time>,
    pub rejected_at: Option<Time>,
    pub first_contact_at: Option<Time>,
    pub converted: Option<bool>,
    /// The decision in the row's own columns (`sales_outcome`, or a CRM
    /// status word mapped to an outcome), with `rejection_reason`.
    pub decision: Option<Mapped>,
    /// Earlier versions of the row (its cell codes, one per column as the
    /// table had then), oldest first, kept by update imports: the current
    /// version is `history.len()`.
    pub history: Vec<Box<[u32]>>,
    /// The row version the row's own decision came in with.
    pub decision_version: u32,
}

impl Lead {
    pub fn version(&self) -> u32 {
        self.history.len() as u32
    }
}

/// How many distinct strings a column remembers to share: enough for
/// industries, countries and titles; ids and emails stop looking early.
const SHARED_STRINGS: usize = 1 << 14;

/// One column's cells: a code per lead into one text buffer. Code 0 is the
/// empty cell. Strings are only appended (an update import adds the new
/// value), so the codes of earlier row versions stay valid.
#[derive(Clone, Debug)]
pub struct Cells {
    codes: Vec<u32>,
    text: String,
    /// String `k` is `text[ends[k - 1]..ends[k]]`; `ends[0] == 0`.
    ends: Vec<u32>,
    shared: HashMap<Box<str>, u32>,
    /// Lookups that found a string already stored, and all lookups: once a
    /// column is full and mostly unique (ids, emails), it stops looking.
    hits: u32,
    looks: u32,
}

impl Default for Cells {
    fn default() -> Cells {
        Cells { codes: Vec::new(), text: String::new(), ends: vec![0], shared: HashMap::default(), hits: 0, looks: 0 }
    }
}

impl Cells {
    /// A column of `n` empty cells (a column an update import adds).
    pub fn empty(n: usize) -> Cells {
        Cells { codes: vec![0; n], ..Cells::default() }
    }

    fn code_of(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return 0;
        }
        let full = self.shared.len() >= SHARED_STRINGS;
        if !full || self.hits * 2 > self.looks {
            self.looks += 1;
            if let Some(&k) = self.shared.get(s) {
                self.hits += 1;
                return k;
            }
        }
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        let k = (self.ends.len() - 1) as u32;
        if !full {
            self.shared.insert(s.into(), k);
        }
        k
    }

    /// Appends a cell for the next lead.
    pub fn push(&mut self, s: &str) {
        let k = self.code_of(s);
        self.codes.push(k);
    }

    /// Replaces lead `lead`'s cell.
    pub fn set(&mut self, lead: usize, s: &str) {
        if self.get(lead) != s {
            self.codes[lead] = self.code_of(s);
        }
    }

    pub fn get(&self, lead: usize) -> &str {
        self.string(self.codes[lead])
    }

    pub fn code(&self, lead: usize) -> u32 {
        self.codes[lead]
    }

    pub fn string(&self, code: u32) -> &str {
        let k = code as usize;
        if k == 0 {
            return "";
        }
        &self.text[self.ends[k - 1] as usize..self.ends[k] as usize]
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// How many codes there are (the empty cell's included).
    pub fn strings(&self) -> usize {
        self.ends.len()
    }

    /// Bytes held, for the memory estimate.
    pub fn bytes(&self) -> usize {
        self.codes.capacity() * 4 + self.text.capacity() + self.ends.capacity() * 4 + self.shared.len() * 40
    }

    /// Drops the share table once a table is complete: it only speeds up
    /// imports, and update imports work without it.
    pub fn seal(&mut self) {
        self.shared = HashMap::default();
        self.looks = 0;
        self.hits = 0;
        self.codes.shrink_to_fit();
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
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
    pub fn get(&self, col: usize) -> &'a str {
        let Some(c) = self.cells.get(col) else { return "" };
        match self.at {
            RowAt::Now(lead) => c.get(lead),
            RowAt::Then(codes) => codes.get(col).map_or("", |&k| c.string(k)),
        }
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.cells.len()).map(|c| self.get(c))
    }
}

#[derive(Clone, Debug, Default)]
pub struct LeadTable {
    pub columns: Vec<Column>,
    /// The cells, one [`Cells`] per column.
    pub cells: Vec<Cells>,
    pub leads: Vec<Lead>,
    pub by_key: KeyIndex,
}

impl LeadTable {
    /// Column index holding a canonical field, if mapped.
    pub fn field_column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| c.field == Some(field))
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

    pub fn value(&self, lead: usize, field: Field) -> &str {
        match self.field_column(field) {
            Some(c) => self.cells[c].get(lead),
            None => "",
        }
    }

    pub fn cell(&self, lead: usize, col: usize) -> &str {
        self.cells.get(col).map_or("", |c| c.get(lead))
    }

    /// Lead `lead`'s row as it is now.
    pub fn row(&self, lead: usize) -> Row<'_> {
        Row { cells: &self.cells, at: RowAt::Now(lead) }
    }

    /// Lead `lead`'s row as it was at `version` (now when it is the latest).
    pub fn row_at(&self, lead: usize, version: u32) -> Row<'_> {
        match self.leads[lead].history.get(version as usize) {
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

fn hash_of(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        self.intern_hashed(s, hash_of(s))
    }

    fn intern_hashed(&mut self, s: &str, h: u64) -> u32 {
        let slot = match self.find(s, h) {
            Ok(i) => return i,
            Err(slot) => slot,
        };
        let next = self.len() as u32;
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        if self.len() * 2 > self.slots.len() {
            self.rebuild();
        } else {
            self.slots[slot] = Self::slot(h, next);
        }
        next
    }

    fn slot(h: u64, i: u32) -> u64 {
        (h & !0xffff_ffff) | u64::from(i + 1)
    }

    /// The string's index, or the empty slot where it would go.
    fn find(&self, s: &str, h: u64) -> Result<u32, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        loop {
            let v = self.slots[at];
            if v == 0 {
                return Err(at);
            }
            let i = (v as u32).wrapping_sub(1);
            if (v ^ h) >> 32 == 0 {
                let (a, z) = (self.ends[i as usize] as usize, self.ends[i as usize + 1] as usize);
                if self.text.as_bytes().get(a..z) == Some(s.as_bytes()) {
                    return Ok(i);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Files every string again, in a table two to four slots per string.
    fn rebuild(&mut self) {
        self.slots = vec![0; (self.len() * 2).next_power_of_two().max(16)];
        let mask = self.slots.len() - 1;
        for i in 0..self.len() as u32 {
            let h = hash_of(self.resolve(i));
            let mut at = h as usize & mask;
            while self.slots[at] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = Self::slot(h, i);
        }
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        self.find(s, hash_of(s)).ok()
    }
    pub fn resolve(&self, i: u32) -> &str {
        let i = i as usize;
        &self.text[self.ends[i] as usize..self.ends[i + 1] as usize]
    }
    pub fn len(&self) -> usize {
        self.ends.len() - 1
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|i| self.resolve(i))
    }
    /// Forgets the strings from `len` on (an import that did not finish).
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            self.text.truncate(self.ends[len] as usize);
            self.ends.truncate(len + 1);
            self.rebuild();
        }
    }
    /// Bytes held, for the memory estimate.
    pub fn bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4 + self.slots.capacity() * 8
    }
}

/// Lead keys ([`lead_key`]) to lead indexes: the keys interned in one
/// buffer, a lead index per key.
#[derive(Clone, Debug, Default)]
pub struct KeyIndex {
    keys: Interner,
    lead: Vec<u32>,
}

impl KeyIndex {
    pub fn get(&self, key: &str) -> Option<&u32> {
        self.keys.get(key).map(|k| &self.lead[k as usize])
    }

    /// Files `key` under `lead`, in place of what it was under.
    pub fn insert(&mut self, key: &str, lead: u32) {
        let k = self.keys.intern(key) as usize;
        if k == self.lead.len() {
            self.lead.push(lead);
        } else {
            self.lead[k] = lead;
        }
    }

    /// Files `key` under `lead` unless it is taken.
    pub fn insert_if_free(&mut self, key: &str, lead: u32) {
        if self.get(key).is_none() {
            self.insert(key, lead);
        }
    }

    pub fn len(&self) -> usize {
        self.lead.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lead.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.keys.iter().zip(self.lead.iter().copied())
    }

    pub fn reserve(&mut self, n: usize) {
        self.lead.reserve(n);
    }

    /// Bytes held, for the memory estimate.
    pub fn bytes(&self) -> usize {
        self.keys.bytes() + self.lead.capacity() * 4
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

/// A lead's events, joined and sorted by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub time: Time,
    pub kind: u32,
    pub detail: u32,
}

#[derive(Clone, Debug, Default)]
pub struct ActivityLog {
    pub keys: Interner,
    pub kinds: Interner,
    pub details: Interner,
    /// Activities from activity-log files (appended file after file).
    pub raw: Vec<Activity>,
    /// Activities nested in the lead file (JSON `activities`); replaced
    /// whenever the lead file is imported again.
    pub nested: Vec<Activity>,
    /// Events of lead `i` are `events[offsets[i]..offsets[i + 1]]`, by time.
    pub events: Vec<Event>,
    pub offsets: Vec<u32>,
    /// Activities whose lead id matches no lead: (line, lead id).
    pub unmatched: Vec<(u32, u32)>,
}

impl ActivityLog {
    /// Joins the raw activities to `leads`. Two passes: count per lead,
    /// then place each event in its lead's slot; each lead's (short) slice
    /// is then sorted by time, stably, so equal times keep file order. No
    /// buffer beyond the final events.
    pub fn link(&mut self, leads: &LeadTable) {
        let key_to_lead: Vec<Option<u32>> =
            self.keys.iter().map(|k| leads.by_key.get(k).copied()).collect();
        let n = leads.leads.len();
        self.offsets = vec![0; n + 1];
        self.unmatched.clear();
        for a in self.nested.iter().chain(&self.raw) {
            match key_to_lead[a.key as usize] {
                Some(l) => self.offsets[l as usize + 1] += 1,
                None => self.unmatched.push((a.line, a.key)),
            }
        }
        for i in 0..n {
            self.offsets[i + 1] += self.offsets[i];
        }
        let mut next: Vec<u32> = self.offsets[..n].to_vec();
        let empty = Event { time: 0, kind: 0, detail: 0 };
        self.events = vec![empty; self.offsets[n] as usize];
        for a in self.nested.iter().chain(&self.raw) {
            if let Some(l) = key_to_lead[a.key as usize] {
                let slot = &mut next[l as usize];
                self.events[*slot as usize] = Event { time: a.time, kind: a.kind, detail: a.detail };
                *slot += 1;
            }
        }
        for w in self.offsets.windows(2) {
            crate::sort::slice_by_key(&mut self.events[w[0] as usize..w[1] as usize], &|e| e.time);
        }
    }

    pub fn of_lead(&self, lead: usize) -> &[Event] {
        if lead + 1 >= self.offsets.len() {
            return &[];
        }
        &self.events[self.offsets[lead] as usize..self.offsets[lead + 1] as usize]
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
        let mut lists: Vec<(u32, Decision)> = Vec::new();
        for (i, lead) in leads.leads.iter().enumerate() {
            if let Some(m) = lead.decision {
                let time = if m.outcome == Outcome::Rejected { lead.rejected_at } else { None };
                lists.push((
                    i as u32,
                    Decision {
                        time,
                        mapped: Mapped { converted: lead.converted.or(m.converted), ..m },
                        first_contact_at: lead.first_contact_at,
                        source: DecisionSource::LeadTable,
                        snapshot: lead.decision_version,
                    },
                ));
            }
        }
        self.unmatched.clear();
        for (r, row) in self.rows.iter_mut().enumerate() {
            match leads.by_key.get(&row.key) {
                Some(&l) => {
                    let snapshot = *row.snapshot.get_or_insert(leads.leads[l as usize].version());
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
        assert_eq!(c.text.len(), "SoftwareRetailÜnïcode ✓".len());
    }

    #[test]
    fn a_mostly_unique_column_stops_sharing_but_keeps_every_cell() {
        let mut c = Cells::default();
        let n = SHARED_STRINGS + 5000;
        for i in 0..n {
            c.push(&format!("lead-{i}@example.com"));
        }
        c.push("lead-7@example.com");
        assert_eq!(c.shared.len(), SHARED_STRINGS);
        assert!(c.looks < n as u32, "looked up {} of {n} cells", c.looks);
        assert!((0..n).all(|i| c.get(i) == format!("lead-{i}@example.com")));
        assert_eq!(c.get(n), "lead-7@example.com");
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
        let first = hash_of(&words[0]);
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
    fn a_set_keeps_the_old_code_readable() {
        let mut c = Cells::default();
        c.push("201-500");
        c.push("11-50");
        let old = c.code(0);
        c.set(0, "501-1000");
        assert_eq!((c.get(0), c.string(old), c.get(1)), ("501-1000", "201-500", "11-50"));
        c.set(1, "");
        assert_eq!(c.code(1), 0);
        let mut sealed = c.clone();
        sealed.seal();
        sealed.set(0, "201-500");
        assert_eq!(sealed.get(0), "201-500");
    }
}
