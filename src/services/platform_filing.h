// The platform filing (备案, R-FILING; domain/platform_filing.h) as the
// host organisation's administrators keep it, and as the public sees it.
// Not the per-case regulatory report (services/filings.h).
//
// Who: platform admins and admins of the host organisation read and edit;
// host auditors read. Everyone else: not_found. The host's ID number is
// sealed at rest and never shown again (views carry it masked); attachments
// are sealed, and every download is in the access log.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/platform_filing.h"
#include "services/common.h"
#include "services/intake.h"

namespace loudong::services {

struct PlatformFilingView {
  domain::PlatformFiling filing;  // fields.host_id_number empty
  std::string host_id_masked;     // "9135**********0Y43", or "" when none stored
  std::vector<domain::FilingAttachment> attachments;  // without content
  std::vector<domain::Event> history;                 // oldest first
  std::vector<domain::FilingStatus> next;             // allowed steps
  std::vector<FieldError> missing;                    // what filing still needs (empty: complete)
  bool can_edit = false;
};

// A step: filed (filing_number, date), change_filed (date), cancelled (date, reason).
struct FilingStep {
  std::string to;
  std::string filing_number;
  std::string date;  // YYYY-MM-DD, not in the future
  std::string reason;
};

bool can_edit_platform_filing(const domain::Actor& a);
bool can_read_platform_filing(const domain::Actor& a);

class PlatformFilings {
 public:
  explicit PlatformFilings(Context& ctx) : ctx_(ctx) {}

  // nullopt: nothing recorded yet.
  Result<std::optional<PlatformFilingView>> get(const Caller& c);
  // Creates the record (as a draft) or replaces its fields. Without
  // `host_id_given` the stored ID number stays. A filed record's edit marks
  // a change to file (change_filed). Cancelled: conflict.
  Result<PlatformFilingView> save(const Caller& c, domain::FilingFields in, bool host_id_given);
  Result<PlatformFilingView> step(const Caller& c, const FilingStep& s);
  // kind: mlps_proof or commitment_letter. Size limit as report attachments.
  Result<PlatformFilingView> attach(const Caller& c, const std::string& kind, const AttachmentInput& in);
  // The attachment with its content unsealed (content_sealed holds the bytes).
  Result<domain::FilingAttachment> attachment(const Caller& c, domain::Id id);
  // The record in force (filed or change_filed), for the public portal and intake.
  Result<std::optional<domain::PlatformFiling>> in_force();

 private:
  Result<PlatformFilingView> view_of(store::ReadTx& tx, const Caller& c, const domain::PlatformFiling& f);
  Context& ctx_;
};

// The intake gate's inputs from the store (inside the intake transaction).
Result<domain::IntakeGateInput> intake_gate_input(store::ReadTx& tx, const domain::Policy& policy,
                                                  const domain::Actor& submitter);

}  // namespace loudong::services
