// Issue 13, items 8 and 10: what every JSON body is held to before any
// route sees it. A number beyond a double (1e400) used to escape the parser
// as an exception and answer 500 `internal`, without sign-in; control
// characters (NUL, ESC, a bare CR, C1) were stored. Both are now a 422
// naming the field, and nothing changes.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer, dbDigest, sqlite } from './lib/server.mjs';
import { createOrg, createProduct, reportBody, uniq, USER_PASSWORD } from './lib/fixtures.mjs';

// A 422 whose fields name `field` with `code`, and a database unchanged.
async function refused(server, call, field, code) {
  const before = dbDigest(server.dataDir);
  const r = await call();
  assert.equal(r.status, 422, `${r.status} ${r.text}`);
  const fields = r.json.error.details?.fields ?? [];
  const hit = fields.find((f) => f.field === field);
  assert.ok(hit, `no field ${field} in ${r.text}`);
  assert.equal(hit.code, code, r.text);
  assert.ok(r.json.error.message.includes(field), r.text);
  assert.deepEqual(dbDigest(server.dataDir), before, 'nothing changed');
  return r;
}

describe('numbers out of range: 422 naming the field, on every JSON reader', () => {
  let server, admin, anon, peer, product;
  sharedServer((x) => ({ server, admin, anon } = x));
  before(async () => {
    const org = await createOrg(admin);
    product = await createProduct(admin, org.id);
    // A peer deployment's API token, for the federation receivers.
    const peerOrg = await createOrg(admin, { type: 'provider' });
    const username = uniq('peer');
    let r = await admin.post('/api/v1/users', { username, password: USER_PASSWORD, memberships: [{ org_id: peerOrg.id, role: 'member' }] });
    assert.equal(r.status, 201, r.text);
    const bot = server.client();
    await bot.signIn(username, USER_PASSWORD);
    r = await bot.post('/api/v1/tokens', { name: 'peer', org_id: peerOrg.id, role: 'member', expires_in_days: 30 });
    assert.equal(r.status, 201, r.text);
    peer = server.client({ bearer: r.json.secret });
  });

  it('anonymous intake: 1e400 and -1e999 name the field, nested paths too', async () => {
    await refused(server, () => anon.post('/api/v1/reports', null, { raw: JSON.stringify(reportBody()).replace('{', '{"product_id":1e400,') }),
      'product_id', 'out_of_range');
    await refused(server, () => anon.post('/api/v1/reports', null, {
      raw: '{"title":"t","attachments":[{"filename":"a.txt","data":"QQ=="},{"filename":"b","size":-1e999}]}' }),
    'attachments[1].size', 'out_of_range');
    // An integer too large for 64 bits is a range problem too, not a type one.
    await refused(server, () => anon.post('/api/v1/reports', null, { raw: JSON.stringify(reportBody()).replace('{', '{"product_id":18446744073709551616,') }),
      'product_id', 'out_of_range');
  });

  it('sign-in and signed-in routes', async () => {
    await refused(server, () => anon.post('/api/v1/session', null, { raw: '{"username":"admin","password":1E+400}' }),
      'password', 'out_of_range');
    await refused(server, () => admin.put('/api/v1/policy', null, { raw: '{"fix_high_days":1e400}' }), 'fix_high_days', 'out_of_range');
  });

  it('SBOM upload and scan (simdjson readers)', async () => {
    const sbom = '{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{"type":"library","name":"x","version":"1","weight":1e400}]}';
    await refused(server, () => admin.post(`/api/v1/products/${product.id}/versions/1.0/sbom`, null, { raw: sbom }),
      'components[0].weight', 'out_of_range');
    await refused(server, () => admin.post('/api/v1/scan', null, { raw: sbom }), 'components[0].weight', 'out_of_range');
  });

  it('advisory import through the API', async () => {
    const rec = '[{"id":"X-1","modified":"2024-01-01T00:00:00Z","database_specific":{"score":-1e999}}]';
    await refused(server, () => admin.post('/api/v1/import/osv', null, { raw: rec }), '[0].database_specific.score', 'out_of_range');
  });

  it('federation receivers and threat records (a peer with its token)', async () => {
    const key = { headers: { 'Idempotency-Key': uniq('k') } };
    await refused(server, () => peer.post('/api/v1/federation/reports', null,
      { ...key, raw: '{"kind":"forwarded_report","report":{"title":"t","impact":"i","already_public":1e400}}' }),
    'report.already_public', 'out_of_range');
    await refused(server, () => peer.post('/api/v1/federation/regulatory-reports', null,
      { ...key, raw: '{"fields":{"product_name":"p"},"aware_at":-1e999}' }), 'aware_at', 'out_of_range');
    await refused(server, () => peer.post('/api/v1/threat-records', null, { raw: '{"id":"t1","kind":"threat","title":"x","cvss":1e400}' }),
      'cvss', 'out_of_range');
  });

  it('a value of the wrong type in a peer\'s body is a refusal, not a 500', async () => {
    const key = { headers: { 'Idempotency-Key': uniq('k') } };
    await refused(server, () => peer.post('/api/v1/federation/reports', { kind: 'forwarded_report', report: { title: 'a title here', impact: 'i', already_public: 'yes' } }, key),
      'report.already_public', 'wrong_type');
    await refused(server, () => peer.post('/api/v1/threat-records', { id: 5, kind: 'threat', title: 'x' }), 'id', 'wrong_type');
  });
});

describe('control characters in text fields: 422 naming the field; CR LF kept as LF', () => {
  let server, admin, anon;
  sharedServer((x) => ({ server, admin, anon } = x));

  it('NUL, ESC, a bare CR, DEL and C1 controls are refused in every text field, each named', async () => {
    const r = await refused(server, () => anon.post('/api/v1/reports', reportBody({
      title: '\u0000hidden title', impact: 'ok\u001b[2J', location: 'a\rb', contact_name: 'x\u007f', vuln_type: 'y\u009b31m',
    })), 'title', 'control_character');
    const named = r.json.error.details.fields.map((f) => f.field).sort();
    assert.deepEqual(named, ['contact_name', 'impact', 'location', 'title', 'vuln_type']);
    assert.match(r.json.error.message, /U\+0000/);
    // Nested text and keys are held to the same rule.
    await refused(server, () => anon.post('/api/v1/reports', reportBody({ attachments: [{ filename: 'a\u0007.txt', data: 'QQ==' }] })),
      'attachments[0].filename', 'control_character');
    // Signed-in routes too: an organisation's name, a message on a case.
    await refused(server, () => admin.post('/api/v1/orgs', { name: 'Acme\u001b]0;pwned\u0007', type: 'provider', region: 'CN' }),
      'name', 'control_character');
    const count = sqlite(server.db, 'SELECT count(*) FROM reports').trim();
    assert.equal(count, '0');
  });

  it('tab and line breaks are text; CR LF from a browser form is stored as LF', async () => {
    const r = await anon.post('/api/v1/reports', reportBody({ impact: 'line one\r\nline two\n\tindented' }));
    assert.equal(r.status, 201, r.text);
    const stored = sqlite(server.db, `SELECT impact FROM reports WHERE id = ${r.json.id}`);
    assert.equal(stored, 'line one\nline two\n\tindented\n', 'as stored (the tool adds the last line break)');
    // The title's SQL length is its real length (a leading NUL made it 0).
    assert.equal(sqlite(server.db, `SELECT CASE WHEN length(title) > 0 THEN 1 ELSE 0 END FROM reports WHERE id = ${r.json.id}`).trim(), '1');
  });
});
