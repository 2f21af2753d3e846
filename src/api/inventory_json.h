// JSON of inventory answers: scan results, findings, impact. One shape for
// the API (routes_inventory.cpp, where these are defined) and the CLI's
// --format json, so a script can switch between them. Keys are stable;
// new keys may be added, none renamed or removed.
#pragma once

#include <nlohmann/json.hpp>

#include "services/inventory.h"

namespace loudong::api {

// {"source":"advisory","advisory_id","aliases":[...],"summary"} or
// {"source":"case","case_id"}, plus "component":{purl,ecosystem,name,
// version}, "verdict" ("affected" | "unknown"), "reason" (the range that
// holds the version, or why it could not be decided), "grade" ("critical",
// "high", "medium", "low" or null when the source carries no grade).
// `components` is the list f.component indexes.
nlohmann::json finding_json(const match::Finding& f, const std::vector<match::ComponentRef>& components);

// Counts over findings: {"affected","unknown","by_grade":{"critical",
// "high","medium","low","ungraded"}} (by_grade counts affected findings).
nlohmann::json findings_summary_json(const std::vector<match::Finding>& findings);

// {"format","spec_version","components","unmatched","summary","findings",
// "warnings"}.
nlohmann::json scan_json(const services::ScanResult& r);

// {"query","product_versions","items":[{product_id,product_name,
// provider_org,version,component:{purl,version},verdict,reason,customers}]}.
nlohmann::json impact_json(const services::ImpactResult& r);

}  // namespace loudong::api
