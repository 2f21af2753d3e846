// Cases and everything hanging off them: store/shared/tx_cases.ipp.
#include <nlohmann/json.hpp>

#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
namespace {

// Reference or title contains the phrase (pg_trgm indexes; see
// search_reports in tx_reports.cpp for why trigrams).
void add_case_text(Where& w, const std::string& text) {
  if (!searchable(text)) w.add("FALSE");
  w.add("(ref ILIKE ? ESCAPE '\\' OR title ILIKE ? ESCAPE '\\')");
  w.params.push_back(contains_pattern(text));
  w.params.push_back(contains_pattern(text));
}

}  // namespace

#include "store/shared/tx_cases.ipp"

}  // namespace loudong::store::postgres
