// Shared rate counters: store/shared/tx_rate.ipp.
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
#include "store/shared/tx_rate.ipp"

}  // namespace loudong::store::sqlite
