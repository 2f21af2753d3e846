// Table-driven: tests/data/domain/external_ids.txt lists inputs and the
// scheme or error code domain/external_ids.h must give for each.
#include "domain/external_ids.h"

#include <fstream>
#include <set>

#include <gtest/gtest.h>

namespace loudong::domain {
namespace {

TEST(ExternalIds, EveryRowOfTheTable) {
  const char* src = std::getenv("LOUDONG_SOURCE_DIR");
  std::string path = std::string(src ? src : ".") + "/tests/data/domain/external_ids.txt";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::string line;
  int n = 0, lineno = 0, valid = 0;
  std::set<std::string> schemes_seen;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << "line " << lineno;
    std::string expected = line.substr(0, tab);
    std::string input = line.substr(tab + 1);
    if (input == "<empty>") input.clear();
    auto scheme = external_id_scheme(input);
    auto problem = external_id_problem(input, "external_ids[0]");
    std::string got = scheme ? std::string(*scheme) : "error:" + (problem ? problem->code : std::string("?"));
    EXPECT_EQ(got, expected) << "line " << lineno << ": \"" << input << "\"";
    // Valid exactly when there is no problem; a problem names the field.
    EXPECT_EQ(scheme.has_value(), !problem.has_value()) << "line " << lineno;
    if (problem) {
      EXPECT_EQ(problem->field, "external_ids[0]");
      EXPECT_FALSE(problem->message.empty());
    } else {
      ++valid;
      schemes_seen.insert(got);
    }
    ++n;
  }
  EXPECT_GE(n, 40);
  EXPECT_GE(valid, 10);
  // Every scheme in the table has at least one valid row.
  for (const auto& s : external_id_schemes()) EXPECT_TRUE(schemes_seen.count(std::string(s.name))) << s.name;
}

TEST(ExternalIds, BadShapeSaysTheExpectedShapeInBothLanguages) {
  auto p = external_id_problem("CNVD-2021-12", "external_ids[3]");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->field, "external_ids[3]");
  EXPECT_NE(p->message.find("CNVD-YYYY-NNNNN"), std::string::npos) << p->message;
  EXPECT_NE(p->message.find("编号格式"), std::string::npos) << p->message;
}

TEST(ExternalIds, ListProblemsNameEachBadIdAndDuplicates) {
  auto ps = external_id_problems({"CVE-2021-44228", "CNVD-21-1", "CVE-2021-44228", "x"});
  ASSERT_EQ(ps.size(), 3u);
  EXPECT_EQ(ps[0].field, "external_ids[1]");
  EXPECT_EQ(ps[0].code, "bad_identifier");
  EXPECT_EQ(ps[1].field, "external_ids[2]");
  EXPECT_EQ(ps[1].code, "duplicate");
  EXPECT_EQ(ps[2].field, "external_ids[3]");
  EXPECT_EQ(ps[2].code, "unknown_scheme");
  EXPECT_TRUE(external_id_problems({}).empty());
  EXPECT_EQ(external_id_problems({"bad"}, "advisory.external_ids")[0].field, "advisory.external_ids[0]");
}

TEST(ExternalIds, SearchKeyNormalisesCaseAndSpaceOnlyForIds) {
  EXPECT_EQ(external_id_search_key(" cve-2021-44228 ").value_or(""), "CVE-2021-44228");
  EXPECT_EQ(external_id_search_key("cnnvd-202112-799").value_or(""), "CNNVD-202112-799");
  EXPECT_EQ(external_id_search_key("ghsa-jfh8-c2jp-5v3q").value_or(""), "GHSA-jfh8-c2jp-5v3q");
  EXPECT_FALSE(external_id_search_key("router"));
  EXPECT_FALSE(external_id_search_key("CVE-2021"));
  EXPECT_FALSE(external_id_search_key(""));
}

}  // namespace
}  // namespace loudong::domain
