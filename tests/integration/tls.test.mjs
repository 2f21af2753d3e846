// TLS in the server (issue 11 item 4): the real binary with a certificate
// chain from a private CA made by the openssl command. HTTPS with HSTS and
// the security headers, Secure session cookies, no answer to plain HTTP on
// the TLS port, silent clients dropped after the header timeout, SIGHUP
// re-reading the files, a graceful close on SIGTERM, refusals at start that
// name the file, a webhook delivered over HTTPS to a receiver whose
// certificate only tls.peer_ca_file makes trusted, and two deployments of
// one private CA federating over HTTPS.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ADMIN_PASSWORD, BIN, Server, baseEnv, freshDataDir } from './lib/server.mjs';
import { HookReceiver, privateCa, waitFor } from './lib/peers.mjs';
import { acceptedCase, addPeer, createOrg, createProduct, draftReport, issueToken } from './lib/fixtures.mjs';

const notifyEnv = {
  LOUDONG_NOTIFY_ENABLED: 'true',
  LOUDONG_NOTIFY_MAX_ATTEMPTS: '1',
  // Generous: a TLS handshake between two sanitizer builds on a loaded
  // 2-core machine took over 3 s (a refused certificate fails at once anyway).
  LOUDONG_NOTIFY_HTTP_TIMEOUT_MS: '20000',
};

const portOf = (url) => Number(new URL(url).port);

// Connects over TCP, sends `data` (if any), and resolves when the server
// closes: {data, ms}. Fails if it is still open after `limitMs`.
function rawExchange(port, data, limitMs) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const chunks = [];
    const sock = tcpConnect(port, '127.0.0.1', () => { if (data) sock.write(data); });
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`still open after ${limitMs} ms`)); }, limitMs);
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', () => {});  // a reset is a close too
    sock.on('close', () => { clearTimeout(timer); resolve({ data: Buffer.concat(chunks), ms: Date.now() - t0 }); });
  });
}

// Resolves when `sock` closes: {ended: whether the peer closed it (for TLS,
// close_notify), error: the socket's error message or null}. Rejects if it
// is still open after `limitMs`, so a missed close fails instead of hanging.
function closeOf(sock, limitMs) {
  return new Promise((resolve, reject) => {
    let ended = false;
    let error = null;
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`still open after ${limitMs} ms`)); }, limitMs);
    sock.on('end', () => { ended = true; });
    sock.on('error', (e) => { error = e.message; });
    sock.on('close', () => { clearTimeout(timer); resolve({ ended, error }); });
  });
}

// The serial number of the certificate a new TLS connection is served.
function servedSerial(port, ca) {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, ca }, () => {
      const serial = s.getPeerCertificate().serialNumber;
      s.end();
      resolve(serial);
    });
    s.on('error', reject);
  });
}

// Stops each server that started, expecting a clean exit, and removes its data.
async function stopAll(...servers) {
  for (const s of servers) {
    if (!s) continue;
    const { code } = await s.stop();
    assert.equal(code, 0, s.stderr);
    s.cleanup();
  }
}

const serialOf = (file) => new X509Certificate(readFileSync(file)).serialNumber;

async function pingWebhook(server) {
  const admin = await server.admin();
  const org = await createOrg(admin);
  return async (url) => {
    let r = await admin.post(`/api/v1/orgs/${org.id}/webhooks`, { url, events: ['ping'] });
    assert.equal(r.status, 201, r.text);
    r = await admin.post(`/api/v1/webhooks/${r.json.id}/test`);
    assert.equal(r.status, 202, r.text);
    const id = r.json.delivery_id;
    return waitFor(`delivery ${id} to finish`, async () => {
      const d = await admin.get(`/api/v1/deliveries/${id}`);
      assert.equal(d.status, 200, d.text);
      return ['sent', 'dead'].includes(d.json.state) ? d.json : null;
    }, { timeout: 60_000 });
  };
}

describe('TLS on the listener', () => {
  let pki, files, server, plain, hook;

  before(async () => {
    pki = privateCa();
    files = pki.issue('server');
    hook = await HookReceiver.start(undefined, { tls: pki.issue('hook') });
    server = await Server.start({ tls: files, env: { ...notifyEnv, LOUDONG_TLS_PEER_CA_FILE: pki.ca } });
    plain = await Server.start({ env: notifyEnv });
  });
  after(async () => {
    await stopAll(server, plain);
    await hook?.stop();
    pki?.cleanup();
  });

  it('answers HTTPS with a chain that a client trusting only the root accepts, with HSTS and the security headers', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await server.client().get('/api/v1/health');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('strict-transport-security'), 'max-age=31536000');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.ok(r.headers.get('permissions-policy'));
    // The system store does not know the private CA: the certificate is checked.
    await assert.rejects(fetch(server.url + '/api/v1/health'));
    // Over plain HTTP no HSTS: browsers ignore it there and it would promise TLS.
    const p = await plain.client().get('/api/v1/health');
    assert.equal(p.status, 200);
    assert.equal(p.headers.get('strict-transport-security'), null);
    assert.equal(p.headers.get('x-content-type-options'), 'nosniff');
  });

  it('the session cookie is Secure over TLS (and not over plain HTTP)', async () => {
    const c = server.client();
    const r = await c.signIn('admin', ADMIN_PASSWORD);
    assert.match(r.headers.get('set-cookie'), /ld_session=[^;]+;.*; Secure/);
    assert.equal((await c.get('/api/v1/session')).status, 200);
    const p = await plain.client().signIn('admin', ADMIN_PASSWORD);
    assert.doesNotMatch(p.headers.get('set-cookie'), /Secure/);
  });

  it('a plain-HTTP request to the TLS port gets no HTTP answer, and the server goes on serving', async () => {
    const { data, ms } = await rawExchange(portOf(server.url), 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 5000);
    assert.ok(!data.toString('latin1').includes('HTTP/1.'), `no HTTP answer: ${data.toString('latin1')}`);
    assert.ok(ms < 5000);
    assert.equal((await server.client().get('/api/v1/health')).status, 200);
  });

  it('a client that connects and sends nothing is dropped after the header timeout (10 s)', async () => {
    const { data, ms } = await rawExchange(portOf(server.url), null, 20_000);
    assert.equal(data.length, 0);
    assert.ok(ms >= 9000 && ms < 15_000, `closed after ${ms} ms`);
  });

  it('SIGHUP re-reads the files for new connections; a bad pair is logged and the loaded one kept', async () => {
    const port = portOf(server.url);
    assert.equal(await servedSerial(port, server.ca), serialOf(files.cert));
    const next = pki.issue('server-renewed');
    copyFileSync(next.cert, files.cert);
    copyFileSync(next.key, files.key);
    server.proc.kill('SIGHUP');
    await waitFor('the renewed certificate', async () => (await servedSerial(port, server.ca)) === serialOf(next.cert));
    // A key of another certificate: refused, named, and nothing changes.
    copyFileSync(pki.issue('stray').key, files.key);
    server.proc.kill('SIGHUP');
    await waitFor('the refusal in the log', () => server.stderr.includes(`tls.key_file ${files.key}: the key does not belong`));
    assert.doesNotMatch(server.stderr, /PRIVATE KEY/);
    assert.equal(await servedSerial(port, server.ca), serialOf(next.cert));
    assert.equal((await server.client().get('/api/v1/health')).status, 200);
    copyFileSync(next.key, files.key);
  });

  it('a webhook reaches an HTTPS receiver of the private CA through tls.peer_ca_file; without it the certificate fails', async () => {
    const viaTls = await (await pingWebhook(server))(hook.url);
    assert.equal(viaTls.state, 'sent', JSON.stringify(viaTls));
    assert.ok(hook.requests.some((q) => q.headers['x-loudong-event'] === 'ping' || q.body.includes('ping')));
    const viaPlain = await (await pingWebhook(plain))(hook.url);
    assert.equal(viaPlain.state, 'dead');
    assert.match(viaPlain.attempts[0].error, /certificate|SSL/i);
  });

  it('SIGTERM closes an idle TLS connection and one still in its handshake cleanly, and the server exits 0', async () => {
    const port = portOf(server.url);
    const idle = await new Promise((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port, ca: server.ca }, () => resolve(s));
      s.on('error', reject);
    });
    const idleClosed = closeOf(idle, 15_000);
    // Connected but not yet shaking hands when the signal comes. The request
    // after it is answered only once the accept loop has taken this one too.
    const raw = await new Promise((resolve, reject) => {
      const s = tcpConnect(port, '127.0.0.1', () => resolve(s));
      s.on('error', reject);
    });
    assert.equal((await server.client().get('/api/v1/health')).status, 200);
    const t0 = Date.now();
    const stopped = server.stop();
    const late = tlsConnect({ socket: raw, host: '127.0.0.1', ca: server.ca });
    let secured = false;
    late.on('secureConnect', () => { secured = true; });
    const lateClosed = closeOf(late, 15_000);
    const { code } = await stopped;
    assert.equal(code, 0, server.stderr);
    const a = await idleClosed;
    assert.deepEqual(a, { ended: true, error: null }, 'the idle connection got close_notify, not a reset');
    const b = await lateClosed;
    assert.ok(secured, `the handshake under way finished: ${b.error}`);
    assert.deepEqual(b, { ended: true, error: null }, 'the connection in its handshake got close_notify, not a reset');
    assert.ok(Date.now() - t0 < 10_000);
  });
});

describe('TLS files that cannot serve stop the start, named', () => {
  let pki, good;
  before(() => { pki = privateCa(); good = pki.issue('server'); });
  after(() => pki.cleanup());

  // Exits by itself, non-zero, never listening, the data directory untouched.
  function refused(env) {
    const dir = freshDataDir('loudong-tls-');
    const r = spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--data', dir],
      { env: baseEnv(env), encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.signal, null, 'exited by itself');
    assert.notEqual(r.status, 0);
    assert.doesNotMatch(r.stdout, /listening/);
    assert.deepEqual(readdirSync(dir), [], 'nothing opened or created');
    rmSync(dir, { recursive: true, force: true });
    return r.stderr;
  }

  it('a key that is not the certificate\'s', () => {
    const stray = pki.issue('stray');
    const err = refused({ LOUDONG_TLS_CERT_FILE: good.cert, LOUDONG_TLS_KEY_FILE: stray.key });
    assert.ok(err.includes(`tls.key_file ${stray.key}: the key does not belong to the certificate in tls.cert_file ${good.cert}`), err);
    assert.doesNotMatch(err, /PRIVATE KEY|BEGIN/);
  });

  it('a missing certificate file, and a certificate where the key should be', () => {
    let err = refused({ LOUDONG_TLS_CERT_FILE: `${pki.dir}/nope.pem`, LOUDONG_TLS_KEY_FILE: good.key });
    assert.ok(err.includes(`tls.cert_file ${pki.dir}/nope.pem: No such file or directory`), err);
    err = refused({ LOUDONG_TLS_CERT_FILE: good.cert, LOUDONG_TLS_KEY_FILE: good.cert });
    assert.ok(err.includes(`tls.key_file ${good.cert}: not a PEM private key`), err);
  });

  it('half a pair, an unreadable peer CA file, an HSTS max-age out of range', () => {
    let err = refused({ LOUDONG_TLS_CERT_FILE: good.cert });
    assert.match(err, /tls\.key_file is needed too/);
    err = refused({ LOUDONG_TLS_PEER_CA_FILE: `${pki.dir}/none.pem` });
    assert.ok(err.includes(`tls.peer_ca_file ${pki.dir}/none.pem: No such file or directory`), err);
    err = refused({ LOUDONG_TLS_CERT_FILE: good.cert, LOUDONG_TLS_KEY_FILE: good.key, LOUDONG_TLS_HSTS_MAX_AGE: '-1' });
    assert.match(err, /tls\.hsts_max_age must be an integer from 0 to 63072000/);
  });
});

describe('federation over HTTPS between two deployments of one private CA', () => {
  let pki, nvdb, provider;
  const env = { ...notifyEnv, LOUDONG_NOTIFY_BASE_DELAY_SECONDS: '1', LOUDONG_NOTIFY_MAX_DELAY_SECONDS: '1',
    LOUDONG_NOTIFY_MAX_ATTEMPTS: '3', LOUDONG_TLS_PEER_CA_FILE: '' };
  before(async () => {
    pki = privateCa();
    env.LOUDONG_TLS_PEER_CA_FILE = pki.ca;
    nvdb = await Server.start({ tls: pki.issue('nvdb'), env: { ...env, LOUDONG_TLS_HSTS_MAX_AGE: '600',
      LOUDONG_PLATFORM_HOST_ORG_TYPE: 'authority', LOUDONG_PLATFORM_HOST_ORG_NAME: 'MIIT NVDB' } });
    provider = await Server.start({ tls: pki.issue('acme'),
      env: { ...env, LOUDONG_PLATFORM_HOST_ORG_TYPE: 'provider', LOUDONG_PLATFORM_HOST_ORG_NAME: 'Acme Networks' } });
  });
  after(async () => {
    await stopAll(nvdb, provider);
    pki?.cleanup();
  });

  it('the provider files its regulatory report with the authority; the authority\'s receipt comes back', async () => {
    const nvdbAdmin = await nvdb.admin();
    const provAdmin = await provider.admin();
    const acmeOnNvdb = await issueToken(nvdb, nvdbAdmin, { name: 'Acme Networks', type: 'provider' });
    const nvdbOnProvider = await createOrg(provAdmin, { name: 'MIIT NVDB', type: 'authority' });
    assert.equal((await nvdb.client().get('/api/v1/health')).headers.get('strict-transport-security'), 'max-age=600',
      'tls.hsts_max_age');
    const peer = await addPeer(provAdmin, { name: 'nvdb', url: nvdb.url, orgId: nvdbOnProvider.id, token: acmeOnNvdb.token });
    const product = await createProduct(provAdmin, 1, { name: 'Acme Router', model: 'AR-1' });
    const { caseId } = await acceptedCase(provAdmin, provider.client(), { product_id: product.id });
    const rr = await draftReport(provAdmin, caseId);
    const r = await provAdmin.post(`/api/v1/regulatory-reports/${rr.id}/filings`, { peer_id: peer.id });
    assert.equal(r.status, 202, r.text);
    const filing = await waitFor('the authority\'s receipt', async () => {
      const f = (await provAdmin.get(`/api/v1/regulatory-reports/${rr.id}/filings`)).json.items[0];
      return f.state === 'received' ? f : null;
    }, { timeout: 90_000 });
    const receipts = (await nvdbAdmin.get('/api/v1/receipts?channel=federation')).json.items;
    assert.ok(receipts.some((x) => x.hash === filing.peer_receipt_hash), 'the same receipt on the authority\'s side');
  });
});
