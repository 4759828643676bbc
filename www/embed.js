// The iframe embed: <lead-scoring-sandbox> full size, and a postMessage
// bridge between it and the page that frames this one.
//
// Security model (SPEC section 8: "postMessage accepted only from
// allowlisted origins and answered only to them"):
// - the host names the origins it talks from in this page's URL,
//   `embed.html?origins=https://crm.example.com,https://www.example.com`;
//   without it the bridge accepts nothing and the page says so;
// - a message is handled only when it comes from the parent window
//   (`event.source === window.parent`) AND from an allowlisted origin;
//   anything else is counted, logged with console.debug and never answered;
// - a reply goes to `event.source` with targetOrigin `event.origin`; events go
//   to the parent with targetOrigin set to each allowlisted origin (narrowed
//   to the parent's own origin when the browser tells us what it is). The
//   wildcard targetOrigin is never used.
//
// The protocol (request, reply and event shapes) is documented in README.md,
// section "Embedding".

const TAG = 'lead-scoring-sandbox';
const REPLY = 'leadscore:reply';
const MAX_ID_LENGTH = 200;

// Theme variables the host may set through the URL (the iframe's content is
// out of reach of the host's CSS): URL parameter -> [custom property, CSS
// property its value must be valid for].
const THEME_PARAMS = new Map([
  ['accent', ['--ls-accent', 'color']],
  ['bg', ['--ls-bg', 'color']],
  ['fg', ['--ls-fg', 'color']],
  ['muted', ['--ls-muted', 'color']],
  ['border', ['--ls-border', 'color']],
  ['radius', ['--ls-radius', 'border-radius']],
  ['font', ['--ls-font', 'font-family']],
]);

const REQUESTS = [
  'leadscore:setModel',
  'leadscore:loadLeads',
  'leadscore:loadActivities',
  'leadscore:loadOutcomes',
  'leadscore:updateLeads',
  'leadscore:setAsOf',
  'leadscore:getSummary',
  'leadscore:getMqls',
  'leadscore:getModel',
  'leadscore:getScoredCsv',
  'leadscore:compare',
];

// --- the allowlist --------------------------------------------------------------

/**
 * Reads the `origins` parameter(s): a comma-separated list of
 * `scheme://host[:port]` (http or https, no path, no wildcard). Returns the
 * normalised origins and the entries that were refused, with why.
 */
function parseOrigins(values) {
  const origins = [];
  const invalid = [];
  for (const value of values) {
    for (const raw of value.split(',')) {
      const entry = raw.trim();
      if (entry === '') continue;
      const reason = originProblem(entry);
      if (reason) {
        invalid.push({ entry, reason });
        continue;
      }
      const origin = new URL(entry).origin;
      if (!origins.includes(origin)) origins.push(origin);
    }
  }
  return { origins, invalid };
}

function originProblem(entry) {
  if (entry.includes('*')) return 'wildcards are not allowed; list each origin';
  let url;
  try {
    url = new URL(entry);
  } catch {
    return 'not a URL (expected https://host or https://host:port)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https origins can be allowed';
  if (url.username || url.password) return 'an origin carries no user name or password';
  if (url.pathname !== '/' || url.search || url.hash || /^[a-z]+:\/\/[^/]+\/./i.test(entry)) {
    return 'an origin has no path, query or fragment';
  }
  return null;
}

const params = new URLSearchParams(location.search);
const { origins, invalid } = parseOrigins(params.getAll('origins'));
const allowed = new Set(origins);
const framed = window.parent !== window;

// The parent's origin, when the browser tells us (Chromium and Safari expose
// location.ancestorOrigins; the entry is "null" when the parent hides it).
// Until known, events go to every allowlisted origin; the browser delivers a
// message only where targetOrigin matches the parent's real origin.
let parentOrigin = null;
if (framed && location.ancestorOrigins && location.ancestorOrigins.length > 0) {
  const first = location.ancestorOrigins[0];
  if (first && first !== 'null') parentOrigin = first;
}

const bridgeOn = framed && allowed.size > 0 && (parentOrigin === null || allowed.has(parentOrigin));

// --- the page -------------------------------------------------------------------

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; }
#embed-root { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; }
#embed-root > ${TAG} { display: block; flex: 1 1 auto; width: 100%; min-height: 0; }
.bridge-notice {
  margin: 0; padding: 0.5rem 0.75rem;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: #fff4e5; color: #5c3b00; border-bottom: 1px solid #f0c36d;
}
.bridge-notice[hidden] { display: none; }
.bridge-notice.error { background: #fdecea; color: #7a1b12; border-color: #f1a59c; }
`);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const notice = document.getElementById('bridge-notice');
const notes = [];

function note(text, isError = false) {
  notes.push(text);
  notice.textContent = notes.join(' ');
  notice.hidden = false;
  if (isError) notice.classList.add('error');
}

if (allowed.size === 0) {
  note('Messages from the host page are off: this embed\u2019s URL names no allowed origins '
    + '(add ?origins=https://your-site.example to the iframe src).');
} else if (!framed) {
  note('This page is not inside a frame, so its postMessage bridge is off.');
} else if (!bridgeOn) {
  note(`This embed is framed by ${parentOrigin}, which is not on its allowlist `
    + `(${origins.join(', ')}): messages from that page are ignored.`);
}
if (invalid.length > 0) {
  note(`Refused in origins: ${invalid.map((i) => `"${i.entry}" (${i.reason})`).join('; ')}.`);
}

const root = document.getElementById('embed-root');
const el = document.createElement(TAG);
const layout = params.get('layout');
if (layout === 'compact' || layout === 'full') el.setAttribute('layout', layout);
if (params.get('sample') === 'false') el.setAttribute('sample', 'false');
const asOfParam = params.get('as-of');
if (asOfParam) el.setAttribute('as-of', asOfParam);
for (const [name, [property, cssProperty]] of THEME_PARAMS) {
  const value = params.get(name);
  if (value === null || value === '') continue;
  // CSS.supports keeps out anything but a plain value (no url(), no var()).
  if (value.length <= 200 && !/url\(|var\(|[;{}]/i.test(value) && CSS.supports(cssProperty, value)) {
    el.style.setProperty(property, value);
  } else {
    note(`Ignored theme parameter ${name}: not a valid ${cssProperty} value.`);
  }
}
root.append(el);

const stats = { accepted: 0, ignored: 0 };
function showStats() {
  const d = document.documentElement.dataset;
  d.bridge = bridgeOn ? 'on' : 'off';
  d.accepted = String(stats.accepted);
  d.ignored = String(stats.ignored);
}
showStats();

// --- the element ----------------------------------------------------------------

function message(err) {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && typeof err.message === 'string') return err.message;
  return String(err);
}

// The widget is loaded from here rather than from a script tag so that a
// failure to load it is reported to the host instead of leaving it waiting.
const ready = (async () => {
  await import('./widget.js');
  await customElements.whenDefined(TAG);
  await el.ready;
})();

let isReady = false;
const heldEvents = [];

function emit(msg) {
  if (!isReady) {
    heldEvents.push(msg);
    return;
  }
  for (const origin of eventTargets()) post(window.parent, origin, msg);
}

function eventTargets() {
  if (!bridgeOn) return [];
  if (parentOrigin !== null) return allowed.has(parentOrigin) ? [parentOrigin] : [];
  return [...allowed];
}

el.addEventListener('scored', (e) => {
  emit({ type: 'leadscore:scored', summary: e.detail });
});
el.addEventListener('mqlchange', (e) => {
  const d = e.detail ?? {};
  emit({ type: 'leadscore:mqlchange', count: d.count, added: d.added ?? [], removed: d.removed ?? [] });
});
el.addEventListener('error', (e) => {
  if (e.target !== el) return;
  emit({ type: 'leadscore:error', message: message(e.detail ?? 'error') });
});

ready.then(
  () => {
    isReady = true;
    emit({ type: 'leadscore:ready' });
    for (const msg of heldEvents.splice(0)) emit(msg);
  },
  (err) => {
    note(`The lead scoring widget did not start: ${message(err)}`, true);
    isReady = true;
    heldEvents.length = 0;
    emit({ type: 'leadscore:error', message: `the widget did not start: ${message(err)}` });
  },
);

// --- the bridge -----------------------------------------------------------------

/** Posts `msg` to `target` with an explicit targetOrigin (never the wildcard). */
function post(target, origin, msg) {
  try {
    target.postMessage(msg, origin);
  } catch (err) {
    // DataCloneError: the result holds something postMessage cannot copy.
    if (msg.type === REPLY && msg.ok) {
      target.postMessage({ type: REPLY, id: msg.id, ok: false, error: `the result could not be sent: ${message(err)}` }, origin);
    } else {
      console.debug(`leadscore embed: could not post ${msg.type}: ${message(err)}`);
    }
  }
}

function refusal(event) {
  if (allowed.size === 0) return 'the embed URL names no allowed origins';
  if (!framed) return 'the embed is not inside a frame';
  if (event.source !== window.parent) return 'it does not come from the parent window';
  if (!allowed.has(event.origin)) return 'its origin is not on the allowlist';
  if (!bridgeOn) return 'the parent page is not on the allowlist';
  return null;
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && Object.prototype.toString.call(value) === '[object Object]';
}

function validId(id) {
  return (typeof id === 'string' && id.length <= MAX_ID_LENGTH) || (typeof id === 'number' && Number.isFinite(id));
}

function clip(text, n = 80) {
  return text.length > n ? `${text.slice(0, n)}\u2026` : text;
}

function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}

class BadRequest extends Error {}

/** Checks a request's shape; returns `{type, id, args}` or throws BadRequest. */
function parseRequest(data) {
  if (!isPlainObject(data)) throw new BadRequest(`a request is an object {type, id, ...}, not ${typeName(data)}`);
  const { type, id } = data;
  if (typeof type !== 'string') throw new BadRequest(`type must be a string, not ${typeName(type)}`);
  if (!REQUESTS.includes(type)) {
    throw new BadRequest(`unknown type "${clip(type)}"; expected one of ${REQUESTS.join(', ')}`);
  }
  if (!validId(id)) {
    throw new BadRequest(`id must be a string (at most ${MAX_ID_LENGTH} characters) or a finite number, not ${typeName(id)}`);
  }
  switch (type) {
    case 'leadscore:setModel': {
      const { model } = data;
      if (typeof model === 'string') return { type, id, args: [model] };
      if (isPlainObject(model)) return { type, id, args: [JSON.stringify(model)] };
      throw new BadRequest(`model must be the model JSON (a string) or a model object, not ${typeName(model)}`);
    }
    case 'leadscore:loadLeads':
    case 'leadscore:loadActivities': {
      const { data: input, mapping } = data;
      const ok = typeof input === 'string' || input instanceof Uint8Array
        || input instanceof ArrayBuffer || input instanceof Blob;
      if (!ok) throw new BadRequest(`data must be a string, a Uint8Array, an ArrayBuffer or a Blob/File, not ${typeName(input)}`);
      if (mapping === undefined || mapping === null) return { type, id, args: [input] };
      if (!isPlainObject(mapping)) throw new BadRequest(`mapping must be an object {"Header": "field_key" | null}, not ${typeName(mapping)}`);
      for (const [header, field] of Object.entries(mapping)) {
        if (field !== null && typeof field !== 'string') {
          throw new BadRequest(`mapping["${clip(header)}"] must be a field key (a string) or null, not ${typeName(field)}`);
        }
      }
      return { type, id, args: [input, mapping] };
    }
    case 'leadscore:loadOutcomes':
    case 'leadscore:updateLeads': {
      const { data: input, statusMapping } = data;
      const ok = typeof input === 'string' || input instanceof Uint8Array
        || input instanceof ArrayBuffer || input instanceof Blob;
      if (!ok) throw new BadRequest(`data must be a string, a Uint8Array, an ArrayBuffer or a Blob/File, not ${typeName(input)}`);
      if (statusMapping === undefined || statusMapping === null) return { type, id, args: [input] };
      if (type === 'leadscore:updateLeads') throw new BadRequest('updateLeads takes no statusMapping (the one set with loadOutcomes applies)');
      if (!isPlainObject(statusMapping)) {
        throw new BadRequest(`statusMapping must be an object {"Status word": {"outcome": ...} | null}, not ${typeName(statusMapping)}`);
      }
      for (const [word, to] of Object.entries(statusMapping)) {
        if (to !== null && !isPlainObject(to)) {
          throw new BadRequest(`statusMapping["${clip(word)}"] must be {"outcome": "accepted" | "rejected", "reason"?, "converted"?} or null, not ${typeName(to)}`);
        }
      }
      return { type, id, args: [input, statusMapping] };
    }
    case 'leadscore:compare': {
      const { modelA, modelB, asOf, limit } = data;
      const model = (m, name, optional) => {
        if (typeof m === 'string') return m;
        if (isPlainObject(m)) return JSON.stringify(m);
        if (optional && (m === undefined || m === null)) return undefined;
        throw new BadRequest(`${name} must be the model JSON (a string) or a model object${optional ? ' (or left out: the current model)' : ''}, not ${typeName(m)}`);
      };
      if (asOf !== undefined && (typeof asOf !== 'string' || asOf.trim() === '')) {
        throw new BadRequest(`asOf must be an ISO 8601 time (a string) or left out, not ${typeName(asOf)}`);
      }
      const rows = limit === undefined ? 100 : limit;
      if (!Number.isInteger(rows) || rows < 0 || rows > 1000) {
        throw new BadRequest(`limit must be a whole number of changed leads from 0 to 1000, not ${clip(String(limit))}`);
      }
      return { type, id, args: [model(modelA, 'modelA', false), model(modelB, 'modelB', true), asOf, rows] };
    }
    case 'leadscore:setAsOf': {
      const { asOf } = data;
      if (typeof asOf !== 'string' || asOf.trim() === '') {
        throw new BadRequest(`asOf must be an ISO 8601 time (a string), not ${typeName(asOf)}`);
      }
      return { type, id, args: [asOf] };
    }
    default:
      return { type, id, args: [] };
  }
}

async function bytes(input) {
  if (typeof input === 'string' || input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(await input.arrayBuffer()); // Blob or File
}

async function run({ type, args }) {
  await ready;
  switch (type) {
    case 'leadscore:setModel':
      await el.setModel(args[0]);
      return el.summary();
    case 'leadscore:loadLeads':
      return el.importLeads(await bytes(args[0]), ...args.slice(1));
    case 'leadscore:loadActivities':
      return el.importActivities(await bytes(args[0]), ...args.slice(1));
    case 'leadscore:loadOutcomes':
      return el.importOutcomes(await bytes(args[0]), ...args.slice(1));
    case 'leadscore:updateLeads':
      return el.updateLeads(await bytes(args[0]));
    case 'leadscore:setAsOf':
      await el.setAsOf(args[0]);
      return el.summary();
    case 'leadscore:getSummary':
      return el.summary();
    case 'leadscore:getMqls':
      return el.mqls();
    case 'leadscore:getModel':
      return el.getModel();
    case 'leadscore:getScoredCsv':
      return el.scoredCsv();
    case 'leadscore:compare': {
      const report = await el.compare(args[0], args[1], args[2]);
      const changed = await el.changedRows(0, args[3]);
      return { report, changed };
    }
    default:
      throw new Error(`unhandled type ${type}`);
  }
}

// Requests run one after another, in the order they arrived, so that
// loadLeads followed by getSummary answers with the new counts.
let queue = Promise.resolve();

function onMessage(event) {
  const why = refusal(event);
  if (why) {
    stats.ignored += 1;
    showStats();
    console.debug(`leadscore embed: ignored a message from ${event.origin || '(no origin)'}: ${why}`);
    return;
  }
  stats.accepted += 1;
  showStats();
  const source = event.source;
  const origin = event.origin;
  if (parentOrigin === null) parentOrigin = origin; // the parent has shown which origin it is
  const data = event.data;

  let request;
  try {
    request = parseRequest(data);
  } catch (err) {
    if (!(err instanceof BadRequest)) throw err;
    const id = isPlainObject(data) && validId(data.id) ? data.id : null;
    post(source, origin, { type: REPLY, id, ok: false, error: err.message });
    return;
  }
  queue = queue
    .then(() => run(request))
    .then(
      (result) => ({ type: REPLY, id: request.id, ok: true, result }),
      (err) => ({ type: REPLY, id: request.id, ok: false, error: message(err) }),
    )
    .then((reply) => post(source, origin, reply));
}

window.addEventListener('message', onMessage);
