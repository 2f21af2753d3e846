// Email messages as a mail server's pipe delivers them: RFC 5322 with MIME
// (RFC 2045-2049), encoded-words (RFC 2047) and parameter values
// (RFC 2231), read into what intake needs: sender, subject, ids, the text
// and the attachments.
//
// Accepted: CRLF or LF line ends, mixed too; a leading mbox "From " line
// (Postfix's local(8) and Exim's pipe transport write one before the
// headers); folded header lines; encoded-words in Subject, display names
// and filenames, adjacent ones joined before decoding (clients split a
// character across two); 7bit, 8bit, binary, quoted-printable and base64
// bodies. Charsets are whatever glibc's iconv knows; GB2312 and GBK are read
// as GB18030, their superset, because Chinese clients label GBK text
// GB2312. Header or text bytes outside ASCII with no declared charset are
// taken as UTF-8, else as GB18030 (an old Chinese client's raw headers).
//
// The text is the first text/plain part not marked as an attachment (in a
// multipart/alternative the text/plain one, else text/html reduced to
// plain text); further inline text parts of a multipart/mixed are
// appended. format=flowed is unwrapped; line ends become LF.
// Every other leaf part is an attachment, in message order: its decoded
// bytes, content type and filename (RFC 2231 filename*, else filename,
// else Content-Type's name; empty when the part names none). A
// message/rfc822 part is one attachment as it is: a forwarded message is
// evidence, not this message's text.
//
// Refused with an Error (code "bad_mail"; "too_large" for the size) whose
// message says what was wrong and where, as "line 3: header without a
// colon" (line numbers count from the first line of the input) or
// "part 2: base64 body is not valid base64" (parts numbered as IMAP does:
// 1, 2, 2.1): input over the size limit; a header line with a NUL byte,
// without a colon, with a bad name or folded before any header; more
// than 1000 header fields in one part; no From address, or one that is not
// an address; multiparts without a boundary or without their closing
// boundary (a truncated message), base64- or QP-encoded, nested deeper or
// with more parts than the limits; an unknown transfer encoding; bad
// base64; an unknown charset or text that is not valid in its charset.
// Quoted-printable is read leniently, as RFC 2045 asks: a stray "=" stays
// as it is. A Date that cannot be read is kept as text, never refused.
//
// Pure: bytes in, values out; thread-safe. Never throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace loudong::formats {

struct MailAddress {
  std::string address;  // "finder@example.cn"
  std::string name;     // display name, decoded to UTF-8; may be empty
  bool operator==(const MailAddress&) const = default;
};

struct MailAttachment {
  std::string filename;      // UTF-8, as the sender named it (may hold a path); may be empty
  std::string content_type;  // lower case, without parameters: "application/pdf"
  std::string content;       // decoded bytes
  bool inline_part = false;  // shown in the body (Content-Disposition inline or a Content-ID)
};

struct MailMessage {
  MailAddress from;
  std::string subject;     // decoded to UTF-8, unfolded, runs of white space as one space
  std::string message_id;  // as written, angle brackets included: "<1234@mail.example>"; may be empty
  std::string date;        // the Date header as written, unfolded; may be empty
  std::string text;        // UTF-8 with LF line ends; may be empty
  std::vector<MailAttachment> attachments;
  // Why RFC 3834 forbids answering this message automatically (a bounce, an
  // auto-reply, list or bulk mail), e.g. "Auto-Submitted: auto-replied";
  // empty when an acknowledgement may be sent.
  std::string no_reply_reason;
};

struct MailLimits {
  std::size_t max_bytes = 25u << 20;  // the whole message as received
  int max_depth = 8;                  // multiparts inside multiparts
  int max_parts = 100;                // every MIME entity, multiparts included
};

Result<MailMessage> read_mail(std::string_view raw, const MailLimits& limits = {});

}  // namespace loudong::formats
