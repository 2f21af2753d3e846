#include "services/access_log.h"

namespace loudong::services {

using namespace domain;

Status record_access(Context& ctx, const Caller& c, std::string action, std::string object_type, Id id,
                     std::string detail) {
  return ctx.store.write([&](store::WriteTx& tx) {
    return log_access(tx, c, ctx.clock.now(), std::move(action), std::move(object_type), id, std::move(detail)).status();
  });
}

Result<AccessVerifyResult> verify_access_log(store::Store& store) {
  return store.read([&](store::ReadTx& tx) -> Result<AccessVerifyResult> {
    ChainVerifier v({}, "entry");
    domain::Id broken_id = 0;
    LD_RETURN_IF_ERROR(tx.scan_access_log([&](const AccessEntry& e) {
      if (e.seq == 0) {
        v.fail(v.head_seq() + 1, "entry id " + std::to_string(e.id) +
                                     " is not in the chain (no sequence number): it was inserted outside loudong");
        broken_id = e.id;
      } else if (!v.add(e) && v.broken_seq() == e.seq) {
        broken_id = e.id;  // not when an entry before it is missing
      }
      return v.ok();
    }));
    return AccessVerifyResult{chain_check(v), broken_id};
  });
}

}  // namespace loudong::services
