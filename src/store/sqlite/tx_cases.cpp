// Cases and everything hanging off them: store/shared/tx_cases.ipp.
#include <nlohmann/json.hpp>

#include "domain/external_ids.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {

using Tx = SqliteTx;
namespace {

// Reference or title contains the phrase: the trigram FTS5 table.
std::string case_text_condition(Where& w, const std::string& text) {
  w.params.push_back(fts_phrase(text));
  return "id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)";
}

}  // namespace

#include "store/shared/tx_cases.ipp"

}  // namespace loudong::store::sqlite
