// GB/T 30279 grades: names, CVSS-derived bands, operator tables, decide_grade.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include <nlohmann/json.hpp>

#include "assessment/grading.h"
#include "test_paths.h"

namespace loudong::assessment {
namespace {

std::string example_table_text() {
  return test_support::read_file(test_support::source_dir() / "tests/data/assessment/example_grading_table.json");
}

TEST(Grade, NamesAndParsingRoundTrip) {
  for (Grade g : {Grade::critical, Grade::high, Grade::medium, Grade::low}) {
    EXPECT_EQ(parse_grade(grade_code(g)).value(), g);
    EXPECT_EQ(parse_grade(grade_name_en(g)).value(), g);
    EXPECT_EQ(parse_grade(grade_name_zh(g)).value(), g);
  }
  EXPECT_EQ(grade_name_zh(Grade::critical), "超危");
  EXPECT_EQ(grade_name_zh(Grade::low), "低危");
  EXPECT_EQ(parse_grade("HIGH").value(), Grade::high);
  auto bad = parse_grade("severe");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields()[0].code, "bad_value");
  EXPECT_EQ(grade_source_code(GradeSource::derived_from_cvss), "derived_from_cvss");
  EXPECT_EQ(grade_source_code(GradeSource::official_table), "official_table");
}

TEST(Grade, CvssBandBoundaries) {
  EXPECT_FALSE(grade_from_cvss_base(0.0).has_value());
  EXPECT_EQ(grade_from_cvss_base(0.1), Grade::low);
  EXPECT_EQ(grade_from_cvss_base(3.9), Grade::low);
  EXPECT_EQ(grade_from_cvss_base(4.0), Grade::medium);
  EXPECT_EQ(grade_from_cvss_base(6.9), Grade::medium);
  EXPECT_EQ(grade_from_cvss_base(7.0), Grade::high);
  EXPECT_EQ(grade_from_cvss_base(8.9), Grade::high);
  EXPECT_EQ(grade_from_cvss_base(9.0), Grade::critical);
  EXPECT_EQ(grade_from_cvss_base(10.0), Grade::critical);
  EXPECT_FALSE(grade_from_cvss_base(-0.1).has_value());
  EXPECT_FALSE(grade_from_cvss_base(10.1).has_value());
  EXPECT_FALSE(grade_from_cvss_base(std::nan("")).has_value());
}

TEST(DecideGrade, WithoutTableDerivesFromCvssAndSaysSo) {
  auto d = decide_grade(nullptr, std::nullopt, 7.5);
  ASSERT_TRUE(d.grade.has_value());
  EXPECT_EQ(*d.grade, Grade::high);
  EXPECT_EQ(d.source, GradeSource::derived_from_cvss);
  EXPECT_NE(d.basis_en.find("7.5"), std::string::npos);
  EXPECT_NE(d.basis_en.find("not an official"), std::string::npos);
  EXPECT_NE(d.basis_zh.find("高危"), std::string::npos);
  EXPECT_NE(d.basis_zh.find("非 GB/T 30279-2020 官方分级"), std::string::npos);

  auto zero = decide_grade(nullptr, std::nullopt, 0.0);
  EXPECT_FALSE(zero.grade.has_value());
  EXPECT_FALSE(zero.basis_zh.empty());
  auto nothing = decide_grade(nullptr, GbtMetrics{}, std::nullopt);
  EXPECT_FALSE(nothing.grade.has_value());
}

TEST(DecideGrade, BasisAsLanguageNeutralData) {
  auto d = decide_grade(nullptr, std::nullopt, 7.46);
  EXPECT_EQ(d.basis_code, "derived_from_cvss");
  EXPECT_EQ(d.basis_params, (std::map<std::string, std::string>{{"reason", "no_official_table"}, {"score", "7.5"}, {"grade", "high"}}));
  auto zero = decide_grade(nullptr, std::nullopt, 0.0);
  EXPECT_EQ(zero.basis_code, "score_out_of_range");
  EXPECT_EQ(zero.basis_params.at("score"), "0.0");
  auto none = decide_grade(nullptr, std::nullopt, std::nullopt);
  EXPECT_EQ(none.basis_code, "no_score");
  EXPECT_EQ(none.basis_params, (std::map<std::string, std::string>{{"reason", "no_official_table"}}));

  // Stored with the case and read back; text from earlier versions still reads.
  auto back = read_grade_basis(grade_basis_record(d));
  EXPECT_EQ(back.code, "derived_from_cvss");
  EXPECT_EQ(back.params, d.basis_params);
  EXPECT_EQ(back.en, d.basis_en);
  EXPECT_EQ(back.zh, d.basis_zh);
  auto legacy = read_grade_basis("derived from CVSS base score 7.5 / 由 CVSS 基础评分 7.5 推导");
  EXPECT_EQ(legacy.code, "text");
  EXPECT_EQ(legacy.en, "derived from CVSS base score 7.5");
  EXPECT_EQ(legacy.zh, "由 CVSS 基础评分 7.5 推导");
  EXPECT_EQ(read_grade_basis("").code, "");
  EXPECT_EQ(read_grade_basis("{broken").code, "text");
}

TEST(GradingTable, LoadsTheExampleAndGrades) {
  auto t = GradingTable::from_json(example_table_text());
  ASSERT_TRUE(t.ok()) << t.error().message();
  EXPECT_NE(t->source().find("MADE-UP"), std::string::npos);

  GbtMetrics worst;
  worst.confidentiality = worst.integrity = worst.availability = ImpactLevel::serious;
  worst.impact_scope = EnvironmentLevel::high;
  std::string en, zh;
  auto g = t->grade(worst, &en, &zh);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g, Grade::critical);
  EXPECT_NE(en.find("network/low/none/none"), std::string::npos);
  EXPECT_NE(zh.find("技术等级"), std::string::npos);

  GbtMetrics mild;
  mild.access_path = AccessPath::physical;
  mild.trigger = TriggerRequirement::high;
  mild.privileges = PrivilegeRequirement::high;
  mild.interaction = Interaction::required;
  mild.confidentiality = ImpactLevel::moderate;
  mild.exploit_cost = EnvironmentLevel::high;
  mild.impact_scope = EnvironmentLevel::low;
  EXPECT_EQ(t->grade(mild).value(), Grade::low);

  // The official table wins over the CVSS score, and the decision says so.
  auto d = decide_grade(&t.value(), worst, 2.0);
  EXPECT_EQ(d.grade, Grade::critical);
  EXPECT_EQ(d.source, GradeSource::official_table);
  EXPECT_NE(d.basis_en.find("MADE-UP"), std::string::npos);
  EXPECT_EQ(d.basis_code, "official_table");
  EXPECT_EQ(d.basis_params.at("exploitability"), "network/low/none/none");
  EXPECT_EQ(d.basis_params.at("impact"), "serious/serious/serious");
  EXPECT_EQ(d.basis_params.at("grade"), "critical");
  EXPECT_NE(d.basis_params.at("source").find("MADE-UP"), std::string::npos);
  for (const char* k : {"exploitability_level", "impact_level", "technical_grade", "environment"})
    EXPECT_FALSE(d.basis_params.at(k).empty()) << k;
  // A table without assessed indicators falls back to CVSS and says why.
  auto fallback = decide_grade(&t.value(), std::nullopt, 2.0);
  EXPECT_EQ(fallback.grade, Grade::low);
  EXPECT_EQ(fallback.source, GradeSource::derived_from_cvss);
  EXPECT_NE(fallback.basis_en.find("not assessed"), std::string::npos);
  EXPECT_EQ(fallback.basis_params.at("reason"), "indicators_not_assessed");
}

// Mutates the example table and checks the first problem is reported with its path.
struct BadTable {
  const char* what;
  std::function<void(nlohmann::json&)> mutate;
  std::string field, code;
};

TEST(GradingTable, ReportsTheFirstProblemWithItsPath) {
  const auto good = nlohmann::json::parse(example_table_text());
  const std::vector<BadTable> cases = {
      {"missing exploitability entry", [](auto& j) { j["exploitability"].erase("physical/high/high/required"); },
       "exploitability[\"physical/high/high/required\"]", "missing_entry"},
      {"missing environment entry", [](auto& j) { j["environment"].erase("low/high/high/high"); },
       "environment[\"low/high/high/high\"]", "missing_entry"},
      {"missing technical pair", [](auto& j) { j["technical_grade"].erase("E2/I3"); },
       "technical_grade[\"E2/I3\"]", "missing_entry"},
      {"undeclared level", [](auto& j) { j["impact"]["none/none/none"] = "I9"; },
       "impact[\"none/none/none\"]", "bad_value"},
      {"grade not a grade", [](auto& j) { j["environment"]["low/low/low/low"] = "severe"; },
       "environment[\"low/low/low/low\"]", "bad_value"},
      {"value not a string", [](auto& j) { j["technical_grade"]["E1/I1"] = 1; },
       "technical_grade[\"E1/I1\"]", "bad_value"},
      {"typo in key", [](auto& j) { j["exploitability"]["netwrok/low/none/none"] = "E1"; },
       "exploitability[\"netwrok/low/none/none\"]", "unknown_key"},
      {"unknown top-level key", [](auto& j) { j["enviroment"] = nlohmann::json::object(); }, "enviroment",
       "unknown_key"},
      {"wrong format", [](auto& j) { j["format"] = "v2"; }, "format", "bad_value"},
      {"no source", [](auto& j) { j.erase("source"); }, "source", "required"},
      {"no impact table", [](auto& j) { j.erase("impact"); }, "impact", "required"},
      {"duplicate level", [](auto& j) { j["impact_levels"].push_back("I1"); }, "impact_levels[4]", "duplicate"},
      {"table not object", [](auto& j) { j["impact"] = nlohmann::json::array(); }, "impact", "bad_value"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto j = good;
    c.mutate(j);
    auto t = GradingTable::from_json(j.dump());
    ASSERT_FALSE(t.ok());
    ASSERT_EQ(t.error().fields().size(), 1u);
    EXPECT_EQ(t.error().fields()[0].field, c.field) << t.error().message();
    EXPECT_EQ(t.error().fields()[0].code, c.code) << t.error().message();
  }
  for (const char* text : {"", "not json", "[1,2]", "{\"format\":"}) {
    auto t = GradingTable::from_json(text);
    ASSERT_FALSE(t.ok()) << text;
    EXPECT_EQ(t.error().fields()[0].code, "bad_json") << text;
  }
}

}  // namespace
}  // namespace loudong::assessment
