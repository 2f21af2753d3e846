// Cases: the vulnerability being handled. Reading, state transitions with
// their clock effects, assessment (CVSS, GB/T 30279), details, the message
// thread with per-message visibility, and the clocks.
#pragma once

#include <functional>

#include <optional>
#include <string>
#include <vector>

#include "assessment/grading.h"
#include "domain/clocks.h"
#include "domain/gates.h"
#include "services/common.h"

namespace loudong::services {

struct CaseDetail {
  domain::Case case_;
  domain::CaseParties parties;
  std::vector<domain::Report> reports;
  std::vector<domain::Event> timeline;
  std::vector<domain::Message> messages;  // only those the caller may read
  std::vector<domain::ClockView> clocks;
  std::vector<domain::RegulatoryReport> regulatory_reports;
  std::vector<domain::UpstreamNotice> upstream_notices;
  std::vector<domain::UserNotice> user_notices;
  std::vector<domain::PublicationConsent> consents;  // MPS consents and early-release assessments
  std::vector<domain::CaseState> allowed_transitions;  // for this caller
  std::optional<domain::Product> product;
  bool can_read_confidential = false;
  bool can_assess = false;
  bool can_file = false;
  bool can_propose_reward = false;  // the rule the rewards route applies (domain::can_propose_reward)
  bool can_read_operator_details = false;  // an operator case's asset, location, owner (operator_cases.h)
  bool show_submitters = false;  // the reports' submitters may be shown to this caller
};

struct AssessmentInput {
  std::optional<std::string> cwe;  // "CWE-79"; empty string clears
  std::optional<std::string> gbt_class;
  std::optional<std::string> cvss31_vector;
  std::optional<std::string> cvss40_vector;
  std::optional<assessment::GbtMetrics> gbt_metrics;
};

struct CaseUpdate {
  std::optional<std::string> title;
  std::optional<std::string> summary;
  std::optional<std::string> affected_versions;
  // The product decides the provider, who then sees the case: a change is
  // recorded as its own event, with a reason once the case had a product.
  std::optional<domain::Id> product_id;
  std::string product_reason;
  std::optional<bool> operator_system;
  std::optional<std::vector<std::string>> external_ids;
  std::optional<domain::Upstream> upstream;  // marks the flaw as an upstream component's (R-UPSTREAM)
  // The provider learned of it earlier than the first receipt (its own
  // finding, a call): only earlier, never later, with a reason. The running
  // 48-hour clock moves with it, so the deadline is the true one.
  std::optional<Time> aware_at;
  std::string aware_reason;
};

struct AtRiskClock {
  domain::ClockRecord record;
  domain::ClockView view;
  std::string subject_ref;  // case ref or report tracking id
  std::string title;
};

class Cases {
 public:
  explicit Cases(Context& ctx) : ctx_(ctx) {}

  Result<store::Page<domain::Case>> list(const Caller& c, store::CaseFilter f);
  Result<CaseDetail> get(const Caller& c, domain::Id id);
  Result<CaseDetail> transition(const Caller& c, domain::Id id, domain::CaseState to, const std::string& reason);
  Result<CaseDetail> assess(const Caller& c, domain::Id id, const AssessmentInput& in);
  Result<CaseDetail> update(const Caller& c, domain::Id id, const CaseUpdate& in);
  Result<domain::Message> post_message(const Caller& c, domain::Id id, domain::Visibility v, const std::string& body);
  Result<std::vector<domain::ClockView>> clocks(const Caller& c, domain::Id id);
  // Running clocks that are due_soon or overdue now (or only one of those
  // states), that the caller may see; soonest first.
  Result<std::vector<AtRiskClock>> at_risk(const Caller& c, std::optional<domain::ClockState> only, int limit);
  // Adds a participant organisation (intake staff only).
  Result<CaseDetail> add_participant(const Caller& c, domain::Id id, domain::Id org_id, const std::string& role);

 private:
  Result<CaseDetail> detail(store::ReadTx& tx, const Caller& c, domain::Id id);
  // Runs `change` and reads the case's detail in one write transaction.
  Result<CaseDetail> change_then_detail(const Caller& c, domain::Id id,
                                        const std::function<Status(store::WriteTx&)>& change);
  Context& ctx_;
};

}  // namespace loudong::services
