// The inventory commands of the CLI on a fresh data directory: advisory
// import (zip, directory, malformed records), scan and its --fail-on rule,
// impact errors, versions compare/contains (and their --batch), --help and exit codes.
// Exit codes: 0 ok, 1 findings at or above --fail-on (import: records
// skipped), 2 a usage or input error with a message on stderr.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, cli, freshDataDir, sqlite } from './lib/server.mjs';

const SHARED = process.env.LOUDONG_SHARED_DATA || path.resolve(REPO, '../shared/data');
const GO_OSV = path.join(SHARED, 'advisories/go-osv.zip');
const GO_CVE5 = path.join(SHARED, 'advisories/go-cve5.zip');
const EXAMPLES = path.join(REPO, 'examples');
const SBOM_21 = path.join(EXAMPLES, 'sbom/acme-router-2.1.cdx.json');
const SBOM_22 = path.join(EXAMPLES, 'sbom/acme-router-2.2.spdx.json');
const HAVE_DATA = existsSync(GO_OSV) && existsSync(GO_CVE5);

function cdx(components) {
  return JSON.stringify({
    bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
    components: components.map(([name, purl]) => ({ type: 'library', name, version: '1', purl })),
  });
}

// What the advisories tables hold, to prove a re-run changed nothing.
function advisoryState(db) {
  return sqlite(db, "SELECT id || ' ' || source || ' ' || modified || ' ' || coalesce(CAST(withdrawn AS TEXT), '') || ' ' || " +
    "aliases || ' ' || packages || ' ' || length(record) FROM advisories ORDER BY id; " +
    'SELECT count(*) FROM advisory_names; SELECT count(*) FROM advisory_packages; SELECT count(*) FROM packages;');
}

// A usage or input error: exit 2, nothing on stdout, a message on stderr.
function assertUsageError(r, pattern) {
  assert.equal(r.status, 2, `exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.match(r.stderr, pattern);
}

describe('inventory CLI', { skip: !HAVE_DATA && 'shared advisory data not present' }, () => {
  let dir, work;
  before(() => {
    dir = freshDataDir('loudong-invcli-');
    work = mkdtempSync(path.join(tmpdir(), 'loudong-invcli-work-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('imports go-osv.zip with counts; a second run changes nothing', () => {
    const r = cli(['import', 'osv', '--data', dir, GO_OSV]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^read 4291, new 4291, updated 0, unchanged 0, failed 0 in [\d.]+ s\n$/);
    assert.match(r.stderr, /4291\/4291 records\s+\d+ records\/s\s+ETA/, 'progress line with rate and ETA');
    const db = path.join(dir, 'loudong.db');
    assert.equal(sqlite(db, 'SELECT count(*) FROM advisories').trim(), '4291');
    const state = advisoryState(db);

    const again = cli(['import', 'osv', '--data', dir, GO_OSV]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^read 4291, new 0, updated 0, unchanged 4291, failed 0 in/);
    assert.equal(advisoryState(db), state, 'the re-run changed the stored advisories');
  });

  it('imports go-cve5.zip with counts; a second run changes nothing', () => {
    const dir5 = freshDataDir('loudong-invcli-cve5-');
    try {
      const r = cli(['import', 'cve5', '--data', dir5, GO_CVE5]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^read 239, new 239, updated 0, unchanged 0, failed 0 in/);
      const db = path.join(dir5, 'loudong.db');
      const state = advisoryState(db);
      const again = cli(['import', 'cve5', '--data', dir5, GO_CVE5]);
      assert.match(again.stdout, /new 0, updated 0, unchanged 239, failed 0/);
      assert.equal(advisoryState(db), state);
      // CVE records keep the GO ids as aliases: either id finds the impact question's record.
      const j = cli(['impact', '--data', dir5, 'GO-2022-0956', '--format', 'json']);
      assert.equal(j.status, 0, j.stderr);
      assert.equal(j.json.query, 'advisory CVE-2022-3064');
    } finally {
      rmSync(dir5, { recursive: true, force: true });
    }
  });

  it('a directory: a malformed record is named with its reason and skipped, the rest imports (exit 1)', () => {
    const recs = path.join(work, 'recs');
    mkdirSync(path.join(recs, 'nested'), { recursive: true });
    writeFileSync(path.join(recs, 'good.json'), JSON.stringify({
      schema_version: '1.6.0', id: 'TEST-2024-0001', modified: '2024-05-01T00:00:00Z', aliases: ['CVE-2099-1111'],
      summary: 'a test record',
      affected: [{ package: { ecosystem: 'npm', name: 'left-pad' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.1' }] }] }],
    }));
    writeFileSync(path.join(recs, 'broken.json'), '{"id": "TEST-2024-0002", "modified": ');
    writeFileSync(path.join(recs, 'nested', 'no-modified.json'), JSON.stringify({ id: 'TEST-2024-0003' }));
    writeFileSync(path.join(recs, 'README.txt'), 'not a record: ignored (not *.json)');
    const r = cli(['import', 'osv', '--data', dir, recs]);
    assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^read 3, new 1, updated 0, unchanged 0, failed 2 in/);
    assert.match(r.stderr, /skipped \S*broken\.json: .+/);
    assert.match(r.stderr, /skipped \S*nested\/no-modified\.json: .*modified/);
    const db = path.join(dir, 'loudong.db');
    assert.equal(sqlite(db, "SELECT count(*) FROM advisories WHERE id LIKE 'TEST-2024-%'").trim(), '1');

    // A newer `modified` replaces; the same one changes nothing.
    const again = cli(['import', 'osv', '--data', dir, path.join(recs, 'good.json')]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /new 0, updated 0, unchanged 1, failed 0/);
    writeFileSync(path.join(recs, 'good.json'), JSON.stringify({
      schema_version: '1.6.0', id: 'TEST-2024-0001', modified: '2024-06-01T00:00:00Z', summary: 'newer', affected: [],
    }));
    const newer = cli(['import', 'osv', '--data', dir, path.join(recs, 'good.json')]);
    assert.match(newer.stdout, /new 0, updated 1, unchanged 0, failed 0/);
    assert.equal(sqlite(db, "SELECT summary FROM advisories WHERE id = 'TEST-2024-0001'").trim(), 'newer');
  });

  it('scan lists a flaw the Go and CVE databases both publish once, with every name', () => {
    const both = freshDataDir('loudong-invcli-twins-');
    try {
      for (const [fmt, file] of [['osv', GO_OSV], ['cve5', GO_CVE5]]) {
        const r = cli(['import', fmt, '--data', both, file]);
        assert.equal(r.status, 0, r.stderr);
      }
      const sbom = path.join(work, 'yaml.cdx.json');
      writeFileSync(sbom, cdx([['yaml.v2', 'pkg:golang/gopkg.in/yaml.v2@v2.2.1']]));
      const r = cli(['scan', '--data', both, sbom, '--format', 'json']);
      assert.equal(r.status, 1, r.stderr);
      const ids = r.json.findings.map((f) => f.advisory_id);
      // GO-2021-0061 and CVE-2021-4235 name each other: one finding, not two.
      const twin = r.json.findings.filter((f) => f.advisory_id === 'GO-2021-0061' || f.advisory_id === 'CVE-2021-4235');
      assert.equal(twin.length, 1, JSON.stringify(ids));
      assert.deepEqual([twin[0].advisory_id, ...twin[0].aliases].sort(), ['CVE-2021-4235', 'GHSA-r88r-gmrh-7j83', 'GO-2021-0061']);
      assert.equal(new Set(ids).size, ids.length, 'each advisory once');
      for (const f of r.json.findings)
        for (const other of r.json.findings)
          if (f !== other) assert.ok(!f.aliases.includes(other.advisory_id), `${f.advisory_id} and ${other.advisory_id} are one flaw`);
      // Without the CVE records the same SBOM has as many findings.
      const goOnly = cli(['scan', '--data', dir, sbom, '--format', 'json']);
      assert.equal(goOnly.json.findings.length, r.json.findings.length);
    } finally {
      rmSync(both, { recursive: true, force: true });
    }
  });

  it('import usage and input errors exit 2 with a message', () => {
    assertUsageError(cli(['import', 'osv', '--data', dir]), /PATH is required/);
    assertUsageError(cli(['import', 'osv', '--data', dir, path.join(work, 'missing.zip')]), /missing\.zip/);
    assertUsageError(cli(['import']), /import needs a subcommand: osv or cve5/);
    assertUsageError(cli(['import', 'csaf', GO_OSV]), /unknown import subcommand "csaf": use osv or cve5/);
    // Words before the subcommand were once dropped: the records went to ./data, not where asked.
    const stray = mkdtempSync(path.join(tmpdir(), 'loudong-stray-'));
    try {
      const r = cli(['import', '--format', 'osv', 'cve5', GO_CVE5], { cwd: stray });
      assertUsageError(r, /unexpected "--format" before the import subcommand: put it after "import osv"/);
      assert.deepEqual(readdirSync(stray), [], 'nothing was created');
      // --data is the group's option too, so it may come first.
      const ok = cli(['import', '--data', path.join(stray, 'here'), 'cve5', GO_CVE5], { cwd: stray });
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(readdirSync(stray), ['here']);
    } finally {
      rmSync(stray, { recursive: true, force: true });
    }
  });

  it('scan: table with aligned columns and the reason; exit 1 on findings', () => {
    const ex = cli(['import', 'osv', '--data', dir, path.join(EXAMPLES, 'advisories')]);
    assert.equal(ex.status, 0, ex.stderr);
    const r = cli(['scan', '--data', dir, SBOM_21]);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n');
    const head = lines[0];
    assert.match(head, /^GRADE\s+VERDICT\s+ADVISORY\s+ALIASES\s+COMPONENT\s+WHY$/);
    const rows = lines.slice(1, lines.indexOf(''));
    assert.ok(rows.length >= 10, r.stdout);
    // Every column starts where its header does.
    for (const col of ['VERDICT', 'ADVISORY', 'COMPONENT', 'WHY']) {
      const at = head.indexOf(col);
      for (const row of rows) assert.notEqual(row[at - 1], undefined, row);
      for (const row of rows) assert.ok(row[at - 1] === ' ' && row[at] !== ' ', `column ${col} misaligned in:\n${row}`);
    }
    const log4j = rows.find((l) => l.includes('EXAMPLE-2021-44228'));
    assert.match(log4j, /^critical\s+affected\s+EXAMPLE-2021-44228\s+CVE-2021-44228\s+pkg:maven\/org\.apache\.logging\.log4j\/log4j-core@2\.14\.1\s+ECOSYSTEM introduced 2\.0-beta9, fixed 2\.15\.0$/);
    assert.ok(rows.some((l) => /^-\s+affected\s+GO-2021-0052\s.*gin@v1\.7\.0\s+SEMVER introduced 0, fixed 1\.7\.7$/.test(l)), r.stdout);
    assert.match(r.stdout, /5 components \(1 without a purl loudong can match\), 10 findings: 10 affected \(1 critical, 0 high, 0 medium, 0 low, 9 ungraded\), 0 unknown/);
    assert.match(r.stderr, /acme-bootloader@1\.0\.4 has no purl/);
    assert.match(r.stderr, /exit 1: 10 findings at or above --fail-on any/);

    const clean = cli(['scan', '--data', dir, SBOM_22]);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^3 components \(0 without a purl loudong can match\), 0 findings/);
  });

  it('scan --format json: stable keys, the same findings as the table', () => {
    const r = cli(['scan', '--data', dir, SBOM_21, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const j = r.json;
    assert.deepEqual(Object.keys(j).sort(),
      ['components', 'findings', 'format', 'spec_version', 'summary', 'unmatched', 'warnings']);
    assert.equal(j.format, 'CycloneDX');
    assert.equal(j.spec_version, '1.5');
    assert.equal(j.components, 5);
    assert.equal(j.unmatched, 1);
    assert.deepEqual(j.summary, { affected: 10, unknown: 0,
      by_grade: { critical: 1, high: 0, medium: 0, low: 0, ungraded: 9 } });
    assert.equal(j.findings.length, 10);
    const f = j.findings.find((x) => x.advisory_id === 'GO-2022-0956');
    assert.deepEqual(f, {
      source: 'advisory', advisory_id: 'GO-2022-0956', aliases: ['CVE-2022-3064', 'GHSA-6q6q-88xp-6f2r'],
      summary: 'Excessive resource consumption in gopkg.in/yaml.v2',
      component: { purl: 'pkg:golang/gopkg.in/yaml.v2@v2.2.2', ecosystem: 'Go', name: 'gopkg.in/yaml.v2', version: '2.2.2' },
      verdict: 'affected', reason: 'SEMVER introduced 0, fixed 2.2.4', grade: null,
    });
    // Standard input works as the file "-".
    const stdin = cli(['scan', '--data', dir, '-', '--format', 'json'], { input: cdx([['gin', 'pkg:golang/github.com/gin-gonic/gin@v1.7.0']]) });
    assert.equal(stdin.status, 1, stdin.stderr);
    assert.deepEqual(stdin.json.findings.map((x) => x.advisory_id).sort(), ['GO-2021-0052', 'GO-2023-1737']);
  });

  it('--fail-on: ungraded findings trip only "any"; graded ones trip their grade and below', () => {
    const goOnly = path.join(work, 'go-only.cdx.json');
    writeFileSync(goOnly, cdx([['yaml', 'pkg:golang/gopkg.in/yaml.v2@v2.2.2']]));  // Go records carry no CVSS
    const run = (file, ...flags) => cli(['scan', '--data', dir, file, '--format', 'json', ...flags]);
    // Ungraded affected findings: fail only on "any" (the default, as osv-scanner fails on any finding).
    assert.equal(run(goOnly).status, 1);
    assert.equal(run(goOnly, '--fail-on', 'any').status, 1);
    for (const g of ['critical', 'high', 'medium', 'low', 'none']) {
      const r = run(goOnly, '--fail-on', g);
      assert.equal(r.status, 0, `--fail-on ${g} with ungraded findings only: ${r.stderr}`);
      assert.equal(r.json.summary.by_grade.ungraded, 3);
    }
    // A critical finding (the example record's CVSS 10.0) trips every grade threshold.
    for (const g of ['critical', 'high', 'medium', 'low', 'CRITICAL', '超危']) assert.equal(run(SBOM_21, '--fail-on', g).status, 1, g);
    assert.equal(run(SBOM_21, '--fail-on', 'none').status, 0);
    // Unknown verdicts are listed with the reason but fail only with --fail-on-unknown.
    const unknown = path.join(work, 'unknown.cdx.json');
    writeFileSync(unknown, cdx([['yaml', 'pkg:golang/gopkg.in/yaml.v2@not..a..version']]));
    const u = run(unknown);
    assert.equal(u.status, 0, u.stderr);
    assert.ok(u.json.findings.length > 0);
    for (const f of u.json.findings) {
      assert.equal(f.verdict, 'unknown');
      assert.match(f.reason, /not\.\.a\.\.version/);
    }
    assert.equal(u.json.summary.unknown, u.json.findings.length);
    assert.equal(run(unknown, '--fail-on-unknown').status, 1);
    assert.equal(run(unknown, '--fail-on', 'none', '--fail-on-unknown').status, 1);
    const table = cli(['scan', '--data', dir, unknown]);
    assert.match(table.stdout, /unknown: the version could not be compared with the range/);
  });

  it('scan usage and input errors exit 2 with a message naming the problem', () => {
    assertUsageError(cli(['scan', '--data', dir]), /SBOM-FILE is required/);
    assertUsageError(cli(['scan', '--data', dir, SBOM_21, '--fail-on', 'severe']), /--fail-on must be one of: any, critical, high, medium, low, none/);
    assertUsageError(cli(['scan', '--data', dir, SBOM_21, '--format', 'xml']), /--format/);
    assertUsageError(cli(['scan', '--data', dir, path.join(work, 'nope.json')]), /cannot read .*nope\.json/);
    assertUsageError(cli(['scan', '--data', dir, work]), /is a directory/);
    const notSbom = path.join(work, 'not-sbom.json');
    writeFileSync(notSbom, '{"hello": "world"}');
    assertUsageError(cli(['scan', '--data', dir, notSbom]), /not a CycloneDX .* or SPDX .* JSON document/);
    const badCdx = path.join(SHARED, 'vectors/cyclonedx/1.5/invalid-component-type-1.5.json');
    assertUsageError(cli(['scan', '--data', dir, badCdx]), /components\[0\]\.type: 'foo' is not one of/);
  });

  it('impact: answers with nothing stored, refuses a bad purl, range or advisory (exit 2)', () => {
    const none = cli(['impact', '--data', dir, 'pkg:maven/org.apache.logging.log4j/log4j-core@vers:maven/>=2.0.0|<2.17.1']);
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stdout, /^impact of pkg:maven\/org\.apache\.logging\.log4j\/log4j-core vers:maven\/>=2\.0\.0\|<2\.17\.1\n\n0 product versions affected\n$/);
    const j = cli(['impact', '--data', dir, 'GO-2020-0015', '--format', 'json']);
    assert.equal(j.status, 0, j.stderr);
    assert.deepEqual(j.json, { query: 'advisory GO-2020-0015', product_versions: 0, items: [] });
    const alias = cli(['impact', '--data', dir, 'cve-2020-14040', '--format', 'json']);
    assert.equal(alias.json.query, 'advisory GO-2020-0015');
    assertUsageError(cli(['impact', '--data', dir, 'pkg:']), /^error: purl: /);
    assertUsageError(cli(['impact', '--data', dir, 'pkg:maven/a/b@[1.0,']), /^error: range: /);
    assertUsageError(cli(['impact', '--data', dir, 'pkg:maven/a/b@vers:npm/<2']), /range: a Maven package needs a vers:maven\/ range/);
    assertUsageError(cli(['impact', '--data', dir, 'NOPE-0000-0001']), /advisory NOPE-0000-0001 not found/);
    assertUsageError(cli(['impact', '--data', dir]), /TARGET is required/);
  });

  it('versions compare and contains print JSON; errors exit 2', () => {
    let r = cli(['versions', 'compare', 'Maven', '2.14.1', '2.17.1']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json, { scheme: 'maven', a: '2.14.1', b: '2.17.1', result: -1, relation: '<' });
    r = cli(['versions', 'compare', 'PyPI', '1.0.0', '1.0']);
    assert.deepEqual(r.json, { scheme: 'pypi', a: '1.0.0', b: '1.0', result: 0, relation: '=' });
    r = cli(['versions', 'compare', 'Debian', '1:1.0', '2.0']);
    assert.equal(r.json.relation, '>');
    assertUsageError(cli(['versions', 'compare', 'nope', '1', '2']), /unknown ecosystem or scheme "nope"/);
    assertUsageError(cli(['versions', 'compare', 'npm', '1.0.0', 'x.y']), /x\.y/);
    assertUsageError(cli(['versions', 'compare', 'npm', '1.0.0']), /B is required/);

    r = cli(['versions', 'contains', 'Maven', 'vers:maven/>=2.0.0|<2.17.1', '2.14.1']);
    assert.deepEqual(r.json, { range: 'vers:maven/>=2.0.0|<2.17.1', version: '2.14.1', contains: 'yes' });
    r = cli(['versions', 'contains', 'Maven', 'vers:maven/>=2.0.0|<2.17.1', '2.17.1']);
    assert.equal(r.json.contains, 'no');
    r = cli(['versions', 'contains', 'Maven', '[2.0.0,2.17.1)', '2.17.0']);
    assert.deepEqual(r.json, { range: 'vers:maven/>=2.0.0|<2.17.1', version: '2.17.0', contains: 'yes' });
    r = cli(['versions', 'contains', 'npm', '^1.2.0', '2.0.0']);
    assert.equal(r.json.contains, 'no');
    // npm ranges answer as node-semver's satisfies (issue 12); "range" is the vers form matching uses.
    r = cli(['versions', 'contains', 'npm', '0.x - 1.1 || >=0 >=0.0.10', '3.0.2']);
    assert.deepEqual(r.json, { range: 'vers:npm/*', version: '3.0.2', contains: 'yes' });
    r = cli(['versions', 'contains', 'npm', '3.x - 1.3', '0.0.2']);
    assert.deepEqual(r.json, { range: 'vers:npm/<0.0.0-0', version: '0.0.2', contains: 'no' });
    r = cli(['versions', 'contains', 'npm', '1.x', '1.10.2-rc.1']);
    assert.equal(r.json.contains, 'no', 'node-semver prerelease rule');
    r = cli(['versions', 'contains', '--include-prerelease', 'npm', '1.x', '1.10.2-rc.1']);
    assert.equal(r.json.contains, 'yes');
    r = cli(['versions', 'contains', 'npm', 'vers:npm/>=1.0.0|<2.0.0', '1.10.2-rc.1']);
    assert.equal(r.json.contains, 'yes', 'vers keeps version order');
    r = cli(['versions', 'contains', '--batch', 'npm'], { input: '1.x\t1.10.2-rc.1\n^1.2\t1.2\none field\n>>1\t1.0.0\n' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines.length, 5, r.stdout);
    assert.equal(lines[0], 'no\tvers:npm/>=1.0.0|<2.0.0');
    assert.match(lines[1], /^unknown\tvers:npm\/>=1\.2\.0\|<2\.0\.0\tinvalid version "1\.2"/);
    assert.match(lines[2], /^error\texpected 2 tab-separated fields, got 1$/);
    assert.match(lines[3], /^error\tRANGE: /);
    r = cli(['versions', 'compare', '--batch', 'Debian'], { input: '1.0\t1.0~rc1\n1:0\t2\n1.0\tnot valid!\n' });
    assert.match(r.stdout, /^1\n1\nerror\t.+\n$/);
    assertUsageError(cli(['versions', 'contains', 'npm', '^1']), /VERSION is required/);
    assertUsageError(cli(['versions', 'contains', '--batch', 'npm', '^1']), /--batch reads ranges and versions from standard input/);
    r = cli(['versions', 'contains', 'PyPI', '>=1.0,<2', 'not a version']);
    assert.equal(r.status, 0);
    assert.equal(r.json.contains, 'unknown');
    assert.match(r.json.why, /not a version/);
    assertUsageError(cli(['versions', 'contains', 'npm', '>>1', '1.0.0']), /^error: RANGE: /);
    assertUsageError(cli(['versions', 'contains', 'Maven', 'vers:npm/<2', '1.0']), /RANGE: a vers:npm\/ range does not fit Maven/);
    assertUsageError(cli(['versions', 'contains', 'Go', '>=1.0', '1.1.0']), /no native range syntax/);
    assertUsageError(cli(['versions']), /versions needs a subcommand: compare or contains/);
  });

  it('every inventory command has --help (exit 0) naming its exit codes', () => {
    for (const args of [['import'], ['import', 'osv'], ['import', 'cve5'], ['scan'], ['impact'], ['versions'],
      ['versions', 'compare'], ['versions', 'contains']]) {
      const r = cli([...args, '--help']);
      assert.equal(r.status, 0, `${args.join(' ')} --help: ${r.stderr}`);
      assert.match(r.stdout, /Usage: /);
      if (args.length > 1 || args[0] === 'scan' || args[0] === 'impact') assert.match(r.stdout, /Exit codes: 0 /, args.join(' '));
    }
    const scan = cli(['scan', '--help']).stdout;
    assert.match(scan, /--fail-on/);
    assert.match(scan, /ungraded finding .* does not trip --fail-on high/s);
    assert.match(scan, /Unknown verdicts never fail the scan unless --fail-on-unknown/);
    assertUsageError(cli(['scan', '--no-such-flag', SBOM_21]), /no-such-flag/);
  });
});
