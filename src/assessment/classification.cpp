#include "assessment/classification.h"

#include <array>
#include <utility>

#include "assessment/cvss_vector.h"

namespace loudong::assessment {
namespace {

// Top-level classes: GB/T 30279-2020 §5. Sub-types: CNNVD's published
// classification, pending a check against the standard (verified = false).
constexpr std::array<VulnClass, 27> kClasses{{
    {"code_issue", "", "代码问题", "Code issue", true},
    {"resource_management", "code_issue", "资源管理错误", "Resource management error", false},
    {"input_validation", "code_issue", "输入验证错误", "Input validation error", false},
    {"buffer_error", "input_validation", "缓冲区错误", "Buffer error", false},
    {"injection", "input_validation", "注入", "Injection", false},
    {"sql_injection", "injection", "SQL注入", "SQL injection", false},
    {"code_injection", "injection", "代码注入", "Code injection", false},
    {"command_injection", "injection", "命令注入", "Command injection", false},
    {"cross_site_scripting", "input_validation", "跨站脚本", "Cross-site scripting", false},
    {"path_traversal", "input_validation", "路径遍历", "Path traversal", false},
    {"link_following", "input_validation", "后置链接", "Link following", false},
    {"cross_site_request_forgery", "input_validation", "跨站请求伪造", "Cross-site request forgery", false},
    {"numeric_error", "code_issue", "数字错误", "Numeric error", false},
    {"race_condition", "code_issue", "竞争条件问题", "Race condition", false},
    {"logic_error", "code_issue", "处理逻辑错误", "Processing logic error", false},
    {"cryptographic_issue", "code_issue", "加密问题", "Cryptographic issue", false},
    {"authorization_issue", "code_issue", "授权问题", "Authorization issue", false},
    {"data_conversion", "code_issue", "数据转换问题", "Data conversion issue", false},
    {"undeclared_function", "code_issue", "未声明功能", "Undeclared functionality", false},
    {"configuration_error", "", "配置错误", "Configuration error", true},
    {"environment_issue", "", "环境问题", "Environment issue", true},
    {"information_disclosure", "environment_issue", "信息泄露", "Information disclosure", false},
    {"log_information_disclosure", "information_disclosure", "日志信息泄露", "Information disclosure via logs", false},
    {"debug_information_disclosure", "information_disclosure", "调试信息泄露", "Information disclosure via debug output", false},
    {"side_channel_disclosure", "information_disclosure", "侧信道信息泄露", "Side-channel information disclosure", false},
    {"fault_injection", "environment_issue", "故障注入", "Fault injection", false},
    {"other", "", "其他", "Other", true},
}};

// CWE -> most specific class. Curated for the CWEs seen most often in
// advisories (CWE Top 25 and neighbours); extend as data, one line each.
constexpr std::array<std::pair<int, std::string_view>, 66> kCweMap{{
    {16, "configuration_error"},    {20, "input_validation"},      {22, "path_traversal"},
    {23, "path_traversal"},         {36, "path_traversal"},        {59, "link_following"},
    {61, "link_following"},         {74, "injection"},             {77, "command_injection"},
    {78, "command_injection"},      {79, "cross_site_scripting"},  {80, "cross_site_scripting"},
    {89, "sql_injection"},          {90, "injection"},             {91, "injection"},
    {94, "code_injection"},         {95, "code_injection"},        {119, "buffer_error"},
    {120, "buffer_error"},          {121, "buffer_error"},         {122, "buffer_error"},
    {125, "buffer_error"},          {131, "buffer_error"},         {134, "injection"},
    {189, "numeric_error"},         {190, "numeric_error"},        {191, "numeric_error"},
    {200, "information_disclosure"}, {203, "side_channel_disclosure"}, {208, "side_channel_disclosure"},
    {209, "information_disclosure"}, {215, "debug_information_disclosure"}, {260, "configuration_error"},
    {269, "authorization_issue"},   {276, "configuration_error"},  {284, "authorization_issue"},
    {285, "authorization_issue"},   {287, "authorization_issue"},  {295, "cryptographic_issue"},
    {306, "authorization_issue"},   {310, "cryptographic_issue"},  {311, "cryptographic_issue"},
    {319, "cryptographic_issue"},   {326, "cryptographic_issue"},  {327, "cryptographic_issue"},
    {352, "cross_site_request_forgery"}, {362, "race_condition"},  {367, "race_condition"},
    {369, "numeric_error"},         {400, "resource_management"},  {401, "resource_management"},
    {415, "resource_management"},   {416, "resource_management"},  {434, "input_validation"},
    {476, "resource_management"},   {502, "data_conversion"},      {532, "log_information_disclosure"},
    {601, "input_validation"},      {611, "input_validation"},     {639, "authorization_issue"},
    {770, "resource_management"},   {787, "buffer_error"},         {798, "authorization_issue"},
    {862, "authorization_issue"},   {863, "authorization_issue"},  {918, "input_validation"},
}};

std::optional<VulnClass> find(std::string_view code) {
  for (const auto& c : kClasses)
    if (c.code == code) return c;
  return std::nullopt;
}

}  // namespace

std::span<const VulnClass> all_classes() { return kClasses; }

Result<VulnClass> class_for_code(std::string_view code, std::string_view field_name) {
  if (auto c = find(code)) return *c;
  return Error::field(std::string(field_name), "bad_value",
                      "unknown GB/T 30279 class " + detail::quote_input(code) +
                          " (top-level classes: code_issue, configuration_error, environment_issue, other)");
}

VulnClass top_class(const VulnClass& c) {
  VulnClass cur = c;
  // Depth is at most 4; the bound guards against a malformed table.
  for (int i = 0; i < 8 && !cur.parent.empty(); ++i) {
    auto p = find(cur.parent);
    if (!p) break;
    cur = *p;
  }
  return cur;
}

std::optional<VulnClass> class_for_cwe(int cwe) {
  for (const auto& [id, code] : kCweMap)
    if (id == cwe) return find(code);
  return std::nullopt;
}

Result<int> parse_cwe_id(std::string_view text, std::string_view field_name) {
  auto bad = [&] {
    return Error::field(std::string(field_name), "bad_value",
                        detail::quote_input(text) + " is not a CWE id like CWE-79");
  };
  constexpr std::string_view kPrefix = "CWE-";
  if (!text.starts_with(kPrefix)) return bad();
  const std::string_view digits = text.substr(kPrefix.size());
  if (digits.empty() || digits.size() > 7 || digits[0] == '0') return bad();
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return bad();
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string cwe_id(int cwe) { return "CWE-" + std::to_string(cwe); }

}  // namespace loudong::assessment
