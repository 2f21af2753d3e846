#!/usr/bin/env python3
"""Scale go-osv.zip-shaped data to OSV's real size, for the inventory benchmarks.

How the data is made (documented in docs/performance.md):
  - every record is a real go-osv.zip record used as a template (summary,
    details, references, credits, aliases shape, schema_version), with a new
    id, new aliases (CVE-/GHSA-style) and a new affected[] list;
  - ecosystems follow OSV's mix in 2026 (Debian/Ubuntu/Alpine/Red Hat
    distributions about half, then PyPI, npm, Maven, Go, Packagist, crates.io,
    RubyGems, NuGet, others): see SHARES;
  - package names per ecosystem are a pool of len(records)/6 names picked
    with a Zipf(1.1) law, so a few packages have hundreds of advisories
    (as openssl, linux, django do) and most have one or two;
  - each affected entry has 1-3 introduced/fixed pairs (10% last_affected,
    5% an explicit versions list, 3% GIT ranges with commit hashes), with
    versions in the ecosystem's syntax (semver, PEP 440, Maven, Debian
    epoch/revision, Alpine -rN);
  - 1.3 affected entries per record on average; 2% are withdrawn.
The same seed and pools make the SBOM (--sbom N): CycloneDX 1.5 with N
components whose purls are drawn from the same pools, so a realistic share
of them match.
"""
import argparse, json, random, zipfile, string

SHARES = [("Debian", 0.22), ("Ubuntu", 0.14), ("Alpine", 0.07), ("Red Hat", 0.06), ("PyPI", 0.10),
          ("npm", 0.10), ("Maven", 0.09), ("Go", 0.06), ("Packagist", 0.04), ("crates.io", 0.03),
          ("RubyGems", 0.03), ("NuGet", 0.03), ("Hex", 0.01), ("Pub", 0.01)]
PURL = {"Debian": ("deb", "debian"), "Ubuntu": ("deb", "ubuntu"), "Alpine": ("apk", "alpine"),
        "Red Hat": ("rpm", "redhat"), "PyPI": ("pypi", None), "npm": ("npm", None), "Maven": ("maven", None),
        "Go": ("golang", None), "Packagist": ("composer", None), "crates.io": ("cargo", None),
        "RubyGems": ("gem", None), "NuGet": ("nuget", None), "Hex": ("hex", None), "Pub": ("pub", None)}


def word(r):
    return "".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(3, 9)))


def name_for(eco, r):
    w = word(r)
    if eco == "Maven": return f"org.{word(r)}.{word(r)}:{w}-core"
    if eco == "Go": return f"github.com/{word(r)}/{w}"
    if eco == "npm": return (f"@{word(r)}/" if r.random() < 0.3 else "") + w
    if eco == "Packagist": return f"{word(r)}/{w}"
    return w


def version(eco, r, major, minor, patch):
    if eco in ("Debian", "Ubuntu"): return (f"1:" if r.random() < 0.1 else "") + f"{major}.{minor}.{patch}-{r.randint(1, 9)}"
    if eco == "Alpine": return f"{major}.{minor}.{patch}-r{r.randint(0, 5)}"
    if eco == "Red Hat": return f"{major}.{minor}.{patch}-{r.randint(1, 30)}.el9"
    return f"{major}.{minor}.{patch}"


def zipf_pick(pool, r):
    # Inverse-CDF sampling of a truncated Zipf(1.1): index ~ N^(u) - 1.
    n = len(pool)
    i = int(n ** r.random() ** 1.1) - 1
    return pool[min(max(i, 0), n - 1)]


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


def affected(eco, name, r):
    ranges, events = [], []
    major = r.randint(0, 5)
    for _ in range(r.choice([1, 1, 1, 2, 2, 3])):
        minor = r.randint(0, 20)
        intro = "0" if not events and r.random() < 0.3 else version(eco, r, major, minor, 0)
        events.append({"introduced": intro})
        end = version(eco, r, major, minor + r.randint(0, 3), r.randint(1, 15))
        events.append({"last_affected": end} if r.random() < 0.1 else {"fixed": end})
        major += 1
    typ = "SEMVER" if eco in ("Go", "npm", "crates.io", "Hex", "Pub") else "ECOSYSTEM"
    ranges.append({"type": typ, "events": events})
    if r.random() < 0.03:
        h = lambda: "".join(r.choice("0123456789abcdef") for _ in range(40))
        ranges.append({"type": "GIT", "repo": f"https://github.com/x/{word(r)}", "events": [{"introduced": h()}, {"fixed": h()}]})
    a = {"package": {"ecosystem": eco + (":12" if eco == "Debian" else ""), "name": name}, "ranges": ranges}
    if r.random() < 0.05:
        a["versions"] = [version(eco, r, major, i, 0) for i in range(r.randint(1, 5))]
    return a


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--template", default="../shared/data/advisories/go-osv.zip")
    ap.add_argument("--records", type=int, default=520000)
    ap.add_argument("--out", default="bench/data/osv.zip")
    ap.add_argument("--sbom", type=int, default=0, help="also write an SBOM with this many components")
    ap.add_argument("--sbom-out", default="bench/data/sbom.cdx.json")
    ap.add_argument("--seed", type=int, default=20260401)
    a = ap.parse_args()
    with zipfile.ZipFile(a.template) as z:
        templates = [json.loads(z.read(n)) for n in z.namelist() if n.endswith(".json")]
    pool = pools(a.records, a.seed)
    r = random.Random(a.seed + 1)
    ecos = [e for e, _ in SHARES]
    weights = [s for _, s in SHARES]
    if a.records:
        with zipfile.ZipFile(a.out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for i in range(a.records):
                t = dict(r.choice(templates))
                eco = r.choices(ecos, weights)[0]
                t["id"] = f"BENCH-{eco[:3].upper()}-{i:07d}"
                t["modified"] = f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T00:00:00Z"
                t["aliases"] = [f"CVE-{r.randint(1999, 2026)}-{r.randint(1000, 999999)}"] + (
                    [f"GHSA-{word(r)[:4]}-{word(r)[:4]}-{word(r)[:4]}"] if r.random() < 0.5 else [])
                t["affected"] = [affected(eco, zipf_pick(pool[eco], r), r) for _ in range(1 if r.random() < 0.75 else 2)]
                if r.random() < 0.02: t["withdrawn"] = "2025-06-01T00:00:00Z"
                z.writestr(t["id"] + ".json", json.dumps(t, indent=2))
    if a.sbom:
        comps = []
        for i in range(a.sbom):
            eco = r.choices(ecos, weights)[0]
            name = zipf_pick(pool[eco], r)
            typ, ns = PURL[eco]
            v = version(eco, r, r.randint(0, 5), r.randint(0, 20), r.randint(0, 15))
            if eco == "Go": v = "v" + v
            if eco == "Maven": g, n = name.split(":"); purl = f"pkg:maven/{g}/{n}@{v}"
            elif ns: purl = f"pkg:{typ}/{ns}/{name}@{v}"
            elif eco == "npm" and name.startswith("@"): purl = f"pkg:npm/%40{name[1:]}@{v}"
            else: purl = f"pkg:{typ}/{name}@{v}"
            comps.append({"type": "library", "bom-ref": f"c{i}", "name": name.split("/")[-1].split(":")[-1],
                          "version": v, "purl": purl})
        with open(a.sbom_out, "w") as f:
            json.dump({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                       "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "components": comps}, f)


if __name__ == "__main__":
    main()
