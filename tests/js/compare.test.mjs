// Backtest and compare through the JS API of pkg/ (SPEC section 9):
// compare, changedRows and replay against separate scorings in JS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, Workspace, presetModel, sampleData } from '../../pkg/leadscore.js';

initSync({ module: readFileSync(new URL('../../pkg/leadscore_bg.wasm', import.meta.url)) });

const AS_OF = '2026-11-20T12:00:00Z';
const SEED = presetModel('seed-example');
const STATUS = ['nurture', 'mql', 'disqualified', 'suppressed', 'recycled'];

function draft(edit) {
  const m = JSON.parse(SEED);
  edit(m);
  return JSON.stringify(m);
}
const rule = (m, id) => m.rules.find((r) => r.id === id);

// Fit: L1 VP 15 + size 10 + software 10 = 35; L2 Intern 20; L3 CMO 35.
const LEADS = [
  'id,email,title,company,company_size,industry',
  'L1,ann@acme.example,VP Marketing,Acme,1000,Software',
  'L2,bob@beta.example,Intern,Beta,1000,Software',
  'L3,cat@gamma.example,CMO,Gamma,1000,Software',
].join('\n');
// Pricing page (+20) for all; a case study (+15) for L3: A gives 55, 40, 70.
const ACTIVITIES = [
  'lead_id,timestamp,type,detail',
  'L1,2026-11-10T10:00:00Z,page_view,/pricing',
  'L2,2026-11-10T10:00:00Z,page_view,/pricing',
  'L3,2026-11-10T10:00:00Z,page_view,/pricing',
  'L3,2026-11-18T10:00:00Z,content_download,case-study-x.pdf',
].join('\n');

test('compare on three leads, worked out by hand', () => {
  const ws = new Workspace();
  ws.importLeads(LEADS);
  ws.importActivities(ACTIVITIES);
  // B: threshold 60, pricing 22: 57 (nurture), 42, 72.
  const b = draft((m) => { m.threshold = 60; rule(m, 'pricing-page').points = 22; });
  const r = ws.compare(SEED, b, AS_OF);
  assert.equal(r.a.mql, 2);
  assert.equal(r.b.mql, 1);
  assert.deepEqual(r.transitions, [
    { from: 'nurture', to: 'nurture', count: 1 },
    { from: 'mql', to: 'nurture', count: 1 },
    { from: 'mql', to: 'mql', count: 1 },
  ]);
  assert.equal(r.changed, 1);
  assert.equal(r.score_changed, 3);
  assert.equal(r.quality, null);
  const page = ws.changedRows(0, 10);
  assert.equal(page.total, 1);
  const [row] = page.rows;
  assert.equal(row.id, 'L1');
  assert.deepEqual([row.score_a, row.score_b, row.change, row.status_a, row.status_b], [55, 57, 2, 'mql', 'nurture']);
  assert.deepEqual(row.why, [{ rule: 'pricing-page', label: 'Pricing page visit', points_a: 20, points_b: 22 }]);
});

test('compare agrees with setModel + score on every lead, and leaves the workspace alone', () => {
  const s = sampleData(2000, 7);
  const ws = new Workspace();
  ws.importLeads(s.leads);
  ws.importActivities(s.activities);
  const b = draft((m) => { m.threshold = 45; rule(m, 'company-size').when.min = 100; rule(m, 'email-engagement').points = 20; });
  ws.setModel(b);
  const sumB = ws.score(s.as_of);
  const [scoresB, statusesB] = [ws.scores(), ws.statuses()];
  ws.setModel(SEED);
  const sumA = ws.score(s.as_of);
  const [scoresA, statusesA] = [ws.scores(), ws.statuses()];
  const r = ws.compare(SEED, b, s.as_of);
  assert.deepEqual(r.a, sumA);
  assert.deepEqual(r.b, sumB);
  // The workspace's own model and scores are untouched.
  assert.deepEqual(JSON.parse(ws.model()), JSON.parse(SEED));
  assert.deepEqual(ws.scores(), scoresA);
  const pairs = new Map();
  for (let i = 0; i < statusesA.length; i++) {
    const k = `${STATUS[statusesA[i]]}>${STATUS[statusesB[i]]}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  assert.deepEqual(new Map(r.transitions.map((t) => [`${t.from}>${t.to}`, t.count])), pairs);
  const rows = [];
  for (;;) {
    const p = ws.changedRows(rows.length, 250, { sort_by: 'file', descending: false });
    if (p.rows.length === 0) break;
    rows.push(...p.rows);
  }
  const want = [...statusesA.keys()].filter((i) => statusesA[i] !== statusesB[i]);
  assert.deepEqual(rows.map((x) => x.index), want);
  assert.ok(want.length > 20, `${want.length} changed leads`);
  for (const x of rows) {
    assert.deepEqual([x.score_a, x.status_a, x.score_b, x.status_b],
      [scoresA[x.index], STATUS[statusesA[x.index]], scoresB[x.index], STATUS[statusesB[x.index]]]);
  }
  // The sample has outcomes: AUCs and the paired test.
  assert.ok(r.quality && r.quality.auc, 'quality with outcomes');
  const d = r.quality.auc;
  assert.ok(d.auc_a > 0.5 && d.auc_a < 1 && d.ci[0] <= d.difference && d.difference <= d.ci[1]);
  assert.ok(d.p_value > 0 && d.p_value <= 1);
});

test('replay equals scoring at each step end', () => {
  const s = sampleData(1500, 3);
  const ws = new Workspace();
  ws.importLeads(s.leads);
  ws.importActivities(s.activities);
  const b = draft((m) => { m.threshold = 40; });
  const end = Date.parse(s.as_of);
  const from = new Date(end - 8 * 7 * 86400e3).toISOString();
  const r = ws.replay(SEED, b, from, s.as_of, 7);
  assert.equal(r.steps.length, 8);
  let crossings = 0;
  for (const [key, model] of [['a', SEED], ['b', b]]) {
    ws.setModel(model);
    for (const step of r.steps) {
      ws.score(step.end);
      const st = ws.statuses();
      const crossed = ws.crossedAt();
      const [lo, hi] = [Date.parse(step.start), Date.parse(step.end)];
      let mql = 0, inside = 0;
      for (let i = 0; i < st.length; i++) {
        if (st[i] !== 1) continue;
        mql++;
        if (crossed[i] >= lo && crossed[i] < hi) inside++;
      }
      assert.deepEqual([step[key].mql, step[key].crossed], [mql, inside], `${key} ${step.start}`);
      crossings += inside;
    }
  }
  assert.ok(crossings > 10, `${crossings} crossings in the period`);
});

test('errors say what and where', () => {
  const ws = new Workspace();
  assert.throws(() => ws.changedRows(0, 10), (e) => e instanceof Error && /call compare/.test(e.message));
  ws.importLeads(LEADS);
  assert.throws(() => ws.compare(SEED, '{"version": 1', AS_OF), (e) => e instanceof Error && /^model B: /.test(e.message));
  assert.throws(() => ws.compare(SEED, SEED, 'yesterday'), (e) => e instanceof Error && /asOf/.test(e.message));
  ws.compare(SEED, SEED, AS_OF);
  assert.throws(() => ws.changedRows(0, 10, { sort_by: 'nope' }), /cannot sort the changed leads by "nope"/);
  assert.throws(() => ws.changedRows(0, 10, { sortBy: 'change' }), /unknown option "sortBy"/);
  assert.throws(() => ws.changedRows(0, 10, { from: 'hot' }), /changedRows options: .*hot/);
  assert.throws(() => ws.replay(SEED, SEED, AS_OF, AS_OF, 7), /"to" must be after "from"/);
});
