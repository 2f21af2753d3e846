// Case advisories, published revisions, blackouts, consents: store/shared/tx_advisories.ipp.
#include "formats/advisory_json.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
#include "store/shared/tx_advisories.ipp"

}  // namespace loudong::store::sqlite
