// <lead-scoring-sandbox>: the whole Leadscore UI as one custom element.
//
// Attributes: model (inline model JSON), model-url (same-origin URL of a
// model JSON), sample ("false" starts empty), layout ("full" | "compact"),
// as-of (ISO time). Methods (Promises): setModel, getModel, importLeads,
// importActivities, importOutcomes, updateLeads, setAsOf, summary, mqls,
// scoredCsv, compare, changedRows, replay; `ready` is a
// Promise. Events: ready, scored, mqlchange, error (bubbling, composed).
// Not part of the contract: persist="false" (neither read nor write the
// #model= link and localStorage; implied by model / model-url), and
// sample-size / sample-seed (a bigger generated sample, for benchmarks).
//
// Lead data stays in the engine worker and in this page; the only things
// kept between visits are the model (localStorage `leadscore.model`) and
// what the user puts in a share link (the model, in the URL fragment).
import { Engine, Cancelled } from './engine.js';
import { h, s, fill, download, nextId } from './ui/dom.js';
import { int, time, nowIso, toLocalInput, fromLocalInput } from './ui/format.js';
import { Counts } from './ui/counts.js';
import { Histogram } from './ui/histogram.js';
import { LeadTable, PAGE } from './ui/table.js';
import { ModelEditor, ThresholdControl } from './ui/model-editor.js';
import { Importer } from './ui/importer.js';
import { explanation } from './ui/explain.js';
import { HandoffView, FORMATS } from './ui/handoff.js';
import { ServiceEditor } from './ui/service-editor.js';
import { FeedbackImport, FeedbackSummary } from './ui/feedback.js';
import { CalibrationView } from './ui/calibration.js';
import { WarehouseView } from './ui/warehouse.js';
import * as store from './ui/model-store.js';
import { Versions } from './ui/versions.js';
import { CompareView } from './ui/compare-view.js';

const STYLESHEET = new URL('./widget.css', import.meta.url).href;
const SAMPLE_LEADS = 3000;
const SAMPLE_SEED = 7;
const SHOW_PROGRESS_AFTER_MS = 250;
const PHASE_TEXT = {
  reading: 'Reading the file',
  leads: 'Importing leads',
  activities: 'Importing activities',
  outcomes: 'Importing sales outcomes',
  scoring: 'Scoring',
  restoring: 'Restoring the last good state',
  handoff: 'Building the handoff packets',
  export: 'Writing the handoff file',
};
/** While the handoff view is open, packets are rebuilt this long after the last change. */
const HANDOFF_DELAY_MS = 400;

/** Bytes as megabytes, one decimal under 10. */
function megabytes(bytes) {
  const mb = bytes / 1048576;
  return mb < 10 ? mb.toFixed(1) : String(Math.round(mb));
}

/** The next painted frame (or 100 ms in a hidden tab, where frames stop). */
function nextFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    }));
  });
}

function logo() {
  return s('svg', { class: 'logo', viewBox: '0 0 32 32', 'aria-hidden': 'true', width: '32', height: '32' },
    s('rect', { x: '1', y: '1', width: '30', height: '30', rx: '8', class: 'logo-bg' }),
    s('rect', { x: '7', y: '17', width: '4', height: '8', rx: '1', class: 'logo-bar' }),
    s('rect', { x: '14', y: '12', width: '4', height: '13', rx: '1', class: 'logo-bar' }),
    s('rect', { x: '21', y: '7', width: '4', height: '18', rx: '1', class: 'logo-bar logo-bar-hi' }));
}

class LeadScoringSandbox extends HTMLElement {
  static get observedAttributes() {
    return ['layout', 'model', 'model-url', 'as-of'];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.started = false;
    this.booted = false;
    this.lastSummary = null;
    this.resolveReady = null;
    this.rejectReady = null;
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // reported through the `error` event
  }

  connectedCallback() {
    clearTimeout(this.stopTimer);
    if (this.stopped) {
      this.stopped = false;
      this.engine.cancel('reconnected').catch((err) => this.fail(err));
    }
    if (this.started) return;
    this.started = true;
    this.boot().catch((err) => {
      this.fail(err);
      this.rejectReady(err);
    });
  }

  disconnectedCallback() {
    // A moved element comes back at once; a removed one frees its worker.
    this.stopTimer = setTimeout(() => {
      if (this.isConnected || !this.engine || !this.booted) return;
      this.engine.stop();
      this.stopped = true;
    }, 1000);
  }

  attributeChangedCallback(name, old, value) {
    if (!this.booted || old === value) return;
    if (name === 'layout') {
      this.root.classList.toggle('layout-compact', value === 'compact');
      if (value === 'compact') this.showTab('leads');
    }
    else if (name === 'model' && value) this.setModel(value).catch(() => {});
    else if (name === 'model-url' && value) this.loadModelUrl(value).then((json) => this.setModel(json)).catch((e) => this.fail(e));
    else if (name === 'as-of' && value) this.setAsOf(value).catch(() => {});
  }

  // ---------------------------------------------------------------- boot --

  async boot() {
    this.buildSkeleton();
    this.engine = new Engine();
    this.listen();
    const info = await this.engine.start();
    this.info = info;
    this.buildUi(info);

    const model = await this.initialModel(info.model);
    this.modelObj = JSON.parse(model);
    this.modelJson = model;
    this.showModel();
    this.threshold.set(this.modelObj.threshold);

    const asOfAttr = this.getAttribute('as-of');
    this.asOfSource = asOfAttr ? 'attribute' : 'now';
    this.asOf = asOfAttr || nowIso();
    this.data = { leads: null, activities: [], sample: false, sampleActivities: false, leadCount: 0, activityCount: 0 };
    if (this.getAttribute('sample') !== 'false') {
      const n = Number(this.getAttribute('sample-size')) || SAMPLE_LEADS;
      const seed = Number(this.getAttribute('sample-seed')) || SAMPLE_SEED;
      const res = await this.engine.loadSample(n, seed);
      this.data = {
        leads: { name: 'sample', report: res.leads }, activities: [{ name: 'sample', report: res.activities }],
        sample: true, sampleActivities: true, leadCount: res.leads.kept, activityCount: res.activities.kept,
      };
      this.editor.setCustomFields(res.leads.columns.filter((c) => !c.field).map((c) => c.header));
      if (!asOfAttr) {
        this.asOf = res.as_of;
        this.asOfSource = 'sample';
      }
    }
    this.importer.render(this.data);
    this.showAsOf();
    await this.rescore();
    await nextFrame();
    if (this.persist()) {
      // A share link pasted into this tab changes only the fragment.
      window.addEventListener('hashchange', () => {
        let json = null;
        try {
          json = store.modelFromHash(location.hash);
        } catch (err) {
          this.fail(err);
        }
        if (json) this.setModel(json).then(() => this.note('Model loaded from the link.'), () => {});
      });
    }
    this.booted = true;
    this.resolveReady();
    this.emit('ready', this.lastSummary);
  }

  /** attribute model > model-url > #model= link > localStorage > the engine's default. */
  async initialModel(fallback) {
    const candidates = [];
    const attr = this.getAttribute('model');
    if (attr) candidates.push(['the model attribute', () => attr]);
    const url = this.getAttribute('model-url');
    if (url) candidates.push(['model-url', () => this.loadModelUrl(url)]);
    if (this.persist()) {
      candidates.push(['the link', () => store.modelFromHash(location.hash)]);
      candidates.push(['the saved model', () => store.loadStored()]);
    }
    for (const [where, get] of candidates) {
      try {
        const json = await get();
        if (!json) continue;
        return await this.engine.canonicalModel(json);
      } catch (err) {
        this.fail(new Error(`Could not use the model from ${where}: ${err.message}`));
      }
    }
    return fallback;
  }

  /** The link and localStorage hold the page's own model; an element given a model keeps to it. */
  persist() {
    return this.getAttribute('persist') !== 'false' && !this.hasAttribute('model') && !this.hasAttribute('model-url');
  }

  async loadModelUrl(url) {
    const target = new URL(url, document.baseURI);
    if (target.origin !== location.origin) throw new Error(`model-url must be on this site (${location.origin}), not ${target.origin}`);
    const res = await fetch(target, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`model-url: ${res.status} ${res.statusText}`);
    return res.text();
  }

  listen() {
    const e = this.engine;
    e.addEventListener('scored', (ev) => this.onScored(ev.detail));
    e.addEventListener('view', (ev) => this.table?.setData(ev.detail));
    e.addEventListener('failed', (ev) => this.onFailed(ev.detail));
    e.addEventListener('mqlchange', (ev) => this.emit('mqlchange', ev.detail));
    e.addEventListener('progress', (ev) => this.onProgress(ev.detail));
    e.addEventListener('error', (ev) => this.fail(new Error(ev.detail.message)));
    e.addEventListener('restored', (ev) => {
      if (ev.detail.model) {
        this.modelObj = JSON.parse(ev.detail.model);
        this.modelJson = ev.detail.model;
        this.showModel();
        this.threshold.set(this.modelObj.threshold);
      }
      if (ev.detail.reason === 'cancelled') this.note('Cancelled. The last good files and model are back.');
    });
    e.addEventListener('importcancelled', () => this.note('Import cancelled. The data loaded before is unchanged.'));
  }

  // ------------------------------------------------------------ skeleton --

  buildSkeleton() {
    const link = h('link', { rel: 'stylesheet', href: STYLESHEET });
    this.root = h('div', { class: ['ls-root', this.getAttribute('layout') === 'compact' && 'layout-compact'] });
    this.loading = h('p', { class: 'loading-note', text: 'Loading the scoring engine\u2026' });
    this.root.append(this.loading);
    this.shadowRoot.replaceChildren(link, this.root);
  }

  buildUi(info) {
    // Header and model tools
    const presetSelect = h('select', { class: 'preset-select', 'aria-label': 'Preset model' });
    for (const p of info.presets) presetSelect.append(h('option', { value: p.name, text: p.label }));
    const modelFile = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', id: nextId('model-file') });
    modelFile.addEventListener('change', async () => {
      const f = modelFile.files?.[0];
      modelFile.value = '';
      if (!f) return;
      try {
        await this.setModel(await f.text());
        this.note(`Model loaded from ${f.name}.`);
      } catch { /* shown by setModel */ }
    });
    this.shareOut = h('input', { type: 'text', readonly: true, class: 'share-link', 'aria-label': 'Shareable link (carries the model, never the leads)' });
    this.sharePanel = h('div', { class: 'share-panel', hidden: true },
      this.shareOut,
      h('button', { type: 'button', class: 'btn btn-small', text: 'Copy', on: { click: () => this.copyShare() } }),
      h('span', { class: 'muted share-note', text: 'The link carries the model only, never a lead.' }));
    const tools = h('div', { class: 'model-tools', role: 'group', 'aria-label': 'Model file' },
      presetSelect,
      h('button', { type: 'button', class: 'btn', text: 'Load preset', on: { click: () => this.loadPreset(presetSelect.value) } }),
      h('button', { type: 'button', class: 'btn', text: 'Reset', title: 'Back to the seed example model', on: { click: () => this.resetModel() } }),
      h('label', { for: modelFile.id, class: 'btn file-btn', text: 'Import model' }), modelFile,
      h('button', { type: 'button', class: 'btn', text: 'Export model', on: { click: () => this.exportModel() } }),
      h('button', { type: 'button', class: 'btn', text: 'Share link', on: { click: () => this.share() } }));
    const header = h('header', { class: 'top' },
      h('div', { class: 'brand' }, logo(),
        h('div', null, h('h1', { text: 'Leadscore' }),
          h('p', { class: 'promise' }, h('span', { class: 'lock', 'aria-hidden': 'true', text: '\u25CF' }), ' Your data never leaves this page'))),
      h('div', { class: 'full-only tools-wrap' }, tools, this.sharePanel));

    // Status line: progress with cancel, notes, errors
    this.progressText = h('span', { class: 'progress-text' });
    this.progressBar = h('progress', { class: 'progress-bar', 'aria-label': 'Working' });
    this.cancelBtn = h('button', { type: 'button', class: 'btn btn-small', text: 'Cancel', on: { click: () => this.cancel() } });
    this.progress = h('div', { class: 'progress', hidden: true, role: 'status' }, this.progressBar, this.progressText, this.cancelBtn);
    this.noteEl = h('p', { class: 'note-line', role: 'status', 'aria-live': 'polite' });
    this.errorText = h('span', { class: 'error-text' });
    this.errorEl = h('div', { class: 'error-banner', role: 'alert', hidden: true }, this.errorText,
      h('button', { type: 'button', class: 'btn-icon', 'aria-label': 'Dismiss the error', text: '\u00d7', on: { click: () => { this.errorEl.hidden = true; } } }));

    // Results
    this.counts = new Counts();
    this.threshold = new ThresholdControl({ onChange: (v) => {
      this.modelObj.threshold = v;
      this.modelChanged();
    } });
    this.asOfLine = h('p', { class: 'asof-line muted' });
    this.histogram = new Histogram();
    this.table = new LeadTable({
      fetchRows: (version, start, count) => this.engine.rows(version, start, count),
      onView: (view) => {
        this.table.setScroll(0);
        this.engine.want({ view, ...this.table.wanted() }).catch(() => {});
      },
      onOpen: (row) => this.openLead(row.index),
      onExport: () => this.exportCsv(),
    });

    const countsSection = h('section', { class: 'panel counts-panel', 'aria-labelledby': 'counts-title' },
      h('h2', { class: 'visually-hidden', id: 'counts-title', text: 'Counts by status' }),
      this.counts.el,
      h('div', { class: 'threshold-wrap' }, this.threshold.el, this.asOfLine));
    const histSection = h('section', { class: 'panel hist-panel', 'aria-labelledby': 'hist-title' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'hist-title', text: 'Score distribution' }), this.histogram.legend),
      this.histogram.el);
    const tableSection = h('section', { class: 'panel table-panel full-only', 'aria-labelledby': 'table-title' },
      h('h2', { id: 'table-title', text: 'Leads' }), this.table.el);

    // Handoff: packets, SLA board, downloads (built in the worker when opened)
    this.handoff = new HandoffView({
      fetchPacket: (pos) => this.fetchPacket(pos),
      onDownload: (format) => this.downloadHandoff(format),
      onScoredCsv: () => this.exportCsv(),
    });
    const handoffSection = h('section', { class: 'panel handoff-panel full-only', 'aria-labelledby': 'handoff-title' },
      h('h2', { id: 'handoff-title', text: 'Handoff to sales' }), this.handoff.el);
    this.feedbackSummary = new FeedbackSummary();
    const feedbackSection = h('section', { class: 'panel feedback-panel full-only', 'aria-labelledby': 'feedback-title' },
      h('h2', { id: 'feedback-title', text: 'Sales feedback' }), this.feedbackSummary.el);
    // Calibration: built in the worker when the tab is open.
    this.calibration = new CalibrationView({
      calibrate: (options) => this.engine.want({}).catch(() => {}).then(() => this.engine.call('calibrate', { options })),
      suggestModel: (options) => this.engine.want({}).catch(() => {}).then(() => this.engine.call('suggestModel', { options })),
      onThreshold: (t) => this.setThreshold(t),
      onApplyPoints: (points, threshold) => this.applyPoints(points, threshold),
      onOpenModel: (json) => this.setModel(json).then(() => document.getElementById('model-title')?.scrollIntoView?.()),
    });
    const calibrationSection = h('section', { class: 'panel calibration-panel full-only', 'aria-labelledby': 'calibration-title' },
      h('h2', { id: 'calibration-title', text: 'Calibration: does the score predict conversion?' }), this.calibration.el);
    this.tabs = new Map();
    const tabList = h('div', { class: 'view-tabs full-only', role: 'tablist', 'aria-label': 'Views' });
    // Model versions and the Compare view (issue 10).
    this.versions = new Versions({ storage: this.persist() });
    this.compareView = new CompareView({
      choices: () => this.versions.choices(),
      run: (a, b, weeks) => this.runCompare(a, b, weeks),
      page: (offset, limit, options) => this.engine.changedRows(offset, limit, options),
      explainBoth: (index) => Promise.all([this.engine.compareLead(index, 'a'), this.engine.compareLead(index, 'b')]),
    });
    const compareSection = h('section', { class: 'panel compare-panel full-only', 'aria-labelledby': 'compare-title' },
      h('h2', { id: 'compare-title', text: 'Compare versions' }), this.compareView.el);
    for (const [key, label, panelEls] of [['leads', 'Leads and scores', [histSection, tableSection]], ['handoff', 'Handoff and SLA', [handoffSection]], ['feedback', 'Sales feedback', [feedbackSection]], ['calibration', 'Calibration', [calibrationSection]], ['compare', 'Compare', [compareSection]]]) {
      const tabId = nextId(`tab-${key}`);
      const panel = h('div', { class: `tab-panel tab-panel-${key}`, role: 'tabpanel', id: nextId(`panel-${key}`), 'aria-labelledby': tabId, hidden: key !== 'leads' }, panelEls);
      const tab = h('button', {
        type: 'button', role: 'tab', id: tabId, class: 'view-tab', 'aria-controls': panel.id, dataset: { tab: key },
        'aria-selected': String(key === 'leads'), tabindex: key === 'leads' ? '0' : '-1', text: label,
        on: { click: () => this.showTab(key) },
      });
      tab.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
        e.preventDefault();
        const keys = [...this.tabs.keys()];
        const at = keys.indexOf(key);
        const next = e.key === 'Home' ? 0 : e.key === 'End' ? keys.length - 1 : (at + (e.key === 'ArrowRight' ? 1 : -1) + keys.length) % keys.length;
        this.showTab(keys[next]);
        this.tabs.get(keys[next]).tab.focus();
      });
      tabList.append(tab);
      this.tabs.set(key, { tab, panel });
    }
    this.handoffOpen = false;
    this.handoffDirty = true;

    // Setup: data and model
    this.importer = new Importer({
      fieldKeys: info.fieldKeys,
      onImport: (kind, source, name, mapping) => this.importData(kind, source, name, mapping ?? null, { offer: true })
        .then(() => true, () => false),
      onRemap: (mapping) => this.remap(mapping),
      onRemapActivities: (mapping) => this.remapActivities(mapping),
      onSample: () => this.loadSample(),
      onClearActivities: () => this.clearActivities(),
      onUnmatched: () => this.engine.call('unmatched'),
    });
    this.feedbackImport = new FeedbackImport({
      onOutcomes: (source, name) => this.loadOutcomes(source, name),
      onUpdate: (source, name) => this.loadUpdate(source, name),
      onRemap: (statusMapping, from) => this.remapStatusWords(statusMapping, from),
      onClear: () => this.clearOutcomes(),
    });
    this.editor = new ModelEditor({ fieldKeys: info.fieldKeys, onChange: () => this.modelChanged() });
    this.service = new ServiceEditor({ fieldListId: this.editor.fieldList.id, onChange: () => this.modelChanged() });

    const asOfId = nextId('asof');
    this.asOfInput = h('input', { type: 'datetime-local', id: asOfId, class: 'asof-input', step: '60' });
    this.asOfInput.addEventListener('change', () => {
      const iso = fromLocalInput(this.asOfInput.value);
      if (iso) this.setAsOf(iso).catch(() => {});
    });
    this.asOfHint = h('small', { class: 'muted asof-hint' });
    const asOfField = h('div', { class: 'field asof-field' },
      h('label', { for: asOfId, text: 'Scored as of (UTC)' }),
      h('div', { class: 'inline-controls' }, this.asOfInput,
        h('button', { type: 'button', class: 'btn btn-small', text: 'Now', on: { click: () => this.setAsOf(nowIso()).catch(() => {}) } })),
      this.asOfHint);

    const dataSection = h('section', { class: 'panel data-panel full-only', 'aria-labelledby': 'data-title' },
      h('h2', { id: 'data-title', text: 'Your data' }), this.importer.el);
    const outcomesSection = h('section', { class: 'panel outcomes-panel full-only', 'aria-labelledby': 'outcomes-title' },
      h('h2', { id: 'outcomes-title', text: 'Sales outcomes' }), this.feedbackImport.el);
    this.warehouse = new WarehouseView({
      fetchSql: (dialect, asOf) => {
        // The status words read as the lead table's import read them.
        const base = this.engine.good.base;
        const options = {};
        if (asOf) options.as_of = asOf;
        if (base?.kind === 'leads' && base.statusMapping) options.status_mapping = base.statusMapping;
        return this.engine.modelSql(this.engine.good.model ?? this.modelJson, dialect, Object.keys(options).length ? options : null);
      },
    });
    const modelSection = h('section', { class: 'panel model-panel full-only', 'aria-labelledby': 'model-title' },
      h('h2', { id: 'model-title', text: 'Scoring model' }), this.buildVersions(), asOfField, this.editor.el, this.service.el, this.warehouse.el);

    // Explanation dialog
    this.dialogBody = h('div', { class: 'dialog-body' });
    this.dialog = h('dialog', { class: 'explain-dialog', 'aria-labelledby': 'explain-title' },
      h('button', { type: 'button', class: 'btn-icon dialog-close', 'aria-label': 'Close the explanation', text: '\u00d7',
        on: { click: () => this.dialog.close() } }),
      this.dialogBody);
    this.dialog.addEventListener('close', () => {
      this.openIndex = null;
      this.table.focus();
    });
    this.dialog.addEventListener('click', (e) => {
      if (e.target === this.dialog) this.dialog.close(); // the backdrop
    });

    this.root.replaceChildren(
      header,
      h('div', { class: 'status-area' }, this.progress, this.errorEl, this.noteEl),
      h('main', { class: 'layout' },
        h('div', { class: 'col-results' }, countsSection, tabList, ...[...this.tabs.values()].map((t) => t.panel)),
        h('div', { class: 'col-setup full-only' }, dataSection, outcomesSection, modelSection)),
      this.dialog);
  }

  // ------------------------------------------------------------- scoring --

  /** The table rows to send along with a scoring run: the pages in view. */
  wantArgs() {
    return this.table ? this.table.wanted() : { start: 0, count: PAGE };
  }

  rescore() {
    return this.engine.want({ model: this.modelJson, asOf: this.asOf, view: this.table.view, ...this.wantArgs(), rescore: true });
  }

  modelChanged() {
    this.modelJson = JSON.stringify(this.modelObj, null, 2);
    this.engine.want({ model: this.modelJson, ...this.wantArgs() }).catch(() => {});
  }

  onScored(result) {
    const summary = result.summary;
    const sameData = this.lastResult && this.lastResult.dataGen === result.dataGen;
    const previous = sameData ? this.lastSummary : null;
    this.lastSummary = summary;
    this.lastResult = { dataGen: result.dataGen };
    this.loading?.remove();
    this.counts.update(summary, previous);
    this.threshold.set(summary.threshold);
    this.histogram.setBins(result.bins);
    this.table.setData(result.table);
    if (result.eventTypes) this.editor.setEventTypes(result.eventTypes);
    this.editor.showError(null);
    this.service.showError(null);
    this.handoffDirty = true;
    if (this.handoffOpen) this.scheduleHandoff();
    this.refreshFeedback();
    if (this.calibrationOpen) this.calibration.refresh();
    if (this.data && (this.data.leadCount !== result.leadCount || this.data.activityCount !== result.activityCount)) {
      this.data.leadCount = result.leadCount;
      this.data.activityCount = result.activityCount;
      this.importer.render(this.data);
    }
    this.asOfLine.textContent = `${int(summary.leads)} leads scored as of ${time(summary.as_of)}` +
      (summary.warnings.length ? ` \u00b7 ${summary.warnings.join('; ')}` : '');
    this.versions.setDraft(this.engine.good.model ?? this.modelJson);
    this.showVersions();
    this.warehouse.setAsOf(summary.as_of);
    if (this.warehouse.open) this.warehouse.refresh();
    if (this.openIndex !== null && this.openIndex !== undefined) {
      if (sameData) this.refreshLead();
      else this.dialog.close();
    }
    this.emit('scored', summary);
  }

  onFailed({ message }) {
    if (/^asOf/.test(message)) {
      this.fail(new Error(message));
      return;
    }
    if (this.service.showError(message)) this.editor.showError(null);
    else this.editor.showError(message);
    this.emit('error', { message });
  }

  // ------------------------------------------------------------ progress --

  onProgress(busy) {
    clearTimeout(this.progressTimer);
    if (!this.progress) return;
    if (!busy) {
      this.progress.hidden = true;
      return;
    }
    const show = () => {
      const b = this.engine.busy();
      if (!b) return;
      const secs = Math.floor((performance.now() - b.started) / 1000);
      if (b.total != null) {
        // A streamed file: how far, by bytes.
        const pct = b.total ? Math.floor((100 * b.bytes) / b.total) : 100;
        this.progressText.textContent = `${PHASE_TEXT[b.phase] ?? b.phase}\u2026 ${megabytes(b.bytes)} of ${megabytes(b.total)} MB (${pct}%)${secs >= 1 ? `, ${secs} s` : ''}`;
        this.progressBar.max = b.total || 1;
        this.progressBar.value = b.bytes;
      } else {
        this.progressText.textContent = `${PHASE_TEXT[b.phase] ?? b.phase}\u2026${secs >= 1 ? ` ${secs} s` : ''}`;
        this.progressBar.removeAttribute('value');
      }
      this.progress.dataset.phase = b.phase;
      this.cancelBtn.hidden = b.phase === 'restoring';
      this.progress.hidden = false;
      this.progressTimer = setTimeout(show, b.total != null ? 150 : 500);
    };
    const age = performance.now() - busy.started;
    this.progressTimer = setTimeout(show, Math.max(0, SHOW_PROGRESS_AFTER_MS - age));
  }

  async cancel() {
    try {
      await this.engine.cancel();
    } catch (err) {
      this.fail(err);
    }
  }

  // ---------------------------------------------------------------- data --

  async importData(kind, source, name, mapping = null, { offer = false } = {}) {
    if (kind === 'outcomes') return this.loadOutcomes(source, name, { rethrow: true });
    let report;
    try {
      report = kind === 'leads'
        ? await this.engine.importLeads(source, mapping, name)
        : await this.engine.importActivities(source, mapping, name);
    } catch (err) {
      if (err instanceof Cancelled) throw err;
      this.fail(new Error(`${name}: ${err.message}`));
      if (offer && kind === 'leads') this.importer.offerMapping(name, source, err.message);
      throw err;
    }
    if (kind === 'leads') {
      const wasSample = this.data.sample;
      this.data.leads = { name, report };
      if (wasSample) {
        this.data.activities = [];
        this.data.sample = false;
        this.data.sampleActivities = false;
      }
      this.importer.resetOverrides();
      this.editor.setCustomFields(report.columns.filter((c) => !c.field).map((c) => c.header));
      this.feedbackImport.showLeadWords(report.status_words);
      if (this.asOfSource === 'sample') {
        this.asOf = nowIso();
        this.asOfSource = 'now';
        this.showAsOf();
      }
    } else {
      this.data.activities.push({ name, report });
      this.importer.resetActivityOverrides();
      if (this.data.leads) this.data.leads = { ...this.data.leads, report: { ...this.data.leads.report, unmatched_activities: report.unmatched_activities } };
    }
    if (this.dialog.open) this.dialog.close();
    this.importer.render(this.data);
    await this.rescore();
    this.note(`${name}: ${int(report.kept)} of ${int(report.read)} rows kept${report.rejected ? `, ${int(report.rejected)} rejected (see the report)` : ''}.`);
    return report;
  }

  // ------------------------------------------------------------ feedback --

  /**
   * The feedback panel follows every scoring run (one small object), but
   * only while it is shown: feedback() reads every lead, and asked for on
   * each slider step it would queue in the worker ahead of the next score.
   */
  refreshFeedback() {
    this.feedbackDirty = true;
    if (this.tabs?.get('feedback')?.panel.hidden) return;
    this.feedbackDirty = false;
    const rev = (this.feedbackRev = (this.feedbackRev ?? 0) + 1);
    this.engine.call('feedback').then((f) => {
      if (rev === this.feedbackRev) this.feedbackSummary.update(f);
    }, () => {});
  }

  async loadOutcomes(source, name, { rethrow = false, statusMapping } = {}) {
    if (statusMapping) this.statusMapping = statusMapping;
    try {
      const report = await this.engine.importOutcomes(source, null, this.statusMapping ?? null, name);
      this.feedbackImport.showOutcomes(name, report);
      if (this.dialog.open) this.dialog.close();
      await this.rescore();
      this.note(`${name}: ${int(report.kept)} of ${int(report.read)} decisions kept${report.rejected ? `, ${int(report.rejected)} rejected (see the report)` : ''}.`);
      return report;
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(new Error(`${name}: ${err.message}`));
      if (rethrow) throw err;
      return null;
    }
  }

  async loadUpdate(source, name, { rethrow = false } = {}) {
    try {
      const report = await this.engine.updateLeads(source, null, this.statusMapping ?? null, name);
      this.feedbackImport.showUpdate(name, report);
      if (this.dialog.open) this.dialog.close();
      await this.rescore();
      this.note(`${name}: ${int(report.changed)} ${report.changed === 1 ? 'lead' : 'leads'} changed, ${int(report.added)} added, ${int(report.unchanged)} unchanged.`);
      return report;
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(new Error(`${name}: ${err.message}`));
      if (rethrow) throw err;
      return null;
    }
  }

  /** Applies an edited status-word mapping to the file its words came from. */
  async remapStatusWords(statusMapping, from) {
    this.statusMapping = statusMapping;
    try {
      if (from === 'outcomes') {
        const report = await this.engine.remapOutcomes(statusMapping);
        this.feedbackImport.showOutcomes('outcomes', report);
      } else {
        const report = await this.engine.remapLeads(this.importer.overrides ?? {}, statusMapping);
        this.data.leads = { ...this.data.leads, report };
        this.importer.render(this.data);
        this.feedbackImport.showLeadWords(report.status_words);
      }
      await this.rescore();
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
    }
  }

  async clearOutcomes() {
    try {
      await this.engine.clearOutcomes();
      await this.rescore();
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
    }
  }

  async remap(mapping) {
    try {
      const report = await this.engine.remapLeads(mapping);
      this.data.leads = { ...this.data.leads, report };
      this.editor.setCustomFields(report.columns.filter((c) => !c.field).map((c) => c.header));
      this.importer.render(this.data);
      await this.rescore();
      return report;
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
      return null;
    }
  }

  async remapActivities(mapping) {
    try {
      const report = await this.engine.remapActivities(mapping);
      const list = this.data.activities;
      list[list.length - 1] = { ...list[list.length - 1], report };
      this.importer.render(this.data);
      await this.rescore();
      return report;
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
      return null;
    }
  }

  async loadSample() {
    try {
      const res = await this.engine.loadSample(SAMPLE_LEADS, SAMPLE_SEED);
      this.data = {
        leads: { name: 'sample', report: res.leads }, activities: [{ name: 'sample', report: res.activities }],
        sample: true, sampleActivities: true, leadCount: res.leads.kept, activityCount: res.activities.kept,
      };
      this.importer.resetOverrides();
      this.editor.setCustomFields(res.leads.columns.filter((c) => !c.field).map((c) => c.header));
      if (this.asOfSource !== 'attribute' && this.asOfSource !== 'user') {
        this.asOf = res.as_of;
        this.asOfSource = 'sample';
        this.showAsOf();
      }
      if (this.dialog.open) this.dialog.close();
      this.importer.render(this.data);
      await this.rescore();
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
    }
  }

  async clearActivities() {
    try {
      await this.engine.clearActivities();
      this.data.activities = [];
      this.data.sampleActivities = false;
      this.importer.render(this.data);
      await this.rescore();
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
    }
  }

  showAsOf() {
    this.asOfInput.value = toLocalInput(this.asOf);
    const hint = { sample: 'The sample\u2019s date', now: 'When the data was loaded', attribute: 'Set by the page', user: 'Set by you' }[this.asOfSource];
    this.asOfHint.textContent = `${hint ? `${hint}. ` : ''}Events after it are ignored; behavior points decay with the days before it.`;
  }

  // --------------------------------------------------------------- model --

  async loadPreset(name) {
    try {
      await this.setModel(await this.engine.call('presetModel', { name }));
      this.note(`Preset loaded: ${this.modelObj.name || name}.`);
    } catch { /* shown by setModel */ }
  }

  async resetModel() {
    const first = this.info.presets[0]?.name ?? 'seed-example';
    await this.loadPreset(first);
  }

  exportModel() {
    const json = this.engine.good.model ?? this.modelJson;
    const name = (this.modelObj.name || 'model').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    download(`leadscore-${name || 'model'}.json`, `${json}\n`, 'application/json');
  }

  share(model) {
    const json = typeof model === 'string' ? model : this.engine.good.model ?? this.modelJson;
    this.shareOut.value = store.shareLink(json);
    this.sharePanel.hidden = false;
    this.shareOut.focus();
    this.shareOut.select();
  }

  async copyShare() {
    try {
      await navigator.clipboard.writeText(this.shareOut.value);
      this.note('Link copied.');
    } catch {
      this.shareOut.select();
      this.note('Select the link and copy it (Ctrl+C).');
    }
  }

  // -------------------------------------------------------- explanation --

  async openLead(index) {
    this.openIndex = index;
    if (!this.dialog.open) {
      this.dialogBody.replaceChildren(h('p', { class: 'muted', text: 'Explaining\u2026' }));
      this.dialog.showModal();
    }
    await this.refreshLead();
    this.dialog.querySelector('.dialog-close').focus();
  }

  async refreshLead() {
    const index = this.openIndex;
    try {
      const ex = await this.engine.explain(index);
      if (index !== this.openIndex) return;
      const top = this.dialogBody.scrollTop;
      const style = getComputedStyle(this.dialogBody);
      const width = this.dialogBody.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      this.dialogBody.replaceChildren(...explanation(ex, { width }).filter(Boolean));
      this.dialogBody.scrollTop = top;
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
    }
  }

  /** Shows the whole model in the editors (rules, decay, calendar, SLA, routing). */
  // ------------------------------------------------------------ versions --

  buildVersions() {
    this.versionLine = h('p', { class: 'version-line' });
    const nameId = nextId('version-name');
    this.versionName = h('input', { type: 'text', id: nameId, class: 'version-name', placeholder: 'e.g. Q3 pricing push', maxlength: '80' });
    this.makeLiveBtn = h('button', { type: 'button', class: 'btn btn-primary make-live', text: 'Make live', on: { click: () => this.makeLive() } });
    this.discardBtn = h('button', { type: 'button', class: 'btn discard-draft', text: 'Back to live', on: { click: () => this.discardDraft() } });
    this.versionList = h('ul', { class: 'version-list' });
    return h('div', { class: 'versions' },
      this.versionLine,
      h('div', { class: 'inline-controls' }, this.makeLiveBtn, this.discardBtn,
        h('button', { type: 'button', class: 'btn share-live', text: 'Share live link', on: { click: () => this.share(this.versions.live) } })),
      h('div', { class: 'field' }, h('label', { for: nameId, text: 'Save the draft as a named version' }),
        h('div', { class: 'inline-controls' }, this.versionName,
          h('button', { type: 'button', class: 'btn save-version', text: 'Save version', on: { click: () => this.saveVersion() } }))),
      this.versionList);
  }

  showVersions() {
    const v = this.versions;
    if (!this.versionLine) return;
    const name = (json) => {
      try {
        return JSON.parse(json).name || 'unnamed model';
      } catch {
        return 'unnamed model';
      }
    };
    const dirty = v.dirty();
    this.versionLine.textContent = v.live
      ? `Live: ${name(v.live)}. ${dirty ? 'You are editing a draft: the page shows the draft’s scores; the live model is unchanged until you make it live.' : 'The draft is the same as live.'}`
      : '';
    this.versionLine.dataset.dirty = String(dirty);
    this.makeLiveBtn.disabled = !dirty;
    this.discardBtn.disabled = !dirty;
    fill(this.versionList, v.named.map((n) => h('li', { class: 'version-item', dataset: { version: n.name } },
      h('span', { class: 'version-label', text: n.name }),
      h('span', { class: 'version-actions' },
        h('button', { type: 'button', class: 'btn btn-small', text: 'Edit as draft', on: { click: () => this.setModel(n.model).then(() => this.note(`Draft loaded from "${n.name}".`), () => {}) } }),
        h('button', { type: 'button', class: 'btn btn-small', text: 'Rename', on: { click: () => this.renameVersion(n.name) } }),
        h('button', { type: 'button', class: 'btn btn-small', text: 'Export', on: { click: () => download(`leadscore-${n.name.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'version'}.json`, `${n.model}\n`, 'application/json') } }),
        h('button', { type: 'button', class: 'btn btn-small', text: 'Delete', on: { click: () => { this.versions.remove(n.name); this.showVersions(); this.note(`Version "${n.name}" deleted.`); } } })))));
    if (this.tabs?.get('compare') && !this.tabs.get('compare').panel.hidden) this.compareView.refreshChoices();
  }

  makeLive() {
    this.versions.makeLive();
    this.showVersions();
    this.note('The draft is now the live model.');
    this.emit('live', { model: this.versions.live });
  }

  async discardDraft() {
    if (!this.versions.live) return;
    await this.setModel(this.versions.live).catch(() => {});
    this.note('Draft discarded: back to the live model.');
  }

  saveVersion() {
    try {
      const name = this.versions.saveAs(this.versionName.value, this.engine.good.model ?? this.modelJson);
      this.versionName.value = '';
      this.showVersions();
      this.note(`Saved version "${name}".`);
    } catch (err) {
      this.fail(err);
    }
  }

  renameVersion(from) {
    const li = [...this.versionList.children].find((el) => el.dataset.version === from);
    if (!li) return;
    const input = h('input', { type: 'text', class: 'version-rename', value: from, 'aria-label': `New name for ${from}` });
    const done = () => {
      try {
        this.versions.rename(from, input.value);
      } catch (err) {
        this.fail(err);
      }
      this.showVersions();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') done();
      if (e.key === 'Escape') this.showVersions();
    });
    input.addEventListener('blur', done, { once: true });
    li.querySelector('.version-label').replaceWith(input);
    input.focus();
    input.select();
  }

  /** Compare picks (version keys) and the replay over the `weeks` before as-of. */
  async runCompare(a, b, weeks) {
    const ma = this.versions.model(a);
    const mb = this.versions.model(b);
    if (!ma || !mb) throw new Error('pick two versions');
    const report = await this.compare(ma, mb, this.asOf);
    const to = new Date(Date.parse(report.as_of));
    const from = new Date(to.getTime() - weeks * 7 * 86_400_000);
    const replay = await this.engine.replay(ma, mb, from.toISOString(), to.toISOString(), 7);
    return { report, replay };
  }

  showModel() {
    this.editor.setModel(this.modelObj);
    this.service.setModel(this.modelObj);
  }

  // --------------------------------------------------------- calibration --

  /** A suggested threshold, as the slider would set it. */
  setThreshold(t) {
    this.modelObj.threshold = t;
    this.threshold.set(t);
    this.showModel();
    this.modelChanged();
  }

  /** Suggested points into the model (and the threshold that goes with them). */
  applyPoints(points, threshold) {
    for (const { id, points: p } of points) {
      const rule = this.modelObj.rules.find((r) => r.id === id);
      if (rule) rule.points = p;
    }
    if (threshold !== undefined) {
      this.modelObj.threshold = threshold;
      this.threshold.set(threshold);
    }
    this.showModel();
    this.modelChanged();
    this.note(`${points.length} suggested ${points.length === 1 ? 'point value' : 'point values'} applied${threshold !== undefined ? `, threshold ${threshold}` : ''}.`);
  }

  // ------------------------------------------------------------- handoff --

  showTab(key) {
    if (!this.tabs?.has(key)) return;
    for (const [k, { tab, panel }] of this.tabs) {
      tab.setAttribute('aria-selected', String(k === key));
      tab.tabIndex = k === key ? 0 : -1;
      panel.hidden = k !== key;
    }
    this.calibrationOpen = key === 'calibration';
    if (this.calibrationOpen) this.calibration.refresh();
    this.handoffOpen = key === 'handoff';
    if (key === 'compare') this.compareView.refreshChoices();
    if (this.handoffOpen && this.handoffDirty) this.refreshHandoff().catch(() => {});
    if (key === 'feedback' && this.feedbackDirty) this.refreshFeedback();
  }

  scheduleHandoff() {
    clearTimeout(this.handoffTimer);
    this.handoffTimer = setTimeout(() => {
      this.handoffTimer = 0;
      this.refreshHandoff().catch(() => {});
    }, HANDOFF_DELAY_MS);
  }

  /** Rebuilds the packets in the worker (after whatever scoring is pending) and shows them. */
  refreshHandoff() {
    clearTimeout(this.handoffTimer);
    this.handoffTimer = 0;
    if (this.handoffRun) {
      this.handoffAgain = true;
      return this.handoffRun;
    }
    this.handoffRun = (async () => {
      try {
        do {
          this.handoffAgain = false;
          this.handoffDirty = false;
          this.handoff.setBusy('Building the handoff packets\u2026');
          await this.engine.want({}).catch(() => {});
          const data = await this.engine.handoff();
          this.handoff.setData(data);
        } while (this.handoffAgain || (this.handoffDirty && this.handoffOpen));
      } catch (err) {
        this.handoffDirty = true;
        this.handoff.setBusy('');
        if (!(err instanceof Cancelled)) this.fail(err);
      } finally {
        this.handoffRun = null;
      }
    })();
    return this.handoffRun;
  }

  async fetchPacket(pos) {
    const gen = this.handoff.data?.gen;
    try {
      const res = await this.engine.packet(gen, pos);
      if (res.stale) {
        this.handoffDirty = true;
        if (this.handoffOpen) this.scheduleHandoff();
        return null;
      }
      return res.packet;
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
      return null;
    }
  }

  /** Not part of the contract (tests): resolves once the handoff view shows the latest scoring. */
  async handoffSettled() {
    await this.settled();
    while (this.handoffTimer || this.handoffRun) {
      if (this.handoffRun) await this.handoffRun;
      else await this.refreshHandoff();
    }
    await nextFrame();
  }

  async downloadHandoff(format) {
    const f = FORMATS.find((x) => x.format === format);
    if (!f) return;
    try {
      await this.settled();
      const { as_of: asOf, text } = await this.engine.handoffFile(format);
      const day = String(asOf ?? this.asOf).slice(0, 10);
      download(`leadscore-handoff-${day}.${f.ext}`, text, f.type);
      this.note(`Handoff ${f.label} file written: leadscore-handoff-${day}.${f.ext}`);
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
    }
  }

  // -------------------------------------------------------------- export --

  async exportCsv() {
    try {
      const csv = await this.scoredCsv();
      download('leadscore-scored-leads.csv', csv, 'text/csv;charset=utf-8');
    } catch (err) {
      if (!(err instanceof Cancelled)) this.fail(err);
    }
  }

  // ------------------------------------------------------------ messages --

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  fail(err) {
    const message = err instanceof Error ? err.message : String(err);
    if (this.errorEl) {
      this.errorText.textContent = message;
      this.errorEl.hidden = false;
    }
    this.emit('error', { message });
  }

  note(text) {
    if (!this.noteEl) return;
    this.noteEl.textContent = text;
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => { this.noteEl.textContent = ''; }, 6000);
  }

  // ------------------------------------------------------------ the API --

  /** After everything asked for is scored and on screen. */
  async settled() {
    await this.ready;
    await this.engine.want({});
    await nextFrame();
  }

  async setModel(json) {
    await this.ready.catch(() => {});
    if (!this.engine) throw new Error('the engine did not start');
    let canonical;
    try {
      if (typeof json !== 'string') json = JSON.stringify(json);
      JSON.parse(json);
      canonical = await this.engine.canonicalModel(json);
    } catch (err) {
      const e = new Error(`Model not loaded: ${err.message}`);
      this.fail(e);
      throw e;
    }
    this.modelObj = JSON.parse(canonical);
    this.modelJson = canonical;
    this.showModel();
    this.threshold.set(this.modelObj.threshold);
    this.sharePanel.hidden = true;
    await this.engine.want({ model: canonical, ...this.wantArgs() });
  }

  async getModel() {
    await this.settled().catch(() => {});
    return this.engine.call('model');
  }

  async importLeads(textOrBytes, mapping) {
    await this.ready;
    return this.importData('leads', textOrBytes, 'leads (API)', mapping ?? null);
  }

  async importActivities(textOrBytes, mapping) {
    await this.ready;
    return this.importData('activities', textOrBytes, 'activities (API)', mapping ?? null);
  }

  /** Adds an outcome log (sales decisions); `statusMapping` maps CRM status words. */
  async importOutcomes(textOrBytes, statusMapping) {
    await this.ready;
    return this.loadOutcomes(textOrBytes, 'outcomes (API)', { rethrow: true, statusMapping });
  }

  /** Merges a newer export of the same leads by id. */
  async updateLeads(textOrBytes) {
    await this.ready;
    return this.loadUpdate(textOrBytes, 'update (API)', { rethrow: true });
  }

  async setAsOf(iso) {
    await this.ready.catch(() => {});
    if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) {
      const e = new Error(`as-of: not an ISO 8601 time: ${iso}`);
      this.fail(e);
      throw e;
    }
    this.asOf = iso;
    this.asOfSource = 'user';
    this.showAsOf();
    await this.engine.want({ asOf: iso, ...this.wantArgs() });
  }

  async summary() {
    await this.settled();
    return this.lastSummary;
  }

  async mqls() {
    await this.settled();
    return this.engine.mqls();
  }

  async scoredCsv() {
    await this.settled();
    return this.engine.scoredCsv();
  }

  /**
   * Backtest: model A against model B (JSON strings or objects; B defaults
   * to the current model) on the loaded leads as of `asOf` (default the
   * widget's). Resolves to the CompareReport; the current model and its
   * scores stay as they are.
   */
  async compare(modelA, modelB, asOf) {
    await this.settled();
    const json = (m, name) => {
      if (typeof m === 'string') return m;
      if (m && typeof m === 'object') return JSON.stringify(m);
      throw new Error(`compare: ${name} must be the model JSON (a string) or a model object`);
    };
    const b = modelB === undefined || modelB === null ? await this.engine.call('model') : json(modelB, 'modelB');
    return this.engine.compare(json(modelA, 'modelA'), b, asOf ?? this.asOf);
  }

  /** A page of the last compare's changed leads: `{total, offset, rows}`. */
  async changedRows(offset = 0, limit = 100, options = undefined) {
    return this.engine.changedRows(offset, limit, options);
  }

  /** Weekly (stepDays) MQL volume of two models over [from, to). */
  async replay(modelA, modelB, from, to, stepDays = 7) {
    await this.settled();
    const json = (m) => (typeof m === 'string' ? m : JSON.stringify(m));
    return this.engine.replay(json(modelA), json(modelB), from, to, stepDays);
  }
}

if (!customElements.get('lead-scoring-sandbox')) {
  customElements.define('lead-scoring-sandbox', LeadScoringSandbox);
}

export { LeadScoringSandbox };
