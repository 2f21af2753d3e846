// What the Inventory's source files share (inventory.cpp, inventory_feed.cpp).
#pragma once

#include "core/result.h"
#include "formats/advisory.h"
#include "match/index.h"
#include "store/store.h"

namespace loudong::services {

// The stored record (services/advisory_record.h) parsed back.
Result<formats::Advisory> parse_row(const store::AdvisoryRow& r);
// A stored SBOM component as the index matches it.
match::ComponentRef ref_of(const store::ComponentRow& r);

}  // namespace loudong::services
