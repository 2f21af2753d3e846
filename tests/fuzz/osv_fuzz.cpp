// libFuzzer target: the OSV reader must never crash or leak on any bytes,
// and whatever it accepts must survive write_osv and read back equal.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/osv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loudong::formats;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto a = read_osv(text);
  if (!a.ok()) return 0;
  for (const auto& af : a->affected) (void)affects(af, "1.0.0");
  auto b = read_osv(write_osv(*a));
  if (!b.ok() || !(*a == *b)) std::abort();
  return 0;
}
