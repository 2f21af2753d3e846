// The published advisory (domain/advisory.h) in the formats that vendors,
// CERTs and scanners read, and the provider's feeds (issue 10, item 3).
//
// Every function here is pure: it reads the advisory (and the publisher's
// identity) and nothing else, so an export can never reach unpublished case
// details. Which advisories may be exported at all (published, TLP:CLEAR
// for the public feeds, the six gates) is the caller's decision, not these
// functions'. A refusal is an unprocessable Error naming the advisory field
// ("affected[1].range: ...", "external_ids: no CVE id").
//
// Validation: tests/unit/formats/exports_test.cpp checks the documents
// with csaf_mandatory_problems (CSAF 2.0 section 6.1) and by reading them
// back with the CVE 5 and OSV readers; tests/integration/exports.test.mjs
// validates the CLI's output against the official CSAF 2.0, OSV and
// provider-metadata JSON schemas with ajv.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "domain/advisory.h"
#include "domain/entities.h"
#include "formats/advisory.h"

namespace loudong::formats {

// Who publishes: the deployment's provider or platform.
struct Publisher {
  std::string name;           // "Example Co. PSIRT"
  std::string namespace_url;  // CSAF publisher.namespace: the publisher's web address, "https://example.cn"
  std::string contact;        // CSAF publisher.contact_details: "psirt@example.cn"
  std::string category = "vendor";  // CSAF publisher.category: "vendor" (a provider) or "coordinator" (a platform)
  // Where the CSAF provider tree is served, without a trailing slash:
  // "https://example.cn/.well-known/csaf". Documents live at
  // <base_url>/<csaf_path(advisory)>; the feeds link there.
  std::string base_url;
  // The provider's root, "https://example.cn/.well-known/csaf", when the
  // documents live in a folder below it (the served tree's "clear"):
  // provider-metadata.json and the ROLIE feed are there. Empty: base_url.
  std::string provider_url;
  // Whether <document>.sha256 and .sha512 are served beside each document
  // (CSAF 2.0 requirement 18): the ROLIE entries then link them as "hash".
  bool hash_files = false;
  // The OpenPGP key that signs the documents (CSAF 2.0 requirements 19, 20):
  // its fingerprint (40 hex digits) and where its public key is served. Set:
  // <document>.asc is served beside each document, the ROLIE entries link it
  // as "signature", and provider-metadata.json lists the key with the role
  // csaf_trusted_provider.
  std::string openpgp_fingerprint;
  std::string openpgp_key_url;
  // The CNA's organisation UUID (CVE record providerMetadata.orgId), as the
  // CVE Program assigned it. Needed only for CVE records.
  std::string cve_org_id;
  std::string cve_short_name;  // providerMetadata.shortName, optional
};

// ---- CSAF 2.0 ----
//
// A csaf_security_advisory. Language: one document per advisory, in Chinese
// (lang "zh") when the advisory has a Chinese title, else English; the
// other language's texts follow as notes of the same categories, their
// titles in that language. Why one document: CSAF 2.0 has no per-field
// language, a translation is a document of a *translator* publisher with
// its own tracking id, and the provider layout has one file per tracking
// id; scanners need one document per advisory.
//
// Mapping: title -> document.title and vulnerabilities[0].title; summary
// -> notes "summary" (document) and "description" (vulnerability); impact
// -> "details"; existence statement -> "details" ("存在性说明"); detection
// -> "faq" ("检测方法"); the GB/T 28458 items without a CSAF field
// (publisher, verifier, GB/T 30279 class) -> a "general" note. tracking:
// id = ref, status "final" once published ("draft" before; version "0"
// with a one-item history then), version = revision, revision_history =
// history (number, date, change), dates from the history. TLP:CLEAR is
// written as label WHITE: CSAF 2.0's schema knows TLP 1.0 labels only, and
// CLEAR is TLP 2.0's name for WHITE. Products: vendor > product_name >
// product_version (explicit versions, the fixed version) or
// product_version_range (the vers string), product ids
// "<vendor>/<name>@<version or range>" (stable across revisions), purl
// (with the version for explicit versions) and cpe helpers. Vulnerability:
// cve from the first CVE id, ids for the others (system_name = prefix:
// CNVD, CNNVD, CICSVD, NVDB, CVE), cwe (when the CWE catalogue names it:
// 6.1.11 needs the official name), scores cvss_v3 (recomputed from the
// vector; the advisory's score must agree), CVSS v4.0 as a note (CSAF 2.0
// has no cvss_v4 member), product_status known_affected / fixed,
// remediations (vendor_fix when a fixed version exists, else mitigation;
// both languages' solution texts), threats (impact: "超危 / Critical"),
// references, acknowledgments (credits).
//
// Refused: no ref, no title in either language, no affected product, a
// published advisory whose history is not 1..revision in date order, a
// CVSS vector that does not score or disagrees with the advisory's score,
// a vers range that does not parse, an unknown TLP label.
Result<nlohmann::json> write_csaf(const domain::Advisory& advisory, const Publisher& publisher);

// "<year of the initial release>/<tracking id, lower case, [^+\-a-z0-9]
// as '_'>.json", the CSAF provider layout (CSAF 2.0 section 5.1 and 7.1.11).
std::string csaf_path(const domain::Advisory& advisory);

// ---- CVE JSON 5.1 ----
//
// A CVE record (dataType CVE_RECORD, dataVersion 5.1) with cveMetadata and
// containers.cna: title, descriptions (en and zh), affected (vendor,
// product, packageName/collectionURL from the purl, versions: a vers range
// as version/lessThan or lessThanOrEqual with the vers scheme as
// versionType, explicit versions and the fixed version as single entries
// with status), problemTypes (CWE), metrics (cvssV3_1 / cvssV3_0,
// cvssV4_0), solutions (en, zh), references, credits, datePublic.
// Refused without a CVE id among external_ids (code "no_cve_id") and
// without publisher.cve_org_id (code "no_cna_org_id").
Result<nlohmann::json> write_cve5(const domain::Advisory& advisory, const Publisher& publisher);

// ---- OSV ----
//
// The advisory as an OSV record (formats/advisory.h): id = ref, aliases =
// external ids, summary = English title (else Chinese), details = both
// languages' summaries, severity CVSS_V3 / CVSS_V4, affected[] for each
// product with a purl: package {ecosystem from the purl type, name, purl},
// ranges from the vers range (SEMVER for npm, cargo, golang; ECOSYSTEM
// otherwise; introduced / fixed / last_affected), versions, and the fixed
// version closing a range that has none; database_specific {grade,
// grade_zh, cwe_ids, gbt_class, source "loudong"}; references (the CSAF
// document as ADVISORY when publisher.base_url is set), credits.
// Refused when no affected product has a purl (code "no_package").
Result<Advisory> advisory_to_osv(const domain::Advisory& advisory, const Publisher& publisher);
// write_osv(advisory_to_osv(...)): OSV JSON text.
Result<std::string> write_advisory_osv(const domain::Advisory& advisory, const Publisher& publisher);

// ---- provider feeds (CSAF 2.0 section 7) ----
//
// `advisories` are the ones to serve: the caller passes published, TLP:CLEAR
// ones only. Order does not matter; outputs are sorted newest first.

// provider-metadata.json: canonical_url <root>/provider-metadata.json (root:
// provider_url, else base_url), one ROLIE feed for TLP:WHITE (CLEAR) at
// <root>/feed-tlp-white.json, and, when provider_url is set, the directory
// distribution at base_url (index.txt, changes.csv, <year>/...). The role:
// csaf_trusted_provider with public_openpgp_keys [{fingerprint, url}] when
// the publisher has hash files and an OpenPGP key (requirements 18 to 20:
// hashes, signatures, the public key), else csaf_provider with no keys.
nlohmann::json provider_metadata(const Publisher& publisher, Time last_updated);

// The user id of the signing key: "<name> CSAF <mail>", the mail being the
// publisher's contact when it is an email address, else csaf@<the host of
// namespace_url>; angle brackets and control characters left out of the name.
std::string openpgp_user_id(const Publisher& publisher);

// The ROLIE feed (RFC 8322 JSON) of the CSAF documents: one entry per
// advisory, link to <base_url>/<csaf_path> (self; its .sha256 and .sha512 as
// hash, its .asc as signature when served), content type application/json,
// format CSAF 2.0.
nlohmann::json rolie_feed(const std::vector<domain::Advisory>& advisories, const Publisher& publisher, Time updated);

// changes.csv: "<path>","<current_release_date>" per line, newest first.
std::string changes_csv(const std::vector<domain::Advisory>& advisories);
// index.txt: one <path> per line.
std::string index_txt(const std::vector<domain::Advisory>& advisories);

// An Atom 1.0 feed (RFC 4287) of the advisories for the portal: entry
// title "<zh title> / <en title>" (either alone when the other is empty),
// id "urn:loudong:advisory:<ref>", updated = the latest revision, summary
// in both languages, link to <portal_url>/advisories/<ref> and to the CSAF
// document. XML-escaped. portal_url without a trailing slash.
// self_url: where the feed itself is served (default <portal_url>/advisories.atom).
std::string atom_feed(const std::vector<domain::Advisory>& advisories, const Publisher& publisher,
                      const std::string& portal_url, Time updated, const std::string& self_url = "");

// security.txt (RFC 9116) for /.well-known/security.txt: where to report
// (the portal's form <portal_url>/submit, and mailto: the publisher's
// contact when it has one), the portal's published rules as Policy,
// Preferred-Languages zh, en, Canonical, Expires, and the CSAF field that
// CSAF 2.0 requirement 8 (section 7.1.8) asks of a provider, pointing at its
// provider-metadata.json. portal_url without a trailing slash. RFC 9116
// advises an Expires under a year ahead; the caller gives it.
std::string security_txt(const Publisher& publisher, const std::string& portal_url, Time expires);

// ---- the regulatory report (Art. 7(2), domain::RegulatoryReport) ----

// The Art. 7(2) fields and the reporter's, as JSON: {"authority", "state",
// "case_ref", "product": {"name", "model", "version"},
// "technical_characteristics", "harm", "scope", "reporter": {"provider",
// "contact_name", "contact_phone", "contact_email"}, "measures",
// "submitted_at", "channel", "reference", "created_at", "updated_at",
// "related_ids": the case's external ids (R-IDS), so the authority can tie it
// to a CVE or CNVD entry it already holds}.
nlohmann::json regulatory_report_json(const domain::RegulatoryReport& report, const std::string& case_ref,
                                      const std::vector<std::string>& external_ids);

// A standalone printable HTML page in Chinese (UTF-8, inline print CSS, no
// scripts or outside resources), every value HTML-escaped.
std::string regulatory_report_html(const domain::RegulatoryReport& report, const std::string& case_ref,
                                   const std::vector<std::string>& external_ids);

// "&amp;", "&lt;", "&gt;", "&quot;", "&#39;": for HTML and XML text and
// attribute values.
std::string xml_escape(std::string_view text);

}  // namespace loudong::formats
