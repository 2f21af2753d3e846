// The regulatory report to MIIT's sharing platform (R-REPORT-2D, Art. 7(2)):
// product name, model, version, technical characteristics, harm and scope,
// plus the provider, a contact and the measures taken.
#pragma once

#include <optional>
#include <vector>

#include "core/result.h"
#include "domain/entities.h"

namespace loudong::domain {

inline constexpr const char* kDefaultAuthority = "MIIT-NVDB";

// Prefills a draft from what the case knows. Pure; fields the case cannot
// fill stay empty for a person to complete.
RegulatoryReport draft_regulatory_report(const Case& c, const std::optional<Product>& product,
                                         const std::vector<Report>& reports,
                                         const std::optional<Organisation>& provider, const User& author, Time now);

// Before submission every Art. 7(2) field and a contact must be filled;
// fails naming each empty field.
Status check_submittable(const RegulatoryReport& r);

}  // namespace loudong::domain
