// `loudong export` on the sample advisories (tests/data/formats/advisories),
// each document validated with ajv against the official schemas: CSAF 2.0
// (with FIRST's CVSS schemas it references), OSV, and CSAF's
// provider-metadata schema. CVE records: no CVE JSON 5.1 schema is in the
// shared vectors or on the npm registry; Debian's python3-cvelib ships the
// 5.0 bundled schema, so a record is checked against it with the two 5.1
// differences taken out (dataVersion "5.1", cvssV4_0 metrics), and the unit
// tests read every record back through loudong's CVE 5 reader. The
// server serves the same documents for published advisories (last block).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO, cli, sharedServer } from './lib/server.mjs';
import { createOrg, createProduct, fixedCaseWithAdvisory, publishAdvisory, signedInUser, uniq } from './lib/fixtures.mjs';
import { SHARED, csafValidators, explain, readJson } from './lib/csaf_schemas.mjs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const Ajv07 = require('ajv').default;
const addFormats = require('ajv-formats').default;

const OSV_SCHEMA = path.join(SHARED, 'vectors/osv-schema/validation/schema.json');
const CVE5_SCHEMA = '/usr/lib/python3/dist-packages/cvelib/schemas/CVE_JSON_5.0_bundled_5.0.0.json';
const SAMPLES = path.join(REPO, 'tests/data/formats/advisories');
const PUBLISHER = ['--namespace', 'https://psirt.example.cn', '--contact', 'psirt@example.cn',
  '--base-url', 'https://psirt.example.cn/.well-known/csaf'];
const CNA = ['--cna-org-id', '8254265b-2729-46b6-b9e3-3dfca2d5bfca', '--cna-short-name', 'example'];

const sample = (name) => path.join(SAMPLES, name);

function osvValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readJson(OSV_SCHEMA));
}


function exportOk(args) {
  const r = cli(['export', ...args]);
  assert.equal(r.status, 0, `exit ${r.status}\nstderr: ${r.stderr}`);
  return r;
}

const ALL = ['log4shell-like.json', 'router-zh.json', 'npm-en.json', 'draft.json'];
const WITH_PACKAGES = ['log4shell-like.json', 'npm-en.json', 'draft.json'];
const WITH_CVE = ['log4shell-like.json', 'npm-en.json'];

describe('export csaf', () => {
  const { csaf } = csafValidators();

  it('the validator is not a yes-man: a document without tracking fails', () => {
    const r = exportOk(['csaf', '--advisory', sample('router-zh.json'), ...PUBLISHER]);
    const doc = r.json;
    assert.ok(csaf(doc), explain(csaf));
    delete doc.document.tracking;
    assert.equal(csaf(doc), false);
    doc.document.tracking = { id: 'x' };
    assert.equal(csaf(doc), false);
  });

  for (const name of ALL) {
    it(`${name}: valid against the CSAF 2.0 schema`, () => {
      const r = exportOk(['csaf', '--advisory', sample(name), ...PUBLISHER]);
      assert.ok(csaf(r.json), explain(csaf));
      assert.equal(r.json.document.category, 'csaf_security_advisory');
      assert.equal(r.json.document.publisher.namespace, 'https://psirt.example.cn');
    });
  }

  it('--out writes the file; the publisher name falls back to the advisory', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loudong-export-'));
    try {
      const out = path.join(dir, 'a.json');
      const r = exportOk(['csaf', '--advisory', sample('log4shell-like.json'), '--namespace', 'https://x.example', '--out', out]);
      assert.equal(r.stdout, '');
      const doc = readJson(out);
      assert.equal(doc.document.publisher.name, '示例软件有限公司');
      assert.ok(csaf(doc), explain(csaf));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('export osv', () => {
  const osv = osvValidator();
  for (const name of WITH_PACKAGES) {
    it(`${name}: valid against the OSV schema`, () => {
      const r = exportOk(['osv', '--advisory', sample(name), ...PUBLISHER]);
      assert.ok(osv(r.json), explain(osv));
      assert.match(r.json.id, /^x_LD-SA-/);
    });
  }
  it('the validator rejects an unknown ecosystem', () => {
    const r = exportOk(['osv', '--advisory', sample('npm-en.json')]);
    r.json.affected[0].package.ecosystem = 'Nopm';
    assert.equal(osv(r.json), false);
  });
});

describe('export cve5', () => {
  // python3-cvelib (scripts/setup.sh) ships the CVE JSON 5.0 bundled schema.
  it('the CVE 5.0 schema is installed', () => {
    assert.ok(existsSync(CVE5_SCHEMA), `${CVE5_SCHEMA} is missing: run scripts/setup.sh (python3-cvelib)`);
  });
  const schema = existsSync(CVE5_SCHEMA) ? readJson(CVE5_SCHEMA) : null;
  const ajv = new Ajv07({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = schema ? ajv.compile(schema) : null;
  // The 5.1 record, less what 5.1 added, is a 5.0 record.
  const as50 = (rec) => {
    const r = structuredClone(rec);
    r.dataVersion = '5.0';
    const m = (r.containers.cna.metrics || []).filter((x) => !x.cvssV4_0);
    if (m.length) r.containers.cna.metrics = m; else delete r.containers.cna.metrics;
    return r;
  };
  for (const name of WITH_CVE) {
    it(`${name}: valid against the CVE JSON 5.0 schema (5.1 additions aside)`, { skip: !validate }, () => {
      const r = exportOk(['cve5', '--advisory', sample(name), ...PUBLISHER, ...CNA]);
      assert.equal(r.json.dataVersion, '5.1');
      assert.ok(validate(as50(r.json)), explain(validate));
    });
  }
  it('the validator rejects a record without descriptions', { skip: !validate }, () => {
    const r = exportOk(['cve5', '--advisory', sample('npm-en.json'), ...CNA]);
    delete r.json.containers.cna.descriptions;
    assert.equal(validate(as50(r.json)), false);
  });
  it('log4shell-like: both CVSS versions and both languages', () => {
    const r = exportOk(['cve5', '--advisory', sample('log4shell-like.json'), ...CNA]);
    const cna = r.json.containers.cna;
    assert.deepEqual(cna.metrics.map((m) => Object.keys(m).find((k) => k.startsWith('cvss'))), ['cvssV3_1', 'cvssV4_0']);
    assert.deepEqual(cna.descriptions.map((d) => d.lang), ['en', 'zh']);
    assert.equal(r.json.cveMetadata.cveId, 'CVE-2021-44228');
  });
});

describe('export feeds', () => {
  const { provider } = csafValidators();
  const published = ['log4shell-like.json', 'router-zh.json', 'npm-en.json'].flatMap((n) => ['--advisory', sample(n)]);

  it('provider-metadata.json is valid against the provider schema', () => {
    const r = exportOk(['provider-metadata', '--publisher-name', 'Example PSIRT', ...PUBLISHER]);
    assert.ok(provider(r.json), explain(provider));
    assert.equal(r.json.canonical_url, 'https://psirt.example.cn/.well-known/csaf/provider-metadata.json');
    r.json.role = 'csaf_trusted_publisher';
    assert.equal(provider(r.json), false);
  });

  it('provider-metadata needs the publisher', () => {
    const r = cli(['export', 'provider-metadata', '--namespace', 'https://x.example']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--publisher-name/);
  });

  it('ROLIE feed, changes.csv and index.txt list the documents newest first', () => {
    const feed = exportOk(['rolie', ...published, ...PUBLISHER]).json.feed;
    assert.deepEqual(feed.entry.map((e) => e.id), ['LD-SA-2026-0003', 'LD-SA-2026-0002', 'LD-SA-2026-0001']);
    assert.equal(feed.entry[2].content.src, 'https://psirt.example.cn/.well-known/csaf/2026/ld-sa-2026-0001.json');
    assert.equal(exportOk(['changes', ...published]).stdout.split('\n')[0], '"2026/ld-sa-2026-0003.json","2026-11-28T09:00:00Z"');
    assert.deepEqual(exportOk(['index', ...published]).stdout.trim().split('\n'),
      ['2026/ld-sa-2026-0003.json', '2026/ld-sa-2026-0002.json', '2026/ld-sa-2026-0001.json']);
  });

  it('Atom feed: both titles, escaped', () => {
    const x = exportOk(['atom', ...published, ...PUBLISHER, '--portal-url', 'https://vd.example.cn/']).stdout;
    assert.match(x, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.match(x, /<title>示例日志库远程代码执行漏洞 \/ Example logging library remote code execution<\/title>/);
    assert.match(x, /&lt;renderer&gt; &amp; friends/);
    assert.doesNotMatch(x, /<renderer>/);
    assert.equal((x.match(/<entry>/g) || []).length, 3);
  });
});

describe('export refusals', () => {
  const refused = (args, pattern) => {
    const r = cli(['export', ...args]);
    assert.equal(r.status, 2, `exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, pattern);
  };
  it('a CVE record needs a CVE id and the CNA', () => {
    refused(['cve5', '--advisory', sample('router-zh.json'), ...CNA], /no CVE id/);
    refused(['cve5', '--advisory', sample('npm-en.json')], /--cna-org-id/);
  });
  it('an OSV record needs a package', () => {
    refused(['osv', '--advisory', sample('router-zh.json')], /package URL/);
  });
  it('CSAF needs the namespace', () => {
    refused(['csaf', '--advisory', sample('router-zh.json')], /namespace/);
  });
  it('a bad advisory file names the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loudong-export-'));
    try {
      const f = path.join(dir, 'bad.json');
      writeFileSync(f, JSON.stringify({ ref: 'X', affected: [{ name: 'a', versions: ['1', 2] }] }));
      refused(['csaf', '--advisory', f, ...PUBLISHER], /affected\[0\]\.versions\[1\]: expected a string/);
      writeFileSync(f, '{"ref": "X",');
      refused(['csaf', '--advisory', f, ...PUBLISHER], /malformed JSON/);
      refused(['csaf', '--advisory', path.join(dir, 'missing.json'), ...PUBLISHER], /cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('every sample is listed here', () => {
    assert.deepEqual(readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).sort(), [...ALL].sort());
  });
});

// The server's exports of a published advisory's newest revision, the same
// writers as `loudong export`, validated the same way; nothing before
// publication, nothing that is not TLP:CLEAR.
describe('served exports: GET /api/v1/public/advisories/{ref}/csaf|cve5|osv', () => {
  const ORG_ID = '8254265b-2729-46b6-b9e3-3dfca2d5bfca';
  let server, admin, anon;
  sharedServer((s) => ({ server, admin, anon } = s),
    { env: { LOUDONG_NOTIFY_PUBLIC_URL: 'https://psirt.example.cn', LOUDONG_PLATFORM_CNA_ORG_ID: ORG_ID } });
  const { csaf } = csafValidators();
  const osv = osvValidator();
  const get = (ref, f) => anon.get(`/api/v1/public/advisories/${encodeURIComponent(ref)}/${f}`);

  const fixedCase = (org, product, externalIds) => fixedCaseWithAdvisory(admin, anon, product, externalIds);

  it('CSAF 2.0, CVE 5 and OSV of the published revision pass the schemas; drafts and TLP:AMBER are not served', async () => {
    const org = await createOrg(admin, { name: uniq('Acme Networks ') });
    const product = await createProduct(admin, org.id, { name: uniq('Acme Router '), model: 'AR-1', purls: ['pkg:npm/acme-router'] });
    const approver = await signedInUser(server, admin, [{ org_id: org.id, role: 'admin' }]);
    const { caseId, ref } = await fixedCase(org, product, ['CVE-2026-40001']);
    for (const f of ['csaf', 'cve5', 'osv']) assert.equal((await get(ref, f)).status, 404, `${f} of a draft`);
    let r = await publishAdvisory({ publisher: admin, approver, caseId, patch: {
      en: { solution: 'Upgrade to 1.4.2.' },
      affected: [{ vendor: org.name, name: 'acme-router', purl: 'pkg:npm/acme-router', range: 'vers:npm/<1.4.2', fixed_version: '1.4.2' }],
      references: [{ url: 'https://psirt.example.cn/advisories/1', kind: 'advisory' }],
    } });
    assert.equal(r.status, 200, r.text);

    r = await get(ref, 'csaf');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-disposition'), /filename="ld-sa-[0-9-]+\.csaf\.json"/);
    assert.ok(csaf(r.json), explain(csaf));
    assert.equal(r.json.document.tracking.id, ref);
    assert.equal(r.json.document.tracking.status, 'final');
    assert.equal(r.json.document.publisher.namespace, 'https://psirt.example.cn');
    assert.equal(r.json.vulnerabilities[0].cve, 'CVE-2026-40001');
    r = await get(ref, 'osv');
    assert.equal(r.status, 200, r.text);
    assert.ok(osv(r.json), explain(osv));
    assert.equal(r.json.id, `x_${ref}`, "OSV's prefix for an unregistered database");
    assert.equal(r.json.affected[0].package.name, 'acme-router');
    r = await get(ref, 'cve5');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.cveMetadata.cveId, 'CVE-2026-40001');
    assert.equal(r.json.containers.cna.providerMetadata.orgId, ORG_ID);

    // A product without a package URL and no CVE id: the formats that need them say so.
    const plain = await createProduct(admin, org.id, { name: uniq('Acme Camera '), model: 'C-2' });
    const second = await fixedCase(org, plain, []);
    r = await publishAdvisory({ publisher: admin, approver, caseId: second.caseId });
    assert.equal(r.status, 200, r.text);
    assert.equal((await get(second.ref, 'csaf')).status, 200);
    r = await get(second.ref, 'cve5');
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.code, 'no_cve_id');
    r = await get(second.ref, 'osv');
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.code, 'no_package');

    const amber = await fixedCase(org, product, []);
    r = await publishAdvisory({ publisher: admin, approver, caseId: amber.caseId, patch: { en: { solution: 'Upgrade.' }, tlp: 'AMBER' } });
    assert.equal(r.status, 200, r.text);
    for (const f of ['csaf', 'cve5', 'osv']) assert.equal((await get(amber.ref, f)).status, 404, `${f} of TLP:AMBER`);
  });
});
