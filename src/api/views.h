// JSON shapes of the API's responses (documented in openapi.json). Times are
// RFC 3339 in UTC; clocks also carry the deployment's local time and zone.
#pragma once

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "services/accounts.h"
#include "services/cases.h"
#include "services/intake.h"
#include "services/receipt_log.h"

namespace loudong::api {

using nlohmann::json;

json error_json(const Error& e);
json time_json(const std::optional<Time>& t);
json org_json(const domain::Organisation& o);
json user_json(const domain::User& u, const std::vector<domain::Membership>& ms);
json token_json(const domain::ApiToken& t);
json product_json(const domain::Product& p);
json report_json(const domain::Report& r);
json attachment_json(const domain::Attachment& a);
json case_summary_json(const domain::Case& c);
json case_detail_json(const services::CaseDetail& d, const Time& now, const TimeZone& zone);
json clock_json(const domain::ClockView& v, Time now, const TimeZone& zone);
json event_json(const domain::Event& e);
json message_json(const domain::Message& m);
json regulatory_json(const domain::RegulatoryReport& r);
json upstream_json(const domain::UpstreamNotice& n);
json user_notice_json(const domain::UserNotice& n);
json consent_json(const domain::PublicationConsent& k);
json receipt_json(const domain::ReceiptRecord& r);
json verify_json(const services::VerifyResult& v);
json tracking_json(const services::TrackingView& v);
// A case's stored grade basis as {code, params, en, zh}; null when none.
json grade_basis_json(const std::string& stored);

template <class T, class F>
json page_json(const store::Page<T>& p, F item) {
  json items = json::array();
  for (const auto& x : p.items) items.push_back(item(x));
  json out{{"items", items}, {"next_cursor", p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor)}};
  if (p.total >= 0) out["total"] = p.total;
  if (p.total >= 0 && p.total_capped) out["total_capped"] = true;  // more than `total` match
  return out;
}

}  // namespace loudong::api
