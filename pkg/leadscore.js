/* @ts-self-types="./leadscore.d.ts" */

/**
 * Imported leads, the model, and the last scoring run.
 */
export class Workspace {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        WorkspaceFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_workspace_free(ptr, 0);
    }
    /**
     * @returns {number}
     */
    get activityCount() {
        const ret = wasm.workspace_activityCount(this.__wbg_ptr);
        return ret >>> 0;
    }
    /**
     * Starts a streaming import; `totalBytes` (the file's size, when
     * known) lets a file that will not fit be refused early and memory be
     * reserved at once. Then `feed` every chunk and `finishImport`.
     * @param {ImportKind} kind
     * @param {Mapping} [mapping]
     * @param {StatusMapping} [statusMapping]
     * @param {number} [totalBytes]
     */
    beginImport(kind, mapping, statusMapping, totalBytes) {
        const ptr0 = passStringToWasm0(kind, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_beginImport(this.__wbg_ptr, ptr0, len0, isLikeNone(mapping) ? 0 : addToExternrefTable0(mapping), isLikeNone(statusMapping) ? 0 : addToExternrefTable0(statusMapping), !isLikeNone(totalBytes), isLikeNone(totalBytes) ? 0 : totalBytes);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * Engagement (behavioral) sub-scores in lead order.
     * @returns {Int32Array}
     */
    behaviorScores() {
        const ret = wasm.workspace_behaviorScores(this.__wbg_ptr);
        return ret;
    }
    /**
     * The calibration report of the current model as of the last score:
     * conversion by band, MQL-to-SQL, AUC, suggested thresholds, rule
     * lift, suggested points, rejection reasons (SPEC 6).
     * @param {CalibrateOptions} options
     * @returns {CalibrationReport}
     */
    calibrate(options) {
        const ret = wasm.workspace_calibrate(this.__wbg_ptr, isLikeNone(options) ? 0 : addToExternrefTable0(options));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Stops the import in progress; the data loaded before stays. True if one was running.
     * @returns {boolean}
     */
    cancelImport() {
        const ret = wasm.workspace_cancelImport(this.__wbg_ptr);
        return ret !== 0;
    }
    /**
     * One page of the last comparison's changed leads, with why each changed.
     * @param {number} offset
     * @param {number} limit
     * @param {ChangedRowsOptions} options
     * @returns {ChangedPage}
     */
    changedRows(offset, limit, options) {
        const ret = wasm.workspace_changedRows(this.__wbg_ptr, offset, limit, isLikeNone(options) ? 0 : addToExternrefTable0(options));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Forgets every activity-log file imported so far.
     */
    clearActivities() {
        wasm.workspace_clearActivities(this.__wbg_ptr);
    }
    /**
     * Forgets every outcome log (the lead table's own decisions stay).
     */
    clearOutcomes() {
        wasm.workspace_clearOutcomes(this.__wbg_ptr);
    }
    /**
     * One lead explained under the last comparison's model A (`side`
     * "a") or B ("b"), as of its as-of.
     * @param {number} index
     * @param {'a' | 'b'} side
     * @returns {Explanation}
     */
    compareLead(index, side) {
        const ptr0 = passStringToWasm0(side, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_compareLead(this.__wbg_ptr, index, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Runs two models (model JSON) on the leads as of `asOf`: each one's
     * counts (as setModel + score would give), the status transitions, and
     * quality against sales outcomes. The workspace's own model and scores
     * stay as they were.
     * @param {string} modelA
     * @param {string} modelB
     * @param {string} asOf
     * @returns {CompareReport}
     */
    compare(modelA, modelB, asOf) {
        const ptr0 = passStringToWasm0(modelA, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ptr1 = passStringToWasm0(modelB, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len1 = WASM_VECTOR_LEN;
        const ptr2 = passStringToWasm0(asOf, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len2 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_compare(this.__wbg_ptr, ptr0, len0, ptr1, len1, ptr2, len2);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Crossing time per lead in milliseconds since the epoch (NaN if
     * none). Computes every MQL's crossing on first call after a score.
     * @returns {Float64Array}
     */
    crossedAt() {
        const ret = wasm.workspace_crossedAt(this.__wbg_ptr);
        return ret;
    }
    /**
     * The activity types in the data, sorted.
     * @returns {string[]}
     */
    eventTypes() {
        const ret = wasm.workspace_eventTypes(this.__wbg_ptr);
        var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
        wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
        return v1;
    }
    /**
     * One lead by id (or email): the same as `lead`.
     * @param {string} id
     * @returns {Explanation}
     */
    explain(id) {
        const ptr0 = passStringToWasm0(id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_explain(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The next chunk of the file (a Uint8Array of any size). Throws, and
     * ends the import with the data as it was, on a file-level problem or
     * when the file would not fit in memory.
     * @param {Uint8Array} chunk
     */
    feed(chunk) {
        const ptr0 = passArray8ToWasm0(chunk, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_feed(this.__wbg_ptr, ptr0, len0);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * Decisions by reason, what each does next, and the MQL-to-SQL rate
     * against the 40-70% band, as of the last score.
     * @returns {FeedbackReport}
     */
    feedback() {
        const ret = wasm.workspace_feedback(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Ends the file: the same report as importLeads / importActivities /
     * importOutcomes on the whole file.
     * @returns {ImportReport | OutcomeReport}
     */
    finishImport() {
        const ret = wasm.workspace_finishImport(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Fit sub-scores in lead order.
     * @returns {Int32Array}
     */
    fitScores() {
        const ret = wasm.workspace_fitScores(this.__wbg_ptr);
        return ret;
    }
    /**
     * Every MQL's handoff packet as one document: `json`, `csv`,
     * `markdown` or `html`. Builds every packet (routing and duplicates
     * look across all MQLs).
     * @param {"json" | "csv" | "markdown" | "html"} format
     * @returns {string}
     */
    handoff(format) {
        let deferred3_0;
        let deferred3_1;
        try {
            const ptr0 = passStringToWasm0(format, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len0 = WASM_VECTOR_LEN;
            const ret = wasm.workspace_handoff(this.__wbg_ptr, ptr0, len0);
            var ptr2 = ret[0];
            var len2 = ret[1];
            if (ret[3]) {
                ptr2 = 0; len2 = 0;
                throw takeFromExternrefTable0(ret[2]);
            }
            deferred3_0 = ptr2;
            deferred3_1 = len2;
            return getStringFromWasm0(ptr2, len2);
        } finally {
            wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
        }
    }
    /**
     * Adds an activity-log file (CSV, JSON or NDJSON).
     * @param {string | Uint8Array} input
     * @param {Mapping} [mapping]
     * @returns {ImportReport}
     */
    importActivities(input, mapping) {
        const ret = wasm.workspace_importActivities(this.__wbg_ptr, input, isLikeNone(mapping) ? 0 : addToExternrefTable0(mapping));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Bytes fed to the import in progress.
     * @returns {number}
     */
    get importBytesRead() {
        const ret = wasm.workspace_importBytesRead(this.__wbg_ptr);
        return ret;
    }
    /**
     * Replaces the leads with a CSV, JSON or NDJSON lead file. A status
     * column (`Lead Status`) is read through `statusMapping` on top of the
     * suggested one.
     * @param {string | Uint8Array} input
     * @param {Mapping} [mapping]
     * @param {StatusMapping} [statusMapping]
     * @returns {ImportReport}
     */
    importLeads(input, mapping, statusMapping) {
        const ret = wasm.workspace_importLeads(this.__wbg_ptr, input, isLikeNone(mapping) ? 0 : addToExternrefTable0(mapping), isLikeNone(statusMapping) ? 0 : addToExternrefTable0(statusMapping));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Adds an outcome log: `lead_id, outcome, reason, at, converted,
     * first_contact_at`, one sales decision per row; CRM status words in
     * `outcome` go through `statusMapping` on top of the suggested one.
     * @param {string | Uint8Array} input
     * @param {Mapping} [mapping]
     * @param {StatusMapping} [statusMapping]
     * @returns {OutcomeReport}
     */
    importOutcomes(input, mapping, statusMapping) {
        const ret = wasm.workspace_importOutcomes(this.__wbg_ptr, input, isLikeNone(mapping) ? 0 : addToExternrefTable0(mapping), isLikeNone(statusMapping) ? 0 : addToExternrefTable0(statusMapping));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @returns {number}
     */
    get leadCount() {
        const ret = wasm.workspace_leadCount(this.__wbg_ptr);
        return ret >>> 0;
    }
    /**
     * One lead by position: its fields, result, contributions and timeline.
     * @param {number} index
     * @returns {Explanation}
     */
    lead(index) {
        const ret = wasm.workspace_lead(this.__wbg_ptr, index);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Bytes the loaded data holds, as the imports estimated it.
     * @returns {number}
     */
    get memoryHeld() {
        const ret = wasm.workspace_memoryHeld(this.__wbg_ptr);
        return ret;
    }
    /**
     * Bytes the data may hold, as the imports estimate it (default 2.5 GiB, under wasm's 4 GiB; see the README).
     * @returns {number}
     */
    get memoryLimit() {
        const ret = wasm.workspace_memoryLimit(this.__wbg_ptr);
        return ret;
    }
    /**
     * The model as JSON.
     * @returns {string}
     */
    model() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.workspace_model(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * An empty workspace with the seed example model.
     */
    constructor() {
        const ret = wasm.workspace_new();
        this.__wbg_ptr = ret;
        WorkspaceFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * Positions `[start, start + count)` of `order(...)` and its length,
     * `{ total, indices }`: sorted by score without a search it sorts
     * nothing (what the page asks after each slider move).
     * @param {SortKey} sortBy
     * @param {boolean} descending
     * @param {number} statusMask
     * @param {string} search
     * @param {number} start
     * @param {number} count
     * @returns {{ total: number, indices: number[] }}
     */
    orderWindow(sortBy, descending, statusMask, search, start, count) {
        const ptr0 = passStringToWasm0(sortBy, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ptr1 = passStringToWasm0(search, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len1 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_orderWindow(this.__wbg_ptr, ptr0, len0, descending, statusMask, ptr1, len1, start, count);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Lead indices for a table: filtered by `statusMask` (bit `1 << status`,
     * 0 keeps all) and `search` (id, name, email, company, title), sorted.
     * @param {SortKey} sortBy
     * @param {boolean} descending
     * @param {number} statusMask
     * @param {string} search
     * @returns {Uint32Array}
     */
    order(sortBy, descending, statusMask, search) {
        const ptr0 = passStringToWasm0(sortBy, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ptr1 = passStringToWasm0(search, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len1 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_order(this.__wbg_ptr, ptr0, len0, descending, statusMask, ptr1, len1);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * One MQL's packet, by lead index.
     * @param {number} index
     * @returns {Packet}
     */
    packet(index) {
        const ret = wasm.workspace_packet(this.__wbg_ptr, index);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Reads the last activity file again with a changed column mapping.
     * @param {Mapping} mapping
     * @returns {ImportReport}
     */
    remapActivities(mapping) {
        const ret = wasm.workspace_remapActivities(this.__wbg_ptr, mapping);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Reads the last lead file again with a changed column mapping.
     * @param {Mapping} mapping
     * @param {StatusMapping} [statusMapping]
     * @returns {ImportReport}
     */
    remapLeads(mapping, statusMapping) {
        const ret = wasm.workspace_remapLeads(this.__wbg_ptr, mapping, isLikeNone(statusMapping) ? 0 : addToExternrefTable0(statusMapping));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Reads the last outcome log again (changed column or status-word mapping).
     * @param {Mapping} [mapping]
     * @param {StatusMapping} [statusMapping]
     * @returns {OutcomeReport}
     */
    remapOutcomes(mapping, statusMapping) {
        const ret = wasm.workspace_remapOutcomes(this.__wbg_ptr, isLikeNone(mapping) ? 0 : addToExternrefTable0(mapping), isLikeNone(statusMapping) ? 0 : addToExternrefTable0(statusMapping));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Per step `[s, e)` from `from` to `to`: under each model, the MQLs as
     * of `e` that crossed inside the step, and how many converted or were
     * accepted.
     * @param {string} modelA
     * @param {string} modelB
     * @param {string} from
     * @param {string} to
     * @param {number} stepDays
     * @returns {ReplayReport}
     */
    replay(modelA, modelB, from, to, stepDays) {
        const ptr0 = passStringToWasm0(modelA, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ptr1 = passStringToWasm0(modelB, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len1 = WASM_VECTOR_LEN;
        const ptr2 = passStringToWasm0(from, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len2 = WASM_VECTOR_LEN;
        const ptr3 = passStringToWasm0(to, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len3 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_replay(this.__wbg_ptr, ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3, stepDays);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The table rows for these lead indices (only the visible ones cross).
     * @param {Uint32Array} indices
     * @returns {Row[]}
     */
    rows(indices) {
        const ptr0 = passArray32ToWasm0(indices, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_rows(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Scores every lead as of an ISO 8601 time; returns counts by status.
     * @param {string} asOf
     * @returns {Summary}
     */
    score(asOf) {
        const ptr0 = passStringToWasm0(asOf, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_score(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Every lead as CSV: `id,score,fit,behavior,status,instant,crossed_at`
     * then the lead's own columns; formula cells neutralised.
     * @returns {string}
     */
    scoredCsv() {
        let deferred2_0;
        let deferred2_1;
        try {
            const ret = wasm.workspace_scoredCsv(this.__wbg_ptr);
            var ptr1 = ret[0];
            var len1 = ret[1];
            if (ret[3]) {
                ptr1 = 0; len1 = 0;
                throw takeFromExternrefTable0(ret[2]);
            }
            deferred2_0 = ptr1;
            deferred2_1 = len1;
            return getStringFromWasm0(ptr1, len1);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
    /**
     * Copies the scores into `out` (an Int32Array of `leadCount`) without
     * allocating: for a caller that redraws on every slider step, where a
     * fresh array per step costs more than the copy (garbage collection).
     * @param {Int32Array} out
     */
    scoresInto(out) {
        const ret = wasm.workspace_scoresInto(this.__wbg_ptr, out);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * Total scores in lead order (a copy of the kept column: one memcpy).
     * @returns {Int32Array}
     */
    scores() {
        const ret = wasm.workspace_scores(this.__wbg_ptr);
        return ret;
    }
    /**
     * Replaces the model; throws with the path of the first problem.
     * @param {string} json
     */
    setModel(json) {
        const ptr0 = passStringToWasm0(json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workspace_setModel(this.__wbg_ptr, ptr0, len0);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * @param {number} bytes
     */
    set memoryLimit(bytes) {
        wasm.workspace_set_memoryLimit(this.__wbg_ptr, bytes);
    }
    /**
     * SLA adherence: the whole team first, then each rep.
     * @returns {Adherence[]}
     */
    slaAdherence() {
        const ret = wasm.workspace_slaAdherence(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Copies the statuses into `out` (a Uint8Array of `leadCount`), as `scoresInto`.
     * @param {Uint8Array} out
     */
    statusesInto(out) {
        const ret = wasm.workspace_statusesInto(this.__wbg_ptr, out);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * Status per lead: 0 nurture, 1 mql, 2 disqualified, 3 suppressed, 4 recycled.
     * @returns {Uint8Array}
     */
    statuses() {
        const ret = wasm.workspace_statuses(this.__wbg_ptr);
        return ret;
    }
    /**
     * A model fitted to the outcomes (current rules or every column),
     * measured on held-out leads, with leak flags.
     * @param {SuggestModelOptions} options
     * @returns {SuggestedModel}
     */
    suggestModel(options) {
        const ret = wasm.workspace_suggestModel(this.__wbg_ptr, isLikeNone(options) ? 0 : addToExternrefTable0(options));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Activities whose lead id matches no lead: `{line, lead_id}`, first 1000.
     * @returns {UnmatchedActivity[]}
     */
    unmatchedActivities() {
        const ret = wasm.workspace_unmatchedActivities(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Merges a newer export of the lead table by id: changed, added and
     * unchanged leads, and which fit fields changed from what to what.
     * @param {string | Uint8Array} input
     * @param {Mapping} [mapping]
     * @param {StatusMapping} [statusMapping]
     * @returns {UpdateReport}
     */
    updateLeads(input, mapping, statusMapping) {
        const ret = wasm.workspace_updateLeads(this.__wbg_ptr, input, isLikeNone(mapping) ? 0 : addToExternrefTable0(mapping), isLikeNone(statusMapping) ? 0 : addToExternrefTable0(statusMapping));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
}
if (Symbol.dispose) Workspace.prototype[Symbol.dispose] = Workspace.prototype.free;

/**
 * The canonical lead field keys (for a column-mapping control).
 * @returns {string[]}
 */
export function leadFieldKeys() {
    const ret = wasm.leadFieldKeys();
    var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v1;
}

/**
 * The model compiled to one SQL query returning `id, score, fit,
 * behavior, status, instant` per lead (SPEC section 10).
 * @param {string} modelJson
 * @param {SqlDialect} dialect
 * @param {SqlOptions} options
 * @returns {string}
 */
export function modelSql(modelJson, dialect, options) {
    let deferred4_0;
    let deferred4_1;
    try {
        const ptr0 = passStringToWasm0(modelJson, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ptr1 = passStringToWasm0(dialect, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len1 = WASM_VECTOR_LEN;
        const ret = wasm.modelSql(ptr0, len0, ptr1, len1, isLikeNone(options) ? 0 : addToExternrefTable0(options));
        var ptr3 = ret[0];
        var len3 = ret[1];
        if (ret[3]) {
            ptr3 = 0; len3 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred4_0 = ptr3;
        deferred4_1 = len3;
        return getStringFromWasm0(ptr3, len3);
    } finally {
        wasm.__wbindgen_free(deferred4_0, deferred4_1, 1);
    }
}

/**
 * The JSON of a shipped preset (`seed-example`).
 * @param {string} name
 * @returns {string}
 */
export function presetModel(name) {
    let deferred3_0;
    let deferred3_1;
    try {
        const ptr0 = passStringToWasm0(name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.presetModel(ptr0, len0);
        var ptr2 = ret[0];
        var len2 = ret[1];
        if (ret[3]) {
            ptr2 = 0; len2 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred3_0 = ptr2;
        deferred3_1 = len2;
        return getStringFromWasm0(ptr2, len2);
    } finally {
        wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
    }
}

/**
 * The names of the shipped presets.
 * @returns {string[]}
 */
export function presetNames() {
    const ret = wasm.presetNames();
    var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v1;
}

/**
 * A realistic, deterministic sample: `leads` leads with about 12
 * activities each, as CSV files, and the as-of time they are meant for.
 * @param {number} leads
 * @param {number} seed
 * @returns {Sample}
 */
export function sampleData(leads, seed) {
    const ret = wasm.sampleData(leads, seed);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * The SQL dialects `modelSql` writes.
 * @returns {string[]}
 */
export function sqlDialects() {
    const ret = wasm.sqlDialects();
    var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v1;
}

/**
 * The suggested status-word mapping (Salesforce and HubSpot lead statuses).
 * @returns {StatusMapping}
 */
export function suggestedStatusMapping() {
    const ret = wasm.suggestedStatusMapping();
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_Error_30c8987f7c2ed4e2: function(arg0, arg1) {
            const ret = Error(getStringFromWasm0(arg0, arg1));
            return ret;
        },
        __wbg___wbindgen_is_null_e343b7d08827ba72: function(arg0) {
            const ret = arg0 === null;
            return ret;
        },
        __wbg___wbindgen_is_object_3c45d4f2dde4e749: function(arg0) {
            const val = arg0;
            const ret = typeof(val) === 'object' && val !== null;
            return ret;
        },
        __wbg___wbindgen_is_undefined_8865fb403f8fe9d8: function(arg0) {
            const ret = arg0 === undefined;
            return ret;
        },
        __wbg___wbindgen_number_get_2e0e7dee9f701a71: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'number' ? obj : undefined;
            getDataViewMemory0().setFloat64(arg0 + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
            getDataViewMemory0().setInt32(arg0 + 4 * 0, !isLikeNone(ret), true);
        },
        __wbg___wbindgen_string_get_0380ccaa2f57f0d9: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'string' ? obj : undefined;
            var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            var len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
            getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_throw_41e9ee4f547fc59a: function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
        },
        __wbg_entries_fb6397112b1de25f: function(arg0) {
            const ret = Object.entries(arg0);
            return ret;
        },
        __wbg_from_296ca31f8d0f1c52: function(arg0) {
            const ret = Array.from(arg0);
            return ret;
        },
        __wbg_get_6c896e0571ddae51: function(arg0, arg1) {
            const ret = arg0[arg1 >>> 0];
            return ret;
        },
        __wbg_get_unchecked_288889d017702237: function(arg0, arg1) {
            const ret = arg0[arg1 >>> 0];
            return ret;
        },
        __wbg_instanceof_ArrayBuffer_a99f175873e5d9b8: function(arg0) {
            let result;
            try {
                result = arg0 instanceof ArrayBuffer;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Uint8Array_828cef2aaacafc31: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Uint8Array;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_isArray_e15a2ff68ffdbef2: function(arg0) {
            const ret = Array.isArray(arg0);
            return ret;
        },
        __wbg_keys_440be172f17c0265: function(arg0) {
            const ret = Object.keys(arg0);
            return ret;
        },
        __wbg_length_0acba72356589f9c: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_length_7f3c00c40364105e: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_length_d4bdea10311bd9cf: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_new_1dbf7428bba60a42: function(arg0) {
            const ret = new Uint8Array(arg0);
            return ret;
        },
        __wbg_new_from_slice_37a3c3a194266cb8: function(arg0, arg1) {
            const ret = new Uint32Array(getArrayU32FromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_new_from_slice_911f717853b222c7: function(arg0, arg1) {
            const ret = new Int32Array(getArrayI32FromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_new_from_slice_9a868026ffa4208a: function(arg0, arg1) {
            const ret = new Uint8Array(getArrayU8FromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_new_from_slice_f545fd22ddc142b8: function(arg0, arg1) {
            const ret = new Float64Array(getArrayF64FromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_parse_0fc53dead14b3b42: function() { return handleError(function (arg0, arg1) {
            const ret = JSON.parse(getStringFromWasm0(arg0, arg1));
            return ret;
        }, arguments); },
        __wbg_prototypesetcall_bc27214492979395: function(arg0, arg1, arg2) {
            Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
        },
        __wbg_set_575d3ddb70fe831d: function(arg0, arg1, arg2) {
            arg0.set(getArrayU8FromWasm0(arg1, arg2));
        },
        __wbg_set_cc01fb9eb2df162b: function(arg0, arg1, arg2) {
            arg0.set(getArrayI32FromWasm0(arg1, arg2));
        },
        __wbg_stringify_52ff602c1cc4fbb6: function() { return handleError(function (arg0) {
            const ret = JSON.stringify(arg0);
            return ret;
        }, arguments); },
        __wbindgen_generic_0000000000000001: function(arg0, arg1) {
            // Cast intrinsic for `Ref(String) -> Externref`.
            const ret = getStringFromWasm0(arg0, arg1);
            return ret;
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
            const offset = table.grow(4);
            table.set(0, undefined);
            table.set(offset + 0, undefined);
            table.set(offset + 1, null);
            table.set(offset + 2, true);
            table.set(offset + 3, false);
        },
    };
    return {
        __proto__: null,
        "./leadscore_bg.js": import0,
    };
}

const WorkspaceFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_workspace_free(ptr, 1));

function addToExternrefTable0(obj) {
    const idx = wasm.__externref_table_alloc();
    wasm.__wbindgen_externrefs.set(idx, obj);
    return idx;
}

function getArrayF64FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getFloat64ArrayMemory0().subarray(ptr / 8, ptr / 8 + len);
}

function getArrayI32FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getInt32ArrayMemory0().subarray(ptr / 4, ptr / 4 + len);
}

function getArrayJsValueFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    const mem = getDataViewMemory0();
    const result = [];
    for (let i = ptr; i < ptr + 4 * len; i += 4) {
        result.push(wasm.__wbindgen_externrefs.get(mem.getUint32(i, true)));
    }
    wasm.__externref_drop_slice(ptr, len);
    return result;
}

function getArrayU32FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getUint32ArrayMemory0().subarray(ptr / 4, ptr / 4 + len);
}

function getArrayU8FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}

let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
    if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.memory.buffer)) {
        cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
    }
    return cachedDataViewMemory0;
}

let cachedFloat64ArrayMemory0 = null;
function getFloat64ArrayMemory0() {
    if (cachedFloat64ArrayMemory0 === null || cachedFloat64ArrayMemory0.byteLength === 0) {
        cachedFloat64ArrayMemory0 = new Float64Array(wasm.memory.buffer);
    }
    return cachedFloat64ArrayMemory0;
}

let cachedInt32ArrayMemory0 = null;
function getInt32ArrayMemory0() {
    if (cachedInt32ArrayMemory0 === null || cachedInt32ArrayMemory0.byteLength === 0) {
        cachedInt32ArrayMemory0 = new Int32Array(wasm.memory.buffer);
    }
    return cachedInt32ArrayMemory0;
}

function getStringFromWasm0(ptr, len) {
    return decodeText(ptr >>> 0, len);
}

let cachedUint32ArrayMemory0 = null;
function getUint32ArrayMemory0() {
    if (cachedUint32ArrayMemory0 === null || cachedUint32ArrayMemory0.byteLength === 0) {
        cachedUint32ArrayMemory0 = new Uint32Array(wasm.memory.buffer);
    }
    return cachedUint32ArrayMemory0;
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
    if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
        cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
    }
    return cachedUint8ArrayMemory0;
}

function handleError(f, args) {
    try {
        return f.apply(this, args);
    } catch (e) {
        const idx = addToExternrefTable0(e);
        wasm.__wbindgen_exn_store(idx);
    }
}

function isLikeNone(x) {
    return x === undefined || x === null;
}

function passArray32ToWasm0(arg, malloc) {
    const ptr = malloc(arg.length * 4, 4) >>> 0;
    getUint32ArrayMemory0().set(arg, ptr / 4);
    WASM_VECTOR_LEN = arg.length;
    return ptr;
}

function passArray8ToWasm0(arg, malloc) {
    const ptr = malloc(arg.length * 1, 1) >>> 0;
    getUint8ArrayMemory0().set(arg, ptr / 1);
    WASM_VECTOR_LEN = arg.length;
    return ptr;
}

function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}

function takeFromExternrefTable0(idx) {
    const value = wasm.__wbindgen_externrefs.get(idx);
    wasm.__externref_table_dealloc(idx);
    return value;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
cachedTextDecoder.decode();
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = 0;
function decodeText(ptr, len) {
    numBytesDecoded += len;
    if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
        cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
        cachedTextDecoder.decode();
        numBytesDecoded = len;
    }
    return cachedTextDecoder.decode(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}

let WASM_VECTOR_LEN = 0;

let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
    wasmInstance = instance;
    wasm = instance.exports;
    wasmModule = module;
    cachedDataViewMemory0 = null;
    cachedFloat64ArrayMemory0 = null;
    cachedInt32ArrayMemory0 = null;
    cachedUint32ArrayMemory0 = null;
    cachedUint8ArrayMemory0 = null;
    wasm.__wbindgen_start();
    return wasm;
}

async function __wbg_load(module, imports) {
    if (typeof Response === 'function' && module instanceof Response) {
        if (!module.ok) {
            throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
        }

        if (typeof WebAssembly.instantiateStreaming === 'function') {
            try {
                return await WebAssembly.instantiateStreaming(module, imports);
            } catch (e) {
                const validResponse = expectedResponseType(module.type);

                if (validResponse && module.headers.get('Content-Type') !== 'application/wasm') {
                    console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);

                } else { throw e; }
            }
        }

        const bytes = await module.arrayBuffer();
        return await WebAssembly.instantiate(bytes, imports);
    } else {
        const instance = await WebAssembly.instantiate(module, imports);

        if (instance instanceof WebAssembly.Instance) {
            return { instance, module };
        } else {
            return instance;
        }
    }

    function expectedResponseType(type) {
        switch (type) {
            case 'basic': case 'cors': case 'default': return true;
        }
        return false;
    }
}

function initSync(module) {
    if (wasm !== undefined) return wasm;


    if (module !== undefined) {
        if (Object.getPrototypeOf(module) === Object.prototype) {
            ({module} = module)
        } else {
            console.warn('using deprecated parameters for `initSync()`; pass a single object instead')
        }
    }

    const imports = __wbg_get_imports();
    if (!(module instanceof WebAssembly.Module)) {
        module = new WebAssembly.Module(module);
    }
    const instance = new WebAssembly.Instance(module, imports);
    return __wbg_finalize_init(instance, module);
}

async function __wbg_init(module_or_path) {
    if (wasm !== undefined) return wasm;


    if (module_or_path !== undefined) {
        if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
            ({module_or_path} = module_or_path)
        } else {
            console.warn('using deprecated parameters for the initialization function; pass a single object instead')
        }
    }

    if (module_or_path === undefined) {
        module_or_path = new URL('leadscore_bg.wasm', import.meta.url);
    }
    const imports = __wbg_get_imports();

    if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {
        module_or_path = fetch(module_or_path);
    }

    const { instance, module } = await __wbg_load(await module_or_path, imports);

    return __wbg_finalize_init(instance, module);
}

export { initSync, __wbg_init as default };
