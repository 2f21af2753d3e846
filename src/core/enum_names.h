// Stable machine names for enums (API, database, logs). One table per enum,
// in the order of its enumerators, so adding an enumerator without a name
// fails to compile (static_assert on the table size where used).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace loudong {

template <class E>
struct EnumNames;  // specialise: static constexpr std::array<std::string_view, N> names

template <class E>
constexpr std::string_view name_of(E e) {
  return EnumNames<E>::names[static_cast<size_t>(e)];
}

template <class E>
constexpr std::optional<E> parse_enum(std::string_view s) {
  const auto& n = EnumNames<E>::names;
  for (size_t i = 0; i < n.size(); ++i)
    if (n[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

// "a, b, c" for error messages listing the allowed values.
template <class E>
std::string allowed_names() {
  std::string out;
  for (auto n : EnumNames<E>::names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace loudong

#define LD_ENUM_NAMES(E, ...)                                     \
  template <>                                                     \
  struct loudong::EnumNames<E> {                                  \
    static constexpr std::array names{__VA_ARGS__};               \
  }
