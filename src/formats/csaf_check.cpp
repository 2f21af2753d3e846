#include "formats/csaf_check.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "assessment/cvss.h"
#include "assessment/cwe_catalogue.h"
#include "formats/timestamp.h"
#include "versions/purl.h"

namespace loudong::formats {

namespace {

using nlohmann::json;

// ---- small JSON access helpers: a missing or mistyped member is skipped ----

const json* member(const json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const json& array_or_empty(const json& j, std::string_view key) {
  static const json empty = json::array();
  const json* m = member(j, key);
  return m && m->is_array() ? *m : empty;
}

std::string string_of(const json& j, std::string_view key) {
  const json* m = member(j, key);
  return m && m->is_string() ? m->get<std::string>() : std::string();
}

std::string ptr(const std::string& base, std::string_view key) { return base + "/" + std::string(key); }
std::string ptr(const std::string& base, std::size_t i) { return base + "/" + std::to_string(i); }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class Collector {
 public:
  void add(std::string rule, std::string path, std::string message) {
    out_.push_back({std::move(rule), std::move(path), std::move(message)});
  }
  std::vector<CsafProblem> take() && { return std::move(out_); }

 private:
  std::vector<CsafProblem> out_;
};

// A product id (or group id) and where it appears.
struct Occurrence {
  std::string id;
  std::string path;
};

// ---- product tree ----

void defined_in_branches(const json& branches, const std::string& path, std::vector<Occurrence>& out) {
  if (!branches.is_array()) return;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    const json& b = branches[i];
    std::string bp = ptr(path, i);
    if (const json* p = member(b, "product")) {
      std::string id = string_of(*p, "product_id");
      if (!id.empty()) out.push_back({id, ptr(ptr(bp, "product"), "product_id")});
    }
    if (const json* sub = member(b, "branches")) defined_in_branches(*sub, ptr(bp, "branches"), out);
  }
}

std::vector<Occurrence> defined_product_ids(const json& doc) {
  std::vector<Occurrence> out;
  const json* tree = member(doc, "product_tree");
  if (!tree) return out;
  if (const json* b = member(*tree, "branches")) defined_in_branches(*b, "/product_tree/branches", out);
  const json& fpn = array_or_empty(*tree, "full_product_names");
  for (std::size_t i = 0; i < fpn.size(); ++i) {
    std::string id = string_of(fpn[i], "product_id");
    if (!id.empty()) out.push_back({id, ptr(ptr("/product_tree/full_product_names", i), "product_id")});
  }
  const json& rel = array_or_empty(*tree, "relationships");
  for (std::size_t i = 0; i < rel.size(); ++i)
    if (const json* f = member(rel[i], "full_product_name")) {
      std::string id = string_of(*f, "product_id");
      if (!id.empty())
        out.push_back({id, ptr(ptr(ptr("/product_tree/relationships", i), "full_product_name"), "product_id")});
    }
  return out;
}

void ids_in(const json& j, std::string_view key, const std::string& path, std::vector<Occurrence>& out) {
  const json& a = array_or_empty(j, key);
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].is_string()) out.push_back({a[i].get<std::string>(), ptr(ptr(path, key), i)});
}

const char* const kStatusKeys[] = {"first_affected", "first_fixed", "fixed", "known_affected",
                                   "known_not_affected", "last_affected", "recommended", "under_investigation"};

// Every place a product id is referenced (not defined).
std::vector<Occurrence> referenced_product_ids(const json& doc) {
  std::vector<Occurrence> out;
  if (const json* tree = member(doc, "product_tree")) {
    const json& groups = array_or_empty(*tree, "product_groups");
    for (std::size_t i = 0; i < groups.size(); ++i) ids_in(groups[i], "product_ids", ptr("/product_tree/product_groups", i), out);
    const json& rel = array_or_empty(*tree, "relationships");
    for (std::size_t i = 0; i < rel.size(); ++i) {
      std::string rp = ptr("/product_tree/relationships", i);
      for (const char* k : {"product_reference", "relates_to_product_reference"}) {
        std::string id = string_of(rel[i], k);
        if (!id.empty()) out.push_back({id, ptr(rp, k)});
      }
    }
  }
  const json& vulns = array_or_empty(doc, "vulnerabilities");
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    std::string vp = ptr("/vulnerabilities", v);
    if (const json* ps = member(vulns[v], "product_status"))
      for (const char* k : kStatusKeys) ids_in(*ps, k, ptr(vp, "product_status"), out);
    for (const char* list : {"remediations", "threats", "flags"}) {
      const json& items = array_or_empty(vulns[v], list);
      for (std::size_t i = 0; i < items.size(); ++i) ids_in(items[i], "product_ids", ptr(ptr(vp, list), i), out);
    }
    const json& scores = array_or_empty(vulns[v], "scores");
    for (std::size_t i = 0; i < scores.size(); ++i) ids_in(scores[i], "products", ptr(ptr(vp, "scores"), i), out);
  }
  return out;
}

std::map<std::string, std::set<std::string>> group_members(const json& doc) {
  std::map<std::string, std::set<std::string>> out;
  if (const json* tree = member(doc, "product_tree")) {
    for (const json& g : array_or_empty(*tree, "product_groups")) {
      auto& set = out[string_of(g, "group_id")];
      for (const json& id : array_or_empty(g, "product_ids"))
        if (id.is_string()) set.insert(id.get<std::string>());
    }
  }
  return out;
}

// Products an item (remediation, threat, flag) names, directly or through groups.
std::set<std::string> products_of(const json& item, const std::map<std::string, std::set<std::string>>& groups) {
  std::set<std::string> out;
  for (const json& id : array_or_empty(item, "product_ids"))
    if (id.is_string()) out.insert(id.get<std::string>());
  for (const json& g : array_or_empty(item, "group_ids")) {
    if (!g.is_string()) continue;
    auto it = groups.find(g.get<std::string>());
    if (it != groups.end()) out.insert(it->second.begin(), it->second.end());
  }
  return out;
}

void check_product_ids(const json& doc, Collector& c) {
  auto defined = defined_product_ids(doc);
  std::set<std::string> ids;
  std::map<std::string, std::string> first_at;
  for (const auto& d : defined) {
    if (!ids.insert(d.id).second)
      c.add("6.1.2", d.path, "product id '" + d.id + "' is defined more than once (first at " + first_at[d.id] + ")");
    else
      first_at[d.id] = d.path;
  }
  for (const auto& r : referenced_product_ids(doc))
    if (!ids.count(r.id)) c.add("6.1.1", r.path, "product id '" + r.id + "' is not defined in the product tree");

  // 6.1.3: a relationship's new product must not be made, directly or
  // through other relationships, of itself.
  std::map<std::string, std::vector<std::string>> made_of;
  std::map<std::string, std::string> where;
  if (const json* tree = member(doc, "product_tree")) {
    const json& rel = array_or_empty(*tree, "relationships");
    for (std::size_t i = 0; i < rel.size(); ++i) {
      const json* f = member(rel[i], "full_product_name");
      if (!f) continue;
      std::string id = string_of(*f, "product_id");
      if (id.empty()) continue;
      for (const char* k : {"product_reference", "relates_to_product_reference"}) {
        std::string to = string_of(rel[i], k);
        if (!to.empty()) made_of[id].push_back(to);
      }
      where.emplace(id, ptr(ptr(ptr("/product_tree/relationships", i), "full_product_name"), "product_id"));
    }
  }
  for (const auto& [start, _] : made_of) {
    std::set<std::string> seen;
    std::vector<std::string> stack(made_of[start]);
    bool circular = false;
    while (!stack.empty() && !circular) {
      std::string n = stack.back();
      stack.pop_back();
      if (n == start) circular = true;
      else if (seen.insert(n).second)
        if (auto it = made_of.find(n); it != made_of.end()) stack.insert(stack.end(), it->second.begin(), it->second.end());
    }
    if (circular) c.add("6.1.3", where[start], "product id '" + start + "' is defined in terms of itself");
  }
}

void check_group_ids(const json& doc, Collector& c) {
  std::set<std::string> defined;
  if (const json* tree = member(doc, "product_tree")) {
    const json& groups = array_or_empty(*tree, "product_groups");
    for (std::size_t i = 0; i < groups.size(); ++i) {
      std::string id = string_of(groups[i], "group_id");
      if (!defined.insert(id).second)
        c.add("6.1.5", ptr(ptr("/product_tree/product_groups", i), "group_id"),
              "product group id '" + id + "' is defined more than once");
    }
  }
  const json& vulns = array_or_empty(doc, "vulnerabilities");
  for (std::size_t v = 0; v < vulns.size(); ++v)
    for (const char* list : {"remediations", "threats", "flags"}) {
      const json& items = array_or_empty(vulns[v], list);
      for (std::size_t i = 0; i < items.size(); ++i) {
        std::vector<Occurrence> refs;
        ids_in(items[i], "group_ids", ptr(ptr(ptr("/vulnerabilities", v), list), i), refs);
        for (const auto& r : refs)
          if (!defined.count(r.id)) c.add("6.1.4", r.path, "product group id '" + r.id + "' is not defined");
      }
    }
}

// ---- 6.1.6: contradicting product status ----

std::string_view status_class(std::string_view key) {
  if (key == "first_affected" || key == "known_affected" || key == "last_affected") return "affected";
  if (key == "known_not_affected") return "not affected";
  if (key == "first_fixed" || key == "fixed") return "fixed";
  if (key == "under_investigation") return "under investigation";
  return "";  // recommended: not a status that contradicts
}

void check_product_status(const json& doc, Collector& c) {
  const json& vulns = array_or_empty(doc, "vulnerabilities");
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    const json* ps = member(vulns[v], "product_status");
    if (!ps) continue;
    std::map<std::string, std::string> class_of;
    for (const char* k : kStatusKeys) {
      std::string_view cls = status_class(k);
      if (cls.empty()) continue;
      const json& ids = array_or_empty(*ps, k);
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!ids[i].is_string()) continue;
        std::string id = ids[i].get<std::string>();
        auto [it, inserted] = class_of.emplace(id, std::string(cls));
        if (!inserted && it->second != cls)
          c.add("6.1.6", ptr(ptr(ptr(ptr("/vulnerabilities", v), "product_status"), k), i),
                "product '" + id + "' is both " + it->second + " and " + std::string(cls));
      }
    }
  }
}

// ---- CVSS (6.1.7 - 6.1.10) ----

struct MetricDef {
  const char* property;
  const char* metric;
  std::vector<std::pair<const char*, const char*>> values;  // vector value -> property value
};

const std::vector<MetricDef>& v3_metrics() {
  static const std::vector<MetricDef> defs = [] {
    std::vector<std::pair<const char*, const char*>> nlh = {{"N", "NONE"}, {"L", "LOW"}, {"H", "HIGH"}};
    std::vector<std::pair<const char*, const char*>> req = {{"X", "NOT_DEFINED"}, {"L", "LOW"}, {"M", "MEDIUM"}, {"H", "HIGH"}};
    auto with_x = [](std::vector<std::pair<const char*, const char*>> v) {
      v.insert(v.begin(), {"X", "NOT_DEFINED"});
      return v;
    };
    std::vector<std::pair<const char*, const char*>> av = {{"N", "NETWORK"}, {"A", "ADJACENT_NETWORK"}, {"L", "LOCAL"}, {"P", "PHYSICAL"}};
    std::vector<std::pair<const char*, const char*>> ac = {{"L", "LOW"}, {"H", "HIGH"}};
    std::vector<std::pair<const char*, const char*>> ui = {{"N", "NONE"}, {"R", "REQUIRED"}};
    std::vector<std::pair<const char*, const char*>> s = {{"U", "UNCHANGED"}, {"C", "CHANGED"}};
    return std::vector<MetricDef>{
        {"attackVector", "AV", av},
        {"attackComplexity", "AC", ac},
        {"privilegesRequired", "PR", nlh},
        {"userInteraction", "UI", ui},
        {"scope", "S", s},
        {"confidentialityImpact", "C", nlh},
        {"integrityImpact", "I", nlh},
        {"availabilityImpact", "A", nlh},
        {"exploitCodeMaturity", "E",
         {{"X", "NOT_DEFINED"}, {"U", "UNPROVEN"}, {"P", "PROOF_OF_CONCEPT"}, {"F", "FUNCTIONAL"}, {"H", "HIGH"}}},
        {"remediationLevel", "RL",
         {{"X", "NOT_DEFINED"}, {"O", "OFFICIAL_FIX"}, {"T", "TEMPORARY_FIX"}, {"W", "WORKAROUND"}, {"U", "UNAVAILABLE"}}},
        {"reportConfidence", "RC", {{"X", "NOT_DEFINED"}, {"U", "UNKNOWN"}, {"R", "REASONABLE"}, {"C", "CONFIRMED"}}},
        {"confidentialityRequirement", "CR", req},
        {"integrityRequirement", "IR", req},
        {"availabilityRequirement", "AR", req},
        {"modifiedAttackVector", "MAV", with_x(av)},
        {"modifiedAttackComplexity", "MAC", with_x(ac)},
        {"modifiedPrivilegesRequired", "MPR", with_x(nlh)},
        {"modifiedUserInteraction", "MUI", with_x(ui)},
        {"modifiedScope", "MS", with_x(s)},
        {"modifiedConfidentialityImpact", "MC", with_x(nlh)},
        {"modifiedIntegrityImpact", "MI", with_x(nlh)},
        {"modifiedAvailabilityImpact", "MA", with_x(nlh)},
    };
  }();
  return defs;
}

const std::vector<MetricDef>& v2_metrics() {
  static const std::vector<MetricDef> defs = [] {
    std::vector<std::pair<const char*, const char*>> npc = {{"N", "NONE"}, {"P", "PARTIAL"}, {"C", "COMPLETE"}};
    std::vector<std::pair<const char*, const char*>> req = {{"L", "LOW"}, {"M", "MEDIUM"}, {"H", "HIGH"}, {"ND", "NOT_DEFINED"}};
    return std::vector<MetricDef>{
        {"accessVector", "AV", {{"L", "LOCAL"}, {"A", "ADJACENT_NETWORK"}, {"N", "NETWORK"}}},
        {"accessComplexity", "AC", {{"H", "HIGH"}, {"M", "MEDIUM"}, {"L", "LOW"}}},
        {"authentication", "Au", {{"M", "MULTIPLE"}, {"S", "SINGLE"}, {"N", "NONE"}}},
        {"confidentialityImpact", "C", npc},
        {"integrityImpact", "I", npc},
        {"availabilityImpact", "A", npc},
        {"exploitability", "E",
         {{"U", "UNPROVEN"}, {"POC", "PROOF_OF_CONCEPT"}, {"F", "FUNCTIONAL"}, {"H", "HIGH"}, {"ND", "NOT_DEFINED"}}},
        {"remediationLevel", "RL",
         {{"OF", "OFFICIAL_FIX"}, {"TF", "TEMPORARY_FIX"}, {"W", "WORKAROUND"}, {"U", "UNAVAILABLE"}, {"ND", "NOT_DEFINED"}}},
        {"reportConfidence", "RC", {{"UC", "UNCONFIRMED"}, {"UR", "UNCORROBORATED"}, {"C", "CONFIRMED"}, {"ND", "NOT_DEFINED"}}},
        {"collateralDamagePotential", "CDP",
         {{"N", "NONE"}, {"L", "LOW"}, {"LM", "LOW_MEDIUM"}, {"MH", "MEDIUM_HIGH"}, {"H", "HIGH"}, {"ND", "NOT_DEFINED"}}},
        {"targetDistribution", "TD", {{"N", "NONE"}, {"L", "LOW"}, {"M", "MEDIUM"}, {"H", "HIGH"}, {"ND", "NOT_DEFINED"}}},
        {"confidentialityRequirement", "CR", req},
        {"integrityRequirement", "IR", req},
        {"availabilityRequirement", "AR", req},
    };
  }();
  return defs;
}

// "AV:N/AC:L/..." (after any "CVSS:x.y/" prefix) as metric -> value; nullopt
// when a component is malformed, unknown or repeated.
std::optional<std::map<std::string, std::string>> split_vector(std::string_view v, const std::vector<MetricDef>& defs) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  if (v.empty()) return std::nullopt;
  while (start <= v.size()) {
    std::size_t end = v.find('/', start);
    if (end == std::string_view::npos) end = v.size();
    std::string_view part = v.substr(start, end - start);
    auto colon = part.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string k(part.substr(0, colon)), val(part.substr(colon + 1));
    auto def = std::find_if(defs.begin(), defs.end(), [&](const MetricDef& d) { return k == d.metric; });
    if (def == defs.end()) return std::nullopt;
    if (std::none_of(def->values.begin(), def->values.end(), [&](auto& p) { return val == p.first; })) return std::nullopt;
    if (!out.emplace(k, val).second) return std::nullopt;
    start = end + 1;
    if (end == v.size()) break;
  }
  return out;
}

double round1(double x) { return std::round(x * 10.0) / 10.0; }

struct V2Scores {
  double base, temporal, environmental;
};

V2Scores score_v2(const std::map<std::string, std::string>& m) {
  auto get = [&](const char* k, const char* dflt) {
    auto it = m.find(k);
    return it == m.end() ? std::string(dflt) : it->second;
  };
  auto cia = [](const std::string& v) { return v == "C" ? 0.660 : v == "P" ? 0.275 : 0.0; };
  double av = get("AV", "N") == "L" ? 0.395 : get("AV", "N") == "A" ? 0.646 : 1.0;
  std::string acv = get("AC", "L");
  double ac = acv == "H" ? 0.35 : acv == "M" ? 0.61 : 0.71;
  std::string auv = get("Au", "N");
  double au = auv == "M" ? 0.45 : auv == "S" ? 0.56 : 0.704;
  double c = cia(get("C", "N")), i = cia(get("I", "N")), a = cia(get("A", "N"));
  auto base_with = [&](double impact) {
    double exploitability = 20 * av * ac * au;
    double f = impact == 0 ? 0 : 1.176;
    return round1(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f);
  };
  double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  double base = base_with(impact);
  std::string ev = get("E", "ND"), rlv = get("RL", "ND"), rcv = get("RC", "ND");
  double e = ev == "U" ? 0.85 : ev == "POC" ? 0.9 : ev == "F" ? 0.95 : 1.0;
  double rl = rlv == "OF" ? 0.87 : rlv == "TF" ? 0.90 : rlv == "W" ? 0.95 : 1.0;
  double rc = rcv == "UC" ? 0.90 : rcv == "UR" ? 0.95 : 1.0;
  double temporal = round1(base * e * rl * rc);
  auto req = [](const std::string& v) { return v == "L" ? 0.5 : v == "H" ? 1.51 : 1.0; };
  double adj_impact =
      std::min(10.0, 10.41 * (1 - (1 - c * req(get("CR", "ND"))) * (1 - i * req(get("IR", "ND"))) * (1 - a * req(get("AR", "ND")))));
  double adj_temporal = round1(base_with(adj_impact) * e * rl * rc);
  std::string cdpv = get("CDP", "ND"), tdv = get("TD", "ND");
  double cdp = cdpv == "L" ? 0.1 : cdpv == "LM" ? 0.3 : cdpv == "MH" ? 0.4 : cdpv == "H" ? 0.5 : 0.0;
  double td = tdv == "N" ? 0.0 : tdv == "L" ? 0.25 : tdv == "M" ? 0.75 : 1.0;
  double env = round1((adj_temporal + (10 - adj_temporal) * cdp) * td);
  return {base, temporal, env};
}

bool number_is(const json& obj, const char* key, double expected) {
  const json* m = member(obj, key);
  if (!m || !m->is_number()) return true;  // absent: nothing to contradict
  return std::fabs(m->get<double>() - expected) < 0.05;
}

void check_metric_properties(const json& obj, const std::string& path, const std::vector<MetricDef>& defs,
                             const std::map<std::string, std::string>& vec, const char* absent_value, Collector& c,
                             bool schema_only) {
  for (const auto& d : defs) {
    const json* m = member(obj, d.property);
    if (!m) continue;
    std::string given = m->is_string() ? m->get<std::string>() : "";
    auto val = std::find_if(d.values.begin(), d.values.end(), [&](auto& p) { return given == p.second; });
    if (val == d.values.end()) {
      if (schema_only)
        c.add("6.1.8", ptr(path, d.property), std::string(d.property) + " has a value the CVSS schema does not allow");
      continue;
    }
    if (schema_only) continue;
    auto it = vec.find(d.metric);
    std::string expected;
    if (it != vec.end()) {
      for (const auto& p : d.values)
        if (it->second == p.first) expected = p.second;
    } else {
      expected = absent_value;
    }
    if (given != expected)
      c.add("6.1.10", ptr(path, d.property),
            std::string(d.property) + " is " + given + " but the vector says " + (expected.empty() ? "nothing" : expected));
  }
}

bool severity_ok(const json& obj, const char* key) {
  const json* m = member(obj, key);
  if (!m) return true;
  static const std::set<std::string> ok{"NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"};
  return m->is_string() && ok.count(m->get<std::string>());
}

bool score_ok(const json& obj, const char* key) {
  const json* m = member(obj, key);
  if (!m) return true;
  return m->is_number() && m->get<double>() >= 0 && m->get<double>() <= 10;
}

void check_cvss_v3(const json& o, const std::string& path, Collector& c) {
  std::string version = string_of(o, "version"), vector = string_of(o, "vectorString");
  bool valid = true;
  for (const char* k : {"version", "vectorString", "baseScore", "baseSeverity"})
    if (!member(o, k)) {
      c.add("6.1.8", ptr(path, k), std::string(k) + " is required in a CVSS v3 object");
      valid = false;
    }
  if (member(o, "version") && version != "3.0" && version != "3.1") {
    c.add("6.1.8", ptr(path, "version"), "version must be 3.0 or 3.1");
    valid = false;
  }
  std::string prefix = "CVSS:" + version + "/";
  std::optional<std::map<std::string, std::string>> vec;
  if (member(o, "vectorString")) {
    if (vector.rfind(prefix, 0) != 0) vec = std::nullopt;
    else vec = split_vector(std::string_view(vector).substr(prefix.size()), v3_metrics());
    bool base_present = vec && std::all_of(v3_metrics().begin(), v3_metrics().begin() + 8,
                                           [&](const MetricDef& d) { return vec->count(d.metric) > 0; });
    if (!base_present) {
      c.add("6.1.8", ptr(path, "vectorString"), "'" + vector + "' is not a CVSS v" + version + " vector");
      valid = false;
    }
  }
  for (const char* k : {"baseScore", "temporalScore", "environmentalScore"})
    if (!score_ok(o, k)) {
      c.add("6.1.8", ptr(path, k), std::string(k) + " must be a number from 0 to 10");
      valid = false;
    }
  for (const char* k : {"baseSeverity", "temporalSeverity", "environmentalSeverity"})
    if (!severity_ok(o, k)) {
      c.add("6.1.8", ptr(path, k), std::string(k) + " must be NONE, LOW, MEDIUM, HIGH or CRITICAL");
      valid = false;
    }
  std::size_t before = 0;
  {
    Collector tmp;
    check_metric_properties(o, path, v3_metrics(), {}, "", tmp, true);
    auto problems = std::move(tmp).take();
    before = problems.size();
    for (auto& p : problems) c.add(p.rule, p.path, p.message);
  }
  if (!valid || before > 0 || !vec) return;
  auto s = assessment::score_cvss31(vector, "vectorString");
  if (!s.ok()) {
    c.add("6.1.8", ptr(path, "vectorString"), s.error().message());
    return;
  }
  auto sev = [](double x) { return std::string(assessment::cvss_severity(x)); };
  if (!number_is(o, "baseScore", s->base_score))
    c.add("6.1.9", ptr(path, "baseScore"), "baseScore should be " + std::to_string(s->base_score).substr(0, 4));
  if (!number_is(o, "temporalScore", s->temporal_score))
    c.add("6.1.9", ptr(path, "temporalScore"), "temporalScore does not match the vector");
  if (!number_is(o, "environmentalScore", s->environmental_score))
    c.add("6.1.9", ptr(path, "environmentalScore"), "environmentalScore does not match the vector");
  if (member(o, "baseSeverity") && string_of(o, "baseSeverity") != sev(s->base_score))
    c.add("6.1.9", ptr(path, "baseSeverity"), "baseSeverity should be " + sev(s->base_score));
  if (member(o, "temporalSeverity") && string_of(o, "temporalSeverity") != sev(s->temporal_score))
    c.add("6.1.9", ptr(path, "temporalSeverity"), "temporalSeverity should be " + sev(s->temporal_score));
  if (member(o, "environmentalSeverity") && string_of(o, "environmentalSeverity") != sev(s->environmental_score))
    c.add("6.1.9", ptr(path, "environmentalSeverity"), "environmentalSeverity should be " + sev(s->environmental_score));
  check_metric_properties(o, path, v3_metrics(), *vec, "NOT_DEFINED", c, false);
}

void check_cvss_v2(const json& o, const std::string& path, Collector& c) {
  bool valid = true;
  for (const char* k : {"version", "vectorString", "baseScore"})
    if (!member(o, k)) {
      c.add("6.1.8", ptr(path, k), std::string(k) + " is required in a CVSS v2 object");
      valid = false;
    }
  if (member(o, "version") && string_of(o, "version") != "2.0") {
    c.add("6.1.8", ptr(path, "version"), "version must be 2.0");
    valid = false;
  }
  std::string vector = string_of(o, "vectorString");
  auto vec = split_vector(vector, v2_metrics());
  bool base_present = vec && std::all_of(v2_metrics().begin(), v2_metrics().begin() + 6,
                                         [&](const MetricDef& d) { return vec->count(d.metric) > 0; });
  if (member(o, "vectorString") && !base_present) {
    c.add("6.1.8", ptr(path, "vectorString"), "'" + vector + "' is not a CVSS v2 vector");
    valid = false;
  }
  for (const char* k : {"baseScore", "temporalScore", "environmentalScore"})
    if (!score_ok(o, k)) {
      c.add("6.1.8", ptr(path, k), std::string(k) + " must be a number from 0 to 10");
      valid = false;
    }
  Collector tmp;
  check_metric_properties(o, path, v2_metrics(), {}, "", tmp, true);
  auto problems = std::move(tmp).take();
  for (auto& p : problems) c.add(p.rule, p.path, p.message);
  if (!valid || !problems.empty() || !base_present) return;
  V2Scores s = score_v2(*vec);
  if (!number_is(o, "baseScore", s.base)) c.add("6.1.9", ptr(path, "baseScore"), "baseScore does not match the vector");
  if (!number_is(o, "temporalScore", s.temporal))
    c.add("6.1.9", ptr(path, "temporalScore"), "temporalScore does not match the vector");
  if (!number_is(o, "environmentalScore", s.environmental))
    c.add("6.1.9", ptr(path, "environmentalScore"), "environmentalScore does not match the vector");
  check_metric_properties(o, path, v2_metrics(), *vec, "NOT_DEFINED", c, false);
}

void check_scores(const json& doc, Collector& c) {
  const json& vulns = array_or_empty(doc, "vulnerabilities");
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    std::string vp = ptr("/vulnerabilities", v);
    std::map<std::pair<std::string, std::string>, std::string> seen;  // (product, "v3 3.1") -> path
    const json& scores = array_or_empty(vulns[v], "scores");
    for (std::size_t i = 0; i < scores.size(); ++i) {
      std::string sp = ptr(ptr(vp, "scores"), i);
      std::vector<std::string> kinds;
      if (const json* v3 = member(scores[i], "cvss_v3")) {
        check_cvss_v3(*v3, ptr(sp, "cvss_v3"), c);
        kinds.push_back("cvss_v3 " + string_of(*v3, "version"));
      }
      if (const json* v2 = member(scores[i], "cvss_v2")) {
        check_cvss_v2(*v2, ptr(sp, "cvss_v2"), c);
        kinds.push_back("cvss_v2 " + string_of(*v2, "version"));
      }
      const json& products = array_or_empty(scores[i], "products");
      for (std::size_t p = 0; p < products.size(); ++p) {
        if (!products[p].is_string()) continue;
        for (const auto& k : kinds) {
          auto [it, inserted] = seen.emplace(std::make_pair(products[p].get<std::string>(), k), sp);
          if (!inserted)
            c.add("6.1.7", ptr(ptr(sp, "products"), p),
                  "product '" + products[p].get<std::string>() + "' already has a " + k + " score at " + it->second);
        }
      }
    }
  }
}

// ---- 6.1.11 CWE, 6.1.13 purl ----

void check_cwe(const json& doc, Collector& c) {
  const json& vulns = array_or_empty(doc, "vulnerabilities");
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    const json* cwe = member(vulns[v], "cwe");
    if (!cwe) continue;
    std::string id = string_of(*cwe, "id"), name = string_of(*cwe, "name");
    std::string path = ptr(ptr("/vulnerabilities", v), "cwe");
    int n = 0;
    bool digits = id.size() > 4 && id.rfind("CWE-", 0) == 0 && id.size() <= 10 && id[4] != '0' &&
                  std::all_of(id.begin() + 4, id.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!digits) {
      c.add("6.1.11", ptr(path, "id"), "'" + id + "' is not a CWE id");
      continue;
    }
    n = std::stoi(id.substr(4));
    // The catalogue names the common weaknesses only (assessment/cwe_catalogue.h);
    // a CWE it does not know cannot be judged here, so it passes.
    if (const auto* e = assessment::find_cwe(n); e && e->name_en != name)
      c.add("6.1.11", ptr(path, "name"), "the name of " + id + " is '" + std::string(e->name_en) + "', not '" + name + "'");
  }
}

void purls_in(const json& product, const std::string& path, Collector& c) {
  const json* helper = member(product, "product_identification_helper");
  if (!helper) return;
  std::string purl = string_of(*helper, "purl");
  if (member(*helper, "purl") && !versions::parse_purl(purl, versions::PurlMode::lenient).ok())
    c.add("6.1.13", ptr(ptr(path, "product_identification_helper"), "purl"), "'" + purl + "' is not a valid purl");
  // 6.1.25: one algorithm once per file.
  const json& hashes = array_or_empty(*helper, "hashes");
  for (std::size_t h = 0; h < hashes.size(); ++h) {
    std::set<std::string> algs;
    const json& fh = array_or_empty(hashes[h], "file_hashes");
    for (std::size_t i = 0; i < fh.size(); ++i)
      if (!algs.insert(string_of(fh[i], "algorithm")).second)
        c.add("6.1.25",
              ptr(ptr(ptr(ptr(ptr(ptr(path, "product_identification_helper"), "hashes"), h), "file_hashes"), i),
                  "algorithm"),
              "hash algorithm '" + string_of(fh[i], "algorithm") + "' is used more than once for one file");
  }
}

// Calls fn(product object, its path) for every full_product_name in the tree.
void each_product(const json& doc, const std::function<void(const json&, const std::string&)>& fn,
                  const std::function<void(const json&, const std::string&)>& on_branch = nullptr) {
  const json* tree = member(doc, "product_tree");
  if (!tree) return;
  std::function<void(const json&, const std::string&)> walk = [&](const json& branches, const std::string& path) {
    if (!branches.is_array()) return;
    for (std::size_t i = 0; i < branches.size(); ++i) {
      std::string bp = ptr(path, i);
      if (on_branch) on_branch(branches[i], bp);
      if (const json* p = member(branches[i], "product")) fn(*p, ptr(bp, "product"));
      if (const json* sub = member(branches[i], "branches")) walk(*sub, ptr(bp, "branches"));
    }
  };
  if (const json* b = member(*tree, "branches")) walk(*b, "/product_tree/branches");
  const json& fpn = array_or_empty(*tree, "full_product_names");
  for (std::size_t i = 0; i < fpn.size(); ++i) fn(fpn[i], ptr("/product_tree/full_product_names", i));
  const json& rel = array_or_empty(*tree, "relationships");
  for (std::size_t i = 0; i < rel.size(); ++i)
    if (const json* f = member(rel[i], "full_product_name"))
      fn(*f, ptr(ptr("/product_tree/relationships", i), "full_product_name"));
}

// ---- versions of the tracking section (6.1.14 - 6.1.22, 6.1.30) ----

struct Version {
  bool integer = false;
  bool valid = false;
  std::int64_t major = 0, minor = 0, patch = 0;
  std::string pre;  // pre-release part, without '-'
};

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() < 16 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

Version parse_version(std::string s) {
  Version v;
  if (auto plus = s.find('+'); plus != std::string::npos) s = s.substr(0, plus);  // build metadata: ignored
  if (all_digits(s)) {
    v.integer = v.valid = true;
    v.major = std::stoll(s);
    return v;
  }
  if (auto dash = s.find('-'); dash != std::string::npos) {
    v.pre = s.substr(dash + 1);
    s = s.substr(0, dash);
  }
  auto d1 = s.find('.'), d2 = d1 == std::string::npos ? d1 : s.find('.', d1 + 1);
  if (d1 == std::string::npos || d2 == std::string::npos) return v;
  std::string a = s.substr(0, d1), b = s.substr(d1 + 1, d2 - d1 - 1), c = s.substr(d2 + 1);
  if (!all_digits(a) || !all_digits(b) || !all_digits(c)) return v;
  v.valid = true;
  v.major = std::stoll(a);
  v.minor = std::stoll(b);
  v.patch = std::stoll(c);
  return v;
}

// SemVer precedence of two pre-release strings ("" is a release).
int compare_pre(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  if (a.empty()) return 1;
  if (b.empty()) return -1;
  std::size_t i = 0, j = 0;
  while (i <= a.size() && j <= b.size()) {
    auto ei = a.find('.', i), ej = b.find('.', j);
    std::string x = a.substr(i, ei == std::string::npos ? std::string::npos : ei - i);
    std::string y = b.substr(j, ej == std::string::npos ? std::string::npos : ej - j);
    if (x != y) {
      bool nx = all_digits(x), ny = all_digits(y);
      if (nx && ny) return std::stoll(x) < std::stoll(y) ? -1 : 1;
      if (nx) return -1;
      if (ny) return 1;
      return x < y ? -1 : 1;
    }
    if (ei == std::string::npos || ej == std::string::npos) return ei == ej ? 0 : (ei == std::string::npos ? -1 : 1);
    i = ei + 1;
    j = ej + 1;
  }
  return 0;
}

int compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return compare_pre(a.pre, b.pre);
}

struct RevisionItem {
  std::size_t index;
  std::string number;
  Version version;
  std::optional<Time> date;
};

void check_tracking(const json& doc, Collector& c) {
  const json* document = member(doc, "document");
  const json* tracking = document ? member(*document, "tracking") : nullptr;
  if (!tracking) return;
  std::string status = string_of(*tracking, "status");
  std::string version_text = string_of(*tracking, "version");
  Version version = parse_version(version_text);
  const json& history = array_or_empty(*tracking, "revision_history");
  std::vector<RevisionItem> items;
  for (std::size_t i = 0; i < history.size(); ++i) {
    RevisionItem it{i, string_of(history[i], "number"), {}, std::nullopt};
    it.version = parse_version(it.number);
    auto t = parse_timestamp(string_of(history[i], "date"));
    if (t.ok()) it.date = *t;
    items.push_back(std::move(it));
  }
  auto hp = [](std::size_t i) { return ptr(ptr("/document/tracking/revision_history", i), "number"); };

  // 6.1.30: integer and semantic versions must not be mixed.
  bool any_int = version.integer, any_sem = version.valid && !version.integer;
  for (const auto& it : items) {
    any_int = any_int || (it.version.valid && it.version.integer);
    any_sem = any_sem || (it.version.valid && !it.version.integer);
  }
  if (any_int && any_sem)
    c.add("6.1.30", "/document/tracking/version", "integer and semantic versioning are mixed in the tracking section");

  std::vector<RevisionItem> by_date = items;
  // Items of the same date are ordered by number (the suite's valid
  // documents list such a pair newest first).
  std::stable_sort(by_date.begin(), by_date.end(), [](const RevisionItem& a, const RevisionItem& b) {
    if (a.date.value_or(Time{}) != b.date.value_or(Time{})) return a.date.value_or(Time{}) < b.date.value_or(Time{});
    return a.version.valid && b.version.valid && compare(a.version, b.version) < 0;
  });

  // 6.1.14: sorted by date, the numbers ascend.
  if (!(any_int && any_sem))
    for (std::size_t i = 1; i < by_date.size(); ++i)
      if (by_date[i].version.valid && by_date[i - 1].version.valid && compare(by_date[i - 1].version, by_date[i].version) > 0) {
        c.add("6.1.14", hp(by_date[i].index), "the revision history is not sorted: number " + by_date[i].number +
                                                  " is dated after " + by_date[i - 1].number);
        break;
      }

  bool draft = status == "draft";
  // 6.1.16: the document version is the number of the latest revision.
  if (!by_date.empty() && version.valid) {
    // The latest by date; among equal dates, the highest number.
    const RevisionItem* last = &by_date.back();
    for (const auto& it : by_date)
      if (it.date == last->date && it.version.valid && compare(it.version, last->version) > 0) last = &it;
    Version a = version, b = last->version;
    if (draft) a.pre.clear(), b.pre.clear();
    if (b.valid && compare(a, b) != 0)
      c.add("6.1.16", "/document/tracking/version",
            "the version " + version_text + " is not the latest revision's number " + last->number);
  }
  // 6.1.17: version 0, 0.y.z or a pre-release is a draft.
  if (version.valid && (version.major == 0 || !version.pre.empty()) && !draft)
    c.add("6.1.17", "/document/tracking/status", "version " + version_text + " needs the document status draft");
  bool released = status == "final" || status == "interim";
  for (const auto& it : items) {
    // 6.1.18: a released document's history has no version 0 or 0.y.z.
    if (released && it.version.valid && it.version.major == 0)
      c.add("6.1.18", hp(it.index), "a " + status + " document's revision history has version " + it.number);
    // 6.1.19: no pre-release versions in the history.
    if (it.version.valid && !it.version.pre.empty())
      c.add("6.1.19", hp(it.index), "revision " + it.number + " is a pre-release version");
  }
  // 6.1.20: a released document's version is no pre-release.
  if (released && version.valid && !version.pre.empty())
    c.add("6.1.20", "/document/tracking/version", "a " + status + " document's version must not be a pre-release");

  // 6.1.21: sorted by date, (major) versions start at 0 or 1 and skip none.
  if (!by_date.empty() && !(any_int && any_sem)) {
    std::vector<std::int64_t> majors;
    for (const auto& it : by_date)
      if (it.version.valid) majors.push_back(it.version.major);
    std::sort(majors.begin(), majors.end());
    if (!majors.empty() && majors.front() > 1)
      c.add("6.1.21", hp(by_date.front().index), "the revision history does not start at version 0 or 1");
    for (std::size_t i = 1; i < majors.size(); ++i)
      if (majors[i] > majors[i - 1] + 1) {
        c.add("6.1.21", "/document/tracking/revision_history",
              "the revision history misses version " + std::to_string(majors[i - 1] + 1));
        break;
      }
  }
  // 6.1.22: each number once.
  std::set<std::string> numbers;
  for (const auto& it : items)
    if (!numbers.insert(it.number).second)
      c.add("6.1.22", hp(it.index), "revision number " + it.number + " appears more than once");
}

// ---- document-level rules ----

std::string squash(std::string s) {
  std::string out;
  for (char ch : s)
    if (ch != '-' && ch != '_' && !std::isspace(static_cast<unsigned char>(ch)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

const std::set<std::string>& profile_categories() {
  static const std::set<std::string> s{"csaf_base", "csaf_security_incident_response", "csaf_informational_advisory",
                                       "csaf_security_advisory", "csaf_vex"};
  return s;
}

void check_category(const std::string& category, Collector& c) {
  if (profile_categories().count(category)) return;
  std::string sq = squash(category);
  static const std::set<std::string> prohibited{"securityincidentresponse", "informationaladvisory", "securityadvisory",
                                                "vex", "csafsecurityincidentresponse", "csafinformationaladvisory",
                                                "csafsecurityadvisory", "csafvex"};
  if (prohibited.count(sq) || lower(category).rfind("csaf_", 0) == 0)
    c.add("6.1.26", "/document/category", "the category '" + category + "' is reserved for a CSAF profile");
}

bool has(const json& j, std::string_view key) {
  const json* m = member(j, key);
  return m && !(m->is_array() && m->empty());
}

void check_profiles(const json& doc, const std::string& category, Collector& c) {
  const json* document = member(doc, "document");
  bool sir = category == "csaf_security_incident_response", info = category == "csaf_informational_advisory";
  bool sa = category == "csaf_security_advisory", vex = category == "csaf_vex";
  if (sir || info) {
    bool note = false;
    for (const json& n : array_or_empty(*document, "notes")) {
      std::string cat = string_of(n, "category");
      note = note || cat == "description" || cat == "details" || cat == "general" || cat == "summary";
    }
    if (!note) c.add("6.1.27.1", "/document/notes", "a " + category + " needs a note of category description, details, general or summary");
    bool external = false;
    for (const json& r : array_or_empty(*document, "references")) external = external || string_of(r, "category") == "external";
    if (!external) c.add("6.1.27.2", "/document/references", "a " + category + " needs an external reference");
  }
  if (info && member(doc, "vulnerabilities"))
    c.add("6.1.27.3", "/vulnerabilities", "an informational advisory has no vulnerabilities");
  if ((sa || vex) && !member(doc, "product_tree"))
    c.add("6.1.27.4", "/product_tree", "a " + category + " needs a product tree");
  if ((sa || vex) && !member(doc, "vulnerabilities"))
    c.add("6.1.27.11", "/vulnerabilities", "a " + category + " needs vulnerabilities");
  if (!(sa || vex)) return;
  auto groups = group_members(doc);
  const json& vulns = array_or_empty(doc, "vulnerabilities");
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    std::string vp = ptr("/vulnerabilities", v);
    if (!member(vulns[v], "notes")) c.add("6.1.27.5", ptr(vp, "notes"), "each vulnerability needs notes");
    const json* ps = member(vulns[v], "product_status");
    if (sa && !ps) c.add("6.1.27.6", ptr(vp, "product_status"), "each vulnerability needs a product status");
    if (!vex) continue;
    if (!ps || !(has(*ps, "fixed") || has(*ps, "known_affected") || has(*ps, "known_not_affected") ||
                 has(*ps, "under_investigation")))
      c.add("6.1.27.7", ptr(vp, "product_status"),
            "a VEX vulnerability needs fixed, known_affected, known_not_affected or under_investigation");
    if (!member(vulns[v], "cve") && !member(vulns[v], "ids"))
      c.add("6.1.27.8", vp, "a VEX vulnerability needs a cve or ids");
    if (!ps) continue;
    std::set<std::string> impact, action;
    for (const json& f : array_or_empty(vulns[v], "flags")) {
      auto p = products_of(f, groups);
      impact.insert(p.begin(), p.end());
    }
    for (const json& t : array_or_empty(vulns[v], "threats"))
      if (string_of(t, "category") == "impact") {
        auto p = products_of(t, groups);
        impact.insert(p.begin(), p.end());
      }
    for (const json& r : array_or_empty(vulns[v], "remediations")) {
      auto p = products_of(r, groups);
      action.insert(p.begin(), p.end());
    }
    const json& kna = array_or_empty(*ps, "known_not_affected");
    for (std::size_t i = 0; i < kna.size(); ++i)
      if (kna[i].is_string() && !impact.count(kna[i].get<std::string>()))
        c.add("6.1.27.9", ptr(ptr(ptr(vp, "product_status"), "known_not_affected"), i),
              "known_not_affected product '" + kna[i].get<std::string>() + "' has no impact statement");
    const json& ka = array_or_empty(*ps, "known_affected");
    for (std::size_t i = 0; i < ka.size(); ++i)
      if (ka[i].is_string() && !action.count(ka[i].get<std::string>()))
        c.add("6.1.27.10", ptr(ptr(ptr(vp, "product_status"), "known_affected"), i),
              "known_affected product '" + ka[i].get<std::string>() + "' has no action statement (remediation)");
  }
}

void check_vulnerability_lists(const json& doc, Collector& c) {
  auto groups = group_members(doc);
  std::map<std::string, std::string> cves;
  const json& vulns = array_or_empty(doc, "vulnerabilities");
  for (std::size_t v = 0; v < vulns.size(); ++v) {
    std::string vp = ptr("/vulnerabilities", v);
    // 6.1.23: one CVE, one vulnerability.
    if (const json* cve = member(vulns[v], "cve"); cve && cve->is_string()) {
      auto [it, inserted] = cves.emplace(cve->get<std::string>(), vp);
      if (!inserted) c.add("6.1.23", ptr(vp, "cve"), cve->get<std::string>() + " is also used at " + it->second);
    }
    // 6.1.24: each (party, date) once among the involvements.
    std::set<std::pair<std::string, std::string>> involvements;
    const json& inv = array_or_empty(vulns[v], "involvements");
    for (std::size_t i = 0; i < inv.size(); ++i) {
      std::string date = string_of(inv[i], "date");
      if (auto t = parse_timestamp(date); t.ok()) date = format_timestamp(*t);
      if (!involvements.insert({string_of(inv[i], "party"), date}).second)
        c.add("6.1.24", ptr(ptr(vp, "involvements"), i), "the same party and date appear twice in the involvements");
    }
    // 6.1.29: a remediation names products.
    const json& rem = array_or_empty(vulns[v], "remediations");
    for (std::size_t i = 0; i < rem.size(); ++i)
      if (!member(rem[i], "product_ids") && !member(rem[i], "group_ids"))
        c.add("6.1.29", ptr(ptr(vp, "remediations"), i), "a remediation must name product_ids or group_ids");
    // 6.1.32 and 6.1.33: a flag names products, and each product has one flag.
    std::map<std::string, std::string> flagged;
    const json& flags = array_or_empty(vulns[v], "flags");
    for (std::size_t i = 0; i < flags.size(); ++i) {
      std::string fp = ptr(ptr(vp, "flags"), i);
      if (!member(flags[i], "product_ids") && !member(flags[i], "group_ids"))
        c.add("6.1.32", fp, "a flag must name product_ids or group_ids");
      for (const auto& p : products_of(flags[i], groups)) {
        auto [it, inserted] = flagged.emplace(p, fp);
        if (!inserted) c.add("6.1.33", fp, "product '" + p + "' already has a flag at " + it->second);
      }
    }
  }
}

// 6.1.31: a product_version branch names one version, not a range.
void check_branch_name(const json& branch, const std::string& path, Collector& c) {
  if (string_of(branch, "category") != "product_version") return;
  std::string name = string_of(branch, "name");
  bool range = name.find('<') != std::string::npos || name.find('>') != std::string::npos;
  static const std::set<std::string> words{"after", "all", "before", "earlier", "later", "prior", "versions"};
  std::string word;
  for (std::size_t i = 0; i <= name.size() && !range; ++i) {
    if (i == name.size() || std::isspace(static_cast<unsigned char>(name[i]))) {
      range = words.count(lower(word)) > 0;
      word.clear();
    } else {
      word += name[i];
    }
  }
  if (range)
    c.add("6.1.31", ptr(path, "name"), "the product_version '" + name + "' is a range (use product_version_range)");
}

}  // namespace

std::vector<CsafProblem> csaf_mandatory_problems(const json& doc) {
  Collector c;
  if (!doc.is_object()) {
    c.add("schema", "", "a CSAF document is a JSON object");
    return std::move(c).take();
  }
  check_product_ids(doc, c);
  check_group_ids(doc, c);
  check_product_status(doc, c);
  check_scores(doc, c);
  check_cwe(doc, c);
  each_product(doc, [&](const json& p, const std::string& path) { purls_in(p, path, c); },
               [&](const json& b, const std::string& path) { check_branch_name(b, path, c); });
  check_tracking(doc, c);
  const json* document = member(doc, "document");
  std::string category = document ? string_of(*document, "category") : "";
  if (document) {
    check_category(category, c);
    // 6.1.15: a translator's document says what it translated from.
    const json* publisher = member(*document, "publisher");
    if (publisher && string_of(*publisher, "category") == "translator" && !member(*document, "source_lang"))
      c.add("6.1.15", "/document/source_lang", "a translator's document needs source_lang");
    // 6.1.28: a translation is into another language.
    std::string lang = lower(string_of(*document, "lang")), source = lower(string_of(*document, "source_lang"));
    if (!lang.empty() && lang == source)
      c.add("6.1.28", "/document/source_lang", "source_lang equals lang: a translation is into another language");
    check_profiles(doc, category, c);
  }
  check_vulnerability_lists(doc, c);
  auto out = std::move(c).take();
  // Rule order ("6.1.2" before "6.1.10"), then document order.
  auto key = [](const std::string& rule) {
    std::vector<int> parts;
    std::size_t start = 0;
    while (start < rule.size()) {
      auto dot = rule.find('.', start);
      std::string p = rule.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      parts.push_back(all_digits(p) ? std::stoi(p) : 0);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return parts;
  };
  std::stable_sort(out.begin(), out.end(), [&](const CsafProblem& a, const CsafProblem& b) { return key(a.rule) < key(b.rule); });
  return out;
}

}  // namespace loudong::formats
