//! Calibration (SPEC section 6): does the model predict what sales did?
//! Conversion by score band, the MQL-to-SQL rate, the AUC, suggested
//! thresholds, each rule's lift and suggested whole-number points
//! ([`calibrate`]); and a first model fitted to the outcomes, from the
//! current rules or from a CRM export's columns ([`suggest_model`]).
//!
//! Every labelled lead is measured as it stood before sales touched it: as
//! of the earliest of its first contact, its first decision and as-of, its
//! events at or after that cut-off left out and its decisions not applied
//! (they are the label). Reports are built as JSON values: a few small
//! objects, not worth a serializer each in the wasm.

use rustc_hash::FxHashMap;

use crate::compare::verdict;
use crate::dataset::{Dataset, Field, Interner};
use crate::fields::Source;
use crate::model::{Category, Decay, EventCount, EventTest, FieldOp, FieldTest, Model, Rule, When};
use crate::outcomes::{Outcome, Reason};
use crate::scoring::{combine, rule_points, Hit, LeadResult, Scorer, Status};
use crate::stats::{self, Design};
use crate::sort;
use crate::time::{format_time, Time, DAY};
use crate::Error;

/// Bands with fewer labelled leads than this are marked.
pub const FEW: usize = 30;
/// The healthy MQL-to-SQL band.
pub const HEALTHY: [f64; 2] = [0.4, 0.7];
/// The ridge penalty of every fit (scikit-learn's C = 1 / RIDGE).
pub const RIDGE: f64 = 1.0;
/// A first model from columns is fitted on at most this many training leads.
pub const FIT_ROWS: usize = 25_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// SPEC 6: converted where known, else accepted (positive) or a
    /// wrong-ICP / premature rejection (negative).
    Converted,
    /// The latest decision only: accepted, or rejected as wrong ICP or premature.
    Accepted,
}

/// One option as the caller gave it (the JS boundary reads an options
/// object into these, so no JSON deserializer is needed for them).
#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    Number(f64),
    Text(String),
    List(Vec<String>),
    /// Anything else (true, an object): always an error.
    Other,
}

/// Options as (name, value) pairs; `null` / `undefined` values left out.
pub type Pairs = [(String, OptionValue)];

fn known(pairs: &Pairs, what: &str, names: &[&str]) -> Result<(), Error> {
    match pairs.iter().find(|(k, _)| !names.contains(&k.as_str())) {
        Some((k, _)) => Err(Error::new(format!("{what} options: unknown option \"{k}\" (options: {})", names.join(", ")))),
        None => Ok(()),
    }
}

fn get<'a>(pairs: &'a Pairs, key: &str) -> Option<&'a OptionValue> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn num(pairs: &Pairs, what: &str, key: &str, ok: impl Fn(f64) -> bool, expected: &str) -> Result<Option<f64>, Error> {
    match get(pairs, key) {
        None => Ok(None),
        Some(OptionValue::Number(x)) if ok(*x) => Ok(Some(*x)),
        Some(_) => Err(Error::new(format!("{what} options: {key} must be {expected}"))),
    }
}

/// One of `choices` (the first is the default).
fn choice(pairs: &Pairs, what: &str, key: &str, choices: &[&str]) -> Result<usize, Error> {
    match get(pairs, key) {
        None => Ok(0),
        Some(OptionValue::Text(t)) if choices.contains(&t.as_str()) => Ok(choices.iter().position(|c| c == t).unwrap_or(0)),
        Some(_) => Err(Error::new(format!("{what} options: {key} must be \"{}\"", choices.join("\" or \"")))),
    }
}

fn label_option(pairs: &Pairs, what: &str) -> Result<Label, Error> {
    Ok(if choice(pairs, what, "label", &["converted", "accepted"])? == 0 { Label::Converted } else { Label::Accepted })
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Width of a score band `[lo, lo + width)`; default 10.
    pub band_width: i32,
    pub label: Label,
    /// The MQL-to-SQL rate a threshold should reach; default 0.5.
    pub target_sql_rate: f64,
    /// Sales capacity: MQLs per week a threshold should give.
    pub mqls_per_week: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Options { band_width: 10, label: Label::Converted, target_sql_rate: 0.5, mqls_per_week: None }
    }
}

impl Options {
    pub fn from_pairs(pairs: &Pairs) -> Result<Options, Error> {
        const W: &str = "calibrate";
        known(pairs, W, &["band_width", "label", "target_sql_rate", "mqls_per_week"])?;
        let whole = |x: f64| x.fract() == 0.0 && (1.0..=1000.0).contains(&x);
        Ok(Options {
            band_width: num(pairs, W, "band_width", whole, "a whole number from 1 to 1000")?.map_or(10, |x| x as i32),
            label: label_option(pairs, W)?,
            target_sql_rate: num(pairs, W, "target_sql_rate", |x| x > 0.0 && x <= 1.0, "a rate above 0 and at most 1 (0.5 is 50%)")?.unwrap_or(0.5),
            mqls_per_week: num(pairs, W, "mqls_per_week", |x| x > 0.0 && x.is_finite(), "a number of MQLs above 0")?,
        })
    }
}

/// Every lead as it stood before sales touched it, with what sales said.
pub struct Population {
    pub rules: usize,
    /// `rules` hits per lead, in lead order.
    pub hits: Vec<Hit>,
    pub days: Vec<Option<i64>>,
    /// Under the current model, decisions not applied.
    pub results: Vec<LeadResult>,
    pub cutoff: Vec<Time>,
    pub label: Vec<Option<bool>>,
    pub decided: Vec<bool>,
    /// The latest decision is an acceptance.
    pub accepted: Vec<bool>,
    /// The latest decision: 0 none, 1 accepted, then wrong_icp, premature,
    /// duplicate, unreachable, no reason (2-6).
    pub last: Vec<u8>,
    /// Decided leads with no label: duplicate, unreachable, no reason.
    pub left_out: [usize; 3],
    /// Labelled leads with no first contact or dated decision: scored at as-of.
    pub scored_at_as_of: usize,
}

impl Population {
    pub fn hits_of(&self, lead: usize) -> &[Hit] {
        &self.hits[lead * self.rules..(lead + 1) * self.rules]
    }

    pub fn labelled(&self) -> Vec<usize> {
        (0..self.label.len()).filter(|&i| self.label[i].is_some()).collect()
    }
}

pub fn population(data: &Dataset, model: &Model, as_of: Time, label: Label) -> Population {
    let n = data.leads.leads.len();
    let scorer = Scorer::new(data, model);
    let mut p = Population {
        rules: model.rules.len(),
        hits: Vec::with_capacity(n * model.rules.len()),
        days: Vec::with_capacity(n),
        results: Vec::with_capacity(n),
        cutoff: Vec::with_capacity(n),
        label: Vec::with_capacity(n),
        decided: Vec::with_capacity(n),
        accepted: Vec::with_capacity(n),
        last: Vec::with_capacity(n),
        left_out: [0; 3],
        scored_at_as_of: 0,
    };
    for i in 0..n {
        let v = verdict(data, i);
        let last = data.decisions(i).last().map_or(0, |d| match (d.mapped.outcome, d.reason()) {
            (Outcome::Accepted, _) => 1,
            (_, Some(Reason::WrongIcp)) => 2,
            (_, Some(Reason::Premature)) => 3,
            (_, Some(Reason::Duplicate)) => 4,
            (_, Some(Reason::Unreachable)) => 5,
            (_, None) => 6,
        });
        let l = match label {
            Label::Converted => v.label,
            Label::Accepted => match last {
                1 => Some(true),
                2 | 3 => Some(false),
                _ => None,
            },
        };
        if l.is_none() && v.decided {
            match last {
                4 => p.left_out[0] += 1,
                5 => p.left_out[1] += 1,
                _ => p.left_out[2] += 1,
            }
        }
        if l.is_some() && v.touched.is_none() {
            p.scored_at_as_of += 1;
        }
        let cutoff = v.touched.map_or(as_of, |t| t.min(as_of));
        let (hits, days) = scorer.hits_before_sales(i, cutoff);
        p.results.push(combine(model, &hits, days));
        p.hits.extend(hits);
        p.days.push(days);
        p.cutoff.push(cutoff);
        p.label.push(l);
        p.decided.push(v.decided);
        p.accepted.push(v.accepted);
        p.last.push(last);
    }
    p
}

/// Leads, positives and their rate.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct RateCount {
    pub leads: usize,
    pub positive: usize,
    pub rate: Option<f64>,
}
crate::json_object!(RateCount { leads, positive, rate });

impl RateCount {
    fn new(positive: usize, leads: usize) -> RateCount {
        RateCount { leads, positive, rate: rate(positive, leads) }
    }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Band {
    pub lo: i32,
    pub hi: i32,
    pub leads: usize,
    pub positive: usize,
    pub rate: Option<f64>,
    /// Wilson 95%.
    pub ci: Option<[f64; 2]>,
    /// Fewer than [`FEW`] labelled leads.
    pub few: bool,
}
crate::json_object!(Band { lo, hi, leads, positive, rate, ci, few });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct LeftOut {
    pub duplicate: usize,
    pub unreachable: usize,
    pub no_reason: usize,
}
crate::json_object!(LeftOut { duplicate, unreachable, no_reason });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Counts {
    pub leads: usize,
    pub decided: usize,
    pub labelled: usize,
    pub positive: usize,
    pub negative: usize,
    pub left_out: LeftOut,
    pub scored_at_as_of: usize,
}
crate::json_object!(Counts { leads, decided, labelled, positive, negative, left_out, scored_at_as_of });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct SqlRate {
    pub decided_mqls: usize,
    pub accepted: usize,
    pub rate: Option<f64>,
    pub ci: Option<[f64; 2]>,
    pub band: [f64; 2],
    pub verdict: &'static str,
    pub advice: &'static str,
}
crate::json_object!(SqlRate { decided_mqls, accepted, rate, ci, band, verdict, advice });

#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct AucReport {
    pub value: f64,
    pub se: Option<f64>,
    pub ci: Option<[f64; 2]>,
}
crate::json_object!(AucReport { value, se, ci });

#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Separation {
    pub threshold: i32,
    pub j: f64,
    pub tpr: f64,
    pub fpr: f64,
}
crate::json_object!(Separation { threshold, j, tpr, fpr });

#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct SqlTarget {
    pub threshold: i32,
    pub rate: f64,
    pub decided_mqls: usize,
}
crate::json_object!(SqlTarget { threshold, rate, decided_mqls });

#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Capacity {
    pub mqls_per_week: f64,
    pub threshold: Option<i32>,
    pub per_week: f64,
    /// False when hand-raisers alone exceed the capacity.
    pub reachable: bool,
}
crate::json_object!(Capacity { mqls_per_week, threshold, per_week, reachable });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Period {
    pub from: Option<String>,
    pub to: String,
    pub weeks: f64,
}
crate::json_object!(Period { from, to, weeks });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Thresholds {
    pub current: i32,
    pub best_separation: Option<Separation>,
    pub target_sql_rate: f64,
    pub sql_rate: Option<SqlTarget>,
    pub capacity: Option<Capacity>,
    pub period: Period,
    pub mqls_now: usize,
}
crate::json_object!(Thresholds { current, best_separation, target_sql_rate, sql_rate, capacity, period, mqls_now });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Lift {
    pub id: String,
    pub label: String,
    pub enabled: bool,
    pub points: i32,
    pub category: Category,
    pub with: RateCount,
    pub without: RateCount,
    pub lift: Option<f64>,
    pub lift_ci: Option<[f64; 2]>,
    pub few: bool,
}
crate::json_object!(Lift { id, label, enabled, points, category, with, without, lift, lift_ci, few });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct PointsSuggestion {
    pub id: String,
    pub label: String,
    pub points: i32,
    pub suggested: Option<i32>,
    pub coefficient: Option<f64>,
}
crate::json_object!(PointsSuggestion { id, label, points, suggested, coefficient });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Suggested {
    pub points: Vec<PointsSuggestion>,
    pub threshold: i32,
    pub auc_before: Option<f64>,
    pub auc_after: Option<f64>,
    pub mqls_before: usize,
    pub mqls_after: usize,
}
crate::json_object!(Suggested { points, threshold, auc_before, auc_after, mqls_before, mqls_after });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct RuleCount {
    pub id: String,
    pub label: String,
    pub leads: usize,
}
crate::json_object!(RuleCount { id, label, leads });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Rejection {
    pub reason: &'static str,
    pub leads: usize,
    pub share: Option<f64>,
    pub many: bool,
    pub suggestion: &'static str,
    pub fit_rules: Vec<RuleCount>,
}
crate::json_object!(Rejection { reason, leads, share, many, suggestion, fit_rules });

/// The calibration report (SPEC 6); the TypeScript types in `wasm.rs`
/// document every field.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Report {
    pub as_of: String,
    pub label: &'static str,
    pub band_width: i32,
    pub threshold: i32,
    pub population: Counts,
    pub bands: Vec<Band>,
    pub mql_to_sql: SqlRate,
    pub auc: Option<AucReport>,
    /// `[fpr, tpr, threshold]`.
    pub roc: Vec<(f64, f64, Option<i32>)>,
    pub thresholds: Thresholds,
    pub rules: Vec<Lift>,
    pub suggested: Option<Suggested>,
    pub rejections: Vec<Rejection>,
}
crate::json_object!(Report { as_of, label, band_width, threshold, population, bands, mql_to_sql, auc, roc, thresholds, rules, suggested, rejections });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct SuggestedRule {
    pub id: String,
    pub label: String,
    pub column: Option<String>,
    pub points: i32,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub was: Option<i32>,
    pub coefficient: Option<f64>,
    pub leads: usize,
    pub rate: Option<f64>,
}
crate::json_object!(SuggestedRule { id, label, column, points, was if Option::is_none, coefficient, leads, rate });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Leak {
    pub column: String,
    pub auc: f64,
    pub reason: String,
    pub included: bool,
}
crate::json_object!(Leak { column, auc, reason, included });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ColumnNote {
    pub column: String,
    pub kind: &'static str,
    pub candidates: usize,
    pub auc: Option<f64>,
    pub leak: bool,
    pub note: Option<&'static str>,
}
crate::json_object!(ColumnNote { column, kind, candidates, auc, leak, note });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct SplitInfo {
    pub method: &'static str,
    pub seed: u64,
    pub holdout_share: f64,
    pub train: usize,
    pub holdout: usize,
    pub holdout_from: Option<String>,
    /// Training leads the rules were picked and weighed on (all of them
    /// up to [`FIT_ROWS`], an even sample past it).
    pub fitted_on: usize,
}
crate::json_object!(SplitInfo { method, seed, holdout_share, train, holdout, holdout_from, fitted_on });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct SuggestReport {
    /// Model JSON that `set_model_json` takes.
    pub model: String,
    pub threshold: i32,
    pub auc_train: Option<f64>,
    pub auc_holdout: Option<f64>,
    pub rules: Vec<SuggestedRule>,
    pub leaks: Vec<Leak>,
    pub columns: Vec<ColumnNote>,
    pub split: SplitInfo,
    pub label: &'static str,
}
crate::json_object!(SuggestReport { model, threshold, auc_train, auc_holdout, rules, leaks, columns, split, label });

fn label_name(l: Label) -> &'static str {
    if l == Label::Converted { "converted" } else { "accepted" }
}

/// How many times a rule counts, after its cap: the rule's input to a fit.
pub fn times(rule: &Rule, count: u32) -> f64 {
    if rule.points == 0 || count <= 1 {
        return f64::from(count);
    }
    f64::from(rule_points(rule, count).0) / f64::from(rule.points)
}

/// MQLs at any threshold: leads not disqualified that are hand-raisers or
/// reach it, as scoring decides.
struct Ladder {
    instant: usize,
    /// Scores of the other leads that can be MQLs, ascending.
    scores: Vec<i64>,
}

impl Ladder {
    fn new<'a>(results: impl Iterator<Item = &'a LeadResult>) -> Ladder {
        let (mut instant, mut scores) = (0, Vec::new());
        for r in results {
            match r.status {
                Status::Disqualified => {}
                _ if r.instant => instant += 1,
                _ => scores.push(i64::from(r.score)),
            }
        }
        sort::times(&mut scores);
        Ladder { instant, scores }
    }

    fn mqls(&self, threshold: i32) -> usize {
        self.instant + self.scores.len() - self.scores.partition_point(|&s| s < i64::from(threshold))
    }
}

fn is_mql(r: &LeadResult, threshold: i32) -> bool {
    r.status != Status::Disqualified && (r.instant || r.score >= threshold)
}

fn rate(k: usize, n: usize) -> Option<f64> {
    (n > 0).then(|| k as f64 / n as f64)
}

/// Lead positions by score, highest first (ties in lead order).
fn by_score_desc(scores: &[i32]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..scores.len() as u32).collect();
    sort::indices_by(&mut order, &|a, b| scores[b as usize].cmp(&scores[a as usize]));
    order
}

pub fn sql_verdict(rate: Option<f64>) -> (&'static str, &'static str) {
    match rate {
        None => ("no_data", "import sales outcomes to see how many MQLs sales accepts"),
        Some(r) if r < HEALTHY[0] => ("below", "below the 40-70% band: sales rejects most MQLs; tighten the criteria (raise the threshold or the fit bar)"),
        Some(r) if r > HEALTHY[1] => ("above", "above the 40-70% band: sales accepts nearly everything; the bar may be too high and good leads wait in nurture"),
        Some(_) => ("healthy", "inside the 40-70% health band"),
    }
}

/// Youden's J over the thresholds the scores offer (MQL: score at or
/// above); ties go to the lower threshold. `None` without both classes.
fn youden(scores: &[i32], labels: &[bool], order: &[u32]) -> Option<Separation> {
    let pos = labels.iter().filter(|&&l| l).count();
    let neg = labels.len() - pos;
    if pos == 0 || neg == 0 {
        return None;
    }
    let (mut tp, mut fp, mut best): (usize, usize, Option<Separation>) = (0, 0, None);
    let mut k = 0;
    while k < order.len() {
        let t = scores[order[k] as usize];
        while k < order.len() && scores[order[k] as usize] == t {
            if labels[order[k] as usize] { tp += 1 } else { fp += 1 }
            k += 1;
        }
        let (tpr, fpr) = (tp as f64 / pos as f64, fp as f64 / neg as f64);
        let j = tpr - fpr;
        // Descending thresholds: an equal J further down is a lower threshold.
        if best.is_none_or(|b| j >= b.j - 1e-12) {
            best = Some(Separation { threshold: t, j, tpr, fpr });
        }
    }
    best
}

/// The ROC curve of the scores: `[fpr, tpr, threshold]` from the highest
/// threshold down, after a `[0, 0, null]` start.
fn roc(scores: &[i32], labels: &[bool], order: &[u32]) -> Vec<(f64, f64, Option<i32>)> {
    let pos = labels.iter().filter(|&&l| l).count();
    let neg = labels.len() - pos;
    if pos == 0 || neg == 0 {
        return Vec::new();
    }
    let mut out = vec![(0.0, 0.0, None)];
    let (mut tp, mut fp, mut k) = (0usize, 0usize, 0);
    while k < order.len() {
        let t = scores[order[k] as usize];
        while k < order.len() && scores[order[k] as usize] == t {
            if labels[order[k] as usize] { tp += 1 } else { fp += 1 }
            k += 1;
        }
        out.push((fp as f64 / neg as f64, tp as f64 / pos as f64, Some(t)));
    }
    out
}

fn as_f64(v: &[i32]) -> Vec<f64> {
    v.iter().map(|&s| f64::from(s)).collect()
}

fn auc_value(scores: &[i32], labels: &[bool]) -> Option<AucReport> {
    stats::auc(&as_f64(scores), labels).map(|a| AucReport { value: a.value, se: a.se, ci: a.ci })
}

fn auc_plain(scores: &[i32], labels: &[bool]) -> Option<f64> {
    stats::auc(&as_f64(scores), labels).map(|a| a.value)
}

/// Points refitted to outcomes for the enabled rules (a ridge logistic
/// regression on their hits), scaled so the scores spread like the
/// current ones, with the threshold that keeps the MQL volume closest to
/// the current one (then the one nearest the current threshold).
pub struct Refit {
    pub model: Model,
    /// Per model rule: the coefficient (None: disabled, not fitted).
    pub coef: Vec<Option<f64>>,
    pub mqls_before: usize,
    pub mqls_after: usize,
}

pub fn refit(model: &Model, pop: &Population, fit_rows: &[usize], volume_rows: &[usize]) -> Option<Refit> {
    let labels: Vec<bool> = fit_rows.iter().map(|&i| pop.label[i] == Some(true)).collect();
    let pos = labels.iter().filter(|&&l| l).count();
    if pos == 0 || pos == labels.len() {
        return None;
    }
    let enabled: Vec<usize> = (0..model.rules.len()).filter(|&r| model.rules[r].enabled).collect();
    if enabled.is_empty() {
        return None;
    }
    let mut x = Design::new(enabled.len());
    for &i in fit_rows {
        let h = pop.hits_of(i);
        x.push_row(enabled.iter().enumerate().map(|(j, &r)| (j as u32, times(&model.rules[r], h[r].count) as f32)));
    }
    let fit = stats::logistic(&x, &labels, RIDGE);
    let max = fit.coef.iter().fold(0.0f64, |m, b| m.max(b.abs()));
    if max == 0.0 || !max.is_finite() {
        return None;
    }
    // Spread of the current scores and of the fitted linear predictor.
    let sd = |v: &[f64]| {
        let m = v.iter().sum::<f64>() / v.len().max(1) as f64;
        (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len().max(1) as f64).sqrt()
    };
    let current: Vec<f64> = volume_rows.iter().map(|&i| f64::from(pop.results[i].score)).collect();
    let linear: Vec<f64> = volume_rows
        .iter()
        .map(|&i| {
            let h = pop.hits_of(i);
            enabled.iter().zip(&fit.coef).map(|(&r, b)| b * times(&model.rules[r], h[r].count)).sum()
        })
        .collect();
    let (sc, sl) = (sd(&current), sd(&linear));
    let scale = if sc > 0.0 && sl > 0.0 { sc / sl } else { 10.0 / max };
    let mut new = model.clone();
    let mut coef = vec![None; model.rules.len()];
    for (&r, &b) in enabled.iter().zip(&fit.coef) {
        new.rules[r].points = (b * scale).round().clamp(-1000.0, 1000.0) as i32;
        coef[r] = Some(b);
    }
    let before = Ladder::new(volume_rows.iter().map(|&i| &pop.results[i])).mqls(model.threshold);
    let results: Vec<LeadResult> = volume_rows.iter().map(|&i| combine(&new, pop.hits_of(i), pop.days[i])).collect();
    let ladder = Ladder::new(results.iter());
    let (lo, hi) = (ladder.scores.first().map_or(0, |&s| s as i32), ladder.scores.last().map_or(0, |&s| s as i32));
    let mut best = (usize::MAX, i64::MAX, model.threshold);
    for t in lo..=hi.saturating_add(1) {
        let key = (ladder.mqls(t).abs_diff(before), (i64::from(t) - i64::from(model.threshold)).abs(), t);
        if key < best {
            best = key;
        }
    }
    new.threshold = best.2;
    Some(Refit { mqls_before: before, mqls_after: ladder.mqls(best.2), model: new, coef })
}

/// The calibration report of `model` on `data` as of `as_of` (SPEC 6).
pub fn calibrate(data: &Dataset, model: &Model, as_of: Time, opts: &Options) -> Report {
    let pop = population(data, model, as_of, opts.label);
    let labelled = pop.labelled();
    let labels: Vec<bool> = labelled.iter().map(|&i| pop.label[i] == Some(true)).collect();
    let scores: Vec<i32> = labelled.iter().map(|&i| pop.results[i].score).collect();
    let positive = labels.iter().filter(|&&l| l).count();
    let order = by_score_desc(&scores);

    // Conversion per band [lo, lo + width), from the lowest to the highest.
    let w = opts.band_width;
    let mut bands = Vec::new();
    if let (Some(&min), Some(&max)) = (scores.iter().min(), scores.iter().max()) {
        let first = min.div_euclid(w) * w;
        let count = ((i64::from(max) - i64::from(first)) / i64::from(w) + 1) as usize;
        let mut tally = vec![(0usize, 0usize); count];
        for (&s, &l) in scores.iter().zip(&labels) {
            let b = ((i64::from(s) - i64::from(first)) / i64::from(w)) as usize;
            tally[b].0 += 1;
            tally[b].1 += usize::from(l);
        }
        for (k, &(n, pos)) in tally.iter().enumerate() {
            let lo = first + k as i32 * w;
            bands.push(Band { lo, hi: lo + w, leads: n, positive: pos, rate: rate(pos, n), ci: stats::wilson(pos, n), few: n < FEW });
        }
    }

    // MQL-to-SQL: accepted among MQLs with a decision, at any threshold.
    let decided: Vec<usize> = (0..pop.decided.len()).filter(|&i| pop.decided[i]).collect();
    let sql_at = |t: i32| {
        let mut dm = 0;
        let mut acc = 0;
        for &i in &decided {
            if is_mql(&pop.results[i], t) {
                dm += 1;
                acc += usize::from(pop.accepted[i]);
            }
        }
        (dm, acc)
    };
    let (dm, acc) = sql_at(model.threshold);
    let sql_rate = rate(acc, dm);
    let (verdict, advice) = sql_verdict(sql_rate);

    // Thresholds: best separation, the target SQL rate, sales capacity.
    let mut candidates: Vec<i64> = decided.iter().map(|&i| i64::from(pop.results[i].score)).collect();
    sort::times(&mut candidates);
    candidates.dedup();
    let sql_target = candidates.iter().find_map(|&t| {
        let t = t as i32;
        let (dm, acc) = sql_at(t);
        (dm > 0 && acc as f64 >= opts.target_sql_rate * dm as f64 - 1e-9).then(|| SqlTarget { threshold: t, rate: acc as f64 / dm as f64, decided_mqls: dm })
    });
    let first = data.leads.leads.iter().filter_map(|l| l.created_at.get()).min().or_else(|| data.activities.joined_events().iter().map(|e| e.time).min());
    let weeks = first.map_or(1.0, |f| ((as_of - f) as f64 / (7 * DAY) as f64).max(1.0));
    let ladder = Ladder::new(pop.results.iter());
    let capacity = opts.mqls_per_week.map(|want| {
        let mut all: Vec<i64> = ladder.scores.clone();
        all.push(all.last().map_or(0, |&s| s + 1));
        all.dedup();
        let t = all.iter().map(|&t| t as i32).find(|&t| ladder.mqls(t) as f64 / weeks <= want + 1e-9);
        Capacity {
            mqls_per_week: want,
            threshold: t,
            per_week: t.map_or(ladder.instant, |t| ladder.mqls(t)) as f64 / weeks,
            reachable: t.is_some(),
        }
    });

    // Each rule's lift among the labelled leads.
    let rules = model
        .rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            let (mut n1, mut a, mut n0, mut c) = (0, 0, 0, 0);
            for (&i, &l) in labelled.iter().zip(&labels) {
                if pop.hits_of(i)[r].count > 0 {
                    n1 += 1;
                    a += usize::from(l);
                } else {
                    n0 += 1;
                    c += usize::from(l);
                }
            }
            let ratio = stats::rate_ratio(a, n1, c, n0);
            Lift {
                id: rule.id.clone(),
                label: rule.label.clone(),
                enabled: rule.enabled,
                points: rule.points,
                category: rule.category(),
                with: RateCount::new(a, n1),
                without: RateCount::new(c, n0),
                lift: ratio.map(|x| x.0),
                lift_ci: ratio.map(|x| x.1),
                few: n1 < FEW,
            }
        })
        .collect();

    let everyone: Vec<usize> = (0..pop.results.len()).collect();
    let suggested = refit(model, &pop, &labelled, &everyone).map(|f| {
        let after: Vec<i32> = labelled.iter().map(|&i| combine(&f.model, pop.hits_of(i), pop.days[i]).score).collect();
        Suggested {
            points: model
                .rules
                .iter()
                .zip(&f.model.rules)
                .zip(&f.coef)
                .map(|((a, b), c)| PointsSuggestion { id: a.id.clone(), label: a.label.clone(), points: a.points, suggested: c.map(|_| b.points), coefficient: *c })
                .collect(),
            threshold: f.model.threshold,
            auc_before: auc_plain(&scores, &labels),
            auc_after: auc_plain(&after, &labels),
            mqls_before: f.mqls_before,
            mqls_after: f.mqls_after,
        }
    });

    Report {
        as_of: format_time(as_of),
        label: label_name(opts.label),
        band_width: w,
        threshold: model.threshold,
        population: Counts {
            leads: pop.results.len(),
            decided: decided.len(),
            labelled: labelled.len(),
            positive,
            negative: labelled.len() - positive,
            left_out: LeftOut { duplicate: pop.left_out[0], unreachable: pop.left_out[1], no_reason: pop.left_out[2] },
            scored_at_as_of: pop.scored_at_as_of,
        },
        bands,
        mql_to_sql: SqlRate { decided_mqls: dm, accepted: acc, rate: sql_rate, ci: stats::wilson(acc, dm), band: HEALTHY, verdict, advice },
        auc: auc_value(&scores, &labels),
        roc: roc(&scores, &labels, &order),
        thresholds: Thresholds {
            current: model.threshold,
            best_separation: youden(&scores, &labels, &order),
            target_sql_rate: opts.target_sql_rate,
            sql_rate: sql_target,
            capacity,
            period: Period { from: first.map(format_time), to: format_time(as_of), weeks },
            mqls_now: ladder.mqls(model.threshold),
        },
        rules,
        suggested,
        rejections: rejections(model, &pop),
    }
}

/// Decided leads by their latest decision, each reason with what it suggests.
fn rejections(model: &Model, pop: &Population) -> Vec<Rejection> {
    let mut count = [0usize; 7];
    for &l in &pop.last {
        count[l as usize] += 1;
    }
    let rejected: usize = count[2..].iter().sum();
    const WHAT: [(&str, &str); 5] = [
        ("wrong_icp", "sales says these leads do not fit: tighten the fit rules they matched, or add a negative fit rule"),
        ("premature", "sales says these leads were not ready: raise the threshold, or weight hand-raiser signals (demo requests) over accumulated points"),
        ("duplicate", "these leads were already being worked: route by account so a colleague's lead goes to the rep who works it"),
        ("unreachable", "sales could not reach these leads: check contact data (phone, email) at capture"),
        ("no_reason", "rejections without a reason teach nothing: ask sales for one"),
    ];
    WHAT.iter()
        .enumerate()
        .map(|(k, &(reason, suggestion))| {
            let code = k as u8 + 2;
            let leads = count[code as usize];
            // Wrong ICP: which positive fit rules those leads matched.
            let mut fit_rules: Vec<RuleCount> = Vec::new();
            if code == 2 && leads > 0 {
                for (j, r) in model.rules.iter().enumerate() {
                    if r.enabled && r.points > 0 && r.category() == Category::Fit {
                        let n = (0..pop.last.len()).filter(|&i| pop.last[i] == 2 && pop.hits_of(i)[j].count > 0).count();
                        if n > 0 {
                            fit_rules.push(RuleCount { id: r.id.clone(), label: r.label.clone(), leads: n });
                        }
                    }
                }
                sort::items_by(&mut fit_rules, &|a, b| b.leads.cmp(&a.leads));
            }
            Rejection { reason, leads, share: rate(leads, rejected), many: rejected > 0 && leads * 5 >= rejected, suggestion, fit_rules }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// A first model from outcomes.

#[derive(Clone, Debug, PartialEq)]
pub struct SuggestOptions {
    pub from_columns: bool,
    pub holdout_share: f64,
    pub seed: u64,
    /// Columns to use even when they look like a leak.
    pub include: Vec<String>,
    pub max_rules: usize,
    pub label: Label,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions { from_columns: false, holdout_share: 0.3, seed: 1, include: Vec::new(), max_rules: 30, label: Label::Converted }
    }
}

impl SuggestOptions {
    pub fn from_pairs(pairs: &Pairs) -> Result<SuggestOptions, Error> {
        const W: &str = "suggestModel";
        known(pairs, W, &["from", "holdout_share", "seed", "include", "max_rules", "label"])?;
        let d = SuggestOptions::default();
        let include = match get(pairs, "include") {
            None => Vec::new(),
            Some(OptionValue::List(v)) => v.clone(),
            Some(_) => return Err(Error::new(format!("{W} options: include must be a list of column names"))),
        };
        Ok(SuggestOptions {
            from_columns: choice(pairs, W, "from", &["current", "columns"])? == 1,
            holdout_share: num(pairs, W, "holdout_share", |x| x > 0.0 && x < 1.0, "a share above 0 and below 1 (0.3 is 30%)")?.unwrap_or(d.holdout_share),
            seed: num(pairs, W, "seed", |x| x.fract() == 0.0 && (0.0..=9.0e15).contains(&x), "a whole number of 0 or more")?.map_or(d.seed, |x| x as u64),
            include,
            max_rules: num(pairs, W, "max_rules", |x| x.fract() == 0.0 && (1.0..=200.0).contains(&x), "a whole number from 1 to 200")?.map_or(d.max_rules, |x| x as usize),
            label: label_option(pairs, W)?,
        })
    }
}

/// splitmix64, for a seeded split that is the same everywhere.
fn mix(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Training and held-out labelled leads (each in lead order): by
/// `created_at` when every labelled lead has one (the newest held out,
/// ties in lead order), else a seeded shuffle.
fn split(data: &Dataset, labelled: &[usize], share: f64, seed: u64) -> (Vec<usize>, Vec<usize>, SplitInfo) {
    let n = labelled.len();
    let hold = ((n as f64 * share + 0.5).floor() as usize).min(n);
    let created = |k: u32| data.leads.leads[labelled[k as usize]].created_at.get();
    let mut order: Vec<u32> = (0..n as u32).collect();
    let by_date = n > 0 && (0..n as u32).all(|k| created(k).is_some());
    if by_date {
        sort::indices_by(&mut order, &|a, b| created(a).cmp(&created(b)));
    } else {
        let mut state = seed;
        for k in (1..n).rev() {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let j = (mix(state) % (k as u64 + 1)) as usize;
            order.swap(k, j);
        }
    }
    let mut held = vec![false; n];
    for &k in &order[n - hold..] {
        held[k as usize] = true;
    }
    let pick = |h: bool| -> Vec<usize> { (0..n).filter(|&k| held[k] == h).map(|k| labelled[k]).collect() };
    let cut = if by_date && hold > 0 { created(order[n - hold]).map(format_time) } else { None };
    let (train, holdout) = (pick(false), pick(true));
    let info = SplitInfo { method: if by_date { "created_at" } else { "random" }, seed, holdout_share: share, train: train.len(), holdout: hold, holdout_from: cut, fitted_on: train.len() };
    (train, holdout, info)
}

/// Lead-table columns that are who the lead is or what sales said: never
/// a rule.
const NOT_CANDIDATES: [Field; 12] = [
    Field::Id,
    Field::FirstName,
    Field::LastName,
    Field::Name,
    Field::Email,
    Field::Phone,
    Field::CreatedAt,
    Field::SalesOutcome,
    Field::RejectionReason,
    Field::RejectedAt,
    Field::Converted,
    Field::FirstContactAt,
];

/// One candidate rule and the column it reads.
struct Candidate {
    column: String,
    rule: Rule,
}

/// An id piece: lower-case letters and digits, `-` between.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(crate::lowercase::lower_char) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(40).collect()
}

fn field_rule(id: String, label: String, test: FieldTest) -> Rule {
    Rule { id, label, points: 0, enabled: true, instant_mql: false, disqualify: false, when: When::Field(test) }
}

/// `x` as a whole number of hundredths, `0.97` (no float formatting).
fn hundredths(x: f64) -> String {
    let h = (x * 100.0).round() as i64;
    format!("{}.{:02}", h / 100, h % 100)
}

fn percent(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// A cut value as a label shows it, without float formatting.
fn number_text(q: f64) -> String {
    if q.fract() == 0.0 && q.abs() < 1e15 {
        (q as i64).to_string()
    } else {
        hundredths(q)
    }
}

/// G^2 of the 2 x 2 table (hit or not) x (positive or not).
fn log_likelihood_ratio(n1: usize, a: usize, n0: usize, c: usize) -> f64 {
    let (pos, neg) = (a + c, n1 + n0 - a - c);
    let cells = [(a, n1, pos), (n1 - a, n1, neg), (c, n0, pos), (n0 - c, n0, neg)];
    let total = (n1 + n0) as f64;
    2.0 * cells
        .iter()
        .filter(|(o, _, _)| *o > 0)
        .map(|&(o, row, col)| o as f64 * (o as f64 * total / (row as f64 * col as f64)).ln())
        .sum::<f64>()
}

/// The first model (SPEC 6, "A first model from outcomes").
pub fn suggest_model(data: &Dataset, model: &Model, as_of: Time, opts: &SuggestOptions) -> Result<SuggestReport, Error> {
    let base = if opts.from_columns { Model { rules: Vec::new(), ..model.clone() } } else { model.clone() };
    let pop = population(data, &base, as_of, opts.label);
    let labelled = pop.labelled();
    let pos = labelled.iter().filter(|&&i| pop.label[i] == Some(true)).count();
    if labelled.len() < 20 || pos < 5 || labelled.len() - pos < 5 {
        return Err(Error::new(format!(
            "suggestModel needs sales outcomes for at least 20 leads, 5 of each kind (have {} labelled: {pos} positive, {} negative); import outcomes first",
            labelled.len(),
            labelled.len() - pos
        )));
    }
    let (train, holdout, mut split_info) = split(data, &labelled, opts.holdout_share, opts.seed);
    let y = |rows: &[usize]| -> Vec<bool> { rows.iter().map(|&i| pop.label[i] == Some(true)).collect() };
    let (mut leaks, mut columns) = (Vec::new(), Vec::new());
    let mut measured = train.clone();
    let (mut fitted, rules_out) = if opts.from_columns {
        // Past FIT_ROWS training leads, an even sample of them picks and
        // weighs the rules (plenty for a few hundred candidates); both
        // AUCs are still measured on every lead.
        let step = train.len().div_ceil(FIT_ROWS);
        let fit_rows: Vec<usize> = train.iter().copied().step_by(step).collect();
        split_info.fitted_on = fit_rows.len();
        let (cands, design, l, c) = candidates(data, &pop, &fit_rows, opts);
        measured = fit_rows.clone();
        leaks = l;
        columns = c;
        first_model(model, &cands, &design, &y(&fit_rows), opts.max_rules)
    } else {
        let everyone: Vec<usize> = (0..pop.results.len()).collect();
        let f = refit(model, &pop, &train, &everyone)
            .ok_or_else(|| Error::new("suggestModel: the current model has no enabled rule to fit, or the training leads have one outcome only"))?;
        let rules = model
            .rules
            .iter()
            .zip(&f.model.rules)
            .zip(&f.coef)
            .enumerate()
            .map(|(r, ((a, b), c))| {
                let (mut leads, mut k) = (0, 0);
                for &i in &train {
                    if pop.hits_of(i)[r].count > 0 {
                        leads += 1;
                        k += usize::from(pop.label[i] == Some(true));
                    }
                }
                SuggestedRule { id: a.id.clone(), label: a.label.clone(), column: None, points: b.points, was: Some(a.points), coefficient: *c, leads, rate: rate(k, leads) }
            })
            .collect();
        (f.model, rules)
    };
    // Measured by the engine itself: the model as scoring reads it.
    let scorer = Scorer::new(data, &fitted);
    let score = |rows: &[usize]| -> Vec<i32> { rows.iter().map(|&i| scorer.before_sales(i, pop.cutoff[i]).score).collect() };
    // The training AUC is over the leads the rules were fitted on.
    let (train_scores, holdout_scores) = (score(&measured), score(&holdout));
    let (train_y, holdout_y) = (y(&measured), y(&holdout));
    if opts.from_columns {
        fitted.threshold = youden(&train_scores, &train_y, &by_score_desc(&train_scores)).map_or(0, |b| b.threshold);
    }
    Ok(SuggestReport {
        model: fitted.to_json(),
        threshold: fitted.threshold,
        auc_train: auc_plain(&train_scores, &train_y),
        auc_holdout: auc_plain(&holdout_scores, &holdout_y),
        rules: rules_out,
        leaks,
        columns,
        split: split_info,
        label: label_name(opts.label),
    })
}

/// Fits the candidates on the training rows: a ridge fit on all of them,
/// the `max_rules` with the largest effect (|coefficient| x spread) kept
/// and fitted again, points scaled so the strongest rule gets 20.
fn first_model(model: &Model, cands: &[Candidate], x: &Design, y: &[bool], max_rules: usize) -> (Model, Vec<SuggestedRule>) {
    let mut new = Model { rules: Vec::new(), name: "First model from outcomes".into(), decay: Decay::None, ..model.clone() };
    let n = x.rows();
    let mut support = vec![0usize; cands.len()];
    let mut positive = vec![0usize; cands.len()];
    for (i, &label) in y.iter().enumerate() {
        for (j, _) in x.row(i) {
            support[j] += 1;
            positive[j] += usize::from(label);
        }
    }
    let mut keep: Vec<u32> = (0..cands.len() as u32).collect();
    let mut fit = stats::logistic(x, y, RIDGE);
    if keep.len() > max_rules {
        let effect: Vec<f64> = (0..cands.len())
            .map(|j| {
                let q = support[j] as f64 / n as f64;
                fit.coef[j].abs() * (q * (1.0 - q)).sqrt()
            })
            .collect();
        sort::indices_by(&mut keep, &|a, b| effect[b as usize].total_cmp(&effect[a as usize]));
        keep.truncate(max_rules);
        sort::indices_by(&mut keep, &|a, b| a.cmp(&b));
        let mut slot = vec![u32::MAX; cands.len()];
        for (k, &j) in keep.iter().enumerate() {
            slot[j as usize] = k as u32;
        }
        let mut sub = Design::new(keep.len());
        for i in 0..n {
            sub.push_row(x.row(i).filter(|(j, _)| slot[*j] != u32::MAX).map(|(j, v)| (slot[j], v as f32)));
        }
        fit = stats::logistic(&sub, y, RIDGE);
    }
    let max = fit.coef.iter().fold(0.0f64, |m, b| m.max(b.abs()));
    let scale = if max > 0.0 { 20.0 / max } else { 0.0 };
    let mut out = Vec::new();
    for (k, &j) in keep.iter().enumerate() {
        let j = j as usize;
        let points = (fit.coef[k] * scale).round() as i32;
        if points == 0 {
            continue;
        }
        let mut rule = cands[j].rule.clone();
        rule.points = points;
        out.push(SuggestedRule {
            id: rule.id.clone(),
            label: rule.label.clone(),
            column: Some(cands[j].column.clone()),
            points,
            was: None,
            coefficient: Some(fit.coef[k]),
            leads: support[j],
            rate: rate(positive[j], support[j]),
        });
        new.rules.push(rule);
    }
    (new, out)
}

type Candidates = (Vec<Candidate>, Design, Vec<Leak>, Vec<ColumnNote>);
/// One column's candidate rules, each with which training leads it hits.
type ColumnCandidates = Vec<(Rule, Vec<bool>)>;

/// Candidate rules from every usable column and activity type, the design
/// of the training rows over them, the leak flags and a note per column.
fn candidates(data: &Dataset, pop: &Population, train: &[usize], opts: &SuggestOptions) -> Candidates {
    let leads = &data.leads;
    let n = train.len();
    let min_support = (n / 200).max(30);
    let y: Vec<bool> = train.iter().map(|&i| pop.label[i] == Some(true)).collect();
    let pos_total = y.iter().filter(|&&l| l).count();
    let norm = crate::dataset::normalize_header;
    let included = |h: &str| opts.include.iter().any(|c| norm(c) == norm(h));
    let mut cands: Vec<Candidate> = Vec::new();
    // Per training row: the candidates it has.
    let mut active: Vec<Vec<u32>> = vec![Vec::new(); n];
    let (mut leaks, mut notes) = (Vec::new(), Vec::new());
    // String-keyed tables are FxHashMap<String, usize> throughout the engine:
    // one hash table instance in the wasm.
    let mut ids: FxHashMap<String, usize> = FxHashMap::default();
    let mut unique_id = |base: String| {
        let k = ids.entry(base.clone()).or_insert(0);
        *k += 1;
        if *k == 1 { base } else { format!("{base}-{k}") }
    };
    let note = |column: &str, kind, candidates, auc, leak, note| ColumnNote { column: column.to_string(), kind, candidates, auc, leak, note };

    for (col, c) in leads.columns.iter().enumerate() {
        if c.field.is_some_and(|f| NOT_CANDIDATES.contains(&f)) {
            continue;
        }
        let header = c.header.as_str();
        let Some(source) = Source::resolve(leads, header) else { continue };
        // Distinct raw values, then their lower-cased form.
        let mut raw = Interner::default();
        // Each stored string looked up once, not each cell.
        let cells = &leads.cells[col];
        let mut by_code = vec![u32::MAX; cells.strings()];
        let row_raw: Vec<u32> = train
            .iter()
            .map(|&i| {
                let k = cells.code(i);
                let r = &mut by_code[k as usize];
                if *r == u32::MAX {
                    *r = raw.intern(&cells.string(k));
                }
                *r
            })
            .collect();
        let raw_text: Vec<&str> = raw.iter().map(str::trim).collect();
        let non_empty = row_raw.iter().filter(|&&r| !raw_text[r as usize].is_empty()).count();
        if non_empty == 0 {
            continue;
        }
        let numbers: Vec<Option<f64>> = raw_text.iter().map(|v| crate::fields::parse_number(v)).collect();
        let numeric_rows = row_raw.iter().filter(|&&r| numbers[r as usize].is_some()).count();
        let numeric = matches!(c.field, Some(Field::CompanySize)) || (numeric_rows * 20 >= non_empty * 19 && raw_text.len() > 12);
        let (auc_alone, mut leak_reason, mut col_cands): (f64, Option<String>, ColumnCandidates) = if numeric {
            let values: Vec<f64> = match source {
                // A cell's number is a function of its text: read once per value.
                crate::fields::Source::Column(_) => row_raw.iter().map(|&r| numbers[r as usize].unwrap_or(f64::NEG_INFINITY)).collect(),
                _ => train.iter().map(|&i| source.number(leads, i).unwrap_or(f64::NEG_INFINITY)).collect(),
            };
            let a = stats::auc(&values, &y).map_or(0.5, |a| a.value);
            let present: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            let mut idx: Vec<u32> = (0..present.len() as u32).collect();
            sort::indices_by(&mut idx, &|a, b| present[a as usize].total_cmp(&present[b as usize]));
            let mut cuts: Vec<f64> = if present.is_empty() {
                Vec::new()
            } else {
                [0.2, 0.4, 0.6, 0.8].iter().map(|q| present[idx[((present.len() - 1) as f64 * q) as usize] as usize]).collect()
            };
            cuts.dedup();
            let list = cuts
                .iter()
                .filter_map(|&q| {
                    let hit: Vec<bool> = values.iter().map(|&v| v >= q).collect();
                    let k = hit.iter().filter(|&&h| h).count();
                    (k >= min_support && n - k >= min_support).then(|| {
                        let text = number_text(q);
                        let rule = field_rule(
                            unique_id(format!("{}-{}-plus", slug(header), slug(&text))),
                            format!("{header} at least {text}"),
                            FieldTest { field: header.to_string(), op: FieldOp::Range, values: Vec::new(), min: Some(q), max: None, below: None },
                        );
                        (rule, hit)
                    })
                })
                .collect();
            (a.max(1.0 - a), None, list)
        } else {
            // Lower-cased values: the engine's `equals` ignores case.
            let mut lower_ids: FxHashMap<String, usize> = FxHashMap::default();
            let mut shown: Vec<&str> = Vec::new();
            let raw_to_lower: Vec<u32> = raw_text
                .iter()
                .map(|v| {
                    let k = lower_ids.len();
                    *lower_ids.entry(crate::lowercase::lowercase(v)).or_insert_with(|| {
                        shown.push(v);
                        k
                    }) as u32
                })
                .collect();
            let value: Vec<u32> = row_raw.iter().map(|&r| raw_to_lower[r as usize]).collect();
            let distinct = shown.iter().filter(|v| !v.is_empty()).count();
            if distinct > 50 && distinct * 2 > non_empty {
                notes.push(note(header, "skipped", 0, None, false, Some("nearly every lead has its own value (a name or an identifier)")));
                continue;
            }
            let mut tally = vec![(0usize, 0usize); shown.len()];
            for (&v, &l) in value.iter().zip(&y) {
                tally[v as usize].0 += 1;
                tally[v as usize].1 += usize::from(l);
            }
            // AUC of the column alone, each lead scored by its value's rate:
            // over pairs of values, positives of one outranking negatives of
            // the other (a tie counts half), from the tallies alone.
            let share = |&(k, p): &(usize, usize)| p as f64 / k.max(1) as f64;
            let mut wins = 0.0;
            for a in &tally {
                for b in &tally {
                    let pairs = a.1 as f64 * (b.0 - b.1) as f64;
                    wins += match share(a).total_cmp(&share(b)) {
                        std::cmp::Ordering::Greater => pairs,
                        std::cmp::Ordering::Equal => pairs / 2.0,
                        std::cmp::Ordering::Less => 0.0,
                    };
                }
            }
            let a = if pos_total == 0 || pos_total == n { 0.5 } else { wins / (pos_total as f64 * (n - pos_total) as f64) };
            let mut reason = None;
            for (v, &(k, p)) in tally.iter().enumerate() {
                let r = p as f64 / k.max(1) as f64;
                if reason.is_none() && !shown[v].is_empty() && k * 10 >= n && (r >= 0.95 || r <= 0.02) {
                    reason = Some(format!(
                        "\"{}\" covers {}% of the leads and {}% of them {}: a value like this is usually filled in by sales after contact",
                        shown[v],
                        percent(k as f64 / n as f64),
                        percent(r),
                        if opts.label == Label::Converted { "converted" } else { "were accepted" }
                    ));
                }
            }
            let list = (0..shown.len())
                .filter(|&v| !shown[v].is_empty() && tally[v].0 >= min_support && n - tally[v].0 >= min_support)
                .map(|v| {
                    let rule = field_rule(
                        unique_id(format!("{}-{}", slug(header), slug(shown[v]))),
                        format!("{header} is {}", shown[v]),
                        FieldTest { field: header.to_string(), op: FieldOp::Equals, values: vec![shown[v].to_string()], min: None, max: None, below: None },
                    );
                    (rule, value.iter().map(|&x| x as usize == v).collect())
                })
                .collect();
            (a, reason, list)
        };
        if auc_alone >= 0.9 {
            leak_reason = Some(format!(
                "on its own it separates the outcome almost perfectly (AUC {}): a column like this is usually filled in by sales after contact",
                hundredths(auc_alone)
            ));
        }
        let leaked = leak_reason.is_some();
        let use_it = !leaked || included(header);
        if let Some(reason) = leak_reason {
            leaks.push(Leak { column: header.to_string(), auc: auc_alone, reason, included: use_it });
        }
        if !use_it {
            col_cands.clear();
        }
        notes.push(note(header, if numeric { "numeric" } else { "categorical" }, col_cands.len(), Some(auc_alone), leaked, None));
        for (rule, hit) in col_cands {
            let j = cands.len() as u32;
            for (k, &h) in hit.iter().enumerate() {
                if h {
                    active[k].push(j);
                }
            }
            cands.push(Candidate { column: header.to_string(), rule });
        }
    }

    // Activity types, and details held by enough leads, before the cut-off.
    // (type, detail) pairs are packed in one i64 so one sort serves.
    let log = &data.activities;
    let kinds = log.kinds.len();
    let mut type_leads = vec![0usize; kinds];
    let mut pairs: Vec<i64> = Vec::new();
    let mut seen: Vec<i64> = Vec::new();
    let mut events = Vec::new();
    for &i in train {
        seen.clear();
        log.of_lead_into(i, &mut events);
        seen.extend(events.iter().take_while(|e| e.time < pop.cutoff[i]).map(|e| (i64::from(e.kind) << 32) | i64::from(e.detail)));
        sort::times(&mut seen);
        seen.dedup();
        let mut last_kind = -1;
        for &p in &seen {
            if p >> 32 != last_kind {
                last_kind = p >> 32;
                type_leads[last_kind as usize] += 1;
            }
        }
        pairs.extend_from_slice(&seen);
    }
    sort::times(&mut pairs);
    let enough = |c: usize| c >= min_support && n - c >= min_support;
    let mut activity: Vec<(u32, Option<u32>)> = (0..kinds as u32).filter(|&k| enough(type_leads[k as usize])).map(|k| (k, None)).collect();
    let mut k = 0;
    while k < pairs.len() {
        let p = pairs[k];
        let start = k;
        while k < pairs.len() && pairs[k] == p {
            k += 1;
        }
        let (kind, detail) = ((p >> 32) as u32, (p & 0xFFFF_FFFF) as u32);
        if enough(k - start) && !log.details.resolve(detail).trim().is_empty() {
            activity.push((kind, Some(detail)));
        }
    }
    // Detail rules match by substring, as the engine does.
    let lowered: Vec<String> = log.details.iter().map(crate::lowercase::lowercase).collect();
    let first_activity = cands.len();
    for &(k, d) in &activity {
        let kind = log.kinds.resolve(k);
        let (id, label, detail) = match d {
            None => (format!("any-{}", slug(kind)), format!("any {kind}"), None),
            Some(d) => {
                let text = log.details.resolve(d);
                (format!("{}-{}", slug(kind), slug(text)), format!("{kind}: {text}"), Some(text.to_string()))
            }
        };
        let rule = Rule {
            id: unique_id(id),
            label,
            points: 0,
            enabled: true,
            instant_mql: false,
            disqualify: false,
            when: When::Event(EventTest { event: kind.to_string(), detail_contains: detail, count: EventCount::Once, at_least: None, days: None, cap: None }),
        };
        cands.push(Candidate { column: "activity".into(), rule });
    }
    let mut all = Vec::new();
    for (row, &i) in train.iter().enumerate() {
        log.of_lead_into(i, &mut all);
        let events = &all[..all.partition_point(|e| e.time < pop.cutoff[i])];
        for (a, &(k, d)) in activity.iter().enumerate() {
            let hit = match d {
                None => events.iter().any(|e| e.kind == k),
                Some(d) => {
                    let needle = lowered[d as usize].as_str();
                    events.iter().any(|e| e.kind == k && lowered[e.detail as usize].contains(needle))
                }
            };
            if hit {
                active[row].push((first_activity + a) as u32);
            }
        }
    }
    if !activity.is_empty() {
        notes.push(note("activity", "activity", activity.len(), None, false, None));
    }

    // Screening: a candidate must show some association on its own.
    let mut support = vec![(0usize, 0usize); cands.len()];
    for (row, list) in active.iter().enumerate() {
        for &j in list {
            support[j as usize].0 += 1;
            support[j as usize].1 += usize::from(y[row]);
        }
    }
    let g2: Vec<f64> = support.iter().map(|&(k, p)| log_likelihood_ratio(k, p, n - k, pos_total - p)).collect();
    let mut order: Vec<u32> = (0..cands.len() as u32).filter(|&j| g2[j as usize] >= 3.84).collect();
    sort::indices_by(&mut order, &|a, b| g2[b as usize].total_cmp(&g2[a as usize]));
    order.truncate((opts.max_rules * 4).clamp(60, 200));
    sort::indices_by(&mut order, &|a, b| a.cmp(&b));
    let mut slot = vec![u32::MAX; cands.len()];
    for (k, &j) in order.iter().enumerate() {
        slot[j as usize] = k as u32;
    }
    let mut design = Design::new(order.len());
    for list in &active {
        design.push_row(list.iter().filter(|&&j| slot[j as usize] != u32::MAX).map(|&j| (slot[j as usize], 1.0)));
    }
    let mut all: Vec<Option<Candidate>> = cands.into_iter().map(Some).collect();
    let kept = order.iter().map(|&j| all[j as usize].take().expect("each candidate once")).collect();
    (kept, design, leaks, notes)
}

