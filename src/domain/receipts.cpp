#include "domain/receipts.h"

#include "crypto/crypto.h"

namespace loudong::domain {

namespace {

// Length-prefixed fields: no choice of field contents can collide with
// another record's serialisation.
void put(std::string& s, std::string_view v) {
  s += '\n';
  s += std::to_string(v.size());
  s += ':';
  s += v;
}

}  // namespace

std::string receipt_hash(const ReceiptRecord& r) {
  // v2 adds the stored content's hash; records without one stay v1, so a
  // log written before still verifies.
  std::string s = r.stored_sha256.empty() ? "loudong-receipt-v1" : "loudong-receipt-v2";
  auto put = [&](std::string_view v) { domain::put(s, v); };
  put(std::to_string(r.seq));
  put(std::to_string(to_micros(r.at)));
  put(name_of(r.channel));
  put(r.submitter);
  put(r.source_address);
  put(r.content_sha256);
  put(r.subject);
  put(r.prev_hash);
  if (!r.stored_sha256.empty()) put(r.stored_sha256);
  return crypto::sha256_hex(s);
}

std::string report_content_hash(const Report& r, std::string_view verification,
                                const std::vector<Attachment>& attachments) {
  std::string s = "loudong-report-v1";
  auto put = [&](std::string_view v) { domain::put(s, v); };
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
  return crypto::sha256_hex(s);
}

void chain_receipt(ReceiptRecord& r, const ChainAnchor& anchor, const std::optional<ReceiptRecord>& last) {
  r.seq = last ? last->seq + 1 : anchor.seq + 1;
  r.prev_hash = last ? last->hash : anchor.hash;
  r.hash = receipt_hash(r);
}

ChainVerifier::ChainVerifier(ChainAnchor anchor) : expected_seq_(anchor.seq + 1), prev_hash_(std::move(anchor.hash)) {}

bool ChainVerifier::add(const ReceiptRecord& r) {
  if (!ok()) return false;
  auto fail = [&](std::int64_t seq, std::string why) {
    broken_seq_ = seq;
    problem_ = std::move(why);
    return false;
  };
  if (r.seq != expected_seq_)
    return fail(expected_seq_, r.seq > expected_seq_
                                   ? "record " + std::to_string(expected_seq_) + " is missing (next present is " +
                                         std::to_string(r.seq) + ")"
                                   : "record " + std::to_string(r.seq) + " is out of order");
  if (r.prev_hash != prev_hash_)
    return fail(r.seq, "record " + std::to_string(r.seq) + " does not link to the previous record's hash");
  if (receipt_hash(r) != r.hash)
    return fail(r.seq, "record " + std::to_string(r.seq) + " was altered: its content does not match its hash");
  ++checked_;
  ++expected_seq_;
  prev_hash_ = r.hash;
  return true;
}

}  // namespace loudong::domain
