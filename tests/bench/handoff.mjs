// Time to build every handoff packet for 100k leads with about 10k MQLs,
// in wasm (Node), per export format. Run: node tests/bench/handoff.mjs
import { readFileSync } from 'node:fs';
import { initSync, Workspace, sampleData } from '../../pkg/leadscore.js';
initSync({ module: readFileSync(new URL('../../pkg/leadscore_bg.wasm', import.meta.url)) });
const s = sampleData(100000, 9);
const ws = new Workspace();
ws.importLeads(s.leads); ws.importActivities(s.activities);
const m = JSON.parse(ws.model());
// Find the threshold that gives about 10k MQLs.
let best = m.threshold, sum;
for (let t = 50; t < 200; t += 1) { m.threshold = t; ws.setModel(JSON.stringify(m)); sum = ws.score(s.as_of); if (sum.mql <= 10000) { best = t; break; } }
console.log(`threshold ${best}: ${sum.mql} MQLs of ${sum.leads} leads`);
ws.crossedAt();
for (const f of ['json', 'csv', 'markdown', 'html']) {
  const times = [];
  let out;
  for (let i = 0; i < 3; i++) { const t = performance.now(); out = ws.handoff(f); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(`handoff(${f}): median ${times[1].toFixed(0)} ms, ${(out.length / 1e6).toFixed(1)} MB`);
}
