// R-FIX-NOTIFY by email: each customer contact of the case's product gets
// the risk and the fix; each delivered email is the notice (after_delivery).
// Customers are no party of the case, so they get advisory text only: what
// the caller gives, else the case's advisory (summary and impact as the
// risk, its solution as the fix), and either way it passes the no-exploit
// gate (R-PUB-4) as a published advisory's text must.
#include <algorithm>

#include "services/advisory_exports.h"
#include "services/filings.h"
#include "services/notifications.h"
#include "services/operator_cases.h"

namespace loudong::services {

using namespace domain;
using nlohmann::json;

namespace {

std::string joined(const std::string& a, const std::string& b) { return a.empty() ? b : b.empty() ? a : a + "\n\n" + b; }

}  // namespace

Result<int> Filings::send_user_notices(const Caller& c, Id case_id, const UserNoticeText& t) {
  Error e = Error::unprocessable("invalid user notice");
  std::string risk_zh = clean_text(t.risk_zh, "risk_zh", ctx_.limits.max_text_field, false, e);
  std::string risk_en = clean_text(t.risk_en, "risk_en", ctx_.limits.max_text_field, false, e);
  std::string fix_zh = clean_text(t.fix_zh, "fix_zh", ctx_.limits.max_text_field, false, e);
  std::string fix_en = clean_text(t.fix_en, "fix_en", ctx_.limits.max_text_field, false, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<int> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
    auto& [cs, parties] = found;
    if (!can_file_for_case(c.actor, parties)) return Error::denied("your role may not file for this case");
    LD_RETURN_IF_ERROR(refuse_operator_case(cs));
    // Nothing given: the advisory's text (the working copy: customers are
    // told once fixed, which may be before publication).
    if (risk_zh.empty() && risk_en.empty() && fix_zh.empty() && fix_en.empty()) {
      LD_ASSIGN_OR_RETURN(auto adv, tx.case_advisory(cs.id));
      if (adv) {
        risk_zh = joined(adv->zh.summary, adv->zh.impact);
        risk_en = joined(adv->en.summary, adv->en.impact);
        fix_zh = adv->zh.solution;
        fix_en = adv->en.solution;
      }
    }
    Error missing = Error::unprocessable("invalid user notice");
    if (risk_zh.empty() && risk_en.empty())
      missing.add_field({"risk_zh", "required", "risk_zh or risk_en is required (or an advisory with a summary)"});
    if (fix_zh.empty() && fix_en.empty())
      missing.add_field({"fix_zh", "required", "fix_zh or fix_en is required (R-PUB-5: the fix goes with the risk)"});
    if (!missing.fields().empty()) return Error::from_fields(missing.fields());
    std::vector<ExploitHit> hits;
    const std::pair<const char*, const std::string*> texts[] = {
        {"risk_zh", &risk_zh}, {"risk_en", &risk_en}, {"fix_zh", &fix_zh}, {"fix_en", &fix_en}};
    for (const auto& [field, text] : texts)
      for (auto& h : find_exploit_content(field, *text)) hits.push_back(std::move(h));
    LD_RETURN_IF_ERROR(no_exploit_gate(hits, now));
    if (risk_zh.empty()) risk_zh = risk_en;
    if (risk_en.empty()) risk_en = risk_zh;
    if (fix_zh.empty()) fix_zh = fix_en;
    if (fix_en.empty()) fix_en = fix_zh;
    if (!cs.product_id) return Error::conflict("the case names no product, so no customers", "no_product");
    LD_ASSIGN_OR_RETURN(auto product, tx.product(*cs.product_id));
    if (!product) return Error::conflict("the case's product is gone", "no_product");
    LD_ASSIGN_OR_RETURN(auto done, tx.user_notices(case_id));
    int queued = 0;
    for (const auto& cust : product->customers) {
      if (!plausible_email(cust.contact)) continue;
      bool told = std::any_of(done.begin(), done.end(), [&](const UserNotice& n) { return n.customer == cust.name; });
      if (told) continue;
      DirectEmail m;
      m.to = cust.contact;
      m.language = "both";
      m.event = "user_notice";
      m.org_id = cs.provider_org;
      m.subject_type = "case";
      m.subject_id = cs.id;
      m.dedupe = cust.name;
      m.subject_zh = "安全通告：" + product->name + " 漏洞 " + cs.ref;
      m.subject_en = "Security notice: " + product->name + " vulnerability " + cs.ref;
      m.body_zh = cust.name + "：\n\n您使用的 " + product->name + " 存在安全漏洞（" + cs.ref + "）。\n\n风险：\n" + risk_zh +
                  "\n\n修补或缓解措施：\n" + fix_zh + "\n\n如需技术支持，请回复本邮件。";
      m.body_en = cust.name + ",\n\n" + product->name + ", which you use, has a security vulnerability (" + cs.ref +
                  ").\n\nRisk:\n" + risk_en + "\n\nFix or mitigation:\n" + fix_en +
                  "\n\nReply to this message for technical support.";
      // The customer's name travels with the message for its notice.
      m.extra = {{"customer", cust.name}, {"case_id", cs.id}};
      m.outside_parties = true;
      LD_ASSIGN_OR_RETURN(Id id, send_email(tx, ctx_, now, m));
      queued += id != 0;
    }
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "user_notices.queued", "", "", "",
                                 json{{"emails", queued}}.dump())
                           .status());
    return queued;
  });
}

}  // namespace loudong::services
