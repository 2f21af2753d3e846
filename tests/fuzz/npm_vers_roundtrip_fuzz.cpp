// libFuzzer target: an npm range's vers form. Input is "RANGE\nVERSION".
// For every range npm reads (strict, else loose) it checks
// - round trip: from_native prints a vers that parse_vers reads back to the
//   same constraints and prints identically;
// - the vers form holds exactly the versions of Range::intervals(osv), and
//   intervals are sorted, disjoint and non-empty;
// - with includePrerelease (no prerelease rule), Range::test is exactly
//   Range::intervals(exact);
// - monotonicity where node-semver guarantees it: what satisfies holds, the
//   vers form holds (matching has no false negative); includePrerelease
//   only adds versions; adding an alternative only adds versions; for a
//   release, satisfies and the vers form agree.
// The versions tried are the input's and each interval bound with its
// neighbours (bound-0, bound with patch+1), where answers change.
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "versions/npm.h"
#include "versions/vers.h"

namespace {

using namespace loudong::versions;

[[noreturn]] void fail(const char* what, std::string_view range, std::string_view version) {
  std::fprintf(stderr, "npm_vers_roundtrip: %s\n  range: \"%.*s\"\n  version: \"%.*s\"\n", what,
               static_cast<int>(range.size()), range.data(), static_cast<int>(version.size()), version.data());
  std::abort();
}

std::string text(const npm::Comparator& c) { return semver::format(c.view()); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view range = in.substr(0, nl);
  std::string_view first = nl == std::string_view::npos ? std::string_view("1.2.3") : in.substr(nl + 1);
  if (range.size() > 512) return 0;

  auto r = npm::parse_range_lenient(range, false);
  auto vers = from_native("npm", range);
  if (r.ok() != vers.ok()) fail("from_native and the npm parser disagree on validity", range, first);
  if (!r.ok()) return 0;

  // Round trip through the printed vers.
  std::string printed = to_string(*vers);
  auto again = parse_vers(printed, VersMode::canonical);
  if (!again.ok()) fail(("printed vers does not parse: " + printed).c_str(), range, first);
  if (!(*again == *vers) || to_string(*again) != printed) fail("vers round trip changed the range", range, first);

  auto ivs = r->intervals(npm::UpperBounds::osv);
  for (size_t i = 0; i < ivs.size(); ++i) {
    const auto& iv = ivs[i];
    if (iv.has_lo && iv.has_hi) {
      int c = semver::compare(iv.lo.view(), iv.hi.view());
      if (c > 0 || (c == 0 && !(iv.lo_incl && iv.hi_incl))) fail("empty interval kept", range, first);
    }
    if (i + 1 < ivs.size()) {
      const auto& next = ivs[i + 1];
      if (!iv.has_hi || !next.has_lo) fail("intervals overlap (unbounded inside the list)", range, first);
      int c = semver::compare(iv.hi.view(), next.lo.view());
      if (c > 0 || (c == 0 && (iv.hi_incl || next.lo_incl))) fail("intervals not disjoint or not sorted", range, first);
    }
  }

  std::vector<std::string> versions{std::string(first)};
  auto near = [&](const npm::Comparator& b) {
    std::string t = text(b);
    versions.push_back(t);
    if (!b.has_pre) versions.push_back(t + "-0");
    versions.push_back(b.major + "." + b.minor + "." + semver::increment_digits(b.patch));
  };
  for (const auto& iv : r->intervals(npm::UpperBounds::exact)) {
    if (iv.has_lo) near(iv.lo);
    if (iv.has_hi) near(iv.hi);
  }
  if (versions.size() > 40) versions.resize(40);

  auto ip = npm::parse_range_lenient(range, true);
  if (!ip.ok()) fail("includePrerelease refuses a range npm reads", range, first);
  auto ip_exact = ip->intervals(npm::UpperBounds::exact);
  auto wider = npm::parse_range_lenient(std::string(range) + " || 0.0.1", false);

  for (const auto& vs : versions) {
    auto v = npm::parse_version(vs, {true, false});
    if (!v.ok() || vs.empty()) continue;
    bool sat = r->test(*v);
    auto c = contains(*vers, vs);
    if (!c.ok() || *c == Containment::unknown) fail("vers form cannot decide a valid version", range, vs);
    bool in_vers = *c == Containment::yes;
    bool in_ivs = false;
    for (const auto& iv : ivs) in_ivs = in_ivs || iv.contains(*v);
    if (in_vers != in_ivs) fail("vers form and intervals(osv) disagree", range, vs);
    if (sat && !in_vers) fail("satisfies holds a version the vers form misses (a false negative)", range, vs);
    if (!v->has_pre && sat != in_vers) fail("satisfies and the vers form disagree on a release", range, vs);
    bool sat_ip = ip->test(*v);
    if (sat && !sat_ip) fail("includePrerelease lost a version", range, vs);
    bool in_ip = false;
    for (const auto& iv : ip_exact) in_ip = in_ip || iv.contains(*v);
    if (sat_ip != in_ip) fail("includePrerelease test and its exact intervals disagree", range, vs);
    if (wider.ok() && sat && !wider->test(*v)) fail("an added alternative lost a version", range, vs);
  }
  return 0;
}
