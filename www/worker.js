// Leadscore's engine thread: a module worker that owns the wasm Workspace.
//
// The page talks to it with `{id, op, ...args}` messages and gets back
// `{id, ok, result}` or `{id, ok: false, error}`; long steps post
// `{op: 'progress', id, phase}` first. Bulk data stays here: the page gets
// counts, the histogram's bins (ui/bins.js) and the rows it shows, never an
// array per lead. `mqlchange` is computed after the reply that carries the counts,
// once the changes pause, so a moving slider never waits for it.
import init, * as engine from '../pkg/leadscore.js';
import { scoreBins } from './ui/bins.js';

const { Workspace, sampleData, presetNames, presetModel } = engine;

const LEAD_FIELDS_FALLBACK = [
  'id', 'first_name', 'last_name', 'name', 'email', 'phone', 'title', 'company', 'company_size',
  'industry', 'country', 'territory', 'created_at', 'sales_outcome', 'rejection_reason',
  'rejected_at', 'converted', 'first_contact_at',
];
const STATUS_BITS = { nurture: 1, mql: 2, disqualified: 4, suppressed: 8, recycled: 16 };
const MQL = 1;

let ws = null;
/** Bumped by every change of the lead or activity data. */
let dataGen = 0;
/** Bumped by every scoring run (a table's row positions belong to one). */
let version = 0;
let scored = false;
let lastSummary = null;
/** Bumped by every scoring run and data change: handoff packets belong to one. */
let scoreGen = 0;

/**
 * The handoff packets of the last scoring run, built on request only (all
 * of them at once costs about 2 s for 10k MQLs): the page gets a light list
 * and asks for one full packet at a time.
 */
let handoffCache = null; // {gen, as_of, threshold, adherence, packets, list}

/** The table's current order, and what it was computed from. */
let view = { sortBy: 'score', desc: true, mask: 0, search: '' };
let order = null;
let orderKey = '';

/** Lead id by index, filled lazily from `rows` (ids never change within a dataGen). */
let ids = [];

/**
 * The MQL set last reported to the page: by lead index within one dataGen,
 * or as ids once the data changed under it.
 */
let reported = null; // {gen, flags: Uint8Array} | {gen, idSet: Set<string>}
let diffTimer = 0;

// ---------------------------------------------------------------- helpers --

function progress(id, phase) {
  self.postMessage({ op: 'progress', id, phase });
}

function message(err) {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A streaming import asked to stop (set by `cancelImport`, outside the queue). */
let cancelRequested = false;

class ImportCancelled extends Error {
  constructor() {
    super('cancelled');
    this.cancelled = true;
  }
}

/**
 * Reads a File or Blob chunk by chunk into a streaming import, posting
 * progress by bytes: the file is never whole in this worker nor in wasm.
 * A cancel stops it between chunks with the loaded data as it was.
 */
async function streamFile(id, phase, blob, kind, mapping, statusMapping) {
  const total = blob.size;
  cancelRequested = false;
  ws.beginImport(kind, mapping ?? undefined, statusMapping ?? undefined, total);
  const reader = blob.stream().getReader();
  let bytes = 0;
  let posted = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (cancelRequested) throw new ImportCancelled();
      if (done) break;
      ws.feed(value);
      bytes += value.length;
      const now = performance.now();
      if (now - posted > 100) {
        posted = now;
        self.postMessage({ op: 'progress', id, phase, bytes, total });
      }
    }
  } catch (err) {
    ws.cancelImport(); // a feed that threw has ended the import already
    reader.cancel().catch(() => {});
    throw err;
  }
  self.postMessage({ op: 'progress', id, phase, bytes, total });
  const report = ws.finishImport();
  dataChanged();
  return report;
}

function isBlob(source) {
  return source && typeof source === 'object' && typeof source.stream === 'function' && typeof source.size === 'number';
}

/**
 * Files from 16 MB (as the CLI's progress bar) stream; smaller ones go in
 * whole, so the workspace keeps their bytes and a remap (a changed column
 * or status-word mapping) re-reads them without the file.
 */
const STREAM_FROM_BYTES = 16 * 1024 * 1024;
function streams(source) {
  return isBlob(source) && source.size >= STREAM_FROM_BYTES;
}

async function bytesOf(source) {
  if (typeof source === 'string') return source;
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (source && typeof source.arrayBuffer === 'function') {
    return new Uint8Array(await source.arrayBuffer()); // File or Blob
  }
  throw new Error('expected the file (a File, bytes or text)');
}

function idsOf(indices) {
  const missing = [];
  for (const i of indices) if (ids[i] === undefined) missing.push(i);
  for (let at = 0; at < missing.length; at += 4096) {
    const chunk = Uint32Array.from(missing.slice(at, at + 4096));
    for (const row of ws.rows(chunk)) ids[row.index] = row.id;
  }
  return indices.map((i) => ids[i]);
}

/**
 * Where a scoring run's time goes, as User Timing measures in this worker
 * (tests/bench/page-1m.mjs reads them); the last runs only.
 */
function measure(t0, t1, t2, t3) {
  if (performance.getEntriesByType('measure').length > 300) performance.clearMeasures();
  performance.measure('leadscore:score', { start: t0, end: t1 });
  performance.measure('leadscore:bins', { start: t1, end: t2 });
  performance.measure('leadscore:table', { start: t2, end: t3 });
}

/** Scores and statuses for binning: arrays kept from run to run (a slider step allocates nothing). */
let scoreBuf = new Int32Array(0);
let statusBuf = new Uint8Array(0);
function histogramBins(threshold) {
  const n = ws.leadCount;
  if (scoreBuf.length !== n) {
    scoreBuf = new Int32Array(n);
    statusBuf = new Uint8Array(n);
  }
  ws.scoresInto(scoreBuf);
  ws.statusesInto(statusBuf);
  return scoreBins(scoreBuf, statusBuf, threshold);
}

function mqlFlags() {
  const st = ws.statuses();
  const flags = new Uint8Array(st.length);
  for (let i = 0; i < st.length; i++) flags[i] = st[i] === MQL ? 1 : 0;
  return flags;
}

/** Before the data changes: turn the reported set into ids so it survives. */
function freezeReported() {
  clearTimeout(diffTimer);
  diffTimer = 0;
  if (!reported || reported.idSet || !scored) return;
  const idx = [];
  for (let i = 0; i < reported.flags.length; i++) if (reported.flags[i]) idx.push(i);
  reported = { gen: reported.gen, idSet: new Set(idsOf(idx)) };
}

function dataChanged() {
  freezeReported();
  dataGen += 1;
  ids = [];
  scored = false;
  order = null;
  orderKey = '';
  scoreGen += 1;
  handoffCache = null;
}

/** Compares the MQL set with the last reported one; posts `mqlchange` if it differs. */
function diffMqls() {
  diffTimer = 0;
  if (!scored) return;
  const flags = mqlFlags();
  const added = [];
  const removed = [];
  if (!reported) {
    for (let i = 0; i < flags.length; i++) if (flags[i]) added.push(i);
    reported = { gen: dataGen, flags };
    if (added.length === 0) return;
    post(flags, idsOf(added), []);
    return;
  }
  if (reported.idSet || reported.gen !== dataGen) {
    if (!reported.idSet) reported = { gen: reported.gen, idSet: new Set() };
    const now = [];
    for (let i = 0; i < flags.length; i++) if (flags[i]) now.push(i);
    const nowIds = idsOf(now);
    const nowSet = new Set(nowIds);
    const addedIds = nowIds.filter((id) => !reported.idSet.has(id));
    const removedIds = [...reported.idSet].filter((id) => !nowSet.has(id));
    reported = { gen: dataGen, flags };
    if (addedIds.length || removedIds.length) post(flags, addedIds, removedIds);
    return;
  }
  const before = reported.flags;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] !== before[i]) (flags[i] ? added : removed).push(i);
  }
  reported = { gen: dataGen, flags };
  if (added.length || removed.length) post(flags, idsOf(added), idsOf(removed));

  function post(f, a, r) {
    let count = 0;
    for (let i = 0; i < f.length; i++) count += f[i];
    self.postMessage({ op: 'mqlchange', detail: { count, added: a, removed: r } });
  }
}

/**
 * The MQL diff waits for a pause: while a slider is dragged, runs come
 * every frame and only the set after the last one is compared.
 */
const DIFF_DELAY_MS = 120;

function scheduleDiff() {
  clearTimeout(diffTimer);
  diffTimer = setTimeout(diffMqls, DIFF_DELAY_MS);
}

function statusMask(mask) {
  return Number(mask) >>> 0;
}

/** The table order for `view`, recomputed only when what it depends on changed. */
function orderKeyNow() {
  const dependsOnScores = view.mask !== 0 || !['name', 'company', 'file'].includes(view.sortBy);
  return JSON.stringify([dataGen, dependsOnScores ? version : -1, view]);
}

function currentOrder() {
  const key = orderKeyNow();
  if (order && key === orderKey) return order;
  order = ws.order(view.sortBy, view.desc, statusMask(view.mask), view.search);
  orderKey = key;
  return order;
}

function rowsAt(start, count) {
  const o = currentOrder();
  const from = Math.max(0, Math.min(start, o.length));
  const to = Math.max(from, Math.min(o.length, from + count));
  return ws.rows(o.subarray(from, to));
}

function setView(v) {
  if (!v) return;
  view = {
    sortBy: v.sortBy ?? view.sortBy,
    desc: v.desc ?? view.desc,
    mask: v.mask ?? view.mask,
    search: v.search ?? view.search,
  };
}

function viewResult(start, count) {
  // After a re-score sorted by score: the rows in view without sorting
  // every lead (at 1M leads the full sort took longer than the re-score);
  // the whole order is made when the table scrolls (rows()).
  const stale = !order || orderKey !== orderKeyNow();
  if (stale && view.sortBy === 'score' && !view.search.trim() && typeof ws.orderWindow === 'function') {
    order = null;
    const w = ws.orderWindow(view.sortBy, view.desc, statusMask(view.mask), '', start, count);
    return { version, total: w.total, start, rows: w.indices.length ? ws.rows(Uint32Array.from(w.indices)) : [] };
  }
  const o = currentOrder();
  return { version, total: o.length, start, rows: rowsAt(start, count) };
}

// -------------------------------------------------------------- handlers --

let eventTypesGen = -1;

const handlers = {
  async init() {
    await init({ module_or_path: new URL('../pkg/leadscore_bg.wasm', import.meta.url) });
    ws = new Workspace();
    const presets = presetNames().map((name) => {
      let label = name;
      try { label = JSON.parse(presetModel(name)).name || name; } catch { /* keep the name */ }
      return { name, label };
    });
    return {
      presets,
      fieldKeys: typeof engine.leadFieldKeys === 'function' ? engine.leadFieldKeys() : LEAD_FIELDS_FALLBACK,
      model: ws.model(),
    };
  },

  async sample({ leads, seed }, id) {
    progress(id, 'reading');
    const s = sampleData(leads, seed);
    progress(id, 'leads');
    dataChanged();
    const leadsReport = ws.importLeads(s.leads);
    progress(id, 'activities');
    ws.clearActivities();
    const activitiesReport = ws.importActivities(s.activities);
    return { as_of: s.as_of, leads: leadsReport, activities: activitiesReport };
  },

  async importLeads({ source, mapping, statusMapping }, id) {
    if (streams(source)) return streamFile(id, 'leads', source, 'leads', mapping, statusMapping);
    progress(id, 'reading');
    const input = await bytesOf(source);
    progress(id, 'leads');
    dataChanged();
    return ws.importLeads(input, mapping ?? undefined, statusMapping ?? undefined);
  },

  async importOutcomes({ source, mapping, statusMapping }, id) {
    if (streams(source)) return streamFile(id, 'outcomes', source, 'outcomes', mapping, statusMapping);
    progress(id, 'reading');
    const input = await bytesOf(source);
    progress(id, 'outcomes');
    dataChanged();
    return ws.importOutcomes(input, mapping ?? undefined, statusMapping ?? undefined);
  },

  async remapOutcomes({ mapping, statusMapping }, id) {
    progress(id, 'outcomes');
    dataChanged();
    return ws.remapOutcomes(mapping ?? undefined, statusMapping ?? undefined);
  },

  async clearOutcomes() {
    dataChanged();
    ws.clearOutcomes();
    return true;
  },

  async updateLeads({ source, mapping, statusMapping }, id) {
    progress(id, 'reading');
    const input = await bytesOf(source);
    progress(id, 'leads');
    dataChanged();
    return ws.updateLeads(input, mapping ?? undefined, statusMapping ?? undefined);
  },

  async feedback() {
    if (!scored) return null;
    return ws.feedback();
  },

  async calibrate({ options }) {
    if (!scored) return null;
    return ws.calibrate(options ?? undefined);
  },

  async suggestModel({ options }) {
    if (!scored) throw new Error('score the leads first');
    return ws.suggestModel(options ?? undefined);
  },

  async suggestedStatusMapping() {
    return engine.suggestedStatusMapping();
  },

  async importActivities({ source, mapping }, id) {
    if (streams(source)) return streamFile(id, 'activities', source, 'activities', mapping, null);
    progress(id, 'reading');
    const input = await bytesOf(source);
    progress(id, 'activities');
    dataChanged();
    return ws.importActivities(input, mapping ?? undefined);
  },

  async remapLeads({ mapping, statusMapping }, id) {
    progress(id, 'leads');
    dataChanged();
    return ws.remapLeads(mapping ?? {}, statusMapping ?? undefined);
  },

  async remapActivities({ mapping }, id) {
    progress(id, 'activities');
    dataChanged();
    return ws.remapActivities(mapping ?? {});
  },

  async clearActivities() {
    dataChanged();
    ws.clearActivities();
    return true;
  },

  async unmatched() {
    return ws.unmatchedActivities();
  },

  /** Checks a model and returns it as the engine writes it; the workspace is not touched. */
  async checkModel({ json }) {
    const scratch = new Workspace();
    try {
      scratch.setModel(json);
      return scratch.model();
    } finally {
      scratch.free();
    }
  },

  async presetModel({ name }) {
    return presetModel(name);
  },

  async model() {
    return ws.model();
  },

  /**
   * Scores and answers with everything the screen needs at once: the
   * summary, the histogram's bins, the table's first rows.
   */
  async score({ model, asOf, view: v, start = 0, count = 0 }, id) {
    const t0 = performance.now();
    if (model != null) ws.setModel(model);
    progress(id, 'scoring');
    const summary = ws.score(asOf);
    const t1 = performance.now();
    scored = true;
    version += 1;
    scoreGen += 1;
    handoffCache = null;
    lastSummary = summary;
    setView(v);
    const bins = histogramBins(summary.threshold);
    const t2 = performance.now();
    const table = viewResult(start, count);
    measure(t0, t1, t2, performance.now());
    let eventTypes = null;
    if (eventTypesGen !== dataGen) {
      eventTypes = typeof ws.eventTypes === 'function' ? ws.eventTypes() : [];
      eventTypesGen = dataGen;
    }
    scheduleDiff();
    return {
      result: {
        summary, bins, table, eventTypes, dataGen,
        leadCount: ws.leadCount, activityCount: ws.activityCount,
      },
      transfer: [bins.counts.buffer],
    };
  },

  async view({ view: v, start = 0, count = 0 }) {
    if (!scored) throw new Error('nothing is scored yet');
    setView(v);
    version += 1; // row positions now belong to the new order
    return viewResult(start, count);
  },

  async rows({ version: want, start, count }) {
    if (!scored || want !== version) return { version, stale: true, start, rows: [] };
    return { version, start, rows: rowsAt(start, count) };
  },

  async explain({ index }) {
    return ws.lead(index);
  },

  async mqls() {
    if (!scored) return [];
    const o = ws.order('score', true, STATUS_BITS.mql, '');
    const out = [];
    for (let at = 0; at < o.length; at += 4096) {
      for (const r of ws.rows(o.subarray(at, at + 4096))) {
        out.push({ id: r.id, name: r.name, company: r.company, score: r.score, crossed_at: r.crossed_at });
      }
    }
    return out;
  },

  async scoredCsv() {
    return ws.scoredCsv();
  },

  /** Two models on the loaded leads (the workspace's own model and scores stay). */
  async compare({ modelA, modelB, asOf }) {
    return ws.compare(modelA, modelB, asOf);
  },

  async compareLead({ index, side }) {
    return ws.compareLead(index, side);
  },

  async changedRows({ offset, limit, options }) {
    return ws.changedRows(offset, limit, options);
  },

  async replay({ modelA, modelB, from, to, stepDays }) {
    return ws.replay(modelA, modelB, from, to, stepDays);
  },

  /**
   * The handoff list for the current scoring: `{gen, as_of, threshold,
   * adherence, list}`, one light entry per MQL packet (file order). Built
   * once per scoring run; `gen` tells the page which run it belongs to.
   */
  async handoff(_args, id) {
    if (!scored) return { gen: scoreGen, as_of: null, threshold: null, adherence: [], list: [] };
    if (!handoffCache || handoffCache.gen !== scoreGen) {
      progress(id, 'handoff');
      const doc = JSON.parse(ws.handoff('json'));
      // Packets come in file order: the MQLs of order('file') in the same order.
      const indices = ws.order('file', false, STATUS_BITS.mql, '');
      const packets = doc.packets;
      const list = packets.map((p, i) => ({
        index: indices[i] ?? -1,
        id: p.lead.id,
        name: p.lead.name,
        company: p.lead.company,
        title: p.lead.title,
        score: p.score,
        warmth: p.context.warmth,
        kind: p.context.kind,
        crossed_at: p.crossed_at,
        sla_state: p.sla.state,
        sla_due: p.sla.due,
        assigned_to: p.assigned_to,
        duplicate: Boolean(p.duplicate_of),
        returning: Boolean(p.returning),
      }));
      handoffCache = { gen: scoreGen, as_of: doc.as_of, threshold: doc.threshold, adherence: doc.sla_adherence, packets, list };
    }
    const c = handoffCache;
    return { gen: c.gen, as_of: c.as_of, threshold: c.threshold, adherence: c.adherence, list: c.list };
  },

  /** One full packet of the list built for scoring run `gen`, by its position there. */
  async packet({ gen, pos }) {
    if (handoffCache && handoffCache.gen === gen && handoffCache.packets[pos]) {
      return { gen, pos, packet: handoffCache.packets[pos] };
    }
    return { gen, pos, stale: true, packet: null };
  },

  /** A whole handoff file: `json`, `csv`, `markdown` or `html`. */
  async handoffFile({ format }, id) {
    if (!scored) throw new Error('nothing is scored yet');
    progress(id, 'export');
    return { as_of: lastSummary?.as_of ?? null, text: ws.handoff(format) };
  },

  async summary() {
    return lastSummary;
  },

  /** The model as one SQL query for a warehouse (`modelSql`). */
  async modelSql({ model, dialect, options }) {
    return engine.modelSql(model, dialect, options ?? undefined);
  },
};

// One message at a time, in order: an import that awaits a File read must
// not let a scoring run slip in between.
let queue = Promise.resolve();

self.addEventListener('message', (event) => {
  const { id, op, ...args } = event.data || {};
  // Not queued: it must reach the import that is running.
  if (op === 'cancelImport') {
    cancelRequested = true;
    return;
  }
  queue = queue.then(async () => {
    const handler = handlers[op];
    if (!handler) {
      self.postMessage({ id, ok: false, error: `unknown operation ${op}` });
      return;
    }
    if (op !== 'init' && !ws) {
      self.postMessage({ id, ok: false, error: 'the engine is not loaded' });
      return;
    }
    try {
      const out = await handler(args, id);
      if (out && typeof out === 'object' && 'transfer' in out && 'result' in out) {
        self.postMessage({ id, ok: true, result: out.result }, out.transfer);
      } else {
        self.postMessage({ id, ok: true, result: out });
      }
    } catch (err) {
      self.postMessage({ id, ok: false, error: message(err), cancelled: Boolean(err?.cancelled) });
    }
  });
});
