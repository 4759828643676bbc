// Histogram bins of the scores by status. No DOM here: the engine worker
// bins at every re-score, so the page gets a few hundred counts per step
// instead of a million scores and statuses to walk on its main thread.

const WIDTHS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000];
const MAX_BINS = 48;
/** Statuses in the engine's order: 0 nurture, 1 mql, 2 disqualified, 3 suppressed, 4 recycled. */
export const STATUS = ['nurture', 'mql', 'disqualified', 'suppressed', 'recycled'];
const K = STATUS.length;

/** Leads per (score - lo, status), kept between calls: one slot per score value. */
let perScore = new Uint32Array(0);

// The two passes over every lead are separate small functions: at 1M leads
// one function with both loops and a division per lead took twice as long.
function range(scores, threshold) {
  let lo = threshold;
  let hi = threshold;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function countPerScore(scores, statuses, lo, into) {
  for (let i = 0; i < scores.length; i++) into[(scores[i] - lo) * K + statuses[i]] += 1;
}

/**
 * The narrowest bin width (from WIDTHS) that covers every score and the
 * threshold in at most MAX_BINS bins; `counts[b * 5 + status]` leads in bin
 * b, which holds scores `start + b * width` to `start + (b + 1) * width - 1`.
 * Also the lead count and the MQL count. Scores are whole numbers.
 */
export function scoreBins(scores, statuses, threshold) {
  const [lo, hi] = range(scores, threshold);
  let width = WIDTHS[WIDTHS.length - 1];
  for (const w of WIDTHS) {
    if ((Math.floor(hi / w) - Math.floor(lo / w) + 1) <= MAX_BINS) {
      width = w;
      break;
    }
  }
  const first = Math.floor(lo / width);
  const n = Math.floor(hi / width) - first + 1;
  const counts = new Uint32Array(n * K);
  const values = hi - lo + 1;
  if (scores.length > values) {
    // Count per score value, then add the values up into bins.
    if (perScore.length < values * K) perScore = new Uint32Array(values * K);
    else perScore.fill(0, 0, values * K);
    countPerScore(scores, statuses, lo, perScore);
    for (let v = 0; v < values; v++) {
      const b = (Math.floor((lo + v) / width) - first) * K;
      for (let k = 0; k < K; k++) counts[b + k] += perScore[v * K + k];
    }
  } else {
    // Few leads over a wide range of scores: bin each lead.
    for (let i = 0; i < scores.length; i++) counts[(Math.floor(scores[i] / width) - first) * K + statuses[i]] += 1;
  }
  let mql = 0;
  for (let b = 0; b < n; b++) mql += counts[b * K + 1];
  return { width, start: first * width, n, counts, leads: scores.length, mql, threshold };
}
