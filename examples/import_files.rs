//! Native streaming import of existing files beside the csv-crate ceiling
//! on the same bytes, in one run (what tests/bench/streaming.mjs measures in
//! wasm, for quick iteration and profiling; it writes nothing).
//!
//! ```text
//! cargo run --release --example import_files -- DIR [runs=3] [leads]
//! ```
//!
//! DIR holds leads.csv and activities.csv (e.g. .bench/stream-100000-20).
//! With `leads`, only the lead file is read and imported (for profiling it).
//! `--release` is the size-first profile the wasm is built with.

use std::error::Error;
use std::time::{Duration, Instant};

use leadscore::import::ImportKind;
use leadscore::outcomes::StatusMapping;
use leadscore::Workspace;

const CHUNK: usize = 1 << 20;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        return Err("usage: import_files DIR [runs]".into());
    };
    let runs: usize = args.get(1).map_or(Ok(3), |a| a.parse())?;
    let leads_only = args.get(2).is_some_and(|a| a == "leads");
    let leads = std::fs::read(format!("{dir}/leads.csv"))?;
    let activities = if leads_only { Vec::new() } else { std::fs::read(format!("{dir}/activities.csv"))? };
    let input = leads.len() + activities.len();

    let mut ceiling = Vec::new();
    let mut fields = 0;
    for _ in 0..runs {
        let t = Instant::now();
        fields = 0;
        // As benchCsvRead in src/wasm.rs: 16 MiB pieces, string records.
        for bytes in [&leads, &activities] {
            for piece in bytes.chunks(16 << 20) {
                let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(piece);
                let mut record = csv::StringRecord::new();
                while let Ok(true) = reader.read_record(&mut record) {
                    fields += record.len();
                }
            }
        }
        ceiling.push(t.elapsed());
    }

    let (mut lead_t, mut act_t, mut score_t) = (Vec::new(), Vec::new(), Vec::new());
    let mut kept = (0, 0);
    for _ in 0..runs {
        let mut ws = Workspace::new();
        let stream = |ws: &mut Workspace, kind, bytes: &[u8]| -> Result<(Duration, usize), Box<dyn Error>> {
            let t = Instant::now();
            ws.begin_import(kind, &[], &StatusMapping::default(), Some(bytes.len() as u64))?;
            for c in bytes.chunks(CHUNK) {
                ws.feed(c)?;
            }
            let kept = match ws.finish_import()? {
                leadscore::workspace::Finished::Import(r) => r.kept,
                _ => 0,
            };
            Ok((t.elapsed(), kept))
        };
        let (tl, kl) = stream(&mut ws, ImportKind::Leads, &leads)?;
        let (ta, ka) = if leads_only { (Duration::ZERO, 0) } else { stream(&mut ws, ImportKind::Activities, &activities)? };
        let t = Instant::now();
        let s = ws.score(leadscore::parse_time("2026-11-20T12:00:00Z")?);
        score_t.push(t.elapsed());
        std::hint::black_box(s);
        lead_t.push(tl);
        act_t.push(ta);
        kept = (kl, ka);
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (c, l, a, s) = (med(&mut ceiling), med(&mut lead_t), med(&mut act_t), med(&mut score_t));
    let mbs = |b: usize, d: Duration| b as f64 / 1e6 / d.as_secs_f64();
    println!("{dir}: {:.1} MB, {fields} fields; kept {} leads, {} activities; median of {runs}", input as f64 / 1e6, kept.0, kept.1);
    println!("ceiling (csv crate)  {:>8.1} ms {:>7.1} MB/s", c.as_secs_f64() * 1e3, mbs(input, c));
    let imp = l + a;
    println!("streaming import     {:>8.1} ms {:>7.1} MB/s  = {:.0}% of the ceiling", imp.as_secs_f64() * 1e3, mbs(input, imp), 100.0 * c.as_secs_f64() / imp.as_secs_f64());
    println!("  leads              {:>8.1} ms {:>7.1} MB/s", l.as_secs_f64() * 1e3, mbs(leads.len(), l));
    println!("  activities         {:>8.1} ms {:>7.1} MB/s", a.as_secs_f64() * 1e3, mbs(activities.len(), a));
    println!("score                {:>8.1} ms", s.as_secs_f64() * 1e3);
    Ok(())
}
