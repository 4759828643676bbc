//! Builds small workspaces from rows for the scoring tests.
#![allow(dead_code)]
// The standard library's lowercasing is the reference here.
#![allow(clippy::disallowed_methods)]

use leadscore::scoring::LeadResult;
use leadscore::{format_time, parse_time, Time, Workspace};

pub const DAY: Time = 86_400;

pub fn as_of() -> Time {
    parse_time("2026-06-30T12:00:00Z").unwrap()
}

/// A lead for the seed model: title, company size, industry.
pub struct L<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub size: &'a str,
    pub industry: &'a str,
}

pub fn lead(title: &str) -> L<'_> {
    L { id: "L1", title, size: "", industry: "" }
}

/// One activity: lead id, time, type, detail.
pub type A<'a> = (&'a str, Time, &'a str, &'a str);

pub fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn leads_csv(leads: &[L]) -> String {
    let mut s = String::from("id,email,title,company_size,industry,created_at\n");
    for l in leads {
        s += &format!(
            "{},{}@example.com,{},{},{},2026-01-01\n",
            l.id,
            l.id.to_lowercase(),
            csv_cell(l.title),
            csv_cell(l.size),
            csv_cell(l.industry)
        );
    }
    s
}

pub fn activities_csv(acts: &[A]) -> String {
    let mut s = String::from("lead_id,timestamp,type,detail\n");
    for (id, t, kind, detail) in acts {
        s += &format!("{id},{},{kind},{}\n", format_time(*t), csv_cell(detail));
    }
    s
}

pub fn workspace(leads: &[L], acts: &[A]) -> Workspace {
    let mut ws = Workspace::new();
    let r = ws.import_leads(leads_csv(leads).as_bytes(), &[]).unwrap();
    assert_eq!(r.rejected, 0, "{:?}", r.errors);
    if !acts.is_empty() {
        let r = ws.import_activities(activities_csv(acts).as_bytes(), &[]).unwrap();
        assert_eq!(r.rejected, 0, "{:?}", r.errors);
        assert_eq!(r.unmatched_activities, 0);
    }
    ws
}

/// Scores one lead with the seed model as of `at`.
pub fn score_one(l: L, acts: &[A], at: Time) -> LeadResult {
    let mut ws = workspace(&[l], acts);
    ws.score(at);
    ws.results()[0]
}
