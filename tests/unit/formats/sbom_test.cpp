// SBOM readers over the CycloneDX specification's test BOMs (1.4-1.6) and
// the SPDX 2.3 example. Cases the readers cannot handle are listed in
// tests/data/formats/known-gaps.txt; a listed case that starts to pass
// fails the test too, so the list stays true.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

#include "formats/sbom.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> known_gaps() {
  std::map<std::string, std::string> gaps;
  std::istringstream lines(testing::slurp(testing::own_data() / "known-gaps.txt"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto bar = line.find(" | ");
    gaps[line.substr(0, bar)] = bar == std::string::npos ? "" : line.substr(bar + 3);
  }
  return gaps;
}

class CycloneDxVectors : public ::testing::TestWithParam<std::string> {};

TEST_P(CycloneDxVectors, ValidLoadAndInvalidAreRefusedWithAPath) {
  const std::string version = GetParam();
  auto gaps = known_gaps();
  std::size_t valid = 0, invalid = 0, gap_count = 0;
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(testing::shared_data() / "vectors/cyclonedx" / version))
    if (f.path().extension() == ".json") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::string name = path.filename().string();
    std::string key = version + "/" + name;
    bool expect_valid = name.rfind("valid-", 0) == 0;
    if (!expect_valid && name.rfind("invalid-", 0) != 0) continue;
    Result<Sbom> sbom = read_cyclonedx(testing::slurp(path));
    bool as_expected = sbom.ok() == expect_valid;
    if (gaps.count(key)) {
      ++gap_count;
      EXPECT_FALSE(as_expected) << key << " is listed in known-gaps.txt but now passes: remove it";
      continue;
    }
    if (expect_valid) {
      ++valid;
      EXPECT_TRUE(sbom.ok()) << key << ": " << (sbom.ok() ? "" : sbom.error().message());
      if (sbom.ok()) {
        EXPECT_EQ(sbom->format, "CycloneDX");
        EXPECT_EQ(sbom->spec_version, version);
      }
    } else {
      ++invalid;
      EXPECT_FALSE(sbom.ok()) << key << " was accepted";
      if (!sbom.ok()) {
        // The reason names a field: "<path>: <what is wrong>".
        ASSERT_FALSE(sbom.error().fields().empty()) << key << ": " << sbom.error().message();
        std::cout << "  " << key << " -> " << sbom.error().message() << "\n";
      }
    }
  }
  std::cout << "  CycloneDX " << version << ": " << valid << " valid loaded, " << invalid << " invalid refused, "
            << gap_count << " known gaps\n";
  EXPECT_GT(valid, 20u);
  EXPECT_GT(invalid, 20u);
}

INSTANTIATE_TEST_SUITE_P(Versions, CycloneDxVectors, ::testing::Values("1.4", "1.5", "1.6"),
                         [](const auto& info) { return "v" + std::string(1, info.param[2]); });

TEST(CycloneDx, ComponentsAreFlattenedAndNormalised) {
  Result<Sbom> s = read_sbom(R"({"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
    "serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    "metadata":{"component":{"type":"application","name":"product","bom-ref":"root"}},
    "components":[
      {"type":"library","bom-ref":"a","group":"org.example","name":"A","version":"1.0",
       "purl":"pkg:Maven/org.example/A@1.0?Type=jar","cpe":"cpe:2.3:a:example:a:1.0:*:*:*:*:*:*:*",
       "supplier":{"name":"Example"},"licenses":[{"license":{"id":"Apache-2.0"}}],
       "hashes":[{"alg":"SHA-256","content":"F498A8FF2DD007E29C2074F5E4B01A9A01775C3FF3AEAF6906EA503BC5791B7B"}],
       "components":[{"type":"library","name":"inner","version":"2","purl":"pkg:npm/%40scope/inner@2"}]},
      {"type":"library","name":"nopurl","version":"3"},
      {"type":"library","name":"badpurl","purl":"not a purl"}],
    "dependencies":[{"ref":"a","dependsOn":["root"]}]})");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->serial, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  ASSERT_EQ(s->components.size(), 4u);
  const Component& a = s->components[0];
  EXPECT_EQ(a.purl, "pkg:maven/org.example/A@1.0?type=jar");
  EXPECT_EQ(a.group, "org.example");
  EXPECT_EQ(a.supplier, "Example");
  EXPECT_EQ(a.licenses, std::vector<std::string>{"Apache-2.0"});
  EXPECT_EQ(a.cpes.size(), 1u);
  EXPECT_EQ(a.hashes_sha256, "f498a8ff2dd007e29c2074f5e4b01a9a01775c3ff3aeaf6906ea503bc5791b7b");
  EXPECT_EQ(s->components[1].name, "inner");
  EXPECT_EQ(s->components[1].purl, "pkg:npm/%40scope/inner@2");
  EXPECT_EQ(s->components[2].purl, "");
  EXPECT_EQ(s->components[2].version, "3");
  ASSERT_EQ(s->warnings.size(), 2u);
  EXPECT_EQ(s->warnings[0].rfind("components[1]: nopurl@3 has no purl", 0), 0u) << s->warnings[0];
  EXPECT_EQ(s->warnings[1].rfind("components[2].purl: 'not a purl' is not a valid purl", 0), 0u) << s->warnings[1];
}

// A large inventory is read in parts on two threads (above 2,048
// components): the result must be what one thread reading in document
// order gives, and so must the first error and its path.
std::string big_cyclonedx(std::size_t n, const std::function<std::string(std::size_t)>& extra = {}) {
  std::string doc = R"({"bomFormat":"CycloneDX","specVersion":"1.6",)"
                    R"("metadata":{"component":{"type":"application","name":"product","bom-ref":"root"}},"components":[)";
  for (std::size_t i = 0; i < n; ++i) {
    if (i) doc += ',';
    std::string custom = extra ? extra(i) : "";
    if (!custom.empty()) {
      doc += custom;
      continue;
    }
    std::string name = "c" + std::to_string(i);
    doc += R"({"type":"library","bom-ref":"r)" + std::to_string(i) + R"(","name":")" + name + R"(","version":"1.0")";
    if (i % 11 == 0) {
      // no purl: a warning
    } else if (i % 13 == 0) {
      doc += R"(,"purl":"bad purl")";
    } else {
      doc += R"(,"purl":"pkg:npm/)" + name + R"(@1.0")";
    }
    if (i % 7 == 0)
      doc += R"(,"components":[{"type":"library","name":")" + name + R"(-child","purl":"pkg:npm/)" + name +
             R"(-child@2.0"}])";
    doc += '}';
  }
  return doc + R"(],"dependencies":[{"ref":"r1","dependsOn":["root"]}]})";
}

TEST(CycloneDx, LargeInventoryReadInPartsKeepsDocumentOrder) {
  const std::size_t n = 5000;
  Result<Sbom> s = read_sbom(big_cyclonedx(n));
  ASSERT_TRUE(s.ok()) << s.error().message();
  std::vector<std::string> want_names, want_warnings;
  for (std::size_t i = 0; i < n; ++i) {
    std::string name = "c" + std::to_string(i), at = "components[" + std::to_string(i) + "]";
    want_names.push_back(name);
    if (i % 11 == 0) want_warnings.push_back(at + ": " + name + "@1.0 has no purl");
    else if (i % 13 == 0) want_warnings.push_back(at + ".purl: 'bad purl' is not a valid purl");
    if (i % 7 == 0) want_names.push_back(name + "-child");
  }
  ASSERT_EQ(s->components.size(), want_names.size());
  for (std::size_t i = 0; i < want_names.size(); ++i) ASSERT_EQ(s->components[i].name, want_names[i]) << i;
  EXPECT_EQ(s->components[1].purl, "pkg:npm/c0-child@2.0");
  EXPECT_EQ(s->components[2].purl, "pkg:npm/c1@1.0");
  ASSERT_EQ(s->warnings.size(), want_warnings.size());
  for (std::size_t i = 0; i < want_warnings.size(); ++i)
    ASSERT_EQ(s->warnings[i].rfind(want_warnings[i], 0), 0u) << s->warnings[i] << " / " << want_warnings[i];
}

TEST(CycloneDx, LargeInventoryGivesTheFirstErrorInDocumentOrder) {
  struct Case {
    std::function<std::string(std::size_t)> extra;
    std::string expected;
  };
  const Case cases[] = {
      // A bom-ref used in two parts: the second use is the error.
      {[](std::size_t i) { return i == 4000 ? R"({"type":"library","bom-ref":"r10","name":"x"})" : ""; },
       "components[4000].bom-ref: bom-ref 'r10' is used more than once"},
      // The metadata component's bom-ref, reused far into the inventory.
      {[](std::size_t i) { return i == 3000 ? R"({"type":"library","bom-ref":"root","name":"x"})" : ""; },
       "components[3000].bom-ref: bom-ref 'root' is used more than once"},
      // Two errors in different parts: the earlier one is reported.
      {[](std::size_t i) -> std::string {
         if (i == 3500) return R"({"type":"library","name":"x","version":2})";
         if (i == 700) return R"({"type":"library","version":"1"})";
         return "";
       },
       "components[700].name: is required"},
      {[](std::size_t i) -> std::string {
         return i == 4999 ? R"({"type":"library","name":"x","components":[{"type":"nope","name":"y"}]})" : "";
       },
       "components[4999].components[0].type: "},
  };
  for (const auto& c : cases) {
    Result<Sbom> s = read_sbom(big_cyclonedx(5000, c.extra));
    ASSERT_FALSE(s.ok()) << c.expected;
    EXPECT_EQ(s.error().message().substr(0, c.expected.size()), c.expected);
  }
}

TEST(CycloneDx, OtherVersionsAndShapesAreRefused) {
  struct Case {
    std::string_view text, expected;
  };
  const Case cases[] = {
      {R"({"bomFormat":"CycloneDX","specVersion":"1.3","version":1})", "specVersion: CycloneDX 1.3 is not supported"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.7"})", "specVersion: CycloneDX 1.7 is not supported"},
      {R"({"bomFormat":"CycloneDX","specVersion":1.6})", "specVersion: must be a string, not number"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.4"})", "version: is required"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.5","version":0})", "version: must be at least 1"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":{}})", "components: must be an array, not object"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","components":[{"type":"library","name":"y","version":2}]}]})",
       "components[0].components[0].version: must be a string, not number"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","bom-ref":"r"}],"services":[{"name":"s","bom-ref":"r"}]})",
       "services[0].bom-ref: bom-ref 'r' is used more than once"},
      {R"({"bomFormat":"CycloneDX","specVersion":"1.6","dependencies":[{"ref":"a","dependsOn":["b","b"]}]})",
       "dependencies[0].dependsOn[1]: 'b' is listed twice"},
  };
  for (const auto& c : cases) {
    Result<Sbom> s = read_cyclonedx(c.text);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.error().message().substr(0, c.expected.size()), c.expected) << c.text;
  }
}

TEST(Spdx, ExampleDocumentLoads) {
  Result<Sbom> s = read_sbom(testing::slurp(testing::shared_data() / "vectors/spdx/SPDXJSONExample-v2.3.spdx.json"));
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->format, "SPDX");
  EXPECT_EQ(s->spec_version, "SPDX-2.3");
  EXPECT_EQ(s->serial, "http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301");
  ASSERT_EQ(s->components.size(), 4u);
  const Component& glibc = s->components[0];
  EXPECT_EQ(glibc.name, "glibc");
  EXPECT_EQ(glibc.version, "2.11.1");
  EXPECT_EQ(glibc.bom_ref, "SPDXRef-Package");
  EXPECT_EQ(glibc.supplier, "Jane Doe (jane.doe@example.com)");
  EXPECT_EQ(glibc.cpes, std::vector<std::string>{"cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"});
  EXPECT_EQ(glibc.hashes_sha256, "11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd");
  EXPECT_EQ(glibc.licenses.front(), "(LGPL-2.0-only OR LicenseRef-3)");
  const Component& jena = s->components[2];
  EXPECT_EQ(jena.purl, "pkg:maven/org.apache.jena/apache-jena@3.12.0");
  EXPECT_EQ(s->warnings.size(), 3u);  // glibc, Apache Commons Lang and Saxon have no purl
}

TEST(Spdx, RefusesOtherVersionsAndMissingFields) {
  EXPECT_EQ(read_spdx(R"({"spdxVersion":"SPDX-2.2"})").error().message(),
            "spdxVersion: 'SPDX-2.2' is not supported (SPDX-2.3)");
  EXPECT_EQ(read_spdx(R"({"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"n","dataLicense":"CC0-1.0",
    "documentNamespace":"https://x","creationInfo":{},"packages":[{"SPDXID":"SPDXRef-1"}]})")
                .error()
                .message(),
            "packages[0].name: is required");
  EXPECT_EQ(read_spdx(R"({"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"n","dataLicense":"CC0-1.0",
    "creationInfo":{}})")
                .error()
                .message(),
            "documentNamespace: is required");
  EXPECT_EQ(read_sbom(R"({"hello":1})").error().code(), "unsupported_format");
}

}  // namespace
}  // namespace loudong::formats
