//! Backtest and compare (SPEC section 9) against separate scorings: every
//! lead's status and score, the transitions, the rules named as why, the
//! replay against scoring at each step end, and the properties.
#![cfg(not(target_arch = "wasm32"))]

use leadscore::compare::{self, PageOptions};
use leadscore::outcomes::StatusMapping;
use leadscore::scoring::{LeadResult, Status};
use leadscore::{format_time, sample, Model, Time, Workspace};
use proptest::prelude::*;
use serde_json::{json, Value};

const DAY: Time = 86_400;

fn sample_ws(leads: usize, seed: u64) -> (Workspace, Time) {
    let s = sample::generate(leads, 12, seed);
    let mut ws = Workspace::new();
    ws.import_leads_with(s.leads_csv.as_bytes(), &[], &StatusMapping::default()).unwrap();
    ws.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
    (ws, s.as_of)
}

fn seed() -> Value {
    serde_json::from_str(&Model::seed_example().to_json()).unwrap()
}

fn rule<'a>(m: &'a mut Value, id: &str) -> &'a mut Value {
    m["rules"].as_array_mut().unwrap().iter_mut().find(|r| r["id"] == id).unwrap()
}

/// A draft that changes points, a condition (so the hits are re-read), the
/// threshold, and adds a rule.
fn draft() -> String {
    let mut m = seed();
    m["threshold"] = json!(45);
    rule(&mut m, "pricing-page")["points"] = json!(25);
    rule(&mut m, "company-size")["when"]["min"] = json!(100.0);
    m["rules"].as_array_mut().unwrap().push(json!({
        "id": "webinar", "label": "Webinar form", "points": 12,
        "when": {"kind": "event", "event": "form_submit", "count": "once"}
    }));
    m.to_string()
}

/// A draft that only moves points and the threshold (the hits are shared).
fn points_only() -> String {
    let mut m = seed();
    m["threshold"] = json!(40);
    rule(&mut m, "case-study")["points"] = json!(5);
    m.to_string()
}

fn separately(ws: &mut Workspace, model: &str, as_of: Time) -> (leadscore::workspace::Summary, Vec<LeadResult>) {
    ws.set_model_json(model).unwrap();
    let s = ws.score(as_of);
    (s, ws.results_fast().to_vec())
}

fn all_changed(ws: &Workspace) -> Vec<compare::ChangedRow> {
    let mut rows = Vec::new();
    loop {
        let page = ws.changed_rows(rows.len(), 337, &PageOptions { sort_by: Some("file".into()), descending: Some(false), ..Default::default() }).unwrap();
        if page.rows.is_empty() {
            assert_eq!(rows.len(), page.total);
            return rows;
        }
        rows.extend(page.rows);
    }
}

fn check_against_scorings(ws: &mut Workspace, a: &str, b: &str, as_of: Time) -> compare::CompareReport {
    let (sum_a, res_a) = separately(ws, a, as_of);
    let (sum_b, res_b) = separately(ws, b, as_of);
    // The workspace keeps its own model and results through compare.
    let own_model = ws.model().to_json();
    let report = ws.compare(a, b, as_of).unwrap();
    assert_eq!(ws.model().to_json(), own_model);
    assert_eq!(ws.results_fast(), &res_b[..]);
    assert_eq!(report.a, sum_a);
    assert_eq!(report.b, sum_b);
    let mut pairs = std::collections::BTreeMap::new();
    for (x, y) in res_a.iter().zip(&res_b) {
        *pairs.entry((x.status, y.status)).or_insert(0usize) += 1;
    }
    let got: std::collections::BTreeMap<(Status, Status), usize> = report.transitions.iter().map(|t| ((t.from, t.to), t.count)).collect();
    assert_eq!(got, pairs);
    let rows = all_changed(ws);
    let want: Vec<usize> = (0..res_a.len()).filter(|&i| res_a[i].status != res_b[i].status).collect();
    assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), want);
    assert_eq!(report.changed, want.len());
    for r in &rows {
        let (x, y) = (res_a[r.index], res_b[r.index]);
        assert_eq!((r.score_a, r.status_a, r.score_b, r.status_b), (x.score, x.status, y.score, y.status), "lead {}", r.index);
    }
    report
}

/// Each rule's points in the explanation of `lead` under `model`.
fn explained(ws: &mut Workspace, model: &str, as_of: Time, lead: usize) -> Vec<(String, i32)> {
    ws.set_model_json(model).unwrap();
    ws.score(as_of);
    ws.explain(lead).unwrap().contributions.iter().map(|c| (c.rule.clone(), c.points)).collect()
}

#[test]
fn compare_agrees_with_two_scorings_on_every_lead() {
    let (mut ws, as_of) = sample_ws(3000, 7);
    let seed = Model::seed_example().to_json();
    for b in [draft(), points_only()] {
        let report = check_against_scorings(&mut ws, &seed, &b, as_of);
        assert!(report.changed > 50, "the drafts change statuses: {}", report.changed);
        let q = report.quality.as_ref().expect("the sample has outcomes");
        assert!(q.labelled > 100 && q.positives > 10 && q.negatives > 10, "{q:?}");
        let auc = q.auc.as_ref().unwrap();
        assert!(auc.auc_a > 0.5 && auc.auc_a < 1.0, "{auc:?}");
        // Flows: the leads B adds are the transitions into mql.
        let into: usize = report.transitions.iter().filter(|t| t.to == Status::Mql && t.from != Status::Mql).map(|t| t.count).sum();
        let out: usize = report.transitions.iter().filter(|t| t.from == Status::Mql && t.to != Status::Mql).map(|t| t.count).sum();
        assert_eq!((q.added.leads, q.dropped.leads), (into, out));
    }
}

#[test]
fn why_names_the_rules_the_explanations_differ_on() {
    let (mut ws, as_of) = sample_ws(1500, 11);
    let (a, b) = (Model::seed_example().to_json(), draft());
    ws.compare(&a, &b, as_of).unwrap();
    let rows = all_changed(&ws);
    assert!(!rows.is_empty());
    for r in rows.iter().take(60) {
        let ea = explained(&mut ws, &a, as_of, r.index);
        let eb = explained(&mut ws, &b, as_of, r.index);
        let pts = |e: &[(String, i32)], id: &str| e.iter().find(|(r, _)| r == id).map_or(0, |(_, p)| *p);
        let ids: std::collections::BTreeSet<&str> = ea.iter().chain(&eb).map(|(id, _)| id.as_str()).collect();
        let want: Vec<(String, i32, i32)> =
            ids.iter().filter(|id| pts(&ea, id) != pts(&eb, id)).map(|id| (id.to_string(), pts(&ea, id), pts(&eb, id))).collect();
        let mut got: Vec<(String, i32, i32)> = r.why.iter().map(|w| (w.rule.clone(), w.points_a, w.points_b)).collect();
        got.sort();
        assert_eq!(got, want, "lead {}", r.index);
    }
}

#[test]
fn changed_rows_sort_filter_and_page() {
    let (mut ws, as_of) = sample_ws(1500, 3);
    let report = ws.compare(&Model::seed_example().to_json(), &draft(), as_of).unwrap();
    let page = ws.changed_rows(0, 100_000, &PageOptions::default()).unwrap();
    assert_eq!(page.total, report.changed);
    assert!(page.rows.windows(2).all(|w| w[0].change >= w[1].change));
    let up = ws.changed_rows(0, 100_000, &PageOptions { sort_by: Some("score_b".into()), descending: Some(false), from: Some(Status::Nurture), to: Some(Status::Mql) }).unwrap();
    let want = report.transitions.iter().find(|t| (t.from, t.to) == (Status::Nurture, Status::Mql)).map_or(0, |t| t.count);
    assert_eq!(up.total, want);
    assert!(up.rows.iter().all(|r| (r.status_a, r.status_b) == (Status::Nurture, Status::Mql)));
    assert!(up.rows.windows(2).all(|w| w[0].score_b <= w[1].score_b));
    // Pages tile the list.
    let p1 = ws.changed_rows(0, 10, &PageOptions::default()).unwrap();
    let p2 = ws.changed_rows(10, 10, &PageOptions::default()).unwrap();
    let idx = |p: &compare::ChangedPage| p.rows.iter().map(|r| r.index).collect::<Vec<_>>();
    assert_eq!([idx(&p1), idx(&p2)].concat(), page.rows[..20].iter().map(|r| r.index).collect::<Vec<_>>());
    let past = ws.changed_rows(page.total + 5, 10, &PageOptions::default()).unwrap();
    assert!(past.rows.is_empty());
    let err = ws.changed_rows(0, 10, &PageOptions { sort_by: Some("nope".into()), ..Default::default() }).unwrap_err();
    assert!(err.0.contains("cannot sort the changed leads by \"nope\""), "{err}");
}

#[test]
fn bad_models_name_which_one() {
    let (mut ws, as_of) = sample_ws(50, 1);
    let e = ws.compare("{", &Model::seed_example().to_json(), as_of).unwrap_err();
    assert!(e.0.starts_with("model A: "), "{e}");
    let e = ws.compare(&Model::seed_example().to_json(), "{\"version\": 1}", as_of).unwrap_err();
    assert!(e.0.starts_with("model B: "), "{e}");
    let fresh = Workspace::new();
    assert!(fresh.changed_rows(0, 10, &PageOptions::default()).unwrap_err().0.contains("call compare"));
}

#[test]
fn mql_to_sql_matches_the_feedback_report() {
    // As of after every decision, compare's rate is the feedback panel's.
    let (mut ws, as_of) = sample_ws(3000, 5);
    let seed = Model::seed_example().to_json();
    ws.set_model_json(&seed).unwrap();
    ws.score(as_of);
    let fb = ws.feedback().unwrap();
    assert_eq!(fb.decisions_after_as_of, 0);
    let q = ws.compare(&seed, &seed, as_of).unwrap().quality.unwrap();
    assert_eq!((q.mql_to_sql_a.decided_mqls, q.mql_to_sql_a.accepted), (fb.mql_to_sql.decided_mqls, fb.mql_to_sql.accepted));
    assert!(fb.mql_to_sql.decided_mqls > 0);
}

#[test]
fn no_outcomes_no_quality() {
    let s = sample::generate(300, 8, 2);
    let mut ws = Workspace::new();
    let skip: Vec<(String, Option<String>)> =
        ["sales_outcome", "rejection_reason", "rejected_at", "converted", "first_contact_at"].iter().map(|h| (h.to_string(), None)).collect();
    ws.import_leads(s.leads_csv.as_bytes(), &skip).unwrap();
    ws.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
    let r = ws.compare(&Model::seed_example().to_json(), &draft(), s.as_of).unwrap();
    assert!(r.quality.is_none());
    assert!(r.changed > 0);
}

/// Step by step: score as of each end, read the crossing times.
fn replay_by_scoring(ws: &mut Workspace, model: &str, steps: &[(Time, Time)]) -> Vec<compare::StepLeads> {
    ws.set_model_json(model).unwrap();
    steps
        .iter()
        .map(|&(s, e)| {
            ws.score(e);
            let r = ws.results();
            let mql: Vec<usize> = (0..r.len()).filter(|&i| r[i].status == Status::Mql).collect();
            let crossed = mql.iter().filter(|&&i| r[i].crossed_at.is_some_and(|t| t >= s && t < e)).map(|&i| i as u32).collect();
            compare::StepLeads { mql: mql.len(), crossed }
        })
        .collect()
}

#[test]
fn replay_equals_scoring_at_each_step_end() {
    let (mut ws, as_of) = sample_ws(2000, 9);
    let from = as_of - 13 * 7 * DAY;
    let steps = compare::steps(from, as_of, 7).unwrap();
    assert_eq!(steps.len(), 13);
    for model in [Model::seed_example().to_json(), draft()] {
        let want = replay_by_scoring(&mut ws, &model, &steps);
        let got = compare::replay_leads(ws.data(), &Model::from_json(&model).unwrap(), &steps);
        assert_eq!(got, want);
        assert!(want.iter().map(|s| s.crossed.len()).sum::<usize>() > 20, "the sample has crossings in the period");
    }
    let r = ws.replay(&Model::seed_example().to_json(), &draft(), from, as_of, 7).unwrap();
    assert_eq!(r.steps.len(), 13);
    assert_eq!(r.steps[0].start, format_time(from));
    assert_eq!(r.total_a.crossed, r.steps.iter().map(|s| s.a.crossed).sum::<usize>());
    assert!(r.steps.iter().all(|s| s.a.converted <= s.a.crossed && s.b.accepted <= s.b.crossed));
}

#[test]
fn results_at_many_ends_equal_scoring_at_each() {
    let (ws, as_of) = sample_ws(1500, 13);
    // Daily ends over 200 days: every rule's window opens and closes, and
    // rejections inside the period restart behavior.
    let ends: Vec<Time> = (0..200).map(|k| as_of - 200 * DAY + k * DAY + 3_600 * (k % 7)).collect();
    for model in [Model::seed_example(), Model::from_json(&draft()).unwrap()] {
        let scorer = leadscore::scoring::Scorer::new(ws.data(), &model);
        for lead in 0..ws.lead_count() {
            let got = scorer.results_at(lead, &ends);
            for (k, &e) in ends.iter().enumerate() {
                assert_eq!(got[k], scorer.score_fast(lead, e), "lead {lead} as of {}", format_time(e));
            }
        }
    }
}

/// The crossing found in the forward pass is `crossed_at` at every end, on
/// daily ends (rejections restart behavior, recycling ends, windows open
/// and close inside the period) and for floors before, inside and after
/// the data.
fn check_crossings(ws: &Workspace, model: &Model, ends: &[Time], floors: &[Time]) -> usize {
    let scorer = leadscore::scoring::Scorer::new(ws.data(), model);
    let mut found = 0;
    for lead in 0..ws.lead_count() {
        for &floor in floors {
            let got = scorer.crossings_at(lead, ends, floor);
            for (k, &e) in ends.iter().enumerate() {
                let want = scorer.score(lead, e);
                let crossed = want.crossed_at.filter(|&t| t >= floor);
                assert_eq!(got[k], (scorer.score_fast(lead, e), crossed), "lead {lead} as of {}, floor {}", format_time(e), format_time(floor));
                found += usize::from(crossed.is_some());
            }
        }
    }
    found
}

#[test]
fn crossings_in_one_pass_equal_crossed_at() {
    let (ws, as_of) = sample_ws(1200, 21);
    let ends: Vec<Time> = (0..120).map(|k| as_of - 120 * DAY + k * DAY + 3_600 * (k % 5)).collect();
    let floors = [0, as_of - 60 * DAY, as_of - 3 * DAY];
    // A low threshold makes fit alone an MQL, so leads cross when a
    // premature rejection's recycling ends or a wrong-ICP hold is released.
    let mut low = seed();
    low["threshold"] = json!(8);
    for model in [Model::seed_example(), Model::from_json(&draft()).unwrap(), Model::from_json(&points_only()).unwrap(), Model::from_json(&low.to_string()).unwrap()] {
        assert!(check_crossings(&ws, &model, &ends, &floors) > 1000, "the sample has crossings");
    }
}

fn roc_area(points: &[[u32; 2]], neg: usize, pos: usize) -> f64 {
    points.windows(2).map(|w| f64::from(w[1][0] - w[0][0]) * f64::from(w[0][1] + w[1][1]) / 2.0).sum::<f64>() / (neg * pos) as f64
}

#[test]
fn roc_curves_end_at_the_totals_and_their_area_is_the_auc() {
    let (mut ws, as_of) = sample_ws(3000, 5);
    let q = ws.compare(&Model::seed_example().to_json(), &draft(), as_of).unwrap().quality.unwrap();
    let auc = q.auc.clone().unwrap();
    for (roc, want) in [(&q.roc_a, auc.auc_a), (&q.roc_b, auc.auc_b)] {
        assert_eq!(roc.first(), Some(&[0, 0]));
        assert_eq!(roc.last(), Some(&[q.negatives as u32, q.positives as u32]));
        assert!(roc.windows(2).all(|w| w[1][0] >= w[0][0] && w[1][1] >= w[0][1]), "the curve only goes up and right");
        assert!(roc.len() <= compare::ROC_POINTS + 2);
        // Every distinct score is a point here (fewer than the cap), so the
        // trapezoids are the Mann-Whitney AUC that DeLong reports.
        assert!((roc_area(roc, q.negatives, q.positives) - want).abs() < 1e-12, "area {} vs AUC {want}", roc_area(roc, q.negatives, q.positives));
    }
    // Downsampled: the ends stay, and the area stays close.
    let scores: Vec<f64> = (0..5000).map(|i| f64::from((i * 7919) % 4999)).collect();
    let labels: Vec<bool> = (0..5000).map(|i| (i * 31) % 7 < 3).collect();
    let r = compare::roc(&scores, &labels);
    let pos = labels.iter().filter(|&&x| x).count();
    assert!(r.len() <= compare::ROC_POINTS + 2 && r.len() > 100);
    assert_eq!(r.last(), Some(&[(5000 - pos) as u32, pos as u32]));
    let d = compare::delong(&scores, &scores, &labels).unwrap();
    assert!((roc_area(&r, 5000 - pos, pos) - d.auc_a).abs() < 0.01);
}

#[test]
fn compare_lead_explains_under_each_model() {
    let (mut ws, as_of) = sample_ws(400, 3);
    let (a, b) = (Model::seed_example().to_json(), draft());
    let r = ws.compare(&a, &b, as_of).unwrap();
    assert!(r.changed > 0);
    let rows = all_changed(&ws);
    let picks: Vec<usize> = rows.iter().take(5).map(|x| x.index).collect();
    let under_a: Vec<_> = picks.iter().map(|&i| ws.compare_explain(i, false).unwrap()).collect();
    let under_b: Vec<_> = picks.iter().map(|&i| ws.compare_explain(i, true).unwrap()).collect();
    assert!(ws.compare_explain(10_000, false).unwrap_err().0.contains("no lead at index"));
    for (model, want) in [(&a, &under_a), (&b, &under_b)] {
        ws.set_model_json(model).unwrap();
        ws.score(as_of);
        for (k, &i) in picks.iter().enumerate() {
            assert_eq!(ws.explain(i).unwrap(), want[k]);
        }
    }
    assert!(under_a.iter().zip(&under_b).all(|(x, y)| x.status != y.status));
}

#[test]
fn replay_steps_are_checked() {
    let t = 1_000_000 * DAY;
    assert_eq!(compare::steps(t, t + 10 * DAY, 7).unwrap(), vec![(t, t + 7 * DAY), (t + 7 * DAY, t + 10 * DAY)]);
    assert!(compare::steps(t, t, 7).unwrap_err().0.contains("after"));
    assert!(compare::steps(t, t + DAY, 0).unwrap_err().0.contains("stepDays"));
    assert!(compare::steps(t, t + 5000 * DAY, 1).unwrap_err().0.contains("too many"));
}

#[test]
fn erfc_known_values() {
    // erfc from tables (Abramowitz & Stegun 7.1; erfc(x) = 1 - erf(x)).
    for (x, want) in [(0.0, 1.0), (0.5, 0.479_500_122_186_953_5), (1.0, 0.157_299_207_050_285_1), (2.0, 0.004_677_734_981_047_266), (3.0, 2.209_049_699_858_544e-5), (4.0, 1.541_725_790_028_002e-8)] {
        let got = compare::erfc(x);
        assert!((got - want).abs() <= 1e-15_f64.max(want * 1e-12), "erfc({x}) = {got}, want {want}");
        assert!((compare::erfc(-x) - (2.0 - want)).abs() < 1e-15);
    }
}

fn mutate(m: &mut Value, threshold: i32, pricing: i32, min_size: f64, enable_careers: bool) {
    m["threshold"] = json!(threshold);
    rule(m, "pricing-page")["points"] = json!(pricing);
    rule(m, "company-size")["when"]["min"] = json!(min_size);
    rule(m, "careers-page")["enabled"] = json!(enable_careers);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn compare_a_with_itself_changes_nothing_and_swapping_mirrors(
        seed in 0u64..1000, threshold in 20i32..80, pricing in -10i32..40, min_size in 0.0f64..1000.0, careers in any::<bool>(),
    ) {
        let (mut ws, as_of) = sample_ws(250, seed);
        let a = Model::seed_example().to_json();
        let mut b = serde_json::from_str::<Value>(&a).unwrap();
        mutate(&mut b, threshold, pricing, min_size, careers);
        let b = b.to_string();
        let same = ws.compare(&b, &b, as_of).unwrap();
        prop_assert_eq!(same.changed, 0);
        prop_assert_eq!(same.score_changed, 0);
        prop_assert!(same.transitions.iter().all(|t| t.from == t.to));
        prop_assert_eq!(&same.a, &same.b);
        if let Some(q) = &same.quality {
            prop_assert_eq!((q.added.leads, q.dropped.leads), (0, 0));
            prop_assert_eq!(&q.mql_to_sql_a, &q.mql_to_sql_b);
            if let Some(d) = &q.auc {
                prop_assert_eq!(d.difference, 0.0);
                prop_assert!(d.z.is_none());
            }
        }
        let ab = ws.compare(&a, &b, as_of).unwrap();
        let ba = ws.compare(&b, &a, as_of).unwrap();
        let mut mirrored: Vec<(Status, Status, usize)> = ba.transitions.iter().map(|t| (t.to, t.from, t.count)).collect();
        mirrored.sort();
        let mut forward: Vec<(Status, Status, usize)> = ab.transitions.iter().map(|t| (t.from, t.to, t.count)).collect();
        forward.sort();
        prop_assert_eq!(forward, mirrored);
        prop_assert_eq!((&ab.a, &ab.b), (&ba.b, &ba.a));
        if let (Some(x), Some(y)) = (&ab.quality, &ba.quality) {
            prop_assert_eq!((x.added.leads, x.dropped.leads), (y.dropped.leads, y.added.leads));
            if let (Some(dx), Some(dy)) = (&x.auc, &y.auc) {
                prop_assert!((dx.difference + dy.difference).abs() < 1e-12);
                prop_assert_eq!(dx.p_value, dy.p_value);
            }
        }
        check_against_scorings(&mut ws, &a, &b, as_of);
    }

    #[test]
    fn replay_crossings_equal_crossed_at(
        data in 0u64..1000, threshold in 20i32..80, pricing in -10i32..40, careers in any::<bool>(), step in 1u32..15, weeks in 1i64..20,
    ) {
        let (ws, as_of) = sample_ws(150, data);
        let mut m = seed();
        mutate(&mut m, threshold, pricing, 50.0, careers);
        let model = Model::from_json(&m.to_string()).unwrap();
        let from = as_of - weeks * 7 * DAY;
        let ends: Vec<Time> = compare::steps(from, as_of, step).unwrap().iter().map(|&(_, e)| e).collect();
        check_crossings(&ws, &model, &ends, &[from]);
    }
}

/// A model for the replay's shortcuts: decay that falls, rises or halves;
/// email engagement (an in_last_days rule) with negative points or as a
/// disqualifier, so time alone can lift a lead back to MQL; caps; an
/// instant-MQL rule; a number rule with or without a cap (no bound on the
/// fixed points without one); and the recycling period.
#[allow(clippy::too_many_arguments)]
fn shortcut_model(threshold: i32, decay: u8, email_points: i32, email_disqualify: bool, email_days: u32, cap: Option<u32>, instant: bool, size_cap: Option<u32>, premature_days: u32) -> Value {
    let mut m = seed();
    m["threshold"] = json!(threshold);
    m["decay"] = match decay {
        0 => json!({"kind": "none"}),
        1 => m["decay"].clone(),
        // Rises with time: an old lead is worth more than a fresh one.
        2 => json!({"kind": "steps", "steps": [{"max_days": 5, "factor": 0.4}, {"max_days": 20, "factor": 1.0}], "after": 0.7}),
        3 => json!({"kind": "half_life", "days": 9.5}),
        _ => json!({"kind": "steps", "steps": [{"max_days": 14, "factor": 1.0}], "after": 0.5}),
    };
    let email = rule(&mut m, "email-engagement");
    email["points"] = json!(email_points);
    email["disqualify"] = json!(email_disqualify);
    email["when"]["days"] = json!(email_days);
    if let Some(c) = cap {
        rule(&mut m, "case-study")["when"]["cap"] = json!(c);
    }
    rule(&mut m, "pricing-page")["instant_mql"] = json!(instant);
    let mut size = json!({"id": "size-points", "label": "Per 500 employees", "points": 4, "when": {"kind": "number", "field": "company_size", "per": 500.0}});
    if let Some(c) = size_cap {
        size["when"]["cap"] = json!(c);
    }
    m["rules"].as_array_mut().unwrap().push(size);
    m["feedback"] = json!({"premature_days": premature_days});
    m
}

/// Dated rejections inside `(from, to]`: behavior restarts and recycling
/// inside the period.
fn rejections_inside(ws: &Workspace, from: Time, to: Time) -> usize {
    (0..ws.lead_count()).filter(|&i| ws.data().decisions(i).iter().any(|d| d.time.is_some_and(|t| t > from && t <= to) && d.reason().is_some())).count()
}

#[test]
fn replay_of_both_models_at_once_equals_scoring_at_each_step_end() {
    let (mut ws, as_of) = sample_ws(1500, 31);
    let from = as_of - 13 * 7 * DAY;
    let steps = compare::steps(from, as_of, 7).unwrap();
    assert!(rejections_inside(&ws, from, as_of) > 10, "the sample has rejections inside the period");
    let a = shortcut_model(40, 2, -15, false, 10, Some(20), true, None, 20).to_string();
    let b = shortcut_model(30, 1, 10, true, 30, None, false, Some(8), 45).to_string();
    for (x, y) in [(&a, &b), (&b, &a), (&a, &a), (&Model::seed_example().to_json(), &draft())] {
        let (got_x, got_y) = compare::replay_pair(ws.data(), &Model::from_json(x).unwrap(), &Model::from_json(y).unwrap(), &steps);
        assert_eq!(got_x, replay_by_scoring(&mut ws, x, &steps));
        assert_eq!(got_y, replay_by_scoring(&mut ws, y, &steps));
        assert!(got_y.iter().map(|s| s.crossed.len()).sum::<usize>() > 20, "the sample has crossings in the period");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The shortcuts of a replay (leads ruled out from their event counts,
    /// moments skipped in steps that end with the lead not an MQL, the
    /// hits of shared conditions read once for both models) give what
    /// scoring at each step end gives, for models where time alone can
    /// lift a lead (negative or disqualifying in_last_days points, decay
    /// that rises) and where it cannot.
    #[test]
    fn replay_shortcuts_equal_scoring_at_each_step_end(
        data in 0u64..1000,
        threshold in 5i32..80, decay in 0u8..5, email_points in -25i32..25, email_disqualify in any::<bool>(), email_days in 1u32..40,
        cap in proptest::option::of(1u32..40), instant in any::<bool>(), size_cap in proptest::option::of(1u32..20), premature_days in 1u32..60,
        b_threshold in 5i32..80, b_min_size in 0.0f64..1000.0, b_decay in 0u8..5, b_email_points in -25i32..25,
        step in 1u32..15, weeks in 1i64..20,
    ) {
        let (mut ws, as_of) = sample_ws(150, data);
        let a = shortcut_model(threshold, decay, email_points, email_disqualify, email_days, cap, instant, size_cap, premature_days);
        // B shares some conditions with A (the title, the industry) and not others.
        let mut b = shortcut_model(b_threshold, b_decay, b_email_points, !email_disqualify, email_days, cap, !instant, size_cap.map(|c| c + 1), premature_days);
        rule(&mut b, "company-size")["when"]["min"] = json!(b_min_size);
        let (a, b) = (a.to_string(), b.to_string());
        let from = as_of - weeks * 7 * DAY;
        let steps = compare::steps(from, as_of, step).unwrap();
        let (got_a, got_b) = compare::replay_pair(ws.data(), &Model::from_json(&a).unwrap(), &Model::from_json(&b).unwrap(), &steps);
        prop_assert_eq!(&got_a, &replay_by_scoring(&mut ws, &a, &steps));
        prop_assert_eq!(&got_b, &replay_by_scoring(&mut ws, &b, &steps));
        prop_assert_eq!(&got_b, &compare::replay_leads(ws.data(), &Model::from_json(&b).unwrap(), &steps));
    }
}
