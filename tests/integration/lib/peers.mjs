// Real servers on loopback for the exchange tests: an SMTP sink (Debian's
// python3-aiosmtpd, writing a Maildir) and an HTTP receiver for webhooks
// whose answers a test can script (status, delay, garbage).
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as netServer, connect } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// A port nothing listens on, for a server a test starts later (or never).
// Picked below the kernel's ephemeral range (32768 and up): a port that
// bind(0) handed out and gave back could be handed to the next server
// started on port 0, and the test would talk to the wrong server.
export async function freePort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const ok = await new Promise((resolve) => {
      const s = netServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

export async function waitFor(what, fn, { timeout = 20_000, every = 100 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// RFC 2047 encoded words (B and Q) back to text.
function decodeWords(s) {
  return s.replace(/\r?\n[ \t]+/g, ' ').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, cs, enc, data) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
    return Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }).trim();
}

export function parseMail(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let text = body;
  if ((headers['content-transfer-encoding'] || '').toLowerCase() === 'base64')
    text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { headers, subject: decodeWords(headers.subject || ''), to: headers.to, text, raw };
}

export class SmtpSink {
  static async start({ port } = {}) {
    const s = new SmtpSink();
    s.dir = mkdtempSync(path.join(tmpdir(), 'loudong-smtp-'));
    s.port = port || await freePort();
    s.proc = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${s.port}`,
      '-c', 'aiosmtpd.handlers.Mailbox', path.join(s.dir, 'Maildir')], { stdio: ['ignore', 'pipe', 'pipe'] });
    s.log = '';
    s.proc.stderr.on('data', (d) => { s.log += d; });
    s.exited = new Promise((r) => s.proc.on('exit', r));
    // Connecting is the only reliable sign that it listens.
    await waitFor('the SMTP sink to listen', () => new Promise((resolve) => {
      const sock = connect(s.port, '127.0.0.1');
      sock.on('connect', () => { sock.destroy(); resolve(true); });
      sock.on('error', () => resolve(false));
    }));
    return s;
  }
  get url() { return `smtp://127.0.0.1:${this.port}`; }
  messages() {
    const out = [];
    for (const sub of ['new', 'cur']) {
      const d = path.join(this.dir, 'Maildir', sub);
      if (!existsSync(d)) continue;
      for (const f of readdirSync(d).sort()) out.push(parseMail(readFileSync(path.join(d, f), 'utf8')));
    }
    return out;
  }
  async stop() {
    if (this.proc.exitCode === null) this.proc.kill('SIGTERM');
    await this.exited;
  }
  cleanup() { rmSync(this.dir, { recursive: true, force: true }); }
}

// A webhook receiver. `respond(req, body)` may return {status, body, delay}.
// With tls ({cert, key} PEM file paths) it listens for HTTPS.
export class HookReceiver {
  static async start(respond = () => ({ status: 200 }), { tls } = {}) {
    const h = new HookReceiver();
    h.requests = [];
    h.respond = respond;
    const make = tls ? (fn) => createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, fn) : createServer;
    h.server = make((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        h.requests.push({ headers: req.headers, body, at: Date.now(), url: req.url });
        const r = (await h.respond(req, body)) || { status: 200 };
        if (r.delay) await new Promise((ok) => setTimeout(ok, r.delay));
        if (res.destroyed) return;
        res.writeHead(r.status ?? 200, { 'Content-Type': 'application/json' });
        res.end(r.body ?? '{"ok":true}');
      });
    });
    h.server.keepAliveTimeout = 5000;
    await new Promise((ok) => h.server.listen(0, '127.0.0.1', ok));
    h.url = `${tls ? 'https' : 'http'}://127.0.0.1:${h.server.address().port}/hook`;
    return h;
  }
  async stop() {
    this.server.closeAllConnections?.();
    await new Promise((ok) => this.server.close(ok));
  }
}

// The receiver's side of a signature check, written from the documented
// scheme: HMAC-SHA256(secret, "<t>.<body>") in X-Loudong-Signature.
export function verifySignature(headers, body, secret, { windowSeconds = 300, now = Date.now() / 1000 } = {}) {
  const h = headers['x-loudong-signature'] || '';
  const parts = Object.fromEntries(h.split(',').map((kv) => kv.split('=')));
  if (!parts.t || !parts.v1) return 'missing parts';
  if (Math.abs(now - Number(parts.t)) > windowSeconds) return 'outside the replay window';
  const want = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  const a = Buffer.from(want), b = Buffer.from(parts.v1);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'mismatch';
  return null;
}

// A TLS-terminating proxy in front of a loudong (as production runs one),
// with a fresh self-signed certificate; `pin` is its curl-style
// "sha256//BASE64" public-key pin.
export async function tlsProxy(targetUrl) {
  const { execFileSync } = await import('node:child_process');
  const { createServer: httpsServer } = await import('node:https');
  const { X509Certificate, createHash } = await import('node:crypto');
  const dir = mkdtempSync(path.join(tmpdir(), 'loudong-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const cert = readFileSync(path.join(dir, 'cert.pem'));
  const key = readFileSync(path.join(dir, 'key.pem'));
  rmSync(dir, { recursive: true, force: true });
  const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  const pin = 'sha256//' + createHash('sha256').update(spki).digest('base64');
  const server = httpsServer({ key, cert }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const headers = { ...req.headers };
      delete headers.host;
      delete headers['content-length'];
      const r = await fetch(targetUrl + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') || 'application/json' });
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `https://127.0.0.1:${server.address().port}`, pin,
    stop: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }) };
}

// A private certificate authority made with the openssl command in a fresh
// directory: a root (ca.pem, what clients are told to trust), an
// intermediate, and issue(name) for a 127.0.0.1 server certificate signed by
// the intermediate, returning {cert, key, ca} paths (cert holds the chain:
// the server's certificate, then the intermediate).
export function privateCa() {
  const dir = mkdtempSync(path.join(tmpdir(), 'loudong-pki-'));
  const f = (n) => path.join(dir, n);
  const ssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  writeFileSync(f('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  writeFileSync(f('server.ext'), 'basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  ssl('req', '-x509', ...newKey, '-subj', '/CN=loudong test root', '-days', '2', '-keyout', f('ca.key'), '-out', f('ca.pem'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  let serial = 1;
  const sign = (csr, out, ext, ca, caKey) => ssl('x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey,
    '-set_serial', String(serial++), '-days', '2', '-extfile', ext, '-out', out);
  ssl('req', ...newKey, '-subj', '/CN=loudong test intermediate', '-keyout', f('int.key'), '-out', f('int.csr'));
  sign(f('int.csr'), f('int.pem'), f('ca.ext'), f('ca.pem'), f('ca.key'));
  return {
    dir,
    ca: f('ca.pem'),
    issue(name) {
      ssl('req', ...newKey, '-subj', `/CN=${name}`, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`));
      sign(f(`${name}.csr`), f(`${name}.leaf.pem`), f('server.ext'), f('int.pem'), f('int.key'));
      writeFileSync(f(`${name}.pem`), readFileSync(f(`${name}.leaf.pem`), 'utf8') + readFileSync(f('int.pem'), 'utf8'));
      return { cert: f(`${name}.pem`), key: f(`${name}.key`), ca: f('ca.pem') };
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}
