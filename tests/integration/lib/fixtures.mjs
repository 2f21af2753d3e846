// Domain fixtures: organisations, users, products, reports, cases.
import { cli } from './server.mjs';

let counter = 0;
export const uniq = (p = 'x') => `${p}${process.pid}_${Date.now().toString(36)}_${++counter}`;
export const USER_PASSWORD = 'User-Password-For-Tests-9';

export async function createOrg(admin, { name = uniq('org'), type = 'provider', region = 'CN' } = {}) {
  const r = await admin.post('/api/v1/orgs', { name, type, region });
  if (r.status !== 201) throw new Error(`create org: ${r.status} ${r.text}`);
  return r.json;
}

export async function createUser(admin, { username = uniq('u'), memberships = [], platform_admin } = {}) {
  const body = { username, password: USER_PASSWORD, memberships };
  if (platform_admin !== undefined) body.platform_admin = platform_admin;
  const r = await admin.post('/api/v1/users', body);
  if (r.status !== 201) throw new Error(`create user: ${r.status} ${r.text}`);
  return r.json;
}

export async function signedInUser(server, admin, memberships) {
  const u = await createUser(admin, { memberships });
  const c = server.client();
  await c.signIn(u.username, USER_PASSWORD);
  return c;
}

export async function createProduct(admin, providerOrg, extra = {}) {
  const r = await admin.post('/api/v1/products', {
    provider_org: providerOrg, name: uniq('Router'), model: 'R1', kind: 'firmware', versions: ['1.0', '1.1'], ...extra,
  });
  if (r.status !== 201) throw new Error(`create product: ${r.status} ${r.text}`);
  return r.json;
}

export function reportBody(extra = {}) {
  return {
    title: 'Stack overflow in the web admin login handler',
    product_text: 'Example router',
    product_version: '1.0',
    vuln_type: 'buffer overflow',
    cwe: 'CWE-121',
    location: '/cgi-bin/login',
    trigger_conditions: 'an unauthenticated POST with a long user name',
    impact: 'remote code execution as root',
    verification: 'send 4096 bytes of A as the user field',
    discovered_on: '2024-05-01',
    contact_email: 'finder@example.cn',
    contact_name: 'Finder',
    ...extra,
  };
}

export async function submitReport(client, extra = {}) {
  const r = await client.post('/api/v1/reports', reportBody(extra));
  if (r.status !== 201) throw new Error(`submit report: ${r.status} ${r.text}`);
  return r.json;
}

// Report -> triage -> accepted; returns {report, caseId, submitted}.
export async function acceptedCase(admin, anon, extra = {}) {
  const submitted = await submitReport(anon, extra);
  let r = await admin.post(`/api/v1/reports/${submitted.id}/transitions`, { to: 'triage' });
  if (r.status !== 200) throw new Error(`triage: ${r.status} ${r.text}`);
  r = await admin.post(`/api/v1/reports/${submitted.id}/transitions`, { to: 'accepted' });
  if (r.status !== 200) throw new Error(`accept: ${r.status} ${r.text}`);
  const caseId = r.json.case_id;
  if (!caseId) throw new Error(`accepted report has no case_id: ${r.text}`);
  return { submitted, report: r.json, caseId };
}

// Moves a case through the given states in order; each step must answer 200.
export async function moveCase(client, caseId, states) {
  for (const to of states) {
    const r = await client.post(`/api/v1/cases/${caseId}/transitions`, { to, reason: 'test' });
    if (r.status !== 200) throw new Error(`case ${caseId} to ${to}: ${r.status} ${r.text}`);
  }
}

export function cliOrg(dataDir, name, type = 'provider') {
  const r = cli(['org', 'add', '--data', dataDir, '--name', name, '--type', type, '--region', 'CN']);
  if (r.status !== 0) throw new Error(`org add: ${r.stderr}`);
  return r.json;
}

// The case's advisory through review and the provider's approval to
// publication (issue 10): creates it (prefilled from the case) unless it
// exists, applies `patch` (a solution by default), sends it to review, has
// `approver` (an admin or coordinator of the case's provider) approve it and
// `publisher` publish it (with `reason`, the change note a later revision
// needs). Returns the publish answer {status, json, text}
// without throwing, so a test can expect a refusal.
export async function publishAdvisory({ publisher, approver, caseId, patch = { en: { solution: 'Upgrade to the fixed firmware.' } }, reason }) {
  let r = await publisher.get(`/api/v1/cases/${caseId}/advisory`);
  if (r.status === 404) r = await publisher.post(`/api/v1/cases/${caseId}/advisory`);
  if (r.status !== 200 && r.status !== 201) throw new Error(`advisory: ${r.status} ${r.text}`);
  if (patch) {
    r = await publisher.patch(`/api/v1/cases/${caseId}/advisory`, patch);
    if (r.status !== 200) throw new Error(`advisory patch: ${r.status} ${r.text}`);
  }
  for (const [who, to] of [[publisher, 'in_review'], [approver, 'approved']]) {
    r = await who.post(`/api/v1/cases/${caseId}/advisory/transition`, { to });
    if (r.status !== 200) throw new Error(`advisory to ${to}: ${r.status} ${r.text}`);
  }
  return publisher.post(`/api/v1/cases/${caseId}/advisory/transition`, { to: 'published', ...(reason ? { reason } : {}) });
}

// A fixed case assessed 7.5 (CWE-22) with its advisory drafted; {caseId, ref}.
export async function fixedCaseWithAdvisory(admin, anon, product, externalIds = []) {
  const { caseId } = await acceptedCase(admin, anon, { product_id: product.id, title: uniq('Path traversal in the admin page ') });
  let r = await admin.put(`/api/v1/cases/${caseId}/assessment`, { cvss31_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', cwe: 'CWE-22' });
  if (r.status !== 200) throw new Error(`assessment: ${r.status} ${r.text}`);
  if (externalIds.length) {
    r = await admin.patch(`/api/v1/cases/${caseId}`, { external_ids: externalIds });
    if (r.status !== 200) throw new Error(`external ids: ${r.status} ${r.text}`);
  }
  await moveCase(admin, caseId, ['confirmed', 'fixing', 'fixed']);
  r = await admin.post(`/api/v1/cases/${caseId}/advisory`);
  if (r.status !== 201) throw new Error(`advisory: ${r.status} ${r.text}`);
  return { caseId, ref: r.json.ref };
}

// Federation (issue 9). On `server`: an organisation standing for the other
// side, a user in it, and an API token that the other side will use to call
// `server`.
export async function issueToken(server, admin, { name, type, region = 'CN' }) {
  const org = await createOrg(admin, { name, type, region });
  const bot = await signedInUser(server, admin, [{ org_id: org.id, role: 'member' }]);
  const r = await bot.post('/api/v1/tokens', { name: 'federation', org_id: org.id, role: 'member', expires_in_days: 30 });
  if (r.status !== 201) throw new Error(`issue token: ${r.status} ${r.text}`);
  return { org, token: r.json.secret };
}

// Registers a peer deployment at `url`, calling it with `token`.
export async function addPeer(admin, { name, url, orgId, token }) {
  const r = await admin.post('/api/v1/peers', { name, base_url: url, org_id: orgId, token });
  if (r.status !== 201) throw new Error(`add peer: ${r.status} ${r.text}`);
  if (r.text.includes(token)) throw new Error('the peer token was shown back');
  return r.json;
}

// A regulatory report drafted on a case, ready to file.
export async function draftReport(admin, caseId) {
  const r = await admin.post(`/api/v1/cases/${caseId}/regulatory-reports`, {
    contact_name: '王工', contact_phone: '010-12345678', contact_email: 'psirt@provider.example.cn',
    technical_characteristics: '登录接口栈溢出', harm: '远程代码执行', scope: '全部 1.x 版本',
  });
  if (r.status !== 201) throw new Error(`draft regulatory report: ${r.status} ${r.text}`);
  return r.json;
}
