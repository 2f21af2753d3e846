#include "services/advisory_exports.h"

#include <cctype>

#include "domain/advisory_rules.h"
#include "formats/advisory_json.h"
#include "formats/exports.h"
#include "services/advisories.h"
#include "services/operator_cases.h"

namespace loudong::services {

using namespace domain;

namespace {

// "LD-SA-2026-000001" -> "ld-sa-2026-000001"; anything else becomes '_'.
std::string file_stem(const std::string& ref) {
  std::string out;
  for (char ch : ref) {
    auto c = static_cast<unsigned char>(ch);
    out += std::isalnum(c) || ch == '-' ? static_cast<char>(std::tolower(c)) : '_';
  }
  return out;
}

}  // namespace

Result<ExportDocument> export_public_advisory(Context& ctx, const std::string& ref, ExportFormat format,
                                              const ExportSettings& settings) {
  struct Found {
    store::AdvisorySnapshot snapshot;
    std::optional<Organisation> host;
  };
  LD_ASSIGN_OR_RETURN(auto found, ctx.store.read([&](store::ReadTx& tx) -> Result<Found> {
    LD_ASSIGN_OR_RETURN(auto s, tx.public_advisory(ref));
    if (!s) return Error::not_found("published advisory");
    // A case found to be about an operator's system after it was published
    // goes no further (R-PUB-2).
    LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(s->case_id));
    if (cs) LD_RETURN_IF_ERROR(refuse_operator_case(*cs));
    LD_ASSIGN_OR_RETURN(auto host, tx.org(kHostOrg));
    return Found{std::move(*s), std::move(host)};
  }));
  auto a = formats::advisory_from_json(found.snapshot.snapshot);
  if (!a.ok()) return Error::internal("advisory_revisions " + ref + ": " + a.error().message());
  // The other gates judged the case at publication; this one reads only the document.
  PublicationFacts facts;
  facts.exploit_hits = advisory_exploit_hits(*a);
  std::vector<GateFailure> failures;
  for (auto& f : check_publication(facts, ctx.clock.now()))
    if (f.gate == "no_exploit") failures.push_back(std::move(f));
  if (!failures.empty()) return publication_refused(failures);
  formats::Publisher pub;
  pub.name = !a->publisher.empty() ? a->publisher : found.host ? found.host->name : "";
  pub.namespace_url = settings.public_url;
  if (found.host) pub.contact = found.host->contact_email;
  pub.category = found.host && found.host->type == OrgType::platform ? "coordinator" : "vendor";
  pub.cve_org_id = settings.cna_org_id;
  ExportDocument doc;
  std::string stem = file_stem(a->ref);
  switch (format) {
    case ExportFormat::csaf: {
      LD_ASSIGN_OR_RETURN(auto j, formats::write_csaf(*a, pub));
      doc = {j.dump(2), "application/json", stem + ".csaf.json"};
      break;
    }
    case ExportFormat::cve5: {
      LD_ASSIGN_OR_RETURN(auto j, formats::write_cve5(*a, pub));
      doc = {j.dump(2), "application/json", stem + ".cve5.json"};
      break;
    }
    case ExportFormat::osv: {
      LD_ASSIGN_OR_RETURN(auto text, formats::write_advisory_osv(*a, pub));
      doc = {std::move(text), "application/json", stem + ".osv.json"};
      break;
    }
  }
  return doc;
}

}  // namespace loudong::services
