// The same page with no bundler: the installed package served as it is.
import init, { Workspace, sampleData } from './node_modules/leadscore/leadscore.js';
import './node_modules/leadscore/widget/widget.js';

await init();
const sample = sampleData(3000, 7);
const ws = new Workspace();
ws.importLeads(sample.leads);
ws.importActivities(sample.activities);
const summary = ws.score(sample.as_of);
const out = document.querySelector('#engine');
out.textContent = `${summary.mql} MQL of ${summary.leads}`;
out.dataset.summary = JSON.stringify(summary);

const el = document.querySelector('lead-scoring-sandbox');
await el.ready;
el.dataset.summary = JSON.stringify(await el.summary());
