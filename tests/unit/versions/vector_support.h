// Helpers for tests that run third-party vector files: where the files
// are, and the known-gaps ledger that keeps unsupported cases visible.
//
// Every case has an id (file, case): the index for JSON case lists. A case listed in
// tests/data/versions/known-gaps.txt must fail (a gap that starts passing
// fails the test, so the list shrinks); any other failing case fails the
// test. Tally prints passed / gaps / skipped counts per file.
#pragma once

#include <cstdlib>
#include <fstream>
#include <map>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace loudong::versions::vectest {

inline std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

inline std::string source_dir() { return env_or("LOUDONG_SOURCE_DIR", "/work/main"); }
inline std::string shared_data() { return env_or("LOUDONG_SHARED_DATA", source_dir() + "/../shared/data"); }
inline std::string vectors(const std::string& rel) { return shared_data() + "/vectors/" + rel; }

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(read_text(path)); }

// Lines "<file>\t<case>\t<reason>"; '#' starts a comment line. Keys are
// "<file>#<case>".
inline const std::set<std::string>& known_gaps() {
  static const std::set<std::string> gaps = [] {
    std::set<std::string> out;
    std::istringstream in(read_text(source_dir() + "/tests/data/versions/known-gaps.txt"));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      size_t t1 = line.find('\t'), t2 = line.find('\t', t1 == std::string::npos ? t1 : t1 + 1);
      if (t2 == std::string::npos) continue;
      out.insert(line.substr(0, t1) + "#" + line.substr(t1 + 1, t2 - t1 - 1));
    }
    return out;
  }();
  return gaps;
}

class Tally {
 public:
  explicit Tally(std::string file) : file_(std::move(file)) {}
  ~Tally() { report(); }

  void record(const std::string& id, bool ok, const std::string& detail = "") {
    bool gap = known_gaps().count(id) > 0;
    if (ok && !gap) ++passed_;
    else if (!ok && gap) ++gaps_;
    else if (ok && gap) ADD_FAILURE() << id << " is listed in known-gaps.txt but now passes: remove it";
    else ADD_FAILURE() << id << " failed: " << detail;
    if (ok == gap) ++failed_;
  }
  void skip(const std::string& why) { ++skipped_[why]; }
  int ran() const { return passed_ + gaps_ + failed_; }

  void report() {
    if (reported_) return;
    reported_ = true;
    std::cout << "[vectors] " << file_ << ": passed " << passed_ << ", known gaps " << gaps_ << ", failed " << failed_;
    for (auto& [why, n] : skipped_) std::cout << ", skipped " << n << " (" << why << ")";
    std::cout << std::endl;
  }

 private:
  std::string file_;
  int passed_ = 0, gaps_ = 0, failed_ = 0;
  std::map<std::string, int> skipped_;
  bool reported_ = false;
};

}  // namespace loudong::versions::vectest
