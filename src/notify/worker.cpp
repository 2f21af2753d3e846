#include "notify/worker.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <map>
#include <random>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "crypto/crypto.h"

namespace loudong::notify {

using nlohmann::json;
using store::OutboxKind;
using store::OutboxMessage;

namespace {

// Deliveries are background work: on a small machine they must yield the
// CPU to requests (Linux: a thread's nice value is its own).
void lower_priority() { setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10); }

}  // namespace

struct Worker::Prepared {
  OutboxMessage msg;
  std::optional<Outcome> preset;  // decided before sending (a deleted subscription, bad payload)
  int merged_into = -1;           // a digest item sent inside another message
  HttpRequest http;
  std::string secret;             // webhook signing secret (unsealed, in memory only)
  std::string mail_to, mail_subject, mail_text, message_id, in_reply_to;
  Outcome outcome;
};

Worker::Worker(services::Context& ctx, WorkerOptions options, AfterDelivery after)
    : ctx_(ctx), opt_(std::move(options)), after_(std::move(after)) {
  for (int i = 0; i < std::max(1, opt_.concurrency); ++i)
    transports_.push_back(std::make_unique<Transport>(opt_.extra_ca));
}

Worker::~Worker() { stop(); }

void Worker::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    lower_priority();
    loop();
  });
}

void Worker::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Worker::wake() {
  {
    std::lock_guard lk(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void Worker::loop() {
  for (;;) {
    {
      std::lock_guard lk(mu_);
      if (stopping_) return;
    }
    auto n = run_once();
    if (!n.ok()) spdlog::warn("outbox round failed: {}", n.error().log_message());
    if (n.ok() && *n > 0) continue;  // a backlog: go on at once
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, opt_.idle_poll, [&] { return stopping_ || woken_; });
    woken_ = false;
  }
}

Result<std::vector<Worker::Prepared>> Worker::prepare(std::vector<OutboxMessage> batch) {
  std::vector<Prepared> out(batch.size());
  std::map<std::string, int> digest_carrier;  // address -> index of the message that carries the digest
  std::map<int, std::vector<std::pair<std::string, std::string>>> digest_items;
  LD_RETURN_IF_ERROR(ctx_.store.read([&](store::ReadTx& tx) -> Status {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto& p = out[i];
      p.msg = std::move(batch[i]);
      json payload = json::parse(p.msg.payload, nullptr, false);
      if (payload.is_object() && payload.contains("sealed")) {
        auto bytes = crypto::base64_decode(payload.value("sealed", ""));
        auto text = bytes.ok() ? crypto::unseal(ctx_.seal_key, *bytes) : Result<std::string>(bytes.error());
        payload = text.ok() ? json::parse(*text, nullptr, false) : json();
      }
      if (payload.is_discarded() || !payload.is_object()) {
        p.preset = Outcome{false, 0, "stored payload is not a JSON object", "", true, 0};
        continue;
      }
      switch (p.msg.kind) {
        case OutboxKind::email: {
          p.mail_to = payload.value("to", "");
          p.mail_subject = payload.value("subject", "");
          p.mail_text = payload.value("text", "");
          p.message_id = crypto::sha256_hex(p.msg.idempotency_key).substr(0, 32) + "@loudong";
          p.in_reply_to = payload.value("in_reply_to", "");
          if (payload.value("digest", false)) {
            auto [it, fresh] = digest_carrier.emplace(p.mail_to, static_cast<int>(i));
            if (!fresh) p.merged_into = it->second;
            digest_items[it->second].emplace_back(p.mail_subject, p.mail_text);
          }
          break;
        }
        case OutboxKind::webhook: {
          if (!p.msg.webhook_id) {
            p.preset = Outcome{false, 0, "no subscription", "", true, 0};
            break;
          }
          LD_ASSIGN_OR_RETURN(auto w, tx.webhook(*p.msg.webhook_id));
          if (!w) {
            p.preset = Outcome{false, 0, "the subscription was deleted", "", true, 0};
            break;
          }
          if (!w->enabled) {
            p.preset = Outcome{false, 0, "the subscription is disabled", "", true, 0};
            break;
          }
          auto secret = crypto::unseal(ctx_.seal_key, w->secret_sealed);
          if (!secret.ok()) {
            p.preset = Outcome{false, 0, "the subscription's secret cannot be unsealed", "", true, 0};
            break;
          }
          p.secret = std::move(*secret);
          p.http.url = w->url;
          p.http.body = payload.value("body", "");
          p.http.timeout = opt_.http_timeout;
          p.http.headers = {"Content-Type: application/json", "X-Loudong-Event: " + p.msg.event,
                            "X-Loudong-Delivery: " + p.msg.idempotency_key};
          break;
        }
        case OutboxKind::event:
          // Nothing leaves the machine: the after-delivery hook fans it out
          // in the transaction that records this round.
          p.preset = Outcome{true, 0, "", "", false, 0};
          break;
        case OutboxKind::federation: {
          if (!p.msg.peer_id) {
            p.preset = Outcome{false, 0, "no peer", "", true, 0};
            break;
          }
          LD_ASSIGN_OR_RETURN(auto peer, tx.peer(*p.msg.peer_id));
          if (!peer) {
            p.preset = Outcome{false, 0, "the peer was removed", "", true, 0};
            break;
          }
          auto token = crypto::unseal(ctx_.seal_key, peer->token_sealed);
          if (!token.ok()) {
            p.preset = Outcome{false, 0, "the peer's token cannot be unsealed", "", true, 0};
            break;
          }
          std::string base = peer->base_url;
          while (!base.empty() && base.back() == '/') base.pop_back();
          p.http.url = base + payload.value("path", "");
          p.http.body = payload.value("body", "");
          p.http.timeout = opt_.http_timeout;
          p.http.pinned_pubkey = peer->pinned_cert_sha256;
          p.http.headers = {"Content-Type: application/json", "Authorization: Bearer " + *token,
                            "Idempotency-Key: " + p.msg.idempotency_key};
          break;
        }
      }
    }
    return {};
  }));
  for (auto& [carrier, items] : digest_items) {
    auto& p = out[carrier];
    if (items.size() == 1) continue;
    p.mail_subject = "loudong 每日摘要 / daily digest (" + std::to_string(items.size()) + ")";
    std::string text;
    for (const auto& [subject, body] : items) text += "## " + subject + "\n\n" + body + "\n\n";
    p.mail_text = std::move(text);
  }
  return out;
}

Outcome Worker::deliver(Transport& t, Prepared& p) {
  if (p.preset) return *p.preset;
  switch (p.msg.kind) {
    case OutboxKind::email: {
      Time now = ctx_.clock.now();
      auto message = build_email(opt_.smtp.from, p.mail_to, p.mail_subject, p.mail_text, p.message_id, now,
                                 p.in_reply_to);
      Outcome o = t.send_mail(opt_.smtp, p.mail_to, message);
      if (o.ok) o.response = "<" + p.message_id + ">";
      return o;
    }
    case OutboxKind::webhook: {
      // Signed at send time: the receiver's replay window counts from here.
      auto secs = std::chrono::duration_cast<std::chrono::seconds>(ctx_.clock.now().time_since_epoch()).count();
      HttpRequest r = p.http;
      r.headers.push_back("X-Loudong-Signature: " + webhook_signature(p.secret, secs, r.body));
      r.headers.push_back("X-Loudong-Timestamp: " + std::to_string(secs));
      return t.post(r);
    }
    case OutboxKind::federation:
      return t.post(p.http);
    case OutboxKind::event:
      break;  // preset above
  }
  return {};
}

void Worker::deliver_all(std::vector<Prepared>& batch) {
  std::atomic<std::size_t> next{0};
  auto work = [&](Transport& t) {
    lower_priority();
    for (std::size_t i = next++; i < batch.size(); i = next++)
      if (batch[i].merged_into < 0) batch[i].outcome = deliver(t, batch[i]);
  };
  std::size_t threads = std::min(transports_.size(), batch.size());
  if (threads <= 1) {
    work(*transports_[0]);
  } else {
    std::vector<std::thread> pool;
    for (std::size_t k = 0; k < threads; ++k) pool.emplace_back(work, std::ref(*transports_[k]));
    for (auto& th : pool) th.join();
  }
  for (auto& p : batch)
    if (p.merged_into >= 0) {
      p.outcome = batch[p.merged_into].outcome;
      if (p.outcome.ok) p.outcome.response = "in digest " + batch[p.merged_into].outcome.response;
    }
}

Result<int> Worker::run_once() {
  Time now = ctx_.clock.now();
  // Idle rounds only read: the claim is a write, and the writer is the
  // intake's bottleneck. While a backlog drains, claim straight away.
  if (!backlog_) {
    LD_ASSIGN_OR_RETURN(auto due, ctx_.store.read([&](store::ReadTx& tx) { return tx.next_outbox_due(); }));
    if (!due || *due > now) return 0;
  }
  LD_ASSIGN_OR_RETURN(auto claimed, ctx_.store.write([&](store::WriteTx& tx) {
    return tx.claim_outbox(now, now + opt_.lease, opt_.batch);
  }));
  backlog_ = static_cast<int>(claimed.size()) == opt_.batch;
  if (claimed.empty()) return 0;
  LD_ASSIGN_OR_RETURN(auto batch, prepare(std::move(claimed)));
  deliver_all(batch);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  Time done = ctx_.clock.now();
  LD_RETURN_IF_ERROR(ctx_.store.write([&](store::WriteTx& tx) -> Status {
    for (auto& p : batch) {
      if (after_) LD_RETURN_IF_ERROR(after_(tx, p.msg, p.outcome));
      record_outcome(p.msg, p.outcome, done, ctx_.notify, jitter(rng));
      LD_RETURN_IF_ERROR(tx.update_outbox(p.msg));
      store::DeliveryAttempt a{0, p.msg.id, done, p.outcome.status, p.outcome.ok ? "" : p.outcome.error,
                               p.outcome.duration_ms};
      LD_RETURN_IF_ERROR(tx.insert_delivery_attempt(a).status());
    }
    return {};
  }));
  for (const auto& p : batch)
    if (!p.outcome.ok)
      spdlog::info("delivery {} ({}, {}) failed, attempt {}: {}", p.msg.id, name_of(p.msg.kind), p.msg.event,
                   p.msg.attempts, p.outcome.error);
  return static_cast<int>(batch.size());
}

}  // namespace loudong::notify
