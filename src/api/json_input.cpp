#include "api/json_input.h"

#include <cmath>

#include "core/json_strict.h"

namespace loudong::api {

Result<json> parse_body(const std::string& body) {
  // Strict: malformed JSON names the byte, a number beyond a double and a
  // control character in any string name the field (core/json_strict.h).
  LD_ASSIGN_OR_RETURN(json j, parse_json_strict(body));
  if (!j.is_object()) return Error::invalid("the request body must be a JSON object", "malformed_json");
  return j;
}

const json* JsonReader::get(const char* name, json::value_t want, const char* want_name) {
  seen_.insert(name);
  auto it = obj_.find(name);
  if (it == obj_.end() || it->is_null()) return nullptr;
  bool ok = it->type() == want || (want == json::value_t::number_integer && it->is_number_integer());
  if (!ok) {
    add_error(name, "wrong_type", std::string(name) + " must be " + want_name);
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonReader::str(const char* name) {
  auto* v = get(name, json::value_t::string, "a string");
  if (!v) return std::nullopt;
  return v->get<std::string>();
}

std::optional<std::int64_t> JsonReader::integer(const char* name) {
  // An integer written too large for 64 bits arrives as a float (nlohmann
  // keeps such literals as doubles): that is a range problem, not a type one.
  if (auto it = obj_.find(name); it != obj_.end() && it->is_number_float()) {
    double d = it->get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) >= 9.2233720368547758e18) {
      seen_.insert(name);
      add_error(name, "out_of_range", std::string(name) + " is out of range");
      return std::nullopt;
    }
  }
  auto* v = get(name, json::value_t::number_integer, "an integer");
  if (!v) return std::nullopt;
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    add_error(name, "out_of_range", std::string(name) + " is out of range");
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::optional<bool> JsonReader::boolean(const char* name) {
  auto* v = get(name, json::value_t::boolean, "true or false");
  if (!v) return std::nullopt;
  return v->get<bool>();
}

std::optional<std::vector<std::string>> JsonReader::strings(const char* name) {
  auto* v = get(name, json::value_t::array, "an array of strings");
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      add_error(std::string(name) + "[" + std::to_string(i) + "]", "wrong_type", "must be a string");
      return std::nullopt;
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

const json* JsonReader::object(const char* name) { return get(name, json::value_t::object, "an object"); }
const json* JsonReader::array(const char* name) { return get(name, json::value_t::array, "an array"); }

void JsonReader::add_error(std::string field, std::string code, std::string message) {
  errors_.push_back({prefix_ + field, std::move(code), prefix_ + message});
}

Status JsonReader::finish() {
  for (auto it = obj_.begin(); it != obj_.end(); ++it)
    if (!seen_.count(it.key())) add_error(it.key(), "unknown_field", it.key() + " is not a known field");
  if (errors_.empty()) return {};
  std::string msg;
  for (const auto& f : errors_) msg += (msg.empty() ? "" : "; ") + f.message;
  // The shape of the body (types, unknown fields) is a 400; values of the
  // right type that no field can hold (out of range) are a 422, as the
  // services' own rules are.
  bool shape = false;
  for (const auto& f : errors_) shape = shape || f.code != "out_of_range";
  Error out = shape ? Error(ErrorKind::invalid_argument, "invalid_request", msg)
                    : Error(ErrorKind::unprocessable, "validation_failed", msg);
  for (auto& f : errors_) out.add_field(f);
  return out;
}

}  // namespace loudong::api
