// Node benchmark of the WebAssembly build, on the files the native benchmark
// writes. Run from anywhere:
//
//   cargo run --release --example bench -- [leads] [activities_per_lead]
//   node tests/bench/wasm.mjs
//
// Measures, each the median of 3 runs, through the JS API in pkg/: importing
// the lead and activity CSVs (Uint8Array in) and scoring every lead, and
// prints the native benchmark's table layout. When .bench/bench.json (written
// by the native run) is there, also prints native vs wasm side by side.
// Not a test: `.ci/test` does not run it.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const RUNS = 3;
const DEFAULT_AS_OF = '2026-11-20T12:00:00Z';

const root = fileURLToPath(new URL('../../', import.meta.url));
const benchDir = root + '.bench/';
const leadsPath = benchDir + 'leads.csv';
const activitiesPath = benchDir + 'activities.csv';
const metaPath = benchDir + 'bench.json';
const gluePath = root + 'pkg/leadscore.js';
const wasmPath = root + 'pkg/leadscore_bg.wasm';

function fail(message) {
  console.error(`wasm bench: ${message}`);
  process.exit(1);
}

if (!existsSync(leadsPath) || !existsSync(activitiesPath)) {
  fail(
    `${leadsPath} or ${activitiesPath} is missing.\n` +
      'Run the native benchmark first; it generates them:\n' +
      '  cargo run --release --example bench -- [leads] [activities_per_lead]',
  );
}
if (!existsSync(gluePath) || !existsSync(wasmPath)) {
  fail(`${wasmPath} is missing. Build the package first: npm run build (bash .ci/build-pkg)`);
}

const { initSync, Workspace } = await import(pathToFileURL(gluePath).href);
const wasm = initSync({ module: readFileSync(wasmPath) });

const leadBytes = new Uint8Array(readFileSync(leadsPath));
const activityBytes = new Uint8Array(readFileSync(activitiesPath));
const totalBytes = leadBytes.length + activityBytes.length;
const meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : null;
const asOf = meta?.as_of ?? DEFAULT_AS_OF;
if (meta && (meta.lead_bytes !== leadBytes.length || meta.activity_bytes !== activityBytes.length)) {
  fail(`${metaPath} describes other files than ${benchDir}*.csv; run the native benchmark again`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const group = (n) => Math.round(n).toLocaleString('en-US');
const mb = (bytes, ms) => bytes / 1e6 / (ms / 1e3);
const perSecond = (n, ms) => n / (ms / 1e3);
const memoryMB = () => wasm.memory.buffer.byteLength / 1e6;

// Import: a fresh workspace each run (the previous one freed first).
const leadTimes = [];
const activityTimes = [];
let ws = null;
let leadReport;
let activityReport;
let memoryAfterImport = 0;
for (let i = 0; i < RUNS; i++) {
  if (ws) ws.free();
  ws = new Workspace();
  let t = performance.now();
  leadReport = ws.importLeads(leadBytes, {});
  leadTimes.push(performance.now() - t);
  t = performance.now();
  activityReport = ws.importActivities(activityBytes, {});
  activityTimes.push(performance.now() - t);
  if (i === 0) memoryAfterImport = memoryMB();
}
const importTimes = leadTimes.map((t, i) => t + activityTimes[i]);

// Scoring every lead, on the last workspace. Cold: a new as-of (a second
// apart) each run, so the engine re-reads every lead's events.
const scoreTimes = [];
const asOfMs = Date.parse(asOf);
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  ws.score(new Date(asOfMs - (RUNS - i) * 1000).toISOString());
  scoreTimes.push(performance.now() - t);
}
// Re-scoring after a threshold change (cached hits), with the typed arrays
// a page reads after it.
const seed = JSON.parse(ws.model());
const rescoreTimes = [];
for (let i = 0; i < RUNS; i++) {
  ws.setModel(JSON.stringify({ ...seed, threshold: 49 + i }));
  const t = performance.now();
  ws.score(asOf);
  ws.scores();
  ws.statuses();
  rescoreTimes.push(performance.now() - t);
}
ws.setModel(JSON.stringify(seed));
// Crossing times of every MQL, computed when first read.
const crossingTimes = [];
let summary;
for (let i = 0; i < RUNS; i++) {
  summary = ws.score(asOf);
  const t = performance.now();
  ws.crossedAt();
  crossingTimes.push(performance.now() - t);
}
const copyTimes = [];
let scores;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  scores = ws.scores();
  copyTimes.push(performance.now() - t);
}
if (!(scores instanceof Int32Array) || scores.length !== leadReport.kept) {
  fail(`scores() returned ${scores?.constructor?.name} of ${scores?.length} values for ${leadReport.kept} leads`);
}

const importMs = median(importTimes);
const leadMs = median(leadTimes);
const activityMs = median(activityTimes);
const scoreMs = median(scoreTimes);
const rescoreMs = median(rescoreTimes);
const crossingMs = median(crossingTimes);
const copyMs = median(copyTimes);

console.log(
  `leadscore bench, wasm (Node ${process.version}): ${group(leadReport.read)} leads ` +
    `(${(leadBytes.length / 1e6).toFixed(1)} MB) + ${group(activityReport.read)} activities ` +
    `(${(activityBytes.length / 1e6).toFixed(1)} MB), as of ${asOf}`,
);
console.log(`read from ${benchDir}; each figure is the median of ${RUNS} runs`);
console.log('');
const header = `${'step'.padEnd(34)} ${'ms'.padStart(10)} ${'MB/s'.padStart(10)} ${'rows/s'.padStart(14)}`;
console.log(header);
console.log('-'.repeat(header.length));
const row = (label, ms, bytes, rows, unit = '') => {
  const speed = bytes == null ? '-' : mb(bytes, ms).toFixed(1);
  const msText = ms == null ? '-' : ms.toFixed(1);
  const rowsText = rows == null ? '-' : group(perSecond(rows, ms));
  console.log(`${label.padEnd(34)} ${msText.padStart(10)} ${speed.padStart(10)} ${rowsText.padStart(14)}${unit}`);
};
const ceilingMs = meta?.native?.ceiling_ms;
if (ceilingMs != null) {
  row('csv crate read, both (ceiling)*', ceilingMs, totalBytes, leadReport.read + activityReport.read);
} else {
  row('csv crate read, both (ceiling)*', null, null, null);
}
row('wasm (Node) import, both', importMs, totalBytes, leadReport.read + activityReport.read);
row('  importLeads', leadMs, leadBytes.length, leadReport.read);
row('  importActivities', activityMs, activityBytes.length, activityReport.read);
row('wasm (Node) score(asOf), all leads, cold', scoreMs, null, summary.leads, ' leads/s');
row('re-score after a threshold change', rescoreMs, null, summary.leads, ' leads/s');
row('crossing times of all MQLs', crossingMs, null, summary.mql, ' MQLs/s');
row('scores() Int32Array copy-out', copyMs, null, scores.length, ' leads/s');
console.log('');
console.log(
  `import: leads read ${leadReport.read} kept ${leadReport.kept} rejected ${leadReport.rejected}; ` +
    `activities read ${activityReport.read} kept ${activityReport.kept} rejected ${activityReport.rejected}, ` +
    `unmatched ${activityReport.unmatched_activities}`,
);
const share = (n) => ((100 * n) / Math.max(1, summary.leads)).toFixed(1);
console.log(
  `statuses: mql ${summary.mql} (${share(summary.mql)}%, ${summary.instant} instant), ` +
    `nurture ${summary.nurture} (${share(summary.nurture)}%), ` +
    `disqualified ${summary.disqualified} (${share(summary.disqualified)}%)`,
);
console.log(
  `wasm memory after the first import: ${memoryAfterImport.toFixed(1)} MB ` +
    `(input files ${(totalBytes / 1e6).toFixed(1)} MB); after all runs: ${memoryMB().toFixed(1)} MB`,
);
console.log(
  '* The ceiling row is the native csv crate alone iterating ByteRecords over the same bytes\n' +
    '  (from .bench/bench.json, written by the native run): no importer can beat it. The wasm (Node)\n' +
    '  rows are what users of pkg/ get.',
);

const native = meta?.native;
if (native) {
  const same = ['mql', 'nurture', 'disqualified', 'instant'].every((k) => native[k] === summary[k]);
  console.log('');
  const h = `${'step'.padEnd(34)} ${'native ms'.padStart(10)} ${'wasm ms'.padStart(10)} ${'wasm/native'.padStart(12)}`;
  console.log(h);
  console.log('-'.repeat(h.length));
  const cmp = (label, n, w) =>
    console.log(`${label.padEnd(34)} ${n.toFixed(1).padStart(10)} ${w.toFixed(1).padStart(10)} ${(w / n).toFixed(2).padStart(11)}x`);
  cmp('import, both', native.import_ms, importMs);
  cmp('  leads', native.import_leads_ms, leadMs);
  cmp('  activities', native.import_activities_ms, activityMs);
  cmp('score, all leads, cold', native.score_ms, scoreMs);
  cmp('re-score, threshold change', native.rescore_ms, rescoreMs);
  cmp('crossing times', native.crossings_ms, crossingMs);
  console.log(
    same
      ? 'statuses: the same counts as the native run'
      : `statuses DIFFER from the native run: native ${JSON.stringify(native)}, wasm ${JSON.stringify(summary)}`,
  );
  if (!same) process.exitCode = 1;
}
ws.free();
