// Minimal Leadscore page: load the engine, score a generated sample, show the
// import reports and the counts by status. Everything is rendered with
// textContent; no lead data leaves the page.
import init, { Workspace, sampleData } from '../pkg/leadscore.js';

const SAMPLE_LEADS = 3000;
const SAMPLE_SEED = 7;
const ERRORS_SHOWN = 5;

const $ = (id) => document.getElementById(id);

let ws = null;
let asOf = null;

function setStatus(text, isError = false) {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

function message(err) {
  return err instanceof Error ? err.message : String(err);
}

function showReport(kind, source, report) {
  $(`${kind}-source`).textContent = source;
  $(`${kind}-read`).textContent = String(report.read);
  $(`${kind}-kept`).textContent = String(report.kept);
  $(`${kind}-rejected`).textContent = String(report.rejected);

  const list = $('import-errors');
  for (const old of list.querySelectorAll(`li[data-kind="${kind}"]`)) old.remove();
  const errors = Array.isArray(report.errors) ? report.errors : [];
  for (const e of errors.slice(0, ERRORS_SHOWN)) {
    const li = document.createElement('li');
    li.dataset.kind = kind;
    const where = e.column ? `line ${e.line}, ${e.column}` : `line ${e.line}`;
    li.textContent = `${source}: ${where}: ${e.message}`;
    list.append(li);
  }
  const more = Math.max(0, errors.length - ERRORS_SHOWN) + (report.errors_not_listed ?? 0);
  if (more > 0) {
    const li = document.createElement('li');
    li.dataset.kind = kind;
    li.textContent = `${source}: ${more} more rejected rows`;
    list.append(li);
  }
}

function rescore() {
  const summary = ws.score(asOf);
  $('as-of').textContent = summary.as_of ?? asOf;
  $('count-leads').textContent = String(summary.leads);
  $('count-mql').textContent = String(summary.mql);
  $('count-nurture').textContent = String(summary.nurture);
  $('count-disqualified').textContent = String(summary.disqualified);
}

async function importFile(input, kind) {
  const file = input.files && input.files[0];
  if (!file || !ws) return;
  setStatus(`importing ${file.name}`);
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const report = kind === 'leads' ? ws.importLeads(bytes) : ws.importActivities(bytes);
    showReport(kind, file.name, report);
    rescore();
    setStatus('ready');
  } catch (err) {
    setStatus(message(err), true);
  } finally {
    input.value = '';
  }
}

async function main() {
  await init();
  ws = new Workspace();
  const sample = sampleData(SAMPLE_LEADS, SAMPLE_SEED);
  asOf = sample.as_of;
  showReport('leads', 'sample', ws.importLeads(sample.leads));
  showReport('activities', 'sample', ws.importActivities(sample.activities));
  rescore();

  $('leads-file').addEventListener('change', (e) => importFile(e.target, 'leads'));
  $('activities-file').addEventListener('change', (e) => importFile(e.target, 'activities'));
  setStatus('ready');
}

main().catch((err) => setStatus(message(err), true));
