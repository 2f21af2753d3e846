#include "domain/gates.h"

namespace loudong::domain {

std::vector<GateFailure> check_publication(const PublicationFacts& f, Time now) {
  std::vector<GateFailure> out;
  if (!f.fix_or_mitigation_recorded && !f.early_release_assessed)
    out.push_back({"fix_first", "R-PUB-1",
                   "no fix or mitigation is recorded, and no early-release joint assessment with MIIT and MPS"});
  if (f.operator_system)
    out.push_back({"no_operator_details", "R-PUB-2",
                   "the case is about a system an operator is using; its details are never published"});
  if (f.exploit_in_public_text)
    out.push_back({"no_exploit", "R-PUB-4", "proof of concept or exploit code would reach the public text"});
  if (!f.mps_consent)
    for (const auto& b : f.blackouts)
      if (now >= b.start && now < b.end)
        out.push_back({"blackout", "R-PUB-6", "inside the blackout period \"" + b.name + "\" without MPS consent"});
  for (const auto& r : f.foreign_recipients)
    out.push_back({"no_foreign_recipient", "R-PUB-7",
                   "unpublished details would reach a foreign recipient other than the provider: " + r});
  if (!f.published_grade_matches)
    out.push_back({"honest_grade", "R-PUB-3", "the published grade differs from the assessed grade"});
  return out;
}

}  // namespace loudong::domain
