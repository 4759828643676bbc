// What a new user does with the page, in headless Chromium (Debian's), each
// step checked against the same pkg/ run here in Node: open it and see the
// sample scored; upload a lead table and an activity log through the file
// inputs; change a column mapping; drag the threshold; change a rule's
// points; add a rule; filter and search the table; open a lead's
// explanation; export the scored CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Workspace, sampleData } from '../../pkg/leadscore.js';
import { SCREENSHOTS, initEngine, start, stop, openPage, requestsOutside } from './harness.mjs';

const TIMEOUT = { timeout: 120_000 };
const STATUS_BIT = { nurture: 1, mql: 2, disqualified: 4 };

initEngine();

let server;
let browser;
let tmp;

before(async () => {
  ({ server, browser, tmp } = await start('leadscore-ui-'));
});

after(() => stop({ server, browser, tmp }));

// ------------------------------------------------------------- helpers --

function open(options) {
  return openPage(browser, server, options);
}

/** Waits until the element has nothing left to do; returns its summary. */
function settled(page) {
  return page.evaluate(() => document.querySelector('lead-scoring-sandbox').summary());
}

function model(page) {
  return page.evaluate(() => document.querySelector('lead-scoring-sandbox').getModel());
}

async function tile(page, key) {
  const text = await page.locator(`[data-count="${key}"] .count-value`).textContent();
  return Number(text.replace(/,/g, ''));
}

async function tileDelta(page, key) {
  return (await page.locator(`[data-count="${key}"] .count-delta`).textContent()).trim();
}

async function assertCounts(page, expected, what) {
  for (const key of ['leads', 'mql', 'nurture', 'disqualified', 'instant']) {
    assert.equal(await tile(page, key), expected[key], `${what}: ${key}`);
  }
}

async function tableCount(page) {
  const text = await page.locator('.table-count').textContent();
  return Number(text.replace(/[^0-9]/g, ''));
}

/** Text of the visible body rows, in order, as [name, score] pairs. */
async function visibleRows(page) {
  return page.locator('.grid-body-row:not(.loading)').evaluateAll((rows) => rows
    .map((r) => ({ pos: Number(r.dataset.pos), id: r.dataset.id, name: r.querySelector('.c-lead .main').textContent, score: Number(r.querySelector('.c-score').textContent) }))
    .sort((a, b) => a.pos - b.pos));
}

function fmt(n) {
  return new Intl.NumberFormat('en-US').format(n);
}

// ---------------------------------------------------------------- data --

const LEADS_CSV = [
  'Record ID,First Name,Last Name,Email,Job Title,Number of Employees,Industry,Firm,Pageviews',
  'H-1,Ana,Lopez,ana@acme.example,VP Marketing,1200,Software,Acme Corp,12',
  'H-2,Bo,Chen,bo@tiny.example,Intern,12,Retail,Tiny LLC,1',
  'H-3,Cleo,Park,cleo@north.example,Chief Revenue Officer,800,Healthcare,Northwind,30',
  'H-4,Dev,Shah,dev@south.example,Engineer,not-a-number,Software,Southwind,4',
  'H-5,Eva,Berg,eva@east.example,Director of Sales,300,Manufacturing,Eastwind,N/A',
  'H-6,Finn,Olsen,finn@west.example,Head of Growth,Select,Financial Services,Westwind,7',
  'H-1,Dup,Licate,dup@acme.example,CEO,5000,Software,Acme Corp,2',
].join('\n');

const ACTIVITIES_CSV = [
  'lead_id,timestamp,type,detail',
  'H-1,2026-11-02T10:00:00Z,page_view,/pricing',
  'H-1,2026-11-03T10:00:00Z,content_download,case-study-acme',
  'H-3,2026-11-05T09:00:00Z,demo_request,Demo form',
  'H-5,2026-11-06T09:00:00Z,page_view,/pricing',
  'H-5,2026-11-07T09:00:00Z,content_download,case-study-beta',
  'H-5,2026-11-08T09:00:00Z,email_open,Newsletter',
  'H-5,2026-11-09T09:00:00Z,email_open,Newsletter',
  'H-5,2026-11-10T09:00:00Z,email_open,Newsletter',
  'H-6,2026-11-11T09:00:00Z,visit,/',
  'H-6,2026-11-12T09:00:00Z,visit,/docs',
  'H-6,2026-11-13T09:00:00Z,visit,/blog',
  'H-2,2026-11-14T09:00:00Z,unsubscribe,',
  'H-9,2026-11-14T09:00:00Z,visit,/',
  'H-2,yesterday,visit,/',
].join('\n');

// ---------------------------------------------------------------- tests --

test('a new user: sample, own files, mapping, threshold, points, rules, table, explanation, export', TIMEOUT, async () => {
  const { context, page, seen } = await open();
  try {
    // 1. The sample, scored at once, as the engine scores it here.
    const sample = sampleData(3000, 7);
    const ref = new Workspace();
    ref.importLeads(sample.leads);
    ref.importActivities(sample.activities);
    const sampleSummary = ref.score(sample.as_of);
    const first = await settled(page);
    assert.equal(first.as_of, sample.as_of);
    await assertCounts(page, sampleSummary, 'sample');
    assert.equal(await tableCount(page), 3000);
    const top = ref.rows(ref.order('score', true, 0, '').subarray(0, 5));
    const shown = await visibleRows(page);
    assert.deepEqual(shown.slice(0, 5).map((r) => [r.id, r.score]), top.map((r) => [r.id, r.score]), 'table sorted by score');
    assert.ok(await page.locator('.grid-body-row').count() < 80, 'only the visible rows exist');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-first-load.png') });

    // 2. Two CSV files through the file inputs.
    const leadsFile = path.join(tmp, 'crm-leads.csv');
    const activitiesFile = path.join(tmp, 'activity-log.csv');
    writeFileSync(leadsFile, LEADS_CSV);
    writeFileSync(activitiesFile, ACTIVITIES_CSV);
    await page.setInputFiles('input[type="file"][data-kind="leads"]', leadsFile);
    await page.locator('.report-table tr[data-kind="leads"] .file-name', { hasText: 'crm-leads.csv' }).waitFor();
    await page.setInputFiles('input[type="file"][data-kind="activities"]', activitiesFile);
    await page.locator('.report-table tr[data-kind="activities"] .file-name', { hasText: 'activity-log.csv' }).waitFor();
    const afterFiles = await settled(page);

    const ws = new Workspace();
    const leadsReport = ws.importLeads(LEADS_CSV);
    const actReport = ws.importActivities(ACTIVITIES_CSV);
    const expectedFiles = ws.score(afterFiles.as_of);
    assert.notEqual(afterFiles.as_of, sample.as_of, 'own leads are scored as of now');
    await assertCounts(page, expectedFiles, 'after the two files');

    for (const [kind, report] of [['leads', leadsReport], ['activities', actReport]]) {
      const row = page.locator(`.report-table tr[data-kind="${kind}"]`);
      for (const stat of ['read', 'kept', 'rejected']) {
        assert.equal(await row.locator(`[data-stat="${stat}"]`).textContent(), fmt(report[stat]), `${kind} ${stat}`);
      }
    }
    assert.ok(leadsReport.rejected >= 2 && actReport.rejected >= 1, 'the test files have bad rows');
    const leadErrors = await page.locator('.errors[data-kind="leads"] li').allTextContents();
    for (const e of leadsReport.errors) {
      assert.ok(leadErrors.some((t) => t.includes(`line ${e.line}`) && t.includes(e.message)), `lead error line ${e.line} shown`);
    }
    const actErrors = await page.locator('.errors[data-kind="activities"] li').allTextContents();
    for (const e of actReport.errors) {
      assert.ok(actErrors.some((t) => t.includes(`line ${e.line}`)), `activity error line ${e.line} shown`);
    }
    assert.equal(actReport.unmatched_activities, 1);
    assert.equal(await page.locator('.unmatched-count').textContent(), '1 activity');
    await page.locator('.unmatched button', { hasText: 'Show them' }).click();
    const unmatched = ws.unmatchedActivities();
    await page.locator('.unmatched-list li').first().waitFor();
    assert.deepEqual(await page.locator('.unmatched-list li').allTextContents(),
      unmatched.map((u) => `line ${u.line}: ${u.lead_id}`));

    // 3. The mapping panel: what each column was read as, placeholders, and a change.
    await page.locator('details.mapping > summary').click();
    const selects = page.locator('select.map-select');
    assert.equal(await selects.count(), leadsReport.columns.length);
    for (const c of leadsReport.columns) {
      const sel = page.locator(`select.map-select[data-header="${c.header}"]`);
      assert.equal(await sel.inputValue(), c.field ?? '', `column ${c.header}`);
    }
    const placeholders = await page.locator('.placeholders').textContent();
    for (const p of leadsReport.placeholders) assert.ok(placeholders.includes(p.value), `placeholder ${p.value} shown`);
    assert.equal(
      leadsReport.columns.find((c) => c.header === 'Firm').field, null,
      '"Firm" is not a known header: it starts as a custom field');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-mapping.png') });

    await page.selectOption('select.map-select[data-header="Firm"]', 'company');
    await page.locator('select.map-select[data-header="Firm"]:not([disabled])').waitFor();
    await page.waitForFunction(() => {
      const root = document.querySelector('lead-scoring-sandbox').shadowRoot;
      return root.querySelector('tr[data-source="override"]') !== null;
    });
    const afterRemap = await settled(page);
    const remapReport = ws.remapLeads({ Firm: 'company' });
    assert.equal(remapReport.columns.find((c) => c.header === 'Firm').source, 'override');
    const expectedRemap = ws.score(afterRemap.as_of);
    await assertCounts(page, expectedRemap, 'after the mapping change');
    const companies = await page.locator('.grid-body-row .c-company .main').allTextContents();
    assert.ok(companies.includes('Acme Corp'), 'company comes from the remapped column');

    // 4. The threshold slider (fill moves a range input like a drag would).
    await page.locator('.threshold-range').fill('20');
    await page.waitForFunction(() => document.querySelector('lead-scoring-sandbox').shadowRoot
      .querySelector('.threshold-number').value === '20');
    const afterThreshold = await settled(page);
    assert.equal(afterThreshold.threshold, 20);
    const m20 = JSON.parse(ws.model());
    m20.threshold = 20;
    ws.setModel(JSON.stringify(m20));
    const expected20 = ws.score(afterRemap.as_of);
    await assertCounts(page, expected20, 'threshold 20');
    const d = expected20.mql - expectedRemap.mql;
    assert.ok(d > 0, 'a lower threshold makes more MQLs');
    assert.equal(await tileDelta(page, 'mql'), `(+${d})`);

    // Keyboard on the slider: one step up.
    await page.locator('.threshold-range').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('lead-scoring-sandbox').shadowRoot
      .querySelector('.threshold-number').value === '21');
    assert.equal((await settled(page)).threshold, 21);

    // 5. A rule's points: the pricing page is worth 40 now.
    const pricing = page.locator('li.rule[data-rule="pricing-page"]');
    await pricing.locator('.points-number').fill('40');
    await page.waitForFunction(() => {
      const el = document.querySelector('lead-scoring-sandbox');
      return el.shadowRoot.querySelector('li.rule[data-rule="pricing-page"] .points-range').value === '40';
    });
    const afterPoints = await settled(page);
    const edited = JSON.parse(await model(page));
    assert.equal(edited.rules.find((r) => r.id === 'pricing-page').points, 40);
    assert.equal(edited.threshold, 21);
    ws.setModel(JSON.stringify(edited));
    await assertCounts(page, ws.score(afterPoints.as_of), 'pricing page 40');

    // 6. Add a rule of another kind: a numeric column, points per unit.
    await page.selectOption('select.add-rule-kind', 'number:per');
    await page.locator('.add-rule button').click();
    const newRule = page.locator('li.rule').last();
    await newRule.locator('.w-field').fill('Pageviews');
    const afterAdd = await settled(page);
    const withRule = JSON.parse(await model(page));
    const added = withRule.rules[withRule.rules.length - 1];
    assert.equal(added.when.kind, 'number');
    assert.equal(added.when.field, 'Pageviews');
    ws.setModel(JSON.stringify(withRule));
    await assertCounts(page, ws.score(afterAdd.as_of), 'with a number rule');
    // ...and an invalid edit is named, not applied.
    await newRule.locator('input[aria-label="Units per point step"]').fill('0');
    await page.locator('li.rule.invalid .rule-error').waitFor();
    assert.match(await page.locator('.model-error').textContent(), /rules\[11\]\.when\.per/);
    await assertCounts(page, ws.score(afterAdd.as_of), 'an invalid model leaves the counts alone');
    await newRule.locator('.btn-remove').click();
    await page.waitForFunction(() => document.querySelector('lead-scoring-sandbox').shadowRoot.querySelectorAll('li.rule').length === 11);
    const afterRemove = await settled(page);
    assert.equal(JSON.parse(await model(page)).rules.length, 11);
    assert.equal(await page.locator('.model-error').isHidden(), true);
    ws.setModel(JSON.stringify(edited));
    const current = ws.score(afterRemove.as_of);
    await assertCounts(page, current, 'rule removed');

    // 7. Filter and search the table, sort by name.
    await page.locator('.chip', { hasText: /^MQL$/ }).click();
    await page.waitForFunction((n) => document.querySelector('lead-scoring-sandbox').shadowRoot
      .querySelector('.table-count').textContent.startsWith(`${n} `), current.mql);
    assert.equal(await tableCount(page), current.mql);
    await page.locator('.chip', { hasText: /^All$/ }).click();
    await page.locator('input.search').fill('wind');
    const wanted = ws.order('score', true, 0, 'wind').length;
    await page.waitForFunction((n) => document.querySelector('lead-scoring-sandbox').shadowRoot
      .querySelector('.table-count').textContent.startsWith(`${n} `), wanted);
    await page.locator('button.sort[data-sort="name"]').click();
    await page.waitForFunction(() => document.querySelector('lead-scoring-sandbox').shadowRoot
      .querySelector('[role="columnheader"][aria-sort="ascending"] button[data-sort="name"]') !== null);
    await settled(page);
    const byName = ws.rows(ws.order('name', false, 0, 'wind')).map((r) => r.name);
    await page.waitForFunction((names) => {
      const rows = [...document.querySelector('lead-scoring-sandbox').shadowRoot.querySelectorAll('.grid-body-row:not(.loading)')]
        .sort((a, b) => a.dataset.pos - b.dataset.pos).map((r) => r.querySelector('.c-lead .main').textContent);
      return JSON.stringify(rows) === JSON.stringify(names);
    }, byName);
    await page.locator('input.search').fill('');
    await page.waitForFunction(() => document.querySelector('lead-scoring-sandbox').shadowRoot
      .querySelector('.table-count').textContent.startsWith('5 '));

    // 8. A lead's explanation, opened by a click.
    const why = ws.explain('H-5');
    await page.locator('.grid-body-row[data-id="H-5"]').click();
    const dialog = page.locator('dialog.explain-dialog');
    await dialog.locator('.ex-name').waitFor();
    assert.equal(await dialog.locator('.ex-name').textContent(), why.name);
    assert.equal(await dialog.locator('.ex-score-value').textContent(), String(why.score));
    const labels = await dialog.locator('.contrib .rule-label').allTextContents();
    assert.deepEqual(labels, why.contributions.map((c) => c.label));
    const pts = await dialog.locator('.contrib .pts').allTextContents();
    assert.deepEqual(pts.map((p) => Number(p.replace('\u2212', '-'))), why.contributions.map((c) => c.points));
    assert.ok(why.crossed_at, 'H-5 crossed');
    assert.ok((await dialog.locator('.callout-mql').textContent()).includes(why.crossed_at.slice(0, 10)));
    assert.equal(await dialog.locator('svg.timeline .score-line').count(), 1);
    assert.equal(await dialog.locator('svg.timeline .threshold line').count(), 1);
    assert.equal(await dialog.locator('svg.timeline circle').count(), why.timeline.length);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-explanation.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // ...and by the keyboard: the grid has focus, Enter opens the active row.
    await page.locator('.viewport').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await dialog.locator('.ex-name').waitFor();
    const secondId = ws.rows(ws.order('name', false, 0, '').subarray(1, 2))[0];
    assert.equal(await dialog.locator('.ex-name').textContent(), secondId.name);
    await page.keyboard.press('Escape');

    // 9. Export the scored CSV: made in the page, the engine's own bytes.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.table-tools button', { hasText: 'Export CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const file = path.join(tmp, 'scored.csv');
    await download.saveAs(file);
    assert.equal(readFileSync(file, 'utf8'), ws.scoredCsv());

    assert.deepEqual(requestsOutside(seen, [new URL(server.url).origin]), [], 'no request leaves the origin');
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
    assert.deepEqual(seen.console, [], 'no console error');
    assert.deepEqual(seen.pageErrors, [], 'no uncaught error');
  } finally {
    await context.close();
  }
});

test('files dropped on the data section are told apart by their headers', TIMEOUT, async () => {
  const { context, page } = await open();
  try {
    // Both files in one drop, activity log first: the page imports the leads first.
    await page.evaluate(async ([leads, acts]) => {
      const root = document.querySelector('lead-scoring-sandbox').shadowRoot;
      const dt = new DataTransfer();
      dt.items.add(new File([acts], 'log.csv', { type: 'text/csv' }));
      dt.items.add(new File([leads], 'people.csv', { type: 'text/csv' }));
      const target = root.querySelector('.importer');
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [LEADS_CSV, ACTIVITIES_CSV]);
    await page.locator('.report-table tr[data-kind="activities"] .file-name', { hasText: 'log.csv' }).waitFor();
    await page.locator('.report-table tr[data-kind="leads"] .file-name', { hasText: 'people.csv' }).waitFor();
    const summary = await settled(page);
    const ws = new Workspace();
    ws.importLeads(LEADS_CSV);
    ws.importActivities(ACTIVITIES_CSV);
    await assertCounts(page, ws.score(summary.as_of), 'dropped files');

    // Pasted JSON leads replace them.
    const json = JSON.stringify([
      { id: 'J-1', name: 'Jo Json', title: 'CMO', company_size: 400, industry: 'Software', activities: [{ timestamp: '2026-11-01T00:00:00Z', type: 'demo_request', detail: '' }] },
      { id: 'J-2', name: 'Kai Json', title: 'Analyst', company_size: 20, industry: 'Retail' },
    ]);
    await page.locator('details.paste > summary').click();
    await page.locator('textarea.paste-box').fill(json);
    await page.locator('details.paste button', { hasText: 'Import pasted text' }).click();
    await page.locator('.report-table tr[data-kind="leads"] .file-name', { hasText: 'pasted leads' }).waitFor();
    const after = await settled(page);
    ws.importLeads(json);
    await assertCounts(page, ws.score(after.as_of), 'pasted JSON');

    // A file the engine cannot read as leads (no id or email column): the
    // page shows its headers with a field to choose for each, and retries.
    const odd = 'Who,Mail Addr,Role,Staff\nAna,ana@a.example,CMO,900\nBo,bo@b.example,Intern,4\n';
    const oddFile = path.join(tmp, 'odd.csv');
    writeFileSync(oddFile, odd);
    await page.setInputFiles('input[type="file"][data-kind="leads"]', oddFile);
    const retry = page.locator('.retry');
    await retry.waitFor();
    assert.match(await retry.textContent(), /odd\.csv was not imported/);
    assert.equal(await page.locator('.error-banner').isVisible(), true);
    await retry.locator('select[data-header="Mail Addr"]').selectOption('email');
    await retry.locator('select[data-header="Staff"]').selectOption('company_size');
    await retry.locator('button', { hasText: 'Import with this mapping' }).click();
    await page.locator('.report-table tr[data-kind="leads"] .file-name', { hasText: 'odd.csv' }).waitFor();
    assert.equal(await retry.isHidden(), true);
    const afterOdd = await settled(page);
    const oddReport = ws.importLeads(odd, { 'Mail Addr': 'email', Staff: 'company_size' });
    assert.equal(oddReport.kept, 2);
    await assertCounts(page, ws.score(afterOdd.as_of), 'mapped by hand');
  } finally {
    await context.close();
  }
});

test('100k leads: virtual table, and a threshold move does not freeze the page', { timeout: 300_000 }, async () => {
  const { context, page, seen } = await open();
  try {
    const big = sampleData(100000, 9);
    const ws = new Workspace();
    ws.importLeads(big.leads);
    const expected = ws.score(big.as_of);
    // The element's API: import the big table (no activities), score as of its date.
    await page.evaluate(async ([leads, asOf]) => {
      const el = document.querySelector('lead-scoring-sandbox');
      await el.setAsOf(asOf);
      await el.importLeads(leads);
    }, [big.leads, big.as_of]);
    // The sample's activities went with the sample's leads.
    await assertCounts(page, expected, '100k leads');
    assert.equal(await tableCount(page), 100000);
    assert.ok(await page.locator('.grid-body-row').count() < 80, 'only visible rows in the DOM');

    // Scroll to the very end: the last row is the engine's last.
    await page.locator('.viewport').evaluate((v) => { v.scrollTop = v.scrollHeight; });
    const last = ws.rows(ws.order('score', true, 0, '').subarray(99999))[0];
    await page.locator(`.grid-body-row[data-pos="99999"][data-id="${last.id}"]`).waitFor();

    // Move the threshold; the main thread keeps answering while it re-scores.
    const lag = await page.evaluate(async () => {
      const el = document.querySelector('lead-scoring-sandbox');
      const range = el.shadowRoot.querySelector('.threshold-range');
      let worst = 0;
      let last = performance.now();
      let on = true;
      const tick = () => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
        if (on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      for (let v = 40; v <= 60; v++) {
        range.value = String(v);
        range.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 5));
      }
      await el.summary();
      on = false;
      return worst;
    });
    const m = JSON.parse(ws.model());
    m.threshold = 60;
    ws.setModel(JSON.stringify(m));
    await assertCounts(page, ws.score(big.as_of), 'threshold 60 on 100k');
    assert.ok(lag < 250, `longest main-thread frame gap while re-scoring: ${lag.toFixed(0)} ms`);
    assert.deepEqual(seen.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('an activity log read wrongly is fixed in the mapping panel', TIMEOUT, async () => {
  const { context, page, seen } = await open();
  try {
    const leads = 'id,email,title,company_size\nA-1,ana@a.example,CMO,900\nB-2,bo@b.example,Intern,4\n';
    // "Activity" holds a description and "Event" the type; both names mean
    // "type" to the importer, and the first one wins: the wrong one.
    const acts = 'Email,Date,Activity,Event\nana@a.example,2026-11-10,Asked for a demo,demo_request\nbo@b.example,2026-11-11,Read the pricing page,page_view\n';
    writeFileSync(path.join(tmp, 'people.csv'), leads);
    writeFileSync(path.join(tmp, 'log.csv'), acts);
    await page.setInputFiles('input[type="file"][data-kind="leads"]', path.join(tmp, 'people.csv'));
    await page.locator('.report-table tr[data-kind="leads"] .file-name', { hasText: 'people.csv' }).waitFor();
    await page.setInputFiles('input[type="file"][data-kind="activities"]', path.join(tmp, 'log.csv'));
    await page.locator('.report-table tr[data-kind="activities"] .file-name', { hasText: 'log.csv' }).waitFor();
    const before = await settled(page);
    const ws = new Workspace();
    ws.importLeads(leads);
    ws.importActivities(acts);
    const wrong = ws.score(before.as_of);
    assert.equal(wrong.mql, 0, 'read wrongly, the demo request is not seen');
    await assertCounts(page, wrong, 'activities read wrongly');

    await page.locator('summary', { hasText: 'Column mapping' }).click();
    const table = page.locator('table.activity-mapping');
    assert.equal(await table.locator('select[data-header="Activity"]').inputValue(), 'type');
    assert.equal(await table.locator('select[data-header="Event"]').inputValue(), '');
    await table.locator('select[data-header="Event"]').selectOption('type');
    await table.locator('select[data-header="Event"]:not([disabled])').waitFor();
    await table.locator('select[data-header="Activity"]').selectOption('detail');
    await page.waitForFunction(() => {
      const t = document.querySelector('lead-scoring-sandbox').shadowRoot.querySelector('table.activity-mapping');
      return t && t.querySelector('select[data-header="Activity"]').value === 'detail' && !t.querySelector('select[disabled]');
    });
    const after = await settled(page);
    ws.remapActivities({ Event: 'type', Activity: 'detail' });
    const right = ws.score(after.as_of);
    assert.equal(right.mql, 1, 'the demo request now qualifies Ana');
    assert.equal(ws.activityCount, 2, 'the file was read again, not added');
    await assertCounts(page, right, 'activities remapped');
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ui-activity-mapping.png') });
    assert.deepEqual(requestsOutside(seen, [new URL(server.url).origin]), [], 'no request leaves the origin');
    assert.deepEqual(seen.console, [], 'no console error');
    assert.deepEqual(seen.pageErrors, []);
  } finally {
    await context.close();
  }
});
