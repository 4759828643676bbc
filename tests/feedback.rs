//! The feedback loop (SPEC sections 2, 3 and 6): sales decisions from the
//! lead table and outcome logs, status words, update imports, and what each
//! rejection does next, pinned at every boundary SPEC names.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use leadscore::outcomes::{Mapped, Outcome, Reason, StatusMapping, SUGGESTED};
use leadscore::scoring::Status;
use leadscore::{format_time, parse_time, Model, Time, Workspace};
use proptest::prelude::*;

/// Fit 35 under the seed model (VP 15, size 10, software 10).
const VP: L = L { id: "L1", title: "VP Marketing", size: "300", industry: "Software" };

fn t(s: &str) -> Time {
    parse_time(s).unwrap()
}

fn outcome_log(rows: &[(&str, &str, &str, Time)]) -> String {
    let mut s = String::from("lead_id,outcome,reason,at\n");
    for (id, outcome, reason, at) in rows {
        s += &format!("{id},{outcome},{reason},{}\n", format_time(*at));
    }
    s
}

fn with_outcomes(leads: &[L], acts: &[A], rows: &[(&str, &str, &str, Time)]) -> Workspace {
    let mut ws = workspace(leads, acts);
    let r = ws.import_outcomes(outcome_log(rows).as_bytes(), &[], &StatusMapping::default()).unwrap();
    assert_eq!((r.import.rejected, r.unknown_leads.len()), (0, 0), "{:?}", r.import.errors);
    ws
}

fn one(ws: &mut Workspace, at: Time) -> leadscore::scoring::LeadResult {
    ws.score(at);
    ws.results()[0]
}

#[test]
fn an_event_exactly_at_the_rejection_does_not_count() {
    let r = as_of() - 10 * DAY;
    let at_r = [("L1", r, "page_view", "/pricing")];
    let mut ws = with_outcomes(&[VP], &at_r, &[("L1", "rejected", "unreachable", r)]);
    let res = one(&mut ws, as_of());
    assert_eq!((res.score, res.behavior, res.status), (35, 0, Status::Nurture));
    // Without the rejection the same event makes it an MQL.
    let mut plain = workspace(&[VP], &at_r);
    assert_eq!(one(&mut plain, as_of()).status, Status::Mql);
    // One second later it counts, and the crossing is after the rejection.
    let after = [("L1", r + 1, "page_view", "/pricing")];
    let mut ws = with_outcomes(&[VP], &after, &[("L1", "rejected", "unreachable", r)]);
    let res = one(&mut ws, as_of());
    assert_eq!((res.score, res.status, res.crossed_at), (55, Status::Mql, Some(r + 1)));
    let e = ws.explain(0).unwrap();
    assert_eq!(e.behavior_since.as_deref(), Some(format_time(r).as_str()));
    assert_eq!(e.next_step.unwrap().code, "re_engagement");
}

#[test]
fn events_before_a_rejection_count_for_nothing_decay_and_instant_rules_included() {
    let r = as_of() - 20 * DAY;
    let acts = [
        ("L1", r - DAY, "demo_request", "demo"),
        ("L1", r - DAY, "unsubscribe", ""),
        ("L1", r + DAY, "email_open", "a"),
    ];
    let mut ws = with_outcomes(&[VP], &acts, &[("L1", "rejected", "duplicate", r)]);
    let res = one(&mut ws, as_of());
    // The demo request (instant) and the unsubscribe are before R: gone.
    assert_eq!((res.score, res.instant, res.status), (35, false, Status::Nurture));
    let e = ws.explain(0).unwrap();
    assert_eq!((e.activities, e.activities_before_restart, e.activities_after_as_of), (1, 2, 0));
    assert_eq!(e.decay.days_since, Some(19), "decay counts from the engagement after R");
}

#[test]
fn recycled_until_exactly_premature_days_after_the_rejection() {
    let r = t("2026-06-01T12:00:00Z");
    let acts = [("L1", r + 5 * DAY, "page_view", "/pricing")];
    let mut ws = with_outcomes(&[VP], &acts, &[("L1", "rejected", "premature", r)]);
    let end = r + 30 * DAY;
    let res = one(&mut ws, end - 1);
    assert_eq!((res.score, res.status), (55, Status::Recycled));
    let e = ws.explain(0).unwrap();
    let next = e.next_step.unwrap();
    assert_eq!((next.code, next.date.as_deref()), ("recycled", Some("2026-07-01")));
    assert_eq!(next.text, "recycled to the education nurture; re-evaluated from 2026-07-01 on new behavior");
    // At R + 30 days exactly it is re-evaluated: an MQL that crossed then.
    let res = one(&mut ws, end);
    assert_eq!((res.status, res.crossed_at), (Status::Mql, Some(end)));
    let e = ws.explain(0).unwrap();
    assert_eq!((e.crossed_at.as_deref(), e.crossing_events.len()), (Some(format_time(end).as_str()), 0));
    assert_eq!(e.next_step.unwrap().code, "re_evaluated");
    // An event after the end of recycling is the crossing.
    let acts = [("L1", r + 5 * DAY, "email_open", "a"), ("L1", r + 40 * DAY, "page_view", "/pricing")];
    let mut ws = with_outcomes(&[VP], &acts, &[("L1", "rejected", "premature", r)]);
    assert_eq!(one(&mut ws, r + 45 * DAY).crossed_at, Some(r + 40 * DAY));
}

#[test]
fn premature_days_is_a_validated_model_setting_that_round_trips() {
    let mut m: serde_json::Value = serde_json::from_str(&Model::seed_example().to_json()).unwrap();
    m["feedback"] = serde_json::json!({ "premature_days": 10 });
    let model = Model::from_json(&m.to_string()).unwrap();
    assert_eq!(model.feedback.premature_days, 10);
    assert_eq!(Model::from_json(&model.to_json()).unwrap(), model);
    assert!(model.to_json().contains("\"premature_days\": 10"));
    assert!(!Model::seed_example().to_json().contains("feedback"), "the default is not written");
    m["feedback"] = serde_json::json!({ "premature_days": 0 });
    let e = Model::from_json(&m.to_string()).unwrap_err().0;
    assert!(e.starts_with("feedback.premature_days: "), "{e}");
    m["feedback"] = serde_json::json!({ "days": 3 });
    assert!(Model::from_json(&m.to_string()).unwrap_err().0.starts_with("feedback"));

    let r = as_of() - 15 * DAY;
    let mut ws = with_outcomes(&[VP], &[("L1", r + DAY, "page_view", "/pricing")], &[("L1", "rejected", "premature", r)]);
    assert_eq!(one(&mut ws, as_of()).status, Status::Recycled);
    ws.set_model(model);
    assert_eq!(one(&mut ws, as_of()).status, Status::Mql, "10 days have passed");
}

#[test]
fn a_decision_after_as_of_is_ignored_and_the_latest_one_applies() {
    let at = as_of();
    let mut ws = with_outcomes(&[VP], &[], &[("L1", "rejected", "wrong_icp", at + 1)]);
    assert_eq!(one(&mut ws, at).status, Status::Nurture);
    let e = ws.explain(0).unwrap();
    assert!(e.decision.is_none() && e.decisions[0].after_as_of && e.next_step.is_none());
    assert_eq!(one(&mut ws, at + 1).status, Status::Suppressed, "at its own time it applies");

    let (t1, t2) = (at - 20 * DAY, at - 10 * DAY);
    let mut ws = with_outcomes(&[VP], &[], &[("L1", "accepted", "", t2), ("L1", "rejected", "wrong_icp", t1)]);
    assert_eq!(one(&mut ws, at).status, Status::Nurture, "accepted after the rejection: not suppressed");
    assert_eq!(one(&mut ws, t2 - 1).status, Status::Suppressed);
    let e = ws.explain(0).unwrap();
    assert_eq!(e.decisions.len(), 2);
    assert_eq!(e.decisions.iter().map(|d| d.applies).collect::<Vec<_>>(), vec![true, false]);
    let mut ws = with_outcomes(&[VP], &[], &[("L1", "accepted", "", t1), ("L1", "rejected", "wrong_icp", t2)]);
    assert_eq!(one(&mut ws, at).status, Status::Suppressed);
    assert_eq!(ws.explain(0).unwrap().next_step.unwrap().text, "suppressed until a fit field changes");
}

const TABLE: &str = "id,email,phone,title,company_size,industry,sales_outcome,rejection_reason,rejected_at\n\
    L1,ana@acme.com,+1 555 0100,Intern,300,Software,rejected,wrong_icp,2026-06-01\n\
    L2,bo@beta.io,,VP Sales,300,Software,,,\n";

#[test]
fn wrong_icp_is_released_by_a_title_change_not_by_a_phone_change() {
    let mut ws = Workspace::new();
    ws.import_leads(TABLE.as_bytes(), &[]).unwrap();
    let acts = "lead_id,timestamp,type,detail\nL1,2026-06-10,page_view,/pricing\nL1,2026-06-11,content_download,case-study.pdf\n";
    ws.import_activities(acts.as_bytes(), &[]).unwrap();
    let at = as_of();
    assert_eq!(one(&mut ws, at).status, Status::Suppressed);

    // The same decision in a newer export with only the phone changed.
    let phone = TABLE.replace("+1 555 0100", "+1 555 0199");
    let u = ws.update_leads(phone.as_bytes(), &[], &StatusMapping::default()).unwrap();
    assert_eq!((u.changed, u.added, u.unchanged), (1, 0, 1));
    assert!(u.fit_changes.is_empty(), "{:?}", u.fit_changes);
    assert_eq!(one(&mut ws, at).status, Status::Suppressed);

    let title = phone.replace("Intern", "VP Marketing") + "L3,cy@gamma.io,,CTO,1000,Healthcare,,,\n";
    let u = ws.update_leads(title.as_bytes(), &[], &StatusMapping::default()).unwrap();
    assert_eq!((u.changed, u.added, u.unchanged, u.import.read), (1, 1, 1, 3));
    assert_eq!(u.fit_changes.len(), 1);
    assert_eq!(u.fit_changes[0].id, "L1");
    let c = &u.fit_changes[0].changes[0];
    assert_eq!((c.field.as_str(), c.from.as_str(), c.to.as_str()), ("title", "Intern", "VP Marketing"));
    let res = one(&mut ws, at);
    assert_eq!((res.score, res.status), (70, Status::Mql));
    let e = ws.explain(0).unwrap();
    let rel = e.released.unwrap();
    assert_eq!((rel.from.as_str(), rel.to.as_str()), ("Intern", "VP Marketing"));
    assert_eq!(e.next_step.unwrap().code, "released");
    assert_eq!(ws.lead_count(), 3);
    assert_eq!(ws.explain_id("L3").unwrap().fit, 35);
    let csv = ws.scored_csv().unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.contains(",returning,outcome,next_step,"), "{header}");
    let row = csv.lines().find(|l| l.starts_with("L1,")).unwrap();
    assert!(row.contains("rejected (wrong_icp),\"released: title changed from \"\"Intern\"\" to \"\"VP Marketing\"\""), "{row}");
}

#[test]
fn a_remap_after_an_update_import_keeps_the_update() {
    let mut ws = Workspace::new();
    ws.import_leads(TABLE.as_bytes(), &[]).unwrap();
    let title = TABLE.replace("Intern", "VP Marketing") + "L3,cy@gamma.io,,CTO,1000,Healthcare,,,\n";
    ws.update_leads(title.as_bytes(), &[], &StatusMapping::default()).unwrap();
    let at = as_of();
    let before = one(&mut ws, at);
    assert_eq!(before.status, Status::Nurture, "released by the title change (fit 35, no activity)");
    // Re-map the original file (phone read as a custom field): the newer
    // export's title and its added lead must still be there.
    let remapped = ws.remap_leads(&[("phone".to_string(), None)]).unwrap();
    assert_eq!(remapped.kept, 2, "the report is the original file's");
    assert_eq!(ws.lead_count(), 3);
    assert_eq!(one(&mut ws, at), before);
    assert_eq!(ws.explain(0).unwrap().fields.iter().find(|f| f.header == "title").unwrap().value, "VP Marketing");
    // A fresh lead file forgets the updates.
    ws.import_leads(TABLE.as_bytes(), &[]).unwrap();
    ws.remap_leads(&[]).unwrap();
    assert_eq!(ws.lead_count(), 2);
    assert_eq!(one(&mut ws, at).status, Status::Suppressed);
}

#[test]
fn a_new_decision_in_an_update_import_takes_the_new_row_as_its_snapshot() {
    let mut ws = Workspace::new();
    ws.import_leads(TABLE.as_bytes(), &[]).unwrap();
    // L2 rejected as wrong ICP in the newer export, title changed at once.
    let newer = TABLE.replace("L2,bo@beta.io,,VP Sales,300,Software,,,", "L2,bo@beta.io,,Engineer,300,Software,rejected,wrong_icp,2026-06-05");
    ws.update_leads(newer.as_bytes(), &[], &StatusMapping::default()).unwrap();
    ws.score(as_of());
    assert_eq!(ws.results_fast()[1].status, Status::Suppressed);
}

#[test]
fn a_returning_lead_crosses_after_its_rejection_and_carries_its_history() {
    let r = as_of() - 40 * DAY;
    let acts = [
        ("L1", r - 5 * DAY, "page_view", "/pricing"),
        ("L1", r + 3 * DAY, "content_download", "case-study-a.pdf"),
        ("L1", r + 4 * DAY, "page_view", "/pricing"),
    ];
    let rows = [("L1", "accepted", "", r - 4 * DAY), ("L1", "rejected", "premature", r)];
    let mut ws = with_outcomes(&[VP], &acts, &rows);
    let res = one(&mut ws, as_of());
    // After R: 35 + 15 = 50 at R + 3 days, but recycled until R + 30 days,
    // when it crossed. As of R + 40 days: 35 + (15 + 20) * 0.75 = 61.
    assert_eq!((res.score, res.status, res.crossed_at), (61, Status::Mql, Some(r + 30 * DAY)));
    let p = ws.packet(0).unwrap();
    let back = p.returning.unwrap();
    assert_eq!(back.reason, "premature");
    assert_eq!(back.rejected_at, format_time(r));
    assert_eq!(back.decisions.len(), 2);
    assert_eq!(back.decisions[0].outcome, Outcome::Accepted);
    assert!(back.decisions[1].applies);
    assert_eq!(p.path_to_mql.len(), 2, "the path starts after the rejection: {:?}", p.path_to_mql);
    assert_eq!(p.path_to_mql[0].time, format_time(r + 3 * DAY));
    assert_eq!(p.consumed.pages.len(), 1);
    assert_eq!(p.consumed.pages[0].count, 1, "pages consumed since the rejection");
}

#[test]
fn a_duplicate_that_crosses_again_goes_to_the_rep_who_works_the_account() {
    let leads = "id,email,title,company,company_size,industry\n\
        L1,ana@acme.com,VP Sales,Acme,1200,Software\n\
        L2,bo@acme.com,CMO,Acme,1200,Software\n\
        L3,cy@beta.io,CTO,Beta,1200,Software\n";
    let acts = "lead_id,timestamp,type,detail\n\
        L1,2026-06-01T10:00:00Z,page_view,/pricing\n\
        L3,2026-06-02T10:00:00Z,page_view,/pricing\n\
        L2,2026-06-03T10:00:00Z,page_view,/pricing\n\
        L2,2026-06-20T10:00:00Z,page_view,/pricing\n";
    let mut ws = Workspace::new();
    let mut m = Model::seed_example();
    m.routing = leadscore::json::read::from_str(r#"{"pools": [{"name": "inbound", "reps": [{"name": "Ivo"}, {"name": "Jo"}]}], "default_pool": "inbound"}"#).unwrap();
    ws.set_model(m);
    ws.import_leads(leads.as_bytes(), &[]).unwrap();
    ws.import_activities(acts.as_bytes(), &[]).unwrap();
    ws.score(as_of());
    let before: Vec<(String, Option<String>)> = ws.packets().unwrap().into_iter().map(|p| (p.lead.id, p.assigned_to)).collect();
    let rep = |v: &[(String, Option<String>)], id: &str| v.iter().find(|p| p.0 == id).unwrap().1.clone().unwrap();
    assert_eq!((rep(&before, "L1"), rep(&before, "L3"), rep(&before, "L2")), ("Ivo".into(), "Jo".into(), "Ivo".into()));

    // L2 rejected as a duplicate on June 10, crosses again on June 20.
    ws.import_outcomes(b"lead_id,outcome,reason,at\nL2,rejected,duplicate,2026-06-10\n", &[], &StatusMapping::default()).unwrap();
    // Without the rejection's account routing it would be Jo's turn: route L1 to Jo first.
    let mut m = ws.model().clone();
    m.routing = leadscore::json::read::from_str(r#"{"pools": [{"name": "inbound", "reps": [{"name": "Jo"}, {"name": "Ivo"}]}], "default_pool": "inbound"}"#).unwrap();
    ws.set_model(m);
    ws.score(as_of());
    let ps = ws.packets().unwrap();
    let p = ps.iter().find(|p| p.lead.id == "L2").unwrap();
    let l1 = ps.iter().find(|p| p.lead.id == "L1").unwrap();
    assert_eq!(l1.assigned_to.as_deref(), Some("Jo"));
    assert_eq!((p.assigned_to.as_deref(), p.routed_via.as_str()), (Some("Jo"), "account"));
    assert_eq!(p.crossed_at, "2026-06-20T10:00:00Z");
    assert!(p.returning.is_some());
    let e = ws.explain_id("L2").unwrap();
    let next = e.next_step.unwrap();
    assert_eq!(next.code, "merged");
    assert!(next.text.starts_with("merged into Acme, worked by Jo; behavior restarts since 2026-06-10"), "{}", next.text);
}

#[test]
fn every_suggested_status_word_maps_as_listed() {
    let mut leads = String::from("id,title\n");
    let mut log = String::from("lead_id,Lead Status,at\n");
    for (i, (word, _)) in SUGGESTED.iter().enumerate() {
        leads += &format!("L{i},Analyst\n");
        log += &format!("L{i},{word},2026-06-01\n");
    }
    let mut ws = Workspace::new();
    ws.import_leads(leads.as_bytes(), &[]).unwrap();
    let r = ws.import_outcomes(log.as_bytes(), &[], &StatusMapping::default()).unwrap();
    let not_decisions = SUGGESTED.iter().filter(|(_, m)| m.is_none()).count();
    assert_eq!((r.import.read, r.import.kept, r.import.rejected), (SUGGESTED.len(), SUGGESTED.len() - not_decisions, not_decisions));
    assert!(r.import.unmapped_words.is_empty());
    for (i, (word, mapped)) in SUGGESTED.iter().enumerate() {
        let ds = ws.data().decisions(i);
        assert_eq!(ds.first().map(|d| d.mapped), *mapped, "{word}");
        let listed = r.import.status_words.iter().find(|w| w.word == *word).unwrap();
        assert_eq!((listed.count, listed.mapped), (1, *mapped), "{word}");
    }
    let rej = |reason| Some(Mapped { outcome: Outcome::Rejected, reason: Some(reason), converted: None });
    let acc = |converted| Some(Mapped { outcome: Outcome::Accepted, reason: None, converted });
    // SPEC section 2's examples, spelled out.
    let word = |w: &str| SUGGESTED.iter().find(|(x, _)| *x == w).unwrap().1;
    assert_eq!(word("Unqualified"), rej(Reason::WrongIcp));
    assert_eq!(word("Bad Timing"), rej(Reason::Premature));
    assert_eq!(word("Attempted to Contact"), rej(Reason::Unreachable));
    assert_eq!(word("Closed - Converted"), acc(Some(true)));
    assert_eq!(word("Closed - Not Converted"), Some(Mapped { outcome: Outcome::Rejected, reason: None, converted: Some(false) }));
    for w in ["Connected", "Open Deal", "Working - Contacted"] {
        assert_eq!(word(w), acc(None), "{w}");
    }
    assert_eq!(word("Open - Not Contacted"), None);
}

#[test]
fn unmapped_words_are_reported_with_their_count_and_never_guessed() {
    let mut ws = Workspace::new();
    ws.import_leads(b"id,title,Lead Status\nL1,VP,Unqualified\nL2,VP,Won Big\nL3,VP,won big\nL4,VP,\n", &[], ).unwrap();
    let r = ws.import_leads_with(b"id,title,Lead Status\nL1,VP,Unqualified\nL2,VP,Won Big\nL3,VP,won big\nL4,VP,\n", &[], &StatusMapping::default()).unwrap();
    assert_eq!((r.read, r.kept, r.rejected), (4, 4, 0));
    assert_eq!(r.unmapped_words.iter().map(|w| (w.word.as_str(), w.count)).collect::<Vec<_>>(), vec![("Won Big", 2)]);
    assert_eq!(r.columns[2].field.as_deref(), Some("sales_outcome"));
    ws.score(as_of());
    assert_eq!(ws.results_fast().iter().map(|r| r.status).collect::<Vec<_>>(), vec![Status::Suppressed, Status::Nurture, Status::Nurture, Status::Nurture]);
    assert!(ws.data().decisions(1).is_empty());
    // The user maps it; the same file now decides.
    let given = StatusMapping { given: vec![("Won Big".into(), Some(Mapped { outcome: Outcome::Accepted, reason: None, converted: Some(true) }))] };
    let r = ws.remap_leads_with(&[], &given).unwrap();
    assert!(r.unmapped_words.is_empty());
    assert_eq!(ws.data().decisions(2)[0].mapped.converted, Some(true));

    // In an outcome log an unmapped word rejects its row, with the line.
    let log = "lead_id,status,at\nL1,Won Big,2026-06-01\nL2,Bad Timing,2026-06-01\nL9,Unqualified,2026-06-02\n";
    let r = ws.import_outcomes(log.as_bytes(), &[], &StatusMapping::default()).unwrap();
    assert_eq!((r.import.read, r.import.kept, r.import.rejected), (3, 2, 1));
    assert!(r.import.errors[0].message.starts_with("line 2, column \"status\": \"Won Big\" is a status word with no mapping"), "{}", r.import.errors[0].message);
    assert_eq!(r.import.unmapped_words[0].count, 1);
    assert_eq!((r.unknown_leads.len(), r.unknown_leads[0].line, r.unknown_leads[0].lead_id.as_str()), (1, 4, "L9"));
}

#[test]
fn outcome_log_rows_that_cannot_be_read_say_where_and_why() {
    let mut ws = workspace(&[VP], &[]);
    let log = "Lead ID,Outcome,Reason,Date,Converted,First Contact Date\n\
        L1,rejected,premature,2026-06-01,no,2026-05-30\n\
        L1,rejected,budget,2026-06-02,,\n\
        L1,accepted,,someday,,\n\
        L1,accepted,,2026-06-03,maybe,\n\
        ,accepted,,2026-06-03,,\n\
        L1,,,2026-06-03,,\n\
        L1,accepted,,2026-06-04,yes,2026-06-04T09:00:00Z\n";
    let r = ws.import_outcomes(log.as_bytes(), &[], &StatusMapping::default()).unwrap();
    assert_eq!((r.import.read, r.import.kept, r.import.rejected), (7, 2, 5));
    assert_eq!(r.import.read, r.import.kept + r.import.rejected);
    let lines: Vec<&str> = r.import.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(lines, vec![
        "line 3, column \"Reason\": \"budget\" is not a rejection reason (use wrong_icp, premature, duplicate or unreachable)",
        "line 4, column \"Date\": \"someday\" is not a date",
        "line 5, column \"Converted\": \"maybe\" is not true/false, 1/0 or yes/no",
        "line 6, column \"Lead ID\": lead id is empty",
        "line 7, column \"Outcome\": outcome is empty",
    ]);
    let ds = ws.data().decisions(0);
    assert_eq!(ds.len(), 2);
    assert_eq!((ds[1].mapped.converted, ds[1].first_contact_at), (Some(true), Some(t("2026-06-04T09:00:00Z"))));
    let e = ws.import_outcomes(b"who,what\nL1,accepted\n", &[], &StatusMapping::default()).unwrap_err().0;
    assert!(e.starts_with("the outcome log needs lead_id, outcome and at columns; missing: lead_id, outcome, at."), "{e}");
    // Re-reading under a changed mapping replaces the file's rows.
    ws.remap_outcomes(&[], &StatusMapping::default()).unwrap();
    assert_eq!(ws.data().decisions(0).len(), 2);
    ws.clear_outcomes();
    assert!(ws.data().decisions(0).is_empty());
}

#[test]
fn the_feedback_report_counts_reasons_and_the_mql_to_sql_rate() {
    let leads = [
        L { id: "A", title: "VP", size: "300", industry: "Software" },
        L { id: "B", title: "VP", size: "300", industry: "Software" },
        L { id: "C", title: "VP", size: "300", industry: "Software" },
        L { id: "D", title: "Intern", size: "", industry: "" },
    ];
    let d = as_of() - 30 * DAY;
    let acts: Vec<A> = ["A", "B", "C", "D"].iter().map(|id| (*id, d - DAY, "page_view", "/pricing")).collect();
    let rows = [("A", "accepted", "", d), ("B", "rejected", "premature", d), ("C", "accepted", "", d), ("D", "rejected", "wrong_icp", d)];
    let mut ws = with_outcomes(&leads, &acts, &rows);
    ws.score(as_of());
    let f = ws.feedback().unwrap();
    assert_eq!(f.leads_with_decisions, 4);
    let by: Vec<(&str, usize)> = f.by_reason.iter().map(|r| (r.reason, r.leads)).collect();
    assert_eq!(by, vec![("accepted", 2), ("wrong_icp", 1), ("premature", 1), ("duplicate", 0), ("unreachable", 0), ("no_reason", 0)]);
    // A, B, C were MQLs (55) when decided; D was not (20): 2 of 3 accepted.
    assert_eq!((f.mql_to_sql.decided_mqls, f.mql_to_sql.accepted), (3, 2));
    assert!((f.mql_to_sql.rate.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(f.mql_to_sql.verdict, "healthy");
    assert_eq!((f.suppressed, f.recycled), (1, 0));
    let s = ws.score(as_of());
    assert_eq!((s.suppressed, s.recycled, s.mql, s.nurture), (1, 0, 2, 1));
}

#[test]
fn the_lead_tables_own_columns_and_the_handoff_agree_on_acceptance() {
    let mut ws = Workspace::new();
    ws.import_leads(b"id,title,sales_outcome,rejection_reason,rejected_at\nL1,VP,accepted,,\nL2,VP,,premature,2026-06-01\nL3,VP,rejected,,\n", &[]).unwrap();
    type Said = Option<(Outcome, Option<Reason>, Option<Time>)>;
    let ds: Vec<Said> =
        (0..3).map(|i| ws.data().decisions(i).first().map(|d| (d.mapped.outcome, d.reason(), d.time))).collect();
    assert_eq!(ds, vec![
        Some((Outcome::Accepted, None, None)),
        Some((Outcome::Rejected, Some(Reason::Premature), Some(t("2026-06-01")))),
        Some((Outcome::Rejected, None, None)),
    ]);
}

// ------------------------------------------------------------ properties

const TITLES: [&str; 4] = ["VP Sales", "Analyst", "Intern", ""];
const EVENTS: [(&str, &str); 6] = [
    ("page_view", "/pricing"),
    ("content_download", "case-study-a.pdf"),
    ("demo_request", "demo"),
    ("email_open", "news"),
    ("visit", ""),
    ("page_view", "/careers"),
];
const REASONS: [&str; 5] = ["wrong_icp", "premature", "duplicate", "unreachable", ""];

#[derive(Clone, Debug)]
struct Gen {
    titles: Vec<usize>,
    acts: Vec<(usize, i64, usize)>,
    /// (lead, days before as-of, reason, accepted?)
    decisions: Vec<(usize, i64, usize, bool)>,
}

fn gen() -> impl Strategy<Value = Gen> {
    (1usize..6).prop_flat_map(|n| {
        (
            proptest::collection::vec(0..TITLES.len(), n),
            proptest::collection::vec((0..n, 0i64..120 * DAY, 0..EVENTS.len()), 0..30),
            proptest::collection::vec((0..n, -10i64..100, 0..REASONS.len(), any::<bool>()), 0..6),
        )
            .prop_map(|(titles, acts, decisions)| Gen { titles, acts, decisions })
    })
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("L{i}")).collect()
}

fn base(g: &Gen) -> Workspace {
    let ids = ids(g.titles.len());
    let leads: Vec<L> = g.titles.iter().zip(&ids).map(|(&t, id)| L { id, title: TITLES[t], size: "300", industry: "Software" }).collect();
    let acts: Vec<A> = g.acts.iter().map(|&(l, ago, e)| (ids[l].as_str(), as_of() - ago, EVENTS[e].0, EVENTS[e].1)).collect();
    workspace(&leads, &acts)
}

fn decide(ws: &mut Workspace, rows: &[(String, &str, &str, Time)]) {
    let rows: Vec<(&str, &str, &str, Time)> = rows.iter().map(|(a, b, c, d)| (a.as_str(), *b, *c, *d)).collect();
    ws.import_outcomes(outcome_log(&rows).as_bytes(), &[], &StatusMapping::default()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn leads_without_decisions_score_exactly_as_before(g in gen()) {
        let mut plain = base(&g);
        plain.score(as_of());
        let before: Vec<_> = plain.results().to_vec();
        let mut ws = base(&g);
        let ids = ids(g.titles.len());
        let rows: Vec<(String, &str, &str, Time)> = g.decisions.iter()
            .map(|&(l, days, r, acc)| (ids[l].clone(), if acc { "accepted" } else { "rejected" }, REASONS[r], as_of() - days * DAY))
            .collect();
        decide(&mut ws, &rows);
        ws.score(as_of());
        let after: Vec<_> = ws.results().to_vec();
        for i in 0..g.titles.len() {
            if ws.data().decisions(i).is_empty() {
                prop_assert_eq!(before[i], after[i], "lead {}", i);
                prop_assert_eq!(plain.explain(i).unwrap(), ws.explain(i).unwrap());
            }
        }
    }

    #[test]
    fn a_rejection_never_raises_positive_behavioral_points(g in gen(), lead in 0usize..6, days in 0i64..120, r in 0usize..REASONS.len()) {
        let lead = lead % g.titles.len();
        let mut plain = base(&g);
        plain.score(as_of());
        let mut ws = base(&g);
        decide(&mut ws, &[(format!("L{lead}"), "rejected", REASONS[r], as_of() - days * DAY)]);
        ws.score(as_of());
        let (x, y) = (plain.explain(lead).unwrap(), ws.explain(lead).unwrap());
        prop_assert!(y.decay.after <= x.decay.after, "positive behavior rose from {} to {}", x.decay.after, y.decay.after);
        // Without negative events, behavior as a whole never rises either.
        if !g.acts.iter().any(|a| a.0 == lead && a.2 == 5) {
            prop_assert!(y.behavior <= x.behavior, "behavior rose from {} to {}", x.behavior, y.behavior);
        }
        prop_assert_eq!(x.fit, y.fit, "fit counts as always");
        // A crossing after a rejection is never at or before it.
        if let Some(c) = ws.results()[lead].crossed_at {
            prop_assert!(c >= as_of() - days * DAY);
        }
    }
}

#[test]
fn an_outcome_log_read_before_the_leads_joins_them_when_they_arrive() {
    let mut ws = Workspace::new();
    let r = ws.import_outcomes(b"lead_id,outcome,reason,at\nL1,rejected,wrong_icp,2026-06-01\n", &[], &StatusMapping::default()).unwrap();
    assert_eq!((r.import.kept, r.unknown_leads.len(), r.leads_with_decisions), (1, 1, 0));
    ws.import_leads(leads_csv(&[VP]).as_bytes(), &[]).unwrap();
    assert_eq!(ws.data().decisions(0).len(), 1);
    assert_eq!(one(&mut ws, as_of()).status, Status::Suppressed);
    // A replaced lead table takes the new rows as the decisions' snapshot.
    ws.import_leads(leads_csv(&[L { title: "Intern", ..VP }]).as_bytes(), &[]).unwrap();
    assert_eq!(one(&mut ws, as_of()).status, Status::Suppressed);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn outcome_logs_of_any_shape_never_panic_and_counts_add_up(rows in proptest::collection::vec(
        (prop::sample::select(vec!["L1", "L2", "", "x@y.io"]),
         prop::sample::select(vec!["accepted", "Rejected", "Bad Timing", "Closed - Converted", "??", "", "Won"]),
         prop::sample::select(vec!["", "wrong_icp", "Premature", "budget"]),
         prop::sample::select(vec!["2026-06-01", "2026-06-01T10:00:00Z", "31/02/2026", "", "soon"]),
         prop::sample::select(vec!["", "yes", "0", "maybe"])), 0..20), junk in ".{0,40}") {
        let mut text = String::from("lead_id,outcome,reason,at,converted\n");
        for (id, o, r, at, c) in &rows {
            text += &format!("{id},{o},{r},{at},{c}\n");
        }
        text += &junk;
        let mut ws = workspace(&[VP, L { id: "L2", ..VP }], &[]);
        if let Ok(r) = ws.import_outcomes(text.as_bytes(), &[], &StatusMapping::default()) {
            prop_assert_eq!(r.import.read, r.import.kept + r.import.rejected);
            prop_assert_eq!(r.import.errors.len() + r.import.errors_not_listed, r.import.rejected);
            let words: usize = r.import.status_words.iter().map(|w| w.count).sum();
            prop_assert!(words <= r.import.read);
            ws.score(as_of());
            prop_assert!(ws.scored_csv().is_ok());
        }
        let _ = ws.import_outcomes(junk.as_bytes(), &[], &StatusMapping::default());
    }
}

#[test]
fn an_update_changing_an_id_or_email_cell_keeps_the_leads_id_and_keys() {
    let mut ws = Workspace::new();
    ws.import_leads(b"id,email\nL1,Ann@X.io\nL2,bob@x.io\n,cy@x.io\n", &[]).unwrap();
    let none = StatusMapping::default();
    // A new email: the lead keeps its old email key; the new one is not filed.
    ws.update_leads(b"id,email\nL1,new@x.io\n", &[], &none).unwrap();
    // Found by email, no id: the id cell empties, the lead keeps its id.
    ws.update_leads(b"id,email\n,BOB@x.io\n", &[], &none).unwrap();
    // The lead whose id was its email gets an id cell and another email.
    ws.update_leads(b"id,email\ncy@x.io,other@x.io\n", &[], &none).unwrap();
    let cells: Vec<Vec<String>> = (0..3).map(|i| ws.data().leads.row(i).iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(cells, vec![vec!["L1", "new@x.io"], vec!["", "BOB@x.io"], vec!["cy@x.io", "other@x.io"]]);
    let found: Vec<Option<usize>> = ["L1", "ann@x.io", "ANN@x.io", "new@x.io", "L2", "bob@x.io", "cy@x.io", "other@x.io"].iter().map(|k| ws.find(k)).collect();
    assert_eq!(found, vec![Some(0), Some(0), Some(0), None, Some(1), Some(1), Some(2), None]);
    ws.score(as_of());
    let ids: Vec<String> = ws.rows(&[0, 1, 2]).unwrap().into_iter().map(|r| r.lead.id).collect();
    assert_eq!(ids, ["L1", "L2", "cy@x.io"]);
    let acts = "lead_id,timestamp,type,detail\nann@x.io,2026-06-10,page_view,/a\nnew@x.io,2026-06-10,page_view,/b\nL2,2026-06-10,page_view,/c\n";
    ws.import_activities(acts.as_bytes(), &[]).unwrap();
    let unmatched: Vec<String> = ws.unmatched_activities().into_iter().map(|u| u.lead_id).collect();
    assert_eq!(unmatched, ["new@x.io"]);
}

#[test]
fn an_update_changing_date_cells_keeps_every_row_versions_text() {
    let mut ws = Workspace::new();
    let first = "id,created_at,rejected_at,first_contact_at\n\
        L1,2026-03-16T13:17:00Z,2026-03-20T08:00:00Z,2026-03-01 10:00\n\
        L2,2026-03-01,,2026-03-02T09:00:00Z\n\
        L3,2026-03-03T10:00:00.000Z,2026-03-05T10:00:00Z,\n";
    ws.import_leads(first.as_bytes(), &[]).unwrap();
    let none = StatusMapping::default();
    let second = "id,created_at,rejected_at,first_contact_at\n\
        L1,2026-03-17T00:00:00Z,,2026-03-02T09:00:00Z\n\
        L2,2026-03-01T00:00:00Z,2026-03-09,2026-03-02T09:00:00Z\n\
        L3,2026-03-04T00:00:00Z,2026-03-05T10:00:00+01:00,2026-03-06T11:00:00Z\n";
    ws.update_leads(second.as_bytes(), &[], &none).unwrap();
    let lines = |s: &str| s.lines().skip(1).map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>()).collect::<Vec<_>>();
    assert_eq!(ws.data().leads.leads.len(), 3, "every row read");
    let leads = &ws.data().leads;
    let at = |id: &str| leads.find(id).unwrap() as usize;
    let (l1, l3) = (at("L1"), at("L3"));
    for (old, now) in lines(first).into_iter().zip(lines(second)) {
        let i = at(&old[0]);
        assert_eq!(leads.version(i), 1, "lead {i} changed: {:?}", leads.row(i).iter().collect::<Vec<_>>());
        let then: Vec<String> = leads.row_at(i, 0).iter().map(|c| c.to_string()).collect();
        let current: Vec<String> = leads.row(i).iter().map(|c| c.to_string()).collect();
        assert_eq!((then, current), (old, now), "lead {i}");
    }
    // The lead rows hold the new times.
    assert_eq!(leads.leads[l1].created_at.get(), Some(parse_time("2026-03-17T00:00:00Z").unwrap()));
    assert_eq!(leads.leads[l1].rejected_at.get(), None);
    assert_eq!(format_time(leads.leads[l3].rejected_at.get().unwrap()), "2026-03-05T09:00:00Z");
}
