#include "domain/regulatory.h"

#include <sstream>

namespace loudong::domain {
namespace {

std::string join_nonempty(std::initializer_list<std::string> parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

RegulatoryReport draft_regulatory_report(const Case& c, const std::optional<Product>& product,
                                         const std::vector<Report>& reports,
                                         const std::optional<Organisation>& provider, const User& author, Time now) {
  RegulatoryReport r;
  r.case_id = c.id;
  r.authority = kDefaultAuthority;
  r.state = RegulatoryState::draft;
  const Report* first = reports.empty() ? nullptr : &reports.front();
  if (product) {
    r.product_name = product->name;
    r.product_model = product->model;
  } else if (first) {
    r.product_name = first->product_text;
  }
  r.product_version = !c.affected_versions.empty() ? c.affected_versions : (first ? first->product_version : "");
  const auto& a = c.assessment;
  std::ostringstream tech;
  if (a.cwe) tech << "CWE-" << *a.cwe << "; ";
  if (!a.gbt_class.empty()) tech << "GB/T 30279: " << a.gbt_class << "; ";
  if (first) {
    tech << join_nonempty({first->vuln_type, first->location.empty() ? "" : "location: " + first->location,
                           first->trigger_conditions.empty() ? "" : "trigger: " + first->trigger_conditions},
                          "; ");
  }
  r.technical_characteristics = tech.str();
  if (!c.summary.empty()) r.technical_characteristics = c.summary + "\n" + r.technical_characteristics;
  std::ostringstream harm;
  if (a.grade) harm << "grade " << assessment::grade_code(*a.grade) << " (" << assessment::grade_name_zh(*a.grade) << ")";
  if (a.cvss31_score) harm << (harm.tellp() > 0 ? "; " : "") << "CVSS 3.1 " << *a.cvss31_score << " " << a.cvss31_vector;
  if (a.cvss40_score) harm << (harm.tellp() > 0 ? "; " : "") << "CVSS 4.0 " << *a.cvss40_score << " " << a.cvss40_vector;
  if (first && !first->impact.empty()) harm << (harm.tellp() > 0 ? "; " : "") << first->impact;
  r.harm = harm.str();
  r.scope = c.affected_versions.empty() ? "" : "affected versions: " + c.affected_versions;
  if (first && first->exploited) r.scope += (r.scope.empty() ? "" : "; ") + std::string("exploited in the wild");
  if (first && first->already_public) r.scope += (r.scope.empty() ? "" : "; ") + std::string("already public");
  if (provider) {
    r.provider_name = provider->name;
    r.contact_email = provider->contact_email;
  }
  r.contact_name = author.display_name.empty() ? author.username : author.display_name;
  if (r.contact_email.empty()) r.contact_email = author.email;
  r.created_at = now;
  r.updated_at = now;
  return r;
}

Status check_submittable(const RegulatoryReport& r) {
  Error e = Error::unprocessable("the regulatory report is incomplete", "incomplete_report");
  auto need = [&](const std::string& v, const char* field, const char* what) {
    if (v.find_first_not_of(" \t\r\n") == std::string::npos)
      e.add_field({field, "required", std::string(what) + " is required by Art. 7(2)"});
  };
  need(r.product_name, "product_name", "product name");
  need(r.product_version, "product_version", "product version");
  need(r.technical_characteristics, "technical_characteristics", "technical characteristics");
  need(r.harm, "harm", "harm");
  need(r.scope, "scope", "scope of impact");
  need(r.provider_name, "provider_name", "provider");
  if (r.contact_email.empty() && r.contact_phone.empty())
    e.add_field({"contact_email", "required", "a contact email or phone is required"});
  if (e.fields().empty()) return {};
  std::string msg = "the regulatory report is incomplete:";
  for (const auto& f : e.fields()) msg += " " + f.field + ";";
  Error out = Error::unprocessable(msg, "incomplete_report");
  for (const auto& f : e.fields()) out.add_field(f);
  return out;
}

}  // namespace loudong::domain
