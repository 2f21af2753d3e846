// PyPI versions (PEP 440) and specifiers.
//
// Versions are parsed without allocation into views of the input; ordering
// follows packaging's Version key (epoch, release without trailing zeros,
// pre/post/dev with the dev-only trick, local segments).
//
// Specifiers become vers constraints that keep packaging's "contains"
// semantics with prereleases allowed (a vulnerability scanner must match an
// installed 2.0rc1 too): "==2.0" also matches 2.0+local, so it becomes
// [2.0, 2.0.post0.dev0); "<2.0" does not match 2.0rc1, so it becomes
// "<2.0.dev0"; "!=" splits into two branches; wildcards and "~=" become
// half-open intervals between .dev0 versions.
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

using tok::is_digit;

struct Pep440 {
  std::string_view epoch;    // digits, empty = 0
  std::string_view release;  // "1.2.3"
  int pre = -1;              // -1 none, 0 a, 1 b, 2 rc
  std::string_view pre_n;
  bool post = false;
  std::string_view post_n;
  bool dev = false;
  std::string_view dev_n;
  std::string_view local;  // without '+'; separators [-_.]
};

// Python's str.strip() drops Unicode whitespace too; these are its UTF-8
// encodings beyond ASCII.
std::size_t unicode_space(std::string_view s, std::size_t i) {
  static constexpr std::string_view spaces[] = {"\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x81",
                                                "\xe2\x80\x82", "\xe2\x80\x83", "\xe2\x80\x84", "\xe2\x80\x85",
                                                "\xe2\x80\x86", "\xe2\x80\x87", "\xe2\x80\x88", "\xe2\x80\x89",
                                                "\xe2\x80\x8a", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf",
                                                "\xe2\x81\x9f", "\xe3\x80\x80"};
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (tok::is_space(s[i]) || (c >= 0x1c && c <= 0x1f)) return 1;
  for (auto sp : spaces)
    if (s.substr(i, sp.size()) == sp) return sp.size();
  return 0;
}

std::string_view py_trim(std::string_view s) {
  for (std::size_t n; !s.empty() && (n = unicode_space(s, 0)) > 0;) s.remove_prefix(n);
  for (bool cut = true; cut && !s.empty();) {
    cut = false;
    for (std::size_t k = 1; k <= 3 && k <= s.size(); ++k)
      if (unicode_space(s, s.size() - k) == k) {
        s.remove_suffix(k);
        cut = true;
        break;
      }
  }
  return s;
}

bool is_sep(char c) { return c == '-' || c == '_' || c == '.'; }

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek(std::size_t k = 0) const { return i + k < s.size() ? s[i + k] : '\0'; }
  std::string_view digits() {
    std::size_t b = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return s.substr(b, i - b);
  }
  // Case-insensitive match of one of the words, longest first; advances.
  int word(std::initializer_list<std::string_view> words) {
    int k = 0, best = -1;
    std::size_t len = 0;
    for (auto w : words) {
      if (w.size() > len && tok::iequals(s.substr(i, w.size()), w)) best = k, len = w.size();
      ++k;
    }
    i += len;
    return best;
  }
};

// The optional "[-_.]?label[-_.]?digits?" part shared by pre, post and dev.
bool labelled(Cursor& c, std::initializer_list<std::string_view> words, int& which, std::string_view& num) {
  Cursor t = c;
  if (is_sep(t.peek())) ++t.i;
  which = t.word(words);
  if (which < 0) return false;
  if (is_sep(t.peek())) ++t.i;
  num = t.digits();
  c = t;
  return true;
}

Result<Pep440> parse(std::string_view input) {
  Pep440 v;
  Cursor c{py_trim(input)};
  auto fail = [&](std::string_view why) { return tok::bad_version("pypi", input, why); };
  if (c.s.empty()) return fail("empty");
  if (c.peek() == 'v' || c.peek() == 'V') ++c.i;
  std::size_t start = c.i;
  std::string_view first = c.digits();
  if (first.empty()) return fail(tok::at(c.s.substr(c.i), c.i));
  if (c.peek() == '!') {
    v.epoch = first;
    ++c.i;
    start = c.i;
    if (c.digits().empty()) return fail("no release after the epoch");
  }
  while (c.peek() == '.' && is_digit(c.peek(1))) {
    ++c.i;
    c.digits();
  }
  v.release = c.s.substr(start, c.i - start);
  int which;
  std::string_view num;
  if (labelled(c, {"a", "b", "c", "rc", "alpha", "beta", "pre", "preview"}, which, num)) {
    static constexpr int kind[] = {0, 1, 2, 2, 0, 1, 2, 2};
    v.pre = kind[which];
    v.pre_n = num;
  }
  if (c.peek() == '-' && is_digit(c.peek(1))) {
    ++c.i;
    v.post = true;
    v.post_n = c.digits();
  } else if (labelled(c, {"post", "rev", "r"}, which, num)) {
    v.post = true;
    v.post_n = num;
  }
  if (labelled(c, {"dev"}, which, num)) {
    v.dev = true;
    v.dev_n = num;
  }
  if (c.peek() == '+') {
    std::size_t b = ++c.i;
    bool need = true;
    while (!c.done()) {
      char ch = c.peek();
      if (tok::is_alnum(ch)) need = false;
      else if (is_sep(ch) && !need) need = true;
      else break;
      ++c.i;
    }
    if (need) return fail("malformed local version at position " + std::to_string(c.i));
    v.local = c.s.substr(b, c.i - b);
  }
  if (!c.done()) return fail(tok::at(c.s.substr(c.i), c.i));
  return v;
}

// Iterates '.'-separated digit runs of a release, zeros past the end.
struct Rel {
  std::string_view s;
  std::size_t i = 0;
  bool more() const { return i <= s.size(); }
  std::string_view next() {
    if (i > s.size()) return "0";
    std::size_t e = s.find('.', i);
    if (e == std::string_view::npos) e = s.size();
    std::string_view r = s.substr(i, e - i);
    i = e + 1;
    return r;
  }
};

int cmp_release(std::string_view a, std::string_view b) {
  Rel x{a}, y{b};
  while (x.more() || y.more())
    if (int c = tok::cmp_num(x.next(), y.next())) return c;
  return 0;
}

int cmp_local(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
  std::size_t i = 0, j = 0;
  for (;;) {
    bool ea = i > a.size(), eb = j > b.size();
    if (ea || eb) return ea == eb ? 0 : (ea ? -1 : 1);
    std::size_t ie = i, je = j;
    while (ie < a.size() && !is_sep(a[ie])) ++ie;
    while (je < b.size() && !is_sep(b[je])) ++je;
    std::string_view x = a.substr(i, ie - i), y = b.substr(j, je - j);
    bool nx = tok::all_digits(x), ny = tok::all_digits(y);
    int c = nx && ny ? tok::cmp_num(x, y) : nx != ny ? (nx ? 1 : -1) : tok::cmp_icase(x, y);
    if (c) return c;
    i = ie + 1;
    j = je + 1;
  }
}

// Three-way compare of optional numbers where "absent" sorts as the given
// infinity (-1 or +1).
int cmp_opt(bool ha, std::string_view a, bool hb, std::string_view b, int absent) {
  if (!ha && !hb) return 0;
  if (!ha) return absent;
  if (!hb) return -absent;
  return tok::cmp_num(a, b);
}

int cmp_public(const Pep440& a, const Pep440& b) {
  if (int c = tok::cmp_num(a.epoch, b.epoch)) return c;
  if (int c = cmp_release(a.release, b.release)) return c;
  // A dev release without pre or post sorts before every pre-release.
  auto pre_key = [](const Pep440& v) { return v.pre >= 0 ? v.pre : (!v.post && v.dev ? -1 : 3); };
  int pa = pre_key(a), pb = pre_key(b);
  if (pa != pb) return pa < pb ? -1 : 1;
  if (a.pre >= 0)
    if (int c = tok::cmp_num(a.pre_n, b.pre_n)) return c;
  if (int c = cmp_opt(a.post, a.post_n, b.post, b.post_n, -1)) return c;
  return cmp_opt(a.dev, a.dev_n, b.dev, b.dev_n, 1);
}

int cmp(const Pep440& a, const Pep440& b) {
  if (int c = cmp_public(a, b)) return c;
  return cmp_local(a.local, b.local);
}

std::string num(std::string_view d) {
  std::string_view z = tok::strip_zeros(d);
  return z.empty() ? "0" : std::string(z);
}

std::string epoch_prefix(const Pep440& v) { return tok::is_zero(v.epoch) ? "" : num(v.epoch) + "!"; }

std::string release_str(std::string_view r) {
  std::string out;
  Rel x{r};
  while (x.more()) {
    if (!out.empty()) out += '.';
    out += num(x.next());
  }
  return out;
}

// The normalised public form ("1.0a1.post2.dev3").
std::string canonical(const Pep440& v) {
  std::string s = epoch_prefix(v) + release_str(v.release);
  if (v.pre >= 0) s += std::string(v.pre == 0 ? "a" : v.pre == 1 ? "b" : "rc") + num(v.pre_n);
  if (v.post) s += ".post" + num(v.post_n);
  if (v.dev) s += ".dev" + num(v.dev_n);
  return s;
}

std::string inc(std::string_view d) {
  std::string s = num(d);
  for (std::size_t k = s.size(); k-- > 0;) {
    if (s[k] != '9') {
      ++s[k];
      return s;
    }
    s[k] = '0';
  }
  return "1" + s;
}

// The least public version above v and all of v's local variants: the
// next dev release, else the first dev of the next post release.
std::string successor(const Pep440& v) {
  std::string s = epoch_prefix(v) + release_str(v.release);
  if (v.pre >= 0) s += std::string(v.pre == 0 ? "a" : v.pre == 1 ? "b" : "rc") + num(v.pre_n);
  if (v.dev) return s + (v.post ? ".post" + num(v.post_n) : "") + ".dev" + inc(v.dev_n);
  return s + ".post" + (v.post ? inc(v.post_n) : "0") + ".dev0";
}

// Bounds of the prefix match "==E!P.*": [E!P.dev0, E!P'.dev0) with P' the
// prefix whose last component is one higher.
std::pair<std::string, std::string> prefix_bounds(std::string_view epoch, std::string_view release, bool drop_last) {
  std::string e = tok::is_zero(epoch) ? "" : num(epoch) + "!";
  std::string rel = release_str(release);
  if (drop_last) rel = rel.substr(0, rel.rfind('.'));
  auto dot = rel.rfind('.');
  std::string head = dot == std::string::npos ? "" : rel.substr(0, dot + 1);
  std::string last = dot == std::string::npos ? rel : rel.substr(dot + 1);
  return {e + rel + ".dev0", e + head + inc(last) + ".dev0"};
}

using Conj = std::vector<Constraint>;
using Disj = std::vector<Conj>;

// Built step by step: GCC's -Wmaybe-uninitialized misfires on nested
// brace-initialised vectors of Constraint.
Constraint K(const char* op, std::string v) {
  Constraint c;
  c.comparator = op;
  c.version = std::move(v);
  return c;
}
Disj all(Constraint a) {
  Disj d(1);
  d[0].push_back(std::move(a));
  return d;
}
Disj all(Constraint a, Constraint b) {
  Disj d = all(std::move(a));
  d[0].push_back(std::move(b));
  return d;
}
Disj either(Constraint a, Constraint b) {
  Disj d = all(std::move(a));
  d.push_back(Conj(1, std::move(b)));
  return d;
}

// One specifier ("~=1.4.2", "!=2.*", ">= 1.0") as a disjunction.
Result<Disj> parse_spec(std::string_view spec, std::string_view whole) {
  auto fail = [&](std::string_view why) {
    return tok::bad_range("pypi", whole, "specifier '" + std::string(spec) + "': " + std::string(why));
  };
  std::string_view s = py_trim(spec);
  std::size_t k = 0;
  while (k < s.size() && std::string_view("=!<>~").find(s[k]) != std::string_view::npos) ++k;
  std::string_view op = s.substr(0, k), ver = py_trim(s.substr(k));
  static constexpr std::string_view ops[] = {"~=", "==", "!=", "<=", ">=", "<", ">", "==="};
  bool known = false;
  for (auto o : ops) known |= o == op;
  if (!known) return fail(op.empty() ? "missing operator" : "unknown operator '" + std::string(op) + "'");
  if (ver.empty()) return fail("missing version");
  for (char ch : ver)
    if (tok::is_space(ch)) return fail("whitespace inside the version");
  if (op == "===") {
    // Arbitrary equality is string identity; only a valid version can be
    // carried as a vers constraint.
    auto v = parse(ver);
    if (!v) return fail("'===' with a non-PEP 440 version is not supported");
    return all(K("=", std::string(ver)));
  }
  bool wildcard = ver.size() >= 2 && ver.substr(ver.size() - 2) == ".*";
  if (wildcard && op != "==" && op != "!=") return fail("'.*' only goes with '==' and '!='");
  auto pv = parse(wildcard ? ver.substr(0, ver.size() - 2) : ver);
  if (!pv) return fail(pv.error().message());
  const Pep440& v = *pv;
  if (wildcard && (v.pre >= 0 || v.post || v.dev || !v.local.empty()))
    return fail("'.*' must directly follow the release numbers");
  if (!v.local.empty() && op != "==" && op != "!=") return fail("a local version only goes with '==' and '!='");
  std::string text = canonical(v);
  if (!v.local.empty()) text += "+" + tok::lowered(v.local);
  if (wildcard) {
    auto [lo, hi] = prefix_bounds(v.epoch, v.release, false);
    if (op == "==") return all(K(">=", lo), K("<", hi));
    return either(K("<", lo), K(">=", hi));
  }
  if (op == "~=") {
    if (v.release.find('.') == std::string_view::npos) return fail("'~=' needs at least two release numbers");
    auto [lo, hi] = prefix_bounds(v.epoch, v.release, true);
    return all(K(">=", text), K("<", hi));
  }
  bool local = !v.local.empty();
  if (op == "==") return local ? all(K("=", text)) : all(K(">=", text), K("<", successor(v)));
  if (op == "!=") return local ? all(K("!=", text)) : either(K("<", text), K(">=", successor(v)));
  if (op == ">=") return all(K(">=", text));
  if (op == "<=") return all(K("<", successor(v)));
  if (op == "<") {
    // "<2.0" must not match 2.0's own pre-releases.
    if (v.pre >= 0 || v.dev) return all(K("<", text));
    return all(K("<", text + ".dev0"));
  }
  // ">": above v and its local variants. packaging also refuses v's own
  // post-releases when v is final; that bound lies above every v.postN and
  // cannot be written as a vers constraint (listed in known-gaps).
  return all(K(">=", successor(v)));
}

// False when no version can satisfy every constraint of `c` (its greatest
// lower bound is not below its least upper bound). Unparsable bounds keep the
// conjunction: pruning must never change what the range contains.
bool satisfiable(const Conj& c) {
  std::optional<Pep440> lo, hi;
  std::vector<Pep440> exact;
  for (const auto& k : c) {
    if (k.comparator != ">=" && k.comparator != "<" && k.comparator != "=") continue;
    auto v = parse(k.version);
    if (!v) return true;
    if (k.comparator == ">=") {
      if (!lo || cmp(*v, *lo) > 0) lo = *v;
    } else if (k.comparator == "<") {
      if (!hi || cmp(*v, *hi) < 0) hi = *v;
    } else {
      exact.push_back(*v);
    }
  }
  if (lo && hi && cmp(*lo, *hi) >= 0) return false;
  for (const auto& e : exact)
    if ((lo && cmp(e, *lo) < 0) || (hi && cmp(e, *hi) >= 0)) return false;
  return true;
}

// Each "!=" splits every alternative in two; dropping the empty ones keeps a
// specifier set at (number of exclusions + 1) alternatives instead of 2^n
// (found by pypi_fuzz: 40 "!=" clauses took gigabytes).
constexpr std::size_t kMaxAlternatives = 4096;

Result<Disj> parse_specifiers(std::string_view range) {
  Disj out{Conj{}};
  std::string_view rest = range;
  if (py_trim(rest).empty()) return all(K("*", ""));
  for (;;) {
    auto comma = rest.find(',');
    std::string_view one = rest.substr(0, comma);
    LD_ASSIGN_OR_RETURN(Disj d, parse_spec(one, range));
    Disj next;
    for (const auto& left : out)
      for (const auto& right : d) {
        Conj c = left;
        c.insert(c.end(), right.begin(), right.end());
        // An empty set still keeps one (unsatisfiable) alternative, so that
        // it prints as a range that contains nothing.
        if (satisfiable(c) || (next.empty() && &right == &d.back() && &left == &out.back()))
          next.push_back(std::move(c));
      }
    if (next.size() > kMaxAlternatives)
      return tok::bad_range("pypi", range, "more than " + std::to_string(kMaxAlternatives) + " alternatives");
    out = std::move(next);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

class PypiScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "pypi"; }
  Status validate(std::string_view v) const override { return parse(v).status(); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    auto x = parse(a);
    if (!x) return std::move(x).error();
    auto y = parse(b);
    if (!y) return std::move(y).error();
    return cmp(*x, *y);
  }
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    return parse_specifiers(range);
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_pypi_scheme() { return std::make_unique<PypiScheme>(); }
}  // namespace loudong::versions
