// The Calibration view in headless Chromium, checked against calibrate()
// run here in Node on the same pkg/: the numbers on screen (AUC, MQL-to-SQL
// rate, every band's rate, each rule's lift and suggested points) equal the
// report; a threshold button sets the threshold; applying the suggested
// points changes the model; a first model from the columns opens in the
// editor; readable at 375 px; no request leaves the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Workspace, sampleData } from '../../pkg/leadscore.js';
import { SCREENSHOTS, initEngine, start, stop, openPage, assertClean } from './harness.mjs';

const TIMEOUT = { timeout: 240_000 };
initEngine();

let server;
let browser;
let tmp;
before(async () => {
  ({ server, browser, tmp } = await start('leadscore-calibration-'));
});
after(() => stop({ server, browser, tmp }));

const pct = (x) => (x === null ? '\u2013' : `${Math.round(x * 1000) / 10}%`);
const num2 = (x) => (x === null ? '\u2013' : (Math.round(x * 100) / 100).toFixed(2));

const sample = sampleData(2500, 11);

function reference(model) {
  const ws = new Workspace();
  ws.importLeads(sample.leads);
  ws.importActivities(sample.activities);
  if (model) ws.setModel(model);
  ws.score(sample.as_of);
  return ws.calibrate();
}

const getModel = (page) => page.evaluate(async () => JSON.parse(await document.querySelector('lead-scoring-sandbox').getModel()));

test('the Calibration view shows what calibrate() reports, and its suggestions change the model', TIMEOUT, async () => {
  const { page, seen, context } = await openPage(browser, server, { width: 1280, height: 1100 });
  await page.evaluate(async ([l, a, at]) => {
    const e = document.querySelector('lead-scoring-sandbox');
    await e.importLeads(l);
    await e.importActivities(a);
    await e.setAsOf(at);
  }, [sample.leads, sample.activities, sample.as_of]);
  const want = reference();
  assert.ok(want.population.labelled > 100 && want.suggested, 'the sample has outcomes');

  await page.getByRole('tab', { name: 'Calibration' }).click();
  await page.locator('.cal-auc').waitFor();
  assert.equal(await page.locator('.cal-auc').textContent(), num2(want.auc.value));
  assert.equal(await page.locator('.cal-sql').textContent(), pct(want.mql_to_sql.rate));
  const shown = want.bands.filter((b) => b.leads > 0);
  assert.equal(await page.locator('.cal-band-table tbody tr').count(), shown.length);
  for (const b of shown) {
    const row = page.locator(`.cal-band-table tr[data-lo="${b.lo}"]`);
    assert.equal(await row.locator('.cal-rate').textContent(), pct(b.rate), `band ${b.lo}`);
    assert.equal(await row.locator('td.num').first().textContent(), b.leads.toLocaleString('en-US'), `band ${b.lo} leads`);
  }
  for (const r of want.rules) {
    const row = page.locator(`.cal-rules tr[data-rule="${r.id}"]`);
    const lift = await row.locator('.cal-lift').textContent();
    assert.ok(lift.startsWith(r.lift === null ? '\u2013' : num2(r.lift)), `${r.id}: ${lift}`);
    const sp = want.suggested.points.find((p) => p.id === r.id).suggested;
    assert.equal(await row.locator('.cal-suggested').textContent(), String(sp), r.id);
  }
  for (const x of want.rejections) {
    assert.equal(await page.locator(`.cal-reasons tr[data-reason="${x.reason}"] td.num`).first().textContent(), String(x.leads), x.reason);
  }
  // The ROC curve and the band chart are drawn.
  assert.equal(await page.locator('svg.cal-roc path.roc-line').count(), 1);
  assert.equal(await page.locator('svg.cal-bands rect.bar').count(), shown.length);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calibration-desktop.png'), fullPage: true });

  // A threshold button sets the threshold.
  const best = want.thresholds.best_separation.threshold;
  await page.locator('[data-suggest="best"]').click();
  await page.waitForFunction((t) => document.querySelector('lead-scoring-sandbox').summary().then((s) => s.threshold === t), best);
  assert.equal((await getModel(page)).threshold, best);

  // Apply one suggested value, then all of them (with their threshold).
  const before = await getModel(page);
  const one = want.suggested.points.find((p) => p.suggested !== p.points);
  await page.locator(`[data-apply="${one.id}"]`).click();
  await page.waitForFunction((id) => document.querySelector('lead-scoring-sandbox').getModel().then((m) => JSON.parse(m).rules.find((r) => r.id === id).points), one.id);
  let m = await getModel(page);
  assert.equal(m.rules.find((r) => r.id === one.id).points, one.suggested);
  assert.notEqual(before.rules.find((r) => r.id === one.id).points, one.suggested);
  // The view follows the changed model (its suggestions are refitted to it).
  const now = reference(JSON.stringify(m));
  await page.locator('.cal-rules [data-apply]').first().waitFor();
  await page.waitForFunction((t) => {
    const b = document.querySelector('lead-scoring-sandbox').shadowRoot.querySelector('[data-suggest="fitted"]');
    return b && b.dataset.threshold === String(t);
  }, now.suggested.threshold);
  await page.locator('[data-action="apply-all"]').click();
  await page.waitForFunction((t) => document.querySelector('lead-scoring-sandbox').getModel().then((x) => JSON.parse(x).threshold === t), now.suggested.threshold);
  m = await getModel(page);
  for (const p of now.suggested.points) assert.equal(m.rules.find((r) => r.id === p.id).points, p.suggested, p.id);
  // Its AUC is now the one calibrate() gives for the new model.
  const after = reference(JSON.stringify(m));
  assert.equal(after.auc.value, now.suggested.auc_after);
  await page.locator('.cal-auc', { hasText: num2(after.auc.value) }).waitFor();

  // A first model from the columns, opened in the editor.
  await page.locator('[data-action="first-model"]').click();
  await page.locator('.cal-first-auc').waitFor({ timeout: 60_000 });
  const ws = new Workspace();
  ws.importLeads(sample.leads);
  ws.importActivities(sample.activities);
  ws.score(sample.as_of);
  const first = ws.suggestModel({ from: 'columns' });
  assert.equal(await page.locator('.cal-first-auc').textContent(), num2(first.auc_holdout));
  await page.locator('[data-action="open-first-model"]').click();
  await page.waitForFunction((n) => document.querySelector('lead-scoring-sandbox').getModel().then((x) => JSON.parse(x).name === n), 'First model from outcomes');
  m = await getModel(page);
  assert.equal(m.rules.length, first.rules.length);

  // Readable on a phone: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 900 });
  await page.getByRole('tab', { name: 'Calibration' }).click();
  await page.locator('.cal-auc').waitFor();
  const overflow = await page.evaluate(() => {
    const root = document.querySelector('lead-scoring-sandbox').shadowRoot;
    const panel = root.querySelector('.calibration-panel');
    // Wide tables scroll inside their own box; nothing else may overflow.
    return [...panel.querySelectorAll('*')].filter((c) => !c.closest('.table-scroll') && c.getBoundingClientRect().right > window.innerWidth + 1)
      .map((c) => `${c.tagName}.${c.getAttribute('class')}`).slice(0, 5)
      .concat(document.documentElement.scrollWidth > window.innerWidth ? [`page ${document.documentElement.scrollWidth} px wide`] : []);
  });
  assert.deepEqual(overflow, [], 'nothing in the calibration view wider than 375 px');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calibration-375.png'), fullPage: true });
  await page.locator('.calibration-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calibration-375-view.png') });
  await page.locator('.cal-rules').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calibration-375-rules.png') });
  await assertClean(page, seen, [server.url]);
  await context.close();
});
