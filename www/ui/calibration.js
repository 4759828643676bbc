// The Calibration view (SPEC section 6): does the model predict what sales
// did? Conversion by score band with 95% intervals, the MQL-to-SQL gauge
// against the 40-70% health band, the ROC curve, suggested thresholds (one
// click sets one), each rule's lift with suggested whole-number points
// (apply one or all), the rejection reasons, and a first model from the
// CRM export's columns (with leak flags), opened in the editor.
// Charts are SVG drawn here; every lead-derived text goes in as text.
import { h, s, fill } from './dom.js';
import { int } from './format.js';

const pct = (x) => (x === null || x === undefined ? '\u2013' : `${Math.round(x * 1000) / 10}%`);
const num2 = (x) => (x === null || x === undefined ? '\u2013' : (Math.round(x * 100) / 100).toFixed(2));
const REASON = { wrong_icp: 'Wrong ICP', premature: 'Premature', duplicate: 'Duplicate', unreachable: 'Unreachable', no_reason: 'No reason given' };

/** Conversion by band: bars for the rate, whiskers for the Wilson interval. */
function bandChart(bands) {
  const W = 600, H = 240, L = 44, B = 36, T = 10, R = 8;
  const shown = bands.filter((b) => b.leads > 0);
  const first = shown[0]?.lo ?? 0;
  const last = shown.at(-1)?.hi ?? 10;
  const list = bands.filter((b) => b.lo >= first && b.hi <= last);
  const bw = (W - L - R) / Math.max(1, list.length);
  const y = (r) => T + (1 - r) * (H - T - B);
  const svg = s('svg', { class: 'cal-chart cal-bands', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Conversion rate by score band, with 95% intervals' });
  for (const g of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(s('line', { class: 'grid', x1: L, x2: W - R, y1: y(g), y2: y(g) }),
      s('text', { class: 'axis', x: L - 6, y: y(g) + 4, 'text-anchor': 'end', text: `${g * 100}%` }));
  }
  const every = Math.ceil(list.length / 8);
  list.forEach((b, i) => {
    const x = L + i * bw;
    if (b.leads > 0) {
      svg.append(s('rect', { class: b.few ? 'bar few' : 'bar', x: x + bw * 0.15, width: bw * 0.7, y: y(b.rate), height: Math.max(1, y(0) - y(b.rate)) },
        s('title', { text: `${b.lo} to ${b.hi - 1}: ${pct(b.rate)} of ${int(b.leads)} (95%: ${pct(b.ci[0])} to ${pct(b.ci[1])})${b.few ? ', fewer than 30 leads' : ''}` })));
      const cx = x + bw / 2;
      svg.append(s('line', { class: 'whisker', x1: cx, x2: cx, y1: y(b.ci[0]), y2: y(b.ci[1]) }),
        s('line', { class: 'whisker', x1: cx - bw * 0.15, x2: cx + bw * 0.15, y1: y(b.ci[0]), y2: y(b.ci[0]) }),
        s('line', { class: 'whisker', x1: cx - bw * 0.15, x2: cx + bw * 0.15, y1: y(b.ci[1]), y2: y(b.ci[1]) }));
    }
    if (i % every === 0) svg.append(s('text', { class: 'axis', x: x + bw / 2, y: H - B + 16, 'text-anchor': 'middle', text: String(b.lo) }));
  });
  svg.append(s('text', { class: 'axis', x: (L + W) / 2, y: H - 4, 'text-anchor': 'middle', text: 'score band (lowest score in it); pale: fewer than 30 leads' }));
  return svg;
}

/** The ROC curve with the diagonal of a coin toss. */
function rocChart(roc, auc) {
  const S = 260, P = 34;
  const x = (f) => P + f * (S - P - 8);
  const y = (t) => S - P - t * (S - P - 8);
  const svg = s('svg', { class: 'cal-chart cal-roc', viewBox: `0 0 ${S} ${S}`, role: 'img', 'aria-label': `ROC curve, AUC ${num2(auc?.value)}` });
  svg.append(s('line', { class: 'grid', x1: x(0), y1: y(0), x2: x(1), y2: y(1) }),
    s('line', { class: 'axis-line', x1: x(0), y1: y(0), x2: x(1), y2: y(0) }),
    s('line', { class: 'axis-line', x1: x(0), y1: y(0), x2: x(0), y2: y(1) }),
    s('text', { class: 'axis', x: (x(0) + x(1)) / 2, y: S - 6, 'text-anchor': 'middle', text: 'false positive rate' }),
    s('text', { class: 'axis', x: 12, y: (y(0) + y(1)) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(y(0) + y(1)) / 2})`, text: 'true positive rate' }));
  if (roc.length) {
    const d = [...roc, [1, 1, null]].map(([f, t], i) => `${i ? 'L' : 'M'}${x(f).toFixed(1)},${y(t).toFixed(1)}`).join('');
    svg.append(s('path', { class: 'roc-line', d }));
  }
  return svg;
}

/** The MQL-to-SQL rate on a 0-100% scale with the 40-70% band marked. */
function gauge(m) {
  const W = 300, H = 44;
  const x = (r) => 6 + r * (W - 12);
  const svg = s('svg', { class: 'cal-gauge', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `MQL-to-SQL rate ${pct(m.rate)}; healthy band ${pct(m.band[0])} to ${pct(m.band[1])}` });
  svg.append(s('rect', { class: 'gauge-track', x: x(0), y: 10, width: x(1) - x(0), height: 14, rx: 7 }),
    s('rect', { class: 'gauge-band', x: x(m.band[0]), y: 10, width: x(m.band[1]) - x(m.band[0]), height: 14 }));
  for (const r of [0, 0.4, 0.7, 1]) svg.append(s('text', { class: 'axis', x: x(r), y: H - 2, 'text-anchor': r === 0 ? 'start' : r === 1 ? 'end' : 'middle', text: `${r * 100}%` }));
  if (m.rate !== null) {
    if (m.ci) svg.append(s('line', { class: 'gauge-ci', x1: x(m.ci[0]), x2: x(m.ci[1]), y1: 17, y2: 17 }));
    svg.append(s('circle', { class: `gauge-mark verdict-${m.verdict}`, cx: x(m.rate), cy: 17, r: 7 }));
  }
  return svg;
}

export class CalibrationView {
  /**
   * @param {object} o
   * @param {(options: object) => Promise<object>} o.calibrate
   * @param {(options: object) => Promise<object>} o.suggestModel
   * @param {(threshold: number) => void} o.onThreshold
   * @param {(points: {id: string, points: number}[], threshold?: number) => void} o.onApplyPoints
   * @param {(modelJson: string) => Promise} o.onOpenModel
   */
  constructor(o) {
    this.o = o;
    this.report = null;
    this.el = h('div', { class: 'calibration' }, h('p', { class: 'muted', text: 'Calibration needs sales outcomes: import them under Sales outcomes.' }));
  }

  setBusy(text) {
    fill(this.el, h('p', { class: 'muted', text }));
  }

  async refresh() {
    try {
      const r = await this.o.calibrate(this.options ?? {});
      this.render(r);
    } catch (err) {
      fill(this.el, h('p', { class: 'error', text: err.message }));
    }
  }

  render(r) {
    this.report = r;
    if (!r) return;
    const p = r.population;
    if (p.labelled === 0) {
      fill(this.el, h('p', { class: 'muted', dataset: { empty: 'true' }, text: 'No labelled leads yet: calibration needs sales outcomes (accepted, rejected as wrong ICP or premature, or converted). Import them under Sales outcomes.' }));
      return;
    }
    const m = r.mql_to_sql;
    const t = r.thresholds;
    const suggestions = [];
    if (t.best_separation) suggestions.push(['best', `Best separation: ${t.best_separation.threshold}`, t.best_separation.threshold, `Youden's J ${num2(t.best_separation.j)}`]);
    if (t.sql_rate) suggestions.push(['sql', `${pct(t.target_sql_rate)} MQL-to-SQL: ${t.sql_rate.threshold}`, t.sql_rate.threshold, `${pct(t.sql_rate.rate)} of ${int(t.sql_rate.decided_mqls)} decided MQLs`]);
    if (t.capacity?.threshold !== null && t.capacity) suggestions.push(['capacity', `${t.capacity.mqls_per_week} MQLs a week: ${t.capacity.threshold}`, t.capacity.threshold, `${num2(t.capacity.per_week)} a week`]);
    if (r.suggested) suggestions.push(['fitted', `With suggested points: ${r.suggested.threshold}`, r.suggested.threshold, 'apply the points too']);
    const capId = 'cal-capacity';
    this.capacity = h('input', { type: 'number', id: capId, class: 'cal-capacity', min: '1', step: '1', value: String(t.capacity?.mqls_per_week ?? ''), placeholder: 'e.g. 50' });
    this.capacity.addEventListener('change', () => this.withCapacity());
    const sug = new Map((r.suggested?.points ?? []).map((x) => [x.id, x]));
    fill(this.el,
      h('p', { class: 'muted cal-pop', text: `${int(p.labelled)} labelled leads (${int(p.positive)} ${r.label === 'converted' ? 'converted or accepted' : 'accepted'}, ${int(p.negative)} not), each scored as it stood before sales touched it; ` +
        `${int(p.left_out.duplicate + p.left_out.unreachable + p.left_out.no_reason)} decided leads left out (duplicate ${int(p.left_out.duplicate)}, unreachable ${int(p.left_out.unreachable)}, no reason ${int(p.left_out.no_reason)})` +
        (p.scored_at_as_of ? `; ${int(p.scored_at_as_of)} with no contact or decision time, scored at as-of` : '') + '.' }),
      h('div', { class: 'cal-grid' },
        h('section', { class: 'cal-card cal-bands-card' },
          h('h3', { text: 'Conversion by score band' }), bandChart(r.bands),
          h('div', { class: 'table-scroll' }, h('table', { class: 'cal-table cal-band-table' },
            h('thead', null, h('tr', null, ['Band', 'Leads', 'Positive', 'Rate', '95% interval'].map((x) => h('th', { text: x })))),
            h('tbody', null, r.bands.filter((b) => b.leads > 0).map((b) => h('tr', { class: b.few ? 'few' : null, dataset: { lo: String(b.lo) } },
              h('td', { class: 'band', text: `${b.lo} to ${b.hi - 1}` }), h('td', { class: 'num', text: int(b.leads) }), h('td', { class: 'num', text: int(b.positive) }),
              h('td', { class: 'num cal-rate', text: pct(b.rate) }), h('td', { class: 'num', text: `${pct(b.ci[0])}\u2013${pct(b.ci[1])}${b.few ? ' (few)' : ''}` }))))))),
        h('section', { class: 'cal-card' },
          h('h3', { text: 'MQL-to-SQL rate' }),
          h('p', null, h('strong', { class: 'cal-sql', text: pct(m.rate) }), m.rate === null ? '' : ` (${int(m.accepted)} of ${int(m.decided_mqls)} decided MQLs)`),
          gauge(m), h('p', { class: `muted verdict-${m.verdict}`, text: `${m.advice}.` }),
          h('h3', { text: 'ROC curve' }), rocChart(r.roc, r.auc),
          h('p', null, 'AUC ', h('strong', { class: 'cal-auc', text: num2(r.auc?.value) }),
            r.auc?.ci ? ` (95%: ${num2(r.auc.ci[0])} to ${num2(r.auc.ci[1])})` : '', h('span', { class: 'muted', text: ' \u00b7 0.5 is a coin toss, 1 a perfect ranking' })))),
      h('section', { class: 'cal-card' },
        h('h3', { text: 'Suggested thresholds' }),
        h('p', { class: 'muted', text: `Current threshold ${r.threshold}: ${int(t.mqls_now)} MQLs over ${num2(t.period.weeks)} weeks. A button sets the threshold.` }),
        h('div', { class: 'button-row cal-thresholds' }, suggestions.map(([key, label, value, hint]) => h('button', {
          type: 'button', class: 'btn', dataset: { suggest: key, threshold: String(value) }, title: hint, text: label,
          on: { click: () => (key === 'fitted' ? this.applyAll() : this.o.onThreshold(value)) },
        }))),
        h('div', { class: 'field inline-controls' }, h('label', { for: capId, text: 'Sales capacity, MQLs per week' }), this.capacity)),
      h('section', { class: 'cal-card' },
        h('h3', { text: 'Rules: lift and suggested points' }),
        r.suggested ? h('p', { class: 'muted', text: `Points refitted to the outcomes (ridge logistic regression on the rules' hits): AUC ${num2(r.suggested.auc_before)} now, ${num2(r.suggested.auc_after)} with them at threshold ${r.suggested.threshold} (${int(r.suggested.mqls_before)} MQLs now, ${int(r.suggested.mqls_after)} then).` }) : null,
        h('div', { class: 'table-scroll' }, h('table', { class: 'cal-table cal-rules' },
          h('thead', null, h('tr', null, ['Rule', 'With', 'Rate with', 'Rate without', 'Lift (95%)', 'Points', 'Suggested', ''].map((x) => h('th', { text: x })))),
          h('tbody', null, r.rules.map((x) => {
            const sp = sug.get(x.id)?.suggested;
            return h('tr', { dataset: { rule: x.id }, class: x.few ? 'few' : null },
              h('th', { scope: 'row', text: x.label || x.id }),
              h('td', { class: 'num', text: int(x.with.leads) }),
              h('td', { class: 'num', text: pct(x.with.rate) }),
              h('td', { class: 'num', text: pct(x.without.rate) }),
              h('td', { class: 'num cal-lift', text: x.lift === null ? '\u2013' : `${num2(x.lift)} (${num2(x.lift_ci[0])}\u2013${num2(x.lift_ci[1])})${x.few ? ' few' : ''}` }),
              h('td', { class: 'num', text: String(x.points) }),
              h('td', { class: 'num cal-suggested', text: sp === null || sp === undefined ? '\u2013' : String(sp) }),
              h('td', null, sp === null || sp === undefined || sp === x.points ? null : h('button', { type: 'button', class: 'btn btn-small', dataset: { apply: x.id }, text: 'Apply',
                on: { click: () => this.o.onApplyPoints([{ id: x.id, points: sp }]) } })));
          })))),
        r.suggested ? h('div', { class: 'button-row' }, h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'apply-all' }, text: `Apply all suggested points (threshold ${r.suggested.threshold})`, on: { click: () => this.applyAll() } })) : null),
      h('section', { class: 'cal-card' },
        h('h3', { text: 'Why sales rejected' }),
        h('div', { class: 'table-scroll' }, h('table', { class: 'cal-table cal-reasons' },
          h('thead', null, h('tr', null, ['Reason', 'Leads', 'Share', 'What it suggests'].map((x) => h('th', { text: x })))),
          h('tbody', null, r.rejections.map((x) => h('tr', { dataset: { reason: x.reason }, class: x.leads ? (x.many ? 'many' : null) : 'muted' },
            h('th', { scope: 'row', text: REASON[x.reason] ?? x.reason }),
            h('td', { class: 'num', text: int(x.leads) }),
            h('td', { class: 'num', text: pct(x.share) }),
            h('td', null, x.suggestion, x.fit_rules.length ? h('span', { class: 'muted', text: ` Matched: ${x.fit_rules.map((f) => `${f.label || f.id} (${int(f.leads)})`).join(', ')}.` }) : null))))))),
      this.firstModelCard());
  }

  firstModelCard() {
    this.firstOut = h('div', { class: 'cal-first-out', 'aria-live': 'polite' });
    return h('section', { class: 'cal-card' },
      h('h3', { text: 'A first model from these outcomes' }),
      h('p', { class: 'muted', text: 'Rules found in every column and activity type of your export, weighed on 70% of the labelled leads (the oldest) and measured on the newest 30%. Columns that give the outcome away are flagged and left out.' }),
      h('div', { class: 'button-row' }, h('button', { type: 'button', class: 'btn', dataset: { action: 'first-model' }, text: 'Build a first model from these outcomes', on: { click: () => this.firstModel() } })),
      this.firstOut);
  }

  async firstModel() {
    fill(this.firstOut, h('p', { class: 'muted', text: 'Fitting\u2026' }));
    try {
      const m = await this.o.suggestModel({ from: 'columns' });
      this.suggestedModel = m;
      fill(this.firstOut,
        h('p', null, `${m.rules.length} rules, threshold ${m.threshold}: AUC `, h('strong', { class: 'cal-first-auc', text: num2(m.auc_holdout) }),
          ` on ${int(m.split.holdout)} held-out leads (${num2(m.auc_train)} on the training leads).`),
        m.leaks.length ? h('ul', { class: 'cal-leaks' }, m.leaks.map((l) => h('li', { dataset: { column: l.column } },
          h('strong', { text: l.column }), `: ${l.reason}`, l.included ? ' (included as you asked)' : ' (left out)'))) : h('p', { class: 'muted', text: 'No column looks like it leaks the outcome.' }),
        h('div', { class: 'button-row' }, h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'open-first-model' }, text: 'Open it in the model editor',
          on: { click: () => this.o.onOpenModel(m.model) } })));
    } catch (err) {
      fill(this.firstOut, h('p', { class: 'error', text: err.message }));
    }
  }

  applyAll() {
    const r = this.report;
    if (!r?.suggested) return;
    this.o.onApplyPoints(r.suggested.points.filter((x) => x.suggested !== null).map((x) => ({ id: x.id, points: x.suggested })), r.suggested.threshold);
  }

  async withCapacity() {
    const v = Number(this.capacity.value);
    try {
      this.options = v > 0 ? { mqls_per_week: v } : {};
      this.render(await this.o.calibrate(this.options));
    } catch (err) {
      fill(this.el, h('p', { class: 'error', text: err.message }));
    }
  }
}
