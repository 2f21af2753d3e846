// The receipt log: tampering with the database file behind the server's back
// is found by `loudong receipts verify`, which names the broken record.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { Server, cli, sqlite, freshDataDir } from './lib/server.mjs';
import { submitReport, uniq } from './lib/fixtures.mjs';

const N = 6;
const MIDDLE = 3;

describe('receipt log tampering', () => {
  let server, subs = [], copies = [];

  function copy() {
    const dir = freshDataDir('loudong-tamper-');
    cpSync(server.dataDir, dir, { recursive: true });
    copies.push(dir);
    return dir;
  }
  function verify(dir, extra = []) {
    return cli(['receipts', 'verify', '--data', dir, ...extra]);
  }

  before(async () => {
    server = await Server.start();
    const anon = server.client();
    for (let i = 0; i < N; i++) subs.push(await submitReport(anon, { title: uniq(`receipt test ${i} `) }));
    const { code } = await server.stop();
    assert.equal(code, 0);
    // A clean stop checkpoints the WAL into loudong.db; if not, do it here.
    const wal = server.db + '-wal';
    if (existsSync(wal) && statSync(wal).size > 0) sqlite(server.db, 'PRAGMA wal_checkpoint(TRUNCATE);');
    assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'WAL checkpointed');
  });
  after(() => {
    server.cleanup();
    for (const d of copies) rmSync(d, { recursive: true, force: true });
  });

  it('the untouched log verifies, and --expect-head accepts its head', () => {
    const v = verify(server.dataDir);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.json.ok, true);
    assert.equal(v.json.checked, N);
    assert.equal(v.json.head_seq, N);
    assert.equal(v.json.head_hash, subs[N - 1].receipt.hash);
    const h = verify(server.dataDir, ['--expect-head', subs[2].receipt.hash]);
    assert.equal(h.status, 0, h.stderr);
  });

  it('--expect-head with a hash not in the log fails (truncation)', () => {
    const v = verify(server.dataDir, ['--expect-head', 'f'.repeat(64)]);
    assert.equal(v.status, 1);
    assert.equal(v.json.ok, false);
    assert.match(v.stderr, /BROKEN/);
  });

  it('a changed byte in a middle record is named', async () => {
    const dir = copy();
    const db = `${dir}/loudong.db`;
    const buf = readFileSync(db);
    const rec = subs[MIDDLE - 1].receipt;
    const rows = sqlite(db, `SELECT content_sha256 || subject FROM receipts WHERE seq = ${MIDDLE}`).trim();
    assert.ok(rows.startsWith(rec.content_sha256));
    // The record's column bytes are contiguous: content_sha256 then subject.
    const at = buf.indexOf(Buffer.from(rows, 'ascii'));
    assert.ok(at >= 0, 'record bytes found in loudong.db');
    assert.equal(buf.indexOf(Buffer.from(rows, 'ascii'), at + 1), -1, 'found exactly once');
    const pos = at + 10;
    const old = String.fromCharCode(buf[pos]);
    buf[pos] = (old === '0' ? '1' : '0').charCodeAt(0);
    writeFileSync(db, buf);
    assert.notEqual(sqlite(db, `SELECT content_sha256 FROM receipts WHERE seq = ${MIDDLE}`).trim(), rec.content_sha256);

    const v = verify(dir);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.equal(v.json.ok, false);
    assert.equal(v.json.first_broken_seq, MIDDLE);
    assert.match(v.json.problem, new RegExp(`\\b${MIDDLE}\\b`));
    assert.match(v.stderr, /BROKEN/);

    // The server sees it too.
    const s2 = await Server.start({ dataDir: dir });
    try {
      const admin = await s2.admin();
      const r = await admin.post('/api/v1/receipts/verify');
      assert.equal(r.status, 200);
      assert.equal(r.json.ok, false);
      assert.equal(r.json.first_broken_seq, MIDDLE);
    } finally {
      await s2.stop();
    }
  });

  it('a changed submitter byte is named', () => {
    const dir = copy();
    const db = `${dir}/loudong.db`;
    const buf = readFileSync(db);
    // Make the submitters distinguishable: find this record's full column run.
    const row = sqlite(db, `SELECT submitter || source_address || content_sha256 FROM receipts WHERE seq = ${MIDDLE}`).trim();
    const at = buf.indexOf(Buffer.from(row, 'ascii'));
    assert.ok(at >= 0, 'record bytes found');
    const submitter = sqlite(db, `SELECT submitter FROM receipts WHERE seq = ${MIDDLE}`).trim();
    const pos = at + submitter.length - 1; // last character of the submitter
    buf[pos] = buf[pos] === 0x30 ? 0x31 : 0x30;
    writeFileSync(db, buf);
    const v = verify(dir);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.equal(v.json.first_broken_seq, MIDDLE);
  });

  it('a deleted middle record is named', () => {
    const dir = copy();
    sqlite(`${dir}/loudong.db`, `DELETE FROM receipts WHERE seq = ${MIDDLE}`);
    const v = verify(dir);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.equal(v.json.ok, false);
    assert.equal(v.json.first_broken_seq, MIDDLE);
    assert.match(v.json.problem, new RegExp(`record ${MIDDLE}\\b`));
  });

  it('a deleted newest record is found (its report has no receipt)', () => {
    const dir = copy();
    sqlite(`${dir}/loudong.db`, `DELETE FROM receipts WHERE seq = ${N}`);
    const v = verify(dir);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.equal(v.json.ok, false);
    const byHead = verify(dir, ['--expect-head', subs[N - 1].receipt.hash]);
    assert.equal(byHead.status, 1);
  });

  it('updating a record is refused by the database itself', () => {
    const dir = copy();
    assert.throws(() => sqlite(`${dir}/loudong.db`, `UPDATE receipts SET submitter = 'x' WHERE seq = 1`), /append-only/);
  });

  it('purge refuses a cut inside the retention', () => {
    const r = cli(['receipts', 'purge', '--data', server.dataDir, '--before', new Date().toISOString()]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /retention|180/);
    const v = verify(server.dataDir);
    assert.equal(v.json.checked, N, 'nothing removed');
  });
});
