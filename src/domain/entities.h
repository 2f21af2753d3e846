// The product's records (design.md "Data") as plain values. The store reads
// and writes them; services build them; the domain rules above judge them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/grading.h"
#include "core/clock.h"
#include "domain/access.h"
#include "domain/types.h"

namespace loudong::domain {

struct Organisation {
  Id id = 0;
  std::string name;
  OrgType type = OrgType::provider;
  std::string region;  // ISO 3166-1 alpha-2, e.g. "CN"; decides R-PUB-7
  std::string contact_email;
  Time created_at{};
};

struct User {
  Id id = 0;
  std::string username;
  std::string display_name;
  std::string email;
  std::string password_hash;  // Argon2id encoded; never leaves the store layer in responses
  bool platform_admin = false;
  bool finder = false;        // an individual finder account (self-registered)
  bool disabled = false;
  Time created_at{};
};

// An organisation administrator's offer of a role to a person (issue 13,
// item 5): joining an organisation takes the person's own acceptance. Named
// by user name (the user sees it in their invitations) or by email (only
// the secret token, given once to the inviter to pass on, accepts it:
// emails are not verified, so an email match alone proves nothing).
struct Invitation {
  Id id = 0;
  Id org_id = 0;
  Role role = Role::member;
  std::string invitee_username;  // exactly one of these two is set
  std::string invitee_email;
  std::string token_hash;  // SHA-256 of the secret
  Id invited_by = 0;
  std::string state = "pending";  // pending, accepted, declined, revoked
  Time created_at{};
  Time expires_at{};
  std::optional<Time> decided_at;
  std::optional<Id> decided_by;  // who accepted, declined or revoked it
};

struct Session {
  std::string token_hash;  // SHA-256 of the cookie value; the value itself is never stored
  Id user_id = 0;
  std::string csrf_token;
  Time created_at{};
  Time expires_at{};
};

// A user's TOTP second factor (domain/second_factor.h). The secret is
// sealed at rest; recovery codes are kept apart, as SHA-256 hashes.
struct SecondFactor {
  Id user_id = 0;
  std::string secret_sealed;
  std::optional<Time> enabled_at;  // nullopt while the enrolment awaits its first code
  std::int64_t last_step = -1;     // the last time step whose code was taken
  Time created_at{};
};

struct ApiToken {
  Id id = 0;
  std::string name;
  std::string token_hash;  // SHA-256 of the secret
  std::string prefix;      // first characters, to recognise a token in lists
  Id user_id = 0;          // who created it; it acts with `scope` only
  Membership scope{};
  Time created_at{};
  Time expires_at{};
  std::optional<Time> revoked_at;
  std::optional<Time> last_used_at;
};

struct Customer {
  std::optional<Id> org_id;  // a downstream organisation on this deployment, if any
  std::string name;
  std::string contact;       // email or other contact
};

struct Product {
  Id id = 0;
  Id provider_org = 0;
  std::string name;
  std::string model;
  ProductKind kind = ProductKind::software;
  std::string platform;  // for apps and mini-programs (R-APPS): "android", "ios", "wechat", ...
  std::string app_id;         // apps: the package, bundle or mini-program id (domain/app_products.h)
  std::string store_version;  // apps: the version as the store lists it
  std::vector<std::string> versions;
  std::vector<std::string> purls;
  std::vector<std::string> cpes;
  std::vector<Customer> customers;
  Time created_at{};
  Time updated_at{};
};

// What a finder sent, as received (GB/T 28458 items). Never edited after
// receipt except its state and case link.
struct Report {
  Id id = 0;
  std::string tracking_id;          // public, e.g. "R-20261122-7K3QX2"
  std::string tracking_token_hash;  // SHA-256 of the finder's secret token
  ReportState state = ReportState::received;
  std::string title;
  std::optional<Id> product_id;
  std::string product_text;   // free text when no known product
  std::string product_version;
  std::string vuln_type;      // free text type as the finder saw it
  std::optional<int> cwe;
  std::string gbt_class;      // GB/T 30279 class code, if the finder chose one
  std::string location;       // URL, file, function, interface
  std::string trigger_conditions;
  std::string impact;
  std::string verification_sealed;  // proof of concept / steps: sealed at rest
  std::optional<std::string> discovered_on;  // YYYY-MM-DD
  bool already_public = false;
  bool exploited = false;
  std::string disclosure_plans;
  std::optional<Id> submitter_user_id;
  std::string submitter_name;  // not stored: filled on read for views, for those who may see it
  std::string contact_email;
  std::string contact_name;
  Channel channel = Channel::web;
  std::string source_address;
  std::optional<Id> case_id;
  std::int64_t receipt_seq = 0;
  Time received_at{};
  Time updated_at{};
};

struct Attachment {
  Id id = 0;
  Id report_id = 0;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::string content_sealed;
  Time created_at{};
};

struct Assessment {
  std::optional<int> cwe;
  std::string gbt_class;
  std::string cvss31_vector;
  std::optional<double> cvss31_score;
  std::string cvss40_vector;
  std::optional<double> cvss40_score;
  std::optional<assessment::Grade> grade;
  std::string grade_source;  // "derived_from_cvss" | "official_table" | ""
  std::string grade_basis;
};

struct Upstream {
  std::string component;      // purl or name of the flawed upstream component
  std::optional<Id> provider_org;
  std::string provider_name;  // when the provider is not on this deployment
};

struct Case {
  Id id = 0;
  std::string ref;  // public reference, e.g. "LD-2026-000042"
  std::string title;
  std::string summary;
  CaseState state = CaseState::verifying;
  std::optional<Id> product_id;
  std::optional<Id> provider_org;
  std::string affected_versions;
  bool operator_system = false;  // about a system an operator runs (R-PUB-2)
  Assessment assessment;
  std::optional<Upstream> upstream;
  std::vector<std::string> external_ids;  // CVE-..., CNVD-..., CNNVD-..., NVDB ids
  Time aware_at{};                        // provider learned of it: earliest receipt
  Time created_at{};
  Time updated_at{};
};

struct Event {
  Id id = 0;
  std::string subject_type;  // "report" | "case"
  Id subject_id = 0;
  Time at{};
  std::optional<Id> actor_user_id;
  std::string actor_name;
  std::string kind;  // "transition", "assessment", "message", "regulatory_report.submitted", ...
  std::string from_state;
  std::string to_state;
  std::string reason;
  std::string data_json;  // details as a JSON object text
};

struct Message {
  Id id = 0;
  std::optional<Id> report_id;
  std::optional<Id> case_id;
  std::optional<Id> author_user_id;
  std::string author_name;
  bool from_finder = false;
  Visibility visibility = Visibility::all;
  std::string body;
  Time created_at{};
};

// A stored clock; its state is computed (clocks.h).
struct ClockRecord {
  Id id = 0;
  std::optional<Id> report_id;
  std::optional<Id> case_id;
  ClockKind kind = ClockKind::regulatory_report;
  Time started_at{};
  Time soon_at{};  // when it turns due_soon (clocks.h)
  Time due_at{};
  std::optional<Time> stopped_at;
  std::string stop_note;
};

struct RegulatoryReport {
  Id id = 0;
  Id case_id = 0;
  std::string authority;  // "MIIT-NVDB" by default
  RegulatoryState state = RegulatoryState::draft;
  // Art. 7(2) fields.
  std::string product_name;
  std::string product_model;
  std::string product_version;
  std::string technical_characteristics;
  std::string harm;
  std::string scope;
  // Beyond the article: who reports, whom to call, what was done.
  std::string provider_name;
  std::string contact_name;
  std::string contact_phone;
  std::string contact_email;
  std::string measures;
  std::optional<Time> submitted_at;
  std::optional<Id> submitted_by;
  std::string submitted_by_name;  // not stored: filled on read for views (the user's display name)
  std::string channel;    // how it was submitted: "nvdb-web", "api", "email", ...
  std::string reference;  // the authority's reference number
  Time created_at{};
  Time updated_at{};
};

struct UpstreamNotice {
  Id id = 0;
  Id case_id = 0;
  std::string upstream_provider;
  std::optional<Id> upstream_org;
  std::string component;
  Time notified_at{};
  std::string method;    // email, security portal, federation, ...
  std::string evidence;  // message id, ticket URL, reference
  std::optional<Id> recorded_by;
  Time created_at{};
};

struct UserNotice {
  Id id = 0;
  Id case_id = 0;
  std::string customer;  // name
  std::string contact;
  Time notified_at{};
  std::string method;
  std::string evidence;
  std::optional<Id> recorded_by;
};

struct AccessEntry {
  Id id = 0;
  Time at{};
  std::optional<Id> user_id;
  std::string actor_name;
  std::string action;  // "read_confidential", "export", "change"
  std::string object_type;
  Id object_id = 0;
  std::string detail;
  std::string request_id;
  // Its link in the access log's hash chain (domain/access_log.h).
  std::int64_t seq = 0;
  std::string prev_hash;
  std::string hash;
};

// A policy setting an administrator stored (policy.h, effective_policy).
struct StoredPolicySetting {
  std::string field;  // one of kPolicyFields
  std::int64_t value = 0;
  Time updated_at{};
  std::optional<Id> updated_by;
  std::string updated_by_name;
};

// One change of a policy setting through the API, kept for administrators.
struct PolicyChange {
  Id id = 0;
  Time at{};
  std::optional<Id> actor_user_id;
  std::string actor_name;
  std::string field;
  std::int64_t old_value = 0;  // in force before
  std::int64_t new_value = 0;  // in force after
  bool stored = true;          // false: the stored value was removed, the config file's applies again
  std::string request_id;
};

}  // namespace loudong::domain
