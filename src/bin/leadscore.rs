//! The native command-line scorer (SPEC section 10): the same engine as the
//! page, for nightly jobs and exports too big for a browser tab.
//!
//!     leadscore score --leads FILE [--activities FILE]... --model FILE --as-of TIME
//!                     [--out FILE] [--handoff json|csv|markdown|html] [--quiet] [--progress]
//!     leadscore sql --model FILE --dialect NAME [--as-of TIME] [--leads-table NAME]
//!                   [--activities-table NAME] [--lead-column NAME]... [--out FILE]
//!
//! Exit codes: 0 done, every row read; 3 done, but some rows were rejected
//! (each listed on stderr as FILE:LINE: what); 1 bad input (a file that
//! cannot be read, a bad model or time): nothing written; 2 bad arguments.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use leadscore::import::{ImportKind, ImportReport};
use leadscore::sql::{compile, Dialect, SqlOptions, DIALECTS};
use leadscore::{parse_time, Model, Workspace};

const USAGE: &str = "\
usage:
  leadscore score --leads FILE [--activities FILE]... --model FILE --as-of TIME
                  [--out FILE] [--handoff json|csv|markdown|html] [--quiet] [--progress]
      Scores the leads (CSV, JSON or NDJSON, as the page reads them) and writes
      the scored CSV, or with --handoff every MQL's handoff packet, to --out
      (default: standard output). Files are read as a stream, a chunk at a
      time. Progress and row errors go to stderr; a progress bar by bytes is
      drawn for files of 16 MB or more when stderr is a terminal, and for
      every file with --progress.
  leadscore sql --model FILE --dialect NAME [--as-of TIME] [--leads-table NAME]
                [--activities-table NAME] [--lead-column NAME]... [--out FILE]
      Writes the model as one SQL query (dialects: duckdb, spark, postgres,
      bigquery, snowflake) returning id, score, fit, behavior, status, instant.
      Without --as-of the query scores as of the moment it runs.

exit codes: 0 done; 3 done, some rows rejected (listed on stderr);
            1 bad input, nothing written; 2 bad arguments";

/// What went wrong, and the exit code it gets.
enum Failure {
    Usage(String),
    Input(String),
}

struct Args {
    command: String,
    pairs: Vec<(String, String)>,
    flags: Vec<String>,
}

const VALUE_FLAGS: [&str; 10] = [
    "--leads",
    "--activities",
    "--model",
    "--as-of",
    "--out",
    "--handoff",
    "--dialect",
    "--leads-table",
    "--activities-table",
    "--lead-column",
];

fn parse_args(raw: Vec<String>) -> Result<Args, Failure> {
    let mut it = raw.into_iter();
    let command = it.next().ok_or_else(|| Failure::Usage("name a command: score or sql".into()))?;
    let mut pairs = Vec::new();
    let mut flags = Vec::new();
    while let Some(a) = it.next() {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        if VALUE_FLAGS.contains(&name.as_str()) {
            let value = match inline {
                Some(v) => v,
                None => it.next().ok_or_else(|| Failure::Usage(format!("{name} needs a value")))?,
            };
            pairs.push((name, value));
        } else if matches!(name.as_str(), "--quiet" | "-q" | "--progress" | "--help" | "-h") {
            flags.push(name);
        } else {
            return Err(Failure::Usage(format!("unknown option \"{a}\"")));
        }
    }
    Ok(Args { command, pairs, flags })
}

impl Args {
    fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    fn one(&self, name: &str) -> Result<Option<&str>, Failure> {
        match self.all(name).as_slice() {
            [] => Ok(None),
            [v] => Ok(Some(v)),
            _ => Err(Failure::Usage(format!("{name} is given more than once"))),
        }
    }

    fn required(&self, name: &str) -> Result<&str, Failure> {
        self.one(name)?.ok_or_else(|| Failure::Usage(format!("{} needs {name}", self.command)))
    }

    fn only(&self, allowed: &[&str]) -> Result<(), Failure> {
        match self.pairs.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
            Some((n, _)) => Err(Failure::Usage(format!("{n} does not go with {}", self.command))),
            None => Ok(()),
        }
    }
}

fn read(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Input(format!("{path}: cannot read it: {e}")))
}

fn read_model(path: &str) -> Result<Model, Failure> {
    let bytes = read(path)?;
    let text = String::from_utf8(bytes).map_err(|_| Failure::Input(format!("{path}: the model is not UTF-8 text")))?;
    Model::from_json(&text).map_err(|e| Failure::Input(format!("{path}: {e}")))
}

fn as_of(text: &str) -> Result<i64, Failure> {
    parse_time(text).map_err(|e| Failure::Input(format!("--as-of: {e}")))
}

/// Where progress goes: stderr, unless --quiet.
struct Progress {
    quiet: bool,
    start: Instant,
    bar: Bar,
}

/// When a file's import draws a progress bar on stderr.
#[derive(Clone, Copy, PartialEq)]
enum Bar {
    /// `--progress`: for every file.
    Always,
    /// stderr is a terminal: for files of [`LONG_FILE`] bytes or more.
    LongFiles,
    Never,
}

const LONG_FILE: u64 = 16 << 20;
const CHUNK: usize = 1 << 20;

/// Streams one file into the workspace, drawing the bar by bytes.
fn stream(ws: &mut Workspace, kind: ImportKind, path: &str, p: &Progress) -> Result<ImportReport, Failure> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Failure::Input(format!("{path}: cannot read it: {e}"));
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let total = file.metadata().map_err(cannot)?.len();
    let draw = p.bar == Bar::Always || (p.bar == Bar::LongFiles && total >= LONG_FILE);
    p.say(&format!("reading {path} ({})", megabytes(total as usize)));
    let bad = |e: leadscore::Error| Failure::Input(format!("{path}: {e}"));
    ws.begin_import(kind, &Vec::new(), &Default::default(), Some(total)).map_err(bad)?;
    let mut chunk = vec![0u8; CHUNK];
    let mut read = 0u64;
    let mut drawn = Instant::now();
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                ws.cancel_import();
                return Err(cannot(e));
            }
        };
        ws.feed(&chunk[..n]).map_err(bad)?;
        read += n as u64;
        if draw && (drawn.elapsed().as_millis() >= 100 || read == total) {
            drawn = Instant::now();
            draw_bar(path, read, total);
        }
    }
    if draw {
        draw_bar(path, read, total.max(read));
        eprintln!();
    }
    match ws.finish_import().map_err(bad)? {
        leadscore::workspace::Finished::Import(r) => Ok(r),
        leadscore::workspace::Finished::Outcomes(o) => Ok(o.import),
    }
}

/// `FILE [#########...........]  45%  120.3 of 300.1 MB`, redrawn in place.
fn draw_bar(path: &str, read: u64, total: u64) {
    const WIDTH: u64 = 30;
    let filled = (read * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let pct = (read * 100).checked_div(total).unwrap_or(100);
    let bar: String = (0..WIDTH).map(|i| if i < filled { '#' } else { '.' }).collect();
    eprint!("\r{path} [{bar}] {pct:>3}%  {} of {}", megabytes(read as usize), megabytes(total as usize));
}

impl Progress {
    fn say(&self, what: &str) {
        if !self.quiet {
            eprintln!("[{:>7.2} s] {what}", self.start.elapsed().as_secs_f64());
        }
    }
}

fn megabytes(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

/// Every rejected row as FILE:LINE: what; returns how many there were.
fn report_rows(path: &str, r: &ImportReport) -> usize {
    for e in &r.errors {
        let what = e.message.split_once(": ").filter(|(head, _)| head.starts_with("line ")).map_or(e.message.as_str(), |(_, rest)| rest);
        match &e.column {
            Some(c) => eprintln!("{path}:{}: column \"{c}\": {}", e.line, what.trim_start_matches(&format!("column \"{c}\": "))),
            None => eprintln!("{path}:{}: {what}", e.line),
        }
    }
    if r.errors_not_listed > 0 {
        eprintln!("{path}: {} more rejected rows not listed", r.errors_not_listed);
    }
    r.rejected
}

fn write_out(out: Option<&str>, text: &str) -> Result<(), Failure> {
    match out {
        Some(path) => std::fs::write(path, text).map_err(|e| Failure::Input(format!("{path}: cannot write it: {e}"))),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()).map_err(|e| Failure::Input(format!("standard output: {e}")))
        }
    }
}

fn score(args: &Args) -> Result<bool, Failure> {
    args.only(&["--leads", "--activities", "--model", "--as-of", "--out", "--handoff"])?;
    let leads_path = args.required("--leads")?;
    let model_path = args.required("--model")?;
    let as_of_text = args.required("--as-of")?;
    let handoff = args.one("--handoff")?;
    if let Some(f) = handoff {
        if !matches!(f, "json" | "csv" | "markdown" | "html") {
            return Err(Failure::Usage(format!("--handoff {f}: use json, csv, markdown or html")));
        }
    }
    let out = args.one("--out")?;
    let quiet = args.flags.iter().any(|f| f == "--quiet" || f == "-q");
    let bar = if args.flags.iter().any(|f| f == "--progress") {
        Bar::Always
    } else if !quiet && std::io::stderr().is_terminal() {
        Bar::LongFiles
    } else {
        Bar::Never
    };
    let p = Progress { quiet, start: Instant::now(), bar };
    let model = read_model(model_path)?;
    let t = as_of(as_of_text)?;

    let mut ws = Workspace::new();
    ws.set_model(model);
    let mut rejected = 0;
    // Files stream through the incremental import, a chunk at a time.
    ws.set_memory_limit(usize::MAX);
    let r = stream(&mut ws, ImportKind::Leads, leads_path, &p)?;
    rejected += report_rows(leads_path, &r);
    p.say(&format!("{leads_path}: {} rows read, {} kept, {} rejected", r.read, r.kept, r.rejected));
    for path in args.all("--activities") {
        let r = stream(&mut ws, ImportKind::Activities, path, &p)?;
        rejected += report_rows(path, &r);
        p.say(&format!("{path}: {} rows read, {} kept, {} rejected", r.read, r.kept, r.rejected));
    }
    let unmatched = ws.unmatched_activities();
    if !unmatched.is_empty() {
        p.say(&format!("{} activities match no lead (kept, not scored)", unmatched.len()));
    }
    p.say(&format!("scoring {} leads with {} activities as of {}", ws.lead_count(), ws.activity_count(), leadscore::format_time(t)));
    let summary = ws.score(t);
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    p.say(&format!(
        "{} MQL ({} hand-raisers), {} nurture, {} disqualified",
        summary.mql, summary.instant, summary.nurture, summary.disqualified
    ));
    let text = match handoff {
        Some(f) => ws.handoff(f),
        None => ws.scored_csv(),
    }
    .map_err(|e| Failure::Input(e.to_string()))?;
    p.say(&format!("writing {} to {}", megabytes(text.len()), out.unwrap_or("standard output")));
    write_out(out, &text)?;
    p.say("done");
    Ok(rejected == 0)
}

fn sql(args: &Args) -> Result<bool, Failure> {
    args.only(&["--model", "--dialect", "--as-of", "--leads-table", "--activities-table", "--lead-column", "--out"])?;
    let model = read_model(args.required("--model")?)?;
    let dialect = Dialect::from_name(args.required("--dialect")?).map_err(|e| Failure::Usage(format!("--dialect: {e}")))?;
    let columns = args.all("--lead-column");
    let options = SqlOptions {
        leads: args.one("--leads-table")?.map(String::from),
        activities: args.one("--activities-table")?.map(String::from),
        as_of: args.one("--as-of")?.map(String::from),
        lead_columns: (!columns.is_empty()).then(|| columns.iter().map(|c| c.to_string()).collect()),
        // The scorer reads status words with the suggested mapping too.
        status_mapping: None,
    };
    let text = compile(&model, dialect, &options).map_err(|e| Failure::Input(e.to_string()))?;
    write_out(args.one("--out")?, &text)?;
    Ok(true)
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.is_empty() || matches!(raw[0].as_str(), "help" | "--help" | "-h") {
        println!("{USAGE}");
        return if raw.is_empty() { ExitCode::from(2) } else { ExitCode::SUCCESS };
    }
    if raw[0] == "--version" {
        println!("leadscore {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let result = parse_args(raw).and_then(|args| {
        if args.flags.iter().any(|f| f == "--help" || f == "-h") {
            println!("{USAGE}");
            return Ok(true);
        }
        match args.command.as_str() {
            "score" => score(&args),
            "sql" => sql(&args),
            other => Err(Failure::Usage(format!("no command \"{other}\" (score or sql; dialects: {})", DIALECTS.join(", ")))),
        }
    });
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(3),
        Err(Failure::Input(m)) => {
            eprintln!("leadscore: {m}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(m)) => {
            eprintln!("leadscore: {m}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
