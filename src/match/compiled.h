// An OSV affected[] entry compiled for matching: its version list and its
// range events become version ids of the package's VersionTable, each range
// bound to the Ordering of its scheme, so deciding a version is a handful
// of integer comparisons (osv-schema § Evaluation, the same algorithm as
// formats::affects, which stays the reference; a differential test holds
// the two equal over the real advisory databases).
//
// Life cycle: compile() interns and notes versions; after the orderings'
// refresh(), finish() finds invalid events and sorts the events once.
// decide() and affected_intervals() need a finished entry.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/advisory.h"
#include "match/ordering.h"

namespace loudong::match {

struct CompiledEvent {
  formats::EventKind kind = formats::EventKind::introduced;
  std::int8_t special = 0;  // -1: introduced "0" (start of time); 1: limit "*" (end); 0: a version
  VersionId id = 0;         // when special == 0
};

enum class RangeMode : std::uint8_t {
  ordered,    // decided by positions
  git,        // GIT ranges are not evaluated
  no_scheme,  // no ordering is known for the range's scheme
  bad_event,  // an event's version is not valid in the scheme
};

struct CompiledRange {
  RangeMode mode = RangeMode::ordered;
  formats::RangeType type = formats::RangeType::ecosystem;
  std::uint8_t ordering = 0;  // index into the package's orderings (ordered, bad_event)
  std::vector<CompiledEvent> events;
  std::string note;  // no_scheme: the scheme name; bad_event: why
};

struct CompiledEntry {
  std::uint32_t advisory = 0;  // the Index's advisory slot
  std::uint32_t affected = 0;  // index in the advisory's affected[]
  bool finished = false;
  std::vector<VersionId> listed;  // the explicit versions list, sorted
  std::vector<CompiledRange> ranges;
};

// The orderings of one package, one per scheme its ranges use.
using Orderings = std::vector<Ordering>;

// Index of scheme's Ordering in o, added (with every id in also_note
// noted in it) when missing.
std::uint8_t ordering_for(Orderings& o, const versions::VersionScheme* scheme,
                          const std::vector<VersionId>& also_note);

// Compiles af; versions go into t and are noted in o. held: the package's
// component version ids, noted in any ordering this adds.
CompiledEntry compile(const formats::Affected& af, std::uint32_t advisory, std::uint32_t index, VersionTable& t,
                      Orderings& o, const std::vector<VersionId>& held);

// After the orderings' refresh(): marks ranges with an invalid event and
// sorts events by position. Returns the entry's ranges as a yes-reason
// shows them ("SEMVER introduced 1.2.0, fixed 1.4.1"), made once here
// because every finding of the entry shows it.
std::string finish(CompiledEntry& e, const VersionTable& t, const Orderings& o);

// The verdict for one version. positions[k] is the version's position in
// ordering k (kInvalidPosition when the scheme rejects it). unknown_range
// names the first range that could not decide, for the reason.
struct Decision {
  formats::Affects result = formats::Affects::no;
  int unknown_range = -1;
  bool version_invalid = false;  // the unknown is the version's fault
  bool listed = false;           // yes because the version is listed
};
Decision decide(const CompiledEntry& e, bool listed, const Position* positions, const Orderings& o);

// Position intervals [first, last] (inclusive, merged, ascending) in which
// an ordered range answers yes; valid while the ordering's generation
// stays the same.
using Interval = std::pair<Position, Position>;
void affected_intervals(const CompiledRange& r, const Ordering& o, std::vector<Interval>& out);

// The reason of a yes because the version is in the entry's versions list.
extern const std::string kListedReason;
// "not evaluated: ..." with formats::affects' wording.
std::string describe_unknown(const CompiledEntry& e, const Decision& d, const Orderings& o, std::string_view version);

std::size_t approx_bytes(const CompiledEntry& e);

}  // namespace loudong::match
