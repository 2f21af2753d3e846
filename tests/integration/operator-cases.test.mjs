// Operator cases (R-OPERATOR, issue 10 item 6) through the real server: an
// operator records a vulnerability in a system it runs (asset, location and
// owner sealed at rest, read only by its members and the authorities taking
// part), verifies and fixes it on the fix clock; the case never passes the
// no_operator_details gate (R-PUB-2) on any path: advisory publication, the
// case's publication, exports, federation, email. The operator links
// providers' advisories to its assets. Every refusal changes nothing.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { dbDigest, onPostgres, sharedServer, sqlite } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, moveCase, publishAdvisory, signedInUser, uniq, USER_PASSWORD } from './lib/fixtures.mjs';

const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const DETAILS = { asset: uniq('SCADA-HMI-'), location: '华东数据中心 生产区 10.20.30.40', owner: '运维部 王五' };

describe('operator cases', () => {
  let server, admin, anon;
  let provOrgId, opOrg, opCoordinator, opMember, providerAdmin, product, officer, authority, finder, otherOperator;
  sharedServer((s) => ({ server, admin, anon } = s));

  before(async () => {
    opOrg = await createOrg(admin, { name: uniq('Power Grid Ops '), type: 'operator' });
    opCoordinator = await signedInUser(server, admin, [{ org_id: opOrg.id, role: 'coordinator' }]);
    opMember = await signedInUser(server, admin, [{ org_id: opOrg.id, role: 'member' }]);
    const prov = await createOrg(admin, { name: uniq('Acme ') });
    provOrgId = prov.id;
    product = await createProduct(admin, prov.id, { purls: ['pkg:generic/acme/hmi'] });
    providerAdmin = await signedInUser(server, admin, [{ org_id: prov.id, role: 'admin' }]);
    authority = await createOrg(admin, { name: uniq('CNCERT '), type: 'authority' });
    officer = await signedInUser(server, admin, [{ org_id: authority.id, role: 'member' }]);
    otherOperator = await signedInUser(server, admin, [{ org_id: (await createOrg(admin, { type: 'operator' })).id, role: 'admin' }]);
    finder = server.client();
    const r = await finder.post('/api/v1/finders', { username: uniq('f'), password: USER_PASSWORD, email: `${uniq('f')}@example.cn` });
    assert.equal(r.status, 201, r.text);
    await finder.signIn(r.json.username ?? r.json.user?.username, USER_PASSWORD);
  });

  async function refused(send, status, code) {
    const before = dbDigest(server.dataDir);
    const r = await send();
    assert.equal(r.status, status, r.text);
    if (code) assert.equal(r.json.error.code, code, r.text);
    assert.deepEqual(dbDigest(server.dataDir), before, 'a refused request changed the database');
    return r;
  }

  async function operatorCase(extra = {}) {
    const r = await opCoordinator.post('/api/v1/operator-cases', { org_id: opOrg.id, title: uniq('Weak password on the HMI '), summary: 'found in an internal audit', ...DETAILS, ...extra });
    assert.equal(r.status, 201, r.text);
    return r.json;
  }

  const gateRefusal = (r) => {
    assert.equal(r.json.error.code, 'publication_refused', r.text);
    assert.ok(r.json.error.details.allowed.includes('no_operator_details'), r.text);
    assert.match(r.json.error.message, /R-PUB-2/);
    assert.match(r.json.error.message, /运营者/);
  };

  it('an operator records a case: always about a system in use; the details are sealed, read by the operator and authorities taking part', async () => {
    const c = await operatorCase();
    assert.equal(c.operator_system, true);
    assert.equal(c.state, 'verifying');
    assert.match(c.ref, /^LD-\d{4}-\d{6}$/);
    let r = await opMember.get(`/api/v1/cases/${c.id}/operator-details`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.asset, r.json.location, r.json.owner], [DETAILS.asset, DETAILS.location, DETAILS.owner]);
    const detail = (await opMember.get(`/api/v1/cases/${c.id}`)).json;
    assert.equal(detail.operator_org, opOrg.id);
    assert.equal(detail.permissions.read_operator_details, true);
    assert.ok(!JSON.stringify(detail).includes(DETAILS.asset), 'the case view never carries the details');
    // Sealed at rest: the asset's name is nowhere in the database's bytes.
    if (!onPostgres)
      for (const f of ['loudong.db', 'loudong.db-wal'])
        if (existsSync(path.join(server.dataDir, f)))
          assert.ok(!readFileSync(path.join(server.dataDir, f)).includes(Buffer.from(DETAILS.asset)), `${f} holds the asset in clear`);
    assert.equal(sqlite(server.db, `SELECT count(*) FROM operator_cases WHERE case_id = ${c.id} AND operator_org = ${opOrg.id}`).trim(), '1');
    // Intake staff see the case, not the details; outsiders see nothing.
    assert.equal((await admin.get(`/api/v1/cases/${c.id}`)).status, 200);
    await refused(() => admin.get(`/api/v1/cases/${c.id}/operator-details`), 403);
    for (const who of [providerAdmin, otherOperator, officer, finder]) {
      assert.equal((await who.get(`/api/v1/cases/${c.id}`)).status, 404);
      assert.equal((await who.get(`/api/v1/cases/${c.id}/operator-details`)).status, 404);
    }
    assert.equal((await anon.get(`/api/v1/cases/${c.id}/operator-details`)).status, 401);
    // An authority brought in reads them; the read is in the access log.
    r = await admin.post(`/api/v1/cases/${c.id}/participants`, { org_id: authority.id, role: 'authority' });
    assert.equal(r.status, 200, r.text);
    r = await officer.get(`/api/v1/cases/${c.id}/operator-details`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.owner, DETAILS.owner);
    const logged = sqlite(server.db, `SELECT count(*) FROM access_log WHERE object_type = 'case' AND object_id = ${c.id} AND action = 'read_confidential'`).trim();
    assert.equal(logged, '2');
  });

  it('bad input is named and stores nothing; only the operator\'s members record or change', async () => {
    let r = await refused(() => opCoordinator.post('/api/v1/operator-cases', { org_id: opOrg.id, title: '', asset: '' }), 422);
    const fields = r.json.error.details.fields.map((f) => f.field).sort();
    assert.deepEqual(fields, ['asset', 'title']);
    await refused(() => opCoordinator.post('/api/v1/operator-cases', { org_id: opOrg.id, title: 'x', asset: 'a', site: 'b' }), 400);
    await refused(() => providerAdmin.post('/api/v1/operator-cases', { org_id: opOrg.id, title: 'x', asset: 'a' }), 404);
    await refused(() => finder.post('/api/v1/operator-cases', { org_id: opOrg.id, title: 'x', asset: 'a' }), 404);
    // A provider's own organisation is not an operator.
    r = await refused(() => providerAdmin.post('/api/v1/operator-cases', { org_id: provOrgId, title: 'x', asset: 'a' }), 422);
    assert.equal(r.json.error.details.fields[0].code, 'not_operator');
    const c = await operatorCase();
    await refused(() => opCoordinator.put(`/api/v1/cases/${c.id}/operator-details`, { asset: '', location: 'x' }), 422);
    await refused(() => officer.put(`/api/v1/cases/${c.id}/operator-details`, { asset: 'x' }), 404);
    await refused(() => admin.put(`/api/v1/cases/${c.id}/operator-details`, { asset: 'x' }), 403);
    r = await opMember.put(`/api/v1/cases/${c.id}/operator-details`, { asset: 'HMI-2', location: 'Zone B', owner: 'OT team' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await opCoordinator.get(`/api/v1/cases/${c.id}/operator-details`)).json.asset, 'HMI-2');
    // operator_system is never cleared on an operator case.
    r = await refused(() => opCoordinator.patch(`/api/v1/cases/${c.id}`, { operator_system: false }), 422);
    assert.equal(r.json.error.details.fields[0].field, 'operator_system');
  });

  it('the operator verifies and fixes it on the fix clock; no customer notice clock follows', async () => {
    const c = await operatorCase();
    let r = await opCoordinator.put(`/api/v1/cases/${c.id}/assessment`, { cvss31_vector: VECTOR });
    assert.equal(r.status, 200, r.text);
    await moveCase(opMember, c.id, ['confirmed']);
    let d = (await opMember.get(`/api/v1/cases/${c.id}`)).json;
    const fix = d.clocks.find((k) => k.kind === 'fix');
    assert.ok(fix && !fix.stopped_at, JSON.stringify(d.clocks));
    // critical: 7 days
    assert.equal(Date.parse(fix.due_at) - Date.parse(fix.started_at), 7 * 86400_000);
    await moveCase(opMember, c.id, ['fixing', 'fixed']);
    d = (await opMember.get(`/api/v1/cases/${c.id}`)).json;
    assert.equal(d.state, 'fixed');
    assert.equal(d.clocks.find((k) => k.kind === 'fix').state, 'met');
    assert.equal(d.clocks.filter((k) => k.kind === 'user_notice').length, 0);
    assert.deepEqual(d.clocks.map((k) => k.kind), ['fix']);
    // Publishing the case stays with intake, and the gate refuses it there too.
    await refused(() => opCoordinator.post(`/api/v1/cases/${c.id}/transitions`, { to: 'published' }), 403);
    r = await refused(() => admin.post(`/api/v1/cases/${c.id}/transitions`, { to: 'published' }), 409);
    gateRefusal(r);
  });

  it('its advisory never publishes: the refusal lists no_operator_details, for the operator and for intake', async () => {
    const c = await operatorCase();
    await moveCase(opCoordinator, c.id, ['confirmed', 'fixing', 'fixed']);
    let r = await opCoordinator.post(`/api/v1/cases/${c.id}/advisory`);
    assert.equal(r.status, 201, r.text);
    assert.ok(!JSON.stringify(r.json).includes(DETAILS.asset));
    r = await opCoordinator.patch(`/api/v1/cases/${c.id}/advisory`, { en: { solution: 'Password rotated.' } });
    assert.equal(r.status, 200, r.text);
    r = await opCoordinator.get(`/api/v1/cases/${c.id}/advisory/gates`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.passed, false);
    const gate = r.json.gates.find((g) => g.gate === 'no_operator_details');
    assert.equal(gate.passed, false);
    for (const who of [opCoordinator, admin]) {
      r = await refused(() => who.post(`/api/v1/cases/${c.id}/advisory/transition`, { to: 'published' }), 409);
      gateRefusal(r);
    }
    assert.equal((await admin.get(`/api/v1/cases/${c.id}/advisory`)).json.revision, 0);
  });

  it('federation and email refuse an operator case with the gate named', async () => {
    const c = await operatorCase();
    const peer = await admin.post('/api/v1/peers', { name: uniq('nvdb'), base_url: 'http://127.0.0.1:9', org_id: authority.id, token: 'x'.repeat(40) });
    assert.equal(peer.status, 201, peer.text);
    let r = await refused(() => admin.post(`/api/v1/cases/${c.id}/upstream-deliveries`, { peer_id: peer.json.id, component: 'pkg:generic/acme/hmi', evidence: 'audit' }), 409);
    gateRefusal(r);
    r = await refused(() => admin.post(`/api/v1/cases/${c.id}/user-notices/emails`, { risk_en: 'risk', fix_en: 'fix' }), 409);
    gateRefusal(r);
    // A case found to be about an operator's system: its report is not forwarded.
    const { caseId, submitted } = await acceptedCase(admin, anon, { product_id: product.id });
    r = await admin.patch(`/api/v1/cases/${caseId}`, { operator_system: true });
    assert.equal(r.status, 200, r.text);
    r = await refused(() => admin.post(`/api/v1/reports/${submitted.id}/forwardings`, { peer_id: peer.json.id }), 409);
    gateRefusal(r);
  });

  it('exports of a published advisory stop once its case is found to be an operator\'s system', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: product.id, title: uniq('Auth bypass in the HMI ') });
    assert.equal((await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: VECTOR })).status, 200);
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    let r = await publishAdvisory({ publisher: admin, approver: providerAdmin, caseId });
    assert.equal(r.status, 200, r.text);
    const ref = r.json.ref;
    assert.equal((await anon.get(`/api/v1/public/advisories/${ref}/csaf`)).status, 200);
    r = await admin.patch(`/api/v1/cases/${caseId}`, { operator_system: true });
    assert.equal(r.status, 200, r.text);
    for (const f of ['csaf', 'cve5', 'osv']) {
      r = await refused(() => anon.get(`/api/v1/public/advisories/${ref}/${f}`), 409);
      gateRefusal(r);
    }
  });

  it('asset exposures: the operator links a published advisory or a case it sees to its assets', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: product.id, title: uniq('Overflow in the HMI web server ') });
    assert.equal((await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: VECTOR })).status, 200);
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    let r = await publishAdvisory({ publisher: admin, approver: providerAdmin, caseId });
    assert.equal(r.status, 200, r.text);
    const ref = r.json.ref;
    const own = await operatorCase();
    const base = `/api/v1/orgs/${opOrg.id}/asset-exposures`;
    r = await opMember.post(base, { advisory_ref: ref, asset: 'HMI-7 (plant 2)', status: 'affected', note: 'firmware 1.0' });
    assert.equal(r.status, 201, r.text);
    const x = r.json;
    assert.equal(x.ref_kind, 'advisory');
    assert.match(x.title, /Overflow in the HMI web server/);
    r = await opMember.post(base, { advisory_ref: own.ref, asset: 'HMI-1', status: 'affected' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.ref_kind, 'case');
    assert.equal(r.json.case_id, own.id);
    // Refusals: named fields, unknown refs, a case it does not see, outsiders; nothing changes.
    r = await refused(() => opMember.post(base, { advisory_ref: ref, asset: '', status: 'broken' }), 422);
    assert.deepEqual(r.json.error.details.fields.map((f) => f.field).sort(), ['asset', 'status']);
    await refused(() => opMember.post(base, { advisory_ref: 'LD-SA-1999-000001', asset: 'a' }), 422);
    const hidden = await acceptedCase(admin, anon, { product_id: product.id });
    const hiddenRef = (await admin.get(`/api/v1/cases/${hidden.caseId}`)).json.ref;
    r = await refused(() => opMember.post(base, { advisory_ref: hiddenRef, asset: 'a' }), 422);
    assert.equal(r.json.error.details.fields[0].field, 'advisory_ref');
    for (const who of [providerAdmin, otherOperator, officer, finder]) {
      await refused(() => who.get(base), 404);
      await refused(() => who.post(base, { advisory_ref: ref, asset: 'a' }), 404);
      await refused(() => who.patch(`/api/v1/asset-exposures/${x.id}`, { status: 'patched' }), 404);
      await refused(() => who.del(`/api/v1/asset-exposures/${x.id}`), 404);
    }
    r = await opCoordinator.patch(`/api/v1/asset-exposures/${x.id}`, { status: 'patched', note: 'upgraded to 1.1' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'patched');
    assert.equal(r.json.asset, 'HMI-7 (plant 2)');
    assert.equal(r.json.note, 'upgraded to 1.1');
    // Sealed at rest: the clear columns are blank and the bytes hold neither text.
    assert.equal(sqlite(server.db, `SELECT asset || '|' || note FROM asset_exposures WHERE id = ${x.id}`).trim(), '|');
    assert.equal(sqlite(server.db, `SELECT count(*) FROM asset_exposures WHERE id = ${x.id} AND details_sealed IS NOT NULL`).trim(), '1');
    if (!onPostgres)
      for (const f of ['loudong.db', 'loudong.db-wal'])
        if (existsSync(path.join(server.dataDir, f))) {
          const bytes = readFileSync(path.join(server.dataDir, f));
          assert.ok(!bytes.includes(Buffer.from('HMI-7 (plant 2)')) && !bytes.includes(Buffer.from('upgraded to 1.1')), `${f} holds an exposure in clear`);
        }
    r = await opMember.get(base);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((i) => [i.advisory_ref, i.status]).sort(), [[own.ref, 'affected'], [ref, 'patched']].sort());
    assert.deepEqual(r.json.items.map((i) => i.asset).sort(), ['HMI-1', 'HMI-7 (plant 2)']);
    r = await opMember.del(`/api/v1/asset-exposures/${x.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal((await opMember.get(base)).json.items.length, 1);
    await refused(() => opMember.del(`/api/v1/asset-exposures/${x.id}`), 404);
  });
});
