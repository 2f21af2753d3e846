// Loading and applying operator-supplied GB/T 30279-2020 tables. The file
// format is documented in GRADING_TABLE.md beside this file.
#include <array>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "assessment/cvss_vector.h"
#include "assessment/grading.h"

namespace loudong::assessment {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "loudong.gbt30279.grading/1";
constexpr std::size_t kMaxTableBytes = 1 << 20;

using Axis = std::vector<std::string>;  // the allowed words of one key part

const Axis kAccess{"network", "adjacent", "local", "physical"};
const Axis kTrigger{"low", "high"};
const Axis kPrivileges{"none", "low", "high"};
const Axis kInteraction{"none", "required"};
const Axis kImpact{"serious", "moderate", "none"};
const Axis kEnvironment{"low", "medium", "high"};
const Axis kGradeCodes{"critical", "high", "medium", "low"};

std::string entry_path(std::string_view table, std::string_view key) {
  return std::string(table) + "[\"" + std::string(key) + "\"]";
}

std::string unquoted(const std::string& quoted) { return quoted.substr(1, quoted.size() - 2); }

// Every key of the cartesian product of `axes`, "a/b/c", in a fixed order.
std::vector<std::string> all_keys(const std::vector<Axis>& axes) {
  std::vector<std::string> keys{""};
  for (const auto& axis : axes) {
    std::vector<std::string> next;
    for (const auto& prefix : keys)
      for (const auto& word : axis) next.push_back(prefix.empty() ? word : prefix + "/" + word);
    keys = std::move(next);
  }
  return keys;
}

std::string join_axis(const Axis& a) {
  std::string out;
  for (const auto& w : a) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// Reads one table: an object whose keys are exactly all_keys(axes) and whose
// values pass `value_ok`. `what` describes the key for messages.
Status read_table(const json& root, std::string_view name, const std::vector<Axis>& axes,
                  std::string_view what, const std::function<bool(const std::string&)>& value_ok,
                  std::string_view allowed_values, std::map<std::string, std::string>& out) {
  const std::string n(name);
  if (!root.contains(n)) return Error::field(n, "required", "table '" + n + "' is missing");
  const json& t = root.at(n);
  if (!t.is_object()) return Error::field(n, "bad_value", "table '" + n + "' must be a JSON object");
  const auto keys = all_keys(axes);
  const std::set<std::string> valid(keys.begin(), keys.end());
  for (const auto& [key, value] : t.items()) {
    if (!valid.contains(key))
      return Error::field(entry_path(n, unquoted(detail::quote_input(key))), "unknown_key",
                          "key " + detail::quote_input(key) + " is not " + std::string(what));
    if (!value.is_string() || !value_ok(value.get<std::string>()))
      return Error::field(entry_path(n, key), "bad_value",
                          "value must be one of: " + std::string(allowed_values));
    out[key] = value.get<std::string>();
  }
  for (const auto& key : keys)
    if (!out.contains(key))
      return Error::field(entry_path(n, key), "missing_entry",
                          "table '" + n + "' has no entry for '" + key + "' (every " + std::string(what) +
                              " needs one)");
  return Status::Ok();
}

Result<Axis> read_levels(const json& root, std::string_view name) {
  const std::string n(name);
  if (!root.contains(n)) return Error::field(n, "required", "'" + n + "' is missing");
  const json& a = root.at(n);
  if (!a.is_array() || a.empty())
    return Error::field(n, "bad_value", "'" + n + "' must be a non-empty array of level labels");
  Axis levels;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string path = n + "[" + std::to_string(i) + "]";
    if (!a[i].is_string()) return Error::field(path, "bad_value", "a level label must be a string");
    const auto s = a[i].get<std::string>();
    if (s.empty() || s.size() > 32 || s.find('/') != std::string::npos)
      return Error::field(path, "bad_value", "a level label must be 1-32 characters without '/'");
    for (const auto& seen : levels)
      if (seen == s) return Error::field(path, "duplicate", "level label '" + s + "' appears twice");
    levels.push_back(s);
  }
  return levels;
}

bool in_axis(const Axis& a, const std::string& s) {
  for (const auto& w : a)
    if (w == s) return true;
  return false;
}

}  // namespace

class GradingTableLoader {
 public:
  static Result<GradingTable> load(std::string_view text) {
    if (text.size() > kMaxTableBytes)
      return Error::field("grading_table", "too_long", "grading table is larger than 1 MiB");
    json root;
    try {
      root = json::parse(text);
    } catch (const json::exception& e) {
      // nlohmann reports syntax errors only by exception; it stays in here.
      return Error::field("grading_table", "bad_json", std::string("not valid JSON: ") + e.what());
    }
    if (!root.is_object()) return Error::field("grading_table", "bad_json", "grading table must be a JSON object");
    static const std::set<std::string> kKnown{"format",  "source",         "exploitability_levels",
                                              "impact_levels", "exploitability", "impact",
                                              "technical_grade", "environment", "notes"};
    for (const auto& [key, value] : root.items())
      if (!kKnown.contains(key)) return Error::field(key, "unknown_key", "unknown top-level key " + detail::quote_input(key));
    if (!root.contains("format") || !root["format"].is_string() || root["format"].get<std::string>() != kFormat)
      return Error::field("format", root.contains("format") ? "bad_value" : "required",
                          "format must be \"" + std::string(kFormat) + "\"");
    if (!root.contains("source") || !root["source"].is_string() || root["source"].get<std::string>().empty())
      return Error::field("source", "required", "source must say where the table comes from");

    GradingTable t;
    t.source_ = root["source"].get<std::string>();
    LD_ASSIGN_OR_RETURN(Axis e_levels, read_levels(root, "exploitability_levels"));
    LD_ASSIGN_OR_RETURN(Axis i_levels, read_levels(root, "impact_levels"));
    const std::string e_list = join_axis(e_levels), i_list = join_axis(i_levels);
    const std::string g_list = join_axis(kGradeCodes);

    LD_RETURN_IF_ERROR(read_table(root, "exploitability", {kAccess, kTrigger, kPrivileges, kInteraction},
                                  "access_path/trigger/privileges/interaction",
                                  [&](const std::string& v) { return in_axis(e_levels, v); }, e_list,
                                  t.exploitability_));
    LD_RETURN_IF_ERROR(read_table(root, "impact", {kImpact, kImpact, kImpact},
                                  "confidentiality/integrity/availability",
                                  [&](const std::string& v) { return in_axis(i_levels, v); }, i_list, t.impact_));
    auto is_grade = [](const std::string& v) { return in_axis(kGradeCodes, v); };
    std::map<std::string, std::string> technical, environment;
    LD_RETURN_IF_ERROR(read_table(root, "technical_grade", {e_levels, i_levels},
                                  "exploitability_level/impact_level", is_grade, g_list, technical));
    LD_RETURN_IF_ERROR(read_table(root, "environment", {kGradeCodes, kEnvironment, kEnvironment, kEnvironment},
                                  "technical_grade/exploit_cost/fix_difficulty/impact_scope", is_grade, g_list,
                                  environment));
    for (const auto& [k, v] : technical) t.technical_[k] = parse_grade(v).value();
    for (const auto& [k, v] : environment) t.environment_[k] = parse_grade(v).value();
    return t;
  }
};

Result<GradingTable> GradingTable::from_json(std::string_view json_text) {
  return GradingTableLoader::load(json_text);
}

Result<Grade> GradingTable::grade(const GbtMetrics& m, std::string* basis_en, std::string* basis_zh,
                                  std::map<std::string, std::string>* params) const {
  const std::string e_key = std::string(code(m.access_path)) + "/" + std::string(code(m.trigger)) + "/" +
                            std::string(code(m.privileges)) + "/" + std::string(code(m.interaction));
  const std::string i_key = std::string(code(m.confidentiality)) + "/" + std::string(code(m.integrity)) + "/" +
                            std::string(code(m.availability));
  const auto e = exploitability_.find(e_key);
  const auto i = impact_.find(i_key);
  if (e == exploitability_.end() || i == impact_.end())
    return Error::internal("grading table lacks " + e_key + " or " + i_key);
  const auto tech = technical_.find(e->second + "/" + i->second);
  if (tech == technical_.end()) return Error::internal("grading table lacks technical grade " + e->second);
  const std::string env_key = std::string(grade_code(tech->second)) + "/" + std::string(code(m.exploit_cost)) +
                              "/" + std::string(code(m.fix_difficulty)) + "/" + std::string(code(m.impact_scope));
  const auto overall = environment_.find(env_key);
  if (overall == environment_.end()) return Error::internal("grading table lacks environment " + env_key);
  if (params) {
    (*params)["exploitability"] = e_key;
    (*params)["exploitability_level"] = e->second;
    (*params)["impact"] = i_key;
    (*params)["impact_level"] = i->second;
    (*params)["technical_grade"] = std::string(grade_code(tech->second));
    (*params)["environment"] = std::string(code(m.exploit_cost)) + "/" + std::string(code(m.fix_difficulty)) + "/" +
                               std::string(code(m.impact_scope));
    (*params)["grade"] = std::string(grade_code(overall->second));
  }
  if (basis_en)
    *basis_en = "exploitability " + e_key + " -> " + e->second + "; impact " + i_key + " -> " + i->second +
                "; technical grade " + std::string(grade_name_en(tech->second)) +
                "; environment (exploit cost, fix difficulty, scope) " + std::string(code(m.exploit_cost)) + "/" +
                std::string(code(m.fix_difficulty)) + "/" + std::string(code(m.impact_scope)) + " -> " +
                std::string(grade_name_en(overall->second)) + ".";
  if (basis_zh)
    *basis_zh = "被利用性 " + e_key + " -> " + e->second + "；影响程度 " + i_key + " -> " + i->second +
                "；技术等级 " + std::string(grade_name_zh(tech->second)) + "；环境因素（被利用成本、修复难度、影响范围）" +
                std::string(code(m.exploit_cost)) + "/" + std::string(code(m.fix_difficulty)) + "/" +
                std::string(code(m.impact_scope)) + " -> " + std::string(grade_name_zh(overall->second)) + "。";
  return overall->second;
}

std::string_view code(AccessPath v) {
  constexpr std::array<std::string_view, 4> n{"network", "adjacent", "local", "physical"};
  return n[static_cast<std::size_t>(v)];
}
std::string_view code(TriggerRequirement v) { return v == TriggerRequirement::low ? "low" : "high"; }
std::string_view code(PrivilegeRequirement v) {
  constexpr std::array<std::string_view, 3> n{"none", "low", "high"};
  return n[static_cast<std::size_t>(v)];
}
std::string_view code(Interaction v) { return v == Interaction::none ? "none" : "required"; }
std::string_view code(ImpactLevel v) {
  constexpr std::array<std::string_view, 3> n{"serious", "moderate", "none"};
  return n[static_cast<std::size_t>(v)];
}
std::string_view code(EnvironmentLevel v) {
  constexpr std::array<std::string_view, 3> n{"low", "medium", "high"};
  return n[static_cast<std::size_t>(v)];
}

}  // namespace loudong::assessment
