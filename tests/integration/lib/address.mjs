// Requests from a chosen loopback address. All of 127.0.0.0/8 is this
// machine, so a client bound to 127.0.0.2 is "another address" to the
// server listening on 127.0.0.1: how the per-address limits are tested.
import http from 'node:http';

// Resolves to {status, headers, text, json}; rejects on a socket error.
export function requestFrom(localAddress, url, { method = 'GET', path = '/', body, headers = {} } = {}) {
  const u = new URL(url);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const h = { ...headers };
  if (payload !== undefined) {
    h['Content-Type'] ??= 'application/json';
    h['Content-Length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers: h, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer from ${url}${path} in 20 s`)));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

// Signs in from that address; returns {cookie, csrf} or throws.
export async function signInFrom(localAddress, url, username, password) {
  const r = await requestFrom(localAddress, url, { method: 'POST', path: '/api/v1/session', body: { username, password } });
  if (r.status !== 200) throw new Error(`sign-in of ${username} from ${localAddress}: ${r.status} ${r.text}`);
  const m = /ld_session=([^;]+)/.exec([].concat(r.headers['set-cookie'] || []).join('\n'));
  return { cookie: m[1], csrf: r.json.csrf_token };
}
