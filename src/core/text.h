// The one rule for characters in text people type (titles, descriptions,
// names, messages), whatever the channel (JSON API, email, CLI, federation).
//
// Refused: C0 controls (U+0000-U+001F) other than tab and line feed, DEL
// (U+007F) and C1 controls (U+0080-U+009F). A NUL truncates the value for
// anything that reads it as a C string (SQLite's length(), many tools), and
// ESC, CSI (U+009B) and a bare CR rewrite what an operator's terminal shows
// ("safe\rrm -rf" prints as "rm -rf"). A CR directly followed by LF is what
// browsers send for a line break in a form's text area: it is accepted and
// stored as LF (normalise_newlines), so stored text has one line ending.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace loudong {

struct ControlChar {
  std::size_t offset = 0;  // byte offset in the text
  char32_t code = 0;       // the code point
};

// The first refused character of `s` (valid UTF-8 or not; only the refused
// code points are decoded), or nullopt.
std::optional<ControlChar> find_control_character(std::string_view s);

// "U+001B" for the message of a refusal.
std::string code_point_name(char32_t c);

// The message every refusal uses: "contains a control character (U+001B at
// byte 5); only tab and line breaks are allowed".
std::string control_character_message(const ControlChar& c);

// CR LF becomes LF; nothing else changes.
void normalise_newlines(std::string& s);

// For text from a channel that cannot be asked again (a mail's subject, a
// sender's display name): CR LF becomes LF, every other refused character
// becomes U+FFFD, so what is stored follows the same rule.
std::string replace_control_characters(std::string_view s);

// ASCII letters lower-cased, every other byte (UTF-8 included) as it is: for
// case-insensitive matching of names, addresses and patterns.
std::string ascii_lower(std::string_view s);

// A loose shape check of an email address: something@domain.tld, at most 254
// bytes, no whitespace or angle brackets. Delivery is the real check.
bool plausible_email(std::string_view s);

}  // namespace loudong
