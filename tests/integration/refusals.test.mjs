// Refused requests: each gets a clear error and leaves the database
// byte-for-byte unchanged (loudong.db and loudong.db-wal hashed around it).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, cli, dbDigest, sqlite, sharedServer } from './lib/server.mjs';
import { createOrg, createProduct, createUser, signedInUser, acceptedCase, reportBody, USER_PASSWORD } from './lib/fixtures.mjs';

describe('refused requests leave the database unchanged', () => {
  let server, admin, anon, orgA, orgB, caseA, reportA, memberA, coordB, expiredToken, rrA;

  sharedServer((s) => ({ server, admin, anon } = s));
  before(async () => {
    orgA = await createOrg(admin);
    orgB = await createOrg(admin);
    const productA = await createProduct(admin, orgA.id);
    ({ caseId: caseA, report: reportA } = await acceptedCase(admin, anon, { product_id: productA.id }));
    memberA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'member' }]);
    coordB = await signedInUser(server, admin, [{ org_id: orgB.id, role: 'coordinator' }]);
    const rr = await admin.post(`/api/v1/cases/${caseA}/regulatory-reports`, {});
    assert.equal(rr.status, 201, rr.text);
    rrA = rr.json.id;
    const u = await createUser(admin, { memberships: [{ org_id: orgA.id, role: 'coordinator' }] });
    const t = cli(['token', 'create', '--data', server.dataDir, '--user', u.username, '--org', String(orgA.id),
      '--role', 'coordinator', '--days', '1']);
    assert.equal(t.status, 0, t.stderr);
    // It works now; then it expires (the server's clock cannot be moved).
    const ok = await new Client(server.url, { bearer: t.json.secret }).get('/api/v1/session');
    assert.equal(ok.status, 200, ok.text);
    sqlite(server.db, `UPDATE api_tokens SET expires_at = 1 WHERE id = ${t.json.id}`);
    expiredToken = t.json.secret;
    void USER_PASSWORD;
  });

  // Runs the request and checks status, error code and the unchanged database.
  async function refused(name, send, status, code, check) {
    const before = dbDigest(server.dataDir);
    const r = await send();
    const afterD = dbDigest(server.dataDir);
    assert.equal(r.status, status, `${name}: ${r.status} ${r.text}`);
    assert.ok(r.json && r.json.error, `${name}: error body ${r.text}`);
    assert.equal(typeof r.json.error.message, 'string');
    assert.ok(r.json.error.message.length > 0);
    assert.equal(typeof r.json.error.details, 'object');
    if (code) assert.equal(r.json.error.code, code, `${name}: ${r.text}`);
    if (check) check(r);
    assert.deepEqual(afterD, before, `${name}: the database changed`);
    return r;
  }
  const fieldNamed = (f, c) => (r) => {
    const fields = r.json.error.details.fields || [];
    assert.ok(fields.some((x) => x.field === f && (!c || x.code === c)), `field ${f}/${c} in ${JSON.stringify(fields)}`);
  };

  it('malformed JSON', async () => {
    await refused('report', () => anon.post('/api/v1/reports', null, { raw: '{"title": "x",' }), 400, 'malformed_json',
      (r) => assert.match(r.json.error.message, /byte \d+/));
    await refused('org', () => admin.post('/api/v1/orgs', null, { raw: '{name:1}' }), 400, 'malformed_json');
    await refused('array', () => anon.post('/api/v1/reports', [reportBody()]), 400, 'malformed_json');
    await refused('empty', () => anon.post('/api/v1/reports', null, { raw: '' }), 400, 'malformed_json');
    await refused('truncated utf-8', () => anon.post('/api/v1/reports', null, { raw: Buffer.from([0x7b, 0x22, 0xc3]) }), 400,
      'malformed_json');
  });

  it('wrong types', async () => {
    await refused('title number', () => anon.post('/api/v1/reports', reportBody({ title: 5 })), 400, 'invalid_request',
      fieldNamed('title', 'wrong_type'));
    await refused('bool as string', () => anon.post('/api/v1/reports', reportBody({ exploited: 'yes' })), 400,
      'invalid_request', fieldNamed('exploited', 'wrong_type'));
    await refused('product_id string', () => anon.post('/api/v1/reports', reportBody({ product_id: '1' })), 400,
      'invalid_request', fieldNamed('product_id', 'wrong_type'));
    await refused('product_id float', () => anon.post('/api/v1/reports', reportBody({ product_id: 1.5 })), 400,
      'invalid_request', fieldNamed('product_id', 'wrong_type'));
    await refused('attachment not object', () => anon.post('/api/v1/reports', reportBody({ attachments: ['x'] })), 400,
      'invalid_request', fieldNamed('attachments[0]', 'wrong_type'));
    await refused('org type', () => admin.post('/api/v1/orgs', { name: 'x', type: 'provider', region: 7 }), 400,
      'invalid_request', fieldNamed('region', 'wrong_type'));
    await refused('transition to number', () => admin.post(`/api/v1/cases/${caseA}/transitions`, { to: 1 }), 400,
      'invalid_request', fieldNamed('to', 'wrong_type'));
  });

  it('missing fields', async () => {
    await refused('empty report', () => anon.post('/api/v1/reports', {}), 422, null, fieldNamed('title'));
    await refused('no password', () => anon.post('/api/v1/session', { username: 'admin' }), 422, null, fieldNamed('password'));
    await refused('no to', () => admin.post(`/api/v1/cases/${caseA}/transitions`, {}), 422, null, fieldNamed('to'));
    await refused('no channel', () => admin.post(`/api/v1/regulatory-reports/${rrA}/submit`, { reference: 'x' }), 422, null,
      fieldNamed('channel'));
    await refused('no org type', () => admin.post('/api/v1/orgs', { name: 'x', region: 'CN' }), 422, null, fieldNamed('type'));
  });

  it('unknown fields', async () => {
    await refused('report extra', () => anon.post('/api/v1/reports', reportBody({ severity: 'high' })), 400,
      'invalid_request', fieldNamed('severity', 'unknown_field'));
    await refused('nested extra', () => admin.post('/api/v1/products', { provider_org: orgA.id, name: 'n', kind: 'software',
      customers: [{ name: 'c', secret: 1 }] }), 400, 'invalid_request', fieldNamed('customers[0].secret', 'unknown_field'));
    await refused('session extra', () => anon.post('/api/v1/session', { username: 'admin', password: 'x', remember: true }),
      400, 'invalid_request', fieldNamed('remember', 'unknown_field'));
  });

  it('oversized body to a normal route is 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), type: 'provider', region: 'CN' });
    await refused('orgs 1 MiB', () => admin.post('/api/v1/orgs', null, { raw: big }), 413);
    const bigSession = JSON.stringify({ username: 'admin', password: 'p'.repeat(1100 * 1024) });
    await refused('session 1 MiB', () => anon.post('/api/v1/session', null, { raw: bigSession }), 413);
  });

  it('wrong content type is 415', async () => {
    await refused('text/plain', () => anon.post('/api/v1/reports', null, { raw: JSON.stringify(reportBody()), contentType: 'text/plain' }),
      415, 'unsupported_media_type');
    await refused('form', () => admin.post('/api/v1/orgs', null, { raw: 'name=x&type=provider', contentType: 'application/x-www-form-urlencoded' }),
      415, 'unsupported_media_type');
  });

  it('a content type that only starts with application/json is 415', async () => {
    await refused('jsonx', () => admin.post('/api/v1/orgs', null, { raw: JSON.stringify({ name: 'ct', type: 'provider', region: 'CN' }), contentType: 'application/jsonx' }),
      415, 'unsupported_media_type');
  });

  it('application/json with parameters is accepted', async () => {
    const r = await anon.post('/api/v1/reports', null, { raw: JSON.stringify(reportBody({ title: 'charset' })), contentType: 'application/json; charset=utf-8' });
    assert.equal(r.status, 201, r.text);
  });

  it('unknown routes and methods', async () => {
    await refused('unknown', () => admin.get('/api/v1/nothing-here'), 404, 'not_found');
    await refused('unknown POST', () => anon.post('/api/v1/reports/1/explode', {}), 404, 'not_found');
    await refused('unknown non-api POST', () => anon.post('/admin', {}), 404, 'not_found');
    await refused('method', () => admin.req('DELETE', '/api/v1/reports'), 405, 'method_not_allowed');
    await refused('bad id', () => admin.get('/api/v1/cases/abc'), 404, 'not_found');
    await refused('negative id', () => admin.get('/api/v1/cases/-1'), 404, 'not_found');
  });

  it('missing or wrong CSRF token is 403', async () => {
    const body = { name: 'csrf-org', type: 'provider', region: 'CN' };
    await refused('missing', () => admin.post('/api/v1/orgs', body, { csrf: false }), 403, 'csrf_failed');
    await refused('wrong', () => admin.post('/api/v1/orgs', body, { headers: { 'X-CSRF-Token': 'x'.repeat(admin.csrf.length) } }),
      403, 'csrf_failed');
    await refused('other session', () => admin.post('/api/v1/orgs', body, { headers: { 'X-CSRF-Token': memberA.csrf } }),
      403, 'csrf_failed');
    await refused('transition', () => admin.post(`/api/v1/cases/${caseA}/transitions`, { to: 'withdrawn', reason: 'x' }, { csrf: false }),
      403, 'csrf_failed');
  });

  it('expired, unknown and malformed credentials are 401', async () => {
    const expired = new Client(server.url, { bearer: expiredToken });
    await refused('expired token', () => expired.get('/api/v1/session'), 401, null,
      (r) => assert.match(r.json.error.message, /expired/));
    await refused('expired token write', () => expired.post(`/api/v1/cases/${caseA}/messages`, { body: 'x', visibility: 'provider' }), 401);
    await refused('unknown token', () => new Client(server.url, { bearer: 'ld_nope' }).get('/api/v1/cases'), 401);
    await refused('basic auth', () => anon.get('/api/v1/cases', { headers: { Authorization: 'Basic YTpi' } }), 401);
    await refused('stale cookie', () => new Client(server.url, { cookie: 'not-a-session', csrf: 'x' }).get('/api/v1/session'), 401);
    await refused('anonymous', () => anon.post('/api/v1/orgs', { name: 'x', type: 'provider', region: 'CN' }), 401);
    await refused('wrong password', () => anon.post('/api/v1/session', { username: 'admin', password: 'wrong' }), 401);
  });

  it('wrong role is 403', async () => {
    await refused('member assesses', () => memberA.put(`/api/v1/cases/${caseA}/assessment`, { cvss31_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }),
      403);
    await refused('member drafts', () => memberA.post(`/api/v1/cases/${caseA}/regulatory-reports`, {}), 403);
    await refused('member withdraws', () => memberA.post(`/api/v1/cases/${caseA}/transitions`, { to: 'withdrawn', reason: 'x' }), 403);
    await refused('member coordinators msg', () => memberA.post(`/api/v1/cases/${caseA}/messages`, { visibility: 'coordinators', body: 'x' }), 403);
    await refused('member creates org', () => memberA.post('/api/v1/orgs', { name: 'x', type: 'provider', region: 'CN' }), 403);
    await refused('member makes platform admin', () => memberA.post('/api/v1/users', { username: 'evil', password: 'Evil-Password-123', platform_admin: true }), 403);
  });

  it("another organisation's objects are 404", async () => {
    await refused('read case', () => coordB.get(`/api/v1/cases/${caseA}`), 404, 'not_found');
    await refused('assess case', () => coordB.put(`/api/v1/cases/${caseA}/assessment`, { cvss31_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }),
      404, 'not_found');
    await refused('transition case', () => coordB.post(`/api/v1/cases/${caseA}/transitions`, { to: 'confirmed' }), 404, 'not_found');
    await refused('message case', () => coordB.post(`/api/v1/cases/${caseA}/messages`, { visibility: 'all', body: 'x' }), 404, 'not_found');
    await refused('draft', () => coordB.post(`/api/v1/cases/${caseA}/regulatory-reports`, {}), 404, 'not_found');
    await refused('read rr', () => coordB.get(`/api/v1/regulatory-reports/${rrA}`), 404, 'not_found');
    await refused('submit rr', () => coordB.post(`/api/v1/regulatory-reports/${rrA}/submit`, { channel: 'x', reference: 'y' }), 404, 'not_found');
    await refused('report', () => coordB.get(`/api/v1/reports/${reportA.id}`), 404, 'not_found');
    await refused('confidential', () => coordB.get(`/api/v1/reports/${reportA.id}/confidential`), 404, 'not_found');
    await refused('report transition', () => coordB.post(`/api/v1/reports/${reportA.id}/transitions`, { to: 'rejected', reason: 'x' }), 404);
  });

  it('illegal transitions are 409 with the allowed states', async () => {
    await refused('case verifying->fixed', () => admin.post(`/api/v1/cases/${caseA}/transitions`, { to: 'fixed' }), 409,
      'illegal_transition', (r) => assert.deepEqual([...r.json.error.details.allowed].sort(), ['confirmed', 'not_affected', 'withdrawn']));
    await refused('report accepted->triage', () => admin.post(`/api/v1/reports/${reportA.id}/transitions`, { to: 'triage' }), 409,
      'illegal_transition', (r) => {
        // From a terminal state nothing is allowed: an empty list, or none.
        assert.deepEqual(r.json.error.details.allowed ?? [], []);
        assert.match(r.json.error.message, /no transition is allowed from accepted/);
      });
    await refused('withdraw without reason', () => admin.post(`/api/v1/cases/${caseA}/transitions`, { to: 'withdrawn' }), 422, null,
      fieldNamed('reason', 'required'));
    await refused('unknown state', () => admin.post(`/api/v1/cases/${caseA}/transitions`, { to: 'exploded' }), 422, null,
      fieldNamed('to', 'bad_value'));
  });
});
