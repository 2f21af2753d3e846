#include "domain/external_ids.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

namespace loudong::domain {

namespace {

// Shapes from requirements.md R-IDS, except where noted.
//   CVE: the digits as the CVE JSON 5 schema allows (4 to 19), so every id
//     accepted here can be written into a CVE record.
//   CNNVD: R-IDS says NNN(N); CNNVD numbers each month from 1 and has
//     passed 1000 in a month, never 10000, so 3 or 4 digits.
//   NVDB (MIIT's sharing platform) and CAPPVD (its app library) publish no id
//     pattern in requirements.md or design.md, nor have we found one
//     documented elsewhere. We accept the prefix and 4 to 40 letters, digits
//     and hyphens after it: strict enough to refuse typos and free text,
//     loose enough not to refuse a real id whose exact form we cannot check.
//   Pages: only registries whose per-id page address is stable and public
//     (CVE, CNVD, GitHub); CNNVD's, CICSVD's and NVDB's pages are behind
//     search forms or sign-in, so their ids travel without a link.
//   GHSA: accepted as before (advisories imported from GitHub carry them);
//     the body is GitHub's 8-character alphabet in three groups of four.
const std::vector<ExternalIdScheme> kSchemes = {
    {"CVE", R"(CVE-(1999|20\d\d)-\d{4,19})", "CVE-YYYY-NNNN (4 to 19 digits)",
     "https://www.cve.org/CVERecord?id="},
    {"CNVD", R"(CNVD-(19|20)\d\d-\d{5,6})", "CNVD-YYYY-NNNNN (5 or 6 digits)",
     "https://www.cnvd.org.cn/flaw/show/"},
    {"CNNVD", R"(CNNVD-(19|20)\d\d(0[1-9]|1[0-2])-\d{3,4})", "CNNVD-YYYYMM-NNN (3 or 4 digits)", ""},
    {"CICSVD", R"(CICSVD-(19|20)\d\d-\d{7})", "CICSVD-YYYY-NNNNNNN (7 digits)", ""},
    {"NVDB", R"(NVDB-[A-Za-z0-9](?:[A-Za-z0-9-]{2,38})[A-Za-z0-9])", "NVDB- and 4 to 40 letters, digits or hyphens", ""},
    {"CAPPVD", R"(CAPPVD-[A-Za-z0-9](?:[A-Za-z0-9-]{2,38})[A-Za-z0-9])",
     "CAPPVD- and 4 to 40 letters, digits or hyphens", ""},
    {"GHSA", R"(GHSA(-[23456789cfghjmpqrvwx]{4}){3})", "GHSA-xxxx-xxxx-xxxx", "https://github.com/advisories/"},
};

const std::vector<std::regex>& compiled() {
  static const std::vector<std::regex> out = [] {
    std::vector<std::regex> v;
    for (const auto& s : kSchemes) v.emplace_back(std::string(s.pattern));
    return v;
  }();
  return out;
}

std::string known_names() {
  std::string out;
  for (const auto& s : kSchemes) out += (out.empty() ? "" : ", ") + std::string(s.name);
  return out;
}

}  // namespace

const std::vector<ExternalIdScheme>& external_id_schemes() { return kSchemes; }

std::optional<std::string_view> external_id_scheme(std::string_view id) {
  if (id.size() > 64) return std::nullopt;  // no scheme is longer; bounds the regex work
  for (std::size_t i = 0; i < kSchemes.size(); ++i)
    if (std::regex_match(id.begin(), id.end(), compiled()[i])) return kSchemes[i].name;
  return std::nullopt;
}

std::string external_id_url(std::string_view id) {
  auto scheme = external_id_scheme(id);
  if (!scheme) return "";
  for (const auto& s : kSchemes)
    if (s.name == *scheme && !s.page.empty()) return std::string(s.page) + std::string(id);
  return "";
}

std::optional<FieldError> external_id_problem(std::string_view id, const std::string& field) {
  if (external_id_scheme(id)) return std::nullopt;
  std::string shown(id.substr(0, 60));
  auto dash = id.find('-');
  std::string_view prefix = dash == std::string_view::npos ? id : id.substr(0, dash);
  for (const auto& s : kSchemes)
    if (prefix == s.name)
      return FieldError{field, "bad_identifier",
                        "\"" + shown + "\" is not a well-formed " + std::string(s.name) + " id: expected " +
                            std::string(s.shape) + " / 编号格式应为 " + std::string(s.shape)};
  return FieldError{field, "unknown_scheme",
                    "\"" + shown + "\" is not a " + known_names() + " identifier / 不是可识别的漏洞编号（" +
                        known_names() + "）"};
}

std::vector<FieldError> external_id_problems(const std::vector<std::string>& ids, const std::string& field) {
  std::vector<FieldError> out;
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string at = field + "[" + std::to_string(i) + "]";
    if (auto p = external_id_problem(ids[i], at)) out.push_back(std::move(*p));
    else if (!seen.insert(ids[i]).second)
      out.push_back({at, "duplicate", "\"" + ids[i] + "\" is listed twice / 编号重复"});
  }
  return out;
}

std::optional<std::string> external_id_search_key(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.size() > 64) return std::nullopt;
  std::string key(text);
  // Prefixes are upper case in every scheme; a GHSA body is lower case.
  auto dash = key.find('-');
  std::transform(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(dash == std::string::npos ? key.size() : dash),
                 key.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  if (key.rfind("GHSA-", 0) != 0)
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  if (!external_id_scheme(key)) return std::nullopt;
  return key;
}

}  // namespace loudong::domain
