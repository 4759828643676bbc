//! The Rust-side handle the page and the JS API drive: imported data, the
//! model, and the last scoring run. `wasm.rs` wraps it one-to-one, so bulk
//! data never leaves Rust memory; only counts, typed arrays and one lead's
//! explanation cross the boundary.

use std::cell::OnceCell;

use crate::dataset::{lead_key, Dataset, Field};
use crate::import::{self, ImportKind, ImportReport, ImportStream, Imported, Spec};
use crate::decay;
use crate::model::{Model, When};
use crate::outcomes::{self, FieldChange, Outcome, Reason, StatusMapping};
use crate::scoring::{Explanation, Gate, LeadResult, Scorer, Status};
use crate::time::{format_time, Time};
use crate::handoff::{self, Contact, Packet};
use crate::{calibration, compare, export, Error};

/// Header -> canonical field key, or `None` to keep the column custom.
pub type Mapping = [(String, Option<String>)];

/// Counts by status after a scoring run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Summary {
    pub as_of: String,
    pub threshold: i32,
    pub leads: usize,
    pub mql: usize,
    pub nurture: usize,
    pub disqualified: usize,
    /// Rejected by sales as wrong ICP, no fit field changed since.
    pub suppressed: usize,
    /// Rejected as premature, inside `feedback.premature_days`.
    pub recycled: usize,
    /// MQLs qualified by an instant rule (hand-raisers).
    pub instant: usize,
    pub warnings: Vec<String>,
}
crate::json_object!(Summary { as_of, threshold, leads, mql, nurture, disqualified, suppressed, recycled, instant, warnings });

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Unmatched {
    pub line: u32,
    pub lead_id: String,
}
crate::json_object!(Unmatched { line, lead_id });

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
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Row {
    pub index: usize,
    #[cfg_attr(test, serde(flatten))]
    pub lead: Contact,
    pub score: i32,
    pub fit: i32,
    pub behavior: i32,
    pub status: Status,
    pub instant: bool,
    pub crossed_at: Option<String>,
}
crate::json_object!(Row { index, ..lead, score, fit, behavior, status, instant, crossed_at });

/// Rule hits of every lead as of one time under one set of conditions.
/// Valid while the data, the as-of time, the rules' `when`s (in order) and
/// the decay horizon stay the same; points, flags, threshold and decay
/// factors may change freely and only re-combine.
pub(crate) struct HitCache {
    as_of: Time,
    whens: Vec<When>,
    horizon: Option<i64>,
    /// The rules that count for each lead, lead after lead: lead `i`'s are
    /// `hits[starts[i]..starts[i + 1]]`. Most rules miss most leads, so
    /// this is a few entries per lead instead of one per rule.
    starts: Vec<u32>,
    /// Each hit's rule, with [`FRESH`] set when it is fresh, and its count.
    hits: Vec<u32>,
    hit_counts: Counts,
    /// The leads each rule counts for, by rule: a change to one rule's
    /// points moves only these leads' sums.
    by_rule: Vec<RuleLeads>,
    /// Days since the last engagement, as an index into `day_values`:
    /// a lead base has a few thousand distinct values at most, so a decay
    /// factor is computed once per value, not once per lead.
    day_index: Vec<u32>,
    day_values: Vec<Option<i64>>,
    gates: Vec<Gate>,
    premature_days: u32,
    pub(crate) warnings: Vec<String>,
}

/// The leads one rule counts for, in lead order, as compact indices (the
/// re-score loop after a points change streams through them), with the
/// rule's count for each; `counts` is empty when every count is 1 (field
/// rules, most event rules).
#[derive(Clone, Default)]
struct RuleLeads {
    leads: Vec<u32>,
    counts: Counts,
    max_count: u32,
}

impl RuleLeads {
    fn count(&self, i: usize) -> u32 {
        if self.counts.is_empty() {
            1
        } else {
            self.counts.get(i)
        }
    }
}

/// Engagement ages below this many days find their index in a table
/// while the hits are built (older ones in a map).
const DAY_TABLE: usize = 1 << 12;

/// A hit's rule bit saying the hit is fresh (rule indexes stay below it).
const FRESH: u32 = 1 << 31;

/// Counts, two bytes each while every one fits, else four.
#[derive(Clone)]
enum Counts {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Default for Counts {
    fn default() -> Counts {
        Counts::Narrow(Vec::new())
    }
}

impl Counts {
    fn push(&mut self, c: u32) {
        match self {
            Counts::Narrow(v) => match u16::try_from(c) {
                Ok(c) => v.push(c),
                Err(_) => {
                    let mut w: Vec<u32> = Vec::with_capacity(v.capacity().max(v.len() + 1));
                    w.extend(v.iter().map(|&c| u32::from(c)));
                    w.push(c);
                    *self = Counts::Wide(w);
                }
            },
            Counts::Wide(v) => v.push(c),
        }
    }

    #[inline]
    fn get(&self, i: usize) -> u32 {
        match self {
            Counts::Narrow(v) => u32::from(v[i]),
            Counts::Wide(v) => v[i],
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Counts::Narrow(v) => v.is_empty(),
            Counts::Wide(v) => v.is_empty(),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Counts::Narrow(v) => v.capacity() * 2,
            Counts::Wide(v) => v.capacity() * 4,
        }
    }

    /// `f(i, count)` for every count, in order.
    #[inline]
    fn each(&self, mut f: impl FnMut(usize, u32)) {
        match self {
            Counts::Narrow(v) => v.iter().enumerate().for_each(|(i, &c)| f(i, u32::from(c))),
            Counts::Wide(v) => v.iter().enumerate().for_each(|(i, &c)| f(i, c)),
        }
    }
}

/// What the re-score loop needs of a rule, looked up by index.
#[derive(Clone, Copy, PartialEq)]
struct Weight {
    counts: bool,
    fit: bool,
    points: i64,
    limit: i64,
    disqualify: bool,
    instant: bool,
}

impl HitCache {
    /// Reads every lead's events once under `model`'s conditions.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub(crate) fn build(data: &Dataset, model: &Model, as_of: Time) -> HitCache {
        let scorer = Scorer::new(data, model);
        let n = data.leads.leads.len();
        let mut starts = Vec::with_capacity(n + 1);
        let mut hits = Vec::new();
        let mut hit_counts = Counts::default();
        assert!(model.rules.len() < FRESH as usize);
        let mut day_index = Vec::with_capacity(n);
        let mut day_values = Vec::new();
        // Distinct engagement ages: by a table for the usual ones (0 up to
        // DAY_TABLE days), keyed as i64 for the rest (`None` as i64::MIN,
        // which no whole number of days reaches) in the activity log's
        // i64 -> u32 table type: an Option<i64> key would be a table
        // instance of its own.
        let mut near = vec![u32::MAX; DAY_TABLE];
        let mut seen: rustc_hash::FxHashMap<i64, u32> = Default::default();
        let mut gates = Vec::with_capacity(n);
        let mut by_rule = vec![RuleLeads::default(); model.rules.len()];
        let mut scratch = scorer.hit_scratch();
        starts.push(0);
        for lead in 0..n {
            let d = scorer.hits_into(lead, as_of, &mut scratch);
            for (rule, &hit) in scratch.hits.iter().enumerate() {
                if hit.count == 0 {
                    continue;
                }
                hits.push(rule as u32 | if hit.fresh { FRESH } else { 0 });
                hit_counts.push(hit.count);
                let r = &mut by_rule[rule];
                // Counts are kept from the first above 1 on (the ones
                // before it written then): most rules never have one.
                if hit.count > 1 && r.max_count <= 1 {
                    r.counts = Counts::Narrow(vec![1; r.leads.len()]);
                }
                r.max_count = r.max_count.max(hit.count);
                if r.max_count > 1 {
                    r.counts.push(hit.count);
                }
                r.leads.push(lead as u32);
            }
            starts.push(hits.len() as u32);
            let next = day_values.len() as u32;
            let slot = match d.and_then(|d| usize::try_from(d).ok()).filter(|&d| d < DAY_TABLE) {
                Some(d) => &mut near[d],
                None => seen.entry(d.unwrap_or(i64::MIN)).or_insert(u32::MAX),
            };
            if *slot == u32::MAX {
                *slot = next;
                day_values.push(d);
            }
            day_index.push(*slot);
            gates.push(scorer.gate(lead, as_of));
        }
        HitCache {
            as_of,
            whens: model.rules.iter().map(|r| r.when.clone()).collect(),
            horizon: decay::horizon(&model.decay),
            starts,
            hits,
            hit_counts,
            by_rule,
            day_index,
            day_values,
            gates,
            premature_days: model.feedback.premature_days,
            warnings: scorer.warnings,
        }
    }

    /// Bytes held.
    fn bytes(&self) -> usize {
        use std::mem::size_of;
        self.starts.capacity() * 4
            + self.hits.capacity() * 4
            + self.hit_counts.bytes()
            + self.by_rule.iter().map(|r| r.leads.capacity() * 4 + r.counts.bytes()).sum::<usize>()
            + self.day_index.capacity() * 4
            + self.day_values.capacity() * size_of::<Option<i64>>()
            + self.gates.capacity() * size_of::<Gate>()
    }

    /// Whether these hits hold for `model` as of `as_of`.
    pub(crate) fn fits(&self, model: &Model, as_of: Time) -> bool {
        self.as_of == as_of
            && self.horizon == decay::horizon(&model.decay)
            && self.premature_days == model.feedback.premature_days
            && self.whens.len() == model.rules.len()
            && self.whens.iter().zip(&model.rules).all(|(w, r)| *w == r.when)
    }

    /// Every lead's result under `model`'s points, flags and threshold.
    pub(crate) fn results(&self, model: &Model) -> Vec<LeadResult> {
        let weights = weights(model);
        let factors = self.factors(model);
        (0..self.gates.len())
            .map(|lead| {
                let (sums, flags) = self.sums(lead, &weights);
                self.finish(lead, sums, flags, model.threshold, &factors)
            })
            .collect()
    }

    /// Every lead's result under `model`, as columns (reusing their memory).
    pub(crate) fn columns_into(&self, model: &Model, cols: &mut Columns) {
        let weights = weights(model);
        cols.factors = self.factors(model);
        let n = self.gates.len();
        cols.clear(n);
        for lead in 0..n {
            let (sums, flags) = self.sums(lead, &weights);
            let r = self.finish(lead, sums, flags, model.threshold, &cols.factors);
            cols.push(&r, sums);
        }
    }

    /// Brings `cols`, the results under `before`, to what they are under
    /// `after`, touching only what changed: one rule's points move its
    /// leads' sums by the difference (score += delta x count, cap applied,
    /// status decided again), without reading their hits; other rule edits
    /// re-combine the leads the changed rules count for; a threshold move
    /// re-decides the MQL/nurture leads from the score column. Returns
    /// false (and leaves `cols` alone) when the change reaches every lead
    /// (a decay factor).
    pub(crate) fn update(&self, before: &Model, after: &Model, cols: &mut Columns) -> bool {
        let n = self.gates.len();
        if cols.score.len() != n || before.decay != after.decay || before.rules.len() != after.rules.len() {
            return false;
        }
        let (old, new) = (weights(before), weights(after));
        let changed: Vec<usize> = (0..new.len()).filter(|&r| old[r] != new[r]).collect();
        let reach: usize = changed.iter().map(|&r| self.by_rule[r].leads.len()).sum();
        let threshold = after.threshold;
        match changed[..] {
            // One rule's points: a delta per lead, no re-read of its hits.
            [rule] if Weight { points: old[rule].points, ..new[rule] } == old[rule] => {
                let (w0, w1) = (old[rule], new[rule]);
                if w1.counts {
                    self.shift_points(rule, w0, w1, &new, threshold, cols);
                }
            }
            _ if reach > n / 2 => return false,
            _ => {
                for &rule in &changed {
                    for &lead in &self.by_rule[rule].leads {
                        let lead = lead as usize;
                        let (sums, flags) = self.sums(lead, &new);
                        let r = self.finish(lead, sums, flags, threshold, &cols.factors);
                        cols.set(lead, &r, sums);
                    }
                }
            }
        }
        if before.threshold != threshold {
            cols.redecide(threshold);
        }
        true
    }

    /// A points change: per lead of the rule, its sums shifted, the score
    /// from them, the status if it is MQL or nurture.
    fn shift_points(&self, rule: usize, w0: Weight, w1: Weight, new: &[Weight], threshold: i32, cols: &mut Columns) {
        let r = &self.by_rule[rule];
        // No lead's score moves by more than this (a cap only narrows it).
        let step = (w1.points - w0.points).abs().saturating_mul(i64::from(r.max_count));
        let bound = cols.bound.saturating_add(step);
        let moved = if bound < i64::from(i32::MAX) {
            cols.bound = bound;
            shift_exact(r, w0, w1, threshold, &self.day_index, cols)
        } else {
            cols.bound = bound;
            self.shift_saturating(r, w0, w1, new, threshold, cols)
        };
        cols.counts[Status::Mql as usize] = cols.counts[Status::Mql as usize].wrapping_add_signed(moved);
        cols.counts[Status::Nurture as usize] = cols.counts[Status::Nurture as usize].wrapping_add_signed(-moved);
    }

    /// [`Self::shift_points`] when some sum may sit at its bound: each
    /// lead's sums shifted one by one, summed again from the hits where a
    /// sum saturated. Returns nurture -> MQL minus MQL -> nurture.
    fn shift_saturating(&self, r: &RuleLeads, w0: Weight, w1: Weight, new: &[Weight], threshold: i32, cols: &mut Columns) -> isize {
        let Columns { score, status, instant, sums, factors, .. } = cols;
        let mut moved = 0isize;
        for (i, &lead) in r.leads.iter().enumerate() {
            let lead = lead as usize;
            let count = r.count(i);
            let mut s = sums.get(lead);
            let shifted = s.shift(w1.fit, w0.contribution(count), w1.contribution(count));
            if !shifted {
                s = self.sums(lead, new).0;
            }
            // A fit rule leaves the decayed behavior as it was.
            if !(shifted && w1.fit) {
                s.kept = decay::apply(s.pos, factors[self.day_index[lead] as usize]);
            }
            sums.put(lead, s);
            let total = s.total(s.kept);
            score[lead] = total;
            moved += decide(&mut status[lead], instant[lead], total, threshold);
        }
        moved
    }

    fn factors(&self, model: &Model) -> Vec<f64> {
        self.day_values.iter().map(|d| d.map_or(1.0, |d| decay::factor(&model.decay, d))).collect()
    }

    /// One lead's sums from its hits: the same sums as [`crate::scoring::combine_gated`]
    /// (tests/workspace.rs holds them equal), with each rule's points, cap
    /// and flags looked up in `weights`.
    fn sums(&self, lead: usize, weights: &[Weight]) -> (Sums, Flags) {
        let mut s = Sums::default();
        let mut f = Flags::default();
        let span = self.starts[lead] as usize..self.starts[lead + 1] as usize;
        for k in span {
            let h = self.hits[k];
            let w = weights[(h & !FRESH) as usize];
            if !w.counts {
                continue;
            }
            let points = w.contribution(self.hit_counts.get(k));
            let (p, n) = if w.fit { (&mut s.fit_pos, &mut s.fit_neg) } else { (&mut s.pos, &mut s.neg) };
            if points >= 0 {
                *p = p.saturating_add(points);
            } else {
                *n = n.saturating_add(points);
            }
            f.disqualified |= w.disqualify;
            f.instant |= w.instant && h & FRESH != 0;
        }
        (s, f)
    }

    /// A lead's result from its sums, with the status and instant flag
    /// given (a row made from the columns).
    pub(crate) fn row(&self, lead: usize, s: Sums, status: Status, instant: bool, factors: &[f64]) -> LeadResult {
        let kept = decay::apply(s.pos, factors[self.day_index[lead] as usize]);
        LeadResult {
            score: s.total(kept),
            fit: s.fit_pos + s.fit_neg,
            behavior: kept + s.neg,
            decay_removed: s.pos - kept,
            status,
            instant,
            crossed_at: None,
        }
    }

    fn finish(&self, lead: usize, s: Sums, f: Flags, threshold: i32, factors: &[f64]) -> LeadResult {
        let mut r = self.row(lead, s, Status::Nurture, f.instant, factors);
        let gate = self.gates[lead];
        r.status = if f.disqualified {
            Status::Disqualified
        } else if gate.suppressed {
            Status::Suppressed
        } else if gate.recycled {
            Status::Recycled
        } else if f.instant || r.score >= threshold {
            Status::Mql
        } else {
            Status::Nurture
        };
        r
    }
}

/// [`HitCache::shift_points`] when no sum nor total can reach i32's bounds
/// (`Columns::bound`): plain adds, the score moved by the difference
/// itself for a fit rule. Column by column, so that each pass touches
/// only the columns it changes.
fn shift_exact(r: &RuleLeads, w0: Weight, w1: Weight, threshold: i32, day_index: &[u32], cols: &mut Columns) -> isize {
    let Columns { score, status, instant, sums, factors, .. } = cols;
    // How the positive and the negative sum change for a count.
    let split = |count: u32| {
        let part = |c: i32| if c >= 0 { (c, 0) } else { (0, c) };
        let ((p0, n0), (p1, n1)) = (part(w0.contribution(count)), part(w1.contribution(count)));
        (p1 - p0, n1 - n0)
    };
    let (pos, neg) = if w1.fit { (&mut sums.fit_pos, &mut sums.fit_neg) } else { (&mut sums.pos, &mut sums.neg) };
    let (dp, dn) = split(1);
    if r.counts.is_empty() {
        for (col, d) in [(pos, dp), (neg, dn)] {
            if d != 0 {
                for &lead in &r.leads {
                    col[lead as usize] += d;
                }
            }
        }
    } else {
        r.counts.each(|i, count| {
            let lead = r.leads[i] as usize;
            let (p, n) = split(count);
            pos[lead] += p;
            neg[lead] += n;
        });
    }
    let mut moved = 0isize;
    if w1.fit && r.counts.is_empty() {
        let d = dp + dn;
        for &lead in &r.leads {
            let lead = lead as usize;
            let total = score[lead] + d;
            score[lead] = total;
            moved += decide(&mut status[lead], instant[lead], total, threshold);
        }
    } else {
        let fit = w1.fit;
        let SumColumns { fit_pos, fit_neg, pos, neg, kept } = sums;
        for &lead in &r.leads {
            let lead = lead as usize;
            // A fit rule leaves the decayed behavior as it was.
            if !fit {
                kept[lead] = decay::apply(pos[lead], factors[day_index[lead] as usize]);
            }
            let total = fit_pos[lead] + fit_neg[lead] + kept[lead] + neg[lead];
            score[lead] = total;
            moved += decide(&mut status[lead], instant[lead], total, threshold);
        }
    }
    moved
}

const _: () = assert!(Status::Nurture as u8 == 0 && Status::Mql as u8 == 1);

/// MQL or nurture again for a lead that is one of the two (an instant MQL
/// stays one); other statuses stay. Returns the move: +1 nurture -> MQL,
/// -1 MQL -> nurture, else 0. Branch-free: it runs for every lead of a
/// threshold move.
#[inline(always)]
fn decide(st: &mut u8, instant: bool, total: i32, threshold: i32) -> isize {
    let was = *st;
    let now = u8::from(instant | (total >= threshold));
    let new = if was <= Status::Mql as u8 { now } else { was };
    *st = new;
    new as isize - was as isize
}

/// Each lead's [`Sums`], a column per sum: a points change touches only
/// the column of its rule's kind and sign.
#[derive(Default)]
struct SumColumns {
    fit_pos: Vec<i32>,
    fit_neg: Vec<i32>,
    pos: Vec<i32>,
    neg: Vec<i32>,
    kept: Vec<i32>,
}

impl SumColumns {
    fn get(&self, i: usize) -> Sums {
        Sums { fit_pos: self.fit_pos[i], fit_neg: self.fit_neg[i], pos: self.pos[i], neg: self.neg[i], kept: self.kept[i] }
    }

    fn put(&mut self, i: usize, s: Sums) {
        self.fit_pos[i] = s.fit_pos;
        self.fit_neg[i] = s.fit_neg;
        self.pos[i] = s.pos;
        self.neg[i] = s.neg;
        self.kept[i] = s.kept;
    }

    fn push(&mut self, s: Sums) {
        self.fit_pos.push(s.fit_pos);
        self.fit_neg.push(s.fit_neg);
        self.pos.push(s.pos);
        self.neg.push(s.neg);
        self.kept.push(s.kept);
    }

    fn clear(&mut self, n: usize) {
        for c in [&mut self.fit_pos, &mut self.fit_neg, &mut self.pos, &mut self.neg, &mut self.kept] {
            c.clear();
            c.reserve(n);
        }
    }
}

/// One lead's points before decay, by kind and sign (each a saturating
/// sum of same-signed terms, so a value short of its bound is exact), and
/// `pos` after decay as the columns keep it.
#[derive(Clone, Copy, Default)]
pub(crate) struct Sums {
    fit_pos: i32,
    fit_neg: i32,
    pos: i32,
    neg: i32,
    kept: i32,
}

/// The flags of the rules that count for a lead.
#[derive(Clone, Copy, Default)]
struct Flags {
    disqualified: bool,
    instant: bool,
}

impl Sums {
    /// The sum of the sums' sizes: while below i32::MAX for every lead, no
    /// sum has saturated and no total can.
    fn size(self) -> i64 {
        [self.fit_pos, self.fit_neg, self.pos, self.neg].iter().map(|&x| i64::from(x).abs()).sum()
    }

    /// The score, with `kept` the positive behavior left after decay.
    fn total(self, kept: i32) -> i32 {
        self.fit_pos.saturating_add(self.fit_neg).saturating_add(kept).saturating_add(self.neg)
    }

    /// Replaces one term `c0` by `c1` in the fit or behavior sums. False
    /// when a sum sits at its bound (it may have saturated, so its true
    /// value is unknown): the caller sums the lead again.
    fn shift(&mut self, fit: bool, c0: i32, c1: i32) -> bool {
        let (p, n) = if fit { (&mut self.fit_pos, &mut self.fit_neg) } else { (&mut self.pos, &mut self.neg) };
        if *p == i32::MAX || *n == i32::MIN {
            return false;
        }
        let (mut tp, mut tn) = (i64::from(*p), i64::from(*n));
        for (c, sign) in [(c0, -1i64), (c1, 1)] {
            if c >= 0 {
                tp += sign * i64::from(c);
            } else {
                tn += sign * i64::from(c);
            }
        }
        *p = tp.min(i64::from(i32::MAX)) as i32;
        *n = tn.max(i64::from(i32::MIN)) as i32;
        true
    }
}

/// The last run's results as columns: the score and status arrays the page
/// copies out, each lead's sums for delta updates, the decay factors, and
/// the counts by status kept up to date. Rows (`LeadResult`) are made from
/// them when something asks.
#[derive(Default)]
pub(crate) struct Columns {
    score: Vec<i32>,
    status: Vec<u8>,
    instant: Vec<bool>,
    sums: SumColumns,
    /// At least every lead's `Sums::size`.
    bound: i64,
    /// By `HitCache::day_values` index, under the model of the run.
    factors: Vec<f64>,
    counts: [usize; 5],
    /// MQLs by an instant rule.
    instant_mql: usize,
}

impl Columns {
    /// Bytes held.
    fn bytes(&self) -> usize {
        let s = &self.sums;
        self.score.capacity() * 4
            + self.status.capacity()
            + self.instant.capacity()
            + [&s.fit_pos, &s.fit_neg, &s.pos, &s.neg, &s.kept].iter().map(|c| c.capacity() * 4).sum::<usize>()
            + self.factors.capacity() * 8
    }

    fn clear(&mut self, n: usize) {
        self.score.clear();
        self.status.clear();
        self.instant.clear();
        self.sums.clear(n);
        self.bound = 0;
        self.counts = [0; 5];
        self.instant_mql = 0;
        self.score.reserve(n);
        self.status.reserve(n);
        self.instant.reserve(n);
    }

    fn push(&mut self, r: &LeadResult, sums: Sums) {
        let sums = Sums { kept: r.behavior - sums.neg, ..sums };
        self.score.push(r.score);
        self.status.push(r.status as u8);
        self.instant.push(r.instant);
        self.sums.push(sums);
        self.bound = self.bound.max(sums.size());
        self.counts[r.status as usize] += 1;
        self.instant_mql += usize::from(r.instant && r.status == Status::Mql);
    }

    fn set(&mut self, lead: usize, r: &LeadResult, sums: Sums) {
        let sums = Sums { kept: r.behavior - sums.neg, ..sums };
        let was = self.status[lead] as usize;
        self.counts[was] -= 1;
        self.instant_mql -= usize::from(self.instant[lead] && was == Status::Mql as usize);
        self.score[lead] = r.score;
        self.status[lead] = r.status as u8;
        self.instant[lead] = r.instant;
        self.sums.put(lead, sums);
        self.bound = self.bound.max(sums.size());
        self.counts[r.status as usize] += 1;
        self.instant_mql += usize::from(r.instant && r.status == Status::Mql);
    }

    fn status_of(&self, lead: usize) -> Status {
        const ALL: [Status; 5] = [Status::Nurture, Status::Mql, Status::Disqualified, Status::Suppressed, Status::Recycled];
        ALL[self.status[lead] as usize]
    }

    /// MQL or nurture again for every lead that is one of the two, from
    /// the score column (an instant MQL stays one).
    fn redecide(&mut self, threshold: i32) {
        let mut moved = 0isize;
        for ((st, &score), &instant) in self.status.iter_mut().zip(&self.score).zip(&self.instant) {
            moved += decide(st, instant, score, threshold);
        }
        self.counts[Status::Mql as usize] = self.counts[Status::Mql as usize].wrapping_add_signed(moved);
        self.counts[Status::Nurture as usize] = self.counts[Status::Nurture as usize].wrapping_add_signed(-moved);
    }

    /// Counts by status, as [`summarize`] gives them from the rows.
    fn summary(&self, model: &Model, as_of: Time, warnings: Vec<String>) -> Summary {
        let by = self.counts;
        Summary {
            as_of: format_time(as_of),
            threshold: model.threshold,
            leads: self.score.len(),
            mql: by[Status::Mql as usize],
            nurture: by[Status::Nurture as usize],
            disqualified: by[Status::Disqualified as usize],
            suppressed: by[Status::Suppressed as usize],
            recycled: by[Status::Recycled as usize],
            instant: self.instant_mql,
            warnings,
        }
    }
}

impl Weight {
    /// The points this rule gives a lead it counts `count` times for, capped.
    fn contribution(self, count: u32) -> i32 {
        (self.points * i64::from(count)).clamp(-self.limit, self.limit) as i32
    }
}

/// Each rule's points, cap and flags, for the re-score loop.
fn weights(model: &Model) -> Vec<Weight> {
    model
        .rules
        .iter()
        .map(|r| {
            let cap = match &r.when {
                When::Event(t) => t.cap,
                When::Number(t) => t.cap,
                When::Field(_) => None,
            };
            Weight {
                counts: r.enabled,
                fit: matches!(r.when, When::Field(_)),
                points: i64::from(r.points),
                limit: cap.map_or(i64::from(i32::MAX), i64::from),
                disqualify: r.disqualify,
                instant: r.instant_mql,
            }
        })
        .collect()
}

/// Counts by status of one run.
pub(crate) fn summarize(model: &Model, results: &[LeadResult], as_of: Time, warnings: Vec<String>) -> Summary {
    let mut by = [0usize; 5];
    for r in results {
        by[r.status as usize] += 1;
    }
    Summary {
        as_of: format_time(as_of),
        threshold: model.threshold,
        leads: results.len(),
        mql: by[Status::Mql as usize],
        nurture: by[Status::Nurture as usize],
        disqualified: by[Status::Disqualified as usize],
        suppressed: by[Status::Suppressed as usize],
        recycled: by[Status::Recycled as usize],
        instant: results.iter().filter(|r| r.status == Status::Mql && r.instant).count(),
        warnings,
    }
}

/// An outcome-log import: the usual counts, and the decisions whose lead
/// id matches no lead (kept; they join if those leads arrive later).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct OutcomeReport {
    #[cfg_attr(test, serde(flatten))]
    pub import: ImportReport,
    /// Leads that now have at least one decision.
    pub leads_with_decisions: usize,
    pub unknown_leads: Vec<Unmatched>,
    pub unknown_leads_not_listed: usize,
}
crate::json_object!(OutcomeReport { ..import, leads_with_decisions, unknown_leads, unknown_leads_not_listed });

/// One lead's fit fields that an update import changed.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct LeadChange {
    pub id: String,
    pub line: u32,
    pub changes: Vec<FieldChange>,
}
crate::json_object!(LeadChange { id, line, changes });

/// An update import: how many leads changed, were added or stayed, and
/// which fit fields changed for which leads.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct UpdateReport {
    #[cfg_attr(test, serde(flatten))]
    pub import: ImportReport,
    pub changed: usize,
    pub added: usize,
    pub unchanged: usize,
    /// Columns the newer export has that the leads did not.
    pub new_columns: Vec<String>,
    /// Leads whose fit fields changed, first 1000.
    pub fit_changes: Vec<LeadChange>,
    pub fit_changes_not_listed: usize,
}
crate::json_object!(UpdateReport { ..import, changed, added, unchanged, new_columns, fit_changes, fit_changes_not_listed });

/// Decisions by what sales said, for the feedback panel.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ReasonCount {
    /// `accepted`, `wrong_icp`, `premature`, `duplicate`, `unreachable`
    /// or `no_reason`.
    pub reason: &'static str,
    pub leads: usize,
    /// Of them, MQLs again now (returning).
    pub mql_now: usize,
    pub next_step: String,
}
crate::json_object!(ReasonCount { reason, leads, mql_now, next_step });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct MqlToSql {
    /// Leads with a decision in force that were MQLs before sales touched
    /// them (as of the earliest of first contact and first decision).
    pub decided_mqls: usize,
    pub accepted: usize,
    pub rate: Option<f64>,
    pub band: [f64; 2],
    /// `below`, `healthy`, `above` or `no_data`.
    pub verdict: &'static str,
    pub advice: &'static str,
}
crate::json_object!(MqlToSql { decided_mqls, accepted, rate, band, verdict, advice });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct FeedbackReport {
    pub as_of: String,
    pub leads_with_decisions: usize,
    /// Decisions made after as-of (ignored).
    pub decisions_after_as_of: usize,
    pub by_reason: Vec<ReasonCount>,
    pub suppressed: usize,
    pub recycled: usize,
    pub returning: usize,
    pub mql_to_sql: MqlToSql,
    /// Decided leads with no time to cut at, scored at as-of instead.
    pub scored_at_as_of: usize,
    pub unknown_leads: usize,
}
crate::json_object!(FeedbackReport { as_of, leads_with_decisions, decisions_after_as_of, by_reason, suppressed, recycled, returning, mql_to_sql, scored_at_as_of, unknown_leads });

/// An update import as given: the file, its column mapping, its status words.
type LeadUpdate = (Vec<u8>, Vec<(String, Option<String>)>, StatusMapping);

pub struct Workspace {
    data: Dataset,
    model: Model,
    /// The lead file as given, so a changed column mapping re-reads it
    /// without asking the user for the file again.
    lead_source: Vec<u8>,
    /// Update imports applied since (file, mapping, status mapping), so a
    /// remap re-applies them instead of losing them.
    lead_updates: Vec<LeadUpdate>,
    /// The last activity file and where its rows start in the log, for the
    /// same reason.
    activity_source: Vec<u8>,
    /// The last outcome log and where its rows start, to re-read it under
    /// a changed status-word mapping.
    outcome_source: Vec<u8>,
    outcome_start: usize,
    /// The results of the last run as columns (scores, statuses, sums,
    /// counts): what a slider move reads and writes.
    cols: Columns,
    /// The same results as rows, made from the columns when something asks
    /// for them (handoff, exports, a sort by fit); crossing times go here.
    rows: OnceCell<Vec<LeadResult>>,
    as_of: Option<Time>,
    /// The results before the last `set_model`, with the model and as-of
    /// time they were combined under: the next `score` at the same time
    /// updates only what the model change reaches.
    previous: Option<(Model, Time, Columns)>,
    last_score_updated: bool,
    cache: Option<HitCache>,
    /// Crossing times are filled lazily (they cost a search per MQL).
    crossings_done: bool,
    /// The last `compare`, for paging its changed leads.
    comparison: Option<compare::Comparison>,
    /// Streaming import: the one in progress, the memory it may use, and
    /// what the loaded data holds (see [`Held`]).
    import: Option<(ImportKind, ImportStream)>,
    memory_limit: usize,
    held: Held,
}

/// Memory the loaded data holds, as the imports estimated it (the base
/// against which a new import is checked), and which files were streamed
/// (those are not kept, so a remap must stream them again).
#[derive(Default)]
struct Held {
    leads: usize,
    activities: usize,
    last_activities: usize,
    outcomes: usize,
    streamed_leads: bool,
    streamed_activities: bool,
    streamed_outcomes: bool,
}

impl Held {
    fn total(&self) -> usize {
        self.leads + self.activities + self.outcomes
    }
}

/// What `finish_import` gives: the same report as the one-shot import.
#[derive(Debug)]
#[cfg_attr(test, derive(serde::Serialize), serde(untagged))]
pub enum Finished {
    Import(ImportReport),
    Outcomes(OutcomeReport),
}

impl crate::json::ToJson for Finished {
    fn write_json(&self, out: &mut String) {
        match self {
            Finished::Import(r) => r.write_json(out),
            Finished::Outcomes(r) => r.write_json(out),
        }
    }
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

/// What a one-shot import feeds at a time (the page streams 1 MiB too).
const ONE_SHOT_SLICE: usize = 1 << 20;
const NOT_SCORED: &str = "the leads are not scored yet: call score(asOf) first";
const IMPORT_RUNNING: &str = "an import is running: finish it (finishImport) or cancel it (cancelImport) first";
const STREAMED_REMAP: &str =
    "this file was streamed in chunks and is not kept in memory: import it again with the new mapping (beginImport(kind, mapping))";

impl Workspace {
    /// An empty workspace with the seed example model.
    pub fn new() -> Self {
        Workspace {
            data: Dataset::default(),
            model: Model::seed_example(),
            lead_source: Vec::new(),
            lead_updates: Vec::new(),
            activity_source: Vec::new(),
            outcome_source: Vec::new(),
            outcome_start: 0,
            cols: Columns::default(),
            rows: OnceCell::new(),
            as_of: None,
            previous: None,
            last_score_updated: false,
            cache: None,
            crossings_done: false,
            comparison: None,
            import: None,
            memory_limit: import::DEFAULT_MEMORY_LIMIT,
            held: Held::default(),
        }
    }

    /// Replaces the lead table (and activities nested in it). Cost: one
    /// pass over the file plus a re-join of the activity log.
    pub fn import_leads(&mut self, input: &[u8], mapping: &Mapping) -> Result<ImportReport, Error> {
        self.import_leads_with(input, mapping, &StatusMapping::default())
    }

    /// [`Self::import_leads`] with a status-word mapping for a CRM status
    /// column (`Lead Status`).
    pub fn import_leads_with(&mut self, input: &[u8], mapping: &Mapping, status: &StatusMapping) -> Result<ImportReport, Error> {
        let (imported, held) = self.one_shot(ImportKind::Leads, input, mapping, status)?;
        let Imported::Leads(table, report) = imported else { unreachable!("a lead import gives leads") };
        Ok(self.accept_leads(table, report, input.to_vec(), held + input.len()))
    }

    fn accept_leads(&mut self, table: crate::dataset::LeadTable, mut report: ImportReport, source: Vec<u8>, held: usize) -> ImportReport {
        self.data.leads = table;
        self.data.outcomes.reset_snapshots();
        self.held.streamed_leads = source.is_empty();
        self.held.leads = held;
        self.lead_source = source;
        self.lead_updates.clear();
        self.data.relink();
        report.unmatched_activities = self.data.activities.unmatched_events().len();
        self.invalidate();
        report
    }

    /// A whole file, under the memory limit; gives what it read and the
    /// memory it holds.
    fn one_shot(&mut self, kind: ImportKind, input: &[u8], mapping: &Mapping, status: &StatusMapping) -> Result<(Imported, usize), Error> {
        if self.import.is_some() {
            return Err(Error::new(IMPORT_RUNNING));
        }
        let base = self.held.total() + input.len();
        let log = &mut self.data.activities;
        let mut stream = ImportStream::begin(Spec::new(kind, mapping, status), Some(input.len() as u64), base, self.memory_limit, log);
        // Fed in slices, as a stream is: the first slice lets the import
        // reserve room for all rows (no doubling of the big buffers), and
        // only that slice is copied while the header line is looked for.
        // The same result as one chunk (tests/streaming.rs cuts files at
        // every offset).
        for slice in input.chunks(ONE_SHOT_SLICE) {
            if let Err(e) = stream.feed(slice, log) {
                stream.abort(log);
                return Err(e);
            }
        }
        let held = stream.held_bytes(log);
        Ok((stream.finish(log)?, held))
    }

    /// Reads the last lead file again under a new column mapping.
    pub fn remap_leads(&mut self, mapping: &Mapping) -> Result<ImportReport, Error> {
        self.remap_leads_with(mapping, &StatusMapping::default())
    }

    pub fn remap_leads_with(&mut self, mapping: &Mapping, status: &StatusMapping) -> Result<ImportReport, Error> {
        if self.lead_source.is_empty() {
            return Err(Error::new(if self.held.streamed_leads {
                STREAMED_REMAP
            } else {
                "no lead file to remap: import leads first"
            }));
        }
        let source = std::mem::take(&mut self.lead_source);
        let updates = std::mem::take(&mut self.lead_updates);
        let result = self.import_leads_with(&source, mapping, status);
        if result.is_err() {
            self.lead_source = source;
            self.lead_updates = updates;
            return result;
        }
        // The newer exports merged since come back on top, each under its
        // own mapping: a remap never loses an update.
        for (file, map, words) in &updates {
            self.update_leads(file, map, words)?;
        }
        result
    }

    /// Adds an activity-log file to those already imported.
    pub fn import_activities(&mut self, input: &[u8], mapping: &Mapping) -> Result<ImportReport, Error> {
        let (imported, held) = self.one_shot(ImportKind::Activities, input, mapping, &StatusMapping::default())?;
        let Imported::Activities(report) = imported else { unreachable!("an activity import gives activities") };
        Ok(self.accept_activities(report, input.to_vec(), held + input.len()))
    }

    fn accept_activities(&mut self, mut report: ImportReport, source: Vec<u8>, held: usize) -> ImportReport {
        self.held.streamed_activities = source.is_empty();
        self.activity_source = source;
        self.data.activities.end_file();
        // The import counted its rows as read (four words each); joined to
        // a lead they keep three.
        let before = self.data.activities.event_bytes();
        self.data.relink();
        let held = (held + self.data.activities.event_bytes()).saturating_sub(before);
        self.held.activities += held;
        self.held.last_activities = held;
        report.unmatched_activities = self.data.activities.unmatched_events().len();
        self.invalidate();
        report
    }

    /// Reads the last activity file again under a new column mapping, in
    /// place of the rows it gave before.
    pub fn remap_activities(&mut self, mapping: &Mapping) -> Result<ImportReport, Error> {
        if self.activity_source.is_empty() {
            return Err(Error::new(if self.held.streamed_activities {
                STREAMED_REMAP
            } else {
                "no activity file to remap: import activities first"
            }));
        }
        let (first, removed) = self.data.activities.take_last_file();
        let source = std::mem::take(&mut self.activity_source);
        let last = self.held.last_activities;
        self.held.activities -= last;
        let result = self.import_activities(&source, mapping);
        if result.is_err() {
            self.data.activities.put_back(first, removed);
            self.data.relink();
            self.activity_source = source;
            self.held.activities += last;
        }
        result
    }

    /// Adds an outcome log (one sales decision per row, several per lead).
    pub fn import_outcomes(&mut self, input: &[u8], mapping: &Mapping, status: &StatusMapping) -> Result<OutcomeReport, Error> {
        let (imported, held) = self.one_shot(ImportKind::Outcomes, input, mapping, status)?;
        let Imported::Outcomes(rows, report) = imported else { unreachable!("an outcome import gives outcomes") };
        Ok(self.accept_outcomes(rows, report, input.to_vec(), held + input.len()))
    }

    fn accept_outcomes(&mut self, rows: Vec<crate::dataset::OutcomeRow>, report: ImportReport, source: Vec<u8>, held: usize) -> OutcomeReport {
        let start = self.data.outcomes.rows.len();
        self.data.outcomes.rows.extend(rows);
        self.held.streamed_outcomes = source.is_empty();
        self.held.outcomes += held;
        self.outcome_source = source;
        self.outcome_start = start;
        self.data.outcomes.link(&self.data.leads);
        self.invalidate();
        let log = &self.data.outcomes;
        let unknown: Vec<Unmatched> = log
            .unmatched
            .iter()
            .filter(|&&r| r as usize >= start)
            .map(|&r| {
                let row = &log.rows[r as usize];
                Unmatched { line: row.line, lead_id: row.key.to_string() }
            })
            .collect();
        let listed = unknown.len().min(import::MAX_LISTED_ERRORS);
        OutcomeReport {
            import: report,
            leads_with_decisions: log.offsets.windows(2).filter(|w| w[1] > w[0]).count(),
            unknown_leads_not_listed: unknown.len() - listed,
            unknown_leads: unknown.into_iter().take(listed).collect(),
        }
    }

    /// Reads the last outcome log again (a changed column or status-word
    /// mapping), in place of the rows it gave before.
    pub fn remap_outcomes(&mut self, mapping: &Mapping, status: &StatusMapping) -> Result<OutcomeReport, Error> {
        if self.outcome_source.is_empty() {
            return Err(Error::new(if self.held.streamed_outcomes {
                STREAMED_REMAP
            } else {
                "no outcome log to remap: import outcomes first"
            }));
        }
        let removed = self.data.outcomes.rows.split_off(self.outcome_start);
        let source = std::mem::take(&mut self.outcome_source);
        let result = self.import_outcomes(&source, mapping, status);
        if result.is_err() {
            self.data.outcomes.rows.extend(removed);
            self.outcome_source = source;
            self.data.outcomes.link(&self.data.leads);
        }
        result
    }

    /// Forgets every outcome log (the lead table's own decisions stay).
    pub fn clear_outcomes(&mut self) {
        self.held.outcomes = 0;
        self.held.streamed_outcomes = false;
        self.outcome_source.clear();
        self.outcome_start = 0;
        self.data.outcomes.rows.clear();
        self.data.outcomes.link(&self.data.leads);
        self.invalidate();
    }

    /// Merges a newer export of the lead table by id: changed cells replace
    /// the old ones (the old row is kept as a version, so a wrong-ICP
    /// rejection can tell whether a fit field changed), new ids are added,
    /// columns the newer file lacks keep their values.
    pub fn update_leads(&mut self, input: &[u8], mapping: &Mapping, status: &StatusMapping) -> Result<UpdateReport, Error> {
        use crate::dataset::{lead_key, normalize_header, Column};
        if self.data.leads.leads.is_empty() {
            return Err(Error::new("no leads to update: import the lead table first, then the newer export"));
        }
        let mut scratch = crate::dataset::ActivityLog::default();
        let (table, mut report) = import::import_leads_with(input, mapping, status, &mut scratch)?;
        report.kind = "update";
        let leads = &mut self.data.leads;
        // Where each column of the newer file goes: the column feeding the
        // same field, else the same header, else a new column.
        let mut new_columns = Vec::new();
        let mut target: Vec<usize> = Vec::with_capacity(table.columns.len());
        for c in &table.columns {
            let found = match c.field {
                Some(f) => leads.field_column(f),
                None => leads.columns.iter().position(|o| o.field.is_none() && normalize_header(&o.header) == normalize_header(&c.header)),
            };
            let t = match found {
                Some(t) => t,
                None => {
                    leads.columns.push(Column { header: c.header.clone(), field: c.field });
                    leads.cells.push(crate::dataset::Cells::empty(leads.leads.len(), c.field));
                    new_columns.push(c.header.clone());
                    leads.columns.len() - 1
                }
            };
            target.push(t);
        }
        let present: Vec<Field> = table.columns.iter().filter_map(|c| c.field).collect();
        let has = |f: Field| present.contains(&f);
        let decides = has(Field::SalesOutcome) || has(Field::RejectionReason);
        let (mut changed_leads, mut added, mut unchanged) = (Vec::new(), 0usize, 0usize);
        let (id_col, email_col) = (leads.field_column(Field::Id), leads.field_column(Field::Email));
        for (n, new) in table.leads.iter().cloned().enumerate() {
            match leads.find(&lead_key(table.id(n))).map(|i| i as usize) {
                Some(i) => {
                    let cells_changed = target.iter().enumerate().any(|(c, &t)| table.cells[c].get(n) != leads.cells[t].get(i));
                    let old = &mut leads.leads[i];
                    let mut decision = old.decision;
                    let mut rejected_at = old.rejected_at;
                    if decides {
                        decision = new.decision;
                    }
                    if has(Field::RejectedAt) {
                        rejected_at = new.rejected_at;
                    }
                    let decision_changed = (decision, rejected_at) != (old.decision, old.rejected_at);
                    if !cells_changed && !decision_changed {
                        unchanged += 1;
                        continue;
                    }
                    leads.push_version(i);
                    // The lead keeps its id and keys when its id or email cell changes.
                    let keys_change = target
                        .iter()
                        .enumerate()
                        .any(|(c, &t)| (Some(t) == id_col || Some(t) == email_col) && table.cells[c].get(n) != leads.cells[t].get(i));
                    if keys_change {
                        leads.pin_keys(i as u32);
                    }
                    for (c, &t) in target.iter().enumerate() {
                        leads.cells[t].set(i, &table.cells[c].get(n));
                    }
                    let old = &mut leads.leads[i];
                    if has(Field::CompanySize) {
                        old.company_size = new.company_size;
                    }
                    if has(Field::CreatedAt) {
                        old.created_at = new.created_at;
                    }
                    if has(Field::FirstContactAt) {
                        old.first_contact_at = new.first_contact_at;
                    }
                    if has(Field::Converted) {
                        old.converted = new.converted;
                    }
                    old.rejected_at = rejected_at;
                    if decision_changed {
                        old.decision = decision;
                        leads.decision_now(i);
                    }
                    changed_leads.push(i);
                }
                None => {
                    let i = leads.leads.len() as u32;
                    let mut from: Vec<Option<usize>> = vec![None; leads.cells.len()];
                    for (c, &t) in target.iter().enumerate() {
                        from[t] = Some(c);
                    }
                    for (t, f) in from.iter().enumerate() {
                        leads.cells[t].push(&f.map_or("".into(), |c| table.cells[c].get(n)));
                    }
                    leads.leads.push(new);
                    leads.file_id(i);
                    leads.file_email(i);
                    added += 1;
                }
            }
        }
        self.data.relink();
        self.invalidate();
        self.lead_updates.push((input.to_vec(), mapping.to_vec(), status.clone()));
        let scorer = Scorer::new(&self.data, &self.model);
        let mut fit_changes = Vec::new();
        let mut not_listed = 0;
        for &i in &changed_leads {
            let lead = &self.data.leads.leads[i];
            let changes = scorer.fit_changes(i, self.data.leads.version(i) - 1);
            if changes.is_empty() {
                continue;
            }
            if fit_changes.len() < import::MAX_LISTED_ERRORS {
                fit_changes.push(LeadChange { id: self.data.leads.id(i).to_string(), line: lead.line, changes });
            } else {
                not_listed += 1;
            }
        }
        Ok(UpdateReport {
            import: report,
            changed: changed_leads.len(),
            added,
            unchanged,
            new_columns,
            fit_changes,
            fit_changes_not_listed: not_listed,
        })
    }

    /// Drops every activity-log file (nested JSON activities stay).
    pub fn clear_activities(&mut self) {
        self.held.activities = 0;
        self.held.last_activities = 0;
        self.held.streamed_activities = false;
        self.activity_source.clear();
        self.data.activities.clear_files();
        self.data.relink();
        self.invalidate();
    }

    /// Activities whose lead id matches no lead (the first 1000).
    pub fn unmatched_activities(&self) -> Vec<Unmatched> {
        let log = &self.data.activities;
        log.unmatched_events()
            .iter()
            .take(import::MAX_LISTED_ERRORS)
            .map(|e| Unmatched { line: log.line(&e), lead_id: log.keys.resolve(e.key).to_string() })
            .collect()
    }

    // ------------------------------------------------------------ streaming

    /// Starts a streaming import of a lead table (replaces the leads), an
    /// activity log (added) or an outcome log (added): then [`Self::feed`]
    /// the file chunk by chunk and [`Self::finish_import`]. `total_bytes`,
    /// when known, lets the import refuse a file that will not fit early and
    /// make room for it at once. Until the finish, the loaded data is as it was.
    pub fn begin_import(&mut self, kind: ImportKind, mapping: &Mapping, status: &StatusMapping, total_bytes: Option<u64>) -> Result<(), Error> {
        if self.import.is_some() {
            return Err(Error::new(IMPORT_RUNNING));
        }
        let spec = Spec::new(kind, mapping, status);
        let stream = ImportStream::begin(spec, total_bytes, self.held.total(), self.memory_limit, &self.data.activities);
        self.import = Some((kind, stream));
        Ok(())
    }

    /// The next chunk of the file (any size; rows and quoted fields may
    /// span chunks). An error ends the import and leaves the data as it was.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), Error> {
        let Some((_, stream)) = self.import.as_mut() else {
            return Err(Error::new("no import is running: call beginImport(kind) first"));
        };
        let r = stream.feed(chunk, &mut self.data.activities);
        if r.is_err() {
            if let Some((_, stream)) = self.import.take() {
                stream.abort(&mut self.data.activities);
            }
        }
        r
    }

    /// Ends the file: applies it and returns the same report as the
    /// one-shot import. On an error the data stays as it was.
    pub fn finish_import(&mut self) -> Result<Finished, Error> {
        let Some((_, stream)) = self.import.take() else {
            return Err(Error::new("no import is running: call beginImport(kind) first"));
        };
        let held = stream.held_bytes(&self.data.activities);
        Ok(match stream.finish(&mut self.data.activities)? {
            Imported::Leads(table, report) => Finished::Import(self.accept_leads(table, report, Vec::new(), held)),
            Imported::Activities(report) => Finished::Import(self.accept_activities(report, Vec::new(), held)),
            Imported::Outcomes(rows, report) => Finished::Outcomes(self.accept_outcomes(rows, report, Vec::new(), held)),
        })
    }

    /// Stops the import in progress; the data stays as it was. Returns
    /// whether one was running.
    pub fn cancel_import(&mut self) -> bool {
        match self.import.take() {
            Some((_, stream)) => {
                stream.abort(&mut self.data.activities);
                true
            }
            None => false,
        }
    }

    /// Memory the import in progress holds so far (an estimate; 0 when none).
    pub fn import_held(&self) -> usize {
        self.import.as_ref().map_or(0, |(_, s)| s.held_bytes(&self.data.activities))
    }

    /// Bytes fed to the import in progress (0 when none).
    pub fn import_bytes_read(&self) -> u64 {
        self.import.as_ref().map_or(0, |(_, s)| s.bytes_read())
    }

    /// The memory the workspace may use for its data (bytes); an import
    /// that would pass it stops with a message. Default
    /// [`import::DEFAULT_MEMORY_LIMIT`].
    pub fn set_memory_limit(&mut self, bytes: usize) {
        self.memory_limit = bytes;
    }

    pub fn memory_limit(&self) -> usize {
        self.memory_limit
    }

    /// Bytes each part of the loaded data holds (see [`Dataset::memory_parts`]).
    pub fn memory_parts(&self) -> Vec<(&'static str, usize)> {
        let mut parts = self.data.memory_parts();
        let cols = self.cols.bytes() + self.previous.as_ref().map_or(0, |p| p.2.bytes());
        parts.push(("score columns", cols));
        parts.push(("score rows", self.rows.get().map_or(0, |r| r.capacity() * std::mem::size_of::<LeadResult>())));
        parts.push(("hit cache", self.cache.as_ref().map_or(0, HitCache::bytes)));
        parts
    }

    /// The memory the loaded data holds, as the imports estimated it.
    pub fn memory_held(&self) -> usize {
        self.held.total()
    }

    pub fn set_model_json(&mut self, json: &str) -> Result<(), Error> {
        self.set_model(Model::from_json(json)?);
        Ok(())
    }

    /// Replaces the model. Scores stay until the next `score`; the hit
    /// cache stays valid if only points, flags, threshold or decay factors
    /// changed.
    pub fn set_model(&mut self, model: Model) {
        let before = std::mem::replace(&mut self.model, model);
        if let Some(as_of) = self.as_of.take() {
            self.previous = Some((before, as_of, std::mem::take(&mut self.cols)));
        }
        self.cols = Columns::default();
        self.rows = OnceCell::new();
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Whether the last `score` updated the results before it in place
    /// (a threshold or points change) instead of combining every lead.
    #[doc(hidden)]
    pub fn last_score_updated(&self) -> bool {
        self.last_score_updated
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    fn invalidate(&mut self) {
        self.cols = Columns::default();
        self.rows = OnceCell::new();
        self.as_of = None;
        self.previous = None;
        self.cache = None;
        self.comparison = None;
    }

    /// Scores every lead as of `as_of`; events after it are ignored.
    ///
    /// Cost: reading every lead's events once when the data, the as-of time
    /// or a rule's condition changed; otherwise only integer work per lead
    /// and rule (a points or threshold change). Crossing times come later,
    /// when something asks for them.
    pub fn score(&mut self, as_of: Time) -> Summary {
        let mut fresh = false;
        if !self.cache.as_ref().is_some_and(|c| c.fits(&self.model, as_of)) {
            self.cache = Some(HitCache::build(&self.data, &self.model, as_of));
            fresh = true;
        }
        let cache = self.cache.as_ref().expect("filled above");
        let updated = match self.previous.take() {
            Some((before, at, mut cols)) => {
                let ok = !fresh && at == as_of && cache.update(&before, &self.model, &mut cols);
                self.cols = cols; // updated, or its memory reused below
                ok
            }
            None => false,
        };
        if !updated {
            cache.columns_into(&self.model, &mut self.cols);
        }
        self.rows = OnceCell::new();
        self.last_score_updated = updated;
        self.as_of = Some(as_of);
        self.crossings_done = false;
        self.cols.summary(&self.model, as_of, cache.warnings.clone())
    }

    /// Runs two models (model JSON) on the leads as of `as_of`: each one's
    /// counts exactly as `set_model` + `score` would give, the status
    /// transitions, and quality against outcomes. The workspace's own model
    /// and results stay as they were; the changed leads are kept for
    /// [`Self::changed_rows`].
    pub fn compare(&mut self, model_a: &str, model_b: &str, as_of: Time) -> Result<compare::CompareReport, Error> {
        let a = Model::from_json(model_a).map_err(|e| Error::new(format!("model A: {e}")))?;
        let b = Model::from_json(model_b).map_err(|e| Error::new(format!("model B: {e}")))?;
        let (kept, report) = compare::run(&self.data, a, b, as_of, self.cache.as_ref());
        self.comparison = Some(kept);
        Ok(report)
    }

    /// One lead explained under model A (`b` false) or B of the last
    /// comparison, as of its as-of: the two explanations side by side.
    pub fn compare_explain(&self, index: usize, b: bool) -> Result<Explanation, Error> {
        let c = self.comparison.as_ref().ok_or_else(|| Error::new("no comparison yet: call compare(modelA, modelB, asOf) first"))?;
        if index >= self.lead_count() {
            return Err(Error::new(format!("no lead at index {index}: there are {} leads", self.lead_count())));
        }
        Ok(Scorer::new(&self.data, if b { &c.model_b } else { &c.model_a }).explain(index, c.as_of))
    }

    /// One page of the last comparison's changed leads, with why each changed.
    pub fn changed_rows(&self, offset: usize, limit: usize, options: &compare::PageOptions) -> Result<compare::ChangedPage, Error> {
        let c = self.comparison.as_ref().ok_or_else(|| Error::new("no comparison yet: call compare(modelA, modelB, asOf) first"))?;
        c.changed_rows(&self.data, offset, limit, options)
    }

    /// Per step `[s, e)` from `from` to `to`: under each model, the MQLs as
    /// of `e` that crossed inside the step and how they did.
    pub fn replay(&self, model_a: &str, model_b: &str, from: Time, to: Time, step_days: u32) -> Result<compare::ReplayReport, Error> {
        let a = Model::from_json(model_a).map_err(|e| Error::new(format!("model A: {e}")))?;
        let b = Model::from_json(model_b).map_err(|e| Error::new(format!("model B: {e}")))?;
        compare::replay(&self.data, &a, &b, from, to, step_days)
    }

    /// The calibration report (SPEC 6) of the current model, as of the
    /// last scoring run.
    pub fn calibrate(&self, opts: &calibration::Options) -> Result<calibration::Report, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        Ok(calibration::calibrate(&self.data, &self.model, as_of, opts))
    }

    /// A model fitted to the outcomes, from the current rules or from the
    /// columns, measured on held-out leads; as of the last scoring run.
    pub fn suggest_model(&self, opts: &calibration::SuggestOptions) -> Result<calibration::SuggestReport, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        calibration::suggest_model(&self.data, &self.model, as_of, opts)
    }

    /// Results of the last run with crossing times, in lead order (empty
    /// before `score`).
    pub fn results(&mut self) -> &[LeadResult] {
        self.ensure_crossings();
        self.rows_all()
    }

    /// Results of the last run without crossing times (never computes them).
    pub fn results_fast(&self) -> &[LeadResult] {
        self.rows_all()
    }

    /// Every lead's row, made from the columns on first need after a run.
    fn rows_all(&self) -> &[LeadResult] {
        self.rows.get_or_init(|| match (&self.cache, self.as_of) {
            (Some(cache), Some(_)) => (0..self.cols.score.len()).map(|i| self.row_of(cache, i)).collect(),
            _ => Vec::new(),
        })
    }

    fn row_of(&self, cache: &HitCache, i: usize) -> LeadResult {
        let c = &self.cols;
        cache.row(i, c.sums.get(i), c.status_of(i), c.instant[i], &c.factors)
    }

    /// The results with crossing times, without caching them (for `&self`).
    fn results_with_crossings(&self) -> Vec<LeadResult> {
        let mut results = self.rows_all().to_vec();
        if let (Some(as_of), false) = (self.as_of, self.crossings_done) {
            let scorer = Scorer::new(&self.data, &self.model);
            for (i, r) in results.iter_mut().enumerate() {
                if r.status == Status::Mql {
                    r.crossed_at = scorer.crossed_at(i, as_of);
                }
            }
        }
        results
    }

    fn ensure_crossings(&mut self) {
        let Some(as_of) = self.as_of else { return };
        if self.crossings_done {
            return;
        }
        self.rows_all();
        let scorer = Scorer::new(&self.data, &self.model);
        for (i, r) in self.rows.get_mut().expect("made above").iter_mut().enumerate() {
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
        let needle = crate::lowercase::lowercase(search.trim());
        let text = |i: usize, f: Field| crate::lowercase::lowercase(&leads.value(i, f));
        let status = &self.cols.status;
        let mut keep: Vec<u32> = (0..status.len() as u32)
            .filter(|&i| status_mask == 0 || status_mask & (1 << status[i as usize] as u32) != 0)
            .filter(|&i| {
                let i = i as usize;
                needle.is_empty()
                    || crate::lowercase::lowercase(leads.id(i)).contains(&needle)
                    || crate::lowercase::lowercase(&leads.display_name(i)).contains(&needle)
                    || [Field::Email, Field::Company, Field::Title].iter().any(|&f| text(i, f).contains(&needle))
            })
            .collect();
        match sort_by {
            "score" => {
                let score = &self.cols.score;
                sort_by_small_int(&mut keep, |i| score[i as usize], descending);
            }
            "fit" | "behavior" => {
                let r = self.rows_all();
                let field: fn(&LeadResult) -> i32 = match sort_by {
                    "score" => |x| x.score,
                    "fit" => |x| x.fit,
                    _ => |x| x.behavior,
                };
                sort_by_small_int(&mut keep, |i| field(&r[i as usize]), descending);
            }
            "crossed_at" => {
                let r = self.rows_all();
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
                    .map(|&i| if sort_by == "name" { crate::lowercase::lowercase(&leads.display_name(i as usize)) } else { text(i as usize, Field::Company) })
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

    /// Positions `[start, start + count)` of [`Self::order`] and the length
    /// of the whole order. Sorted by score without a search (the table's
    /// view after every slider move), it sorts nothing: one pass over the
    /// score column finds the range, one counts leads per score, one picks
    /// the leads of the scores the window covers, ties in file order.
    pub fn order_window(
        &mut self,
        sort_by: &str,
        descending: bool,
        status_mask: u32,
        search: &str,
        start: usize,
        count: usize,
    ) -> Result<(usize, Vec<u32>), Error> {
        if self.as_of.is_none() {
            return Err(Error::new(NOT_SCORED));
        }
        let (score, status) = (&self.cols.score, &self.cols.status);
        let keeps = |i: usize| status_mask == 0 || status_mask & (1 << status[i]) != 0;
        let (mut lo, mut hi, mut total) = (i32::MAX, i32::MIN, 0usize);
        for (i, &s) in score.iter().enumerate() {
            if keeps(i) {
                (lo, hi, total) = (lo.min(s), hi.max(s), total + 1);
            }
        }
        let span = (i64::from(hi) - i64::from(lo) + 1).max(0) as usize;
        if sort_by != "score" || !search.trim().is_empty() || span > (1 << 20) {
            let o = self.order(sort_by, descending, status_mask, search)?;
            let from = start.min(o.len());
            return Ok((o.len(), o[from..(from + count).min(o.len())].to_vec()));
        }
        let end = start.saturating_add(count).min(total);
        if start >= end {
            return Ok((total, Vec::new()));
        }
        let rank = |s: i32| if descending { (hi - s) as usize } else { (s - lo) as usize };
        let mut per = vec![0usize; span];
        for (i, &s) in score.iter().enumerate() {
            if keeps(i) {
                per[rank(s)] += 1;
            }
        }
        // The ranks (scores) the window covers, and how far into the first.
        let (mut first, mut before) = (0, 0);
        while before + per[first] <= start {
            before += per[first];
            first += 1;
        }
        let (mut last, mut through) = (first, before + per[first]);
        while through < end {
            last += 1;
            through += per[last];
        }
        let mut at = vec![0usize; last - first + 2];
        for r in first..=last {
            at[r - first + 1] = at[r - first] + per[r];
        }
        let mut picked = vec![0u32; at[last - first + 1]];
        for (i, &s) in score.iter().enumerate() {
            let r = rank(s);
            if (first..=last).contains(&r) && keeps(i) {
                picked[at[r - first]] = i as u32;
                at[r - first] += 1;
            }
        }
        let skip = start - before;
        Ok((total, picked[skip..skip + (end - start)].to_vec()))
    }

    /// Table rows for the given lead indices (the visible ones).
    pub fn rows(&self, indices: &[u32]) -> Result<Vec<Row>, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        let scorer = (!self.crossings_done).then(|| Scorer::new(&self.data, &self.model));
        let leads = &self.data.leads;
        let cache = self.cache.as_ref().ok_or_else(|| Error::new(NOT_SCORED))?;
        indices
            .iter()
            .map(|&i| {
                let i = i as usize;
                if i >= self.cols.score.len() {
                    return Err(Error::new(format!("no lead at index {i}")));
                }
                let r = &self.row_of(cache, i);
                let crossed = match (&scorer, r.status) {
                    (Some(s), Status::Mql) => s.crossed_at(i, as_of),
                    (Some(_), _) => None,
                    (None, _) => self.rows_all()[i].crossed_at,
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
        self.cols.score.clone()
    }

    /// Total scores in lead order, as kept (the page copies this out on
    /// every slider move: one memcpy).
    pub fn score_column(&self) -> &[i32] {
        &self.cols.score
    }

    /// Status per lead in lead order (`Status as u8`), as kept.
    pub fn status_column(&self) -> &[u8] {
        &self.cols.status
    }

    pub fn lead_count(&self) -> usize {
        self.data.leads.leads.len()
    }

    /// Activities read, joined to a lead or not.
    pub fn activity_count(&self) -> usize {
        self.data.activities.len()
    }

    /// The index of the lead with this id (or email).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.data.leads.find(&lead_key(id)).map(|i| i as usize)
    }

    pub fn explain(&self, index: usize) -> Result<Explanation, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        if index >= self.lead_count() {
            return Err(Error::new(format!("no lead at index {index}: there are {} leads", self.lead_count())));
        }
        let mut e = Scorer::new(&self.data, &self.model).explain(index, as_of);
        // A duplicate names the account it was merged into and its rep.
        let decisions = self.data.decisions(index);
        if let Some(i) = outcomes::applicable(decisions, as_of) {
            let d = decisions[i];
            if d.reason() == Some(Reason::Duplicate) {
                let results = self.results_with_crossings();
                let packets = handoff::build(&self.data, &self.model, &results, as_of)?;
                let account = handoff::accounts_of(&self.data, &results, as_of, &packets, &[index]).pop().flatten();
                let account = account.as_ref().map(|(name, rep)| (name.as_str(), rep.as_deref()));
                e.next_step = Some(outcomes::next_step(&d, false, None, self.model.feedback.premature_days, as_of, account));
            }
        }
        Ok(e)
    }

    /// Decisions by reason, what each does next, and the MQL-to-SQL rate
    /// against the 40-70% health band, as of the last scoring run.
    pub fn feedback(&self) -> Result<FeedbackReport, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        let scorer = Scorer::new(&self.data, &self.model);
        const KEYS: [(&str, &str); 6] = [
            ("accepted", "worked by sales"),
            ("wrong_icp", "suppressed until a fit field changes"),
            ("premature", "recycled to the education nurture; re-evaluated PREMATURE_DAYS days after the rejection, on new behavior"),
            ("duplicate", "merged into the account being worked; if it crosses again, routed to that account's rep"),
            ("unreachable", "low-frequency re-engagement; behavior restarts"),
            ("no_reason", "behavior restarts; ask sales for a reason"),
        ];
        let mut counts = [(0usize, 0usize); 6];
        let (mut with, mut after, mut returning, mut decided_mqls, mut accepted_mqls, mut at_as_of) = (0, 0, 0, 0, 0, 0);
        for i in 0..self.cols.status.len() {
            let ds = self.data.decisions(i);
            if ds.is_empty() {
                continue;
            }
            after += ds.iter().filter(|d| !d.at_or_before(as_of)).count();
            let Some(k) = outcomes::applicable(ds, as_of) else { continue };
            with += 1;
            let d = &ds[k];
            let slot = match (d.mapped.outcome, d.reason()) {
                (Outcome::Accepted, _) => 0,
                (_, Some(Reason::WrongIcp)) => 1,
                (_, Some(Reason::Premature)) => 2,
                (_, Some(Reason::Duplicate)) => 3,
                (_, Some(Reason::Unreachable)) => 4,
                (_, None) => 5,
            };
            counts[slot].0 += 1;
            let is_mql = self.cols.status_of(i) == Status::Mql;
            if is_mql && d.is_rejection() {
                counts[slot].1 += 1;
            }
            if is_mql && scorer.restart(i, as_of).is_some() {
                returning += 1;
            }
            // As the lead stood before sales touched it.
            let row = &self.data.leads.leads[i];
            let first_decision = ds.iter().filter_map(|d| d.time).filter(|&t| t <= as_of).min();
            let first_contact = ds.iter().filter_map(|d| d.first_contact_at).chain(row.first_contact_at.get()).min();
            let cutoff = [first_decision, first_contact].into_iter().flatten().min();
            if cutoff.is_none() {
                at_as_of += 1;
            }
            if scorer.status_before_sales(i, cutoff.unwrap_or(as_of).min(as_of)) == Status::Mql {
                decided_mqls += 1;
                if d.mapped.outcome == Outcome::Accepted {
                    accepted_mqls += 1;
                }
            }
        }
        let rate = (decided_mqls > 0).then(|| accepted_mqls as f64 / decided_mqls as f64);
        let (verdict, advice) = calibration::sql_verdict(rate);
        let count = |s: Status| self.cols.counts[s as usize];
        Ok(FeedbackReport {
            as_of: format_time(as_of),
            leads_with_decisions: with,
            decisions_after_as_of: after,
            by_reason: KEYS
                .iter()
                .zip(counts)
                .map(|(&(reason, next_step), (leads, mql_now))| ReasonCount {
                    reason,
                    leads,
                    mql_now,
                    next_step: next_step.replace("PREMATURE_DAYS", &self.model.feedback.premature_days.to_string()),
                })
                .collect(),
            suppressed: count(Status::Suppressed),
            recycled: count(Status::Recycled),
            returning,
            mql_to_sql: MqlToSql { decided_mqls, accepted: accepted_mqls, rate, band: [0.4, 0.7], verdict, advice },
            scored_at_as_of: at_as_of,
            unknown_leads: self.data.outcomes.unmatched.len(),
        })
    }

    pub fn explain_id(&self, id: &str) -> Result<Explanation, Error> {
        let index = self.find(id).ok_or_else(|| Error::new(format!("no lead with id \"{id}\"")))?;
        self.explain(index)
    }

    pub fn scored_csv(&mut self) -> Result<String, Error> {
        let packets = self.packets()?;
        let next = self.next_steps()?;
        Ok(export::scored_csv(&self.data, self.rows_all(), &packets, &next))
    }

    /// Per lead: the decision in force at as-of as a word, and what it
    /// does next (`None` for leads sales has not decided on).
    pub fn next_steps(&mut self) -> Result<Vec<Option<(String, String)>>, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        let scorer = Scorer::new(&self.data, &self.model);
        let days = self.model.feedback.premature_days;
        let mut out = Vec::with_capacity(self.cols.status.len());
        let mut duplicates = Vec::new();
        for (i, r) in self.rows_all().iter().enumerate() {
            let ds = self.data.decisions(i);
            out.push(outcomes::applicable(ds, as_of).map(|k| {
                let d = &ds[k];
                if d.reason() == Some(Reason::Duplicate) {
                    duplicates.push((i, *d));
                }
                let released = (d.reason() == Some(Reason::WrongIcp)).then(|| scorer.fit_change(i, d.snapshot)).flatten();
                let step = outcomes::next_step(d, r.status == Status::Suppressed, released.as_ref(), days, as_of, None);
                (outcomes::outcome_word(d), step.text)
            }));
        }
        if !duplicates.is_empty() {
            let packets = self.packets()?;
            let leads: Vec<usize> = duplicates.iter().map(|(i, _)| *i).collect();
            let accounts = handoff::accounts_of(&self.data, self.rows_all(), as_of, &packets, &leads);
            for ((i, d), account) in duplicates.into_iter().zip(accounts) {
                let account = account.as_ref().map(|(n, rep)| (n.as_str(), rep.as_deref()));
                let step = outcomes::next_step(&d, false, None, days, as_of, account);
                if let Some(slot) = out[i].as_mut() {
                    slot.1 = step.text;
                }
            }
        }
        Ok(out)
    }

    /// A handoff packet for every MQL, in lead order.
    pub fn packets(&mut self) -> Result<Vec<Packet>, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        self.ensure_crossings();
        handoff::build(&self.data, &self.model, self.rows_all(), as_of)
    }

    /// The packet of one lead (an MQL), for a handoff view.
    pub fn packet(&mut self, index: usize) -> Result<Packet, Error> {
        let as_of = self.as_of.ok_or_else(|| Error::new(NOT_SCORED))?;
        if index >= self.cols.status.len() || self.cols.status_of(index) != Status::Mql {
            return Err(Error::new(format!("lead {index} is not an MQL: packets are for MQLs")));
        }
        self.ensure_crossings();
        // Routing and duplicates depend on every MQL, so build them all and
        // keep the one asked for.
        let packets = handoff::build(&self.data, &self.model, self.rows_all(), as_of)?;
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
    use super::{sort_by_small_int, Counts};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counts_keep_every_value(values in prop::collection::vec(prop_oneof![0u32..4, 0u32..=u32::MAX], 0..200)) {
            let mut c = Counts::default();
            values.iter().for_each(|&v| c.push(v));
            prop_assert_eq!(c.is_empty(), values.is_empty());
            prop_assert_eq!((0..values.len()).map(|i| c.get(i)).collect::<Vec<_>>(), values.clone());
            let mut each = Vec::new();
            c.each(|i, v| each.push((i, v)));
            prop_assert_eq!(each, values.iter().copied().enumerate().collect::<Vec<_>>());
            let narrow = values.iter().all(|&v| v <= u32::from(u16::MAX));
            prop_assert_eq!(matches!(c, Counts::Narrow(_)), narrow);
        }

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
