// Score histogram: bars stacked by status, the threshold as a line. Drawn
// in SVG with createElementNS at the container's real width, from bins the
// engine worker counts (ui/bins.js).
import { h, s, fill } from './dom.js';
import { int } from './format.js';
import { STATUS } from './bins.js';

const K = STATUS.length;
const STACK = [1, 0, 4, 3, 2]; // MQL at the bottom, then nurture, recycled, suppressed, disqualified

function niceMax(n) {
  if (n <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

export class Histogram {
  constructor({ height = 170 } = {}) {
    this.height = height;
    this.data = null;
    this.svg = s('svg', { class: 'histogram', role: 'img', 'aria-label': 'Score histogram' });
    this.legend = h('ul', { class: 'legend', 'aria-hidden': 'true' },
      h('li', null, h('span', { class: 'swatch swatch-mql' }), 'MQL'),
      h('li', null, h('span', { class: 'swatch swatch-nurture' }), 'Nurture'),
      h('li', null, h('span', { class: 'swatch swatch-recycled' }), 'Recycled'),
      h('li', null, h('span', { class: 'swatch swatch-suppressed' }), 'Suppressed'),
      h('li', null, h('span', { class: 'swatch swatch-disqualified' }), 'Disqualified'),
      h('li', null, h('span', { class: 'swatch swatch-threshold' }), 'Threshold'));
    this.el = h('figure', { class: 'histogram-figure' }, this.svg);
    this.width = 0;
    this.observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0].contentRect.width);
      if (w > 0 && w !== this.width) {
        this.width = w;
        this.render();
      }
    });
    this.observer.observe(this.el);
  }

  /** Shows `bins` as scoreBins() makes them (the worker sends them with every scoring run). */
  setBins(bins) {
    this.data = bins;
    this.render();
  }

  render() {
    if (!this.data || this.width <= 0) return;
    const { threshold, leads, mql, width, start, n, counts } = this.data;
    const W = this.width;
    const H = this.height;
    const m = { left: 46, right: 14, top: 22, bottom: 28 };
    const pw = Math.max(10, W - m.left - m.right);
    const ph = H - m.top - m.bottom;
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    this.svg.setAttribute('width', String(W));
    this.svg.setAttribute('height', String(H));

    let top = 0;
    for (let b = 0; b < n; b++) { let t = 0; for (let k = 0; k < K; k++) t += counts[b * K + k]; top = Math.max(top, t); }
    const ymax = niceMax(top);
    const span = n * width;
    const x = (v) => m.left + ((v - start) / span) * pw;
    const y = (c) => m.top + ph - (c / ymax) * ph;
    const bw = pw / n;

    const grid = s('g', { class: 'grid' });
    for (const f of [0, 0.5, 1]) {
      if (!Number.isInteger(ymax * f)) continue; // counts are whole
      const yy = y(ymax * f);
      grid.append(s('line', { x1: m.left, x2: m.left + pw, y1: yy, y2: yy }));
      grid.append(s('text', { x: m.left - 6, y: yy + 4, 'text-anchor': 'end', class: 'tick', text: int(ymax * f) }));
    }

    const bars = s('g', { class: 'bars' });
    for (let b = 0; b < n; b++) {
      let total = 0;
      for (let k = 0; k < K; k++) total += counts[b * K + k];
      if (total === 0) continue;
      const lo = start + b * width;
      const g = s('g');
      const range = width === 1 ? `${lo}` : `${lo} to ${lo + width - 1}`;
      const parts = STACK.filter((k) => counts[b * K + k]).map((k) => `${int(counts[b * K + k])} ${STATUS[k]}`);
      g.append(s('title', { text: `Score ${range}: ${int(total)} leads (${parts.join(', ')})` }));
      let acc = 0;
      for (const k of STACK) {
        const c = counts[b * K + k];
        if (!c) continue;
        const y1 = y(acc + c);
        const y0 = y(acc);
        g.append(s('rect', {
          class: `bar bar-${STATUS[k]}`,
          x: (x(lo) + (bw > 4 ? 1 : 0)).toFixed(1),
          y: y1.toFixed(1),
          width: Math.max(1, bw - (bw > 4 ? 2 : 0)).toFixed(1),
          height: Math.max(0.5, y0 - y1).toFixed(1),
        }));
        acc += c;
      }
      bars.append(g);
    }

    const axis = s('g', { class: 'axis' });
    axis.append(s('line', { x1: m.left, x2: m.left + pw, y1: m.top + ph, y2: m.top + ph }));
    const labelEvery = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(pw / 44))));
    for (let b = 0; b <= n; b += labelEvery) {
      const v = start + b * width;
      axis.append(s('text', { x: x(v), y: H - 8, 'text-anchor': 'middle', class: 'tick', text: String(v) }));
    }

    const tx = x(threshold);
    const thr = s('g', { class: 'threshold' },
      s('line', { x1: tx, x2: tx, y1: m.top - 6, y2: m.top + ph }),
      s('text', {
        x: Math.min(Math.max(tx, m.left + 40), W - m.right - 40), y: 12,
        'text-anchor': 'middle', class: 'threshold-label', text: `Threshold ${threshold}`,
      }));

    this.svg.setAttribute('aria-label',
      `Score histogram of ${int(leads)} leads, threshold ${threshold}, ${int(mql)} MQL`);
    fill(this.svg, grid, bars, axis, thr);
  }
}
