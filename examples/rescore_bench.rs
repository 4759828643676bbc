//! Native side of `tests/bench/rescore.mjs`: the steps of a slider move on
//! the benchmark files, timed one by one (median of N).
//!
//! ```text
//! cargo run --release --example bench -- 1000000 10      # writes .bench/
//! cargo run --release --example rescore_bench [-- runs [folder]]
//! ```

use std::time::Instant;

use leadscore::{parse_time, Model, Workspace};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = std::env::args().nth(1).map_or(Ok(15), |a| a.parse())?;
    // The files of `bench` in .bench/, or those of another folder (such as
    // .bench/stream-1000000-10, as of the default time without a bench.json).
    let dir = match std::env::args().nth(2) {
        Some(d) => std::path::PathBuf::from(d),
        None => std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".bench"),
    };
    let meta: serde_json::Value = match std::fs::read(dir.join("bench.json")) {
        Ok(b) => serde_json::from_slice(&b)?,
        Err(_) => serde_json::Value::Null,
    };
    let as_of = parse_time(meta["as_of"].as_str().unwrap_or("2026-11-20T12:00:00Z"))?;
    let mut ws = Workspace::new();
    let t = Instant::now();
    ws.import_leads(&std::fs::read(dir.join("leads.csv"))?, &[])?;
    ws.import_activities(&std::fs::read(dir.join("activities.csv"))?, &[])?;
    println!("import {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    ws.score(as_of);
    println!("cold score {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let seed = Model::seed_example();
    let rule = seed.rules.iter().position(|r| r.points > 0).expect("a positive rule");
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    for (name, change) in [("threshold", 0), ("points", 1)] {
        let (mut set, mut score, mut arrays, mut order) = (vec![], vec![], vec![], vec![]);
        for i in 0..=runs {
            let mut m = seed.clone();
            if change == 0 {
                m.threshold += 1 + (i % 3) as i32;
            } else {
                m.rules[rule].points += 1 + (i % 3) as i32;
            }
            let t = Instant::now();
            ws.set_model(m);
            set.push(ms(t));
            let t = Instant::now();
            let s = ws.score(as_of);
            score.push(ms(t));
            assert!(i == 0 || ws.last_score_updated(), "{name}: updated in place");
            let t = Instant::now();
            std::hint::black_box((ws.score_column().to_vec(), ws.status_column().to_vec()));
            arrays.push(ms(t));
            let t = Instant::now();
            std::hint::black_box(ws.order("score", true, 0, "")?);
            order.push(ms(t));
            std::hint::black_box(s);
        }
        println!(
            "{name}: setModel {:.2} ms, score {:.2} ms, arrays {:.2} ms, order by score {:.2} ms (medians of {runs})",
            median(set[1..].to_vec()),
            median(score[1..].to_vec()),
            median(arrays[1..].to_vec()),
            median(order[1..].to_vec())
        );
    }
    Ok(())
}
