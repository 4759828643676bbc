// Model versions and the Compare view (issue 10) in headless Chromium: edit
// a draft (the live model stays stored as it was), open Compare, and the
// numbers on screen (counts, transitions, changed count, AUCs) equal
// `compare()` run here in Node on the same sample and models; a row opens
// both explanations; "make live" switches; versions survive a reload; the
// old single-model key is migrated. Also times opening Compare at 100k
// leads (printed; the bar checked is that the main thread stays free).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Workspace, sampleData } from '../../pkg/leadscore.js';
import { SCREENSHOTS, initEngine, start, stop, openPage, assertClean } from './harness.mjs';

initEngine();

let server;
let browser;
let tmp;

before(async () => {
  ({ server, browser, tmp } = await start('leadscore-compare-'));
});

after(() => stop({ server, browser, tmp }));

const el = (page, f, arg) => page.evaluate(([src, a]) => {
  const x = document.querySelector('lead-scoring-sandbox');
  return new Function('el', 'arg', `return (${src})(el, arg);`)(x, a);
}, [f.toString(), arg]);

const num = (t) => Number(String(t).replace(/[,+\s]/g, '').replace('\u2212', '-'));

async function versions(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('leadscore.versions')));
}

async function runCompare(page) {
  const root = page.locator('lead-scoring-sandbox');
  await root.locator('.view-tab[data-tab="compare"]').click();
  await root.locator('.cmp-select-a').selectOption('live');
  await root.locator('.cmp-select-b').selectOption('draft');
  const t0 = Date.now();
  await root.locator('.cmp-run').click();
  await root.locator('.cmp-changed-line[data-changed]').waitFor();
  await page.waitForFunction(() => !document.querySelector('lead-scoring-sandbox').shadowRoot.querySelector('.cmp-run').disabled);
  return Date.now() - t0;
}

async function screenNumbers(page) {
  return page.evaluate(() => {
    const root = document.querySelector('lead-scoring-sandbox').shadowRoot;
    const n = (t) => Number(t.replace(/[,+\s]/g, '').replace('\u2212', '-'));
    const counts = {};
    for (const tr of root.querySelectorAll('.cmp-counts tr[data-cmp-count]')) {
      counts[tr.dataset.cmpCount] = ['a', 'b', 'diff'].map((s) => n(tr.querySelector(`[data-side="${s}"]`).textContent));
    }
    const transitions = [...root.querySelectorAll('.cmp-matrix td[data-from]')]
      .map((td) => ({ from: td.dataset.from, to: td.dataset.to, count: n(td.textContent) })).filter((t) => t.count > 0);
    return {
      counts,
      transitions,
      changed: Number(root.querySelector('.cmp-changed-line').dataset.changed),
      aucA: root.querySelector('.cmp-auc-a')?.textContent,
      aucB: root.querySelector('.cmp-auc-b')?.textContent,
      rows: root.querySelectorAll('.cmp-spacer .cmp-row').length,
    };
  });
}

test('edit a draft, compare it with live, the numbers equal compare() in Node, make live, reload', { timeout: 180_000 }, async () => {
  const { context, page, seen } = await openPage(browser, server, { width: 1280, height: 900 });
  try {
    const summary = await el(page, (x) => x.summary());
    const live = await el(page, (x) => x.getModel());
    const root = page.locator('lead-scoring-sandbox');
    // The first visit: live and draft are the same model.
    assert.equal((await versions(page)).live, live);
    assert.equal(await root.locator('.version-line').getAttribute('data-dirty'), 'false');

    // Edit: the threshold moves in the editor; the draft takes it, live does not.
    await root.locator('.threshold-range').fill('30');
    await page.waitForFunction(async () => (await document.querySelector('lead-scoring-sandbox').summary()).threshold === 30);
    const draft = await el(page, (x) => x.getModel());
    assert.equal(JSON.parse(draft).threshold, 30);
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('leadscore.versions')).draft.includes('"threshold": 30'));
    const v1 = await versions(page);
    assert.equal(v1.live, live, 'live is stored unchanged while editing');
    assert.equal(await root.locator('.version-line').getAttribute('data-dirty'), 'true');

    await runCompare(page);
    const got = await screenNumbers(page);

    // The same in Node.
    const sample = sampleData(3000, 7);
    const ws = new Workspace();
    ws.importLeads(sample.leads);
    ws.importActivities(sample.activities);
    const want = ws.compare(live, draft, summary.as_of);
    for (const k of ['mql', 'nurture', 'disqualified', 'suppressed', 'recycled', 'instant']) {
      assert.deepEqual(got.counts[k], [want.a[k], want.b[k], want.b[k] - want.a[k]], `counts: ${k}`);
    }
    const key = (t) => `${t.from}>${t.to}`;
    assert.deepEqual(got.transitions.map(key).sort(), want.transitions.map(key).sort());
    for (const t of want.transitions) assert.equal(got.transitions.find((g) => key(g) === key(t)).count, t.count, key(t));
    assert.equal(got.changed, want.changed);
    assert.ok(want.changed > 0, 'a lower threshold changes some leads');
    assert.ok(want.quality?.auc, 'the sample has outcomes');
    assert.equal(got.aucA, want.quality.auc.auc_a.toFixed(3));
    assert.equal(got.aucB, want.quality.auc.auc_b.toFixed(3));
    // Both ROC curves, as many points as the engine sent.
    assert.equal(await root.locator('.cmp-roc polyline.roc-a').getAttribute('points').then((p) => p.split(' ').length), want.quality.roc_a.length);
    assert.equal(await root.locator('.cmp-roc polyline.roc-b').count(), 1);
    assert.ok(got.rows > 0 && got.rows < 40, `only the visible changed rows exist (${got.rows})`);
    // The first row is the biggest gain, as changedRows gives it.
    const top = ws.changedRows(0, 1).rows[0];
    assert.equal(await root.locator('.cmp-spacer .cmp-row').first().getAttribute('data-index'), String(top.index));

    await root.locator('.compare-view').screenshot({ path: path.join(SCREENSHOTS, 'compare-desktop.png') });
    await page.setViewportSize({ width: 375, height: 800 });
    await root.locator('.compare-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compare-375-top.png') });
    await root.locator('.cmp-svg').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compare-375-chart.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A row opens both explanations side by side, each as the engine explains under that model.
    await root.locator('.cmp-spacer .cmp-row').first().click();
    await root.locator('.cmp-both .cmp-side').nth(1).locator('h4').waitFor();
    const heads = await root.locator('.cmp-both h4').allTextContents();
    assert.equal(heads.length, 2);
    assert.match(heads[0], new RegExp(`Under A: ${top.score_a} points`));
    assert.match(heads[1], new RegExp(`Under B: ${top.score_b} points`));
    const exB = ws.compareLead(top.index, 'b');
    ws.setModel(draft);
    ws.score(summary.as_of);
    assert.deepEqual(exB, ws.lead(top.index), 'compareLead(b) is explain under B');

    // The chart: one pair of bars per replay week.
    assert.equal(await root.locator('.cmp-svg rect.bar-a').count(), 13);
    await root.locator('.cmp-detail').screenshot({ path: path.join(SCREENSHOTS, 'compare-both-explanations.png') });
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 375, `no sideways scroll at 375 px (${overflow})`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Save the draft as a named version, then make it live.
    await root.locator('.version-name').fill('Lower threshold');
    await root.locator('.save-version').click();
    await root.locator('.version-item[data-version="Lower threshold"]').waitFor();
    await root.locator('.make-live').click();
    await page.waitForFunction(() => {
      const v = JSON.parse(localStorage.getItem('leadscore.versions'));
      return v.live === v.draft;
    });
    const v2 = await versions(page);
    assert.deepEqual(JSON.parse(v2.live), JSON.parse(draft));
    assert.deepEqual(v2.named.map((n) => n.name), ['Lower threshold']);
    assert.equal(await root.locator('.version-line').getAttribute('data-dirty'), 'false');

    // Reload: the versions and the page's model are still there.
    await page.reload();
    await page.evaluate(() => document.querySelector('lead-scoring-sandbox').ready);
    assert.equal(JSON.parse(await el(page, (x) => x.getModel())).threshold, 30);
    const v3 = await versions(page);
    assert.deepEqual(JSON.parse(v3.live), JSON.parse(draft));
    assert.deepEqual(v3.named.map((n) => n.name), ['Lower threshold']);
    await root.locator('.version-item[data-version="Lower threshold"]').waitFor();
    await assertClean(page, seen, [server.url]);
  } finally {
    await context.close();
  }
});

test('the old single-model key is read as live and draft', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page0 = await context.newPage();
    await page0.goto(`${server.url}/www/`);
    await page0.evaluate(() => document.querySelector('lead-scoring-sandbox').ready);
    const seed = JSON.parse(await page0.evaluate(() => document.querySelector('lead-scoring-sandbox').getModel()));
    seed.threshold = 41;
    seed.name = 'Old page model';
    await page0.evaluate((json) => {
      localStorage.clear();
      localStorage.setItem('leadscore.model', json);
    }, JSON.stringify(seed, null, 2));
    await page0.close();
    const { page } = await openPage(browser, server, { context });
    assert.equal(JSON.parse(await el(page, (x) => x.getModel())).threshold, 41);
    const v = await versions(page);
    assert.equal(JSON.parse(v.live).threshold, 41);
    assert.equal(JSON.parse(v.draft).threshold, 41);
    assert.match(await page.locator('lead-scoring-sandbox .version-line').textContent(), /Live: Old page model/);
  } finally {
    await context.close();
  }
});

test('opening Compare at 100k leads', { timeout: 400_000 }, async () => {
  const { context, page } = await openPage(browser, server, { width: 1280, height: 900 });
  try {
    const big = sampleData(100000, 9);
    await el(page, async (x, [leads, activities, asOf]) => {
      await x.setAsOf(asOf);
      await x.importLeads(leads);
      await x.importActivities(activities);
    }, [big.leads, big.activities, big.as_of]);
    await el(page, (x) => x.summary());
    const root = page.locator('lead-scoring-sandbox');
    await root.locator('.threshold-range').fill('30');
    await page.waitForFunction(async () => (await document.querySelector('lead-scoring-sandbox').summary()).threshold === 30);
    // The main thread keeps answering while the worker compares.
    const lag = page.evaluate(() => new Promise((resolve) => {
      let worst = 0;
      let last = performance.now();
      const id = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 16);
      const root = document.querySelector('lead-scoring-sandbox').shadowRoot;
      const check = setInterval(() => {
        if (root.querySelector('.cmp-changed-line[data-changed]') && !root.querySelector('.cmp-run').disabled) {
          clearInterval(id);
          clearInterval(check);
          resolve(worst);
        }
      }, 20);
    }));
    const ms = await runCompare(page);
    const worst = await lag;
    const got = await screenNumbers(page);
    console.log(`compare view at ${big.leads.trim().split('\n').length - 1} leads + ${big.activities.trim().split('\n').length - 1} activities: opened in ${ms} ms (compare + 13-week replay + first page), ${got.changed} changed, worst main-thread gap ${worst.toFixed(0)} ms`);
    assert.ok(got.changed > 0);
    assert.ok(got.rows < 40, 'only the visible changed rows exist');
    assert.ok(worst < 500, `the page stays responsive (worst gap ${worst} ms)`);
  } finally {
    await context.close();
  }
});
