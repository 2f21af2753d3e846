// Replays tests/data/versions/differential-corpus.tsv: every case on which
// loudong ever disagreed with an ecosystem's own tool (node-semver, dpkg,
// rpm, packaging), with that tool's answer. The differential suite
// (tests/integration/versions-differential.test.mjs) finds them on generated
// input and checks the answers against the tools; this keeps them fixed
// without the tools installed.
#include <fstream>
#include <sstream>

#include "vector_support.h"
#include "versions/npm.h"
#include "versions/vers.h"

namespace loudong::versions {
namespace {

struct Row {
  int line = 0;
  std::string kind, a, b, want, note;
};

std::vector<Row> corpus() {
  std::vector<Row> rows;
  std::istringstream in(vectest::read_text(vectest::source_dir() + "/tests/data/versions/differential-corpus.tsv"));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
    if (f.size() < 4) {
      ADD_FAILURE() << "differential-corpus.tsv line " << n << ": expected kind, two inputs and an answer";
      continue;
    }
    rows.push_back({n, f[0], f[1], f[2], f[3], f.size() > 4 ? f[4] : ""});
  }
  return rows;
}

std::string word(const Result<Containment>& c) {
  if (!c.ok()) return "error";
  return *c == Containment::yes ? "yes" : *c == Containment::no ? "no" : "unknown";
}

// loudong's answer in the reference's words, and whether it is acceptable.
bool check(const Row& r, std::string& got) {
  if (r.kind == "npm" || r.kind == "npm-include-prerelease") {
    got = word(contains_native("npm", r.a, r.b, {r.kind != "npm"}));
    return got == r.want;
  }
  if (r.kind == "npm-vers") {
    // Matching reads the vers form in version order: the same answer as
    // satisfies for a release, and never "no" where satisfies says yes.
    auto v = from_native("npm", r.a);
    if (!v.ok()) return got = "error: " + v.error().message(), r.want == "error";
    got = word(contains(*v, r.b)) + " (" + to_string(*v) + ")";
    auto parsed = npm::parse_version(r.b, {true, false});
    bool release = parsed.ok() && !parsed->has_pre;
    std::string answer = word(contains(*v, r.b));
    return release ? answer == r.want : (r.want != "yes" || answer == "yes");
  }
  const VersionScheme* s = scheme_for(r.kind);
  if (!s) return got = "no scheme " + r.kind, false;
  auto c = s->compare(r.a, r.b);
  got = c.ok() ? std::to_string(*c) : "error";
  return got == r.want;
}

TEST(DifferentialCorpus, EveryPastDisagreementNowAgrees) {
  auto rows = corpus();
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    std::string got;
    EXPECT_TRUE(check(r, got)) << "differential-corpus.tsv line " << r.line << " [" << r.kind << "] \"" << r.a
                               << "\" / \"" << r.b << "\": reference " << r.want << ", loudong " << got
                               << (r.note.empty() ? "" : " (" + r.note + ")");
  }
}

}  // namespace
}  // namespace loudong::versions
