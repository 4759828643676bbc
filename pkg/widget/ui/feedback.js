// The feedback loop in the page (SPEC section 6): sales outcomes in (an
// outcome log dropped, picked or pasted; CRM status words mapped through an
// editable mapping), a newer export of the same leads (update import), and
// the feedback panel: decisions by reason, what each does next, and the
// MQL-to-SQL rate against the 40-70% health band.
import { h, fill, nextId } from './dom.js';
import { int } from './format.js';

const plural = (n, one) => (n === 1 ? one : `${one}s`);

const ACCEPT = '.csv,.tsv,.txt,.json,.ndjson,.jsonl,text/csv,text/plain,application/json';
const ERRORS_SHOWN = 10;

/** The meanings a status word can be given, as the select offers them. */
const MEANINGS = [
  { key: 'unmapped', label: 'no mapping (ignored)', value: undefined },
  { key: 'none', label: 'not a decision yet', value: null },
  { key: 'accepted', label: 'accepted', value: { outcome: 'accepted' } },
  { key: 'converted', label: 'accepted, converted', value: { outcome: 'accepted', converted: true } },
  { key: 'wrong_icp', label: 'rejected: wrong ICP', value: { outcome: 'rejected', reason: 'wrong_icp' } },
  { key: 'premature', label: 'rejected: premature', value: { outcome: 'rejected', reason: 'premature' } },
  { key: 'duplicate', label: 'rejected: duplicate', value: { outcome: 'rejected', reason: 'duplicate' } },
  { key: 'unreachable', label: 'rejected: unreachable', value: { outcome: 'rejected', reason: 'unreachable' } },
  { key: 'rejected', label: 'rejected, no reason', value: { outcome: 'rejected' } },
];

function meaningKey(w) {
  if (w.source === 'unmapped') return 'unmapped';
  const m = w.mapped;
  if (!m) return 'none';
  if (m.outcome === 'accepted') return m.converted ? 'converted' : 'accepted';
  return m.reason ?? 'rejected';
}

const REASON_LABEL = {
  accepted: 'Accepted (SQL)', wrong_icp: 'Wrong ICP', premature: 'Premature', duplicate: 'Duplicate',
  unreachable: 'Unreachable', no_reason: 'Rejected, no reason',
};

const pct = (x) => `${Math.round(x * 1000) / 10}%`;

export class FeedbackImport {
  /**
   * @param {object} o
   * @param {(source: File|string, name: string) => Promise<object>} o.onOutcomes
   * @param {(source: File|string, name: string) => Promise<object>} o.onUpdate
   * @param {(statusMapping: object, from: 'outcomes'|'leads') => Promise<object>} o.onRemap
   * @param {() => Promise} o.onClear
   */
  constructor(o) {
    this.o = o;
    this.words = null; // {from, list}
    this.outcomeZone = this.zone('outcomes', 'Sales outcomes', 'lead_id, outcome (or a CRM status), reason, at', (f) => o.onOutcomes(f, f.name));
    this.updateZone = this.zone('update', 'Newer export of the same leads', 'merged by id: what changed is shown', (f) => o.onUpdate(f, f.name));
    const pasteId = nextId('paste-outcomes');
    this.paste = h('textarea', { id: pasteId, class: 'feedback-box', rows: '5', spellcheck: 'false',
      placeholder: 'lead_id,outcome,reason,at\nL-000123,Bad Timing,,2026-11-02' });
    const pasted = (fn, name) => async () => {
      if (!this.paste.value.trim()) {
        this.paste.focus();
        return;
      }
      await fn(this.paste.value, name);
    };
    this.pasteBox = h('details', { class: 'feedback-paste' },
      h('summary', { text: 'Paste outcomes or a newer export instead' }),
      h('label', { for: pasteId, class: 'visually-hidden', text: 'Pasted outcomes' }),
      this.paste,
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'btn btn-primary', text: 'Import as outcomes', dataset: { action: 'paste-outcomes' }, on: { click: pasted(o.onOutcomes, 'pasted outcomes') } }),
        h('button', { type: 'button', class: 'btn', text: 'as a newer export', dataset: { action: 'paste-update' }, on: { click: pasted(o.onUpdate, 'pasted update') } })));
    this.reportEl = h('div', { class: 'reports feedback-reports', 'aria-live': 'polite' });
    this.wordsEl = h('div', { class: 'status-words', hidden: true });
    this.clearBtn = h('button', { type: 'button', class: 'btn btn-small', text: 'Clear outcomes', on: { click: () => o.onClear() } });
    this.el = h('div', { class: 'feedback-import' },
      h('p', { class: 'muted', text: 'What sales did with each lead. Rejections change what happens next: wrong ICP is suppressed until a fit field changes, premature is recycled, and behavior restarts after any rejection.' }),
      h('div', { class: 'dropzones' }, this.outcomeZone, this.updateZone),
      this.pasteBox,
      h('div', { class: 'button-row' }, this.clearBtn),
      this.reportEl,
      this.wordsEl);
  }

  zone(kind, title, hint, onFile) {
    const id = nextId(`${kind}-file`);
    const input = h('input', { type: 'file', id, accept: ACCEPT, class: 'file-input', dataset: { kind } });
    input.addEventListener('change', async () => {
      const f = input.files?.[0];
      input.value = '';
      if (f) await onFile(f);
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
      onFile(e.dataTransfer.files[0]);
    });
    return zone;
  }

  errorsList(report) {
    if (!report.errors.length) return null;
    const more = report.errors.length - ERRORS_SHOWN + report.errors_not_listed;
    return h('ul', { class: 'errors' },
      report.errors.slice(0, ERRORS_SHOWN).map((e) => h('li', { text: e.message })),
      more > 0 ? h('li', { class: 'muted', text: `\u2026 and ${int(more)} more` }) : null);
  }

  /** An outcome-log report: counts, bad rows, unknown leads, status words. */
  showOutcomes(name, r) {
    fill(this.reportEl, h('div', { class: 'report', dataset: { report: 'outcomes' } },
      h('p', null, h('strong', { text: name }), `: ${int(r.read)} read, ${int(r.kept)} kept, ${int(r.rejected)} rejected; `,
        `${int(r.leads_with_decisions)} ${plural(r.leads_with_decisions, 'lead')} now ${r.leads_with_decisions === 1 ? 'has' : 'have'} a decision.`),
      this.errorsList(r),
      r.unknown_leads.length
        ? h('p', { class: 'muted', dataset: { unknown: String(r.unknown_leads.length + r.unknown_leads_not_listed) },
          text: `${int(r.unknown_leads.length + r.unknown_leads_not_listed)} ${plural(r.unknown_leads.length, 'decision')} for unknown leads (kept; they join when those leads are imported): ` +
            r.unknown_leads.slice(0, 5).map((u) => `${u.lead_id} (line ${u.line})`).join(', ') })
        : null));
    this.showWords('outcomes', r.status_words);
  }

  /** An update import's report: changed, added, unchanged, and fit changes. */
  showUpdate(name, u) {
    const changes = u.fit_changes.slice(0, 20).map((c) => h('li', null, h('strong', { text: c.id }), ': ',
      c.changes.map((f) => `${f.field} "${f.from}" \u2192 "${f.to}"`).join('; ')));
    fill(this.reportEl, h('div', { class: 'report', dataset: { report: 'update' } },
      h('p', null, h('strong', { text: name }), `: ${int(u.changed)} changed, ${int(u.added)} added, ${int(u.unchanged)} unchanged` +
        (u.rejected ? `, ${int(u.rejected)} rows rejected` : '') + (u.new_columns.length ? `; new columns: ${u.new_columns.join(', ')}` : '') + '.'),
      this.errorsList(u),
      u.fit_changes.length
        ? h('div', null, h('p', { text: `Fit fields changed for ${int(u.fit_changes.length + u.fit_changes_not_listed)} ${plural(u.fit_changes.length, 'lead')}:` }),
          h('ul', { class: 'fit-changes' }, changes))
        : h('p', { class: 'muted', text: 'No fit field changed.' })));
  }

  /** A lead table's status column words (shown when no outcome log is). */
  showLeadWords(words) {
    if (this.words?.from === 'outcomes') return;
    this.showWords('leads', words ?? []);
  }

  /** The status-word mapping editor: each word, its count and meaning. */
  showWords(from, list) {
    const words = list.filter((w) => w.source !== 'canonical');
    this.words = { from, list: words };
    if (!words.length) {
      this.wordsEl.hidden = true;
      return;
    }
    const unmapped = words.filter((w) => w.source === 'unmapped');
    const selects = [];
    const rows = words.map((w) => {
      const id = nextId('word');
      const select = h('select', { id, dataset: { word: w.word } },
        MEANINGS.map((m) => h('option', { value: m.key, text: m.label, selected: m.key === meaningKey(w) ? true : undefined })));
      selects.push(select);
      return h('tr', { class: w.source === 'unmapped' ? 'word-unmapped' : null },
        h('th', { scope: 'row' }, h('label', { for: id, text: w.word })),
        h('td', { class: 'num', text: int(w.count) }),
        h('td', null, select),
        h('td', { class: 'muted', text: w.source }));
    });
    const apply = async () => {
      const mapping = {};
      for (const sel of selects) {
        const m = MEANINGS.find((x) => x.key === sel.value);
        if (m && m.value !== undefined) mapping[sel.dataset.word] = m.value;
      }
      await this.o.onRemap(mapping, from);
    };
    fill(this.wordsEl,
      h('h3', { text: `Status words (${from === 'outcomes' ? 'outcome log' : 'lead table'})` }),
      unmapped.length
        ? h('p', { class: 'callout', dataset: { unmapped: String(unmapped.length) },
          text: `${int(unmapped.length)} ${plural(unmapped.length, 'word')} with no mapping changed nothing: ${unmapped.map((w) => `"${w.word}" (${int(w.count)})`).join(', ')}. Choose what each means and apply.` })
        : h('p', { class: 'muted', text: 'Every word is mapped. The suggestion covers the usual Salesforce and HubSpot lead statuses; change any and apply.' }),
      h('table', { class: 'words' },
        h('thead', null, h('tr', null, h('th', { text: 'Word' }), h('th', { text: 'Rows' }), h('th', { text: 'Means' }), h('th', { text: 'From' }))),
        h('tbody', null, rows)),
      h('div', { class: 'button-row' }, h('button', { type: 'button', class: 'btn btn-primary', text: 'Apply the mapping', dataset: { action: 'apply-words' }, on: { click: apply } })));
    this.wordsEl.hidden = false;
  }
}

/** The feedback panel: decisions by reason, next steps, MQL-to-SQL rate. */
export class FeedbackSummary {
  constructor() {
    this.el = h('div', { class: 'feedback-summary' }, h('p', { class: 'muted', text: 'No sales outcomes yet: import an outcome log, or a lead table with sales_outcome / Lead Status columns.' }));
  }

  update(f) {
    if (!f || f.leads_with_decisions === 0) {
      fill(this.el, h('p', { class: 'muted', text: 'No sales decisions at this as-of time: import an outcome log, or a lead table with sales_outcome / Lead Status columns.' }));
      return;
    }
    const m = f.mql_to_sql;
    const rate = m.rate === null ? 'no decided MQLs' : pct(m.rate);
    const meter = h('div', { class: `band-meter verdict-${m.verdict}`, role: 'img', 'aria-label': `MQL-to-SQL rate ${rate}; the health band is 40% to 70%` },
      h('span', { class: 'band-zone' }),
      m.rate === null ? null : h('span', { class: 'band-mark', dataset: { rate: String(m.rate) } }));
    if (m.rate !== null) {
      // Positioned by a class step (no inline styles under the CSP).
      meter.lastChild.classList.add(`at-${Math.max(0, Math.min(100, Math.round(m.rate * 20) * 5))}`);
    }
    fill(this.el,
      h('div', { class: 'fb-rate', dataset: { verdict: m.verdict } },
        h('h3', { text: 'MQL-to-SQL rate' }),
        h('p', null, h('strong', { class: 'fb-rate-value', text: rate }),
          m.rate === null ? '' : ` (${int(m.accepted)} accepted of ${int(m.decided_mqls)} decided MQLs)`),
        meter,
        h('p', { class: 'muted', text: `${m.advice}.` })),
      h('table', { class: 'fb-reasons' },
        h('thead', null, h('tr', null, h('th', { text: 'Sales said' }), h('th', { text: 'Leads' }), h('th', { text: 'MQL again' }), h('th', { text: 'What happens next' }))),
        h('tbody', null, f.by_reason.map((r) => h('tr', { dataset: { reason: r.reason }, class: r.leads ? null : 'muted' },
          h('th', { scope: 'row', text: REASON_LABEL[r.reason] ?? r.reason }),
          h('td', { class: 'num', text: int(r.leads) }),
          h('td', { class: 'num', text: r.reason === 'accepted' ? '' : int(r.mql_now) }),
          h('td', { text: r.next_step }))))),
      h('p', { class: 'muted fb-foot', text: `${int(f.leads_with_decisions)} ${plural(f.leads_with_decisions, 'lead')} with a decision in force; ` +
        `${int(f.suppressed)} suppressed, ${int(f.recycled)} recycled, ${int(f.returning)} returning` +
        (f.decisions_after_as_of ? `; ${int(f.decisions_after_as_of)} decisions after the as-of time ignored` : '') +
        (f.unknown_leads ? `; ${int(f.unknown_leads)} for unknown leads` : '') + '.' }));
  }
}
