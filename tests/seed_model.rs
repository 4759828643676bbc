//! The seed example model (SPEC section 3), pinned at every boundary.

mod common;

use common::*;
use leadscore::scoring::Status;
use leadscore::{parse_time, Model, Workspace};

fn fit(title: &str, size: &str, industry: &str) -> i32 {
    let r = score_one(L { id: "L1", title, size, industry }, &[], as_of());
    assert_eq!(r.behavior, 0);
    r.fit
}

#[test]
fn icp_title_tokens() {
    for t in [
        "VP Marketing",
        "SVP, Sales",
        "evp",
        "Chief Revenue Officer",
        "CEO",
        "CFO & co-founder",
        "COO",
        "CTO/Founder",
        "cmo",
        "CIO",
        "CRO",
        "CISO",
        "Vice President of Sales",
        "Senior Vice-President",
        "vp.marketing",
    ] {
        assert_eq!(fit(t, "", ""), 15, "{t} is an ICP title");
    }
    for t in [
        "President",
        "Vice Chair, President",
        "VPN Engineer",
        "Service Provider Manager",
        "Director of Marketing",
        "C.E.O.",
        "Chiefly Curious",
        "vicepresident",
        "",
    ] {
        assert_eq!(fit(t, "", ""), 0, "{t} is not an ICP title");
    }
}

#[test]
fn company_size_boundaries() {
    let cases = [("49", -30), ("50", 0), ("199", 0), ("200", 10), ("5000", 10), ("5001", 0), ("0", -30), ("", 0)];
    for (size, points) in cases {
        assert_eq!(fit("", size, ""), points, "company_size {size}");
    }
}

#[test]
fn industry_list_is_trimmed_and_case_blind() {
    for (industry, points) in [
        ("Software", 10),
        ("  FINANCIAL SERVICES ", 10),
        ("healthcare", 10),
        ("Manufacturing", 10),
        ("Financial", 0),
        ("Software Development", 0),
        ("Retail", 0),
    ] {
        assert_eq!(fit("", "", industry), points, "industry {industry:?}");
    }
}

#[test]
fn fit_rules_add_up() {
    assert_eq!(fit("VP Sales", "1000", "Software"), 35);
    assert_eq!(fit("VP Sales", "10", "Software"), -5);
}

fn behavior(acts: &[(i64, &str, &str)], at: leadscore::Time) -> leadscore::scoring::LeadResult {
    let acts: Vec<A> = acts.iter().map(|&(t, k, d)| ("L1", t, k, d)).collect();
    score_one(lead(""), &acts, at)
}

#[test]
fn email_engagement_window_is_the_30_days_up_to_as_of() {
    let now = as_of();
    let open = |t| (t, "email_open", "newsletter");
    // (as_of - 30 days, as_of]: the left edge is out, as_of itself is in.
    assert_eq!(behavior(&[open(now), open(now - 10 * DAY), open(now - 30 * DAY + 1)], now).score, 10);
    assert_eq!(behavior(&[open(now), open(now - 10 * DAY), open(now - 30 * DAY)], now).score, 0);
    assert_eq!(behavior(&[open(now), open(now - DAY)], now).score, 0);
    // Ten opens still give the points once.
    let many: Vec<_> = (0..10).map(|i| open(now - i * DAY)).collect();
    assert_eq!(behavior(&many, now).score, 10);
}

#[test]
fn return_visits_need_three_inside_some_seven_day_span() {
    let t = as_of() - 20 * DAY;
    let visit = |t| (t, "visit", "");
    let inside = behavior(&[visit(t), visit(t + 3 * DAY), visit(t + 7 * DAY - 1)], as_of());
    assert_eq!(inside.score, 15);
    let edge = behavior(&[visit(t), visit(t + 3 * DAY), visit(t + 7 * DAY)], as_of());
    assert_eq!(edge.score, 0, "[t, t + 7 days) excludes t + 7 days");
    let spread = behavior(&[visit(t), visit(t + 5 * DAY), visit(t + 10 * DAY), visit(t + 15 * DAY)], as_of());
    assert_eq!(spread.score, 0);
}

#[test]
fn decay_steps_at_30_60_90_days() {
    // 20 (pricing) + 15 (case study) positive behavior, last engaged d days ago.
    for (days, expected) in [(0, 35), (30, 35), (31, 26), (60, 26), (61, 17), (90, 17), (91, 0)] {
        let last = as_of() - days * DAY;
        let r = behavior(&[(last - 3600, "page_view", "/pricing"), (last, "content_download", "case-study-acme.pdf")], as_of());
        assert_eq!(r.score, expected, "{days} days after the last engagement");
        assert_eq!(r.decay_removed, 35 - expected);
    }
}

#[test]
fn whole_days_round_down_for_decay() {
    // 30 days and 23 hours is 30 whole days: no decay yet.
    let last = as_of() - 31 * DAY + 3600;
    assert_eq!(behavior(&[(last, "page_view", "/pricing")], as_of()).score, 20);
}

#[test]
fn negative_points_never_decay() {
    let old = as_of() - 200 * DAY;
    let r = behavior(&[(old, "page_view", "/careers"), (old, "page_view", "/careers/jobs")], as_of());
    assert_eq!(r.score, -10, "careers counts once and does not decay");
    let r = behavior(&[(old, "unsubscribe", "")], as_of());
    assert_eq!(r.score, -20);
}

#[test]
fn unsubscribe_is_not_engagement() {
    let now = as_of();
    let r = behavior(&[(now - 40 * DAY, "page_view", "/pricing"), (now - DAY, "unsubscribe", "")], now);
    assert_eq!(r.score, 15 - 20, "pricing decays to 15 (40 days), unsubscribe takes 20");
}

#[test]
fn case_studies_count_each_without_cap() {
    let now = as_of();
    let acts: Vec<_> = (0..4).map(|i| (now - i * DAY, "content_download", "Case-Study-Acme.pdf")).collect();
    assert_eq!(behavior(&acts, now).score, 60);
    let other = behavior(&[(now, "content_download", "whitepaper.pdf")], now);
    assert_eq!(other.score, 0);
}

#[test]
fn pricing_detail_is_a_case_blind_substring_and_counts_once() {
    let now = as_of();
    let r = behavior(&[(now, "page_view", "https://x.com/PRICING?plan=pro"), (now - DAY, "page_view", "/pricing")], now);
    assert_eq!(r.score, 20);
    assert_eq!(behavior(&[(now, "visit", "/pricing")], now).score, 0, "a visit is not a page_view");
}

#[test]
fn demo_request_is_instant_up_to_90_days() {
    for (days, status, score) in [(0, Status::Mql, 50), (90, Status::Mql, 25), (91, Status::Nurture, 0)] {
        let r = behavior(&[(as_of() - days * DAY, "demo_request", "demo form")], as_of());
        assert_eq!((r.status, r.instant, r.score), (status, status == Status::Mql, score), "demo {days} days ago");
    }
}

#[test]
fn events_after_as_of_are_ignored() {
    let now = as_of();
    let r = behavior(&[(now + 1, "demo_request", ""), (now + DAY, "page_view", "/pricing")], now);
    assert_eq!((r.score, r.status), (0, Status::Nurture));
    let r = behavior(&[(now, "demo_request", "")], now);
    assert_eq!(r.status, Status::Mql, "an event exactly at as-of counts");
}

#[test]
fn threshold_is_inclusive() {
    // ICP title 15 + size 10 + industry 10 + case study 15 = 50.
    let acts = [("L1", as_of(), "content_download", "case-study.pdf")];
    let l = L { id: "L1", title: "CTO", size: "300", industry: "software" };
    let r = score_one(l, &acts, as_of());
    assert_eq!((r.score, r.fit, r.behavior, r.status), (50, 35, 15, Status::Mql));
    let l = L { id: "L1", title: "CTO", size: "300", industry: "retail" };
    assert_eq!(score_one(l, &acts, as_of()).status, Status::Nurture);
}

#[test]
fn crossing_is_the_event_that_tipped_the_lead() {
    let now = as_of();
    let l = || L { id: "L1", title: "VP Sales", size: "", industry: "" };
    let acts = [
        ("L1", now - 10 * DAY, "page_view", "/pricing"),
        ("L1", now - 5 * DAY, "content_download", "case-study-1"),
        ("L1", now - 2 * DAY, "content_download", "case-study-2"),
    ];
    // 15 fit + 20 + 15 = 50 at day -5.
    let r = score_one(l(), &acts, now);
    assert_eq!(r.status, Status::Mql);
    assert_eq!(r.crossed_at, Some(now - 5 * DAY));
}

#[test]
fn crossing_again_after_decay_takes_the_later_time() {
    let now = as_of();
    let acts = [
        ("L1", now - 200 * DAY, "page_view", "/pricing"),
        ("L1", now - 199 * DAY, "content_download", "case-study-1"),
        ("L1", now - 199 * DAY, "content_download", "case-study-2"),
        ("L1", now - 5 * DAY, "page_view", "/pricing"),
        ("L1", now - 3 * DAY, "content_download", "case-study-3"),
    ];
    // Day -199: 15 + 50 = 65, MQL. By day -5 it had decayed to 15 fit only;
    // at -5 every old point counts again (last engagement is fresh): 15 + 20 + 30 + 20 = 85.
    let r = score_one(lead("VP Sales"), &acts, now);
    assert_eq!(r.status, Status::Mql);
    assert_eq!(r.crossed_at, Some(now - 5 * DAY));
}

#[test]
fn fit_only_mql_crossed_when_created() {
    let mut ws = Workspace::new();
    let mut m = Model::seed_example();
    m.threshold = 30;
    ws.set_model(m);
    ws.import_leads(leads_csv(&[L { id: "L1", title: "CEO", size: "250", industry: "Software" }]).as_bytes(), &[]).unwrap();
    ws.score(as_of());
    let r = ws.results()[0];
    assert_eq!((r.status, r.crossed_at), (Status::Mql, Some(parse_time("2026-01-01").unwrap())));
}

#[test]
fn explanation_itemises_every_point() {
    let now = as_of();
    let acts = [
        ("L1", now - 45 * DAY, "page_view", "/pricing"),
        ("L1", now - 40 * DAY, "content_download", "case-study-1.pdf"),
        ("L1", now - 40 * DAY, "page_view", "/careers"),
        ("L1", now + DAY, "demo_request", "too late"),
    ];
    let mut ws = workspace(&[L { id: "L1", title: "CMO", size: "1200", industry: "Healthcare" }], &acts);
    ws.score(now);
    let ex = ws.explain_id("L1").unwrap();
    let items: Vec<(&str, i32)> = ex.contributions.iter().map(|c| (c.rule.as_str(), c.points)).collect();
    assert_eq!(
        items,
        [("icp-title", 15), ("company-size", 10), ("industry", 10), ("pricing-page", 20), ("case-study", 15), ("careers-page", -10)]
    );
    // 35 positive behavior, 40 days since engagement: x0.75 = 26.
    assert_eq!((ex.decay.before, ex.decay.after, ex.decay.removed, ex.decay.days_since), (35, 26, 9, Some(40)));
    assert_eq!((ex.score, ex.fit, ex.behavior), (35 + 26 - 10, 35, 16));
    let sum: i32 = ex.contributions.iter().map(|c| c.points).sum::<i32>() - ex.decay.removed;
    assert_eq!(sum, ex.score, "contributions minus decay add up to the score");
    assert_eq!(ex.contributions[3].events.len(), 1);
    assert_eq!(ex.contributions[3].events[0].detail, "/pricing");
    assert_eq!(ex.contributions[0].value.as_deref(), Some("CMO"));
    assert_eq!(ex.activities_after_as_of, 1);
    // Score 51 >= 50: MQL. Fit 35 + pricing 20 made 55 at day -45: the crossing.
    assert_eq!(ex.status, Status::Mql);
    assert_eq!(ex.crossed_at.as_deref(), Some(leadscore::format_time(now - 45 * DAY).as_str()));
    let drivers: Vec<(&str, i32)> = ex.drivers.iter().map(|c| (c.rule.as_str(), c.points)).collect();
    assert_eq!(drivers, [("pricing-page", 20)]);
    assert_eq!(ex.crossing_events.len(), 1);
    assert_eq!(ex.timeline.last().unwrap().score, ex.score);
    assert!(ex.timeline.windows(2).all(|w| w[0].time < w[1].time));
}
