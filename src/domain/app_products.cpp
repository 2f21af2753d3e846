#include "domain/app_products.h"

#include <regex>

namespace loudong::domain {

namespace {

// Id shapes, from each platform's developer documentation:
//   android, quickapp: a Java-style package name, two or more dot-separated
//     parts each starting with a letter (com.example.app);
//   ios: a bundle id, reverse-DNS of letters, digits, hyphens and dots;
//   harmonyos: a bundle name, reverse-DNS of three or more parts starting
//     with a letter, 7 to 128 characters;
//   wechat: "wx" and 16 lower-case hex digits; bytedance (Douyin/Toutiao):
//     "tt" and 16 hex digits; alipay: a 16-digit app id;
//   baidu: the smart program's app key, 8 to 40 letters and digits (its
//     documentation fixes no length, so this is loose on purpose);
//   other: any id without spaces (1 to 200 characters).
const std::vector<AppPlatform> kPlatforms = {
    {"android", ProductKind::mobile_app, R"([A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+)",
     "a package name such as com.example.app"},
    {"ios", ProductKind::mobile_app, R"([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)", "a bundle id such as com.example.app"},
    {"harmonyos", ProductKind::mobile_app, R"((?=.{7,128}$)[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+){2,})",
     "a bundle name such as com.example.app (three or more parts)"},
    {"wechat", ProductKind::mini_program, R"(wx[0-9a-f]{16})", "wx and 16 hex digits (wx1234567890abcdef)"},
    {"alipay", ProductKind::mini_program, R"(\d{16})", "a 16-digit app id (2021001234567890)"},
    {"baidu", ProductKind::mini_program, R"([A-Za-z0-9]{8,40})", "the app key: 8 to 40 letters and digits"},
    {"bytedance", ProductKind::mini_program, R"(tt[0-9a-f]{16})", "tt and 16 hex digits (tt1234567890abcdef)"},
    {"quickapp", ProductKind::mini_program, R"([A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+)",
     "a package name such as com.example.quickapp"},
    {"other", ProductKind::mobile_app, R"([^\s]{1,200})", "an id without spaces"},
};

std::string platform_names(ProductKind k) {
  std::string out;
  for (const auto& p : kPlatforms)
    if (p.kind == k || p.name == "other") out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

}  // namespace

const std::vector<AppPlatform>& app_platforms() { return kPlatforms; }

const AppPlatform* find_app_platform(std::string_view name) {
  for (const auto& p : kPlatforms)
    if (p.name == name) return &p;
  return nullptr;
}

bool is_app_kind(ProductKind k) { return k == ProductKind::mobile_app || k == ProductKind::mini_program; }

std::vector<FieldError> app_product_problems(ProductKind kind, const std::string& platform, const std::string& app_id,
                                             const std::string& store_version) {
  std::vector<FieldError> out;
  if (!is_app_kind(kind)) {
    if (!app_id.empty())
      out.push_back({"app_id", "not_an_app", "only a mobile_app or mini_program has an app id / 仅移动应用或小程序有应用标识"});
    if (!store_version.empty())
      out.push_back({"store_version", "not_an_app",
                     "only a mobile_app or mini_program has a store version / 仅移动应用或小程序有商店版本"});
    return out;
  }
  const AppPlatform* p = find_app_platform(platform);
  // "other" serves both kinds: an app store or host not in the table.
  if (!p || (p->kind != kind && p->name != "other")) {
    out.push_back({"platform", platform.empty() ? "required" : "bad_value",
                   "platform must be one of: " + platform_names(kind) + " / 平台须为：" + platform_names(kind)});
  } else if (app_id.empty()) {
    out.push_back({"app_id", "required", "the package or app id is required / 须填写包名或应用标识"});
  } else if (!std::regex_match(app_id, std::regex(std::string(p->pattern)))) {
    out.push_back({"app_id", "bad_app_id",
                   "\"" + app_id.substr(0, 60) + "\" is not a " + std::string(p->name) + " id: expected " +
                       std::string(p->shape) + " / 应用标识格式不符：" + std::string(p->shape)});
  }
  if (store_version.size() > 64)
    out.push_back({"store_version", "too_long", "store_version is at most 64 characters / 商店版本最多 64 个字符"});
  return out;
}

std::string app_label(std::string_view platform, std::string_view app_id, std::string_view store_version) {
  if (app_id.empty()) return "";
  std::string out(platform);
  if (!out.empty()) out += " ";
  out += app_id;
  if (!store_version.empty()) out += " " + std::string(store_version);
  return out;
}

}  // namespace loudong::domain
