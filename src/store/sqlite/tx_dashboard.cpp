// Dashboard aggregates: store/shared/tx_dashboard.ipp.
#include <algorithm>
#include <map>

#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
constexpr const char* kWeekOfDue = "strftime('%Y-W%W', due_at / 1000000, 'unixepoch')";
constexpr const char* kNullsFirst = "";
#include "store/shared/tx_dashboard.ipp"

}  // namespace loudong::store::sqlite
