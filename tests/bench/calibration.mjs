// Calibration in wasm (issue 9): called by tests/bench/calibration.py with
// the generated export's directory and as-of time. Imports the leads and
// activities, scores with the seed model, times calibrate() and
// suggestModel() from the current rules and from the columns (median of
// 3 each), and prints one JSON object: the timings and the reports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initSync, Workspace } from '../../pkg/leadscore.js';

const [dir, asOf] = process.argv.slice(2);
initSync({ module: readFileSync(new URL('../../pkg/leadscore_bg.wasm', import.meta.url)) });
const ws = new Workspace();
ws.importLeads(readFileSync(join(dir, 'leads.csv')));
ws.importActivities(readFileSync(join(dir, 'activities.csv')));
ws.score(asOf);

function median(f, runs = 3) {
  const t = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    out = f();
    t.push(performance.now() - s);
  }
  return [t.sort((a, b) => a - b)[Math.floor(runs / 2)], out];
}

const [calMs, cal] = median(() => ws.calibrate());
const [curMs, current] = median(() => ws.suggestModel());
const [colMs, columns] = median(() => ws.suggestModel({ from: 'columns' }));
// The suggested model is a model file like any other.
ws.setModel(columns.model);
console.log(JSON.stringify({
  timings: {
    'calibrate()': calMs,
    'suggestModel() from the current rules': curMs,
    "suggestModel({from: 'columns'})": colMs,
  },
  calibrate: { auc: cal.auc?.value ?? null, labelled: cal.population.labelled },
  current: { auc_holdout: current.auc_holdout },
  columns,
}));
