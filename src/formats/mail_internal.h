// The decoding layer of read_mail (mail_text.cpp): transfer encodings,
// charsets, encoded-words, HTML and format=flowed text. Errors say what was
// wrong but not where; read_mail adds the line or part.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "core/text.h"

namespace loudong::formats::mail {

inline Error bad(std::string message) { return Error::invalid(std::move(message), "bad_mail"); }

std::string lower(std::string_view s);
std::string_view trim(std::string_view s);
// Runs of spaces, tabs and line breaks as one space, ends trimmed.
std::string collapse_space(std::string_view s);
// Input echoed in an error message: printable ASCII only, at most 40
// characters, so a message never carries control bytes or a megabyte.
std::string shown(std::string_view s);
using loudong::valid_utf8;  // core/text.h

// MIME base64: line breaks and spaces are skipped, padding may be missing.
Result<std::string> base64(std::string_view in);
// Never fails: a "=" not followed by two hex digits stays as it is
// (RFC 2045 6.7 asks decoders to be robust). Hard line breaks become CRLF,
// the canonical form. q: RFC 2047's Q encoding, where "_" is a space.
std::string quoted_printable(std::string_view in, bool q = false);

// `bytes` in `charset` as UTF-8. An empty or ASCII charset takes ASCII,
// else UTF-8, else GB18030 (mail.h says why).
Result<std::string> to_utf8(std::string_view bytes, std::string_view charset);
// An unstructured header value (or a display name, a filename) with its
// encoded-words decoded and its raw bytes read as to_utf8 with no charset.
Result<std::string> header_text(std::string_view raw);

// LF line ends: CRLF and lone CR become LF.
std::string normalize_newlines(std::string_view s);
// RFC 3676: lines ending in a space join the next one.
std::string unflow(std::string_view text, bool delsp);
// What a reader sees of an HTML body: tags dropped (script, style and head
// with their content), block ends as line breaks, entities decoded.
std::string html_to_text(std::string_view html);

}  // namespace loudong::formats::mail
