// The second factor in a real browser (issue 11, item 4): with the policy
// requiring it, an organisation admin who signs in lands on the enrolment
// page and can do nothing else; they add the secret to an "app" (codes
// computed here with node's crypto), see the 10 recovery codes once, and
// from then on sign in with the password and a code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, apiClient, assertNoRawKeys, launchBrowser, messageKeys, screenshot, setLang, startServer } from './lib.mjs';
import { totp, wrongCode } from '../integration/lib/totp.mjs';

const keys = messageKeys();
const PASSWORD = 'second-factor-pw-71';
let server;
let browser;
let secret;

async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return page;
}

async function passwordStep(page) {
  await page.goto(`${server.url}/login`);
  await page.fill('#login_username', 'acmeadmin');
  await page.fill('#login_password', PASSWORD);
  await page.click('[data-testid=login-submit]');
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await apiClient(server.url, 'admin', ADMIN_PASSWORD);
  const org = await admin.post('/api/v1/orgs', { name: 'Acme Networks', type: 'provider', region: 'CN' });
  await admin.post('/api/v1/users', { username: 'acmeadmin', password: PASSWORD, memberships: [{ org_id: org.id, role: 'admin' }] });
  // From here the platform admin too must enrol before doing anything else.
  await admin.put('/api/v1/policy', { require_second_factor: 1 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('second factor in a real browser', () => {
  test('an admin the policy requires it of enrols first, and sees the recovery codes once', async () => {
    const page = await newPage();
    await passwordStep(page);
    await page.waitForURL(/\/console\/settings\/second-factor$/);
    await page.getByTestId('tfa-required').waitFor();
    // Any other console address leads back here.
    await page.goto(`${server.url}/console/cases`);
    await page.waitForURL(/\/console\/settings\/second-factor$/);
    await page.getByTestId('tfa-start').click();
    const shown = await page.getByTestId('tfa-secret').innerText();
    secret = /[A-Z2-7]{32}/.exec(shown)?.[0];
    assert.ok(secret, `a base32 secret on the page: ${shown}`);
    const uri = await page.getByTestId('tfa-uri').innerText();
    assert.ok(uri.includes(`secret=${secret}`) && uri.startsWith('otpauth://totp/'), uri);
    await assertNoRawKeys(page, keys, 'enrolment zh-CN');
    await screenshot(page, 'zh-CN', '60-second-factor-enrol');
    await page.getByTestId('tfa-code').fill(wrongCode(secret));
    await page.getByTestId('tfa-confirm').click();
    await page.locator('.ant-alert-error').waitFor();
    await page.getByTestId('tfa-code').fill(totp(secret));
    await page.getByTestId('tfa-confirm').click();
    const items = page.locator('.tfa-recovery-codes .ant-list-item');
    await items.first().waitFor();
    assert.equal(await items.count(), 10);
    for (const text of await items.allInnerTexts()) assert.match(text.trim(), /^[a-z2-7]{5}-[a-z2-7]{5}$/);
    await screenshot(page, 'zh-CN', '61-second-factor-recovery-codes');
    await page.getByTestId('tfa-codes-saved').click();
    await page.getByTestId('tfa-on').waitFor();
    // The whole console again.
    await page.goto(`${server.url}/console/cases`);
    await page.waitForURL(/\/console\/cases$/);
    await page.context().close();
  });

  test('signing in asks for the code after the password; a wrong code is refused', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/login`);
    await setLang(page, 'en-US');
    await passwordStep(page);
    await page.getByTestId('login-code').waitFor();
    await assertNoRawKeys(page, keys, 'code step en-US');
    await screenshot(page, 'en-US', '62-sign-in-code-step');
    await page.getByTestId('login-code').fill(wrongCode(secret));
    await page.getByTestId('login-code-submit').click();
    await page.locator('.ant-alert-error').waitFor();
    assert.ok(!page.url().includes('/console'), page.url());
    // The enrolment took this step's code: the next step's is within the window.
    await page.getByTestId('login-code').fill(totp(secret, { offset: 1 }));
    await page.getByTestId('login-code-submit').click();
    await page.waitForURL(/\/console(\/)?$/);
    await page.getByTestId('user-menu').waitFor();
    await page.context().close();
  });
});
