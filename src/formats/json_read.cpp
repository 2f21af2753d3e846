#include "formats/json_read.h"

#include "core/json_strict.h"

namespace loudong::formats::json {

void Path::append_to(std::string& out) const {
  if (parent_ != nullptr) parent_->append_to(out);
  switch (kind_) {
    case Kind::root: break;
    case Kind::key:
      if (!out.empty()) out += '.';
      out += key_;
      break;
    case Kind::index:
      out += '[';
      out += std::to_string(index_);
      out += ']';
      break;
  }
}

std::string Path::str() const {
  std::string out;
  append_to(out);
  return out.empty() ? std::string("(document)") : out;
}

Error error_at(const Path& p, std::string code, std::string message) {
  return Error::field(p.str(), std::move(code), std::move(message));
}

Error required(const Path& p) { return error_at(p, "required", "is required"); }

std::string_view type_name(Element e) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::ARRAY: return "array";
    case T::OBJECT: return "object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE: return "number";
    case T::STRING: return "string";
    case T::BOOL: return "boolean";
    case T::NULL_VALUE: return "null";
  }
  return "?";
}

namespace {
Error wrong_type(Element e, const Path& p, std::string_view want) {
  return error_at(p, "bad_type", "must be " + std::string(want) + ", not " + std::string(type_name(e)));
}
}  // namespace

Result<Element> parse(simdjson::dom::parser& parser, std::string_view text) {
  Element doc;
  if (auto err = parser.parse(text.data(), text.size(), true).get(doc); err) {
    // simdjson refuses a number beyond a double (1e400) or 64 bits without
    // saying where; the slower path-tracking parser, run only on failure,
    // names the field so the error is a 422 for it like any other bad value.
    if (err == simdjson::NUMBER_ERROR || err == simdjson::NUMBER_OUT_OF_RANGE) {
      auto again = parse_json_strict(text, {.text_rule = false});
      if (!again.ok() && again.error().code() != "malformed_json") return again.error();
    }
    return Error::invalid("not valid JSON: " + std::string(simdjson::error_message(err)), "bad_json");
  }
  return doc;
}

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

Status as_object(Element e, const Path& p, Object& out) {
  if (e.get_object().get(out)) return wrong_type(e, p, "an object");
  return {};
}

Status as_array(Element e, const Path& p, Array& out) {
  if (e.get_array().get(out)) return wrong_type(e, p, "an array");
  return {};
}

Status as_string(Element e, const Path& p, std::string_view& out) {
  if (e.get_string().get(out)) return wrong_type(e, p, "a string");
  return {};
}

Status as_string(Element e, const Path& p, std::string& out) {
  std::string_view v;
  if (e.get_string().get(v)) return wrong_type(e, p, "a string");
  out.assign(v.data(), v.size());
  return {};
}

Status as_bool(Element e, const Path& p, bool& out) {
  if (e.get_bool().get(out)) return wrong_type(e, p, "a boolean");
  return {};
}

Status as_integer(Element e, const Path& p, std::int64_t& out) {
  if (e.get_int64().get(out)) return wrong_type(e, p, "an integer");
  return {};
}

Status string_array(Element e, const Path& p, std::vector<std::string>& out, bool null_ok) {
  if (null_ok && e.is_null()) return {};
  Array a;
  LD_RETURN_IF_ERROR(as_array(e, p, a));
  out.reserve(a.size());
  std::size_t i = 0;
  for (Element item : a) {
    std::string_view s;
    LD_RETURN_IF_ERROR(as_string(item, p.at(i), s));
    out.emplace_back(s);
    ++i;
  }
  return {};
}

Status raw_object(Element e, const Path& p, std::string& out) {
  if (!e.is_object()) return wrong_type(e, p, "an object");
  out = simdjson::minify(e);
  return {};
}

bool member(Object o, std::string_view key, Element& out) { return !o.at_key(key).get(out); }

}  // namespace loudong::formats::json
