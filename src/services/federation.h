// Federation between deployments (issue 9, design.md "Interfaces"): a
// deployment's regulatory report, upstream notice or forwarded report is an
// authenticated API call to another deployment, delivered through the
// outbox and logged as a receipt record on the receiving side; the sender
// keeps the peer's receipt hash, so either side can prove the exchange.
//
// Outbound (this deployment sends):
//   file()            a regulatory report to an authority's deployment; the
//                     clock stops when the authority's deployment answers
//                     with its reference and receipt (its acknowledgement
//                     of receipt), at the time it received the report;
//   notify_upstream() the case's component, range and evidence to the
//                     upstream provider's intake; its receipt is the notice;
//   forward_report()  a collection platform passes an accepted report to
//                     the product provider's deployment (only what the
//                     provider may see).
// Every outbound path of unpublished details checks R-PUB-7: the peer's
// organisation is domestic or is the product's provider.
//
// Inbound (a peer calls us with an API token we issued to its
// organisation): receive_*(). The same call twice (same organisation, same
// Idempotency-Key) gets the first answer and changes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/common.h"
#include "services/intake.h"

namespace loudong::services {

// An inbound call as the API hands it over.
struct InboundCall {
  std::string idempotency_key;  // required
  std::string raw_body;         // exactly as received: its SHA-256 goes into the receipt
  std::string source_address;
};

struct InboundAnswer {
  int status = 201;  // 201 new, 200 a repeat of an earlier call
  nlohmann::json body;
};

struct UpstreamSend {
  domain::Id peer_id = 0;
  std::string component;  // purl or name; defaults to the case's upstream component
  std::string affected;   // version range, e.g. "vers:maven/>=2.0.0|<2.15.0"
  std::string evidence;   // what shows the flaw is upstream's
};

class Federation {
 public:
  Federation(Context& ctx, Intake& intake) : ctx_(ctx), intake_(intake) {}

  Result<store::RegulatoryFiling> file(const Caller& c, domain::Id regulatory_report_id, domain::Id peer_id);
  Result<std::vector<store::RegulatoryFiling>> filings(const Caller& c, domain::Id regulatory_report_id);
  Result<domain::Id> notify_upstream(const Caller& c, domain::Id case_id, const UpstreamSend& in);
  Result<domain::Id> forward_report(const Caller& c, domain::Id report_id, domain::Id peer_id);

  Result<InboundAnswer> receive_regulatory_report(const Caller& c, const nlohmann::json& body, const InboundCall& call);
  Result<InboundAnswer> receive_report(const Caller& c, const nlohmann::json& body, const InboundCall& call);
  Result<InboundAnswer> receive_decision(const Caller& c, const nlohmann::json& body, const InboundCall& call);

  // The worker's hook (notify::AfterDelivery): applies a peer's answer.
  Status after_delivery(store::WriteTx& tx, const store::OutboxMessage& m, store::DeliveryOutcome& o);

 private:
  Result<InboundAnswer> once(const Caller& c, const InboundCall& call, const std::string& route,
                             const std::function<Result<InboundAnswer>(store::WriteTx&, domain::Id org, Time now)>& fn);
  Context& ctx_;
  Intake& intake_;
};

// The organisation a peer's API token acts for (its one membership).
Result<domain::Id> calling_org(const domain::Actor& a);

// R-PUB-7 for a peer: passes when its organisation is in CN or is the
// product's provider. The refusal names the gate and the rule.
Status check_domestic_recipient(const domain::Organisation& recipient, std::optional<domain::Id> product_provider);

// Queues a federation call. `purpose` tells after_delivery what to do with
// the answer.
Result<domain::Id> queue_federation(store::WriteTx& tx, const Context& ctx, Time now, const store::Peer& peer,
                                    const std::string& purpose, const std::string& path, const nlohmann::json& body,
                                    const std::string& subject_type, domain::Id subject_id,
                                    std::optional<domain::Id> org_id);

}  // namespace loudong::services
