// Opening a data directory: its key file, its store, its services. Shared by
// `serve` and the administrative commands.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/config.h"
#include "core/clock.h"
#include "services/accounts.h"
#include "services/advisories.h"
#include "services/authority.h"
#include "services/cases.h"
#include "services/deliveries.h"
#include "services/exchange.h"
#include "services/federation.h"
#include "services/filings.h"
#include "services/intake.h"
#include "services/products.h"
#include "services/receipt_log.h"
#include "services/triage.h"

namespace loudong::cli {

struct Runtime {
  SystemClock clock;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<services::CheckpointLog> checkpoints;  // DATA/receipts.key and receipts.checkpoints
  std::unique_ptr<services::Context> ctx;
  std::unique_ptr<services::Accounts> accounts;
  std::unique_ptr<services::Intake> intake;
  std::unique_ptr<services::Triage> triage;
  std::unique_ptr<services::Cases> cases;
  std::unique_ptr<services::Filings> filings;
  std::unique_ptr<services::Products> products;
  std::unique_ptr<services::ReceiptLog> receipts;
  std::unique_ptr<services::Exchange> exchange;
  std::unique_ptr<services::Federation> federation;
  std::unique_ptr<services::Authority> authority;
  std::unique_ptr<services::Advisories> advisories;
  std::unique_ptr<services::Deliveries> deliveries;
};

// Creates the data directory (mode 0700) and key files (0600: seal.key,
// receipts.key) when missing, opens and migrates the store. Fails with a
// message naming the path, and refuses a seal.key that is not the one the
// database was sealed with (or a missing one when it holds sealed data).
Result<std::unique_ptr<Runtime>> open_runtime(const Config& c);

// A caller with full rights, for the administrative commands run by the
// machine's operator.
services::Caller system_caller();
// The machine's operator at the command line, named in the access log as
// "cli:<operating-system user>".
services::Caller os_user_caller();

}  // namespace loudong::cli
