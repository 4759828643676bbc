// What the browser tests and the page benchmark share: the repo root, Debian's
// Chromium and its flags, the static server, and recording what a page does
// (requests, console errors and warnings, uncaught errors, dialogs, CSP
// violations). Not a *.test.mjs file: node --test does not run it.
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../.ci/server.mjs';
import { initSync } from '../../pkg/leadscore.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const SCREENSHOTS = path.join(ROOT, 'target', 'screenshots');
export const TAG = 'lead-scoring-sandbox';

/** Loads pkg/'s wasm for the engine run here in Node. */
export function initEngine() {
  initSync({ module: readFileSync(path.join(ROOT, 'pkg', 'leadscore_bg.wasm')) });
}

/** The static server on a free port of 127.0.0.1, serving the repo root. */
export function serve() {
  return startServer({ root: ROOT, port: 0, host: '127.0.0.1' });
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** Starts the server and Chromium, makes a temp dir (`tmpPrefix`) and the screenshots folder. */
export async function start(tmpPrefix) {
  const env = {};
  try {
    env.server = await serve();
    env.browser = await launch();
    env.tmp = mkdtempSync(path.join(tmpdir(), tmpPrefix));
    mkdirSync(SCREENSHOTS, { recursive: true });
  } catch (e) {
    await stop(env);
    throw e;
  }
  return env;
}

/** Undoes `start` (whatever part of it was done). */
export async function stop({ server, browser, tmp } = {}) {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}

/**
 * Records what `page` does into the returned `seen`. `dialogs`: 'list'
 * records them in `seen.dialogs`, 'error' in `seen.pageErrors`; both dismiss
 * them. Without it, dialogs are left to Playwright (dismissed, unrecorded).
 */
export function watch(context, page, { dialogs } = {}) {
  const seen = { requests: [], failed: [], badResponses: [], console: [], pageErrors: [] };
  context.on('request', (r) => seen.requests.push(r.url()));
  page.on('requestfailed', (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) seen.badResponses.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  if (dialogs === 'list') seen.dialogs = [];
  if (dialogs) {
    page.on('dialog', (d) => {
      if (dialogs === 'list') seen.dialogs.push(d.message());
      else seen.pageErrors.push(`unexpected ${d.type()}: ${d.message()}`);
      d.dismiss();
    });
  }
  return seen;
}

/** An init script: CSP violations into window.__csp (runs before the page's scripts). */
export function recordCsp() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
  });
}

/**
 * Opens `url` (a path on `server`) in `context` or a new one, watched (see
 * `watch`), with `init` scripts added; checks the 200, the CSP header when
 * `csp` is given, and waits for the element to be ready.
 */
export async function openPage(browser, server, {
  url = '/www/', width = 1280, height = 720, context, dialogs = 'error', init = [], csp,
} = {}) {
  context ??= await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const seen = watch(context, page, { dialogs });
  await page.addInitScript(recordCsp);
  for (const script of init) await page.addInitScript(script);
  const response = await page.goto(`${server.url}${url}`);
  assert.equal(response.status(), 200);
  if (csp !== undefined) assert.equal(response.headers()['content-security-policy'], csp);
  await page.evaluate((tag) => document.querySelector(tag).ready, TAG);
  return { context, page, seen };
}

/** The recorded requests whose origin is none of `origins`. */
export function requestsOutside(seen, origins) {
  return seen.requests.filter((u) => !origins.includes(new URL(u).origin));
}

/**
 * Fails on no request at all, a request outside `origins`, a failed or
 * 4xx/5xx request, a CSP violation in any frame, a console error or warning,
 * an uncaught error, or (when recorded) a dialog.
 */
export async function assertClean(page, seen, origins) {
  assert.ok(seen.requests.length > 0);
  assert.deepEqual(requestsOutside(seen, origins), [], `no request outside ${origins.join(' and ')}`);
  assert.deepEqual(seen.failed, [], 'no request failed');
  assert.deepEqual(seen.badResponses, [], 'no 4xx/5xx response');
  const csp = [];
  for (const frame of page.frames()) csp.push(...(await frame.evaluate(() => window.__csp ?? [])));
  assert.deepEqual(csp, [], 'no CSP violation in any frame');
  assert.deepEqual(seen.console, [], 'no console error or warning');
  assert.deepEqual(seen.pageErrors, [], 'no uncaught error');
  if (seen.dialogs) assert.deepEqual(seen.dialogs, [], 'no alert, confirm or prompt');
}
