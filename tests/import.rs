//! Integration tests of the importer through the public API.

use leadscore::dataset::*;
use leadscore::import::*;
use leadscore::parse_time;

fn leads_with(input: &[u8], mapping: &[(String, Option<String>)]) -> (LeadTable, ImportReport, ActivityLog) {
    let mut log = ActivityLog::default();
    let (table, report) = import_leads(input, mapping, &mut log).unwrap();
    assert_eq!(report.read, report.kept + report.rejected, "{report:?}");
    assert_eq!(report.kept, table.leads.len());
    (table, report, log)
}

fn leads(input: &str) -> (LeadTable, ImportReport, ActivityLog) {
    leads_with(input.as_bytes(), &[])
}

fn activities(input: &str) -> (ImportReport, ActivityLog) {
    let mut log = ActivityLog::default();
    let report = import_activities(input.as_bytes(), &[], &mut log).unwrap();
    assert_eq!(report.read, report.kept + report.rejected, "{report:?}");
    assert_eq!(report.kept, log.from_files().len());
    (report, log)
}

fn lead_err(input: &[u8], mapping: &[(String, Option<String>)]) -> String {
    let mut log = ActivityLog::default();
    import_leads(input, mapping, &mut log).unwrap_err().0
}

fn cells(t: &LeadTable, i: usize) -> Vec<String> {
    t.row(i).iter().map(|c| c.to_string()).collect()
}

fn messages(r: &ImportReport) -> Vec<&str> {
    r.errors.iter().map(|e| e.message.as_str()).collect()
}

fn errors(r: &ImportReport) -> Vec<(u32, Option<&str>, &str)> {
    r.errors
        .iter()
        .map(|e| (e.line, e.column.as_deref(), e.message.as_str()))
        .collect()
}

fn mapped(r: &ImportReport) -> Vec<(&str, Option<&str>, &str)> {
    r.columns
        .iter()
        .map(|c| (c.header.as_str(), c.field.as_deref(), c.source))
        .collect()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for u in std::iter::once(0xFEFF).chain(text.encode_utf16()) {
        out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

fn map(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    pairs
        .iter()
        .map(|(h, f)| (h.to_string(), f.map(String::from)))
        .collect()
}

// ------------------------------------------------------------ CSV dialects

#[test]
fn every_delimiter_is_detected() {
    for (d, name) in [(',', ","), (';', ";"), ('\t', "\t"), ('|', "|")] {
        let text = format!("id{d}email{d}company\nL1{d}a@x.io{d}Acme, Inc.\nL2{d}b@x.io{d}Globex\n")
            .replace("Acme, Inc.", if d == ',' { "\"Acme, Inc.\"" } else { "Acme, Inc." });
        let (t, r, _) = leads(&text);
        assert_eq!(r.delimiter.as_deref(), Some(name));
        assert_eq!((r.format, r.read, r.kept), ("csv", 2, 2));
        assert_eq!(cells(&t, 0), vec!["L1", "a@x.io", "Acme, Inc."]);
        assert_eq!(cells(&t, 1), vec!["L2", "b@x.io", "Globex"]);
    }
}

#[test]
fn delimiter_inside_quoted_header_does_not_count() {
    let (t, r, _) = leads("\"id,x\";\"a,b,c,d\";email\n1;n;a@x.io\n");
    assert_eq!(r.delimiter.as_deref(), Some(";"));
    assert_eq!(
        t.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>(),
        vec!["id,x", "a,b,c,d", "email"]
    );
    assert_eq!(cells(&t, 0), vec!["1", "n", "a@x.io"]);
}

#[test]
fn quoted_fields_with_commas_newlines_and_quotes() {
    let text = "id,note,email\n\
                L1,\"one, two\",a@x.io\n\
                L2,\"line one\nline two\nline three\",b@x.io\n\
                L3,\"she said \"\"hi\"\"\",c@x.io\n\
                L4,bad\n";
    let (t, r, _) = leads(text);
    assert_eq!(cells(&t, 0), vec!["L1", "one, two", "a@x.io"]);
    assert_eq!(cells(&t, 1), vec!["L2", "line one\nline two\nline three", "b@x.io"]);
    assert_eq!(cells(&t, 2), vec!["L3", "she said \"hi\"", "c@x.io"]);
    let lines: Vec<u32> = t.leads.iter().map(|l| l.line).collect();
    assert_eq!(lines, vec![2, 3, 6]);
    // The multi-line record shifts later line numbers by two.
    assert_eq!(errors(&r), vec![(7, None, "line 7: 2 fields, the header has 3")]);
}

#[test]
fn utf8_bom_is_removed_before_the_first_header() {
    let (t, r, _) = leads_with(b"\xEF\xBB\xBFid,email\nL1,a@x.io\n", &[]);
    assert_eq!(r.encoding, "utf-8-bom");
    assert_eq!(r.columns[0].header, "id");
    assert_eq!(r.columns[0].field.as_deref(), Some("id"));
    assert_eq!(t.id(0), "L1");
}

#[test]
fn crlf_line_endings() {
    let text = "id,email,title\r\n\r\nL1,a@x.io,CEO\r\nL2,b@x.io\r\n\r\nL3,c@x.io,\"VP\r\nSales\"\r\nL4,d@x.io,CTO\r\n";
    let (t, r, _) = leads(text);
    assert_eq!(r.encoding, "utf-8");
    assert_eq!(cells(&t, 0), vec!["L1", "a@x.io", "CEO"]);
    assert_eq!(cells(&t, 1), vec!["L3", "c@x.io", "VP\r\nSales"]);
    assert_eq!(cells(&t, 2), vec!["L4", "d@x.io", "CTO"]);
    assert_eq!(t.leads.iter().map(|l| l.line).collect::<Vec<_>>(), vec![3, 6, 8]);
    assert_eq!(messages(&r), vec!["line 4: 2 fields, the header has 3"]);
}

#[test]
fn utf16_le_and_be_with_bom() {
    let text = "id;name;email\r\nL1;Zoë Ångström;zoe@x.io\r\nL2;李雷;li@x.io\r\n";
    for (be, enc) in [(false, "utf-16le"), (true, "utf-16be")] {
        let (t, r, _) = leads_with(&utf16(text, be), &[]);
        assert_eq!(r.encoding, enc);
        assert_eq!(r.delimiter.as_deref(), Some(";"));
        assert_eq!(cells(&t, 0), vec!["L1", "Zoë Ångström", "zoe@x.io"]);
        assert_eq!(cells(&t, 1), vec!["L2", "李雷", "li@x.io"]);
        assert_eq!(t.leads[1].line, 3);
    }
}

#[test]
fn utf16_without_bom_is_recognised() {
    let text = "id,email\nL1,a@x.io\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let (t, r, _) = leads_with(&bytes, &[]);
    assert_eq!(r.encoding, "utf-16le");
    assert_eq!(t.id(0), "L1");
}

// ------------------------------------------------------------ JSON

#[test]
fn json_array_with_nested_activities_and_lines() {
    let text = r#"[
  {
    "id": "L1",
    "email": "ann@x.io",
    "company_size": 250,
    "converted": true,
    "activities": [
      {"timestamp": "2026-03-01T09:00:00Z", "type": "Page View", "detail": "/pricing"},
      {"timestamp": "2026-03-02", "type": "demo_request", "detail": "Demo form"}
    ]
  },
  {"id": "L2", "tags": ["a", "b"], "score": null, "activities": [
    {"timestamp": "2026-02-30", "type": "visit"},
    {"timestamp": "2026-03-04", "event": "Email Open", "subject": "Spring offer"}
  ]},
  {"email": "", "id": null}
]"#;
    let mut log = ActivityLog::default();
    let (t, r) = import_leads(text.as_bytes(), &[], &mut log).unwrap();
    assert_eq!((r.format, r.delimiter.as_deref()), ("json", None));
    assert_eq!((r.read, r.kept, r.rejected, r.nested_activities), (3, 2, 1, 3));
    assert_eq!(
        mapped(&r),
        vec![
            ("id", Some("id"), "canonical"),
            ("email", Some("email"), "canonical"),
            ("company_size", Some("company_size"), "canonical"),
            ("converted", Some("converted"), "canonical"),
            ("tags", None, "custom"),
            ("score", None, "custom"),
        ]
    );
    assert_eq!(t.leads.iter().map(|l| l.line).collect::<Vec<_>>(), vec![2, 12]);
    assert_eq!(cells(&t, 0), vec!["L1", "ann@x.io", "250", "true", "", ""]);
    assert_eq!(cells(&t, 1), vec!["L2", "", "", "", "[\"a\",\"b\"]", ""]);
    assert_eq!(t.leads[0].company_size.get(), Some(250.0));
    assert_eq!(
        errors(&r),
        vec![
            (
                13,
                Some("timestamp"),
                "line 13, column \"timestamp\": \"2026-02-30\" is not a date"
            ),
            (16, None, "line 16: no id and no email"),
        ]
    );
    let nested: Vec<(&str, &str, &str, u32)> = log
        .nested()
        .iter()
        .map(|a| {
            (
                log.keys.resolve(a.key),
                log.kinds.resolve(a.kind),
                log.details.resolve(a.detail),
                a.line,
            )
        })
        .collect();
    assert_eq!(
        nested,
        vec![
            ("L1", "page_view", "/pricing", 8),
            ("L1", "demo_request", "Demo form", 9),
            ("L2", "email_open", "Spring offer", 14),
        ]
    );
    assert_eq!(log.nested()[0].time, parse_time("2026-03-01T09:00:00Z").unwrap());
    assert!(log.from_files().is_empty());
}

#[test]
fn reimporting_leads_replaces_nested_activities() {
    let mut log = ActivityLog::default();
    let one = br#"[{"id": "A", "activities": [{"timestamp": "2026-01-01", "type": "visit"}]}]"#;
    import_leads(one, &[], &mut log).unwrap();
    import_leads(one, &[], &mut log).unwrap();
    assert_eq!(log.nested().len(), 1);
    import_leads(b"id\nB\n", &[], &mut log).unwrap();
    assert!(log.nested().is_empty());
}

#[test]
fn ndjson_leads_and_activities() {
    let text = "{\"Record ID\": \"L1\", \"Email\": \"a@x.io\"}\n\
                \n\
                {\"Record ID\": 2, \"Email\": \"b@x.io\", \"Lifecycle\": \"lead\"}\r\n\
                {\"Record ID\": \"L3\", \n\
                {\"Email\": \"c@x.io\"}\n";
    let (t, r, _) = leads(text);
    assert_eq!(r.format, "ndjson");
    assert_eq!((r.read, r.kept, r.rejected), (4, 3, 1));
    assert_eq!(
        mapped(&r),
        vec![
            ("Record ID", Some("id"), "alias"),
            ("Email", Some("email"), "canonical"),
            ("Lifecycle", None, "custom"),
        ]
    );
    assert_eq!(
        t.leads.iter().enumerate().map(|(i, l)| (t.id(i), l.line)).collect::<Vec<_>>(),
        vec![("L1", 1), ("2", 3), ("c@x.io", 5)]
    );
    assert_eq!(r.errors[0].line, 4);
    assert!(
        r.errors[0].message.starts_with("line 4: not valid JSON"),
        "{}",
        r.errors[0].message
    );

    let (r, log) = activities(
        "{\"lead_id\": \"L1\", \"timestamp\": \"2026-03-01\", \"type\": \"Visit\"}\n\
         {\"lead_id\": \"L1\", \"timestamp\": \"2026-03-02\", \"type\": \"Content Download\", \"detail\": \"ebook.pdf\"}\n",
    );
    assert_eq!((r.format, r.kept), ("ndjson", 2));
    assert_eq!(log.kinds.resolve(log.from_files()[1].kind), "content_download");
    assert_eq!(log.details.resolve(log.from_files()[1].detail), "ebook.pdf");
    assert_eq!(log.from_files()[1].line, 2);
}

#[test]
fn json_records_that_are_not_objects_are_rejected() {
    let (_, r, _) = leads("[{\"id\": \"A\"},\n \"B\",\n [1]]");
    assert_eq!((r.read, r.kept, r.rejected), (3, 1, 2));
    assert_eq!(
        messages(&r),
        vec![
            "line 2: expected a JSON object, found a string",
            "line 3: expected a JSON object, found an array"
        ]
    );
}

// ------------------------------------------------------------ mapping

#[test]
fn hubspot_headers_are_auto_mapped() {
    let text = "Record ID,First Name,Last Name,Email,Phone Number,Job Title,Company Name,Number of Employees,Industry,Country/Region,Create Date,Lifecycle Stage,Number of Pageviews\n\
                101,Ann,Lee,ann@acme.io,+1 555,VP Marketing,Acme,\"1,200\",Software,United States,2026-02-01 10:15,lead,12\n";
    let (t, r, _) = leads(text);
    assert_eq!(
        mapped(&r),
        vec![
            ("Record ID", Some("id"), "alias"),
            ("First Name", Some("first_name"), "canonical"),
            ("Last Name", Some("last_name"), "canonical"),
            ("Email", Some("email"), "canonical"),
            ("Phone Number", Some("phone"), "alias"),
            ("Job Title", Some("title"), "alias"),
            ("Company Name", Some("company"), "alias"),
            ("Number of Employees", Some("company_size"), "alias"),
            ("Industry", Some("industry"), "canonical"),
            ("Country/Region", Some("country"), "alias"),
            ("Create Date", Some("created_at"), "alias"),
            ("Lifecycle Stage", None, "custom"),
            ("Number of Pageviews", None, "custom"),
        ]
    );
    let l = &t.leads[0];
    assert_eq!((t.id(0), l.company_size.get()), ("101", Some(1200.0)));
    assert_eq!(l.created_at.get(), Some(parse_time("2026-02-01T10:15:00Z").unwrap()));
    assert_eq!(t.value(0, Field::Title), "VP Marketing");
    assert_eq!(t.display_name(0), "Ann Lee");
    assert_eq!(t.column_for("Number of Pageviews").map(|c| t.cell(0, c).to_string()).as_deref(), Some("12"));
}

#[test]
fn salesforce_headers_are_auto_mapped() {
    let text = "Lead ID,FirstName,LastName,Title,Company,Email,MobilePhone,NumberOfEmployees,Industry,Country,CreatedDate,IsConverted,Lead Source\n\
                00Q1,Bo,Ek,CTO,Initech,BO@initech.com,555,201-500,Finance,Sweden,2026-01-15T08:00:00Z,false,Web\n";
    let (t, r, _) = leads(text);
    assert_eq!(
        mapped(&r),
        vec![
            ("Lead ID", Some("id"), "alias"),
            ("FirstName", Some("first_name"), "canonical"),
            ("LastName", Some("last_name"), "canonical"),
            ("Title", Some("title"), "canonical"),
            ("Company", Some("company"), "canonical"),
            ("Email", Some("email"), "canonical"),
            ("MobilePhone", Some("phone"), "alias"),
            ("NumberOfEmployees", Some("company_size"), "alias"),
            ("Industry", Some("industry"), "canonical"),
            ("Country", Some("country"), "canonical"),
            ("CreatedDate", Some("created_at"), "alias"),
            ("IsConverted", Some("converted"), "alias"),
            ("Lead Source", None, "custom"),
        ]
    );
    let l = &t.leads[0];
    assert_eq!((l.company_size.get(), l.converted), (Some(201.0), Some(false)));
    assert_eq!(t.find("00Q1"), Some(0));
    assert_eq!(t.find("bo@initech.com"), Some(0));
}

#[test]
fn pipedrive_zoho_and_marketo_headers() {
    let (_, r, _) = leads("Person - Name,Person - Email,Organization - Name,Designation,No. of Employees,Created Time\nA,a@x.io,Acme,CEO,50,2026-01-01\n");
    let fields: Vec<Option<&str>> = r.columns.iter().map(|c| c.field.as_deref()).collect();
    assert_eq!(
        fields,
        vec![
            Some("name"),
            Some("email"),
            Some("company"),
            Some("title"),
            Some("company_size"),
            Some("created_at")
        ]
    );
    let (r, log) = activities(
        "Lead ID,Activity Date,Activity Type,Primary Attribute Value\n7,2026-01-01,Fill Out Form,Contact Us\n",
    );
    assert_eq!(r.kept, 1);
    assert_eq!(log.kinds.resolve(log.from_files()[0].kind), "fill_out_form");
    assert_eq!(log.details.resolve(log.from_files()[0].detail), "Contact Us");
}

#[test]
fn first_column_claiming_a_field_wins() {
    let (t, r, _) = leads("Email Address,Work Email,Company,Account Name\na@x.io,b@x.io,Acme,Acme Corp\n");
    assert_eq!(
        mapped(&r),
        vec![
            ("Email Address", Some("email"), "alias"),
            ("Work Email", None, "custom"),
            ("Company", Some("company"), "canonical"),
            ("Account Name", None, "custom"),
        ]
    );
    assert_eq!(t.id(0), "a@x.io");
    assert_eq!(cells(&t, 0), vec!["a@x.io", "b@x.io", "Acme", "Acme Corp"]);
}

#[test]
fn mapping_override_to_a_field_and_to_custom() {
    let text = "Ref,Mail,Company,Size\nR1,a@x.io,Acme,lots\n";
    let m = map(&[
        ("ref", Some("id")),
        ("MAIL", Some("email")),
        ("Company", None),
        ("size", None),
    ]);
    let (t, r, _) = leads_with(text.as_bytes(), &m);
    assert_eq!(
        mapped(&r),
        vec![
            ("Ref", Some("id"), "override"),
            ("Mail", Some("email"), "override"),
            ("Company", None, "override"),
            ("Size", None, "override"),
        ]
    );
    assert_eq!(r.kept, 1, "a custom Size column is not parsed as a number");
    assert_eq!(t.id(0), "R1");
    assert_eq!(t.field_column(Field::Company), None);
    assert_eq!(
        t.columns[2],
        Column {
            header: "Company".into(),
            field: None
        }
    );
    assert_eq!(t.leads[0].company_size.get(), None);

    // An override takes a field from the column that would have had it.
    let (t, r, _) = leads_with(b"id,email,alt\n1,a@x.io,b@x.io\n", &map(&[("alt", Some("Email"))]));
    assert_eq!(r.columns[1].field, None);
    assert_eq!(t.value(0, Field::Email), "b@x.io");

    // Activity overrides.
    let mut log = ActivityLog::default();
    let m = map(&[
        ("who", Some("lead_id")),
        ("when", Some("timestamp")),
        ("what", Some("type")),
        ("Page", None),
    ]);
    let r = import_activities(b"who,when,what,Page\nL1,2026-01-01,Visit,/a\n", &m, &mut log).unwrap();
    assert_eq!(r.kept, 1);
    assert_eq!(r.columns[3].field, None);
    assert_eq!(log.details.resolve(log.from_files()[0].detail), "");
}

#[test]
fn bad_overrides_are_errors() {
    let e = lead_err(b"id,email\n1,a@x.io\n", &map(&[("email", Some("mail"))]));
    assert!(
        e.starts_with("the column mapping sends \"email\" to \"mail\", which is not a lead field; valid fields: id, "),
        "{e}"
    );
    for key in Field::ALL.iter().map(|f| f.key()) {
        assert!(e.contains(key), "{e} lists {key}");
    }
    let e = lead_err(b"id,email\n1,a@x.io\n", &map(&[("Phone", Some("phone"))]));
    assert_eq!(
        e,
        "the column mapping names \"Phone\", which is not a column of this file; columns found: \"id\", \"email\""
    );
    let mut log = ActivityLog::default();
    let e = import_activities(b"lead_id,timestamp,type\n", &map(&[("type", Some("kind"))]), &mut log)
        .unwrap_err()
        .0;
    assert!(e.contains("valid fields: lead_id, timestamp, type, detail"), "{e}");
}

// ------------------------------------------------------------ cells

#[test]
fn placeholders_read_as_empty_and_counted() {
    let text = "id,email,title,industry,country\n\
                L1,a@x.io,NULL,N/A,#N/A\n\
                L2,b@x.io,Select,null,  \n\
                N/A,c@x.io,n/a, Select ,USA\n";
    let (t, r, _) = leads(text);
    assert_eq!(cells(&t, 0), vec!["L1", "a@x.io", "", "", ""]);
    assert_eq!(cells(&t, 1), vec!["L2", "b@x.io", "", "", ""]);
    assert_eq!(cells(&t, 2), vec!["", "c@x.io", "", "", "USA"]);
    assert_eq!(t.id(2), "c@x.io", "an N/A id falls back to the email");
    let p: Vec<(&str, usize)> = r.placeholders.iter().map(|p| (p.value.as_str(), p.count)).collect();
    assert_eq!(
        p,
        vec![
            ("NULL", 1),
            ("N/A", 2),
            ("#N/A", 1),
            ("Select", 2),
            ("null", 1),
            ("n/a", 1)
        ]
    );
}

#[test]
fn cells_are_trimmed() {
    let (t, _, _) = leads("id , email\n  L1 ,\" a@x.io \"\n");
    assert_eq!(t.columns[0].header, "id");
    assert_eq!(cells(&t, 0), vec!["L1", "a@x.io"]);
}

// ------------------------------------------------------------ rejections

#[test]
fn every_lead_rejection_with_line_and_column() {
    let text =
        "id,email,company_size,created_at,converted,sales_outcome,rejection_reason,rejected_at,first_contact_at\n\
                L1,a@x.io,10,2026-01-01,yes,accepted,,,\n\
                L2,b@x.io,10\n\
                ,,10,,,,,,\n\
                L4,d@x.io,many,,,,,,\n\
                L5,e@x.io,,2026-13-01,,,,,\n\
                L6,f@x.io,,,maybe,,,,\n\
                L7,g@x.io,,,,won,,,\n\
                L8,h@x.io,,,,rejected,budget,,\n\
                L9,i@x.io,,,,rejected,premature,yesterday,\n\
                L10,j@x.io,,,,,,,soon\n\
                L1,k@x.io,,,,,,,\n\
                L12,l@x.io,\"1 000+\",,No,Accepted,Wrong ICP,,\n";
    let (t, r, _) = leads(text);
    // "won" is a CRM status word with no mapping: the lead is kept, the
    // word reported with its count, and no decision is guessed.
    assert_eq!((r.read, r.kept, r.rejected), (12, 3, 9));
    assert_eq!(r.unmapped_words.iter().map(|w| (w.word.as_str(), w.count)).collect::<Vec<_>>(), vec![("won", 1)]);
    assert!(t.leads[1].decision.is_none());
    assert_eq!(
        errors(&r),
        vec![
            (3, None, "line 3: 3 fields, the header has 9"),
            (4, None, "line 4: no id and no email"),
            (
                5,
                Some("company_size"),
                "line 5, column \"company_size\": \"many\" is not a number of employees (use a whole number such as 250, or a range such as 201-500)"
            ),
            (6, Some("created_at"), "line 6, column \"created_at\": \"2026-13-01\" is not a date"),
            (7, Some("converted"), "line 7, column \"converted\": \"maybe\" is not true/false, 1/0 or yes/no"),
            (
                9,
                Some("rejection_reason"),
                "line 9, column \"rejection_reason\": \"budget\" is not a rejection reason (use wrong_icp, premature, duplicate or unreachable)"
            ),
            (10, Some("rejected_at"), "line 10, column \"rejected_at\": \"yesterday\" is not a date"),
            (11, Some("first_contact_at"), "line 11, column \"first_contact_at\": \"soon\" is not a date"),
            (12, Some("id"), "line 12, column \"id\": duplicate id \"L1\" (first on line 2)"),
        ]
    );
    assert_eq!(
        cells(&t, 2),
        vec!["L12", "l@x.io", "1000", "", "false", "accepted", "wrong_icp", "", ""]
    );
    assert_eq!(r.errors_not_listed, 0);
}

#[test]
fn rejection_names_the_header_as_written() {
    let (_, r, _) = leads("Lead ID,Employees\nA,\"12,34\"\n");
    assert_eq!(r.errors[0].column.as_deref(), Some("Employees"));
    assert!(r.errors[0]
        .message
        .starts_with("line 2, column \"Employees\": \"12,34\" is not a number"));
}

#[test]
fn mixed_file_counts_add_up() {
    let mut text = String::from("id,email,created_at\n");
    let mut bad = 0;
    for i in 0..200 {
        match i % 7 {
            0 => {
                text.push_str(&format!("L{i},x{i}@x.io,not a date\n"));
                bad += 1;
            }
            3 => {
                text.push_str(&format!("L{i}\n"));
                bad += 1;
            }
            5 => text.push('\n'),
            _ => text.push_str(&format!("L{i},x{i}@x.io,2026-01-01\n")),
        }
    }
    let (t, r, _) = leads(&text);
    let blank = (0..200).filter(|i| i % 7 == 5).count();
    assert_eq!(r.read, 200 - blank);
    assert_eq!(r.rejected, bad);
    assert_eq!(r.kept, 200 - blank - bad);
    assert_eq!(r.errors.len(), bad);
    assert_eq!(t.leads.len(), r.kept);
    // Every line number points at the row that produced it.
    for e in &r.errors {
        let line = text.lines().nth(e.line as usize - 1).unwrap();
        assert!(line.starts_with(&format!("L{}", e.line - 2)), "{e:?} -> {line}");
    }
}

#[test]
fn duplicate_ids_keep_the_first() {
    let (t, r, _) = leads("id,email\nL-17,a@x.io\nL-18,b@x.io\nL-17,c@x.io\nL-17,d@x.io\n");
    assert_eq!((0..t.leads.len()).map(|i| t.id(i)).collect::<Vec<_>>(), vec!["L-17", "L-18"]);
    assert_eq!(t.value(0, Field::Email), "a@x.io");
    assert_eq!(
        messages(&r),
        vec![
            "line 4, column \"id\": duplicate id \"L-17\" (first on line 2)",
            "line 5, column \"id\": duplicate id \"L-17\" (first on line 2)",
        ]
    );
    assert_eq!(t.find("c@x.io"), None);
}

#[test]
fn email_is_the_id_when_there_is_none() {
    let (t, r, _) = leads("email,name\nAnn@X.io,Ann\nann@x.io,Ann again\n");
    assert_eq!(t.id(0), "Ann@X.io");
    assert_eq!(t.find("ann@x.io"), Some(0));
    assert_eq!(
        messages(&r),
        vec!["line 3, column \"email\": duplicate email \"ann@x.io\" (first on line 2)"]
    );
}

#[test]
fn activity_rejections_and_type_normalisation() {
    let text = "lead_id,timestamp,type,detail\n\
                L1,2026-03-01T10:00:00Z,Page View,/pricing\n\
                ,2026-03-01,visit,\n\
                L1,,visit,\n\
                L1,2026-03-01,,\n\
                L1,03/01/2026,visit,\n\
                L1,2026-03-01\n\
                L2,2026-03-02, Email-Click ,Spring  \n\
                L3,2026-03-03,FORM_SUBMIT,Contact\n";
    let (r, log) = activities(text);
    assert_eq!((r.kind, r.read, r.kept, r.rejected), ("activities", 8, 3, 5));
    assert_eq!(
        errors(&r),
        vec![
            (3, Some("lead_id"), "line 3, column \"lead_id\": lead id is empty"),
            (4, Some("timestamp"), "line 4, column \"timestamp\": timestamp is empty"),
            (5, Some("type"), "line 5, column \"type\": type is empty"),
            (
                6,
                Some("timestamp"),
                "line 6, column \"timestamp\": \"03/01/2026\" is not a date"
            ),
            (7, None, "line 7: 2 fields, the header has 4"),
        ]
    );
    let kinds: Vec<&str> = log.from_files().iter().map(|a| log.kinds.resolve(a.kind)).collect();
    assert_eq!(kinds, vec!["page_view", "email_click", "form_submit"]);
    let details: Vec<&str> = log.from_files().iter().map(|a| log.details.resolve(a.detail)).collect();
    assert_eq!(details, vec!["/pricing", "Spring", "Contact"]);
    assert_eq!(log.from_files().iter().map(|a| a.line).collect::<Vec<_>>(), vec![2, 8, 9]);
}

#[test]
fn activity_aliases() {
    let (r, log) =
        activities("Contact ID\tEvent Time\tEvent Type\tAsset\nL1\t2026-03-01\tContent Download\tGuide.pdf\n");
    assert_eq!(r.delimiter.as_deref(), Some("\t"));
    assert_eq!(
        mapped(&r),
        vec![
            ("Contact ID", Some("lead_id"), "alias"),
            ("Event Time", Some("timestamp"), "alias"),
            ("Event Type", Some("type"), "alias"),
            ("Asset", Some("detail"), "alias"),
        ]
    );
    assert_eq!(log.kinds.resolve(log.from_files()[0].kind), "content_download");
    let (r, log) = activities("Email|Date|Activity|Page\nAnn@X.io|2026-03-01|Visit|/\n");
    assert_eq!(r.kept, 1);
    assert_eq!(log.keys.resolve(log.from_files()[0].key), "ann@x.io");
}

#[test]
fn the_issue_example_message() {
    let mut text = String::from("lead_id,timestamp,type,detail\n");
    for i in 2..812 {
        text.push_str(&format!("L{i},2026-02-{:02},page_view,/blog\n", i % 28 + 1));
    }
    text.push_str("L812,31/02/2026,page_view,/pricing\n");
    text.push_str("L813,2026-02-28,visit,/\n");
    let (r, log) = activities(&text);
    assert_eq!((r.read, r.kept, r.rejected), (812, 811, 1));
    assert_eq!(r.errors.len(), 1);
    let e = &r.errors[0];
    assert_eq!(
        e.message,
        "line 812, column \"timestamp\": \"31/02/2026\" is not a date"
    );
    assert_eq!((e.line, e.column.as_deref()), (812, Some("timestamp")));
    assert_eq!(log.from_files().last().unwrap().line, 813);
}

// ------------------------------------------------------------ whole-file errors

#[test]
fn whole_file_errors() {
    assert!(lead_err(b"", &[]).starts_with("the file is empty"));
    assert!(lead_err(b"\n \r\n", &[]).starts_with("the file is empty"));
    assert_eq!(
        lead_err(b"id,name\nL1,Jos\xE9\n", &[]),
        "line 2 is not valid UTF-8: save the file as UTF-8 or UTF-16 (in Excel: Save As > CSV UTF-8)"
    );
    let e = lead_err(b"name,company\nAnn,Acme\n", &[]);
    assert!(
        e.starts_with(
            "the lead file needs an id or an email column and has neither; columns found: \"name\", \"company\"."
        ),
        "{e}"
    );
    assert!(e.contains("Email Address"), "{e}");
    let e = lead_err(b"[{\"id\": 1}, ]", &[]);
    assert!(e.starts_with("line 1, column 13: the file is not valid JSON"), "{e}");
    let e = lead_err(b"[1, 2, 3]", &[]);
    assert!(e.starts_with("the file holds no JSON objects"), "{e}");
    let e = lead_err(b"{\"id\": 1\n\"x\": 2\n", &[]);
    assert!(e.starts_with("line 1: not valid JSON"), "{e}");
    let mut log = ActivityLog::default();
    let e = import_activities(b"lead,when\nL1,2026-01-01\n", &[], &mut log)
        .unwrap_err()
        .0;
    assert!(e.contains("missing: timestamp, type."), "{e}");
    assert!(e.contains("Columns found: \"lead\", \"when\""), "{e}");
}

#[test]
fn failed_activity_import_appends_nothing() {
    let mut log = ActivityLog::default();
    import_activities(b"lead_id,timestamp,type\nA,2026-01-01,visit\n", &[], &mut log).unwrap();
    assert!(import_activities(b"x,y\n1,2\n", &[], &mut log).is_err());
    assert_eq!(log.from_files().len(), 1);
}

#[test]
fn same_bytes_same_result() {
    let text = "Record ID;Email;Employees;x\n1;a@x.io;NULL;q\n2;b@x.io;7;r\n2;c@x.io;1;s\n";
    let (t1, r1, _) = leads(text);
    let (t2, r2, _) = leads(text);
    assert_eq!(r1, r2);
    assert_eq!(format!("{:?}", t1.leads), format!("{:?}", t2.leads));
    let mut k1: Vec<_> = t1.key_entries();
    let mut k2: Vec<_> = t2.key_entries();
    k1.sort();
    k2.sort();
    assert_eq!(k1, k2);
}

#[test]
fn report_serializes_for_the_page() {
    let (_, r, _) = leads("id\nNULL\n");
    let json: serde_json::Value = serde_json::from_str(&leadscore::json::to_string(&r)).unwrap();
    assert_eq!(json["kind"], "leads");
    assert_eq!(json["errors"][0]["line"], 2);
    assert_eq!(json["errors"][0]["column"], serde_json::Value::Null);
    assert_eq!(json["placeholders"][0]["value"], "NULL");
    assert_eq!(json["columns"][0]["source"], "canonical");
}

#[test]
fn header_only_and_old_mac_line_ends() {
    let (t, r, _) = leads("id,email\n");
    assert_eq!((r.read, r.kept, r.rejected, t.leads.len()), (0, 0, 0, 0));
    assert_eq!(r.columns.len(), 2);
    let (t, r, _) = leads("id,email\rL1,a@x.io\rL2\r");
    assert_eq!(t.leads[0].line, 2);
    assert_eq!(messages(&r), vec!["line 3: 1 fields, the header has 2"]);
}

#[test]
fn excel_sep_hint_line() {
    let (t, r, _) = leads("sep=|\nid|company\nL1|Acme, Inc; EU\n");
    assert_eq!(r.delimiter.as_deref(), Some("|"));
    assert_eq!(cells(&t, 0), vec!["L1", "Acme, Inc; EU"]);
    assert_eq!(t.leads[0].line, 3);
}

#[cfg(not(target_arch = "wasm32"))]
mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn check(bytes: &[u8]) {
        let mut log = ActivityLog::default();
        if let Ok((t, r)) = import_leads(bytes, &[], &mut log) {
            assert_eq!(r.read, r.kept + r.rejected);
            assert_eq!(t.leads.len(), r.kept);
            // Lead files also list rejected nested activities.
            assert!(r.errors.len() + r.errors_not_listed >= r.rejected);
            assert!((0..t.leads.len()).all(|i| !t.id(i).is_empty()));
            assert_eq!(t.cells.len(), t.columns.len());
            assert!(t.cells.iter().all(|c| c.len() == t.leads.len()));
            assert_eq!(log.nested().len(), r.nested_activities);
        }
        let mut log = ActivityLog::default();
        if let Ok(r) = import_activities(bytes, &[], &mut log) {
            assert_eq!(r.read, r.kept + r.rejected);
            assert_eq!(log.from_files().len(), r.kept);
            assert_eq!(r.errors.len() + r.errors_not_listed, r.rejected);
        }
    }

    proptest! {
        #[test]
        fn csv_like_text(s in "(id|email|lead_id|timestamp|type|x|\"|,|;|\\||\t|\r|\n| |NULL|a@b\\.c|2026-01-0[1-9]|L[0-9]){0,60}") {
            check(s.as_bytes());
        }

        #[test]
        fn json_like_text(s in "(\\[|\\]|\\{|\\}|\"id\"|\"email\"|\"activities\"|\"type\"|\"timestamp\"|:|,|\n|\"2026-01-01\"|\"a\"|1|null| ){0,60}") {
            check(s.as_bytes());
        }

        #[test]
        fn any_bytes(b in proptest::collection::vec(any::<u8>(), 0..200)) {
            check(&b);
        }
    }
}
