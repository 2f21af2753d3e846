// Issue 13, item 12: the data directory's keys belong to its database.
// Started without its seal.key, a server made a new key and then answered
// 500 on every sealed read; now the database keeps the key's id and the
// server refuses to start, naming the file and what to do. A backup is
// written mode 0600.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Server, cli, freshDataDir, removeDataDir, restoreBackup, sqlite } from './lib/server.mjs';
import { submitReport } from './lib/fixtures.mjs';

async function refusesToStart(dataDir, pattern) {
  const s = new Server(dataDir);
  await assert.rejects(() => s.start(), (e) => {
    assert.match(e.message, pattern);
    return true;
  });
  const { code } = await s.exited;
  assert.notEqual(code, 0);
}

describe('seal.key must be the database\'s own', () => {
  let dir, sub, original;
  const key = () => path.join(dir, 'seal.key');

  before(async () => {
    dir = freshDataDir('loudong-keys-');
    const s = await Server.start({ dataDir: dir });
    sub = await submitReport(s.client(), { verification: 'the sealed proof of concept' });
    assert.equal((await s.stop()).code, 0);
    original = readFileSync(key());
    assert.match(sqlite(path.join(dir, 'loudong.db'), "SELECT value FROM settings WHERE key = 'seal_key_id'").trim(), /^[0-9a-f]{64}$/);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing seal.key: refused, naming the file; no new key is made', async () => {
    rmSync(key());
    await refusesToStart(dir, /seal\.key is missing.*Restore the seal\.key/s);
    assert.ok(!existsSync(key()), 'no new key written');
    // The other commands that open the data directory refuse the same way.
    const v = cli(['receipts', 'verify', '--data', dir]);
    assert.equal(v.status, 2);
    assert.match(v.stderr, /seal\.key is missing/);
  });

  it('another seal.key: refused, naming both keys\' ids', async () => {
    writeFileSync(key(), randomBytes(32), { mode: 0o600 });
    await refusesToStart(dir, /seal\.key \(key [0-9a-f]{16}…\) is not the key this database was sealed with \(key [0-9a-f]{16}…\)/);
  });

  it('the right key back: starts, and the sealed field reads', async () => {
    writeFileSync(key(), original, { mode: 0o600 });
    const s = await Server.start({ dataDir: dir });
    try {
      const admin = await s.admin();
      const r = await admin.get(`/api/v1/reports/${sub.id}/confidential`);
      assert.equal(r.status, 200, r.text);
      assert.match(r.text, /the sealed proof of concept/);
    } finally {
      await s.stop();
    }
  });

  it('a database from before the key id was kept: the key is tried on a sealed value', async () => {
    sqlite(path.join(dir, 'loudong.db'), "DELETE FROM settings WHERE key = 'seal_key_id'");
    writeFileSync(key(), randomBytes(32), { mode: 0o600 });
    await refusesToStart(dir, /does not open the sealed data/);
    writeFileSync(key(), original, { mode: 0o600 });
    const v = cli(['receipts', 'verify', '--data', dir]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(sqlite(path.join(dir, 'loudong.db'), "SELECT value FROM settings WHERE key = 'seal_key_id'").trim(), /^[0-9a-f]{64}$/);
  });

  it('a missing receipts.key while checkpoints exist: refused, naming it', async () => {
    const rk = path.join(dir, 'receipts.key');
    renameSync(rk, rk + '.away');
    await refusesToStart(dir, /receipts\.key is missing.*checkpoints signed with key/s);
    assert.ok(!existsSync(rk));
    renameSync(rk + '.away', rk);
  });

  it('backup: a consistent copy with mode 0600, never over an existing file; it carries the key id', async () => {
    const out = path.join(freshDataDir('loudong-backup-'), 'copy.db');
    const r = cli(['backup', out, '--data', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const again = cli(['backup', out, '--data', dir]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already exists/);
    const restored = freshDataDir('loudong-restored-');
    restoreBackup(out, restored);
    assert.equal(sqlite(path.join(restored, 'loudong.db'), `SELECT count(*) FROM reports WHERE id = ${sub.id}`).trim(), '1');
    // Restored without its key: refused rather than half-working.
    await refusesToStart(restored, /seal\.key is missing/);
    copyFileSync(key(), path.join(restored, 'seal.key'));
    const s = await Server.start({ dataDir: restored });
    await s.stop();
    rmSync(path.dirname(out), { recursive: true, force: true });
    removeDataDir(restored);
  });

  it('a database with nothing sealed yet takes a new key (nothing can be lost) and remembers it', async () => {
    const fresh = freshDataDir('loudong-keys-fresh-');
    try {
      let s = await Server.start({ dataDir: fresh });
      await s.stop();
      const db = path.join(fresh, 'loudong.db');
      const before = sqlite(db, "SELECT value FROM settings WHERE key = 'seal_key_id'").trim();
      rmSync(path.join(fresh, 'seal.key'));
      s = await Server.start({ dataDir: fresh });
      await s.stop();
      const after = sqlite(db, "SELECT value FROM settings WHERE key = 'seal_key_id'").trim();
      assert.match(after, /^[0-9a-f]{64}$/);
      assert.notEqual(after, before);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
