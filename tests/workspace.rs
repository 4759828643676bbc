//! The workspace: cached re-scoring equals scoring from scratch, and the
//! table view (order, rows) reads the results right.
#![cfg(not(target_arch = "wasm32"))]

use leadscore::model::{Decay, When};
use leadscore::scoring::{LeadResult, Scorer};
use leadscore::sample;
use leadscore::scoring::Status;
use leadscore::{Model, Workspace};
use proptest::prelude::*;

fn loaded(s: &sample::Sample) -> Workspace {
    let mut ws = Workspace::new();
    ws.import_leads(s.leads_csv.as_bytes(), &[]).unwrap();
    ws.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
    ws
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Editing points, flags, threshold or decay factors re-combines cached
    /// hits; the result must be what a workspace that never cached gives.
    #[test]
    fn cached_rescoring_equals_a_fresh_run(
        points in proptest::collection::vec(-40i32..60, 11),
        enabled in proptest::collection::vec(any::<bool>(), 11),
        instant in 0usize..11,
        threshold in -20i32..120,
        factor in 0.0f64..1.0,
    ) {
        let s = sample::generate(300, 12, 11);
        let mut cached = loaded(&s);
        cached.score(s.as_of);
        let mut m = Model::seed_example();
        for (i, r) in m.rules.iter_mut().enumerate() {
            r.points = points[i];
            r.enabled = enabled[i];
            r.instant_mql = i == instant;
        }
        m.threshold = threshold;
        if let Decay::Steps { steps, .. } = &mut m.decay {
            steps[1].factor = factor;
        }
        cached.set_model(m.clone());
        let a = cached.score(s.as_of);
        let mut fresh = loaded(&s);
        fresh.set_model(m);
        let b = fresh.score(s.as_of);
        prop_assert_eq!(a, b);
        prop_assert_eq!(cached.results().to_vec(), fresh.results().to_vec());
        // And what one lead scored on its own gives (no cache at all).
        let scorer = Scorer::new(fresh.data(), fresh.model());
        for (i, r) in fresh.results_fast().iter().enumerate() {
            // (crossing times come later, from another path)
            prop_assert_eq!(LeadResult { crossed_at: None, ..*r }, scorer.score_fast(i, s.as_of), "lead {}", i);
        }
    }

    /// Slider moves one after another (a threshold, one rule's points, its
    /// switch or flags) update the last results in place; each step must
    /// equal a workspace that scores the same model from nothing.
    #[test]
    fn step_by_step_updates_equal_fresh_scoring(
        edits in proptest::collection::vec((0usize..5, 0usize..11, -30i32..60), 1..8),
    ) {
        let s = sample::generate(300, 12, 21);
        let mut ws = loaded(&s);
        ws.score(s.as_of);
        let mut m = Model::seed_example();
        for (kind, rule, value) in edits {
            match kind {
                0 => m.threshold = value,
                1 | 2 => m.rules[rule].points = value,
                3 => m.rules[rule].enabled = !m.rules[rule].enabled,
                _ => m.rules[rule].instant_mql = !m.rules[rule].instant_mql,
            }
            ws.set_model(m.clone());
            let a = ws.score(s.as_of);
            let mut fresh = loaded(&s);
            fresh.set_model(m.clone());
            prop_assert_eq!(a, fresh.score(s.as_of));
            // Crossing times read after some steps only, so that updates
            // run both with and without them in the results.
            if value % 2 == 0 {
                prop_assert_eq!(ws.results().to_vec(), fresh.results().to_vec());
            } else {
                prop_assert_eq!(ws.results_fast().to_vec(), fresh.results_fast().to_vec());
            }
        }
    }

    /// Caps, disqualifiers and a half-life decay through the cached
    /// re-score loop equal scoring each lead on its own.
    #[test]
    fn the_rescore_loop_equals_scoring_each_lead(
        points in proptest::collection::vec(-40i32..60, 11),
        caps in proptest::collection::vec(proptest::option::of(0u32..40), 11),
        disqualify in proptest::option::of(0usize..11),
        half_life in proptest::option::of(1.0f64..60.0),
        threshold in -20i32..120,
    ) {
        let s = sample::generate(300, 12, 3);
        let mut ws = loaded(&s);
        ws.score(s.as_of);
        let mut m = Model::seed_example();
        for (i, r) in m.rules.iter_mut().enumerate() {
            r.points = points[i];
            match &mut r.when {
                When::Event(t) => t.cap = caps[i],
                When::Number(t) => t.cap = caps[i],
                When::Field(_) => {}
            }
            r.disqualify = disqualify == Some(i);
        }
        m.threshold = threshold;
        if let Some(days) = half_life {
            m.decay = Decay::HalfLife { days };
        }
        ws.set_model(m);
        ws.score(s.as_of);
        let scorer = Scorer::new(ws.data(), ws.model());
        for (i, r) in ws.results_fast().iter().enumerate() {
            prop_assert_eq!(*r, scorer.score_fast(i, s.as_of), "lead {}", i);
        }
    }
}

/// Points that reach the edges too: zero, negative, and big enough that
/// a count or a sum saturates at i32's bounds.
fn any_points() -> impl Strategy<Value = i32> {
    prop_oneof![
        6 => -60i32..80,
        1 => Just(0),
        1 => Just(i32::MAX),
        1 => Just(i32::MIN + 1),
        1 => (1i32 << 29)..(1i32 << 30),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The delta path of a points change (score += delta x count, caps
    /// applied, status decided again) under random models with caps,
    /// disqualifiers, instant rules, switched-off rules, decay and negative
    /// or saturating points, step after step: each step equals a fresh
    /// workspace scoring the same model, and scoring each lead on its own.
    #[test]
    fn points_deltas_equal_fresh_scoring(
        points in proptest::collection::vec(any_points(), 11),
        caps in proptest::collection::vec(proptest::option::of(0u32..200), 11),
        enabled in proptest::collection::vec(prop::bool::weighted(0.85), 11),
        disqualify in proptest::option::of(0usize..11),
        instant in proptest::option::of(0usize..11),
        half_life in proptest::option::of(1.0f64..60.0),
        threshold in -20i32..120,
        steps in proptest::collection::vec((0usize..11, any_points(), -20i32..120, 0u8..4), 1..7),
    ) {
        let s = sample::generate(250, 12, 17);
        let mut m = Model::seed_example();
        for (i, r) in m.rules.iter_mut().enumerate() {
            r.points = points[i];
            r.enabled = enabled[i];
            match &mut r.when {
                When::Event(t) => t.cap = caps[i],
                When::Number(t) => t.cap = caps[i],
                When::Field(_) => {}
            }
            r.disqualify = disqualify == Some(i);
            r.instant_mql = instant == Some(i);
        }
        m.threshold = threshold;
        if let Some(days) = half_life {
            m.decay = Decay::HalfLife { days };
        }
        let mut ws = loaded(&s);
        ws.set_model(m.clone());
        ws.score(s.as_of);
        for (rule, value, t, what) in steps {
            // 0, 1: one rule's points (the delta path); 2: its points and
            // the threshold; 3: crossing times read first, then points.
            if what == 3 {
                ws.results();
            }
            m.rules[rule].points = value;
            if what == 2 {
                m.threshold = t;
            }
            ws.set_model(m.clone());
            let got = ws.score(s.as_of);
            prop_assert!(ws.last_score_updated(), "a points change updates in place");
            let mut fresh = loaded(&s);
            fresh.set_model(m.clone());
            prop_assert_eq!(&got, &fresh.score(s.as_of));
            prop_assert_eq!(ws.results_fast().to_vec(), fresh.results_fast().to_vec());
            prop_assert_eq!(ws.score_column(), fresh.score_column());
            prop_assert_eq!(ws.status_column(), fresh.status_column());
            let scorer = Scorer::new(fresh.data(), fresh.model());
            for (i, r) in ws.results_fast().iter().enumerate() {
                prop_assert_eq!(*r, scorer.score_fast(i, s.as_of), "lead {}", i);
            }
            // The columns say what the rows say.
            let statuses: Vec<u8> = ws.results_fast().iter().map(|r| r.status as u8).collect();
            prop_assert_eq!(ws.status_column(), &statuses[..]);
        }
        prop_assert_eq!(ws.results().to_vec(), {
            let mut fresh = loaded(&s);
            fresh.set_model(m.clone());
            fresh.score(s.as_of);
            fresh.results().to_vec()
        });
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A window of the order by score (no sort) is that part of the sorted order.
    #[test]
    fn an_order_window_is_that_part_of_the_order(
        mask in 0u32..32,
        start in 0usize..400,
        count in 0usize..120,
        descending in any::<bool>(),
        threshold in 0i32..80,
        sort_by in prop::sample::select(vec!["score", "fit", "file"]),
    ) {
        let s = sample::generate(300, 8, 29);
        let mut ws = loaded(&s);
        let mut m = Model::seed_example();
        m.threshold = threshold;
        ws.set_model(m);
        ws.score(s.as_of);
        let all = ws.order(sort_by, descending, mask, "").unwrap();
        let (total, got) = ws.order_window(sort_by, descending, mask, "", start, count).unwrap();
        prop_assert_eq!(total, all.len());
        let from = start.min(all.len());
        prop_assert_eq!(&got[..], &all[from..(from + count).min(all.len())]);
    }
}

#[test]
fn a_changed_condition_or_as_of_reads_the_events_again() {
    let s = sample::generate(300, 12, 5);
    let mut ws = loaded(&s);
    let before = ws.score(s.as_of);
    let mut m = Model::seed_example();
    // Pricing page visits now need "/careers" instead: a condition change.
    if let leadscore::model::When::Event(t) = &mut m.rules[4].when {
        t.detail_contains = Some("/careers".into());
    }
    ws.set_model(m.clone());
    let changed = ws.score(s.as_of);
    let mut fresh = loaded(&s);
    fresh.set_model(m.clone());
    assert_eq!(changed, fresh.score(s.as_of));
    assert_ne!(before.mql, changed.mql);
    // A later as-of on the cached workspace equals that of one that never scored.
    let later = s.as_of + 45 * 86_400;
    let mut never = loaded(&s);
    never.set_model(m);
    let expected = never.score(later);
    assert_ne!(expected.mql, changed.mql, "45 days of decay change the MQLs");
    assert_eq!(ws.score(later), expected);
}

#[test]
#[allow(clippy::disallowed_methods)] // the standard library is the reference
fn order_sorts_filters_and_searches() {
    let s = sample::generate(500, 12, 3);
    let mut ws = loaded(&s);
    let summary = ws.score(s.as_of);
    let results = ws.results().to_vec();

    let all = ws.order("score", true, 0, "").unwrap();
    assert_eq!(all.len(), 500);
    assert!(all.windows(2).all(|w| results[w[0] as usize].score >= results[w[1] as usize].score));
    // Ties keep file order.
    assert!(all.windows(2).all(|w| results[w[0] as usize].score != results[w[1] as usize].score || w[0] < w[1]));

    let mqls = ws.order("score", false, 1 << Status::Mql as u32, "").unwrap();
    assert_eq!(mqls.len(), summary.mql);
    assert!(mqls.iter().all(|&i| results[i as usize].status == Status::Mql));

    let crossed = ws.order("crossed_at", true, 0, "").unwrap();
    let with: Vec<_> = crossed.iter().map(|&i| results[i as usize].crossed_at).collect();
    let first_none = with.iter().position(Option::is_none).unwrap_or(with.len());
    assert!(with[first_none..].iter().all(Option::is_none), "never-crossed leads come last");
    assert!(with[..first_none].windows(2).all(|w| w[0] >= w[1]));

    let id = ws.data().leads.id(42).to_string();
    let found = ws.order("file", false, 0, &id.to_lowercase()).unwrap();
    assert_eq!(found, [42]);
    assert!(ws.order("mood", false, 0, "").unwrap_err().to_string().contains("cannot sort by \"mood\""));
}

#[test]
fn rows_show_what_the_results_say() {
    let s = sample::generate(200, 12, 9);
    let mut ws = loaded(&s);
    ws.score(s.as_of);
    let mql = ws.order("score", true, 1 << Status::Mql as u32, "").unwrap()[0];
    // Rows compute crossing times for what they show even before anyone
    // asked for all of them.
    let rows = ws.rows(&[mql, 0]).unwrap();
    let results = ws.results().to_vec();
    let r = &results[mql as usize];
    assert_eq!((rows[0].index, rows[0].score, rows[0].status), (mql as usize, r.score, Status::Mql));
    assert_eq!(rows[0].crossed_at, r.crossed_at.map(leadscore::format_time));
    assert_eq!(rows[1].lead.id, ws.data().leads.id(0).to_string());
    assert!(ws.rows(&[9999]).is_err());
}

#[test]
fn remapping_the_activity_file_replaces_its_rows() {
    let mut ws = Workspace::new();
    ws.import_leads(b"id,title\nL1,VP Sales\nL2,Analyst\n", &[]).unwrap();
    ws.import_activities(b"lead_id,timestamp,type,detail\nL2,2026-11-01,visit,\n", &[]).unwrap();
    // A second file whose "what" column is the type but "kind" was taken for it.
    let file = b"who,when,kind,what\nL1,2026-11-10,visit,demo_request\n";
    let mapping = |pairs: &[(&str, Option<&str>)]| -> Vec<(String, Option<String>)> {
        pairs.iter().map(|(h, f)| (h.to_string(), f.map(str::to_string))).collect()
    };
    let first = ws.import_activities(file, &mapping(&[("who", Some("lead_id")), ("when", Some("timestamp")), ("kind", Some("type"))])).unwrap();
    assert_eq!(first.kept, 1);
    let as_of = leadscore::parse_time("2026-11-20").unwrap();
    assert_eq!(ws.score(as_of).mql, 0);
    let again = ws
        .remap_activities(&mapping(&[("who", Some("lead_id")), ("when", Some("timestamp")), ("kind", None), ("what", Some("type"))]))
        .unwrap();
    assert_eq!((again.kept, ws.activity_count()), (1, 2), "replaced, not added; the first file stays");
    let summary = ws.score(as_of);
    assert_eq!((summary.mql, summary.instant), (1, 1), "L1's demo request now counts");
    assert!(ws.remap_activities(&mapping(&[("nope", Some("type"))])).is_err());
    assert_eq!(ws.activity_count(), 2, "a failed remap keeps the rows");
}

#[test]
fn a_threshold_or_one_rule_updates_in_place_and_a_decay_change_does_not() {
    let s = sample::generate(2000, 12, 8);
    let mut ws = loaded(&s);
    ws.score(s.as_of);
    assert!(!ws.last_score_updated(), "the first score combines every lead");
    let mut m = Model::seed_example();
    let check = |ws: &mut Workspace, m: &Model| {
        let mut fresh = loaded(&s);
        fresh.set_model(m.clone());
        assert_eq!(ws.score(s.as_of), fresh.score(s.as_of));
        assert_eq!(ws.results().to_vec(), fresh.results().to_vec());
        ws.last_score_updated()
    };
    m.threshold += 7;
    ws.set_model(m.clone());
    assert!(check(&mut ws, &m), "a threshold move updates in place");
    let narrow = m.rules.iter().position(|r| r.id == "pricing-page").expect("seed rule");
    m.rules[narrow].points += 9;
    ws.set_model(m.clone());
    assert!(check(&mut ws, &m), "one rule's points update in place");
    if let Decay::Steps { steps, .. } = &mut m.decay {
        steps[1].factor = 0.6;
    }
    ws.set_model(m.clone());
    assert!(!check(&mut ws, &m), "a decay factor reaches every lead");
}
