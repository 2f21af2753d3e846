#include "formats/exports.h"
#include "formats/timestamp.h"

namespace loudong::formats {

namespace {

using nlohmann::json;

json opt_time(const std::optional<Time>& t) { return t ? json(format_timestamp(*t)) : json(nullptr); }

}  // namespace

json regulatory_report_json(const domain::RegulatoryReport& r, const std::string& case_ref,
                            const std::vector<std::string>& external_ids) {
  return {{"authority", r.authority},
          {"state", name_of(r.state)},
          {"case_ref", case_ref},
          {"product", {{"name", r.product_name}, {"model", r.product_model}, {"version", r.product_version}}},
          {"technical_characteristics", r.technical_characteristics},
          {"harm", r.harm},
          {"scope", r.scope},
          {"reporter",
           {{"provider", r.provider_name},
            {"contact_name", r.contact_name},
            {"contact_phone", r.contact_phone},
            {"contact_email", r.contact_email}}},
          {"measures", r.measures},
          {"submitted_at", opt_time(r.submitted_at)},
          {"channel", r.channel},
          {"reference", r.reference},
          {"created_at", format_timestamp(r.created_at)},
          {"updated_at", format_timestamp(r.updated_at)},
          {"related_ids", external_ids}};
}

std::string regulatory_report_html(const domain::RegulatoryReport& r, const std::string& case_ref,
                                   const std::vector<std::string>& external_ids) {
  auto row = [](const char* label, const std::string& value) {
    return std::string("      <tr><th>") + label + "</th><td>" + (value.empty() ? "<span class=\"empty\">（未填写）</span>" : xml_escape(value)) +
           "</td></tr>\n";
  };
  std::string state_zh = r.state == domain::RegulatoryState::draft          ? "草稿"
                         : r.state == domain::RegulatoryState::submitted    ? "已报送"
                         : r.state == domain::RegulatoryState::acknowledged ? "已确认"
                                                                            : "已退回";
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>漏洞信息报送 " + xml_escape(case_ref) + "</title>\n"
      "<style>\n"
      "  body { font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"SimSun\", serif; margin: 2em auto; max-width: 48em; color: #000; }\n"
      "  h1 { font-size: 1.5em; text-align: center; }\n"
      "  h2 { font-size: 1.1em; margin-top: 1.5em; border-bottom: 1px solid #000; }\n"
      "  table { width: 100%; border-collapse: collapse; }\n"
      "  th, td { border: 1px solid #000; padding: 0.4em 0.6em; vertical-align: top; text-align: left; }\n"
      "  th { width: 10em; background: #f2f2f2; font-weight: normal; }\n"
      "  td { white-space: pre-wrap; }\n"
      "  .empty { color: #888; }\n"
      "  .meta { font-size: 0.9em; color: #333; }\n"
      "  @media print { body { margin: 0; max-width: none; } th { background: none; } @page { size: A4; margin: 2cm; } "
      "tr { page-break-inside: avoid; } }\n"
      "</style>\n</head>\n<body>\n"
      "  <h1>网络产品安全漏洞信息报送表</h1>\n"
      "  <p class=\"meta\">依据《网络产品安全漏洞管理规定》第七条第（二）项 · 案件编号 " + xml_escape(case_ref) +
      " · 报送对象 " + xml_escape(r.authority) + " · 状态 " + state_zh + "</p>\n"
      "  <h2>产品与漏洞（第七条第（二）项）</h2>\n  <table>\n    <tbody>\n";
  h += row("产品名称", r.product_name);
  h += row("型号", r.product_model);
  h += row("版本", r.product_version);
  h += row("漏洞技术特点", r.technical_characteristics);
  h += row("危害", r.harm);
  h += row("影响范围", r.scope);
  std::string ids;
  for (const auto& id : external_ids) ids += (ids.empty() ? "" : "，") + id;
  h += row("相关漏洞编号", ids);
  h += "    </tbody>\n  </table>\n  <h2>报送单位与联系人</h2>\n  <table>\n    <tbody>\n";
  h += row("产品提供者", r.provider_name);
  h += row("联系人", r.contact_name);
  h += row("联系电话", r.contact_phone);
  h += row("电子邮箱", r.contact_email);
  h += row("已采取的措施", r.measures);
  h += "    </tbody>\n  </table>\n  <h2>报送记录</h2>\n  <table>\n    <tbody>\n";
  h += row("报送时间", r.submitted_at ? format_timestamp(*r.submitted_at) : "");
  h += row("报送人", r.submitted_by_name);
  h += row("报送渠道", r.channel);
  h += row("受理编号", r.reference);
  h += "    </tbody>\n  </table>\n</body>\n</html>\n";
  return h;
}

}  // namespace loudong::formats
