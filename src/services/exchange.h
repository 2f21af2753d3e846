// Managing the exchange (issue 9): webhook subscriptions, a user's
// notification preferences, the deliveries view with "retry now", and
// federation peers. Who may do what is checked here, per object:
//   - subscriptions: admins of their organisation, platform admins;
//   - deliveries: platform admins all, an organisation's admins and
//     coordinators those of their organisation;
//   - peers: platform admins;
//   - preferences: the user themself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/common.h"

namespace loudong::services {

struct WebhookInput {
  std::optional<std::string> url, description;
  std::optional<std::vector<std::string>> events;
  std::optional<std::optional<std::string>> min_grade;  // set to nullopt: no filter
  std::optional<bool> enabled;
};

struct CreatedWebhook {
  store::WebhookSubscription subscription;
  std::string secret;  // shown once; only its sealed form is stored
};

struct PeerInput {
  std::string name, base_url, token, pinned_cert_sha256;
  domain::Id org_id = 0;
};

struct DeliveryDetail {
  store::OutboxMessage message;
  std::vector<store::DeliveryAttempt> attempts;
};

class Exchange {
 public:
  explicit Exchange(Context& ctx) : ctx_(ctx) {}

  Result<std::vector<store::WebhookSubscription>> webhooks(const Caller& c, domain::Id org_id);
  Result<CreatedWebhook> create_webhook(const Caller& c, domain::Id org_id, const WebhookInput& in);
  Result<store::WebhookSubscription> update_webhook(const Caller& c, domain::Id id, const WebhookInput& in);
  Status delete_webhook(const Caller& c, domain::Id id);
  // A new secret, shown once; the old one stops working at once.
  Result<CreatedWebhook> rotate_secret(const Caller& c, domain::Id id);
  // Queues a "ping" delivery to this subscription only; returns its outbox id.
  Result<domain::Id> test_webhook(const Caller& c, domain::Id id);

  Result<store::NotificationPrefs> prefs(const Caller& c);
  Result<store::NotificationPrefs> set_prefs(const Caller& c, store::NotificationPrefs p);

  Result<std::pair<std::vector<store::OutboxMessage>, store::OutboxCounts>> deliveries(const Caller& c,
                                                                                       store::OutboxFilter f);
  Result<DeliveryDetail> delivery(const Caller& c, domain::Id id);
  // Pending again now, with its attempts reset when it was dead.
  Result<store::OutboxMessage> retry(const Caller& c, domain::Id id);

  Result<std::vector<store::Peer>> peers(const Caller& c);
  Result<store::Peer> add_peer(const Caller& c, const PeerInput& in);
  Status remove_peer(const Caller& c, domain::Id id);

 private:
  Result<store::WebhookSubscription> own_webhook(store::ReadTx& tx, const Caller& c, domain::Id id);
  Context& ctx_;
};

// Organisations whose deliveries the actor may see; nullopt: all.
std::optional<std::vector<domain::Id>> delivery_orgs(const domain::Actor& a);

// Checks a webhook or peer URL: http(s), a host, no credentials in it, at
// most 2000 characters. `field` names it in the error.
Status check_outbound_url(const std::string& url, const char* field);

}  // namespace loudong::services
