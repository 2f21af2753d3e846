#include "domain/receipts.h"

namespace loudong::domain {

std::string receipt_hash(const ReceiptRecord& r) {
  // v2 adds the stored content's hash; records without one stay v1, so a
  // log written before still verifies.
  CanonicalFields f(r.stored_sha256.empty() ? "loudong-receipt-v1" : "loudong-receipt-v2");
  f.put(r.seq).put(to_micros(r.at)).put(name_of(r.channel)).put(r.submitter).put(r.source_address);
  f.put(r.content_sha256).put(r.subject).put(r.prev_hash);
  if (!r.stored_sha256.empty()) f.put(r.stored_sha256);
  return f.sha256_hex();
}

std::string report_content_hash(const Report& r, std::string_view verification,
                                const std::vector<Attachment>& attachments) {
  CanonicalFields f("loudong-report-v1");
  auto put = [&](std::string_view v) { f.put(v); };
  auto opt = [&](const auto& v) { put(v ? std::to_string(*v) : std::string()); };
  put(r.tracking_id);
  put(r.title);
  opt(r.product_id);
  put(r.product_text);
  put(r.product_version);
  put(r.vuln_type);
  opt(r.cwe);
  put(r.gbt_class);
  put(r.location);
  put(r.trigger_conditions);
  put(r.impact);
  put(verification);
  put(r.discovered_on.value_or(""));
  put(r.already_public ? "1" : "0");
  put(r.exploited ? "1" : "0");
  put(r.disclosure_plans);
  opt(r.submitter_user_id);
  put(r.contact_email);
  put(r.contact_name);
  put(name_of(r.channel));
  put(r.source_address);
  put(std::to_string(to_micros(r.received_at)));
  put(std::to_string(attachments.size()));
  for (const auto& a : attachments) {
    put(a.filename);
    put(a.content_type);
    put(std::to_string(a.size));
    put(a.sha256);
  }
  return f.sha256_hex();
}

void chain_receipt(ReceiptRecord& r, const ChainAnchor& anchor, const std::optional<ReceiptRecord>& last) {
  chain_after(r, last ? ChainAnchor{last->seq, last->hash} : anchor);
}

}  // namespace loudong::domain
