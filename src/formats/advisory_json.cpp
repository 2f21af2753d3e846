#include "formats/advisory_json.h"

#include <set>

#include "core/json_strict.h"
#include "formats/timestamp.h"

namespace loudong::formats {

namespace {

using nlohmann::json;

json time_json(Time t) { return format_timestamp(t); }
json opt_time_json(const std::optional<Time>& t) { return t ? json(format_timestamp(*t)) : json(nullptr); }

json text_json(const domain::AdvisoryText& t) {
  return {{"title", t.title},
          {"summary", t.summary},
          {"impact", t.impact},
          {"existence_statement", t.existence_statement},
          {"detection", t.detection},
          {"solution", t.solution}};
}

// Reads one object's members, checking types and refusing unknown members.
// Each accessor records the member as known; finish() reports the others.
class ObjectReader {
 public:
  ObjectReader(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  Status check_object() const {
    if (!j_.is_object()) return Error::field(where(""), "bad_type", "expected an object");
    return {};
  }

  std::string where(std::string_view key) const {
    if (key.empty()) return path_.empty() ? "(document)" : path_;
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  // nullptr when absent or null: the struct's default stays.
  const json* member(std::string_view key) {
    known_.insert(std::string(key));
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  Status str(std::string_view key, std::string& out) {
    const json* v = member(key);
    if (!v) return {};
    if (!v->is_string()) return Error::field(where(key), "bad_type", "expected a string");
    out = v->get<std::string>();
    return {};
  }

  Status integer(std::string_view key, std::int64_t& out) {
    const json* v = member(key);
    if (!v) return {};
    if (!v->is_number_integer()) return Error::field(where(key), "bad_type", "expected an integer");
    out = v->get<std::int64_t>();
    return {};
  }

  Status opt_integer(std::string_view key, std::optional<std::int64_t>& out) {
    const json* v = member(key);
    if (!v) return {};
    if (!v->is_number_integer()) return Error::field(where(key), "bad_type", "expected an integer");
    out = v->get<std::int64_t>();
    return {};
  }

  Status opt_number(std::string_view key, std::optional<double>& out) {
    const json* v = member(key);
    if (!v) return {};
    if (!v->is_number()) return Error::field(where(key), "bad_type", "expected a number");
    out = v->get<double>();
    return {};
  }

  Status time(std::string_view key, Time& out) {
    std::optional<Time> t;
    LD_RETURN_IF_ERROR(opt_time(key, t));
    if (t) out = *t;
    return {};
  }

  Status opt_time(std::string_view key, std::optional<Time>& out) {
    std::string s;
    LD_RETURN_IF_ERROR(str(key, s));
    if (s.empty()) return {};
    auto t = parse_timestamp(s);
    if (!t.ok()) return Error::field(where(key), "bad_timestamp", t.error().message());
    out = *t;
    return {};
  }

  Status strings(std::string_view key, std::vector<std::string>& out) {
    const json* v = member(key);
    if (!v) return {};
    if (!v->is_array()) return Error::field(where(key), "bad_type", "expected an array of strings");
    out.clear();
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string())
        return Error::field(where(key) + "[" + std::to_string(i) + "]", "bad_type", "expected a string");
      out.push_back((*v)[i].get<std::string>());
    }
    return {};
  }

  // Each element of an array member through fn(element, path).
  template <class Fn>
  Status each(std::string_view key, Fn fn) {
    const json* v = member(key);
    if (!v) return {};
    if (!v->is_array()) return Error::field(where(key), "bad_type", "expected an array");
    for (std::size_t i = 0; i < v->size(); ++i)
      LD_RETURN_IF_ERROR(fn((*v)[i], where(key) + "[" + std::to_string(i) + "]"));
    return {};
  }

  Status finish() const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!known_.count(it.key()))
        return Error::field(where(it.key()), "unknown_field", "unknown field (a typo? see formats/advisory_json.h)");
    return {};
  }

 private:
  const json& j_;
  std::string path_;
  std::set<std::string, std::less<>> known_;
};

Status read_text(const json& j, const std::string& path, domain::AdvisoryText& t) {
  ObjectReader r(j, path);
  LD_RETURN_IF_ERROR(r.check_object());
  LD_RETURN_IF_ERROR(r.str("title", t.title));
  LD_RETURN_IF_ERROR(r.str("summary", t.summary));
  LD_RETURN_IF_ERROR(r.str("impact", t.impact));
  LD_RETURN_IF_ERROR(r.str("existence_statement", t.existence_statement));
  LD_RETURN_IF_ERROR(r.str("detection", t.detection));
  LD_RETURN_IF_ERROR(r.str("solution", t.solution));
  return r.finish();
}

Status read_affected(const json& j, const std::string& path, domain::AffectedProduct& p) {
  ObjectReader r(j, path);
  LD_RETURN_IF_ERROR(r.check_object());
  LD_RETURN_IF_ERROR(r.opt_integer("product_id", p.product_id));
  LD_RETURN_IF_ERROR(r.str("vendor", p.vendor));
  LD_RETURN_IF_ERROR(r.str("name", p.name));
  LD_RETURN_IF_ERROR(r.str("purl", p.purl));
  LD_RETURN_IF_ERROR(r.str("cpe", p.cpe));
  LD_RETURN_IF_ERROR(r.str("range", p.range));
  LD_RETURN_IF_ERROR(r.strings("versions", p.versions));
  LD_RETURN_IF_ERROR(r.str("fixed_version", p.fixed_version));
  LD_RETURN_IF_ERROR(r.str("app_platform", p.app_platform));
  LD_RETURN_IF_ERROR(r.str("app_id", p.app_id));
  LD_RETURN_IF_ERROR(r.str("app_store_version", p.app_store_version));
  return r.finish();
}

Status read_credit(const json& j, const std::string& path, domain::Credit& c) {
  ObjectReader r(j, path);
  LD_RETURN_IF_ERROR(r.check_object());
  LD_RETURN_IF_ERROR(r.str("name", c.name));
  LD_RETURN_IF_ERROR(r.str("role", c.role));
  LD_RETURN_IF_ERROR(r.opt_integer("user_id", c.user_id));
  static const std::set<std::string, std::less<>> roles{"finder", "coordinator", "remediation_developer", "other"};
  if (!roles.count(c.role))
    return Error::field(r.where("role"), "bad_value",
                        "'" + c.role + "' is not a role (finder, coordinator, remediation_developer, other)");
  return r.finish();
}

Status read_reference(const json& j, const std::string& path, domain::Reference& ref) {
  ObjectReader r(j, path);
  LD_RETURN_IF_ERROR(r.check_object());
  LD_RETURN_IF_ERROR(r.str("url", ref.url));
  LD_RETURN_IF_ERROR(r.str("kind", ref.kind));
  LD_RETURN_IF_ERROR(r.str("summary", ref.summary));
  static const std::set<std::string, std::less<>> kinds{"advisory", "fix", "report", "web"};
  if (!kinds.count(ref.kind))
    return Error::field(r.where("kind"), "bad_value", "'" + ref.kind + "' is not a kind (advisory, fix, report, web)");
  if (ref.url.empty()) return Error::field(r.where("url"), "required", "is required");
  return r.finish();
}

Status read_revision(const json& j, const std::string& path, domain::AdvisoryRevision& v) {
  ObjectReader r(j, path);
  LD_RETURN_IF_ERROR(r.check_object());
  std::int64_t n = v.number;
  LD_RETURN_IF_ERROR(r.integer("number", n));
  if (n < 1 || n > 1000000) return Error::field(r.where("number"), "bad_value", "a revision number is 1 or more");
  v.number = static_cast<int>(n);
  LD_RETURN_IF_ERROR(r.time("at", v.at));
  LD_RETURN_IF_ERROR(r.str("by", v.by));
  LD_RETURN_IF_ERROR(r.str("change", v.change));
  return r.finish();
}

}  // namespace

json advisory_to_json(const domain::Advisory& a) {
  json affected = json::array();
  for (const auto& p : a.affected)
    affected.push_back({{"product_id", p.product_id ? json(*p.product_id) : json(nullptr)},
                        {"vendor", p.vendor},
                        {"name", p.name},
                        {"purl", p.purl},
                        {"cpe", p.cpe},
                        {"range", p.range},
                        {"versions", p.versions},
                        {"fixed_version", p.fixed_version},
                        {"app_platform", p.app_platform},
                        {"app_id", p.app_id},
                        {"app_store_version", p.app_store_version}});
  json credits = json::array();
  for (const auto& c : a.credits)
    credits.push_back({{"name", c.name}, {"role", c.role}, {"user_id", c.user_id ? json(*c.user_id) : json(nullptr)}});
  json refs = json::array();
  for (const auto& r : a.references) refs.push_back({{"url", r.url}, {"kind", r.kind}, {"summary", r.summary}});
  json history = json::array();
  for (const auto& h : a.history)
    history.push_back({{"number", h.number}, {"at", time_json(h.at)}, {"by", h.by}, {"change", h.change}});
  auto num = [](const std::optional<double>& d) { return d ? json(*d) : json(nullptr); };
  return {{"id", a.id},
          {"case_id", a.case_id},
          {"ref", a.ref},
          {"state", name_of(a.state)},
          {"zh", text_json(a.zh)},
          {"en", text_json(a.en)},
          {"grade", a.grade ? json(assessment::grade_code(*a.grade)) : json(nullptr)},
          {"cvss31_vector", a.cvss31_vector},
          {"cvss31_score", num(a.cvss31_score)},
          {"cvss40_vector", a.cvss40_vector},
          {"cvss40_score", num(a.cvss40_score)},
          {"cwe", a.cwe ? json(*a.cwe) : json(nullptr)},
          {"gbt_class", a.gbt_class},
          {"affected", affected},
          {"credits", credits},
          {"references", refs},
          {"external_ids", a.external_ids},
          {"publisher", a.publisher},
          {"verifier", a.verifier},
          {"tlp", a.tlp},
          {"revision", a.revision},
          {"published_at", opt_time_json(a.published_at)},
          {"history", history},
          {"created_at", time_json(a.created_at)},
          {"updated_at", time_json(a.updated_at)}};
}

Result<domain::Advisory> advisory_from_json_value(const json& j) {
  domain::Advisory a;
  ObjectReader r(j, "");
  LD_RETURN_IF_ERROR(r.check_object());
  LD_RETURN_IF_ERROR(r.integer("id", a.id));
  LD_RETURN_IF_ERROR(r.integer("case_id", a.case_id));
  LD_RETURN_IF_ERROR(r.str("ref", a.ref));
  if (a.ref.empty()) return Error::field("ref", "required", "is required (the advisory's public identifier)");
  std::string state = std::string(name_of(a.state));
  LD_RETURN_IF_ERROR(r.str("state", state));
  auto st = parse_enum<domain::AdvisoryState>(state);
  if (!st)
    return Error::field("state", "bad_value",
                        "'" + state + "' is not a state (" + allowed_names<domain::AdvisoryState>() + ")");
  a.state = *st;
  if (const json* t = r.member("zh")) LD_RETURN_IF_ERROR(read_text(*t, "zh", a.zh));
  if (const json* t = r.member("en")) LD_RETURN_IF_ERROR(read_text(*t, "en", a.en));
  std::string grade;
  LD_RETURN_IF_ERROR(r.str("grade", grade));
  if (!grade.empty()) {
    LD_ASSIGN_OR_RETURN(a.grade, assessment::parse_grade(grade, "grade"));
  }
  LD_RETURN_IF_ERROR(r.str("cvss31_vector", a.cvss31_vector));
  LD_RETURN_IF_ERROR(r.opt_number("cvss31_score", a.cvss31_score));
  LD_RETURN_IF_ERROR(r.str("cvss40_vector", a.cvss40_vector));
  LD_RETURN_IF_ERROR(r.opt_number("cvss40_score", a.cvss40_score));
  std::optional<std::int64_t> cwe;
  LD_RETURN_IF_ERROR(r.opt_integer("cwe", cwe));
  if (cwe) {
    if (*cwe < 1 || *cwe > 100000) return Error::field("cwe", "bad_value", "a CWE number such as 79 (for CWE-79)");
    a.cwe = static_cast<int>(*cwe);
  }
  LD_RETURN_IF_ERROR(r.str("gbt_class", a.gbt_class));
  LD_RETURN_IF_ERROR(r.each("affected", [&](const json& e, const std::string& p) -> Status {
    LD_RETURN_IF_ERROR(read_affected(e, p, a.affected.emplace_back()));
    return {};
  }));
  LD_RETURN_IF_ERROR(r.each("credits", [&](const json& e, const std::string& p) -> Status {
    return read_credit(e, p, a.credits.emplace_back());
  }));
  LD_RETURN_IF_ERROR(r.each("references", [&](const json& e, const std::string& p) -> Status {
    return read_reference(e, p, a.references.emplace_back());
  }));
  LD_RETURN_IF_ERROR(r.strings("external_ids", a.external_ids));
  LD_RETURN_IF_ERROR(r.str("publisher", a.publisher));
  LD_RETURN_IF_ERROR(r.str("verifier", a.verifier));
  LD_RETURN_IF_ERROR(r.str("tlp", a.tlp));
  std::int64_t revision = 0;
  LD_RETURN_IF_ERROR(r.integer("revision", revision));
  if (revision < 0 || revision > 1000000) return Error::field("revision", "bad_value", "0 or more");
  a.revision = static_cast<int>(revision);
  LD_RETURN_IF_ERROR(r.opt_time("published_at", a.published_at));
  LD_RETURN_IF_ERROR(r.each("history", [&](const json& e, const std::string& p) -> Status {
    return read_revision(e, p, a.history.emplace_back());
  }));
  LD_RETURN_IF_ERROR(r.time("created_at", a.created_at));
  LD_RETURN_IF_ERROR(r.time("updated_at", a.updated_at));
  LD_RETURN_IF_ERROR(r.finish());
  return a;
}

Result<domain::Advisory> advisory_from_json(std::string_view text) {
  LD_ASSIGN_OR_RETURN(json j, parse_json_strict(text));
  return advisory_from_json_value(j);
}

}  // namespace loudong::formats
