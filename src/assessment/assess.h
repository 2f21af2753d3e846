// One call for "what does this CVSS vector mean": version, score, rating and
// the grade derived from it. For the CLI (`loudong cvss VECTOR`) and the API,
// which only serialise the result.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "assessment/grading.h"
#include "core/result.h"

namespace loudong::assessment {

struct CvssAssessment {
  std::string version;  // "3.0", "3.1" or "4.0"
  std::string vector;   // canonical form
  // v3.x: the base score; v4.0: the score of the vector as given (CVSS-B,
  // -BT, -BE or -BTE, whichever metrics it has).
  double score = 0;
  std::string severity;  // CVSS rating of `score`: "NONE" ... "CRITICAL"
  double base_score = 0;  // v3.x: base score; v4.0: CVSS-B (base metrics only)
  std::optional<double> temporal_score;       // v3.x only
  std::optional<double> environmental_score;  // v3.x only
  std::string macro_vector;                   // v4.0 only, else ""
  // The grade derived from base_score (R-GRADE): source is always
  // derived_from_cvss here; an official GB/T 30279 grade needs the
  // indicators and the operator's table (decide_grade).
  GradeDecision grade;
};

// Detects the version by prefix ("CVSS:3.0/", "CVSS:3.1/", "CVSS:4.0/") and
// scores the vector. On failure the errors of score_cvss31/score_cvss40 (see
// assessment/cvss.h), with field_name as the field; an unknown prefix gives
// bad_prefix listing the three accepted ones. CVSS v2 vectors are refused.
Result<CvssAssessment> assess_vector(std::string_view any_vector,
                                     std::string_view field_name = "cvss_vector");

}  // namespace loudong::assessment
