// Notifications that leave the machine (issue 9): signed webhooks to a real
// HTTP receiver, email to a real SMTP server (aiosmtpd), and their faults
// (500s, a slow receiver, a closed port, a stopped SMTP server), all
// through the outbox with its retries, dead letters and "retry now".
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './lib/server.mjs';
import { createOrg, createProduct, createUser, submitReport, acceptedCase, uniq, USER_PASSWORD, moveCase } from './lib/fixtures.mjs';
import { SmtpSink, HookReceiver, verifySignature, waitFor, freePort } from './lib/peers.mjs';

const DAY = 24 * 3600 * 1000;

function fastEnv(smtpUrl) {
  return {
    LOUDONG_NOTIFY_ENABLED: 'true',
    LOUDONG_SMTP_URL: smtpUrl,
    LOUDONG_SMTP_FROM: 'loudong@example.cn',
    LOUDONG_NOTIFY_BASE_DELAY_SECONDS: '1',
    LOUDONG_NOTIFY_MAX_DELAY_SECONDS: '1',
    LOUDONG_NOTIFY_MAX_ATTEMPTS: '3',
    LOUDONG_NOTIFY_WEBHOOK_DISABLE_AFTER: '5',
    LOUDONG_NOTIFY_HTTP_TIMEOUT_MS: '1000',
    LOUDONG_NOTIFY_CLOCK_SWEEP_SECONDS: '1',
    LOUDONG_NOTIFY_PUBLIC_URL: 'https://loudong.example.cn',
  };
}

async function delivery(client, id, until) {
  return waitFor(`delivery ${id} to be ${until}`, async () => {
    const r = await client.get(`/api/v1/deliveries/${id}`);
    assert.equal(r.status, 200, r.text);
    return r.json.state === until ? r.json : null;
  });
}

async function deliveriesOf(client, query) {
  const r = await client.get(`/api/v1/deliveries?${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

describe('exchange: webhooks and email', () => {
  let server, admin, anon, sink, hook, org, orgAdmin, product, behaviour;
  const mailTo = (addr) => sink.messages().filter((m) => m.to === addr);

  before(async () => {
    sink = await SmtpSink.start();
    behaviour = () => ({ status: 200 });
    hook = await HookReceiver.start((req, body) => behaviour(req, body));
    server = await Server.start({ env: fastEnv(sink.url) });
    admin = await server.admin();
    anon = server.client();
    org = await createOrg(admin, { name: uniq('Acme ') });
    const v = await admin.post('/api/v1/users', { username: uniq('psirt'), password: USER_PASSWORD,
      email: 'psirt-admin@acme.example.cn', memberships: [{ org_id: org.id, role: 'admin' }] });
    assert.equal(v.status, 201, v.text);
    orgAdmin = server.client();
    await orgAdmin.signIn(v.json.username, USER_PASSWORD);
    product = await createProduct(admin, org.id, {
      customers: [
        { name: 'Downstream One', contact: 'ops@one.example.cn' },
        { name: 'Downstream Two', contact: 'sec@two.example.cn' },
      ],
    });
  });
  after(async () => {
    const { code } = await server.stop();
    assert.equal(code, 0, server.stderr);
    server.cleanup();
    await hook.stop();
    await sink.stop();
    sink.cleanup();
  });

  let secret, hookId;
  it('a webhook subscription shows its secret once, and a report arrives signed', async () => {
    let r = await orgAdmin.post(`/api/v1/orgs/${org.id}/webhooks`, { url: hook.url, events: ['report.received', 'ping'] });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.secret, /^whsec_/);
    secret = r.json.secret;
    hookId = r.json.id;
    r = await orgAdmin.get(`/api/v1/orgs/${org.id}/webhooks`);
    assert.equal(r.status, 200);
    assert.equal(r.json.items.length, 1);
    assert.ok(!r.text.includes(secret), 'the secret is never shown again');
    assert.ok(!server.stderr.includes(secret), 'nor logged');

    const sub = await submitReport(anon, { product_id: product.id });
    const req = await waitFor('the webhook POST', () => hook.requests.find((q) => q.body.includes(sub.tracking_id)));
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['x-loudong-event'], 'report.received');
    assert.equal(verifySignature(req.headers, req.body, secret), null, 'signature verifies with the secret');
    assert.equal(verifySignature(req.headers, req.body, 'whsec_wrong'), 'mismatch');
    assert.equal(verifySignature(req.headers, req.body + ' ', secret), 'mismatch', 'a changed body fails');
    assert.equal(verifySignature(req.headers, req.body, secret, { now: Date.now() / 1000 + 600 }), 'outside the replay window');
    const body = JSON.parse(req.body);
    assert.equal(body.event, 'report.received');
    assert.equal(body.subject.ref, sub.tracking_id);
    assert.equal(body.id, req.headers['x-loudong-delivery']);
    assert.equal(body.organisation_id, org.id);
    assert.ok(!req.body.includes('send 4096 bytes'), 'no proof of concept in a webhook');

    const list = await deliveriesOf(orgAdmin, 'kind=webhook');
    const d = list.items.find((x) => x.idempotency_key === body.id);
    assert.ok(d, list);
    const done = await delivery(orgAdmin, d.id, 'sent');
    assert.equal(done.last_status, 200);
    assert.equal(done.attempts.length, 1);

    // The organisation's admin is emailed too (default preferences, zh-CN).
    const mail = await waitFor('the report.received email', () => mailTo('psirt-admin@acme.example.cn')
      .find((m) => m.subject.includes(sub.tracking_id)));
    assert.match(mail.subject, /^收到漏洞报告 R-/);
    assert.match(mail.text, /48 小时/);
    assert.match(mail.text, /https:\/\/loudong\.example\.cn\/console\/reports\/\d+/);
    assert.match(mail.headers['message-id'], /^<[0-9a-f]{32}@loudong>$/);
  });

  it('500s are retried with the same delivery id until the receiver takes it', async () => {
    let calls = 0;
    behaviour = () => (++calls <= 2 ? { status: 500, body: 'try later' } : { status: 204 });
    const before = hook.requests.length;
    let r = await orgAdmin.post(`/api/v1/webhooks/${hookId}/test`);
    assert.equal(r.status, 202, r.text);
    const d = await delivery(orgAdmin, r.json.delivery_id, 'sent');
    assert.deepEqual(d.attempts.map((a) => a.status), [500, 500, 204]);
    assert.match(d.attempts[0].error, /HTTP 500: try later/);
    const seen = hook.requests.slice(before).map((q) => q.headers['x-loudong-delivery']);
    assert.equal(seen.length, 3);
    assert.equal(new Set(seen).size, 1, 'every retry carries the same idempotency key');
    for (const q of hook.requests.slice(before)) assert.equal(verifySignature(q.headers, q.body, secret), null);
    behaviour = () => ({ status: 200 });
  });

  it('a slow receiver times out, goes dead after the last try, and "retry now" delivers it', async () => {
    behaviour = () => ({ status: 200, delay: 2500 });
    let r = await orgAdmin.post(`/api/v1/webhooks/${hookId}/test`);
    const id = r.json.delivery_id;
    const dead = await delivery(orgAdmin, id, 'dead');
    assert.equal(dead.attempts.length, 3);
    assert.match(dead.last_error, /[Tt]imeout/);
    const counts = (await deliveriesOf(orgAdmin, 'state=dead')).counts;
    assert.ok(counts.dead >= 1);
    behaviour = () => ({ status: 200 });
    r = await orgAdmin.post(`/api/v1/deliveries/${id}/retry`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'pending');
    const sent = await delivery(orgAdmin, id, 'sent');
    assert.equal(sent.attempts.length, 4);
    assert.equal(sent.max_attempts, 6, 'a retried dead delivery gets a fresh set of tries');
    r = await orgAdmin.post(`/api/v1/deliveries/${id}/retry`);
    assert.equal(r.status, 409, 'a sent delivery is not sent again');
  });

  it('a receiver that keeps failing is disabled and its admin is emailed', async () => {
    const port = await freePort(); // nothing listens here
    let r = await orgAdmin.post(`/api/v1/orgs/${org.id}/webhooks`, { url: `http://127.0.0.1:${port}/gone`, events: ['ping'] });
    assert.equal(r.status, 201, r.text);
    const gone = r.json.id;
    const a = (await orgAdmin.post(`/api/v1/webhooks/${gone}/test`)).json.delivery_id;
    const da = await delivery(orgAdmin, a, 'dead');
    assert.match(da.last_error, /connect/i);
    // Given up after its last try (3 failures, under the 5 that disable):
    // the admins are told, with the error and where to retry it.
    const failed = await waitFor('the delivery.failed email', () => mailTo('psirt-admin@acme.example.cn')
      .find((m) => m.subject.startsWith('投递失败') && m.text.includes(`/console/deliveries/${a}`)));
    assert.match(failed.text, /connect/i);
    const b = (await orgAdmin.post(`/api/v1/webhooks/${gone}/test`)).json.delivery_id;
    await delivery(orgAdmin, b, 'dead');
    r = await waitFor('the subscription to be disabled', async () => {
      const x = await orgAdmin.get(`/api/v1/orgs/${org.id}/webhooks`);
      const w = x.json.items.find((i) => i.id === gone);
      return w.enabled ? null : w;
    });
    assert.match(r.disabled_reason, /failed deliveries in a row/);
    const mail = await waitFor('the disable email', () => mailTo('psirt-admin@acme.example.cn')
      .find((m) => m.subject.startsWith('Webhook 已停用')));
    assert.match(mail.text, /重新启用/);
    assert.ok(!mailTo('psirt-admin@acme.example.cn').some((m) => m.subject.startsWith('投递失败') &&
      m.text.includes(`/console/deliveries/${b}`)), 'a disabled subscription\'s backlog dies without an email each');
    // Enabling again starts a new count.
    r = await orgAdmin.patch(`/api/v1/webhooks/${gone}`, { enabled: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.consecutive_failures, 0);
    assert.equal(r.json.disabled_reason, '');
    await orgAdmin.del(`/api/v1/webhooks/${gone}`);
  });

  it('another organisation sees none of it', async () => {
    const other = await createOrg(admin, { name: uniq('Other ') });
    const u = await createUser(admin, { memberships: [{ org_id: other.id, role: 'admin' }] });
    const c = server.client();
    await c.signIn(u.username, USER_PASSWORD);
    assert.equal((await c.get(`/api/v1/orgs/${org.id}/webhooks`)).status, 404);
    assert.equal((await c.patch(`/api/v1/webhooks/${hookId}`, { enabled: false })).status, 404);
    assert.equal((await c.post(`/api/v1/webhooks/${hookId}/test`)).status, 404);
    const list = await deliveriesOf(c, '');
    assert.equal(list.items.length, 0);
    const mine = await deliveriesOf(orgAdmin, 'limit=1');
    assert.equal((await c.get(`/api/v1/deliveries/${mine.items[0].id}`)).status, 404);
    assert.equal((await c.post(`/api/v1/deliveries/${mine.items[0].id}/retry`)).status, 404);
    const peers = await c.get('/api/v1/peers');
    assert.equal(peers.status, 200, 'members list peers to file with');
    assert.equal((await c.post('/api/v1/peers', { name: 'x', base_url: 'https://x.example.cn', org_id: other.id, token: 't'.repeat(30) })).status,
      403, 'only platform admins add peers');
    assert.equal((await anon.get('/api/v1/peers')).status, 401);
  });

  it('bad subscriptions and preferences are refused, naming the field', async () => {
    for (const [body, field] of [
      [{ url: 'ftp://x.example.cn/' }, 'url'],
      [{ url: 'https://user:pw@x.example.cn/' }, 'url'],
      [{}, 'url'],
      [{ url: hook.url, events: ['no.such.event'] }, 'events[0]'],
      [{ url: hook.url, min_grade: 'huge' }, 'min_grade'],
    ]) {
      const r = await orgAdmin.post(`/api/v1/orgs/${org.id}/webhooks`, body);
      assert.equal(r.status, 422, JSON.stringify(body) + r.text);
      assert.ok(r.json.error.details.fields.some((f) => f.field === field), r.text);
    }
    let r = await orgAdmin.put('/api/v1/me/notifications', { language: 'fr-FR' });
    assert.equal(r.status, 422);
    r = await orgAdmin.put('/api/v1/me/notifications', { mode: 'hourly' });
    assert.equal(r.status, 422);
    // null clears a grade filter, in preferences and on a subscription.
    r = await orgAdmin.put('/api/v1/me/notifications', { min_grade: 'high', mode: 'digest' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.min_grade, 'high');
    assert.equal(r.json.mode, 'digest');
    r = await orgAdmin.put('/api/v1/me/notifications', { min_grade: null });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.min_grade, null);
    assert.equal(r.json.mode, 'immediate');
    r = await orgAdmin.patch(`/api/v1/webhooks/${hookId}`, { min_grade: 'critical' });
    assert.equal(r.json.min_grade, 'critical');
    r = await orgAdmin.patch(`/api/v1/webhooks/${hookId}`, { min_grade: null });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.min_grade, null);
  });

  it('a finder is told of state changes by email, in both languages', async () => {
    const contact = `${uniq('finder')}@example.cn`.toLowerCase();
    const { submitted } = await acceptedCase(admin, anon, { product_id: product.id, contact_email: contact });
    const mails = await waitFor('two state emails', () => {
      const m = mailTo(contact);
      return m.length >= 2 ? m : null;
    });
    const accepted = mails.find((m) => m.subject.includes('已采纳'));
    assert.ok(accepted, mails.map((m) => m.subject).join('\n'));
    assert.ok(accepted.subject.includes(submitted.tracking_id));
    assert.match(accepted.subject, / \/ Your vulnerability report R-/);
    assert.match(accepted.text, /第九条/);
    assert.match(accepted.text, /Art\. 9/);
    assert.ok(!accepted.text.includes(submitted.tracking_token), 'the secret token is never emailed');
  });

  it('an overdue 48-hour clock emails the admins, once', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: product.id });
    const threeDaysAgo = new Date(Date.now() - 3 * DAY).toISOString();
    let r = await admin.patch(`/api/v1/cases/${caseId}`, { aware_at: threeDaysAgo, aware_reason: 'found in our own audit on Monday' });
    assert.equal(r.status, 200, r.text);
    r = await admin.get(`/api/v1/cases/${caseId}/clocks`);
    const reg = r.json.items.find((k) => k.kind === 'regulatory_report');
    assert.equal(reg.state, 'overdue', r.text);
    const ref = (await admin.get(`/api/v1/cases/${caseId}`)).json.ref;
    const mail = await waitFor('the overdue email', () => mailTo('psirt-admin@acme.example.cn')
      .find((m) => m.subject.includes(ref) && m.subject.startsWith('【已逾期】')));
    assert.match(mail.subject, /向工信部报送/);
    await new Promise((ok) => setTimeout(ok, 2500)); // two more sweeps
    const again = mailTo('psirt-admin@acme.example.cn').filter((m) => m.subject.includes(ref) && m.subject.startsWith('【已逾期】'));
    assert.equal(again.length, 1, 'told once per clock and state');
    // Moving it later is refused: that would hide a deadline.
    r = await admin.patch(`/api/v1/cases/${caseId}`, { aware_at: new Date().toISOString(), aware_reason: 'x' });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.details.fields[0].field, 'aware_at');
  });

  it('user notices by email: each customer gets the risk and the fix; the clock stops when all are told', async () => {
    const { caseId } = await acceptedCase(admin, anon, { product_id: product.id });
    await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
    let r = await admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, {
      risk_zh: '远程代码执行', risk_en: 'remote code execution', fix_zh: '升级到 1.2', fix_en: 'upgrade to 1.2' });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.queued, 2);
    const ref = (await admin.get(`/api/v1/cases/${caseId}`)).json.ref;
    for (const to of ['ops@one.example.cn', 'sec@two.example.cn']) {
      const m = await waitFor(`the notice to ${to}`, () => mailTo(to).find((x) => x.subject.includes(ref)));
      assert.match(m.text, /升级到 1\.2/);
      assert.match(m.text, /upgrade to 1\.2/);
    }
    r = await waitFor('the user-notice clock to be met', async () => {
      const x = await admin.get(`/api/v1/cases/${caseId}/clocks`);
      const k = x.json.items.find((c) => c.kind === 'user_notice');
      return k && k.state === 'met' ? x : null;
    });
    const d = await admin.get(`/api/v1/cases/${caseId}`);
    const notices = d.json.user_notices || [];
    assert.equal(notices.length, 2, d.text);
    for (const n of notices) {
      assert.equal(n.method, 'email');
      assert.match(n.evidence, /Message-ID <[0-9a-f]{32}@loudong>/);
    }
    r = await admin.post(`/api/v1/cases/${caseId}/user-notices/emails`, { risk_en: 'x', fix_en: 'y' });
    assert.equal(r.json.queued, 0, 'customers already told are not emailed again');
  });

  it('preferences: English, and nothing when email is off', async () => {
    let r = await orgAdmin.put('/api/v1/me/notifications', { language: 'en-US', events: ['report.received'] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.language, 'en-US');
    const sub = await submitReport(anon, { product_id: product.id });
    const m = await waitFor('the English email', () => mailTo('psirt-admin@acme.example.cn').find((x) => x.subject.includes(sub.tracking_id)));
    assert.match(m.subject, /^Vulnerability report received R-/);
    r = await orgAdmin.put('/api/v1/me/notifications', { email: false });
    assert.equal(r.status, 200);
    const quiet = await submitReport(anon, { product_id: product.id });
    await new Promise((ok) => setTimeout(ok, 1500));
    assert.ok(!mailTo('psirt-admin@acme.example.cn').some((x) => x.subject.includes(quiet.tracking_id)));
    await orgAdmin.put('/api/v1/me/notifications', { language: 'zh-CN' });
  });
});

describe('exchange: an SMTP server that is down', () => {
  let server, admin, anon, org, product, port;
  before(async () => {
    port = await freePort();
    server = await Server.start({ env: { ...fastEnv(`smtp://127.0.0.1:${port}`), LOUDONG_NOTIFY_MAX_ATTEMPTS: '50' } });
    admin = await server.admin();
    anon = server.client();
    org = await createOrg(admin, { name: uniq('Down ') });
    const v = await admin.post('/api/v1/users', { username: uniq('down'), password: USER_PASSWORD,
      email: 'admin@down.example.cn', memberships: [{ org_id: org.id, role: 'admin' }] });
    assert.equal(v.status, 201, v.text);
    product = await createProduct(admin, org.id);
  });
  after(async () => {
    await server.stop();
    server.cleanup();
  });

  it('keeps the email, shows why, and delivers it when the server is back', async () => {
    const sub = await submitReport(anon, { product_id: product.id });
    const pending = await waitFor('a failed attempt', async () => {
      const l = await deliveriesOf(admin, 'kind=email');
      return l.items.find((d) => d.target === 'admin@down.example.cn' && d.attempts >= 1);
    });
    assert.ok(['pending', 'sending'].includes(pending.state), pending.state);
    assert.match(pending.last_error, /SMTP/);
    // The SMTP server comes up on that port: the next retry goes through.
    const sink = await SmtpSink.start({ port });
    try {
      const mail = await waitFor('the email after the server came back',
        () => sink.messages().find((m) => m.subject.includes(sub.tracking_id)), { timeout: 30_000 });
      assert.ok(mail);
      await delivery(admin, pending.id, 'sent');
    } finally {
      await sink.stop();
      sink.cleanup();
    }
  });
});
