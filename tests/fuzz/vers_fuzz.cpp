// libFuzzer target: vers parsing, canonical printing (a fixed point) and
// containment of a version taken from the input's tail.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "versions/vers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace loudong::versions;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view range = in.substr(0, nl);
  std::string_view version = nl == std::string_view::npos ? std::string_view("1.0.0") : in.substr(nl + 1);
  auto r = parse_vers(range);
  if (!r.ok()) return 0;
  std::string canon = to_string(*r);
  auto again = parse_vers(canon, VersMode::canonical);
  if (scheme_for(r->scheme) && (!again.ok() || to_string(*again) != canon)) std::abort();
  auto c = contains(*r, version);
  if (!c.ok()) std::abort();  // parse_vers output is always well formed
  return 0;
}
