// Shared between the CVE 5 reader's files; not part of the formats API.
#pragma once

#include "formats/advisory.h"
#include "formats/json_read.h"

namespace loudong::formats::cve5_detail {

// containers.cna.affected[i] -> one Affected (see formats/cve5.h).
Status read_affected(json::Element e, const json::Path& p, Affected& out);

}  // namespace loudong::formats::cve5_detail
