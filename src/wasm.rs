//! The WebAssembly boundary: the only module that knows about JS.
//!
//! A `Workspace` handle owns the imported leads in wasm memory. Files come
//! in whole (a string or bytes, one copy into wasm memory); scores go out as
//! typed arrays (one copy, no per-lead objects); what the page shows (a
//! report, one lead's explanation) goes out as a small plain object.

use js_sys::{Float64Array, Int32Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::{model, parse_time, sample, time::format_time, workspace};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Header as written in the file -> canonical field key, or null to keep the column a custom field. */
export type Mapping = Record<string, string | null>;

export interface RowError { line: number; column: string | null; message: string }
export interface ColumnMapping { header: string; field: string | null; source: "canonical" | "alias" | "override" | "custom" }
export interface ImportReport {
  kind: "leads" | "activities" | "outcomes" | "update";
  format: "csv" | "json" | "ndjson";
  encoding: "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be";
  delimiter: string | null;
  /** read === kept + rejected, always. */
  read: number; kept: number; rejected: number;
  errors: RowError[];
  errors_not_listed: number;
  columns: ColumnMapping[];
  placeholders: { value: string; count: number }[];
  nested_activities: number;
  /** Activities (in every file so far) whose lead id matches no lead. */
  unmatched_activities: number;
  /** Status words met in an outcome column, with their meaning (null: no mapping, or "not a decision"). */
  status_words: StatusWord[];
  /** Words with no mapping: nothing was done with them. */
  unmapped_words: { word: string; count: number }[];
}
export type Reason = "wrong_icp" | "premature" | "duplicate" | "unreachable";
/** What a CRM status word means. */
export interface Mapped { outcome: "accepted" | "rejected"; reason?: Reason; converted?: boolean }
/** Status word -> its meaning, or null for "not a decision yet" (the lead is not worked). */
export type StatusMapping = Record<string, Mapped | null>;
export interface StatusWord { word: string; count: number; mapped: Mapped | null; source: "canonical" | "suggested" | "given" | "unmapped" }
export interface OutcomeReport extends ImportReport {
  leads_with_decisions: number;
  /** Decisions whose lead id matches no lead (kept: they join if the lead arrives). */
  unknown_leads: { line: number; lead_id: string }[];
  unknown_leads_not_listed: number;
}
export interface FieldChange { field: string; from: string; to: string }
export interface UpdateReport extends ImportReport {
  changed: number; added: number; unchanged: number;
  new_columns: string[];
  fit_changes: { id: string; line: number; changes: FieldChange[] }[];
  fit_changes_not_listed: number;
}
export interface DecisionView {
  at: string | null; outcome: "accepted" | "rejected"; reason: Reason | null; converted: boolean | null;
  source: { kind: "lead_table" } | { kind: "outcome_log"; line: number };
  applies: boolean; after_as_of: boolean;
}
export interface NextStep {
  code: "worked" | "suppressed" | "released" | "recycled" | "re_evaluated" | "re_engagement" | "merged" | "restarted";
  text: string; date: string | null;
}
export interface FeedbackReport {
  as_of: string; leads_with_decisions: number; decisions_after_as_of: number;
  by_reason: { reason: "accepted" | Reason | "no_reason"; leads: number; mql_now: number; next_step: string }[];
  suppressed: number; recycled: number; returning: number;
  mql_to_sql: { decided_mqls: number; accepted: number; rate: number | null; band: [number, number]; verdict: "below" | "healthy" | "above" | "no_data"; advice: string };
  scored_at_as_of: number; unknown_leads: number;
}
export type Status = "nurture" | "mql" | "disqualified" | "suppressed" | "recycled";
export interface Summary {
  as_of: string; threshold: number; leads: number;
  mql: number; nurture: number; disqualified: number; suppressed: number; recycled: number;
  /** MQLs qualified by an instant rule (hand-raisers). */
  instant: number;
  warnings: string[];
}
export interface EventView { time: string; type: string; detail: string }
export interface Contribution {
  rule: string; label: string; category: "fit" | "behavior";
  points: number; count: number; capped: boolean;
  instant_mql: boolean; disqualify: boolean;
  field: string | null; value: string | null;
  events: EventView[];
}
export interface Explanation {
  index: number; id: string; name: string; line: number;
  fields: { header: string; field: string | null; value: string }[];
  as_of: string; threshold: number;
  score: number; fit: number; behavior: number; status: Status; instant: boolean;
  crossed_at: string | null;
  crossing_events: EventView[];
  drivers: Contribution[];
  decay: { last_engagement: string | null; days_since: number | null; factor: number; before: number; after: number; removed: number };
  contributions: Contribution[];
  timeline: { time: string; score: number; status: Status }[];
  activities: number;
  activities_after_as_of: number;
  /** The sales decision in force at as-of, and every decision (oldest first). */
  decision: DecisionView | null;
  decisions: DecisionView[];
  next_step: NextStep | null;
  /** Behavior counts from this time (the latest rejection) on. */
  behavior_since: string | null;
  activities_before_restart: number;
  /** For a wrong-ICP rejection: the fit field whose change released the lead. */
  released: FieldChange | null;
}
export interface Sample { leads: string; activities: string; as_of: string }
export interface Row {
  index: number; id: string; name: string; email: string; title: string; company: string; phone: string;
  score: number; fit: number; behavior: number; status: Status; instant: boolean;
  crossed_at: string | null;
}
export interface Consumed { detail: string; count: number; first: string; last: string }
export interface Packet {
  lead: { id: string; name: string; title: string; company: string; email: string; phone: string };
  score: number; fit: number; behavior: number; threshold: number; status: Status; crossed_at: string;
  path_to_mql: { time: string; rule: string; label: string; points: number; events: string[] }[];
  consumed: { pages: Consumed[]; content: Consumed[]; emails_opened: Consumed[]; emails_clicked: Consumed[]; forms: Consumed[]; other: Consumed[] };
  form_answers: Record<string, string>;
  context: { kind: "hand_raiser" | "accumulated"; warmth: "hot" | "warm" | "cool"; warmth_reason: string };
  approach: string;
  sla: { rule: "same_business_day" | "business_hours"; due: string; state: "open" | "met" | "breached" | "overdue"; by_seconds: number; first_contact_at: string | null };
  assigned_to: string | null; routed_via: string;
  duplicate_of: { id: string; reason: string } | null;
  returning: { rejected_at: string; reason: string; history: string; decisions: DecisionView[] } | null;
}
export interface Adherence {
  rep: string | null; mqls: number; met: number; breached: number; overdue: number; open: number;
  share_met: number | null; median_seconds_to_first_contact: number | null;
}
export type SortKey = "score" | "fit" | "behavior" | "name" | "company" | "crossed_at" | "file";
export interface UnmatchedActivity { line: number; lead_id: string }
/** Names for the nested objects above, to annotate with. */
export type Placeholder = ImportReport["placeholders"][number];
export type LeadField = Explanation["fields"][number];
export type Decay = Explanation["decay"];
export type TimelinePoint = Explanation["timeline"][number];
export type PacketLead = Packet["lead"];
export type PathStep = Packet["path_to_mql"][number];
export type PacketConsumed = Packet["consumed"];
export type PacketContext = Packet["context"];
export type PacketSla = Packet["sla"];
export type DuplicateOf = NonNullable<Packet["duplicate_of"]>;
export type Returning = NonNullable<Packet["returning"]>;
/** wasm-bindgen gives classes `[Symbol.dispose]()`; this lets the types load with a `lib` older than esnext. */
declare global { interface SymbolConstructor { readonly dispose: unique symbol } }
export type SqlDialect = "duckdb" | "spark" | "postgres" | "bigquery" | "snowflake";
/** What modelSql's query reads, and as of when (default: tables leads and activities, as of the moment it runs). */
export interface SqlOptions {
  leads?: string; activities?: string;
  /** ISO 8601; without it the query scores as of the moment it runs. */
  as_of?: string;
  /** The lead table's column names: rule fields then resolve as the engine resolves headers. */
  lead_columns?: string[];
  /** Status words of sales_outcome, as given to importLeads (then the suggested mapping). */
  status_mapping?: StatusMapping;
}
export interface Transition { from: Status; to: Status; count: number }
/** DeLong's paired test of two AUCs on the same labelled leads (B - A). */
export interface DeLong {
  auc_a: number; auc_b: number; var_a: number; var_b: number; covariance: number;
  difference: number; se: number;
  /** null when the two rankings are identical (no variance). */
  z: number | null; p_value: number | null;
  /** 95% interval of the difference. */
  ci: [number, number];
}
export interface MqlToSqlRate { decided_mqls: number; accepted: number; rate: number | null }
export interface Flow { leads: number; labelled: number; positive: number; converted: number; accepted: number }
export interface Quality {
  labelled: number; positives: number; negatives: number;
  left_out: { duplicate: number; unreachable: number; no_reason: number };
  scored_at_as_of: number;
  /** null with fewer than two positive or two negative labelled leads. */
  auc: DeLong | null;
  mql_to_sql_a: MqlToSqlRate; mql_to_sql_b: MqlToSqlRate;
  /** ROC curves: [false positives, true positives] per score cut, highest first, at most ~200 points. */
  roc_a: [number, number][]; roc_b: [number, number][];
  /** MQLs under B that are not under A, and the reverse. */
  added: Flow; dropped: Flow;
}
export interface CompareReport {
  as_of: string; a: Summary; b: Summary;
  /** Every (from, to) pair that occurs, unchanged pairs too; counts add up to the leads. */
  transitions: Transition[];
  changed: number; score_changed: number;
  /** null when no lead has a sales outcome. */
  quality: Quality | null;
}
export interface ChangedRowsOptions {
  sort_by?: "change" | "score_a" | "score_b" | "file";
  /** Default true. */
  descending?: boolean;
  from?: Status; to?: Status;
}
export interface RuleDiff { rule: string; label: string; points_a: number; points_b: number }
export interface ChangedRow {
  index: number; id: string; name: string; email: string; title: string; company: string; phone: string;
  score_a: number; score_b: number; change: number; status_a: Status; status_b: Status;
  instant_a: boolean; instant_b: boolean; decay_removed_a: number; decay_removed_b: number;
  /** The rules whose points (before decay) differ for this lead. */
  why: RuleDiff[];
}
export interface ChangedPage { total: number; offset: number; rows: ChangedRow[] }
export interface StepCount { mql: number; crossed: number; converted: number; accepted: number }
export interface ReplayReport {
  from: string; to: string; step_days: number;
  steps: { start: string; end: string; a: StepCount; b: StepCount }[];
  total_a: StepCount; total_b: StepCount;
}
"#;

/// The one way an engine error crosses: a JS `Error` with the user's message.
fn into_error(e: crate::Error) -> JsError {
    JsError::new(&e.0)
}

/// Plain objects cross as JSON text that the engine of the JS side parses
/// (a direct JS-object serializer cost 20 KB), written by `crate::json`.
fn to_js<T: crate::json::ToJson + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let text = crate::json::to_string(value);
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("internal error: a report did not cross to JS"))
}

/// `copy_from` needs the lengths equal (it would abort otherwise).
fn check_into(call: &str, kind: &str, got: u32, want: usize) -> Result<(), JsError> {
    if got as usize == want {
        return Ok(());
    }
    Err(JsError::new(&format!("{call} takes {kind} of one entry per lead of the last score ({want}), got {got}")))
}

/// A file's content as bytes: a string (already text) or a Uint8Array /
/// ArrayBuffer (raw bytes, so UTF-16 files decode in Rust).
fn file_bytes(input: &JsValue, what: &str) -> Result<Vec<u8>, JsError> {
    if let Some(text) = input.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = input.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    Err(JsError::new(&format!("{what} takes the file's text (a string) or its bytes (a Uint8Array)")))
}

fn mapping(value: Option<JsValue>) -> Result<Vec<(String, Option<String>)>, JsError> {
    match value {
        None => Ok(Vec::new()),
        Some(v) if v.is_undefined() || v.is_null() => Ok(Vec::new()),
        Some(v) => {
            let bad = || JsError::new("the mapping must be an object of header -> field key (or null)");
            let text: String = js_sys::JSON::stringify(&v).map_err(|_| bad())?.into();
            let map: crate::json::Map<Option<String>> = crate::json::read::from_str(&text).map_err(|_| bad())?;
            Ok(map.0)
        }
    }
}

fn status_mapping(value: Option<JsValue>) -> Result<crate::outcomes::StatusMapping, JsError> {
    match value {
        None => Ok(Default::default()),
        Some(v) if v.is_undefined() || v.is_null() => Ok(Default::default()),
        Some(v) => {
            let text: String = js_sys::JSON::stringify(&v).map_err(|_| JsError::new("the status mapping must be a plain object"))?.into();
            let map: crate::json::Map<Option<crate::outcomes::Mapped>> = crate::json::read::from_str(&text).map_err(|e| {
                JsError::new(&format!(
                    "the status mapping must be an object of status word -> {{\"outcome\": \"accepted\" | \"rejected\", \"reason\"?: \"wrong_icp\" | \"premature\" | \"duplicate\" | \"unreachable\", \"converted\"?: true | false}} or null: {e}"
                ))
            })?;
            Ok(crate::outcomes::StatusMapping { given: map.0 })
        }
    }
}

fn as_of_time(as_of: &str) -> Result<i64, JsError> {
    parse_time(as_of).map_err(|e| JsError::new(&format!("asOf: {e}")))
}

/// Imported leads, the model, and the last scoring run.
#[wasm_bindgen]
pub struct Workspace {
    inner: workspace::Workspace,
}

#[wasm_bindgen]
impl Workspace {
    /// An empty workspace with the seed example model.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Workspace {
        Workspace { inner: workspace::Workspace::new() }
    }

    /// Replaces the leads with a CSV, JSON or NDJSON lead file. A status
    /// column (`Lead Status`) is read through `statusMapping` on top of the
    /// suggested one.
    #[wasm_bindgen(js_name = importLeads, unchecked_return_type = "ImportReport")]
    pub fn import_leads(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Mapping")] mapping: Option<JsValue>,
        #[wasm_bindgen(js_name = statusMapping, unchecked_optional_param_type = "StatusMapping")] status: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        let bytes = file_bytes(&input, "importLeads")?;
        let report = self.inner.import_leads_with(&bytes, &self::mapping(mapping)?, &status_mapping(status)?).map_err(into_error)?;
        to_js(&report)
    }

    /// Reads the last lead file again with a changed column mapping.
    #[wasm_bindgen(js_name = remapLeads, unchecked_return_type = "ImportReport")]
    pub fn remap_leads(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Mapping")] mapping: JsValue,
        #[wasm_bindgen(js_name = statusMapping, unchecked_optional_param_type = "StatusMapping")] status: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        let report = self.inner.remap_leads_with(&self::mapping(Some(mapping))?, &status_mapping(status)?).map_err(into_error)?;
        to_js(&report)
    }

    /// Merges a newer export of the lead table by id: changed, added and
    /// unchanged leads, and which fit fields changed from what to what.
    #[wasm_bindgen(js_name = updateLeads, unchecked_return_type = "UpdateReport")]
    pub fn update_leads(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Mapping")] mapping: Option<JsValue>,
        #[wasm_bindgen(js_name = statusMapping, unchecked_optional_param_type = "StatusMapping")] status: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        let bytes = file_bytes(&input, "updateLeads")?;
        let report = self.inner.update_leads(&bytes, &self::mapping(mapping)?, &status_mapping(status)?).map_err(into_error)?;
        to_js(&report)
    }

    /// Adds an outcome log: `lead_id, outcome, reason, at, converted,
    /// first_contact_at`, one sales decision per row; CRM status words in
    /// `outcome` go through `statusMapping` on top of the suggested one.
    #[wasm_bindgen(js_name = importOutcomes, unchecked_return_type = "OutcomeReport")]
    pub fn import_outcomes(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Mapping")] mapping: Option<JsValue>,
        #[wasm_bindgen(js_name = statusMapping, unchecked_optional_param_type = "StatusMapping")] status: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        let bytes = file_bytes(&input, "importOutcomes")?;
        let report = self.inner.import_outcomes(&bytes, &self::mapping(mapping)?, &status_mapping(status)?).map_err(into_error)?;
        to_js(&report)
    }

    /// Reads the last outcome log again (changed column or status-word mapping).
    #[wasm_bindgen(js_name = remapOutcomes, unchecked_return_type = "OutcomeReport")]
    pub fn remap_outcomes(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "Mapping")] mapping: Option<JsValue>,
        #[wasm_bindgen(js_name = statusMapping, unchecked_optional_param_type = "StatusMapping")] status: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        let report = self.inner.remap_outcomes(&self::mapping(mapping)?, &status_mapping(status)?).map_err(into_error)?;
        to_js(&report)
    }

    /// Forgets every outcome log (the lead table's own decisions stay).
    #[wasm_bindgen(js_name = clearOutcomes)]
    pub fn clear_outcomes(&mut self) {
        self.inner.clear_outcomes();
    }

    /// Decisions by reason, what each does next, and the MQL-to-SQL rate
    /// against the 40-70% band, as of the last score.
    #[wasm_bindgen(unchecked_return_type = "FeedbackReport")]
    pub fn feedback(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.feedback().map_err(into_error)?)
    }

    /// Adds an activity-log file (CSV, JSON or NDJSON).
    #[wasm_bindgen(js_name = importActivities, unchecked_return_type = "ImportReport")]
    pub fn import_activities(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Mapping")] mapping: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        let bytes = file_bytes(&input, "importActivities")?;
        let report = self.inner.import_activities(&bytes, &self::mapping(mapping)?).map_err(into_error)?;
        to_js(&report)
    }

    /// Reads the last activity file again with a changed column mapping.
    #[wasm_bindgen(js_name = remapActivities, unchecked_return_type = "ImportReport")]
    pub fn remap_activities(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Mapping")] mapping: JsValue,
    ) -> Result<JsValue, JsError> {
        let report = self.inner.remap_activities(&self::mapping(Some(mapping))?).map_err(into_error)?;
        to_js(&report)
    }

    /// Forgets every activity-log file imported so far.
    #[wasm_bindgen(js_name = clearActivities)]
    pub fn clear_activities(&mut self) {
        self.inner.clear_activities();
    }

    /// Activities whose lead id matches no lead: `{line, lead_id}`, first 1000.
    #[wasm_bindgen(js_name = unmatchedActivities, unchecked_return_type = "UnmatchedActivity[]")]
    pub fn unmatched_activities(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.unmatched_activities())
    }

    /// Replaces the model; throws with the path of the first problem.
    #[wasm_bindgen(js_name = setModel)]
    pub fn set_model(&mut self, json: &str) -> Result<(), JsError> {
        self.inner.set_model_json(json).map_err(into_error)
    }

    /// The model as JSON.
    pub fn model(&self) -> String {
        self.inner.model().to_json()
    }

    /// Scores every lead as of an ISO 8601 time; returns counts by status.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn score(&mut self, #[wasm_bindgen(js_name = asOf)] as_of: &str) -> Result<JsValue, JsError> {
        let t = as_of_time(as_of)?;
        to_js(&self.inner.score(t))
    }

    /// Total scores in lead order (a copy of the kept column: one memcpy).
    pub fn scores(&self) -> Int32Array {
        Int32Array::from(self.inner.score_column())
    }

    /// Copies the scores into `out` (an Int32Array of `leadCount`) without
    /// allocating: for a caller that redraws on every slider step, where a
    /// fresh array per step costs more than the copy (garbage collection).
    #[wasm_bindgen(js_name = scoresInto)]
    pub fn scores_into(&self, out: &Int32Array) -> Result<(), JsError> {
        let col = self.inner.score_column();
        check_into("scoresInto", "an Int32Array", out.length(), col.len())?;
        out.copy_from(col);
        Ok(())
    }

    /// Fit sub-scores in lead order.
    #[wasm_bindgen(js_name = fitScores)]
    pub fn fit_scores(&self) -> Int32Array {
        self.ints(|r| r.fit)
    }

    /// Engagement (behavioral) sub-scores in lead order.
    #[wasm_bindgen(js_name = behaviorScores)]
    pub fn behavior_scores(&self) -> Int32Array {
        self.ints(|r| r.behavior)
    }

    /// Status per lead: 0 nurture, 1 mql, 2 disqualified, 3 suppressed, 4 recycled.
    pub fn statuses(&self) -> Uint8Array {
        Uint8Array::from(self.inner.status_column())
    }

    /// Copies the statuses into `out` (a Uint8Array of `leadCount`), as `scoresInto`.
    #[wasm_bindgen(js_name = statusesInto)]
    pub fn statuses_into(&self, out: &Uint8Array) -> Result<(), JsError> {
        let col = self.inner.status_column();
        check_into("statusesInto", "a Uint8Array", out.length(), col.len())?;
        out.copy_from(col);
        Ok(())
    }

    /// Crossing time per lead in milliseconds since the epoch (NaN if
    /// none). Computes every MQL's crossing on first call after a score.
    #[wasm_bindgen(js_name = crossedAt)]
    pub fn crossed_at(&mut self) -> Float64Array {
        let v: Vec<f64> =
            self.inner.results().iter().map(|r| r.crossed_at.map_or(f64::NAN, |t| t as f64 * 1000.0)).collect();
        Float64Array::from(&v[..])
    }

    /// Lead indices for a table: filtered by `statusMask` (bit `1 << status`,
    /// 0 keeps all) and `search` (id, name, email, company, title), sorted.
    pub fn order(
        &mut self,
        #[wasm_bindgen(js_name = sortBy, unchecked_param_type = "SortKey")] sort_by: &str,
        descending: bool,
        #[wasm_bindgen(js_name = statusMask)] status_mask: u32,
        search: &str,
    ) -> Result<Uint32Array, JsError> {
        let v = self.inner.order(sort_by, descending, status_mask, search).map_err(into_error)?;
        Ok(Uint32Array::from(&v[..]))
    }

    /// Positions `[start, start + count)` of `order(...)` and its length,
    /// `{ total, indices }`: sorted by score without a search it sorts
    /// nothing (what the page asks after each slider move).
    #[wasm_bindgen(js_name = orderWindow, unchecked_return_type = "{ total: number, indices: number[] }")]
    pub fn order_window(
        &mut self,
        #[wasm_bindgen(js_name = sortBy, unchecked_param_type = "SortKey")] sort_by: &str,
        descending: bool,
        #[wasm_bindgen(js_name = statusMask)] status_mask: u32,
        search: &str,
        start: usize,
        count: usize,
    ) -> Result<JsValue, JsError> {
        let (total, indices) =
            self.inner.order_window(sort_by, descending, status_mask, search, start, count).map_err(into_error)?;
        struct Window {
            total: usize,
            indices: Vec<u32>,
        }
        crate::json_object!(Window { total, indices });
        to_js(&Window { total, indices })
    }

    /// The table rows for these lead indices (only the visible ones cross).
    #[wasm_bindgen(unchecked_return_type = "Row[]")]
    pub fn rows(&self, indices: &[u32]) -> Result<JsValue, JsError> {
        to_js(&self.inner.rows(indices).map_err(into_error)?)
    }

    /// The activity types in the data, sorted.
    #[wasm_bindgen(js_name = eventTypes)]
    pub fn event_types(&self) -> Vec<String> {
        self.inner.event_types()
    }

    fn ints(&self, f: impl Fn(&crate::scoring::LeadResult) -> i32) -> Int32Array {
        let v: Vec<i32> = self.inner.results_fast().iter().map(f).collect();
        Int32Array::from(&v[..])
    }

    /// One lead by position: its fields, result, contributions and timeline.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn lead(&self, index: usize) -> Result<JsValue, JsError> {
        to_js(&self.inner.explain(index).map_err(into_error)?)
    }

    /// One lead by id (or email): the same as `lead`.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(&self, id: &str) -> Result<JsValue, JsError> {
        to_js(&self.inner.explain_id(id).map_err(into_error)?)
    }

    /// Every lead as CSV: `id,score,fit,behavior,status,instant,crossed_at`
    /// then the lead's own columns; formula cells neutralised.
    #[wasm_bindgen(js_name = scoredCsv)]
    pub fn scored_csv(&mut self) -> Result<String, JsError> {
        self.inner.scored_csv().map_err(into_error)
    }

    /// Every MQL's handoff packet as one document: `json`, `csv`,
    /// `markdown` or `html`. Builds every packet (routing and duplicates
    /// look across all MQLs).
    pub fn handoff(&mut self, #[wasm_bindgen(unchecked_param_type = "\"json\" | \"csv\" | \"markdown\" | \"html\"")] format: &str) -> Result<String, JsError> {
        self.inner.handoff(format).map_err(into_error)
    }

    /// One MQL's packet, by lead index.
    #[wasm_bindgen(unchecked_return_type = "Packet")]
    pub fn packet(&mut self, index: usize) -> Result<JsValue, JsError> {
        to_js(&self.inner.packet(index).map_err(into_error)?)
    }

    /// SLA adherence: the whole team first, then each rep.
    #[wasm_bindgen(js_name = slaAdherence, unchecked_return_type = "Adherence[]")]
    pub fn sla_adherence(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.inner.sla_adherence().map_err(into_error)?)
    }

    /// Runs two models (model JSON) on the leads as of `asOf`: each one's
    /// counts (as setModel + score would give), the status transitions, and
    /// quality against sales outcomes. The workspace's own model and scores
    /// stay as they were.
    #[wasm_bindgen(unchecked_return_type = "CompareReport")]
    pub fn compare(
        &mut self,
        #[wasm_bindgen(js_name = modelA)] model_a: &str,
        #[wasm_bindgen(js_name = modelB)] model_b: &str,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
    ) -> Result<JsValue, JsError> {
        let t = as_of_time(as_of)?;
        to_js(&self.inner.compare(model_a, model_b, t).map_err(into_error)?)
    }

    /// One lead explained under the last comparison's model A (`side`
    /// "a") or B ("b"), as of its as-of.
    #[wasm_bindgen(js_name = compareLead, unchecked_return_type = "Explanation")]
    pub fn compare_lead(&self, index: usize, #[wasm_bindgen(unchecked_param_type = "'a' | 'b'")] side: &str) -> Result<JsValue, JsError> {
        let b = match side {
            "a" => false,
            "b" => true,
            other => return Err(JsError::new(&format!("compareLead: side must be \"a\" or \"b\", not \"{other}\""))),
        };
        to_js(&self.inner.compare_explain(index, b).map_err(into_error)?)
    }

    /// One page of the last comparison's changed leads, with why each changed.
    #[wasm_bindgen(js_name = changedRows, unchecked_return_type = "ChangedPage")]
    pub fn changed_rows(
        &self,
        offset: usize,
        limit: usize,
        #[wasm_bindgen(unchecked_param_type = "ChangedRowsOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsError> {
        let opts: crate::compare::PageOptions = match options {
            Some(v) if !v.is_undefined() && !v.is_null() => {
                // A misspelt option must not be ignored silently.
                for key in js_sys::Object::keys(&js_sys::Object::from(v.clone())).iter().filter_map(|k| k.as_string()) {
                    if !["sort_by", "descending", "from", "to"].contains(&key.as_str()) {
                        return Err(JsError::new(&format!("changedRows options: unknown option \"{key}\" (sort_by, descending, from, to)")));
                    }
                }
                let text = js_sys::JSON::stringify(&v).ok().and_then(|s| s.as_string()).unwrap_or_default();
                crate::json::read::from_str(&text).map_err(|e| {
                    JsError::new(&format!("changedRows options: {e} (sort_by: change | score_a | score_b | file, descending, from, to: a status)"))
                })?
            }
            _ => Default::default(),
        };
        to_js(&self.inner.changed_rows(offset, limit, &opts).map_err(into_error)?)
    }

    /// Per step `[s, e)` from `from` to `to`: under each model, the MQLs as
    /// of `e` that crossed inside the step, and how many converted or were
    /// accepted.
    #[wasm_bindgen(unchecked_return_type = "ReplayReport")]
    pub fn replay(
        &self,
        #[wasm_bindgen(js_name = modelA)] model_a: &str,
        #[wasm_bindgen(js_name = modelB)] model_b: &str,
        from: &str,
        to: &str,
        #[wasm_bindgen(js_name = stepDays)] step_days: u32,
    ) -> Result<JsValue, JsError> {
        let f = parse_time(from).map_err(|e| JsError::new(&format!("replay from: {e}")))?;
        let t = parse_time(to).map_err(|e| JsError::new(&format!("replay to: {e}")))?;
        to_js(&self.inner.replay(model_a, model_b, f, t, step_days).map_err(into_error)?)
    }

    #[wasm_bindgen(getter, js_name = leadCount)]
    pub fn lead_count(&self) -> usize {
        self.inner.lead_count()
    }

    #[wasm_bindgen(getter, js_name = activityCount)]
    pub fn activity_count(&self) -> usize {
        self.inner.activity_count()
    }
}

#[wasm_bindgen(typescript_custom_section)]
const CALIBRATION_TYPES: &'static str = r#"
export interface CalibrateOptions {
  /** Width of a score band [lo, lo + width); default 10. */
  band_width?: number;
  /** "converted" (default: converted where known, else accepted vs. wrong-ICP/premature rejection) or "accepted" (the latest decision only). */
  label?: "converted" | "accepted";
  /** The MQL-to-SQL rate the sql_rate threshold must reach; default 0.5. */
  target_sql_rate?: number;
  /** Sales capacity: the capacity threshold gives at most this many MQLs per week. */
  mqls_per_week?: number;
}
/** A 95% interval [low, high]. */
export type Interval = [number, number];
export interface RateCount { leads: number; positive: number; rate: number | null }
export interface CalibrationBand {
  /** Scores in [lo, hi). */
  lo: number; hi: number;
  /** Labelled leads in the band, of them positive, the rate and its Wilson 95% interval. */
  leads: number; positive: number; rate: number | null; ci: Interval | null;
  /** Fewer than 30 labelled leads. */
  few: boolean;
}
export interface RuleLift {
  id: string; label: string; enabled: boolean; points: number; category: "fit" | "behavior";
  /** Labelled leads with a hit of the rule, and without. */
  with: RateCount; without: RateCount;
  /** rate with / rate without, and its 95% interval (log method); null when a rate is 0 or a side is empty. */
  lift: number | null; lift_ci: Interval | null;
  /** Fewer than 30 labelled leads have it. */
  few: boolean;
}
export interface SuggestedPoints {
  /** Per rule: current points, suggested whole-number points (null: disabled, not fitted), the ridge logistic coefficient. */
  points: { id: string; label: string; points: number; suggested: number | null; coefficient: number | null }[];
  /** The threshold that keeps the MQL volume closest to the current one with the suggested points. */
  threshold: number;
  auc_before: number | null; auc_after: number | null;
  mqls_before: number; mqls_after: number;
}
export interface RejectionAdvice {
  reason: "wrong_icp" | "premature" | "duplicate" | "unreachable" | "no_reason";
  leads: number;
  /** Share of all rejections. */
  share: number | null;
  /** At least a fifth of the rejections. */
  many: boolean;
  suggestion: string;
  /** Wrong ICP only: the positive fit rules those leads matched, most first. */
  fit_rules: { id: string; label: string; leads: number }[];
}
export interface CalibrationReport {
  as_of: string; label: "converted" | "accepted"; band_width: number; threshold: number;
  population: {
    leads: number; decided: number; labelled: number; positive: number; negative: number;
    /** Decided leads left out of the label: duplicate and unreachable rejections say nothing about fit or intent. */
    left_out: { duplicate: number; unreachable: number; no_reason: number };
    /** Labelled leads with no first contact or dated decision: scored at as-of. */
    scored_at_as_of: number;
  };
  bands: CalibrationBand[];
  /** Accepted among MQLs (before sales touched them) with a decision; ci is Wilson 95%. */
  mql_to_sql: { decided_mqls: number; accepted: number; rate: number | null; ci: Interval | null; band: [number, number]; verdict: "below" | "healthy" | "above" | "no_data"; advice: string };
  /** Mann-Whitney AUC (a tie counts half), DeLong standard error and 95% interval; null without both classes. */
  auc: { value: number; se: number | null; ci: Interval | null } | null;
  /** ROC curve points [false positive rate, true positive rate, threshold], highest threshold first after [0, 0, null]. */
  roc: [number, number, number | null][];
  thresholds: {
    current: number;
    /** Youden's J (tpr - fpr), ties to the lower threshold. */
    best_separation: { threshold: number; j: number; tpr: number; fpr: number } | null;
    target_sql_rate: number;
    /** The lowest threshold whose MQL-to-SQL rate reaches the target. */
    sql_rate: { threshold: number; rate: number; decided_mqls: number } | null;
    /** With mqls_per_week: the lowest threshold giving at most that many MQLs per week over the period. */
    capacity: { mqls_per_week: number; threshold: number | null; per_week: number; reachable: boolean } | null;
    period: { from: string | null; to: string; weeks: number };
    /** MQLs among all leads, before sales touched them, at the current threshold. */
    mqls_now: number;
  };
  rules: RuleLift[];
  /** null without both outcomes or without an enabled rule. */
  suggested: SuggestedPoints | null;
  rejections: RejectionAdvice[];
}
export interface SuggestModelOptions {
  /** "current" (default): refit the current rules' points; "columns": a first model from every column and activity type. */
  from?: "current" | "columns";
  /** Share of labelled leads held out (newest by created_at when every one has it, else seeded); default 0.3. */
  holdout_share?: number;
  /** Seed of the random split; default 1. */
  seed?: number;
  /** Columns to use even when flagged as leaks. */
  include?: string[];
  /** At most this many rules from columns; default 30. */
  max_rules?: number;
  label?: "converted" | "accepted";
}
export interface SuggestedRule {
  id: string; label: string;
  /** The column the rule reads ("activity" for an activity rule; null from the current model). */
  column: string | null;
  points: number;
  /** From the current model: its points before. */
  was?: number;
  coefficient: number | null;
  /** Training leads with a hit, and their rate. */
  leads: number; rate: number | null;
}
export interface LeakFlag {
  column: string;
  /** The column's AUC on its own (values scored by their rate; numbers as they are). */
  auc: number;
  /** Why, in plain words. */
  reason: string;
  /** Used anyway (named in include). */
  included: boolean;
}
export interface SuggestedModel {
  /** Model JSON: setModel takes it. */
  model: string;
  threshold: number;
  /** AUC of the suggested scores on the training leads it was fitted on (split.fitted_on), and on the held-out ones. */
  auc_train: number | null; auc_holdout: number | null;
  rules: SuggestedRule[];
  leaks: LeakFlag[];
  /** From columns: how each column was read. */
  columns: { column: string; kind: "categorical" | "numeric" | "activity" | "skipped"; candidates: number; auc: number | null; leak: boolean; note: string | null }[];
  /** fitted_on: training leads the rules were picked and weighed on (all up to 25,000, an even sample past it). */
  split: { method: "created_at" | "random"; seed: number; holdout_share: number; train: number; holdout: number; holdout_from: string | null; fitted_on: number };
  label: "converted" | "accepted";
}
"#;

/// An options object as (name, value) pairs, read here with a few JS
/// calls instead of a JSON deserializer; the engine checks every name.
fn option_pairs(options: Option<JsValue>, what: &str) -> Result<Vec<(String, crate::calibration::OptionValue)>, JsError> {
    use crate::calibration::OptionValue;
    let Some(v) = options.filter(|v| !v.is_undefined() && !v.is_null()) else { return Ok(Vec::new()) };
    if !v.is_object() || js_sys::Array::is_array(&v) {
        return Err(JsError::new(&format!("{what} options must be an object, like {{ label: \"converted\" }}")));
    }
    let object = js_sys::Object::from(v);
    Ok(js_sys::Object::entries(&object)
        .iter()
        .filter_map(|entry| {
            let entry = js_sys::Array::from(&entry);
            let (key, value) = (entry.get(0).as_string()?, entry.get(1));
            let read = if value.is_undefined() || value.is_null() {
                return None;
            } else if let Some(x) = value.as_f64() {
                OptionValue::Number(x)
            } else if let Some(t) = value.as_string() {
                OptionValue::Text(t)
            } else if js_sys::Array::is_array(&value) {
                let list: Option<Vec<String>> = js_sys::Array::from(&value).iter().map(|x| x.as_string()).collect();
                list.map_or(OptionValue::Other, OptionValue::List)
            } else {
                OptionValue::Other
            };
            Some((key, read))
        })
        .collect())
}

#[wasm_bindgen]
impl Workspace {
    /// The calibration report of the current model as of the last score:
    /// conversion by band, MQL-to-SQL, AUC, suggested thresholds, rule
    /// lift, suggested points, rejection reasons (SPEC 6).
    #[wasm_bindgen(unchecked_return_type = "CalibrationReport")]
    pub fn calibrate(&self, #[wasm_bindgen(unchecked_param_type = "CalibrateOptions")] options: Option<JsValue>) -> Result<JsValue, JsError> {
        let opts = crate::calibration::Options::from_pairs(&option_pairs(options, "calibrate")?).map_err(into_error)?;
        to_js(&self.inner.calibrate(&opts).map_err(into_error)?)
    }

    /// A model fitted to the outcomes (current rules or every column),
    /// measured on held-out leads, with leak flags.
    #[wasm_bindgen(js_name = suggestModel, unchecked_return_type = "SuggestedModel")]
    pub fn suggest_model(&self, #[wasm_bindgen(unchecked_param_type = "SuggestModelOptions")] options: Option<JsValue>) -> Result<JsValue, JsError> {
        let opts = crate::calibration::SuggestOptions::from_pairs(&option_pairs(options, "calibrate")?).map_err(into_error)?;
        to_js(&self.inner.suggest_model(&opts).map_err(into_error)?)
    }
}

#[wasm_bindgen(typescript_custom_section)]
const STREAM_TYPES: &'static str = r#"
/** What a streaming import reads: a lead table (replaces the leads), an activity log or an outcome log (added). */
export type ImportKind = "leads" | "activities" | "outcomes";
"#;

/// Streaming import: a file in chunks, never whole in memory.
#[wasm_bindgen]
impl Workspace {
    /// Starts a streaming import; `totalBytes` (the file's size, when
    /// known) lets a file that will not fit be refused early and memory be
    /// reserved at once. Then `feed` every chunk and `finishImport`.
    #[wasm_bindgen(js_name = beginImport)]
    pub fn begin_import(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ImportKind")] kind: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "Mapping")] mapping: Option<JsValue>,
        #[wasm_bindgen(js_name = statusMapping, unchecked_optional_param_type = "StatusMapping")] status: Option<JsValue>,
        #[wasm_bindgen(js_name = totalBytes, unchecked_optional_param_type = "number")] total_bytes: Option<f64>,
    ) -> Result<(), JsError> {
        let kind = crate::import::ImportKind::parse(kind).map_err(into_error)?;
        let total = total_bytes.filter(|t| t.is_finite() && *t >= 0.0).map(|t| t as u64);
        self.inner.begin_import(kind, &self::mapping(mapping)?, &status_mapping(status)?, total).map_err(into_error)
    }

    /// The next chunk of the file (a Uint8Array of any size). Throws, and
    /// ends the import with the data as it was, on a file-level problem or
    /// when the file would not fit in memory.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.inner.feed(chunk).map_err(into_error)
    }

    /// Ends the file: the same report as importLeads / importActivities /
    /// importOutcomes on the whole file.
    #[wasm_bindgen(js_name = finishImport, unchecked_return_type = "ImportReport | OutcomeReport")]
    pub fn finish_import(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.inner.finish_import().map_err(into_error)?)
    }

    /// Stops the import in progress; the data loaded before stays. True if one was running.
    #[wasm_bindgen(js_name = cancelImport)]
    pub fn cancel_import(&mut self) -> bool {
        self.inner.cancel_import()
    }

    /// Bytes fed to the import in progress.
    #[wasm_bindgen(getter, js_name = importBytesRead)]
    pub fn import_bytes_read(&self) -> f64 {
        self.inner.import_bytes_read() as f64
    }

    /// Bytes the data may hold, as the imports estimate it (default 2.5 GiB, under wasm's 4 GiB; see the README).
    #[wasm_bindgen(getter, js_name = memoryLimit)]
    pub fn memory_limit(&self) -> f64 {
        self.inner.memory_limit() as f64
    }

    #[wasm_bindgen(setter, js_name = memoryLimit)]
    pub fn set_memory_limit(&mut self, bytes: f64) {
        self.inner.set_memory_limit(bytes.clamp(0.0, usize::MAX as f64) as usize);
    }

    /// Bytes the loaded data holds, as the imports estimated it.
    #[wasm_bindgen(getter, js_name = memoryHeld)]
    pub fn memory_held(&self) -> f64 {
        self.inner.memory_held() as f64
    }
}

/// Benchmark ceiling (feature `bench` only): the csv crate merely reading
/// the records of a chunk; returns the number of fields.
#[cfg(feature = "bench")]
#[global_allocator]
static COUNTING: crate::alloc_count::Counting = crate::alloc_count::Counting;

/// Bench-only: `[held, high-water]` bytes of the allocator; resets the
/// high-water mark to what is held.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = benchAllocStats)]
pub fn bench_alloc_stats() -> Vec<f64> {
    let stats = vec![crate::alloc_count::held() as f64, crate::alloc_count::peak() as f64];
    crate::alloc_count::reset_peak();
    stats
}

#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = benchCsvRead)]
#[cfg_attr(leadscore_speed, optimize(speed))]
pub fn bench_csv_read(chunk: &[u8]) -> f64 {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(chunk);
    let mut record = csv::StringRecord::new();
    let mut fields = 0usize;
    while let Ok(true) = reader.read_record(&mut record) {
        fields += record.len();
    }
    fields as f64
}

/// The JSON of a shipped preset (`seed-example`).
#[wasm_bindgen(js_name = presetModel)]
pub fn preset_model(name: &str) -> Result<String, JsError> {
    model::preset(name).map(|m| m.to_json()).map_err(into_error)
}

/// The canonical lead field keys (for a column-mapping control).
#[wasm_bindgen(js_name = leadFieldKeys)]
pub fn lead_field_keys() -> Vec<String> {
    crate::Field::ALL.iter().map(|f| f.key().to_string()).collect()
}

/// The suggested status-word mapping (Salesforce and HubSpot lead statuses).
#[wasm_bindgen(js_name = suggestedStatusMapping, unchecked_return_type = "StatusMapping")]
pub fn suggested_status_mapping() -> Result<JsValue, JsError> {
    // Words in key order, as an object: a sorted list (the words are
    // distinct) instead of a BTreeMap instance of its own.
    let mut words = crate::outcomes::SUGGESTED.to_vec();
    crate::sort::items_by(&mut words, &|a, b| a.0.cmp(b.0));
    let mut text = String::new();
    crate::json::write_map(&mut text, words.iter().map(|(k, v)| (*k, v as &dyn crate::json::ToJson)));
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("internal error: a report did not cross to JS"))
}

/// The names of the shipped presets.
#[wasm_bindgen(js_name = presetNames)]
pub fn preset_names() -> Vec<String> {
    model::PRESETS.iter().map(|(n, _)| n.to_string()).collect()
}

struct SampleOut {
    leads: String,
    activities: String,
    as_of: String,
}
crate::json_object!(SampleOut { leads, activities, as_of });

/// A realistic, deterministic sample: `leads` leads with about 12
/// activities each, as CSV files, and the as-of time they are meant for.
#[wasm_bindgen(js_name = sampleData, unchecked_return_type = "Sample")]
pub fn sample_data(leads: usize, seed: u32) -> Result<JsValue, JsError> {
    let s = sample::generate(leads, 12, u64::from(seed));
    to_js(&SampleOut { leads: s.leads_csv, activities: s.activities_csv, as_of: format_time(s.as_of) })
}

/// The model compiled to one SQL query returning `id, score, fit,
/// behavior, status, instant` per lead (SPEC section 10).
#[wasm_bindgen(js_name = modelSql)]
pub fn model_sql(
    #[wasm_bindgen(js_name = modelJson)] model_json: &str,
    #[wasm_bindgen(unchecked_param_type = "SqlDialect")] dialect: &str,
    #[wasm_bindgen(unchecked_param_type = "SqlOptions")] options: Option<JsValue>,
) -> Result<String, JsError> {
    // Through JSON text, so an unknown key is an error, not ignored.
    let options = match options {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            let text = js_sys::JSON::stringify(&v).ok().and_then(|s| s.as_string()).unwrap_or_default();
            crate::sql::SqlOptions::from_json(&text).map_err(into_error)?
        }
        _ => Default::default(),
    };
    crate::sql::model_sql(model_json, dialect, &options).map_err(into_error)
}

/// The SQL dialects `modelSql` writes.
#[wasm_bindgen(js_name = sqlDialects)]
pub fn sql_dialects() -> Vec<String> {
    crate::sql::DIALECTS.iter().map(|d| d.to_string()).collect()
}
