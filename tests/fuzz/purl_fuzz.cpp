// libFuzzer target: any purl that parses must print canonically, and the
// canonical text must parse back to the same value (a fixed point).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "versions/purl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace loudong::versions;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (PurlMode mode : {PurlMode::strict, PurlMode::lenient}) {
    auto p = parse_purl(in, mode);
    if (!p.ok()) continue;
    std::string canon = to_string(*p);
    auto again = parse_purl(canon, PurlMode::strict);
    if (!again.ok() || !(*again == *p) || to_string(*again) != canon) std::abort();
  }
  return 0;
}
