// libFuzzer target: the CycloneDX reader must never crash or leak on any bytes.
#include <cstdint>
#include <string_view>

#include "formats/sbom.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)loudong::formats::read_cyclonedx(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
