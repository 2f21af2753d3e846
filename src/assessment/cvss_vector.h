// Internal to the assessment part: the vector-string grammar shared by CVSS
// v3.x and v4.0 ("CVSS:x.y/NAME:VALUE/NAME:VALUE..."). Scoring lives in
// cvss31.cpp and cvss40.cpp; this only splits, checks and reports.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace loudong::assessment::detail {

// One metric of a CVSS version: its abbreviation, its allowed values
// separated by single spaces ("N A L P"), and whether the vector must have it.
struct MetricSpec {
  std::string_view name;
  std::string_view values;
  bool mandatory;
};

// Vectors longer than this are refused before parsing; the longest valid
// v4.0 vector is about 170 characters.
inline constexpr std::size_t kMaxVectorLength = 512;

struct VectorRules {
  std::string_view version_label;              // "CVSS v3.1", for messages
  std::span<const std::string_view> prefixes;  // accepted, e.g. "CVSS:3.1"
  std::span<const MetricSpec> metrics;         // in the specification's order
  bool spec_order_required;                    // v4.0: yes; v3.x: any order
};

struct ParsedVector {
  std::string_view prefix;              // which of rules.prefixes matched
  std::vector<std::string_view> values; // per rules.metrics; "" when absent
};

// Splits and checks `vector` against `rules`. On success every mandatory
// metric has a value and every value is allowed; optional metrics that were
// absent are "". On failure returns Error::field(field, code, message) with
// code one of: required (empty input), too_long, bad_prefix, bad_syntax
// (empty component, no ':'), bad_metric (unknown metric or value),
// duplicate_metric, metric_order (v4.0 only), missing_metric. The message
// names the metric, the offending value and what is allowed; for bad_metric
// Error::allowed() lists the allowed values as well.
// The returned views point into `vector`.
Result<ParsedVector> parse_vector(std::string_view vector, const VectorRules& rules,
                                  std::string_view field);

// `name:value` pairs in specification order, skipping absent and "X"
// (Not Defined) optional values: the canonical form both versions print.
std::string canonical_vector(std::string_view prefix, const ParsedVector& parsed,
                             std::span<const MetricSpec> metrics);

// Printable, bounded rendering of untrusted input for messages: at most 40
// bytes, anything outside printable ASCII as '?', so messages stay valid UTF-8.
std::string quote_input(std::string_view s);

}  // namespace loudong::assessment::detail
