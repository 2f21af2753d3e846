// Federation between deployments (issue 9): three real loudong processes on
// loopback, each with its own data directory. A provider files its
// regulatory report with the authority's deployment (NVDB); its clock stops
// on the authority's receipt; the officer acknowledges and forwards it to a
// partner authority (CNCERT); the answer comes back to the provider.
// Upstream notices and forwarded reports travel the same way. Faults: an
// unreachable peer, a peer that answers garbage, a foreign recipient.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Server, cli } from './lib/server.mjs';
import {
  createOrg, createProduct, acceptedCase, uniq, USER_PASSWORD, issueToken, addPeer, draftReport,
} from './lib/fixtures.mjs';
import { HookReceiver, waitFor, freePort, tlsProxy } from './lib/peers.mjs';

const DAY = 24 * 3600 * 1000;
const env = {
  LOUDONG_NOTIFY_ENABLED: 'true',
  LOUDONG_NOTIFY_BASE_DELAY_SECONDS: '1',
  LOUDONG_NOTIFY_MAX_DELAY_SECONDS: '1',
  LOUDONG_NOTIFY_MAX_ATTEMPTS: '3',
  LOUDONG_NOTIFY_HTTP_TIMEOUT_MS: '2000',
  LOUDONG_NOTIFY_CLOCK_SWEEP_SECONDS: '1',
};

describe('federation: provider, authority and partner deployments', () => {
  let nvdb, nvdbAdmin, provider, provAdmin, provAnon, cncert, cncertAdmin;
  let peerNvdbOnProvider, peerProviderOnNvdb, peerCncertOnNvdb, product;

  before(async () => {
    nvdb = await Server.start({ env: { ...env, LOUDONG_PLATFORM_HOST_ORG_TYPE: 'authority', LOUDONG_PLATFORM_HOST_ORG_NAME: 'MIIT NVDB' } });
    provider = await Server.start({ env: { ...env, LOUDONG_PLATFORM_HOST_ORG_TYPE: 'provider', LOUDONG_PLATFORM_HOST_ORG_NAME: 'Acme Networks' } });
    cncert = await Server.start({ env: { ...env, LOUDONG_PLATFORM_HOST_ORG_TYPE: 'authority', LOUDONG_PLATFORM_HOST_ORG_NAME: 'CNCERT' } });
    nvdbAdmin = await nvdb.admin();
    provAdmin = await provider.admin();
    cncertAdmin = await cncert.admin();
    provAnon = provider.client();
    // Each side issues the other a token; each registers the other as a peer.
    const acmeOnNvdb = await issueToken(nvdb, nvdbAdmin, { name: 'Acme Networks', type: 'provider' });
    const nvdbOnProvider = await issueToken(provider, provAdmin, { name: 'MIIT NVDB', type: 'authority' });
    const nvdbOnCncert = await issueToken(cncert, cncertAdmin, { name: 'MIIT NVDB', type: 'authority' });
    const cncertOrgOnNvdb = await createOrg(nvdbAdmin, { name: 'CNCERT', type: 'authority' });
    peerNvdbOnProvider = await addPeer(provAdmin, { name: 'nvdb', url: nvdb.url, orgId: nvdbOnProvider.org.id, token: acmeOnNvdb.token });
    peerProviderOnNvdb = await addPeer(nvdbAdmin, { name: 'acme', url: provider.url, orgId: acmeOnNvdb.org.id, token: nvdbOnProvider.token });
    peerCncertOnNvdb = await addPeer(nvdbAdmin, { name: 'cncert', url: cncert.url, orgId: cncertOrgOnNvdb.id, token: nvdbOnCncert.token });
    product = await createProduct(provAdmin, 1, { name: 'Acme Router', model: 'AR-1' });
  });
  after(async () => {
    for (const s of [nvdb, provider, cncert]) {
      if (!s) continue;
      const { code } = await s.stop();
      assert.equal(code, 0, s.stderr);
      s.cleanup();
    }
  });

  let filing, rrId, caseId;
  it('the provider files; the clock stops on the authority\'s receipt; both sides hold the same receipt hash', async () => {
    ({ caseId } = await acceptedCase(provAdmin, provAnon, { product_id: product.id }));
    const rr = await draftReport(provAdmin, caseId);
    rrId = rr.id;
    let r = await provAdmin.post(`/api/v1/regulatory-reports/${rrId}/filings`, { peer_id: peerNvdbOnProvider.id });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.state, 'sending');
    filing = await waitFor('the authority\'s receipt', async () => {
      const x = await provAdmin.get(`/api/v1/regulatory-reports/${rrId}/filings`);
      const f = x.json.items[0];
      return f.state === 'received' ? f : null;
    });
    assert.match(filing.peer_reference, /^REG-\d{4}-\d{6}$/);
    assert.match(filing.peer_receipt_hash, /^[0-9a-f]{64}$/);
    r = await provAdmin.get(`/api/v1/regulatory-reports/${rrId}`);
    assert.equal(r.json.state, 'submitted');
    assert.equal(r.json.channel, 'federation:nvdb');
    assert.equal(r.json.submitted_by_name, 'Administrator', 'who filed it (the display name)');
    assert.equal(r.json.reference, filing.peer_reference);
    r = await provAdmin.get(`/api/v1/cases/${caseId}/clocks`);
    const reg = r.json.items.find((k) => k.kind === 'regulatory_report');
    assert.equal(reg.state, 'met');
    assert.equal(reg.stopped_at, filing.received_at, 'stopped at the time the authority received it');
    r = await provAdmin.get(`/api/v1/cases/${caseId}`);
    const ev = r.json.timeline.find((e) => e.kind === 'regulatory_report.submitted');
    assert.ok(ev, 'the timeline records the submission: ' + r.text);
    assert.ok(JSON.stringify(ev).includes(filing.peer_receipt_hash), 'with the peer\'s receipt hash: ' + JSON.stringify(ev));

    // The authority's side: the inbox item, its receipt, the same hash.
    r = await nvdbAdmin.get('/api/v1/authority/inbox');
    assert.equal(r.status, 200, r.text);
    const item = r.json.items.find((i) => i.reference === filing.peer_reference);
    assert.ok(item, r.text);
    assert.equal(item.receipt.hash, filing.peer_receipt_hash);
    assert.equal(item.fields.product_name.includes('Acme Router'), true, JSON.stringify(item.fields));
    assert.equal(item.fields.harm, '远程代码执行');
    assert.equal(item.late, false);
    assert.equal(item.state, 'received');
    r = await nvdbAdmin.get(`/api/v1/receipts?channel=federation`);
    assert.equal(r.status, 200, r.text);
    const rec = r.json.items.find((x) => x.hash === filing.peer_receipt_hash);
    assert.ok(rec, 'a federation receipt record on the receiving side: ' + r.text);
    assert.equal(rec.channel, 'federation');
    r = await nvdbAdmin.post('/api/v1/receipts/verify');
    assert.equal(r.json.ok, true);
  });

  it('the officer acknowledges; the provider\'s report says so', async () => {
    const item = (await nvdbAdmin.get('/api/v1/authority/inbox')).json.items.find((i) => i.reference === filing.peer_reference);
    let r = await nvdbAdmin.post(`/api/v1/authority/inbox/${item.id}/decision`, { state: 'acknowledged', note: '已受理' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'acknowledged');
    r = await nvdbAdmin.post(`/api/v1/authority/inbox/${item.id}/decision`, { state: 'returned', note: 'x' });
    assert.equal(r.status, 409, 'decided once');
    await waitFor('the acknowledgement at the provider', async () => {
      const x = await provAdmin.get(`/api/v1/regulatory-reports/${rrId}`);
      return x.json.state === 'acknowledged';
    });
    const f = (await provAdmin.get(`/api/v1/regulatory-reports/${rrId}/filings`)).json.items[0];
    assert.equal(f.state, 'acknowledged');
    assert.equal(f.note, '已受理');
    r = await provAdmin.get(`/api/v1/cases/${caseId}`);
    assert.ok(r.json.timeline.some((e) => e.kind === 'regulatory_report.acknowledged'), r.text);
  });

  it('the authority forwards it to CNCERT in real time, and records a joint assessment', async () => {
    const item = (await nvdbAdmin.get('/api/v1/authority/inbox')).json.items.find((i) => i.reference === filing.peer_reference);
    let r = await nvdbAdmin.post(`/api/v1/authority/inbox/${item.id}/forwardings`, { peer_ids: [peerCncertOnNvdb.id] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.forwarded.length, 1);
    const got = await waitFor('the report at CNCERT', async () => {
      const x = await cncertAdmin.get('/api/v1/authority/inbox');
      return x.json.items.find((i) => i.forwarded_from && i.forwarded_from.reference === filing.peer_reference);
    });
    assert.equal(got.fields.harm, '远程代码执行');
    r = await nvdbAdmin.post(`/api/v1/authority/inbox/${item.id}/forwardings`, { peer_ids: [peerProviderOnNvdb.id] });
    assert.equal(r.status, 422, 'forwarded to authorities only');
    r = await nvdbAdmin.post(`/api/v1/authority/inbox/${item.id}/joint-assessment`, {
      participants: ['MIIT', 'MPS', 'Acme Networks'], conclusion: '同意修补后公开', grade: 'critical', early_release: 'refused' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.joint_assessment.participants.length, 3);
    r = await nvdbAdmin.post(`/api/v1/authority/inbox/${item.id}/joint-assessment`, { participants: ['MIIT'], conclusion: 'x' });
    assert.equal(r.status, 422);
  });

  it('a late report stands out in the timeliness view (the 15-day Log4j2 precedent)', async () => {
    const late = await acceptedCase(provAdmin, provAnon, { product_id: product.id });
    let r = await provAdmin.patch(`/api/v1/cases/${late.caseId}`, {
      aware_at: new Date(Date.now() - 15 * DAY).toISOString(), aware_reason: 'reported upstream 15 days ago, not to MIIT' });
    assert.equal(r.status, 200, r.text);
    const rr = await draftReport(provAdmin, late.caseId);
    r = await provAdmin.post(`/api/v1/regulatory-reports/${rr.id}/filings`, { peer_id: peerNvdbOnProvider.id });
    assert.equal(r.status, 202, r.text);
    await waitFor('the late filing received', async () => {
      const x = await provAdmin.get(`/api/v1/regulatory-reports/${rr.id}/filings`);
      return x.json.items[0].state === 'received';
    });
    r = await provAdmin.get(`/api/v1/cases/${late.caseId}/clocks`);
    assert.equal(r.json.items.find((k) => k.kind === 'regulatory_report').state, 'missed');
    r = await nvdbAdmin.get('/api/v1/authority/timeliness');
    assert.equal(r.status, 200, r.text);
    const acme = r.json.providers.find((p) => p.name === 'Acme Networks');
    assert.equal(acme.reports, 2);
    assert.equal(acme.late, 1);
    assert.ok(acme.max_delay_hours > 14 * 24 && acme.max_delay_hours < 16 * 24, JSON.stringify(acme));
    const lateItem = r.json.items.find((i) => i.late);
    assert.ok(lateItem.delay_hours > 300);
    assert.equal(r.json.limit_hours, 48);
  });

  it('the same call twice gets the same answer and one inbox item', async () => {
    const { token } = await issueToken(nvdb, nvdbAdmin, { name: uniq('Replay Co '), type: 'provider' });
    const body = { sender_report_id: '77', case_ref: 'LD-X', aware_at: new Date(Date.now() - 3600e3).toISOString(),
      fields: { product_name: 'P', technical_characteristics: 't', harm: 'h', scope: 's' } };
    const peerClient = nvdb.client({ bearer: token });
    const key = uniq('key-');
    const a = await peerClient.post('/api/v1/federation/regulatory-reports', body, { headers: { 'Idempotency-Key': key } });
    assert.equal(a.status, 201, a.text);
    const b = await peerClient.post('/api/v1/federation/regulatory-reports', body, { headers: { 'Idempotency-Key': key } });
    assert.equal(b.status, 200);
    assert.deepEqual(b.json, a.json);
    const items = (await nvdbAdmin.get('/api/v1/authority/inbox?limit=200')).json.items.filter((i) => i.case_ref === 'LD-X');
    assert.equal(items.length, 1);
    // The receipt's content hash is the SHA-256 of the bytes as received.
    const raw = JSON.stringify(body);
    const r = await nvdbAdmin.get('/api/v1/receipts?channel=federation');
    const rec = r.json.items.find((x) => x.hash === a.json.receipt.hash);
    assert.equal(rec.content_sha256, createHash('sha256').update(raw).digest('hex'));
    // Without a key, or with bad fields: refused, nothing stored.
    const n = (await nvdbAdmin.get('/api/v1/authority/inbox?limit=200')).json.items.length;
    let x = await peerClient.post('/api/v1/federation/regulatory-reports', body);
    assert.equal(x.status, 400);
    x = await peerClient.post('/api/v1/federation/regulatory-reports', { ...body, fields: { product_name: 'P' } }, { headers: { 'Idempotency-Key': uniq('k') } });
    assert.equal(x.status, 422);
    assert.ok(x.json.error.details.fields.some((f) => f.field === 'fields.harm'), x.text);
    x = await nvdb.client().post('/api/v1/federation/regulatory-reports', body, { headers: { 'Idempotency-Key': uniq('k') } });
    assert.equal(x.status, 401, 'anonymous callers are refused');
    assert.equal((await nvdbAdmin.get('/api/v1/authority/inbox?limit=200')).json.items.length, n);
  });

  it('an upstream notice and a forwarded report reach the other deployment\'s intake with receipts', async () => {
    const up = await acceptedCase(provAdmin, provAnon, { product_id: product.id });
    let r = await provAdmin.post(`/api/v1/cases/${up.caseId}/upstream-deliveries`, {
      peer_id: peerNvdbOnProvider.id, component: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      affected: 'vers:maven/>=2.0.0|<2.15.0', evidence: 'JNDI lookup in message formatting' });
    assert.equal(r.status, 202, r.text);
    const d = await waitFor('the upstream notice recorded', async () => {
      const x = await provAdmin.get(`/api/v1/cases/${up.caseId}`);
      return x.json.upstream_notices.length ? x.json : null;
    });
    const n = d.upstream_notices[0];
    assert.equal(n.method, 'federation');
    assert.match(n.evidence, /tracking R-\d{8}-\S+, receipt #\d+ [0-9a-f]{64}/);
    r = await provAdmin.get(`/api/v1/cases/${up.caseId}/clocks`);
    assert.equal(r.json.items.find((k) => k.kind === 'upstream_notice').state, 'met');
    const tracking = /tracking (\S+),/.exec(n.evidence)[1];
    r = await nvdbAdmin.get(`/api/v1/reports?limit=50`);
    const got = r.json.items.find((x) => x.tracking_id === tracking);
    assert.ok(got, r.text);
    assert.equal(got.channel, 'federation');

    r = await provAdmin.post(`/api/v1/reports/${up.report.id}/forwardings`, { peer_id: peerNvdbOnProvider.id });
    assert.equal(r.status, 202, r.text);
    await waitFor('the forwarded report', async () => {
      const x = await provAdmin.get(`/api/v1/deliveries/${r.json.delivery_id}`);
      return x.json.state === 'sent';
    });
  });

  it('refuses a foreign recipient (R-PUB-7) before anything is queued', async () => {
    const foreign = await createOrg(provAdmin, { name: uniq('Foreign Authority '), type: 'authority', region: 'US' });
    const peer = await addPeer(provAdmin, { name: uniq('foreign'), url: 'https://foreign.example.com', orgId: foreign.id, token: 'x'.repeat(40) });
    const { caseId: c } = await acceptedCase(provAdmin, provAnon, { product_id: product.id });
    const rr = await draftReport(provAdmin, c);
    const before = (await provAdmin.get('/api/v1/deliveries?kind=federation&limit=200')).json.items.length;
    const r = await provAdmin.post(`/api/v1/regulatory-reports/${rr.id}/filings`, { peer_id: peer.id });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'gate_no_foreign_recipient');
    assert.match(r.json.error.message, /R-PUB-7/);
    assert.match(r.json.error.message, /境外/);
    assert.equal((await provAdmin.get('/api/v1/deliveries?kind=federation&limit=200')).json.items.length, before);
  });

  // Every federation path that carries unpublished details (issue 10 item 2,
  // R-PUB-7): a regulatory report (above), a forwarded report, an upstream
  // notice and an authority's forward to a partner; refused before queueing.
  it('no foreign recipient on any outbound path: forward, upstream notice, partner forward', async () => {
    const deliveries = async (admin) => (await admin.get('/api/v1/deliveries?kind=federation&limit=200')).json.items.length;
    const refusedForeign = (r) => {
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.error.code, 'gate_no_foreign_recipient');
      assert.match(r.json.error.message, /R-PUB-7/);
    };
    const foreign = await createOrg(provAdmin, { name: uniq('Foreign CERT '), type: 'authority', region: 'US' });
    const peer = await addPeer(provAdmin, { name: uniq('foreign-cert'), url: 'https://cert.example.com', orgId: foreign.id, token: 'f'.repeat(40) });
    const { caseId: c, report } = await acceptedCase(provAdmin, provAnon, { product_id: product.id });
    const before = await deliveries(provAdmin);
    refusedForeign(await provAdmin.post(`/api/v1/reports/${report.id}/forwardings`, { peer_id: peer.id }));
    refusedForeign(await provAdmin.post(`/api/v1/cases/${c}/upstream-deliveries`, {
      peer_id: peer.id, component: 'pkg:npm/left-pad', affected: 'vers:npm/<1.3.0', evidence: 'prototype pollution' }));
    assert.equal(await deliveries(provAdmin), before, 'nothing queued');
    // A foreign provider of the component is the exception Art. 9(7) makes.
    const vendor = await createOrg(provAdmin, { name: uniq('Foreign Vendor '), type: 'provider', region: 'US' });
    const vendorPeer = await addPeer(provAdmin, { name: uniq('foreign-vendor'), url: 'http://127.0.0.1:9', orgId: vendor.id, token: 'v'.repeat(40) });
    const ok = await provAdmin.post(`/api/v1/cases/${c}/upstream-deliveries`, {
      peer_id: vendorPeer.id, component: 'pkg:npm/left-pad', affected: 'vers:npm/<1.3.0', evidence: 'prototype pollution' });
    assert.equal(ok.status, 202, ok.text);
    // The authority forwards only to domestic partners.
    const abroad = await createOrg(nvdbAdmin, { name: uniq('Foreign Authority '), type: 'authority', region: 'DE' });
    const abroadPeer = await addPeer(nvdbAdmin, { name: uniq('abroad'), url: 'https://abroad.example.de', orgId: abroad.id, token: 'a'.repeat(40) });
    const item = (await nvdbAdmin.get('/api/v1/authority/inbox')).json.items[0];
    assert.ok(item, 'an inbox item from the filings above');
    const nvdbBefore = await deliveries(nvdbAdmin);
    refusedForeign(await nvdbAdmin.post(`/api/v1/authority/inbox/${item.id}/forwardings`, { peer_ids: [abroadPeer.id] }));
    assert.equal(await deliveries(nvdbAdmin), nvdbBefore);
  });

  it('an unreachable peer: retried, then failed, visible, and nothing lost', async () => {
    const port = await freePort();
    const org = (await provAdmin.get('/api/v1/peers')).json.items.find((p) => p.name === 'nvdb').org_id;
    const dead = await addPeer(provAdmin, { name: uniq('down'), url: `http://127.0.0.1:${port}`, orgId: org, token: 't'.repeat(40) });
    const { caseId: c } = await acceptedCase(provAdmin, provAnon, { product_id: product.id });
    const rr = await draftReport(provAdmin, c);
    let r = await provAdmin.post(`/api/v1/regulatory-reports/${rr.id}/filings`, { peer_id: dead.id });
    assert.equal(r.status, 202, r.text);
    const f = await waitFor('the filing to fail', async () => {
      const x = await provAdmin.get(`/api/v1/regulatory-reports/${rr.id}/filings`);
      return x.json.items[0].state === 'failed' ? x.json.items[0] : null;
    });
    assert.match(f.note, /connect/i);
    const d = (await provAdmin.get(`/api/v1/deliveries/${f.delivery_id}`)).json;
    assert.equal(d.state, 'dead');
    assert.equal(d.attempts.length, 3);
    r = await provAdmin.get(`/api/v1/regulatory-reports/${rr.id}`);
    assert.equal(r.json.state, 'draft', 'still to be filed');
    r = await provAdmin.get(`/api/v1/cases/${c}/clocks`);
    assert.notEqual(r.json.items.find((k) => k.kind === 'regulatory_report').state, 'met');
    // Filed again through the real authority, it goes through.
    r = await provAdmin.post(`/api/v1/regulatory-reports/${rr.id}/filings`, { peer_id: peerNvdbOnProvider.id });
    assert.equal(r.status, 202, r.text);
    await waitFor('the second filing', async () => {
      const x = await provAdmin.get(`/api/v1/regulatory-reports/${rr.id}`);
      return x.json.state === 'submitted';
    });
  });

  it('a peer that answers garbage is not taken for a receipt', async () => {
    const liar = await HookReceiver.start(() => ({ status: 200, body: '<html>welcome</html>' }));
    try {
      const org = (await provAdmin.get('/api/v1/peers')).json.items.find((p) => p.name === 'nvdb').org_id;
      const peer = await addPeer(provAdmin, { name: uniq('liar'), url: liar.url.replace('/hook', ''), orgId: org, token: 'y'.repeat(40) });
      const { caseId: c } = await acceptedCase(provAdmin, provAnon, { product_id: product.id });
      const rr = await draftReport(provAdmin, c);
      const r = await provAdmin.post(`/api/v1/regulatory-reports/${rr.id}/filings`, { peer_id: peer.id });
      const f = await waitFor('the filing to fail', async () => {
        const x = await provAdmin.get(`/api/v1/regulatory-reports/${rr.id}/filings`);
        return x.json.items[0].state === 'failed' ? x.json.items[0] : null;
      });
      assert.match(f.note, /not a receipt/);
      assert.equal(liar.requests.length, 3, 'retried as configured');
      assert.equal(liar.requests[0].headers.authorization, 'Bearer ' + 'y'.repeat(40));
      assert.ok(liar.requests[0].headers['idempotency-key']);
      const x = await provAdmin.get(`/api/v1/regulatory-reports/${rr.id}`);
      assert.equal(x.json.state, 'draft');
      assert.equal(r.status, 202);
    } finally {
      await liar.stop();
    }
  });

  it('a pinned TLS certificate: the right key goes through, a wrong one never', async () => {
    const proxy = await tlsProxy(nvdb.url);
    try {
      const org = (await provAdmin.get('/api/v1/peers')).json.items.find((p) => p.name === 'nvdb').org_id;
      const token = (await issueToken(nvdb, nvdbAdmin, { name: uniq('TLS Acme '), type: 'provider' })).token;
      let r = await provAdmin.post('/api/v1/peers', { name: uniq('tls-ok'), base_url: proxy.url, org_id: org, token,
        pinned_cert_sha256: proxy.pin });
      assert.equal(r.status, 201, r.text);
      const good = r.json.id;
      r = await provAdmin.post('/api/v1/peers', { name: uniq('tls-bad'), base_url: proxy.url, org_id: org, token,
        pinned_cert_sha256: 'sha256//' + Buffer.alloc(32, 7).toString('base64') });
      const bad = r.json.id;
      r = await provAdmin.post('/api/v1/peers', { name: uniq('tls-bad'), base_url: proxy.url, org_id: org, token,
        pinned_cert_sha256: 'AAAA' });
      assert.equal(r.status, 422, 'a pin must be sha256//BASE64');

      const one = await acceptedCase(provAdmin, provAnon, { product_id: product.id });
      const rrBad = await draftReport(provAdmin, one.caseId);
      r = await provAdmin.post(`/api/v1/regulatory-reports/${rrBad.id}/filings`, { peer_id: bad });
      assert.equal(r.status, 202, r.text);
      const f = await waitFor('the wrong pin to fail', async () => {
        const x = await provAdmin.get(`/api/v1/regulatory-reports/${rrBad.id}/filings`);
        return x.json.items[0].state === 'failed' ? x.json.items[0] : null;
      });
      assert.match(f.note, /pinned/i);
      const d = (await provAdmin.get(`/api/v1/deliveries/${f.delivery_id}`)).json;
      assert.equal(d.attempts.length, 1, 'a wrong pin is final: no retries');

      r = await provAdmin.post(`/api/v1/regulatory-reports/${rrBad.id}/filings`, { peer_id: good });
      assert.equal(r.status, 202, r.text);
      const ok = await waitFor('the pinned filing', async () => {
        const x = await provAdmin.get(`/api/v1/regulatory-reports/${rrBad.id}/filings`);
        return x.json.items.find((i) => i.state === 'received');
      });
      assert.match(ok.peer_receipt_hash, /^[0-9a-f]{64}$/);
    } finally {
      await proxy.stop();
    }
  });

  it('threat records: a partner pushes and pulls, every call audited', async () => {
    const { token } = await issueToken(nvdb, nvdbAdmin, { name: uniq('Partner '), type: 'platform' });
    const p = nvdb.client({ bearer: token });
    let r = await p.post('/api/v1/threat-records', { id: 'TI-1', kind: 'threat', title: '针对路由器的扫描', severity: 'high' });
    assert.equal(r.status, 201, r.text);
    r = await p.post('/api/v1/threat-records', { id: 'TI-1', kind: 'threat', title: '针对路由器的扫描（更新）' });
    assert.equal(r.status, 201);
    r = await p.post('/api/v1/threat-records', { kind: 'nope' });
    assert.equal(r.status, 422);
    r = await p.get('/api/v1/threat-records?after=0');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.items.filter((i) => i.record.id === 'TI-1');
    assert.equal(mine.length, 1, 'pushing the same id replaces the record');
    assert.match(mine[0].record.title, /更新/);
    assert.equal((await nvdb.client().get('/api/v1/threat-records')).status, 401);
    r = await nvdbAdmin.get('/api/v1/access-log?limit=50');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.text.includes('threat_record'), 'pushes and pulls are in the access log');
  });

  it('people outside the authority see no inbox', async () => {
    const u = await nvdbAdmin.post('/api/v1/users', { username: uniq('acme-user'), password: USER_PASSWORD,
      memberships: [{ org_id: (await nvdbAdmin.get('/api/v1/orgs')).json.items.find((o) => o.name === 'Acme Networks').id, role: 'admin' }] });
    const c = nvdb.client();
    await c.signIn(u.json.username, USER_PASSWORD);
    assert.equal((await c.get('/api/v1/authority/inbox')).status, 404);
    assert.equal((await c.get('/api/v1/authority/timeliness')).status, 404);
  });
});
