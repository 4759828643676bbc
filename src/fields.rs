//! Reading a lead's fields the way rules name them, and testing them. Used
//! by scoring (fit and number rules) and routing (rules to a rep or pool).

use crate::dataset::{normalize_header, Field, LeadTable};
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

    pub fn text<'a>(&self, leads: &'a LeadTable, lead: usize) -> &'a str {
        self.text_in(&leads.leads[lead].values)
    }

    /// The same, from one version of a lead's row (a column added later
    /// reads as empty).
    pub fn text_in<'a>(&self, values: &'a [Box<str>]) -> &'a str {
        let col = match self {
            Source::Column(c) | Source::CompanySize(c) | Source::EmailDomain(c) => *c,
        };
        let v: &'a str = values.get(col).map_or("", |v| &**v);
        match self {
            Source::EmailDomain(_) => v.rsplit_once('@').map_or("", |(_, d)| d),
            _ => v,
        }
    }

    pub fn number(&self, leads: &LeadTable, lead: usize) -> Option<f64> {
        match self {
            Source::CompanySize(_) => leads.leads[lead].company_size,
            _ => parse_number(self.text(leads, lead)),
        }
    }
}

pub fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
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
}

impl FieldMatcher {
    /// `None` when the leads have no such column (the test never matches).
    pub fn compile(test: &FieldTest, leads: &LeadTable) -> Option<FieldMatcher> {
        Some(FieldMatcher {
            source: Source::resolve(leads, &test.field)?,
            op: test.op,
            values: test.values.iter().map(|v| v.trim().to_lowercase()).collect(),
            tokens: test.values.iter().map(|v| tokens(v)).filter(|v| !v.is_empty()).collect(),
            min: test.min.unwrap_or(f64::NEG_INFINITY),
            max: test.max.unwrap_or(f64::INFINITY),
            below: test.below.unwrap_or(f64::INFINITY),
        })
    }

    pub fn matches(&self, leads: &LeadTable, lead: usize) -> bool {
        let raw = self.source.text(leads, lead).trim();
        match self.op {
            FieldOp::Empty => raw.is_empty(),
            FieldOp::NotEmpty => !raw.is_empty(),
            FieldOp::Range => {
                self.source.number(leads, lead).is_some_and(|v| v >= self.min && v <= self.max && v < self.below)
            }
            _ if raw.is_empty() => false,
            // Compared lower-cased char by char: no allocation per lead.
            FieldOp::Equals | FieldOp::OneOf => self.values.iter().any(|v| raw.chars().flat_map(char::to_lowercase).eq(v.chars())),
            FieldOp::Contains => {
                let v = raw.to_lowercase();
                self.values.iter().any(|w| !w.is_empty() && v.contains(w.as_str()))
            }
            FieldOp::HasToken => {
                let have = tokens(raw);
                self.tokens.iter().any(|w| have.windows(w.len()).any(|win| win == w.as_slice()))
            }
        }
    }
}
