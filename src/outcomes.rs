//! Sales decisions (SPEC sections 2, 3 and 6): what sales said about each
//! lead, when, and what that does next.
//!
//! Decisions come from the lead table's own columns (`sales_outcome`,
//! `rejection_reason`, `rejected_at`, `converted`, `first_contact_at`, or a
//! CRM status column such as `Lead Status`) and from outcome logs with
//! several decisions per lead. CRM status words become outcomes through a
//! value mapping: suggested for the usual Salesforce and HubSpot lead
//! statuses, editable, and never guessed.

use crate::time::{format_time, Time, DAY};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum Outcome {
    Accepted,
    Rejected,
}
crate::json_read_enum!(Outcome { Accepted "accepted", Rejected "rejected" });
crate::json_name!(Outcome, |o| if o == Outcome::Accepted { "accepted" } else { "rejected" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum Reason {
    WrongIcp,
    Premature,
    Duplicate,
    Unreachable,
}
crate::json_read_enum!(Reason { WrongIcp "wrong_icp", Premature "premature", Duplicate "duplicate", Unreachable "unreachable" });
crate::json_name!(Reason, Reason::as_str);

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::WrongIcp => "wrong_icp",
            Reason::Premature => "premature",
            Reason::Duplicate => "duplicate",
            Reason::Unreachable => "unreachable",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Some(match crate::import::values::rejection_reason(s)? {
            "wrong_icp" => Reason::WrongIcp,
            "premature" => Reason::Premature,
            "duplicate" => Reason::Duplicate,
            _ => Reason::Unreachable,
        })
    }
}

/// What a status word (or an `accepted` / `rejected` cell) means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Mapped {
    pub outcome: Outcome,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub reason: Option<Reason>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub converted: Option<bool>,
}
crate::json_read!(Mapped { outcome: required, reason: default, converted: default });
crate::json_object!(Mapped { outcome, reason if Option::is_none, converted if Option::is_none });

const fn acc(converted: Option<bool>) -> Option<Mapped> {
    Some(Mapped { outcome: Outcome::Accepted, reason: None, converted })
}
const fn rej(reason: Option<Reason>, converted: Option<bool>) -> Option<Mapped> {
    Some(Mapped { outcome: Outcome::Rejected, reason, converted })
}

/// The suggested mapping: Salesforce's standard Lead Status picklist,
/// HubSpot's Lead Status property, and a few common custom values. `None`
/// means "not a decision yet" (the lead is not worked). A word not listed
/// is never guessed: it is reported with its count.
pub const SUGGESTED: &[(&str, Option<Mapped>)] = &[
    // Salesforce
    ("Open - Not Contacted", None),
    ("Working - Contacted", acc(None)),
    ("Closed - Converted", acc(Some(true))),
    // The reason is not in the word: sales must say it (reason column or mapping).
    ("Closed - Not Converted", rej(None, Some(false))),
    // HubSpot
    ("New", None),
    ("Open", None),
    ("In Progress", acc(None)),
    ("Open Deal", acc(None)),
    ("Unqualified", rej(Some(Reason::WrongIcp), None)),
    ("Attempted to Contact", rej(Some(Reason::Unreachable), None)),
    ("Connected", acc(None)),
    ("Bad Timing", rej(Some(Reason::Premature), None)),
    // Common custom values
    ("Not Contacted", None),
    ("Working", acc(None)),
    ("Contacted", acc(None)),
    ("Qualified", acc(None)),
    ("Sales Accepted", acc(None)),
    ("SQL", acc(None)),
    ("Converted", acc(Some(true))),
    ("Disqualified", rej(Some(Reason::WrongIcp), None)),
    ("Not a Fit", rej(Some(Reason::WrongIcp), None)),
    ("Nurture", rej(Some(Reason::Premature), None)),
    ("Not Ready", rej(Some(Reason::Premature), None)),
    ("No Response", rej(Some(Reason::Unreachable), None)),
    ("Unreachable", rej(Some(Reason::Unreachable), None)),
    ("Duplicate", rej(Some(Reason::Duplicate), None)),
];

/// How status words are compared: case, spaces, `-` and `_` ignored.
pub fn word_key(word: &str) -> String {
    crate::dataset::normalize_header(word)
}

/// A status-word mapping: the user's entries first, then the suggested ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatusMapping {
    /// (word as given, meaning); `None`: not a decision.
    pub given: Vec<(String, Option<Mapped>)>,
}

/// Where a word's meaning came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum WordSource {
    /// `accepted` or `rejected` itself.
    Canonical,
    Suggested,
    Given,
    Unmapped,
}
crate::json_name!(WordSource, |w| match w {
    WordSource::Canonical => "canonical",
    WordSource::Suggested => "suggested",
    WordSource::Given => "given",
    WordSource::Unmapped => "unmapped",
});

/// One status word met in a file, for the mapping editor.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct StatusWord {
    /// As first written in the file.
    pub word: String,
    pub count: usize,
    /// Its meaning; `None` with source `unmapped` (nothing done) or when
    /// it maps to "not a decision".
    pub mapped: Option<Mapped>,
    pub source: WordSource,
}
crate::json_object!(StatusWord { word, count, mapped, source });

/// What an outcome cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    Decision(Mapped),
    NotDecided,
    Unmapped,
}

impl StatusMapping {
    pub fn lookup(&self, word: &str) -> (Read, WordSource) {
        match crate::import::values::sales_outcome(word) {
            Some("accepted") => return (Read::Decision(Mapped { outcome: Outcome::Accepted, reason: None, converted: None }), WordSource::Canonical),
            Some(_) => return (Read::Decision(Mapped { outcome: Outcome::Rejected, reason: None, converted: None }), WordSource::Canonical),
            None => {}
        }
        let k = word_key(word);
        if let Some((_, m)) = self.given.iter().find(|(w, _)| word_key(w) == k) {
            return (m.map_or(Read::NotDecided, Read::Decision), WordSource::Given);
        }
        if let Some((_, m)) = SUGGESTED.iter().find(|(w, _)| word_key(w) == k) {
            return (m.map_or(Read::NotDecided, Read::Decision), WordSource::Suggested);
        }
        (Read::Unmapped, WordSource::Unmapped)
    }
}

/// Counts the words an import met, in first-seen order.
#[derive(Clone, Debug, Default)]
pub struct WordTally {
    pub words: Vec<StatusWord>,
    /// Each spelling met so far -> its place in `spellings` (a file repeats
    /// a handful of words thousands of times). `Box<str> -> u32` is a table
    /// type the dataset already has: no table code of its own in the wasm.
    seen: rustc_hash::FxHashMap<Box<str>, u32>,
    /// A spelling's meaning and its entry in `words`.
    spellings: Vec<(Read, usize)>,
}

impl WordTally {
    pub fn read(&mut self, mapping: &StatusMapping, word: &str) -> Read {
        if let Some(&s) = self.seen.get(word) {
            let (read, i) = self.spellings[s as usize];
            self.words[i].count += 1;
            return read;
        }
        let read = self.read_new(mapping, word);
        let k = word_key(word);
        let i = self.words.iter().position(|w| word_key(&w.word) == k).unwrap_or(0);
        self.seen.insert(word.into(), self.spellings.len() as u32);
        self.spellings.push((read, i));
        read
    }

    fn read_new(&mut self, mapping: &StatusMapping, word: &str) -> Read {
        let (read, source) = mapping.lookup(word);
        let k = word_key(word);
        match self.words.iter_mut().find(|w| word_key(&w.word) == k) {
            Some(w) => w.count += 1,
            None => self.words.push(StatusWord {
                word: word.to_string(),
                count: 1,
                mapped: match read {
                    Read::Decision(m) => Some(m),
                    _ => None,
                },
                source,
            }),
        }
        read
    }
}

/// Where a decision came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize), serde(rename_all = "snake_case", tag = "kind"))]
pub enum DecisionSource {
    /// The lead table's own decision columns.
    LeadTable,
    /// An outcome log row.
    OutcomeLog { line: u32 },
}

impl crate::json::ToJson for DecisionSource {
    fn write_json(&self, out: &mut String) {
        match self {
            DecisionSource::LeadTable => out.push_str(r#"{"kind":"lead_table"}"#),
            DecisionSource::OutcomeLog { line } => {
                out.push_str(r#"{"kind":"outcome_log","line":"#);
                crate::json::ToJson::write_json(line, out);
                out.push('}');
            }
        }
    }
}

/// One sales decision about one lead.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decision {
    /// When sales decided; `None` when the file does not say (a lead
    /// table's acceptance, a rejection without `rejected_at`): such a
    /// decision applies at any as-of and sorts before every dated one.
    pub time: Option<Time>,
    pub mapped: Mapped,
    pub first_contact_at: Option<Time>,
    pub source: DecisionSource,
    /// The lead's row version when the decision came in (see
    /// [`crate::dataset::Lead::history`]): a wrong-ICP rejection stays in
    /// force until a fit field differs from that version.
    pub snapshot: u32,
}

impl Decision {
    pub fn at_or_before(&self, t: Time) -> bool {
        self.time.is_none_or(|d| d <= t)
    }
    pub fn is_rejection(&self) -> bool {
        self.mapped.outcome == Outcome::Rejected
    }
    pub fn reason(&self) -> Option<Reason> {
        if self.is_rejection() {
            self.mapped.reason
        } else {
            None
        }
    }
}

/// The decision that applies at `t`: the latest one at or before it.
/// `decisions` is sorted by time (undated first).
pub fn applicable(decisions: &[Decision], t: Time) -> Option<usize> {
    let n = decisions.partition_point(|d| d.at_or_before(t));
    n.checked_sub(1)
}

/// When behavior last restarted as of `t`: the latest dated rejection at
/// or before `t`. Only events strictly after it count.
pub fn restart(decisions: &[Decision], t: Time) -> Option<(usize, Time)> {
    let n = decisions.partition_point(|d| d.at_or_before(t));
    decisions[..n].iter().enumerate().rev().find(|(_, d)| d.is_rejection() && d.time.is_some()).map(|(i, d)| (i, d.time.unwrap_or(0)))
}

/// When a premature rejection at `r` stops recycling the lead.
pub fn recycle_end(r: Time, premature_days: u32) -> Time {
    r + i64::from(premature_days) * DAY
}

/// A decision as the explanation and the packet show it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct DecisionView {
    pub at: Option<String>,
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    pub converted: Option<bool>,
    pub source: DecisionSource,
    /// This is the decision in force at as-of.
    pub applies: bool,
    /// Made after as-of, so ignored.
    pub after_as_of: bool,
}
crate::json_object!(DecisionView { at, outcome, reason, converted, source, applies, after_as_of });

pub fn views(decisions: &[Decision], as_of: Time) -> Vec<DecisionView> {
    let applies = applicable(decisions, as_of);
    decisions
        .iter()
        .enumerate()
        .map(|(i, d)| DecisionView {
            at: d.time.map(format_time),
            outcome: d.mapped.outcome,
            reason: d.reason(),
            converted: d.mapped.converted,
            source: d.source,
            applies: Some(i) == applies,
            after_as_of: !d.at_or_before(as_of),
        })
        .collect()
}

/// A fit field whose value changed after a wrong-ICP rejection.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct FieldChange {
    pub field: String,
    pub from: String,
    pub to: String,
}
crate::json_object!(FieldChange { field, from, to });

/// What happens next to a lead, from the decision in force.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct NextStep {
    /// `worked`, `suppressed`, `released`, `recycled`, `re_evaluated`,
    /// `re_engagement`, `merged` or `restarted`.
    pub code: &'static str,
    pub text: String,
    /// The day it takes effect, when there is one (re-evaluation).
    pub date: Option<String>,
}
crate::json_object!(NextStep { code, text, date });

fn day(t: Time) -> String {
    format_time(t)[..10].to_string()
}

/// The next step for the decision in force. `account` names the account a
/// duplicate was merged into and who works it, when known.
pub fn next_step(
    d: &Decision,
    suppressed: bool,
    released: Option<&FieldChange>,
    premature_days: u32,
    as_of: Time,
    account: Option<(&str, Option<&str>)>,
) -> NextStep {
    let since = d.time.map(|t| format!(" since {}", day(t))).unwrap_or_default();
    match (d.mapped.outcome, d.mapped.reason) {
        (Outcome::Accepted, _) => {
            let conv = match d.mapped.converted {
                Some(true) => ", converted",
                _ => "",
            };
            NextStep { code: "worked", text: format!("accepted by sales{conv}: worked by sales"), date: None }
        }
        (Outcome::Rejected, Some(Reason::WrongIcp)) => match (suppressed, released) {
            (true, _) => NextStep { code: "suppressed", text: "suppressed until a fit field changes".into(), date: None },
            (false, Some(c)) => NextStep {
                code: "released",
                text: format!("released: {} changed from \"{}\" to \"{}\"; scored on new behavior{since}", c.field, c.from, c.to),
                date: None,
            },
            (false, None) => NextStep { code: "released", text: format!("released; scored on new behavior{since}"), date: None },
        },
        (Outcome::Rejected, Some(Reason::Premature)) => match d.time {
            Some(r) => {
                let end = recycle_end(r, premature_days);
                let date = Some(day(end));
                if as_of < end {
                    NextStep { code: "recycled", text: format!("recycled to the education nurture; re-evaluated from {} on new behavior", day(end)), date }
                } else {
                    NextStep { code: "re_evaluated", text: format!("re-evaluated since {} on new behavior", day(end)), date }
                }
            }
            None => NextStep { code: "re_evaluated", text: "premature rejection without a date: re-evaluated on all behavior".into(), date: None },
        },
        (Outcome::Rejected, Some(Reason::Unreachable)) => NextStep {
            code: "re_engagement",
            text: format!("low-frequency re-engagement; behavior restarts{since}"),
            date: None,
        },
        (Outcome::Rejected, Some(Reason::Duplicate)) => {
            let text = match account {
                Some((name, Some(rep))) => format!("merged into {name}, worked by {rep}; behavior restarts{since}"),
                Some((name, None)) => format!("merged into {name}; behavior restarts{since}"),
                None => format!("merged into the account already being worked; behavior restarts{since}"),
            };
            NextStep { code: "merged", text, date: None }
        }
        (Outcome::Rejected, None) => NextStep {
            code: "restarted",
            text: format!("rejected without a reason; behavior restarts{since}"),
            date: None,
        },
    }
}

/// The outcome column of the scored CSV.
pub fn outcome_word(d: &Decision) -> String {
    match (d.mapped.outcome, d.reason()) {
        (Outcome::Accepted, _) => "accepted".into(),
        (Outcome::Rejected, Some(r)) => format!("rejected ({})", r.as_str()),
        (Outcome::Rejected, None) => "rejected".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_counts_each_word_and_reads_as_the_mapping_does() {
        // Spellings repeated, in other cases and spacings, interleaved: each
        // read is the mapping's own answer, and each word (by key) counts
        // every cell that spells it, under its first spelling.
        let given = StatusMapping { given: vec![("Won".into(), acc(Some(true))), ("Unqualified".into(), None)] };
        let cells = ["Won", "won", "Nurture", "Won", "Closed - Converted", "nurture", "Mystery", "W O N", "mystery", "Won", "Unqualified", "accepted"];
        let mut tally = WordTally::default();
        for c in cells.iter().cycle().take(cells.len() * 3) {
            assert_eq!(tally.read(&given, c), given.lookup(c).0, "{c}");
        }
        let mut want: Vec<(&str, usize)> = Vec::new();
        for c in cells {
            match want.iter_mut().find(|(w, _)| word_key(w) == word_key(c)) {
                Some((_, n)) => *n += 3,
                None => want.push((c, 3)),
            }
        }
        assert_eq!(tally.words.iter().map(|w| (w.word.as_str(), w.count)).collect::<Vec<_>>(), want);
        assert_eq!(tally.words[0].source, WordSource::Given);
        assert_eq!(tally.words[3].source, WordSource::Unmapped, "{:?}", tally.words[3]);
    }

    #[test]
    fn words_are_matched_ignoring_case_spaces_and_dashes() {
        let m = StatusMapping::default();
        assert_eq!(m.lookup("closed-converted").0, Read::Decision(Mapped { outcome: Outcome::Accepted, reason: None, converted: Some(true) }));
        assert_eq!(m.lookup(" UNQUALIFIED ").1, WordSource::Suggested);
        assert_eq!(m.lookup("Rejected").1, WordSource::Canonical);
        assert_eq!(m.lookup("Won").0, Read::Unmapped);
        let given = StatusMapping { given: vec![("Won".into(), acc(Some(true))), ("Unqualified".into(), None)] };
        assert_eq!(given.lookup("won").1, WordSource::Given);
        assert_eq!(given.lookup("Unqualified").0, Read::NotDecided, "the user's entry beats the suggestion");
    }

    #[test]
    fn suggested_words_are_distinct() {
        let mut keys: Vec<String> = SUGGESTED.iter().map(|(w, _)| word_key(w)).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
