// The advisory (公告): the public document a case publishes (design.md
// "Data", issue 10). Not to be confused with an advisory *record*
// (formats/advisory.h), which is imported external knowledge.
//
// An advisory belongs to one case. It is written in Chinese and English
// (either text may be empty, not both), carries the GB/T 28458 description
// items, and moves draft -> in_review -> approved (by the provider) ->
// published. Once published it is never edited in place: a change is a new
// revision, and every published revision stays as it was (`history`).
//
// These are plain values. The store keeps them, services build them, the
// publication gates (gates.h) judge them, and the exporters (CSAF 2.0,
// CVE JSON 5.1, OSV, Atom) read only what is here plus the publisher's
// identity, so an export never reaches unpublished case details.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/grading.h"
#include "core/clock.h"
#include "domain/types.h"

namespace loudong::domain {

enum class AdvisoryState { draft, in_review, approved, published, withdrawn };

// One language's text. GB/T 28458 items that are prose live here.
struct AdvisoryText {
  std::string title;                 // 漏洞名称 / name
  std::string summary;               // 漏洞描述: what is wrong, without exploit detail
  std::string impact;                // 危害: what an attacker gains
  std::string existence_statement;   // 存在性说明: how the flaw's existence was established
  std::string detection;             // 检测方法: how a user finds out whether they are affected
  std::string solution;              // 解决方案: the fix or mitigation (required to publish)
  bool empty() const { return title.empty() && summary.empty() && solution.empty(); }
};

// One affected product and its version range. `product_id` links a product on
// this deployment; vendor and name are copied so the document stands alone.
struct AffectedProduct {
  std::optional<Id> product_id;
  std::string vendor;         // provider organisation's name
  std::string name;           // product name (and model)
  std::string purl;           // Package URL without version, e.g. "pkg:maven/org.apache.logging.log4j/log4j-core"
  std::string cpe;            // CPE 2.3 name, if any
  std::string range;          // vers range, e.g. "vers:maven/>=2.0.0|<2.15.0"; empty when only versions are known
  std::vector<std::string> versions;  // explicit affected versions (when there is no range)
  std::string fixed_version;  // first fixed version, if any
  // A mobile app or mini-program (R-APPS): its platform ("android",
  // "wechat", ...), package or app id, and store version; empty otherwise.
  std::string app_platform, app_id, app_store_version;
};

// Someone credited by name (only finders who agreed to be named).
struct Credit {
  std::string name;
  std::string role = "finder";  // "finder" | "coordinator" | "remediation_developer" | "other" (CSAF's types)
  std::optional<Id> user_id;
};

struct Reference {
  std::string url;
  std::string kind = "web";  // "advisory" | "fix" | "report" | "web"
  std::string summary;
};

// One published revision, as the tracking history of the exports lists it.
struct AdvisoryRevision {
  int number = 1;     // 1, 2, 3 ...; CSAF writes it as "1", "2" ...
  Time at{};          // when that revision was published
  std::string by;     // user name of whoever published it
  std::string change;  // what changed ("Initial release" for the first)
};

struct Advisory {
  Id id = 0;
  Id case_id = 0;
  std::string ref;  // public identifier, e.g. "LD-SA-2026-0001": stable across revisions
  AdvisoryState state = AdvisoryState::draft;
  AdvisoryText zh, en;

  // Assessment as published; the honest-grade gate (R-PUB-3) compares it with the case's.
  std::optional<assessment::Grade> grade;
  std::string cvss31_vector;
  std::optional<double> cvss31_score;
  std::string cvss40_vector;
  std::optional<double> cvss40_score;
  std::optional<int> cwe;
  std::string gbt_class;  // GB/T 30279 class code (漏洞类别)

  std::vector<AffectedProduct> affected;
  std::vector<Credit> credits;            // 发现者
  std::vector<Reference> references;
  std::vector<std::string> external_ids;  // CVE-, CNVD-, CNNVD-, CICSVD-, NVDB ids (related ids)
  std::string publisher;                  // 发布者: the publishing organisation's name
  std::string verifier;                   // 验证者: who verified the flaw (organisation or team)
  std::string tlp = "CLEAR";              // only TLP:CLEAR advisories are served on the public feeds

  int revision = 0;                        // last published revision; 0 before the first publication
  std::optional<Time> published_at;        // first publication (GB/T 28458 发布时间)
  std::vector<AdvisoryRevision> history;   // every published revision, oldest first
  Time created_at{};
  Time updated_at{};
};

}  // namespace loudong::domain

LD_ENUM_NAMES(loudong::domain::AdvisoryState, "draft", "in_review", "approved", "published", "withdrawn");
