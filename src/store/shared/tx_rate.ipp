// Rate counters shared by every process on one database
// (services/rate_limiter.h): one row per key and window, counted by an
// upsert so two processes never lose a hit. Same SQL on both backends.

namespace rate_sql {

constexpr const char* kSelectRateHits =
    "SELECT window_start, hits FROM rate_counters WHERE key = ? AND window_start >= ? ORDER BY window_start";
constexpr const char* kAddRateHit =
    "INSERT INTO rate_counters(key, window_start, hits) VALUES (?, ?, 1) "
    "ON CONFLICT(key, window_start) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING hits";
constexpr const char* kDeleteRateKey = "DELETE FROM rate_counters WHERE key = ?";
constexpr const char* kPruneRateCounters = "DELETE FROM rate_counters WHERE window_start < ?";

}  // namespace rate_sql

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> Tx::rate_hits(const std::string& key, std::int64_t since) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(rate_sql::kSelectRateHits));
  s->args(key, since);
  return collect<std::pair<std::int64_t, std::int64_t>>(*s, [](const Stmt& r) { return std::pair{r.i64(0), r.i64(1)}; });
}

Result<std::int64_t> Tx::add_rate_hit(const std::string& key, std::int64_t window_start) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(rate_sql::kAddRateHit));
  s->args(key, window_start);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return Error::internal("rate counter upsert returned no row");
  return s->i64(0);
}

Status Tx::clear_rate_key(const std::string& key) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(rate_sql::kDeleteRateKey));
  s->args(key);
  return s->run();
}

Result<std::int64_t> Tx::prune_rate_counters(std::int64_t before) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(rate_sql::kPruneRateCounters));
  s->args(before);
  LD_RETURN_IF_ERROR(s->run());
  return static_cast<std::int64_t>(c_.changes());
}
