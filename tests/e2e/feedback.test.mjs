// The feedback loop in the page, in headless Chromium, checked against the
// same pkg/ run here in Node: an outcome log dropped on the page changes the
// counts and the feedback panel; an unmapped status word is shown and can be
// mapped; an update import (a newer export) releases a suppressed lead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Workspace } from '../../pkg/leadscore.js';
import { SCREENSHOTS, initEngine, start, stop, openPage, requestsOutside } from './harness.mjs';

const TIMEOUT = { timeout: 180_000 };
initEngine();

let server;
let browser;
let tmp;
before(async () => {
  ({ server, browser, tmp } = await start('leadscore-feedback-'));
});
after(() => stop({ server, browser, tmp }));

const AS_OF = '2026-11-20T12:00:00Z';
const LEADS = [
  'id,email,title,company,company_size,industry',
  'L1,ann@acme.example,VP Marketing,Acme,1000,Software',
  'L2,bob@beta.example,Intern,Beta,1000,Software',
  'L3,cat@gamma.example,CMO,Gamma,1000,Software',
  'L4,dan@delta.example,CFO,Delta,1000,Software',
  'L5,eve@eps.example,Analyst,Eps,1000,Software',
].join('\n');
const ACTIVITIES = [
  'lead_id,timestamp,type,detail',
  'L1,2026-11-10T10:00:00Z,page_view,/pricing',
  'L2,2026-11-10T10:00:00Z,page_view,/pricing',
  'L2,2026-11-12T10:00:00Z,content_download,case-study-x.pdf',
  'L3,2026-11-10T10:00:00Z,page_view,/pricing',
  'L4,2026-11-10T10:00:00Z,page_view,/pricing',
  'L5,2026-11-10T10:00:00Z,demo_request,demo',
].join('\n');
// HubSpot words; "Sales Won" has no mapping.
const OUTCOMES = [
  'Contact ID,Lead Status,Date',
  'L1,Connected,2026-11-11',
  'L2,Unqualified,2026-11-05',
  'L3,Bad Timing,2026-11-12',
  'L4,Sales Won,2026-11-13',
  'L5,Open Deal,2026-11-11',
].join('\n');
const NEWER = LEADS.replace('L2,bob@beta.example,Intern', 'L2,bob@beta.example,VP Marketing');

function reference(steps) {
  const ws = new Workspace();
  ws.importLeads(LEADS);
  ws.importActivities(ACTIVITIES);
  for (const s of steps) s(ws);
  return { sum: ws.score(AS_OF), feedback: ws.feedback() };
}

async function tile(page, key) {
  return page.locator(`.tile[data-count="${key}"] .count-value`).textContent();
}

async function drop(page, selector, name, text) {
  const dt = await page.evaluateHandle(([n, t]) => {
    const d = new DataTransfer();
    d.items.add(new File([t], n, { type: 'text/csv' }));
    return d;
  }, [name, text]);
  await page.locator(selector).dispatchEvent('drop', { dataTransfer: dt });
}

const settled = (page) => page.evaluate(() => document.querySelector('lead-scoring-sandbox').summary());

test('outcomes dropped on the page change the counts and the feedback panel; an update import releases a suppressed lead', TIMEOUT, async () => {
  const { page, seen, context } = await openPage(browser, server, { width: 1280, height: 1000 });
  await page.evaluate(async ([l, a, at]) => {
    const e = document.querySelector('lead-scoring-sandbox');
    await e.importLeads(l);
    await e.importActivities(a);
    await e.setAsOf(at);
  }, [LEADS, ACTIVITIES, AS_OF]);
  const plain = reference([]);
  let s = await settled(page);
  assert.deepEqual([s.mql, s.suppressed, s.recycled], [plain.sum.mql, 0, 0]);

  // Dropped anywhere on the data section: told apart from a lead table by its headers.
  await drop(page, '.importer', 'hubspot-statuses.csv', OUTCOMES);
  await page.locator('.feedback-reports [data-report="outcomes"]').waitFor();
  s = await settled(page);
  const want = reference([(ws) => ws.importOutcomes(OUTCOMES)]);
  assert.deepEqual([s.mql, s.nurture, s.suppressed, s.recycled], [want.sum.mql, want.sum.nurture, want.sum.suppressed, want.sum.recycled]);
  assert.deepEqual([want.sum.suppressed, want.sum.recycled], [1, 1], 'L2 suppressed, L3 recycled');
  assert.equal(await tile(page, 'suppressed'), '1');
  assert.equal(await tile(page, 'recycled'), '1');
  const report = await page.locator('.feedback-reports [data-report="outcomes"]').textContent();
  assert.match(report, /5 read, 4 kept, 1 rejected/);
  assert.match(await page.locator('.status-words [data-unmapped]').textContent(), /"Sales Won" \(1\)/);

  // The feedback panel: decisions by reason and the MQL-to-SQL rate.
  await page.getByRole('tab', { name: 'Sales feedback' }).click();
  const fb = want.feedback;
  const rateText = `${Math.round(fb.mql_to_sql.rate * 1000) / 10}%`;
  await page.locator('.fb-rate-value', { hasText: rateText }).waitFor();
  for (const r of fb.by_reason) {
    assert.equal(await page.locator(`.fb-reasons tr[data-reason="${r.reason}"] td.num`).first().textContent(), String(r.leads), r.reason);
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'feedback-panel.png'), fullPage: false });

  // Map the unmapped word ("Sales Won" -> accepted, converted) and apply.
  const select = page.locator('.status-words select[data-word="Sales Won"]');
  await select.selectOption('converted');
  await page.locator('[data-action="apply-words"]').click();
  await page.locator('.status-words p.muted').waitFor();
  const mapped = reference([(ws) => ws.importOutcomes(OUTCOMES, undefined, { 'Sales Won': { outcome: 'accepted', converted: true } })]);
  await page.locator('.fb-rate-value', { hasText: `${Math.round(mapped.feedback.mql_to_sql.rate * 1000) / 10}%` }).waitFor();
  s = await settled(page);
  assert.equal(s.mql, mapped.sum.mql);

  // A newer export with L2's title changed releases it.
  await page.locator('.outcomes-panel details.feedback-paste summary').click();
  await page.locator('.outcomes-panel textarea.feedback-box').fill(NEWER);
  await page.locator('[data-action="paste-update"]').click();
  await page.locator('.feedback-reports [data-report="update"]').waitFor();
  const upd = await page.locator('.feedback-reports [data-report="update"]').textContent();
  assert.match(upd, /1 changed, 0 added, 4 unchanged/);
  assert.match(upd, /L2: title "Intern" → "VP Marketing"/);
  s = await settled(page);
  const released = reference([
    (ws) => ws.importOutcomes(OUTCOMES, undefined, { 'Sales Won': { outcome: 'accepted', converted: true } }),
    (ws) => ws.updateLeads(NEWER),
  ]);
  assert.equal(released.sum.suppressed, 0);
  assert.deepEqual([s.mql, s.suppressed, s.recycled], [released.sum.mql, 0, 1]);
  assert.equal(await tile(page, 'suppressed'), '0');

  // The explanation of the released lead names the change and what is next.
  await page.getByRole('tab', { name: 'Leads and scores' }).click();
  await page.locator('.search').fill('L2');
  await page.locator('.grid-row:not(.grid-head)', { hasText: 'bob@beta.example' }).first().click();
  await page.locator('.ex-sales .released').waitFor();
  assert.match(await page.locator('.ex-sales .released').textContent(), /title was "Intern", now "VP Marketing"/);
  assert.match(await page.locator('.ex-sales .next-step').textContent(), /^Next: released/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'feedback-explain.png') });
  await page.keyboard.press('Escape');

  // Recycled in the status filter and the table colours.
  await page.locator('.search').fill('');
  await page.locator('.chip', { hasText: 'Recycled' }).click();
  await page.locator('.grid-row .badge-recycled').first().waitFor();
  assert.equal(await page.locator('.grid-row .badge-recycled').first().textContent(), 'Recycled');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'feedback-table.png') });
  assert.deepEqual(requestsOutside(seen, [new URL(server.url).origin]), [], 'no request leaves the origin');
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(seen.console, [], 'no console error');
  assert.deepEqual(seen.pageErrors, []);
  await context.close();
});
