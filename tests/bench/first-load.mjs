// What the page costs a visitor on first load, in headless Chromium: every
// file it fetches (raw and gzip -9, as a server would send it), and the time
// from navigation to the first counts on screen.
//
//   node tests/bench/first-load.mjs [--runs N] [--root DIR ...]
//
// Each --root is a checkout of the project (default: this one), measured in
// the same run, so a before/after comparison is one command, e.g. with a
// worktree of an older commit:
//   git worktree add /tmp/before <commit>
//   node tests/bench/first-load.mjs --root /tmp/before --root .
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer } from '../../.ci/server.mjs';
import { launch, ROOT } from '../e2e/harness.mjs';

const argv = process.argv.slice(2);
const RUNS = Number(argv[argv.indexOf('--runs') + 1]) || 5;
const roots = argv.flatMap((a, i) => (a === '--root' ? [path.resolve(argv[i + 1])] : []));
if (roots.length === 0) roots.push(ROOT);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;

const browser = await launch();
try {
  for (const root of roots) {
    const server = await startServer({ root, port: 0, host: '127.0.0.1' });
    const times = [];
    let files = new Map();
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      const seen = new Map();
      page.on('response', (r) => {
        const url = new URL(r.url());
        if (url.origin === server.url) seen.set(url.pathname, true);
      });
      await page.addInitScript(() => {
        document.addEventListener('scored', () => {
          if (window.__firstCounts) return;
          requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstCounts = performance.now(); }));
        });
      });
      await page.goto(`${server.url}/www/`);
      await page.waitForFunction(() => window.__firstCounts, null, { timeout: 60_000 });
      times.push(await page.evaluate(() => window.__firstCounts));
      // Worker scripts and the wasm load after `scored` may fire for the
      // page; give late requests a moment so the list is complete.
      await page.waitForTimeout(300);
      files = seen;
      await context.close();
    }
    await server.close();
    let raw = 0;
    let gz = 0;
    const byKind = {};
    for (const p of [...files.keys()].sort()) {
      const file = path.join(root, decodeURIComponent(p.endsWith('/') ? `${p}index.html` : p));
      if (!fs.existsSync(file)) continue;
      const bytes = fs.readFileSync(file);
      const z = zlib.gzipSync(bytes, { level: 9 }).length;
      raw += bytes.length;
      gz += z;
      const kind = path.extname(file).slice(1) || 'other';
      byKind[kind] = (byKind[kind] || 0) + z;
    }
    console.log(`\n${root}`);
    console.log(`  files fetched: ${files.size}; raw ${kb(raw)}; gzip -9 ${kb(gz)}`);
    console.log(`  gzip -9 by kind: ${Object.entries(byKind).map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`);
    console.log(`  first counts on screen (3,000-lead sample): median ${median(times).toFixed(0)} ms of ${RUNS} loads (${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
} finally {
  await browser.close();
}
