#include "services/notifications.h"

#include <algorithm>

#include "core/time.h"
#include "services/advisory_exports.h"

namespace loudong::services {

using namespace domain;
using nlohmann::json;

namespace {

bool member_role_receives(Role r) { return r != Role::auditor; }

std::string key_of(const std::string& channel, const NotificationEvent& ev, const std::string& recipient) {
  // The same event emitted again (a retried request, a second sweep) must
  // not make a second message: the key is what the event is, not when.
  return channel + ":" + ev.kind + ":" + ev.subject_type + ":" + std::to_string(ev.subject_id) + ":" + ev.dedupe +
         ":" + recipient;
}

store::OutboxMessage base_message(const Context& ctx, Time now, store::OutboxKind kind) {
  store::OutboxMessage m;
  m.kind = kind;
  m.state = store::OutboxState::pending;
  m.max_attempts = ctx.notify.max_attempts;
  m.next_attempt_at = now;
  m.created_at = now;
  return m;
}

// The next local digest hour after `now`.
Time next_digest_time(const Context& ctx, Time now) {
  auto offset = std::chrono::seconds(ctx.zone.offset_at(now));
  auto local = now + offset;
  auto at = std::chrono::floor<std::chrono::days>(local) + std::chrono::hours(ctx.notify.digest_hour);
  if (at <= local) at += std::chrono::days(1);
  return at - offset;
}

}  // namespace

NotificationEvent case_event(const Case& c, std::string kind) {
  NotificationEvent ev;
  ev.kind = std::move(kind);
  ev.org_id = c.provider_org;
  ev.grade = c.assessment.grade;
  ev.subject_type = "case";
  ev.subject_id = c.id;
  ev.ref = c.ref;
  ev.title = c.title;
  return ev;
}

Result<NotificationEvent> report_event(store::ReadTx& tx, const Report& r, std::string kind) {
  NotificationEvent ev;
  ev.kind = std::move(kind);
  ev.org_id = kHostOrg;
  if (r.product_id) {
    LD_ASSIGN_OR_RETURN(auto p, tx.product(*r.product_id));
    if (p) ev.org_id = p->provider_org;
  }
  ev.subject_type = "report";
  ev.subject_id = r.id;
  ev.ref = r.tracking_id;
  ev.title = r.title;
  return ev;
}

store::NotificationPrefs default_prefs(Id user_id) {
  store::NotificationPrefs p;
  p.user_id = user_id;
  p.events = kDefaultEmailEvents;
  return p;
}

bool wants(const std::vector<std::string>& events, const std::optional<assessment::Grade>& min_grade,
           const std::string& kind, const std::optional<assessment::Grade>& grade) {
  if (!events.empty() && std::find(events.begin(), events.end(), kind) == events.end()) return false;
  // Grades are ordered critical < high < medium < low as enumerators: "at
  // least high" means an enumerator not greater than high's.
  if (min_grade && grade && static_cast<int>(*grade) > static_cast<int>(*min_grade)) return false;
  return true;
}

json webhook_body(const NotificationEvent& ev, const std::string& delivery_id, Time now) {
  json j = {{"id", delivery_id},
            {"event", ev.kind},
            {"occurred_at", format_utc(now)},
            {"subject", {{"type", ev.subject_type}, {"id", ev.subject_id}, {"ref", ev.ref}, {"title", ev.title}}},
            {"data", ev.data}};
  if (ev.grade) j["grade"] = std::string(assessment::grade_code(*ev.grade));
  else j["grade"] = nullptr;
  if (ev.org_id) j["organisation_id"] = *ev.org_id;
  return j;
}

std::pair<std::string, std::string> localised(const std::string& language, const std::string& subject_zh,
                                              const std::string& subject_en, const std::string& body_zh,
                                              const std::string& body_en) {
  if (language == "en-US") return {subject_en, body_en};
  if (language == "zh-CN") return {subject_zh, body_zh};
  return {subject_zh + " / " + subject_en, body_zh + "\n\n----\n\n" + body_en};
}

Result<Id> queue_webhook(store::WriteTx& tx, const Context& ctx, Time now, const store::WebhookSubscription& w,
                         const NotificationEvent& ev) {
  auto m = base_message(ctx, now, store::OutboxKind::webhook);
  m.idempotency_key = key_of("webhook" + std::to_string(w.id), ev, "");
  m.event = ev.kind;
  m.org_id = ev.org_id;
  m.subject_type = ev.subject_type;
  m.subject_id = ev.subject_id;
  m.target = w.url;
  m.webhook_id = w.id;
  // The body is fixed now, so every retry signs the same bytes and the
  // receiver sees the same delivery id.
  m.payload = json{{"body", webhook_body(ev, m.idempotency_key, now).dump()}}.dump();
  return tx.enqueue(m);
}

Result<Id> send_email(store::WriteTx& tx, const Context& ctx, Time now, const DirectEmail& e) {
  if (!ctx.notify.enabled || e.to.empty()) return Id{0};
  if (e.outside_parties) {
    std::vector<domain::ExploitHit> hits;
    const std::pair<const char*, const std::string*> texts[] = {
        {"email.subject_zh", &e.subject_zh}, {"email.subject_en", &e.subject_en},
        {"email.body_zh", &e.body_zh},       {"email.body_en", &e.body_en}};
    for (const auto& [field, text] : texts)
      for (auto& h : domain::find_exploit_content(field, *text)) hits.push_back(std::move(h));
    LD_RETURN_IF_ERROR(no_exploit_gate(hits, now));
  }
  auto [subject, text] = localised(e.language, e.subject_zh, e.subject_en, e.body_zh, e.body_en);
  auto m = base_message(ctx, now, store::OutboxKind::email);
  m.idempotency_key = "email:" + e.event + ":" + e.subject_type + ":" + std::to_string(e.subject_id) + ":" + e.dedupe +
                      ":" + e.to;
  m.event = e.event;
  m.org_id = e.org_id;
  m.subject_type = e.subject_type;
  m.subject_id = e.subject_id;
  m.target = e.to;
  json payload = e.extra.is_object() ? e.extra : json::object();
  payload["to"] = e.to;
  payload["subject"] = subject;
  payload["text"] = text;
  m.payload = e.sealed ? json{{"sealed", crypto::base64_encode(crypto::seal(ctx.seal_key, payload.dump()))}}.dump()
                       : payload.dump();
  return tx.enqueue(m);
}

json event_to_json(const NotificationEvent& ev, Time occurred_at) {
  json j = {{"kind", ev.kind},
            {"org_id", ev.org_id ? json(*ev.org_id) : json()},
            {"grade", ev.grade ? json(std::string(assessment::grade_code(*ev.grade))) : json()},
            {"subject_type", ev.subject_type},
            {"subject_id", ev.subject_id},
            {"ref", ev.ref},
            {"title", ev.title},
            {"data", ev.data},
            {"subject_zh", ev.subject_zh},
            {"subject_en", ev.subject_en},
            {"body_zh", ev.body_zh},
            {"body_en", ev.body_en},
            {"escalate_to_admins", ev.escalate_to_admins},
            {"dedupe", ev.dedupe},
            {"occurred_at", to_micros(occurred_at)}};
  return j;
}

Result<std::pair<NotificationEvent, Time>> event_from_json(const json& j) {
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string() || !j.contains("occurred_at") ||
      !j["occurred_at"].is_number_integer())
    return Error::invalid("not a notification event");
  NotificationEvent ev;
  try {
    ev.kind = j.value("kind", "");
    if (j.contains("org_id") && j["org_id"].is_number_integer()) ev.org_id = j["org_id"].get<Id>();
    if (j.contains("grade") && j["grade"].is_string()) {
      auto g = assessment::parse_grade(j["grade"].get<std::string>());
      if (g.ok()) ev.grade = *g;
    }
    ev.subject_type = j.value("subject_type", "");
    ev.subject_id = j.value("subject_id", Id{0});
    ev.ref = j.value("ref", "");
    ev.title = j.value("title", "");
    ev.data = j.contains("data") ? j["data"] : json::object();
    ev.subject_zh = j.value("subject_zh", "");
    ev.subject_en = j.value("subject_en", "");
    ev.body_zh = j.value("body_zh", "");
    ev.body_en = j.value("body_en", "");
    ev.escalate_to_admins = j.value("escalate_to_admins", false);
    ev.dedupe = j.value("dedupe", "");
  } catch (const json::exception& e) {
    return Error::invalid(std::string("not a notification event: ") + e.what());
  }
  return std::make_pair(std::move(ev), from_micros(j["occurred_at"].get<std::int64_t>()));
}

Result<int> publish(store::WriteTx& tx, const Context& ctx, Time now, const NotificationEvent& ev) {
  if (!ctx.notify.enabled || !ev.org_id) return 0;
  auto m = base_message(ctx, now, store::OutboxKind::event);
  m.idempotency_key = key_of("event" + std::to_string(*ev.org_id), ev, "");
  m.event = ev.kind;
  m.org_id = ev.org_id;
  m.subject_type = ev.subject_type;
  m.subject_id = ev.subject_id;
  m.payload = event_to_json(ev, now).dump();
  LD_ASSIGN_OR_RETURN(Id id, tx.enqueue(m));
  return id != 0 ? 1 : 0;
}

Result<int> emit(store::WriteTx& tx, const Context& ctx, Time now, const NotificationEvent& ev) {
  if (!ctx.notify.enabled || !ev.org_id) return 0;
  int written = 0;
  // Failures of deliveries are told to people: a failing webhook told
  // about its own failure would feed itself.
  bool to_webhooks = ev.kind != "delivery.failed" && ev.kind != "webhook.disabled";
  LD_ASSIGN_OR_RETURN(auto hooks, to_webhooks ? tx.webhooks(*ev.org_id)
                                              : Result<std::vector<store::WebhookSubscription>>(
                                                    std::vector<store::WebhookSubscription>{}));
  for (const auto& w : hooks) {
    if (!w.enabled || !wants(w.events, w.min_grade, ev.kind, ev.grade)) continue;
    LD_ASSIGN_OR_RETURN(Id id, queue_webhook(tx, ctx, now, w, ev));
    written += id != 0;
  }
  LD_ASSIGN_OR_RETURN(auto members, tx.org_members(*ev.org_id));
  for (const auto& [user, role] : members) {
    if (!member_role_receives(role) || user.email.empty()) continue;
    LD_ASSIGN_OR_RETURN(auto prefs, tx.notification_prefs(user.id));
    store::NotificationPrefs p = prefs.value_or(default_prefs(user.id));
    bool escalated = ev.escalate_to_admins && role == Role::admin;
    if (!escalated && (!p.email || !wants(p.events, p.min_grade, ev.kind, ev.grade))) continue;
    auto [subject, text] = localised(p.language, ev.subject_zh, ev.subject_en, ev.body_zh, ev.body_en);
    auto m = base_message(ctx, now, store::OutboxKind::email);
    m.idempotency_key = key_of("email", ev, user.email);
    m.event = ev.kind;
    m.org_id = ev.org_id;
    m.subject_type = ev.subject_type;
    m.subject_id = ev.subject_id;
    m.target = user.email;
    bool digest = p.digest && !escalated;
    // A digest item waits for the digest hour; the worker sends every item
    // due for one address as one message.
    if (digest) m.next_attempt_at = next_digest_time(ctx, now);
    m.payload = json{{"to", user.email}, {"subject", subject}, {"text", text}, {"digest", digest},
                     {"language", p.language}}
                    .dump();
    LD_ASSIGN_OR_RETURN(Id id, tx.enqueue(m));
    written += id != 0;
  }
  return written;
}

}  // namespace loudong::services
