//! Every rule kind the model has, beyond the seed example's.

mod common;

use common::*;
use leadscore::scoring::Status;
use leadscore::{Model, Workspace};

const LEADS: &str = "id,email,title,company_size,industry,Use Case,Number of Pageviews,created_at\n\
L1,ann@rival.io,Student,,Software,Lead scoring,42,2026-01-01\n\
L2,bob@acme.com,VP Sales,1200,  software ,Just researching,7,2026-01-01\n\
L3,cy@acme.com,Chief Marketing Officer,N/A,,,,2026-01-01\n";

/// Scores LEADS (plus `acts`) with a model of the given rules; threshold 50.
fn run(rules: &str, decay: &str, acts: &[A]) -> (Workspace, Vec<(i32, Status)>) {
    let json = format!(r#"{{"version": 1, "threshold": 50, "decay": {decay}, "rules": [{rules}]}}"#);
    let mut ws = Workspace::new();
    ws.set_model_json(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    ws.import_leads(LEADS.as_bytes(), &[]).unwrap();
    if !acts.is_empty() {
        ws.import_activities(activities_csv(acts).as_bytes(), &[]).unwrap();
    }
    ws.score(as_of());
    let out = ws.results().iter().map(|r| (r.score, r.status)).collect();
    (ws, out)
}

fn scores(rule: &str) -> Vec<i32> {
    run(rule, r#"{"kind": "none"}"#, &[]).1.into_iter().map(|(s, _)| s).collect()
}

#[test]
fn field_ops() {
    let field = |op: &str, field: &str, extra: &str| {
        scores(&format!(r#"{{"id": "r", "points": 5, "when": {{"kind": "field", "field": "{field}", "op": "{op}"{extra}}}}}"#))
    };
    assert_eq!(field("equals", "industry", r#", "values": ["SOFTWARE"]"#), [5, 5, 0]);
    assert_eq!(field("one_of", "title", r#", "values": ["student", "vp sales"]"#), [5, 5, 0]);
    assert_eq!(field("contains", "title", r#", "values": ["market"]"#), [0, 0, 5]);
    assert_eq!(field("has_token", "title", r#", "values": ["sales", "marketing officer"]"#), [0, 5, 5]);
    assert_eq!(field("range", "company_size", r#", "min": 1000.0"#), [0, 5, 0]);
    assert_eq!(field("empty", "company_size", ""), [5, 0, 5], "N/A reads as empty");
    assert_eq!(field("not_empty", "industry", ""), [5, 5, 0]);
    // A custom column by its header, spelled any way the header matching allows.
    assert_eq!(field("equals", "use_case", r#", "values": ["lead scoring"]"#), [5, 0, 0]);
    assert_eq!(field("one_of", "email_domain", r#", "values": ["acme.com"]"#), [0, 5, 5]);
    assert_eq!(field("range", "Number of Pageviews", r#", "min": 10.0, "below": 50.0"#), [5, 0, 0]);
}

#[test]
fn a_rule_on_a_missing_column_never_matches_and_says_so() {
    let (mut ws, out) = run(
        r#"{"id": "r", "points": 5, "when": {"kind": "field", "field": "budget", "op": "not_empty"}}"#,
        r#"{"kind": "none"}"#,
        &[],
    );
    assert_eq!(out.iter().map(|o| o.0).collect::<Vec<_>>(), [0, 0, 0]);
    let summary = ws.score(as_of());
    assert_eq!(summary.warnings, ["rule \"r\": the leads have no column \"budget\", so it never matches"]);
}

#[test]
fn number_rules_per_unit_with_cap_and_at_least() {
    let per = r#"{"id": "pv", "points": 2, "when": {"kind": "number", "field": "Number of Pageviews", "per": 5.0, "cap": 12}}"#;
    // 42 views: 8 units x 2 = 16, capped at 12; 7 views: 1 unit = 2; empty: 0.
    assert_eq!(scores(per), [12, 2, 0]);
    let once = r#"{"id": "pv", "points": 9, "when": {"kind": "number", "field": "Number of Pageviews", "at_least": 7.0}}"#;
    assert_eq!(scores(once), [9, 9, 0]);
}

#[test]
fn each_with_cap_and_the_explanation_says_capped() {
    let rule = r#"{"id": "dl", "points": 15, "when": {"kind": "event", "event": "content_download", "count": "each", "cap": 40}}"#;
    let acts: Vec<A> = (0..4).map(|i| ("L1", as_of() - i * DAY, "content_download", "any.pdf")).collect();
    let (ws, out) = run(rule, r#"{"kind": "none"}"#, &acts);
    assert_eq!(out[0].0, 40);
    let ex = ws.explain_id("L1").unwrap();
    assert_eq!((ex.contributions[0].count, ex.contributions[0].capped, ex.contributions[0].events.len()), (4, true, 4));
    // Negative points cap in absolute value.
    let rule = r#"{"id": "dl", "points": -15, "when": {"kind": "event", "event": "content_download", "count": "each", "cap": 40}}"#;
    assert_eq!(run(rule, r#"{"kind": "none"}"#, &acts).1[0].0, -40);
}

#[test]
fn event_types_match_however_the_file_spells_them() {
    let rule = r#"{"id": "pv", "points": 5, "when": {"kind": "event", "event": "Page View", "count": "once"}}"#;
    let acts = [("L2", as_of(), "page-view", "/x")];
    assert_eq!(run(rule, r#"{"kind": "none"}"#, &acts).1[1].0, 5);
}

#[test]
fn disqualifiers_win_over_score_and_instant() {
    let rules = r#"
        {"id": "demo", "points": 50, "instant_mql": true, "when": {"kind": "event", "event": "demo_request", "count": "once"}},
        {"id": "competitor", "label": "Competitor domain", "disqualify": true,
         "when": {"kind": "field", "field": "email_domain", "op": "one_of", "values": ["rival.io"]}},
        {"id": "student", "disqualify": true, "when": {"kind": "field", "field": "title", "op": "has_token", "values": ["student"]}}"#;
    let acts = [("L1", as_of(), "demo_request", ""), ("L2", as_of(), "demo_request", "")];
    let (_, out) = run(rules, r#"{"kind": "none"}"#, &acts);
    assert_eq!(out, [(50, Status::Disqualified), (50, Status::Mql), (0, Status::Nurture)]);
}

#[test]
fn instant_mql_on_a_field_rule() {
    let rule = r#"{"id": "hand", "points": 0, "instant_mql": true,
        "when": {"kind": "field", "field": "Use Case", "op": "equals", "values": ["lead scoring"]}}"#;
    let (mut ws, out) = run(rule, r#"{"kind": "none"}"#, &[]);
    assert_eq!(out[0], (0, Status::Mql));
    assert_eq!(ws.score(as_of()).instant, 1);
}

#[test]
fn disabled_rules_give_nothing() {
    let rule = r#"{"id": "r", "points": 5, "enabled": false, "when": {"kind": "field", "field": "title", "op": "not_empty"}}"#;
    assert_eq!(scores(rule), [0, 0, 0]);
}

#[test]
fn half_life_decay() {
    let rule = r#"{"id": "p", "points": 40, "when": {"kind": "event", "event": "page_view", "count": "once"}}"#;
    let half = r#"{"kind": "half_life", "days": 10.0}"#;
    let at = |days: i64| run(rule, half, &[("L1", as_of() - days * DAY, "page_view", "/")]).1[0].0;
    assert_eq!((at(0), at(10), at(20), at(15)), (40, 20, 10, 14), "40 x 0.5^(15/10) = 14.14");
}

#[test]
fn windows_with_other_sizes() {
    let last = r#"{"id": "w", "points": 7, "when": {"kind": "event", "event": "email_click", "count": "in_last_days", "at_least": 2, "days": 3}}"#;
    let t = as_of();
    let acts = [("L1", t - 3 * DAY + 1, "email_click", ""), ("L1", t, "email_click", ""), ("L2", t - 3 * DAY, "email_click", ""), ("L2", t, "email_click", "")];
    assert_eq!(run(last, r#"{"kind": "none"}"#, &acts).1.iter().map(|o| o.0).collect::<Vec<_>>(), [7, 0, 0]);
    let any = r#"{"id": "w", "points": 7, "when": {"kind": "event", "event": "visit", "count": "in_any_days", "at_least": 2, "days": 1}}"#;
    let acts = [("L1", t - 50 * DAY, "visit", ""), ("L1", t - 50 * DAY + DAY - 1, "visit", ""), ("L2", t - 9 * DAY, "visit", ""), ("L2", t - 8 * DAY, "visit", "")];
    assert_eq!(run(any, r#"{"kind": "none"}"#, &acts).1.iter().map(|o| o.0).collect::<Vec<_>>(), [7, 0, 0]);
}

#[test]
fn the_model_round_trips_through_json() {
    let rules = r#"
        {"id": "a", "label": "A", "points": -5, "enabled": false, "when": {"kind": "field", "field": "title", "op": "range", "min": 1.0, "max": 2.0}},
        {"id": "b", "points": 3, "disqualify": true, "when": {"kind": "event", "event": "x", "detail_contains": "y", "count": "each", "cap": 9}},
        {"id": "c", "points": 1, "when": {"kind": "number", "field": "n", "per": 2.5, "cap": 4}}"#;
    let json = format!(r#"{{"version": 1, "name": "T", "threshold": 7, "decay": {{"kind": "half_life", "days": 3.5}}, "rules": [{rules}]}}"#);
    let m = Model::from_json(&json).unwrap();
    let again = Model::from_json(&m.to_json()).unwrap();
    assert_eq!(m, again);
    assert_eq!(m.to_json(), again.to_json());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let w: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(v, w, "nothing added, nothing dropped");
}
