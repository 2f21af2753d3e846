// Cases and everything hanging off them: store/shared/tx_cases.ipp.
#include <nlohmann/json.hpp>

#include "domain/external_ids.h"
#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
namespace {

// Reference or title contains the phrase (pg_trgm indexes; see
// search_reports in tx_reports.cpp for why trigrams).
std::string case_text_condition(Where& w, const std::string& text) {
  if (!searchable(text)) return "FALSE";
  w.params.push_back(contains_pattern(text));
  w.params.push_back(contains_pattern(text));
  return "(ref ILIKE ? ESCAPE '\\' OR title ILIKE ? ESCAPE '\\')";
}

}  // namespace

#include "store/shared/tx_cases.ipp"

}  // namespace loudong::store::postgres
