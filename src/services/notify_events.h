// The notifications each change causes, with their texts in Chinese and
// English. Called inside the transaction of the change (notifications.h).
#pragma once

#include "services/common.h"
#include "services/notifications.h"

namespace loudong::services {

// A report arrived: the product's provider, or the host organisation's
// intake staff when no known product is named.
Status notify_report_received(store::WriteTx& tx, const Context& ctx, Time now, const domain::Report& r);

// A report moved: its finder by email (the signed-in finder's address, or
// the contact an anonymous finder gave), and the organisation's webhooks.
Status notify_report_state(store::WriteTx& tx, const Context& ctx, Time now, const domain::Report& r,
                           const std::string& from, const std::string& to, const std::string& reason);

// A case moved: case.state_changed, and case.confirmed when it was confirmed.
Status notify_case_state(store::WriteTx& tx, const Context& ctx, Time now, const domain::Case& c,
                         const std::string& from, const std::string& to);

// A clock entered due_soon or overdue (once per clock and state). Overdue
// clocks reach the organisation's admins whatever their preferences.
Status notify_clock(store::WriteTx& tx, const Context& ctx, Time now, const store::RunningClock& rc,
                    domain::ClockState state, std::optional<domain::Id> org,
                    std::optional<assessment::Grade> grade);

// Product versions found affected after confirmation owe their customers a
// notice (R-FIX-NOTIFY): tell the provider.
Status notify_user_notice_owed(store::WriteTx& tx, const Context& ctx, Time now, const domain::Case& c, int count);

// Sweeps running clocks: each one that is due_soon or overdue at `now` and
// was not alerted in that state yet gets its notification. Returns how many.
Result<int> sweep_clock_alerts(Context& ctx);

}  // namespace loudong::services
