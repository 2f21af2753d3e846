// Reports, attachments and the receipt log.
#include <algorithm>
#include <climits>
#include <queue>

#include "store/sqlite/phrase_match.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {
namespace {

using namespace domain;

#include "store/shared/report_totals.ipp"

constexpr const char* kReportCols =
    "id, tracking_id, tracking_token_hash, state, title, product_id, product_text, product_version, vuln_type, cwe, "
    "gbt_class, location, trigger_conditions, impact, verification_sealed, discovered_on, already_public, exploited, "
    "disclosure_plans, submitter_user_id, contact_email, contact_name, channel, source_address, case_id, receipt_seq, "
    "received_at, updated_at";
const std::string kSelectReport = std::string("SELECT ") + kReportCols + " FROM reports WHERE id = ?";
const std::string kSelectReportByTracking =
    std::string("SELECT ") + kReportCols + " FROM reports WHERE tracking_id = ?";
const std::string kSelectReportsOfCase =
    std::string("SELECT ") + kReportCols + " FROM reports WHERE case_id = ? ORDER BY received_at, id";
constexpr const char* kInsertReport =
    "INSERT INTO reports(tracking_id, tracking_token_hash, state, title, product_id, product_text, product_version, "
    "vuln_type, cwe, gbt_class, location, trigger_conditions, impact, verification_sealed, discovered_on, "
    "already_public, exploited, disclosure_plans, submitter_user_id, contact_email, contact_name, channel, "
    "source_address, case_id, receipt_seq, received_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateReport = "UPDATE reports SET state = ?, case_id = ?, updated_at = ? WHERE id = ?";
// Text search (see search_reports). Matches counted on the trigram index
// alone, up to a cap: counting through reports costs ~4 us a row.
constexpr const char* kCountTextMatches =
    "SELECT count(*) FROM (SELECT 1 FROM reports_fts WHERE reports_fts MATCH ? LIMIT ?)";
constexpr const char* kSelectOrderSlack = "SELECT micros FROM report_order_slack WHERE id = 1";
constexpr const char* kFirstReceivedAfter =
    "SELECT id FROM reports WHERE received_at > ? ORDER BY received_at, id LIMIT 1";
constexpr const char* kLastReceivedBefore =
    "SELECT id FROM reports WHERE received_at < ? ORDER BY received_at DESC, id DESC LIMIT 1";
// Text search races three plans (search_reports): the walk goes first alone
// for this many steps, then the plans take turns by expected cost. Costs in
// units of about 0.2 us: a merge entry 1, a walk step (a lookup in reports)
// and a probe (a row read and tokenized) as below.
constexpr int kWalkHeadStart = 64;
constexpr double kWalkStepCost = 17;
constexpr double kProbeStepCost = 25;
constexpr int kMergeTurn = 17;  // entries the merge reads per turn

constexpr const char* kSelectAttachments =
    "SELECT id, report_id, filename, content_type, size, sha256, '', created_at FROM attachments WHERE report_id = ? "
    "ORDER BY id";
constexpr const char* kSelectAttachmentsWithContent =
    "SELECT id, report_id, filename, content_type, size, sha256, content_sealed, created_at FROM attachments "
    "WHERE report_id = ? ORDER BY id";
constexpr const char* kInsertAttachment =
    "INSERT INTO attachments(report_id, filename, content_type, size, sha256, content_sealed, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

constexpr const char* kReceiptCols =
    "seq, at, channel, submitter, source_address, content_sha256, subject, prev_hash, hash, stored_sha256";
const std::string kSelectLastReceipt =
    std::string("SELECT ") + kReceiptCols + " FROM receipts ORDER BY seq DESC LIMIT 1";
const std::string kScanReceipts = std::string("SELECT ") + kReceiptCols + " FROM receipts ORDER BY seq";
constexpr const char* kInsertReceipt =
    "INSERT INTO receipts(seq, at, channel, submitter, source_address, content_sha256, subject, prev_hash, hash, "
    "stored_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectAnchor = "SELECT seq, hash FROM receipt_anchor WHERE id = 1";
constexpr const char* kUpsertAnchor =
    "INSERT INTO receipt_anchor(id, seq, hash) VALUES (1, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash";
constexpr const char* kPurgeReceipts = "DELETE FROM receipts WHERE seq <= ?";
// kReportCols with the table named, for the join.
std::string report_cols_of(const char* table) {
  std::string out, col;
  std::string cols = kReportCols;
  for (std::size_t i = 0; i <= cols.size(); ++i) {
    if (i == cols.size() || cols[i] == ',') {
      auto b = col.find_first_not_of(' ');
      if (!out.empty()) out += ", ";
      out += std::string(table) + "." + col.substr(b);
      col.clear();
    } else {
      col += cols[i];
    }
  }
  return out;
}
const std::string kScanReportsByReceipt = "SELECT " + report_cols_of("r") +
                                          ", x.subject, x.stored_sha256 FROM reports r JOIN receipts x ON "
                                          "x.seq = r.receipt_seq WHERE r.receipt_seq > ? ORDER BY r.receipt_seq";
// One sealed value from each place sealed values are kept; the outbox keeps
// them inside JSON ({"sealed": base64}), so it only says that there are some.
constexpr const char* kSealedSample =
    "SELECT v FROM (SELECT verification_sealed AS v FROM reports WHERE length(verification_sealed) > 0 LIMIT 1) "
    "UNION ALL SELECT v FROM (SELECT content_sealed AS v FROM attachments LIMIT 1) "
    "UNION ALL SELECT v FROM (SELECT secret_sealed AS v FROM webhooks LIMIT 1) "
    "UNION ALL SELECT v FROM (SELECT token_sealed AS v FROM peers LIMIT 1) "
    "UNION ALL SELECT v FROM (SELECT details_sealed AS v FROM operator_cases LIMIT 1) "
    "UNION ALL SELECT v FROM (SELECT details_sealed AS v FROM asset_exposures WHERE details_sealed IS NOT NULL LIMIT 1) "
    "LIMIT 1";
constexpr const char* kSealedInOutbox = "SELECT 1 FROM outbox WHERE payload LIKE '{\"sealed\":%' LIMIT 1";
constexpr const char* kReportsMissingReceipts =
    "SELECT r.receipt_seq FROM reports r LEFT JOIN receipts x ON x.seq = r.receipt_seq "
    "WHERE r.receipt_seq > ? AND x.seq IS NULL ORDER BY r.receipt_seq LIMIT 100";

Report read_report(const Stmt& s) {
  Report r;
  r.id = s.i64(0);
  r.tracking_id = s.text(1);
  r.tracking_token_hash = s.text(2);
  r.state = parse_enum<ReportState>(s.text(3)).value_or(ReportState::received);
  r.title = s.text(4);
  r.product_id = s.opt_i64(5);
  r.product_text = s.text(6);
  r.product_version = s.text(7);
  r.vuln_type = s.text(8);
  if (auto v = s.opt_i64(9)) r.cwe = static_cast<int>(*v);
  r.gbt_class = s.text(10);
  r.location = s.text(11);
  r.trigger_conditions = s.text(12);
  r.impact = s.text(13);
  r.verification_sealed = s.text(14);
  if (!s.is_null(15)) r.discovered_on = s.text(15);
  r.already_public = s.i64(16) != 0;
  r.exploited = s.i64(17) != 0;
  r.disclosure_plans = s.text(18);
  r.submitter_user_id = s.opt_i64(19);
  r.contact_email = s.text(20);
  r.contact_name = s.text(21);
  r.channel = parse_enum<Channel>(s.text(22)).value_or(Channel::web);
  r.source_address = s.text(23);
  r.case_id = s.opt_i64(24);
  r.receipt_seq = s.i64(25);
  r.received_at = from_micros(s.i64(26));
  r.updated_at = from_micros(s.i64(27));
  return r;
}

ReceiptRecord read_receipt(const Stmt& s) {
  ReceiptRecord r;
  r.seq = s.i64(0);
  r.at = from_micros(s.i64(1));
  r.channel = parse_enum<Channel>(s.text(2)).value_or(Channel::web);
  r.submitter = s.text(3);
  r.source_address = s.text(4);
  r.content_sha256 = s.text(5);
  r.subject = s.text(6);
  r.prev_hash = s.text(7);
  r.hash = s.text(8);
  r.stored_sha256 = s.text(9);
  return r;
}

// The report list's filters other than text and the cursor, on reports' columns.
Where report_filters(const ReportFilter& f) {
  Where w;
  if (f.state) w.add("state = ?", std::string(name_of(*f.state)));
  if (f.product_id) w.add("product_id = ?", *f.product_id);
  if (f.submitter_user_id) w.add("submitter_user_id = ?", *f.submitter_user_id);
  if (f.case_grade) w.add("case_grade = ?", *f.case_grade);
  if (f.received_from) w.add("received_at >= ?", to_micros(*f.received_from));
  if (f.received_to) w.add("received_at < ?", to_micros(*f.received_to));
  return w;
}

// Rows after the cursor in list order: received_at, then id.
void add_after_cursor(Where& w, const Cursor& cur, bool newest_first) {
  w.add(std::string("(received_at, id) ") + (newest_first ? "<" : ">") + " (?, ?)");
  w.params.push_back(cur.value);
  w.params.push_back(cur.id);
}

// Trims the one row fetched beyond the limit into the next cursor.
void finish_page(Page<Report>& page, int limit) {
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor({to_micros(page.items.back().received_at), page.items.back().id});
  }
}

std::int64_t sat_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  return __builtin_add_overflow(a, b, &r) ? (b > 0 ? INT64_MAX : INT64_MIN) : r;
}
std::int64_t sat_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  return __builtin_sub_overflow(a, b, &r) ? (b > 0 ? INT64_MIN : INT64_MAX) : r;
}

// A position in the report list.
struct Key {
  std::int64_t at = 0;  // received_at
  std::int64_t id = 0;
};
// Heap order: a < b when a comes before b in the list, so the heap's top is
// the last of the rows it holds.
struct ListOrder {
  bool newest_first = true;
  bool operator()(const Key& a, const Key& b) const {
    if (a.at != b.at) return newest_first ? a.at > b.at : a.at < b.at;
    return newest_first ? a.id > b.id : a.id < b.id;
  }
};

// What a text search needs besides the phrase: the filters and cursor as SQL
// on reports, the id range that can hold this page's rows, and how many rows
// to find (a page and one more; up to the cap and one more when counting).
struct SearchPlan {
  std::string phrase;
  Where pass;
  std::optional<std::int64_t> lo_id, hi_id;  // exclusive
  bool newest_first = true;
  std::optional<std::int64_t> from, to;  // received_at range, microseconds
  std::int64_t slack = 0;
  std::size_t want = 0;
  std::int64_t count_cap = 0;  // 0: not counting
};

// One way of answering: the matches in id order, each looked up in reports
// for the filters (~3.5 us a match). Ids follow received_at except that a row
// can be received up to `slack` earlier than a row stored before it; so once
// the received_at of every match walked is more than `slack` past the last
// row of the page, no match left can come before it, and the walk stops
// (when also counted past the cap, if counting). Cheap when the filters pass
// most matches: about a page of lookups.
class Walk {
 public:
  Status open(Connection& c, const SearchPlan& p) {
    p_ = &p;
    best_ = std::priority_queue<Key, std::vector<Key>, ListOrder>(ListOrder{p.newest_first});
    edge_ = p.newest_first ? INT64_MAX : INT64_MIN;
    // Third column: whether the row passes (pass.sql without its " WHERE ").
    std::string sql = "SELECT r.id, r.received_at, ";
    if (p.pass.sql.empty()) {
      sql += "1";
    } else {
      sql += '(';
      sql.append(p.pass.sql, 7);
      sql += ')';
    }
    sql += " FROM reports_fts CROSS JOIN reports r ON r.id = reports_fts.rowid WHERE reports_fts MATCH ?";
    if (p.lo_id) sql += " AND reports_fts.rowid > ?";
    if (p.hi_id) sql += " AND reports_fts.rowid < ?";
    sql += p.newest_first ? " ORDER BY reports_fts.rowid DESC" : " ORDER BY reports_fts.rowid ASC";
    LD_ASSIGN_OR_RETURN(s_, c.prepare_dynamic(sql));
    p.pass.bind(*s_);
    int i = static_cast<int>(p.pass.params.size());
    s_->bind(++i, p.phrase);
    if (p.lo_id) s_->bind(++i, *p.lo_id);
    if (p.hi_id) s_->bind(++i, *p.hi_id);
    return {};
  }

  // One match; true when the answer is complete.
  Result<bool> step() {
    const SearchPlan& p = *p_;
    const bool desc = p.newest_first;
    LD_ASSIGN_OR_RETURN(bool row, s_->step());
    if (!row) return true;
    Key k{s_->i64(1), s_->i64(0)};
    edge_ = desc ? std::min(edge_, k.at) : std::max(edge_, k.at);
    if (s_->i64(2) != 0) {
      ++counted_;
      if (best_.size() < p.want) {
        best_.push(k);
      } else if (p.want > 0 && ListOrder{desc}(k, best_.top())) {
        best_.pop();
        best_.push(k);
      }
    }
    // Every match not walked yet was received at or before `reach` (newest
    // first; at or after, oldest first) and has an id beyond every id walked,
    // so on a tie of received_at it comes after them too.
    const std::int64_t reach = desc ? sat_add(edge_, p.slack) : sat_sub(edge_, p.slack);
    if (desc ? (p.from && reach < *p.from) : (p.to && reach >= *p.to)) return true;  // none left in the range
    if (!page_done_)
      page_done_ = best_.size() == p.want && (desc ? reach <= best_.top().at : reach >= best_.top().at);
    return page_done_ && (p.count_cap == 0 || counted_ > p.count_cap);
  }

  std::int64_t counted() const { return counted_; }
  std::vector<Id> page() {
    std::vector<Id> ids(best_.size());
    for (std::size_t n = best_.size(); n > 0; --n) {
      ids[n - 1] = best_.top().id;
      best_.pop();
    }
    return ids;
  }

 private:
  const SearchPlan* p_ = nullptr;
  std::unique_ptr<Stmt> s_;
  std::priority_queue<Key, std::vector<Key>, ListOrder> best_;
  std::int64_t edge_ = 0;  // the oldest (newest, oldest first) received_at walked
  std::int64_t counted_ = 0;
  bool page_done_ = false;
};

// The other way: rows passing the filters in list order (a filter's index,
// or received_at's, without reading the rows), each kept if it matches. The
// matches are read alongside in id order from the FTS index alone until past
// the row's id, so whether the row matches is known exactly whatever the
// order of ids. ~0.2 us per entry read on either side; never more than the
// filters' rows plus the matches. Cheap when the filters are selective.
class Merge {
 public:
  Status open(Connection& c, const SearchPlan& p) {
    p_ = &p;
    limit_ = p.count_cap > 0 ? std::max<std::int64_t>(p.count_cap + 1, static_cast<std::int64_t>(p.want))
                             : static_cast<std::int64_t>(p.want);
    const char* dir = p.newest_first ? "DESC" : "ASC";
    LD_ASSIGN_OR_RETURN(rows_, c.prepare_dynamic("SELECT id FROM reports" + p.pass.sql + " ORDER BY received_at " +
                                                 dir + ", id " + dir));
    p.pass.bind(*rows_);
    std::string sql = "SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?";
    if (p.lo_id) sql += " AND rowid > ?";
    if (p.hi_id) sql += " AND rowid < ?";
    sql += p.newest_first ? " ORDER BY rowid DESC" : " ORDER BY rowid ASC";
    LD_ASSIGN_OR_RETURN(matches_, c.prepare_dynamic(sql));
    int i = 0;
    matches_->bind(++i, p.phrase);
    if (p.lo_id) matches_->bind(++i, *p.lo_id);
    if (p.hi_id) matches_->bind(++i, *p.hi_id);
    return {};
  }

  // Reads up to `units` entries; true when the answer is complete.
  Result<bool> advance(int units) {
    const bool desc = p_->newest_first;
    auto ahead = [desc](Id a, Id b) { return desc ? a > b : a < b; };  // a comes first in id order
    for (; units > 0; --units) {
      if (!pending_) {
        LD_ASSIGN_OR_RETURN(bool row, rows_->step());
        if (!row) return true;
        pending_ = rows_->i64(0);
      } else if (more_ && (matched_.empty() || !ahead(*pending_, matched_.back()))) {  // not yet past it
        LD_ASSIGN_OR_RETURN(bool row, matches_->step());
        if (row) matched_.push_back(matches_->i64(0));
        else more_ = false;
      } else {
        if (std::binary_search(matched_.begin(), matched_.end(), *pending_, ahead)) out_.push_back(*pending_);
        pending_.reset();
        if (static_cast<std::int64_t>(out_.size()) >= limit_) return true;
      }
    }
    return false;
  }

  std::int64_t counted() const { return static_cast<std::int64_t>(out_.size()); }
  std::vector<Id> page() const {
    return std::vector<Id>(out_.begin(), out_.begin() + static_cast<long>(std::min(out_.size(), p_->want)));
  }

 private:
  const SearchPlan* p_ = nullptr;
  std::int64_t limit_ = 0;
  std::unique_ptr<Stmt> rows_, matches_;
  std::optional<Id> pending_;  // a filters' row waiting for the matches to pass it
  std::vector<Id> matched_;    // matches read so far, in id order
  bool more_ = true;
  std::vector<Id> out_;        // rows passing, in list order
};

// The third way: rows passing the filters in list order, each read and its
// title and product text checked with the index's tokenizer (~5 us a row,
// whatever the number of matches). Cheap when the filters pass few rows: a
// finder's own reports, a product's.
class Probe {
 public:
  Status open(Connection& c, const SearchPlan& p, PhraseMatcher& m) {
    p_ = &p;
    m_ = &m;
    limit_ = p.count_cap > 0 ? std::max<std::int64_t>(p.count_cap + 1, static_cast<std::int64_t>(p.want))
                             : static_cast<std::int64_t>(p.want);
    const char* dir = p.newest_first ? "DESC" : "ASC";
    LD_ASSIGN_OR_RETURN(rows_, c.prepare_dynamic("SELECT id, title, product_text FROM reports" + p.pass.sql +
                                                 " ORDER BY received_at " + dir + ", id " + dir));
    p.pass.bind(*rows_);
    return {};
  }

  // Checks one row; true when the answer is complete.
  Result<bool> step() {
    LD_ASSIGN_OR_RETURN(bool row, rows_->step());
    if (!row) return true;
    if (m_->matches(rows_->text_view(1)) || m_->matches(rows_->text_view(2))) out_.push_back(rows_->i64(0));
    return static_cast<std::int64_t>(out_.size()) >= limit_;
  }

  std::int64_t counted() const { return static_cast<std::int64_t>(out_.size()); }
  std::vector<Id> page() const {
    return std::vector<Id>(out_.begin(), out_.begin() + static_cast<long>(std::min(out_.size(), p_->want)));
  }

 private:
  const SearchPlan* p_ = nullptr;
  PhraseMatcher* m_ = nullptr;
  std::int64_t limit_ = 0;
  std::unique_ptr<Stmt> rows_;
  std::vector<Id> out_;  // rows passing, in list order
};

// Text search: title or product text contains the phrase (trigram FTS5).
// Which of Walk, Merge and Probe is cheapest depends on how many rows the
// other filters pass, how many match the text and where they lie, none of it
// known in advance (a burst of identical reports makes any estimate wrong);
// so they race. The walk goes first alone, enough for a page of text alone;
// then each turn goes to the plan whose yield so far promises the least total
// work, and the first to finish answers. The first page's total counts up to
// kTextTotalCap matches on the FTS index alone for text alone; with other
// filters, up to kFilteredTextTotalCap rows found by the race.
Result<Page<Report>> search_reports(Connection& c, const ReportFilter& f) {
  const Where filters = report_filters(f);
  std::optional<Cursor> cur;
  if (!f.page.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto x, decode_cursor(f.page.cursor));
    cur = x;
  }
  SearchPlan p;
  p.phrase = fts_phrase(f.text);
  p.pass = filters;
  if (cur) add_after_cursor(p.pass, *cur, f.newest_first);
  p.newest_first = f.newest_first;
  if (f.received_from) p.from = to_micros(*f.received_from);
  if (f.received_to) p.to = to_micros(*f.received_to);
  p.want = static_cast<std::size_t>(f.page.limit) + 1;
  const bool count_with_filters = !cur && !filters.params.empty();
  p.count_cap = count_with_filters ? ReportFilter::kFilteredTextTotalCap : 0;
  {
    LD_ASSIGN_OR_RETURN(auto s, c.prepare(kSelectOrderSlack));
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) p.slack = std::max<std::int64_t>(0, s->i64(0));
  }
  // The received_at range this page's rows can have, and from it the id
  // range to read: a row received more than `slack` after every candidate
  // was stored after all of them, one received more than `slack` before
  // every candidate was stored before all of them.
  std::optional<std::int64_t> lo_at = p.from, hi_at;
  if (p.to) hi_at = *p.to - 1;
  if (cur && f.newest_first) hi_at = hi_at ? std::min(*hi_at, cur->value) : cur->value;
  if (cur && !f.newest_first) lo_at = lo_at ? std::max(*lo_at, cur->value) : cur->value;
  if (hi_at) {
    LD_ASSIGN_OR_RETURN(auto s, c.prepare(kFirstReceivedAfter));
    s->args(sat_add(*hi_at, p.slack));
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) p.hi_id = s->i64(0);
  }
  if (lo_at) {
    LD_ASSIGN_OR_RETURN(auto s, c.prepare(kLastReceivedBefore));
    s->args(sat_sub(*lo_at, p.slack));
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) p.lo_id = s->i64(0);
  }

  Page<Report> page;
  page.total = -1;
  if (!cur && filters.params.empty()) {
    LD_ASSIGN_OR_RETURN(auto s, c.prepare(kCountTextMatches));
    s->args(p.phrase, ReportFilter::kTextTotalCap + 1);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    const std::int64_t n = row ? s->i64(0) : 0;
    page.total = std::min(n, ReportFilter::kTextTotalCap);
    page.total_capped = n > ReportFilter::kTextTotalCap;
  }
  Walk walk;
  LD_RETURN_IF_ERROR(walk.open(c, p));
  Merge merge;
  Probe probe;
  std::unique_ptr<PhraseMatcher> matcher;
  // Expected total work of a plan to find what is needed at its yield so far
  // (optimistically half a row before its first).
  const double need = static_cast<double>(p.count_cap > 0 ? p.count_cap + 1 : static_cast<std::int64_t>(p.want));
  double work[3] = {0, 0, 0};  // walk, merge, probe
  auto expected = [&](int i, std::int64_t found) { return work[i] * need / std::max(0.5, static_cast<double>(found)); };
  std::vector<Id> ids;
  std::int64_t counted = 0;
  for (int turn = 0;; ++turn) {
    int plan = 0;
    if (turn >= kWalkHeadStart) {
      if (!matcher) {
        LD_RETURN_IF_ERROR(merge.open(c, p));
        LD_ASSIGN_OR_RETURN(matcher, PhraseMatcher::create(c, f.text));
        LD_RETURN_IF_ERROR(probe.open(c, p, *matcher));
      }
      const double e[3] = {expected(0, walk.counted()), expected(1, merge.counted()), expected(2, probe.counted())};
      plan = static_cast<int>(std::min_element(e, e + 3) - e);
    }
    if (plan == 0) {
      work[0] += kWalkStepCost;
      LD_ASSIGN_OR_RETURN(bool done, walk.step());
      if (done) {
        ids = walk.page();
        counted = walk.counted();
        break;
      }
    } else if (plan == 1) {
      work[1] += kMergeTurn;
      LD_ASSIGN_OR_RETURN(bool done, merge.advance(kMergeTurn));
      if (done) {
        ids = merge.page();
        counted = merge.counted();
        break;
      }
    } else {
      work[2] += kProbeStepCost;
      LD_ASSIGN_OR_RETURN(bool done, probe.step());
      if (done) {
        ids = probe.page();
        counted = probe.counted();
        break;
      }
    }
  }
  if (count_with_filters) {
    page.total = std::min(counted, ReportFilter::kFilteredTextTotalCap);
    page.total_capped = counted > ReportFilter::kFilteredTextTotalCap;
  }
  for (Id id : ids) {
    LD_ASSIGN_OR_RETURN(auto s, c.prepare(kSelectReport.c_str()));  // reset when s goes
    s->args(id);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) page.items.push_back(read_report(*s));
  }
  finish_page(page, f.page.limit);
  return page;
}

}  // namespace

Result<std::optional<Report>> SqliteTx::report(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectReport.c_str()));
  s->args(id);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<Report>();
  return std::optional<Report>(read_report(*s));
}

Result<std::optional<Report>> SqliteTx::report_by_tracking(const std::string& t) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectReportByTracking.c_str()));
  s->args(t);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<Report>();
  return std::optional<Report>(read_report(*s));
}

Result<std::vector<Report>> SqliteTx::reports_of_case(Id case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectReportsOfCase.c_str()));
  s->args(case_id);
  return collect<Report>(*s, read_report);
}

Result<Page<Report>> SqliteTx::reports(const ReportFilter& f) {
  if (!f.text.empty()) return search_reports(c_, f);
  Where w = report_filters(f);
  Page<Report> page;
  if (f.page.cursor.empty()) {  // the total is asked once, with the first page
    LD_ASSIGN_OR_RETURN(page.total, report_total(c_, f, w));
  } else {
    page.total = -1;
    LD_ASSIGN_OR_RETURN(auto cur, decode_cursor(f.page.cursor));
    add_after_cursor(w, cur, f.newest_first);
  }
  const char* dir = f.newest_first ? "DESC" : "ASC";
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(std::string("SELECT ") + kReportCols + " FROM reports" + w.sql +
                                                 " ORDER BY received_at " + dir + ", id " + dir + " LIMIT ?"));
  w.bind(*s);
  s->bind(static_cast<int>(w.params.size()) + 1, static_cast<std::int64_t>(f.page.limit + 1));
  LD_ASSIGN_OR_RETURN(page.items, collect<Report>(*s, read_report));
  finish_page(page, f.page.limit);
  return page;
}

Result<std::vector<Attachment>> SqliteTx::attachments(Id report_id, bool with_content) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(with_content ? kSelectAttachmentsWithContent : kSelectAttachments));
  s->args(report_id);
  return collect<Attachment>(*s, [](const Stmt& r) {
    return Attachment{r.i64(0), r.i64(1), r.text(2), r.text(3), r.i64(4), r.text(5), r.text(6), from_micros(r.i64(7))};
  });
}

Result<std::optional<ReceiptRecord>> SqliteTx::last_receipt() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectLastReceipt.c_str()));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<ReceiptRecord>();
  return std::optional<ReceiptRecord>(read_receipt(*s));
}

Result<ChainAnchor> SqliteTx::receipt_anchor() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAnchor));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return ChainAnchor{};
  return ChainAnchor{s->i64(0), s->text(1)};
}

Status SqliteTx::scan_receipts(const std::function<bool(const ReceiptRecord&)>& visit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kScanReceipts.c_str()));
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row || !visit(read_receipt(*s))) return {};
  }
}

Result<Page<ReceiptRecord>> SqliteTx::receipts(const ReceiptFilter& f) {
  Where w;
  if (f.from) w.add("at >= ?", to_micros(*f.from));
  if (f.to) w.add("at < ?", to_micros(*f.to));
  if (f.channel) w.add("channel = ?", std::string(name_of(*f.channel)));
  Page<ReceiptRecord> page;
  if (f.page.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic("SELECT count(*) FROM receipts" + w.sql));
    w.bind(*s);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    page.total = row ? s->i64(0) : 0;
  } else {
    page.total = -1;
  }
  if (!f.page.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto cur, decode_cursor(f.page.cursor));
    w.add("seq < ?", cur.id);
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(std::string("SELECT ") + kReceiptCols + " FROM receipts" + w.sql +
                                                 " ORDER BY seq DESC LIMIT ?"));
  w.bind(*s);
  s->bind(static_cast<int>(w.params.size()) + 1, static_cast<std::int64_t>(f.page.limit + 1));
  LD_ASSIGN_OR_RETURN(page.items, collect<ReceiptRecord>(*s, read_receipt));
  if (static_cast<int>(page.items.size()) > f.page.limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor({0, page.items.back().seq});
  }
  return page;
}

Result<std::vector<std::int64_t>> SqliteTx::reports_missing_receipts(std::int64_t after_seq) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kReportsMissingReceipts));
  s->args(after_seq);
  return collect<std::int64_t>(*s, [](const Stmt& r) { return r.i64(0); });
}

Status SqliteTx::scan_reports_by_receipt(
    std::int64_t after_seq, const std::function<bool(const Report&, const std::string&, const std::string&)>& visit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kScanReportsByReceipt.c_str()));
  s->args(after_seq);
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row || !visit(read_report(*s), s->text(28), s->text(29))) return {};
  }
}

Result<SealedData> SqliteTx::sealed_data() {
  SealedData out;
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSealedSample));
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) out.sample = s->text(0);
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSealedInOutbox));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  out.any = out.sample.has_value() || row;
  return out;
}

Result<Id> SqliteTx::insert_report(const Report& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertReport));
  s->args(r.tracking_id, r.tracking_token_hash, name_of(r.state), r.title, r.product_id, r.product_text,
          r.product_version, r.vuln_type, r.cwe, r.gbt_class, r.location, r.trigger_conditions, r.impact);
  s->bind_blob(14, r.verification_sealed);
  s->bind(15, r.discovered_on).bind(16, r.already_public).bind(17, r.exploited).bind(18, r.disclosure_plans);
  s->bind(19, r.submitter_user_id).bind(20, r.contact_email).bind(21, r.contact_name).bind(22, name_of(r.channel));
  s->bind(23, r.source_address).bind(24, r.case_id).bind(25, r.receipt_seq).bind(26, to_micros(r.received_at));
  s->bind(27, to_micros(r.updated_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status SqliteTx::update_report(const Report& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateReport));
  s->args(name_of(r.state), r.case_id, to_micros(r.updated_at), r.id);
  return s->run();
}

Result<Id> SqliteTx::insert_attachment(const Attachment& a) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAttachment));
  s->args(a.report_id, a.filename, a.content_type, a.size, a.sha256);
  s->bind_blob(6, a.content_sealed).bind(7, to_micros(a.created_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status SqliteTx::append_receipt(const ReceiptRecord& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertReceipt));
  s->args(r.seq, to_micros(r.at), name_of(r.channel), r.submitter, r.source_address, r.content_sha256, r.subject,
          r.prev_hash, r.hash, r.stored_sha256);
  return s->run();
}

Result<std::int64_t> SqliteTx::purge_receipts(std::int64_t up_to_seq, const ChainAnchor& anchor) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kPurgeReceipts));
  s->args(up_to_seq);
  LD_RETURN_IF_ERROR(s->run());
  std::int64_t n = c_.changes();
  LD_ASSIGN_OR_RETURN(auto a, c_.prepare(kUpsertAnchor));
  a->args(anchor.seq, anchor.hash);
  LD_RETURN_IF_ERROR(a->run());
  return n;
}

}  // namespace loudong::store::sqlite
