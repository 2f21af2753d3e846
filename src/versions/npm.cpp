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

// Whole-string match of XRANGEPLAIN (loose: XRANGEPLAINLOOSE).
bool match_xplain(std::string_view s, bool loose, XParts& x) {
  size_t i = 0;
  while (i < s.size() && (s[i] == 'v' || s[i] == '=' || is_ws(s[i]))) ++i;
  x = {};
  if (!read_xid(s, i, loose, x.M)) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    // A number after a wildcard ("1.x.5", "x.1") is not a range (node-semver 7.7).
    if (!read_xid(s, i, loose, x.m) || (is_x(x.M) && !is_x(x.m))) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (!read_xid(s, i, loose, x.p) || (is_x(x.m) && !is_x(x.p))) return false;
      bool dash = i < s.size() && s[i] == '-';
      if (dash || (loose && i < s.size() && is_ident(s[i]) && s[i] != '+')) {
        if (dash) ++i;
        size_t start = i;
        if (!read_ids(s, i, !loose)) return false;
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
  if (!match_xplain(s.substr(i), o.loose, x)) return comp;
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
  std::string range(r);
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

  // node-semver's own expansion, flattened to vers constraints. Exclusive
  // upper bounds lose node-semver's "-0" ("<2.0.0-0" -> "<2.0.0"), as the
  // vers-spec conversions do.
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    auto r = npm::Range::parse(range, {});
    if (!r.ok()) r = npm::Range::parse(range, kOptions);
    if (!r.ok()) return std::move(r).error();
    std::vector<std::vector<Constraint>> out;
    for (const auto& set : r->sets()) {
      std::vector<Constraint> conj;
      for (const auto& c : set) {
        if (c.any) {
          conj.push_back({"*", ""});
          continue;
        }
        auto v = c.view();
        if (c.op == "<" && v.has_pre && v.pre == "0") v.has_pre = false;
        conj.push_back({c.op.empty() ? "=" : c.op, semver::format(v)});
      }
      out.push_back(std::move(conj));
    }
    return out;
  }

 private:
  static constexpr npm::Options kOptions{true, false};
};

}  // namespace

std::unique_ptr<VersionScheme> make_npm_scheme() { return std::make_unique<NpmScheme>(); }

}  // namespace loudong::versions
