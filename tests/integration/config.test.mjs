// Configuration validation and the administrative CLI against a data dir.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { BIN, Server, baseEnv, cli, freshDataDir, onPostgres } from './lib/server.mjs';
import { USER_PASSWORD } from './lib/fixtures.mjs';

// `serve` that must refuse to start: it exits by itself, never listening.
function serveRefused(dir, { env = {}, args = [] } = {}) {
  const r = spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--data', dir, ...args],
    { env: baseEnv(env), encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.signal, null, 'exited by itself (did it start serving?)');
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stdout, /listening/);
  return r;
}

describe('configuration', () => {
  const dirs = [];
  const dir = () => { const d = freshDataDir('loudong-cfg-'); dirs.push(d); return d; };
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('a receipt retention under 180 days from the environment is refused', () => {
    const r = serveRefused(dir(), { env: { LOUDONG_POLICY_RECEIPT_RETENTION_DAYS: '30' } });
    assert.match(r.stderr, /receipt_retention_days/);
    assert.match(r.stderr, /180/);
  });

  it('a receipt retention under 180 days from the TOML file is refused', () => {
    const d = dir();
    writeFileSync(path.join(d, 'loudong.toml'), '[policy]\nreceipt_retention_days = 179\n');
    const r = serveRefused(d);
    assert.match(r.stderr, /receipt_retention_days/);
  });

  it('an unknown key in the TOML file is a clear error naming it', () => {
    const d = dir();
    const file = path.join(d, 'custom.toml');
    writeFileSync(file, '[policy]\nregulatory_report_hourz = 24\n');
    const r = serveRefused(d, { args: ['--config', file] });
    assert.match(r.stderr, /unknown setting policy\.regulatory_report_hourz/);
    assert.ok(r.stderr.includes(file), 'names the file');
    const top = dir();
    writeFileSync(path.join(top, 'loudong.toml'), 'colour = "red"\n');
    const m = cli(['migrate', '--data', top]);
    assert.notEqual(m.status, 0);
    assert.match(m.stderr, /unknown setting colour/);
  });

  it('a TOML syntax error names the line', () => {
    const d = dir();
    writeFileSync(path.join(d, 'loudong.toml'), '[server]\nthreads = 2\nlisten = \n');
    const r = serveRefused(d);
    assert.match(r.stderr, /line 3/);
  });

  it('a bad value from the environment names the variable', () => {
    const r = serveRefused(dir(), { env: { LOUDONG_SERVER_THREADS: 'many' } });
    assert.match(r.stderr, /server\.threads/);
    assert.match(r.stderr, /LOUDONG_SERVER_THREADS/);
  });

  it('bad email and notification settings stop the server, each named', () => {
    let r = serveRefused(dir(), { env: { LOUDONG_SMTP_URL: 'ftp://mail.example.cn' } });
    assert.match(r.stderr, /smtp\.url must start with smtp:\/\/ or smtps:\/\//);
    r = serveRefused(dir(), { env: { LOUDONG_SMTP_URL: 'smtp://mail.example.cn:25', LOUDONG_SMTP_FROM: 'not an address' } });
    assert.match(r.stderr, /smtp\.from is not an email address/);
    r = serveRefused(dir(), { env: { LOUDONG_SMTP_PASSWORD: 'secret-pw-1234' } });
    assert.match(r.stderr, /smtp\.username/);
    assert.doesNotMatch(r.stderr, /secret-pw-1234/, 'a password is never echoed');
    r = serveRefused(dir(), { env: { LOUDONG_NOTIFY_PUBLIC_URL: 'loudong.example.cn' } });
    assert.match(r.stderr, /notify\.public_url/);
    r = serveRefused(dir(), { env: { LOUDONG_NOTIFY_BASE_DELAY_SECONDS: '600', LOUDONG_NOTIFY_MAX_DELAY_SECONDS: '60' } });
    assert.match(r.stderr, /notify\.max_delay_seconds/);
    r = serveRefused(dir(), { env: { LOUDONG_NOTIFY_MAX_ATTEMPTS: '0' } });
    assert.match(r.stderr, /notify\.max_attempts must be an integer from 1 to 100/);
  });

  it('a missing --config file is an error', () => {
    const r = serveRefused(dir(), { args: ['--config', '/nonexistent/loudong.toml'] });
    assert.match(r.stderr, /error/);
  });

  it('policy settings reach the server (GET /api/v1/policy)', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'loudong.toml'), '[policy]\nregulatory_report_hours = 24\nreceipt_retention_days = 365\n');
    const s = await Server.start({ dataDir: d });
    try {
      const admin = await s.admin();
      const r = await admin.get('/api/v1/policy');
      assert.equal(r.status, 200);
      assert.equal(r.json.regulatory_report_hours, 24);
      assert.equal(r.json.receipt_retention_days, 365);
    } finally {
      await s.stop();
    }
  });

  it('migrate, org add, user add and token create work on a fresh data dir', async () => {
    const d = dir();
    const m = cli(['migrate', '--data', d]);
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, /schema version \d+/);
    if (!onPostgres) assert.ok(existsSync(path.join(d, 'loudong.db')));
    const s = await Server.start({ dataDir: d });
    try {
      const org = cli(['org', 'add', '--data', d, '--name', 'CLI Provider', '--type', 'provider', '--region', 'CN']);
      assert.equal(org.status, 0, org.stderr);
      const bad = cli(['org', 'add', '--data', d, '--name', 'x', '--type', 'nonsense']);
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /--type must be one of/);
      const u = cli(['user', 'add', '--data', d, '--username', 'cli-coord', '--org', String(org.json.id), '--role', 'coordinator'],
        { env: { LOUDONG_NEW_PASSWORD: USER_PASSWORD } });
      assert.equal(u.status, 0, u.stderr);
      const t = cli(['token', 'create', '--data', d, '--user', 'cli-coord', '--org', String(org.json.id), '--role', 'coordinator', '--days', '2']);
      assert.equal(t.status, 0, t.stderr);
      assert.ok(Date.parse(t.json.expires_at) > Date.now() + 24 * 3600e3);
      // The password never appears on the command line or in the output.
      assert.ok(!u.stdout.includes(USER_PASSWORD));
      const c = s.client();
      await c.signIn('cli-coord', USER_PASSWORD);
      assert.deepEqual(c.user.memberships, [{ org_id: org.json.id, role: 'coordinator' }]);
      const viaToken = s.client({ bearer: t.json.secret });
      const me = await viaToken.get('/api/v1/session');
      assert.equal(me.status, 200);
      // Bearer requests need no CSRF token.
      const msg = await viaToken.post('/api/v1/products', { provider_org: org.json.id, name: 'P', kind: 'software' });
      assert.equal(msg.status, 201, msg.text);
      const noUser = cli(['token', 'create', '--data', d, '--user', 'ghost', '--org', '1']);
      assert.notEqual(noUser.status, 0);
      assert.match(noUser.stderr, /ghost/);
    } finally {
      await s.stop();
    }
  });
});
