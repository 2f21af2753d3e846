// Publication gates (design.md "Publication gates", Art. 9). Pure: the
// caller gathers the facts. A refusal names every failed gate and its rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/exploit_check.h"
#include "domain/types.h"

namespace loudong::domain {

// A major-event period (R-PUB-6) from the admin-managed calendar: [start, end).
struct BlackoutPeriod {
  std::string name;
  Time start{}, end{};
  Id id = 0;
  std::optional<Id> created_by;
  std::string created_by_name;  // not stored: filled on read for views
  Time created_at{};
};

// What an authority recorded for one case (design.md "Users": authority
// officers record joint assessments and consents):
//   mps_blackout   MPS consents to publication inside a blackout period (R-PUB-6)
//   early_release  the joint assessment with the provider, MIIT and MPS that
//                  allows publication before a fix (R-PUB-1)
enum class ConsentKind { mps_blackout, early_release };

struct PublicationConsent {
  Id id = 0;
  Id case_id = 0;
  ConsentKind kind = ConsentKind::mps_blackout;
  std::string provider;        // early_release: who assessed it for the provider
  std::string miit_reference;  // early_release
  std::string miit_date;       // YYYY-MM-DD
  std::string mps_reference;   // both kinds
  std::string mps_date;        // YYYY-MM-DD
  std::string notes;
  std::optional<Id> recorded_by;
  std::string recorded_by_name;
  Time recorded_at{};
};

struct PublicationFacts {
  bool fix_or_mitigation_recorded = false;   // R-PUB-1, R-PUB-5
  bool early_release_assessed = false;       // joint assessment with MIIT/MPS references
  bool operator_system = false;              // R-PUB-2
  bool exploit_in_public_text = false;       // R-PUB-4 (attachments, PoC fields)
  std::vector<ExploitHit> exploit_hits;      // R-PUB-4: what find_exploit_content saw in public text
  std::vector<BlackoutPeriod> blackouts;     // R-PUB-6
  bool mps_consent = false;
  std::vector<std::string> foreign_recipients;  // R-PUB-7: names of non-domestic, non-provider recipients
  bool published_grade_matches = true;       // R-PUB-3
  std::vector<std::string> grade_differences;  // R-PUB-3: "grade: critical (assessed high)", ...
  std::vector<std::string> blackout_consents;  // MPS consent references, named when a blackout passes by consent
};

struct GateFailure {
  std::string gate;  // "fix_first", "no_operator_details", "no_exploit", "blackout", "no_foreign_recipient", "honest_grade"
  std::string rule;  // "R-PUB-1", ...
  std::string message;     // English
  std::string message_zh;  // 中文
};

std::vector<GateFailure> check_publication(const PublicationFacts& f, Time now);

// The no_operator_details gate alone (R-PUB-2), for the paths that carry a
// case's details out without publishing it (exports, federation, email):
// its failure when the case is about a system an operator is using.
std::optional<GateFailure> operator_details_gate(bool operator_system);

// One line of the checklist the console shows before publishing.
struct GateCheck {
  std::string gate;
  std::string rule;
  bool passed = false;
  std::string message;     // English: why it failed, or what it checked
  std::string message_zh;  // 中文
};

// All six gates in a fixed order (fix_first, no_operator_details,
// no_exploit, blackout, no_foreign_recipient, honest_grade), each failed
// exactly when check_publication names it, with its messages joined.
std::vector<GateCheck> publication_checklist(const PublicationFacts& f, Time now);

}  // namespace loudong::domain

LD_ENUM_NAMES(loudong::domain::ConsentKind, "mps_blackout", "early_release");
