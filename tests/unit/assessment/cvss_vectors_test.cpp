// Every CVSS v3.0, v3.1 and v4.0 reference vector of the shared test data
// (RedHatProductSecurity/cvss) scores exactly as the reference says.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "assessment/cvss.h"
#include "test_paths.h"

namespace loudong::assessment {
namespace {

using test_support::shared_data;

struct Case {
  std::string file;
  int line = 0;
  std::string vector;
  std::vector<double> scores;  // base[, temporal, environmental]
};

// Lines are "VECTOR - (b, t, e)", "VECTOR - (b,)" or "VECTOR - b".
std::vector<Case> load(const std::string& name) {
  std::vector<Case> cases;
  std::ifstream in(shared_data() / "vectors" / "cvss" / name);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    Case c{name, n, line.substr(0, dash), {}};
    std::string rest = line.substr(dash + 3);
    for (char& ch : rest)
      if (ch == '(' || ch == ')' || ch == ',') ch = ' ';
    std::size_t pos = 0;
    while (pos < rest.size()) {
      const auto start = rest.find_first_not_of(' ', pos);
      if (start == std::string::npos) break;
      const auto end = rest.find(' ', start);
      c.scores.push_back(std::stod(rest.substr(start, end - start)));
      pos = end == std::string::npos ? rest.size() : end;
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

bool same_tenth(double a, double b) { return std::lround(a * 10) == std::lround(b * 10); }

TEST(CvssVectors, V3AllReferenceVectorsScoreExactly) {
  int checked = 0;
  for (const char* file : {"vectors_simple31", "vectors_simple3", "vectors_calculator3", "vectors_cvsslib3"}) {
    const auto cases = load(file);
    ASSERT_FALSE(cases.empty()) << "no vectors read from " << file << " under " << shared_data();
    for (const auto& c : cases) {
      ASSERT_EQ(c.scores.size(), 3u) << c.file << ":" << c.line;
      auto r = score_cvss31(c.vector);
      ASSERT_TRUE(r.ok()) << c.file << ":" << c.line << " " << c.vector << ": " << r.error().message();
      EXPECT_TRUE(same_tenth(r->base_score, c.scores[0]) && same_tenth(r->temporal_score, c.scores[1]) &&
                  same_tenth(r->environmental_score, c.scores[2]))
          << c.file << ":" << c.line << " " << c.vector << " expected (" << c.scores[0] << ", "
          << c.scores[1] << ", " << c.scores[2] << ") got (" << r->base_score << ", " << r->temporal_score
          << ", " << r->environmental_score << ")";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2592 + 2592 + 2 + 29);
}

TEST(CvssVectors, V4AllReferenceVectorsScoreExactly) {
  int checked = 0;
  for (const char* file : {"vectors_simple4", "vectors_supplemental4", "vectors_security4", "vectors_threat4"}) {
    const auto cases = load(file);
    ASSERT_FALSE(cases.empty()) << "no vectors read from " << file << " under " << shared_data();
    for (const auto& c : cases) {
      ASSERT_GE(c.scores.size(), 1u) << c.file << ":" << c.line;
      auto r = score_cvss40(c.vector);
      ASSERT_TRUE(r.ok()) << c.file << ":" << c.line << " " << c.vector << ": " << r.error().message();
      EXPECT_TRUE(same_tenth(r->score, c.scores[0]))
          << c.file << ":" << c.line << " " << c.vector << " expected " << c.scores[0] << " got " << r->score
          << " (macrovector " << r->macro_vector << ")";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 1058 + 576 + 54 + 6);
}

}  // namespace
}  // namespace loudong::assessment
