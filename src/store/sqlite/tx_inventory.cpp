// Inventory: advisory records, SBOMs and components, case components,
// pending user notices. put_advisory is the bulk-import hot path: one
// upsert that does nothing for an equal or older record, then alias and
// package rows only when the record changed.
#include "store/sqlite/rows.h"
#include "store/sqlite/sqlite_tx.h"

namespace loudong::store::sqlite {
namespace {

constexpr const char* kUpsertAdvisory =
    "INSERT INTO advisories(id, source, modified, withdrawn, summary, record) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET source = excluded.source, modified = excluded.modified, "
    "withdrawn = excluded.withdrawn, summary = excluded.summary, record = excluded.record "
    "WHERE excluded.modified > advisories.modified";
constexpr const char* kDeleteAliases = "DELETE FROM advisory_aliases WHERE advisory_id = ?";
constexpr const char* kDeletePackages = "DELETE FROM advisory_packages WHERE advisory_id = ?";
constexpr const char* kInsertAlias = "INSERT OR IGNORE INTO advisory_aliases(advisory_id, alias) VALUES (?, ?)";
constexpr const char* kInsertPackage =
    "INSERT OR IGNORE INTO advisory_packages(advisory_id, ecosystem, name) VALUES (?, ?, ?)";
constexpr const char* kSelectAdvisory =
    "SELECT id, source, modified, withdrawn, summary, record FROM advisories WHERE id = ?";
constexpr const char* kSelectAliases = "SELECT alias FROM advisory_aliases WHERE advisory_id = ? ORDER BY alias";
constexpr const char* kSelectPackages =
    "SELECT ecosystem, name FROM advisory_packages WHERE advisory_id = ? ORDER BY ecosystem, name";
constexpr const char* kSelectModified = "SELECT modified FROM advisories WHERE id = ?";
constexpr const char* kScanAdvisories =
    "SELECT id, source, modified, withdrawn, summary, record FROM advisories ORDER BY id";
constexpr const char* kCountAdvisories = "SELECT count(*) FROM advisories";

constexpr const char* kSbomCols =
    "id, product_id, version, format, spec_version, serial, component_count, uploaded_at, uploaded_by";
const std::string kSelectSbom = std::string("SELECT ") + kSbomCols + " FROM sboms WHERE product_id = ? AND version = ?";
const std::string kSelectSbomsOf =
    std::string("SELECT ") + kSbomCols + " FROM sboms WHERE product_id = ? ORDER BY version";
const std::string kSelectAllSboms = std::string("SELECT ") + kSbomCols + " FROM sboms ORDER BY id";
constexpr const char* kDeleteComponents = "DELETE FROM components WHERE sbom_id = ?";
constexpr const char* kDeleteSbom = "DELETE FROM sboms WHERE id = ?";
constexpr const char* kInsertSbom =
    "INSERT INTO sboms(product_id, version, format, spec_version, serial, component_count, uploaded_at, uploaded_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertComponent =
    "INSERT INTO components(sbom_id, seq, purl, ecosystem, name, version, supplier, licenses) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectComponents =
    "SELECT purl, ecosystem, name, version, supplier, licenses FROM components WHERE sbom_id = ? ORDER BY seq";
constexpr const char* kScanComponents =
    "SELECT sbom_id, purl, ecosystem, name, version, supplier, licenses FROM components ORDER BY sbom_id, seq";
const std::string kComponentsOfPackage =
    std::string("SELECT s.id, s.product_id, s.version, s.format, s.spec_version, s.serial, s.component_count, "
                "s.uploaded_at, s.uploaded_by, c.purl, c.ecosystem, c.name, c.version, c.supplier, c.licenses "
                "FROM components c JOIN sboms s ON s.id = c.sbom_id WHERE c.name = ? AND c.ecosystem = ? "
                "ORDER BY s.product_id, s.version, c.seq");

constexpr const char* kSelectCaseComponents =
    "SELECT case_id, purl, range_text FROM case_components WHERE case_id = ? ORDER BY seq";
constexpr const char* kSelectAllCaseComponents =
    "SELECT case_id, purl, range_text FROM case_components ORDER BY case_id, seq";
constexpr const char* kDeleteCaseComponents = "DELETE FROM case_components WHERE case_id = ?";
constexpr const char* kInsertCaseComponent =
    "INSERT INTO case_components(case_id, seq, purl, range_text) VALUES (?, ?, ?, ?)";

constexpr const char* kSelectPending =
    "SELECT id, case_id, product_id, product_version, customer, contact, customer_org, created_at "
    "FROM pending_user_notices WHERE case_id = ? ORDER BY id";
constexpr const char* kInsertPending =
    "INSERT INTO pending_user_notices(case_id, product_id, product_version, customer, contact, customer_org, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

AdvisoryRow advisory_row(const Stmt& s, bool with_record) {
  AdvisoryRow r;
  r.id = s.text(0);
  r.source = s.text(1);
  r.modified = from_micros(s.i64(2));
  if (auto w = s.opt_i64(3)) r.withdrawn = from_micros(*w);
  r.summary = s.text(4);
  if (with_record) r.record = s.text(5);
  return r;
}

SbomRow sbom_row(const Stmt& s, int o = 0) {
  SbomRow r;
  r.id = s.i64(o + 0);
  r.product_id = s.i64(o + 1);
  r.version = s.text(o + 2);
  r.format = s.text(o + 3);
  r.spec_version = s.text(o + 4);
  r.serial = s.text(o + 5);
  r.component_count = s.i64(o + 6);
  r.uploaded_at = from_micros(s.i64(o + 7));
  r.uploaded_by = s.opt_i64(o + 8);
  return r;
}

ComponentRow component_row(const Stmt& s, int o) {
  return ComponentRow{s.text(o), s.text(o + 1), s.text(o + 2), s.text(o + 3), s.text(o + 4), s.text(o + 5)};
}

}  // namespace

Result<bool> SqliteTx::put_advisory(const AdvisoryRow& row) {
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpsertAdvisory));
    std::optional<std::int64_t> withdrawn;
    if (row.withdrawn) withdrawn = to_micros(*row.withdrawn);
    s->args(row.id, row.source, to_micros(row.modified), withdrawn, row.summary);
    s->bind_blob(6, row.record);
    LD_RETURN_IF_ERROR(s->run());
  }
  if (c_.changes() == 0) return false;
  for (const char* del : {kDeleteAliases, kDeletePackages}) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(del));
    LD_RETURN_IF_ERROR(s->args(row.id).run());
  }
  for (const auto& a : row.aliases) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAlias));
    LD_RETURN_IF_ERROR(s->args(row.id, a).run());
  }
  for (const auto& [eco, name] : row.packages) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertPackage));
    LD_RETURN_IF_ERROR(s->args(row.id, eco, name).run());
  }
  return true;
}

Result<std::optional<AdvisoryRow>> SqliteTx::advisory(const std::string& id) {
  AdvisoryRow r;
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAdvisory));
    s->args(id);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return std::optional<AdvisoryRow>();
    r = advisory_row(*s, true);
  }
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAliases));
    s->args(id);
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      r.aliases.push_back(s->text(0));
    }
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectPackages));
  s->args(id);
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    r.packages.emplace_back(s->text(0), s->text(1));
  }
  return std::optional<AdvisoryRow>(std::move(r));
}

Result<std::vector<std::pair<std::string, Time>>> SqliteTx::advisory_versions(const std::vector<std::string>& ids) {
  std::vector<std::pair<std::string, Time>> out;
  for (const auto& id : ids) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectModified));
    s->args(id);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) out.emplace_back(id, from_micros(s->i64(0)));
  }
  return out;
}

Result<Page<AdvisoryRow>> SqliteTx::advisories(const AdvisoryFilter& f) {
  // Filters combine with AND; the id or alias match is case-insensitive
  // because users type "cve-2021-44228".
  std::string from = " FROM advisories a";
  Where w;
  if (!f.query.empty())
    w.add("(a.id = ? COLLATE NOCASE OR a.id IN (SELECT advisory_id FROM advisory_aliases WHERE alias = ? COLLATE "
          "NOCASE))");
  if (!f.package.empty()) {
    w.add("a.id IN (SELECT advisory_id FROM advisory_packages WHERE name = ?" +
          std::string(f.ecosystem.empty() ? ")" : " AND ecosystem = ?)"));
  }
  std::vector<nlohmann::json> params;
  if (!f.query.empty()) {
    params.push_back(f.query);
    params.push_back(f.query);
  }
  if (!f.package.empty()) {
    params.push_back(f.package);
    if (!f.ecosystem.empty()) params.push_back(f.ecosystem);
  }
  w.params = params;
  Page<AdvisoryRow> page;
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic("SELECT count(*)" + from + w.sql));
    w.bind(*s);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) page.total = s->i64(0);
  }
  Where wp = w;
  if (!f.cursor.empty()) wp.add("a.id > ?", f.cursor);
  int limit = std::clamp(f.limit, 1, 200);
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic("SELECT a.id, a.source, a.modified, a.withdrawn, a.summary, ''" +
                                                 from + wp.sql + " ORDER BY a.id LIMIT " +
                                                 std::to_string(limit + 1)));
  wp.bind(*s);
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    page.items.push_back(advisory_row(*s, false));
  }
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  for (auto& r : page.items) {
    LD_ASSIGN_OR_RETURN(auto a, c_.prepare(kSelectAliases));
    a->args(r.id);
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, a->step());
      if (!row) break;
      r.aliases.push_back(a->text(0));
    }
  }
  return page;
}

Status SqliteTx::scan_advisories(const std::function<bool(const AdvisoryRow&)>& visit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kScanAdvisories));
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return {};
    if (!visit(advisory_row(*s, true))) return {};
  }
}

Result<std::int64_t> SqliteTx::advisory_count() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kCountAdvisories));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : 0;
}

Result<std::optional<SbomRow>> SqliteTx::sbom(std::int64_t product_id, const std::string& version) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectSbom.c_str()));
  s->args(product_id, version);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<SbomRow>();
  return std::optional<SbomRow>(sbom_row(*s));
}

Result<std::vector<SbomRow>> SqliteTx::sboms(std::optional<std::int64_t> product_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(product_id ? kSelectSbomsOf.c_str() : kSelectAllSboms.c_str()));
  if (product_id) s->args(*product_id);
  std::vector<SbomRow> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back(sbom_row(*s));
  }
}

Result<std::vector<ComponentRow>> SqliteTx::components(std::int64_t sbom_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectComponents));
  s->args(sbom_id);
  std::vector<ComponentRow> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back(component_row(*s, 0));
  }
}

Status SqliteTx::scan_components(
    const std::function<bool(const SbomRow&, const std::vector<ComponentRow>&)>& visit) {
  LD_ASSIGN_OR_RETURN(std::vector<SbomRow> all, sboms(std::nullopt));
  size_t next = 0;
  std::vector<ComponentRow> batch;
  std::int64_t current = -1;
  auto flush = [&]() -> bool {
    // Sboms and components are both in sbom id order: walk them together.
    while (next < all.size() && all[next].id < current) {
      if (!visit(all[next], {})) return false;
      ++next;
    }
    if (next < all.size() && all[next].id == current) {
      bool go_on = visit(all[next], batch);
      ++next;
      batch.clear();
      return go_on;
    }
    batch.clear();
    return true;
  };
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kScanComponents));
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    std::int64_t id = s->i64(0);
    if (id != current && current != -1 && !flush()) return {};
    current = id;
    batch.push_back(component_row(*s, 1));
  }
  if (current != -1 && !flush()) return {};
  for (; next < all.size(); ++next)
    if (!visit(all[next], {})) return {};
  return {};
}

Result<std::vector<std::pair<SbomRow, ComponentRow>>> SqliteTx::components_of_package(const std::string& ecosystem,
                                                                                       const std::string& name) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kComponentsOfPackage.c_str()));
  s->args(name, ecosystem);
  std::vector<std::pair<SbomRow, ComponentRow>> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.emplace_back(sbom_row(*s), component_row(*s, 9));
  }
}

Result<std::int64_t> SqliteTx::put_sbom(const SbomRow& sbom, const std::vector<ComponentRow>& components) {
  LD_ASSIGN_OR_RETURN(auto old, this->sbom(sbom.product_id, sbom.version));
  if (old) {
    for (const char* del : {kDeleteComponents, kDeleteSbom}) {
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(del));
      LD_RETURN_IF_ERROR(s->args(old->id).run());
    }
  }
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertSbom));
    LD_RETURN_IF_ERROR(s->args(sbom.product_id, sbom.version, sbom.format, sbom.spec_version, sbom.serial,
                               static_cast<std::int64_t>(components.size()), to_micros(sbom.uploaded_at),
                               sbom.uploaded_by)
                           .run());
  }
  std::int64_t id = c_.last_insert_id();
  std::int64_t seq = 0;
  for (const auto& c : components) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertComponent));
    LD_RETURN_IF_ERROR(s->args(id, seq++, c.purl, c.ecosystem, c.name, c.version, c.supplier, c.licenses).run());
  }
  return id;
}

Result<std::vector<CaseComponentRow>> SqliteTx::case_components(std::int64_t case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectCaseComponents));
  s->args(case_id);
  std::vector<CaseComponentRow> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back({s->i64(0), s->text(1), s->text(2)});
  }
}

Result<std::vector<CaseComponentRow>> SqliteTx::all_case_components() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAllCaseComponents));
  std::vector<CaseComponentRow> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back({s->i64(0), s->text(1), s->text(2)});
  }
}

Status SqliteTx::set_case_components(std::int64_t case_id, const std::vector<CaseComponentRow>& components) {
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteCaseComponents));
    LD_RETURN_IF_ERROR(s->args(case_id).run());
  }
  std::int64_t seq = 0;
  for (const auto& c : components) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertCaseComponent));
    LD_RETURN_IF_ERROR(s->args(case_id, seq++, c.purl, c.range).run());
  }
  return {};
}

Result<std::vector<PendingUserNotice>> SqliteTx::pending_user_notices(std::int64_t case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectPending));
  s->args(case_id);
  std::vector<PendingUserNotice> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back({s->i64(0), s->i64(1), s->i64(2), s->text(3), s->text(4), s->text(5), s->opt_i64(6),
                   from_micros(s->i64(7))});
  }
}

Result<std::int64_t> SqliteTx::add_pending_user_notice(const PendingUserNotice& n) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertPending));
  LD_RETURN_IF_ERROR(
      s->args(n.case_id, n.product_id, n.product_version, n.customer, n.contact, n.customer_org, to_micros(n.created_at))
          .run());
  return c_.changes() == 0 ? std::int64_t{0} : c_.last_insert_id();
}

}  // namespace loudong::store::sqlite
