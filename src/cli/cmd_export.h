// `loudong export ...`: the exporters (formats/exports.h) on advisories
// read from files (formats/advisory_json.h), with no server and no data
// directory, so that people and tests can produce and check the documents,
// or on a published advisory of the data directory:
//   export csaf|cve5|osv --advisory FILE [publisher flags] [--out FILE]
//   export csaf|cve5|osv REF-or-CASE-ID [--data DIR] [--cna-org-id UUID] [--out FILE]
//   export provider-metadata [publisher flags]
//   export rolie|changes|index|atom --advisory FILE [--advisory FILE ...]
// Exit 0 with the document on stdout (or in --out), 2 with the error on
// stderr naming the field, or why the stored advisory is not exported
// (unknown, not published, withdrawn, not TLP:CLEAR, no CVE id).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/config.h"
#include "core/result.h"
#include "services/context.h"

namespace loudong::cli {

// add_data and open_context as for the inventory commands (cmd_inventory.h);
// `config` is the loaded configuration once open_context has run (its
// public URL and platform.cna_org_id name the publisher, as the server does).
void add_export_commands(CLI::App& app, const std::function<void(CLI::App*)>& add_data,
                         const std::function<Result<services::Context*>()>& open_context, const Config& config);

}  // namespace loudong::cli
