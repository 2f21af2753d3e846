// The case's advisory (公告, issue 10): the working copy prefilled from the
// case, edited by intake staff and the provider, approved by the provider,
// published through the six publication gates (domain/gates.h) as an
// immutable revision; the blackout calendar and the consents authorities
// record; the public advisories (the newest published revision, never the
// working copy).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/advisory.h"
#include "domain/gates.h"
#include "services/common.h"

namespace loudong::services {

// Edits of the working copy; unset members stay as they are. A text's
// members are set one by one; lists replace the whole list. Scores follow
// the vectors.
struct AdvisoryTextPatch {
  std::optional<std::string> title, summary, impact, existence_statement, detection, solution;
};
struct AdvisoryPatch {
  AdvisoryTextPatch zh, en;
  std::optional<std::string> grade;  // "" clears
  std::optional<std::string> cvss31_vector, cvss40_vector;
  std::optional<std::string> cwe;  // "CWE-79"; "" clears
  std::optional<std::string> gbt_class;
  std::optional<std::vector<domain::AffectedProduct>> affected;
  std::optional<std::vector<domain::Credit>> credits;
  std::optional<std::vector<domain::Reference>> references;
  std::optional<std::vector<std::string>> external_ids;
  std::optional<std::string> publisher, verifier, tlp;
};

struct AdvisoryView {
  domain::Advisory advisory;
  std::vector<store::AdvisorySnapshot> revisions;  // published ones, oldest first (snapshot text left out)
  std::vector<domain::AdvisoryState> allowed_transitions;  // for this caller
  bool can_edit = false;
};

struct ConsentInput {
  std::string kind;  // "mps_blackout" | "early_release"
  std::string provider, miit_reference, miit_date, mps_reference, mps_date, notes;
};

struct BlackoutInput {
  std::string name;
  std::optional<Time> start, end;
};

class Advisories {
 public:
  explicit Advisories(Context& ctx) : ctx_(ctx) {}

  Result<AdvisoryView> get(const Caller& c, domain::Id case_id);
  // A new working copy prefilled from the case; conflict when one exists.
  Result<AdvisoryView> create(const Caller& c, domain::Id case_id);
  Result<AdvisoryView> update(const Caller& c, domain::Id case_id, const AdvisoryPatch& p);
  // to: in_review, approved, published, draft (back, or revise after
  // publication), withdrawn. Publishing runs every gate; a refusal changes
  // nothing. `reason` is the published revision's change note, required
  // from the second revision on (the first defaults to "Initial release").
  Result<AdvisoryView> transition(const Caller& c, domain::Id case_id, domain::AdvisoryState to,
                                  const std::string& reason);
  // The six gates for the working copy as it stands now.
  Result<std::vector<domain::GateCheck>> gates(const Caller& c, domain::Id case_id);

  Result<std::vector<domain::BlackoutPeriod>> blackouts(const Caller& c);
  Result<domain::BlackoutPeriod> add_blackout(const Caller& c, const BlackoutInput& in);
  Status delete_blackout(const Caller& c, domain::Id id);

  Result<domain::PublicationConsent> add_consent(const Caller& c, domain::Id case_id, const ConsentInput& in);

  // For everyone: the newest published revision of each public advisory;
  // with external_id (any case of its prefix), only those that list it.
  Result<store::Page<store::AdvisorySnapshot>> public_list(const store::PageRequest& p,
                                                           const std::string& external_id = "");
  Result<store::AdvisorySnapshot> public_one(const std::string& ref);

 private:
  Context& ctx_;
};

// The 409 every publication refusal answers: code publication_refused, each
// failed gate in details.allowed and as a field (gate, rule, English /
// Chinese message), the message in both languages.
Error publication_refused(const std::vector<domain::GateFailure>& failures);

// Participants of the case that are foreign and not its provider (R-PUB-7),
// as "Name (REGION)".
Result<std::vector<std::string>> foreign_recipients(store::ReadTx& tx, const domain::Case& cs,
                                                    const domain::CaseParties& parties);

// The gates for moving a case to `published` directly (cases.cpp): its
// advisory must be approved (it is published now, with every gate) or
// published already (the gates are checked again with its facts).
// Otherwise refused: "publish the advisory".
Status publish_case_advisory(store::WriteTx& tx, const Context& ctx, const Caller& c, const domain::Case& cs,
                             const domain::CaseParties& parties, Time now, const std::string& reason);

}  // namespace loudong::services
