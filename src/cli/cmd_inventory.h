// CLI commands of the inventory: import osv|cve5 PATH, scan SBOM-FILE,
// impact PURL[@RANGE]|ADVISORY-ID, versions compare|contains.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "core/result.h"
#include "services/context.h"

namespace loudong::cli {

// Registers the commands on `app`. add_data adds the --data/--config
// options to a subcommand; open_context opens the data directory (called
// only by commands that need the store; the Context must outlive the
// process's commands). Each command ends the process with its exit code:
// 0 success, 1 scan findings at or above --fail-on, 2 an error.
void add_inventory_commands(CLI::App& app, const std::function<void(CLI::App*)>& add_data,
                            const std::function<Result<services::Context*>()>& open_context);

}  // namespace loudong::cli
