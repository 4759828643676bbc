// Number and time formatting (English, UTC: the engine's times are UTC).

const INT = new Intl.NumberFormat('en-US');

export function int(n) {
  return Number.isFinite(n) ? INT.format(n) : '–';
}

/** "+12", "−3" (a real minus sign), "±0". */
export function delta(n) {
  if (!Number.isFinite(n)) return '';
  if (n > 0) return `+${INT.format(n)}`;
  if (n < 0) return `\u2212${INT.format(-n)}`;
  return '\u00b10';
}

/** Points with a sign: "+15", "−30", "0". */
export function points(n) {
  if (n > 0) return `+${n}`;
  if (n < 0) return `\u2212${-n}`;
  return '0';
}

const pad = (n) => String(n).padStart(2, '0');

/** "2026-11-20 12:00 UTC" from an ISO time or ms. */
export function time(value) {
  if (value === null || value === undefined || value === '') return '–';
  const d = typeof value === 'number' ? new Date(value) : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "2026-11-20" from an ISO time or ms. */
export function date(value) {
  if (value === null || value === undefined || value === '') return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** ISO time -> the value of an <input type="datetime-local"> (read as UTC). */
export function toLocalInput(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The value of a datetime-local input (UTC) -> ISO with Z, or null. */
export function fromLocalInput(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const iso = value.length === 16 ? `${value}:00Z` : `${value}Z`;
  return Number.isNaN(new Date(iso).getTime()) ? null : iso;
}

/** Now, to the second, as ISO with Z. */
export function nowIso() {
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function plural(n, one, many = `${one}s`) {
  return `${int(n)} ${n === 1 ? one : many}`;
}

export const STATUS_LABEL = { mql: 'MQL', nurture: 'Nurture', disqualified: 'Disqualified', suppressed: 'Suppressed', recycled: 'Recycled' };
export const STATUS_CODES = ['nurture', 'mql', 'disqualified', 'suppressed', 'recycled'];
