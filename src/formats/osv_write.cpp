#include "formats/json_write.h"
#include "formats/osv.h"
#include "formats/timestamp.h"

namespace loudong::formats {

namespace {

void write_severity(JsonWriter& w, const std::vector<Severity>& list) {
  if (list.empty()) return;
  w.key("severity").begin_array();
  for (const auto& s : list) w.begin_object().key("type").value(s.type).key("score").value(s.score).end_object();
  w.end_array();
}

void write_range(JsonWriter& w, const Range& r) {
  w.begin_object().key("type").value(range_type_name(r.type));
  w.field("repo", r.repo);
  w.key("events").begin_array();
  for (const auto& e : r.events) w.begin_object().key(event_kind_name(e.kind)).value(e.value).end_object();
  w.end_array();
  w.field_raw("database_specific", r.database_specific);
  w.end_object();
}

void write_affected(JsonWriter& w, const Affected& a) {
  w.begin_object();
  // package is optional in OSV, but an entry without one is meaningless
  // to the platform; an empty package is what read_osv gives for "absent".
  if (!a.package.ecosystem.empty() || !a.package.name.empty() || !a.package.purl.empty()) {
    w.key("package").begin_object();
    w.key("ecosystem").value(a.package.ecosystem).key("name").value(a.package.name);
    w.field("purl", a.package.purl);
    w.end_object();
  }
  write_severity(w, a.severity);
  if (!a.ranges.empty()) {
    w.key("ranges").begin_array();
    for (const auto& r : a.ranges) write_range(w, r);
    w.end_array();
  }
  w.field("versions", a.versions);
  w.field_raw("ecosystem_specific", a.ecosystem_specific);
  w.field_raw("database_specific", a.database_specific);
  w.end_object();
}

// A CVE-sourced record's CWEs have no OSV field of their own; OSV
// databases (GHSA) keep them as database_specific.cwe_ids.
std::string database_specific_of(const Advisory& a) {
  if (!a.database_specific.empty() || a.cwes.empty()) return a.database_specific;
  JsonWriter w;
  w.begin_object().field("cwe_ids", a.cwes).end_object();
  return std::move(w).str();
}

}  // namespace

std::string write_osv(const Advisory& a) {
  JsonWriter w;
  w.begin_object();
  w.field("schema_version", a.schema_version);
  w.key("id").value(a.id);
  w.key("modified").value(format_timestamp(a.modified));
  if (a.published) w.key("published").value(format_timestamp(*a.published));
  if (a.withdrawn) w.key("withdrawn").value(format_timestamp(*a.withdrawn));
  w.field("aliases", a.aliases);
  w.field("related", a.related);
  w.field("upstream", a.upstream);
  w.field("summary", a.summary);
  w.field("details", a.details);
  write_severity(w, a.severity);
  if (!a.affected.empty()) {
    w.key("affected").begin_array();
    for (const auto& af : a.affected) write_affected(w, af);
    w.end_array();
  }
  if (!a.references.empty()) {
    w.key("references").begin_array();
    for (const auto& r : a.references) w.begin_object().key("type").value(r.type).key("url").value(r.url).end_object();
    w.end_array();
  }
  if (!a.credits.empty()) {
    w.key("credits").begin_array();
    for (const auto& c : a.credits) {
      w.begin_object().key("name").value(c.name);
      w.field("contact", c.contact);
      w.field("type", c.type);
      w.end_object();
    }
    w.end_array();
  }
  w.field_raw("database_specific", database_specific_of(a));
  w.end_object();
  return std::move(w).str();
}

}  // namespace loudong::formats
