// OpenAPI completeness, request ids, what the access log may and may not
// contain, and the sign-in rate limit.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Server, REPO, ADMIN_PASSWORD, sharedServer } from './lib/server.mjs';
import { createOrg, createProduct, acceptedCase, submitReport, uniq } from './lib/fixtures.mjs';

const norm = (p) => p.replace(/\{[^}]*\}/g, '{}');

// Every route the server registers, read from the route files' api.add calls.
function declaredRoutes() {
  const dir = path.join(REPO, 'src/api');
  const out = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpp'))) {
    const src = readFileSync(path.join(dir, f), 'utf8');
    for (const m of src.matchAll(/\bapi\.add\(\s*"([A-Z]+)"\s*,\s*"([^"]+)"/g)) out.push(`${m[1]} ${norm(m[2])}`);
  }
  return out;
}

describe('observability', () => {
  let server, admin, anon;
  sharedServer((s) => ({ server, admin, anon } = s));

  async function documentedRoutes() {
    const r = await anon.get('/api/v1/openapi.json');
    assert.equal(r.status, 200);
    assert.match(r.json.openapi, /^3\./);
    const documented = new Set();
    for (const [p, ops] of Object.entries(r.json.paths))
      for (const [m, op] of Object.entries(ops))
        if (['get', 'post', 'put', 'patch', 'delete', 'head'].includes(m)) {
          documented.add(`${m.toUpperCase()} ${norm(p)}`);
          assert.ok(op && op.responses && Object.keys(op.responses).length > 0, `${m} ${p} says what it answers`);
        }
    return documented;
  }

  it('every route in the server is in GET /api/v1/openapi.json, and nothing else', async () => {
    const routes = declaredRoutes();
    assert.ok(routes.length >= 40, `found ${routes.length} api.add calls: the pattern no longer matches the route files?`);
    assert.equal(new Set(routes).size, routes.length, 'a route is registered twice');
    const documented = await documentedRoutes();
    const missing = routes.filter((x) => !documented.has(x));
    assert.deepEqual(missing, [], 'routes without OpenAPI documentation');
    const extra = [...documented].filter((x) => !routes.includes(x));
    assert.deepEqual(extra, [], 'documented routes the server does not have');
  });

  it('every response carries an X-Request-Id, and a sane one is echoed', async () => {
    const cases = [
      () => anon.get('/api/v1/health'),
      () => anon.get('/api/v1/nope'),
      () => anon.req('DELETE', '/api/v1/health'),
      () => anon.get('/api/v1/cases/1'),
      () => anon.post('/api/v1/reports', null, { raw: '{', contentType: 'application/json' }),
      () => anon.post('/api/v1/reports', null, { raw: 'x', contentType: 'text/plain' }),
      () => admin.post('/api/v1/orgs', null, { raw: JSON.stringify({ name: 'x'.repeat(1100 * 1024) }) }),
      () => anon.get('/'),
      () => anon.get('/some/spa/route'),
      () => anon.post('/not-api', {}),
    ];
    const ids = new Set();
    for (const send of cases) {
      const r = await send();
      const id = r.headers.get('x-request-id');
      assert.match(id || '', /^[A-Za-z0-9._-]{8,}$/, `status ${r.status} has a request id`);
      ids.add(id);
    }
    assert.equal(ids.size, cases.length, 'request ids are unique');
    const mine = uniq('req-');
    const echoed = await anon.get('/api/v1/health', { headers: { 'X-Request-Id': mine } });
    assert.equal(echoed.headers.get('x-request-id'), mine);
    const insane = await anon.get('/api/v1/health', { headers: { 'X-Request-Id': 'a b "c" {}' + 'z'.repeat(300) } });
    assert.notEqual(insane.headers.get('x-request-id'), 'a b "c" {}' + 'z'.repeat(300));
    assert.match(insane.headers.get('x-request-id'), /^[A-Za-z0-9._-]+$/);
  });

  it('the access log has request ids but no password, token, cookie or report text', async () => {
    const canary = uniq('CANARY');
    const ids = [];
    const rid = () => { const id = uniq('rid-'); ids.push(id); return { 'X-Request-Id': id }; };
    const c = server.client();
    await c.req('POST', '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD }, { headers: rid() });
    // signIn proper, for the cookie
    await c.signIn('admin', ADMIN_PASSWORD);
    const org = await createOrg(c, { name: `org ${canary}` });
    const product = await createProduct(c, org.id, { name: `product ${canary}` });
    const sub = await submitReport(anon, { title: `title ${canary}`, verification: `poc ${canary}`, impact: `impact ${canary}`,
      product_id: product.id });
    let r = await anon.get(`/api/v1/tracking/${sub.tracking_id}`, { headers: { 'X-Tracking-Token': sub.tracking_token, ...rid() } });
    assert.equal(r.status, 200);
    r = await anon.post(`/api/v1/tracking/${sub.tracking_id}/messages`, { body: `reply ${canary}` },
      { headers: { 'X-Tracking-Token': sub.tracking_token, ...rid() } });
    assert.equal(r.status, 201, r.text);
    r = await c.get(`/api/v1/reports/${sub.id}/confidential`, { headers: rid() });
    assert.equal(r.status, 200);
    r = await c.get(`/api/v1/cases?text=${canary}`, { headers: rid() });
    assert.equal(r.status, 200);
    r = await c.post('/api/v1/orgs', { name: `bad ${canary}` }, { headers: { 'X-CSRF-Token': 'wrong', ...rid() } });
    assert.equal(r.status, 403);
    r = await anon.post('/api/v1/session', { username: 'admin', password: `wrong-${canary}` }, { headers: rid() });
    assert.equal(r.status, 401);
    await acceptedCase(c, anon, { title: `second ${canary}` });

    // The access log line is written after the response: poll for the last id.
    const last = ids[ids.length - 1];
    const logs = () => server.stdout + server.stderr;
    await import('./lib/server.mjs').then(({ poll }) => poll(() => logs().includes(last)));
    const out = logs();
    for (const id of ids) assert.ok(out.includes(id), `request id ${id} in the access log`);
    for (const [what, secret] of [
      ['admin password', ADMIN_PASSWORD],
      ['tracking token', sub.tracking_token],
      ['session cookie', c.cookie],
      ['CSRF token', c.csrf],
      ['report text / canary', canary],
    ]) assert.ok(!out.includes(secret), `${what} appears in the server output`);
  });
});

describe('sign-in rate limit', () => {
  let server;
  before(async () => { server = await Server.start(); });
  after(async () => {
    await server.stop();
    server.cleanup();
  });

  it('11+ wrong sign-ins are 429, and then even the right password waits', async () => {
    const anon = server.client();
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const r = await anon.post('/api/v1/session', { username: 'admin', password: `wrong-${i}` });
      statuses.push(r.status);
      if (r.status === 429) {
        assert.equal(r.json.error.code, 'rate_limited');
        assert.ok(r.headers.get('x-request-id'));
      }
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.deepEqual(statuses.slice(10), [429, 429]);
    const right = await anon.post('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
    assert.equal(right.status, 429, 'the lock is per user name, not per wrong password');
    assert.equal(right.headers.get('set-cookie'), null);
  });

  it('the per-address limit stops guessing across user names', async () => {
    const anon = server.client();
    let limited = 0;
    for (let i = 0; i < 25; i++) {
      const r = await anon.post('/api/v1/session', { username: uniq('nobody'), password: 'x' });
      assert.ok(r.status === 401 || r.status === 429, String(r.status));
      if (r.status === 429) limited++;
    }
    assert.ok(limited > 0, 'different user names from one address are limited too');
  });
});
