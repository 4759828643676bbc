// The JS API of pkg/, loaded in Node with initSync. Expected values come from
// the seed example model (SPEC section 3), worked out by hand below, not from
// the engine's own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, Workspace, presetModel, sampleData } from '../../pkg/leadscore.js';

initSync({ module: readFileSync(new URL('../../pkg/leadscore_bg.wasm', import.meta.url)) });

const AS_OF = '2026-11-20T12:00:00Z';

// Fit, by the seed model (threshold 50):
//   L1  VP Marketing, 1000, Software              15 + 10 + 10        =  35
//   L2  Intern, 10, Retail                        company too small   = -30
//   L3  Chief Technology Officer, 300, Healthcare 15 + 10 + 10        =  35
//   L4  Engineer, N/A (placeholder: empty), Software     0 + 10       =  10
//   L5  Senior Vice President, 5000, FINANCIAL SERVICES 15 + 10 + 10  =  35
const LEADS = [
  'id,email,title,company,company_size,industry,created_at',
  'L1,ann@acme.example,VP Marketing,Acme,1000,Software,2026-09-01',
  'L2,bob@tiny.example,Intern,Tiny,10,Retail,2026-09-01',
  'L3,cat@mid.example,Chief Technology Officer,Mid,300,Healthcare,2026-09-01',
  'L4,dan@none.example,Engineer,None,N/A,Software,2026-09-01',
  'L5,eve@big.example,"Senior Vice President, Sales",Big,5000,FINANCIAL SERVICES,2026-06-01',
].join('\n');

// Behavior, as of 2026-11-20T12:00Z:
//   L1  demo request 10 days ago: +50, instant MQL             -> 85, mql
//   L2  unsubscribe: -20 (negative, never decays)              -> -50, nurture
//   L3  pricing +20, two case studies +15 each = 50; last
//       engagement 17 days ago, decay factor 1                 -> 85, mql
//   L4  3 email opens in the last 30 days +10; 3 visits inside
//       7 days +15; last engagement 1 day ago                  -> 35, nurture
//   L5  demo request 111 days ago: outside the 90-day horizon,
//       so no instant MQL and decay factor 0                   -> 35, nurture
const ACTIVITIES = [
  'lead_id,timestamp,type,detail',
  'L1,2026-11-10T10:00:00Z,demo_request,Demo form',
  'L2,2026-11-15T09:00:00Z,unsubscribe,',
  'L3,2026-11-01T09:00:00Z,page_view,https://example.com/pricing',
  'L3,2026-11-02T09:00:00Z,content_download,case-study-acme.pdf',
  'L3,2026-11-03T09:00:00Z,content_download,Case-Study-Globex.pdf',
  'L4,2026-11-01T08:00:00Z,email_open,Newsletter 1',
  'L4,2026-11-10T08:00:00Z,email_open,Newsletter 2',
  'L4,2026-11-19T08:00:00Z,email_open,Newsletter 3',
  'L4,2026-11-05T10:00:00Z,visit,',
  'L4,2026-11-06T10:00:00Z,visit,',
  'L4,2026-11-08T10:00:00Z,visit,',
  'L5,2026-08-01T10:00:00Z,demo_request,Demo form',
].join('\n');

const EXPECTED_SCORES = [85, -50, 85, 35, 35];
const EXPECTED_STATUSES = [1, 0, 1, 0, 0]; // 0 nurture, 1 mql, 2 disqualified

function loaded() {
  const ws = new Workspace();
  const leads = ws.importLeads(LEADS);
  const activities = ws.importActivities(ACTIVITIES);
  return { ws, leads, activities };
}

function count(x) {
  return Array.isArray(x) ? x.length : x;
}

test('imports a small CSV and reports what it read', () => {
  const { ws, leads, activities } = loaded();
  assert.equal(leads.read, 5);
  assert.equal(leads.kept, 5);
  assert.equal(leads.rejected, 0);
  assert.deepEqual(leads.errors, []);
  assert.equal(activities.read, 12);
  assert.equal(activities.kept, 12);
  assert.equal(activities.rejected, 0);
  assert.equal(ws.leadCount, 5);
  assert.equal(ws.activityCount, 12);

  const title = leads.columns.find((c) => c.header === 'title');
  assert.ok(title, 'the report lists the title column');
  assert.equal(title.field, 'title');
  const na = leads.placeholders.find((p) => p.value === 'N/A');
  assert.ok(na, `N/A is reported as a placeholder: ${JSON.stringify(leads.placeholders)}`);
  assert.equal(na.count, 1);
});

test('scores by the seed model', () => {
  const { ws } = loaded();
  const summary = ws.score(AS_OF);
  assert.equal(summary.leads, 5);
  assert.equal(summary.mql, 2);
  assert.equal(summary.nurture, 3);
  assert.equal(summary.disqualified, 0);
  assert.equal(summary.instant, 1);
  assert.equal(typeof summary.as_of, 'string');
  assert.equal(Date.parse(summary.as_of), Date.parse(AS_OF));

  const scores = ws.scores();
  assert.ok(scores instanceof Int32Array, 'scores() is an Int32Array');
  assert.equal(scores.length, ws.leadCount);
  assert.deepEqual(Array.from(scores), EXPECTED_SCORES);

  const statuses = ws.statuses();
  assert.ok(statuses instanceof Uint8Array, 'statuses() is a Uint8Array');
  assert.deepEqual(Array.from(statuses), EXPECTED_STATUSES);
});

test('scoresInto and statusesInto fill the caller\'s arrays, and say what length they take', () => {
  const { ws } = loaded();
  ws.score(AS_OF);
  const scores = new Int32Array(ws.leadCount).fill(-7);
  const statuses = new Uint8Array(ws.leadCount).fill(9);
  ws.scoresInto(scores);
  ws.statusesInto(statuses);
  assert.deepEqual(Array.from(scores), EXPECTED_SCORES);
  assert.deepEqual(Array.from(statuses), EXPECTED_STATUSES);
  // After a threshold move (the in-place path) the same arrays follow.
  const model = JSON.parse(ws.model());
  model.threshold = 1000;
  ws.setModel(JSON.stringify(model));
  ws.score(AS_OF);
  ws.statusesInto(statuses);
  assert.deepEqual(Array.from(statuses), Array.from(ws.statuses()));
  assert.equal(statuses.filter((s) => s === 1).length, 1, 'only the instant MQL is left');
  assert.throws(() => ws.scoresInto(new Int32Array(ws.leadCount + 1)), /scoresInto takes an Int32Array of one entry per lead of the last score \(5\), got 6/);
  assert.throws(() => ws.statusesInto(new Uint8Array(2)), /statusesInto takes a Uint8Array .*\(5\), got 2/);
});

test('explains a lead', () => {
  const { ws } = loaded();
  ws.score(AS_OF);
  const l1 = ws.explain('L1');
  assert.equal(l1.score, 85);
  assert.ok(Array.isArray(l1.contributions) && l1.contributions.length > 0);
  assert.equal(ws.lead(2).score, 85);
  assert.equal(ws.lead(1).score, -50);
});

test('exports scored leads as CSV', () => {
  const { ws } = loaded();
  ws.score(AS_OF);
  const lines = ws.scoredCsv().split(/\r?\n/).filter((l) => l !== '');
  assert.ok(lines[0].startsWith('id,score,fit,behavior,status,instant,crossed_at'), lines[0]);
  assert.equal(lines.length, 6);
  assert.match(lines[1], /^L1,85,35,50,mql,/i);
  assert.match(lines[2], /^L2,-50,-30,-20,nurture,/i);
});

test('reads the same leads from UTF-8 and UTF-16 bytes', () => {
  const utf8 = new TextEncoder().encode(LEADS);
  const utf16 = new Uint8Array(2 + LEADS.length * 2);
  utf16[0] = 0xff;
  utf16[1] = 0xfe; // UTF-16LE BOM
  for (let i = 0; i < LEADS.length; i++) {
    const c = LEADS.charCodeAt(i);
    utf16[2 + 2 * i] = c & 0xff;
    utf16[3 + 2 * i] = c >> 8;
  }
  for (const bytes of [utf8, utf16]) {
    const ws = new Workspace();
    const report = ws.importLeads(bytes);
    assert.equal(report.kept, 5);
    ws.importActivities(ACTIVITIES);
    ws.score(AS_OF);
    assert.deepEqual(Array.from(ws.scores()), EXPECTED_SCORES);
  }
});

test('a bad row is reported with its line and the rest is kept', () => {
  const ws = new Workspace();
  ws.importLeads(LEADS);
  const report = ws.importActivities(
    [
      'lead_id,timestamp,type,detail',
      'L1,2026-11-10T10:00:00Z,demo_request,Demo form',
      'L3,not-a-date,page_view,/pricing', // line 3
      'L3,2026-11-02T09:00:00Z,content_download,case-study-acme.pdf',
    ].join('\n'),
  );
  assert.equal(report.read, 3);
  assert.equal(report.kept, 2);
  assert.equal(report.rejected, 1);
  assert.equal(report.read, report.kept + report.rejected);
  assert.equal(report.errors.length, 1);
  assert.equal(report.errors[0].line, 3);
  assert.equal(typeof report.errors[0].message, 'string');
  assert.ok(report.errors[0].message.length > 0);
  assert.equal(ws.activityCount, 2);
});

test('an activity for an unknown lead is reported, not dropped silently', () => {
  const ws = new Workspace();
  ws.importLeads(LEADS);
  const report = ws.importActivities(
    ['lead_id,timestamp,type,detail', 'L99,2026-11-10T10:00:00Z,visit,'].join('\n'),
  );
  assert.equal(count(report.unmatched_activities), 1);
});

test('setModel rejects bad JSON with a real Error and keeps the model', () => {
  const ws = new Workspace();
  const before = ws.model();
  let caught;
  try {
    ws.setModel('{');
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof Error, `threw ${Object.prototype.toString.call(caught)}`);
  assert.match(caught.message, /json|eof|parse|expected|model/i);
  assert.equal(ws.model(), before);
});

test('the default model is the seed-example preset and round-trips', () => {
  const ws = new Workspace();
  const preset = presetModel('seed-example');
  assert.deepEqual(JSON.parse(ws.model()), JSON.parse(preset));
  ws.setModel(preset);
  assert.deepEqual(JSON.parse(ws.model()), JSON.parse(preset));
});

test('sampleData is deterministic', () => {
  const a = sampleData(200, 7);
  const b = sampleData(200, 7);
  assert.deepEqual(a, b);
  assert.notDeepEqual(sampleData(200, 8).leads, a.leads);
  assert.ok(!Number.isNaN(Date.parse(a.as_of)), a.as_of);
  const ws = new Workspace();
  const report = ws.importLeads(a.leads);
  assert.equal(report.rejected, 0);
  assert.equal(ws.leadCount, 200);
  ws.importActivities(a.activities);
  const s = ws.score(a.as_of);
  assert.equal(s.leads, 200);
});
