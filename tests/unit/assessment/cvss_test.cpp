// CVSS parsing: every error code (table in tests/data/assessment/bad_vectors.txt),
// canonical vectors, ratings, and assess_vector.
#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "assessment/assess.h"
#include "assessment/cvss.h"
#include "test_paths.h"

namespace loudong::assessment {
namespace {

struct BadCase {
  int line;
  std::string function, input, code, message_part;
};

// "\xNN" in the file stands for the byte NN, so inputs can hold any byte.
std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "\\x") == 0 && i + 3 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<BadCase> load_bad_cases() {
  std::vector<BadCase> cases;
  std::istringstream in(test_support::read_file(test_support::source_dir() / "tests/data/assessment/bad_vectors.txt"));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (std::size_t sep; (sep = line.find(" | ", start)) != std::string::npos; start = sep + 3)
      cols.push_back(line.substr(start, sep - start));
    cols.push_back(line.substr(start));
    if (cols.size() != 4) {
      ADD_FAILURE() << "bad_vectors.txt:" << n << " has " << cols.size() << " columns";
      continue;
    }
    cases.push_back({n, cols[0], cols[1] == "<empty>" ? "" : unescape(cols[1]), cols[2], cols[3]});
  }
  return cases;
}

TEST(CvssErrors, EveryBadVectorGivesItsErrorCodeAndNamesTheProblem) {
  const auto cases = load_bad_cases();
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) {
    SCOPED_TRACE("bad_vectors.txt:" + std::to_string(c.line) + " " + c.input);
    std::optional<Error> err;
    std::string field;
    if (c.function == "v31") {
      auto r = score_cvss31(c.input);
      if (!r.ok()) err = r.error();
      field = "cvss31_vector";
    } else if (c.function == "v40") {
      auto r = score_cvss40(c.input);
      if (!r.ok()) err = r.error();
      field = "cvss40_vector";
    } else {
      auto r = assess_vector(c.input);
      if (!r.ok()) err = r.error();
      field = "cvss_vector";
    }
    ASSERT_TRUE(err.has_value()) << "accepted";
    EXPECT_EQ(err->kind(), ErrorKind::unprocessable);
    ASSERT_EQ(err->fields().size(), 1u);
    EXPECT_EQ(err->fields()[0].field, field);
    EXPECT_EQ(err->fields()[0].code, c.code) << err->message();
    EXPECT_NE(err->fields()[0].message.find(c.message_part), std::string::npos)
        << "message '" << err->fields()[0].message << "' lacks '" << c.message_part << "'";
  }
}

TEST(CvssErrors, FieldNameIsTheCallers) {
  auto r = score_cvss31("CVSS:3.1/AV:Q", "assessment.cvss31");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields()[0].field, "assessment.cvss31");
  EXPECT_EQ(r.error().allowed(), (std::vector<std::string>{"N", "A", "L", "P"}));
}

TEST(CvssErrors, OverlongAndHugeInputsAreRefusedCheaply) {
  std::string v = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  while (v.size() < 600) v += "/E:X";
  auto r = score_cvss31(v);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields()[0].code, "too_long");
}

TEST(Cvss31, CanonicalVectorPutsMetricsInSpecOrderAndDropsNotDefined) {
  auto r = score_cvss31("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/RL:X/E:F/MAV:X");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F");
  EXPECT_EQ(r->version, "3.1");
  EXPECT_DOUBLE_EQ(r->base_score, 9.8);
  EXPECT_DOUBLE_EQ(r->temporal_score, 9.6);  // Roundup(9.8 x 0.97 = 9.506)
  EXPECT_EQ(r->base_severity, "CRITICAL");
}

TEST(Cvss31, AcceptsV30WithV30Rules) {
  auto r = score_cvss31("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, "3.0");
  EXPECT_EQ(r->vector.substr(0, 9), "CVSS:3.0/");
}

TEST(Cvss40, CanonicalVectorScoresAndMacroVector) {
  auto r = score_cvss40("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->vector, "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  EXPECT_DOUBLE_EQ(r->score, 9.3);
  EXPECT_DOUBLE_EQ(r->base_score, 9.3);
  EXPECT_EQ(r->severity, "CRITICAL");
  EXPECT_EQ(r->macro_vector, "000200");
}

TEST(Cvss40, BaseScoreIgnoresThreatAndEnvironment) {
  auto r = score_cvss40("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U");
  ASSERT_TRUE(r.ok());
  EXPECT_LT(r->score, r->base_score);
  EXPECT_DOUBLE_EQ(r->base_score, 9.3);
}

TEST(CvssSeverity, BoundariesAndNames) {
  EXPECT_EQ(cvss_severity(0.0), "NONE");
  EXPECT_EQ(cvss_severity(0.1), "LOW");
  EXPECT_EQ(cvss_severity(3.9), "LOW");
  EXPECT_EQ(cvss_severity(4.0), "MEDIUM");
  EXPECT_EQ(cvss_severity(6.9), "MEDIUM");
  EXPECT_EQ(cvss_severity(7.0), "HIGH");
  EXPECT_EQ(cvss_severity(8.9), "HIGH");
  EXPECT_EQ(cvss_severity(9.0), "CRITICAL");
  EXPECT_EQ(cvss_severity(10.0), "CRITICAL");
  EXPECT_EQ(cvss_severity_name_zh("CRITICAL"), "严重");
  EXPECT_EQ(cvss_severity_name_en("MEDIUM"), "Medium");
  EXPECT_EQ(cvss_severity_name_en("bogus"), "");
}

TEST(AssessVector, DetectsVersionAndDerivesGrade) {
  auto v31 = assess_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  ASSERT_TRUE(v31.ok());
  EXPECT_EQ(v31->version, "3.1");
  EXPECT_DOUBLE_EQ(v31->score, 9.8);
  ASSERT_TRUE(v31->environmental_score.has_value());
  ASSERT_TRUE(v31->grade.grade.has_value());
  EXPECT_EQ(*v31->grade.grade, Grade::critical);
  EXPECT_EQ(v31->grade.source, GradeSource::derived_from_cvss);
  EXPECT_NE(v31->grade.basis_zh.find("超危"), std::string::npos);

  auto v40 = assess_vector("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N");
  ASSERT_TRUE(v40.ok());
  EXPECT_EQ(v40->version, "4.0");
  EXPECT_FALSE(v40->temporal_score.has_value());
  EXPECT_FALSE(v40->macro_vector.empty());

  auto none = assess_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->severity, "NONE");
  EXPECT_FALSE(none->grade.grade.has_value());
}

}  // namespace
}  // namespace loudong::assessment
