// Helpers for the readers: simdjson DOM access that fails with an Error
// naming the JSON path of the problem ("affected[0].ranges[1].events[2]").
// The path is built on the stack and rendered only when an error is made,
// so reading a valid document allocates nothing for it.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace loudong::formats::json {

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using Array = simdjson::dom::array;

// A location in a document. A child refers to its parent, so a child must
// not outlive the Path it was made from.
class Path {
 public:
  Path() = default;  // the document itself
  Path key(std::string_view k) const { return Path(this, k, 0, Kind::key); }
  Path at(std::size_t i) const { return Path(this, {}, i, Kind::index); }
  // "a.b[2].c"; "(document)" for the root.
  std::string str() const;

 private:
  enum class Kind { root, key, index };
  Path(const Path* parent, std::string_view k, std::size_t i, Kind kind)
      : parent_(parent), key_(k), index_(i), kind_(kind) {}
  void append_to(std::string& out) const;
  const Path* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  Kind kind_ = Kind::root;
};

// An unprocessable-entity Error for one field: message "<path>: <message>".
Error error_at(const Path& p, std::string code, std::string message);
Error required(const Path& p);  // "<path>: is required"

// "string", "number", "boolean", "null", "array", "object".
std::string_view type_name(Element e);

// Parses with the given parser (reused across calls for speed). The element
// lives until the parser's next parse. Malformed JSON fails with the
// parser's reason and code "bad_json".
Result<Element> parse(simdjson::dom::parser& parser, std::string_view text);
// A parser per thread for the readers, so that repeated reads reuse memory.
simdjson::dom::parser& thread_parser();

Status as_object(Element e, const Path& p, Object& out);
Status as_array(Element e, const Path& p, Array& out);
Status as_string(Element e, const Path& p, std::string_view& out);
Status as_string(Element e, const Path& p, std::string& out);
Status as_bool(Element e, const Path& p, bool& out);
Status as_integer(Element e, const Path& p, std::int64_t& out);
// Arrays of strings; a JSON null counts as empty when null_ok.
Status string_array(Element e, const Path& p, std::vector<std::string>& out, bool null_ok = false);
// Minified JSON text of an object (for fields kept raw); fails for a non-object.
Status raw_object(Element e, const Path& p, std::string& out);

// The member's value, or false when absent.
bool member(Object o, std::string_view key, Element& out);

}  // namespace loudong::formats::json
