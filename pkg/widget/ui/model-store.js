// Where a model lives between visits: localStorage (`leadscore.model`) and
// the shareable link (`#model=` + base64url of the JSON). Only the model,
// never a lead.

export const STORAGE_KEY = 'leadscore.model';

export function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The model JSON carried by a URL fragment, or null. Throws on a damaged one. */
export function modelFromHash(hash) {
  const params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  const value = params.get('model');
  if (!value) return null;
  try {
    return fromBase64Url(value);
  } catch {
    throw new Error('the link\'s #model= part is damaged (not base64url of a model)');
  }
}

/** A link to this page that carries the model (compact JSON) and nothing else. */
export function shareLink(modelJson, href = location.href) {
  const url = new URL(href);
  url.hash = `model=${toBase64Url(JSON.stringify(JSON.parse(modelJson)))}`;
  return url.href;
}

export function loadStored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled
  }
}

export function store(modelJson) {
  try {
    localStorage.setItem(STORAGE_KEY, modelJson);
  } catch {
    // storage full or disabled: the model still works for this visit
  }
}

export function forget() {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}
