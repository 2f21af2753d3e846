// The advisory's rules (issue 10 items 1 and 2), pure: what a valid advisory
// is, which state follows which, and the facts the publication gates
// (gates.h) judge it by.
//
// States: draft -> in_review -> approved (by the provider) -> published;
// in_review and approved may go back to draft; published -> draft starts the
// next revision (the published one stays public until the next is
// published); any state but withdrawn -> withdrawn. Only draft and in_review
// are edited.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "domain/advisory.h"
#include "domain/entities.h"
#include "domain/gates.h"

namespace loudong::domain {

// Byte limits of the advisory's fields.
struct AdvisoryLimits {
  static constexpr std::size_t title = 500;
  static constexpr std::size_t text = 20000;  // summary, impact, existence, detection, solution
  static constexpr std::size_t name = 300;    // vendor, product, credit, publisher, verifier
  static constexpr std::size_t url = 2000;
  static constexpr std::size_t items = 100;   // affected products, credits, references, ids
};

// Problems with the advisory as stored: one language at least (both empty
// names zh.title and en.title), lengths, control characters, reference URLs
// (http or https), credit and product names, TLP, roles and kinds. Empty
// when valid.
std::vector<FieldError> validate_advisory(const Advisory& a);

// What publishing needs beyond validity: every language present has a title;
// when one language has a solution, every present language has one (a
// reader of either language learns the fix). Whether there is a solution at
// all is the fix-first gate's question (it also accepts an early release).
std::vector<FieldError> publication_readiness(const Advisory& a);

bool advisory_editable(AdvisoryState s);  // draft, in_review
std::vector<AdvisoryState> next_advisory_states(AdvisoryState from);
// conflict "illegal_transition" listing the allowed states, or OK.
Status check_advisory_transition(AdvisoryState from, AdvisoryState to);

// Every public field of the advisory in both languages through
// find_exploit_content, each hit named by its field ("en.solution",
// "references[0].url", "affected[1].name").
std::vector<ExploitHit> advisory_exploit_hits(const Advisory& a);

// The assessment fields the advisory states differently from the case's
// (R-PUB-3): "grade", "cvss31_vector", "cvss31_score", "cvss40_vector",
// "cvss40_score", each with both values.
std::vector<std::string> grade_differences(const Advisory& a, const Assessment& assessed);

// The gates' facts for publishing `a` of case `c` (the caller gathers the
// calendar, the case's consents and its foreign recipients).
PublicationFacts advisory_publication_facts(const Advisory& a, const Case& c, std::vector<BlackoutPeriod> blackouts,
                                            const std::vector<PublicationConsent>& consents,
                                            std::vector<std::string> foreign_recipients);

}  // namespace loudong::domain
