// The feedback loop through the JS API of pkg/ (SPEC sections 2, 3, 6):
// outcome logs with CRM status words, update imports, the new statuses.
// Expected values are worked out by hand from the seed model below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, Workspace, suggestedStatusMapping } from '../../pkg/leadscore.js';

initSync({ module: readFileSync(new URL('../../pkg/leadscore_bg.wasm', import.meta.url)) });

const AS_OF = '2026-11-20T12:00:00Z';
// Fit: L1 VP 15 + size 10 + software 10 = 35; L2 Intern 0 + 10 + 10 = 20; L3 CMO 35.
const LEADS = [
  'id,email,title,company,company_size,industry',
  'L1,ann@acme.example,VP Marketing,Acme,1000,Software',
  'L2,bob@beta.example,Intern,Beta,1000,Software',
  'L3,cat@gamma.example,CMO,Gamma,1000,Software',
].join('\n');
// Each has the pricing page (+20) on Nov 10: L1 55, L2 40, L3 55 without decisions.
const ACTIVITIES = [
  'lead_id,timestamp,type,detail',
  'L1,2026-11-10T10:00:00Z,page_view,/pricing',
  'L2,2026-11-10T10:00:00Z,page_view,/pricing',
  'L3,2026-11-10T10:00:00Z,page_view,/pricing',
  'L3,2026-11-18T10:00:00Z,content_download,case-study-x.pdf',
].join('\n');
// HubSpot status words: L1 Bad Timing on Nov 1 (premature: recycled until Dec 1;
// its Nov 10 event counts), L2 Unqualified (wrong ICP: suppressed), L3 Bad Timing
// on Nov 12 (its pricing visit is before: 35 + 15 = 50, recycled), an unmapped word.
const OUTCOMES = [
  'Contact ID,Lead Status,Date',
  'L1,Bad Timing,2026-11-01',
  'L2,Unqualified,2026-11-05',
  'L3,Bad Timing,2026-11-12',
  'L3,Nope Nope,2026-11-13',
  'L9,Connected,2026-11-13',
].join('\n');

function loaded() {
  const ws = new Workspace();
  ws.importLeads(LEADS);
  ws.importActivities(ACTIVITIES);
  return ws;
}

test('an outcome log with CRM status words changes statuses, scores and the summary', () => {
  const ws = loaded();
  const plain = ws.score(AS_OF);
  assert.deepEqual([plain.mql, plain.nurture, plain.suppressed, plain.recycled], [2, 1, 0, 0]);
  const r = ws.importOutcomes(OUTCOMES);
  assert.equal(r.kind, 'outcomes');
  assert.deepEqual([r.read, r.kept, r.rejected], [5, 4, 1]);
  assert.match(r.errors[0].message, /^line 5, column "Lead Status": "Nope Nope" is a status word with no mapping/);
  assert.deepEqual(r.unmapped_words, [{ word: 'Nope Nope', count: 1 }]);
  assert.deepEqual(r.unknown_leads, [{ line: 6, lead_id: 'L9' }]);
  assert.equal(r.leads_with_decisions, 3);
  const bad = r.status_words.find((w) => w.word === 'Bad Timing');
  assert.deepEqual(bad, { word: 'Bad Timing', count: 2, mapped: { outcome: 'rejected', reason: 'premature' }, source: 'suggested' });

  const s = ws.score(AS_OF);
  assert.deepEqual([s.mql, s.nurture, s.suppressed, s.recycled], [0, 0, 1, 2]);
  assert.deepEqual([...ws.statuses()], [4, 3, 4]);
  assert.deepEqual([...ws.scores()], [55, 40, 50]);
  const e = ws.explain('L3');
  assert.equal(e.status, 'recycled');
  assert.equal(e.behavior_since, '2026-11-12T00:00:00Z');
  assert.deepEqual(e.next_step, { code: 'recycled', text: 'recycled to the education nurture; re-evaluated from 2026-12-12 on new behavior', date: '2026-12-12' });
  assert.equal(e.decisions.length, 1);
  assert.equal(e.decision.reason, 'premature');
  // The status filter knows the new codes.
  assert.deepEqual([...ws.order('file', false, 1 << 4, '')], [0, 2]);
  const csv = ws.scoredCsv().split('\r\n');
  assert.match(csv[0], /,returning,outcome,next_step,id,/);
  assert.match(csv[2], /^L2,40,20,20,suppressed,.*,rejected \(wrong_icp\),suppressed until a fit field changes,/);

  // Past Dec 1 L1 is re-evaluated: 35 + 20 at factor 0.75 (21 days) = 50, an MQL since Dec 1.
  const later = ws.score('2026-12-01T12:00:00Z');
  assert.equal(later.mql, 1);
  assert.equal(ws.crossedAt()[0], Date.parse('2026-12-01T00:00:00Z'));
  const p = ws.packet(0);
  assert.equal(p.returning.reason, 'premature');
  assert.equal(p.returning.decisions.length, 1);
});

test('an edited status mapping re-reads the outcome log; the suggestion is exposed', () => {
  const ws = loaded();
  ws.importOutcomes(OUTCOMES);
  const suggested = suggestedStatusMapping();
  assert.deepEqual(suggested['Unqualified'], { outcome: 'rejected', reason: 'wrong_icp' });
  assert.equal(suggested['New'], null);
  assert.deepEqual(Object.keys(suggested), Object.keys(suggested).sort(), 'status words in key order');
  const r = ws.remapOutcomes(undefined, { 'Nope Nope': { outcome: 'accepted', converted: true }, 'Bad Timing': { outcome: 'rejected', reason: 'unreachable' } });
  assert.deepEqual([r.read, r.kept, r.rejected, r.unmapped_words.length], [5, 5, 0, 0]);
  ws.score(AS_OF);
  // L1 unreachable since Nov 1: 55. L3 rejected (unreachable) Nov 12, accepted
  // Nov 13: behavior restarted on Nov 12, so 35 + the case study 15 = 50, an MQL.
  assert.deepEqual([...ws.statuses()], [1, 3, 1]);
  assert.deepEqual([...ws.scores()], [55, 40, 50]);
  const f = ws.feedback();
  assert.deepEqual(f.by_reason.map((x) => [x.reason, x.leads]), [['accepted', 1], ['wrong_icp', 1], ['premature', 0], ['duplicate', 0], ['unreachable', 1], ['no_reason', 0]]);
  assert.deepEqual(f.mql_to_sql.band, [0.4, 0.7]);
  assert.throws(() => ws.remapOutcomes(undefined, { X: { outcome: 'maybe' } }), (e) => e instanceof Error && /status mapping must be an object/.test(e.message));
  ws.clearOutcomes();
  assert.equal(ws.score(AS_OF).suppressed, 0);
});

test('an update import releases a wrong-ICP lead when its title changes', () => {
  const ws = loaded();
  ws.importOutcomes(OUTCOMES);
  ws.score(AS_OF);
  assert.equal(ws.statuses()[1], 3);
  const newer = LEADS.replace('L2,bob@beta.example,Intern', 'L2,bob@beta.example,VP Sales') + '\nL4,dee@delta.example,CEO,Delta,300,Software';
  const u = ws.updateLeads(newer);
  assert.equal(u.kind, 'update');
  assert.deepEqual([u.changed, u.added, u.unchanged], [1, 1, 2]);
  assert.deepEqual(u.fit_changes, [{ id: 'L2', line: 3, changes: [{ field: 'title', from: 'Intern', to: 'VP Sales' }] }]);
  ws.score(AS_OF);
  assert.equal(ws.leadCount, 4);
  // L2: 35 + 20 (its pricing visit is after the Nov 5 rejection) = 55.
  assert.equal(ws.statuses()[1], 1);
  const e = ws.explain('L2');
  assert.deepEqual(e.released, { field: 'title', from: 'Intern', to: 'VP Sales' });
  assert.equal(e.next_step.code, 'released');
  assert.throws(() => new Workspace().updateLeads(newer), /import the lead table first/);
});
