// Inventory: advisory records, SBOMs and components, case components,
// pending user notices. put_advisories is the bulk-import hot path: new ids
// are inserted without a probe of their own (a re-import's batch is probed
// with one query), newer records replace the stored ones in place, and the
// name and package keys are written sorted (neighbouring b-tree pages),
// each package looked up once per batch.
#include <algorithm>
#include <deque>
#include <limits>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "store/postgres/rows.h"
#include "store/postgres/pg_tx.h"

namespace loudong::store::postgres {
namespace {

// advisories.adv is the integer key the name and package tables use.
constexpr const char* kSelectExisting = "SELECT adv, modified, aliases, packages FROM advisories WHERE id = ?";
constexpr const char* kExistingAdvisories =
    "SELECT id, adv, modified, aliases, packages FROM advisories WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb))";
constexpr const char* kInsertAdvisory =
    "INSERT INTO advisories(id, source, modified, withdrawn, summary, aliases, packages, record) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING";
constexpr const char* kUpdateAdvisory =
    "UPDATE advisories SET source = ?, modified = ?, withdrawn = ?, summary = ?, aliases = ?, packages = ?, "
    "record = ? WHERE adv = ?";
// Names are stored folded (lower), so that a lookup in any letter case is
// one index probe (SQLite: COLLATE NOCASE on the column).
constexpr const char* kInsertName =
    "INSERT INTO advisory_names(name, adv) VALUES (lower(?), ?) ON CONFLICT DO NOTHING";
constexpr const char* kDeleteName = "DELETE FROM advisory_names WHERE name = lower(?) AND adv = ?";
constexpr const char* kSelectPackage = "SELECT pkg FROM packages WHERE name = ? AND ecosystem = ?";
constexpr const char* kInsertPackage = "INSERT INTO packages(ecosystem, name) VALUES (?, ?)";
constexpr const char* kInsertAdvisoryPackage =
    "INSERT INTO advisory_packages(pkg, adv) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr const char* kDeleteAdvisoryPackage = "DELETE FROM advisory_packages WHERE pkg = ? AND adv = ?";
constexpr const char* kSelectAdvisory =
    "SELECT id, source, modified, withdrawn, summary, record, aliases, packages FROM advisories WHERE id = ?";
constexpr const char* kScanAdvisories =
    "SELECT id, source, modified, withdrawn, summary, record FROM advisories ORDER BY adv";
constexpr const char* kCountAdvisories = "SELECT count(*) FROM advisories";
// List filters (advisories(f)), combined with AND.
// Each looks in the key tables and at the rows whose keys are pending (a
// rowid range, empty once indexed).
#define LD_PENDING "(SELECT indexed_through FROM advisory_keys WHERE id = 1)"
constexpr const char* kFilterName =  // the query 3 times
    "a.adv IN (SELECT adv FROM advisory_names WHERE name = lower(?) UNION ALL SELECT p.adv FROM advisories p "
    "WHERE p.adv > " LD_PENDING " AND (lower(p.id) = lower(?) OR "
    "EXISTS (SELECT 1 FROM jsonb_array_elements_text(p.aliases::jsonb) j(v) WHERE lower(j.v) = lower(?))))";
constexpr const char* kFilterPackage =  // name twice
    "a.adv IN (SELECT ap.adv FROM packages p JOIN advisory_packages ap ON ap.pkg = p.pkg WHERE p.name = ? "
    "UNION ALL SELECT x.adv FROM advisories x, jsonb_array_elements(x.packages::jsonb) j(v) WHERE x.adv > " LD_PENDING
    " AND j.v ->> 1 = ?)";
constexpr const char* kFilterPackageEcosystem =  // name, ecosystem twice
    "a.adv IN (SELECT ap.adv FROM packages p JOIN advisory_packages ap ON ap.pkg = p.pkg "
    "WHERE p.name = ? AND p.ecosystem = ? UNION ALL SELECT x.adv FROM advisories x, "
    "jsonb_array_elements(x.packages::jsonb) j(v) WHERE x.adv > " LD_PENDING " AND j.v ->> 1 = ? AND j.v ->> 0 = ?)";

// Pending keys: advisories above indexed_through. Indexing them inserts
// their names and package links sorted (each b-tree page written once),
// for the rows in (?1, ?2].
constexpr const char* kIndexedThrough = "SELECT indexed_through FROM advisory_keys WHERE id = 1";
constexpr const char* kMaxAdvisory = "SELECT coalesce(max(adv), 0) FROM advisories";
constexpr const char* kCountPending = "SELECT count(*) FROM advisories WHERE adv > " LD_PENDING;
// The pending rows' keys, read once; the sorting and interning is done
// here (it cost 3x as much as SQL over the JSON columns: json_each, ->>,
// a DISTINCT and a join per key).
constexpr const char* kPendingKeys =
    "SELECT adv, id, aliases, packages FROM advisories WHERE adv > ?1 AND adv <= ?2";
constexpr const char* kSetIndexedThrough = "UPDATE advisory_keys SET indexed_through = ? WHERE id = 1";
constexpr const char* kPendingUpdates = "SELECT pending_updates FROM advisory_keys WHERE id = 1";
constexpr const char* kCountPendingUpdate =
    "UPDATE advisory_keys SET pending_updates = pending_updates + 1 WHERE id = 1";
constexpr const char* kAllIndexed =
    "UPDATE advisory_keys SET indexed_through = (SELECT coalesce(max(adv), 0) FROM advisories) WHERE id = 1";
#undef LD_PENDING
constexpr const char* kListColumns = "SELECT a.id, a.source, a.modified, a.withdrawn, a.summary, '', a.aliases";

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

// JSON string arrays for the aliases and packages columns (what a record
// names; the tables advisory_names and advisory_packages are their index).
void json_string(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char ch : v) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20) {
      out += "\\u00";
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    } else {
      out += static_cast<char>(ch);
    }
  }
  out += '"';
}

// The JSON text into out (replaced; its buffer is reused).
void aliases_json(std::string& out, const std::vector<std::string>& v) {
  out = "[";
  for (const auto& a : v) {
    if (out.size() > 1) out += ',';
    json_string(out, a);
  }
  out += ']';
}

void packages_json(std::string& out, const std::vector<std::pair<std::string, std::string>>& v) {
  out = "[";
  for (const auto& [eco, name] : v) {
    if (out.size() > 1) out += ',';
    out += '[';
    json_string(out, eco);
    out += ',';
    json_string(out, name);
    out += ']';
  }
  out += ']';
}

std::vector<std::pair<std::string, std::string>> packages_of_json(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j)
    if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string())
      out.emplace_back(e[0].get<std::string>(), e[1].get<std::string>());
  return out;
}

// The strings of a JSON array of strings (aliases), or of arrays of
// strings (packages, flattened), as written by aliases_json and
// packages_json or by SQLite's json_group_array: each unescaped string
// is appended to `out` and its end offset pushed to `ends`. Text with an
// escape goes through the full parser; anything else that is not such an
// array yields nothing, as from_json_array does.
void json_strings(std::string_view text, std::string& out, std::vector<std::size_t>& ends) {
  if (text.find('\\') != std::string_view::npos) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array()) return;
    auto add = [&](const nlohmann::json& e) {
      if (!e.is_string()) return;
      out += e.get_ref<const std::string&>();
      ends.push_back(out.size());
    };
    for (const auto& e : j) {
      if (e.is_array())
        for (const auto& x : e) add(x);
      else
        add(e);
    }
    return;
  }
  // No escapes: every string is the bytes between a pair of quotes.
  for (std::size_t i = text.find('"'); i != std::string_view::npos; i = text.find('"', i)) {
    std::size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) return;
    out.append(text.substr(i + 1, end - i - 1));
    ends.push_back(out.size());
    i = end + 1;
  }
}

// Columns: id, source, modified, withdrawn, summary, record[, aliases[, packages]].
AdvisoryRow advisory_row(const Stmt& s, bool with_record, bool with_aliases, bool with_packages) {
  AdvisoryRow r;
  r.id = s.text(0);
  r.source = s.text(1);
  r.modified = from_micros(s.i64(2));
  if (auto w = s.opt_i64(3)) r.withdrawn = from_micros(*w);
  r.summary = s.text(4);
  if (with_record) r.record = s.text(5);
  if (with_aliases) r.aliases = from_json_array(s.text(6));
  if (with_packages) r.packages = packages_of_json(s.text(7));
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

// A feed entry's keys; ids and versions were checked as UTF-8 on the way
// in, and one that was not must not abort the write it belongs to.
std::string feed_keys(const nlohmann::json& keys) {
  return keys.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ComponentRow component_row(const Stmt& s, int o) {
  return ComponentRow{s.text(o), s.text(o + 1), s.text(o + 2), s.text(o + 3), s.text(o + 4), s.text(o + 5)};
}

}  // namespace

Result<bool> PgTx::put_advisory(const AdvisoryRow& row) {
  LD_ASSIGN_OR_RETURN(auto out, put_advisories({row}, AdvisoryKeys::now));
  return out[0] != PutOutcome::unchanged;
}

Result<std::vector<PutOutcome>> PgTx::put_advisories(const std::vector<AdvisoryRow>& rows, AdvisoryKeys keys) {
  // Hot path of bulk import; it allocates little per row: names, packages
  // and ids are views into `rows` (or into `held` for values read back).
  std::vector<PutOutcome> out(rows.size(), PutOutcome::unchanged);
  if (rows.empty()) return out;
  // Deferred: rows above indexed_through (new ones) get no keys now. Now:
  // every row gets its keys, and when nothing was pending before, nothing
  // is after (indexed_through moves up).
  std::int64_t indexed_through = 0, max_before = 0;
  for (auto [sql, out] : {std::pair{kIndexedThrough, &indexed_through}, std::pair{kMaxAdvisory, &max_before}}) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(sql));
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    *out = row ? s->i64(0) : 0;
  }
  const bool advance = keys == AdvisoryKeys::now && max_before <= indexed_through;
  const std::int64_t pending_after = indexed_through;  // rows above it have pending keys
  bool pending_changed = false;  // a pending row replaced: keys read ahead are stale (migration 7)
  if (keys == AdvisoryKeys::now) indexed_through = std::numeric_limits<std::int64_t>::max();
  std::deque<std::string> held;  // stored text the views below point into
  struct Stored {
    std::int64_t adv = 0;
    std::int64_t modified = 0;
    bool written = false;  // by an earlier row of this batch (its keys may still be pending)
    std::string_view aliases, packages;  // JSON, as stored; unset for rows written in this batch
  };
  // The stored versions of the batch's ids, as far as known, and of the
  // ids written by earlier rows of this batch.
  std::unordered_map<std::string_view, Stored> stored;
  stored.reserve(rows.size());
  auto read_stored = [&](const Stmt& s, int col) {
    return Stored{s.i64(col), s.i64(col + 1), false, held.emplace_back(s.text(col + 2)),
                  held.emplace_back(s.text(col + 3))};
  };
  auto lookup = [&](std::string_view id) -> Result<Stored*> {
    if (auto it = stored.find(id); it != stored.end()) return &it->second;
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectExisting));
    s->bind(1, id);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return static_cast<Stored*>(nullptr);
    return &stored.emplace(id, read_stored(*s, 0)).first->second;
  };
  // A batch of mostly known ids (a re-import) is cheapest with one query
  // for all of them; one of new ids (a first import) with none: the
  // insert's own unique check finds the few that exist. A sample of eight
  // ids tells the two apart; either way the result is the same.
  bool known = false;
  for (std::size_t k = 0, n = std::min<std::size_t>(8, rows.size()); k < n && !known; ++k) {
    LD_ASSIGN_OR_RETURN(Stored * s, lookup(rows[k * rows.size() / n].id));
    known = s != nullptr;
  }
  if (known) {
    std::string ids = "[";
    for (const auto& r : rows) {
      if (ids.size() > 1) ids += ',';
      json_string(ids, r.id);
    }
    ids += ']';
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kExistingAdvisories));
    s->bind(1, ids);
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      std::string_view id = held.emplace_back(s->text(0));
      if (!stored.count(id)) stored.emplace(id, read_stored(*s, 1));
    }
  }

  // Key changes, applied sorted (neighbouring b-tree pages one after the
  // other): deletions (of replaced records) first.
  struct Name {
    std::string_view name;
    std::int64_t adv;
    bool operator<(const Name& o) const { return name != o.name ? name < o.name : adv < o.adv; }
  };
  struct Pkg {
    std::string_view ecosystem, name;
    std::int64_t adv;
  };
  std::vector<Name> del_names, add_names;
  std::vector<Pkg> del_pkgs, add_pkgs;
  add_names.reserve(rows.size() * 3);
  add_pkgs.reserve(rows.size() * 2);
  std::unordered_map<std::string, std::int64_t> pkg_ids;  // "ecosystem\0name" -> pkg
  std::string pkg_key;
  auto pkg_id = [&](std::string_view eco, std::string_view name, bool create) -> Result<std::int64_t> {
    pkg_key.assign(eco);
    pkg_key += '\0';
    pkg_key += name;
    if (auto it = pkg_ids.find(pkg_key); it != pkg_ids.end()) return it->second;
    LD_ASSIGN_OR_RETURN(std::int64_t id, package_id(eco, name, create));
    if (id != 0) pkg_ids.emplace(pkg_key, id);
    return id;
  };
  auto apply_keys = [&]() -> Status {
    std::sort(del_names.begin(), del_names.end());
    for (const auto& n : del_names) {
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteName));
      LD_RETURN_IF_ERROR(s->args(n.name, n.adv).run());
    }
    for (const auto& p : del_pkgs) {
      LD_ASSIGN_OR_RETURN(std::int64_t id, pkg_id(p.ecosystem, p.name, false));
      if (id == 0) continue;
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteAdvisoryPackage));
      LD_RETURN_IF_ERROR(s->args(id, p.adv).run());
    }
    std::sort(add_names.begin(), add_names.end());
    for (const auto& n : add_names) {
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertName));
      LD_RETURN_IF_ERROR(s->args(n.name, n.adv).run());
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> links;
    links.reserve(add_pkgs.size());
    for (const auto& p : add_pkgs) {
      LD_ASSIGN_OR_RETURN(std::int64_t id, pkg_id(p.ecosystem, p.name, true));
      links.emplace_back(id, p.adv);
    }
    std::sort(links.begin(), links.end());
    for (const auto& [pkg, adv] : links) {
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAdvisoryPackage));
      LD_RETURN_IF_ERROR(s->args(pkg, adv).run());
    }
    del_names.clear();
    add_names.clear();
    del_pkgs.clear();
    add_pkgs.clear();
    return {};
  };

  std::string aliases, packages;  // this row's JSON columns (buffers reused)
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const AdvisoryRow& r = rows[i];
    std::int64_t modified = to_micros(r.modified);
    std::optional<std::int64_t> withdrawn;
    if (r.withdrawn) withdrawn = to_micros(*r.withdrawn);
    aliases_json(aliases, r.aliases);
    packages_json(packages, r.packages);
    Stored* old = nullptr;
    if (auto it = stored.find(r.id); it != stored.end()) {
      old = &it->second;
    } else {
      // A new id costs only its insert (the unique index on id is the
      // probe); an existing one the probe missed is looked up after.
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAdvisory));
      s->args(r.id, r.source, modified, withdrawn, r.summary, aliases, packages);
      s->bind_blob(8, r.record);
      LD_RETURN_IF_ERROR(s->run());
      if (c_.changes() == 0) {
        LD_ASSIGN_OR_RETURN(old, lookup(r.id));
        if (!old) return Error::internal("advisory " + r.id + " neither inserted nor found");
      } else {
        std::int64_t adv = c_.last_insert_id();
        stored.emplace(r.id, Stored{adv, modified, true, {}, {}});
        out[i] = PutOutcome::inserted;
        if (adv > indexed_through) continue;  // keys pending
        add_names.push_back({r.id, adv});
        for (const auto& a : r.aliases) add_names.push_back({a, adv});
        for (const auto& [eco, name] : r.packages) add_pkgs.push_back({eco, name, adv});
      }
    }
    if (!old || modified <= old->modified) continue;  // inserted, or as new or newer already: nothing changes
    std::int64_t adv = old->adv;
    if (adv > pending_after) pending_changed = true;
    if (adv > indexed_through) {  // keys pending: indexing will read the new columns
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateAdvisory));
      s->args(r.source, modified, withdrawn, r.summary, aliases, packages);
      s->bind_blob(7, r.record);
      s->bind(8, adv);
      LD_RETURN_IF_ERROR(s->run());
      old->modified = modified;
      out[i] = PutOutcome::updated;
      continue;
    }
    if (old->written) {
      // The same id twice in one batch: the first one's keys must be in
      // place before they are replaced; its columns are read back.
      LD_RETURN_IF_ERROR(apply_keys());
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectExisting));
      s->bind(1, r.id);
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) return Error::internal("advisory " + r.id + " written but not found");
      *old = read_stored(*s, 0);
    }
    {
      LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kUpdateAdvisory));
      s->args(r.source, modified, withdrawn, r.summary, aliases, packages);
      s->bind_blob(7, r.record);
      s->bind(8, adv);
      LD_RETURN_IF_ERROR(s->run());
    }
    del_names.push_back({r.id, adv});
    for (auto& a : from_json_array(std::string(old->aliases))) del_names.push_back({held.emplace_back(std::move(a)), adv});
    for (auto& [eco, name] : packages_of_json(std::string(old->packages)))
      del_pkgs.push_back({held.emplace_back(std::move(eco)), held.emplace_back(std::move(name)), adv});
    old->modified = modified;
    old->written = true;
    out[i] = PutOutcome::updated;
    add_names.push_back({r.id, adv});
    for (const auto& a : r.aliases) add_names.push_back({a, adv});
    for (const auto& [eco, name] : r.packages) add_pkgs.push_back({eco, name, adv});
  }
  LD_RETURN_IF_ERROR(apply_keys());
  if (advance) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kAllIndexed));
    LD_RETURN_IF_ERROR(s->run());
  }
  if (pending_changed) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kCountPendingUpdate));
    LD_RETURN_IF_ERROR(s->run());
  }
  nlohmann::json changed = nlohmann::json::array();
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (out[i] != PutOutcome::unchanged) changed.push_back(rows[i].id);
  if (!changed.empty()) LD_RETURN_IF_ERROR(append_match_change(MatchChangeKind::advisories, feed_keys(changed)));
  return out;
}

Result<std::optional<AdvisoryRow>> PgTx::advisory(const std::string& id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAdvisory));
  s->args(id);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<AdvisoryRow>();
  return std::optional<AdvisoryRow>(advisory_row(*s, true, true, true));
}

Result<Page<AdvisoryRow>> PgTx::advisories(const AdvisoryFilter& f) {
  // Filters combine with AND; the id or alias match is case-insensitive
  // because users type "cve-2021-44228" (advisory_names holds both, and
  // the pending rows are looked at in the same case-insensitive way).
  std::string from = " FROM advisories a";
  Where w;
  if (!f.query.empty()) {
    w.add(kFilterName);
    w.params.insert(w.params.end(), 3, f.query);
  }
  if (!f.package.empty()) {
    w.add(f.ecosystem.empty() ? kFilterPackage : kFilterPackageEcosystem);
    for (int i = 0; i < 2; ++i) {
      w.params.push_back(f.package);
      if (!f.ecosystem.empty()) w.params.push_back(f.ecosystem);
    }
  }
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
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(kListColumns + from + wp.sql + " ORDER BY a.id LIMIT " +
                                                 std::to_string(limit + 1)));
  wp.bind(*s);
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    page.items.push_back(advisory_row(*s, false, true, false));
  }
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

Status PgTx::scan_advisories(const std::function<bool(const AdvisoryRow&)>& visit) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kScanAdvisories));
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return {};
    if (!visit(advisory_row(*s, true, false, false))) return {};
  }
}

Result<std::int64_t> PgTx::advisory_count() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kCountAdvisories));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : 0;
}

Result<std::int64_t> PgTx::pending_advisory_keys() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kCountPending));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : 0;
}

namespace {

// The keys of advisories (from, to], read and sorted: the part of indexing
// that needs no writer.
Result<PendingAdvisoryKeys> read_keys(Connection& c, std::int64_t from, std::int64_t to) {
  PendingAdvisoryKeys k;
  k.from = from;
  k.to = to;
  if (to <= from) return k;
  using Key = PendingAdvisoryKeys::Key;
  std::string& text = k.text;
  std::vector<std::size_t> ends;
  {
    LD_ASSIGN_OR_RETURN(auto s, c.prepare(kPendingKeys));
    s->args(from, to);
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      std::int64_t adv = s->i64(0);
      auto add = [&](std::vector<Key>& keys, std::size_t first) {
        std::size_t begin = first == 0 ? 0 : ends[first - 1];
        for (std::size_t i = first; i < ends.size(); ++i) {
          keys.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(ends[i] - begin), adv});
          begin = ends[i];
        }
      };
      std::size_t first = ends.size();
      text += s->text_view(1);
      ends.push_back(text.size());
      json_strings(s->text_view(2), text, ends);
      add(k.names, first);
      first = ends.size();
      json_strings(s->text_view(3), text, ends);
      if ((ends.size() - first) % 2 != 0) ends.pop_back();  // a malformed pair: ignored
      add(k.packages, first);
    }
  }
  auto view = [&](const Key& x) { return std::string_view(text).substr(x.begin, x.size); };
  // Names, in the index's order: NOCASE (ASCII letters folded), then adv.
  // Compared through folded copies (a plain byte compare).
  std::string folded(text.size(), '\0');
  std::transform(text.begin(), text.end(), folded.begin(), [](char ch) {
    return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch;
  });
  std::sort(k.names.begin(), k.names.end(), [&](const Key& a, const Key& b) {
    int c = std::string_view(folded).substr(a.begin, a.size).compare(std::string_view(folded).substr(b.begin, b.size));
    return c != 0 ? c < 0 : a.adv < b.adv;
  });
  // Packages in the unique index's (name, ecosystem) order.
  k.by_name.resize(k.packages.size() / 2);
  for (std::uint32_t i = 0; i < k.by_name.size(); ++i) k.by_name[i] = 2 * i;
  std::sort(k.by_name.begin(), k.by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
    auto na = view(k.packages[a + 1]), nb = view(k.packages[b + 1]);
    if (na != nb) return na < nb;
    return view(k.packages[a]) < view(k.packages[b]);
  });
  return k;
}

Result<std::int64_t> read_one(Connection& c, const char* sql) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare(sql));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : 0;
}

}  // namespace

// The key of package (ecosystem, name); added when missing and `create`,
// else 0 when missing.
Result<std::int64_t> PgTx::package_id(std::string_view ecosystem, std::string_view name, bool create) {
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectPackage));
    s->args(name, ecosystem);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) return s->i64(0);
  }
  if (!create) return 0;
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertPackage));
  LD_RETURN_IF_ERROR(s->args(ecosystem, name).run());
  return c_.last_insert_id();
}

// Inserts the keys read (names, then each distinct package looked up or
// added once, then the links, sorted) and moves indexed_through to k.to.
Result<std::int64_t> PgTx::apply_pending_keys(const PendingAdvisoryKeys& k) {
  if (k.to <= k.from) return 0;
  auto view = [&](const PendingAdvisoryKeys::Key& x) { return std::string_view(k.text).substr(x.begin, x.size); };
  for (const auto& n : k.names) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertName));
    LD_RETURN_IF_ERROR(s->args(view(n), n.adv).run());
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> links;  // (pkg, adv)
  links.reserve(k.by_name.size());
  std::int64_t pkg = 0;
  for (std::size_t i = 0; i < k.by_name.size(); ++i) {
    const auto& eco = k.packages[k.by_name[i]];
    const auto& name = k.packages[k.by_name[i] + 1];
    bool fresh = i == 0 || view(name) != view(k.packages[k.by_name[i - 1] + 1]) ||
                 view(eco) != view(k.packages[k.by_name[i - 1]]);
    if (fresh) {  // a package not seen yet
      LD_ASSIGN_OR_RETURN(pkg, package_id(view(eco), view(name), true));
    }
    links.emplace_back(pkg, eco.adv);
  }
  std::sort(links.begin(), links.end());
  for (const auto& [p, adv] : links) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertAdvisoryPackage));
    LD_RETURN_IF_ERROR(s->args(p, adv).run());
  }
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSetIndexedThrough));
  LD_RETURN_IF_ERROR(s->args(k.to).run());
  return k.to - k.from;  // advisories are never deleted, so every key in between is a row
}

Result<std::int64_t> PgTx::index_advisory_keys() {
  LD_ASSIGN_OR_RETURN(std::int64_t from, read_one(c_, kIndexedThrough));
  LD_ASSIGN_OR_RETURN(std::int64_t to, read_one(c_, kMaxAdvisory));
  LD_ASSIGN_OR_RETURN(PendingAdvisoryKeys k, read_keys(c_, from, to));
  return apply_pending_keys(k);
}

Result<PendingAdvisoryKeys> PgTx::read_pending_advisory_keys() {
  LD_ASSIGN_OR_RETURN(std::int64_t from, read_one(c_, kIndexedThrough));
  LD_ASSIGN_OR_RETURN(std::int64_t to, read_one(c_, kMaxAdvisory));
  LD_ASSIGN_OR_RETURN(std::int64_t updates, read_one(c_, kPendingUpdates));
  LD_ASSIGN_OR_RETURN(PendingAdvisoryKeys k, read_keys(c_, from, to));
  k.pending_updates = updates;
  return k;
}

Result<std::int64_t> PgTx::index_advisory_keys(const PendingAdvisoryKeys& k) {
  // The rows read are still the pending ones, as read: none indexed since
  // (indexed_through where it was) and none replaced (the count of
  // replaced pending rows where it was). Rows added since are above k.to.
  LD_ASSIGN_OR_RETURN(std::int64_t from, read_one(c_, kIndexedThrough));
  LD_ASSIGN_OR_RETURN(std::int64_t updates, read_one(c_, kPendingUpdates));
  if (from != k.from || updates != k.pending_updates) return 0;
  return apply_pending_keys(k);
}

Result<std::optional<SbomRow>> PgTx::sbom(std::int64_t product_id, const std::string& version) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectSbom.c_str()));
  s->args(product_id, version);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<SbomRow>();
  return std::optional<SbomRow>(sbom_row(*s));
}

Result<std::vector<SbomRow>> PgTx::sboms(std::optional<std::int64_t> product_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(product_id ? kSelectSbomsOf.c_str() : kSelectAllSboms.c_str()));
  if (product_id) s->args(*product_id);
  std::vector<SbomRow> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back(sbom_row(*s));
  }
}

Result<std::vector<ComponentRow>> PgTx::components(std::int64_t sbom_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectComponents));
  s->args(sbom_id);
  std::vector<ComponentRow> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back(component_row(*s, 0));
  }
}

Status PgTx::scan_components(
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

Result<std::vector<std::pair<SbomRow, ComponentRow>>> PgTx::components_of_package(const std::string& ecosystem,
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

Result<std::int64_t> PgTx::put_sbom(const SbomRow& sbom, const std::vector<ComponentRow>& components) {
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
  LD_RETURN_IF_ERROR(append_match_change(MatchChangeKind::sbom, feed_keys(nlohmann::json::array({sbom.product_id, sbom.version}))));
  return id;
}

Result<std::vector<CaseComponentRow>> PgTx::case_components(std::int64_t case_id) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectCaseComponents));
  s->args(case_id);
  std::vector<CaseComponentRow> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back({s->i64(0), s->text(1), s->text(2)});
  }
}

Result<std::vector<CaseComponentRow>> PgTx::all_case_components() {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kSelectAllCaseComponents));
  std::vector<CaseComponentRow> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) return out;
    out.push_back({s->i64(0), s->text(1), s->text(2)});
  }
}

Status PgTx::set_case_components(std::int64_t case_id, const std::vector<CaseComponentRow>& components) {
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kDeleteCaseComponents));
    LD_RETURN_IF_ERROR(s->args(case_id).run());
  }
  std::int64_t seq = 0;
  for (const auto& c : components) {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertCaseComponent));
    LD_RETURN_IF_ERROR(s->args(case_id, seq++, c.purl, c.range).run());
  }
  return append_match_change(MatchChangeKind::case_components, feed_keys(nlohmann::json::array({case_id})));
}

Result<std::vector<PendingUserNotice>> PgTx::pending_user_notices(std::int64_t case_id) {
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

Result<std::int64_t> PgTx::add_pending_user_notice(const PendingUserNotice& n) {
  LD_ASSIGN_OR_RETURN(auto s, c_.prepare(kInsertPending));
  LD_RETURN_IF_ERROR(
      s->args(n.case_id, n.product_id, n.product_version, n.customer, n.contact, n.customer_org, to_micros(n.created_at))
          .run());
  return c_.changes() == 0 ? std::int64_t{0} : c_.last_insert_id();
}

}  // namespace loudong::store::postgres
