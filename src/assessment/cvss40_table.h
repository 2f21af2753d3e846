// Internal to the assessment part: the CVSS v4.0 macrovector lookup table.
#pragma once

#include <optional>
#include <string_view>

namespace loudong::assessment::detail {

// The score FIRST assigned to a macrovector ("000200"); nullopt for a
// combination the table does not hold (e.g. EQ1 level 3 when probing the
// next lower macrovector).
std::optional<double> macro_vector_score(std::string_view macro_vector);

}  // namespace loudong::assessment::detail
