#!/usr/bin/env python3
"""Scale go-osv.zip-shaped data to OSV's real size, for the inventory benchmarks.

How the data is made (documented in docs/performance.md):
  - every record is a real go-osv.zip record used as a template (summary,
    details, references, credits, aliases shape, schema_version), with a new
    id, new aliases (CVE-/GHSA-style) and a new affected[] list, written
    pretty-printed (indent 2) as the OSV archives are;
  - ecosystems follow OSV's mix in 2026 (Debian/Ubuntu/Alpine/Red Hat
    distributions about half, then PyPI, npm, Maven, Go, Packagist, crates.io,
    RubyGems, NuGet, others): see SHARES;
  - package names per ecosystem are a pool of len(records)/6 names picked
    with a Zipf(1.1) law (zipf_pick), so a few packages have hundreds of
    advisories (as openssl, linux, django do) and most have one or two;
  - each affected entry has 1-3 introduced/fixed pairs, 10% of ranges end
    their pairs with last_affected instead of fixed (never both in one range,
    which OSV forbids), 5% an explicit versions list, 3% a GIT range with
    commit hashes; versions in the ecosystem's syntax (semver, PEP 440,
    Maven, Debian epoch/revision, Alpine -rN);
  - 1.25 affected entries per record on average; 2% are withdrawn.
Every generated record is valid OSV.

The SBOM (--sbom N) is CycloneDX 1.5 and, like a real one, lists each
package once: N DISTINCT packages drawn from the same pools without
replacement, weighted by popularity (the probability zipf_pick gives the name
times its ecosystem's share; Efraimidis-Spirakis sampling), each with a
random version. The records' Zipf distribution is not changed by this. When
N exceeds the pools (about records/6 names, so at 52,000 records only ~8,700
names exist), the rest are packages no advisory names, as most components of
a real SBOM are.

Speed: records are made in chunks of 5,000 on every core (multiprocessing),
each chunk from its own seed, so the output does not depend on the number of
processes (--jobs); the JSON text of each template is rendered once with
holes for the fields that change, the affected entries are written straight
to text, and the zip is written directly (deflate level 1, done by the
workers; ZIP64 end records past 65,535 entries). On the 2-core build
machine: 52,000 records in 5 s, 520,000 in 33 s (the first version: 11 s
and about two minutes).
"""
import argparse, json, math, multiprocessing, os, random, string, struct, zipfile, zlib
from json.encoder import encode_basestring_ascii as jstr

SHARES = [("Debian", 0.22), ("Ubuntu", 0.14), ("Alpine", 0.07), ("Red Hat", 0.06), ("PyPI", 0.10),
          ("npm", 0.10), ("Maven", 0.09), ("Go", 0.06), ("Packagist", 0.04), ("crates.io", 0.03),
          ("RubyGems", 0.03), ("NuGet", 0.03), ("Hex", 0.01), ("Pub", 0.01)]
PURL = {"Debian": ("deb", "debian"), "Ubuntu": ("deb", "ubuntu"), "Alpine": ("apk", "alpine"),
        "Red Hat": ("rpm", "redhat"), "PyPI": ("pypi", None), "npm": ("npm", None), "Maven": ("maven", None),
        "Go": ("golang", None), "Packagist": ("composer", None), "crates.io": ("cargo", None),
        "RubyGems": ("gem", None), "NuGet": ("nuget", None), "Hex": ("hex", None), "Pub": ("pub", None)}
ECOS = [e for e, _ in SHARES]
WEIGHTS = [s for _, s in SHARES]
CHUNK = 5000
ZIPF = 1.1
LOWER = string.ascii_lowercase


def word(r):
    return "".join(r.choices(LOWER, k=r.randint(3, 9)))


def name_for(eco, r):
    w = word(r)
    if eco == "Maven": return f"org.{word(r)}.{word(r)}:{w}-core"
    if eco == "Go": return f"github.com/{word(r)}/{w}"
    if eco == "npm": return (f"@{word(r)}/" if r.random() < 0.3 else "") + w
    if eco == "Packagist": return f"{word(r)}/{w}"
    return w


def version(eco, r, major, minor, patch):
    if eco in ("Debian", "Ubuntu"): return ("1:" if r.random() < 0.1 else "") + f"{major}.{minor}.{patch}-{r.randint(1, 9)}"
    if eco == "Alpine": return f"{major}.{minor}.{patch}-r{r.randint(0, 5)}"
    if eco == "Red Hat": return f"{major}.{minor}.{patch}-{r.randint(1, 30)}.el9"
    return f"{major}.{minor}.{patch}"


def zipf_pick(pool, r):
    # Inverse-CDF sampling of a truncated Zipf(1.1): index ~ N^(u^1.1) - 1.
    n = len(pool)
    i = int(n ** r.random() ** ZIPF) - 1
    return pool[min(max(i, 0), n - 1)]


def zipf_probabilities(n):
    # P(zipf_pick returns index i) for a pool of n: u in [log_n(i+1)^(1/1.1), log_n(i+2)^(1/1.1)).
    if n == 1: return [1.0]
    edge = lambda k: (math.log(k) / math.log(n)) ** (1 / ZIPF) if k < n else 1.0
    return [edge(i + 2) - edge(i + 1) for i in range(n)]


def pools(n_records, seed):
    r = random.Random(seed)
    out = {}
    for eco, share in SHARES:
        k = max(50, int(n_records * share / 6))
        seen = set()
        names = []
        while len(names) < k:
            nm = name_for(eco, r)
            if nm not in seen:
                seen.add(nm)
                names.append(nm)
        out[eco] = names
    return out


# Pretty JSON (indent 2) without the pure-Python json encoder, which is what
# made the old generator slow: values are str, list or dict.
def pretty(o, depth):
    if isinstance(o, str): return jstr(o)
    pad = "\n" + "  " * (depth + 1)
    end = "\n" + "  " * depth
    if isinstance(o, dict):
        if not o: return "{}"
        return "{" + ",".join(pad + jstr(k) + ": " + pretty(v, depth + 1) for k, v in o.items()) + end + "}"
    if not o: return "[]"
    return "[" + ",".join(pad + pretty(v, depth + 1) for v in o) + end + "]"


# The affected entries are the bulk of each record: written straight to
# text (the entries at depth 2, inside "affected": [...]), as pretty() would.
I2, I3, I4, I5, I6, I7 = ("\n" + " " * n for n in (4, 6, 8, 10, 12, 14))


def events_text(events):
    return "[" + ",".join(f"{I6}{{{I7}{jstr(k)}: {jstr(v)}{I6}}}" for k, v in events) + I5 + "]"


def affected(eco, name, r):
    events = []
    major = r.randint(0, 5)
    end_kind = "last_affected" if r.random() < 0.1 else "fixed"
    for _ in range(r.choice((1, 1, 1, 2, 2, 3))):
        minor = r.randint(0, 20)
        intro = "0" if not events and r.random() < 0.3 else version(eco, r, major, minor, 0)
        events.append(("introduced", intro))
        events.append((end_kind, version(eco, r, major, minor + r.randint(0, 3), r.randint(1, 15))))
        major += 1
    typ = "SEMVER" if eco in ("Go", "npm", "crates.io", "Hex", "Pub") else "ECOSYSTEM"
    ranges = [f'{I4}{{{I5}"type": "{typ}",{I5}"events": {events_text(events)}{I4}}}']
    if r.random() < 0.03:
        h = lambda: "%040x" % r.getrandbits(160)
        ranges.append(f'{I4}{{{I5}"type": "GIT",{I5}"repo": "https://github.com/x/{word(r)}",{I5}"events": '
                      f'{events_text([("introduced", h()), ("fixed", h())])}{I4}}}')
    eco_name = eco + (":12" if eco == "Debian" else "")
    text = (f'{I2}{{{I3}"package": {{{I4}"ecosystem": {jstr(eco_name)},{I4}"name": {jstr(name)}{I3}}},'
            f'{I3}"ranges": [{",".join(ranges)}{I3}]')
    if r.random() < 0.05:
        versions = [version(eco, r, major, i, 0) for i in range(r.randint(1, 5))]
        text += f',{I3}"versions": [' + ",".join(I4 + jstr(v) for v in versions) + I3 + "]"
    return text + I2 + "}"


# Per-template text split at the fields each record replaces.
HOLES = ("id", "modified", "aliases", "affected", "withdrawn")


def split_template(t, withdrawn):
    t = dict(t)
    for k in HOLES[:4]: t[k] = f"@@{k}@@"
    if withdrawn or "withdrawn" in t: t["withdrawn"] = "@@withdrawn@@"
    text = pretty(t, 0)
    parts, holes = [], []
    while True:
        at = [(text.find(f'"@@{k}@@"'), k) for k in HOLES]
        at = [(i, k) for i, k in at if i >= 0]
        if not at: break
        i, k = min(at)
        parts.append(text[:i])
        holes.append(k)
        text = text[i + len(k) + 6:]
    parts.append(text)
    return parts, holes


G = {}  # worker state: templates, pools, seed


def init_worker(templates, pool, seed):
    G.update(templates=templates, pool=pool, seed=seed, split={})


DOS_TIME, DOS_DATE = 0, (2026 - 1980) << 9 | 1 << 5 | 1


def gen_chunk(args):
    start, count = args
    r = random.Random(f"{G['seed']}-{start}")
    templates, pool, split = G["templates"], G["pool"], G["split"]
    out, entries, off = [], [], 0
    for i in range(start, start + count):
        ti = r.randrange(len(templates))
        eco = r.choices(ECOS, WEIGHTS)[0]
        vals = {"id": f"BENCH-{eco[:3].upper()}-{i:07d}",
                "modified": f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T00:00:00Z"}
        aliases = [f"CVE-{r.randint(1999, 2026)}-{r.randint(1000, 999999)}"]
        if r.random() < 0.5: aliases.append(f"GHSA-{word(r)[:4]}-{word(r)[:4]}-{word(r)[:4]}")
        vals["aliases"] = aliases
        vals["affected"] = ("[" + ",".join(affected(eco, zipf_pick(pool[eco], r), r)
                                          for _ in range(1 if r.random() < 0.75 else 2)) + "\n  ]")
        withdrawn = r.random() < 0.02
        if withdrawn: vals["withdrawn"] = "2025-06-01T00:00:00Z"
        key = (ti, withdrawn and "withdrawn" not in templates[ti])
        if key not in split: split[key] = split_template(templates[ti], key[1])
        parts, holes = split[key]
        buf = [parts[0]]
        for k, p in zip(holes, parts[1:]):
            buf.append(vals[k] if k == "affected" else pretty(vals.get(k, templates[ti].get(k, "")), 1))
            buf.append(p)
        data = "".join(buf).encode()
        name = (vals["id"] + ".json").encode()
        comp = zlib.compress(data, 1, -15)
        crc = zlib.crc32(data)
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, DOS_TIME, DOS_DATE, crc, len(comp), len(data),
                           len(name), 0)
        entries.append((name, crc, len(comp), len(data), off))
        out += (head, name, comp)
        off += len(head) + len(name) + len(comp)
    return b"".join(out), entries


def write_zip(path, chunks):
    central, n = [], 0
    with open(path, "wb") as f:
        base = 0
        for blob, entries in chunks:
            f.write(blob)
            for name, crc, csize, usize, off in entries:
                if base + off > 0xFFFFFFFF: raise SystemExit("zip larger than 4 GiB: not supported")
                central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 3 << 8 | 20, 20, 0, 8, DOS_TIME, DOS_DATE,
                                           crc, csize, usize, len(name), 0, 0, 0, 0, 0o100644 << 16, base + off))
                central.append(name)
                n += 1
            base += len(blob)
        cd = b"".join(central)
        f.write(cd)
        cd_off, cd_size = base, len(cd)
        if n > 0xFFFF:  # ZIP64 end of central directory record and locator
            z64 = base + cd_size
            f.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, cd_size, cd_off))
            f.write(struct.pack("<IIQI", 0x07064B50, 0, z64, 1))
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(n, 0xFFFF), min(n, 0xFFFF), cd_size, cd_off, 0))


def sbom(n, pool, r):
    # Efraimidis-Spirakis: key u^(1/w), the n largest keys are a weighted
    # sample without replacement; compared as log(u)/w.
    keyed = []
    for eco, share in SHARES:
        for name, p in zip(pool[eco], zipf_probabilities(len(pool[eco]))):
            w = share * p
            if w > 0: keyed.append((math.log(1.0 - r.random()) / w, eco, name))
    keyed.sort(reverse=True)
    picked = [(eco, name) for _, eco, name in keyed[:n]]
    taken = {p for p in picked}
    while len(picked) < n:  # more components than advisory packages: ones no advisory names
        eco = r.choices(ECOS, WEIGHTS)[0]
        nm = name_for(eco, r)
        if (eco, nm) not in taken and nm not in pool[eco]:
            taken.add((eco, nm))
            picked.append((eco, nm))
    r.shuffle(picked)
    comps = []
    for i, (eco, name) in enumerate(picked):
        typ, ns = PURL[eco]
        v = version(eco, r, r.randint(0, 5), r.randint(0, 20), r.randint(0, 15))
        if eco == "Go": v = "v" + v
        if eco == "Maven": g, a = name.split(":"); purl = f"pkg:maven/{g}/{a}@{v}"
        elif ns: purl = f"pkg:{typ}/{ns}/{name}@{v}"
        elif eco == "npm" and name.startswith("@"): purl = f"pkg:npm/%40{name[1:]}@{v}"
        else: purl = f"pkg:{typ}/{name}@{v}"
        comps.append({"type": "library", "bom-ref": f"c{i}", "name": name.split("/")[-1].split(":")[-1],
                      "version": v, "purl": purl})
    return {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
            "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "components": comps}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--template", default="../shared/data/advisories/go-osv.zip")
    ap.add_argument("--records", type=int, default=520000)
    ap.add_argument("--out", default="bench/data/osv.zip")
    ap.add_argument("--sbom", type=int, default=0, help="also write an SBOM with this many distinct packages")
    ap.add_argument("--sbom-out", default="bench/data/sbom.cdx.json")
    ap.add_argument("--seed", type=int, default=20260401)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    with zipfile.ZipFile(a.template) as z:
        templates = [json.loads(z.read(n)) for n in z.namelist() if n.endswith(".json")]
    pool = pools(a.records, a.seed)
    if a.records:
        work = [(s, min(CHUNK, a.records - s)) for s in range(0, a.records, CHUNK)]
        os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
        tmp = a.out + ".tmp"
        if a.jobs > 1:
            with multiprocessing.Pool(a.jobs, init_worker, (templates, pool, a.seed)) as p:
                write_zip(tmp, p.imap(gen_chunk, work))
        else:
            init_worker(templates, pool, a.seed)
            write_zip(tmp, map(gen_chunk, work))
        os.replace(tmp, a.out)
    if a.sbom:
        os.makedirs(os.path.dirname(a.sbom_out) or ".", exist_ok=True)
        with open(a.sbom_out, "w") as f:
            json.dump(sbom(a.sbom, pool, random.Random(a.seed + 1)), f)


if __name__ == "__main__":
    main()
