// Organisations, users, sessions, tokens, products, settings, access log: store/shared/tx_people.ipp.
#include <nlohmann/json.hpp>

#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
// LIKE is case-sensitive in PostgreSQL; ILIKE ignores case as SQLite's LIKE does.
constexpr const char* kLikeAnyCase = "ILIKE";
#include "store/shared/tx_people.ipp"

}  // namespace loudong::store::postgres
