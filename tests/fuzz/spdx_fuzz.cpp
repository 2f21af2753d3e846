// libFuzzer target: the SPDX reader (and read_sbom's detection) must never
// crash or leak on any bytes.
#include <cstdint>
#include <string_view>

#include "formats/sbom.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)loudong::formats::read_spdx(text);
  (void)loudong::formats::read_sbom(text);
  return 0;
}
