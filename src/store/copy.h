// Moving a deployment from SQLite to PostgreSQL (`loudong copy`, issue 11
// item 1): every table both schemas hold, row for row and id for id, in one
// PostgreSQL transaction, so the target ends as a whole copy or untouched.
//
// Both databases are first brought to this build's newest schema (opening a
// store migrates it). The source is read in one read transaction, so a
// server may keep running on it; what it writes after that snapshot is not
// copied (stop it for a move). The target must be empty: a database a
// server already started on (an admin, a seal key) is refused rather than
// merged.
//
// Tables only SQLite has are derived from the others (its full-text
// indexes and the order bound of its text search; PostgreSQL answers the
// same from its indexes) and are skipped by name; the report counters both
// keep are not copied but recomputed on the target from the copied reports.
// Any other table or column one side lacks is an error, so a later
// migration cannot be dropped silently.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace loudong::store {

struct CopiedTable {
  std::string name;
  std::int64_t rows = 0;
};

struct CopyReport {
  std::vector<CopiedTable> tables;   // in the order copied (parents before children)
  std::vector<std::string> skipped;  // derived tables not copied (SQLite-only, or recomputed on the target)
  std::int64_t rows = 0;
  int schema_version_sqlite = 0, schema_version_postgres = 0;
};

// Progress while copying: the table, rows copied so far in it, and its
// position among the tables. Called at least once per table and every
// few thousand rows.
using CopyProgressFn = std::function<void(const std::string& table, std::int64_t rows, std::size_t index,
                                          std::size_t tables)>;

// Copies the SQLite database file `sqlite_path` into the PostgreSQL
// database at `postgres_url`. On success every copied table holds exactly
// the source's row count (checked before commit). On failure nothing is
// committed and the error names the table (and the row id) that failed.
Result<CopyReport> copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_url,
                                           const CopyProgressFn& progress = {});

}  // namespace loudong::store
