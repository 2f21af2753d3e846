// Policy settings, their changes and user names: store/shared/tx_settings.ipp.
#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
#include "store/shared/tx_settings.ipp"

}  // namespace loudong::store::postgres
