#include "services/email_intake.h"

#include <algorithm>

#include "core/text.h"

namespace loudong::services {

namespace {

constexpr std::size_t kMaxContactName = 200;  // Intake::submit's limit for contact_name

const char* const kImpactNote =
    "由电子邮件提交，未按栏目填写：邮件全文见验证信息（保密）。\n"
    "Submitted by email, not in fields: the whole mail is in the verification text (confidential).";
const char* const kProductNote = "邮件未注明，待分诊确定 / not given: a report by email, to be named in triage";

// At most `max` bytes, cut before a character, never inside one.
std::string cut_utf8(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string attachment_name(const formats::MailAttachment& a, std::size_t i) {
  std::string name = a.filename;
  // Windows clients may send "C:\Users\...\poc.py"; intake keeps no paths.
  if (auto slash = name.find_last_of("/\\"); slash != std::string::npos) name.erase(0, slash + 1);
  name.erase(std::remove_if(name.begin(), name.end(),
                            [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }),
             name.end());
  name = replace_control_characters(name);  // C1 controls (the C0 ones are gone)
  if (name.find_first_not_of(" .") == std::string::npos)
    name = "attachment-" + std::to_string(i + 1) + (a.content_type == "message/rfc822" ? ".eml" : "");
  return name;
}

}  // namespace

Result<ReportInput> report_from_mail(const formats::MailMessage& m, const Limits& limits) {
  if (!plausible_email(m.from.address))
    return Error::field("from", "bad_email", "From: '" + cut_utf8(m.from.address, 254) + "' is not an address a reply can reach");
  if (m.subject.empty())
    return Error::field("subject", "required", "the mail has no Subject, which becomes the report's title");
  // Text fields refuse control characters (core/text.h). A mail cannot be
  // corrected by answering a form, and the sender's client put them there
  // (a stray form feed, an escape in an encoded word): they become U+FFFD
  // here rather than bouncing the report. The receipt keeps the hash of the
  // raw message, byte for byte.
  const std::string subject = replace_control_characters(m.subject);
  const std::string from_name = replace_control_characters(m.from.name);
  std::vector<FieldError> errors;
  ReportInput in;
  in.title = cut_utf8(subject, limits.max_title);
  in.product_text = kProductNote;
  in.impact = kImpactNote;
  in.contact_email = m.from.address;
  in.contact_name = cut_utf8(from_name, kMaxContactName);
  std::string notes;
  for (std::size_t i = 0; i < m.attachments.size(); ++i) {
    const auto& a = m.attachments[i];
    std::string name = attachment_name(a, i);
    if (a.content.empty()) {
      notes += "\n[空附件未保存 / empty attachment left out: " + name + "]";
      continue;
    }
    if (a.content.size() > limits.max_attachment_bytes)
      errors.push_back({"attachments[" + std::to_string(in.attachments.size()) + "]", "too_large",
                        "attachment '" + name + "' is " + std::to_string(a.content.size()) + " bytes, more than the " +
                            std::to_string(limits.max_attachment_bytes) + " allowed"});
    in.attachments.push_back({name, a.content_type, a.content});
  }
  if (in.attachments.size() > static_cast<std::size_t>(limits.max_attachments))
    errors.push_back({"attachments", "too_many",
                      "the mail has " + std::to_string(in.attachments.size()) + " attachments; at most " +
                          std::to_string(limits.max_attachments) + " are taken"});
  if (m.text.find_first_not_of(" \t\n") == std::string::npos && in.attachments.empty())
    errors.push_back({"text", "required", "the mail has neither text nor attachments"});
  // The envelope of the text: who, when and what, as the mail said it.
  std::string head = "From: " + (from_name.empty() ? m.from.address : from_name + " <" + m.from.address + ">") + "\n";
  if (!m.date.empty()) head += "Date: " + m.date + "\n";
  head += "Subject: " + subject + "\n";
  if (!m.message_id.empty()) head += "Message-ID: " + m.message_id + "\n";
  in.verification = replace_control_characters(head + "\n" + m.text + notes);
  if (in.verification.size() > limits.max_text_field)
    errors.push_back({"text", "too_long",
                      "the mail's text is " + std::to_string(in.verification.size()) + " bytes, more than the " +
                          std::to_string(limits.max_text_field) + " a report holds; send the rest as an attachment"});
  if (!errors.empty()) return Error::from_fields(std::move(errors));
  return in;
}

DirectEmail acknowledgement(const formats::MailMessage& m, const Submitted& s, const std::string& public_url,
                            const std::string& platform_name) {
  const std::string& id = s.report.tracking_id;
  const std::string& token = s.tracking_token;  // URL-safe base64: no escaping needed in the link
  std::string url = public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  const std::string link = url + "/track#id=" + id + "&token=" + token;
  const std::string when = format_utc(s.receipt.at);
  const std::string seq = std::to_string(s.receipt.seq);
  const std::string title = cut_utf8(s.report.title, 120);
  const std::string signature = platform_name.empty() ? "" : "\n\n" + platform_name;

  DirectEmail e;
  e.to = m.from.address;
  e.language = "both";
  e.event = "report.acknowledged";
  e.org_id = domain::kHostOrg;
  e.subject_type = "report";
  e.subject_id = s.report.id;
  e.dedupe = "ack";
  e.extra = {{"tracking_id", id}, {"in_reply_to", m.message_id}};
  e.sealed = true;  // the body holds the tracking token
  e.subject_zh = "已收到您的漏洞报告 " + id;
  e.subject_en = "Your vulnerability report " + id + " was received";
  e.body_zh = "您好，\n\n我们已于 " + when + " 收到您的漏洞报告《" + title + "》。\n\n"
              "  受理编号：" + id + "\n"
              "  跟踪令牌：" + token + "\n\n"
              "跟踪令牌只发送这一次，请妥善保存，不要转给他人。凭受理编号和令牌可以查看处理进度、回答问题、补充材料：\n"
              "  " + link + "\n"
              "回复本邮件不会进入这份报告，请在跟踪页面留言。\n\n"
              "接收记录第 " + seq + " 条；我们收到的这封邮件的 SHA-256 为 " + s.receipt.content_sha256 + "。\n\n"
              "在厂商修补并发布公告之前，请勿公开漏洞细节（《网络产品安全漏洞管理规定》第九条）。" + signature;
  e.body_en = "Hello,\n\nWe received your vulnerability report \"" + title + "\" at " + when + ".\n\n"
              "  Tracking id:    " + id + "\n"
              "  Tracking token: " + token + "\n\n"
              "The token is sent only this once: keep it and do not pass it on. With the id and the token you can "
              "follow the report, answer questions and add material:\n"
              "  " + link + "\n"
              "A reply to this mail does not reach the report; write on the tracking page instead.\n\n"
              "Receipt record " + seq + "; the SHA-256 of your message as we received it is " +
              s.receipt.content_sha256 + ".\n\n"
              "Please do not publish details before the vendor has a fix and an advisory is out (Regulation Art. 9)." +
              signature;
  return e;
}

std::string refusal_text(const Error& e) {
  std::string field = e.fields().empty() ? "" : e.fields().front().field;
  std::string code = e.fields().empty() ? e.code() : e.fields().front().code;
  std::string zh = "报告未被受理。";
  if (field == "message") zh = code == "too_large" ? "邮件过大，未受理。" : "邮件格式有误，无法读取，未受理。";
  else if (field == "from") zh = "发件人地址无效，无法回复，未受理。";
  else if (field == "subject") zh = "邮件没有主题（主题将作为报告标题），未受理。";
  else if (field == "text") zh = code == "too_long" ? "邮件正文过长，请把详细内容作为附件发送。" : "邮件既没有正文也没有附件，未受理。";
  else if (field == "attachments") zh = "附件过多，未受理。";
  else if (field.rfind("attachments[", 0) == 0) zh = "附件过大或有误，未受理。";
  if (code == "platform_filing_required")
    return "本平台尚未完成漏洞收集平台备案（R-FILING），备案完成前不接收公开提交的报告；这封邮件的内容均未保存。\n"
           "This platform has not completed its filing with MIIT (R-FILING) and accepts no public reports until it "
           "is filed; nothing from the mail was stored.\n";
  return zh + "这封邮件的内容均未保存，请改正后重新发送。\n"
              "The mail was not accepted and nothing from it was stored; correct it and send it again.\n";
}

Result<EmailReceived> EmailIntake::receive(std::string_view raw, const std::string& platform_name) {
  auto mail = formats::read_mail(raw, mail_limits_);
  if (!mail.ok()) {
    Error e = std::move(mail).error();
    e.add_field({"message", e.code(), e.message()});
    return e;
  }
  LD_ASSIGN_OR_RETURN(auto in, report_from_mail(*mail, ctx_.limits));
  Caller c;  // anonymous: a mail proves no account
  c.request_id = "email";
  c.remote_address = "email:" + mail->from.address;
  ReceiptMeta meta{domain::Channel::email, "email:" + mail->from.address, std::string(raw)};
  EmailReceived out;
  out.no_reply_reason = mail->no_reply_reason;
  // The acknowledgement is queued in the report's own transaction: a
  // report is never stored without the answer its sender is owed.
  LD_ASSIGN_OR_RETURN(auto sub, Intake(ctx_).submit(c, in, meta, [&](store::WriteTx& tx, const Submitted& s) -> Status {
    if (!out.no_reply_reason.empty()) return {};
    out.reply = acknowledgement(*mail, s, ctx_.notify.public_url, platform_name);
    LD_ASSIGN_OR_RETURN(out.reply_delivery_id, send_email(tx, ctx_, ctx_.clock.now(), *out.reply));
    return {};
  }));
  out.attachments = in.attachments.size();
  out.submitted = std::move(sub);
  return out;
}

}  // namespace loudong::services
