// JSON views of the exchange's records. Secrets never appear: a webhook's
// secret only in the answer that creates or rotates it, a peer's token
// never; a delivery shows its target and outcome, not its payload.
#pragma once

#include <nlohmann/json.hpp>

#include "services/authority.h"
#include "store/exchange.h"

namespace loudong::api {

nlohmann::json webhook_json(const store::WebhookSubscription& w);
nlohmann::json prefs_json(const store::NotificationPrefs& p);
nlohmann::json delivery_json(const store::OutboxMessage& m);
nlohmann::json peer_json(const store::Peer& p);
nlohmann::json filing_json(const store::RegulatoryFiling& f);
nlohmann::json inbox_json(const store::InboxItem& i);
nlohmann::json threat_json(const store::ThreatRecord& r);
nlohmann::json timeliness_json(const services::Timeliness& t);

}  // namespace loudong::api
