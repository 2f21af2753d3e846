// The generic fallback ordering, used only for `vers:generic/...` ranges
// (vers-spec: versions of an unknown scheme). It splits a version into runs
// of digits and runs of letters, orders digit runs numerically and letter
// runs bytewise, and a version that extends an equal prefix sorts after it
// ("1.0" < "1.0.1", "1.0" < "1.0a"). Separators (".", "-", "_", "+", "~")
// only delimit runs. It is a best effort: never use it where an ecosystem's
// own scheme is known.
#include "versions/semver_common.h"

namespace loudong::versions {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80; }

// Next run in s from i; empty at the end.
std::string_view next_run(std::string_view s, size_t& i) {
  while (i < s.size() && !is_digit(s[i]) && !is_alpha(s[i])) ++i;
  size_t start = i;
  if (i < s.size()) {
    bool digit = is_digit(s[i]);
    while (i < s.size() && (digit ? is_digit(s[i]) : is_alpha(s[i]))) ++i;
  }
  return s.substr(start, i - start);
}

class GenericScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "generic"; }

  Status validate(std::string_view v) const override {
    if (v.empty()) return Error::invalid("empty version", "bad_version");
    for (size_t i = 0; i < v.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(v[i]);
      if (c <= ' ' || c == '|' || c == 0x7f)
        return Error::invalid("invalid version \"" + std::string(v) + "\": control, space or '|' at offset " + std::to_string(i), "bad_version");
    }
    return {};
  }

  Result<int> compare(std::string_view a, std::string_view b) const override {
    LD_RETURN_IF_ERROR(validate(a));
    LD_RETURN_IF_ERROR(validate(b));
    size_t i = 0, j = 0;
    while (true) {
      std::string_view ra = next_run(a, i), rb = next_run(b, j);
      if (ra.empty() || rb.empty()) return ra.empty() == rb.empty() ? 0 : (ra.empty() ? -1 : 1);
      bool da = is_digit(ra[0]), db = is_digit(rb[0]);
      int c;
      if (da && db) c = semver::compare_digits(ra, rb);
      else if (da != db) c = da ? 1 : -1;  // "1.0.1" > "1.0.a": numbers outrank words
      else c = ra < rb ? -1 : (ra == rb ? 0 : 1);
      if (c) return c;
    }
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_generic_scheme() { return std::make_unique<GenericScheme>(); }

}  // namespace loudong::versions
