// What the feedback loop costs in wasm (issue 8), on the files that
// `cargo run --release --example feedback_bench` writes to .bench/: lead
// import with and without its decision columns, the outcome log, an update
// import, and scoring with decisions against scoring without. Median of 3.
//   node tests/bench/feedback.mjs
import { readFileSync } from 'node:fs';
import { initSync, Workspace } from '../../pkg/leadscore.js';

const dir = new URL('../../.bench/', import.meta.url);
initSync({ module: readFileSync(new URL('../../pkg/leadscore_bg.wasm', import.meta.url)) });
const { as_of: asOf } = JSON.parse(readFileSync(new URL('feedback.json', dir), 'utf8'));
const leads = readFileSync(new URL('leads.csv', dir));
const activities = readFileSync(new URL('activities.csv', dir));
const outcomes = readFileSync(new URL('outcomes.csv', dir));
const update = readFileSync(new URL('leads-update.csv', dir));
const RUNS = 3;
const NO_DECISIONS = { sales_outcome: null, rejection_reason: null, rejected_at: null, converted: null, first_contact_at: null };

function median(f) {
  const t = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    f(i);
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

let plain = null;
let withD = null;
const leadPlain = median(() => { plain?.free(); plain = new Workspace(); plain.importLeads(leads, NO_DECISIONS); });
const leadWith = median(() => { withD?.free(); withD = new Workspace(); withD.importLeads(leads); });
plain.importActivities(activities);
withD.importActivities(activities);
let report;
const outcomeImport = median(() => { withD.clearOutcomes(); report = withD.importOutcomes(outcomes); });
const asOfMs = Date.parse(asOf);
const cold = (ws) => median((i) => ws.score(new Date(asOfMs - (RUNS - i) * 1000).toISOString()));
const scorePlain = cold(plain);
const scoreWith = cold(withD);
const rescore = (ws) => {
  const seed = JSON.parse(ws.model());
  return median((i) => { ws.setModel(JSON.stringify({ ...seed, threshold: 49 + i })); ws.score(asOf); ws.scores(); ws.statuses(); });
};
const rescorePlain = rescore(plain);
const rescoreWith = rescore(withD);
for (const ws of [plain, withD]) ws.setModel(JSON.stringify({ ...JSON.parse(ws.model()), threshold: 50 }));
const crossings = (ws) => median((i) => { ws.score(new Date(asOfMs + i * 1000).toISOString()); ws.crossedAt(); });
const crossPlain = crossings(plain);
const crossWith = crossings(withD);
const fb = median(() => withD.feedback());
const sp = plain.score(asOf);
const sw = withD.score(asOf);
const updTimes = [];
let u;
for (let i = 0; i < RUNS; i++) {
  const ws = new Workspace();
  ws.importLeads(leads);
  const t = performance.now();
  u = ws.updateLeads(update);
  updTimes.push(performance.now() - t);
  ws.free();
}
const upd = updTimes.sort((a, b) => a - b)[1];

const f = (x) => `${x.toFixed(1)} ms`.padStart(12);
const cost = (a, b) => `${b >= a ? '+' : ''}${Math.round(100 * (b / a - 1))}%`.padStart(8);
console.log(`leadscore feedback-loop bench, wasm in Node ${process.version}: ${sp.leads} leads, as of ${asOf}; median of ${RUNS}`);
console.log(`outcome log: ${report.read} rows (${(outcomes.length / 1e6).toFixed(1)} MB): kept ${report.kept}, rejected ${report.rejected}, leads with decisions ${report.leads_with_decisions}`);
console.log('');
console.log(`${'step'.padEnd(46)} ${'without'.padStart(12)} ${'with'.padStart(12)} ${'cost'.padStart(8)}`);
console.log('-'.repeat(80));
console.log(`${'importLeads (decision columns read or not)'.padEnd(46)} ${f(leadPlain)} ${f(leadWith)} ${cost(leadPlain, leadWith)}`);
console.log(`${'importOutcomes (outcome log)'.padEnd(46)} ${'-'.padStart(12)} ${f(outcomeImport)}`);
console.log(`${'updateLeads (1% titles changed)'.padEnd(46)} ${'-'.padStart(12)} ${f(upd)}`);
console.log(`${'score(asOf), all leads, cold'.padEnd(46)} ${f(scorePlain)} ${f(scoreWith)} ${cost(scorePlain, scoreWith)}`);
console.log(`${'re-score after a threshold change (+arrays)'.padEnd(46)} ${f(rescorePlain)} ${f(rescoreWith)} ${cost(rescorePlain, rescoreWith)}`);
console.log(`${'crossing times of all MQLs (crossedAt)'.padEnd(46)} ${f(crossPlain)} ${f(crossWith)} ${cost(crossPlain, crossWith)}`);
console.log(`${'feedback() report'.padEnd(46)} ${'-'.padStart(12)} ${f(fb)}`);
console.log('');
console.log(`without decisions: mql ${sp.mql} nurture ${sp.nurture} disqualified ${sp.disqualified}`);
console.log(`with decisions:    mql ${sw.mql} nurture ${sw.nurture} disqualified ${sw.disqualified} suppressed ${sw.suppressed} recycled ${sw.recycled}`);
console.log(`update: changed ${u.changed}, added ${u.added}, unchanged ${u.unchanged}, fit changes ${u.fit_changes.length + u.fit_changes_not_listed}`);
