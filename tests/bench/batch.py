#!/usr/bin/env python3
"""Batch benchmark, in one run on the same generated CSV files: the native
CLI (`leadscore score`), the wasm engine in Node (pkg/, the page's engine)
and DuckDB running the SQL that `leadscore sql --dialect duckdb` writes.
Each is one process measured by /usr/bin/time -v (wall time, peak
resident memory). The CLI's and DuckDB's results are then compared lead by
lead (score, fit, behavior, status, instant).

Usage: python3 tests/bench/batch.py [LEADS=1000000] [ACTIVITIES_PER_LEAD=10]
Not a test: .ci/test does not run it. Files go to .bench/batch/.
"""
import csv
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LEADS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
PER = int(sys.argv[2]) if len(sys.argv) > 2 else 10
DIR = os.path.join(ROOT, ".bench", "batch")
CLI = os.path.join(ROOT, "target", "release", "leadscore")

csv.field_size_limit(1 << 30)


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def timed(name, cmd):
    """Runs cmd under /usr/bin/time -v: (seconds, peak MB, ok, stderr tail)."""
    start = time.time()
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.time() - start
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    peak = int(rss.group(1)) / 1024 if rss else float("nan")
    tail = "\n".join(l for l in r.stderr.splitlines() if not l.startswith("\t"))[-600:]
    print(f"  {name}: {'ok' if r.returncode == 0 else 'FAILED (exit %d)' % r.returncode}, {wall:.1f} s, peak {peak:,.0f} MB")
    return wall, peak, r.returncode == 0, tail


NODE = r"""
import { readFileSync, writeFileSync } from 'node:fs';
import { initSync, Workspace } from '../pkg/leadscore.js';
initSync({ module: readFileSync('./pkg/leadscore_bg.wasm') });
const [leads, acts, model, asOf, out] = process.argv.slice(2);
const ws = new Workspace();
ws.setModel(readFileSync(model, 'utf8'));
ws.importLeads(readFileSync(leads));
ws.importActivities(readFileSync(acts));
ws.score(asOf);
writeFileSync(out, ws.scoredCsv());
"""

DUCK = r"""
import sys, duckdb
leads, acts, sql_path, out = sys.argv[1:]
con = duckdb.connect()
for t, p in (("leads", leads), ("activities", acts)):
    con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_csv('{p}', header = true, all_varchar = true, "
                "delim = ',', quote = '\"', escape = '\"')")
con.execute(f"COPY ({open(sql_path).read()}) TO '{out}' (HEADER, DELIMITER ',')")
"""


def first_columns(path, n=6):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        return {row[0]: tuple(row[1:n]) for row in r}


def main():
    os.makedirs(DIR, exist_ok=True)
    print(f"batch benchmark: {LEADS:,} leads, {PER} activities each ({LEADS * PER:,})")
    sh(["cargo", "build", "--release", "--quiet", "--bin", "leadscore"])
    sh(["cargo", "build", "--release", "--quiet", "--example", "bench_files"])
    t = time.time()
    as_of = subprocess.run([os.path.join(ROOT, "target", "release", "examples", "bench_files"), DIR, str(LEADS), str(PER)],
                           check=True, capture_output=True, text=True).stdout.strip()
    leads, acts, model = (os.path.join(DIR, f) for f in ("leads.csv", "activities.csv", "model.json"))
    size = os.path.getsize(leads) + os.path.getsize(acts)
    print(f"  generated in {time.time() - t:.1f} s: leads.csv {os.path.getsize(leads) / 1e6:,.0f} MB, "
          f"activities.csv {os.path.getsize(acts) / 1e6:,.0f} MB, as of {as_of}")
    sql = os.path.join(DIR, "duckdb.sql")
    sh([CLI, "sql", "--model", model, "--dialect", "duckdb", "--as-of", as_of, "--out", sql])
    node_js = os.path.join(ROOT, ".bench", "batch-node.mjs")
    open(node_js, "w").write(NODE)
    duck_py = os.path.join(DIR, "duck.py")
    open(duck_py, "w").write(DUCK)
    out_cli, out_wasm, out_duck = (os.path.join(DIR, f) for f in ("cli.csv", "wasm.csv", "duckdb.csv"))
    rows = []
    rows.append(("native CLI (leadscore score, scored CSV)",
                 *timed("cli", [CLI, "score", "--quiet", "--leads", leads, "--activities", acts, "--model", model,
                                "--as-of", as_of, "--out", out_cli])))
    rows.append(("wasm engine in Node 20 (pkg/, scored CSV)",
                 *timed("wasm", ["node", "--max-old-space-size=8192", node_js, leads, acts, model, as_of, out_wasm])))
    rows.append((f"DuckDB {__import__('duckdb').__version__} running the generated SQL over the CSV files",
                 *timed("duckdb", [sys.executable, duck_py, leads, acts, sql, out_duck])))
    print()
    print(f"| {LEADS:,} leads + {LEADS * PER:,} activities ({size / 1e6:,.0f} MB of CSV) | wall time | peak memory |")
    print("|---|---|---|")
    for name, wall, peak, ok, tail in rows:
        print(f"| {name} | {wall:,.1f} s | {peak:,.0f} MB |" if ok else f"| {name} | failed: {tail.splitlines()[-1] if tail else '?'} | {peak:,.0f} MB |")
    if rows[0][3] and rows[2][3]:
        a, b = first_columns(out_cli), first_columns(out_duck)
        same = sum(1 for k, v in a.items() if b.get(k) == v)
        print(f"\nCLI vs DuckDB: {len(a):,} and {len(b):,} leads; {same:,} identical in score, fit, behavior, status, instant")
        if same != len(a) or len(a) != len(b):
            print("DIFFERENCES FOUND")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
