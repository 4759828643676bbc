//! The Rust-side handle the page and the JS API drive: imported data, the
//! model, and the last scoring run. `wasm.rs` wraps it one-to-one, so bulk
//! data never leaves Rust memory; only counts, typed arrays and one lead's
//! explanation cross the boundary.

use serde::Serialize;

use crate::dataset::{lead_key, Dataset, Field};
use crate::import::{self, ImportReport};
use crate::decay;
use crate::model::{Model, When};
use crate::scoring::{combine, Explanation, Hit, LeadResult, Scorer, Status};
use crate::time::{format_time, Time};
use crate::handoff::{self, Contact, Packet};
use crate::{export, Error};

/// Header -> canonical field key, or `None` to keep the column custom.
pub type Mapping = [(String, Option<String>)];

/// Counts by status after a scoring run.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub as_of: String,
    pub threshold: i32,
    pub leads: usize,
    pub mql: usize,
    pub nurture: usize,
    pub disqualified: usize,
    /// MQLs qualified by an instant rule (hand-raisers).
    pub instant: usize,
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Unmatched {
    pub line: u32,
    pub lead_id: String,
}

/// Sorts lead indices by an integer key, ties in their current order. A
/// counting sort when the keys span a small range (scores usually do: a
/// table re-sort on every slider move costs O(n)), a stable comparison
/// sort otherwise.
fn sort_by_small_int(keep: &mut Vec<u32>, key: impl Fn(u32) -> i32, descending: bool) {
    let keys: Vec<i32> = keep.iter().map(|&i| key(i)).collect();
    let (Some(&lo), Some(&hi)) = (keys.iter().min(), keys.iter().max()) else {
        return;
    };
    let span = (i64::from(hi) - i64::from(lo)) as usize + 1;
    if span > 4 * keep.len() + 1024 {
        if descending {
            crate::sort::indices_by(keep, &|a, b| key(b).cmp(&key(a)));
        } else {
            crate::sort::indices_by(keep, &|a, b| key(a).cmp(&key(b)));
        }
        return;
    }
    let bucket = |k: i32| {
        let b = (i64::from(k) - i64::from(lo)) as usize;
        if descending { span - 1 - b } else { b }
    };
    let mut start = vec![0usize; span + 1];
    for &k in &keys {
        start[bucket(k) + 1] += 1;
    }
    for b in 0..span {
        start[b + 1] += start[b];
    }
    let mut out = vec![0u32; keep.len()];
    for (&i, &k) in keep.iter().zip(&keys) {
        let b = bucket(k);
        out[start[b]] = i;
        start[b] += 1;
    }
    *keep = out;
}

/// One lead as a table row shows it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Row {
    pub index: usize,
    #[serde(flatten)]
    pub lead: Contact,
    pub score: i32,
    pub fit: i32,
    pub behavior: i32,
    pub status: Status,
    pub instant: bool,
    pub crossed_at: Option<String>,
}

/// Rule hits of every lead as of one time under one set of conditions.
/// Valid while the data, the as-of time, the rules' `when`s (in order) and
/// the decay horizon stay the same; points, flags, threshold and decay
/// factors may change freely and only re-combine.
struct HitCache {
    as_of: Time,
    whens: Vec<When>,
    horizon: Option<i64>,
    hits: Vec<Hit>,
    days: Vec<Option<i64>>,
    warnings: Vec<String>,
}

pub struct Workspace {
    data: Dataset,
    model: Model,
    /// The lead file as given, so a changed column mapping re-reads it
    /// without asking the user for the file again.
    lead_source: Vec<u8>,
    /// The last activity file and where its rows start in the log, for the
    /// same reason.
    activity_source: Vec<u8>,
    activity_start: usize,
    results: Vec<LeadResult>,
    as_of: Option<Time>,
    cache: Option<HitCache>,
    /// Crossing times are filled lazily (they cost a search per MQL).
    crossings_done: bool,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

const NOT_SCORED: &str = "the leads are not scored yet: call score(asOf) first";

impl Workspace {
    /// An empty workspace with the seed example model.
    pub fn new() -> Self {
        Workspace {
            data: Dataset::default(),
            model: Model::seed_example(),
            lead_source: Vec::new(),
            activity_source: Vec::new(),
            activity_start: 0,
            results: Vec::new(),
            as_of: None,
            cache: None,
            crossings_done: false,
        }
    }

    /// Replaces the lead table (and activities nested in it). Cost: one
    /// pass over the file plus a re-join of the activity log.
    pub fn import_leads(&mut self, input: &[u8], mapping: &Mapping) -> Result<ImportReport, Error> {
        let (table, mut report) = import::import_leads(input, mapping, &mut self.data.activities)?;
        self.data.leads = table;
        self.lead_source = input.to_vec();
        self.data.relink();
        report.unmatched_activities = self.data.activities.unmatched.len();
        self.invalidate();
        Ok(report)
    }

    /// Reads the last lead file again under a new column mapping.
    pub fn remap_leads(&mut self, mapping: &Mapping) -> Result<ImportReport, Error> {
        if self.lead_source.is_empty() {
            return Err(Error::new("no lead file to remap: import leads first"));
        }
        let source = std::mem::take(&mut self.lead_source);
        let result = self.import_leads(&source, mapping);
        if result.is_err() {
            self.lead_source = source;
        }
        result
    }

    /// Adds an activity-log file to those already imported.
    pub fn import_activities(&mut self, input: &[u8], mapping: &Mapping) -> Result<ImportReport, Error> {
        let start = self.data.activities.raw.len();
        let mut report = import::import_activities(input, mapping, &mut self.data.activities)?;
        self.activity_source = input.to_vec();
        self.activity_start = start;
        self.data.relink();
        report.unmatched_activities = self.data.activities.unmatched.len();
        self.invalidate();
        Ok(report)
    }

    /// Reads the last activity file again under a new column mapping, in
    /// place of the rows it gave before.
    pub fn remap_activities(&mut self, mapping: &Mapping) -> Result<ImportReport, Error> {
        if self.activity_source.is_empty() {
            return Err(Error::new("no activity file to remap: import activities first"));
        }
        let removed = self.data.activities.raw.split_off(self.activity_start);
        let source = std::mem::take(&mut self.activity_source);
        let result = self.import_activities(&source, mapping);
        if result.is_err() {
            self.data.activities.raw.extend(removed);
            self.activity_source = source;
        }
        result
    }

    /// Drops every activity-log file (nested JSON activities stay).
    pub fn clear_activities(&mut self) {
        self.activity_source.clear();
        self.activity_start = 0;
        self.data.activities.raw.clear();
        self.data.relink();
        self.invalidate();
    }

    /// Activities whose lead id matches no lead (the first 1000).
    pub fn unmatched_activities(&self) -> Vec<Unmatched> {
        let log = &self.data.activities;
        log.unmatched
            .iter()
            .take(import::MAX_LISTED_ERRORS)
            .map(|&(line, key)| Unmatched { line, lead_id: log.keys.resolve(key).to_string() })
            .collect()
    }

    pub fn set_model_json(&mut self, json: &str) -> Result<(), Error> {
        self.set_model(Model::from_json(json)?);
        Ok(())
    }

    /// Replaces the model. Scores stay until the next `score`; the hit
    /// cache stays valid if only points, flags, threshold or decay factors
    /// changed.
    pub fn set_model(&mut self, model: Model) {
        self.model = model;
        self.results.clear();
        self.as_of = None;
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    fn invalidate(&mut self) {
        self.results.clear();
        self.as_of = None;
        self.cache = None;
    }

    /// Scores every lead as of `as_of`; events after it are ignored.
    ///
    /// Cost: reading every lead's events once when the data, the as-of time
    /// or a rule's condition changed; otherwise only integer work per lead
    /// and rule (a points or threshold change). Crossing times come later,
    /// when something asks for them.
    pub fn score(&mut self, as_of: Time) -> Summary {
        let whens: Vec<When> = self.model.rules.iter().map(|r| r.when.clone()).collect();
        let horizon = decay::horizon(&self.model.decay);
        let fresh = self.cache.as_ref().is_some_and(|c| c.as_of == as_of && c.horizon == horizon && c.whens == whens);
        if !fresh {
            let scorer = Scorer::new(&self.data, &self.model);
            let n = self.lead_count();
            let mut hits = Vec::with_capacity(n * whens.len());
            let mut days = Vec::with_capacity(n);
            for lead in 0..n {
                let (h, d) = scorer.hits(lead, as_of);
                hits.extend(h);
                days.push(d);
            }
            self.cache = Some(HitCache { as_of, whens, horizon, hits, days, warnings: scorer.warnings });
        }
        let cache = self.cache.as_ref().expect("filled above");
        let rules = self.model.rules.len();
        self.results = (0..self.lead_count())
            .map(|i| combine(&self.model, &cache.hits[i * rules..(i + 1) * rules], cache.days[i]))
            .collect();
        self.as_of = Some(as_of);
        self.crossings_done = false;
        let warnings = cache.warnings.clone();
        let count = |s: Status| self.results.iter().filter(|r| r.status == s).count();
        Summary {
            as_of: format_time(as_of),
            threshold: self.model.threshold,
            leads: self.results.len(),
            mql: count(Status::Mql),
            nurture: count(Status::Nurture),
            disqualified: count(Status::Disqualified),
            instant: self.results.iter().filter(|r| r.status == Status::Mql && r.instant).count(),
            warnings,
        }
    }

    /// Results of the last run with crossing times, in lead order (empty
    /// before `score`).
    pub fn results(&mut self) -> &[LeadResult] {
        self.ensure_crossings();
        &self.results
    }

    /// Results of the last run without crossing times (never computes them).
    pub fn results_fast(&self) -> &[LeadResult] {
        &self.results
    }

    fn ensure_crossings(&mut self) {
        let Some(as_of) = self.as_of else { return };
        if self.crossings_done {
            return;
        }
        let scorer = Scorer::new(&self.data, &self.model);
        for (i, r) in self.results.iter_mut().enumerate() {
            if r.status == Status::Mql {
                r.crossed_at = scorer.crossed_at(i, as_of);
            }
        }
        self.crossings_done = true;
    }

    /// Lead indices for a table view: leads whose status is in
    /// `status_mask` (bit `1 << status`; 0 keeps all) and whose id, name,
    /// email, company or title contains `search` (any case), sorted by
    /// `sort_by` (`score`, `fit`, `behavior`, `name`, `company`,
    /// `crossed_at` or `file`), ties in file order.
    pub fn order(&mut self, sort_by: &str, descending: bool, status_mask: u32, search: &str) -> Result<Vec<u32>, Error> {
        if self.as_of.is_none() {
            return Err(Error::new(NOT_SCORED));
        }
        if sort_by == "crossed_at" {
            self.ensure_crossings();
        }
        let leads = &self.data.leads;
        let needle = search.trim().to_lowercase();
        let text = |i: usize, f: Field| leads.value(i, f).to_lowercase();
        let mut keep: Vec<u32> = (0..self.results.len() as u32)
            .filter(|&i| status_mask == 0 || status_mask & (1 << self.results[i as usize].status as u32) != 0)
            .filter(|&i| {
                let i = i as usize;
                needle.is_empty()
                    || leads.leads[i].id.to_lowercase().contains(&needle)
                    || leads.display_name(i).to_lowercase().contains(&needle)
                    || [Field::Email, Field::Company, Field::Title].iter().any(|&f| text(i, f).contains(&needle))
            })
            .collect();
        let r = &self.results;
        match sort_by {
            "score" | "fit" | "behavior" => {
                let field: fn(&LeadResult) -> i32 = match sort_by {
                    "score" => |x| x.score,
                    "fit" => |x| x.fit,
                    _ => |x| x.behavior,
                };
                sort_by_small_int(&mut keep, |i| field(&r[i as usize]), descending);
            }
            "crossed_at" => {
                // Leads with no crossing sort after every crossing, either way.
                crate::sort::indices_by(&mut keep, &|a, b| match (r[a as usize].crossed_at, r[b as usize].crossed_at) {
                    (Some(x), Some(y)) if descending => y.cmp(&x),
                    (Some(x), Some(y)) => x.cmp(&y),
                    (x, y) => y.is_some().cmp(&x.is_some()),
                });
            }
            "name" | "company" => {
                let keys: Vec<String> = keep
                    .iter()
                    .map(|&i| if sort_by == "name" { leads.display_name(i as usize).to_lowercase() } else { text(i as usize, Field::Company) })
                    .collect();
                // Positions in `keep` (file order), so ties stay in file order.
                let mut at: Vec<u32> = (0..keep.len() as u32).collect();
                crate::sort::indices_by(&mut at, &|a, b| {
                    let (x, y) = (&keys[a as usize], &keys[b as usize]);
                    if descending { y.cmp(x) } else { x.cmp(y) }
                });
                keep = at.into_iter().map(|p| keep[p as usize]).collect();
            }
            "file" => {
                if descending {
                    keep.reverse();
                }
            }
            other => {
                return Err(Error::new(format!(
                    "cannot sort by \"{other}\" (score, fit, behavior, name, company, crossed_at or file)"
                )))
            }
        }
        Ok(keep)
    }

    /// Table rows for the given lead indices (the visible ones).
    pub fn rows(&self, indices: &[u32]) -> Result<Vec<Row>, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        let scorer = (!self.crossings_done).then(|| Scorer::new(&self.data, &self.model));
        let leads = &self.data.leads;
        indices
            .iter()
            .map(|&i| {
                let i = i as usize;
                let r = self.results.get(i).ok_or_else(|| Error::new(format!("no lead at index {i}")))?;
                let crossed = match (&scorer, r.status) {
                    (Some(s), Status::Mql) => s.crossed_at(i, as_of),
                    _ => r.crossed_at,
                };
                Ok(Row {
                    index: i,
                    lead: Contact::of(leads, i),
                    score: r.score,
                    fit: r.fit,
                    behavior: r.behavior,
                    status: r.status,
                    instant: r.instant,
                    crossed_at: crossed.map(format_time),
                })
            })
            .collect()
    }

    /// The activity types in the data, sorted (for a rule editor).
    pub fn event_types(&self) -> Vec<String> {
        let mut v: Vec<String> = self.data.activities.kinds.iter().map(str::to_string).collect();
        crate::sort::items_by(&mut v, &|a, b| a.cmp(b));
        v
    }

    pub fn scores(&self) -> Vec<i32> {
        self.results.iter().map(|r| r.score).collect()
    }

    pub fn lead_count(&self) -> usize {
        self.data.leads.leads.len()
    }

    /// Activities read, joined to a lead or not.
    pub fn activity_count(&self) -> usize {
        self.data.activities.raw.len() + self.data.activities.nested.len()
    }

    /// The index of the lead with this id (or email).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.data.leads.by_key.get(&lead_key(id)).map(|&i| i as usize)
    }

    pub fn explain(&self, index: usize) -> Result<Explanation, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        if index >= self.lead_count() {
            return Err(Error::new(format!("no lead at index {index}: there are {} leads", self.lead_count())));
        }
        Ok(Scorer::new(&self.data, &self.model).explain(index, as_of))
    }

    pub fn explain_id(&self, id: &str) -> Result<Explanation, Error> {
        let index = self.find(id).ok_or_else(|| Error::new(format!("no lead with id \"{id}\"")))?;
        self.explain(index)
    }

    pub fn scored_csv(&mut self) -> Result<String, Error> {
        let packets = self.packets()?;
        Ok(export::scored_csv(&self.data, &self.results, &packets))
    }

    /// A handoff packet for every MQL, in lead order.
    pub fn packets(&mut self) -> Result<Vec<Packet>, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        self.ensure_crossings();
        handoff::build(&self.data, &self.model, &self.results, as_of)
    }

    /// The packet of one lead (an MQL), for a handoff view.
    pub fn packet(&mut self, index: usize) -> Result<Packet, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        if self.results.get(index).map(|r| r.status) != Some(Status::Mql) {
            return Err(Error::new(format!("lead {index} is not an MQL: packets are for MQLs")));
        }
        self.ensure_crossings();
        // Routing and duplicates depend on every MQL, so build them all and
        // keep the one asked for.
        let packets = handoff::build(&self.data, &self.model, &self.results, as_of)?;
        packets.into_iter().find(|p| p.index == index).ok_or_else(|| Error::new("no packet for that lead"))
    }

    /// Every packet as one document: `json`, `csv`, `markdown` or `html`.
    pub fn handoff(&mut self, format: &str) -> Result<String, Error> {
        let packets = self.packets()?;
        let as_of = format_time(self.as_of.unwrap_or_default());
        Ok(match format {
            "json" => export::handoff::json(&packets, &as_of, self.model.threshold),
            "csv" => export::handoff::csv(&packets),
            "markdown" | "md" => export::handoff::markdown(&packets, &as_of),
            "html" => export::handoff::html(&packets, &as_of),
            other => return Err(Error::new(format!("no handoff format \"{other}\" (json, csv, markdown or html)"))),
        })
    }

    /// SLA adherence: the team, then each rep.
    pub fn sla_adherence(&mut self) -> Result<Vec<handoff::Adherence>, Error> {
        Ok(handoff::adherence(&self.packets()?))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::sort_by_small_int;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counting_sort_matches_a_stable_sort(keys in prop::collection::vec(-50i32..50, 0..300), wide in any::<bool>(), descending in any::<bool>()) {
            // `wide` spreads the keys so the comparison-sort path runs too.
            let keys: Vec<i32> = keys.iter().map(|k| if wide { k * 1_000_000 } else { *k }).collect();
            let mut got: Vec<u32> = (0..keys.len() as u32).collect();
            sort_by_small_int(&mut got, |i| keys[i as usize], descending);
            let mut want: Vec<u32> = (0..keys.len() as u32).collect();
            if descending {
                want.sort_by_key(|&i| std::cmp::Reverse(keys[i as usize]));
            } else {
                want.sort_by_key(|&i| keys[i as usize]);
            }
            prop_assert_eq!(got, want);
        }
    }
}
