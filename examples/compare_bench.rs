//! What backtest and compare cost (issue 10), natively, on the generated
//! sample: `compare` of the seed model against two drafts (one that only
//! moves points and the threshold, one that changes a condition and adds a
//! rule), a page of changed leads, and a 13-week `replay`.
//!
//! ```text
//! cargo run --release --example compare_bench -- [leads] [activities_per_lead]
//! node tests/bench/compare.mjs      # the same in wasm, side by side
//! ```
//!
//! Defaults: 100000 leads, 20 activities each. Writes the sample to
//! `.bench/leads.csv` and `.bench/activities.csv`, the drafts and the
//! native figures to `.bench/compare.json`. Medians of 3 runs.

use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use leadscore::compare::PageOptions;
use leadscore::outcomes::StatusMapping;
use leadscore::{format_time, sample, Model, Workspace};
use serde_json::{json, Value};

const SEED: u64 = 20_261_120;
const RUNS: usize = 3;

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// The drafts the benchmark compares against the seed model.
pub fn drafts() -> (String, String) {
    let seed: Value = serde_json::from_str(&Model::seed_example().to_json()).expect("seed JSON");
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut m = seed.clone();
        f(&mut m);
        m.to_string()
    };
    let points = edit(&|m| {
        m["threshold"] = json!(45);
        for r in m["rules"].as_array_mut().expect("rules") {
            if r["id"] == "pricing-page" {
                r["points"] = json!(30);
            }
        }
    });
    let rules = edit(&|m| {
        m["threshold"] = json!(45);
        for r in m["rules"].as_array_mut().expect("rules") {
            if r["id"] == "company-size" {
                r["when"]["min"] = json!(100.0);
            }
        }
        m["rules"].as_array_mut().expect("rules").push(json!({
            "id": "webinar", "label": "Webinar form", "points": 12,
            "when": {"kind": "event", "event": "form_submit", "count": "once"}
        }));
    });
    (points, rules)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let leads: usize = args.first().map_or(Ok(100_000), |a| a.replace('_', "").parse())?;
    let per_lead: usize = args.get(1).map_or(Ok(20), |a| a.parse())?;
    let s = sample::generate(leads, per_lead, SEED);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".bench");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("leads.csv"), &s.leads_csv)?;
    std::fs::write(dir.join("activities.csv"), &s.activities_csv)?;
    let mut ws = Workspace::new();
    ws.import_leads_with(s.leads_csv.as_bytes(), &[], &StatusMapping::default())?;
    ws.import_activities(s.activities_csv.as_bytes(), &[])?;
    let seed = Model::seed_example().to_json();
    let (points, rules) = drafts();
    let as_of = s.as_of;
    let from = as_of - 13 * 7 * 86_400;
    println!("{leads} leads, {} activities, as of {}", leads * per_lead, format_time(as_of));

    let mut figures = Vec::new();
    for (name, draft) in [("points", &points), ("rules", &rules)] {
        let mut report = None;
        let t = median(|| report = Some(ws.compare(&seed, draft, as_of).expect("compare")));
        let r = report.expect("ran");
        let page = median(|| {
            ws.changed_rows(0, 100, &PageOptions::default()).expect("page");
        });
        let mut replay = None;
        let tr = median(|| replay = Some(ws.replay(&seed, draft, from, as_of, 7).expect("replay")));
        let rp = replay.expect("ran");
        let auc = r.quality.as_ref().and_then(|q| q.auc.clone());
        println!(
            "draft {name:6}: compare {:7.1} ms (changed {}, A {} MQL, B {} MQL, AUC {:.4} -> {:.4}), 100 changed rows {:6.1} ms, 13-week replay {:7.1} ms (crossed {} vs {})",
            t.as_secs_f64() * 1e3,
            r.changed,
            r.a.mql,
            r.b.mql,
            auc.as_ref().map_or(f64::NAN, |d| d.auc_a),
            auc.as_ref().map_or(f64::NAN, |d| d.auc_b),
            page.as_secs_f64() * 1e3,
            tr.as_secs_f64() * 1e3,
            rp.total_a.crossed,
            rp.total_b.crossed,
        );
        figures.push(json!({
            "draft": name, "model": draft, "compare_ms": t.as_secs_f64() * 1e3, "page_ms": page.as_secs_f64() * 1e3,
            "replay_ms": tr.as_secs_f64() * 1e3, "changed": r.changed, "mql_a": r.a.mql, "mql_b": r.b.mql,
            "crossed_a": rp.total_a.crossed, "crossed_b": rp.total_b.crossed,
        }));
    }
    std::fs::write(
        dir.join("compare.json"),
        json!({ "as_of": format_time(as_of), "from": format_time(from), "leads": leads, "activities": leads * per_lead, "native": figures }).to_string(),
    )?;
    Ok(())
}
