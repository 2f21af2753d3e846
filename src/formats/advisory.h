// The advisory record (external knowledge: an imported OSV or CVE 5 record)
// and OSV's "is this version affected" evaluation.
//
// The record follows the OSV schema's shape, so OSV imports and exports
// are lossless; a CVE 5 record is mapped onto it (formats/cve5.h). Fields
// the platform does not interpret (ecosystem_specific, database_specific)
// are kept as minified JSON text so that an export gives them back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace loudong::formats {

enum class RangeType { semver, ecosystem, git };
enum class EventKind { introduced, fixed, last_affected, limit };

// "SEMVER", "ECOSYSTEM", "GIT" and "introduced", "fixed", ... as OSV spells them.
std::string_view range_type_name(RangeType t);
std::string_view event_kind_name(EventKind k);

struct Event {
  EventKind kind = EventKind::introduced;
  std::string value;
  bool operator==(const Event&) const = default;
};

struct Range {
  RangeType type = RangeType::ecosystem;
  std::string repo;  // GIT ranges
  // Scheme to order this range's versions by when it is not the package's
  // ecosystem: CVE 5 ranges carry their own versionType ("semver",
  // "maven", "custom", ...). Empty for OSV records; not written to OSV.
  std::string scheme;
  std::vector<Event> events;
  std::string database_specific;  // raw JSON object text, or empty
  bool operator==(const Range&) const = default;
};

struct Package {
  std::string ecosystem;  // OSV ecosystem ("Go", "PyPI", "Debian:12"); empty when unknown
  std::string name;
  std::string purl;  // as written in the record; may be empty
  bool operator==(const Package&) const = default;
};

struct Severity {
  std::string type;   // "CVSS_V3", "CVSS_V4", "Ubuntu", ...
  std::string score;  // a vector string for CVSS types
  bool operator==(const Severity&) const = default;
};

struct Affected {
  Package package;
  std::vector<Severity> severity;
  std::vector<Range> ranges;
  std::vector<std::string> versions;  // explicit list, matched by exact text
  std::string ecosystem_specific;     // raw JSON object text, or empty
  std::string database_specific;      // raw JSON object text, or empty
  bool operator==(const Affected&) const = default;
};

struct Reference {
  std::string type;  // "ADVISORY", "FIX", "WEB", ...
  std::string url;
  bool operator==(const Reference&) const = default;
};

struct Credit {
  std::string name;
  std::vector<std::string> contact;
  std::string type;  // "FINDER", ...; may be empty
  bool operator==(const Credit&) const = default;
};

enum class SourceFormat { osv, cve5 };

struct Advisory {
  SourceFormat source = SourceFormat::osv;
  std::string schema_version;
  std::string id;
  // Import is idempotent on this: an equal or older modified changes
  // nothing. A CVE 5 record without dateUpdated/datePublished gets the
  // epoch, so any dated version of it replaces it.
  Time modified{};
  std::optional<Time> published;
  std::optional<Time> withdrawn;
  std::vector<std::string> aliases;
  std::vector<std::string> related;
  std::vector<std::string> upstream;
  std::string summary;
  std::string details;
  std::vector<Severity> severity;
  std::vector<Affected> affected;
  std::vector<Reference> references;
  std::vector<Credit> credits;
  std::vector<std::string> cwes;   // "CWE-79"; from CVE 5 problemTypes (OSV keeps CWEs in database_specific)
  std::string database_specific;   // raw JSON object text, or empty
  bool operator==(const Advisory&) const = default;
};

enum class Affects { yes, no, unknown };
std::string_view affects_name(Affects a);  // "yes", "no", "unknown"

// OSV's evaluation (osv-schema § Evaluation), for one affected[] entry:
// yes when version is in the explicit versions list or inside a range;
// otherwise unknown when some range could not be evaluated (a GIT range
// in an entry with nothing but GIT ranges, an ecosystem without a known
// version ordering, a version or event value the ordering rejects), with
// the reason in *why; otherwise no. GIT ranges are skipped when the entry
// has a SEMVER or ECOSYSTEM range or a versions list: those decide versions.
// Events are sorted by the range's ordering (SEMVER ranges by SemVer 2.0,
// ECOSYSTEM ranges by the ecosystem's scheme, versions::scheme_for);
// introduced "0" is before every version, a limit "*" after every version;
// fixed is exclusive, last_affected inclusive, and a range with limit
// events only holds versions below some limit.
Affects affects(const Affected& affected, std::string_view version, std::string* why = nullptr);

// Whether affects() consults the entry's GIT ranges for a version: only
// when nothing else in the entry (a SEMVER or ECOSYSTEM range, the versions
// list) speaks of versions.
bool git_ranges_decide_versions(const Affected& affected);

}  // namespace loudong::formats
