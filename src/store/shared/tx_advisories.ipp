// Case advisories (公告): the working copy per case as one JSON document,
// the published revisions as immutable snapshots, blackout periods and the
// consents authorities record per case (migration 13).
// One source for both backends (store/shared/tx_settings.ipp says how).

namespace tx_advisories_sql {

using namespace domain;

constexpr const char* kSelectAdvisory = "SELECT doc, id FROM case_advisories WHERE case_id = ?";
constexpr const char* kSelectAdvisoryByRef = "SELECT doc, id FROM case_advisories WHERE ref = ?";
constexpr const char* kInsertAdvisory =
    "INSERT INTO case_advisories(case_id, ref, state, revision, tlp, published_at, doc, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateAdvisory =
    "UPDATE case_advisories SET ref = ?, state = ?, revision = ?, tlp = ?, published_at = ?, doc = ?, updated_at = ? "
    "WHERE id = ?";
constexpr const char* kSnapshotColumns =
    "r.advisory_id, a.case_id, a.ref, r.revision, r.published_at, r.published_by, r.change, r.tlp, r.snapshot";
const std::string kSelectSnapshots = std::string("SELECT ") + kSnapshotColumns +
                                     " FROM advisory_revisions r JOIN case_advisories a ON a.id = r.advisory_id "
                                     "WHERE r.advisory_id = ? ORDER BY r.revision";
constexpr const char* kInsertSnapshot =
    "INSERT INTO advisory_revisions(advisory_id, revision, published_at, published_by, change, tlp, snapshot) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
// The newest revision of each advisory that is not withdrawn, when TLP:CLEAR.
constexpr const char* kPublicFrom =
    " FROM advisory_revisions r JOIN case_advisories a ON a.id = r.advisory_id "
    "WHERE a.state <> 'withdrawn' AND r.tlp = 'CLEAR' "
    "AND r.revision = (SELECT max(revision) FROM advisory_revisions WHERE advisory_id = r.advisory_id)";
const std::string kCountPublic = std::string("SELECT count(*)") + kPublicFrom;
// The same, only those whose public revision lists an external id.
const std::string kPublicFromById =
    std::string(kPublicFrom) +
    " AND EXISTS (SELECT 1 FROM advisory_external_ids x WHERE x.external_id = ? AND x.advisory_id = r.advisory_id "
    "AND x.revision = r.revision)";
const std::string kCountPublicById = "SELECT count(*)" + kPublicFromById;
const std::string kSelectPublic = std::string("SELECT ") + kSnapshotColumns + kPublicFrom +
                                  " AND (r.published_at < ? OR (r.published_at = ? AND r.advisory_id < ?)) "
                                  "ORDER BY r.published_at DESC, r.advisory_id DESC LIMIT ?";
const std::string kSelectPublicById = std::string("SELECT ") + kSnapshotColumns + kPublicFromById +
                                      " AND (r.published_at < ? OR (r.published_at = ? AND r.advisory_id < ?)) "
                                      "ORDER BY r.published_at DESC, r.advisory_id DESC LIMIT ?";
const std::string kSelectPublicByRef = std::string("SELECT ") + kSnapshotColumns + kPublicFrom + " AND a.ref = ?";

constexpr const char* kSelectBlackouts =
    "SELECT b.id, b.name, b.start_at, b.end_at, b.created_by, COALESCE(NULLIF(u.display_name, ''), u.username, ''), "
    "b.created_at FROM blackout_periods b LEFT JOIN users u ON u.id = b.created_by ORDER BY b.start_at, b.id";
constexpr const char* kInsertBlackout =
    "INSERT INTO blackout_periods(name, start_at, end_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kDeleteBlackout = "DELETE FROM blackout_periods WHERE id = ?";

constexpr const char* kSelectConsents =
    "SELECT c.id, c.case_id, c.kind, c.provider, c.miit_reference, c.miit_date, c.mps_reference, c.mps_date, c.notes, "
    "c.recorded_by, COALESCE(NULLIF(u.display_name, ''), u.username, ''), c.recorded_at FROM publication_consents c "
    "LEFT JOIN users u ON u.id = c.recorded_by WHERE c.case_id = ? ORDER BY c.id";
constexpr const char* kInsertConsent =
    "INSERT INTO publication_consents(case_id, kind, provider, miit_reference, miit_date, mps_reference, mps_date, "
    "notes, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

AdvisorySnapshot read_snapshot(const Stmt& r) {
  return AdvisorySnapshot{r.i64(0),  r.i64(1), r.text(2), static_cast<int>(r.i64(3)), from_micros(r.i64(4)),
                          r.text(5), r.text(6), r.text(7), r.text(8)};
}

std::optional<std::int64_t> published_micros(const Advisory& a) {
  return a.published_at ? std::optional<std::int64_t>(to_micros(*a.published_at)) : std::nullopt;
}

// A case_advisories row (doc, id) as the advisory, if the statement finds one.
Result<std::optional<Advisory>> advisory_row(Stmt& s) {
  LD_ASSIGN_OR_RETURN(bool row, s.step());
  if (!row) return std::optional<Advisory>();
  auto j = nlohmann::json::parse(s.text_view(0), nullptr, false);
  if (j.is_discarded()) return Error::internal("case_advisories row " + std::to_string(s.i64(1)) + ": doc is not JSON");
  auto a = formats::advisory_from_json_value(j);
  if (!a.ok()) return Error::internal("case_advisories row " + std::to_string(s.i64(1)) + ": " + a.error().message());
  a->id = s.i64(1);
  return std::optional<Advisory>(std::move(*a));
}

}  // namespace tx_advisories_sql

using namespace tx_advisories_sql;

Result<std::optional<Advisory>> Tx::case_advisory(Id case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAdvisory));
  s->args(case_id);
  return advisory_row(*s);
}

Result<std::optional<Advisory>> Tx::advisory_by_ref(const std::string& ref) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAdvisoryByRef));
  s->args(ref);
  return advisory_row(*s);
}

Result<std::vector<AdvisorySnapshot>> Tx::advisory_snapshots(Id advisory_id) {
  return all<AdvisorySnapshot>(c_, kSelectSnapshots.c_str(), read_snapshot, advisory_id);
}

Result<Page<AdvisorySnapshot>> Tx::public_advisories(const PageRequest& p, const std::string& external_id) {
  Cursor cur{INT64_MAX, INT64_MAX};
  if (!p.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(cur, decode_cursor(p.cursor));
  }
  const bool by_id = !external_id.empty();
  Page<AdvisorySnapshot> page;
  if (p.cursor.empty()) {
    LD_ASSIGN_OR_RETURN(auto n, c_.prepare((by_id ? kCountPublicById : kCountPublic).c_str()));
    if (by_id) n->args(external_id);
    LD_ASSIGN_OR_RETURN(bool row, n->step());
    page.total = row ? n->i64(0) : 0;
  } else {
    page.total = -1;
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare((by_id ? kSelectPublicById : kSelectPublic).c_str()));
  if (by_id) s->args(external_id, cur.value, cur.value, cur.id, static_cast<std::int64_t>(p.limit + 1));
  else s->args(cur.value, cur.value, cur.id, static_cast<std::int64_t>(p.limit + 1));
  LD_ASSIGN_OR_RETURN(page.items, collect<AdvisorySnapshot>(*s, read_snapshot));
  if (static_cast<int>(page.items.size()) > p.limit) {
    page.items.pop_back();
    const auto& last = page.items.back();
    page.next_cursor = encode_cursor({to_micros(last.published_at), last.advisory_id});
  }
  return page;
}

Result<std::optional<AdvisorySnapshot>> Tx::public_advisory(const std::string& ref) {
  return one<AdvisorySnapshot>(c_, kSelectPublicByRef.c_str(), read_snapshot, ref);
}

Result<std::vector<BlackoutPeriod>> Tx::blackouts() {
  return all<BlackoutPeriod>(c_, kSelectBlackouts, [](const Stmt& r) {
    BlackoutPeriod b;
    b.id = r.i64(0);
    b.name = r.text(1);
    b.start = from_micros(r.i64(2));
    b.end = from_micros(r.i64(3));
    b.created_by = r.opt_i64(4);
    b.created_by_name = r.text(5);
    b.created_at = from_micros(r.i64(6));
    return b;
  });
}

Result<std::vector<PublicationConsent>> Tx::consents(Id case_id) {
  return all<PublicationConsent>(
      c_, kSelectConsents,
      [](const Stmt& r) {
        PublicationConsent c;
        c.id = r.i64(0);
        c.case_id = r.i64(1);
        c.kind = parse_enum<ConsentKind>(r.text(2)).value_or(ConsentKind::mps_blackout);
        c.provider = r.text(3);
        c.miit_reference = r.text(4);
        c.miit_date = r.text(5);
        c.mps_reference = r.text(6);
        c.mps_date = r.text(7);
        c.notes = r.text(8);
        c.recorded_by = r.opt_i64(9);
        c.recorded_by_name = r.text(10);
        c.recorded_at = from_micros(r.i64(11));
        return c;
      },
      case_id);
}

Result<Id> Tx::insert_case_advisory(const Advisory& a) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAdvisory));
  s->args(a.case_id, a.ref, name_of(a.state), a.revision, a.tlp, published_micros(a), formats::advisory_to_json(a).dump(),
          to_micros(a.created_at), to_micros(a.updated_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_case_advisory(const Advisory& a) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateAdvisory));
  s->args(a.ref, name_of(a.state), a.revision, a.tlp, published_micros(a), formats::advisory_to_json(a).dump(),
          to_micros(a.updated_at), a.id);
  LD_RETURN_IF_ERROR(s->run());
  if (c_.changes() == 0) return Error::not_found("advisory");
  return {};
}

Status Tx::insert_advisory_snapshot(const AdvisorySnapshot& x) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertSnapshot));
  s->args(x.advisory_id, x.revision, to_micros(x.published_at), x.published_by, x.change, x.tlp, x.snapshot);
  return s->run();
}

Result<Id> Tx::insert_blackout(const BlackoutPeriod& b) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertBlackout));
  s->args(b.name, to_micros(b.start), to_micros(b.end), b.created_by, to_micros(b.created_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Result<bool> Tx::delete_blackout(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteBlackout));
  s->args(id);
  LD_RETURN_IF_ERROR(s->run());
  return c_.changes() > 0;
}

Result<Id> Tx::insert_consent(const PublicationConsent& c) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertConsent));
  s->args(c.case_id, name_of(c.kind), c.provider, c.miit_reference, c.miit_date, c.mps_reference, c.mps_date, c.notes,
          c.recorded_by, to_micros(c.recorded_at));
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

