// Editors for the model's handoff sections: the business calendar, the SLA
// window and routing (ordered rules to a rep or a pool, pools of reps, the
// default pool). Each control edits the model object in place and reports
// it, like the rule editor; the engine validates and names the path.
import { h, nextId } from './dom.js';
import { FIELD_OPS } from './model-editor.js';

const DAYS = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']];
export const ZONES = [
  'UTC', 'Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid',
  'Europe/Rome', 'Europe/Amsterdam', 'Europe/Stockholm', 'Europe/Warsaw', 'Europe/Zurich', 'Europe/Athens',
  'Europe/Istanbul', 'Europe/Moscow', 'Africa/Johannesburg', 'Africa/Lagos', 'Africa/Cairo', 'Asia/Dubai',
  'Asia/Kolkata', 'Asia/Singapore', 'Asia/Hong_Kong', 'Asia/Shanghai', 'Asia/Tokyo', 'Asia/Seoul',
  'Australia/Sydney', 'Australia/Melbourne', 'Pacific/Auckland', 'America/New_York', 'America/Chicago',
  'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu',
  'America/Toronto', 'America/Vancouver', 'America/Mexico_City', 'America/Bogota', 'America/Lima',
  'America/Santiago', 'America/Sao_Paulo', 'America/Argentina/Buenos_Aires',
];
const DEFAULT_CALENDAR = { time_zone: 'UTC', working_days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '09:00', closes: '17:00' };

const splitValues = (text) => text.split(',').map((v) => v.trim()).filter(Boolean);

function labelled(text, control) {
  if (!control.id) control.id = nextId('svc');
  return h('div', { class: 'field' }, h('label', { for: control.id, text }), control);
}

function numOrText(text) {
  const t = String(text).trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t; // the engine names what is wrong
}

export class ServiceEditor {
  /**
   * @param {object} o
   * @param {() => void} o.onChange  after every edit
   * @param {HTMLDataListElement} o.fieldList  the lead fields datalist (shared with the rule editor)
   */
  constructor({ onChange, fieldListId }) {
    this.onChange = onChange;
    this.fieldListId = fieldListId;
    this.model = null;
    this.zoneList = h('datalist', { id: nextId('zones') }, ZONES.map((z) => h('option', { value: z })));
    this.calendarEl = h('div', { class: 'svc-calendar' });
    this.slaEl = h('div', { class: 'svc-sla' });
    this.routingEl = h('div', { class: 'svc-routing' });
    this.slaError = h('p', { class: 'svc-error', role: 'alert', hidden: true });
    this.routingError = h('p', { class: 'svc-error', role: 'alert', hidden: true });
    this.el = h('div', { class: 'service-editor' },
      this.zoneList,
      h('h3', { class: 'sub-title' }, 'Service level ', h('small', { class: 'muted', text: 'the business calendar the SLA clock runs on' })),
      this.slaError,
      this.calendarEl,
      this.slaEl,
      h('h3', { class: 'sub-title' }, 'Routing ', h('small', { class: 'muted', text: 'first matching rule wins, else the default pool' })),
      this.routingError,
      this.routingEl);
  }

  setModel(model) {
    this.model = model;
    this.render();
    this.showError(null);
  }

  changed() {
    this.onChange();
  }

  /** Shows an engine message about calendar/sla/routing here; returns whether it was one. */
  showError(message) {
    const where = message ? /^(calendar|sla|routing)\b/.exec(message)?.[1] : null;
    const el = where === 'routing' ? this.routingError : this.slaError;
    for (const e of [this.slaError, this.routingError]) {
      e.hidden = e !== el || !where;
      e.textContent = e === el && where ? `Not applied: ${message}. The counts and packets show the last valid model.` : '';
    }
    for (const li of this.routingEl.querySelectorAll('.invalid')) li.classList.remove('invalid');
    const m = where === 'routing' && /^routing\.(rules|pools)\[(\d+)\]/.exec(message);
    if (m) this.routingEl.querySelectorAll(m[1] === 'rules' ? '.route-rule' : '.pool')[Number(m[2])]?.classList.add('invalid');
    return Boolean(where);
  }

  render() {
    this.renderCalendar();
    this.renderSla();
    this.renderRouting();
  }

  calendar() {
    if (!this.model.calendar) this.model.calendar = { ...DEFAULT_CALENDAR, working_days: [...DEFAULT_CALENDAR.working_days] };
    return this.model.calendar;
  }

  // --------------------------------------------------------- calendar --

  renderCalendar() {
    const cal = { ...DEFAULT_CALENDAR, ...(this.model.calendar ?? {}) };
    const zone = h('input', { type: 'text', class: 'svc-zone', list: this.zoneList.id, value: cal.time_zone, spellcheck: 'false', autocomplete: 'off' });
    zone.addEventListener('change', () => { this.calendar().time_zone = zone.value.trim(); this.changed(); });

    const days = h('fieldset', { class: 'svc-days' }, h('legend', { text: 'Working days' }));
    for (const [key, label] of DAYS) {
      const box = h('input', { type: 'checkbox', dataset: { day: key } });
      box.checked = (cal.working_days ?? []).includes(key);
      box.addEventListener('change', () => {
        const c = this.calendar();
        const set = new Set(c.working_days ?? []);
        if (box.checked) set.add(key); else set.delete(key);
        c.working_days = DAYS.map(([k]) => k).filter((k) => set.has(k));
        this.changed();
      });
      days.append(h('label', { class: 'check' }, box, label));
    }

    const opens = h('input', { type: 'time', class: 'svc-opens', value: cal.opens, step: '60' });
    const closes = h('input', { type: 'time', class: 'svc-closes', value: cal.closes, step: '60' });
    opens.addEventListener('change', () => { if (opens.value) { this.calendar().opens = opens.value.slice(0, 5); this.changed(); } });
    closes.addEventListener('change', () => { if (closes.value) { this.calendar().closes = closes.value.slice(0, 5); this.changed(); } });

    const holidays = h('ul', { class: 'svc-holidays', 'aria-label': 'Holidays' });
    (cal.holidays ?? []).forEach((d, i) => {
      const input = h('input', { type: 'date', value: d, 'aria-label': `Holiday ${i + 1}` });
      input.addEventListener('change', () => { this.calendar().holidays[i] = input.value; this.changed(); });
      const remove = h('button', { type: 'button', class: 'btn-icon', text: '\u00d7', 'aria-label': `Remove holiday ${d || i + 1}`,
        on: { click: () => {
          const c = this.calendar();
          c.holidays.splice(i, 1);
          if (!c.holidays.length) delete c.holidays;
          this.renderCalendar();
          this.changed();
        } } });
      holidays.append(h('li', null, input, remove));
    });
    const addHoliday = h('button', { type: 'button', class: 'btn btn-small', text: 'Add holiday', on: { click: () => {
      const c = this.calendar();
      const last = c.holidays?.[c.holidays.length - 1];
      const next = last ? new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000) : new Date();
      c.holidays = [...(c.holidays ?? []), next.toISOString().slice(0, 10)];
      this.renderCalendar();
      this.changed();
      this.calendarEl.querySelector('.svc-holidays li:last-child input')?.focus();
    } } });

    this.calendarEl.replaceChildren(
      labelled('Time zone (IANA)', zone),
      days,
      h('div', { class: 'svc-hours' }, labelled('Opens', opens), labelled('Closes', closes)),
      h('div', { class: 'field' }, h('span', { class: 'field-label', text: 'Holidays' }), holidays, h('div', null, addHoliday)));
  }

  // -------------------------------------------------------------- sla --

  renderSla() {
    const value = this.model.sla?.behavioral_hours ?? 24;
    const hours = h('input', { type: 'number', class: 'svc-hours-window', min: '1', step: '1', value: String(value) });
    hours.addEventListener('input', () => {
      const v = numOrText(hours.value);
      if (v === undefined) return;
      this.model.sla = { behavioral_hours: v };
      this.changed();
    });
    const wrap = labelled('Behavioral MQLs: due after this many business hours', hours);
    wrap.append(h('small', { class: 'hint', text: 'Hand-raisers are due by the close of the business day they crossed on.' }));
    // What a premature rejection does next: recycled this many days.
    const days = h('input', { type: 'number', class: 'svc-premature-days', min: '1', max: '3650', step: '1',
      value: String(this.model.feedback?.premature_days ?? 30) });
    days.addEventListener('input', () => {
      const v = numOrText(days.value);
      if (v === undefined) return;
      if (v === 30) delete this.model.feedback; // the default is not written
      else this.model.feedback = { premature_days: v };
      this.changed();
    });
    const recycle = labelled('Premature rejections: recycled for this many days', days);
    recycle.append(h('small', { class: 'hint', text: 'Then re-evaluated on behavior after the rejection.' }));
    this.slaEl.replaceChildren(wrap, recycle);
  }

  // ---------------------------------------------------------- routing --

  routing() {
    if (!this.model.routing) this.model.routing = {};
    return this.model.routing;
  }

  /** Drops empty parts so an unused routing section goes away entirely. */
  tidyRouting() {
    const r = this.model.routing;
    if (!r) return;
    if (r.rules && !r.rules.length) delete r.rules;
    if (r.pools && !r.pools.length) delete r.pools;
    if (!r.default_pool) delete r.default_pool;
    if (!Object.keys(r).length) delete this.model.routing;
  }

  routingChanged(rerender = false) {
    this.tidyRouting();
    if (rerender) this.renderRouting();
    this.changed();
  }

  renderRouting() {
    const r = this.model.routing ?? {};
    const rules = r.rules ?? [];
    const pools = r.pools ?? [];

    const ruleList = h('ol', { class: 'route-rules', 'aria-label': 'Routing rules, in order' });
    rules.forEach((rule, i) => ruleList.append(this.routeRule(rule, i, rules.length, pools)));
    const addRule = h('button', { type: 'button', class: 'btn btn-small', text: 'Add routing rule', on: { click: () => {
      const rr = this.routing();
      rr.rules = [...(rr.rules ?? []), { when: { field: 'territory', op: 'one_of', values: ['EMEA'] }, rep: 'Rep name' }];
      this.routingChanged(true);
    } } });

    const poolList = h('ul', { class: 'pools', 'aria-label': 'Pools' });
    pools.forEach((pool, i) => poolList.append(this.pool(pool, i)));
    const addPool = h('button', { type: 'button', class: 'btn btn-small', text: 'Add pool', on: { click: () => {
      const rr = this.routing();
      const taken = new Set((rr.pools ?? []).map((p) => p.name));
      let n = (rr.pools ?? []).length + 1;
      while (taken.has(`pool-${n}`)) n += 1;
      rr.pools = [...(rr.pools ?? []), { name: `pool-${n}`, reps: [{ name: 'Rep 1' }, { name: 'Rep 2' }] }];
      if (!rr.default_pool) rr.default_pool = `pool-${n}`;
      this.routingChanged(true);
    } } });

    const def = h('select', { class: 'svc-default-pool' }, h('option', { value: '', text: 'None (unassigned)' }),
      pools.map((p) => h('option', { value: p.name, text: p.name || '(unnamed)' })));
    def.value = r.default_pool ?? '';
    if (r.default_pool && !pools.some((p) => p.name === r.default_pool)) {
      def.append(h('option', { value: r.default_pool, text: `${r.default_pool} (missing)` }));
      def.value = r.default_pool;
    }
    def.addEventListener('change', () => {
      this.routing().default_pool = def.value;
      this.routingChanged(false);
    });

    this.routingEl.replaceChildren(
      h('h4', { class: 'svc-sub', text: 'Rules' }),
      rules.length ? ruleList : h('p', { class: 'muted', text: 'No routing rules: every MQL goes to the default pool.' }),
      h('div', null, addRule),
      h('h4', { class: 'svc-sub', text: 'Pools' }),
      pools.length ? poolList : h('p', { class: 'muted', text: 'No pools.' }),
      h('div', null, addPool),
      labelled('Default pool', def));
  }

  routeRule(rule, i, total, pools) {
    const w = rule.when;
    const n = i + 1;
    const field = h('input', { type: 'text', class: 'w-field', list: this.fieldListId, value: w.field ?? '', spellcheck: 'false', 'aria-label': `Rule ${n}: field` });
    field.addEventListener('input', () => { w.field = field.value.trim(); this.changed(); });
    const op = h('select', { 'aria-label': `Rule ${n}: test` }, FIELD_OPS.map(([v, t]) => h('option', { value: v, text: t })));
    op.value = w.op;
    op.addEventListener('change', () => {
      w.op = op.value;
      delete w.min; delete w.max; delete w.below;
      if (['empty', 'not_empty', 'range'].includes(w.op)) delete w.values;
      else w.values = (w.values && w.values.length) ? (w.op === 'equals' ? [w.values[0]] : w.values) : [''];
      if (w.op === 'range') w.min = 0;
      this.routingChanged(true);
    });
    const cond = [field, op];
    if (['equals', 'one_of', 'contains', 'has_token'].includes(w.op)) {
      const values = h('input', { type: 'text', class: 'w-values', value: (w.values ?? []).join(', '), spellcheck: 'false',
        'aria-label': `Rule ${n}: ${w.op === 'equals' ? 'value' : 'values, separated by commas'}` });
      values.addEventListener('input', () => {
        w.values = w.op === 'equals' ? [values.value.trim()] : splitValues(values.value);
        this.changed();
      });
      cond.push(values);
    } else if (w.op === 'range') {
      for (const [key, label] of [['min', 'min'], ['max', 'max'], ['below', 'below']]) {
        const input = h('input', { type: 'number', class: 'w-num', value: w[key] ?? '', 'aria-label': `Rule ${n}: ${label}` });
        input.addEventListener('input', () => {
          const v = numOrText(input.value);
          if (v === undefined) delete w[key]; else w[key] = v;
          this.changed();
        });
        cond.push(h('label', { class: 'mini' }, h('span', { text: label }), input));
      }
    }

    const kind = h('select', { class: 'route-kind', 'aria-label': `Rule ${n}: send to` },
      h('option', { value: 'rep', text: 'rep' }), h('option', { value: 'pool', text: 'pool' }));
    kind.value = rule.pool !== undefined ? 'pool' : 'rep';
    let target;
    if (kind.value === 'pool') {
      target = h('select', { class: 'route-target', 'aria-label': `Rule ${n}: pool` },
        pools.map((p) => h('option', { value: p.name, text: p.name || '(unnamed)' })));
      if (!pools.some((p) => p.name === rule.pool)) target.append(h('option', { value: rule.pool, text: `${rule.pool || '(none)'} (missing)` }));
      target.value = rule.pool;
      target.addEventListener('change', () => { rule.pool = target.value; this.changed(); });
    } else {
      target = h('input', { type: 'text', class: 'route-target', value: rule.rep ?? '', spellcheck: 'false', 'aria-label': `Rule ${n}: rep` });
      target.addEventListener('input', () => { rule.rep = target.value; this.changed(); });
    }
    kind.addEventListener('change', () => {
      if (kind.value === 'pool') {
        delete rule.rep;
        rule.pool = pools[0]?.name ?? '';
      } else {
        delete rule.pool;
        rule.rep = '';
      }
      this.routingChanged(true);
    });

    const move = (to) => {
      const list = this.model.routing.rules;
      const [item] = list.splice(i, 1);
      list.splice(to, 0, item);
      this.routingChanged(true);
      this.routingEl.querySelectorAll('.route-rule')[to]?.querySelector(to < i ? '.move-up' : '.move-down')?.focus();
    };
    const up = h('button', { type: 'button', class: 'btn-icon move-up', text: '\u2191', 'aria-label': `Move rule ${n} up`, disabled: i === 0, on: { click: () => move(i - 1) } });
    const down = h('button', { type: 'button', class: 'btn-icon move-down', text: '\u2193', 'aria-label': `Move rule ${n} down`, disabled: i === total - 1, on: { click: () => move(i + 1) } });
    const remove = h('button', { type: 'button', class: 'btn-icon', text: '\u00d7', 'aria-label': `Remove routing rule ${n}`, on: { click: () => {
      this.model.routing.rules.splice(i, 1);
      this.routingChanged(true);
    } } });

    return h('li', { class: 'route-rule', dataset: { rule: String(i) } },
      h('div', { class: 'route-head' }, h('span', { class: 'route-n', text: `${n}.` }), h('span', { class: 'muted', text: 'if' }),
        h('span', { class: 'route-tools' }, up, down, remove)),
      h('div', { class: 'cond-row' }, cond),
      h('div', { class: 'cond-row' }, h('span', { class: 'muted', text: 'send to' }), kind, target));
  }

  pool(pool, i) {
    const name = h('input', { type: 'text', class: 'pool-name', value: pool.name, spellcheck: 'false', 'aria-label': `Pool ${i + 1}: name` });
    name.addEventListener('change', () => {
      const before = pool.name;
      pool.name = name.value.trim();
      const r = this.model.routing;
      if (r.default_pool === before) r.default_pool = pool.name;
      for (const rule of r.rules ?? []) if (rule.pool === before) rule.pool = pool.name;
      this.routingChanged(true);
    });
    const reps = h('ul', { class: 'reps', 'aria-label': `Reps in pool ${pool.name}` });
    pool.reps.forEach((rep, j) => {
      const repName = h('input', { type: 'text', class: 'rep-name', value: rep.name, spellcheck: 'false', 'aria-label': `Pool ${pool.name}: rep ${j + 1} name` });
      repName.addEventListener('input', () => { rep.name = repName.value; this.changed(); });
      const weight = h('input', { type: 'number', class: 'w-num rep-weight', min: '1', step: '1', value: String(rep.weight ?? 1),
        'aria-label': `Pool ${pool.name}: weight of rep ${j + 1}` });
      weight.addEventListener('input', () => {
        const v = numOrText(weight.value);
        if (v === undefined || v === 1) delete rep.weight; else rep.weight = v;
        this.changed();
      });
      const away = h('input', { type: 'checkbox', class: 'rep-away' });
      away.checked = Boolean(rep.away);
      away.addEventListener('change', () => {
        if (away.checked) rep.away = true; else delete rep.away;
        this.changed();
      });
      const remove = h('button', { type: 'button', class: 'btn-icon', text: '\u00d7', 'aria-label': `Remove rep ${rep.name || j + 1} from pool ${pool.name}`,
        on: { click: () => { pool.reps.splice(j, 1); this.routingChanged(true); } } });
      reps.append(h('li', { class: 'rep' }, repName,
        h('label', { class: 'mini' }, h('span', { text: 'weight' }), weight),
        h('label', { class: 'check' }, away, ' away'), remove));
    });
    const addRep = h('button', { type: 'button', class: 'btn btn-small', text: 'Add rep', on: { click: () => {
      pool.reps.push({ name: `Rep ${pool.reps.length + 1}` });
      this.routingChanged(true);
    } } });
    const removePool = h('button', { type: 'button', class: 'btn-icon', text: '\u00d7', 'aria-label': `Remove pool ${pool.name}`, on: { click: () => {
      const r = this.model.routing;
      r.pools.splice(i, 1);
      if (r.default_pool === pool.name) delete r.default_pool;
      this.routingChanged(true);
    } } });
    return h('li', { class: 'pool', dataset: { pool: pool.name } },
      h('div', { class: 'pool-head' }, name, removePool), reps, h('div', null, addRep));
  }
}
