//! Native benchmark of import and scoring on generated data.
//!
//! ```text
//! cargo run --release --example bench -- [leads] [activities_per_lead]
//! ```
//!
//! Defaults: 100000 leads, 20 activities each (2M activities). Generates the
//! sample, writes `.bench/leads.csv`, `.bench/activities.csv` and
//! `.bench/bench.json` at the repository root (the Node benchmark
//! `tests/bench/wasm.mjs` reads them), then reports the median of 3 runs of:
//! the `csv` crate merely reading both files (the ceiling), the engine's
//! import, and scoring every lead. `--release` builds with the crate's
//! size-first release profile (`opt-level = "z"`, as the wasm is); add
//! `--profile bench` instead of `--release` for `opt-level = 3`.

use std::error::Error;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use leadscore::{format_time, sample, Workspace};

const SEED: u64 = 20_261_120;
const RUNS: usize = 3;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: usize| -> Result<usize, Box<dyn Error>> {
        match args.get(i) {
            None => Ok(default),
            Some(a) => a.replace('_', "").parse().map_err(|_| format!("expected a whole number, got \"{a}\"").into()),
        }
    };
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("usage: cargo run --release --example bench -- [leads=100000] [activities_per_lead=20]");
        return Ok(());
    }
    let leads = number(0, 100_000)?;
    let per_lead = number(1, 20)?;

    let started = Instant::now();
    let s = sample::generate(leads, per_lead, SEED);
    let generated = started.elapsed();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".bench");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("leads.csv"), &s.leads_csv)?;
    std::fs::write(dir.join("activities.csv"), &s.activities_csv)?;
    let as_of = s.as_of;
    drop(s);
    // Measure on the bytes as they are on disk, read into memory once.
    let lead_bytes = std::fs::read(dir.join("leads.csv"))?;
    let activity_bytes = std::fs::read(dir.join("activities.csv"))?;
    let total_bytes = lead_bytes.len() + activity_bytes.len();

    // Ceiling: the csv crate reading every record, nothing else.
    let mut csv_rows = 0;
    let ceiling = median(|| {
        let mut rows = 0usize;
        for bytes in [&lead_bytes, &activity_bytes] {
            let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
            let mut record = csv::ByteRecord::new();
            while reader.read_byte_record(&mut record).expect("the sample is valid CSV") {
                rows += 1;
                black_box(&record);
            }
        }
        csv_rows = rows;
    });

    // Engine import: a fresh workspace each run.
    let mut lead_times = Vec::new();
    let mut activity_times = Vec::new();
    let mut ws = Workspace::new();
    let mut reports = None;
    for _ in 0..RUNS {
        ws = Workspace::new();
        let t = Instant::now();
        let lr = ws.import_leads(&lead_bytes, &[])?;
        lead_times.push(t.elapsed());
        let t = Instant::now();
        let ar = ws.import_activities(&activity_bytes, &[])?;
        activity_times.push(t.elapsed());
        reports = Some((lr, ar));
    }
    let (lr, ar) = reports.expect("RUNS > 0");
    let import: Vec<Duration> = lead_times.iter().zip(&activity_times).map(|(a, b)| *a + *b).collect();

    // Scoring every lead, on the last workspace. Cold: a new as-of (a second
    // apart) each run, so the engine re-reads every lead's events.
    let mut shift = RUNS as i64;
    let score = median(|| {
        shift -= 1;
        black_box(ws.score(as_of - shift));
    });
    // Re-scoring after a threshold change: cached hits, integer work.
    let mut threshold = 48;
    let rescore = median(|| {
        let mut m = leadscore::Model::seed_example();
        threshold += 1;
        m.threshold = threshold;
        ws.set_model(m);
        black_box(ws.score(as_of));
    });
    ws.set_model(leadscore::Model::seed_example());
    let mut summary = None;
    // Crossing times of every MQL, computed when first read.
    let crossings = median(|| {
        summary = Some(ws.score(as_of));
        black_box(ws.results());
    });
    let summary = summary.expect("RUNS > 0");
    let mut score_count = 0;
    let read_scores = median(|| score_count = black_box(ws.scores()).len());
    assert_eq!(score_count, lr.kept);

    let mb = |bytes: usize, d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    let per_s = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
    let import_rows = lr.read + ar.read;
    println!(
        "leadscore bench, native ({}): {} leads ({:.1} MB) + {} activities ({:.1} MB), as of {}",
        if cfg!(debug_assertions) { "debug build: use --release" } else { "optimised" },
        group(lr.read),
        lead_bytes.len() as f64 / 1e6,
        group(ar.read),
        activity_bytes.len() as f64 / 1e6,
        format_time(as_of),
    );
    println!(
        "sample generated in {:.2} s (seed {SEED}), written to {}; each figure is the median of {RUNS} runs",
        generated.as_secs_f64(),
        dir.display()
    );
    println!();
    let header = format!("{:<34} {:>10} {:>10} {:>14}", "step", "ms", "MB/s", "rows/s");
    println!("{header}");
    println!("{}", "-".repeat(header.len()));
    let row = |label: &str, d: Duration, bytes: Option<usize>, rows: usize, unit: &str| {
        let speed = bytes.map(|b| format!("{:.1}", mb(b, d))).unwrap_or_else(|| "-".into());
        println!(
            "{:<34} {:>10.1} {:>10} {:>14}{unit}",
            label,
            d.as_secs_f64() * 1e3,
            speed,
            group(per_s(rows, d) as usize)
        );
    };
    row("csv crate read, both (ceiling)", ceiling, Some(total_bytes), csv_rows, "");
    row("engine import, both", med(&import), Some(total_bytes), import_rows, "");
    row("  import_leads", med(&lead_times), Some(lead_bytes.len()), lr.read, "");
    row("  import_activities", med(&activity_times), Some(activity_bytes.len()), ar.read, "");
    row("score(as_of), all leads, cold", score, None, summary.leads, " leads/s");
    row("re-score after a threshold change", rescore, None, summary.leads, " leads/s");
    row("crossing times of all MQLs", crossings, None, summary.mql, " MQLs/s");
    row("scores() copy-out", read_scores, None, score_count, " leads/s");
    println!();
    println!(
        "import: leads read {} kept {} rejected {}; activities read {} kept {} rejected {}, unmatched {}",
        lr.read, lr.kept, lr.rejected, ar.read, ar.kept, ar.rejected, ar.unmatched_activities
    );
    let share = |n: usize| 100.0 * n as f64 / summary.leads.max(1) as f64;
    println!(
        "statuses: mql {} ({:.1}%, {} instant), nurture {} ({:.1}%), disqualified {} ({:.1}%)",
        summary.mql,
        share(summary.mql),
        summary.instant,
        summary.nurture,
        share(summary.nurture),
        summary.disqualified,
        share(summary.disqualified)
    );
    println!(
        "engine import vs ceiling: {:.0}% of the csv crate's bare read speed ({:.2}x its time)",
        100.0 * ceiling.as_secs_f64() / med(&import).as_secs_f64(),
        med(&import).as_secs_f64() / ceiling.as_secs_f64()
    );
    println!(
        "The \"ceiling\" row is the csv crate alone iterating ByteRecords over the same bytes (no decoding,\n\
         no storage): an importer built on it cannot be faster. The engine rows are what users get."
    );

    let json = serde_json::json!({
        "seed": SEED,
        "as_of": format_time(as_of),
        "leads": lr.read,
        "activities": ar.read,
        "lead_bytes": lead_bytes.len(),
        "activity_bytes": activity_bytes.len(),
        "native": {
            "ceiling_ms": ms(ceiling),
            "import_ms": ms(med(&import)),
            "import_leads_ms": ms(med(&lead_times)),
            "import_activities_ms": ms(med(&activity_times)),
            "score_ms": ms(score),
            "rescore_ms": ms(rescore),
            "crossings_ms": ms(crossings),
            "scores_ms": ms(read_scores),
            "mql": summary.mql,
            "nurture": summary.nurture,
            "disqualified": summary.disqualified,
            "instant": summary.instant,
        }
    });
    std::fs::write(dir.join("bench.json"), serde_json::to_string_pretty(&json)? + "\n")?;
    Ok(())
}

/// Runs `f` RUNS times and returns the median time.
fn median(mut f: impl FnMut()) -> Duration {
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    med(&times)
}

fn med(times: &[Duration]) -> Duration {
    let mut t = times.to_vec();
    t.sort();
    t[t.len() / 2]
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// 1234567 -> "1,234,567".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
