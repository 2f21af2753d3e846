// Test helpers for the per-ecosystem version schemes: locating the shared
// third-party vectors, the known-gaps list, and a tally that fails on any
// unlisted failure and on any listed gap that starts passing.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "versions/scheme.h"

namespace loudong::versions::testing {

inline std::string shared_data() {
  if (const char* d = std::getenv("LOUDONG_SHARED_DATA"); d && *d) return d;
  if (const char* s = std::getenv("LOUDONG_SOURCE_DIR"); s && *s) return std::string(s) + "/../shared/data";
  return "/work/main/../shared/data";
}

inline std::string vectors(const std::string& rel) { return shared_data() + "/vectors/" + rel; }

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// known-gaps.txt: "file<TAB>case<TAB>reason" per line.
inline const std::set<std::pair<std::string, std::string>>& known_gaps() {
  static const auto gaps = [] {
    std::set<std::pair<std::string, std::string>> g;
    std::string here = __FILE__;
    std::string path = here.substr(0, here.rfind("/unit/")) + "/data/versions/known-gaps.txt";
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto t1 = line.find('\t');
      auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
      if (t2 == std::string::npos) continue;
      g.emplace(line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1));
    }
    return g;
  }();
  return gaps;
}

class Tally {
 public:
  explicit Tally(std::string file) : file_(std::move(file)) {}
  ~Tally() { finish(); }

  void check(const std::string& id, bool ok, const std::string& detail = "") {
    ++ran_;
    bool gap = known_gaps().count({file_, id}) > 0;
    if (gap && ok) {
      failures_.push_back("listed gap now passes, remove it from known-gaps.txt: " + id);
    } else if (gap) {
      ++gaps_;
    } else if (!ok) {
      failures_.push_back(id + (detail.empty() ? "" : "  -- " + detail));
    } else {
      ++passed_;
    }
  }

  void finish() {
    if (done_) return;
    done_ = true;
    std::cout << "[vectors] " << file_ << ": ran " << ran_ << ", passed " << passed_ << ", known gaps " << gaps_
              << ", failed " << failures_.size() << "\n";
    EXPECT_GT(ran_, 0) << file_;
    std::size_t shown = 0;
    for (const auto& f : failures_) {
      if (++shown > 400) break;
      ADD_FAILURE() << file_ << "\t" << f;
    }
    EXPECT_TRUE(failures_.empty()) << file_ << ": " << failures_.size() << " failures";
  }

 private:
  std::string file_;
  int ran_ = 0, passed_ = 0, gaps_ = 0;
  std::vector<std::string> failures_;
  bool done_ = false;
};

inline std::string show(const Result<int>& r) { return r.ok() ? std::to_string(r.value()) : "error: " + r.error().message(); }

// osv-scalibr-semantic lines "a < b", "a = b", "a > b"; each is checked in
// both directions.
inline void run_scalibr(const VersionScheme& s, const std::string& file) {
  Tally t("osv-scalibr-semantic/" + file);
  std::ifstream in(vectors("osv-scalibr-semantic/" + file));
  ASSERT_TRUE(in) << "missing " << file;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || line.rfind("//", 0) == 0) continue;
    int want = 2;
    std::size_t p = std::string::npos;
    for (auto [op, w] : {std::pair{" < ", -1}, std::pair{" = ", 0}, std::pair{" > ", 1}}) {
      if (auto q = line.find(op); q != std::string::npos) {
        p = q;
        want = w;
        break;
      }
    }
    if (p == std::string::npos) {
      t.check(line, false, "unparsable line");
      continue;
    }
    std::string a = line.substr(0, p), b = line.substr(p + 3);
    auto ab = s.compare(a, b), ba = s.compare(b, a);
    bool ok = ab.ok() && ba.ok() && ab.value() == want && ba.value() == -want;
    t.check(line, ok, "compare(a,b)=" + show(ab) + " compare(b,a)=" + show(ba));
  }
}

// vers-spec "<scheme>_version_cmp_test.json": comparison cases give the
// versions in order, equality cases say whether the two are equal.
inline void run_vers_cmp(const VersionScheme& s, const std::string& file) {
  Tally t("vers-spec/tests/" + file);
  auto j = nlohmann::json::parse(read_all(vectors("vers-spec/tests/" + file)));
  for (const auto& c : j.at("tests")) {
    auto vs = c.at("input").at("versions").get<std::vector<std::string>>();
    std::string type = c.at("test_type").get<std::string>();
    std::string id = type + " " + vs.at(0) + " " + vs.at(1);
    if (type == "equality") {
      auto r = s.compare(vs[0], vs[1]);
      bool want = c.at("expected_output").get<bool>();
      t.check(id, r.ok() && (r.value() == 0) == want, show(r));
    } else {
      auto want = c.at("expected_output").get<std::vector<std::string>>();
      bool ok = true;
      std::string detail;
      for (std::size_t i = 0; i + 1 < want.size(); ++i) {
        auto r = s.compare(want[i], want[i + 1]);
        auto back = s.compare(want[i + 1], want[i]);
        if (!r.ok() || r.value() != -1 || !back.ok() || back.value() != 1) {
          ok = false;
          detail = want[i] + " vs " + want[i + 1] + ": " + show(r);
        }
      }
      t.check(id, ok, detail);
    }
  }
}

// Whether v lies in a disjunction of conjunctions of vers constraints.
inline Result<bool> contains(const VersionScheme& s, const std::vector<std::vector<Constraint>>& range,
                             const std::string& v) {
  for (const auto& conj : range) {
    bool all = true;
    for (const auto& c : conj) {
      if (c.comparator == "*") continue;
      auto r = s.compare(v, c.version);
      if (!r) return r.error();
      int x = r.value();
      const auto& op = c.comparator;
      bool hold = op == "=" ? x == 0 : op == "!=" ? x != 0 : op == "<" ? x < 0 : op == "<=" ? x <= 0
                : op == ">" ? x > 0 : op == ">=" ? x >= 0 : false;
      if (!hold) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

// A disjunction rendered as vers constraints, for messages and for the
// vers-spec from_native cases (only meaningful for a single conjunction).
inline std::string render(const std::vector<std::vector<Constraint>>& range) {
  std::string out;
  for (std::size_t i = 0; i < range.size(); ++i) {
    if (i) out += " || ";
    for (std::size_t j = 0; j < range[i].size(); ++j) {
      if (j) out += "|";
      const auto& c = range[i][j];
      out += (c.comparator == "=" ? "" : c.comparator) + c.version;
    }
  }
  return out;
}

}  // namespace loudong::versions::testing
