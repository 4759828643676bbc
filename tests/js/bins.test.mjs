// The histogram's bins (www/ui/bins.js, counted in the engine worker)
// against binning each lead on its own, on both of its paths: many leads
// over few score values (counted per value, then added up) and few leads
// over a wide range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreBins } from '../../www/ui/bins.js';

function direct(scores, statuses, bins) {
  const out = new Uint32Array(bins.n * 5);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.floor((scores[i] - bins.start) / bins.width);
    assert.ok(b >= 0 && b < bins.n, `score ${scores[i]} outside the bins`);
    out[b * 5 + statuses[i]] += 1;
  }
  return out;
}

function random(seed) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

test('bins equal binning each lead, MQL count equals the statuses', () => {
  const cases = [
    [20_000, -60, 200, 54],
    [5_000, 0, 30, 50], // the threshold outside the scores
    [3, -500, 4_000, 10], // few leads, wide range
    [1, 7, 7, 7],
    [0, 0, 0, 50],
    [50_000, -90_000, 90_000, 0],
  ];
  for (const [n, lo, hi, threshold] of cases) {
    const r = random(n + hi);
    const scores = new Int32Array(n);
    const statuses = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      scores[i] = lo + Math.floor(r() * (hi - lo + 1));
      statuses[i] = Math.floor(r() * 5);
    }
    const bins = scoreBins(scores, statuses, threshold);
    assert.deepEqual([...bins.counts], [...direct(scores, statuses, bins)], `case ${[n, lo, hi, threshold]}`);
    assert.ok(bins.n <= 48 || bins.width === 1000, `${bins.n} bins of ${bins.width}`);
    assert.ok(bins.start <= Math.min(threshold, ...scores) && bins.start + bins.n * bins.width > Math.max(threshold, ...scores));
    assert.equal(bins.leads, n);
    assert.equal(bins.mql, statuses.filter((s) => s === 1).length);
  }
});

test('the narrowest width that fits: scores 0 to 47 in bins of 1, 0 to 48 in bins of 2', () => {
  assert.equal(scoreBins(Int32Array.from([0, 47]), new Uint8Array(2), 10).width, 1);
  assert.equal(scoreBins(Int32Array.from([0, 48]), new Uint8Array(2), 10).width, 2);
});
