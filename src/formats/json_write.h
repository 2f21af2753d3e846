// A small streaming JSON writer for the exporters: compact output, keys in
// the order written, strings escaped per RFC 8259 (UTF-8 passed through).
// Structure errors (a value without a key in an object) are the caller's
// bug; the writer does not check them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loudong::formats {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(bool b);
  JsonWriter& raw(std::string_view json);  // already-valid JSON text

  // Shorthands for the common optional fields: nothing is written when empty.
  JsonWriter& field(std::string_view k, std::string_view s);
  JsonWriter& field_raw(std::string_view k, std::string_view json);
  JsonWriter& field(std::string_view k, const std::vector<std::string>& list);

  const std::string& str() const& { return out_; }
  std::string str() && { return std::move(out_); }

 private:
  void separate();
  void append_escaped(std::string_view s);
  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

}  // namespace loudong::formats
