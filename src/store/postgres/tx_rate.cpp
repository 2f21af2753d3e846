// Shared rate counters: store/shared/tx_rate.ipp.
#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
#include "store/shared/tx_rate.ipp"

}  // namespace loudong::store::postgres
