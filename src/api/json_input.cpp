#include "api/json_input.h"

namespace loudong::api {

Result<json> parse_body(const std::string& body) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    // nlohmann's SAX parser gives the byte offset; re-parse with exceptions
    // off is cheaper than catching, so ask once more for the position.
    try {
      json again = json::parse(body);
      (void)again;
    } catch (const json::parse_error& e) {
      return Error::invalid("malformed JSON at byte " + std::to_string(e.byte), "malformed_json");
    }
    return Error::invalid("malformed JSON", "malformed_json");
  }
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
  auto* v = get(name, json::value_t::number_integer, "an integer");
  if (!v) return std::nullopt;
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    add_error(name, "out_of_range", std::string(name) + " is too large");
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
  Error out(ErrorKind::invalid_argument, "invalid_request", msg);
  for (auto& f : errors_) out.add_field(f);
  return out;
}

}  // namespace loudong::api
