// Platform filing and rewards: store/shared/tx_filing_rewards.ipp.
#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
#include "store/shared/tx_filing_rewards.ipp"

}  // namespace loudong::store::postgres
