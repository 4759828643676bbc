//! Writes the engine-versus-SQL test cases to a folder (argument 1):
//! for each case `leads.csv`, `activities.csv`, `model.json`, the query
//! for every dialect (`<dialect>.sql`) and what the engine says
//! (`expected.csv`: id,score,fit,behavior,status,instant). `typed` cases
//! hold values a typed table can load (whole-number sizes, timestamps as
//! `YYYY-MM-DD HH:MM:SS` UTC) and say which columns to type in `case.json`.
//! `tests/sql/engines.py` loads each case into DuckDB, PostgreSQL and Spark
//! and compares every column of every lead.
//!
//! Usage: cargo run --example sql_cases -- DIR [LEADS]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use leadscore::import::ImportReport;
use leadscore::outcomes::{Mapped, Outcome, Reason, StatusMapping};
use leadscore::sample;
use leadscore::sql::{compile, Dialect, SqlOptions, DIALECTS};
use leadscore::{parse_time, Model, Workspace};

const EVERYTHING: &str = r#"{
  "version": 1, "name": "Every rule kind", "threshold": 40,
  "decay": { "kind": "half_life", "days": 21 },
  "rules": [
    { "id": "title", "points": 12, "when": { "kind": "field", "field": "title", "op": "has_token",
      "values": ["vp", "vice president", "chief", "directeur général", "geschäftsführer", "вице президент", "c-level"] } },
    { "id": "industry", "points": 9, "when": { "kind": "field", "field": "industry", "op": "one_of", "values": [" Software ", "FINANCIAL SERVICES", "Santé"] } },
    { "id": "country", "points": 3, "when": { "kind": "field", "field": "country", "op": "equals", "values": ["united states"] } },
    { "id": "marketing", "points": 4, "when": { "kind": "field", "field": "title", "op": "contains", "values": ["market", "opérations", "  "] } },
    { "id": "no-phone", "points": -6, "when": { "kind": "field", "field": "phone", "op": "empty" } },
    { "id": "use-case", "points": 5, "when": { "kind": "field", "field": "Use Case", "op": "not_empty" } },
    { "id": "size-band", "points": 7, "when": { "kind": "field", "field": "company_size", "op": "range", "min": 201, "max": 1200.5 } },
    { "id": "size-text", "points": 2, "when": { "kind": "field", "field": "company_size", "op": "one_of", "values": ["1200", "250.5", "7"] } },
    { "id": "size-known", "points": 1, "when": { "kind": "field", "field": "Company Size", "op": "not_empty" } },
    { "id": "free-mail", "points": -15, "when": { "kind": "field", "field": "email_domain", "op": "one_of", "values": ["gmail.com", "yahoo.com"] } },
    { "id": "competitor", "points": 0, "disqualify": true, "when": { "kind": "field", "field": "Email Domain", "op": "contains", "values": ["rival"] } },
    { "id": "pageviews-range", "points": 3, "when": { "kind": "field", "field": "Number of Pageviews", "op": "range", "below": 10.5 } },
    { "id": "missing-column", "points": 50, "when": { "kind": "field", "field": "Budget", "op": "empty" } },
    { "id": "pricing", "points": 20, "when": { "kind": "event", "event": "Page View", "detail_contains": "/PRICING", "count": "once" } },
    { "id": "content", "points": 6, "when": { "kind": "event", "event": "content_download", "count": "each", "cap": 20 } },
    { "id": "clicks", "points": -4, "when": { "kind": "event", "event": "email_click", "detail_contains": "unsubscribe", "count": "each", "cap": 10 } },
    { "id": "opens", "points": 10, "when": { "kind": "event", "event": "email_open", "count": "in_last_days", "at_least": 2, "days": 14 } },
    { "id": "visits", "points": 8, "instant_mql": true, "when": { "kind": "event", "event": "visit", "count": "in_any_days", "at_least": 3, "days": 5 } },
    { "id": "demo", "points": 30, "instant_mql": true, "when": { "kind": "event", "event": "demo_request", "count": "once" } },
    { "id": "careers", "points": -10, "when": { "kind": "event", "event": "page_view", "detail_contains": "careers", "count": "once" } },
    { "id": "unsub", "points": -20, "disqualify": true, "when": { "kind": "event", "event": "unsubscribe", "count": "once" } },
    { "id": "pageviews", "points": 2, "when": { "kind": "number", "field": "Number of Pageviews", "per": 4, "cap": 9 } },
    { "id": "pageviews-many", "points": 5, "when": { "kind": "number", "field": "number_of_pageviews", "at_least": 20 } },
    { "id": "pageviews-none", "points": -1, "when": { "kind": "number", "field": "Number of Pageviews", "at_least": 0 } },
    { "id": "size-per", "points": 1, "when": { "kind": "number", "field": "company_size", "per": 1000, "cap": 5 } },
    { "id": "disabled", "points": 99, "enabled": false, "when": { "kind": "field", "field": "id", "op": "not_empty" } }
  ]
}"#;

const STEPS_AFTER: &str = r#"{
  "version": 1, "name": "Steps with a tail", "threshold": 25,
  "decay": { "kind": "steps", "steps": [ { "max_days": 7, "factor": 1.0 }, { "max_days": 21, "factor": 0.7 },
             { "max_days": 45, "factor": 0.29 } ], "after": 0.1 },
  "rules": [
    { "id": "vp", "points": 10, "when": { "kind": "field", "field": "title", "op": "has_token", "values": ["vp", "svp"] } },
    { "id": "any-view", "points": 3, "when": { "kind": "event", "event": "page_view", "count": "each" } },
    { "id": "form", "points": 15, "instant_mql": true, "when": { "kind": "event", "event": "form_submit", "count": "once" } },
    { "id": "pageviews", "points": 1, "when": { "kind": "number", "field": "Number of Pageviews", "per": 2.5 } },
    { "id": "webinar", "points": 7, "when": { "kind": "event", "event": "visit", "count": "in_any_days", "at_least": 2, "days": 1 } }
  ]
}"#;

const FIT_ONLY: &str = r#"{
  "version": 1, "name": "Fit only", "threshold": 10,
  "rules": [
    { "id": "eng", "points": 10, "when": { "kind": "field", "field": "title", "op": "has_token", "values": ["engineer"] } },
    { "id": "size", "points": 5, "when": { "kind": "field", "field": "company_size", "op": "range", "below": 1000 } },
    { "id": "student", "points": 0, "disqualify": true, "when": { "kind": "field", "field": "title", "op": "contains", "values": ["student"] } }
  ]
}"#;

/// Leads and activities that hit the reading rules' edges (placeholders,
/// size forms, time forms, keys by email, Unicode titles). Every lead row
/// is one the importer keeps; some activities are rejected by it on
/// purpose (bad times, empty types), and the SQL must drop the same ones.
fn edge_data() -> (String, String) {
    let leads = [
        "id,email,title,company_size,industry,country,phone,use_case,Number of Pageviews,sales_outcome,rejection_reason,rejected_at",
        "E1,ana@acme.io,VP Marketing,\"1,200\",Software,United States,+1 555,Attribution,12,,,",
        " E2 ,Bob@Acme.io, vice-president of sales ,201-500, software ,UNITED STATES,,NULL,\"1,234\",,,",
        ",Carla@Beta.io,Directeur Général,1000+,Santé,France,+33,Select,  7 ,,,",
        "E4,dan@gmail.com,Geschäftsführer,201 – 500,FINANCIAL SERVICES,Germany,N/A,Lead scoring,1e2,,,",
        "E5,eve@rival.com,Вице-президент,51 to 200,Financial  Services,Russia,#N/A,x,.5,,,",
        "E6,frank@x.io,VPN engineer,250.0,Healthcare,United States,1,,abc,,,",
        "E7,gina@y.io,C-Level advisor,007,Manufacturing,Canada,2,,-3,,,",
        "E8,hal@z.io,SVP/GM,1 200,Retail,Canada,3,n/a,+7,,,",
        "E9,ivy@a@b.io,Chief Évangéliste opérations,\"10,001+\",software,Canada,4,,20,,,",
        "E10,jo@nosign,Marketing Manager,,,,5,,,,,",
        "E11,kim@acme.io,\tvp\u{a0},250.5,Software,United States,6,,19.99,,,",
        "E12,LEE@Acme.IO,Student,12,Education,Canada,7,,0,,,",
        "E13,,Engineer,999,Software,Canada,8,,4,,,",
        "E14,mo@rival.io,chief marketing officer,5000,Software,United States,9,,40,,,",
        // Sales decisions, at their boundaries (as of 2026-11-20T12:00:00Z; premature_days 30).
        "E15,p15@acme.io,VP Marketing,500,Software,United States,1,,,rejected,premature,2026-11-10T10:00:00Z",
        "E16,p16@acme.io,VP Marketing,500,Software,United States,1,,,rejected,premature,2026-10-21T12:00:00Z",
        "E17,p17@acme.io,VP Marketing,500,Software,United States,1,,,rejected,wrong_icp,2026-11-25T00:00:00Z",
        "E18,p18@acme.io,VP Marketing,500,Software,United States,1,,,rejected,wrong_icp,",
        "E19,p19@acme.io,VP Marketing,500,Software,United States,1,,,,Premature,",
        "E20,p20@acme.io,VP Marketing,500,Software,United States,1,,,Accepted,,2026-11-10T00:00:00Z",
        "E21,p21@acme.io,VP Marketing,500,Software,United States,1,,,Unqualified,,2026-11-01T00:00:00Z",
        "E22,p22@acme.io,VP Marketing,500,Software,United States,1,,,Bad Timing,,2026-11-15 08:00:00",
        "E23,p23@acme.io,VP Marketing,500,Software,United States,1,,,Closed - Not Converted,duplicate,2026-11-05",
        "E24,p24@acme.io,VP Marketing,500,Software,United States,1,,,Open,wrong_icp,2026-11-05",
        "E25,p25@acme.io,VP Marketing,500,Software,United States,1,,,Banana,wrong_icp,2026-11-05",
        "E26,p26@acme.io,VP Marketing,500,Software,United States,1,,, REJECTED ,Wrong ICP,2026-11-08T02:00:00+02:00",
        "E27,p27@acme.io,VP Marketing,500,Software,United States,1,,,working-contacted,,",
        "E28,p28@acme.io,VP Marketing,500,Software,United States,1,,,rejected,unreachable,2026-11-12T00:00:00Z",
        "E29,p29@acme.io,VP Marketing,500,Software,United States,1,,,NULL,premature,2026-11-12T00:00:00Z",
        "E30,p30@acme.io,VP Marketing,500,Software,United States,1,,,nurture,,2026-11-29T00:00:00Z",
    ]
    .join("\n");
    let activities = [
        "lead_id,timestamp,type,detail",
        "E1,2026-11-10T10:00:00Z,Page View,/Pricing",
        "E1,2026-11-10 10:00:00,page_view,/careers/jobs",
        "e1,2026-11-11,content_download,case-study.pdf",
        "E1,2026-11-12T09:30,content_download,whitepaper",
        "E1,2026-11-13t10:00:00.999z,content_download,ebook",
        "E1,2026-11-14T12:00:00+02:00,content_download,guide",
        "bob@acme.io,2026-11-15T05:00:00-0500,email_open,newsletter",
        "BOB@ACME.IO,2026-11-18T18:30:00+09,email_open,newsletter",
        "E2,2026-11-06T12:00:00Z,email_open,exactly 14 days before",
        "carla@beta.io,2026-11-01T00:00:00Z,visit,/",
        "Carla@Beta.io,2026-11-03T00:00:00Z,visit,/",
        "carla@beta.io,2026-11-05T23:59:59Z,visit,/",
        "E4,2026-10-01T00:00:00Z,visit,/",
        "E4,2026-10-03T00:00:00Z,visit,/",
        "E4,2026-10-06T00:00:00Z,visit,/ (5 days after the first: outside its window)",
        "E4,2026-10-06T00:00:00Z,visit,/ (same time)",
        "E4,2026-02-30T00:00:00Z,demo_request,impossible date: rejected",
        "E4,31/02/2026,demo_request,not ISO: rejected",
        "E4,,demo_request,no time: rejected",
        "E4,2026-11-01T24:00:00Z,demo_request,hour 24: rejected",
        "E4,2026-11-01T10:00:00+25:00,demo_request,offset 25: rejected",
        "E5,2026-11-19T10:00:00Z,unsubscribe,",
        "E6,2024-02-29T10:00:00Z,demo_request,leap day: outside the horizon",
        "E6,2026-11-20T12:00:00Z,email_click,Unsubscribe link (at as-of exactly)",
        "E6,2026-11-20T12:00:01Z,demo_request,after as-of: ignored",
        "E6,2026-11-19T00:00:00Z,email_click,unsubscribe again",
        "E6,2026-11-18T00:00:00Z,email_click,UNSUBSCRIBE third",
        "E7, 2026-08-01T10:00:00Z , demo-request , N/A ",
        "E7,2026-08-02T10:00:00Z,N/A,rejected: type is a placeholder",
        "E7,2026-08-02T10:00:00Z,--,rejected: not a type",
        "E8,2026-09-01T10:00:00Z,form_submit,Contact us",
        "E8,2026-09-01T10:00:00Z,page_view,/pricing",
        "E8,2026-10-25T10:00:00Z,visit,/blog",
        "E8,2026-10-25T20:00:00Z,visit,/blog",
        "E9,2026-11-20T11:00:00Z,Email_Open,a",
        "E9,2026-11-19T11:00:00Z,EMAIL OPEN,b",
        "E11,2026-06-01T10:00:00Z,page_view,/pricing",
        "E11,2026-06-01T10:00:00Z,unsubscribe,",
        "E12,2026-11-19T10:00:00Z,unsubscribe,",
        "lee@acme.io,2026-11-19T10:00:00Z,page_view,/pricing",
        "ghost,2026-11-19T10:00:00Z,page_view,/pricing (matches no lead)",
        "E14,2026-11-19T10:00:00Z,demo_request,",
        "mo@rival.io,2026-11-19T11:00:00Z,page_view,/Pricing",
        // Decisions: an event exactly at R does not count, one after it does.
        "E15,2026-11-10T10:00:00Z,demo_request,at R: before the restart",
        "E15,2026-11-10T10:00:01Z,page_view,/pricing",
        "E16,2026-10-20T00:00:00Z,demo_request,before R",
        "E16,2026-11-19T00:00:00Z,page_view,/pricing",
        "E17,2026-11-19T00:00:00Z,demo_request,decision after as-of",
        "E17,2026-11-26T00:00:00Z,page_view,/pricing",
        "E18,2026-11-19T00:00:00Z,demo_request,undated: no restart",
        "E19,2026-11-19T00:00:00Z,demo_request,undated premature",
        "E20,2026-11-01T00:00:00Z,demo_request,accepted: no restart",
        "E21,2026-10-30T00:00:00Z,page_view,/pricing",
        "E21,2026-11-02T00:00:00Z,email_open,after R",
        "E22,2026-11-15T08:00:00Z,demo_request,at R (naive time is UTC)",
        "E22,2026-11-16T08:00:00Z,email_open,after R",
        "E23,2026-11-04T00:00:00Z,demo_request,before R",
        "E23,2026-11-06T00:00:00Z,page_view,/pricing",
        "E24,2026-11-04T00:00:00Z,demo_request,not a decision",
        "E25,2026-11-04T00:00:00Z,demo_request,unmapped word",
        "E26,2026-11-08T00:00:00Z,demo_request,at R in UTC",
        "E26,2026-11-08T00:00:01Z,page_view,/pricing",
        "E28,2026-11-11T00:00:00Z,demo_request,before R",
        "E28,2026-11-13T00:00:00Z,visit,/",
        "E29,2026-11-11T00:00:00Z,demo_request,reason alone",
        "E30,2026-11-19T00:00:00Z,demo_request,word after as-of",
    ]
    .join("\n");
    (leads + "\n", activities + "\n")
}

/// The same data as typed tables would hold it: sizes as whole numbers,
/// timestamps as `YYYY-MM-DD HH:MM:SS` (UTC), pageviews as integers.
fn typed_copy(leads_csv: &str, activities_csv: &str) -> (String, String) {
    let mut ws = Workspace::new();
    ws.import_leads(leads_csv.as_bytes(), &Vec::new()).expect("leads");
    let data = ws.data();
    let cols: Vec<String> = data.leads.columns.iter().map(|c| c.header.clone()).collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&cols).unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(leads_csv.as_bytes());
    for (row, lead) in r.records().zip(&data.leads.leads) {
        let row = row.unwrap();
        let cells: Vec<String> = row
            .iter()
            .zip(&cols)
            .map(|(v, h)| match h.as_str() {
                "company_size" => lead.company_size.get().map_or(String::new(), |n| format!("{}", n.floor() as i64)),
                "Number of Pageviews" => {
                    leadscore::fields::parse_number(v).map_or(String::new(), |n| format!("{}", n.floor() as i64))
                }
                "created_at" | "rejected_at" | "first_contact_at" => match parse_time(v) {
                    Ok(t) => sql_time(t),
                    Err(_) => String::new(),
                },
                _ => v.to_string(),
            })
            .collect();
        out.write_record(&cells).unwrap();
    }
    let leads = String::from_utf8(out.into_inner().unwrap()).unwrap();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut r = csv::ReaderBuilder::new().from_reader(activities_csv.as_bytes());
    out.write_record(r.headers().unwrap()).unwrap();
    for row in r.records() {
        let row = row.unwrap();
        let Ok(t) = parse_time(&row[1]) else { continue };
        out.write_record([&row[0], &sql_time(t), &row[2], row.get(3).unwrap_or("")]).unwrap();
    }
    (leads, String::from_utf8(out.into_inner().unwrap()).unwrap())
}

fn sql_time(t: i64) -> String {
    leadscore::format_time(t).replace('T', " ").replace('Z', "")
}

fn check_kept(what: &str, r: &ImportReport) {
    // The comparison holds for the rows the importer keeps: every lead
    // row must be one it keeps.
    assert_eq!(r.rejected, 0, "{what}: the test data must be clean: {:?}", r.errors.first());
}

#[allow(clippy::too_many_arguments)]
fn write_case(
    dir: &Path,
    name: &str,
    leads_csv: &str,
    activities_csv: &str,
    model_json: &str,
    as_of: &str,
    typed: bool,
    lead_columns: bool,
    status: &BTreeMap<String, Option<Mapped>>,
) -> usize {
    let dir = dir.join(name);
    fs::create_dir_all(&dir).unwrap();
    let mut ws = Workspace::new();
    let given = StatusMapping { given: status.iter().map(|(w, m)| (w.clone(), *m)).collect() };
    let r = ws.import_leads_with(leads_csv.as_bytes(), &Vec::new(), &given).expect("leads import");
    check_kept(name, &r);
    ws.import_activities(activities_csv.as_bytes(), &Vec::new()).expect("activities import");
    ws.set_model_json(model_json).expect("model");
    let t = parse_time(as_of).unwrap();
    ws.score(t);
    let mut expected = String::from("id,score,fit,behavior,status,instant\n");
    let results = ws.results_fast().to_vec();
    for (lead, r) in (0..ws.data().leads.leads.len()).zip(&results) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            ws.data().leads.id(lead).to_string(),
            r.score.to_string(),
            r.fit.to_string(),
            r.behavior.to_string(),
            r.status.as_str().to_string(),
            r.instant.to_string(),
        ])
        .unwrap();
        expected.push_str(&String::from_utf8(w.into_inner().unwrap()).unwrap());
    }
    let headers: Vec<String> = ws.data().leads.columns.iter().map(|c| c.header.clone()).collect();
    let model = Model::from_json(model_json).unwrap();
    let options = SqlOptions {
        as_of: Some(as_of.to_string()),
        lead_columns: lead_columns.then(|| headers.clone()),
        status_mapping: (!status.is_empty()).then(|| leadscore::json::Map(status.iter().map(|(w, m)| (w.clone(), *m)).collect())),
        ..SqlOptions::default()
    };
    for d in DIALECTS {
        let sql = compile(&model, Dialect::from_name(d).unwrap(), &options).unwrap();
        fs::write(dir.join(format!("{d}.sql")), sql).unwrap();
    }
    fs::write(dir.join("leads.csv"), leads_csv).unwrap();
    fs::write(dir.join("activities.csv"), activities_csv).unwrap();
    fs::write(dir.join("model.json"), model_json).unwrap();
    fs::write(dir.join("expected.csv"), &expected).unwrap();
    let mut meta = String::new();
    write!(
        meta,
        "{{\"name\": \"{name}\", \"typed\": {typed}, \"leads\": {}, \"lead_columns\": {}}}",
        results.len(),
        serde_json::to_string(&headers).unwrap()
    )
    .unwrap();
    fs::write(dir.join("case.json"), meta).unwrap();
    let mqls = results.iter().filter(|r| r.status.as_str() == "mql").count();
    println!("{name}: {} leads, {mqls} MQLs, as of {as_of}", results.len());
    results.len()
}

/// The lead table without its decision columns: the SQL must then apply
/// no decision (and not read the missing columns), as the engine does.
fn without_decision_columns(leads_csv: &str) -> String {
    let mut r = csv::Reader::from_reader(leads_csv.as_bytes());
    let headers = r.headers().unwrap().clone();
    let keep: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !matches!(*h, "sales_outcome" | "rejection_reason" | "rejected_at"))
        .map(|(i, _)| i)
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(keep.iter().map(|&i| &headers[i])).unwrap();
    for row in r.records() {
        let row = row.unwrap();
        w.write_record(keep.iter().map(|&i| &row[i])).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).expect("usage: sql_cases DIR [LEADS]"));
    let n: usize = args.get(2).map_or(3000, |s| s.parse().expect("LEADS: a number"));
    let seed = Model::seed_example().to_json();
    let s = sample::generate(n, 12, 42);
    let none = BTreeMap::new();
    let as_of = sample::AS_OF;
    let (edge_leads, edge_acts) = edge_data();
    let (typed_leads, typed_acts) = typed_copy(&s.leads_csv, &s.activities_csv);
    let (typed_edge_leads, typed_edge_acts) = typed_copy(&edge_leads, &edge_acts);

    write_case(dir, "seed-sample", &s.leads_csv, &s.activities_csv, &seed, as_of, false, false, &none);
    write_case(dir, "everything-sample", &s.leads_csv, &s.activities_csv, EVERYTHING, "2026-11-02T08:30:00Z", false, true, &none);
    write_case(dir, "steps-sample", &s.leads_csv, &s.activities_csv, STEPS_AFTER, as_of, false, false, &none);
    write_case(dir, "fit-only-sample", &s.leads_csv, &s.activities_csv, FIT_ONLY, as_of, false, false, &none);
    write_case(dir, "seed-edge", &edge_leads, &edge_acts, &seed, as_of, false, false, &none);
    write_case(dir, "everything-edge", &edge_leads, &edge_acts, EVERYTHING, as_of, false, true, &none);
    write_case(dir, "steps-edge", &edge_leads, &edge_acts, STEPS_AFTER, "2026-11-30T00:00:00Z", false, false, &none);
    write_case(dir, "seed-typed", &typed_leads, &typed_acts, &seed, as_of, true, false, &none);
    write_case(dir, "everything-typed", &typed_leads, &typed_acts, EVERYTHING, as_of, true, true, &none);
    write_case(dir, "everything-edge-typed", &typed_edge_leads, &typed_edge_acts, EVERYTHING, as_of, true, true, &none);
    // A mapping given at import: it overrides the suggested one, and a word
    // it maps to nothing is no decision.
    let rej = |reason| Some(Mapped { outcome: Outcome::Rejected, reason, converted: None });
    let given: BTreeMap<String, Option<Mapped>> = [
        ("banana".to_string(), rej(Some(Reason::Premature))),
        ("OPEN".to_string(), rej(None)),
        ("Unqualified".to_string(), None),
        ("Bad-Timing".to_string(), rej(Some(Reason::Duplicate))),
    ]
    .into_iter()
    .collect();
    write_case(dir, "everything-edge-mapped", &edge_leads, &edge_acts, EVERYTHING, as_of, false, true, &given);
    let undecided = without_decision_columns(&edge_leads);
    write_case(dir, "everything-edge-undecided", &undecided, &edge_acts, EVERYTHING, as_of, false, true, &none);
}
