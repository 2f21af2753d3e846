// What the services do when a delivery ends (the outbox worker's hook, run
// in the transaction that records the attempt):
//   - an event row: fanned out to its recipients' messages (emit);
//   - federation calls: the peer's receipt stops clocks (Federation);
//   - a user-notice email delivered: the notice is recorded with its
//     Message-ID as evidence, and the clock stops when all customers are told;
//   - webhooks: a success resets the failure count; after
//     notify.webhook_disable_after failed attempts in a row the subscription
//     is disabled and the organisation's admins are emailed;
//   - a message given up (dead): its organisation's admins are told.
#pragma once

#include "services/federation.h"

namespace loudong::services {

class Deliveries {
 public:
  Deliveries(Context& ctx, Federation& federation) : ctx_(ctx), federation_(federation) {}
  Status after(store::WriteTx& tx, const store::OutboxMessage& m, store::DeliveryOutcome& o);

 private:
  Context& ctx_;
  Federation& federation_;
};

}  // namespace loudong::services
