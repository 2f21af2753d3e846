// The one error taxonomy of loudong.
//
// An Error is a value: expected failures (bad input, missing object, illegal
// transition) travel as Error inside Result<T> or Status and never as
// exceptions. Each Error carries two texts kept apart on purpose:
//   - message: safe to show the client (no secrets, no internal paths);
//   - log_message: for the server log only (may name files, SQL, peers).
// The HTTP layer maps ErrorKind to a status code and serialises
// {"error":{"code","message","details"}}; nothing else decides statuses.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loudong {

enum class ErrorKind {
  invalid_argument,        // 400: malformed input (syntax, types, unknown fields)
  unauthenticated,         // 401: no or bad credentials
  permission_denied,       // 403: the caller may see the object but not do this to it
  not_found,               // 404: absent, or outside the caller's reach (ids leak nothing)
  conflict,                // 409: state does not allow it (illegal transition, duplicate)
  payload_too_large,       // 413
  unsupported_media_type,  // 415
  unprocessable,           // 422: well-formed but semantically invalid (field rules)
  rate_limited,            // 429
  unavailable,             // 503: shutting down, store busy
  internal,                // 500: a bug or an environment failure
};

// One problem with one input field. `field` is a JSON pointer-like dotted path
// ("cvss31_vector", "attachments[0].filename"); `code` is a stable machine
// word the UI translates ("required", "too_long", "bad_metric").
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
};

class Error {
 public:
  Error(ErrorKind kind, std::string code, std::string message)
      : kind_(kind), code_(std::move(code)), message_(std::move(message)) {}

  static Error invalid(std::string message, std::string code = "invalid_request") {
    return {ErrorKind::invalid_argument, std::move(code), std::move(message)};
  }
  static Error unprocessable(std::string message, std::string code = "validation_failed") {
    return {ErrorKind::unprocessable, std::move(code), std::move(message)};
  }
  static Error not_found(std::string what) {
    return {ErrorKind::not_found, "not_found", std::move(what) + " not found"};
  }
  static Error denied(std::string message) {
    return {ErrorKind::permission_denied, "permission_denied", std::move(message)};
  }
  static Error conflict(std::string message, std::string code = "conflict") {
    return {ErrorKind::conflict, std::move(code), std::move(message)};
  }
  static Error unauthenticated(std::string message = "authentication required") {
    return {ErrorKind::unauthenticated, "unauthenticated", std::move(message)};
  }
  static Error internal(std::string log_message) {
    Error e{ErrorKind::internal, "internal", "internal error"};
    e.log_message_ = std::move(log_message);
    return e;
  }
  static Error unavailable(std::string message) {
    return {ErrorKind::unavailable, "unavailable", std::move(message)};
  }

  // A validation error for a single field, the most common case.
  static Error field(std::string field, std::string code, std::string message) {
    Error e = unprocessable(field + ": " + message);
    e.fields_.push_back({std::move(field), std::move(code), std::move(message)});
    return e;
  }

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  // Falls back to the client message when no separate log text was given.
  const std::string& log_message() const { return log_message_.empty() ? message_ : log_message_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  // For conflicts: what would have been allowed instead (e.g. transitions).
  const std::vector<std::string>& allowed() const { return allowed_; }

  Error& with_log(std::string log) & { log_message_ = std::move(log); return *this; }
  Error&& with_log(std::string log) && { log_message_ = std::move(log); return std::move(*this); }
  Error& add_field(FieldError f) & { fields_.push_back(std::move(f)); return *this; }
  Error&& add_field(FieldError f) && { fields_.push_back(std::move(f)); return std::move(*this); }
  // An unprocessable error carrying every field problem collected in `fields`,
  // its message listing them all.
  static Error from_fields(std::vector<FieldError> fields, std::string code = "validation_failed") {
    std::string msg;
    for (const auto& f : fields) msg += (msg.empty() ? "" : "; ") + f.message;
    Error e = unprocessable(msg, std::move(code));
    e.fields_ = std::move(fields);
    return e;
  }
  Error&& with_allowed(std::vector<std::string> a) && { allowed_ = std::move(a); return std::move(*this); }
  // Prefixes every field path, for errors from nested parsers.
  Error&& under(std::string_view prefix) && {
    for (auto& f : fields_) f.field = std::string(prefix) + (f.field.empty() ? "" : "." + f.field);
    message_ = std::string(prefix) + ": " + message_;
    return std::move(*this);
  }

  int http_status() const;
  static std::string_view kind_name(ErrorKind k);

 private:
  ErrorKind kind_;
  std::string code_;
  std::string message_;
  std::string log_message_;
  std::vector<FieldError> fields_;
  std::vector<std::string> allowed_;
};

// Thrown only for failures that must abort the whole request (a broken
// invariant, an unusable store). The HTTP layer turns it into a 500 with the
// Error's client message and logs log_message().
struct AbortRequest {
  Error error;
};

}  // namespace loudong
