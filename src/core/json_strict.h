// Parsing JSON from outside (request bodies, imported documents) so that
// every problem is an Error value naming the field, never an exception.
//
// nlohmann's DOM parser reports a number too large for a double (1e400,
// -1e999) as out_of_range, not parse_error, and without saying where; a
// caller catching only parse_error let it escape as a 500. Here a SAX
// handler wraps the DOM builder and keeps the path of the value being read
// ("attachments[0].size"), so the refusal names the field.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace loudong {

struct StrictJsonOptions {
  // Refuse control characters (core/text.h) in every string and key, naming
  // each field, and store CR LF as LF. On for text people typed (request
  // bodies); off for documents kept as data (SBOMs, advisory records).
  bool text_rule = true;
};

// Malformed JSON: invalid_argument (400) "malformed JSON at byte N", code
// malformed_json. A number out of a double's range: unprocessable (422),
// code out_of_range, field = its path. Refused characters: unprocessable,
// code control_character, one field per string.
Result<nlohmann::json> parse_json_strict(std::string_view text, StrictJsonOptions opts = {});

}  // namespace loudong
