// What backtest and compare cost in wasm (issue 10), on the files that
// `cargo run --release --example compare_bench` writes to .bench/ (100k
// leads + 2M activities by default): `compare` of the seed model against
// two drafts (points and threshold only; a changed condition and a new
// rule), a page of 100 changed leads, and a 13-week `replay`, each the
// median of 3, printed beside the native figures of the same run. Target:
// compare and replay each under one second.
//   cargo run --release --example compare_bench
//   node tests/bench/compare.mjs [BEFORE_PKG]
// With BEFORE_PKG (another build's pkg/ directory, e.g. main's), its
// replay times are printed in a column before this build's.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { initSync, Workspace, presetModel } from '../../pkg/leadscore.js';

const dir = new URL('../../.bench/', import.meta.url);
initSync({ module: readFileSync(new URL('../../pkg/leadscore_bg.wasm', import.meta.url)) });
const meta = JSON.parse(readFileSync(new URL('compare.json', dir), 'utf8'));
const RUNS = 3;

function median(f) {
  const t = [];
  let out;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    out = f(i);
    t.push(performance.now() - s);
  }
  return [t.sort((a, b) => a - b)[Math.floor(RUNS / 2)], out];
}

const ws = new Workspace();
ws.importLeads(readFileSync(new URL('leads.csv', dir)));
ws.importActivities(readFileSync(new URL('activities.csv', dir)));
const seed = presetModel('seed-example');
let before = null;
if (process.argv[2]) {
  const dirB = resolve(process.argv[2]);
  const glue = await import(pathToFileURL(`${dirB}/leadscore.js`).href);
  glue.initSync({ module: readFileSync(`${dirB}/leadscore_bg.wasm`) });
  before = new glue.Workspace();
  before.importLeads(readFileSync(new URL('leads.csv', dir)));
  before.importActivities(readFileSync(new URL('activities.csv', dir)));
}
console.log(`${ws.leadCount} leads, ${ws.activityCount} activities, as of ${meta.as_of}; replay ${meta.from} to ${meta.as_of} by 7 days`);
const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
console.log('draft   step                      native      wasm');
for (const n of meta.native) {
  const [compareMs, r] = median(() => ws.compare(seed, n.model, meta.as_of));
  const [pageMs] = median(() => ws.changedRows(0, 100));
  const [replayMs, rp] = median(() => ws.replay(seed, n.model, meta.from, meta.as_of, 7));
  if (r.changed !== n.changed || r.a.mql !== n.mql_a || r.b.mql !== n.mql_b || rp.total_a.crossed !== n.crossed_a || rp.total_b.crossed !== n.crossed_b) {
    console.error('wasm and native disagree', { wasm: [r.changed, r.a.mql, r.b.mql, rp.total_a.crossed, rp.total_b.crossed], native: n });
    process.exit(1);
  }
  console.log(`${n.draft.padEnd(7)} compare                ${ms(n.compare_ms)} ${ms(compareMs)}   (${r.changed} changed; MQL ${r.a.mql} -> ${r.b.mql})`);
  console.log(`${n.draft.padEnd(7)} 100 changed rows       ${ms(n.page_ms)} ${ms(pageMs)}`);
  console.log(`${n.draft.padEnd(7)} 13-week replay         ${ms(n.replay_ms)} ${ms(replayMs)}   (crossed ${rp.total_a.crossed} -> ${rp.total_b.crossed})`);
  if (before) {
    const [beforeMs, old] = median(() => before.replay(seed, n.model, meta.from, meta.as_of, 7));
    const same = JSON.stringify(old) === JSON.stringify(rp);
    console.log(`${n.draft.padEnd(7)} 13-week replay, before            ${ms(beforeMs)}   (${process.argv[2]}; ${same ? 'the same report' : 'A DIFFERENT REPORT'})`);
    if (!same) process.exit(1);
  }
}
