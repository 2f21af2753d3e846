// Cases and everything hanging off them: participants, timeline, messages,
// clocks, regulatory reports, upstream and user notices.
// Shared by both backends (store/shared/tx_settings.ipp says how); the
// including backend defines case_text_condition(w, text), its text search on
// a case's reference and title (the condition; its parameters appended to w).

namespace tx_cases_sql {

using namespace domain;

constexpr const char* kCaseCols =
    "id, ref, title, summary, state, product_id, provider_org, affected_versions, operator_system, cwe, gbt_class, "
    "cvss31_vector, cvss31_score, cvss40_vector, cvss40_score, grade, grade_source, grade_basis, upstream, "
    "external_ids, aware_at, created_at, updated_at";
const std::string kSelectCase = std::string("SELECT ") + kCaseCols + " FROM cases WHERE id = ?";
constexpr const char* kInsertCase =
    "INSERT INTO cases(ref, title, summary, state, product_id, provider_org, affected_versions, operator_system, cwe, "
    "gbt_class, cvss31_vector, cvss31_score, cvss40_vector, cvss40_score, grade, grade_source, grade_basis, upstream, "
    "external_ids, aware_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?)";
constexpr const char* kUpdateCase =
    "UPDATE cases SET ref = ?, title = ?, summary = ?, state = ?, product_id = ?, provider_org = ?, "
    "affected_versions = ?, operator_system = ?, cwe = ?, gbt_class = ?, cvss31_vector = ?, cvss31_score = ?, "
    "cvss40_vector = ?, cvss40_score = ?, grade = ?, grade_source = ?, grade_basis = ?, upstream = ?, "
    "external_ids = ?, aware_at = ?, created_at = ?, updated_at = ? WHERE id = ?";
// Published cases: the time each last entered `published`, from its
// timeline (events_subject index), over the few cases in published or
// closed (cases_state index). Closed without publication has no such event.
const std::string kPublishedCols = std::string("SELECT * FROM (SELECT ") + kCaseCols +
                                   ", (SELECT max(e.at) FROM events e WHERE e.subject_type = 'case' AND "
                                   "e.subject_id = cases.id AND e.kind = 'transition' AND e.to_state = 'published') "
                                   "AS published_at FROM cases WHERE state IN ('published', 'closed')) AS pc";
const std::string kSelectPublished = kPublishedCols +
                                     " WHERE published_at IS NOT NULL AND (published_at < ? OR (published_at = ? AND "
                                     "id < ?)) ORDER BY published_at DESC, id DESC LIMIT ?";
const std::string kCountPublished = "SELECT count(*) FROM (" + kPublishedCols + " WHERE published_at IS NOT NULL) AS n";
const std::string kSelectPublishedByRef = kPublishedCols + " WHERE published_at IS NOT NULL AND ref = ?";

constexpr const char* kSelectParticipants = "SELECT org_id FROM case_participants WHERE case_id = ? ORDER BY org_id";
constexpr const char* kInsertParticipant =
    "INSERT INTO case_participants(case_id, org_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
constexpr const char* kDeleteParticipant = "DELETE FROM case_participants WHERE case_id = ? AND org_id = ? AND role = ?";

constexpr const char* kSelectEvents =
    "SELECT id, subject_type, subject_id, at, actor_user_id, actor_name, kind, from_state, to_state, reason, data "
    "FROM events WHERE subject_type = ? AND subject_id = ? ORDER BY id";
constexpr const char* kInsertEvent =
    "INSERT INTO events(subject_type, subject_id, at, actor_user_id, actor_name, kind, from_state, to_state, reason, "
    "data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* kMessageCols =
    "id, report_id, case_id, author_user_id, author_name, from_finder, visibility, body, created_at";
const std::string kSelectMessages = std::string("SELECT ") + kMessageCols +
                                    " FROM messages WHERE report_id = ? OR case_id = ? ORDER BY created_at, id";
constexpr const char* kInsertMessage =
    "INSERT INTO messages(report_id, case_id, author_user_id, author_name, from_finder, visibility, body, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* kClockCols = "id, report_id, case_id, kind, started_at, soon_at, due_at, stopped_at, stop_note";
const std::string kSelectClocks =
    std::string("SELECT ") + kClockCols + " FROM clocks WHERE report_id = ? OR case_id = ? ORDER BY started_at, id";
constexpr const char* kInsertClock =
    "INSERT INTO clocks(report_id, case_id, kind, started_at, soon_at, due_at, stopped_at, stop_note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateClock =
    "UPDATE clocks SET report_id = ?, case_id = ?, started_at = ?, soon_at = ?, due_at = ?, stopped_at = ?, "
    "stop_note = ? WHERE id = ?";
constexpr const char* kDeleteClock = "DELETE FROM clocks WHERE id = ?";

constexpr const char* kRegCols =
    "id, case_id, authority, state, product_name, product_model, product_version, technical_characteristics, harm, "
    "scope, provider_name, contact_name, contact_phone, contact_email, measures, submitted_at, submitted_by, channel, "
    "reference, created_at, updated_at";
const std::string kSelectReg = std::string("SELECT ") + kRegCols + " FROM regulatory_reports WHERE id = ?";
const std::string kSelectRegsOfCase =
    std::string("SELECT ") + kRegCols + " FROM regulatory_reports WHERE case_id = ? ORDER BY id";
constexpr const char* kInsertReg =
    "INSERT INTO regulatory_reports(case_id, authority, state, product_name, product_model, product_version, "
    "technical_characteristics, harm, scope, provider_name, contact_name, contact_phone, contact_email, measures, "
    "submitted_at, submitted_by, channel, reference, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateReg =
    "UPDATE regulatory_reports SET authority = ?, state = ?, product_name = ?, product_model = ?, product_version = ?, "
    "technical_characteristics = ?, harm = ?, scope = ?, provider_name = ?, contact_name = ?, contact_phone = ?, "
    "contact_email = ?, measures = ?, submitted_at = ?, submitted_by = ?, channel = ?, reference = ?, updated_at = ? "
    "WHERE id = ?";

constexpr const char* kSelectUpstream =
    "SELECT id, case_id, upstream_provider, upstream_org, component, notified_at, method, evidence, recorded_by, "
    "created_at FROM upstream_notices WHERE case_id = ? ORDER BY id";
constexpr const char* kInsertUpstream =
    "INSERT INTO upstream_notices(case_id, upstream_provider, upstream_org, component, notified_at, method, evidence, "
    "recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectUserNotices =
    "SELECT id, case_id, customer, contact, notified_at, method, evidence, recorded_by FROM user_notices "
    "WHERE case_id = ? ORDER BY id";
constexpr const char* kInsertUserNotice =
    "INSERT INTO user_notices(case_id, customer, contact, notified_at, method, evidence, recorded_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

std::string upstream_json(const std::optional<Upstream>& u) {
  if (!u) return "";
  nlohmann::json j{{"component", u->component}, {"provider_name", u->provider_name}};
  j["provider_org"] = u->provider_org ? nlohmann::json(*u->provider_org) : nlohmann::json(nullptr);
  return j.dump();
}

std::optional<Upstream> upstream_from(const Stmt& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  auto j = nlohmann::json::parse(s.text(col), nullptr, false);
  if (!j.is_object()) return std::nullopt;
  Upstream u;
  u.component = j.value("component", "");
  u.provider_name = j.value("provider_name", "");
  if (j.contains("provider_org") && j["provider_org"].is_number_integer()) u.provider_org = j["provider_org"].get<Id>();
  return u;
}

Case read_case(const Stmt& s) {
  Case c;
  c.id = s.i64(0);
  c.ref = s.text(1);
  c.title = s.text(2);
  c.summary = s.text(3);
  c.state = parse_enum<CaseState>(s.text(4)).value_or(CaseState::verifying);
  c.product_id = s.opt_i64(5);
  c.provider_org = s.opt_i64(6);
  c.affected_versions = s.text(7);
  c.operator_system = s.i64(8) != 0;
  if (auto v = s.opt_i64(9)) c.assessment.cwe = static_cast<int>(*v);
  c.assessment.gbt_class = s.text(10);
  c.assessment.cvss31_vector = s.text(11);
  c.assessment.cvss31_score = s.opt_dbl(12);
  c.assessment.cvss40_vector = s.text(13);
  c.assessment.cvss40_score = s.opt_dbl(14);
  if (!s.is_null(15)) {
    auto g = assessment::parse_grade(s.text(15));
    if (g.ok()) c.assessment.grade = *g;
  }
  c.assessment.grade_source = s.text(16);
  c.assessment.grade_basis = s.text(17);
  c.upstream = upstream_from(s, 18);
  c.external_ids = from_json_array(s.text(19));
  c.aware_at = from_micros(s.i64(20));
  c.created_at = from_micros(s.i64(21));
  c.updated_at = from_micros(s.i64(22));
  return c;
}

// Binds the case's columns in kInsertCase / kUpdateCase order.
void bind_case(Stmt& s, const Case& c) {
  const auto& a = c.assessment;
  std::optional<std::string> grade;
  if (a.grade) grade = std::string(assessment::grade_code(*a.grade));
  std::string up = upstream_json(c.upstream);
  s.args(c.ref, c.title, c.summary, name_of(c.state), c.product_id, c.provider_org, c.affected_versions,
         c.operator_system, a.cwe, a.gbt_class, a.cvss31_vector, a.cvss31_score, a.cvss40_vector, a.cvss40_score, grade,
         a.grade_source, a.grade_basis);
  if (up.empty()) s.bind_null(18);
  else s.bind(18, up);
  s.bind(19, to_json_array(c.external_ids)).bind(20, to_micros(c.aware_at)).bind(21, to_micros(c.created_at));
  s.bind(22, to_micros(c.updated_at));
}

Message read_message(const Stmt& s) {
  Message m;
  m.id = s.i64(0);
  m.report_id = s.opt_i64(1);
  m.case_id = s.opt_i64(2);
  m.author_user_id = s.opt_i64(3);
  m.author_name = s.text(4);
  m.from_finder = s.i64(5) != 0;
  m.visibility = parse_enum<Visibility>(s.text(6)).value_or(Visibility::coordinators);
  m.body = s.text(7);
  m.created_at = from_micros(s.i64(8));
  return m;
}

ClockRecord read_clock(const Stmt& s) {
  ClockRecord c;
  c.id = s.i64(0);
  c.report_id = s.opt_i64(1);
  c.case_id = s.opt_i64(2);
  c.kind = parse_enum<ClockKind>(s.text(3)).value_or(ClockKind::regulatory_report);
  c.started_at = from_micros(s.i64(4));
  c.soon_at = from_micros(s.i64(5));
  c.due_at = from_micros(s.i64(6));
  if (auto v = s.opt_i64(7)) c.stopped_at = from_micros(*v);
  c.stop_note = s.text(8);
  return c;
}

RegulatoryReport read_reg(const Stmt& s) {
  RegulatoryReport r;
  r.id = s.i64(0);
  r.case_id = s.i64(1);
  r.authority = s.text(2);
  r.state = parse_enum<RegulatoryState>(s.text(3)).value_or(RegulatoryState::draft);
  r.product_name = s.text(4);
  r.product_model = s.text(5);
  r.product_version = s.text(6);
  r.technical_characteristics = s.text(7);
  r.harm = s.text(8);
  r.scope = s.text(9);
  r.provider_name = s.text(10);
  r.contact_name = s.text(11);
  r.contact_phone = s.text(12);
  r.contact_email = s.text(13);
  r.measures = s.text(14);
  if (auto v = s.opt_i64(15)) r.submitted_at = from_micros(*v);
  r.submitted_by = s.opt_i64(16);
  r.channel = s.text(17);
  r.reference = s.text(18);
  r.created_at = from_micros(s.i64(19));
  r.updated_at = from_micros(s.i64(20));
  return r;
}

std::optional<std::int64_t> opt_micros(const std::optional<Time>& t) {
  if (!t) return std::nullopt;
  return to_micros(*t);
}

}  // namespace tx_cases_sql

using namespace tx_cases_sql;

Result<std::optional<Case>> Tx::get_case(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectCase.c_str()));
  s->args(id);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<Case>();
  return std::optional<Case>(read_case(*s));
}

Result<Page<Case>> Tx::cases(const CaseFilter& f) {
  Where w;
  if (f.state) w.add("state = ?", std::string(name_of(*f.state)));
  if (f.grade) w.add("grade = ?", std::string(assessment::grade_code(*f.grade)));
  if (f.product_id) w.add("product_id = ?", *f.product_id);
  if (f.participant_orgs) {
    std::string in;
    for (Id o : *f.participant_orgs) in += (in.empty() ? "" : ",") + std::to_string(o);
    if (in.empty()) in = "NULL";
    // Ids are integers from the store, never client text: safe to inline,
    // and it keeps the statement cache to one entry per org set.
    w.add("id IN (SELECT case_id FROM case_participants WHERE org_id IN (" + in + "))");
  }
  if (!f.text.empty()) {
    std::string cond = case_text_condition(w, f.text);
    // Text that is an external id also finds the cases that list it (R-IDS),
    // whole ids only: CVE-2021-4422 does not find CVE-2021-44228.
    if (auto key = domain::external_id_search_key(f.text)) {
      cond = "(" + cond + " OR id IN (SELECT case_id FROM case_external_ids WHERE external_id = ?))";
      w.params.push_back(*key);
    }
    w.add(cond);
  }
  Page<Case> page;
  if (f.page.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic("SELECT count(*) FROM cases" + w.sql));
    w.bind(*s);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    page.total = row ? s->i64(0) : 0;
  } else {
    page.total = -1;
  }
  std::string col = f.sort == CaseFilter::Sort::updated ? "updated_at" : "created_at";
  const char* cmp = f.newest_first ? "<" : ">";
  const char* dir = f.newest_first ? "DESC" : "ASC";
  if (!f.page.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto cur, decode_cursor(f.page.cursor));
    w.add("(" + col + ", id) " + cmp + " (?, ?)");
    w.params.push_back(cur.value);
    w.params.push_back(cur.id);
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(std::string("SELECT ") + kCaseCols + " FROM cases" + w.sql +
                                                 " ORDER BY " + col + " " + dir + ", id " + dir + " LIMIT ?"));
  w.bind(*s);
  s->bind(static_cast<int>(w.params.size()) + 1, static_cast<std::int64_t>(f.page.limit + 1));
  LD_ASSIGN_OR_RETURN(page.items, collect<Case>(*s, read_case));
  if (static_cast<int>(page.items.size()) > f.page.limit) {
    page.items.pop_back();
    const Case& last = page.items.back();
    page.next_cursor =
        encode_cursor({to_micros(f.sort == CaseFilter::Sort::updated ? last.updated_at : last.created_at), last.id});
  }
  return page;
}

Result<Page<PublishedCase>> Tx::published_cases(const PageRequest& p) {
  Cursor cur{INT64_MAX, INT64_MAX};
  if (!p.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(cur, decode_cursor(p.cursor));
  }
  Page<PublishedCase> page;
  if (p.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto n, c_.prepare(kCountPublished.c_str()));
    LD_ASSIGN_OR_RETURN(bool row, n->step());
    page.total = row ? n->i64(0) : 0;
  } else {
    page.total = -1;
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectPublished.c_str()));
  s->args(cur.value, cur.value, cur.id, static_cast<std::int64_t>(p.limit + 1));
  LD_ASSIGN_OR_RETURN(page.items, collect<PublishedCase>(*s, [](const Stmt& r) {
                        return PublishedCase{read_case(r), from_micros(r.i64(23))};
                      }));
  if (static_cast<int>(page.items.size()) > p.limit) {
    page.items.pop_back();
    const auto& last = page.items.back();
    page.next_cursor = encode_cursor({to_micros(last.published_at), last.case_.id});
  }
  return page;
}

Result<std::optional<PublishedCase>> Tx::published_case(const std::string& ref) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectPublishedByRef.c_str()));
  s->args(ref);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<PublishedCase>();
  return std::optional<PublishedCase>(PublishedCase{read_case(*s), from_micros(s->i64(23))});
}

Result<std::vector<Id>> Tx::case_participants(Id case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectParticipants));
  s->args(case_id);
  return collect<Id>(*s, [](const Stmt& r) { return r.i64(0); });
}

Result<std::vector<Event>> Tx::events(const std::string& type, Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectEvents));
  s->args(type, id);
  return collect<Event>(*s, [](const Stmt& r) {
    return Event{r.i64(0),  r.text(1), r.i64(2),  from_micros(r.i64(3)), r.opt_i64(4), r.text(5),
                 r.text(6), r.text(7), r.text(8), r.text(9),             r.text(10)};
  });
}

Result<std::vector<Message>> Tx::messages(std::optional<Id> report_id, std::optional<Id> case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectMessages.c_str()));
  s->args(report_id.value_or(-1), case_id.value_or(-1));
  return collect<Message>(*s, read_message);
}

Result<std::vector<ClockRecord>> Tx::clocks_of(std::optional<Id> report_id, std::optional<Id> case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectClocks.c_str()));
  s->args(report_id.value_or(-1), case_id.value_or(-1));
  return collect<ClockRecord>(*s, read_clock);
}

Result<std::vector<RunningClock>> Tx::running_clocks(const ClockFilter& f) {
  // One query with the subject's reference and title: at-risk lists hold
  // hundreds of clocks, and a lookup per clock made them slow.
  std::string sql =
      "SELECT k.id, k.report_id, k.case_id, k.kind, k.started_at, k.soon_at, k.due_at, k.stopped_at, k.stop_note, "
      "coalesce(c.ref, r.tracking_id, ''), coalesce(c.title, r.title, '') FROM clocks k "
      "LEFT JOIN cases c ON c.id = k.case_id LEFT JOIN reports r ON r.id = k.report_id AND k.case_id IS NULL "
      "WHERE k.stopped_at IS NULL AND k.soon_at <= ?";
  if (f.participant_orgs) {
    std::string in;
    for (Id o : *f.participant_orgs) in += (in.empty() ? "" : ",") + std::to_string(o);
    if (in.empty()) in = "NULL";
    sql += " AND k.case_id IN (SELECT case_id FROM case_participants WHERE org_id IN (" + in + "))";
  }
  sql += " ORDER BY k.soon_at, k.id LIMIT ?";
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(sql));
  s->args(to_micros(f.soon_before), static_cast<std::int64_t>(f.limit));
  return collect<RunningClock>(*s, [](const Stmt& r) { return RunningClock{read_clock(r), r.text(9), r.text(10)}; });
}

Result<std::optional<RegulatoryReport>> Tx::regulatory_report(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectReg.c_str()));
  s->args(id);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<RegulatoryReport>();
  return std::optional<RegulatoryReport>(read_reg(*s));
}

Result<std::vector<RegulatoryReport>> Tx::regulatory_reports(Id case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectRegsOfCase.c_str()));
  s->args(case_id);
  return collect<RegulatoryReport>(*s, read_reg);
}

Result<std::vector<UpstreamNotice>> Tx::upstream_notices(Id case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectUpstream));
  s->args(case_id);
  return collect<UpstreamNotice>(*s, [](const Stmt& r) {
    return UpstreamNotice{r.i64(0), r.i64(1), r.text(2),    r.opt_i64(3), r.text(4),
                          from_micros(r.i64(5)), r.text(6), r.text(7), r.opt_i64(8), from_micros(r.i64(9))};
  });
}

Result<std::vector<UserNotice>> Tx::user_notices(Id case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectUserNotices));
  s->args(case_id);
  return collect<UserNotice>(*s, [](const Stmt& r) {
    return UserNotice{r.i64(0), r.i64(1), r.text(2), r.text(3), from_micros(r.i64(4)), r.text(5), r.text(6),
                      r.opt_i64(7)};
  });
}

Result<Id> Tx::insert_case(const Case& c) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertCase));
  bind_case(*s, c);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_case(const Case& c) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateCase));
  bind_case(*s, c);
  s->bind(23, c.id);
  return s->run();
}

Status Tx::add_participant(Id case_id, Id org_id, const std::string& role) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertParticipant));
  s->args(case_id, org_id, role);
  return s->run();
}

Status Tx::remove_participant(Id case_id, Id org_id, const std::string& role) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteParticipant));
  s->args(case_id, org_id, role);
  return s->run();
}

Result<Id> Tx::insert_event(const Event& e) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertEvent));
  s->args(e.subject_type, e.subject_id, to_micros(e.at), e.actor_user_id, e.actor_name, e.kind, e.from_state,
          e.to_state, e.reason, e.data_json.empty() ? std::string("{}") : e.data_json);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Result<Id> Tx::insert_message(const Message& m) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertMessage));
  s->args(m.report_id, m.case_id, m.author_user_id, m.author_name, m.from_finder, name_of(m.visibility), m.body,
          to_micros(m.created_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Result<Id> Tx::insert_clock(const ClockRecord& c) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertClock));
  s->args(c.report_id, c.case_id, name_of(c.kind), to_micros(c.started_at), to_micros(c.soon_at),
          to_micros(c.due_at), opt_micros(c.stopped_at), c.stop_note);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_clock(const ClockRecord& c) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateClock));
  s->args(c.report_id, c.case_id, to_micros(c.started_at), to_micros(c.soon_at), to_micros(c.due_at),
          opt_micros(c.stopped_at), c.stop_note, c.id);
  return s->run();
}

Status Tx::delete_clock(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteClock));
  s->args(id);
  return s->run();
}

Result<Id> Tx::insert_regulatory_report(const RegulatoryReport& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertReg));
  s->args(r.case_id, r.authority, name_of(r.state), r.product_name, r.product_model, r.product_version,
          r.technical_characteristics, r.harm, r.scope, r.provider_name, r.contact_name, r.contact_phone,
          r.contact_email, r.measures, opt_micros(r.submitted_at), r.submitted_by, r.channel, r.reference,
          to_micros(r.created_at), to_micros(r.updated_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_regulatory_report(const RegulatoryReport& r) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateReg));
  s->args(r.authority, name_of(r.state), r.product_name, r.product_model, r.product_version,
          r.technical_characteristics, r.harm, r.scope, r.provider_name, r.contact_name, r.contact_phone,
          r.contact_email, r.measures, opt_micros(r.submitted_at), r.submitted_by, r.channel, r.reference,
          to_micros(r.updated_at), r.id);
  return s->run();
}

Result<Id> Tx::insert_upstream_notice(const UpstreamNotice& n) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertUpstream));
  s->args(n.case_id, n.upstream_provider, n.upstream_org, n.component, to_micros(n.notified_at), n.method, n.evidence,
          n.recorded_by, to_micros(n.created_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Result<Id> Tx::insert_user_notice(const UserNotice& n) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertUserNotice));
  s->args(n.case_id, n.customer, n.contact, to_micros(n.notified_at), n.method, n.evidence, n.recorded_by);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

