// Durability: SIGTERM during a burst (graceful drain) and backups that a
// second server opens. kill -9 during a burst is in storage_faults.test.mjs.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Server, cli, freshDataDir, removeDataDir, restoreBackup } from './lib/server.mjs';
import { reportBody, submitReport, uniq } from './lib/fixtures.mjs';
import { burst, assertDurable } from './lib/burst.mjs';

describe('durability', { concurrency: false }, () => {
  const servers = [];
  after(() => { for (const s of servers) s.cleanup(); });

  it('SIGTERM during a burst drains: in-flight requests finish, every 201 is durable', async () => {
    const server = await Server.start();
    servers.push(server);
    let termed = false;
    const b = burst(server, {
      workers: 4,
      onOutcome: (o, all) => {
        if (!termed && all.filter((x) => x.status === 201).length >= 10) {
          termed = true;
          server.proc.kill('SIGTERM');
        }
      },
    });
    const exit = await server.exited;
    b.stop();
    await b.done;
    assert.equal(exit.code, 0, `clean exit after SIGTERM: ${JSON.stringify(exit)}\n${server.stderr}`);
    const created = b.outcomes.filter((o) => o.status === 201);
    // Refused while draining: 503 with an error body, or the connection closed.
    for (const o of b.outcomes) {
      if (o.status === 201 || o.error) continue;
      assert.equal(o.status, 503, `unexpected answer while draining: ${o.status} ${JSON.stringify(o.json)}`);
      assert.equal(o.json.error.code, 'unavailable');
    }
    await server.start();
    await assertDurable(server, created);
    await server.stop();
  });

  it('SIGTERM while a request body is still uploading: that request completes', async () => {
    const server = await Server.start();
    servers.push(server);
    const { port } = new URL(server.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method, p, headers, write) => new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: p, agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', reject);
      write(req);
    });
    // A first request proves the connection is accepted and kept alive.
    const h = await send('GET', '/api/v1/health', {}, (req) => req.end());
    assert.equal(h.status, 200);
    const title = uniq('slow upload ');
    const payload = Buffer.from(JSON.stringify(reportBody({ title })));
    const half = payload.length >> 1;
    const pending = send('POST', '/api/v1/reports',
      { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) },
      (req) => {
        req.write(payload.subarray(0, half), async () => {
          // Nothing observable tells us the server has parsed the header, so
          // give it a moment; the header is already in its socket buffer.
          await new Promise((r) => setTimeout(r, 300));
          server.proc.kill('SIGTERM');
          await new Promise((r) => setTimeout(r, 200));
          req.end(payload.subarray(half));
        });
      });
    const res = await pending;
    agent.destroy();
    assert.equal(res.status, 201, res.body);
    const created = JSON.parse(res.body);
    const exit = await server.exited;
    assert.equal(exit.code, 0);
    await server.start();
    await assertDurable(server, [{ title, json: created }]);
    await server.stop();
  });

  it('loudong backup writes a file a second server opens, with the reports in it', async () => {
    const server = await Server.start();
    servers.push(server);
    const anon = server.client();
    const subs = [];
    for (let i = 0; i < 3; i++) subs.push({ ...(await submitReport(anon, { title: `backup ${i}`, verification: `secret poc ${i}` })) });
    const restoreDir = freshDataDir('loudong-restore-');
    const backupFile = path.join(freshDataDir('loudong-backup-'), 'backup');
    // Taken while the server is serving.
    const b = cli(['backup', backupFile, '--data', server.dataDir]);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(existsSync(backupFile));
    // Written after the backup: must not be in it.
    const later = await submitReport(anon, { title: 'after the backup' });
    await server.stop();

    restoreBackup(backupFile, restoreDir);
    copyFileSync(path.join(server.dataDir, 'seal.key'), path.join(restoreDir, 'seal.key'));
    const second = await Server.start({ dataDir: restoreDir });
    servers.push(second);
    try {
      const admin = await second.admin();
      const r = await admin.get('/api/v1/reports?limit=200');
      assert.equal(r.status, 200);
      const tracking = r.json.items.map((x) => x.tracking_id);
      for (const s of subs) assert.ok(tracking.includes(s.tracking_id), `${s.tracking_id} in the backup`);
      assert.ok(!tracking.includes(later.tracking_id), 'a report after the backup is not in it');
      // Sealed fields open with the copied key.
      const c = await admin.get(`/api/v1/reports/${subs[1].id}/confidential`);
      assert.equal(c.status, 200, c.text);
      assert.equal(c.json.verification, 'secret poc 1');
      const v = await admin.post('/api/v1/receipts/verify');
      assert.equal(v.json.ok, true);
      assert.equal(v.json.checked, 3);
    } finally {
      await second.stop();
    }
    removeDataDir(restoreDir);
    rmSync(path.dirname(backupFile), { recursive: true, force: true });
  });

  it('backup refuses to overwrite or a bad path with a clear error', () => {
    const dir = freshDataDir();
    const r = cli(['backup', path.join(dir, 'no', 'such', 'dir', 'x.db'), '--data', dir]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /error/);
    rmSync(dir, { recursive: true, force: true });
  });
});
