#include "formats/advisory.h"

#include <algorithm>

#include "versions/scheme.h"

namespace loudong::formats {

std::string_view range_type_name(RangeType t) {
  switch (t) {
    case RangeType::semver: return "SEMVER";
    case RangeType::ecosystem: return "ECOSYSTEM";
    case RangeType::git: return "GIT";
  }
  return "?";
}

std::string_view event_kind_name(EventKind k) {
  switch (k) {
    case EventKind::introduced: return "introduced";
    case EventKind::fixed: return "fixed";
    case EventKind::last_affected: return "last_affected";
    case EventKind::limit: return "limit";
  }
  return "?";
}

std::string_view affects_name(Affects a) {
  switch (a) {
    case Affects::yes: return "yes";
    case Affects::no: return "no";
    case Affects::unknown: return "unknown";
  }
  return "?";
}

namespace {

// Special values that no scheme parses: introduced "0" is the start of
// time and limit "*" the end (osv-schema § Special values).
bool is_start(const Event& e) { return e.kind == EventKind::introduced && e.value == "0"; }
bool is_end(const Event& e) { return e.kind == EventKind::limit && e.value == "*"; }
int special_rank(const Event& e) { return is_start(e) ? -1 : is_end(e) ? 1 : 0; }

struct RangeVerdict {
  Affects result;
  std::string why;
};

RangeVerdict unknown(std::string why) { return {Affects::unknown, std::move(why)}; }

RangeVerdict evaluate(const Range& range, const std::string& ecosystem, std::string_view version) {
  if (range.type == RangeType::git) return unknown("GIT ranges are not evaluated");
  std::string_view scheme_name = range.type == RangeType::semver ? std::string_view("semver")
                                 : range.scheme.empty()           ? std::string_view(ecosystem)
                                                                  : std::string_view(range.scheme);
  const versions::VersionScheme* scheme = versions::scheme_for(scheme_name);
  if (scheme == nullptr)
    return unknown("no version ordering is known for " +
                   (scheme_name.empty() ? std::string("an empty ecosystem") : "'" + std::string(scheme_name) + "'"));
  if (Status s = scheme->validate(version); !s.ok())
    return unknown("version '" + std::string(version) + "' is not a valid " + std::string(scheme->name()) +
                   " version: " + s.error().message());
  for (const Event& e : range.events) {
    if (special_rank(e) != 0) continue;
    if (Status s = scheme->validate(e.value); !s.ok())
      return unknown("event " + std::string(event_kind_name(e.kind)) + " '" + e.value + "' is not a valid " +
                     std::string(scheme->name()) + " version: " + s.error().message());
  }
  // Both sides were validated, so compare() only fails on a scheme bug;
  // such a pair is then reported rather than guessed.
  std::string compare_failure;
  auto cmp = [&](std::string_view a, std::string_view b) {
    Result<int> c = scheme->compare(a, b);
    if (!c.ok()) {
      if (compare_failure.empty()) compare_failure = c.error().message();
      return 0;
    }
    return *c;
  };

  std::vector<const Event*> sorted;
  sorted.reserve(range.events.size());
  for (const Event& e : range.events) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Event* a, const Event* b) {
    int ra = special_rank(*a), rb = special_rank(*b);
    if (ra != 0 || rb != 0) return ra < rb;
    return cmp(a->value, b->value) < 0;
  });

  bool has_limit = false, before_limit = false;
  for (const Event* e : sorted) {
    if (e->kind != EventKind::limit) continue;
    has_limit = true;
    if (is_end(*e) || cmp(version, e->value) < 0) before_limit = true;
  }
  bool vulnerable = false;
  if (!has_limit || before_limit) {
    for (const Event* e : sorted) {
      switch (e->kind) {
        case EventKind::introduced:
          if (is_start(*e) || cmp(version, e->value) >= 0) vulnerable = true;
          break;
        case EventKind::fixed:
          if (cmp(version, e->value) >= 0) vulnerable = false;
          break;
        case EventKind::last_affected:
          if (cmp(version, e->value) > 0) vulnerable = false;
          break;
        case EventKind::limit:
          break;
      }
    }
  }
  if (!compare_failure.empty()) return unknown(std::move(compare_failure));
  return {vulnerable ? Affects::yes : Affects::no, {}};
}

}  // namespace

// A GIT range speaks of commits. When the entry also says which versions it
// affects (a SEMVER or ECOSYSTEM range, or the versions list OSV fills from
// the repository's tags), those decide a version query; only an entry with
// nothing but GIT ranges leaves a version undecided (osv-scanner does the same).
bool git_ranges_decide_versions(const Affected& affected) {
  if (!affected.versions.empty()) return false;
  for (const Range& r : affected.ranges)
    if (r.type != RangeType::git) return false;
  return true;
}

Affects affects(const Affected& affected, std::string_view version, std::string* why) {
  if (std::find(affected.versions.begin(), affected.versions.end(), version) != affected.versions.end())
    return Affects::yes;
  const bool use_git = git_ranges_decide_versions(affected);
  std::string first_unknown;
  bool any_unknown = false;
  for (const Range& r : affected.ranges) {
    if (r.type == RangeType::git && !use_git) continue;
    RangeVerdict v = evaluate(r, affected.package.ecosystem, version);
    if (v.result == Affects::yes) return Affects::yes;
    if (v.result == Affects::unknown && !any_unknown) {
      any_unknown = true;
      first_unknown = std::move(v.why);
    }
  }
  if (!any_unknown) return Affects::no;
  if (why) *why = std::move(first_unknown);
  return Affects::unknown;
}

}  // namespace loudong::formats
