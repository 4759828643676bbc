//! The Rust-side handle the page and the JS API drive: imported data, the
//! model, and the last scoring run. `wasm.rs` wraps it one-to-one, so bulk
//! data never leaves Rust memory; only counts, typed arrays and one lead's
//! explanation cross the boundary.

use serde::Serialize;

use crate::dataset::{lead_key, Dataset};
use crate::import::{self, ImportReport};
use crate::model::Model;
use crate::scoring::{self, Explanation, LeadResult, Scorer, Status};
use crate::time::{format_time, Time};
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

pub struct Workspace {
    data: Dataset,
    model: Model,
    /// The lead file as given, so a changed column mapping re-reads it
    /// without asking the user for the file again.
    lead_source: Vec<u8>,
    results: Vec<LeadResult>,
    as_of: Option<Time>,
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
            results: Vec::new(),
            as_of: None,
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
        let mut report = import::import_activities(input, mapping, &mut self.data.activities)?;
        self.data.relink();
        report.unmatched_activities = self.data.activities.unmatched.len();
        self.invalidate();
        Ok(report)
    }

    /// Drops every activity-log file (nested JSON activities stay).
    pub fn clear_activities(&mut self) {
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

    pub fn set_model(&mut self, model: Model) {
        self.model = model;
        self.invalidate();
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
    }

    /// Scores every lead as of `as_of`; events after it are ignored.
    pub fn score(&mut self, as_of: Time) -> Summary {
        let (results, warnings) = scoring::score_all(&self.data, &self.model, as_of);
        self.results = results;
        self.as_of = Some(as_of);
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

    /// Results of the last run, in lead order (empty before `score`).
    pub fn results(&self) -> &[LeadResult] {
        &self.results
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

    pub fn scored_csv(&self) -> Result<String, Error> {
        if self.as_of.is_none() {
            return Err(Error::new(NOT_SCORED));
        }
        Ok(export::scored_csv(&self.data, &self.results))
    }
}
