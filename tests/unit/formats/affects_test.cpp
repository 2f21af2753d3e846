// OSV evaluation semantics, table-driven from tests/data/formats/osv-affects.txt.
#include <gtest/gtest.h>

#include <sstream>

#include "formats/advisory.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

// "SEMVER introduced=0 fixed=1 ; GIT ... versions=a,b" -> ranges and versions.
Affected parse_ranges(const std::string& ecosystem, const std::string& spec) {
  Affected a;
  a.package.ecosystem = ecosystem;
  a.package.name = "pkg";
  std::istringstream words(spec);
  std::string w;
  while (words >> w) {
    if (w == "-" || w == ";") continue;
    if (w == "SEMVER" || w == "ECOSYSTEM" || w == "GIT") {
      Range r;
      r.type = w == "SEMVER" ? RangeType::semver : w == "GIT" ? RangeType::git : RangeType::ecosystem;
      if (r.type == RangeType::git) r.repo = "https://example.com/repo";
      a.ranges.push_back(r);
      continue;
    }
    auto eq = w.find('=');
    std::string k = w.substr(0, eq), v = w.substr(eq + 1);
    if (k == "versions") {
      a.versions = split(v, ',');
      continue;
    }
    EventKind kind = k == "introduced"      ? EventKind::introduced
                     : k == "fixed"         ? EventKind::fixed
                     : k == "last_affected" ? EventKind::last_affected
                                            : EventKind::limit;
    a.ranges.back().events.push_back({kind, v});
  }
  return a;
}

TEST(Affects, Table) {
  std::istringstream lines(testing::slurp(testing::own_data() / "osv-affects.txt"));
  std::string line;
  int cases = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto cols = split(line, '|');
    ASSERT_GE(cols.size(), 4u) << line;
    Affected a = parse_ranges(trim(cols[0]), cols[1]);
    std::string why;
    Affects got = affects(a, trim(cols[2]), &why);
    EXPECT_EQ(affects_name(got), trim(cols[3])) << line << "\n  why: " << why;
    if (cols.size() > 4) {
      EXPECT_NE(why.find(trim(cols[4])), std::string::npos) << line << "\n  why: " << why;
    }
    ++cases;
  }
  EXPECT_GE(cases, 40);
}

}  // namespace
}  // namespace loudong::formats
