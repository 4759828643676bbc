//! Cold score (the first `score` after an import, hits read from the
//! events) on existing files, natively, median of N: for iterating on
//! `HitCache::build` without re-importing per run.
//!
//! ```text
//! cargo run --release --example cold_score -- DIR [runs=5]
//! ```

use std::error::Error;
use std::time::Instant;

use leadscore::import::ImportKind;
use leadscore::outcomes::StatusMapping;
use leadscore::Workspace;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        return Err("usage: cold_score DIR [runs]".into());
    };
    let runs: usize = args.get(1).map_or(Ok(5), |a| a.parse())?;
    let mut ws = Workspace::new();
    for (kind, name) in [(ImportKind::Leads, "leads.csv"), (ImportKind::Activities, "activities.csv")] {
        let bytes = std::fs::read(format!("{dir}/{name}"))?;
        ws.begin_import(kind, &[], &StatusMapping::default(), Some(bytes.len() as u64))?;
        for c in bytes.chunks(1 << 20) {
            ws.feed(c)?;
        }
        ws.finish_import()?;
    }
    let base = leadscore::parse_time("2026-11-20T12:00:00Z")?;
    let mut times = Vec::new();
    let mut sum = 0u64;
    for k in 0..runs {
        // A different as-of each run: the hits are read again.
        let t = Instant::now();
        let s = ws.score(base + k as i64);
        times.push(t.elapsed());
        sum = sum.wrapping_add(ws.scores().iter().map(|&x| x as u64).sum::<u64>());
        std::hint::black_box(s);
    }
    times.sort();
    println!("{dir}: cold score median of {runs} {:.1} ms (min {:.1}); checksum {sum}", times[runs / 2].as_secs_f64() * 1e3, times[0].as_secs_f64() * 1e3);
    Ok(())
}
