// Operator cases (R-OPERATOR, Art. 8): an operator organisation records a
// vulnerability in a system it runs (asset, location, owner: sealed at rest),
// verifies and fixes it through the case's transitions and fix clock; and
// keeps its assets' exposure to providers' advisories. An operator case is
// never published or shared (R-PUB-2): refuse_operator_case is the check the
// outbound paths call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/operator_cases.h"
#include "services/common.h"

namespace loudong::services {

struct OperatorCaseInput {
  domain::Id operator_org = 0;
  std::string title;
  std::string summary;
  domain::OperatorDetails details;
};

struct OperatorDetailsView {
  domain::OperatorCase record;  // details_sealed cleared
  domain::OperatorDetails details;
};

struct ExposureInput {
  std::optional<std::string> advisory_ref;
  std::optional<std::string> asset;
  std::optional<std::string> status;
  std::optional<std::string> note;
};

// An exposure with what its ref names, as the operator may see it.
struct ExposureView {
  domain::AssetExposure exposure;
  std::string ref_kind;  // "advisory" or "case"
  std::string title;
};

class OperatorCases {
 public:
  explicit OperatorCases(Context& ctx) : ctx_(ctx) {}

  Result<domain::Case> create(const Caller& c, const OperatorCaseInput& in);
  // Reading the details is written to the access log.
  Result<OperatorDetailsView> details(const Caller& c, domain::Id case_id);
  Result<OperatorDetailsView> update_details(const Caller& c, domain::Id case_id, const domain::OperatorDetails& d);

  Result<std::vector<ExposureView>> exposures(const Caller& c, domain::Id operator_org);
  Result<ExposureView> add_exposure(const Caller& c, domain::Id operator_org, const ExposureInput& in);
  Result<ExposureView> update_exposure(const Caller& c, domain::Id id, const ExposureInput& in);
  Status delete_exposure(const Caller& c, domain::Id id);

 private:
  Context& ctx_;
};

// The no_operator_details gate (R-PUB-2) for a path carrying the case's
// details out (advisory export, federation, email): refused, named as
// publication refusals are, when the case is about an operator's system.
Status refuse_operator_case(const domain::Case& c);

// Seals the asset and note of exposures stored before they were sealed
// (SQLite migration 20, PostgreSQL 12), in batches; returns how many. Run at
// start, before serving; safe to run in several processes at once.
Result<int> seal_clear_exposures(Context& ctx);

}  // namespace loudong::services
