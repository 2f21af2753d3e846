// SPDX license and exception identifiers, as the CycloneDX schemas list them.
#pragma once

#include <string_view>

namespace loudong::formats {

// Exact (case-sensitive) membership, as the JSON schemas' enum requires.
bool is_spdx_license_id(std::string_view id);

}  // namespace loudong::formats
