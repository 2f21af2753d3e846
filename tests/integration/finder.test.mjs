// The finder's side: questions and answers by tracking id, receipts for
// replies, confidential attachments; sign-out and token revocation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, sharedServer } from './lib/server.mjs';
import { submitReport, uniq } from './lib/fixtures.mjs';

describe('finder and credentials', () => {
  let server, admin, anon;
  sharedServer((s) => ({ server, admin, anon } = s));

  it('needs_info: the question reaches the finder, the answer returns the report to triage with a receipt', async () => {
    const sub = await submitReport(anon, { title: uniq('needs info ') });
    const h = { headers: { 'X-Tracking-Token': sub.tracking_token } };
    let r = await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'triage' });
    assert.equal(r.status, 200);
    const question = uniq('which firmware? ');
    r = await admin.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'needs_info', reason: question });
    assert.equal(r.status, 200, r.text);
    r = await anon.get(`/api/v1/tracking/${sub.tracking_id}`, h);
    assert.equal(r.json.state, 'needs_info');
    assert.ok(r.json.messages.some((m) => m.body === question), 'the reason is sent to the finder');

    const answer = uniq('firmware 1.0.3 ');
    r = await anon.post(`/api/v1/tracking/${sub.tracking_id}/messages`, { body: answer }, h);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.from_finder, true);
    r = await anon.get(`/api/v1/tracking/${sub.tracking_id}`, h);
    assert.equal(r.json.state, 'triage', 'an answer moves needs_info back to triage');

    // The reply arrived on a channel: it has its own receipt record.
    r = await admin.get('/api/v1/receipts?limit=200');
    const forReport = r.json.items.filter((x) => x.subject.includes(sub.tracking_id));
    assert.ok(forReport.length >= 2, `receipts for the report and the reply: ${JSON.stringify(forReport)}`);

    // A wrong token cannot post.
    r = await anon.post(`/api/v1/tracking/${sub.tracking_id}/messages`, { body: 'x' }, { headers: { 'X-Tracking-Token': 'wrong' } });
    assert.equal(r.status, 404);
  });

  it('attachments are confidential: listed and downloaded by intake staff only, and every read is in the access log', async () => {
    const content = uniq('print("poc") # ');
    const bad = await anon.post('/api/v1/reports', { ...(await import('./lib/fixtures.mjs')).reportBody(),
      attachments: [{ filename: '../../etc/passwd', content_type: 'text/plain', data: 'eA==' }] });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.error.details.fields[0].field, 'attachments[0].filename');
    const sub = await submitReport(anon, {
      attachments: [{ filename: 'poc "1" <x>.py', content_type: 'text/html', data: Buffer.from(content).toString('base64') }],
    });
    let r = await admin.get(`/api/v1/reports/${sub.id}`);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes(content));
    assert.ok(!r.text.includes('send 4096 bytes'), 'no proof of concept in the plain report view');
    r = await admin.get(`/api/v1/reports/${sub.id}/confidential`);
    assert.equal(r.status, 200);
    const att = r.json.attachments[0];
    assert.equal(att.size, Buffer.byteLength(content));
    const d = await admin.get(`/api/v1/reports/${sub.id}/attachments/${att.id}`);
    assert.equal(d.status, 200);
    assert.equal(d.text, content);
    assert.equal(d.headers.get('content-type'), 'application/octet-stream', 'never rendered');
    const disp = d.headers.get('content-disposition');
    assert.match(disp, /^attachment; filename="[A-Za-z0-9._-]+"$/);
    assert.ok(!disp.includes('/'));
    r = await admin.get('/api/v1/access-log?limit=200');
    assert.equal(r.status, 200);
    const reads = r.json.items.filter((e) => e.action === 'read_confidential');
    assert.ok(reads.some((e) => e.object_type === 'attachment' && e.object_id === att.id), 'attachment download logged');
    assert.ok(reads.every((e) => e.request_id), 'access log entries carry the request id');
    // Anonymous and other signed-in users without the role get nothing.
    r = await anon.get(`/api/v1/reports/${sub.id}/attachments/${att.id}`);
    assert.equal(r.status, 401);
  });

  it('a signed-out session and a revoked token stop working', async () => {
    const c = server.client();
    await c.signIn('admin', ADMIN_PASSWORD);
    let r = await c.del('/api/v1/session');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('set-cookie'), /Max-Age=0/);
    r = await c.get('/api/v1/session');
    assert.equal(r.status, 401);

    r = await admin.post('/api/v1/tokens', { name: 'ci', org_id: 1, role: 'admin', expires_in_days: 1 });
    assert.equal(r.status, 201, r.text);
    const tok = server.client({ bearer: r.json.secret });
    assert.equal((await tok.get('/api/v1/session')).status, 200);
    r = await admin.get('/api/v1/tokens');
    assert.ok(!r.text.includes(tok.bearer), 'the secret is never listed');
    r = await admin.del(`/api/v1/tokens/${r.json.items[0].id}`);
    assert.equal(r.status, 200);
    r = await tok.get('/api/v1/session');
    assert.equal(r.status, 401);
    assert.match(r.json.error.message, /revoked/);
  });

  it('the session cookie is HttpOnly and SameSite=Strict', async () => {
    const r = await anon.post('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
    assert.equal(r.status, 200);
    const set = r.headers.get('set-cookie');
    assert.match(set, /HttpOnly/);
    assert.match(set, /SameSite=Strict/);
    assert.match(set, /Path=\//);
  });
});
