//! Reading lead tables and activity logs: CSV (any of `,` `;` tab `|`,
//! quoted fields, BOM, CRLF, UTF-8 or UTF-16), JSON arrays and NDJSON.
//!
//! Whole-file problems (empty file, undecodable bytes, no header, missing
//! required columns, JSON of the wrong shape) are an [`Error`]. Everything
//! row-level is a [`RowError`]: the row is rejected with its line and reason,
//! every other row is kept, and `read == kept + rejected` always.

mod decode;
mod mapping;
mod source;
mod stream;
pub(crate) mod values;

pub use stream::{ImportStream, DEFAULT_MEMORY_LIMIT};

use std::borrow::Cow;

use crate::dataset::{text_hash, Activity, ActivityLog, Cells, Column, Field, KeyIndex, KeyRef, KeyText, Lead, LeadTable, Lookups, MaybeNumber, MaybeTime, OutcomeRow, MANY};
use crate::outcomes::{Mapped, Outcome, Read, Reason, StatusMapping, StatusWord, WordSource, WordTally};
use crate::time::{parse_time, Time};
use crate::Error;

use mapping::{Kind, Mapping, Matcher, ACTIVITY_KEYS, A_DETAIL, A_LEAD_ID, A_TIMESTAMP, A_TYPE};
use mapping::{OUTCOME_KEYS, O_AT, O_CONVERTED, O_FIRST_CONTACT, O_LEAD_ID, O_OUTCOME, O_REASON};
use source::{Item, Nested};
use values::Placeholders;

/// At most this many row errors are listed in a report; the rest are counted.
pub const MAX_LISTED_ERRORS: usize = 1000;

/// What an import read, kept and rejected, and how it read the file.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ImportReport {
    /// `"leads"` or `"activities"`.
    pub kind: &'static str,
    /// `"csv"`, `"json"` or `"ndjson"`.
    pub format: &'static str,
    /// `"utf-8"`, `"utf-8-bom"`, `"utf-16le"` or `"utf-16be"`.
    pub encoding: &'static str,
    /// For CSV: `","`, `";"`, `"\t"` or `"|"`.
    pub delimiter: Option<String>,
    /// Data rows (CSV, blank lines not counted) or JSON records read.
    pub read: usize,
    pub kept: usize,
    /// Always `read - kept`.
    pub rejected: usize,
    /// One per rejected row (and per rejected nested activity), in file
    /// order, at most [`MAX_LISTED_ERRORS`].
    pub errors: Vec<RowError>,
    /// Errors beyond the listed ones.
    pub errors_not_listed: usize,
    /// Every column (CSV header, JSON key) in file order, with its field.
    pub columns: Vec<ColumnMapping>,
    /// Placeholder spellings (`NULL`, `N/A`, `#N/A`, `Select`) read as empty.
    pub placeholders: Vec<PlaceholderCount>,
    /// Lead files only: activities nested in JSON leads that were kept.
    pub nested_activities: usize,
    /// Filled by the workspace after joining activities to leads.
    pub unmatched_activities: usize,
    /// Status words met in an outcome column (a lead table's
    /// `sales_outcome` / `Lead Status`, an outcome log's `outcome`), each
    /// with its count and meaning, in first-seen order.
    pub status_words: Vec<StatusWord>,
    /// The words among them with no mapping: nothing was done with them.
    pub unmapped_words: Vec<WordCount>,
}
crate::json_object!(ImportReport { kind, format, encoding, delimiter, read, kept, rejected, errors, errors_not_listed, columns, placeholders, nested_activities, unmatched_activities, status_words, unmapped_words });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct WordCount {
    pub word: String,
    pub count: usize,
}
crate::json_object!(WordCount { word, count });

fn finish_words(report: &mut ImportReport, tally: WordTally) {
    report.unmapped_words = tally
        .words
        .iter()
        .filter(|w| w.source == WordSource::Unmapped)
        .map(|w| WordCount { word: w.word.clone(), count: w.count })
        .collect();
    report.status_words = tally.words;
}

/// A row (or nested activity) that could not be read.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct RowError {
    /// File line the record starts on (1-based).
    pub line: u32,
    /// The header as written, when one column is at fault.
    pub column: Option<String>,
    /// The full sentence, line included: `line 7, column "email": ...`.
    pub message: String,
}
crate::json_object!(RowError { line, column, message });

/// How one column of the file was read.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ColumnMapping {
    /// The header as written in the file (trimmed).
    pub header: String,
    /// Canonical field key, or `None` for a custom field.
    pub field: Option<String>,
    /// `"canonical"`, `"alias"`, `"override"` or `"custom"`.
    pub source: &'static str,
}
crate::json_object!(ColumnMapping { header, field, source });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct PlaceholderCount {
    /// The placeholder as written (`NULL`, `n/a`...).
    pub value: String,
    pub count: usize,
}
crate::json_object!(PlaceholderCount { value, count });

/// Row errors with the listing cap.
#[derive(Default)]
struct Errors {
    list: Vec<RowError>,
    not_listed: usize,
}

impl Errors {
    fn push(&mut self, e: RowError) {
        if self.list.len() < MAX_LISTED_ERRORS {
            self.list.push(e);
        } else {
            self.not_listed += 1;
        }
    }
}

fn row_error(line: u32, column: Option<&str>, what: impl std::fmt::Display) -> RowError {
    match column {
        Some(c) => RowError {
            line,
            column: Some(c.to_string()),
            message: format!("line {line}, column \"{c}\": {what}"),
        },
        None => RowError {
            line,
            column: None,
            message: format!("line {line}: {what}"),
        },
    }
}

#[cfg_attr(leadscore_speed, inline)]
fn parse_date(line: u32, header: &str, value: &str) -> Result<Time, RowError> {
    parse_time(value).map_err(|_| row_error(line, Some(header), format_args!("\"{value}\" is not a date")))
}

fn quoted(items: &[String]) -> String {
    items.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")
}

fn field_index(f: Field) -> usize {
    Field::ALL
        .iter()
        .position(|x| *x == f)
        .expect("Field::ALL lists every field")
}

fn finish(report: &mut ImportReport, errors: Errors, placeholders: Placeholders) {
    report.errors = errors.list;
    report.errors_not_listed = errors.not_listed;
    report.placeholders = placeholders
        .seen
        .into_iter()
        .map(|(value, count)| PlaceholderCount { value, count })
        .collect();
    debug_assert_eq!(report.read, report.kept + report.rejected);
}

// ---------------------------------------------------------------- leads

/// Typed lead columns, checked per row.
#[derive(Clone, Copy)]
enum Typed {
    Size,
    Date(Field),
    Converted,
    Outcome,
    Reason,
}

/// Reads a whole lead file. Returns a fresh LeadTable. JSON leads may carry
/// nested `activities`: the log's nested activities are replaced by them (their strings are
/// interned into `log.keys`/`kinds`/`details`).
pub fn import_leads(
    input: &[u8],
    mapping: &[(String, Option<String>)],
    log: &mut ActivityLog,
) -> Result<(LeadTable, ImportReport), Error> {
    import_leads_with(input, mapping, &StatusMapping::default(), log)
}

/// [`import_leads`] with a status-word mapping for the outcome column.
pub fn import_leads_with(
    input: &[u8],
    mapping: &[(String, Option<String>)],
    status: &StatusMapping,
    log: &mut ActivityLog,
) -> Result<(LeadTable, ImportReport), Error> {
    match one_shot(ImportKind::Leads, input, mapping, status, log)? {
        Imported::Leads(t, r) => Ok((t, r)),
        _ => unreachable!("a lead import gives leads"),
    }
}

/// The one-shot imports: the whole file as one chunk of a stream (no memory
/// limit: the file is already in memory).
fn one_shot(
    kind: ImportKind,
    input: &[u8],
    mapping: &[(String, Option<String>)],
    status: &StatusMapping,
    log: &mut ActivityLog,
) -> Result<Imported, Error> {
    let spec = Spec::new(kind, mapping, status);
    let mut s = ImportStream::begin(spec, Some(input.len() as u64), 0, usize::MAX, log);
    let r = s.feed(input, log);
    match r {
        Ok(()) => s.finish(log),
        Err(e) => {
            s.abort(log);
            Err(e)
        }
    }
}

/// The three kinds of file an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Leads,
    Activities,
    Outcomes,
}

impl ImportKind {
    /// `"leads"`, `"activities"` or `"outcomes"` (the report's `kind`).
    pub fn parse(s: &str) -> Result<ImportKind, Error> {
        match s {
            "leads" => Ok(ImportKind::Leads),
            "activities" => Ok(ImportKind::Activities),
            "outcomes" => Ok(ImportKind::Outcomes),
            _ => Err(Error::new(format!(
                "unknown import kind \"{s}\": use \"leads\", \"activities\" or \"outcomes\""
            ))),
        }
    }
}

/// What an import was asked to read, before its header is known.
pub struct Spec {
    pub(crate) kind: Kind,
    mapping: Vec<(String, Option<String>)>,
    status: StatusMapping,
}

impl Spec {
    pub fn new(kind: ImportKind, mapping: &[(String, Option<String>)], status: &StatusMapping) -> Spec {
        let kind = match kind {
            ImportKind::Leads => Kind::Leads,
            ImportKind::Activities => Kind::Activities,
            ImportKind::Outcomes => Kind::Outcomes,
        };
        Spec { kind, mapping: mapping.to_vec(), status: status.clone() }
    }
}

/// What a finished import gives.
pub enum Imported {
    Leads(LeadTable, ImportReport),
    /// The rows are already appended to the activity log.
    Activities(ImportReport),
    Outcomes(Vec<OutcomeRow>, ImportReport),
}

impl Imported {
    pub fn report(&self) -> &ImportReport {
        match self {
            Imported::Leads(_, r) | Imported::Activities(r) | Imported::Outcomes(_, r) => r,
        }
    }
}

/// The activity log's lengths before an import, to put back.
#[derive(Clone, Copy)]
pub struct Undo {
    raw: usize,
    sides: crate::dataset::SideLengths,
    keys: usize,
    kinds: usize,
    details: usize,
}

impl Undo {
    pub(crate) fn new(log: &ActivityLog) -> Undo {
        Undo { raw: log.len(), sides: log.side_lengths(), keys: log.keys.len(), kinds: log.kinds.len(), details: log.details.len() }
    }

    pub(crate) fn start(&self) -> usize {
        self.raw
    }

    pub(crate) fn apply(&self, log: &mut ActivityLog) {
        // The room reserved for the rest of the file goes back too.
        log.truncate(self.raw);
        log.truncate_sides(self.sides);
        log.keys.truncate(self.keys);
        log.kinds.truncate(self.kinds);
        log.details.truncate(self.details);
    }
}

/// Bytes a boxed string takes: the pointer and length, the text rounded
/// up to the allocator's 8-byte grain, and its 8-byte chunk header.
fn boxed_bytes(s: &str) -> usize {
    16 + if s.is_empty() { 0 } else { s.len().div_ceil(8) * 8 + 8 }
}

/// The reader of one kind of file, fed one record at a time.
pub(crate) enum Sink {
    Leads(Box<LeadSink>),
    Activities(Box<ActivitySink>),
    Outcomes(Box<OutcomeSink>),
}

impl Sink {
    /// The header is known: maps the columns and checks the required ones.
    pub(crate) fn open(
        spec: &Spec,
        headers: &[String],
        format: &'static str,
        delimiter: Option<char>,
        encoding: &'static str,
        log: &ActivityLog,
    ) -> Result<Sink, Error> {
        let info = FileInfo { headers, format, delimiter, encoding };
        Ok(match spec.kind {
            Kind::Leads => Sink::Leads(Box::new(LeadSink::open(&info, &spec.mapping, &spec.status)?)),
            Kind::Activities => Sink::Activities(Box::new(ActivitySink::open(&info, &spec.mapping, log)?)),
            Kind::Outcomes => Sink::Outcomes(Box::new(OutcomeSink::open(&info, &spec.mapping, &spec.status)?)),
        })
    }

    #[cfg_attr(leadscore_speed, optimize(speed))]
    pub(crate) fn item(&mut self, item: Item<'_>, log: &mut ActivityLog) {
        match self {
            Sink::Leads(s) => s.item(item, log),
            Sink::Activities(s) => s.item(item, log),
            Sink::Outcomes(s) => s.item(item),
        }
    }

    /// Stores the rows held back (see [`KeyBatch`]), so that what the
    /// import holds is counted in full: at the end of each piece of input.
    pub(crate) fn flush(&mut self, log: &mut ActivityLog) {
        if let Sink::Activities(s) = self {
            s.flush(log);
        }
    }

    /// Rows read so far.
    pub(crate) fn rows(&self) -> usize {
        match self {
            Sink::Leads(s) => s.report.read,
            Sink::Activities(s) => s.report.read,
            Sink::Outcomes(s) => s.report.read,
        }
    }

    /// Makes room for about `rows` more rows at once.
    pub(crate) fn reserve(&mut self, rows: usize, log: &mut ActivityLog) {
        match self {
            Sink::Leads(s) => {
                s.leads.reserve(rows);
                let pinned = Default::default();
                let src = KeyText { cells: &s.columns_cells, id_col: s.id_col, email_col: s.email_col, pinned: &pinned };
                // A key per id now, and one per email when the table is complete:
                // the table made once instead of again at the end.
                s.ids.index.reserve(&src, rows * (1 + usize::from(s.email_col.is_some())));
                s.columns_cells.iter_mut().for_each(|c| c.reserve_like_so_far(rows));
            }
            Sink::Activities(_) => log.reserve(rows),
            Sink::Outcomes(s) => s.rows.reserve(rows),
        }
    }

    /// Memory the import holds so far (an estimate from sizes and counts),
    /// with what joining it to the leads will take.
    pub(crate) fn held(&self, log: &ActivityLog) -> usize {
        use std::mem::size_of;
        match self {
            Sink::Leads(s) => {
                s.leads.capacity() * size_of::<Lead>()
                    + s.cells
                    + s.ids.index.bytes()
                    + s.ids.hashes.capacity() * 8
                    + s.ids.refs.capacity() * std::mem::size_of::<KeyRef>()
                    + s.nested_kept.capacity() * (size_of::<Activity>() + crate::dataset::EVENT_BYTES)
                    // by_key, the join's offsets and key table
                    + s.leads.len() * 3 * size_of::<(String, u32)>()
            }
            Sink::Activities(s) => {
                // Stored once: the join sorts the log in place.
                log.capacity().saturating_sub(s.undo.raw) * crate::dataset::EVENT_BYTES + s.interned
            }
            Sink::Outcomes(s) => s.rows.capacity() * size_of::<OutcomeRow>() + s.keys,
        }
    }

    pub(crate) fn finish(self, log: &mut ActivityLog) -> Imported {
        match self {
            Sink::Leads(s) => {
                let (t, r) = s.finish(log);
                Imported::Leads(t, r)
            }
            Sink::Activities(s) => Imported::Activities(s.finish(log)),
            Sink::Outcomes(s) => {
                let (rows, r) = s.finish();
                Imported::Outcomes(rows, r)
            }
        }
    }
}

/// How a file was read, once its header is known.
struct FileInfo<'a> {
    headers: &'a [String],
    format: &'static str,
    delimiter: Option<char>,
    encoding: &'static str,
}

fn new_report(kind: &'static str, info: &FileInfo<'_>, map: &Mapping) -> ImportReport {
    ImportReport {
        kind,
        format: info.format,
        encoding: info.encoding,
        delimiter: info.delimiter.map(String::from),
        columns: map.report.clone(),
        ..ImportReport::default()
    }
}

/// Keys filed in a batch at most ([`KeyIndex::insert_many`]); tests file
/// a few at a time, so that their files cross many batches.
#[cfg(not(test))]
const KEY_BATCH: usize = 1 << 16;
#[cfg(test)]
const KEY_BATCH: usize = 4;

/// The keys of the leads kept so far, for the duplicate check. A file
/// whose keys come in rising order (length, then bytes: `L-9` before
/// `L-10`), as exports sorted by id do, needs no lookup: a key above all
/// before it is new. Its filing waits for a batch, filed in one loop
/// ([`KeyIndex::insert_many`]); a key not above the rest is looked up
/// after the keys waiting are filed.
#[derive(Default)]
struct LeadKeys {
    index: KeyIndex,
    /// The highest key so far (empty: none yet).
    top: String,
    /// Keys not filed yet, all new and distinct: hashes and leads.
    hashes: Vec<u64>,
    refs: Vec<KeyRef>,
}

impl LeadKeys {
    /// Whether `key` is above every key so far (and the top from now on).
    fn above(&mut self, key: &str) -> bool {
        let t = &self.top;
        if key.len() > t.len() || (key.len() == t.len() && key > t.as_str()) {
            self.top.clear();
            self.top.push_str(key);
            true
        } else {
            false
        }
    }

    /// The lead of `key`, if filed.
    fn get(&mut self, src: &KeyText<'_>, key: &str) -> Option<u32> {
        if self.above(key) {
            return None;
        }
        self.file(src);
        self.index.get(src, key)
    }

    /// Files `key`, new ([`LeadKeys::get`] found none), as lead `lead`'s id.
    fn insert(&mut self, src: &KeyText<'_>, key: &str, lead: u32) {
        self.hashes.push(text_hash(key));
        self.refs.push(KeyRef::Id(lead));
        if self.refs.len() >= KEY_BATCH {
            self.file(src);
        }
    }

    /// Files the keys waiting.
    fn file(&mut self, src: &KeyText<'_>) {
        if !self.refs.is_empty() {
            self.index.insert_many(src, &mut self.hashes, &mut self.refs, true);
        }
    }

    /// Everything filed.
    fn into_index(mut self, src: &KeyText<'_>) -> KeyIndex {
        self.file(src);
        self.index
    }
}

pub(crate) struct LeadSink {
    headers: Vec<String>,
    columns: Vec<Column>,
    typed: Vec<(usize, Typed)>,
    id_col: Option<usize>,
    email_col: Option<usize>,
    status: StatusMapping,
    report: ImportReport,
    errors: Errors,
    placeholders: Placeholders,
    leads: Vec<Lead>,
    /// The kept leads' cells, by column.
    columns_cells: Vec<Cells>,
    /// The room for one row's cleaned cells, reused from row to row (see
    /// [`recycle`]).
    row: Vec<&'static str>,
    /// The typed cells of the row whose stored text is not the cell as
    /// written (`1,200` is stored as `1200`, `Yes` as `true`), by column.
    typed_text: Vec<(usize, Cow<'static, str>)>,
    /// The row's dates, by column, as read (not read again to be stored).
    typed_time: Vec<(usize, Time)>,
    /// Lead key -> (lead index, line) of the leads kept so far.
    ids: LeadKeys,
    nested_kept: Vec<Activity>,
    activity_matcher: Matcher,
    tally: WordTally,
    /// Bytes of the kept leads' cells and id keys.
    cells: usize,
}

impl LeadSink {
    fn open(info: &FileInfo<'_>, mapping: &[(String, Option<String>)], status: &StatusMapping) -> Result<LeadSink, Error> {
        let map = mapping::map_columns(info.headers, Kind::Leads, mapping)?;
        let col = |f: Field| map.column(field_index(f));
        let (id_col, email_col) = (col(Field::Id), col(Field::Email));
        if id_col.is_none() && email_col.is_none() {
            let mut names = mapping::names_for(Kind::Leads, "id");
            names.extend(mapping::names_for(Kind::Leads, "email"));
            return Err(Error::new(format!(
                "the lead file needs an id or an email column and has neither; columns found: {}. \
                 Name a column id or email (also understood: {}), or map one by hand",
                quoted(info.headers),
                names.join(", ")
            )));
        }
        let headers = info.headers.to_vec();
        let columns: Vec<Column> = headers
            .iter()
            .zip(&map.fields)
            .map(|(h, f)| Column {
                header: h.clone(),
                field: f.map(|i| Field::ALL[i]),
            })
            .collect();
        let typed: Vec<(usize, Typed)> = columns
            .iter()
            .enumerate()
            .filter_map(|(c, column)| {
                let t = match column.field? {
                    Field::CompanySize => Typed::Size,
                    f @ (Field::CreatedAt | Field::RejectedAt | Field::FirstContactAt) => Typed::Date(f),
                    Field::Converted => Typed::Converted,
                    Field::SalesOutcome => Typed::Outcome,
                    Field::RejectionReason => Typed::Reason,
                    _ => return None,
                };
                Some((c, t))
            })
            .collect();
        let columns_cells = columns.iter().map(|c| Cells::for_field(c.field)).collect();
        Ok(LeadSink {
            report: new_report("leads", info, &map),
            headers,
            columns,
            typed,
            id_col,
            email_col,
            status: status.clone(),
            errors: Errors::default(),
            placeholders: Placeholders::default(),
            leads: Vec::new(),
            columns_cells,
            row: Vec::new(),
            typed_text: Vec::new(),
            typed_time: Vec::new(),
            ids: LeadKeys::default(),
            nested_kept: Vec::new(),
            activity_matcher: Matcher::new(Kind::Activities),
            tally: WordTally::default(),
            cells: 0,
        })
    }

    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn item(&mut self, item: Item<'_>, log: &mut ActivityLog) {
        self.report.read += 1;
        let (line, cells, nested) = match item {
            Item::Bad(e) => {
                self.report.rejected += 1;
                self.errors.push(e);
                return;
            }
            Item::Row { line, cells, nested } => (line, cells, nested),
        };
        // Every cell is cleaned (placeholders counted) whether the row is kept or not.
        let mut values: Vec<&str> = std::mem::take(&mut self.row);
        values.extend(cells.iter().map(|c| self.placeholders.clean(c)));
        let pinned = Default::default();
        let mut row = LeadRow {
            headers: &self.headers,
            id_col: self.id_col,
            email_col: self.email_col,
            typed: &self.typed,
            ids: &mut self.ids,
            cells: &self.columns_cells,
            pinned: &pinned,
            kept: &self.leads,
            status: &self.status,
        };
        match row.build(line, &values, &mut self.typed_text, &mut self.typed_time, &mut self.tally) {
            Err(e) => {
                self.report.rejected += 1;
                self.errors.push(e);
            }
            Ok((lead, id_col, key)) => {
                self.report.kept += 1;
                if let Some(n) = nested {
                    read_nested(
                        &n,
                        values[id_col],
                        &self.activity_matcher,
                        log,
                        &mut self.nested_kept,
                        &mut self.errors,
                        &mut self.placeholders,
                    );
                }
                // Two 4-byte slots per key, a key per id and per email.
                self.cells += 16;
                for &(c, ref text) in &self.typed_text {
                    values[c] = text;
                }
                for (c, v) in self.columns_cells.iter_mut().zip(&values) {
                    self.cells += v.len() + 4;
                    // A date cell is in `typed_time`, unless empty.
                    if v.is_empty() || !c.is_dates() {
                        c.push(v);
                    }
                }
                for &(c, t) in &self.typed_time {
                    self.columns_cells[c].push_time(values[c], t);
                }
                let src = KeyText { cells: &self.columns_cells, id_col: self.id_col, email_col: self.email_col, pinned: &pinned };
                self.ids.insert(&src, &key, self.leads.len() as u32);
                self.leads.push(lead);
            }
        }
        self.row = recycle(values);
    }

    fn finish(self, log: &mut ActivityLog) -> (LeadTable, ImportReport) {
        let LeadSink { columns, columns_cells: mut cells, id_col, email_col, mut report, errors, placeholders, leads, ids, nested_kept, tally, .. } = self;
        cells.iter_mut().for_each(Cells::seal);
        // Ids first; then emails, where the key is free (activities may name a
        // lead by email).
        let pinned = Default::default();
        let src = KeyText { cells: &cells, id_col, email_col, pinned: &pinned };
        let mut by_key = ids.into_index(&src);
        if let Some(ec) = email_col {
            by_key.reserve(&src, cells[ec].strings());
            // In batches, each filed in one loop (as `insert_if_free` in lead
            // order: a key taken stays, the first lead of an email wins).
            let (mut hashes, mut refs) = (Vec::with_capacity(KEY_BATCH.min(leads.len())), Vec::with_capacity(KEY_BATCH.min(leads.len())));
            for i in 0..leads.len() {
                let email = cells[ec].text(i);
                if !email.is_empty() {
                    hashes.push(text_hash(&values::lead_key(email)));
                    refs.push(KeyRef::Email(i as u32));
                    if refs.len() == KEY_BATCH {
                        by_key.insert_many(&src, &mut hashes, &mut refs, false);
                    }
                }
            }
            by_key.insert_many(&src, &mut hashes, &mut refs, false);
        }
        report.nested_activities = nested_kept.len();
        let mut errors = errors;
        if let Err(line) = log.set_nested(nested_kept) {
            report.nested_activities = 0;
            errors.push(row_error(line, None, format_args!("activities not kept: {}", crate::dataset::far_times_full())));
        }
        finish(&mut report, errors, placeholders);
        finish_words(&mut report, tally);
        (LeadTable::new(columns, cells, leads, by_key), report)
    }
}

/// What a lead row needs to know about its file.
struct LeadRow<'a> {
    headers: &'a [String],
    id_col: Option<usize>,
    email_col: Option<usize>,
    typed: &'a [(usize, Typed)],
    /// Lead key -> (lead index, line) of the leads kept so far.
    ids: &'a mut LeadKeys,
    /// Their cells.
    cells: &'a [Cells],
    pinned: &'a crate::dataset::PinnedIds,
    /// The leads kept so far (for the line of a duplicate's first row).
    kept: &'a [Lead],
    status: &'a StatusMapping,
}

impl LeadRow<'_> {
    /// The lead of a row of cleaned cells, the column its id is from and
    /// its key; the typed cells stored as other text than read are left
    /// in `typed_text`, the dates read in `typed_time`.
    fn build<'v>(
        &mut self,
        line: u32,
        values: &[&'v str],
        typed_text: &mut Vec<(usize, Cow<'static, str>)>,
        typed_time: &mut Vec<(usize, Time)>,
        tally: &mut WordTally,
    ) -> Result<(Lead, usize, Cow<'v, str>), RowError> {
        typed_text.clear();
        typed_time.clear();
        let cell = |c: Option<usize>| c.map(|c| values[c]).filter(|v| !v.is_empty());
        let id_from = match (cell(self.id_col), cell(self.email_col)) {
            (Some(_), _) => self.id_col,
            (None, Some(_)) => self.email_col,
            (None, None) => return Err(row_error(line, None, "no id and no email")),
        };
        let id_col = id_from.expect("an id or an email");
        let mut lead = Lead {
            line,
            company_size: MaybeNumber::NONE,
            created_at: MaybeTime::NONE,
            rejected_at: MaybeTime::NONE,
            first_contact_at: MaybeTime::NONE,
            converted: None,
            decision: None,
        };
        // Words are tallied only for rows that are kept.
        let mut word: Option<&str> = None;
        let mut reason: Option<Reason> = None;
        for &(c, t) in self.typed {
            let v = values[c];
            if v.is_empty() {
                continue;
            }
            let header = self.headers[c].as_str();
            let bad = |what: &str| row_error(line, Some(header), format_args!("\"{v}\" {what}"));
            let clean: Cow<'static, str> = match t {
                Typed::Size => {
                    let (n, text) = values::company_size_and_text(v).ok_or_else(|| {
                        bad("is not a number of employees (use a whole number such as 250, or a range such as 201-500)")
                    })?;
                    lead.company_size = Some(n).into();
                    match text {
                        Some(t) => Cow::Owned(t),
                        // Stored as written.
                        None => continue,
                    }
                }
                Typed::Date(f) => {
                    let t = parse_date(line, header, v)?;
                    typed_time.push((c, t));
                    match f {
                        Field::CreatedAt => lead.created_at = t.into(),
                        Field::RejectedAt => lead.rejected_at = t.into(),
                        _ => lead.first_contact_at = t.into(),
                    }
                    continue;
                }
                Typed::Converted => {
                    let b = values::converted(v).ok_or_else(|| bad("is not true/false, 1/0 or yes/no"))?;
                    lead.converted = Some(b);
                    Cow::Borrowed(if b { "true" } else { "false" })
                }
                Typed::Outcome => {
                    // accepted / rejected are cleaned; a CRM word stays as written.
                    word = Some(v);
                    match values::sales_outcome(v) {
                        Some(o) if o == v => continue,
                        Some(o) => Cow::Borrowed(o),
                        None => continue,
                    }
                }
                Typed::Reason => {
                    let r = values::rejection_reason(v).ok_or_else(|| {
                        bad("is not a rejection reason (use wrong_icp, premature, duplicate or unreachable)")
                    })?;
                    reason = Reason::parse(r);
                    if r == v {
                        continue;
                    }
                    Cow::Borrowed(r)
                }
            };
            typed_text.push((c, clean));
        }
        let key = values::lead_key(values[id_col]);
        let src = KeyText { cells: self.cells, id_col: self.id_col, email_col: self.email_col, pinned: self.pinned };
        if let Some(first) = self.ids.get(&src, &key).map(|i| self.kept[i as usize].line) {
            let what = if id_from == self.id_col { "id" } else { "email" };
            let header = id_from.map(|c| self.headers[c].as_str());
            return Err(row_error(
                line,
                header,
                format_args!("duplicate {what} \"{}\" (first on line {first})", values[id_col]),
            ));
        }
        let decided = match word {
            Some(w) => match tally.read(self.status, w) {
                Read::Decision(m) => Some(m),
                Read::NotDecided | Read::Unmapped => None,
            },
            // A reason on its own says the lead was rejected.
            None => reason.map(|_| Mapped { outcome: Outcome::Rejected, reason: None, converted: None }),
        };
        lead.decision = decided.map(|m| match (m.outcome, reason) {
            (Outcome::Rejected, Some(r)) => Mapped { reason: Some(r), ..m },
            _ => m,
        });
        Ok((lead, id_col, key))
    }
}

/// A row's emptied room for borrowed cells, back as the sink's own: the
/// same allocation (collected in place), so a row allocates nothing.
fn recycle(mut v: Vec<&str>) -> Vec<&'static str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

// ---------------------------------------------------------------- activities

/// An activity's cells by field (see [`ACTIVITY_KEYS`]): the header as
/// written and the cleaned value, for each field the record has.
type ActivityCells<'a> = [Option<(&'a str, &'a str)>; 4];

#[inline(always)]
fn required<'a>(line: u32, cell: Option<(&'a str, &'a str)>, what: &str) -> Result<(&'a str, &'a str), RowError> {
    match cell {
        None => Err(row_error(line, None, format_args!("the activity has no {what}"))),
        Some((h, "")) => Err(row_error(line, Some(h), format_args!("{what} is empty"))),
        Some(c) => Ok(c),
    }
}

/// What the rows before leave in hand, to skip table lookups (each a hash
/// of the text, a probe, and often a cache miss).
#[derive(Default)]
struct Recent {
    /// The key of the row before: files grouped by lead repeat it.
    key: Option<u32>,
    /// `(hash, kind, detail, pair)` of a (type, detail) read before, in the
    /// slot of the raw cells' hash, for a type already in its stored form;
    /// empty when not kept (nested activities). Checked against the stored
    /// text on every use, so a clash only costs the lookups it would have
    /// saved. `pair` is the log's code of (kind, detail) once a row of
    /// them was stored (`u32::MAX` before): the log's table of pairs only
    /// grows while a file is read.
    pairs: Vec<(u32, u32, u32, u32)>,
}

/// Slots of [`Recent::pairs`] (16 bytes each).
const RECENT_PAIRS: usize = 1024;

/// No slot of [`Recent::pairs`] (nested activities, or a type that is
/// not in its stored form).
const NO_SLOT: u32 = u32::MAX;

impl Recent {
    fn with_pairs() -> Recent {
        Recent { key: None, pairs: vec![(0, u32::MAX, u32::MAX, u32::MAX); RECENT_PAIRS] }
    }
}

/// Checks one activity and interns its strings.
fn read_activity(line: u32, cells: ActivityCells<'_>, log: &mut ActivityLog, recent: &mut Recent) -> Result<Activity, RowError> {
    let (a, lead, _) = read_row(line, cells, log, recent)?;
    let lead = values::lead_key(lead);
    let key = match recent.key {
        Some(k) if log.keys.is(k, &lead) => k,
        _ => log.keys.intern(&lead),
    };
    recent.key = Some(key);
    Ok(Activity { key, ..a })
}

/// Checks one activity and interns its type and detail: the activity (its
/// key not looked up yet: 0), its lead id as written, and its slot of
/// [`Recent::pairs`] (or [`NO_SLOT`]).
#[cfg_attr(leadscore_speed, optimize(speed))]
fn read_row<'a>(line: u32, cells: ActivityCells<'a>, log: &mut ActivityLog, recent: &mut Recent) -> Result<(Activity, &'a str, u32), RowError> {
    let (_, lead) = required(line, cells[A_LEAD_ID], "lead id")?;
    let (time_header, time) = required(line, cells[A_TIMESTAMP], "timestamp")?;
    let (type_header, kind) = required(line, cells[A_TYPE], "type")?;
    let time = parse_date(line, time_header, time)?;
    let detail = cells[A_DETAIL].map_or("", |(_, d)| d);
    let (hash, slot) = match recent.pairs.len() {
        0 => (0, None),
        n => {
            let h = crate::dataset::text_hash(kind) ^ crate::dataset::text_hash(detail).rotate_left(32);
            (h as u32, Some(((h >> 32) as usize) & (n - 1)))
        }
    };
    let seen = slot
        .map(|i| recent.pairs[i])
        .filter(|&(h, k, d, _)| h == hash && k != u32::MAX && log.kinds.is(k, kind) && log.details.is(d, detail));
    let (kind, detail, slot) = match seen {
        Some((_, k, d, _)) => (k, d, slot),
        None => {
            let normalized = values::activity_type(kind);
            if normalized.is_empty() {
                return Err(row_error(
                    line,
                    Some(type_header),
                    format_args!("\"{kind}\" is not an activity type"),
                ));
            }
            let (k, d) = (log.kinds.intern(&normalized), log.details.intern(detail));
            match (slot, normalized) {
                (Some(i), Cow::Borrowed(_)) => {
                    recent.pairs[i] = (hash, k, d, u32::MAX);
                    (k, d, Some(i))
                }
                _ => (k, d, None),
            }
        }
    };
    Ok((Activity { key: 0, time, kind, detail, line }, lead, slot.map_or(NO_SLOT, |i| i as u32)))
}

/// A lead's `activities` value: each object becomes an activity keyed by the
/// lead's id; a bad one is reported with its own line and skipped.
fn read_nested(
    n: &Nested<'_>,
    lead_id: &str,
    matcher: &Matcher,
    log: &mut ActivityLog,
    out: &mut Vec<Activity>,
    errors: &mut Errors,
    placeholders: &mut Placeholders,
) {
    let json = n.json;
    match json.as_bytes().first() {
        Some(b'[') => {}
        Some(b'n') => return,
        _ if json == "\"\"" => return,
        _ => {
            let what = "expected an array of activities, each {\"timestamp\": ..., \"type\": ..., \"detail\": ...}";
            errors.push(row_error(n.line, Some(n.key), what));
            return;
        }
    }
    let Ok(items) = crate::json::read::raw_array(json) else {
        errors.push(row_error(n.line, Some(n.key), "the activities cannot be read as JSON"));
        return;
    };
    for item in items {
        let line = n.line + source::count_lines(&json.as_bytes()[..source::offset_in(json, item)]);
        let obj = match crate::json::read::raw_members(item) {
            Ok(obj) => obj,
            Err(_) => {
                errors.push(row_error(
                    line,
                    None,
                    "an activity must be an object with timestamp, type and detail",
                ));
                continue;
            }
        };
        // Canonical keys beat aliases; otherwise the first key wins.
        let mut owned: [Option<(&str, String, bool)>; 4] = Default::default();
        for (k, v) in &obj {
            let (f, canonical) = match (matcher.canonical(k), matcher.alias(k)) {
                (Some(f), _) => (f, true),
                (None, Some(f)) => (f, false),
                (None, None) => continue,
            };
            if f == A_LEAD_ID {
                continue; // nested activities belong to their lead
            }
            let take = match &owned[f] {
                None => true,
                Some((_, _, was_canonical)) => canonical && !was_canonical,
            };
            if take {
                owned[f] = Some((k.as_str(), source::cell_text(v), canonical));
            }
        }
        let mut cells: ActivityCells<'_> = owned
            .each_ref()
            .map(|o| o.as_ref().map(|(k, v, _)| (*k, placeholders.clean(v))));
        cells[A_LEAD_ID] = Some(("id", lead_id));
        match read_activity(line, cells, log, &mut Recent::default()) {
            Ok(a) => out.push(a),
            Err(e) => errors.push(e),
        }
    }
}

/// Reads a whole activity-log file and APPENDS its rows to the log (only
/// when the file as a whole can be read).
pub fn import_activities(
    input: &[u8],
    mapping: &[(String, Option<String>)],
    log: &mut ActivityLog,
) -> Result<ImportReport, Error> {
    match one_shot(ImportKind::Activities, input, mapping, &StatusMapping::default(), log)? {
        Imported::Activities(r) => Ok(r),
        _ => unreachable!("an activity import gives activities"),
    }
}

/// Rows go straight into the log (no second copy of a large file's
/// activities); a file that fails as a whole takes its rows back out.
pub(crate) struct ActivitySink {
    headers: Vec<String>,
    cols: [Option<usize>; 4],
    report: ImportReport,
    errors: Errors,
    placeholders: Placeholders,
    undo: Undo,
    /// Bytes of the strings this file interned.
    interned: usize,
    /// What the rows read so far leave in hand.
    recent: Recent,
    /// Rows read and not stored yet, their keys to be looked up together.
    batch: KeyBatch,
}

/// Rows of an activity file read and checked, held until [`MANY`] of them
/// (or the end of a fed piece) so that their lead keys are looked up
/// together ([`crate::dataset::Interner::intern_many`]): with a million
/// keys each lookup was up to three cache misses in a row (slot, end,
/// text), a third of the import. Stored in reading order, as one by one.
struct KeyBatch {
    /// How many rows are held.
    n: usize,
    /// Each row, its key not looked up yet.
    rows: [Activity; MANY],
    /// Row `j`'s lead key is `keys[ends[j]..ends[j + 1]]`.
    keys: String,
    ends: [u32; MANY + 1],
    codes: [u32; MANY],
    /// Row `j`'s slot of [`Recent::pairs`] (or [`NO_SLOT`]), and its pair
    /// code when that slot had it (`u32::MAX` otherwise).
    slots: [u32; MANY],
    pairs: [u32; MANY],
    lookups: Lookups,
}

impl Default for KeyBatch {
    fn default() -> KeyBatch {
        let row = Activity { key: 0, time: 0, kind: 0, detail: 0, line: 0 };
        KeyBatch {
            n: 0,
            rows: [row; MANY],
            keys: String::new(),
            ends: [0; MANY + 1],
            codes: [0; MANY],
            slots: [NO_SLOT; MANY],
            pairs: [u32::MAX; MANY],
            lookups: Lookups::default(),
        }
    }
}

impl ActivitySink {
    fn open(info: &FileInfo<'_>, mapping: &[(String, Option<String>)], log: &ActivityLog) -> Result<ActivitySink, Error> {
        let map = mapping::map_columns(info.headers, Kind::Activities, mapping)?;
        let cols: [Option<usize>; 4] = std::array::from_fn(|f| map.column(f));
        let missing: Vec<usize> = [A_LEAD_ID, A_TIMESTAMP, A_TYPE]
            .into_iter()
            .filter(|&f| cols[f].is_none())
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing
                .iter()
                .map(|&f| {
                    let key = ACTIVITY_KEYS[f];
                    format!("for {key}: {}", mapping::names_for(Kind::Activities, key).join(", "))
                })
                .collect();
            return Err(Error::new(format!(
                "the activity file needs lead_id, timestamp and type columns; missing: {}. Columns found: {}. \
                 Also understood {}. Rename the columns or map them by hand",
                missing.iter().map(|&f| ACTIVITY_KEYS[f]).collect::<Vec<_>>().join(", "),
                quoted(info.headers),
                names.join("; ")
            )));
        }
        Ok(ActivitySink {
            headers: info.headers.to_vec(),
            cols,
            report: new_report("activities", info, &map),
            errors: Errors::default(),
            placeholders: Placeholders::default(),
            undo: Undo::new(log),
            interned: 0,
            recent: Recent::with_pairs(),
            batch: KeyBatch::default(),
        })
    }

    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn item(&mut self, item: Item<'_>, log: &mut ActivityLog) {
        self.report.read += 1;
        let result = match item {
            Item::Bad(e) => Err(e),
            Item::Row { line, cells, .. } => {
                let mut fields: ActivityCells<'_> = [None; 4];
                // By index: the array iterators are calls in the size-first wasm.
                let mut f = 0;
                while f < fields.len() {
                    if let Some(c) = self.cols[f] {
                        fields[f] = Some((self.headers[c].as_str(), self.placeholders.clean(cells[c])));
                    }
                    f += 1;
                }
                let before = strings_held(log);
                let r = read_row(line, fields, log, &mut self.recent);
                self.interned += strings_held(log) - before;
                r
            }
        };
        match result {
            Ok((a, lead, slot)) => {
                let b = &mut self.batch;
                b.rows[b.n] = a;
                b.slots[b.n] = slot;
                b.pairs[b.n] = match slot {
                    NO_SLOT => u32::MAX,
                    i => self.recent.pairs[i as usize].3,
                };
                b.keys.push_str(&values::lead_key(lead));
                b.n += 1;
                b.ends[b.n] = b.keys.len() as u32;
                if b.n == MANY {
                    self.flush(log);
                }
            }
            Err(e) => {
                // The rows before first, so that the errors stay in line order.
                self.flush(log);
                self.report.rejected += 1;
                self.errors.push(e);
            }
        }
    }

    /// Looks up the held rows' keys and stores the rows, in reading order.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn flush(&mut self, log: &mut ActivityLog) {
        let ActivitySink { headers, cols, report, errors, interned, recent, batch: b, .. } = self;
        if b.n == 0 {
            return;
        }
        let before = strings_held(log);
        log.keys.intern_many(&b.keys, &b.ends[..=b.n], &mut recent.key, &mut b.lookups, &mut b.codes);
        let rows = &b.rows[..b.n];
        let mut refused = 0;
        log.push_many(rows, &b.codes[..b.n], &mut b.pairs[..b.n], |j, e| {
            refused += 1;
            errors.push(row_error(rows[j].line, cols[A_TIMESTAMP].map(|c| headers[c].as_str()), e));
        });
        report.rejected += refused;
        report.kept += b.n - refused;
        // The pair codes the log gave, for the next rows of the same pair
        // (the slot kept if no other pair took it since).
        let mut j = 0;
        while j < b.n {
            if b.slots[j] != NO_SLOT && b.pairs[j] != u32::MAX {
                let e = &mut recent.pairs[b.slots[j] as usize];
                if (e.1, e.2) == (rows[j].kind, rows[j].detail) {
                    e.3 = b.pairs[j];
                }
            }
            j += 1;
        }
        *interned += strings_held(log) - before;
        b.n = 0;
        b.keys.clear();
    }

    fn finish(mut self, log: &mut ActivityLog) -> ImportReport {
        self.flush(log);
        let ActivitySink { mut report, errors, placeholders, .. } = self;
        finish(&mut report, errors, placeholders);
        report
    }
}

/// New strings of the activity log, counted as they come (text, end and
/// table slot).
fn strings_held(log: &ActivityLog) -> usize {
    let (k, t, d) = (&log.keys, &log.kinds, &log.details);
    k.text_len() + t.text_len() + d.text_len() + 40 * (k.len() + t.len() + d.len())
}

// ---------------------------------------------------------------- outcomes

/// Reads a whole outcome log: one sales decision per row. Returns its rows
/// (to be joined to leads) and the report; rows with a status word that
/// has no mapping are rejected with their line, and counted by word.
pub fn import_outcomes(
    input: &[u8],
    mapping: &[(String, Option<String>)],
    status: &StatusMapping,
) -> Result<(Vec<OutcomeRow>, ImportReport), Error> {
    let mut log = ActivityLog::default();
    match one_shot(ImportKind::Outcomes, input, mapping, status, &mut log)? {
        Imported::Outcomes(rows, r) => Ok((rows, r)),
        _ => unreachable!("an outcome import gives outcomes"),
    }
}

pub(crate) struct OutcomeSink {
    headers: Vec<String>,
    cols: [Option<usize>; 6],
    status: StatusMapping,
    report: ImportReport,
    errors: Errors,
    placeholders: Placeholders,
    tally: WordTally,
    rows: Vec<OutcomeRow>,
    /// Bytes of the rows' lead keys.
    keys: usize,
}

impl OutcomeSink {
    fn open(info: &FileInfo<'_>, mapping: &[(String, Option<String>)], status: &StatusMapping) -> Result<OutcomeSink, Error> {
        let map = mapping::map_columns(info.headers, Kind::Outcomes, mapping)?;
        let cols: [Option<usize>; 6] = std::array::from_fn(|f| map.column(f));
        let missing: Vec<usize> = [O_LEAD_ID, O_OUTCOME, O_AT].into_iter().filter(|&f| cols[f].is_none()).collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing
                .iter()
                .map(|&f| format!("for {}: {}", OUTCOME_KEYS[f], mapping::names_for(Kind::Outcomes, OUTCOME_KEYS[f]).join(", ")))
                .collect();
            return Err(Error::new(format!(
                "the outcome log needs lead_id, outcome and at columns; missing: {}. Columns found: {}. \
                 Also understood {}. Rename the columns or map them by hand",
                missing.iter().map(|&f| OUTCOME_KEYS[f]).collect::<Vec<_>>().join(", "),
                quoted(info.headers),
                names.join("; ")
            )));
        }
        Ok(OutcomeSink {
            headers: info.headers.to_vec(),
            cols,
            status: status.clone(),
            report: new_report("outcomes", info, &map),
            errors: Errors::default(),
            placeholders: Placeholders::default(),
            tally: WordTally::default(),
            rows: Vec::new(),
            keys: 0,
        })
    }

    fn item(&mut self, item: Item<'_>) {
        self.report.read += 1;
        let result = match item {
            Item::Bad(e) => Err(e),
            Item::Row { line, cells, .. } => {
                let (headers, placeholders, cols) = (&self.headers, &mut self.placeholders, &self.cols);
                let cell = |f: usize| cols[f].map(|c| (headers[c].as_str(), placeholders.clean(cells[c])));
                let fields: [Option<(&str, &str)>; 6] = std::array::from_fn(cell);
                read_outcome(line, fields, &self.status, &mut self.tally)
            }
        };
        match result {
            Ok(r) => {
                self.report.kept += 1;
                self.keys += boxed_bytes(&r.key);
                self.rows.push(r);
            }
            Err(e) => {
                self.report.rejected += 1;
                self.errors.push(e);
            }
        }
    }

    fn finish(self) -> (Vec<OutcomeRow>, ImportReport) {
        let OutcomeSink { mut report, errors, placeholders, tally, rows, .. } = self;
        finish(&mut report, errors, placeholders);
        finish_words(&mut report, tally);
        (rows, report)
    }
}

fn read_outcome(
    line: u32,
    cells: [Option<(&str, &str)>; 6],
    status: &StatusMapping,
    tally: &mut WordTally,
) -> Result<OutcomeRow, RowError> {
    let (_, lead) = required(line, cells[O_LEAD_ID], "lead id")?;
    let (oh, word) = required(line, cells[O_OUTCOME], "outcome")?;
    let (ah, at) = required(line, cells[O_AT], "decision time (at)")?;
    let time = parse_date(line, ah, at)?;
    let reason = match cells[O_REASON] {
        Some((h, r)) if !r.is_empty() => Some(Reason::parse(r).ok_or_else(|| {
            row_error(line, Some(h), format_args!("\"{r}\" is not a rejection reason (use wrong_icp, premature, duplicate or unreachable)"))
        })?),
        _ => None,
    };
    let converted = match cells[O_CONVERTED] {
        Some((h, v)) if !v.is_empty() => {
            Some(values::converted(v).ok_or_else(|| row_error(line, Some(h), format_args!("\"{v}\" is not true/false, 1/0 or yes/no")))?)
        }
        _ => None,
    };
    let first_contact_at = match cells[O_FIRST_CONTACT] {
        Some((h, v)) if !v.is_empty() => Some(parse_date(line, h, v)?),
        _ => None,
    };
    let mut mapped = match tally.read(status, word) {
        Read::Decision(m) => m,
        Read::NotDecided => {
            return Err(row_error(line, Some(oh), format_args!("\"{word}\" is mapped to no decision (the lead is not worked yet)")))
        }
        Read::Unmapped => {
            return Err(row_error(
                line,
                Some(oh),
                format_args!("\"{word}\" is a status word with no mapping: map it to accepted or rejected (with a reason) and import again"),
            ))
        }
    };
    if mapped.outcome == Outcome::Rejected && reason.is_some() {
        mapped.reason = reason;
    }
    if converted.is_some() {
        mapped.converted = converted;
    }
    Ok(OutcomeRow { key: values::lead_key(lead).into(), line, time, mapped, first_contact_at, snapshot: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leads(text: &str) -> (LeadTable, ImportReport, ActivityLog) {
        let mut log = ActivityLog::default();
        let (t, r) = import_leads(text.as_bytes(), &[], &mut log).unwrap();
        assert_eq!(r.read, r.kept + r.rejected);
        (t, r, log)
    }

    fn messages(r: &ImportReport) -> Vec<&str> {
        r.errors.iter().map(|e| e.message.as_str()).collect()
    }

    /// Rows whose (type, detail) repeat, clash in the cache of recent pairs
    /// (thousands of them), or have a type not in its stored form: every
    /// row gets the codes a plain first-seen numbering gives its normalized
    /// type and its detail, and the interned bytes are counted once each.
    #[test]
    fn activity_strings_are_coded_in_first_seen_order() {
        let kinds = ["visit", "Page View", "page_view", "email_open", "Email-Open", "x1"];
        let mut rng = 7u64;
        let mut next = |n: u64| {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (rng >> 33) % n
        };
        let mut text = String::from("lead_id,timestamp,type,detail\n");
        let mut want: Vec<(String, String, String)> = Vec::new();
        for i in 0..20_000 {
            let kind = kinds[next(kinds.len() as u64) as usize];
            // Few details at first, then thousands, some only a middle byte apart.
            let detail = match next(4) {
                0 => format!("/p/{}", next(if i < 5000 { 5 } else { 4000 })),
                1 => format!("/blog/{}-post-about-things", (b'a' + next(26) as u8) as char),
                2 => String::new(),
                _ => format!("newsletter-2026-{:02}", next(12)),
            };
            let key = format!("L-{}", next(300));
            text.push_str(&format!("{key},2026-03-01T09:{:02}:00Z,{kind},{detail}\n", next(60)));
            want.push((key, values::activity_type(kind).into_owned(), detail));
        }
        let mut log = ActivityLog::default();
        let r = import_activities(text.as_bytes(), &[], &mut log).unwrap();
        assert_eq!((r.read, r.kept), (20_000, 20_000));
        let code = |seen: &mut Vec<String>, s: &str| match seen.iter().position(|x| x == s) {
            Some(i) => i as u32,
            None => {
                seen.push(s.to_string());
                seen.len() as u32 - 1
            }
        };
        let (mut keys, mut types, mut details) = (Vec::new(), Vec::new(), Vec::new());
        let got = log.from_files();
        for (a, (key, kind, detail)) in got.iter().zip(&want) {
            assert_eq!((a.key, a.kind, a.detail), (code(&mut keys, key), code(&mut types, kind), code(&mut details, detail)));
        }
        assert_eq!(got.len(), want.len());
        assert!(details.len() > 2000, "{}", details.len());
        assert_eq!((log.keys.len(), log.kinds.len(), log.details.len()), (keys.len(), types.len(), details.len()));
    }

    /// Lead keys looked up a batch at a time (see [`KeyBatch`]): rows with
    /// a bad cell between them, keys repeated within a batch and across its
    /// ends, the same lead written in other case, in any chunking and in a
    /// second file whose keys the first one filed: every row gets the code
    /// of a plain first-seen numbering of its key, and the errors come in
    /// line order with their lines.
    #[test]
    fn batched_keys_are_coded_in_first_seen_order() {
        let mut rng = 11u64;
        let mut next = |n: u64| {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (rng >> 33) % n
        };
        let mut files = Vec::new();
        for file in 0..2 {
            let mut text = String::from("lead_id,timestamp,type,detail\n");
            // (line, key) of each good row, and the lines of the bad ones.
            let (mut good, mut bad) = (Vec::new(), Vec::new());
            let mut line = 1;
            let mut key = 0;
            for _ in 0..(3 * MANY + 17 + file * 500) {
                line += 1;
                // Runs of one lead, and jumps among a few hundred (new ones in the second file).
                if next(3) != 0 {
                    key = next(150 + 150 * file as u64);
                }
                let id = match next(4) {
                    0 => format!("Lead-{key}@Example.com"),
                    1 => format!(" lead-{key}@example.com"),
                    _ => format!("L{key}"),
                };
                let norm = if id.contains('@') { format!("lead-{key}@example.com") } else { id.clone() };
                match next(12) {
                    0 => {
                        text.push_str(&format!("{id},not a time,visit,/a\n"));
                        bad.push(line);
                    }
                    1 => {
                        text.push_str(",2026-03-01,visit,/a\n");
                        bad.push(line);
                    }
                    2 => {
                        text.push('\n');
                    }
                    _ => {
                        text.push_str(&format!("{id},2026-03-01T09:{:02}:00Z,visit,/a\n", next(60)));
                        good.push((line, norm));
                    }
                }
            }
            files.push((text, good, bad));
        }
        let mut want: Vec<Vec<String>> = Vec::new();
        for chunk in [1, 7, 64, 1000, usize::MAX] {
            let mut log = ActivityLog::default();
            let mut seen: Vec<String> = Vec::new();
            let mut keys = Vec::new();
            for (text, good, bad) in &files {
                let spec = Spec::new(ImportKind::Activities, &[], &StatusMapping::default());
                let mut s = ImportStream::begin(spec, Some(text.len() as u64), 0, usize::MAX, &log);
                for c in text.as_bytes().chunks(chunk.min(text.len())) {
                    s.feed(c, &mut log).unwrap();
                }
                let Imported::Activities(r) = s.finish(&mut log).unwrap() else { panic!("activities") };
                assert_eq!((r.kept, r.rejected), (good.len(), bad.len()));
                assert_eq!(r.errors.iter().map(|e| e.line).collect::<Vec<_>>(), *bad);
                let got = log.from_files();
                let got = &got[got.len() - good.len()..];
                for (a, (line, key)) in got.iter().zip(good) {
                    let code = seen.iter().position(|k| k == key).unwrap_or_else(|| {
                        seen.push(key.clone());
                        seen.len() - 1
                    });
                    assert_eq!((a.line, a.key), (*line, code as u32), "{key}");
                    keys.push(log.keys.resolve(a.key).to_string());
                }
            }
            assert_eq!(log.keys.iter().collect::<Vec<_>>(), seen);
            want.push(keys);
        }
        assert!(want.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn typed_columns_are_parsed_and_cleaned() {
        let (t, r, _) = leads(
            "id,company_size,created_at,converted,sales_outcome,rejection_reason,rejected_at,first_contact_at\n\
             L1,\"1,200\",2026-03-01,Yes,Rejected,Wrong ICP,2026-03-05 10:00:00,2026-03-02T09:00:00Z\n\
             L2,201-500,,0,,,,\n",
        );
        assert_eq!((r.read, r.kept, r.rejected), (2, 2, 0));
        let a = &t.leads[0];
        assert_eq!(a.company_size.get(), Some(1200.0));
        assert_eq!(a.created_at.get(), Some(parse_time("2026-03-01").unwrap()));
        assert_eq!(a.rejected_at.get(), Some(parse_time("2026-03-05T10:00:00Z").unwrap()));
        assert_eq!(a.first_contact_at.get(), Some(parse_time("2026-03-02T09:00:00Z").unwrap()));
        assert_eq!(a.converted, Some(true));
        let v: Vec<String> = t.row(0).iter().map(|c| c.to_string()).collect();
        assert_eq!(
            v,
            vec![
                "L1",
                "1200",
                "2026-03-01",
                "true",
                "rejected",
                "wrong_icp",
                "2026-03-05 10:00:00",
                "2026-03-02T09:00:00Z"
            ]
        );
        let b = &t.leads[1];
        assert_eq!(
            (b.company_size.get(), b.created_at.get(), b.converted),
            (Some(201.0), None, Some(false))
        );
        assert_eq!(t.cell(1, 1), "201");
    }

    #[test]
    fn by_key_holds_ids_then_free_emails() {
        let (t, _, _) = leads("id,email\nL1,Ann@X.io\n,bob@x.io\nL3,L1@x.io\nann@x.io,c@x.io\n");
        let ids: Vec<&str> = (0..t.leads.len()).map(|i| t.id(i)).collect();
        assert_eq!(ids, vec!["L1", "bob@x.io", "L3", "ann@x.io"]);
        // The id "ann@x.io" of lead 3 takes the key from lead 0's email.
        assert_eq!(t.find("ann@x.io"), Some(3));
        assert_eq!(t.find("L1"), Some(0));
        assert_eq!(t.find("bob@x.io"), Some(1));
        assert_eq!(t.find("l1@x.io"), Some(2));
        assert_eq!(t.find("c@x.io"), Some(3));
        assert_eq!(t.keys(), 6);
    }

    /// Ids in rising runs (the lookup skipped, the filing batched), out of
    /// order, repeated, across lengths (`L-99`, `L-100`), rows keyed by
    /// email, emails repeated in other cases: the rows kept, the duplicates'
    /// first lines and every key's lead are those of a plain map filled
    /// row by row (ids, then each kept lead's email where free).
    #[test]
    fn lead_keys_match_a_map_filled_row_by_row() {
        use std::collections::HashMap;
        for seed in 1..40u64 {
            let mut next = crate::test_rng(seed * 0x9e37_79b9);
            let mut next = |n: u64| next() % n;
            let mut text = String::from("id,email\n");
            let (mut rising, mut rows) = (next(50), Vec::new());
            for _ in 0..300 + next(300) {
                let id = match next(10) {
                    0..=4 => {
                        rising += 1 + next(3);
                        format!("L-{rising}")
                    }
                    5 => format!("L-{}", next(rising + 1)),
                    6 => format!("X{}", next(40)),
                    7 if seed % 3 == 0 => format!("L-{}", rising + next(3)),
                    _ => String::new(),
                };
                let email = match next(4) {
                    // A row of empty cells is no row.
                    0 if !id.is_empty() => String::new(),
                    0 => "q@x.io".to_string(),
                    1 => format!("P{}@X.io", next(60)),
                    _ => format!("p{}@x.io", next(200)),
                };
                text.push_str(&format!("{id},{email}\n"));
                rows.push((id, email));
            }
            let (t, r, _) = leads(&text);
            let mut map: HashMap<String, (u32, u32)> = HashMap::new();
            let (mut kept, mut firsts) = (Vec::new(), Vec::new());
            for (i, (id, email)) in rows.iter().enumerate() {
                let line = i as u32 + 2;
                let key = if id.is_empty() { email.to_ascii_lowercase() } else { id.clone() };
                if let Some(&(_, first)) = map.get(&key) {
                    firsts.push((line, first));
                } else {
                    map.insert(key, (kept.len() as u32, line));
                    kept.push(email.to_ascii_lowercase());
                }
            }
            for (lead, email) in kept.iter().enumerate() {
                if !email.is_empty() {
                    map.entry(email.clone()).or_insert((lead as u32, 0));
                }
            }
            assert_eq!((r.kept, t.keys()), (kept.len(), map.len()), "seed {seed}");
            for (key, &(lead, _)) in &map {
                assert_eq!(t.find(key), Some(lead), "seed {seed} key {key}");
            }
            for absent in ["L-0x", "X40", "p200@x.io", "P1@X.io"] {
                assert_eq!(t.find(absent), None);
            }
            let got: Vec<(u32, u32)> = r
                .errors
                .iter()
                .map(|e| {
                    let first = e.message.split("first on line ").nth(1).map_or(0, |f| f.trim_end_matches(')').parse().unwrap());
                    (e.line, first)
                })
                .collect();
            assert_eq!(got, firsts[..got.len()], "seed {seed}");
            assert_eq!(r.rejected, firsts.len());
        }
    }

    #[test]
    fn duplicates_by_id_and_by_email() {
        let (_, r, _) = leads("ID,E-mail\nL-17,a@x.io\nL-17,b@x.io\nl-17,c@x.io\n");
        assert_eq!(
            messages(&r),
            vec!["line 3, column \"ID\": duplicate id \"L-17\" (first on line 2)"]
        );
        let (_, r, _) = leads("name,Email Address\nA,a@x.io\nB,A@X.IO\n");
        assert_eq!(r.errors[0].column.as_deref(), Some("Email Address"));
        assert_eq!(
            r.errors[0].message,
            "line 3, column \"Email Address\": duplicate email \"A@X.IO\" (first on line 2)"
        );
        // A rejected first row does not make the second one a duplicate.
        let (t, r, _) = leads("id,created_at\nL1,someday\nL1,2026-01-01\n");
        assert_eq!((r.kept, t.leads[0].line), (1, 3));
    }

    #[test]
    fn listed_errors_are_capped() {
        let mut text = String::from("id,email\n");
        for _ in 0..MAX_LISTED_ERRORS + 5 {
            text.push_str("NULL,N/A\n");
        }
        let (_, r, _) = leads(&text);
        assert_eq!((r.read, r.kept, r.rejected), (1005, 0, 1005));
        assert_eq!((r.errors.len(), r.errors_not_listed), (MAX_LISTED_ERRORS, 5));
        assert_eq!(r.errors[999].message, "line 1001: no id and no email");
        let p: Vec<(&str, usize)> = r.placeholders.iter().map(|p| (p.value.as_str(), p.count)).collect();
        assert_eq!(p, vec![("NULL", 1005), ("N/A", 1005)]);
    }

    #[test]
    fn nested_activities_keep_their_lines() {
        let text = r#"[
  {"id": "L1", "activities": [
      {"timestamp": "2026-03-01", "type": "Page View", "url": "/pricing"},
      {"time": "31/02/2026", "type": "visit"},
      {"type": "visit"},
      7,
      {"Date": "2026-03-02", "Event": "Email-Open", "timestamp": "2026-03-03", "lead_id": "other"}
  ]},
  {"id": "L1", "activities": [{"timestamp": "2026-03-01", "type": "visit"}]},
  {"email": "B@x.io", "activities": "lots"}
]"#;
        let mut log = ActivityLog::default();
        log.set_nested(vec![Activity {
            key: 0,
            time: 0,
            kind: 0,
            detail: 0,
            line: 0,
        }])
        .unwrap();
        let (t, r) = import_leads(text.as_bytes(), &[], &mut log).unwrap();
        assert_eq!((r.read, r.kept, r.rejected, r.nested_activities), (3, 2, 1, 2));
        assert_eq!(r.format, "json");
        assert_eq!(
            r.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>(),
            vec!["id", "email"]
        );
        assert_eq!(
            messages(&r),
            vec![
                "line 4, column \"time\": \"31/02/2026\" is not a date",
                "line 5: the activity has no timestamp",
                "line 6: an activity must be an object with timestamp, type and detail",
                "line 9, column \"id\": duplicate id \"L1\" (first on line 2)",
                "line 10, column \"activities\": expected an array of activities, each {\"timestamp\": ..., \"type\": ..., \"detail\": ...}",
            ]
        );
        assert_eq!(t.leads.len(), 2);
        assert_eq!(log.nested().len(), 2);
        let a = log.nested()[0];
        assert_eq!((log.keys.resolve(a.key), a.line), ("L1", 3));
        assert_eq!(
            (log.kinds.resolve(a.kind), log.details.resolve(a.detail)),
            ("page_view", "/pricing")
        );
        let b = log.nested()[1];
        // The canonical "timestamp" beats the earlier alias "Date"; lead_id is ignored.
        assert_eq!(
            (log.keys.resolve(b.key), b.line, b.time),
            ("L1", 7, parse_time("2026-03-03").unwrap())
        );
        assert_eq!(
            (log.kinds.resolve(b.kind), log.details.resolve(b.detail)),
            ("email_open", "")
        );
    }

    #[test]
    fn activities_need_their_columns() {
        let mut log = ActivityLog::default();
        let e = import_activities(b"Who,When,Page\nL1,2026-01-01,/x\n", &[], &mut log).unwrap_err();
        assert!(
            e.0.starts_with(
                "the activity file needs lead_id, timestamp and type columns; missing: lead_id, timestamp, type. \
                 Columns found: \"Who\", \"When\", \"Page\". Also understood for lead_id: Contact ID,"
            ),
            "{}",
            e.0
        );
        let e = import_activities(b"email,date,details\n", &[], &mut log).unwrap_err();
        assert!(e.0.contains("missing: type."), "{}", e.0);
        assert!(
            e.0.contains("for type: Event, Event Type, Activity Type, Activity, Action"),
            "{}",
            e.0
        );
    }

    #[test]
    fn activity_rows() {
        let mut log = ActivityLog::default();
        log.keys.intern("earlier");
        let text = "Email,Occurred At,Activity Type,URL,extra\n\
                    Ann@X.io,2026-03-01 09:00:00,Page View,/pricing,1\n\
                    ,2026-03-01,visit,,\n\
                    b@x.io,,visit,,\n\
                    b@x.io,2026-03-01,N/A,,\n\
                    b@x.io,2026-03-01,--,,\n\
                    L-2,2026-03-02T10:00:00+02:00,form-submit,Contact us,\n";
        let r = import_activities(text.as_bytes(), &[], &mut log).unwrap();
        assert_eq!((r.read, r.kept, r.rejected), (6, 2, 4));
        assert_eq!(
            messages(&r),
            vec![
                "line 3, column \"Email\": lead id is empty",
                "line 4, column \"Occurred At\": timestamp is empty",
                "line 5, column \"Activity Type\": type is empty",
                "line 6, column \"Activity Type\": \"--\" is not an activity type",
            ]
        );
        assert_eq!(log.from_files().len(), 2);
        let a = log.from_files()[0];
        assert_eq!(log.keys.resolve(a.key), "ann@x.io");
        assert_eq!(a.key, 1);
        assert_eq!((a.line, a.time), (2, parse_time("2026-03-01T09:00:00Z").unwrap()));
        let b = log.from_files()[1];
        assert_eq!(
            (log.keys.resolve(b.key), log.kinds.resolve(b.kind)),
            ("L-2", "form_submit")
        );
        assert_eq!((log.details.resolve(b.detail), b.line), ("Contact us", 7));
        assert_eq!(b.time, parse_time("2026-03-02T08:00:00Z").unwrap());
        // A second file appends.
        let r = import_activities(b"lead_id;timestamp;type\nL-9;2026-01-01;visit\n", &[], &mut log).unwrap();
        assert_eq!((r.kept, r.delimiter.as_deref(), log.from_files().len()), (1, Some(";"), 3));
    }
}
