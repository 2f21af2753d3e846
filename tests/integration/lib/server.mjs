// Shared helpers: start the real loudong binary on port 0 with a fresh data
// directory, talk to it over HTTP, and inspect its database files.
//
// LOUDONG_TEST_BACKEND=postgresql (with LOUDONG_TEST_PG_URL, the admin URL
// scripts/test-postgres.sh prints) runs every server and CLI command on
// PostgreSQL instead: each data directory gets a database of its own
// (storage.url), created on first use and dropped by cleanup(); dbDigest and
// sqlite() read that database. scripts/run-tests.sh runs the integration
// files a second time so.
//
// Server.start({ tls: {cert, key, ca} }) serves HTTPS with those PEM files
// (tls.cert_file, tls.key_file); its clients trust the CA file `ca`.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { before, after } from 'node:test';
import { createHash } from 'node:crypto';
import { cpSync, copyFileSync, mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = path.resolve(REPO, process.env.LOUDONG_BIN || 'build/asan/loudong');
export const ADMIN_PASSWORD = 'Root-Password-For-Tests-1';

// ASan: keep leak checking off for killed processes; fail loudly otherwise.
const SAN_ENV = {
  ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=0:abort_on_error=0',
  UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1',
};

const PG_ADMIN_URL = process.env.LOUDONG_TEST_BACKEND === 'postgresql' ? process.env.LOUDONG_TEST_PG_URL || '' : '';
if (process.env.LOUDONG_TEST_BACKEND === 'postgresql' && !PG_ADMIN_URL)
  throw new Error('LOUDONG_TEST_BACKEND=postgresql needs LOUDONG_TEST_PG_URL (scripts/test-postgres.sh prints it)');
// Whether the servers of this run store in PostgreSQL (for tests that read
// SQLite's files themselves and skip there, saying why).
export const onPostgres = PG_ADMIN_URL !== '';
const PGBIN = process.env.PGBIN || '/usr/lib/postgresql/15/bin';
const PSQL = path.join(PGBIN, 'psql');

// Runs SQL through psql on the given URL; returns the unaligned output.
function psql(url, sql) {
  const r = spawnSync(PSQL, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr || r.error}`);
  return r.stdout;
}

// The database of a data directory: named after its path, so a restart or a
// CLI command on the same directory finds the same rows.
function pgDatabase(dataDir) {
  return 'ld_it_' + createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 24);
}

// `url` with its database replaced (postgresql://[user@][host][/db][?params];
// the host is empty for a Unix socket, which WHATWG URL refuses).
function withDatabase(url, db) {
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (!m) throw new Error(`LOUDONG_TEST_PG_URL is not a postgresql:// URL: ${url}`);
  return `${m[1]}/${db}${m[2] || ''}`;
}

const createdDatabases = new Set();
// Databases of data directories a test removed itself (rmSync) go when the
// test file's process ends, so a run's disk use stays that of one file's.
process.on('exit', () => {
  if (createdDatabases.size === 0) return;
  const drops = [...createdDatabases].flatMap((db) => ['-c', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
  spawnSync(PSQL, ['-X', '-q', '-d', PG_ADMIN_URL, ...drops]);
});

// storage.url for a data directory on PostgreSQL (created when new), or
// undefined on SQLite.
export function storageUrl(dataDir) {
  if (!onPostgres) return undefined;
  const db = pgDatabase(dataDir);
  if (!createdDatabases.has(db)) {
    if (psql(PG_ADMIN_URL, `SELECT 1 FROM pg_database WHERE datname = '${db}'`).trim() !== '1')
      psql(PG_ADMIN_URL, `CREATE DATABASE ${db}`);
    createdDatabases.add(db);
  }
  return withDatabase(PG_ADMIN_URL, db);
}

function dropDatabase(dataDir) {
  if (!onPostgres) return;
  const db = pgDatabase(dataDir);
  psql(PG_ADMIN_URL, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  createdDatabases.delete(db);
}

// The data directory a CLI command names (--data DIR or --data=DIR).
function dataDirOf(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data' && i + 1 < args.length) return args[i + 1];
    if (typeof args[i] === 'string' && args[i].startsWith('--data=')) return args[i].slice(7);
  }
  return undefined;
}

export function freshDataDir(prefix = 'loudong-it-') {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

// A copy of a stopped server's data directory, its database included (on
// PostgreSQL a database made from the original as template), for tests that
// change the copy behind loudong's back.
export function copyDataDir(dataDir, prefix = 'loudong-copy-') {
  const dir = freshDataDir(prefix);
  cpSync(dataDir, dir, { recursive: true });
  if (onPostgres) {
    storageUrl(dataDir);
    const db = pgDatabase(dir);
    psql(PG_ADMIN_URL, `CREATE DATABASE ${db} TEMPLATE ${pgDatabase(dataDir)}`);
    createdDatabases.add(db);
  }
  return dir;
}

// A data directory and its database gone.
export function removeDataDir(dataDir) {
  dropDatabase(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
}

// Puts a `loudong backup` file in place as dataDir's database: the file
// itself on SQLite, pg_restore into the directory's new database on
// PostgreSQL.
export function restoreBackup(file, dataDir) {
  if (!onPostgres) {
    copyFileSync(file, path.join(dataDir, 'loudong.db'));
    return;
  }
  const r = spawnSync(path.join(PGBIN, 'pg_restore'), ['--no-owner', '--exit-on-error', '-d', storageUrl(dataDir), file],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr || r.error}`);
}

export function baseEnv(extra = {}) {
  const env = { ...process.env, ...SAN_ENV };
  // Never inherit LOUDONG_* settings from the developer's shell.
  for (const k of Object.keys(env)) if (k.startsWith('LOUDONG_') && k !== 'LOUDONG_BIN') delete env[k];
  // Notifications off unless a test turns them on (the exchange tests do):
  // the outbox worker writes in the background, and the tests that hash the
  // database to prove a refusal changed nothing must not see its writes.
  //
  // The per-address limits are made for strangers on the network; every
  // request of a test comes from 127.0.0.1, faster than a person could, so
  // they are raised here. limits.test.mjs tests the built-in defaults by
  // passing null for these (a null value removes the variable).
  const out = { ...env, LOUDONG_ADMIN_PASSWORD: ADMIN_PASSWORD, LOUDONG_NOTIFY_ENABLED: 'false', ...TEST_LIMITS, ...extra };
  for (const k of Object.keys(out)) if (out[k] === null || out[k] === undefined) delete out[k];
  return out;
}

export const TEST_LIMITS = {
  LOUDONG_SERVER_REQUESTS_PER_SECOND_PER_ADDRESS: '0',
  LOUDONG_SERVER_MAX_CONNECTIONS_PER_ADDRESS: '0',
  LOUDONG_LIMITS_INTAKE_PER_ADDRESS_PER_HOUR: '1000000',
  LOUDONG_LIMITS_INTAKE_PER_EMAIL_PER_HOUR: '1000000',
  LOUDONG_LIMITS_SIGN_UPS_PER_ADDRESS_PER_HOUR: '100000',
};

// Runs a CLI command synchronously; returns {status, stdout, stderr, json}.
export function cli(args, { env = {}, input, cwd } = {}) {
  const dir = dataDirOf(args);
  const storage = dir && onPostgres ? { LOUDONG_STORAGE_URL: storageUrl(path.resolve(cwd || '.', dir)) } : {};
  const r = spawnSync(BIN, args, { env: baseEnv({ ...storage, ...env }), encoding: 'utf8', input, cwd, timeout: 60_000 });
  let json = null;
  try { json = JSON.parse(r.stdout); } catch { /* not JSON */ }
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, json };
}

// One server for the enclosing describe block: started before its tests
// (and before the block's own before hooks, registered after this call),
// stopped and its data removed after them. `assign` gets {server, admin,
// anon}: the server, an admin client and an anonymous one.
export function sharedServer(assign, opts = {}) {
  let server;
  before(async () => {
    server = await Server.start(opts);
    assign({ server, admin: await server.admin(), anon: server.client() });
  });
  after(async () => {
    await server.stop();
    server.cleanup();
  });
}

export class Server {
  constructor(dataDir, { env = {}, args = [], tls } = {}) {
    this.dataDir = dataDir;
    this.env = tls ? { LOUDONG_TLS_CERT_FILE: tls.cert, LOUDONG_TLS_KEY_FILE: tls.key, ...env } : env;
    this.ca = tls ? readFileSync(tls.ca) : undefined;
    this.args = args;
    this.stderr = '';
    this.stdout = '';
    this.proc = null;
    this.url = null;
  }

  static async start(opts = {}) {
    const s = new Server(opts.dataDir || freshDataDir(), opts);
    await s.start();
    return s;
  }

  async start() {
    this.stdout = '';
    const storage = onPostgres ? { LOUDONG_STORAGE_URL: storageUrl(this.dataDir) } : {};
    const proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--data', this.dataDir, ...this.args], {
      env: baseEnv({ ...storage, ...this.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => { this.stderr += d; });
    proc.stdout.setEncoding('utf8');
    this.url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start in 30 s:\n' + this.stderr)), 30_000);
      proc.stdout.on('data', (d) => {
        this.stdout += d;
        const m = /loudong listening on (https?:\/\/\S+)/.exec(this.stdout);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before listening:\n${this.stdout}\n${this.stderr}`));
      });
    });
    return this;
  }

  // SIGTERM and wait for the exit; returns {code, signal}.
  async stop() {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return this.exited;
    this.proc.kill('SIGTERM');
    const timeout = setTimeout(() => this.proc.kill('SIGKILL'), 20_000);
    const r = await this.exited;
    clearTimeout(timeout);
    return r;
  }

  async kill9() {
    this.proc.kill('SIGKILL');
    return this.exited;
  }

  async restart() {
    await this.stop();
    await this.start();
    return this;
  }

  cleanup() {
    removeDataDir(this.dataDir);
  }

  get db() { return path.join(this.dataDir, 'loudong.db'); }

  client(auth = {}) { return new Client(this.url, { ca: this.ca, ...auth }); }

  async admin() {
    const c = this.client();
    await c.signIn('admin', ADMIN_PASSWORD);
    return c;
  }
}

// fetch()'s answer shape over node:https, which (unlike fetch) takes the CA
// to trust for this one request.
export function fetchTrusting(ca, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const x of [].concat(v)) h.append(k, x);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, headers: h, text: async () => text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A small HTTP client: JSON in, JSON out, session cookie + CSRF, or bearer;
// over HTTPS trusting `ca` when given.
export class Client {
  constructor(url, { bearer, cookie, csrf, ca } = {}) {
    this.url = url;
    this.bearer = bearer;
    this.cookie = cookie;
    this.csrf = csrf;
    this.ca = ca;
  }

  async signIn(username, password) {
    const r = await this.req('POST', '/api/v1/session', { username, password });
    if (r.status !== 200) throw new Error(`sign-in of ${username} failed: ${r.status} ${r.text}`);
    const set = r.headers.get('set-cookie') || '';
    const m = /ld_session=([^;]+)/.exec(set);
    this.cookie = m[1];
    this.csrf = r.json.csrf_token;
    this.user = r.json.user;
    return r;
  }

  // opts: {headers, raw (string body, no JSON encoding), csrf:false, contentType}
  async req(method, p, body, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    let payload;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !('content-type' in lower(headers)))
      headers['Content-Type'] = opts.contentType || 'application/json';
    if (this.bearer) headers.Authorization = `Bearer ${this.bearer}`;
    if (this.cookie) headers.Cookie = `ld_session=${this.cookie}`;
    if (this.cookie && this.csrf && opts.csrf !== false && method !== 'GET' && !('x-csrf-token' in lower(headers)))
      headers['X-CSRF-Token'] = this.csrf;
    const init = { method, headers, body: payload };
    const res = this.ca ? await fetchTrusting(this.ca, this.url + p, init) : await fetch(this.url + p, init);
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, text, json };
  }

  get(p, opts) { return this.req('GET', p, undefined, opts); }
  post(p, body, opts) { return this.req('POST', p, body, opts); }
  put(p, body, opts) { return this.req('PUT', p, body, opts); }
  patch(p, body, opts) { return this.req('PATCH', p, body, opts); }
  del(p, opts) { return this.req('DELETE', p, undefined, opts); }
}

function lower(h) {
  const o = {};
  for (const k of Object.keys(h)) o[k.toLowerCase()] = h[k];
  return o;
}

// On PostgreSQL: per table, its row count and the sum of its rows' xmin
// (the id of the transaction that wrote each row version), in one query
// (query_to_xml runs the per-table SELECT that plain SQL cannot name). Any
// committed insert, update or delete changes it, even one that wrote the
// same values, as it would change SQLite's file; reading no row's content
// keeps it cheap on the large advisory tables.
const PG_DIGEST = `SELECT string_agg(table_name || ' ' || (xpath('/row/d/text()', query_to_xml(
  format('SELECT count(*) || '':'' || coalesce(sum(xmin::text::bigint), 0) AS d FROM %I', table_name),
  false, true, '')))[1]::text, E'\\n' ORDER BY table_name)
FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
  AND table_name <> 'rate_counters'`;

// SHA-256 of loudong.db and loudong.db-wal (the -shm index is not data);
// on PostgreSQL, of every table's rows but the attempt counters, which a
// refused request is meant to move (services/rate_limiter.h; SQLite counts
// in memory).
export function dbDigest(dataDir) {
  if (onPostgres) return { postgresql: psql(storageUrl(dataDir), PG_DIGEST) };
  const out = {};
  for (const f of ['loudong.db', 'loudong.db-wal']) {
    const p = path.join(dataDir, f);
    out[f] = existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : null;
  }
  return out;
}

// Runs SQL on a server's database (sqlite3 on the file; on PostgreSQL,
// psql on the database of the file's data directory: SQL common to both).
export function sqlite(dbPath, sql) {
  if (onPostgres && path.basename(dbPath) === 'loudong.db') return psql(storageUrl(path.dirname(dbPath)), sql);
  const r = spawnSync('sqlite3', [dbPath, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout;
}

// Rows as objects (sqlite3 -json; on PostgreSQL, json_agg over the query).
// `dbPath` may also be a postgresql:// URL (an OwnPostgres database).
export function sqlRows(dbPath, sql) {
  const url = dbPath.startsWith('postgresql://') ? dbPath
    : onPostgres && path.basename(dbPath) === 'loudong.db' ? storageUrl(path.dirname(dbPath)) : null;
  if (url) return JSON.parse(psql(url, `SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t`));
  const r = spawnSync('sqlite3', ['-json', dbPath, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

// The database's bytes as stored, for tests that prove a secret is not
// there in plain text: the SQLite files, or a plain pg_dump (bytea in hex,
// so a test looks for the hex form too).
export function databaseBytes(dataDir) {
  if (onPostgres) {
    const r = spawnSync(path.join(PGBIN, 'pg_dump'), ['--data-only', '-d', storageUrl(dataDir)], { maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
    return r.stdout;
  }
  return Buffer.concat(['loudong.db', 'loudong.db-wal']
    .map((f) => path.join(dataDir, f)).filter(existsSync).map((f) => readFileSync(f)));
}

// A PostgreSQL of the test's own (scripts/test-postgres.sh), for a test
// that crashes it: never the run's shared server, which other files use at
// the same time. Commits are durable across crash() (the script's
// LOUDONG_TEST_PG_DURABLE), as a production server's are. `url`: its
// postgres database, for storage.url.
export class OwnPostgres {
  static async start() {
    const pg = new OwnPostgres();
    pg.dir = mkdtempSync(path.join(tmpdir(), 'loudong-ownpg-'));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    pg.url = (await pg.run('start', { LOUDONG_TEST_PG_PORT: port, LOUDONG_TEST_PG_DURABLE: '1' })).trim();
    return pg;
  }

  async run(cmd, env = {}) {
    const { stdout } = await promisify(execFile)(path.join(REPO, 'scripts/test-postgres.sh'), [cmd, this.dir],
      { env: { ...process.env, ...env }, timeout: 90_000 });
    return stdout;
  }

  crash() { return this.run('crash'); }
  resume() { return this.run('resume'); }
  async stop() {
    await this.run('stop');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function poll(fn, { timeoutMs = 10_000, intervalMs = 25 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error('poll timed out');
}
