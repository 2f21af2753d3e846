// Policy settings, their changes and user names: store/shared/tx_settings.ipp.
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
#include "store/shared/tx_settings.ipp"

}  // namespace loudong::store::sqlite
