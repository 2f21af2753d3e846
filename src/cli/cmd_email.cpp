#include "cli/cmd_email.h"

#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/runtime.h"
#include "services/email_intake.h"

namespace loudong::cli {

int email_failure(const Error& e) {
  std::cerr << "error: " << e.message() << "\n";
  if (e.fields().size() > 1)
    for (const auto& f : e.fields()) std::cerr << "  - " << f.field << ": " << f.message << "\n";
  // An unfiled platform (R-FILING) refuses for good, as the web form does:
  // a queued mail would be retried for days and bounce without the reason.
  bool senders_fault = e.kind() == ErrorKind::invalid_argument || e.kind() == ErrorKind::unprocessable ||
                       e.kind() == ErrorKind::payload_too_large || e.code() == "platform_filing_required";
  if (senders_fault) {
    std::cerr << services::refusal_text(e);
    return kExDataErr;
  }
  if (e.kind() == ErrorKind::internal && e.log_message() != e.message()) std::cerr << "  (" << e.log_message() << ")\n";
  std::cerr << "暂时无法受理，邮件服务器会稍后重试。\nTemporarily unable to take the mail; the mail server will try again.\n";
  return kExTempFail;
}

int intake_email(const Config& cfg, std::istream& in) {
  const formats::MailLimits limits;
  // Never more than the limit and one byte in memory; the rest is read
  // and dropped, so the mail server sees its whole message taken.
  std::string raw;
  char buf[64 * 1024];
  bool too_large = false;
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    if (!too_large) raw.append(buf, static_cast<std::size_t>(in.gcount()));
    if (raw.size() > limits.max_bytes) {
      too_large = true;
      raw.clear();
    }
  }
  if (too_large) {
    Error e(ErrorKind::payload_too_large, "too_large",
            "the message is larger than " + std::to_string(limits.max_bytes) + " bytes");
    return email_failure(e.add_field({"message", "too_large", e.message()}));
  }
  // open_runtime would create a missing data directory: a mistyped --data
  // must keep the mail queued, not file it where no server looks.
  // With PostgreSQL the data directory holds the seal key, not the database.
  auto db = std::filesystem::path(cfg.data_dir) / (cfg.storage_url.empty() ? "loudong.db" : "seal.key");
  if (!std::filesystem::exists(db))
    return email_failure(Error::unavailable("no loudong database at " + db.string() +
                                            ": give --data the server's data directory"));
  auto rt = open_runtime(cfg);
  if (!rt.ok()) return email_failure(rt.error());
  services::EmailIntake email(*(*rt)->ctx, limits);
  auto r = email.receive(raw, cfg.platform_name);
  if (!r.ok()) return email_failure(r.error());
  const auto& s = r->submitted;
  nlohmann::json out{{"report_id", s.report.id},
                     {"tracking_id", s.report.tracking_id},
                     {"receipt_seq", s.receipt.seq},
                     {"content_sha256", s.receipt.content_sha256},
                     {"attachments", r->attachments},
                     {"reply", r->reply ? nlohmann::json{{"to", r->reply->to}, {"delivery_id", r->reply_delivery_id}}
                                        : nlohmann::json(nullptr)},
                     {"no_reply_reason", r->no_reply_reason}};
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}

}  // namespace loudong::cli
