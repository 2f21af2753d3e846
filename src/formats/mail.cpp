#include "formats/mail.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "formats/mail_internal.h"

namespace loudong::formats {

namespace {

using mail::bad;
using mail::lower;
using mail::shown;
using mail::trim;

constexpr std::size_t kMaxFields = 1000;  // header fields of one entity

struct Field {
  std::string_view name;
  std::string value;    // unfolded: the line breaks removed, their white space kept
  const char* at;       // the field's first byte in the input, for its line number
};

struct Entity {
  std::vector<Field> fields;
  std::string_view body;
};

const Field* field(const Entity& e, std::string_view name) {
  for (const auto& f : e.fields)
    if (f.name.size() == name.size() && lower(f.name) == lower(name)) return &f;
  return nullptr;
}

// "type/subtype; a=b; c=\"d\"" or "attachment; filename=x": the value in
// lower case and the parameters as written (quotes and escapes removed,
// names in lower case).
struct Params {
  std::string value;
  std::vector<std::pair<std::string, std::string>> list;
};

Params parse_params(std::string_view v) {
  Params p;
  std::size_t i = 0;
  auto skip_comment = [&] {  // "(...)", nested, as RFC 5322 allows around tokens
    int depth = 0;
    do {
      if (v[i] == '(') ++depth;
      else if (v[i] == ')') --depth;
      else if (v[i] == '\\') ++i;
      ++i;
    } while (i < v.size() && depth > 0);
  };
  std::string main;
  while (i < v.size() && v[i] != ';') {
    if (v[i] == '(') skip_comment();
    else main += v[i++];
  }
  p.value = lower(trim(main));
  while (i < v.size()) {
    ++i;  // the ';'
    std::string name;
    while (i < v.size() && v[i] != '=' && v[i] != ';') name += v[i++];
    if (i >= v.size() || v[i] == ';') continue;
    ++i;  // the '='
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      for (++i; i < v.size() && v[i] != '"'; ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        value += v[i];
      }
      while (i < v.size() && v[i] != ';') ++i;
    } else {
      while (i < v.size() && v[i] != ';') {
        if (v[i] == '(') skip_comment();
        else value += v[i++];
      }
      value = std::string(trim(value));
    }
    p.list.emplace_back(lower(trim(name)), std::move(value));
  }
  return p;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) && hex(s[i + 2])) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A parameter's value in UTF-8: RFC 2231's name*=charset''%XX and its
// continuations name*0*=, name*1= win; else the plain name=, whose
// encoded-words are decoded too (not standard, but what Outlook and
// Foxmail send for Chinese filenames).
Result<std::string> param(const Params& p, std::string_view name) {
  std::map<int, std::pair<bool, std::string>> segments;  // index -> (percent-encoded, text)
  const std::string* plain = nullptr;
  for (const auto& [k, v] : p.list) {
    if (k == name) {
      if (!plain) plain = &v;
      continue;
    }
    if (k.size() <= name.size() || k.compare(0, name.size(), name) != 0 || k[name.size()] != '*') continue;
    std::string_view rest = std::string_view(k).substr(name.size() + 1);
    bool encoded = rest.empty() || rest.back() == '*';
    if (!rest.empty() && rest.back() == '*') rest.remove_suffix(1);
    if (rest.size() > 3 || rest.find_first_not_of("0123456789") != std::string_view::npos) continue;
    segments.emplace(rest.empty() ? 0 : std::stoi(std::string(rest)), std::make_pair(encoded, v));
  }
  if (segments.empty()) return plain ? mail::header_text(*plain) : std::string();
  std::string charset, bytes;
  int expected = 0;
  for (const auto& [index, segment] : segments) {
    if (index != expected++) break;  // a gap ends the value (RFC 2231 section 3)
    std::string_view text = segment.second;
    if (segment.first && index == 0) {
      std::size_t q1 = text.find('\''), q2 = q1 == std::string_view::npos ? q1 : text.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        charset = std::string(text.substr(0, q1));
        text.remove_prefix(q2 + 1);
      }
    }
    bytes += segment.first ? percent_decoded(text) : std::string(text);
  }
  return mail::to_utf8(bytes, charset);
}

// A parameter as written (no RFC 2231 or encoded-word decoding): for
// boundary, charset and format, which are ASCII tokens.
std::string raw_param(const Params& p, std::string_view name) {
  for (const auto& [k, v] : p.list)
    if (k == name) return v;
  return "";
}

// RFC 2045 5.2: no Content-Type, or one without a "/", means text/plain.
Params content_type(const Entity& e) {
  const Field* f = field(e, "Content-Type");
  Params p = parse_params(f ? std::string_view(f->value) : "text/plain");
  if (p.value.find('/') == std::string::npos) p = parse_params("text/plain");
  return p;
}

// A text part meant as a file rather than the message's text.
bool named_or_attached(const Entity& e, const Params& ct) {
  const Field* d = field(e, "Content-Disposition");
  const Params cd = parse_params(d ? std::string_view(d->value) : "");
  if (cd.value == "attachment") return true;
  for (const auto& [k, v] : cd.list)
    if (k.rfind("filename", 0) == 0) return true;
  for (const auto& [k, v] : ct.list)
    if (k == "name" || k.rfind("name*", 0) == 0) return true;
  return false;
}

struct Reader {
  std::string_view raw;
  MailLimits limits;
  int entities = 0;  // MIME entities read so far, multiparts included
  MailMessage out;

  Error at_line(const char* p, const std::string& message) const {
    auto line = 1 + std::count(raw.data(), p, '\n');
    return bad("line " + std::to_string(line) + ": " + message);
  }

  Result<Entity> split(std::string_view text) const;
  Result<std::vector<std::string_view>> split_multipart(std::string_view body, const std::string& boundary,
                                                        const std::string& where, const std::string& type) const;
  Result<std::string> decoded_body(const Entity& e, const std::string& where) const;
  Status entity(const Entity& e, const std::string& where, int depth, bool take_text);
  Status leaf(const Entity& e, const Params& ct, const std::string& where, bool take_text);
};

std::string child_where(const std::string& where, std::size_t i) {
  return (where == "message" ? "part " : where + ".") + std::to_string(i + 1);
}

Result<Entity> Reader::split(std::string_view text) const {
  Entity e;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, next - pos);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) {
      e.body = text.substr(next);
      return e;
    }
    if (line.find('\0') != std::string_view::npos) return at_line(line.data(), "NUL byte in a header");
    if (line.front() == ' ' || line.front() == '\t') {
      if (e.fields.empty()) return at_line(line.data(), "folded line without a header before it");
      e.fields.back().value += line;
    } else {
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return at_line(line.data(), "header without a colon");
      std::string_view name = line.substr(0, colon);
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
      if (name.empty() || std::any_of(name.begin(), name.end(), [](char c) { return c <= ' ' || c >= 0x7F; }))
        return at_line(line.data(), "header name '" + shown(name) + "' is not valid");
      if (e.fields.size() >= kMaxFields)
        return at_line(line.data(), "more than " + std::to_string(kMaxFields) + " header fields");
      e.fields.push_back({name, std::string(line.substr(colon + 1)), line.data()});
    }
    pos = next;
  }
  return e;  // headers only: the body is empty
}

Result<std::vector<std::string_view>> Reader::split_multipart(std::string_view body, const std::string& boundary,
                                                              const std::string& where, const std::string& type) const {
  const std::string delimiter = "--" + boundary;
  std::vector<std::string_view> parts;
  std::size_t start = std::string_view::npos;  // of the part being read
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::size_t next = nl == std::string_view::npos ? body.size() : nl + 1;
    std::string_view line = body.substr(pos, next - pos);
    if (line.compare(0, delimiter.size(), delimiter) == 0) {
      std::string_view rest = line.substr(delimiter.size());
      bool closing = rest.compare(0, 2, "--") == 0;
      if (closing) rest.remove_prefix(2);
      if (trim(rest).empty()) {
        if (start != std::string_view::npos) {
          // The line break before a delimiter belongs to the delimiter.
          std::size_t end = pos;
          if (end > start && body[end - 1] == '\n') --end;
          if (end > start && body[end - 1] == '\r') --end;
          parts.push_back(body.substr(start, end - start));
          if (entities + static_cast<int>(parts.size()) > limits.max_parts)
            return bad("more than " + std::to_string(limits.max_parts) + " MIME parts");
        }
        if (closing) return parts;
        start = next;
      }
    }
    pos = next;
  }
  if (start == std::string_view::npos)
    return bad(where + ": " + type + " has no part with its boundary '" + shown(boundary) + "'");
  return bad(where + ": " + type + " has no closing boundary '" + shown(delimiter) + "--' (is the message cut short?)");
}

Result<std::string> Reader::decoded_body(const Entity& e, const std::string& where) const {
  const Field* f = field(e, "Content-Transfer-Encoding");
  std::string cte = f ? parse_params(f->value).value : "";
  if (cte.empty() || cte == "7bit" || cte == "8bit" || cte == "binary") return std::string(e.body);
  if (cte == "quoted-printable") return mail::quoted_printable(e.body);
  if (cte == "base64") {
    auto b = mail::base64(e.body);
    if (!b.ok()) return bad(where + ": base64 body is not valid base64");
    return b;
  }
  return bad(where + ": unknown Content-Transfer-Encoding '" + shown(cte) + "'");
}

Status Reader::entity(const Entity& e, const std::string& where, int depth, bool take_text) {
  if (++entities > limits.max_parts) return bad("more than " + std::to_string(limits.max_parts) + " MIME parts");
  const Params ct = content_type(e);
  if (ct.value.rfind("multipart/", 0) != 0) return leaf(e, ct, where, take_text);
  if (depth >= limits.max_depth)
    return bad(where + ": multiparts nested more than " + std::to_string(limits.max_depth) + " deep");
  if (const Field* f = field(e, "Content-Transfer-Encoding")) {
    std::string cte = parse_params(f->value).value;
    if (cte != "7bit" && cte != "8bit" && cte != "binary")
      return bad(where + ": a multipart cannot have Content-Transfer-Encoding '" + shown(cte) + "'");
  }
  std::string boundary = raw_param(ct, "boundary");
  if (boundary.empty()) return bad(where + ": " + shown(ct.value) + " without a boundary");
  LD_ASSIGN_OR_RETURN(auto children, split_multipart(e.body, boundary, where, shown(ct.value)));
  std::vector<Entity> parsed;
  for (auto child : children) {
    LD_ASSIGN_OR_RETURN(auto c, split(child));
    parsed.push_back(std::move(c));
  }
  // The text comes from one alternative only: text/plain, else text/html,
  // else a multipart (an HTML body with its images). Every alternative is
  // still read, for its errors and its attachments.
  std::size_t chosen = parsed.size();
  if (ct.value == "multipart/alternative") {
    for (const char* want : {"text/plain", "text/html", "multipart/"}) {
      for (std::size_t i = 0; i < parsed.size() && chosen == parsed.size(); ++i) {
        Params t = content_type(parsed[i]);
        if (t.value.rfind(want, 0) == 0 && !named_or_attached(parsed[i], t)) chosen = i;
      }
    }
  }
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    bool text = take_text && (chosen == parsed.size() || chosen == i);
    LD_RETURN_IF_ERROR(entity(parsed[i], child_where(where, i), depth + 1, text));
  }
  return {};
}

Status Reader::leaf(const Entity& e, const Params& ct, const std::string& where, bool take_text) {
  LD_ASSIGN_OR_RETURN(auto body, decoded_body(e, where));
  if ((ct.value == "text/plain" || ct.value == "text/html") && !named_or_attached(e, ct)) {
    if (!take_text) return {};
    auto utf8 = mail::to_utf8(body, raw_param(ct, "charset"));
    if (!utf8.ok()) return bad(where + ": " + utf8.error().message());
    std::string text = mail::normalize_newlines(*utf8);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a byte order mark
    if (ct.value == "text/html") text = mail::html_to_text(text);
    else if (lower(raw_param(ct, "format")) == "flowed") text = mail::unflow(text, lower(raw_param(ct, "delsp")) == "yes");
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (trim(text).empty()) return {};
    out.text += (out.text.empty() ? "" : "\n\n") + text;
    return {};
  }
  const Field* d = field(e, "Content-Disposition");
  const Params cd = parse_params(d ? std::string_view(d->value) : "");
  MailAttachment a;
  auto filename = param(cd, "filename");
  if (!filename.ok()) return bad(where + ": filename: " + filename.error().message());
  if (filename->empty()) filename = param(ct, "name");
  if (!filename.ok()) return bad(where + ": name: " + filename.error().message());
  a.filename = std::string(trim(*filename));
  a.content_type = ct.value;
  a.content = std::move(body);
  a.inline_part = cd.value != "attachment" && (cd.value == "inline" || field(e, "Content-ID"));
  out.attachments.push_back(std::move(a));
  return {};
}

// The first address of a From header: "Name <a@b>", "\"Name\" <a@b>",
// "a@b (Name)" or "a@b". An empty address when there is none.
Result<MailAddress> parse_from(std::string_view v) {
  std::string display, angle, bare, comment;
  bool in_angle = false, seen_angle = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '(' && !in_angle) {
      std::string text;
      for (int depth = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
          text += v[++i];
          continue;
        }
        if (v[i] == '(' && depth++ == 0) continue;
        if (v[i] == ')' && --depth == 0) break;
        text += v[i];
      }
      if (comment.empty()) comment = text;
      continue;
    }
    if (c == '"' && !in_angle) {
      std::string quoted;
      for (++i; i < v.size() && v[i] != '"'; ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        quoted += v[i];
      }
      if (!seen_angle) {
        display += quoted;
        bare += '"' + quoted + '"';
      }
      continue;
    }
    if (c == '<' && !seen_angle) {
      in_angle = seen_angle = true;
      continue;
    }
    if (c == '>' && in_angle) {
      in_angle = false;
      continue;
    }
    if (c == ',' && !in_angle) break;  // the first of several addresses
    if (in_angle) angle += c;
    else if (!seen_angle) {
      display += c;
      bare += c;
    }
  }
  std::string address(trim(seen_angle ? angle : bare));
  if (!address.empty() && address[0] == '@') {  // an obsolete source route: <@relay:user@host>
    std::size_t colon = address.find(':');
    address = colon == std::string::npos ? "" : address.substr(colon + 1);
  }
  if (address.empty()) return MailAddress{};
  std::size_t at = address.rfind('@');
  bool bad_char = std::any_of(address.begin(), address.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == 0x7F || std::string_view("<>()[],;:\\\"").find(c) != std::string_view::npos;
  });
  if (at == std::string::npos || at == 0 || at + 1 == address.size() || bad_char || !mail::valid_utf8(address))
    return bad("'" + shown(address) + "' is not an email address");
  LD_ASSIGN_OR_RETURN(auto name, mail::header_text(seen_angle ? display : comment));
  return MailAddress{address, mail::collapse_space(name)};
}

// RFC 3834 section 2: no automatic answer to automatic mail, delivery
// reports or lists, or two responders would answer each other forever.
std::string no_reply_reason(const Entity& top, const MailAddress& from) {
  if (const Field* f = field(top, "Auto-Submitted")) {
    std::string v = parse_params(f->value).value;
    if (!v.empty() && v != "no") return "Auto-Submitted: " + shown(v);
  }
  if (const Field* f = field(top, "Return-Path"); f && mail::collapse_space(f->value) == "<>")
    return "Return-Path: <> (a delivery report)";
  if (const Field* f = field(top, "Precedence")) {
    std::string v = lower(trim(f->value));
    if (v == "bulk" || v == "junk" || v == "list") return "Precedence: " + v;
  }
  if (field(top, "List-Id")) return "List-Id: mailing-list mail";
  if (const Field* f = field(top, "X-Auto-Response-Suppress")) {
    std::string v = lower(f->value);
    if (v.find("all") != std::string::npos || v.find("autoreply") != std::string::npos || v.find("oof") != std::string::npos)
      return "X-Auto-Response-Suppress: " + shown(trim(f->value));
  }
  std::string local = lower(from.address.substr(0, from.address.rfind('@')));
  bool list_or_system = local == "mailer-daemon" || local == "postmaster" || local.rfind("owner-", 0) == 0 ||
                        (local.size() > 8 && local.compare(local.size() - 8, 8, "-request") == 0);
  if (list_or_system) return "From: " + shown(local) + "@ is a mail system or list address";
  return "";
}

}  // namespace

Result<MailMessage> read_mail(std::string_view raw, const MailLimits& limits) {
  if (raw.size() > limits.max_bytes)
    return Error(ErrorKind::payload_too_large, "too_large",
                 "the message is " + std::to_string(raw.size()) + " bytes; at most " + std::to_string(limits.max_bytes) +
                     " are accepted");
  Reader r{raw, limits};
  std::string_view text = raw;
  // The envelope line of an mbox, "From sender date": not a header.
  if (text.compare(0, 5, "From ") == 0 && text.size() > 5 && text[5] != ':' && text[5] != ' ') {
    std::size_t nl = text.find('\n');
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  LD_ASSIGN_OR_RETURN(Entity top, r.split(text));
  MailMessage& m = r.out;
  const Field* from = field(top, "From");
  if (!from) return bad("no From address");
  auto address = parse_from(from->value);
  if (!address.ok()) return r.at_line(from->at, "From: " + address.error().message());
  if (address->address.empty()) return bad("no From address");
  m.from = std::move(*address);
  if (const Field* f = field(top, "Subject")) {
    auto subject = mail::header_text(f->value);
    if (!subject.ok()) return r.at_line(f->at, "Subject: " + subject.error().message());
    m.subject = mail::collapse_space(*subject);
  }
  if (const Field* f = field(top, "Message-ID")) {
    std::string id = mail::collapse_space(f->value);
    // It goes into a reply's In-Reply-To: printable ASCII without spaces only.
    if (std::all_of(id.begin(), id.end(), [](char c) { return c > ' ' && c < 0x7F; })) m.message_id = id;
  }
  if (const Field* f = field(top, "Date")) {
    auto date = mail::header_text(f->value);
    if (date.ok()) m.date = mail::collapse_space(*date);  // a bad date is not a reason to refuse a report
  }
  m.no_reply_reason = no_reply_reason(top, m.from);
  LD_RETURN_IF_ERROR(r.entity(top, "message", 0, true));
  return std::move(r.out);
}

}  // namespace loudong::formats
