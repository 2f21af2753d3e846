#include "services/receipt_log.h"

namespace loudong::services {

using namespace domain;

Result<VerifyResult> ReceiptLog::verify() {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<VerifyResult> {
    LD_ASSIGN_OR_RETURN(auto anchor, tx.receipt_anchor());
    ChainVerifier v(anchor);
    LD_RETURN_IF_ERROR(tx.scan_receipts([&](const ReceiptRecord& r) { return v.add(r); }));
    VerifyResult out;
    out.checked = v.checked();
    out.anchor_seq = anchor.seq;
    out.head_seq = v.head_seq();
    out.head_hash = v.head_hash();
    if (!v.ok()) {
      out.first_broken_seq = v.broken_seq();
      out.problem = v.problem();
      return out;
    }
    LD_ASSIGN_OR_RETURN(out.reports_without_receipt, tx.reports_missing_receipts(anchor.seq));
    if (!out.reports_without_receipt.empty()) {
      out.first_broken_seq = out.reports_without_receipt.front();
      out.problem = "record " + std::to_string(out.first_broken_seq) +
                    " is missing: a report refers to it but the log does not have it";
      return out;
    }
    out.ok = true;
    return out;
  });
}

Result<PurgeResult> ReceiptLog::purge(Time before) {
  Time now = ctx_.clock.now();
  Time oldest_cut = now - std::chrono::days(ctx_.policy.get().receipt_retention_days);
  if (before > oldest_cut)
    return Error::field("before", "inside_retention",
                        "records younger than " + std::to_string(ctx_.policy.get().receipt_retention_days) +
                            " days are kept (R-RECEIPT-LOG); the latest allowed cut is " + format_utc(oldest_cut));
  LD_ASSIGN_OR_RETURN(auto check, verify());
  if (!check.ok)
    return Error::conflict("the receipt log does not verify (" + check.problem + "); refusing to purge",
                           "chain_broken");
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<PurgeResult> {
    std::optional<ReceiptRecord> last_cut;
    LD_RETURN_IF_ERROR(tx.scan_receipts([&](const ReceiptRecord& r) {
      if (r.at >= before) return false;
      last_cut = r;
      return true;
    }));
    PurgeResult out;
    LD_ASSIGN_OR_RETURN(auto anchor, tx.receipt_anchor());
    out.anchor_seq = anchor.seq;
    if (!last_cut) return out;
    LD_ASSIGN_OR_RETURN(out.removed, tx.purge_receipts(last_cut->seq, {last_cut->seq, last_cut->hash}));
    out.anchor_seq = last_cut->seq;
    return out;
  });
}

Result<store::Page<ReceiptRecord>> ReceiptLog::list(const Caller& c, const store::ReceiptFilter& f) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_audit(c.actor)) return Error::not_found("receipt log");
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.receipts(f); });
}

}  // namespace loudong::services
