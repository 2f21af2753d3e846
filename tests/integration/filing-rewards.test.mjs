// Platform filing (备案, R-FILING) and rewards (R-BOUNTY) through the real
// server: the filing's life from draft to cancelled and the intake gate it
// drives; rewards proposed, approved and paid with separation of duties; a
// finder's own rewards; the providers' reward tables. Every refusal leaves
// the database byte for byte as it was.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { cli, dbDigest, sharedServer } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, createUser, reportBody, signedInUser, uniq, USER_PASSWORD } from './lib/fixtures.mjs';

const FIELDS = {
  platform_name: '示例漏洞收集平台',
  home_url: 'https://vuln.example.cn',
  icp_number: '京ICP备12345678号-1',
  publication_channels: ['https://vuln.example.cn/advisories', '微信公众号：示例漏洞'],
  host_type: 'organisation',
  host_name: '示例科技有限公司',
  host_id_number: '91350100M000100Y43',
  responsible: { name: '张三', phone: '+86 10-1234 5678', email: 'zhang@example.cn' },
  contacts: [{ name: '李四', phone: '13800138000', email: 'li-private@example.cn' }],
  collection_scope: '网络产品安全漏洞',
  collection_methods: '网页表单、电子邮件',
  verification_rules: 'verified within 5 working days',
  notification_rules: 'the provider is told within 2 days',
  publication_rules: 'no proof of concept; fix first; no operator details',
  user_identity_rules: 'real-name registration by phone',
};
const TODAY = new Date().toISOString().slice(0, 10);
const b64 = (s) => Buffer.from(s).toString('base64');

// Runs `fn` (a refused request) and checks its status and that the database did not change.
async function refused(server, status, fn) {
  const before = dbDigest(server.dataDir);
  const r = await fn();
  assert.equal(r.status, status, r.text);
  assert.deepEqual(dbDigest(server.dataDir), before, `the database changed on a refused request: ${r.text}`);
  return r;
}

describe('platform filing: record, states, public page and the intake gate', () => {
  let server, admin, anon;
  sharedServer((s) => ({ server, admin, anon } = s), { env: { LOUDONG_POLICY_INTAKE_REQUIRE_PLATFORM_FILING: '1' } });
  let providerAdmin, providerCoordinator;
  before(async () => {
    const org = await createOrg(admin);
    providerAdmin = await signedInUser(server, admin, [{ org_id: org.id, role: 'admin' }]);
    providerCoordinator = await signedInUser(server, admin, [{ org_id: org.id, role: 'coordinator' }]);
  });

  it('refuses public reports before filing, in both languages, storing nothing; a provider\'s own staff still report', async () => {
    const r = await refused(server, 409, () => anon.post('/api/v1/reports', reportBody()));
    assert.equal(r.json.error.code, 'platform_filing_required');
    assert.match(r.json.error.message, /R-FILING/);
    assert.match(r.json.error.message, /备案/);
    // By email too: refused for good (65, not "try again"), the reason in both languages, nothing stored.
    const raw = ['From: finder@example.cn', 'To: security@vuln.example.cn', 'Subject: RCE in the router',
      `Message-ID: <${uniq('m')}@example.cn>`, 'Date: Mon, 07 Dec 2026 10:00:00 +0800', 'Content-Type: text/plain; charset=UTF-8',
      '', 'The login handler overflows.', ''].join('\n');
    const before = dbDigest(server.dataDir);
    const mail = cli(['intake', 'email', '--data', server.dataDir], { input: raw, env: { LOUDONG_POLICY_INTAKE_REQUIRE_PLATFORM_FILING: '1' } });
    assert.equal(mail.status, 65, mail.stdout + mail.stderr);
    assert.match(mail.stderr, /备案完成前不接收/);
    assert.match(mail.stderr, /accepts no public reports until it is filed/);
    assert.deepEqual(dbDigest(server.dataDir), before);
    const mine = await providerCoordinator.post('/api/v1/reports', reportBody({ title: 'Found by our own team' }));
    assert.equal(mine.status, 201, mine.text);
  });

  it('only the host\'s admins read or change the filing; a refusal changes nothing', async () => {
    assert.equal((await anon.get('/api/v1/platform-filing')).status, 401);
    assert.equal((await providerAdmin.get('/api/v1/platform-filing')).status, 404);
    await refused(server, 404, () => providerAdmin.put('/api/v1/platform-filing', FIELDS));
    await refused(server, 404, () => providerCoordinator.post('/api/v1/platform-filing/transitions', { to: 'filed', filing_number: 'X', date: TODAY }));
    const r = await admin.get('/api/v1/platform-filing');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.filing, null);
    await refused(server, 409, () => admin.post('/api/v1/platform-filing/attachments', { kind: 'mlps_proof', filename: 'a.pdf', data: b64('x') }));
  });

  it('bad fields are named, and nothing is saved', async () => {
    const r = await refused(server, 422, () => admin.put('/api/v1/platform-filing', {
      ...FIELDS, icp_number: 'ICP 123', host_id_number: '91350100M000100Y44', home_url: 'vuln.example.cn',
    }));
    const fields = r.json.error.details.fields.map((d) => d.field).sort();
    assert.deepEqual(fields, ['home_url', 'host_id_number', 'icp_number']);
    await refused(server, 400, () => admin.put('/api/v1/platform-filing', { ...FIELDS, capital: 'x' }));
  });

  it('goes draft -> filed -> change_filed -> cancelled, with history, and the portal shows what is in force', async () => {
    let r = await admin.put('/api/v1/platform-filing', FIELDS);
    assert.equal(r.status, 200, r.text);
    let f = r.json.filing;
    assert.equal(f.status, 'draft');
    assert.equal(f.fields.host_id_number, '9135**********0Y43');
    assert.ok(!r.text.includes('91350100M000100Y43'), 'the ID number is never shown again');
    assert.deepEqual(f.missing.map((m) => m.field), ['attachments.mlps_proof', 'attachments.commitment_letter']);
    assert.deepEqual(f.next, ['filed']);

    // Filing before both attachments are there is refused with what is missing.
    r = await refused(server, 409, () => admin.post('/api/v1/platform-filing/transitions', { to: 'filed', filing_number: '工信部备2026-01', date: TODAY }));
    assert.equal(r.json.error.code, 'platform_filing_incomplete');
    await refused(server, 422, () => admin.post('/api/v1/platform-filing/attachments', { kind: 'photo', filename: 'a.pdf', data: b64('x') }));
    r = await admin.post('/api/v1/platform-filing/attachments', { kind: 'mlps_proof', filename: 'mlps.pdf', content_type: 'application/pdf', data: b64('%PDF level 3') });
    assert.equal(r.status, 201, r.text);
    r = await admin.post('/api/v1/platform-filing/attachments', { kind: 'commitment_letter', filename: 'letter.pdf', data: b64('%PDF signed') });
    assert.equal(r.status, 201, r.text);
    f = r.json.filing;
    assert.deepEqual(f.missing, []);
    const letter = f.attachments.find((a) => a.kind === 'commitment_letter');
    r = await admin.get(`/api/v1/platform-filing/attachments/${letter.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '%PDF signed');
    assert.equal((await providerAdmin.get(`/api/v1/platform-filing/attachments/${letter.id}`)).status, 404);

    // A re-upload of a kind replaces the earlier one in the list; the earlier
    // stays downloadable, and the history says which one it replaced.
    r = await admin.post('/api/v1/platform-filing/attachments', { kind: 'commitment_letter', filename: 'letter-v2.pdf', data: b64('%PDF signed v2') });
    assert.equal(r.status, 201, r.text);
    f = r.json.filing;
    const letters = f.attachments.filter((a) => a.kind === 'commitment_letter');
    assert.deepEqual(letters.map((a) => a.filename), ['letter-v2.pdf']);
    assert.equal(f.attachments.length, 2);
    assert.equal((await admin.get(`/api/v1/platform-filing/attachments/${letter.id}`)).text, '%PDF signed');
    const added = f.history.filter((e) => e.kind === 'platform_filing.attachment_added');
    assert.deepEqual(added.at(-1).data.replaces.map((x) => x.attachment_id), [letter.id]);

    // A date in the future and a missing number are refused.
    const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
    await refused(server, 422, () => admin.post('/api/v1/platform-filing/transitions', { to: 'filed', filing_number: 'N-1', date: tomorrow }));
    await refused(server, 422, () => admin.post('/api/v1/platform-filing/transitions', { to: 'filed', date: TODAY }));
    assert.equal((await anon.get('/api/v1/public/filing')).json.filing, null);

    r = await admin.post('/api/v1/platform-filing/transitions', { to: 'filed', filing_number: '工信部漏洞平台备2026-0001', date: TODAY });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.filing.status, 'filed');
    assert.deepEqual(r.json.filing.next, ['cancelled']);

    // The portal: the number and the published rules, never the ID number or contacts.
    r = await anon.get('/api/v1/public/filing');
    assert.equal(r.json.filing.filing_number, '工信部漏洞平台备2026-0001');
    assert.equal(r.json.filing.publication_rules, FIELDS.publication_rules);
    assert.deepEqual(r.json.filing.publication_channels, FIELDS.publication_channels);
    for (const hidden of ['91350100M000100Y43', 'li-private@example.cn', '13800138000']) assert.ok(!r.text.includes(hidden), hidden);
    assert.equal((await anon.get('/api/v1/public/info')).json.filing_number, '工信部漏洞平台备2026-0001');

    // Filed: the public may report.
    r = await anon.post('/api/v1/reports', reportBody());
    assert.equal(r.status, 201, r.text);

    // Nothing changed since filing: no change to file.
    await refused(server, 409, () => admin.post('/api/v1/platform-filing/transitions', { to: 'change_filed', date: TODAY }));
    r = await admin.put('/api/v1/platform-filing', { ...FIELDS, host_id_number: undefined, publication_channels: [...FIELDS.publication_channels, 'https://weibo.example/vuln'] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.filing.unfiled_changes, true);
    assert.equal(r.json.filing.fields.host_id_number, '9135**********0Y43', 'omitting the ID number keeps it');
    r = await admin.post('/api/v1/platform-filing/transitions', { to: 'change_filed', date: TODAY });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.filing.status, 'change_filed');
    assert.equal(r.json.filing.filing_number, '工信部漏洞平台备2026-0001');

    await refused(server, 422, () => admin.post('/api/v1/platform-filing/transitions', { to: 'cancelled', date: TODAY }));
    r = await admin.post('/api/v1/platform-filing/transitions', { to: 'cancelled', date: TODAY, reason: 'platform closed' });
    assert.equal(r.status, 200, r.text);
    const kinds = r.json.filing.history.map((e) => e.kind);
    assert.deepEqual(kinds, ['platform_filing.created', 'platform_filing.attachment_added', 'platform_filing.attachment_added',
      'platform_filing.attachment_added', 'platform_filing.filed', 'platform_filing.edited', 'platform_filing.change_filed',
      'platform_filing.cancelled']);
    assert.deepEqual(r.json.filing.history[5].data.changed, ['publication_channels']);

    // Cancelled: final, off the portal, and the public may no longer report.
    await refused(server, 409, () => admin.put('/api/v1/platform-filing', FIELDS));
    assert.equal((await anon.get('/api/v1/public/filing')).json.filing, null);
    await refused(server, 409, () => anon.post('/api/v1/reports', reportBody()));
  });
});

describe('rewards: proposed, approved, paid with separation of duties', () => {
  let server, admin, anon;
  sharedServer((s) => ({ server, admin, anon } = s));
  const who = {};
  let org, other, product, caseId, reportId;
  before(async () => {
    org = await createOrg(admin);
    other = await createOrg(admin);
    product = await createProduct(admin, org.id);
    for (const [name, o, role] of [['admin1', org, 'admin'], ['admin2', org, 'admin'], ['coordinator', org, 'coordinator'],
      ['member', org, 'member'], ['otherAdmin', other, 'admin']])
      who[name] = await signedInUser(server, admin, [{ org_id: o.id, role }]);
    for (const name of ['finder', 'otherFinder']) {
      const u = await createUser(admin, { username: uniq(name) });
      who[name] = server.client();
      await who[name].signIn(u.username, USER_PASSWORD);
    }
    const c = await acceptedCase(admin, who.finder, { product_id: product.id });
    caseId = c.caseId;
    reportId = c.submitted.id;
  });

  const propose = (client, extra = {}) => client.post(`/api/v1/cases/${caseId}/rewards`,
    { report_id: reportId, amount_minor: 500000, currency: 'CNY', note: 'internal: budget line 7', ...extra });
  const step = (client, id, body) => client.post(`/api/v1/rewards/${id}/transitions`, body);

  it('refuses proposals from the wrong people and bad amounts, changing nothing', async () => {
    await refused(server, 403, () => propose(who.member));
    await refused(server, 404, () => propose(who.otherAdmin));
    await refused(server, 404, () => propose(who.otherFinder));
    await refused(server, 401, () => propose(anon));
    let r = await refused(server, 422, () => propose(who.coordinator, { amount_minor: 0, currency: 'RMB' }));
    assert.deepEqual(r.json.error.details.fields.map((d) => d.field).sort(), ['amount_minor', 'currency']);
    r = await refused(server, 422, () => propose(who.coordinator, { paying_org: other.id }));
    assert.equal(r.json.error.details.fields[0].field, 'paying_org');
    await refused(server, 422, () => propose(who.coordinator, { report_id: 999999 }));
  });

  it('the case tells the console who may propose, by the rule the route applies', async () => {
    for (const [name, may] of [['member', false], ['coordinator', true], ['admin1', true]]) {
      const r = await who[name].get(`/api/v1/cases/${caseId}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.permissions.propose_reward, may, name);
    }
  });

  it('the proposer never approves, the approver never pays, and each step records who and when', async () => {
    let r = await propose(who.admin1);
    assert.equal(r.status, 201, r.text);
    const reward = r.json;
    assert.equal(reward.state, 'proposed');
    assert.equal(reward.paying_org, org.id);
    assert.deepEqual(reward.next, ['cancelled'], 'the proposer may cancel, not approve');

    r = await refused(server, 403, () => step(who.admin1, reward.id, { to: 'approved' }));
    assert.match(r.json.error.message, /separation of duties/);
    assert.match(r.json.error.message, /职责分离/);
    await refused(server, 403, () => step(who.coordinator, reward.id, { to: 'approved' }));
    await refused(server, 409, () => step(who.coordinator, reward.id, { to: 'paid' }));  // never paid unapproved
    await refused(server, 404, () => step(who.otherAdmin, reward.id, { to: 'approved' }));

    r = await step(who.admin2, reward.id, { to: 'approved' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'approved');
    assert.ok(r.json.approved_at);
    assert.ok(r.json.approved_by);

    r = await refused(server, 403, () => step(who.admin2, reward.id, { to: 'paid', reference: 'TX-1' }));
    assert.match(r.json.error.message, /approver/);
    r = await step(who.coordinator, reward.id, { to: 'paid', reference: 'BANK-2026-001' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'paid');
    assert.equal(r.json.payment_reference, 'BANK-2026-001');
    assert.ok(r.json.paid_at);

    r = await refused(server, 409, () => step(who.admin1, reward.id, { to: 'cancelled', reason: 'oops' }));
    assert.deepEqual(r.json.error.details.allowed, []);

    r = await who.coordinator.get(`/api/v1/cases/${caseId}/rewards`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, 1);
    assert.equal(r.json.items[0].state, 'paid');
    assert.equal((await who.otherAdmin.get(`/api/v1/cases/${caseId}/rewards`)).status, 404);
  });

  it('a proposal is cancelled by its proposer before approval, with a reason', async () => {
    let r = await propose(who.coordinator, { amount_minor: 1000 });
    assert.equal(r.status, 201, r.text);
    await refused(server, 422, () => step(who.coordinator, r.json.id, { to: 'cancelled' }));
    await refused(server, 403, () => step(who.member, r.json.id, { to: 'cancelled', reason: 'x' }));
    r = await step(who.coordinator, r.json.id, { to: 'cancelled', reason: 'duplicate proposal' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.cancel_reason, 'duplicate proposal');
  });

  it('a finder sees only their own rewards, without staff notes or names', async () => {
    let r = await who.finder.get('/api/v1/my/rewards');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, 2);
    const paid = r.json.items.find((x) => x.state === 'paid');
    assert.equal(paid.amount_minor, 500000);
    assert.equal(paid.currency, 'CNY');
    assert.ok(!r.text.includes('budget line'), 'staff notes stay with staff');
    assert.equal(paid.approved_by, '');
    r = await who.otherFinder.get('/api/v1/my/rewards');
    assert.deepEqual(r.json.items, []);
    assert.equal((await anon.get('/api/v1/my/rewards')).status, 401);
    // The finder reads the case's rewards through their own page only.
    r = await who.finder.get(`/api/v1/cases/${caseId}/rewards`);
    assert.ok(r.status === 404 || (r.status === 200 && r.json.items.length === 0), r.text);
  });

  it('reward tables: a provider\'s admins keep them, the portal shows them', async () => {
    const row = { provider_org: org.id, grade: 'critical', min_minor: 1000000, max_minor: 5000000, currency: 'CNY', note: '超危漏洞' };
    await refused(server, 403, () => who.coordinator.post('/api/v1/reward-policies', row));
    await refused(server, 403, () => who.otherAdmin.post('/api/v1/reward-policies', row));
    let r = await refused(server, 422, () => who.admin1.post('/api/v1/reward-policies', { ...row, grade: undefined, min_minor: 9, max_minor: 1 }));
    assert.deepEqual(r.json.error.details.fields.map((d) => d.field).sort(), ['grade', 'max_minor']);
    await refused(server, 422, () => who.admin1.post('/api/v1/reward-policies', { ...row, product_id: 999999 }));
    r = await who.admin1.post('/api/v1/reward-policies', row);
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    r = await who.admin1.post('/api/v1/reward-policies', { ...row, grade: undefined, product_id: product.id, min_minor: 0, max_minor: 200000 });
    assert.equal(r.status, 201, r.text);

    r = await anon.get(`/api/v1/public/reward-policies?provider_org=${org.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, 2);
    assert.equal(r.json.items.find((x) => x.grade === 'critical').provider_name, org.name);
    assert.equal(r.json.items.find((x) => x.product_id === product.id).product_name, product.name);
    await refused(server, 404, () => who.otherAdmin.put(`/api/v1/reward-policies/${id}`, { ...row, max_minor: 1 }));
    await refused(server, 404, () => who.otherAdmin.del(`/api/v1/reward-policies/${id}`));
    r = await who.admin2.put(`/api/v1/reward-policies/${id}`, { ...row, max_minor: 8000000 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.max_minor, 8000000);
    r = await who.admin2.del(`/api/v1/reward-policies/${id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal((await anon.get(`/api/v1/public/reward-policies?provider_org=${org.id}`)).json.items.length, 1);
  });

  // Runs after the tables test: the product's row (0 to 2000.00 CNY) governs this case.
  it('an amount outside the governing policy row is refused with its range, unless the proposer says why', async () => {
    let r = await refused(server, 422, () => propose(who.coordinator, { amount_minor: 500000 }));
    assert.equal(r.json.error.code, 'outside_policy');
    assert.equal(r.json.error.details.fields[0].field, 'amount_minor');
    assert.match(r.json.error.message, /0\.00 CNY – 2000\.00 CNY/);
    assert.match(r.json.error.message, /奖励政策范围/);
    r = await refused(server, 422, () => propose(who.coordinator, { amount_minor: 100000, currency: 'USD' }));
    assert.equal(r.json.error.details.fields[0].field, 'currency');
    r = await propose(who.coordinator, { amount_minor: 150000 });  // inside: no reason needed
    assert.equal(r.status, 201, r.text);
    r = await propose(who.coordinator, { amount_minor: 500000, policy_override: 'critical chain found with the fix' });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.note, /Outside the reward policy: critical chain found with the fix/);
  });
});
