// One lead's explanation: every rule with its points and the events behind
// it, what decay removed, the crossing and what drove it, and the score
// timeline against the threshold.
import { h, s } from './dom.js';
import { int, points, time, date, STATUS_LABEL } from './format.js';

const EVENTS_SHOWN = 6;

function badge(status, instant) {
  return h('span', { class: `badge badge-${status}`, text: STATUS_LABEL[status] + (instant && status === 'mql' ? ' \u2691' : '') });
}

function eventList(events) {
  const list = h('ul', { class: 'events' });
  for (const e of events.slice(0, EVENTS_SHOWN)) {
    list.append(h('li', null,
      h('time', { datetime: e.time, text: time(e.time) }), ' ',
      h('span', { class: 'event-type', text: e.type }),
      e.detail ? h('span', { class: 'event-detail', text: ` ${e.detail}` }) : null));
  }
  if (events.length > EVENTS_SHOWN) {
    const rest = h('ul', { class: 'events' });
    for (const e of events.slice(EVENTS_SHOWN)) {
      rest.append(h('li', null,
        h('time', { datetime: e.time, text: time(e.time) }), ' ',
        h('span', { class: 'event-type', text: e.type }),
        e.detail ? h('span', { class: 'event-detail', text: ` ${e.detail}` }) : null));
    }
    return h('div', null, list,
      h('details', { class: 'more' }, h('summary', { text: `${int(events.length - EVENTS_SHOWN)} more` }), rest));
  }
  return list;
}

function why(c) {
  if (c.events && c.events.length) {
    const times = c.count === 1 ? 'once' : `${int(c.count)} times`;
    return h('div', null,
      h('p', { class: 'why-line', text: `Matched ${times}${c.capped ? ' (capped)' : ''}:` }),
      eventList(c.events));
  }
  if (c.field) {
    return h('p', { class: 'why-line' }, h('code', { text: c.field }), ' = ', h('q', { text: c.value ?? '' }));
  }
  return h('p', { class: 'why-line', text: c.count > 1 ? `Matched ${int(c.count)} times${c.capped ? ' (capped)' : ''}` : 'Matched' });
}

function flags(c) {
  const out = [];
  if (c.instant_mql) out.push(h('span', { class: 'flag flag-instant', text: 'instant MQL' }));
  if (c.disqualify) out.push(h('span', { class: 'flag flag-disq', text: 'disqualifier' }));
  return out;
}

function contributions(list) {
  if (!list.length) return h('p', { class: 'muted', text: 'No rule matched this lead.' });
  const table = h('table', { class: 'contrib' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', text: 'Rule' }),
      h('th', { scope: 'col', class: 'num', text: 'Points' }),
      h('th', { scope: 'col', text: 'Why' }))));
  const body = h('tbody');
  for (const c of list) {
    body.append(h('tr', { class: c.points < 0 ? 'neg' : '' },
      h('th', { scope: 'row' }, h('span', { class: 'rule-label', text: c.label || c.rule }),
        h('span', { class: `cat cat-${c.category}`, text: c.category === 'fit' ? 'fit' : 'behavior' }), flags(c)),
      h('td', { class: 'num pts', text: points(c.points) }),
      h('td', null, why(c))));
  }
  table.append(body);
  return table;
}

function niceStep(range, target) {
  const raw = range / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** The score over time as a step line, with the threshold and the crossing. */
export function timelineSvg(ex, width = 640, height = 220) {
  const pts = ex.timeline.map((p) => ({ t: Date.parse(p.time), score: p.score, status: p.status }));
  const asOf = Date.parse(ex.as_of);
  const svg = s('svg', {
    class: 'timeline', role: 'img', viewBox: `0 0 ${width} ${height}`,
    'aria-label': `Score timeline of ${ex.name || ex.id}: ${pts.length} points, threshold ${ex.threshold}, score ${ex.score} as of ${time(ex.as_of)}`,
  });
  if (!pts.length) {
    svg.append(s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'tick', text: 'No activity to plot' }));
    return svg;
  }
  const m = { left: 44, right: 14, top: 16, bottom: 28 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const first = Math.min(pts[0].t, asOf);
  const t1 = Math.max(asOf, pts[pts.length - 1].t);
  const t0 = first - Math.max(3_600_000, (t1 - first) * 0.03);
  const tspan = Math.max(1, t1 - t0);
  let lo = Math.min(0, ex.threshold, ...pts.map((p) => p.score));
  let hi = Math.max(ex.threshold, ...pts.map((p) => p.score));
  const step = niceStep(hi - lo || 10, 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  if (hi === lo) hi = lo + step;
  const x = (t) => m.left + ((t - t0) / tspan) * pw;
  const y = (v) => m.top + ph - ((v - lo) / (hi - lo)) * ph;

  const grid = s('g', { class: 'grid' });
  for (let v = lo; v <= hi; v += step) {
    grid.append(s('line', { x1: m.left, x2: m.left + pw, y1: y(v), y2: y(v) }));
    grid.append(s('text', { x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick', text: String(v) }));
  }
  grid.append(s('text', { x: x(first), y: height - 8, class: 'tick', text: date(first) }));
  grid.append(s('text', { x: m.left + pw, y: height - 8, 'text-anchor': 'end', class: 'tick', text: date(t1) }));

  const thr = s('g', { class: 'threshold' },
    s('line', { x1: m.left, x2: m.left + pw, y1: y(ex.threshold), y2: y(ex.threshold) }),
    s('text', { x: m.left + 4, y: y(ex.threshold) - 5, class: 'threshold-label', text: `Threshold ${ex.threshold}` }));

  let d = `M${x(pts[0].t).toFixed(1)},${y(pts[0].score).toFixed(1)}`;
  for (const p of pts.slice(1)) d += ` H${x(p.t).toFixed(1)} V${y(p.score).toFixed(1)}`;
  d += ` H${x(t1).toFixed(1)}`;
  const line = s('path', { class: 'score-line', d });

  const dots = s('g', { class: 'dots' });
  for (const p of pts) {
    dots.append(s('circle', { cx: x(p.t), cy: y(p.score), r: 3.5, class: `dot dot-${p.status}` },
      s('title', { text: `${time(p.t)}: score ${p.score} (${STATUS_LABEL[p.status]})` })));
  }
  svg.append(grid, thr, line, dots);
  if (ex.crossed_at) {
    const cx = x(Date.parse(ex.crossed_at));
    svg.append(s('g', { class: 'crossing' },
      s('line', { x1: cx, x2: cx, y1: m.top, y2: m.top + ph }),
      s('text', {
        x: Math.min(cx + 4, width - m.right - 60), y: m.top + 10, class: 'crossing-label', text: 'crossed',
      })));
  }
  return svg;
}

/** The whole explanation, as a fragment for the dialog body. */
export function explanation(ex, { width = 760 } = {}) {
  const fit = ex.contributions.filter((c) => c.category === 'fit');
  const behavior = ex.contributions.filter((c) => c.category === 'behavior');

  const head = h('header', { class: 'ex-head' },
    h('div', null,
      h('h2', { class: 'ex-name', id: 'explain-title', text: ex.name || ex.id }),
      h('p', { class: 'muted ex-sub', text: [ex.fields.find((f) => f.field === 'title')?.value,
        ex.fields.find((f) => f.field === 'company')?.value].filter(Boolean).join(' \u00b7 ') }),
      h('p', { class: 'muted ex-sub', text: `id ${ex.id} \u00b7 line ${ex.line} \u00b7 as of ${time(ex.as_of)}` })),
    h('div', { class: 'ex-score' },
      h('span', { class: 'ex-score-value', text: String(ex.score) }),
      badge(ex.status, ex.instant)));

  const stats = h('dl', { class: 'ex-stats' },
    h('div', null, h('dt', { text: 'Fit' }), h('dd', { text: points(ex.fit) })),
    h('div', null, h('dt', { text: 'Behavior' }), h('dd', { text: points(ex.behavior) })),
    h('div', null, h('dt', { text: 'Threshold' }), h('dd', { text: String(ex.threshold) })),
    h('div', null, h('dt', { text: 'Activities' }), h('dd', { text: int(ex.activities) })));

  let crossing;
  if (ex.status === 'suppressed') {
    crossing = h('p', { class: 'callout callout-suppressed', text: 'Suppressed: sales rejected this lead as wrong ICP, and no fit field has changed since. It cannot become an MQL until one does (an update import).' });
  } else if (ex.status === 'recycled') {
    crossing = h('p', { class: 'callout callout-recycled', text: `Recycled: sales said it was premature. It is back in the education nurture and is re-evaluated ${ex.next_step?.date ? `from ${ex.next_step.date}` : 'later'} on new behavior.` });
  } else if (ex.status === 'disqualified') {
    crossing = h('p', { class: 'callout callout-disq', text: 'Disqualified: a disqualifier rule matched, so this lead cannot become an MQL whatever its score.' });
  } else if (ex.crossed_at) {
    crossing = h('div', { class: 'callout callout-mql' },
      h('p', null, h('strong', { text: 'Crossed the threshold ' }), h('time', { datetime: ex.crossed_at, text: time(ex.crossed_at) }),
        ex.instant ? ' \u2014 a hand-raiser (an instant-MQL rule counts).' : '.'),
      ex.drivers.length ? h('p', { text: 'What drove it there:' }) : null,
      ex.drivers.length ? h('ul', { class: 'drivers' }, ex.drivers.map((c) => h('li', null,
        h('span', { class: 'pts', text: points(c.points) }), ' ', h('span', { text: c.label || c.rule }),
        c.events.length ? h('span', { class: 'muted', text: ` (${c.events.map((e) => e.detail || e.type).slice(0, 3).join(', ')})` }) : null))) : null);
  } else if (ex.status === 'mql') {
    crossing = h('p', { class: 'callout callout-mql', text: 'MQL (no crossing time: it qualified without a dated event).' });
  } else {
    const gap = ex.threshold - ex.score;
    crossing = h('p', { class: 'callout', text: `Nurture: ${int(gap)} ${gap === 1 ? 'point' : 'points'} below the threshold.` });
  }

  let sales = null;
  if (ex.decisions?.length) {
    const said = (d) => d.outcome === 'accepted' ? `accepted${d.converted ? ', converted' : ''}` : `rejected${d.reason ? ` (${d.reason.replace('_', ' ')})` : ''}`;
    sales = h('section', { class: 'ex-section ex-sales' },
      h('h3', { text: 'Sales decisions' }),
      ex.next_step ? h('p', { class: 'next-step', dataset: { code: ex.next_step.code } }, h('strong', { text: 'Next: ' }), ex.next_step.text) : null,
      ex.released ? h('p', { class: 'released', text: `Released by a fit change: ${ex.released.field} was "${ex.released.from}", now "${ex.released.to}".` }) : null,
      ex.behavior_since ? h('p', { class: 'muted', text: `Behavior counts from ${time(ex.behavior_since)} on: ${int(ex.activities_before_restart)} earlier ${ex.activities_before_restart === 1 ? 'activity is' : 'activities are'} left out.` }) : null,
      h('ol', { class: 'decisions' }, ex.decisions.map((d) => h('li', { class: [d.applies ? 'applies' : null, d.after_as_of ? 'muted' : null] },
        h('span', { text: d.at ? time(d.at) : 'undated' }), ' — ', h('span', { text: said(d) }),
        h('span', { class: 'muted', text: ` (${d.source.kind === 'lead_table' ? 'lead table' : `outcome log line ${d.source.line}`})` }),
        d.applies ? h('strong', { text: ' in force' }) : null,
        d.after_as_of ? h('span', { text: ' after as-of: ignored' }) : null))));
  }

  const dc = ex.decay;
  let decay;
  if (!dc.last_engagement) {
    decay = h('p', { class: 'muted', text: 'No engagement: nothing to decay.' });
  } else {
    decay = h('p', null,
      `Last engagement ${time(dc.last_engagement)}, ${int(dc.days_since ?? 0)} ${dc.days_since === 1 ? 'day' : 'days'} before as-of: `,
      `positive behavior points \u00d7 ${dc.factor} = ${dc.before} \u2192 ${dc.after}`,
      dc.removed ? h('strong', { text: ` (decay removed ${dc.removed})` }) : ' (nothing removed)');
  }

  const fieldsTable = h('table', { class: 'fields' },
    h('tbody', null, ex.fields.map((f) => h('tr', null,
      h('th', { scope: 'row', text: f.header }),
      h('td', { class: 'muted', text: f.field ?? 'custom' }),
      h('td', { text: f.value })))));

  return [
    head,
    stats,
    crossing,
    sales,
    h('section', { class: 'ex-section' }, h('h3', { text: 'Score over time' }), timelineSvg(ex, Math.max(280, Math.floor(width)), width < 500 ? 200 : 230)),
    h('section', { class: 'ex-section' }, h('h3', { text: `Fit rules (${points(fit.reduce((a, c) => a + c.points, 0))})` }), contributions(fit)),
    h('section', { class: 'ex-section' }, h('h3', { text: `Behavior rules (${points(behavior.reduce((a, c) => a + c.points, 0))} before decay)` }), contributions(behavior)),
    h('section', { class: 'ex-section' }, h('h3', { text: 'Decay' }), decay),
    ex.activities_after_as_of
      ? h('p', { class: 'muted', text: `${int(ex.activities_after_as_of)} later activities are after the as-of time and ignored.` })
      : null,
    h('details', { class: 'ex-section' }, h('summary', { text: `All fields (${ex.fields.length})` }), fieldsTable),
  ];
}
