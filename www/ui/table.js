// The lead table: sortable, filterable, virtual. Only the rows in view exist
// in the DOM; their data comes from the worker by position in the current
// order, a page at a time.
import { h, debounce } from './dom.js';
import { int, time, STATUS_LABEL } from './format.js';

export const ROW_H = 44;
export const PAGE = 50;
const OVERSCAN = 6;
const MAX_PX = 4_000_000; // keep the spacer well under Chromium's limit

const COLUMNS = [
  { key: 'name', label: 'Lead', sort: 'name', cls: 'c-lead' },
  { key: 'company', label: 'Company', sort: 'company', cls: 'c-company' },
  { key: 'score', label: 'Score', sort: 'score', cls: 'c-num c-score' },
  { key: 'fit', label: 'Fit', sort: 'fit', cls: 'c-num c-fit' },
  { key: 'behavior', label: 'Behavior', sort: 'behavior', cls: 'c-num c-behavior' },
  { key: 'status', label: 'Status', sort: null, cls: 'c-status' },
  { key: 'crossed_at', label: 'Crossed', sort: 'crossed_at', cls: 'c-crossed' },
];

const FILTERS = [
  { label: 'All', mask: 0 },
  { label: 'MQL', mask: 2 },
  { label: 'Nurture', mask: 1 },
  { label: 'Disqualified', mask: 4 },
  { label: 'Suppressed', mask: 8 },
  { label: 'Recycled', mask: 16 },
];

export class LeadTable {
  /**
   * @param {object} o
   * @param {(version:number, start:number, count:number) => Promise<object>} o.fetchRows
   * @param {(view:object) => void} o.onView  sort, filter or search changed
   * @param {(row:object) => void} o.onOpen   a row was clicked or Enter pressed
   */
  constructor({ fetchRows, onView, onOpen, onExport }) {
    this.fetchRows = fetchRows;
    this.onView = onView;
    this.onOpen = onOpen;
    this.view = { sortBy: 'score', desc: true, mask: 0, search: '' };
    this.version = -1;
    this.total = 0;
    this.pages = new Map(); // page -> rows
    this.loading = new Set();
    this.rowEls = new Map(); // position -> element
    this.pool = [];
    this.active = 0;
    this.frame = 0;

    this.countEl = h('span', { class: 'table-count', 'aria-live': 'polite' });
    this.filterButtons = FILTERS.map((f) => h('button', {
      type: 'button', class: 'chip', 'aria-pressed': f.mask === 0 ? 'true' : 'false', text: f.label,
      dataset: { mask: String(f.mask) },
      on: { click: () => this.setFilter(f.mask) },
    }));
    this.search = h('input', {
      type: 'search', class: 'search', placeholder: 'Search name, email, company, title, id',
      'aria-label': 'Search leads', autocomplete: 'off', spellcheck: 'false',
    });
    const searchChanged = debounce(() => this.changeView({ search: this.search.value.trim() }), 180);
    this.search.addEventListener('input', searchChanged);
    this.exportButton = h('button', { type: 'button', class: 'btn', text: 'Export CSV', on: { click: () => onExport?.() } });

    const tools = h('div', { class: 'table-tools' },
      h('div', { class: 'chips', role: 'group', 'aria-label': 'Show leads with status' }, this.filterButtons),
      this.search, this.countEl, this.exportButton);

    this.headButtons = new Map();
    const head = h('div', { class: 'grid-row grid-head', role: 'row' },
      COLUMNS.map((c) => {
        const cell = h('div', { class: `cell ${c.cls}`, role: 'columnheader' });
        if (c.sort) {
          const b = h('button', { type: 'button', class: 'sort', dataset: { sort: c.sort }, text: c.label,
            on: { click: () => this.sortBy(c.sort) } });
          b.append(h('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
          this.headButtons.set(c.sort, { button: b, cell });
          cell.append(b);
        } else {
          cell.textContent = c.label;
        }
        return cell;
      }));

    this.spacer = h('div', { class: 'spacer', role: 'rowgroup' });
    this.empty = h('p', { class: 'table-empty', hidden: true, text: 'No lead matches.' });
    this.viewport = h('div', {
      class: 'viewport', role: 'grid', tabindex: '0', 'aria-label': 'Scored leads', 'aria-rowcount': '0',
      'aria-colcount': String(COLUMNS.length),
    }, head, this.spacer, this.empty);
    // Sizes and the scroll offset are cached (from observers and scroll
    // events) so that rendering never forces a layout of the whole page.
    this.vpHeight = 0;
    this.headH = ROW_H;
    this.scrollY = 0;
    this.viewport.addEventListener('scroll', () => {
      this.scrollY = this.viewport.scrollTop;
      this.schedule();
    }, { passive: true });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('click', (e) => {
      const row = e.target.closest?.('.grid-body-row');
      if (!row) return;
      this.setActive(Number(row.dataset.pos), false);
      this.open(Number(row.dataset.pos));
    });
    this.observer = new ResizeObserver(() => {
      this.vpHeight = this.viewport.clientHeight;
      this.headH = head.offsetHeight || ROW_H;
      this.scrollY = this.viewport.scrollTop;
      this.schedule();
    });
    this.observer.observe(this.viewport);
    this.observer.observe(head);

    this.el = h('div', { class: 'lead-table' }, tools, this.viewport);
    this.markSort();
  }

  // ------------------------------------------------------------- view --

  changeView(partial) {
    Object.assign(this.view, partial);
    this.markSort();
    this.onView({ ...this.view });
  }

  sortBy(key) {
    const textual = key === 'name' || key === 'company';
    const desc = this.view.sortBy === key ? !this.view.desc : !textual;
    this.changeView({ sortBy: key, desc });
  }

  setFilter(mask) {
    for (const b of this.filterButtons) b.setAttribute('aria-pressed', String(Number(b.dataset.mask) === mask));
    this.changeView({ mask });
  }

  markSort() {
    for (const [key, { button, cell }] of this.headButtons) {
      const on = key === this.view.sortBy;
      cell.setAttribute('aria-sort', on ? (this.view.desc ? 'descending' : 'ascending') : 'none');
      button.classList.toggle('sorted', on);
      button.querySelector('.sort-mark').textContent = on ? (this.view.desc ? '\u25BC' : '\u25B2') : '';
    }
  }

  /** The whole pages that cover the rows in view (sent along with a scoring run). */
  wanted() {
    const first = Math.max(0, this.firstVisible() - OVERSCAN);
    const last = this.firstVisible() + this.visibleCount() + OVERSCAN;
    const start = Math.floor(first / PAGE) * PAGE;
    const end = Math.ceil(last / PAGE) * PAGE;
    return { start, count: Math.max(PAGE, end - start) };
  }

  // ------------------------------------------------------------- data --

  /** A new order from the worker: `{version, total, start, rows}`. */
  setData({ version, total, start, rows }) {
    const reset = version !== this.version;
    this.version = version;
    this.total = total;
    if (reset) {
      this.pages.clear();
      this.loading.clear();
    }
    this.storeRows(start, rows);
    this.viewport.setAttribute('aria-rowcount', String(total + 1));
    this.countEl.textContent = `${int(total)} ${total === 1 ? 'lead' : 'leads'}`;
    this.empty.hidden = total !== 0;
    if (this.active >= total) this.active = Math.max(0, total - 1);
    this.layout();
    this.schedule();
  }

  storeRows(start, rows) {
    for (let i = 0; i < rows.length; i += PAGE) {
      const page = Math.floor((start + i) / PAGE);
      this.pages.set(page, rows.slice(i, i + PAGE));
    }
  }

  rowAt(pos) {
    const page = this.pages.get(Math.floor(pos / PAGE));
    return page ? page[pos % PAGE] : undefined;
  }

  request(page) {
    if (this.pages.has(page) || this.loading.has(page)) return;
    const version = this.version;
    this.loading.add(page);
    this.fetchRows(version, page * PAGE, PAGE).then((res) => {
      this.loading.delete(page);
      if (res.stale || res.version !== this.version) return;
      this.storeRows(res.start, res.rows);
      this.schedule();
    }, () => this.loading.delete(page));
  }

  // ----------------------------------------------------------- layout --

  layout() {
    const full = this.total * ROW_H;
    this.spacerH = Math.min(full, MAX_PX);
    this.spacer.style.height = `${this.spacerH}px`;
  }

  headHeight() {
    return this.headH;
  }

  setScroll(top) {
    this.viewport.scrollTop = top;
    this.scrollY = this.viewport.scrollTop;
  }

  /** The scroll offset in "full" pixels (rows × ROW_H), scaled past MAX_PX. */
  virtualTop() {
    const view = Math.max(0, this.vpHeight - this.headHeight());
    const full = this.total * ROW_H;
    const top = this.scrollY;
    if (full <= MAX_PX || this.spacerH <= view) return top;
    return (top / (this.spacerH - view)) * (full - view);
  }

  firstVisible() {
    return Math.floor(this.virtualTop() / ROW_H);
  }

  visibleCount() {
    return Math.max(1, Math.ceil((this.vpHeight - this.headHeight()) / ROW_H));
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render() {
    const vtop = this.virtualTop();
    const offset = this.scrollY - vtop; // 0 unless scaled
    const first = Math.max(0, Math.floor(vtop / ROW_H) - OVERSCAN);
    const last = Math.min(this.total, Math.ceil(vtop / ROW_H) + this.visibleCount() + OVERSCAN);

    for (const [pos, el] of this.rowEls) {
      if (pos < first || pos >= last) {
        this.rowEls.delete(pos);
        el.remove();
        this.pool.push(el);
      }
    }
    for (let pos = first; pos < last; pos++) {
      let el = this.rowEls.get(pos);
      if (!el) {
        el = this.pool.pop() || this.makeRow();
        this.rowEls.set(pos, el);
        this.spacer.append(el);
      }
      el.style.transform = `translateY(${pos * ROW_H + offset}px)`;
      const row = this.rowAt(pos);
      if (!row) this.request(Math.floor(pos / PAGE));
      this.fillRow(el, pos, row);
    }
    const activeEl = this.rowEls.get(this.active);
    if (activeEl) this.viewport.setAttribute('aria-activedescendant', activeEl.id);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  makeRow() {
    const el = h('div', { class: 'grid-row grid-body-row', role: 'row' });
    el.style.height = `${ROW_H}px`;
    el.cells = {};
    for (const c of COLUMNS) {
      const cell = h('div', { class: `cell ${c.cls}`, role: 'gridcell' });
      if (c.key === 'name' || c.key === 'company') {
        cell.main = h('span', { class: 'main' });
        cell.sub = h('span', { class: 'sub' });
        cell.append(cell.main, cell.sub);
      } else if (c.key === 'status') {
        cell.badge = h('span', { class: 'badge' });
        cell.append(cell.badge);
      }
      el.cells[c.key] = cell;
      el.append(cell);
    }
    return el;
  }

  fillRow(el, pos, row) {
    el.id = `lead-row-${pos}`;
    el.dataset.pos = String(pos);
    el.setAttribute('aria-rowindex', String(pos + 2));
    el.classList.toggle('active', pos === this.active);
    el.classList.toggle('loading', !row);
    const c = el.cells;
    if (!row) {
      c.name.main.textContent = '\u2026';
      c.name.sub.textContent = '';
      c.company.main.textContent = '';
      c.company.sub.textContent = '';
      for (const k of ['score', 'fit', 'behavior', 'crossed_at']) c[k].textContent = '';
      c.status.badge.textContent = '';
      c.status.badge.className = 'badge';
      delete el.dataset.index;
      return;
    }
    el.dataset.index = String(row.index);
    el.dataset.id = row.id;
    c.name.main.textContent = row.name || row.id;
    c.name.sub.textContent = row.email || (row.name ? row.id : '');
    c.company.main.textContent = row.company || '\u2013';
    c.company.sub.textContent = row.title;
    c.score.textContent = String(row.score);
    c.fit.textContent = String(row.fit);
    c.behavior.textContent = String(row.behavior);
    c.status.badge.textContent = STATUS_LABEL[row.status] + (row.instant && row.status === 'mql' ? ' \u2691' : '');
    c.status.badge.title = row.instant && row.status === 'mql' ? 'Hand-raiser: an instant-MQL rule qualified it' : '';
    c.status.badge.className = `badge badge-${row.status}`;
    c.crossed_at.textContent = row.crossed_at ? time(row.crossed_at).replace(' UTC', '') : '';
  }

  // --------------------------------------------------------- keyboard --

  setActive(pos, scroll = true) {
    if (this.total === 0) return;
    this.active = Math.max(0, Math.min(this.total - 1, pos));
    if (scroll) this.scrollToActive();
    this.render();
  }

  scrollToActive() {
    const vtop = this.virtualTop();
    const view = this.vpHeight - this.headHeight();
    const top = this.active * ROW_H;
    const full = this.total * ROW_H;
    let target = null;
    if (top < vtop) target = top;
    else if (top + ROW_H > vtop + view) target = top + ROW_H - view;
    if (target === null) return;
    if (full <= MAX_PX) this.setScroll(target);
    else this.setScroll((target / (full - view)) * (this.spacerH - view));
  }

  onKey(e) {
    if (e.target !== this.viewport) return;
    const page = Math.max(1, this.visibleCount() - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      this.setActive(this.active + moves[e.key]);
    } else if (e.key === 'Home') {
      this.setActive(0);
    } else if (e.key === 'End') {
      this.setActive(this.total - 1);
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.open(this.active);
    } else {
      return;
    }
    e.preventDefault();
  }

  open(pos) {
    const row = this.rowAt(pos);
    if (row) this.onOpen(row, this.rowEls.get(pos));
  }

  focus() {
    this.viewport.focus();
  }
}
