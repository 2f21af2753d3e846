// The advisory (domain/advisory.h) as JSON: one shape for the stored working
// copy, the published snapshots and the API's views, so what the public
// reads is exactly what was published. Times are RFC 3339 UTC strings.
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "domain/advisory.h"

namespace loudong::domain {

nlohmann::json advisory_to_json(const Advisory& a);
// Reads what advisory_to_json wrote (missing members keep their defaults);
// fails naming the member on a wrong type or an unknown enum value.
Result<Advisory> advisory_from_json(const nlohmann::json& j);

}  // namespace loudong::domain
