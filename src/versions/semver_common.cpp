#include "versions/semver_common.h"

#include <algorithm>

namespace loudong::versions::semver {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}
std::string_view strip_zeros(std::string_view d) {
  while (d.size() > 1 && d[0] == '0') d.remove_prefix(1);
  return d;
}

Error bad(std::string_view s, size_t at, std::string_view what) {
  return Error::invalid("invalid version \"" + std::string(s) + "\": " + std::string(what) + " at offset " +
                            std::to_string(at),
                        "bad_version");
}

// Reads dot-separated identifiers from s[pos..) up to a char in `stop`.
Status read_ids(std::string_view s, size_t& pos, std::string_view stop, bool numeric_rule, std::string_view& out) {
  size_t start = pos;
  while (true) {
    size_t id_start = pos;
    while (pos < s.size() && is_ident_char(s[pos])) ++pos;
    std::string_view id = s.substr(id_start, pos - id_start);
    if (id.empty()) return bad(s, pos, "empty identifier");
    if (numeric_rule && id.size() > 1 && id[0] == '0' && all_digits(id))
      return bad(s, id_start, "numeric identifier with a leading zero");
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      continue;
    }
    if (pos < s.size() && stop.find(s[pos]) == std::string_view::npos)
      return bad(s, pos, std::string("unexpected character '") + s[pos] + "'");
    break;
  }
  out = s.substr(start, pos - start);
  return {};
}

}  // namespace

Result<SemverView> parse(std::string_view s, const Syntax& syn) {
  SemverView v;
  size_t pos = 0;
  if (syn.allow_v_prefix && !s.empty() && s[0] == 'v') ++pos;
  std::string_view* parts[3] = {&v.major, &v.minor, &v.patch};
  while (v.components < 3) {
    size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    if (pos == start) return bad(s, pos, "expected a number");
    std::string_view d = s.substr(start, pos - start);
    if (!syn.allow_leading_zeros && d.size() > 1 && d[0] == '0') return bad(s, start, "number with a leading zero");
    *parts[v.components++] = strip_zeros(d);
    if (v.components < 3 && pos < s.size() && s[pos] == '.' ) {
      ++pos;
      continue;
    }
    break;
  }
  if (v.components < 3) {
    if (!syn.allow_short) return bad(s, pos, "expected major.minor.patch");
    if (!syn.short_allows_suffix && pos < s.size()) return bad(s, pos, "suffix on a shortened version");
  }
  if (v.components == 3 && syn.allow_extra_parts && pos < s.size() && s[pos] == '.') {
    // OSV reads parts past patch as build metadata: they never order.
    v.has_build = true;
    v.build = s.substr(pos + 1);
    return v;
  }
  bool dashless = syn.optional_pre_dash && pos < s.size() && s[pos] != '-' && s[pos] != '+' && is_ident_char(s[pos]);
  if (dashless || (pos < s.size() && s[pos] == '-')) {
    const size_t dash = pos;
    if (!dashless) ++pos;
    v.has_pre = true;
    Status st = read_ids(s, pos, "+", !syn.allow_leading_zeros, v.pre);
    // node-semver's loose PRERELEASELOOSE is "-?(ids)": when nothing valid
    // follows the dash, the regex backtracks and the dash is itself the
    // identifier ("1.2.3-" is 1.2.3 with prerelease "-").
    if (!st.ok() && !dashless && syn.optional_pre_dash) {
      pos = dash;
      st = read_ids(s, pos, "+", !syn.allow_leading_zeros, v.pre);
    }
    LD_RETURN_IF_ERROR(st);
  }
  if (pos < s.size() && s[pos] == '+') {
    ++pos;
    v.has_build = true;
    LD_RETURN_IF_ERROR(read_ids(s, pos, "", false, v.build));
  }
  if (pos < s.size()) return bad(s, pos, std::string("unexpected character '") + s[pos] + "'");
  return v;
}

int compare_digits(std::string_view a, std::string_view b) {
  a = strip_zeros(a);
  b = strip_zeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_identifiers(std::string_view a, std::string_view b) {
  while (true) {
    if (a.empty() && b.empty()) return 0;
    if (a.empty()) return -1;
    if (b.empty()) return 1;
    size_t da = a.find('.'), db = b.find('.');
    std::string_view ia = a.substr(0, da), ib = b.substr(0, db);
    a = da == std::string_view::npos ? std::string_view() : a.substr(da + 1);
    b = db == std::string_view::npos ? std::string_view() : b.substr(db + 1);
    // A trailing "." would make a present-but-empty id; treat as smallest.
    bool na = all_digits(ia), nb = all_digits(ib);
    int c;
    if (na && nb) c = compare_digits(ia, ib);
    else if (na) c = -1;
    else if (nb) c = 1;
    else c = ia.compare(ib) < 0 ? -1 : (ia == ib ? 0 : 1);
    if (c != 0) return c;
    if (da == std::string_view::npos && db != std::string_view::npos) return -1;
    if (db == std::string_view::npos && da != std::string_view::npos) return 1;
  }
}

int compare(const SemverView& a, const SemverView& b) {
  if (int c = compare_digits(a.major, b.major)) return c;
  if (int c = compare_digits(a.minor, b.minor)) return c;
  if (int c = compare_digits(a.patch, b.patch)) return c;
  if (a.has_pre != b.has_pre) return a.has_pre ? -1 : 1;
  return a.has_pre ? compare_identifiers(a.pre, b.pre) : 0;
}

std::string format(const SemverView& v, bool with_build) {
  std::string out;
  out.reserve(v.major.size() + v.minor.size() + v.patch.size() + v.pre.size() + v.build.size() + 4);
  out.append(v.major).append(".").append(v.minor).append(".").append(v.patch);
  if (v.has_pre) out.append("-").append(v.pre);
  if (with_build && v.has_build) out.append("+").append(v.build);
  return out;
}

Status SemverScheme::validate(std::string_view v) const { return parse(v, syntax_).status(); }

Result<int> SemverScheme::compare(std::string_view a, std::string_view b) const {
  auto pa = parse(a, syntax_);
  if (!pa.ok()) return std::move(pa).error();
  auto pb = parse(b, syntax_);
  if (!pb.ok()) return std::move(pb).error();
  return compare_views(*pa, *pb);
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    size_t start = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

std::string increment_digits(std::string_view digits) {
  std::string d(strip_zeros(digits));
  if (d.empty()) d = "0";
  int i = static_cast<int>(d.size()) - 1;
  while (i >= 0) {
    if (d[static_cast<size_t>(i)] == '9') {
      d[static_cast<size_t>(i)] = '0';
      --i;
    } else {
      ++d[static_cast<size_t>(i)];
      return d;
    }
  }
  return "1" + d;
}

}  // namespace loudong::versions::semver

namespace loudong::versions::semver {

Result<Partial> parse_partial(std::string_view s) {
  Partial p;
  std::string_view* parts[3] = {&p.major, &p.minor, &p.patch};
  size_t pos = 0;
  if (!s.empty() && s[0] == 'v') ++pos;
  bool wild = false;
  for (int i = 0; i < 3; ++i) {
    if (pos < s.size() && (s[pos] == '*' || s[pos] == 'x' || s[pos] == 'X')) {
      wild = true;
      ++pos;
    } else {
      size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return bad(s, pos, "expected a number or wildcard");
      if (wild) return bad(s, start, "number after a wildcard");
      *parts[i] = strip_zeros(s.substr(start, pos - start));
      p.parts = i + 1;
    }
    if (pos < s.size() && s[pos] == '.' && i < 2) {
      ++pos;
      continue;
    }
    break;
  }
  if (p.parts == 3 && pos < s.size() && s[pos] == '-') {
    ++pos;
    LD_RETURN_IF_ERROR(read_ids(s, pos, "+", false, p.pre));
  }
  if (p.parts == 3 && pos < s.size() && s[pos] == '+') {
    ++pos;
    std::string_view build;
    LD_RETURN_IF_ERROR(read_ids(s, pos, "", false, build));
  }
  if (pos < s.size()) return bad(s, pos, std::string("unexpected character '") + s[pos] + "'");
  return p;
}

std::string lower_version(const Partial& p) {
  std::string out = std::string(p.major) + "." + std::string(p.minor) + "." + std::string(p.patch);
  if (!p.pre.empty()) out += "-" + std::string(p.pre);
  return out;
}

namespace {
std::string bump_major(const Partial& p) { return increment_digits(p.major) + ".0.0"; }
std::string bump_minor(const Partial& p) { return std::string(p.major) + "." + increment_digits(p.minor) + ".0"; }
std::string bump_patch(const Partial& p) {
  return std::string(p.major) + "." + std::string(p.minor) + "." + increment_digits(p.patch);
}
}  // namespace

std::string caret_upper(const Partial& p) {
  if (p.parts <= 1 || p.major != "0") return bump_major(p);
  if (p.parts == 2 || p.minor != "0") return bump_minor(p);
  return bump_patch(p);
}
std::string tilde_upper(const Partial& p) { return p.parts <= 1 ? bump_major(p) : bump_minor(p); }
std::string pessimistic_upper(const Partial& p) { return p.parts <= 2 ? bump_major(p) : bump_minor(p); }
std::string wildcard_upper(const Partial& p) { return p.parts <= 1 ? bump_major(p) : bump_minor(p); }

}  // namespace loudong::versions::semver

namespace loudong::versions::semver {

Result<std::vector<Constraint>> expand_term(std::string_view op, const Partial& p) {
  // Built with push_back: GCC 12 with sanitizers misreports brace-init lists
  // of strings as maybe-uninitialized.
  std::vector<Constraint> out;
  auto add = [&out](std::string_view cmp, std::string v) { out.push_back({std::string(cmp), std::move(v)}); };
  std::string lo = lower_version(p);
  bool full = p.parts == 3;
  if (p.parts == 0) {
    if (op == "<" || op == ">" || op == "!=")
      return Error::invalid("nothing can be " + std::string(op) + " *", "bad_range");
    add("*", "");
  } else if (op == "^" || op == "~" || op == "~>") {
    add(">=", lo);
    add("<", op == "^" ? caret_upper(p) : op == "~" ? tilde_upper(p) : pessimistic_upper(p));
  } else if (op == "=" || op == "==") {
    if (full) {
      add("=", lo);
    } else {
      add(">=", lo);
      add("<", wildcard_upper(p));
    }
  } else if (op == "!=") {
    if (!full) return Error::invalid("\"!=\" needs a full version", "bad_range");
    add("!=", lo);
  } else if (op == ">") {
    full ? add(">", lo) : add(">=", wildcard_upper(p));
  } else if (op == ">=" || op == "<") {
    add(op, lo);
  } else if (op == "<=") {
    full ? add("<=", lo) : add("<", wildcard_upper(p));
  } else {
    return Error::invalid("unknown operator \"" + std::string(op) + "\"", "bad_range");
  }
  return out;
}

void split_op(std::string_view term, std::string_view& op, std::string_view& version) {
  term = trim(term);
  size_t i = 0;
  while (i < term.size() && std::string_view("<>=!^~").find(term[i]) != std::string_view::npos) ++i;
  op = term.substr(0, i);
  version = trim(term.substr(i));
}

}  // namespace loudong::versions::semver
