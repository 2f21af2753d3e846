// libFuzzer target: CVSS vector parsing and scoring must never crash, hang
// or read out of bounds, whatever the bytes; and a vector that scores must
// score the same again from its canonical form.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "assessment/assess.h"
#include "assessment/cvss.h"

using namespace loudong::assessment;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (auto r = score_cvss31(input); r.ok()) {
    auto again = score_cvss31(r->vector);
    if (!again.ok() || again->base_score != r->base_score ||
        again->environmental_score != r->environmental_score)
      std::abort();
    if (r->base_score < 0 || r->base_score > 10) std::abort();
  }
  if (auto r = score_cvss40(input); r.ok()) {
    auto again = score_cvss40(r->vector);
    if (!again.ok() || again->score != r->score) std::abort();
    if (r->score < 0 || r->score > 10) std::abort();
  }
  if (auto r = assess_vector(input); r.ok()) {
    if (r->grade.grade.has_value() != (r->base_score > 0)) std::abort();
  }
  return 0;
}
