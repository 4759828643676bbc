"""DeLong's paired AUC test, from its definition, against the engine.

The reference builds the m x n kernel psi(X_i, Y_j) (1 if the positive
outranks the negative, 1/2 on a tie, 0 otherwise) explicitly with numpy,
takes the structural components V10 (row means) and V01 (column means),
their sample covariance matrices S10 and S01, and
var(AUC_b - AUC_a) = (S10_aa + S10_bb - 2 S10_ab) / m + (same for S01) / n
(DeLong, DeLong & Clarke-Pearson 1988); the p-value is scipy's normal
survival function. Our numbers come from `cargo run --example delong`.
Every figure must agree to 1e-9. Exits non-zero on any disagreement.
"""

import json
import os
import subprocess
import sys

import numpy as np
from scipy.stats import norm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOL = 1e-9


def reference(a, b, positive):
    positive = np.asarray(positive, dtype=bool)
    out = {}
    comps = []
    for scores in (np.asarray(a, float), np.asarray(b, float)):
        x, y = scores[positive], scores[~positive]
        psi = (x[:, None] > y[None, :]) + 0.5 * (x[:, None] == y[None, :])
        comps.append((psi.mean(axis=1), psi.mean(axis=0)))
    (a10, a01), (b10, b01) = comps
    m, n = len(a10), len(a01)
    s10 = np.cov(np.vstack([a10, b10]))  # ddof = 1
    s01 = np.cov(np.vstack([a01, b01]))
    s = s10 / m + s01 / n
    out["auc_a"], out["auc_b"] = a10.mean(), b10.mean()
    out["var_a"], out["var_b"], out["covariance"] = s[0, 0], s[1, 1], s[0, 1]
    out["difference"] = out["auc_b"] - out["auc_a"]
    var = max(s[0, 0] + s[1, 1] - 2 * s[0, 1], 0.0)
    out["se"] = np.sqrt(var)
    z95 = norm.ppf(0.975)
    out["ci"] = [out["difference"] - z95 * out["se"], out["difference"] + z95 * out["se"]]
    if out["se"] > 1e-12:
        out["z"] = out["difference"] / out["se"]
        out["p_value"] = 2 * norm.sf(abs(out["z"]))
    else:
        out["z"] = out["p_value"] = None
    return out


def cases(rng):
    # Integer scores in a narrow range: many ties, within and across classes.
    for k in range(40):
        size = int(rng.integers(5, 400))
        positive = rng.random(size) < rng.uniform(0.1, 0.6)
        positive[0], positive[1], positive[2], positive[3] = True, True, False, False
        base = rng.normal(0, 1, size) + positive * rng.uniform(0, 1.5)
        a = np.round(base * rng.uniform(2, 15))
        noise = rng.normal(0, rng.uniform(0.1, 2), size)
        b = np.round((base + noise) * rng.uniform(2, 15))
        if k % 10 == 0:
            b = a.copy()  # identical rankings: no variance, no z
        yield {"a": a.tolist(), "b": b.tolist(), "positive": positive.tolist()}
    # Continuous scores too.
    for _ in range(10):
        size = int(rng.integers(20, 300))
        positive = rng.random(size) < 0.3
        positive[:2], positive[2:4] = True, False
        yield {"a": rng.normal(positive * 1.0, 1).tolist(), "b": rng.normal(positive * 0.7, 1).tolist(), "positive": positive.tolist()}


def close(name, ours, ref, where):
    if ref is None or ours is None:
        if ref is not None or ours is not None:
            raise AssertionError(f"{where}: {name} is {ours}, reference {ref}")
        return
    if abs(ours - ref) > TOL:
        raise AssertionError(f"{where}: {name} = {ours!r}, reference {ref!r} (|diff| {abs(ours - ref):.3g})")


def compare(ours, ref, where):
    for key in ("auc_a", "auc_b", "var_a", "var_b", "covariance", "difference", "se", "z", "p_value"):
        close(key, ours[key], ref[key], where)
    close("ci[0]", ours["ci"][0], ref["ci"][0], where)
    close("ci[1]", ours["ci"][1], ref["ci"][1], where)


def example(args, stdin=None):
    cmd = ["cargo", "run", "--quiet", "--example", "delong", "--"] + args
    return subprocess.run(cmd, cwd=ROOT, input=stdin, capture_output=True, text=True, check=True).stdout


def main():
    rng = np.random.default_rng(20261201)
    all_cases = list(cases(rng))
    lines = example([], "\n".join(json.dumps(c) for c in all_cases) + "\n").splitlines()
    assert len(lines) == len(all_cases), (len(lines), len(all_cases))
    checked = 0
    for i, (case, line) in enumerate(zip(all_cases, lines)):
        compare(json.loads(line), reference(case["a"], case["b"], case["positive"]), f"case {i}")
        checked += 1
    # Too few positives: no test, on both sides of the boundary.
    none = example([], json.dumps({"a": [1, 2, 3], "b": [1, 2, 3], "positive": [True, False, False]}) + "\n")
    assert none.strip() == "null", none
    # End to end: the engine's labelled pre-sales scores on generated data.
    for leads, seed in ((3000, 7), (5000, 21)):
        got = json.loads(example(["sample", str(leads), str(seed)]))
        assert got["ours"] is not None and len(got["positive"]) > 100, got.keys()
        compare(got["ours"], reference(got["a"], got["b"], got["positive"]), f"sample {leads}/{seed}")
        checked += 1
        print(f"sample {leads} leads: {len(got['positive'])} labelled, AUC {got['ours']['auc_a']:.4f} -> {got['ours']['auc_b']:.4f}, "
              f"p = {got['ours']['p_value']}")
    print(f"DeLong: {checked} cases agree with the numpy/scipy reference to {TOL}")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
