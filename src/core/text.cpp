#include "core/text.h"

#include <cstdio>

namespace loudong {

namespace {

// The length of a refused character at s[i], or 0 when s[i] starts an
// allowed one. CR is allowed only directly before LF.
std::size_t refused_at(std::string_view s, std::size_t i, char32_t& code) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x20) {
    if (b == '\t' || b == '\n') return 0;
    if (b == '\r' && i + 1 < s.size() && s[i + 1] == '\n') return 0;
    code = b;
    return 1;
  }
  if (b == 0x7f) {
    code = b;
    return 1;
  }
  // C1 controls are U+0080-U+009F: C2 80 to C2 9F in UTF-8.
  if (b == 0xc2 && i + 1 < s.size()) {
    auto n = static_cast<unsigned char>(s[i + 1]);
    if (n >= 0x80 && n <= 0x9f) {
      code = n;
      return 2;
    }
  }
  return 0;
}

}  // namespace

std::optional<ControlChar> find_control_character(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t code = 0;
    if (refused_at(s, i, code)) return ControlChar{i, code};
  }
  return std::nullopt;
}

std::string code_point_name(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

std::string control_character_message(const ControlChar& c) {
  return "contains a control character (" + code_point_name(c.code) + " at byte " + std::to_string(c.offset) +
         "); only tab and line breaks are allowed";
}

void normalise_newlines(std::string& s) {
  if (s.find('\r') == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += s[i];
  }
  s = std::move(out);
}

std::string replace_control_characters(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t code = 0;
    if (std::size_t n = refused_at(s, i, code)) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      i += n;
      continue;
    }
    if (s[i] == '\r') {  // allowed only before LF: the pair becomes LF
      ++i;
      continue;
    }
    out += s[i++];
  }
  return out;
}

bool plausible_email(std::string_view s) {
  auto at = s.find('@');
  return s.size() <= 254 && at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos &&
         s.find_first_of(" \t\r\n<>") == std::string_view::npos;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

}  // namespace loudong
