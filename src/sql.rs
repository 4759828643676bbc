//! The model compiled to one SQL query (SPEC section 10): the same scores
//! as the engine, computed where the data lives.
//!
//! The query reads two tables, leads and activities, with canonical column
//! names (custom fields by their header). Every cell is cast to text and
//! read the way the importer reads it (trimmed, placeholders as empty,
//! company sizes such as `1,200` or `201-500`, ISO 8601 times), so a CSV
//! loaded as it is and a typed table give the same result.
//!
//! Within the query, times are whole seconds since the epoch (BIGINT) and
//! calendar arithmetic is done on integers, so no dialect's time-zone or
//! timestamp rules enter the result.
//!
//! Sales decisions in the lead table's own columns (`sales_outcome`,
//! `rejection_reason`, `rejected_at`) are applied as the engine applies
//! them (SPEC section 3): the decision counts from `rejected_at` on, a
//! rejection restarts behavior (only later events count), a wrong-ICP one
//! suppresses and a premature one recycles for `feedback.premature_days`.
//! CRM status words are read with the suggested mapping
//! ([`crate::outcomes::SUGGESTED`]).


use crate::dataset::{normalize_header, Field};
use crate::fields::tokens;
use crate::import::values::activity_type;
use crate::model::{Decay, EventCount, FieldOp, Model, Rule, When};
use crate::outcomes::{word_key, Mapped, Outcome, SUGGESTED};
use crate::time::{parse_time, DAY};
use crate::Error;

/// The SQL dialects a model compiles to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
    Postgres,
    BigQuery,
    Snowflake,
}

pub const DIALECTS: [&str; 5] = ["duckdb", "spark", "postgres", "bigquery", "snowflake"];

impl Dialect {
    pub fn from_name(name: &str) -> Result<Dialect, Error> {
        Ok(match name.trim().to_ascii_lowercase().as_str() {
            "duckdb" => Dialect::DuckDb,
            "spark" | "sparksql" | "spark_sql" | "databricks" => Dialect::Spark,
            "postgres" | "postgresql" => Dialect::Postgres,
            "bigquery" => Dialect::BigQuery,
            "snowflake" => Dialect::Snowflake,
            other => {
                return Err(Error::new(format!(
                    "no SQL dialect \"{other}\" (use one of: {})",
                    DIALECTS.join(", ")
                )))
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::Postgres => "postgres",
            Dialect::BigQuery => "bigquery",
            Dialect::Snowflake => "snowflake",
        }
    }
}

/// What the query reads and as of when.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct SqlOptions {
    /// The lead table (default `leads`); may be qualified (`crm.public.leads`).
    #[cfg_attr(test, serde(default))]
    pub leads: Option<String>,
    /// The activity table (default `activities`).
    #[cfg_attr(test, serde(default))]
    pub activities: Option<String>,
    /// ISO 8601 as-of time; without it the query scores as of the moment
    /// it runs (whole seconds).
    #[cfg_attr(test, serde(default))]
    pub as_of: Option<String>,
    /// The lead table's columns as named in the warehouse. With them, rule
    /// fields are resolved as the engine resolves headers (any case, spaces,
    /// `_` and `-` ignored) and a rule on a missing column never matches;
    /// without them, canonical keys name canonical columns and any other
    /// field is quoted as written in the rule.
    #[cfg_attr(test, serde(default))]
    pub lead_columns: Option<Vec<String>>,
    /// Status words of `sales_outcome` mapped as in the import's status
    /// mapping (word -> meaning, `None`: not a decision), before the
    /// suggested mapping.
    #[cfg_attr(test, serde(default))]
    pub status_mapping: Option<crate::json::Map<Option<Mapped>>>,
}
crate::json_read!(SqlOptions { leads: default, activities: default, as_of: default, lead_columns: default, status_mapping: default });

impl SqlOptions {
    pub fn from_json(json: &str) -> Result<SqlOptions, Error> {
        if json.trim().is_empty() {
            return Ok(SqlOptions::default());
        }
        crate::json::read::from_str(json).map_err(|e| {
            Error::new(format!(
                "SQL options: {e} (expected {{\"leads\": table, \"activities\": table, \"as_of\": ISO time, \"lead_columns\": [names], \"status_mapping\": {{word: meaning}}}})"
            ))
        })
    }
}

/// Compiles a model JSON document to SQL for `dialect`.
pub fn model_sql(model_json: &str, dialect: &str, options: &SqlOptions) -> Result<String, Error> {
    let model = Model::from_json(model_json)?;
    compile(&model, Dialect::from_name(dialect)?, options)
}

const I32_MAX: i64 = i32::MAX as i64;
const I32_MIN: i64 = i32::MIN as i64;

/// Unicode White_Space: what Rust's `trim` removes, and so the importer.
const WHITESPACE: [char; 25] = [
    '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}',
    '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}',
    '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
];

/// Dialect spelling of the few things that differ.
struct Sql {
    d: Dialect,
}

impl Sql {
    fn text_type(&self) -> &'static str {
        match self.d {
            Dialect::DuckDb | Dialect::Snowflake => "VARCHAR",
            Dialect::Postgres => "TEXT",
            Dialect::Spark | Dialect::BigQuery => "STRING",
        }
    }

    fn double_type(&self) -> &'static str {
        match self.d {
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::BigQuery => "FLOAT64",
            _ => "DOUBLE",
        }
    }

    /// A string literal holding exactly `s`.
    fn lit(&self, s: &str) -> String {
        let special = |c: char| c.is_control() || (c.is_whitespace() && c != ' ');
        match self.d {
            Dialect::DuckDb => {
                // No escapes in DuckDB literals: special characters via chr().
                let mut parts: Vec<String> = Vec::new();
                let mut run = String::new();
                for c in s.chars() {
                    if special(c) {
                        if !run.is_empty() {
                            parts.push(format!("'{}'", run.replace('\'', "''")));
                            run.clear();
                        }
                        parts.push(format!("chr({})", c as u32));
                    } else {
                        run.push(c);
                    }
                }
                if !run.is_empty() || parts.is_empty() {
                    parts.push(format!("'{}'", run.replace('\'', "''")));
                }
                if parts.len() == 1 {
                    parts.pop().unwrap_or_default()
                } else {
                    format!("({})", parts.join(" || "))
                }
            }
            Dialect::Postgres if !s.chars().any(special) => format!("'{}'", s.replace('\'', "''")),
            _ => {
                let mut out = String::from(if self.d == Dialect::Postgres { "E'" } else { "'" });
                for c in s.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\'' => out.push_str("\\'"),
                        c if special(c) => w!(out, "\\u{:04X}", c as u32),
                        c => out.push(c),
                    }
                }
                out.push('\'');
                out
            }
        }
    }

    fn ident(&self, name: &str) -> String {
        match self.d {
            Dialect::Spark | Dialect::BigQuery => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A canonical column (`timestamp`, `company_size`): quoted where that
    /// keeps keywords safe without changing how the name resolves.
    fn canonical(&self, key: &str) -> String {
        match self.d {
            // Quoting would make the name case-sensitive (lower case).
            Dialect::Snowflake => key.to_string(),
            _ => self.ident(key),
        }
    }

    fn table(&self, name: &str) -> Result<String, Error> {
        let ok = !name.is_empty()
            && name.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '-'))
            });
        if !ok {
            return Err(Error::new(format!(
                "table name \"{name}\": use letters, digits, _ and $ in dot-separated parts (schema.table)"
            )));
        }
        Ok(match self.d {
            Dialect::BigQuery | Dialect::Spark if name.contains('-') => format!("`{name}`"),
            _ if name.contains('-') => {
                return Err(Error::new(format!("table name \"{name}\": a - needs a {} quoted name", self.d.name())))
            }
            _ => name.to_string(),
        })
    }

    fn cast_text(&self, e: &str) -> String {
        format!("CAST({e} AS {})", self.text_type())
    }

    fn double(&self, v: f64) -> String {
        format!("CAST('{}' AS {})", crate::json::display_f64(v), self.double_type())
    }

    fn to_double(&self, e: &str) -> String {
        format!("CAST({e} AS {})", self.double_type())
    }

    fn bigint(&self, e: &str) -> String {
        format!("CAST({e} AS BIGINT)")
    }

    /// A string of ASCII digits (or anything else, then NULL) as BIGINT,
    /// never an error, whatever order the engine evaluates conditions in.
    fn digits(&self, e: &str) -> String {
        match self.d {
            Dialect::DuckDb | Dialect::Spark | Dialect::Snowflake => format!("TRY_CAST({e} AS BIGINT)"),
            Dialect::BigQuery => format!("SAFE_CAST({e} AS INT64)"),
            Dialect::Postgres => format!("CASE WHEN {e} ~ '^[0-9]+$' THEN CAST({e} AS BIGINT) END"),
        }
    }

    /// Integer division of non-negative integers.
    fn idiv(&self, a: &str, b: &str) -> String {
        match self.d {
            Dialect::DuckDb => format!("(({a}) // ({b}))"),
            Dialect::Postgres => format!("(({a}) / ({b}))"),
            Dialect::Spark => format!("(({a}) DIV ({b}))"),
            Dialect::BigQuery => format!("DIV({a}, {b})"),
            Dialect::Snowflake => format!("CAST(FLOOR(({a}) / ({b})) AS BIGINT)"),
        }
    }

    fn modulo(&self, a: &str, b: &str) -> String {
        match self.d {
            Dialect::DuckDb => format!("(({a}) % ({b}))"),
            _ => format!("MOD({a}, {b})"),
        }
    }

    /// `needle` (an SQL expression) occurs in `hay`.
    fn contains(&self, hay: &str, needle: &str) -> String {
        match self.d {
            Dialect::DuckDb | Dialect::Postgres | Dialect::BigQuery => format!("STRPOS({hay}, {needle}) > 0"),
            Dialect::Spark => format!("INSTR({hay}, {needle}) > 0"),
            Dialect::Snowflake => format!("CHARINDEX({needle}, {hay}) > 0"),
        }
    }

    /// The whole of `s` matches the regular expression `re` (written
    /// without anchors).
    fn full_match(&self, s: &str, re: &str) -> String {
        match self.d {
            Dialect::DuckDb => format!("regexp_full_match({s}, {})", self.lit(re)),
            Dialect::Postgres => format!("({s} ~ {})", self.lit(&format!("^({re})$"))),
            Dialect::Spark => format!("({s} RLIKE {})", self.lit(&format!("^({re})$"))),
            Dialect::BigQuery => format!("REGEXP_CONTAINS({s}, {})", self.lit(&format!("^({re})$"))),
            Dialect::Snowflake => format!("REGEXP_LIKE({s}, {})", self.lit(&format!("^({re})$"))),
        }
    }

    fn replace_all(&self, s: &str, re: &str, with: &str) -> String {
        let (re, with) = (self.lit(re), self.lit(with));
        match self.d {
            Dialect::DuckDb | Dialect::Postgres => format!("regexp_replace({s}, {re}, {with}, 'g')"),
            _ => format!("REGEXP_REPLACE({s}, {re}, {with})"),
        }
    }

    fn trim_chars(&self, s: &str, chars: &str, side: Side) -> String {
        let c = self.lit(chars);
        match (self.d, side) {
            (Dialect::Postgres, Side::Both) => format!("btrim({s}, {c})"),
            (Dialect::Spark, Side::Both) => format!("TRIM(BOTH {c} FROM {s})"),
            (Dialect::Spark, Side::End) => format!("TRIM(TRAILING {c} FROM {s})"),
            (_, Side::Both) => format!("TRIM({s}, {c})"),
            (_, Side::End) => format!("RTRIM({s}, {c})"),
        }
    }

    fn trim_ws(&self, s: &str, side: Side) -> String {
        self.trim_chars(s, &WHITESPACE.iter().collect::<String>(), side)
    }

    /// `trim_ws` of a whole cell. Trimming a set of characters costs about
    /// ten times a plain space trim in DuckDB, so where TRIM(x) trims only
    /// spaces (checked on DuckDB, PostgreSQL and Spark) the set is used only
    /// when an end of the space-trimmed text is other whitespace.
    fn trim_cell(&self, e: &str) -> String {
        match self.d {
            Dialect::DuckDb | Dialect::Postgres | Dialect::Spark => {
                let y = format!("TRIM({e})");
                let ws = self.lit(&WHITESPACE.iter().filter(|c| **c != ' ').collect::<String>());
                format!(
                    "CASE WHEN {y} <> '' AND ({} OR {}) THEN {} ELSE {y} END",
                    self.contains(&ws, &format!("SUBSTR({y}, 1, 1)")),
                    self.contains(&ws, &format!("SUBSTR({y}, LENGTH({y}), 1)")),
                    self.trim_ws(e, Side::Both)
                )
            }
            _ => self.trim_ws(e, Side::Both),
        }
    }

    /// A regex character class body for Unicode whitespace.
    fn ws_class(&self) -> String {
        WHITESPACE.iter().map(|c| if *c == ' ' { ' ' } else { *c }).collect()
    }

    /// A regex matching one or more characters that are not letters or digits.
    fn non_alnum(&self) -> &'static str {
        match self.d {
            Dialect::DuckDb | Dialect::BigQuery => r"[^\p{L}\p{N}]+",
            // Java knows the Alphabetic property itself, as Rust uses it.
            Dialect::Spark => r"[^\p{IsAlphabetic}\p{N}]+",
            Dialect::Postgres | Dialect::Snowflake => "[^[:alnum:]]+",
        }
    }

    fn now_epoch(&self) -> &'static str {
        match self.d {
            Dialect::DuckDb => "CAST(FLOOR(epoch(current_timestamp)) AS BIGINT)",
            Dialect::Postgres => "CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS BIGINT)",
            Dialect::Spark => "unix_timestamp()",
            Dialect::BigQuery => "UNIX_SECONDS(CURRENT_TIMESTAMP())",
            Dialect::Snowflake => "DATE_PART(EPOCH_SECOND, CURRENT_TIMESTAMP())",
        }
    }
}

#[derive(Clone, Copy)]
enum Side {
    Both,
    End,
}

/// Where a rule's field comes from in the lead table.
#[derive(Clone, Debug, PartialEq)]
enum Src {
    /// A column reference (already quoted), by its slot in `cols`.
    Column(usize),
    CompanySize(usize),
    EmailDomain(usize),
    /// The table has no such column: the rule never matches.
    Missing,
}

/// The lead columns the query reads, each once.
struct Cols {
    refs: Vec<String>,
}

impl Cols {
    fn slot(&mut self, reference: String) -> usize {
        match self.refs.iter().position(|r| *r == reference) {
            Some(i) => i,
            None => {
                self.refs.push(reference);
                self.refs.len() - 1
            }
        }
    }
}

struct Resolver<'a> {
    q: &'a Sql,
    columns: Option<&'a [String]>,
}

impl Resolver<'_> {
    /// The column reference for a canonical field, if the table has it.
    fn canonical(&self, f: Field) -> Option<String> {
        match self.columns {
            None => Some(self.q.canonical(f.key())),
            Some(cols) => cols.iter().find(|c| Field::from_key(c) == Some(f)).map(|c| self.q.ident(c)),
        }
    }

    /// A rule's field, resolved as `Source::resolve` does.
    fn field(&self, name: &str, cols: &mut Cols) -> Src {
        if normalize_header(name) == "emaildomain" {
            return self.canonical(Field::Email).map_or(Src::Missing, |r| Src::EmailDomain(cols.slot(r)));
        }
        if let Some(f) = Field::from_key(name) {
            if let Some(r) = self.canonical(f) {
                let slot = cols.slot(r);
                return if f == Field::CompanySize { Src::CompanySize(slot) } else { Src::Column(slot) };
            }
        }
        match self.columns {
            None => Src::Column(cols.slot(self.q.ident(name))),
            Some(all) => {
                let n = normalize_header(name);
                match all.iter().find(|c| normalize_header(c) == n) {
                    // A column named like a canonical field is that field.
                    Some(c) if Field::from_key(c) == Some(Field::CompanySize) => {
                        Src::CompanySize(cols.slot(self.q.ident(c)))
                    }
                    Some(c) => Src::Column(cols.slot(self.q.ident(c))),
                    None => Src::Missing,
                }
            }
        }
    }
}

/// The fields whose values the importer rewrites (feedback columns): rules
/// on them are not in the SQL (the decisions themselves are).
const NORMALISED: [Field; 3] = [Field::SalesOutcome, Field::RejectionReason, Field::Converted];

/// Per-lead values computed once and named, in two levels (a level-2
/// value may read a level-1 one).
#[derive(Default)]
struct Derived {
    items: Vec<(u8, String, String)>,
}

impl Derived {
    fn add(&mut self, level: u8, name: String, expr: String) -> String {
        if !self.items.iter().any(|(_, n, _)| *n == name) {
            self.items.push((level, name.clone(), expr));
        }
        name
    }

    fn level(&self, level: u8) -> Vec<String> {
        self.items.iter().filter(|(l, _, _)| *l == level).map(|(_, n, e)| format!("{e} AS {n}")).collect()
    }
}

/// One step of the query: `name AS (SELECT cols FROM from),`, a column a line.
fn step(sql: &mut String, name: &str, cols: &[String], from: &str) {
    sql.push_str(name);
    sql.push_str(" AS (\n  SELECT\n");
    for (i, c) in cols.iter().enumerate() {
        sql.push_str(if i == 0 { "    " } else { ",\n    " });
        sql.push_str(c);
    }
    sql.push_str("\n  FROM ");
    sql.push_str(from);
    sql.push_str("\n),\n");
}

/// Compiles `model` to one query returning `id, score, fit, behavior,
/// status, instant` per lead.
pub fn compile(model: &Model, dialect: Dialect, options: &SqlOptions) -> Result<String, Error> {
    let q = Sql { d: dialect };
    let leads_table = q.table(options.leads.as_deref().unwrap_or("leads"))?;
    let activities_table = q.table(options.activities.as_deref().unwrap_or("activities"))?;
    let as_of = match options.as_of.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => parse_time(t).map_err(|e| Error::new(format!("as_of: {e}")))?.to_string(),
        _ => q.now_epoch().to_string(),
    };
    let resolver = Resolver { q: &q, columns: options.lead_columns.as_deref() };
    let mut cols = Cols { refs: Vec::new() };
    let id_col = resolver.canonical(Field::Id).map(|r| cols.slot(r));
    let email_col = resolver.canonical(Field::Email).map(|r| cols.slot(r));
    if id_col.is_none() && email_col.is_none() {
        return Err(Error::new("the leads table needs an id or an email column (lead_columns names neither)"));
    }
    // Sales decisions: read where the table has the columns (always the
    // canonical ones without lead_columns).
    let outcome_col = resolver.canonical(Field::SalesOutcome).map(|r| cols.slot(r));
    let reason_col = resolver.canonical(Field::RejectionReason).map(|r| cols.slot(r));
    let r_at = match (outcome_col, reason_col) {
        (None, None) => None,
        _ => resolver.canonical(Field::RejectedAt).map(|r| cols.slot(r)),
    };
    let has_decisions = outcome_col.is_some() || reason_col.is_some();

    let rules: Vec<(usize, &Rule)> = model.rules.iter().enumerate().filter(|(_, r)| r.enabled).collect();
    let mut srcs: Vec<Src> = Vec::new();
    for (i, r) in &rules {
        let field = match &r.when {
            When::Field(t) => Some(&t.field),
            When::Number(t) => Some(&t.field),
            When::Event(_) => None,
        };
        let src = match field {
            Some(name) => {
                if let Some(f) = Field::from_key(name).filter(|f| NORMALISED.contains(f)) {
                    return Err(Error::new(format!(
                        "rules[{i}].when.field: rules on {} are not in the SQL (the importer rewrites its values; \
                         the SQL applies the sales decisions themselves)",
                        f.key()
                    )));
                }
                resolver.field(name, &mut cols)
            }
            None => Src::Missing,
        };
        srcs.push(src);
    }

    // Derived per-column values, computed once in `lead_values`.
    let clean = |slot: usize| format!("v{slot}");
    let mut derived = Derived::default();
    let ws = q.ws_class();
    // company_size as the importer reads it: the lower bound of a range,
    // `+` dropped, thousands separators removed.
    let plain = "[0-9]+([.][0-9]+)?|[0-9]{1,3}([, \u{a0}\u{202f}][0-9]{3})+([.][0-9]+)?".to_string();
    let plain = format!("({plain})");
    let size_parts = |slot: usize| -> (String, String) {
        let v = clean(slot);
        let s = format!(
            "CASE WHEN {v} <> '' AND SUBSTR({v}, LENGTH({v}), 1) = '+' THEN {} ELSE {v} END",
            q.trim_ws(&format!("SUBSTR({v}, 1, LENGTH({v}) - 1)"), Side::End)
        );
        (v, s)
    };

    // The text a field rule reads (trimmed), for sources other than company_size.
    let text_of = |src: &Src, derived: &mut Derived| -> String {
        match src {
            Src::Column(s) => clean(*s),
            Src::EmailDomain(s) => {
                let v = clean(*s);
                let dom = format!(
                    "CASE WHEN {} THEN {} ELSE '' END",
                    q.contains(&v, "'@'"),
                    q.trim_ws(&q.replace_all(&v, "^(.|\n)*@", ""), Side::Both)
                );
                derived.add(1, format!("dom{s}"), dom)
            }
            Src::CompanySize(s) => format!("szx{s}"),
            Src::Missing => "''".to_string(),
        }
    };

    // First pass: which derived values each rule needs.
    struct FitSql {
        cond: String,
    }
    let mut rule_sql: Vec<Option<FitSql>> = Vec::new();
    let mut number_vals: Vec<Option<String>> = Vec::new();
    let mut size_needed: Vec<usize> = Vec::new();
    for ((_, r), src) in rules.iter().zip(&srcs) {
        let mut fit = None;
        let mut num = None;
        match &r.when {
            When::Field(t) => {
                let cond = match (t.op, src) {
                    (_, Src::Missing) => "1 = 0".to_string(),
                    (FieldOp::Range, _) => {
                        let v = match src {
                            Src::CompanySize(s) => {
                                size_needed.push(*s);
                                format!("szn{s}")
                            }
                            _ => {
                                let text = text_of(src, &mut derived);
                                derived.add(2, format!("num_{text}"), number_expr(&q, &text))
                            }
                        };
                        let mut parts = vec![format!("{v} IS NOT NULL")];
                        if let Some(m) = t.min {
                            parts.push(format!("{v} >= {}", q.double(m)));
                        }
                        if let Some(m) = t.max {
                            parts.push(format!("{v} <= {}", q.double(m)));
                        }
                        if let Some(m) = t.below {
                            parts.push(format!("{v} < {}", q.double(m)));
                        }
                        parts.join(" AND ")
                    }
                    (op, _) => {
                        let text = match src {
                            Src::CompanySize(s) => {
                                size_needed.push(*s);
                                format!("szx{s}")
                            }
                            _ => text_of(src, &mut derived),
                        };
                        match op {
                            FieldOp::Empty => format!("{text} = ''"),
                            FieldOp::NotEmpty => format!("{text} <> ''"),
                            FieldOp::Equals | FieldOp::OneOf => {
                                let mut vals: Vec<String> = t.values.iter().map(|v| crate::lowercase::lowercase(v.trim())).collect();
                                vals.dedup();
                                let low = derived.add(2, format!("low_{text}"), format!("LOWER({text})"));
                                let list: Vec<String> = vals.iter().map(|v| q.lit(v)).collect();
                                format!("{text} <> '' AND {low} IN ({})", list.join(", "))
                            }
                            FieldOp::Contains => {
                                let low = derived.add(2, format!("low_{text}"), format!("LOWER({text})"));
                                let any: Vec<String> = t
                                    .values
                                    .iter()
                                    .map(|v| crate::lowercase::lowercase(v.trim()))
                                    .filter(|v| !v.is_empty())
                                    .map(|v| q.contains(&low, &q.lit(&v)))
                                    .collect();
                                if any.is_empty() {
                                    "1 = 0".to_string()
                                } else {
                                    format!("{text} <> '' AND ({})", any.join(" OR "))
                                }
                            }
                            FieldOp::HasToken => {
                                let tok = derived.add(
                                    2,
                                    format!("tok_{text}"),
                                    format!("CONCAT(CONCAT(' ', {}), ' ')", q.replace_all(&format!("LOWER({text})"), q.non_alnum(), " ")),
                                );
                                let any: Vec<String> = t
                                    .values
                                    .iter()
                                    .map(|v| tokens(v))
                                    .filter(|v| !v.is_empty())
                                    .map(|v| q.contains(&tok, &q.lit(&format!(" {} ", v.join(" ")))))
                                    .collect();
                                if any.is_empty() {
                                    "1 = 0".to_string()
                                } else {
                                    format!("{text} <> '' AND ({})", any.join(" OR "))
                                }
                            }
                            FieldOp::Range => unreachable!("handled above"),
                        }
                    }
                };
                fit = Some(FitSql { cond });
            }
            When::Number(_) => {
                num = match src {
                    Src::Missing => None,
                    Src::CompanySize(s) => {
                        size_needed.push(*s);
                        Some(format!("szn{s}"))
                    }
                    _ => {
                        let text = text_of(src, &mut derived);
                        Some(derived.add(2, format!("num_{text}"), number_expr(&q, &text)))
                    }
                };
            }
            When::Event(_) => {}
        }
        rule_sql.push(fit);
        number_vals.push(num);
    }
    // Through the engine's one i64 sort (another instance costs wasm bytes).
    let mut sorted: Vec<i64> = size_needed.iter().map(|&s| s as i64).collect();
    crate::sort::times(&mut sorted);
    size_needed = sorted.into_iter().map(|s| s as usize).collect();
    size_needed.dedup();

    // ---- leads
    let mut sql = String::new();
    let name = model.name.replace(['\n', '\r'], " ");
    w!(sql,
        "-- Leadscore model \"{name}\" (version {}), compiled for {}.\n\
         -- One row per lead: id, score, fit, behavior, status, instant.\n\
         {}\
         -- As of: {}.\n",
        model.version,
        dialect.name(),
        if has_decisions {
            "-- Sales decisions from the lead table's sales_outcome, rejection_reason and rejected_at\n\
             -- (status words read with the given, then the suggested mapping): suppressed, recycled,\n\
             -- behavior restarted.\n"
        } else {
            "-- The lead table has no decision columns: no sales decision is applied.\n"
        },
        match options.as_of.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => crate::time::format_time(as_of.parse().unwrap_or_default()),
            _ => "the moment the query runs".to_string(),
        }
    );
    sql.push_str("WITH\n");
    let trimmed: Vec<String> = cols
        .refs
        .iter()
        .enumerate()
        .map(|(i, r)| format!("COALESCE({}, '') AS t{i}", q.trim_cell(&q.cast_text(r))))
        .collect();
    step(&mut sql, "lead_cells", &trimmed, &leads_table);
    let placeholders: Vec<String> = (0..cols.refs.len())
        .map(|i| format!("CASE WHEN LOWER(t{i}) IN ('null', 'n/a', '#n/a', 'select') THEN '' ELSE t{i} END AS v{i}"))
        .collect();
    step(&mut sql, "lead_clean", &placeholders, "lead_cells");
    let id_expr = match (id_col, email_col) {
        (Some(i), Some(e)) => format!("CASE WHEN v{i} <> '' THEN v{i} ELSE v{e} END"),
        (Some(i), None) => format!("v{i}"),
        (None, Some(e)) => format!("v{e}"),
        (None, None) => unreachable!("checked above"),
    };
    let keep = [id_col, email_col].iter().flatten().map(|c| format!("v{c} <> ''")).collect::<Vec<_>>().join(" OR ");
    let mut lead_rows = vec![format!("{id_expr} AS lead_id")];
    lead_rows.extend((0..cols.refs.len()).map(|i| format!("v{i}")));
    // Sizes: first the form, then the number and its text.
    for s in &size_needed {
        let (_, sz) = size_parts(*s);
        lead_rows.push(format!("{sz} AS szs{s}"));
    }
    step(&mut sql, "lead_rows", &lead_rows, &format!("lead_clean\n  WHERE {keep}"));
    let mut sizes = vec!["lead_rows.*".to_string()];
    for s in &size_needed {
        let v = format!("szs{s}");
        let wsc = format!("[{ws}]*");
        let range = format!("{plain}{wsc}[-\u{2013}\u{2014}]{wsc}{plain}");
        let to = format!("{plain}{wsc} to {wsc}{plain}");
        let lower = format!(
            "CASE WHEN {} THEN {v} WHEN {} THEN {} WHEN {} THEN {} END",
            q.full_match(&v, &plain),
            q.full_match(&v, &range),
            q.replace_all(&v, &format!("{wsc}[-\u{2013}\u{2014}](.|\n)*$"), ""),
            q.full_match(&v, &to),
            q.replace_all(&v, &format!("{wsc} to (.|\n)*$"), ""),
        );
        sizes.push(format!("{} AS szl{s}", q.replace_all(&lower, "[, \u{a0}\u{202f}]", "")));
    }
    step(&mut sql, "lead_sizes", &sizes, "lead_rows");
    let mut size_vals = vec!["lead_sizes.*".to_string()];
    for s in &size_needed {
        let l = format!("szl{s}");
        size_vals.push(format!("{} AS szn{s}", q.to_double(&l)));
        // The stored text is the number as Rust prints it: no leading
        // zeros, no trailing fractional zeros.
        let int = q.replace_all(&q.replace_all(&l, "[.](.|\n)*$", ""), "^0+", "");
        let frac = q.replace_all(&q.replace_all(&l, "^[^.]*[.]?", ""), "0+$", "");
        size_vals.push(format!(
            "CASE WHEN {l} IS NULL THEN {v} ELSE CONCAT(CASE WHEN {int} = '' THEN '0' ELSE {int} END, \
             CASE WHEN {frac} = '' THEN '' ELSE CONCAT('.', {frac}) END) END AS szx{s}",
            v = clean(*s)
        ));
    }
    step(&mut sql, "lead_numbers", &size_vals, "lead_sizes");
    let mut values = vec!["lead_numbers.*".to_string()];
    values.extend(derived.level(1));
    step(&mut sql, "lead_text", &values, "lead_numbers");
    let mut values2 = vec!["lead_text.*".to_string()];
    values2.extend(derived.level(2));
    step(&mut sql, "lead_values", &values2, "lead_text");

    // ---- sales decisions (the row's own columns), as the importer reads them
    let decided = match (outcome_col, reason_col) {
        (None, None) => false,
        (o, r) => {
            let snake = |e: &str| q.trim_chars(&q.replace_all(&format!("LOWER({e})"), &format!("[{ws}_-]+"), "_"), "_", Side::Both);
            let (w, rv) = (o.map_or("''".to_string(), clean), r.map_or("''".to_string(), clean));
            // Status words compared as `outcomes::word_key` does.
            let key = q.replace_all(&format!("LOWER({w})"), "[ _\u{feff}-]", "");
            // The given words first, then the suggested ones, as
            // `StatusMapping::lookup` reads them; a key's first entry wins.
            let given = options.status_mapping.iter().flatten().map(|(w, m)| (w.as_str(), *m));
            let mut seen: Vec<String> = Vec::new();
            let (mut outs, mut reasons) = (String::new(), String::new());
            for (word, m) in given.chain(SUGGESTED.iter().map(|(w, m)| (*w, *m))) {
                let key = word_key(word);
                if seen.contains(&key) {
                    continue;
                }
                let k = q.lit(&key);
                seen.push(key);
                let o = match m.map(|m| m.outcome) {
                    Some(Outcome::Accepted) => "'accepted'",
                    Some(Outcome::Rejected) => "'rejected'",
                    None => "NULL",
                };
                w!(outs, " WHEN {k} THEN {o}");
                let r = m.and_then(|m| m.reason).map_or("NULL".to_string(), |r| format!("'{}'", r.as_str()));
                w!(reasons, " WHEN {k} THEN {r}");
            }
            let canon = format!("CASE WHEN {s} IN ('accepted', 'rejected') THEN {s} END", s = "sw");
            w!(sql,
                "decision_words AS (\n  SELECT\n    lead_id,\n    {w} AS w,\n    {} AS sw,\n    {key} AS wk,\n    {} AS sr,\n    {} AS rs\n  FROM lead_rows\n),\n",
                snake(&w),
                snake(&rv),
                r_at.map_or("''".to_string(), clean)
            );
            w!(sql,
                "decision_read AS (\n  SELECT\n    lead_id, rs,\n    \
                 CASE WHEN w <> '' THEN COALESCE({canon}, CASE wk{outs} END) \
                 WHEN sr IN ('wrong_icp', 'premature', 'duplicate', 'unreachable') THEN 'rejected' END AS outcome,\n    \
                 CASE WHEN sr IN ('wrong_icp', 'premature', 'duplicate', 'unreachable') THEN sr \
                 WHEN w <> '' AND {canon} IS NULL THEN CASE wk{reasons} ELSE NULL END END AS reason\n  \
                 FROM decision_words\n),\n",
            );
            w!(sql,
                "decision_dates AS (\n  SELECT lead_id AS k, rs AS s\n  FROM decision_read\n  WHERE outcome = 'rejected' AND {}\n),\n",
                q.full_match("rs", TIME_RE)
            );
            sql.push_str(&time_steps(&q, "decision", "decision_dates", "k", "1 = 1"));
            // The decision in force at as-of: a dated one counts from its
            // time on; only a rejection's time is known.
            let days = i64::from(model.feedback.premature_days) * DAY;
            w!(sql,
                "decision_at AS (\n  SELECT\n    decision_read.lead_id AS lead_id, outcome, reason, decision_times.t AS decided_at\n  \
                 FROM decision_read\n  LEFT JOIN decision_times ON decision_times.k = decision_read.lead_id\n  \
                 WHERE outcome IS NOT NULL\n),\n\
                 lead_gate AS (\n  SELECT\n    lead_id,\n    \
                 CASE WHEN outcome = 'rejected' THEN decided_at END AS restart,\n    \
                 CASE WHEN outcome = 'rejected' AND reason = 'wrong_icp' THEN 1 ELSE 0 END AS suppressed,\n    \
                 CASE WHEN outcome = 'rejected' AND reason = 'premature' AND decided_at IS NOT NULL \
                 AND {as_of} < decided_at + {days} THEN 1 ELSE 0 END AS recycled\n  \
                 FROM decision_at\n  WHERE decided_at IS NULL OR decided_at <= {as_of}\n),\n"
            );
            true
        }
    };

    // ---- activities
    let needs_activities = rules.iter().any(|(_, r)| matches!(r.when, When::Event(_)))
        || (!matches!(model.decay, Decay::None)
            && rules.iter().any(|(_, r)| matches!(r.when, When::Number(_)) && r.points > 0));
    let horizon = crate::decay::horizon(&model.decay);
    let mut event_cols: Vec<String> = Vec::new();
    let mut window_cols: Vec<String> = Vec::new();
    let mut aggregates: Vec<String> = Vec::new();
    if needs_activities {
        let act = |c: &str| q.canonical(c);
        let cells: Vec<String> = ["lead_id", "timestamp", "type", "detail"]
            .iter()
            .enumerate()
            .map(|(i, c)| format!("COALESCE({}, '') AS t{i}", q.trim_cell(&q.cast_text(&act(c)))))
            .collect();
        step(&mut sql, "activity_cells", &cells, &activities_table);
        let cleaned: Vec<String> = (0..4)
            .map(|i| format!("CASE WHEN LOWER(t{i}) IN ('null', 'n/a', '#n/a', 'select') THEN '' ELSE t{i} END AS c{i}"))
            .collect();
        step(&mut sql, "activity_clean", &cleaned, "activity_cells");
        let kind = q.trim_chars(&q.replace_all("LOWER(c2)", &format!("[{ws}_-]+"), "_"), "_", Side::Both);
        let key = format!("CASE WHEN {} THEN LOWER(c0) ELSE c0 END", q.contains("c0", "'@'"));
        w!(sql,
            "activity_read AS (\n  SELECT\n    {key} AS k,\n    c1 AS s,\n    {kind} AS kind,\n    LOWER(c3) AS detail\n  \
             FROM activity_clean\n  WHERE c0 <> '' AND {}\n),\n",
            q.full_match("c1", TIME_RE)
        );
        sql.push_str(&time_steps(&q, "activity", "activity_read", "k, kind, detail", "kind <> ''"));
        // Activities join a lead by id, or by email where no lead has that
        // id and exactly one lead has that email.
        let lkey = |e: &str| format!("CASE WHEN {} THEN LOWER({e}) ELSE {e} END", q.contains(e, "'@'"));
        let mut keys = format!("  SELECT {} AS k, lead_id FROM lead_rows\n", lkey("lead_id"));
        if let Some(e) = email_col {
            w!(keys,
                "  UNION ALL\n  SELECT e.k, MIN(e.lead_id) AS lead_id\n  FROM (SELECT {} AS k, lead_id FROM lead_rows WHERE v{e} <> '') e\n  \
                 LEFT JOIN (SELECT {} AS k FROM lead_rows) i ON i.k = e.k\n  WHERE i.k IS NULL\n  GROUP BY e.k\n  HAVING COUNT(*) = 1\n",
                lkey(&format!("v{e}")),
                lkey("lead_id")
            );
        }
        w!(sql, "lead_keys AS (\n{keys}),\n");

        for ((i, r), _) in rules.iter().zip(&srcs) {
            let When::Event(t) = &r.when else { continue };
            let kind = activity_type(&t.event);
            let mut cond = format!("kind = {}", q.lit(&kind));
            if let Some(needle) = t.detail_contains.as_ref().filter(|n| !n.is_empty()) {
                w!(cond, " AND {}", q.contains("detail", &q.lit(&crate::lowercase::lowercase(needle))));
            }
            event_cols.push(format!("CASE WHEN {cond} THEN 1 ELSE 0 END AS m{i}"));
            let window = i64::from(t.days.unwrap_or(0)) * DAY;
            let at_least = t.at_least.unwrap_or(1);
            match t.count {
                EventCount::Once => {
                    aggregates.push(format!("MAX(m{i}) AS n{i}"));
                    aggregates.push(format!("MAX(CASE WHEN m{i} = 1 THEN t END) AS l{i}"));
                }
                EventCount::Each => {
                    aggregates.push(format!("SUM(m{i}) AS n{i}"));
                    aggregates.push(format!("MAX(CASE WHEN m{i} = 1 THEN t END) AS l{i}"));
                }
                EventCount::InLastDays => {
                    let inside = format!("m{i} = 1 AND t > {as_of} - {window}");
                    aggregates.push(format!(
                        "CASE WHEN SUM(CASE WHEN {inside} THEN 1 ELSE 0 END) >= {at_least} THEN 1 ELSE 0 END AS n{i}"
                    ));
                    aggregates.push(format!("MAX(CASE WHEN {inside} THEN t END) AS l{i}"));
                }
                EventCount::InAnyDays => {
                    // Events in (t - days, t] for each matching event t.
                    window_cols.push(format!(
                        "SUM(m{i}) OVER (PARTITION BY lead_id ORDER BY t RANGE BETWEEN {} PRECEDING AND CURRENT ROW) AS w{i}",
                        window - 1
                    ));
                    let hit = format!("m{i} = 1 AND w{i} >= {at_least}");
                    aggregates.push(format!("MAX(CASE WHEN {hit} THEN 1 ELSE 0 END) AS n{i}"));
                    // The engine's window search stops at the first event that fills a window.
                    aggregates.push(format!("MIN(CASE WHEN {hit} THEN t END) AS l{i}"));
                }
            }
        }
        let mut ev = vec!["lead_keys.lead_id AS lead_id".to_string(), "t".into(), "kind".into()];
        ev.extend(event_cols.iter().cloned());
        step(
            &mut sql,
            "events",
            &ev,
            &format!(
                "activity_times\n  JOIN lead_keys ON lead_keys.k = activity_times.k\n{}  WHERE t <= {as_of}{}",
                // After a rejection at R, only events after R count.
                if decided { "  LEFT JOIN lead_gate ON lead_gate.lead_id = lead_keys.lead_id\n" } else { "" },
                if decided { " AND (lead_gate.restart IS NULL OR t > lead_gate.restart)" } else { "" },
            ),
        );
        let mut ew = vec!["events.*".to_string()];
        ew.extend(window_cols.iter().cloned());
        step(&mut sql, "event_windows", &ew, "events");
        let mut agg = vec!["lead_id".to_string(), "MAX(CASE WHEN kind <> 'unsubscribe' THEN t END) AS last_engaged".to_string()];
        agg.extend(aggregates.iter().cloned());
        step(&mut sql, "lead_events", &agg, "event_windows\n  GROUP BY lead_id");
    }

    // ---- per rule: hits and points
    let mut hit_cols: Vec<String> = vec!["lead_values.lead_id AS lead_id".to_string()];
    hit_cols.push(if needs_activities {
        format!("{} AS days", q.idiv(&format!("{as_of} - lead_events.last_engaged"), "86400"))
    } else {
        "CAST(NULL AS BIGINT) AS days".to_string()
    });
    for (((i, r), fit), num) in rules.iter().zip(&rule_sql).zip(&number_vals) {
        let count = match &r.when {
            When::Field(_) => format!("CASE WHEN {} THEN 1 ELSE 0 END", fit.as_ref().map_or("1 = 0", |f| f.cond.as_str())),
            When::Event(_) => format!("COALESCE(lead_events.n{i}, 0)"),
            When::Number(t) => match num {
                None => "0".to_string(),
                Some(v) => {
                    let v = format!("COALESCE({v}, {})", q.double(0.0));
                    match (t.per, t.at_least) {
                        (Some(p), _) => format!(
                            "CAST(LEAST(GREATEST(FLOOR({v} / {}), {}), {}) AS BIGINT)",
                            q.double(p),
                            q.double(0.0),
                            q.double(f64::from(u32::MAX))
                        ),
                        (None, Some(m)) => format!("CASE WHEN {v} >= {} THEN 1 ELSE 0 END", q.double(m)),
                        _ => "0".to_string(),
                    }
                }
            },
        };
        hit_cols.push(format!("{} AS c{i}", q.bigint(&count)));
        let fresh = match (&r.when, horizon) {
            (When::Event(_), Some(h)) if r.instant_mql => format!(
                "CASE WHEN lead_events.l{i} IS NOT NULL AND {} <= {h} THEN 1 ELSE 0 END",
                q.idiv(&format!("{as_of} - lead_events.l{i}"), "86400")
            ),
            _ => "1".to_string(),
        };
        if r.instant_mql {
            hit_cols.push(format!("{fresh} AS f{i}"));
        }
    }
    let from = if needs_activities {
        "lead_values\n  LEFT JOIN lead_events ON lead_events.lead_id = lead_values.lead_id".to_string()
    } else {
        "lead_values".to_string()
    };
    step(&mut sql, "hits", &hit_cols, &from);

    let mut point_cols: Vec<String> = vec!["lead_id".into(), "days".into()];
    for (i, r) in &rules {
        let cap = match &r.when {
            When::Event(t) => t.cap,
            When::Number(t) => t.cap,
            When::Field(_) => None,
        };
        let limit = cap.map_or(I32_MAX, i64::from);
        point_cols.push(format!("LEAST(GREATEST({} * c{i}, {}), {limit}) AS p{i}", r.points, -limit));
    }
    let (mut fit_pos, mut fit_neg, mut pos, mut neg) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut disq, mut inst) = (Vec::new(), Vec::new());
    for (i, r) in &rules {
        let p = format!("p{i}");
        match (r.category(), r.points.signum()) {
            (_, 0) => {}
            (crate::model::Category::Fit, 1) => fit_pos.push(p),
            (crate::model::Category::Fit, _) => fit_neg.push(p),
            (_, 1) => pos.push(p),
            _ => neg.push(p),
        }
        if r.disqualify {
            disq.push(format!("c{i} > 0"));
        }
        if r.instant_mql {
            inst.push(format!("(c{i} > 0 AND f{i} = 1)"));
        }
    }
    let sum = |v: &[String]| if v.is_empty() { "0".to_string() } else { v.join(" + ") };
    point_cols.push(if disq.is_empty() { "0 AS disqualified".into() } else { format!("CASE WHEN {} THEN 1 ELSE 0 END AS disqualified", disq.join(" OR ")) });
    point_cols.push(if inst.is_empty() { "0 AS instant".into() } else { format!("CASE WHEN {} THEN 1 ELSE 0 END AS instant", inst.join(" OR ")) });
    step(&mut sql, "points", &point_cols, "hits");
    // Same-sign sums saturate at the i32 bounds, as the engine's do.
    w!(sql,
        "sums AS (\n  SELECT\n    lead_id, days, disqualified, instant,\n    LEAST({}, {I32_MAX}) AS fit_pos,\n    GREATEST({}, {I32_MIN}) AS fit_neg,\n    \
         LEAST({}, {I32_MAX}) AS behavior_pos,\n    GREATEST({}, {I32_MIN}) AS behavior_neg\n  FROM points\n),\n",
        sum(&fit_pos),
        sum(&fit_neg),
        sum(&pos),
        sum(&neg)
    );

    let factor = match &model.decay {
        Decay::None => q.double(1.0),
        Decay::Steps { steps, after } => {
            let mut c = format!("CASE WHEN days IS NULL THEN {}", q.double(1.0));
            for s in steps {
                w!(c, " WHEN days <= {} THEN {}", s.max_days, q.double(s.factor));
            }
            w!(c, " ELSE {} END", q.double(*after));
            c
        }
        Decay::HalfLife { days } => format!(
            "CASE WHEN days IS NULL THEN {} ELSE POWER({}, {} / {}) END",
            q.double(1.0),
            q.double(0.5),
            q.to_double("days"),
            q.double(*days)
        ),
    };
    w!(sql,
        "decayed AS (\n  SELECT\n    lead_id, disqualified, instant, fit_pos + fit_neg AS fit, behavior_neg,\n    \
         CAST(FLOOR({} * ({factor})) AS BIGINT) AS kept\n  FROM sums\n),\n",
        q.to_double("behavior_pos")
    );
    w!(sql,
        "scored AS (\n  SELECT\n    lead_id, disqualified, instant, fit, kept + behavior_neg AS behavior,\n    \
         GREATEST(LEAST(GREATEST(LEAST(fit + kept, {I32_MAX}), {I32_MIN}) + behavior_neg, {I32_MAX}), {I32_MIN}) AS score\n  FROM decayed\n)\n"
    );
    let (held, gate_join) = if decided {
        (
            " WHEN lead_gate.suppressed = 1 THEN 'suppressed' WHEN lead_gate.recycled = 1 THEN 'recycled'",
            "\nLEFT JOIN lead_gate ON lead_gate.lead_id = scored.lead_id",
        )
    } else {
        ("", "")
    };
    w!(sql,
        "SELECT\n  scored.lead_id AS id,\n  CAST(score AS INTEGER) AS score,\n  CAST(fit AS INTEGER) AS fit,\n  CAST(behavior AS INTEGER) AS behavior,\n  \
         CASE WHEN disqualified = 1 THEN 'disqualified'{held} WHEN instant = 1 OR score >= {} THEN 'mql' ELSE 'nurture' END AS status,\n  \
         CASE WHEN instant = 1 THEN TRUE ELSE FALSE END AS instant\nFROM scored{gate_join}\n",
        model.threshold
    );
    if matches!(dialect, Dialect::Postgres | Dialect::DuckDb) {
        // PostgreSQL and DuckDB would inline each step into the next (and
        // push filters down through them), repeating every expression as
        // often as it is read: keep each step's rows instead.
        sql = sql
            .lines()
            .map(|l| match l.strip_suffix(" AS (") {
                Some(name) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => {
                    format!("{name} AS MATERIALIZED (")
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
    }
    Ok(sql)
}

/// The ISO 8601 times the importer accepts (checked before [`time_steps`]).
const TIME_RE: &str = "[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?";

/// Steps `{p}_parts`, `{p}_zone` and `{p}_times` reading the time text `s`
/// of `input` (already matched by [`TIME_RE`]) as whole seconds `t`, with
/// the columns `keep`; rows with an impossible date or zone are dropped,
/// as the importer rejects them.
fn time_steps(q: &Sql, p: &str, input: &str, keep: &str, filter: &str) -> String {
    let mut sql = String::new();
    let num = |from: usize, len: usize| q.digits(&format!("SUBSTR(s, {from}, {len})"));
    let zone = q.replace_all("SUBSTR(s, 17)", "^(:[0-9]{2}([.][0-9]+)?)?", "");
    w!(sql,
        "{p}_parts AS (\n  SELECT\n    {keep},\n    {y} AS y, {mo} AS mo, {d} AS d,\n    \
         CASE WHEN LENGTH(s) > 10 THEN {h} ELSE 0 END AS h,\n    CASE WHEN LENGTH(s) > 10 THEN {mi} ELSE 0 END AS mi,\n    \
         CASE WHEN SUBSTR(s, 17, 1) = ':' THEN {sec} ELSE 0 END AS sec,\n    {zone} AS z\n  \
         FROM {input}\n  WHERE {filter}\n),\n",
        y = num(1, 4),
        mo = num(6, 2),
        d = num(9, 2),
        h = num(12, 2),
        mi = num(15, 2),
        sec = num(18, 2),
    );
    let leap = format!(
        "({} = 0 AND {} <> 0) OR {} = 0",
        q.modulo("y", "4"),
        q.modulo("y", "100"),
        q.modulo("y", "400")
    );
    let zh = q.digits("SUBSTR(z, 2, 2)");
    let zm = format!(
        "CASE LENGTH(z) WHEN 5 THEN {} WHEN 6 THEN {} ELSE 0 END",
        q.digits("SUBSTR(z, 4, 2)"),
        q.digits("SUBSTR(z, 5, 2)")
    );
    w!(sql,
        "{p}_zone AS (\n  SELECT\n    {keep}, y, mo, d, h, mi, sec,\n    \
         CASE WHEN z IN ('', 'Z', 'z') THEN 0 ELSE {zh} END AS zh,\n    CASE WHEN z IN ('', 'Z', 'z') THEN 0 ELSE {zm} END AS zm,\n    \
         CASE WHEN SUBSTR(z, 1, 1) = '-' THEN -1 ELSE 1 END AS zs,\n    \
         y - CASE WHEN mo <= 2 THEN 1 ELSE 0 END AS y2,\n    \
         CASE WHEN mo > 2 THEN mo - 3 ELSE mo + 9 END AS mp\n  \
         FROM {p}_parts\n  WHERE mo BETWEEN 1 AND 12 AND h <= 23 AND mi <= 59 AND sec <= 59\n    \
         AND d BETWEEN 1 AND CASE WHEN mo IN (4, 6, 9, 11) THEN 30 WHEN mo = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END ELSE 31 END\n),\n"
    );
    // Days from the civil date (proleptic Gregorian), integers only.
    let era = q.idiv("y2", "400");
    let yoe = format!("(y2 - {era} * 400)");
    let doy = format!("({} + d - 1)", q.idiv("153 * mp + 2", "5"));
    let doe = format!("({yoe} * 365 + {} - {} + {doy})", q.idiv(&yoe, "4"), q.idiv(&yoe, "100"));
    let days = format!("({era} * 146097 + {doe} - 719468)");
    w!(sql,
        "{p}_times AS (\n  SELECT\n    {keep},\n    \
         {days} * 86400 + h * 3600 + mi * 60 + sec - zs * (zh * 3600 + zm * 60) AS t\n  \
         FROM {p}_zone\n  WHERE zh <= 23 AND zm <= 59\n),\n"
    );
    sql
}

/// A number as `fields::parse_number` reads it: `,`, spaces and NBSP
/// removed, then Rust's float syntax (finite only); NULL otherwise.
fn number_expr(q: &Sql, text: &str) -> String {
    let stripped = q.replace_all(text, "[, \u{a0}]", "");
    let re = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?";
    format!("CASE WHEN {} THEN {} END", q.full_match(&stripped, re), q.to_double(&stripped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dialect_compiles_the_seed_model() {
        let m = Model::seed_example();
        for d in DIALECTS {
            let sql = compile(&m, Dialect::from_name(d).unwrap(), &SqlOptions::default()).unwrap();
            assert!(sql.contains("AS status"), "{d}");
        }
    }

    #[test]
    fn bad_names_are_refused() {
        let e = Dialect::from_name("oracle").unwrap_err().0;
        assert!(e.contains("no SQL dialect \"oracle\""), "{e}");
        let opts = SqlOptions { leads: Some("leads; drop table x".into()), ..Default::default() };
        let e = compile(&Model::seed_example(), Dialect::DuckDb, &opts).unwrap_err().0;
        assert!(e.starts_with("table name"), "{e}");
        let opts = SqlOptions { as_of: Some("yesterday".into()), ..Default::default() };
        let e = compile(&Model::seed_example(), Dialect::DuckDb, &opts).unwrap_err().0;
        assert!(e.starts_with("as_of: "), "{e}");
    }

    #[test]
    fn decisions_are_read_only_where_the_columns_are() {
        let m = Model::seed_example();
        let cols = |c: &[&str]| SqlOptions { lead_columns: Some(c.iter().map(|s| s.to_string()).collect()), ..Default::default() };
        for d in DIALECTS {
            let d = Dialect::from_name(d).unwrap();
            let none = compile(&m, d, &cols(&["id", "email", "title", "rejected_at"])).unwrap();
            assert!(!none.contains("lead_gate") && !none.contains("rejected_at"), "{none}");
            assert!(none.contains("no sales decision is applied"));
            let some = compile(&m, d, &cols(&["id", "Sales Outcome", "rejection_reason"])).unwrap();
            assert!(some.contains("'suppressed'") && some.contains("'recycled'") && some.contains("lead_gate.restart"), "{some}");
            // Without lead_columns the canonical decision columns are read.
            let canonical = compile(&m, d, &SqlOptions::default()).unwrap();
            assert!(canonical.contains("sales_outcome") && canonical.contains("rejected_at"));
        }
    }

    #[test]
    fn literals_escape_quotes_and_controls() {
        assert_eq!(Sql { d: Dialect::DuckDb }.lit("a'b\tc"), "('a''b' || chr(9) || 'c')");
        assert_eq!(Sql { d: Dialect::Postgres }.lit("a'b"), "'a''b'");
        assert_eq!(Sql { d: Dialect::Postgres }.lit("a\\'\u{a0}"), "E'a\\\\\\'\\u00A0'");
        assert_eq!(Sql { d: Dialect::Spark }.lit("a'\\"), "'a\\'\\\\'");
    }
}
