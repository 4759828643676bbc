// Acme Marketing Hub: Leadscore embedded as an iframe and driven through its
// postMessage API (README.md, "Embedding"). Lead data is rendered with
// textContent only.
//
// ?embed=<url> points the iframe at an embed.html served elsewhere (another
// origin, as in production). This page adds `origins=<its own origin>` to that
// URL unless the URL already names origins, `sample=false` and its accent
// colour.

const AS_OF = '2026-11-20T12:00:00Z'; // the date the webinar export was taken
const TIMEOUT_MS = 60_000;
const LOG_LIMIT = 200;

const $ = (id) => document.getElementById(id);
const frame = $('leadscore');
const buttons = ['get-summary', 'get-mqls', 'threshold', 'download'].map($);

function setState(state, text, bad = false) {
  document.body.dataset.state = state;
  const el = $('bridge-status');
  el.textContent = text;
  el.classList.toggle('bad', bad);
}

function short(value, n = 160) {
  let text;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

function log(kind, text) {
  const list = $('log');
  const li = document.createElement('li');
  li.className = kind;
  li.textContent = text;
  list.append(li);
  while (list.children.length > LOG_LIMIT) list.firstElementChild.remove();
  li.scrollIntoView({ block: 'nearest' });
}

// --- where the embed lives -------------------------------------------------------

function embedUrl() {
  const url = new URL(new URLSearchParams(location.search).get('embed') || '../embed.html', location.href);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`the embed URL must be http or https, not ${url.protocol}`);
  }
  if (!url.searchParams.has('origins')) url.searchParams.set('origins', location.origin);
  if (!url.searchParams.has('sample')) url.searchParams.set('sample', 'false');
  // Acme's brand colour; the frame's content is out of reach of this page's CSS.
  if (!url.searchParams.has('accent')) url.searchParams.set('accent', '#2747d4');
  return url;
}

let url;
try {
  url = embedUrl();
} catch (err) {
  setState('error', `Cannot embed: ${err.message}`, true);
  throw err;
}
const embedOrigin = url.origin;
$('embed-origin').textContent = embedOrigin;
$('allowed-origins').textContent = url.searchParams.get('origins') || '(none)';

// --- requests and replies --------------------------------------------------------

let nextId = 1;
const pending = new Map();
let ignored = 0;

/** Sends a request to the embed; resolves with `result` or rejects with `error`. */
function request(type, fields = {}) {
  const id = `acme-${nextId++}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`${type}: no reply within ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
    pending.set(id, { type, resolve, reject, timer });
    log('request', `→ ${type} (${id})`);
    // targetOrigin is the embed's origin: if the frame was navigated
    // elsewhere, the browser drops the message instead of leaking it.
    frame.contentWindow.postMessage({ type, id, ...fields }, embedOrigin);
  });
}

function onReply(msg) {
  const waiting = pending.get(msg.id);
  if (!waiting) {
    log('error', `← reply to unknown request ${short(msg.id)}: ${msg.ok ? 'ok' : msg.error}`);
    return;
  }
  pending.delete(msg.id);
  clearTimeout(waiting.timer);
  if (msg.ok) {
    log('reply', `← ${waiting.type} (${msg.id}) ok: ${short(msg.result)}`);
    waiting.resolve(msg.result);
  } else {
    log('error', `← ${waiting.type} (${msg.id}) failed: ${msg.error}`);
    waiting.reject(new Error(msg.error));
  }
}

function showSummary(summary) {
  if (!summary) return;
  $('as-of').textContent = summary.as_of ?? '–';
  $('count-leads').textContent = String(summary.leads);
  $('count-mql').textContent = String(summary.mql);
  $('count-nurture').textContent = String(summary.nurture);
  $('count-disqualified').textContent = String(summary.disqualified);
}

window.addEventListener('message', (event) => {
  // Only the embed frame, from the embed's origin, is listened to.
  if (event.source !== frame.contentWindow || event.origin !== embedOrigin) {
    ignored += 1;
    document.body.dataset.ignored = String(ignored);
    return;
  }
  const msg = event.data;
  if (msg === null || typeof msg !== 'object' || typeof msg.type !== 'string') return;
  switch (msg.type) {
    case 'leadscore:reply':
      onReply(msg);
      break;
    case 'leadscore:ready':
      log('event', '← leadscore:ready');
      setState('ready', 'connected');
      start();
      break;
    case 'leadscore:scored':
      log('event', `← leadscore:scored ${short(msg.summary)}`);
      showSummary(msg.summary);
      break;
    case 'leadscore:mqlchange':
      log('event', `← leadscore:mqlchange ${msg.count} MQLs, +${msg.added.length} −${msg.removed.length}`
        + (msg.added.length ? ` (new: ${short(msg.added.join(', '), 80)})` : ''));
      break;
    case 'leadscore:error':
      log('error', `← leadscore:error ${msg.message}`);
      break;
    default:
      break;
  }
});

// --- what the page does ---------------------------------------------------------

async function fetchText(name) {
  const response = await fetch(new URL(name, import.meta.url));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.text();
}

let started = false;
let originalThreshold = null;

async function start() {
  if (started) return;
  started = true;
  try {
    const [leads, activities] = await Promise.all([fetchText('demo-leads.csv'), fetchText('demo-activities.csv')]);
    await request('leadscore:setAsOf', { asOf: AS_OF });
    const leadReport = await request('leadscore:loadLeads', { data: leads });
    const activityReport = await request('leadscore:loadActivities', { data: activities });
    showSummary(await request('leadscore:getSummary'));
    setState('loaded', `connected; ${leadReport.kept} leads and ${activityReport.kept} activities loaded`);
    for (const b of buttons) b.disabled = false;
  } catch (err) {
    setState('error', `Loading failed: ${err.message}`, true);
  }
}

async function listMqls() {
  const mqls = await request('leadscore:getMqls');
  const items = mqls.map((m) => {
    const li = document.createElement('li');
    li.textContent = `${m.name || m.id}${m.company ? `, ${m.company}` : ''}: ${m.score}`;
    return li;
  });
  $('mql-list').replaceChildren(...items);
}

async function toggleThreshold() {
  const model = JSON.parse(await request('leadscore:getModel'));
  if (originalThreshold === null) originalThreshold = model.threshold;
  const lowered = model.threshold !== originalThreshold;
  model.threshold = lowered ? originalThreshold : 30;
  showSummary(await request('leadscore:setModel', { model }));
  $('threshold').textContent = lowered ? 'Try threshold 30' : `Back to threshold ${originalThreshold}`;
}

async function download() {
  const csv = await request('leadscore:getScoredCsv');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = 'webinar-leads-scored.csv';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function guarded(fn) {
  return async () => {
    try {
      await fn();
    } catch (err) {
      log('error', err.message);
    }
  };
}

$('get-summary').addEventListener('click', guarded(async () => showSummary(await request('leadscore:getSummary'))));
$('get-mqls').addEventListener('click', guarded(listMqls));
$('threshold').addEventListener('click', guarded(toggleThreshold));
$('download').addEventListener('click', guarded(download));

// The listener above is in place before the frame starts loading, so the
// ready event cannot be missed.
frame.src = url.href;
