// Operator cases and asset exposures: store/shared/tx_operator_cases.ipp.
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
#include "store/shared/tx_operator_cases.ipp"

}  // namespace loudong::store::sqlite
