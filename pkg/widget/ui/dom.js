// Small DOM helpers. Text always goes in through textContent; nothing here
// ever parses a string as HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, props) {
  if (!props) return el;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'props') Object.assign(el, value);
    else if (key === 'style') throw new Error('inline style attributes are not allowed (CSP)');
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h('button', {class: 'x', on: {click}}, 'text', child). */
export function h(tag, props, ...children) {
  return append(apply(document.createElement(tag), props), children);
}

/** An SVG element built with createElementNS. */
export function s(tag, props, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), props), children);
}

/** Replaces every child of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uid = 0;
/** A unique id for label/aria wiring inside one shadow root. */
export function nextId(prefix = 'ls') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form control: returns {wrap, input}. */
export function field(labelText, input, { hint, className } = {}) {
  if (!input.id) input.id = nextId('f');
  const label = h('label', { for: input.id, text: labelText });
  const wrap = h('div', { class: ['field', className] }, label, input);
  if (hint) {
    const hintEl = h('small', { class: 'hint', id: nextId('hint'), text: hint });
    input.setAttribute('aria-describedby', hintEl.id);
    wrap.append(hintEl);
  }
  return { wrap, input, label };
}

export function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** Downloads text or a Blob as a file, made here, never fetched. */
export function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
