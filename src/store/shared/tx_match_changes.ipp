// The matching change feed (store/inventory.h, MatchChange), one source for
// both backends (store/shared/tx_settings.ipp says how).

namespace match_changes_sql {

// The next seq is the last one + 1, not a sequence's next value: the feed
// stays gap-free when a write rolls back (a PostgreSQL sequence would skip
// the number, and a reader would take the gap for pruned entries and
// rebuild). Writes are serialised on both backends, so max + 1 is safe.
constexpr const char* kInsertMatchChange =
    "INSERT INTO match_changes(seq, kind, keys) SELECT coalesce(max(seq), 0) + 1, ?, ? FROM match_changes RETURNING seq";
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

}  // namespace match_changes_sql

using namespace match_changes_sql;

Status Tx::append_match_change(MatchChangeKind kind, const std::string& keys) {
  std::int64_t seq = 0;
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertMatchChange));
    s->args(std::string(kind_code(kind)), keys);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return Error::internal("match_changes: the insert returned no seq");
    seq = s->i64(0);
  }
  if (seq <= kMatchChangesKept) return {};
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kPruneMatchChanges));
  return s->args(seq - kMatchChangesKept).run();
}

Result<std::int64_t> Tx::match_change_head() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kMatchChangeHead));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : 0;
}

Result<std::vector<MatchChange>> Tx::match_changes_after(std::int64_t seq, int limit) {
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

