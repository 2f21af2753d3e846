// libFuzzer target: node-semver ranges (strict and loose, with and without
// includePrerelease), their printed form, testing a version, and the vers
// conversion through the npm scheme.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "versions/npm.h"
#include "versions/vers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace loudong::versions;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view range = in.substr(0, nl);
  std::string_view version = nl == std::string_view::npos ? std::string_view("1.2.3") : in.substr(nl + 1);
  for (npm::Options o : {npm::Options{false, false}, npm::Options{true, false}, npm::Options{false, true},
                         npm::Options{true, true}}) {
    auto r = npm::Range::parse(range, o);
    if (!r.ok()) continue;
    (void)r->test(version);
    // The printed form is itself a valid range (node-semver round-trips it).
    if (!npm::Range::parse(r->to_string(), o).ok()) std::abort();
  }
  auto v = from_native("npm", range);
  if (v.ok()) (void)to_string(*v);
  (void)npm::parse_version(version, {true, false});
  return 0;
}
