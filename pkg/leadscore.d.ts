/* tslint:disable */
/* eslint-disable */

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



/** What a streaming import reads: a lead table (replaces the leads), an activity log or an outcome log (added). */
export type ImportKind = "leads" | "activities" | "outcomes";



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



/**
 * Imported leads, the model, and the last scoring run.
 */
export class Workspace {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Starts a streaming import; `totalBytes` (the file's size, when
     * known) lets a file that will not fit be refused early and memory be
     * reserved at once. Then `feed` every chunk and `finishImport`.
     */
    beginImport(kind: ImportKind, mapping?: Mapping, statusMapping?: StatusMapping, totalBytes?: number): void;
    /**
     * Engagement (behavioral) sub-scores in lead order.
     */
    behaviorScores(): Int32Array;
    /**
     * The calibration report of the current model as of the last score:
     * conversion by band, MQL-to-SQL, AUC, suggested thresholds, rule
     * lift, suggested points, rejection reasons (SPEC 6).
     */
    calibrate(options: CalibrateOptions): CalibrationReport;
    /**
     * Stops the import in progress; the data loaded before stays. True if one was running.
     */
    cancelImport(): boolean;
    /**
     * One page of the last comparison's changed leads, with why each changed.
     */
    changedRows(offset: number, limit: number, options: ChangedRowsOptions): ChangedPage;
    /**
     * Forgets every activity-log file imported so far.
     */
    clearActivities(): void;
    /**
     * Forgets every outcome log (the lead table's own decisions stay).
     */
    clearOutcomes(): void;
    /**
     * One lead explained under the last comparison's model A (`side`
     * "a") or B ("b"), as of its as-of.
     */
    compareLead(index: number, side: 'a' | 'b'): Explanation;
    /**
     * Runs two models (model JSON) on the leads as of `asOf`: each one's
     * counts (as setModel + score would give), the status transitions, and
     * quality against sales outcomes. The workspace's own model and scores
     * stay as they were.
     */
    compare(modelA: string, modelB: string, asOf: string): CompareReport;
    /**
     * Crossing time per lead in milliseconds since the epoch (NaN if
     * none). Computes every MQL's crossing on first call after a score.
     */
    crossedAt(): Float64Array;
    /**
     * The activity types in the data, sorted.
     */
    eventTypes(): string[];
    /**
     * One lead by id (or email): the same as `lead`.
     */
    explain(id: string): Explanation;
    /**
     * The next chunk of the file (a Uint8Array of any size). Throws, and
     * ends the import with the data as it was, on a file-level problem or
     * when the file would not fit in memory.
     */
    feed(chunk: Uint8Array): void;
    /**
     * Decisions by reason, what each does next, and the MQL-to-SQL rate
     * against the 40-70% band, as of the last score.
     */
    feedback(): FeedbackReport;
    /**
     * Ends the file: the same report as importLeads / importActivities /
     * importOutcomes on the whole file.
     */
    finishImport(): ImportReport | OutcomeReport;
    /**
     * Fit sub-scores in lead order.
     */
    fitScores(): Int32Array;
    /**
     * Every MQL's handoff packet as one document: `json`, `csv`,
     * `markdown` or `html`. Builds every packet (routing and duplicates
     * look across all MQLs).
     */
    handoff(format: "json" | "csv" | "markdown" | "html"): string;
    /**
     * Adds an activity-log file (CSV, JSON or NDJSON).
     */
    importActivities(input: string | Uint8Array, mapping?: Mapping): ImportReport;
    /**
     * Replaces the leads with a CSV, JSON or NDJSON lead file. A status
     * column (`Lead Status`) is read through `statusMapping` on top of the
     * suggested one.
     */
    importLeads(input: string | Uint8Array, mapping?: Mapping, statusMapping?: StatusMapping): ImportReport;
    /**
     * Adds an outcome log: `lead_id, outcome, reason, at, converted,
     * first_contact_at`, one sales decision per row; CRM status words in
     * `outcome` go through `statusMapping` on top of the suggested one.
     */
    importOutcomes(input: string | Uint8Array, mapping?: Mapping, statusMapping?: StatusMapping): OutcomeReport;
    /**
     * One lead by position: its fields, result, contributions and timeline.
     */
    lead(index: number): Explanation;
    /**
     * The model as JSON.
     */
    model(): string;
    /**
     * An empty workspace with the seed example model.
     */
    constructor();
    /**
     * Positions `[start, start + count)` of `order(...)` and its length,
     * `{ total, indices }`: sorted by score without a search it sorts
     * nothing (what the page asks after each slider move).
     */
    orderWindow(sortBy: SortKey, descending: boolean, statusMask: number, search: string, start: number, count: number): { total: number, indices: number[] };
    /**
     * Lead indices for a table: filtered by `statusMask` (bit `1 << status`,
     * 0 keeps all) and `search` (id, name, email, company, title), sorted.
     */
    order(sortBy: SortKey, descending: boolean, statusMask: number, search: string): Uint32Array;
    /**
     * One MQL's packet, by lead index.
     */
    packet(index: number): Packet;
    /**
     * Reads the last activity file again with a changed column mapping.
     */
    remapActivities(mapping: Mapping): ImportReport;
    /**
     * Reads the last lead file again with a changed column mapping.
     */
    remapLeads(mapping: Mapping, statusMapping?: StatusMapping): ImportReport;
    /**
     * Reads the last outcome log again (changed column or status-word mapping).
     */
    remapOutcomes(mapping?: Mapping, statusMapping?: StatusMapping): OutcomeReport;
    /**
     * Per step `[s, e)` from `from` to `to`: under each model, the MQLs as
     * of `e` that crossed inside the step, and how many converted or were
     * accepted.
     */
    replay(modelA: string, modelB: string, from: string, to: string, stepDays: number): ReplayReport;
    /**
     * The table rows for these lead indices (only the visible ones cross).
     */
    rows(indices: Uint32Array): Row[];
    /**
     * Scores every lead as of an ISO 8601 time; returns counts by status.
     */
    score(asOf: string): Summary;
    /**
     * Every lead as CSV: `id,score,fit,behavior,status,instant,crossed_at`
     * then the lead's own columns; formula cells neutralised.
     */
    scoredCsv(): string;
    /**
     * Copies the scores into `out` (an Int32Array of `leadCount`) without
     * allocating: for a caller that redraws on every slider step, where a
     * fresh array per step costs more than the copy (garbage collection).
     */
    scoresInto(out: Int32Array): void;
    /**
     * Total scores in lead order (a copy of the kept column: one memcpy).
     */
    scores(): Int32Array;
    /**
     * Replaces the model; throws with the path of the first problem.
     */
    setModel(json: string): void;
    /**
     * SLA adherence: the whole team first, then each rep.
     */
    slaAdherence(): Adherence[];
    /**
     * Copies the statuses into `out` (a Uint8Array of `leadCount`), as `scoresInto`.
     */
    statusesInto(out: Uint8Array): void;
    /**
     * Status per lead: 0 nurture, 1 mql, 2 disqualified, 3 suppressed, 4 recycled.
     */
    statuses(): Uint8Array;
    /**
     * A model fitted to the outcomes (current rules or every column),
     * measured on held-out leads, with leak flags.
     */
    suggestModel(options: SuggestModelOptions): SuggestedModel;
    /**
     * Activities whose lead id matches no lead: `{line, lead_id}`, first 1000.
     */
    unmatchedActivities(): UnmatchedActivity[];
    /**
     * Merges a newer export of the lead table by id: changed, added and
     * unchanged leads, and which fit fields changed from what to what.
     */
    updateLeads(input: string | Uint8Array, mapping?: Mapping, statusMapping?: StatusMapping): UpdateReport;
    readonly activityCount: number;
    /**
     * Bytes fed to the import in progress.
     */
    readonly importBytesRead: number;
    readonly leadCount: number;
    /**
     * Bytes the loaded data holds, as the imports estimated it.
     */
    readonly memoryHeld: number;
    /**
     * Bytes the data may hold, as the imports estimate it (default 2.5 GiB, under wasm's 4 GiB; see the README).
     */
    memoryLimit: number;
}

/**
 * The canonical lead field keys (for a column-mapping control).
 */
export function leadFieldKeys(): string[];

/**
 * The model compiled to one SQL query returning `id, score, fit,
 * behavior, status, instant` per lead (SPEC section 10).
 */
export function modelSql(modelJson: string, dialect: SqlDialect, options: SqlOptions): string;

/**
 * The JSON of a shipped preset (`seed-example`).
 */
export function presetModel(name: string): string;

/**
 * The names of the shipped presets.
 */
export function presetNames(): string[];

/**
 * A realistic, deterministic sample: `leads` leads with about 12
 * activities each, as CSV files, and the as-of time they are meant for.
 */
export function sampleData(leads: number, seed: number): Sample;

/**
 * The SQL dialects `modelSql` writes.
 */
export function sqlDialects(): string[];

/**
 * The suggested status-word mapping (Salesforce and HubSpot lead statuses).
 */
export function suggestedStatusMapping(): StatusMapping;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_workspace_free: (a: number, b: number) => void;
    readonly leadFieldKeys: () => [number, number];
    readonly modelSql: (a: number, b: number, c: number, d: number, e: number) => [number, number, number, number];
    readonly presetModel: (a: number, b: number) => [number, number, number, number];
    readonly presetNames: () => [number, number];
    readonly sampleData: (a: number, b: number) => [number, number, number];
    readonly sqlDialects: () => [number, number];
    readonly suggestedStatusMapping: () => [number, number, number];
    readonly workspace_activityCount: (a: number) => number;
    readonly workspace_beginImport: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => [number, number];
    readonly workspace_behaviorScores: (a: number) => unknown;
    readonly workspace_calibrate: (a: number, b: number) => [number, number, number];
    readonly workspace_cancelImport: (a: number) => number;
    readonly workspace_changedRows: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly workspace_clearActivities: (a: number) => void;
    readonly workspace_clearOutcomes: (a: number) => void;
    readonly workspace_compare: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => [number, number, number];
    readonly workspace_compareLead: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly workspace_crossedAt: (a: number) => unknown;
    readonly workspace_eventTypes: (a: number) => [number, number];
    readonly workspace_explain: (a: number, b: number, c: number) => [number, number, number];
    readonly workspace_feed: (a: number, b: number, c: number) => [number, number];
    readonly workspace_feedback: (a: number) => [number, number, number];
    readonly workspace_finishImport: (a: number) => [number, number, number];
    readonly workspace_fitScores: (a: number) => unknown;
    readonly workspace_handoff: (a: number, b: number, c: number) => [number, number, number, number];
    readonly workspace_importActivities: (a: number, b: unknown, c: number) => [number, number, number];
    readonly workspace_importBytesRead: (a: number) => number;
    readonly workspace_importLeads: (a: number, b: unknown, c: number, d: number) => [number, number, number];
    readonly workspace_importOutcomes: (a: number, b: unknown, c: number, d: number) => [number, number, number];
    readonly workspace_lead: (a: number, b: number) => [number, number, number];
    readonly workspace_leadCount: (a: number) => number;
    readonly workspace_memoryHeld: (a: number) => number;
    readonly workspace_memoryLimit: (a: number) => number;
    readonly workspace_model: (a: number) => [number, number];
    readonly workspace_new: () => number;
    readonly workspace_order: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => [number, number, number];
    readonly workspace_orderWindow: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number) => [number, number, number];
    readonly workspace_packet: (a: number, b: number) => [number, number, number];
    readonly workspace_remapActivities: (a: number, b: unknown) => [number, number, number];
    readonly workspace_remapLeads: (a: number, b: unknown, c: number) => [number, number, number];
    readonly workspace_remapOutcomes: (a: number, b: number, c: number) => [number, number, number];
    readonly workspace_replay: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number];
    readonly workspace_rows: (a: number, b: number, c: number) => [number, number, number];
    readonly workspace_score: (a: number, b: number, c: number) => [number, number, number];
    readonly workspace_scoredCsv: (a: number) => [number, number, number, number];
    readonly workspace_scores: (a: number) => unknown;
    readonly workspace_scoresInto: (a: number, b: unknown) => [number, number];
    readonly workspace_setModel: (a: number, b: number, c: number) => [number, number];
    readonly workspace_set_memoryLimit: (a: number, b: number) => void;
    readonly workspace_slaAdherence: (a: number) => [number, number, number];
    readonly workspace_statuses: (a: number) => unknown;
    readonly workspace_statusesInto: (a: number, b: unknown) => [number, number];
    readonly workspace_suggestModel: (a: number, b: number) => [number, number, number];
    readonly workspace_unmatchedActivities: (a: number) => [number, number, number];
    readonly workspace_updateLeads: (a: number, b: unknown, c: number, d: number) => [number, number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_drop_slice: (a: number, b: number) => void;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
