// Leadscore against the SPEC section 7 reference, side by side in one run of
// headless Chromium (Debian's): PapaParse plus a plain JavaScript scorer of
// the seed example model (tests/bench/reference-page.mjs) against the wasm
// engine from pkg/, both on the main thread of the same page, on the same
// CSV text.
//
//   node tests/bench/reference.mjs [leads=100000] [activitiesPerLead=20]
//   node tests/bench/reference.mjs --dir .bench/stream-100000-20
//
// Uses .bench/leads.csv and .bench/activities.csv, generating them first
// (cargo run --release --example bench -- LEADS PER_LEAD) when they are
// missing or .bench/bench.json describes another size. With --dir DIR it
// reads DIR/leads.csv and DIR/activities.csv as they are and never generates
// (.bench/ holds the 1M files other benchmarks share); the as-of time is
// DIR/bench.json's when there is one, else src/sample.rs's AS_OF, the one
// `--example bench_files` generates against. Prints the median of
// 3 runs per step and whether both give the same MQL count (and the same
// score for every lead). Not a test: `.ci/test` does not run it.

import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, serve, launch } from '../e2e/harness.mjs';

const RUNS = 3;
const AS_OF = '2026-11-20T12:00:00Z';
const number = (s, fallback) => (s === undefined ? fallback : Number(String(s).replace(/_/g, '')));
const args = process.argv.slice(2);
const dirAt = args.indexOf('--dir');
const givenDir = dirAt >= 0 ? args[dirAt + 1] : undefined;
if (dirAt >= 0) args.splice(dirAt, 2);
const LEADS = number(args[0], 100_000);
const PER_LEAD = number(args[1], 20);
const usage = 'usage: node tests/bench/reference.mjs [leads=100000] [activitiesPerLead=20] | --dir DIR';
if (dirAt >= 0 && (!givenDir || args.length)) {
  console.error(usage);
  process.exit(2);
}
if (!Number.isInteger(LEADS) || !Number.isInteger(PER_LEAD) || LEADS < 1 || PER_LEAD < 0) {
  console.error(usage);
  process.exit(2);
}

const dir = givenDir ? path.resolve(givenDir) : path.join(ROOT, '.bench');
const files = { 'leads.csv': path.join(dir, 'leads.csv'), 'activities.csv': path.join(dir, 'activities.csv') };
const metaPath = path.join(dir, 'bench.json');
if (givenDir) {
  for (const file of Object.values(files)) {
    if (!existsSync(file)) {
      console.error(`--dir ${givenDir}: ${file} is missing (make it with cargo run --release --example bench_files -- ${givenDir} LEADS PER_LEAD)`);
      process.exit(2);
    }
  }
}

function haveData() {
  if (!existsSync(files['leads.csv']) || !existsSync(files['activities.csv'])) return false;
  if (!existsSync(metaPath)) return true; // files without a description: take them as they are
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  return meta.leads === LEADS && meta.activities === LEADS * PER_LEAD &&
    meta.lead_bytes === statSync(files['leads.csv']).size &&
    meta.activity_bytes === statSync(files['activities.csv']).size;
}
if (!givenDir && !haveData()) {
  console.log(`generating ${LEADS} leads x ${PER_LEAD} activities: cargo run --release --example bench -- ${LEADS} ${PER_LEAD}`);
  execFileSync('cargo', ['run', '--release', '--example', 'bench', '--', String(LEADS), String(PER_LEAD)], {
    cwd: ROOT, stdio: 'inherit',
  });
}
const meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : null;
const asOf = meta?.as_of ?? AS_OF;

// The static server never serves dot-directories (.bench included), and a
// 128 MB body is too big for Playwright's route.fulfill: the page reads the
// files from target/bench-data/ (git-ignored), hard links to .bench/ (copies
// across file systems).
const served = path.join(ROOT, 'target', 'bench-data');
mkdirSync(served, { recursive: true });
copyFileSync(path.join(ROOT, 'node_modules/papaparse/papaparse.min.js'), path.join(served, 'papaparse.min.js'));
for (const [name, file] of Object.entries(files)) {
  const to = path.join(served, name);
  rmSync(to, { force: true });
  try {
    linkSync(file, to);
  } catch {
    copyFileSync(file, to);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const group = (n) => Math.round(n).toLocaleString('en-US');

const server = await serve();
const browser = await launch();
let failed = false;
try {
  const page = await browser.newPage();
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) console.error(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => console.error(`page error: ${e}`));
  page.on('console', (m) => {
    if (m.text().startsWith('Failed to load resource')) return; // reported with its URL below
    if (m.type() === 'error' || m.type() === 'warning') console.error(`console ${m.type()}: ${m.text()}`);
  });
  const response = await page.goto(`${server.url}/tests/bench/reference.html`);
  if (response.status() !== 200) throw new Error(`reference.html: HTTP ${response.status()}`);
  await page.waitForFunction(() => window.bench && window.Papa);
  const sizes = await page.evaluate(() => window.bench.ready);

  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await page.evaluate(([a, k]) => window.bench.run(a, k), [asOf, i]);
    runs.push(r);
    console.log(`run ${i + 1}: reference ${r.reference.total.toFixed(0)} ms, leadscore ${r.leadscore.total.toFixed(0)} ms`);
  }

  const leadBytes = statSync(files['leads.csv']).size;
  const activityBytes = statSync(files['activities.csv']).size;
  const ref = runs.at(-1).reference;
  const ls = runs.at(-1).leadscore;
  const papaVersion = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/papaparse/package.json'), 'utf8')).version;
  console.log();
  console.log(`Leadscore vs reference in headless Chromium ${browser.version()} (PapaParse ${papaVersion}), as of ${asOf}, files from ${path.relative(ROOT, dir) || dir}`);
  console.log(
    `input: ${group(ref.leads)} leads (${(leadBytes / 1e6).toFixed(1)} MB) + ${group(ref.activities)} activities ` +
      `(${(activityBytes / 1e6).toFixed(1)} MB), ${((leadBytes + activityBytes) / 1e6).toFixed(1)} MB in all, ` +
      `passed to both as JS strings (${group(sizes.leadChars + sizes.activityChars)} chars)`,
  );
  console.log(`each figure: the median of ${RUNS} runs, both on the main thread of one page, alternating which goes first`);
  console.log();
  const header = `${'step'.padEnd(44)} ${'reference ms'.padStart(13)} ${'leadscore ms'.padStart(13)} ${'ratio'.padStart(7)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  const steps = [
    ['parse / import (PapaParse vs importLeads+importActivities)', 'parse'],
    ['score (JS scorer vs score(asOf)+scores())', 'score'],
    ['parse + score (import and score)', 'total'],
  ];
  let totalRatio = 0;
  for (const [label, key] of steps) {
    const a = median(runs.map((r) => r.reference[key]));
    const b = median(runs.map((r) => r.leadscore[key]));
    if (key === 'total') totalRatio = a / b;
    console.log(`${label.padEnd(44)} ${a.toFixed(1).padStart(13)} ${b.toFixed(1).padStart(13)} ${(a / b).toFixed(2).padStart(6)}x`);
  }
  console.log(`SPEC section 7 target, import and score at least 3x faster than the reference: ${totalRatio >= 3 ? 'met' : 'NOT met'} (${totalRatio.toFixed(2)}x)`);
  console.log(`issue 7 target, at least 5x: ${totalRatio >= 5 ? 'met' : 'NOT met'} (${totalRatio.toFixed(2)}x)`);
  console.log();
  console.log(`MQL count: reference ${group(ref.mql)} (instant ${ref.instant}), leadscore ${group(ls.mql)} (instant ${ls.instant}): ` +
    (ref.mql === ls.mql ? 'same' : 'DIFFERENT'));
  console.log(`nurture: reference ${group(ref.nurture)}, leadscore ${group(ls.nurture)}; disqualified (leadscore) ${ls.disqualified}`);
  const cmp = runs.at(-1).compare;
  console.log(`per-lead scores: ${cmp.diff === 0 && cmp.lengths[0] === cmp.lengths[1] ? 'identical for all' : `${cmp.diff} differ`} ` +
    `(${group(cmp.lengths[0])} vs ${group(cmp.lengths[1])} leads)` + (cmp.diff ? `; first: ${JSON.stringify(cmp.first)}` : ''));
  console.log(`PapaParse row errors ${ref.parseErrors}; leadscore rejected rows ${ls.rejected}; unmatched activities: reference ${ref.unmatched}, leadscore ${ls.unmatched}`);
  console.log(`(wrong-ICP rejected leads among the reference's MQLs: ${ref.wrongIcpMql}; the engine has no "suppressed" status)`);
  const consistent = runs.every((r) => r.reference.mql === ref.mql && r.leadscore.mql === ls.mql);
  failed = ref.mql !== ls.mql || cmp.diff !== 0 || !consistent;
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
