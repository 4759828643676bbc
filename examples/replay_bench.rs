//! The 13-week replay alone, natively (issue 10): each draft of
//! `compare_bench`, timed per part. Medians of `RUNS`.
//!
//! ```text
//! cargo run --release --example replay_bench -- [leads] [runs]
//! ```

use std::time::Instant;

use leadscore::compare;
use leadscore::outcomes::StatusMapping;
use leadscore::{sample, Model, Workspace};

#[path = "compare_bench.rs"]
#[allow(dead_code)]
mod bench;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let leads: usize = args.first().map_or(100_000, |a| a.parse().expect("leads"));
    let runs: usize = args.get(1).map_or(5, |a| a.parse().expect("runs"));
    let s = sample::generate(leads, 20, 20_261_120);
    let mut ws = Workspace::new();
    ws.import_leads_with(s.leads_csv.as_bytes(), &[], &StatusMapping::default()).unwrap();
    ws.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
    let seed = Model::seed_example();
    let (points, rules) = bench::drafts();
    let from = s.as_of - 13 * 7 * 86_400;
    let steps = compare::steps(from, s.as_of, 7).unwrap();
    for (name, draft) in [("points", &points), ("rules", &rules)] {
        let draft = Model::from_json(draft).unwrap();
        let mut t: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(compare::replay(ws.data(), &seed, &draft, from, s.as_of, 7).unwrap());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        t.sort_by(f64::total_cmp);
        let mut one: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(compare::replay_leads(ws.data(), &draft, &steps));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        one.sort_by(f64::total_cmp);
        println!("{name:6}: replay {:7.1} ms; draft alone (replay_leads) {:7.1} ms", t[runs / 2], one[runs / 2]);
    }
}
