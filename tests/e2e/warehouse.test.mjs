// "Run this model in your warehouse" in headless Chromium: for each dialect
// the SQL on screen is exactly what modelSql() writes in Node for the page's
// model, it follows model edits and the as-of choice, and Copy puts it on
// the clipboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { modelSql, sqlDialects } from '../../pkg/leadscore.js';
import { SCREENSHOTS, initEngine, start, stop, openPage, assertClean } from './harness.mjs';

const TIMEOUT = { timeout: 120_000 };
initEngine();

let env;
before(async () => { env = await start('leadscore-warehouse-'); });
after(() => stop(env));

const el = 'lead-scoring-sandbox';

async function shownFor(page, dialect, expected) {
  await page.waitForFunction(([tag, d, want]) => {
    const pre = document.querySelector(tag).shadowRoot.querySelector('.warehouse-sql');
    return pre && pre.dataset.dialect === d && pre.textContent === want;
  }, [el, dialect, expected], { timeout: 10_000 }).catch(() => {});
  return page.evaluate((tag) => document.querySelector(tag).shadowRoot.querySelector('.warehouse-sql').textContent, el);
}

test('the SQL shown is modelSql() of the page model for every dialect, follows edits, and copies', TIMEOUT, async () => {
  const origin = new URL(env.server.url).origin;
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const { page, seen } = await openPage(env.browser, env.server, { context });
  try {
    const model = await page.evaluate((tag) => document.querySelector(tag).getModel(), el);
    await page.getByText('Run this model in your warehouse').click();
    const select = page.locator(`${el} .warehouse-dialect`);
    assert.deepEqual(await select.locator('option').evaluateAll((os) => os.map((o) => o.value)).then((v) => [...v].sort()), [...sqlDialects()].sort());
    for (const d of sqlDialects()) {
      await select.selectOption(d);
      const want = modelSql(model, d);
      assert.equal(await shownFor(page, d, want), want, `${d}: the SQL on screen is modelSql()`);
    }

    // A fixed as-of time: the page's own.
    const summary = await page.evaluate((tag) => document.querySelector(tag).summary(), el);
    await page.locator(`${el} .warehouse input[type=checkbox]`).check();
    let want = modelSql(model, 'snowflake', { as_of: summary.as_of });
    assert.equal(await shownFor(page, 'snowflake', want), want, 'as of the page date');

    // A model edit reaches the SQL.
    const edited = JSON.parse(model);
    edited.threshold = 61;
    edited.rules[0].points = 17;
    await page.evaluate(([tag, json]) => document.querySelector(tag).setModel(json), [el, JSON.stringify(edited)]);
    const now = await page.evaluate((tag) => document.querySelector(tag).getModel(), el);
    want = modelSql(now, 'snowflake', { as_of: summary.as_of });
    assert.ok(want.includes('score >= 61'));
    assert.equal(await shownFor(page, 'snowflake', want), want, 'after a model change');

    await page.locator(`${el} .warehouse-sql`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'warehouse-sql.png') });

    await page.getByRole('button', { name: 'Copy SQL' }).click();
    await page.waitForFunction((tag) => document.querySelector(tag).shadowRoot.querySelector('.warehouse-status').textContent !== '', el);
    const status = await page.locator(`${el} .warehouse-status`).textContent();
    assert.equal(status, 'Copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want, 'the clipboard holds the SQL');
    await assertClean(page, seen, [origin]);
  } finally {
    await context.close();
  }
});
