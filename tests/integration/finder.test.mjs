// The finder's side: questions and answers by tracking id, receipts for
// replies, confidential attachments; sign-out and token revocation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, sharedServer } from './lib/server.mjs';
import { createOrg, createProduct, submitReport, uniq, USER_PASSWORD } from './lib/fixtures.mjs';

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

  // Issue 11, item 4: a finder never sees staff user names in the report
  // timeline (a role instead). True already (domain/finder_view.h); this
  // checks every view a finder reads, with staff whose names stand out.
  it('a finder sees staff by role only, never by user name or display name, in every view of their report', async () => {
    const staffUser = async (memberships, label) => {
      const username = uniq(`${label}-`);
      const display_name = `${label} 显示名 ${username}`;
      const r = await admin.post('/api/v1/users', { username, password: USER_PASSWORD, display_name, memberships });
      assert.equal(r.status, 201, r.text);
      const c = server.client();
      await c.signIn(username, USER_PASSWORD);
      return { c, names: [username, display_name] };
    };
    const provider = await createOrg(admin);
    const product = await createProduct(admin, provider.id);
    const coord = await staffUser([{ org_id: 1, role: 'coordinator' }], 'zhangcoord');
    const psirt = await staffUser([{ org_id: provider.id, role: 'coordinator' }], 'lipsirt');
    const finder = server.client();
    let r = await finder.post('/api/v1/finders', { username: uniq('fz'), password: USER_PASSWORD, email: 'fz@finder.example' });
    assert.equal(r.status, 201, r.text);
    await finder.signIn(r.json.username, USER_PASSWORD);
    const sub = await submitReport(finder, { product_id: product.id });

    r = await coord.c.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'triage' });
    assert.equal(r.status, 200, r.text);
    r = await coord.c.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'needs_info', reason: 'which firmware build?' });
    assert.equal(r.status, 200, r.text);
    r = await finder.post(`/api/v1/my/reports/${sub.id}/messages`, { body: 'build 1.0.3' });
    assert.equal(r.status, 201, r.text);
    r = await coord.c.post(`/api/v1/reports/${sub.id}/messages`, { visibility: 'finder', body: 'reproduced, thank you' });
    assert.equal(r.status, 201, r.text);
    r = await coord.c.post(`/api/v1/reports/${sub.id}/transitions`, { to: 'accepted' });
    assert.equal(r.status, 200, r.text);
    const caseId = r.json.case_id;
    r = await psirt.c.post(`/api/v1/cases/${caseId}/messages`, { visibility: 'all', body: 'a fix is on its way' });
    assert.equal(r.status, 201, r.text);

    const views = {
      timeline: await finder.get(`/api/v1/reports/${sub.id}/timeline`),
      report: await finder.get(`/api/v1/reports/${sub.id}`),
      mine: await finder.get(`/api/v1/my/reports/${sub.id}`),
      list: await finder.get('/api/v1/my/reports'),
      tracking: await finder.get(`/api/v1/tracking/${sub.tracking_id}`, { headers: { 'X-Tracking-Token': sub.tracking_token } }),
    };
    for (const [name, v] of Object.entries(views)) {
      assert.equal(v.status, 200, `${name}: ${v.text}`);
      for (const n of [...coord.names, ...psirt.names, '"admin"']) assert.ok(!v.text.includes(n), `${name} shows ${n}: ${v.text}`);
    }
    const actors = new Set(views.timeline.json.items.map((e) => e.actor));
    assert.ok(actors.has('coordinator') && actors.has('finder'), views.timeline.text);
    for (const a of actors) assert.ok(['finder', 'coordinator'].includes(a), `timeline actor ${a}`);
    const authors = Object.fromEntries(views.mine.json.messages.map((m) => [m.body, m.author]));
    assert.equal(authors['reproduced, thank you'], 'coordinator', views.mine.text);
    assert.equal(authors['a fix is on its way'], 'provider', views.mine.text);
    assert.equal(authors['build 1.0.3'], 'finder', views.mine.text);
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
