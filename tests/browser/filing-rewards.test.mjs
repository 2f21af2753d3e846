// Platform filing (R-FILING) and rewards (R-BOUNTY) in a real browser: the
// host's admin fills in and files the platform filing (public reports are
// refused until then) and the portal shows the number and the rules; a
// provider proposes, approves and pays a reward with separation of duties;
// the finder sees it on their rewards page; the portal shows the reward table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  ADMIN_PASSWORD,
  apiClient,
  assertNoRawKeys,
  confirmModal,
  launchBrowser,
  messageKeys,
  screenshot,
  setLang,
  signIn,
  startServer,
  typeInSelect,
} from './lib.mjs';

const keys = messageKeys();
const NUMBER = '工信部漏洞平台备2026-0042';
const PASSWORDS = { acme1: 'first-admin-pw-91', acme2: 'second-admin-pw-92', acmecoord: 'coordinator-pw-93', acmemember: 'member-pw-94' };
let server;
let browser;
let admin;
const S = {};

async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return page;
}

before(async () => {
  server = await startServer({ env: { LOUDONG_POLICY_INTAKE_REQUIRE_PLATFORM_FILING: '1' } });
  browser = await launchBrowser();
  admin = await apiClient(server.url, 'admin', ADMIN_PASSWORD);
  const org = await admin.post('/api/v1/orgs', { name: 'Acme Networks', type: 'provider', region: 'CN' });
  S.org = org;
  for (const [username, role] of [['acme1', 'admin'], ['acme2', 'admin'], ['acmecoord', 'coordinator'], ['acmemember', 'member']])
    await admin.post('/api/v1/users', { username, password: PASSWORDS[username], memberships: [{ org_id: org.id, role }] });
  await admin.post('/api/v1/users', { username: 'wanghacker', password: 'finder-pass-123', memberships: [] });
  S.product = await admin.post('/api/v1/products', { provider_org: org.id, name: 'Acme Router X1', kind: 'firmware', versions: ['1.0'] });
  const dir = mkdtempSync(path.join(tmpdir(), 'loudong-filing-'));
  S.mlps = path.join(dir, 'mlps-level3.pdf');
  S.letter = path.join(dir, 'commitment.pdf');
  writeFileSync(S.mlps, '%PDF-1.4 MLPS level 3');
  writeFileSync(S.letter, '%PDF-1.4 signed letter');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('platform filing and rewards in a real browser', () => {
  test('the admin files the platform; until then the public cannot report, then the portal shows the number and rules', async () => {
    const refused = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'x', product_text: 'y', impact: 'z', contact_email: 'a@b.example' }),
    });
    assert.equal(refused.status, 409);

    const page = await newPage();
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-filing').click();
    await page.waitForURL(/\/console\/admin\/filing$/);
    const fill = async (id, v) => page.getByTestId(id).fill(v);
    await fill('filing-platform_name', '示例漏洞收集平台');
    await fill('filing-home_url', 'https://vuln.example.cn');
    await fill('filing-icp_number', '京ICP备12345678号-1');
    await typeInSelect(page, 'platform-filing_publication_channels', 'https://vuln.example.cn/advisories');
    await page.keyboard.press('Enter');
    await fill('filing-host_name', '示例科技有限公司');
    await fill('filing-host_id_number', '91350100M000100Y43');
    await fill('filing-responsible-name', '张三');
    await fill('filing-responsible-phone', '010-12345678');
    await fill('filing-responsible-email', 'zhang@example.cn');
    await fill('filing-contact0-name', '李四');
    await fill('filing-contact0-phone', '13800138000');
    await fill('filing-contact0-email', 'li@example.cn');
    for (const k of ['collection_scope', 'collection_methods', 'verification_rules', 'notification_rules', 'user_identity_rules'])
      await fill(`filing-${k}`, `${k} 规则`);
    await fill('filing-publication_rules', '修复前不发布；不发布利用代码。');
    await page.getByTestId('filing-save').click();
    await page.getByTestId('filing-status').filter({ hasText: '草稿' }).waitFor();
    // The ID number is masked once saved; the attachments are still missing.
    await page.getByText('9135**********0Y43', { exact: false }).first().waitFor();
    await page.getByTestId('filing-missing').waitFor();
    await page.getByTestId('filing-upload-mlps_proof').setInputFiles(S.mlps);
    await page.getByText('mlps-level3.pdf').waitFor();
    await page.getByTestId('filing-upload-commitment_letter').setInputFiles(S.letter);
    await page.getByText('commitment.pdf').waitFor();
    await page.getByTestId('filing-missing').waitFor({ state: 'detached' });
    await page.getByTestId('filing-to-filed').click();
    await page.getByTestId('filing-number-input').fill(NUMBER);
    await confirmModal(page);
    await page.getByTestId('filing-status').filter({ hasText: '已备案' }).waitFor();
    assert.equal(await page.getByTestId('filing-number').innerText(), NUMBER);
    await assertNoRawKeys(page, keys, 'filing zh-CN');
    await screenshot(page, 'zh-CN', '40-platform-filing');
    await setLang(page, 'en-US');
    await page.getByTestId('filing-status').filter({ hasText: 'Filed' }).waitFor();
    await page.getByText('Filing history').waitFor();
    await assertNoRawKeys(page, keys, 'filing en-US');
    await screenshot(page, 'en-US', '40-platform-filing');
    await setLang(page, 'zh-CN');

    // The portal: the number on every page, and the filed rules.
    const portal = await newPage();
    await portal.goto(`${server.url}/rules`);
    assert.equal(await portal.getByTestId('public-filing-number').innerText(), NUMBER);
    assert.match(await portal.getByTestId('public-publication_rules').innerText(), /修复前不发布/);
    assert.ok(!(await portal.locator('body').innerText()).includes('13800138000'), 'contacts stay private');
    await screenshot(portal, 'zh-CN', '41-portal-filing');
    await portal.goto(`${server.url}/`);
    await portal.getByTestId('home-filing').filter({ hasText: NUMBER }).waitFor();
  });

  test('a reward is proposed by one admin, approved by another, paid by a coordinator, and the finder sees it', async () => {
    const finder = await apiClient(server.url, 'wanghacker', 'finder-pass-123');
    const rep = await finder.post('/api/v1/reports', { title: 'Auth bypass in Acme Router X1', product_id: S.product.id, product_text: '', impact: 'admin access', contact_email: 'wang@finder.example' });
    await admin.post(`/api/v1/reports/${rep.id}/transitions`, { to: 'triage', reason: '' });
    const acc = await admin.post(`/api/v1/reports/${rep.id}/transitions`, { to: 'accepted', reason: 'valid' });
    S.case = acc.case_id;

    const acme1 = await newPage();
    await signIn(acme1, server.url, 'acme1', PASSWORDS.acme1);
    await acme1.goto(`${server.url}/console/cases/${S.case}`);
    await acme1.getByTestId('tab-rewards').click();
    await acme1.locator('#propose-reward_amount').fill('5000');
    await acme1.getByTestId('reward-propose').click();
    await acme1.getByText('奖励已提议').waitFor();
    const rewards = await admin.get(`/api/v1/cases/${S.case}/rewards`);
    const id = rewards.items[0].id;
    assert.equal(rewards.items[0].amount_minor, 500000);
    await acme1.getByTestId(`reward-state-${id}`).filter({ hasText: '已提议' }).waitFor();
    // The proposer is offered cancel, never approve.
    assert.equal(await acme1.getByTestId(`reward-${id}-approved`).count(), 0);
    await acme1.getByTestId('reward-propose-card').waitFor();
    await assertNoRawKeys(acme1, keys, 'case rewards zh-CN');
    await screenshot(acme1, 'zh-CN', '42-case-rewards');

    // A member sees the case's rewards but may not propose (the server
    // refuses them): no propose form.
    const member = await newPage();
    await signIn(member, server.url, 'acmemember', PASSWORDS.acmemember);
    await member.goto(`${server.url}/console/cases/${S.case}`);
    await member.getByTestId('tab-rewards').click();
    await member.getByTestId(`reward-state-${id}`).waitFor();
    assert.equal(await member.getByTestId('reward-propose-card').count(), 0, 'no propose form for a member');
    assert.equal(await member.getByTestId('reward-propose').count(), 0);

    const acme2 = await newPage();
    await signIn(acme2, server.url, 'acme2', PASSWORDS.acme2);
    await acme2.goto(`${server.url}/console/cases/${S.case}`);
    await acme2.getByTestId('tab-rewards').click();
    await acme2.getByTestId(`reward-${id}-approved`).click();
    await acme2.getByTestId(`reward-state-${id}`).filter({ hasText: '已批准' }).waitFor();
    assert.equal(await acme2.getByTestId(`reward-${id}-paid`).count(), 0, 'the approver does not pay');

    const coord = await newPage();
    await signIn(coord, server.url, 'acmecoord', PASSWORDS.acmecoord);
    await coord.goto(`${server.url}/console/cases/${S.case}`);
    await coord.getByTestId('tab-rewards').click();
    await coord.getByTestId(`reward-${id}-paid`).click();
    await coord.getByTestId('reward-step-text').fill('BANK-2026-7');
    await confirmModal(coord);
    await coord.getByTestId(`reward-state-${id}`).filter({ hasText: '已支付' }).waitFor();
    await setLang(coord, 'en-US');
    await coord.getByTestId('tab-rewards').click();
    await coord.getByTestId(`reward-state-${id}`).filter({ hasText: 'Paid' }).waitFor();
    await assertNoRawKeys(coord, keys, 'case rewards en-US');
    await screenshot(coord, 'en-US', '42-case-rewards');

    const fp = await newPage();
    await signIn(fp, server.url, 'wanghacker', 'finder-pass-123');
    await fp.goto(`${server.url}/console/my-rewards`);
    assert.equal(await fp.getByTestId(`my-reward-amount-${id}`).innerText(), '5,000.00 CNY');
    await fp.getByTestId(`reward-state-${id}`).filter({ hasText: '已支付' }).waitFor();
    await assertNoRawKeys(fp, keys, 'my rewards zh-CN');
    await screenshot(fp, 'zh-CN', '43-my-rewards');
  });

  test('a provider admin publishes a reward table that the portal shows', async () => {
    const page = await newPage();
    await signIn(page, server.url, 'acme1', PASSWORDS.acme1);
    await page.goto(`${server.url}/console/admin/reward-policy`);
    await typeInSelect(page, 'reward-policy_grade', '超危');
    await page.keyboard.press('Enter');
    await page.locator('#reward-policy_min').fill('10000');
    await page.locator('#reward-policy_max').fill('50000');
    await page.getByTestId('reward-policy-add').click();
    await page.getByTestId('reward-policies').getByText('10,000.00 CNY – 50,000.00 CNY').waitFor();
    const portal = await newPage();
    await portal.goto(`${server.url}/rewards`);
    await portal.getByTestId('reward-policies').getByText('Acme Networks').waitFor();
    await portal.getByTestId('reward-policies').getByText('超危').waitFor();
    await assertNoRawKeys(portal, keys, 'reward policies zh-CN');
    await screenshot(portal, 'zh-CN', '44-reward-policies');
    await setLang(portal, 'en-US');
    await portal.getByTestId('reward-policies').getByText('Critical').waitFor();
    await screenshot(portal, 'en-US', '44-reward-policies');
  });
});
