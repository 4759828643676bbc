//! Incremental import: a file arrives in chunks of any size and is read as
//! it comes. Only the unfinished row is kept between chunks (and, for JSON,
//! the text: a JSON file's columns are the keys of all its records, so it is
//! read at the end). The one-shot imports are one chunk through the same
//! code, so both give the same report.
//!
//! Stages: bytes -> text (encoding decided on the first 512 bytes) -> the
//! first line (format, delimiter, `sep=` line, old-Mac line ends) -> CSV
//! records (csv-core, resumable at any byte) -> the kind's [`Sink`].

use crate::dataset::ActivityLog;
use crate::Error;

use super::decode::{self, Bad, Utf16, Utf8};
use super::source::{self, Item};
use super::{Imported, RowError, Sink, Spec};

/// The default memory limit, on the import's own estimate of what it holds.
/// wasm32 addresses 4 GiB. Measured (tests/bench/streaming.mjs), wasm memory
/// after an import and a score runs between 0.8x (lead tables) and 2.3x
/// (activity logs) that estimate; 2.5 GiB lets 1M leads with 10M activities
/// in and refuses what would crash.
pub const DEFAULT_MEMORY_LIMIT: usize = 5 << 29;

/// A header line longer than this (an unclosed quote in the header?) is
/// read as it stands rather than held until it ends.
const MAX_FIRST_LINE: usize = 1 << 20;
/// Rows between memory checks inside one chunk.
const CHECK_EVERY: u32 = 1024;

enum Decoder {
    /// The first bytes, until 512 are in (the UTF-16 sniff reads 512).
    Undecided(Vec<u8>),
    Utf8(Utf8),
    Utf16(Utf16),
}

enum Stage {
    /// Text before the first line is complete.
    First(String),
    Csv(Box<Csv>),
    /// JSON and NDJSON: the whole text, read at the end.
    Json(String),
}

pub struct ImportStream {
    spec: Spec,
    decoder: Decoder,
    encoding: &'static str,
    stage: Stage,
    /// Old Mac files: every `\r` is a line end and becomes `\n`.
    cr_lines: bool,
    sink: Option<Sink>,
    /// Bytes fed so far, and the file size when it is known.
    read: u64,
    total: Option<u64>,
    /// Bytes the workspace already holds, and what it may hold at most.
    base: usize,
    limit: usize,
    reserved: bool,
    /// The Activity log's lengths at the start, to give back on failure.
    undo: super::Undo,
    /// Off only in tests: every CSV row through csv-core.
    plain_rows: bool,
}

/// The CSV reader, resumable between chunks.
struct Csv {
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    nout: usize,
    nend: usize,
    /// Between records (line ends are skipped here, to know where the
    /// next record starts).
    at_start: bool,
    /// 1 + line ends consumed; the line the current record starts on.
    line: u32,
    record_line: u32,
    skip_sep_line: bool,
    delimiter: char,
    header_done: bool,
    width: usize,
    /// Whether simple rows are read where they lie ([`Csv::plain_row`]).
    plain: bool,
    /// Per byte: 1 the delimiter, 2 a double quote, 3 a line end, else 0.
    special: [u8; 256],
    /// The delimiter in every byte of a word.
    delimiters: u64,
}

impl ImportStream {
    pub fn begin(spec: Spec, total: Option<u64>, base: usize, limit: usize, log: &ActivityLog) -> Self {
        ImportStream {
            spec,
            decoder: Decoder::Undecided(Vec::new()),
            encoding: "utf-8",
            stage: Stage::First(String::new()),
            cr_lines: false,
            sink: None,
            read: 0,
            total,
            base,
            limit,
            reserved: false,
            undo: super::Undo::new(log),
            plain_rows: true,
        }
    }

    /// Every CSV row read by csv-core, none where it lies: the reference
    /// the fast path is tested against.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn csv_core_only(mut self) -> Self {
        self.plain_rows = false;
        self
    }

    /// Where this import's activities start in the log.
    pub fn start_of_activities(&self) -> usize {
        self.undo.start()
    }

    /// Bytes fed so far.
    pub fn bytes_read(&self) -> u64 {
        self.read
    }

    /// Reads the next chunk. After an error the import is over: call
    /// [`Self::abort`].
    pub fn feed(&mut self, chunk: &[u8], log: &mut ActivityLog) -> Result<(), Error> {
        self.read += chunk.len() as u64;
        let pending = match &mut self.decoder {
            Decoder::Undecided(head) => {
                head.extend_from_slice(chunk);
                if head.len() < 512 {
                    return Ok(());
                }
                let head = std::mem::take(head);
                let mut text = String::new();
                let e = self.decide(&head, &mut text);
                self.text(&text, false, log)?;
                e
            }
            // UTF-8 is read where it lies in the chunk, not copied.
            Decoder::Utf8(d) => {
                let (cut, body, e) = d.split(chunk);
                if let Some(c) = cut {
                    self.text(&c, false, log)?;
                }
                self.text(body, false, log)?;
                e
            }
            Decoder::Utf16(d) => {
                let mut text = String::new();
                let e = d.push(chunk, &mut text);
                self.text(&text, false, log)?;
                e
            }
        };
        match pending {
            Some(bad) => Err(self.bad(bad, "")),
            None => self.check(log),
        }
    }

    /// Ends the input and returns what was read: the same as the one-shot
    /// import of the whole file.
    pub fn finish(self, log: &mut ActivityLog) -> Result<Imported, Error> {
        let undo = self.undo;
        let r = self.finish_inner(log);
        if r.is_err() {
            undo.apply(log);
        }
        r
    }

    /// Memory the import holds now (an estimate, see [`Sink::held`]).
    pub fn held_bytes(&self, log: &ActivityLog) -> usize {
        self.held(log)
    }

    fn finish_inner(mut self, log: &mut ActivityLog) -> Result<Imported, Error> {
        let mut text = String::new();
        let pending = match &mut self.decoder {
            Decoder::Undecided(head) => {
                if head.is_empty() {
                    return Err(Error::new("the file is empty: choose a file with a header line and at least one row"));
                }
                let head = std::mem::take(head);
                self.decide(&head, &mut text).or_else(|| match &mut self.decoder {
                    Decoder::Utf8(d) => d.finish(),
                    Decoder::Utf16(d) => d.finish(),
                    Decoder::Undecided(_) => None,
                })
            }
            Decoder::Utf8(d) => d.finish(),
            Decoder::Utf16(d) => d.finish(),
        };
        if let Some(bad) = pending {
            return Err(self.bad(bad, &text));
        }
        self.text(&text, true, log)?;
        match std::mem::replace(&mut self.stage, Stage::Json(String::new())) {
            Stage::First(_) => unreachable!("the last text ends the first line"),
            Stage::Csv(mut csv) => {
                csv.end(&mut self.sink, &self.spec, self.encoding, log)?;
                if !csv.header_done {
                    return Err(Error::new(
                        "the file has no header line: the first line must name the columns (for example id,email,first_name)",
                    ));
                }
            }
            Stage::Json(mut text) => {
                if text.contains('\r') && !text.contains('\n') {
                    text = text.replace('\r', "\n");
                }
                let src = source::open(&text, self.spec.kind == super::Kind::Leads)?;
                let mut sink = Sink::open(&self.spec, &src.headers, src.format, None, self.encoding, log)?;
                src.for_each(|item| sink.item(item, log))?;
                self.sink = Some(sink);
            }
        }
        let sink = self.sink.take().expect("a header opened the sink");
        Ok(sink.finish(log))
    }

    /// Gives back what the import added to the activity log.
    pub fn abort(self, log: &mut ActivityLog) {
        self.undo.apply(log);
    }

    /// The error a decoder stopped on, on its line: 1 + the line ends of
    /// the text before it, as the CSV reader counts them (`\n`, and `\r`
    /// too in an old-Mac file): what it consumed, or the text the stage
    /// holds (the first line, or the JSON), and `pending`, text not handed
    /// on yet.
    fn bad(&self, bad: Bad, pending: &str) -> Error {
        let ends = |t: &str, cr: bool| {
            let b = t.as_bytes();
            decode::count_newlines(b) + if cr { b.iter().filter(|&&c| c == b'\r').count() } else { 0 }
        };
        let before = match &self.stage {
            Stage::First(s) => {
                let text = format!("{s}{pending}");
                ends(&text, first_line_done(&text, true) == Some(true))
            }
            Stage::Json(s) => ends(s, false) + ends(pending, false),
            Stage::Csv(c) => c.line as usize - 1 + ends(pending, self.cr_lines),
        };
        bad.error(1 + before)
    }

    fn decide(&mut self, head: &[u8], text: &mut String) -> Option<Bad> {
        let (encoding, skip) = decode::detect(head);
        self.encoding = encoding;
        let head = &head[skip..];
        match encoding {
            "utf-16le" | "utf-16be" => {
                let mut d = Utf16::new(encoding == "utf-16be");
                let e = d.push(head, text);
                self.decoder = Decoder::Utf16(d);
                e
            }
            _ => {
                let mut d = Utf8::default();
                let e = d.push(head, text);
                self.decoder = Decoder::Utf8(d);
                e
            }
        }
    }

    /// Hands decoded text on; `last`: no more text will come.
    fn text(&mut self, text: &str, last: bool, log: &mut ActivityLog) -> Result<(), Error> {
        if let Stage::First(first) = &mut self.stage {
            first.push_str(text);
            let Some(cr) = first_line_done(first, last) else {
                return Ok(());
            };
            let first = std::mem::take(first);
            match first.trim_start().chars().next() {
                None if last => {
                    return Err(Error::new(
                        "the file is empty (only blank lines): choose a file with a header line and rows",
                    ))
                }
                None => unreachable!("a first line was found"),
                Some('[' | '{') => {
                    self.stage = Stage::Json(first);
                    return Ok(());
                }
                Some(_) => {}
            }
            self.cr_lines = cr;
            let first = if cr { first.replace('\r', "\n") } else { first };
            let sep = source::excel_sep_line(&first);
            let delimiter = sep.unwrap_or_else(|| source::detect_delimiter(&first));
            self.stage = Stage::Csv(Box::new(Csv::new(delimiter, sep.is_some(), self.plain_rows)));
            return self.records(&first, log);
        }
        if self.cr_lines {
            return self.records(&text.replace('\r', "\n"), log);
        }
        self.records(text, log)
    }

    /// Text after the first line is known.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn records(&mut self, text: &str, log: &mut ActivityLog) -> Result<(), Error> {
        match &mut self.stage {
            Stage::First(_) => unreachable!(),
            Stage::Json(all) => {
                all.push_str(text);
                Ok(())
            }
            Stage::Csv(csv) => {
                let mut input = text;
                while !input.is_empty() {
                    // In slices of CHECK_EVERY rows, so a big one-shot chunk
                    // is checked against the limit as it goes.
                    let used = csv.push(input, &mut self.sink, &self.spec, self.encoding, log)?;
                    input = &input[used..];
                    if !input.is_empty() {
                        let held = csv.out.capacity() + csv.ends.capacity() * 8 + self.sink.as_ref().map_or(0, |s| s.held(log));
                        // Once room is reserved, what is held already counts the rest.
                        let total = if self.reserved { None } else { self.total };
                        let limit_check = limit_error(self.base, held, self.read, total, self.limit);
                        if let Some(e) = limit_check {
                            return Err(e);
                        }
                    }
                }
                Ok(())
            }
        }
    }

    fn held(&self, log: &ActivityLog) -> usize {
        let stage = match &self.stage {
            Stage::First(s) | Stage::Json(s) => s.capacity(),
            Stage::Csv(c) => c.out.capacity() + c.ends.capacity() * 8,
        };
        stage + self.sink.as_ref().map_or(0, |s| s.held(log))
    }

    /// Stops an import that would not fit; once enough of a file of known
    /// size is read, makes room for the rest in one step.
    fn check(&mut self, log: &mut ActivityLog) -> Result<(), Error> {
        let held = self.held(log);
        let total = if self.reserved { None } else { self.total };
        if let Some(e) = limit_error(self.base, held, self.read, total, self.limit) {
            return Err(e);
        }
        if let (false, Some(total), Some(sink)) = (self.reserved, self.total, self.sink.as_mut()) {
            let rows = sink.rows();
            if rows >= 1000 && self.read >= 1 << 20 && total > self.read {
                self.reserved = true;
                let scale = total as f64 / self.read as f64;
                // Room for the rows only: growing memory on a projection of
                // all that is held overshot (new lead ids come fast early in
                // a file, then stop): 297 MB of wasm memory for 146 MB.
                sink.reserve(((rows as f64) * (scale - 1.0) * 1.02) as usize, log);
            }
        }
        Ok(())
    }
}

/// What would not fit: the file's projected need (from the share read so
/// far, once a sixty-fourth of a file of known size is in) or what it holds now.
fn limit_error(base: usize, held: usize, read: u64, total: Option<u64>, limit: usize) -> Option<Error> {
    let projected = match total {
        Some(t) if t > read && read > 0 && read >= (t / 64).min(8 << 20) => (held as f64 * t as f64 / read as f64) as u64,
        _ => held as u64,
    };
    let need = base as u64 + projected.max(held as u64);
    if need <= limit as u64 {
        return None;
    }
    let mb = |b: u64| b.div_ceil(1 << 20);
    let file = total.unwrap_or(read);
    let room = (limit as u64).saturating_sub(base as u64);
    // Half of what would fit: the share read so far may not tell the whole file.
    let part = (file as f64 * room as f64 / projected.max(1) as f64 * 0.5) as u64;
    let seen = match total {
        Some(t) if t > read => format!(", estimated after reading {} of its {} MB", mb(read), mb(t)),
        _ => String::new(),
    };
    let loaded = if base > 0 { format!(" (the data already loaded holds {} MB)", mb(base as u64)) } else { String::new() };
    let split = if part >= 1 << 20 {
        format!("split the file into parts of at most about {} MB and import them one by one", mb(part))
    } else {
        "clear the data already loaded, or split the file".to_string()
    };
    Some(Error::new(format!(
        "this file does not fit in memory: importing it needs about {} MB{seen}, and the workspace may use {} MB{loaded}. \
         Nothing was changed: the data loaded before is as it was. To go on, {split}, \
         or score it outside the browser with the command-line scorer (leadscore score --leads FILE --activities FILE --model FILE --as-of TIME)",
        mb(need),
        mb(limit as u64),
    )))
}

/// `text[a..z]`, where `a` and `z` (`a <= z <= text.len()`) are each the
/// end of `text` or the place of an ASCII byte in it. `&text[a..z]` checks
/// both for char boundaries in a call of its own, per cell, in the
/// size-first wasm (4% of an activity import).
#[inline(always)]
fn ascii_cut(text: &str, a: usize, z: usize) -> &str {
    let b = &text.as_bytes()[a..z];
    debug_assert!(text.is_char_boundary(a) && text.is_char_boundary(z));
    // SAFETY: `text` is UTF-8 and an ASCII byte (or its end) starts no
    // character and ends none, so `b` is whole characters of it.
    unsafe { std::str::from_utf8_unchecked(b) }
}

use crate::words::{nonzero, HIGH, ONES};

/// Whether `first` holds the whole first line (a line end outside quotes
/// after some text, and one more character to tell `\r` from `\r\n`), and
/// then whether the file's line ends are old-Mac lone `\r`.
fn first_line_done(first: &str, last: bool) -> Option<bool> {
    let b = first.as_bytes();
    let lone_cr = |i: usize| b.get(i + 1).map_or(last, |&n| n != b'\n');
    let first_end = b.iter().position(|&c| c == b'\r' || c == b'\n');
    let cr = |end: Option<usize>| end.is_some_and(|i| b[i] == b'\r' && lone_cr(i));
    if last || first.len() > MAX_FIRST_LINE {
        return Some(cr(first_end));
    }
    // The same walk as `source::detect_delimiter`.
    let mut in_quotes = false;
    let mut started = false;
    for (i, c) in first.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && (c == '\n' || c == '\r') {
            if started {
                return (i + 1 < b.len()).then(|| cr(first_end));
            }
            continue;
        }
        if !c.is_whitespace() {
            started = true;
        }
    }
    None
}

impl Csv {
    fn new(delimiter: char, skip_sep_line: bool, plain: bool) -> Self {
        let mut special = [0; 256];
        special[usize::from(delimiter as u8)] = 1;
        special[usize::from(b'"')] = 2;
        special[usize::from(b'\r')] = 3;
        special[usize::from(b'\n')] = 3;
        // The delimiters are ASCII (`source::detect_delimiter`).
        let plain = plain && delimiter.is_ascii() && !matches!(delimiter, '"' | '\r' | '\n');
        Csv {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter as u8).build(),
            out: vec![0; 1024],
            ends: vec![0; 32],
            nout: 0,
            nend: 0,
            at_start: true,
            line: 1,
            record_line: 1,
            skip_sep_line,
            delimiter,
            header_done: false,
            width: 0,
            plain,
            special,
            delimiters: u64::from(delimiter as u8) * ONES,
        }
    }

    /// Reads records out of `input`; returns how many bytes it used (all
    /// of them, or fewer after [`CHECK_EVERY`] rows).
    fn push(&mut self, input: &str, sink: &mut Option<Sink>, spec: &Spec, encoding: &'static str, log: &mut ActivityLog) -> Result<usize, Error> {
        let bytes = input.as_bytes();
        let mut at = 0;
        let mut rows = 0;
        // One row's cells, reused from row to row (written by index: a
        // call to push per cell costs at the wasm's opt-level); the header's
        // width plus one.
        let mut cells: Vec<&str> = vec![""; self.width + 1];
        while at < bytes.len() {
            if self.at_start {
                // Blank lines between records: csv-core skips them too.
                while let Some(&c) = bytes.get(at) {
                    match c {
                        b'\n' => self.line += 1,
                        b'\r' => {}
                        _ => break,
                    }
                    at += 1;
                }
                if at == bytes.len() {
                    break;
                }
                self.record_line = self.line;
                if self.plain && self.header_done {
                    // The header may have been read in this call: until then
                    // `cells` had one slot, and every row went to csv-core.
                    if cells.len() <= self.width {
                        cells.resize(self.width + 1, "");
                    }
                    if let Some((len, n)) = self.plain_row(&input[at..], &mut cells) {
                        // The line end is left to the skip above.
                        at += len;
                        self.row(&cells[..n], sink, log);
                        rows += 1;
                        if rows == CHECK_EVERY {
                            break;
                        }
                        continue;
                    }
                }
                self.at_start = false;
            }
            let (res, nin, nout, nend) =
                self.core.read_record(&bytes[at..], &mut self.out[self.nout..], &mut self.ends[self.nend..]);
            self.line += decode::count_newlines(&bytes[at..at + nin]) as u32;
            at += nin;
            self.nout += nout;
            self.nend += nend;
            match res {
                csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {}
                csv_core::ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                csv_core::ReadRecordResult::Record => {
                    self.record(sink, spec, encoding, log)?;
                    rows += 1;
                    if rows == CHECK_EVERY {
                        break;
                    }
                }
            }
        }
        // Before what the import holds is checked.
        if let Some(s) = sink {
            s.flush(log);
        }
        Ok(at)
    }

    /// A row read where it lies, without csv-core's copy, when it is simple:
    /// ends (`\r` or `\n`) within `text`, and has a double quote only around
    /// whole fields that hold no quote or line end. Returns the row's length
    /// (line end not included) and its number of cells, or `None` for
    /// csv-core to read it; both read such a row the same. A row with more
    /// cells than `cells` holds (the header's plus one) goes to csv-core too.
    fn plain_row<'t>(&self, text: &'t str, cells: &mut [&'t str]) -> Option<(usize, usize)> {
        let b = text.as_bytes();
        let delimiter = self.delimiter as u8;
        let mut i = 0;
        let mut n = 0;
        loop {
            if n == cells.len() {
                return None;
            }
            if *b.get(i)? == b'"' {
                let inner = i + 1;
                let close = self.next_special(b, inner, false)?;
                if b[close] != b'"' {
                    return None; // a line end inside quotes
                }
                let after = *b.get(close + 1)?;
                cells[n] = ascii_cut(text, inner, close);
                n += 1;
                i = close + 2;
                match after {
                    d if d == delimiter => continue,
                    b'\r' | b'\n' => return Some((close + 1, n)),
                    _ => return None, // `""` or text after the closing quote
                }
            }
            let start = i;
            i = self.next_special(b, i, true)?;
            cells[n] = ascii_cut(text, start, i);
            n += 1;
            match b[i] {
                b'"' => return None, // a quote inside an unquoted field
                b'\r' | b'\n' => return Some((i, n)),
                _ => i += 1,
            }
        }
    }

    /// The place of the first double quote or line end at or after `from`
    /// in `b`, or of the first delimiter if that comes first and
    /// `delimiter`. Eight bytes at a time: for fields of a few bytes and
    /// more, a third of the byte loop's time in the size-first wasm.
    #[inline(always)]
    fn next_special(&self, b: &[u8], from: usize, delimiter: bool) -> Option<usize> {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let from = match self.next_special_simd(b, from, delimiter) {
            Ok(at) => return Some(at),
            Err(from) => from,
        };
        let mut from = from;
        while let Some(w) = b.get(from..from + 8) {
            let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            // A byte's top bit of `not` is clear where the byte is special.
            let mut not = nonzero(w ^ (u64::from(b'"') * ONES)) & nonzero(w ^ (u64::from(b'\n') * ONES)) & nonzero(w ^ (u64::from(b'\r') * ONES));
            if delimiter {
                not &= nonzero(w ^ self.delimiters);
            }
            let special = !not & HIGH;
            if special != 0 {
                return Some(from + (special.trailing_zeros() / 8) as usize);
            }
            from += 8;
        }
        let min = if delimiter { 1 } else { 2 };
        b[from..].iter().position(|&c| self.special[usize::from(c)] >= min).map(|k| from + k)
    }

    /// [`Self::next_special`] sixteen bytes at a time with wasm SIMD: the
    /// place, or where fewer than 16 bytes are left to look at.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[inline(always)]
    fn next_special_simd(&self, b: &[u8], mut from: usize, delimiter: bool) -> Result<usize, usize> {
        use std::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128_load, v128_or};
        while let Some(w) = b.get(from..from + 16) {
            // SAFETY: `w` is 16 readable bytes; v128.load needs no alignment.
            let v = unsafe { v128_load(w.as_ptr().cast()) };
            let mut hit = v128_or(v128_or(u8x16_eq(v, u8x16_splat(b'"')), u8x16_eq(v, u8x16_splat(b'\n'))), u8x16_eq(v, u8x16_splat(b'\r')));
            if delimiter {
                hit = v128_or(hit, u8x16_eq(v, u8x16_splat(self.delimiter as u8)));
            }
            let bits = u8x16_bitmask(hit);
            if bits != 0 {
                return Ok(from + bits.trailing_zeros() as usize);
            }
            from += 16;
        }
        Err(from)
    }

    /// The end of the text: the last record, if it has no line end.
    fn end(&mut self, sink: &mut Option<Sink>, spec: &Spec, encoding: &'static str, log: &mut ActivityLog) -> Result<(), Error> {
        loop {
            let (res, _, nout, nend) = self.core.read_record(&[], &mut self.out[self.nout..], &mut self.ends[self.nend..]);
            self.nout += nout;
            self.nend += nend;
            match res {
                csv_core::ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                csv_core::ReadRecordResult::Record => self.record(sink, spec, encoding, log)?,
                csv_core::ReadRecordResult::End | csv_core::ReadRecordResult::InputEmpty => return Ok(()),
            }
        }
    }

    /// One complete record out of csv-core: the header, a blank line, or a row.
    fn record(&mut self, sink: &mut Option<Sink>, spec: &Spec, encoding: &'static str, log: &mut ActivityLog) -> Result<(), Error> {
        let (nout, nend) = (self.nout, self.nend);
        self.nout = 0;
        self.nend = 0;
        self.at_start = true;
        let out = std::mem::take(&mut self.out);
        let r = self.record_in(&out[..nout], nend, sink, spec, encoding, log);
        self.out = out;
        r
    }

    fn record_in(&mut self, out: &[u8], nend: usize, sink: &mut Option<Sink>, spec: &Spec, encoding: &'static str, log: &mut ActivityLog) -> Result<(), Error> {
        // The text is UTF-8 and csv-core cuts it only at ASCII bytes.
        let text = std::str::from_utf8(out).map_err(|_| Error::new("internal error: a CSV field is not text"))?;
        let mut cells: Vec<&str> = Vec::with_capacity(nend);
        let mut from = 0;
        for &e in &self.ends[..nend] {
            cells.push(&text[from..e]);
            from = e;
        }
        if !self.header_done {
            if cells.iter().all(|c| c.trim().is_empty()) {
                return Ok(()); // a blank line, or only delimiters
            }
            if self.skip_sep_line {
                self.skip_sep_line = false;
                return Ok(());
            }
            let headers: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let h = h.trim().trim_start_matches('\u{feff}').trim();
                    if h.is_empty() {
                        format!("column {}", i + 1)
                    } else {
                        h.to_string()
                    }
                })
                .collect();
            self.width = headers.len();
            *sink = Some(Sink::open(spec, &headers, "csv", Some(self.delimiter), encoding, log)?);
            self.header_done = true;
            return Ok(());
        }
        self.row(&cells, sink, log);
        Ok(())
    }

    /// A record after the header: a blank line, or a row.
    #[cfg_attr(leadscore_speed, optimize(speed))]
    fn row(&self, cells: &[&str], sink: &mut Option<Sink>, log: &mut ActivityLog) {
        // `values::trim`: the usual first cell is decided in two byte compares.
        if cells.iter().all(|c| super::values::trim(c).is_empty()) {
            return; // a blank line, or only delimiters
        }
        let line = self.record_line;
        let width = self.width;
        let sink = sink.as_mut().expect("the header opened the sink");
        if cells.len() != width {
            let mut message = format!("line {line}: {} fields, the header has {width}", cells.len());
            if cells.iter().any(|c| c.contains('\n')) {
                message.push_str(" (a double quote that is never closed?)");
            }
            sink.item(Item::Bad(RowError { line, column: None, message }), log);
        } else {
            sink.item(Item::Row { line, cells, nested: None }, log);
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::ImportKind;
    use crate::outcomes::StatusMapping;

    /// Everything an import gives, written out: the report, the leads (every
    /// cell and typed field) or the activities (strings resolved), or the error.
    fn import(kind: ImportKind, bytes: &[u8], chunk: usize, plain: bool) -> String {
        let mut log = ActivityLog::default();
        let spec = Spec::new(kind, &[], &StatusMapping::default());
        let mut s = ImportStream::begin(spec, Some(bytes.len() as u64), 0, usize::MAX, &log);
        if !plain {
            s = s.csv_core_only();
        }
        for c in bytes.chunks(chunk.max(1)) {
            if let Err(e) = s.feed(c, &mut log) {
                return format!("error {}", e.0);
            }
        }
        match s.finish(&mut log) {
            Err(e) => format!("error {}", e.0),
            Ok(Imported::Leads(t, r)) => {
                let rows: Vec<String> = (0..t.leads.len()).map(|i| format!("{:?} {:?}", t.leads[i], t.row(i).iter().collect::<Vec<_>>())).collect();
                format!("{r:?}\n{}", rows.join("\n"))
            }
            Ok(Imported::Activities(r)) => {
                let rows: Vec<String> = log
                    .from_files()
                    .iter()
                    .map(|a| format!("{a:?} {} {} {}", log.keys.resolve(a.key), log.kinds.resolve(a.kind), log.details.resolve(a.detail)))
                    .collect();
                format!("{r:?}\n{}", rows.join("\n"))
            }
            Ok(Imported::Outcomes(rows, r)) => format!("{r:?}\n{rows:?}"),
        }
    }

    /// Pieces of a CSV body that the fast path reads, declines, or reads
    /// wrong if it is wrong: quotes in every place, line ends, delimiters.
    const PIECES: [&str; 22] = [
        "L1", "ann@X.io", " x ", "2026-03-01", "2026-03-01T09:30:00Z", "visit", "Page View", "/p?a=1",
        ",", ",", ",", ";", "\n", "\n", "\r\n", "\r", "\"", "\"\"", "\"a,b\"", "\"l1\nl2\"", "é", "NULL",
    ];

    fn body() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..60).prop_map(|p| p.concat())
    }

    /// Bytes the word scan must tell apart: the specials of each delimiter,
    /// bytes one off them (a borrow or carry from a neighbour would
    /// show), and bytes with the top bit set.
    const BYTES: [u8; 16] = [b',', b';', b'\t', b'|', b'"', b'\r', b'\n', b'a', b'+', b'#', 0x0b, 0x21, 0x8a, 0xa2, 0xac, 0];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// The word scan finds what a byte-by-byte search finds, from every
        /// offset, for each delimiter.
        #[test]
        fn next_special_is_the_first_special_byte(b in proptest::collection::vec(proptest::sample::select(&BYTES[..]), 0..40), d in 0usize..4) {
            let delimiter = [',', ';', '\t', '|'][d];
            let csv = Csv::new(delimiter, false, true);
            for from in 0..=b.len() {
                let any = b[from..].iter().position(|&c| c == delimiter as u8 || matches!(c, b'"' | b'\r' | b'\n')).map(|k| from + k);
                let quote_or_end = b[from..].iter().position(|&c| matches!(c, b'"' | b'\r' | b'\n')).map(|k| from + k);
                prop_assert_eq!(csv.next_special(&b, from, true), any, "from {}", from);
                prop_assert_eq!(csv.next_special(&b, from, false), quote_or_end, "from {}", from);
            }
        }

        /// Rows read where they lie give the same import as csv-core reading
        /// every row, in any chunking.
        #[test]
        fn plain_rows_read_as_csv_core_does(body in body(), chunk in 1usize..40, leads in any::<bool>()) {
            let (kind, header) = if leads {
                (ImportKind::Leads, "id,email,created_at,note\n")
            } else {
                (ImportKind::Activities, "lead_id,timestamp,type,detail\r\n")
            };
            let file = format!("{header}{body}");
            let reference = import(kind, file.as_bytes(), file.len(), false);
            prop_assert_eq!(&import(kind, file.as_bytes(), file.len(), true), &reference);
            prop_assert_eq!(&import(kind, file.as_bytes(), chunk, true), &reference);
        }
    }
}
