// Policy settings changed by administrators through the API: validated like
// the config file (a bad value is a 422 naming the field, and changes
// nothing), stored so that a restart keeps them, over the config file's
// values until removed again, every change recorded with who and when.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Server, dbDigest, freshDataDir } from './lib/server.mjs';
import { acceptedCase, createOrg, signedInUser } from './lib/fixtures.mjs';

const hours = (a, b) => (Date.parse(b) - Date.parse(a)) / 3600e3;

describe('policy settings through the API', () => {
  let server, admin, anon, coordinator, providerAdmin, auditor;
  before(async () => {
    const dataDir = freshDataDir();
    // The config file sets one value; the API overrides another and this one.
    writeFileSync(path.join(dataDir, 'loudong.toml'), '[policy]\nfix_high_days = 20\n');
    server = await Server.start({ dataDir });
    admin = await server.admin();
    anon = server.client();
    coordinator = await signedInUser(server, admin, [{ org_id: 1, role: 'coordinator' }]);
    auditor = await signedInUser(server, admin, [{ org_id: 1, role: 'auditor' }]);
    const org = await createOrg(admin);
    providerAdmin = await signedInUser(server, admin, [{ org_id: org.id, role: 'admin' }]);
  });
  after(async () => {
    await server.stop();
    server.cleanup();
  });

  const setting = (r, f) => r.json.settings.find((x) => x.field === f);

  it('GET shows each setting with its source and bounds, and whether the caller may change it', async () => {
    let r = await admin.get('/api/v1/policy');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.editable, true);
    assert.equal(r.json.settings.length, 13);
    assert.deepEqual(setting(r, 'fix_high_days'), {
      field: 'fix_high_days', value: 20, configured: 20, stored: false, min: 1, max: 100000, updated_at: null, updated_by: null,
    });
    assert.equal(r.json.fix_high_days, 20, 'the flat fields stay');
    assert.equal(setting(r, 'regulatory_report_hours').max, 48);
    assert.equal(setting(r, 'receipt_retention_days').min, 180);
    // A switch (R-FILING): 0 or 1, off unless set.
    assert.deepEqual([setting(r, 'intake_require_platform_filing').value, setting(r, 'intake_require_platform_filing').min,
      setting(r, 'intake_require_platform_filing').max], [0, 0, 1]);
    r = await coordinator.get('/api/v1/policy');
    assert.equal(r.status, 200);
    assert.equal(r.json.editable, false);
    assert.equal((await anon.get('/api/v1/policy')).status, 401);
  });

  // A refused change: the status, the field named, and the database untouched.
  async function refused(client, body, status, field, code) {
    const before = dbDigest(server.dataDir);
    const r = await client.put('/api/v1/policy', body);
    assert.equal(r.status, status, r.text);
    if (field) {
      const fields = r.json.error.details.fields ?? [];
      assert.ok(fields.some((f) => f.field === field && (!code || f.code === code)), `${field}/${code} in ${r.text}`);
    }
    assert.deepEqual(dbDigest(server.dataDir), before, `the database changed: ${JSON.stringify(body)}`);
    return r;
  }

  it('refuses bad values with 422 naming the setting, and changes nothing', async () => {
    const r = await refused(admin, { receipt_retention_days: 179 }, 422, 'receipt_retention_days', 'too_short');
    assert.match(r.json.error.message, /180/);
    await refused(admin, { regulatory_report_hours: 49 }, 422, 'regulatory_report_hours', 'too_long');
    await refused(admin, { due_soon_percent: 100 }, 422, 'due_soon_percent', 'out_of_range');
    await refused(admin, { fix_low_days: 0 }, 422, 'fix_low_days', 'out_of_range');
    await refused(admin, { fix_low_days: 1000000 }, 422, 'fix_low_days', 'out_of_range');
    await refused(admin, { intake_require_platform_filing: 2 }, 422, 'intake_require_platform_filing', 'out_of_range');
    await refused(admin, { intake_require_platform_filing: -1 }, 422, 'intake_require_platform_filing', 'out_of_range');
    // All or nothing: the good value in the same request is not kept either.
    await refused(admin, { fix_critical_days: 3, receipt_retention_days: 10 }, 422, 'receipt_retention_days');
    await refused(admin, { time_zone: 'UTC' }, 422, 'time_zone', 'read_only');
    await refused(admin, { regulatory_report_hours: '24' }, 400, 'regulatory_report_hours', 'wrong_type');
    await refused(admin, { regulatory_report_hours: 24.5 }, 400, 'regulatory_report_hours', 'wrong_type');
    await refused(admin, { regulatory_report_hourz: 24 }, 400, 'regulatory_report_hourz', 'unknown_field');
    const now = await admin.get('/api/v1/policy');
    assert.equal(setting(now, 'fix_critical_days').value, 7);
    assert.equal(setting(now, 'receipt_retention_days').stored, false);
  });

  it('only administrators of the host organisation may change it', async () => {
    await refused(coordinator, { fix_high_days: 10 }, 403);
    await refused(providerAdmin, { fix_high_days: 10 }, 403);
    await refused(auditor, { fix_high_days: 10 }, 403);
    await refused(anon, { fix_high_days: 10 }, 401);
    // The change record is the administrators' and auditors'.
    assert.equal((await coordinator.get('/api/v1/policy/changes')).status, 404);
    assert.equal((await providerAdmin.get('/api/v1/policy/changes')).status, 404);
    assert.equal((await auditor.get('/api/v1/policy/changes')).status, 200);
  });

  it('a stored value is in force at once, records who and when, and new clocks follow it', async () => {
    let r = await admin.put('/api/v1/policy', { regulatory_report_hours: 24, fix_high_days: 10 });
    assert.equal(r.status, 200, r.text);
    assert.equal(setting(r, 'regulatory_report_hours').value, 24);
    assert.equal(setting(r, 'regulatory_report_hours').configured, 48);
    assert.equal(setting(r, 'regulatory_report_hours').stored, true);
    assert.equal(setting(r, 'regulatory_report_hours').updated_by, 'Administrator', 'the display name');
    assert.equal(setting(r, 'fix_high_days').value, 10, 'a stored value overrides the config file');
    assert.equal(setting(r, 'fix_high_days').configured, 20);

    // Clocks started from now on use it.
    const { caseId } = await acceptedCase(admin, anon);
    const clocks = await admin.get(`/api/v1/cases/${caseId}/clocks`);
    const reg = clocks.json.items.find((k) => k.kind === 'regulatory_report');
    assert.equal(hours(reg.started_at, reg.due_at), 24);

    r = await admin.get('/api/v1/policy/changes');
    assert.equal(r.status, 200);
    const mine = r.json.items.filter((c) => c.field === 'regulatory_report_hours');
    assert.equal(mine.length, 1);
    assert.equal(mine[0].actor, 'admin');
    assert.equal(mine[0].old_value, 48);
    assert.equal(mine[0].new_value, 24);
    assert.equal(mine[0].stored, true);
    assert.ok(Math.abs(Date.parse(mine[0].at) - Date.now()) < 60_000);
    // Saving the same values again records nothing new.
    const n = r.json.total;
    await admin.put('/api/v1/policy', { regulatory_report_hours: 24 });
    assert.equal((await admin.get('/api/v1/policy/changes')).json.total, n);
    // and the access log has the change.
    const log = await admin.get('/api/v1/access-log?limit=200');
    assert.ok(log.json.items.some((e) => e.action === 'change' && e.object_type === 'policy' && /regulatory_report_hours 48 -> 24/.test(e.detail)));
  });

  it('a restart keeps the stored values; null goes back to the config file value', async () => {
    await server.restart();
    admin = await server.admin();
    let r = await admin.get('/api/v1/policy');
    assert.equal(setting(r, 'regulatory_report_hours').value, 24);
    assert.equal(setting(r, 'fix_high_days').value, 10);
    r = await admin.put('/api/v1/policy', { fix_high_days: null, regulatory_report_hours: null });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      [setting(r, 'fix_high_days').value, setting(r, 'fix_high_days').stored, setting(r, 'regulatory_report_hours').value],
      [20, false, 48],
    );
    r = await admin.get('/api/v1/policy/changes?limit=2');
    assert.deepEqual(r.json.items.map((c) => [c.field, c.old_value, c.new_value, c.stored]).sort(),
      [['fix_high_days', 10, 20, false], ['regulatory_report_hours', 24, 48, false]]);
    await server.restart();
    admin = await server.admin();
    r = await admin.get('/api/v1/policy');
    assert.equal(setting(r, 'fix_high_days').value, 20);
  });
});
