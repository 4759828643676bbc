// Model versions kept in localStorage (`leadscore.versions`): the live
// model, the draft being edited, and named versions. The page scores the
// draft (what the editor shows); the live model stays stored unchanged
// until "make live". `leadscore.model` (the single model of older pages)
// is read once to start the versions, and still holds the draft so an
// older page reads what this one edited.

import { STORAGE_KEY } from './model-store.js';

export const VERSIONS_KEY = 'leadscore.versions';

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage full or disabled: the versions still work for this visit
  }
}

export class Versions {
  /** `storage: false` keeps the versions for this visit only. */
  constructor({ storage = true } = {}) {
    this.storage = storage;
    this.live = null;
    this.draft = null;
    this.named = [];
    let saved = null;
    if (!storage) return;
    try {
      saved = JSON.parse(read(VERSIONS_KEY) || 'null');
    } catch {
      saved = null;
    }
    if (saved && typeof saved === 'object') {
      this.live = typeof saved.live === 'string' ? saved.live : null;
      this.draft = typeof saved.draft === 'string' ? saved.draft : null;
      this.named = Array.isArray(saved.named)
        ? saved.named.filter((v) => v && typeof v.name === 'string' && typeof v.model === 'string')
        : [];
    } else {
      // Migration: the old single model becomes both live and draft.
      const old = read(STORAGE_KEY);
      if (old) {
        this.live = old;
        this.draft = old;
      }
    }
  }

  save() {
    if (!this.storage) return;
    write(VERSIONS_KEY, JSON.stringify({ live: this.live, draft: this.draft, named: this.named }));
    if (this.draft) write(STORAGE_KEY, this.draft);
  }

  setDraft(model) {
    if (!this.live) this.live = model;
    if (model === this.draft) return;
    this.draft = model;
    this.save();
  }

  makeLive() {
    this.live = this.draft;
    this.save();
  }

  /** The draft differs from live (compared as parsed JSON). */
  dirty() {
    if (!this.live || !this.draft) return false;
    try {
      return JSON.stringify(JSON.parse(this.live)) !== JSON.stringify(JSON.parse(this.draft));
    } catch {
      return this.live !== this.draft;
    }
  }

  find(name) {
    return this.named.find((v) => v.name === name) ?? null;
  }

  saveAs(name, model) {
    const clean = String(name).trim();
    if (!clean) throw new Error('a version needs a name');
    const existing = this.find(clean);
    if (existing) existing.model = model;
    else this.named.push({ name: clean, model, saved: new Date().toISOString() });
    this.save();
    return clean;
  }

  rename(from, to) {
    const clean = String(to).trim();
    if (!clean) throw new Error('a version needs a name');
    if (clean !== from && this.find(clean)) throw new Error(`there is already a version named "${clean}"`);
    const v = this.find(from);
    if (!v) throw new Error(`no version named "${from}"`);
    v.name = clean;
    this.save();
  }

  remove(name) {
    this.named = this.named.filter((v) => v.name !== name);
    this.save();
  }

  /** Every version a compare can pick: `{key, label, model}`. */
  choices() {
    const out = [];
    if (this.live) out.push({ key: 'live', label: 'Live', model: this.live });
    if (this.draft) out.push({ key: 'draft', label: this.dirty() ? 'Draft (edited)' : 'Draft (same as live)', model: this.draft });
    for (const v of this.named) out.push({ key: `named:${v.name}`, label: v.name, model: v.model });
    return out;
  }

  model(key) {
    return this.choices().find((c) => c.key === key)?.model ?? null;
  }
}
