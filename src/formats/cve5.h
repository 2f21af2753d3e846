// CVE JSON 5.x records (cve-schema 5.0/5.1) mapped onto the advisory record.
//
// cveMetadata.cveId becomes the id; dateUpdated (else datePublished, else
// the epoch) becomes modified; state REJECTED makes it withdrawn (at
// dateRejected, else dateUpdated, else datePublished). From the CNA
// container: title -> summary, the English description -> details,
// metrics' cvssV2_0/V3_0/V3_1/V4_0 vectors -> severity (CVSS_V2/V3/V4;
// ADP containers' metrics are used when the CNA gives none), problemTypes'
// CWE ids -> cwes, references -> references (typed by their tags),
// credits -> credits.
//
// Each affected[] entry becomes an Affected: the ecosystem comes from a
// known collectionURL (pkg.go.dev -> Go, pypi.org -> PyPI, ...), else it
// stays empty; the name is packageName, else product; vendor, product,
// collectionURL, repo and defaultStatus are kept in its database_specific.
// Each versions[] entry with status "affected" and a lessThan /
// lessThanOrEqual bound becomes a range (introduced version, fixed /
// last_affected bound; "*" is unbounded); one without a bound goes to the
// explicit versions list. The range's ordering is the entry's versionType:
// "semver" -> a SEMVER range, "git" -> a GIT range, another versionType
// -> an ECOSYSTEM range ordered by that scheme (Range::scheme; affects()
// reports unknown when no such scheme is known). With defaultStatus
// "affected", an "unaffected" entry from "0" below X becomes introduced
// X, and an entry without versions becomes introduced "0".
//
// Refused: not JSON, dataType other than CVE_RECORD, dataVersion not 5.x,
// a missing or malformed cveId, wrong JSON types in the fields read, bad
// timestamps, versions[] entries without version or status.
#pragma once

#include <string_view>

#include "core/result.h"
#include "formats/advisory.h"

namespace loudong::formats {

Result<Advisory> read_cve5(std::string_view json_text);

}  // namespace loudong::formats
