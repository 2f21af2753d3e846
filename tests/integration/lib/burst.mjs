// Write bursts against a running server and the checks that follow a fault:
// every acknowledged write is there, nothing is half-written, the receipt
// log verifies. Used by durability.test.mjs and storage_faults.test.mjs.
import assert from 'node:assert/strict';
import { onPostgres, sqlRows } from './server.mjs';
import { reportBody, uniq } from './fixtures.mjs';

// Submits reports from `workers` loops until stop() is called or `limit`
// requests were sent; every outcome is recorded: {title, sentAt, status,
// json} for answers, {title, sentAt, error} for broken connections. A loop ends at its first broken
// connection unless `keepGoing` (a fault the server is meant to outlive).
// `cases`: an admin client for `caseWorkers` more loops, each moving every
// report it submits to accepted (which opens the case and its clocks);
// their acknowledged accepts are in `accepted` as {report_id, case_id}.
export function burst(server, { workers = 4, limit = Infinity, keepGoing = false, onOutcome = () => {}, cases, caseWorkers = 1 } = {}) {
  const outcomes = [];
  const accepted = [];
  let stopped = false;
  let sent = 0;
  const more = () => !stopped && sent++ < limit;
  const record = (o) => { outcomes.push(o); onOutcome(o, outcomes); return o; };
  const submit = async (client, title) => {
    const sentAt = Date.now();
    try {
      const r = await client.post('/api/v1/reports', reportBody({ title, verification: `poc for ${title}` }));
      return record({ title, sentAt, status: r.status, json: r.json });
    } catch (e) {
      return record({ title, sentAt, error: String(e.cause?.code || e.message) });
    }
  };
  const client = server.client();
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; more(); i++) {
      const o = await submit(client, uniq(`burst w${w} #${i} `));
      if (o.error && !keepGoing) return;
    }
  });
  for (let w = 0; cases && w < caseWorkers; w++) {
    loops.push((async () => {
      for (let i = 0; more(); i++) {
        const o = await submit(client, uniq(`burst case w${w} #${i} `));
        if (o.status !== 201) { if (o.error && !keepGoing) return; continue; }
        try {
          let r = await cases.post(`/api/v1/reports/${o.json.id}/transitions`, { to: 'triage' });
          if (r.status === 200) r = await cases.post(`/api/v1/reports/${o.json.id}/transitions`, { to: 'accepted' });
          if (r.status === 200) accepted.push({ report_id: o.json.id, case_id: r.json.case_id });
        } catch (e) {
          if (!keepGoing) return;
        }
      }
    })());
  }
  return { outcomes, accepted, stop: () => { stopped = true; }, done: Promise.all(loops) };
}

export const acknowledged = (outcomes) => outcomes.filter((o) => o.status === 201);

// Every 201 is there: tracking page, receipt record, same hash; every
// acknowledged accept has its case; the log verifies over the API.
export async function assertDurable(server, created, accepted = []) {
  const anon = server.client();
  const admin = await server.admin();
  const receipts = new Map();
  for (let cursor = ''; ;) {
    const r = await admin.get(`/api/v1/receipts?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, r.text);
    for (const x of r.json.items) receipts.set(x.seq, x);
    if (!r.json.next_cursor) break;
    cursor = r.json.next_cursor;
  }
  for (const c of created) {
    const t = await anon.get(`/api/v1/tracking/${c.json.tracking_id}`, { headers: { 'X-Tracking-Token': c.json.tracking_token } });
    assert.equal(t.status, 200, `report ${c.json.tracking_id} (201) lost`);
    assert.equal(t.json.title, c.title);
    const rec = receipts.get(c.json.receipt.seq);
    assert.ok(rec, `receipt ${c.json.receipt.seq} lost`);
    assert.equal(rec.hash, c.json.receipt.hash);
    assert.equal(rec.subject, `report:${c.json.tracking_id}`);
  }
  for (const a of accepted) {
    const r = await admin.get(`/api/v1/cases/${a.case_id}`);
    assert.equal(r.status, 200, `case ${a.case_id} (accepted with 200) lost`);
  }
  const v = await admin.post('/api/v1/receipts/verify');
  assert.equal(v.json.ok, true, v.text);
}

// What a write that stopped half-way would leave: a report without its two
// clocks, its "received" event or its receipt record, a case without its
// report, a report pointing at no case, a state count that disagrees with
// the reports.
// Returns the problems found (an empty list when whole), with counts.
const WHOLE = [
  ['reports without their two clocks',
    'SELECT r.id FROM reports r WHERE (SELECT count(*) FROM clocks k WHERE k.report_id = r.id) < 2'],
  ['reports without their received event',
    "SELECT r.id FROM reports r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.subject_type = 'report' AND e.subject_id = r.id AND e.kind = 'received')"],
  ['reports without their receipt record',
    'SELECT r.id FROM reports r WHERE NOT EXISTS (SELECT 1 FROM receipts x WHERE x.seq = r.receipt_seq)'],
  ['reports naming a case that does not exist',
    'SELECT r.id FROM reports r WHERE r.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id)'],
  ['cases without the report they were opened from',
    'SELECT c.id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.case_id = c.id)'],
  // SQLite keeps per-state counts beside the reports (PostgreSQL counts).
  ['report state counts that disagree with the reports',
    'SELECT s.state AS id FROM report_state_counts s WHERE s.n <> (SELECT count(*) FROM reports r WHERE r.state = s.state)',
    'sqlite'],
];

export function halfWritten(dbPath) {
  const problems = [];
  const sqlite = !onPostgres && !dbPath.startsWith('postgresql://');
  for (const [what, sql, only] of WHOLE) {
    if (only === 'sqlite' && !sqlite) continue;
    const rows = sqlRows(dbPath, sql);
    if (rows.length) problems.push(`${rows.length} ${what}: ${rows.slice(0, 5).map((x) => x.id).join(', ')}`);
  }
  return problems;
}

export function reportCount(dbPath) {
  return Number(sqlRows(dbPath, 'SELECT count(*) AS n FROM reports')[0].n);
}
