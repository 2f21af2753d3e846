// Platform filing and rewards: store/shared/tx_filing_rewards.ipp.
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
#include "store/shared/tx_filing_rewards.ipp"

}  // namespace loudong::store::sqlite
