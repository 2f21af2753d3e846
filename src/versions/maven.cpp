// Maven versions, ordered like org.apache.maven ComparableVersion: tokens
// split at '.', '-' and digit/letter transitions, trailing "null" tokens
// trimmed, well-known qualifiers ranked, and the separator before a token
// taking part in the order ('.qualifier' < '-qualifier' < '-number' < '.number').
#include <string>
#include <string_view>
#include <vector>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

struct Token {
  char prefix;  // 0 for the first token, else '.' or '-'
  std::string value;
  bool numeric() const { return tok::all_digits(value); }
  bool operator==(const Token& o) const { return prefix == o.prefix && value == o.value; }
};

Status check(std::string_view v) {
  if (v.empty()) return tok::bad_version("maven", v, "empty");
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c <= ' ' || c == 0x7f) return tok::bad_version("maven", v, "whitespace or control character at position " + std::to_string(i));
  }
  return Status::Ok();
}

std::vector<Token> tokens(std::string_view v) {
  std::vector<Token> out;
  char prefix = 0;
  std::size_t start = 0;
  for (std::size_t end = 0; end <= v.size(); ++end) {
    if (end < v.size() && v[end] != '.' && v[end] != '-') continue;
    std::string_view raw = v.substr(start, end - start);
    std::size_t p = 0;
    bool first = true;
    do {
      std::size_t q = p;
      if (q < raw.size()) {
        bool d = tok::is_digit(raw[q]);
        while (q < raw.size() && tok::is_digit(raw[q]) == d) ++q;
      }
      std::string cur = tok::lowered(raw.substr(p, q - p));
      if (cur.empty()) cur = "0";
      if (cur == "cr") cur = "rc";
      if (cur == "ga" || cur == "final" || cur == "release") cur.clear();
      // "a1", "b2", "m3": a single letter followed by digits abbreviates.
      if (q != raw.size()) {
        if (cur == "a") cur = "alpha";
        else if (cur == "b") cur = "beta";
        else if (cur == "m") cur = "milestone";
      }
      if (tok::all_digits(cur)) {
        std::string_view z = tok::strip_zeros(cur);
        cur = z.empty() ? "0" : std::string(z);
      }
      out.push_back({first ? prefix : '-', std::move(cur)});
      first = false;
      p = q;
    } while (p < raw.size());
    if (end < v.size()) prefix = v[end];
    start = end + 1;
  }
  // Trailing null values ("0", "", "final", "ga") are dropped, at the end
  // and before each remaining hyphen, from the end to the start.
  auto trim = [](const Token& t) { return t.value == "0" || t.value.empty(); };
  long i = static_cast<long>(out.size()) - 1;
  while (i > 0) {
    if (trim(out[i])) {
      out.erase(out.begin() + i);
      --i;
      continue;
    }
    while (i >= 0 && out[i].prefix != '-') --i;
    --i;
  }
  return out;
}

int kind_order(const Token& t) {
  bool num = t.numeric();
  if (t.prefix == '-') return num ? 2 : 1;
  return num ? 3 : 0;
}

int keyword(const std::string& q) {
  static constexpr std::string_view order[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
  for (int i = 0; i < 7; ++i)
    if (q == order[i]) return i;
  return 7;
}

bool less(const Token& a, const Token& b) {
  if (a.prefix != b.prefix) return kind_order(a) < kind_order(b);
  bool an = a.numeric(), bn = b.numeric();
  if (an && bn) return tok::cmp_num(a.value, b.value) < 0;
  if (an) return false;
  if (bn) return true;
  int ka = keyword(a.value), kb = keyword(b.value);
  if (ka == 7 && kb == 7) return a.value < b.value;
  return ka < kb;
}

// A token against the end of the shorter version, as ComparableVersion
// compares an item with null: a number against zero, a qualifier against
// the release (empty) qualifier; unknown qualifiers rank above it.
int against_end(const Token& t) {
  if (t.numeric()) return t.value == "0" ? 0 : 1;
  int k = keyword(t.value);
  return k == 5 ? 0 : k < 5 ? -1 : 1;
}

int compare_tokens(const std::vector<Token>& x, const std::vector<Token>& y) {
  if (x == y) return 0;
  std::size_t n = x.size() > y.size() ? x.size() : y.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i >= x.size()) {
      if (int c = against_end(y[i]); c != 0) return -c;
      continue;
    }
    if (i >= y.size()) {
      if (int c = against_end(x[i]); c != 0) return c;
      continue;
    }
    if (x[i] == y[i]) continue;
    return less(x[i], y[i]) ? -1 : 1;
  }
  return 0;
}

// "[1.0,2.0)", "(,1.0],[1.2,)", "[1.0]"; a bare version means exactly it.
Result<std::vector<std::vector<Constraint>>> parse_range(std::string_view range) {
  std::vector<std::vector<Constraint>> out;
  std::string_view s = tok::trim(range);
  if (s.empty()) return tok::bad_range("maven", range, "empty");
  if (s[0] != '[' && s[0] != '(') {
    if (auto k = s.find_first_of("[](),"); k != std::string_view::npos)
      return tok::bad_range("maven", range, tok::at(std::string(1, s[k]), k));
    LD_RETURN_IF_ERROR(check(s));
    out.push_back({{"=", std::string(s)}});
    return out;
  }
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (tok::is_space(s[i]) || (s[i] == ',' && !out.empty()))) ++i;
    if (i >= s.size()) break;
    char open = s[i];
    if (open != '[' && open != '(') return tok::bad_range("maven", range, tok::at(std::string(1, open), i));
    std::size_t close = s.find_first_of("])", i);
    if (close == std::string_view::npos) return tok::bad_range("maven", range, "unclosed '" + std::string(1, open) + "'");
    std::string_view body = s.substr(i + 1, close - i - 1);
    char shut = s[close];
    std::vector<Constraint> conj;
    auto comma = body.find(',');
    if (comma == std::string_view::npos) {
      std::string_view v = tok::trim(body);
      if (open != '[' || shut != ']' || v.empty()) return tok::bad_range("maven", range, "a single version needs '[v]'");
      LD_RETURN_IF_ERROR(check(v));
      conj.push_back({"=", std::string(v)});
    } else {
      std::string_view lo = tok::trim(body.substr(0, comma)), hi = tok::trim(body.substr(comma + 1));
      if (hi.find(',') != std::string_view::npos) return tok::bad_range("maven", range, "more than two bounds in one set");
      if (!lo.empty()) {
        LD_RETURN_IF_ERROR(check(lo));
        conj.push_back({open == '[' ? ">=" : ">", std::string(lo)});
      }
      if (!hi.empty()) {
        LD_RETURN_IF_ERROR(check(hi));
        conj.push_back({shut == ']' ? "<=" : "<", std::string(hi)});
      }
      if (conj.empty()) conj.push_back({"*", ""});
    }
    out.push_back(std::move(conj));
    i = close + 1;
  }
  if (out.empty()) return tok::bad_range("maven", range, "no version set");
  return out;
}

class MavenScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "maven"; }
  Status validate(std::string_view v) const override { return check(v); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    LD_RETURN_IF_ERROR(check(a));
    LD_RETURN_IF_ERROR(check(b));
    return compare_tokens(tokens(a), tokens(b));
  }
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    return parse_range(range);
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_maven_scheme() { return std::make_unique<MavenScheme>(); }
}  // namespace loudong::versions
