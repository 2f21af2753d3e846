// NuGet versions: SemVer 2 with up to four numeric parts, compared without
// regard to case; build metadata after '+' does not take part. Native ranges
// use interval notation: "[1.0,2.0)", "(,1.0]", "[1.0]", and a bare "1.0"
// meaning "1.0 or higher".
#include <string>
#include <string_view>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

struct Nv {
  std::string_view nums;  // "1.2.3.4"
  std::string_view pre;   // without '-'
};

bool ident_char(char c) { return tok::is_alnum(c) || c == '-'; }

Result<Nv> parse(std::string_view v) {
  if (v.empty()) return tok::bad_version("nuget", v, "empty");
  Nv n;
  std::size_t i = 0, parts = 0;
  for (;;) {
    std::size_t b = i;
    while (i < v.size() && tok::is_digit(v[i])) ++i;
    if (i == b) return tok::bad_version("nuget", v, "expected a number at position " + std::to_string(b));
    if (++parts > 4) return tok::bad_version("nuget", v, "more than four numeric parts");
    if (i < v.size() && v[i] == '.') {
      ++i;
      continue;
    }
    break;
  }
  n.nums = v.substr(0, i);
  auto labels = [&](std::size_t from, std::size_t to, const char* what) -> Status {
    bool need = true;
    for (std::size_t k = from; k < to; ++k) {
      if (v[k] == '.') {
        if (need) break;
        need = true;
      } else if (ident_char(v[k])) {
        need = false;
      } else {
        return tok::bad_version("nuget", v, tok::at(std::string(1, v[k]), k));
      }
    }
    if (need) return tok::bad_version("nuget", v, std::string("empty ") + what + " label");
    return Status::Ok();
  };
  std::size_t plus = v.find('+', i);
  std::size_t end = plus == std::string_view::npos ? v.size() : plus;
  if (i < end) {
    if (v[i] != '-') return tok::bad_version("nuget", v, tok::at(v.substr(i), i));
    LD_RETURN_IF_ERROR(labels(i + 1, end, "pre-release"));
    n.pre = v.substr(i + 1, end - i - 1);
  }
  if (plus != std::string_view::npos) LD_RETURN_IF_ERROR(labels(plus + 1, v.size(), "metadata"));
  return n;
}

std::string_view next(std::string_view s, std::size_t& i) {
  std::size_t e = s.find('.', i);
  if (e == std::string_view::npos) e = s.size();
  std::string_view r = s.substr(i, e - i);
  i = e + 1;
  return r;
}

int cmp(const Nv& a, const Nv& b) {
  std::size_t i = 0, j = 0;
  for (int k = 0; k < 4; ++k) {
    std::string_view x = i <= a.nums.size() ? next(a.nums, i) : "0";
    std::string_view y = j <= b.nums.size() ? next(b.nums, j) : "0";
    if (int c = tok::cmp_num(x, y)) return c;
  }
  if (a.pre.empty() || b.pre.empty()) return a.pre.empty() == b.pre.empty() ? 0 : (a.pre.empty() ? 1 : -1);
  i = j = 0;
  for (;;) {
    bool ea = i > a.pre.size(), eb = j > b.pre.size();
    if (ea || eb) return ea == eb ? 0 : (ea ? -1 : 1);
    std::string_view x = next(a.pre, i), y = next(b.pre, j);
    bool nx = tok::all_digits(x), ny = tok::all_digits(y);
    int c = nx && ny ? tok::cmp_num(x, y) : nx != ny ? (nx ? -1 : 1) : tok::cmp_icase(x, y);
    if (c) return c;
  }
}

Result<std::vector<std::vector<Constraint>>> parse_range(std::string_view range) {
  std::string_view s = tok::trim(range);
  std::vector<std::vector<Constraint>> out(1);
  auto& conj = out[0];
  auto version = [&](std::string_view v) -> Status {
    auto p = parse(v);
    if (!p) return tok::bad_range("nuget", range, p.error().message());
    return Status::Ok();
  };
  if (s.empty()) return tok::bad_range("nuget", range, "empty");
  if (s[0] != '[' && s[0] != '(') {
    LD_RETURN_IF_ERROR(version(s));
    conj.push_back({">=", std::string(s)});
    return out;
  }
  char open = s[0], shut = s.back();
  if (shut != ']' && shut != ')') return tok::bad_range("nuget", range, "missing closing ']' or ')'");
  std::string_view body = s.substr(1, s.size() - 2);
  auto comma = body.find(',');
  if (comma == std::string_view::npos) {
    std::string_view v = tok::trim(body);
    if (open != '[' || shut != ']') return tok::bad_range("nuget", range, "a single version needs '[v]'");
    LD_RETURN_IF_ERROR(version(v));
    conj.push_back({"=", std::string(v)});
    return out;
  }
  std::string_view lo = tok::trim(body.substr(0, comma)), hi = tok::trim(body.substr(comma + 1));
  if (lo.empty() && hi.empty()) return tok::bad_range("nuget", range, "no bounds");
  if (!lo.empty()) {
    LD_RETURN_IF_ERROR(version(lo));
    conj.push_back({open == '[' ? ">=" : ">", std::string(lo)});
  }
  if (!hi.empty()) {
    LD_RETURN_IF_ERROR(version(hi));
    conj.push_back({shut == ']' ? "<=" : "<", std::string(hi)});
  }
  return out;
}

class NugetScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "nuget"; }
  Status validate(std::string_view v) const override { return parse(v).status(); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    auto x = parse(a);
    if (!x) return std::move(x).error();
    auto y = parse(b);
    if (!y) return std::move(y).error();
    return cmp(*x, *y);
  }
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    return parse_range(range);
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_nuget_scheme() { return std::make_unique<NugetScheme>(); }
}  // namespace loudong::versions
