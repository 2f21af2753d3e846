// The provider's duties on a case: the regulatory report to MIIT
// (R-REPORT-2D), the upstream notice (R-UPSTREAM) and user notices
// (R-FIX-NOTIFY). Each recorded filing stops its clock.
#pragma once

#include <optional>
#include <string>

#include "services/common.h"

namespace loudong::services {

// Fields a person may edit on a draft; unset ones stay as they are.
struct RegulatoryFields {
  std::optional<std::string> authority, product_name, product_model, product_version, technical_characteristics, harm,
      scope, provider_name, contact_name, contact_phone, contact_email, measures;
};

struct Submission {
  std::string channel;    // "nvdb-web", "api", "email", "federation", ...
  std::string reference;  // the authority's reference
  std::optional<Time> submitted_at;  // defaults to now; never in the future
};

struct UpstreamNoticeInput {
  std::string upstream_provider;
  std::optional<domain::Id> upstream_org;
  std::string component;
  std::optional<Time> notified_at;
  std::string method;
  std::string evidence;
};

struct UserNoticeInput {
  std::string customer;
  std::string contact;
  std::optional<Time> notified_at;
  std::string method;
  std::string evidence;
};

// The advisory's words for customers (R-FIX-NOTIFY): the risk and the fix.
struct UserNoticeText {
  std::string risk_zh, risk_en, fix_zh, fix_en;
};

class Filings {
 public:
  explicit Filings(Context& ctx) : ctx_(ctx) {}

  // A draft prefilled from the case, then the overrides.
  Result<domain::RegulatoryReport> draft(const Caller& c, domain::Id case_id, const RegulatoryFields& overrides);
  Result<domain::RegulatoryReport> get(const Caller& c, domain::Id id);
  // The report as a document for channels outside loudong (Art. 7(2)):
  // formats::regulatory_report_json or, with `html`, the printable Chinese
  // page. Whoever may read the report may export it; each export is
  // access-logged ("export"). not_found for a report the caller cannot see.
  Result<std::string> exported(const Caller& c, domain::Id id, bool html);
  // Only drafts and returned reports can be edited.
  Result<domain::RegulatoryReport> edit(const Caller& c, domain::Id id, const RegulatoryFields& f);
  Result<domain::RegulatoryReport> submit(const Caller& c, domain::Id id, const Submission& s);
  Result<domain::RegulatoryReport> acknowledge(const Caller& c, domain::Id id, bool returned, const std::string& note);

  Result<domain::UpstreamNotice> upstream_notice(const Caller& c, domain::Id case_id, const UpstreamNoticeInput& in);
  Result<domain::UserNotice> user_notice(const Caller& c, domain::Id case_id, const UserNoticeInput& in);
  // Emails each customer of the case's product that has an email contact
  // and was not told yet. Each delivered email records its user notice
  // (method email, evidence the Message-ID); the clock stops when all are
  // told. Returns how many emails were queued.
  Result<int> send_user_notices(const Caller& c, domain::Id case_id, const UserNoticeText& text);

 private:
  Result<std::pair<domain::RegulatoryReport, domain::Case>> load(store::ReadTx& tx, const Caller& c, domain::Id id);
  Context& ctx_;
};

// Stops the case's running clock of `kind` at `at`, noting why (a filing,
// a notice, a peer's receipt).
Status stop_clock(store::WriteTx& tx, domain::Id case_id, domain::ClockKind kind, Time at, const std::string& note);

// Stores a user notice and stops the user-notice clock once every customer
// of the case's product has one.
Status record_user_notice(store::WriteTx& tx, const domain::Case& cs, domain::UserNotice& n);

}  // namespace loudong::services
