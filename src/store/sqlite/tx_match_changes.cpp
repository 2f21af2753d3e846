// The matching change feed: store/shared/tx_match_changes.ipp.
#include <nlohmann/json.hpp>

#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
#include "store/shared/tx_match_changes.ipp"

}  // namespace loudong::store::sqlite
