// Operator cases (R-OPERATOR) in a real browser: an operator's coordinator
// records a vulnerability in a system it runs (asset, location, owner), sees
// the sealed details on the case, verifies and fixes it on the fix clock,
// drafts an advisory and tries to publish it: refused, with the
// no_operator_details gate (R-PUB-2) listed; and links an asset to a case.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, apiClient, assertNoRawKeys, confirmModal, launchBrowser, messageKeys, screenshot, setLang, signIn, startServer } from './lib.mjs';

const keys = messageKeys();
let server;
let browser;
let admin;

async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return page;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await apiClient(server.url, 'admin', ADMIN_PASSWORD);
  const org = await admin.post('/api/v1/orgs', { name: '华东电网运维', type: 'operator', region: 'CN' });
  await admin.post('/api/v1/users', { username: 'gridops', password: 'grid-ops-password-1', memberships: [{ org_id: org.id, role: 'coordinator' }] });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('operator cases in a real browser', () => {
  test('an operator records a case, fixes it, and is refused publication with the no-operator-details gate listed', async () => {
    const page = await newPage();
    await signIn(page, server.url, 'gridops', 'grid-ops-password-1');
    await page.getByTestId('nav-operator').click();
    await page.waitForURL(/\/console\/operator$/);
    await assertNoRawKeys(page, keys, 'operator page (zh-CN)');
    await screenshot(page, 'zh-CN', '40-operator');
    await page.getByTestId('operator-title').fill('HMI 默认口令');
    await page.getByTestId('operator-asset').fill('SCADA-HMI-01');
    await page.getByTestId('operator-location').fill('华东数据中心 生产区');
    await page.getByTestId('operator-owner').fill('运维部 王五');
    await page.getByTestId('operator-record').click();
    await page.waitForURL(/\/console\/cases\/\d+/);
    const caseId = page.url().match(/cases\/(\d+)/)[1];
    const details = page.getByTestId('operator-details');
    await details.getByText('SCADA-HMI-01').waitFor();
    await details.getByText('运维部 王五').waitFor();

    // Verified and fixed by the operator: the fix clock starts, then is met.
    for (const to of ['confirmed', 'fixing', 'fixed']) {
      await page.getByTestId(`case-to-${to}`).click();
      await confirmModal(page);
      await page.getByTestId(`case-to-${to}`).waitFor({ state: 'detached' });
    }
    const kase = await admin.get(`/api/v1/cases/${caseId}`);
    assert.equal(kase.state, 'fixed');
    assert.equal(kase.operator_system, true);
    assert.deepEqual(kase.clocks.map((k) => [k.kind, k.state]), [['fix', 'met']]);

    // The advisory: the checklist shows the gate failing; publishing is refused with it listed.
    await setLang(page, 'en-US');
    await page.goto(`${server.url}/console/cases/${caseId}?tab=advisory`);
    await page.getByTestId('advisory-create').click();
    await page.getByTestId('advisory-panel').waitFor();
    await page.locator('[data-testid=gate-no_operator_details][data-passed=false]').waitFor();
    await page.getByTestId('advisory-to-published').click();
    const refusal = page.getByTestId('refusal');
    const publishOk = page.locator('.ant-modal-wrap').filter({ visible: true }).locator('.ant-modal-footer .ant-btn-primary');
    await publishOk.waitFor();
    for (let i = 0; i < 3 && !(await refusal.isVisible()); i++) {
      await page.waitForTimeout(300);
      if (await publishOk.count()) await publishOk.click({ timeout: 5000 }).catch(() => {});
      await refusal.waitFor({ timeout: 5000 }).catch(() => {});
    }
    await refusal.waitFor();
    const text = await refusal.innerText();
    assert.match(text, /no_operator_details/);
    assert.match(text, /R-PUB-2/);
    await screenshot(page, 'en-US', '41-operator-publish-refused');
    await page.locator('.ant-modal-confirm .ant-btn').last().click();
    const a = await admin.get(`/api/v1/cases/${caseId}/advisory`);
    assert.equal(a.revision, 0);
    assert.notEqual(a.state, 'published');

    // Its own case linked to another asset on the exposure list.
    await page.goto(`${server.url}/console/operator`);
    await assertNoRawKeys(page, keys, 'operator page (en-US)');
    await page.getByTestId('exposure-ref').fill(kase.ref);
    await page.getByTestId('exposure-asset').fill('SCADA-HMI-02');
    await page.getByTestId('exposure-add').click();
    await page.getByTestId('exposures').getByText('SCADA-HMI-02').waitFor();
    await page.getByTestId('exposures').getByText('HMI 默认口令').waitFor();
    await screenshot(page, 'en-US', '42-operator-exposures');
    await page.context().close();
  });
});
