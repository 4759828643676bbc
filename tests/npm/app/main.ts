// The bundled page: the engine on the main thread (browser entry, init()),
// and the widget, whose worker, styles and wasm Vite must find and copy.
import init, { Workspace, sampleData, type Sample, type Summary } from 'leadscore';
import 'leadscore/widget';
import type { MqlChange } from 'leadscore/widget';

await init();
const sample: Sample = sampleData(3000, 7); // the widget's own sample
const ws = new Workspace();
ws.importLeads(sample.leads);
ws.importActivities(sample.activities);
const summary: Summary = ws.score(sample.as_of);
const out = document.querySelector<HTMLOutputElement>('#engine');
if (!out) throw new Error('no #engine output');
out.textContent = `${summary.mql} MQL of ${summary.leads}`;
out.dataset.summary = JSON.stringify(summary);

const el = document.querySelector('lead-scoring-sandbox');
if (!el) throw new Error('no <lead-scoring-sandbox>');
el.addEventListener('mqlchange', (e) => {
  const change: MqlChange = e.detail;
  el.dataset.mqlchange = String(change.count);
});
await el.ready;
const shown: Summary = await el.summary();
el.dataset.summary = JSON.stringify(shown);
