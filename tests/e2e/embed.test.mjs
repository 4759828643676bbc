// Embedding in headless Chromium: the iframe embed's postMessage bridge with
// its origin allowlist (two servers, so two origins), and the custom element
// in a host page (themes, mqlchange). SPEC section 1 row 23 and section 8.
//
// The host pages are the committed examples in www/examples/. A real host
// serves its pages with its own Content-Security-Policy; the test does the
// same for the cross-origin host page: it replaces the static server's CSP
// (Leadscore's own, whose default-src 'self' allows same-origin frames only)
// with a host policy whose frame-src is the embed's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Workspace } from '../../pkg/leadscore.js';
import { ROOT, SCREENSHOTS, TAG, initEngine, serve, launch, watch, assertClean } from './harness.mjs';

const AS_OF = '2026-11-20T12:00:00Z'; // the date host-iframe.js scores at
const QUIET_MS = 1500; // how long "gets no reply" waits
const TIMEOUT = { timeout: 180_000 };

initEngine();

const DEMO_LEADS = readFileSync(path.join(ROOT, 'www/examples/demo-leads.csv'), 'utf8');
const DEMO_ACTIVITIES = readFileSync(path.join(ROOT, 'www/examples/demo-activities.csv'), 'utf8');

let embedServer; // serves embed.html: origin E
let hostServer; // serves the host pages: origin H
let E;
let H;
let browser;

before(async () => {
  embedServer = await serve();
  hostServer = await serve();
  E = new URL(embedServer.url).origin;
  H = new URL(hostServer.url).origin;
  assert.notEqual(E, H, 'two servers, two origins');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await embedServer?.close();
  await hostServer?.close();
});

/** What the engine computes in Node for the demo export host-iframe.js loads. */
function expectedDemo() {
  const ws = new Workspace();
  ws.importLeads(DEMO_LEADS);
  ws.importActivities(DEMO_ACTIVITIES);
  const summary = ws.score(AS_OF);
  const statuses = ws.statuses();
  const mqls = [];
  for (let i = 0; i < statuses.length; i++) if (statuses[i] === 1) mqls.push(ws.lead(i).id);
  return { ws, summary, mqls: mqls.sort() };
}

function counts(s) {
  return { as_of: s.as_of, threshold: s.threshold, leads: s.leads, mql: s.mql, nurture: s.nurture, disqualified: s.disqualified, instant: s.instant };
}

/** Records CSP violations and every message event, in every frame. */
function recorder() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${location.href}: ${e.violatedDirective} blocked ${e.blockedURI}`);
  });
  window.__messages = [];
  window.addEventListener('message', (e) => {
    const d = e.data;
    window.__messages.push({
      origin: e.origin,
      type: d !== null && typeof d === 'object' && typeof d.type === 'string' ? d.type : null,
      fromParent: window.parent !== window && e.source === window.parent,
      data: d,
    });
  });
}

/**
 * Opens `url` in a fresh context with every request, console message and
 * error recorded. `hostCsp`: the host page's own policy (see the top).
 */
async function open(url, { hostCsp = null, init = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const seen = watch(context, page);
  if (hostCsp) {
    // A response the test fulfils has no IP address, so Chromium puts the
    // host page in the public address space, and Local Network Access then
    // blocks its frame on 127.0.0.1 unless the user allows it: allow it.
    await context.grantPermissions(['local-network-access']);
    const pageUrl = new URL(url);
    await context.route((u) => u.origin === pageUrl.origin && u.pathname === pageUrl.pathname, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers(), 'content-security-policy': hostCsp };
      await route.fulfill({ response, headers });
    });
  }
  await page.addInitScript(recorder);
  for (const script of init) await page.addInitScript(script);
  const response = await page.goto(url);
  assert.equal(response.status(), 200, url);
  return { context, page, seen };
}

/** The cross-origin host page: host-iframe.html on H embedding `embed` (on E). */
function hostIframeUrl(embed) {
  return `${H}/www/examples/host-iframe.html?embed=${encodeURIComponent(embed)}`;
}

function hostCspFor(frameOrigin) {
  return `default-src 'self'; script-src 'self'; style-src 'self'; frame-src ${frameOrigin}`;
}

/** The embed's frame, once its bridge has started. */
async function embedFrame(page) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const frame = page.frames().find((f) => f.url().startsWith(`${E}/www/embed.html`));
    if (frame) {
      const state = await frame.evaluate(() => document.documentElement.dataset.bridge).catch(() => undefined);
      if (state) return frame;
    }
    if (Date.now() > deadline) throw new Error('the embed frame did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for the widget inside the embed frame; returns its summary. */
function widgetSummary(frame) {
  return frame.evaluate(async (tag) => {
    await customElements.whenDefined(tag);
    const el = document.querySelector(tag);
    await el.ready;
    return el.summary();
  }, TAG);
}

function bridgeStats(frame) {
  return frame.evaluate(() => ({
    bridge: document.documentElement.dataset.bridge,
    accepted: Number(document.documentElement.dataset.accepted),
    ignored: Number(document.documentElement.dataset.ignored),
  }));
}

function noticeOf(frame) {
  return frame.evaluate(() => {
    const el = document.getElementById('bridge-notice');
    return { hidden: el.hidden || el.offsetHeight === 0, text: el.textContent };
  });
}

/** Leadscore messages the host's top window has received. */
function hostMessages(page) {
  return page.evaluate(() => window.__messages.filter((m) => m.type && m.type.startsWith('leadscore:')));
}

/** Posts `msg` from the host's top window to the embed frame (targetOrigin E). */
function sendFromHost(page, msg) {
  return page.evaluate(([m, origin]) => {
    document.getElementById('leadscore').contentWindow.postMessage(m, origin);
  }, [msg, E]);
}

async function request(page, msg) {
  await sendFromHost(page, msg);
  await page.waitForFunction(
    (id) => window.__messages.some((m) => m.type === 'leadscore:reply' && m.data.id === id),
    msg.id,
    { timeout: 60_000 },
  );
  const replies = (await hostMessages(page)).filter((m) => m.type === 'leadscore:reply' && m.data.id === msg.id);
  assert.equal(replies.length, 1, `one reply to ${msg.id}`);
  assert.equal(replies[0].origin, E, 'replies come from the embed origin');
  return replies[0].data;
}

/**
 * Where inside the element's shadow root(s) `rgb` is painted: the elements
 * and properties whose computed value contains it; null without a shadow root.
 */
function painted(frame, rgb) {
  return frame.evaluate(([tag, color]) => {
    const props = ['color', 'background-color', 'background-image', 'border-top-color', 'border-bottom-color',
      'border-left-color', 'border-right-color', 'outline-color', 'accent-color', 'fill', 'stroke',
      'text-decoration-color', 'box-shadow'];
    const hits = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        for (const p of props) if (style.getPropertyValue(p).includes(color)) hits.push(`${el.localName}.${el.getAttribute('class')} ${p}`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    const host = document.querySelector(tag);
    if (!host?.shadowRoot) return null;
    walk(host.shadowRoot);
    return hits;
  }, [TAG, rgb]);
}

async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('an allowlisted host page gets replies and events, from the embed origin only', TIMEOUT, async () => {
  const expected = expectedDemo();
  const { context, page, seen } = await open(hostIframeUrl(`${E}/www/embed.html`), { hostCsp: hostCspFor(E) });
  try {
    await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state), null, { timeout: 90_000 });
    assert.equal(await page.locator('#bridge-status').textContent(), 'connected; 8 leads and 14 activities loaded');
    const frame = await embedFrame(page);
    assert.deepEqual(await noticeOf(frame), { hidden: true, text: '' }, 'no notice when the bridge is on');
    // The host themes the frame through its URL (accent=#2747d4).
    assert.ok((await painted(frame, 'rgb(39, 71, 212)')).length > 0, 'accent=#2747d4 is used inside the widget');

    // What the example page shows is what the engine computes in Node.
    for (const key of ['leads', 'mql', 'nurture', 'disqualified']) {
      assert.equal(await page.locator(`#count-${key}`).textContent(), String(expected.summary[key]), key);
    }

    const messages = await hostMessages(page);
    assert.ok(messages.length > 0);
    for (const m of messages) assert.equal(m.origin, E, `${m.type} comes from the embed origin`);
    assert.equal(messages[0].type, 'leadscore:ready', 'ready comes first');
    assert.equal(messages.filter((m) => m.type === 'leadscore:ready').length, 1);

    const replies = messages.filter((m) => m.type === 'leadscore:reply').map((m) => m.data);
    assert.deepEqual(replies.map((r) => r.ok), [true, true, true, true], 'setAsOf, loadLeads, loadActivities, getSummary');
    assert.equal(replies[1].result.kept, 8);
    assert.equal(replies[2].result.kept, 14);
    assert.deepEqual(counts(replies[3].result), counts(expected.summary));

    // Events: the last scored summary is the final one, and the mqlchange
    // diffs, applied in order from the empty start, give the MQL set.
    const scored = messages.filter((m) => m.type === 'leadscore:scored');
    assert.ok(scored.length > 0, 'scored events reach the host');
    assert.deepEqual(counts(scored.at(-1).data.summary), counts(expected.summary));
    const mqlSet = new Set();
    for (const { data } of messages.filter((m) => m.type === 'leadscore:mqlchange')) {
      for (const id of data.added) mqlSet.add(id);
      for (const id of data.removed) mqlSet.delete(id);
      assert.equal(data.count, mqlSet.size, 'count is the MQL count after the change');
    }
    assert.deepEqual([...mqlSet].sort(), expected.mqls);

    // The rest of the protocol, sent from the host window.
    const mqls = await request(page, { type: 'leadscore:getMqls', id: 'q-mqls' });
    assert.equal(mqls.ok, true);
    assert.deepEqual(mqls.result.map((m) => m.id).sort(), expected.mqls);
    const d001 = mqls.result.find((m) => m.id === 'D-001');
    assert.equal(d001.name, 'Ana Ruiz');
    assert.equal(d001.company, 'Acme Corp');

    const model = await request(page, { type: 'leadscore:getModel', id: 7 });
    assert.equal(model.ok, true);
    assert.equal(model.id, 7, 'numeric ids are echoed');
    assert.deepEqual(JSON.parse(model.result), JSON.parse(expected.ws.model()));

    const csv = await request(page, { type: 'leadscore:getScoredCsv', id: 'q-csv' });
    assert.equal(csv.ok, true);
    assert.equal(csv.result, expected.ws.scoredCsv(), 'the scored CSV is the engine\u2019s');

    // setModel takes an object or a JSON string and answers the new summary;
    // the MQL change reaches the host as an event.
    const originalModel = expected.ws.model();
    const lowered = JSON.parse(originalModel);
    lowered.threshold = 30;
    expected.ws.setModel(JSON.stringify(lowered));
    const expectedLowered = expected.ws.score(AS_OF);
    const before = (await hostMessages(page)).length;
    const set = await request(page, { type: 'leadscore:setModel', id: 'q-model', model: lowered });
    assert.equal(set.ok, true, set.error);
    assert.deepEqual(counts(set.result), counts(expectedLowered));
    await page.waitForFunction(
      (n) => window.__messages.slice(n).some((m) => m.type === 'leadscore:mqlchange'),
      before,
      { timeout: 30_000 },
    );
    const change = (await hostMessages(page)).slice(before).find((m) => m.type === 'leadscore:mqlchange');
    assert.deepEqual(change.data, { type: 'leadscore:mqlchange', count: expectedLowered.mql, added: ['D-004'], removed: [] });

    const asString = await request(page, { type: 'leadscore:setModel', id: 'q-model-2', model: originalModel });
    assert.equal(asString.ok, true, asString.error);
    assert.deepEqual(counts(asString.result), counts(expected.summary));

    // Errors: engine errors and malformed requests are answered, with a message.
    const badModel = await request(page, { type: 'leadscore:setModel', id: 'e-model', model: '{"version": 1, "threshold": "high"}' });
    assert.equal(badModel.ok, false);
    assert.match(badModel.error, /\S/);
    const checks = [
      [{ type: 'leadscore:frobnicate', id: 'e1' }, /unknown type "leadscore:frobnicate"/],
      [{ type: 'leadscore:loadLeads', id: 'e2', data: 42 }, /data must be a string/],
      [{ type: 'leadscore:loadLeads', id: 'e3', data: 'id\nX', mapping: 'email' }, /mapping must be an object/],
      [{ type: 'leadscore:loadActivities', id: 'e4', data: 'a', mapping: { Email: 3 } }, /mapping\["Email"\] must be a field key/],
      [{ type: 'leadscore:setAsOf', id: 'e5', asOf: 1763640000000 }, /asOf must be an ISO 8601 time/],
      [{ type: 'leadscore:setModel', id: 'e6', model: 5 }, /model must be the model JSON/],
      [{ type: 'leadscore:setModel', id: 'e7' }, /model must be/],
      [{ type: 'leadscore:setAsOf', id: 'e8', asOf: 'next tuesday' }, /\S/],
    ];
    for (const [msg, pattern] of checks) {
      const reply = await request(page, msg);
      assert.equal(reply.ok, false, msg.id);
      assert.equal(reply.id, msg.id);
      assert.match(reply.error, pattern, msg.id);
      assert.equal('result' in reply, false);
    }
    // No usable id: answered with id null.
    const nullReplies = async () => (await hostMessages(page)).filter((m) => m.type === 'leadscore:reply' && m.data.id === null);
    for (const msg of ['hello', { type: 'leadscore:getSummary' }, { type: 'leadscore:getSummary', id: { x: 1 } }, [1, 2]]) {
      const n = (await nullReplies()).length;
      await sendFromHost(page, msg);
      await page.waitForFunction(
        (k) => window.__messages.filter((m) => m.type === 'leadscore:reply' && m.data.id === null).length > k,
        n,
        { timeout: 10_000 },
      );
      const reply = (await nullReplies()).at(-1).data;
      assert.equal(reply.ok, false);
      assert.match(reply.error, /a request is an object|id must be/);
    }
    // Nothing above changed the scores.
    const summary = await request(page, { type: 'leadscore:getSummary', id: 'q-end' });
    assert.deepEqual(counts(summary.result), counts(expected.summary));

    // A message from an allowlisted origin but from another window (here a
    // same-origin frame of the host) is ignored, and nobody is answered.
    const stats = await bridgeStats(frame);
    assert.equal(stats.ignored, 0);
    await page.evaluate(() => {
      const intruder = document.createElement('iframe');
      intruder.name = 'intruder';
      intruder.hidden = true;
      document.body.append(intruder);
    });
    const intruder = page.frames().find((f) => f.name() === 'intruder');
    await intruder.evaluate(([origin, csv]) => {
      window.__got = [];
      window.addEventListener('message', (e) => window.__got.push(e.data));
      const embed = window.parent.document.getElementById('leadscore').contentWindow;
      embed.postMessage({ type: 'leadscore:getSummary', id: 'x-sibling' }, origin);
      embed.postMessage({ type: 'leadscore:loadLeads', id: 'x-sibling-2', data: csv }, origin);
    }, [E, 'id,email\nZ1,z@evil.example\n']);
    await frame.waitForFunction(() => document.documentElement.dataset.ignored === '2', null, { timeout: 10_000 });
    await sleep(QUIET_MS);
    assert.deepEqual(await intruder.evaluate(() => window.__got), [], 'the other window gets nothing');
    const afterIntruder = await hostMessages(page);
    assert.equal(afterIntruder.some((m) => String(m.data.id).startsWith('x-sibling')), false, 'no reply to the intruder\u2019s ids');
    assert.deepEqual(counts(await widgetSummary(frame)), counts(expected.summary), 'its loadLeads did nothing');
    assert.equal((await bridgeStats(frame)).accepted, stats.accepted, 'nothing more was accepted');

    // Sales outcomes through the bridge: a CRM status word and a rejection
    // give the engine's statuses, then a newer export releases the lead.
    const outcomes = 'lead_id,outcome,reason,at\nD-001,Unqualified,,2026-10-01T00:00:00Z\nD-002,rejected,premature,2026-11-10T00:00:00Z\n';
    const newer = DEMO_LEADS.replace('D-001,Ana,Ruiz,ana.ruiz@acmecorp.example,VP Marketing', 'D-001,Ana,Ruiz,ana.ruiz@acmecorp.example,Chief Marketing Officer');
    // The same steps in Node, under the model the embed has now.
    const mirror = new Workspace();
    mirror.setModel((await request(page, { type: 'leadscore:getModel', id: 'o0' })).result);
    mirror.importLeads(DEMO_LEADS);
    mirror.importActivities(DEMO_ACTIVITIES);
    const wantOutcomes = mirror.importOutcomes(outcomes);
    const wantAfterOutcomes = mirror.score(AS_OF);
    mirror.updateLeads(newer);
    const wantAfterUpdate = mirror.score(AS_OF);
    assert.ok(wantAfterOutcomes.suppressed + wantAfterOutcomes.recycled > 0, 'the outcomes change statuses');
    const gotOutcomes = await request(page, { type: 'leadscore:loadOutcomes', id: 'o1', data: outcomes });
    assert.equal(gotOutcomes.ok, true, gotOutcomes.error);
    assert.equal(gotOutcomes.result.kept, wantOutcomes.kept);
    const s1 = await request(page, { type: 'leadscore:getSummary', id: 'o2' });
    assert.deepEqual([s1.result.suppressed, s1.result.recycled, s1.result.mql], [wantAfterOutcomes.suppressed, wantAfterOutcomes.recycled, wantAfterOutcomes.mql]);
    const upd = await request(page, { type: 'leadscore:updateLeads', id: 'o3', data: newer });
    assert.equal(upd.ok, true, upd.error);
    assert.equal(upd.result.changed, 1);
    const s2 = await request(page, { type: 'leadscore:getSummary', id: 'o4' });
    assert.deepEqual([s2.result.suppressed, s2.result.mql], [wantAfterUpdate.suppressed, wantAfterUpdate.mql]);
    const badMapping = await request(page, { type: 'leadscore:loadOutcomes', id: 'o5', data: outcomes, statusMapping: { Unqualified: 'wrong' } });
    assert.equal(badMapping.ok, false);
    assert.match(badMapping.error, /statusMapping\["Unqualified"\] must be/);

    await screenshot(page, 'embed-host-iframe.png');
    await assertClean(page, seen, [E, H]);
  } finally {
    await context.close();
  }
});

test('leadscore:compare answers what compare() gives in Node, and the element has the method', TIMEOUT, async () => {
  const expected = expectedDemo();
  const { context, page } = await open(hostIframeUrl(`${E}/www/embed.html`), { hostCsp: hostCspFor(E) });
  try {
    await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state), null, { timeout: 90_000 });
    const live = expected.ws.model();
    const draft = JSON.parse(live);
    draft.threshold = 30;
    const want = expected.ws.compare(live, JSON.stringify(draft), AS_OF);
    const wantRows = expected.ws.changedRows(0, 5);
    assert.ok(want.changed > 0, 'the draft changes a status');
    const reply = await request(page, { type: 'leadscore:compare', id: 'c1', modelA: live, modelB: draft, asOf: AS_OF, limit: 5 });
    assert.equal(reply.ok, true, reply.error);
    assert.deepEqual(reply.result.report, want);
    assert.deepEqual(reply.result.changed, wantRows);
    // modelB left out: the widget's current model, which is model A here.
    const same = await request(page, { type: 'leadscore:compare', id: 'c2', modelA: live, asOf: AS_OF });
    assert.equal(same.ok, true, same.error);
    assert.equal(same.result.report.changed, 0);
    for (const [msg, re] of [
      [{ type: 'leadscore:compare', id: 'c3' }, /modelA must be the model JSON/],
      [{ type: 'leadscore:compare', id: 'c4', modelA: live, limit: 5000 }, /limit must be a whole number/],
      [{ type: 'leadscore:compare', id: 'c5', modelA: live, modelB: '{"version": 1', asOf: AS_OF }, /model B: /],
    ]) {
      const r = await request(page, msg);
      assert.equal(r.ok, false, msg.id);
      assert.match(r.error, re);
    }
    // The element's own method, inside the frame.
    const frame = await embedFrame(page);
    const direct = await frame.evaluate(async ([tag, a, b, asOf]) => {
      const el = document.querySelector(tag);
      return el.compare(a, b, asOf);
    }, [TAG, live, JSON.stringify(draft), AS_OF]);
    assert.deepEqual(direct, want);
  } finally {
    await context.close();
  }
});

test('a host page that is not on the allowlist gets nothing, and its requests do nothing', TIMEOUT, async () => {
  // An unknown site frames an embed URL copied from a real CRM's page.
  const url = hostIframeUrl(`${E}/www/embed.html?origins=https://crm.example.com&sample=false`);
  const { context, page, seen } = await open(url, { hostCsp: hostCspFor(E) });
  try {
    const frame = await embedFrame(page);
    const start = await widgetSummary(frame);
    assert.equal(start.leads, 0);
    assert.deepEqual(await bridgeStats(frame), { bridge: 'off', accepted: 0, ignored: 0 });
    const notice = await noticeOf(frame);
    assert.equal(notice.hidden, false, 'the embed says why it ignores its parent');
    assert.match(notice.text, new RegExp(`framed by ${H.replace(/[.]/g, '\\.')}, which is not on its allowlist`));

    await sendFromHost(page, { type: 'leadscore:loadLeads', id: 'n1', data: DEMO_LEADS });
    await sendFromHost(page, { type: 'leadscore:setAsOf', id: 'n2', asOf: AS_OF });
    await sendFromHost(page, { type: 'leadscore:getSummary', id: 'n3' });
    await sendFromHost(page, { type: 'leadscore:nonsense', id: 'n4' });
    await frame.waitForFunction(() => document.documentElement.dataset.ignored === '4', null, { timeout: 10_000 });
    await sleep(QUIET_MS);

    assert.deepEqual(await hostMessages(page), [], 'no reply and no event reaches the host');
    assert.equal(await page.locator('#bridge-status').textContent(), 'connecting…', 'the host never heard from the embed');
    assert.deepEqual(await widgetSummary(frame), start, 'the embed did not act on the messages');
    assert.deepEqual(await bridgeStats(frame), { bridge: 'off', accepted: 0, ignored: 4 });
    await assertClean(page, seen, [E, H]);
  } finally {
    await context.close();
  }
});

test('without origins the embed accepts nothing and says so', TIMEOUT, async () => {
  // Framed with an empty allowlist.
  {
    const { context, page, seen } = await open(hostIframeUrl(`${E}/www/embed.html?origins=&sample=false`), { hostCsp: hostCspFor(E) });
    try {
      const frame = await embedFrame(page);
      await widgetSummary(frame);
      const notice = await noticeOf(frame);
      assert.equal(notice.hidden, false);
      assert.match(notice.text, /names no allowed origins/);
      await sendFromHost(page, { type: 'leadscore:getSummary', id: 'z1' });
      await frame.waitForFunction(() => document.documentElement.dataset.ignored === '1', null, { timeout: 10_000 });
      await sleep(QUIET_MS);
      assert.deepEqual(await hostMessages(page), []);
      assert.equal((await bridgeStats(frame)).accepted, 0);
      await assertClean(page, seen, [E, H]);
    } finally {
      await context.close();
    }
  }
  // Opened directly, with no parameter at all; and with entries that are
  // not origins (wildcards, paths, other schemes), which are refused by name.
  {
    const { context, page, seen } = await open(`${E}/www/embed.html?sample=false`);
    try {
      const notice = await noticeOf(page.mainFrame());
      assert.equal(notice.hidden, false);
      assert.match(notice.text, /names no allowed origins/);
      await widgetSummary(page.mainFrame());
      const bad = encodeURIComponent('*,https://*.example.com,ftp://files.example.com,https://crm.example.com/app,not an origin');
      await page.goto(`${E}/www/embed.html?sample=false&origins=${bad}&accent=${encodeURIComponent('url(https://evil.example/x.png)')}&radius=4px`);
      const refused = await noticeOf(page.mainFrame());
      assert.equal(refused.hidden, false);
      assert.match(refused.text, /names no allowed origins/);
      for (const entry of ['"*" (wildcards', '"https://*.example.com" (wildcards', '"ftp://files.example.com" (only http and https',
        '"https://crm.example.com/app" (an origin has no path', '"not an origin" (not a URL']) {
        assert.ok(refused.text.includes(entry), `${entry} in ${refused.text}`);
      }
      assert.ok(refused.text.includes('Ignored theme parameter accent: not a valid color value.'), refused.text);
      assert.equal(await page.evaluate((tag) => document.querySelector(tag).style.getPropertyValue('--ls-accent'), TAG), '');
      assert.equal(await page.evaluate((tag) => document.querySelector(tag).style.getPropertyValue('--ls-radius'), TAG), '4px');
      assert.equal((await bridgeStats(page.mainFrame())).bridge, 'off');
      await assertClean(page, seen, [E]);
    } finally {
      await context.close();
    }
  }
});

test('replies and events are posted only to allowlisted origins, never to *', TIMEOUT, async () => {
  // Same-origin host and embed, so the embed frame can wrap its parent's
  // postMessage and record every targetOrigin it is called with. The wrapper
  // is created in the embed frame's realm, so the message still comes from
  // the embed window (event.source) as it would without the spy.
  function spy() {
    // Init scripts also run in the frame's initial about:blank document,
    // whose realm is gone once embed.html loads: wrap from embed.html only.
    if (window.parent === window || !location.pathname.endsWith('/www/embed.html')) return;
    const parent = window.parent;
    const original = parent.postMessage;
    window.__toParent = [];
    parent.postMessage = function postMessage(message, target, ...rest) {
      const origin = target !== null && typeof target === 'object' ? target.targetOrigin : target;
      window.__toParent.push({ type: message?.type ?? null, origin: origin === undefined ? '(none)' : origin });
      return original.call(parent, message, target, ...rest);
    };
  }
  const allowlist = ['https://crm.example.com', E];
  const embed = `${E}/www/embed.html?origins=${encodeURIComponent(allowlist.join(','))}&sample=false&layout=compact`;
  const { context, page, seen } = await open(`${E}/www/examples/host-iframe.html?embed=${encodeURIComponent(embed)}`, { init: [spy] });
  try {
    await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state), null, { timeout: 90_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'loaded');
    const frame = await embedFrame(page);
    assert.equal(await frame.evaluate((tag) => document.querySelector(tag).getAttribute('layout'), TAG), 'compact');
    await request(page, { type: 'leadscore:getSummary', id: 's1' });
    await request(page, { type: 'leadscore:nope', id: 's2' });

    // Data as bytes (UTF-16 with its BOM, in a Uint8Array), with a column
    // mapping, and as a Blob (what a file input gives the host).
    const utf16 = await page.evaluate(([origin]) => new Promise((resolve) => {
      const text = '\uFEFFRef,Contact,Role\nR-1,r1@northwind.example,VP Sales\nR-2,r2@northwind.example,Intern\n';
      const bytes = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        bytes[2 * i] = text.charCodeAt(i) & 0xff;
        bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
      }
      const frame = document.getElementById('leadscore').contentWindow;
      window.addEventListener('message', function on(e) {
        if (e.data?.id !== 'b1') return;
        window.removeEventListener('message', on);
        resolve(e.data);
      });
      frame.postMessage({ type: 'leadscore:loadLeads', id: 'b1', data: bytes, mapping: { Ref: 'id', Contact: 'email', Role: 'title' } }, origin);
    }), [E]);
    assert.equal(utf16.ok, true, utf16.error);
    assert.equal(utf16.result.encoding, 'utf-16le');
    assert.equal(utf16.result.kept, 2);
    assert.deepEqual(utf16.result.columns.map((c) => [c.header, c.field]), [['Ref', 'id'], ['Contact', 'email'], ['Role', 'title']]);
    const blob = await page.evaluate(([origin]) => new Promise((resolve) => {
      const file = new File(['lead_id,timestamp,type,detail\nR-1,2026-11-19T10:00:00Z,demo_request,form\n'], 'events.csv', { type: 'text/csv' });
      window.addEventListener('message', function on(e) {
        if (e.data?.id !== 'b2') return;
        window.removeEventListener('message', on);
        resolve(e.data);
      });
      document.getElementById('leadscore').contentWindow.postMessage({ type: 'leadscore:loadActivities', id: 'b2', data: file }, origin);
    }), [E]);
    assert.equal(blob.ok, true, blob.error);
    assert.equal(blob.result.kept, 1);
    const mqls = await request(page, { type: 'leadscore:getMqls', id: 's3' });
    assert.deepEqual(mqls.result.map((m) => m.id), ['R-1'], 'the demo request made R-1 an MQL');

    // Every postMessage the embed made on its parent window. The worker
    // computes `mqlchange` after the reply that carries the counts, so it
    // can land after getMqls' reply: wait for it (a missing one still fails).
    await frame.waitForFunction(() => window.__toParent.some((t) => t.type === 'leadscore:mqlchange'), null, { timeout: 15_000 }).catch(() => {});
    const targets = await frame.evaluate(() => window.__toParent);
    const types = new Set(targets.map((t) => t.type));
    for (const t of ['leadscore:ready', 'leadscore:reply', 'leadscore:scored', 'leadscore:mqlchange']) {
      assert.ok(types.has(t), `${t} was posted`);
    }
    assert.equal(targets.filter((t) => t.type === 'leadscore:reply').length, 9, 'four from the page, five from the test');
    for (const t of targets) {
      assert.notEqual(t.origin, '*', `${t.type} never goes to *`);
      assert.ok(allowlist.includes(t.origin), `${t.type} goes to an allowlisted origin (${t.origin})`);
    }
    await assertClean(page, seen, [E]);
  } finally {
    await context.close();
  }
});

test('the custom element in a host page loads, takes the theme, and reports new MQLs', TIMEOUT, async () => {
  const record = () => {
    window.__mqlEvents = [];
    document.addEventListener('mqlchange', (e) => window.__mqlEvents.push(e.detail));
  };
  const { context, page, seen } = await open(`${H}/www/examples/host-element.html`, { init: [record] });
  try {
    await page.waitForFunction(() => document.body.dataset.ready === 'true' || !document.getElementById('widget-error').hidden,
      null, { timeout: 90_000 });
    assert.equal(await page.locator('#widget-error').isHidden(), true, 'no widget error');
    const model = JSON.parse(await page.evaluate((tag) => document.querySelector(tag).getModel(), TAG));
    assert.equal(model.name, 'Northwind B2B (demo)', 'model-url was loaded');
    assert.equal(await page.locator('#threshold-value').textContent(), '60');

    // Themes: something inside the shadow root is painted with --ls-accent,
    // and follows it when the host changes it.
    const green = await painted(page, 'rgb(11, 110, 79)'); // --ls-accent: #0b6e4f in host-element.css
    assert.ok(green, 'the element has an open shadow root');
    assert.ok(green.length > 0, 'the accent from host-element.css is used inside the shadow root');
    await page.evaluate((tag) => document.querySelector(tag).style.setProperty('--ls-accent', 'rgb(200, 30, 120)'), TAG);
    const pink = await painted(page, 'rgb(200, 30, 120)');
    assert.ok(pink.length > 0, 'a new --ls-accent is picked up');
    assert.deepEqual(await painted(page, 'rgb(11, 110, 79)'), [], 'the old accent is gone');

    // Lowering the threshold to 0 (the host's slider calls setModel) turns
    // nurture leads into MQLs: mqlchange fires and the host lists them.
    // (The element's first mqlchange, every MQL of the first scoring, may
    // come after ready: wait for it so it is not taken for the change.)
    await page.waitForFunction(() => window.__mqlEvents.length > 0, null, { timeout: 30_000 });
    const before = await page.evaluate((tag) => document.querySelector(tag).summary(), TAG);
    const seenBefore = await page.evaluate(() => window.__mqlEvents.length);
    await page.evaluate(() => {
      const slider = document.getElementById('threshold');
      slider.value = '0';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      slider.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction((n) => window.__mqlEvents.slice(n).some((d) => d.added.length > 0), seenBefore, { timeout: 60_000 });
    await page.waitForFunction(() => !document.getElementById('threshold').disabled, null, { timeout: 60_000 });
    const after = await page.evaluate((tag) => document.querySelector(tag).summary(), TAG);
    const changes = await page.evaluate((n) => window.__mqlEvents.slice(n), seenBefore);
    assert.equal(changes.length, 1, 'one mqlchange for one model change');
    const detail = changes[0];
    assert.equal(after.threshold, 0);
    assert.ok(after.mql > before.mql, `${after.mql} MQLs at threshold 0, ${before.mql} at 60`);
    assert.equal(detail.count, after.mql);
    assert.deepEqual(detail.removed, [], 'a lower threshold removes no MQL');
    assert.equal(detail.added.length, after.mql - before.mql);

    const fresh = after.mql - before.mql;
    await page.waitForFunction(() => document.getElementById('new-mqls').children.length > 0, null, { timeout: 30_000 });
    await screenshot(page, 'embed-host-element.png');
    const n = (x) => x.toLocaleString('en-US');
    assert.equal(await page.locator('#mql-notice').textContent(), `${n(fresh)} new MQL${fresh === 1 ? '' : 's'}`);
    assert.equal(await page.locator('#mql-total').textContent(), `${n(after.mql)} MQLs in total.`);
    assert.equal(await page.locator('#new-mqls li').count(), Math.min(fresh, 8) + (fresh > 8 ? 1 : 0));
    const top = (await page.evaluate((tag) => document.querySelector(tag).mqls(), TAG))
      .filter((m) => detail.added.includes(m.id))
      .sort((a, b) => b.score - a.score)[0];
    assert.equal(await page.locator('#new-mqls li').first().textContent(),
      `${top.name || top.id}${top.company ? ` · ${top.company}` : ''}${top.score}`);

    // Back to 60: the new MQLs are gone again.
    await page.evaluate(() => {
      const slider = document.getElementById('threshold');
      slider.value = '60';
      slider.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction(() => document.getElementById('mql-notice').hidden, null, { timeout: 60_000 });
    assert.equal(await page.locator('#new-mqls li').count(), 0);
    await assertClean(page, seen, [H]);
  } finally {
    await context.close();
  }
});
