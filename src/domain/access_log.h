// The access log's hash chain: every confidential read, export and change
// the services record (services/common.h log_access) is chained like the
// receipt log (domain/hash_chain.h), so an entry edited or removed in the
// database is found by `loudong access verify`.
#pragma once

#include <string>

#include "domain/entities.h"
#include "domain/hash_chain.h"

namespace loudong::domain {

// The hash of an entry's fields, seq and prev_hash (not its row id, nor its
// own hash).
std::string access_entry_hash(const AccessEntry& e);
inline std::string chain_hash(const AccessEntry& e) { return access_entry_hash(e); }

}  // namespace loudong::domain
