// Policy settings stored by administrators, their changes, and user names
// for views: one source for both backends, whose SQL here is the same.
//
// store/shared/*.ipp hold transaction code the backends share: each backend
// has a .cpp that includes its own rows.h and transaction header, then this
// file inside its namespace with `Tx` naming its transaction class. Their
// connections and statements have the same interface (prepare, args, step,
// i64, text...), so the code compiles against each.

namespace settings_sql {

using namespace domain;

constexpr const char* kSelectPolicySettings =
    "SELECT p.field, p.value, p.updated_at, p.updated_by, "
    "COALESCE(NULLIF(u.display_name, ''), u.username, '') FROM policy_settings p "
    "LEFT JOIN users u ON u.id = p.updated_by ORDER BY p.field";
constexpr const char* kUpsertPolicySetting =
    "INSERT INTO policy_settings(field, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
    "updated_by = excluded.updated_by";
constexpr const char* kDeletePolicySetting = "DELETE FROM policy_settings WHERE field = ?";
constexpr const char* kSelectPolicyChanges =
    "SELECT id, at, actor_user_id, actor_name, field, old_value, new_value, stored, request_id FROM policy_changes "
    "WHERE id < ? ORDER BY id DESC LIMIT ?";
constexpr const char* kCountPolicyChanges = "SELECT count(*) FROM policy_changes";
constexpr const char* kInsertPolicyChange =
    "INSERT INTO policy_changes(at, actor_user_id, actor_name, field, old_value, new_value, stored, request_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectUserName =
    "SELECT id, COALESCE(NULLIF(display_name, ''), username) FROM users WHERE id = ?";

}  // namespace settings_sql

using namespace settings_sql;

Result<std::vector<StoredPolicySetting>> Tx::policy_settings() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectPolicySettings));
  return collect<StoredPolicySetting>(*s, [](const Stmt& r) {
    return StoredPolicySetting{r.text(0), r.i64(1), from_micros(r.i64(2)), r.opt_i64(3), r.text(4)};
  });
}

Result<Page<PolicyChange>> Tx::policy_changes(const PageRequest& p) {
  std::int64_t before = INT64_MAX;
  if (!p.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto cur, decode_cursor(p.cursor));
    before = cur.id;
  }
  Page<PolicyChange> page;
  if (p.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto n, c_.prepare(kCountPolicyChanges));
    LD_ASSIGN_OR_RETURN(bool row, n->step());
    page.total = row ? n->i64(0) : 0;
  } else {
    page.total = -1;
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectPolicyChanges));
  s->args(before, static_cast<std::int64_t>(p.limit + 1));
  LD_ASSIGN_OR_RETURN(page.items, collect<PolicyChange>(*s, [](const Stmt& r) {
                        PolicyChange c;
                        c.id = r.i64(0);
                        c.at = from_micros(r.i64(1));
                        c.actor_user_id = r.opt_i64(2);
                        c.actor_name = r.text(3);
                        c.field = r.text(4);
                        c.old_value = r.i64(5);
                        c.new_value = r.i64(6);
                        c.stored = r.i64(7) != 0;
                        c.request_id = r.text(8);
                        return c;
                      }));
  if (static_cast<int>(page.items.size()) > p.limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor({0, page.items.back().id});
  }
  return page;
}

Result<std::map<Id, std::string>> Tx::user_names(const std::vector<Id>& ids) {
  std::map<Id, std::string> out;
  for (Id id : ids) {
    if (out.count(id)) continue;
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectUserName));
    s->args(id);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) out[s->i64(0)] = s->text(1);
  }
  return out;
}

Status Tx::put_policy_setting(const StoredPolicySetting& x) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpsertPolicySetting));
  s->args(x.field, x.value, to_micros(x.updated_at), x.updated_by);
  return s->run();
}

Status Tx::delete_policy_setting(const std::string& field) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeletePolicySetting));
  s->args(field);
  return s->run();
}

Result<Id> Tx::insert_policy_change(const PolicyChange& c) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertPolicyChange));
  s->args(to_micros(c.at), c.actor_user_id, c.actor_name, c.field, c.old_value, c.new_value, c.stored, c.request_id);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

