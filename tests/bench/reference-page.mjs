// The page side of tests/bench/reference.mjs (loaded by reference.html).
//
// Reference: PapaParse (window.Papa, header: true) and a plain JavaScript
// scorer of the seed example model, written from SPEC section 3.
// Leadscore: the wasm engine from pkg/, on the main thread like the reference.
// window.bench.run(asOf) times both on the same CSV text (fetched once from
// /target/bench-data/, where the Node driver links .bench/'s files).

import init, { Workspace } from '/pkg/leadscore.js';

const DAY = 86_400_000;
const THRESHOLD = 50;

// ---- reading cells (SPEC section 2) ----------------------------------------

const PLACEHOLDERS = new Set(['', 'null', 'n/a', '#n/a', 'select']);
/** A cell, trimmed, or '' when it is blank or a placeholder. */
function cell(v) {
  if (v == null) return '';
  const t = String(v).trim();
  return PLACEHOLDERS.has(t.toLowerCase()) ? '' : t;
}
/** Header names match ignoring case, spaces, `_` and `-`. */
const headerKey = (h) => h.toLowerCase().replace(/[\s_-]+/g, '');

/** ISO 8601 date or date-time (or `YYYY-MM-DD HH:MM:SS`, UTC) to ms, or NaN. */
function parseTime(s) {
  if (!s) return NaN;
  s = String(s);
  // The common case, `YYYY-MM-DDTHH:MM:SSZ`: Date.parse reads it as it is.
  if (s.length === 20 && s.charCodeAt(10) === 84 && s.charCodeAt(19) === 90) return Date.parse(s);
  let t = s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00Z';
  else {
    t = t.replace(' ', 'T');
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(t)) t += 'Z';
  }
  return Date.parse(t);
}

// ---- the seed example model (SPEC section 3) -------------------------------

const TITLE_TOKENS = new Set(['vp', 'svp', 'evp', 'chief', 'ceo', 'cfo', 'coo', 'cto', 'cmo', 'cio', 'cro', 'ciso']);
const TYPES = new Set(['page_view', 'visit', 'content_download', 'email_open', 'email_click', 'form_submit', 'demo_request', 'unsubscribe']);
const INDUSTRIES = new Set(['software', 'financial services', 'healthcare', 'manufacturing']);

function icpTitle(title) {
  const tokens = title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    if (TITLE_TOKENS.has(tokens[i])) return true;
    if (tokens[i] === 'vice' && tokens[i + 1] === 'president') return true;
  }
  return false;
}

function fitPoints(lead) {
  let pts = 0;
  if (icpTitle(lead.title)) pts += 15;
  const sizeText = lead.company_size;
  if (sizeText !== '' && /^[+-]?\d+$/.test(sizeText)) {
    const size = Number(sizeText);
    if (size >= 200 && size <= 5000) pts += 10;
    if (size < 50) pts -= 30;
  }
  if (INDUSTRIES.has(lead.industry.toLowerCase())) pts += 10;
  return pts;
}

function decayFactor(days) {
  if (days <= 30) return 1;
  if (days <= 60) return 0.75;
  if (days <= 90) return 0.5;
  return 0;
}

/**
 * Scores parsed rows (PapaParse `data`, header: true) as of `asOfMs`.
 * Returns {scores: Int32Array, mql, nurture, instant, unmatched, wrongIcpMql}.
 */
export function scoreReference(leadRows, activityRows, asOfMs) {
  const n = leadRows.length;
  const leads = new Array(n);
  const byId = new Map();
  for (let i = 0; i < n; i++) {
    const r = leadRows[i];
    const lead = {
      title: cell(r.title),
      company_size: cell(r.companysize),
      industry: cell(r.industry),
      wrongIcp: cell(r.salesoutcome).toLowerCase() === 'rejected' && cell(r.rejectionreason).toLowerCase() === 'wrong_icp',
    };
    leads[i] = lead;
    const id = cell(r.id) || cell(r.email);
    if (id && !byId.has(id)) byId.set(id, i);
  }

  // Per-lead behavioral state.
  const pricing = new Uint8Array(n);
  const careers = new Uint8Array(n);
  const unsub = new Uint8Array(n);
  const demo = new Uint8Array(n);
  const instant = new Uint8Array(n);
  const caseStudies = new Int32Array(n);
  const opens = new Int32Array(n);
  const lastEngaged = new Float64Array(n).fill(-Infinity);
  const visits = new Array(n);
  const openFrom = asOfMs - 30 * DAY; // exclusive
  let unmatched = 0;

  for (const r of activityRows) {
    // Fast paths for cells already in canonical form; the general reading otherwise.
    let i = byId.get(r.leadid);
    if (i === undefined) i = byId.get(cell(r.leadid));
    if (i === undefined) { unmatched++; continue; }
    let t = parseTime(r.timestamp);
    if (t !== t) t = parseTime(cell(r.timestamp));
    if (!(t <= asOfMs)) continue; // after as-of (or unreadable): ignored
    let type = r.type;
    if (!TYPES.has(type)) type = cell(type).toLowerCase();
    if (type !== 'unsubscribe' && t > lastEngaged[i]) lastEngaged[i] = t;
    switch (type) {
      case 'page_view': {
        const d = cell(r.detail).toLowerCase();
        if (d.includes('/pricing')) pricing[i] = 1;
        if (d.includes('/careers')) careers[i] = 1;
        break;
      }
      case 'content_download':
        if (cell(r.detail).toLowerCase().includes('case-study')) caseStudies[i]++;
        break;
      case 'demo_request':
        demo[i] = 1;
        if (Math.floor((asOfMs - t) / DAY) <= 90) instant[i] = 1;
        break;
      case 'email_open':
        if (t > openFrom) opens[i]++;
        break;
      case 'visit':
        (visits[i] ??= []).push(t);
        break;
      case 'unsubscribe':
        unsub[i] = 1;
        break;
      default:
        break;
    }
  }

  const scores = new Int32Array(n);
  let mql = 0;
  let instantCount = 0;
  let wrongIcpMql = 0;
  for (let i = 0; i < n; i++) {
    let positive = 0;
    if (pricing[i]) positive += 20;
    positive += 15 * caseStudies[i];
    if (demo[i]) positive += 50;
    if (opens[i] >= 3) positive += 10;
    const v = visits[i];
    if (v && v.length >= 3) {
      v.sort((a, b) => a - b);
      for (let k = 0; k + 2 < v.length; k++) {
        if (v[k + 2] - v[k] < 7 * DAY) { positive += 15; break; }
      }
    }
    let negative = 0;
    if (unsub[i]) negative -= 20;
    if (careers[i]) negative -= 10;
    let decayed = 0;
    if (positive > 0 && lastEngaged[i] !== -Infinity) {
      const days = Math.floor((asOfMs - lastEngaged[i]) / DAY);
      decayed = Math.floor(positive * decayFactor(days));
    }
    const score = fitPoints(leads[i]) + decayed + negative;
    scores[i] = score;
    const isMql = instant[i] === 1 || score >= THRESHOLD;
    if (isMql) {
      mql++;
      if (instant[i]) instantCount++;
      if (leads[i].wrongIcp) wrongIcpMql++;
    }
  }
  return { scores, mql, nurture: n - mql, instant: instantCount, unmatched, wrongIcpMql };
}

// ---- the timed runs --------------------------------------------------------

const PAPA = { header: true, skipEmptyLines: true, transformHeader: headerKey };
let texts = null;

async function load() {
  if (texts) return texts;
  const get = async (name) => {
    const res = await fetch(`/target/bench-data/${name}`);
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    return res.text();
  };
  const [leads, activities] = await Promise.all([get('leads.csv'), get('activities.csv')]);
  texts = { leads, activities };
  return texts;
}

function reference(asOf) {
  const { leads, activities } = texts;
  const t0 = performance.now();
  const l = Papa.parse(leads, PAPA);
  const a = Papa.parse(activities, PAPA);
  const t1 = performance.now();
  const r = scoreReference(l.data, a.data, Date.parse(asOf));
  const t2 = performance.now();
  return {
    parse: t1 - t0, score: t2 - t1, total: t2 - t0,
    leads: l.data.length, activities: a.data.length,
    parseErrors: l.errors.length + a.errors.length,
    mql: r.mql, nurture: r.nurture, instant: r.instant, unmatched: r.unmatched, wrongIcpMql: r.wrongIcpMql,
    scores: r.scores,
  };
}

function leadscore(asOf) {
  const { leads, activities } = texts;
  const ws = new Workspace();
  try {
    const t0 = performance.now();
    // The plain JS scorer knows no sales decisions (SPEC section 3 without
    // section 6): the decision columns are read as custom fields here too.
    const lr = ws.importLeads(leads, { sales_outcome: null, rejection_reason: null, rejected_at: null });
    const ar = ws.importActivities(activities);
    const t1 = performance.now();
    const summary = ws.score(asOf);
    const scores = ws.scores();
    const t2 = performance.now();
    return {
      parse: t1 - t0, score: t2 - t1, total: t2 - t0,
      leads: lr.kept, activities: ar.kept, rejected: lr.rejected + ar.rejected,
      unmatched: ar.unmatched_activities,
      mql: summary.mql, nurture: summary.nurture, disqualified: summary.disqualified, instant: summary.instant,
      scores,
    };
  } finally {
    ws.free();
  }
}

/** Per-lead score comparison: count of differences and the first few. */
function compare(a, b) {
  let diff = 0;
  const first = [];
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      diff++;
      if (first.length < 10) first.push({ index: i, reference: a[i], leadscore: b[i] });
    }
  }
  return { lengths: [a.length, b.length], diff, first };
}

window.bench = {
  ready: init().then(load).then((t) => ({ leadChars: t.leads.length, activityChars: t.activities.length })),
  /** One run of each (order alternates with `i` so neither always goes first). */
  run(asOf, i) {
    const first = i % 2 === 0 ? reference : leadscore;
    const second = first === reference ? leadscore : reference;
    const x = first(asOf);
    const y = second(asOf);
    const ref = first === reference ? x : y;
    const ls = first === reference ? y : x;
    const cmp = compare(ref.scores, ls.scores);
    delete ref.scores;
    delete ls.scores;
    return { reference: ref, leadscore: ls, compare: cmp };
  },
};
