// The model editor: threshold, decay and every rule, each control changing
// the model object in place and reporting it (the page re-scores at once).
import { h, field, nextId } from './dom.js';

export const FIELD_OPS = [
  ['equals', 'equals'],
  ['one_of', 'is one of'],
  ['contains', 'contains'],
  ['has_token', 'has the word'],
  ['range', 'is in the range'],
  ['empty', 'is empty'],
  ['not_empty', 'is not empty'],
];
export const EVENT_COUNTS = [
  ['once', 'once'],
  ['each', 'for each'],
  ['in_last_days', 'at least N in the last D days'],
  ['in_any_days', 'at least N inside any D days'],
];
const KINDS = [
  ['field', 'Lead field (fit)'],
  ['event', 'Activity (behavior)'],
  ['number', 'Numeric column (behavior)'],
];

/** The rule templates the "Add a rule" menu offers, one per kind the engine has. */
export const TEMPLATES = [
  { group: 'Lead field (fit)', items: [
    ['field:equals', 'equals', () => ({ label: 'Country is USA', points: 5, when: { kind: 'field', field: 'country', op: 'equals', values: ['USA'] } })],
    ['field:one_of', 'is one of', () => ({ label: 'Target industry', points: 10, when: { kind: 'field', field: 'industry', op: 'one_of', values: ['software', 'healthcare'] } })],
    ['field:contains', 'contains', () => ({ label: 'Marketing role', points: 5, when: { kind: 'field', field: 'title', op: 'contains', values: ['marketing'] } })],
    ['field:has_token', 'has the word', () => ({ label: 'Director title', points: 10, when: { kind: 'field', field: 'title', op: 'has_token', values: ['director', 'head'] } })],
    ['field:range', 'number range', () => ({ label: 'Mid-market size', points: 10, when: { kind: 'field', field: 'company_size', op: 'range', min: 100, max: 1000 } })],
    ['field:empty', 'is empty', () => ({ label: 'No company given', points: -5, when: { kind: 'field', field: 'company', op: 'empty' } })],
    ['field:not_empty', 'is not empty', () => ({ label: 'Phone given', points: 5, when: { kind: 'field', field: 'phone', op: 'not_empty' } })],
  ] },
  { group: 'Activity (behavior)', items: [
    ['event:once', 'once', () => ({ label: 'Webinar attended', points: 10, when: { kind: 'event', event: 'form_submit', detail_contains: 'webinar', count: 'once' } })],
    ['event:each', 'for each (with a cap)', () => ({ label: 'Email clicks', points: 3, when: { kind: 'event', event: 'email_click', count: 'each', cap: 15 } })],
    ['event:in_last_days', 'N in the last D days', () => ({ label: 'Recent visits', points: 10, when: { kind: 'event', event: 'visit', count: 'in_last_days', at_least: 3, days: 14 } })],
    ['event:in_any_days', 'N inside any D days', () => ({ label: 'Burst of page views', points: 10, when: { kind: 'event', event: 'page_view', count: 'in_any_days', at_least: 5, days: 2 } })],
  ] },
  { group: 'Numeric column (behavior)', items: [
    ['number:per', 'points per unit', () => ({ label: 'Page views', points: 1, when: { kind: 'number', field: 'Number of Pageviews', per: 5, cap: 10 } })],
    ['number:at_least', 'at least a value', () => ({ label: 'Many page views', points: 10, when: { kind: 'number', field: 'Number of Pageviews', at_least: 20 } })],
  ] },
  { group: 'Flags', items: [
    ['flag:instant_mql', 'instant MQL (hand-raiser)', () => ({ label: 'Contact sales form', points: 30, instant_mql: true, when: { kind: 'event', event: 'form_submit', detail_contains: 'contact', count: 'once' } })],
    ['flag:disqualify', 'disqualifier', () => ({ label: 'Competitor or student', points: 0, disqualify: true, when: { kind: 'field', field: 'email_domain', op: 'one_of', values: ['competitor.example', 'student.example'] } })],
  ] },
];

function templateById(id) {
  for (const g of TEMPLATES) for (const [key, , make] of g.items) if (key === id) return make();
  return null;
}

function defaultWhen(kind) {
  if (kind === 'field') return { kind, field: 'title', op: 'contains', values: ['vp'] };
  if (kind === 'event') return { kind, event: 'page_view', count: 'once' };
  return { kind, field: 'Number of Pageviews', at_least: 10 };
}

const OP_TEXT = Object.fromEntries(FIELD_OPS);

/** One line saying what a condition tests ("title has the word vp, svp"). */
export function describe(w) {
  const list = (v) => (v ?? []).filter((x) => x !== '').join(', ') || '\u2026';
  if (w.kind === 'field') {
    const f = w.field || '\u2026';
    if (w.op === 'range') {
      const parts = [];
      if (w.min !== undefined) parts.push(`at least ${w.min}`);
      if (w.max !== undefined) parts.push(`at most ${w.max}`);
      if (w.below !== undefined) parts.push(`below ${w.below}`);
      return `${f} ${parts.join(' and ') || 'in a range'}`;
    }
    if (w.op === 'empty' || w.op === 'not_empty') return `${f} ${OP_TEXT[w.op]}`;
    return `${f} ${OP_TEXT[w.op] ?? w.op} ${list(w.values)}`;
  }
  if (w.kind === 'event') {
    const what = `${w.event || '\u2026'}${w.detail_contains ? ` \u201c${w.detail_contains}\u201d` : ''}`;
    if (w.count === 'once') return `${what}, once`;
    if (w.count === 'each') return `${what}, each${w.cap !== undefined ? ` (cap ${w.cap})` : ''}`;
    if (w.count === 'in_last_days') return `${what}: ${w.at_least ?? '?'}+ in the last ${w.days ?? '?'} days`;
    return `${what}: ${w.at_least ?? '?'}+ inside any ${w.days ?? '?'} days`;
  }
  if (w.per !== undefined) return `${w.field || '\u2026'}: per ${w.per}${w.cap !== undefined ? ` (cap ${w.cap})` : ''}`;
  return `${w.field || '\u2026'} at least ${w.at_least ?? '?'}`;
}

const splitValues = (text) => text.split(',').map((v) => v.trim()).filter(Boolean);

function numOrUndef(text) {
  const t = String(text).trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t; // a non-number goes to the engine, which names the path
}

function intOrUndef(text) {
  const n = numOrUndef(text);
  return n === undefined ? undefined : n;
}

function setOpt(obj, key, value) {
  if (value === undefined || value === '') delete obj[key];
  else obj[key] = value;
}

function select(options, value, props = {}) {
  const el = h('select', props);
  for (const [v, label] of options) el.append(h('option', { value: v, text: label }));
  el.value = value;
  return el;
}

function numberInput(value, props = {}) {
  return h('input', { type: 'number', inputmode: 'decimal', value: value ?? '', ...props });
}

/** The threshold: a slider and a number field kept in step. */
export class ThresholdControl {
  constructor({ onChange }) {
    this.onChange = onChange;
    const id = nextId('threshold');
    this.range = h('input', { type: 'range', id, min: '0', max: '200', step: '1', class: 'threshold-range' });
    this.number = h('input', { type: 'number', min: '-1000', max: '100000', step: '1', class: 'threshold-number', 'aria-label': 'Threshold (number)' });
    this.range.addEventListener('input', () => this.changed(this.range.value));
    this.number.addEventListener('input', () => this.changed(this.number.value));
    this.el = h('div', { class: 'threshold-control' },
      h('label', { for: id, class: 'threshold-label-text' }, 'MQL threshold'),
      h('div', { class: 'slider-row' }, this.range, this.number));
  }

  set(value) {
    const max = Math.max(200, Math.ceil((value * 1.5) / 50) * 50);
    this.range.max = String(max);
    this.range.min = String(Math.min(0, value));
    if (document.activeElement !== this.range && this.range.value !== String(value)) this.range.value = String(value);
    if (this.number.value !== String(value)) this.number.value = String(value);
  }

  changed(text) {
    if (String(text).trim() === '') return;
    const v = Math.round(Number(text));
    if (!Number.isFinite(v)) return;
    if (this.range.value !== String(v)) this.range.value = String(v);
    if (this.number.value !== String(v) && document.activeElement !== this.number) this.number.value = String(v);
    this.onChange(v);
  }
}

export class ModelEditor {
  /**
   * @param {object} o
   * @param {(model:object) => void} o.onChange  after every edit
   * @param {string[]} o.fieldKeys  the canonical lead field keys
   */
  constructor({ onChange, fieldKeys }) {
    this.onChange = onChange;
    this.model = null;
    this.cards = [];
    this.fieldList = h('datalist', { id: nextId('fields') });
    this.eventList = h('datalist', { id: nextId('events') });
    this.numberList = h('datalist', { id: nextId('numbers') });
    this.fieldKeys = fieldKeys;
    this.customFields = [];
    this.eventTypes = [];
    this.refreshLists();

    this.nameInput = h('input', { type: 'text', class: 'model-name', spellcheck: 'false' });
    this.nameInput.addEventListener('input', () => {
      if (!this.model) return;
      setOpt(this.model, 'name', this.nameInput.value);
      this.changed();
    });
    this.decayEl = h('div', { class: 'decay' });
    this.rulesEl = h('ol', { class: 'rules', 'aria-label': 'Rules' });
    this.error = h('p', { class: 'model-error', role: 'alert', hidden: true });
    this.ruleCount = h('span', { class: 'muted' });

    const addSelect = h('select', { class: 'add-rule-kind', 'aria-label': 'Kind of rule to add' });
    for (const g of TEMPLATES) {
      const og = h('optgroup', { label: g.group });
      for (const [key, label] of g.items) og.append(h('option', { value: key, text: `${g.group.split(' (')[0]}: ${label}` }));
      addSelect.append(og);
    }
    const addButton = h('button', { type: 'button', class: 'btn btn-primary', text: 'Add rule', on: { click: () => this.addRule(addSelect.value) } });

    this.el = h('div', { class: 'model-editor' },
      this.fieldList, this.eventList, this.numberList,
      field('Model name', this.nameInput).wrap,
      this.error,
      h('h3', { class: 'sub-title' }, 'Decay ', h('small', { class: 'muted', text: 'positive behavior points shrink with days since the last engagement' })),
      this.decayEl,
      h('div', { class: 'rules-head' }, h('h3', { class: 'sub-title' }, 'Rules ', this.ruleCount)),
      this.rulesEl,
      h('div', { class: 'add-rule' }, addSelect, addButton));
  }

  refreshLists() {
    const fill = (list, values) => {
      list.replaceChildren(...[...new Set(values)].map((v) => h('option', { value: v })));
    };
    fill(this.fieldList, [...this.fieldKeys, 'email_domain', ...this.customFields]);
    fill(this.eventList, [...this.eventTypes, 'page_view', 'visit', 'content_download', 'email_open', 'email_click', 'form_submit', 'demo_request', 'unsubscribe']);
    fill(this.numberList, this.customFields);
  }

  setEventTypes(types) {
    this.eventTypes = types || [];
    this.refreshLists();
  }

  setCustomFields(headers) {
    this.customFields = headers || [];
    this.refreshLists();
  }

  /** Shows a whole model (a preset, an import, a restore). */
  setModel(model) {
    this.model = model;
    this.nameInput.value = model.name ?? '';
    this.renderDecay();
    this.renderRules();
    this.showError(null);
  }

  changed() {
    this.onChange(this.model);
  }

  /** Shows the engine's message; `rules[3]...` marks that rule's card. */
  showError(message) {
    for (const c of this.cards) {
      c.error.hidden = true;
      c.el.classList.remove('invalid');
    }
    this.error.hidden = !message;
    this.error.textContent = message ? `Not applied: ${message}. The counts show the last valid model.` : '';
    if (!message) return;
    const m = /^rules\[(\d+)\]/.exec(message);
    const card = m && this.cards[Number(m[1])];
    if (card) {
      if (/^rules\[\d+\]\.when/.test(message)) card.details.open = true;
      card.error.hidden = false;
      card.error.textContent = message.replace(/^rules\[\d+\]\.?/, '');
      card.el.classList.add('invalid');
    }
  }

  // ------------------------------------------------------------ decay --

  renderDecay() {
    const d = this.model.decay ?? { kind: 'none' };
    const kind = select([['none', 'No decay'], ['steps', 'Steps'], ['half_life', 'Half-life']], d.kind,
      { 'aria-label': 'Decay kind' });
    kind.addEventListener('change', () => {
      if (kind.value === 'none') this.model.decay = { kind: 'none' };
      else if (kind.value === 'steps') this.model.decay = { kind: 'steps', steps: [{ max_days: 30, factor: 1 }, { max_days: 60, factor: 0.75 }, { max_days: 90, factor: 0.5 }], after: 0 };
      else this.model.decay = { kind: 'half_life', days: 30 };
      this.renderDecay();
      this.changed();
    });
    const parts = [field('Decay', kind, { className: 'inline' }).wrap];
    if (d.kind === 'steps') {
      const list = h('ol', { class: 'decay-steps' });
      d.steps.forEach((step, i) => {
        const days = numberInput(step.max_days, { min: '0', step: '1', 'aria-label': `Step ${i + 1}: up to days` });
        const factor = numberInput(step.factor, { min: '0', max: '1', step: '0.05', 'aria-label': `Step ${i + 1}: factor` });
        days.addEventListener('input', () => { step.max_days = intOrUndef(days.value) ?? 0; this.changed(); });
        factor.addEventListener('input', () => { step.factor = numOrUndef(factor.value) ?? 0; this.changed(); });
        const remove = h('button', { type: 'button', class: 'btn-icon', 'aria-label': `Remove decay step ${i + 1}`, text: '\u00d7',
          on: { click: () => { d.steps.splice(i, 1); this.renderDecay(); this.changed(); } } });
        list.append(h('li', { class: 'decay-step' }, 'up to ', days, ' days: \u00d7 ', factor, remove));
      });
      const after = numberInput(d.after, { min: '0', max: '1', step: '0.05', 'aria-label': 'Factor after the last step' });
      after.addEventListener('input', () => { d.after = numOrUndef(after.value) ?? 0; this.changed(); });
      const add = h('button', { type: 'button', class: 'btn btn-small', text: 'Add step', on: { click: () => {
        const last = d.steps[d.steps.length - 1];
        d.steps.push({ max_days: (last?.max_days ?? 0) + 30, factor: Math.max(0, Math.round(((last?.factor ?? 1) - 0.25) * 100) / 100) });
        this.renderDecay();
        this.changed();
      } } });
      parts.push(list, h('p', { class: 'decay-after' }, 'after the last step: \u00d7 ', after, ' ', add));
    } else if (d.kind === 'half_life') {
      const days = numberInput(d.days, { min: '1', step: '1', 'aria-label': 'Half-life in days' });
      days.addEventListener('input', () => { d.days = numOrUndef(days.value) ?? 0; this.changed(); });
      parts.push(h('p', { class: 'decay-after' }, 'points halve every ', days, ' days'));
    }
    this.decayEl.replaceChildren(...parts);
  }

  // ------------------------------------------------------------ rules --

  renderRules() {
    this.cards = this.model.rules.map((rule, i) => this.ruleCard(rule, i));
    this.rulesEl.replaceChildren(...this.cards.map((c) => c.el));
    this.ruleCount.textContent = `(${this.model.rules.length})`;
  }

  uniqueId(base) {
    const taken = new Set(this.model.rules.map((r) => r.id));
    const stem = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'rule';
    if (!taken.has(stem)) return stem;
    for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
  }

  addRule(templateId) {
    const rule = templateById(templateId);
    if (!rule) return;
    rule.id = this.uniqueId(rule.label);
    this.model.rules.push(rule);
    this.renderRules();
    this.changed();
    const card = this.cards[this.cards.length - 1];
    card.details.open = true;
    card.el.scrollIntoView({ block: 'nearest' });
    card.label.focus();
    card.label.select();
  }

  removeRule(index) {
    this.model.rules.splice(index, 1);
    this.renderRules();
    this.changed();
    const next = this.cards[Math.min(index, this.cards.length - 1)];
    next?.remove.focus();
  }

  ruleCard(rule, index) {
    const card = { el: null };
    const enabled = h('input', { type: 'checkbox', class: 'rule-enabled', 'aria-label': `Enabled: ${rule.label || rule.id}` });
    enabled.checked = rule.enabled !== false;
    const label = h('input', { type: 'text', class: 'rule-label-input', value: rule.label ?? '', 'aria-label': 'Rule label', spellcheck: 'false' });
    const category = h('span', { class: 'cat' });
    const remove = h('button', { type: 'button', class: 'btn-icon btn-remove', text: '\u00d7', 'aria-label': `Remove rule ${rule.label || rule.id}`,
      on: { click: () => this.removeRule(index) } });

    const slider = h('input', { type: 'range', min: '-100', max: '100', step: '1', class: 'points-range', 'aria-label': `Points: ${rule.label || rule.id}` });
    const pts = h('input', { type: 'number', step: '1', class: 'points-number', 'aria-label': `Points (number): ${rule.label || rule.id}` });
    const setPoints = (v, from) => {
      const lim = Math.max(100, Math.abs(v));
      slider.min = String(-lim);
      slider.max = String(lim);
      if (from !== slider) slider.value = String(v);
      if (from !== pts) pts.value = String(v);
    };
    setPoints(rule.points ?? 0, null);
    slider.addEventListener('input', () => {
      rule.points = Number(slider.value);
      setPoints(rule.points, slider);
      this.changed();
    });
    pts.addEventListener('input', () => {
      if (pts.value.trim() === '') return;
      const v = Number(pts.value);
      rule.points = Number.isInteger(v) ? v : v; // a fraction is sent: the engine names the problem
      if (Number.isFinite(v)) setPoints(Math.round(v), pts);
      this.changed();
    });

    enabled.addEventListener('change', () => {
      if (enabled.checked) delete rule.enabled;
      else rule.enabled = false;
      card.el.classList.toggle('disabled', !enabled.checked);
      this.changed();
    });
    label.addEventListener('input', () => {
      setOpt(rule, 'label', label.value);
      enabled.setAttribute('aria-label', `Enabled: ${label.value || rule.id}`);
      this.changed();
    });

    const instant = h('input', { type: 'checkbox' });
    instant.checked = Boolean(rule.instant_mql);
    instant.addEventListener('change', () => { setOpt(rule, 'instant_mql', instant.checked || undefined); this.changed(); });
    const disq = h('input', { type: 'checkbox' });
    disq.checked = Boolean(rule.disqualify);
    disq.addEventListener('change', () => { setOpt(rule, 'disqualify', disq.checked || undefined); this.changed(); });

    const kind = select(KINDS, rule.when.kind, { 'aria-label': 'Condition kind' });
    const cond = h('div', { class: 'cond' });
    const summary = h('span', { class: 'cond-summary' });
    const flagsEl = h('span', { class: 'rule-flag-badges' });
    const refresh = () => {
      summary.textContent = describe(rule.when);
      flagsEl.replaceChildren(
        rule.instant_mql ? h('span', { class: 'flag flag-instant', text: 'instant MQL' }) : '',
        rule.disqualify ? h('span', { class: 'flag flag-disq', text: 'disqualifier' }) : '');
    };
    kind.addEventListener('change', () => {
      rule.when = defaultWhen(kind.value);
      renderCond();
      this.changed();
    });
    const renderCond = () => {
      category.textContent = rule.when.kind === 'field' ? 'fit' : 'behavior';
      category.className = `cat cat-${rule.when.kind === 'field' ? 'fit' : 'behavior'}`;
      cond.replaceChildren(...this.condition(rule, renderCond));
      refresh();
    };
    renderCond();
    instant.addEventListener('change', refresh);
    disq.addEventListener('change', refresh);

    const errorEl = h('p', { class: 'rule-error', role: 'alert', hidden: true });
    const idEl = h('span', { class: 'rule-id muted', text: `id ${rule.id}` });
    const details = h('details', { class: 'cond-details' },
      h('summary', { title: 'Edit the condition' }, category, summary, flagsEl),
      h('div', { class: 'cond-row' }, kind, cond),
      h('div', { class: 'rule-flags' },
        h('label', { class: 'check' }, instant, ' instant MQL'),
        h('label', { class: 'check' }, disq, ' disqualifier'),
        idEl));
    card.el = h('li', { class: ['rule', rule.enabled === false && 'disabled'], dataset: { rule: rule.id } },
      h('div', { class: 'rule-top' }, enabled, label, remove),
      h('div', { class: 'slider-row points-row' }, slider, pts, h('span', { class: 'pts-unit muted', text: 'pts' })),
      details,
      errorEl);
    card.el.addEventListener('input', refresh);
    card.el.addEventListener('change', refresh);
    card.error = errorEl;
    card.details = details;
    card.label = label;
    card.remove = remove;
    card.points = pts;
    return card;
  }

  /** The controls for one rule's condition. */
  condition(rule, rerender) {
    const w = rule.when;
    const change = () => this.changed();
    const text = (value, props, onInput) => {
      const el = h('input', { type: 'text', value: value ?? '', spellcheck: 'false', ...props });
      el.addEventListener('input', () => { onInput(el.value); change(); });
      return el;
    };
    const num = (value, props, onInput) => {
      const el = numberInput(value, props);
      el.addEventListener('input', () => { onInput(el.value); change(); });
      return el;
    };
    const small = (labelText, control) => h('label', { class: 'mini' }, h('span', { text: labelText }), control);

    if (w.kind === 'field') {
      const fieldIn = text(w.field, { list: this.fieldList.id, class: 'w-field', 'aria-label': 'Field' }, (v) => { w.field = v.trim(); });
      const op = select(FIELD_OPS, w.op, { 'aria-label': 'Test' });
      op.addEventListener('change', () => {
        w.op = op.value;
        delete w.min; delete w.max; delete w.below;
        if (['empty', 'not_empty', 'range'].includes(w.op)) delete w.values;
        if (w.op === 'equals') w.values = [(w.values ?? [])[0] ?? ''];
        if (['one_of', 'contains', 'has_token'].includes(w.op) && !(w.values && w.values.length)) w.values = [''];
        if (w.op === 'range') w.min = 0;
        rerender();
        change();
      });
      const out = [fieldIn, op];
      if (w.op === 'equals') {
        out.push(text((w.values ?? [])[0], { class: 'w-values', 'aria-label': 'Value' }, (v) => { w.values = [v]; }));
      } else if (['one_of', 'contains', 'has_token'].includes(w.op)) {
        out.push(text((w.values ?? []).join(', '), { class: 'w-values', 'aria-label': 'Values, separated by commas', placeholder: 'a, b, c' },
          (v) => { setOpt(w, 'values', splitValues(v)); if (!w.values) w.values = []; }));
      } else if (w.op === 'range') {
        out.push(
          small('min', num(w.min, { class: 'w-num', 'aria-label': 'Minimum (inclusive)' }, (v) => setOpt(w, 'min', numOrUndef(v)))),
          small('max', num(w.max, { class: 'w-num', 'aria-label': 'Maximum (inclusive)' }, (v) => setOpt(w, 'max', numOrUndef(v)))),
          small('below', num(w.below, { class: 'w-num', 'aria-label': 'Below (exclusive)' }, (v) => setOpt(w, 'below', numOrUndef(v)))));
      }
      return out;
    }

    if (w.kind === 'event') {
      const ev = text(w.event, { list: this.eventList.id, class: 'w-event', 'aria-label': 'Activity type' }, (v) => { w.event = v.trim(); });
      const detail = text(w.detail_contains, { class: 'w-detail', 'aria-label': 'Detail contains (optional)', placeholder: 'detail contains\u2026' },
        (v) => setOpt(w, 'detail_contains', v === '' ? undefined : v));
      const count = select(EVENT_COUNTS, w.count, { 'aria-label': 'Counts' });
      count.addEventListener('change', () => {
        w.count = count.value;
        delete w.cap;
        if (w.count === 'in_last_days' || w.count === 'in_any_days') {
          w.at_least = w.at_least ?? 3;
          w.days = w.days ?? 30;
        } else {
          delete w.at_least;
          delete w.days;
        }
        rerender();
        change();
      });
      const out = [ev, detail, count];
      if (w.count === 'each') {
        out.push(small('cap', num(w.cap, { class: 'w-num', min: '0', step: '1', 'aria-label': 'Cap: the most points (optional)', placeholder: 'none' },
          (v) => setOpt(w, 'cap', intOrUndef(v)))));
      } else if (w.count === 'in_last_days' || w.count === 'in_any_days') {
        out.push(
          small('N', num(w.at_least, { class: 'w-num', min: '1', step: '1', 'aria-label': 'At least this many events' }, (v) => setOpt(w, 'at_least', intOrUndef(v)))),
          small('D days', num(w.days, { class: 'w-num', min: '1', step: '1', 'aria-label': 'Window in days' }, (v) => setOpt(w, 'days', intOrUndef(v)))));
      }
      return out;
    }

    // number
    const fieldIn = text(w.field, { list: this.numberList.id, class: 'w-field', 'aria-label': 'Numeric column' }, (v) => { w.field = v.trim(); });
    const mode = select([['per', 'points per'], ['at_least', 'points once at least']], w.per !== undefined ? 'per' : 'at_least', { 'aria-label': 'How it counts' });
    mode.addEventListener('change', () => {
      if (mode.value === 'per') {
        w.per = w.at_least ?? 5;
        delete w.at_least;
      } else {
        w.at_least = w.per ?? 10;
        delete w.per;
        delete w.cap;
      }
      rerender();
      change();
    });
    const out = [fieldIn, mode];
    if (w.per !== undefined) {
      out.push(small('units', num(w.per, { class: 'w-num', min: '0', step: 'any', 'aria-label': 'Units per point step' }, (v) => setOpt(w, 'per', numOrUndef(v)))),
        small('cap', num(w.cap, { class: 'w-num', min: '0', step: '1', 'aria-label': 'Cap: the most points (optional)', placeholder: 'none' }, (v) => setOpt(w, 'cap', intOrUndef(v)))));
    } else {
      out.push(small('value', num(w.at_least, { class: 'w-num', step: 'any', 'aria-label': 'At least this value' }, (v) => setOpt(w, 'at_least', numOrUndef(v)))));
    }
    return out;
  }
}

