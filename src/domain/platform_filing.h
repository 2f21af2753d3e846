// The platform filing (备案, R-FILING): what a vulnerability collection
// platform files with MIIT under the 2022 filing measures (工信部网安〔2022〕146号)
// before going online, and files again when it changes or closes.
//
// Not the regulatory report (services/filings.*), which goes to the
// authorities per case. One platform filing per deployment.
//
// States: draft -> filed (with the filing number and date) -> change_filed
// (a change of a filed record was filed; again on every later change) ->
// cancelled (final). Every step and every edit is an event on the record's
// history (subject "platform_filing").
//
// Pure rules: no I/O, no clock reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/types.h"

namespace loudong::domain {

enum class FilingStatus { draft, filed, change_filed, cancelled };
enum class FilingAttachmentKind { mlps_proof, commitment_letter };
enum class FilingHostType { organisation, person };

struct FilingContact {
  std::string name;
  std::string phone;
  std::string email;
};

// The R-FILING fields. host_id_number is confidential: sealed at rest, never
// in public views.
struct FilingFields {
  std::string platform_name;
  std::string home_url;
  std::string icp_number;                        // e.g. 京ICP备12345678号-1
  std::vector<std::string> publication_channels;  // every channel the platform publishes on
  FilingHostType host_type = FilingHostType::organisation;
  std::string host_name;
  std::string host_id_number;  // unified social credit code (organisation) or resident ID (person)
  FilingContact responsible;
  std::vector<FilingContact> contacts;
  std::string capital_and_shareholding;
  std::string collection_scope;
  std::string collection_methods;
  std::string verification_rules;
  std::string notification_rules;
  std::string publication_rules;
  std::string user_identity_rules;
  std::string graded_management_rules;
  std::string standards_compliance;
};

struct PlatformFiling {
  Id id = 0;
  FilingStatus status = FilingStatus::draft;
  FilingFields fields;              // host_id_number empty as stored; see host_id_sealed
  std::string host_id_sealed;       // crypto::seal of fields.host_id_number
  std::string filing_number;        // MIIT's number, set when filed
  std::string filed_on;             // YYYY-MM-DD, when filed
  std::string change_filed_on;      // YYYY-MM-DD, the last change filing
  std::string cancelled_on;         // YYYY-MM-DD
  bool unfiled_changes = false;     // edited since the last filing (a change to file)
  Time created_at{};
  Time updated_at{};
  std::optional<Id> updated_by;
};

struct FilingAttachment {
  Id id = 0;
  Id filing_id = 0;
  FilingAttachmentKind kind = FilingAttachmentKind::mlps_proof;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::string content_sealed;  // empty in listings
  Time created_at{};
  std::optional<Id> created_by;
};

// A filed record: the platform may take public reports (intake gate).
bool filing_in_force(FilingStatus s);
// Whether the record can still be edited (everything but cancelled).
bool filing_editable(FilingStatus s);
// The steps allowed from a status, for refusals and forms.
std::vector<FilingStatus> filing_next(FilingStatus from, bool unfiled_changes);

// Shape rules for a saved record (draft or not): lengths are the service's;
// here formats: home URL (http/https), ICP number, phones, emails, ID number
// (checksum, by host type), channels non-empty when given. One FieldError per
// problem, fields named as in the API.
std::vector<FieldError> filing_format_problems(const FilingFields& f);
// What filing needs beyond the formats: every required field, at least one
// publication channel and contact, both attachments. Fields named as in the API.
std::vector<FieldError> filing_completeness_problems(const FilingFields& f,
                                                     const std::vector<FilingAttachmentKind>& attached);

// GB 32100-2015 unified social credit code (18 characters, check character).
bool valid_social_credit_code(std::string_view s);
// GB 11643-1999 resident identity number (18 characters, check character).
bool valid_resident_id(std::string_view s);
// ICP filing number: a province abbreviation, "ICP备", 6-10 digits, "号",
// optionally "-N" (a site under the same filing).
bool valid_icp_number(std::string_view s);
// MIIT's platform filing number as issued: 1-64 printable characters, no
// control characters or spaces at the ends (its format is not published).
bool valid_filing_number(std::string_view s);
// A calendar date YYYY-MM-DD.
bool valid_date(std::string_view s);

// The fields as a JSON object (the stored form and the API's): keys as the
// struct's members, contacts as {name, phone, email}. host_id_number only
// when asked (the stored form keeps it sealed apart).
std::string filing_fields_json(const FilingFields& f, bool with_host_id);
// Reads the stored form back (written by filing_fields_json: trusted shape;
// missing keys stay empty).
FilingFields filing_fields_from_json(std::string_view text);

// The intake gate (R-FILING): when the setting requires a filing, a platform
// deployment (host organisation of type platform) without a filing in force
// refuses public intake: reports from callers who hold no organisation role
// (anonymous people, finder accounts; on any channel: web, API, email).
// Signed-in members of an organisation (a provider's staff reporting through
// their own channel, coordinators entering a report) are not public intake.
// A provider's own deployment (host type provider) is exempt, as the
// measures exempt a provider's own channel.
struct IntakeGateInput {
  bool require_filing = false;       // policy intake_require_platform_filing
  OrgType host_type = OrgType::provider;
  std::optional<FilingStatus> filing;  // nullopt: no record
  bool public_submitter = true;      // no organisation role
};
bool intake_refused_for_filing(const IntakeGateInput& in);
// The refusal (409, code platform_filing_required), naming R-FILING in both languages.
Error intake_filing_refusal();

}  // namespace loudong::domain

LD_ENUM_NAMES(loudong::domain::FilingStatus, "draft", "filed", "change_filed", "cancelled");
LD_ENUM_NAMES(loudong::domain::FilingAttachmentKind, "mlps_proof", "commitment_letter");
LD_ENUM_NAMES(loudong::domain::FilingHostType, "organisation", "person");
