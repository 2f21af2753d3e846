// Packagist (Composer) versions, ordered like PHP's version_compare after
// Composer's light canonicalisation: a leading 'v' goes, '-', '_' and '+'
// become '.', and digit/letter boundaries split parts. Special parts rank
// dev < alpha < beta < RC < '#'(number) < pl/p. Constraints: "^1.2", "~1.2",
// "1.2.*", "A - B", comparisons joined by ',' or spaces, alternatives by "||".
#include <string>
#include <string_view>
#include <vector>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

Status check(std::string_view v) {
  if (v.empty()) return tok::bad_version("composer", v, "empty");
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c <= ' ' || c == 0x7f) return tok::bad_version("composer", v, "whitespace or control character at position " + std::to_string(i));
  }
  return Status::Ok();
}

std::vector<std::string> parts(std::string_view v) {
  if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v.remove_prefix(1);
  std::vector<std::string> out(1);
  auto cls = [](char c) { return c == '.' ? 0 : tok::is_digit(c) ? 1 : 2; };
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '-' || c == '_' || c == '+') c = '.';
    if (c == '.') {
      out.emplace_back();
      continue;
    }
    if (i > 0 && !out.back().empty()) {
      char p = v[i - 1];
      int pc = (p == '-' || p == '_' || p == '+') ? 0 : cls(p);
      if (pc != 0 && pc != cls(c)) out.emplace_back();
    }
    out.back() += c;
  }
  return out;
}

int weight(std::string_view s) {
  if (s.substr(0, 2) == "RC") return 3;
  static constexpr std::string_view specials[] = {"dev", "a", "b", "rc", "#", "p"};
  for (int i = 0; i < 6; ++i)
    if (s.substr(0, specials[i].size()) == specials[i]) return i;
  return 0;
}

// PHP's intval() success on a part: plain digits that fit an int64.
bool small_int(std::string_view s) {
  return tok::all_digits(s) && tok::cmp_num(s, "9223372036854775807") <= 0;
}

int cmp_parts(const std::vector<std::string>& a, std::size_t ai, const std::vector<std::string>& b, std::size_t bi) {
  std::size_t la = a.size() - ai, lb = b.size() - bi, n = la < lb ? la : lb;
  for (std::size_t k = 0; k < n; ++k) {
    const std::string &x = a[ai + k], &y = b[bi + k];
    bool nx = tok::all_digits(x), ny = tok::all_digits(y);
    int c = nx && ny ? tok::cmp_num(x, y) : weight(nx ? "#" : x) - weight(ny ? "#" : y);
    if (c) return c < 0 ? -1 : 1;
  }
  static const std::vector<std::string> hash{"#"};
  if (la > lb) return small_int(a[ai + lb]) ? 1 : cmp_parts(a, ai + lb, hash, 0);
  if (la < lb) return small_int(b[bi + la]) ? -1 : cmp_parts(hash, 0, b, bi + la);
  return 0;
}

int cmp(std::string_view a, std::string_view b) { return cmp_parts(parts(a), 0, parts(b), 0); }

bool has_stability(std::string_view v) {
  for (char c : v)
    if (tok::is_alpha(c) && c != 'v' && c != 'V') return true;
  return false;
}

// Numbers of a plain "1.2.3" (wildcards and 'v' removed).
std::vector<std::string> numbers(std::string_view v) {
  std::vector<std::string> out;
  if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v.remove_prefix(1);
  std::size_t i = 0;
  while (i < v.size()) {
    std::size_t e = v.find('.', i);
    if (e == std::string_view::npos) e = v.size();
    out.emplace_back(v.substr(i, e - i));
    i = e + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& n, std::size_t count) {
  std::string s;
  for (std::size_t i = 0; i < count && i < n.size(); ++i) s += (i ? "." : "") + n[i];
  return s;
}

std::string bumped(std::vector<std::string> n, std::size_t at) {
  n.resize(at + 1);
  std::string d(tok::strip_zeros(n[at]));
  std::size_t k = d.size();
  while (k > 0 && d[k - 1] == '9') d[--k] = '0';
  if (k == 0) d.insert(d.begin(), '1');
  else ++d[k - 1];
  n[at] = d;
  return join(n, n.size());
}

using Conj = std::vector<Constraint>;

Status one(std::string_view t, Conj& out, std::string_view range) {
  auto fail = [&](std::string why) { return tok::bad_range("composer", range, why); };
  if (auto at = t.find('@'); at != std::string_view::npos) t = t.substr(0, at);  // stability flag
  if (t.empty() || t == "*" || t == "x") {
    out.push_back({"*", ""});
    return Status::Ok();
  }
  std::size_t k = 0;
  while (k < t.size() && std::string_view("=!<>^~").find(t[k]) != std::string_view::npos) ++k;
  std::string op(t.substr(0, k));
  std::string_view v = t.substr(k);
  if (!check(v).ok()) return fail("bad version '" + std::string(v) + "'");
  bool wild = v.size() > 2 && (v.substr(v.size() - 2) == ".*" || v.substr(v.size() - 2) == ".x");
  if (op == "^" || op == "~" || wild) {
    if (wild) v.remove_suffix(2);
    auto n = numbers(v);
    for (const auto& p : n)
      if (!tok::all_digits(p)) return fail("'" + std::string(t) + "' needs plain numbers");
    std::string hi;
    if (wild) hi = bumped(n, n.size() - 1);
    else if (op == "~") hi = bumped(n, n.size() > 1 ? n.size() - 2 : 0);
    else {
      std::size_t at = 0;
      while (at + 1 < n.size() && at < 2 && tok::is_zero(n[at])) ++at;
      hi = bumped(n, at);
    }
    out.push_back({">=", std::string(v) + "-dev"});
    out.push_back({"<", hi + "-dev"});
    return Status::Ok();
  }
  if (op.empty() || op == "=" || op == "==") op = "=";
  else if (op == "<>") op = "!=";
  else if (op != "!=" && op != "<" && op != "<=" && op != ">" && op != ">=") return fail("unknown operator '" + op + "'");
  // Composer reads "<2.0" and ">=2.0" as excluding 2.0's own pre-releases.
  std::string ver(v);
  if ((op == "<" || op == ">=") && !has_stability(v)) ver += "-dev";
  out.push_back({op, ver});
  return Status::Ok();
}

Result<std::vector<Conj>> parse_range(std::string_view range) {
  std::vector<Conj> out;
  std::string_view rest = range;
  for (;;) {
    auto bar = rest.find('|');
    std::string_view alt = tok::trim(rest.substr(0, bar));
    // Words split at ',' and blanks; an operator alone joins the next word.
    std::vector<std::string> words;
    std::string cur;
    for (std::size_t i = 0; i <= alt.size(); ++i) {
      char c = i < alt.size() ? alt[i] : ' ';
      if (c == ',' || tok::is_space(c)) {
        if (!cur.empty() && cur.find_first_not_of("=!<>^~") != std::string::npos) words.push_back(cur), cur.clear();
        continue;
      }
      cur += c;
    }
    if (!cur.empty()) words.push_back(cur);
    if (words.empty()) return tok::bad_range("composer", range, "empty alternative");
    Conj conj;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i + 2 < words.size() && words[i + 1] == "-") {  // hyphen range "A - B"
        conj.push_back({">=", words[i] + "-dev"});
        auto n = numbers(words[i + 2]);
        if (n.size() < 3) conj.push_back({"<", bumped(n, n.size() - 1) + "-dev"});
        else conj.push_back({"<=", words[i + 2]});
        i += 2;
        continue;
      }
      LD_RETURN_IF_ERROR(one(words[i], conj, range));
    }
    out.push_back(std::move(conj));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
    if (!rest.empty() && rest[0] == '|') rest.remove_prefix(1);
  }
  return out;
}

class ComposerScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "composer"; }
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

std::unique_ptr<VersionScheme> make_composer_scheme() { return std::make_unique<ComposerScheme>(); }
}  // namespace loudong::versions
