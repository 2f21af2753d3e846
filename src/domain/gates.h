// Publication gates (design.md "Publication gates", Art. 9). Pure: the
// caller gathers the facts. A refusal names every failed gate and its rule.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/exploit_check.h"

namespace loudong::domain {

struct BlackoutPeriod {
  std::string name;
  Time start{}, end{};
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
};

struct GateFailure {
  std::string gate;  // "fix_first", "no_operator_details", "no_exploit", "blackout", "no_foreign_recipient", "honest_grade"
  std::string rule;  // "R-PUB-1", ...
  std::string message;     // English
  std::string message_zh;  // 中文
};

std::vector<GateFailure> check_publication(const PublicationFacts& f, Time now);

}  // namespace loudong::domain
