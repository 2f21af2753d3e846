// The console's and portal's server side: published advisories for the
// public, "my reports" for signed-in finders, the CWE catalogue and CWE
// validation, the grading basis as language-neutral data, and display names
// instead of user ids (without revealing finders to those who may not know them).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbDigest, sharedServer } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, reportBody, signedInUser, submitReport, uniq, USER_PASSWORD, moveCase, publishAdvisory } from './lib/fixtures.mjs';

const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

describe('portal and console server side', () => {
  let server, admin, anon;
  sharedServer((s) => ({ server, admin, anon } = s));

  async function finder(displayName) {
    const username = uniq('finder');
    const r = await anon.post('/api/v1/finders', { username, password: USER_PASSWORD, email: `${username}@example.cn`, display_name: displayName });
    assert.equal(r.status, 201, r.text);
    const c = server.client();
    await c.signIn(r.json.username, USER_PASSWORD);  // the name asked for plus "-" and 4 digits
    return c;
  }

  async function unchanged(name, send, status, field) {
    const before = dbDigest(server.dataDir);
    const r = await send();
    assert.equal(r.status, status, `${name}: ${r.text}`);
    if (field) assert.ok((r.json.error.details.fields ?? []).some((f) => f.field === field), `${name}: ${r.text}`);
    assert.deepEqual(dbDigest(server.dataDir), before, `${name}: the database changed`);
    return r;
  }

  it('published advisories: empty until a case is published, then its public fields only, for anyone', async () => {
    let r = await anon.get('/api/v1/public/advisories');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items, []);
    assert.equal(r.json.total, 0);

    const org = await createOrg(admin, { name: uniq('Vendor ') });
    const product = await createProduct(admin, org.id, { name: uniq('Gateway '), model: 'GW-9' });
    const secret = uniq('poc-');
    const pub = await acceptedCase(admin, anon, { product_id: product.id, verification: secret, contact_email: 'who@finder.cn' });
    const unpublished = await acceptedCase(admin, anon, { product_id: product.id });
    const closedUnpublished = await acceptedCase(admin, anon, { product_id: product.id });
    assert.equal((await admin.put(`/api/v1/cases/${pub.caseId}/assessment`, { cvss31_vector: VECTOR, cwe: 'CWE-78' })).status, 200);
    assert.equal((await admin.patch(`/api/v1/cases/${pub.caseId}`, { summary: 'Command injection in the diagnostics page; fixed in 2.3.', external_ids: ['CVE-2026-12345'] })).status, 200);
    await moveCase(admin, pub.caseId, ['confirmed', 'fixing', 'fixed']);
    const approver = await signedInUser(server, admin, [{ org_id: org.id, role: 'admin' }]);
    r = await publishAdvisory({ publisher: admin, approver, caseId: pub.caseId });
    assert.equal(r.status, 200, r.text);
    await moveCase(admin, closedUnpublished.caseId, ['confirmed', 'fixing', 'fixed', 'closed']);

    r = await anon.get('/api/v1/public/advisories');
    assert.equal(r.status, 200);
    assert.equal(r.json.total, 1);
    const a = r.json.items[0];
    const detail = await admin.get(`/api/v1/cases/${pub.caseId}`);
    assert.equal(detail.json.state, 'published');
    assert.equal(a.ref, detail.json.ref.replace(/^LD-/, 'LD-SA-'));
    assert.equal(a.grade, 'critical');
    assert.equal(a.cvss31_score, 9.8);
    assert.equal(a.cwe, 78);
    assert.equal(a.affected[0].name, `${product.name} GW-9`);
    assert.equal(a.affected[0].vendor, org.name);
    assert.deepEqual(a.external_ids, ['CVE-2026-12345']);
    assert.equal(a.revision, 1);
    assert.ok(Math.abs(Date.parse(a.published_at) - Date.now()) < 120_000);
    for (const leak of [secret, 'who@finder.cn', pub.submitted.tracking_id, '"reports"', '"messages"', '"participants"'])
      assert.ok(!r.text.includes(leak), `the public list must not contain ${leak}`);

    r = await anon.get(`/api/v1/public/advisories/${encodeURIComponent(a.ref)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.title, detail.json.title);
    assert.equal(r.json.summary, 'Command injection in the diagnostics page; fixed in 2.3.');
    const other = await admin.get(`/api/v1/cases/${unpublished.caseId}`);
    assert.equal((await anon.get(`/api/v1/public/advisories/${encodeURIComponent(other.json.ref.replace(/^LD-/, 'LD-SA-'))}`)).status, 404);
    const closed = await admin.get(`/api/v1/cases/${closedUnpublished.caseId}`);
    assert.equal((await anon.get(`/api/v1/public/advisories/${encodeURIComponent(closed.json.ref.replace(/^LD-/, 'LD-SA-'))}`)).status, 404);
    assert.equal((await anon.get('/api/v1/public/advisories/LD-1999-999999')).status, 404);

    // Closed after publication: still public.
    await moveCase(admin, pub.caseId, ['closed']);
    r = await anon.get('/api/v1/public/advisories');
    assert.equal(r.json.items[0].ref, a.ref);
  });

  it('my reports: a signed-in finder sees their own reports, the messages meant for them, and replies', async () => {
    const fiona = await finder('Fiona Finder');
    const other = await finder('Oscar Other');
    const sub = await submitReport(fiona, { title: uniq('signed-in report ') });
    const anonSub = await submitReport(anon, { title: uniq('anonymous report ') });

    let r = await fiona.get('/api/v1/my/reports');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => x.id), [sub.id]);
    assert.equal(r.json.items[0].state, 'received');
    r = await fiona.get('/api/v1/reports');
    assert.deepEqual(r.json.items.map((x) => x.id), [sub.id], 'GET /reports shows a finder only their own');

    // Nobody else's, whatever their role: other finders, intake staff, anonymous.
    assert.deepEqual((await other.get('/api/v1/my/reports')).json.items, []);
    assert.equal((await other.get(`/api/v1/my/reports/${sub.id}`)).status, 404);
    assert.equal((await admin.get(`/api/v1/my/reports/${sub.id}`)).status, 404);
    assert.equal((await fiona.get(`/api/v1/my/reports/${anonSub.id}`)).status, 404);
    assert.equal((await other.get(`/api/v1/reports/${sub.id}`)).status, 404);
    assert.equal((await anon.get('/api/v1/my/reports')).status, 401);
    await unchanged('reply to another finder\'s report', () => other.post(`/api/v1/my/reports/${sub.id}/messages`, { body: 'mine?' }), 404);
    await unchanged('empty reply', () => fiona.post(`/api/v1/my/reports/${sub.id}/messages`, { body: '  ' }), 422, 'body');

    // Staff ask; only what is meant for the finder reaches them.
    assert.equal((await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'triage' })).status, 200);
    const internal = uniq('internal note ');
    assert.equal((await admin.post(`/api/v1/reports/${sub.id}/messages`, { visibility: 'coordinators', body: internal })).status, 201);
    const question = uniq('which firmware? ');
    assert.equal((await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'needs_info', reason: question })).status, 200);
    r = await fiona.get(`/api/v1/my/reports/${sub.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.id, sub.id);
    assert.equal(r.json.state, 'needs_info');
    assert.ok(r.json.messages.some((m) => m.body === question));
    assert.ok(!r.text.includes(internal), 'coordinator-only messages stay internal');

    // The answer is a receipt, and returns the report to triage.
    const receiptsBefore = (await admin.get('/api/v1/receipts?limit=200')).json.items.length;
    r = await fiona.post(`/api/v1/my/reports/${sub.id}/messages`, { body: 'firmware 1.0.3' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.from_finder, true);
    assert.equal((await admin.get(`/api/v1/reports/${sub.id}`)).json.state, 'triage');
    assert.equal((await admin.get('/api/v1/receipts?limit=200')).json.items.length, receiptsBefore + 1);

    // Accepted: the case's messages for the finder are theirs to read too.
    r = await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'accepted' });
    const caseId = r.json.case_id;
    const caseNote = uniq('thanks, confirmed ');
    assert.equal((await admin.post(`/api/v1/cases/${caseId}/messages`, { visibility: 'finder', body: caseNote })).status, 201);
    r = await fiona.get(`/api/v1/my/reports/${sub.id}`);
    assert.equal(r.json.state, 'accepted');
    assert.equal(r.json.case.state, 'verifying');
    assert.ok(r.json.messages.some((m) => m.body === caseNote));
    // but not the case itself
    assert.equal((await fiona.get(`/api/v1/cases/${caseId}`)).status, 404);
  });

  it('names instead of ids: the report submitter (for staff only) and who submitted the regulatory report', async () => {
    const fiona = await finder('Fiona Named');
    const org = await createOrg(admin);
    const product = await createProduct(admin, org.id);
    const sub = await submitReport(fiona, { product_id: product.id });
    let r = await admin.get(`/api/v1/reports/${sub.id}`);
    assert.deepEqual(r.json.submitter, { id: fiona.user.id, name: 'Fiona Named' });
    assert.equal(r.json.anonymous, false);
    r = await admin.get('/api/v1/reports?limit=200');
    assert.equal(r.json.items.find((x) => x.id === sub.id).submitter.name, 'Fiona Named');
    const anonSub = await submitReport(anon);
    r = await admin.get(`/api/v1/reports/${anonSub.id}`);
    assert.equal(r.json.submitter, null);
    assert.equal(r.json.anonymous, true);

    await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'triage' });
    r = await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'accepted' });
    assert.equal(r.json.submitter.name, 'Fiona Named', 'the transition answer carries the name too');
    const caseId = r.json.case_id;
    r = await admin.get(`/api/v1/cases/${caseId}`);
    assert.equal(r.json.reports[0].submitter.name, 'Fiona Named');

    // The provider's member sees the case, not who found it.
    const member = await signedInUser(server, admin, [{ org_id: org.id, role: 'coordinator' }]);
    r = await member.get(`/api/v1/cases/${caseId}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.reports.length, 1);
    for (const k of ['submitter', 'anonymous', 'contact_name']) assert.ok(!(k in r.json.reports[0]), `${k} is hidden from the provider`);
    assert.ok(!r.text.includes('Fiona Named'));

    // Regulatory report: submitted_by_name next to the id.
    r = await member.post(`/api/v1/cases/${caseId}/regulatory-reports`, {
      product_version: '1.0', scope: 'all units', provider_name: 'Vendor', contact_email: 'psirt@vendor.cn', measures: 'update',
    });
    assert.equal(r.status, 201, r.text);
    r = await member.post(`/api/v1/regulatory-reports/${r.json.id}/submit`, { channel: 'nvdb-web', reference: 'NVDB-1' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.submitted_by, member.user.id);
    assert.equal(r.json.submitted_by_name, member.user.username);
    r = await admin.get(`/api/v1/cases/${caseId}`);
    assert.equal(r.json.regulatory_reports[0].submitted_by_name, member.user.username);
  });

  it('the CWE catalogue, and CWE ids checked by the server', async () => {
    let r = await anon.get('/api/v1/classes');
    assert.equal(r.status, 200);
    const cwes = r.json.cwes;
    assert.ok(cwes.length >= 150, `${cwes.length} entries`);
    assert.equal(new Set(cwes.map((c) => c.id)).size, cwes.length, 'ids are unique');
    for (const c of cwes) {
      assert.match(c.id, /^CWE-[1-9]\d*$/);
      assert.ok(c.name_en.length > 3 && /[\u4e00-\u9fff]/.test(c.name_zh), JSON.stringify(c));
    }
    const ranks = cwes.filter((c) => c.top25_rank).map((c) => c.top25_rank).sort((a, b) => a - b);
    assert.deepEqual(ranks, Array.from({ length: 25 }, (_, i) => i + 1));
    const xss = cwes.find((c) => c.id === 'CWE-79');
    assert.equal(xss.top25_rank, 1);
    assert.equal(xss.gbt_class, 'cross_site_scripting');

    const { caseId } = await acceptedCase(admin, anon);
    // Any well-formed id, named in the catalogue or not.
    r = await admin.put(`/api/v1/cases/${caseId}/assessment`, { cwe: 'CWE-99999' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.assessment.cwe, 'CWE-99999');
    for (const bad of ['CWE-0', 'CWE-079', 'XSS', 'CWE-12345678', 'cwe 79'])
      await unchanged(`assessment cwe ${bad}`, () => admin.put(`/api/v1/cases/${caseId}/assessment`, { cwe: bad }), 422, 'cwe');
    r = await admin.put(`/api/v1/cases/${caseId}/assessment`, { cwe: '' });
    assert.equal(r.json.assessment.cwe, null, 'an empty string clears it');
    // Intake forgives the spelling, not the id.
    r = await anon.post('/api/v1/reports', reportBody({ cwe: '79' }));
    assert.equal(r.status, 201, r.text);
    assert.equal((await admin.get(`/api/v1/reports/${r.json.id}`)).json.cwe, 'CWE-79');
    for (const bad of ['CWE-079', 'CWE-', 'XSS'])
      await unchanged(`report cwe ${bad}`, () => anon.post('/api/v1/reports', reportBody({ cwe: bad })), 422, 'cwe');
  });

  it('the grading basis is language-neutral data, with both wordings', async () => {
    const { caseId } = await acceptedCase(admin, anon);
    let r = await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: VECTOR });
    assert.equal(r.status, 200, r.text);
    const b = r.json.assessment.grade_basis;
    assert.equal(b.code, 'derived_from_cvss');
    assert.deepEqual(b.params, { reason: 'no_official_table', score: '9.8', grade: 'critical' });
    assert.match(b.en, /9\.8/);
    assert.ok(!/[\u4e00-\u9fff]/.test(b.en));
    assert.match(b.zh, /超危/);
    r = await admin.get(`/api/v1/cvss?vector=${encodeURIComponent('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N')}`);
    assert.equal(r.json.grade_basis.code, 'derived_from_cvss');
    assert.equal(r.json.grade_basis.params.grade, 'medium');
    // Cleared vectors: nothing to grade on.
    r = await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: '' });
    assert.equal(r.json.assessment.grade_basis.code, 'no_score');
    assert.equal(r.json.assessment.grade, null);
  });
});
