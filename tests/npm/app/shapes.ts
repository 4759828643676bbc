// The package's interfaces against what the engine really returns: for each
// interface, tsc makes `keys<T>({...})` list exactly its keys (a missing or
// an extra key is a type error), and at run time the returned object must
// have exactly those keys. Prints one line per shape checked; exits non-zero
// on the first difference.
import {
  Workspace, sampleData,
  type Adherence, type ColumnMapping, type Consumed, type Contribution, type EventView,
  type Explanation, type ImportReport, type Packet, type Row, type RowError, type Sample,
  type Summary, type UnmatchedActivity, type Placeholder, type LeadField, type Decay, type TimelinePoint,
  type PacketLead, type PathStep, type PacketConsumed, type PacketContext, type PacketSla,
  type DuplicateOf, type Returning,
} from 'leadscore/node';

type Keys<T> = { [K in keyof T]-?: true };
const keys = <T>(k: Keys<T>): string[] => Object.keys(k).sort();

let checked = 0;
function same(name: string, value: object | null | undefined, expected: string[]): void {
  if (value === null || value === undefined) throw new Error(`${name}: no value to check`);
  const actual = Object.keys(value).sort();
  if (actual.join() !== expected.join()) {
    throw new Error(`${name}: the engine returns keys [${actual.join(', ')}], the interface declares [${expected.join(', ')}]`);
  }
  checked += 1;
  console.log(`shape ${name}: ${actual.length} keys match`);
}

const sample: Sample = sampleData(400, 11);
same('Sample', sample, keys<Sample>({ leads: true, activities: true, as_of: true }));

const ws = new Workspace();
// One row with a company size that is not a number: a RowError to look at.
const leads: ImportReport = ws.importLeads(`${sample.leads}L-BAD,Bad,Row,bad@example.com,,,,lots${','.repeat(11)}\n`);
same('ImportReport', leads, keys<ImportReport>({
  kind: true, format: true, encoding: true, delimiter: true, read: true, kept: true, rejected: true,
  errors: true, errors_not_listed: true, columns: true, placeholders: true, nested_activities: true,
  unmatched_activities: true, status_words: true, unmapped_words: true,
}));
same('RowError', leads.errors[0], keys<RowError>({ line: true, column: true, message: true }));
same('ColumnMapping', leads.columns[0], keys<ColumnMapping>({ header: true, field: true, source: true }));
const activities = ws.importActivities(`${sample.activities}nobody@example.com,2026-01-01,visit,/\n`);
same('ImportReport.placeholders[]', leads.placeholders[0] ?? activities.placeholders[0],
  keys<Placeholder>({ value: true, count: true }));
const unmatched: UnmatchedActivity[] = ws.unmatchedActivities();
same('UnmatchedActivity', unmatched[0], keys<UnmatchedActivity>({ line: true, lead_id: true }));

const summary: Summary = ws.score(sample.as_of);
same('Summary', summary, keys<Summary>({
  as_of: true, threshold: true, leads: true, mql: true, nurture: true, disqualified: true,
  instant: true, warnings: true, suppressed: true, recycled: true,
}));

const statuses = ws.statuses();
const mql = statuses.indexOf(1);
if (mql < 0) throw new Error('the sample has no MQL');
const rows: Row[] = ws.rows(Uint32Array.of(mql));
same('Row', rows[0], keys<Row>({
  index: true, id: true, name: true, email: true, title: true, company: true, phone: true,
  score: true, fit: true, behavior: true, status: true, instant: true, crossed_at: true,
}));

const why: Explanation = ws.lead(mql);
same('Explanation', why, keys<Explanation>({
  index: true, id: true, name: true, line: true, fields: true, as_of: true, threshold: true,
  score: true, fit: true, behavior: true, status: true, instant: true, crossed_at: true,
  crossing_events: true, drivers: true, decay: true, contributions: true, timeline: true,
  activities: true, activities_after_as_of: true, decision: true, decisions: true, next_step: true,
  behavior_since: true, activities_before_restart: true, released: true,
}));
same('Explanation.fields[]', why.fields[0], keys<LeadField>({ header: true, field: true, value: true }));
same('Explanation.decay', why.decay, keys<Decay>({
  last_engagement: true, days_since: true, factor: true, before: true, after: true, removed: true,
}));
same('Explanation.timeline[]', why.timeline[0], keys<TimelinePoint>({ time: true, score: true, status: true }));
const withEvents = why.contributions.find((c) => c.events.length > 0);
same('Contribution', withEvents, keys<Contribution>({
  rule: true, label: true, category: true, points: true, count: true, capped: true,
  instant_mql: true, disqualify: true, field: true, value: true, events: true,
}));
same('EventView', withEvents?.events[0], keys<EventView>({ time: true, type: true, detail: true }));

const packet: Packet = ws.packet(mql);
same('Packet', packet, keys<Packet>({
  lead: true, score: true, fit: true, behavior: true, threshold: true, status: true, crossed_at: true,
  path_to_mql: true, consumed: true, form_answers: true, context: true, approach: true, sla: true,
  assigned_to: true, routed_via: true, duplicate_of: true, returning: true,
}));
same('Packet.lead', packet.lead, keys<PacketLead>({ id: true, name: true, title: true, company: true, email: true, phone: true }));
same('Packet.path_to_mql[]', packet.path_to_mql[0], keys<PathStep>({
  time: true, rule: true, label: true, points: true, events: true,
}));
same('Packet.consumed', packet.consumed, keys<PacketConsumed>({
  pages: true, content: true, emails_opened: true, emails_clicked: true, forms: true, other: true,
}));
const consumed = Object.values(packet.consumed).flat()[0];
same('Consumed', consumed, keys<Consumed>({ detail: true, count: true, first: true, last: true }));
same('Packet.context', packet.context, keys<PacketContext>({ kind: true, warmth: true, warmth_reason: true }));
same('Packet.sla', packet.sla, keys<PacketSla>({ rule: true, due: true, state: true, by_seconds: true, first_contact_at: true }));

// A lead sales rejected that crossed again (returning), and a second lead of its account (duplicate).
const again = new Workspace();
again.importLeads('id,email,company,sales_outcome,rejection_reason,rejected_at\n' +
  'R-1,r@acme.example,Acme,rejected,unreachable,2026-10-01T00:00:00Z\n' +
  'R-2,s@acme.example,Acme,,,\n');
again.importActivities('lead_id,timestamp,type,detail\n' +
  'R-1,2026-11-10T10:00:00Z,demo_request,/demo\n' +
  'R-2,2026-11-12T10:00:00Z,demo_request,/demo\n');
again.score('2026-11-20T12:00:00Z');
const returning: Returning | null = again.packet(0).returning;
same('Returning', returning, keys<Returning>({ rejected_at: true, reason: true, history: true, decisions: true }));
const duplicate: DuplicateOf | null = again.packet(1).duplicate_of;
same('DuplicateOf', duplicate, keys<DuplicateOf>({ id: true, reason: true }));

const adherence: Adherence[] = ws.slaAdherence();
same('Adherence', adherence[0], keys<Adherence>({
  rep: true, mqls: true, met: true, breached: true, overdue: true, open: true, share_met: true,
  median_seconds_to_first_contact: true,
}));

// Streaming import: finishImport gives the one-shot report, key for key.
const streamed = new Workspace();
streamed.beginImport('leads', undefined, undefined, sample.leads.length);
const bytes = new TextEncoder().encode(sample.leads);
for (let at = 0; at < bytes.length; at += 1000) streamed.feed(bytes.subarray(at, at + 1000));
const finished = streamed.finishImport() as ImportReport;
same('finishImport() -> ImportReport', finished, keys<ImportReport>({
  kind: true, format: true, encoding: true, delimiter: true, read: true, kept: true, rejected: true,
  errors: true, errors_not_listed: true, columns: true, placeholders: true, nested_activities: true,
  unmatched_activities: true, status_words: true, unmapped_words: true,
}));
const limit: number = streamed.memoryLimit;
const held: number = streamed.memoryHeld;
const fed: number = streamed.importBytesRead;
const cancelled: boolean = streamed.cancelImport();
if (!(limit > held && held > 0 && fed === 0 && !cancelled)) throw new Error('streaming getters');
streamed.free();

console.log(`${checked} shapes match their interfaces`);
