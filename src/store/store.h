// The one storage interface. SQLite (embedded default) implements it now;
// PostgreSQL will implement the same interface and pass the same tests.
//
// Work happens in transactions given as functions:
//   store.read([&](ReadTx& tx) -> Result<T> {...})   a consistent snapshot
//   store.write([&](WriteTx& tx) -> Result<T> {...}) all or nothing
// If the function returns an error, nothing it wrote is kept and that error
// is returned. If it succeeds, write() returns only after the change is
// durable (committed and synced), so anything acknowledged to a client
// survives a crash. The function may run on another thread; it must not
// call read() or write() itself.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.h"
#include "domain/access.h"
#include "domain/access_log.h"
#include "domain/advisory.h"
#include "domain/entities.h"
#include "domain/gates.h"
#include "domain/platform_filing.h"
#include "domain/receipts.h"
#include "domain/operator_cases.h"
#include "domain/rewards.h"
#include "store/exchange.h"
#include "store/inventory.h"

namespace loudong::store {

using domain::Id;

template <class T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty on the last page
  std::int64_t total = 0;   // matching rows across all pages; -1 when not counted (pages after the first)
  // The count stopped at a cap: more than `total` rows match (text search,
  // see ReportFilter::kTextTotalCap).
  bool total_capped = false;
};

// Keyset pagination: `cursor` is what the previous page returned.
struct PageRequest {
  int limit = 50;  // 1..200, checked by callers
  std::string cursor;
};

struct ReportFilter {
  // The first page of a text search counts matches up to this many (text
  // alone), or up to the second when other filters are set too: more, and the
  // total is the cap with total_capped set.
  // With other filters, counting is the dearer part of the request (the
  // race reads until that many rows pass): 100 instead of 200 took the mean
  // request from 10.1 to 6.4 ms (docs/performance.md, "Text with another
  // filter, session 3"); two pages of 50 are still counted exactly.
  static constexpr std::int64_t kTextTotalCap = 1000;
  static constexpr std::int64_t kFilteredTextTotalCap = 100;

  std::optional<domain::ReportState> state;
  std::optional<Id> product_id;
  std::optional<Id> submitter_user_id;  // set for finders: only their own
  // The grade of the report's case: "critical", "high", "medium", "low", or
  // "none" for a case not graded yet. Reports without a case never match.
  std::optional<std::string> case_grade;
  std::string text;                     // substring of title or product text (>= 3 characters)
  std::optional<Time> received_from, received_to;
  bool newest_first = true;             // sorted by received_at, then id
  PageRequest page;
};

struct CaseFilter {
  std::optional<domain::CaseState> state;
  std::optional<assessment::Grade> grade;
  std::optional<Id> product_id;
  // Unset: every case (intake staff). Set: only cases in which one of these
  // organisations participates.
  std::optional<std::vector<Id>> participant_orgs;
  std::string text;
  enum class Sort { created, updated } sort = Sort::created;
  bool newest_first = true;
  PageRequest page;
};

struct ProductFilter {
  std::optional<Id> provider_org;
  std::string text;
  PageRequest page;
};

struct ClockFilter {
  Time soon_before{};                               // running clocks due_soon or overdue at this time
  std::optional<std::vector<Id>> participant_orgs;  // as in CaseFilter
  int limit = 500;
};

// A running clock with what it belongs to, for at-risk lists.
struct RunningClock {
  domain::ClockRecord clock;
  std::string subject_ref;  // case ref or report tracking id
  std::string title;
};

// A case whose advisory is public: it went to `published` (and may since
// be closed). published_at is the last time it entered `published`.
struct PublishedCase {
  domain::Case case_;
  Time published_at{};
  std::optional<domain::Product> product;  // not read by the store: services fill it for views
};

// One published revision of a case's advisory (公告), kept as it was
// published and never changed: `snapshot` is the advisory's JSON
// (formats/advisory_json.h) at that moment.
struct AdvisorySnapshot {
  Id advisory_id = 0;
  Id case_id = 0;
  std::string ref;
  int revision = 0;
  Time published_at{};
  std::string published_by;
  std::string change;
  std::string tlp;
  std::string snapshot;
};

struct ReceiptFilter {
  std::optional<Time> from, to;
  std::optional<domain::Channel> channel;
  PageRequest page;  // newest first
};

// What a data directory's key must open (checked at start, cli/runtime.cpp).
struct SealedData {
  bool any = false;                   // some sealed value is stored
  std::optional<std::string> sample;  // one of them, to try the key on
};

struct DashboardStats {
  std::vector<std::pair<std::string, std::int64_t>> cases_by_state;
  std::vector<std::pair<std::string, std::int64_t>> cases_by_grade;  // "" for ungraded
  struct Week {
    std::string week;  // ISO week of the clock's due time, "2026-W47"
    std::int64_t met_on_time = 0, total = 0;
  };
  std::vector<Week> regulatory_compliance;  // stopped or overdue regulatory clocks, by week
  struct FixTime {
    std::string grade;
    double median_days = 0;
    std::int64_t count = 0;
  };
  std::vector<FixTime> time_to_fix;
};

class ReadTx {
 public:
  virtual ~ReadTx() = default;

  virtual Result<std::optional<domain::Organisation>> org(Id id) = 0;
  virtual Result<std::vector<domain::Organisation>> orgs() = 0;

  virtual Result<std::optional<domain::User>> user(Id id) = 0;
  virtual Result<std::optional<domain::User>> user_by_name(const std::string& username) = 0;
  virtual Result<std::vector<domain::User>> users() = 0;
  virtual Result<std::vector<domain::Membership>> memberships(Id user_id) = 0;
  // Enabled users with a role in the organisation, with that role.
  virtual Result<std::vector<std::pair<domain::User, domain::Role>>> org_members(Id org_id) = 0;
  virtual Result<std::optional<domain::Session>> session(const std::string& token_hash) = 0;
  virtual Result<std::optional<domain::SecondFactor>> second_factor(Id user_id) = 0;
  virtual Result<int> unused_recovery_codes(Id user_id) = 0;
  virtual Result<std::optional<domain::ApiToken>> token_by_hash(const std::string& token_hash) = 0;
  virtual Result<std::vector<domain::ApiToken>> tokens() = 0;
  virtual Result<std::optional<domain::Invitation>> invitation(Id id) = 0;
  // Newest first: every invitation of the organisation, or the pending ones
  // naming that user name.
  virtual Result<std::vector<domain::Invitation>> org_invitations(Id org_id) = 0;
  virtual Result<std::vector<domain::Invitation>> pending_invitations_for(const std::string& username) = 0;

  virtual Result<std::optional<domain::Product>> product(Id id) = 0;
  virtual Result<Page<domain::Product>> products(const ProductFilter& f) = 0;

  virtual Result<std::optional<domain::Report>> report(Id id) = 0;
  virtual Result<std::optional<domain::Report>> report_by_tracking(const std::string& tracking_id) = 0;
  virtual Result<Page<domain::Report>> reports(const ReportFilter& f) = 0;
  virtual Result<std::vector<domain::Report>> reports_of_case(Id case_id) = 0;
  // Without content unless asked: listings never unseal anything.
  virtual Result<std::vector<domain::Attachment>> attachments(Id report_id, bool with_content) = 0;

  virtual Result<std::optional<domain::Case>> get_case(Id id) = 0;
  virtual Result<Page<domain::Case>> cases(const CaseFilter& f) = 0;
  virtual Result<std::vector<Id>> case_participants(Id case_id) = 0;

  virtual Result<std::vector<domain::Event>> events(const std::string& subject_type, Id subject_id) = 0;
  virtual Result<std::vector<domain::Message>> messages(std::optional<Id> report_id, std::optional<Id> case_id) = 0;
  virtual Result<std::vector<domain::ClockRecord>> clocks_of(std::optional<Id> report_id,
                                                             std::optional<Id> case_id) = 0;
  virtual Result<std::vector<RunningClock>> running_clocks(const ClockFilter& f) = 0;

  virtual Result<std::optional<domain::RegulatoryReport>> regulatory_report(Id id) = 0;
  virtual Result<std::vector<domain::RegulatoryReport>> regulatory_reports(Id case_id) = 0;
  virtual Result<std::vector<domain::UpstreamNotice>> upstream_notices(Id case_id) = 0;
  virtual Result<std::vector<domain::UserNotice>> user_notices(Id case_id) = 0;

  virtual Result<std::optional<domain::ReceiptRecord>> last_receipt() = 0;
  virtual Result<domain::ChainAnchor> receipt_anchor() = 0;
  // Calls `visit` for every record in sequence order until it returns false.
  virtual Status scan_receipts(const std::function<bool(const domain::ReceiptRecord&)>& visit) = 0;
  virtual Result<Page<domain::ReceiptRecord>> receipts(const ReceiptFilter& f) = 0;
  // Sequence numbers that reports claim as their receipt but that the log lacks.
  virtual Result<std::vector<std::int64_t>> reports_missing_receipts(std::int64_t after_seq) = 0;
  // Every report whose receipt is after `after_seq` and present, in receipt
  // order, with its sealed verification and its receipt record's subject and
  // stored_sha256, until `visit` returns false. (A join, not a map in the
  // caller: flat memory over a million reports.)
  virtual Status scan_reports_by_receipt(
      std::int64_t after_seq,
      const std::function<bool(const domain::Report&, const std::string& subject, const std::string& stored_sha256)>&
          visit) = 0;
  virtual Result<SealedData> sealed_data() = 0;
  virtual Result<Page<domain::AccessEntry>> access_log(const PageRequest& p) = 0;
  // The access log's last chained entry (genesis when empty), and every
  // entry in chain order, unchained ones (seq 0) last, until `visit` returns false.
  virtual Result<domain::ChainAnchor> access_head() = 0;
  virtual Status scan_access_log(const std::function<bool(const domain::AccessEntry&)>& visit) = 0;

  virtual Result<std::optional<std::string>> setting(const std::string& key) = 0;
  // Policy settings stored by administrators (field order), and their changes (newest first).
  virtual Result<std::vector<domain::StoredPolicySetting>> policy_settings() = 0;
  // Shared rate counters (services/rate_limiter.h): the hits counted for
  // `key` in each window that started at or after `since` (microseconds),
  // as (window start, hits), oldest first. Empty when none.
  virtual Result<std::vector<std::pair<std::int64_t, std::int64_t>>> rate_hits(const std::string& key,
                                                                                std::int64_t since) = 0;
  virtual Result<Page<domain::PolicyChange>> policy_changes(const PageRequest& p) = 0;
  // Display names (the user name when a user has none) of the given users that exist.
  virtual Result<std::map<Id, std::string>> user_names(const std::vector<Id>& ids) = 0;
  // Published cases (state published or closed after publication), newest
  // publication first; and one of them by its public reference.
  virtual Result<Page<PublishedCase>> published_cases(const PageRequest& p) = 0;
  virtual Result<std::optional<PublishedCase>> published_case(const std::string& ref) = 0;
  // Aggregates for the dashboard over the cases the organisations take part
  // in (all cases when unset); compliance over the last `weeks` weeks.
  virtual Result<DashboardStats> dashboard(const std::optional<std::vector<Id>>& participant_orgs, Time now,
                                           int weeks) = 0;

  // Inventory (advisories, SBOM components)
  virtual Result<std::optional<AdvisoryRow>> advisory(const std::string& id) = 0;  // aliases and packages filled
  virtual Result<Page<AdvisoryRow>> advisories(const AdvisoryFilter& f) = 0;  // without record text
  // Every advisory (in storage order) with its record, for building the
  // index; aliases and packages are left empty (the record has them).
  virtual Status scan_advisories(const std::function<bool(const AdvisoryRow&)>& visit) = 0;
  virtual Result<std::int64_t> advisory_count() = 0;
  // Advisories whose search keys are pending (AdvisoryKeys::deferred).
  virtual Result<std::int64_t> pending_advisory_keys() = 0;
  // The pending search keys as this transaction sees them, read and sorted
  // for WriteTx::index_advisory_keys(&keys); empty (from == to) when none.
  virtual Result<PendingAdvisoryKeys> read_pending_advisory_keys() = 0;
  virtual Result<std::optional<SbomRow>> sbom(std::int64_t product_id, const std::string& version) = 0;
  virtual Result<std::vector<SbomRow>> sboms(std::optional<std::int64_t> product_id) = 0;
  virtual Result<std::vector<ComponentRow>> components(std::int64_t sbom_id) = 0;
  // Every SBOM with its components, for building the index.
  virtual Status scan_components(const std::function<bool(const SbomRow&, const std::vector<ComponentRow>&)>& visit) = 0;
  // Components of any SBOM naming this package, with their SBOM.
  virtual Result<std::vector<std::pair<SbomRow, ComponentRow>>> components_of_package(const std::string& ecosystem,
                                                                                       const std::string& name) = 0;
  virtual Result<std::vector<CaseComponentRow>> case_components(std::int64_t case_id) = 0;
  virtual Result<std::vector<CaseComponentRow>> all_case_components() = 0;
  // The matching change feed (MatchChange): the last entry's seq (0 when
  // none), and up to `limit` entries after `seq`, ascending. An answer whose
  // first seq is above seq + 1 means entries were pruned in between.
  virtual Result<std::int64_t> match_change_head() = 0;
  virtual Result<std::vector<MatchChange>> match_changes_after(std::int64_t seq, int limit) = 0;
  virtual Result<std::vector<PendingUserNotice>> pending_user_notices(std::int64_t case_id) = 0;

  // Exchange (exchange.h): outbox, webhooks, peers, preferences, authority inbox.
  virtual Result<std::optional<OutboxMessage>> outbox_message(Id id) = 0;
  virtual Result<std::optional<OutboxMessage>> outbox_by_key(const std::string& idempotency_key) = 0;
  virtual Result<std::vector<OutboxMessage>> outbox(const OutboxFilter& f) = 0;  // newest first
  // Counts of deliveries (email, webhook, federation) by state.
  virtual Result<OutboxCounts> outbox_counts(const std::optional<std::vector<Id>>& org_ids) = 0;
  virtual Result<std::vector<DeliveryAttempt>> delivery_attempts(Id outbox_id) = 0;  // oldest first
  // The earliest next_attempt_at (or lease end) of a pending or sending message.
  virtual Result<std::optional<Time>> next_outbox_due() = 0;
  virtual Result<std::optional<WebhookSubscription>> webhook(Id id) = 0;
  virtual Result<std::vector<WebhookSubscription>> webhooks(std::optional<Id> org_id) = 0;  // unset: all
  virtual Result<std::optional<Peer>> peer(Id id) = 0;
  virtual Result<std::vector<Peer>> peers() = 0;
  virtual Result<std::optional<NotificationPrefs>> notification_prefs(Id user_id) = 0;
  virtual Result<std::vector<NotificationPrefs>> digest_prefs() = 0;  // users who chose a daily digest
  virtual Result<std::vector<RegulatoryFiling>> regulatory_filings(Id regulatory_report_id) = 0;
  virtual Result<std::optional<RegulatoryFiling>> regulatory_filing_by_outbox(Id outbox_id) = 0;
  virtual Result<std::optional<InboxItem>> inbox_item(Id id) = 0;
  virtual Result<std::optional<InboxItem>> inbox_item_by_sender(Id from_org, const std::string& sender_key) = 0;
  virtual Result<std::vector<InboxItem>> inbox(const InboxFilter& f) = 0;  // newest first
  virtual Result<std::vector<ThreatRecord>> threat_records(Id after_id, int limit) = 0;
  virtual Result<std::optional<FederationAnswer>> federation_answer(Id from_org, const std::string& key) = 0;

  // Case advisories (公告, domain/advisory.h): the working copy per case,
  // the published revisions (oldest first), the public ones (the newest
  // revision of each advisory not withdrawn, when that revision is
  // TLP:CLEAR; newest publication first), blackout periods (by start) and
  // consents recorded for a case (oldest first).
  virtual Result<std::optional<domain::Advisory>> case_advisory(Id case_id) = 0;
  // The working copy by its reference ("LD-SA-2026-000001"), whatever its state.
  virtual Result<std::optional<domain::Advisory>> advisory_by_ref(const std::string& ref) = 0;
  virtual Result<std::vector<AdvisorySnapshot>> advisory_snapshots(Id advisory_id) = 0;
  // external_id non-empty: only those whose public revision lists that id
  // (R-IDS), compared whole (domain::external_id_search_key gives the key).
  virtual Result<Page<AdvisorySnapshot>> public_advisories(const PageRequest& p, const std::string& external_id) = 0;
  virtual Result<std::optional<AdvisorySnapshot>> public_advisory(const std::string& ref) = 0;
  virtual Result<std::vector<domain::BlackoutPeriod>> blackouts() = 0;
  virtual Result<std::vector<domain::PublicationConsent>> consents(Id case_id) = 0;
  // Platform filing and rewards (issue 10)
  // The deployment's platform filing (the newest record), if any.
  virtual Result<std::optional<domain::PlatformFiling>> platform_filing() = 0;
  // Oldest first; without content unless asked (listings never unseal).
  // Without content: the current ones only (a re-upload of a kind replaces
  // the earlier one). With content: every one, replaced ones too, so the
  // filing history's earlier versions stay downloadable.
  virtual Result<std::vector<domain::FilingAttachment>> platform_filing_attachments(Id filing_id,
                                                                                   bool with_content) = 0;
  virtual Result<std::optional<domain::Reward>> reward(Id id) = 0;
  virtual Result<std::vector<domain::Reward>> case_rewards(Id case_id) = 0;        // oldest first
  virtual Result<std::vector<domain::Reward>> finder_rewards(Id finder_user_id) = 0;  // newest first
  virtual Result<std::optional<domain::RewardPolicy>> reward_policy(Id id) = 0;
  // Every provider's rows (unset) or one provider's, by provider, product, grade.
  virtual Result<std::vector<domain::RewardPolicy>> reward_policies(std::optional<Id> provider_org) = 0;
  // Operator cases and asset exposures (R-OPERATOR, issue 10)
  virtual Result<std::optional<domain::OperatorCase>> operator_case(Id case_id) = 0;
  virtual Result<std::optional<Id>> case_id_by_ref(const std::string& ref) = 0;
  virtual Result<std::optional<domain::AssetExposure>> asset_exposure(Id id) = 0;
  // One operator's, by advisory ref, then asset, then id.
  virtual Result<std::vector<domain::AssetExposure>> asset_exposures(Id operator_org) = 0;
};

class WriteTx : public ReadTx {
 public:
  virtual Result<Id> insert_org(const domain::Organisation& o) = 0;
  virtual Status update_org(const domain::Organisation& o) = 0;
  virtual Result<Id> insert_user(const domain::User& u) = 0;
  virtual Status update_user(const domain::User& u) = 0;
  virtual Status set_membership(Id user_id, const domain::Membership& m) = 0;  // replaces the role in that org
  virtual Status remove_membership(Id user_id, Id org_id) = 0;
  virtual Status insert_session(const domain::Session& s) = 0;
  virtual Status delete_session(const std::string& token_hash) = 0;
  // Starts an enrolment: replaces the user's second factor (and its recovery
  // codes) with a pending one.
  virtual Status put_second_factor(const domain::SecondFactor& f) = 0;
  // Turns the pending second factor on, with the step of the code that
  // confirmed it and the hashes of its new recovery codes.
  virtual Status enable_second_factor(Id user_id, Time at, std::int64_t step,
                                      const std::vector<std::string>& recovery_hashes) = 0;
  // Records that `step`'s code was taken; false (nothing changed) when that
  // step or a later one was already taken, so a code counts once even when
  // two requests race.
  virtual Result<bool> take_totp_step(Id user_id, std::int64_t step) = 0;
  // Marks an unused recovery code used; false when there is none such.
  virtual Result<bool> take_recovery_code(Id user_id, const std::string& code_hash, Time at) = 0;
  virtual Status delete_second_factor(Id user_id) = 0;
  virtual Result<Id> insert_token(const domain::ApiToken& t) = 0;
  virtual Status revoke_token(Id id, Time at) = 0;
  virtual Result<Id> insert_invitation(const domain::Invitation& i) = 0;
  virtual Status decide_invitation(Id id, const std::string& state, Time at, Id by) = 0;

  virtual Result<Id> insert_product(const domain::Product& p) = 0;
  virtual Status update_product(const domain::Product& p) = 0;

  virtual Result<Id> insert_report(const domain::Report& r) = 0;
  virtual Status update_report(const domain::Report& r) = 0;  // state, case link, updated_at only
  virtual Result<Id> insert_attachment(const domain::Attachment& a) = 0;

  virtual Status append_receipt(const domain::ReceiptRecord& r) = 0;
  // Deletes records with seq <= up_to_seq and stores `anchor` (the last
  // deleted record). Returns how many were deleted.
  virtual Result<std::int64_t> purge_receipts(std::int64_t up_to_seq, const domain::ChainAnchor& anchor) = 0;

  virtual Result<Id> insert_case(const domain::Case& c) = 0;
  virtual Status update_case(const domain::Case& c) = 0;
  virtual Status add_participant(Id case_id, Id org_id, const std::string& role) = 0;
  // Removes the organisation's participation only if it has this role; no
  // such row is not an error.
  virtual Status remove_participant(Id case_id, Id org_id, const std::string& role) = 0;

  virtual Result<Id> insert_event(const domain::Event& e) = 0;
  virtual Result<Id> insert_message(const domain::Message& m) = 0;
  virtual Result<Id> insert_clock(const domain::ClockRecord& c) = 0;
  virtual Status update_clock(const domain::ClockRecord& c) = 0;
  virtual Status delete_clock(Id id) = 0;

  virtual Result<Id> insert_regulatory_report(const domain::RegulatoryReport& r) = 0;
  virtual Status update_regulatory_report(const domain::RegulatoryReport& r) = 0;
  virtual Result<Id> insert_upstream_notice(const domain::UpstreamNotice& n) = 0;
  virtual Result<Id> insert_user_notice(const domain::UserNotice& n) = 0;
  // Appends to the access log's hash chain: fills seq, prev_hash and hash.
  virtual Result<Id> insert_access(const domain::AccessEntry& e) = 0;

  virtual Status set_setting(const std::string& key, const std::string& value) = 0;
  virtual Status put_policy_setting(const domain::StoredPolicySetting& s) = 0;  // insert or replace
  virtual Status delete_policy_setting(const std::string& field) = 0;
  // Adds one hit to `key`'s window that starts at `window_start` and
  // returns that window's hits, this one included. Atomic on both backends
  // (one upsert), so processes sharing a database count together.
  virtual Result<std::int64_t> add_rate_hit(const std::string& key, std::int64_t window_start) = 0;
  virtual Status clear_rate_key(const std::string& key) = 0;
  // Forgets the windows that started before `before`; returns how many.
  virtual Result<std::int64_t> prune_rate_counters(std::int64_t before) = 0;
  virtual Result<Id> insert_policy_change(const domain::PolicyChange& c) = 0;

  // Inventory (advisories, SBOM components)
  // Inserts, or replaces when row.modified is newer than the stored one.
  // Returns whether anything changed (an equal or older record changes nothing).
  virtual Result<bool> put_advisory(const AdvisoryRow& row) = 0;
  // The same for many rows (bulk import), one outcome per row in order; a
  // row sees the rows before it (the same id twice: the newer wins). With
  // AdvisoryKeys::deferred the keys of new rows may be left pending.
  virtual Result<std::vector<PutOutcome>> put_advisories(const std::vector<AdvisoryRow>& rows,
                                                         AdvisoryKeys keys = AdvisoryKeys::now) = 0;
  // Indexes every pending key, sorted; returns how many advisories were pending.
  virtual Result<std::int64_t> index_advisory_keys() = 0;
  // Indexes the keys read ahead (ReadTx::read_pending_advisory_keys) when
  // the store still holds exactly those pending rows as read, and returns
  // how many advisories that indexed (rows added since stay pending);
  // returns 0 and changes nothing when they changed since (then call
  // index_advisory_keys()). The reading and sorting, ~40% of indexing,
  // happens outside the writer.
  virtual Result<std::int64_t> index_advisory_keys(const PendingAdvisoryKeys& keys) = 0;
  // Stores an SBOM for (product, version), replacing an earlier one and its components.
  virtual Result<std::int64_t> put_sbom(const SbomRow& sbom, const std::vector<ComponentRow>& components) = 0;
  virtual Status set_case_components(std::int64_t case_id, const std::vector<CaseComponentRow>& components) = 0;
  // Adds a pending notice unless one for the same case, product, version and
  // customer exists; returns its id (0 when it already existed).
  virtual Result<std::int64_t> add_pending_user_notice(const PendingUserNotice& n) = 0;

  // Exchange. enqueue returns the new id, or 0 when a message with that
  // idempotency key exists already (the earlier one stands).
  virtual Result<Id> enqueue(const OutboxMessage& m) = 0;
  // Marks up to `limit` messages due at `now` (pending, or sending with an
  // expired lease) as sending with a lease until `lease_until`, and returns
  // them. One worker per store on SQLite; PostgreSQL: FOR UPDATE SKIP LOCKED.
  virtual Result<std::vector<OutboxMessage>> claim_outbox(Time now, Time lease_until, int limit) = 0;
  // Writes state, attempts, max_attempts, next_attempt_at, claimed_until,
  // last_error, last_status, response and sent_at.
  virtual Status update_outbox(const OutboxMessage& m) = 0;
  virtual Result<Id> insert_delivery_attempt(const DeliveryAttempt& a) = 0;
  virtual Result<Id> insert_webhook(const WebhookSubscription& w) = 0;
  virtual Status update_webhook(const WebhookSubscription& w) = 0;
  virtual Status delete_webhook(Id id) = 0;
  virtual Result<Id> insert_peer(const Peer& p) = 0;
  virtual Status delete_peer(Id id) = 0;
  virtual Status put_notification_prefs(const NotificationPrefs& p) = 0;  // insert or replace
  // Records that `clock_id` was alerted in `state`; false when it already was.
  virtual Result<bool> mark_clock_alert(Id clock_id, const std::string& state, Time at) = 0;
  virtual Result<Id> insert_regulatory_filing(const RegulatoryFiling& f) = 0;
  virtual Status update_regulatory_filing(const RegulatoryFiling& f) = 0;
  virtual Result<Id> insert_inbox_item(const InboxItem& i) = 0;
  virtual Status update_inbox_item(const InboxItem& i) = 0;  // state, decision, forwarded, joint assessment
  // Inserts or replaces the partner's record with the same external id.
  virtual Result<Id> put_threat_record(const ThreatRecord& r) = 0;
  virtual Status insert_federation_answer(const FederationAnswer& a) = 0;

  // Case advisories. One advisory per case; a snapshot per (advisory,
  // revision), refused when that revision exists (published text is never
  // rewritten). delete_blackout answers whether there was one.
  virtual Result<Id> insert_case_advisory(const domain::Advisory& a) = 0;
  virtual Status update_case_advisory(const domain::Advisory& a) = 0;
  virtual Status insert_advisory_snapshot(const AdvisorySnapshot& s) = 0;
  virtual Result<Id> insert_blackout(const domain::BlackoutPeriod& b) = 0;
  virtual Result<bool> delete_blackout(Id id) = 0;
  virtual Result<Id> insert_consent(const domain::PublicationConsent& c) = 0;
  // Platform filing and rewards (issue 10)
  virtual Result<Id> insert_platform_filing(const domain::PlatformFiling& f) = 0;
  virtual Status update_platform_filing(const domain::PlatformFiling& f) = 0;  // every column but id, created_at
  virtual Result<Id> insert_platform_filing_attachment(const domain::FilingAttachment& a) = 0;
  // Marks the filing's current attachments of a.kind other than a as
  // replaced by a (kept for the history, no longer listed).
  virtual Status replace_platform_filing_attachments(const domain::FilingAttachment& a) = 0;
  virtual Result<Id> insert_reward(const domain::Reward& r) = 0;
  virtual Status update_reward(const domain::Reward& r) = 0;  // state, steps, note, updated_at
  virtual Result<Id> insert_reward_policy(const domain::RewardPolicy& p) = 0;
  virtual Status update_reward_policy(const domain::RewardPolicy& p) = 0;
  virtual Status delete_reward_policy(Id id) = 0;
  // Operator cases and asset exposures (R-OPERATOR, issue 10)
  virtual Status insert_operator_case(const domain::OperatorCase& o) = 0;
  virtual Status update_operator_case(const domain::OperatorCase& o) = 0;  // details_sealed, updated_at
  // An empty details_sealed is stored as NULL (a row from before sealing).
  virtual Result<Id> insert_asset_exposure(const domain::AssetExposure& x) = 0;
  virtual Status update_asset_exposure(const domain::AssetExposure& x) = 0;  // all but operator_org, created_at
  virtual Status delete_asset_exposure(Id id) = 0;
  // Rows from before exposures were sealed (details_sealed NULL): id, asset
  // and note only, oldest first, at most `limit`.
  virtual Result<std::vector<domain::AssetExposure>> clear_asset_exposures(int limit) = 0;
  // Stores the sealed asset and note of such a row and blanks the clear
  // columns; a row sealed meanwhile (another process) is left as it is.
  virtual Status seal_asset_exposure(Id id, const std::string& details_sealed) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  template <class F>
  auto read(F&& f) -> decltype(f(std::declval<ReadTx&>())) {
    return run<ReadTx>(std::forward<F>(f), [this](auto&& fn) { return run_read(fn); });
  }
  template <class F>
  auto write(F&& f) -> decltype(f(std::declval<WriteTx&>())) {
    return run<WriteTx>(std::forward<F>(f), [this](auto&& fn) { return run_write(fn); });
  }

  // A consistent copy of the whole store at `path` while it keeps serving.
  // Fails if path exists.
  virtual Status backup(const std::string& path) = 0;
  // The schema version now in force.
  virtual int schema_version() const = 0;
  virtual std::string backend() const = 0;

 protected:
  virtual Status run_read(const std::function<Status(ReadTx&)>& fn) = 0;
  virtual Status run_write(const std::function<Status(WriteTx&)>& fn) = 0;

 private:
  template <class Tx, class F, class Runner>
  auto run(F&& f, Runner&& runner) -> decltype(f(std::declval<Tx&>())) {
    using R = decltype(f(std::declval<Tx&>()));
    std::optional<R> out;
    Status s = runner([&](Tx& tx) -> Status {
      out.emplace(f(tx));
      if (out->ok()) return {};
      return Status(out->error());
    });
    if (!s.ok()) {
      if (out && !out->ok()) return std::move(*out);
      return R(std::move(s).error());
    }
    return std::move(*out);
  }
};

struct SqliteOptions {
  std::string path;             // database file; created when missing
  int read_connections = 4;
  bool create_if_missing = true;
  // Upper bound on transactions committed together (group commit).
  int max_batch = 64;
};

// Opens (and migrates to the newest schema) a SQLite store. Fails with a
// message naming the file and the cause.
Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options);

// Applies pending migrations and returns the schema version. Used by
// `loudong migrate`; open_sqlite_store does the same.
Result<int> migrate_sqlite(const std::string& path);

struct PostgresOptions {
  std::string url;      // libpq URI: postgresql://[user@]host/db or postgresql:///db?host=/socket/dir
  int connections = 4;  // pool size: transactions in flight at once (writes also wait for each other)
};

// True for the storage.url values that select PostgreSQL.
bool is_postgres_url(const std::string& url);

// Opens (and migrates to the newest schema) a PostgreSQL store. Fails with
// unavailable when the server cannot be reached.
Result<std::unique_ptr<Store>> open_postgres_store(const PostgresOptions& options);

// Applies pending PostgreSQL migrations and returns the schema version.
Result<int> migrate_postgres(const std::string& url);

}  // namespace loudong::store
