"""The calibration statistics against independent implementations.

- AUC (a tie counts half): scikit-learn's roc_auc_score; its DeLong
  standard error: the explicit m x n kernel in numpy (as delong_check.py).
- Wilson 95% interval: statsmodels' proportion_confint(method="wilson").
- Ratio of two rates with its 95% log-method interval: statsmodels'
  Table2x2.riskratio and riskratio_confint(method="normal").
- The logistic fit: statsmodels' Logit (maximum likelihood, lambda = 0) and
  scikit-learn's LogisticRegression(C = 1 / lambda, newton-cholesky) with
  the ridge penalty.
- End to end, the calibration report of the seed model on generated data:
  every band's interval, the AUC, each rule's lift and the coefficients
  behind the suggested points, recomputed from the labelled leads.

Our numbers come from `cargo run --example calibration_stats`. Exits
non-zero on any disagreement.
"""

import json
import os
import subprocess
import sys
import warnings

import numpy as np
from scipy.stats import norm
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
import statsmodels.api as sm
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.proportion import proportion_confint

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOL = 1e-9
Z95 = norm.ppf(0.975)


def close(name, ours, ref, tol=TOL):
    if ref is None or ours is None:
        if ref is not None or ours is not None:
            raise AssertionError(f"{name}: ours {ours}, reference {ref}")
        return
    if abs(ours - ref) > tol * max(1.0, abs(ref)):
        raise AssertionError(f"{name}: ours {ours!r}, reference {ref!r} (|diff| {abs(ours - ref):.3g})")


def delong_se(scores, positive):
    scores, positive = np.asarray(scores, float), np.asarray(positive, bool)
    x, y = scores[positive], scores[~positive]
    psi = (x[:, None] > y[None, :]) + 0.5 * (x[:, None] == y[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    if len(v10) < 2 or len(v01) < 2:
        return None
    return np.sqrt(np.var(v10, ddof=1) / len(v10) + np.var(v01, ddof=1) / len(v01))


def example(args, stdin=None):
    cmd = ["cargo", "run", "--quiet", "--example", "calibration_stats", "--"] + args
    return subprocess.run(cmd, cwd=ROOT, input=stdin, capture_output=True, text=True, check=True).stdout


def auc_cases(rng):
    for k in range(30):
        n = int(rng.integers(4, 400))
        positive = rng.random(n) < rng.uniform(0.1, 0.7)
        positive[0], positive[1] = True, False
        base = rng.normal(0, 1, n) + positive * rng.uniform(0, 2)
        scores = np.round(base * rng.uniform(1, 12)) if k % 3 else base  # ties in most
        if k == 0:
            scores = np.zeros(n)  # all ties
        yield {"auc": {"scores": scores.tolist(), "positive": positive.tolist()}}


def wilson_cases(rng):
    for n in (1, 2, 5, 10, 29, 30, 100, 1000, 12345):
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            if 0 <= k <= n:
                yield {"wilson": [k, n]}


def ratio_cases(rng):
    for _ in range(40):
        n1, n0 = int(rng.integers(1, 2000)), int(rng.integers(1, 2000))
        a, c = int(rng.integers(1, n1 + 1)), int(rng.integers(1, n0 + 1))
        yield {"ratio": [a, n1, c, n0]}
    yield {"ratio": [5, 5, 3, 10]}  # a rate of 1 on one side


def logistic_cases(rng):
    for k in range(16):
        n, p = int(rng.integers(150, 1500)), int(rng.integers(1, 9))
        cols = []
        for j in range(p):
            kind = (j + k) % 3
            if kind == 0:
                cols.append((rng.random(n) < rng.uniform(0.1, 0.6)).astype(float))  # a rule's hit
            elif kind == 1:
                cols.append(rng.integers(0, 4, n).astype(float))  # an "each" rule's count
            else:
                cols.append(rng.normal(0, 1, n).astype(np.float32).astype(float))
        x = np.column_stack(cols)
        beta = rng.normal(0, 0.8, p)
        y = rng.random(n) < 1 / (1 + np.exp(-(x @ beta - 0.5)))
        yield {"logistic": {"x": x.tolist(), "y": y.tolist(), "lambda": 0.0 if k % 2 == 0 else float(rng.choice([0.5, 1.0, 4.0]))}}


def ref_logistic(x, y, lam):
    x, y = np.asarray(x, float), np.asarray(y, float)
    if lam == 0:
        res = sm.Logit(y, sm.add_constant(x, has_constant="add")).fit(method="newton", tol=1e-12, maxiter=200, disp=0)
        return res.params[0], res.params[1:], "statsmodels Logit"
    clf = LogisticRegression(C=1.0 / lam, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(x, y)
    return clf.intercept_[0], clf.coef_[0], "scikit-learn LogisticRegression"


def check_case(case, ours, where):
    if "auc" in case:
        c = case["auc"]
        s, pos = np.asarray(c["scores"]), np.asarray(c["positive"])
        close(f"{where} auc", ours["value"], roc_auc_score(pos, s))
        se = delong_se(s, pos)
        close(f"{where} se", ours["se"], se)
        if se is not None:
            close(f"{where} ci low", ours["ci"][0], max(0.0, ours["value"] - Z95 * se))
    elif "wilson" in case:
        k, n = case["wilson"]
        lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
        close(f"{where} low", ours[0], lo)
        close(f"{where} high", ours[1], hi)
    elif "ratio" in case:
        a, n1, c, n0 = case["ratio"]
        t = Table2x2(np.array([[a, n1 - a], [c, n0 - c]]), shift_zeros=False)
        close(f"{where} ratio", ours[0], t.riskratio)
        lo, hi = t.riskratio_confint(alpha=0.05, method="normal")
        close(f"{where} low", ours[1][0], lo)
        close(f"{where} high", ours[1][1], hi)
    else:
        c = case["logistic"]
        b0, b, who = ref_logistic(c["x"], c["y"], c["lambda"])
        assert ours["converged"], f"{where}: did not converge"
        tol = 1e-6
        close(f"{where} intercept vs {who}", ours["intercept"], b0, tol)
        for j, (o, r) in enumerate(zip(ours["coef"], b)):
            close(f"{where} coef[{j}] vs {who} (lambda {c['lambda']})", o, r, tol)


def check_sample(leads, seed):
    got = json.loads(example(["sample", str(leads), str(seed)]))
    rep = got["report"]
    scores, pos = np.asarray(got["scores"]), np.asarray(got["positive"], bool)
    hit, inputs = np.asarray(got["hit"], bool), np.asarray(got["inputs"], float)
    assert len(scores) == rep["population"]["labelled"] > 100
    where = f"sample {leads}/{seed}"
    close(f"{where} auc", rep["auc"]["value"], roc_auc_score(pos, scores))
    close(f"{where} auc se", rep["auc"]["se"], delong_se(scores, pos))
    w = rep["band_width"]
    for band in rep["bands"]:
        inside = (scores >= band["lo"]) & (scores < band["hi"])
        assert band["leads"] == inside.sum() and band["positive"] == (inside & pos).sum(), band
        if band["leads"]:
            lo, hi = proportion_confint(band["positive"], band["leads"], method="wilson")
            close(f"{where} band {band['lo']} low", band["ci"][0], lo)
            close(f"{where} band {band['lo']} high", band["ci"][1], hi)
    assert sum(b["leads"] for b in rep["bands"]) == len(scores) and all(b["hi"] - b["lo"] == w for b in rep["bands"])
    for j, rule in enumerate(rep["rules"]):
        h = hit[:, j]
        a, n1, c, n0 = (h & pos).sum(), h.sum(), (~h & pos).sum(), (~h).sum()
        assert (rule["with"]["leads"], rule["with"]["positive"], rule["without"]["leads"]) == (n1, a, n0), rule
        if a and c and n1 and n0:
            t = Table2x2(np.array([[a, n1 - a], [c, n0 - c]]), shift_zeros=False)
            close(f"{where} lift {rule['id']}", rule["lift"], t.riskratio)
            lo, hi = t.riskratio_confint(method="normal")
            close(f"{where} lift {rule['id']} low", rule["lift_ci"][0], lo)
            close(f"{where} lift {rule['id']} high", rule["lift_ci"][1], hi)
    # The coefficients behind the suggested points: ridge logistic on the rules' inputs.
    b0, b, who = ref_logistic(inputs, pos, 1.0)
    coefs = [p["coefficient"] for p in rep["suggested"]["points"] if p["coefficient"] is not None]
    for o, r, p in zip(coefs, b, rep["suggested"]["points"]):
        close(f"{where} coefficient {p['id']} vs {who}", o, r, 1e-6)
    print(f"{where}: {len(scores)} labelled, AUC {rep['auc']['value']:.4f} (sklearn {roc_auc_score(pos, scores):.4f}), "
          f"{len(rep['bands'])} bands, {len(rep['rules'])} lifts, {len(coefs)} coefficients agree")


def main():
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(20261202)
    cases = list(auc_cases(rng)) + list(wilson_cases(rng)) + list(ratio_cases(rng)) + list(logistic_cases(rng))
    lines = example([], "\n".join(json.dumps(c) for c in cases) + "\n").splitlines()
    assert len(lines) == len(cases), (len(lines), len(cases))
    kinds = {}
    for i, (case, line) in enumerate(zip(cases, lines)):
        kind = next(iter(case))
        check_case(case, json.loads(line), f"case {i} ({kind})")
        kinds[kind] = kinds.get(kind, 0) + 1
    # No AUC with one class; no ratio with a zero rate.
    assert example([], json.dumps({"auc": {"scores": [1, 2], "positive": [True, True]}}) + "\n").strip() == "null"
    assert example([], json.dumps({"ratio": [0, 10, 3, 10]}) + "\n").strip() == "null"
    for leads, seed in ((3000, 7), (6000, 21)):
        check_sample(leads, seed)
    print("calibration statistics agree with scikit-learn / statsmodels: " + ", ".join(f"{v} {k}" for k, v in kinds.items()))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
