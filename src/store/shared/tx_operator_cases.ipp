// Operator cases and asset exposures (R-OPERATOR, issue 10).
// One source for both backends (store/shared/tx_settings.ipp says how).

namespace tx_operator_cases_sql {

using namespace domain;

constexpr const char* kSelectOperatorCase =
    "SELECT case_id, operator_org, details_sealed, created_at, updated_at FROM operator_cases WHERE case_id = ?";
constexpr const char* kInsertOperatorCase =
    "INSERT INTO operator_cases(case_id, operator_org, details_sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kUpdateOperatorCase =
    "UPDATE operator_cases SET details_sealed = ?, updated_at = ? WHERE case_id = ?";
constexpr const char* kSelectCaseIdByRef = "SELECT id FROM cases WHERE ref = ?";

constexpr const char* kExposureCols =
    "id, operator_org, advisory_ref, case_id, asset, status, note, updated_by, created_at, updated_at, "
    "details_sealed";
const std::string kSelectExposure = std::string("SELECT ") + kExposureCols + " FROM asset_exposures WHERE id = ?";
const std::string kSelectExposures = std::string("SELECT ") + kExposureCols +
                                     " FROM asset_exposures WHERE operator_org = ? ORDER BY advisory_ref, id";
constexpr const char* kInsertExposure =
    "INSERT INTO asset_exposures(operator_org, advisory_ref, case_id, asset, status, note, updated_by, created_at, "
    "updated_at, details_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateExposure =
    "UPDATE asset_exposures SET advisory_ref = ?, case_id = ?, asset = ?, status = ?, note = ?, updated_by = ?, "
    "updated_at = ?, details_sealed = ? WHERE id = ?";
constexpr const char* kSelectClearExposures =
    "SELECT id, asset, note FROM asset_exposures WHERE details_sealed IS NULL ORDER BY id LIMIT ?";
constexpr const char* kSealExposure =
    "UPDATE asset_exposures SET asset = '', note = '', details_sealed = ? WHERE id = ? AND details_sealed IS NULL";
constexpr const char* kDeleteExposure = "DELETE FROM asset_exposures WHERE id = ?";

OperatorCase read_operator_case(const Stmt& s) {
  OperatorCase o;
  o.case_id = s.i64(0);
  o.operator_org = s.i64(1);
  o.details_sealed = s.text(2);
  o.created_at = from_micros(s.i64(3));
  o.updated_at = from_micros(s.i64(4));
  return o;
}

AssetExposure read_exposure(const Stmt& s) {
  AssetExposure x;
  x.id = s.i64(0);
  x.operator_org = s.i64(1);
  x.advisory_ref = s.text(2);
  x.case_id = s.opt_i64(3);
  x.asset = s.text(4);
  x.status = parse_enum<ExposureStatus>(s.text(5)).value_or(ExposureStatus::affected);
  x.note = s.text(6);
  x.updated_by = s.opt_i64(7);
  x.created_at = from_micros(s.i64(8));
  x.updated_at = from_micros(s.i64(9));
  x.details_sealed = s.text(10);
  return x;
}

Id read_id(const Stmt& s) { return s.i64(0); }

}  // namespace tx_operator_cases_sql

using namespace tx_operator_cases_sql;

Result<std::optional<OperatorCase>> Tx::operator_case(Id case_id) {
  return one<OperatorCase>(c_, kSelectOperatorCase, read_operator_case, case_id);
}

Result<std::optional<Id>> Tx::case_id_by_ref(const std::string& ref) {
  return one<Id>(c_, kSelectCaseIdByRef, read_id, ref);
}

Result<std::optional<AssetExposure>> Tx::asset_exposure(Id id) {
  return one<AssetExposure>(c_, kSelectExposure.c_str(), read_exposure, id);
}

Result<std::vector<AssetExposure>> Tx::asset_exposures(Id operator_org) {
  return all<AssetExposure>(c_, kSelectExposures.c_str(), read_exposure, operator_org);
}

Status Tx::insert_operator_case(const OperatorCase& o) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertOperatorCase));
  s->args(o.case_id, o.operator_org);
  s->bind_blob(3, o.details_sealed);
  s->bind(4, to_micros(o.created_at)).bind(5, to_micros(o.updated_at));
  return s->run();
}

Status Tx::update_operator_case(const OperatorCase& o) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateOperatorCase));
  s->bind_blob(1, o.details_sealed);
  s->bind(2, to_micros(o.updated_at)).bind(3, o.case_id);
  return s->run();
}

Result<Id> Tx::insert_asset_exposure(const AssetExposure& x) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertExposure));
  s->args(x.operator_org, x.advisory_ref, x.case_id, x.asset, name_of(x.status), x.note, x.updated_by,
          to_micros(x.created_at), to_micros(x.updated_at));
  // Empty is a row from before sealing (NULL), as the service's start finds it.
  if (x.details_sealed.empty()) s->bind_null(10);
  else s->bind_blob(10, x.details_sealed);
  LD_RETURN_IF_ERROR(s->run());
  return c_.last_insert_id();
}

Status Tx::update_asset_exposure(const AssetExposure& x) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateExposure));
  s->args(x.advisory_ref, x.case_id, x.asset, name_of(x.status), x.note, x.updated_by, to_micros(x.updated_at));
  if (x.details_sealed.empty()) s->bind_null(8);
  else s->bind_blob(8, x.details_sealed);
  s->bind(9, x.id);
  return s->run();
}

Result<std::vector<AssetExposure>> Tx::clear_asset_exposures(int limit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectClearExposures));
  s->args(limit);
  std::vector<AssetExposure> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    AssetExposure x;
    x.id = s->i64(0);
    x.asset = s->text(1);
    x.note = s->text(2);
    out.push_back(std::move(x));
  }
}

Status Tx::seal_asset_exposure(Id id, const std::string& details_sealed) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSealExposure));
  s->bind_blob(1, details_sealed);
  s->bind(2, id);
  return s->run();
}

Status Tx::delete_asset_exposure(Id id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteExposure));
  s->args(id);
  return s->run();
}
