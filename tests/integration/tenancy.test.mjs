// Issue 13, items 1-4: what the cross-tenant probe found on cases and finder
// views, each as the request that leaked before the fix.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { dbDigest, sharedServer } from './lib/server.mjs';
import { createOrg, createProduct, signedInUser, acceptedCase, submitReport, uniq, USER_PASSWORD } from './lib/fixtures.mjs';

describe('a case stays with its provider, and customers with those who manage them', () => {
  let server, admin, anon, orgA, orgB, productA, productA2, productB, adminA, memberA, caseId;
  sharedServer((s) => ({ server, admin, anon } = s));
  before(async () => {
    orgA = await createOrg(admin);
    orgB = await createOrg(admin);
    productA = await createProduct(admin, orgA.id, { customers: [{ name: 'A Bank', contact: 'sec@a-bank.example' }] });
    productA2 = await createProduct(admin, orgA.id);
    productB = await createProduct(admin, orgB.id, { customers: [{ name: 'B Hospital', contact: 'it@b-hospital.example' }] });
    adminA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'admin' }]);
    memberA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'member' }]);
    ({ caseId } = await acceptedCase(admin, anon, { product_id: productA.id }));
  });

  it('A\'s admin cannot move A\'s case onto B\'s product; the answer is that of a missing product', async () => {
    const before = dbDigest(server.dataDir);
    const r = await adminA.patch(`/api/v1/cases/${caseId}`, { product_id: productB.id, product_reason: 'mine now' });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json.error.details.fields.map((f) => [f.field, f.code]), [['product_id', 'unknown']]);
    const none = await adminA.patch(`/api/v1/cases/${caseId}`, { product_id: 999999, product_reason: 'x' });
    assert.equal(none.json.error.message, r.json.error.message);
    assert.deepEqual(dbDigest(server.dataDir), before);
    const coordB = await signedInUser(server, admin, [{ org_id: orgB.id, role: 'coordinator' }]);
    assert.equal((await coordB.get(`/api/v1/cases/${caseId}`)).status, 404);
  });

  it('within its own products the provider may move it, with a reason, recorded on the timeline', async () => {
    let r = await adminA.patch(`/api/v1/cases/${caseId}`, { product_id: productA2.id });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.details.fields[0].field, 'product_reason');
    r = await adminA.patch(`/api/v1/cases/${caseId}`, { product_id: productA2.id, product_reason: 'the flaw is in the R2 line' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.product.id, productA2.id);
    const ev = r.json.timeline.find((e) => e.kind === 'product_changed');
    assert.ok(ev, JSON.stringify(r.json.timeline));
    assert.equal(ev.reason, 'the flaw is in the R2 line');
    assert.deepEqual(ev.data, { from_product: productA.id, to_product: productA2.id, from_provider: orgA.id, to_provider: orgA.id });
    r = await adminA.patch(`/api/v1/cases/${caseId}`, { product_id: productA.id, product_reason: 'back to R1' });
    assert.equal(r.status, 200, r.text);
  });

  it('intake hands a case to another provider: the old provider no longer sees it', async () => {
    const { caseId: moved } = await acceptedCase(admin, anon, { product_id: productA2.id });
    assert.equal((await memberA.get(`/api/v1/cases/${moved}`)).status, 200);
    const r = await admin.patch(`/api/v1/cases/${moved}`, { product_id: productB.id, product_reason: 'misrouted: B makes it' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.provider_org, orgB.id);
    assert.equal((await memberA.get(`/api/v1/cases/${moved}`)).status, 404);
    const list = await memberA.get('/api/v1/cases');
    assert.ok(!list.json.items.some((c) => c.id === moved));
  });

  it('a plain member sees the case\'s product without its customers, as on the product page', async () => {
    const viaCase = await memberA.get(`/api/v1/cases/${caseId}`);
    assert.equal(viaCase.status, 200, viaCase.text);
    assert.deepEqual(viaCase.json.product.customers, []);
    const viaProduct = await memberA.get(`/api/v1/products/${productA.id}`);
    assert.deepEqual(viaProduct.json.product?.customers ?? viaProduct.json.customers, []);
    const asAdmin = await adminA.get(`/api/v1/cases/${caseId}`);
    assert.deepEqual(asAdmin.json.product.customers.map((c) => c.contact), ['sec@a-bank.example']);
  });
});

describe('finders on a joined case see only their own thread, and staff by role', () => {
  let server, admin, anon, caseId, first, second, firstClient, secondClient;
  sharedServer((s) => ({ server, admin, anon } = s));

  async function finder() {
    const c = server.client();
    const username = uniq('f');
    const r = await c.post('/api/v1/finders', { username, password: USER_PASSWORD, email: `${username}@finder.example` });
    assert.equal(r.status, 201, r.text);
    await c.signIn(r.json.username, USER_PASSWORD);  // sign-up adds a suffix to the name asked for
    return c;
  }

  before(async () => {
    const org = await createOrg(admin);
    const product = await createProduct(admin, org.id);
    firstClient = await finder();
    secondClient = await finder();
    const accepted = await acceptedCase(admin, firstClient, { product_id: product.id, contact_name: 'Alice First' });
    caseId = accepted.caseId;
    first = accepted.submitted;
    second = await submitReport(secondClient, { product_id: product.id, contact_name: 'Bob Second' });
    let r = await admin.post(`/api/v1/reports/${second.id}/transitions`, { to: 'triage' });
    assert.equal(r.status, 200, r.text);
    r = await admin.post(`/api/v1/reports/${second.id}/transitions`, { to: 'duplicate', case_id: caseId, reason: 'same flaw' });
    assert.equal(r.status, 200, r.text);
    // Each finder replies on the case; staff write to finders, to the provider and among coordinators.
    r = await firstClient.post(`/api/v1/my/reports/${first.id}/messages`, { body: 'first finder: more detail' });
    assert.equal(r.status, 201, r.text);
    r = await secondClient.post(`/api/v1/my/reports/${second.id}/messages`, { body: 'second finder: another detail' });
    assert.equal(r.status, 201, r.text);
    for (const [visibility, body] of [['finder', 'to the finders'], ['provider', 'to the provider only'], ['coordinators', 'coordinators only']]) {
      r = await admin.post(`/api/v1/cases/${caseId}/messages`, { visibility, body });
      assert.equal(r.status, 201, r.text);
    }
    r = await admin.post(`/api/v1/reports/${first.id}/messages`, { visibility: 'coordinators', body: 'internal note on the report' });
    assert.equal(r.status, 201, r.text);
  });

  it('each finder reads their own replies and what staff addressed to finders, nothing of the other finder', async () => {
    for (const [client, report, mine, theirs] of [
      [firstClient, first, 'first finder: more detail', 'second finder'],
      [secondClient, second, 'second finder: another detail', 'first finder'],
    ]) {
      const r = await client.get(`/api/v1/my/reports/${report.id}`);
      assert.equal(r.status, 200, r.text);
      const bodies = r.json.messages.map((m) => m.body);
      assert.ok(bodies.includes(mine), JSON.stringify(bodies));
      assert.ok(bodies.includes('to the finders'), JSON.stringify(bodies));
      assert.ok(!bodies.some((b) => b.startsWith(theirs)), JSON.stringify(bodies));
      assert.ok(!bodies.includes('to the provider only') && !bodies.includes('coordinators only'), JSON.stringify(bodies));
      assert.ok(!r.text.includes('Alice First') && !r.text.includes('Bob Second'), r.text);
      // Staff appear by role, never by user name.
      const authors = new Set(r.json.messages.map((m) => m.author));
      assert.deepEqual([...authors].sort(), ['coordinator', 'finder']);
      assert.ok(!r.text.includes('"admin"'), r.text);
    }
    // The tracking-token view is the same thread.
    const t = await anon.get(`/api/v1/tracking/${second.tracking_id}`, { headers: { 'X-Tracking-Token': second.tracking_token } });
    assert.equal(t.status, 200, t.text);
    assert.ok(!t.text.includes('first finder'), t.text);
  });

  it('staff still see every reply on the case', async () => {
    const r = await admin.get(`/api/v1/cases/${caseId}`);
    const bodies = r.json.messages.map((m) => m.body);
    for (const b of ['first finder: more detail', 'second finder: another detail']) assert.ok(bodies.includes(b), JSON.stringify(bodies));
  });

  it('a finder\'s timeline shows roles and leaves out coordinator-only steps', async () => {
    const r = await firstClient.get(`/api/v1/reports/${first.id}/timeline`);
    assert.equal(r.status, 200, r.text);
    const actors = new Set(r.json.items.map((e) => e.actor));
    for (const a of actors) assert.ok(['finder', 'coordinator'].includes(a), `actor ${a} in ${r.text}`);
    assert.ok(!r.json.items.some((e) => e.kind === 'clock_cancelled'), r.text);
    assert.ok(!r.json.items.some((e) => e.kind === 'message' && e.data.visibility === 'coordinators'), r.text);
    assert.ok(r.json.items.some((e) => e.kind === 'transition'), r.text);
    const second_ = await secondClient.get(`/api/v1/reports/${second.id}/timeline`);
    // Joining as a duplicate cancelled the second report's 48-hour clock: a coordinator's bookkeeping.
    assert.ok(!second_.json.items.some((e) => e.kind === 'clock_cancelled'), second_.text);
    const staff = await admin.get(`/api/v1/reports/${second.id}/timeline`);
    assert.ok(staff.json.items.some((e) => e.kind === 'clock_cancelled'), staff.text);
    assert.ok(staff.json.items.some((e) => e.actor === 'admin'), staff.text);
  });
});
