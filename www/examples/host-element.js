// Northwind CRM host page: drives the <lead-scoring-sandbox> element through
// its methods and events. Lead data is only ever rendered with textContent.
const sandbox = document.querySelector('lead-scoring-sandbox');
const $ = (id) => document.getElementById(id);
const slider = $('threshold');
const shown = $('threshold-value');

const MAX_LISTED = 8;
// The MQLs when the page opened; "new" means not among them. The element's
// first mqlchange (every MQL of the first scoring) adds nothing new.
let baseline = null;
const fresh = new Set(); // MQL now, not when the page opened
const gone = new Set(); // MQL when the page opened, not now

const number = new Intl.NumberFormat('en-US');

function plural(n, word) {
  return `${number.format(n)} ${word}${n === 1 ? '' : 's'}`;
}

function showError(text) {
  const el = $('widget-error');
  el.textContent = text;
  el.hidden = false;
}

async function onMqlChange(event) {
  if (!baseline) return;
  const { count, added = [], removed = [] } = event.detail ?? {};
  for (const id of added) {
    if (baseline.has(id)) gone.delete(id);
    else fresh.add(id);
  }
  for (const id of removed) {
    if (baseline.has(id)) gone.add(id);
    else fresh.delete(id);
  }
  $('mql-total').textContent = `${plural(count, 'MQL')} in total.`;

  const notice = $('mql-notice');
  notice.textContent = (fresh.size > 0 ? plural(fresh.size, 'new MQL') : 'No new MQLs')
    + (gone.size > 0 ? `, ${gone.size} no longer qualified` : '');
  notice.classList.toggle('down', fresh.size === 0 && gone.size > 0);
  notice.hidden = fresh.size === 0 && gone.size === 0;

  const people = fresh.size === 0 ? [] : (await sandbox.mqls())
    .filter((m) => fresh.has(m.id))
    .sort((a, b) => b.score - a.score);
  const items = people.slice(0, MAX_LISTED).map((m) => {
    const li = document.createElement('li');
    const who = document.createElement('span');
    const company = document.createElement('span');
    company.className = 'company';
    company.textContent = m.company ? ` · ${m.company}` : '';
    who.append(m.name || m.id, company); // a string argument becomes a text node
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = String(m.score);
    li.append(who, score);
    return li;
  });
  if (people.length > MAX_LISTED) {
    const li = document.createElement('li');
    li.textContent = `and ${number.format(people.length - MAX_LISTED)} more`;
    items.push(li);
  }
  $('new-mqls').replaceChildren(...items);
}

async function applyThreshold() {
  const threshold = Number(slider.value);
  slider.disabled = true;
  try {
    const model = JSON.parse(await sandbox.getModel());
    model.threshold = threshold;
    await sandbox.setModel(JSON.stringify(model));
  } catch (err) {
    showError(`Could not change the threshold: ${err?.message ?? err}`);
  } finally {
    slider.disabled = false;
  }
}

sandbox.addEventListener('mqlchange', onMqlChange);
sandbox.addEventListener('scored', (event) => {
  const summary = event.detail ?? {};
  if (Number.isFinite(summary.threshold) && document.activeElement !== slider) {
    slider.value = String(summary.threshold);
    shown.textContent = String(summary.threshold);
  }
  if (!baseline) $('mql-total').textContent = `${plural(summary.mql, 'MQL')} out of ${number.format(summary.leads)} leads.`;
});
sandbox.addEventListener('error', (event) => {
  showError(event.detail?.message ?? 'The lead scoring widget reported an error.');
});
slider.addEventListener('input', () => {
  shown.textContent = slider.value;
});
slider.addEventListener('change', applyThreshold);

try {
  await customElements.whenDefined('lead-scoring-sandbox');
  await sandbox.ready;
  const summary = await sandbox.summary();
  baseline = new Set((await sandbox.mqls()).map((m) => m.id));
  const { threshold } = JSON.parse(await sandbox.getModel());
  slider.value = String(threshold);
  shown.textContent = String(threshold);
  $('mql-total').textContent = `${plural(summary.mql, 'MQL')} out of ${number.format(summary.leads)} leads.`;
  slider.disabled = false;
  document.body.dataset.ready = 'true';
} catch (err) {
  showError(`The lead scoring widget did not start: ${err?.message ?? err}`);
}
