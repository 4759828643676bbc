// The handoff part of the page, in headless Chromium, each step checked
// against the same pkg/ run here in Node: the packet list and one packet as
// a rep reads it, the SLA board following the as-of time, the calendar and
// routing editors, the four handoff downloads byte for byte, hostile lead
// data rendered as text, and the 375 px and compact layouts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Workspace, sampleData } from '../../pkg/leadscore.js';
import { SCREENSHOTS, initEngine, start, stop, openPage, requestsOutside } from './harness.mjs';

const TIMEOUT = { timeout: 180_000 };
const EXT = { json: 'json', csv: 'csv', markdown: 'md', html: 'html' };

initEngine();

let server;
let browser;
let tmp;
const sample = sampleData(3000, 7);

before(async () => {
  ({ server, browser, tmp } = await start('leadscore-handoff-'));
});

after(() => stop({ server, browser, tmp }));

// ------------------------------------------------------------- helpers --

function open(options) {
  return openPage(browser, server, options);
}

async function clean(page, seen) {
  assert.deepEqual(requestsOutside(seen, [new URL(server.url).origin]), [], 'no request leaves the origin');
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(seen.console, [], 'no console error');
  assert.deepEqual(seen.pageErrors, [], 'no uncaught error or dialog');
}

function handoffSettled(page) {
  return page.evaluate(() => document.querySelector('lead-scoring-sandbox').handoffSettled());
}

function summary(page) {
  return page.evaluate(() => document.querySelector('lead-scoring-sandbox').summary());
}

function getModel(page) {
  return page.evaluate(() => document.querySelector('lead-scoring-sandbox').getModel());
}

async function openHandoff(page) {
  await page.getByRole('tab', { name: 'Handoff and SLA' }).click();
  await handoffSettled(page);
}

/** The engine in Node on the sample, with `model` (JSON) as of `asOf`. */
function reference(asOf, model) {
  const ws = new Workspace();
  ws.importLeads(sample.leads);
  ws.importActivities(sample.activities);
  if (model) ws.setModel(model);
  const sum = ws.score(asOf);
  const doc = JSON.parse(ws.handoff('json'));
  return { ws, sum, doc };
}

/** Board counts from the engine's packets, as the board defines them. */
function boardOf(doc) {
  const asOf = Date.parse(doc.as_of);
  const c = { all: 0, due_soon: 0, open: 0, overdue: 0, met: 0, breached: 0 };
  for (const p of doc.packets) {
    c.all += 1;
    if (p.sla.state === 'open') c[(Date.parse(p.sla.due) - asOf) / 1000 <= 24 * 3600 ? 'due_soon' : 'open'] += 1;
    else c[p.sla.state] += 1;
  }
  return c;
}

async function boardOnScreen(page) {
  const out = {};
  for (const key of ['all', 'due_soon', 'open', 'overdue', 'met', 'breached']) {
    out[key] = Number((await page.locator(`.bucket[data-bucket="${key}"] .bucket-count`).textContent()).replace(/,/g, ''));
  }
  return out;
}

async function listCount(page) {
  return Number(await page.locator('.handoff-count').getAttribute('data-count'));
}

function fmtTime(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** Finds a packet by lead id with the search box and opens it. */
async function selectPacket(page, id) {
  await page.locator('.handoff-search').fill(id);
  const item = page.locator(`.packet-item[data-id="${id}"]`);
  await item.click();
  await page.locator(`.packet[data-id="${id}"] .pk-name`).waitFor();
  return Number(await item.getAttribute('data-index'));
}

async function assertPacketOnScreen(page, p, what) {
  const pk = page.locator('.packet');
  assert.equal(await pk.locator('.pk-name').textContent(), p.lead.name, `${what}: name`);
  assert.equal(await pk.locator('.pk-company').textContent(), p.lead.company, `${what}: company`);
  assert.equal(await pk.locator('.pk-title').textContent(), p.lead.title, `${what}: title`);
  assert.equal(await pk.locator('.pk-email').textContent(), p.lead.email || '\u2013', `${what}: email`);
  assert.equal(await pk.locator('.pk-score-value').textContent(), String(p.score), `${what}: score`);
  assert.equal(await pk.locator('.pk-sla-due time').getAttribute('datetime'), p.sla.due, `${what}: SLA due`);
  assert.equal(await pk.locator('.pk-sla-due time').textContent(), fmtTime(p.sla.due), `${what}: SLA due text`);
  assert.equal((await pk.locator('.pk-context .warmth').textContent()).toLowerCase(), p.context.warmth, `${what}: warmth`);
  assert.equal(await pk.locator('.pk-warmth-reason').textContent(), p.context.warmth_reason, `${what}: warmth reason`);
  assert.equal(await pk.locator('.pk-approach-text').textContent(), p.approach, `${what}: approach`);
  assert.equal(await pk.locator('.pk-assigned').textContent(), p.assigned_to ?? 'Unassigned', `${what}: assigned`);
  assert.equal(await pk.locator('.pk-path li').count(), p.path_to_mql.length, `${what}: path steps`);
}

// ---------------------------------------------------------------- tests --

test('the handoff view lists every MQL packet, shows one as the engine writes it, and the SLA board follows as-of', TIMEOUT, async () => {
  const { context, page, seen } = await open();
  try {
    const first = await summary(page);
    assert.equal(first.as_of, sample.as_of);
    const { ws, sum, doc } = reference(sample.as_of);
    await openHandoff(page);

    // The list: one entry per MQL.
    assert.equal(doc.packets.length, sum.mql);
    assert.equal(await listCount(page), sum.mql, 'one packet per MQL');

    // Two packets, a hand-raiser and an accumulated one, as the engine's packet(index).
    const handRaiser = doc.packets.find((p) => p.context.kind === 'hand_raiser');
    const accumulated = doc.packets.find((p) => p.context.kind === 'accumulated' && p.consumed.content.length);
    for (const p of [accumulated, handRaiser]) {
      const index = await selectPacket(page, p.lead.id);
      const engineP = ws.packet(index);
      assert.deepEqual(engineP, p, 'the list index is the engine\'s lead index');
      await assertPacketOnScreen(page, engineP, p.lead.id);
    }
    assert.equal(await page.locator('.packet .pk-kind').textContent(), 'Hand-raiser');
    await page.locator('.handoff-search').fill('');
    await page.locator('.packet').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'handoff-packet.png') });
    await page.locator('.view-tabs').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'handoff-view.png') });

    // The board: counts from the engine's packet states.
    const expected = boardOf(doc);
    assert.deepEqual(await boardOnScreen(page), expected, 'board as of the sample');
    assert.ok(expected.overdue > 0 && expected.breached > 0 && expected.met > 0);

    // Clicking a bucket filters the list.
    await page.locator('.bucket[data-bucket="overdue"]').click();
    assert.equal(await listCount(page), expected.overdue);
    const states = await page.locator('.packet-list .sla-badge').allTextContents();
    assert.ok(states.length > 0 && states.every((s) => s === 'Overdue'), 'only overdue packets listed');
    await page.locator('.bucket[data-bucket="all"]').click();
    assert.equal(await listCount(page), sum.mql);

    // The adherence table: team first, as slaAdherence().
    await page.locator('.adherence-details summary').click();
    const team = page.locator('.adherence tbody tr').first();
    const adh = ws.slaAdherence()[0];
    const cells = await team.locator('td').allTextContents();
    assert.equal(await team.locator('th').textContent(), 'all reps');
    assert.deepEqual(cells.slice(0, 5).map((t) => Number(t.replace(/,/g, ''))), [adh.mqls, adh.met, adh.breached, adh.overdue, adh.open]);
    assert.equal(cells[5], `${Math.round(adh.share_met * 1000) / 10}%`);
    await page.locator('.sla-section').screenshot({ path: path.join(SCREENSHOTS, 'handoff-board.png') });

    // Move as-of earlier: packets, states and due-soon counts follow.
    const input = page.locator('.asof-input');
    await input.fill('2026-11-17T10:00');
    await input.dispatchEvent('change');
    await handoffSettled(page);
    const later = reference('2026-11-17T10:00:00Z');
    const expected2 = boardOf(later.doc);
    assert.notDeepEqual(expected2, expected, 'the as-of change moves the board');
    assert.deepEqual(await boardOnScreen(page), expected2, 'board as of 2026-11-17 10:00');
    assert.equal(await listCount(page), later.sum.mql);
    await clean(page, seen);
  } finally {
    await context.close();
  }
});

test('calendar and routing editors change the packets as the engine does; every format downloads byte for byte', TIMEOUT, async () => {
  const { context, page, seen } = await open();
  try {
    await summary(page);
    const service = page.locator('.service-editor');

    // A bad time zone: the engine's message, next to the editor.
    const zone = service.locator('.svc-zone');
    await zone.fill('Mars/Base');
    await zone.press('Tab');
    await page.locator('.svc-error:not([hidden])').waitFor();
    assert.match(await page.locator('.svc-error:not([hidden])').textContent(), /calendar\.time_zone: "Mars\/Base" is not an IANA time zone/);

    // The calendar: New York, Monday to Saturday, 08:00-18:00, one holiday.
    await zone.fill('America/New_York');
    await zone.press('Tab');
    await service.locator('input[data-day="sat"]').check();
    await service.locator('.svc-opens').fill('08:00');
    await service.locator('.svc-closes').fill('18:00');
    await service.getByRole('button', { name: 'Add holiday' }).click();
    await service.locator('.svc-holidays input').fill('2026-11-19');
    await service.locator('.svc-holidays input').dispatchEvent('change');
    await service.locator('.svc-hours-window').fill('16');

    // Routing: one pool with two reps as default, and a rule to a rep.
    await service.getByRole('button', { name: 'Add pool' }).click();
    await service.locator('.rep-name').nth(0).fill('Ana');
    await service.locator('.rep-name').nth(1).fill('Ben');
    await service.locator('.rep-weight').nth(0).fill('2');
    await service.getByRole('button', { name: 'Add routing rule' }).click();
    await service.locator('.route-rule .w-field').fill('company_size');
    await service.locator('.route-rule select').first().selectOption('range');
    await service.locator('.route-rule .w-num').first().fill('5000');
    await service.locator('.route-rule input.route-target').fill('Erin');
    await summary(page);
    assert.equal(await page.locator('.svc-error:not([hidden])').count(), 0, 'the edited model is valid');

    const model = await getModel(page);
    const m = JSON.parse(model);
    assert.deepEqual(m.calendar, { time_zone: 'America/New_York', working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], opens: '08:00', closes: '18:00', holidays: ['2026-11-19'] });
    assert.deepEqual(m.sla, { behavioral_hours: 16 });
    assert.deepEqual(m.routing, {
      rules: [{ when: { field: 'company_size', op: 'range', min: 5000 }, rep: 'Erin' }],
      pools: [{ name: 'pool-1', reps: [{ name: 'Ana', weight: 2 }, { name: 'Ben' }] }],
      default_pool: 'pool-1',
    });
    await service.locator('.svc-zone').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'handoff-editors-calendar.png') });
    await service.locator('.pools').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'handoff-editors-routing.png') });

    // The packets follow: assignment and due times as the engine gives them.
    const before = reference(sample.as_of);
    const { ws, doc } = reference(sample.as_of, model);
    await openHandoff(page);
    assert.equal(await listCount(page), doc.packets.length);
    const reps = new Set(doc.packets.map((p) => p.assigned_to));
    assert.ok(reps.has('Ana') && reps.has('Ben') && reps.has('Erin'), 'the pool and the rule both route');
    const changed = doc.packets.find((p, i) => p.assigned_to === 'Ben' && p.sla.due !== before.doc.packets[i]?.sla.due);
    assert.ok(changed, 'a packet whose due time moved with the calendar');
    const erin = doc.packets.find((p) => p.assigned_to === 'Erin');
    for (const p of [changed, erin]) {
      const index = await selectPacket(page, p.lead.id);
      assert.deepEqual(ws.packet(index), p);
      await assertPacketOnScreen(page, p, `${p.lead.id} after the editors`);
    }
    assert.deepEqual(await boardOnScreen(page), boardOf(doc));

    // Every format, from the page, byte for byte as handoff(format) here.
    for (const format of ['json', 'csv', 'markdown', 'html']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`.handoff-downloads button[data-format="${format}"]`).click(),
      ]);
      assert.equal(download.suggestedFilename(), `leadscore-handoff-2026-11-20.${EXT[format]}`);
      const file = path.join(tmp, `handoff.${EXT[format]}`);
      await download.saveAs(file);
      const got = readFileSync(file);
      const want = Buffer.from(ws.handoff(format), 'utf8');
      assert.ok(got.equals(want), `${format}: ${got.length} bytes, expected ${want.length}`);
    }
    await clean(page, seen);
  } finally {
    await context.close();
  }
});

test('hostile lead data in a packet is shown as text', TIMEOUT, async () => {
  const { context, page, seen } = await open();
  try {
    const evil = '<img src=x onerror=alert(1)>';
    const leads = `id,name,email,title,company,phone\nX-1,"${evil}",evil@x.example,"${evil}","${evil}","=1+1"\n`;
    const acts = 'lead_id,timestamp,type,detail\nX-1,2026-11-18T10:00:00Z,demo_request,"<script>alert(2)</script>"\n';
    await page.evaluate(async ([l, a]) => {
      const el = document.querySelector('lead-scoring-sandbox');
      await el.importLeads(l);
      await el.importActivities(a);
      await el.setAsOf('2026-11-20T12:00:00Z');
    }, [leads, acts]);
    const s = await summary(page);
    assert.equal(s.mql, 1);
    await openHandoff(page);
    assert.equal(await listCount(page), 1);
    await page.locator('.packet-item').first().click();
    await page.locator('.packet .pk-name').waitFor();
    assert.equal(await page.locator('.packet .pk-name').textContent(), evil);
    assert.equal(await page.locator('.packet .pk-company').textContent(), evil);
    assert.equal(await page.locator('.packet-item .pi-name').textContent(), evil);
    const detail = await page.locator('.packet .pk-detail').allTextContents();
    assert.ok(detail.includes('<script>alert(2)</script>'), 'the activity detail as text');
    const injected = await page.evaluate(() => {
      const root = document.querySelector('lead-scoring-sandbox').shadowRoot;
      return root.querySelectorAll('img, script, iframe, [onerror]').length + document.querySelectorAll('img, body script:not([type])').length;
    });
    assert.equal(injected, 0, 'no element came from lead data');
    await page.waitForTimeout(200);
    await clean(page, seen);
  } finally {
    await context.close();
  }
});

test('375 px wide: the handoff view in one column; compact layout hides it', TIMEOUT, async () => {
  const { context, page, seen } = await open({ width: 375, height: 740 });
  try {
    await summary(page);
    await openHandoff(page);
    const { doc } = reference(sample.as_of);
    const p = doc.packets.find((x) => x.consumed.forms.length) ?? doc.packets[0];
    await selectPacket(page, p.lead.id);
    await page.locator('.handoff-search').fill('');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no horizontal scroll (${width}px)`);
    const split = await page.evaluate(() => {
      const root = document.querySelector('lead-scoring-sandbox').shadowRoot;
      const list = root.querySelector('.packet-list-col').getBoundingClientRect();
      const pk = root.querySelector('.packet').getBoundingClientRect();
      return { listBottom: list.bottom, packetTop: pk.top, packetRight: pk.right };
    });
    assert.ok(split.packetTop >= split.listBottom - 1, 'the packet below the list');
    assert.ok(split.packetRight <= 375, 'the packet fits');
    await page.locator('.packet').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'handoff-375.png') });

    await page.evaluate(() => document.querySelector('lead-scoring-sandbox').setAttribute('layout', 'compact'));
    assert.equal(await page.locator('.view-tabs').isVisible(), false);
    assert.equal(await page.locator('.handoff-panel').isVisible(), false);
    assert.equal(await page.locator('.service-editor').isVisible(), false);
    assert.equal(await page.locator('.hist-panel').isVisible(), true);
    await clean(page, seen);
  } finally {
    await context.close();
  }
});
