// Row types of the inventory part of the store: imported advisory records,
// SBOMs with their components, case components and pending user notices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace loudong::store {

// An advisory record as stored: the indexed fields plus the record itself.
// The record is bytes the store keeps as given and hands back unchanged (the
// inventory service stores the original JSON, compressed; see
// services/advisory_record.h). Aliases and packages are what the record
// names: an advisory is found by its id or any alias in any letter case,
// and by the packages it names.
struct AdvisoryRow {
  std::string id;
  std::string source;  // "osv" | "cve5"
  Time modified{};
  std::optional<Time> withdrawn;
  std::string summary;
  std::string record;
  std::vector<std::string> aliases;
  std::vector<std::pair<std::string, std::string>> packages;  // (ecosystem, name)
};

// What storing an advisory did: a new id, a newer `modified` replacing the
// stored record, or nothing (the stored one is as new or newer).
enum class PutOutcome { inserted, updated, unchanged };

// When the search keys (id, aliases, packages) of stored advisories are
// indexed: with the write, or later (bulk import), sorted, by
// index_advisory_keys(). Searches find advisories with pending keys too,
// more slowly (they look at each pending row).
enum class AdvisoryKeys { now, deferred };

// Pending search keys read ahead of indexing them (ReadTx::
// read_pending_advisory_keys): the names (ids and aliases) and packages of
// advisories (from, to], sorted as the indexes want them. Strings are
// slices of `text`. Opaque to callers but for from/to.
struct PendingAdvisoryKeys {
  std::int64_t from = 0, to = 0;
  std::int64_t pending_updates = 0;  // the store's count when read
  struct Key {
    std::uint32_t begin = 0, size = 0;
    std::int64_t adv = 0;
  };
  std::string text;
  std::vector<Key> names;               // in the name index's order (NOCASE, then adv)
  std::vector<Key> packages;            // ecosystem and name, one after the other
  std::vector<std::uint32_t> by_name;   // indexes of ecosystems in `packages`, in (name, ecosystem) order
};

struct AdvisoryFilter {
  std::string query;      // exact id or alias (any case); empty: all
  std::string ecosystem;  // with name: advisories naming this package
  std::string package;
  int limit = 50;
  std::string cursor;  // the last id of the previous page
};

struct SbomRow {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::string version;
  std::string format;  // "CycloneDX" | "SPDX"
  std::string spec_version;
  std::string serial;
  std::int64_t component_count = 0;
  Time uploaded_at{};
  std::optional<std::int64_t> uploaded_by;
};

struct ComponentRow {
  std::string purl;       // canonical, or empty
  std::string ecosystem;  // OSV ecosystem the purl maps to, or empty
  std::string name;       // OSV package name, else the SBOM's name
  std::string version;
  std::string supplier;
  std::string licenses;  // JSON array text
};

struct CaseComponentRow {
  std::int64_t case_id = 0;
  std::string purl;
  std::string range;
};

// One entry of the matching change feed: what a write transaction changed
// that the matching index holds. Appended by the store itself in the same
// transaction as put_advisories (the ids inserted or updated), put_sbom and
// set_case_components, so every process on the store (the server, a CLI
// import, a second server on PostgreSQL) can bring its index up to date by
// reading the entries after the last one it applied. The store keeps the
// latest kMatchChangesKept; a reader further behind rebuilds from scratch.
enum class MatchChangeKind { advisories, sbom, case_components };
struct MatchChange {
  std::int64_t seq = 0;  // ascending, gap-free as written (older ones are pruned)
  MatchChangeKind kind = MatchChangeKind::advisories;
  std::vector<std::string> advisory_ids;  // advisories
  std::int64_t product_id = 0;            // sbom
  std::string version;                    // sbom
  std::int64_t case_id = 0;               // case_components
};
inline constexpr std::int64_t kMatchChangesKept = 10000;

// A customer to tell about a confirmed case (R-FIX-NOTIFY), created when the
// case is confirmed; done once a user notice is recorded for it.
struct PendingUserNotice {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t product_id = 0;
  std::string product_version;
  std::string customer;
  std::string contact;
  std::optional<std::int64_t> customer_org;
  Time created_at{};
};

}  // namespace loudong::store
