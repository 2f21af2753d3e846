#include "services/platform_filing.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace loudong::services {

using namespace domain;

namespace {

std::string mask(const std::string& id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return id.substr(0, 4) + std::string(id.size() - 8, '*') + id.substr(id.size() - 4);
}

// Trims and checks every text field (core/text.h rules), collecting errors.
FilingFields clean_fields(const FilingFields& in, const Limits& L, Error& e) {
  FilingFields f;
  const auto long_text = L.max_text_field;
  f.platform_name = clean_text(in.platform_name, "platform_name", 200, false, e);
  f.home_url = clean_text(in.home_url, "home_url", 2000, false, e);
  f.icp_number = clean_text(in.icp_number, "icp_number", 64, false, e);
  if (in.publication_channels.size() > 50)
    e.add_field({"publication_channels", "too_many", "at most 50 publication channels / 发布渠道最多 50 个"});
  for (size_t i = 0; i < in.publication_channels.size() && i < 50; ++i) {
    std::string name = "publication_channels[" + std::to_string(i) + "]";
    f.publication_channels.push_back(clean_text(in.publication_channels[i], name.c_str(), 500, true, e));
  }
  f.host_type = in.host_type;
  f.host_name = clean_text(in.host_name, "host_name", 300, false, e);
  f.host_id_number = clean_text(in.host_id_number, "host_id_number", 18, false, e);
  auto contact = [&](const FilingContact& c, const std::string& at) {
    FilingContact out;
    out.name = clean_text(c.name, (at + ".name").c_str(), 200, false, e);
    out.phone = clean_text(c.phone, (at + ".phone").c_str(), 32, false, e);
    out.email = clean_text(c.email, (at + ".email").c_str(), 254, false, e);
    return out;
  };
  f.responsible = contact(in.responsible, "responsible");
  if (in.contacts.size() > 10) e.add_field({"contacts", "too_many", "at most 10 contact persons / 联系人最多 10 名"});
  for (size_t i = 0; i < in.contacts.size() && i < 10; ++i)
    f.contacts.push_back(contact(in.contacts[i], "contacts[" + std::to_string(i) + "]"));
  f.capital_and_shareholding = clean_text(in.capital_and_shareholding, "capital_and_shareholding", long_text, false, e);
  f.collection_scope = clean_text(in.collection_scope, "collection_scope", long_text, false, e);
  f.collection_methods = clean_text(in.collection_methods, "collection_methods", long_text, false, e);
  f.verification_rules = clean_text(in.verification_rules, "verification_rules", long_text, false, e);
  f.notification_rules = clean_text(in.notification_rules, "notification_rules", long_text, false, e);
  f.publication_rules = clean_text(in.publication_rules, "publication_rules", long_text, false, e);
  f.user_identity_rules = clean_text(in.user_identity_rules, "user_identity_rules", long_text, false, e);
  f.graded_management_rules = clean_text(in.graded_management_rules, "graded_management_rules", long_text, false, e);
  f.standards_compliance = clean_text(in.standards_compliance, "standards_compliance", long_text, false, e);
  return f;
}

// Names of the fields that differ (never their values: one is confidential).
std::string changed_fields_json(const FilingFields& a, const FilingFields& b, bool host_id_changed) {
  auto ja = nlohmann::json::parse(filing_fields_json(a, false));
  auto jb = nlohmann::json::parse(filing_fields_json(b, false));
  nlohmann::json names = nlohmann::json::array();
  for (auto it = jb.begin(); it != jb.end(); ++it)
    if (!ja.contains(it.key()) || ja[it.key()] != it.value()) names.push_back(it.key());
  if (host_id_changed) names.push_back("host_id_number");
  return nlohmann::json{{"changed", names}}.dump();
}

Result<PlatformFiling> current_or_refuse(store::ReadTx& tx) {
  LD_ASSIGN_OR_RETURN(auto f, tx.platform_filing());
  if (!f) return Error::conflict("no platform filing is recorded yet: save the filing's fields first / 尚未填写平台备案信息",
                                 "no_platform_filing");
  return std::move(*f);
}

Status require_edit(const Caller& c) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_edit_platform_filing(c.actor)) return Error::not_found("platform filing");
  return {};
}

}  // namespace

bool can_edit_platform_filing(const Actor& a) { return a.platform_admin || a.has_role(kHostOrg, Role::admin); }

bool can_read_platform_filing(const Actor& a) {
  return can_edit_platform_filing(a) || a.has_role(kHostOrg, Role::auditor);
}

Result<IntakeGateInput> intake_gate_input(store::ReadTx& tx, const Policy& policy, const Actor& submitter) {
  IntakeGateInput in;
  in.require_filing = policy.intake_require_platform_filing == 1;
  if (!in.require_filing) return in;
  LD_ASSIGN_OR_RETURN(auto host, tx.org(kHostOrg));
  in.host_type = host ? host->type : OrgType::provider;
  LD_ASSIGN_OR_RETURN(auto f, tx.platform_filing());
  if (f) in.filing = f->status;
  in.public_submitter = submitter.memberships.empty() && !submitter.platform_admin && !submitter.system;
  return in;
}

Result<PlatformFilingView> PlatformFilings::view_of(store::ReadTx& tx, const Caller& c, const PlatformFiling& f) {
  PlatformFilingView v;
  v.filing = f;
  v.filing.fields.host_id_number.clear();
  std::vector<FilingAttachmentKind> kinds;
  LD_ASSIGN_OR_RETURN(v.attachments, tx.platform_filing_attachments(f.id, false));
  for (const auto& a : v.attachments) kinds.push_back(a.kind);
  LD_ASSIGN_OR_RETURN(v.history, tx.events("platform_filing", f.id));
  v.next = filing_next(f.status, f.unfiled_changes);
  // Completeness needs to know the ID number is there, not what it is.
  FilingFields probe = f.fields;
  if (!f.host_id_sealed.empty()) {
    LD_ASSIGN_OR_RETURN(auto id, crypto::unseal(ctx_.seal_key, f.host_id_sealed));
    v.host_id_masked = mask(id);
    probe.host_id_number = id;
  }
  v.missing = filing_completeness_problems(probe, kinds);
  v.can_edit = can_edit_platform_filing(c.actor) && filing_editable(f.status);
  return v;
}

Result<std::optional<PlatformFilingView>> PlatformFilings::get(const Caller& c) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_read_platform_filing(c.actor)) return Error::not_found("platform filing");
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::optional<PlatformFilingView>> {
    LD_ASSIGN_OR_RETURN(auto f, tx.platform_filing());
    if (!f) return std::optional<PlatformFilingView>();
    LD_ASSIGN_OR_RETURN(auto v, view_of(tx, c, *f));
    return std::optional<PlatformFilingView>(std::move(v));
  });
}

Result<PlatformFilingView> PlatformFilings::save(const Caller& c, FilingFields in, bool host_id_given) {
  LD_RETURN_IF_ERROR(require_edit(c));
  Error e = Error::unprocessable("invalid platform filing");
  FilingFields f = clean_fields(in, ctx_.limits, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  if (host_id_given && f.host_type == FilingHostType::organisation) {
    for (auto& ch : f.host_id_number) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<PlatformFilingView> {
    LD_ASSIGN_OR_RETURN(auto existing, tx.platform_filing());
    PlatformFiling rec = existing ? *existing : PlatformFiling{};
    if (existing && !filing_editable(existing->status))
      return Error::conflict("the platform filing is cancelled and can no longer change / 平台备案已注销，不能再修改",
                             "platform_filing_cancelled");
    std::string old_id;
    if (!rec.host_id_sealed.empty()) {
      LD_ASSIGN_OR_RETURN(old_id, crypto::unseal(ctx_.seal_key, rec.host_id_sealed));
    }
    std::string id = host_id_given ? f.host_id_number : old_id;
    f.host_id_number = id;
    // Formats are checked with the ID number in force (kept or new).
    auto problems = filing_format_problems(f);
    if (!problems.empty()) return Error::from_fields(problems);
    FilingFields before = rec.fields;
    bool id_changed = id != old_id;
    f.host_id_number.clear();
    rec.fields = f;
    if (id_changed) rec.host_id_sealed = id.empty() ? "" : crypto::seal(ctx_.seal_key, id);
    rec.updated_at = now;
    rec.updated_by = c.actor.user_id ? std::optional<Id>(c.actor.user_id) : std::nullopt;
    std::string changed = changed_fields_json(before, f, id_changed);
    if (!existing) {
      rec.status = FilingStatus::draft;
      rec.created_at = now;
      LD_ASSIGN_OR_RETURN(rec.id, tx.insert_platform_filing(rec));
      LD_RETURN_IF_ERROR(add_event(tx, c, now, "platform_filing", rec.id, "platform_filing.created", "", "draft", "",
                                   changed).status());
    } else {
      if (filing_in_force(rec.status) && changed != R"({"changed":[]})") rec.unfiled_changes = true;
      LD_RETURN_IF_ERROR(tx.update_platform_filing(rec));
      LD_RETURN_IF_ERROR(add_event(tx, c, now, "platform_filing", rec.id, "platform_filing.edited",
                                   std::string(name_of(rec.status)), std::string(name_of(rec.status)), "", changed)
                             .status());
    }
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "platform_filing", rec.id, "fields").status());
    return view_of(tx, c, rec);
  });
}

Result<PlatformFilingView> PlatformFilings::step(const Caller& c, const FilingStep& s) {
  LD_RETURN_IF_ERROR(require_edit(c));
  auto to = parse_enum<FilingStatus>(s.to);
  if (!to || *to == FilingStatus::draft)
    return Error::field("to", "bad_value", "to must be filed, change_filed or cancelled / 目标状态须为 filed、change_filed 或 cancelled");
  Error e = Error::unprocessable("invalid step");
  std::string number = clean_text(s.filing_number, "filing_number", 64, *to == FilingStatus::filed, e);
  std::string date = clean_text(s.date, "date", 10, true, e);
  std::string reason = clean_text(s.reason, "reason", ctx_.limits.max_text_field, *to == FilingStatus::cancelled, e);
  if (!number.empty() && !valid_filing_number(number))
    e.add_field({"filing_number", "bad_filing_number", "filing_number is not a filing number / 备案编号格式有误"});
  Time now = ctx_.clock.now();
  if (!date.empty()) {
    if (!valid_date(date)) e.add_field({"date", "bad_date", "date must be a date like 2026-11-01 / 日期格式应如 2026-11-01"});
    // Today where the platform is (its time zone), not in UTC: a filing
    // dated today in Beijing is eight hours "in the future" in UTC.
    else if (date > ctx_.zone.format(now).substr(0, 10))
      e.add_field({"date", "in_future", "date is in the future / 日期不能晚于今天"});
  }
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<PlatformFilingView> {
    LD_ASSIGN_OR_RETURN(auto rec, current_or_refuse(tx));
    auto next = filing_next(rec.status, rec.unfiled_changes);
    if (std::find(next.begin(), next.end(), *to) == next.end()) {
      std::vector<std::string> allowed;
      for (auto n : next) allowed.emplace_back(name_of(n));
      std::string why = *to == FilingStatus::change_filed && filing_in_force(rec.status)
                            ? " (no change since the last filing / 自上次备案以来没有变更)"
                            : "";
      return Error::conflict("the platform filing cannot go from " + std::string(name_of(rec.status)) + " to " +
                                 s.to + why + " / 平台备案不能从 " + std::string(name_of(rec.status)) + " 变为 " + s.to,
                             "illegal_transition")
          .with_allowed(allowed);
    }
    if (*to == FilingStatus::filed) {
      std::vector<FilingAttachmentKind> kinds;
      LD_ASSIGN_OR_RETURN(auto atts, tx.platform_filing_attachments(rec.id, false));
      for (const auto& a : atts) kinds.push_back(a.kind);
      FilingFields probe = rec.fields;
      if (!rec.host_id_sealed.empty()) {
        LD_ASSIGN_OR_RETURN(probe.host_id_number, crypto::unseal(ctx_.seal_key, rec.host_id_sealed));
      }
      auto missing = filing_completeness_problems(probe, kinds);
      if (!missing.empty()) {
        std::string msg = "the platform filing is incomplete:";
        for (const auto& m : missing) msg += " " + m.field + ";";
        Error err(ErrorKind::conflict, "platform_filing_incomplete", msg + " / 平台备案信息不完整，不能提交备案");
        for (const auto& m : missing) err.add_field(m);
        return err;
      }
      rec.filing_number = number;
      rec.filed_on = date;
    } else if (*to == FilingStatus::change_filed) {
      rec.change_filed_on = date;
      if (!number.empty()) rec.filing_number = number;
    } else {
      rec.cancelled_on = date;
    }
    std::string from(name_of(rec.status));
    rec.status = *to;
    rec.unfiled_changes = false;
    rec.updated_at = now;
    rec.updated_by = c.actor.user_id ? std::optional<Id>(c.actor.user_id) : std::nullopt;
    LD_RETURN_IF_ERROR(tx.update_platform_filing(rec));
    nlohmann::json data{{"date", date}};
    if (!number.empty()) data["filing_number"] = number;
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "platform_filing", rec.id, "platform_filing." + s.to, from, s.to, reason,
                                 data.dump())
                           .status());
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "platform_filing", rec.id, "status " + s.to).status());
    return view_of(tx, c, rec);
  });
}

Result<PlatformFilingView> PlatformFilings::attach(const Caller& c, const std::string& kind_name,
                                                   const AttachmentInput& in) {
  LD_RETURN_IF_ERROR(require_edit(c));
  const auto& L = ctx_.limits;
  Error e = Error::unprocessable("invalid attachment");
  auto kind = parse_enum<FilingAttachmentKind>(kind_name);
  if (!kind)
    e.add_field({"kind", "bad_value", "kind must be mlps_proof or commitment_letter / 附件类型须为 mlps_proof 或 commitment_letter"});
  FilingAttachment a;
  a.filename = clean_text(in.filename, "filename", 255, true, e);
  if (a.filename.find_first_of("/\\") != std::string::npos)
    e.add_field({"filename", "bad_filename", "filename may not contain path separators / 文件名不能包含路径分隔符"});
  a.content_type = clean_text(in.content_type, "content_type", 200, false, e);
  if (a.content_type.empty()) a.content_type = "application/octet-stream";
  if (in.content.size() > L.max_attachment_bytes)
    e.add_field({"data", "too_large", "attachment is larger than " + std::to_string(L.max_attachment_bytes) + " bytes / 附件过大"});
  if (in.content.empty()) e.add_field({"data", "required", "attachment is empty / 附件为空"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  a.kind = *kind;
  a.size = static_cast<std::int64_t>(in.content.size());
  a.sha256 = crypto::sha256_hex(in.content);
  a.content_sealed = crypto::seal(ctx_.seal_key, in.content);
  Time now = ctx_.clock.now();
  a.created_at = now;
  if (c.actor.user_id) a.created_by = c.actor.user_id;
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<PlatformFilingView> {
    LD_ASSIGN_OR_RETURN(auto rec, current_or_refuse(tx));
    if (!filing_editable(rec.status))
      return Error::conflict("the platform filing is cancelled and can no longer change / 平台备案已注销，不能再修改",
                             "platform_filing_cancelled");
    a.filing_id = rec.id;
    // One current attachment per kind: a re-upload replaces the earlier one,
    // which stays downloadable from the history (its event names both).
    LD_ASSIGN_OR_RETURN(auto current, tx.platform_filing_attachments(rec.id, false));
    nlohmann::json replaced = nlohmann::json::array();
    for (const auto& old : current)
      if (old.kind == a.kind) replaced.push_back({{"attachment_id", old.id}, {"filename", old.filename}, {"sha256", old.sha256}});
    LD_ASSIGN_OR_RETURN(a.id, tx.insert_platform_filing_attachment(a));
    LD_RETURN_IF_ERROR(tx.replace_platform_filing_attachments(a));
    if (filing_in_force(rec.status)) {
      rec.unfiled_changes = true;
      rec.updated_at = now;
      LD_RETURN_IF_ERROR(tx.update_platform_filing(rec));
    }
    nlohmann::json data{{"attachment_id", a.id}, {"kind", kind_name}, {"filename", a.filename},
                        {"size", a.size}, {"sha256", a.sha256}};
    if (!replaced.empty()) data["replaces"] = replaced;
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "platform_filing", rec.id, "platform_filing.attachment_added",
                                 std::string(name_of(rec.status)), std::string(name_of(rec.status)), "", data.dump())
                           .status());
    return view_of(tx, c, rec);
  });
}

Result<FilingAttachment> PlatformFilings::attachment(const Caller& c, Id id) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_read_platform_filing(c.actor)) return Error::not_found("attachment");
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<FilingAttachment> {
    LD_ASSIGN_OR_RETURN(auto rec, tx.platform_filing());
    if (!rec) return Error::not_found("attachment");
    LD_ASSIGN_OR_RETURN(auto atts, tx.platform_filing_attachments(rec->id, true));
    for (auto& a : atts) {
      if (a.id != id) continue;
      LD_ASSIGN_OR_RETURN(a.content_sealed, crypto::unseal(ctx_.seal_key, a.content_sealed));
      LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "read_confidential", "platform_filing_attachment", a.id,
                                    std::string(name_of(a.kind)))
                             .status());
      return std::move(a);
    }
    return Error::not_found("attachment");
  });
}

Result<std::optional<PlatformFiling>> PlatformFilings::in_force() {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::optional<PlatformFiling>> {
    LD_ASSIGN_OR_RETURN(auto f, tx.platform_filing());
    if (!f || !filing_in_force(f->status)) return std::optional<PlatformFiling>();
    f->host_id_sealed.clear();
    f->fields.host_id_number.clear();
    return f;
  });
}

}  // namespace loudong::services
