#include "services/operator_cases.h"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "crypto/crypto.h"
#include "domain/gates.h"
#include "services/advisories.h"
#include "services/triage.h"

namespace loudong::services {

using namespace domain;

namespace {

constexpr std::size_t kMaxDetail = 2000;

OperatorDetails clean_details(const OperatorDetails& in, Error& e) {
  return {clean_text(in.asset, "asset", kMaxDetail, true, e), clean_text(in.location, "location", kMaxDetail, false, e),
          clean_text(in.owner, "owner", kMaxDetail, false, e)};
}

// The operator organisation the caller acts for: unknown to outsiders (404),
// refused when it is another kind of organisation.
Status require_operator(store::ReadTx& tx, const Actor& a, Id org_id) {
  if (a.anonymous()) return Error::unauthenticated();
  if (!can_act_for_operator(a, org_id)) return Error::not_found("operator organisation");
  LD_ASSIGN_OR_RETURN(auto o, tx.org(org_id));
  if (!o) return Error::not_found("operator organisation");
  if (o->type != OrgType::operator_)
    return Error::field("org_id", "not_operator",
                        "organisation " + o->name + " is not an operator; operator cases and asset exposures belong "
                        "to operators / 该组织不是网络运营者");
  return {};
}

// The operator case the caller may see (404 otherwise, or when the case is
// not an operator case), with its parties.
Result<std::pair<Case, CaseParties>> operator_case_of(store::ReadTx& tx, const Actor& a, Id case_id) {
  LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, a, case_id));
  if (!found.second.operator_org) return Error::not_found("operator case");
  return found;
}

Result<OperatorDetailsView> unsealed(const Context& ctx, OperatorCase rec) {
  LD_ASSIGN_OR_RETURN(auto text, crypto::unseal(ctx.seal_key, rec.details_sealed));
  LD_ASSIGN_OR_RETURN(auto d, operator_details_from_json(text, rec.case_id));
  rec.details_sealed.clear();
  return OperatorDetailsView{std::move(rec), std::move(d)};
}

// An exposure as read from the store, with its asset and note in clear. A
// row from before sealing (details_sealed empty) holds them in clear already.
Result<AssetExposure> opened(const Context& ctx, AssetExposure x) {
  if (x.details_sealed.empty()) return x;
  LD_ASSIGN_OR_RETURN(auto text, crypto::unseal(ctx.seal_key, x.details_sealed));
  LD_RETURN_IF_ERROR(exposure_details_from_json(text, x));
  x.details_sealed.clear();
  return x;
}

// The row to store: asset and note only inside details_sealed.
AssetExposure sealed(const Context& ctx, AssetExposure x) {
  x.details_sealed = crypto::seal(ctx.seal_key, exposure_details_json(x));
  x.asset.clear();
  x.note.clear();
  return x;
}

// What an exposure's ref names: a published advisory, or a case the caller
// may see; anything else is refused without saying whether it exists.
Result<ExposureView> resolve_ref(store::ReadTx& tx, const Actor& a, AssetExposure x) {
  LD_ASSIGN_OR_RETURN(auto adv, tx.public_advisory(x.advisory_ref));
  if (adv) {
    x.case_id.reset();
    auto j = nlohmann::json::parse(adv->snapshot, nullptr, false);
    std::string title;
    for (const char* lang : {"zh", "en"})
      if (title.empty() && j.is_object() && j.contains(lang) && j[lang].is_object() && j[lang].contains("title") &&
          j[lang]["title"].is_string())
        title = j[lang]["title"].get<std::string>();
    return ExposureView{std::move(x), "advisory", title};
  }
  LD_ASSIGN_OR_RETURN(auto case_id, tx.case_id_by_ref(x.advisory_ref));
  if (case_id) {
    auto found = visible_case(tx, a, *case_id);
    if (found.ok()) {
      x.case_id = *case_id;
      return ExposureView{std::move(x), "case", found->first.title};
    }
    if (found.error().kind() != ErrorKind::not_found) return std::move(found).error();
  }
  return Error::field("advisory_ref", "unknown",
                      "advisory_ref names no published advisory and no case you can see / 未找到已发布的公告或您可见的案件");
}

Result<AssetExposure> apply(const ExposureInput& in, AssetExposure x, Error& e) {
  if (in.advisory_ref) x.advisory_ref = clean_text(*in.advisory_ref, "advisory_ref", 100, true, e);
  if (in.asset) x.asset = clean_text(*in.asset, "asset", kMaxDetail, true, e);
  if (in.note) x.note = clean_text(*in.note, "note", 4000, false, e);
  if (in.status) {
    auto s = parse_enum<ExposureStatus>(*in.status);
    if (!s) e.add_field({"status", "bad_value", "status must be one of: " + allowed_names<ExposureStatus>()});
    else x.status = *s;
  }
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  return x;
}

}  // namespace

Status refuse_operator_case(const Case& c) {
  if (auto g = operator_details_gate(c.operator_system)) return publication_refused({*g});
  return {};
}

Result<Case> OperatorCases::create(const Caller& c, const OperatorCaseInput& in) {
  Error e = Error::unprocessable("invalid operator case");
  std::string title = clean_text(in.title, "title", ctx_.limits.max_title, true, e);
  std::string summary = clean_text(in.summary, "summary", ctx_.limits.max_text_field, false, e);
  OperatorDetails d = clean_details(in.details, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Case> {
    LD_RETURN_IF_ERROR(require_operator(tx, c.actor, in.operator_org));
    Case cs;
    cs.title = title;
    cs.summary = summary;
    cs.state = CaseState::verifying;
    cs.operator_system = true;  // R-PUB-2: always, and never cleared
    cs.aware_at = cs.created_at = cs.updated_at = now;
    cs.ref = "pending";
    LD_ASSIGN_OR_RETURN(cs.id, tx.insert_case(cs));
    cs.ref = case_ref(cs.id, now);
    LD_RETURN_IF_ERROR(tx.update_case(cs));
    LD_RETURN_IF_ERROR(tx.add_participant(cs.id, in.operator_org, "operator"));
    LD_RETURN_IF_ERROR(tx.insert_operator_case(
        {cs.id, in.operator_org, crypto::seal(ctx_.seal_key, operator_details_json(d)), now, now}));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", cs.id, "opened", "", "verifying", "operator case",
                                 "{\"operator_org\":" + std::to_string(in.operator_org) + "}")
                           .status());
    return cs;
  });
}

Result<OperatorDetailsView> OperatorCases::details(const Caller& c, Id case_id) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<OperatorDetailsView> {
    LD_ASSIGN_OR_RETURN(auto found, operator_case_of(tx, c.actor, case_id));
    if (!can_read_operator_details(c.actor, found.second))
      return Error::denied("only the operator's members and the authorities read an operator case's asset, location "
                           "and owner / 仅网络运营者成员和主管部门可查看资产、位置和负责人");
    LD_ASSIGN_OR_RETURN(auto rec, tx.operator_case(case_id));
    if (!rec) return Error::internal("case " + std::to_string(case_id) + " has an operator but no operator_cases row");
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "read_confidential", "case", case_id, "operator details").status());
    return unsealed(ctx_, std::move(*rec));
  });
}

Result<OperatorDetailsView> OperatorCases::update_details(const Caller& c, Id case_id, const OperatorDetails& in) {
  Error e = Error::unprocessable("invalid operator details");
  OperatorDetails d = clean_details(in, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<OperatorDetailsView> {
    LD_ASSIGN_OR_RETURN(auto found, operator_case_of(tx, c.actor, case_id));
    if (!can_edit_operator_details(c.actor, found.second))
      return Error::denied("only the operator's members change an operator case's asset, location and owner");
    LD_ASSIGN_OR_RETURN(auto rec, tx.operator_case(case_id));
    if (!rec) return Error::internal("case " + std::to_string(case_id) + " has an operator but no operator_cases row");
    rec->details_sealed = crypto::seal(ctx_.seal_key, operator_details_json(d));
    rec->updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_operator_case(*rec));
    // The timeline says that they changed, never what they are.
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "operator_details.updated").status());
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "case", case_id, "operator details").status());
    rec->details_sealed.clear();
    return OperatorDetailsView{std::move(*rec), std::move(d)};
  });
}

// A write: the operator's assets are its system's details, so every read of
// the list is in the access log (one entry per read, object the operator).
Result<std::vector<ExposureView>> OperatorCases::exposures(const Caller& c, Id operator_org) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<std::vector<ExposureView>> {
    LD_RETURN_IF_ERROR(require_operator(tx, c.actor, operator_org));
    LD_ASSIGN_OR_RETURN(auto rows, tx.asset_exposures(operator_org));
    std::vector<AssetExposure> list;
    for (auto& row : rows) {
      LD_ASSIGN_OR_RETURN(auto x, opened(ctx_, std::move(row)));
      list.push_back(std::move(x));
    }
    // The store cannot order by what it only holds sealed.
    std::stable_sort(list.begin(), list.end(), [](const AssetExposure& a, const AssetExposure& b) {
      return std::tie(a.advisory_ref, a.asset, a.id) < std::tie(b.advisory_ref, b.asset, b.id);
    });
    std::vector<ExposureView> out;
    for (auto& x : list) {
      auto v = resolve_ref(tx, c.actor, x);
      // A case the caller no longer sees keeps its row, without its title.
      if (v.ok()) out.push_back(std::move(*v));
      else if (v.error().kind() == ErrorKind::unprocessable) out.push_back({std::move(x), "", ""});
      else return std::move(v).error();
    }
    LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "read_confidential", "asset_exposures", operator_org,
                                  "list of " + std::to_string(out.size()))
                           .status());
    return out;
  });
}

Result<ExposureView> OperatorCases::add_exposure(const Caller& c, Id operator_org, const ExposureInput& in) {
  Error e = Error::unprocessable("invalid asset exposure");
  if (!in.advisory_ref) e.add_field({"advisory_ref", "required", "advisory_ref is required"});
  if (!in.asset) e.add_field({"asset", "required", "asset is required"});
  Time now = ctx_.clock.now();
  AssetExposure x;
  x.operator_org = operator_org;
  LD_ASSIGN_OR_RETURN(x, apply(in, std::move(x), e));
  if (c.actor.user_id) x.updated_by = c.actor.user_id;
  x.created_at = x.updated_at = now;
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<ExposureView> {
    LD_RETURN_IF_ERROR(require_operator(tx, c.actor, operator_org));
    LD_ASSIGN_OR_RETURN(auto v, resolve_ref(tx, c.actor, x));
    LD_ASSIGN_OR_RETURN(v.exposure.id, tx.insert_asset_exposure(sealed(ctx_, v.exposure)));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "asset_exposure", v.exposure.id,
                                  "added: " + v.exposure.advisory_ref + " " + std::string(name_of(v.exposure.status)))
                           .status());
    return v;
  });
}

Result<ExposureView> OperatorCases::update_exposure(const Caller& c, Id id, const ExposureInput& in) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<ExposureView> {
    LD_ASSIGN_OR_RETURN(auto old, tx.asset_exposure(id));
    if (!old || !can_act_for_operator(c.actor, old->operator_org)) return Error::not_found("asset exposure");
    LD_ASSIGN_OR_RETURN(old, opened(ctx_, std::move(*old)));
    Error e = Error::unprocessable("invalid asset exposure");
    LD_ASSIGN_OR_RETURN(auto x, apply(in, *old, e));
    if (c.actor.user_id) x.updated_by = c.actor.user_id;
    x.updated_at = now;
    LD_ASSIGN_OR_RETURN(auto v, resolve_ref(tx, c.actor, std::move(x)));
    LD_RETURN_IF_ERROR(tx.update_asset_exposure(sealed(ctx_, v.exposure)));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "asset_exposure", id,
                                  std::string(name_of(old->status)) + " -> " + std::string(name_of(v.exposure.status)))
                           .status());
    return v;
  });
}

Status OperatorCases::delete_exposure(const Caller& c, Id id) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto old, tx.asset_exposure(id));
    if (!old || !can_act_for_operator(c.actor, old->operator_org)) return Error::not_found("asset exposure");
    LD_RETURN_IF_ERROR(tx.delete_asset_exposure(id));
    return log_access(tx, c, now, "change", "asset_exposure", id, "removed: " + old->advisory_ref).status();
  });
}

Result<int> seal_clear_exposures(Context& ctx) {
  constexpr int kBatch = 500;
  int total = 0;
  for (;;) {
    LD_ASSIGN_OR_RETURN(int n, ctx.store.write([&](store::WriteTx& tx) -> Result<int> {
      LD_ASSIGN_OR_RETURN(auto rows, tx.clear_asset_exposures(kBatch));
      for (const auto& x : rows) LD_RETURN_IF_ERROR(tx.seal_asset_exposure(x.id, sealed(ctx, x).details_sealed));
      return static_cast<int>(rows.size());
    }));
    total += n;
    if (n < kBatch) return total;
  }
}

}  // namespace loudong::services
