// The access log's hash chain (domain/access_log.h): verify it whole.
#pragma once

#include <cstdint>
#include <string>

#include "services/chain_check.h"
#include "services/common.h"

namespace loudong::services {

struct AccessVerifyResult : ChainCheck {
  domain::Id first_broken_id = 0;  // the first broken entry's row id, when the row exists
};

// Records one access made outside a request: the command line's exports
// and backups (the caller names the operating-system user).
Status record_access(Context& ctx, const Caller& c, std::string action, std::string object_type, domain::Id id,
                     std::string detail);

// Reads every entry in chain order and names the first that is missing,
// out of order, unlinked, altered, or not chained at all.
Result<AccessVerifyResult> verify_access_log(store::Store& store);

}  // namespace loudong::services
