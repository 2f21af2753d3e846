// libFuzzer target: dpkg and rpm version ordering must never crash and must
// be antisymmetric.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "versions/scheme.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto deb = loudong::versions::make_deb_scheme();
  static const auto rpm = loudong::versions::make_rpm_scheme();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto cut = in.find('\n');
  std::string_view a = in.substr(0, cut), b = cut == std::string_view::npos ? a : in.substr(cut + 1);
  for (const auto* s : {deb.get(), rpm.get()}) {
    (void)s->validate(a);
    auto ab = s->compare(a, b), ba = s->compare(b, a);
    if (ab.ok() != ba.ok() || (ab.ok() && ab.value() != -ba.value())) std::abort();
  }
  return 0;
}
