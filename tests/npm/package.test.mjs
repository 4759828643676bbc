// pkg/ as an npm package, used the way a developer would (issue 13): pack it,
// install the tarball into a fresh project with no network, run the README's
// Node example, type-check the TypeScript example and the package's
// interfaces (then run them against what the engine returns), build a page
// with Vite that imports the engine and the widget, and open that page, and
// one served with no bundler, in headless Chromium. Every count the pages
// show is compared with what the engine computes here in Node from the
// repository's own pkg/ glue.
//
// Dev tools (vite, typescript) come from this repository's node_modules;
// the temporary project holds the tarball only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Workspace, sampleData } from '../../pkg/leadscore.js';
import { ROOT, SCREENSHOTS, TAG, initEngine, launch, openPage, assertClean } from '../e2e/harness.mjs';
import { startServer, CSP } from '../../.ci/server.mjs';

const TIMEOUT = { timeout: 300_000 };
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const VERSION = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];

initEngine();

let tmp; // the temporary directory
let app; // the fresh project
let tarball;
let packed; // npm pack --json output
let browser;

// No registry: an unroutable one, offline, and an empty cache of our own.
function npmEnv() {
  return {
    ...process.env,
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_offline: 'true',
    npm_config_cache: path.join(tmp, 'npm-cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_ignore_scripts: 'true',
  };
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (r.status !== 0) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function filesUnder(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, rel));
    else out.push(rel);
  }
  return out;
}

/** The fenced blocks of one `### title` inside the README's "Use it from npm" section. */
function readmeBlocks(title, lang) {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^## Use it from npm\n([\s\S]*?)(?=^## )/m.exec(readme);
  assert.ok(section, 'README has a "Use it from npm" section');
  const sub = new RegExp(`^### ${title}\\n([\\s\\S]*?)(?=^### |(?![\\s\\S]))`, 'm').exec(section[1]);
  assert.ok(sub, `README "Use it from npm" has a "### ${title}" part`);
  return [...sub[1].matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1]);
}

/** What the engine gives (repository pkg/ glue, in this process) for the widget's sample. */
function expectedSample() {
  const sample = sampleData(3000, 7);
  const ws = new Workspace();
  ws.importLeads(sample.leads);
  ws.importActivities(sample.activities);
  const summary = ws.score(sample.as_of);
  const scores = Array.from(ws.scores());
  ws.free();
  return { summary, scores };
}

/** What the README's bundler example logs: the MQL count of sampleData(1000, 1). */
function readmeMqls() {
  const sample = sampleData(1000, 1);
  const ws = new Workspace();
  ws.importLeads(sample.leads);
  ws.importActivities(sample.activities);
  const mql = ws.score(sample.as_of).mql;
  ws.free();
  assert.ok(mql > 0);
  return String(mql);
}

before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'leadscore-npm-'));
  app = path.join(tmp, 'app');
  mkdirSync(app);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('npm pack of pkg/ gives a tarball of every file in pkg/, with a package.json made from Cargo.toml', TIMEOUT, () => {
  const out = run('npm', ['pack', path.join(ROOT, 'pkg'), '--pack-destination', tmp, '--json'], { env: npmEnv() });
  [packed] = JSON.parse(out);
  tarball = path.join(tmp, packed.filename);
  assert.ok(existsSync(tarball));
  assert.equal(packed.name, 'leadscore');
  assert.equal(packed.version, VERSION);
  assert.deepEqual(packed.files.map((f) => f.path).sort(), filesUnder(path.join(ROOT, 'pkg')).sort(),
    'the tarball holds exactly the files of pkg/ (package.json "files" misses none and adds none)');
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'pkg', 'package.json'), 'utf8'));
  assert.equal(manifest.type, 'module');
  for (const entry of ['.', './node', './web', './widget']) assert.ok(manifest.exports[entry], `exports ${entry}`);
  assert.ok(manifest.sideEffects.includes('./widget/widget.js'));
  console.log(`tarball ${packed.filename}: ${packed.size} B packed, ${packed.unpackedSize} B unpacked, ${packed.files.length} files`);
});

test('the tarball installs offline into a fresh project', TIMEOUT, () => {
  writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'leadscore-npm-test', private: true, type: 'module' }, null, 2)}\n`);
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, env: npmEnv() });
  const installed = JSON.parse(readFileSync(path.join(app, 'node_modules', 'leadscore', 'package.json'), 'utf8'));
  assert.equal(installed.version, VERSION);
  assert.deepEqual(readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.')), ['leadscore'],
    'the project holds the package and nothing else');
  cpSync(path.join(ROOT, 'tests', 'npm', 'app'), app, { recursive: true });
  cpSync(path.join(ROOT, 'www', 'favicon.svg'), path.join(app, 'favicon.svg'));
});

test('no type in the package is any', () => {
  const dir = path.join(app, 'node_modules', 'leadscore');
  const dts = filesUnder(dir).filter((f) => f.endsWith('.d.ts'));
  assert.ok(dts.length >= 4, `declaration files: ${dts.join(', ')}`);
  for (const f of dts) {
    const code = readFileSync(path.join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const lines = code.split('\n').filter((l) => /\bany\b/.test(l));
    assert.deepEqual(lines, [], `${f} has no any`);
  }
});

test("the README's Node example runs from the installed package and prints what its comments say", TIMEOUT, () => {
  const [example] = readmeBlocks('Node', 'js');
  assert.ok(example, 'a js block under ### Node');
  assert.match(example, /from 'leadscore\/node'/);
  writeFileSync(path.join(app, 'example.mjs'), example);
  const out = run(process.execPath, ['example.mjs'], { cwd: app }).trimEnd().split('\n');
  // Expected lines: a console.log line's trailing comment, or the comment line after it.
  const expected = [];
  const lines = example.split('\n');
  lines.forEach((line, i) => {
    if (!line.includes('console.log(')) return;
    const trailing = /\)\s*;\s*\/\/\s*(.+)$/.exec(line);
    const next = /^\s*\/\/\s*(.+)$/.exec(lines[i + 1] ?? '');
    expected.push((trailing ?? next)?.[1]);
  });
  assert.ok(expected.length >= 3 && expected.every(Boolean), 'every console.log in the example says what it prints');
  assert.deepEqual(out, expected);
  // SPEC section 3 by hand: ana 15 + 10 + 10 + 20; bo -30 (too small) - 20 (unsubscribed).
  assert.equal(out[1], `${15 + 10 + 10 + 20} ${-30 - 20}`);
});

test("the bare import resolves to the Node entry in Node, and init() is harmless there", TIMEOUT, () => {
  const script = `
    import init, { Workspace, sampleData } from 'leadscore';
    await init();
    const s = sampleData(3000, 7);
    const ws = new Workspace();
    ws.importLeads(s.leads);
    ws.importActivities(s.activities);
    console.log(JSON.stringify({ summary: ws.score(s.as_of), scores: Array.from(ws.scores()) }));`;
  const got = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], { cwd: app }));
  const want = expectedSample();
  assert.deepEqual(got.summary, want.summary);
  assert.deepEqual(got.scores, want.scores);
  assert.ok(want.summary.mql > 0 && want.summary.nurture > 0);
});

test("tsc --strict type-checks the README's TypeScript example and the interfaces match what the engine returns", TIMEOUT, () => {
  const [example] = readmeBlocks('TypeScript', 'ts');
  assert.ok(example, 'a ts block under ### TypeScript');
  writeFileSync(path.join(app, 'example.ts'), example);
  run(process.execPath, [TSC, '--strict', '-p', 'tsconfig.node.json'], { cwd: app });
  const printed = run(process.execPath, [path.join('out', 'example.js')], { cwd: app }).trim();
  assert.equal(printed, '1 55 2026-11-02T10:00:00Z');
  const shapes = run(process.execPath, [path.join('out', 'shapes.js')], { cwd: app });
  assert.match(shapes, /^\d+ shapes match their interfaces$/m);
  console.log(shapes.trim().split('\n').at(-1));
  // The bundled page's code (browser entry, widget types).
  run(process.execPath, [TSC, '--strict', '-p', 'tsconfig.web.json'], { cwd: app });
  // The types load with an older lib and with esnext (Symbol.dispose declared once or twice).
  for (const lib of ['es2020,dom', 'esnext,dom']) {
    run(process.execPath, [TSC, '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--lib', lib, '--types', '', 'example.ts', 'main.ts'], { cwd: app });
  }
});

test('tsc rejects code that misuses the package types (so the types are really checked)', TIMEOUT, () => {
  writeFileSync(path.join(app, 'wrong.ts'), [
    "import { Workspace } from 'leadscore/node';",
    "const ws = new Workspace();",
    "const mql: string = ws.score('2026-11-20T12:00:00Z').mql;",
    "ws.order('price', true, 0, '');",
    "const el = document.createElement('lead-scoring-sandbox');",
    "el.summary().then((s) => s.nope);",
    "import 'leadscore/widget';",
    "console.log(mql);",
    '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [TSC, '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--lib', 'es2022,dom', '--types', '', 'wrong.ts'], { cwd: app, encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  const out = r.stdout + r.stderr;
  const errors = out.split('\n').filter((l) => /error TS\d+/.test(l)).map((l) => /^(.*?: error TS\d+)/.exec(l)[1]);
  assert.deepEqual(errors, [
    'wrong.ts(3,7): error TS2322', // a number is not a string
    'wrong.ts(4,10): error TS2345', // 'price' is not a SortKey
    'wrong.ts(6,28): error TS2339', // Summary has no `nope` (the element's summary() is typed)
  ], 'exactly the misuses, and no error inside the package');
});

let built; // the Vite output directory
test('Vite builds a page that imports the engine and the widget, copying the worker, wasm and styles', TIMEOUT, async () => {
  const [readme] = readmeBlocks('A bundler \\(Vite\\)', 'js');
  assert.ok(readme, 'a js block under ### A bundler (Vite)');
  writeFileSync(path.join(app, 'readme-bundler.js'), readme);
  const { build } = await import('vite');
  built = path.join(tmp, 'dist');
  await build({ root: app, configFile: false, logLevel: 'warn', build: { outDir: built, emptyOutDir: true } });
  const assets = readdirSync(path.join(built, 'assets')).sort();
  assert.equal(assets.filter((f) => f.endsWith('.wasm')).length, 1, `one wasm among ${assets.join(', ')}`);
  assert.ok(assets.some((f) => /^worker-.*\.js$/.test(f)), 'the widget worker is bundled');
  assert.ok(assets.some((f) => /^widget-.*\.css$/.test(f)), 'widget.css is copied');
  const wasm = assets.find((f) => f.endsWith('.wasm'));
  assert.deepEqual(readFileSync(path.join(built, 'assets', wasm)), readFileSync(path.join(ROOT, 'pkg', 'leadscore_bg.wasm')));
});

/** Opens `url` on `server` and checks the engine's and the widget's counts (and the CSP header when given). */
async function checkPage(server, url, shot, csp, logged) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const logs = [];
  context.on('console', (m) => { if (m.type() === 'log') logs.push(m.text()); });
  const { page, seen } = await openPage(browser, server, { url, csp, context });
  try {
    const want = expectedSample().summary;
    if (logged) {
      for (let waited = 0; logs.length < logged.length && waited < 30_000; waited += 50) await page.waitForTimeout(50);
      assert.deepEqual(logs, logged, 'the console says what the README example prints');
    }
    await page.waitForFunction((tag) => document.querySelector(tag).dataset.summary, TAG, { timeout: 60_000 });
    const engine = JSON.parse(await page.locator('#engine').getAttribute('data-summary'));
    assert.deepEqual(engine, want, 'the engine on the page gives what it gives in Node');
    const widget = JSON.parse(await page.locator(TAG).getAttribute('data-summary'));
    assert.deepEqual(widget, want, "the widget's summary is the engine's");
    for (const key of ['mql', 'nurture', 'disqualified', 'leads']) {
      const shown = await page.locator(`${TAG} [data-count="${key}"] .count-value`).textContent();
      assert.equal(Number(shown.replace(/,/g, '')), want[key], `the widget shows ${key} ${want[key]}`);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, shot) });
    await assertClean(page, seen, [new URL(server.url).origin]);
    return want;
  } finally {
    await context.close();
  }
}

/** The static server (with the page's CSP on HTML) over `root`, for `fn`. */
async function withStatic(root, fn) {
  const server = await startServer({ root, port: 0, host: '127.0.0.1' });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

test('the Vite-built page shows the counts the engine gives, in headless Chromium under the strict CSP', TIMEOUT, async () => {
  assert.ok(built, 'the Vite build ran');
  const want = await withStatic(built, (server) => checkPage(server, '/index.html', 'npm-vite.png', CSP, [readmeMqls()]));
  console.log(`Vite page: ${want.mql} MQL, ${want.nurture} nurture of ${want.leads} leads, as in Node`);
});

test('a page with no bundler loads the installed package by path and shows the same counts', TIMEOUT, async () => {
  await withStatic(app, (server) => checkPage(server, '/plain.html', 'npm-plain.png', CSP));
});

test('vite dev serves the same page with no configuration', TIMEOUT, async () => {
  const { createServer } = await import('vite');
  const dev = await createServer({
    root: app, configFile: false, logLevel: 'warn', cacheDir: path.join(tmp, 'vite-cache'),
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  try {
    await dev.listen();
    const url = dev.resolvedUrls.local[0].replace(/\/$/, '');
    await checkPage({ url }, '/index.html', 'npm-vite-dev.png', undefined, [readmeMqls()]);
  } finally {
    await dev.close();
  }
});
