#include "domain/advisory_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace loudong::domain {
namespace {

void check_text(std::vector<FieldError>& out, const std::string& field, const std::string& v, std::size_t max) {
  if (v.size() > max) {
    out.push_back({field, "too_long", field + " is longer than " + std::to_string(max) + " bytes"});
    return;
  }
  if (auto c = find_control_character(v))
    out.push_back({field, "control_character", field + " " + control_character_message(*c)});
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\n") == std::string::npos; }

// A language counts as written when any of its fields has text.
bool written(const AdvisoryText& t) {
  return !blank(t.title) || !blank(t.summary) || !blank(t.impact) || !blank(t.existence_statement) ||
         !blank(t.detection) || !blank(t.solution);
}

struct TextField {
  const char* name;
  const std::string AdvisoryText::*member;
  std::size_t max;
};
constexpr TextField kTextFields[] = {
    {"title", &AdvisoryText::title, AdvisoryLimits::title},
    {"summary", &AdvisoryText::summary, AdvisoryLimits::text},
    {"impact", &AdvisoryText::impact, AdvisoryLimits::text},
    {"existence_statement", &AdvisoryText::existence_statement, AdvisoryLimits::text},
    {"detection", &AdvisoryText::detection, AdvisoryLimits::text},
    {"solution", &AdvisoryText::solution, AdvisoryLimits::text},
};

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}

std::string at(const char* list, std::size_t i, const char* member) {
  return std::string(list) + "[" + std::to_string(i) + "]." + member;
}

std::string score_text(const std::optional<double>& s) {
  if (!s) return "none";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", *s);
  return buf;
}

}  // namespace

std::vector<FieldError> validate_advisory(const Advisory& a) {
  std::vector<FieldError> out;
  if (!written(a.zh) && !written(a.en)) {
    const char* msg = "write the advisory in Chinese (zh) or English (en): both are empty";
    out.push_back({"zh.title", "one_language_required", msg});
    out.push_back({"en.title", "one_language_required", msg});
  }
  for (auto [lang, t] : {std::pair<const char*, const AdvisoryText*>{"zh", &a.zh}, {"en", &a.en}})
    for (const auto& f : kTextFields) check_text(out, std::string(lang) + "." + f.name, t->*f.member, f.max);
  if (a.affected.size() > AdvisoryLimits::items)
    out.push_back({"affected", "too_many", "at most " + std::to_string(AdvisoryLimits::items) + " affected products"});
  for (std::size_t i = 0; i < a.affected.size(); ++i) {
    const auto& p = a.affected[i];
    if (blank(p.name)) out.push_back({at("affected", i, "name"), "required", at("affected", i, "name") + " is required"});
    check_text(out, at("affected", i, "name"), p.name, AdvisoryLimits::name);
    check_text(out, at("affected", i, "vendor"), p.vendor, AdvisoryLimits::name);
    check_text(out, at("affected", i, "purl"), p.purl, AdvisoryLimits::url);
    check_text(out, at("affected", i, "cpe"), p.cpe, AdvisoryLimits::url);
    check_text(out, at("affected", i, "range"), p.range, AdvisoryLimits::url);
    check_text(out, at("affected", i, "fixed_version"), p.fixed_version, AdvisoryLimits::name);
    if (!p.purl.empty() && p.purl.rfind("pkg:", 0) != 0)
      out.push_back({at("affected", i, "purl"), "bad_purl", at("affected", i, "purl") + " must start with pkg:"});
    if (!p.range.empty() && p.range.rfind("vers:", 0) != 0)
      out.push_back({at("affected", i, "range"), "bad_range", at("affected", i, "range") + " must be a vers range (vers:...)"});
    if (p.versions.size() > AdvisoryLimits::items)
      out.push_back({at("affected", i, "versions"), "too_many", "too many versions"});
    for (std::size_t k = 0; k < p.versions.size(); ++k)
      check_text(out, at("affected", i, "versions") + "[" + std::to_string(k) + "]", p.versions[k],
                 AdvisoryLimits::name);
  }
  if (a.credits.size() > AdvisoryLimits::items) out.push_back({"credits", "too_many", "too many credits"});
  for (std::size_t i = 0; i < a.credits.size(); ++i) {
    const auto& c = a.credits[i];
    if (blank(c.name)) out.push_back({at("credits", i, "name"), "required", at("credits", i, "name") + " is required"});
    check_text(out, at("credits", i, "name"), c.name, AdvisoryLimits::name);
    if (!one_of(c.role, {"finder", "coordinator", "remediation_developer", "other"}))
      out.push_back({at("credits", i, "role"), "unknown_role",
                     at("credits", i, "role") + " must be finder, coordinator, remediation_developer or other"});
  }
  if (a.references.size() > AdvisoryLimits::items) out.push_back({"references", "too_many", "too many references"});
  for (std::size_t i = 0; i < a.references.size(); ++i) {
    const auto& r = a.references[i];
    check_text(out, at("references", i, "url"), r.url, AdvisoryLimits::url);
    check_text(out, at("references", i, "summary"), r.summary, AdvisoryLimits::title);
    bool web = (r.url.rfind("https://", 0) == 0 && r.url.size() > 8) || (r.url.rfind("http://", 0) == 0 && r.url.size() > 7);
    if (!web || r.url.find_first_of(" \t\n") != std::string::npos)
      out.push_back({at("references", i, "url"), "bad_url", at("references", i, "url") + " must be an http or https URL"});
    if (!one_of(r.kind, {"advisory", "fix", "report", "web"}))
      out.push_back({at("references", i, "kind"), "unknown_kind",
                     at("references", i, "kind") + " must be advisory, fix, report or web"});
  }
  if (a.external_ids.size() > AdvisoryLimits::items) out.push_back({"external_ids", "too_many", "too many ids"});
  check_text(out, "publisher", a.publisher, AdvisoryLimits::name);
  check_text(out, "verifier", a.verifier, AdvisoryLimits::name);
  if (!one_of(a.tlp, {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"}))
    out.push_back({"tlp", "unknown_tlp", "tlp must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED"});
  return out;
}

std::vector<FieldError> publication_readiness(const Advisory& a) {
  std::vector<FieldError> out = validate_advisory(a);
  bool any_solution = !blank(a.zh.solution) || !blank(a.en.solution);
  for (auto [lang, t] : {std::pair<const char*, const AdvisoryText*>{"zh", &a.zh}, {"en", &a.en}}) {
    if (!written(*t)) continue;
    std::string l(lang);
    if (blank(t->title)) out.push_back({l + ".title", "required", l + ".title is required to publish"});
    if (any_solution && blank(t->solution))
      out.push_back({l + ".solution", "required",
                     l + ".solution is required to publish: the other language gives a solution"});
  }
  return out;
}

bool advisory_editable(AdvisoryState s) { return s == AdvisoryState::draft || s == AdvisoryState::in_review; }

std::vector<AdvisoryState> next_advisory_states(AdvisoryState from) {
  using S = AdvisoryState;
  switch (from) {
    case S::draft: return {S::in_review, S::withdrawn};
    case S::in_review: return {S::draft, S::approved, S::withdrawn};
    case S::approved: return {S::draft, S::published, S::withdrawn};
    case S::published: return {S::draft, S::withdrawn};
    case S::withdrawn: return {};
  }
  return {};
}

Status check_advisory_transition(AdvisoryState from, AdvisoryState to) {
  auto next = next_advisory_states(from);
  if (std::find(next.begin(), next.end(), to) != next.end()) return {};
  std::vector<std::string> allowed;
  for (auto s : next) allowed.emplace_back(name_of(s));
  std::string list;
  for (const auto& s : allowed) list += (list.empty() ? "" : ", ") + s;
  return Error::conflict("the advisory cannot go from " + std::string(name_of(from)) + " to " +
                             std::string(name_of(to)) + (list.empty() ? "" : "; allowed: " + list),
                         "illegal_transition")
      .with_allowed(std::move(allowed));
}

std::vector<ExploitHit> advisory_exploit_hits(const Advisory& a) {
  std::vector<ExploitHit> out;
  auto scan = [&](const std::string& field, const std::string& text) {
    if (text.empty()) return;
    for (auto& h : find_exploit_content(field, text)) out.push_back(std::move(h));
  };
  for (auto [lang, t] : {std::pair<const char*, const AdvisoryText*>{"zh", &a.zh}, {"en", &a.en}})
    for (const auto& f : kTextFields) scan(std::string(lang) + "." + f.name, t->*f.member);
  for (std::size_t i = 0; i < a.affected.size(); ++i) {
    scan(at("affected", i, "vendor"), a.affected[i].vendor);
    scan(at("affected", i, "name"), a.affected[i].name);
  }
  for (std::size_t i = 0; i < a.credits.size(); ++i) scan(at("credits", i, "name"), a.credits[i].name);
  for (std::size_t i = 0; i < a.references.size(); ++i) {
    scan(at("references", i, "url"), a.references[i].url);
    scan(at("references", i, "summary"), a.references[i].summary);
  }
  return out;
}

std::vector<std::string> grade_differences(const Advisory& a, const Assessment& c) {
  std::vector<std::string> out;
  auto grade = [](const std::optional<assessment::Grade>& g) {
    return g ? std::string(assessment::grade_code(*g)) : std::string("none");
  };
  auto text = [](const std::string& s) { return s.empty() ? std::string("none") : s; };
  auto same_score = [](const std::optional<double>& x, const std::optional<double>& y) {
    return x.has_value() == y.has_value() && (!x || std::fabs(*x - *y) < 0.05);
  };
  if (a.grade != c.grade) out.push_back("grade: " + grade(a.grade) + " (assessed " + grade(c.grade) + ")");
  if (a.cvss31_vector != c.cvss31_vector)
    out.push_back("cvss31_vector: " + text(a.cvss31_vector) + " (assessed " + text(c.cvss31_vector) + ")");
  if (!same_score(a.cvss31_score, c.cvss31_score))
    out.push_back("cvss31_score: " + score_text(a.cvss31_score) + " (assessed " + score_text(c.cvss31_score) + ")");
  if (a.cvss40_vector != c.cvss40_vector)
    out.push_back("cvss40_vector: " + text(a.cvss40_vector) + " (assessed " + text(c.cvss40_vector) + ")");
  if (!same_score(a.cvss40_score, c.cvss40_score))
    out.push_back("cvss40_score: " + score_text(a.cvss40_score) + " (assessed " + score_text(c.cvss40_score) + ")");
  return out;
}

PublicationFacts advisory_publication_facts(const Advisory& a, const Case& c, std::vector<BlackoutPeriod> blackouts,
                                            const std::vector<PublicationConsent>& consents,
                                            std::vector<std::string> foreign_recipients) {
  PublicationFacts f;
  f.fix_or_mitigation_recorded = !blank(a.zh.solution) || !blank(a.en.solution);
  f.operator_system = c.operator_system;
  f.exploit_hits = advisory_exploit_hits(a);
  f.blackouts = std::move(blackouts);
  for (const auto& k : consents) {
    if (k.case_id != c.id) continue;
    if (k.kind == ConsentKind::early_release) f.early_release_assessed = true;
    if (k.kind == ConsentKind::mps_blackout) {
      f.mps_consent = true;
      f.blackout_consents.push_back(k.mps_reference);
    }
  }
  f.foreign_recipients = std::move(foreign_recipients);
  f.grade_differences = grade_differences(a, c.assessment);
  f.published_grade_matches = f.grade_differences.empty();
  return f;
}

}  // namespace loudong::domain
