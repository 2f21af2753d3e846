// The exchange between parties (store/exchange.h): outbox, delivery
// attempts, webhooks, peers, notification preferences, clock alerts,
// regulatory filings, the authority's inbox and threat records.
#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {
namespace {

using namespace domain;

constexpr const char* kOutboxCols =
    "id, kind, idempotency_key, event, org_id, subject_type, subject_id, target, webhook_id, peer_id, payload, "
    "state, attempts, max_attempts, next_attempt_at, claimed_until, last_error, last_status, response, created_at, "
    "sent_at";
const std::string kSelectOutbox = std::string("SELECT ") + kOutboxCols + " FROM outbox WHERE id = ?";
const std::string kSelectOutboxByKey = std::string("SELECT ") + kOutboxCols + " FROM outbox WHERE idempotency_key = ?";
constexpr const char* kInsertOutbox =
    "INSERT INTO outbox(kind, idempotency_key, event, org_id, subject_type, subject_id, target, webhook_id, peer_id, "
    "payload, state, attempts, max_attempts, next_attempt_at, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(idempotency_key) DO NOTHING";
// Due: pending at or after its time, or sending with a lease run out (its
// worker died). Oldest due first, so a backlog drains in order.
const std::string kSelectDue = std::string("SELECT ") + kOutboxCols +
                               " FROM outbox WHERE state IN ('pending', 'sending') AND next_attempt_at <= ? "
                               "AND (state = 'pending' OR claimed_until <= ?) ORDER BY next_attempt_at, id LIMIT ? "
                               // Several processes may claim at once: each takes rows no other holds.
                               "FOR UPDATE SKIP LOCKED";
constexpr const char* kClaim = "UPDATE outbox SET state = 'sending', claimed_until = ? WHERE id = ?";
constexpr const char* kUpdateOutbox =
    "UPDATE outbox SET state = ?, attempts = ?, max_attempts = ?, next_attempt_at = ?, claimed_until = ?, "
    "last_error = ?, last_status = ?, response = ?, sent_at = ? WHERE id = ?";
constexpr const char* kNextDue =
    "SELECT min(CASE WHEN state = 'sending' THEN greatest(next_attempt_at, coalesce(claimed_until, 0)) "
    "ELSE next_attempt_at END) FROM outbox WHERE state IN ('pending', 'sending')";
constexpr const char* kInsertAttempt =
    "INSERT INTO delivery_attempts(outbox_id, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kSelectAttempts =
    "SELECT id, outbox_id, at, status, error, duration_ms FROM delivery_attempts WHERE outbox_id = ? ORDER BY id";

constexpr const char* kWebhookCols =
    "id, org_id, url, description, events, min_grade, secret_sealed, enabled, consecutive_failures, disabled_reason, "
    "created_by, created_at, updated_at";
const std::string kSelectWebhook = std::string("SELECT ") + kWebhookCols + " FROM webhooks WHERE id = ?";
const std::string kSelectWebhooks = std::string("SELECT ") + kWebhookCols + " FROM webhooks ORDER BY id";
const std::string kSelectOrgWebhooks =
    std::string("SELECT ") + kWebhookCols + " FROM webhooks WHERE org_id = ? ORDER BY id";
constexpr const char* kInsertWebhook =
    "INSERT INTO webhooks(org_id, url, description, events, min_grade, secret_sealed, enabled, consecutive_failures, "
    "disabled_reason, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateWebhook =
    "UPDATE webhooks SET url = ?, description = ?, events = ?, min_grade = ?, secret_sealed = ?, enabled = ?, "
    "consecutive_failures = ?, disabled_reason = ?, updated_at = ? WHERE id = ?";
constexpr const char* kDeleteWebhook = "DELETE FROM webhooks WHERE id = ?";

constexpr const char* kPeerCols =
    "id, name, base_url, org_id, token_sealed, pinned_cert_sha256, created_by, created_at";
const std::string kSelectPeer = std::string("SELECT ") + kPeerCols + " FROM peers WHERE id = ?";
const std::string kSelectPeers = std::string("SELECT ") + kPeerCols + " FROM peers ORDER BY id";
constexpr const char* kInsertPeer =
    "INSERT INTO peers(name, base_url, org_id, token_sealed, pinned_cert_sha256, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kDeletePeer = "DELETE FROM peers WHERE id = ?";

constexpr const char* kPrefsCols = "user_id, email, events, min_grade, digest, language, last_digest_at";
const std::string kSelectPrefs = std::string("SELECT ") + kPrefsCols + " FROM notification_prefs WHERE user_id = ?";
const std::string kSelectDigestPrefs =
    std::string("SELECT ") + kPrefsCols + " FROM notification_prefs WHERE digest <> 0 AND email <> 0 ORDER BY user_id";
constexpr const char* kUpsertPrefs =
    "INSERT INTO notification_prefs(user_id, email, events, min_grade, digest, language, last_digest_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET email = excluded.email, "
    "events = excluded.events, min_grade = excluded.min_grade, digest = excluded.digest, "
    "language = excluded.language, last_digest_at = excluded.last_digest_at";

constexpr const char* kInsertClockAlert =
    "INSERT INTO clock_alerts(clock_id, state, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";

constexpr const char* kFilingCols =
    "id, regulatory_report_id, peer_id, outbox_id, state, peer_reference, peer_receipt_seq, peer_receipt_hash, "
    "received_at, decided_at, note, created_at";
const std::string kSelectFilings =
    std::string("SELECT ") + kFilingCols + " FROM regulatory_filings WHERE regulatory_report_id = ? ORDER BY id";
const std::string kSelectFilingByOutbox =
    std::string("SELECT ") + kFilingCols + " FROM regulatory_filings WHERE outbox_id = ?";
constexpr const char* kInsertFiling =
    "INSERT INTO regulatory_filings(regulatory_report_id, peer_id, outbox_id, state, peer_reference, "
    "peer_receipt_seq, peer_receipt_hash, received_at, decided_at, note, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateFiling =
    "UPDATE regulatory_filings SET state = ?, peer_reference = ?, peer_receipt_seq = ?, peer_receipt_hash = ?, "
    "received_at = ?, decided_at = ?, note = ?, outbox_id = ? WHERE id = ?";

constexpr const char* kInboxCols =
    "id, reference, from_org, sender_key, sender_report_id, fields, case_ref, aware_at, received_at, receipt_seq, "
    "receipt_hash, state, decision_note, decided_at, decided_by, forwarded, joint_assessment";
const std::string kSelectInbox = std::string("SELECT ") + kInboxCols + " FROM authority_inbox WHERE id = ?";
const std::string kSelectInboxBySender =
    std::string("SELECT ") + kInboxCols + " FROM authority_inbox WHERE from_org = ? AND sender_key = ?";
constexpr const char* kInsertInbox =
    "INSERT INTO authority_inbox(reference, from_org, sender_key, sender_report_id, fields, case_ref, aware_at, "
    "received_at, receipt_seq, receipt_hash, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateInbox =
    "UPDATE authority_inbox SET state = ?, decision_note = ?, decided_at = ?, decided_by = ?, forwarded = ?, "
    "joint_assessment = ? WHERE id = ?";

constexpr const char* kSelectThreats =
    "SELECT id, partner_org, external_id, kind, body, received_at FROM threat_records WHERE id > ? ORDER BY id LIMIT ?";
constexpr const char* kUpsertThreat =
    "INSERT INTO threat_records(partner_org, external_id, kind, body, received_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(partner_org, external_id) DO UPDATE SET kind = excluded.kind, body = excluded.body, "
    "received_at = excluded.received_at RETURNING id";

constexpr const char* kSelectAnswer =
    "SELECT from_org, key, route, status, body, at FROM federation_answers WHERE from_org = ? AND key = ?";
constexpr const char* kInsertAnswer =
    "INSERT INTO federation_answers(from_org, key, route, status, body, at) VALUES (?, ?, ?, ?, ?, ?)";

std::optional<Time> opt_time(const Stmt& s, int col) {
  if (auto v = s.opt_i64(col)) return from_micros(*v);
  return std::nullopt;
}
std::optional<std::int64_t> opt_micros(const std::optional<Time>& t) {
  if (t) return to_micros(*t);
  return std::nullopt;
}
std::optional<std::string> opt_grade(const std::optional<assessment::Grade>& g) {
  if (g) return std::string(assessment::grade_code(*g));
  return std::nullopt;
}
std::optional<assessment::Grade> read_grade(const Stmt& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  auto g = assessment::parse_grade(s.text(col));
  if (!g.ok()) return std::nullopt;
  return *g;
}

OutboxMessage read_outbox(const Stmt& s) {
  OutboxMessage m;
  m.id = s.i64(0);
  m.kind = parse_enum<OutboxKind>(s.text(1)).value_or(OutboxKind::email);
  m.idempotency_key = s.text(2);
  m.event = s.text(3);
  m.org_id = s.opt_i64(4);
  m.subject_type = s.text(5);
  m.subject_id = s.i64(6);
  m.target = s.text(7);
  m.webhook_id = s.opt_i64(8);
  m.peer_id = s.opt_i64(9);
  m.payload = s.text(10);
  m.state = parse_enum<OutboxState>(s.text(11)).value_or(OutboxState::pending);
  m.attempts = static_cast<int>(s.i64(12));
  m.max_attempts = static_cast<int>(s.i64(13));
  m.next_attempt_at = from_micros(s.i64(14));
  m.claimed_until = opt_time(s, 15);
  m.last_error = s.text(16);
  m.last_status = static_cast<int>(s.i64(17));
  m.response = s.text(18);
  m.created_at = from_micros(s.i64(19));
  m.sent_at = opt_time(s, 20);
  return m;
}

WebhookSubscription read_webhook(const Stmt& s) {
  WebhookSubscription w;
  w.id = s.i64(0);
  w.org_id = s.i64(1);
  w.url = s.text(2);
  w.description = s.text(3);
  w.events = from_json_array(s.text(4));
  w.min_grade = read_grade(s, 5);
  w.secret_sealed = s.text(6);
  w.enabled = s.i64(7) != 0;
  w.consecutive_failures = static_cast<int>(s.i64(8));
  w.disabled_reason = s.text(9);
  w.created_by = s.opt_i64(10);
  w.created_at = from_micros(s.i64(11));
  w.updated_at = from_micros(s.i64(12));
  return w;
}

Peer read_peer(const Stmt& s) {
  return {s.i64(0), s.text(1), s.text(2), s.i64(3), s.text(4), s.text(5), s.opt_i64(6), from_micros(s.i64(7))};
}

NotificationPrefs read_prefs(const Stmt& s) {
  NotificationPrefs p;
  p.user_id = s.i64(0);
  p.email = s.i64(1) != 0;
  p.events = from_json_array(s.text(2));
  p.min_grade = read_grade(s, 3);
  p.digest = s.i64(4) != 0;
  p.language = s.text(5);
  p.last_digest_at = opt_time(s, 6);
  return p;
}

RegulatoryFiling read_filing(const Stmt& s) {
  RegulatoryFiling f;
  f.id = s.i64(0);
  f.regulatory_report_id = s.i64(1);
  f.peer_id = s.i64(2);
  f.outbox_id = s.i64(3);
  f.state = s.text(4);
  f.peer_reference = s.text(5);
  f.peer_receipt_seq = s.i64(6);
  f.peer_receipt_hash = s.text(7);
  f.received_at = opt_time(s, 8);
  f.decided_at = opt_time(s, 9);
  f.note = s.text(10);
  f.created_at = from_micros(s.i64(11));
  return f;
}

InboxItem read_inbox(const Stmt& s) {
  InboxItem i;
  i.id = s.i64(0);
  i.reference = s.text(1);
  i.from_org = s.i64(2);
  i.sender_key = s.text(3);
  i.sender_report_id = s.text(4);
  i.fields_json = s.text(5);
  i.case_ref = s.text(6);
  i.aware_at = from_micros(s.i64(7));
  i.received_at = from_micros(s.i64(8));
  i.receipt_seq = s.i64(9);
  i.receipt_hash = s.text(10);
  i.state = s.text(11);
  i.decision_note = s.text(12);
  i.decided_at = opt_time(s, 13);
  i.decided_by = s.opt_i64(14);
  i.forwarded_json = s.text(15);
  i.joint_assessment_json = s.text(16);
  return i;
}

// "?, ?, ?" for an IN list.
std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace

Result<std::optional<OutboxMessage>> PgTx::outbox_message(Id id) {
  return one<OutboxMessage>(c_, kSelectOutbox.c_str(), read_outbox, id);
}

Result<std::optional<OutboxMessage>> PgTx::outbox_by_key(const std::string& key) {
  return one<OutboxMessage>(c_, kSelectOutboxByKey.c_str(), read_outbox, key);
}

Result<std::vector<OutboxMessage>> PgTx::outbox(const OutboxFilter& f) {
  Where w;
  if (f.state) w.add("state = ?", std::string(name_of(*f.state)));
  // Said even beside `kind = ?`: the view's indexes are partial on it
  // (migration 2) and a bound parameter does not imply it to the planner.
  bool events = f.kind ? *f.kind == OutboxKind::event : f.include_events;
  if (!events) w.add("kind <> 'event'");
  if (f.kind) w.add("kind = ?", std::string(name_of(*f.kind)));
  if (f.webhook_id) w.add("webhook_id = ?", *f.webhook_id);
  if (f.before_id > 0) w.add("id < ?", f.before_id);
  if (f.org_ids) {
    if (f.org_ids->empty()) return std::vector<OutboxMessage>{};
    w.add("org_id IN (" + placeholders(f.org_ids->size()) + ")");
    for (Id o : *f.org_ids) w.params.emplace_back(o);
  }
  std::string sql = std::string("SELECT ") + kOutboxCols + " FROM outbox" + w.sql + " ORDER BY id DESC LIMIT ?";
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(sql));
  w.bind(*s);
  s->bind(static_cast<int>(w.params.size()) + 1, static_cast<std::int64_t>(f.limit));
  return collect<OutboxMessage>(*s, read_outbox);
}

Result<OutboxCounts> PgTx::outbox_counts(const std::optional<std::vector<Id>>& org_ids) {
  Where w;
  w.add("kind <> 'event'");
  if (org_ids) {
    if (org_ids->empty()) return OutboxCounts{};
    w.add("org_id IN (" + placeholders(org_ids->size()) + ")");
    for (Id o : *org_ids) w.params.emplace_back(o);
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic("SELECT state, count(*) FROM outbox" + w.sql + " GROUP BY state"));
  w.bind(*s);
  OutboxCounts out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    auto st = parse_enum<OutboxState>(s->text(0));
    if (!st) continue;
    std::int64_t n = s->i64(1);
    switch (*st) {
      case OutboxState::pending: out.pending = n; break;
      case OutboxState::sending: out.sending = n; break;
      case OutboxState::sent: out.sent = n; break;
      case OutboxState::dead: out.dead = n; break;
    }
  }
  return out;
}

Result<std::vector<DeliveryAttempt>> PgTx::delivery_attempts(Id outbox_id) {
  return all<DeliveryAttempt>(c_, kSelectAttempts, [](const Stmt& s) {
    return DeliveryAttempt{s.i64(0), s.i64(1), from_micros(s.i64(2)), static_cast<int>(s.i64(3)), s.text(4),
                           static_cast<int>(s.i64(5))};
  }, outbox_id);
}

Result<std::optional<Time>> PgTx::next_outbox_due() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kNextDue));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row || s->is_null(0)) return std::optional<Time>();
  return std::optional<Time>(from_micros(s->i64(0)));
}

Result<std::optional<WebhookSubscription>> PgTx::webhook(Id id) {
  return one<WebhookSubscription>(c_, kSelectWebhook.c_str(), read_webhook, id);
}

Result<std::vector<WebhookSubscription>> PgTx::webhooks(std::optional<Id> org_id) {
  if (org_id) return all<WebhookSubscription>(c_, kSelectOrgWebhooks.c_str(), read_webhook, *org_id);
  return all<WebhookSubscription>(c_, kSelectWebhooks.c_str(), read_webhook);
}

Result<std::optional<Peer>> PgTx::peer(Id id) { return one<Peer>(c_, kSelectPeer.c_str(), read_peer, id); }
Result<std::vector<Peer>> PgTx::peers() { return all<Peer>(c_, kSelectPeers.c_str(), read_peer); }

Result<std::optional<NotificationPrefs>> PgTx::notification_prefs(Id user_id) {
  return one<NotificationPrefs>(c_, kSelectPrefs.c_str(), read_prefs, user_id);
}
Result<std::vector<NotificationPrefs>> PgTx::digest_prefs() {
  return all<NotificationPrefs>(c_, kSelectDigestPrefs.c_str(), read_prefs);
}

Result<std::vector<RegulatoryFiling>> PgTx::regulatory_filings(Id regulatory_report_id) {
  return all<RegulatoryFiling>(c_, kSelectFilings.c_str(), read_filing, regulatory_report_id);
}
Result<std::optional<RegulatoryFiling>> PgTx::regulatory_filing_by_outbox(Id outbox_id) {
  return one<RegulatoryFiling>(c_, kSelectFilingByOutbox.c_str(), read_filing, outbox_id);
}

Result<std::optional<InboxItem>> PgTx::inbox_item(Id id) {
  return one<InboxItem>(c_, kSelectInbox.c_str(), read_inbox, id);
}
Result<std::optional<InboxItem>> PgTx::inbox_item_by_sender(Id from_org, const std::string& key) {
  return one<InboxItem>(c_, kSelectInboxBySender.c_str(), read_inbox, from_org, key);
}
Result<std::vector<InboxItem>> PgTx::inbox(const InboxFilter& f) {
  Where w;
  if (f.state) w.add("state = ?", *f.state);
  if (f.from_org) w.add("from_org = ?", *f.from_org);
  if (f.before_id > 0) w.add("id < ?", f.before_id);
  std::string sql = std::string("SELECT ") + kInboxCols + " FROM authority_inbox" + w.sql + " ORDER BY id DESC LIMIT ?";
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(sql));
  w.bind(*s);
  s->bind(static_cast<int>(w.params.size()) + 1, static_cast<std::int64_t>(f.limit));
  return collect<InboxItem>(*s, read_inbox);
}

Result<std::vector<ThreatRecord>> PgTx::threat_records(Id after_id, int limit) {
  return all<ThreatRecord>(c_, kSelectThreats, [](const Stmt& s) {
    return ThreatRecord{s.i64(0), s.i64(1), s.text(2), s.text(3), s.text(4), from_micros(s.i64(5))};
  }, after_id, static_cast<std::int64_t>(limit));
}

Result<Id> PgTx::enqueue(const OutboxMessage& m) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertOutbox));
  s->args(std::string(name_of(m.kind)), m.idempotency_key, m.event, m.org_id, m.subject_type, m.subject_id, m.target,
          m.webhook_id, m.peer_id, m.payload, std::string(name_of(m.state)), static_cast<std::int64_t>(m.attempts),
          static_cast<std::int64_t>(m.max_attempts), to_micros(m.next_attempt_at), to_micros(m.created_at));
  LD_RETURN_IF_ERROR(s->run());
  if (c_.changes() == 0) return Id{0};
  return c_.last_insert_id();
}

Result<std::vector<OutboxMessage>> PgTx::claim_outbox(Time now, Time lease_until, int limit) {
  std::vector<OutboxMessage> due;
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectDue.c_str()));
    s->args(to_micros(now), to_micros(now), static_cast<std::int64_t>(limit));
    LD_ASSIGN_OR_RETURN(due, collect<OutboxMessage>(*s, read_outbox));
  }
  for (auto& m : due) {
    LD_ASSIGN_OR_RETURN(auto u, c_.prepare(kClaim));
    u->args(to_micros(lease_until), m.id);
    LD_RETURN_IF_ERROR(u->run());
    m.state = OutboxState::sending;
    m.claimed_until = lease_until;
  }
  return due;
}

Status PgTx::update_outbox(const OutboxMessage& m) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateOutbox));
  s->args(std::string(name_of(m.state)), static_cast<std::int64_t>(m.attempts),
          static_cast<std::int64_t>(m.max_attempts), to_micros(m.next_attempt_at),
          opt_micros(m.claimed_until), m.last_error, static_cast<std::int64_t>(m.last_status), m.response,
          opt_micros(m.sent_at), m.id);
  return s->run();
}

Result<Id> PgTx::insert_delivery_attempt(const DeliveryAttempt& a) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAttempt));
  s->args(a.outbox_id, to_micros(a.at), static_cast<std::int64_t>(a.status), a.error,
          static_cast<std::int64_t>(a.duration_ms));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Result<Id> PgTx::insert_webhook(const WebhookSubscription& w) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertWebhook));
  s->args(w.org_id, w.url, w.description, to_json_array(w.events), opt_grade(w.min_grade), std::string_view{},
          w.enabled, static_cast<std::int64_t>(w.consecutive_failures), w.disabled_reason, w.created_by,
          to_micros(w.created_at), to_micros(w.updated_at));
  s->bind_blob(6, w.secret_sealed);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status PgTx::update_webhook(const WebhookSubscription& w) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateWebhook));
  s->args(w.url, w.description, to_json_array(w.events), opt_grade(w.min_grade), std::string_view{}, w.enabled,
          static_cast<std::int64_t>(w.consecutive_failures), w.disabled_reason, to_micros(w.updated_at), w.id);
  s->bind_blob(5, w.secret_sealed);
  return s->run();
}

Status PgTx::delete_webhook(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteWebhook));
  s->args(id);
  return s->run();
}

Result<Id> PgTx::insert_peer(const Peer& p) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertPeer));
  s->args(p.name, p.base_url, p.org_id, std::string_view{}, p.pinned_cert_sha256, p.created_by,
          to_micros(p.created_at));
  s->bind_blob(4, p.token_sealed);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status PgTx::delete_peer(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeletePeer));
  s->args(id);
  return s->run();
}

Status PgTx::put_notification_prefs(const NotificationPrefs& p) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpsertPrefs));
  s->args(p.user_id, p.email, to_json_array(p.events), opt_grade(p.min_grade), p.digest, p.language,
          opt_micros(p.last_digest_at));
  return s->run();
}

Result<bool> PgTx::mark_clock_alert(Id clock_id, const std::string& state, Time at) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertClockAlert));
  s->args(clock_id, state, to_micros(at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.changes() > 0;
}

Result<Id> PgTx::insert_regulatory_filing(const RegulatoryFiling& f) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertFiling));
  s->args(f.regulatory_report_id, f.peer_id, f.outbox_id, f.state, f.peer_reference, f.peer_receipt_seq,
          f.peer_receipt_hash, opt_micros(f.received_at), opt_micros(f.decided_at), f.note, to_micros(f.created_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status PgTx::update_regulatory_filing(const RegulatoryFiling& f) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateFiling));
  s->args(f.state, f.peer_reference, f.peer_receipt_seq, f.peer_receipt_hash, opt_micros(f.received_at),
          opt_micros(f.decided_at), f.note, f.outbox_id, f.id);
  return s->run();
}

Result<Id> PgTx::insert_inbox_item(const InboxItem& i) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertInbox));
  s->args(i.reference, i.from_org, i.sender_key, i.sender_report_id, i.fields_json, i.case_ref, to_micros(i.aware_at),
          to_micros(i.received_at), i.receipt_seq, i.receipt_hash, i.state);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status PgTx::update_inbox_item(const InboxItem& i) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateInbox));
  s->args(i.state, i.decision_note, opt_micros(i.decided_at), i.decided_by, i.forwarded_json, i.joint_assessment_json,
          i.id);
  return s->run();
}

Result<Id> PgTx::put_threat_record(const ThreatRecord& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpsertThreat));
  s->args(r.partner_org, r.external_id, r.kind, r.body_json, to_micros(r.received_at));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return Error::internal("threat record upsert returned no id");
  return s->i64(0);
}

Result<std::optional<FederationAnswer>> PgTx::federation_answer(Id from_org, const std::string& key) {
  return one<FederationAnswer>(c_, kSelectAnswer, [](const Stmt& s) {
    return FederationAnswer{s.i64(0), s.text(1), s.text(2), static_cast<int>(s.i64(3)), s.text(4),
                            from_micros(s.i64(5))};
  }, from_org, key);
}

Status PgTx::insert_federation_answer(const FederationAnswer& a) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAnswer));
  s->args(a.from_org, a.key, a.route, static_cast<std::int64_t>(a.status), a.body, to_micros(a.at));
  return s->run();
}

}  // namespace loudong::store::postgres
