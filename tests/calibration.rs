//! Calibration (SPEC 6): the label, the cut-off, every report field at its
//! edge cases, and the first model from columns. The statistics themselves
//! are checked against scikit-learn / statsmodels by tests/stats/.
#![cfg(not(target_arch = "wasm32"))]

use leadscore::calibration::{self, Label, OptionValue, Options, SuggestOptions};
use leadscore::outcomes::StatusMapping;
use leadscore::{parse_time, sample, stats, Model, Time, Workspace};

fn t(s: &str) -> Time {
    parse_time(s).unwrap()
}

const AS_OF: &str = "2026-06-30T12:00:00Z";

/// A workspace from a lead CSV and an activity CSV, scored as of AS_OF.
fn ws(leads: &str, activities: &str) -> Workspace {
    let mut w = Workspace::new();
    w.import_leads_with(leads.as_bytes(), &[], &StatusMapping::default()).unwrap();
    if !activities.is_empty() {
        w.import_activities(activities.as_bytes(), &[]).unwrap();
    }
    w.score(t(AS_OF));
    w
}

const HEADER: &str = "id,email,title,company_size,industry,created_at,sales_outcome,rejection_reason,rejected_at,converted,first_contact_at\n";

/// Options as the JS boundary reads them, from JSON text.
fn pairs(json: &str) -> Vec<(String, OptionValue)> {
    if json.is_empty() {
        return Vec::new();
    }
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let read = match v {
                serde_json::Value::Number(n) => OptionValue::Number(n.as_f64().unwrap()),
                serde_json::Value::String(t) => OptionValue::Text(t.clone()),
                serde_json::Value::Array(a) => OptionValue::List(a.iter().map(|x| x.as_str().unwrap().to_string()).collect()),
                _ => OptionValue::Other,
            };
            (k.clone(), read)
        })
        .collect()
}

fn cal(w: &Workspace, json: &str) -> Result<calibration::Report, leadscore::Error> {
    w.calibrate(&Options::from_pairs(&pairs(json))?)
}

fn sug(w: &Workspace, json: &str) -> Result<calibration::SuggestReport, leadscore::Error> {
    w.suggest_model(&SuggestOptions::from_pairs(&pairs(json))?)
}

fn report(w: &Workspace) -> calibration::Report {
    cal(w, "").unwrap()
}

#[test]
fn an_event_at_or_after_the_cut_off_does_not_change_the_calibration_score() {
    // L1 was first contacted on June 10th; L2 was rejected (premature) on June 12th.
    let leads = format!(
        "{HEADER}L1,a@x.com,VP Sales,300,Software,2026-01-01,accepted,,,true,2026-06-10T09:00:00Z\n\
         L2,b@x.com,Analyst,300,Software,2026-01-01,rejected,premature,2026-06-12T09:00:00Z,,\n\
         L3,c@x.com,Analyst,20,Retail,2026-01-01,,,,,\n"
    );
    let base = "lead_id,timestamp,type,detail\nL1,2026-06-01T10:00:00Z,email_open,n\n";
    let before = calibration::population(ws(&leads, base).data(), &Model::seed_example(), t(AS_OF), Label::Converted);
    // At and after each cut-off: pricing and demo requests (sales' own doing).
    let after = format!(
        "{base}L1,2026-06-10T09:00:00Z,page_view,/pricing\nL1,2026-06-11T09:00:00Z,demo_request,form\n\
         L2,2026-06-12T09:00:00Z,page_view,/pricing\nL2,2026-06-20T09:00:00Z,content_download,case-study.pdf\n"
    );
    let w = ws(&leads, &after);
    let later = calibration::population(w.data(), &Model::seed_example(), t(AS_OF), Label::Converted);
    assert_eq!(before.results[0].score, later.results[0].score, "L1 scored as before first contact");
    assert_eq!(before.results[1].score, later.results[1].score, "L2 scored as before the rejection");
    assert_eq!(later.cutoff[0], t("2026-06-10T09:00:00Z"));
    assert_eq!(later.cutoff[1], t("2026-06-12T09:00:00Z"));
    // The normal scoring as of AS_OF does see them: the test can fail.
    assert!(w.results_fast()[0].score > later.results[0].score);
    // One second before the cut-off counts.
    let just_before = format!("{base}L1,2026-06-10T08:59:59Z,page_view,/pricing\n");
    let earlier = calibration::population(ws(&leads, &just_before).data(), &Model::seed_example(), t(AS_OF), Label::Converted);
    assert_eq!(earlier.results[0].score, before.results[0].score + 20);
    // The report's figures follow the cut-off scores: the same bands.
    assert_eq!(report(&ws(&leads, base)).bands, report(&w).bands);
}

#[test]
fn duplicate_and_unreachable_rejections_stay_out_of_the_label() {
    let leads = format!(
        "{HEADER}A,a@x.com,VP,300,Software,2026-01-01,accepted,,,,\n\
         B,b@x.com,VP,300,Software,2026-01-01,rejected,wrong_icp,2026-05-01,,\n\
         C,c@x.com,VP,300,Software,2026-01-01,rejected,duplicate,2026-05-01,,\n\
         D,d@x.com,VP,300,Software,2026-01-01,rejected,unreachable,2026-05-01,,\n\
         E,e@x.com,VP,300,Software,2026-01-01,rejected,duplicate,2026-05-01,true,\n\
         F,f@x.com,VP,300,Software,2026-01-01,rejected,,2026-05-01,,\n\
         G,g@x.com,VP,300,Software,2026-01-01,,,,,\n"
    );
    let w = ws(&leads, "");
    let r = report(&w);
    let p = &r.population;
    // A (accepted), B (wrong ICP), E (converted, whatever the rejection said).
    assert_eq!((p.labelled, p.positive, p.negative), (3, 2, 1));
    assert_eq!((p.left_out.duplicate, p.left_out.unreachable, p.left_out.no_reason), (1, 1, 1));
    assert_eq!(p.decided, 6);
    assert_eq!(p.leads, 7);
    // Every decided lead is labelled or left out, never both.
    assert_eq!(p.labelled + p.left_out.duplicate + p.left_out.unreachable + p.left_out.no_reason, p.decided);
    // The rejection breakdown counts them all.
    let count = |reason: &str| r.rejections.iter().find(|x| x.reason == reason).unwrap().leads;
    assert_eq!((count("wrong_icp"), count("duplicate"), count("unreachable"), count("no_reason")), (1, 2, 1, 1));
    // The wrong-ICP lead matched the title, size and industry fit rules.
    let wrong = r.rejections.iter().find(|x| x.reason == "wrong_icp").unwrap();
    assert_eq!(wrong.fit_rules.len(), 3, "{:?}", wrong.fit_rules);
    // With label "accepted": E's latest decision is a duplicate rejection.
    let acc = cal(&w, r#"{"label": "accepted"}"#).unwrap();
    assert_eq!((acc.population.labelled, acc.population.positive), (2, 1));
    assert_eq!(acc.population.left_out.duplicate, 2);
}

#[test]
fn no_outcomes_gives_an_empty_report_not_an_error() {
    let leads = "id,email,title\nA,a@x.com,VP\nB,b@x.com,Analyst\n";
    let r = report(&ws(leads, ""));
    assert_eq!(r.population.labelled, 0);
    assert!(r.bands.is_empty());
    assert!(r.auc.is_none() && r.roc.is_empty() && r.suggested.is_none());
    assert!(r.thresholds.best_separation.is_none() && r.thresholds.sql_rate.is_none());
    assert_eq!(r.mql_to_sql.verdict, "no_data");
    assert!(r.rules.iter().all(|l| l.with.leads == 0 && l.lift.is_none()));
    assert!(r.rejections.iter().all(|x| x.leads == 0 && x.share.is_none()));
}

#[test]
fn one_class_only_has_rates_but_no_auc_or_fit() {
    let leads = format!(
        "{HEADER}A,a@x.com,VP,300,Software,2026-01-01,,,,true,\nB,b@x.com,Analyst,20,Retail,2026-01-01,,,,true,\n"
    );
    let r = report(&ws(&leads, ""));
    assert_eq!(r.population.labelled, 2);
    assert!(r.auc.is_none() && r.roc.is_empty() && r.suggested.is_none() && r.thresholds.best_separation.is_none());
    assert!(r.bands.iter().filter(|b| b.leads > 0).all(|b| b.rate == Some(1.0)));
}

#[test]
fn bands_hold_every_labelled_lead_with_wilson_intervals() {
    // Scores: A 35 (VP + size + industry), B 0, C -30 (too small).
    let leads = format!(
        "{HEADER}A,a@x.com,VP,300,Software,2026-01-01,,,,true,\n\
         B,b@x.com,Analyst,,,2026-01-01,,,,false,\n\
         C,c@x.com,Analyst,10,,2026-01-01,,,,false,\n"
    );
    let r = w_report(&leads, r#"{"band_width": 20}"#);
    let lows: Vec<i32> = r.bands.iter().map(|b| b.lo).collect();
    assert_eq!(lows, [-40, -20, 0, 20]);
    assert_eq!(r.bands.iter().map(|b| b.leads).sum::<usize>(), 3);
    let top = r.bands.last().unwrap();
    // A band with one lead: rate 1, Wilson [0.2065, 1], marked as few.
    assert_eq!((top.leads, top.positive, top.rate, top.few), (1, 1, Some(1.0), true));
    let ci = top.ci.unwrap();
    assert!((ci[0] - 0.206_549_3).abs() < 1e-6 && ci[1] == 1.0, "{ci:?}");
    let empty = &r.bands[1];
    assert_eq!((empty.leads, empty.rate, empty.ci), (0, None, None));
    // Perfect separation.
    let auc = r.auc.unwrap();
    assert_eq!(auc.value, 1.0);
    let best = r.thresholds.best_separation.unwrap();
    assert_eq!((best.threshold, best.j), (35, 1.0));
}

fn w_report(leads: &str, options: &str) -> calibration::Report {
    cal(&ws(leads, ""), options).unwrap()
}

#[test]
fn all_ties_give_an_auc_of_one_half_and_the_lowest_threshold() {
    let mut leads = String::from(HEADER);
    for i in 0..10 {
        leads += &format!("L{i},l{i}@x.com,Analyst,,,2026-01-01,,,,{},\n", i % 2 == 0);
    }
    let r = w_report(&leads, "");
    assert_eq!(r.auc.unwrap().value, 0.5);
    assert_eq!(r.bands.len(), 1);
    assert_eq!(r.roc, vec![(0.0, 0.0, None), (1.0, 1.0, Some(0))]);
    let best = r.thresholds.best_separation.unwrap();
    assert_eq!((best.threshold, best.j), (0, 0.0));
    // No rule separates anything: nothing to fit.
    assert!(r.suggested.is_none() || r.suggested.as_ref().unwrap().auc_after == Some(0.5));
}

#[test]
fn a_rule_every_lead_has_has_no_lift() {
    let mut leads = String::from(HEADER);
    for i in 0..40 {
        leads += &format!("L{i},l{i}@x.com,VP,{},Software,2026-01-01,,,,{},\n", if i < 20 { 300 } else { 10 }, i % 3 == 0);
    }
    let r = w_report(&leads, "");
    let title = r.rules.iter().find(|l| l.id == "icp-title").unwrap();
    assert_eq!((title.with.leads, title.without.leads, title.lift, title.few), (40, 0, None, false));
    assert_eq!(title.without.rate, None);
    // Company size splits them: a finite lift with its interval around it.
    let size = r.rules.iter().find(|l| l.id == "company-size").unwrap();
    assert_eq!((size.with.leads, size.without.leads), (20, 20));
    let (lift, ci) = (size.lift.unwrap(), size.lift_ci.unwrap());
    assert!(ci[0] < lift && lift < ci[1]);
    assert!(size.few);
}

#[test]
fn thresholds_follow_the_definitions() {
    let s = sample::generate(3000, 12, 7);
    let mut w = Workspace::new();
    w.import_leads_with(s.leads_csv.as_bytes(), &[], &StatusMapping::default()).unwrap();
    w.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
    w.score(s.as_of);
    // A target the current threshold reaches.
    let now = report(&w).mql_to_sql.rate.unwrap();
    let goal = (now * 100.0).floor() / 100.0;
    let r = cal(&w, &format!(r#"{{"target_sql_rate": {goal}, "mqls_per_week": 20}}"#)).unwrap();
    let pop = calibration::population(w.data(), w.model(), s.as_of, Label::Converted);
    // The MQL-to-SQL rate at the current threshold equals compare's.
    let q = w.compare(&w.model().to_json(), &w.model().to_json(), s.as_of).unwrap().quality.unwrap();
    assert_eq!(r.mql_to_sql.decided_mqls, q.mql_to_sql_a.decided_mqls);
    assert_eq!(r.mql_to_sql.accepted, q.mql_to_sql_a.accepted);
    assert_eq!(r.population.labelled, q.labelled);
    assert_eq!(r.auc.unwrap().value, q.auc.unwrap().auc_a);
    // The SQL-rate threshold reaches the target, and the one below does not.
    let target = r.thresholds.sql_rate.unwrap();
    assert!(target.rate >= goal && target.threshold <= w.model().threshold, "{target:?}");
    let decided: Vec<usize> = (0..pop.decided.len()).filter(|&i| pop.decided[i]).collect();
    let rate_at = |th: i32| {
        let m: Vec<usize> = decided.iter().copied().filter(|&i| pop.results[i].status != leadscore::scoring::Status::Disqualified && (pop.results[i].instant || pop.results[i].score >= th)).collect();
        m.iter().filter(|&&i| pop.accepted[i]).count() as f64 / m.len() as f64
    };
    assert_eq!(rate_at(target.threshold), target.rate);
    let lower: Vec<i32> = decided.iter().map(|&i| pop.results[i].score).filter(|&x| x < target.threshold).collect();
    assert!(lower.iter().all(|&th| rate_at(th) < goal));
    // Capacity: at most 20 a week at the threshold, more just below it.
    let cap = r.thresholds.capacity.unwrap();
    assert!(cap.reachable && cap.per_week <= 20.0);
    let weeks = r.thresholds.period.weeks;
    let mqls = |th: i32| pop.results.iter().filter(|x| x.status != leadscore::scoring::Status::Disqualified && (x.instant || x.score >= th)).count();
    let th = cap.threshold.unwrap();
    assert_eq!(mqls(th) as f64 / weeks, cap.per_week);
    let below = pop.results.iter().map(|x| x.score).filter(|&x| x < th).max().unwrap();
    assert!(mqls(below) as f64 / weeks > 20.0);
    // Suggested points: whole numbers for every enabled rule; the model takes them.
    let sug = r.suggested.unwrap();
    assert!(sug.points.iter().all(|p| p.suggested.is_some()));
    assert!(sug.auc_after.unwrap() > 0.5);
    let mut m = w.model().clone();
    for (rule, p) in m.rules.iter_mut().zip(&sug.points) {
        rule.points = p.suggested.unwrap();
    }
    m.threshold = sug.threshold;
    w.set_model_json(&m.to_json()).unwrap();
    // The volume at the suggested threshold is as close as any to the old one.
    let after = calibration::population(w.data(), &m, s.as_of, Label::Converted);
    let at = |th: i32| after.results.iter().filter(|x| x.status != leadscore::scoring::Status::Disqualified && (x.instant || x.score >= th)).count();
    assert_eq!(at(sug.threshold), sug.mqls_after);
    assert_eq!(mqls(r.threshold), sug.mqls_before);
    for th in -100..300 {
        assert!(at(th).abs_diff(sug.mqls_before) >= sug.mqls_after.abs_diff(sug.mqls_before), "{th}");
    }
    assert!(sug.mqls_after.abs_diff(sug.mqls_before) * 5 <= sug.mqls_before, "{sug:?}");
}

#[test]
fn options_are_checked() {
    let w = ws("id,email\nA,a@x.com\n", "");
    for (bad, says) in [
        (r#"{"bandwidth": 5}"#, "unknown option \"bandwidth\""),
        (r#"{"label": "won"}"#, "label must be"),
        (r#"{"band_width": 0}"#, "band_width must be"),
        (r#"{"band_width": 2.5}"#, "band_width must be"),
        (r#"{"target_sql_rate": 50}"#, "target_sql_rate must be"),
        (r#"{"label": 1}"#, "label must be"),
        (r#"{"mqls_per_week": "ten"}"#, "mqls_per_week must be"),
    ] {
        let e = cal(&w, bad).unwrap_err().0;
        assert!(e.contains(says), "{bad}: {e}");
    }
    assert_eq!(Options::from_pairs(&[]).unwrap(), Options::default());
    let e = sug(&w, r#"{"from": "crm"}"#).unwrap_err().0;
    assert!(e.contains("from must be"), "{e}");
    let e = sug(&w, r#"{"holdout": 0.3}"#).unwrap_err().0;
    assert!(e.contains("unknown option \"holdout\""), "{e}");
    let e = sug(&w, r#"{"include": "Industry"}"#).unwrap_err().0;
    assert!(e.contains("include must be a list"), "{e}");
    // Not scored yet.
    let mut fresh = Workspace::new();
    fresh.import_leads_with(b"id\nA\n", &[], &StatusMapping::default()).unwrap();
    assert!(cal(&fresh, "").unwrap_err().0.contains("score(asOf)"));
    // Too few outcomes for a model.
    let e = sug(&w, "").unwrap_err().0;
    assert!(e.contains("at least 20 leads"), "{e}");
    assert_eq!(SuggestOptions::from_pairs(&[]).unwrap(), SuggestOptions::default());
}

/// A small CRM export from a known logistic process: two informative
/// columns, a noise column, a skewed number, and a column sales fills in.
fn crm(n: usize) -> String {
    let mut state: u64 = 12345;
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut out = String::from("id,created_at,Industry Group,Lead Source,Favourite Colour,Employees Band,Opportunity Stage,converted\n");
    for i in 0..n {
        let industry = ["Software", "Retail", "Health", "Select"][(next() * 4.0) as usize];
        let source = ["Webinar", "Paid Search", "Referral"][(next() * 3.0) as usize];
        let colour = ["red", "blue", "green"][(next() * 3.0) as usize];
        let employees = (next() * next() * 2000.0).floor();
        let mut eta: f64 = -1.5;
        eta += match industry { "Software" => 1.2, "Retail" => -0.8, _ => 0.0 };
        eta += match source { "Referral" => 1.0, "Paid Search" => -0.5, _ => 0.0 };
        eta += if employees >= 500.0 { 0.7 } else { 0.0 };
        let converted = next() < 1.0 / (1.0 + (-eta).exp());
        let stage = if converted { "Closed Won" } else if next() < 0.5 { "Closed Lost" } else { "" };
        out += &format!("L{i},2026-0{}-{:02},{industry},{source},{colour},{employees},{stage},{converted}\n", 1 + i % 5, 1 + i % 28);
    }
    out
}

#[test]
fn a_first_model_from_columns_flags_the_leak_and_scores_in_the_engine() {
    let mut w = ws(&crm(3000), "");
    let r = sug(&w, r#"{"from": "columns"}"#).unwrap();
    assert_eq!(r.leaks.len(), 1, "{:?}", r.leaks);
    assert_eq!(r.leaks[0].column, "Opportunity Stage");
    assert!(!r.leaks[0].included && r.leaks[0].reason.contains("filled in by sales"));
    assert!(r.rules.iter().all(|x| x.column.as_deref() != Some("Opportunity Stage")));
    assert!(r.rules.iter().any(|x| x.label == "Industry Group is Software" && x.points > 0), "{:?}", r.rules);
    assert!(r.rules.iter().any(|x| x.label == "Lead Source is Referral" && x.points > 0));
    assert!(r.rules.iter().all(|x| x.points != 0));
    // "Select" is a placeholder, never a rule.
    assert!(r.rules.iter().all(|x| !x.label.contains("Select")));
    let (train, hold) = (r.auc_train.unwrap(), r.auc_holdout.unwrap());
    assert!(train > 0.65 && hold > 0.65, "{train} {hold}");
    assert_eq!(r.split.method, "created_at");
    assert_eq!(r.split.train + r.split.holdout, 3000);
    assert_eq!(r.split.holdout, 900);
    // The model is a model file like any other.
    w.set_model_json(&r.model).unwrap();
    assert_eq!(w.model().threshold, r.threshold);
    assert_eq!(w.model().rules.len(), r.rules.len());
    // Included, the leak column is used and the holdout AUC jumps.
    let w = ws(&crm(3000), "");
    let with = sug(&w, r#"{"from": "columns", "include": ["opportunity stage"]}"#).unwrap();
    assert!(with.leaks[0].included);
    assert!(with.rules.iter().any(|x| x.column.as_deref() == Some("Opportunity Stage")));
    assert!(with.auc_holdout.unwrap() > 0.95);
    // max_rules bounds the rules.
    let few = sug(&w, r#"{"from": "columns", "max_rules": 2}"#).unwrap();
    assert!(few.rules.len() <= 2);
}

#[test]
fn a_first_model_from_the_current_rules_keeps_them_and_refits_their_points() {
    let s = sample::generate(3000, 12, 21);
    let mut w = Workspace::new();
    w.import_leads_with(s.leads_csv.as_bytes(), &[], &StatusMapping::default()).unwrap();
    w.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
    w.score(s.as_of);
    let r = sug(&w, r#"{"holdout_share": 0.25}"#).unwrap();
    let m = Model::from_json(&r.model).unwrap();
    let seed = Model::seed_example();
    assert_eq!(m.rules.iter().map(|x| &x.when).collect::<Vec<_>>(), seed.rules.iter().map(|x| &x.when).collect::<Vec<_>>());
    assert_eq!(r.rules.len(), seed.rules.len());
    assert!(r.rules.iter().zip(&seed.rules).all(|(a, b)| a.was == Some(b.points)));
    assert!(r.auc_holdout.unwrap() > 0.5);
    w.set_model_json(&r.model).unwrap();
    w.score(s.as_of);
    // A random split when some lead has no created_at: same seed, same split.
    let r2 = sug(&w, r#"{"seed": 3}"#).unwrap();
    assert_eq!(r2.split.method, "created_at");
}

#[test]
fn wilson_and_rate_ratio_at_known_values() {
    // Wilson, 0 of 10: [0, 0.2775]; 5 of 10: [0.2366, 0.7634].
    let w = stats::wilson(0, 10).unwrap();
    assert!(w[0] == 0.0 && (w[1] - 0.277_532).abs() < 1e-6, "{w:?}");
    let w = stats::wilson(5, 10).unwrap();
    assert!((w[0] - 0.236_593).abs() < 1e-6 && (w[1] - 0.763_407).abs() < 1e-6, "{w:?}");
    assert!(stats::wilson(0, 0).is_none());
    // 20/100 over 10/100: ratio 2, se sqrt(0.13), interval 2 exp(-+1.96 se) = [0.98656, 4.05448].
    let (rr, ci) = stats::rate_ratio(20, 100, 10, 100).unwrap();
    assert!((rr - 2.0).abs() < 1e-12 && (ci[0] - 0.986_56).abs() < 1e-5 && (ci[1] - 4.054_48).abs() < 1e-5, "{ci:?}");
    assert!(stats::rate_ratio(0, 10, 3, 10).is_none() && stats::rate_ratio(3, 10, 3, 0).is_none());
    // AUC with ties counted half.
    let a = stats::auc(&[1.0, 2.0, 2.0, 3.0], &[false, true, false, true]).unwrap();
    assert_eq!(a.value, 0.875);
    assert!(stats::auc(&[1.0, 2.0], &[true, true]).is_none());
}
