//! The imported data: a lead table and a compact activity log.
//!
//! Leads keep every cell of their row (custom fields stay usable by rules);
//! activities are 24-byte records whose type and detail strings are interned,
//! so a URL seen a million times is stored once.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::outcomes::{Decision, DecisionSource, Mapped, Outcome};
use crate::time::Time;

/// The canonical lead columns of SPEC section 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
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

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Column {
    /// The header as it appeared in the file.
    pub header: String,
    /// The canonical field it feeds, or `None` for a custom field.
    pub field: Option<Field>,
}

#[derive(Clone, Debug)]
pub struct Lead {
    pub id: Box<str>,
    /// Line of the file the row started on (1-based, header is line 1).
    pub line: u32,
    /// One cell per column of [`LeadTable::columns`]; empty string = empty.
    pub values: Box<[Box<str>]>,
    pub company_size: Option<f64>,
    pub created_at: Option<Time>,
    pub rejected_at: Option<Time>,
    pub first_contact_at: Option<Time>,
    pub converted: Option<bool>,
    /// The decision in the row's own columns (`sales_outcome`, or a CRM
    /// status word mapped to an outcome), with `rejection_reason`.
    pub decision: Option<Mapped>,
    /// Earlier versions of `values`, oldest first, kept by update imports:
    /// the current version is `history.len()`.
    pub history: Vec<Box<[Box<str>]>>,
    /// The row version the row's own decision came in with.
    pub decision_version: u32,
}

impl Lead {
    pub fn version(&self) -> u32 {
        self.history.len() as u32
    }

    /// The row as it was at `version` (the current row when it is the latest).
    pub fn values_at(&self, version: u32) -> &[Box<str>] {
        self.history.get(version as usize).map_or(&self.values, |v| &**v)
    }
}

#[derive(Clone, Debug, Default)]
pub struct LeadTable {
    pub columns: Vec<Column>,
    pub leads: Vec<Lead>,
    pub by_key: HashMap<String, u32>,
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
            Some(c) => &self.leads[lead].values[c],
            None => "",
        }
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

/// Strings stored once, referred to by index.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    strings: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.into());
        self.index.insert(s.into(), i);
        i
    }
    pub fn get(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
    }
    pub fn resolve(&self, i: u32) -> &str {
        &self.strings[i as usize]
    }
    pub fn len(&self) -> usize {
        self.strings.len()
    }
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.strings.iter().map(|s| &**s)
    }
    /// Forgets the strings from `len` on (an import that did not finish).
    pub fn truncate(&mut self, len: usize) {
        for s in self.strings.drain(len.min(self.strings.len())..) {
            self.index.remove(&s);
        }
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
            match leads.by_key.get(&*row.key) {
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
