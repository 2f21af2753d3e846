// The matching change feed: store/shared/tx_match_changes.ipp.
#include <nlohmann/json.hpp>

#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
#include "store/shared/tx_match_changes.ipp"

}  // namespace loudong::store::postgres
