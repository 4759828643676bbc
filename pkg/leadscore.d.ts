/* tslint:disable */
/* eslint-disable */

/** Header as written in the file -> canonical field key, or null to keep the column a custom field. */
export type Mapping = Record<string, string | null>;

export interface RowError { line: number; column: string | null; message: string }
export interface ColumnMapping { header: string; field: string | null; source: "canonical" | "alias" | "override" | "custom" }
export interface ImportReport {
    kind: "leads" | "activities";
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
}
export type Status = "nurture" | "mql" | "disqualified";
export interface Summary {
    as_of: string; threshold: number; leads: number;
    mql: number; nurture: number; disqualified: number;
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
    returning: { rejected_at: string; reason: string; history: string } | null;
}
export interface Adherence {
    rep: string | null; mqls: number; met: number; breached: number; overdue: number; open: number;
    share_met: number | null; median_seconds_to_first_contact: number | null;
}
export type SortKey = "score" | "fit" | "behavior" | "name" | "company" | "crossed_at" | "file";
export type SqlDialect = "duckdb" | "spark" | "postgres" | "bigquery" | "snowflake";
/** What modelSql's query reads, and as of when (default: tables leads and activities, as of the moment it runs). */
export interface SqlOptions {
    leads?: string; activities?: string;
    /** ISO 8601; without it the query scores as of the moment it runs. */
    as_of?: string;
    /** The lead table's column names: rule fields then resolve as the engine resolves headers. */
    lead_columns?: string[];
}



/**
 * Imported leads, the model, and the last scoring run.
 */
export class Workspace {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Engagement (behavioral) sub-scores in lead order.
     */
    behaviorScores(): Int32Array;
    /**
     * Forgets every activity-log file imported so far.
     */
    clearActivities(): void;
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
    importActivities(input: string | Uint8Array, mapping: Mapping): ImportReport;
    /**
     * Replaces the leads with a CSV, JSON or NDJSON lead file.
     */
    importLeads(input: string | Uint8Array, mapping: Mapping): ImportReport;
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
    remapLeads(mapping: Mapping): ImportReport;
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
     * Total scores in lead order.
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
     * Status per lead: 0 nurture, 1 mql, 2 disqualified.
     */
    statuses(): Uint8Array;
    /**
     * Activities whose lead id matches no lead: `{line, lead_id}`, first 1000.
     */
    unmatchedActivities(): { line: number; lead_id: string }[];
    readonly activityCount: number;
    readonly leadCount: number;
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
    readonly workspace_activityCount: (a: number) => number;
    readonly workspace_behaviorScores: (a: number) => any;
    readonly workspace_clearActivities: (a: number) => void;
    readonly workspace_crossedAt: (a: number) => any;
    readonly workspace_eventTypes: (a: number) => [number, number];
    readonly workspace_explain: (a: number, b: number, c: number) => [number, number, number];
    readonly workspace_fitScores: (a: number) => any;
    readonly workspace_handoff: (a: number, b: number, c: number) => [number, number, number, number];
    readonly workspace_importActivities: (a: number, b: any, c: number) => [number, number, number];
    readonly workspace_importLeads: (a: number, b: any, c: number) => [number, number, number];
    readonly workspace_lead: (a: number, b: number) => [number, number, number];
    readonly workspace_leadCount: (a: number) => number;
    readonly workspace_model: (a: number) => [number, number];
    readonly workspace_new: () => number;
    readonly workspace_order: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => [number, number, number];
    readonly workspace_packet: (a: number, b: number) => [number, number, number];
    readonly workspace_remapActivities: (a: number, b: any) => [number, number, number];
    readonly workspace_remapLeads: (a: number, b: any) => [number, number, number];
    readonly workspace_rows: (a: number, b: number, c: number) => [number, number, number];
    readonly workspace_score: (a: number, b: number, c: number) => [number, number, number];
    readonly workspace_scoredCsv: (a: number) => [number, number, number, number];
    readonly workspace_scores: (a: number) => any;
    readonly workspace_setModel: (a: number, b: number, c: number) => [number, number];
    readonly workspace_slaAdherence: (a: number) => [number, number, number];
    readonly workspace_statuses: (a: number) => any;
    readonly workspace_unmatchedActivities: (a: number) => [number, number, number];
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
