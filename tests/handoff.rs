//! Handoff packets, SLA states, routing and the four export formats.

use leadscore::handoff::{Packet, Warmth};
use leadscore::{Model, Workspace};

// As of Wednesday 2026-11-18 12:00 UTC. Calendar: UTC, Mon-Fri 09-17.
const AS_OF: &str = "2026-11-18T12:00:00Z";

const LEADS: &str = "\
id,name,email,phone,title,company,company_size,industry,sales_outcome,rejection_reason,rejected_at,first_contact_at,Use Case
L1,Ana Silva,ana@acme.com,+1 555 0100,Marketing Manager,Acme,1200,Software,,,,2026-11-17T16:00:00Z,Lead scoring
L2,Bo Chen,bo@acme.com,,Engineer,Acme,1200,Software,,,,,
L3,Cy Park,cy@beta.io,,CMO,Beta,300,Healthcare,rejected,premature,2026-09-01,2026-11-20T10:00:00Z,Attribution
L4,Ana S.,ANA@acme.com,,VP Sales,Acme Inc,1200,Software,,,,,
L5,Dee Low,dee@small.io,,Intern,Small,10,Retail,,,,,
L6,\"@SUM(A1)\",x@evil.io,-2+3,\"+1 boss\",\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",300,Software,,,,,<script>alert(1)</script>
";

const ACTIVITIES: &str = "\
lead_id,timestamp,type,detail
L1,2026-11-10T09:00:00Z,page_view,/pricing
L1,2026-11-17T10:00:00Z,demo_request,demo form
L2,2026-11-17T14:00:00Z,page_view,/pricing
L2,2026-11-17T15:00:00Z,content_download,case-study-globex.pdf
L3,2026-08-20T10:00:00Z,page_view,/blog/what-is-an-mql
L3,2026-11-13T15:00:00Z,page_view,/pricing
L3,2026-11-13T15:30:00Z,content_download,case-study-initech.pdf
L4,2026-11-18T09:00:00Z,page_view,/pricing
L4,2026-11-18T09:30:00Z,email_click,spring-webinar
L6,2026-11-16T10:00:00Z,demo_request,demo form
";

fn workspace(model: Model) -> Workspace {
    let mut ws = Workspace::new();
    ws.set_model(model);
    assert_eq!(ws.import_leads(LEADS.as_bytes(), &[]).unwrap().rejected, 0);
    assert_eq!(ws.import_activities(ACTIVITIES.as_bytes(), &[]).unwrap().rejected, 0);
    ws.score(leadscore::parse_time(AS_OF).unwrap());
    ws
}

fn routed() -> Model {
    let mut m = Model::seed_example();
    m.routing = leadscore::json::read::from_str(
        r#"{"rules": [{"when": {"field": "industry", "op": "one_of", "values": ["healthcare"]}, "rep": "Hana (health)"}],
            "pools": [{"name": "inbound", "reps": [{"name": "Ivo"}, {"name": "Jo"}]}],
            "default_pool": "inbound"}"#,
    )
    .unwrap();
    m
}

fn packet<'a>(ps: &'a [Packet], id: &str) -> &'a Packet {
    ps.iter().find(|p| p.lead.id == id).unwrap_or_else(|| panic!("no packet for {id}"))
}

#[test]
fn one_packet_per_mql_with_who_why_and_what() {
    let mut ws = workspace(routed());
    let ps = ws.packets().unwrap();
    let ids: Vec<&str> = ps.iter().map(|p| p.lead.id.as_str()).collect();
    // L1 20 fit + pricing 20, then a demo (instant); L2 20 + 20 + 15 = 55;
    // L3 35 + 20 + 15 = 70; L4 35 + 20 = 55; L5 too small; L6 demo (instant).
    assert_eq!(ids, ["L1", "L2", "L3", "L4", "L6"]);

    let a = packet(&ps, "L1");
    assert_eq!((a.lead.name.as_str(), a.lead.phone.as_str(), a.lead.title.as_str()), ("Ana Silva", "+1 555 0100", "Marketing Manager"));
    assert_eq!((a.score, a.fit, a.behavior, a.threshold), (90, 20, 70, 50));
    assert_eq!(a.crossed_at, "2026-11-17T10:00:00Z");
    assert_eq!((a.context.kind, a.context.warmth), ("hand_raiser", Warmth::Hot));
    let path: Vec<(&str, i32)> = a.path_to_mql.iter().map(|s| (s.rule.as_str(), s.points)).collect();
    assert_eq!(path, [("pricing-page", 20), ("demo-request", 50)]);
    assert_eq!(a.path_to_mql[1].events, ["demo_request demo form"]);
    assert_eq!(a.consumed.pages[0].detail, "/pricing");
    assert_eq!(a.consumed.forms[0].detail, "demo form");
    assert_eq!(a.form_answers.get("Use Case").map(String::as_str), Some("Lead scoring"));
    assert!(a.approach.contains("confirm the demo time"), "{}", a.approach);
    assert!(a.approach.starts_with("They read: the pricing page."), "{}", a.approach);
}

#[test]
fn approach_differs_with_the_signals() {
    let mut ws = workspace(routed());
    let ps = ws.packets().unwrap();
    let b = &packet(&ps, "L2").approach;
    let d = &packet(&ps, "L4").approach;
    assert!(b.contains("business case"), "{b}");
    assert!(d.contains("weighing cost"), "{d}");
    assert_ne!(b, d);
}

#[test]
fn sla_due_times_and_states() {
    let mut ws = workspace(routed());
    let ps = ws.packets().unwrap();
    // Hand-raiser crossed Tue 10:00: due Tue 17:00; contacted Tue 16:00: met, an hour early.
    let a = &packet(&ps, "L1").sla;
    assert_eq!((a.rule, a.due.as_str(), a.state, a.by_seconds), ("same_business_day", "2026-11-17T17:00:00Z", "met", 3600));
    // Behavioral, crossed Tue 15:00: due Wed 15:00; at Wed 12:00 three hours left.
    let b = &packet(&ps, "L2").sla;
    assert_eq!((b.rule, b.due.as_str(), b.state, b.by_seconds), ("business_hours", "2026-11-18T15:00:00Z", "open", 3 * 3600));
    // Crossed Fri 15:00 (pricing): due Mon 15:00; contacted Fri 20 Nov 10:00: breached by 3 days 19 h.
    let c = &packet(&ps, "L3").sla;
    assert_eq!((c.due.as_str(), c.state), ("2026-11-16T15:00:00Z", "breached"));
    assert_eq!(c.by_seconds, 3 * 86_400 + 19 * 3600);
    // Hand-raiser crossed Mon 10:00, due Mon 17:00, never contacted: overdue by 43 h.
    let f = &packet(&ps, "L6").sla;
    assert_eq!((f.due.as_str(), f.state, f.by_seconds), ("2026-11-16T17:00:00Z", "overdue", 43 * 3600));
    // Crossed today 09:00: due tomorrow 09:00, still open.
    let d = &packet(&ps, "L4").sla;
    assert_eq!((d.due.as_str(), d.state, d.by_seconds), ("2026-11-19T09:00:00Z", "open", 21 * 3600));

    let adherence = ws.sla_adherence().unwrap();
    assert_eq!(adherence[0].rep.as_deref(), Some("all reps"));
    assert_eq!((adherence[0].met, adherence[0].breached, adherence[0].overdue, adherence[0].open), (1, 1, 1, 2));
    assert_eq!(adherence[0].share_met, Some(0.5));
    // Waits: L1 6 h, L3 6 d 19 h; the median of two is their mean.
    assert_eq!(adherence[0].median_seconds_to_first_contact, Some((6 * 3600 + 6 * 86_400 + 19 * 3600) / 2));
    let jo = adherence.iter().find(|a| a.rep.as_deref() == Some("Jo")).unwrap();
    assert_eq!((jo.mqls, jo.met, jo.open), (2, 1, 1));
    // Then each rep once, by name, the unassigned last; every MQL counted once.
    let reps: Vec<Option<&str>> = adherence[1..].iter().map(|a| a.rep.as_deref()).collect();
    let mut in_order = reps.clone();
    in_order.sort_by_key(|r| (r.is_none(), *r));
    in_order.dedup();
    assert_eq!(reps, in_order);
    assert_eq!(adherence[1..].iter().map(|a| a.mqls).sum::<usize>(), adherence[0].mqls);
}

#[test]
fn routing_assigns_in_crossing_order() {
    let mut ws = workspace(routed());
    let ps = ws.packets().unwrap();
    let who = |id| packet(&ps, id).assigned_to.clone().unwrap();
    assert_eq!(who("L3"), "Hana (health)");
    assert_eq!(packet(&ps, "L3").routed_via, "rule 1");
    // Inbound pool by crossing time: L6 (Mon 10:00) Ivo, L1 (Tue 10:00) Jo, L2 (Tue 15:00) Ivo, L4 (Wed 09:00) Jo.
    assert_eq!([who("L6"), who("L1"), who("L2"), who("L4")], ["Ivo", "Jo", "Ivo", "Jo"]);
    let mut plain = workspace(Model::seed_example());
    let p = plain.packets().unwrap();
    assert_eq!((p[0].assigned_to.as_deref(), p[0].routed_via.as_str()), (None, "no routing rules in the model"));
}

#[test]
fn duplicates_and_returning_leads_are_flagged() {
    let mut ws = workspace(routed());
    let ps = ws.packets().unwrap();
    let a = packet(&ps, "L1");
    assert_eq!(a.duplicate_of, None, "the first at the account");
    let b = packet(&ps, "L2").duplicate_of.as_ref().unwrap();
    assert_eq!(b.id, "L1");
    assert_eq!(b.reason, "same account (domain acme.com): lead L1 is an MQL already");
    let d = packet(&ps, "L4").duplicate_of.as_ref().unwrap();
    assert_eq!((d.id.as_str(), d.reason.as_str()), ("L1", "same email as lead L1 (line 2)"));
    let c = packet(&ps, "L3").returning.as_ref().unwrap();
    assert_eq!(c.reason, "premature");
    assert_eq!(c.history, "rejected by sales on 2026-09-01 (premature); crossed the threshold again on 2026-11-13");
    assert!(packet(&ps, "L2").returning.is_none());
}

#[test]
fn csv_export_neutralises_formula_cells() {
    let mut ws = workspace(routed());
    let text = ws.handoff("csv").unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let evil = rows.iter().find(|row| &row[col("id")] == "L6").unwrap();
    assert_eq!(&evil[col("name")], "'@SUM(A1)");
    assert_eq!(&evil[col("company")], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(&evil[col("title")], "'+1 boss");
    assert_eq!(&evil[col("phone")], "'-2+3");
    assert_eq!(&evil[col("score")], "70", "numbers stay numbers");
    // No cell anywhere starts a formula.
    for row in &rows {
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r', '\n']), "{cell:?}");
        }
    }
    let scored = ws.scored_csv().unwrap();
    assert!(scored.starts_with("id,score,fit,behavior,status,instant,crossed_at,sla_due,assigned_to,warmth,duplicate_of,returning,"));
    assert!(scored.contains("L2,55,20,35,mql,false,2026-11-17T15:00:00Z,2026-11-18T15:00:00Z,Ivo,hot,L1,false,"), "{scored}");
}

#[test]
fn html_and_markdown_exports_escape_every_field() {
    let mut ws = workspace(routed());
    let html = ws.handoff("html").unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>"));
    assert!(html.contains("@media print"));
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
    let md = ws.handoff("markdown").unwrap();
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    assert!(md.contains("## Ana Silva (L1)"));
}

#[test]
fn json_export_is_versioned() {
    let mut ws = workspace(routed());
    let doc: serde_json::Value = serde_json::from_str(&ws.handoff("json").unwrap()).unwrap();
    assert_eq!(doc["schema"], "leadscore.handoff");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["as_of"], AS_OF);
    assert_eq!(doc["packets"].as_array().unwrap().len(), 5);
    assert_eq!(doc["packets"][0]["lead"]["email"], "ana@acme.com");
    assert_eq!(doc["packets"][0]["sla"]["state"], "met");
    assert!(doc["packets"][0].get("index").is_none());
    assert!(ws.handoff("pdf").unwrap_err().to_string().contains("json, csv, markdown or html"));
}
