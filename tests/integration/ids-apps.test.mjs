// External ids (R-IDS) and app products (R-APPS) through the real server, on
// whichever backend the run uses: ids are checked wherever they are entered
// (the case, the advisory), a refusal names each bad id and changes nothing;
// the case search and the public advisory list find them by any id, whole
// and in any case of the prefix; an app product's platform, id and store
// version are checked, stored, prefilled into the advisory and exported.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { dbDigest, sharedServer } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, moveCase, publishAdvisory, signedInUser, uniq } from './lib/fixtures.mjs';

const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

describe('external ids and app products', () => {
  let server, admin, anon, org, providerAdmin;
  sharedServer((s) => ({ server, admin, anon } = s));
  before(async () => {
    org = await createOrg(admin);
    providerAdmin = await signedInUser(server, admin, [{ org_id: org.id, role: 'admin' }]);
  });

  async function refused(send, status) {
    const before = dbDigest(server.dataDir);
    const r = await send();
    assert.equal(r.status, status, r.text);
    assert.deepEqual(dbDigest(server.dataDir), before, 'a refused request changed the database');
    return r;
  }
  const fields = (r) => r.json.error.details.fields.map((f) => [f.field, f.code]);

  it('a case takes only well-formed ids; each bad one is named', async () => {
    const product = await createProduct(admin, org.id);
    const { caseId } = await acceptedCase(admin, anon, { product_id: product.id });
    let r = await refused(() => admin.patch(`/api/v1/cases/${caseId}`,
      { external_ids: ['CVE-2021-44228', 'CNVD-21-1', 'CNNVD-202113-799', 'log4shell', 'CVE-2021-44228'] }), 422);
    assert.deepEqual(fields(r), [['external_ids[1]', 'bad_identifier'], ['external_ids[2]', 'bad_identifier'],
      ['external_ids[3]', 'unknown_scheme'], ['external_ids[4]', 'duplicate']]);
    assert.match(r.json.error.message, /CNVD-YYYY-NNNNN/);
    assert.match(r.json.error.message, /编号格式应为/);
    const ids = ['CVE-2021-44228', 'CNVD-2021-95914', 'CNNVD-202112-799', 'CICSVD-2022-0001234', 'NVDB-2023-12345'];
    r = await admin.patch(`/api/v1/cases/${caseId}`, { external_ids: ids });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.external_ids, ids);
  });

  it('the case search finds a case by any of its ids, whole, any case of the prefix', async () => {
    const product = await createProduct(admin, org.id);
    const a = (await acceptedCase(admin, anon, { product_id: product.id })).caseId;
    const b = (await acceptedCase(admin, anon, { product_id: product.id })).caseId;
    const cve = `CVE-2026-${String(100000 + (process.pid % 800000)).padStart(6, '0')}`;
    const cnvd = `CNVD-2026-${String(10000 + (process.pid % 80000)).padStart(5, '0')}`;
    assert.equal((await admin.patch(`/api/v1/cases/${a}`, { external_ids: [cve, cnvd] })).status, 200);
    assert.equal((await admin.patch(`/api/v1/cases/${b}`, { external_ids: [cnvd] })).status, 200);
    const found = async (text, who = admin) => {
      const r = await who.get(`/api/v1/cases?text=${encodeURIComponent(text)}`);
      assert.equal(r.status, 200, r.text);
      return r.json.items.map((c) => c.id).sort((x, y) => x - y);
    };
    assert.deepEqual(await found(cve), [a]);
    assert.deepEqual(await found(cve.toLowerCase()), [a]);
    assert.deepEqual(await found(cnvd), [a, b].sort((x, y) => x - y));
    assert.deepEqual(await found(cve.slice(0, -1)), [], 'part of an id is not the id');
    // The provider's admin sees its cases by id too; another organisation's user does not.
    assert.deepEqual(await found(cve, providerAdmin), [a]);
    const stranger = await signedInUser(server, admin, [{ org_id: (await createOrg(admin)).id, role: 'admin' }]);
    assert.deepEqual(await found(cve, stranger), []);
    // Removing the id removes the key.
    assert.equal((await admin.patch(`/api/v1/cases/${a}`, { external_ids: [cnvd] })).status, 200);
    assert.deepEqual(await found(cve), []);
  });

  it('an advisory checks its ids too, and the public list finds a published one by any of them', async () => {
    const product = await createProduct(admin, org.id, { purls: ['pkg:npm/acme-router'] });  // an OSV ecosystem
    const { caseId } = await acceptedCase(admin, anon, { product_id: product.id, title: uniq('Command injection ') });
    assert.equal((await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: VECTOR })).status, 200);
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    assert.equal((await admin.post(`/api/v1/cases/${caseId}/advisory`)).status, 201);
    const r = await refused(() => admin.patch(`/api/v1/cases/${caseId}/advisory`, { external_ids: ['CICSVD-2022-12'] }), 422);
    assert.deepEqual(fields(r), [['external_ids[0]', 'bad_identifier']]);
    const cnnvd = `CNNVD-202612-${String(1000 + (process.pid % 9000))}`;
    const pub = await publishAdvisory({ publisher: admin, approver: providerAdmin, caseId,
      patch: { en: { solution: 'Upgrade to 2.3.' }, external_ids: ['CVE-2021-45046', cnnvd] } });
    assert.equal(pub.status, 200, pub.text);
    const list = async (id) => anon.get(`/api/v1/public/advisories?external_id=${encodeURIComponent(id)}`);
    let l = await list(cnnvd.toLowerCase());
    assert.equal(l.status, 200, l.text);
    assert.deepEqual(l.json.items.map((x) => x.ref), [pub.json.ref]);
    assert.deepEqual(l.json.items[0].external_ids, ['CVE-2021-45046', cnnvd]);
    l = await list('CNNVD-209912-0001');
    assert.deepEqual(l.json.items, []);
    l = await list('not-an-id');
    assert.equal(l.status, 422, l.text);
    assert.equal(l.json.error.details.fields[0].field, 'external_id');
    // Every export carries every id.
    const osv = await anon.get(`/api/v1/public/advisories/${pub.json.ref}/osv`);
    assert.equal(osv.status, 200, osv.text);
    assert.deepEqual(osv.json.aliases, ['CVE-2021-45046', cnnvd]);
    const csaf = await anon.get(`/api/v1/public/advisories/${pub.json.ref}/csaf`);
    assert.equal(csaf.status, 200, csaf.text);
    const v = csaf.json.vulnerabilities[0];
    assert.equal(v.cve, 'CVE-2021-45046');
    assert.deepEqual(v.ids.map((x) => x.text), [cnnvd]);
  });

  it('an app product carries a platform of its kind and an id of that platform\'s shape', async () => {
    const base = { provider_org: org.id, name: uniq('Acme Pay ') };
    let r = await refused(() => admin.post('/api/v1/products', { ...base, kind: 'mini_program', platform: 'wechat', app_id: 'wxNOTHEX' }), 422);
    assert.deepEqual(fields(r), [['app_id', 'bad_app_id']]);
    assert.match(r.json.error.message, /wx and 16 hex digits/);
    r = await refused(() => admin.post('/api/v1/products', { ...base, kind: 'mobile_app', platform: 'wechat', app_id: 'wx1234567890abcdef' }), 422);
    assert.deepEqual(fields(r), [['platform', 'bad_value']]);
    r = await refused(() => admin.post('/api/v1/products', { ...base, kind: 'mobile_app', platform: 'android' }), 422);
    assert.deepEqual(fields(r), [['app_id', 'required']]);
    r = await refused(() => admin.post('/api/v1/products', { ...base, kind: 'firmware', app_id: 'com.acme.pay' }), 422);
    assert.deepEqual(fields(r), [['app_id', 'not_an_app']]);

    r = await admin.post('/api/v1/products', { ...base, kind: 'mobile_app', platform: 'android', app_id: 'com.acme.pay', store_version: '3.2.1' });
    assert.equal(r.status, 201, r.text);
    const app = r.json;
    assert.deepEqual([app.platform, app.app_id, app.store_version], ['android', 'com.acme.pay', '3.2.1']);
    r = await admin.get(`/api/v1/products/${app.id}`);
    assert.equal(r.json.app_id, 'com.acme.pay');
    // Changing the platform alone re-checks the stored id against the new shape.
    r = await refused(() => admin.patch(`/api/v1/products/${app.id}`, { platform: 'ios', app_id: 'com acme' }), 422);
    r = await admin.patch(`/api/v1/products/${app.id}`, { store_version: '3.2.2' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.store_version, '3.2.2');

    // Prefilled into the advisory and carried into CSAF (a note) and CVE 5 (packageName, platforms).
    const { caseId } = await acceptedCase(admin, anon, { product_id: app.id, title: uniq('Token leak ') });
    assert.equal((await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: VECTOR })).status, 200);
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    r = await admin.post(`/api/v1/cases/${caseId}/advisory`);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.affected[0].app_platform, r.json.affected[0].app_id, r.json.affected[0].app_store_version],
      ['android', 'com.acme.pay', '3.2.2']);
    const pub = await publishAdvisory({ publisher: admin, approver: providerAdmin, caseId,
      patch: { en: { solution: 'Update to 3.2.3.' } } });
    assert.equal(pub.status, 200, pub.text);
    const csaf = (await anon.get(`/api/v1/public/advisories/${pub.json.ref}/csaf`)).json;
    assert.ok(csaf.document.notes.some((n) => n.text.includes('android com.acme.pay 3.2.2')), JSON.stringify(csaf.document.notes));
  });
});
