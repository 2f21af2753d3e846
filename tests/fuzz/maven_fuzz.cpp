// libFuzzer target: Maven versions and version ranges must never
// crash, and ordering must be antisymmetric.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "versions/scheme.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto scheme = loudong::versions::make_maven_scheme();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto cut = in.find('\n');
  std::string_view a = in.substr(0, cut), b = cut == std::string_view::npos ? a : in.substr(cut + 1);
  (void)scheme->validate(a);
  auto ab = scheme->compare(a, b), ba = scheme->compare(b, a);
  if (ab.ok() != ba.ok() || (ab.ok() && ab.value() != -ba.value())) std::abort();
  (void)scheme->parse_native_range(in);
  return 0;
}
