// The static server used by .ci/serve and the page tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { startServer, CSP } from '../../.ci/server.mjs';

let dir;
let outside;
let server;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'leadscore-server-'));
  outside = mkdtempSync(path.join(tmpdir(), 'leadscore-outside-'));
  writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  const root = path.join(dir, 'root');
  mkdirSync(path.join(root, 'www'), { recursive: true });
  mkdirSync(path.join(root, 'pkg'));
  mkdirSync(path.join(root, 'empty'));
  writeFileSync(path.join(root, 'www', 'index.html'), '<!doctype html><title>t</title>');
  const files = {
    'a.js': 'export {}', 'a.mjs': 'export {}', 'a.css': 'p{}', 'a.json': '{}',
    'a.csv': 'id\n1\n', 'a.svg': '<svg/>', 'a.png': 'png', 'a.md': '# a',
    'a.d.ts': 'export {};', 'a.bin': 'x', 'a b.txt': 'space',
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(root, 'www', name), body);
  writeFileSync(path.join(root, 'pkg', 'x_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(path.join(dir, 'sibling.txt'), 'not served');
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git', 'config'), 'not served');
  writeFileSync(path.join(root, 'www', '.hidden'), 'not served');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'www', 'link.txt'));
  server = await startServer({ root, port: 0, host: '127.0.0.1' });
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

// Raw requests, so that `..` reaches the server unnormalised.
function get(rawPath, method = 'GET') {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves a URL on the loopback interface', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('redirects / to /www/', async () => {
  const r = await get('/');
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, '/www/');
  const r2 = await get('/www');
  assert.equal(r2.status, 301);
  assert.equal(r2.headers.location, '/www/');
});

test('serves index.html with the CSP and no-store', async () => {
  const r = await get('/www/');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(r.headers['content-security-policy'], CSP);
  assert.equal(
    r.headers['content-security-policy'],
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'",
  );
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.match(r.body.toString(), /<title>t<\/title>/);
  const q = await get('/www/index.html?x=1');
  assert.equal(q.status, 200);
});

test('sends the right MIME types', async () => {
  const cases = {
    '/www/a.js': /^text\/javascript/, '/www/a.mjs': /^text\/javascript/, '/www/a.css': /^text\/css/,
    '/www/a.json': /^application\/json/, '/www/a.csv': /^text\/csv/, '/www/a.svg': /^image\/svg\+xml$/,
    '/www/a.png': /^image\/png$/, '/www/a.md': /^text\/markdown/, '/www/a.d.ts': /^text\/plain/,
    '/pkg/x_bg.wasm': /^application\/wasm$/, '/www/a.bin': /^application\/octet-stream$/,
    '/www/a%20b.txt': /^text\/plain/,
  };
  for (const [p, type] of Object.entries(cases)) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers['content-type'], type, p);
    assert.equal(r.headers['cache-control'], 'no-store', p);
    assert.equal(r.headers['content-security-policy'], undefined, `${p}: CSP only on HTML`);
  }
});

test('HEAD has headers and no body', async () => {
  const r = await get('/pkg/x_bg.wasm', 'HEAD');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-length'], '8');
  assert.equal(r.body.length, 0);
});

test('never serves anything outside the root', async () => {
  for (const p of [
    '/../sibling.txt', '/www/../../sibling.txt', '/%2e%2e/sibling.txt', '/www/%2e%2e/%2e%2e/sibling.txt',
    '/..%2fsibling.txt', '/www/..%5c..%5csibling.txt', '/www/link.txt', '/%00', '/www/%',
  ]) {
    const r = await get(p);
    assert.ok([400, 403, 404].includes(r.status), `${p} -> ${r.status}`);
    assert.doesNotMatch(r.body.toString(), /not served|secret/, p);
  }
});

test('never serves dotfiles', async () => {
  for (const p of ['/.git/config', '/www/.hidden', '/.ci/server.mjs']) {
    assert.equal((await get(p)).status, 404, p);
  }
});

test('404 for missing files and directories without index', async () => {
  assert.equal((await get('/nope.js')).status, 404);
  assert.equal((await get('/empty/')).status, 404);
});

test('only GET and HEAD', async () => {
  const r = await get('/www/', 'POST');
  assert.equal(r.status, 405);
});
