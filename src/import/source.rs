//! Records out of text: CSV with any of four delimiters, a JSON array of
//! objects, or NDJSON. Every record carries the file line it starts on.

use rustc_hash::FxHashMap as HashMap;

use crate::json::read::{self as json, raw, raw_array, raw_members};

use super::RowError;
use crate::dataset::normalize_header;
use crate::Error;

const JSON_SHAPE: &str =
    "a JSON file must be an array of objects ([{\"id\": \"L-1\", ...}, ...]) or one object per line (NDJSON)";

/// One record handed to the importer.
pub(crate) enum Item<'a> {
    /// A readable record: one cell per header (untrimmed), and for JSON
    /// leads the raw `activities` value.
    Row {
        line: u32,
        cells: &'a [&'a str],
        nested: Option<Nested<'a>>,
    },
    /// A record that cannot be read at all.
    Bad(RowError),
}

/// The raw JSON of a lead's `activities` value.
pub(crate) struct Nested<'a> {
    /// File line where the value starts.
    pub line: u32,
    /// The key as written.
    pub key: &'a str,
    pub json: &'a str,
}

/// A JSON or NDJSON file (CSV is read as a stream, in `stream.rs`).
pub(crate) struct Source<'t> {
    pub format: &'static str,
    /// Column names as written (trimmed); `column N` for a blank header.
    pub headers: Vec<String>,
    body: Body<'t>,
}

enum Body<'t> {
    Json {
        records: Vec<Record<'t>>,
        index: HashMap<String, usize>,
        nested_key: bool,
    },
}

/// One JSON record: its first line and text, or why it cannot be read.
struct Record<'t> {
    line: u32,
    json: &'t str,
    problem: Option<String>,
}

/// Opens a JSON text (it starts with `[` or `{`): gathers the keys.
/// `nested_key`: treat a JSON `activities` key as nested activities instead
/// of a column.
pub(crate) fn open(text: &str, nested_key: bool) -> Result<Source<'_>, Error> {
    if text.trim_start().starts_with('[') {
        open_json(json_array(text)?, "json", nested_key)
    } else {
        let (records, format) = ndjson(text)?;
        open_json(records, format, nested_key)
    }
}

impl<'t> Source<'t> {
    /// Hands every record, in file order, to `f`.
    pub(crate) fn for_each(self, mut f: impl FnMut(Item<'_>)) -> Result<(), Error> {
        let Body::Json {
            records,
            index,
            nested_key,
        } = self.body;
        {
            {
                let width = self.headers.len();
                for rec in &records {
                    if let Some(problem) = &rec.problem {
                        let message = format!("line {}: {problem}", rec.line);
                        f(Item::Bad(RowError {
                            line: rec.line,
                            column: None,
                            message,
                        }));
                        continue;
                    }
                    let members = raw_members(rec.json).map_err(|e| Error::new(format!("line {}: {e}", rec.line)))?;
                    let mut owned: Vec<String> = vec![String::new(); width];
                    let mut nested = None;
                    for (key, value) in &members {
                        if nested_key && is_nested_key(key) {
                            let offset = offset_in(rec.json, value);
                            let line = rec.line + count_lines(&rec.json.as_bytes()[..offset]);
                            nested = Some(Nested { line, key, json: value });
                        } else if let Some(&c) = index.get(key.as_str()) {
                            owned[c] = cell_text(value);
                        }
                    }
                    let cells: Vec<&str> = owned.iter().map(String::as_str).collect();
                    f(Item::Row {
                        line: rec.line,
                        cells: &cells,
                        nested,
                    });
                }
            }
        }
        Ok(())
    }
}

fn is_nested_key(key: &str) -> bool {
    normalize_header(key) == "activities"
}

// ---------------------------------------------------------------- CSV

/// `sep=X` on the first non-blank line, X one of the four delimiters.
pub(crate) fn excel_sep_line(text: &str) -> Option<char> {
    let first = text.trim_start().lines().next()?.trim();
    let rest = first.get(..4).filter(|p| p.eq_ignore_ascii_case("sep="))?;
    let mut d = first[rest.len()..].chars();
    match (d.next(), d.next()) {
        (Some(c @ (',' | ';' | '\t' | '|')), None) => Some(c),
        _ => None,
    }
}

/// The most frequent of `,` `;` tab `|` on the header line, outside double
/// quotes; `,` when none appears (ties go to that order).
pub(crate) fn detect_delimiter(text: &str) -> char {
    const CANDIDATES: [char; 4] = [',', ';', '\t', '|'];
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut started = false;
    for c in text.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && (c == '\n' || c == '\r') {
            if started {
                break;
            }
            continue;
        } else if !in_quotes {
            if let Some(i) = CANDIDATES.iter().position(|&d| d == c) {
                counts[i] += 1;
            }
        }
        if !c.is_whitespace() {
            started = true;
        }
    }
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

// ---------------------------------------------------------------- JSON

fn json_error(e: &json::Error) -> Error {
    Error::new(format!(
        "line {}, column {}: the file is not valid JSON ({}); {JSON_SHAPE}",
        e.line, e.column, e.message
    ))
}

fn json_array(text: &str) -> Result<Vec<Record<'_>>, Error> {
    let values = raw_array(text).map_err(|e| json_error(&e))?;
    let mut lines = LineCounter::new(text);
    let mut records = Vec::with_capacity(values.len());
    for json in values {
        let line = lines.line_at(offset_in(text, json));
        let problem = (!json.starts_with('{')).then(|| format!("expected a JSON object, found {}", kind_of(json)));
        records.push(Record { line, json, problem });
    }
    Ok(records)
}

/// One object per non-blank line. A file that is one pretty-printed object
/// reads as a single record ("json").
fn ndjson(text: &str) -> Result<(Vec<Record<'_>>, &'static str), Error> {
    let mut records = Vec::new();
    let mut good = 0;
    let mut first_bad: Option<(u32, String)> = None;
    for (i, line_text) in text.split('\n').enumerate() {
        let json = line_text.trim();
        if json.is_empty() {
            continue;
        }
        let line = (i + 1) as u32;
        let problem = match raw(json) {
            Ok(_) if json.starts_with('{') => None,
            Ok(_) => Some(format!("expected a JSON object, found {}", kind_of(json))),
            Err(e) => Some(format!("not valid JSON ({})", e.message)),
        };
        match &problem {
            None => good += 1,
            Some(p) if first_bad.is_none() => first_bad = Some((line, p.clone())),
            Some(_) => {}
        }
        records.push(Record { line, json, problem });
    }
    if let Some((line, problem)) = first_bad {
        // One pretty-printed object.
        if let Ok(v) = raw(text) {
            if v.starts_with('{') {
                let line = LineCounter::new(text).line_at(offset_in(text, v));
                return Ok((
                    vec![Record {
                        line,
                        json: v,
                        problem: None,
                    }],
                    "json",
                ));
            }
        }
        if good == 0 {
            return Err(Error::new(format!("line {line}: {problem}; {JSON_SHAPE}")));
        }
    }
    Ok((records, "ndjson"))
}

fn open_json<'t>(records: Vec<Record<'t>>, format: &'static str, nested_key: bool) -> Result<Source<'t>, Error> {
    if records.iter().all(|r| r.problem.is_some()) {
        return Err(Error::new(if records.is_empty() {
            format!("the file holds an empty JSON array: no records to import; {JSON_SHAPE}")
        } else {
            format!("the file holds no JSON objects; {JSON_SHAPE}")
        }));
    }
    let mut headers: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::default();
    for rec in records.iter().filter(|r| r.problem.is_none()) {
        let members = raw_members(rec.json).map_err(|e| Error::new(format!("line {}: {e}", rec.line)))?;
        for (k, _) in members {
            if nested_key && is_nested_key(&k) {
                continue;
            }
            if !index.contains_key(&k) {
                index.insert(k.clone(), headers.len());
                headers.push(k);
            }
        }
    }
    Ok(Source {
        format,
        headers,
        body: Body::Json {
            records,
            index,
            nested_key,
        },
    })
}

fn kind_of(json: &str) -> &'static str {
    match json.as_bytes().first() {
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "true/false",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// A JSON value as cell text: a string as is, a number as written,
/// `true`/`false`, null empty, arrays and objects as compact JSON.
/// A string serde_json would not decode (a lone surrogate) is empty, as it was.
pub(crate) fn cell_text(json: &str) -> String {
    match json.as_bytes().first() {
        Some(b'"') => json::raw_string(json).unwrap_or_default(),
        Some(b'n') => String::new(),
        Some(b'[' | b'{') => compact(json),
        _ => json.to_string(),
    }
}

/// Valid JSON without the whitespace between tokens.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Byte offset of `part` inside `whole` (`part` must be a slice of it).
pub(crate) fn offset_in(whole: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    debug_assert!(offset <= whole.len());
    offset.min(whole.len())
}

pub(crate) fn count_lines(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u32
}

/// Line numbers of increasing offsets, counting each byte once.
pub(crate) struct LineCounter<'t> {
    text: &'t [u8],
    pos: usize,
    line: u32,
}

impl<'t> LineCounter<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    pub(crate) fn line_at(&mut self, offset: usize) -> u32 {
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += count_lines(&self.text[self.pos..offset]);
        self.pos = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(src: Source<'_>) -> Vec<Result<(u32, Vec<String>), String>> {
        let mut out = Vec::new();
        src.for_each(|item| match item {
            Item::Row { line, cells, .. } => out.push(Ok((line, cells.iter().map(|c| c.to_string()).collect()))),
            Item::Bad(e) => out.push(Err(e.message)),
        })
        .unwrap();
        out
    }

    fn ok(line: u32, cells: &[&str]) -> Result<(u32, Vec<String>), String> {
        Ok((line, cells.iter().map(|c| c.to_string()).collect()))
    }

    #[test]
    fn delimiters_detected_outside_quotes() {
        assert_eq!(detect_delimiter("a,b,c\n1;2;3;4;5\n"), ',');
        assert_eq!(detect_delimiter("a;b;c\n"), ';');
        assert_eq!(detect_delimiter("a\tb\tc\n"), '\t');
        assert_eq!(detect_delimiter("a|b|c\n"), '|');
        assert_eq!(detect_delimiter("\"a,b,c\";d;e\n"), ';');
        assert_eq!(detect_delimiter("\"x\ny,z,w\"|b\n"), '|');
        assert_eq!(detect_delimiter("\n\n a;b\n"), ';');
        assert_eq!(detect_delimiter("single\n1\n"), ',');
        assert_eq!(detect_delimiter("a,b;c\n"), ',');
    }

    #[test]
    fn excel_sep_line_names_the_delimiter() {
        assert_eq!(excel_sep_line("sep=;\r\nid;note\r\n"), Some(';'));
        assert_eq!(excel_sep_line("SEP=|\na|b"), Some('|'));
        assert_eq!(excel_sep_line("sep=x\na"), None);
        assert_eq!(excel_sep_line("sep,id\n"), None);
    }

    #[test]
    fn json_array_lines_keys_and_values() {
        let text = "[\n  {\"id\": \"a\", \"n\": 1.50, \"ok\": true},\n  {\"id\": \"b\",\n   \"x\": null, \"o\": {\"k\": [1, 2]}},\n  3,\n  {\"activities\": [], \"id\": \"c\"}\n]\n";
        let src = open(text, true).unwrap();
        assert_eq!(src.format, "json");
        assert_eq!(src.headers, vec!["id", "n", "ok", "x", "o"]);
        let mut nested_lines = Vec::new();
        let mut out = Vec::new();
        src.for_each(|item| match item {
            Item::Row { line, cells, nested } => {
                nested_lines.push(nested.map(|n| (n.line, n.key.to_string(), n.json.to_string())));
                out.push(Ok((line, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>())));
            }
            Item::Bad(e) => out.push(Err(e.message)),
        })
        .unwrap();
        assert_eq!(
            out,
            vec![
                ok(2, &["a", "1.50", "true", "", ""]),
                ok(3, &["b", "", "", "", "{\"k\":[1,2]}"]),
                Err("line 5: expected a JSON object, found a number".into()),
                ok(6, &["c", "", "", "", ""]),
            ]
        );
        assert_eq!(
            nested_lines,
            vec![None, None, Some((6, "activities".into(), "[]".into()))]
        );
    }

    #[test]
    fn activities_key_is_a_column_unless_nested() {
        let src = open("[{\"id\": 1, \"Activities\": [1]}]", false).unwrap();
        assert_eq!(src.headers, vec!["id", "Activities"]);
        assert_eq!(rows(src), vec![ok(1, &["1", "[1]"])]);
    }

    #[test]
    fn invalid_json_is_a_file_error() {
        let e = open("[\n{\"id\": 1},\n{\"id\" 2}\n]", false).err().unwrap();
        assert!(
            e.0.starts_with("line 3, column 7: the file is not valid JSON (expected `:`)"),
            "{}",
            e.0
        );
        let e = open("[1, 2]", false).err().unwrap();
        assert!(e.0.starts_with("the file holds no JSON objects"), "{}", e.0);
        let e = open("[]", false).err().unwrap();
        assert!(e.0.starts_with("the file holds an empty JSON array"), "{}", e.0);
        let e = open("{\"a\": \n1}x\n", false).err().unwrap();
        assert!(e.0.starts_with("line 1: not valid JSON"), "{}", e.0);
    }

    #[test]
    fn ndjson_lines_and_bad_lines() {
        let text =
            "{\"id\": \"a\", \"s\": \" x \"}\r\n\r\n{\"id\": \"b\", \"t\": \"y\"}\n{oops\n[1]\n{\"t\": \"\\u00e9\"}\n";
        let src = open(text, false).unwrap();
        assert_eq!(src.format, "ndjson");
        assert_eq!(src.headers, vec!["id", "s", "t"]);
        assert_eq!(
            rows(src),
            vec![
                ok(1, &["a", " x ", ""]),
                ok(3, &["b", "", "y"]),
                Err("line 4: not valid JSON (key must be a string)".into()),
                Err("line 5: expected a JSON object, found an array".into()),
                ok(6, &["", "", "é"]),
            ]
        );
    }

    #[test]
    fn pretty_single_object() {
        let src = open("\n{\n  \"id\": \"a\",\n  \"email\": \"a@x.io\"\n}\n", false).unwrap();
        assert_eq!(src.format, "json");
        assert_eq!(rows(src), vec![ok(2, &["a", "a@x.io"])]);
    }

    #[test]
    fn compact_keeps_strings() {
        assert_eq!(
            compact("{ \"a b\" : [ 1 , \"x \\\" y\" ] }"),
            "{\"a b\":[1,\"x \\\" y\"]}"
        );
    }
}
