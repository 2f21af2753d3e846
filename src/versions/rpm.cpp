// RPM versions: [epoch:]version[-release], each part compared with
// rpmvercmp (alnum runs; '~' sorts before anything, '^' after the base).
#include <string_view>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

struct Evr {
  std::string_view epoch, version, release;
};

Result<Evr> parse(std::string_view v) {
  if (v.empty()) return tok::bad_version("rpm", v, "empty");
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c <= ' ' || c == 0x7f) return tok::bad_version("rpm", v, "whitespace or control character at position " + std::to_string(i));
  }
  Evr e;
  std::string_view s = v;
  // An epoch is only the digits right before the first ':'; "a:1" has none
  // (the colon is then part of the version, as rpm itself reads it).
  if (auto colon = s.find(':'); colon != std::string_view::npos) {
    std::string_view ep = s.substr(0, colon);
    if (ep.empty() || tok::all_digits(ep)) {
      e.epoch = ep;
      s.remove_prefix(colon + 1);
    }
  }
  // The release follows the last '-', as in rpm's own EVR parsing; it keeps
  // its '-' so that "1" < "1-" (an empty release sorts before a present one).
  if (auto dash = s.rfind('-'); dash != std::string_view::npos) {
    e.release = s.substr(dash);
    s = s.substr(0, dash);
  }
  e.version = s;
  return e;
}

bool skipped(char c) { return !tok::is_alnum(c) && c != '~' && c != '^'; }

int rpmvercmp(std::string_view a, std::string_view b) {
  if (a.empty() != b.empty()) return a.empty() ? -1 : 1;
  std::size_t i = 0, j = 0;
  for (;;) {
    while (i < a.size() && skipped(a[i])) ++i;
    while (j < b.size() && skipped(b[j])) ++j;
    bool at = i < a.size() && a[i] == '~', bt = j < b.size() && b[j] == '~';
    if (at || bt) {
      if (!bt) return -1;
      if (!at) return 1;
      ++i, ++j;
      continue;
    }
    bool ac = i < a.size() && a[i] == '^', bc = j < b.size() && b[j] == '^';
    if (ac || bc) {
      if (i == a.size()) return -1;
      if (j == b.size()) return 1;
      if (!ac) return 1;
      if (!bc) return -1;
      ++i, ++j;
      continue;
    }
    if (i == a.size() || j == b.size()) break;
    bool num = tok::is_digit(a[i]);
    std::size_t i0 = i, j0 = j;
    if (num) {
      while (i < a.size() && tok::is_digit(a[i])) ++i;
      while (j < b.size() && tok::is_digit(b[j])) ++j;
    } else {
      while (i < a.size() && tok::is_alpha(a[i])) ++i;
      while (j < b.size() && tok::is_alpha(b[j])) ++j;
    }
    // A numeric segment beats an alphabetic one.
    if (j == j0) return num ? 1 : -1;
    std::string_view x = a.substr(i0, i - i0), y = b.substr(j0, j - j0);
    if (int c = num ? tok::cmp_num(x, y) : tok::sign(x.compare(y))) return c;
  }
  std::size_t ra = a.size() - i, rb = b.size() - j;
  if (ra == rb) return 0;
  return ra > rb ? 1 : -1;
}

class RpmScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "rpm"; }
  Status validate(std::string_view v) const override { return parse(v).status(); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    auto x = parse(a);
    if (!x) return std::move(x).error();
    auto y = parse(b);
    if (!y) return std::move(y).error();
    if (int c = tok::cmp_num(x->epoch, y->epoch)) return c;
    if (int c = rpmvercmp(x->version, y->version)) return c;
    return rpmvercmp(x->release, y->release);
  }
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    return Error::invalid("rpm has no native range syntax: '" + std::string(range) + "'", "unsupported");
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_rpm_scheme() { return std::make_unique<RpmScheme>(); }
}  // namespace loudong::versions
