// Email intake (R-INTAKE): a message a mail server pipes to `loudong intake
// email` becomes a report on channel email, with its receipt record, and
// the acknowledgement the sender is owed is handed back for the outbox.
//
// A mail has no form fields, so it maps onto the report like this: Subject
// -> title (cut to the title limit; the whole subject stays in the text);
// sender, date, subject and Message-ID and then the whole text ->
// verification, which is sealed, because a finder's mail usually carries
// the proof of concept; impact -> a fixed bilingual note pointing there;
// product_text -> a placeholder for triage (a mail names no product id);
// From -> contact_email and contact_name; attachments as sent, a path in
// a filename cut to its last part, a nameless one called attachment-N,
// empty ones left out (they carry nothing, and intake refuses empty files)
// with a note in the text. The receipt record has channel email, source
// "email:" + the From address and the SHA-256 of the raw message exactly
// as received (mbox "From " line included), so the sender's copy proves
// what arrived.
//
// Refused with an Error naming a field, and nothing stored: what read_mail
// refuses (field "message", its code bad_mail or too_large); a From address
// intake cannot answer ("from"); no Subject ("subject"); neither text nor
// attachments ("text"); a text over the free-text limit ("text"); more
// attachments than limits.max_attachments ("attachments") or one larger
// than limits.max_attachment_bytes ("attachments[N]"); and whatever
// Intake::submit refuses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "formats/mail.h"
#include "services/intake.h"
#include "services/notifications.h"

namespace loudong::services {

struct EmailReceived {
  Submitted submitted;
  std::size_t attachments = 0;  // stored with the report
  // The acknowledgement the sender is owed, queued in the outbox in the
  // report's transaction (sealed at rest: its body holds the tracking token,
  // a secret shown only this once). Empty when RFC 3834 forbids answering
  // the message (a bounce, an auto-reply, list mail): no_reply_reason says why.
  std::optional<DirectEmail> reply;
  domain::Id reply_delivery_id = 0;  // its outbox message (0: none, or notifications are off)
  std::string no_reply_reason;
};

// The report a read message becomes, or the refusal. Pure.
Result<ReportInput> report_from_mail(const formats::MailMessage& m, const Limits& limits);

// The acknowledgement for a submitted report, in Chinese and English: the
// tracking id and token, the link to public_url + "/track" with both
// filled in, the receipt. extra carries in_reply_to (the mail's Message-ID,
// for threading) and tracking_id. platform_name signs it when not empty.
// Pure.
DirectEmail acknowledgement(const formats::MailMessage& m, const Submitted& s, const std::string& public_url,
                            const std::string& platform_name);

// A refusal as the sender reads it in a bounce: a Chinese sentence for the
// field and code, then the English detail.
std::string refusal_text(const Error& e);

class EmailIntake {
 public:
  explicit EmailIntake(Context& ctx, formats::MailLimits mail_limits = {}) : ctx_(ctx), mail_limits_(mail_limits) {}

  // Reads, checks and stores one raw message in one transaction (through
  // Intake::submit) with the acknowledgement queued, or stores nothing. The
  // reply links to ctx.notify.public_url.
  Result<EmailReceived> receive(std::string_view raw, const std::string& platform_name = "");

 private:
  Context& ctx_;
  formats::MailLimits mail_limits_;
};

}  // namespace loudong::services
