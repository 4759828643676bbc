//! Invariants of scoring under the seed model, over generated leads.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use leadscore::scoring::Status;
use proptest::prelude::*;

const TITLES: [&str; 5] = ["VP Sales", "Analyst", "Chief of Staff", "Student", ""];
const SIZES: [&str; 5] = ["10", "49", "250", "5000", ""];
const INDUSTRIES: [&str; 3] = ["Software", "Retail", ""];
/// (type, detail) pairs; the first five only ever add points.
const EVENTS: [(&str, &str); 8] = [
    ("page_view", "/pricing"),
    ("content_download", "case-study-a.pdf"),
    ("demo_request", "demo"),
    ("email_open", "news"),
    ("visit", ""),
    ("page_view", "/careers"),
    ("unsubscribe", ""),
    ("page_view", "/blog"),
];

#[derive(Clone, Debug)]
struct Gen {
    leads: Vec<(usize, usize, usize)>,
    /// (lead, seconds before as-of, event index)
    acts: Vec<(usize, i64, usize)>,
}

fn data() -> impl Strategy<Value = Gen> {
    (1usize..6)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec((0..TITLES.len(), 0..SIZES.len(), 0..INDUSTRIES.len()), n),
                proptest::collection::vec((0..n, 0i64..150 * DAY, 0..EVENTS.len()), 0..40),
            )
        })
        .prop_map(|(leads, acts)| Gen { leads, acts })
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("L{i}")).collect()
}

fn build(g: &Gen, lead_order: &[usize], act_order: &[usize]) -> (String, String) {
    let ids = ids(g.leads.len());
    let leads: Vec<L> = lead_order
        .iter()
        .map(|&i| {
            let (t, s, ind) = g.leads[i];
            L { id: &ids[i], title: TITLES[t], size: SIZES[s], industry: INDUSTRIES[ind] }
        })
        .collect();
    let acts: Vec<A> = act_order
        .iter()
        .map(|&i| {
            let (l, ago, e) = g.acts[i];
            (ids[l].as_str(), as_of() - ago, EVENTS[e].0, EVENTS[e].1)
        })
        .collect();
    (leads_csv(&leads), activities_csv(&acts))
}

/// Score per lead id.
fn scores(leads: &str, acts: &str, at: leadscore::Time) -> Vec<(String, i32, Status)> {
    let mut ws = leadscore::Workspace::new();
    ws.import_leads(leads.as_bytes(), &[]).unwrap();
    ws.import_activities(acts.as_bytes(), &[]).unwrap();
    ws.score(at);
    let csv = ws.scored_csv().unwrap();
    let results = ws.results().to_vec();
    let leads = &ws.data().leads;
    let mut out: Vec<(String, i32, Status)> = (0..leads.leads.len())
        .zip(&results)
        .map(|(l, r)| (leads.id(l).to_string(), r.score, r.status))
        .collect();
    out.sort();
    assert!(csv.lines().count() > out.len(), "the CSV has a header and a row per lead");
    out
}

fn identity(n: usize) -> Vec<usize> {
    (0..n).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn row_order_does_not_change_scores(g in data(), seed in any::<u64>()) {
        let (a, b) = build(&g, &identity(g.leads.len()), &identity(g.acts.len()));
        let mut lo = identity(g.leads.len());
        let mut ao = identity(g.acts.len());
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for v in [&mut lo, &mut ao] {
            for i in (1..v.len()).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                v.swap(i, (s % (i as u64 + 1)) as usize);
            }
        }
        let (c, d) = build(&g, &lo, &ao);
        prop_assert_eq!(scores(&a, &b, as_of()), scores(&c, &d, as_of()));
    }

    #[test]
    fn a_positive_event_never_lowers_a_score(g in data(), lead in 0usize..6, ago in 0i64..150 * DAY, e in 0usize..5) {
        let lead = lead % g.leads.len();
        let (a, b) = build(&g, &identity(g.leads.len()), &identity(g.acts.len()));
        let mut more = g.clone();
        more.acts.push((lead, ago, e));
        let (c, d) = build(&more, &identity(more.leads.len()), &identity(more.acts.len()));
        let before = scores(&a, &b, as_of());
        let after = scores(&c, &d, as_of());
        for (x, y) in before.iter().zip(&after) {
            prop_assert!(y.1 >= x.1, "{} went from {} to {}", x.0, x.1, y.1);
            prop_assert!(!(x.2 == Status::Mql && y.2 == Status::Nurture));
        }
    }

    #[test]
    fn time_alone_never_raises_a_score(g in data(), later in 0i64..120 * DAY) {
        let (a, b) = build(&g, &identity(g.leads.len()), &identity(g.acts.len()));
        let now = scores(&a, &b, as_of());
        let then = scores(&a, &b, as_of() + later);
        for (x, y) in now.iter().zip(&then) {
            prop_assert!(y.1 <= x.1, "{} rose from {} to {} with time", x.0, x.1, y.1);
        }
    }

    #[test]
    fn same_input_same_output(g in data()) {
        let (a, b) = build(&g, &identity(g.leads.len()), &identity(g.acts.len()));
        let run = || {
            let mut ws = leadscore::Workspace::new();
            ws.import_leads(a.as_bytes(), &[]).unwrap();
            ws.import_activities(b.as_bytes(), &[]).unwrap();
            ws.score(as_of());
            ws.scored_csv().unwrap()
        };
        prop_assert_eq!(run(), run());
    }
}
