// A tiny static file server for the Leadscore page and its tests.
//
//   node .ci/server.mjs [--root DIR] [--port N] [--host H]
//
// or, from a test:
//
//   import { startServer } from '../../.ci/server.mjs';
//   const { url, close } = await startServer({ root, port: 0 });
//
// No dependencies: node:http, node:fs and node:path only. Serves files under
// `root` and nothing else (no directory listings, no traversal, no symlinks
// leading outside), with `Cache-Control: no-store` everywhere and the page's
// Content-Security-Policy on HTML responses.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.htm', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.wasm', 'application/wasm'],
  ['.csv', 'text/csv; charset=utf-8'],
  ['.tsv', 'text/tab-separated-values; charset=utf-8'],
  ['.ndjson', 'application/x-ndjson; charset=utf-8'],
  ['.txt', 'text/plain; charset=utf-8'],
  ['.md', 'text/markdown; charset=utf-8'],
  ['.ts', 'text/plain; charset=utf-8'], // covers .d.ts: readable in a browser tab
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
]);

/** The Content-Type for a file name (`.d.ts` included via `.ts`). */
export function contentType(name) {
  return TYPES.get(path.extname(name).toLowerCase()) ?? 'application/octet-stream';
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function send(res, status, headers, body, head) {
  const base = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  };
  if (body !== undefined && base['Content-Length'] === undefined) {
    base['Content-Length'] = Buffer.byteLength(body);
  }
  res.writeHead(status, base);
  res.end(head ? undefined : body);
}

function sendText(res, status, text, head, extra = {}) {
  send(res, status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra }, `${text}\n`, head);
}

function isInside(root, p) {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Resolves a URL path to a file under `realRoot`. Returns
 * `{file}`, `{redirect}`, or `{status}` (an error to send).
 */
async function resolve(realRoot, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  // Normalise with POSIX semantics first so `..` can never climb above `/`.
  const normal = path.posix.normalize(decoded);
  if (!normal.startsWith('/')) return { status: 400 };
  const segments = normal.split('/').filter(Boolean);
  // Dotfiles and dot-directories (.git, .ci, .cargo) are never served.
  if (segments.some((s) => s.startsWith('.'))) return { status: 404 };
  const candidate = path.join(realRoot, ...segments);
  if (!isInside(realRoot, candidate)) return { status: 403 };

  let real;
  try {
    real = await fs.promises.realpath(candidate);
  } catch {
    return { status: 404 };
  }
  // A symlink may point anywhere; only follow it if it stays under root.
  if (!isInside(realRoot, real)) return { status: 403 };

  let stat = await fs.promises.stat(real);
  if (stat.isDirectory()) {
    if (!urlPath.endsWith('/')) return { redirect: `${urlPath}/` };
    const index = path.join(real, 'index.html');
    try {
      const realIndex = await fs.promises.realpath(index);
      if (!isInside(realRoot, realIndex)) return { status: 403 };
      stat = await fs.promises.stat(realIndex);
      if (!stat.isFile()) return { status: 404 };
      return { file: realIndex, size: stat.size };
    } catch {
      return { status: 404 }; // no directory listings
    }
  }
  if (!stat.isFile()) return { status: 404 };
  return { file: real, size: stat.size };
}

/**
 * Starts the server. Resolves to `{url, port, host, close}`; `close()`
 * resolves once the server has stopped. `port: 0` picks a free port.
 */
export async function startServer({ root = REPO_ROOT, port = 8080, host = '127.0.0.1' } = {}) {
  const realRoot = await fs.promises.realpath(path.resolve(root));

  const server = http.createServer(async (req, res) => {
    const head = req.method === 'HEAD';
    try {
      if (req.method !== 'GET' && !head) {
        sendText(res, 405, 'method not allowed', false, { Allow: 'GET, HEAD' });
        return;
      }
      const raw = req.url ?? '/';
      if (!raw.startsWith('/')) {
        sendText(res, 400, 'bad request', head);
        return;
      }
      const q = raw.search(/[?#]/);
      const urlPath = q === -1 ? raw : raw.slice(0, q);
      const query = q === -1 ? '' : raw.slice(q);

      if (urlPath === '/') {
        send(res, 302, { Location: `/www/${query}` }, '', head);
        return;
      }
      const found = await resolve(realRoot, urlPath);
      if (found.redirect) {
        send(res, 301, { Location: `${found.redirect}${query}` }, '', head);
        return;
      }
      if (found.status) {
        const text = { 400: 'bad request', 403: 'forbidden', 404: 'not found' }[found.status];
        sendText(res, found.status, text, head);
        return;
      }
      const type = contentType(found.file);
      const headers = { 'Content-Type': type, 'Content-Length': found.size };
      if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
      res.writeHead(200, {
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      });
      if (head) {
        res.end();
        return;
      }
      const stream = fs.createReadStream(found.file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch (err) {
      if (!res.headersSent) sendText(res, 500, 'internal error', head);
      else res.destroy();
      process.stderr.write(`server: ${req.method} ${req.url}: ${err?.message ?? err}\n`);
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const actual = server.address().port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${actual}`;
  const close = () =>
    new Promise((ok) => {
      server.close(() => ok());
      server.closeAllConnections?.();
    });
  return { url, port: actual, host, close };
}

function parseArgs(argv) {
  const opts = {
    root: REPO_ROOT,
    port: Number(process.env.PORT || 8080),
    host: process.env.HOST || '127.0.0.1',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (name === '--root') opts.root = path.resolve(value());
    else if (name === '--port') opts.port = Number(value());
    else if (name === '--host') opts.host = value();
    else if (name === '--help' || name === '-h') {
      process.stdout.write('usage: node .ci/server.mjs [--root DIR] [--port N] [--host H]\n');
      process.exit(0);
    } else {
      process.stderr.write(`server: unknown argument ${arg}\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    process.stderr.write(`server: bad port ${opts.port}\n`);
    process.exit(2);
  }
  return opts;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const opts = parseArgs(process.argv.slice(2));
  const { url, close } = await startServer(opts);
  process.stdout.write(`serving ${opts.root}\n${url}/www/\n`);
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
