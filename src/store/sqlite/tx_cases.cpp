// Cases and everything hanging off them: store/shared/tx_cases.ipp.
#include <nlohmann/json.hpp>

#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
namespace {

// Reference or title contains the phrase: the trigram FTS5 table.
void add_case_text(Where& w, const std::string& text) {
  w.add("id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)", fts_phrase(text));
}

}  // namespace

#include "store/shared/tx_cases.ipp"

}  // namespace loudong::store::sqlite
