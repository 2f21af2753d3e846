// R-APPS: an app or mini-program product's platform, id and store version.
#include "domain/app_products.h"

#include <gtest/gtest.h>

namespace loudong::domain {
namespace {

std::string codes(ProductKind k, const std::string& platform, const std::string& id, const std::string& ver = "") {
  std::string out;
  for (const auto& f : app_product_problems(k, platform, id, ver)) out += (out.empty() ? "" : ",") + f.field + ":" + f.code;
  return out.empty() ? "ok" : out;
}

TEST(AppProducts, IdShapePerPlatform) {
  using K = ProductKind;
  struct Row {
    K kind;
    const char* platform;
    const char* id;
    const char* expected;
  } rows[] = {
      {K::mobile_app, "android", "com.example.pay", "ok"},
      {K::mobile_app, "android", "com.example.pay_2", "ok"},
      {K::mobile_app, "android", "examplepay", "app_id:bad_app_id"},  // one part
      {K::mobile_app, "android", "com.1example.pay", "app_id:bad_app_id"},
      {K::mobile_app, "android", "com.example..pay", "app_id:bad_app_id"},
      {K::mobile_app, "ios", "com.example.Pay-iOS", "ok"},
      {K::mobile_app, "ios", "com example", "app_id:bad_app_id"},
      {K::mobile_app, "harmonyos", "com.example.pay", "ok"},
      {K::mobile_app, "harmonyos", "com.example", "app_id:bad_app_id"},  // two parts
      {K::mini_program, "wechat", "wx1234567890abcdef", "ok"},
      {K::mini_program, "wechat", "wx1234567890ABCDEF", "app_id:bad_app_id"},
      {K::mini_program, "wechat", "wx1234567890abcde", "app_id:bad_app_id"},
      {K::mini_program, "wechat", "gh_1234567890ab", "app_id:bad_app_id"},
      {K::mini_program, "alipay", "2021001234567890", "ok"},
      {K::mini_program, "alipay", "202100123456789", "app_id:bad_app_id"},
      {K::mini_program, "baidu", "4fecoAqgCIUtzIyA4FAPgoyrc4oUc25c", "ok"},
      {K::mini_program, "bytedance", "tt1234567890abcdef", "ok"},
      {K::mini_program, "bytedance", "wx1234567890abcdef", "app_id:bad_app_id"},
      {K::mini_program, "quickapp", "com.example.quick", "ok"},
      {K::mini_program, "other", "any-id_1", "ok"},
      {K::mobile_app, "other", "has space", "app_id:bad_app_id"},
      // The platform must be one of the kind's.
      {K::mobile_app, "wechat", "wx1234567890abcdef", "platform:bad_value"},
      {K::mini_program, "android", "com.example.pay", "platform:bad_value"},
      {K::mobile_app, "", "com.example.pay", "platform:required"},
      {K::mobile_app, "Android", "com.example.pay", "platform:bad_value"},
      {K::mobile_app, "android", "", "app_id:required"},
      // Other kinds carry no app fields; their platform stays free text.
      {K::hardware, "Linux", "", "ok"},
      {K::software, "", "com.example.pay", "app_id:not_an_app"},
  };
  for (const auto& r : rows) EXPECT_EQ(codes(r.kind, r.platform, r.id), r.expected) << r.platform << " " << r.id;
}

TEST(AppProducts, StoreVersion) {
  EXPECT_EQ(codes(ProductKind::mobile_app, "android", "com.example.pay", "3.2.1 (321)"), "ok");
  EXPECT_EQ(codes(ProductKind::mobile_app, "android", "com.example.pay", std::string(65, '1')), "store_version:too_long");
  EXPECT_EQ(codes(ProductKind::firmware, "", "", "1.0"), "store_version:not_an_app");
}

TEST(AppProducts, MessagesAreBilingualAndNameTheShape) {
  auto ps = app_product_problems(ProductKind::mini_program, "wechat", "wxBAD", "");
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_NE(ps[0].message.find("wx and 16 hex digits"), std::string::npos);
  EXPECT_NE(ps[0].message.find("应用标识格式不符"), std::string::npos);
}

TEST(AppProducts, Label) {
  EXPECT_EQ(app_label("android", "com.example.pay", "3.2.1"), "android com.example.pay 3.2.1");
  EXPECT_EQ(app_label("wechat", "wx1234567890abcdef", ""), "wechat wx1234567890abcdef");
  EXPECT_EQ(app_label("Linux", "", ""), "");
}

}  // namespace
}  // namespace loudong::domain
