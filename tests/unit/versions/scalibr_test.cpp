// Every osv-scalibr-semantic file of the ecosystems these schemes serve must
// be read by some scheme test; a new file in the vectors fails here until a
// test reads it.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {

TEST(ScalibrVectors, EveryFileOfOurEcosystemsIsCovered) {
  // Prefix of the file name -> the scheme whose test reads it.
  const std::map<std::string, std::unique_ptr<VersionScheme> (*)()> ours = {
      {"alpine", make_alpine_scheme}, {"cran", make_cran_scheme},       {"debian", make_deb_scheme},
      {"maven", make_maven_scheme},   {"nuget", make_nuget_scheme},     {"packagist", make_composer_scheme},
      {"pypi", make_pypi_scheme},     {"redhat", make_rpm_scheme},      {"rubygems", make_gem_scheme}};
  // What the per-scheme tests read.
  const std::set<std::string> read = {
      "alpine-versions.txt",    "alpine-versions-generated.txt",    "cran-versions.txt",
      "cran-versions-generated.txt", "debian-versions.txt",        "debian-versions-generated.txt",
      "maven-versions.txt",     "maven-versions-generated.txt",     "nuget-versions.txt",
      "packagist-versions.txt", "packagist-versions-generated.txt", "pypi-versions.txt",
      "pypi-versions-generated.txt", "redhat-versions.txt",        "rubygems-versions.txt",
      "rubygems-versions-generated.txt"};
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(testing::vectors("osv-scalibr-semantic"))) {
    std::string name = e.path().filename().string();
    auto dash = name.find('-');
    if (dash == std::string::npos || !ours.count(name.substr(0, dash))) continue;
    ++files;
    EXPECT_TRUE(read.count(name)) << name << " is not read by any scheme test";
    EXPECT_NE(ours.at(name.substr(0, dash))(), nullptr) << name;
  }
  std::cout << "[vectors] osv-scalibr-semantic: " << files << " files for our ecosystems\n";
  EXPECT_EQ(files, static_cast<int>(read.size()));
}

}  // namespace
}  // namespace loudong::versions
