// The README's Node example runs and prints what the seed model gives:
// ana: ICP title 15 + size 10 + industry 10 + pricing 20 = 55 (MQL);
// bo: too small -30, unsubscribed -20 = -50.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('examples/score.mjs prints the seed model result', () => {
  const script = fileURLToPath(new URL('../../examples/score.mjs', import.meta.url));
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8' });
  assert.match(out, /^leads kept 2 of 2; activities kept 2 of 2$/m);
  assert.match(out, /^MQL 1, nurture 1, disqualified 0$/m);
  assert.match(out, /^scores \[ 55, -50 \]$/m);
  assert.match(out, /^ {2}\+20 {2}Pricing page visit$/m);
  assert.match(out, /^ {2}= 55 \(mql, crossed 2026-11-02T10:00:00Z\)$/m);
});
