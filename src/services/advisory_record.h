// The stored form of an imported advisory record (store::AdvisoryRow::record):
// the original JSON, minified (simdjson), compressed as one zstd frame with
// a fixed dictionary of the OSV and CVE 5 schemas' field names and the
// common reference prefixes, behind a one-byte tag naming that dictionary:
//   0x01 <zstd frame, dictionary 1>
// Keeping the original bytes, not a re-serialisation, keeps every field of
// the record (those the readers do not map too) and costs nothing to make.
// The dictionary is written from the schemas, not trained on data: OSV
// records are ~1 KB, too small for zstd to learn their keys, and with it a
// record takes about a third less space and time to compress (on the
// benchmark data, 1,140 bytes minified -> 620 without, ~480 with).
// A dictionary is never changed once released: a new one gets a new tag.
//
// unpack_record also takes plain JSON text (records stored before
// compression, migration 2) and a bare zstd frame; no JSON text starts with
// 0x01 or zstd's magic number, so the forms cannot be confused.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace loudong::services {

// Minified and compressed. json_text must be valid JSON (the caller parsed it).
std::string pack_record(std::string_view json_text);
// The JSON text of a stored record; fails for a damaged one.
Result<std::string> unpack_record(std::string_view stored);

}  // namespace loudong::services
