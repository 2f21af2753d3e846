#include "services/advisory_exports.h"

#include <algorithm>
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

std::string csaf_root_url(const std::string& public_url) {
  std::string u = public_url;
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u + "/.well-known/csaf";
}

std::string csaf_clear_url(const std::string& public_url) { return csaf_root_url(public_url) + "/clear"; }

formats::Publisher export_publisher(const std::optional<Organisation>& host, const Advisory* a,
                                    const ExportSettings& settings) {
  formats::Publisher pub;
  pub.name = a && !a->publisher.empty() ? a->publisher : host ? host->name : "";
  pub.namespace_url = settings.public_url;
  while (!pub.namespace_url.empty() && pub.namespace_url.back() == '/') pub.namespace_url.pop_back();
  if (host) pub.contact = host->contact_email;
  pub.category = host && host->type == OrgType::platform ? "coordinator" : "vendor";
  pub.cve_org_id = settings.cna_org_id;
  pub.base_url = csaf_clear_url(settings.public_url);
  pub.provider_url = csaf_root_url(settings.public_url);
  pub.hash_files = true;
  return pub;
}

Status no_exploit_gate(const std::vector<ExploitHit>& hits, Time now) {
  PublicationFacts facts;
  facts.exploit_hits = hits;
  std::vector<GateFailure> failures;
  for (auto& f : check_publication(facts, now))
    if (f.gate == "no_exploit") failures.push_back(std::move(f));
  if (!failures.empty()) return publication_refused(failures);
  return {};
}

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
  LD_RETURN_IF_ERROR(no_exploit_gate(advisory_exploit_hits(*a), ctx.clock.now()));
  formats::Publisher pub = export_publisher(found.host, &*a, settings);
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

Result<ExportDocument> export_stored_advisory(Context& ctx, const std::string& ref_or_case_id, ExportFormat format,
                                              const ExportSettings& settings) {
  const std::string& key = ref_or_case_id;
  bool digits = !key.empty() && key.size() < 19 &&
                std::all_of(key.begin(), key.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  LD_ASSIGN_OR_RETURN(std::string ref, ctx.store.read([&](store::ReadTx& tx) -> Result<std::string> {
    auto a = digits ? tx.case_advisory(std::stoll(key)) : tx.advisory_by_ref(key);
    if (!a.ok()) return std::move(a).error();
    if (!*a)
      return Error::not_found(digits ? "advisory of case " + key + " (the case has none, or there is no such case)"
                                     : "advisory " + key);
    const Advisory& adv = **a;
    LD_ASSIGN_OR_RETURN(auto public_one, tx.public_advisory(adv.ref));
    if (public_one) return adv.ref;
    if (adv.state == AdvisoryState::withdrawn)
      return Error::conflict("advisory " + adv.ref + " was withdrawn / 公告已撤回", "withdrawn");
    LD_ASSIGN_OR_RETURN(auto revisions, tx.advisory_snapshots(adv.id));
    if (revisions.empty())
      return Error::conflict("advisory " + adv.ref + " is not published (state " + std::string(name_of(adv.state)) +
                                 ") / 公告尚未发布",
                             "not_published");
    return Error::conflict("advisory " + adv.ref + " is TLP:" + revisions.back().tlp +
                               "; only TLP:CLEAR advisories are exported / 仅导出 TLP:CLEAR 公告",
                           "not_tlp_clear");
  }));
  return export_public_advisory(ctx, ref, format, settings);
}

}  // namespace loudong::services
