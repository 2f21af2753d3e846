#include "store/postgres/rows.h"

namespace loudong::store::postgres {

std::string contains_pattern(const std::string& text) {
  std::string pat = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pat += '\\';
    pat += ch;
  }
  return pat + "%";
}

bool searchable(const std::string& text) {
  std::size_t points = 0;
  for (unsigned char ch : text)
    if ((ch & 0xC0) != 0x80) ++points;
  return points >= 3;
}

void Where::bind(Stmt& s, int first) const {
  int i = first;
  for (const auto& p : params) {
    if (p.is_number_integer()) s.bind(i++, p.get<std::int64_t>());
    else s.bind(i++, p.get<std::string>());
  }
}

}  // namespace loudong::store::postgres
