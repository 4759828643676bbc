// "Your data": two drop zones (leads, activities) with file pickers, a paste
// box, the import reports (never hidden) and the column-mapping panel.
import { h, nextId } from './dom.js';
import { int, plural } from './format.js';

const ERRORS_SHOWN = 20;
const ACCEPT = '.csv,.tsv,.txt,.json,.ndjson,.jsonl,text/csv,text/plain,application/json';

const norm = (header) => header.trim().replace(/^"|"$/g, '').toLowerCase().replace(/[\s_-]+/g, '');

function decodeHead(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** The headers of a CSV, JSON or NDJSON text (from its first part). */
export function headersOf(text) {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[') || t.startsWith('{')) {
    const firstObject = t.slice(0, t.indexOf('}') + 1 || t.length);
    return [...firstObject.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].map((m) => m[1]);
  }
  const line = t.split(/\r?\n/, 1)[0] ?? '';
  let delimiter = ',';
  let best = -1;
  for (const d of [',', ';', '\t', '|']) {
    const n = line.split(d).length;
    if (n > best) {
      best = n;
      delimiter = d;
    }
  }
  return line.split(delimiter);
}

/**
 * "activities" when the columns map lead_id + timestamp + type; "outcomes"
 * for an outcome log (a lead id, an outcome or status, a date, and none of
 * a lead table's contact columns); else "leads".
 */
export function kindOfText(text) {
  const keys = new Set(headersOf(text).map(norm));
  if (keys.has('leadid') && keys.has('timestamp') && keys.has('type')) return 'activities';
  const any = (...names) => names.some((n) => keys.has(n));
  if (any('leadid', 'contactid', 'recordid') && any('outcome', 'leadstatus', 'status', 'salesoutcome', 'decision')
    && any('at', 'date', 'decidedat', 'decisiondate', 'statusdate', 'changedat')
    && !any('email', 'emailaddress', 'title', 'jobtitle', 'company', 'companyname', 'name', 'firstname', 'lastname')) return 'outcomes';
  return 'leads';
}

/** The first part of a File, bytes or text, as text. */
export async function headText(source) {
  if (typeof source === 'string') return source.slice(0, 64 * 1024);
  if (source instanceof Uint8Array) return decodeHead(source.subarray(0, 64 * 1024));
  if (source && typeof source.slice === 'function' && typeof source.arrayBuffer === 'function') {
    return decodeHead(new Uint8Array(await source.slice(0, 64 * 1024).arrayBuffer()));
  }
  return '';
}

export async function kindOfFile(file) {
  return kindOfText(await headText(file));
}

const DELIMITERS = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

const ACTIVITY_KEYS = ['lead_id', 'timestamp', 'type', 'detail'];

const SOURCE_LABEL = {
  canonical: 'detected (standard name)',
  alias: 'detected (CRM export name)',
  override: 'set by you',
  custom: 'custom field',
};

export class Importer {
  /**
   * @param {object} o
   * @param {string[]} o.fieldKeys
   * @param {(kind:string, source:File|string, name:string, mapping?:object) => Promise<boolean>} o.onImport
   * @param {(mapping:object) => Promise} o.onRemap
   * @param {() => void} o.onSample
   * @param {() => void} o.onClearActivities
   * @param {() => Promise<object[]>} o.onUnmatched
   */
  constructor(o) {
    this.o = o;
    this.fieldKeys = o.fieldKeys;
    this.overrides = {};
    this.activityOverrides = {};
    this.state = { leads: null, activities: [], sample: false };

    this.summary = h('p', { class: 'data-summary', 'aria-live': 'polite' });
    const sampleBtn = h('button', { type: 'button', class: 'btn btn-small', text: 'Load the sample', on: { click: () => o.onSample() } });
    this.clearBtn = h('button', { type: 'button', class: 'btn btn-small', text: 'Clear activities', on: { click: () => o.onClearActivities() } });

    this.zones = {
      leads: this.dropzone('leads', 'Leads', 'One row per lead: CSV, JSON or NDJSON'),
      activities: this.dropzone('activities', 'Activities', 'lead_id, timestamp, type, detail'),
    };

    // Paste box
    const pasteId = nextId('paste');
    this.paste = h('textarea', { id: pasteId, class: 'paste-box', rows: '6', spellcheck: 'false',
      placeholder: 'id,email,title,company,company_size,industry\nL-1,ana@acme.example,VP Marketing,Acme,1200,Software' });
    const pasteAs = (kind) => async () => {
      const text = this.paste.value;
      if (!text.trim()) {
        this.paste.focus();
        return;
      }
      const k = kind === 'auto' ? kindOfText(text) : kind;
      await o.onImport(k, text, `pasted ${k}`);
    };
    this.pasteBox = h('details', { class: 'paste' },
      h('summary', { text: 'Paste CSV or JSON instead' }),
      h('label', { for: pasteId, class: 'visually-hidden', text: 'Pasted data' }),
      this.paste,
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'btn btn-primary', text: 'Import pasted text', on: { click: pasteAs('auto') } }),
        h('button', { type: 'button', class: 'btn', text: 'as leads', on: { click: pasteAs('leads') } }),
        h('button', { type: 'button', class: 'btn', text: 'as activities', on: { click: pasteAs('activities') } })));

    this.retryEl = h('div', { class: 'retry', hidden: true, role: 'group', 'aria-label': 'Map the columns of a lead file that could not be read' });
    this.reportsEl = h('div', { class: 'reports' });
    this.mappingEl = h('div', { class: 'mapping-body' });
    this.mappingCount = h('span', { class: 'muted' });
    this.mapping = h('details', { class: 'mapping' },
      h('summary', null, 'Column mapping ', this.mappingCount), this.mappingEl);

    this.el = h('div', { class: 'importer' },
      h('div', { class: 'data-head' }, this.summary, h('div', { class: 'button-row' }, sampleBtn, this.clearBtn)),
      h('div', { class: 'dropzones' }, this.zones.leads, this.zones.activities),
      this.pasteBox,
      this.retryEl,
      this.reportsEl,
      this.mapping);

    // Files dropped anywhere on the data section (outside a zone): sorted by their headers.
    this.el.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types?.includes('Files')) e.preventDefault();
    });
    this.el.addEventListener('drop', (e) => {
      if (!e.dataTransfer?.files?.length) return;
      e.preventDefault();
      this.importFiles([...e.dataTransfer.files], null);
    });
  }

  dropzone(kind, title, hint) {
    const id = nextId(`${kind}-file`);
    const input = h('input', { type: 'file', id, accept: ACCEPT, class: 'file-input', dataset: { kind },
      multiple: kind === 'activities' ? true : undefined });
    input.addEventListener('change', async () => {
      const files = [...(input.files || [])];
      input.value = '';
      if (files.length) await this.importFiles(files, kind);
    });
    const zone = h('div', { class: 'dropzone', dataset: { kind } },
      input,
      h('label', { for: id, class: 'dropzone-label' },
        h('span', { class: 'dropzone-title', text: title }),
        h('span', { class: 'dropzone-hint', text: hint }),
        h('span', { class: 'dropzone-action', text: 'Drop a file here or choose one' })));
    zone.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types?.includes('Files')) return;
      e.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      zone.classList.remove('over');
      if (!e.dataTransfer?.files?.length) return;
      e.preventDefault();
      e.stopPropagation();
      this.importFiles([...e.dataTransfer.files], kind);
    });
    return zone;
  }

  /** Imports files; `kind` null sorts each by its headers (leads first). */
  async importFiles(files, kind) {
    this.retryEl.hidden = true;
    const sorted = [];
    for (const f of files) sorted.push({ file: f, kind: kind ?? await kindOfFile(f) });
    // Leads first, then activities, then outcomes (which join the leads).
    const rank = { leads: 0, activities: 1, outcomes: 2 };
    sorted.sort((a, b) => rank[a.kind] - rank[b.kind]);
    for (const { file, kind: k } of sorted) {
      const ok = await this.o.onImport(k, file, file.name);
      if (ok === false) break;
    }
  }

  /**
   * A lead file the engine could not read (no id or email column, say):
   * its headers, each with a field to choose, and a button to try again.
   */
  async offerMapping(name, source, message) {
    const headers = headersOf(await headText(source)).map((x) => x.trim().replace(/^"|"$/g, '')).filter(Boolean);
    if (!headers.length) {
      this.retryEl.hidden = true;
      return;
    }
    const selects = headers.map((header) => {
      const sel = h('select', { class: 'map-select retry-select', dataset: { header }, 'aria-label': `Field for column ${header}` });
      sel.append(h('option', { value: '', text: 'as the file says' }));
      for (const k of this.fieldKeys) sel.append(h('option', { value: k, text: k }));
      return sel;
    });
    const table = h('table', { class: 'mapping-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: 'Column in the file' }), h('th', { scope: 'col', text: 'Read as' }))),
      h('tbody', null, headers.map((header, i) => h('tr', null, h('th', { scope: 'row', class: 'col-header', text: header }), h('td', null, selects[i])))));
    const retry = h('button', { type: 'button', class: 'btn btn-primary', text: 'Import with this mapping', on: { click: async () => {
      const mapping = {};
      selects.forEach((sel, i) => { if (sel.value) mapping[headers[i]] = sel.value; });
      retry.disabled = true;
      const ok = await this.o.onImport('leads', source, name, mapping);
      retry.disabled = false;
      if (ok !== false) this.retryEl.hidden = true;
    } } });
    const cancel = h('button', { type: 'button', class: 'btn', text: 'Dismiss', on: { click: () => { this.retryEl.hidden = true; } } });
    this.retryEl.replaceChildren(
      h('p', { class: 'error-title' }, h('span', { text: `${name} was not imported: ` }), h('span', { class: 'err-msg', text: message })),
      h('p', { class: 'hint', text: 'Tell Leadscore which column holds what (at least an id or an email), then import again.' }),
      table,
      h('div', { class: 'button-row' }, retry, cancel));
    this.retryEl.hidden = false;
    this.retryEl.scrollIntoView({ block: 'nearest' });
  }

  /** New lead file: forget mapping choices made for the previous one. */
  resetOverrides() {
    this.overrides = {};
  }

  /** New activity file: its own mapping choices start fresh. */
  resetActivityOverrides() {
    this.activityOverrides = {};
  }

  /**
   * @param {{leads: {name, report}|null, activities: {name, report}[], sample: boolean,
   *          leadCount: number, activityCount: number}} state
   */
  render(state) {
    this.state = state;
    const { leads, activities } = state;
    const source = state.sample ? 'The generated sample' : leads ? leads.name : 'No leads yet';
    this.summary.textContent = `${source}: ${plural(state.leadCount ?? 0, 'lead')}, ${plural(state.activityCount ?? 0, 'activity', 'activities')}.`;
    this.clearBtn.disabled = !activities.length && !(state.sample && state.sampleActivities);
    this.renderReports();
    this.renderMapping();
  }

  renderReports() {
    const { leads, activities } = this.state;
    const files = [];
    if (leads) files.push({ ...leads, kind: 'leads' });
    for (const a of activities) files.push({ ...a, kind: 'activities' });
    if (!files.length) {
      this.reportsEl.replaceChildren(h('p', { class: 'muted', text: 'Import a lead table to score your own leads. Nothing is uploaded: files are read in this page.' }));
      return;
    }
    const table = h('table', { class: 'report-table' },
      h('caption', { class: 'visually-hidden', text: 'Import report' }),
      h('thead', null, h('tr', null,
        ['File', 'Read', 'Kept', 'Rejected'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '', text: t })))));
    const body = h('tbody');
    for (const f of files) {
      const r = f.report;
      const detail = [r.format.toUpperCase(), r.encoding, r.delimiter ? `${DELIMITERS[r.delimiter] ?? `"${r.delimiter}"`}-separated` : null]
        .filter(Boolean).join(', ');
      body.append(h('tr', { dataset: { kind: f.kind } },
        h('th', { scope: 'row' },
          h('span', { class: 'file-kind', text: f.kind === 'leads' ? 'Leads' : 'Activities' }), ' ',
          h('span', { class: 'file-name', text: f.name }),
          h('small', { class: 'muted file-detail', text: detail })),
        h('td', { class: 'num', dataset: { stat: 'read' }, text: int(r.read) }),
        h('td', { class: 'num', dataset: { stat: 'kept' }, text: int(r.kept) }),
        h('td', { class: ['num', r.rejected && 'bad'], dataset: { stat: 'rejected' }, text: int(r.rejected) })));
    }
    table.append(body);

    const notes = [];
    for (const f of files) {
      const r = f.report;
      if (r.nested_activities) notes.push(h('p', { class: 'note', text: `${f.name}: ${plural(r.nested_activities, 'activity', 'activities')} nested in the lead file.` }));
      if (!r.errors.length && !r.errors_not_listed) continue;
      const list = h('ul', { class: 'errors', dataset: { kind: f.kind } });
      for (const e of r.errors.slice(0, ERRORS_SHOWN)) {
        const where = e.message.includes(`line ${e.line}`) ? '' : `line ${e.line}${e.column ? `, ${e.column}` : ''}: `;
        list.append(h('li', null,
          where ? h('span', { class: 'err-where', text: where }) : null,
          h('span', { class: 'err-msg', text: e.message })));
      }
      const more = Math.max(0, r.errors.length - ERRORS_SHOWN) + r.errors_not_listed;
      if (more) list.append(h('li', { class: 'muted', text: `and ${plural(more, 'more rejected row')}` }));
      notes.push(h('div', { class: 'error-block' },
        h('p', { class: 'error-title', text: `${f.name}: ${plural(r.rejected, 'row')} rejected` }), list));
    }
    const last = files[files.length - 1].report;
    const unmatched = last.unmatched_activities ?? 0;
    if (unmatched) {
      const list = h('ul', { class: 'unmatched-list' });
      const show = h('button', { type: 'button', class: 'btn btn-small', text: 'Show them', on: { click: async () => {
        show.disabled = true;
        const rows = await this.o.onUnmatched();
        list.replaceChildren(...rows.slice(0, 200).map((u) => h('li', null, `line ${u.line}: `, h('code', { text: u.lead_id }))));
        if (rows.length > 200) list.append(h('li', { class: 'muted', text: `and ${int(unmatched - 200)} more` }));
      } } });
      notes.push(h('div', { class: 'unmatched' },
        h('p', null, h('strong', { class: 'unmatched-count', text: plural(unmatched, 'activity', 'activities') }),
          ' match no lead (kept: they join when the matching leads are imported). ', show),
        list));
    }
    this.reportsEl.replaceChildren(table, ...notes);
  }

  renderMapping() {
    const { leads, activities } = this.state;
    if (!leads) {
      this.mappingCount.textContent = '';
      this.mappingEl.replaceChildren(h('p', { class: 'muted', text: 'Import a lead file to see how its columns were read.' }));
      return;
    }
    const r = leads.report;
    const mapped = r.columns.filter((c) => c.field).length;
    this.mappingCount.textContent = `(${mapped} of ${r.columns.length} mapped)`;
    const table = h('table', { class: 'mapping-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: 'Column in the file' }),
        h('th', { scope: 'col', text: 'Read as' }))));
    const body = this.mappingRows(r.columns, {
      selectClass: 'map-select', label: 'Field', keys: this.fieldKeys, none: 'custom field',
      overrides: this.overrides, apply: (o) => this.o.onRemap(o),
    });
    table.append(body);
    const parts = [
      h('p', { class: 'hint', text: 'Change a column\u2019s field and the lead file is read again. Custom fields stay available to rules by their header.' }),
      table,
    ];
    const placeholders = r.placeholders ?? [];
    parts.push(h('p', { class: 'placeholders' }, h('strong', { text: 'Treated as empty: ' }),
      placeholders.length
        ? placeholders.map((p, i) => [i ? ', ' : '', h('q', { text: p.value }), ` (${int(p.count)})`])
        : 'no placeholder values met (blanks, NULL, N/A, #N/A and Select count as empty).'));
    const lastActivities = activities[activities.length - 1];
    if (lastActivities) parts.push(...this.activityMapping(lastActivities));
    this.mappingEl.replaceChildren(...parts);
  }

  /**
   * A mapping table body: per column, a select of `keys` (or `none`), the
   * choice recorded in `overrides` and applied with `apply` (the file is
   * read again), and how the column was detected.
   */
  mappingRows(columns, { selectClass, label, keys, none, overrides, apply, locked = false }) {
    const body = h('tbody');
    for (const c of columns) {
      const sel = h('select', { class: selectClass, dataset: { header: c.header }, 'aria-label': `${label} for column ${c.header}` });
      sel.append(h('option', { value: '', text: none }));
      for (const k of keys) sel.append(h('option', { value: k, text: k }));
      sel.value = c.field ?? '';
      sel.disabled = locked;
      sel.addEventListener('change', async () => {
        overrides[c.header] = sel.value === '' ? null : sel.value;
        sel.disabled = true;
        try {
          await apply({ ...overrides });
        } finally {
          sel.disabled = false;
        }
      });
      body.append(h('tr', { class: c.field ? '' : 'custom', dataset: { source: c.source } },
        h('th', { scope: 'row', class: 'col-header', text: c.header }),
        h('td', null, sel, h('small', { class: 'map-source', text: SOURCE_LABEL[c.source] ?? c.source }))));
    }
    return body;
  }

  /** The last activity file's columns, each with a field select. */
  activityMapping(file) {
    const r = file.report;
    const table = h('table', { class: 'activity-mapping' },
      h('caption', { text: `Activity log: ${file.name}` }),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: 'Column in the file' }),
        h('th', { scope: 'col', text: 'Read as' }))));
    const body = this.mappingRows(r.columns, {
      selectClass: 'activity-map-select', label: 'Activity field', keys: ACTIVITY_KEYS, none: 'ignored',
      overrides: this.activityOverrides, apply: (o) => this.o.onRemapActivities(o), locked: file.name === 'sample',
    });
    table.append(body);
    return [h('p', { class: 'hint', text: 'Change an activity column\u2019s field and the last activity file is read again in place of its rows.' }), table];
  }

  openMapping() {
    this.mapping.open = true;
  }
}
