// Notifications (issue 9, R-REPORT-2D, R-UPSTREAM, R-FIX-NOTIFY): what a
// change in a case or report tells people and systems. Every function here
// writes outbox messages inside the caller's transaction, so a change and
// the messages it causes commit together or not at all; the notify worker
// delivers them later. Nothing here does I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/common.h"

namespace loudong::services {

// Events people and systems may subscribe to. Webhook subscriptions and
// notification preferences name these; an empty list means all.
inline const std::vector<std::string> kNotificationEvents = {
    "report.received",   "report.state_changed", "case.confirmed",       "case.state_changed",
    "clock.due_soon",    "clock.overdue",        "regulatory_report.submitted", "regulatory_report.acknowledged",
    "regulatory_report.returned", "user_notice.owed", "upstream_notice.received", "delivery.failed",
    "webhook.disabled",  "ping"};

// What a member who never set preferences is emailed: the duties and the
// deadlines, not every state change.
inline const std::vector<std::string> kDefaultEmailEvents = {
    "report.received", "case.confirmed", "clock.due_soon", "clock.overdue", "regulatory_report.submitted",
    "regulatory_report.acknowledged", "regulatory_report.returned", "user_notice.owed", "upstream_notice.received",
    "delivery.failed", "webhook.disabled"};

// A user's preferences before they set any.
store::NotificationPrefs default_prefs(domain::Id user_id);

struct NotificationEvent {
  std::string kind;                 // one of kNotificationEvents
  std::optional<domain::Id> org_id; // whose event: subscriptions and members of this organisation
  std::optional<assessment::Grade> grade;
  std::string subject_type;         // "case" | "report" | "clock" | "regulatory_report" | ...
  domain::Id subject_id = 0;
  std::string ref;                  // case ref or tracking id, for people
  std::string title;
  nlohmann::json data = nlohmann::json::object();  // the webhook body's "data"
  // The texts of the email, per language: subject and body.
  std::string subject_zh, subject_en, body_zh, body_en;
  bool escalate_to_admins = false;  // overdue clocks reach the organisation's admins whatever they chose
  // A unique part of the idempotency keys: the same event emitted twice
  // (a retried request, a second sweep) makes no second message.
  std::string dedupe;
};

// An email to one address outside the member lists (a finder's contact, a
// customer contact, the sender of an emailed report).
struct DirectEmail {
  std::string to;
  std::string language = "zh-CN";  // "zh-CN" | "en-US" | "both"
  std::string subject_zh, subject_en, body_zh, body_en;
  std::string event;                // for the deliveries view
  std::optional<domain::Id> org_id;
  std::string subject_type;
  domain::Id subject_id = 0;
  std::string dedupe;               // unique part of the idempotency key
  nlohmann::json extra = nlohmann::json::object();  // more payload fields, for after_delivery
  // The text holds a secret (a tracking token): the payload is sealed at
  // rest with the data directory's key, as confidential fields are.
  bool sealed = false;
  // The recipient is no party of the case (a customer told of a fix): the
  // subject and body must pass the no-exploit gate (R-PUB-4), which
  // send_email checks whatever its caller did, refusing with the gate's 409.
  bool outside_parties = false;
};

// Queues the event: one outbox row of kind event, fanned out by the worker
// (emit) moments later. The request that causes an event pays for one
// insert, not for its recipients' lookups and messages, however many
// members and subscriptions the organisation has. Returns 1 when written,
// 0 when notifications are off or the same event was queued before.
Result<int> publish(store::WriteTx& tx, const Context& ctx, Time now, const NotificationEvent& ev);

// Fans the event out to the organisation's webhook subscriptions and to
// its members' email, per their preferences; `now` is when it happened.
// Returns how many messages were written (0 when notifications are off).
Result<int> emit(store::WriteTx& tx, const Context& ctx, Time now, const NotificationEvent& ev);

// An event as an event row's payload, and back (occurred_at included).
nlohmann::json event_to_json(const NotificationEvent& ev, Time occurred_at);
Result<std::pair<NotificationEvent, Time>> event_from_json(const nlohmann::json& j);

// Queues the event for one subscription (filters are the caller's). Returns
// the outbox id (0 when the same event was queued for it before).
Result<domain::Id> queue_webhook(store::WriteTx& tx, const Context& ctx, Time now,
                                 const store::WebhookSubscription& w, const NotificationEvent& ev);

// Queues one email. Returns the outbox id (0 when one with the same key
// exists); publication_refused (no_exploit) for exploit-like text in an
// email to someone outside the case's parties.
Result<domain::Id> send_email(store::WriteTx& tx, const Context& ctx, Time now, const DirectEmail& m);

// An event about a case (its provider's, with its grade) or a report (its
// product's provider's, else the host organisation's), subject filled in.
NotificationEvent case_event(const domain::Case& c, std::string kind);
Result<NotificationEvent> report_event(store::ReadTx& tx, const domain::Report& r, std::string kind);

// Whether a subscriber who asked for `events` and `min_grade` wants `ev`.
// An event without a grade passes any grade filter (a report not yet graded
// must not be hidden by one).
bool wants(const std::vector<std::string>& events, const std::optional<assessment::Grade>& min_grade,
           const std::string& kind, const std::optional<assessment::Grade>& grade);

// The JSON body a webhook receives for the event.
nlohmann::json webhook_body(const NotificationEvent& ev, const std::string& delivery_id, Time now);

// Subject and text of an email in the recipient's language; "both" puts
// Chinese first, then English.
std::pair<std::string, std::string> localised(const std::string& language, const std::string& subject_zh,
                                              const std::string& subject_en, const std::string& body_zh,
                                              const std::string& body_en);

}  // namespace loudong::services
