#include "versions/vers.h"

#include <algorithm>
#include <array>

#include "versions/npm.h"

namespace loudong::versions {
namespace {

constexpr std::array<std::string_view, 6> kComparators{">=", "<=", "!=", "<", ">", "="};

Error vers_error(std::string_view text, size_t at, std::string_view what) {
  return Error::invalid("invalid vers \"" + std::string(text) + "\": " + std::string(what) + " at offset " +
                            std::to_string(at),
                        "bad_vers");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_ascii_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Sorts by version, keeping written order for ties. Fails when two versions
// cannot be compared by the scheme.
Status sort_by_version(const VersionScheme& scheme, std::vector<Constraint>& cs) {
  std::optional<Error> failure;
  std::stable_sort(cs.begin(), cs.end(), [&](const Constraint& a, const Constraint& b) {
    if (failure) return false;
    auto c = scheme.compare(a.version, b.version);
    if (!c.ok()) {
      failure = c.error();
      return false;
    }
    return *c < 0;
  });
  if (failure) return *failure;
  return {};
}

bool satisfies(int cmp, std::string_view comparator) {
  if (comparator == "<") return cmp < 0;
  if (comparator == "<=") return cmp <= 0;
  if (comparator == ">") return cmp > 0;
  if (comparator == ">=") return cmp >= 0;
  if (comparator == "!=") return cmp != 0;
  return cmp == 0;
}

}  // namespace

Result<VersRange> parse_vers(std::string_view text, VersMode mode) {
  const bool canonical = mode == VersMode::canonical;
  std::string s;
  s.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (is_ascii_ws(c)) {
      if (canonical || (c != ' ' && c != '\t')) return vers_error(text, i, "whitespace");
      continue;
    }
    s += c;
  }
  size_t colon = s.find(':');
  if (colon == std::string::npos) return vers_error(text, 0, "missing \"vers:\"");
  std::string uri = s.substr(0, colon);
  if (!canonical) std::transform(uri.begin(), uri.end(), uri.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  if (uri != "vers") return vers_error(text, 0, "URI scheme must be \"vers\"");
  size_t slash = s.find('/', colon + 1);
  if (slash == std::string::npos) return vers_error(text, colon + 1, "missing \"/\" after the versioning scheme");
  VersRange out;
  out.scheme = s.substr(colon + 1, slash - colon - 1);
  if (out.scheme.empty()) return vers_error(text, colon + 1, "empty versioning scheme");
  for (char& c : out.scheme) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || (c >= 'A' && c <= 'Z');
    if (!ok) return vers_error(text, colon + 1, "invalid character in the versioning scheme");
    if (c >= 'A' && c <= 'Z') {
      if (canonical) return vers_error(text, colon + 1, "upper-case versioning scheme");
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  std::string_view rest = std::string_view(s).substr(slash + 1);
  if (rest.empty()) return vers_error(text, slash + 1, "no constraints");
  if (rest == "*") {
    out.constraints.push_back({"*", ""});
    return out;
  }
  size_t start = 0;
  while (start <= rest.size()) {
    size_t bar = rest.find('|', start);
    std::string_view item = rest.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    size_t at = slash + 1 + start;
    if (item.empty()) {
      if (canonical) return vers_error(text, at, "empty constraint (stray \"|\")");
    } else {
      Constraint c{"=", ""};
      for (auto cmp : kComparators) {
        if (item.substr(0, cmp.size()) == cmp) {
          c.comparator = std::string(cmp);
          item.remove_prefix(cmp.size());
          break;
        }
      }
      if (item == "*") return vers_error(text, at, "\"*\" must be the only constraint");
      if (item.empty()) return vers_error(text, at, "constraint without a version");
      if (std::string_view("<>=!").find(item[0]) != std::string_view::npos)
        return vers_error(text, at, "version starts with a comparator character");
      for (size_t i = 0; i < item.size(); ++i) {
        if (item[i] != '%') {
          c.version += item[i];
          continue;
        }
        int hi = i + 2 < item.size() ? hex_value(item[i + 1]) : -1;
        int lo = i + 2 < item.size() ? hex_value(item[i + 2]) : -1;
        if (hi < 0 || lo < 0) return vers_error(text, at, "invalid percent-encoding");
        if (canonical && ((item[i + 1] >= 'a' && item[i + 1] <= 'f') || (item[i + 2] >= 'a' && item[i + 2] <= 'f')))
          return vers_error(text, at, "lower-case percent-encoding");
        c.version += static_cast<char>(hi * 16 + lo);
        i += 2;
      }
      out.constraints.push_back(std::move(c));
    }
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (out.constraints.empty()) return vers_error(text, slash + 1, "no constraints");
  if (const VersionScheme* scheme = scheme_for(out.scheme)) {
    auto sorted = out.constraints;
    LD_RETURN_IF_ERROR(sort_by_version(*scheme, sorted));
    if (canonical && sorted != out.constraints) return vers_error(text, slash + 1, "constraints are not in version order");
    out.constraints = std::move(sorted);
  }
  return out;
}

std::string to_string(const VersRange& range) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "vers:" + range.scheme + "/";
  for (size_t i = 0; i < range.constraints.size(); ++i) {
    const auto& c = range.constraints[i];
    if (i) out += '|';
    if (c.comparator == "*") {
      out += '*';
      continue;
    }
    if (c.comparator != "=") out += c.comparator;
    for (size_t k = 0; k < c.version.size(); ++k) {
      unsigned char ch = static_cast<unsigned char>(c.version[k]);
      // A leading comparator character or a lone "*" would be read back as
      // syntax, so they are encoded like the separators.
      bool syntax = k == 0 && (std::string_view("<>=!").find(static_cast<char>(ch)) != std::string_view::npos ||
                               c.version == "*");
      if (syntax || ch == '%' || ch == '|' || ch <= ' ' || ch >= 0x7f) {
        out += '%';
        out += kHex[ch >> 4];
        out += kHex[ch & 15];
      } else {
        out += static_cast<char>(ch);
      }
    }
  }
  return out;
}

Result<Containment> contains(const VersRange& range, std::string_view version, std::string* why_unknown) {
  auto unknown = [&](std::string reason) {
    if (why_unknown) *why_unknown = std::move(reason);
    return Containment::unknown;
  };
  if (range.constraints.empty()) return Error::invalid("vers range without constraints", "bad_vers");
  for (const auto& c : range.constraints) {
    if (std::find(kComparators.begin(), kComparators.end(), c.comparator) == kComparators.end() && c.comparator != "*")
      return Error::invalid("unknown vers comparator \"" + c.comparator + "\"", "bad_vers");
  }
  if (range.constraints.size() == 1 && range.constraints[0].comparator == "*") return Containment::yes;
  const VersionScheme* scheme = scheme_for(range.scheme);
  if (!scheme) return unknown("no version scheme for \"" + range.scheme + "\"");
  if (auto st = scheme->validate(version); !st.ok()) return unknown(st.error().message());

  std::vector<std::pair<const Constraint*, int>> ordered;  // range constraints with cmp(version, bound)
  bool has_not_equal = false;
  for (const auto& c : range.constraints) {
    if (c.comparator == "*") return Error::invalid("\"*\" must be the only constraint", "bad_vers");
    auto cmp = scheme->compare(version, c.version);
    if (!cmp.ok()) return unknown(cmp.error().message());
    if (c.comparator == "=" && *cmp == 0) return Containment::yes;
    if (c.comparator == "!=") {
      if (*cmp == 0) return Containment::no;
      has_not_equal = true;
      continue;
    }
    if (c.comparator != "=") ordered.emplace_back(&c, *cmp);
  }
  if (ordered.empty()) return has_not_equal ? Containment::yes : Containment::no;
  if (ordered.size() == 1) return satisfies(ordered[0].second, ordered[0].first->comparator) ? Containment::yes : Containment::no;
  auto is_less = [](const Constraint* c) { return c->comparator[0] == '<'; };
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    auto [cur, cur_cmp] = ordered[i];
    auto [next, next_cmp] = ordered[i + 1];
    if (i == 0 && is_less(cur) && satisfies(cur_cmp, cur->comparator)) return Containment::yes;
    if (i + 2 == ordered.size() && !is_less(next) && satisfies(next_cmp, next->comparator)) return Containment::yes;
    if (!is_less(cur) && is_less(next) && satisfies(cur_cmp, cur->comparator) && satisfies(next_cmp, next->comparator))
      return Containment::yes;
  }
  return Containment::no;
}

Result<VersRange> from_native(std::string_view scheme_name, std::string_view native_range) {
  const VersionScheme* scheme = scheme_for(scheme_name);
  if (!scheme)
    return Error::invalid("no version scheme for \"" + std::string(scheme_name) + "\"", "unknown_scheme");
  auto alternatives = scheme->parse_native_range(native_range);
  if (!alternatives.ok()) return std::move(alternatives).error();
  VersRange out;
  out.scheme = std::string(scheme->name());
  for (auto& conj : *alternatives) {
    bool any = std::all_of(conj.begin(), conj.end(), [](const Constraint& c) { return c.comparator == "*"; });
    if (any) {
      out.constraints = {{"*", ""}};
      return out;
    }
    for (auto& c : conj)
      if (c.comparator != "*") out.constraints.push_back(std::move(c));
  }
  if (out.constraints.empty()) return Error::invalid("empty native range \"" + std::string(native_range) + "\"", "bad_range");
  LD_RETURN_IF_ERROR(sort_by_version(*scheme, out.constraints));
  return out;
}

Result<Containment> contains_native(std::string_view scheme_name, std::string_view native_range,
                                    std::string_view version, const NativeOptions& options, std::string* why_unknown) {
  const VersionScheme* scheme = scheme_for(scheme_name);
  if (!scheme)
    return Error::invalid("no version scheme for \"" + std::string(scheme_name) + "\"", "unknown_scheme");
  if (scheme->name() != "npm") {
    auto v = from_native(scheme_name, native_range);
    if (!v.ok()) return std::move(v).error();
    return contains(*v, version, why_unknown);
  }
  auto r = npm::parse_range_lenient(native_range, options.include_prerelease);
  if (!r.ok()) return std::move(r).error();
  // npm reads installed versions loosely (package.json "v1.2.3" works), and
  // node-semver's Range.test accepts a version parsed that way.
  auto v = npm::parse_version(version, {true, false});
  if (!v.ok() || version.empty()) {
    if (why_unknown) *why_unknown = v.ok() ? "empty version" : v.error().message();
    return Containment::unknown;
  }
  return r->test(*v) ? Containment::yes : Containment::no;
}

}  // namespace loudong::versions
