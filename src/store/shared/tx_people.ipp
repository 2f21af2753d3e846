// Organisations, users, sessions, tokens, products, settings, access log.
// Shared by both backends (store/shared/tx_settings.ipp says how); the
// including backend names kLikeAnyCase, its case-insensitive LIKE.

namespace tx_people_sql {

using namespace domain;

constexpr const char* kSelectSecondFactor =
    "SELECT user_id, secret_sealed, enabled_at, last_step, created_at FROM second_factors WHERE user_id = ?";
constexpr const char* kUpsertSecondFactor =
    "INSERT INTO second_factors(user_id, secret_sealed, enabled_at, last_step, created_at) VALUES (?, ?, NULL, -1, ?) "
    "ON CONFLICT(user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, enabled_at = NULL, last_step = -1, "
    "created_at = excluded.created_at";
constexpr const char* kEnableSecondFactor =
    "UPDATE second_factors SET enabled_at = ?, last_step = ? WHERE user_id = ? AND enabled_at IS NULL";
constexpr const char* kTakeTotpStep =
    "UPDATE second_factors SET last_step = ? WHERE user_id = ? AND enabled_at IS NOT NULL AND last_step < ?";
constexpr const char* kDeleteSecondFactor = "DELETE FROM second_factors WHERE user_id = ?";
constexpr const char* kDeleteRecoveryCodes = "DELETE FROM recovery_codes WHERE user_id = ?";
constexpr const char* kInsertRecoveryCode = "INSERT INTO recovery_codes(user_id, code_hash) VALUES (?, ?)";
constexpr const char* kTakeRecoveryCode =
    "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL";
constexpr const char* kCountRecoveryCodes =
    "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL";

constexpr const char* kOrgCols = "id, name, type, region, contact_email, created_at";
const std::string kSelectOrg = std::string("SELECT ") + kOrgCols + " FROM orgs WHERE id = ?";
const std::string kSelectOrgs = std::string("SELECT ") + kOrgCols + " FROM orgs ORDER BY id";
constexpr const char* kInsertOrg =
    "INSERT INTO orgs(name, type, region, contact_email, created_at) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kUpdateOrg = "UPDATE orgs SET name = ?, type = ?, region = ?, contact_email = ? WHERE id = ?";

constexpr const char* kUserCols =
    "id, username, display_name, email, password_hash, platform_admin, finder, disabled, created_at";
const std::string kSelectUser = std::string("SELECT ") + kUserCols + " FROM users WHERE id = ?";
const std::string kSelectUserByName = std::string("SELECT ") + kUserCols + " FROM users WHERE username = ?";
const std::string kSelectUsers = std::string("SELECT ") + kUserCols + " FROM users ORDER BY id";
constexpr const char* kInsertUser =
    "INSERT INTO users(username, display_name, email, password_hash, platform_admin, finder, disabled, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateUser =
    "UPDATE users SET display_name = ?, email = ?, password_hash = ?, platform_admin = ?, disabled = ? WHERE id = ?";
constexpr const char* kSelectMemberships = "SELECT org_id, role FROM memberships WHERE user_id = ? ORDER BY org_id";
constexpr const char* kUpsertMembership =
    "INSERT INTO memberships(user_id, org_id, role) VALUES (?, ?, ?) "
    "ON CONFLICT(user_id, org_id) DO UPDATE SET role = excluded.role";
constexpr const char* kDeleteMembership = "DELETE FROM memberships WHERE user_id = ? AND org_id = ?";

constexpr const char* kSelectSession =
    "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = ?";
constexpr const char* kInsertSession =
    "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?";

constexpr const char* kTokenCols =
    "id, name, token_hash, prefix, user_id, org_id, role, created_at, expires_at, revoked_at, last_used_at";
const std::string kSelectTokenByHash = std::string("SELECT ") + kTokenCols + " FROM api_tokens WHERE token_hash = ?";
const std::string kSelectTokens = std::string("SELECT ") + kTokenCols + " FROM api_tokens ORDER BY id";
constexpr const char* kInsertToken =
    "INSERT INTO api_tokens(name, token_hash, prefix, user_id, org_id, role, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kRevokeToken = "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";

constexpr const char* kInvitationCols =
    "id, org_id, role, invitee_username, invitee_email, token_hash, invited_by, state, created_at, expires_at, "
    "decided_at, decided_by";
const std::string kSelectInvitation = std::string("SELECT ") + kInvitationCols + " FROM invitations WHERE id = ?";
const std::string kSelectOrgInvitations =
    std::string("SELECT ") + kInvitationCols + " FROM invitations WHERE org_id = ? ORDER BY id DESC";
const std::string kSelectPendingInvitations = std::string("SELECT ") + kInvitationCols +
                                              " FROM invitations WHERE invitee_username = ? AND state = 'pending' "
                                              "ORDER BY id DESC";
constexpr const char* kInsertInvitation =
    "INSERT INTO invitations(org_id, role, invitee_username, invitee_email, token_hash, invited_by, state, created_at, "
    "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kDecideInvitation =
    "UPDATE invitations SET state = ?, decided_at = ?, decided_by = ? WHERE id = ? AND state = 'pending'";

constexpr const char* kProductCols =
    "id, provider_org, name, model, kind, platform, versions, purls, cpes, customers, created_at, updated_at, "
    "app_id, store_version";
const std::string kSelectProduct = std::string("SELECT ") + kProductCols + " FROM products WHERE id = ?";
constexpr const char* kInsertProduct =
    "INSERT INTO products(provider_org, name, model, kind, platform, versions, purls, cpes, customers, created_at, "
    "updated_at, app_id, store_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateProduct =
    "UPDATE products SET name = ?, model = ?, kind = ?, platform = ?, versions = ?, purls = ?, cpes = ?, "
    "customers = ?, updated_at = ?, app_id = ?, store_version = ? WHERE id = ?";

constexpr const char* kSelectSetting = "SELECT value FROM settings WHERE key = ?";
constexpr const char* kUpsertSetting =
    "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";

constexpr const char* kInsertAccess =
    "INSERT INTO access_log(at, user_id, actor_name, action, object_type, object_id, detail, request_id, seq, "
    "prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kAccessCols =
    "id, at, user_id, actor_name, action, object_type, object_id, detail, request_id, seq, prev_hash, entry_hash";
constexpr const char* kSelectAccessHead =
    "SELECT seq, entry_hash FROM access_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1";
// Unchained entries (written before the chain existed, schema 18) last, so
// verify reports them after the chained ones.
const std::string kScanAccess =
    std::string("SELECT ") + kAccessCols + " FROM access_log ORDER BY seq IS NULL, seq, id";
const std::string kSelectUnchainedAccess =
    std::string("SELECT ") + kAccessCols + " FROM access_log WHERE seq IS NULL ORDER BY id";
constexpr const char* kChainAccess = "UPDATE access_log SET seq = ?, prev_hash = ?, entry_hash = ? WHERE id = ?";

AccessEntry read_access(const Stmt& s) {
  AccessEntry e;
  e.id = s.i64(0);
  e.at = from_micros(s.i64(1));
  e.user_id = s.opt_i64(2);
  e.actor_name = s.text(3);
  e.action = s.text(4);
  e.object_type = s.text(5);
  e.object_id = s.i64(6);
  e.detail = s.text(7);
  e.request_id = s.text(8);
  e.seq = s.opt_i64(9).value_or(0);
  e.prev_hash = s.text(10);
  e.hash = s.text(11);
  return e;
}

Organisation read_org(const Stmt& s) {
  return {s.i64(0), s.text(1), parse_enum<OrgType>(s.text(2)).value_or(OrgType::provider), s.text(3), s.text(4),
          from_micros(s.i64(5))};
}

User read_user(const Stmt& s) {
  User u;
  u.id = s.i64(0);
  u.username = s.text(1);
  u.display_name = s.text(2);
  u.email = s.text(3);
  u.password_hash = s.text(4);
  u.platform_admin = s.i64(5) != 0;
  u.finder = s.i64(6) != 0;
  u.disabled = s.i64(7) != 0;
  u.created_at = from_micros(s.i64(8));
  return u;
}

ApiToken read_token(const Stmt& s) {
  ApiToken t;
  t.id = s.i64(0);
  t.name = s.text(1);
  t.token_hash = s.text(2);
  t.prefix = s.text(3);
  t.user_id = s.i64(4);
  t.scope = {s.i64(5), parse_enum<Role>(s.text(6)).value_or(Role::member)};
  t.created_at = from_micros(s.i64(7));
  t.expires_at = from_micros(s.i64(8));
  if (auto v = s.opt_i64(9)) t.revoked_at = from_micros(*v);
  if (auto v = s.opt_i64(10)) t.last_used_at = from_micros(*v);
  return t;
}

Invitation read_invitation(const Stmt& s) {
  Invitation i;
  i.id = s.i64(0);
  i.org_id = s.i64(1);
  i.role = parse_enum<Role>(s.text(2)).value_or(Role::member);
  i.invitee_username = s.text(3);
  i.invitee_email = s.text(4);
  i.token_hash = s.text(5);
  i.invited_by = s.i64(6);
  i.state = s.text(7);
  i.created_at = from_micros(s.i64(8));
  i.expires_at = from_micros(s.i64(9));
  if (auto v = s.opt_i64(10)) i.decided_at = from_micros(*v);
  i.decided_by = s.opt_i64(11);
  return i;
}

std::string customers_json(const std::vector<Customer>& cs) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& c : cs) {
    nlohmann::json o{{"name", c.name}, {"contact", c.contact}};
    o["org_id"] = c.org_id ? nlohmann::json(*c.org_id) : nlohmann::json(nullptr);
    a.push_back(o);
  }
  return a.dump();
}

std::vector<Customer> customers_from(const std::string& s) {
  std::vector<Customer> out;
  auto j = nlohmann::json::parse(s, nullptr, false);
  if (!j.is_array()) return out;
  for (auto& e : j) {
    Customer c;
    c.name = e.value("name", "");
    c.contact = e.value("contact", "");
    if (e.contains("org_id") && e["org_id"].is_number_integer()) c.org_id = e["org_id"].get<Id>();
    out.push_back(std::move(c));
  }
  return out;
}

Product read_product(const Stmt& s) {
  Product p;
  p.id = s.i64(0);
  p.provider_org = s.i64(1);
  p.name = s.text(2);
  p.model = s.text(3);
  p.kind = parse_enum<ProductKind>(s.text(4)).value_or(ProductKind::software);
  p.platform = s.text(5);
  p.versions = from_json_array(s.text(6));
  p.purls = from_json_array(s.text(7));
  p.cpes = from_json_array(s.text(8));
  p.customers = customers_from(s.text(9));
  p.created_at = from_micros(s.i64(10));
  p.updated_at = from_micros(s.i64(11));
  p.app_id = s.text(12);
  p.store_version = s.text(13);
  return p;
}

const std::string kSelectOrgMembers = std::string("SELECT ") + kUserCols +
                                      ", m.role FROM users JOIN memberships m ON m.user_id = users.id "
                                      "WHERE m.org_id = ? AND users.disabled = 0 ORDER BY users.id";

template <class Conn>
Status delete_recovery_codes(Conn& c, Id user_id) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare(kDeleteRecoveryCodes));
  s->args(user_id);
  return s->run();
}

}  // namespace tx_people_sql

using namespace tx_people_sql;

Result<std::vector<std::pair<User, Role>>> Tx::org_members(Id org_id) {
  return all<std::pair<User, Role>>(c_, kSelectOrgMembers.c_str(), [](const Stmt& s) {
    return std::make_pair(read_user(s), parse_enum<Role>(s.text(9)).value_or(Role::member));
  }, org_id);
}

Result<std::optional<Organisation>> Tx::org(Id id) { return one<Organisation>(c_, kSelectOrg.c_str(), read_org, id); }
Result<std::vector<Organisation>> Tx::orgs() { return all<Organisation>(c_, kSelectOrgs.c_str(), read_org); }

Result<std::optional<User>> Tx::user(Id id) { return one<User>(c_, kSelectUser.c_str(), read_user, id); }
Result<std::optional<User>> Tx::user_by_name(const std::string& n) {
  return one<User>(c_, kSelectUserByName.c_str(), read_user, n);
}
Result<std::vector<User>> Tx::users() { return all<User>(c_, kSelectUsers.c_str(), read_user); }

Result<std::vector<Membership>> Tx::memberships(Id user_id) {
  return all<Membership>(
      c_, kSelectMemberships,
      [](const Stmt& s) { return Membership{s.i64(0), parse_enum<Role>(s.text(1)).value_or(Role::member)}; }, user_id);
}

Result<std::optional<SecondFactor>> Tx::second_factor(Id user_id) {
  return one<SecondFactor>(
      c_, kSelectSecondFactor,
      [](const Stmt& s) {
        SecondFactor f;
        f.user_id = s.i64(0);
        f.secret_sealed = s.text(1);
        if (auto at = s.opt_i64(2)) f.enabled_at = from_micros(*at);
        f.last_step = s.i64(3);
        f.created_at = from_micros(s.i64(4));
        return f;
      },
      user_id);
}

Result<int> Tx::unused_recovery_codes(Id user_id) {
  LD_ASSIGN_OR_RETURN(auto n, one<std::int64_t>(c_, kCountRecoveryCodes, [](const Stmt& s) { return s.i64(0); }, user_id));
  return static_cast<int>(n.value_or(0));
}

Result<std::optional<Session>> Tx::session(const std::string& h) {
  return one<Session>(
      c_, kSelectSession,
      [](const Stmt& s) {
        return Session{s.text(0), s.i64(1), s.text(2), from_micros(s.i64(3)), from_micros(s.i64(4))};
      },
      h);
}

Result<std::optional<ApiToken>> Tx::token_by_hash(const std::string& h) {
  return one<ApiToken>(c_, kSelectTokenByHash.c_str(), read_token, h);
}
Result<std::vector<ApiToken>> Tx::tokens() { return all<ApiToken>(c_, kSelectTokens.c_str(), read_token); }

Result<std::optional<Invitation>> Tx::invitation(Id id) {
  return one<Invitation>(c_, kSelectInvitation.c_str(), read_invitation, id);
}
Result<std::vector<Invitation>> Tx::org_invitations(Id org_id) {
  return all<Invitation>(c_, kSelectOrgInvitations.c_str(), read_invitation, org_id);
}
Result<std::vector<Invitation>> Tx::pending_invitations_for(const std::string& username) {
  return all<Invitation>(c_, kSelectPendingInvitations.c_str(), read_invitation, username);
}

Result<std::optional<Product>> Tx::product(Id id) {
  return one<Product>(c_, kSelectProduct.c_str(), read_product, id);
}

Result<Page<Product>> Tx::products(const ProductFilter& f) {
  Where w;
  if (f.provider_org) w.add("provider_org = ?", *f.provider_org);
  if (!f.text.empty()) {
    w.add(std::string("(name ") + kLikeAnyCase + " ? ESCAPE '\\' OR model " + kLikeAnyCase + " ? ESCAPE '\\')");
    std::string pat = "%";
    for (char ch : f.text) {
      if (ch == '%' || ch == '_' || ch == '\\') pat += '\\';
      pat += ch;
    }
    pat += "%";
    w.params.push_back(pat);
    w.params.push_back(pat);
  }
  Page<Product> page;
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic("SELECT count(*) FROM products" + w.sql));
    w.bind(*s);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    page.total = row ? s->i64(0) : 0;
  }
  Where w2 = w;
  if (!f.page.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto cur, decode_cursor(f.page.cursor));
    w2.add("id > ?", cur.id);
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(std::string("SELECT ") + kProductCols + " FROM products" + w2.sql +
                                                 " ORDER BY id LIMIT ?"));
  w2.bind(*s);
  s->bind(static_cast<int>(w2.params.size()) + 1, static_cast<std::int64_t>(f.page.limit + 1));
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    page.items.push_back(read_product(*s));
  }
  if (static_cast<int>(page.items.size()) > f.page.limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor({0, page.items.back().id});
  }
  return page;
}

Result<std::optional<std::string>> Tx::setting(const std::string& key) {
  return one<std::string>(c_, kSelectSetting, [](const Stmt& s) { return s.text(0); }, key);
}

Result<Page<AccessEntry>> Tx::access_log(const PageRequest& p) {
  static const std::string kSql =
      std::string("SELECT ") + kAccessCols + " FROM access_log WHERE id < ? ORDER BY id DESC LIMIT ?";
  std::int64_t before = INT64_MAX;
  if (!p.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto cur, decode_cursor(p.cursor));
    before = cur.id;
  }
  LD_ASSIGN_OR_RETURN(auto items,
                      all<AccessEntry>(c_, kSql.c_str(), read_access, before, static_cast<std::int64_t>(p.limit + 1)));
  Page<AccessEntry> page;
  page.items = std::move(items);
  if (static_cast<int>(page.items.size()) > p.limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor({0, page.items.back().id});
  }
  page.total = static_cast<std::int64_t>(page.items.size());
  return page;
}

Result<ChainAnchor> Tx::access_head() {
  LD_ASSIGN_OR_RETURN(auto head, one<ChainAnchor>(c_, kSelectAccessHead, [](const Stmt& s) {
    return ChainAnchor{s.i64(0), s.text(1)};
  }));
  return head.value_or(ChainAnchor{});
}

Status Tx::scan_access_log(const std::function<bool(const AccessEntry&)>& visit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kScanAccess.c_str()));
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row || !visit(read_access(*s))) return {};
  }
}

Result<Id> Tx::insert_org(const Organisation& o) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertOrg));
  s->args(o.name, name_of(o.type), o.region, o.contact_email, to_micros(o.created_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_org(const Organisation& o) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateOrg));
  s->args(o.name, name_of(o.type), o.region, o.contact_email, o.id);
  return s->run();
}

Result<Id> Tx::insert_user(const User& u) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertUser));
  s->args(u.username, u.display_name, u.email, u.password_hash, u.platform_admin, u.finder, u.disabled,
          to_micros(u.created_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_user(const User& u) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateUser));
  s->args(u.display_name, u.email, u.password_hash, u.platform_admin, u.disabled, u.id);
  return s->run();
}

Status Tx::set_membership(Id user_id, const Membership& m) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpsertMembership));
  s->args(user_id, m.org_id, name_of(m.role));
  return s->run();
}

Status Tx::remove_membership(Id user_id, Id org_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteMembership));
  s->args(user_id, org_id);
  return s->run();
}

Status Tx::insert_session(const Session& x) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertSession));
  s->args(x.token_hash, x.user_id, x.csrf_token, to_micros(x.created_at), to_micros(x.expires_at));
  return s->run();
}

Status Tx::delete_session(const std::string& h) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteSession));
  s->args(h);
  return s->run();
}

Status Tx::put_second_factor(const SecondFactor& f) {
  LD_RETURN_IF_ERROR(delete_recovery_codes(c_, f.user_id));
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpsertSecondFactor));
  s->bind(1, f.user_id);
  s->bind_blob(2, f.secret_sealed);
  s->bind(3, to_micros(f.created_at));
  return s->run();
}

Status Tx::enable_second_factor(Id user_id, Time at, std::int64_t step, const std::vector<std::string>& hashes) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kEnableSecondFactor));
  s->args(to_micros(at), step, user_id);
  LD_RETURN_IF_ERROR(s->run());
  if (c_.changes() == 0) return Error::conflict("no second factor is waiting for its first code");
  LD_RETURN_IF_ERROR(delete_recovery_codes(c_, user_id));
  for (const auto& h : hashes) {
    LD_ASSIGN_OR_RETURN(auto ins, c_.prepare(kInsertRecoveryCode));
    ins->args(user_id, h);
    LD_RETURN_IF_ERROR(ins->run());
  }
  return {};
}

Result<bool> Tx::take_totp_step(Id user_id, std::int64_t step) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kTakeTotpStep));
  s->args(step, user_id, step);
  LD_RETURN_IF_ERROR(s->run());
  return c_.changes() > 0;
}

Result<bool> Tx::take_recovery_code(Id user_id, const std::string& code_hash, Time at) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kTakeRecoveryCode));
  s->args(to_micros(at), user_id, code_hash);
  LD_RETURN_IF_ERROR(s->run());
  return c_.changes() > 0;
}

Status Tx::delete_second_factor(Id user_id) {
  LD_RETURN_IF_ERROR(delete_recovery_codes(c_, user_id));
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteSecondFactor));
  s->args(user_id);
  return s->run();
}

Result<Id> Tx::insert_token(const ApiToken& t) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertToken));
  s->args(t.name, t.token_hash, t.prefix, t.user_id, t.scope.org_id, name_of(t.scope.role), to_micros(t.created_at),
          to_micros(t.expires_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::revoke_token(Id id, Time at) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kRevokeToken));
  s->args(to_micros(at), id);
  return s->run();
}

Result<Id> Tx::insert_invitation(const Invitation& i) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertInvitation));
  s->args(i.org_id, name_of(i.role), i.invitee_username, i.invitee_email, i.token_hash, i.invited_by, i.state,
          to_micros(i.created_at), to_micros(i.expires_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::decide_invitation(Id id, const std::string& state, Time at, Id by) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDecideInvitation));
  s->args(state, to_micros(at), by, id);
  return s->run();
}

Result<Id> Tx::insert_product(const Product& p) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertProduct));
  s->args(p.provider_org, p.name, p.model, name_of(p.kind), p.platform, to_json_array(p.versions),
          to_json_array(p.purls), to_json_array(p.cpes), customers_json(p.customers), to_micros(p.created_at),
          to_micros(p.updated_at), p.app_id, p.store_version);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_product(const Product& p) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateProduct));
  s->args(p.name, p.model, name_of(p.kind), p.platform, to_json_array(p.versions), to_json_array(p.purls),
          to_json_array(p.cpes), customers_json(p.customers), to_micros(p.updated_at), p.app_id, p.store_version, p.id);
  return s->run();
}

Status Tx::set_setting(const std::string& key, const std::string& value) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpsertSetting));
  s->args(key, value);
  return s->run();
}

// The chain cannot fork: writes are serialised on both backends (SQLite's
// one writer; PostgreSQL's write lock, pg_store.cpp), so the head read here
// is the newest; the unique index on seq refuses a second entry with the
// same number should that ever not hold.
Result<Id> Tx::insert_access(const AccessEntry& in) {
  AccessEntry e = in;
  LD_ASSIGN_OR_RETURN(auto head, access_head());
  chain_after(e, head);
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAccess));
  s->args(to_micros(e.at), e.user_id, e.actor_name, e.action, e.object_type, e.object_id, e.detail, e.request_id,
          e.seq, e.prev_hash, e.hash);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Result<std::int64_t> Tx::chain_access_backlog() {
  LD_ASSIGN_OR_RETURN(auto backlog, all<AccessEntry>(c_, kSelectUnchainedAccess.c_str(), read_access));
  LD_ASSIGN_OR_RETURN(auto head, access_head());
  for (auto& e : backlog) {
    chain_after(e, head);
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kChainAccess));
    s->args(e.seq, e.prev_hash, e.hash, e.id);
    LD_RETURN_IF_ERROR(s->run());
    head = {e.seq, e.hash};
  }
  return static_cast<std::int64_t>(backlog.size());
}

