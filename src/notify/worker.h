// The outbox worker: claims due messages from the store, delivers them
// (SMTP, signed webhook POSTs, federation calls) on a small pool of
// threads, and records every attempt and its outcome in one transaction per
// batch. One worker per SQLite store; the store's claim takes a lease, so a
// worker that dies mid-batch loses nothing: the lease runs out and the
// messages are claimed again (receivers dedupe on the idempotency key).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "notify/transport.h"
#include "services/context.h"

namespace loudong::notify {

struct WorkerOptions {
  SmtpSettings smtp;
  int concurrency = 8;                       // delivery threads
  int batch = 64;                            // messages claimed per round
  std::chrono::milliseconds idle_poll{200};  // how often an idle worker looks for due messages
  std::chrono::seconds lease{120};           // a claimed message is another worker's after this
  std::chrono::milliseconds http_timeout{10000};
  std::shared_ptr<const CaBundle> extra_ca;  // tls.peer_ca_file, loaded at start
};

// Called inside the transaction that records a batch, once per message,
// before its outcome is applied: the services react to deliveries here (a
// federation receipt stops a clock, failed webhooks disable their
// subscription) and may turn a success into a failure (a peer that answered
// 200 with something that is not a receipt). An error rolls the batch's
// records back; the messages are then claimed again after their lease.
using AfterDelivery = std::function<Status(store::WriteTx&, const store::OutboxMessage&, Outcome&)>;

class Worker {
 public:
  Worker(services::Context& ctx, WorkerOptions options, AfterDelivery after);
  ~Worker();  // stops and joins

  void start();
  // Stops claiming; the batch in flight finishes and is recorded.
  void stop();
  // Asks for a round now (a message was just queued).
  void wake();
  // One round, for tests and the CLI: claims, delivers, records. Returns
  // how many messages it handled.
  Result<int> run_once();

 private:
  struct Prepared;
  Result<std::vector<Prepared>> prepare(std::vector<store::OutboxMessage> batch);
  void deliver_all(std::vector<Prepared>& batch);
  Outcome deliver(Transport& t, Prepared& p);
  void loop();

  services::Context& ctx_;
  WorkerOptions opt_;
  AfterDelivery after_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  bool backlog_ = false;  // the last claim was a full batch: more are due

  // One Transport per delivery thread: a batch is split among threads that
  // each use their own, so curl handles keep their connections between batches.
  std::vector<std::unique_ptr<Transport>> transports_;
};

}  // namespace loudong::notify
