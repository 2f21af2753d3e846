// Small helpers shared by the services: timeline events, access log
// entries, and the visibility checks that turn into 404s.
#pragma once

#include <string>

#include "domain/access.h"
#include "domain/entities.h"
#include "services/context.h"
#include "store/store.h"

namespace loudong::services {

// Who did something, for the timeline and the access log.
struct Caller {
  domain::Actor actor;
  std::string request_id;
  std::string remote_address;
};

std::string actor_name(const domain::Actor& a);

Result<domain::Id> add_event(store::WriteTx& tx, const Caller& c, Time at, std::string subject_type, domain::Id id,
                             std::string kind, std::string from = "", std::string to = "", std::string reason = "",
                             std::string data_json = "");

Result<domain::Id> log_access(store::WriteTx& tx, const Caller& c, Time at, std::string action, std::string object_type,
                              domain::Id id, std::string detail = "");

// The parties of a case, for access decisions.
Result<domain::CaseParties> case_parties(store::ReadTx& tx, const domain::Case& c);

// Loads a case the caller may see, or answers not_found (never revealing
// that it exists).
Result<std::pair<domain::Case, domain::CaseParties>> visible_case(store::ReadTx& tx, const domain::Actor& a,
                                                                  domain::Id id);

// A lookup's failure as the caller is to see it: not_found named after the
// object asked for (whatever the lookup did not find stays unsaid); any
// other failure (the store's) as it is, never disguised as "not found".
Error hidden_as(const std::string& what, Error e);

// Trims and checks a free-text field: required or not, at most `max` bytes,
// valid UTF-8, no control characters but tab and line breaks (core/text.h;
// CR LF is returned as LF). Adds a FieldError to `e` on failure.
std::string clean_text(const std::string& v, const char* field, std::size_t max, bool required, Error& e);

// A loose shape check of an email address: something@domain.tld, no
// whitespace or angle brackets. Delivery is the real check.
bool plausible_email(const std::string& s);

// A JSON string literal for `s` (quoted and escaped), for event data.
std::string quote_json(const std::string& s);

// Display names for views: Report::submitter_name (callers decide who may
// see it) and RegulatoryReport::submitted_by_name, from the users table.
Status fill_submitter_names(store::ReadTx& tx, std::vector<domain::Report>& reports);
Status fill_submitted_by_name(store::ReadTx& tx, domain::RegulatoryReport& r);

// The organisations an actor belongs to (for participant filters), or
// nullopt for intake staff, who see everything.
std::optional<std::vector<domain::Id>> visible_orgs(const domain::Actor& a);

}  // namespace loudong::services
