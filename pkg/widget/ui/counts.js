// Count tiles: leads, MQL (accent), nurture, disqualified, hand-raisers,
// each with how it moved with the last change ("MQL 408 (+12)").
import { h } from './dom.js';
import { int, delta } from './format.js';

const TILES = [
  { key: 'mql', label: 'MQL', className: 'tile-mql' },
  { key: 'nurture', label: 'Nurture' },
  { key: 'disqualified', label: 'Disqualified' },
  { key: 'suppressed', label: 'Suppressed', hint: 'Rejected by sales as wrong ICP; held until a fit field changes' },
  { key: 'recycled', label: 'Recycled', hint: 'Rejected as premature; back in nurture until re-evaluated' },
  { key: 'instant', label: 'Hand-raisers', hint: 'MQLs qualified by an instant rule' },
  { key: 'leads', label: 'Leads' },
];

export class Counts {
  constructor() {
    this.values = {};
    this.deltas = {};
    this.el = h('dl', { class: 'counts', 'aria-label': 'Leads by status' });
    for (const t of TILES) {
      const value = h('span', { class: 'count-value', text: '–' });
      const change = h('span', { class: 'count-delta' });
      this.values[t.key] = value;
      this.deltas[t.key] = change;
      const dt = h('dt', { text: t.label });
      if (t.hint) dt.title = t.hint;
      this.el.append(h('div', { class: ['tile', t.className], dataset: { count: t.key } }, dt, h('dd', null, value, change)));
    }
  }

  /** Shows `summary`; deltas are against `previous` (null: none shown). */
  update(summary, previous) {
    for (const t of TILES) {
      const v = summary[t.key] ?? 0;
      this.values[t.key].textContent = int(v);
      // Six digits and more (a million leads) in a smaller size, so the
      // number stays inside its tile.
      this.values[t.key].classList.toggle('count-long', Math.abs(v) >= 100_000);
      const d = previous ? v - (previous[t.key] ?? 0) : 0;
      const el = this.deltas[t.key];
      el.textContent = previous && d !== 0 ? ` (${delta(d)})` : '';
      el.classList.toggle('up', d > 0);
      el.classList.toggle('down', d < 0);
    }
  }
}
