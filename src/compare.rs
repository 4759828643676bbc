//! Backtest and compare (SPEC section 9): two models on the same leads, the
//! status transitions between them, the leads that change and why, their
//! quality against sales outcomes (AUC with a paired DeLong test), and a
//! replay of the MQL volume each would have sent to sales per step.

use crate::dataset::Dataset;
use crate::handoff::Contact;
use crate::model::Model;
use crate::outcomes::{Outcome, Reason};
use crate::scoring::{self, rule_points, LeadResult, Scorer, Status};
use crate::time::{format_time, Time, DAY};
use crate::workspace::{summarize, HitCache, Summary};
use crate::Error;

// The statistics live in `stats`, shared with calibration.
pub use crate::stats::{delong, erfc, DeLong};

const STATUSES: [Status; 5] = [Status::Nurture, Status::Mql, Status::Disqualified, Status::Suppressed, Status::Recycled];

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    pub count: usize,
}
crate::json_object!(Transition { from, to, count });

/// What sales said about one lead, over every decision in the data (the
/// eventual outcome, whatever its date: a backtest measures a past as-of
/// against what happened next).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// The lead has at least one decision.
    pub decided: bool,
    /// SPEC 6's label: converted where known, else accepted (true) or a
    /// wrong-ICP / premature rejection (false).
    pub label: Option<bool>,
    /// Why a decided lead has no label: `duplicate`, `unreachable` or
    /// `no_reason`.
    pub left_out: Option<&'static str>,
    pub converted: bool,
    /// The latest decision is an acceptance (an SQL).
    pub accepted: bool,
    /// When sales first touched it: the earliest of its first contact and
    /// its first dated decision.
    pub touched: Option<Time>,
}

pub fn verdict(data: &Dataset, lead: usize) -> Verdict {
    let ds = data.decisions(lead);
    let row = &data.leads.leads[lead];
    let converted = row.converted.or_else(|| ds.iter().rev().find_map(|d| d.mapped.converted));
    let last = ds.last();
    let by_decision = last.and_then(|d| match (d.mapped.outcome, d.reason()) {
        (Outcome::Accepted, _) => Some(true),
        (_, Some(Reason::WrongIcp | Reason::Premature)) => Some(false),
        _ => None,
    });
    let label = converted.or(by_decision);
    let left_out = match (label, last) {
        (None, Some(d)) => Some(match d.reason() {
            Some(Reason::Duplicate) => "duplicate",
            Some(Reason::Unreachable) => "unreachable",
            _ => "no_reason",
        }),
        _ => None,
    };
    let first_decision = ds.iter().filter_map(|d| d.time).min();
    let first_contact = ds.iter().filter_map(|d| d.first_contact_at).chain(row.first_contact_at.get()).min();
    Verdict {
        decided: !ds.is_empty(),
        label,
        left_out,
        converted: converted == Some(true),
        accepted: last.is_some_and(|d| d.mapped.outcome == Outcome::Accepted),
        touched: [first_decision, first_contact].into_iter().flatten().min(),
    }
}

/// MQLs that sales decided on, as they stood before sales touched them.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct MqlToSql {
    pub decided_mqls: usize,
    pub accepted: usize,
    pub rate: Option<f64>,
}
crate::json_object!(MqlToSql { decided_mqls, accepted, rate });

/// The leads one model makes MQLs and the other does not, and how they did.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Flow {
    pub leads: usize,
    /// Of them, with a label.
    pub labelled: usize,
    pub positive: usize,
    pub converted: usize,
    pub accepted: usize,
}
crate::json_object!(Flow { leads, labelled, positive, converted, accepted });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct LeftOut {
    pub duplicate: usize,
    pub unreachable: usize,
    pub no_reason: usize,
}
crate::json_object!(LeftOut { duplicate, unreachable, no_reason });

/// Quality against sales outcomes; present when some lead has one.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Quality {
    pub labelled: usize,
    pub positives: usize,
    pub negatives: usize,
    /// Decided leads left out of the label, by reason.
    pub left_out: LeftOut,
    /// Labelled leads with no first contact or dated decision: scored at
    /// as-of.
    pub scored_at_as_of: usize,
    /// AUCs and their paired test; `None` with fewer than two positives or
    /// negatives.
    pub auc: Option<DeLong>,
    pub mql_to_sql_a: MqlToSql,
    pub mql_to_sql_b: MqlToSql,
    /// Each model's ROC curve over the labelled leads as `[false
    /// positives, true positives]` at each score cut, highest cut first,
    /// from `[0, 0]` to `[negatives, positives]`; at most about
    /// [`ROC_POINTS`] points, so little crosses to the page.
    pub roc_a: Vec<[u32; 2]>,
    pub roc_b: Vec<[u32; 2]>,
    /// MQLs under B that are not under A.
    pub added: Flow,
    /// MQLs under A that are not under B.
    pub dropped: Flow,
}
crate::json_object!(Quality { labelled, positives, negatives, left_out, scored_at_as_of, auc, mql_to_sql_a, mql_to_sql_b, roc_a, roc_b, added, dropped });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct CompareReport {
    pub as_of: String,
    pub a: Summary,
    pub b: Summary,
    /// Every (from, to) pair of statuses that occurs, unchanged ones too;
    /// the counts add up to the number of leads.
    pub transitions: Vec<Transition>,
    /// Leads whose status differs (what `changed_rows` pages through).
    pub changed: usize,
    pub score_changed: usize,
    pub quality: Option<Quality>,
}
crate::json_object!(CompareReport { as_of, a, b, transitions, changed, score_changed, quality });

/// A comparison kept in the workspace so its changed leads can be paged.
pub struct Comparison {
    pub model_a: Model,
    pub model_b: Model,
    pub as_of: Time,
    pub a: Vec<LeadResult>,
    pub b: Vec<LeadResult>,
    /// Leads whose status differs, in file order.
    pub changed: Vec<u32>,
}

/// Both models' results as of `as_of`, each exactly what scoring under it
/// gives; `cached` hits are reused when they fit a model.
pub(crate) fn run(data: &Dataset, model_a: Model, model_b: Model, as_of: Time, cached: Option<&HitCache>) -> (Comparison, CompareReport) {
    let own_a = (!cached.is_some_and(|c| c.fits(&model_a, as_of))).then(|| HitCache::build(data, &model_a, as_of));
    let hits_a = own_a.as_ref().or(cached).expect("built or cached");
    let reuse_b = [Some(hits_a), cached].into_iter().flatten().find(|c| c.fits(&model_b, as_of));
    let own_b = reuse_b.is_none().then(|| HitCache::build(data, &model_b, as_of));
    let hits_b = reuse_b.or(own_b.as_ref()).expect("reused or built");
    let a = hits_a.results(&model_a);
    let b = hits_b.results(&model_b);
    let mut matrix = [[0usize; 5]; 5];
    let mut changed = Vec::new();
    let mut score_changed = 0;
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        matrix[x.status as usize][y.status as usize] += 1;
        if x.status != y.status {
            changed.push(i as u32);
        }
        score_changed += usize::from(x.score != y.score);
    }
    let transitions = STATUSES
        .iter()
        .flat_map(|&f| STATUSES.iter().map(move |&t| (f, t)))
        .filter_map(|(from, to)| {
            let count = matrix[from as usize][to as usize];
            (count > 0).then_some(Transition { from, to, count })
        })
        .collect();
    let quality = quality(data, &model_a, &model_b, &a, &b, as_of);
    let report = CompareReport {
        as_of: format_time(as_of),
        a: summarize(&model_a, &a, as_of, hits_a.warnings.clone()),
        b: summarize(&model_b, &b, as_of, hits_b.warnings.clone()),
        transitions,
        changed: changed.len(),
        score_changed,
        quality,
    };
    (Comparison { model_a, model_b, as_of, a, b, changed }, report)
}

/// The labelled leads with both models' scores as they stood before
/// sales touched them (SPEC 6), and the MQL-to-SQL counts.
pub struct Labelled {
    pub leads: Vec<u32>,
    pub scores_a: Vec<f64>,
    pub scores_b: Vec<f64>,
    pub labels: Vec<bool>,
    pub left_out: LeftOut,
    pub scored_at_as_of: usize,
    pub mql_to_sql_a: MqlToSql,
    pub mql_to_sql_b: MqlToSql,
}

pub fn labelled(data: &Dataset, verdicts: &[Verdict], model_a: &Model, model_b: &Model, as_of: Time) -> Labelled {
    let (sa, sb) = (Scorer::new(data, model_a), Scorer::new(data, model_b));
    let rate = MqlToSql { decided_mqls: 0, accepted: 0, rate: None };
    let mut out = Labelled {
        leads: Vec::new(),
        scores_a: Vec::new(),
        scores_b: Vec::new(),
        labels: Vec::new(),
        left_out: LeftOut { duplicate: 0, unreachable: 0, no_reason: 0 },
        scored_at_as_of: 0,
        mql_to_sql_a: rate.clone(),
        mql_to_sql_b: rate,
    };
    for (i, v) in verdicts.iter().enumerate() {
        match v.left_out {
            Some("duplicate") => out.left_out.duplicate += 1,
            Some("unreachable") => out.left_out.unreachable += 1,
            Some(_) => out.left_out.no_reason += 1,
            None => {}
        }
        if v.label.is_none() && !v.decided {
            continue;
        }
        // As it stood before sales touched it, decisions not applied.
        let cutoff = v.touched.map_or(as_of, |t| t.min(as_of));
        let (ra, rb) = (sa.before_sales(i, cutoff), sb.before_sales(i, cutoff));
        if v.decided {
            for (r, rate) in [(ra, &mut out.mql_to_sql_a), (rb, &mut out.mql_to_sql_b)] {
                if r.status == Status::Mql {
                    rate.decided_mqls += 1;
                    rate.accepted += usize::from(v.accepted);
                }
            }
        }
        if let Some(label) = v.label {
            out.scored_at_as_of += usize::from(v.touched.is_none());
            out.leads.push(i as u32);
            out.scores_a.push(f64::from(ra.score));
            out.scores_b.push(f64::from(rb.score));
            out.labels.push(label);
        }
    }
    for r in [&mut out.mql_to_sql_a, &mut out.mql_to_sql_b] {
        r.rate = (r.decided_mqls > 0).then(|| r.accepted as f64 / r.decided_mqls as f64);
    }
    out
}

pub const ROC_POINTS: usize = 200;

/// The ROC curve of `scores` against `positive` (see [`Quality::roc_a`]):
/// one point per distinct score, then every k-th kept (ends always).
pub fn roc(scores: &[f64], positive: &[bool]) -> Vec<[u32; 2]> {
    let mut order: Vec<u32> = (0..scores.len() as u32).collect();
    crate::sort::indices_by(&mut order, &|i, j| scores[j as usize].total_cmp(&scores[i as usize]));
    let mut points = vec![[0u32, 0u32]];
    let (mut fp, mut tp) = (0u32, 0u32);
    for (k, &i) in order.iter().enumerate() {
        let i = i as usize;
        if positive[i] { tp += 1 } else { fp += 1 }
        if order.get(k + 1).is_none_or(|&n| scores[n as usize] != scores[i]) {
            points.push([fp, tp]);
        }
    }
    let step = points.len().div_ceil(ROC_POINTS).max(1);
    let last = points.len() - 1;
    points.into_iter().enumerate().filter(|&(k, _)| k % step == 0 || k == last).map(|(_, p)| p).collect()
}

fn quality(data: &Dataset, model_a: &Model, model_b: &Model, a: &[LeadResult], b: &[LeadResult], as_of: Time) -> Option<Quality> {
    let n = data.leads.leads.len();
    let verdicts: Vec<Verdict> = (0..n).map(|i| verdict(data, i)).collect();
    if !verdicts.iter().any(|v| v.decided || v.label.is_some()) {
        return None;
    }
    let l = labelled(data, &verdicts, model_a, model_b, as_of);
    let flow = |from: &[LeadResult], to: &[LeadResult]| {
        let mut f = Flow::default();
        for (i, (x, y)) in from.iter().zip(to).enumerate() {
            if y.status == Status::Mql && x.status != Status::Mql {
                let v = &verdicts[i];
                f.leads += 1;
                f.labelled += usize::from(v.label.is_some());
                f.positive += usize::from(v.label == Some(true));
                f.converted += usize::from(v.converted);
                f.accepted += usize::from(v.accepted);
            }
        }
        f
    };
    let positives = l.labels.iter().filter(|&&x| x).count();
    Some(Quality {
        labelled: l.labels.len(),
        positives,
        negatives: l.labels.len() - positives,
        auc: delong(&l.scores_a, &l.scores_b, &l.labels),
        left_out: l.left_out,
        scored_at_as_of: l.scored_at_as_of,
        mql_to_sql_a: l.mql_to_sql_a,
        mql_to_sql_b: l.mql_to_sql_b,
        roc_a: roc(&l.scores_a, &l.labels),
        roc_b: roc(&l.scores_b, &l.labels),
        added: flow(a, b),
        dropped: flow(b, a),
    })
}

/// One rule whose points differ for a lead (before decay).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct RuleDiff {
    pub rule: String,
    pub label: String,
    pub points_a: i32,
    pub points_b: i32,
}
crate::json_object!(RuleDiff { rule, label, points_a, points_b });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ChangedRow {
    pub index: usize,
    #[cfg_attr(test, serde(flatten))]
    pub lead: Contact,
    pub score_a: i32,
    pub score_b: i32,
    /// score_b - score_a.
    pub change: i32,
    pub status_a: Status,
    pub status_b: Status,
    pub instant_a: bool,
    pub instant_b: bool,
    /// Positive behavior points decay took away under each.
    pub decay_removed_a: i32,
    pub decay_removed_b: i32,
    pub why: Vec<RuleDiff>,
}
crate::json_object!(ChangedRow { index, ..lead, score_a, score_b, change, status_a, status_b, instant_a, instant_b, decay_removed_a, decay_removed_b, why });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ChangedPage {
    /// Changed leads that pass the filter (all pages).
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<ChangedRow>,
}
crate::json_object!(ChangedPage { total, offset, rows });

/// How to page through the changed leads.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct PageOptions {
    /// `change` (default), `score_a`, `score_b` or `file`.
    pub sort_by: Option<String>,
    /// Default true: the biggest gains first.
    pub descending: Option<bool>,
    /// Only leads with this status under A / under B.
    pub from: Option<Status>,
    pub to: Option<Status>,
}
crate::json_read!(PageOptions { sort_by: optional, descending: optional, from: optional, to: optional });

/// Each enabled rule's points for one lead, by rule id.
fn points(model: &Model, scorer: &Scorer, lead: usize, as_of: Time) -> Vec<(String, String, i32)> {
    let (hits, _) = scorer.hits(lead, as_of);
    model
        .rules
        .iter()
        .zip(&hits)
        .map(|(r, h)| (r.id.clone(), r.label.clone(), if r.enabled && h.count > 0 { rule_points(r, h.count).0 } else { 0 }))
        .collect()
}

impl Comparison {
    pub fn changed_rows(&self, data: &Dataset, offset: usize, limit: usize, opts: &PageOptions) -> Result<ChangedPage, Error> {
        let (a, b) = (&self.a, &self.b);
        let mut keep: Vec<u32> = self
            .changed
            .iter()
            .copied()
            .filter(|&i| opts.from.is_none_or(|s| a[i as usize].status == s) && opts.to.is_none_or(|s| b[i as usize].status == s))
            .collect();
        let descending = opts.descending.unwrap_or(true);
        let key: fn(&LeadResult, &LeadResult) -> i64 = match opts.sort_by.as_deref().unwrap_or("change") {
            "change" => |x, y| i64::from(y.score) - i64::from(x.score),
            "score_a" => |x, _| i64::from(x.score),
            "score_b" => |_, y| i64::from(y.score),
            "file" => |_, _| 0,
            other => return Err(Error::new(format!("cannot sort the changed leads by \"{other}\" (change, score_a, score_b or file)"))),
        };
        // Stable: ties stay in file order either way.
        if descending {
            crate::sort::indices_by(&mut keep, &|i, j| key(&a[j as usize], &b[j as usize]).cmp(&key(&a[i as usize], &b[i as usize])));
            if opts.sort_by.as_deref() == Some("file") {
                keep.reverse();
            }
        } else {
            crate::sort::indices_by(&mut keep, &|i, j| key(&a[i as usize], &b[i as usize]).cmp(&key(&a[j as usize], &b[j as usize])));
        }
        let total = keep.len();
        let page = &keep[offset.min(total)..offset.saturating_add(limit).min(total)];
        let (sa, sb) = (Scorer::new(data, &self.model_a), Scorer::new(data, &self.model_b));
        let rows = page
            .iter()
            .map(|&i| {
                let i = i as usize;
                let (x, y) = (a[i], b[i]);
                let pa = points(&self.model_a, &sa, i, self.as_of);
                let pb = points(&self.model_b, &sb, i, self.as_of);
                let mut why: Vec<RuleDiff> = Vec::new();
                for (id, label, _) in pa.iter().chain(&pb) {
                    if why.iter().any(|w| w.rule == *id) {
                        continue;
                    }
                    let find = |list: &[(String, String, i32)]| list.iter().find(|(r, _, _)| r == id).map_or(0, |(_, _, p)| *p);
                    let (points_a, points_b) = (find(&pa), find(&pb));
                    if points_a != points_b {
                        why.push(RuleDiff { rule: id.clone(), label: label.clone(), points_a, points_b });
                    }
                }
                ChangedRow {
                    index: i,
                    lead: Contact::of(&data.leads, i),
                    score_a: x.score,
                    score_b: y.score,
                    change: y.score - x.score,
                    status_a: x.status,
                    status_b: y.status,
                    instant_a: x.instant,
                    instant_b: y.instant,
                    decay_removed_a: x.decay_removed,
                    decay_removed_b: y.decay_removed,
                    why,
                }
            })
            .collect();
        Ok(ChangedPage { total, offset, rows })
    }
}

/// One model's MQLs in one step.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct StepCount {
    /// MQLs as of the step's end.
    pub mql: usize,
    /// Of them, those that crossed inside the step: what sales received.
    pub crossed: usize,
    /// Of those, how many converted / were accepted (eventually, by every
    /// decision in the data).
    pub converted: usize,
    pub accepted: usize,
}
crate::json_object!(StepCount { mql, crossed, converted, accepted });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ReplayStep {
    pub start: String,
    pub end: String,
    pub a: StepCount,
    pub b: StepCount,
}
crate::json_object!(ReplayStep { start, end, a, b });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ReplayReport {
    pub from: String,
    pub to: String,
    pub step_days: u32,
    pub steps: Vec<ReplayStep>,
    pub total_a: StepCount,
    pub total_b: StepCount,
}
crate::json_object!(ReplayReport { from, to, step_days, steps, total_a, total_b });

/// The steps `[s, e)` from `from` to `to`, the last one cut at `to`.
pub fn steps(from: Time, to: Time, step_days: u32) -> Result<Vec<(Time, Time)>, Error> {
    if to <= from {
        return Err(Error::new("replay: \"to\" must be after \"from\""));
    }
    if !(1..=366).contains(&step_days) {
        return Err(Error::new(format!("replay: stepDays must be 1 to 366, not {step_days}")));
    }
    let step = i64::from(step_days) * DAY;
    let count = (to - from + step - 1) / step;
    if count > 1000 {
        return Err(Error::new(format!("replay: {count} steps is too many (at most 1000: use a longer step or a shorter period)")));
    }
    Ok((0..count).map(|k| (from + k * step, (from + (k + 1) * step).min(to))).collect())
}

/// One model in one replay step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepLeads {
    /// MQLs as of the step's end.
    pub mql: usize,
    /// The MQLs that crossed inside the step, in lead order.
    pub crossed: Vec<u32>,
}

/// Per step, the MQLs as of its end under `model` and those that crossed
/// inside it: exactly what scoring as of each end and reading the
/// crossing times gives.
pub fn replay_leads(data: &Dataset, model: &Model, steps: &[(Time, Time)]) -> Vec<StepLeads> {
    let scorer = Scorer::new(data, model);
    let mut out = vec![StepLeads::default(); steps.len()];
    let ends: Vec<Time> = steps.iter().map(|&(_, e)| e).collect();
    let floor = steps.first().map_or(0, |&(s, _)| s);
    let mut replayer = scorer.replayer();
    for lead in 0..data.leads.leads.len() {
        tally(&mut out, steps, lead, replayer.lead(lead, &ends, floor));
    }
    out
}

/// [`replay_leads`] of both models in one pass over the leads: the fit
/// and number rules they share are read once per lead.
pub fn replay_pair(data: &Dataset, model_a: &Model, model_b: &Model, steps: &[(Time, Time)]) -> (Vec<StepLeads>, Vec<StepLeads>) {
    let (scorer_a, scorer_b) = (Scorer::new(data, model_a), Scorer::new(data, model_b));
    let map = scoring::shared_rules(model_a, model_b);
    let (mut out_a, mut out_b) = (vec![StepLeads::default(); steps.len()], vec![StepLeads::default(); steps.len()]);
    let ends: Vec<Time> = steps.iter().map(|&(_, e)| e).collect();
    let floor = steps.first().map_or(0, |&(s, _)| s);
    let (mut ra, mut rb) = (scorer_a.replayer(), scorer_b.replayer());
    for lead in 0..data.leads.leads.len() {
        tally(&mut out_a, steps, lead, ra.lead(lead, &ends, floor));
        tally(&mut out_b, steps, lead, rb.lead_sharing(lead, &ends, floor, Some((&ra, &map))));
    }
    (out_a, out_b)
}

fn tally(out: &mut [StepLeads], steps: &[(Time, Time)], lead: usize, results: &[(LeadResult, Option<Time>)]) {
    for (k, (&(s, e), (r, crossed))) in steps.iter().zip(results).enumerate() {
        if r.status == Status::Mql {
            out[k].mql += 1;
            if crossed.is_some_and(|t| t >= s && t < e) {
                out[k].crossed.push(lead as u32);
            }
        }
    }
}

pub fn replay(data: &Dataset, model_a: &Model, model_b: &Model, from: Time, to: Time, step_days: u32) -> Result<ReplayReport, Error> {
    let steps = steps(from, to, step_days)?;
    let count = |s: &StepLeads| {
        let verdicts: Vec<Verdict> = s.crossed.iter().map(|&i| verdict(data, i as usize)).collect();
        StepCount {
            mql: s.mql,
            crossed: s.crossed.len(),
            converted: verdicts.iter().filter(|v| v.converted).count(),
            accepted: verdicts.iter().filter(|v| v.accepted).count(),
        }
    };
    let (ra, rb) = replay_pair(data, model_a, model_b, &steps);
    let mut total_a = StepCount::default();
    let mut total_b = StepCount::default();
    let steps: Vec<ReplayStep> = steps
        .iter()
        .enumerate()
        .map(|(k, &(s, e))| {
            let (a, b) = (count(&ra[k]), count(&rb[k]));
            for (t, c) in [(&mut total_a, &a), (&mut total_b, &b)] {
                t.crossed += c.crossed;
                t.converted += c.converted;
                t.accepted += c.accepted;
            }
            ReplayStep { start: format_time(s), end: format_time(e), a, b }
        })
        .collect();
    Ok(ReplayReport { from: format_time(from), to: format_time(to), step_days, steps, total_a, total_b })
}
