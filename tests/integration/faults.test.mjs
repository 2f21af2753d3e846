// Fault sweep in SQLite's "N-th operation fails" style (issue 11, item 3):
// for each write route, the route's 1st, 2nd, ... storage operation fails
// (X-Loudong-Fault: N, honoured by test builds only, core/fault.h) until N
// is past the last operation the route runs. Every failed request answers
// 5xx with an error, changes nothing in the database, and leaves the server
// answering; the run with no fault then succeeds once. At the end the
// receipt log verifies. Notifications are queued but never sent (the outbox
// worker is off), so that nothing but the requests writes and no route's
// effect reaches outside: a webhook test, a forwarding to a peer, a user
// notice by email are swept up to the outbox row they queue. Every write
// route of src/api/openapi.json is swept or named in NOT_SWEPT with why.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { REPO, Server, cli, dbDigest, onPostgres } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, createUser, reportBody, signedInUser, submitReport, uniq, USER_PASSWORD } from './lib/fixtures.mjs';
import { totp } from './lib/totp.mjs';

// What a failed request may not change: every row of every table, as
// `sqlite3 .dump` text, or on PostgreSQL the harness's digest of every
// table's rows. A dump costs a process; the sweep dumps once per route and
// after a fault first compares the SQLite files' bytes (dbDigest), dumping
// again only when they moved (a read's WAL bookkeeping may move them).
function dump(dataDir) {
  if (onPostgres) return JSON.stringify(dbDigest(dataDir));
  const r = spawnSync('sqlite3', [path.join(dataDir, 'loudong.db'), '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`sqlite3 .dump failed: ${r.stderr}`);
  return r.stdout;
}

class Contents {
  constructor(dataDir) {
    this.dataDir = dataDir;
    this.rows = dump(dataDir);
    this.bytes = onPostgres ? this.rows : JSON.stringify(dbDigest(dataDir));
  }

  // What changed since construction ('' when nothing): on SQLite the rows
  // added and removed, so that a failure says which table moved.
  changes() {
    if (!onPostgres) {
      const bytes = JSON.stringify(dbDigest(this.dataDir));
      if (bytes === this.bytes) return '';
    }
    const rows = dump(this.dataDir);
    if (rows === this.rows) {
      this.bytes = onPostgres ? rows : JSON.stringify(dbDigest(this.dataDir));
      return '';
    }
    if (onPostgres) return `digest before ${this.rows}\nafter ${rows}`;
    const was = new Set(this.rows.split('\n'));
    const is = new Set(rows.split('\n'));
    return [...[...was].filter((l) => !is.has(l)).map((l) => `- ${l}`), ...[...is].filter((l) => !was.has(l)).map((l) => `+ ${l}`)]
      .slice(0, 20).map((l) => l.slice(0, 300)).join('\n');
  }
}

// Write routes the sweep does not send, each with why. Every other POST,
// PUT, PATCH and DELETE of the OpenAPI document must be swept: a new write
// route fails this file until it is added to one or the other.
const NOT_SWEPT = {
  // A peer's answer to a filing we sent names it by the reference the
  // peer gave on receipt; that reference comes back only from a real
  // delivery (outbox worker on, a second deployment answering), which the
  // sweep keeps off. federation.test.mjs runs the route end to end.
  // The bulk import commits batch by batch from threads of its own
  // (services/advisory_import.cpp), which the request's fault plan does not
  // reach: no fault can be injected (the sweep once counted 0 operations
  // for it), and a failed import is made whole by running it again (it is
  // idempotent), not rolled back. Carrying the plan into the committer
  // thread is the follow-up; inventory-api.test.mjs covers the routes.
  'POST /api/v1/import/osv': 'bulk import: batches committed from its own threads, out of reach of the fault plan; repaired by a re-run',
  'POST /api/v1/import/cve5': 'bulk import: batches committed from its own threads, out of reach of the fault plan; repaired by a re-run',
  'POST /api/v1/federation/decisions': 'needs a filing a peer deployment received and answered; the sweep queues, never delivers',
};

function writeRoutes() {
  const doc = JSON.parse(readFileSync(path.join(REPO, 'src/api/openapi.json'), 'utf8'));
  const out = [];
  for (const [p, ops] of Object.entries(doc.paths))
    for (const m of Object.keys(ops)) if (['post', 'put', 'patch', 'delete'].includes(m)) out.push(`${m.toUpperCase()} ${p}`);
  return out;
}

describe('fault sweep: the N-th storage operation of a write fails', () => {
  let server, admin, anon, compiledIn;
  const tally = { routes: 0, faults: 0, acknowledged: 0 };
  const swept = new Set();
  const findings = [];

  before(async () => {
    server = await Server.start({ env: { LOUDONG_NOTIFY_ENABLED: 'true', LOUDONG_NOTIFY_WORKER: 'false' } });
    admin = await server.admin();
    anon = server.client();
    const probe = await admin.get('/api/v1/session', { headers: { 'X-Loudong-Fault': '0' } });
    compiledIn = probe.headers.get('x-loudong-fault-operations') !== null;
  });
  after(async () => {
    const { code } = await server.stop();
    assert.equal(code, 0, 'clean exit on SIGTERM:\n' + server.stderr);
    server.cleanup();
  });

  // send(headers) makes the request to `route` (its OpenAPI key); it must
  // succeed (2xx) when no fault hits. A failed request changes nothing, so
  // the database is read once per route, not once per fault.
  async function sweep(route, name, send) {
    if (!compiledIn) return null;
    tally.routes++;
    swept.add(route);
    const contents = new Contents(server.dataDir);
    const t0 = Date.now();
    for (let n = 1; n < 500; n++) {
      const r = await send({ 'X-Loudong-Fault': String(n) });
      if (r.headers.get('x-loudong-fault-injected') === '0') {
        if (process.env.FAULT_KEEP_GOING && !(r.status >= 200 && r.status < 300)) {
          findings.push(`${name}: ${r.status} ${r.text}`);
          process.stderr.write(`FINDING ${route}: without a fault: ${r.status} ${r.text}\n`);
          return null;
        }
        assert.ok(r.status >= 200 && r.status < 300, `${name}: without a fault (N=${n}): ${r.status} ${r.text}`);
        assert.equal(Number(r.headers.get('x-loudong-fault-operations')), n - 1, `${name}: operations counted`);
        tally.acknowledged++;
        assert.ok(n > 1, `${name}: no storage operation of this route could be made to fail`);
        if (process.env.FAULT_TIMING) process.stderr.write(`${route} ${name}: ${n - 1} faults, ${Date.now() - t0} ms\n`);
        return r;
      }
      tally.faults++;
      try {
        assert.ok(r.status >= 500, `${name}: operation ${n} failed, yet the answer was ${r.status} ${r.text}`);
        assert.ok(r.json && r.json.error && r.json.error.message, `${name}: N=${n}: an error body: ${r.text}`);
        assert.equal(contents.changes(), '', `${name}: operation ${n} failed, and the database changed`);
      } catch (e) {
        // FAULT_KEEP_GOING=1: every finding of one run (each logged), for
        // fixing several at once; the test still fails at the end.
        if (!process.env.FAULT_KEEP_GOING) throw e;
        findings.push(e.message);
        process.stderr.write(`FINDING ${route}: ${e.message}\n`);
        const done = await send({});
        return done.status < 300 ? done : null;
      }
      // The server still answering is shown by the next request: the
      // route's next fault, or its run without one.
    }
    throw new Error(`${name}: still failing after 500 operations`);
  }

  it('every write route fails whole and then succeeds whole', async (t) => {
    if (!compiledIn) return t.skip('this build has no fault injection (LOUDONG_FAULT_INJECTION off)');
    const org = await sweep('POST /api/v1/orgs', 'create organisation', (headers) =>
      admin.post('/api/v1/orgs', { name: uniq('Fault Networks '), type: 'provider', region: 'CN' }, { headers }));
    const orgId = org.json.id;
    await sweep('POST /api/v1/users', 'create user', (headers) => admin.post('/api/v1/users', {
      username: uniq('psirt'), password: 'Fault-Password-For-Tests-1', email: 'psirt@fault.example',
      memberships: [{ org_id: orgId, role: 'coordinator' }],
    }, { headers }));
    const product = await sweep('POST /api/v1/products', 'create product', (headers) => admin.post('/api/v1/products', {
      provider_org: orgId, name: uniq('Fault Router '), kind: 'firmware', versions: ['1.0'],
      customers: [{ name: 'Example Telecom', contact: 'sec@telecom.example' }],
    }, { headers }));
    const sbom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [
      { type: 'library', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }] });
    await sweep('POST /api/v1/products/{id}/versions/{version}/sbom', 'upload SBOM', (headers) =>
      admin.post(`/api/v1/products/${product.json.id}/versions/1.1/sbom`, undefined, { raw: sbom, headers }));
    const report = await sweep('POST /api/v1/reports', 'submit report (anonymous intake)', (headers) =>
      anon.post('/api/v1/reports', reportBody({ product_id: product.json.id, product_version: '1.0' }), { headers }));
    const id = report.json.id;
    await sweep('POST /api/v1/reports/{id}/transitions', 'report to triage', (headers) => admin.post(`/api/v1/reports/${id}/transitions`, { to: 'triage' }, { headers }));
    const accepted = await sweep('POST /api/v1/reports/{id}/transitions', 'accept report (opens a case)', (headers) =>
      admin.post(`/api/v1/reports/${id}/transitions`, { to: 'accepted' }, { headers }));
    const caseId = accepted.json.case_id;
    await sweep('PUT /api/v1/cases/{id}/components', 'case components', (headers) => admin.put(`/api/v1/cases/${caseId}/components`, {
      components: [{ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', range: 'vers:maven/>=2.0.0|<2.17.1' }],
    }, { headers }));
    await sweep('POST /api/v1/reports/{id}/messages', 'report message', (headers) =>
      admin.post(`/api/v1/reports/${id}/messages`, { visibility: 'finder', body: 'Thank you: reproduced.' }, { headers }));
    await sweep('POST /api/v1/cases/{id}/messages', 'case message', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/messages`, { visibility: 'coordinators', body: 'Upstream contacted.' }, { headers }));
    await sweep('PUT /api/v1/cases/{id}/assessment', 'case assessment (grade from CVSS)', (headers) => admin.put(`/api/v1/cases/${caseId}/assessment`,
      { cvss31_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }, { headers }));
    const draft = await sweep('POST /api/v1/cases/{id}/regulatory-reports', 'regulatory report draft', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/regulatory-reports`, {}, { headers }));
    await completeRegulatoryReport(draft.json.id, (send) => sweep('PATCH /api/v1/regulatory-reports/{id}', 'regulatory report fields', send));
    await sweep('POST /api/v1/regulatory-reports/{id}/submit', 'regulatory report submitted (stops the 48-hour clock)', (headers) =>
      admin.post(`/api/v1/regulatory-reports/${draft.json.id}/submit`, { channel: 'nvdb-web', reference: 'NVDB-FAULT-1' }, { headers }));
    await sweep('POST /api/v1/tokens', 'API token', (headers) =>
      admin.post('/api/v1/tokens', { name: 'fault sweep', org_id: orgId, role: 'admin', expires_in_days: 1 }, { headers }));
    await sweep('POST /api/v1/session', 'sign in (a session)', (headers) =>
      server.client().post('/api/v1/session', { username: 'admin', password: 'Root-Password-For-Tests-1' }, { headers }));
    // The second factor: enrolment, its confirmation, a sign-in with a code
    // (the code is taken only when the session is written), removal, reset.
    const sfPassword = 'Fault-Password-For-Tests-1';
    const sfUser = await admin.post('/api/v1/users', { username: uniq('sf'), password: sfPassword });
    assert.equal(sfUser.status, 201, sfUser.text);
    const sf = server.client();
    await sf.signIn(sfUser.json.username, sfPassword);
    let enrolled = await sweep('POST /api/v1/me/second-factor/enrolment', 'second factor enrolment', (headers) => sf.post('/api/v1/me/second-factor/enrolment', undefined, { headers }));
    await sweep('POST /api/v1/me/second-factor/confirmation', 'second factor confirmation', (headers) =>
      sf.post('/api/v1/me/second-factor/confirmation', { code: totp(enrolled.json.secret) }, { headers }));
    await sweep('POST /api/v1/session', 'sign in with a second-factor code', (headers) => server.client().post('/api/v1/session',
      { username: sfUser.json.username, password: sfPassword, code: totp(enrolled.json.secret, { offset: 1 }) }, { headers }));
    await sweep('POST /api/v1/me/second-factor/removal', 'second factor removal', (headers) => sf.post('/api/v1/me/second-factor/removal', { password: sfPassword }, { headers }));
    enrolled = await sf.post('/api/v1/me/second-factor/enrolment');
    assert.equal((await sf.post('/api/v1/me/second-factor/confirmation', { code: totp(enrolled.json.secret) })).status, 200);
    await sweep('POST /api/v1/users/{id}/second-factor/reset', 'second factor reset by an admin', (headers) =>
      admin.post(`/api/v1/users/${sfUser.json.id}/second-factor/reset`, undefined, { headers }));
    await sweep('PUT /api/v1/policy', 'policy', (headers) => admin.put('/api/v1/policy', { fix_high_days: 20 }, { headers }));
    await sweep('POST /api/v1/orgs/{id}/webhooks', 'webhook subscription', (headers) => admin.post(`/api/v1/orgs/${orgId}/webhooks`, {
      url: 'http://127.0.0.1:9/hook', events: ['report.received'] }, { headers }));
    // R-OPERATOR: an operator's case (sealed details), their change, its asset exposures.
    const opOrg = await createOrg(admin, { type: 'operator' });
    const opMember = await signedInUser(server, admin, [{ org_id: opOrg.id, role: 'coordinator' }]);
    const opCase = await sweep('POST /api/v1/operator-cases', 'operator case', (headers) => opMember.post('/api/v1/operator-cases', {
      org_id: opOrg.id, title: 'Default password on the SCADA HMI', asset: 'HMI-1', location: 'plant 2', owner: 'OT team',
    }, { headers }));
    await sweep('PUT /api/v1/cases/{id}/operator-details', 'operator details', (headers) => opMember.put(`/api/v1/cases/${opCase.json.id}/operator-details`,
      { asset: 'HMI-2', location: 'plant 2', owner: 'OT team' }, { headers }));
    const exposure = await sweep('POST /api/v1/orgs/{id}/asset-exposures', 'asset exposure', (headers) => opMember.post(`/api/v1/orgs/${opOrg.id}/asset-exposures`,
      { advisory_ref: opCase.json.ref, asset: 'HMI-3', status: 'affected' }, { headers }));
    await sweep('PATCH /api/v1/asset-exposures/{id}', 'asset exposure status', (headers) =>
      opMember.patch(`/api/v1/asset-exposures/${exposure.json.id}`, { status: 'patched' }, { headers }));
    await sweep('DELETE /api/v1/asset-exposures/{id}', 'asset exposure removed', (headers) => opMember.del(`/api/v1/asset-exposures/${exposure.json.id}`, { headers }));

    await moreRoutes({ orgId, productId: product.json.id, report: report.json, caseId, regReportId: draft.json.id, sbom });

    assert.deepEqual(findings, []);
    const v = cli(['receipts', 'verify', '--data', server.dataDir]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.json.ok, true);
    // Many routes write an access-log entry: a failed one must leave no link behind.
    const a = cli(['access', 'verify', '--data', server.dataDir]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.json.ok, true);
    t.diagnostic(`write routes swept ${swept.size} of ${writeRoutes().length} (sweeps ${tally.routes}), faults injected ${tally.faults}, requests acknowledged ${tally.acknowledged}, lost 0`);
    assert.ok(tally.faults >= tally.routes * 2, JSON.stringify(tally));
    const writes = writeRoutes();
    assert.deepEqual(writes.filter((r) => !swept.has(r) && !(r in NOT_SWEPT)), [],
      'write routes neither swept nor in NOT_SWEPT with a reason: add each to the sweep');
    assert.deepEqual([...swept].filter((r) => r in NOT_SWEPT), [], 'routes both swept and excused');
    assert.deepEqual(Object.keys(NOT_SWEPT).filter((r) => !writes.includes(r)), [], 'NOT_SWEPT names routes that no longer exist');
  });

  // The write routes the first part leaves: accounts, invitations, reports
  // and cases, advisories and their gates, exchange, federation, filing,
  // rewards. Each is swept from a state where it succeeds once.
  async function moreRoutes({ orgId, productId, report, caseId, regReportId, sbom }) {
    const ok = (r, what) => assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
    // Accounts.
    await sweep('POST /api/v1/finders', 'finder sign-up', (headers) => anon.post('/api/v1/finders',
      { username: uniq('finder'), password: USER_PASSWORD, email: 'finder@fault.example' }, { headers }));
    const leaving = server.client();
    await leaving.signIn('admin', 'Root-Password-For-Tests-1');
    await sweep('DELETE /api/v1/session', 'sign out', (headers) => leaving.del('/api/v1/session', { headers }));
    const tok = await admin.post('/api/v1/tokens', { name: 'to revoke', org_id: orgId, role: 'member', expires_in_days: 1 });
    ok(tok, 'token');
    await sweep('DELETE /api/v1/tokens/{id}', 'token revoked', (headers) => admin.del(`/api/v1/tokens/${tok.json.token.id}`, { headers }));
    const someone = await createUser(admin);
    await sweep('PUT /api/v1/users/{id}/memberships', 'membership', (headers) =>
      admin.put(`/api/v1/users/${someone.id}/memberships`, { org_id: orgId, role: 'member' }, { headers }));
    await sweep('PUT /api/v1/me/notifications', 'notification preferences', (headers) =>
      admin.put('/api/v1/me/notifications', { mode: 'digest' }, { headers }));
    // Invitations: sent, accepted, declined, withdrawn.
    const invite = async (route, name) => {
      const u = await createUser(admin);
      const r = await sweep(route, name, (headers) =>
        admin.post(`/api/v1/orgs/${orgId}/invitations`, { username: u.username, role: 'member' }, { headers }));
      const c = server.client();
      await c.signIn(u.username, USER_PASSWORD);
      return { id: r.json.invitation.id, c };
    };
    const inv1 = await invite('POST /api/v1/orgs/{id}/invitations', 'invitation');
    await sweep('POST /api/v1/invitations/{id}/accept', 'invitation accepted', (headers) =>
      inv1.c.post(`/api/v1/invitations/${inv1.id}/accept`, {}, { headers }));
    const inv2 = await admin.post(`/api/v1/orgs/${orgId}/invitations`, { username: (await createUser(admin)).username, role: 'member' });
    ok(inv2, 'invitation');
    await sweep('DELETE /api/v1/orgs/{id}/invitations/{iid}', 'invitation withdrawn', (headers) =>
      admin.del(`/api/v1/orgs/${orgId}/invitations/${inv2.json.invitation.id}`, { headers }));
    const u3 = await createUser(admin);
    const inv3 = await admin.post(`/api/v1/orgs/${orgId}/invitations`, { username: u3.username, role: 'member' });
    ok(inv3, 'invitation');
    const c3 = server.client();
    await c3.signIn(u3.username, USER_PASSWORD);
    await sweep('POST /api/v1/invitations/{id}/decline', 'invitation declined', (headers) =>
      c3.post(`/api/v1/invitations/${inv3.json.invitation.id}/decline`, {}, { headers }));

    // Reports: the finder's side.
    await sweep('POST /api/v1/tracking/{tracking_id}/messages', 'tracking-page message', (headers) =>
      anon.post(`/api/v1/tracking/${report.tracking_id}/messages`, { body: 'More detail.' },
        { headers: { ...headers, 'X-Tracking-Token': report.tracking_token } }));
    const finder = server.client();
    const fu = await finder.post('/api/v1/finders', { username: uniq('fiona'), password: USER_PASSWORD, email: 'fiona@fault.example' });
    ok(fu, 'finder');
    await finder.signIn(fu.json.username ?? fu.json.user?.username, USER_PASSWORD);
    const mine = await submitReport(finder, { product_id: productId });
    await sweep('POST /api/v1/my/reports/{id}/messages', 'my report message', (headers) =>
      finder.post(`/api/v1/my/reports/${mine.id}/messages`, { body: 'build 1.0.3' }, { headers }));

    // Products and the inventory.
    await sweep('PATCH /api/v1/products/{id}', 'product edit', (headers) =>
      admin.patch(`/api/v1/products/${productId}`, { name: uniq('Fault Router ') }, { headers }));
    await sweep('POST /api/v1/scan', 'scan (reads only)', (headers) => admin.post('/api/v1/scan', undefined, { raw: sbom, headers }));
    await sweep('POST /api/v1/receipts/verify', 'receipts verify (reads only)', (headers) =>
      admin.post('/api/v1/receipts/verify', {}, { headers }));
    await sweep('POST /api/v1/access-log/verify', 'access log verify (reads only)', (headers) =>
      admin.post('/api/v1/access-log/verify', {}, { headers }));

    // Cases.
    const partner = await createOrg(admin);
    await sweep('POST /api/v1/cases/{id}/participants', 'case participant', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/participants`, { org_id: partner.id, role: 'participant' }, { headers }));
    await sweep('PATCH /api/v1/cases/{id}', 'case edit', (headers) =>
      admin.patch(`/api/v1/cases/${caseId}`, { title: 'Stack overflow in the login handler (fault sweep)' }, { headers }));
    await sweep('POST /api/v1/cases/{id}/transitions', 'case confirmed', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/transitions`, { to: 'confirmed', reason: 'reproduced' }, { headers }));
    await sweep('POST /api/v1/cases/{id}/upstream-notices', 'upstream notice', (headers) => admin.post(`/api/v1/cases/${caseId}/upstream-notices`,
      { upstream_provider: 'Upstream Ltd', component: 'libfoo', method: 'email', evidence: 'sent' }, { headers }));
    await sweep('POST /api/v1/cases/{id}/user-notices', 'user notice', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/user-notices`, { customer: 'Example Telecom', method: 'email' }, { headers }));
    await sweep('POST /api/v1/cases/{id}/user-notices/emails', 'user notice emails (queued)', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, { risk_en: 'risk', fix_en: 'upgrade' }, { headers }));
    await sweep('POST /api/v1/regulatory-reports/{id}/acknowledgement', 'regulatory report acknowledged', (headers) =>
      admin.post(`/api/v1/regulatory-reports/${regReportId}/acknowledgement`, { note: 'received' }, { headers }));

    // Advisories and their gates.
    await sweep('POST /api/v1/cases/{id}/advisory', 'advisory draft', (headers) => admin.post(`/api/v1/cases/${caseId}/advisory`, undefined, { headers }));
    await sweep('PATCH /api/v1/cases/{id}/advisory', 'advisory edit', (headers) =>
      admin.patch(`/api/v1/cases/${caseId}/advisory`, { en: { solution: 'Upgrade to the fixed firmware.' } }, { headers }));
    await sweep('POST /api/v1/cases/{id}/advisory/transition', 'advisory to review', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'in_review' }, { headers }));
    await sweep('POST /api/v1/cases/{id}/consents', 'joint assessment consent', (headers) => admin.post(`/api/v1/cases/${caseId}/consents`,
      { kind: 'early_release', provider: 'Fault PSIRT', miit_reference: 'MIIT-2026-17', miit_date: '2026-12-01', mps_reference: 'MPS-2026-9', mps_date: '2026-12-02' }, { headers }));
    const blackout = await sweep('POST /api/v1/blackouts', 'blackout', (headers) =>
      admin.post('/api/v1/blackouts', { name: 'fault sweep', start: '2031-01-01T00:00:00Z', end: '2031-01-02T00:00:00Z' }, { headers }));
    await sweep('DELETE /api/v1/blackouts/{id}', 'blackout removed', (headers) => admin.del(`/api/v1/blackouts/${blackout.json.id}`, { headers }));

    // Rewards.
    const policy = await sweep('POST /api/v1/reward-policies', 'reward policy', (headers) => admin.post('/api/v1/reward-policies',
      { provider_org: orgId, grade: 'high', min_minor: 100, max_minor: 200000, currency: 'CNY' }, { headers }));
    await sweep('PUT /api/v1/reward-policies/{id}', 'reward policy edit', (headers) => admin.put(`/api/v1/reward-policies/${policy.json.id}`,
      { grade: 'high', min_minor: 100, max_minor: 300000, currency: 'CNY' }, { headers }));
    const reward = await sweep('POST /api/v1/cases/{id}/rewards', 'reward proposed', (headers) => admin.post(`/api/v1/cases/${caseId}/rewards`,
      { report_id: report.id, amount_minor: 100000, currency: 'CNY', note: 'thanks' }, { headers }));
    await sweep('POST /api/v1/rewards/{id}/transitions', 'reward cancelled', (headers) =>
      admin.post(`/api/v1/rewards/${reward.json.id}/transitions`, { to: 'cancelled', reason: 'fault sweep' }, { headers }));
    await sweep('DELETE /api/v1/reward-policies/{id}', 'reward policy removed', (headers) => admin.del(`/api/v1/reward-policies/${policy.json.id}`, { headers }));

    // The platform's own filing.
    await sweep('PUT /api/v1/platform-filing', 'platform filing draft', (headers) => admin.put('/api/v1/platform-filing', {
      platform_name: '示例漏洞收集平台', home_url: 'https://vuln.example.cn', icp_number: '京ICP备12345678号-1',
      publication_channels: ['https://vuln.example.cn/advisories'], host_type: 'organisation', host_name: '示例科技有限公司',
      host_id_number: '91350100M000100Y43', responsible: { name: '张三', phone: '+86 10-1234 5678', email: 'zhang@example.cn' },
      contacts: [{ name: '李四', phone: '13800138000', email: 'li@example.cn' }], collection_scope: '网络产品安全漏洞',
      collection_methods: '网页表单', verification_rules: 'verified within 5 working days', notification_rules: 'within 2 days',
      publication_rules: 'fix first', user_identity_rules: 'real-name registration by phone',
    }, { headers }));
    await sweep('POST /api/v1/platform-filing/attachments', 'platform filing attachment', (headers) =>
      admin.post('/api/v1/platform-filing/attachments', { kind: 'mlps_proof', filename: 'mlps.pdf', data: Buffer.from('%PDF-1.4').toString('base64') }, { headers }));
    ok(await admin.post('/api/v1/platform-filing/attachments', { kind: 'commitment_letter', filename: 'letter.pdf', data: Buffer.from('%PDF signed').toString('base64') }), 'letter');
    // Issue 10 item 7 and its defects: external ids (kept as search keys by
    // triggers, which must roll back with the request), an app product, a
    // filing attachment replacing the earlier one of its kind.
    await sweep('PATCH /api/v1/cases/{id}', 'case external ids', (headers) => admin.patch(`/api/v1/cases/${caseId}`,
      { external_ids: ['CVE-2021-44228', 'CNVD-2021-95914', 'CNNVD-202112-799'] }, { headers }));
    await sweep('POST /api/v1/products', 'create app product', (headers) => admin.post('/api/v1/products', {
      provider_org: orgId, name: uniq('Fault Pay '), kind: 'mini_program', platform: 'wechat', app_id: 'wx1234567890abcdef',
      store_version: '1.0.3',
    }, { headers }));
    await sweep('POST /api/v1/platform-filing/attachments', 'platform filing attachment replaced', (headers) =>
      admin.post('/api/v1/platform-filing/attachments', { kind: 'mlps_proof', filename: 'mlps-2.pdf', data: Buffer.from('%PDF-1.7').toString('base64') }, { headers }));
    await sweep('POST /api/v1/platform-filing/transitions', 'platform filed', (headers) => admin.post('/api/v1/platform-filing/transitions',
      { to: 'filed', filing_number: '工信部漏洞平台备2026-0001', date: new Date().toISOString().slice(0, 10) }, { headers }));

    // Exchange: webhooks and the outbox (the worker is off: queued, never sent).
    const hook = await admin.post(`/api/v1/orgs/${orgId}/webhooks`, { url: 'http://127.0.0.1:9/hook2', events: ['case.confirmed'] });
    ok(hook, 'webhook');
    await sweep('PATCH /api/v1/webhooks/{id}', 'webhook edit', (headers) =>
      admin.patch(`/api/v1/webhooks/${hook.json.id}`, { url: 'http://127.0.0.1:9/hook3' }, { headers }));
    await sweep('POST /api/v1/webhooks/{id}/secret', 'webhook secret rotated', (headers) =>
      admin.post(`/api/v1/webhooks/${hook.json.id}/secret`, {}, { headers }));
    await sweep('POST /api/v1/webhooks/{id}/test', 'webhook test (queued)', (headers) =>
      admin.post(`/api/v1/webhooks/${hook.json.id}/test`, {}, { headers }));
    await sweep('DELETE /api/v1/webhooks/{id}', 'webhook removed', (headers) => admin.del(`/api/v1/webhooks/${hook.json.id}`, { headers }));

    // Federation: a peer (never called: the worker is off), the outbound
    // sends queued to it, and the inbound routes called with a peer's token.
    const authority = await createOrg(admin, { type: 'authority' });
    const peer = await sweep('POST /api/v1/peers', 'peer', (headers) => admin.post('/api/v1/peers',
      { name: uniq('nvdb'), base_url: 'http://127.0.0.1:9', org_id: authority.id, token: 'p'.repeat(40) }, { headers }));
    await sweep('POST /api/v1/reports/{id}/forwardings', 'report forwarded (queued)', (headers) =>
      admin.post(`/api/v1/reports/${report.id}/forwardings`, { peer_id: peer.json.id }, { headers }));
    const second = await acceptedCase(admin, anon, { product_id: productId });
    const toFile = await admin.post(`/api/v1/cases/${second.caseId}/regulatory-reports`, {});
    ok(toFile, 'second regulatory report');
    await completeRegulatoryReport(toFile.json.id);
    await sweep('POST /api/v1/regulatory-reports/{id}/filings', 'regulatory report filed (queued)', (headers) =>
      admin.post(`/api/v1/regulatory-reports/${toFile.json.id}/filings`, { peer_id: peer.json.id }, { headers }));
    await sweep('POST /api/v1/cases/{id}/upstream-deliveries', 'upstream delivery (queued)', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/upstream-deliveries`, { peer_id: peer.json.id, component: 'libfoo', evidence: 'the flaw' }, { headers }));
    const pending = await admin.get('/api/v1/deliveries?limit=1');
    ok(pending, 'deliveries');
    await sweep('POST /api/v1/deliveries/{id}/retry', 'delivery retried', (headers) =>
      admin.post(`/api/v1/deliveries/${pending.json.items[0].id}/retry`, {}, { headers }));

    const bot = await botClient('provider');
    const inbound = await sweep('POST /api/v1/federation/regulatory-reports', 'inbound regulatory report', (headers) =>
      bot.post('/api/v1/federation/regulatory-reports', { sender_report_id: '77', case_ref: 'LD-FAULT', aware_at: new Date(Date.now() - 3600e3).toISOString(),
        fields: { product_name: 'P', technical_characteristics: 't', harm: 'h', scope: 's' } }, { headers: { ...headers, 'Idempotency-Key': 'fault-reg' } }));
    ok(inbound, 'inbound');
    const inbox = await admin.get('/api/v1/authority/inbox?limit=200');
    const item = inbox.json.items.find((i) => i.case_ref === 'LD-FAULT').id;
    await sweep('POST /api/v1/authority/inbox/{id}/joint-assessment', 'joint assessment', (headers) =>
      admin.post(`/api/v1/authority/inbox/${item}/joint-assessment`, { participants: ['MIIT', 'MPS'], conclusion: 'agreed', grade: 'high' }, { headers }));
    await sweep('POST /api/v1/authority/inbox/{id}/forwardings', 'inbox item forwarded (queued)', (headers) =>
      admin.post(`/api/v1/authority/inbox/${item}/forwardings`, { peer_ids: [peer.json.id] }, { headers }));
    await sweep('DELETE /api/v1/peers/{id}', 'peer removed', (headers) => admin.del(`/api/v1/peers/${peer.json.id}`, { headers }));
    await sweep('POST /api/v1/authority/inbox/{id}/decision', 'inbox decision', (headers) =>
      admin.post(`/api/v1/authority/inbox/${item}/decision`, { state: 'acknowledged', note: 'ok' }, { headers }));
    await sweep('POST /api/v1/federation/reports', 'inbound forwarded report', (headers) =>
      bot.post('/api/v1/federation/reports', { kind: 'forwarded_report', report: { title: 'A forwarded flaw in the router', product_text: 'Example router 1.0', impact: 'remote code execution' } },
        { headers: { ...headers, 'Idempotency-Key': 'fault-fwd' } }));
    const platformBot = await botClient('platform');
    await sweep('POST /api/v1/threat-records', 'threat record', (headers) =>
      platformBot.post('/api/v1/threat-records', { id: 'TI-FAULT-1', kind: 'threat', title: '针对路由器的扫描', severity: 'high' }, { headers }));
  }

  // Fills the fields a regulatory report still lacks (those its submission
  // names), through `through` (a sweep) or plainly.
  async function completeRegulatoryReport(id, through = (send) => send({})) {
    const missing = await admin.post(`/api/v1/regulatory-reports/${id}/submit`, { channel: 'nvdb-web', reference: 'x' });
    assert.equal(missing.status, 422, missing.text);
    const fill = {};
    for (const f of missing.json.error.details.fields) fill[f.field] = f.field.endsWith('email') ? 'psirt@fault.example' : 'Fault PSIRT';
    const r = await through((headers) => admin.patch(`/api/v1/regulatory-reports/${id}`, fill, { headers }));
    assert.equal(r.status, 200, r.text);
  }

  // A client with an API token of a fresh organisation of `type`: how a
  // peer deployment calls the federation routes.
  async function botClient(type) {
    const org = await createOrg(admin, { type });
    const u = await createUser(admin, { memberships: [{ org_id: org.id, role: 'member' }] });
    const c = server.client();
    await c.signIn(u.username, USER_PASSWORD);
    const r = await c.post('/api/v1/tokens', { name: 'federation', org_id: org.id, role: 'member', expires_in_days: 30 });
    assert.equal(r.status, 201, r.text);
    return server.client({ bearer: r.json.secret });
  }
});
