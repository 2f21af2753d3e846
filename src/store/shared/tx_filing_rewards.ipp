// Platform filing (备案) and rewards (issue 10).
// One source for both backends (store/shared/tx_settings.ipp says how).

namespace tx_filing_rewards_sql {

using namespace domain;

constexpr const char* kFilingCols =
    "id, status, fields, host_id_sealed, filing_number, filed_on, change_filed_on, cancelled_on, unfiled_changes, "
    "created_at, updated_at, updated_by";
const std::string kSelectFiling =
    std::string("SELECT ") + kFilingCols + " FROM platform_filings ORDER BY id DESC LIMIT 1";
constexpr const char* kInsertFiling =
    "INSERT INTO platform_filings(status, fields, host_id_sealed, filing_number, filed_on, change_filed_on, "
    "cancelled_on, unfiled_changes, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateFiling =
    "UPDATE platform_filings SET status = ?, fields = ?, host_id_sealed = ?, filing_number = ?, filed_on = ?, "
    "change_filed_on = ?, cancelled_on = ?, unfiled_changes = ?, updated_at = ?, updated_by = ? WHERE id = ?";
constexpr const char* kSelectFilingAttachments =
    "SELECT id, filing_id, kind, filename, content_type, size, sha256, '', created_at, created_by "
    "FROM platform_filing_attachments WHERE filing_id = ? AND replaced_by IS NULL ORDER BY id";
constexpr const char* kSelectFilingAttachmentsWithContent =
    "SELECT id, filing_id, kind, filename, content_type, size, sha256, content_sealed, created_at, created_by "
    "FROM platform_filing_attachments WHERE filing_id = ? ORDER BY id";
constexpr const char* kInsertFilingAttachment =
    "INSERT INTO platform_filing_attachments(filing_id, kind, filename, content_type, size, sha256, content_sealed, "
    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kReplaceFilingAttachments =
    "UPDATE platform_filing_attachments SET replaced_by = ? WHERE filing_id = ? AND kind = ? AND id <> ? "
    "AND replaced_by IS NULL";

constexpr const char* kRewardCols =
    "id, case_id, paying_org, report_id, finder_user_id, finder_name, amount_minor, currency, state, note, "
    "proposed_at, proposed_by, approved_at, approved_by, paid_at, paid_by, payment_reference, cancelled_at, "
    "cancelled_by, cancel_reason, updated_at";
const std::string kSelectReward = std::string("SELECT ") + kRewardCols + " FROM rewards WHERE id = ?";
const std::string kSelectCaseRewards =
    std::string("SELECT ") + kRewardCols + " FROM rewards WHERE case_id = ? ORDER BY id";
const std::string kSelectFinderRewards =
    std::string("SELECT ") + kRewardCols + " FROM rewards WHERE finder_user_id = ? ORDER BY id DESC";
constexpr const char* kInsertReward =
    "INSERT INTO rewards(case_id, paying_org, report_id, finder_user_id, finder_name, amount_minor, currency, state, "
    "note, proposed_at, proposed_by, approved_at, approved_by, paid_at, paid_by, payment_reference, cancelled_at, "
    "cancelled_by, cancel_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateReward =
    "UPDATE rewards SET state = ?, note = ?, approved_at = ?, approved_by = ?, paid_at = ?, paid_by = ?, "
    "payment_reference = ?, cancelled_at = ?, cancelled_by = ?, cancel_reason = ?, updated_at = ? WHERE id = ?";

// Rows without a product or grade (the provider's defaults) sort first on both
// backends: SQLite puts NULLs first, PostgreSQL last, so the order says so.
constexpr const char* kPolicyCols =
    "id, provider_org, product_id, grade, min_minor, max_minor, currency, note, updated_at, updated_by";
const std::string kSelectRewardPolicy = std::string("SELECT ") + kPolicyCols + " FROM reward_policies WHERE id = ?";
const std::string kSelectRewardPolicies = std::string("SELECT ") + kPolicyCols +
                                          " FROM reward_policies ORDER BY provider_org, product_id IS NOT NULL, product_id, grade IS NOT NULL, grade, id";
const std::string kSelectProviderRewardPolicies =
    std::string("SELECT ") + kPolicyCols +
    " FROM reward_policies WHERE provider_org = ? ORDER BY provider_org, product_id IS NOT NULL, product_id, grade IS NOT NULL, grade, id";
constexpr const char* kInsertRewardPolicy =
    "INSERT INTO reward_policies(provider_org, product_id, grade, min_minor, max_minor, currency, note, updated_at, "
    "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateRewardPolicy =
    "UPDATE reward_policies SET product_id = ?, grade = ?, min_minor = ?, max_minor = ?, currency = ?, note = ?, "
    "updated_at = ?, updated_by = ? WHERE id = ?";
constexpr const char* kDeleteRewardPolicy = "DELETE FROM reward_policies WHERE id = ?";

std::optional<Time> opt_time(const Stmt& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  return from_micros(s.i64(col));
}
std::optional<std::int64_t> opt_micros(const std::optional<Time>& t) {
  if (!t) return std::nullopt;
  return to_micros(*t);
}
std::optional<std::string> opt_grade(const std::optional<assessment::Grade>& g) {
  if (!g) return std::nullopt;
  return std::string(assessment::grade_code(*g));
}

PlatformFiling read_filing(const Stmt& s) {
  PlatformFiling f;
  f.id = s.i64(0);
  f.status = parse_enum<FilingStatus>(s.text(1)).value_or(FilingStatus::draft);
  f.fields = filing_fields_from_json(s.text_view(2));
  f.host_id_sealed = s.text(3);
  f.filing_number = s.text(4);
  f.filed_on = s.text(5);
  f.change_filed_on = s.text(6);
  f.cancelled_on = s.text(7);
  f.unfiled_changes = s.i64(8) != 0;
  f.created_at = from_micros(s.i64(9));
  f.updated_at = from_micros(s.i64(10));
  f.updated_by = s.opt_i64(11);
  return f;
}

FilingAttachment read_filing_attachment(const Stmt& s) {
  FilingAttachment a;
  a.id = s.i64(0);
  a.filing_id = s.i64(1);
  a.kind = parse_enum<FilingAttachmentKind>(s.text(2)).value_or(FilingAttachmentKind::mlps_proof);
  a.filename = s.text(3);
  a.content_type = s.text(4);
  a.size = s.i64(5);
  a.sha256 = s.text(6);
  a.content_sealed = s.text(7);
  a.created_at = from_micros(s.i64(8));
  a.created_by = s.opt_i64(9);
  return a;
}

Reward read_reward(const Stmt& s) {
  Reward r;
  r.id = s.i64(0);
  r.case_id = s.i64(1);
  r.paying_org = s.i64(2);
  r.report_id = s.opt_i64(3);
  r.finder_user_id = s.opt_i64(4);
  r.finder_name = s.text(5);
  r.amount_minor = s.i64(6);
  r.currency = s.text(7);
  r.state = parse_enum<RewardState>(s.text(8)).value_or(RewardState::proposed);
  r.note = s.text(9);
  r.proposed_at = from_micros(s.i64(10));
  r.proposed_by = s.opt_i64(11);
  r.approved_at = opt_time(s, 12);
  r.approved_by = s.opt_i64(13);
  r.paid_at = opt_time(s, 14);
  r.paid_by = s.opt_i64(15);
  r.payment_reference = s.text(16);
  r.cancelled_at = opt_time(s, 17);
  r.cancelled_by = s.opt_i64(18);
  r.cancel_reason = s.text(19);
  r.updated_at = from_micros(s.i64(20));
  return r;
}

RewardPolicy read_policy(const Stmt& s) {
  RewardPolicy p;
  p.id = s.i64(0);
  p.provider_org = s.i64(1);
  p.product_id = s.opt_i64(2);
  if (!s.is_null(3)) {
    auto g = assessment::parse_grade(s.text(3));
    if (g.ok()) p.grade = *g;
  }
  p.min_minor = s.i64(4);
  p.max_minor = s.i64(5);
  p.currency = s.text(6);
  p.note = s.text(7);
  p.updated_at = from_micros(s.i64(8));
  p.updated_by = s.opt_i64(9);
  return p;
}

}  // namespace tx_filing_rewards_sql

using namespace tx_filing_rewards_sql;

Result<std::optional<PlatformFiling>> Tx::platform_filing() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectFiling.c_str()));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<PlatformFiling>();
  return std::optional<PlatformFiling>(read_filing(*s));
}

Result<std::vector<FilingAttachment>> Tx::platform_filing_attachments(Id filing_id, bool with_content) {
  return all<FilingAttachment>(c_, with_content ? kSelectFilingAttachmentsWithContent : kSelectFilingAttachments,
                               read_filing_attachment, filing_id);
}

Result<std::optional<Reward>> Tx::reward(Id id) { return one<Reward>(c_, kSelectReward.c_str(), read_reward, id); }

Result<std::vector<Reward>> Tx::case_rewards(Id case_id) {
  return all<Reward>(c_, kSelectCaseRewards.c_str(), read_reward, case_id);
}

Result<std::vector<Reward>> Tx::finder_rewards(Id finder_user_id) {
  return all<Reward>(c_, kSelectFinderRewards.c_str(), read_reward, finder_user_id);
}

Result<std::optional<RewardPolicy>> Tx::reward_policy(Id id) {
  return one<RewardPolicy>(c_, kSelectRewardPolicy.c_str(), read_policy, id);
}

Result<std::vector<RewardPolicy>> Tx::reward_policies(std::optional<Id> provider_org) {
  if (provider_org) return all<RewardPolicy>(c_, kSelectProviderRewardPolicies.c_str(), read_policy, *provider_org);
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectRewardPolicies.c_str()));
  return collect<RewardPolicy>(*s, read_policy);
}

Result<Id> Tx::insert_platform_filing(const PlatformFiling& f) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertFiling));
  s->args(name_of(f.status), filing_fields_json(f.fields, false));
  s->bind_blob(3, f.host_id_sealed);
  s->bind(4, f.filing_number).bind(5, f.filed_on).bind(6, f.change_filed_on).bind(7, f.cancelled_on);
  s->bind(8, f.unfiled_changes).bind(9, to_micros(f.created_at)).bind(10, to_micros(f.updated_at));
  s->bind(11, f.updated_by);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_platform_filing(const PlatformFiling& f) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateFiling));
  s->args(name_of(f.status), filing_fields_json(f.fields, false));
  s->bind_blob(3, f.host_id_sealed);
  s->bind(4, f.filing_number).bind(5, f.filed_on).bind(6, f.change_filed_on).bind(7, f.cancelled_on);
  s->bind(8, f.unfiled_changes).bind(9, to_micros(f.updated_at)).bind(10, f.updated_by).bind(11, f.id);
  return s->run();
}

Result<Id> Tx::insert_platform_filing_attachment(const FilingAttachment& a) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertFilingAttachment));
  s->args(a.filing_id, name_of(a.kind), a.filename, a.content_type, a.size, a.sha256);
  s->bind_blob(7, a.content_sealed);
  s->bind(8, to_micros(a.created_at)).bind(9, a.created_by);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::replace_platform_filing_attachments(const FilingAttachment& a) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kReplaceFilingAttachments));
  s->args(a.id, a.filing_id, name_of(a.kind), a.id);
  return s->run();
}

Result<Id> Tx::insert_reward(const Reward& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertReward));
  s->args(r.case_id, r.paying_org, r.report_id, r.finder_user_id, r.finder_name, r.amount_minor, r.currency,
          name_of(r.state), r.note, to_micros(r.proposed_at), r.proposed_by, opt_micros(r.approved_at), r.approved_by,
          opt_micros(r.paid_at), r.paid_by, r.payment_reference, opt_micros(r.cancelled_at), r.cancelled_by,
          r.cancel_reason, to_micros(r.updated_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_reward(const Reward& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateReward));
  s->args(name_of(r.state), r.note, opt_micros(r.approved_at), r.approved_by, opt_micros(r.paid_at), r.paid_by,
          r.payment_reference, opt_micros(r.cancelled_at), r.cancelled_by, r.cancel_reason, to_micros(r.updated_at),
          r.id);
  return s->run();
}

Result<Id> Tx::insert_reward_policy(const RewardPolicy& p) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertRewardPolicy));
  s->args(p.provider_org, p.product_id, opt_grade(p.grade), p.min_minor, p.max_minor, p.currency, p.note,
          to_micros(p.updated_at), p.updated_by);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_reward_policy(const RewardPolicy& p) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateRewardPolicy));
  s->args(p.product_id, opt_grade(p.grade), p.min_minor, p.max_minor, p.currency, p.note, to_micros(p.updated_at),
          p.updated_by, p.id);
  return s->run();
}

Status Tx::delete_reward_policy(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteRewardPolicy));
  s->args(id);
  return s->run();
}

