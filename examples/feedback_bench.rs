//! What the feedback loop costs (issue 8): importing sales outcomes and an
//! update import, and scoring with decisions against scoring without, on
//! the generated sample.
//!
//! ```text
//! cargo run --release --example feedback_bench -- [leads] [activities_per_lead]
//! ```
//!
//! Defaults: 100000 leads, 20 activities each. The sample's lead table
//! carries its own decision columns; "without decisions" imports it with
//! those columns kept as custom fields. The outcome log is built from the
//! same decisions as CRM status history (a "Working - Contacted" row at
//! first contact, then the final status word), so a worked lead has two
//! decisions. The update import is the same lead file with 1% of titles
//! changed. Each figure is the median of 3 runs. Also writes
//! `.bench/outcomes.csv`, `.bench/leads-update.csv`, the sample and
//! `.bench/feedback.json` for `tests/bench/feedback.mjs` (the same in wasm).

use std::error::Error;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use leadscore::outcomes::StatusMapping;
use leadscore::{format_time, parse_time, sample, Workspace};

const SEED: u64 = 20_261_120;
const RUNS: usize = 3;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let leads: usize = args.first().map_or(Ok(100_000), |a| a.replace('_', "").parse())?;
    let per_lead: usize = args.get(1).map_or(Ok(20), |a| a.parse())?;
    let s = sample::generate(leads, per_lead, SEED);
    let as_of = s.as_of;
    let (outcomes, update, decided) = derived(&s.leads_csv)?;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".bench");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("outcomes.csv"), &outcomes)?;
    std::fs::write(dir.join("leads-update.csv"), &update)?;
    std::fs::write(dir.join("leads.csv"), &s.leads_csv)?;
    std::fs::write(dir.join("activities.csv"), &s.activities_csv)?;
    std::fs::write(dir.join("feedback.json"), format!("{{\"as_of\": \"{}\", \"leads\": {leads}}}\n", format_time(as_of)))?;
    let (lead_bytes, activity_bytes) = (s.leads_csv.into_bytes(), s.activities_csv.into_bytes());
    let no_decisions: Vec<(String, Option<String>)> =
        ["sales_outcome", "rejection_reason", "rejected_at", "converted", "first_contact_at"].iter().map(|h| (h.to_string(), None)).collect();
    let status = StatusMapping::default();

    let mut plain = Workspace::new();
    let mut with = Workspace::new();
    let lead_plain = median(|| {
        plain = Workspace::new();
        black_box(plain.import_leads(&lead_bytes, &no_decisions).unwrap());
    });
    let lead_with = median(|| {
        with = Workspace::new();
        black_box(with.import_leads(&lead_bytes, &[]).unwrap());
    });
    plain.import_activities(&activity_bytes, &[])?;
    with.import_activities(&activity_bytes, &[])?;
    let mut report = None;
    let outcome_import = median(|| {
        with.clear_outcomes();
        report = Some(with.import_outcomes(outcomes.as_bytes(), &[], &status).unwrap());
    });
    let report = report.expect("RUNS > 0");

    let mut shift = RUNS as i64;
    let mut sum_plain = None;
    let score_plain = median(|| {
        shift -= 1;
        sum_plain = Some(plain.score(as_of - shift));
    });
    shift = RUNS as i64;
    let mut sum_with = None;
    let score_with = median(|| {
        shift -= 1;
        sum_with = Some(with.score(as_of - shift));
    });
    let rescore = |ws: &mut Workspace| {
        let mut threshold = 48;
        median(|| {
            let mut m = leadscore::Model::seed_example();
            threshold += 1;
            m.threshold = threshold;
            ws.set_model(m);
            black_box(ws.score(as_of));
        })
    };
    let rescore_plain = rescore(&mut plain);
    let rescore_with = rescore(&mut with);
    plain.set_model(leadscore::Model::seed_example());
    with.set_model(leadscore::Model::seed_example());
    let crossings = |ws: &mut Workspace| {
        median(|| {
            ws.score(as_of);
            black_box(ws.results());
        })
    };
    let cross_plain = crossings(&mut plain);
    let cross_with = crossings(&mut with);
    let feedback = median(|| {
        black_box(with.feedback().unwrap());
    });
    // The update alone (the lead import before it is not counted).
    let mut update_only = Vec::new();
    let mut upd = None;
    for _ in 0..RUNS {
        let mut ws = Workspace::new();
        ws.import_leads(&lead_bytes, &[])?;
        let t = Instant::now();
        let r = ws.update_leads(update.as_bytes(), &[], &status)?;
        update_only.push(t.elapsed());
        upd = Some(r);
    }
    let u = upd.expect("RUNS > 0");

    let (sp, sw) = (sum_plain.expect("runs"), sum_with.expect("runs"));
    println!("leadscore feedback-loop bench, native ({}): {} leads, {} activities, as of {}; median of {RUNS} runs",
        if cfg!(debug_assertions) { "debug build: use --release" } else { "optimised" },
        leads, activity_bytes.iter().filter(|&&b| b == b'\n').count() - 1, format_time(as_of));
    println!("outcome log: {} rows ({:.1} MB) for {} decided leads; kept {}, rejected {}, unknown leads {}",
        report.import.read, outcomes.len() as f64 / 1e6, decided, report.import.kept, report.import.rejected, report.unknown_leads.len());
    println!();
    println!("{:<46} {:>12} {:>12} {:>8}", "step", "without", "with", "cost");
    println!("{}", "-".repeat(80));
    let row = |label: &str, a: Duration, b: Duration| {
        println!("{:<46} {:>9.1} ms {:>9.1} ms {:>+7.0}%", label, ms(a), ms(b), 100.0 * (b.as_secs_f64() / a.as_secs_f64() - 1.0));
    };
    row("import_leads (decision columns read or not)", lead_plain, lead_with);
    println!("{:<46} {:>12} {:>9.1} ms {:>8}", "import_outcomes (outcome log)", "-", ms(outcome_import), "");
    println!("{:<46} {:>12} {:>9.1} ms {:>8}", "update_leads (1% titles changed)", "-", ms(med(&update_only)), "");
    row("score(as_of), all leads, cold", score_plain, score_with);
    row("re-score after a threshold change", rescore_plain, rescore_with);
    row("crossing times of all MQLs", cross_plain, cross_with);
    println!("{:<46} {:>12} {:>9.1} ms {:>8}", "feedback() report", "-", ms(feedback), "");
    println!();
    println!("without decisions: mql {} nurture {} disqualified {}", sp.mql, sp.nurture, sp.disqualified);
    println!("with decisions:    mql {} nurture {} disqualified {} suppressed {} recycled {}", sw.mql, sw.nurture, sw.disqualified, sw.suppressed, sw.recycled);
    println!("update: changed {}, added {}, unchanged {}, leads with fit changes {}", u.changed, u.added, u.unchanged, u.fit_changes.len() + u.fit_changes_not_listed);
    Ok(())
}

/// The outcome log and the update file derived from the sample's leads,
/// and how many leads have a decision.
fn derived(leads_csv: &str) -> Result<(String, String, usize), Box<dyn Error>> {
    let mut r = csv::Reader::from_reader(leads_csv.as_bytes());
    let headers = r.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect("sample header");
    let (id, outcome, reason, rejected, created, contact, title) = (
        col("id"), col("sales_outcome"), col("rejection_reason"), col("rejected_at"), col("created_at"), col("first_contact_at"), col("title"),
    );
    let mut log = String::from("Lead ID,Lead Status,Date\n");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers)?;
    let mut decided = 0;
    for (n, rec) in r.records().enumerate() {
        let rec = rec?;
        let mut row: Vec<String> = rec.iter().map(str::to_string).collect();
        if n % 100 == 0 {
            row[title] = if row[title].contains("VP") { "Analyst".into() } else { "VP Operations".into() };
        }
        w.write_record(&row)?;
        if rec[outcome].is_empty() {
            continue;
        }
        decided += 1;
        let created = parse_time(&rec[created]).unwrap_or(0);
        let contacted = parse_time(&rec[contact]).unwrap_or(created + 86_400);
        log += &format!("{},Working - Contacted,{}\n", &rec[id], format_time(contacted));
        let (word, at) = match (&rec[outcome], &rec[reason]) {
            ("accepted", _) => ("Connected", contacted + 3600),
            (_, "wrong_icp") => ("Unqualified", parse_time(&rec[rejected]).unwrap_or(contacted)),
            (_, "premature") => ("Bad Timing", parse_time(&rec[rejected]).unwrap_or(contacted)),
            (_, "unreachable") => ("Attempted to Contact", parse_time(&rec[rejected]).unwrap_or(contacted)),
            _ => ("Duplicate", parse_time(&rec[rejected]).unwrap_or(contacted)),
        };
        log += &format!("{},{word},{}\n", &rec[id], format_time(at.max(contacted)));
    }
    Ok((log, String::from_utf8(w.into_inner()?)?, decided))
}

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
    d.as_secs_f64() * 1e3
}
