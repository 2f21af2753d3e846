// The stored form of an imported advisory record (store::AdvisoryRow::record):
// the original JSON, minified (simdjson), compressed as one zstd frame with
// a fixed dictionary of the OSV and CVE 5 schemas' field names and the
// common reference prefixes, behind a one-byte tag naming that dictionary:
//   0x01 <zstd frame, dictionary 1>
//   0x02 <size: 4 bytes, little-endian> <raw deflate stream>: the original
//        text as a zip archive compressed it, kept as it came: an import
//        from a zip (the usual source: OSV and CVE archives) would
//        otherwise inflate, minify and compress again each record, the
//        largest CPU cost of an import after inflating (~3.5 of ~15 us per
//        record, docs/performance.md); it takes ~40% more space than 0x01.
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
// 0x01, 0x02 or zstd's magic number, so the forms cannot be confused.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace loudong::services {

// Minified and compressed. json_text must be valid JSON (the caller parsed it).
std::string pack_record(std::string_view json_text);
// The stored form of a record that arrived as a raw deflate stream
// (a zip entry) inflating to `size` bytes of valid JSON.
std::string pack_deflated(std::string_view deflate_stream, std::size_t size);
// The JSON text of a stored record; fails for a damaged one.
Result<std::string> unpack_record(std::string_view stored);

}  // namespace loudong::services
