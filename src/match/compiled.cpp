#include "match/compiled.h"

#include <algorithm>

namespace loudong::match {

using formats::Affects;
using formats::EventKind;

std::uint8_t ordering_for(Orderings& o, const versions::VersionScheme* scheme,
                          const std::vector<VersionId>& also_note) {
  for (std::size_t i = 0; i < o.size(); ++i)
    if (o[i].scheme() == scheme) return static_cast<std::uint8_t>(i);
  // More than a handful of schemes for one package does not happen in
  // practice (OSV: one; CVE 5: a versionType per range); the cap keeps the
  // index byte-sized.
  if (o.size() == 255) return 254;
  Ordering& added = o.emplace_back(scheme);
  for (VersionId id : also_note) added.note(id);
  return static_cast<std::uint8_t>(o.size() - 1);
}

CompiledEntry compile(const formats::Affected& af, std::uint32_t advisory, std::uint32_t index, VersionTable& t,
                      Orderings& o, const std::vector<VersionId>& held) {
  CompiledEntry e;
  e.advisory = advisory;
  e.affected = index;
  for (const auto& v : af.versions) e.listed.push_back(t.intern(v));
  std::sort(e.listed.begin(), e.listed.end());
  e.listed.erase(std::unique(e.listed.begin(), e.listed.end()), e.listed.end());
  // GIT ranges the reference would not consult are left out.
  const bool use_git = formats::git_ranges_decide_versions(af);
  for (const auto& r : af.ranges) {
    if (r.type == formats::RangeType::git && !use_git) continue;
    CompiledRange c;
    c.type = r.type;
    if (r.type == formats::RangeType::git) {
      c.mode = RangeMode::git;
      e.ranges.push_back(std::move(c));
      continue;
    }
    std::string_view scheme_name = r.type == formats::RangeType::semver ? std::string_view("semver")
                                   : r.scheme.empty()                  ? std::string_view(af.package.ecosystem)
                                                                       : std::string_view(r.scheme);
    const versions::VersionScheme* scheme = versions::scheme_for(scheme_name);
    if (scheme == nullptr) {
      c.mode = RangeMode::no_scheme;
      c.note = scheme_name;
      e.ranges.push_back(std::move(c));
      continue;
    }
    c.ordering = ordering_for(o, scheme, held);
    for (const auto& ev : r.events) {
      CompiledEvent ce;
      ce.kind = ev.kind;
      if (ev.kind == EventKind::introduced && ev.value == "0") ce.special = -1;
      else if (ev.kind == EventKind::limit && ev.value == "*") ce.special = 1;
      else {
        ce.id = t.intern(ev.value);
        o[c.ordering].note(ce.id);
      }
      c.events.push_back(ce);
    }
    e.ranges.push_back(std::move(c));
  }
  return e;
}

namespace {
std::string ranges_text(const CompiledEntry& e, const VersionTable& t);
}

std::string finish(CompiledEntry& e, const VersionTable& t, const Orderings& o) {
  for (auto& r : e.ranges) {
    if (r.mode != RangeMode::ordered) continue;
    const Ordering& ord = o[r.ordering];
    for (const auto& ev : r.events) {
      if (ev.special != 0 || ord.position(ev.id) != kInvalidPosition) continue;
      Status s = ord.scheme()->validate(t.text(ev.id));
      r.mode = RangeMode::bad_event;
      r.note = "event " + std::string(formats::event_kind_name(ev.kind)) + " '" + t.text(ev.id) +
               "' is not a valid " + std::string(ord.scheme()->name()) +
               " version: " + (s.ok() ? std::string("rejected") : s.error().message());
      break;
    }
    if (r.mode != RangeMode::ordered) continue;
    std::stable_sort(r.events.begin(), r.events.end(), [&](const CompiledEvent& a, const CompiledEvent& b) {
      if (a.special != 0 || b.special != 0) return a.special < b.special;
      return ord.position(a.id) < ord.position(b.id);
    });
  }
  e.finished = true;
  return ranges_text(e, t);
}

namespace {

// osv-schema's evaluation of one range at position p (formats::affects'
// loop with each comparison replaced by one on positions).
bool affected_at(const CompiledRange& r, const Ordering& o, Position p) {
  bool has_limit = false, before_limit = false;
  for (const auto& e : r.events) {
    if (e.kind != EventKind::limit) continue;
    has_limit = true;
    if (e.special == 1 || p < o.position(e.id)) before_limit = true;
  }
  if (has_limit && !before_limit) return false;
  bool vulnerable = false;
  for (const auto& e : r.events) {
    switch (e.kind) {
      case EventKind::introduced:
        if (e.special == -1 || p >= o.position(e.id)) vulnerable = true;
        break;
      case EventKind::fixed:
        if (p >= o.position(e.id)) vulnerable = false;
        break;
      case EventKind::last_affected:
        if (p > o.position(e.id)) vulnerable = false;
        break;
      case EventKind::limit:
        break;
    }
  }
  return vulnerable;
}

}  // namespace

Decision decide(const CompiledEntry& e, bool listed, const Position* positions, const Orderings& o) {
  Decision d;
  if (listed) {
    d.result = Affects::yes;
    d.listed = true;
    return d;
  }
  for (std::size_t i = 0; i < e.ranges.size(); ++i) {
    const CompiledRange& r = e.ranges[i];
    bool unknown = false, invalid = false;
    switch (r.mode) {
      case RangeMode::git:
      case RangeMode::no_scheme:
        unknown = true;
        break;
      case RangeMode::bad_event:
        unknown = true;
        invalid = positions[r.ordering] == kInvalidPosition;
        break;
      case RangeMode::ordered:
        if (positions[r.ordering] == kInvalidPosition) {
          unknown = invalid = true;
        } else if (affected_at(r, o[r.ordering], positions[r.ordering])) {
          d = Decision{};
          d.result = Affects::yes;
          return d;
        }
        break;
    }
    if (unknown && d.unknown_range < 0) {
      d.result = Affects::unknown;
      d.unknown_range = static_cast<int>(i);
      d.version_invalid = invalid;
    }
  }
  return d;
}

void affected_intervals(const CompiledRange& r, const Ordering& o, std::vector<Interval>& out) {
  out.clear();
  // Ranges have a handful of events: a fixed buffer, no allocation.
  Position buf[16];
  std::vector<Position> heap;
  Position* points = buf;
  std::size_t n = 0;
  if (r.events.size() > 16) {
    heap.resize(r.events.size());
    points = heap.data();
  }
  for (const auto& e : r.events)
    if (e.special == 0) points[n++] = o.position(e.id);
  std::sort(points, points + n);
  n = static_cast<std::size_t>(std::unique(points, points + n) - points);
  // Between two event positions the answer cannot change, so each segment
  // is decided by one probe: [0, q1-1], {q1}, [q1+1, q2-1], ..., [qk+1, max].
  auto add = [&](Position first, Position last) {
    if (!out.empty() && out.back().second + 1 == first) out.back().second = last;
    else out.emplace_back(first, last);
  };
  Position start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Position q = points[i];
    if (q > start && affected_at(r, o, start)) add(start, q - 1);
    if (affected_at(r, o, q)) add(q, q);
    start = q + 1;
  }
  if (affected_at(r, o, start)) add(start, kMaxPosition);
}

namespace {

std::string ranges_text(const CompiledEntry& e, const VersionTable& t) {
  std::string out;
  for (const auto& r : e.ranges) {
    if (!out.empty()) out += "; ";
    out += formats::range_type_name(r.type);
    if (r.mode == RangeMode::git) {
      out += " (not evaluated)";
      continue;
    }
    bool first = true;
    for (const auto& ev : r.events) {
      out += first ? " " : ", ";
      out += formats::event_kind_name(ev.kind);
      out += ' ';
      out += ev.special == -1 ? std::string("0") : ev.special == 1 ? std::string("*") : t.text(ev.id);
      first = false;
    }
  }
  return out;
}

}  // namespace

const std::string kListedReason = "listed in affected versions";

std::string describe_unknown(const CompiledEntry& e, const Decision& d, const Orderings& o, std::string_view version) {
  std::string why;
  if (d.unknown_range >= 0) {
    const CompiledRange& r = e.ranges[static_cast<std::size_t>(d.unknown_range)];
    if (d.version_invalid) {
      const auto* scheme = o[r.ordering].scheme();
      Status s = scheme->validate(version);
      why = "version '" + std::string(version) + "' is not a valid " + std::string(scheme->name()) +
            " version: " + (s.ok() ? std::string("rejected") : s.error().message());
    } else if (r.mode == RangeMode::git) {
      why = "GIT ranges are not evaluated";
    } else if (r.mode == RangeMode::no_scheme) {
      why = "no version ordering is known for " +
            (r.note.empty() ? std::string("an empty ecosystem") : "'" + r.note + "'");
    } else {
      why = r.note;
    }
  }
  return "not evaluated: " + why;
}

std::size_t approx_bytes(const CompiledEntry& e) {
  std::size_t b = sizeof(CompiledEntry) + e.listed.capacity() * sizeof(VersionId);
  for (const auto& r : e.ranges)
    b += sizeof(CompiledRange) + r.events.capacity() * sizeof(CompiledEvent) + (r.note.capacity() > 15 ? r.note.capacity() : 0);
  return b;
}

}  // namespace loudong::match
