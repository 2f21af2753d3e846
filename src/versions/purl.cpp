#include "versions/purl.h"

#include <algorithm>
#include <vector>

#include "core/text.h"

namespace loudong::versions {
namespace {

Error purl_error(std::string_view field, std::string what) {
  return Error::field(std::string(field), "bad_purl", std::move(what));
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string lowered(std::string s) {
  for (char& c : s) c = lower(c);
  return s;
}
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  c = lower(c);
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

Result<std::string> decode(std::string_view s, std::string_view field) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
    if (hi < 0 || lo < 0)
      return purl_error(field, "invalid percent-encoding at offset " + std::to_string(i));
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  // A purl is UTF-8 text (purl-spec "Character encoding"); decoded bytes that
  // are not would be refused by every JSON reader the purl is exported to.
  if (!valid_utf8(out)) return purl_error(field, "is not UTF-8 once percent-decoded");
  return out;
}

std::string encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c)) || c == '.' || c == '-' || c == '_' ||
        c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// Decodes '/'-separated segments, dropping empty ones (and "." / ".." for
// subpaths, which must not climb out of the package).
Result<std::string> decode_segments(std::string_view s, std::string_view field, bool subpath) {
  std::string out;
  for (auto seg : split(s, '/')) {
    if (seg.empty() || (subpath && (seg == "." || seg == ".."))) continue;
    auto d = decode(seg, field);
    if (!d.ok()) return d;
    // An encoded '/' inside a segment would split it on the way back out.
    if (d->find('/') != std::string::npos) return purl_error(field, "a segment contains an encoded '/'");
    if (!out.empty()) out += '/';
    out += *d;
  }
  return out;
}

Status check_type(std::string_view type) {
  if (type.empty()) return purl_error("type", "type is required");
  if (!is_alpha(type[0])) return purl_error("type", "type must start with a letter");
  for (char c : type) {
    if (!(is_alpha(c) || is_digit(c) || c == '.' || c == '+' || c == '-'))
      return purl_error("type", std::string("invalid character '") + c + "' in type");
  }
  return {};
}

Status check_qualifier_key(std::string_view key) {
  if (key.empty()) return purl_error("qualifiers", "empty qualifier key");
  if (is_digit(key[0])) return purl_error("qualifiers", "qualifier key \"" + std::string(key) + "\" starts with a digit");
  for (char c : key) {
    if (!(is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_'))
      return purl_error("qualifiers", "invalid character in qualifier key \"" + std::string(key) + "\"");
  }
  return {};
}

bool matches(std::string_view s, size_t min, size_t max, bool (*ok)(char)) {
  return s.size() >= min && s.size() <= max && std::all_of(s.begin(), s.end(), ok);
}

// Per-type normalisation and rules (purl-spec tests/types).
Status apply_type_rules(PackageUrl& p) {
  const std::string& t = p.type;
  auto fold_ns_name = [&] {
    p.namespace_ = lowered(p.namespace_);
    p.name = lowered(p.name);
  };
  if (t == "bitbucket" || t == "github" || t == "git" || t == "brew" || t == "composer" || t == "apk" ||
      t == "alpm" || t == "deb") {
    fold_ns_name();
  } else if (t == "pypi") {
    p.name = lowered(p.name);
    std::replace(p.name.begin(), p.name.end(), '_', '-');
  } else if (t == "huggingface") {
    p.version = lowered(p.version);
  } else if (t == "mlflow") {
    // Databricks model names are case-insensitive; Azure ML's are not.
    auto it = p.qualifiers.find("repository_url");
    if (it != p.qualifiers.end() && it->second.find("azuredatabricks.net") != std::string::npos) p.name = lowered(p.name);
  }
  if ((t == "swift" || t == "vscode-extension") && p.namespace_.empty())
    return purl_error("namespace", t + " purls need a namespace");
  if ((t == "vcpkg" || t == "otp") && !p.namespace_.empty())
    return purl_error("namespace", t + " purls have no namespace");
  if (t == "julia" && !p.qualifiers.contains("uuid")) return purl_error("qualifiers", "julia purls need a uuid qualifier");
  if (t == "hackage" && p.version.empty()) return purl_error("version", "hackage purls need a version");
  if (t == "cpan" && p.name.find("::") != std::string::npos)
    return purl_error("name", "cpan names are distribution names, not module names (\"::\")");
  if (t == "chrome-extension") {
    if (!matches(p.name, 32, 32, [](char c) { return c >= 'a' && c <= 'p'; }))
      return purl_error("name", "chrome extension ids are 32 letters a-p");
    if (!p.version.empty()) {
      auto parts = split(p.version, '.');
      bool ok = parts.size() <= 4 && std::all_of(parts.begin(), parts.end(), [](std::string_view s) {
                  return matches(s, 1, 10, is_digit);
                });
      if (!ok) return purl_error("version", "chrome extension versions are 1 to 4 dot-separated numbers");
    }
  }
  return {};
}

Status finish(PackageUrl& p) {
  LD_RETURN_IF_ERROR(check_type(p.type));
  p.type = lowered(p.type);
  if (p.name.empty()) return purl_error("name", "name is required");
  return apply_type_rules(p);
}

}  // namespace

Result<PackageUrl> parse_purl(std::string_view text, PurlMode mode) {
  PackageUrl p;
  std::string_view rest = text;
  if (size_t hash = rest.rfind('#'); hash != std::string_view::npos) {
    auto sub = decode_segments(rest.substr(hash + 1), "subpath", true);
    if (!sub.ok()) return std::move(sub).error();
    p.subpath = std::move(*sub);
    rest = rest.substr(0, hash);
  }
  if (size_t q = rest.rfind('?'); q != std::string_view::npos) {
    for (auto pair : split(rest.substr(q + 1), '&')) {
      if (pair.empty()) continue;
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) return purl_error("qualifiers", "qualifier \"" + std::string(pair) + "\" has no '='");
      std::string key(pair.substr(0, eq));
      LD_RETURN_IF_ERROR(check_qualifier_key(key));
      if (std::any_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        if (mode == PurlMode::strict) return purl_error("qualifiers", "qualifier key \"" + key + "\" is not lower case");
        key = lowered(key);
      }
      auto value = decode(pair.substr(eq + 1), "qualifiers");
      if (!value.ok()) return std::move(value).error();
      if (value->empty()) continue;
      if (!p.qualifiers.emplace(key, std::move(*value)).second)
        return purl_error("qualifiers", "qualifier \"" + key + "\" appears twice");
    }
    rest = rest.substr(0, q);
  }
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos || lowered(std::string(rest.substr(0, colon))) != "pkg")
    return purl_error("scheme", "a purl starts with \"pkg:\"");
  rest = rest.substr(colon + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return purl_error("type", "no \"type/\" after \"pkg:\"");
  p.type = std::string(rest.substr(0, slash));
  LD_RETURN_IF_ERROR(check_type(p.type));
  p.type = lowered(p.type);
  rest = rest.substr(slash + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);  // empty segments carry nothing
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  // The version is after the last '@' of the last segment, so an npm scope
  // ("@babel/core") or an '@' in a name ("node@20@20.10.0") stays put.
  size_t last_slash = rest.rfind('/');
  size_t at = rest.rfind('@');
  if (at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
    auto v = decode(rest.substr(at + 1), "version");
    if (!v.ok()) return std::move(v).error();
    p.version = std::move(*v);
    rest = rest.substr(0, at);
  }
  // git keeps the host as the namespace and the repository path as name.
  size_t split_at = p.type == "git" ? rest.find('/') : rest.rfind('/');
  std::string_view name = split_at == std::string_view::npos ? rest : rest.substr(split_at + 1);
  std::string_view ns = split_at == std::string_view::npos ? std::string_view() : rest.substr(0, split_at);
  auto n = p.type == "git" ? decode_segments(name, "name", false) : decode(name, "name");
  if (!n.ok()) return std::move(n).error();
  p.name = std::move(*n);
  auto decoded_ns = decode_segments(ns, "namespace", false);
  if (!decoded_ns.ok()) return std::move(decoded_ns).error();
  p.namespace_ = std::move(*decoded_ns);
  LD_RETURN_IF_ERROR(finish(p));
  return p;
}

Result<PackageUrl> build_purl(PurlParts parts) {
  PackageUrl p;
  if (!parts.type) return purl_error("type", "type is required");
  p.type = std::move(*parts.type);
  if (parts.namespace_) {
    for (auto seg : split(*parts.namespace_, '/')) {
      if (seg.empty()) continue;
      if (!p.namespace_.empty()) p.namespace_ += '/';
      p.namespace_ += seg;
    }
  }
  p.name = parts.name.value_or("");
  p.version = parts.version.value_or("");
  for (auto& [k, v] : parts.qualifiers) {
    LD_RETURN_IF_ERROR(check_qualifier_key(k));
    if (v.empty()) continue;
    p.qualifiers.emplace(lowered(k), v);
  }
  if (parts.subpath) {
    std::string sub;
    for (auto seg : split(*parts.subpath, '/')) {
      if (seg.empty() || seg == "." || seg == "..") continue;
      if (!sub.empty()) sub += '/';
      sub += seg;
    }
    p.subpath = std::move(sub);
  }
  LD_RETURN_IF_ERROR(finish(p));
  return p;
}

std::string to_string(const PackageUrl& p) {
  std::string out = "pkg:" + p.type + "/";
  auto segments = [&out](std::string_view s) {
    bool first = true;
    for (auto seg : split(s, '/')) {
      if (seg.empty()) continue;
      if (!first) out += '/';
      out += encode(seg);
      first = false;
    }
  };
  if (!p.namespace_.empty()) {
    segments(p.namespace_);
    out += '/';
  }
  if (p.type == "git") segments(p.name);
  else out += encode(p.name);
  if (!p.version.empty()) out += "@" + encode(p.version);
  char sep = '?';
  for (const auto& [k, v] : p.qualifiers) {
    out += sep;
    out += k + "=" + encode(v);
    sep = '&';
  }
  if (!p.subpath.empty()) {
    out += '#';
    segments(p.subpath);
  }
  return out;
}

}  // namespace loudong::versions
