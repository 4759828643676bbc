//! Streaming import: a file fed in chunks (split at every byte offset, one
//! byte at a time, random chunkings) gives the same report, leads and
//! scores as the one-shot import; cancel and the memory limit leave the
//! data loaded before as it was.
#![cfg(not(target_arch = "wasm32"))]

use leadscore::import::ImportKind;
use leadscore::outcomes::StatusMapping;
use leadscore::workspace::Finished;
use leadscore::{parse_time, Workspace};
use proptest::prelude::*;

const ACTIVITIES: &str = "lead_id,timestamp,type,detail\r\nL1,2026-03-01,page_view,/pricing\r\nL2,2026-03-02,email_open,\"Spring, \"\"launch\"\"\"\r\nL3,2026-03-03,form_submit,/demo\r\n";

/// Quoted fields with line ends and doubled quotes, CRLF, blank lines, a
/// giant field, and errors on later lines.
fn tricky_leads(giant: usize) -> String {
    let mut s = String::from("id,email,title,company_size,created_at,note\r\n");
    s += "L1,a@x.io,VP Marketing,\"1,200\",2026-01-01,\"line one\r\nline \"\"two\"\"\"\r\n";
    s += "\r\n";
    s += "L2,b@x.io,Engineer,50,2026-01-02,plain\r\n";
    s += &format!("L3,c@x.io,CTO,201-500,2026-01-03,\"{}\"\r\n", "x,\"\"y\n".repeat(giant / 6));
    s += "L4,d@x.io,CMO,10,someday,bad date\r\n"; // rejected: the date
    s += "L2,e@x.io,Dup,10,2026-01-04,dup\r\n"; // rejected: duplicate id
    s += "L5,f@x.io,too,few\r\n"; // rejected: field count
    s += "L6,g@x.io,Zoë 😀,20,2026-01-05,\"é\"\r\n";
    s += "L7,h@x.io,Last,30,2026-01-06,\"no line end\"";
    s
}

fn utf16(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = if bom { vec![0xFEFF] } else { vec![] };
    for u in units.into_iter().chain(s.encode_utf16()) {
        out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

/// The file through the one-shot import: report (JSON) and every lead
/// scored, as CSV.
fn one_shot(kind: ImportKind, bytes: &[u8]) -> (String, String) {
    let mut ws = base();
    let report = match kind {
        ImportKind::Leads => ws.import_leads(bytes, &[]).map(|r| leadscore::json::to_string(&r)),
        ImportKind::Activities => ws.import_activities(bytes, &[]).map(|r| leadscore::json::to_string(&r)),
        ImportKind::Outcomes => {
            ws.import_outcomes(bytes, &[], &StatusMapping::default()).map(|r| leadscore::json::to_string(&r))
        }
    };
    (report.unwrap_or_else(|e| format!("error: {}", e.0)), scored(&mut ws))
}

fn streamed(kind: ImportKind, bytes: &[u8], cuts: &[usize]) -> (String, String) {
    let mut ws = base();
    ws.begin_import(kind, &[], &StatusMapping::default(), Some(bytes.len() as u64)).unwrap();
    let mut at = 0;
    let mut failed = None;
    for &c in cuts.iter().chain(std::iter::once(&bytes.len())) {
        let c = c.clamp(at, bytes.len());
        if let Err(e) = ws.feed(&bytes[at..c]) {
            failed = Some(format!("error: {}", e.0));
            break;
        }
        at = c;
    }
    let report = match failed {
        Some(e) => e,
        None => match ws.finish_import() {
            Ok(Finished::Import(r)) => leadscore::json::to_string(&r),
            Ok(Finished::Outcomes(r)) => leadscore::json::to_string(&r),
            Err(e) => format!("error: {}", e.0),
        },
    };
    (report, scored(&mut ws))
}

/// A workspace with leads and activities already loaded (for activity and
/// outcome files; a lead file replaces the leads).
fn base() -> Workspace {
    let mut ws = Workspace::new();
    ws.import_leads(b"id,email,title\nL1,a@x.io,VP\nL2,b@x.io,CTO\nL3,c@x.io,Intern\n", &[]).unwrap();
    ws
}

fn scored(ws: &mut Workspace) -> String {
    ws.score(parse_time("2026-06-30T00:00:00Z").unwrap());
    format!("{}\n{:?}\n{}", ws.scored_csv().unwrap(), ws.event_types(), ws.activity_count())
}

fn every_offset(kind: ImportKind, bytes: &[u8]) {
    let whole = one_shot(kind, bytes);
    assert!(!whole.0.starts_with("error"), "{}", whole.0);
    for k in 0..=bytes.len() {
        assert_eq!(streamed(kind, bytes, &[k]), whole, "split at byte {k}");
    }
    let bytewise: Vec<usize> = (1..bytes.len()).collect();
    assert_eq!(streamed(kind, bytes, &bytewise), whole, "one byte at a time");
}

#[test]
fn tricky_lead_file_split_at_every_byte() {
    let text = tricky_leads(600);
    every_offset(ImportKind::Leads, text.as_bytes());
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    every_offset(ImportKind::Leads, &bom);
}

#[test]
fn utf16_files_split_at_every_byte() {
    let text = tricky_leads(120);
    for be in [false, true] {
        for bom in [true, false] {
            every_offset(ImportKind::Leads, &utf16(&text, be, bom));
        }
    }
}

#[test]
fn activity_and_outcome_files_split_at_every_byte() {
    every_offset(ImportKind::Activities, ACTIVITIES.as_bytes());
    let outcomes = "lead_id;outcome;reason;at\nL1;rejected;wrong_icp;2026-04-01\nL2;accepted;;2026-04-02\nL9;accepted;;2026-04-03\nL3;maybe;;2026-04-03\n";
    every_offset(ImportKind::Outcomes, outcomes.as_bytes());
    // Old Mac line ends, an Excel sep= line, tabs.
    every_offset(ImportKind::Activities, b"lead_id\ttimestamp\ttype\rL1\t2026-03-01\tvisit\rL2\tbad\tvisit\r");
    every_offset(ImportKind::Activities, b"sep=|\n\nlead_id|timestamp|type\nL1|2026-03-01|visit\n");
    every_offset(ImportKind::Activities, b"[{\"lead_id\": \"L1\", \"timestamp\": \"2026-03-01\", \"type\": \"visit\"},\n 7]");
}

#[test]
fn the_report_is_what_the_file_says() {
    let text = tricky_leads(600);
    let mut ws = Workspace::new();
    ws.begin_import(ImportKind::Leads, &[], &StatusMapping::default(), None).unwrap();
    for chunk in text.as_bytes().chunks(7) {
        ws.feed(chunk).unwrap();
    }
    let Finished::Import(r) = ws.finish_import().unwrap() else { panic!("a lead report") };
    assert_eq!((r.read, r.kept, r.rejected), (8, 5, 3));
    let messages: Vec<&str> = r.errors.iter().map(|e| e.message.as_str()).collect();
    // L3 starts on line 6 and its giant field holds 100 line ends, so the
    // rows after it are on lines 107 and on.
    assert_eq!(
        messages,
        vec![
            "line 107, column \"created_at\": \"someday\" is not a date",
            "line 108, column \"id\": duplicate id \"L2\" (first on line 5)",
            "line 109: 4 fields, the header has 6",
        ]
    );
    // The cells against the csv crate reading the same text whole.
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let reference: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(|c| c.trim().to_string()).collect())
        .filter(|r: &Vec<String>| r.len() == 6 && !r[0].is_empty())
        .collect();
    let csv_out = ws.scored_csv().unwrap_or_default();
    assert!(csv_out.is_empty() || csv_out.starts_with("id"));
    let data = ws.data();
    let kept: Vec<Vec<String>> = (0..data.leads.leads.len()).map(|i| data.leads.row(i).iter().map(|c| c.to_string()).collect()).collect();
    let ids: Vec<&str> = kept.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["L1", "L2", "L3", "L6", "L7"]);
    for row in &kept {
        let want = reference.iter().find(|r| r[0] == row[0]).unwrap();
        // company_size is cleaned (1,200 -> 1200, 201-500 -> 201).
        for c in [0, 1, 2, 4, 5] {
            assert_eq!(row[c], want[c], "lead {} column {c}", row[0]);
        }
    }
}

#[test]
fn a_giant_field_in_random_chunks() {
    let text = tricky_leads(2 << 20);
    let whole = one_shot(ImportKind::Leads, text.as_bytes());
    let mut cuts = Vec::new();
    let mut at = 0usize;
    let mut x = 12345u64;
    while at < text.len() {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        at += 1 + (x >> 33) as usize % 70_000;
        cuts.push(at);
    }
    assert_eq!(streamed(ImportKind::Leads, text.as_bytes(), &cuts), whole);
    // The one-shot import feeds 1 MiB slices; this 2 MB file fed as one
    // chunk (a quoted field across every slice boundary) must agree.
    assert!(text.len() > 1 << 20);
    assert_eq!(streamed(ImportKind::Leads, text.as_bytes(), &[]), whole, "the whole file in one feed");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_chunkings_give_the_one_shot_result(cuts in prop::collection::vec(0usize..700, 0..12), be in any::<bool>(), enc in 0u8..3) {
        let text = tricky_leads(300);
        let bytes = match enc {
            0 => text.into_bytes(),
            1 => utf16(&text, be, true),
            _ => utf16(&text, be, false),
        };
        let mut cuts = cuts;
        cuts.sort();
        let whole = one_shot(ImportKind::Leads, &bytes);
        prop_assert_eq!(streamed(ImportKind::Leads, &bytes, &cuts), whole);
    }
}

#[test]
fn file_errors_are_the_one_shot_errors() {
    for bad in [
        &b""[..],
        b" \r\n\t\n",
        b" ,,\n,,\n",
        b"who,what\nL1,x\n",
        b"id,name\n1,ok\n2,caf\xE9\n",
        b"id,name\n1,ok\n2,caf\xE2\x82",
        b"[\n{\"id\": 1},\n{\"id\" 2}\n]",
    ] {
        let whole = one_shot(ImportKind::Leads, bad);
        assert!(whole.0.starts_with("error: "), "{}", whole.0);
        for k in 0..=bad.len() {
            assert_eq!(streamed(ImportKind::Leads, bad, &[k]), whole, "{:?} split at {k}", String::from_utf8_lossy(bad));
        }
    }
}

#[test]
fn cancel_leaves_the_data_as_it_was() {
    let mut ws = base();
    ws.import_activities(ACTIVITIES.as_bytes(), &[]).unwrap();
    let before = scored(&mut ws);
    ws.begin_import(ImportKind::Activities, &[], &StatusMapping::default(), None).unwrap();
    let part = b"lead_id,timestamp,type\nL1,2026-03-05,webinar\nL2,2026-03-06,new_kind\nL3,2026-";
    ws.feed(part).unwrap();
    assert!(ws.begin_import(ImportKind::Leads, &[], &StatusMapping::default(), None).unwrap_err().0.contains("an import is running"));
    assert!(ws.import_activities(b"x", &[]).unwrap_err().0.contains("an import is running"));
    assert_eq!(ws.import_bytes_read(), part.len() as u64);
    assert!(ws.cancel_import());
    assert!(!ws.cancel_import());
    assert_eq!(scored(&mut ws), before);
    assert!(ws.feed(b"more").unwrap_err().0.starts_with("no import is running"));
    // A lead import cancelled half-way keeps the old leads.
    ws.begin_import(ImportKind::Leads, &[], &StatusMapping::default(), None).unwrap();
    ws.feed(b"id,title\nN1,CEO\nN2,").unwrap();
    ws.cancel_import();
    assert_eq!(scored(&mut ws), before);
}

#[test]
fn a_streamed_file_is_not_kept_so_remap_says_import_again() {
    let mut ws = Workspace::new();
    ws.begin_import(ImportKind::Leads, &[], &StatusMapping::default(), None).unwrap();
    ws.feed(b"id,job\nL1,CTO\n").unwrap();
    ws.finish_import().unwrap();
    let e = ws.remap_leads(&[("job".into(), Some("title".into()))]).unwrap_err();
    assert!(e.0.contains("streamed") && e.0.contains("import it again"), "{}", e.0);
}

fn many_activities(n: usize) -> String {
    let mut s = String::from("lead_id,timestamp,type,detail\n");
    for i in 0..n {
        s += &format!("L{},2026-03-{:02},page_view,/page/{i}\n", i % 3 + 1, i % 28 + 1);
    }
    s
}

#[test]
fn an_import_over_the_limit_stops_and_keeps_the_data() {
    let mut ws = base();
    ws.import_activities(ACTIVITIES.as_bytes(), &[]).unwrap();
    let before = scored(&mut ws);
    let held = ws.memory_held();
    assert!(held > 0);
    ws.set_memory_limit(held + 16_000_000);
    let big = many_activities(400_000); // about 15 MB, some 60 MB held
    // Streamed with the size known: refused early, long before the end.
    ws.begin_import(ImportKind::Activities, &[], &StatusMapping::default(), Some(big.len() as u64)).unwrap();
    let mut fed = 0;
    let mut error = None;
    for chunk in big.as_bytes().chunks(16 * 1024) {
        fed += chunk.len();
        if let Err(e) = ws.feed(chunk) {
            error = Some(e.0);
            break;
        }
    }
    let e = error.expect("the import stops");
    let e_streamed = e.clone();
    assert!(fed < big.len() / 2, "stopped after {fed} of {} bytes", big.len());
    assert!(e.starts_with("this file does not fit in memory: importing it needs about "), "{e}");
    for part in ["MB", "split the file into parts of at most about", "leadscore score", "the data loaded before is as it was"] {
        assert!(e.contains(part), "{part}: {e}");
    }
    assert_eq!(scored(&mut ws), before);
    assert!(ws.feed(b"x").is_err(), "the import is over");
    // The one-shot import of the same file is refused the same way.
    let e = ws.import_activities(big.as_bytes(), &[]).unwrap_err();
    assert!(e.0.starts_with("this file does not fit in memory"), "{}", e.0);
    assert_eq!(scored(&mut ws), before);
    // Size unknown: stops once what it holds passes the limit.
    ws.begin_import(ImportKind::Activities, &[], &StatusMapping::default(), None).unwrap();
    let r = big.as_bytes().chunks(64 * 1024).try_for_each(|c| ws.feed(c));
    assert!(r.unwrap_err().0.starts_with("this file does not fit in memory"));
    assert_eq!(scored(&mut ws), before);
    // A part of the size the streamed refusal suggests goes in.
    let part: usize = e_streamed.split("parts of at most about ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(part >= 1);
    let rows = 400_000 * part / (big.len() >> 20);
    let part_file = many_activities(rows);
    ws.begin_import(ImportKind::Activities, &[], &StatusMapping::default(), Some(part_file.len() as u64)).unwrap();
    part_file.as_bytes().chunks(64 * 1024).try_for_each(|c| ws.feed(c)).unwrap();
    ws.finish_import().unwrap();
    assert_eq!(ws.activity_count(), 3 + rows);
}

#[test]
fn the_default_limit_is_under_wasm_4_gib() {
    let ws = Workspace::new();
    assert_eq!(ws.memory_limit(), 5 << 29);
}

/// The error a bad byte at `at` gives: "line N", N counted here from the
/// bytes before it (line ends `\n`, or `\r` in an old-Mac file).
fn bad_line(bytes: &[u8], at: usize, line_end: u8, what: &str) -> String {
    let line = 1 + bytes[..at].iter().filter(|&&b| b == line_end).count();
    format!("error: line {line} is not valid {what}: save the file as UTF-8 or UTF-16 (in Excel: Save As > CSV UTF-8)")
}

#[test]
fn a_bad_byte_is_named_by_its_line_in_any_chunking() {
    // The decoders count no line ends: the line is the stage's (the first
    // line's text, the CSV reader's count, the JSON text) plus the text
    // not handed on yet. Bad bytes in the header, in a quoted field with
    // line ends (csv-core), in a plain row, past 512 bytes, and cut at the end.
    let rows: String = (0..40).map(|i| format!("L{i},a{i}@x.io,\"t\n{i}\",plain\n")).collect();
    let long = format!("id,email,title,note\n{rows}");
    let mut files: Vec<(Vec<u8>, usize, u8)> = Vec::new();
    let mut put = |text: &str, at: usize, bad: &[u8], line_end: u8| {
        let mut b = text.as_bytes()[..at].to_vec();
        b.extend_from_slice(bad);
        b.extend_from_slice(&text.as_bytes()[at..]);
        files.push((b, at, line_end));
    };
    put("\n\nid,na\nL1,x\n", 4, b"\xFF", b'\n');
    put(&long, long.find("t\n7").unwrap() + 2, b"\xE9", b'\n');
    put(&long, long.find("plain\nL30").unwrap() + 1, b"\x80", b'\n');
    put(&long, long.len(), b"\xE2\x82", b'\n');
    put("id,title\rL1,CTO\rL2,caf\rL3,x\r", 22, b"\xE9", b'\r');
    put("[\n{\"id\": \"L1\"},\n{\"id\": \"L2\"}\n]", 18, b"\xC3(", b'\n');
    for (bytes, at, line_end) in &files {
        let want = bad_line(bytes, *at, *line_end, "UTF-8");
        let name = String::from_utf8_lossy(&bytes[..*at]);
        assert_eq!(one_shot(ImportKind::Leads, bytes).0, want, "{name:?}");
        for k in 0..=bytes.len() {
            assert_eq!(streamed(ImportKind::Leads, bytes, &[k]).0, want, "{name:?} split at {k}");
        }
        let bytewise: Vec<usize> = (1..bytes.len()).collect();
        assert_eq!(streamed(ImportKind::Leads, bytes, &bytewise).0, want, "{name:?} one byte at a time");
    }
    // UTF-16: a lone high surrogate on line 5 (after a quoted line end).
    for be in [false, true] {
        let text = "id,title\nL1,a\n\"L2\",\"b\nc\"\nL3,";
        let mut bytes = utf16(text, be, true);
        bytes.extend_from_slice(&if be { 0xD800u16.to_be_bytes() } else { 0xD800u16.to_le_bytes() });
        bytes.extend_from_slice(&utf16("x\nL4,y\n", be, false));
        let want = bad_line(text.as_bytes(), text.len(), b'\n', "UTF-16 (a broken surrogate pair)");
        assert!(want.contains("line 5 "), "{want}");
        for k in 0..=bytes.len() {
            assert_eq!(streamed(ImportKind::Leads, &bytes, &[k]).0, want, "split at {k}");
        }
    }
}
