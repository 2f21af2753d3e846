// OSV (https://ossf.github.io/osv-schema/) import and export.
//
// read_osv is strict about what the platform relies on: id and modified
// must be present, every field it reads must have the schema's JSON type,
// ranges must have a known type and well-formed events (exactly one of
// introduced / fixed / last_affected / limit each, an introduced among
// them, not both fixed and last_affected, a repo for GIT), timestamps must
// be RFC 3339 date-times. It is lenient where the schema's lists grow over
// time (ecosystem names, id prefixes, reference / credit / severity types)
// and ignores unknown fields. An error names the JSON path of the first
// problem: "affected[0].ranges[1].events[2]: unknown event 'fixedd'".
//
// Pure: bytes in, values out; thread-safe (one parser per thread).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "formats/advisory.h"

namespace loudong::formats {

Result<Advisory> read_osv(std::string_view json_text);

// OSV 1.x JSON (compact). read_osv(write_osv(a)) == a for any a that
// read_osv produced; CVE 5 extras without an OSV field (cwes, a range's
// scheme) are written under database_specific only if they fit there, so a
// CVE-sourced record does not round-trip exactly.
std::string write_osv(const Advisory& advisory);

}  // namespace loudong::formats
