// Result<T> holds either a value or an Error; Status holds success or an
// Error. Both are [[nodiscard]]: an ignored failure is a compile warning, and
// warnings are errors in the test build.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.h"

namespace loudong {

class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  Status(Error e) : error_(std::move(e)) {}  // NOLINT: implicit by design
  static Status Ok() { return {}; }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  // Precondition: !ok().
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is meaningless");

 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Error e) : v_(std::in_place_index<1>, std::move(e)) {}      // NOLINT
  template <class U, class = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                              !std::is_same_v<std::decay_t<U>, T> &&
                                              !std::is_same_v<std::decay_t<U>, Error>>>
  Result(U&& u) : v_(std::in_place_index<0>, T(std::forward<U>(u))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Preconditions: ok() for value(), !ok() for error().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace loudong

#define LD_CONCAT_INNER(a, b) a##b
#define LD_CONCAT(a, b) LD_CONCAT_INNER(a, b)

// Returns the error of a failed Status or Result from the enclosing function.
#define LD_RETURN_IF_ERROR(expr)                                   \
  do {                                                             \
    auto&& ld_status_ = (expr);                                    \
    if (!ld_status_.ok()) return std::move(ld_status_).error();    \
  } while (0)

// `LD_ASSIGN_OR_RETURN(auto x, f());` declares x from a successful Result or
// returns its error.
#define LD_ASSIGN_OR_RETURN(lhs, expr) LD_ASSIGN_OR_RETURN_I(lhs, expr, LD_CONCAT(ld_result_, __LINE__))
#define LD_ASSIGN_OR_RETURN_I(lhs, expr, tmp) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()
