// The second factor (issue 11, item 4): TOTP enrolment confirmed by a code,
// the code step at sign-in, recovery codes that work once, wrong codes
// refused and rate limited, removal, an admin's reset, and the policy that
// makes admins and authority officers enrol before they can do anything.
// Codes are computed here from the secret with node's crypto (lib/totp.mjs).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Server, ADMIN_PASSWORD, onPostgres, sharedServer } from './lib/server.mjs';
import { createOrg, createUser, USER_PASSWORD } from './lib/fixtures.mjs';
import { base32Decode, totp, wrongCode } from './lib/totp.mjs';

// Signs in a new client as the user; returns it.
async function signedIn(server, username) {
  const c = server.client();
  await c.signIn(username, USER_PASSWORD);
  return c;
}

// Enrols the client's user: returns {secret, uri, recovery}.
async function enrol(client) {
  let r = await client.post('/api/v1/me/second-factor/enrolment');
  assert.equal(r.status, 201, r.text);
  const { secret, otpauth_uri: uri } = r.json;
  r = await client.post('/api/v1/me/second-factor/confirmation', { code: totp(secret) });
  assert.equal(r.status, 200, r.text);
  return { secret, uri, recovery: r.json.recovery_codes };
}

const signInWith = (server, username, extra) =>
  server.client().post('/api/v1/session', { username, password: USER_PASSWORD, ...extra });

async function accessDetails(admin) {
  const r = await admin.get('/api/v1/access-log?limit=200');
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

describe('second factor', () => {
  let server, admin;
  sharedServer((s) => ({ server, admin } = s));

  describe('enrolment', () => {
    let user, client, secret;
    before(async () => {
      user = await createUser(admin);
      client = await signedIn(server, user.username);
    });

    it('gives the secret as base32 and as an otpauth URI, and is off until a code confirms it', async () => {
      let r = await client.post('/api/v1/me/second-factor/enrolment');
      assert.equal(r.status, 201, r.text);
      secret = r.json.secret;
      assert.match(secret, /^[A-Z2-7]{32}$/, '20 random bytes in base32');
      assert.equal(base32Decode(secret).length, 20);
      // Issuer: the platform's name (percent-encoded: it has spaces and Chinese in it).
      const platform = (await server.client().get('/api/v1/public/info')).json.platform_name;
      const m = /^otpauth:\/\/totp\/([^?]+)\?/.exec(r.json.otpauth_uri);
      assert.ok(m, r.json.otpauth_uri);
      assert.equal(decodeURIComponent(m[1]), `${platform}:${user.username}`);
      const uri = new URL(r.json.otpauth_uri);
      assert.equal(uri.searchParams.get('secret'), secret);
      assert.equal(uri.searchParams.get('issuer'), platform);
      assert.deepEqual([uri.searchParams.get('algorithm'), uri.searchParams.get('digits'), uri.searchParams.get('period')],
        ['SHA1', '6', '30']);
      r = await client.get('/api/v1/me/second-factor');
      assert.deepEqual(r.json, { enabled: false, pending: true, recovery_codes_left: 0, required: false });
      // Not on yet: the password alone still signs in.
      assert.equal((await signInWith(server, user.username)).status, 200);
    });

    it('refuses a wrong code and stays off', async () => {
      const r = await client.post('/api/v1/me/second-factor/confirmation', { code: wrongCode(secret) });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.details.fields[0].field, 'code');
      assert.equal((await client.get('/api/v1/me/second-factor')).json.enabled, false);
    });

    it('a valid code turns it on and shows 10 distinct recovery codes once; the secret is sealed at rest', async () => {
      const r = await client.post('/api/v1/me/second-factor/confirmation', { code: totp(secret) });
      assert.equal(r.status, 200, r.text);
      const codes = r.json.recovery_codes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      for (const c of codes) assert.match(c, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
      const st = await client.get('/api/v1/me/second-factor');
      assert.deepEqual(st.json, { enabled: true, pending: false, recovery_codes_left: 10, required: false });
      assert.ok(!st.text.includes(codes[0]) && !st.text.includes(secret), 'never shown again');
      // Starting over while it is on is refused.
      assert.equal((await client.post('/api/v1/me/second-factor/enrolment')).status, 409);
      if (!onPostgres) {
        const bytes = Buffer.concat(['loudong.db', 'loudong.db-wal'].map((f) => {
          const p = `${server.dataDir}/${f}`;
          return fs.existsSync(p) ? fs.readFileSync(p) : Buffer.alloc(0);
        }));
        assert.equal(bytes.indexOf(base32Decode(secret)), -1, 'the raw secret is not in the database');
        assert.equal(bytes.indexOf(Buffer.from(secret)), -1, 'nor its base32');
        assert.equal(bytes.indexOf(Buffer.from(codes[0])), -1, 'nor a recovery code');
      }
      const log = await accessDetails(admin);
      assert.ok(log.some((e) => e.object_type === 'user' && e.object_id === user.id && e.detail === 'second factor turned on'),
        JSON.stringify(log.slice(0, 5)));
    });
  });

  describe('sign-in', () => {
    let user, factor;
    before(async () => {
      user = await createUser(admin);
      factor = await enrol(await signedIn(server, user.username));
    });

    it('asks for the code after the password, and sets no session without it', async () => {
      const r = await signInWith(server, user.username);
      assert.equal(r.status, 401, r.text);
      assert.equal(r.json.error.code, 'second_factor_required');
      assert.equal(r.headers.get('set-cookie'), null);
      // A wrong password still says only that.
      const bad = await server.client().post('/api/v1/session', { username: user.username, password: 'Not-The-Password-1', code: totp(factor.secret) });
      assert.equal(bad.status, 401);
      assert.notEqual(bad.json.error.code, 'second_factor_required');
    });

    it('refuses a wrong code, takes a valid one, and never the same one twice', async () => {
      let r = await signInWith(server, user.username, { code: wrongCode(factor.secret) });
      assert.equal(r.status, 401, r.text);
      assert.equal(r.json.error.code, 'wrong_code');
      // The enrolment used this step's code: the next step's is within the window.
      const next = totp(factor.secret, { offset: 1 });
      r = await signInWith(server, user.username, { code: next });
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('set-cookie') || '', /ld_session=/);
      r = await signInWith(server, user.username, { code: next });
      assert.equal(r.status, 401, 'a code is taken once: ' + r.text);
      // Nor an older one (the enrolment's own step).
      r = await signInWith(server, user.username, { code: totp(factor.secret) });
      assert.equal(r.status, 401, r.text);
    });

    it('a recovery code works once, in any case and spacing', async () => {
      const code = factor.recovery[3];
      let r = await signInWith(server, user.username, { code: code.toUpperCase().replace('-', ' ') });
      assert.equal(r.status, 200, r.text);
      r = await signInWith(server, user.username, { code });
      assert.equal(r.status, 401, r.text);
      assert.equal(r.json.error.code, 'wrong_code');
      r = await signInWith(server, user.username, { code: factor.recovery[4] });
      assert.equal(r.status, 200, r.text);
      const c = server.client({ cookie: /ld_session=([^;]+)/.exec(r.headers.get('set-cookie'))[1], csrf: r.json.csrf_token });
      assert.equal((await c.get('/api/v1/me/second-factor')).json.recovery_codes_left, 8);
    });
  });

  describe('wrong codes are rate limited per user', () => {
    it('after 10 wrong codes in a minute even a right one is refused', async () => {
      const user = await createUser(admin);
      const client = await signedIn(server, user.username);
      const { secret, recovery } = await enrol(client);
      for (let i = 0; i < 10; i++) {
        const r = await client.post('/api/v1/me/second-factor/removal', { code: wrongCode(secret) });
        assert.equal(r.status, 401, r.text);
      }
      const r = await client.post('/api/v1/me/second-factor/removal', { code: recovery[0] });
      assert.equal(r.status, 429, r.text);
      // At sign-in too: the count is the user's, whichever way the codes come.
      const s = await signInWith(server, user.username, { code: recovery[1] });
      assert.equal(s.status, 429, s.text);
      assert.equal((await client.get('/api/v1/me/second-factor')).json.enabled, true);
    });
  });

  describe('removal and reset', () => {
    it('turning it off takes the password (or a code); a wrong password changes nothing', async () => {
      const user = await createUser(admin);
      const client = await signedIn(server, user.username);
      await enrol(client);
      let r = await client.post('/api/v1/me/second-factor/removal', {});
      assert.equal(r.status, 422, r.text);
      r = await client.post('/api/v1/me/second-factor/removal', { password: 'Not-The-Password-1' });
      assert.equal(r.status, 401, r.text);
      assert.equal((await client.get('/api/v1/me/second-factor')).json.enabled, true);
      r = await client.post('/api/v1/me/second-factor/removal', { password: USER_PASSWORD });
      assert.equal(r.status, 200, r.text);
      assert.equal((await signInWith(server, user.username)).status, 200, 'the password alone again');
      const log = await accessDetails(admin);
      assert.ok(log.some((e) => e.object_id === user.id && e.detail === 'second factor turned off'));
    });

    it('a platform admin resets a user\'s second factor, in the access log; nobody else can', async () => {
      const user = await createUser(admin);
      await enrol(await signedIn(server, user.username));
      const other = await createUser(admin, { memberships: [{ org_id: 1, role: 'admin' }] });
      const hostAdmin = await signedIn(server, other.username);
      let r = await hostAdmin.post(`/api/v1/users/${user.id}/second-factor/reset`);
      assert.equal(r.status, 403, r.text);
      assert.equal((await signInWith(server, user.username)).status, 401);
      r = await admin.post(`/api/v1/users/${user.id}/second-factor/reset`);
      assert.equal(r.status, 200, r.text);
      assert.equal((await signInWith(server, user.username)).status, 200);
      assert.equal((await admin.post('/api/v1/users/987654/second-factor/reset')).status, 404);
      const log = await accessDetails(admin);
      assert.ok(log.some((e) => e.object_id === user.id && e.actor === 'admin' && e.detail === 'second factor reset by an administrator'),
        JSON.stringify(log.slice(0, 5)));
    });
  });
});

describe('second factor required by the policy', () => {
  let server, admin;
  before(async () => {
    server = await Server.start();
    admin = await server.admin();
  });
  after(async () => {
    await server.stop();
    server.cleanup();
  });

  it('is off by default: admins sign in with the password alone', async () => {
    const r = await admin.get('/api/v1/policy');
    assert.equal(r.json.require_second_factor, 0);
    assert.equal((await admin.get('/api/v1/users')).status, 200);
  });

  it('once on, an admin without a second factor can only enrol; after enrolling, everything again', async () => {
    let r = await admin.put('/api/v1/policy', { require_second_factor: 1 });
    assert.equal(r.status, 200, r.text);
    r = await admin.get('/api/v1/users');
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.error.code, 'second_factor_enrolment_required');
    r = await admin.post('/api/v1/orgs', { name: 'Blocked Org', type: 'provider', region: 'CN' });
    assert.equal(r.status, 403, 'writes too: ' + r.text);
    // Signing in works and says so.
    const again = server.client();
    r = await again.signIn('admin', ADMIN_PASSWORD);
    assert.equal(r.json.second_factor_enrolment_required, true);
    r = await admin.get('/api/v1/session');
    assert.equal(r.status, 200);
    assert.equal(r.json.second_factor_enrolment_required, true);
    assert.equal((await admin.get('/api/v1/me/second-factor')).json.required, true);
    await enrol(admin);
    assert.equal((await admin.get('/api/v1/users')).status, 200, 'the same session works once enrolled');
    assert.equal((await admin.get('/api/v1/session')).json.second_factor_enrolment_required, false);
  });

  it('applies to organisation admins and authority officers, not to coordinators or auditors', async () => {
    const authority = await createOrg(admin, { type: 'authority' });
    const provider = await createOrg(admin);
    const cases = [
      [[{ org_id: provider.id, role: 'admin' }], true],
      [[{ org_id: authority.id, role: 'member' }], true],
      [[{ org_id: provider.id, role: 'coordinator' }], false],
      [[{ org_id: authority.id, role: 'auditor' }], false],
    ];
    for (const [memberships, blocked] of cases) {
      const u = await createUser(admin, { memberships });
      const c = await signedIn(server, u.username);
      const r = await c.get('/api/v1/orgs');
      assert.equal(r.status, blocked ? 403 : 200, `${JSON.stringify(memberships)}: ${r.text}`);
      if (blocked) {
        await enrol(c);
        assert.equal((await c.get('/api/v1/orgs')).status, 200);
      }
    }
  });

  it('an API token of a user who must enrol does nothing either', async () => {
    const authority = await createOrg(admin, { type: 'authority' });
    const u = await createUser(admin, { memberships: [{ org_id: authority.id, role: 'coordinator' }] });
    const c = await signedIn(server, u.username);
    // The policy off for a moment so the token can be made, then on again.
    assert.equal((await admin.put('/api/v1/policy', { require_second_factor: 0 })).status, 200);
    const t = await c.post('/api/v1/tokens', { name: 'ci', org_id: authority.id, role: 'coordinator' });
    assert.equal(t.status, 201, t.text);
    assert.equal((await admin.put('/api/v1/policy', { require_second_factor: 1 })).status, 200);
    const r = await server.client({ bearer: t.json.secret }).get('/api/v1/orgs');
    assert.equal(r.status, 403, r.text);
  });
});
