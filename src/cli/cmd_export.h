// `loudong export ...`: the exporters (formats/exports.h) on advisories
// read from files (formats/advisory_json.h), with no server and no data
// directory, so that people and tests can produce and check the documents:
//   export csaf|cve5|osv --advisory FILE [publisher flags] [--out FILE]
//   export provider-metadata [publisher flags]
//   export rolie|changes|index|atom --advisory FILE [--advisory FILE ...]
// Exit 0 with the document on stdout (or in --out), 2 with the error on
// stderr naming the field. (A later change lets it take a stored advisory's
// id as well.)
#pragma once

#include <CLI/CLI.hpp>

namespace loudong::cli {

void add_export_commands(CLI::App& app);

}  // namespace loudong::cli
