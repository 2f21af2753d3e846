// The matching change feed (store/inventory.h, MatchChange) on SQLite.
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {
namespace {

constexpr const char* kInsertMatchChange = "INSERT INTO match_changes(kind, keys) VALUES (?, ?)";
constexpr const char* kPruneMatchChanges = "DELETE FROM match_changes WHERE seq <= ?";
constexpr const char* kMatchChangeHead = "SELECT coalesce(max(seq), 0) FROM match_changes";
constexpr const char* kMatchChangesAfter = "SELECT seq, kind, keys FROM match_changes WHERE seq > ? ORDER BY seq LIMIT ?";

const char* kind_code(MatchChangeKind k) {
  switch (k) {
    case MatchChangeKind::advisories: return "advisories";
    case MatchChangeKind::sbom: return "sbom";
    case MatchChangeKind::case_components: return "case_components";
  }
  return "advisories";
}

Result<MatchChange> parse_change(std::int64_t seq, const std::string& kind, const std::string& keys) {
  auto j = nlohmann::json::parse(keys, nullptr, false);
  MatchChange c;
  c.seq = seq;
  if (!j.is_array()) return Error::internal("match_changes " + std::to_string(seq) + ": keys are not an array");
  try {
    if (kind == "advisories") {
      c.kind = MatchChangeKind::advisories;
      c.advisory_ids = j.get<std::vector<std::string>>();
    } else if (kind == "sbom" && j.size() == 2) {
      c.kind = MatchChangeKind::sbom;
      c.product_id = j[0].get<std::int64_t>();
      c.version = j[1].get<std::string>();
    } else if (kind == "case_components" && j.size() == 1) {
      c.kind = MatchChangeKind::case_components;
      c.case_id = j[0].get<std::int64_t>();
    } else {
      return Error::internal("match_changes " + std::to_string(seq) + ": unknown kind " + kind);
    }
  } catch (const nlohmann::json::exception& e) {
    return Error::internal("match_changes " + std::to_string(seq) + ": " + e.what());
  }
  return c;
}

}  // namespace

Status SqliteTx::append_match_change(MatchChangeKind kind, const std::string& keys) {
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertMatchChange));
    LD_RETURN_IF_ERROR(s->args(std::string(kind_code(kind)), keys).run());
  }
  const std::int64_t seq = c_.last_insert_id();
  if (seq <= kMatchChangesKept) return {};
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kPruneMatchChanges));
  return s->args(seq - kMatchChangesKept).run();
}

Result<std::int64_t> SqliteTx::match_change_head() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kMatchChangeHead));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : 0;
}

Result<std::vector<MatchChange>> SqliteTx::match_changes_after(std::int64_t seq, int limit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kMatchChangesAfter));
  s->args(seq, static_cast<std::int64_t>(limit));
  std::vector<MatchChange> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    LD_ASSIGN_OR_RETURN(auto c, parse_change(s->i64(0), s->text(1), s->text(2)));
    out.push_back(std::move(c));
  }
}

}  // namespace loudong::store::sqlite
