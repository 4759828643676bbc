// Streaming import benchmark in Node: for 100k leads / 2M activities and
// 1M / 10M (or the sizes given), the input bytes, the streaming import's
// time and MB/s beside the ceiling (the csv crate merely reading the same
// bytes, in wasm, in the same run), wasm memory after the import as a ratio
// of the input, and a fresh module's lead import with and without the file
// size (the room reserved up front) beside a warm one.
//
//   flock /tmp/leadscore-cpu.lock node tests/bench/streaming.mjs [LEADS:PER_LEAD ...]
//
// Builds the files with `cargo run --release --example bench_files` and a
// bench-only wasm (`--features bench`, exporting benchCsvRead) into
// target/bench-pkg/; the shipped pkg/ is what is measured. Every run is in
// its own worker thread, so each module starts fresh. When
// target/main-pkg/ holds main's pkg (git show MAIN:pkg/leadscore.js and
// leadscore_bg.wasm), its one-shot imports are measured too, as "before".
// Not a test.
import { execFileSync } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHUNK = 1 << 20;

/** Feeds a file to `fn` in CHUNK-byte pieces; returns its size. */
function chunks(path, fn) {
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(CHUNK);
  let total = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) break;
    fn(buf.subarray(0, n));
    total += n;
  }
  closeSync(fd);
  return total;
}

async function load(dir) {
  const glue = await import(pathToFileURL(`${root}${dir}/leadscore.js`).href);
  const wasm = glue.initSync({ module: readFileSync(`${root}${dir}/leadscore_bg.wasm`) });
  return { glue, wasm };
}

async function run({ mode, leads, activities }) {
  if (mode === 'ceiling') {
    const { glue } = await load('target/bench-pkg');
    const t = performance.now();
    let fields = 0;
    // 16 MiB pieces: the csv crate reads each whole, as fast as it can.
    const big = (path) => {
      const fd = openSync(path, 'r');
      const buf = new Uint8Array(16 << 20);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        fields += glue.benchCsvRead(buf.subarray(0, n));
      }
      closeSync(fd);
    };
    big(leads);
    big(activities);
    return { ms: performance.now() - t, fields };
  }
  if (mode === 'oneshot') {
    // The whole files as bytes through importLeads / importActivities, in
    // `dir` (pkg/, or target/main-pkg/: main before streaming).
    const { glue, wasm } = await load(workerData.dir);
    const ws = new glue.Workspace();
    const lb = new Uint8Array(readFileSync(leads));
    let t = performance.now();
    ws.importLeads(lb);
    const fresh = performance.now() - t;
    t = performance.now();
    ws.importLeads(lb);
    const warm = performance.now() - t;
    const ab = new Uint8Array(readFileSync(activities));
    t = performance.now();
    ws.importActivities(ab);
    return { fresh, warm, activities: performance.now() - t, memory: wasm.memory.buffer.byteLength };
  }
  const { glue, wasm } = await load('pkg');
  const ws = new glue.Workspace();
  const stream = (kind, path, hint) => {
    const t = performance.now();
    ws.beginImport(kind, undefined, undefined, hint ? statSync(path).size : undefined);
    chunks(path, (c) => ws.feed(c));
    const r = ws.finishImport();
    return { ms: performance.now() - t, kept: r.kept };
  };
  if (mode === 'import') {
    const l = stream('leads', leads, true);
    const a = stream('activities', activities, true);
    const t = performance.now();
    const s = ws.score('2026-11-20T12:00:00Z');
    return { leads: l, activities: a, scoreMs: performance.now() - t, mql: s.mql, memory: wasm.memory.buffer.byteLength, held: ws.memoryHeld };
  }
  // mode 'fresh': the lead file on a fresh module, with or without its size, then warm.
  const fresh = stream('leads', leads, workerData.hint);
  const warm = stream('leads', leads, workerData.hint);
  return { fresh: fresh.ms, warm: warm.ms };
}

if (!isMainThread) {
  parentPort.postMessage(await run(workerData));
} else {
  const sizes = process.argv.slice(2).length ? process.argv.slice(2) : ['100000:20', '1000000:10'];
  const inWorker = (data) => new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    w.once('message', resolve);
    w.once('error', reject);
  });
  if (!existsSync(`${root}target/bench-pkg/leadscore_bg.wasm`)) {
    console.error('building the bench-only wasm (.ci/build-pkg --bench) into target/bench-pkg/');
    // Built as pkg/ is (.ci/build-pkg --bench), so the ceiling is the csv
    // crate as the shipped module's build compiles it.
    execFileSync('bash', ['.ci/build-pkg', '--bench'], { cwd: root, stdio: 'inherit' });
  }
  const mbs = (bytes, ms) => (bytes / 1e6 / (ms / 1e3)).toFixed(1);
  for (const size of sizes) {
    const [n, per] = size.split(':').map(Number);
    const dir = `${root}.bench/stream-${n}-${per}`;
    const leads = `${dir}/leads.csv`;
    const activities = `${dir}/activities.csv`;
    if (!existsSync(activities)) {
      console.error(`generating ${n} leads, ${n * per} activities in ${dir}`);
      execFileSync('cargo', ['run', '--release', '--quiet', '--example', 'bench_files', '--', dir, String(n), String(per)], { cwd: root, stdio: 'inherit' });
    }
    const lb = statSync(leads).size;
    const ab = statSync(activities).size;
    const input = lb + ab;
    const imp = await inWorker({ mode: 'import', leads, activities });
    const ceiling = await inWorker({ mode: 'ceiling', leads, activities });
    const noHint = await inWorker({ mode: 'fresh', leads, activities, hint: false });
    const hint = await inWorker({ mode: 'fresh', leads, activities, hint: true });
    const main = existsSync(`${root}target/main-pkg/leadscore_bg.wasm`) ? await inWorker({ mode: 'oneshot', leads, activities, dir: 'target/main-pkg' }) : null;
    const now = await inWorker({ mode: 'oneshot', leads, activities, dir: 'pkg' });
    const importMs = imp.leads.ms + imp.activities.ms;
    console.log(`\n${n.toLocaleString('en-US')} leads, ${(n * per).toLocaleString('en-US')} activities (Node ${process.version})`);
    console.log(`  input                       ${(lb / 1e6).toFixed(1)} MB leads + ${(ab / 1e6).toFixed(1)} MB activities = ${(input / 1e6).toFixed(1)} MB`);
    console.log(`  streaming import (1 MiB)    ${(importMs / 1e3).toFixed(2)} s  ${mbs(input, importMs)} MB/s  (leads ${(imp.leads.ms / 1e3).toFixed(2)} s ${mbs(lb, imp.leads.ms)} MB/s, activities ${(imp.activities.ms / 1e3).toFixed(2)} s ${mbs(ab, imp.activities.ms)} MB/s)`);
    console.log(`  ceiling: csv crate reading  ${(ceiling.ms / 1e3).toFixed(2)} s  ${mbs(input, ceiling.ms)} MB/s`);
    console.log(`  import / ceiling            ${(100 * ceiling.ms / importMs).toFixed(0)}% of the ceiling's throughput`);
    console.log(`  kept                        ${imp.leads.kept} leads, ${imp.activities.kept} activities; score ${(imp.scoreMs / 1e3).toFixed(2)} s, ${imp.mql} MQL`);
    console.log(`  wasm memory after import    ${(imp.memory / 1e6).toFixed(0)} MB = ${(imp.memory / input).toFixed(2)}x the input (estimate held: ${(imp.held / 1e6).toFixed(0)} MB)`);
    console.log(`  lead file, fresh module     no size given ${(noHint.fresh / 1e3).toFixed(2)} s, size given (room reserved) ${(hint.fresh / 1e3).toFixed(2)} s`);
    for (const [name, o] of [['main (before)', main], ['this branch', now]]) {
      if (!o) continue;
      console.log(`  one-shot, ${name.padEnd(16)} leads fresh ${(o.fresh / 1e3).toFixed(2)} s, warm ${(o.warm / 1e3).toFixed(2)} s; activities ${(o.activities / 1e3).toFixed(2)} s ${mbs(ab, o.activities)} MB/s; memory ${(o.memory / 1e6).toFixed(0)} MB`);
    }
    console.log(`  lead file, warm module      no size given ${(noHint.warm / 1e3).toFixed(2)} s, size given ${(hint.warm / 1e3).toFixed(2)} s`);
  }
}
