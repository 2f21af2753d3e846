// Two loudong processes on one PostgreSQL database (issue 11, item 2): both
// take intake, both run the outbox worker and both sweep the clocks. Every
// webhook message is delivered once (the claim is FOR UPDATE SKIP LOCKED
// under a lease), an overdue clock is announced once, the receipt chain
// written through both has no fork, and an SBOM uploaded through one is
// matched by the other (the store's change feed). PostgreSQL only: the
// integration_pg pass of scripts/run-tests.sh runs it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, Server, freshDataDir, onPostgres, storageUrl } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, reportBody, submitReport, uniq } from './lib/fixtures.mjs';
import { HookReceiver, verifySignature, waitFor } from './lib/peers.mjs';

const EXAMPLES = path.join(REPO, 'examples');
const N = 40;  // reports, half through each process
const WORKER = { LOUDONG_NOTIFY_ENABLED: 'true', LOUDONG_NOTIFY_HTTP_TIMEOUT_MS: '5000', LOUDONG_NOTIFY_CLOCK_SWEEP_SECONDS: '1' };

describe('two processes on one PostgreSQL', { skip: !onPostgres && 'PostgreSQL only (scripts/run-tests.sh integration_pg)' }, () => {
  let a, b, hook, adminA, adminB, org, product;

  before(async () => {
    // A slow receiver keeps deliveries in flight while the other worker
    // looks for due messages: a claim that let both take one would show.
    hook = await HookReceiver.start(() => ({ status: 200, delay: 30 }));
    a = await Server.start({ env: WORKER });
    // B: its own data directory with A's keys, on A's database.
    const dirB = freshDataDir('loudong-second-');
    for (const f of ['seal.key', 'receipts.key']) copyFileSync(path.join(a.dataDir, f), path.join(dirB, f));
    b = await Server.start({ dataDir: dirB, env: { ...WORKER, LOUDONG_STORAGE_URL: storageUrl(a.dataDir) } });
    adminA = await a.admin();
    adminB = await b.admin();
    org = await createOrg(adminA, { name: uniq('Scale ') });
    product = await createProduct(adminA, org.id);
  });
  after(async () => {
    for (const s of [b, a]) if (s) assert.equal((await s.stop()).code, 0, s.stderr);
    b?.cleanup();
    a?.cleanup();
    await hook?.stop();
  });

  it('each webhook message is delivered once though both workers deliver; the receipt chain verifies', async () => {
    // Made through A, seen by B: one database.
    const r = await adminA.post(`/api/v1/orgs/${org.id}/webhooks`, { url: hook.url, events: ['report.received', 'clock.overdue'] });
    assert.equal(r.status, 201, r.text);
    const secret = r.json.secret;
    const seen = await adminB.get(`/api/v1/orgs/${org.id}/webhooks`);
    assert.equal(seen.json.items.length, 1, seen.text);

    const anonA = a.client(), anonB = b.client();
    const subs = await Promise.all(Array.from({ length: N }, (_, i) =>
      submitReport(i % 2 ? anonB : anonA, { product_id: product.id, title: uniq(`scale ${i} `) })));

    await waitFor(`${N} webhook deliveries`, () => {
      const tracked = new Set(hook.requests.map((q) => JSON.parse(q.body).subject.ref));
      return subs.every((s) => tracked.has(s.tracking_id));
    }, { timeout: 60_000 });
    // Both workers poll every 200 ms: time for a second copy to come.
    await new Promise((ok) => setTimeout(ok, 1500));

    const byId = new Map();
    for (const q of hook.requests) {
      const id = q.headers['x-loudong-delivery'];
      byId.set(id, (byId.get(id) || 0) + 1);
      assert.equal(verifySignature(q.headers, q.body, secret), null);
    }
    const twice = [...byId].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no message delivered twice');
    assert.equal(byId.size, N, 'one message per report');
    assert.equal(hook.requests.length, N);

    // Every delivery is recorded sent after one attempt, seen from either process.
    const list = await adminB.get('/api/v1/deliveries?kind=webhook&limit=200');
    assert.equal(list.status, 200, list.text);
    const mine = list.json.items.filter((d) => byId.has(d.idempotency_key));
    assert.equal(mine.length, N);
    for (const d of mine) assert.equal(d.state, 'sent', JSON.stringify(d));
    const one = await adminA.get(`/api/v1/deliveries/${mine[0].id}`);
    assert.equal(one.json.attempts.length, 1, one.text);

    // Intake through both appended one chain: sequence numbers 1..N, no fork.
    const seqs = subs.map((s) => s.receipt.seq).sort((x, y) => x - y);
    assert.deepEqual(seqs, Array.from({ length: N }, (_, i) => i + 1));
    for (const admin of [adminA, adminB]) {
      const v = await admin.post('/api/v1/receipts/verify');
      assert.equal(v.json.ok, true, v.text);
      assert.equal(v.json.checked, N);
    }
  });

  it('an overdue clock is announced once though both processes sweep the clocks', async () => {
    const { caseId } = await acceptedCase(adminA, a.client(), { product_id: product.id });
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
    const r = await adminB.patch(`/api/v1/cases/${caseId}`, { aware_at: threeDaysAgo, aware_reason: 'found in our own audit' });
    assert.equal(r.status, 200, r.text);
    const ref = (await adminA.get(`/api/v1/cases/${caseId}`)).json.ref;
    const overdue = () => hook.requests.filter((q) => q.headers['x-loudong-event'] === 'clock.overdue' && q.body.includes(ref));
    await waitFor('the clock.overdue webhook', () => overdue().length > 0, { timeout: 30_000 });
    await new Promise((ok) => setTimeout(ok, 2500));  // two more sweeps in each process
    assert.equal(overdue().length, 1, 'told once per clock and state');
  });

  it('an advisory and an SBOM written through one process are matched by the other within seconds', async () => {
    const record = JSON.parse(readFileSync(path.join(EXAMPLES, 'advisories/EXAMPLE-2021-44228.json'), 'utf8'));
    let r = await adminA.post('/api/v1/import/osv', [record]);
    assert.equal(r.status, 200, r.text);
    const sbom = readFileSync(path.join(EXAMPLES, 'sbom/acme-router-2.1.cdx.json'), 'utf8');
    r = await adminA.post(`/api/v1/products/${product.id}/versions/2.1/sbom`, undefined, { raw: sbom });
    assert.equal(r.status, 201, r.text);
    const written = Date.now();
    const impact = `/api/v1/impact?advisory=${encodeURIComponent(record.id)}`;
    const hit = await waitFor('B to match what A wrote', async () => {
      const x = await adminB.get(impact);
      assert.equal(x.status, 200, x.text);
      return x.json.items.find((i) => i.product_id === product.id && i.version === '2.1');
    }, { timeout: 10_000, every: 50 });
    assert.ok(hit);
    // The server reads the feed about once a second; ASan and a shared
    // machine leave some slack.
    assert.ok(Date.now() - written < 5000, `matched after ${Date.now() - written} ms`);
  });
});

// Sign-in limits, intake limits and the policy are the deployment's, not a
// process's: spreading guesses over two processes gains nothing, and a policy
// changed through one is in force in the other.
describe('two processes share rate limits and the policy', { skip: !onPostgres && 'PostgreSQL only (scripts/run-tests.sh integration_pg)' }, () => {
  let a, b, admin;
  const LIMITS = { LOUDONG_LIMITS_SIGN_IN_ATTEMPTS_PER_MINUTE: '4', LOUDONG_LIMITS_INTAKE_PER_EMAIL_PER_HOUR: '3' };

  before(async () => {
    a = await Server.start({ env: LIMITS });
    const dirB = freshDataDir('loudong-second-');
    for (const f of ['seal.key', 'receipts.key']) copyFileSync(path.join(a.dataDir, f), path.join(dirB, f));
    b = await Server.start({ dataDir: dirB, env: { ...LIMITS, LOUDONG_STORAGE_URL: storageUrl(a.dataDir) } });
    admin = await b.admin();  // before the guesses below use up admin's tries from this address
  });
  after(async () => {
    for (const s of [b, a]) if (s) assert.equal((await s.stop()).code, 0, s.stderr);
    b?.cleanup();
    a?.cleanup();
  });

  it('wrong passwords through both processes count against one limit', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const r = await (i % 2 ? b : a).client().post('/api/v1/session', { username: 'admin', password: `wrong-${i}` });
      statuses.push(r.status);
    }
    // Four tries per name and address per minute, wherever they land.
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    const right = await b.client().post('/api/v1/session', { username: 'admin', password: 'Root-Password-For-Tests-1' });
    assert.equal(right.status, 429, 'the limit holds for the right password too until the minute passes');
  });

  it('reports per contact email are limited across processes', async () => {
    const email = `${uniq('finder')}@example.cn`;
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const r = await (i % 2 ? b : a).client().post('/api/v1/reports', reportBody({ contact_email: email, title: uniq('limited ') }));
      statuses.push(r.status);
    }
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
  });

  it('a policy changed through one process is in force in the other within seconds', async () => {
    const r = await admin.put('/api/v1/policy', { intake_require_platform_filing: 1 });
    assert.equal(r.status, 200, r.text);
    const refused = await waitFor('A to refuse public reports', async () => {
      const x = await a.client().post('/api/v1/reports', reportBody({ title: uniq('after the policy '), contact_email: `${uniq('p')}@example.cn` }));
      return x.status === 409 ? x : null;
    }, { timeout: 10_000, every: 100 });
    assert.equal(refused.json.error.code, 'platform_filing_required');
  });
});
