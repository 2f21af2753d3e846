#include "store/sqlite/rows.h"

#include <charconv>

namespace loudong::store::sqlite {

std::string encode_cursor(const Cursor& c) { return std::to_string(c.value) + "." + std::to_string(c.id); }

Result<Cursor> decode_cursor(const std::string& s) {
  auto bad = [] { return Error::field("cursor", "bad_cursor", "cursor is not one this server returned"); };
  auto dot = s.find('.');
  if (dot == std::string::npos) return bad();
  Cursor c;
  auto r1 = std::from_chars(s.data(), s.data() + dot, c.value);
  auto r2 = std::from_chars(s.data() + dot + 1, s.data() + s.size(), c.id);
  if (r1.ec != std::errc() || r1.ptr != s.data() + dot || r2.ec != std::errc() || r2.ptr != s.data() + s.size())
    return bad();
  return c;
}

std::string to_json_array(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

std::vector<std::string> from_json_array(const std::string& s) {
  auto j = nlohmann::json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

std::string fts_phrase(const std::string& text) {
  std::string q = "\"";
  for (char ch : text) {
    if (ch == '"') q += "\"\"";
    else q += ch;
  }
  return q + "\"";
}

void Where::bind(Stmt& s, int first) const {
  int i = first;
  for (const auto& p : params) {
    if (p.is_number_integer()) s.bind(i++, p.get<std::int64_t>());
    else s.bind(i++, p.get<std::string>());
  }
}

}  // namespace loudong::store::sqlite
