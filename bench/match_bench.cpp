// Matching kernels at real-world scale (docs/performance.md, "Inventory").
// Data: LOUDONG_BENCH_OSV (default bench/data/osv-520k.zip) and
// LOUDONG_BENCH_SBOM (bench/data/sbom-10k.cdx.json), made by bench/gen_osv.py.
// The impact and re-match benchmarks add 10,000 product versions with 500
// components each (5,000,000 instances) drawn from the SBOM's purls and
// the advisories' packages.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "formats/osv.h"
#include "formats/sbom.h"
#include "formats/zip_reader.h"
#include "match/index.h"
#include "versions/scheme.h"

using namespace loudong;

namespace {

std::string env(const char* k, const char* d) {
  const char* v = std::getenv(k);
  return v ? v : d;
}

struct World {
  match::Index index;
  std::vector<std::string> ids;
  std::string sbom_text;
  std::vector<match::ComponentRef> pool;  // components to build product versions from
  double load_seconds = 0;     // parse + put_advisory + refresh
  double refresh_seconds = 0;  // of which the deferred sort
  double put_seconds = 0;      // of which put_advisory
  bool products = false;
  double products_refresh_seconds = 0;
};

World& world() {
  static World* w = [] {
    auto* w = new World;
    auto t0 = std::chrono::steady_clock::now();
    std::mt19937 rng(7);
    (void)formats::for_each_zip_entry(env("LOUDONG_BENCH_OSV", "bench/data/osv-520k.zip"),
                                      [&](const std::string&, std::string_view text) {
                                        auto a = formats::read_osv(text);
                                        if (!a.ok()) return true;
                                        auto tp = std::chrono::steady_clock::now();
                                        w->index.put_advisory(*a);
                                        w->put_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - tp).count();
                                        w->ids.push_back(a->id);
                                        // Components at versions inside and around the ranges.
                                        if (rng() % 4 == 0)
                                          for (const auto& af : a->affected)
                                            for (const auto& r : af.ranges)
                                              for (const auto& e : r.events)
                                                if (e.value != "0" && r.type != formats::RangeType::git) {
                                                  std::string purl = match::purl_of(
                                                      {af.package.ecosystem, af.package.name}, e.value);
                                                  if (auto c = match::component_of_purl(purl); c.ok())
                                                    w->pool.push_back(*c);
                                                }
                                        return true;
                                      });
    auto t1 = std::chrono::steady_clock::now();
    w->index.refresh();  // the deferred placing and sorting, included in the load time
    w->refresh_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    w->load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::ifstream in(env("LOUDONG_BENCH_SBOM", "bench/data/sbom-10k.cdx.json"));
    std::stringstream ss;
    ss << in.rdbuf();
    w->sbom_text = ss.str();
    return w;
  }();
  return *w;
}

void ensure_products(World& w) {
  if (w.products) return;
  std::mt19937 rng(11);
  auto sbom = formats::read_sbom(w.sbom_text);
  std::vector<match::ComponentRef> sbom_refs;
  if (sbom.ok())
    for (const auto& c : sbom->components)
      if (auto r = match::component_of_purl(c.purl); r.ok()) sbom_refs.push_back(*r);
  for (int pv = 0; pv < 10000; ++pv) {
    std::vector<match::ComponentRef> comps;
    comps.reserve(500);
    for (int i = 0; i < 500; ++i) {
      // Real products share most components: half from the advisory-derived
      // pool (popular packages), half from the SBOM.
      const auto& src = (i % 2 == 0 && !w.pool.empty()) ? w.pool : sbom_refs;
      comps.push_back(src[rng() % src.size()]);
    }
    w.index.put_product_version({pv / 10 + 1, std::to_string(pv % 10)}, comps);
  }
  auto t0 = std::chrono::steady_clock::now();
  w.index.refresh();
  w.products_refresh_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  w.products = true;
}

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

void BM_LoadIndex(benchmark::State& state) {
  World& w = world();
  for (auto _ : state) benchmark::DoNotOptimize(w.ids.size());
  auto st = w.index.stats();
  state.counters["advisories"] = static_cast<double>(st.advisories);
  state.counters["load_s"] = w.load_seconds;
  state.counters["refresh_s"] = w.refresh_seconds;
  state.counters["put_s"] = w.put_seconds;
  state.counters["index_MB"] = static_cast<double>(st.approx_bytes) / 1e6;
  state.counters["peak_rss_MB"] = static_cast<double>(peak_rss_mb());
}
BENCHMARK(BM_LoadIndex)->Iterations(1)->Unit(benchmark::kMillisecond);

// Scan: parse the 10,000-component CycloneDX and match every component,
// as Inventory::scan does (less its sort): read_sbom (components on two
// threads), then Index::match_sbom (purls to match keys and matching, on
// two threads).
void BM_Scan10k(benchmark::State& state) {
  World& w = world();
  std::size_t findings = 0;
  for (auto _ : state) {
    findings = w.index.match_sbom(formats::read_sbom(w.sbom_text)->components).findings.size();
    benchmark::DoNotOptimize(findings);
  }
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_Scan10k)->Unit(benchmark::kMillisecond);

// The two halves of a scan apart: reading the SBOM, and matching the
// components read.
void BM_ScanReadOnly(benchmark::State& state) {
  World& w = world();
  for (auto _ : state) benchmark::DoNotOptimize(formats::read_sbom(w.sbom_text)->components.size());
}
BENCHMARK(BM_ScanReadOnly)->Unit(benchmark::kMillisecond);

void BM_ScanMatchOnly(benchmark::State& state) {
  World& w = world();
  const formats::Sbom sbom = *formats::read_sbom(w.sbom_text);
  for (auto _ : state) benchmark::DoNotOptimize(w.index.match_sbom(sbom.components).findings.size());
  state.counters["components"] = static_cast<double>(sbom.components.size());
}
BENCHMARK(BM_ScanMatchOnly)->Unit(benchmark::kMillisecond);

// The SBOM's components as match keys, for the one-thread benchmark.
std::vector<match::ComponentRef> read_components(const std::string& sbom_text) {
  auto sbom = formats::read_sbom(sbom_text);
  std::vector<match::ComponentRef> refs;
  refs.reserve(sbom->components.size());
  for (const auto& c : sbom->components)
    if (auto r = match::component_of_sbom(c)) refs.push_back(std::move(*r));
  return refs;
}

// The same matching on one thread (chunks below the two-thread threshold):
// its CPU time is the whole matching cost, which a loaded machine does not
// distort the way it distorts the two-thread wall time.
void BM_ScanMatchOneThread(benchmark::State& state) {
  World& w = world();
  const std::vector<match::ComponentRef> refs = read_components(w.sbom_text);
  std::vector<std::vector<match::ComponentRef>> chunks;
  for (std::size_t i = 0; i < refs.size(); i += 1000)
    chunks.emplace_back(refs.begin() + static_cast<std::ptrdiff_t>(i),
                        refs.begin() + static_cast<std::ptrdiff_t>(std::min(refs.size(), i + 1000)));
  std::size_t findings = 0;
  for (auto _ : state) {
    findings = 0;
    for (const auto& c : chunks) findings += w.index.match(c).size();
    benchmark::DoNotOptimize(findings);
  }
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_ScanMatchOneThread)->Unit(benchmark::kMillisecond);

// Impact of one advisory across 10,000 product versions / 5,000,000
// component instances; p95 over 2,000 advisories of the most-held packages.
void BM_ImpactAdvisory(benchmark::State& state) {
  World& w = world();
  ensure_products(w);
  std::mt19937 rng(3);
  std::vector<double> ms;
  std::size_t hits = 0;
  for (auto _ : state) {
    const std::string& id = w.ids[rng() % w.ids.size()];
    auto t0 = std::chrono::steady_clock::now();
    auto h = w.index.impact_of_advisory(id);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    hits = std::max(hits, h.size());
  }
  std::sort(ms.begin(), ms.end());
  state.counters["p95_ms"] = ms[ms.size() * 95 / 100];
  state.counters["max_ms"] = ms.back();
  state.counters["max_hits"] = static_cast<double>(hits);
  auto st = w.index.stats();
  state.counters["instances"] = static_cast<double>(st.component_instances);
  state.counters["refresh_s"] = w.products_refresh_seconds;
  state.counters["index_MB"] = static_cast<double>(st.approx_bytes) / 1e6;
  state.counters["peak_rss_MB"] = static_cast<double>(peak_rss_mb());
}
BENCHMARK(BM_ImpactAdvisory)->Iterations(2000)->Unit(benchmark::kMicrosecond);

void BM_RematchAll(benchmark::State& state) {
  World& w = world();
  ensure_products(w);
  match::RematchStats st;
  for (auto _ : state) st = w.index.rematch_all();
  state.counters["evaluations"] = static_cast<double>(st.evaluations);
  state.counters["affected"] = static_cast<double>(st.affected_instances);
  state.counters["unknown"] = static_cast<double>(st.unknown_instances);
}
BENCHMARK(BM_RematchAll)->Iterations(1)->Unit(benchmark::kMillisecond);

// One compare per scheme on typical versions: what placing a version not
// in a package's table costs per step of its binary search.
void BM_Compare(benchmark::State& state) {
  static const std::vector<std::pair<const char*, std::pair<const char*, const char*>>> cases = {
      {"semver", {"1.12.3", "1.12.10-rc.1"}}, {"deb", {"1:2.36.1-8+deb12u1", "1:2.36.1-8"}},
      {"pypi", {"2.31.0", "2.31.0.post1"}},   {"maven", {"2.17.1", "2.17.1-SNAPSHOT"}},
      {"rpm", {"1.2.3-4.el9", "1.2.3-10.el9"}}, {"alpine", {"1.2.3-r4", "1.2.3_rc1-r0"}},
      {"npm", {"4.17.21", "4.17.3"}},          {"golang", {"1.2.3", "1.2.3-pre"}}};
  const auto& c = cases[static_cast<std::size_t>(state.range(0))];
  const auto* scheme = versions::scheme_for(c.first);
  for (auto _ : state) benchmark::DoNotOptimize(scheme->compare(c.second.first, c.second.second));
  state.SetLabel(c.first);
}
BENCHMARK(BM_Compare)->DenseRange(0, 7)->Unit(benchmark::kNanosecond);

}  // namespace

BENCHMARK_MAIN();
