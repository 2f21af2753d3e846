#include "domain/platform_filing.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace loudong::domain {

using nlohmann::json;

bool filing_in_force(FilingStatus s) { return s == FilingStatus::filed || s == FilingStatus::change_filed; }

bool filing_editable(FilingStatus s) { return s != FilingStatus::cancelled; }

std::vector<FilingStatus> filing_next(FilingStatus from, bool unfiled_changes) {
  switch (from) {
    case FilingStatus::draft: return {FilingStatus::filed};
    case FilingStatus::filed:
    case FilingStatus::change_filed:
      if (unfiled_changes) return {FilingStatus::change_filed, FilingStatus::cancelled};
      return {FilingStatus::cancelled};
    case FilingStatus::cancelled: return {};
  }
  return {};
}

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool plausible_phone(std::string_view s) {
  // Digits with the separators people write: "+86 10-1234 5678", "(010) 12345678", "400-123-4567 ext 8".
  int digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != '+' && c != '-' && c != ' ' && c != '(' && c != ')' && c != 'x' && c != 'e' && c != 't')
      return false;
  }
  return digits >= 5 && digits <= 20 && s.size() <= 32;
}

bool http_url(std::string_view s) {
  auto rest = s.rfind("https://", 0) == 0 ? s.substr(8) : s.rfind("http://", 0) == 0 ? s.substr(7) : std::string_view();
  if (rest.empty() || rest.front() == '/') return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '<' || c == '>' || c == '"'; });
}

void contact_problems(const FilingContact& c, const std::string& at, std::vector<FieldError>& out) {
  if (!c.phone.empty() && !plausible_phone(c.phone))
    out.push_back({at + ".phone", "bad_phone", at + ".phone is not a telephone number / 不是有效的电话号码"});
  if (!c.email.empty() && !plausible_email(c.email))
    out.push_back({at + ".email", "bad_email", at + ".email is not an email address / 不是有效的电子邮箱"});
}

void contact_required(const FilingContact& c, const std::string& at, std::vector<FieldError>& out) {
  for (auto [v, name] : {std::pair{&c.name, "name"}, {&c.phone, "phone"}, {&c.email, "email"}})
    if (v->empty()) out.push_back({at + "." + name, "required", at + "." + name + " is required for filing / 备案必填"});
}

}  // namespace

bool valid_social_credit_code(std::string_view s) {
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr std::array<int, 17> kWeights{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (s.size() != 18) return false;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    auto v = kChars.find(s[i]);
    if (v == std::string_view::npos) return false;
    sum += static_cast<int>(v) * kWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  return s[17] == kChars[static_cast<size_t>(check)];
}

bool valid_resident_id(std::string_view s) {
  static constexpr std::array<int, 17> kWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  if (s.size() != 18 || !all_digits(s.substr(0, 17))) return false;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (s[i] - '0') * kWeights[i];
  char last = s[17] == 'x' ? 'X' : s[17];
  if (last != kCheck[static_cast<size_t>(sum % 11)]) return false;
  // The birth date (positions 7-14) is a real date.
  return valid_date(std::string(s.substr(6, 4)) + "-" + std::string(s.substr(10, 2)) + "-" + std::string(s.substr(12, 2)));
}

bool valid_icp_number(std::string_view s) {
  // One of the provinces' one-character abbreviations (3 bytes of UTF-8), then "ICP备".
  static constexpr std::array<std::string_view, 31> kProvinces{
      "京", "津", "冀", "晋", "蒙", "辽", "吉", "黑", "沪", "苏", "浙", "皖", "闽", "赣", "鲁", "豫",
      "鄂", "湘", "粤", "桂", "琼", "渝", "川", "贵", "云", "藏", "陕", "甘", "青", "宁", "新"};
  bool province = std::any_of(kProvinces.begin(), kProvinces.end(), [&](std::string_view p) { return s.rfind(p, 0) == 0; });
  if (!province) return false;
  s.remove_prefix(3);
  constexpr std::string_view kMid = "ICP备";
  if (s.rfind(kMid, 0) != 0) return false;
  s.remove_prefix(kMid.size());
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n < 6 || n > 10) return false;
  s.remove_prefix(n);
  constexpr std::string_view kHao = "号";
  if (s.rfind(kHao, 0) != 0) return false;
  s.remove_prefix(kHao.size());
  if (s.empty()) return true;
  return s.size() >= 2 && s.size() <= 4 && s[0] == '-' && all_digits(s.substr(1));
}

bool valid_filing_number(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  if (s.front() == ' ' || s.back() == ' ') return false;
  if (find_control_character(s)) return false;
  return s.find('\n') == std::string_view::npos && s.find('\t') == std::string_view::npos;
}

bool valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return false;
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
      d = std::stoi(std::string(s.substr(8, 2)));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[static_cast<size_t>(m - 1)] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

std::vector<FieldError> filing_format_problems(const FilingFields& f) {
  std::vector<FieldError> out;
  if (!f.home_url.empty() && !http_url(f.home_url))
    out.push_back({"home_url", "bad_url", "home_url must be an http(s) URL / 首页网址须为 http(s) 网址"});
  if (!f.icp_number.empty() && !valid_icp_number(f.icp_number))
    out.push_back({"icp_number", "bad_icp_number",
                   "icp_number must look like 京ICP备12345678号 (optionally -1) / ICP 备案号格式应如 京ICP备12345678号"});
  for (size_t i = 0; i < f.publication_channels.size(); ++i)
    if (f.publication_channels[i].empty())
      out.push_back({"publication_channels[" + std::to_string(i) + "]", "required",
                     "a publication channel may not be empty / 发布渠道不能为空"});
  if (!f.host_id_number.empty()) {
    bool ok = f.host_type == FilingHostType::organisation ? valid_social_credit_code(f.host_id_number)
                                                          : valid_resident_id(f.host_id_number);
    if (!ok)
      out.push_back({"host_id_number", "bad_id_number",
                     f.host_type == FilingHostType::organisation
                         ? "host_id_number is not a valid unified social credit code (GB 32100) / 统一社会信用代码无效"
                         : "host_id_number is not a valid resident identity number (GB 11643) / 居民身份证号码无效"});
  }
  contact_problems(f.responsible, "responsible", out);
  for (size_t i = 0; i < f.contacts.size(); ++i) contact_problems(f.contacts[i], "contacts[" + std::to_string(i) + "]", out);
  return out;
}

std::vector<FieldError> filing_completeness_problems(const FilingFields& f,
                                                     const std::vector<FilingAttachmentKind>& attached) {
  std::vector<FieldError> out;
  auto need = [&](const std::string& v, const char* field) {
    if (v.empty())
      out.push_back({field, "required", std::string(field) + " is required for filing / 备案必填"});
  };
  need(f.platform_name, "platform_name");
  need(f.home_url, "home_url");
  need(f.icp_number, "icp_number");
  need(f.host_name, "host_name");
  need(f.host_id_number, "host_id_number");
  need(f.collection_scope, "collection_scope");
  need(f.collection_methods, "collection_methods");
  need(f.verification_rules, "verification_rules");
  need(f.notification_rules, "notification_rules");
  need(f.publication_rules, "publication_rules");
  need(f.user_identity_rules, "user_identity_rules");
  if (f.publication_channels.empty())
    out.push_back({"publication_channels", "required",
                   "every publication channel must be listed (at least one) / 须列明全部发布渠道（至少一个）"});
  contact_required(f.responsible, "responsible", out);
  if (f.contacts.empty())
    out.push_back({"contacts", "required", "at least one contact person is required / 至少需要一名联系人"});
  for (size_t i = 0; i < f.contacts.size(); ++i) contact_required(f.contacts[i], "contacts[" + std::to_string(i) + "]", out);
  for (auto k : {FilingAttachmentKind::mlps_proof, FilingAttachmentKind::commitment_letter})
    if (std::find(attached.begin(), attached.end(), k) == attached.end())
      out.push_back({"attachments." + std::string(name_of(k)), "required",
                     k == FilingAttachmentKind::mlps_proof
                         ? "the MLPS level-3 filing proof must be attached / 须上传网络安全等级保护三级备案证明"
                         : "the signed commitment letter must be attached / 须上传签字的承诺书"});
  return out;
}

namespace {
json contact_json(const FilingContact& c) { return {{"name", c.name}, {"phone", c.phone}, {"email", c.email}}; }
FilingContact contact_from(const json& j) {
  FilingContact c;
  if (!j.is_object()) return c;
  c.name = j.value("name", "");
  c.phone = j.value("phone", "");
  c.email = j.value("email", "");
  return c;
}
}  // namespace

std::string filing_fields_json(const FilingFields& f, bool with_host_id) {
  json contacts = json::array();
  for (const auto& c : f.contacts) contacts.push_back(contact_json(c));
  json j{{"platform_name", f.platform_name},
         {"home_url", f.home_url},
         {"icp_number", f.icp_number},
         {"publication_channels", f.publication_channels},
         {"host_type", name_of(f.host_type)},
         {"host_name", f.host_name},
         {"responsible", contact_json(f.responsible)},
         {"contacts", contacts},
         {"capital_and_shareholding", f.capital_and_shareholding},
         {"collection_scope", f.collection_scope},
         {"collection_methods", f.collection_methods},
         {"verification_rules", f.verification_rules},
         {"notification_rules", f.notification_rules},
         {"publication_rules", f.publication_rules},
         {"user_identity_rules", f.user_identity_rules},
         {"graded_management_rules", f.graded_management_rules},
         {"standards_compliance", f.standards_compliance}};
  if (with_host_id) j["host_id_number"] = f.host_id_number;
  return j.dump();
}

FilingFields filing_fields_from_json(std::string_view text) {
  FilingFields f;
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return f;
  auto str = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  f.platform_name = str("platform_name");
  f.home_url = str("home_url");
  f.icp_number = str("icp_number");
  if (j.contains("publication_channels") && j["publication_channels"].is_array())
    for (const auto& c : j["publication_channels"])
      if (c.is_string()) f.publication_channels.push_back(c.get<std::string>());
  f.host_type = parse_enum<FilingHostType>(str("host_type")).value_or(FilingHostType::organisation);
  f.host_name = str("host_name");
  f.host_id_number = str("host_id_number");
  if (j.contains("responsible")) f.responsible = contact_from(j["responsible"]);
  if (j.contains("contacts") && j["contacts"].is_array())
    for (const auto& c : j["contacts"]) f.contacts.push_back(contact_from(c));
  f.capital_and_shareholding = str("capital_and_shareholding");
  f.collection_scope = str("collection_scope");
  f.collection_methods = str("collection_methods");
  f.verification_rules = str("verification_rules");
  f.notification_rules = str("notification_rules");
  f.publication_rules = str("publication_rules");
  f.user_identity_rules = str("user_identity_rules");
  f.graded_management_rules = str("graded_management_rules");
  f.standards_compliance = str("standards_compliance");
  return f;
}

bool intake_refused_for_filing(const IntakeGateInput& in) {
  if (!in.require_filing || in.host_type != OrgType::platform || !in.public_submitter) return false;
  return !(in.filing && filing_in_force(*in.filing));
}

Error intake_filing_refusal() {
  return Error::conflict(
      "this platform has not completed its filing with MIIT (R-FILING, Art. 10; MIIT filing measures for "
      "vulnerability collection platforms): public reports are not accepted until it is filed / "
      "本平台尚未完成漏洞收集平台备案（R-FILING，《网络产品安全漏洞管理规定》第十条及工业和信息化部备案办法），备案完成前不接收公开提交的漏洞报告",
      "platform_filing_required");
}

}  // namespace loudong::domain
