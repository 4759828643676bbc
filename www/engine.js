// The page's side of the engine worker: requests and replies, progress,
// cancel, and the last good state (data files and model) to restore.
//
// Scoring is coalesced: `want()` records what the screen should show (model,
// as-of time, table view); at most one scoring run is in flight, and when it
// ends only the latest wish is sent. A slider dragged across fifty values
// costs two or three runs, not fifty.

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export class Engine extends EventTarget {
  constructor() {
    super();
    this.worker = null;
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject, op, phase}
    this.info = null;

    // The last state known to be good, replayed after a cancel.
    this.good = { base: null, activities: [], feedback: [], model: null, asOf: null };

    // What the screen wants, and how far the worker got.
    this.desired = { model: null, asOf: null, view: null, start: 0, count: 0 };
    this.scoreRev = 0;
    this.viewRev = 0;
    this.doneScoreRev = 0;
    this.doneViewRev = 0;
    this.running = null; // {kind, scoreRev, viewRev}
    this.waiters = []; // {scoreRev, viewRev, resolve, reject}
    this.generation = 0; // bumped by every new worker
    this.restoring = null;
  }

  // ------------------------------------------------------------ worker --

  async start() {
    this.spawn();
    this.info = await this.call('init');
    return this.info;
  }

  spawn() {
    this.generation += 1;
    const generation = this.generation;
    // Written out in full (not via a constant) so that bundlers such as Vite
    // recognise the pattern and bundle the worker with its wasm.
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'leadscore-engine' });
    worker.addEventListener('message', (e) => {
      if (generation === this.generation) this.onMessage(e.data);
    });
    worker.addEventListener('error', (e) => {
      if (generation !== this.generation) return;
      e.preventDefault?.();
      const msg = e.message || 'the engine worker stopped';
      this.failAll(new Error(msg));
      this.emit('error', { message: msg });
    });
    this.worker = worker;
  }

  onMessage(data) {
    if (!data) return;
    if (data.op === 'progress') {
      const p = this.pending.get(data.id);
      if (p) {
        p.phase = data.phase;
        // A streamed file: progress by bytes.
        if (data.total != null) {
          p.bytes = data.bytes;
          p.total = data.total;
        }
        this.emitProgress();
      }
      return;
    }
    if (data.op === 'mqlchange') {
      this.emit('mqlchange', data.detail);
      return;
    }
    const p = this.pending.get(data.id);
    if (!p) return;
    this.pending.delete(data.id);
    this.emitProgress();
    if (data.ok) p.resolve(data.result);
    else p.reject(data.cancelled ? new Cancelled() : new Error(data.error));
  }

  call(op, args = {}, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, op, phase: null, started: performance.now() });
      this.worker.postMessage({ id, op, ...args }, transfer);
      this.emitProgress();
    });
  }

  failAll(err) {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
    this.running = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
    this.emitProgress();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** The phase of the longest-running request, or null when idle. */
  busy() {
    if (this.restoring) return { phase: 'restoring', started: this.restoring };
    let best = null;
    for (const p of this.pending.values()) {
      if (!p.phase) continue;
      if (!best || p.started < best.started) best = p;
    }
    return best ? { phase: best.phase, started: best.started, op: best.op, bytes: best.bytes, total: best.total } : null;
  }

  emitProgress() {
    this.emit('progress', this.busy());
  }

  /** Stops the worker for good (until `cancel()` brings a new one). */
  stop() {
    this.worker?.terminate();
    this.generation += 1;
    this.failAll(new Cancelled());
  }

  /**
   * Stops whatever the worker is doing: a new worker gets the last good
   * files and model, and scores them again. Also how a stopped engine
   * (the element was removed from the page) comes back.
   */
  async cancel(reason = 'cancelled') {
    // A streaming import stops between two chunks: the worker and the data
    // loaded before stay, nothing is replayed.
    const streaming = [...this.pending.values()].find((p) => p.total != null);
    if (streaming && reason === 'cancelled') {
      this.worker.postMessage({ op: 'cancelImport' });
      try {
        await new Promise((resolve) => {
          const { resolve: ok, reject: fail } = streaming;
          streaming.resolve = (v) => { ok(v); resolve(); };
          streaming.reject = (e) => { fail(e); resolve(); };
        });
      } finally {
        this.emit('importcancelled', {});
      }
      return null;
    }
    this.worker?.terminate();
    this.failAll(new Cancelled());
    this.spawn();
    this.restoring = performance.now();
    this.emitProgress();
    try {
      await this.call('init');
      await this.reloadGood();
      this.desired.model = this.good.model;
      if (this.good.asOf) this.desired.asOf = this.good.asOf;
      this.scoreRev += 1;
      this.emit('restored', { model: this.good.model, asOf: this.desired.asOf, reason });
    } finally {
      this.restoring = null;
      this.emitProgress();
    }
    return this.want({});
  }

  /** Loads the last good files into a fresh worker (after a cancel or a reconnect). */
  async reloadGood() {
    const { base, activities } = this.good;
    if (base?.kind === 'sample') {
      await this.call('sample', { leads: base.leads, seed: base.seed });
      if (!base.withActivities) await this.call('clearActivities');
    } else if (base?.kind === 'leads') {
      await this.call('importLeads', { source: base.source, mapping: base.mapping, statusMapping: base.statusMapping ?? null });
    }
    for (const a of activities) {
      await this.call('importActivities', { source: a.source, mapping: a.mapping });
    }
    // Outcome logs and update imports, in the order they came.
    for (const f of this.good.feedback) {
      await this.call(f.op, { source: f.source, mapping: f.mapping, statusMapping: f.statusMapping });
    }
  }

  /** Adds an outcome log (sales decisions), read through `statusMapping`. */
  async importOutcomes(source, mapping = null, statusMapping = null, name = 'outcomes') {
    const report = await this.call('importOutcomes', { source, mapping, statusMapping });
    this.good.feedback.push({ op: 'importOutcomes', source, mapping, statusMapping, name });
    this.scoreRev += 1;
    return report;
  }

  /** Re-reads the last outcome log under a changed status-word mapping. */
  async remapOutcomes(statusMapping, mapping = null) {
    const report = await this.call('remapOutcomes', { mapping, statusMapping });
    const last = [...this.good.feedback].reverse().find((f) => f.op === 'importOutcomes');
    if (last) last.statusMapping = statusMapping;
    this.scoreRev += 1;
    return report;
  }

  async clearOutcomes() {
    await this.call('clearOutcomes');
    this.good.feedback = this.good.feedback.filter((f) => f.op !== 'importOutcomes');
    this.scoreRev += 1;
  }

  /** Merges a newer export of the same leads by id. */
  async updateLeads(source, mapping = null, statusMapping = null, name = 'update') {
    const report = await this.call('updateLeads', { source, mapping, statusMapping });
    this.good.feedback.push({ op: 'updateLeads', source, mapping, statusMapping, name });
    this.scoreRev += 1;
    return report;
  }

  // -------------------------------------------------------------- data --

  async loadSample(leads, seed) {
    const result = await this.call('sample', { leads, seed });
    this.good.base = { kind: 'sample', leads, seed, withActivities: true, name: 'sample' };
    this.good.activities = [];
    this.good.feedback = [];
    this.scoreRev += 1;
    return result;
  }

  /** Replaces the leads. A sample's activities go with the sample's leads. */
  async importLeads(source, mapping = null, name = 'leads') {
    const report = await this.call('importLeads', { source, mapping });
    if (this.good.base?.kind === 'sample' && this.good.base.withActivities) {
      await this.call('clearActivities');
      report.unmatched_activities = 0;
    }
    this.good.base = { kind: 'leads', source, mapping, name };
    this.good.feedback = this.good.feedback.filter((f) => f.op !== 'updateLeads');
    this.scoreRev += 1;
    return report;
  }

  async importActivities(source, mapping = null, name = 'activities') {
    const report = await this.call('importActivities', { source, mapping });
    this.good.activities.push({ source, mapping, name });
    this.scoreRev += 1;
    return report;
  }

  /** A File or Blob: the worker streams it (and does not keep it, so a remap streams it again). */
  static streamed(source) {
    return source && typeof source === 'object' && typeof source.stream === 'function';
  }

  async remapLeads(mapping, statusMapping = null) {
    const base = this.good.base;
    if (base?.kind === 'leads' && Engine.streamed(base.source)) {
      const report = await this.call('importLeads', { source: base.source, mapping, statusMapping });
      base.mapping = mapping;
      if (statusMapping) base.statusMapping = statusMapping;
      this.good.feedback = this.good.feedback.filter((f) => f.op !== 'updateLeads');
      this.scoreRev += 1;
      return report;
    }
    const report = await this.call('remapLeads', { mapping, statusMapping });
    if (this.good.base?.kind === 'leads') {
      this.good.base.mapping = mapping;
      if (statusMapping) this.good.base.statusMapping = statusMapping;
    }
    this.scoreRev += 1;
    return report;
  }

  async remapActivities(mapping) {
    const files = this.good.activities;
    const newest = files[files.length - 1];
    if (newest && Engine.streamed(newest.source)) {
      // Streamed files are not kept: read them again, the last one with its new mapping.
      await this.call('clearActivities');
      let report = null;
      for (const f of files) {
        report = await this.call('importActivities', { source: f.source, mapping: f === newest ? mapping : f.mapping });
      }
      newest.mapping = mapping;
      this.scoreRev += 1;
      return report;
    }
    const report = await this.call('remapActivities', { mapping });
    const last = this.good.activities[this.good.activities.length - 1];
    if (last) last.mapping = mapping;
    this.scoreRev += 1;
    return report;
  }

  async clearActivities() {
    await this.call('clearActivities');
    this.good.activities = [];
    if (this.good.base?.kind === 'sample') this.good.base.withActivities = false;
    this.scoreRev += 1;
  }

  hasSampleLeads() {
    return this.good.base?.kind === 'sample';
  }

  // ----------------------------------------------------------- scoring --

  /**
   * Records what the screen should show and makes the worker catch up.
   * Resolves with the result of the first run that covers this wish.
   * `partial` may hold `model` (JSON), `asOf`, `view` and `start`/`count`
   * (the table rows to send along); `rescore: true` forces a run.
   */
  want(partial) {
    const scoreKeys = ['model', 'asOf'];
    let scoreChange = Boolean(partial.rescore);
    let viewChange = false;
    for (const [k, v] of Object.entries(partial)) {
      if (k === 'rescore') continue;
      if (scoreKeys.includes(k)) {
        if (this.desired[k] !== v) scoreChange = true;
      } else if (k === 'view') {
        if (JSON.stringify(this.desired.view) !== JSON.stringify(v)) viewChange = true;
        this.desired.view = v ? { ...v } : v;
        continue;
      } else if (this.desired[k] !== v) {
        viewChange = true;
      }
      this.desired[k] = v;
    }
    if (scoreChange) this.scoreRev += 1;
    if (viewChange) this.viewRev += 1;
    const promise = new Promise((resolve, reject) => {
      this.waiters.push({ scoreRev: this.scoreRev, viewRev: this.viewRev, resolve, reject });
    });
    this.pump();
    return promise;
  }

  pump() {
    if (this.running || this.restoring) return;
    const d = this.desired;
    if (this.scoreRev > this.doneScoreRev) {
      if (!d.asOf) return;
      const run = { kind: 'score', scoreRev: this.scoreRev, viewRev: this.viewRev };
      this.running = run;
      const args = { model: d.model, asOf: d.asOf, view: d.view, start: d.start, count: d.count };
      this.call('score', args).then(
        (result) => this.finish(run, result, null),
        (err) => this.finish(run, null, err),
      );
      return;
    }
    if (this.viewRev > this.doneViewRev) {
      const run = { kind: 'view', scoreRev: this.scoreRev, viewRev: this.viewRev };
      this.running = run;
      this.call('view', { view: d.view, start: d.start, count: d.count }).then(
        (result) => this.finish(run, result, null),
        (err) => this.finish(run, null, err),
      );
      return;
    }
    this.settle(null, null);
  }

  finish(run, result, err) {
    if (this.running !== run) return; // a cancel replaced the worker
    this.running = null;
    if (err instanceof Cancelled) return;
    this.doneScoreRev = Math.max(this.doneScoreRev, run.scoreRev);
    this.doneViewRev = Math.max(this.doneViewRev, run.viewRev);
    if (err) {
      this.emit('failed', { kind: run.kind, message: err.message });
    } else if (run.kind === 'score') {
      this.good.model = this.desired.model;
      this.good.asOf = this.desired.asOf;
      this.emit('scored', result);
    } else {
      this.emit('view', result);
    }
    this.settle(run, err, result);
    this.pump();
  }

  settle(run, err, result) {
    const keep = [];
    for (const w of this.waiters) {
      const covered = w.scoreRev <= this.doneScoreRev && w.viewRev <= this.doneViewRev;
      if (!covered) {
        keep.push(w);
        continue;
      }
      // Only the run that carried a wish can fail it; later wishes are fine.
      if (err && run && w.scoreRev >= run.scoreRev && run.kind === 'score') w.reject(err);
      else if (err && run && run.kind === 'view' && w.viewRev >= run.viewRev) w.reject(err);
      else w.resolve(result);
    }
    this.waiters = keep;
  }

  // ------------------------------------------------------------- reads --

  rows(version, start, count) {
    return this.call('rows', { version, start, count });
  }

  explain(index) {
    return this.call('explain', { index });
  }

  mqls() {
    return this.call('mqls');
  }

  scoredCsv() {
    return this.call('scoredCsv');
  }

  compare(modelA, modelB, asOf) {
    return this.call('compare', { modelA, modelB, asOf });
  }

  compareLead(index, side) {
    return this.call('compareLead', { index, side });
  }

  changedRows(offset, limit, options) {
    return this.call('changedRows', { offset, limit, options });
  }

  replay(modelA, modelB, from, to, stepDays) {
    return this.call('replay', { modelA, modelB, from, to, stepDays });
  }

  /** The light handoff list of the current scoring run (built in the worker). */
  handoff() {
    return this.call('handoff');
  }

  /** One full packet from the list of run `gen`; `{stale: true}` if that list is gone. */
  packet(gen, pos) {
    return this.call('packet', { gen, pos });
  }

  /** The model JSON as one SQL query for `dialect` (options: {as_of, leads, activities, lead_columns, status_mapping}). */
  modelSql(model, dialect, options = null) {
    return this.call('modelSql', { model, dialect, options });
  }

  /** `{as_of, text}`: every packet in one file of `format` (json, csv, markdown, html). */
  handoffFile(format) {
    return this.call('handoffFile', { format });
  }

  /** The model as the engine writes it; throws naming the path of a problem. */
  canonicalModel(json) {
    return this.call('checkModel', { json });
  }
}
