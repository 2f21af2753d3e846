// Rows of the exchange between parties (issue 9): the transactional outbox
// and its delivery attempts, webhook subscriptions, federation peers and
// filings, per-user notification preferences, and the authority's inbox.
//
// An outbox message is written in the same transaction as the change that
// causes it (store.write), so a commit without its messages, or a message
// without its commit, cannot happen. Workers claim due messages with a lease
// (claim_outbox); a worker that dies leaves its lease to run out, and the
// message is claimed again: receivers dedupe on idempotency_key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assessment/grading.h"
#include "core/clock.h"
#include "domain/types.h"

namespace loudong::store {

using domain::Id;

// event: a notification event not yet fanned out to its recipients; the
// worker expands it into email and webhook messages (notifications.h).
enum class OutboxKind { email, webhook, federation, event };
// pending: waiting for its next attempt; sending: claimed by a worker
// (lease in claimed_until); sent: done; dead: gave up after max_attempts or
// a permanent failure (retry_outbox puts it back).
enum class OutboxState { pending, sending, sent, dead };

struct OutboxMessage {
  Id id = 0;
  OutboxKind kind = OutboxKind::email;
  std::string idempotency_key;  // unique; also sent to receivers
  std::string event;            // "report.received", "clock.overdue", "regulatory_report.file", ...
  std::optional<Id> org_id;     // whose delivery it is (who may see it in the deliveries view)
  std::string subject_type;     // "case", "report", "regulatory_report", "inbox", "webhook", ""
  Id subject_id = 0;
  std::string target;           // email address, webhook URL or peer base URL (for display)
  std::optional<Id> webhook_id;
  std::optional<Id> peer_id;
  std::string payload;          // JSON text; its shape depends on kind (notify/messages.h)
  OutboxState state = OutboxState::pending;
  int attempts = 0;
  int max_attempts = 8;
  Time next_attempt_at{};
  std::optional<Time> claimed_until;
  std::string last_error;
  int last_status = 0;          // HTTP or SMTP status of the last attempt, 0 when none
  std::string response;         // what the receiver answered on success (message id, receipt JSON)
  Time created_at{};
  std::optional<Time> sent_at;
};

// How one delivery attempt ended.
struct DeliveryOutcome {
  bool ok = false;
  int status = 0;          // HTTP status or SMTP reply code; 0 when none came
  std::string error;       // what went wrong, for people: never contains secrets
  std::string response;    // the receiver's answer on success (bounded)
  bool permanent = false;  // retrying cannot help (a 4xx other than 408/425/429, a refused address)
  int duration_ms = 0;
};

struct DeliveryAttempt {
  Id id = 0;
  Id outbox_id = 0;
  Time at{};
  int status = 0;
  std::string error;  // empty on success
  int duration_ms = 0;
};

struct OutboxFilter {
  std::optional<OutboxState> state;
  std::optional<OutboxKind> kind;
  std::optional<std::vector<Id>> org_ids;  // unset: every message (platform admins)
  std::optional<Id> webhook_id;
  bool include_events = false;  // event rows are internal: listed only when asked for (kind = event)
  int limit = 50;
  Id before_id = 0;  // keyset: messages with id < before_id; 0 = from the newest
};

struct OutboxCounts {
  std::int64_t pending = 0, sending = 0, sent = 0, dead = 0;
};

struct WebhookSubscription {
  Id id = 0;
  Id org_id = 0;
  std::string url;
  std::string description;
  std::vector<std::string> events;  // empty: every event
  std::optional<assessment::Grade> min_grade;
  std::string secret_sealed;        // sealed with the data directory's key
  bool enabled = true;
  int consecutive_failures = 0;
  std::string disabled_reason;
  std::optional<Id> created_by;
  Time created_at{};
  Time updated_at{};
};

struct Peer {
  Id id = 0;
  std::string name;
  std::string base_url;             // "https://nvdb.example.cn"
  Id org_id = 0;                    // the peer's organisation as known here
  std::string token_sealed;         // API token issued by the peer to us
  std::string pinned_cert_sha256;   // optional: SHA-256 of the peer's certificate public key (curl's pinnedpubkey)
  std::optional<Id> created_by;
  Time created_at{};
};

struct NotificationPrefs {
  Id user_id = 0;
  bool email = true;
  std::vector<std::string> events;  // empty: every event
  std::optional<assessment::Grade> min_grade;
  bool digest = false;              // false: immediate
  std::string language = "zh-CN";   // "zh-CN" | "en-US"
  std::optional<Time> last_digest_at;
};

// A regulatory report sent to an authority's deployment through a peer.
struct RegulatoryFiling {
  Id id = 0;
  Id regulatory_report_id = 0;
  Id peer_id = 0;
  Id outbox_id = 0;
  std::string state = "sending";    // sending | received | acknowledged | returned | failed
  std::string peer_reference;       // the authority's reference
  std::int64_t peer_receipt_seq = 0;
  std::string peer_receipt_hash;    // the peer's receipt record hash: proof of the exchange
  std::optional<Time> received_at;  // by the authority's deployment (its receipt time)
  std::optional<Time> decided_at;   // acknowledged or returned by an officer
  std::string note;
  Time created_at{};
};

// A regulatory report as received by an authority's deployment.
struct InboxItem {
  Id id = 0;
  std::string reference;            // "NVDB-R-2026-000001"
  Id from_org = 0;                  // the sending provider, as known here
  std::string sender_key;           // the sender's idempotency key (unique per sender)
  std::string sender_report_id;     // the sender's regulatory report id, for the answer
  std::string fields_json;          // the Art. 7(2) fields and more, as sent
  std::string case_ref;             // the sender's case reference
  Time aware_at{};                  // when the provider says it learned of it
  Time received_at{};
  std::int64_t receipt_seq = 0;
  std::string receipt_hash;
  std::string state = "received";   // received | acknowledged | returned
  std::string decision_note;
  std::optional<Time> decided_at;
  std::optional<Id> decided_by;
  std::string forwarded_json = "[]";  // [{peer, at, outbox_id}]
  std::string joint_assessment_json;  // {participants, conclusion, grade, at, by}
};

struct InboxFilter {
  std::optional<std::string> state;
  std::optional<Id> from_org;
  int limit = 50;
  Id before_id = 0;
};

// A threat or vulnerability record shared with partners (R-THREAT).
// What this deployment answered a peer's federated call, kept so that the
// same call (same sender, same idempotency key) gets the same answer.
struct FederationAnswer {
  Id from_org = 0;
  std::string key;
  std::string route;
  int status = 0;
  std::string body;
  Time at{};
};

struct ThreatRecord {
  Id id = 0;
  Id partner_org = 0;      // who pushed it (0: this deployment)
  std::string external_id; // the partner's id, unique per partner
  std::string kind;        // "vulnerability" | "threat"
  std::string body_json;
  Time received_at{};
};

}  // namespace loudong::store

LD_ENUM_NAMES(loudong::store::OutboxKind, "email", "webhook", "federation", "event");
LD_ENUM_NAMES(loudong::store::OutboxState, "pending", "sending", "sent", "dead");
