//! Feeds `tests/stats/calibration_check.py` (scikit-learn and statsmodels
//! as the independent references): reads cases one JSON per line on stdin
//! and prints our figures for each as a JSON line:
//!
//! - `{"auc": {"scores": [..], "positive": [..]}}`
//! - `{"wilson": [k, n]}`
//! - `{"ratio": [a, n1, c, n0]}`
//! - `{"logistic": {"x": [[..], ..], "y": [..], "lambda": 1.0}}`
//!
//! `sample LEADS SEED` instead prints the calibration report of the seed
//! model on generated data with the labelled leads' scores and rule inputs
//! (so the reference can recompute every figure from them).
//!
//! ```text
//! cargo run --example calibration_stats < cases.ndjson
//! cargo run --example calibration_stats -- sample 3000 7
//! ```

use std::io::BufRead;

use leadscore::calibration::{self, Label, Options};
use leadscore::outcomes::StatusMapping;
use leadscore::stats::{self, Design};
use leadscore::{sample, Workspace};
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
        ws.score(s.as_of);
        let report = ws.calibrate(&Options::default())?;
        let pop = calibration::population(ws.data(), ws.model(), s.as_of, Label::Converted);
        let labelled = pop.labelled();
        let model = ws.model();
        // Each enabled rule's input to the fit: how many times it counts.
        let inputs: Vec<Vec<f64>> = labelled
            .iter()
            .map(|&i| {
                model
                    .rules
                    .iter()
                    .zip(pop.hits_of(i))
                    .filter(|(r, _)| r.enabled)
                    .map(|(r, h)| calibration::times(r, h.count))
                    .collect()
            })
            .collect();
        println!(
            "{}",
            json!({
                "scores": labelled.iter().map(|&i| pop.results[i].score).collect::<Vec<_>>(),
                "positive": labelled.iter().map(|&i| pop.label[i] == Some(true)).collect::<Vec<_>>(),
                "hit": labelled.iter().map(|&i| pop.hits_of(i).iter().map(|h| h.count > 0).collect::<Vec<_>>()).collect::<Vec<_>>(),
                "inputs": inputs,
                "report": serde_json::from_str::<Value>(&leadscore::json::to_string(&report))?,
            })
        );
        return Ok(());
    }
    for line in std::io::stdin().lock().lines() {
        let case: Value = serde_json::from_str(&line?)?;
        let nums = |v: &Value| -> Vec<f64> { v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number")).collect() };
        let out = if let Some(c) = case.get("auc") {
            let positive: Vec<bool> = c["positive"].as_array().expect("positive").iter().map(|v| v.as_bool().expect("bool")).collect();
            json!(stats::auc(&nums(&c["scores"]), &positive).map(|a| json!({ "value": a.value, "se": a.se, "ci": a.ci })))
        } else if let Some(c) = case.get("wilson") {
            let v = nums(c);
            json!(stats::wilson(v[0] as usize, v[1] as usize))
        } else if let Some(c) = case.get("ratio") {
            let v = nums(c);
            json!(stats::rate_ratio(v[0] as usize, v[1] as usize, v[2] as usize, v[3] as usize))
        } else if let Some(c) = case.get("logistic") {
            let rows: Vec<Vec<f64>> = c["x"].as_array().expect("x").iter().map(&nums).collect();
            let y: Vec<bool> = c["y"].as_array().expect("y").iter().map(|v| v.as_bool().expect("bool")).collect();
            let mut x = Design::new(rows.first().map_or(0, Vec::len));
            for r in &rows {
                x.push_row(r.iter().enumerate().map(|(j, &v)| (j as u32, v as f32)));
            }
            let fit = stats::logistic(&x, &y, c["lambda"].as_f64().expect("lambda"));
            json!({ "intercept": fit.intercept, "coef": fit.coef, "converged": fit.converged, "iterations": fit.iterations })
        } else {
            return Err(format!("unknown case: {case}").into());
        };
        println!("{out}");
    }
    Ok(())
}
