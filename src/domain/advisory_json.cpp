#include "domain/advisory_json.h"

#include "core/time.h"

namespace loudong::domain {
namespace {

using nlohmann::json;

json text_json(const AdvisoryText& t) {
  return {{"title", t.title},
          {"summary", t.summary},
          {"impact", t.impact},
          {"existence_statement", t.existence_statement},
          {"detection", t.detection},
          {"solution", t.solution}};
}

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// Reading: every member optional; a present one must have the right type.
struct Reader {
  std::string error;  // "member: expected a string" for the first problem

  void fail(const std::string& where, const char* what) {
    if (error.empty()) error = where + ": expected " + what;
  }
  void str(const json& j, const char* k, std::string& out, const std::string& at) {
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_string()) return fail(at + k, "a string");
    out = it->get<std::string>();
  }
  void strings(const json& j, const char* k, std::vector<std::string>& out, const std::string& at) {
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_array()) return fail(at + k, "an array of strings");
    out.clear();
    for (const auto& x : *it) {
      if (!x.is_string()) return fail(at + k, "an array of strings");
      out.push_back(x.get<std::string>());
    }
  }
  void number(const json& j, const char* k, std::optional<double>& out, const std::string& at) {
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_number()) return fail(at + k, "a number");
    out = it->get<double>();
  }
  void integer(const json& j, const char* k, std::optional<std::int64_t>& out, const std::string& at) {
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_number_integer()) return fail(at + k, "an integer");
    out = it->get<std::int64_t>();
  }
  void time(const json& j, const char* k, std::optional<Time>& out, const std::string& at) {
    std::string s;
    str(j, k, s, at);
    if (s.empty()) return;
    auto t = parse_time(s);
    if (!t.ok()) return fail(at + k, "an RFC 3339 time");
    out = *t;
  }
  void text(const json& j, const char* k, AdvisoryText& t) {
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_object()) return fail(k, "an object");
    std::string at = std::string(k) + ".";
    str(*it, "title", t.title, at);
    str(*it, "summary", t.summary, at);
    str(*it, "impact", t.impact, at);
    str(*it, "existence_statement", t.existence_statement, at);
    str(*it, "detection", t.detection, at);
    str(*it, "solution", t.solution, at);
  }
  // Calls `each(item, "key[i].")` for every object of an array member.
  template <class F>
  void objects(const json& j, const char* k, F each) {
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_array()) return fail(k, "an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const auto& x = (*it)[i];
      std::string at = std::string(k) + "[" + std::to_string(i) + "].";
      if (!x.is_object()) return fail(at, "an object");
      each(x, at);
    }
  }
};

}  // namespace

json advisory_to_json(const Advisory& a) {
  json j;
  j["id"] = a.id;
  j["case_id"] = a.case_id;
  j["ref"] = a.ref;
  j["state"] = name_of(a.state);
  j["zh"] = text_json(a.zh);
  j["en"] = text_json(a.en);
  j["grade"] = a.grade ? json(assessment::grade_code(*a.grade)) : json(nullptr);
  j["cvss31_vector"] = a.cvss31_vector;
  j["cvss31_score"] = opt(a.cvss31_score);
  j["cvss40_vector"] = a.cvss40_vector;
  j["cvss40_score"] = opt(a.cvss40_score);
  j["cwe"] = a.cwe ? json("CWE-" + std::to_string(*a.cwe)) : json(nullptr);
  j["gbt_class"] = a.gbt_class;
  j["affected"] = json::array();
  for (const auto& p : a.affected)
    j["affected"].push_back({{"product_id", opt(p.product_id)},
                             {"vendor", p.vendor},
                             {"name", p.name},
                             {"purl", p.purl},
                             {"cpe", p.cpe},
                             {"range", p.range},
                             {"versions", p.versions},
                             {"fixed_version", p.fixed_version}});
  j["credits"] = json::array();
  for (const auto& c : a.credits)
    j["credits"].push_back({{"name", c.name}, {"role", c.role}, {"user_id", opt(c.user_id)}});
  j["references"] = json::array();
  for (const auto& r : a.references)
    j["references"].push_back({{"url", r.url}, {"kind", r.kind}, {"summary", r.summary}});
  j["external_ids"] = a.external_ids;
  j["publisher"] = a.publisher;
  j["verifier"] = a.verifier;
  j["tlp"] = a.tlp;
  j["revision"] = a.revision;
  j["published_at"] = a.published_at ? json(format_utc(*a.published_at)) : json(nullptr);
  j["history"] = json::array();
  for (const auto& h : a.history)
    j["history"].push_back({{"number", h.number}, {"at", format_utc(h.at)}, {"by", h.by}, {"change", h.change}});
  j["created_at"] = format_utc(a.created_at);
  j["updated_at"] = format_utc(a.updated_at);
  return j;
}

Result<Advisory> advisory_from_json(const json& j) {
  if (!j.is_object()) return Error::invalid("advisory: expected a JSON object");
  Advisory a;
  Reader r;
  std::optional<std::int64_t> n;
  r.integer(j, "id", n, "");
  if (n) a.id = *n;
  n.reset();
  r.integer(j, "case_id", n, "");
  if (n) a.case_id = *n;
  r.str(j, "ref", a.ref, "");
  std::string s;
  r.str(j, "state", s, "");
  if (!s.empty()) {
    auto st = parse_enum<AdvisoryState>(s);
    if (!st) r.fail("state", "one of draft, in_review, approved, published, withdrawn");
    else a.state = *st;
  }
  r.text(j, "zh", a.zh);
  r.text(j, "en", a.en);
  s.clear();
  r.str(j, "grade", s, "");
  if (!s.empty()) {
    auto g = assessment::parse_grade(s);
    if (!g.ok()) r.fail("grade", "critical, high, medium or low");
    else a.grade = *g;
  }
  r.str(j, "cvss31_vector", a.cvss31_vector, "");
  r.number(j, "cvss31_score", a.cvss31_score, "");
  r.str(j, "cvss40_vector", a.cvss40_vector, "");
  r.number(j, "cvss40_score", a.cvss40_score, "");
  s.clear();
  r.str(j, "cwe", s, "");
  if (!s.empty()) {
    if (s.rfind("CWE-", 0) != 0 || s.size() < 5 || s.find_first_not_of("0123456789", 4) != std::string::npos ||
        s.size() > 13)
      r.fail("cwe", "CWE-<number>");
    else
      a.cwe = std::stoi(s.substr(4));
  }
  r.str(j, "gbt_class", a.gbt_class, "");
  r.objects(j, "affected", [&](const json& x, const std::string& at) {
    AffectedProduct p;
    std::optional<std::int64_t> pid;
    r.integer(x, "product_id", pid, at);
    p.product_id = pid;
    r.str(x, "vendor", p.vendor, at);
    r.str(x, "name", p.name, at);
    r.str(x, "purl", p.purl, at);
    r.str(x, "cpe", p.cpe, at);
    r.str(x, "range", p.range, at);
    r.strings(x, "versions", p.versions, at);
    r.str(x, "fixed_version", p.fixed_version, at);
    a.affected.push_back(std::move(p));
  });
  r.objects(j, "credits", [&](const json& x, const std::string& at) {
    Credit c;
    r.str(x, "name", c.name, at);
    r.str(x, "role", c.role, at);
    std::optional<std::int64_t> uid;
    r.integer(x, "user_id", uid, at);
    c.user_id = uid;
    a.credits.push_back(std::move(c));
  });
  r.objects(j, "references", [&](const json& x, const std::string& at) {
    Reference ref;
    r.str(x, "url", ref.url, at);
    r.str(x, "kind", ref.kind, at);
    r.str(x, "summary", ref.summary, at);
    a.references.push_back(std::move(ref));
  });
  r.strings(j, "external_ids", a.external_ids, "");
  r.str(j, "publisher", a.publisher, "");
  r.str(j, "verifier", a.verifier, "");
  r.str(j, "tlp", a.tlp, "");
  n.reset();
  r.integer(j, "revision", n, "");
  if (n) a.revision = static_cast<int>(*n);
  r.time(j, "published_at", a.published_at, "");
  r.objects(j, "history", [&](const json& x, const std::string& at) {
    AdvisoryRevision h;
    std::optional<std::int64_t> num;
    r.integer(x, "number", num, at);
    if (num) h.number = static_cast<int>(*num);
    std::optional<Time> t;
    r.time(x, "at", t, at);
    if (t) h.at = *t;
    r.str(x, "by", h.by, at);
    r.str(x, "change", h.change, at);
    a.history.push_back(std::move(h));
  });
  std::optional<Time> t;
  r.time(j, "created_at", t, "");
  if (t) a.created_at = *t;
  t.reset();
  r.time(j, "updated_at", t, "");
  if (t) a.updated_at = *t;
  if (!r.error.empty()) return Error::invalid("advisory: " + r.error);
  return a;
}

}  // namespace loudong::domain
