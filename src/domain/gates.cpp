#include "domain/gates.h"

namespace loudong::domain {

std::vector<GateFailure> check_publication(const PublicationFacts& f, Time now) {
  std::vector<GateFailure> out;
  if (!f.fix_or_mitigation_recorded && !f.early_release_assessed)
    out.push_back({"fix_first", "R-PUB-1",
                   "no fix or mitigation is recorded, and no early-release joint assessment with MIIT and MPS",
                   "尚未记录修复或缓解措施，也没有与工业和信息化部、公安部共同评估提前发布"});
  if (f.operator_system)
    out.push_back({"no_operator_details", "R-PUB-2",
                   "the case is about a system an operator is using; its details are never published",
                   "该案件涉及网络运营者在用系统，其细节不得发布"});
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
  if (!f.published_grade_matches)
    out.push_back({"honest_grade", "R-PUB-3", "the published grade differs from the assessed grade",
                   "发布的等级与评定的等级不一致"});
  return out;
}

}  // namespace loudong::domain
