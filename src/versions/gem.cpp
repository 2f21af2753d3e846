// RubyGems versions, ordered like Gem::Version#<=>: '-' reads as ".pre.",
// segments are digit or letter runs, trailing zeros of the numeric and of the
// string part are dropped, and a string segment sorts before any number.
// Native ranges are requirement lists: "~> 1.2", ">= 1, < 2".
#include <string>
#include <string_view>
#include <vector>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

Status check(std::string_view v) {
  std::string_view s = tok::trim(v);
  if (s.empty()) return tok::bad_version("gem", v, "empty");
  if (!tok::is_digit(s[0])) return tok::bad_version("gem", v, "must start with a digit");
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' || c == '-') {
      if (i + 1 == s.size() || s[i + 1] == '.' || (c == '.' && s[i + 1] == '-'))
        return tok::bad_version("gem", v, "empty segment at position " + std::to_string(i));
    } else if (!tok::is_alnum(c)) {
      return tok::bad_version("gem", v, tok::at(std::string(1, c), i));
    }
  }
  return Status::Ok();
}

// Segments as Ruby scans them; "pre" stands for each '-'.
std::vector<std::string_view> segments(std::string_view s) {
  std::vector<std::string_view> out;
  s = tok::trim(s);
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '-') {
      out.push_back("pre");
      ++i;
      continue;
    }
    if (!tok::is_alnum(c)) {
      ++i;
      continue;
    }
    bool d = tok::is_digit(c);
    std::size_t b = i;
    while (i < s.size() && tok::is_alnum(s[i]) && tok::is_digit(s[i]) == d) ++i;
    out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::vector<std::string_view> canonical(std::string_view v) {
  auto seg = segments(v);
  std::size_t split = 0;
  while (split < seg.size() && tok::is_digit(seg[split][0])) ++split;
  std::vector<std::string_view> out;
  auto append = [&](std::size_t b, std::size_t e) {
    while (e > b && tok::is_digit(seg[e - 1][0]) && tok::is_zero(seg[e - 1])) --e;
    out.insert(out.end(), seg.begin() + static_cast<long>(b), seg.begin() + static_cast<long>(e));
  };
  append(0, split);
  append(split, seg.size());
  return out;
}

int cmp(std::string_view a, std::string_view b) {
  auto x = canonical(a), y = canonical(b);
  std::size_t n = x.size() > y.size() ? x.size() : y.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::string_view l = i < x.size() ? x[i] : "0", r = i < y.size() ? y[i] : "0";
    bool ln = tok::is_digit(l[0]), rn = tok::is_digit(r[0]);
    if (ln && rn) {
      if (int c = tok::cmp_num(l, r)) return c;
    } else if (ln != rn) {
      return ln ? 1 : -1;
    } else if (int c = tok::sign(l.compare(r))) {
      return c;
    }
  }
  return 0;
}

// "~> 2.0.8" allows up to, not including, 2.1: drop string segments and the
// last number, then bump the new last.
std::string bump(std::string_view v) {
  auto seg = segments(v);
  while (!seg.empty() && !tok::is_digit(seg.back()[0])) seg.pop_back();
  if (seg.size() > 1) seg.pop_back();
  std::string out;
  for (std::size_t i = 0; i < seg.size(); ++i) {
    if (i) out += '.';
    if (i + 1 < seg.size()) {
      out += seg[i];
      continue;
    }
    std::string d(tok::strip_zeros(seg[i]));
    if (d.empty()) d = "0";
    std::size_t k = d.size();
    while (k > 0 && d[k - 1] == '9') d[--k] = '0';
    if (k == 0) d.insert(d.begin(), '1');
    else ++d[k - 1];
    out += d;
  }
  return out;
}

Result<std::vector<std::vector<Constraint>>> parse_range(std::string_view range) {
  std::vector<Constraint> conj;
  std::string_view rest = range;
  if (tok::trim(rest).empty()) return tok::bad_range("gem", range, "empty");
  for (;;) {
    auto comma = rest.find(',');
    std::string_view one = tok::trim(rest.substr(0, comma));
    std::size_t k = 0;
    while (k < one.size() && std::string_view("=!<>~").find(one[k]) != std::string_view::npos) ++k;
    std::string op(one.substr(0, k));
    std::string_view ver = tok::trim(one.substr(k));
    if (!check(ver).ok()) return tok::bad_range("gem", range, "bad version '" + std::string(ver) + "'");
    if (op.empty() || op == "=") conj.push_back({"=", std::string(ver)});
    else if (op == "~>") {
      conj.push_back({">=", std::string(ver)});
      conj.push_back({"<", bump(ver)});
    } else if (op == "!=" || op == ">" || op == "<" || op == ">=" || op == "<=") {
      conj.push_back({op, std::string(ver)});
    } else {
      return tok::bad_range("gem", range, "unknown operator '" + op + "'");
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  std::vector<std::vector<Constraint>> out;
  out.push_back(std::move(conj));
  return out;
}

class GemScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "gem"; }
  Status validate(std::string_view v) const override { return check(v); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    LD_RETURN_IF_ERROR(check(a));
    LD_RETURN_IF_ERROR(check(b));
    return cmp(a, b);
  }
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    return parse_range(range);
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_gem_scheme() { return std::make_unique<GemScheme>(); }
}  // namespace loudong::versions
