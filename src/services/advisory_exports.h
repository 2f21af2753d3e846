// Exports of published advisories from the store (issue 10 item 3): the
// newest public revision of an advisory (published, not withdrawn,
// TLP:CLEAR) as CSAF 2.0, CVE JSON 5.1 or OSV, for everyone. Only the
// published snapshot is read, never the working copy or the case, and the
// document passes the no-exploit gate (R-PUB-4) again on its way out: it
// passed at publication, but the heuristic may have learnt since.
#pragma once

#include <string>

#include "core/enum_names.h"
#include "domain/advisory.h"
#include "domain/exploit_check.h"
#include "formats/exports.h"
#include "services/common.h"

namespace loudong::services {

enum class ExportFormat { csaf, cve5, osv };

struct ExportDocument {
  std::string body;
  std::string content_type;
  std::string filename;  // "ld-sa-2026-000001.csaf.json"
};

// Who publishes, as the exports name it: the advisory's publisher (else the
// host organisation), its namespace `public_url`, a coordinator when the host
// is a platform, else a vendor. A CVE record needs the CNA's organisation
// UUID `cna_org_id` (setting platform.cna_org_id): without it the cve5
// export is refused (422 no_cna_org_id), as without a CVE id (no_cve_id).
struct ExportSettings {
  std::string public_url;
  std::string cna_org_id;
};

// Where the CSAF provider tree is served (services/csaf_provider.h): the
// root "<public_url>/.well-known/csaf" and its TLP:CLEAR folder ".../clear".
std::string csaf_root_url(const std::string& public_url);
std::string csaf_clear_url(const std::string& public_url);

// The publisher the served documents name (see ExportSettings), with the
// tree's addresses: the documents' "self" references point into it.
formats::Publisher export_publisher(const std::optional<domain::Organisation>& host, const domain::Advisory* a,
                                    const ExportSettings& settings);

// The no-exploit gate (R-PUB-4) alone, for text on its way out: the 409
// publication_refused naming no_exploit and every hit's field, or OK.
Status no_exploit_gate(const std::vector<domain::ExploitHit>& hits, Time now);

// not_found unless `ref` is a public advisory; 422 naming the advisory's
// field when the format cannot carry it (no package for OSV, no CVE id);
// 409 publication_refused naming no_exploit and the field.
Result<ExportDocument> export_public_advisory(Context& ctx, const std::string& ref, ExportFormat format,
                                              const ExportSettings& settings);

// `loudong export csaf|cve5|osv REF-or-ID`: the same, for an advisory's
// reference or its case's id (digits), saying why when it is not public:
// not_found "no advisory ...", conflict not_published (never published),
// withdrawn, not_tlp_clear (the newest published revision is not CLEAR).
Result<ExportDocument> export_stored_advisory(Context& ctx, const std::string& ref_or_case_id, ExportFormat format,
                                              const ExportSettings& settings);

}  // namespace loudong::services

LD_ENUM_NAMES(loudong::services::ExportFormat, "csaf", "cve5", "osv");
