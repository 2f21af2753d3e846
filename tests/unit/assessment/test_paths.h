// Where the assessment tests find their data files.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace loudong::assessment::test_support {

// The repository root: LOUDONG_SOURCE_DIR (set by ctest), else derived from
// this file's own path (<repo>/tests/unit/assessment/test_paths.h).
inline std::filesystem::path source_dir() {
  if (const char* src = std::getenv("LOUDONG_SOURCE_DIR"); src && *src) return src;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
}

// The team's shared third-party data: LOUDONG_SHARED_DATA, else <repo>/../shared/data.
inline std::filesystem::path shared_data() {
  if (const char* env = std::getenv("LOUDONG_SHARED_DATA"); env && *env) return env;
  return source_dir() / ".." / "shared" / "data";
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace loudong::assessment::test_support
