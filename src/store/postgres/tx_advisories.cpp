// Case advisories, published revisions, blackouts, consents: store/shared/tx_advisories.ipp.
#include "formats/advisory_json.h"
#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
#include "store/shared/tx_advisories.ipp"

}  // namespace loudong::store::postgres
