#include <cmath>

#include "formats/exports_internal.h"
#include "versions/purl.h"
#include "versions/vers.h"

namespace loudong::formats::exports {

bool chinese_first(const domain::Advisory& a) { return !a.zh.title.empty(); }
const domain::AdvisoryText& primary_text(const domain::Advisory& a) { return chinese_first(a) ? a.zh : a.en; }
const domain::AdvisoryText& secondary_text(const domain::Advisory& a) { return chinese_first(a) ? a.en : a.zh; }

Status check_exportable(const domain::Advisory& a) {
  if (a.ref.empty()) return Error::field("ref", "required", "the advisory has no public identifier");
  if (a.zh.title.empty() && a.en.title.empty())
    return Error::field("zh.title", "required", "the advisory needs a title in Chinese or English");
  bool published = a.state == domain::AdvisoryState::published || a.state == domain::AdvisoryState::withdrawn;
  if (published && (a.revision < 1 || a.history.empty()))
    return Error::field("history", "required", "a published advisory has at least one revision in its history");
  for (std::size_t i = 0; i < a.history.size(); ++i) {
    const auto& h = a.history[i];
    std::string f = "history[" + std::to_string(i) + "]";
    if (h.number != static_cast<int>(i) + 1)
      return Error::field(f + ".number", "bad_value",
                          "revisions are numbered 1, 2, 3 ... in order; expected " + std::to_string(i + 1));
    if (i > 0 && h.at < a.history[i - 1].at)
      return Error::field(f + ".at", "bad_value", "a revision is not dated before the one it follows");
  }
  if (!a.history.empty() && a.history.back().number != a.revision)
    return Error::field("revision", "bad_value",
                        "the revision " + std::to_string(a.revision) + " is not the history's last (" +
                            std::to_string(a.history.back().number) + ")");
  return {};
}

Time initial_release(const domain::Advisory& a) {
  if (!a.history.empty()) return a.history.front().at;
  if (a.published_at) return *a.published_at;
  return a.updated_at;
}

Time current_release(const domain::Advisory& a) {
  if (!a.history.empty()) return a.history.back().at;
  if (a.published_at) return *a.published_at;
  return a.updated_at;
}

std::vector<std::string> cve_ids(const domain::Advisory& a) {
  std::vector<std::string> out;
  for (const auto& id : a.external_ids)
    if (id.rfind("CVE-", 0) == 0) out.push_back(id);
  return out;
}

std::string id_system(const std::string& id) {
  auto dash = id.find('-');
  return dash == std::string::npos || dash == 0 ? id : id.substr(0, dash);
}

namespace {
Status score_agrees(std::optional<double> given, double computed, const char* field) {
  if (given && std::fabs(*given - computed) > 0.05)
    return Error::field(field, "score_mismatch",
                        "the score does not match the vector's base score " + std::to_string(computed).substr(0, 4));
  return {};
}
}  // namespace

Result<std::optional<assessment::Cvss31Score>> cvss31(const domain::Advisory& a) {
  if (a.cvss31_vector.empty()) return std::optional<assessment::Cvss31Score>();
  LD_ASSIGN_OR_RETURN(auto s, assessment::score_cvss31(a.cvss31_vector, "cvss31_vector"));
  LD_RETURN_IF_ERROR(score_agrees(a.cvss31_score, s.base_score, "cvss31_score"));
  return std::optional<assessment::Cvss31Score>(std::move(s));
}

Result<std::optional<assessment::Cvss40Score>> cvss40(const domain::Advisory& a) {
  if (a.cvss40_vector.empty()) return std::optional<assessment::Cvss40Score>();
  LD_ASSIGN_OR_RETURN(auto s, assessment::score_cvss40(a.cvss40_vector, "cvss40_vector"));
  LD_RETURN_IF_ERROR(score_agrees(a.cvss40_score, s.score, "cvss40_score"));
  return std::optional<assessment::Cvss40Score>(std::move(s));
}

std::string grade_label(const domain::Advisory& a) {
  if (!a.grade) return "";
  return std::string(assessment::grade_name_zh(*a.grade)) + " / " + std::string(assessment::grade_name_en(*a.grade));
}

std::string join_texts(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  return first + "\n\n" + second;
}

std::string purl_at(const std::string& purl, const std::string& version) {
  if (purl.empty() || version.empty()) return purl;
  auto p = versions::parse_purl(purl, versions::PurlMode::lenient);
  if (!p.ok()) return purl;
  p->version = version;
  return versions::to_string(*p);
}

Result<VersParts> split_vers(const std::string& range, const std::string& field) {
  auto r = versions::parse_vers(range);
  if (!r.ok()) return Error::field(field, "bad_range", r.error().message());
  VersParts out;
  out.scheme = r->scheme;
  bool open = false;  // an interval has a lower bound and no upper one yet
  for (const auto& c : r->constraints) {
    if (c.comparator == "*") {
      out.intervals.push_back({"0", "", false});
      open = true;
    } else if (c.comparator == ">=") {
      out.intervals.push_back({c.version, "", false});
      open = true;
    } else if (c.comparator == "<" || c.comparator == "<=") {
      if (!open) out.intervals.push_back({"0", "", false});
      out.intervals.back().to = c.version;
      out.intervals.back().to_inclusive = c.comparator == "<=";
      open = false;
    } else if (c.comparator == "=") {
      out.exact.push_back(c.version);
    } else {
      return Error::field(field, "unsupported_range",
                          "'" + c.comparator + c.version + "' cannot be stated in CVE 5 or OSV; use >=, <, <= or =");
    }
  }
  return out;
}

}  // namespace loudong::formats::exports
