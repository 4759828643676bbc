// Page benchmarks in headless Chromium (Debian's): how long a user waits.
//
//   node tests/bench/page.mjs [--runs N] [--moves N] [--sizes 10000,100000]
//
// 1. Navigation to the first counts on screen (the 3,000-lead sample), the
//    median of N fresh loads.
// 2. For 10k and 100k generated leads (12 activities each, made and
//    imported in the worker through the element's hidden `sample-size`
//    attribute): the time to load them, then the time from a threshold
//    slider move (an `input` event on the range) to the new counts painted,
//    and from a rule's points change to the new counts, each the median of
//    N moves made one after another.
import os from 'node:os';
import { serve, launch } from '../e2e/harness.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = arg('runs', 5);
const MOVES = arg('moves', 20);
// --sizes 10000,100000,1000000 (1M leads take a minute to make and import).
const sizesAt = process.argv.indexOf('--sizes');
const SIZES = sizesAt >= 0 ? process.argv[sizesAt + 1].split(',').map(Number) : [10_000, 100_000];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

const server = await serve();
const browser = await launch();
const rows = [];

try {
  // 1. First counts on screen.
  const firsts = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      document.addEventListener('scored', () => {
        if (window.__firstCounts) return;
        // Counts are in the DOM when `scored` fires; the next frame paints them.
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstCounts = performance.now(); }));
      });
    });
    await page.goto(`${server.url}/www/`);
    await page.waitForFunction(() => window.__firstCounts);
    firsts.push(await page.evaluate(() => window.__firstCounts));
    await context.close();
  }
  rows.push(['first counts on screen (3,000 leads, 36,000 activities)', ms(median(firsts)), `median of ${RUNS} loads`]);

  // 2. Bigger data, threshold and points moves.
  for (const n of SIZES) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/www/`);
    await page.evaluate(() => document.querySelector('lead-scoring-sandbox').ready);
    const load = await page.evaluate(async (size) => {
      document.querySelector('lead-scoring-sandbox').remove();
      const el = document.createElement('lead-scoring-sandbox');
      el.setAttribute('sample-size', String(size));
      el.setAttribute('sample-seed', '9');
      const t0 = performance.now();
      document.body.append(el);
      await el.ready;
      const t1 = performance.now();
      const s = await el.summary();
      return { ms: t1 - t0, leads: s.leads, mql: s.mql };
    }, n);
    const label = n.toLocaleString('en-US');
    rows.push([`${label} leads: generate, import and score in the worker`, ms(load.ms), `${load.leads.toLocaleString('en-US')} leads, ${load.mql.toLocaleString('en-US')} MQL`]);

    const moves = await page.evaluate(async (count) => {
      const el = document.querySelector('lead-scoring-sandbox');
      const root = el.shadowRoot;
      const range = root.querySelector('.threshold-range');
      const points = root.querySelector('li.rule[data-rule="pricing-page"] .points-number');
      // The frame that shows the new counts: the next animation frame.
      const paint = () => new Promise((r) => requestAnimationFrame(() => r()));
      const until = (test) => new Promise((resolve) => {
        const on = (e) => {
          if (test(e.detail)) {
            el.removeEventListener('scored', on);
            resolve();
          }
        };
        el.addEventListener('scored', on);
      });
      const out = { threshold: [], points: [], thresholdDom: [] };
      // Warm-up: the first change after a load fills the engine's caches.
      range.value = '49';
      range.dispatchEvent(new Event('input', { bubbles: true }));
      await until((s) => s.threshold === 49);
      for (let i = 0; i < count; i++) {
        const v = 50 + i;
        const done = until((s) => s.threshold === v);
        const t0 = performance.now();
        range.value = String(v);
        range.dispatchEvent(new Event('input', { bubbles: true }));
        await done;
        out.thresholdDom.push(performance.now() - t0);
        await paint();
        out.threshold.push(performance.now() - t0);
      }
      for (let i = 0; i < count; i++) {
        const done = until(() => true);
        const t0 = performance.now();
        points.value = String(21 + i);
        points.dispatchEvent(new Event('input', { bubbles: true }));
        await done;
        await paint();
        out.points.push(performance.now() - t0);
      }
      return out;
    }, MOVES);
    rows.push([`${label} leads: threshold slider move to new counts in the DOM`, ms(median(moves.thresholdDom)), `median of ${MOVES}, max ${ms(Math.max(...moves.thresholdDom))}`]);
    rows.push([`${label} leads: threshold slider move to new counts painted`, ms(median(moves.threshold)), `median of ${MOVES}, max ${ms(Math.max(...moves.threshold))}`]);
    rows.push([`${label} leads: rule points change to new counts painted`, ms(median(moves.points)), `median of ${MOVES}, max ${ms(Math.max(...moves.points))}`]);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Leadscore page benchmark: headless Chromium, ${os.cpus().length} x ${cpu}\n`);
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`| ${'step'.padEnd(w0)} | ${'time'.padStart(w1)} | notes |`);
console.log(`|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 2)}|-------|`);
for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w0)} | ${b.padStart(w1)} | ${c} |`);
