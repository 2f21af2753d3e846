// CVSS v3.x and v4.0: parsing, validation and scoring of vector strings.
//
// Scores follow FIRST's specifications and agree exactly with the reference
// test vectors (RedHatProductSecurity/cvss, in shared/data/vectors/cvss).
// Pure functions: no I/O, no globals that change, safe from any thread.
//
// Errors. A vector that is not valid returns
//   Error::field(field_name, code, message)   (ErrorKind::unprocessable)
// where code is one of
//   required          the vector is empty
//   too_long          longer than 512 characters
//   bad_prefix        not "CVSS:3.1/" / "CVSS:3.0/" (v3) or "CVSS:4.0/" (v4)
//   bad_syntax        an empty component ("//", trailing "/") or no "NAME:VALUE"
//   bad_metric        unknown metric, or a value the metric does not allow
//   duplicate_metric  a metric given twice
//   metric_order      v4.0 only: metrics not in the specification's order
//   missing_metric    a mandatory (base) metric absent
// and message names the metric, the value and what is allowed, e.g.
//   "metric AV has invalid value 'Q' (allowed: N, A, L, P)".
// For bad_metric on a value, Error::allowed() also lists the allowed values,
// so a UI can render the message in Chinese from code + allowed().
//
// Metric order. CVSS v3.1 §6: metrics may appear in any order, each at most
// once (FIRST's v3.1 JSON schema agrees). CVSS v4.0 §7 and FIRST's v4.0 JSON
// schema fix the order AV/AC/AT/PR/UI/VC/VI/VA/SC/SI/SA/E/CR/IR/AR/MAV/.../U,
// so v4.0 vectors out of order are refused. Whitespace is never trimmed.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace loudong::assessment {

struct Cvss31Score {
  std::string version;  // "3.1" or "3.0": the rules the score was computed with
  // Canonical form: prefix, base metrics, then the given temporal and
  // environmental metrics in specification order, Not Defined (X) dropped.
  std::string vector;
  double base_score = 0;
  double temporal_score = 0;       // equals base_score without temporal metrics
  double environmental_score = 0;  // with absent environmental metrics as X
  std::string base_severity;       // "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"
};

// Scores a "CVSS:3.1/..." vector with the v3.1 rules, or a "CVSS:3.0/..."
// vector with the v3.0 rules (plain ceiling Roundup, the v3.0 modified-impact
// formula). On success the three scores are rounded to one decimal as the
// specification says. On failure see "Errors" above; field_name is the
// Error's field.
Result<Cvss31Score> score_cvss31(std::string_view vector,
                                 std::string_view field_name = "cvss31_vector");

struct Cvss40Score {
  // Canonical form: metrics in specification order, Not Defined (X) dropped.
  std::string vector;
  // The CVSS-BTE score: base, threat and environmental metrics as given.
  double score = 0;
  // CVSS-B: the score of the 11 base metrics alone. Equals `score` when the
  // vector has no threat or environmental metrics. Grading uses this one.
  double base_score = 0;
  std::string severity;      // of `score`: "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"
  std::string macro_vector;  // the six EQ levels, e.g. "000200"
};

// Scores a "CVSS:4.0/..." vector with FIRST's v4.0 algorithm (macrovector
// lookup and severity-distance interpolation, as in FIRST's calculator).
// On failure see "Errors" above.
Result<Cvss40Score> score_cvss40(std::string_view vector,
                                 std::string_view field_name = "cvss40_vector");

// The CVSS qualitative rating of a score (v3.x §5, v4.0 §6): "NONE" for 0.0,
// "LOW" 0.1-3.9, "MEDIUM" 4.0-6.9, "HIGH" 7.0-8.9, "CRITICAL" 9.0-10.0.
std::string_view cvss_severity(double score);
// English and Chinese display names of a rating code ("HIGH" -> "High",
// "高"); "" for an unknown code.
std::string_view cvss_severity_name_en(std::string_view code);
std::string_view cvss_severity_name_zh(std::string_view code);

}  // namespace loudong::assessment
