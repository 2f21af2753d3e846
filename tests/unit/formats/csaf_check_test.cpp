// csaf_mandatory_problems against the OASIS CSAF 2.0 validator test suite
// (shared/data/vectors/csaf/csaf_2.0/test/validator/data/testcases.json):
// every failing document listed for a rule we implement must fail on that
// rule, and every valid one must pass every rule.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "formats/csaf_check.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

using nlohmann::json;
using testing::shared_data;
using testing::slurp;

std::filesystem::path suite_dir() { return shared_data() / "vectors/csaf/csaf_2.0/test/validator/data"; }

bool implemented(const std::string& rule) {
  // All of 6.1 but 6.1.12 (language tags), see csaf_check.h.
  return rule.rfind("6.1.", 0) == 0 && rule != "6.1.12";
}

std::string rules_of(const std::vector<CsafProblem>& ps) {
  std::string s;
  for (const auto& p : ps) s += p.rule + " " + p.path + ": " + p.message + "\n";
  return s;
}

TEST(CsafMandatoryTests, OasisSuite) {
  json suite = json::parse(slurp(suite_dir() / "testcases.json"));
  struct Count {
    int fail_ok = 0, fail_total = 0, valid_ok = 0, valid_total = 0;
  };
  std::map<std::string, Count> counts;
  std::set<std::string> rules_seen;
  for (const auto& t : suite["tests"]) {
    std::string rule = t["id"];
    if (!implemented(rule)) continue;
    rules_seen.insert(rule);
    Count& c = counts[rule];
    for (const auto& f : t.value("failures", json::array())) {
      std::string name = f["name"];
      auto problems = csaf_mandatory_problems(json::parse(slurp(suite_dir() / name)));
      bool hit = std::any_of(problems.begin(), problems.end(), [&](const CsafProblem& p) { return p.rule == rule; });
      ++c.fail_total;
      c.fail_ok += hit;
      EXPECT_TRUE(hit) << name << " should fail " << rule << "; problems:\n" << rules_of(problems);
    }
    for (const auto& v : t.value("valid", json::array())) {
      std::string name = v["name"];
      auto problems = csaf_mandatory_problems(json::parse(slurp(suite_dir() / name)));
      ++c.valid_total;
      c.valid_ok += problems.empty();
      EXPECT_TRUE(problems.empty()) << name << " is valid (" << rule << ") but:\n" << rules_of(problems);
    }
  }
  // The suite lists 42 mandatory rules; all but 6.1.12 are ours.
  EXPECT_EQ(rules_seen.size(), 42u);
  int fails = 0, valids = 0;
  for (const auto& [rule, c] : counts) {
    std::cout << "  " << rule << ": failing " << c.fail_ok << "/" << c.fail_total << " caught, valid " << c.valid_ok
              << "/" << c.valid_total << " passed\n";
    fails += c.fail_total;
    valids += c.valid_total;
  }
  std::cout << "  total: " << fails << " failing and " << valids << " valid documents\n";
}

// The examples OASIS publishes are valid documents.
TEST(CsafMandatoryTests, OasisExamplesPass) {
  int n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(shared_data() / "vectors/csaf/csaf_2.0/examples/csaf")) {
    if (e.path().extension() != ".json") continue;
    ++n;
    auto problems = csaf_mandatory_problems(json::parse(slurp(e.path())));
    EXPECT_TRUE(problems.empty()) << e.path() << ":\n" << rules_of(problems);
  }
  EXPECT_GE(n, 6);
}

TEST(CsafMandatoryTests, NotAnObject) {
  EXPECT_EQ(csaf_mandatory_problems(json::array()).size(), 1u);
}

}  // namespace
}  // namespace loudong::formats
