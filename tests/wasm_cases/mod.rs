//! The JS-facing `Workspace`, driven as JS would drive it. Run in Node
//! (`wasm_node.rs`) and in headless Chromium (`wasm_browser.rs`).
#![cfg(target_arch = "wasm32")]

use js_sys::{Int32Array, Reflect, Uint8Array};
use leadscore::wasm::{preset_model, sample_data, Workspace};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const LEADS: &str = "id,First Name,Job Title,Number of Employees,Industry,Email\n\
L1,Ana,VP Marketing,300,Software,ana@acme.com\n\
L2,Bo,Analyst,20,Retail,bo@tiny.com\n\
L3,Cy,CEO,1000,Healthcare,cy@health.org\n";
const ACTIVITIES: &str = "lead_id,timestamp,type,detail\n\
L1,2026-06-01T10:00:00Z,demo_request,demo form\n\
L2,2026-06-02,page_view,/careers\n\
L3,2026-06-03 09:00:00,page_view,/pricing\n\
L3,31/02/2026,page_view,/pricing\n\
L9,2026-06-03,visit,\n";

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}
fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or_else(|| panic!("{key} is not a number"))
}

fn loaded() -> Workspace {
    let mut ws = Workspace::new();
    let r = ws.import_leads(JsValue::from_str(LEADS), None, None).unwrap();
    assert_eq!((num(&r, "read"), num(&r, "kept"), num(&r, "rejected")), (3.0, 3.0, 0.0));
    let r = ws.import_activities(JsValue::from_str(ACTIVITIES), None).unwrap();
    assert_eq!((num(&r, "read"), num(&r, "kept"), num(&r, "rejected")), (5.0, 4.0, 1.0));
    assert_eq!(num(&r, "unmatched_activities"), 1.0);
    let errors = js_sys::Array::from(&get(&r, "errors"));
    let message = get(&errors.get(0), "message").as_string().unwrap();
    assert!(message.contains("line 5") && message.contains("31/02/2026"), "{message}");
    ws
}

#[wasm_bindgen_test]
fn scores_cross_as_typed_arrays() {
    let mut ws = loaded();
    let summary = ws.score("2026-06-30T00:00:00Z").unwrap();
    // L1: 15 + 10 + 10 fit, demo request (instant) -> MQL.
    // L2: -30 too small, -10 careers -> nurture. L3: 15 + 10 + 10 + 20 = 55 -> MQL.
    assert_eq!((num(&summary, "mql"), num(&summary, "nurture"), num(&summary, "instant")), (2.0, 1.0, 1.0));
    let scores: Int32Array = ws.scores();
    assert_eq!(scores.to_vec(), vec![85, -40, 55]);
    let statuses: Uint8Array = ws.statuses();
    assert_eq!(statuses.to_vec(), vec![1, 0, 1]);
    assert_eq!(ws.lead_count(), 3);
}

#[wasm_bindgen_test]
fn explanation_is_a_plain_object() {
    let mut ws = loaded();
    ws.score("2026-06-30T00:00:00Z").unwrap();
    let ex = ws.explain("L3").unwrap();
    assert_eq!(get(&ex, "status").as_string().as_deref(), Some("mql"));
    assert_eq!(get(&ex, "crossed_at").as_string().as_deref(), Some("2026-06-03T09:00:00Z"));
    let items = js_sys::Array::from(&get(&ex, "contributions"));
    assert_eq!(items.length(), 4);
    let csv = ws.scored_csv().unwrap();
    assert!(csv.starts_with("id,score,fit,behavior,status,instant,crossed_at,"), "{csv}");
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_a_useful_message() {
    let mut ws = Workspace::new();
    let err = JsValue::from(ws.set_model("{\"version\": 1, \"threshold\": \"high\", \"rules\": []}").unwrap_err());
    let err: js_sys::Error = err.dyn_into().expect("a real Error");
    let message = String::from(err.message());
    assert!(message.starts_with("threshold:"), "{message}");
    let err = JsValue::from(ws.score("yesterday").unwrap_err());
    assert!(err.is_instance_of::<js_sys::Error>());
    let err = JsValue::from(ws.scored_csv().unwrap_err());
    assert!(String::from(err.dyn_into::<js_sys::Error>().unwrap().message()).contains("score"));
}

#[wasm_bindgen_test]
fn bytes_and_presets_and_sample() {
    let mut ws = Workspace::new();
    // UTF-16 LE with BOM, as Excel saves "Unicode text".
    let mut bytes = vec![0xFF, 0xFE];
    for u in "id\tEmail\nL1\tana@acme.com\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let r = ws.import_leads(Uint8Array::from(&bytes[..]).into(), None, None).unwrap();
    assert_eq!(get(&r, "encoding").as_string().as_deref(), Some("utf-16le"));
    assert_eq!(num(&r, "kept"), 1.0);
    let preset = preset_model("seed-example").unwrap();
    ws.set_model(&preset).unwrap();
    assert_eq!(ws.model(), preset);
    assert!(preset_model("nope").is_err());
    let s = sample_data(50, 3).unwrap();
    let leads = get(&s, "leads").as_string().unwrap();
    let r = ws.import_leads(JsValue::from_str(&leads), None, None).unwrap();
    assert_eq!(num(&r, "kept"), 50.0);
}

#[wasm_bindgen_test]
fn order_and_rows_for_a_table() {
    let mut ws = loaded();
    ws.score("2026-06-30T00:00:00Z").unwrap();
    // Scores are [85, -40, 55]: by score, descending.
    assert_eq!(ws.order("score", true, 0, "").unwrap().to_vec(), vec![0, 2, 1]);
    // MQLs only (bit 1 << 1), and a search on the company domain.
    assert_eq!(ws.order("score", false, 2, "").unwrap().to_vec(), vec![2, 0]);
    assert_eq!(ws.order("file", false, 0, "HEALTH").unwrap().to_vec(), vec![2]);
    let rows = js_sys::Array::from(&ws.rows(&[2]).unwrap());
    let row = rows.get(0);
    assert_eq!(get(&row, "id").as_string().as_deref(), Some("L3"));
    assert_eq!(get(&row, "crossed_at").as_string().as_deref(), Some("2026-06-03T09:00:00Z"));
    assert_eq!(ws.event_types(), vec!["demo_request", "page_view", "visit"]);
    assert!(leadscore::wasm::lead_field_keys().contains(&"company_size".to_string()));
}

#[wasm_bindgen_test]
fn handoff_documents_and_packets() {
    let mut ws = loaded();
    ws.score("2026-06-30T00:00:00Z").unwrap();
    let json = ws.handoff("json").unwrap();
    assert!(json.starts_with("{\"schema\":\"leadscore.handoff\",\"version\":1,"), "{json}");
    let packet = ws.packet(0).unwrap();
    let context = get(&packet, "context");
    assert_eq!(get(&context, "kind").as_string().as_deref(), Some("hand_raiser"));
    assert_eq!(get(&get(&packet, "sla"), "rule").as_string().as_deref(), Some("same_business_day"));
    let err = JsValue::from(ws.packet(1).unwrap_err());
    assert!(String::from(err.dyn_into::<js_sys::Error>().unwrap().message()).contains("not an MQL"));
    let html = ws.handoff("html").unwrap();
    assert!(html.starts_with("<!doctype html>"));
}

#[wasm_bindgen_test]
fn outcomes_and_status_mappings_cross_the_boundary() {
    let mut ws = loaded();
    // L1 a demo request on June 1, then "Bad Timing" on June 2: recycled
    // (its demo request is before the rejection). L3 "Won It": unmapped,
    // until the status mapping given here maps it.
    let log = "Contact ID,Lead Status,Date\nL1,Bad Timing,2026-06-02\nL3,Won It,2026-06-10\n";
    let r = ws.import_outcomes(JsValue::from_str(log), None, None).unwrap();
    assert_eq!((num(&r, "read"), num(&r, "kept"), num(&r, "rejected")), (2.0, 1.0, 1.0));
    ws.score("2026-06-30T00:00:00Z").unwrap();
    assert_eq!(ws.statuses().to_vec(), vec![4, 0, 1]);
    let mapping = js_sys::JSON::parse(r#"{"Won It": {"outcome": "rejected", "reason": "wrong_icp"}}"#).unwrap();
    let r = ws.remap_outcomes(None, Some(mapping)).unwrap();
    assert_eq!(num(&r, "kept"), 2.0);
    let summary = ws.score("2026-06-30T00:00:00Z").unwrap();
    assert_eq!((num(&summary, "suppressed"), num(&summary, "recycled")), (1.0, 1.0));
    let bad = js_sys::JSON::parse(r#"{"Won It": {"outcome": "maybe"}}"#).unwrap();
    let e = ws.remap_outcomes(None, Some(bad)).unwrap_err();
    let e: JsValue = e.into();
    let message = Reflect::get(&e, &JsValue::from_str("message")).unwrap().as_string().unwrap();
    assert!(message.starts_with("the status mapping must be an object"), "{message}");
}

/// Streaming through the boundary: UTF-16 chunks cut inside characters and
/// rows give the one-shot report; the limit throws a JS Error and keeps the data.
#[wasm_bindgen_test]
fn streaming_import_across_the_boundary() {
    let mut text = String::from(LEADS);
    text.push_str("L4,\"Dé\r\nx\",\"Head, \"\"Growth\"\"\",50,Retail,d@x.io\n");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let mut one = Workspace::new();
    let whole = one.import_leads(Uint8Array::from(&bytes[..]).into(), None, None).unwrap();
    let whole = js_sys::JSON::stringify(&whole).unwrap().as_string().unwrap();
    for step in [1usize, 3, 7, 64] {
        let mut ws = Workspace::new();
        ws.begin_import("leads", None, None, Some(bytes.len() as f64)).unwrap();
        for c in bytes.chunks(step) {
            ws.feed(c).unwrap();
        }
        assert_eq!(ws.import_bytes_read(), bytes.len() as f64);
        let r = ws.finish_import().unwrap();
        assert_eq!(js_sys::JSON::stringify(&r).unwrap().as_string().unwrap(), whole, "chunks of {step}");
        assert_eq!(ws.lead_count(), 4);
    }
    let mut ws = loaded();
    ws.set_memory_limit(ws.memory_held() + 1000.0);
    ws.begin_import("activities", None, None, None).unwrap();
    let mut big = String::from("lead_id,timestamp,type,detail\n");
    for i in 0..5000 {
        big.push_str(&format!("L1,2026-06-01,page_view,/p/{i}\n"));
    }
    let err = JsValue::from(ws.feed(big.as_bytes()).unwrap_err());
    let message = Reflect::get(&err, &JsValue::from_str("message")).unwrap().as_string().unwrap();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert!(message.starts_with("this file does not fit in memory") && message.contains("leadscore score"), "{message}");
    assert_eq!(ws.activity_count(), 4);
    assert!(!ws.cancel_import());
    assert!(ws.begin_import("contacts", None, None, None).is_err());
}

/// The CSV reader's field scan (16 bytes at a time with wasm SIMD, 8 in
/// words, then bytes) finds every field's end, whatever its length and
/// place: each lead's cells come back as written, for each delimiter.
#[wasm_bindgen_test]
fn fields_of_every_length_are_cut_where_they_end() {
    // No white space: cells are trimmed.
    let pieces = ["a", "Bé", "x+y", "9", "Zoë-", "é😀", "q.r", "_"];
    for d in [',', ';', '\t', '|'] {
        let mut file = format!("id{d}note{d}memo\n");
        let mut want = Vec::new();
        for i in 0..70usize {
            // Every length from 0 to 69 bytes, so a field ends at every lane.
            let note: String = (0..i).map(|k| char::from(b"aZ9_.xQ"[(i + k) % 7])).collect();
            let memo: String = (0..(i * 7) % 45).map(|k| pieces[(k + 3) % pieces.len()]).collect();
            // Every third memo quoted, with the delimiter inside when it is not the comma.
            let inner = if d == ',' { format!("{memo}:z") } else { format!("z{memo}{d}z") };
            let (memo_in, memo_out) = if i % 3 == 0 { (format!("\"{inner}\""), inner) } else { (memo.clone(), memo) };
            file.push_str(&format!("L{i}{d}{note}{d}{memo_in}\n"));
            want.push(format!("L{i},{note},{memo_out}"));
        }
        let mut ws = Workspace::new();
        let r = ws.import_leads(JsValue::from_str(&file), None, None).unwrap();
        assert_eq!(num(&r, "kept"), 70.0, "delimiter {d:?}");
        ws.score("2026-06-30T00:00:00Z").unwrap();
        let csv = ws.scored_csv().unwrap();
        let lines: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(lines.len(), want.len());
        for (line, w) in lines.iter().zip(&want) {
            let id = w.split(',').next().unwrap();
            let cells = &w[id.len()..];
            assert!(line.starts_with(&format!("{id},")) && line.ends_with(cells), "delimiter {d:?}: {line} / {w}");
        }
    }
}
