// The receipt log: tampering with the database file behind the server's back
// is found by `loudong receipts verify`, which names the broken record. On
// PostgreSQL the same edits are made in SQL (the byte edits of the file as
// UPDATEs with the append-only trigger bypassed, as a superuser could).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, statSync, renameSync } from 'node:fs';
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import path from 'node:path';
import { Server, cli, copyDataDir, onPostgres, removeDataDir, sqlRows, sqlite } from './lib/server.mjs';
import { submitReport, uniq } from './lib/fixtures.mjs';

const N = 6;
const MIDDLE = 3;

describe('receipt log tampering', () => {
  let server, subs = [], copies = [];

  function copy() {
    const dir = copyDataDir(server.dataDir, 'loudong-tamper-');
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
    for (const d of copies) removeDataDir(d);
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
    const rec = subs[MIDDLE - 1].receipt;
    if (onPostgres) pgEdit(db, MIDDLE, 'content_sha256', 10);
    else flipFileByte(db, `SELECT content_sha256 || subject FROM receipts WHERE seq = ${MIDDLE}`, rec.content_sha256, 10);
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

  // Flips one character of a record's column run in the SQLite file: the
  // row's bytes found by their text (`sql`, which starts with `prefix`),
  // the character at `offset` changed between 0 and 1.
  function flipFileByte(db, sql, prefix, offset) {
    const buf = readFileSync(db);
    const row = sqlite(db, sql).trim();
    assert.ok(row.startsWith(prefix));
    // The record's column bytes are contiguous, in the order `sql` names them.
    const at = buf.indexOf(Buffer.from(row, 'ascii'));
    assert.ok(at >= 0, 'record bytes found in loudong.db');
    assert.equal(buf.indexOf(Buffer.from(row, 'ascii'), at + 1), -1, 'found exactly once');
    const pos = at + offset;
    buf[pos] = buf[pos] === 0x30 ? 0x31 : 0x30;
    writeFileSync(db, buf);
  }

  // The same edit on PostgreSQL: the character at `offset` (0-based) of
  // `column` changed between 0 and 1, past the append-only trigger.
  function pgEdit(db, seq, column, offset) {
    const at = offset + 1;
    sqlite(db, `SET session_replication_role = replica; UPDATE receipts SET ${column} = overlay(${column} placing ` +
      `(CASE WHEN substr(${column}, ${at}, 1) = '0' THEN '1' ELSE '0' END) from ${at} for 1) WHERE seq = ${seq}`);
  }

  it('a changed submitter byte is named', () => {
    const dir = copy();
    const db = `${dir}/loudong.db`;
    // Make the submitters distinguishable: find this record's full column run.
    const submitter = sqlite(db, `SELECT submitter FROM receipts WHERE seq = ${MIDDLE}`).trim();
    if (onPostgres) pgEdit(db, MIDDLE, 'submitter', submitter.length - 1);
    else flipFileByte(db, `SELECT submitter || source_address || content_sha256 FROM receipts WHERE seq = ${MIDDLE}`,
      submitter, submitter.length - 1);  // last character of the submitter
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

// Issue 13, item 11: the chain alone let an edited report, the newest
// records deleted with their reports, and a chain rewritten from some record
// on all verify. Each receipt now carries the hash of the report as stored,
// and the server signs the head into DATA/receipts.checkpoints with a key
// kept beside seal.key (never in the database).

// The receipt record hash (domain/receipts.cpp), for a test that rewrites
// the chain as an attacker with the database file would.
function receiptHash(r) {
  let s = r.stored_sha256 ? 'loudong-receipt-v2' : 'loudong-receipt-v1';
  const put = (v) => { v = String(v); s += `\n${Buffer.byteLength(v)}:${v}`; };
  for (const v of [r.seq, r.at, r.channel, r.submitter, r.source_address, r.content_sha256, r.subject, r.prev_hash]) put(v);
  if (r.stored_sha256) put(r.stored_sha256);
  return createHash('sha256').update(s).digest('hex');
}

// An auditor's check of a checkpoint line with nothing but the public key.
function signatureValid(cp) {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(cp.key, 'hex')]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const msg = `loudong-receipt-checkpoint-v1\n${cp.seq}\n${cp.hash}\n${cp.at}\n`;
  return cryptoVerify(null, Buffer.from(msg), key, Buffer.from(cp.sig, 'hex'));
}

describe('receipt log: report content and signed head checkpoints', () => {
  let server, subs = [], copies = [];
  const copy = () => {
    const dir = copyDataDir(server.dataDir, 'loudong-tamper2-');
    copies.push(dir);
    return dir;
  };
  const verify = (dir, extra = []) => cli(['receipts', 'verify', '--data', dir, ...extra]);

  before(async () => {
    server = await Server.start();
    const anon = server.client();
    for (let i = 0; i < N; i++) {
      const extra = { title: uniq(`content test ${i} `), verification: `send ${4096 + i} bytes of A as the user field` };
      if (i === 1) extra.attachments = [{ filename: 'poc.py', content_type: 'text/x-python', data: Buffer.from('print(1)').toString('base64') }];
      subs.push(await submitReport(anon, extra));
    }
    // A checkpoint now, beside the running server (the CLI and the server
    // share the file under a lock), then the one the server writes at stop.
    const c = cli(['receipts', 'checkpoint', '--data', server.dataDir]);
    assert.equal(c.status, 0, c.stderr);
    assert.equal(c.json.checkpoint.seq, N);
    const admin = await server.admin();
    const api = await admin.get('/api/v1/receipts/checkpoints');
    assert.equal(api.status, 200, api.text);
    assert.equal(api.json.items[0].seq, N, 'newest first');
    assert.equal(api.json.items[0].hash, subs[N - 1].receipt.hash);
    assert.equal(api.json.signing_key, c.json.signing_key);
    assert.equal((await server.client().get('/api/v1/receipts/checkpoints')).status, 401);
    const { code } = await server.stop();
    assert.equal(code, 0);
    const wal = server.db + '-wal';
    if (existsSync(wal) && statSync(wal).size > 0) sqlite(server.db, 'PRAGMA wal_checkpoint(TRUNCATE);');
  });
  after(() => {
    server.cleanup();
    for (const d of copies) removeDataDir(d);
  });

  it('the untouched log verifies: every report recomputed, every checkpoint signed by the key it shows', () => {
    const v = verify(server.dataDir);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.equal(v.json.ok, true);
    assert.equal(v.json.reports_checked, N);
    assert.equal(v.json.reports_without_content_hash, 0);
    assert.ok(v.json.checkpoints_checked >= 2, v.stdout);
    assert.equal(v.json.latest_checkpoint.seq, N);
    assert.equal(v.json.latest_checkpoint.hash, v.json.head_hash);
    assert.match(v.json.signing_key, /^[0-9a-f]{64}$/);
    assert.match(v.stderr, /Keep the head and the key outside this machine/);
    // The file, line by line, checks out with node's own Ed25519.
    const lines = readFileSync(path.join(server.dataDir, 'receipts.checkpoints'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const cp of lines) {
      assert.equal(cp.key, v.json.signing_key);
      assert.ok(signatureValid(cp), JSON.stringify(cp));
    }
    assert.equal(statSync(path.join(server.dataDir, 'receipts.key')).mode & 0o777, 0o600);
  });

  for (const field of ['title', 'impact']) {
    it(`an edited report ${field} fails, naming the report and its receipt`, () => {
      const dir = copy();
      const victim = subs[MIDDLE - 1];
      sqlite(`${dir}/loudong.db`, `UPDATE reports SET ${field} = ${field} || ' (edited)' WHERE id = ${victim.id}`);
      const v = verify(dir);
      assert.equal(v.status, 1, v.stdout + v.stderr);
      assert.equal(v.json.ok, false);
      assert.equal(v.json.first_broken_seq, victim.receipt.seq);
      assert.match(v.json.problem, new RegExp(`report ${victim.tracking_id} .*receipt record ${victim.receipt.seq}\\b`));
    });
  }

  it('an edited attachment name, and a swapped sealed verification, fail', () => {
    const dir = copy();
    sqlite(`${dir}/loudong.db`, `UPDATE attachments SET filename = 'other.py' WHERE report_id = ${subs[1].id}`);
    let v = verify(dir);
    assert.equal(v.status, 1, v.stdout);
    assert.equal(v.json.first_broken_seq, subs[1].receipt.seq);
    const dir2 = copy();
    // Another report's sealed text opens with the key but is not this report's.
    sqlite(`${dir2}/loudong.db`, `UPDATE reports SET verification_sealed = (SELECT verification_sealed FROM reports WHERE id = ${subs[0].id}) WHERE id = ${subs[4].id}`);
    v = verify(dir2);
    assert.equal(v.status, 1, v.stdout);
    assert.equal(v.json.first_broken_seq, subs[4].receipt.seq);
  });

  it('deleting the newest records with their reports fails against the signed checkpoint, without --expect-head', () => {
    const dir = copy();
    const keep = N - 2;
    sqlite(`${dir}/loudong.db`, `DELETE FROM attachments WHERE report_id IN (SELECT id FROM reports WHERE receipt_seq > ${keep});
      DELETE FROM clocks WHERE report_id IN (SELECT id FROM reports WHERE receipt_seq > ${keep});
      DELETE FROM reports WHERE receipt_seq > ${keep}; DELETE FROM receipts WHERE seq > ${keep};`);
    const v = verify(dir);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.equal(v.json.ok, false);
    assert.equal(v.json.first_broken_seq, keep + 1);
    assert.match(v.json.problem, new RegExp(`ends at record ${keep}.*names record ${N}.*were removed`));
  });

  it('a chain rewritten from a middle record on fails against the checkpoint; the rewrite itself is consistent', () => {
    const dir = copy();
    const db = `${dir}/loudong.db`;
    const recs = sqlRows(db, 'SELECT seq, at, channel, submitter, source_address, content_sha256, subject, prev_hash, hash, stored_sha256 FROM receipts')
      .sort((a, b) => a.seq - b.seq);
    let prev = recs[MIDDLE - 2].hash;
    const sql = [`DROP TRIGGER receipts_append_only${onPostgres ? ' ON receipts' : ''};`];
    for (const r of recs.slice(MIDDLE - 1)) {
      if (r.seq === MIDDLE) r.source_address = '203.0.113.9';  // the forged fact
      r.prev_hash = prev;
      r.hash = receiptHash(r);
      prev = r.hash;
      sql.push(`UPDATE receipts SET source_address = '${r.source_address}', prev_hash = '${r.prev_hash}', hash = '${r.hash}' WHERE seq = ${r.seq};`);
    }
    sqlite(db, sql.join('\n'));
    const v = verify(dir);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.equal(v.json.ok, false);
    assert.match(v.json.problem, /rewritten/);
    // Without the checkpoints (moved away by the same attacker) the chain
    // verifies: an auditor's own copy of the file is what still catches it.
    const auditorCopy = path.join(dir, '..', path.basename(dir) + '.auditor-checkpoints');
    renameSync(path.join(dir, 'receipts.checkpoints'), auditorCopy);
    copies.push(auditorCopy);
    const bare = verify(dir);
    assert.equal(bare.status, 0, bare.stdout + bare.stderr);
    const audited = verify(dir, ['--checkpoints', auditorCopy]);
    assert.equal(audited.status, 1, audited.stdout);
    assert.match(audited.json.problem, /rewritten/);
  });

  it('an edited checkpoint line fails its signature', () => {
    const dir = copy();
    const file = path.join(dir, 'receipts.checkpoints');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1));
    last.seq = N - 1;  // pretend the head was earlier
    lines[lines.length - 1] = JSON.stringify(last);
    writeFileSync(file, lines.join('\n') + '\n');
    const v = verify(dir);
    assert.equal(v.status, 1, v.stdout);
    assert.match(v.json.problem, /does not verify with the signing key/);
  });
});
