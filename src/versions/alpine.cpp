// Alpine (apk) versions: number{.number}[letter]{_suffix[number]}[~hash][-rN].
//
// Ordered like OSV's reference implementation, which is checked against
// apk itself: numbers after the first with a leading zero compare as text,
// suffixes rank alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p,
// and a version with unparsable trailing text sorts below a clean one (two
// such versions compare as plain text).
#include <string>
#include <string_view>
#include <vector>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

struct Suffix {
  int weight;
  std::string_view num;
};

struct Apk {
  std::string_view original;
  std::vector<std::string_view> numbers;
  char letter = 0;
  std::vector<Suffix> suffixes;
  std::string_view build;  // digits after "-r"
  std::string_view rest;   // unparsed tail
  bool invalid = false;
};

constexpr std::string_view kSuffixes[] = {"alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"};
constexpr int kWeights[] = {0, 1, 2, 3, 5, 6, 7, 8, 9};

Status check(std::string_view v) {
  if (v.empty()) return tok::bad_version("alpine", v, "empty");
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c <= ' ' || c == 0x7f) return tok::bad_version("alpine", v, "whitespace or control character at position " + std::to_string(i));
  }
  return Status::Ok();
}

Apk parse(std::string_view s) {
  Apk v;
  v.original = s;
  std::size_t i = 0;
  while (i < s.size() && tok::is_digit(s[i])) {
    std::size_t b = i;
    while (i < s.size() && tok::is_digit(s[i])) ++i;
    v.numbers.push_back(s.substr(b, i - b));
    if (i < s.size() && s[i] == '.') ++i;
  }
  if (i < s.size() && tok::is_lower(s[i])) v.letter = s[i++];
  // Every "_suffixN" in the tail counts, but only leading ones are consumed.
  std::string_view tail = s.substr(i);
  for (std::size_t k = 0; k < tail.size(); ++k) {
    if (tail[k] != '_') continue;
    for (int w = 0; w < 9; ++w) {
      auto word = kSuffixes[w];
      if (tail.substr(k + 1, word.size()) != word) continue;
      std::size_t e = k + 1 + word.size(), nb = e;
      while (e < tail.size() && tok::is_digit(tail[e])) ++e;
      v.suffixes.push_back({kWeights[w], tail.substr(nb, e - nb)});
      // Consumed only while the matches are contiguous from the start.
      if (s.data() + i == tail.data() + k) i += e - k;
      k = e - 1;
      break;
    }
  }
  if (i < s.size() && s[i] == '~') {
    std::size_t e = i + 1;
    while (e < s.size() && (tok::is_digit(s[e]) || (s[e] >= 'a' && s[e] <= 'f'))) ++e;
    if (e > i + 1) i = e;
  }
  if (i < s.size()) {
    if (s.substr(i, 2) == "-r") {
      std::size_t b = i + 2, e = b;
      while (e < s.size() && tok::is_digit(s[e])) ++e;
      v.build = s.substr(b, e - b);
      i = e;
    } else {
      v.invalid = true;
    }
  }
  v.rest = s.substr(i);
  return v;
}

int cmp_number(std::string_view a, bool a_first, std::string_view b, bool b_first) {
  // Past the first number a leading zero makes the comparison textual
  // ("1.02" < "1.1"), as apk does for fraction-like components.
  if (!a_first && !b_first && (a[0] == '0' || b[0] == '0')) return tok::sign(a.compare(b));
  return tok::cmp_num(a, b);
}

int cmp(const Apk& a, const Apk& b) {
  if (a.invalid && b.invalid) return tok::sign(a.original.compare(b.original));
  std::size_t n = a.numbers.size() > b.numbers.size() ? a.numbers.size() : b.numbers.size();
  for (std::size_t k = 0; k < n; ++k) {
    bool ha = k < a.numbers.size(), hb = k < b.numbers.size();
    if (int c = cmp_number(ha ? a.numbers[k] : "0", !ha || k == 0, hb ? b.numbers[k] : "0", !hb || k == 0)) return c;
  }
  if (a.letter != b.letter) {
    if (!a.letter || !b.letter) return a.letter ? 1 : -1;
    return a.letter < b.letter ? -1 : 1;
  }
  std::size_t m = a.suffixes.size() > b.suffixes.size() ? a.suffixes.size() : b.suffixes.size();
  for (std::size_t k = 0; k < m; ++k) {
    Suffix x = k < a.suffixes.size() ? a.suffixes[k] : Suffix{5, "0"};
    Suffix y = k < b.suffixes.size() ? b.suffixes[k] : Suffix{5, "0"};
    if (x.weight != y.weight) return x.weight < y.weight ? -1 : 1;
    if (int c = tok::cmp_num(x.num, y.num)) return c;
  }
  if (int c = tok::cmp_num(a.build, b.build)) return c;
  if (a.rest.empty() != b.rest.empty()) return a.rest.empty() ? 1 : -1;
  return 0;
}

class AlpineScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "alpine"; }
  Status validate(std::string_view v) const override { return check(v); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    LD_RETURN_IF_ERROR(check(a));
    LD_RETURN_IF_ERROR(check(b));
    return cmp(parse(a), parse(b));
  }
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    return Error::invalid("alpine has no native range syntax: '" + std::string(range) + "'", "unsupported");
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_alpine_scheme() { return std::make_unique<AlpineScheme>(); }
}  // namespace loudong::versions
