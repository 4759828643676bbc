// The Compare view (SPEC 9): two model versions on the loaded leads. Counts
// side by side with the difference, the transition matrix, the changed
// leads (virtual scrolling, sortable, each opening both explanations), the
// AUCs when outcomes exist, and the weekly MQL volume of both from
// `replay`, drawn here as SVG. Lead fields go in as text only.
import { h, s, fill, nextId } from './dom.js';
import { int, delta } from './format.js';
import { explanation } from './explain.js';

const STATUSES = ['mql', 'nurture', 'disqualified', 'suppressed', 'recycled'];
const LABEL = { mql: 'MQL', nurture: 'Nurture', disqualified: 'Disqualified', suppressed: 'Suppressed', recycled: 'Recycled' };
const ROW_H = 40;
const PAGE = 100;
const OVERSCAN = 6;

function fmtAuc(x) {
  return x === null || x === undefined ? '–' : x.toFixed(3);
}

export class CompareView {
  /**
   * `choices()`: the versions `[{key, label, model}]`; `run(a, b, weeks)`:
   * resolves to `{report, replay}`; `page(offset, limit, options)`;
   * `explainBoth(index)`: resolves to `[explanationA, explanationB]`.
   */
  constructor({ choices, run, page, explainBoth }) {
    this.choices = choices;
    this.run = run;
    this.page = page;
    this.explainBoth = explainBoth;
    this.pages = new Map();
    this.total = 0;
    this.gen = 0;
    const aId = nextId('cmp-a');
    const bId = nextId('cmp-b');
    const wId = nextId('cmp-weeks');
    this.selA = h('select', { id: aId, class: 'cmp-select-a' });
    this.selB = h('select', { id: bId, class: 'cmp-select-b' });
    this.weeks = h('input', { id: wId, type: 'number', min: '1', max: '104', value: '13', class: 'cmp-weeks' });
    this.goBtn = h('button', { type: 'button', class: 'btn btn-primary cmp-run', text: 'Compare', on: { click: () => this.compare() } });
    this.status = h('p', { class: 'muted cmp-status', role: 'status' });
    this.countsBody = h('tbody');
    this.countsHead = h('thead');
    this.countsCaption = h('caption', { class: 'cmp-caption' });
    this.matrix = h('table', { class: 'cmp-matrix' });
    this.changedLine = h('p', { class: 'cmp-changed-line' });
    this.quality = h('div', { class: 'cmp-quality' });
    this.chart = h('div', { class: 'cmp-chart' });
    this.sortSel = h('select', { class: 'cmp-sort', 'aria-label': 'Sort the changed leads' },
      h('option', { value: 'change:desc', text: 'Biggest gain first' }),
      h('option', { value: 'change:asc', text: 'Biggest drop first' }),
      h('option', { value: 'score_b:desc', text: 'Score under B, high first' }),
      h('option', { value: 'score_a:desc', text: 'Score under A, high first' }),
      h('option', { value: 'file:asc', text: 'File order' }));
    this.sortSel.addEventListener('change', () => this.resetRows());
    this.spacer = h('div', { class: 'cmp-spacer', role: 'rowgroup' });
    this.viewport = h('div', { class: 'cmp-viewport', role: 'table', 'aria-label': 'Leads whose status changes', tabindex: '0' },
      h('div', { class: 'cmp-row cmp-row-head', role: 'row' },
        ...['Lead', 'A', 'B', '\u00b1', 'Status'].map((t) => h('span', { role: 'columnheader', text: t }))),
      this.spacer);
    this.viewport.addEventListener('scroll', () => this.renderRows());
    this.detail = h('div', { class: 'cmp-detail', hidden: true });
    this.result = h('div', { class: 'cmp-result', hidden: true },
      h('div', { class: 'cmp-grid' },
        h('section', { class: 'cmp-block' }, h('h3', { text: 'Counts' }), h('table', { class: 'cmp-counts' }, this.countsCaption, this.countsHead, this.countsBody)),
        h('section', { class: 'cmp-block' }, h('h3', { text: 'Transitions (rows A, columns B)' }), h('div', { class: 'cmp-scroll' }, this.matrix))),
      this.quality,
      h('section', { class: 'cmp-block' }, h('h3', { text: 'Weekly MQL volume sales would have received' }), this.chart),
      h('section', { class: 'cmp-block' },
        h('div', { class: 'panel-head' }, h('h3', { text: 'Leads whose status changes' }), this.sortSel),
        this.changedLine, this.viewport, this.detail));
    this.el = h('div', { class: 'compare-view' },
      h('div', { class: 'cmp-controls' },
        h('div', { class: 'field' }, h('label', { for: aId, text: 'A (before)' }), this.selA),
        h('div', { class: 'field' }, h('label', { for: bId, text: 'B (after)' }), this.selB),
        h('div', { class: 'field' }, h('label', { for: wId, text: 'Replay weeks' }), this.weeks),
        this.goBtn),
      this.status, this.result);
  }

  /** Refills the version pickers, keeping the picks that still exist. */
  refreshChoices() {
    const list = this.choices();
    for (const [sel, fallback] of [[this.selA, 'live'], [this.selB, 'draft']]) {
      const keep = sel.value || fallback;
      fill(sel, list.map((c) => h('option', { value: c.key, text: c.label })));
      sel.value = list.some((c) => c.key === keep) ? keep : (list.some((c) => c.key === fallback) ? fallback : list[0]?.key ?? '');
    }
  }

  async compare() {
    const gen = ++this.gen;
    const t0 = performance.now();
    this.status.textContent = 'Comparing\u2026';
    this.goBtn.disabled = true;
    try {
      const weeks = Math.max(1, Math.min(104, Math.round(Number(this.weeks.value) || 13)));
      const { report, replay } = await this.run(this.selA.value, this.selB.value, weeks);
      if (gen !== this.gen) return;
      this.report = report;
      this.showCounts(report);
      this.showMatrix(report);
      this.showQuality(report.quality);
      this.result.hidden = false;
      this.showChart(replay);
      await this.resetRows();
      this.lastMs = performance.now() - t0;
      this.status.textContent = `Compared as of ${report.as_of}: ${int(report.changed)} leads change status, ${int(report.score_changed)} change score.`;
      this.el.dispatchEvent(new CustomEvent('compared', { detail: { ms: this.lastMs } }));
    } catch (err) {
      if (gen === this.gen) this.status.textContent = `Compare failed: ${err.message}`;
    } finally {
      if (gen === this.gen) this.goBtn.disabled = false;
    }
  }

  showCounts(r) {
    const nameA = this.selA.selectedOptions[0]?.textContent ?? 'A';
    const nameB = this.selB.selectedOptions[0]?.textContent ?? 'B';
    this.countsCaption.textContent = `A: ${nameA} \u00b7 B: ${nameB}`;
    fill(this.countsHead, h('tr', null, h('th', { text: 'Status' }), h('th', { text: 'A' }), h('th', { text: 'B' }), h('th', { text: 'B \u2212 A' })));
    fill(this.countsBody, [...STATUSES, 'instant'].map((k) => {
      const a = r.a[k] ?? 0;
      const b = r.b[k] ?? 0;
      const d = b - a;
      return h('tr', { dataset: { cmpCount: k } },
        h('th', { text: k === 'instant' ? 'Hand-raisers' : LABEL[k] }),
        h('td', { dataset: { side: 'a' }, text: int(a) }),
        h('td', { dataset: { side: 'b' }, text: int(b) }),
        h('td', { dataset: { side: 'diff' }, class: d > 0 ? 'up' : d < 0 ? 'down' : '', text: d === 0 ? '0' : delta(d) }));
    }));
  }

  showMatrix(r) {
    const used = STATUSES.filter((st) => r.transitions.some((t) => t.from === st || t.to === st));
    const count = (from, to) => r.transitions.find((t) => t.from === from && t.to === to)?.count ?? 0;
    fill(this.matrix,
      h('thead', null, h('tr', null, h('th', { text: 'A \u2192 B' }), used.map((st) => h('th', { text: LABEL[st] })))),
      h('tbody', null, used.map((from) => h('tr', null, h('th', { text: LABEL[from] }),
        used.map((to) => h('td', { class: from === to ? 'same' : count(from, to) ? 'moved' : '', dataset: { from, to }, text: int(count(from, to)) }))))));
  }

  showQuality(q) {
    if (!q) {
      fill(this.quality, h('p', { class: 'muted', text: 'No sales outcomes loaded: load them (Sales outcomes) to see each model\u2019s AUC and MQL-to-SQL rate.' }));
      return;
    }
    const d = q.auc;
    const rate = (m) => (m.rate === null ? '–' : `${(m.rate * 100).toFixed(1)}%`);
    fill(this.quality, h('section', { class: 'cmp-block' },
      h('h3', { text: 'Quality against sales outcomes' }),
      h('dl', { class: 'cmp-auc' },
        h('div', null, h('dt', { text: 'AUC A' }), h('dd', { class: 'cmp-auc-a', text: fmtAuc(d?.auc_a) })),
        h('div', null, h('dt', { text: 'AUC B' }), h('dd', { class: 'cmp-auc-b', text: fmtAuc(d?.auc_b) })),
        h('div', null, h('dt', { text: 'Difference (DeLong p)' }), h('dd', { class: 'cmp-auc-p', text: d ? `${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(3)} (p ${d.p_value === null ? '–' : d.p_value.toFixed(3)})` : '–' })),
        h('div', null, h('dt', { text: 'MQL-to-SQL A / B' }), h('dd', { text: `${rate(q.mql_to_sql_a)} / ${rate(q.mql_to_sql_b)}` }))),
      this.roc(q),
      h('p', { class: 'muted', text: `${int(q.labelled)} labelled leads (${int(q.positives)} positive). B adds ${int(q.added.leads)} MQLs (${int(q.added.converted)} converted) and drops ${int(q.dropped.leads)} (${int(q.dropped.converted)} converted).` })));
  }

  /** Both ROC curves (true against false positive rate) over the diagonal. */
  roc(q) {
    if (!q.roc_a?.length || !q.negatives || !q.positives) return null;
    const S = 240;
    const P = 30;
    const x = (fp) => P + (fp / q.negatives) * (S - P - 8);
    const y = (tp) => S - P - (tp / q.positives) * (S - P - 8);
    const line = (pts) => pts.map(([fp, tp]) => `${x(fp).toFixed(1)},${y(tp).toFixed(1)}`).join(' ');
    const svg = s('svg', { viewBox: `0 0 ${S} ${S}`, class: 'cmp-roc', role: 'img', 'aria-label': 'ROC curves of A and B' },
      s('line', { x1: x(0), y1: y(0), x2: x(q.negatives), y2: y(q.positives), class: 'grid' }),
      s('line', { x1: x(0), y1: y(0), x2: x(q.negatives), y2: y(0), class: 'axis-line' }),
      s('line', { x1: x(0), y1: y(0), x2: x(0), y2: y(q.positives), class: 'axis-line' }),
      s('polyline', { points: line(q.roc_a), class: 'roc-a' }),
      s('polyline', { points: line(q.roc_b), class: 'roc-b' }),
      s('text', { x: S / 2 + P / 2, y: S - 8, class: 'axis', 'text-anchor': 'middle', text: 'false positive rate' }),
      s('text', { x: 12, y: S / 2 - P / 2, class: 'axis', 'text-anchor': 'middle', transform: `rotate(-90 12 ${S / 2 - P / 2})`, text: 'true positive rate' }));
    return h('figure', { class: 'cmp-roc-wrap' }, svg,
      h('figcaption', { class: 'cmp-legend' }, h('span', { class: 'key key-a', 'aria-hidden': 'true' }), ' A  ', h('span', { class: 'key key-b', 'aria-hidden': 'true' }), ' B (ROC; the diagonal is chance)'));
  }

  /** Two bar series per step (A, B crossings) with a y axis; fits 320 px. */
  showChart(rp) {
    this.lastReplay = rp;
    if (!this.resizer && typeof ResizeObserver === 'function') {
      // Redrawn when the width changes a lot (a phone turned, a window resized).
      this.resizer = new ResizeObserver(() => {
        const w = this.result.clientWidth;
        if (this.lastReplay && w && Math.abs(Math.min(640, w) - this.drawnW) > 40) this.showChart(this.lastReplay);
      });
      this.resizer.observe(this.result);
    }
    const steps = rp.steps;
    // Drawn at the width it is shown at, so the labels stay 12 px at 375 px.
    const W = Math.max(300, Math.min(640, Math.round(this.result.clientWidth || 640)));
    this.drawnW = W;
    const H = 220;
    const L = 44;
    const B = 34;
    const max = Math.max(1, ...steps.map((st) => Math.max(st.a.crossed, st.b.crossed)));
    const bw = (W - L - 8) / steps.length;
    const y = (v) => H - B - (v / max) * (H - B - 12);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'cmp-svg', role: 'img', 'aria-label': `MQLs received per ${rp.step_days}-day step under A and B` });
    for (const frac of [0, 0.5, 1]) {
      const v = Math.round(max * frac);
      svg.append(s('line', { x1: L, x2: W - 4, y1: y(v), y2: y(v), class: 'grid' }), s('text', { x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end', text: int(v) }));
    }
    steps.forEach((st, i) => {
      const x = L + i * bw;
      const w = Math.max(1, bw / 2 - 2);
      svg.append(
        s('rect', { x: x + 1, y: y(st.a.crossed), width: w, height: H - B - y(st.a.crossed), class: 'bar-a' }, s('title', { text: `${st.start.slice(0, 10)}: A ${st.a.crossed}` })),
        s('rect', { x: x + 1 + w, y: y(st.b.crossed), width: w, height: H - B - y(st.b.crossed), class: 'bar-b' }, s('title', { text: `${st.start.slice(0, 10)}: B ${st.b.crossed}` })));
      if (i % Math.ceil(steps.length / (W < 420 ? 4 : 6)) === 0) svg.append(s('text', { x: x + bw / 2, y: H - 12, class: 'axis', 'text-anchor': 'middle', text: st.start.slice(5, 10) }));
    });
    fill(this.chart, svg,
      h('p', { class: 'cmp-legend' },
        h('span', { class: 'key key-a', 'aria-hidden': 'true' }), ` A: ${int(rp.total_a.crossed)} MQLs (${int(rp.total_a.converted)} converted)  `,
        h('span', { class: 'key key-b', 'aria-hidden': 'true' }), ` B: ${int(rp.total_b.crossed)} MQLs (${int(rp.total_b.converted)} converted)`));
  }

  options() {
    const [sortBy, dir] = this.sortSel.value.split(':');
    return { sort_by: sortBy, descending: dir === 'desc' };
  }

  async resetRows() {
    this.pages.clear();
    this.detail.hidden = true;
    this.viewport.scrollTop = 0;
    const first = await this.page(0, PAGE, this.options());
    this.pages.set(0, first.rows);
    this.total = first.total;
    this.changedLine.textContent = `${int(first.total)} leads change status. Pick one to see both explanations.`;
    this.changedLine.dataset.changed = String(first.total);
    this.spacer.style.height = `${this.total * ROW_H}px`;
    this.renderRows();
  }

  renderRows() {
    const top = this.viewport.scrollTop;
    const view = this.viewport.clientHeight || 400;
    const from = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    const to = Math.min(this.total, Math.ceil((top + view) / ROW_H) + OVERSCAN);
    const rows = [];
    for (let i = from; i < to; i++) {
      const p = Math.floor(i / PAGE);
      const page = this.pages.get(p);
      if (!page) {
        this.load(p);
        continue;
      }
      const r = page[i - p * PAGE];
      if (!r) continue;
      const el = h('button', { type: 'button', class: 'cmp-row', role: 'row', dataset: { index: String(r.index) }, on: { click: () => this.open(r) } },
        h('span', { role: 'cell', class: 'cmp-name', text: r.name || r.email || r.id }),
        h('span', { role: 'cell', text: String(r.score_a) }),
        h('span', { role: 'cell', text: String(r.score_b) }),
        h('span', { role: 'cell', class: r.change > 0 ? 'up' : r.change < 0 ? 'down' : '', text: delta(r.change) }),
        h('span', { role: 'cell', class: 'cmp-move', text: `${LABEL[r.status_a]} \u2192 ${LABEL[r.status_b]}` }));
      el.style.transform = `translateY(${i * ROW_H}px)`;
      rows.push(el);
    }
    this.spacer.replaceChildren(...rows);
  }

  load(p) {
    if (this.pages.has(p) || this.loading?.has(p)) return;
    this.loading ??= new Set();
    this.loading.add(p);
    const gen = this.gen;
    this.page(p * PAGE, PAGE, this.options()).then((res) => {
      this.loading.delete(p);
      if (gen !== this.gen) return;
      this.pages.set(p, res.rows);
      this.renderRows();
    }, () => this.loading.delete(p));
  }

  async open(row) {
    this.detail.hidden = false;
    fill(this.detail, h('p', { class: 'muted', text: 'Loading both explanations\u2026' }));
    const [ea, eb] = await this.explainBoth(row.index);
    const why = row.why.length
      ? h('ul', { class: 'cmp-why' }, row.why.map((w) => h('li', { text: `${w.label || w.rule}: ${w.points_a} \u2192 ${w.points_b} points` })))
      : h('p', { class: 'muted', text: 'No rule\u2019s points differ: the threshold or decay moved it.' });
    fill(this.detail,
      h('div', { class: 'panel-head' }, h('h3', { text: `Why ${row.name || row.id} changes` }),
        h('button', { type: 'button', class: 'btn btn-small', text: 'Close', on: { click: () => { this.detail.hidden = true; } } })),
      why,
      h('div', { class: 'cmp-both' },
        h('section', { class: 'cmp-side' }, h('h4', { text: `Under A: ${ea.score} points, ${LABEL[ea.status]}` }), explanation(ea, { width: 360 })),
        h('section', { class: 'cmp-side' }, h('h4', { text: `Under B: ${eb.score} points, ${LABEL[eb.status]}` }), explanation(eb, { width: 360 }))));
    this.detail.scrollIntoView?.({ block: 'nearest' });
  }
}
