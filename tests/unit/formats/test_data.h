// Where the shared third-party vectors are, and small file helpers.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace loudong::formats::testing {

inline std::filesystem::path shared_data() {
  if (const char* d = std::getenv("LOUDONG_SHARED_DATA")) return d;
  return "/work/main/../shared/data";
}

inline std::filesystem::path source_dir() {
  if (const char* d = std::getenv("LOUDONG_SOURCE_DIR")) return d;
  return "/work/main";
}

inline std::filesystem::path own_data() { return source_dir() / "tests/data/formats"; }

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace loudong::formats::testing
