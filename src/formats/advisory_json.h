// domain::Advisory (the published advisory, domain/advisory.h) as JSON, so
// that `loudong export` can take an advisory from a file and tests can keep
// sample advisories as data.
//
// The JSON mirrors the struct: one member per field, with the same names;
// texts as {"title", "summary", "impact", "existence_statement",
// "detection", "solution"} under "zh" and "en"; times as RFC 3339 strings
// ("2026-11-22T03:16:00Z"); grade as its code ("critical", "high", ...; the
// English or Chinese name is read too); state as "draft", "published", ...
//
// Reading is strict, since a typo in a file someone wrote by hand must not
// silently drop a field from a public document: unknown members, wrong JSON
// types, bad times, grades, states and ids are refused with an Error naming
// the field ("affected[1].versions[0]: expected a string"). Absent members
// keep the struct's defaults. Malformed JSON and control characters are
// refused by core/json_strict.h.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "domain/advisory.h"

namespace loudong::formats {

// Every field, also empty ones, so the output documents the format.
nlohmann::json advisory_to_json(const domain::Advisory& a);

// advisory_from_json(advisory_to_json(a).dump()) == a, up to sub-second
// digits of times (written to the microsecond, so none are lost).
Result<domain::Advisory> advisory_from_json(std::string_view text);
Result<domain::Advisory> advisory_from_json_value(const nlohmann::json& j);

}  // namespace loudong::formats
