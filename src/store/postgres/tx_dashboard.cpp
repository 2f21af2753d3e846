// Dashboard aggregates: store/shared/tx_dashboard.ipp.
#include <algorithm>
#include <map>

#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {

using Tx = PgTx;
// The week label SQLite's strftime('%Y-W%W') gives (the week of the year,
// 00-53, week 01 starting on the year's first Monday, UTC), so both
// backends label weeks alike: (day of year from 0 + 7 - weekday from
// Monday 0) / 7.
constexpr const char* kWeekOfDue =
    "(to_char(to_timestamp(due_at / 1000000) AT TIME ZONE 'UTC', 'YYYY') || '-W' || "
    "lpad(((extract(doy FROM to_timestamp(due_at / 1000000) AT TIME ZONE 'UTC')::int - 1 + 7 - "
    "(extract(isodow FROM to_timestamp(due_at / 1000000) AT TIME ZONE 'UTC')::int - 1)) / 7)::text, 2, '0'))";
constexpr const char* kNullsFirst = " NULLS FIRST";
#include "store/shared/tx_dashboard.ipp"

}  // namespace loudong::store::postgres
