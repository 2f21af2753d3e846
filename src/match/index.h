// The matching index: which advisories and cases affect a component, and
// which product versions hold a component an advisory or case affects.
//
// Pure and in memory; the inventory service builds it from the store at
// start and applies every committed change (import, SBOM upload, case
// components). Layout, chosen for 520k advisories and millions of component
// instances:
//   - packages are interned once under match::package_key;
//   - each package interns every version its ranges and components mention
//     and places each once in its scheme's order (match/ordering.h), so an
//     OSV range test is integer comparisons (match/compiled.h), with the
//     same answers as formats::affects, the reference;
//   - each package lists its compiled advisory entries and case ranges, and
//     its distinct component versions, each with the product versions
//     holding it; a query decides a range once per distinct version, never
//     per instance;
//   - changes only intern and note versions; the sorting they need is done
//     once, before the next query (or by refresh()), so a bulk load costs
//     one sort per package instead of one per record.
// GIT ranges and versions an ordering rejects come back as Verdict::unknown
// with the reason, never as "not affected". Withdrawn advisories are kept
// (so they can be shown) but never match.
//
// Thread-safe: queries share a reader lock; changes take it exclusively.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "assessment/grading.h"
#include "formats/advisory.h"
#include "match/keys.h"
#include "versions/vers.h"

namespace loudong::match {

enum class Verdict { affected, unknown };
std::string_view verdict_name(Verdict v);  // "affected", "unknown"

// What an advisory entry keeps for matching and display.
struct AdvisorySummary {
  std::string id;
  std::vector<std::string> aliases;
  std::string summary;
  std::optional<assessment::Grade> grade;  // from its CVSS vectors, if any
  bool withdrawn = false;
  // Per affected[] entry, the ranges as a finding's reason shows them
  // ("SEMVER introduced 1.2.0, fixed 1.4.1"); empty for an entry the index
  // does not hold (no package) until the index has placed it.
  std::vector<std::string> affected_texts;
  // The first 16 bytes of id as two big-endian numbers, zero-padded:
  // comparing them compares ids (up to those 16 bytes), which lets a sort
  // of many findings read each summary once (match/finding_order.h).
  std::uint64_t id_prefix[2] = {0, 0};
};

// id_prefix of an id.
void set_id_prefix(AdvisorySummary& s);

// The grade of an advisory from its (or its affected entries') CVSS v3 or
// v4 vectors, by CNNVD's bands on the base score; the highest wins.
std::optional<assessment::Grade> advisory_grade(const formats::Advisory& a);

// A case's affected component: a package and a range. The range is vers
// text ("vers:maven/>=2.0.0|<2.17.1") or the ecosystem's native syntax
// (">=2.0.0, <2.17.1"); empty means every version.
struct CaseComponent {
  std::string purl;   // package purl, no version
  std::string range;  // as the user wrote it
};

// A parsed range query: a package and a vers range (nullopt: any version).
struct RangeQuery {
  PackageRef package;
  std::optional<versions::VersRange> range;
};

// Parses "PURL" or "PURL@RANGE"-style input split by the caller into purl
// and range text: a vers range is taken as is, other text is converted from
// the ecosystem's native syntax. A version in the purl means "= version".
Result<RangeQuery> parse_range_query(std::string_view purl, std::string_view range);

struct ProductVersionKey {
  std::int64_t product_id = 0;
  std::string version;
  bool operator==(const ProductVersionKey&) const = default;
};

enum class FindingSource : std::uint8_t { advisory, case_range };
std::string_view finding_source_name(FindingSource s);  // "advisory", "case"

// One component of a product version (or of a scanned SBOM) matched by one
// advisory entry or case range. Compact, since one scan can give 100,000:
// the component is an index into the list the answer came with, and the
// advisory (id, aliases, summary, range texts) is shared with the index;
// the pointer keeps it alive and unchanged if the index later replaces the
// advisory.
struct Finding {
  std::uint32_t component = 0;  // index into the components the answer belongs to
  FindingSource source = FindingSource::advisory;
  Verdict verdict = Verdict::affected;
  std::optional<assessment::Grade> grade;
  std::shared_ptr<const AdvisorySummary> advisory;  // advisory findings
  std::uint32_t affected = 0;                       // the advisory's affected[] entry that matched
  std::int64_t case_id = 0;                         // case findings
  std::string note;  // the reason, when it is not the entry's range text (listed, unknown, case)

  // "" for a case finding.
  const std::string& advisory_id() const;
  // Why: the range that holds the version, or why it could not be decided.
  std::string_view reason() const;
};

// The findings of one stored product version and the components they index.
struct ProductVersionFindings {
  std::vector<ComponentRef> components;
  std::vector<Finding> findings;
};

// One product version holding a component a range or advisory affects.
struct ImpactHit {
  ProductVersionKey product_version;
  ComponentRef component;
  Verdict verdict = Verdict::affected;
  std::string reason;
};

struct IndexStats {
  std::size_t advisories = 0, withdrawn = 0, packages = 0, affected_entries = 0;
  std::size_t product_versions = 0, component_instances = 0, distinct_component_versions = 0;
  std::size_t case_ranges = 0;
  std::size_t approx_bytes = 0;  // an estimate of the heap the index holds
};

struct RematchStats {
  std::size_t evaluations = 0;       // (entry, distinct component version) pairs decided
  std::size_t affected_instances = 0;  // (product version, advisory) findings
  std::size_t unknown_instances = 0;
};

class Index {
 public:
  Index();
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Adds or replaces (by id) an advisory.
  void put_advisory(const formats::Advisory& a);
  void remove_advisory(const std::string& id);
  // The advisory as the index holds it; null when the id is unknown.
  std::shared_ptr<const AdvisorySummary> advisory(const std::string& id) const;

  // Sets the components of a product version (replacing any earlier SBOM).
  // Components whose purl does not map to an ecosystem are skipped (the
  // caller already warned about them).
  void put_product_version(const ProductVersionKey& pv, const std::vector<ComponentRef>& components);
  void remove_product_version(const ProductVersionKey& pv);

  // Sets a case's affected components (empty removes the case). Entries
  // whose purl or range does not parse are skipped; callers validate first
  // with parse_range_query.
  void put_case(std::int64_t case_id, const std::vector<CaseComponent>& components);

  // Component -> advisories and cases affecting it; Finding::component
  // indexes `components`. Ordered by component, then by the index's entry
  // order.
  std::vector<Finding> match(const std::vector<ComponentRef>& components) const;
  // An SBOM's components read and matched in one pass on two threads (a
  // scan): each component with a purl the index can match
  // (component_of_sbom) goes into `matched`, in document order, the rest
  // are counted; Finding::component indexes `matched`. The same findings,
  // in the same order, as match() on `matched`, under one read lock.
  struct SbomMatch {
    std::vector<ComponentRef> matched;
    std::size_t unmatched = 0;
    std::vector<Finding> findings;
  };
  SbomMatch match_sbom(const std::vector<formats::Component>& components) const;
  // The stored components of one product version, matched.
  ProductVersionFindings findings(const ProductVersionKey& pv) const;
  // The cases whose ranges hold (verdict affected) some of `components`,
  // ascending, each once: a package lookup per component, ranges only
  // where a case names the package.
  std::vector<std::int64_t> cases_affecting(const std::vector<ComponentRef>& components) const;

  // Advisory -> affected product versions (empty when the id is unknown or
  // the advisory is withdrawn; *found tells the two apart).
  std::vector<ImpactHit> impact_of_advisory(const std::string& id, bool* found = nullptr) const;
  // Range -> affected product versions.
  std::vector<ImpactHit> impact_of_range(const RangeQuery& q) const;
  // Case -> affected product versions, through its case components.
  std::vector<ImpactHit> impact_of_case(std::int64_t case_id) const;

  // Evaluates every advisory against every stored component: the full
  // re-match after, e.g., a change of version rules.
  RematchStats rematch_all() const;

  IndexStats stats() const;

  // Does now the deferred placing and sorting that the next query would
  // do (for benchmarks that time loading and querying apart).
  void refresh() const;

 private:
  std::shared_lock<std::shared_mutex> read_lock() const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
  mutable std::shared_mutex mu_;
  mutable std::atomic<bool> dirty_{false};
};

}  // namespace loudong::match
