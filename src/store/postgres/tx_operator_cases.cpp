// Operator cases and asset exposures: store/shared/tx_operator_cases.ipp.
#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
#include "store/shared/tx_operator_cases.ipp"

}  // namespace loudong::store::postgres
