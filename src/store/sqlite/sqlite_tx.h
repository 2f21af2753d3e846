// SqliteTx implements the store's transaction interface on one connection.
// The caller (SqliteStore) opens and ends the SQL transaction around it.
#pragma once

#include "store/sqlite/db.h"
#include "store/store.h"

namespace loudong::store::sqlite {

class SqliteTx final : public WriteTx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}

  Result<std::optional<domain::Organisation>> org(Id id) override;
  Result<std::vector<domain::Organisation>> orgs() override;
  Result<std::optional<domain::User>> user(Id id) override;
  Result<std::optional<domain::User>> user_by_name(const std::string& username) override;
  Result<std::vector<domain::User>> users() override;
  Result<std::vector<domain::Membership>> memberships(Id user_id) override;
  Result<std::vector<std::pair<domain::User, domain::Role>>> org_members(Id org_id) override;
  Result<std::optional<domain::Session>> session(const std::string& token_hash) override;
  Result<std::optional<domain::SecondFactor>> second_factor(Id user_id) override;
  Result<int> unused_recovery_codes(Id user_id) override;
  Result<std::optional<domain::ApiToken>> token_by_hash(const std::string& token_hash) override;
  Result<std::vector<domain::ApiToken>> tokens() override;
  Result<std::optional<domain::Invitation>> invitation(Id id) override;
  Result<std::vector<domain::Invitation>> org_invitations(Id org_id) override;
  Result<std::vector<domain::Invitation>> pending_invitations_for(const std::string& username) override;
  Result<std::optional<domain::Product>> product(Id id) override;
  Result<Page<domain::Product>> products(const ProductFilter& f) override;
  Result<std::optional<domain::Report>> report(Id id) override;
  Result<std::optional<domain::Report>> report_by_tracking(const std::string& tracking_id) override;
  Result<Page<domain::Report>> reports(const ReportFilter& f) override;
  Result<std::vector<domain::Report>> reports_of_case(Id case_id) override;
  Result<std::vector<domain::Attachment>> attachments(Id report_id, bool with_content) override;
  Result<std::optional<domain::Case>> get_case(Id id) override;
  Result<Page<domain::Case>> cases(const CaseFilter& f) override;
  Result<std::vector<Id>> case_participants(Id case_id) override;
  Result<std::vector<domain::Event>> events(const std::string& subject_type, Id subject_id) override;
  Result<std::vector<domain::Message>> messages(std::optional<Id> report_id, std::optional<Id> case_id) override;
  Result<std::vector<domain::ClockRecord>> clocks_of(std::optional<Id> report_id, std::optional<Id> case_id) override;
  Result<std::vector<RunningClock>> running_clocks(const ClockFilter& f) override;
  Result<std::optional<domain::RegulatoryReport>> regulatory_report(Id id) override;
  Result<std::vector<domain::RegulatoryReport>> regulatory_reports(Id case_id) override;
  Result<std::vector<domain::UpstreamNotice>> upstream_notices(Id case_id) override;
  Result<std::vector<domain::UserNotice>> user_notices(Id case_id) override;
  Result<std::optional<domain::ReceiptRecord>> last_receipt() override;
  Result<domain::ChainAnchor> receipt_anchor() override;
  Status scan_receipts(const std::function<bool(const domain::ReceiptRecord&)>& visit) override;
  Result<Page<domain::ReceiptRecord>> receipts(const ReceiptFilter& f) override;
  Result<std::vector<std::int64_t>> reports_missing_receipts(std::int64_t after_seq) override;
  Status scan_reports_by_receipt(
      std::int64_t after_seq,
      const std::function<bool(const domain::Report&, const std::string&, const std::string&)>& visit) override;
  Result<SealedData> sealed_data() override;
  Result<Page<domain::AccessEntry>> access_log(const PageRequest& p) override;
  Result<domain::ChainAnchor> access_head() override;
  Status scan_access_log(const std::function<bool(const domain::AccessEntry&)>& visit) override;
  Result<std::optional<std::string>> setting(const std::string& key) override;
  Result<std::vector<domain::StoredPolicySetting>> policy_settings() override;
  Result<std::vector<std::pair<std::int64_t, std::int64_t>>> rate_hits(const std::string& key,
                                                                        std::int64_t since) override;
  Result<Page<domain::PolicyChange>> policy_changes(const PageRequest& p) override;
  Result<std::map<Id, std::string>> user_names(const std::vector<Id>& ids) override;
  Result<Page<PublishedCase>> published_cases(const PageRequest& p) override;
  Result<std::optional<PublishedCase>> published_case(const std::string& ref) override;
  Result<DashboardStats> dashboard(const std::optional<std::vector<Id>>& participant_orgs, Time now,
                                   int weeks) override;

  Result<Id> insert_org(const domain::Organisation& o) override;
  Status update_org(const domain::Organisation& o) override;
  Result<Id> insert_user(const domain::User& u) override;
  Status update_user(const domain::User& u) override;
  Status set_membership(Id user_id, const domain::Membership& m) override;
  Status remove_membership(Id user_id, Id org_id) override;
  Status insert_session(const domain::Session& s) override;
  Status delete_session(const std::string& token_hash) override;
  Status put_second_factor(const domain::SecondFactor& f) override;
  Status enable_second_factor(Id user_id, Time at, std::int64_t step,
                              const std::vector<std::string>& recovery_hashes) override;
  Result<bool> take_totp_step(Id user_id, std::int64_t step) override;
  Result<bool> take_recovery_code(Id user_id, const std::string& code_hash, Time at) override;
  Status delete_second_factor(Id user_id) override;
  Result<Id> insert_token(const domain::ApiToken& t) override;
  Status revoke_token(Id id, Time at) override;
  Result<Id> insert_invitation(const domain::Invitation& i) override;
  Status decide_invitation(Id id, const std::string& state, Time at, Id by) override;
  Result<Id> insert_product(const domain::Product& p) override;
  Status update_product(const domain::Product& p) override;
  Result<Id> insert_report(const domain::Report& r) override;
  Status update_report(const domain::Report& r) override;
  Result<Id> insert_attachment(const domain::Attachment& a) override;
  Status append_receipt(const domain::ReceiptRecord& r) override;
  Result<std::int64_t> purge_receipts(std::int64_t up_to_seq, const domain::ChainAnchor& anchor) override;
  Result<Id> insert_case(const domain::Case& c) override;
  Status update_case(const domain::Case& c) override;
  Status add_participant(Id case_id, Id org_id, const std::string& role) override;
  Status remove_participant(Id case_id, Id org_id, const std::string& role) override;
  Result<Id> insert_event(const domain::Event& e) override;
  Result<Id> insert_message(const domain::Message& m) override;
  Result<Id> insert_clock(const domain::ClockRecord& c) override;
  Status update_clock(const domain::ClockRecord& c) override;
  Status delete_clock(Id id) override;
  Result<Id> insert_regulatory_report(const domain::RegulatoryReport& r) override;
  Status update_regulatory_report(const domain::RegulatoryReport& r) override;
  Result<Id> insert_upstream_notice(const domain::UpstreamNotice& n) override;
  Result<Id> insert_user_notice(const domain::UserNotice& n) override;
  Result<Id> insert_access(const domain::AccessEntry& e) override;
  // Chains the access log's entries written before the chain existed, in id
  // order after the head (the migration that adds the chain calls it).
  Result<std::int64_t> chain_access_backlog();
  Status set_setting(const std::string& key, const std::string& value) override;
  Status put_policy_setting(const domain::StoredPolicySetting& s) override;
  Status delete_policy_setting(const std::string& field) override;
  Result<std::int64_t> add_rate_hit(const std::string& key, std::int64_t window_start) override;
  Status clear_rate_key(const std::string& key) override;
  Result<std::int64_t> prune_rate_counters(std::int64_t before) override;
  Result<Id> insert_policy_change(const domain::PolicyChange& c) override;

  // Inventory (advisories, SBOM components): tx_inventory.cpp
  Result<std::optional<AdvisoryRow>> advisory(const std::string& id) override;
  Result<Page<AdvisoryRow>> advisories(const AdvisoryFilter& f) override;
  Status scan_advisories(const std::function<bool(const AdvisoryRow&)>& visit) override;
  Result<std::int64_t> advisory_count() override;
  Result<std::optional<SbomRow>> sbom(std::int64_t product_id, const std::string& version) override;
  Result<std::vector<SbomRow>> sboms(std::optional<std::int64_t> product_id) override;
  Result<std::vector<ComponentRow>> components(std::int64_t sbom_id) override;
  Status scan_components(const std::function<bool(const SbomRow&, const std::vector<ComponentRow>&)>& visit) override;
  Result<std::vector<std::pair<SbomRow, ComponentRow>>> components_of_package(const std::string& ecosystem,
                                                                               const std::string& name) override;
  Result<std::vector<CaseComponentRow>> case_components(std::int64_t case_id) override;
  Result<std::vector<CaseComponentRow>> all_case_components() override;
  Result<std::int64_t> match_change_head() override;
  Result<std::vector<MatchChange>> match_changes_after(std::int64_t seq, int limit) override;
  Result<std::vector<PendingUserNotice>> pending_user_notices(std::int64_t case_id) override;
  Result<bool> put_advisory(const AdvisoryRow& row) override;
  Result<std::vector<PutOutcome>> put_advisories(const std::vector<AdvisoryRow>& rows, AdvisoryKeys keys) override;
  Result<std::int64_t> index_advisory_keys() override;
  Result<std::int64_t> index_advisory_keys(const PendingAdvisoryKeys& keys) override;
  Result<std::int64_t> pending_advisory_keys() override;
  Result<PendingAdvisoryKeys> read_pending_advisory_keys() override;
  Result<std::int64_t> put_sbom(const SbomRow& sbom, const std::vector<ComponentRow>& components) override;
  Status set_case_components(std::int64_t case_id, const std::vector<CaseComponentRow>& components) override;
  Result<std::int64_t> add_pending_user_notice(const PendingUserNotice& n) override;

  // Exchange: tx_exchange.cpp
  Result<std::optional<OutboxMessage>> outbox_message(Id id) override;
  Result<std::optional<OutboxMessage>> outbox_by_key(const std::string& key) override;
  Result<std::vector<OutboxMessage>> outbox(const OutboxFilter& f) override;
  Result<OutboxCounts> outbox_counts(const std::optional<std::vector<Id>>& org_ids) override;
  Result<std::vector<DeliveryAttempt>> delivery_attempts(Id outbox_id) override;
  Result<std::optional<Time>> next_outbox_due() override;
  Result<std::optional<WebhookSubscription>> webhook(Id id) override;
  Result<std::vector<WebhookSubscription>> webhooks(std::optional<Id> org_id) override;
  Result<std::optional<Peer>> peer(Id id) override;
  Result<std::vector<Peer>> peers() override;
  Result<std::optional<NotificationPrefs>> notification_prefs(Id user_id) override;
  Result<std::vector<NotificationPrefs>> digest_prefs() override;
  Result<std::vector<RegulatoryFiling>> regulatory_filings(Id regulatory_report_id) override;
  Result<std::optional<RegulatoryFiling>> regulatory_filing_by_outbox(Id outbox_id) override;
  Result<std::optional<InboxItem>> inbox_item(Id id) override;
  Result<std::optional<InboxItem>> inbox_item_by_sender(Id from_org, const std::string& sender_key) override;
  Result<std::vector<InboxItem>> inbox(const InboxFilter& f) override;
  Result<std::vector<ThreatRecord>> threat_records(Id after_id, int limit) override;
  Result<Id> enqueue(const OutboxMessage& m) override;
  Result<std::vector<OutboxMessage>> claim_outbox(Time now, Time lease_until, int limit) override;
  Status update_outbox(const OutboxMessage& m) override;
  Result<Id> insert_delivery_attempt(const DeliveryAttempt& a) override;
  Result<Id> insert_webhook(const WebhookSubscription& w) override;
  Status update_webhook(const WebhookSubscription& w) override;
  Status delete_webhook(Id id) override;
  Result<Id> insert_peer(const Peer& p) override;
  Status delete_peer(Id id) override;
  Status put_notification_prefs(const NotificationPrefs& p) override;
  Result<bool> mark_clock_alert(Id clock_id, const std::string& state, Time at) override;
  Result<Id> insert_regulatory_filing(const RegulatoryFiling& f) override;
  Status update_regulatory_filing(const RegulatoryFiling& f) override;
  Result<Id> insert_inbox_item(const InboxItem& i) override;
  Status update_inbox_item(const InboxItem& i) override;
  Result<Id> put_threat_record(const ThreatRecord& r) override;
  Result<std::optional<FederationAnswer>> federation_answer(Id from_org, const std::string& key) override;
  Status insert_federation_answer(const FederationAnswer& a) override;

  // Case advisories, blackout periods, consents: tx_advisories.cpp
  Result<std::optional<domain::Advisory>> case_advisory(Id case_id) override;
  Result<std::optional<domain::Advisory>> advisory_by_ref(const std::string& ref) override;
  Result<std::vector<AdvisorySnapshot>> advisory_snapshots(Id advisory_id) override;
  Result<Page<AdvisorySnapshot>> public_advisories(const PageRequest& p, const std::string& external_id) override;
  Result<std::optional<AdvisorySnapshot>> public_advisory(const std::string& ref) override;
  Result<std::vector<domain::BlackoutPeriod>> blackouts() override;
  Result<std::vector<domain::PublicationConsent>> consents(Id case_id) override;
  Result<Id> insert_case_advisory(const domain::Advisory& a) override;
  Status update_case_advisory(const domain::Advisory& a) override;
  Status insert_advisory_snapshot(const AdvisorySnapshot& s) override;
  Result<Id> insert_blackout(const domain::BlackoutPeriod& b) override;
  Result<bool> delete_blackout(Id id) override;
  Result<Id> insert_consent(const domain::PublicationConsent& c) override;
  // Platform filing and rewards (issue 10): tx_filing_rewards.cpp
  Result<std::optional<domain::PlatformFiling>> platform_filing() override;
  Result<std::vector<domain::FilingAttachment>> platform_filing_attachments(Id filing_id, bool with_content) override;
  Result<std::optional<domain::Reward>> reward(Id id) override;
  Result<std::vector<domain::Reward>> case_rewards(Id case_id) override;
  Result<std::vector<domain::Reward>> finder_rewards(Id finder_user_id) override;
  Result<std::optional<domain::RewardPolicy>> reward_policy(Id id) override;
  Result<std::vector<domain::RewardPolicy>> reward_policies(std::optional<Id> provider_org) override;
  Result<Id> insert_platform_filing(const domain::PlatformFiling& f) override;
  Status update_platform_filing(const domain::PlatformFiling& f) override;
  Result<Id> insert_platform_filing_attachment(const domain::FilingAttachment& a) override;
  Status replace_platform_filing_attachments(const domain::FilingAttachment& a) override;
  Result<Id> insert_reward(const domain::Reward& r) override;
  Status update_reward(const domain::Reward& r) override;
  Result<Id> insert_reward_policy(const domain::RewardPolicy& p) override;
  Status update_reward_policy(const domain::RewardPolicy& p) override;
  Status delete_reward_policy(Id id) override;
  // Operator cases and asset exposures (issue 10): tx_operator_cases.cpp
  Result<std::optional<domain::OperatorCase>> operator_case(Id case_id) override;
  Result<std::optional<Id>> case_id_by_ref(const std::string& ref) override;
  Result<std::optional<domain::AssetExposure>> asset_exposure(Id id) override;
  Result<std::vector<domain::AssetExposure>> asset_exposures(Id operator_org) override;
  Status insert_operator_case(const domain::OperatorCase& o) override;
  Status update_operator_case(const domain::OperatorCase& o) override;
  Result<Id> insert_asset_exposure(const domain::AssetExposure& x) override;
  Status update_asset_exposure(const domain::AssetExposure& x) override;
  Status delete_asset_exposure(Id id) override;
  Result<std::vector<domain::AssetExposure>> clear_asset_exposures(int limit) override;
  Status seal_asset_exposure(Id id, const std::string& details_sealed) override;

 private:
  Result<std::int64_t> apply_pending_keys(const PendingAdvisoryKeys& k);
  Result<std::int64_t> package_id(std::string_view ecosystem, std::string_view name, bool create);
  // Appends a matching change feed entry (kind, keys as JSON) and prunes
  // what is older than the entries kept.
  Status append_match_change(MatchChangeKind kind, const std::string& keys);
  Connection& c_;
};

}  // namespace loudong::store::sqlite
