// `loudong copy` (issue 11, item 1): a deployment on SQLite moves to an empty
// PostgreSQL database without loss. What the API answered before the move it
// answers after it, sealed fields included; the receipt chain verifies to
// the same head; new rows continue after the copied ids; a second copy into
// the now non-empty database is refused and changes nothing. PostgreSQL
// only: the integration_pg pass of scripts/run-tests.sh runs it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, Server, cli, onPostgres, storageUrl } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, submitReport, uniq } from './lib/fixtures.mjs';

describe('loudong copy from SQLite to PostgreSQL', { skip: !onPostgres && 'PostgreSQL only (scripts/run-tests.sh integration_pg)' }, () => {
  let server, dataDir, caseId, reportId, product;
  const seen = {};

  // The answers the move must keep: lists, a case, a report with its sealed
  // contact details, the impact of an imported advisory on an SBOM.
  async function snapshot(admin) {
    // Less what moves with the wall clock (a clock's seconds left).
    const timeless = (v) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'remaining_seconds' ? undefined : x)));
    const get = async (p) => {
      const r = await admin.get(p);
      assert.equal(r.status, 200, `${p}: ${r.text}`);
      return timeless(r.json);
    };
    return {
      reports: await get('/api/v1/reports?limit=100'),
      report: await get(`/api/v1/reports/${reportId}`),
      case: await get(`/api/v1/cases/${caseId}`),
      orgs: await get('/api/v1/orgs'),
      impact: await get(`/api/v1/impact?advisory=${encodeURIComponent('EXAMPLE-2021-44228')}`),
    };
  }

  before(async () => {
    // The source: a server on SQLite whatever this pass's backend.
    server = await Server.start({ env: { LOUDONG_STORAGE_URL: null } });
    dataDir = server.dataDir;
    const admin = await server.admin();
    const anon = server.client();
    const org = await createOrg(admin, { name: uniq('Copy ') });
    product = await createProduct(admin, org.id);
    for (let i = 0; i < 3; i++) await submitReport(anon, { product_id: product.id, title: uniq(`copy ${i} `) });
    const c = await acceptedCase(admin, anon, { product_id: product.id, contact_email: 'sealed-finder@example.cn' });
    caseId = c.caseId;
    reportId = c.submitted.id;
    const record = JSON.parse(readFileSync(path.join(REPO, 'examples/advisories/EXAMPLE-2021-44228.json'), 'utf8'));
    let r = await admin.post('/api/v1/import/osv', [record]);
    assert.equal(r.status, 200, r.text);
    r = await admin.post(`/api/v1/products/${product.id}/versions/2.1/sbom`, undefined,
      { raw: readFileSync(path.join(REPO, 'examples/sbom/acme-router-2.1.cdx.json'), 'utf8') });
    assert.equal(r.status, 201, r.text);
    Object.assign(seen, await snapshot(admin));
    assert.equal(seen.report.contact_email, 'sealed-finder@example.cn', 'the sealed field reads back before the move');
    assert.ok(seen.impact.items.length > 0, 'the SBOM is hit by the advisory');
    await server.stop();
  });
  after(async () => {
    await server?.stop();
    server?.cleanup();
  });

  it('copies every table in one transaction, and the receipt chain verifies to the source head', () => {
    const r = cli(['copy', '--data', dataDir, '--to', storageUrl(dataDir)]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.json.receipts_ok, true, r.stdout);
    assert.equal(r.json.receipts_head_hash, r.json.source_receipts_head_hash);
    assert.ok(r.json.receipts_checked >= 4, r.stdout);
    const rows = Object.fromEntries(r.json.tables.map((t) => [t.table, t.rows]));
    assert.equal(rows.reports, 4);
    assert.equal(rows.cases, 1);
    assert.ok(rows.receipts >= 4);
    assert.ok(r.json.skipped_derived_tables.includes('reports_fts'), r.stdout);
    assert.match(r.stderr, /copy \[\d+\/\d+\] reports: 4 rows/, 'progress per table');
    assert.doesNotMatch(r.stderr, /postgresql:\/\//, 'the target URL (it may hold a password) is not printed');
  });

  it('answers on PostgreSQL what it answered on SQLite; new ids continue after the copied ones', async () => {
    server.env = {};  // the same data directory, now on its PostgreSQL database
    await server.start();
    const admin = await server.admin();
    assert.deepEqual(await snapshot(admin), seen);
    const next = await submitReport(server.client(), { product_id: product.id, title: uniq('after the move ') });
    assert.ok(next.id > Math.max(...seen.reports.items.map((x) => x.id)), `new report id ${next.id}`);
    await server.stop();
    const v = cli(['receipts', 'verify', '--data', dataDir]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.equal(v.json.ok, true);
  });

  it('refuses to copy into a database that is not empty, changing nothing', () => {
    const before = cli(['receipts', 'verify', '--data', dataDir]).json;
    const r = cli(['copy', '--data', dataDir, '--to', storageUrl(dataDir)]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /not empty/);
    const after = cli(['receipts', 'verify', '--data', dataDir]).json;
    assert.deepEqual([after.checked, after.head_hash], [before.checked, before.head_hash]);
  });

  it('says what is wrong with its arguments', () => {
    let r = cli(['copy', '--data', dataDir, '--to', 'mysql://x']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--to: not a PostgreSQL URL/);
    r = cli(['copy', '--data', dataDir, '--from', 'sqlite:/nonexistent/loudong.db', '--to', storageUrl(dataDir)]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--from: no SQLite database at \/nonexistent\/loudong.db/);
  });
});
