#include "assessment/assess.h"

#include "assessment/cvss.h"
#include "assessment/cvss_vector.h"

namespace loudong::assessment {

Result<CvssAssessment> assess_vector(std::string_view any_vector, std::string_view field_name) {
  CvssAssessment a;
  if (any_vector.starts_with("CVSS:3.0/") || any_vector.starts_with("CVSS:3.1/")) {
    LD_ASSIGN_OR_RETURN(auto s, score_cvss31(any_vector, field_name));
    a.version = s.version;
    a.vector = std::move(s.vector);
    a.score = a.base_score = s.base_score;
    a.severity = std::move(s.base_severity);
    a.temporal_score = s.temporal_score;
    a.environmental_score = s.environmental_score;
  } else if (any_vector.starts_with("CVSS:4.0/")) {
    LD_ASSIGN_OR_RETURN(auto s, score_cvss40(any_vector, field_name));
    a.version = "4.0";
    a.vector = std::move(s.vector);
    a.score = s.score;
    a.base_score = s.base_score;
    a.severity = std::move(s.severity);
    a.macro_vector = std::move(s.macro_vector);
  } else if (any_vector.empty()) {
    return Error::field(std::string(field_name), "required", "CVSS vector is empty");
  } else {
    const std::string_view prefix = any_vector.substr(0, any_vector.find('/'));
    return Error::field(std::string(field_name), "bad_prefix",
                        "CVSS vector must start with CVSS:3.1/, CVSS:3.0/ or CVSS:4.0/ (got " +
                            detail::quote_input(prefix) + ")");
  }
  a.grade = decide_grade(nullptr, std::nullopt, a.base_score);
  return a;
}

}  // namespace loudong::assessment
