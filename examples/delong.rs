//! Feeds `tests/stats/delong_check.py` (the independent DeLong reference
//! in numpy/scipy): reads cases `{"a": [..], "b": [..], "positive": [..]}`
//! one per line on stdin and prints our DeLong result for each as a JSON
//! line; `sample LEADS SEED` instead prints the labelled pre-sales scores
//! of the seed model and a draft on generated data, with our quality report.
//!
//! ```text
//! cargo run --example delong < cases.ndjson
//! cargo run --example delong -- sample 3000 7
//! ```

use std::io::BufRead;

/// A report as a JSON value (the engine writes its reports with `leadscore::json`).
fn as_value<T: leadscore::json::ToJson>(v: &T) -> Value {
    serde_json::from_str(&leadscore::json::to_string(v)).expect("the engine writes valid JSON")
}

use leadscore::compare::{self, delong};
use leadscore::outcomes::StatusMapping;
use leadscore::{sample, Model, Workspace};
use serde_json::{json, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("sample") {
        let leads: usize = args.get(1).map_or(Ok(3000), |a| a.parse())?;
        let seed: u64 = args.get(2).map_or(Ok(7), |a| a.parse())?;
        let s = sample::generate(leads, 12, seed);
        let mut ws = Workspace::new();
        ws.import_leads_with(s.leads_csv.as_bytes(), &[], &StatusMapping::default())?;
        ws.import_activities(s.activities_csv.as_bytes(), &[])?;
        let a = Model::seed_example().to_json();
        let mut b: Value = serde_json::from_str(&a)?;
        b["threshold"] = json!(45);
        for r in b["rules"].as_array_mut().expect("rules") {
            match r["id"].as_str() {
                Some("pricing-page") => r["points"] = json!(35),
                Some("industry") => r["points"] = json!(2),
                Some("email-engagement") => r["points"] = json!(25),
                _ => {}
            }
        }
        let b = b.to_string();
        let report = ws.compare(&a, &b, s.as_of)?;
        let data = ws.data();
        let verdicts: Vec<compare::Verdict> = (0..data.leads.leads.len()).map(|i| compare::verdict(data, i)).collect();
        let l = compare::labelled(data, &verdicts, &Model::from_json(&a)?, &Model::from_json(&b)?, s.as_of);
        println!("{}", json!({ "a": l.scores_a, "b": l.scores_b, "positive": l.labels, "ours": as_value(&report.quality.and_then(|q| q.auc)) }));
        return Ok(());
    }
    for line in std::io::stdin().lock().lines() {
        let case: Value = serde_json::from_str(&line?)?;
        let nums = |k: &str| -> Vec<f64> { case[k].as_array().expect(k).iter().map(|v| v.as_f64().expect("number")).collect() };
        let positive: Vec<bool> = case["positive"].as_array().expect("positive").iter().map(|v| v.as_bool().expect("bool")).collect();
        println!("{}", leadscore::json::to_string(&delong(&nums("a"), &nums("b"), &positive)));
    }
    Ok(())
}
