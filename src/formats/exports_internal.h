// Helpers the exporters (csaf_write, cve5_write, advisory_osv, feeds)
// share. Internal to src/formats.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/cvss.h"
#include "core/result.h"
#include "domain/advisory.h"

namespace loudong::formats::exports {

// The language a single-language document is written in: Chinese when the
// advisory has a Chinese title, else English.
bool chinese_first(const domain::Advisory& a);
const domain::AdvisoryText& primary_text(const domain::Advisory& a);
const domain::AdvisoryText& secondary_text(const domain::Advisory& a);

// Checks what every export needs: a ref, a title in some language, and
// for a published advisory a history numbered 1..revision in date order.
Status check_exportable(const domain::Advisory& a);

// First publication and the latest revision's time (the history's, else
// published_at, else updated_at for a draft).
Time initial_release(const domain::Advisory& a);
Time current_release(const domain::Advisory& a);

// "CVE-2021-44228" ids among external_ids, in order.
std::vector<std::string> cve_ids(const domain::Advisory& a);
// "CNVD" for "CNVD-2021-12345": the text before the first '-'.
std::string id_system(const std::string& id);

// The v3.x vector scored; nullopt without one. Refused when the vector does
// not score or the advisory's score is not the vector's base score.
Result<std::optional<assessment::Cvss31Score>> cvss31(const domain::Advisory& a);
Result<std::optional<assessment::Cvss40Score>> cvss40(const domain::Advisory& a);

// "超危 / Critical".
std::string grade_label(const domain::Advisory& a);

// "first\n\nsecond", or the one that is not empty.
std::string join_texts(const std::string& first, const std::string& second);

// The purl with "@version" (the purl as given when it does not parse or the
// version is empty).
std::string purl_at(const std::string& purl, const std::string& version);

// A vers range as intervals: [from, to) or [from, to] or [from, ...),
// with "0" as from when the range starts below every version, plus the
// single versions ("=v"). Refused (field error on `field`): a range that
// does not parse, and ">" or "!=" constraints, which CVE 5 and OSV cannot
// state.
struct Interval {
  std::string from = "0";
  std::string to;  // empty: no upper bound
  bool to_inclusive = false;
};
struct VersParts {
  std::string scheme;
  std::vector<Interval> intervals;
  std::vector<std::string> exact;
};
Result<VersParts> split_vers(const std::string& range, const std::string& field);

}  // namespace loudong::formats::exports
