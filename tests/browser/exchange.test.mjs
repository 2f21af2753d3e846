// The exchange between parties (issue 9) in a real browser: notification
// preferences, a webhook (secret shown once, a signed test delivery, a retry),
// the deliveries view, peers, filing a regulatory report through federation,
// and the authority's inbox and timeliness chart.
//
// One deployment plays every side: its host organisation is an authority
// (LOUDONG_PLATFORM_HOST_ORG_TYPE=authority), a provider organisation files
// with it through /api/v1/federation/regulatory-reports, and for the
// federation round trip the deployment is its own peer (loopback).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
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
} from './lib.mjs';

const CJK = /[\u4e00-\u9fff]/;
const EVENTS = [
  'report.received', 'report.state_changed', 'case.confirmed', 'case.state_changed', 'clock.due_soon', 'clock.overdue',
  'regulatory_report.submitted', 'regulatory_report.acknowledged', 'regulatory_report.returned', 'user_notice.owed',
  'upstream_notice.received', 'delivery.failed', 'webhook.disabled', 'ping',
];
const HOUR = 3600 * 1000;
const keys = messageKeys();
let server;
let browser;
let admin;
let receiver;
const S = {};
const pages = [];
const cspViolations = [];

async function newPage(viewport = { width: 1440, height: 900 }) {
  const ctx = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  pages.push(page);
  return page;
}

/** A webhook receiver on loopback that answers `status` and keeps what it got. */
async function startReceiver() {
  const r = { status: 503, got: [] };
  r.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      r.got.push({ headers: req.headers, body, status: r.status });
      res.writeHead(r.status, { 'Content-Type': 'application/json' });
      res.end(r.status < 300 ? '{"ok":true}' : '{"error":"receiver is down"}');
    });
  });
  await new Promise((ok) => r.server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${r.server.address().port}/hooks/loudong`;
  return r;
}

/** An API token for `org` (the platform admin may issue one for any organisation and role). */
async function token(orgId, role = 'member') {
  const r = await admin.post('/api/v1/tokens', { name: `t-${orgId}-${role}`, org_id: orgId, role, expires_in_days: 30 });
  return r.secret;
}

/** A provider's regulatory report arriving over federation, `hoursAgo` after it became aware. */
async function fileInbound(bearer, { key, hoursAgo, product }) {
  const res = await fetch(`${server.url}/api/v1/federation/regulatory-reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}`, 'Idempotency-Key': key },
    body: JSON.stringify({
      sender_report_id: key,
      case_ref: `ACME-${key}`,
      aware_at: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
      fields: {
        product_name: product,
        product_version: '2.14.1',
        technical_characteristics: 'JNDI lookup in logged messages',
        harm: 'remote code execution',
        scope: 'every deployment of the product',
        provider_name: 'Acme Networks',
        contact_email: 'psirt@acme.example.cn',
      },
    }),
  });
  const text = await res.text();
  assert.ok(res.status === 201 || res.status === 200 || res.status === 202, `federation intake: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Reloads until `locate()` shows (the page does not poll for it), for up to `ms`. */
async function untilShown(page, locate, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await locate().waitFor({ timeout: 2000 });
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await page.reload();
    }
  }
}

/** Visible text in English must hold no Chinese (names from the server excepted by the caller). */
async function assertEnglish(page, where, allow = []) {
  let text = await page.locator('body').innerText();
  for (const a of ['简体中文', ...allow]) text = text.replaceAll(a, '');
  const left = text.split('\n').filter((l) => CJK.test(l));
  assert.deepEqual(left, [], `${where}: Chinese text left in English`);
}

before(async () => {
  server = await startServer({
    env: {
      LOUDONG_PLATFORM_HOST_ORG_TYPE: 'authority',
      LOUDONG_PLATFORM_HOST_ORG_NAME: 'MIIT NVDB',
      LOUDONG_NOTIFY_BASE_DELAY_SECONDS: '1',
      LOUDONG_NOTIFY_MAX_DELAY_SECONDS: '1',
      LOUDONG_NOTIFY_MAX_ATTEMPTS: '2',
      LOUDONG_NOTIFY_HTTP_TIMEOUT_MS: '3000',
    },
  });
  browser = await launchBrowser();
  receiver = await startReceiver();
  admin = await apiClient(server.url, 'admin', ADMIN_PASSWORD);
  S.platformName = (await admin.get('/api/v1/public/info')).platform_name ?? '';
  S.host = (await admin.get('/api/v1/orgs')).items.find((o) => o.type === 'authority');
  assert.ok(S.host, 'the host organisation is an authority');
  S.acme = await admin.post('/api/v1/orgs', { name: 'Acme Networks', type: 'provider', region: 'CN', contact_email: 'psirt@acme.example.cn' });
  await admin.post('/api/v1/users', { username: 'psirt', password: 'vendor-team-pass-1', display_name: 'Acme PSIRT', email: 'psirt@acme.example.cn', memberships: [{ org_id: S.acme.id, role: 'admin' }] });
  await admin.post('/api/v1/users', { username: 'officer', password: 'nvdb-desk-pass-1', display_name: 'NVDB Officer', memberships: [{ org_id: S.host.id, role: 'member' }] });
  S.product = await admin.post('/api/v1/products', {
    provider_org: S.acme.id,
    name: 'Acme Gateway',
    model: 'AG-7',
    kind: 'software',
    versions: ['3.1'],
    customers: [{ name: 'Example Telecom', contact: 'sec@telecom.example' }],
  });
  // Two reports already with the authority: one on time, one the Log4j2 way (15 days late).
  S.acmeToken = await token(S.acme.id);
  S.late = await fileInbound(S.acmeToken, { key: 'acme-late-1', hoursAgo: 360, product: 'Acme Logger' });
  S.onTime = await fileInbound(S.acmeToken, { key: 'acme-ontime-1', hoursAgo: 6, product: 'Acme Gateway' });
});

after(async () => {
  for (const p of pages) await p.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
  receiver?.server.close();
});

describe('exchange between parties in the console', () => {
  test('notification preferences are saved and come back, in both languages', async () => {
    const page = await newPage();
    S.psirtPage = page;
    await signIn(page, server.url, 'psirt', 'vendor-team-pass-1');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-notifications').click();
    await page.waitForURL(/\/console\/settings\/notifications$/);
    await page.getByTestId('prefs-form').waitFor();
    // A new member starts with the server's default events ticked; keep only two.
    await page.getByTestId('prefs-some-events').check();
    for (const e of EVENTS) {
      const box = page.getByTestId(`prefs-event-${e}`);
      if (['clock.overdue', 'regulatory_report.returned'].includes(e)) await box.check();
      else await box.uncheck();
    }
    await page.getByTestId('prefs-digest').check();
    await page.getByTestId('prefs-lang-both').check();
    await page.getByTestId('prefs-save').click();
    await page.getByText('通知设置已保存').waitFor();
    const psirt = await apiClient(server.url, 'psirt', 'vendor-team-pass-1');
    const saved = await psirt.get('/api/v1/me/notifications');
    assert.deepEqual([...saved.events].sort(), ['clock.overdue', 'regulatory_report.returned']);
    assert.equal(saved.mode, 'digest');
    assert.equal(saved.language, 'both');
    // Back after a reload, and in English.
    await page.reload();
    await page.getByTestId('prefs-form').waitFor();
    assert.ok(await page.getByTestId('prefs-event-clock.overdue').isChecked());
    assert.ok(!(await page.getByTestId('prefs-event-case.confirmed').isChecked()));
    assert.ok(await page.getByTestId('prefs-digest').isChecked());
    await assertNoRawKeys(page, keys, 'preferences zh-CN');
    await screenshot(page, 'zh-CN', '20-notification-preferences');
    await setLang(page, 'en-US');
    await page.getByText('Notification preferences').first().waitFor();
    assert.ok(await page.getByTestId('prefs-event-regulatory_report.returned').isChecked());
    await page.getByText('Regulatory report returned').waitFor();
    await assertNoRawKeys(page, keys, 'preferences en-US');
    await assertEnglish(page, 'preferences', ['Acme PSIRT', S.platformName]);
    await screenshot(page, 'en-US', '20-notification-preferences');
    // Changed in English: only English emails now.
    await page.getByTestId('prefs-lang-en').check();
    await page.getByTestId('prefs-save').click();
    await page.getByText('Notification preferences saved').waitFor();
    assert.equal((await psirt.get('/api/v1/me/notifications')).language, 'en-US');
    await setLang(page, 'zh-CN');
  });

  test('an organisation admin adds a webhook: the secret is shown once and signs the test delivery, which is retried after failing', async () => {
    const page = S.psirtPage;
    await setLang(page, 'zh-CN');
    await page.goto(`${server.url}/console/settings/webhooks`);
    await page.getByTestId('webhook-new').click();
    await page.fill('#webhook_url', receiver.url);
    await page.fill('#webhook_description', 'SOC intake');
    // The secret's dialog replaces this one: click "create" once, then wait for the secret.
    await page.waitForTimeout(300);
    await page.locator('.ant-modal-wrap:has(#webhook_url) .ant-modal-footer .ant-btn-primary').click();
    const secret = (await page.getByTestId('webhook-secret').innerText()).trim();
    assert.match(secret, /^whsec_/);
    await page.getByText('密钥只显示这一次').waitFor();
    assert.match(await page.getByTestId('webhook-snippet').innerText(), /x-loudong-signature[\s\S]*createHmac\('sha256', secret\)[\s\S]*x-loudong-delivery/);
    await screenshot(page, 'zh-CN', '21-webhook-secret');
    await page.waitForTimeout(300); // the opening animation
    await page.getByTestId('webhook-secret-done').click();
    await page.getByTestId('webhook-secret').waitFor({ state: 'detached' });
    await page.getByTestId('webhook-table').getByText(receiver.url).waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes(secret), 'the secret is not shown again');
    const listed = await (await apiClient(server.url, 'psirt', 'vendor-team-pass-1')).get(`/api/v1/orgs/${S.acme.id}/webhooks`);
    assert.ok(!JSON.stringify(listed).includes(secret), 'nor sent again');
    const hook = listed.items[0];

    // The receiver is down: the test delivery fails, twice, and is dead.
    receiver.status = 503;
    await page.getByTestId(`webhook-test-${hook.id}`).click();
    await page.getByTestId('webhook-test-link').click();
    await page.waitForURL(/\/console\/deliveries\/\d+$/);
    S.deliveryId = page.url().match(/deliveries\/(\d+)/)[1];
    await page.getByTestId('delivery-state').getByText('失败').waitFor({ timeout: 30000 });
    assert.ok((await page.getByTestId('delivery-attempt').count()) >= 1);
    await page.getByTestId('delivery-last-error').waitFor();
    await screenshot(page, 'zh-CN', '22-delivery-dead');

    // Back up: "retry now" delivers it, signed with the secret shown once.
    receiver.status = 200;
    await page.getByTestId('delivery-retry').click();
    await page.getByTestId('delivery-state').getByText('已送达').waitFor({ timeout: 30000 });
    assert.ok(await page.getByTestId('delivery-retry').isDisabled(), 'a sent delivery cannot be retried');
    const ok = receiver.got.find((g) => g.status === 200);
    assert.ok(ok, 'the receiver got the retried delivery');
    const sig = Object.fromEntries(String(ok.headers['x-loudong-signature']).split(',').map((p) => p.split('=')));
    const expected = createHmac('sha256', secret).update(`${sig.t}.${ok.body}`).digest('hex');
    assert.equal(sig.v1, expected, 'signed with the secret shown once');
    assert.ok(Math.abs(Date.now() / 1000 - Number(sig.t)) < 300);
    const detail = await admin.get(`/api/v1/deliveries/${S.deliveryId}`);
    assert.equal(ok.headers['x-loudong-delivery'], detail.idempotency_key);
    assert.ok(receiver.got.filter((g) => g.headers['x-loudong-delivery'] === detail.idempotency_key).length >= 2, 'the same delivery id on every attempt');

    // The deliveries view lists it with the counts per state.
    await page.goto(`${server.url}/console/deliveries?kind=webhook`);
    await page.getByTestId('deliveries-table').getByRole('link', { name: S.deliveryId, exact: true }).waitFor();
    await page.getByRole('tab', { name: /已送达/ }).waitFor();
    await page.getByRole('tab', { name: /已送达/ }).click();
    await page.getByTestId('deliveries-table').getByRole('link', { name: S.deliveryId, exact: true }).waitFor();
    await page.getByRole('tab', { name: /失败/ }).click();
    await page.getByTestId('deliveries-table').getByRole('link', { name: S.deliveryId, exact: true }).waitFor({ state: 'detached' });
  });

  test('a platform admin adds peers; a provider files its regulatory report through federation and sees the receipt', async () => {
    const page = await newPage();
    S.adminPage = page;
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
    // The deployment is its own peer: as "NVDB" (the authority, called with Acme's token)
    // and as "Acme platform" (the provider, called with the authority's token).
    const hostToken = await token(S.host.id);
    const addPeer = async (name, orgName, tok) => {
      await page.goto(`${server.url}/console/admin/peers`);
      await page.getByTestId('peer-new').click();
      await page.fill('#peer_name', name);
      await page.fill('#peer_base_url', server.url);
      await page.locator('.ant-form-item:has(#peer_org_id) .ant-select-selector').click();
      await page.locator('.ant-select-item-option', { hasText: orgName }).click();
      await page.fill('#peer_token', tok);
      await confirmModal(page);
      await page.getByTestId('peer-table').getByText(name, { exact: true }).waitFor();
    };
    await addPeer('NVDB loopback', 'MIIT NVDB', S.acmeToken);
    await addPeer('Acme platform', 'Acme Networks', hostToken);
    assert.ok(!(await page.locator('body').innerText()).includes(hostToken), 'a peer token is never shown');

    // A case of Acme's with a complete draft.
    const r = await admin.post('/api/v1/reports', { title: 'Heap overflow in Acme Gateway login', product_id: S.product.id, product_text: 'Acme Gateway', product_version: '3.1', impact: 'remote code execution', contact_email: 'f@finder.example' });
    await admin.post(`/api/v1/reports/${r.id}/transitions`, { to: 'triage', reason: '' });
    S.caseId = (await admin.post(`/api/v1/reports/${r.id}/transitions`, { to: 'accepted', reason: 'valid' })).case_id;
    S.reportId = r.id;
    await admin.post(`/api/v1/cases/${S.caseId}/regulatory-reports`, {});
    const reg = (await admin.get(`/api/v1/cases/${S.caseId}`)).regulatory_reports[0];
    await admin.patch(`/api/v1/regulatory-reports/${reg.id}`, {
      product_version: '3.1',
      technical_characteristics: 'stack overflow in the login handler',
      harm: 'remote code execution',
      scope: 'all 3.x gateways',
      provider_name: 'Acme Networks',
      contact_email: 'psirt@acme.example.cn',
    });
    await page.goto(`${server.url}/console/cases/${S.caseId}?tab=regulatory`);
    await page.getByTestId('reg-draft').waitFor();
    await page.getByTestId('fed-file').click();
    await page.locator('.ant-form-item:has(#fed-file_peer_id) .ant-select-selector').click();
    await page.locator('.ant-select-item-option', { hasText: 'NVDB loopback' }).click();
    await confirmModal(page);
    // Received by the authority: its reference and receipt hash come back; the 2-day clock stops.
    await page.getByTestId('filing-state').getByText('对方已接收').waitFor({ timeout: 30000 });
    const ref = (await page.getByTestId('filing-reference').innerText()).trim();
    assert.match(ref, /^REG-\d{4}-\d+$/);
    await page.getByTestId('filing-receipt-hash').waitFor();
    await page.locator('[data-testid=clock-regulatory_report][data-state=met]').waitFor({ timeout: 20000 });
    S.federatedRef = ref;
    await screenshot(page, 'zh-CN', '23-case-filed-via-federation');

    // Upstream notice and customer emails queue deliveries.
    await page.goto(`${server.url}/console/cases/${S.caseId}?tab=notices`);
    await page.getByTestId('fed-upstream').click();
    await page.locator('.ant-form-item:has(#fed-upstream_peer_id) .ant-select-selector').click();
    await page.locator('.ant-select-item-option', { hasText: 'Acme platform' }).click();
    await page.fill('#fed-upstream_component', 'pkg:generic/acme-login@3.1');
    await page.fill('#fed-upstream_evidence', 'Crash log and a patch attached to the case.');
    await confirmModal(page);
    await page.getByTestId('fed-upstream-queued').getByTestId('delivery-link').waitFor();
    await page.getByTestId('fed-user-emails').click();
    await page.fill('#fed-user-emails_risk_en', 'Remote code execution through the login page.');
    await page.fill('#fed-user-emails_fix_en', 'Upgrade to 3.2.');
    await confirmModal(page);
    await page.getByTestId('fed-emails-queued').getByText(/已排队 1 封/).waitFor();

    // The accepted report can be forwarded to the provider's platform.
    await page.goto(`${server.url}/console/reports/${S.reportId}`);
    await page.getByTestId('fed-forward').click();
    await page.locator('.ant-form-item:has(#fed-forward_peer_id) .ant-select-selector').click();
    await page.locator('.ant-select-item-option', { hasText: 'Acme platform' }).click();
    await confirmModal(page);
    await page.getByTestId('fed-forward-queued').getByTestId('delivery-link').waitFor();
  });

  test('the authority inbox marks the 15-day-late report; an officer acknowledges one and returns another with reasons', async () => {
    const page = await newPage();
    S.officerPage = page;
    await signIn(page, server.url, 'officer', 'nvdb-desk-pass-1');
    // An authority member gets the authority pages in the menu.
    await page.getByRole('link', { name: '报送收件箱' }).waitFor();
    await page.getByRole('link', { name: '报送及时性' }).waitFor();
    await page.goto(`${server.url}/console/authority`);
    const inbox = page.getByTestId('authority-inbox');
    const lateRow = inbox.locator('.ant-table-row', { hasText: 'Acme Logger' });
    await lateRow.waitFor();
    assert.equal((await lateRow.getByTestId('late-tag').innerText()).trim(), '迟报 360 小时 / 15 天');
    const onTimeRow = inbox.locator('.ant-table-row', { hasText: 'ACME-acme-ontime-1' });
    assert.match((await onTimeRow.getByTestId('on-time-tag').innerText()).trim(), /^按时 6(\.\d)? 小时$/);
    await screenshot(page, 'zh-CN', '24-authority-inbox');

    // The late one: acknowledged.
    await lateRow.getByRole('link').first().click();
    await page.getByTestId('authority-late-alert').waitFor();
    await page.getByTestId('authority-receipt-hash').waitFor();
    await screenshot(page, 'zh-CN', '25-authority-report');
    await page.getByTestId('authority-acknowledge').click();
    await confirmModal(page);
    await page.getByTestId('authority-state').getByText('已确认接收').waitFor();

    // The on-time one: returning needs reasons.
    await page.goto(`${server.url}/console/authority?state=received`);
    await inbox.locator('.ant-table-row', { hasText: 'ACME-acme-ontime-1' }).getByRole('link').first().click();
    await page.getByTestId('authority-return').click();
    const dialog = page.locator('.ant-modal-wrap').filter({ visible: true });
    await dialog.waitFor();
    await page.waitForTimeout(300);
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.getByText('退回时必须写明原因').waitFor();
    await page.fill('#decision_note', 'The affected versions are missing.');
    await confirmModal(page);
    await page.getByTestId('authority-state').getByText('已退回').waitFor();
    await page.getByText('The affected versions are missing.').waitFor();
  });

  test("the federated report reaches the inbox; acknowledging it there shows on the provider's case", async () => {
    const page = S.officerPage;
    await page.goto(`${server.url}/console/authority`);
    const row = page.getByTestId('authority-inbox').locator('.ant-table-row', { hasText: S.federatedRef });
    await row.waitFor();
    await row.getByRole('link').first().click();
    // A joint assessment, then the decision.
    await page.locator('.ant-form-item:has(#joint_participants) .ant-select-selector').click();
    for (const p of ['MIIT', 'MPS', 'Acme Networks']) {
      await page.keyboard.type(p);
      await page.keyboard.press('Enter');
    }
    await page.fill('#joint_conclusion', 'Fix first; no early release.');
    await page.getByText('不同意提前发布').click();
    await page.getByTestId('joint-save').click();
    await page.getByTestId('joint-assessment').getByText('Fix first; no early release.').waitFor();
    await page.getByTestId('authority-acknowledge').click();
    await confirmModal(page);
    await page.getByTestId('authority-state').getByText('已确认接收').waitFor();
    // The decision travels back to the provider's side (the "Acme platform" peer).
    const admin2 = S.adminPage;
    await admin2.goto(`${server.url}/console/cases/${S.caseId}?tab=regulatory`);
    await untilShown(admin2, () => admin2.getByTestId('filing-state').getByText('已确认接收'));
  });

  test("a returned filing shows the authority's reasons on the provider's case", async () => {
    // A second case, filed through the API this time.
    const r = await admin.post('/api/v1/reports', { title: 'Path traversal in Acme Gateway backup', product_id: S.product.id, product_text: 'Acme Gateway', product_version: '3.1', impact: 'file read', contact_email: 'f@finder.example' });
    await admin.post(`/api/v1/reports/${r.id}/transitions`, { to: 'triage', reason: '' });
    const caseId = (await admin.post(`/api/v1/reports/${r.id}/transitions`, { to: 'accepted', reason: 'valid' })).case_id;
    await admin.post(`/api/v1/cases/${caseId}/regulatory-reports`, {});
    const reg = (await admin.get(`/api/v1/cases/${caseId}`)).regulatory_reports[0];
    await admin.patch(`/api/v1/regulatory-reports/${reg.id}`, { product_version: '3.1', technical_characteristics: 'path traversal', harm: 'file read', scope: 'all 3.x', provider_name: 'Acme Networks', contact_email: 'psirt@acme.example.cn' });
    const peer = (await admin.get('/api/v1/peers')).items.find((p) => p.name === 'NVDB loopback');
    await admin.post(`/api/v1/regulatory-reports/${reg.id}/filings`, { peer_id: peer.id });
    let filing;
    for (let i = 0; i < 100 && filing?.state !== 'received'; i++) {
      await new Promise((ok) => setTimeout(ok, 200));
      filing = (await admin.get(`/api/v1/regulatory-reports/${reg.id}/filings`)).items[0];
    }
    assert.equal(filing?.state, 'received');
    // The officer returns it with reasons.
    const page = S.officerPage;
    await page.goto(`${server.url}/console/authority?state=received`);
    await page.getByTestId('authority-inbox').locator('.ant-table-row', { hasText: filing.peer_reference }).getByRole('link').first().click();
    await page.getByTestId('authority-return').click();
    await page.fill('#decision_note', 'Scope must name the affected firmware builds.');
    await confirmModal(page);
    await page.getByTestId('authority-state').getByText('已退回').waitFor();
    // The provider sees the state and the reasons under the filing.
    const p2 = S.adminPage;
    await p2.goto(`${server.url}/console/cases/${caseId}?tab=regulatory`);
    await untilShown(p2, () => p2.getByTestId('filing-note').getByText('Scope must name the affected firmware builds.'));
    assert.equal((await p2.getByTestId('filing-state').innerText()).trim(), '已退回');
    // A returned report may be filed again.
    await p2.getByTestId('fed-file').waitFor();
    S.returnedCaseId = caseId;
  });

  test('the timeliness chart shows the late provider at a glance', async () => {
    const page = S.officerPage;
    await page.goto(`${server.url}/console/authority/timeliness`);
    await page.getByTestId('chart-delays').locator('canvas').waitFor();
    await page.getByTestId('chart-providers').locator('canvas').waitFor();
    assert.equal((await page.getByTestId('timeliness-late').innerText()).match(/\d+/)[0], '1', 'one late report of four');
    await page.waitForTimeout(1200); // charts animate in
    await screenshot(page, 'zh-CN', '26-authority-timeliness');
    // The same numbers as a table.
    await page.getByTestId('chart-delays').getByText('表格').click();
    await page.getByTestId('chart-delays').getByTestId('late-tag').getByText('迟报 360 小时 / 15 天').waitFor();
  });

  test('who sees what: a provider admin has no authority pages, no peers', async () => {
    const page = S.psirtPage;
    await setLang(page, 'zh-CN');
    await page.goto(`${server.url}/console`);
    await page.getByRole('link', { name: '投递' }).waitFor();
    assert.equal(await page.getByRole('link', { name: '报送收件箱' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: '对端' }).count(), 0);
    await page.goto(`${server.url}/console/authority`);
    await page.locator('.ant-result, .ant-alert-error').first().waitFor();
    assert.equal(await page.getByTestId('authority-inbox').locator('.ant-table-row').count(), 0);
  });

  test('a platform admin forwards a received report to a partner authority', async () => {
    const page = S.adminPage;
    const item = (await admin.get('/api/v1/authority/inbox')).items.find((i) => i.late);
    await page.goto(`${server.url}/console/authority/${item.id}`);
    await page.getByTestId('authority-forward-peers').click();
    await page.locator('.ant-select-item-option', { hasText: 'NVDB loopback' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('authority-forward').click();
    await page.getByTestId('authority-forwarded').getByText('NVDB loopback').waitFor();
    await page.getByTestId('authority-forwarded').getByTestId('delivery-link').waitFor();
    // An officer sees where it went, and may forward it too: peers are
    // listed for organisation members (only platform admins manage them).
    await S.officerPage.goto(`${server.url}/console/authority/${item.id}`);
    await S.officerPage.getByTestId('authority-forwarded').getByText('NVDB loopback').waitFor();
    await S.officerPage.getByTestId('authority-forward-peers').waitFor();
    assert.equal(await S.officerPage.getByTestId('authority-peers-admin-only').count(), 0);
  });

  test('screenshots of the new pages in both languages, every label translated', async () => {
    const psirt = S.psirtPage;
    const adminPage = S.adminPage;
    const officer = S.officerPage;
    const names = ['Acme Networks', 'Acme PSIRT', 'NVDB Officer', 'MIIT NVDB', S.platformName];
    for (const lang of ['zh-CN', 'en-US']) {
      for (const p of [psirt, adminPage, officer]) await setLang(p, lang);
      const shots = [
        [psirt, '/console/settings/webhooks', '27-webhooks', 'webhook-table'],
        [psirt, '/console/deliveries', '28-deliveries', 'deliveries-table'],
        [psirt, `/console/deliveries/${S.deliveryId}`, '29-delivery-detail', 'delivery-attempts'],
        [adminPage, '/console/admin/peers', '30-peers', 'peer-table'],
        [adminPage, `/console/cases/${S.caseId}?tab=regulatory`, '31-case-regulatory-federation', 'filings'],
        [adminPage, `/console/cases/${S.caseId}?tab=notices`, '32-case-notices', 'upstream-panel'],
        [adminPage, `/console/cases/${S.returnedCaseId}?tab=regulatory`, '37-case-filing-returned', 'filing-note'],
        [officer, '/console/authority', '33-authority-inbox', 'authority-inbox'],
        [officer, '/console/authority/timeliness', '34-authority-timeliness', 'chart-delays'],
        [psirt, '/console/settings/notifications', '35-notification-preferences', 'prefs-form'],
      ];
      for (const [p, url, name, ready] of shots) {
        await p.goto(`${server.url}${url}`);
        await p.getByTestId(ready).first().waitFor();
        await p.waitForLoadState('networkidle').catch(() => {});
        await p.waitForTimeout(name.includes('timeliness') ? 1200 : 400);
        await assertNoRawKeys(p, keys, `${url} ${lang}`);
        // Case pages and deliveries show text the server wrote (Chinese email subjects, the authority's name).
        if (lang === 'en-US' && !url.includes('/cases/') && !url.includes('/deliveries')) await assertEnglish(p, url, names);
        await screenshot(p, lang, name);
      }
      const item = (await admin.get('/api/v1/authority/inbox')).items.find((i) => i.late);
      await officer.goto(`${server.url}/console/authority/${item.id}`);
      await officer.getByTestId('authority-late-alert').waitFor();
      if (lang === 'en-US') {
        assert.match(await officer.getByTestId('late-tag').first().innerText(), /^Late: 360 hours \/ 15 days$/);
        await assertEnglish(officer, 'authority item', names);
      }
      await screenshot(officer, lang, '36-authority-report');
    }
  });

  test("the new pages run under the server's Content-Security-Policy", () => {
    assert.deepEqual(cspViolations, []);
  });
});
