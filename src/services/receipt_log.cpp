#include "services/receipt_log.h"

#include <map>

namespace loudong::services {

using namespace domain;

Result<VerifyResult> ReceiptLog::verify(const std::optional<std::filesystem::path>& checkpoints_file) {
  std::vector<Checkpoint> cps;
  if (checkpoints_) {
    LD_ASSIGN_OR_RETURN(cps, checkpoints_->read_file(checkpoints_file.value_or(checkpoints_->file())));
  }
  const std::string cp_file = checkpoints_ ? checkpoints_file.value_or(checkpoints_->file()).string() : std::string();
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<VerifyResult> {
    LD_ASSIGN_OR_RETURN(auto anchor, tx.receipt_anchor());
    VerifyResult out;
    if (checkpoints_) out.signing_key = checkpoints_->key_id();
    if (!cps.empty()) out.latest_checkpoint = cps.back();
    auto fail = [&](std::int64_t seq, std::string why) {
      out.first_broken_seq = seq;
      out.problem = std::move(why);
      return out;
    };

    // The chain, remembering the hashes of the checkpointed records for
    // the checks below.
    std::map<std::int64_t, std::string> checkpointed;
    for (const auto& c : cps) checkpointed[c.seq];
    std::int64_t first_with_hash = 0;  // the first record that carries a content hash
    ChainVerifier v(anchor);
    LD_RETURN_IF_ERROR(tx.scan_receipts([&](const ReceiptRecord& r) {
      if (!v.add(r)) return false;
      if (auto it = checkpointed.find(r.seq); it != checkpointed.end()) it->second = r.hash;
      if (!first_with_hash && !r.stored_sha256.empty()) first_with_hash = r.seq;
      return true;
    }));
    out.checked = v.checked();
    out.anchor_seq = anchor.seq;
    out.head_seq = v.head_seq();
    out.head_hash = v.head_hash();
    if (!v.ok()) return fail(v.broken_seq(), v.problem());

    // The signed checkpoints: the chain must still hold every record one
    // names, with the same hash.
    for (const auto& c : cps) {
      std::string where = "the checkpoint signed at " + c.at + " (" + cp_file + " line " +
                          std::to_string(c.line) + ")";
      if (!checkpoints_->valid(c))
        return fail(std::max<std::int64_t>(c.seq, 1),
                    where + " does not verify with the signing key " + checkpoints_->key_id() + ": the file was edited");
      ++out.checkpoints_checked;
      if (c.seq < anchor.seq) continue;  // purged since: nothing left to compare
      if (c.seq > out.head_seq)
        return fail(out.head_seq + 1, "the log ends at record " + std::to_string(out.head_seq) + ", but " + where +
                                          " names record " + std::to_string(c.seq) + " (hash " + c.hash +
                                          "): records after " + std::to_string(out.head_seq) + " were removed");
      const std::string& have = c.seq == anchor.seq ? anchor.hash : checkpointed[c.seq];
      if (have != c.hash)
        return fail(c.seq, "record " + std::to_string(c.seq) + " is not the record " + where + " names (hash " + c.hash +
                               "; the log has " + have + "): the chain was rewritten at or before record " +
                               std::to_string(c.seq));
    }

    LD_ASSIGN_OR_RETURN(out.reports_without_receipt, tx.reports_missing_receipts(anchor.seq));
    if (!out.reports_without_receipt.empty())
      return fail(out.reports_without_receipt.front(),
                  "record " + std::to_string(out.reports_without_receipt.front()) +
                      " is missing: a report refers to it but the log does not have it");

    // Each report as stored against the content hash in its receipt.
    Status st;
    std::optional<VerifyResult> broken;
    // (The chain verified, so the records read again here in the same
    // snapshot are the ones it checked.)
    LD_RETURN_IF_ERROR(tx.scan_reports_by_receipt(anchor.seq, [&](const Report& r, const std::string& subject,
                                                                 const std::string& want) {
      const std::string who = "report " + r.tracking_id + " (id " + std::to_string(r.id) + ")";
      if (subject != "report:" + r.tracking_id) {
        broken = fail(r.receipt_seq, who + " claims receipt record " + std::to_string(r.receipt_seq) +
                                         ", which records something else");
        return false;
      }
      if (want.empty()) {
        // Received before receipts carried the hash; but once they do, a
        // newer record without one was rewritten without it.
        if (first_with_hash && r.receipt_seq > first_with_hash) {
          broken = fail(r.receipt_seq, "receipt record " + std::to_string(r.receipt_seq) + " of " + who +
                                           " has no content hash, though records since " +
                                           std::to_string(first_with_hash) + " carry one: it was rewritten");
          return false;
        }
        ++out.reports_without_content_hash;
        return true;
      }
      std::string verification;
      if (!r.verification_sealed.empty()) {
        auto plain = crypto::unseal(ctx_.seal_key, r.verification_sealed);
        if (!plain.ok()) {
          broken = fail(r.receipt_seq, who + ": its sealed verification does not open (altered after receipt)");
          return false;
        }
        verification = std::move(*plain);
      }
      auto atts = tx.attachments(r.id, true);
      if (!atts.ok()) {
        st = atts.error();
        return false;
      }
      for (const auto& a : *atts) {
        auto content = crypto::unseal(ctx_.seal_key, a.content_sealed);
        if (!content.ok() || crypto::sha256_hex(*content) != a.sha256 ||
            static_cast<std::int64_t>(content->size()) != a.size) {
          broken = fail(r.receipt_seq, "attachment " + std::to_string(a.id) + " (" + a.filename + ") of " + who +
                                           " was changed after receipt (receipt record " +
                                           std::to_string(r.receipt_seq) + ")");
          return false;
        }
      }
      if (report_content_hash(r, verification, *atts) != want) {
        broken = fail(r.receipt_seq, who + " was changed after receipt: its stored content does not match the content "
                                           "hash in receipt record " + std::to_string(r.receipt_seq));
        return false;
      }
      ++out.reports_checked;
      return true;
    }));
    LD_RETURN_IF_ERROR(st);
    if (broken) return *broken;
    out.ok = true;
    return out;
  });
}

Result<std::optional<Checkpoint>> ReceiptLog::checkpoint() {
  if (!checkpoints_) return std::optional<Checkpoint>();
  LD_ASSIGN_OR_RETURN(auto head, ctx_.store.read([&](store::ReadTx& tx) -> Result<ChainAnchor> {
    LD_ASSIGN_OR_RETURN(auto last, tx.last_receipt());
    if (last) return ChainAnchor{last->seq, last->hash};
    return tx.receipt_anchor();
  }));
  return checkpoints_->append(head.seq, head.hash, ctx_.clock.now());
}

Result<std::vector<Checkpoint>> ReceiptLog::checkpoints(const Caller& c, std::size_t n) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_audit(c.actor)) return Error::not_found("receipt log");
  if (!checkpoints_) return std::vector<Checkpoint>();
  return checkpoints_->latest(n);
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
