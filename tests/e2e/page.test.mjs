// The minimal page in headless Chromium (Debian's, never a downloaded one):
// it loads under its CSP, makes no request outside its origin, and shows
// the same counts the same pkg/ computes here in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../.ci/server.mjs';
import { initSync, Workspace, sampleData } from '../../pkg/leadscore.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOTS = path.join(ROOT, 'target', 'screenshots');

initSync({ module: readFileSync(path.join(ROOT, 'pkg', 'leadscore_bg.wasm')) });

let server;
let browser;

before(async () => {
  server = await startServer({ root: ROOT, port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the page with every request, console message and CSP report recorded. */
async function open() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const seen = { requests: [], failed: [], badResponses: [], console: [], pageErrors: [] };
  context.on('request', (r) => seen.requests.push(r.url()));
  page.on('requestfailed', (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) seen.badResponses.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  // Runs before the page's own scripts (not subject to the page's CSP).
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const response = await page.goto(`${server.url}/www/`);
  assert.equal(response.status(), 200);
  await waitReady(page);
  return { context, page, seen };
}

async function waitReady(page) {
  const status = page.locator('#status');
  await page.waitForFunction(() => {
    const el = document.getElementById('status');
    return el && (el.textContent === 'ready' || el.classList.contains('error'));
  }, null, { timeout: 30_000 });
  assert.equal(await status.textContent(), 'ready');
}

async function text(page, id) {
  return (await page.locator(`#${id}`).textContent()).trim();
}

async function assertClean(page, seen) {
  const origin = new URL(server.url).origin;
  assert.ok(seen.requests.length > 0);
  const outside = seen.requests.filter((u) => new URL(u).origin !== origin);
  assert.deepEqual(outside, [], 'no request leaves the page origin');
  assert.deepEqual(seen.failed, [], 'no request failed');
  assert.deepEqual(seen.badResponses, [], 'no 4xx/5xx response');
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(seen.console, [], 'no console error or warning');
  assert.deepEqual(seen.pageErrors, [], 'no uncaught error');
}

function expectedFor(steps) {
  const ws = new Workspace();
  const reports = steps.map(([kind, input]) =>
    kind === 'leads' ? ws.importLeads(input) : ws.importActivities(input),
  );
  return { ws, reports };
}

test('the page scores the bundled sample like the engine does in Node', async () => {
  const sample = sampleData(3000, 7);
  const { ws, reports } = expectedFor([
    ['leads', sample.leads],
    ['activities', sample.activities],
  ]);
  const summary = ws.score(sample.as_of);
  assert.equal(summary.leads, 3000);

  const { context, page, seen } = await open();
  try {
    assert.equal(await text(page, 'count-leads'), String(summary.leads));
    assert.equal(await text(page, 'count-mql'), String(summary.mql));
    assert.equal(await text(page, 'count-nurture'), String(summary.nurture));
    assert.equal(await text(page, 'count-disqualified'), String(summary.disqualified));
    for (const [kind, report] of [['leads', reports[0]], ['activities', reports[1]]]) {
      assert.equal(await text(page, `${kind}-read`), String(report.read), `${kind} read`);
      assert.equal(await text(page, `${kind}-kept`), String(report.kept), `${kind} kept`);
      assert.equal(await text(page, `${kind}-rejected`), String(report.rejected), `${kind} rejected`);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'minimal.png'), fullPage: true });
    await assertClean(page, seen);
  } finally {
    await context.close();
  }
});

test('file inputs re-import and re-score; lead data renders as text', async () => {
  const sample = sampleData(3000, 7);
  // A hostile cell must show up as text, never as markup.
  const leadsCsv = [
    'id,email,title,company,company_size,industry',
    'A1,a@x.example,VP Sales,X,1000,Software',
    'A2,b@y.example,Intern,"<img src=x onerror=alert(1)>",10,Retail',
    'A3,c@z.example,CEO,Z,300,Healthcare',
    'A4,d@z.example,Engineer,not-a-number-size,abc,Software',
  ].join('\n');
  const activitiesCsv = [
    'lead_id,timestamp,type,detail',
    'A3,2026-01-01T00:00:00Z,demo_request,Demo',
    'A1,bad-time,visit,',
  ].join('\n');
  const { ws, reports } = expectedFor([
    ['leads', sample.leads],
    ['activities', sample.activities],
    ['leads', leadsCsv],
  ]);
  const afterLeads = ws.score(sample.as_of);
  const actReport = ws.importActivities(activitiesCsv);
  const afterActivities = ws.score(sample.as_of);

  const { context, page, seen } = await open();
  try {
    await page.setInputFiles('#leads-file', {
      name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(leadsCsv),
    });
    await page.waitForFunction(() => document.getElementById('leads-source').textContent === 'leads.csv');
    await waitReady(page);
    assert.equal(await text(page, 'count-leads'), String(afterLeads.leads));
    assert.equal(await text(page, 'count-mql'), String(afterLeads.mql));
    assert.equal(await text(page, 'leads-kept'), String(reports[2].kept));
    assert.equal(await text(page, 'leads-rejected'), String(reports[2].rejected));

    await page.setInputFiles('#activities-file', {
      name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.from(activitiesCsv),
    });
    await page.waitForFunction(() => document.getElementById('activities-source').textContent === 'events.csv');
    await waitReady(page);
    assert.equal(await text(page, 'count-mql'), String(afterActivities.mql));
    assert.equal(await text(page, 'count-nurture'), String(afterActivities.nurture));
    assert.equal(await text(page, 'activities-rejected'), String(actReport.rejected));
    assert.equal(await page.locator('img').count(), 0, 'no markup injected');
    await assertClean(page, seen);
  } finally {
    await context.close();
  }
});
