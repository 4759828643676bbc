//! Native timings of calibrate and suggest_model on the files that
//! tests/bench/calibration.py writes to .bench/calibration/ (beside the
//! wasm figures that script prints).
//!
//! ```text
//! cargo run --release --example calibration_bench
//! ```

use std::time::Instant;

use leadscore::calibration::{Options, SuggestOptions};
use leadscore::outcomes::StatusMapping;
use leadscore::{parse_time, Workspace};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".bench/calibration");
    let mut ws = Workspace::new();
    ws.import_leads_with(&std::fs::read(dir.join("leads.csv"))?, &[], &StatusMapping::default())?;
    ws.import_activities(&std::fs::read(dir.join("activities.csv"))?, &[])?;
    ws.score(parse_time("2026-11-20T12:00:00Z")?);
    let t = Instant::now();
    let r = ws.calibrate(&Options::default())?;
    println!("calibrate: {:?} ({} labelled)", t.elapsed(), r.population.labelled);
    let t = Instant::now();
    let s = ws.suggest_model(&SuggestOptions::default())?;
    println!("suggest_model from the current rules: {:?} (holdout AUC {:?})", t.elapsed(), s.auc_holdout);
    let t = Instant::now();
    let s = ws.suggest_model(&SuggestOptions { from_columns: true, ..SuggestOptions::default() })?;
    println!("suggest_model from columns: {:?} (holdout AUC {:?}, {} rules)", t.elapsed(), s.auc_holdout, s.rules.len());
    Ok(())
}
