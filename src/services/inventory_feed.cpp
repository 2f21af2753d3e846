// Inventory::catch_up: the matching index follows the store's change feed,
// so what another process wrote (a CLI import, a second server) is matched
// here too.
#include <map>

#include "services/inventory.h"
#include "services/inventory_internal.h"

namespace loudong::services {
namespace {

constexpr int kFeedBatch = 100;  // feed entries per read transaction (an import's entry names up to 20,000 ids)

}  // namespace

Status Inventory::apply_change(store::ReadTx& tx, const store::MatchChange& c) {
  switch (c.kind) {
    case store::MatchChangeKind::advisories:
      for (const auto& id : c.advisory_ids) {
        LD_ASSIGN_OR_RETURN(auto row, tx.advisory(id));
        // A record this build's readers refuse stays out, as in load().
        if (!row || row->id != id) index_->remove_advisory(id);
        else if (auto a = parse_row(*row); a.ok()) index_->put_advisory(*a);
      }
      return {};
    case store::MatchChangeKind::sbom: {
      LD_ASSIGN_OR_RETURN(auto sbom, tx.sbom(c.product_id, c.version));
      if (!sbom) {
        index_->remove_product_version({c.product_id, c.version});
        return {};
      }
      LD_ASSIGN_OR_RETURN(auto rows, tx.components(sbom->id));
      std::vector<match::ComponentRef> refs;
      refs.reserve(rows.size());
      for (const auto& r : rows)
        if (!r.ecosystem.empty()) refs.push_back(ref_of(r));
      index_->put_product_version({c.product_id, c.version}, refs);
      return {};
    }
    case store::MatchChangeKind::case_components: {
      LD_ASSIGN_OR_RETURN(auto rows, tx.case_components(c.case_id));
      std::vector<match::CaseComponent> list;
      for (const auto& r : rows) list.push_back({r.purl, r.range});
      index_->put_case(c.case_id, list);  // empty removes the case
      return {};
    }
  }
  return {};
}

Result<std::size_t> Inventory::catch_up() {
  std::lock_guard lock(catch_up_mu_);
  std::size_t applied = 0;
  for (;;) {
    bool rebuild = false, more = false;
    LD_RETURN_IF_ERROR(ctx_.store.read([&](store::ReadTx& tx) -> Result<bool> {
      LD_ASSIGN_OR_RETURN(auto changes, tx.match_changes_after(applied_seq_, kFeedBatch));
      if (changes.empty()) return true;
      if (changes.front().seq > applied_seq_ + 1) {
        rebuild = true;  // pruned before this process saw them
        return true;
      }
      for (const auto& c : changes) {
        LD_RETURN_IF_ERROR(apply_change(tx, c));
        applied_seq_ = c.seq;
        ++applied;
      }
      more = changes.size() == static_cast<std::size_t>(kFeedBatch);
      return true;
    }).status());
    if (rebuild) {
      LD_RETURN_IF_ERROR(load());
      return applied + 1;
    }
    if (!more) break;
  }
  if (applied) index_->refresh();
  return applied;
}

}  // namespace loudong::services
