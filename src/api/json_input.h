// Strict reading of JSON request bodies.
//
// Malformed JSON, a body that is not an object, a field of the wrong type and
// an unknown field are 400s naming the field; rules about values (required,
// length, format) are the services' 422s. Every problem is collected, not just
// the first, so a form can show them all at once.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/enum_names.h"
#include "core/result.h"

namespace loudong::api {

using nlohmann::json;

Result<json> parse_body(const std::string& body);

class JsonReader {
 public:
  // `prefix` is prepended to field paths ("upstream." for nested objects).
  explicit JsonReader(const json& obj, std::string prefix = "") : obj_(obj), prefix_(std::move(prefix)) {}

  std::optional<std::string> str(const char* name);
  std::optional<std::int64_t> integer(const char* name);
  std::optional<bool> boolean(const char* name);
  std::optional<std::vector<std::string>> strings(const char* name);
  // A nested object or array, for the caller to read further (type checked).
  const json* object(const char* name);
  const json* array(const char* name);

  // Fails when a type error was seen or the object has fields nobody asked for.
  Status finish();
  void add_error(std::string field, std::string code, std::string message);

 private:
  const json* get(const char* name, json::value_t want, const char* want_name);
  const json& obj_;
  std::string prefix_;
  std::set<std::string> seen_;
  std::vector<FieldError> errors_;
};

// A transition request {"to", "reason"}, `to` naming a state of E.
template <class E>
struct TransitionRequest {
  E to;
  std::string reason;
};

template <class E>
Result<TransitionRequest<E>> read_transition(const std::string& body) {
  LD_ASSIGN_OR_RETURN(auto j, parse_body(body));
  JsonReader r(j);
  auto to = r.str("to");
  auto reason = r.str("reason").value_or("");
  LD_RETURN_IF_ERROR(r.finish());
  auto state = parse_enum<E>(to.value_or(""));
  if (!state) return Error::field("to", "bad_value", "to must be one of: " + allowed_names<E>());
  return TransitionRequest<E>{*state, std::move(reason)};
}

}  // namespace loudong::api
