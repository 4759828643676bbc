//! The statistics behind compare and calibration: AUC (Mann-Whitney, a tie
//! counts half) with DeLong's variance, Wilson intervals for a rate, the
//! log-method interval of a ratio of two rates, and a small ridge-penalised
//! logistic regression (Newton / IRLS). Each is checked against an
//! independent implementation (numpy/scipy, scikit-learn, statsmodels) by
//! `tests/stats/`.
//!
//! The logistic fit is written here rather than taken from a linear-algebra
//! crate: the problems are small (tens of rules, a dense Cholesky of that
//! size) and a crate would cost the wasm far more than these lines.

/// The 97.5% point of the standard normal: 95% two-sided intervals.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The AUCs of two scorings of the same leads and DeLong's paired test of
/// their difference (DeLong, DeLong & Clarke-Pearson 1988).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct DeLong {
    pub auc_a: f64,
    pub auc_b: f64,
    pub var_a: f64,
    pub var_b: f64,
    pub covariance: f64,
    /// auc_b - auc_a.
    pub difference: f64,
    pub se: f64,
    /// `None` when the difference has no variance (identical rankings).
    pub z: Option<f64>,
    pub p_value: Option<f64>,
    /// 95% interval of the difference.
    pub ci: [f64; 2],
}
crate::json_object!(DeLong { auc_a, auc_b, var_a, var_b, covariance, difference, se, z, p_value, ci });

/// Per positive: the share of negatives it outranks (a tie counts half);
/// per negative: the share of positives that outrank it. DeLong's
/// structural components, by sorting instead of the m x n comparison.
fn components(scores: &[f64], positive: &[bool]) -> (Vec<f64>, Vec<f64>) {
    let mut pos: Vec<f64> = scores.iter().zip(positive).filter(|(_, &p)| p).map(|(&s, _)| s).collect();
    let mut neg: Vec<f64> = scores.iter().zip(positive).filter(|(_, &p)| !p).map(|(&s, _)| s).collect();
    let (m, n) = (pos.len() as f64, neg.len() as f64);
    let sorted_neg = crate::sort::numbers(&neg);
    let sorted_pos = crate::sort::numbers(&pos);
    let rank = |sorted: &[f64], x: f64| {
        let below = sorted.partition_point(|&v| v < x);
        let upto = sorted.partition_point(|&v| v <= x);
        (below, upto - below)
    };
    for x in &mut pos {
        let (below, ties) = rank(&sorted_neg, *x);
        *x = (below as f64 + 0.5 * ties as f64) / n;
    }
    for y in &mut neg {
        let (below, ties) = rank(&sorted_pos, *y);
        let above = sorted_pos.len() - below - ties;
        *y = (above as f64 + 0.5 * ties as f64) / m;
    }
    (pos, neg)
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sample covariance (n - 1).
fn cov(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (mean(x), mean(y));
    x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum::<f64>() / (x.len() as f64 - 1.0)
}

/// DeLong's test on scores `a` and `b` of the same leads; `None` unless
/// there are at least two positives and two negatives.
pub fn delong(a: &[f64], b: &[f64], positive: &[bool]) -> Option<DeLong> {
    let m = positive.iter().filter(|&&p| p).count();
    let n = positive.len() - m;
    if m < 2 || n < 2 || a.len() != positive.len() || b.len() != positive.len() {
        return None;
    }
    let (a10, a01) = components(a, positive);
    let (b10, b01) = components(b, positive);
    let (m, n) = (m as f64, n as f64);
    let var_a = cov(&a10, &a10) / m + cov(&a01, &a01) / n;
    let var_b = cov(&b10, &b10) / m + cov(&b01, &b01) / n;
    let covariance = cov(&a10, &b10) / m + cov(&a01, &b01) / n;
    let (auc_a, auc_b) = (mean(&a10), mean(&b10));
    let difference = auc_b - auc_a;
    let var = (var_a + var_b - 2.0 * covariance).max(0.0);
    let se = var.sqrt();
    // Below this the difference is rounding noise, not variance.
    let z = (se > 1e-12).then(|| difference / se);
    Some(DeLong {
        auc_a,
        auc_b,
        var_a,
        var_b,
        covariance,
        difference,
        se,
        z,
        p_value: z.map(|z| erfc(z.abs() / std::f64::consts::SQRT_2)),
        ci: [difference - Z95 * se, difference + Z95 * se],
    })
}

/// The complementary error function to about 1e-15: a series with positive
/// terms below 3, a continued fraction above.
pub fn erfc(x: f64) -> f64 {
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    let two_over_sqrt_pi = std::f64::consts::FRAC_2_SQRT_PI;
    if x < 3.0 {
        // erf x = 2/sqrt(pi) e^(-x^2) sum_k (2x^2)^k x / (1*3*...*(2k+1))
        let (mut term, mut sum, mut k) = (x, x, 0.0);
        while term > sum * 1e-17 {
            k += 1.0;
            term *= 2.0 * x * x / (2.0 * k + 1.0);
            sum += term;
        }
        1.0 - two_over_sqrt_pi * (-x * x).exp() * sum
    } else {
        // erfc x = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
        let mut t = x;
        for k in (1..=120).rev() {
            t = x + f64::from(k) * 0.5 / t;
        }
        two_over_sqrt_pi * 0.5 * (-x * x).exp() / t
    }
}

/// The AUC of `scores` against `positive` (Mann-Whitney: the share of
/// (positive, negative) pairs the positive outranks, a tie counting half),
/// with DeLong's standard error and a 95% interval cut to [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Auc {
    pub value: f64,
    /// `None` with fewer than two positives or two negatives.
    pub se: Option<f64>,
    pub ci: Option<[f64; 2]>,
}

/// `None` unless there is at least one positive and one negative.
pub fn auc(scores: &[f64], positive: &[bool]) -> Option<Auc> {
    let m = positive.iter().filter(|&&p| p).count();
    let n = positive.len() - m;
    if m == 0 || n == 0 || scores.len() != positive.len() {
        return None;
    }
    let (v10, v01) = components(scores, positive);
    let value = mean(&v10);
    let se = (m >= 2 && n >= 2).then(|| (cov(&v10, &v10) / m as f64 + cov(&v01, &v01) / n as f64).max(0.0).sqrt());
    let ci = se.map(|s| [(value - Z95 * s).max(0.0), (value + Z95 * s).min(1.0)]);
    Some(Auc { value, se, ci })
}

/// The 95% Wilson score interval of `k` successes in `n` trials.
pub fn wilson(k: usize, n: usize) -> Option<[f64; 2]> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some([(centre - half).max(0.0), (centre + half).min(1.0)])
}

/// The ratio of two rates, `a / n1` over `c / n0`, with its 95% interval
/// by the log method (Katz): `exp(ln RR +- z sqrt(1/a - 1/n1 + 1/c - 1/n0))`.
/// `None` when either rate is 0 or has no leads (no finite log).
pub fn rate_ratio(a: usize, n1: usize, c: usize, n0: usize) -> Option<(f64, [f64; 2])> {
    if a == 0 || c == 0 || n1 == 0 || n0 == 0 {
        return None;
    }
    let (a, n1, c, n0) = (a as f64, n1 as f64, c as f64, n0 as f64);
    let rr = (a / n1) / (c / n0);
    let se = (1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n0).max(0.0).sqrt();
    Some((rr, [(rr.ln() - Z95 * se).exp(), (rr.ln() + Z95 * se).exp()]))
}

/// A sparse design matrix: row `i` has `val[k]` in column `idx[k]` for `k`
/// in `start[i]..start[i + 1]` (every other column 0).
#[derive(Clone, Debug, Default)]
pub struct Design {
    pub columns: usize,
    pub start: Vec<u32>,
    pub idx: Vec<u32>,
    pub val: Vec<f32>,
}

impl Design {
    pub fn new(columns: usize) -> Design {
        Design { columns, start: vec![0], idx: Vec::new(), val: Vec::new() }
    }

    /// Appends a row of `(column, value)` pairs (zeros may be left out).
    pub fn push_row(&mut self, row: impl IntoIterator<Item = (u32, f32)>) {
        for (j, v) in row {
            if v != 0.0 {
                self.idx.push(j);
                self.val.push(v);
            }
        }
        self.start.push(self.idx.len() as u32);
    }

    pub fn rows(&self) -> usize {
        self.start.len() - 1
    }

    pub fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (s, e) = (self.start[i] as usize, self.start[i + 1] as usize);
        self.idx[s..e].iter().zip(&self.val[s..e]).map(|(&j, &v)| (j as usize, f64::from(v)))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogisticFit {
    pub intercept: f64,
    pub coef: Vec<f64>,
    pub iterations: u32,
    pub converged: bool,
}

/// Maximises `sum(y ln p + (1 - y) ln(1 - p)) - lambda / 2 * |coef|^2`
/// (the intercept is not penalised) by Newton's method with step halving:
/// the objective of scikit-learn's `LogisticRegression(C = 1 / lambda)`,
/// and with `lambda = 0` the maximum-likelihood fit of statsmodels' Logit.
pub fn logistic(x: &Design, y: &[bool], lambda: f64) -> LogisticFit {
    let p = x.columns + 1; // column 0: the intercept
    let n = x.rows();
    let mut beta = vec![0.0; p];
    let positives = y.iter().filter(|&&v| v).count() as f64;
    if n > 0 && positives > 0.0 && positives < n as f64 {
        beta[0] = (positives / (n as f64 - positives)).ln();
    }
    let eta = |beta: &[f64], i: usize| beta[0] + x.row(i).map(|(j, v)| beta[j + 1] * v).sum::<f64>();
    let objective = |beta: &[f64]| {
        let mut ll = 0.0;
        for (i, &yi) in y.iter().enumerate().take(n) {
            let e = eta(beta, i);
            // ln(1 + e^e) without overflow.
            let soft = if e > 0.0 { e + (1.0 + (-e).exp()).ln() } else { (1.0 + e.exp()).ln() };
            ll += if yi { e - soft } else { -soft };
        }
        ll - 0.5 * lambda * beta[1..].iter().map(|b| b * b).sum::<f64>()
    };
    let mut current = objective(&beta);
    let (mut iterations, mut converged) = (0, false);
    let mut h = vec![0.0; p * p];
    let mut g = vec![0.0; p];
    while iterations < 100 {
        iterations += 1;
        h.iter_mut().for_each(|v| *v = 0.0);
        g.iter_mut().for_each(|v| *v = 0.0);
        for (i, &yi) in y.iter().enumerate().take(n) {
            let mu = 1.0 / (1.0 + (-eta(&beta, i)).exp());
            let w = mu * (1.0 - mu);
            let r = f64::from(u8::from(yi)) - mu;
            g[0] += r;
            h[0] += w;
            // Plain slices: this double loop is the whole cost of a fit.
            let (s, e) = (x.start[i] as usize, x.start[i + 1] as usize);
            let (idx, val) = (&x.idx[s..e], &x.val[s..e]);
            for (a, (&j, &v)) in idx.iter().zip(val).enumerate() {
                let (j, v) = (j as usize + 1, f64::from(v));
                g[j] += r * v;
                h[j] += w * v;
                let wv = w * v;
                for (&k, &u) in idx[..=a].iter().zip(&val[..=a]) {
                    let k = k as usize + 1;
                    // Lower triangle whatever the order within the row.
                    let at = if k <= j { j * p + k } else { k * p + j };
                    h[at] += wv * f64::from(u);
                }
            }
        }
        for j in 1..p {
            g[j] -= lambda * beta[j];
            h[j * p + j] += lambda;
            h[j * p] = h[j];
        }
        let Some(step) = solve(&mut h, &g, p) else { break };
        let mut t = 1.0;
        let mut next: Vec<f64>;
        loop {
            next = beta.iter().zip(&step).map(|(b, s)| b + t * s).collect();
            let value = objective(&next);
            if value >= current - 1e-12 * current.abs() || t < 1e-6 {
                current = value;
                break;
            }
            t *= 0.5;
        }
        let change = step.iter().map(|s| (t * s).abs()).fold(0.0, f64::max);
        beta = next;
        if change < 1e-9 {
            converged = true;
            break;
        }
    }
    LogisticFit { intercept: beta[0], coef: beta[1..].to_vec(), iterations, converged }
}

/// Solves `H s = g` for a symmetric positive definite `H` (its lower
/// triangle filled, row-major `p x p`) by Cholesky; a tiny ridge is added
/// when `H` is singular (a rule no lead has, with no penalty).
fn solve(h: &mut [f64], g: &[f64], p: usize) -> Option<Vec<f64>> {
    let original = h.to_vec();
    for jitter in [0.0, 1e-10, 1e-6] {
        h.copy_from_slice(&original);
        for j in 0..p {
            h[j * p + j] += jitter * (1.0 + original[j * p + j]);
        }
        if cholesky(h, p) {
            // L y = g, then L' s = y.
            let mut s = g.to_vec();
            for i in 0..p {
                for k in 0..i {
                    s[i] -= h[i * p + k] * s[k];
                }
                s[i] /= h[i * p + i];
            }
            for i in (0..p).rev() {
                for k in i + 1..p {
                    s[i] -= h[k * p + i] * s[k];
                }
                s[i] /= h[i * p + i];
            }
            return Some(s);
        }
    }
    None
}

/// In place: the lower triangle of `a` becomes L with `a = L L'`.
fn cholesky(a: &mut [f64], p: usize) -> bool {
    for j in 0..p {
        let mut d = a[j * p + j];
        for k in 0..j {
            d -= a[j * p + k] * a[j * p + k];
        }
        if d <= 0.0 || !d.is_finite() {
            return false;
        }
        let d = d.sqrt();
        a[j * p + j] = d;
        for i in j + 1..p {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= a[i * p + k] * a[j * p + k];
            }
            a[i * p + j] = s / d;
        }
    }
    true
}
