#include "core/json_strict.h"

#include <type_traits>
#include <vector>

#include "core/text.h"

namespace loudong {

namespace {

using nlohmann::json;

// Forwards every event to nlohmann's own DOM builder and keeps the path of
// the value being read, so that errors can name it.
class PathTrackingSax {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  PathTrackingSax(json& root, StrictJsonOptions opts) : dom_(root, false), opts_(opts) {}

  bool null() { return scalar(dom_.null()); }
  bool boolean(bool v) { return scalar(dom_.boolean(v)); }
  bool number_integer(number_integer_t v) { return scalar(dom_.number_integer(v)); }
  bool number_unsigned(number_unsigned_t v) { return scalar(dom_.number_unsigned(v)); }
  bool number_float(number_float_t v, const string_t& s) { return scalar(dom_.number_float(v, s)); }
  bool binary(binary_t& v) { return scalar(dom_.binary(v)); }
  bool string(string_t& v) {
    check_text(v, path());
    return scalar(dom_.string(v));
  }
  bool start_object(std::size_t n) {
    frames_.push_back({false, {}, 0});
    return dom_.start_object(n);
  }
  bool key(string_t& k) {
    frames_.back().key = k;
    check_text(k, path());
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return scalar(dom_.end_object());
  }
  bool start_array(std::size_t n) {
    frames_.push_back({true, {}, 0});
    return dom_.start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return scalar(dom_.end_array());
  }

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception&) {
    // The lexer read the number and found it beyond a double; the path is
    // still that of the value it was reading.
    if constexpr (std::is_same_v<Exception, nlohmann::detail::out_of_range>) {
      overflow_ = true;
      overflow_path_ = path();
      overflow_token_ = token.size() > 40 ? token.substr(0, 40) + "..." : token;
    }
    error_byte_ = position;
    return false;
  }

  std::size_t error_byte() const { return error_byte_; }
  bool overflow() const { return overflow_; }
  const std::string& overflow_path() const { return overflow_path_; }
  const std::string& overflow_token() const { return overflow_token_; }
  std::vector<FieldError>& text_errors() { return text_errors_; }

 private:
  struct Frame {
    bool array;
    std::string key;    // in an object: the member being read
    std::size_t index;  // in an array: the element being read
  };

  // A value ended: the enclosing array moves to its next element.
  bool scalar(bool ok) {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return ok;
  }

  // "attachments[0].filename", the path convention of FieldError.
  std::string path() const {
    std::string out;
    for (const auto& f : frames_) {
      if (f.array) {
        out += '[' + std::to_string(f.index) + ']';
      } else {
        if (!out.empty()) out += '.';
        out += f.key;
      }
    }
    return out.empty() ? std::string("(document)") : out;
  }

  void check_text(string_t& v, const std::string& where) {
    if (!opts_.text_rule) return;
    if (auto c = find_control_character(v)) {
      // One error per field is enough to find it; a long pasted text with
      // many would otherwise make a long answer.
      text_errors_.push_back({where, "control_character", where + " " + control_character_message(*c)});
      return;
    }
    normalise_newlines(v);
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  StrictJsonOptions opts_;
  std::vector<Frame> frames_;
  std::vector<FieldError> text_errors_;
  std::size_t error_byte_ = 0;
  bool overflow_ = false;
  std::string overflow_path_, overflow_token_;
};

}  // namespace

Result<json> parse_json_strict(std::string_view text, StrictJsonOptions opts) {
  json root;
  PathTrackingSax sax(root, opts);
  bool ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true, false);
  if (!ok) {
    if (sax.overflow())
      return Error::field(sax.overflow_path(), "out_of_range",
                          "the number " + sax.overflow_token() + " is out of range (a JSON number must be finite, at most about ±1.8e308)");
    return Error::invalid("malformed JSON at byte " + std::to_string(sax.error_byte()), "malformed_json");
  }
  if (!sax.text_errors().empty()) return Error::from_fields(std::move(sax.text_errors()));
  return root;
}

}  // namespace loudong
