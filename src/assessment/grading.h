// GB/T 30279-2020 vulnerability grades (R-GRADE).
//
// The standard grades a vulnerability from its exploitability (access path,
// trigger requirement, privileges, interaction) and impact (confidentiality,
// integrity, availability) into a technical grade, then adjusts it by the
// environment (exploit cost, fix difficulty, scope of impact) into the overall
// grade 超危/高危/中危/低危. The mapping tables are in the standard's annexes,
// which we do not have: an operator loads them (GradingTable::from_json, file
// format in assessment/GRADING_TABLE.md). Until then the grade is derived
// from the CVSS base score with CNNVD's bands and labelled as derived. This
// code never ships or invents an "official" table.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace loudong::assessment {

enum class Grade { critical /*超危*/, high /*高危*/, medium /*中危*/, low /*低危*/ };

std::string_view grade_code(Grade g);     // "critical", "high", "medium", "low": stable
std::string_view grade_name_en(Grade g);  // "Critical", "High", "Medium", "Low"
std::string_view grade_name_zh(Grade g);  // "超危", "高危", "中危", "低危"
// Accepts the machine code, the English name (any case) or the Chinese name.
// On failure Error::field(field_name, "bad_value", ...) listing the codes.
Result<Grade> parse_grade(std::string_view text, std::string_view field_name = "grade");

enum class GradeSource { derived_from_cvss, official_table };
std::string_view grade_source_code(GradeSource s);  // "derived_from_cvss", "official_table"
std::string_view grade_source_name_en(GradeSource s);
std::string_view grade_source_name_zh(GradeSource s);

// CNNVD's bands on a CVSS base score: 超危 9.0-10.0, 高危 7.0-8.9,
// 中危 4.0-6.9, 低危 0.1-3.9. The score is taken to one decimal (8.95 counts
// as 9.0). nullopt for 0.0 (nothing to grade) and for anything outside
// 0.0-10.0 or NaN.
std::optional<Grade> grade_from_cvss_base(double base_score);

// The GB/T 30279-2020 indicators, as assessed by a coordinator.
enum class AccessPath { network, adjacent, local, physical };  // 访问路径: 网络/邻接/本地/物理
enum class TriggerRequirement { low, high };                    // 触发要求: 低/高
enum class PrivilegeRequirement { none, low, high };            // 权限需求: 无/低/高
enum class Interaction { none, required };                      // 交互条件: 不需要/需要
enum class ImpactLevel { serious, moderate, none };             // 影响: 严重/一般/无
enum class EnvironmentLevel { low, medium, high };              // 环境因素: 低/中/高

struct GbtMetrics {
  AccessPath access_path = AccessPath::network;
  TriggerRequirement trigger = TriggerRequirement::low;
  PrivilegeRequirement privileges = PrivilegeRequirement::none;
  Interaction interaction = Interaction::none;
  ImpactLevel confidentiality = ImpactLevel::none;
  ImpactLevel integrity = ImpactLevel::none;
  ImpactLevel availability = ImpactLevel::none;
  EnvironmentLevel exploit_cost = EnvironmentLevel::medium;    // 被利用成本
  EnvironmentLevel fix_difficulty = EnvironmentLevel::medium;  // 修复难度
  EnvironmentLevel impact_scope = EnvironmentLevel::medium;    // 影响范围
};

// Machine words used in the table file and the API ("network", "serious", ...).
std::string_view code(AccessPath v);
std::string_view code(TriggerRequirement v);
std::string_view code(PrivilegeRequirement v);
std::string_view code(Interaction v);
std::string_view code(ImpactLevel v);
std::string_view code(EnvironmentLevel v);

// Operator-supplied GB/T 30279-2020 mapping tables. Immutable once loaded;
// safe to share between threads.
class GradingTable {
 public:
  // Parses and validates a table file (format: assessment/GRADING_TABLE.md).
  // On success every combination of indicators has exactly one entry, so
  // grade() cannot fail for lack of an entry. On failure returns
  // Error::field(path, code, message) for the first problem found, where path
  // names the entry, e.g. `exploitability["network/low/none/none"]`, and code
  // is one of bad_json, required, bad_value, unknown_key, missing_entry,
  // duplicate.
  static Result<GradingTable> from_json(std::string_view json_text);

  // The overall grade for assessed indicators, with the intermediate levels
  // written into `basis_en`/`basis_zh` when given. Fails only with
  // Error::internal if the table is inconsistent (a bug: from_json checks).
  // `params` (when given) receives the same facts as language-neutral
  // values: exploitability, exploitability_level, impact, impact_level,
  // technical_grade, environment, grade.
  Result<Grade> grade(const GbtMetrics& m, std::string* basis_en = nullptr, std::string* basis_zh = nullptr,
                      std::map<std::string, std::string>* params = nullptr) const;

  // Where the operator says the table comes from (the file's "source").
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::map<std::string, std::string> exploitability_;  // "network/low/none/none" -> level label
  std::map<std::string, std::string> impact_;          // "serious/moderate/none" -> level label
  std::map<std::string, Grade> technical_;             // "<exploitability>/<impact>" -> grade
  std::map<std::string, Grade> environment_;           // "critical/low/medium/high" -> grade
  friend class GradingTableLoader;
};

// The grade a case gets, why, and on what authority.
struct GradeDecision {
  std::optional<Grade> grade;  // nullopt: nothing to grade on (no metrics, no or 0.0 score)
  GradeSource source = GradeSource::derived_from_cvss;
  std::string basis_en;  // one sentence a person can check
  std::string basis_zh;
  // The same basis as language-neutral data, for views that word it in the
  // reader's language. Codes: "official_table" (params: source,
  // exploitability, exploitability_level, impact, impact_level,
  // technical_grade, environment, grade), "derived_from_cvss" (reason,
  // score, grade), "no_score" (reason), "score_out_of_range" (reason, score).
  // reason: why the official table was not used: "no_official_table",
  // "indicators_not_assessed" or "official_table_failed". Grades are codes
  // (grade_code), scores have one decimal.
  std::string basis_code;
  std::map<std::string, std::string> basis_params;
};

// A grade basis as stored with a case (JSON text with code, params, en and
// zh) and read back. Text stored by earlier versions ("<en> / <zh>") reads
// as code "text" with the two halves as en and zh.
struct GradeBasis {
  std::string code;
  std::map<std::string, std::string> params;
  std::string en, zh;
};
std::string grade_basis_record(const GradeDecision& d);
GradeBasis read_grade_basis(std::string_view stored);

// Pure. With an official table and assessed indicators: the table's grade,
// source official_table. Otherwise, with a CVSS base score: CNNVD's bands,
// source derived_from_cvss (the basis says it is not an official grade, and
// why the table was not used). Otherwise no grade, with the reason.
GradeDecision decide_grade(const GradingTable* official, const std::optional<GbtMetrics>& metrics,
                           std::optional<double> cvss_base);

}  // namespace loudong::assessment
