// What a finder sees of the work on their report (R-INTERNAL: least privilege).
//
// A finder reads their own report's thread: their own replies, and what staff
// addressed to finders. When duplicates are joined into one case, each finder
// still sees only their own thread, never another finder's replies or name.
// Staff appear by role ("coordinator", "provider"), never by user name, and
// internal steps (clock bookkeeping, internal notes) are left out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/entities.h"

namespace loudong::domain {

// The finder's own report, as these rules need it.
struct FinderThread {
  Id report_id = 0;
  std::optional<Id> submitter_user_id;  // when the finder was signed in
  // Finder replies written before replies carried their report (a joined
  // case's replies had only the case id) are attributed by author; when the
  // case holds this report alone, they can only be this finder's.
  bool sole_report_of_case = true;
};

// Whether the message belongs in this finder's thread.
bool finder_sees_message(const FinderThread& t, const Message& m);

// The label a finder sees for a message's author: "finder" for finder
// replies, "provider" when the author belongs to the case's provider (and
// not to intake), otherwise "coordinator".
std::string finder_author_label(const Message& m, bool author_is_provider_staff);

// The report's timeline as its finder may read it: receipts, state changes,
// the finder's replies and messages addressed to finders, each with the actor
// shown as a role and without internal data.
std::vector<Event> finder_timeline(const FinderThread& t, std::vector<Event> events);

}  // namespace loudong::domain
