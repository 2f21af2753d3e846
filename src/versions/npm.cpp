#include "versions/npm.h"

#include <algorithm>

namespace loudong::versions::npm {
namespace {

using semver::SemverView;

constexpr std::string_view kMaxSafe = "9007199254740991";  // Number.MAX_SAFE_INTEGER
constexpr size_t kMaxLength = 256;

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'; }
bool is_x(std::string_view id) { return id.empty() || id == "x" || id == "X" || id == "*"; }

std::string inc(std::string_view digits) { return semver::increment_digits(digits); }
std::string str(std::string_view s) { return std::string(s); }

// The parts of an XRANGEPLAIN match: [v=\s]*(XID)(.(XID)(.(XID)PRE?BUILD?)?)?
struct XParts {
  std::string_view M, m, p, pr;
};

// Reads dot-separated [0-9A-Za-z-]+ identifiers; strict rejects numeric
// identifiers with leading zeros (node-semver's PRERELEASEIDENTIFIER).
bool read_ids(std::string_view s, size_t& i, bool check_numeric) {
  while (true) {
    size_t start = i;
    while (i < s.size() && is_ident(s[i])) ++i;
    if (i == start) return false;
    std::string_view id = s.substr(start, i - start);
    if (check_numeric && id.size() > 1 && id[0] == '0' && std::all_of(id.begin(), id.end(), is_digit)) return false;
    if (i + 1 < s.size() && s[i] == '.' && is_ident(s[i + 1])) {
      ++i;
      continue;
    }
    return true;
  }
}

bool read_xid(std::string_view s, size_t& i, bool loose, std::string_view& out) {
  size_t start = i;
  if (i < s.size() && is_digit(s[i])) {
    if (!loose && s[i] == '0') ++i;
    else while (i < s.size() && is_digit(s[i])) ++i;
  } else if (i < s.size() && (s[i] == 'x' || s[i] == 'X' || s[i] == '*')) {
    ++i;
  } else {
    return false;
  }
  out = s.substr(start, i - start);
  return true;
}

// Whole-string match of XRANGEPLAIN (loose: XRANGEPLAINLOOSE). The regex
// takes "1.x.5" and "x.1"; node-semver 7.7+ refuses such a wildcard order
// only as an x-range (invalidXRangeOrder in replaceXRange), while carets,
// tildes and hyphen ranges read "^1.x.5" as "^1.x" and "x.1 - 2" as "* - 2":
// check_order says which reading the caller wants.
bool match_xplain(std::string_view s, bool loose, XParts& x, bool check_order = false) {
  size_t i = 0;
  while (i < s.size() && (s[i] == 'v' || s[i] == '=' || is_ws(s[i]))) ++i;
  x = {};
  if (!read_xid(s, i, loose, x.M)) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!read_xid(s, i, loose, x.m) || (check_order && is_x(x.M) && !is_x(x.m))) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (!read_xid(s, i, loose, x.p) || (check_order && is_x(x.m) && !is_x(x.p))) return false;
      bool dash = i < s.size() && s[i] == '-';
      if (dash || (loose && i < s.size() && is_ident(s[i]) && s[i] != '+')) {
        const size_t at = i;
        if (dash) ++i;
        size_t start = i;
        if (!read_ids(s, i, !loose)) {
          // Loose "-?(ids)" backtracks: the dash starts the identifier ("1.2.3-").
          if (!(loose && dash)) return false;
          i = start = at;
          if (!read_ids(s, i, false)) return false;
        }
        x.pr = s.substr(start, i - start);
      }
      if (i < s.size() && s[i] == '+') {
        ++i;
        if (!read_ids(s, i, false)) return false;
      }
    }
  }
  return i == s.size();
}

// GTLT: ((?:<|>)?=?)
size_t read_gtlt(std::string_view s, size_t i) {
  if (i < s.size() && (s[i] == '<' || s[i] == '>')) ++i;
  if (i < s.size() && s[i] == '=') ++i;
  return i;
}

bool versionish_start(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == 'v' || s[i] == '=' || is_ws(s[i]))) ++i;
  return i < s.size() && (is_digit(s[i]) || s[i] == 'x' || s[i] == 'X' || s[i] == '*');
}

// JavaScript's s.split(/\s+/): empty pieces at the ends are kept.
std::vector<std::string> js_split_ws(std::string_view s) {
  std::vector<std::string> out(1);
  size_t i = 0;
  while (i < s.size()) {
    if (is_ws(s[i])) {
      while (i < s.size() && is_ws(s[i])) ++i;
      out.emplace_back();
    } else {
      out.back() += s[i++];
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += ' ';
    out += parts[i];
  }
  return out;
}

std::string hyphen_replace(std::string_view from, const XParts& f, std::string_view to, const XParts& t, bool inc_pr) {
  std::string a, b;
  const char* z = inc_pr ? "-0" : "";
  if (is_x(f.M)) a = "";
  else if (is_x(f.m)) a = ">=" + str(f.M) + ".0.0" + z;
  else if (is_x(f.p)) a = ">=" + str(f.M) + "." + str(f.m) + ".0" + z;
  else if (!f.pr.empty()) a = ">=" + str(from);
  else a = ">=" + str(from) + z;

  if (is_x(t.M)) b = "";
  else if (is_x(t.m)) b = "<" + inc(t.M) + ".0.0-0";
  else if (is_x(t.p)) b = "<" + str(t.M) + "." + inc(t.m) + ".0-0";
  else if (!t.pr.empty()) b = "<=" + str(t.M) + "." + str(t.m) + "." + str(t.p) + "-" + str(t.pr);
  else if (inc_pr) b = "<" + str(t.M) + "." + str(t.m) + "." + inc(t.p) + "-0";
  else b = "<=" + str(to);
  return str(semver::trim(a + " " + b));
}

// `^1.2.3` and friends (replaceCaret); unchanged when it is not a caret.
std::string replace_caret(const std::string& comp, const Options& o) {
  if (comp.empty() || comp[0] != '^') return comp;
  XParts x;
  if (!match_xplain(std::string_view(comp).substr(1), o.loose, x)) return comp;
  const std::string z = o.include_prerelease ? "-0" : "";
  auto M = str(x.M), m = str(x.m), p = str(x.p), pr = str(x.pr);
  if (is_x(x.M)) return "";
  if (is_x(x.m)) return ">=" + M + ".0.0" + z + " <" + inc(M) + ".0.0-0";
  if (is_x(x.p)) {
    if (M == "0") return ">=" + M + "." + m + ".0" + z + " <" + M + "." + inc(m) + ".0-0";
    return ">=" + M + "." + m + ".0" + z + " <" + inc(M) + ".0.0-0";
  }
  // A full version keeps its own lower bound even with includePrerelease.
  std::string lo = ">=" + M + "." + m + "." + p + (pr.empty() ? "" : "-" + pr);
  if (M == "0") {
    if (m == "0") return lo + " <" + M + "." + m + "." + inc(p) + "-0";
    return lo + " <" + M + "." + inc(m) + ".0-0";
  }
  return lo + " <" + inc(M) + ".0.0-0";
}

std::string replace_tilde(const std::string& comp, const Options& o) {
  if (comp.empty() || comp[0] != '~') return comp;
  std::string_view rest = std::string_view(comp).substr(1);
  if (!rest.empty() && rest[0] == '>') rest.remove_prefix(1);
  XParts x;
  if (!match_xplain(rest, o.loose, x)) return comp;
  const std::string z = o.include_prerelease ? "-0" : "";
  auto M = str(x.M), m = str(x.m), p = str(x.p), pr = str(x.pr);
  if (is_x(x.M)) return "";
  if (is_x(x.m)) return ">=" + M + ".0.0" + z + " <" + inc(M) + ".0.0-0";
  if (is_x(x.p)) return ">=" + M + "." + m + ".0" + z + " <" + M + "." + inc(m) + ".0-0";
  if (!pr.empty()) return ">=" + M + "." + m + "." + p + "-" + pr + " <" + M + "." + inc(m) + ".0-0";
  return ">=" + M + "." + m + "." + p + " <" + M + "." + inc(m) + ".0-0";
}

std::string replace_xrange(std::string comp, const Options& o) {
  comp = str(semver::trim(comp));
  std::string_view s = comp;
  size_t g = read_gtlt(s, 0);
  std::string gtlt = str(s.substr(0, g));
  size_t i = g;
  while (i < s.size() && is_ws(s[i])) ++i;
  XParts x;
  if (!match_xplain(s.substr(i), o.loose, x, true)) return comp;
  bool xM = is_x(x.M), xm = xM || is_x(x.m), xp = xm || is_x(x.p);
  if (gtlt == "=" && xp) gtlt = "";
  std::string pr = o.include_prerelease ? "-0" : "";
  std::string M = str(x.M), m = str(x.m), p = str(x.p);
  if (xM) return (gtlt == ">" || gtlt == "<") ? "<0.0.0-0" : "*";
  if (!gtlt.empty() && xp) {
    if (xm) m = "0";
    p = "0";
    if (gtlt == ">") {
      gtlt = ">=";
      if (xm) {
        M = inc(M);
        m = "0";
      } else {
        m = inc(m);
      }
      p = "0";
    } else if (gtlt == "<=") {
      gtlt = "<";
      if (xm) M = inc(M);
      else m = inc(m);
    }
    if (gtlt == "<") pr = "-0";
    return gtlt + M + "." + m + "." + p + pr;
  }
  if (xm) return ">=" + M + ".0.0" + pr + " <" + inc(M) + ".0.0-0";
  if (xp) return ">=" + M + "." + m + ".0" + pr + " <" + M + "." + inc(m) + ".0-0";
  return comp;
}

// STAR: the first (<|>)?=?\s*\* anywhere is removed.
std::string replace_stars(std::string comp) {
  comp = str(semver::trim(comp));
  for (size_t i = 0; i < comp.size(); ++i) {
    size_t j = i;
    if (j < comp.size() && (comp[j] == '<' || comp[j] == '>')) ++j;
    if (j < comp.size() && comp[j] == '=') ++j;
    while (j < comp.size() && is_ws(comp[j])) ++j;
    if (j < comp.size() && comp[j] == '*') return comp.erase(i, j + 1 - i);
  }
  return comp;
}

// BUILD: the first "+ids" anywhere is removed.
std::string strip_build(std::string comp) {
  for (size_t i = 0; i + 1 < comp.size(); ++i) {
    if (comp[i] != '+' || !is_ident(comp[i + 1])) continue;
    size_t j = i + 1;
    if (read_ids(comp, j, false)) return comp.erase(i, j - i);
  }
  return comp;
}

// BUILDSTRIPRE: every "+ids" is removed from a whole set before the hyphen
// range is read, so "1.2.3+b - 3" with includePrerelease gives
// ">=1.2.3-0" (stripping later would eat the "-0" as build text).
std::string strip_builds(std::string comp) {
  std::string out;
  size_t i = 0;
  while (i < comp.size()) {
    if (comp[i] == '+' && i + 1 < comp.size() && is_ident(comp[i + 1])) {
      size_t j = i + 1;
      if (read_ids(comp, j, false)) {
        i = j;
        continue;
      }
    }
    out += comp[i++];
  }
  return out;
}

std::string map_ws(const std::string& comp, std::string (*fn)(const std::string&, const Options&), const Options& o) {
  std::vector<std::string> parts;
  for (auto p : semver::split_ws(comp)) parts.push_back(fn(str(p), o));
  if (parts.empty()) parts.push_back(fn("", o));
  return join(parts);
}

std::string parse_comparator(std::string comp, const Options& o) {
  comp = strip_build(std::move(comp));
  comp = map_ws(comp, replace_caret, o);
  comp = map_ws(comp, replace_tilde, o);
  std::vector<std::string> parts;
  for (auto& p : js_split_ws(comp)) parts.push_back(replace_xrange(p, o));
  comp = join(parts);
  return replace_stars(comp);
}

// `>= 1.2.3` -> `>=1.2.3` (COMPARATORTRIM), `~> 1` -> `~1`, `^ 1` -> `^1`.
std::string trim_operators(std::string_view r) {
  std::string out;
  size_t i = 0;
  while (i < r.size()) {
    char c = r[i];
    if (c == '<' || c == '>' || c == '=') {
      size_t j = read_gtlt(r, i);
      if (j == i) j = i + 1;
      size_t k = j;
      while (k < r.size() && is_ws(r[k])) ++k;
      out.append(r.substr(i, j - i));
      i = (k > j && versionish_start(r, k)) ? k : j;
    } else if (c == '~' || c == '^') {
      size_t j = i + 1;
      if (c == '~' && j < r.size() && r[j] == '>') ++j;
      size_t k = j;
      while (k < r.size() && is_ws(r[k])) ++k;
      if (k > j) {
        out += c;  // node-semver replaces "~> " by "~": the ">" is dropped
        i = k;
      } else {
        out.append(r.substr(i, j - i));
        i = j;
      }
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

bool matches_comparator_loose(std::string_view comp) {
  if (comp.empty()) return true;
  size_t i = read_gtlt(comp, 0);
  while (i < comp.size() && is_ws(comp[i])) ++i;
  Options loose{true, false};
  return i < comp.size() && parse_version(comp.substr(i), loose).ok() && !is_ws(comp.back());
}

Result<Comparator> make_comparator(std::string_view comp, const Options& o) {
  Comparator c;
  if (comp.empty()) {
    c.any = true;
    return c;
  }
  size_t i = read_gtlt(comp, 0);
  c.op = str(comp.substr(0, i));
  if (c.op == "=") c.op = "";
  while (i < comp.size() && is_ws(comp[i])) ++i;
  std::string_view v = comp.substr(i);
  if (v.empty() || is_ws(v.back()) || (!o.loose && v.size() > 1 && v[0] == 'v' && v[1] == 'v'))
    return Error::invalid("invalid comparator \"" + str(comp) + "\"", "bad_range");
  auto parsed = parse_version(v, o);
  if (!parsed.ok()) return Error::invalid("invalid comparator \"" + str(comp) + "\": " + parsed.error().message(), "bad_range");
  if (!o.loose && !v.empty() && (v[0] == '=' || is_ws(v[0])))
    return Error::invalid("invalid comparator \"" + str(comp) + "\"", "bad_range");
  c.major = str(parsed->major);
  c.minor = str(parsed->minor);
  c.patch = str(parsed->patch);
  c.has_pre = parsed->has_pre;
  c.pre = str(parsed->pre);
  return c;
}

bool is_null_set(const Comparator& c) {
  return c.op == "<" && c.major == "0" && c.minor == "0" && c.patch == "0" && c.has_pre && c.pre == "0";
}

Result<std::vector<Comparator>> parse_set(std::string_view r, const Options& o) {
  std::string range = strip_builds(std::string(r));
  // Hyphen range: the whole set is "A - B".
  for (size_t pos = range.find(" - "); pos != std::string::npos; pos = range.find(" - ", pos + 1)) {
    std::string_view left = std::string_view(range).substr(0, pos);
    std::string_view right = std::string_view(range).substr(pos + 3);
    XParts f, t;
    if (match_xplain(semver::trim(left), o.loose, f) && match_xplain(semver::trim(right), o.loose, t)) {
      range = hyphen_replace(semver::trim(left), f, semver::trim(right), t, o.include_prerelease);
      break;
    }
  }
  range = trim_operators(range);
  std::vector<std::string> tokens;
  {
    std::vector<std::string> replaced;
    size_t start = 0;
    while (true) {  // JavaScript split(' ')
      size_t sp = range.find(' ', start);
      replaced.push_back(parse_comparator(range.substr(start, sp - start), o));
      if (sp == std::string::npos) break;
      start = sp + 1;
    }
    tokens = js_split_ws(join(replaced));
  }
  for (auto& t : tokens) {
    std::string_view tv = semver::trim(t);
    std::string_view want = o.include_prerelease ? ">=0.0.0-0" : ">=0.0.0";
    if (tv.size() >= 2 && tv.substr(0, 2) == ">=") {
      std::string_view rest = semver::trim(tv.substr(2));
      if (rest == want.substr(2)) t.clear();
    }
  }
  if (o.loose) {
    std::erase_if(tokens, [](const std::string& t) { return !matches_comparator_loose(t); });
  }
  std::vector<Comparator> out;
  std::vector<std::string> keys;
  for (auto& t : tokens) {
    auto c = make_comparator(t, o);
    if (!c.ok()) return std::move(c).error();
    if (is_null_set(*c)) return std::vector<Comparator>{std::move(*c)};
    std::string key = c->value();
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    keys.push_back(key);
    out.push_back(std::move(*c));
  }
  if (out.size() > 1) {
    std::erase_if(out, [](const Comparator& c) { return c.any; });
  }
  return out;
}

}  // namespace

Result<SemverView> parse_version(std::string_view v, const Options& o) {
  if (v.size() > kMaxLength) return Error::invalid("version is longer than 256 characters", "bad_version");
  std::string_view s = semver::trim(v);
  if (o.loose) {
    while (!s.empty() && (s[0] == 'v' || s[0] == '=' || is_ws(s[0]))) s.remove_prefix(1);
  } else if (!s.empty() && s[0] == 'v') {
    s.remove_prefix(1);
  }
  semver::Syntax syn;
  syn.allow_leading_zeros = o.loose;
  syn.optional_pre_dash = o.loose;
  auto r = semver::parse(s, syn);
  if (!r.ok()) return r;
  for (auto part : {r->major, r->minor, r->patch}) {
    if (semver::compare_digits(part, kMaxSafe) > 0)
      return Error::invalid("invalid version \"" + str(v) + "\": number larger than 2^53-1", "bad_version");
  }
  return r;
}

SemverView Comparator::view() const {
  SemverView v;
  v.major = major;
  v.minor = minor;
  v.patch = patch;
  v.has_pre = has_pre;
  v.pre = pre;
  v.components = 3;
  return v;
}

std::string Comparator::value() const {
  if (any) return "";
  return op + semver::format(view());
}

bool Comparator::test(const SemverView& v) const {
  if (any) return true;
  int c = semver::compare(v, view());
  if (op.empty()) return c == 0;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;  // ">="
}

Result<Range> Range::parse(std::string_view range, const Options& o) {
  Range out;
  out.options_ = o;
  std::string raw = join([&] {
    std::vector<std::string> v;
    for (auto p : semver::split_ws(range)) v.push_back(str(p));
    return v;
  }());
  size_t start = 0;
  while (true) {
    size_t bar = raw.find("||", start);
    auto set = parse_set(semver::trim(std::string_view(raw).substr(start, bar - start)), o);
    if (!set.ok()) return std::move(set).error();
    if (!set->empty()) out.sets_.push_back(std::move(*set));
    if (bar == std::string::npos) break;
    start = bar + 2;
  }
  if (out.sets_.empty()) return Error::invalid("invalid npm range \"" + str(range) + "\"", "bad_range");
  if (out.sets_.size() > 1) {
    auto first = out.sets_.front();
    std::erase_if(out.sets_, [](const auto& s) { return is_null_set(s.front()); });
    if (out.sets_.empty()) {
      out.sets_.push_back(std::move(first));
    } else if (out.sets_.size() > 1) {
      for (auto& s : out.sets_) {
        if (s.size() == 1 && s.front().any) {
          auto keep = s;
          out.sets_ = {std::move(keep)};
          break;
        }
      }
    }
  }
  return out;
}

bool Range::test(std::string_view version) const {
  if (version.empty()) return false;
  auto v = parse_version(version, options_);
  return v.ok() && test(*v);
}

bool Range::test(const SemverView& v) const {
  for (const auto& set : sets_) {
    bool all = std::all_of(set.begin(), set.end(), [&](const Comparator& c) { return c.test(v); });
    if (!all) continue;
    if (!v.has_pre || options_.include_prerelease) return true;
    // A prerelease only matches when some comparator names the same
    // major.minor.patch with a prerelease: users opt in per release line.
    for (const auto& c : set) {
      if (c.any || !c.has_pre) continue;
      if (semver::compare_digits(c.major, v.major) == 0 && semver::compare_digits(c.minor, v.minor) == 0 &&
          semver::compare_digits(c.patch, v.patch) == 0)
        return true;
    }
  }
  return false;
}

std::string Range::to_string() const {
  std::string out;
  for (size_t i = 0; i < sets_.size(); ++i) {
    if (i) out += "||";
    std::string set;
    for (const auto& c : sets_[i]) {
      if (!set.empty()) set += ' ';
      set += c.value();
    }
    out += str(semver::trim(set));
  }
  return out.empty() ? "*" : out;
}

namespace {

// A bound of an interval; `set` false means unbounded.
struct Edge {
  bool set = false, incl = false;
  SemverView v;
};

int cmp(const Edge& a, const Edge& b) { return semver::compare(a.v, b.v); }

// Keeps the tighter of two lower bounds: the greater version, and at the
// same version the exclusive one.
void tighten_lo(Edge& lo, const Edge& e) {
  if (!lo.set) {
    lo = e;
    return;
  }
  int c = cmp(e, lo);
  if (c > 0 || (c == 0 && !e.incl)) lo = e;
}

void tighten_hi(Edge& hi, const Edge& e) {
  if (!hi.set) {
    hi = e;
    return;
  }
  int c = cmp(e, hi);
  if (c < 0 || (c == 0 && !e.incl)) hi = e;
}

bool empty(const Edge& lo, const Edge& hi) {
  if (!lo.set || !hi.set) return false;
  int c = cmp(lo, hi);
  return c > 0 || (c == 0 && !(lo.incl && hi.incl));
}

// The interval stores its bounds as Comparators so that it owns the digits.
Comparator own(const SemverView& v) {
  Comparator c;
  c.major = str(v.major);
  c.minor = str(v.minor);
  c.patch = str(v.patch);
  c.has_pre = v.has_pre;
  c.pre = str(v.pre);
  return c;
}

}  // namespace

bool Interval::is_point() const {
  return has_lo && has_hi && lo_incl && hi_incl && semver::compare(lo.view(), hi.view()) == 0;
}

bool Interval::contains(const SemverView& v) const {
  if (has_lo) {
    int c = semver::compare(v, lo.view());
    if (c < 0 || (c == 0 && !lo_incl)) return false;
  }
  if (has_hi) {
    int c = semver::compare(v, hi.view());
    if (c > 0 || (c == 0 && !hi_incl)) return false;
  }
  return true;
}

std::vector<Interval> Range::intervals(UpperBounds bounds) const {
  // Each set is a conjunction: its admitted versions are one interval (the
  // tightest lower and upper bound; "=V" is both). The range is their union.
  std::vector<std::pair<Edge, Edge>> parts;
  for (const auto& set : sets_) {
    Edge lo, hi;
    for (const auto& c : set) {
      if (c.any) continue;
      SemverView v = c.view();
      if (bounds == UpperBounds::osv && c.op == "<" && v.has_pre && v.pre == "0" &&
          !(v.major == "0" && v.minor == "0" && v.patch == "0")) {
        v.has_pre = false;
        v.pre = {};
      }
      if (c.op == ">" || c.op == ">=") tighten_lo(lo, {true, c.op == ">=", v});
      else if (c.op == "<" || c.op == "<=") tighten_hi(hi, {true, c.op == "<=", v});
      else {
        tighten_lo(lo, {true, true, v});
        tighten_hi(hi, {true, true, v});
      }
    }
    if (!empty(lo, hi)) parts.emplace_back(lo, hi);
  }
  // Union: sort by lower bound (unbounded first; inclusive before exclusive
  // at the same version), then merge what overlaps or touches.
  std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
    if (!a.first.set || !b.first.set) return !a.first.set && b.first.set;
    int c = cmp(a.first, b.first);
    return c < 0 || (c == 0 && a.first.incl && !b.first.incl);
  });
  std::vector<std::pair<Edge, Edge>> merged;
  for (auto& p : parts) {
    if (!merged.empty()) {
      auto& cur = merged.back();
      // Sorted by lower bound, so an unbounded one here means cur's is too.
      bool joins = !cur.second.set || !p.first.set;
      if (!joins) {
        int c = cmp(p.first, cur.second);
        joins = c < 0 || (c == 0 && (p.first.incl || cur.second.incl));
      }
      if (joins) {
        if (cur.second.set) {
          if (!p.second.set) cur.second = p.second;
          else {
            int c = cmp(p.second, cur.second);
            if (c > 0 || (c == 0 && p.second.incl)) cur.second = p.second;
          }
        }
        continue;
      }
    }
    merged.push_back(p);
  }
  std::vector<Interval> out;
  for (const auto& [lo, hi] : merged) {
    Interval i;
    i.has_lo = lo.set;
    i.lo_incl = lo.incl;
    if (lo.set) i.lo = own(lo.v);
    i.has_hi = hi.set;
    i.hi_incl = hi.incl;
    if (hi.set) i.hi = own(hi.v);
    out.push_back(std::move(i));
  }
  return out;
}

Result<Range> parse_range_lenient(std::string_view range, bool include_prerelease) {
  auto r = Range::parse(range, {false, include_prerelease});
  if (r.ok()) return r;
  auto loose = Range::parse(range, {true, include_prerelease});
  if (loose.ok()) return loose;
  return std::move(r).error();
}

}  // namespace loudong::versions::npm

namespace loudong::versions {
namespace {

class NpmScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "npm"; }
  Status validate(std::string_view v) const override { return npm::parse_version(v, kOptions).status(); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    auto pa = npm::parse_version(a, kOptions);
    if (!pa.ok()) return std::move(pa).error();
    auto pb = npm::parse_version(b, kOptions);
    if (!pb.ok()) return std::move(pb).error();
    return semver::compare(*pa, *pb);
  }

  // node-semver's own expansion, as disjoint intervals: one conjunction per
  // interval, so that flattening them (vers has no "||") keeps the set. A
  // plain flattening of the sets does not: "0.x - 1.1 || >=0.0.10" would
  // read ">=0.0.0|>=0.0.10|<1.2.0" and lose 3.0.2. Upper bounds follow
  // OSV's ordering (UpperBounds::osv): "<2.0.0-0" is written "<2.0.0", as
  // the vers-spec conversions do. A range nothing satisfies ("3.x - 1.3")
  // becomes "<0.0.0-0", the one vers range that holds no npm version.
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    auto r = npm::parse_range_lenient(range);
    if (!r.ok()) return std::move(r).error();
    std::vector<std::vector<Constraint>> out;
    for (const auto& i : r->intervals(npm::UpperBounds::osv)) {
      std::vector<Constraint> conj;
      if (!i.has_lo && !i.has_hi) {
        conj.push_back({"*", ""});
      } else if (i.is_point()) {
        conj.push_back({"=", semver::format(i.lo.view())});
      } else {
        if (i.has_lo) conj.push_back({i.lo_incl ? ">=" : ">", semver::format(i.lo.view())});
        if (i.has_hi) conj.push_back({i.hi_incl ? "<=" : "<", semver::format(i.hi.view())});
      }
      out.push_back(std::move(conj));
    }
    if (out.empty()) out.push_back({Constraint{"<", "0.0.0-0"}});
    return out;
  }

 private:
  static constexpr npm::Options kOptions{true, false};
};

}  // namespace

std::unique_ptr<VersionScheme> make_npm_scheme() { return std::make_unique<NpmScheme>(); }

}  // namespace loudong::versions
