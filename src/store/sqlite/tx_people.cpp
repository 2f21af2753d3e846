// Organisations, users, sessions, tokens, products, settings, access log: store/shared/tx_people.ipp.
#include <nlohmann/json.hpp>

#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
// LIKE ignores the case of ASCII letters in SQLite.
constexpr const char* kLikeAnyCase = "LIKE";
#include "store/shared/tx_people.ipp"

}  // namespace loudong::store::sqlite
