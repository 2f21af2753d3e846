#include <algorithm>

#include "formats/json_read.h"
#include "formats/osv.h"
#include "formats/timestamp.h"

namespace loudong::formats {

namespace {

using json::Array;
using json::Element;
using json::Object;
using json::Path;

Status read_time(Element e, const Path& p, Time& out) {
  std::string_view s;
  LD_RETURN_IF_ERROR(json::as_string(e, p, s));
  Result<Time> t = parse_timestamp(s);
  if (!t.ok()) return json::error_at(p, "bad_timestamp", t.error().message());
  out = *t;
  return {};
}

Status read_severity(Element e, const Path& p, std::vector<Severity>& out) {
  if (e.is_null()) return {};  // the schema allows null for "none"
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Severity s;
    Element v;
    if (!json::member(o, "type", v)) return json::required(ip.key("type"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("type"), s.type));
    if (!json::member(o, "score", v)) return json::required(ip.key("score"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("score"), s.score));
    out.push_back(std::move(s));
  }
  return {};
}

Status read_event(Element e, const Path& p, Event& out) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  if (o.size() != 1)
    return json::error_at(p, "bad_event",
                          "must have exactly one of introduced, fixed, last_affected, limit (has " +
                              std::to_string(o.size()) + " fields)");
  auto [key, value] = *o.begin();
  if (key == "introduced") out.kind = EventKind::introduced;
  else if (key == "fixed") out.kind = EventKind::fixed;
  else if (key == "last_affected") out.kind = EventKind::last_affected;
  else if (key == "limit") out.kind = EventKind::limit;
  else return json::error_at(p, "unknown_event", "unknown event '" + std::string(key) + "'");
  return json::as_string(value, p.key(key), out.value);
}

Status read_range(Element e, const Path& p, Range& out) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  bool has_type = false, has_events = false;
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    if (key == "type") {
      std::string_view t;
      LD_RETURN_IF_ERROR(json::as_string(value, kp, t));
      if (t == "SEMVER") out.type = RangeType::semver;
      else if (t == "ECOSYSTEM") out.type = RangeType::ecosystem;
      else if (t == "GIT") out.type = RangeType::git;
      else return json::error_at(kp, "bad_enum", "unknown range type '" + std::string(t) + "' (SEMVER, ECOSYSTEM or GIT)");
      has_type = true;
    } else if (key == "repo") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, out.repo));
    } else if (key == "events") {
      Array a;
      LD_RETURN_IF_ERROR(json::as_array(value, kp, a));
      out.events.resize(a.size());
      std::size_t i = 0;
      for (Element ev : a) {
        LD_RETURN_IF_ERROR(read_event(ev, kp.at(i), out.events[i]));
        ++i;
      }
      has_events = true;
    } else if (key == "database_specific") {
      LD_RETURN_IF_ERROR(json::raw_object(value, kp, out.database_specific));
    }
  }
  if (!has_type) return json::required(p.key("type"));
  if (!has_events) return json::required(p.key("events"));
  auto has = [&](EventKind k) {
    return std::any_of(out.events.begin(), out.events.end(), [k](const Event& ev) { return ev.kind == k; });
  };
  if (!has(EventKind::introduced))
    return json::error_at(p.key("events"), "no_introduced", "must contain an introduced event");
  if (has(EventKind::fixed) && has(EventKind::last_affected))
    return json::error_at(p.key("events"), "fixed_and_last_affected",
                          "must not contain both fixed and last_affected events");
  if (out.type == RangeType::git && out.repo.empty())
    return json::error_at(p.key("repo"), "required", "is required for a GIT range");
  return {};
}

Status read_package(Element e, const Path& p, Package& out) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  bool has_eco = false, has_name = false;
  for (auto [key, value] : o) {
    if (key == "ecosystem") {
      LD_RETURN_IF_ERROR(json::as_string(value, p.key(key), out.ecosystem));
      has_eco = true;
    } else if (key == "name") {
      LD_RETURN_IF_ERROR(json::as_string(value, p.key(key), out.name));
      has_name = true;
    } else if (key == "purl") {
      LD_RETURN_IF_ERROR(json::as_string(value, p.key(key), out.purl));
    }
  }
  if (!has_eco) return json::required(p.key("ecosystem"));
  if (!has_name) return json::required(p.key("name"));
  return {};
}

Status read_affected(Element e, const Path& p, Affected& out) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    if (key == "package") {
      LD_RETURN_IF_ERROR(read_package(value, kp, out.package));
    } else if (key == "severity") {
      LD_RETURN_IF_ERROR(read_severity(value, kp, out.severity));
    } else if (key == "ranges") {
      Array a;
      LD_RETURN_IF_ERROR(json::as_array(value, kp, a));
      out.ranges.resize(a.size());
      std::size_t i = 0;
      for (Element r : a) {
        LD_RETURN_IF_ERROR(read_range(r, kp.at(i), out.ranges[i]));
        ++i;
      }
    } else if (key == "versions") {
      LD_RETURN_IF_ERROR(json::string_array(value, kp, out.versions));
    } else if (key == "ecosystem_specific") {
      LD_RETURN_IF_ERROR(json::raw_object(value, kp, out.ecosystem_specific));
    } else if (key == "database_specific") {
      LD_RETURN_IF_ERROR(json::raw_object(value, kp, out.database_specific));
    }
  }
  return {};
}

Status read_references(Element e, const Path& p, std::vector<Reference>& out) {
  if (e.is_null()) return {};
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  out.reserve(a.size());
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Reference r;
    Element v;
    if (!json::member(o, "type", v)) return json::required(ip.key("type"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("type"), r.type));
    if (!json::member(o, "url", v)) return json::required(ip.key("url"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("url"), r.url));
    out.push_back(std::move(r));
  }
  return {};
}

Status read_credits(Element e, const Path& p, std::vector<Credit>& out) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Credit c;
    bool has_name = false;
    for (auto [key, value] : o) {
      if (key == "name") {
        LD_RETURN_IF_ERROR(json::as_string(value, ip.key(key), c.name));
        has_name = true;
      } else if (key == "contact") {
        LD_RETURN_IF_ERROR(json::string_array(value, ip.key(key), c.contact));
      } else if (key == "type") {
        LD_RETURN_IF_ERROR(json::as_string(value, ip.key(key), c.type));
      }
    }
    if (!has_name) return json::required(ip.key("name"));
    out.push_back(std::move(c));
  }
  return {};
}

// GHSA and others keep CWE ids in database_specific.cwe_ids.
void collect_cwes(Element db, std::vector<std::string>& out) {
  Element ids;
  Array a;
  if (db.at_key("cwe_ids").get(ids) || ids.get_array().get(a)) return;
  for (Element id : a) {
    std::string_view s;
    if (!id.get_string().get(s)) out.emplace_back(s);
  }
}

Status read_document(Element doc, Advisory& adv) {
  Path root;
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(doc, root, o));
  bool has_id = false, has_modified = false;
  for (auto [key, value] : o) {
    Path kp = root.key(key);
    if (key == "id") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, adv.id));
      if (adv.id.empty()) return json::error_at(kp, "empty", "must not be empty");
      has_id = true;
    } else if (key == "modified") {
      LD_RETURN_IF_ERROR(read_time(value, kp, adv.modified));
      has_modified = true;
    } else if (key == "published") {
      LD_RETURN_IF_ERROR(read_time(value, kp, adv.published.emplace()));
    } else if (key == "withdrawn") {
      LD_RETURN_IF_ERROR(read_time(value, kp, adv.withdrawn.emplace()));
    } else if (key == "schema_version") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, adv.schema_version));
    } else if (key == "aliases") {
      LD_RETURN_IF_ERROR(json::string_array(value, kp, adv.aliases, /*null_ok=*/true));
    } else if (key == "related") {
      LD_RETURN_IF_ERROR(json::string_array(value, kp, adv.related));
    } else if (key == "upstream") {
      LD_RETURN_IF_ERROR(json::string_array(value, kp, adv.upstream));
    } else if (key == "summary") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, adv.summary));
    } else if (key == "details") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, adv.details));
    } else if (key == "severity") {
      LD_RETURN_IF_ERROR(read_severity(value, kp, adv.severity));
    } else if (key == "affected") {
      if (value.is_null()) continue;
      Array a;
      LD_RETURN_IF_ERROR(json::as_array(value, kp, a));
      adv.affected.resize(a.size());
      std::size_t i = 0;
      for (Element item : a) {
        LD_RETURN_IF_ERROR(read_affected(item, kp.at(i), adv.affected[i]));
        ++i;
      }
    } else if (key == "references") {
      LD_RETURN_IF_ERROR(read_references(value, kp, adv.references));
    } else if (key == "credits") {
      LD_RETURN_IF_ERROR(read_credits(value, kp, adv.credits));
    } else if (key == "database_specific") {
      LD_RETURN_IF_ERROR(json::raw_object(value, kp, adv.database_specific));
      collect_cwes(value, adv.cwes);
    }
  }
  if (!has_id) return json::required(root.key("id"));
  if (!has_modified) return json::required(root.key("modified"));
  return {};
}

}  // namespace

Result<Advisory> read_osv(std::string_view json_text) {
  LD_ASSIGN_OR_RETURN(Element doc, json::parse(json::thread_parser(), json_text));
  Advisory adv;
  adv.source = SourceFormat::osv;
  LD_RETURN_IF_ERROR(read_document(doc, adv));
  return adv;
}

}  // namespace loudong::formats
