//! Exports generated from the engine: the scored-leads CSV.

use crate::dataset::Dataset;
use crate::scoring::LeadResult;
use crate::time::format_time;

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

/// Every lead with `id,score,fit,behavior,status,instant,crossed_at`
/// followed by the lead's own columns, in lead order.
pub fn scored_csv(data: &Dataset, results: &[LeadResult]) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header: Vec<&str> = vec!["id", "score", "fit", "behavior", "status", "instant", "crossed_at"];
    header.extend(data.leads.columns.iter().map(|c| c.header.as_str()));
    let row_err = "writing CSV to memory cannot fail";
    w.write_record(header.iter().map(|h| neutralise(h).into_owned())).expect(row_err);
    for (lead, r) in data.leads.leads.iter().zip(results) {
        let mut row: Vec<String> = vec![
            lead.id.to_string(),
            r.score.to_string(),
            r.fit.to_string(),
            r.behavior.to_string(),
            r.status.as_str().to_string(),
            r.instant.to_string(),
            r.crossed_at.map(format_time).unwrap_or_default(),
        ];
        row.extend(lead.values.iter().map(|v| v.to_string()));
        w.write_record(row.iter().map(|c| neutralise(c).into_owned())).expect(row_err);
    }
    String::from_utf8(w.into_inner().expect(row_err)).expect("the CSV is built from UTF-8 strings")
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
