// Reports, attachments and the receipt log.
#include <algorithm>
#include <climits>

#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {
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
// Text search (search_reports): matches counted up to a cap, as SQLite's
// list does, so the first page of a common word stays cheap.
constexpr const char* kTextMatch = "(title ILIKE ? ESCAPE '\\' OR product_text ILIKE ? ESCAPE '\\')";
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
    "SELECT v FROM (SELECT verification_sealed AS v FROM reports WHERE length(verification_sealed) > 0 LIMIT 1) a "
    "UNION ALL SELECT v FROM (SELECT content_sealed AS v FROM attachments LIMIT 1) b "
    "UNION ALL SELECT v FROM (SELECT secret_sealed AS v FROM webhooks LIMIT 1) c "
    "UNION ALL SELECT v FROM (SELECT token_sealed AS v FROM peers LIMIT 1) d "
    "UNION ALL SELECT v FROM (SELECT details_sealed AS v FROM operator_cases LIMIT 1) e "
    "UNION ALL SELECT v FROM (SELECT details_sealed AS v FROM asset_exposures WHERE details_sealed IS NOT NULL LIMIT 1) f "
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
  // The grade of the report's case, 'none' while it is not graded (a copy
  // kept by migration 11's triggers, served by reports_grade).
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

// Text search: title or product text contains the phrase, in any letter
// case: ILIKE '%phrase%', which the pg_trgm GIN indexes on both columns
// serve (a bitmap of the rows holding the phrase's trigrams, rechecked).
// pg_trgm rather than PostgreSQL's full-text search: full text finds words,
// and Chinese titles have no spaces between words, so a phrase inside a run
// of Chinese would not be found; trigram substring matching is also what the
// SQLite backend does (FTS5 trigram), so both answer the same. Trigrams of
// Chinese characters are indexed when the database's LC_CTYPE knows them as
// letters (C.UTF-8, zh_CN.UTF-8, en_US.UTF-8); under LC_CTYPE=C the index
// cannot narrow a Chinese phrase and the search reads the rows: slower,
// still right. As on SQLite, a phrase under 3 characters matches nothing.
Result<Page<Report>> search_reports(Connection& c, const ReportFilter& f) {
  Page<Report> page;
  const bool first = f.page.cursor.empty();
  page.total = first ? 0 : -1;
  if (!searchable(f.text)) return page;
  Where w = report_filters(f);
  const bool filtered = !w.params.empty();
  const std::string pat = contains_pattern(f.text);
  w.add(kTextMatch);
  w.params.push_back(pat);
  w.params.push_back(pat);
  if (first) {
    const std::int64_t cap = filtered ? ReportFilter::kFilteredTextTotalCap : ReportFilter::kTextTotalCap;
    LD_ASSIGN_OR_RETURN(auto s, c.prepare_dynamic("SELECT count(*) FROM (SELECT 1 FROM reports" + w.sql +
                                                  " LIMIT ?) AS m"));
    w.bind(*s);
    s->bind(static_cast<int>(w.params.size()) + 1, cap + 1);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    const std::int64_t n = row ? s->i64(0) : 0;
    page.total = std::min(n, cap);
    page.total_capped = n > cap;
  } else {
    LD_ASSIGN_OR_RETURN(auto cur, decode_cursor(f.page.cursor));
    add_after_cursor(w, cur, f.newest_first);
  }
  const char* dir = f.newest_first ? "DESC" : "ASC";
  LD_ASSIGN_OR_RETURN(auto s, c.prepare_dynamic(std::string("SELECT ") + kReportCols + " FROM reports" + w.sql +
                                                " ORDER BY received_at " + dir + ", id " + dir + " LIMIT ?"));
  w.bind(*s);
  s->bind(static_cast<int>(w.params.size()) + 1, static_cast<std::int64_t>(f.page.limit + 1));
  LD_ASSIGN_OR_RETURN(page.items, collect<Report>(*s, read_report));
  finish_page(page, f.page.limit);
  return page;
}
}  // namespace

Result<std::optional<Report>> PgTx::report(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectReport.c_str()));
  s->args(id);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<Report>();
  return std::optional<Report>(read_report(*s));
}

Result<std::optional<Report>> PgTx::report_by_tracking(const std::string& t) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectReportByTracking.c_str()));
  s->args(t);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<Report>();
  return std::optional<Report>(read_report(*s));
}

Result<std::vector<Report>> PgTx::reports_of_case(Id case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectReportsOfCase.c_str()));
  s->args(case_id);
  return collect<Report>(*s, read_report);
}

Result<Page<Report>> PgTx::reports(const ReportFilter& f) {
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

Result<std::vector<Attachment>> PgTx::attachments(Id report_id, bool with_content) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(with_content ? kSelectAttachmentsWithContent : kSelectAttachments));
  s->args(report_id);
  return collect<Attachment>(*s, [](const Stmt& r) {
    return Attachment{r.i64(0), r.i64(1), r.text(2), r.text(3), r.i64(4), r.text(5), r.text(6), from_micros(r.i64(7))};
  });
}

Result<std::optional<ReceiptRecord>> PgTx::last_receipt() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectLastReceipt.c_str()));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<ReceiptRecord>();
  return std::optional<ReceiptRecord>(read_receipt(*s));
}

Result<ChainAnchor> PgTx::receipt_anchor() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAnchor));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return ChainAnchor{};
  return ChainAnchor{s->i64(0), s->text(1)};
}

Status PgTx::scan_receipts(const std::function<bool(const ReceiptRecord&)>& visit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kScanReceipts.c_str()));
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row || !visit(read_receipt(*s))) return {};
  }
}

Result<Page<ReceiptRecord>> PgTx::receipts(const ReceiptFilter& f) {
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

Result<std::vector<std::int64_t>> PgTx::reports_missing_receipts(std::int64_t after_seq) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kReportsMissingReceipts));
  s->args(after_seq);
  return collect<std::int64_t>(*s, [](const Stmt& r) { return r.i64(0); });
}

Status PgTx::scan_reports_by_receipt(
    std::int64_t after_seq, const std::function<bool(const Report&, const std::string&, const std::string&)>& visit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kScanReportsByReceipt.c_str()));
  s->args(after_seq);
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row || !visit(read_report(*s), s->text(28), s->text(29))) return {};
  }
}

Result<SealedData> PgTx::sealed_data() {
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

Result<Id> PgTx::insert_report(const Report& r) {
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

Status PgTx::update_report(const Report& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateReport));
  s->args(name_of(r.state), r.case_id, to_micros(r.updated_at), r.id);
  return s->run();
}

Result<Id> PgTx::insert_attachment(const Attachment& a) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAttachment));
  s->args(a.report_id, a.filename, a.content_type, a.size, a.sha256);
  s->bind_blob(6, a.content_sealed).bind(7, to_micros(a.created_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status PgTx::append_receipt(const ReceiptRecord& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertReceipt));
  s->args(r.seq, to_micros(r.at), name_of(r.channel), r.submitter, r.source_address, r.content_sha256, r.subject,
          r.prev_hash, r.hash, r.stored_sha256);
  return s->run();
}

Result<std::int64_t> PgTx::purge_receipts(std::int64_t up_to_seq, const ChainAnchor& anchor) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kPurgeReceipts));
  s->args(up_to_seq);
  LD_RETURN_IF_ERROR(s->run());
  std::int64_t n = c_.changes();
  LD_ASSIGN_OR_RETURN(auto a, c_.prepare(kUpsertAnchor));
  a->args(anchor.seq, anchor.hash);
  LD_RETURN_IF_ERROR(a->run());
  return n;
}

}  // namespace loudong::store::postgres
