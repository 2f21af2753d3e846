#include "services/exchange.h"

#include <algorithm>

#include "services/notifications.h"

namespace loudong::services {

using namespace domain;

namespace {

void check_events(const std::vector<std::string>& events, Error& e) {
  for (std::size_t i = 0; i < events.size(); ++i)
    if (std::find(kNotificationEvents.begin(), kNotificationEvents.end(), events[i]) == kNotificationEvents.end())
      e.add_field({"events[" + std::to_string(i) + "]", "unknown_event",
                  "unknown event \"" + events[i] + "\"; known: report.received, report.state_changed, case.confirmed, "
                  "case.state_changed, clock.due_soon, clock.overdue, regulatory_report.*, user_notice.owed, ..."});
}

std::optional<assessment::Grade> grade_field(const std::optional<std::string>& g, Error& e) {
  if (!g) return std::nullopt;
  auto r = assessment::parse_grade(*g, "min_grade");
  if (!r.ok()) {
    e.add_field({"min_grade", "bad_grade", "min_grade must be critical, high, medium or low"});
    return std::nullopt;
  }
  return *r;
}

bool can_see_delivery(const Actor& a, const store::OutboxMessage& m) {
  auto orgs = delivery_orgs(a);
  if (!orgs) return true;
  return m.org_id && std::find(orgs->begin(), orgs->end(), *m.org_id) != orgs->end();
}

}  // namespace

std::optional<std::vector<Id>> delivery_orgs(const Actor& a) {
  if (a.platform_admin || a.system) return std::nullopt;
  std::vector<Id> out;
  for (const auto& m : a.memberships)
    if (m.role == Role::admin || m.role == Role::coordinator) out.push_back(m.org_id);
  return out;
}

Status check_outbound_url(const std::string& url, const char* field) {
  if (url.size() > 2000) return Error::field(field, "too_long", std::string(field) + " at most 2000 characters");
  bool http = url.rfind("http://", 0) == 0, https = url.rfind("https://", 0) == 0;
  if (!http && !https) return Error::field(field, "bad_scheme", std::string(field) + " must start with http:// or https://");
  auto rest = url.substr(http ? 7 : 8);
  auto host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) return Error::field(field, "no_host", std::string(field) + " names no host");
  if (host.find('@') != std::string::npos)
    return Error::field(field, "credentials", std::string(field) + " must not carry credentials; the secret signs the requests");
  if (url.find_first_of(" \r\n\t") != std::string::npos) return Error::field(field, "whitespace", std::string(field) + " contains whitespace");
  return {};
}

Result<std::vector<store::WebhookSubscription>> Exchange::webhooks(const Caller& c, Id org_id) {
  if (!can_manage_org(c.actor, org_id)) return Error::not_found("organisation");
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.webhooks(org_id); });
}

Result<CreatedWebhook> Exchange::create_webhook(const Caller& c, Id org_id, const WebhookInput& in) {
  if (!can_manage_org(c.actor, org_id)) return Error::not_found("organisation");
  Error e = Error::unprocessable("invalid webhook subscription");
  store::WebhookSubscription w;
  w.org_id = org_id;
  if (!in.url) e.add_field({"url", "required", "url is required"});
  else if (auto s = check_outbound_url(*in.url, "url"); !s.ok()) for (const auto& f : s.error().fields()) e.add_field(f);
  else w.url = *in.url;
  w.description = clean_text(in.description.value_or(""), "description", 500, false, e);
  w.events = in.events.value_or(std::vector<std::string>{});
  check_events(w.events, e);
  if (in.min_grade) w.min_grade = grade_field(*in.min_grade, e);
  w.enabled = in.enabled.value_or(true);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  std::string secret = "whsec_" + crypto::random_token(32);
  w.secret_sealed = crypto::seal(ctx_.seal_key, secret);
  w.created_by = c.actor.user_id ? std::optional<Id>(c.actor.user_id) : std::nullopt;
  w.created_at = w.updated_at = now;
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<CreatedWebhook> {
    LD_ASSIGN_OR_RETURN(auto org, tx.org(org_id));
    if (!org) return Error::not_found("organisation");
    LD_ASSIGN_OR_RETURN(w.id, tx.insert_webhook(w));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "webhook", w.id, "created " + w.url).status());
    return CreatedWebhook{w, secret};
  });
}

Result<store::WebhookSubscription> Exchange::own_webhook(store::ReadTx& tx, const Caller& c, Id id) {
  LD_ASSIGN_OR_RETURN(auto w, tx.webhook(id));
  if (!w || !can_manage_org(c.actor, w->org_id)) return Error::not_found("webhook subscription");
  return *w;
}

Result<store::WebhookSubscription> Exchange::update_webhook(const Caller& c, Id id, const WebhookInput& in) {
  Error e = Error::unprocessable("invalid webhook subscription");
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::WebhookSubscription> {
    LD_ASSIGN_OR_RETURN(auto w, own_webhook(tx, c, id));
    if (in.url) {
      if (auto s = check_outbound_url(*in.url, "url"); !s.ok()) for (const auto& f : s.error().fields()) e.add_field(f);
      else w.url = *in.url;
    }
    if (in.description) w.description = clean_text(*in.description, "description", 500, false, e);
    if (in.events) {
      w.events = *in.events;
      check_events(w.events, e);
    }
    if (in.min_grade) w.min_grade = grade_field(*in.min_grade, e);
    if (in.enabled) {
      // Enabling again starts a fresh count of failures.
      if (*in.enabled && !w.enabled) {
        w.consecutive_failures = 0;
        w.disabled_reason.clear();
      }
      w.enabled = *in.enabled;
      if (!w.enabled && w.disabled_reason.empty()) w.disabled_reason = "disabled by " + actor_name(c.actor);
    }
    if (!e.fields().empty()) return Error::from_fields(e.fields());
    w.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_webhook(w));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "webhook", w.id, "updated").status());
    return w;
  });
}

Status Exchange::delete_webhook(const Caller& c, Id id) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto w, own_webhook(tx, c, id));
    LD_RETURN_IF_ERROR(tx.delete_webhook(w.id));
    return log_access(tx, c, now, "change", "webhook", w.id, "deleted " + w.url).status();
  });
}

Result<CreatedWebhook> Exchange::rotate_secret(const Caller& c, Id id) {
  Time now = ctx_.clock.now();
  std::string secret = "whsec_" + crypto::random_token(32);
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<CreatedWebhook> {
    LD_ASSIGN_OR_RETURN(auto w, own_webhook(tx, c, id));
    w.secret_sealed = crypto::seal(ctx_.seal_key, secret);
    w.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_webhook(w));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "webhook", w.id, "secret rotated").status());
    return CreatedWebhook{w, secret};
  });
}

Result<Id> Exchange::test_webhook(const Caller& c, Id id) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
    LD_ASSIGN_OR_RETURN(auto w, own_webhook(tx, c, id));
    NotificationEvent ev;
    ev.kind = "ping";
    ev.org_id = w.org_id;
    ev.subject_type = "webhook";
    ev.subject_id = w.id;
    ev.title = "loudong test delivery / 测试投递";
    ev.data = {{"requested_by", actor_name(c.actor)}};
    ev.dedupe = crypto::random_token(9);  // every test is a delivery of its own
    return queue_webhook(tx, ctx_, now, w, ev);
  });
}

Result<store::NotificationPrefs> Exchange::prefs(const Caller& c) {
  if (c.actor.user_id == 0) return Error::unauthenticated("sign in first");
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<store::NotificationPrefs> {
    LD_ASSIGN_OR_RETURN(auto p, tx.notification_prefs(c.actor.user_id));
    store::NotificationPrefs out = p.value_or(default_prefs(c.actor.user_id));
    out.user_id = c.actor.user_id;
    return out;
  });
}

Result<store::NotificationPrefs> Exchange::set_prefs(const Caller& c, store::NotificationPrefs p) {
  if (c.actor.user_id == 0) return Error::unauthenticated("sign in first");
  Error e = Error::unprocessable("invalid notification preferences");
  check_events(p.events, e);
  if (p.language != "zh-CN" && p.language != "en-US" && p.language != "both")
    e.add_field({"language", "bad_language", "language must be zh-CN, en-US or both"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  p.user_id = c.actor.user_id;
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::NotificationPrefs> {
    LD_ASSIGN_OR_RETURN(auto old, tx.notification_prefs(p.user_id));
    if (old) p.last_digest_at = old->last_digest_at;
    LD_RETURN_IF_ERROR(tx.put_notification_prefs(p));
    return p;
  });
}

Result<std::pair<std::vector<store::OutboxMessage>, store::OutboxCounts>> Exchange::deliveries(const Caller& c,
                                                                                               store::OutboxFilter f) {
  if (c.actor.anonymous()) return Error::unauthenticated("sign in first");
  f.org_ids = delivery_orgs(c.actor);
  return ctx_.store.read(
      [&](store::ReadTx& tx) -> Result<std::pair<std::vector<store::OutboxMessage>, store::OutboxCounts>> {
        LD_ASSIGN_OR_RETURN(auto items, tx.outbox(f));
        LD_ASSIGN_OR_RETURN(auto counts, tx.outbox_counts(f.org_ids));
        return std::make_pair(std::move(items), counts);
      });
}

Result<DeliveryDetail> Exchange::delivery(const Caller& c, Id id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<DeliveryDetail> {
    LD_ASSIGN_OR_RETURN(auto m, tx.outbox_message(id));
    if (!m || !can_see_delivery(c.actor, *m)) return Error::not_found("delivery");
    LD_ASSIGN_OR_RETURN(auto attempts, tx.delivery_attempts(id));
    return DeliveryDetail{std::move(*m), std::move(attempts)};
  });
}

Result<store::OutboxMessage> Exchange::retry(const Caller& c, Id id) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::OutboxMessage> {
    LD_ASSIGN_OR_RETURN(auto m, tx.outbox_message(id));
    if (!m || !can_see_delivery(c.actor, *m)) return Error::not_found("delivery");
    if (m->state == store::OutboxState::sent)
      return Error::conflict("this delivery was sent already", "already_sent").with_allowed({"pending", "dead"});
    if (m->state == store::OutboxState::sending)
      return Error::conflict("this delivery is being sent right now", "in_flight");
    if (m->state == store::OutboxState::dead) m->max_attempts = m->attempts + ctx_.notify.max_attempts;
    m->state = store::OutboxState::pending;
    m->next_attempt_at = now;
    LD_RETURN_IF_ERROR(tx.update_outbox(*m));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "delivery", m->id, "retry requested").status());
    return *m;
  });
}

Result<std::vector<store::Peer>> Exchange::peers(const Caller& c) {
  // Staff choose a peer to file with, notify or forward to; only platform
  // administrators change the list (tokens are never shown to anyone).
  if (!c.actor.platform_admin && !c.actor.system && c.actor.memberships.empty())
    return Error::denied("peers are listed for organisation members only");
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.peers(); });
}

Result<store::Peer> Exchange::add_peer(const Caller& c, const PeerInput& in) {
  if (!c.actor.platform_admin && !c.actor.system) return Error::denied("only platform administrators manage peers");
  Error e = Error::unprocessable("invalid peer");
  store::Peer p;
  p.name = clean_text(in.name, "name", 200, true, e);
  if (auto s = check_outbound_url(in.base_url, "base_url"); !s.ok()) for (const auto& f : s.error().fields()) e.add_field(f);
  p.base_url = in.base_url;
  std::string token = clean_text(in.token, "token", 500, true, e);
  p.pinned_cert_sha256 = clean_text(in.pinned_cert_sha256, "pinned_cert_sha256", 200, false, e);
  if (!p.pinned_cert_sha256.empty() && p.pinned_cert_sha256.rfind("sha256//", 0) != 0)
    e.add_field({"pinned_cert_sha256", "bad_pin",
                "pinned_cert_sha256 must be sha256//<base64 of the SHA-256 of the certificate's public key>, as curl's --pinnedpubkey"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  p.org_id = in.org_id;
  p.token_sealed = crypto::seal(ctx_.seal_key, token);
  p.created_by = c.actor.user_id ? std::optional<Id>(c.actor.user_id) : std::nullopt;
  p.created_at = now;
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::Peer> {
    LD_ASSIGN_OR_RETURN(auto org, tx.org(p.org_id));
    if (!org) return Error::field("org_id", "unknown", "no organisation with this id");
    LD_ASSIGN_OR_RETURN(auto all, tx.peers());
    for (const auto& q : all)
      if (q.name == p.name) return Error::field("name", "taken", "a peer with this name exists");
    LD_ASSIGN_OR_RETURN(p.id, tx.insert_peer(p));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "peer", p.id, "added " + p.base_url).status());
    return p;
  });
}

Status Exchange::remove_peer(const Caller& c, Id id) {
  if (!c.actor.platform_admin && !c.actor.system) return Error::denied("only platform administrators manage peers");
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto p, tx.peer(id));
    if (!p) return Error::not_found("peer");
    LD_RETURN_IF_ERROR(tx.delete_peer(id));
    return log_access(tx, c, now, "change", "peer", id, "removed " + p->base_url).status();
  });
}

}  // namespace loudong::services
