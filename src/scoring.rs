//! Scoring (SPEC section 3): points per rule, decay, status, the moment of
//! crossing, and the itemised explanation.
//!
//! A model is compiled once against the data (field names to columns, event
//! types to interned ids, detail patterns matched once per distinct detail),
//! so scoring a lead touches only integers and its own events.

use crate::dataset::{Dataset, Event};
use crate::outcomes::{self, Decision, DecisionView, FieldChange, NextStep, Reason};
use crate::fields::{FieldMatcher, Source};
use crate::decay;
use crate::model::{Category, EventCount, Model, Rule, When};
use crate::time::{format_time, whole_days, Time, DAY};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum Status {
    #[default]
    Nurture = 0,
    Mql = 1,
    Disqualified = 2,
    /// Rejected by sales as wrong ICP, and no fit field has changed since.
    Suppressed = 3,
    /// Rejected by sales as premature, inside `feedback.premature_days`.
    Recycled = 4,
}

crate::json_read_enum!(Status { Nurture "nurture", Mql "mql", Disqualified "disqualified", Suppressed "suppressed", Recycled "recycled" });
crate::json_name!(Status, Status::as_str);

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Nurture => "nurture",
            Status::Mql => "mql",
            Status::Disqualified => "disqualified",
            Status::Suppressed => "suppressed",
            Status::Recycled => "recycled",
        }
    }
}

/// One lead's result, as kept for every lead after a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeadResult {
    pub score: i32,
    /// Fit sub-score (positive and negative fit points).
    pub fit: i32,
    /// Engagement sub-score (decayed positive plus negative behavior).
    pub behavior: i32,
    /// Positive behavioral points that decay took away.
    pub decay_removed: i32,
    pub status: Status,
    /// An instant-MQL rule counts for the lead (a hand-raiser).
    pub instant: bool,
    /// When it last went from not-MQL to MQL; for MQLs only.
    pub crossed_at: Option<Time>,
}

enum Test {
    /// The rule's field is not in the data: it never matches.
    Never,
    Field(FieldMatcher),
    Event { kind: Option<u32>, detail_ok: Option<Vec<bool>>, count: EventCount, at_least: usize, window: Time },
    Number { source: Source, per: Option<f64>, at_least: Option<f64> },
}

struct Compiled {
    category: Category,
    test: Test,
}

/// What one rule found for one lead: how many times it counts (0: not at
/// all) and whether the latest event behind it is inside the instant-MQL
/// horizon. Hits do not depend on points, flags or the threshold, so a
/// change to those re-combines cached hits instead of re-reading events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hit {
    pub count: u32,
    pub fresh: bool,
}

/// A model's conditions compiled against one dataset.
pub struct Scorer<'a> {
    data: &'a Dataset,
    model: &'a Model,
    /// One per model rule, in model order, enabled or not.
    rules: Vec<Compiled>,
    horizon: Option<i64>,
    unsubscribe: Option<u32>,
    /// The fields the fit rules read (enabled or not), by the rule's name
    /// for them: a wrong-ICP rejection holds while none of them changes.
    fit_sources: Vec<(String, Source)>,
    /// Problems a user should see (a rule naming a column the data lacks).
    pub warnings: Vec<String>,
    /// The behavior rules on an event type the data has, and by event type.
    event_rules: Vec<usize>,
    by_kind: Vec<Vec<usize>>,
    /// The event rules again as [`Slot`]s, by event type: type `k`'s are
    /// `slots[slot_start[k]..slot_start[k + 1]]`, each rule in one.
    slots: Vec<Slot>,
    slot_start: Vec<u32>,
    /// The detail tables of the slots that have one, end to end.
    detail_ok: Vec<bool>,
    /// The most the rules that do not depend on time can give a lead; None
    /// when one is an instant-MQL rule or has no cap on its count.
    fixed_most: Option<i32>,
}

/// Points a rule gives for `count` hits, after its cap.
pub(crate) fn rule_points(rule: &Rule, count: u32) -> (i32, bool) {
    let cap = match &rule.when {
        When::Event(t) => t.cap,
        When::Number(t) => t.cap,
        When::Field(_) => None,
    };
    let raw = i64::from(rule.points) * i64::from(count);
    let limit = cap.map_or(i64::from(i32::MAX), i64::from);
    let points = raw.clamp(-limit, limit) as i32;
    (points, i64::from(points) != raw)
}

/// What a sales decision holds back at one moment (SPEC section 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gate {
    pub suppressed: bool,
    pub recycled: bool,
}

/// Turns hits into a score and status under `model`'s points, flags,
/// threshold and decay. `days`: whole days since the last engagement.
/// Integer work only: this is what a slider move costs per lead.
pub fn combine(model: &Model, hits: &[Hit], days: Option<i64>) -> LeadResult {
    combine_gated(model, hits, days, Gate::default())
}

/// [`combine`] for a lead whose sales decision may hold it back: the
/// status is the first that holds of disqualified, suppressed, recycled,
/// mql, nurture.
pub fn combine_gated(model: &Model, hits: &[Hit], days: Option<i64>, gate: Gate) -> LeadResult {
    let mut sums = Sums::default();
    for (rule, hit) in model.rules.iter().zip(hits) {
        if hit.count != 0 && rule.enabled {
            sums.add(rule, *hit);
        }
    }
    let factor = days.map_or(1.0, |d| decay::factor(&model.decay, d));
    finish(model, sums, factor, gate)
}

/// A lead's points so far, by sign, and its flags.
#[derive(Clone, Copy, Default)]
struct Sums {
    fit_pos: i32,
    fit_neg: i32,
    pos: i32,
    neg: i32,
    disqualified: bool,
    instant: bool,
}

impl Sums {
    fn add(&mut self, rule: &Rule, hit: Hit) {
        let (points, _) = rule_points(rule, hit.count);
        match rule.category() {
            Category::Fit => add(&mut self.fit_pos, &mut self.fit_neg, points),
            Category::Behavior => add(&mut self.pos, &mut self.neg, points),
        }
        self.disqualified |= rule.disqualify;
        self.instant |= rule.instant_mql && hit.fresh;
    }
}

/// The score and status from the summed points, after decay `factor`.
fn finish(model: &Model, sums: Sums, factor: f64, gate: Gate) -> LeadResult {
    let Sums { fit_pos, fit_neg, pos, neg, disqualified, instant } = sums;
    let kept = decay::apply(pos, factor);
    let score = fit_pos.saturating_add(fit_neg).saturating_add(kept).saturating_add(neg);
    let status = if disqualified {
        Status::Disqualified
    } else if gate.suppressed {
        Status::Suppressed
    } else if gate.recycled {
        Status::Recycled
    } else if instant || score >= model.threshold {
        Status::Mql
    } else {
        Status::Nurture
    };
    LeadResult {
        score,
        fit: fit_pos + fit_neg,
        behavior: kept + neg,
        decay_removed: pos - kept,
        status,
        instant,
        crossed_at: None,
    }
}

impl<'a> Scorer<'a> {
    pub fn new(data: &'a Dataset, model: &'a Model) -> Self {
        let leads = &data.leads;
        let log = &data.activities;
        let have_leads = !leads.columns.is_empty();
        let mut warnings = Vec::new();
        let mut resolve = |rule_id: &str, name: &str| -> Option<Source> {
            let found = Source::resolve(leads, name);
            if found.is_none() && have_leads {
                warnings.push(format!("rule \"{rule_id}\": the leads have no column \"{name}\", so it never matches"));
            }
            found
        };
        let mut rules = Vec::new();
        let mut fit_sources: Vec<(String, Source)> = Vec::new();
        for r in &model.rules {
            if let When::Field(t) = &r.when {
                if let Some(src) = Source::resolve(leads, &t.field) {
                    if !fit_sources.iter().any(|(f, _)| *f == t.field) {
                        fit_sources.push((t.field.clone(), src));
                    }
                }
            }
            let test = match &r.when {
                When::Field(t) => match resolve(&r.id, &t.field).and(FieldMatcher::compile(t, leads)) {
                    None => Test::Never,
                    Some(m) => Test::Field(m),
                },
                When::Event(t) => {
                    let detail_ok = t.detail_contains.as_ref().map(|needle| {
                        let needle = crate::lowercase::lowercase(needle);
                        log.details.iter().map(|d| crate::lowercase::lowercase(d).contains(&needle)).collect()
                    });
                    Test::Event {
                        kind: log.kinds.get(&crate::import::values::activity_type(&t.event)),
                        detail_ok,
                        count: t.count,
                        at_least: t.at_least.unwrap_or(1) as usize,
                        window: i64::from(t.days.unwrap_or(0)) * DAY,
                    }
                }
                When::Number(t) => match resolve(&r.id, &t.field) {
                    None => Test::Never,
                    Some(source) => Test::Number { source, per: t.per, at_least: t.at_least },
                },
            };
            rules.push(Compiled { category: r.category(), test });
        }
        let event_rules: Vec<usize> =
            rules.iter().enumerate().filter(|(_, r)| r.category == Category::Behavior && matches!(r.test, Test::Event { kind: Some(_), .. })).map(|(i, _)| i).collect();
        let mut by_kind = vec![Vec::new(); log.kinds.len()];
        for &i in &event_rules {
            if let Test::Event { kind: Some(k), .. } = rules[i].test {
                by_kind[k as usize].push(i);
            }
        }
        let (mut slots, mut slot_start, mut detail_ok) = (Vec::new(), vec![0u32], Vec::new());
        for on_kind in &by_kind {
            for &i in on_kind {
                if let Test::Event { detail_ok: ok, count, at_least, window, .. } = &rules[i].test {
                    let detail = ok.as_ref().map_or(u32::MAX, |ok| {
                        detail_ok.extend_from_slice(ok);
                        (detail_ok.len() - ok.len()) as u32
                    });
                    let mode = match count {
                        EventCount::Once | EventCount::Each => Mode::All,
                        EventCount::InLastDays => Mode::Last,
                        EventCount::InAnyDays => Mode::Any,
                    };
                    slots.push(Slot { rule: i as u32, mode, detail, at_least: *at_least, window: *window });
                }
            }
            slot_start.push(slots.len() as u32);
        }
        let fixed_most = model.rules.iter().zip(&rules).try_fold(0i32, |most, (r, c)| {
            let count = match (&c.test, c.category) {
                _ if !r.enabled => 0,
                (_, Category::Fit) | (Test::Number { per: None, .. }, _) => 1,
                (Test::Number { .. }, _) => u32::MAX,
                _ => 0,
            };
            if count > 0 && r.instant_mql {
                return None;
            }
            let points = rule_points(r, count).0.max(0);
            // Without a cap, a count without bound is no bound.
            (points < i32::MAX || count == 1).then(|| most.saturating_add(points))
        });
        Scorer {
            data,
            model,
            fixed_most,
            event_rules,
            by_kind,
            slots,
            slot_start,
            detail_ok,
            rules,
            horizon: decay::horizon(&model.decay),
            unsubscribe: log.kinds.get("unsubscribe"),
            fit_sources,
            warnings,
        }
    }

    fn cell(&self, lead: usize, source: &Source) -> crate::dataset::CellText<'a> {
        source.text(&self.data.leads, lead)
    }

    fn number(&self, lead: usize, source: &Source) -> Option<f64> {
        source.number(&self.data.leads, lead)
    }

    fn field_matches(&self, lead: usize, test: &Test) -> bool {
        matches!(test, Test::Field(m) if m.matches(&self.data.leads, lead))
    }

    /// A hits row with the fit rules filled in (they do not depend on time).
    fn fit_hits(&self, lead: usize) -> Vec<Hit> {
        (0..self.rules.len())
            .map(|i| match self.rules[i].category {
                Category::Fit => self.static_hit(lead, i).unwrap_or_default(),
                Category::Behavior => Hit::default(),
            })
            .collect()
    }

    /// Rule `i`'s hit when it does not depend on time (fit and number
    /// rules: what [`Self::fit_hits`] and [`Self::behavior_hits`] give).
    fn static_hit(&self, lead: usize, i: usize) -> Option<Hit> {
        let r = &self.rules[i];
        match (&r.test, r.category) {
            (_, Category::Fit) => Some(Hit { count: u32::from(self.field_matches(lead, &r.test)), fresh: true }),
            (Test::Number { source, per, at_least }, _) => {
                let v = self.number(lead, source).unwrap_or(0.0);
                Some(Hit { count: number_count(v, *per, *at_least), fresh: true })
            }
            _ => None,
        }
    }

    /// Fills the behavior rules of `hits` from `events` (already cut to what
    /// counts) as of `as_of`; `picked[r]` gets the events behind rule `r`.
    fn behavior_hits(
        &self,
        lead: usize,
        events: &[Event],
        as_of: Time,
        hits: &mut [Hit],
        mut picked: Option<&mut Vec<Vec<usize>>>,
    ) {
        for (i, r) in self.rules.iter().enumerate() {
            if r.category != Category::Behavior {
                continue;
            }
            let out = picked.as_deref_mut().map(|p| &mut p[i]);
            hits[i] = match &r.test {
                Test::Event { .. } => {
                    let (count, latest) = self.count_events(&r.test, events, as_of, out);
                    let fresh = match (latest, self.horizon) {
                        (Some(t), Some(h)) => whole_days(t, as_of) <= h,
                        _ => true,
                    };
                    Hit { count, fresh }
                }
                Test::Number { source, per, at_least } => {
                    let v = self.number(lead, source).unwrap_or(0.0);
                    Hit { count: number_count(v, *per, *at_least), fresh: true }
                }
                _ => Hit::default(),
            };
        }
    }

    /// Whole days from the last engagement (any activity but unsubscribe).
    fn days_since_engagement(&self, events: &[Event], as_of: Time) -> Option<i64> {
        let last = events.iter().rev().find(|e| Some(e.kind) != self.unsubscribe)?;
        Some(whole_days(last.time, as_of))
    }

    /// Hits and engagement age of one lead as of `as_of`: what the
    /// workspace caches.
    pub fn hits(&self, lead: usize, as_of: Time) -> (Vec<Hit>, Option<i64>) {
        let events = &self.events_counted(lead, as_of);
        let mut hits = self.fit_hits(lead);
        self.behavior_hits(lead, events, as_of, &mut hits, None);
        (hits, self.days_since_engagement(events, as_of))
    }

    /// Buffers for [`Self::hits_into`], kept from lead to lead.
    pub(crate) fn hit_scratch(&self) -> HitScratch {
        let n = self.slots.len();
        HitScratch { events: Vec::new(), hits: vec![Hit::default(); self.rules.len()], count: vec![0; n], latest: vec![0; n], times: vec![Vec::new(); n], start: vec![0; n] }
    }

    /// [`Self::hits`] into `s.hits` (the engagement age returned), with no
    /// allocation per lead and one pass over the lead's events for all
    /// event rules together instead of one per rule: each event goes only
    /// to the rules on its type, and each rule keeps a running count.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub(crate) fn hits_into(&self, lead: usize, as_of: Time, s: &mut HitScratch) -> Option<i64> {
        let HitScratch { events, hits, count, latest, times, start: window_start } = s;
        self.data.activities.of_lead_into(lead, events);
        let end = events.partition_point(|e| e.time <= as_of);
        let start = match self.restart(lead, as_of) {
            Some(r) => events[..end].partition_point(|e| e.time <= r),
            None => 0,
        };
        for (i, h) in hits.iter_mut().enumerate() {
            // An event rule's row as count_events leaves it without a match.
            *h = self.static_hit(lead, i).unwrap_or(Hit { count: 0, fresh: matches!(self.rules[i].test, Test::Event { .. }) });
        }
        count.fill(0);
        for t in times.iter_mut() {
            t.clear();
        }
        window_start.fill(0);
        // A slot's latest time counts only with a count above 0, and a
        // reached window of in_any_days is its count set to 1.
        let mut engaged = None;
        let unsubscribe = self.unsubscribe.unwrap_or(u32::MAX);
        for e in &events[start..end] {
            if e.kind != unsubscribe {
                engaged = Some(e.time);
            }
            let (from, to) = match self.slot_start.get(e.kind as usize..e.kind as usize + 2) {
                Some(&[a, b]) => (a as usize, b as usize),
                _ => continue,
            };
            for k in from..to {
                let slot = &self.slots[k];
                // The detail tables sit end to end: a detail code past a
                // rule's table would read the next rule's.
                debug_assert!((e.detail as usize) < self.data.activities.details.len());
                if slot.detail != u32::MAX && !self.detail_ok[slot.detail as usize + e.detail as usize] {
                    continue;
                }
                match slot.mode {
                    Mode::All => {
                        count[k] += 1;
                        latest[k] = e.time;
                    }
                    Mode::Last => {
                        if e.time > as_of - slot.window {
                            count[k] += 1;
                            latest[k] = e.time;
                        }
                    }
                    Mode::Any => {
                        if count[k] == 0 {
                            // As count_events: the first window holding enough.
                            let (times, first) = (&mut times[k], &mut window_start[k]);
                            times.push(e.time);
                            let last = times.len() - 1;
                            while times[last] - times[*first] >= slot.window {
                                *first += 1;
                            }
                            if last + 1 - *first >= slot.at_least {
                                count[k] = 1;
                                latest[k] = e.time;
                            }
                        }
                    }
                }
            }
        }
        for (k, slot) in self.slots.iter().enumerate() {
            let rule = slot.rule as usize;
            let (n, latest) = match (slot.mode, count[k]) {
                (Mode::Last, n) if (n as usize) < slot.at_least => (0, None),
                (Mode::Last | Mode::Any, 0) => (u32::from(slot.mode == Mode::Last), None),
                (Mode::Last, _) => (1, Some(latest[k])),
                (_, 0) => (0, None),
                (_, n) => (n, Some(latest[k])),
            };
            let n = match &self.rules[rule].test {
                Test::Event { count: EventCount::Once, .. } => n.min(1),
                _ => n,
            };
            let fresh = match (latest, self.horizon) {
                (Some(t), Some(h)) => whole_days(t, as_of) <= h,
                _ => true,
            };
            hits[rule] = Hit { count: n, fresh };
        }
        engaged.map(|t| whole_days(t, as_of))
    }

    fn result_at(&self, lead: usize, fit: &[Hit], scratch: &mut Vec<Hit>, events: &[Event], t: Time, gate: Gate) -> LeadResult {
        scratch.clear();
        scratch.extend_from_slice(fit);
        self.behavior_hits(lead, events, t, scratch, None);
        combine_gated(self.model, scratch, self.days_since_engagement(events, t), gate)
    }

    fn decisions(&self, lead: usize) -> &'a [Decision] {
        self.data.decisions(lead)
    }

    /// When behavior restarted as of `as_of` (the latest dated rejection
    /// at or before it): only events strictly after it count.
    pub fn restart(&self, lead: usize, as_of: Time) -> Option<Time> {
        outcomes::restart(self.decisions(lead), as_of).map(|(_, t)| t)
    }

    /// The first fit field that differs from the row version `snapshot`.
    pub fn fit_change(&self, lead: usize, snapshot: u32) -> Option<FieldChange> {
        if snapshot >= self.data.leads.version(lead) {
            return None;
        }
        let (old, now) = (self.data.leads.row_at(lead, snapshot), self.data.leads.row(lead));
        self.fit_sources.iter().find_map(|(name, src)| {
            let (a, b) = (src.text_in(old), src.text_in(now));
            let (a, b) = (a.trim(), b.trim());
            (crate::lowercase::lowercase(a) != crate::lowercase::lowercase(b)).then(|| FieldChange { field: name.clone(), from: a.to_string(), to: b.to_string() })
        })
    }

    /// Every fit field that differs between row version `version` and now.
    pub fn fit_changes(&self, lead: usize, version: u32) -> Vec<FieldChange> {
        let (old, now) = (self.data.leads.row_at(lead, version), self.data.leads.row(lead));
        self.fit_sources
            .iter()
            .filter_map(|(name, src)| {
                let (a, b) = (src.text_in(old), src.text_in(now));
                let (a, b) = (a.trim(), b.trim());
                (crate::lowercase::lowercase(a) != crate::lowercase::lowercase(b)).then(|| FieldChange { field: name.clone(), from: a.to_string(), to: b.to_string() })
            })
            .collect()
    }

    /// What the decisions hold back at `t`: counting the decisions made at
    /// `t` itself when `inclusive`, else the state just before `t`.
    pub fn gate_at(&self, lead: usize, t: Time, inclusive: bool) -> Gate {
        let ds = self.decisions(lead);
        let n = ds.partition_point(|d| d.time.is_none_or(|x| if inclusive { x <= t } else { x < t }));
        let Some(d) = n.checked_sub(1).map(|i| &ds[i]) else { return Gate::default() };
        match d.reason() {
            Some(Reason::WrongIcp) => Gate { suppressed: self.fit_change(lead, d.snapshot).is_none(), recycled: false },
            Some(Reason::Premature) => {
                let recycled = d.time.is_some_and(|r| {
                    let end = outcomes::recycle_end(r, self.model.feedback.premature_days);
                    if inclusive { t < end } else { t <= end }
                });
                Gate { suppressed: false, recycled }
            }
            _ => Gate::default(),
        }
    }

    /// Times after `after` up to `as_of` at which a decision could change
    /// what is held back: decision times and the ends of recycling.
    fn gate_changes(&self, lead: usize, after: Option<Time>, as_of: Time) -> Vec<Time> {
        let days = self.model.feedback.premature_days;
        let mut out: Vec<Time> = Vec::new();
        for d in self.decisions(lead) {
            let Some(t) = d.time else { continue };
            out.push(t);
            if d.reason() == Some(Reason::Premature) {
                out.push(outcomes::recycle_end(t, days));
            }
        }
        out.retain(|&t| after.is_none_or(|a| t > a) && t <= as_of);
        crate::sort::times(&mut out);
        out.dedup();
        out
    }

    /// How many times an event rule counts, and the time of the latest
    /// event that made it count (for the instant-MQL horizon).
    fn count_events(
        &self,
        test: &Test,
        events: &[Event],
        as_of: Time,
        mut picked: Option<&mut Vec<usize>>,
    ) -> (u32, Option<Time>) {
        let Test::Event { kind: Some(_), count, at_least, window, .. } = test else {
            return (0, None);
        };
        let mut hits = events.iter().enumerate().filter(|(_, e)| self.event_matches(test, e));
        let mut pick = |i: usize| {
            if let Some(p) = picked.as_deref_mut() {
                p.push(i);
            }
        };
        match count {
            EventCount::Once => match hits.next_back() {
                Some((i, e)) => {
                    pick(i);
                    (1, Some(e.time))
                }
                None => (0, None),
            },
            EventCount::Each => {
                let (mut n, mut latest) = (0u32, None);
                for (i, e) in hits {
                    n += 1;
                    latest = Some(e.time);
                    pick(i);
                }
                (n, latest)
            }
            EventCount::InLastDays => {
                let inside: Vec<(usize, &Event)> = hits.filter(|(_, e)| e.time > as_of - window).collect();
                if inside.len() < *at_least {
                    return (0, None);
                }
                inside.iter().for_each(|(i, _)| pick(*i));
                (1, inside.last().map(|(_, e)| e.time))
            }
            EventCount::InAnyDays => {
                let list: Vec<(usize, Time)> = hits.map(|(i, e)| (i, e.time)).collect();
                let mut start = 0;
                for end in 0..list.len() {
                    while list[end].1 - list[start].1 >= *window {
                        start += 1;
                    }
                    if end + 1 - start >= *at_least {
                        list[start..=end].iter().for_each(|(i, _)| pick(*i));
                        return (1, Some(list[end].1));
                    }
                }
                (0, None)
            }
        }
    }

    fn event_matches(&self, test: &Test, e: &Event) -> bool {
        match test {
            Test::Event { kind: Some(kind), detail_ok, .. } => {
                e.kind == *kind && detail_ok.as_ref().is_none_or(|ok| ok[e.detail as usize])
            }
            _ => false,
        }
    }

    fn event_view(&self, e: &Event) -> EventView {
        let log = &self.data.activities;
        EventView {
            time: format_time(e.time),
            kind: log.kinds.resolve(e.kind).to_string(),
            detail: log.details.resolve(e.detail).to_string(),
        }
    }

    /// The events that count as of `as_of`: up to and including it, and
    /// strictly after the latest rejection at or before it.
    fn events_counted(&self, lead: usize, as_of: Time) -> Vec<Event> {
        self.events_between(lead, self.restart(lead, as_of), as_of)
    }

    /// Events in (after, upto].
    fn events_between(&self, lead: usize, after: Option<Time>, upto: Time) -> Vec<Event> {
        let mut all = self.data.activities.of_lead(lead);
        let end = all.partition_point(|e| e.time <= upto);
        let start = after.map_or(0, |r| all[..end].partition_point(|e| e.time <= r));
        all.truncate(end);
        all.drain(..start);
        all
    }

    /// What the decisions hold back at as-of (for the cached hits).
    pub fn gate(&self, lead: usize, as_of: Time) -> Gate {
        if self.decisions(lead).is_empty() {
            return Gate::default();
        }
        self.gate_at(lead, as_of, true)
    }

    /// One lead's results as of each of `ends` (ascending), each equal to
    /// [`Self::score_fast`] at that time, in one pass over its events: the
    /// rules keep running counts instead of re-reading the events per end.
    pub fn results_at(&self, lead: usize, ends: &[Time]) -> Vec<LeadResult> {
        let mut out = Vec::new();
        self.walk(&mut Running::new(self), lead, ends, None, &[], &[], &mut out);
        out.into_iter().map(|(r, _)| r).collect()
    }

    /// [`Self::results_at`] with, for each end `e`, `crossed_at(lead, e)`
    /// when the lead is an MQL at `e` and that time is at or after `floor`
    /// (else `None`). Found in the same pass: the crossing as of `e` is the
    /// latest moment up to `e` at which the lead was not an MQL just before
    /// (what [`Self::crossing`] searches backwards for), so each moment is
    /// scored once, on the way forward, instead of once per end.
    pub fn crossings_at(&self, lead: usize, ends: &[Time], floor: Time) -> Vec<(LeadResult, Option<Time>)> {
        let mut out = Vec::new();
        self.walk(&mut Running::new(self), lead, ends, Some(floor), &[], &[], &mut out);
        out
    }

    /// What a replay reads, lead after lead, with its buffers reused.
    pub fn replayer(&self) -> Replayer<'_, 'a> {
        Replayer { running: Running::new(self), out: Vec::new(), first: Vec::new(), skip: Vec::new() }
    }

    /// The pass behind [`Self::crossings_at`]. With `skip[k]` set (the lead
    /// is not an MQL at `ends[k]`), the moments of step `k` are read but not
    /// scored: its crossing can only be a later moment. That holds when
    /// time alone never lifts the lead to MQL, which is checked on the way:
    /// after skipped steps the first moment scored must find the lead not
    /// an MQL just before it (false is returned otherwise, and the caller
    /// walks again without skipping).
    /// `known`: the results at `ends` when an earlier walk found them.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        w: &mut Running<'_, 'a>,
        lead: usize,
        ends: &[Time],
        floor: Option<Time>,
        skip: &[bool],
        known: &[(LeadResult, Option<Time>)],
        out: &mut Vec<(LeadResult, Option<Time>)>,
    ) -> bool {
        w.load(lead);
        out.clear();
        let created = self.data.leads.leads[lead].created_at.get();
        let has_decisions = !self.decisions(lead).is_empty();
        let mut restart: Option<Option<Time>> = None;
        // This segment's moments when a decision's hold may change.
        let (mut changes, mut next_change): (Vec<Time>, usize) = (Vec::new(), 0);
        // The latest moment so far at which the lead was not an MQL just
        // before it, and whether moments before `floor` were scored too.
        let (mut flip, mut exact): (Option<Time>, bool) = (None, false);
        // Steps were skipped since the last moment scored.
        let mut pending = false;
        for (k, &end) in ends.iter().enumerate() {
            let skipped = skip.get(k).copied().unwrap_or(false);
            let r = self.restart(lead, end);
            if restart != Some(r) {
                restart = Some(r);
                w.reset(r);
                flip = None;
                pending = false;
                if let (Some(_), true) = (floor, has_decisions) {
                    changes = self.gate_changes(lead, r, *ends.last().unwrap_or(&end));
                    next_change = 0;
                }
                // The fallback (creation) can be inside the period only
                // for a lead with no flip at all: then every moment counts.
                exact = r.is_none() && created.is_some_and(|c| floor.is_some_and(|f| c >= f));
            }
            if let Some(f) = floor {
                loop {
                    let event_t = w.all.get(w.next).map(|e| e.time).filter(|&t| t <= end);
                    let change_t = changes.get(next_change).copied().filter(|&t| t <= end);
                    let t = match (event_t, change_t) {
                        (None, None) => break,
                        (Some(a), Some(b)) => a.min(b),
                        (a, b) => a.or(b).unwrap_or_default(),
                    };
                    if (t >= f || exact) && !skipped {
                        w.take(t, false);
                        let gate = if has_decisions { self.gate_at(lead, t, false) } else { Gate::default() };
                        if w.result(t, gate).status != Status::Mql {
                            flip = Some(t);
                        } else if pending {
                            return false;
                        }
                        pending = false;
                    }
                    w.take(t, true);
                    while changes.get(next_change).is_some_and(|&c| c <= t) {
                        next_change += 1;
                    }
                }
            }
            if skipped {
                pending = true;
            } else if pending {
                return false;
            }
            w.take(end, true);
            let result = match known.get(k) {
                Some(&(r, _)) => r,
                None => w.result(end, self.gate(lead, end)),
            };
            let crossed = floor.and_then(|f| {
                (result.status == Status::Mql).then(|| flip.or(r).or(created)).flatten().filter(|&t| t >= f)
            });
            out.push((result, crossed));
        }
        true
    }

    /// Scores one lead as of `as_of`, without its crossing time.
    pub fn score_fast(&self, lead: usize, as_of: Time) -> LeadResult {
        let (hits, days) = self.hits(lead, as_of);
        combine_gated(self.model, &hits, days, self.gate(lead, as_of))
    }

    /// Scores one lead as of `as_of`, crossing time included.
    pub fn score(&self, lead: usize, as_of: Time) -> LeadResult {
        let (hits, days) = self.hits(lead, as_of);
        let mut r = combine_gated(self.model, &hits, days, self.gate(lead, as_of));
        if r.status == Status::Mql {
            r.crossed_at = self.crossed_at(lead, as_of);
        }
        r
    }

    /// Status as the lead stood before sales touched it: as of `cutoff`,
    /// events at or after it left out, no decision applied.
    pub fn status_before_sales(&self, lead: usize, cutoff: Time) -> Status {
        self.before_sales(lead, cutoff).status
    }

    /// The result as the lead stood before sales touched it (see
    /// [`Self::status_before_sales`]): what calibration and compare measure.
    pub fn before_sales(&self, lead: usize, cutoff: Time) -> LeadResult {
        let (hits, days) = self.hits_before_sales(lead, cutoff);
        combine(self.model, &hits, days)
    }

    /// The hits and engagement age behind [`Self::before_sales`], so
    /// calibration can re-combine them under other points.
    pub fn hits_before_sales(&self, lead: usize, cutoff: Time) -> (Vec<Hit>, Option<i64>) {
        let all = self.data.activities.of_lead(lead);
        let events = &all[..all.partition_point(|e| e.time < cutoff)];
        let mut hits = self.fit_hits(lead);
        self.behavior_hits(lead, events, cutoff, &mut hits, None);
        (hits, self.days_since_engagement(events, cutoff))
    }

    /// When an MQL crossed: the last moment at which it went from not-MQL
    /// to MQL (after its latest rejection, if any); a lead that is an MQL
    /// on fit alone crossed when it was created, or at the rejection.
    pub fn crossed_at(&self, lead: usize, as_of: Time) -> Option<Time> {
        let fit = self.fit_hits(lead);
        let restart = self.restart(lead, as_of);
        let events = &self.events_between(lead, restart, as_of);
        self.crossing(lead, &fit, events, restart, as_of)
            .map(|(t, _, _)| t)
            .or(restart)
            .or(self.data.leads.leads[lead].created_at.get())
    }

    /// The last moment at which the lead went from not-MQL to MQL, and the
    /// range of `events` at that instant. The moments are event times and
    /// the times a decision's hold could end (a decision, the end of
    /// recycling). Searched backwards: between two such moments only time
    /// passes, which only lowers a score, so a lead that is an MQL just
    /// before a moment was one at the previous moment too.
    fn crossing(&self, lead: usize, fit: &[Hit], events: &[Event], after: Option<Time>, as_of: Time) -> Option<(Time, usize, usize)> {
        let mut scratch = Vec::with_capacity(fit.len());
        let mut changes = if self.decisions(lead).is_empty() { Vec::new() } else { self.gate_changes(lead, after, as_of) };
        let mut end = events.len();
        loop {
            let event_t = end.checked_sub(1).map(|i| events[i].time);
            let t = match (event_t, changes.last().copied()) {
                (None, None) => return None,
                (Some(a), Some(b)) => a.max(b),
                (a, b) => a.or(b).unwrap_or_default(),
            };
            while changes.last().is_some_and(|&c| c >= t) {
                changes.pop();
            }
            let start = events[..end].partition_point(|e| e.time < t);
            let gate = self.gate_at(lead, t, false);
            if self.result_at(lead, fit, &mut scratch, &events[..start], t, gate).status != Status::Mql {
                return Some((t, start, end));
            }
            end = start;
        }
    }

    /// Each enabled rule's share of the score as of `as_of`, from `events`.
    fn contributions(&self, lead: usize, fit: &[Hit], events: &[Event], as_of: Time) -> (Vec<Contribution>, LeadResult) {
        let mut hits = fit.to_vec();
        let mut picked = vec![Vec::new(); self.rules.len()];
        self.behavior_hits(lead, events, as_of, &mut hits, Some(&mut picked));
        let result = combine_gated(self.model, &hits, self.days_since_engagement(events, as_of), self.gate(lead, as_of));
        let mut out = Vec::new();
        for (i, (rule, hit)) in self.model.rules.iter().zip(&hits).enumerate() {
            if hit.count == 0 || !rule.enabled {
                continue;
            }
            let (points, capped) = rule_points(rule, hit.count);
            let (field, value) = match (&rule.when, &self.rules[i].test) {
                (When::Field(t), Test::Field(m)) => (Some(t.field.clone()), Some(self.cell(lead, &m.source).to_string())),
                (When::Number(t), Test::Number { source, .. }) => (Some(t.field.clone()), Some(self.cell(lead, source).to_string())),
                _ => (None, None),
            };
            out.push(Contribution {
                rule: rule.id.clone(),
                label: rule.label.clone(),
                category: rule.category(),
                points,
                count: hit.count,
                capped,
                instant_mql: rule.instant_mql && hit.fresh,
                disqualify: rule.disqualify,
                field,
                value,
                events: picked[i].iter().map(|&e| self.event_view(&events[e])).collect(),
            });
        }
        (out, result)
    }

    /// Everything about one lead's score, for the page and the packet.
    pub fn explain(&self, lead: usize, as_of: Time) -> Explanation {
        let fit = self.fit_hits(lead);
        let restart = self.restart(lead, as_of);
        let events = &self.events_between(lead, restart, as_of);
        let (contributions, r) = self.contributions(lead, &fit, events, as_of);
        let days = self.days_since_engagement(events, as_of);
        let before: i32 =
            contributions.iter().filter(|c| c.category == Category::Behavior && c.points > 0).map(|c| c.points).sum();
        let decay = DecayView {
            last_engagement: events.iter().rev().find(|e| Some(e.kind) != self.unsubscribe).map(|e| format_time(e.time)),
            days_since: days,
            factor: days.map_or(1.0, |d| decay::factor(&self.model.decay, d)),
            before,
            after: before - r.decay_removed,
            removed: r.decay_removed,
        };

        let (mut crossed_at, mut crossing_events, mut drivers) = (None, Vec::new(), Vec::new());
        if r.status == Status::Mql {
            if let Some((t, start, end)) = self.crossing(lead, &fit, events, restart, as_of) {
                crossed_at = Some(t);
                crossing_events = events[start..end].iter().map(|e| self.event_view(e)).collect();
                if start < end {
                    drivers = self.changes_at(lead, events, start, end, &mut fit.clone(), &mut fit.clone());
                }
            } else {
                crossed_at = restart.or(self.data.leads.leads[lead].created_at.get());
            }
        }
        let leads = &self.data.leads;
        let row = &leads.leads[lead];
        let decisions = self.decisions(lead);
        let applies = outcomes::applicable(decisions, as_of);
        let views = outcomes::views(decisions, as_of);
        let released = applies.and_then(|i| {
            let d = &decisions[i];
            (d.reason() == Some(Reason::WrongIcp)).then(|| self.fit_change(lead, d.snapshot)).flatten()
        });
        let next_step = applies.map(|i| {
            outcomes::next_step(&decisions[i], r.status == Status::Suppressed, released.as_ref(), self.model.feedback.premature_days, as_of, None)
        });
        let all_events = self.data.activities.of_lead(lead);
        let before_restart = restart.map_or(0, |t| all_events.partition_point(|e| e.time <= t).min(all_events.partition_point(|e| e.time <= as_of)));
        Explanation {
            index: lead,
            id: leads.id(lead).to_string(),
            name: leads.display_name(lead),
            line: row.line,
            fields: leads
                .columns
                .iter()
                .zip(leads.row(lead).iter())
                .map(|(c, v)| FieldView {
                    header: c.header.clone(),
                    field: c.field.map(|f| f.key().to_string()),
                    value: v.to_string(),
                })
                .collect(),
            as_of: format_time(as_of),
            threshold: self.model.threshold,
            score: r.score,
            fit: r.fit,
            behavior: r.behavior,
            status: r.status,
            instant: r.instant,
            crossed_at: crossed_at.map(format_time),
            crossing_events,
            drivers,
            decay,
            contributions,
            timeline: self.timeline(lead, &fit, events, as_of),
            activities: events.len(),
            activities_after_as_of: all_events.len() - events.len() - before_restart,
            decision: applies.map(|i| views[i].clone()),
            decisions: views,
            next_step,
            behavior_since: restart.map(format_time),
            activities_before_restart: before_restart,
            released,
        }
    }

    /// The lead's path to its crossing at `crossed`: at each event time up
    /// to it, the rules whose points changed, in time order.
    pub fn path_to_mql(&self, lead: usize, crossed: Time) -> Vec<(Time, Vec<Contribution>)> {
        let events = &self.events_counted(lead, crossed);
        let fit = self.fit_hits(lead);
        let (mut before, mut with) = (fit.clone(), fit);
        let mut steps = Vec::new();
        let mut start = 0;
        while start < events.len() {
            let end = start + events[start..].partition_point(|e| e.time <= events[start].time);
            let changed = self.changes_at(lead, events, start, end, &mut before, &mut with);
            if !changed.is_empty() {
                steps.push((events[start].time, changed));
            }
            start = end;
        }
        steps
    }

    /// What the events `events[start..end]` (all at one time t) changed,
    /// rule by rule, scored as of t: the point change and those events.
    /// Works on hits, so only the changed rules are described. `before` and
    /// `with` are scratch rows holding the lead's fit hits.
    fn changes_at(
        &self,
        lead: usize,
        events: &[Event],
        start: usize,
        end: usize,
        before: &mut [Hit],
        with: &mut [Hit],
    ) -> Vec<Contribution> {
        let t = events[start].time;
        self.behavior_hits(lead, &events[..start], t, before, None);
        self.behavior_hits(lead, &events[..end], t, with, None);
        let mut changed = Vec::new();
        for (i, rule) in self.model.rules.iter().enumerate() {
            let (old, new) = (before[i], with[i]);
            if !rule.enabled || self.rules[i].category != Category::Behavior {
                continue;
            }
            let delta = rule_points(rule, new.count).0 - rule_points(rule, old.count).0;
            let now_instant = rule.instant_mql && new.fresh && new.count > 0 && !(old.fresh && old.count > 0);
            if delta == 0 && !now_instant {
                continue;
            }
            changed.push(Contribution {
                rule: rule.id.clone(),
                label: rule.label.clone(),
                category: Category::Behavior,
                points: delta,
                count: new.count - old.count.min(new.count),
                capped: rule_points(rule, new.count).1,
                instant_mql: now_instant,
                disqualify: rule.disqualify,
                field: None,
                value: None,
                events: events[start..end]
                    .iter()
                    .filter(|e| self.event_matches(&self.rules[i].test, e))
                    .map(|e| self.event_view(e))
                    .collect(),
            });
        }
        changed
    }

    /// Score at each distinct event time, at each later decay step, and at
    /// as-of: enough points to draw the score over time against the threshold.
    fn timeline(&self, lead: usize, fit: &[Hit], events: &[Event], as_of: Time) -> Vec<TimelinePoint> {
        let mut times: Vec<Time> = events.iter().map(|e| e.time).collect();
        times.dedup();
        if let (Some(&last), crate::model::Decay::Steps { steps, .. }) = (times.last(), &self.model.decay) {
            times.extend(steps.iter().map(|s| last + (i64::from(s.max_days) + 1) * DAY).filter(|&t| t < as_of));
        }
        times.push(as_of);
        crate::sort::times(&mut times);
        times.dedup();
        let mut scratch = Vec::with_capacity(fit.len());
        times
            .into_iter()
            .map(|t| {
                let upto = &events[..events.partition_point(|e| e.time <= t)];
                let r = self.result_at(lead, fit, &mut scratch, upto, t, self.gate(lead, t));
                TimelinePoint { time: format_time(t), score: r.score, status: r.status }
            })
            .collect()
    }
}

/// How many times a number rule counts for value `v`.
fn number_count(v: f64, per: Option<f64>, at_least: Option<f64>) -> u32 {
    match (per, at_least) {
        (Some(p), _) => (v / p).floor().clamp(0.0, f64::from(u32::MAX)) as u32,
        (None, Some(min)) => u32::from(v >= min),
        _ => 0,
    }
}

fn add(pos: &mut i32, neg: &mut i32, points: i32) {
    if points >= 0 {
        *pos = pos.saturating_add(points);
    } else {
        *neg = neg.saturating_add(points);
    }
}

/// Per lead of a replay, its results at the step ends and its crossings.
pub struct Replayer<'s, 'a> {
    running: Running<'s, 'a>,
    out: Vec<(LeadResult, Option<Time>)>,
    /// The results at the ends, before the crossings are looked for.
    first: Vec<(LeadResult, Option<Time>)>,
    skip: Vec<bool>,
}

impl Replayer<'_, '_> {
    /// [`Scorer::crossings_at`] for `lead`, cut after its last MQL end:
    /// crossings are read for MQLs only, and most leads never are one.
    pub fn lead(&mut self, lead: usize, ends: &[Time], floor: Time) -> &[(LeadResult, Option<Time>)] {
        self.lead_sharing(lead, ends, floor, None)
    }

    /// [`Self::lead`], with the fit and number hits of the rules whose
    /// condition `other`'s model has too (`map`: [`shared_rules`]) taken
    /// from it when it has read them for this lead.
    pub fn lead_sharing(&mut self, lead: usize, ends: &[Time], floor: Time, other: Option<(&Replayer, &[Option<usize>])>) -> &[(LeadResult, Option<Time>)] {
        let s = self.running.scorer;
        self.out.clear();
        let Some(&last) = ends.last() else { return &self.out };
        // The events first: most leads are ruled out before their fields are read.
        self.running.count_upto(lead, last, other.map(|(o, map)| (&o.running, map)));
        let most = self.running.events_most().zip(s.fixed_most).map(|(e, f)| e.saturating_add(f));
        if most.is_some_and(|m| m < s.model.threshold) {
            return &self.out;
        }
        let share = other.filter(|(o, _)| o.running.lead == Some(lead)).map(|(o, map)| (&o.running.hits[..], map));
        self.running.load_sharing(lead, share);
        if !self.running.may_be_mql() {
            return &self.out;
        }
        s.walk(&mut self.running, lead, ends, None, &[], &[], &mut self.first);
        let Some(last) = self.first.iter().rposition(|(r, _)| r.status == Status::Mql) else {
            return &self.out;
        };
        let first = &self.first[..=last];
        // Moments matter only in steps that end with the lead an MQL.
        self.skip.clear();
        self.skip.extend(first.iter().map(|(r, _)| r.status != Status::Mql));
        if !s.walk(&mut self.running, lead, &ends[..=last], Some(floor), &self.skip, first, &mut self.out) {
            s.walk(&mut self.running, lead, &ends[..=last], Some(floor), &[], first, &mut self.out);
        }
        &self.out
    }
}

/// For each rule of `b`, the rule of `a` with the same condition: on the
/// same lead its fit or number hit, or its count of matching events, is
/// the same (points, flags and decay play no part in them).
pub fn shared_rules(a: &Model, b: &Model) -> Vec<Option<usize>> {
    b.rules.iter().map(|r| a.rules.iter().position(|x| x.when == r.when)).collect()
}

/// What [`Scorer::hits_into`] keeps from lead to lead: the lead's events,
/// its hits (one per rule) and each event rule's running count.
pub(crate) struct HitScratch {
    events: Vec<Event>,
    pub(crate) hits: Vec<Hit>,
    /// By slot: matches so far, the latest one's time, the matching times
    /// (in_any_days) and where the window over them starts.
    count: Vec<u32>,
    latest: Vec<Time>,
    times: Vec<Vec<Time>>,
    start: Vec<usize>,
}

/// How an event rule counts, for the one pass of [`Scorer::hits_into`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// once, each: every match.
    All,
    /// in_last_days: the matches inside the window before as-of.
    Last,
    /// in_any_days: until a window holds enough.
    Any,
}

/// One event rule as the one pass reads it.
#[derive(Clone, Copy)]
struct Slot {
    rule: u32,
    mode: Mode,
    /// Where its detail table starts in `Scorer::detail_ok`, or u32::MAX.
    detail: u32,
    at_least: usize,
    window: Time,
}

/// One rule's running count over a lead's events, read in time order.
#[derive(Clone, Default)]
struct Run {
    count: u32,
    latest: Option<Time>,
    /// Matching times (window rules), and where the window starts.
    times: Vec<Time>,
    start: usize,
    /// The first window that held enough (in_any_days): its end.
    reached: Option<Time>,
}

/// A lead's hits kept up to date while its events are read forward, so
/// scoring at a later time costs only the events in between.
pub struct Running<'s, 'a> {
    scorer: &'s Scorer<'a>,
    lead: Option<usize>,
    /// The lead's events, decoded into one buffer kept from lead to lead.
    all: Vec<Event>,
    runs: Vec<Run>,
    next: usize,
    engaged: Option<Time>,
    hits: Vec<Hit>,
    /// The points of the rules that do not depend on time, summed at load.
    fixed: Sums,
    /// The last decay factor looked up, by whole days.
    decay: Option<(i64, f64)>,
    /// Each event rule's matches up to the last end, for which lead, and
    /// whether this model counted them itself.
    counted: Vec<u32>,
    counted_lead: Option<usize>,
    own: Vec<bool>,
}

impl<'s, 'a> Running<'s, 'a> {
    fn new(scorer: &'s Scorer<'a>) -> Self {
        Running {
            scorer,
            lead: None,
            all: Vec::new(),
            runs: vec![Run::default(); scorer.rules.len()],
            next: 0,
            engaged: None,
            hits: Vec::new(),
            fixed: Sums::default(),
            decay: None,
            counted: vec![0; scorer.rules.len()],
            counted_lead: None,
            own: vec![true; scorer.rules.len()],
        }
    }

    /// Moves to `lead` (its fit and number hits are read once).
    fn load(&mut self, lead: usize) {
        self.load_sharing(lead, None);
    }

    /// [`Self::load`], taking the hits of rules whose condition another
    /// model has too from that model's state on the same lead: `share`
    /// holds its hits and, per rule here, the rule there (see [`shared_rules`]).
    fn load_sharing(&mut self, lead: usize, share: Option<(&[Hit], &[Option<usize>])>) {
        if self.lead == Some(lead) {
            return;
        }
        let s = self.scorer;
        self.lead = Some(lead);
        self.hits.clear();
        let mut fixed = Sums::default();
        for (i, rule) in s.model.rules.iter().enumerate() {
            let hit = match share.and_then(|(hits, map)| map[i].map(|j| hits[j])) {
                Some(h) if !matches!(s.rules[i].test, Test::Event { .. }) => Some(h),
                _ => s.static_hit(lead, i),
            };
            let hit = hit.unwrap_or_default();
            if hit.count != 0 && rule.enabled {
                fixed.add(rule, hit);
            }
            self.hits.push(hit);
        }
        self.fixed = fixed;
        s.data.activities.of_lead_into(lead, &mut self.all);
    }

    /// Starts over with the events after `restart`.
    fn reset(&mut self, restart: Option<Time>) {
        for x in &mut self.runs {
            x.times.clear();
            (x.count, x.latest, x.start, x.reached) = (0, None, 0, None);
        }
        self.next = restart.map_or(0, |r| self.all.partition_point(|e| e.time <= r));
        self.engaged = None;
    }

    /// Counts each event rule's matches among `lead`'s events up to `last`
    /// (from the first), and nothing else: enough for [`Self::may_be_mql`].
    /// Rules whose condition `share`'s model has too take its counts when
    /// it has counted this lead.
    fn count_upto(&mut self, lead: usize, last: Time, share: Option<(&Running, &[Option<usize>])>) {
        let s = self.scorer;
        let share = share.filter(|(o, _)| o.counted_lead == Some(lead));
        let mut rest = false;
        for &i in &s.event_rules {
            let theirs = share.and_then(|(o, map)| map[i].map(|j| o.counted[j]));
            self.own[i] = theirs.is_none();
            rest |= self.own[i];
            self.counted[i] = theirs.unwrap_or(0);
        }
        self.counted_lead = Some(lead);
        if !rest {
            return;
        }
        let all = s.data.activities.of_lead(lead);
        for e in &all[..all.partition_point(|e| e.time <= last)] {
            for &i in s.by_kind.get(e.kind as usize).map_or(&[][..], |v| &v[..]) {
                if self.own[i] && s.event_matches(&s.rules[i].test, e) {
                    self.counted[i] += 1;
                }
            }
        }
    }

    /// The most the event rules counted so far could give (every window
    /// assumed to hold, no decay); None when an instant-MQL one counts.
    fn events_most(&self) -> Option<i32> {
        let s = self.scorer;
        let mut most = 0i32;
        for &i in &s.event_rules {
            let rule = &s.model.rules[i];
            let count = self.event_count(i);
            if count == 0 || !rule.enabled {
                continue;
            }
            if rule.instant_mql {
                return None;
            }
            most = most.saturating_add(rule_points(rule, count).0.max(0));
        }
        Some(most)
    }

    /// An event rule's count from its matches, every window assumed to hold.
    fn event_count(&self, i: usize) -> u32 {
        let n = self.counted[i];
        match &self.scorer.rules[i].test {
            Test::Event { count: EventCount::Once, .. } => u32::from(n > 0),
            Test::Event { count: EventCount::Each, .. } => n,
            Test::Event { at_least, .. } => u32::from(n as usize >= *at_least),
            _ => 0,
        }
    }

    /// Whether the lead could be an MQL at some time up to the events read
    /// (from the first): with every positive point undecayed and every
    /// window assumed to hold, is it at the threshold, or could an
    /// instant-MQL rule count? Most leads are nowhere near.
    fn may_be_mql(&self) -> bool {
        let s = self.scorer;
        let mut best = 0i32;
        for (i, rule) in s.model.rules.iter().enumerate() {
            let count = match &s.rules[i].test {
                Test::Event { kind: Some(_), .. } if rule.category() == Category::Behavior => self.event_count(i),
                _ => self.hits[i].count,
            };
            if count == 0 || !rule.enabled {
                continue;
            }
            if rule.instant_mql {
                return true;
            }
            let points = rule_points(rule, count).0;
            if points > 0 || rule.category() == Category::Fit {
                best = best.saturating_add(points);
            }
        }
        best >= s.model.threshold
    }

    /// Reads the events before `t` (at or before it when `inclusive`).
    fn take(&mut self, t: Time, inclusive: bool) {
        let s = self.scorer;
        while let Some(e) = self.all.get(self.next).filter(|e| if inclusive { e.time <= t } else { e.time < t }) {
            self.next += 1;
            if Some(e.kind) != s.unsubscribe {
                self.engaged = Some(e.time);
            }
            for &i in s.by_kind.get(e.kind as usize).map_or(&[][..], |v| &v[..]) {
                let (rule, run) = (&s.rules[i], &mut self.runs[i]);
                if !s.event_matches(&rule.test, e) {
                    continue;
                }
                run.count += 1;
                run.latest = Some(e.time);
                if let Test::Event { count: EventCount::InAnyDays | EventCount::InLastDays, at_least, window, .. } = &rule.test {
                    run.times.push(e.time);
                    if matches!(rule.test, Test::Event { count: EventCount::InAnyDays, .. }) && run.reached.is_none() {
                        let last = run.times.len() - 1;
                        while run.times[last] - run.times[run.start] >= *window {
                            run.start += 1;
                        }
                        if last + 1 - run.start >= *at_least {
                            run.reached = Some(e.time);
                        }
                    }
                }
            }
        }
    }

    /// The result at `t` from the events read so far (`t` never goes back).
    fn result(&mut self, t: Time, gate: Gate) -> LeadResult {
        let s = self.scorer;
        let mut sums = self.fixed;
        for &i in &s.event_rules {
            let run = &mut self.runs[i];
            let Test::Event { count, at_least, window, .. } = &s.rules[i].test else { continue };
            let (n, latest) = match count {
                EventCount::Once => (u32::from(run.count > 0), run.latest),
                EventCount::Each => (run.count, run.latest),
                EventCount::InLastDays => {
                    while run.start < run.times.len() && run.times[run.start] <= t - window {
                        run.start += 1;
                    }
                    if run.times.len() - run.start >= *at_least { (1, run.latest) } else { (0, None) }
                }
                EventCount::InAnyDays => (u32::from(run.reached.is_some()), run.reached),
            };
            let rule = &s.model.rules[i];
            if n == 0 || !rule.enabled {
                continue;
            }
            let fresh = match (latest, s.horizon) {
                (Some(l), Some(h)) => whole_days(l, t) <= h,
                _ => true,
            };
            sums.add(rule, Hit { count: n, fresh });
        }
        let factor = match self.engaged.map(|e| whole_days(e, t)) {
            None => 1.0,
            Some(d) => match self.decay {
                Some((days, f)) if days == d => f,
                _ => {
                    let f = decay::factor(&s.model.decay, d);
                    self.decay = Some((d, f));
                    f
                }
            },
        };
        finish(s.model, sums, factor, gate)
    }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct EventView {
    pub time: String,
    #[cfg_attr(test, serde(rename = "type"))]
    pub kind: String,
    pub detail: String,
}
crate::json_object!(EventView { time, "type" = kind, detail });

/// One rule's share of a score.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Contribution {
    pub rule: String,
    pub label: String,
    pub category: Category,
    /// Points before decay (after the cap).
    pub points: i32,
    /// Hits: matching events for `each`, units for `per`, otherwise 1.
    pub count: u32,
    pub capped: bool,
    pub instant_mql: bool,
    pub disqualify: bool,
    pub field: Option<String>,
    pub value: Option<String>,
    /// The events behind the points.
    pub events: Vec<EventView>,
}
crate::json_object!(Contribution { rule, label, category, points, count, capped, instant_mql, disqualify, field, value, events });

#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct DecayView {
    pub last_engagement: Option<String>,
    pub days_since: Option<i64>,
    pub factor: f64,
    /// Positive behavioral points before and after decay.
    pub before: i32,
    pub after: i32,
    pub removed: i32,
}
crate::json_object!(DecayView { last_engagement, days_since, factor, before, after, removed });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct FieldView {
    pub header: String,
    pub field: Option<String>,
    pub value: String,
}
crate::json_object!(FieldView { header, field, value });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct TimelinePoint {
    pub time: String,
    pub score: i32,
    pub status: Status,
}
crate::json_object!(TimelinePoint { time, score, status });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Explanation {
    pub index: usize,
    pub id: String,
    pub name: String,
    pub line: u32,
    pub fields: Vec<FieldView>,
    pub as_of: String,
    pub threshold: i32,
    pub score: i32,
    pub fit: i32,
    pub behavior: i32,
    pub status: Status,
    pub instant: bool,
    pub crossed_at: Option<String>,
    /// The events at the crossing instant.
    pub crossing_events: Vec<EventView>,
    /// What those events added, rule by rule.
    pub drivers: Vec<Contribution>,
    pub decay: DecayView,
    pub contributions: Vec<Contribution>,
    pub timeline: Vec<TimelinePoint>,
    /// Events that count (after the latest rejection, up to as-of).
    pub activities: usize,
    pub activities_after_as_of: usize,
    /// The sales decision in force at as-of, and every decision.
    pub decision: Option<DecisionView>,
    pub decisions: Vec<DecisionView>,
    /// What happens next, from the decision in force.
    pub next_step: Option<NextStep>,
    /// Behavior counts from this time on (the latest rejection).
    pub behavior_since: Option<String>,
    /// Events at or before that rejection, left out.
    pub activities_before_restart: usize,
    /// For a wrong-ICP rejection: the fit field whose change released it.
    pub released: Option<FieldChange>,
}
crate::json_object!(Explanation { index, id, name, line, fields, as_of, threshold, score, fit, behavior, status, instant, crossed_at, crossing_events, drivers, decay, contributions, timeline, activities, activities_after_as_of, decision, decisions, next_step, behavior_since, activities_before_restart, released });

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::model::{Decay, EventTest};
    use proptest::prelude::*;

    const COUNTS: [EventCount; 4] = [EventCount::Once, EventCount::Each, EventCount::InLastDays, EventCount::InAnyDays];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The one-pass hits the cache is built from equal the hits read
        /// rule by rule (count_events over the lead's events for each), for
        /// every lead: every kind of count, windows, detail filters, a type
        /// the data lacks, rejections that restart behavior, as-of times
        /// with events after them, with and without an instant horizon.
        #[test]
        fn one_pass_hits_equal_the_hits_rule_by_rule(
            seed in 0u64..1000,
            kinds in proptest::collection::vec((0usize..4, 1u32..6, 1u32..40, any::<bool>()), 7),
            back_days in -5i64..200,
            half_life in any::<bool>(),
            missing in 0usize..7,
        ) {
            let s = crate::sample::generate(250, 12, seed);
            let mut ws = crate::Workspace::new();
            ws.import_leads(s.leads_csv.as_bytes(), &[]).unwrap();
            ws.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
            let mut m = Model::seed_example();
            let events = m.rules.iter_mut().filter_map(|r| match &mut r.when { When::Event(t) => Some(t), _ => None });
            for (k, (t, &(c, at_least, days, detail))) in events.zip(&kinds).enumerate() {
                let windowed = c >= 2;
                *t = EventTest {
                    event: if k == missing { "no_such_type".into() } else { t.event.clone() },
                    detail_contains: if detail { t.detail_contains.clone().or(Some("/".into())) } else { None },
                    count: COUNTS[c],
                    at_least: windowed.then_some(at_least),
                    days: windowed.then_some(days),
                    cap: None,
                };
            }
            if half_life {
                m.decay = Decay::HalfLife { days: 20.0 };
            }
            let data = ws.data();
            let scorer = Scorer::new(data, &m);
            let mut scratch = scorer.hit_scratch();
            let as_of = s.as_of - back_days * DAY;
            for lead in 0..data.leads.leads.len() {
                let days = scorer.hits_into(lead, as_of, &mut scratch);
                let (hits, want_days) = scorer.hits(lead, as_of);
                prop_assert_eq!(&scratch.hits, &hits, "lead {}", lead);
                prop_assert_eq!(days, want_days, "lead {}", lead);
            }
        }
    }

    /// The data the property reads has what it tests: under the seed
    /// model every event rule counts for some lead, `each` more than once,
    /// some rules miss, some leads have a rejection that restarts them.
    #[test]
    fn the_sample_exercises_every_event_rule() {
        let s = crate::sample::generate(250, 12, 7);
        let mut ws = crate::Workspace::new();
        ws.import_leads(s.leads_csv.as_bytes(), &[]).unwrap();
        ws.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
        let m = Model::seed_example();
        let scorer = Scorer::new(ws.data(), &m);
        let mut scratch = scorer.hit_scratch();
        let (mut most, mut missed) = (vec![0u32; m.rules.len()], vec![false; m.rules.len()]);
        let mut restarted = 0;
        for lead in 0..ws.data().leads.leads.len() {
            scorer.hits_into(lead, s.as_of, &mut scratch);
            for (i, h) in scratch.hits.iter().enumerate() {
                most[i] = most[i].max(h.count);
                missed[i] |= h.count == 0;
            }
            restarted += usize::from(scorer.restart(lead, s.as_of).is_some());
        }
        for &i in &scorer.event_rules {
            assert!(most[i] > 0 && missed[i], "rule {} counts for some leads only: {most:?}", m.rules[i].id);
        }
        assert!(most[5] > 1, "case-study (each) counts more than once: {most:?}");
        assert!(restarted > 0);
    }
}
