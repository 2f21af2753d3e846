// The cross-tenant sweep (issue 13): two provider organisations A and B, and
// every route of the OpenAPI document tried by each of A's callers (admin,
// coordinator, member, an API token), a finder and an anonymous caller
// against B's objects. A hidden object answers 404 (401 without sign-in),
// exactly as a missing one; a refused write leaves the database byte for byte
// unchanged; and no list or search answer carries any of B's confidential
// text. Every route must have an entry in SWEEP: a new route without one
// fails this suite, so nobody adds a route without saying how it is guarded.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, REPO, dbDigest, sharedServer } from './lib/server.mjs';
import { createOrg, createProduct, createUser, signedInUser, acceptedCase, submitReport, uniq, USER_PASSWORD } from './lib/fixtures.mjs';

// Text that only B's confidential objects carry; any answer to A holding it leaks.
const SECRET = `zzsecretB${process.pid}`;
const CDX = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
  components: [{ type: 'library', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
});

// How each route is guarded against A's callers.
//   hidden:  B's object in the path; signed-in callers get 404, anonymous 401 or 404.
//   public:  no caller-specific data (health, schema, public portal data); answers
//            must still carry no B secret.
//   list:    a collection read scoped to the caller: must carry no B secret.
//   create:  a write with B named in the body; refused, nothing changes.
//   self:    acts on the caller's own account or session; nothing of B is reachable.
//   staff:   intake staff, platform admins or authority officers only; A's callers
//            are refused (401/403/404) and nothing changes.
//   peer:    called by another loudong deployment with its token; A's callers are
//            refused and nothing changes.
// `path` fills the path parameters from B's objects; `body` is a request that
// would be valid if the caller were allowed, so a refusal is about access.
const SWEEP = {
  'GET /api/v1/health': { kind: 'public' },
  'GET /api/v1/openapi.json': { kind: 'public' },
  'GET /api/v1/public/info': { kind: 'public' },
  'GET /api/v1/public/pow': { kind: 'public' },
  'GET /api/v1/public/products': { kind: 'public' },
  'GET /api/v1/public/advisories': { kind: 'public' },
  'GET /api/v1/public/advisories/{ref}': { kind: 'hidden', path: (b) => [b.advisoryRef] },
  'GET /api/v1/public/advisories/{ref}/csaf': { kind: 'hidden', path: (b) => [b.advisoryRef] },
  'GET /api/v1/public/advisories/{ref}/cve5': { kind: 'hidden', path: (b) => [b.advisoryRef] },
  'GET /api/v1/public/advisories/{ref}/osv': { kind: 'hidden', path: (b) => [b.advisoryRef] },
  'GET /api/v1/public/advisories.atom': { kind: 'public' },
  'GET /.well-known/csaf/provider-metadata.json': { kind: 'public' },
  'GET /.well-known/csaf/provider-metadata.json.asc': { kind: 'public' },
  'GET /.well-known/csaf/openpgp/{file}': { kind: 'public' },
  'GET /.well-known/csaf/feed-tlp-white.json': { kind: 'public' },
  'GET /.well-known/csaf/clear/index.txt': { kind: 'public' },
  'GET /.well-known/csaf/clear/changes.csv': { kind: 'public' },
  'GET /.well-known/csaf/clear/{year}/{file}': {
    kind: 'hidden', path: (b) => [new Date().getUTCFullYear(), `${b.advisoryRef.toLowerCase()}.json`] },
  'GET /.well-known/security.txt': { kind: 'public' },
  'POST /api/v1/session': { kind: 'self', why: 'signs in with the caller\'s own credentials' },
  'GET /api/v1/session': { kind: 'self' },
  'DELETE /api/v1/session': { kind: 'self', skip: 'would sign the sweeping caller out' },
  'POST /api/v1/finders': { kind: 'self', why: 'anonymous sign-up of a new finder account' },
  'GET /api/v1/me/second-factor': { kind: 'self' },
  'POST /api/v1/me/second-factor/enrolment': { kind: 'self', why: 'the caller\'s own second factor' },
  'POST /api/v1/me/second-factor/confirmation': { kind: 'self', why: 'the caller\'s own second factor' },
  'POST /api/v1/me/second-factor/removal': { kind: 'self', why: 'the caller\'s own second factor' },
  'POST /api/v1/users/{id}/second-factor/reset': { kind: 'staff', path: (b) => [b.memberUser], why: 'platform admins only' },
  'GET /api/v1/tokens': { kind: 'list' },
  'POST /api/v1/tokens': { kind: 'create', body: (b) => ({ name: 'sweep', org_id: b.org, role: 'admin', expires_in_days: 1 }) },
  'DELETE /api/v1/tokens/{id}': { kind: 'hidden', path: (b) => [b.token] },
  'GET /api/v1/orgs': { kind: 'list' },
  'POST /api/v1/orgs': { kind: 'staff', body: () => ({ name: uniq('sweep'), type: 'provider', region: 'CN' }) },
  'GET /api/v1/users': { kind: 'list' },
  'POST /api/v1/users': { kind: 'create', body: (b) => ({ username: uniq('sw'), password: USER_PASSWORD, memberships: [{ org_id: b.org, role: 'admin' }] }) },
  'GET /api/v1/orgs/{id}/invitations': { kind: 'hidden', path: (b) => [b.org], status: [403, 404] },
  'POST /api/v1/orgs/{id}/invitations': { kind: 'hidden', path: (b) => [b.org], body: () => ({ username: 'someone', role: 'member' }), status: [403, 404] },
  'DELETE /api/v1/orgs/{id}/invitations/{iid}': { kind: 'hidden', path: (b) => [b.org, b.invitation], status: [403, 404] },
  'GET /api/v1/invitations': { kind: 'list' },
  'POST /api/v1/invitations/{id}/accept': { kind: 'hidden', path: (b) => [b.invitation], body: () => ({}) },
  'POST /api/v1/invitations/{id}/decline': { kind: 'hidden', path: (b) => [b.invitation], body: () => ({}) },
  'PUT /api/v1/users/{id}/memberships': { kind: 'hidden', path: (b) => [b.memberUser], body: (b, a) => ({ org_id: a.org, role: 'member' }) },
  'GET /api/v1/policy': { kind: 'list' },
  'PUT /api/v1/policy': { kind: 'staff', body: () => ({ finder_ack_hours: 24 }) },
  'GET /api/v1/policy/changes': { kind: 'staff' },
  'POST /api/v1/reports': { kind: 'self', why: 'intake: anyone may report; a report names no organisation object of B' },
  'GET /api/v1/reports': { kind: 'list' },
  'GET /api/v1/tracking/{tracking_id}': { kind: 'hidden', path: (b) => [b.trackingId] },
  'POST /api/v1/tracking/{tracking_id}/messages': { kind: 'hidden', path: (b) => [b.trackingId], body: () => ({ body: 'hello' }) },
  'GET /api/v1/reports/{id}': { kind: 'hidden', path: (b) => [b.report] },
  'GET /api/v1/reports/{id}/confidential': { kind: 'hidden', path: (b) => [b.report] },
  'GET /api/v1/reports/{id}/attachments/{aid}': { kind: 'hidden', path: (b) => [b.report, b.attachment] },
  'GET /api/v1/reports/{id}/timeline': { kind: 'hidden', path: (b) => [b.report] },
  'GET /api/v1/reports/{id}/messages': { kind: 'hidden', path: (b) => [b.report] },
  'POST /api/v1/reports/{id}/messages': { kind: 'hidden', path: (b) => [b.report], body: () => ({ visibility: 'finder', body: 'hello' }) },
  'POST /api/v1/reports/{id}/transitions': { kind: 'hidden', path: (b) => [b.report], body: () => ({ to: 'rejected', reason: 'sweep' }) },
  'POST /api/v1/reports/{id}/forwardings': { kind: 'hidden', path: (b) => [b.report], body: (b) => ({ peer_id: b.peer }) },
  'GET /api/v1/my/reports': { kind: 'list' },
  'GET /api/v1/my/reports/{id}': { kind: 'hidden', path: (b) => [b.report] },
  'POST /api/v1/my/reports/{id}/messages': { kind: 'hidden', path: (b) => [b.report], body: () => ({ body: 'hello' }) },
  'GET /api/v1/cases': { kind: 'list' },
  'GET /api/v1/cases/{id}': { kind: 'hidden', path: (b) => [b.case] },
  'PATCH /api/v1/cases/{id}': { kind: 'hidden', path: (b) => [b.case], body: () => ({ title: 'taken over', external_ids: ['CVE-2021-44228'] }) },
  'POST /api/v1/cases/{id}/transitions': { kind: 'hidden', path: (b) => [b.case], body: () => ({ to: 'not_affected', reason: 'sweep' }) },
  'PUT /api/v1/cases/{id}/assessment': { kind: 'hidden', path: (b) => [b.case], body: () => ({ cvss31_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }) },
  'POST /api/v1/cases/{id}/messages': { kind: 'hidden', path: (b) => [b.case], body: () => ({ visibility: 'all', body: 'hello' }) },
  'GET /api/v1/cases/{id}/clocks': { kind: 'hidden', path: (b) => [b.case] },
  'POST /api/v1/cases/{id}/participants': { kind: 'hidden', path: (b) => [b.case], body: (b, a) => ({ org_id: a.org, role: 'participant' }) },
  'GET /api/v1/clocks': { kind: 'list' },
  'POST /api/v1/cases/{id}/regulatory-reports': { kind: 'hidden', path: (b) => [b.case], body: () => ({}) },
  'GET /api/v1/regulatory-reports/{id}': { kind: 'hidden', path: (b) => [b.regReport] },
  'GET /api/v1/regulatory-reports/{id}/export': { kind: 'hidden', path: (b) => [b.regReport] },
  'PATCH /api/v1/regulatory-reports/{id}': { kind: 'hidden', path: (b) => [b.regReport], body: () => ({ product_name: 'x' }) },
  'POST /api/v1/regulatory-reports/{id}/submit': { kind: 'hidden', path: (b) => [b.regReport], body: () => ({ channel: 'email', reference: 'X-1' }) },
  'POST /api/v1/regulatory-reports/{id}/acknowledgement': { kind: 'hidden', path: (b) => [b.regReport], body: () => ({ note: 'received' }) },
  'POST /api/v1/regulatory-reports/{id}/filings': { kind: 'hidden', path: (b) => [b.regReport], body: (b) => ({ peer_id: b.peer }) },
  'GET /api/v1/regulatory-reports/{id}/filings': { kind: 'hidden', path: (b) => [b.regReport] },
  'POST /api/v1/cases/{id}/upstream-notices': { kind: 'hidden', path: (b) => [b.case], body: () => ({ upstream_provider: 'Upstream Ltd', component: 'libfoo', method: 'email', evidence: 'sent' }) },
  'POST /api/v1/cases/{id}/upstream-deliveries': { kind: 'hidden', path: (b) => [b.case], body: (b) => ({ peer_id: b.peer, evidence: 'the flaw' }) },
  'POST /api/v1/cases/{id}/user-notices': { kind: 'hidden', path: (b) => [b.case], body: () => ({ customer: 'x', method: 'email' }) },
  'POST /api/v1/cases/{id}/user-notices/emails': { kind: 'hidden', path: (b) => [b.case], body: () => ({ risk_en: 'risk', fix_en: 'fix' }) },
  'GET /api/v1/cases/{id}/components': { kind: 'hidden', path: (b) => [b.case] },
  'PUT /api/v1/cases/{id}/components': { kind: 'hidden', path: (b) => [b.case], body: () => ({ components: [{ purl: 'pkg:npm/left-pad@1.0.0' }] }) },
  'GET /api/v1/cases/{id}/impact': { kind: 'hidden', path: (b) => [b.case] },
  'GET /api/v1/cases/{id}/advisory': { kind: 'hidden', path: (b) => [b.case] },
  'POST /api/v1/cases/{id}/advisory': { kind: 'hidden', path: (b) => [b.case] },
  'PATCH /api/v1/cases/{id}/advisory': { kind: 'hidden', path: (b) => [b.case], body: () => ({ en: { title: 'taken over' } }) },
  'POST /api/v1/cases/{id}/advisory/transition': { kind: 'hidden', path: (b) => [b.case], body: () => ({ to: 'in_review' }) },
  'GET /api/v1/cases/{id}/advisory/gates': { kind: 'hidden', path: (b) => [b.case] },
  'POST /api/v1/cases/{id}/consents': { kind: 'hidden', path: (b) => [b.case], body: () => ({ kind: 'mps_blackout', mps_reference: 'MPS-1', mps_date: '2026-12-01' }) },
  // The blackout calendar is the deployment's: every member reads it, admins change it.
  'GET /api/v1/blackouts': { kind: 'list' },
  'POST /api/v1/blackouts': { kind: 'staff', body: () => ({ name: 'sweep', start: '2030-01-01T00:00:00Z', end: '2030-01-02T00:00:00Z' }) },
  'DELETE /api/v1/blackouts/{id}': { kind: 'staff', path: (b) => [b.blackout] },
  'GET /api/v1/cvss': { kind: 'public' },
  'GET /api/v1/classes': { kind: 'public' },
  'GET /api/v1/products': { kind: 'list' },
  'POST /api/v1/products': { kind: 'create', body: (b) => ({ provider_org: b.org, name: uniq('app'), kind: 'mobile_app', platform: 'android', app_id: 'com.example.sweep', store_version: '1.0' }) },
  // Products are a public catalogue (names and models): reading B's product is
  // allowed, but never its customers, and changing it is not.
  'GET /api/v1/products/{id}': { kind: 'readable', path: (b) => [b.product] },
  'PATCH /api/v1/products/{id}': { kind: 'hidden', path: (b) => [b.product], body: () => ({ name: 'taken over' }), status: [403, 404] },
  'POST /api/v1/products/{id}/versions/{version}/sbom': { kind: 'hidden', path: (b) => [b.product, '1.0'], raw: CDX, status: [403, 404] },
  'GET /api/v1/products/{id}/versions/{version}/components': { kind: 'hidden', path: (b) => [b.product, '1.0'], status: [403, 404] },
  'GET /api/v1/products/{id}/findings': { kind: 'hidden', path: (b) => [b.product], status: [403, 404] },
  'POST /api/v1/scan': { kind: 'list', body: () => ({ purls: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'] }) },
  'GET /api/v1/impact': { kind: 'list', query: '?purl=pkg:maven/org.apache.logging.log4j/log4j-core' },
  'GET /api/v1/receipts': { kind: 'staff' },
  'GET /api/v1/receipts/checkpoints': { kind: 'staff' },
  'POST /api/v1/receipts/verify': { kind: 'staff', body: () => ({}) },
  'GET /api/v1/access-log': { kind: 'staff' },
  'POST /api/v1/access-log/verify': { kind: 'staff', body: () => ({}) },
  'GET /api/v1/dashboard': { kind: 'list' },
  'POST /api/v1/import/osv': { kind: 'staff', body: () => ({ id: 'GHSA-xxxx-xxxx-xxxx', modified: '2024-01-01T00:00:00Z' }) },
  'POST /api/v1/import/cve5': { kind: 'staff', body: () => ({}) },
  'GET /api/v1/advisories': { kind: 'list' },
  'GET /api/v1/advisories/{id}': { kind: 'public', why: 'imported public advisories (OSV, CVE), the same for everyone' },
  'GET /api/v1/orgs/{id}/webhooks': { kind: 'hidden', path: (b) => [b.org], status: [403, 404] },
  'POST /api/v1/orgs/{id}/webhooks': { kind: 'hidden', path: (b) => [b.org], body: () => ({ url: 'https://evil.example/hook', events: ['case.confirmed'] }), status: [403, 404] },
  'PATCH /api/v1/webhooks/{id}': { kind: 'hidden', path: (b) => [b.webhook], body: () => ({ url: 'https://evil.example/hook' }) },
  'DELETE /api/v1/webhooks/{id}': { kind: 'hidden', path: (b) => [b.webhook] },
  'POST /api/v1/webhooks/{id}/secret': { kind: 'hidden', path: (b) => [b.webhook], body: () => ({}) },
  'POST /api/v1/webhooks/{id}/test': { kind: 'hidden', path: (b) => [b.webhook], body: () => ({}) },
  'GET /api/v1/me/notifications': { kind: 'self' },
  'PUT /api/v1/me/notifications': { kind: 'self', skip: 'changes only the caller\'s own preferences' },
  'GET /api/v1/deliveries': { kind: 'list' },
  'GET /api/v1/deliveries/{id}': { kind: 'hidden', path: (b) => [b.delivery] },
  'POST /api/v1/deliveries/{id}/retry': { kind: 'hidden', path: (b) => [b.delivery], body: () => ({}) },
  // Peers are the deployment's, not an organisation's: members list them
  // (to forward to them), platform admins manage them.
  'GET /api/v1/peers': { kind: 'list' },
  'POST /api/v1/peers': { kind: 'staff', body: (b) => ({ name: 'evil', base_url: 'https://evil.example', org_id: b.org, token: 'x'.repeat(40) }) },
  'DELETE /api/v1/peers/{id}': { kind: 'staff', path: (b) => [b.peer] },
  'POST /api/v1/federation/regulatory-reports': { kind: 'peer', body: () => ({}) },
  'POST /api/v1/federation/reports': { kind: 'peer', body: () => ({}) },
  'POST /api/v1/federation/decisions': { kind: 'peer', body: () => ({}) },
  'GET /api/v1/authority/inbox': { kind: 'staff' },
  'GET /api/v1/authority/inbox/{id}': { kind: 'staff', path: () => [1] },
  'POST /api/v1/authority/inbox/{id}/decision': { kind: 'staff', path: () => [1], body: () => ({ decision: 'acknowledged' }) },
  'POST /api/v1/authority/inbox/{id}/forwardings': { kind: 'staff', path: () => [1], body: (b) => ({ peer_id: b.peer }) },
  'POST /api/v1/authority/inbox/{id}/joint-assessment': { kind: 'staff', path: () => [1], body: () => ({}) },
  'GET /api/v1/authority/timeliness': { kind: 'staff' },
  // R-THREAT: a pool every member organisation pushes to and pulls from, by design.
  'POST /api/v1/threat-records': { kind: 'self', why: 'pushes into the shared pool' },
  'GET /api/v1/threat-records': { kind: 'list' },
  // R-FILING: the deployment's own filing, kept by the host's admins; the
  // portal shows only the filing in force, never contacts or the ID number.
  'GET /api/v1/platform-filing': { kind: 'staff' },
  'PUT /api/v1/platform-filing': { kind: 'staff', body: () => ({ platform_name: 'taken over' }) },
  'POST /api/v1/platform-filing/transitions': { kind: 'staff', body: () => ({ to: 'filed', filing_number: 'X-1', date: '2026-01-01' }) },
  'POST /api/v1/platform-filing/attachments': { kind: 'staff', body: () => ({ kind: 'mlps_proof', filename: 'x.pdf', data: 'eA==' }) },
  'GET /api/v1/platform-filing/attachments/{id}': { kind: 'staff', path: (b) => [b.filingAttachment] },
  'GET /api/v1/public/filing': { kind: 'public' },
  // R-BOUNTY: a case's rewards go with the case; a finder's own under /my.
  'GET /api/v1/cases/{id}/rewards': { kind: 'hidden', path: (b) => [b.case] },
  'POST /api/v1/cases/{id}/rewards': { kind: 'hidden', path: (b) => [b.case], body: () => ({ finder_name: 'x', amount_minor: 100, currency: 'CNY', policy_override: 'sweep' }) },
  'POST /api/v1/rewards/{id}/transitions': { kind: 'hidden', path: (b) => [b.reward], body: () => ({ to: 'cancelled', reason: 'sweep' }) },
  'GET /api/v1/my/rewards': { kind: 'list' },
  'GET /api/v1/public/reward-policies': { kind: 'public', why: 'the reward tables providers publish' },
  'POST /api/v1/reward-policies': { kind: 'create', body: (b) => ({ provider_org: b.org, grade: 'high', min_minor: 1, max_minor: 2, currency: 'CNY' }) },
  'PUT /api/v1/reward-policies/{id}': { kind: 'hidden', path: (b) => [b.rewardPolicy], body: (b) => ({ grade: 'high', min_minor: 1, max_minor: 2, currency: 'CNY' }) },
  'DELETE /api/v1/reward-policies/{id}': { kind: 'hidden', path: (b) => [b.rewardPolicy] },
  // R-OPERATOR: B's operator organisation's case, its sealed details and its asset exposures.
  'POST /api/v1/operator-cases': { kind: 'create', body: (b) => ({ org_id: b.opOrg, title: 'sweep', asset: 'sweep' }) },
  'GET /api/v1/cases/{id}/operator-details': { kind: 'hidden', path: (b) => [b.opCase] },
  'PUT /api/v1/cases/{id}/operator-details': { kind: 'hidden', path: (b) => [b.opCase], body: () => ({ asset: 'sweep' }) },
  'GET /api/v1/orgs/{id}/asset-exposures': { kind: 'hidden', path: (b) => [b.opOrg] },
  'POST /api/v1/orgs/{id}/asset-exposures': { kind: 'hidden', path: (b) => [b.opOrg], body: (b) => ({ advisory_ref: b.opCaseRef, asset: 'sweep' }) },
  'PATCH /api/v1/asset-exposures/{id}': { kind: 'hidden', path: (b) => [b.exposure], body: () => ({ status: 'patched' }) },
  'DELETE /api/v1/asset-exposures/{id}': { kind: 'hidden', path: (b) => [b.exposure] },
};

function openapiRoutes() {
  const doc = JSON.parse(readFileSync(path.join(REPO, 'src/api/openapi.json'), 'utf8'));
  const out = [];
  for (const [p, ops] of Object.entries(doc.paths))
    for (const m of Object.keys(ops))
      if (['get', 'post', 'put', 'patch', 'delete'].includes(m)) out.push(`${m.toUpperCase()} ${p}`);
  return out;
}

function fill(route, values) {
  let i = 0;
  return route.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(values[i++])));
}

describe('cross-tenant sweep: A\'s callers against B\'s objects', () => {
  let server, admin, anon;
  const a = {};
  const b = {};
  const callers = {};
  sharedServer((s) => ({ server, admin, anon } = s),
    // Queued, not delivered: B's webhook test leaves a delivery to aim at, and
    // nothing writes in the background while the database is hashed.
    { env: { LOUDONG_NOTIFY_ENABLED: 'true', LOUDONG_NOTIFY_WORKER: 'false' } });

  before(async () => {
    const orgA = await createOrg(admin);
    const orgB = await createOrg(admin);
    a.org = orgA.id;
    b.org = orgB.id;
    const productA = await createProduct(admin, orgA.id);
    const productB = await createProduct(admin, orgB.id, {
      customers: [{ name: `Customer ${SECRET}`, contact: `ops-${SECRET}@customer.example` }],
    });
    b.product = productB.id;

    // B's people: each with an email that is B's confidential text.
    const bUsers = {};
    for (const role of ['admin', 'coordinator', 'member']) {
      const r = await admin.post('/api/v1/users', {
        username: uniq(`b${role}`), password: USER_PASSWORD, email: `${role}-${SECRET}@b.example`,
        memberships: [{ org_id: orgB.id, role }],
      });
      assert.equal(r.status, 201, r.text);
      bUsers[role] = r.json;
    }
    b.memberUser = bUsers.member.id;
    // An invitation of B's to someone who is none of A's callers.
    const invitee = await createUser(admin, { username: uniq('carol') });
    let inv = await admin.post(`/api/v1/orgs/${orgB.id}/invitations`, { username: invitee.username, role: 'member' });
    assert.equal(inv.status, 201, inv.text);
    b.invitation = inv.json.invitation.id;
    const bAdmin = server.client();
    await bAdmin.signIn(bUsers.admin.username, USER_PASSWORD);
    let r = await bAdmin.post('/api/v1/tokens', { name: `token ${SECRET}`, org_id: orgB.id, role: 'admin', expires_in_days: 30 });
    assert.equal(r.status, 201, r.text);
    b.token = r.json.id;

    // B's report (from B's own signed-in finder, with an attachment) and case.
    const finderB = server.client();
    r = await finderB.post('/api/v1/finders', { username: uniq('fb'), password: USER_PASSWORD, email: `fb-${SECRET}@finder.example` });
    assert.equal(r.status, 201, r.text);
    await finderB.signIn(r.json.username ?? r.json.user?.username, USER_PASSWORD);
    const accepted = await acceptedCase(admin, finderB, {
      product_id: productB.id, title: `Flaw ${SECRET}`, impact: `impact ${SECRET}`, verification: `poc ${SECRET}`,
      contact_name: `Finder ${SECRET}`, contact_email: `fb-${SECRET}@finder.example`,
      attachments: [{ filename: 'poc.txt', content_type: 'text/plain', data: Buffer.from(SECRET).toString('base64') }],
    });
    b.case = accepted.caseId;
    b.report = accepted.submitted.id;
    b.trackingId = accepted.submitted.tracking_id;
    r = await admin.get(`/api/v1/reports/${b.report}/confidential`);
    assert.equal(r.status, 200, r.text);
    b.attachment = r.json.attachments[0].id;
    r = await admin.get(`/api/v1/cases/${b.case}`);
    b.caseRef = r.json.ref;
    r = await admin.post(`/api/v1/cases/${b.case}/advisory`);
    assert.equal(r.status, 201, r.text);
    b.advisoryRef = r.json.ref;
    r = await admin.patch(`/api/v1/cases/${b.case}/advisory`, { zh: { detection: `检测 ${SECRET}` } });
    assert.equal(r.status, 200, r.text);
    r = await admin.post('/api/v1/blackouts', { name: 'sweep target', start: '2031-01-01T00:00:00Z', end: '2031-01-02T00:00:00Z' });
    assert.equal(r.status, 201, r.text);
    b.blackout = r.json.id;
    r = await admin.post(`/api/v1/cases/${b.case}/messages`, { visibility: 'provider', body: `note ${SECRET}` });
    assert.equal(r.status, 201, r.text);
    r = await admin.post(`/api/v1/cases/${b.case}/regulatory-reports`, {});
    assert.equal(r.status, 201, r.text);
    b.regReport = r.json.id;
    r = await bAdmin.post(`/api/v1/orgs/${orgB.id}/webhooks`, { url: `https://hooks.b.example/${SECRET}`, events: ['case.confirmed'] });
    assert.equal(r.status, 201, r.text);
    b.webhook = r.json.id;
    r = await bAdmin.post(`/api/v1/webhooks/${b.webhook}/test`, {});
    assert.ok(r.status === 202 || r.status === 200 || r.status === 201, r.text);
    r = await bAdmin.get('/api/v1/deliveries?kind=webhook');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length > 0, r.text);
    b.delivery = r.json.items[0].id;
    r = await admin.post('/api/v1/peers', { name: 'partner', base_url: 'https://partner.example', org_id: orgB.id, token: 'p'.repeat(40) });
    assert.equal(r.status, 201, r.text);
    b.peer = r.json.id;
    // B's reward to its finder (with a staff note that is B's secret), B's
    // reward table, and the host's filing draft (a contact that is secret).
    r = await bAdmin.post(`/api/v1/cases/${b.case}/rewards`, { report_id: b.report, amount_minor: 100000, currency: 'CNY', note: `note ${SECRET}` });
    assert.equal(r.status, 201, r.text);
    b.reward = r.json.id;
    r = await bAdmin.post('/api/v1/reward-policies', { provider_org: orgB.id, grade: 'critical', min_minor: 1, max_minor: 2, currency: 'CNY' });
    assert.equal(r.status, 201, r.text);
    b.rewardPolicy = r.json.id;
    r = await admin.put('/api/v1/platform-filing', { platform_name: 'sweep', contacts: [{ name: 'c', phone: '13800138000', email: `c-${SECRET}@host.example` }] });
    assert.equal(r.status, 200, r.text);
    r = await admin.post('/api/v1/platform-filing/attachments', { kind: 'mlps_proof', filename: 'mlps.pdf', data: Buffer.from(SECRET).toString('base64') });
    assert.equal(r.status, 201, r.text);
    b.filingAttachment = r.json.filing.attachments[0].id;
    // B's operator organisation: a case in a system it runs (its asset is
    // B's secret) and an asset exposure to that case.
    const opB = await createOrg(admin, { type: 'operator' });
    b.opOrg = opB.id;
    const bOperator = await signedInUser(server, admin, [{ org_id: opB.id, role: 'admin' }]);
    r = await bOperator.post('/api/v1/operator-cases', { org_id: opB.id, title: `Operator flaw ${SECRET}`, asset: `asset ${SECRET}`, location: `zone ${SECRET}`, owner: 'ops' });
    assert.equal(r.status, 201, r.text);
    b.opCase = r.json.id;
    b.opCaseRef = r.json.ref;
    r = await bOperator.post(`/api/v1/orgs/${opB.id}/asset-exposures`, { advisory_ref: b.opCaseRef, asset: `host ${SECRET}`, status: 'affected' });
    assert.equal(r.status, 201, r.text);
    b.exposure = r.json.id;

    // A's callers, and a finder with a report of their own.
    callers.adminA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'admin' }]);
    callers.coordinatorA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'coordinator' }]);
    callers.memberA = await signedInUser(server, admin, [{ org_id: orgA.id, role: 'member' }]);
    r = await callers.adminA.post('/api/v1/tokens', { name: 'a-token', org_id: orgA.id, role: 'admin', expires_in_days: 1 });
    assert.equal(r.status, 201, r.text);
    callers.tokenA = new Client(server.url, { bearer: r.json.secret });
    const finder = server.client();
    r = await finder.post('/api/v1/finders', { username: uniq('fa'), password: USER_PASSWORD, email: 'fa@finder.example' });
    assert.equal(r.status, 201, r.text);
    await finder.signIn(r.json.username ?? r.json.user?.username, USER_PASSWORD);
    await acceptedCase(admin, finder, { product_id: productA.id });
    callers.finder = finder;
    callers.anonymous = anon;
  });

  it('every route of the OpenAPI document has an entry in the sweep', () => {
    const routes = openapiRoutes();
    const missing = routes.filter((r) => !(r in SWEEP));
    assert.deepEqual(missing, [], 'routes without a sweep entry: say how each is guarded');
    const stale = Object.keys(SWEEP).filter((r) => !routes.includes(r));
    assert.deepEqual(stale, [], 'sweep entries for routes that no longer exist');
  });

  async function send(client, route, spec) {
    const [method, template] = route.split(' ');
    let p = spec.path ? fill(template, spec.path(b, a)) : template;
    if (spec.query) p += spec.query;
    if (spec.raw) return client.req(method, p, undefined, { raw: spec.raw });
    const body = spec.body ? spec.body(b, a) : (method === 'GET' || method === 'DELETE' ? undefined : {});
    return client.req(method, p, body);
  }

  const signedIn = ['adminA', 'coordinatorA', 'memberA', 'tokenA', 'finder'];
  const allCallers = [...signedIn, 'anonymous'];

  it('no answer to A\'s callers carries B\'s confidential text, and refused writes change nothing', async () => {
    const problems = [];
    let tried = 0;
    for (const [route, spec] of Object.entries(SWEEP)) {
      if (spec.skip || spec.kind === 'self' && route.startsWith('POST')) continue;
      const write = !route.startsWith('GET ');
      for (const who of allCallers) {
        const before = write ? dbDigest(server.dataDir) : null;
        const r = await send(callers[who], route, spec);
        tried++;
        const where = `${who} ${route} -> ${r.status}`;
        if (r.status >= 500) problems.push(`${where}: server error ${r.text.slice(0, 200)}`);
        if (r.text.includes(SECRET)) problems.push(`${where}: B's confidential text in the answer ${r.text.slice(0, 300)}`);
        const allowed = (spec.kind === 'public' || spec.kind === 'list' || spec.kind === 'readable' || spec.kind === 'self');
        if (write && !allowed) {
          const after = dbDigest(server.dataDir);
          if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${where}: the database changed`);
        }
        if (spec.kind === 'hidden') {
          const want = who === 'anonymous' ? [401, 404] : (spec.status || [404]);
          if (!want.includes(r.status)) problems.push(`${where}: expected ${want.join(' or ')} ${r.text.slice(0, 200)}`);
        } else if (spec.kind === 'create' || spec.kind === 'staff' || spec.kind === 'peer') {
          if (r.status < 400) problems.push(`${where}: allowed ${r.text.slice(0, 200)}`);
        } else if (spec.kind === 'readable') {
          if (who !== 'anonymous' && r.status !== 200) problems.push(`${where}: expected the public view ${r.text.slice(0, 200)}`);
        }
      }
    }
    assert.ok(tried > 400, `only ${tried} requests`);
    assert.deepEqual(problems, []);
  });

  it('a hidden object answers exactly as a missing one', async () => {
    // The same status and error code for B's case and for no case at all.
    for (const who of signedIn) {
      const theirs = await callers[who].get(`/api/v1/cases/${b.case}`);
      const none = await callers[who].get('/api/v1/cases/999999');
      assert.equal(theirs.status, none.status, who);
      assert.deepEqual(theirs.json?.error?.code, none.json?.error?.code, who);
      const user = await callers[who].put(`/api/v1/users/${b.memberUser}/memberships`, { org_id: a.org, role: 'member' });
      const nouser = await callers[who].put('/api/v1/users/999999/memberships', { org_id: a.org, role: 'member' });
      assert.equal(user.status, nouser.status, `${who}: ${user.text} vs ${nouser.text}`);
    }
  });
});
