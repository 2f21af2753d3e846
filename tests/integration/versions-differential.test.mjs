// Differential tests: loudong's version ordering and npm ranges against each
// ecosystem's own tool, on cases generated from a fixed seed.
//   npm     node-semver (tests/package.json) `satisfies`, default and
//           includePrerelease, and the vers form of each range
//   Debian  dpkg's own comparison: Dpkg::Version (libdpkg-perl) for every
//           pair, and the dpkg binary (`dpkg --compare-versions`) on a sample
//           to show the two agree
//   RPM     rpm's own comparison (python3-rpm: rpm.ver, rpmverParse + rpmvercmp)
//   PyPI    python3-packaging's Version ordering
// loudong answers through `versions contains --batch` / `versions compare
// --batch`: one process per suite, not one per case (10,000 process starts
// take minutes under ASan).
//
// A disagreement prints the input, both answers, and a line to add to
// tests/data/versions/differential-corpus.tsv, which keeps every case that
// ever disagreed; unit_versions replays it (differential_corpus_test.cpp)
// and the first test here checks its expected answers against the tools.
//
// DIFF_SEED=n runs with another seed (the default is fixed so a failure is
// reproducible); DIFF_SCALE=k multiplies the case counts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, BIN, baseEnv } from './lib/server.mjs';

const SEED = Number(process.env.DIFF_SEED || 20260412);
const SCALE = Number(process.env.DIFF_SCALE || 1);
const CORPUS = path.join(REPO, 'tests/data/versions/differential-corpus.tsv');
// Debian's python3 (python3-rpm and python3-packaging live there), not a
// python3 that a version manager put first on PATH.
const PYTHON = '/usr/bin/python3';

const require = createRequire(import.meta.url);
let semver;
try {
  semver = require('semver');
} catch {
  throw new Error('node-semver is missing: run scripts/setup.sh (it installs tests/package.json into tests/node_modules)');
}

// ---- helpers ----------------------------------------------------------------

// mulberry32: small, fast, and the same sequence on every machine.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
  return r;
}

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, {
    env: baseEnv(), encoding: 'utf8', input, timeout: 120_000, maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  return r.stdout.split('\n').slice(0, -1);
}

// loudong's answers for tab-separated pairs, one line each.
function loudong(sub, eco, pairs, extra = []) {
  const lines = run(BIN, ['versions', sub, '--batch', ...extra, eco], pairs.map((p) => p.join('\t') + '\n').join(''));
  assert.equal(lines.length, pairs.length, 'one answer per line');
  return lines.map((l) => l.split('\t'));
}

function python(script, pairs) {
  return run(PYTHON, ['-c', script], pairs.map((p) => p.join('\t') + '\n').join(''));
}

const show = (s) => JSON.stringify(s);

// Fails with the first disagreements, each with its input, both answers and
// the corpus line that would keep it.
function report(kind, what, rows) {
  if (rows.length === 0) return;
  const lines = rows.slice(0, 40).map((d) =>
    `  ${what(d)}: reference ${show(d.want)}, loudong ${show(d.got)}\n    corpus: ${[kind, d.a, d.b, d.want].join('\t')}`);
  assert.fail(`${rows.length} ${kind} case(s) disagree (seed ${SEED}):\n${lines.join('\n')}` +
    (rows.length > 40 ? `\n  ... and ${rows.length - 40} more` : ''));
}

// ---- references -------------------------------------------------------------

// node-semver as loudong's `versions contains npm` reads a native range:
// strictly, else loosely (npm reads dependency ranges that way); the version
// loosely ("v1.2.3"); an unreadable version is "unknown", never "no".
function npmReference(range, version, includePrerelease) {
  let r;
  try {
    r = new semver.Range(range, { includePrerelease });
  } catch {
    try {
      r = new semver.Range(range, { loose: true, includePrerelease });
    } catch {
      return 'error';
    }
  }
  let v;
  try {
    if (!version) return 'unknown';
    v = new semver.SemVer(version, { loose: true });
  } catch {
    return 'unknown';
  }
  return r.test(v) ? 'yes' : 'no';
}

const DPKG_PERL = `use strict; use Dpkg::Version;
while (my $l = <STDIN>) { chomp $l; my ($a, $b) = split /\\t/, $l, -1;
  my $c = eval { version_compare($a, $b) }; print defined $c ? "$c\\n" : "error\\n"; }`;

const RPM_PY = `import sys, rpm
for line in sys.stdin:
    a, b = line.rstrip('\\n').split('\\t')
    try:
        x, y = rpm.ver(a), rpm.ver(b)
        print(-1 if x < y else 1 if x > y else 0)
    except Exception:
        print('error')`;

const PYPI_PY = `import sys
from packaging.version import Version, InvalidVersion
for line in sys.stdin:
    a, b = line.rstrip('\\n').split('\\t')
    try:
        x, y = Version(a), Version(b)
        print(-1 if x < y else 1 if x > y else 0)
    except InvalidVersion:
        print('error')`;

// ---- generators -------------------------------------------------------------

const NUMS = ['0', '1', '2', '3', '10'];
const PRE = ['alpha', 'beta', 'rc', '0', '1', 'alpha.1', 'rc.1', 'beta.2', 'alpha.beta', 'x-y', '00a'];

function npmVersion(g) {
  if (g.chance(0.03)) return g.pick(['1.2', 'x', '1.2.3.4', 'a.b.c', '1.2.3-', '01.2.3', '1.2.3beta', '=1.2.3']);
  let v = `${g.pick(NUMS)}.${g.pick(NUMS)}.${g.pick(NUMS)}`;
  if (g.chance(0.3)) v += '-' + g.pick(PRE);
  if (g.chance(0.1)) v += '+' + g.pick(['build', 'b.1', '001', 'x-y']);
  if (g.chance(0.04)) v = g.pick(['v', '=', ' ', 'v ']) + v;
  return v;
}

// A partial version as ranges write it: 1, 1.x, 1.2.*, 1.2.3-rc.1+b.
function partial(g) {
  const X = () => g.pick(['x', 'X', '*']);
  const part = (p) => (g.chance(p) ? X() : g.pick(NUMS));
  const n = g.pick([1, 2, 3, 3, 3, 3]);
  let s = part(0.1);
  if (n >= 2) s += '.' + part(0.15);
  if (n >= 3) {
    s += '.' + part(0.1);
    if (g.chance(0.2)) s += '-' + g.pick(PRE);
    if (g.chance(0.05)) s += '+' + g.pick(['build', 'b.1']);
  }
  if (g.chance(0.04)) s = g.pick(['v', '=', 'v=']) + s;
  if (g.chance(0.01)) s = g.pick(['01', '1.02', '1.2.3beta', '1.2.3-01']) + '';
  return s;
}

function comparator(g) {
  const op = g.pick(['', '', '=', '<', '<=', '>', '>=', '>=', '<', '~', '^', '^', '~>']);
  return op + (op && g.chance(0.1) ? ' ' : '') + partial(g);
}

function npmRange(g) {
  if (g.chance(0.02)) return g.pick(['*', 'x', '', '||', '>=0', '<0.0.0-0', '>*', '<x', 'latest', '1.2.3 -', '- 1']);
  const ws = () => (g.chance(0.05) ? g.pick(['  ', '   ']) : ' '); // no tabs: they separate the batch fields
  const alts = [];
  const n = g.pick([1, 1, 1, 2, 2, 3]);
  for (let i = 0; i < n; i++) {
    if (g.chance(0.25)) {
      alts.push(partial(g) + ws() + '-' + ws() + partial(g));
    } else {
      const k = g.pick([1, 1, 2, 2, 3]);
      const cs = [];
      for (let j = 0; j < k; j++) cs.push(comparator(g));
      alts.push(cs.join(ws()));
    }
  }
  return alts.join(g.pick([' || ', '||', ' ||', '|| ']));
}

// Debian: [epoch:]upstream[-revision]; upstream starts with a digit.
function debVersion(g) {
  const piece = () => g.pick(['0', '1', '2', '10', '01', '00', 'a', 'b', 'rc', 'dfsg', 'git', 'A', 'Z', 'z', '']);
  const sep = (hasRev, hasEpoch) => g.pick(['.', '.', '+', '~', ...(hasRev ? ['-'] : []), ...(hasEpoch ? [':'] : [])]);
  const epoch = g.chance(0.2) ? g.pick(['0', '1', '2', '10']) : '';
  const rev = g.chance(0.6);
  let up = g.pick(['0', '1', '2', '10', '1.0', '2.3']);
  const n = g.int(4);
  for (let i = 0; i < n; i++) up += sep(rev, epoch !== '') + piece();
  if (up.endsWith('-')) up += '1';
  if (g.chance(0.1)) up += '~';
  let v = (epoch ? epoch + ':' : '') + up;
  if (rev) {
    let r = g.pick(['1', '0', '2', '0ubuntu1', '1~bpo11+1', '1+deb12u1', '1.1', '10', 'a', '1~', '~', '0.1']);
    if (g.chance(0.2)) r += g.pick(['.1', '+b1', '~rc', 'build1']);
    v += '-' + r;
  }
  return v;
}

// RPM: [epoch:]version[-release].
function rpmVersion(g) {
  const piece = () => g.pick(['0', '1', '2', '10', '01', '001', 'a', 'b', 'rc', 'el8', 'fc38', 'git', 'Z', 'z', '']);
  const sep = () => g.pick(['.', '.', '.', '_', '+', '~', '^', '']);
  const epoch = g.chance(0.15) ? g.pick(['0', '1', '2']) : '';
  let v = g.pick(['0', '1', '2', '10', '1.0', '2.3', 'a']);
  const n = g.int(4);
  for (let i = 0; i < n; i++) v += sep() + piece();
  if (g.chance(0.7)) {
    let r = g.pick(['1', '0', '2', '1.el8', '0.rc1', '2.fc38', '1~beta', '1^git', '10', 'a']);
    if (g.chance(0.2)) r += g.pick(['.1', '_1', '~x', '^y']);
    v += '-' + r;
  }
  return (epoch ? epoch + ':' : '') + v;
}

// PEP 440, with the spellings packaging normalises (1.0RC1, 1.0-post2, v1.0).
function pypiVersion(g) {
  let v = g.chance(0.1) ? g.pick(['0', '1', '2']) + '!' : '';
  const n = g.pick([1, 2, 2, 3, 3, 4]);
  const rel = [];
  for (let i = 0; i < n; i++) rel.push(g.pick(['0', '1', '2', '10', '00', '01']));
  v += rel.join('.');
  if (g.chance(0.3)) {
    v += g.pick(['', '', '.', '-', '_']) + g.pick(['a', 'b', 'rc', 'c', 'alpha', 'beta', 'pre', 'preview', 'A', 'RC']);
    if (g.chance(0.8)) v += g.pick(['', '.', '-']) + g.pick(['0', '1', '2', '10']);
  }
  if (g.chance(0.2)) v += g.pick(['.post', 'post', '-post', '.r', 'rev', '-', '.POST']) + g.pick(['0', '1', '2']);
  if (g.chance(0.2)) v += g.pick(['.dev', 'dev', '-dev', '.DEV']) + g.pick(['', '0', '1', '3']);
  if (g.chance(0.1)) v += '+' + g.pick(['ubuntu.1', 'abc', '1.2', 'a-b_c', '0', '10.a']);
  if (g.chance(0.05)) v = 'v' + v;
  if (g.chance(0.03)) v = ' ' + v + ' ';
  return v;
}

// Pairs that meet often: half the second versions are near the first.
function pairs(g, gen, n) {
  const out = [];
  const pool = [];
  for (let i = 0; i < n; i++) {
    const a = gen(g);
    const b = pool.length && g.chance(0.5) ? g.pick(pool) : gen(g);
    pool.push(a);
    if (pool.length > 200) pool.shift();
    out.push([a, b]);
  }
  return out;
}

// ---- corpus -----------------------------------------------------------------

function corpus() {
  const rows = [];
  for (const line of readFileSync(CORPUS, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [kind, a, b, want] = line.split('\t');
    rows.push({ kind, a, b, want });
  }
  return rows;
}

// ---- tests ------------------------------------------------------------------

describe('versions differential', () => {
  it('the corpus of past disagreements holds what the reference tools answer', () => {
    const rows = corpus();
    assert.ok(rows.length > 0);
    const bad = [];
    const by = (kind) => rows.filter((r) => r.kind === kind);
    for (const r of rows) {
      let want;
      if (r.kind === 'npm') want = npmReference(r.a, r.b, false);
      else if (r.kind === 'npm-include-prerelease') want = npmReference(r.a, r.b, true);
      else if (r.kind === 'npm-vers') want = npmReference(r.a, r.b, false);
      else continue;
      if (want !== r.want) bad.push({ ...r, got: want });
    }
    for (const [kind, script, cmd] of [['deb', DPKG_PERL, 'perl'], ['rpm', RPM_PY, PYTHON], ['pypi', PYPI_PY, PYTHON]]) {
      const rs = by(kind);
      if (!rs.length) continue;
      const input = rs.map((r) => [r.a, r.b]);
      const got = cmd === 'perl' ? run('perl', ['-e', script], input.map((p) => p.join('\t') + '\n').join('')) : python(script, input);
      rs.forEach((r, i) => { if (got[i] !== r.want) bad.push({ ...r, got: got[i] }); });
    }
    for (const r of rows) {
      if (!['npm', 'npm-include-prerelease', 'npm-vers', 'deb', 'rpm', 'pypi'].includes(r.kind)) bad.push({ ...r, got: 'unknown kind' });
    }
    assert.deepEqual(bad, [], 'corpus lines whose expected answer is not the reference tool\'s');
  });

  it(`npm ranges agree with node-semver (${10000 * SCALE} cases, both prerelease rules)`, () => {
    const g = rng(SEED);
    const cases = [];
    for (let i = 0; i < 10000 * SCALE; i++) cases.push([npmRange(g), npmVersion(g)]);
    let counts = { yes: 0, no: 0, unknown: 0, error: 0 };
    for (const [includePrerelease, kind, extra] of [[false, 'npm', []], [true, 'npm-include-prerelease', ['--include-prerelease']]]) {
      const got = loudong('contains', 'npm', cases, extra);
      const bad = [];
      cases.forEach(([a, b], i) => {
        const want = npmReference(a, b, includePrerelease);
        if (!includePrerelease) counts[want]++;
        if (got[i][0] !== want) bad.push({ a, b, want, got: got[i].join(' | ') });
      });
      report(kind, (d) => `satisfies(${show(d.b)}, ${show(d.a)}${includePrerelease ? ', {includePrerelease}' : ''})`, bad);
    }
    // The generator must reach every answer, or the comparison proves little.
    for (const [k, n] of Object.entries(counts)) assert.ok(n > 100, `only ${n} "${k}" answers: ${JSON.stringify(counts)}`);
  });

  it('the vers form of an npm range holds the same releases and every version node-semver accepts', () => {
    // Matching reads ranges as vers (version order, OSV semantics), so the
    // vers form may hold more prereleases than satisfies, never fewer
    // versions: no false negative when an advisory is written in npm syntax.
    const g = rng(SEED + 1);
    const cases = [];
    for (let i = 0; i < 5000 * SCALE; i++) cases.push([npmRange(g), npmVersion(g)]);
    const first = loudong('contains', 'npm', cases);
    const second = [];
    const idx = [];
    first.forEach((f, i) => {
      if (f[0] === 'yes' || f[0] === 'no') {
        second.push([f[1], cases[i][1]]);
        idx.push(i);
      }
    });
    const got = loudong('contains', 'npm', second);
    const bad = [];
    idx.forEach((i, k) => {
      const [range, version] = cases[i];
      const want = npmReference(range, version, false);
      const v = semver.parse(version, { loose: true });
      const answer = got[k][0];
      const ok = v && v.prerelease.length === 0 ? answer === want : want !== 'yes' || answer === 'yes';
      if (!ok) bad.push({ a: range, b: version, want, got: `${answer} (${second[k][0]})` });
    });
    report('npm-vers', (d) => `${show(d.a)} as vers holds ${show(d.b)}`, bad);
    assert.ok(second.length > 4000, `only ${second.length} of ${cases.length} cases reached the vers check`);
  });

  it(`Debian versions order as dpkg orders them (${5000 * SCALE} pairs)`, () => {
    const g = rng(SEED + 2);
    const ps = pairs(g, debVersion, 5000 * SCALE);
    const want = run('perl', ['-e', DPKG_PERL], ps.map((p) => p.join('\t') + '\n').join(''));
    const got = loudong('compare', 'deb', ps);
    const bad = [];
    ps.forEach(([a, b], i) => { if (got[i][0] !== want[i]) bad.push({ a, b, want: want[i], got: got[i].join(' ') }); });
    report('deb', (d) => `compare(${show(d.a)}, ${show(d.b)})`, bad);
    // Dpkg::Version is dpkg's Perl reading of its C verrevcmp; the dpkg
    // binary itself decides a sample, so the reference is dpkg's own answer.
    const sample = ps.filter((_, i) => i % 20 === 0 && want[i] !== 'error');
    const script = 'while IFS="$(printf \'\\t\')" read -r a b; do ' +
      'if dpkg --compare-versions "$a" lt "$b"; then echo -1; elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done';
    const bin = run('bash', ['-c', script], sample.map((p) => p.join('\t') + '\n').join(''));
    const perlOf = new Map(ps.map((p, i) => [p.join('\t'), want[i]]));
    const split = sample.filter((p, i) => bin[i] !== perlOf.get(p.join('\t')));
    assert.deepEqual(split, [], 'pairs where dpkg --compare-versions and Dpkg::Version differ');
  });

  it(`RPM versions order as rpm orders them (${5000 * SCALE} pairs)`, () => {
    const g = rng(SEED + 3);
    const ps = pairs(g, rpmVersion, 5000 * SCALE);
    const want = python(RPM_PY, ps);
    const got = loudong('compare', 'rpm', ps);
    const bad = [];
    ps.forEach(([a, b], i) => { if (got[i][0] !== want[i]) bad.push({ a, b, want: want[i], got: got[i].join(' ') }); });
    report('rpm', (d) => `rpm.ver(${show(d.a)}) vs rpm.ver(${show(d.b)})`, bad);
  });

  it(`PyPI versions order as packaging orders them (${5000 * SCALE} pairs)`, () => {
    const g = rng(SEED + 4);
    const ps = pairs(g, pypiVersion, 5000 * SCALE);
    const want = python(PYPI_PY, ps);
    const got = loudong('compare', 'pypi', ps);
    const bad = [];
    ps.forEach(([a, b], i) => { if (got[i][0] !== want[i]) bad.push({ a, b, want: want[i], got: got[i].join(' ') }); });
    report('pypi', (d) => `Version(${show(d.a)}) vs Version(${show(d.b)})`, bad);
  });
});
