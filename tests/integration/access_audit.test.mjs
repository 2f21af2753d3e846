// The access log's audit (issue 11, item 4): every read of confidential
// data (design.md "Data": proof of concept, attachments, sealed fields,
// regulatory reports, an operator's systems) and every export leaves an
// entry naming who read what. AUDITED lists each such read with its caller
// and the entry it must leave; NOT_CONFIDENTIAL lists every other GET route
// with the reason it needs none. A GET route in neither list fails the
// suite, so a new route must be classified before it lands. Then the
// command line's exports and backups, and the log's hash chain:
// `loudong access verify` passes after all of it and names an entry edited
// in the database.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client, REPO, cli, onPostgres, sharedServer, sqlite } from './lib/server.mjs';
import { acceptedCase, createOrg, createProduct, fixedCaseWithAdvisory, publishAdvisory, signedInUser, uniq, USER_PASSWORD } from './lib/fixtures.mjs';

// Route -> { as: the caller (a key of `who`), path: its parameters from the
// fixtures, entry: the access-log entry it must leave }.
const AUDITED = {
  'GET /api/v1/reports/{id}/confidential': {
    as: 'admin', path: (f) => [f.report], entry: (f) => ['read_confidential', 'report', f.report] },
  'GET /api/v1/reports/{id}/attachments/{aid}': {
    as: 'admin', path: (f) => [f.report, f.attachment], entry: (f) => ['read_confidential', 'attachment', f.attachment] },
  'GET /api/v1/regulatory-reports/{id}': {
    as: 'provider', path: (f) => [f.regReport], entry: (f) => ['read_confidential', 'regulatory_report', f.regReport] },
  'GET /api/v1/regulatory-reports/{id}/export': {
    as: 'provider', path: (f) => [f.regReport], entry: (f) => ['export', 'regulatory_report', f.regReport] },
  'GET /api/v1/cases/{id}/operator-details': {
    as: 'operator', path: (f) => [f.opCase], entry: (f) => ['read_confidential', 'case', f.opCase] },
  'GET /api/v1/orgs/{id}/asset-exposures': {
    as: 'operator', path: (f) => [f.opOrg], entry: (f) => ['read_confidential', 'asset_exposures', f.opOrg] },
  'GET /api/v1/platform-filing/attachments/{id}': {
    as: 'admin', path: (f) => [f.filingAttachment], entry: (f) => ['read_confidential', 'platform_filing_attachment', f.filingAttachment] },
  'GET /api/v1/authority/inbox': { as: 'officer', entry: () => ['read_confidential', 'inbox', 0] },
  'GET /api/v1/authority/inbox/{id}': {
    as: 'officer', path: (f) => [f.inboxItem], entry: (f) => ['read_confidential', 'inbox', f.inboxItem] },
  'GET /api/v1/threat-records': { as: 'provider', entry: () => ['export', 'threat_record', 0] },
};

// GET routes that read nothing confidential, and why.
const NOT_CONFIDENTIAL = {
  'GET /api/v1/health': 'liveness only',
  'GET /api/v1/openapi.json': 'the API description',
  'GET /api/v1/public/info': 'the public portal',
  'GET /api/v1/public/pow': 'a proof-of-work challenge',
  'GET /api/v1/public/products': 'the public product list',
  'GET /api/v1/public/advisories': 'published advisories',
  'GET /api/v1/public/advisories/{ref}': 'a published advisory',
  'GET /api/v1/public/advisories/{ref}/csaf': 'a published advisory (public export)',
  'GET /api/v1/public/advisories/{ref}/cve5': 'a published advisory (public export)',
  'GET /api/v1/public/advisories/{ref}/osv': 'a published advisory (public export)',
  'GET /api/v1/public/advisories.atom': 'the public feed',
  'GET /.well-known/csaf/provider-metadata.json': 'the public CSAF tree',
  'GET /.well-known/csaf/provider-metadata.json.asc': 'the public CSAF tree (a signature)',
  'GET /.well-known/csaf/openpgp/{file}': 'the public key that signs the CSAF tree',
  'GET /.well-known/csaf/feed-tlp-white.json': 'the public CSAF tree',
  'GET /.well-known/csaf/clear/index.txt': 'the public CSAF tree',
  'GET /.well-known/csaf/clear/changes.csv': 'the public CSAF tree',
  'GET /.well-known/csaf/clear/{year}/{file}': 'the public CSAF tree',
  'GET /.well-known/security.txt': 'public: where to report (RFC 9116)',
  'GET /api/v1/public/filing': 'the filing number the portal shows',
  'GET /api/v1/public/reward-policies': 'the reward tables providers publish',
  'GET /api/v1/session': 'the caller\'s own session',
  'GET /api/v1/me/second-factor': 'the caller\'s own second factor state (never its secret)',
  'GET /api/v1/me/notifications': 'the caller\'s own preferences',
  'GET /api/v1/tokens': 'token names and prefixes, never secrets',
  'GET /api/v1/orgs': 'organisation names',
  'GET /api/v1/users': 'accounts, for administrators',
  'GET /api/v1/orgs/{id}/invitations': 'invitations, for the organisation\'s administrators',
  'GET /api/v1/invitations': 'the caller\'s own invitations',
  'GET /api/v1/policy': 'the deployment\'s policy',
  'GET /api/v1/policy/changes': 'policy history (its changes are logged when made)',
  'GET /api/v1/reports': 'report summaries; the proof of concept and attachments only by their own logged routes',
  'GET /api/v1/reports/{id}': 'the report without its proof of concept or attachments (has_verification only)',
  'GET /api/v1/tracking/{tracking_id}': 'a report\'s state by its tracking id',
  'GET /api/v1/reports/{id}/timeline': 'state changes',
  'GET /api/v1/reports/{id}/messages': 'the thread between finder and handlers; the proof of concept stays in the sealed verification',
  'GET /api/v1/my/reports': 'the finder\'s own reports',
  'GET /api/v1/my/reports/{id}': 'the finder\'s own report, what they sent',
  'GET /api/v1/cases': 'case summaries',
  'GET /api/v1/cases/{id}': 'the case as its participants see it; an operator\'s system details only by operator-details',
  'GET /api/v1/cases/{id}/clocks': 'deadlines',
  'GET /api/v1/clocks': 'deadlines',
  'GET /api/v1/regulatory-reports/{id}/filings': 'delivery states of a report\'s filings, not its fields',
  'GET /api/v1/cases/{id}/components': 'affected components',
  'GET /api/v1/cases/{id}/impact': 'matched products',
  'GET /api/v1/cases/{id}/advisory': 'the advisory draft, which never holds proof of concept or operator details',
  'GET /api/v1/cases/{id}/advisory/gates': 'publication gates',
  'GET /api/v1/cases/{id}/rewards': 'reward amounts and states',
  'GET /api/v1/my/rewards': 'the finder\'s own rewards',
  'GET /api/v1/blackouts': 'blackout periods',
  'GET /api/v1/cvss': 'a calculator',
  'GET /api/v1/classes': 'the GB/T 30279 catalogue',
  'GET /api/v1/products': 'products',
  'GET /api/v1/products/{id}': 'a product',
  'GET /api/v1/products/{id}/versions/{version}/components': 'an SBOM\'s components',
  'GET /api/v1/products/{id}/findings': 'matches against public advisories',
  'GET /api/v1/impact': 'matches against public advisories',
  'GET /api/v1/advisories': 'imported public advisories',
  'GET /api/v1/advisories/{id}': 'an imported public advisory',
  'GET /api/v1/receipts': 'the receipt log, for auditors (hashes and subjects)',
  'GET /api/v1/receipts/checkpoints': 'signed chain heads',
  'GET /api/v1/access-log': 'the access log itself, for auditors',
  'GET /api/v1/dashboard': 'counts',
  'GET /api/v1/orgs/{id}/webhooks': 'webhook addresses, never their secrets',
  'GET /api/v1/deliveries': 'delivery states, never payloads',
  'GET /api/v1/deliveries/{id}': 'a delivery\'s state and attempts, never its payload',
  'GET /api/v1/peers': 'peer names and addresses, never tokens',
  'GET /api/v1/authority/timeliness': 'counts of reports on time',
  'GET /api/v1/platform-filing': 'the filing, with the ID number masked; its attachments by their own logged route',
};

function getRoutes() {
  const doc = JSON.parse(readFileSync(path.join(REPO, 'src/api/openapi.json'), 'utf8'));
  const out = [];
  for (const [p, ops] of Object.entries(doc.paths)) if (ops.get) out.push(`GET ${p}`);
  return out;
}

const fill = (route, values = []) => {
  let i = 0;
  return route.slice(4).replace(/\{[^}]+\}/g, () => encodeURIComponent(String(values[i++])));
};

describe('access log audit: every confidential read and export is logged', () => {
  let server, admin, anon;
  sharedServer((s) => ({ server, admin, anon } = s),
    { env: { LOUDONG_NOTIFY_WORKER: 'false' } });
  const f = {};
  const who = {};

  // The newest entries, newest first (the admin audits).
  async function entries(limit = 50) {
    const r = await admin.get(`/api/v1/access-log?limit=${limit}`);
    assert.equal(r.status, 200, r.text);
    return r.json.items;
  }

  before(async () => {
    who.admin = admin;
    const provider = await createOrg(admin);
    const product = await createProduct(admin, provider.id);
    who.provider = await signedInUser(server, admin, [{ org_id: provider.id, role: 'admin' }]);
    const accepted = await acceptedCase(admin, anon, {
      product_id: product.id, verification: 'poc',
      attachments: [{ filename: 'poc.txt', content_type: 'text/plain', data: Buffer.from('poc').toString('base64') }],
    });
    f.report = accepted.submitted.id;
    let r = await admin.get(`/api/v1/reports/${f.report}/confidential`);
    assert.equal(r.status, 200, r.text);
    f.attachment = r.json.attachments[0].id;
    r = await admin.post(`/api/v1/cases/${accepted.caseId}/regulatory-reports`, {});
    assert.equal(r.status, 201, r.text);
    f.regReport = r.json.id;

    const op = await createOrg(admin, { type: 'operator' });
    f.opOrg = op.id;
    who.operator = await signedInUser(server, admin, [{ org_id: op.id, role: 'admin' }]);
    r = await who.operator.post('/api/v1/operator-cases', { org_id: op.id, title: 'flaw', asset: 'scada-1', location: 'plant', owner: 'ops' });
    assert.equal(r.status, 201, r.text);
    f.opCase = r.json.id;
    r = await who.operator.post(`/api/v1/orgs/${op.id}/asset-exposures`, { advisory_ref: r.json.ref, asset: 'host-1', status: 'affected' });
    assert.equal(r.status, 201, r.text);

    r = await admin.put('/api/v1/platform-filing', { platform_name: 'audit' });
    assert.equal(r.status, 200, r.text);
    r = await admin.post('/api/v1/platform-filing/attachments', { kind: 'mlps_proof', filename: 'mlps.pdf', data: Buffer.from('x').toString('base64') });
    assert.equal(r.status, 201, r.text);
    f.filingAttachment = r.json.filing.attachments[0].id;

    // An authority officer, and a regulatory report in its inbox sent by a
    // provider's deployment (its token, as a peer calls).
    const authority = await createOrg(admin, { type: 'authority' });
    who.officer = await signedInUser(server, admin, [{ org_id: authority.id, role: 'member' }]);
    r = await who.provider.post('/api/v1/tokens', { name: 'federation', org_id: provider.id, role: 'admin', expires_in_days: 30 });
    assert.equal(r.status, 201, r.text);
    const peer = new Client(server.url, { bearer: r.json.secret });
    r = await peer.post('/api/v1/federation/regulatory-reports', {
      sender_report_id: uniq('rr'), aware_at: new Date(Date.now() - 3600_000).toISOString(),
      fields: { product_name: 'Router', technical_characteristics: 'overflow', harm: 'rce', scope: '1.x' },
    }, { headers: { 'Idempotency-Key': uniq('k') } });
    assert.equal(r.status, 201, r.text);
    r = await who.officer.get('/api/v1/authority/inbox');
    assert.equal(r.status, 200, r.text);
    f.inboxItem = r.json.items[0].id;
  });

  it('every GET route is classified: audited, or not confidential with a reason', () => {
    const unclassified = getRoutes().filter((r) => !(r in AUDITED) && !(r in NOT_CONFIDENTIAL));
    assert.deepEqual(unclassified, [], 'classify these routes in AUDITED or NOT_CONFIDENTIAL');
    const both = Object.keys(AUDITED).filter((r) => r in NOT_CONFIDENTIAL);
    assert.deepEqual(both, []);
    const gone = [...Object.keys(AUDITED), ...Object.keys(NOT_CONFIDENTIAL)].filter((r) => !getRoutes().includes(r));
    assert.deepEqual(gone, [], 'listed routes that no longer exist');
    for (const [route, why] of Object.entries(NOT_CONFIDENTIAL)) assert.ok(why.length > 5, `${route}: say why`);
  });

  for (const [route, a] of Object.entries(AUDITED)) {
    it(`${route} leaves an entry naming ${a.as} and the object`, async () => {
      const caller = who[a.as];
      const before = (await entries(1))[0]?.seq ?? 0;
      const r = await caller.get(fill(route, a.path ? a.path(f) : []));
      assert.equal(r.status, 200, r.text);
      const [action, objectType, objectId] = a.entry(f);
      const fresh = (await entries()).filter((e) => e.seq > before);
      const hit = fresh.find((e) => e.actor === caller.user.username && e.action === action &&
        e.object_type === objectType && e.object_id === objectId);
      assert.ok(hit, `no entry ${action} ${objectType} ${objectId} by ${caller.user.username}; new entries: ${JSON.stringify(fresh)}`);
      assert.match(hit.hash, /^[0-9a-f]{64}$/);
    });
  }

  it('a refused read leaves no entry (nothing was read)', async () => {
    const before = (await entries(1))[0].seq;
    const r = await who.operator.get(`/api/v1/reports/${f.report}/confidential`);
    assert.equal(r.status, 404, r.text);
    assert.equal((await entries(1))[0].seq, before);
  });

  describe('the command line: exports and backups name the operating-system user', () => {
    const osUser = `cli:${userInfo().username}`;
    it('loudong backup', async () => {
      const file = path.join(server.dataDir, uniq('backup') + '.bak');
      const r = cli(['backup', '--data', server.dataDir, file]);
      assert.equal(r.status, 0, r.stderr);
      const e = (await entries(5)).find((x) => x.object_type === 'database');
      assert.ok(e, 'a backup entry');
      assert.equal(e.actor, osUser);
      assert.equal(e.action, 'export');
      assert.ok(e.detail.includes(file), e.detail);
    });
    it('loudong export csaf|cve5|osv of a stored advisory', async () => {
      const org = await createOrg(admin);
      const product = await createProduct(admin, org.id, { purls: ['pkg:npm/audit-router'] });
      const approver = await signedInUser(server, admin, [{ org_id: org.id, role: 'admin' }]);
      const c = await fixedCaseWithAdvisory(admin, anon, product, ['CVE-2026-41234']);
      const p = await publishAdvisory({ publisher: admin, approver, caseId: c.caseId, patch: {
        en: { solution: 'Upgrade.' },
        affected: [{ vendor: org.name, name: 'audit-router', purl: 'pkg:npm/audit-router', range: 'vers:npm/<2.0.0', fixed_version: '2.0.0' }],
      } });
      assert.equal(p.status, 200, p.text);
      for (const format of ['csaf', 'cve5', 'osv']) {
        const before = (await entries(1))[0].seq;
        const r = cli(['export', format, c.ref, '--data', server.dataDir],
          { env: { LOUDONG_PLATFORM_CNA_ORG_ID: '8254265b-2729-46b6-b9e3-3dfca2d5bfca' } });
        assert.equal(r.status, 0, r.stderr);
        const e = (await entries(5)).find((x) => x.seq > before && x.object_type === 'advisory');
        assert.ok(e, `an entry for export ${format}`);
        assert.equal(e.actor, osUser);
        assert.equal(e.action, 'export');
        assert.ok(e.detail.startsWith(c.ref.toLowerCase()), e.detail);
      }
    });
  });

  describe('the hash chain', () => {
    it('verifies after the session (CLI and API agree), and names an entry edited in the database', async () => {
      let v = cli(['access', 'verify', '--data', server.dataDir]);
      assert.equal(v.status, 0, v.stderr);
      assert.equal(v.json.ok, true);
      const all = await entries(1);
      assert.equal(v.json.head_seq, all[0].seq);
      assert.equal(v.json.head_hash, all[0].hash);
      assert.equal(v.json.checked, all[0].seq);
      let r = await admin.post('/api/v1/access-log/verify', {});
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.ok, true);
      assert.equal(r.json.head_hash, all[0].hash);
      r = await who.provider.post('/api/v1/access-log/verify', {});
      assert.equal(r.status, 404, 'only auditors verify');

      const victim = Math.max(1, all[0].seq - 3);
      // The database itself refuses the edit; someone with the database
      // drops that guard first, and the chain still names the entry.
      assert.throws(() => sqlite(server.db, `UPDATE access_log SET detail = 'nothing to see' WHERE seq = ${victim}`),
        /append-only/);
      assert.throws(() => sqlite(server.db, `DELETE FROM access_log WHERE seq = ${victim}`), /append-only/);
      sqlite(server.db, onPostgres ? 'DROP TRIGGER access_log_append_only ON access_log'
        : 'DROP TRIGGER access_log_append_only; DROP TRIGGER access_log_no_delete');
      sqlite(server.db, `UPDATE access_log SET detail = 'nothing to see' WHERE seq = ${victim}`);
      v = cli(['access', 'verify', '--data', server.dataDir]);
      assert.equal(v.status, 1, v.stdout);
      assert.equal(v.json.ok, false);
      assert.equal(v.json.first_broken_seq, victim);
      assert.match(v.json.problem, new RegExp(`entry ${victim} was altered`));
      assert.match(v.stderr, /access log BROKEN/);
      r = await admin.post('/api/v1/access-log/verify', {});
      assert.equal(r.json.ok, false);
      assert.equal(r.json.first_broken_seq, victim);
    });
  });
});
