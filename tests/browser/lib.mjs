// Shared helpers for the browser suite: the real loudong server on a fresh
// data directory, Debian's chromium through playwright-core, API set-up calls.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// playwright-core is a dev dependency of web/ (no browser download: Debian's chromium).
const require = createRequire(path.join(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');

export const ADMIN_PASSWORD = 'browser-suite-root-1';
// Every request of the suite comes from 127.0.0.1, faster than a person's:
// the per-address limits (issue 13, item 6) are raised for it.
const TEST_LIMITS = {
  LOUDONG_SERVER_REQUESTS_PER_SECOND_PER_ADDRESS: '0',
  LOUDONG_SERVER_MAX_CONNECTIONS_PER_ADDRESS: '0',
  LOUDONG_LIMITS_INTAKE_PER_ADDRESS_PER_HOUR: '1000000',
  LOUDONG_LIMITS_INTAKE_PER_EMAIL_PER_HOUR: '1000000',
  LOUDONG_LIMITS_SIGN_UPS_PER_ADDRESS_PER_HOUR: '100000',
};
export const ARTIFACTS = process.env.LOUDONG_TEST_ARTIFACTS ?? path.join(ROOT, 'test-artifacts');

/** Starts the server on a fresh data directory; `env` adds settings (LOUDONG_* variables). */
export async function startServer({ env = {} } = {}) {
  const bin = process.env.LOUDONG_BIN;
  if (!bin) throw new Error('LOUDONG_BIN is not set (path of the loudong binary)');
  const dir = mkdtempSync(path.join(tmpdir(), 'loudong-browser-'));
  const child = spawn(
    path.resolve(ROOT, bin),
    ['serve', '--listen', '127.0.0.1:0', '--data', path.join(dir, 'data'), '--web-root', path.join(ROOT, 'web/dist')],
    { cwd: dir, env: { ...process.env, LOUDONG_ADMIN_PASSWORD: ADMIN_PASSWORD, ...TEST_LIMITS, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${log}`)), 30000);
    const onData = (b) => {
      log += b.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b) => (log += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  child.stdout.on('data', (b) => (log += b.toString()));
  return {
    url,
    log: () => log,
    async stop() {
      child.removeAllListeners('exit');
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  // launch() gives chromium a fresh temporary profile of its own (the --user-data-dir of the notes).
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return browser;
}

/** A signed-in API client (cookie + CSRF token), for setting up data. */
export async function apiClient(base, username, password) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`sign-in as ${username} failed: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  const call = async (method, p, body) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    patch: (p, b) => call('PATCH', p, b),
    put: (p, b) => call('PUT', p, b),
    del: (p) => call('DELETE', p),
  };
}

/** Every message key of the console (from the zh-CN dictionary source). */
export function messageKeys() {
  const src = readFileSync(path.join(ROOT, 'web/src/i18n/zh-CN.ts'), 'utf8');
  return [...src.matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]);
}

/** Fails when visible text shows a raw message key instead of its translation. */
export async function assertNoRawKeys(page, keys, where) {
  const text = await page.locator('body').innerText();
  const raw = keys.filter((k) => text.includes(k));
  if (raw.length) throw new Error(`${where}: untranslated keys on the page: ${raw.join(', ')}`);
}

export async function setLang(page, lang) {
  await page.evaluate((l) => localStorage.setItem('loudong.lang', l), lang);
  await page.reload();
}

export async function screenshot(page, lang, name) {
  const dir = path.join(ARTIFACTS, 'screenshots', lang);
  mkdirSync(dir, { recursive: true });
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export async function signIn(page, base, username, password) {
  await page.goto(`${base}/login`);
  await page.fill('#login_username', username);
  await page.fill('#login_password', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL(/\/console/);
}

/**
 * Confirms the open modal with its primary button. On a loaded machine a click
 * during the opening animation can be lost: click again while it stays open.
 */
export async function confirmModal(page) {
  const wrap = page.locator('.ant-modal-wrap').filter({ visible: true });
  await wrap.waitFor();
  await page.waitForTimeout(300); // the opening animation
  for (let i = 0; i < 3; i++) {
    const ok = wrap.locator('.ant-modal-footer .ant-btn-primary');
    if (!(await ok.count())) return;
    await ok.click();
    try {
      await wrap.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch {
      /* still open: click again */
    }
  }
}

/** Opens an antd Select by its form field id (works whether or not it has a value) and types. */
export async function typeInSelect(page, id, text) {
  await page.locator(`.ant-form-item:has(#${id}) .ant-select-selector`).click();
  await page.keyboard.type(text);
}
