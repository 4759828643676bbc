//! The native command-line scorer, run as a built binary: each option, its
//! output against the library's, and bad input with its exit code.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use leadscore::sql::{compile, Dialect, SqlOptions, DIALECTS};
use leadscore::{parse_time, Model, Workspace};

const AS_OF: &str = "2026-11-20T12:00:00Z";

const LEADS: &str = "id,email,title,company,company_size,industry,created_at\n\
    L1,ann@acme.example,VP Marketing,Acme,1000,Software,2026-09-01\n\
    L2,bob@tiny.example,Intern,Tiny,10,Retail,2026-09-01\n\
    L3,cat@mid.example,Chief Technology Officer,Mid,300,Healthcare,2026-09-01\n";

const ACTIVITIES: &str = "lead_id,timestamp,type,detail\n\
    L1,2026-11-10T10:00:00Z,demo_request,Book a demo\n\
    L2,2026-11-01T10:00:00Z,unsubscribe,\n\
    L3,2026-11-15T10:00:00Z,page_view,/pricing\n";

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("leadscore-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn file(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadscore")).args(args).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seed_file(d: &Dir) -> String {
    d.file("model.json", &Model::seed_example().to_json())
}

/// What the library gives for the same files.
fn library(leads: &str, activities: &str, model: &Model) -> Workspace {
    let mut ws = Workspace::new();
    ws.set_model(model.clone());
    ws.import_leads(leads.as_bytes(), &Vec::new()).unwrap();
    ws.import_activities(activities.as_bytes(), &Vec::new()).unwrap();
    ws.score(parse_time(AS_OF).unwrap());
    ws
}

#[test]
fn score_writes_the_scored_csv_the_library_writes() {
    let d = Dir::new("score");
    let (leads, acts, model) = (d.file("leads.csv", LEADS), d.file("acts.csv", ACTIVITIES), seed_file(&d));
    let out = d.path("scored.csv");
    let o = run(&["score", "--leads", &leads, "--activities", &acts, "--model", &model, "--as-of", AS_OF, "--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = std::fs::read_to_string(&out).unwrap();
    let want = library(LEADS, ACTIVITIES, &Model::seed_example()).scored_csv().unwrap();
    assert_eq!(got, want);
    // L1: 35 fit + demo 50, instant; L2: -30 - 20; L3: 35 + 20 pricing.
    assert!(got.contains("\nL1,85,35,50,mql,true,"), "{got}");
    assert!(got.contains("\nL2,-50,-30,-20,nurture,false,"), "{got}");
    assert!(got.contains("\nL3,55,35,20,mql,false,"), "{got}");
    let e = stderr(&o);
    assert!(e.contains("3 rows read, 3 kept, 0 rejected"), "{e}");
    assert!(e.contains("2 MQL (1 hand-raisers), 1 nurture, 0 disqualified"), "{e}");
    assert!(o.stdout.is_empty());
}

#[test]
fn score_without_out_writes_to_stdout_and_quiet_silences_progress() {
    let d = Dir::new("stdout");
    let (leads, acts, model) = (d.file("leads.csv", LEADS), d.file("acts.csv", ACTIVITIES), seed_file(&d));
    let o = run(&["score", "--quiet", "--leads", &leads, "--activities", &acts, "--model", &model, "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let want = library(LEADS, ACTIVITIES, &Model::seed_example()).scored_csv().unwrap();
    assert_eq!(stderr(&o), "");
    assert_eq!(String::from_utf8(o.stdout).unwrap(), want);
}

#[test]
fn handoff_in_each_format_matches_the_library() {
    let d = Dir::new("handoff");
    let (leads, acts, model) = (d.file("leads.csv", LEADS), d.file("acts.csv", ACTIVITIES), seed_file(&d));
    let mut ws = library(LEADS, ACTIVITIES, &Model::seed_example());
    for format in ["json", "csv", "markdown", "html"] {
        let out = d.path(&format!("handoff.{format}"));
        let o = run(&[
            "score", "--leads", &leads, "--activities", &acts, "--model", &model, "--as-of", AS_OF, "--handoff", format,
            "--out", &out,
        ]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), ws.handoff(format).unwrap(), "{format}");
    }
    let o = run(&["score", "--leads", &leads, "--model", &model, "--as-of", AS_OF, "--handoff", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--handoff pdf: use json, csv, markdown or html"), "{}", stderr(&o));
}

#[test]
fn several_activity_files_add_up() {
    let d = Dir::new("several");
    let (leads, model) = (d.file("leads.csv", LEADS), seed_file(&d));
    let mut lines = ACTIVITIES.lines();
    let header = lines.next().unwrap();
    let first = d.file("a1.csv", &format!("{header}\n{}\n", lines.next().unwrap()));
    let rest: Vec<&str> = lines.collect();
    let second = d.file("a2.csv", &format!("{header}\n{}\n", rest.join("\n")));
    let o = run(&["score", "--leads", &leads, "--activities", &first, "--activities", &second, "--model", &model, "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let want = library(LEADS, ACTIVITIES, &Model::seed_example()).scored_csv().unwrap();
    assert_eq!(String::from_utf8(o.stdout).unwrap(), want);
}

#[test]
fn rejected_rows_are_listed_with_file_line_and_column_and_exit_3() {
    let d = Dir::new("rejected");
    let leads = d.file("leads.csv", &format!("{LEADS}L4,dan@x.example,CEO,X,lots,Software,2026-09-01\n"));
    let acts = d.file("acts.csv", &format!("{ACTIVITIES}L3,31/02/2026,visit,/\n"));
    let model = seed_file(&d);
    let out = d.path("scored.csv");
    let o = run(&["score", "--leads", &leads, "--activities", &acts, "--model", &model, "--as-of", AS_OF, "--out", &out]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains(&format!("{leads}:5: column \"company_size\": \"lots\" is not a number of employees")), "{e}");
    assert!(e.contains(&format!("{acts}:5: column \"timestamp\": \"31/02/2026\" is not a date")), "{e}");
    assert!(e.contains("4 rows read, 3 kept, 1 rejected"), "{e}");
    assert!(e.contains("4 rows read, 3 kept, 1 rejected") && e.contains("rows read, 3 kept"), "{e}");
    // The rows that could be read are scored and written.
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 4);
}

#[test]
fn bad_input_exits_1_names_the_file_and_writes_nothing() {
    let d = Dir::new("bad");
    let (leads, acts, model) = (d.file("leads.csv", LEADS), d.file("acts.csv", ACTIVITIES), seed_file(&d));
    let out = d.path("scored.csv");
    let bad_model = d.file("bad.json", r#"{"version": 1, "threshold": 50, "rules": [{"id": "x", "points": 1.5, "when": {"kind": "field", "field": "title", "op": "empty"}}]}"#);
    let no_ids = d.file("noids.csv", "title,company\nVP,Acme\n");
    let missing = d.path("missing.csv");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["--leads", &leads, "--model", &bad_model, "--as-of", AS_OF], format!("{bad_model}: rules[0].points: expected a whole number")),
        (vec!["--leads", &missing, "--model", &model, "--as-of", AS_OF], format!("{missing}: cannot read it")),
        (vec!["--leads", &leads, "--model", &model, "--as-of", "next week"], "--as-of: \"next week\" is not a date".to_string()),
        (vec!["--leads", &no_ids, "--model", &model, "--as-of", AS_OF], format!("{no_ids}: ")),
        (vec!["--leads", &leads, "--activities", &leads, "--model", &model, "--as-of", AS_OF], format!("{leads}: the activity file needs lead_id, timestamp and type columns")),
    ];
    for (args, message) in cases {
        let mut all = vec!["score"];
        all.extend(args.iter().copied());
        all.extend(["--out", &out]);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(1), "{all:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(&format!("leadscore: {message}")), "{all:?}: {}", stderr(&o));
        assert!(!Path::new(&out).exists(), "{all:?} wrote output");
    }
    let _ = acts;
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    let d = Dir::new("usage");
    let (leads, model) = (d.file("leads.csv", LEADS), seed_file(&d));
    for (args, message) in [
        (vec![], "usage:"),
        (vec!["rank"], "no command \"rank\""),
        (vec!["score", "--model", &model, "--as-of", AS_OF], "score needs --leads"),
        (vec!["score", "--leads", &leads, "--model", &model], "score needs --as-of"),
        (vec!["score", "--leads", &leads, "--model", &model, "--as-of", AS_OF, "--colour"], "unknown option \"--colour\""),
        (vec!["score", "--leads", &leads, "--model", &model, "--as-of"], "--as-of needs a value"),
        (vec!["score", "--leads", &leads, "--leads", &leads, "--model", &model, "--as-of", AS_OF], "--leads is given more than once"),
        (vec!["sql", "--model", &model, "--dialect", "oracle"], "--dialect: no SQL dialect \"oracle\""),
        (vec!["sql", "--model", &model], "sql needs --dialect"),
        (vec!["sql", "--model", &model, "--dialect", "duckdb", "--leads", &leads], "--leads does not go with sql"),
    ] {
        let mut all = args.clone();
        if all.is_empty() {
            all = vec![];
        }
        let o = run(&all);
        let e = if all.is_empty() { String::from_utf8_lossy(&o.stdout).into_owned() } else { stderr(&o) };
        assert_eq!(o.status.code(), Some(2), "{all:?}: {e}");
        assert!(e.contains(message), "{all:?}: {e}");
        assert!(e.contains("exit codes: 0 done; 3 done"), "{all:?}: usage is shown: {e}");
    }
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("leadscore score --leads FILE"));
}

#[test]
fn sql_writes_what_model_sql_writes_for_every_dialect_and_option() {
    let d = Dir::new("sql");
    let model = seed_file(&d);
    let seed = Model::seed_example();
    for dialect in DIALECTS {
        let o = run(&["sql", "--model", &model, "--dialect", dialect, "--as-of", AS_OF]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let options = SqlOptions { as_of: Some(AS_OF.into()), ..SqlOptions::default() };
        assert_eq!(String::from_utf8(o.stdout).unwrap(), compile(&seed, Dialect::from_name(dialect).unwrap(), &options).unwrap());
    }
    let out = d.path("q.sql");
    let o = run(&[
        "sql", "--model", &model, "--dialect", "bigquery", "--leads-table", "crm.leads", "--activities-table", "crm.events",
        "--lead-column", "id", "--lead-column", "Email", "--lead-column", "Job Title", "--out", &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let options = SqlOptions {
        leads: Some("crm.leads".into()),
        activities: Some("crm.events".into()),
        as_of: None,
        lead_columns: Some(vec!["id".into(), "Email".into(), "Job Title".into()]),
        status_mapping: None,
    };
    let got = std::fs::read_to_string(&out).unwrap();
    assert_eq!(got, compile(&seed, Dialect::BigQuery, &options).unwrap());
    assert!(got.contains("FROM crm.leads") && got.contains("FROM crm.events") && got.contains("UNIX_SECONDS(CURRENT_TIMESTAMP())"));
    assert!(got.contains("`Email`"), "lead columns are used as named");
    let o = run(&["sql", "--model", &model, "--dialect", "duckdb", "--as-of", "someday"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("leadscore: as_of: \"someday\" is not a date"), "{}", stderr(&o));
}

/// Activity rows past the first chunk (1 MiB) of the streamed file.
fn long_activities(rows: usize) -> String {
    let mut s = String::from("lead_id,timestamp,type,detail\n");
    for i in 0..rows {
        s += &format!("L{},2026-11-{:02}T10:00:00Z,page_view,\"/pricing?ref={i}\"\n", i % 3 + 1, i % 19 + 1);
    }
    s
}

#[test]
fn files_stream_with_a_progress_bar_by_bytes() {
    let d = Dir::new("progress");
    let long = long_activities(60_000); // about 3.3 MB: several chunks
    let (leads, acts, model) = (d.file("leads.csv", LEADS), d.file("acts.csv", &long), seed_file(&d));
    let out = d.path("scored.csv");
    let o = run(&["score", "--progress", "--leads", &leads, "--activities", &acts, "--model", &model, "--as-of", AS_OF, "--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), library(LEADS, &long, &Model::seed_example()).scored_csv().unwrap());
    let e = stderr(&o);
    let full = format!("\r{acts} [{}] 100%  {:.1} MB of {:.1} MB\n", "#".repeat(30), long.len() as f64 / 1e6, long.len() as f64 / 1e6);
    assert!(e.contains(&full), "{e:?}");
    assert!(e.contains(&format!("\r{leads} [{}] 100%", "#".repeat(30))), "{e:?}");
    assert!(e.contains("60000 rows read, 60000 kept, 0 rejected"), "{e}");
    // Without --progress and with stderr not a terminal (here a pipe): no bar.
    let o = run(&["score", "--leads", &leads, "--activities", &acts, "--model", &model, "--as-of", AS_OF, "--out", &out]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains('\r') && !stderr(&o).contains("100%"), "{}", stderr(&o));
}

#[test]
fn a_file_error_deep_in_a_streamed_file_names_the_file_and_line() {
    let d = Dir::new("deep");
    let line = 35_002; // header + 35,000 rows + this one
    let acts = d.path("acts.csv");
    // The bad row goes in at its line, well past the first 1 MiB chunk.
    let text = long_activities(35_000);
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"L1,2026-11-02T10:00:00Z,visit,caf\xE9\n");
    bytes.extend_from_slice(long_activities(5_000).split_once('\n').unwrap().1.as_bytes());
    assert!(bytes.len() > 2 << 20);
    std::fs::write(&acts, &bytes).unwrap();
    let (leads, model) = (d.file("leads.csv", LEADS), seed_file(&d));
    let out = d.path("scored.csv");
    let o = run(&["score", "--leads", &leads, "--activities", &acts, "--model", &model, "--as-of", AS_OF, "--out", &out]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("leadscore: {acts}: line {line} is not valid UTF-8")), "{}", stderr(&o));
    assert!(!Path::new(&out).exists());
    // A rejected row deep in the file keeps FILE:LINE and the column.
    let mut bytes = long_activities(35_000).into_bytes();
    bytes.extend_from_slice(b"L1,someday,visit,/x\n");
    std::fs::write(&acts, &bytes).unwrap();
    let o = run(&["score", "--leads", &leads, "--activities", &acts, "--model", &model, "--as-of", AS_OF, "--out", &out]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("{acts}:{line}:")), "{}", stderr(&o));
    assert!(stderr(&o).contains("\"someday\" is not a date"), "{}", stderr(&o));
}
