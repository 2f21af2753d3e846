// External identifiers (R-IDS): the ids other registries gave the same flaw,
// kept on a case and its advisory, searchable, and carried into every export.
//
// One table (external_ids.cpp) holds each scheme's prefix and shape; every
// place an id is entered (case details, the advisory editor, an advisory
// document read back) checks through external_id_problems, so the rule is
// the same everywhere. The table test tests/data/domain/external_ids.txt
// lists inputs and the expected scheme or error code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace loudong::domain {

struct ExternalIdScheme {
  std::string_view name;     // "CVE", "CNVD", ... (also the id's prefix before '-')
  std::string_view pattern;  // ECMAScript regex the whole id must match
  std::string_view shape;    // shown in errors: "CVE-YYYY-NNNN (4 or more digits)"
  std::string_view page;     // the registry's public page is page + id; empty when it has none
};

const std::vector<ExternalIdScheme>& external_id_schemes();

// The scheme an id is well formed for, or nullopt.
std::optional<std::string_view> external_id_scheme(std::string_view id);

// The registry's public page for an id ("https://www.cve.org/CVERecord?id=CVE-..."),
// or "" for a scheme without public pages or an id of no known scheme.
std::string external_id_url(std::string_view id);

// Why `id` is refused: code "unknown_scheme" (no known prefix),
// "bad_identifier" (a known prefix, the wrong shape; the message gives the
// shape), or nullopt when it is valid.
std::optional<FieldError> external_id_problem(std::string_view id, const std::string& field);

// Every problem of a list: each bad id as "<field>[i]", and a repeated id
// as "duplicate". The list itself may be empty.
std::vector<FieldError> external_id_problems(const std::vector<std::string>& ids,
                                             const std::string& field = "external_ids");

// The search key of a typed query that looks like an external id
// ("cve-2021-44228 " -> "CVE-2021-44228"), or nullopt: searches compare
// the stored ids with it exactly, so a CVE id never matches as a substring
// of a longer one.
std::optional<std::string> external_id_search_key(std::string_view text);

}  // namespace loudong::domain
