#include <iconv.h>

#include <cctype>
#include <cerrno>
#include <cstdint>

#include "formats/mail_internal.h"

namespace loudong::formats::mail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Where `needle` (lower case) starts in s at or after `from`, ignoring
// case; s.size() when it does not.
std::size_t find_lower(std::string_view s, const std::string& needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && std::tolower(static_cast<unsigned char>(s[i + k])) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return s.size();
}

bool ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// A charset name iconv may be asked about: glibc reads "//" suffixes as
// conversion flags and would look further at odd names.
bool plain_charset_name(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':' || c == '+'))
      return false;
  return true;
}

Result<std::string> iconv_to_utf8(std::string_view bytes, const std::string& from, std::string_view label) {
  iconv_t cd = ::iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return bad("unknown charset '" + shown(label) + "'");
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  // A null input flushes a stateful encoding's shift state (ISO-2022-JP).
  for (bool flushing = false;;) {
    char* op = out.data() + used;
    std::size_t out_left = out.size() - used;
    std::size_t r = flushing ? ::iconv(cd, nullptr, nullptr, &op, &out_left) : ::iconv(cd, &in, &in_left, &op, &out_left);
    used = static_cast<std::size_t>(op - out.data());
    if (r == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      ::iconv_close(cd);
      return bad("text is not valid " + shown(label));
    }
    if (flushing) break;
    flushing = in_left == 0;
  }
  ::iconv_close(cd);
  out.resize(used);
  return out;
}

Result<std::string> undeclared(std::string_view bytes) {
  if (ascii(bytes) || valid_utf8(bytes)) return std::string(bytes);
  auto gb = iconv_to_utf8(bytes, "GB18030", "GB18030");
  if (!gb.ok()) return bad("8-bit text without a charset is neither UTF-8 nor GB18030");
  return gb;
}

struct EncodedWord {
  std::string charset;
  std::string bytes;
  std::size_t end = 0;  // just past "?="
};

// "=?charset?B?text?=" at s[i]; false when it is not one (then it is text).
// A word that is one but does not decode is an error.
Result<bool> encoded_word(std::string_view s, std::size_t i, EncodedWord& w) {
  if (s.compare(i, 2, "=?") != 0) return false;
  std::size_t q1 = s.find('?', i + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
  char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (enc != 'B' && enc != 'Q') return false;
  std::size_t q3 = s.find('?', q1 + 3);
  if (q3 == std::string_view::npos || q3 + 1 >= s.size() || s[q3 + 1] != '=') return false;
  std::string_view charset = s.substr(i + 2, q1 - i - 2), text = s.substr(q1 + 3, q3 - q1 - 3);
  for (char c : charset)
    if (is_space(c)) return false;
  for (char c : text)
    if (is_space(c)) return false;
  // RFC 2231 section 5: "UTF-8*zh" names a language after the charset.
  w.charset = std::string(charset.substr(0, charset.find('*')));
  if (enc == 'B') {
    auto b = base64(text);
    if (!b.ok()) return bad("encoded-word '" + shown(s.substr(i, q3 + 2 - i)) + "' is not valid base64");
    w.bytes = std::move(*b);
  } else {
    w.bytes = quoted_printable(text, true);
  }
  w.end = q3 + 2;
  return true;
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string collapse_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  if (s.size() > 40) out += "...";
  return out;
}

Result<std::string> base64(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 4 * 3);
  std::uint32_t acc = 0;
  int n = 0;
  bool padding = false;
  for (char c : in) {
    if (is_space(c)) continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    int v = base64_value(c);
    if (v < 0 || padding) return bad("not valid base64");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    if (++n == 4) {
      out += static_cast<char>((acc >> 16) & 0xFF);
      out += static_cast<char>((acc >> 8) & 0xFF);
      out += static_cast<char>(acc & 0xFF);
      acc = 0;
      n = 0;
    }
  }
  if (n == 1) return bad("not valid base64");
  if (n == 2) out += static_cast<char>((acc >> 4) & 0xFF);
  if (n == 3) {
    out += static_cast<char>((acc >> 10) & 0xFF);
    out += static_cast<char>((acc >> 2) & 0xFF);
  }
  return out;
}

std::string quoted_printable(std::string_view in, bool q) {
  std::string out;
  out.reserve(in.size());
  std::size_t pos = 0;
  while (pos < in.size()) {
    std::size_t nl = in.find('\n', pos);
    bool last = nl == std::string_view::npos;
    std::string_view line = in.substr(pos, last ? std::string_view::npos : nl - pos);
    // Trailing white space was added in transport, not written (RFC 2045 6.7).
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    bool soft = !line.empty() && line.back() == '=';
    if (soft) line.remove_suffix(1);
    for (std::size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (c == '=') {
        int hi = i + 1 < line.size() ? hex_value(line[i + 1]) : -1;
        int lo = i + 2 < line.size() ? hex_value(line[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
          out += static_cast<char>(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out += (q && c == '_') ? ' ' : c;
    }
    if (!soft && !last) out += "\r\n";
    if (last) break;
    pos = nl + 1;
  }
  return out;
}

Result<std::string> to_utf8(std::string_view bytes, std::string_view charset) {
  std::string cs = lower(trim(charset));
  if (cs.empty() || cs == "us-ascii" || cs == "ascii" || cs == "ansi_x3.4-1968") return undeclared(bytes);
  if (cs == "utf-8" || cs == "utf8") {
    if (!valid_utf8(bytes)) return bad("text is not valid UTF-8");
    return std::string(bytes);
  }
  if (cs == "gb2312" || cs == "gbk" || cs == "x-gbk" || cs == "cp936" || cs == "ms936" || cs == "windows-936" ||
      cs == "euc-cn" || cs == "x-euc-cn" || cs == "gb_2312-80" || cs == "csgb2312")
    cs = "gb18030";
  if (!plain_charset_name(cs)) return bad("unknown charset '" + shown(charset) + "'");
  return iconv_to_utf8(bytes, cs, charset);
}

Result<std::string> header_text(std::string_view raw) {
  std::string out, pending, pending_charset, gap;
  // Adjacent encoded-words in one charset are decoded together: a client
  // may cut a multibyte character between them.
  auto flush = [&]() -> Status {
    if (pending_charset.empty()) return {};
    LD_ASSIGN_OR_RETURN(auto text, to_utf8(pending, pending_charset));
    out += text;
    pending.clear();
    pending_charset.clear();
    return {};
  };
  std::size_t i = 0;
  bool after_word = false;
  while (i < raw.size()) {
    EncodedWord w;
    LD_ASSIGN_OR_RETURN(bool is_word, encoded_word(raw, i, w));
    if (is_word) {
      gap.clear();  // white space between encoded-words is not text (RFC 2047 6.2)
      if (!pending_charset.empty() && lower(pending_charset) != lower(w.charset)) LD_RETURN_IF_ERROR(flush());
      pending_charset = w.charset;
      pending += w.bytes;
      i = w.end;
      after_word = true;
      continue;
    }
    if (after_word && is_space(raw[i])) {
      gap += raw[i++];
      continue;
    }
    LD_RETURN_IF_ERROR(flush());
    out += gap;
    gap.clear();
    after_word = false;
    std::size_t next = raw.find("=?", i + 1);
    std::string_view run = raw.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
    LD_ASSIGN_OR_RETURN(auto text, undeclared(run));
    out += text;
    i += run.size();
  }
  LD_RETURN_IF_ERROR(flush());
  return out + gap;
}

std::string normalize_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string unflow(std::string_view text, bool delsp) {
  std::string out;
  bool joining = false;  // the previous line was flowed: this one continues it
  int joining_depth = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    int depth = 0;
    while (static_cast<std::size_t>(depth) < line.size() && line[depth] == '>') ++depth;
    std::string_view content = line.substr(depth);
    if (!content.empty() && content.front() == ' ') content.remove_prefix(1);  // space-stuffing
    bool flowed = !content.empty() && content.back() == ' ' && content != "-- ";
    if (flowed && delsp) content.remove_suffix(1);
    if (!(joining && depth == joining_depth)) {
      if (pos > 0) out += '\n';
      if (depth > 0) out += std::string(depth, '>') + ' ';
    }
    out += content;
    joining = flowed;
    joining_depth = depth;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

std::string html_to_text(std::string_view h) {
  static const char* const blocks[] = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                                       "pre", "blockquote", "table", "ul", "ol", "hr"};
  std::string out;
  std::size_t i = 0;
  bool space = false;
  auto newline = [&] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
    space = false;
  };
  while (i < h.size()) {
    char c = h[i];
    if (c == '<') {
      if (h.compare(i, 4, "<!--") == 0) {
        std::size_t end = h.find("-->", i + 4);
        i = end == std::string_view::npos ? h.size() : end + 3;
        continue;
      }
      std::size_t end = h.find('>', i);
      if (end == std::string_view::npos) break;
      std::size_t n = i + 1 + (i + 1 < h.size() && h[i + 1] == '/' ? 1 : 0);
      std::size_t name_end = n;
      while (name_end < end && std::isalnum(static_cast<unsigned char>(h[name_end]))) ++name_end;
      std::string name = lower(h.substr(n, name_end - n));
      bool closing = n == i + 2;
      i = end + 1;
      if (!closing && (name == "script" || name == "style" || name == "head" || name == "title")) {
        i = find_lower(h, "</" + name, i);
        continue;
      }
      for (const char* b : blocks)
        if (name == b) newline();
      continue;
    }
    if (c == '&') {
      // Entities are short: a search past a few bytes would make a run of
      // "&" quadratic.
      std::size_t semi = h.substr(i, 12).find(';');
      if (semi != std::string_view::npos) {
        semi += i;
        std::string ent = lower(h.substr(i + 1, semi - i - 1));
        std::uint32_t cp = 0;
        if (ent == "amp") cp = '&';
        else if (ent == "lt") cp = '<';
        else if (ent == "gt") cp = '>';
        else if (ent == "quot") cp = '"';
        else if (ent == "apos") cp = '\'';
        else if (ent == "nbsp") cp = ' ';
        else if (ent.size() > 1 && ent[0] == '#') {
          bool hex = ent[1] == 'x';
          std::string digits = ent.substr(hex ? 2 : 1);
          if (!digits.empty() && digits.size() <= 7 &&
              digits.find_first_not_of(hex ? "0123456789abcdef" : "0123456789") == std::string::npos)
            cp = static_cast<std::uint32_t>(std::stoul(digits, nullptr, hex ? 16 : 10));
        }
        if (cp != 0) {
          if (space) out += ' ';
          space = false;
          append_utf8(out, cp);
          i = semi + 1;
          continue;
        }
      }
    }
    if (is_space(c)) {
      space = !out.empty() && out.back() != '\n';
      ++i;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    ++i;
  }
  // At most one blank line in a row: the block tags of mail HTML nest deep.
  std::string tidy;
  int newlines = 0;
  for (char c : out) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) tidy += c;
  }
  return std::string(trim(tidy));
}

}  // namespace loudong::formats::mail
