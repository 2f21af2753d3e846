// Accounts (issue 13, items 5, 7 and 9): joining an organisation takes an
// invitation the person accepts; new passwords are checked against common
// and trivial ones and the user name; finder sign-up tells nobody which
// names exist; a stranger's wrong passwords do not lock the owner out; a
// token lifetime out of range is refused, not narrowed.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Server, dbDigest, sharedServer } from './lib/server.mjs';
import { createOrg, createUser, uniq, USER_PASSWORD } from './lib/fixtures.mjs';
import { requestFrom } from './lib/address.mjs';

const fields = (r) => (r.json?.error?.details?.fields || []).map((f) => `${f.field}/${f.code}`);

describe('accounts', () => {
  let server, admin, anon, orgA, orgB, adminA, adminB, outsider, outsiderC, third, thirdC;

  sharedServer((s) => ({ server, admin, anon } = s));
  before(async () => {
    orgA = await createOrg(admin);
    orgB = await createOrg(admin);
    const a = await createUser(admin, { memberships: [{ org_id: orgA.id, role: 'admin' }] });
    adminA = server.client();
    await adminA.signIn(a.username, USER_PASSWORD);
    const b = await createUser(admin, { memberships: [{ org_id: orgB.id, role: 'admin' }] });
    adminB = server.client();
    await adminB.signIn(b.username, USER_PASSWORD);
    // A member of B with an email: what A's admin must not reach.
    const r = await admin.post('/api/v1/users', { username: uniq('out'), password: USER_PASSWORD, email: 'outsider@b.example.cn',
      memberships: [{ org_id: orgB.id, role: 'coordinator' }] });
    assert.equal(r.status, 201, r.text);
    outsider = r.json;
    outsiderC = server.client();
    await outsiderC.signIn(outsider.username, USER_PASSWORD);
    third = await createUser(admin, { memberships: [{ org_id: orgB.id, role: 'member' }] });
    thirdC = server.client();
    await thirdC.signIn(third.username, USER_PASSWORD);
  });

  // Runs a refused request; the database must be byte-for-byte unchanged.
  async function unchanged(send) {
    const before = dbDigest(server.dataDir);
    const r = await send();
    assert.deepEqual(dbDigest(server.dataDir), before, `the database changed: ${r.status} ${r.text}`);
    return r;
  }

  describe('item 5: adding a user to an organisation takes an invitation', () => {
    it("an organisation admin cannot put an outside user into their organisation; unknown and unreachable ids answer alike", async () => {
      const outside = await unchanged(() => adminA.put(`/api/v1/users/${outsider.id}/memberships`, { org_id: orgA.id, role: 'member' }));
      const unknown = await unchanged(() => adminA.put('/api/v1/users/987654/memberships', { org_id: orgA.id, role: 'member' }));
      assert.equal(outside.status, 404, outside.text);
      assert.equal(unknown.status, 404, unknown.text);
      assert.equal(outside.text, unknown.text, 'the same body for an unreachable and an unknown user');
      assert.ok(!outside.text.includes('outsider@b.example.cn'));
      // The outsider is still only in B.
      const me = await outsiderC.get('/api/v1/session');
      assert.deepEqual(me.json.user.memberships.map((m) => m.org_id), [orgB.id]);
    });

    it('legitimate flows still work: a new user straight into the admin\'s organisation, then a role change', async () => {
      const created = await adminA.post('/api/v1/users', { username: uniq('newa'), password: USER_PASSWORD,
        memberships: [{ org_id: orgA.id, role: 'member' }] });
      assert.equal(created.status, 201, created.text);
      const r = await adminA.put(`/api/v1/users/${created.json.id}/memberships`, { org_id: orgA.id, role: 'coordinator' });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.memberships, [{ org_id: orgA.id, role: 'coordinator' }]);
      // The platform admin may still set anyone's role anywhere.
      const p = await admin.put(`/api/v1/users/${third.id}/memberships`, { org_id: orgB.id, role: 'coordinator' });
      assert.equal(p.status, 200, p.text);
    });

    it('the role-change answer shows only memberships in organisations the admin manages', async () => {
      // outsider joins A through an invitation, then A's admin changes the role.
      const inv = await adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: outsider.username, role: 'member' });
      assert.equal(inv.status, 201, inv.text);
      const ok = await outsiderC.post(`/api/v1/invitations/${inv.json.invitation.id}/accept`, {});
      assert.equal(ok.status, 200, ok.text);
      const r = await adminA.put(`/api/v1/users/${outsider.id}/memberships`, { org_id: orgA.id, role: 'coordinator' });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.memberships, [{ org_id: orgA.id, role: 'coordinator' }], 'B is not shown to A');
    });

    it('an invitation by user name: the same answer for a real and a made-up name; the named user sees, accepts and joins', async () => {
      const real = await adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: third.username, role: 'member' });
      const fake = await adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: uniq('nobody'), role: 'member' });
      assert.equal(real.status, 201, real.text);
      assert.equal(fake.status, 201, fake.text);
      assert.deepEqual(Object.keys(real.json.invitation).sort(), Object.keys(fake.json.invitation).sort());
      assert.match(real.json.secret, /^ldi_/);
      const id = real.json.invitation.id;

      const mine = await thirdC.get('/api/v1/invitations');
      assert.equal(mine.status, 200, mine.text);
      const item = mine.json.items.find((i) => i.id === id);
      assert.ok(item, mine.text);
      assert.equal(item.org.name, orgA.name);
      assert.equal(item.role, 'member');
      // Not in anyone else's list, and nobody else can accept it.
      assert.ok(!(await outsiderC.get('/api/v1/invitations')).json.items.some((i) => i.id === id));
      const stranger = await unchanged(() => outsiderC.post(`/api/v1/invitations/${id}/accept`, {}));
      const unknown = await unchanged(() => outsiderC.post('/api/v1/invitations/987654/accept', {}));
      assert.equal(stranger.status, 404);
      assert.equal(stranger.text, unknown.text);

      const accepted = await thirdC.post(`/api/v1/invitations/${id}/accept`);
      assert.equal(accepted.status, 200, accepted.text);
      assert.equal(accepted.json.invitation.state, 'accepted');
      assert.ok(accepted.json.memberships.some((m) => m.org_id === orgA.id && m.role === 'member'));
      const again = await unchanged(() => thirdC.post(`/api/v1/invitations/${id}/accept`));
      assert.equal(again.status, 409, again.text);
      const listed = await adminA.get(`/api/v1/orgs/${orgA.id}/invitations`);
      assert.equal(listed.json.items.find((i) => i.id === id).state, 'accepted');
    });

    it('an invitation by email is accepted only with its secret', async () => {
      const inv = await adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { email: 'someone@a.example.cn', role: 'auditor' });
      assert.equal(inv.status, 201, inv.text);
      const { id } = inv.json.invitation;
      const person = await createUser(admin, { memberships: [] , platform_admin: false });
      const c = server.client();
      await c.signIn(person.username, USER_PASSWORD);
      assert.equal((await unchanged(() => c.post(`/api/v1/invitations/${id}/accept`, {}))).status, 404);
      assert.equal((await unchanged(() => c.post(`/api/v1/invitations/${id}/accept`, { token: 'ldi_wrong' }))).status, 404);
      const ok = await c.post(`/api/v1/invitations/${id}/accept`, { token: inv.json.secret });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json.memberships, [{ org_id: orgA.id, role: 'auditor' }]);
    });

    it('declined and revoked invitations join nobody', async () => {
      const d = await adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: third.username, role: 'admin' });
      const declined = await thirdC.post(`/api/v1/invitations/${d.json.invitation.id}/decline`, {});
      assert.equal(declined.status, 200, declined.text);
      assert.equal(declined.json.invitation.state, 'declined');
      assert.ok(!declined.json.memberships.some((m) => m.org_id === orgA.id && m.role === 'admin'));
      const v = await adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: third.username, role: 'admin' });
      assert.equal((await adminA.del(`/api/v1/orgs/${orgA.id}/invitations/${v.json.invitation.id}`)).status, 200);
      assert.equal((await thirdC.post(`/api/v1/invitations/${v.json.invitation.id}/accept`, {})).status, 409);
    });

    it("another organisation's admin, and bad input, are refused and change nothing", async () => {
      let r = await unchanged(() => adminB.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: third.username, role: 'admin' }));
      assert.equal(r.status, 404, r.text);
      r = await unchanged(() => adminB.get(`/api/v1/orgs/${orgA.id}/invitations`));
      assert.equal(r.status, 404, r.text);
      r = await unchanged(() => adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: 'x y', role: 'member' }));
      assert.equal(r.status, 422, r.text);
      assert.deepEqual(fields(r), ['username/bad_username']);
      r = await unchanged(() => adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: 'abc', email: 'a@b.cn', role: 'member' }));
      assert.equal(r.status, 422, r.text);
      r = await unchanged(() => adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { email: 'not-an-email', role: 'member' }));
      assert.deepEqual(fields(r), ['email/bad_email']);
      r = await unchanged(() => adminA.post(`/api/v1/orgs/${orgA.id}/invitations`, { username: 'abc', role: 'owner' }));
      assert.deepEqual(fields(r), ['role/bad_value']);
    });
  });

  describe('item 7: passwords and sign-up', () => {
    it('common, trivial and name-bearing passwords are refused, naming the field, and change nothing', async () => {
      const cases = [
        ['aaaaaaaaaa', 'trivial_password'], ['1234567890', 'common_password'], ['password12', 'common_password'],
        ['Qwertyuiop', 'common_password'], ['abcdefghijk', 'trivial_password'],
      ];
      for (const [password, code] of cases) {
        const r = await unchanged(() => admin.post('/api/v1/users', { username: uniq('weak'), password }));
        assert.equal(r.status, 422, `${password}: ${r.text}`);
        assert.deepEqual(fields(r), [`password/${code}`], password);
      }
      const name = uniq('carol');
      const r = await unchanged(() => admin.post('/api/v1/users', { username: name, password: `My-${name.toUpperCase()}-pass` }));
      assert.deepEqual(fields(r), ['password/contains_username']);
      const f = await unchanged(() => anon.post('/api/v1/finders', { username: uniq('f'), password: 'password12', email: 'f@example.cn' }));
      assert.equal(f.status, 422, f.text);
      assert.deepEqual(fields(f), ['password/common_password']);
    });

    it('finder sign-up answers the same for a staff name and a free one, and never hands out either', async () => {
      const staff = await anon.post('/api/v1/finders', { username: 'admin', password: USER_PASSWORD, email: 'x@example.cn' });
      const again = await anon.post('/api/v1/finders', { username: 'admin', password: USER_PASSWORD, email: 'y@example.cn' });
      const free = await anon.post('/api/v1/finders', { username: uniq('free'), password: USER_PASSWORD, email: 'z@example.cn' });
      for (const r of [staff, again, free]) assert.equal(r.status, 201, r.text);
      assert.match(staff.json.username, /^admin-\d{4}$/);
      assert.match(again.json.username, /^admin-\d{4}$/);
      assert.notEqual(staff.json.username, again.json.username);
      assert.deepEqual(Object.keys(staff.json).sort(), Object.keys(free.json).sort());
      // The finder's password does not open the staff account, and the name they got does.
      assert.equal((await anon.post('/api/v1/session', { username: 'admin', password: USER_PASSWORD })).status, 401);
      const c = server.client();
      await c.signIn(staff.json.username, USER_PASSWORD);
      assert.deepEqual(c.user.memberships, []);
    });

    it("a stranger's wrong passwords lock only the stranger: throttled per (name, address)", async () => {
      const victim = await createUser(admin, { memberships: [{ org_id: orgB.id, role: 'member' }] });
      for (let i = 0; i < 10; i++) {
        const r = await requestFrom('127.0.0.2', server.url, { method: 'POST', path: '/api/v1/session', body: { username: victim.username, password: `wrong-${i}-guess` } });
        assert.equal(r.status, 401, r.text);
      }
      const locked = await requestFrom('127.0.0.2', server.url, { method: 'POST', path: '/api/v1/session', body: { username: victim.username, password: USER_PASSWORD } });
      assert.equal(locked.status, 429, 'the guessing address is throttled');
      const owner = await anon.post('/api/v1/session', { username: victim.username, password: USER_PASSWORD });
      assert.equal(owner.status, 200, `the owner, from their own address, signs in: ${owner.text}`);
    });
  });

  describe('item 9: integers out of range are refused, not narrowed', () => {
    it('expires_in_days beyond 32 bits or the limit is a 422 naming the field; no token is made', async () => {
      for (const days of [4294967297, -4294967295, 0, 367, 9007199254740991]) {
        const r = await unchanged(() => admin.post('/api/v1/tokens', { name: 'x', org_id: 1, role: 'admin', expires_in_days: days }));
        assert.equal(r.status, 422, `${days}: ${r.text}`);
        assert.deepEqual(fields(r), ['expires_in_days/out_of_range'], String(days));
      }
      const ok = await admin.post('/api/v1/tokens', { name: 'x', org_id: 1, role: 'admin', expires_in_days: 366 });
      assert.equal(ok.status, 201, ok.text);
    });

    it('an org_id beyond 64 bits in memberships is refused naming the field', async () => {
      const r = await unchanged(() => admin.post('/api/v1/users', null, {
        raw: `{"username":"${uniq('big')}","password":"${USER_PASSWORD}","memberships":[{"org_id":18446744073709551615,"role":"member"}]}` }));
      assert.ok([400, 422].includes(r.status), r.text);
      assert.ok(fields(r).some((f) => f.startsWith('memberships[0]')), r.text);
    });
  });
});

describe('the bootstrap admin password follows the same rules', () => {
  it('LOUDONG_ADMIN_PASSWORD with "admin" in it, or a common one, stops the first start with a clear message', async () => {
    for (const pw of ['admin-pass-1234', 'password123']) {
      await assert.rejects(Server.start({ env: { LOUDONG_ADMIN_PASSWORD: pw } }), (e) => {
        assert.match(e.message, /LOUDONG_ADMIN_PASSWORD/);
        return true;
      });
    }
  });
});
