// The inventory over the API, on the real binary with a fresh data
// directory holding go-osv.zip (imported with the CLI before the start):
// advisory import and search (admins), SBOM upload of every CycloneDX and
// SPDX test BOM, components and findings, scan (the same findings as the
// CLI), impact by purl and range, native range, advisory id and alias, the
// Log4j2 question, who sees what, bad parameters, and a confirmed case's
// affected products, pending user notices and upstream providers.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, Server, cli, dbDigest, freshDataDir, sqlite } from './lib/server.mjs';
import { createOrg, createProduct, signedInUser, acceptedCase, uniq } from './lib/fixtures.mjs';

const SHARED = process.env.LOUDONG_SHARED_DATA || path.resolve(REPO, '../shared/data');
const GO_OSV = path.join(SHARED, 'advisories/go-osv.zip');
const VECTORS = path.join(SHARED, 'vectors');
const EXAMPLES = path.join(REPO, 'examples');
const SBOM_21 = readFileSync(path.join(EXAMPLES, 'sbom/acme-router-2.1.cdx.json'), 'utf8');
const SBOM_22 = readFileSync(path.join(EXAMPLES, 'sbom/acme-router-2.2.spdx.json'), 'utf8');
const LOG4J_RECORD = JSON.parse(readFileSync(path.join(EXAMPLES, 'advisories/EXAMPLE-2021-44228.json'), 'utf8'));
const LOG4J = 'pkg:maven/org.apache.logging.log4j/log4j-core';
const LOG4J_RANGE = 'vers:maven/>=2.0.0|<2.17.1';
const CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

function cdx(components, specVersion = '1.5') {
  return JSON.stringify({
    bomFormat: 'CycloneDX', specVersion, version: 1,
    components: components.map(([name, purl]) => ({ type: 'library', name, version: '1', purl })),
  });
}
const q = (params) => '?' + new URLSearchParams(params).toString();
const sbomPath = (product, version) => `/api/v1/products/${product}/versions/${encodeURIComponent(version)}/sbom`;

describe('inventory API', { skip: !existsSync(GO_OSV) && 'shared advisory data not present' }, () => {
  let server, admin, anon, orgA, orgB, productA, productB, coordA, memberA, coordB;

  before(async () => {
    const dataDir = freshDataDir('loudong-invapi-');
    const imp = cli(['import', 'osv', '--data', dataDir, GO_OSV]);
    assert.equal(imp.status, 0, imp.stderr);
    server = await Server.start({ dataDir });
    admin = await server.admin();
    anon = server.client();
    orgA = await createOrg(admin, { name: uniq('Acme Networks ') });
    orgB = await createOrg(admin, { name: uniq('Beta Devices ') });
    productA = await createProduct(admin, orgA.id, {
      name: uniq('Acme Router '), versions: ['2.1', '2.2'],
      customers: [{ name: 'Example Telecom', contact: 'sec@telecom.example' }],
    });
    productB = await createProduct(admin, orgB.id, { customers: [{ name: 'Beta Customer', contact: 'it@beta.example' }] });
    coordA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'coordinator' }]);
    memberA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'member' }]);
    coordB = await signedInUser(server, admin, [{ org_id: orgB.id, role: 'coordinator' }]);
  });
  after(async () => {
    const { code } = await server.stop();
    assert.equal(code, 0, 'clean exit on SIGTERM:\n' + server.stderr);
    server.cleanup();
  });

  // A refused request: the status, an error naming the problem, and not a byte of the database changed.
  async function refused(send, status, pattern) {
    const before = dbDigest(server.dataDir);
    const r = await send();
    assert.equal(r.status, status, r.text);
    assert.ok(r.json && r.json.error, r.text);
    if (pattern) assert.match(r.json.error.message, pattern);
    assert.deepEqual(dbDigest(server.dataDir), before, `database changed by a refused request: ${r.text}`);
    return r;
  }

  it('advisory import is for platform admins: 401 anonymous, 403 others, nothing stored', async () => {
    const body = [LOG4J_RECORD];
    await refused(() => anon.post('/api/v1/import/osv', body), 401);
    await refused(() => coordA.post('/api/v1/import/osv', body), 403, /administrators/);
    await refused(() => coordB.post('/api/v1/import/cve5', body), 403);
    const stored = sqlite(server.db, "SELECT count(*) FROM advisories WHERE id = 'EXAMPLE-2021-44228'").trim();
    assert.equal(stored, '0');
  });

  it('admins import records through the API: counts, a bad record named, idempotent, newer replaces', async () => {
    let r = await admin.post('/api/v1/import/osv', [LOG4J_RECORD, { id: 'BROKEN-1' }]);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.read, 2);
    assert.equal(r.json.inserted, 1);
    assert.equal(r.json.failed, 1);
    assert.equal(r.json.failures[0].file, '[1]');
    assert.match(r.json.failures[0].reason, /modified/);
    r = await admin.post('/api/v1/import/osv', LOG4J_RECORD);  // a single record, not an array
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.inserted, r.json.updated, r.json.unchanged], [0, 0, 1]);
    const newer = { ...LOG4J_RECORD, modified: '2022-01-01T00:00:00Z' };
    r = await admin.post('/api/v1/import/osv', [newer]);
    assert.deepEqual([r.json.inserted, r.json.updated, r.json.unchanged], [0, 1, 0]);
    r = await admin.post('/api/v1/import/osv', [LOG4J_RECORD]);  // older than the stored one: ignored
    assert.deepEqual([r.json.inserted, r.json.updated, r.json.unchanged], [0, 0, 1]);
    assert.equal(sqlite(server.db, "SELECT count(*) FROM advisories WHERE id = 'EXAMPLE-2021-44228'").trim(), '1');
    await refused(() => admin.post('/api/v1/import/osv', 'not json', { raw: 'not json' }), 400, /not JSON/);
    await refused(() => admin.post('/api/v1/import/osv', []), 400, /no records/);
    // A CVE 5 record through its own route.
    r = await admin.post('/api/v1/import/cve5', {
      dataType: 'CVE_RECORD', dataVersion: '5.0', cveMetadata: { cveId: 'CVE-2099-0002', dateUpdated: '2024-01-01T00:00:00Z' },
      containers: { cna: { providerMetadata: { orgId: '00000000-0000-4000-8000-000000000000' },
        descriptions: [{ lang: 'en', value: 'test' }],
        affected: [{ packageName: 'github.com/example/lib', collectionURL: 'https://pkg.go.dev',
          versions: [{ version: '0', lessThan: '1.2.0', status: 'affected', versionType: 'semver' }] }] } },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.inserted, 1, r.text);
  });

  it('advisories are searchable by id, alias (any case) and package', async () => {
    let r = await coordA.get('/api/v1/advisories' + q({ q: 'cve-2021-44228' }));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((a) => a.id), ['EXAMPLE-2021-44228']);
    r = await coordA.get('/api/v1/advisories' + q({ q: 'GHSA-5rcv-m4m3-hfh7' }));
    assert.deepEqual(r.json.items.map((a) => a.id), ['GO-2020-0015']);
    assert.deepEqual(r.json.items[0].aliases, ['CVE-2020-14040', 'GHSA-5rcv-m4m3-hfh7']);
    r = await coordA.get('/api/v1/advisories' + q({ ecosystem: 'Go', package: 'gopkg.in/yaml.v2', limit: '2' }));
    assert.equal(r.json.items.length, 2);
    assert.ok(r.json.total >= 3, r.text);
    assert.ok(r.json.next_cursor);
    // An ecosystem alone is refused, not ignored (it would list every ecosystem).
    r = await coordA.get('/api/v1/advisories' + q({ ecosystem: 'Go' }));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.details.fields[0].field, 'ecosystem', r.text);
    r = await coordA.get('/api/v1/advisories/CVE-2020-14040');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.id, 'GO-2020-0015');
    assert.deepEqual(r.json.packages, [{ ecosystem: 'Go', name: 'golang.org/x/text' }]);
    assert.equal(r.json.record.id, 'GO-2020-0015');
    assert.equal((await coordA.get('/api/v1/advisories/NOPE-1')).status, 404);
    assert.equal((await anon.get('/api/v1/advisories')).status, 401);
  });

  it('every valid CycloneDX 1.4-1.6 test BOM and the SPDX example load', async () => {
    const vectors = await createProduct(admin, orgA.id, { name: uniq('Vectors ') });
    let n = 0;
    for (const v of ['1.4', '1.5', '1.6']) {
      const dir = path.join(VECTORS, 'cyclonedx', v);
      for (const f of readdirSync(dir).filter((x) => x.startsWith('valid-') && x.endsWith('.json')).sort()) {
        const r = await admin.post(sbomPath(vectors.id, `${v}-${f}`), undefined, { raw: readFileSync(path.join(dir, f), 'utf8') });
        assert.equal(r.status, 201, `${v}/${f}: ${r.text}`);
        assert.equal(r.json.format, 'CycloneDX');
        assert.equal(r.json.spec_version, v);
        n++;
      }
    }
    assert.ok(n >= 100, `only ${n} valid BOMs`);
    const spdx = readFileSync(path.join(VECTORS, 'spdx/SPDXJSONExample-v2.3.spdx.json'), 'utf8');
    const r = await admin.post(sbomPath(vectors.id, 'spdx'), undefined, { raw: spdx });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.format, 'SPDX');
    assert.equal(r.json.spec_version, 'SPDX-2.3');
    assert.equal(r.json.components, 4);
    const c = await admin.get(`/api/v1/products/${vectors.id}/versions/spdx/components`);
    assert.equal(c.status, 200, c.text);
    const jena = c.json.components.find((x) => x.purl === 'pkg:maven/org.apache.jena/apache-jena@3.12.0');
    assert.deepEqual([jena.ecosystem, jena.name, jena.version], ['Maven', 'org.apache.jena:apache-jena', '3.12.0']);
  });

  it('every invalid CycloneDX test BOM is refused naming what is wrong; nothing stored', async () => {
    const target = sbomPath(productA.id, '2.1');
    let n = 0;
    for (const v of ['1.4', '1.5', '1.6']) {
      const dir = path.join(VECTORS, 'cyclonedx', v);
      for (const f of readdirSync(dir).filter((x) => x.startsWith('invalid-') && x.endsWith('.json')).sort()) {
        const r = await refused(() => admin.post(target, undefined, { raw: readFileSync(path.join(dir, f), 'utf8') }), 422);
        const fields = r.json.error.details.fields || [];
        assert.ok(fields.length >= 1, `${v}/${f}: no field named: ${r.text}`);
        assert.ok(fields[0].field.length > 0);
        assert.ok(r.json.error.message.startsWith(fields[0].field + ': '), `${v}/${f}: ${r.text}`);
        n++;
      }
    }
    assert.ok(n >= 60, `only ${n} invalid BOMs`);
    // Not an SBOM at all, an unsupported version, and no body.
    await refused(() => admin.post(target, { hello: 'world' }), 422, /not a CycloneDX \(bomFormat\) or SPDX \(spdxVersion\) JSON document/);
    await refused(() => admin.post(target, undefined, { raw: '{"bomFormat":' }), 400, /not valid JSON/);
    const v17 = readFileSync(path.join(VECTORS, 'cyclonedx/1.7/valid-bom-1.7.json'), 'utf8');
    await refused(() => admin.post(target, undefined, { raw: v17 }), 422, /specVersion: CycloneDX 1\.7 is not supported/);
    assert.equal((await admin.get(`/api/v1/products/${productA.id}/versions/2.1/components`)).status, 404, 'nothing stored for 2.1');
  });

  it('uploads SBOMs to product versions; components and findings per version', async () => {
    let r = await coordA.post(sbomPath(productA.id, '2.1'), undefined, { raw: SBOM_21 });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.format, r.json.spec_version, r.json.components, r.json.unmatched], ['CycloneDX', '1.5', 5, 1]);
    assert.deepEqual(r.json.warnings, ['components[4]: acme-bootloader@1.0.4 has no purl; it is kept by name and version only']);
    r = await coordA.post(sbomPath(productA.id, '2.2'), undefined, { raw: SBOM_22 });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.format, r.json.components, r.json.unmatched], ['SPDX', 3, 0]);
    assert.equal(r.json.version_added, false, '2.2 is listed');

    r = await memberA.get(`/api/v1/products/${productA.id}/versions/2.1/components`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.sbom.format, 'CycloneDX');
    assert.equal(r.json.sbom.version, '2.1');
    assert.equal(r.json.components.length, 5);
    const log4j = r.json.components.find((c) => c.purl === `${LOG4J}@2.14.1`);
    assert.deepEqual(log4j, { purl: `${LOG4J}@2.14.1`, ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core',
      version: '2.14.1', supplier: 'The Apache Software Foundation', licenses: ['Apache-2.0'] });
    assert.ok(r.json.components.some((c) => c.name === 'acme-bootloader' && c.purl === '' && c.ecosystem === ''));

    r = await coordA.get(`/api/v1/products/${productA.id}/findings`);
    assert.equal(r.status, 200, r.text);
    const byVersion = Object.fromEntries(r.json.items.map((i) => [i.version, i]));
    assert.deepEqual(Object.keys(byVersion).sort(), ['2.1', '2.2']);
    assert.deepEqual(byVersion['2.2'].findings, []);
    const f21 = byVersion['2.1'];
    assert.deepEqual(f21.summary, { affected: 10, unknown: 0, by_grade: { critical: 1, high: 0, medium: 0, low: 0, ungraded: 9 } });
    assert.deepEqual(f21.findings[0], {
      source: 'advisory', advisory_id: 'EXAMPLE-2021-44228', aliases: ['CVE-2021-44228'], summary: LOG4J_RECORD.summary,
      component: { purl: `${LOG4J}@2.14.1`, ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' },
      verdict: 'affected', reason: 'ECOSYSTEM introduced 2.0-beta9, fixed 2.15.0', grade: 'critical',
    });
    assert.deepEqual(f21.findings.map((f) => f.advisory_id).slice(1), ['GO-2020-0015', 'GO-2020-0036', 'GO-2021-0052',
      'GO-2021-0061', 'GO-2021-0113', 'GO-2022-0956', 'GO-2022-1059', 'GO-2023-1737', 'GO-2026-5970']);
    // Replacing an SBOM replaces the components and the findings.
    r = await coordA.post(sbomPath(productA.id, '2.2'), undefined, { raw: cdx([['gin', 'pkg:golang/github.com/gin-gonic/gin@v1.7.0']]) });
    assert.equal(r.status, 201, r.text);
    r = await coordA.get(`/api/v1/products/${productA.id}/findings`);
    assert.deepEqual(r.json.items.find((i) => i.version === '2.2').findings.map((f) => f.advisory_id), ['GO-2021-0052', 'GO-2023-1737']);
    r = await coordA.post(sbomPath(productA.id, '2.2'), undefined, { raw: SBOM_22 });
    assert.equal(r.status, 201, r.text);
  });

  it('an SBOM for a version the product does not list adds the version, and says so', async () => {
    // A component no other test asks about, so the impact answers below stay as they were.
    const sbom = cdx([['left-pad', 'pkg:npm/left-pad@1.3.0']], '1.6');
    const p = await createProduct(admin, orgA.id, { name: uniq('Unlisted Switch '), versions: ['1.0'] });
    let r = await coordA.post(sbomPath(p.id, '1.1'), undefined, { raw: sbom });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.version_added, true);
    r = await coordA.get(`/api/v1/products/${p.id}`);
    assert.deepEqual(r.json.versions, ['1.0', '1.1']);
    r = await coordA.post(sbomPath(p.id, '1.1'), undefined, { raw: sbom });
    assert.equal(r.json.version_added, false, 'listed now: a second upload replaces the SBOM only');
    r = await coordA.get(`/api/v1/products/${p.id}`);
    assert.deepEqual(r.json.versions, ['1.0', '1.1']);
  });

  it('scan over the API gives the same findings as the CLI, and stores nothing', async () => {
    const before = dbDigest(server.dataDir);
    const r = await coordB.post('/api/v1/scan', undefined, { raw: SBOM_21 });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(dbDigest(server.dataDir), before, 'a scan changed the database');
    const c = cli(['scan', '--data', server.dataDir, '--format', 'json', '-'], { input: SBOM_21 });
    assert.equal(c.status, 1, c.stderr);
    assert.deepEqual(c.json, r.json);
    assert.equal(r.json.findings.length, 10);
    assert.equal(r.json.summary.by_grade.critical, 1);
    const spdx = await coordB.post('/api/v1/scan', undefined, { raw: SBOM_22 });
    assert.equal(spdx.status, 200, spdx.text);
    assert.deepEqual(spdx.json.findings, []);
    await refused(() => anon.post('/api/v1/scan', undefined, { raw: SBOM_21 }), 401);
    await refused(() => coordB.post('/api/v1/scan', { hello: 1 }), 422, /not a CycloneDX/);
    await refused(() => coordB.post('/api/v1/scan', undefined, { raw: '' }), 422, /^body: /);
  });

  it('the Log4j2 question: which product versions hold log4j-core in >=2.0.0, <2.17.1?', async () => {
    // Another provider ships 2.14.1 too, and a third product ships the fixed 2.17.1.
    const fixed = await createProduct(admin, orgA.id, { name: uniq('Fixed Gateway '), versions: ['5.0'] });
    let r = await coordB.post(sbomPath(productB.id, '1.0'), undefined, { raw: cdx([['log4j-core', `${LOG4J}@2.14.1`]], '1.4') });
    assert.equal(r.status, 201, r.text);
    r = await coordA.post(sbomPath(fixed.id, '5.0'), undefined, { raw: cdx([['log4j-core', `${LOG4J}@2.17.1`]], '1.6') });
    assert.equal(r.status, 201, r.text);

    r = await admin.get('/api/v1/impact' + q({ purl: LOG4J, range: LOG4J_RANGE }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.query, `${LOG4J} ${LOG4J_RANGE}`);
    assert.equal(r.json.product_versions, 2);
    const found = r.json.items.map((i) => `${i.product_id}@${i.version}`).sort();
    assert.deepEqual(found, [`${productA.id}@2.1`, `${productB.id}@1.0`].sort());
    assert.ok(!found.includes(`${fixed.id}@5.0`), '2.17.1 is outside the range');
    const a = r.json.items.find((i) => i.product_id === productA.id);
    assert.deepEqual(a, {
      product_id: productA.id, product_name: productA.name, provider_org: orgA.id, version: '2.1',
      component: { purl: `${LOG4J}@2.14.1`, version: '2.14.1' }, verdict: 'affected', reason: `in ${LOG4J_RANGE}`,
      customers: [{ name: 'Example Telecom', contact: 'sec@telecom.example', org_id: null }],
    });

    // The same question in the ecosystem's native syntax, and as the CLI asks it.
    const native = await admin.get('/api/v1/impact' + q({ purl: LOG4J, range: '[2.0.0,2.17.1)' }));
    assert.equal(native.status, 200, native.text);
    assert.deepEqual(native.json, r.json);
    const c = cli(['impact', '--data', server.dataDir, `${LOG4J}@${LOG4J_RANGE}`, '--format', 'json']);
    assert.equal(c.status, 0, c.stderr);
    assert.deepEqual(c.json, r.json);
    const table = cli(['impact', '--data', server.dataDir, `${LOG4J}@[2.0.0,2.17.1)`]);
    assert.equal(table.status, 0, table.stderr);
    const lines = table.stdout.split('\n');
    assert.equal(lines[0], `impact of ${LOG4J} ${LOG4J_RANGE}`);
    assert.match(lines[2], /^PRODUCT\s+VERSION\s+COMPONENT\s+VERDICT\s+CUSTOMERS\s+WHY$/);
    const row = lines.find((l) => l.startsWith(productA.name));
    assert.ok(row, table.stdout);
    assert.equal(row.indexOf('2.1'), lines[2].indexOf('VERSION'));
    assert.match(row, /pkg:maven\/org\.apache\.logging\.log4j\/log4j-core@2\.14\.1\s+affected\s+Example Telecom\s+in vers:maven\/>=2\.0\.0\|<2\.17\.1$/);
    assert.match(table.stdout, /\n2 product versions affected\n$/);

    // The fixed version is found when asked for, and only then.
    r = await admin.get('/api/v1/impact' + q({ purl: `${LOG4J}@2.17.1` }));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((i) => `${i.product_id}@${i.version}`).sort(), [`${fixed.id}@5.0`, `${productA.id}@2.2`].sort());
  });

  it('impact by advisory id and by alias', async () => {
    let r = await admin.get('/api/v1/impact' + q({ advisory: 'EXAMPLE-2021-44228' }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.query, 'advisory EXAMPLE-2021-44228');
    assert.deepEqual(r.json.items.map((i) => `${i.product_id}@${i.version}`).sort(), [`${productA.id}@2.1`, `${productB.id}@1.0`].sort());
    assert.equal(r.json.items[0].reason, 'ECOSYSTEM introduced 2.0-beta9, fixed 2.15.0');
    const alias = await admin.get('/api/v1/impact' + q({ advisory: 'cve-2021-44228' }));
    assert.deepEqual(alias.json, r.json);
    r = await coordA.get('/api/v1/impact' + q({ advisory: 'GHSA-69ch-w2m2-3vjp' }));  // GO-2022-1059, golang.org/x/text
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.query, 'advisory GO-2022-1059');
    assert.deepEqual(r.json.items.map((i) => [i.version, i.component.purl, i.reason]),
      [['2.1', 'pkg:golang/golang.org/x/text@v0.3.2', 'SEMVER introduced 0, fixed 0.3.8']]);
    const c = cli(['impact', '--data', server.dataDir, 'CVE-2021-44228', '--format', 'json']);
    assert.equal(c.status, 0, c.stderr);
    assert.deepEqual(c.json, (await admin.get('/api/v1/impact' + q({ advisory: 'CVE-2021-44228' }))).json);
  });

  it("another organisation's inventory is not visible (404), and impact leaves it out", async () => {
    for (const p of [`/api/v1/products/${productA.id}/versions/2.1/components`, `/api/v1/products/${productA.id}/findings`]) {
      const r = await coordB.get(p);
      assert.equal(r.status, 404, `${p}: ${r.text}`);
      assert.equal((await anon.get(p)).status, 401, p);
    }
    await refused(() => coordB.post(sbomPath(productA.id, '2.1'), undefined, { raw: SBOM_22 }), 404);
    // A member of the provider may read the inventory but not change it.
    await refused(() => memberA.post(sbomPath(productA.id, '2.1'), undefined, { raw: SBOM_22 }), 403);
    assert.equal((await coordA.get(`/api/v1/products/${productA.id}/versions/9.9/components`)).status, 404);
    assert.equal((await coordA.get('/api/v1/products/999999/findings')).status, 404);

    const ask = (c) => c.get('/api/v1/impact' + q({ purl: LOG4J, range: LOG4J_RANGE }));
    let r = await ask(coordB);
    assert.deepEqual(r.json.items.map((i) => i.product_id), [productB.id]);
    assert.equal(r.json.product_versions, 1);
    r = await ask(coordA);
    assert.deepEqual(r.json.items.map((i) => i.product_id), [productA.id]);
    r = await ask(memberA);
    assert.deepEqual(r.json.items.map((i) => i.product_id), [productA.id]);
    assert.deepEqual(r.json.items[0].customers, [], 'customers are for those who manage the product');
    assert.equal((await ask(anon)).status, 401);
  });

  it('a bad purl, range or advisory is refused naming the parameter', async () => {
    const ask = (params) => coordA.get('/api/v1/impact' + q(params));
    let r = await ask({ purl: 'log4j-core' });
    assert.ok([400, 422].includes(r.status), r.text);
    assert.match(r.json.error.message, /^purl: /);
    r = await ask({ purl: 'pkg:' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.details.fields[0].field, 'purl.type');
    r = await ask({ purl: LOG4J, range: '[2.0,' });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.message, /^range: maven range '\[2\.0,': /);
    r = await ask({ purl: LOG4J, range: 'vers:maven/>=>2' });
    assert.ok([400, 422].includes(r.status), r.text);
    assert.match(r.json.error.message, /^range: /);
    r = await ask({ purl: LOG4J, range: 'vers:npm/<2.17.1' });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json.error.details.fields.map((f) => [f.field, f.code]), [['range', 'wrong_scheme']]);
    r = await ask({ purl: 'pkg:golang/gopkg.in/yaml.v2', range: 'vers:golang/<two' });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json.error.details.fields.map((f) => [f.field, f.code]), [['range', 'bad_version']]);
    r = await ask({ purl: `${LOG4J}@2.14.1`, range: LOG4J_RANGE });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.message, /version in the purl or a range, not both/);
    r = await ask({});
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.message, /^advisory, purl: /);
    r = await ask({ purl: LOG4J, advisory: 'GO-2020-0015' });
    assert.equal(r.status, 400, r.text);
    r = await ask({ advisory: 'GO-2020-0015', range: LOG4J_RANGE });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.message, /^range: /);
    r = await ask({ advisory: 'NOPE-2024-0001' });
    assert.equal(r.status, 404, r.text);
    assert.match(r.json.error.message, /advisory NOPE-2024-0001 not found/);
  });

  it('case components -> confirm -> affected products, pending user notices and upstream providers', async () => {
    const anonReporter = server.client();
    const { caseId } = await acceptedCase(admin, anonReporter, { product_id: productA.id, product_version: '2.1',
      title: 'JNDI lookup in the bundled log4j-core runs remote code' });
    const comps = `/api/v1/cases/${caseId}/components`;

    // Invalid components: each named, nothing stored.
    let r = await refused(() => admin.put(comps, { components: [{ purl: LOG4J, range: 'vers:npm/<2' }, { purl: 'nope', range: '' }] }), 422);
    assert.deepEqual(r.json.error.details.fields.map((f) => f.field), ['components[0]', 'components[1]']);
    await refused(() => admin.put(comps, { components: 'x' }), 422, /components/);
    await refused(() => coordB.put(comps, { components: [{ purl: LOG4J, range: LOG4J_RANGE }] }), 404);

    r = await admin.put(comps, { components: [{ purl: LOG4J, range: LOG4J_RANGE }] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items, [{ purl: LOG4J, range: LOG4J_RANGE }]);
    r = await coordA.get(comps);  // the provider takes part in the case
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items, [{ purl: LOG4J, range: LOG4J_RANGE }]);
    assert.equal((await coordB.get(comps)).status, 404);

    // Before confirmation: the affected products are known, no notices yet.
    r = await admin.get(`/api/v1/cases/${caseId}/impact`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((i) => `${i.product_id}@${i.version}`).sort(), [`${productA.id}@2.1`, `${productB.id}@1.0`].sort());
    assert.deepEqual(r.json.pending_user_notices, []);

    // The case's findings reach scans, graded by the case's assessment, for those who may see the case.
    r = await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: CRITICAL });
    assert.equal(r.status, 200, r.text);
    r = await admin.post('/api/v1/scan', undefined, { raw: SBOM_21 });
    const caseFinding = r.json.findings.find((f) => f.source === 'case');
    assert.deepEqual(caseFinding, { source: 'case', case_id: caseId,
      component: { purl: `${LOG4J}@2.14.1`, ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' },
      verdict: 'affected', reason: `in ${LOG4J_RANGE}`, grade: 'critical' });
    r = await coordB.post('/api/v1/scan', undefined, { raw: SBOM_21 });
    assert.ok(!r.json.findings.some((f) => f.source === 'case'), 'a case outside the caller\'s reach leaked into a scan');
    r = await coordB.get(`/api/v1/products/${productB.id}/findings`);
    assert.ok(!r.json.items[0].findings.some((f) => f.source === 'case'), 'a case leaked into another provider\'s findings');

    // The upstream component's provider (R-UPSTREAM), then confirmation.
    r = await admin.patch(`/api/v1/cases/${caseId}`, { upstream: { component: LOG4J, provider_name: 'Apache Logging Services' } });
    assert.equal(r.status, 200, r.text);
    r = await admin.post(`/api/v1/cases/${caseId}/transitions`, { to: 'confirmed' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'confirmed');
    const recorded = r.json.timeline.find((e) => e.kind === 'impact_recorded');
    assert.ok(recorded, JSON.stringify(r.json.timeline));
    assert.deepEqual(recorded.data, { affected_product_versions: 2, user_notices_pending: 2, upstream_providers: 2 });

    r = await admin.get(`/api/v1/cases/${caseId}/impact`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.query, /^case LD-\d{4}-\d{6}$/);
    assert.equal(r.json.product_versions, 2);
    const notices = r.json.pending_user_notices.map((n) => `${n.product_id}@${n.version} ${n.customer} <${n.contact}>`).sort();
    assert.deepEqual(notices, [`${productA.id}@2.1 Example Telecom <sec@telecom.example>`,
      `${productB.id}@1.0 Beta Customer <it@beta.example>`].sort());
    assert.deepEqual(r.json.upstream_providers, ['Apache Logging Services', 'The Apache Software Foundation']);
    const a = r.json.items.find((i) => i.product_id === productA.id);
    assert.deepEqual(a.customers, [{ name: 'Example Telecom', contact: 'sec@telecom.example', org_id: null }]);

    // The provider sees its own product and its own customers' notices, not the other provider's.
    r = await coordA.get(`/api/v1/cases/${caseId}/impact`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((i) => i.product_id), [productA.id]);
    assert.deepEqual(r.json.pending_user_notices.map((n) => n.customer), ['Example Telecom']);
    assert.equal((await coordB.get(`/api/v1/cases/${caseId}/impact`)).status, 404);
    assert.equal((await anon.get(`/api/v1/cases/${caseId}/impact`)).status, 401);
  });
  it('records a `loudong import` writes into the running server\'s data directory are matched without a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loudong-live-import-'));
    try {
      writeFileSync(path.join(dir, 'LIVE-2026-0001.json'), JSON.stringify({
        id: 'LIVE-2026-0001', modified: '2026-12-01T00:00:00Z', summary: 'imported while the server runs',
        affected: [{ package: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.14.0' }, { fixed: '2.14.2' }] }] }],
      }));
      const imp = cli(['import', 'osv', '--data', server.dataDir, dir]);
      assert.equal(imp.status, 0, imp.stderr);
      assert.match(imp.stdout, /new 1,/);
      // The server reads the store's change feed about once a second.
      let r;
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((ok) => setTimeout(ok, 200))) {
        r = await admin.get('/api/v1/impact' + q({ advisory: 'LIVE-2026-0001' }));
        assert.equal(r.status, 200, r.text);
        if (r.json.items.length) break;
      }
      assert.ok(r.json.items.some((i) => i.product_id === productA.id && i.version === '2.1'), r.text);
      r = await coordA.post('/api/v1/scan', undefined, { raw: SBOM_21 });
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.findings.some((f) => f.advisory_id === 'LIVE-2026-0001'), 'scan finds it too');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
