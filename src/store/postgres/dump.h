// The PostgreSQL backend's backup: pg_dump, run as a child process.
#pragma once

#include <string>

#include "core/result.h"

namespace loudong::store::postgres {

// Writes the database at `url` to a new file `path` (mode 0600, never over
// an existing file) in pg_dump's custom format; on failure nothing is left
// at `path` and the error carries pg_dump's message.
Status dump_to(const std::string& url, const std::string& path);

}  // namespace loudong::store::postgres
