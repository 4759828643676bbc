// Scores a small lead list with the seed example model, in Node, from pkg/.
// Run: node examples/score.mjs
import { readFileSync } from 'node:fs';
import { initSync, Workspace } from '../pkg/leadscore.js';

initSync({ module: readFileSync(new URL('../pkg/leadscore_bg.wasm', import.meta.url)) });

const ws = new Workspace(); // starts with the seed example model
const leads = ws.importLeads(
  'Email,Job Title,Number of Employees,Industry\n' +
  'ana@acme.example,VP Marketing,1200,Software\n' +
  'bo@tiny.example,Intern,12,Retail\n');
const events = ws.importActivities(
  'lead_id,timestamp,type,detail\n' +
  'ana@acme.example,2026-11-02T10:00:00Z,page_view,/pricing\n' +
  'bo@tiny.example,2026-11-03,unsubscribe,\n');
console.log(`leads kept ${leads.kept} of ${leads.read}; activities kept ${events.kept} of ${events.read}`);

const summary = ws.score('2026-11-20T12:00:00Z');
console.log(`MQL ${summary.mql}, nurture ${summary.nurture}, disqualified ${summary.disqualified}`);
console.log('scores', Array.from(ws.scores()));

const why = ws.explain('ana@acme.example');
for (const c of why.contributions) console.log(`  ${c.points > 0 ? '+' : ''}${c.points}  ${c.label}`);
console.log(`  = ${why.score} (${why.status}, crossed ${why.crossed_at})`);
