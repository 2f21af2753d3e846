#include "domain/finder_view.h"

namespace loudong::domain {
namespace {

bool addressed_to_finders(Visibility v) { return v == Visibility::finder || v == Visibility::all; }

// Events carry their details as a JSON object text; only the visibility of a
// staff message matters here, so a substring test on the writer's own fixed
// format is enough (the domain takes no JSON dependency).
std::optional<Visibility> message_visibility(const std::string& data_json) {
  if (data_json.find("\"visibility\":\"finder\"") != std::string::npos) return Visibility::finder;
  if (data_json.find("\"visibility\":\"all\"") != std::string::npos) return Visibility::all;
  if (data_json.find("\"visibility\":\"") != std::string::npos) return Visibility::coordinators;
  return std::nullopt;
}

}  // namespace

bool finder_sees_message(const FinderThread& t, const Message& m) {
  if (!m.from_finder) return addressed_to_finders(m.visibility);
  if (m.report_id) return *m.report_id == t.report_id;
  if (t.submitter_user_id && m.author_user_id) return *m.author_user_id == *t.submitter_user_id;
  return t.sole_report_of_case;
}

std::string finder_author_label(const Message& m, bool author_is_provider_staff) {
  if (m.from_finder) return "finder";
  return author_is_provider_staff ? "provider" : "coordinator";
}

std::vector<Event> finder_timeline(const FinderThread& t, std::vector<Event> events) {
  std::vector<Event> out;
  for (auto& e : events) {
    bool keep = false;
    if (e.kind == "received" || e.kind == "transition" || e.kind == "finder_reply") keep = true;
    if (e.kind == "message") {
      auto v = message_visibility(e.data_json);
      keep = v && addressed_to_finders(*v);
    }
    if (!keep) continue;
    bool by_finder = e.kind == "finder_reply" || e.actor_name.rfind("finder:", 0) == 0 ||
                     (t.submitter_user_id && e.actor_user_id && *e.actor_user_id == *t.submitter_user_id) ||
                     (e.kind == "received" && !e.actor_user_id);
    e.actor_name = by_finder ? "finder" : "coordinator";
    e.actor_user_id.reset();
    e.data_json = "{}";
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace loudong::domain
