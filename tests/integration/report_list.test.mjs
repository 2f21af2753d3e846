// GET /api/v1/reports: the grade filter (the grade of the report's case) and
// text search with other filters, over HTTP against the real binary.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer } from './lib/server.mjs';
import { acceptedCase, submitReport, uniq, USER_PASSWORD } from './lib/fixtures.mjs';

const CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8
const MEDIUM = 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L'; // 4.6

describe('report list: grade filter and text search', () => {
  let server, admin, anon, word, critical, medium, ungraded, duplicate, lone;

  sharedServer((s) => ({ server, admin, anon } = s));
  before(async () => {
    word = uniq('zebrafish');  // a word only these reports have
    critical = await acceptedCase(admin, anon, { title: `Command injection ${word} one` });
    medium = await acceptedCase(admin, anon, { title: `Path traversal ${word} two` });
    ungraded = await acceptedCase(admin, anon, { title: `Stored XSS ${word} three` });
    let r = await admin.put(`/api/v1/cases/${critical.caseId}/assessment`, { cvss31_vector: CRITICAL });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.assessment.grade, 'critical');
    r = await admin.put(`/api/v1/cases/${medium.caseId}/assessment`, { cvss31_vector: MEDIUM });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.assessment.grade, 'medium');
    // A duplicate joins the critical case; another report stays without a case.
    duplicate = await submitReport(anon, { title: `Command injection ${word} again` });
    r = await admin.post(`/api/v1/reports/${duplicate.id}/transitions`, { to: 'triage' });
    assert.equal(r.status, 200, r.text);
    r = await admin.post(`/api/v1/reports/${duplicate.id}/transitions`, { to: 'duplicate', case_id: critical.caseId, reason: 'same flaw' });
    assert.equal(r.status, 200, r.text);
    lone = await submitReport(anon, { title: `Open redirect ${word} alone` });
  });

  const ids = (r) => r.json.items.map((x) => x.id);

  it('grade=... lists the reports whose case has that grade, newest first, with the total', async () => {
    let r = await admin.get('/api/v1/reports?grade=critical');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(ids(r), [duplicate.id, critical.submitted.id]);
    assert.equal(r.json.total, 2);
    assert.equal(r.json.total_capped, undefined);
    r = await admin.get('/api/v1/reports?grade=medium&order=asc');
    assert.deepEqual(ids(r), [medium.submitted.id]);
    r = await admin.get('/api/v1/reports?grade=none');  // in a case not graded yet
    assert.deepEqual(ids(r), [ungraded.submitted.id]);
    r = await admin.get(`/api/v1/reports?grade=${encodeURIComponent('超危')}`);  // Chinese names, as for cases
    assert.deepEqual(ids(r), [duplicate.id, critical.submitted.id]);
    r = await admin.get('/api/v1/reports?grade=low');
    assert.deepEqual(ids(r), []);
    assert.equal(r.json.total, 0);
    // A report without a case matches no grade.
    for (const g of ['critical', 'high', 'medium', 'low', 'none']) {
      r = await admin.get(`/api/v1/reports?grade=${g}&limit=200`);
      assert.ok(!ids(r).includes(lone.id), g);
    }
  });

  it('grade follows a new assessment of the case', async () => {
    let r = await admin.put(`/api/v1/cases/${ungraded.caseId}/assessment`, { cvss31_vector: MEDIUM });
    assert.equal(r.status, 200, r.text);
    r = await admin.get('/api/v1/reports?grade=none');
    assert.deepEqual(ids(r), []);
    r = await admin.get('/api/v1/reports?grade=medium');
    assert.deepEqual(ids(r), [ungraded.submitted.id, medium.submitted.id]);
    assert.equal(r.json.total, 2);
  });

  it('a bad grade is refused naming the parameter', async () => {
    for (const bad of ['severe', 'CRITICALLY', '1']) {
      const r = await admin.get(`/api/v1/reports?grade=${bad}`);
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.details.fields[0].field, 'grade');
      assert.deepEqual(r.json.error.details.allowed, ['critical', 'high', 'medium', 'low', 'none']);
    }
  });

  it('text combines with grade, state and order, and pages by cursor', async () => {
    let r = await admin.get(`/api/v1/reports?text=${word}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(ids(r), [lone.id, duplicate.id, ungraded.submitted.id, medium.submitted.id, critical.submitted.id]);
    assert.equal(r.json.total, 5);
    r = await admin.get(`/api/v1/reports?text=${word}&grade=critical&order=asc`);
    assert.deepEqual(ids(r), [critical.submitted.id, duplicate.id]);
    assert.equal(r.json.total, 2);
    r = await admin.get(`/api/v1/reports?text=${word}&state=duplicate`);
    assert.deepEqual(ids(r), [duplicate.id]);
    r = await admin.get(`/api/v1/reports?text=${encodeURIComponent('COMMAND injection ' + word)}`);  // any case
    assert.deepEqual(ids(r), [duplicate.id, critical.submitted.id]);
    r = await admin.get(`/api/v1/reports?text=${encodeURIComponent(word + ' one')}`);
    assert.deepEqual(ids(r), [critical.submitted.id]);
    for (const order of ['desc', 'asc']) {
      const seen = [];
      let cursor = null;
      do {
        r = await admin.get(`/api/v1/reports?text=${word}&order=${order}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.equal(r.status, 200, r.text);
        if (cursor) assert.equal(r.json.total, undefined, 'the total comes with the first page only');
        seen.push(...ids(r));
        cursor = r.json.next_cursor;
      } while (cursor);
      const all = [critical.submitted.id, medium.submitted.id, ungraded.submitted.id, duplicate.id, lone.id];
      assert.deepEqual(seen, order === 'asc' ? all : [...all].reverse());
    }
  });

  it('a finder searching sees only their own reports', async () => {
    const username = uniq('finder');
    let r = await anon.post('/api/v1/finders', { username, password: USER_PASSWORD, email: `${username}@example.cn` });
    assert.equal(r.status, 201, r.text);
    const finder = server.client();
    await finder.signIn(r.json.username, USER_PASSWORD);  // the name asked for plus "-" and 4 digits
    const own = await submitReport(finder, { title: `Weak session ${word} mine` });
    r = await finder.get(`/api/v1/reports?text=${word}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(ids(r), [own.id]);
    assert.equal(r.json.total, 1);
    r = await finder.get('/api/v1/reports?grade=critical');
    assert.deepEqual(ids(r), []);
  });
});
