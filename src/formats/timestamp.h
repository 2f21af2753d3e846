// RFC 3339 date-times as the exchange formats write them. Stricter than
// core/time.h's parse_time, which also takes plain dates: OSV and
// CycloneDX require a full date-time, and a reader must refuse others.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace loudong::formats {

// "2024-05-20T20:14:46Z", "...46.954227Z", "...46+08:00" (and lower-case
// t/z). Fraction digits past microseconds are dropped; a leap second ":60"
// is read as ":59". Fails with a message saying what is wrong.
// CVE JSON 5 allows a date-time without an offset, meaning UTC:
// offset_optional accepts that.
enum class Offset { required, optional };
Result<Time> parse_timestamp(std::string_view text, Offset offset = Offset::required);

// UTC with a "Z"; the fraction only when non-zero, without trailing zeros,
// so parse_timestamp(format_timestamp(t)) == t.
std::string format_timestamp(Time t);

}  // namespace loudong::formats
