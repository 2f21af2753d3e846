#include "assessment/grading.h"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "assessment/cvss_vector.h"

namespace loudong::assessment {
namespace {

constexpr Grade kGrades[] = {Grade::critical, Grade::high, Grade::medium, Grade::low};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

constexpr std::string_view kBandsEn = "CNNVD bands: critical 9.0-10.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9";
constexpr std::string_view kBandsZh = "CNNVD 分段：超危 9.0-10.0，高危 7.0-8.9，中危 4.0-6.9，低危 0.1-3.9";

}  // namespace

std::string_view grade_code(Grade g) {
  switch (g) {
    case Grade::critical: return "critical";
    case Grade::high: return "high";
    case Grade::medium: return "medium";
    case Grade::low: return "low";
  }
  return "";
}

std::string_view grade_name_en(Grade g) {
  switch (g) {
    case Grade::critical: return "Critical";
    case Grade::high: return "High";
    case Grade::medium: return "Medium";
    case Grade::low: return "Low";
  }
  return "";
}

std::string_view grade_name_zh(Grade g) {
  switch (g) {
    case Grade::critical: return "超危";
    case Grade::high: return "高危";
    case Grade::medium: return "中危";
    case Grade::low: return "低危";
  }
  return "";
}

Result<Grade> parse_grade(std::string_view text, std::string_view field_name) {
  const std::string lowered = lower_ascii(text);
  for (Grade g : kGrades)
    if (lowered == grade_code(g) || text == grade_name_zh(g)) return g;
  return Error::field(std::string(field_name), "bad_value",
                      "unknown grade " + detail::quote_input(text) +
                          " (allowed: critical/超危, high/高危, medium/中危, low/低危)")
      .with_allowed({"critical", "high", "medium", "low"});
}

std::string_view grade_source_code(GradeSource s) {
  return s == GradeSource::official_table ? "official_table" : "derived_from_cvss";
}
std::string_view grade_source_name_en(GradeSource s) {
  return s == GradeSource::official_table ? "GB/T 30279-2020 official table"
                                          : "derived from the CVSS base score (not an official grade)";
}
std::string_view grade_source_name_zh(GradeSource s) {
  return s == GradeSource::official_table ? "GB/T 30279-2020 官方分级表" : "由 CVSS 基础评分推导（非官方分级）";
}

std::optional<Grade> grade_from_cvss_base(double base_score) {
  if (!(base_score >= 0.0 && base_score <= 10.0)) return std::nullopt;  // also NaN
  const long tenths = std::lround(base_score * 10);
  if (tenths >= 90) return Grade::critical;
  if (tenths >= 70) return Grade::high;
  if (tenths >= 40) return Grade::medium;
  if (tenths >= 1) return Grade::low;
  return std::nullopt;
}

GradeDecision decide_grade(const GradingTable* official, const std::optional<GbtMetrics>& metrics,
                           std::optional<double> cvss_base) {
  GradeDecision d;
  std::string why_not_en, why_not_zh, reason;
  if (official && metrics) {
    std::string en, zh;
    std::map<std::string, std::string> params;
    auto g = official->grade(*metrics, &en, &zh, &params);
    if (g.ok()) {
      d.grade = *g;
      d.source = GradeSource::official_table;
      d.basis_en = "GB/T 30279-2020 table (" + official->source() + "): " + en;
      d.basis_zh = "GB/T 30279-2020 分级表（" + official->source() + "）：" + zh;
      d.basis_code = "official_table";
      d.basis_params = std::move(params);
      d.basis_params["source"] = official->source();
      return d;
    }
    why_not_en = "the official table failed (" + g.error().log_message() + "); ";
    why_not_zh = "官方分级表出错；";
    reason = "official_table_failed";
  } else if (official) {
    why_not_en = "official table loaded but the GB/T 30279 indicators are not assessed; ";
    why_not_zh = "已加载官方分级表，但尚未评定 GB/T 30279 指标；";
    reason = "indicators_not_assessed";
  } else {
    why_not_en = "no official GB/T 30279-2020 table loaded; ";
    why_not_zh = "未加载 GB/T 30279-2020 官方分级表；";
    reason = "no_official_table";
  }

  d.source = GradeSource::derived_from_cvss;
  d.basis_params["reason"] = reason;
  if (!cvss_base) {
    d.basis_en = why_not_en + "no CVSS base score: not graded.";
    d.basis_zh = why_not_zh + "无 CVSS 基础评分：未分级。";
    d.basis_code = "no_score";
    return d;
  }
  d.grade = grade_from_cvss_base(*cvss_base);
  const std::string score = one_decimal(*cvss_base);
  d.basis_params["score"] = score;
  if (!d.grade) {
    d.basis_en = why_not_en + "CVSS base score " + score + " is outside 0.1-10.0: not graded.";
    d.basis_zh = why_not_zh + "CVSS 基础评分 " + score + " 不在 0.1-10.0 之内：未分级。";
    d.basis_code = "score_out_of_range";
    return d;
  }
  d.basis_en = why_not_en + "derived from CVSS base score " + score + " (" + std::string(kBandsEn) +
               "): " + std::string(grade_name_en(*d.grade)) + "; not an official GB/T 30279-2020 grade.";
  d.basis_zh = why_not_zh + "由 CVSS 基础评分 " + score + " 推导（" + std::string(kBandsZh) + "）：" +
               std::string(grade_name_zh(*d.grade)) + "；非 GB/T 30279-2020 官方分级。";
  d.basis_code = "derived_from_cvss";
  d.basis_params["grade"] = std::string(grade_code(*d.grade));
  return d;
}

std::string grade_basis_record(const GradeDecision& d) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [k, v] : d.basis_params) params[k] = v;
  return nlohmann::json{{"code", d.basis_code}, {"params", params}, {"en", d.basis_en}, {"zh", d.basis_zh}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

GradeBasis read_grade_basis(std::string_view stored) {
  GradeBasis b;
  if (stored.empty()) return b;
  if (stored.front() == '{') {
    auto j = nlohmann::json::parse(stored, nullptr, false);
    if (j.is_object() && j.contains("code") && j["code"].is_string()) {
      b.code = j["code"].get<std::string>();
      if (j.contains("params") && j["params"].is_object())
        for (const auto& [k, v] : j["params"].items())
          if (v.is_string()) b.params[k] = v.get<std::string>();
      if (j.contains("en") && j["en"].is_string()) b.en = j["en"].get<std::string>();
      if (j.contains("zh") && j["zh"].is_string()) b.zh = j["zh"].get<std::string>();
      return b;
    }
  }
  // Earlier versions stored "<English> / <Chinese>" as one string.
  b.code = "text";
  std::string s(stored);
  auto cut = s.find(" / ");
  b.en = cut == std::string::npos ? s : s.substr(0, cut);
  b.zh = cut == std::string::npos ? s : s.substr(cut + 3);
  return b;
}

}  // namespace loudong::assessment
