// Storage faults under a write burst (docs/reliability.md): the server
// killed with SIGKILL, PostgreSQL crashed and restarted under a running
// server, another process holding SQLite's write lock, a full disk. After
// each: every acknowledged write is there, nothing is half-written, the
// receipt log verifies, and the server serves again without a hand on it.
// Each test logs its counts (t.diagnostic) for the table in that page.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OwnPostgres, Server, cli, freshDataDir, onPostgres, poll, sqlRows } from './lib/server.mjs';
import { reportBody, submitReport, uniq } from './lib/fixtures.mjs';
import { acknowledged, assertDurable, burst, halfWritten } from './lib/burst.mjs';

// An answer a fault may give: an error body and a 5xx that says "retry".
function assertRefusal(o) {
  assert.ok(o.status === 503, `a refused write answers 503, not ${o.status}: ${JSON.stringify(o.json)}`);
  assert.ok(o.json?.error?.code && o.json.error.message, `an error body: ${JSON.stringify(o.json)}`);
}

// The server's last errors and warnings, for a failure's output.
function showLog(server) {
  console.log(server.stderr.split('\n').filter((l) => /\[(error|warning)\]/.test(l)).slice(-10).join('\n'));
}

// `loudong receipts verify` from the command line, on the stopped server's data.
function verifyReceipts(server, env = {}) {
  const v = cli(['receipts', 'verify', '--data', server.dataDir], { env });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  return v.json.checked;
}

describe('storage faults', { concurrency: false }, () => {
  const servers = [];
  after(async () => {
    for (const s of servers) {
      await s.stop();
      s.cleanup();
    }
  });

  it('kill -9 at three moments of a write burst: nothing acknowledged lost or half-written', async (t) => {
    const server = await Server.start();
    servers.push(server);
    const created = [];
    const accepted = [];
    // Early, middle, late in a burst of 4 intake loops and 2 that accept
    // reports (opening cases and their clocks).
    for (const killAt of [4, 18, 40]) {
      let killed = false;
      const b = burst(server, {
        workers: 4,
        limit: 400,
        cases: await server.admin(),
        caseWorkers: 2,
        onOutcome: (o, all) => {
          if (!killed && acknowledged(all).length >= killAt) {
            killed = true;
            server.proc.kill('SIGKILL');
          }
        },
      });
      await b.done;
      assert.ok(killed, 'the burst reached the kill');
      assert.equal((await server.exited).signal, 'SIGKILL');
      for (const o of b.outcomes) assert.ok(o.status === 201 || o.error, `unexpected answer ${o.status} ${JSON.stringify(o.json)}`);
      created.push(...acknowledged(b.outcomes));
      accepted.push(...b.accepted);

      await server.start();
      assert.deepEqual(halfWritten(server.db), [], `half-written after the kill at ${killAt}`);
      await assertDurable(server, created, accepted);
    }
    await submitReport(server.client(), { title: 'after three kills' });
    assert.equal((await server.stop()).code, 0);
    assert.ok(verifyReceipts(server) >= created.length + 1);
    t.diagnostic(`kills 3, reports acknowledged ${created.length}, accepts acknowledged ${accepted.length}, lost 0, half-written 0`);
  });

  it('PostgreSQL crashed and restarted mid-burst: refusals are 503, acknowledged = present, same process serves again',
    { skip: onPostgres ? false : 'PostgreSQL backend only (the integration_pg pass runs it)' }, async (t) => {
      const pg = await OwnPostgres.start();
      const env = { LOUDONG_STORAGE_URL: pg.url };
      const server = await Server.start({ env });
      servers.push(server);
      try {
        let phase = 'before';
        let resumedAt = Infinity;
        const count = { before: 0, down: 0, after: 0 };
        const b = burst(server, {
          workers: 4,
          limit: 3000,
          keepGoing: true,
          cases: await server.admin(),
          onOutcome: (o) => {
            if (phase === 'down' && o.status !== 201) count.down++;
            else if (o.status === 201) count[phase]++;
          },
        });
        await poll(() => count.before >= 15, { timeoutMs: 30_000 });
        phase = 'down';
        await pg.crash();
        // Refusals while it is down (and the answers in flight at the crash).
        await poll(() => count.down >= 8, { timeoutMs: 30_000 });
        await pg.resume();
        resumedAt = Date.now();
        phase = 'after';
        await poll(() => count.after >= 20, { timeoutMs: 30_000 });
        b.stop();
        await b.done;

        assert.equal(server.proc.exitCode, null, 'the server kept running');
        for (const o of b.outcomes) {
          assert.ok(!o.error, `every request answered (${o.error})`);
          if (o.status !== 201 && o.status !== 503) showLog(server);
          if (o.status !== 201) assertRefusal(o);
        }
        // Once PostgreSQL is back, the pool replaces its cut connections
        // before using them: no request after resume is refused.
        const lateRefusals = b.outcomes.filter((o) => o.sentAt > resumedAt && o.status !== 201);
        assert.deepEqual(lateRefusals.map((o) => o.status), [], 'refused after PostgreSQL was back');
        const created = acknowledged(b.outcomes);
        // Restarted while the server is idle: every pooled connection is cut
        // without the server noticing; the first requests after must not
        // fail on them.
        await pg.crash();
        await pg.resume();
        const anon = server.client();
        const quiet = await Promise.all(Array.from({ length: 8 }, (_, i) =>
          anon.post('/api/v1/reports', reportBody({ title: uniq(`after an idle restart ${i} `) }))));
        if (quiet.some((r) => r.status !== 201)) showLog(server);
        assert.deepEqual(quiet.map((r) => r.status), Array(8).fill(201), quiet.map((r) => r.text).join('\n'));
        assert.deepEqual(halfWritten(pg.url), []);
        await assertDurable(server, created, b.accepted);
        await server.stop();
        assert.ok(verifyReceipts(server, env) >= created.length);
        t.diagnostic(`PostgreSQL crashes 2 (one mid-burst, one idle), refused ${b.outcomes.length - created.length}, ` +
          `reports acknowledged ${created.length + 8} (${count.after} after the first restart, 8 after the second), accepts ${b.accepted.length}, lost 0, half-written 0`);
      } finally {
        await server.stop();
        await pg.stop();
      }
    });

  it('another process holds SQLite\'s write lock: writes wait, then answer 503 with Retry-After or succeed once it is released',
    { skip: onPostgres ? 'SQLite only: PostgreSQL has no database-wide write lock another client can hold' : false }, async (t) => {
      const server = await Server.start();
      servers.push(server);
      const anon = server.client();
      const title = (i) => uniq(`lock test ${i} `);
      const send = (titles) => Promise.all(titles.map(async (x) => ({ title: x, ...(await anon.post('/api/v1/reports', reportBody({ title: x }))) })));
      const [first] = await send([title(0)]);
      assert.equal(first.status, 201, first.text);
      // sqlite3 holding the write lock until told to let go; it prints a
      // line once BEGIN IMMEDIATE has it.
      const holder = spawn('sqlite3', [server.db], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      holder.stdout.on('data', (d) => { out += d; });
      holder.stdin.write("BEGIN IMMEDIATE;\nSELECT 'holding';\n");
      try {
        await poll(() => out.includes('holding'));
        // Reads do not wait for the writer (WAL).
        const r = await anon.get(`/api/v1/tracking/${first.json.tracking_id}`, { headers: { 'X-Tracking-Token': first.json.tracking_token } });
        assert.equal(r.status, 200);
        // Writes wait out busy_timeout (5 s), then answer 503 "retry".
        const started = Date.now();
        const refused = await send([title(1), title(2)]);
        const waited = Date.now() - started;
        for (const x of refused) {
          assertRefusal(x);
          assert.equal(x.headers.get('retry-after'), '1');
        }
        assert.ok(waited >= 4000 && waited < 30_000, `answered after ${waited} ms (busy_timeout 5 s, request timeout 30 s)`);
        // Writes that arrive while it holds the lock, which it lets go of
        // within busy_timeout: they succeed.
        const pending = send([title(3), title(4)]);
        await new Promise((res) => setTimeout(res, 700)); // how long the lock is held, not a synchronisation
        holder.stdin.end('ROLLBACK;\n');
        const late = await pending;
        for (const x of late) assert.equal(x.status, 201, x.text);

        assert.deepEqual(halfWritten(server.db), []);
        const stored = sqlRows(server.db, `SELECT title FROM reports WHERE title IN ('${refused[0].title}', '${refused[1].title}')`);
        assert.deepEqual(stored, [], 'a refused report is not stored');
        await assertDurable(server, [first, ...late]);
        await server.stop();
        verifyReceipts(server);
        t.diagnostic(`lock held once, refused 2 (503 after ${waited} ms), acknowledged 3, lost 0, half-written 0`);
      } finally {
        holder.kill();
      }
    });

  // Disk full, two ways. A small tmpfs (mount, so root): the kernel's own
  // ENOSPC, the real thing. A file-size limit on the server process
  // (prlimit on its soft RLIMIT_FSIZE, which any user may set and raise
  // again): writes past it fail with EFBIG or are cut short, as on a full
  // disk; it needs no privilege, so it runs everywhere. Both run where
  // mount is allowed; elsewhere the tmpfs one is skipped, saying so.
  const skipDisk = onPostgres ? 'SQLite only: PostgreSQL keeps its files in its own data directory' : false;

  it('disk full (file-size limit): refused with 503 storage_full, reads go on, intake resumes when space returns',
    { skip: skipDisk }, async (t) => {
      const server = await Server.start();
      servers.push(server);
      const files = ['loudong.db', 'loudong.db-wal'].map((f) => path.join(server.dataDir, f));
      const size = (f) => (existsSync(f) ? statSync(f).size : 0);
      const prlimit = (value) => {
        const r = spawnSync('prlimit', ['--pid', String(server.proc.pid), `--fsize=${value}:`], { encoding: 'utf8' });
        assert.equal(r.status, 0, `prlimit (util-linux) is needed: ${r.stderr || r.error}`);
      };
      await diskFull(t, server, {
        fill: () => prlimit(Math.max(...files.map(size)) + 512 * 1024),
        free: () => prlimit('unlimited'),
      });
    });

  it('disk full (a small tmpfs): refused with 503 storage_full, reads go on, intake resumes when space returns',
    { skip: skipDisk || mountSkip() }, async (t) => {
      const mount = freshDataDir('loudong-tmpfs-');
      const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', mount], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const dataDir = path.join(mount, 'data');
      mkdirSync(dataDir);
      const filler = path.join(mount, 'filler');
      const server = await Server.start({ dataDir });
      try {
        await diskFull(t, server, {
          // All the free space but 1 MiB.
          fill: () => {
            const st = statfsSync(mount);
            writeFileSync(filler, Buffer.alloc(Math.max(0, st.bavail * st.bsize - 1024 * 1024)));
          },
          free: () => rmSync(filler),
        });
      } finally {
        await server.stop();
        spawnSync('umount', [mount]);
        rmSync(mount, { recursive: true, force: true });
      }
    });
});

// Whether this process may mount a tmpfs (root, and a kernel that lets it).
function mountSkip() {
  if (process.getuid?.() !== 0) return 'mount needs root; the file-size limit test covers a full disk';
  const dir = freshDataDir('loudong-tmpfs-probe-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  if (r.status === 0) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return r.status === 0 ? false : 'mount is not permitted here; the file-size limit test covers a full disk';
}

// Intake until the disk is full, then the checks: refusals are 503
// storage_full and store nothing, reads still answer, nothing is
// half-written, intake works once space is back, the log verifies.
async function diskFull(t, server, { fill, free }) {
  const anon = server.client();
  const admin = await server.admin();
  const first = await submitReport(anon, { title: 'before the disk filled' });
  fill();
  const created = [];
  const refused = [];
  // Two at a time, so a refusal can share the writer's batch with another write.
  for (let i = 0; i < 1500 && refused.length < 4; i++) {
    const answers = await Promise.all([0, 1].map(async (k) => {
      const title = uniq(`fill ${i}.${k} `);
      return { title, ...(await anon.post('/api/v1/reports', reportBody({ title, verification: 'A'.repeat(3000) }))) };
    }));
    for (const a of answers) {
      if (a.status === 201) { created.push(a); continue; }
      if (a.status !== 503) showLog(server);
      assertRefusal(a);
      assert.equal(a.json.error.code, 'storage_full', a.text);
      refused.push(a);
    }
  }
  assert.ok(refused.length >= 4, `the disk filled (${created.length} reports before)`);
  // Reads go on while writes fail.
  const tr = await anon.get(`/api/v1/tracking/${first.tracking_id}`, { headers: { 'X-Tracking-Token': first.tracking_token } });
  assert.equal(tr.status, 200, tr.text);
  const list = await admin.get('/api/v1/reports?limit=5');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(halfWritten(server.db), []);
  const titles = refused.map((a) => `'${a.title}'`).join(',');
  assert.deepEqual(sqlRows(server.db, `SELECT title FROM reports WHERE title IN (${titles})`), [], 'a refused report is not stored');

  free();
  const after = await anon.post('/api/v1/reports', reportBody({ title: uniq('after space returned ') }));
  assert.equal(after.status, 201, `intake once space is back: ${after.text}`);
  await assertDurable(server, created);
  assert.deepEqual(halfWritten(server.db), []);
  await server.stop();
  verifyReceipts(server);
  t.diagnostic(`disk filled once, refused ${refused.length}, reports acknowledged ${created.length + 2}, lost 0, half-written 0`);
}
