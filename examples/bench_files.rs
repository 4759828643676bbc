//! Writes a generated data set for the batch benchmark
//! (`tests/bench/batch.py`): DIR/leads.csv and DIR/activities.csv from
//! `src/sample.rs`, and DIR/model.json (the seed example model).
//!
//! Usage: cargo run --release --example bench_files -- DIR LEADS ACTIVITIES_PER_LEAD
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, leads, per] = args.as_slice() else {
        eprintln!("usage: bench_files DIR LEADS ACTIVITIES_PER_LEAD");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).unwrap();
    let s = leadscore::sample::generate(leads.parse().unwrap(), per.parse().unwrap(), 20_261_120);
    std::fs::write(dir.join("leads.csv"), &s.leads_csv).unwrap();
    std::fs::write(dir.join("activities.csv"), &s.activities_csv).unwrap();
    std::fs::write(dir.join("model.json"), leadscore::Model::seed_example().to_json()).unwrap();
    println!("{}", leadscore::format_time(s.as_of));
}
