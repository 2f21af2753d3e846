#include "domain/gates.h"

namespace loudong::domain {

std::optional<GateFailure> operator_details_gate(bool operator_system) {
  if (!operator_system) return std::nullopt;
  return GateFailure{"no_operator_details", "R-PUB-2",
                     "the case is about a system an operator is using; its details are never published or shared",
                     "该案件涉及网络运营者在用系统，其细节不得发布或对外提供"};
}

std::vector<GateFailure> check_publication(const PublicationFacts& f, Time now) {
  std::vector<GateFailure> out;
  if (!f.fix_or_mitigation_recorded && !f.early_release_assessed)
    out.push_back({"fix_first", "R-PUB-1",
                   "no fix or mitigation is recorded, and no early-release joint assessment with MIIT and MPS",
                   "尚未记录修复或缓解措施，也没有与工业和信息化部、公安部共同评估提前发布"});
  if (auto g = operator_details_gate(f.operator_system)) out.push_back(std::move(*g));
  if (f.exploit_in_public_text)
    out.push_back({"no_exploit", "R-PUB-4", "proof of concept or exploit code would reach the public text",
                   "概念验证或利用代码会进入公开内容"});
  if (!f.exploit_hits.empty()) {
    std::string en = "exploit-like content in the public text (remove it, describe the flaw instead):";
    std::string zh = "公开内容中含有类似利用代码的内容（请删除，改为描述漏洞）：";
    for (const auto& h : f.exploit_hits) {
      en += " " + describe(h) + ";";
      zh += " " + describe(h) + "；";
    }
    out.push_back({"no_exploit", "R-PUB-4", en, zh});
  }
  if (!f.mps_consent)
    for (const auto& b : f.blackouts)
      if (now >= b.start && now < b.end)
        out.push_back({"blackout", "R-PUB-6", "inside the blackout period \"" + b.name + "\" without MPS consent",
                       "处于重大活动期间“" + b.name + "”，且未取得公安部同意"});
  for (const auto& r : f.foreign_recipients)
    out.push_back({"no_foreign_recipient", "R-PUB-7",
                   "unpublished details would reach a foreign recipient other than the provider: " + r,
                   "未公开的漏洞细节会提供给产品提供者以外的境外组织或个人：" + r});
  if (!f.published_grade_matches || !f.grade_differences.empty()) {
    std::string en = "the published grade differs from the assessed grade", zh = "发布的等级与评定的等级不一致";
    if (!f.grade_differences.empty()) {
      en = "the published grade or scores differ from the assessment:";
      zh = "发布的等级或评分与评定结果不一致：";
      for (const auto& d : f.grade_differences) {
        en += " " + d + ";";
        zh += " " + d + "；";
      }
    }
    out.push_back({"honest_grade", "R-PUB-3", en, zh});
  }
  return out;
}

std::vector<GateCheck> publication_checklist(const PublicationFacts& f, Time now) {
  struct Passing {
    const char* gate;
    const char* rule;
    std::string en, zh;
  };
  std::string consent_en, consent_zh;
  bool inside = false;
  for (const auto& b : f.blackouts)
    if (now >= b.start && now < b.end) inside = true;
  if (inside) {
    std::string refs;
    for (const auto& r : f.blackout_consents) refs += (refs.empty() ? "" : ", ") + r;
    consent_en = "inside a blackout period, with MPS consent recorded" + (refs.empty() ? "" : " (" + refs + ")");
    consent_zh = "处于重大活动期间，已记录公安部同意" + (refs.empty() ? "" : "（" + refs + "）");
  } else {
    consent_en = "outside every blackout period";
    consent_zh = "不在任何重大活动期间";
  }
  const Passing passing[] = {
      {"fix_first", "R-PUB-1",
       f.fix_or_mitigation_recorded ? "the advisory gives a fix or mitigation"
                                    : "an early-release joint assessment with MIIT and MPS is recorded",
       f.fix_or_mitigation_recorded ? "公告包含修复或缓解措施" : "已记录与工业和信息化部、公安部共同评估提前发布"},
      {"no_operator_details", "R-PUB-2", "not about a system an operator is using", "不涉及网络运营者在用系统"},
      {"no_exploit", "R-PUB-4", "no exploit-like content in the public text", "公开内容中没有类似利用代码的内容"},
      {"blackout", "R-PUB-6", consent_en, consent_zh},
      {"no_foreign_recipient", "R-PUB-7", "no foreign recipient other than the provider",
       "没有产品提供者以外的境外接收者"},
      {"honest_grade", "R-PUB-3", "the published grade and scores equal the assessment", "发布的等级和评分与评定结果一致"},
  };
  auto failures = check_publication(f, now);
  std::vector<GateCheck> out;
  for (const auto& p : passing) {
    GateCheck c{p.gate, p.rule, true, p.en, p.zh};
    bool first = true;
    for (const auto& x : failures) {
      if (x.gate != p.gate) continue;
      c.passed = false;
      c.message = first ? x.message : c.message + "; " + x.message;
      c.message_zh = first ? x.message_zh : c.message_zh + "；" + x.message_zh;
      first = false;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace loudong::domain
