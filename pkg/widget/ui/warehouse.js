// "Run this model in your warehouse": the current model as one SQL query
// for a chosen dialect, shown as text (never parsed as HTML) with a copy
// button. The SQL is written by the engine (modelSql) in the worker.
import { h, nextId } from './dom.js';

export const DIALECTS = [
  ['duckdb', 'DuckDB'],
  ['postgres', 'PostgreSQL'],
  ['spark', 'Spark SQL (Databricks)'],
  ['bigquery', 'BigQuery'],
  ['snowflake', 'Snowflake'],
];

export class WarehouseView {
  /** `fetchSql(dialect, asOf|null)` resolves to the SQL text. */
  constructor({ fetchSql }) {
    this.fetchSql = fetchSql;
    this.asOf = null;
    this.run = 0;
    this.dialect = h('select', { class: 'warehouse-dialect', id: nextId('dialect') });
    for (const [value, label] of DIALECTS) this.dialect.append(h('option', { value, text: label }));
    this.dialect.addEventListener('change', () => this.refresh());
    this.fixed = h('input', { type: 'checkbox', id: nextId('fixed-asof') });
    this.fixed.addEventListener('change', () => this.refresh());
    this.fixedLabel = h('label', { for: this.fixed.id, text: 'Fixed as-of time: the page\u2019s (otherwise the query scores as of when it runs)' });
    this.copyBtn = h('button', { type: 'button', class: 'btn btn-small', text: 'Copy SQL', on: { click: () => this.copy() } });
    this.status = h('span', { class: 'muted warehouse-status', role: 'status', 'aria-live': 'polite' });
    this.sql = h('pre', { class: 'warehouse-sql', tabindex: '0', 'aria-label': 'SQL of the current model' });
    this.el = h('details', { class: 'warehouse' },
      h('summary', { text: 'Run this model in your warehouse' }),
      h('p', { class: 'hint', text: 'One query over your tables leads and activities (canonical column names; custom fields by their header) ' +
        'returning id, score, fit, behavior, status and instant per lead: the same numbers as this page.' }),
      h('div', { class: 'inline-controls warehouse-controls' },
        h('label', { for: this.dialect.id, text: 'Dialect' }), this.dialect, this.copyBtn),
      h('div', { class: 'warehouse-asof' }, this.fixed, this.fixedLabel),
      this.status,
      this.sql);
    this.el.addEventListener('toggle', () => { if (this.el.open) this.refresh(); });
  }

  get open() {
    return this.el.open;
  }

  /** The page's as-of time, used when "as of the page's date" is ticked. */
  setAsOf(iso) {
    this.asOf = iso;
  }

  /** Writes the SQL again (the model or the choice changed); only while open. */
  async refresh() {
    if (!this.el.open) return;
    const run = ++this.run;
    const dialect = this.dialect.value;
    const asOf = this.fixed.checked ? this.asOf : null;
    try {
      const text = await this.fetchSql(dialect, asOf);
      if (run !== this.run) return;
      this.sql.textContent = text;
      this.sql.dataset.dialect = dialect;
      this.status.textContent = '';
    } catch (err) {
      if (run !== this.run) return;
      this.sql.textContent = '';
      this.status.textContent = err?.message || String(err);
    }
  }

  async copy() {
    const text = this.sql.textContent;
    try {
      await navigator.clipboard.writeText(text);
      this.status.textContent = 'Copied.';
    } catch {
      // No clipboard permission: select the text so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(this.sql);
      const sel = this.sql.getRootNode().getSelection?.() ?? window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      this.status.textContent = 'Selected: press Ctrl+C (\u2318C) to copy.';
    }
  }
}
