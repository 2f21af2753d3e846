// Inventory: imported advisory records, SBOMs of product versions, and the
// matching index over both (design.md "match"). Answers "which of our
// product versions contain this flawed component?" (impact) and "which
// known vulnerabilities affect this SBOM?" (scan, findings), and lists a
// confirmed case's affected products and customers (R-FIX-NOTIFY, R-VERIFY)
// and the providers of the flawed component (R-UPSTREAM).
//
// The index lives as long as the Inventory; inventory_for(ctx) keeps one
// per store for the process, built from the store on first use, and every
// change made through it (import, SBOM upload, case components) is applied
// to the index after its transaction commits.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "formats/advisory.h"
#include "formats/sbom.h"
#include "match/index.h"
#include "services/common.h"

namespace loudong::services {

enum class AdvisoryFormat { osv, cve5 };

struct ImportProgress {
  std::size_t done = 0;   // records committed (with the refused ones read before them)
  std::size_t total = 0;  // records expected (0 when unknown)
  double seconds = 0;     // since start
  double rate() const { return seconds > 0 ? static_cast<double>(done) / seconds : 0; }
  double eta_seconds() const {  // -1 when unknown
    double r = rate();
    return (total && r > 0) ? static_cast<double>(total - std::min(total, done)) / r : -1;
  }
};

struct ImportFailure {
  std::string file;    // entry name in the archive, file path, or "[index]" for API bodies
  std::string reason;
};

struct ImportSummary {
  std::size_t read = 0, inserted = 0, updated = 0, unchanged = 0, failed = 0;
  std::vector<ImportFailure> failures;  // in the order the records were read
  double seconds = 0;
  // Where the time went (for benchmarks): parsing and packing, summed over
  // the parser threads (CPU seconds); write transactions (wall seconds, the
  // writer thread); Index::put_advisory (seconds, the indexer thread). They
  // overlap: the wall time is `seconds`.
  double parse_seconds = 0, write_seconds = 0, index_seconds = 0;
  std::size_t batches = 0;  // write transactions
};

// One record to import, named for error reports.
struct NamedRecord {
  std::string name;
  std::string text;
};

struct SbomUpload {
  store::SbomRow sbom;
  std::size_t components = 0;
  std::size_t unmatched = 0;  // without a purl the index can match
  std::vector<std::string> warnings;
  // Pending user notices added for confirmed cases this SBOM is affected by.
  std::size_t user_notices_added = 0;
  bool version_added = false;  // the product did not list the version: it does now
};

struct ScanResult {
  std::string format, spec_version;
  std::size_t components = 0;
  std::size_t unmatched = 0;
  std::vector<match::ComponentRef> matched;  // the components with a matchable purl; Finding::component indexes it
  std::vector<match::Finding> findings;      // affected first, then unknown; by advisory id
  std::vector<std::string> warnings;
};

struct ImpactEntry {
  match::ImpactHit hit;
  std::string product_name;
  domain::Id provider_org = 0;
  std::vector<domain::Customer> customers;  // only for callers who manage the product
};

struct ImpactResult {
  std::string query;  // "advisory GO-2021-0001" or the canonical range
  std::vector<ImpactEntry> entries;
  std::size_t product_versions = 0;  // distinct affected product versions
  // case_impact only (R-UPSTREAM): the case's upstream provider and the
  // suppliers the listed SBOMs name for the flawed component.
  std::vector<std::string> upstream_providers;
  // case_impact only (R-FIX-NOTIFY): customers still to be told, created
  // when the case was confirmed; only those of products the caller manages.
  std::vector<store::PendingUserNotice> pending_user_notices;
};

struct ProductFindings {
  std::string version;
  std::vector<match::ComponentRef> components;  // Finding::component indexes it
  std::vector<match::Finding> findings;
};

// What confirming a case with affected components leads to.
struct ConfirmedEffects {
  struct Affected {
    domain::Id product_id = 0;
    std::string product_name;
    std::string version;
    std::string component;  // the matching component's purl
    std::string supplier;   // the component's supplier in the SBOM, if named
  };
  std::vector<Affected> affected;
  std::vector<store::PendingUserNotice> notices;  // created now (one per customer and product version)
  // R-UPSTREAM: providers of the flawed component: the case's upstream
  // provider if set, and the suppliers the SBOMs name for it.
  std::vector<std::string> upstream_providers;
  // case_impact only (R-FIX-NOTIFY): customers still to be told, created
  // when the case was confirmed; only those of products the caller manages.
  std::vector<store::PendingUserNotice> pending_user_notices;
};

class Inventory {
 public:
  explicit Inventory(Context& ctx);
  ~Inventory();

  // Builds the index from the store. Called once by inventory_for().
  Status load();
  // Applies what other processes changed since (a `loudong import` run into
  // the server's data directory, a second server on the same PostgreSQL):
  // reads the store's matching change feed (store::MatchChange) after the
  // last entry applied, and puts each changed advisory, SBOM and case's
  // components into the index as the store now holds them. This process's
  // own changes come round again and are put again (the same result).
  // Returns how many feed entries it applied; a reader so far behind that
  // the store pruned entries it had not seen rebuilds the index from the
  // store instead (load again). On an error the index stays as it was for
  // the entries not applied, and the next call retries them. Thread-safe;
  // the server calls it about once a second.
  Result<std::size_t> catch_up();
  const match::Index& index() const { return *index_; }

  // Imports a file, a directory (every *.json below it) or a zip archive.
  // Malformed records are skipped and listed in the summary; the call fails
  // only when the path cannot be read or the store fails. Records are
  // parsed on every core and written in batches (import_batch_size() per
  // transaction, so a failure or a crash leaves whole batches: importing
  // again completes the rest); each committed batch then goes to the index.
  // progress is called on the calling thread about every 5,000 records and
  // at the end, with the records committed so far.
  Result<ImportSummary> import_path(AdvisoryFormat format, const std::string& path,
                                    const std::function<void(const ImportProgress&)>& progress = {});
  // API import (platform admins): the records of one request body.
  Result<ImportSummary> import_records(const Caller& c, AdvisoryFormat format, std::vector<NamedRecord> records);
  // Splits a request body (one record or a JSON array of records).
  static Result<std::vector<NamedRecord>> split_body(std::string_view body);
  // Records per write transaction (at least 1; 20,000 by default: each
  // commit costs a WAL fsync and usually a checkpoint, and at 520k records
  // 20,000 imported ~25% faster than 10,000 on this machine; the price is
  // that other writes wait behind a batch, ~0.3 s, during an import, and
  // ~50 MB more parsed ahead. docs/performance.md, "Import, second pass").
  void set_import_batch_size(std::size_t n) { import_batch_ = n ? n : 1; }
  std::size_t import_batch_size() const { return import_batch_; }

  Result<store::Page<store::AdvisoryRow>> search_advisories(const Caller& c, store::AdvisoryFilter f);
  // The stored row and the record parsed back.
  Result<std::pair<store::AdvisoryRow, formats::Advisory>> advisory(const Caller& c, const std::string& id_or_alias);

  // Stores an SBOM as the component list of (product, version), replacing
  // an earlier one. Product managers only.
  Result<SbomUpload> upload_sbom(const Caller& c, domain::Id product_id, const std::string& version,
                                 std::string_view sbom_json);
  Result<std::pair<store::SbomRow, std::vector<store::ComponentRow>>> components(const Caller& c, domain::Id product_id,
                                                                                const std::string& version);
  // Findings of every version of a product that has an SBOM (case findings
  // as in scan(Caller)). Inventory reads and changes are for the provider's
  // members and product managers; to others the product is not found.
  Result<std::vector<ProductFindings>> findings(const Caller& c, domain::Id product_id);

  // Matches an SBOM against the local database without storing it: every
  // advisory and case finding, case findings ungraded (the machine's view,
  // for benchmarks and tools that resolve cases themselves).
  Result<ScanResult> scan(std::string_view sbom_json) const;
  // The same for a caller: case findings only for cases the caller may see,
  // graded by the case's assessment.
  Result<ScanResult> scan(const Caller& c, std::string_view sbom_json) const;

  // Affected product versions of a package range ("pkg:maven/g/a" with a
  // vers or native range; a purl version means that version) or an advisory
  // (id or alias).
  Result<ImpactResult> impact_of_range(const Caller& c, const std::string& purl, const std::string& range);
  Result<ImpactResult> impact_of_advisory(const Caller& c, const std::string& id_or_alias);

  // Case components (purl plus range); who may see the case may read them,
  // who may assess it may set them.
  Result<std::vector<store::CaseComponentRow>> case_components(const Caller& c, domain::Id case_id);
  Result<std::vector<store::CaseComponentRow>> set_case_components(const Caller& c, domain::Id case_id,
                                                                   std::vector<store::CaseComponentRow> components);
  Result<ImpactResult> case_impact(const Caller& c, domain::Id case_id);

 private:
  Result<ImpactResult> describe(store::ReadTx& tx, const Caller& c, std::string query,
                                std::vector<match::ImpactHit> hits);
  // The records to import, by position: name(i) for reports, load(i, buf)
  // the text (in buf, or elsewhere; an error refuses the record with that
  // reason). Both are called from the parser threads.
  struct RecordSource {
    std::size_t count = 0;
    std::function<std::string(std::size_t)> name;
    // Record i's text (in the buffer or elsewhere); a source that has it as
    // a raw deflate stream (a zip entry) also sets *deflated, else clears it.
    std::function<Result<std::string_view>(std::size_t, std::string& buffer, std::string* deflated)> load;
  };
  Result<ImportSummary> import_stream(AdvisoryFormat format, const RecordSource& source,
                                      const std::function<void(const ImportProgress&)>& progress);
  // Puts the store's current state of one feed entry into the index.
  Status apply_change(store::ReadTx& tx, const store::MatchChange& c);
  Context& ctx_;
  std::unique_ptr<match::Index> index_;
  std::mutex catch_up_mu_;       // one catch_up at a time
  std::int64_t applied_seq_ = 0;  // the last feed entry in the index (under catch_up_mu_)
  std::size_t import_batch_ = 20000;
};

// The process-wide Inventory of a context's store, loaded on first use
// (thread-safe). The server should call it once at start so the first
// request does not pay for the load.
Result<Inventory*> inventory_for(Context& ctx);

// R-FIX-NOTIFY and R-UPSTREAM on confirmation. Call inside the write
// transaction that moves a case to `confirmed`: finds every stored product
// version holding a component in one of the case's component ranges, adds a
// pending user notice per customer of each (idempotent), and names the
// upstream providers. Reads only the store, so it sees the same snapshot as
// the transition.
Result<ConfirmedEffects> record_confirmed_case_effects(store::WriteTx& tx, domain::Id case_id, Time now);

// "pkg:npm/x@^1.2" or "pkg:maven/g/a@vers:maven/<2": splits a command-line
// PURL[@RANGE] at the '@' that starts a range (vers: or a comparator) and
// returns (purl, range); a plain version stays in the purl.
std::pair<std::string, std::string> split_purl_range(const std::string& text);

}  // namespace loudong::services
