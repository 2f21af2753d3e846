// Fault sweep in SQLite's "N-th operation fails" style (issue 11, item 3):
// for each write route, the route's 1st, 2nd, ... storage operation fails
// (X-Loudong-Fault: N, honoured by test builds only, core/fault.h) until N
// is past the last operation the route runs. Every failed request answers
// 5xx with an error, changes nothing in the database, and leaves the server
// answering; the run with no fault then succeeds once. At the end the
// receipt log verifies. Notifications are off so that nothing but the
// requests writes (the outbox worker would fan out events between digests).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Server, cli, dbDigest, onPostgres } from './lib/server.mjs';
import { createOrg, createProduct, reportBody, signedInUser, uniq } from './lib/fixtures.mjs';
import { totp } from './lib/totp.mjs';

// Every row of every table, as text: what a request may not change when it
// fails (on PostgreSQL the harness's digest of every table's rows).
function contents(dataDir) {
  if (onPostgres) return JSON.stringify(dbDigest(dataDir));
  const r = spawnSync('sqlite3', [path.join(dataDir, 'loudong.db'), '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`sqlite3 .dump failed: ${r.stderr}`);
  return createHash('sha256').update(r.stdout).digest('hex');
}

describe('fault sweep: the N-th storage operation of a write fails', () => {
  let server, admin, anon, compiledIn;
  const tally = { routes: 0, faults: 0, acknowledged: 0 };

  before(async () => {
    server = await Server.start({ env: { LOUDONG_NOTIFY_ENABLED: 'false' } });
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

  // send(headers) makes the request; it must succeed (2xx) when no fault hits.
  async function sweep(name, send) {
    if (!compiledIn) return null;
    tally.routes++;
    for (let n = 1; n < 500; n++) {
      const before = contents(server.dataDir);
      const r = await send({ 'X-Loudong-Fault': String(n) });
      if (r.headers.get('x-loudong-fault-injected') === '0') {
        assert.ok(r.status >= 200 && r.status < 300, `${name}: without a fault (N=${n}): ${r.status} ${r.text}`);
        assert.equal(Number(r.headers.get('x-loudong-fault-operations')), n - 1, `${name}: operations counted`);
        tally.acknowledged++;
        return r;
      }
      tally.faults++;
      assert.ok(r.status >= 500, `${name}: operation ${n} failed, yet the answer was ${r.status} ${r.text}`);
      assert.ok(r.json && r.json.error && r.json.error.message, `${name}: N=${n}: an error body: ${r.text}`);
      assert.equal(contents(server.dataDir), before, `${name}: operation ${n} failed, and the database changed`);
      const alive = await anon.get('/api/v1/health');
      assert.equal(alive.status, 200, `${name}: the server stopped answering after fault ${n}`);
    }
    throw new Error(`${name}: still failing after 500 operations`);
  }

  it('every write route fails whole and then succeeds whole', async (t) => {
    if (!compiledIn) return t.skip('this build has no fault injection (LOUDONG_FAULT_INJECTION off)');
    const org = await sweep('create organisation', (headers) =>
      admin.post('/api/v1/orgs', { name: uniq('Fault Networks '), type: 'provider', region: 'CN' }, { headers }));
    const orgId = org.json.id;
    await sweep('create user', (headers) => admin.post('/api/v1/users', {
      username: uniq('psirt'), password: 'Fault-Password-For-Tests-1', email: 'psirt@fault.example',
      memberships: [{ org_id: orgId, role: 'coordinator' }],
    }, { headers }));
    const product = await sweep('create product', (headers) => admin.post('/api/v1/products', {
      provider_org: orgId, name: uniq('Fault Router '), kind: 'firmware', versions: ['1.0'],
      customers: [{ name: 'Example Telecom', contact: 'sec@telecom.example' }],
    }, { headers }));
    const sbom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [
      { type: 'library', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }] });
    await sweep('upload SBOM', (headers) =>
      admin.post(`/api/v1/products/${product.json.id}/versions/1.1/sbom`, undefined, { raw: sbom, headers }));
    const report = await sweep('submit report (anonymous intake)', (headers) =>
      anon.post('/api/v1/reports', reportBody({ product_id: product.json.id, product_version: '1.0' }), { headers }));
    const id = report.json.id;
    await sweep('report to triage', (headers) => admin.post(`/api/v1/reports/${id}/transitions`, { to: 'triage' }, { headers }));
    const accepted = await sweep('accept report (opens a case)', (headers) =>
      admin.post(`/api/v1/reports/${id}/transitions`, { to: 'accepted' }, { headers }));
    const caseId = accepted.json.case_id;
    await sweep('case components', (headers) => admin.put(`/api/v1/cases/${caseId}/components`, {
      components: [{ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core', range: 'vers:maven/>=2.0.0|<2.17.1' }],
    }, { headers }));
    await sweep('report message', (headers) =>
      admin.post(`/api/v1/reports/${id}/messages`, { visibility: 'finder', body: 'Thank you: reproduced.' }, { headers }));
    await sweep('case message', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/messages`, { visibility: 'coordinators', body: 'Upstream contacted.' }, { headers }));
    await sweep('case assessment (grade from CVSS)', (headers) => admin.put(`/api/v1/cases/${caseId}/assessment`,
      { cvss31_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }, { headers }));
    const draft = await sweep('regulatory report draft', (headers) =>
      admin.post(`/api/v1/cases/${caseId}/regulatory-reports`, {}, { headers }));
    const missing = await admin.post(`/api/v1/regulatory-reports/${draft.json.id}/submit`, { channel: 'nvdb-web', reference: 'x' });
    if (missing.status === 422) {
      const fill = {};
      for (const f of missing.json.error.details.fields) fill[f.field] = f.field.endsWith('email') ? 'psirt@fault.example' : 'Fault PSIRT';
      await sweep('regulatory report fields', (headers) =>
        admin.patch(`/api/v1/regulatory-reports/${draft.json.id}`, fill, { headers }));
    }
    await sweep('regulatory report submitted (stops the 48-hour clock)', (headers) =>
      admin.post(`/api/v1/regulatory-reports/${draft.json.id}/submit`, { channel: 'nvdb-web', reference: 'NVDB-FAULT-1' }, { headers }));
    await sweep('API token', (headers) =>
      admin.post('/api/v1/tokens', { name: 'fault sweep', org_id: orgId, role: 'admin', expires_in_days: 1 }, { headers }));
    await sweep('sign in (a session)', (headers) =>
      server.client().post('/api/v1/session', { username: 'admin', password: 'Root-Password-For-Tests-1' }, { headers }));
    // The second factor: enrolment, its confirmation, a sign-in with a code
    // (the code is taken only when the session is written), removal, reset.
    const sfPassword = 'Fault-Password-For-Tests-1';
    const sfUser = await admin.post('/api/v1/users', { username: uniq('sf'), password: sfPassword });
    assert.equal(sfUser.status, 201, sfUser.text);
    const sf = server.client();
    await sf.signIn(sfUser.json.username, sfPassword);
    let enrolled = await sweep('second factor enrolment', (headers) => sf.post('/api/v1/me/second-factor/enrolment', undefined, { headers }));
    await sweep('second factor confirmation', (headers) =>
      sf.post('/api/v1/me/second-factor/confirmation', { code: totp(enrolled.json.secret) }, { headers }));
    await sweep('sign in with a second-factor code', (headers) => server.client().post('/api/v1/session',
      { username: sfUser.json.username, password: sfPassword, code: totp(enrolled.json.secret, { offset: 1 }) }, { headers }));
    await sweep('second factor removal', (headers) => sf.post('/api/v1/me/second-factor/removal', { password: sfPassword }, { headers }));
    enrolled = await sf.post('/api/v1/me/second-factor/enrolment');
    assert.equal((await sf.post('/api/v1/me/second-factor/confirmation', { code: totp(enrolled.json.secret) })).status, 200);
    await sweep('second factor reset by an admin', (headers) =>
      admin.post(`/api/v1/users/${sfUser.json.id}/second-factor/reset`, undefined, { headers }));
    await sweep('advisory import over the API', (headers) => admin.post('/api/v1/import/osv', [{
      id: 'FAULT-2026-0001', modified: '2026-12-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
    }], { headers }));
    await sweep('policy', (headers) => admin.put('/api/v1/policy', { fix_high_days: 20 }, { headers }));
    await sweep('webhook subscription', (headers) => admin.post(`/api/v1/orgs/${orgId}/webhooks`, {
      url: 'http://127.0.0.1:9/hook', events: ['report.received'] }, { headers }));
    // R-OPERATOR: an operator's case (sealed details), their change, its asset exposures.
    const opOrg = await createOrg(admin, { type: 'operator' });
    const opMember = await signedInUser(server, admin, [{ org_id: opOrg.id, role: 'coordinator' }]);
    const opCase = await sweep('operator case', (headers) => opMember.post('/api/v1/operator-cases', {
      org_id: opOrg.id, title: 'Default password on the SCADA HMI', asset: 'HMI-1', location: 'plant 2', owner: 'OT team',
    }, { headers }));
    await sweep('operator details', (headers) => opMember.put(`/api/v1/cases/${opCase.json.id}/operator-details`,
      { asset: 'HMI-2', location: 'plant 2', owner: 'OT team' }, { headers }));
    const exposure = await sweep('asset exposure', (headers) => opMember.post(`/api/v1/orgs/${opOrg.id}/asset-exposures`,
      { advisory_ref: opCase.json.ref, asset: 'HMI-3', status: 'affected' }, { headers }));
    await sweep('asset exposure status', (headers) =>
      opMember.patch(`/api/v1/asset-exposures/${exposure.json.id}`, { status: 'patched' }, { headers }));
    await sweep('asset exposure removed', (headers) => opMember.del(`/api/v1/asset-exposures/${exposure.json.id}`, { headers }));

    const v = cli(['receipts', 'verify', '--data', server.dataDir]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.json.ok, true);
    // Many routes write an access-log entry: a failed one must leave no link behind.
    const a = cli(['access', 'verify', '--data', server.dataDir]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.json.ok, true);
    t.diagnostic(`routes ${tally.routes}, faults injected ${tally.faults}, requests acknowledged ${tally.acknowledged}, lost 0`);
    assert.ok(tally.faults >= tally.routes * 2, JSON.stringify(tally));
  });
});
