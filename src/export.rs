//! Exports generated from the engine: the scored-leads CSV.

use crate::dataset::Dataset;
use crate::scoring::LeadResult;
use crate::time::format_time;

/// Appends one CSV record the way the csv crate's writer does by default:
/// a field is quoted (quotes doubled) only when it holds `,`, `"`, CR or
/// LF, and a record whose text is empty is written `""`. The crate's writer
/// costs the wasm about 18 KB more (its quoting styles parse floats).
pub fn csv_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>, terminator: &str) {
    let start = out.len();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    if out.len() == start {
        out.push_str("\"\"");
    }
    out.push_str(terminator);
}

/// Makes a cell safe to open in a spreadsheet: a cell that begins with
/// `=`, `+`, `-`, `@`, tab, CR or LF gets a leading `'` so it is read as
/// text, never as a formula. Plain numbers (`-30`, `12.5`) stay numbers.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
    if risky && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Every lead with `id,score,fit,behavior,status,instant,crossed_at`, the
/// handoff columns `sla_due,assigned_to,warmth,duplicate_of,returning`
/// (filled for MQLs), `outcome,next_step` (the sales decision in force and
/// what it does next), then the lead's own columns, in lead order.
/// `next_steps[i]`: lead i's (outcome, next step), when sales decided.
pub fn scored_csv(
    data: &Dataset,
    results: &[LeadResult],
    packets: &[crate::handoff::Packet],
    next_steps: &[Option<(String, String)>],
) -> String {
    let mut by_lead: Vec<Option<&crate::handoff::Packet>> = vec![None; results.len()];
    for p in packets {
        by_lead[p.index] = Some(p);
    }
    let mut w = String::new();
    let mut header: Vec<&str> = vec![
        "id", "score", "fit", "behavior", "status", "instant", "crossed_at", "sla_due", "assigned_to", "warmth",
        "duplicate_of", "returning", "outcome", "next_step",
    ];
    header.extend(data.leads.columns.iter().map(|c| c.header.as_str()));
    csv_record(&mut w, header.iter().map(|h| neutralise(h)).collect::<Vec<_>>().iter().map(|c| &**c), "\r\n");
    for (i, (r, p)) in results.iter().take(data.leads.leads.len()).zip(by_lead).enumerate() {
        let next = next_steps.get(i).and_then(Option::as_ref);
        let mut row: Vec<String> = vec![
            data.leads.id(i).to_string(),
            r.score.to_string(),
            r.fit.to_string(),
            r.behavior.to_string(),
            r.status.as_str().to_string(),
            r.instant.to_string(),
            r.crossed_at.map(format_time).unwrap_or_default(),
            p.map(|p| p.sla.due.clone()).unwrap_or_default(),
            p.and_then(|p| p.assigned_to.clone()).unwrap_or_default(),
            p.map(|p| p.context.warmth.as_str().to_string()).unwrap_or_default(),
            p.and_then(|p| p.duplicate_of.as_ref().map(|d| d.id.clone())).unwrap_or_default(),
            p.map(|p| p.returning.is_some().to_string()).unwrap_or_default(),
            next.map(|n| n.0.clone()).unwrap_or_default(),
            next.map(|n| n.1.clone()).unwrap_or_default(),
        ];
        row.extend(data.leads.row(i).iter().map(|v| v.to_string()));
        csv_record(&mut w, row.iter().map(|c| neutralise(c)).collect::<Vec<_>>().iter().map(|c| &**c), "\r\n");
    }
    w
}

#[cfg(test)]
mod csv_tests {
    use super::csv_record;

    /// The same bytes as the csv crate's writer (the reference it replaces).
    #[test]
    fn records_match_the_csv_crate() {
        let rows: Vec<Vec<&str>> = vec![
            vec!["id", "name", "note"],
            vec!["1", "Ana, Inc", "say \"hi\""],
            vec!["", "", ""],
            vec![""],
            vec!["line\nbreak", "cr\rhere", " spaced ", "tab\there", "'=1+2", "é ünïcode"],
            vec!["\"", ",", "\r\n"],
        ];
        for term in ["\r\n", "\n"] {
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .terminator(if term == "\n" { csv::Terminator::Any(b'\n') } else { csv::Terminator::CRLF })
                .from_writer(Vec::new());
            let mut ours = String::new();
            for r in &rows {
                w.write_record(r).unwrap();
                csv_record(&mut ours, r.iter().copied(), term);
            }
            assert_eq!(ours, String::from_utf8(w.into_inner().unwrap()).unwrap());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_cells_become_text_and_numbers_stay() {
        for hostile in ["=HYPERLINK(\"http://x\")", "+1 555 0100", "@SUM(A1)", "\tcmd", "-2+3", "\r=1", "\n=1", "-"] {
            assert_eq!(neutralise(hostile), format!("'{hostile}"));
        }
        for safe in ["-30", "12.5", "-0.75", "Acme", "", "50"] {
            assert_eq!(neutralise(safe), safe);
        }
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub mod handoff {
    //! Handoff packets as JSON, CSV, Markdown and printable HTML.
    use super::{csv_record, escape_html, neutralise};
    use crate::handoff::{adherence, Adherence, Consumed, Packet, SCHEMA, SCHEMA_VERSION};

    #[cfg_attr(test, derive(serde::Serialize))]
    struct Document<'a> {
        schema: &'static str,
        version: u32,
        as_of: &'a str,
        threshold: i32,
        sla_adherence: Vec<Adherence>,
        packets: &'a [Packet],
    }
    crate::json_object!(Document<'_> { schema, version, as_of, threshold, sla_adherence, packets });

    /// The versioned JSON document (schema `leadscore.handoff`, version 1).
    pub fn json(packets: &[Packet], as_of: &str, threshold: i32) -> String {
        let doc = Document { schema: SCHEMA, version: SCHEMA_VERSION, as_of, threshold, sla_adherence: adherence(packets), packets };
        crate::json::to_string(&doc)
    }

    fn list(items: &[Consumed]) -> String {
        items.iter().map(|c| format!("{} x{}", c.detail, c.count)).collect::<Vec<_>>().join("; ")
    }

    /// Hours to one decimal, halves rounded away from zero. Integer
    /// arithmetic: float formatting would cost the wasm 14 KB.
    pub(crate) fn hours(seconds: i64) -> String {
        let tenths = (seconds.abs() * 10 + 1800) / 3600;
        let sign = if seconds < 0 && tenths > 0 { "-" } else { "" };
        format!("{sign}{}.{}", tenths / 10, tenths % 10)
    }

    /// One row per packet; every cell made safe for spreadsheets.
    pub fn csv(packets: &[Packet]) -> String {
        let mut w = String::new();
        let header = [
            "id", "name", "title", "company", "email", "phone", "score", "fit", "behavior", "threshold", "crossed_at",
            "context", "warmth", "warmth_reason", "sla_due", "sla_state", "sla_hours", "first_contact_at", "assigned_to",
            "routed_via", "duplicate_of", "duplicate_reason", "returning", "path_to_mql", "pages", "content",
            "emails_opened", "emails_clicked", "forms", "form_answers", "approach",
        ];
        csv_record(&mut w, header, "\r\n");
        for p in packets {
            // Borrowed where the packet has the text: a clone per cell costs code.
            let numbers = [p.score, p.fit, p.behavior, p.threshold].map(|n| n.to_string());
            let none = String::new();
            let (dup, ret) = (p.duplicate_of.as_ref(), p.returning.as_ref());
            let path = p.path_to_mql.iter().map(|s| format!("{} {} {:+}", &s.time[..10], s.label, s.points)).collect::<Vec<_>>().join("; ");
            let lists = [&p.consumed.pages, &p.consumed.content, &p.consumed.emails_opened, &p.consumed.emails_clicked, &p.consumed.forms]
                .map(|items| list(items));
            let answers = p.form_answers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("; ");
            let hours = hours(p.sla.by_seconds);
            let row: [&str; 31] = [
                &p.lead.id,
                &p.lead.name,
                &p.lead.title,
                &p.lead.company,
                &p.lead.email,
                &p.lead.phone,
                &numbers[0],
                &numbers[1],
                &numbers[2],
                &numbers[3],
                &p.crossed_at,
                p.context.kind,
                p.context.warmth.as_str(),
                &p.context.warmth_reason,
                &p.sla.due,
                p.sla.state,
                &hours,
                p.sla.first_contact_at.as_ref().unwrap_or(&none),
                p.assigned_to.as_ref().unwrap_or(&none),
                &p.routed_via,
                dup.map_or(&none, |d| &d.id),
                dup.map_or(&none, |d| &d.reason),
                ret.map_or(&none, |r| &r.history),
                &path,
                &lists[0],
                &lists[1],
                &lists[2],
                &lists[3],
                &lists[4],
                &answers,
                &p.approach,
            ];
            csv_record(&mut w, row.iter().map(|c| neutralise(c)).collect::<Vec<_>>().iter().map(|c| &**c), "\r\n");
        }
        w
    }

    /// Markdown text is escaped so lead data cannot become links or markup.
    fn md(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!') {
                out.push('\\');
            }
            out.push(if c == '\n' || c == '\r' { ' ' } else { c });
        }
        out
    }

    pub fn markdown(packets: &[Packet], as_of: &str) -> String {
        let mut s = format!("# MQL handoff\n\n{} MQLs as of {as_of}.\n", packets.len());
        for p in packets {
            let l = &p.lead;
            w!(s, "\n## {} ({})\n\n", md(&l.name), md(&l.id));
            w!(s, "{}, {} · {} · {}\n\n", md(&l.title), md(&l.company), md(&l.email), md(&l.phone));
            w!(s,
                "- **Score** {} (fit {}, engagement {}; threshold {}), crossed {}\n",
                p.score, p.fit, p.behavior, p.threshold, p.crossed_at
            );
            w!(s, "- **Context** {}, {}: {}\n", p.context.kind.replace('_', "-"), p.context.warmth.as_str(), md(&p.context.warmth_reason));
            w!(s, "- **SLA** due {} ({}), {}\n", p.sla.due, p.sla.rule.replace('_', " "), p.sla.state);
            w!(s, "- **Assigned to** {} ({})\n", md(p.assigned_to.as_deref().unwrap_or("nobody yet")), md(&p.routed_via));
            if let Some(d) = &p.duplicate_of {
                w!(s, "- **Duplicate** of {}: {}\n", md(&d.id), md(&d.reason));
            }
            if let Some(r) = &p.returning {
                w!(s, "- **Returning**: {}\n", md(&r.history));
            }
            w!(s, "\n**Recommended approach.** {}\n\n**Path to MQL**\n\n", md(&p.approach));
            for step in &p.path_to_mql {
                w!(s, "1. {} {} {:+} ({})\n", &step.time[..10], md(&step.label), step.points, md(&step.events.join(", ")));
            }
            for (title, items) in [
                ("Pages", &p.consumed.pages),
                ("Content", &p.consumed.content),
                ("Emails opened", &p.consumed.emails_opened),
                ("Emails clicked", &p.consumed.emails_clicked),
                ("Forms", &p.consumed.forms),
            ] {
                if !items.is_empty() {
                    w!(s, "\n**{title}**: {}\n", md(&super::handoff::list(items)));
                }
            }
            if !p.form_answers.is_empty() {
                s += "\n**Form answers**\n\n";
                for (k, v) in &p.form_answers {
                    w!(s, "- {}: {}\n", md(k), md(v));
                }
            }
        }
        s
    }

    /// One printable HTML file; every field escaped.
    pub fn html(packets: &[Packet], as_of: &str) -> String {
        let e = escape_html;
        let mut s = String::from(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>MQL handoff</title>\n<style>\n\
             body{font:14px/1.45 system-ui,sans-serif;color:#1b2330;max-width:56rem;margin:2rem auto;padding:0 1rem}\n\
             article{border:1px solid #d5dbe3;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}\n\
             h1{font-size:1.5rem}h2{font-size:1.2rem;margin:0}.meta{color:#56627a}\n\
             dl{display:grid;grid-template-columns:10rem 1fr;gap:.25rem .75rem}dt{color:#56627a}dd{margin:0}\n\
             .flag{display:inline-block;background:#fff2d6;border-radius:4px;padding:0 .4rem}\n\
             @media print{body{margin:0;max-width:none}article{break-inside:avoid;border-color:#999}}\n\
             </style></head><body>\n",
        );
        w!(s, "<h1>MQL handoff</h1><p class=\"meta\">{} MQLs as of {}</p>\n", packets.len(), e(as_of));
        for p in packets {
            let l = &p.lead;
            w!(s,
                "<article><h2>{}</h2><p class=\"meta\">{} · {} · {} · {} · id {}</p>\n<dl>\n",
                e(&l.name),
                e(&l.title),
                e(&l.company),
                e(&l.email),
                e(&l.phone),
                e(&l.id)
            );
            let mut row = |k: &str, v: String| w!(s, "<dt>{}</dt><dd>{v}</dd>\n", e(k));
            row("Score", format!("{} (fit {}, engagement {}; threshold {})", p.score, p.fit, p.behavior, p.threshold));
            row("Crossed", e(&p.crossed_at));
            row("Context", format!("{}, {}: {}", e(p.context.kind), e(p.context.warmth.as_str()), e(&p.context.warmth_reason)));
            row("SLA", format!("due {} ({}), {}", e(&p.sla.due), e(p.sla.rule), e(p.sla.state)));
            row("Assigned to", format!("{} ({})", e(p.assigned_to.as_deref().unwrap_or("nobody yet")), e(&p.routed_via)));
            if let Some(d) = &p.duplicate_of {
                row("Duplicate", format!("<span class=\"flag\">of {}</span> {}", e(&d.id), e(&d.reason)));
            }
            if let Some(r) = &p.returning {
                row("Returning", format!("<span class=\"flag\">returning</span> {}", e(&r.history)));
            }
            row("Approach", e(&p.approach));
            let path: Vec<String> = p
                .path_to_mql
                .iter()
                .map(|st| format!("<li>{} {} {:+} <span class=\"meta\">{}</span></li>", e(&st.time[..10]), e(&st.label), st.points, e(&st.events.join(", "))))
                .collect();
            row("Path to MQL", format!("<ol>{}</ol>", path.join("")));
            for (title, items) in [("Pages", &p.consumed.pages), ("Content", &p.consumed.content), ("Emails opened", &p.consumed.emails_opened), ("Emails clicked", &p.consumed.emails_clicked), ("Forms", &p.consumed.forms)] {
                if !items.is_empty() {
                    row(title, e(&list(items)));
                }
            }
            for (k, v) in &p.form_answers {
                row(k, e(v));
            }
            s += "</dl></article>\n";
        }
        s += "</body></html>\n";
        s
    }
}

#[cfg(test)]
mod hours_tests {
    #[test]
    fn hours_round_to_tenths() {
        let h = super::handoff::hours;
        assert_eq!(h(0), "0.0");
        assert_eq!(h(3600), "1.0");
        assert_eq!(h(5400), "1.5");
        assert_eq!(h(179), "0.0");
        assert_eq!(h(180), "0.1", "a half rounds up");
        assert_eq!(h(86_399), "24.0");
        assert_eq!(h(-5400), "-1.5");
        assert_eq!(h(-100), "0.0");
        for s in (0..200_000).step_by(7) {
            let float = format!("{:.1}", s as f64 / 3600.0);
            if (s * 10) % 3600 != 1800 {
                assert_eq!(h(s), float, "{s} s");
            }
        }
    }
}
