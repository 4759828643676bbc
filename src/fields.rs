//! Reading a lead's fields the way rules name them, and testing them. Used
//! by scoring (fit and number rules) and routing (rules to a rep or pool).

use crate::dataset::{normalize_header, CellText, Field, LeadTable, Row};
use crate::model::{FieldOp, FieldTest};

/// Where a rule's field comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    Column(usize),
    /// The parsed `company_size` (a band such as `201-500` reads as 201).
    CompanySize(usize),
    /// The part of the email after `@`.
    EmailDomain(usize),
}

impl Source {
    /// A canonical key (`company_size`), a header as in the file (`Use
    /// Case`), or `email_domain`; `None` when the leads have no such column.
    pub fn resolve(leads: &LeadTable, name: &str) -> Option<Source> {
        if normalize_header(name) == "emaildomain" {
            leads.field_column(Field::Email).map(Source::EmailDomain)
        } else if Field::from_key(name) == Some(Field::CompanySize) {
            leads.field_column(Field::CompanySize).map(Source::CompanySize)
        } else {
            leads.column_for(name).map(Source::Column)
        }
    }

    pub fn text<'a>(&self, leads: &'a LeadTable, lead: usize) -> CellText<'a> {
        self.text_in(leads.row(lead))
    }

    /// The same, from one version of a lead's row (a column added later
    /// reads as empty).
    pub fn text_in<'a>(&self, row: Row<'a>) -> CellText<'a> {
        let col = match self {
            Source::Column(c) | Source::CompanySize(c) | Source::EmailDomain(c) => *c,
        };
        let v = row.get(col);
        match self {
            Source::EmailDomain(_) => v.after_at(),
            _ => v,
        }
    }

    pub fn number(&self, leads: &LeadTable, lead: usize) -> Option<f64> {
        match self {
            Source::CompanySize(_) => leads.leads[lead].company_size.get(),
            _ => parse_number(&self.text(leads, lead)),
        }
    }
}

pub fn tokens(text: &str) -> Vec<String> {
    crate::lowercase::lowercase(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a number the way CRMs write them: `1,200`, `1 200`, `250.0`.
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String = text.trim().chars().filter(|c| !matches!(c, ',' | ' ' | '\u{a0}')).collect();
    if t.is_empty() {
        return None;
    }
    crate::number::parse_finite(&t)
}

/// A field test compiled against one lead table: values lower-cased and
/// tokenised once.
#[derive(Clone, Debug)]
pub struct FieldMatcher {
    pub source: Source,
    op: FieldOp,
    values: Vec<String>,
    tokens: Vec<Vec<String>>,
    min: f64,
    max: f64,
    below: f64,
    /// The answer for each stored string of the column, when the column
    /// has few (industry, country, title): one lookup per lead instead of
    /// a lower-cased comparison.
    by_code: Option<Vec<bool>>,
}

/// Columns with up to this many distinct stored strings get an answer table.
const TABLE_STRINGS: usize = 1 << 16;

impl FieldMatcher {
    /// `None` when the leads have no such column (the test never matches).
    pub fn compile(test: &FieldTest, leads: &LeadTable) -> Option<FieldMatcher> {
        let mut m = FieldMatcher {
            source: Source::resolve(leads, &test.field)?,
            op: test.op,
            values: test.values.iter().map(|v| crate::lowercase::lowercase(v.trim())).collect(),
            tokens: test.values.iter().map(|v| tokens(v)).filter(|v| !v.is_empty()).collect(),
            min: test.min.unwrap_or(f64::NEG_INFINITY),
            max: test.max.unwrap_or(f64::INFINITY),
            below: test.below.unwrap_or(f64::INFINITY),
            by_code: None,
        };
        if let Source::Column(c) | Source::EmailDomain(c) = m.source {
            let cells = &leads.cells[c];
            if cells.strings() <= TABLE_STRINGS.min(leads.leads.len() / 2) {
                let domain = matches!(m.source, Source::EmailDomain(_));
                m.by_code = Some(
                    (0..cells.strings() as u32)
                        .map(|k| {
                            let v = cells.string(k);
                            let v = if domain { v.after_at() } else { v };
                            m.matches_text(v.trim(), || parse_number(&v))
                        })
                        .collect(),
                );
            }
        }
        Some(m)
    }

    pub fn matches(&self, leads: &LeadTable, lead: usize) -> bool {
        if let (Some(t), Source::Column(c) | Source::EmailDomain(c)) = (&self.by_code, self.source) {
            return t[leads.cells[c].code(lead) as usize];
        }
        if let FieldOp::Range = self.op {
            // The number alone: the text is not read (a company size is parsed already).
            return self.matches_text("", || self.source.number(leads, lead));
        }
        self.matches_text(self.source.text(leads, lead).trim(), || self.source.number(leads, lead))
    }

    /// The test on a trimmed cell; `number` reads it as a number.
    fn matches_text(&self, raw: &str, number: impl FnOnce() -> Option<f64>) -> bool {
        match self.op {
            FieldOp::Empty => raw.is_empty(),
            FieldOp::NotEmpty => !raw.is_empty(),
            FieldOp::Range => number().is_some_and(|v| v >= self.min && v <= self.max && v < self.below),
            _ if raw.is_empty() => false,
            // Compared lower-cased char by char: no allocation per lead.
            FieldOp::Equals | FieldOp::OneOf => self.values.iter().any(|v| raw.chars().flat_map(crate::lowercase::lower_char).eq(v.chars())),
            FieldOp::Contains => {
                let v = crate::lowercase::lowercase(raw);
                self.values.iter().any(|w| !w.is_empty() && v.contains(w.as_str()))
            }
            FieldOp::HasToken => {
                let have = tokens(raw);
                self.tokens.iter().any(|w| have.windows(w.len()).any(|win| win == w.as_slice()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-string answer table gives what the comparison itself gives,
    /// for every op, on a column with repeats, odd case and spacing.
    #[test]
    fn answer_tables_equal_the_comparison() {
        let titles = [" VP Marketing", "vp marketing", "Head of Growth", "", "CTO", "Ärztin", "1,200", "250.0", "vice president, sales"];
        let emails = ["a@Acme.com", "b@acme.com", "c@gmail.com", "d@", "nodomain", "e@ACME.COM "];
        let mut csv = String::from("id,title,email\n");
        for i in 0..400 {
            csv += &format!("L{i},\"{}\",{}\n", titles[i * 7 % titles.len()], emails[i * 5 % emails.len()]);
        }
        let mut log = crate::dataset::ActivityLog::default();
        let (leads, _) = crate::import::import_leads(csv.as_bytes(), &[], &mut log).unwrap();
        let test = |field: &str, op: FieldOp, values: &[&str], min: Option<f64>| FieldTest {
            field: field.into(),
            op,
            values: values.iter().map(|v| v.to_string()).collect(),
            min,
            max: None,
            below: None,
        };
        let tests = [
            test("title", FieldOp::Equals, &["vp marketing"], None),
            test("title", FieldOp::OneOf, &["CTO", "ärztin"], None),
            test("title", FieldOp::Contains, &["growth"], None),
            test("title", FieldOp::HasToken, &["vice president"], None),
            test("title", FieldOp::Range, &[], Some(300.0)),
            test("title", FieldOp::Empty, &[], None),
            test("title", FieldOp::NotEmpty, &[], None),
            test("email_domain", FieldOp::Equals, &["acme.com"], None),
            test("email_domain", FieldOp::Empty, &[], None),
        ];
        for t in &tests {
            let m = FieldMatcher::compile(t, &leads).unwrap();
            assert!(m.by_code.is_some(), "{t:?} has a table");
            let hits: Vec<bool> = (0..leads.leads.len()).map(|i| m.matches(&leads, i)).collect();
            let plain: Vec<bool> =
                (0..leads.leads.len()).map(|i| m.matches_text(m.source.text(&leads, i).trim(), || m.source.number(&leads, i))).collect();
            assert_eq!(hits, plain, "{t:?}");
            assert!(hits.iter().any(|&h| h), "{t:?} matches some lead");
        }
    }

    /// A range reads the number alone; it gives what the comparison on the
    /// cell gives, for a company size (parsed at import) and for a column
    /// of distinct values (no answer table).
    #[test]
    fn ranges_read_the_number_as_the_comparison_does() {
        let sizes = ["200", "201-500", "", "abc", "1,200", " 40 ", "5000", "10000+"];
        let mut csv = String::from("id,company_size,amount\n");
        for i in 0..300 {
            csv += &format!("L{i},\"{}\",\"{}\"\n", sizes[i % sizes.len()], if i % 7 == 0 { String::new() } else { format!("{}.5", i * 13) });
        }
        let mut log = crate::dataset::ActivityLog::default();
        let (leads, _) = crate::import::import_leads(csv.as_bytes(), &[], &mut log).unwrap();
        for (field, min, max, below) in [("company_size", Some(200.0), Some(5000.0), None), ("company_size", None, None, Some(50.0)), ("amount", Some(400.0), Some(3000.0), None)] {
            let t = FieldTest { field: field.into(), op: FieldOp::Range, values: Vec::new(), min, max, below };
            let m = FieldMatcher::compile(&t, &leads).unwrap();
            assert!(m.by_code.is_none(), "{field}: no table");
            let hits: Vec<bool> = (0..leads.leads.len()).map(|i| m.matches(&leads, i)).collect();
            let plain: Vec<bool> =
                (0..leads.leads.len()).map(|i| m.matches_text(m.source.text(&leads, i).trim(), || m.source.number(&leads, i))).collect();
            assert_eq!(hits, plain, "{field}");
            assert!(hits.iter().any(|&h| h) && hits.iter().any(|&h| !h), "{field} matches some leads only: {:?} {:?}", m.source, (0..8).map(|i| m.source.number(&leads, i)).collect::<Vec<_>>());
        }
    }
}
