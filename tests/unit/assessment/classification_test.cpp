// GB/T 30279 classes and the CWE map.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "assessment/classification.h"

namespace loudong::assessment {
namespace {

TEST(Classification, FourCertainTopLevelClasses) {
  std::set<std::string> top;
  for (const auto& c : all_classes())
    if (c.parent.empty()) {
      top.emplace(c.code);
      EXPECT_TRUE(c.verified) << c.code;
    }
  EXPECT_EQ(top, (std::set<std::string>{"code_issue", "configuration_error", "environment_issue", "other"}));
  EXPECT_EQ(class_for_code("code_issue")->name_zh, "代码问题");
  EXPECT_EQ(class_for_code("configuration_error")->name_zh, "配置错误");
  EXPECT_EQ(class_for_code("environment_issue")->name_zh, "环境问题");
  EXPECT_EQ(class_for_code("other")->name_zh, "其他");
}

TEST(Classification, CodesUniqueParentsKnownNamesInBothLanguages) {
  std::set<std::string_view> seen;
  for (const auto& c : all_classes()) {
    EXPECT_TRUE(seen.insert(c.code).second) << "duplicate " << c.code;
    if (!c.parent.empty()) {
      EXPECT_TRUE(seen.contains(c.parent)) << c.code << " before its parent";
    }
    EXPECT_FALSE(c.name_zh.empty());
    EXPECT_FALSE(c.name_en.empty());
    EXPECT_TRUE(top_class(c).parent.empty());
  }
}

TEST(Classification, LookupsByCode) {
  auto sql = class_for_code("sql_injection");
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(sql->name_zh, "SQL注入");
  EXPECT_EQ(top_class(*sql).code, "code_issue");
  EXPECT_EQ(top_class(class_for_code("fault_injection").value()).code, "environment_issue");
  auto bad = class_for_code("sql injection");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields()[0].field, "vuln_class");
  EXPECT_EQ(bad.error().fields()[0].code, "bad_value");
}

TEST(Classification, CweMap) {
  const std::pair<int, const char*> expected[] = {
      {79, "cross_site_scripting"}, {89, "sql_injection"},       {78, "command_injection"},
      {77, "command_injection"},    {22, "path_traversal"},      {119, "buffer_error"},
      {120, "buffer_error"},        {125, "buffer_error"},       {787, "buffer_error"},
      {416, "resource_management"}, {415, "resource_management"}, {476, "resource_management"},
      {190, "numeric_error"},       {362, "race_condition"},     {287, "authorization_issue"},
      {306, "authorization_issue"}, {862, "authorization_issue"}, {863, "authorization_issue"},
      {269, "authorization_issue"}, {798, "authorization_issue"}, {327, "cryptographic_issue"},
      {326, "cryptographic_issue"}, {200, "information_disclosure"}, {16, "configuration_error"},
      {502, "data_conversion"},     {918, "input_validation"},   {352, "cross_site_request_forgery"},
      {434, "input_validation"},    {94, "code_injection"},      {611, "input_validation"},
      {400, "resource_management"}, {770, "resource_management"},
  };
  for (const auto& [cwe, code] : expected) {
    auto c = class_for_cwe(cwe);
    ASSERT_TRUE(c.has_value()) << cwe;
    EXPECT_EQ(c->code, code) << cwe;
  }
  EXPECT_FALSE(class_for_cwe(1).has_value());
  EXPECT_FALSE(class_for_cwe(-79).has_value());
}

TEST(Classification, CweIds) {
  EXPECT_EQ(parse_cwe_id("CWE-79").value(), 79);
  EXPECT_EQ(parse_cwe_id("CWE-1321").value(), 1321);
  EXPECT_EQ(cwe_id(79), "CWE-79");
  for (const char* bad : {"", "CWE-", "CWE-079", "cwe-79", "CWE79", "CWE-7a", "CWE-12345678", " CWE-79", "NVD-CWE-noinfo"}) {
    auto r = parse_cwe_id(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().fields()[0].field, "cwe");
    EXPECT_EQ(r.error().fields()[0].code, "bad_value");
  }
}

}  // namespace
}  // namespace loudong::assessment
