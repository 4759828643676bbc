// modelSql from pkg/ in Node: the query for each dialect, its options, and
// errors that are real Errors saying what to fix. That the query gives the
// engine's numbers is proven on DuckDB, PostgreSQL and Spark by
// tests/sql/engines.py; here the wasm build must write the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, modelSql, sqlDialects, presetModel } from '../../pkg/leadscore.js';

initSync({ module: readFileSync(new URL('../../pkg/leadscore_bg.wasm', import.meta.url)) });

const seed = presetModel('seed-example');
// 2026-11-20T12:00:00Z in seconds since the epoch.
const AS_OF_SECONDS = String(Date.UTC(2026, 10, 20, 12) / 1000);

test('one query per dialect, each naming its dialect and the as-of time', () => {
  assert.deepEqual(sqlDialects(), ['duckdb', 'spark', 'postgres', 'bigquery', 'snowflake']);
  const seen = new Set();
  for (const d of sqlDialects()) {
    const sql = modelSql(seed, d, { as_of: '2026-11-20T12:00:00Z' });
    assert.match(sql, new RegExp(`^-- Leadscore model "Seed example" \\(version 1\\), compiled for ${d}\\.`));
    assert.ok(sql.includes(`t <= ${AS_OF_SECONDS}`), d);
    // Without lead_columns the canonical decision columns are read: the status order of SPEC 3.
    assert.ok(sql.includes("THEN 'disqualified' WHEN lead_gate.suppressed = 1 THEN 'suppressed' WHEN lead_gate.recycled = 1 THEN 'recycled' WHEN instant = 1 OR score >= 50 THEN 'mql' ELSE 'nurture' END AS status"), d);
    seen.add(sql);
  }
  assert.equal(seen.size, 5, 'each dialect writes its own SQL');
});

test('options name the tables; without as_of the query scores as of when it runs', () => {
  const sql = modelSql(seed, 'postgres', { leads: 'crm.leads', activities: 'crm.events' });
  assert.ok(sql.includes('FROM crm.leads\n'));
  assert.ok(sql.includes('FROM crm.events\n'));
  assert.ok(sql.includes('EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)'));
  assert.ok(sql.includes('-- As of: the moment the query runs.'));
  assert.equal(modelSql(seed, 'duckdb'), modelSql(seed, 'duckdb', {}));
});

test('bad input throws an Error that says what to fix', () => {
  assert.throws(() => modelSql(seed, 'oracle'), { name: 'Error', message: /no SQL dialect "oracle" \(use one of: duckdb, spark, postgres, bigquery, snowflake\)/ });
  assert.throws(() => modelSql(seed, 'duckdb', { as_of: 'soon' }), { message: /^as_of: "soon" is not a date/ });
  assert.throws(() => modelSql(seed, 'duckdb', { table: 'x' }), { message: /^SQL options: unknown field `table`/ });
  assert.throws(() => modelSql(seed, 'duckdb', { leads: 'x; drop table y' }), { message: /^table name "x; drop table y"/ });
  const bad = JSON.parse(seed);
  bad.rules[1].points = 1.5;
  assert.throws(() => modelSql(JSON.stringify(bad), 'duckdb'), { message: /^rules\[1\]\.points: expected a whole number/ });
  const feedback = JSON.parse(seed);
  feedback.rules.push({ id: 'won', points: 5, when: { kind: 'field', field: 'converted', op: 'not_empty' } });
  assert.throws(() => modelSql(JSON.stringify(feedback), 'spark'), { message: /rules\[11\]\.when\.field: rules on converted are not in the SQL \(/ });
});

test('lead_columns: a rule on a column the table lacks never matches, as in the engine', () => {
  const m = JSON.parse(seed);
  m.rules = [{ id: 'budget', points: 10, when: { kind: 'field', field: 'Budget', op: 'empty' } }];
  const sql = modelSql(JSON.stringify(m), 'duckdb', { lead_columns: ['id', 'email', 'title'], as_of: '2026-11-20' });
  assert.ok(sql.includes('CASE WHEN 1 = 0 THEN 1 ELSE 0 END'));
  assert.ok(!sql.includes('Budget'));
  assert.throws(() => modelSql(seed, 'duckdb', { lead_columns: ['title'] }), { message: /needs an id or an email column/ });
});

test('status_mapping: words map as in importLeads, before the suggested ones', () => {
  const opts = { as_of: '2026-11-20', status_mapping: { 'Bad Fit': { outcome: 'rejected', reason: 'wrong_icp' }, Unqualified: null } };
  const sql = modelSql(seed, 'postgres', opts);
  assert.match(sql, /WHEN 'badfit' THEN 'rejected'/);
  assert.match(sql, /WHEN 'badfit' THEN 'wrong_icp'/);
  // A given word shadows the suggested meaning: Unqualified is no decision here.
  assert.ok(sql.indexOf("WHEN 'unqualified' THEN NULL") >= 0);
  assert.ok(!modelSql(seed, 'postgres', { as_of: '2026-11-20' }).includes("WHEN 'unqualified' THEN NULL"));
  assert.throws(() => modelSql(seed, 'duckdb', { status_mapping: { x: { outcome: 'won' } } }), { message: /^SQL options: unknown variant `won`/ });
});
