#!/usr/bin/env python3
"""Runs the SQL that modelSql writes on real engines and compares every
column of every lead with what the Leadscore engine computed.

Input: the folder written by `cargo run --example sql_cases -- DIR`; each
case has leads.csv, activities.csv, <dialect>.sql, expected.csv and
case.json ("typed": load sizes and pageviews as BIGINT and times as
TIMESTAMP instead of text).

Engines: DuckDB (Python package), PostgreSQL (a throwaway cluster started
here under /tmp, Unix socket only), Spark SQL (pyspark, local mode, one
session for all cases). BigQuery and Snowflake cannot run here: their SQL
is parsed by sqlglot in their dialects.

Exit status 1 on any difference or error. Usage:
    python3 tests/sql/engines.py DIR [--engines duckdb,postgres,spark,sqlglot]
"""
import csv
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TYPED_INT = {"company_size", "Number of Pageviews"}
TYPED_TIME = {"created_at", "rejected_at", "first_contact_at", "timestamp"}


def header(path):
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def expected_rows(case):
    out = {}
    with open(os.path.join(case, "expected.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[r["id"]] = (int(r["score"]), int(r["fit"]), int(r["behavior"]), r["status"], r["instant"] == "true")
    return out


def as_bool(v):
    if isinstance(v, bool):
        return v
    return str(v).lower() in ("t", "true", "1")


def normalise(rows):
    """[(id, score, fit, behavior, status, instant)] -> {id: tuple}, keeping duplicates visible."""
    out, dupes = {}, []
    for r in rows:
        key = r[0]
        val = (int(r[1]), int(r[2]), int(r[3]), str(r[4]), as_bool(r[5]))
        if key in out:
            dupes.append(key)
        out[key] = val
    return out, dupes


def compare(case, engine, got_rows, typed, want=None):
    want = want if want is not None else expected_rows(case)
    got, dupes = normalise(got_rows)
    problems = []
    if dupes:
        problems.append(f"{len(dupes)} duplicate ids, e.g. {dupes[:3]}")
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    if missing:
        problems.append(f"{len(missing)} leads missing, e.g. {missing[:5]}")
    if extra:
        problems.append(f"{len(extra)} leads not in the engine's output, e.g. {extra[:5]}")
    cols = ["score", "fit", "behavior", "status", "instant"]
    diffs = []
    for k in sorted(set(want) & set(got)):
        for i, c in enumerate(cols):
            if want[k][i] != got[k][i]:
                diffs.append(f"{k}.{c}: engine {want[k][i]!r}, {engine} {got[k][i]!r}")
    if diffs:
        problems.append(f"{len(diffs)} cells differ:\n      " + "\n      ".join(diffs[:15]))
    name = os.path.basename(case)
    kind = "typed" if typed else "text"
    if problems:
        print(f"  FAIL {engine:9} {name} ({kind}): " + "; ".join(problems))
        return False
    print(f"  ok   {engine:9} {name} ({kind}): {len(got)} leads, every column equal")
    return True


def column_types(cols, typed, dialect):
    types = []
    for c in cols:
        if typed and c in TYPED_INT:
            types.append("BIGINT")
        elif typed and c in TYPED_TIME:
            # PostgreSQL gets a time zone type, so the query reads its
            # offsets (the session zone is not UTC, see below).
            types.append("TIMESTAMPTZ" if dialect == "postgres" else "TIMESTAMP")
        else:
            types.append("VARCHAR" if dialect == "duckdb" else "TEXT")
    return types


def self_check(case, rows, typed):
    """The comparison must catch one changed cell and one missing lead."""
    want = expected_rows(case)
    first = sorted(want)[0]
    score, fit, behavior, status, instant = want[first]
    tampered = dict(want)
    tampered[first] = (score + 1, fit, behavior, status, instant)
    print("  (self-check: the next two lines must be FAIL)")
    caught = not compare(case, "duckdb", rows, typed, want=tampered)
    caught &= not compare(case, "duckdb", [r for r in rows if r[0] != first], typed)
    print(f"  {'ok  ' if caught else 'FAIL'} self-check: a changed score and a missing lead are {'caught' if caught else 'NOT caught'}")
    return caught


# ------------------------------------------------------------------ DuckDB

def run_duckdb(cases):
    import duckdb

    ok = True
    for case in cases:
        meta = json.load(open(os.path.join(case, "case.json")))
        con = duckdb.connect()
        try:
            for table in ("leads", "activities"):
                path = os.path.join(case, f"{table}.csv")
                cols = header(path)
                spec = ", ".join(
                    f"'{c}': '{t}'" for c, t in zip(cols, column_types(cols, meta["typed"], "duckdb"))
                )
                con.execute(
                    f"CREATE TABLE {table} AS SELECT * FROM read_csv(?, header = true, delim = ',', quote = '\"', "
                    f"escape = '\"', columns = {{{spec}}}, auto_detect = false, strict_mode = true)",
                    [path],
                )
            rows = con.execute(open(os.path.join(case, "duckdb.sql"), encoding="utf-8").read()).fetchall()
            ok &= compare(case, "duckdb", rows, meta["typed"])
            if case == cases[0]:
                ok &= self_check(case, rows, meta["typed"])
        except Exception as e:  # a failing query is a failing case
            print(f"  FAIL duckdb    {os.path.basename(case)}: {e}")
            ok = False
        finally:
            con.close()
    return ok


# -------------------------------------------------------------- PostgreSQL

class Postgres:
    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = os.path.dirname(bins[-1])
        self.dir = tempfile.mkdtemp(prefix="leadscore-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = str(54000 + os.getpid() % 1000)
        self.as_user = []
        if os.geteuid() == 0:
            # initdb refuses root: run the server as the postgres user.
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.run([os.path.join(self.bin, "initdb"), "-D", self.data, "-E", "UTF8", "--locale=C.UTF-8",
                  "--auth=trust", "-U", "postgres"])
        self.run([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-w", "-l", os.path.join(self.dir, "log"),
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses='' -c fsync=off", "start"])

    def run(self, cmd):
        r = subprocess.run(self.as_user + cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {r.stderr or r.stdout}")

    def psql(self, *args, sql_file=None, tz="UTC"):
        cmd = ["psql", "-X", "-q", "-h", self.dir, "-p", self.port, "-U", "postgres", "-d", "postgres",
               "-v", "ON_ERROR_STOP=1"]
        cmd += list(args)
        if sql_file:
            cmd += ["-f", sql_file]
        env = dict(os.environ, PGCLIENTENCODING="UTF8", PGTZ=tz)
        r = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip())
        return r.stdout

    def stop(self):
        try:
            self.run([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def run_postgres(cases):
    pg = Postgres()
    ok = True
    try:
        for case in cases:
            meta = json.load(open(os.path.join(case, "case.json")))
            try:
                for table in ("leads", "activities"):
                    path = os.path.join(case, f"{table}.csv")
                    cols = header(path)
                    defs = ", ".join(
                        '"' + c.replace('"', '""') + '" ' + t
                        for c, t in zip(cols, column_types(cols, meta["typed"], "postgres"))
                    )
                    pg.psql("-c", f"DROP TABLE IF EXISTS {table}", "-c", f"CREATE TABLE {table} ({defs})",
                            "-c", f"\\copy {table} FROM '{path}' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')")
                # Typed times load as UTC; the query runs in a +05:30 session,
                # so it must read the offsets PostgreSQL prints.
                out = pg.psql("--csv", sql_file=os.path.join(case, "postgres.sql"), tz="Asia/Kolkata")
                rows = list(csv.reader(out.splitlines()))[1:]
                ok &= compare(case, "postgres", rows, meta["typed"])
            except Exception as e:
                print(f"  FAIL postgres  {os.path.basename(case)}: {e}")
                ok = False
    finally:
        pg.stop()
    return ok


# ------------------------------------------------------------------- Spark

def run_spark(cases):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType, TimestampType

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("leadscore-sql-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        # Spark renders a TIMESTAMP in the session zone: UTC, as the data.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    ok = True
    try:
        for case in cases:
            meta = json.load(open(os.path.join(case, "case.json")))
            try:
                for table in ("leads", "activities"):
                    path = os.path.join(case, f"{table}.csv")
                    cols = header(path)
                    fields = []
                    for c in cols:
                        if meta["typed"] and c in TYPED_INT:
                            t = LongType()
                        elif meta["typed"] and c in TYPED_TIME:
                            t = TimestampType()
                        else:
                            t = StringType()
                        fields.append(StructField(c, t, True))
                    df = (
                        spark.read.option("header", True)
                        .option("multiLine", True)
                        .option("quote", '"')
                        .option("escape", '"')
                        .option("encoding", "UTF-8")
                        .option("mode", "FAILFAST")
                        .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
                        .schema(StructType(fields))
                        .csv(path)
                    )
                    df.createOrReplaceTempView(table)
                sql = open(os.path.join(case, "spark.sql"), encoding="utf-8").read()
                rows = [tuple(r) for r in spark.sql(sql).collect()]
                ok &= compare(case, "spark", rows, meta["typed"])
            except Exception as e:
                print(f"  FAIL spark     {os.path.basename(case)}: {str(e)[:2000]}")
                ok = False
    finally:
        spark.stop()
    return ok


# ----------------------------------------------------------------- sqlglot

def run_sqlglot(cases):
    import sqlglot
    from sqlglot.errors import ErrorLevel

    ok = True
    for case in cases:
        for dialect in ("bigquery", "snowflake", "duckdb", "postgres", "spark"):
            sql = open(os.path.join(case, f"{dialect}.sql"), encoding="utf-8").read()
            try:
                trees = sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE)
                if len(trees) != 1 or trees[0] is None:
                    raise ValueError(f"expected one statement, parsed {len(trees)}")
            except Exception as e:
                print(f"  FAIL sqlglot   {os.path.basename(case)} ({dialect}): {str(e)[:1500]}")
                ok = False
        print(f"  ok   sqlglot   {os.path.basename(case)}: parses as bigquery, snowflake, duckdb, postgres, spark")
    return ok


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    root = args[0]
    engines = ["duckdb", "postgres", "spark", "sqlglot"]
    if "--engines" in args:
        engines = args[args.index("--engines") + 1].split(",")
    cases = sorted(d for d in glob.glob(os.path.join(root, "*")) if os.path.isfile(os.path.join(d, "case.json")))
    if not cases:
        print(f"no cases in {root}")
        return 1
    runners = {"duckdb": run_duckdb, "postgres": run_postgres, "spark": run_spark, "sqlglot": run_sqlglot}
    passed = failed = 0
    for e in engines:
        start = time.time()
        print(f"{e}:")
        try:
            good = runners[e](cases)
        except Exception as ex:
            print(f"  FAIL {e}: {ex}")
            good = False
        print(f"  ({time.time() - start:.1f} s)")
        passed += good
        failed += not good
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
