// Reading advisory archives (OSV's per-ecosystem all.zip layout). Unlike
// the format readers this does file I/O; it lives apart so they stay pure.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace loudong::formats {

// Calls visit(name, content) for each regular file entry of the zip at
// zip_path, in archive order; directories are skipped. content is valid
// only during the call. visit returns false to stop early (success).
// Fails when the archive cannot be opened or an entry cannot be read
// (naming the archive and entry) or an entry is larger than
// max_entry_bytes (64 MiB by default: no advisory is near that, and a zip
// bomb must not exhaust memory).
Status for_each_zip_entry(const std::string& zip_path,
                          const std::function<bool(const std::string& name, std::string_view content)>& visit,
                          std::size_t max_entry_bytes = 64u << 20);

}  // namespace loudong::formats
