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

class Filings {
 public:
  explicit Filings(Context& ctx) : ctx_(ctx) {}

  // A draft prefilled from the case, then the overrides.
  Result<domain::RegulatoryReport> draft(const Caller& c, domain::Id case_id, const RegulatoryFields& overrides);
  Result<domain::RegulatoryReport> get(const Caller& c, domain::Id id);
  // Only drafts and returned reports can be edited.
  Result<domain::RegulatoryReport> edit(const Caller& c, domain::Id id, const RegulatoryFields& f);
  Result<domain::RegulatoryReport> submit(const Caller& c, domain::Id id, const Submission& s);
  Result<domain::RegulatoryReport> acknowledge(const Caller& c, domain::Id id, bool returned, const std::string& note);

  Result<domain::UpstreamNotice> upstream_notice(const Caller& c, domain::Id case_id, const UpstreamNoticeInput& in);
  Result<domain::UserNotice> user_notice(const Caller& c, domain::Id case_id, const UserNoticeInput& in);

 private:
  Result<std::pair<domain::RegulatoryReport, domain::Case>> load(store::ReadTx& tx, const Caller& c, domain::Id id);
  Context& ctx_;
};

}  // namespace loudong::services
