// Intake (R-INTAKE, R-DESCRIBE, R-RECEIPT-LOG): reports from finders, signed
// in or anonymous, and the finder's view of their report by tracking id and
// secret token.
//
// A report, its attachments, its receipt record and its first clocks are
// written in one transaction: a report is never stored without its receipt,
// and a receipt never without its report.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "services/common.h"

namespace loudong::services {

struct AttachmentInput {
  std::string filename;
  std::string content_type;
  std::string content;  // decoded bytes
};

struct ReportInput {
  std::string title;
  std::optional<domain::Id> product_id;
  std::string product_text;
  std::string product_version;
  std::string vuln_type;
  std::string cwe;        // "CWE-79" or "79"
  std::string gbt_class;  // GB/T 30279 class code
  std::string location;
  std::string trigger_conditions;
  std::string impact;
  std::string verification;  // proof of concept / steps: confidential
  std::string discovered_on;  // YYYY-MM-DD
  bool already_public = false;
  bool exploited = false;
  std::string disclosure_plans;
  std::string contact_email;
  std::string contact_name;
  std::vector<AttachmentInput> attachments;
};

// How it arrived, for the receipt record.
struct ReceiptMeta {
  domain::Channel channel = domain::Channel::web;
  std::string source_address;
  std::string raw_content;  // exactly as received; its SHA-256 goes into the receipt
};

struct Submitted {
  domain::Report report;
  std::string tracking_token;  // shown once
  domain::ReceiptRecord receipt;
};

struct TrackingView {
  domain::Report report;
  std::optional<domain::Case> case_;  // when accepted or joined
  std::vector<domain::Message> messages;  // only those meant for the finder
};

class Intake {
 public:
  explicit Intake(Context& ctx) : ctx_(ctx) {}

  // `also` runs inside the report's transaction once the report, its
  // receipt and clocks are written (the email channel queues the sender's
  // acknowledgement there): if it fails, nothing is stored.
  using AlsoInTx = std::function<Status(store::WriteTx&, const Submitted&)>;
  Result<Submitted> submit(const Caller& c, const ReportInput& in, const ReceiptMeta& meta, const AlsoInTx& also = {});
  // Unknown id or wrong token: the same not_found.
  Result<TrackingView> track(const std::string& tracking_id, const std::string& token);
  // A finder's answer. Moves a needs_info report back to triage.
  Result<domain::Message> reply(const std::string& tracking_id, const std::string& token, const std::string& body,
                                const ReceiptMeta& meta);

  // The same for a signed-in submitter, without the token ("my reports"):
  // only the caller's own reports, whatever their roles; another's report
  // is not_found.
  Result<store::Page<domain::Report>> own_reports(const Caller& c, store::ReportFilter f);
  Result<TrackingView> track_own(const Caller& c, domain::Id report_id);
  Result<domain::Message> reply_own(const Caller& c, domain::Id report_id, const std::string& body,
                                    const ReceiptMeta& meta);

 private:
  Result<domain::Report> authenticate_tracking(store::ReadTx& tx, const std::string& id, const std::string& token);
  Result<domain::Report> own_report(store::ReadTx& tx, const Caller& c, domain::Id id);
  Result<TrackingView> tracking_view(store::ReadTx& tx, domain::Report r);
  Result<domain::Message> reply_to(const std::string& body, const ReceiptMeta& meta,
                                   const std::function<Result<domain::Report>(store::ReadTx&)>& find);
  Context& ctx_;
};

// Appends a receipt record for `subject` to the chain inside `tx`;
// `stored_sha256` is the hash of what is stored from it, when verify can
// recompute it (domain::report_content_hash for a report).
Result<domain::ReceiptRecord> append_receipt(store::WriteTx& tx, Time at, const ReceiptMeta& meta,
                                             const std::string& submitter, const std::string& subject,
                                             const std::string& stored_sha256 = "");

// Messages a finder may read: finder and all visibilities.
bool visible_to_finder(domain::Visibility v);

}  // namespace loudong::services
