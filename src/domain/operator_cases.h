// Operator cases (R-OPERATOR, Art. 8): an operator organisation records a
// vulnerability in a system it runs, verifies and fixes it with the fix
// clock. Such a case is always about a system in use (Case::operator_system),
// so the no_operator_details gate (R-PUB-2) refuses it everywhere. The
// operator also tracks which of its assets a provider's advisory touches
// (asset exposures).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/types.h"

namespace loudong::domain {

// Where the flaw is in the operator's estate. Confidential: stored sealed,
// read only by the operator's members and authority officers taking part.
struct OperatorDetails {
  std::string asset;     // system name or identifier
  std::string location;  // site, network zone, address
  std::string owner;     // responsible person or department
};

// The stored row: one per operator case.
struct OperatorCase {
  Id case_id = 0;
  Id operator_org = 0;
  std::string details_sealed;  // OperatorDetails as JSON, sealed by the service
  Time created_at{};
  Time updated_at{};
};

enum class ExposureStatus { affected, patched, not_affected };

// One of the operator's assets against a provider's published advisory (or
// a case it can see), with what the operator found.
struct AssetExposure {
  Id id = 0;
  Id operator_org = 0;
  std::string advisory_ref;      // "LD-SA-2026-000042", or a case ref "LD-2026-000042"
  std::optional<Id> case_id;     // set when advisory_ref names a case
  std::string asset;              // clear only in memory: stored in details_sealed
  ExposureStatus status = ExposureStatus::affected;
  std::string note;               // likewise
  std::string details_sealed;     // {"asset","note"} as JSON, sealed by the service
  std::optional<Id> updated_by;
  Time created_at{};
  Time updated_at{};
};

// The details as the JSON text that is sealed, and back. A text that is no
// such object (a damaged row) is an internal error naming the case.
std::string operator_details_json(const OperatorDetails& d);
Result<OperatorDetails> operator_details_from_json(const std::string& text, Id case_id);

// An exposure's asset and note as the JSON text that is sealed, and back
// into `x` (a damaged text is an internal error naming the exposure).
std::string exposure_details_json(const AssetExposure& x);
Status exposure_details_from_json(const std::string& text, AssetExposure& x);

}  // namespace loudong::domain

LD_ENUM_NAMES(loudong::domain::ExposureStatus, "affected", "patched", "not_affected");
