// CSAF 2.0's mandatory tests (OASIS CSAF 2.0, section 6.1) in C++, so that
// every CSAF document loudong writes is checked before it leaves, and a
// document from elsewhere can be judged the same way.
//
// Implemented: 6.1.1-6.1.11, 6.1.13-6.1.33 (6.1.27.1-6.1.27.11 for every
// profile). Not implemented: 6.1.12 (language tags: a full BCP 47 check,
// and our writer only emits "zh" and "en"). 6.1.8 checks what FIRST's CVSS
// v2.0/v3.x JSON schemas require (required members, enumerations, vector
// syntax, score range); 6.1.9 recomputes v3.x scores with
// assessment/cvss.h and v2.0 scores with the v2 equations.
//
// The input is assumed to be valid against the CSAF JSON schema (that is
// the schema test's job: tests/integration/exports.test.mjs); members of an
// unexpected type are skipped here, never a crash. Pure.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace loudong::formats {

struct CsafProblem {
  std::string rule;     // "6.1.6", "6.1.27.5", ...
  std::string path;     // JSON pointer of the offending value: "/vulnerabilities/0/product_status/fixed/1"
  std::string message;  // English, one sentence
};

// Every problem found, in rule order; empty for a document that passes.
std::vector<CsafProblem> csaf_mandatory_problems(const nlohmann::json& document);

}  // namespace loudong::formats
