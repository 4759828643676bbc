// Wasm memory after each step of a streamed import (1 MiB chunks, file
// size given): leads, then activities, then a score, with memoryHeld (the
// import's own estimate). memory.buffer.byteLength is the high-water mark:
// wasm memory never shrinks. Not a test.
//
//   flock /tmp/leadscore-cpu.lock node --max-old-space-size=4096 tests/bench/memory.mjs [PKG_DIR] [DATA_DIR]
//
// PKG_DIR defaults to pkg/, DATA_DIR to .bench/stream-1000000-10 (written by
// tests/bench/streaming.mjs 1000000:10); any two of leads.csv and activities.csv.
// With PKG_DIR = target/bench-pkg (the `--features bench` build of
// tests/bench/streaming.mjs) it also prints what the allocator held and its
// high-water mark in each step, to tell real peaks from the allocator's slack.
import { openSync, readSync, closeSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const root = new URL('../../', import.meta.url).pathname;
const [pkg = `${root}pkg`, dir = `${root}.bench/stream-1000000-10`] = process.argv.slice(2);
const glue = await import(pathToFileURL(`${pkg}/leadscore.js`).href);
const wasm = glue.initSync({ module: readFileSync(`${pkg}/leadscore_bg.wasm`) });
const ws = new glue.Workspace();
const mb = (b) => (b / 1e6).toFixed(0);
const alloc = () => {
  if (!glue.benchAllocStats) return '';
  const [held, peak] = glue.benchAllocStats();
  return `; allocator held ${mb(held)} MB, high-water in the step ${mb(peak)} MB`;
};
let input = 0;
function stream(kind, path) {
  const t = performance.now();
  const size = statSync(path).size;
  input += size;
  ws.beginImport(kind, undefined, undefined, size);
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(1 << 20);
  for (;;) { const n = readSync(fd, buf, 0, buf.length, null); if (!n) break; ws.feed(buf.subarray(0, n)); }
  closeSync(fd);
  const r = ws.finishImport();
  console.log(`${kind}: ${mb(size)} MB, ${((performance.now() - t) / 1e3).toFixed(2)} s, kept ${r.kept}; memory ${mb(wasm.memory.buffer.byteLength)} MB, held ${mb(ws.memoryHeld)} MB${alloc()}`);
}
stream('leads', `${dir}/leads.csv`);
stream('activities', `${dir}/activities.csv`);
const t = performance.now();
const s = ws.score('2026-11-20T12:00:00Z');
console.log(`score ${((performance.now() - t) / 1e3).toFixed(2)} s, ${s.mql} MQL; memory ${mb(wasm.memory.buffer.byteLength)} MB = ${(wasm.memory.buffer.byteLength / input).toFixed(2)}x input ${mb(input)} MB; held ${mb(ws.memoryHeld)} MB${alloc()}`);
