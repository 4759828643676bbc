// The handoff view: the SLA board, adherence by rep, the four handoff
// downloads, the list of MQL packets and one packet as a sales rep reads it.
// Every lead value goes in as text (h() uses textContent); nothing is parsed
// as HTML.
import { h } from './dom.js';
import { int, points, time } from './format.js';

const HOUR = 3600;
const DUE_SOON_SECONDS = 24 * HOUR;
const LIST_PAGE = 100;

export const BUCKETS = [
  { key: 'all', label: 'All MQLs' },
  { key: 'due_soon', label: 'Due soon', hint: 'Open, due within 24 hours of the as-of time' },
  { key: 'open', label: 'Open', hint: 'Open, due later' },
  { key: 'overdue', label: 'Overdue', hint: 'Past due, no first contact: manager review' },
  { key: 'met', label: 'Met', hint: 'First contact before the due time' },
  { key: 'breached', label: 'Breached', hint: 'First contact after the due time' },
];

export const FORMATS = [
  { format: 'json', label: 'JSON', ext: 'json', type: 'application/json' },
  { format: 'csv', label: 'CSV', ext: 'csv', type: 'text/csv;charset=utf-8' },
  { format: 'markdown', label: 'Markdown', ext: 'md', type: 'text/markdown;charset=utf-8' },
  { format: 'html', label: 'HTML', ext: 'html', type: 'text/html;charset=utf-8' },
];

const STATE_LABEL = { open: 'Open', overdue: 'Overdue', met: 'Met', breached: 'Breached' };
const WARMTH_LABEL = { hot: 'Hot', warm: 'Warm', cool: 'Cool' };
const KIND_LABEL = { hand_raiser: 'Hand-raiser', accumulated: 'Accumulated score' };
const RULE_LABEL = {
  same_business_day: 'hand-raiser rule: same business day',
  business_hours: 'behavioral rule: business-hours window',
};
const CONSUMED = [
  ['pages', 'Pages visited'],
  ['content', 'Content downloaded'],
  ['emails_opened', 'Emails opened'],
  ['emails_clicked', 'Emails clicked'],
  ['forms', 'Forms submitted'],
  ['other', 'Other activity'],
];

/** The board bucket of one list entry, as of `asOfMs`. */
export function bucketOf(entry, asOfMs) {
  if (entry.sla_state !== 'open') return entry.sla_state;
  const left = (Date.parse(entry.sla_due) - asOfMs) / 1000;
  return left <= DUE_SOON_SECONDS ? 'due_soon' : 'open';
}

/** "1 d 4 h", "3 h 20 min", "12 min". */
export function span(seconds) {
  const s = Math.max(0, Math.round(Math.abs(seconds)));
  const d = Math.floor(s / 86400);
  const hr = Math.floor((s % 86400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  if (d) return `${d} d ${hr} h`;
  if (hr) return `${hr} h ${min} min`;
  return `${min} min`;
}

function slaPhrase(sla) {
  const by = span(sla.by_seconds);
  if (sla.state === 'open') return `due in ${by}`;
  if (sla.state === 'overdue') return `overdue by ${by}`;
  if (sla.state === 'met') return `met with ${by} to spare`;
  return `breached by ${by}`;
}

function warmthBadge(warmth) {
  return h('span', { class: `warmth warmth-${warmth}`, text: WARMTH_LABEL[warmth] ?? warmth });
}

function stateBadge(state) {
  return h('span', { class: `sla-badge sla-${state}`, text: STATE_LABEL[state] ?? state });
}

function when(iso) {
  return iso ? h('time', { datetime: iso, text: time(iso) }) : h('span', { class: 'muted', text: '\u2013' });
}

function pair(label, ...value) {
  return h('div', { class: 'kv' }, h('dt', { text: label }), h('dd', null, ...value));
}

/** One packet, as a rep reads it. */
export function packetView(p) {
  const lead = p.lead;
  const contact = h('dl', { class: 'pk-contact' },
    pair('Email', h('span', { class: 'pk-email', text: lead.email || '\u2013' })),
    pair('Phone', h('span', { class: 'pk-phone', text: lead.phone || '\u2013' })),
    pair('Lead id', h('span', { class: 'pk-id', text: lead.id })));

  const head = h('header', { class: 'pk-head' },
    h('div', { class: 'pk-who' },
      h('h3', { class: 'pk-name', id: 'packet-title', text: lead.name || lead.email || lead.id }),
      h('p', { class: 'pk-role muted' },
        h('span', { class: 'pk-title', text: lead.title || '' }),
        lead.title && lead.company ? ' \u00b7 ' : '',
        h('span', { class: 'pk-company', text: lead.company || '' })),
      contact),
    h('div', { class: 'pk-score' },
      h('span', { class: 'pk-score-value', text: String(p.score) }),
      h('span', { class: 'pk-score-parts muted', text: `fit ${points(p.fit)} \u00b7 engagement ${points(p.behavior)} \u00b7 threshold ${p.threshold}` })));

  const context = h('div', { class: 'pk-context' },
    warmthBadge(p.context.warmth),
    h('span', { class: 'pk-kind', text: KIND_LABEL[p.context.kind] ?? p.context.kind }),
    h('span', { class: 'pk-warmth-reason muted', text: p.context.warmth_reason }));

  const approach = h('section', { class: 'pk-approach', 'aria-label': 'Recommended approach' },
    h('h4', { text: 'Recommended approach' }),
    h('p', { class: 'pk-approach-text', text: p.approach }));

  const sla = h('dl', { class: 'pk-facts' },
    pair('Crossed the threshold', when(p.crossed_at)),
    pair('SLA due', h('span', { class: 'pk-sla-due' }, when(p.sla.due)), ' ', stateBadge(p.sla.state)),
    pair('SLA', h('span', { text: `${slaPhrase(p.sla)} (${RULE_LABEL[p.sla.rule] ?? p.sla.rule})` })),
    pair('First contact', when(p.sla.first_contact_at)),
    pair('Assigned to', h('strong', { class: 'pk-assigned', text: p.assigned_to ?? 'Unassigned' }),
      h('span', { class: 'pk-routed muted', text: ` \u2014 ${p.routed_via}` })));

  const flags = [];
  if (p.duplicate_of) {
    flags.push(h('p', { class: 'pk-flag pk-duplicate' },
      h('strong', { text: 'Duplicate' }), ` of ${p.duplicate_of.id}: `, h('span', { text: p.duplicate_of.reason })));
  }
  if (p.returning) {
    flags.push(h('p', { class: 'pk-flag pk-returning' },
      h('strong', { text: 'Returning' }), ` (rejected ${time(p.returning.rejected_at)}, ${p.returning.reason}): `,
      h('span', { text: p.returning.history }),
      p.returning.decisions?.length
        ? h('ol', { class: 'pk-decisions' }, p.returning.decisions.map((d) => h('li', { class: d.applies ? 'applies' : null,
          text: `${d.at ? time(d.at) : 'undated'}: ${d.outcome}${d.reason ? ` (${d.reason.replace('_', ' ')})` : ''}${d.converted ? ', converted' : ''}` +
            `${d.source.kind === 'lead_table' ? ' (lead table)' : ` (outcome log line ${d.source.line})`}${d.after_as_of ? ', after as-of: ignored' : ''}` })))
        : null));
  }

  const path = p.path_to_mql.length
    ? h('ol', { class: 'pk-path' }, p.path_to_mql.map((step) => h('li', null,
      h('time', { datetime: step.time, text: time(step.time) }), ' ',
      h('span', { class: `pts ${step.points < 0 ? 'neg' : ''}`, text: points(step.points) }), ' ',
      h('span', { class: 'pk-path-label', text: step.label || step.rule }),
      step.events.length ? h('span', { class: 'muted pk-path-events', text: ` (${step.events.join('; ')})` }) : null)))
    : h('p', { class: 'muted', text: 'It qualified without a dated event (fit alone).' });

  const consumed = [];
  for (const [key, label] of CONSUMED) {
    const items = p.consumed[key] ?? [];
    if (!items.length) continue;
    const total = items.reduce((a, c) => a + c.count, 0);
    consumed.push(h('div', { class: 'pk-consumed-group' },
      h('h5', { text: `${label} (${int(total)})` }),
      h('table', { class: 'pk-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col', text: 'What' }), h('th', { scope: 'col', class: 'num', text: 'Times' }),
          h('th', { scope: 'col', text: 'First' }), h('th', { scope: 'col', text: 'Last' }))),
        h('tbody', null, items.map((c) => h('tr', null,
          h('td', { class: 'pk-detail', text: c.detail || '(no detail)' }),
          h('td', { class: 'num', text: int(c.count) }),
          h('td', { class: 'pk-date', text: time(c.first) }),
          h('td', { class: 'pk-date', text: c.count > 1 ? time(c.last) : '' })))))));
  }
  const answers = Object.entries(p.form_answers ?? {});

  return [
    head,
    context,
    flags.length ? h('div', { class: 'pk-flags' }, flags) : null,
    approach,
    sla,
    h('section', { class: 'pk-section' }, h('h4', { text: 'Path to MQL' }), path),
    h('section', { class: 'pk-section' }, h('h4', { text: 'What they consumed' }),
      consumed.length ? consumed : h('p', { class: 'muted', text: 'No activity recorded.' })),
    h('section', { class: 'pk-section' }, h('h4', { text: 'Form answers' }),
      answers.length
        ? h('dl', { class: 'pk-answers' }, answers.map(([k, v]) => pair(k, h('span', { text: v }))))
        : h('p', { class: 'muted', text: 'None.' })),
  ].filter(Boolean);
}

export class HandoffView {
  /**
   * @param {object} o
   * @param {(pos:number) => Promise<object|null>} o.fetchPacket  the full packet at a list position
   * @param {(format:string) => void} o.onDownload
   */
  constructor({ fetchPacket, onDownload, onScoredCsv }) {
    this.fetchPacket = fetchPacket;
    this.data = null; // {gen, as_of, threshold, adherence, list}
    this.bucket = 'all';
    this.search = '';
    this.sort = 'due';
    this.shown = LIST_PAGE;
    this.selected = null; // list position
    this.buckets = new Map();

    this.statusEl = h('p', { class: 'handoff-status muted', role: 'status', 'aria-live': 'polite' });

    this.downloads = h('div', { class: 'button-row handoff-downloads', role: 'group', 'aria-label': 'Download the handoff packets' },
      h('span', { class: 'dl-label', text: 'Download handoff:' }),
      FORMATS.map((f) => h('button', {
        type: 'button', class: 'btn btn-small', text: f.label, dataset: { format: f.format },
        'aria-label': `Download the handoff packets as ${f.label}`,
        on: { click: () => onDownload(f.format) },
      })),
      onScoredCsv ? h('button', { type: 'button', class: 'btn btn-small', text: 'Scored leads CSV', on: { click: () => onScoredCsv() } }) : null);

    this.board = h('div', { class: 'sla-board', role: 'group', 'aria-label': 'SLA board: show packets by state' });
    for (const b of BUCKETS) {
      const count = h('span', { class: 'bucket-count', text: '\u2013' });
      const btn = h('button', {
        type: 'button', class: `bucket bucket-${b.key}`, 'aria-pressed': b.key === 'all' ? 'true' : 'false',
        dataset: { bucket: b.key }, title: b.hint ?? '',
        on: { click: () => this.setBucket(b.key) },
      }, count, h('span', { class: 'bucket-label', text: b.label }));
      this.buckets.set(b.key, { btn, count });
      this.board.append(btn);
    }
    this.boardNote = h('p', { class: 'board-note muted' });

    this.adherence = h('div', { class: 'adherence-wrap' });

    this.searchInput = h('input', { type: 'search', class: 'handoff-search', placeholder: 'Search name, company, rep',
      'aria-label': 'Search packets', autocomplete: 'off', spellcheck: 'false' });
    this.searchInput.addEventListener('input', () => {
      this.search = this.searchInput.value.trim().toLowerCase();
      this.shown = LIST_PAGE;
      this.renderList();
    });
    this.sortSelect = h('select', { class: 'handoff-sort', 'aria-label': 'Sort packets' },
      h('option', { value: 'due', text: 'SLA due, soonest first' }),
      h('option', { value: 'score', text: 'Score, highest first' }),
      h('option', { value: 'crossed', text: 'Crossed, latest first' }),
      h('option', { value: 'name', text: 'Name' }));
    this.sortSelect.addEventListener('change', () => {
      this.sort = this.sortSelect.value;
      this.renderList();
    });
    this.countEl = h('span', { class: 'handoff-count', 'aria-live': 'polite' });
    this.listEl = h('ul', { class: 'packet-list', 'aria-label': 'MQL packets' });
    this.moreBtn = h('button', { type: 'button', class: 'btn btn-small more-packets', hidden: true,
      on: { click: () => { this.shown += LIST_PAGE; this.renderList(); } } });
    this.detail = h('article', { class: 'packet', 'aria-labelledby': 'packet-title', tabindex: '-1' },
      h('p', { class: 'muted', text: 'Select a packet to read it.' }));

    this.el = h('div', { class: 'handoff' },
      h('div', { class: 'handoff-top' }, this.statusEl, this.downloads),
      h('section', { class: 'sla-section', 'aria-labelledby': 'sla-board-title' },
        h('h3', { id: 'sla-board-title', text: 'SLA board' }), this.board, this.boardNote,
        h('details', { class: 'adherence-details' }, h('summary', { text: 'SLA adherence by rep' }), this.adherence)),
      h('div', { class: 'handoff-split' },
        h('div', { class: 'packet-list-col' },
          h('div', { class: 'packet-tools' }, this.searchInput, this.sortSelect, this.countEl),
          this.listEl, this.moreBtn),
        this.detail));
  }

  setBusy(text) {
    if (text) this.statusEl.textContent = text;
    this.el.dataset.busy = text ? 'true' : 'false';
  }

  /** A new list from the worker. Keeps the selected lead when it is still an MQL. */
  setData(data) {
    const keepId = this.selected !== null && this.data ? this.data.list[this.selected]?.id : null;
    this.data = data;
    this.asOfMs = Date.parse(data.as_of);
    for (let i = 0; i < data.list.length; i++) data.list[i].pos = i;
    this.el.dataset.gen = String(data.gen);
    this.el.dataset.busy = 'false';
    this.statusEl.textContent = data.as_of
      ? `${int(data.list.length)} MQL ${data.list.length === 1 ? 'packet' : 'packets'} as of ${time(data.as_of)}, threshold ${data.threshold}.`
      : 'Nothing is scored yet.';
    this.renderBoard();
    this.renderAdherence();
    this.selected = null;
    if (keepId !== null) {
      const again = data.list.find((e) => e.id === keepId);
      if (again) this.selected = again.pos;
    }
    this.renderList();
    if (this.selected !== null) this.select(this.selected, false);
    else this.detail.replaceChildren(h('p', { class: 'muted', text: 'Select a packet to read it.' }));
  }

  renderBoard() {
    const counts = { all: 0, due_soon: 0, open: 0, overdue: 0, met: 0, breached: 0 };
    for (const e of this.data.list) {
      counts.all += 1;
      counts[bucketOf(e, this.asOfMs)] += 1;
    }
    this.counts = counts;
    for (const [key, { count }] of this.buckets) count.textContent = int(counts[key]);
    this.boardNote.textContent = this.data.as_of
      ? `As of ${time(this.data.as_of)}. Due soon: open and due within 24 hours. Overdue: past due with no first contact, for manager review.`
      : '';
  }

  renderAdherence() {
    const rows = this.data.adherence ?? [];
    if (!rows.length) {
      this.adherence.replaceChildren(h('p', { class: 'muted', text: 'No MQLs.' }));
      return;
    }
    const pct = (x) => (x === null || x === undefined ? '\u2013' : `${Math.round(x * 1000) / 10}%`);
    const hours = (x) => (x === null || x === undefined ? '\u2013' : `${(x / 3600).toFixed(1)} h`);
    this.adherence.replaceChildren(h('table', { class: 'adherence' },
      h('thead', null, h('tr', null, ['Rep', 'MQLs', 'Met', 'Breached', 'Overdue', 'Open', 'Share met', 'Median to first contact']
        .map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '', text: t })))),
      h('tbody', null, rows.map((r, i) => h('tr', { class: i === 0 ? 'team' : '' },
        h('th', { scope: 'row', text: r.rep ?? 'Unassigned' }),
        h('td', { class: 'num', text: int(r.mqls) }),
        h('td', { class: 'num', text: int(r.met) }),
        h('td', { class: 'num', text: int(r.breached) }),
        h('td', { class: 'num', text: int(r.overdue) }),
        h('td', { class: 'num', text: int(r.open) }),
        h('td', { class: 'num', text: pct(r.share_met) }),
        h('td', { class: 'num', text: hours(r.median_seconds_to_first_contact) }))))));
  }

  setBucket(key) {
    this.bucket = key;
    for (const [k, { btn }] of this.buckets) btn.setAttribute('aria-pressed', String(k === key));
    this.shown = LIST_PAGE;
    this.renderList();
  }

  filtered() {
    if (!this.data) return [];
    const q = this.search;
    let out = this.data.list.filter((e) => (this.bucket === 'all' || bucketOf(e, this.asOfMs) === this.bucket)
      && (!q || `${e.name}\n${e.company}\n${e.id}\n${e.assigned_to ?? ''}`.toLowerCase().includes(q)));
    const by = {
      due: (a, b) => Date.parse(a.sla_due) - Date.parse(b.sla_due) || a.pos - b.pos,
      score: (a, b) => b.score - a.score || a.pos - b.pos,
      crossed: (a, b) => Date.parse(b.crossed_at) - Date.parse(a.crossed_at) || a.pos - b.pos,
      name: (a, b) => (a.name || a.id).localeCompare(b.name || b.id) || a.pos - b.pos,
    }[this.sort];
    out = out.sort(by);
    return out;
  }

  renderList() {
    const items = this.filtered();
    this.countEl.textContent = `${int(items.length)} ${items.length === 1 ? 'packet' : 'packets'}`;
    this.countEl.dataset.count = String(items.length);
    const shown = items.slice(0, this.shown);
    this.listEl.replaceChildren(...shown.map((e) => this.item(e)));
    if (!items.length) this.listEl.append(h('li', { class: 'muted empty-item', text: 'No packet matches.' }));
    const rest = items.length - shown.length;
    this.moreBtn.hidden = rest <= 0;
    this.moreBtn.textContent = `Show ${int(Math.min(rest, LIST_PAGE))} more (${int(rest)} not shown)`;
  }

  item(e) {
    const btn = h('button', {
      type: 'button', class: 'packet-item', 'aria-current': e.pos === this.selected ? 'true' : 'false',
      dataset: { pos: String(e.pos), index: String(e.index), id: e.id },
      on: { click: () => this.select(e.pos, true) },
    },
    h('span', { class: 'pi-main' },
      h('span', { class: 'pi-name', text: e.name || e.id }),
      h('span', { class: 'pi-score', text: String(e.score) })),
    h('span', { class: 'pi-sub muted', text: [e.company, e.assigned_to ? `\u2192 ${e.assigned_to}` : ''].filter(Boolean).join(' ') }),
    h('span', { class: 'pi-tags' },
      warmthBadge(e.warmth),
      stateBadge(e.sla_state),
      h('span', { class: 'pi-due muted', text: `due ${time(e.sla_due).replace(' UTC', '')}` }),
      e.duplicate ? h('span', { class: 'flag flag-disq', text: 'duplicate' }) : null,
      e.returning ? h('span', { class: 'flag flag-instant', text: 'returning' }) : null));
    return h('li', null, btn);
  }

  async select(pos, focus) {
    this.selected = pos;
    for (const b of this.listEl.querySelectorAll('.packet-item')) {
      b.setAttribute('aria-current', String(Number(b.dataset.pos) === pos));
    }
    const gen = this.data?.gen;
    const packet = await this.fetchPacket(pos);
    if (this.selected !== pos || this.data?.gen !== gen || !packet) return;
    this.detail.dataset.index = String(this.data.list[pos].index);
    this.detail.dataset.id = packet.lead.id;
    this.detail.replaceChildren(...packetView(packet));
    if (focus) this.detail.focus({ preventScroll: false });
  }
}
