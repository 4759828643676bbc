//! Hostile input never panics (a panic aborts the wasm module and the page
//! with it), and the counts always add up.
#![cfg(not(target_arch = "wasm32"))]

use leadscore::dataset::ActivityLog;
use leadscore::import::{import_activities, import_leads, ImportReport};
use leadscore::{Model, Workspace};
use proptest::prelude::*;

fn adds_up(r: &ImportReport) {
    assert_eq!(r.read, r.kept + r.rejected, "{r:?}");
    assert!(r.errors.len() + r.errors_not_listed >= r.rejected, "every rejected row is reported: {r:?}");
}

const CELLS: &[&str] = &[
    "", "L1", "L2", "a@b.co", "A@B.CO", "VP Sales", "250", "1,200", "201-500", "5000+", "N/A", "#N/A", "NULL", "Select",
    "2026-11-20", "2026-11-20T10:00:00Z", "31/02/2026", "2026-02-30", "page_view", "demo_request", "/pricing",
    "case-study.pdf", "\"quoted, with comma\"", "\"multi\nline\"", "\"unclosed", "=HYPERLINK(\"x\")", "yes", "rejected",
    "wrong icp", "héllo", "日本語", "\u{feff}", " ", "\t", "-", "[", "{", "}", "\"\"",
];
const HEADERS: &[&str] = &[
    "id", "email", "title", "company_size", "industry", "created_at", "converted", "sales_outcome", "rejection_reason",
    "rejected_at", "lead_id", "timestamp", "type", "detail", "Job Title", "Use Case", "", "id",
];

fn table() -> impl Strategy<Value = String> {
    let delim = prop::sample::select(vec![",", ";", "\t", "|"]);
    let eol = prop::sample::select(vec!["\n", "\r\n", "\r"]);
    (
        delim,
        eol,
        prop::collection::vec(prop::sample::select(HEADERS.to_vec()), 1..7),
        prop::collection::vec(prop::collection::vec(prop::sample::select(CELLS.to_vec()), 0..8), 0..12),
    )
        .prop_map(|(d, e, header, rows)| {
            let mut s = header.join(d);
            for row in rows {
                s.push_str(e);
                s.push_str(&row.join(d));
            }
            s
        })
}

fn json_records() -> impl Strategy<Value = String> {
    let value = prop::sample::select(vec![
        "null", "1", "2.5", "true", "\"L1\"", "\"a@b.co\"", "\"2026-01-01\"", "[]", "{}", "\"\"",
        "[{\"timestamp\": \"2026-01-01\", \"type\": \"visit\"}]", "[{\"type\": 3}]", "[1, 2]",
    ]);
    let key = prop::sample::select(vec!["id", "email", "title", "activities", "company_size", "x"]);
    prop::collection::vec(prop::collection::vec((key, value), 0..5), 0..6).prop_flat_map(|records| {
        let objects: Vec<String> = records
            .iter()
            .map(|r| format!("{{{}}}", r.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect::<Vec<_>>().join(", ")))
            .collect();
        prop::bool::ANY.prop_map(move |array| if array { format!("[{}]", objects.join(",\n")) } else { objects.join("\n") })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut log = ActivityLog::default();
        if let Ok((_, r)) = import_leads(&bytes, &[], &mut log) { adds_up(&r) }
        if let Ok(r) = import_activities(&bytes, &[], &mut log) { adds_up(&r) }
        let _ = Model::from_json(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn csv_shaped_junk_is_read_or_reported(text in table()) {
        let mut ws = Workspace::new();
        if let Ok(r) = ws.import_leads(text.as_bytes(), &[]) {
            adds_up(&r);
            prop_assert_eq!(r.kept, ws.lead_count());
        }
        if let Ok(r) = ws.import_activities(text.as_bytes(), &[]) { adds_up(&r) }
        // Whatever was kept scores, explains and exports without a panic.
        ws.score(leadscore::parse_time("2026-11-20T12:00:00Z").unwrap());
        for i in 0..ws.lead_count() {
            ws.explain(i).unwrap();
        }
        ws.scored_csv().unwrap();
        ws.handoff("html").unwrap();
    }

    #[test]
    fn json_shaped_junk_is_read_or_reported(text in json_records()) {
        let mut ws = Workspace::new();
        if let Ok(r) = ws.import_leads(text.as_bytes(), &[]) {
            adds_up(&r);
            ws.score(leadscore::parse_time("2026-11-20T12:00:00Z").unwrap());
            ws.handoff("json").unwrap();
        }
    }

    #[test]
    fn utf16_of_junk_reads_like_the_utf8(text in table()) {
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let mut a = ActivityLog::default();
        let mut b = ActivityLog::default();
        // Same counts, or both refused (the wording may differ: a lone BOM
        // is "only blank lines", no bytes at all is "empty").
        let plain = import_leads(text.as_bytes(), &[], &mut a).map(|(_, r)| (r.read, r.kept, r.rejected)).ok();
        let wide = import_leads(&le, &[], &mut b).map(|(_, r)| (r.read, r.kept, r.rejected)).ok();
        prop_assert_eq!(plain, wide);
    }
}
