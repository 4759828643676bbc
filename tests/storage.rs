//! The activity log stored once (grouped by lead in place) against a plain
//! reference: every activity file kept as read, joined by a map from lead
//! key to lead and a stable sort by time, as the log was joined before.
#![cfg(not(target_arch = "wasm32"))]

use leadscore::dataset::{lead_key, ActivityLog, LeadTable};
use leadscore::import::{import_activities, import_leads};
use proptest::prelude::*;

/// One activity file row as written: lead id cell, time (seconds), type.
type Row = (String, i64, &'static str);

const TYPES: [&str; 3] = ["page_view", "email_open", "form_submit"];

fn lead_file(ids: &[(Option<u32>, Option<u32>)]) -> String {
    let mut s = String::from("id,email\n");
    for (id, email) in ids {
        let id = id.map(|i| format!("L{i}")).unwrap_or_default();
        let email = email.map(|i| format!("e{i}@x.io")).unwrap_or_default();
        s += &format!("{id},{email}\n");
    }
    s
}

fn activity_file(rows: &[Row]) -> String {
    let mut s = String::from("lead_id,timestamp,type,detail\n");
    for (k, t, ty) in rows {
        let time = leadscore::format_time(1_700_000_000 + t);
        s += &format!("{k},{time},{ty},d{t}\n");
    }
    s
}

/// What the log must hold: per lead, (time, type) in time order, equal
/// times in reading order; the unmatched as (line, key) in reading order.
type Joined = (Vec<Vec<(i64, String)>>, Vec<(u32, String)>);

fn reference(table: &LeadTable, files: &[Vec<Row>]) -> Joined {
    let mut per_lead = vec![Vec::new(); table.leads.len()];
    let mut unmatched = Vec::new();
    for rows in files {
        for (n, (k, t, ty)) in rows.iter().enumerate() {
            let key = lead_key(k);
            match table.find(&key) {
                Some(l) => per_lead[l as usize].push((1_700_000_000 + t, ty.to_string())),
                None => unmatched.push((n as u32 + 2, key)),
            }
        }
    }
    for v in &mut per_lead {
        v.sort_by_key(|e| e.0);
    }
    (per_lead, unmatched)
}

fn stored(table: &LeadTable, log: &ActivityLog) -> Joined {
    let per_lead = (0..table.leads.len())
        .map(|l| log.of_lead(l).iter().map(|e| (e.time, log.kinds.resolve(e.kind).to_string())).collect())
        .collect();
    let unmatched = log.unmatched().iter().map(|e| (log.line(e), log.keys.resolve(e.key).to_string())).collect();
    (per_lead, unmatched)
}

fn leads_strategy() -> impl Strategy<Value = Vec<(Option<u32>, Option<u32>)>> {
    // Distinct ids; emails may repeat or name another lead's id number.
    (1usize..12).prop_flat_map(|n| {
        proptest::collection::vec((proptest::option::weighted(0.8, 0u32..40), proptest::option::of(0u32..15)), n).prop_map(|v| {
            let mut seen = std::collections::HashSet::new();
            v.into_iter()
                .filter(|(id, email)| (id.is_some() || email.is_some()) && id.is_none_or(|i| seen.insert(i)))
                .collect()
        })
    })
}

fn rows_strategy() -> impl Strategy<Value = Vec<Row>> {
    let key = prop_oneof![
        (0u32..40).prop_map(|i| format!("L{i}")),
        (0u32..15).prop_map(|i| format!("E{i}@X.io")),
        Just("nobody".to_string()),
    ];
    // Few distinct times: many ties, whose order must be the reading order.
    proptest::collection::vec((key, 0i64..6, (0usize..3).prop_map(|t| TYPES[t])), 0..40)
}

fn read(log: &mut ActivityLog, rows: &[Row]) {
    let r = import_activities(activity_file(rows).as_bytes(), &[], log).unwrap();
    assert_eq!(r.kept, rows.len());
    log.end_file();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn joined_in_place_as_the_reference_joins(
        leads_a in leads_strategy(),
        leads_b in leads_strategy(),
        files in proptest::collection::vec(rows_strategy(), 1..4),
        early in rows_strategy(),
    ) {
        let mut log = ActivityLog::default();
        // Activities before any lead: all unmatched, in reading order.
        read(&mut log, &early);
        let none = import_leads(b"id\n", &[], &mut ActivityLog::default()).unwrap().0;
        log.link(&none);
        prop_assert_eq!(stored(&none, &log), reference(&none, std::slice::from_ref(&early)));
        let (table, _) = import_leads(lead_file(&leads_a).as_bytes(), &[], &mut log).unwrap();
        log.link(&table);
        let mut all = vec![early.clone()];
        prop_assert_eq!(stored(&table, &log), reference(&table, &all));
        for rows in &files {
            read(&mut log, rows);
            log.link(&table);
            all.push(rows.clone());
            prop_assert_eq!(stored(&table, &log), reference(&table, &all));
        }
        prop_assert_eq!(log.len(), all.iter().map(Vec::len).sum::<usize>());
        // Every row as read, lines included, in reading order.
        let as_read: Vec<(u32, String)> = log.from_files().iter().map(|a| (a.line, log.keys.resolve(a.key).to_string())).collect();
        let expected: Vec<(u32, String)> =
            all.iter().flat_map(|rows| rows.iter().enumerate().map(|(n, r)| (n as u32 + 2, lead_key(&r.0)))).collect();
        prop_assert_eq!(as_read, expected);
        // A new lead table: every activity joined again.
        let (table_b, _) = import_leads(lead_file(&leads_b).as_bytes(), &[], &mut log).unwrap();
        log.link(&table_b);
        prop_assert_eq!(stored(&table_b, &log), reference(&table_b, &all));
        // The last file taken out and put back; then read again.
        let (first, rows) = log.take_last_file();
        log.link(&table_b);
        prop_assert_eq!(stored(&table_b, &log), reference(&table_b, &all[..all.len() - 1]));
        log.put_back(first, rows);
        log.link(&table_b);
        prop_assert_eq!(stored(&table_b, &log), reference(&table_b, &all));
        let (_, _) = log.take_last_file();
        read(&mut log, all.last().unwrap());
        log.link(&table_b);
        prop_assert_eq!(stored(&table_b, &log), reference(&table_b, &all));
        log.clear_files();
        log.link(&table_b);
        prop_assert_eq!(stored(&table_b, &log), reference(&table_b, &[]));
        prop_assert!(log.is_empty());
    }
}

#[test]
fn nested_activities_come_first_and_stay_when_files_go() {
    let mut log = ActivityLog::default();
    read(&mut log, &[("A".into(), 1, "page_view"), ("A".into(), 0, "email_open")]);
    let json = br#"[{"id": "A", "activities": [{"timestamp": "2023-11-14T22:13:21Z", "type": "form_submit"}]}]"#;
    let (table, _) = import_leads(json, &[], &mut log).unwrap();
    log.link(&table);
    let kinds: Vec<&str> = log.of_lead(0).iter().map(|e| log.kinds.resolve(e.kind)).collect();
    // 22:13:21 is the time of the second file row (t = 1): the nested one goes first.
    assert_eq!(kinds, ["email_open", "form_submit", "page_view"]);
    assert_eq!(log.nested().len(), 1);
    log.clear_files();
    log.link(&table);
    assert_eq!(log.of_lead(0).len(), 1);
    assert_eq!(log.line(&log.of_lead(0)[0]), 1);
}

#[test]
fn times_at_the_edges_of_the_stored_range_and_every_type_detail_pair_come_back_exact() {
    use leadscore::dataset::{TIME_BASE, TIME_END};
    let year0 = leadscore::parse_time("0000-01-01T00:00:00Z").unwrap();
    let year9999 = leadscore::parse_time("9999-12-31T23:59:59Z").unwrap();
    // Inside the range, at both ends and next to them; outside, at both
    // ends and the farthest a date can be; one far time twice.
    let times = [TIME_BASE, TIME_BASE + 1, TIME_END - 1, TIME_END, TIME_END + 1, TIME_BASE - 1, year0, year9999, 0, 1_700_000_000, TIME_END];
    let kinds = ["page_view", "email_open", "form_submit"];
    let details = ["/pricing", "", "/demo", "/pricing?x"];
    let mut rows = Vec::new();
    let mut file = String::from("lead_id,timestamp,type,detail\n");
    for (i, &t) in times.iter().enumerate() {
        for (k, kind) in kinds.iter().enumerate() {
            // Each time under every type, with details rotating: the same
            // detail under several types and several details per type.
            let detail = details[(i + k) % details.len()];
            let lead = if (i + k) % 2 == 0 { "A" } else { "B" };
            file += &format!("{lead},{},{kind},{detail}\n", leadscore::format_time(t));
            rows.push((lead, t, *kind, detail, rows.len() as u32 + 2));
        }
    }
    let mut log = ActivityLog::default();
    let (table, _) = import_leads(b"id\nA\nB\n", &[], &mut log).unwrap();
    let r = import_activities(file.as_bytes(), &[], &mut log).unwrap();
    assert_eq!((r.kept, r.rejected), (rows.len(), 0), "{:?}", r.errors);
    log.link(&table);
    for (l, lead) in ["A", "B"].into_iter().enumerate() {
        let mut want: Vec<_> = rows.iter().filter(|r| r.0 == lead).map(|r| (r.1, r.2.to_string(), r.3.to_string(), r.4)).collect();
        want.sort_by_key(|w| (w.0, w.3));
        let got: Vec<_> = log
            .of_lead(l)
            .iter()
            .map(|e| (e.time, log.kinds.resolve(e.kind).to_string(), log.details.resolve(e.detail).to_string(), log.line(e)))
            .collect();
        assert_eq!(got, want, "lead {lead}");
    }
    let as_read: Vec<_> = log.from_files().iter().map(|a| (a.time, log.kinds.resolve(a.kind), log.details.resolve(a.detail), a.line)).collect();
    let want: Vec<_> = rows.iter().map(|r| (r.1, r.2, r.3, r.4)).collect();
    assert_eq!(as_read, want);
}
