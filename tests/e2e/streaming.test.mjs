// Streaming import in the page: an activity log of a few hundred MB, written
// to disk here, goes in through the file input chunk by chunk; the status
// line shows progress by bytes; Cancel stops it with the data loaded before
// unchanged; the counts at the end equal the engine's in Node, which streams
// the same file through beginImport / feed / finishImport.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Workspace, sampleData } from '../../pkg/leadscore.js';
import { SCREENSHOTS, initEngine, start, stop, openPage } from './harness.mjs';

const TIMEOUT = { timeout: 600_000 };
/** Copies of the sample's activity rows: about 300 MB. */
const COPIES = Number(process.env.STREAM_COPIES || 26);

initEngine();

let server;
let browser;
let tmp;

before(async () => {
  ({ server, browser, tmp } = await start('leadscore-stream-'));
});

after(() => stop({ server, browser, tmp }));

async function writeBig(file, sample) {
  const body = sample.activities.slice(sample.activities.indexOf('\n') + 1);
  const header = sample.activities.slice(0, sample.activities.indexOf('\n') + 1);
  const out = createWriteStream(file);
  out.write(header);
  for (let i = 0; i < COPIES; i++) {
    if (!out.write(body)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

async function tile(page, key) {
  const text = await page.locator(`[data-count="${key}"] .count-value`).textContent();
  return Number(text.replace(/,/g, ''));
}

async function counts(page) {
  const out = {};
  for (const key of ['leads', 'mql', 'nurture', 'disqualified', 'instant']) out[key] = await tile(page, key);
  return out;
}

function call(page, method, ...args) {
  return page.evaluate(([m, a]) => document.querySelector('lead-scoring-sandbox')[m](...a), [method, args]);
}

/** Waits until the status line shows progress by bytes; returns its text. */
async function progressShown(page) {
  const text = page.locator('.progress:not([hidden]) .progress-text');
  await text.filter({ hasText: /MB \(\d+%\)/ }).waitFor({ timeout: 60_000 });
  return text.textContent();
}

test('a file of a few hundred MB streams in with progress by bytes, and Cancel keeps the data', TIMEOUT, async () => {
  const sample = sampleData(20000, 7);
  const leadsFile = path.join(tmp, 'leads.csv');
  const bigFile = path.join(tmp, 'activities-big.csv');
  writeFileSync(leadsFile, sample.leads);
  await writeBig(bigFile, sample);
  const size = statSync(bigFile).size;
  assert.ok(size > 250e6, `the file is ${size} bytes`);

  // The engine in Node, streaming the same file from disk.
  const ws = new Workspace();
  ws.importLeads(sample.leads);
  ws.beginImport('activities', undefined, undefined, size);
  for await (const chunk of createReadStream(bigFile, { highWaterMark: 1 << 20 })) ws.feed(chunk);
  const nodeReport = ws.finishImport();
  const expected = ws.score(sample.as_of);
  const leadsOnly = new Workspace();
  leadsOnly.importLeads(sample.leads);
  const expectedLeadsOnly = leadsOnly.score(sample.as_of);

  const { page } = await openPage(browser, server, { width: 1280, height: 800 });
  await page.setInputFiles('input[type="file"][data-kind="leads"]', leadsFile);
  await page.locator('.report-table tr[data-kind="leads"] .file-name', { hasText: 'leads.csv' }).waitFor();
  await call(page, 'setAsOf', sample.as_of);
  assert.deepEqual(await counts(page), {
    leads: expectedLeadsOnly.leads, mql: expectedLeadsOnly.mql, nurture: expectedLeadsOnly.nurture,
    disqualified: expectedLeadsOnly.disqualified, instant: expectedLeadsOnly.instant,
  });
  const before = await counts(page);

  // 1. Cancel half-way.
  await page.setInputFiles('input[type="file"][data-kind="activities"]', bigFile);
  const first = await progressShown(page);
  assert.match(first, /^Importing activities… [\d.]+ of \d+ MB \(\d+%\)/);
  await page.locator('.progress .btn', { hasText: 'Cancel' }).click();
  await page.locator('.note-line', { hasText: 'Import cancelled' }).waitFor({ timeout: 60_000 });
  assert.deepEqual(await counts(page), before, 'the counts are those of before the import');
  assert.equal(await page.locator('.report-table tr[data-kind="activities"]').count(), 0, 'no activity file is listed');

  // 2. The whole file: progress moves by bytes, then the counts are the engine's.
  await page.setInputFiles('input[type="file"][data-kind="activities"]', bigFile);
  const seen = [];
  seen.push(await progressShown(page));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'streaming-progress.png') });
  const bar = await page.locator('.progress-bar').evaluate((b) => ({ value: b.value, max: b.max }));
  assert.equal(bar.max, size, 'the bar counts the bytes of the file');
  assert.ok(bar.value > 0 && bar.value <= size);
  await page.waitForTimeout(1500);
  const later = await page.locator('.progress-text').textContent();
  if (later.includes('%')) seen.push(later);
  const pct = seen.map((t) => Number(/\((\d+)%\)/.exec(t)[1]));
  assert.ok(pct.every((p, i) => i === 0 || p >= pct[i - 1]), `progress only moves on: ${seen.join(' | ')}`);
  await page.locator('.report-table tr[data-kind="activities"] .file-name', { hasText: 'activities-big.csv' }).waitFor({ timeout: 300_000 });
  await page.locator('.note-line', { hasText: 'activities-big.csv' }).waitFor({ timeout: 120_000 });
  const row = page.locator('.report-table tr[data-kind="activities"]');
  const fmt = (n) => new Intl.NumberFormat('en-US').format(n);
  assert.equal(await row.locator('[data-stat="kept"]').textContent(), fmt(nodeReport.kept));
  assert.equal(await row.locator('[data-stat="read"]').textContent(), fmt(nodeReport.read));
  assert.equal(nodeReport.read, COPIES * (sample.activities.split('\n').length - 2));
  const summary = await call(page, 'summary');
  assert.equal(summary.as_of, expected.as_of);
  assert.deepEqual(await counts(page), {
    leads: expected.leads, mql: expected.mql, nurture: expected.nurture, disqualified: expected.disqualified, instant: expected.instant,
  });
  assert.notDeepEqual(await counts(page), before, 'the activities changed the counts');
  await page.close();
});
