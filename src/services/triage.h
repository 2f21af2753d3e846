// Triage of reports by intake staff: list, read, move through the report
// states, and talk to the finder. Accepting opens a case; marking a
// duplicate joins the report to an existing case.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/common.h"

namespace loudong::services {

struct ReportTransition {
  domain::ReportState to = domain::ReportState::triage;
  std::string reason;
  std::optional<domain::Id> case_id;  // for duplicate
  // For accepted: the new case's title (defaults to the report's).
  std::string case_title;
};

struct Confidential {
  std::string verification;
  std::vector<domain::Attachment> attachments;  // without content
};

class Triage {
 public:
  explicit Triage(Context& ctx) : ctx_(ctx) {}

  // Intake staff see all reports; anybody else only those they submitted.
  Result<store::Page<domain::Report>> list(const Caller& c, store::ReportFilter f);
  Result<domain::Report> get(const Caller& c, domain::Id id);
  // Proof of concept and attachment list; every call is in the access log.
  Result<Confidential> confidential(const Caller& c, domain::Id id);
  Result<domain::Attachment> attachment(const Caller& c, domain::Id report_id, domain::Id attachment_id);
  Result<std::vector<domain::Event>> timeline(const Caller& c, domain::Id id);
  Result<std::vector<domain::Message>> messages(const Caller& c, domain::Id id);

  // Returns the report after the transition (and the case id it joined or opened).
  Result<domain::Report> transition(const Caller& c, domain::Id id, const ReportTransition& t);
  Result<domain::Message> post_message(const Caller& c, domain::Id id, domain::Visibility v, const std::string& body);

  // Closes (as rejected) needs_info reports whose question went unanswered
  // for policy.needs_info_timeout, telling the finder why. Returns how many.
  Result<int> close_unanswered();

 private:
  Context& ctx_;
};

// A case's public reference: "LD-2026-000042" (year opened, id).
std::string case_ref(domain::Id id, Time now);

// The finder-acknowledgement clock stops at the first word to the finder.
Status stop_finder_ack(store::WriteTx& tx, domain::Id report_id, Time at, const std::string& note);

}  // namespace loudong::services
