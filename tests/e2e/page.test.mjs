// The page and its custom element in headless Chromium (Debian's, never a
// downloaded one): it loads under its CSP and makes no request outside its
// origin; it shows what the same pkg/ computes here in Node; lead data is
// rendered as text; the element's attributes, methods and events keep their
// contract; the model travels by file, link and localStorage (never a lead);
// a cancelled import gives back the last good state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CSP } from '../../.ci/server.mjs';
import { Workspace, sampleData, presetModel } from '../../pkg/leadscore.js';
import { SCREENSHOTS, initEngine, start, stop, openPage, assertClean as assertCleanIn } from './harness.mjs';

const TIMEOUT = { timeout: 120_000 };

initEngine();

const SAMPLE = sampleData(3000, 7);

let server;
let browser;
let tmp;

before(async () => {
  ({ server, browser, tmp } = await start('leadscore-page-'));
});

after(() => stop({ server, browser, tmp }));

/** Records the element's events (before the page's own scripts run). */
function recordEvents() {
  window.__events = [];
  for (const type of ['ready', 'scored', 'mqlchange', 'error']) {
    document.addEventListener(type, (e) => {
      if (e.target?.localName === 'lead-scoring-sandbox') window.__events.push({ type, detail: e.detail });
    });
  }
}

/** Opens the page with every request, console message, dialog and CSP report recorded. */
function open(options = {}) {
  return openPage(browser, server, { ...options, dialogs: 'list', init: [recordEvents], csp: CSP });
}

/** Calls a method of the page's <lead-scoring-sandbox> (no eval: the page's CSP forbids it). */
function call(page, method, ...args) {
  return page.evaluate(([m, a]) => document.querySelector('lead-scoring-sandbox')[m](...a), [method, args]);
}

async function tile(page, key) {
  return Number((await page.locator(`[data-count="${key}"] .count-value`).textContent()).replace(/,/g, ''));
}

async function assertCounts(page, expected, what) {
  for (const key of ['leads', 'mql', 'nurture', 'disqualified', 'instant']) {
    assert.equal(await tile(page, key), expected[key], `${what}: ${key}`);
  }
}

function assertClean(page, seen) {
  return assertCleanIn(page, seen, [new URL(server.url).origin]);
}

function sampleWorkspace() {
  const ws = new Workspace();
  const leads = ws.importLeads(SAMPLE.leads);
  const activities = ws.importActivities(SAMPLE.activities);
  return { ws, leads, activities, summary: ws.score(SAMPLE.as_of) };
}

test('the page scores the bundled sample like the engine does in Node', TIMEOUT, async () => {
  const { ws, leads, activities, summary } = sampleWorkspace();
  assert.equal(summary.leads, 3000);
  const { context, page, seen } = await open();
  try {
    await assertCounts(page, summary, 'sample');
    const asOfLine = await page.locator('.asof-line').textContent();
    assert.ok(asOfLine.includes('2026-11-20 12:00 UTC'), asOfLine);
    for (const [kind, report] of [['leads', leads], ['activities', activities]]) {
      for (const stat of ['read', 'kept', 'rejected']) {
        const text = await page.locator(`.report-table tr[data-kind="${kind}"] [data-stat="${stat}"]`).textContent();
        assert.equal(Number(text.replace(/,/g, '')), report[stat], `${kind} ${stat}`);
      }
    }
    // The histogram: one bar group per non-empty bin, the threshold line at 50.
    const scores = ws.scores();
    const bars = await page.locator('svg.histogram .bars g').count();
    assert.ok(bars > 10, `${bars} bars`);
    const label = await page.locator('svg.histogram .threshold-label').textContent();
    assert.equal(label, 'Threshold 50');
    const total = await page.locator('svg.histogram .bars title').evaluateAll((ts) => ts
      .map((t) => Number(/: ([\d,]+) leads/.exec(t.textContent)[1].replace(/,/g, ''))).reduce((a, b) => a + b, 0));
    assert.equal(total, scores.length, 'every lead is in one bin');
    // Each bar as the engine's own scores and statuses give it: the leads
    // whose score lies in the bar's range, by status (the worker bins them).
    const statuses = ws.statuses();
    const names = ['nurture', 'mql', 'disqualified', 'suppressed', 'recycled'];
    const titles = await page.locator('svg.histogram .bars title').allTextContents();
    for (const title of titles) {
      const [, from, to] = /^Score (-?\d+)(?: to (-?\d+))?:/.exec(title);
      const lo = Number(from);
      const hi = to === undefined ? lo : Number(to);
      const want = new Map();
      let n = 0;
      for (let i = 0; i < scores.length; i++) {
        if (scores[i] < lo || scores[i] > hi) continue;
        n += 1;
        want.set(names[statuses[i]], (want.get(names[statuses[i]]) ?? 0) + 1);
      }
      const parts = /\((.*)\)$/.exec(title)[1].split(', ').map((p) => p.split(' '));
      const got = new Map(parts.map(([c, name]) => [name, Number(c.replace(/,/g, ''))]));
      assert.deepEqual(got, want, title);
      assert.ok(title.includes(`: ${n.toLocaleString('en-US')} leads`), title);
    }
    const histLabel = await page.locator('svg.histogram').getAttribute('aria-label');
    assert.equal(histLabel, `Score histogram of ${scores.length.toLocaleString('en-US')} leads, threshold 50, ${summary.mql.toLocaleString('en-US')} MQL`);
    // The mqls() list is the engine's, crossing times included.
    const mqls = await call(page, 'mqls');
    const idx = ws.order('score', true, 2, '');
    const expected = ws.rows(idx).map((r) => ({ id: r.id, name: r.name, company: r.company, score: r.score, crossed_at: r.crossed_at }));
    assert.equal(mqls.length, summary.mql);
    assert.deepEqual(mqls, expected);
    // The first scoring announced itself.
    const events = await page.evaluate(() => window.__events.map((e) => e.type));
    assert.ok(events.includes('ready') && events.includes('scored'), events.join());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-first-load.png') });

    // The top lead's explanation, as the engine explains it.
    const topLead = ws.rows(ws.order('score', true, 0, '').subarray(0, 1))[0];
    const why = ws.explain(topLead.id);
    await page.locator(`.grid-body-row[data-id="${topLead.id}"]`).click();
    const dialog = page.locator('dialog.explain-dialog');
    await dialog.locator('.ex-name').waitFor();
    assert.equal(await dialog.locator('.ex-score-value').textContent(), String(why.score));
    assert.equal(await dialog.locator('.contrib tbody tr').count(), why.contributions.length);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-explanation.png') });
    await page.keyboard.press('Escape');
    await page.locator('details.mapping > summary').click();
    await page.locator('.mapping-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-mapping.png') });
    await assertClean(page, seen);
  } finally {
    await context.close();
  }
});

test('lead fields render as text, never as markup', TIMEOUT, async () => {
  const evil = '<img src=x onerror=alert(1)>';
  const leadsCsv = [
    'id,name,email,title,company,company_size,industry,note',
    `X1,"${evil}",x1@x.example,"<b>VP</b> Sales","<script>alert(2)</script>",1000,Software,"<iframe src=javascript:alert(3)>"`,
    'X2,Plain Person,x2@y.example,CEO,"=HYPERLINK(""http://evil.example"")",300,Healthcare,',
  ].join('\n');
  const activitiesCsv = 'lead_id,timestamp,type,detail\nX1,2026-11-01T00:00:00Z,page_view,"/pricing<svg onload=alert(4)>"\n';
  const { context, page, seen } = await open();
  try {
    await call(page, 'setAsOf', '2026-11-20T12:00:00Z');
    await call(page, 'importLeads', leadsCsv);
    await call(page, 'importActivities', activitiesCsv);
    const name = page.locator('.grid-body-row[data-id="X1"] .c-lead .main');
    assert.equal(await name.textContent(), evil);
    assert.equal(await page.locator('.grid-body-row[data-id="X1"] .c-company .main').textContent(), '<script>alert(2)</script>');
    await page.locator('.grid-body-row[data-id="X1"]').click();
    const dialog = page.locator('dialog.explain-dialog');
    await dialog.locator('.ex-name').waitFor();
    assert.equal(await dialog.locator('.ex-name').textContent(), evil);
    assert.ok((await dialog.textContent()).includes('/pricing<svg onload=alert(4)>'));
    await dialog.locator('details.ex-section > summary').click();
    assert.ok((await dialog.locator('table.fields').textContent()).includes('<iframe src=javascript:alert(3)>'));
    const injected = await page.evaluate(() => {
      const root = document.querySelector('lead-scoring-sandbox').shadowRoot;
      return root.querySelectorAll('img, script, iframe, b, svg [onload], [onerror]').length;
    });
    assert.equal(injected, 0, 'no element came from lead data');
    await page.waitForTimeout(200);
    assert.deepEqual(seen.dialogs, [], 'nothing ran');
    // The CSV export is the engine's: formula cells neutralised.
    const csv = await call(page, 'scoredCsv');
    assert.ok(csv.includes("'=HYPERLINK"), 'formula neutralised');
    await assertClean(page, seen);
  } finally {
    await context.close();
  }
});

test('the element API: methods, events and attributes keep their contract', TIMEOUT, async () => {
  const { ws, summary } = sampleWorkspace();
  const { context, page, seen } = await open();
  try {
    // getModel: the seed preset, byte for byte.
    assert.equal(await call(page, 'getModel'), presetModel('seed-example'));

    // setModel: a new threshold; scored and mqlchange follow, with the engine's diff.
    const before = new Set(ws.rows(ws.order('score', true, 2, '')).map((r) => r.id));
    const m = JSON.parse(presetModel('seed-example'));
    m.threshold = 40;
    ws.setModel(JSON.stringify(m));
    const s40 = ws.score(SAMPLE.as_of);
    const after = new Set(ws.rows(ws.order('score', true, 2, '')).map((r) => r.id));
    // The first scoring's set (every MQL added) is announced once things settle.
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'mqlchange'));
    const initial = (await page.evaluate(() => window.__events)).find((e) => e.type === 'mqlchange').detail;
    assert.equal(initial.count, summary.mql);
    assert.deepEqual(new Set(initial.added), before);
    assert.deepEqual(initial.removed, []);
    await page.evaluate(() => { window.__events = []; });
    await call(page, 'setModel', JSON.stringify(m));
    assert.deepEqual(await call(page, 'summary'), s40);
    await assertCounts(page, s40, 'threshold 40');
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'mqlchange'));
    const events = await page.evaluate(() => window.__events);
    const scored = events.filter((e) => e.type === 'scored');
    assert.deepEqual(scored[scored.length - 1].detail, s40);
    const change = events.find((e) => e.type === 'mqlchange').detail;
    assert.equal(change.count, s40.mql);
    assert.deepEqual(new Set(change.added), new Set([...after].filter((id) => !before.has(id))));
    assert.deepEqual(change.removed, [...before].filter((id) => !after.has(id)));
    assert.ok(change.added.length > 0);

    // The same model again: scored, but no mqlchange (the set did not change).
    await page.evaluate(() => { window.__events = []; });
    await call(page, 'setModel', JSON.stringify(m));
    await page.waitForTimeout(300);
    assert.deepEqual((await page.evaluate(() => window.__events)).map((e) => e.type).filter((t) => t === 'mqlchange'), []);

    // A bad model: rejected with the path, an error event, the counts unchanged.
    m.rules[3].points = 1.5;
    await page.evaluate(() => { window.__events = []; });
    const err = await page.evaluate((json) => document.querySelector('lead-scoring-sandbox').setModel(json)
      .then(() => 'resolved', (x) => x.message), JSON.stringify(m));
    assert.match(err, /rules\[3\]\.points/);
    const errors = await page.evaluate(() => window.__events.filter((e) => e.type === 'error'));
    assert.ok(errors.length >= 1 && /rules\[3\]\.points/.test(errors[0].detail.message));
    assert.deepEqual(await call(page, 'summary'), s40);

    // setAsOf: a month earlier.
    const earlier = '2026-10-20T12:00:00Z';
    const sEarlier = ws.score(earlier);
    await call(page, 'setAsOf', earlier);
    assert.deepEqual(await call(page, 'summary'), sEarlier);

    // importLeads / importActivities with a mapping: the engine's reports.
    const leads = 'Key,Mail,Role,Staff,Sector\nK1,k1@a.example,CEO,900,Software\nK2,k2@b.example,Intern,3,Retail\n';
    const acts = 'lead_id,timestamp,type,detail\nK2,2026-10-01T00:00:00Z,demo_request,\n';
    const mapping = { Key: 'id', Mail: 'email', Role: 'title', Staff: 'company_size', Sector: 'industry' };
    ws.clearActivities(); // the sample's activity log goes with the sample's leads
    const rl = ws.importLeads(leads, mapping);
    const ra = ws.importActivities(acts);
    const sK = ws.score(earlier);
    const gotL = await call(page, 'importLeads', leads, mapping);
    const gotA = await call(page, 'importActivities', acts);
    assert.deepEqual(gotL, rl);
    assert.deepEqual(gotA, ra);
    assert.deepEqual(await call(page, 'summary'), sK);
    assert.equal(await call(page, 'scoredCsv'), ws.scoredCsv());
    assert.deepEqual((await call(page, 'mqls')).map((r) => r.id), ['K1', 'K2'].filter((id) => ws.explain(id).status === 'mql'));

    // Bytes (UTF-16 with a BOM) are accepted as well.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,email\nU1,u1@x.example\n', 'utf16le')]);
    const r16 = await page.evaluate((bytes) => document.querySelector('lead-scoring-sandbox')
      .importLeads(new Uint8Array(bytes)), [...utf16]);
    assert.equal(r16.encoding, 'utf-16le');
    assert.equal(r16.kept, 1);

    // layout="compact": counts, threshold and histogram only.
    await page.evaluate(() => document.querySelector('lead-scoring-sandbox').setAttribute('layout', 'compact'));
    assert.equal(await page.locator('.table-panel').isVisible(), false);
    assert.equal(await page.locator('.model-panel').isVisible(), false);
    assert.equal(await page.locator('.counts').isVisible(), true);
    assert.equal(await page.locator('.threshold-range').isVisible(), true);
    assert.equal(await page.locator('svg.histogram').isVisible(), true);
    await assertClean(page, seen);
  } finally {
    await context.close();
  }
});

test('attributes: model, sample="false", as-of, layout, model-url; theming', TIMEOUT, async () => {
  const { context, page, seen } = await open();
  try {
    const m = JSON.parse(presetModel('seed-example'));
    m.threshold = 35;
    m.name = 'Attribute model';
    // A second element, built the way a host page would write it.
    const result = await page.evaluate(async (json) => {
      const host = document.createElement('div');
      host.innerHTML = '<lead-scoring-sandbox sample="false" layout="compact" as-of="2026-01-02T03:04:05Z"></lead-scoring-sandbox>';
      const second = host.firstElementChild;
      second.setAttribute('model', json);
      second.id = 'second';
      second.style.setProperty('--ls-accent', 'rgb(200, 0, 100)');
      document.body.append(host);
      await second.ready;
      const summary = await second.summary();
      const mqlTile = second.shadowRoot.querySelector('.tile-mql .count-value');
      return {
        summary,
        model: JSON.parse(await second.getModel()),
        accent: getComputedStyle(mqlTile).color,
        stylesheet: second.shadowRoot.querySelector('link[rel="stylesheet"]').href,
        tableShown: second.shadowRoot.querySelector('.table-panel').getClientRects().length > 0,
      };
    }, JSON.stringify(m));
    assert.equal(result.summary.leads, 0);
    assert.equal(result.summary.as_of, '2026-01-02T03:04:05Z');
    assert.equal(result.summary.threshold, 35);
    assert.equal(result.model.name, 'Attribute model');
    assert.equal(result.accent, 'rgb(200, 0, 100)', 'themable through --ls-accent');
    assert.equal(result.stylesheet, `${server.url}/www/widget.css`);
    assert.equal(result.tableShown, false, 'compact layout');

    // Removed from the page, the element frees its worker; put back, it
    // starts a new one with the same files and model.
    const back = await page.evaluate(async () => {
      const second = document.getElementById('second');
      const parent = second.parentNode;
      second.remove();
      await new Promise((r) => setTimeout(r, 1300));
      parent.append(second);
      return second.summary();
    });
    assert.deepEqual(back, result.summary);

    // model-url: a same-origin model file.
    const viaUrl = await page.evaluate(async () => {
      const third = document.createElement('lead-scoring-sandbox');
      third.setAttribute('model-url', '../src/presets/seed-example.json');
      third.setAttribute('sample', 'false');
      document.body.append(third);
      await third.ready;
      return (await third.summary()).threshold;
    });
    assert.equal(viaUrl, 50);
    await assertClean(page, seen);
  } finally {
    await context.close();
  }
});

test('the model travels by file, share link and localStorage, never with a lead', TIMEOUT, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  try {
    const { page, seen } = await open({ context });
    // Edit: threshold 45 through the number field.
    await page.locator('.threshold-number').fill('45');
    await page.waitForFunction(async () => (await document.querySelector('lead-scoring-sandbox').summary()).threshold === 45);
    const saved = await page.evaluate(() => localStorage.getItem('leadscore.model'));
    assert.equal(JSON.parse(saved).threshold, 45);
    for (const k of await page.evaluate(() => Object.keys(localStorage))) assert.ok(['leadscore.model', 'leadscore.versions'].includes(k), `only models are stored (${k})`);
    // The versions hold models only: live, draft and named.
    const versions = JSON.parse(await page.evaluate(() => localStorage.getItem('leadscore.versions')));
    assert.deepEqual(Object.keys(versions).sort(), ['draft', 'live', 'named']);
    assert.equal(JSON.parse(versions.draft).threshold, 45);

    // Export: the model JSON as a download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button', { hasText: 'Export model' }).click(),
    ]);
    const file = path.join(tmp, 'model.json');
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(exported.threshold, 45);
    assert.equal(exported.rules.length, 11);

    // Share link: #model= and base64url of the JSON, no lead data.
    await page.locator('button', { hasText: 'Share link' }).click();
    const link = await page.locator('input.share-link').inputValue();
    const url = new URL(link);
    assert.equal(url.origin + url.pathname, `${server.url}/www/`);
    assert.match(url.hash, /^#model=[A-Za-z0-9_-]+$/);
    const decoded = JSON.parse(Buffer.from(url.hash.slice('#model='.length), 'base64url').toString('utf8'));
    assert.deepEqual(decoded, exported);
    assert.ok(!link.includes('L-0000'), 'no lead id in the link');

    // Reload: the stored model comes back.
    await page.reload();
    await page.evaluate(() => document.querySelector('lead-scoring-sandbox').ready);
    assert.equal(await page.locator('.threshold-number').inputValue(), '45');

    // Reset: the seed example again.
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.waitForFunction(async () => (await document.querySelector('lead-scoring-sandbox').summary()).threshold === 50);

    // Import a model file.
    exported.threshold = 60;
    exported.rules[0].points = 25;
    const changed = path.join(tmp, 'changed-model.json');
    writeFileSync(changed, JSON.stringify(exported, null, 2));
    await page.setInputFiles('.model-tools input[type="file"]', changed);
    await page.waitForFunction(async () => (await document.querySelector('lead-scoring-sandbox').summary()).threshold === 60);
    assert.equal(await page.locator('li.rule[data-rule="icp-title"] .points-number').inputValue(), '25');
    await assertClean(page, seen);
    await page.close();

    // The link opens the shared model in a fresh browser (no localStorage).
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const opened = await open({ context: fresh, url: `/www/${url.hash}` });
      assert.equal(await opened.page.locator('.threshold-number').inputValue(), '45');
      const { ws } = sampleWorkspace();
      ws.setModel(JSON.stringify(decoded));
      await assertCounts(opened.page, ws.score(SAMPLE.as_of), 'shared model');
      await assertClean(opened.page, opened.seen);
    } finally {
      await fresh.close();
    }
  } finally {
    await context.close();
  }
});

test('cancel during an import restores the last good files and model', TIMEOUT, async () => {
  const { summary } = sampleWorkspace();
  const big = sampleData(60000, 3);
  const { context, page, seen } = await open();
  try {
    const outcome = await page.evaluate(async (leads) => {
      const e = document.querySelector('lead-scoring-sandbox');
      const root = e.shadowRoot;
      const importing = e.importLeads(leads).then(() => 'finished', (err) => err.name);
      // The worker is busy from the moment the call starts; the progress
      // line shows only after 250 ms, and a quiet machine may finish a 60k
      // import sooner, so wait for the engine, not for the display. Its
      // Cancel button stops the import either way.
      const t0 = performance.now();
      while (!e.engine.busy() && performance.now() - t0 < 10_000) {
        await new Promise((r) => setTimeout(r, 2));
      }
      const phase = e.engine.busy()?.phase;
      root.querySelector('.progress button').click();
      return { result: await importing, phase };
    }, big.leads);
    assert.equal(outcome.result, 'Cancelled');
    assert.ok(['reading', 'leads'].includes(outcome.phase), outcome.phase);
    // A new worker: the sample again, scored as before.
    await page.waitForFunction(() => document.querySelector('lead-scoring-sandbox').shadowRoot.querySelector('.progress').hidden);
    const after = await call(page, 'summary');
    assert.deepEqual(after, summary);
    await assertCounts(page, summary, 'restored');
    assert.equal(await page.locator('.table-count').textContent(), '3,000 leads');
    assert.deepEqual(seen.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('375 px wide: one column, nothing wider than the screen', TIMEOUT, async () => {
  const { context, page, seen } = await open({ width: 375, height: 800 });
  try {
    const { summary } = sampleWorkspace();
    await assertCounts(page, summary, 'phone');
    const widths = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      cols: [...document.querySelector('lead-scoring-sandbox').shadowRoot.querySelectorAll('.col-results, .col-setup')]
        .map((c) => c.getBoundingClientRect()),
    }));
    assert.ok(widths.doc <= 375, `page is ${widths.doc}px wide`);
    assert.equal(widths.cols.length, 2);
    assert.ok(widths.cols[1].top >= widths.cols[0].bottom, 'the columns stack');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-375.png'), fullPage: false });
    await page.locator('.table-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-375-table.png'), fullPage: false });
    await page.locator('.grid-body-row').first().click();
    await page.locator('dialog.explain-dialog .ex-name').waitFor();
    const dialogBox = await page.locator('dialog.explain-dialog').boundingBox();
    assert.ok(dialogBox.width <= 375, `explanation is ${dialogBox.width}px wide`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'page-375-explanation.png'), fullPage: false });
    await assertClean(page, seen);
  } finally {
    await context.close();
  }
});
