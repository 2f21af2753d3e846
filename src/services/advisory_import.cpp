// Advisory import: OSV and CVE 5 records from a file, a directory, a zip
// archive or an API body, into the store and the index.
//
// Throughput design: records are parsed on the calling thread while the
// previous batch of 5,000 is written (one write transaction, one fsync) and
// applied to the index on a second thread; a batch holds only parsed rows,
// so memory stays flat however large the archive is.
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include <nlohmann/json.hpp>

#include "domain/access.h"
#include "formats/cve5.h"
#include "formats/osv.h"
#include "formats/zip_reader.h"
#include "services/inventory.h"

namespace loudong::services {
namespace {

constexpr std::size_t kBatch = 5000;
constexpr std::size_t kMaxFileBytes = 64u << 20;  // as the zip reader: no advisory comes near

bool is_json_name(std::string_view n) { return n.size() > 5 && n.substr(n.size() - 5) == ".json"; }

store::AdvisoryRow row_of(const formats::Advisory& a, AdvisoryFormat f, std::string_view original) {
  store::AdvisoryRow r;
  r.id = a.id;
  r.modified = a.modified;
  r.withdrawn = a.withdrawn;
  r.summary = a.summary;
  r.aliases = a.aliases;
  if (f == AdvisoryFormat::osv) {
    r.source = "osv";
    r.record = formats::write_osv(a);  // compact: about half the size of the pretty-printed files
  } else {
    // CVE 5 ranges carry their own version scheme, which OSV cannot hold:
    // keep the original so a reload evaluates the same ranges.
    r.source = "cve5";
    r.record = std::string(original);
  }
  for (const auto& af : a.affected) {
    std::pair<std::string, std::string> p{af.package.ecosystem, af.package.name};
    if (std::find(r.packages.begin(), r.packages.end(), p) == r.packages.end()) r.packages.push_back(std::move(p));
  }
  return r;
}

using Visit = std::function<void(const std::string&, std::string_view)>;

Status read_file(const std::string& path, std::string& out) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error::invalid("cannot read " + path + ": " + ec.message(), "unreadable");
  if (size > kMaxFileBytes) return Error::invalid(path + " is larger than 64 MiB", "too_large");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::invalid("cannot open " + path, "unreadable");
  out.resize(size);
  in.read(out.data(), static_cast<std::streamsize>(size));
  return {};
}

bool is_zip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

std::size_t zip_entries(const std::string& path) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z) return 0;
  auto n = zip_get_num_entries(z, 0);
  zip_discard(z);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

}  // namespace

struct Inventory::Batch {
  std::vector<store::AdvisoryRow> rows;
  std::vector<formats::Advisory> advisories;
};

Result<std::vector<NamedRecord>> Inventory::split_body(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return Error::invalid("the body is not JSON");
  std::vector<NamedRecord> out;
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) out.push_back({"[" + std::to_string(i) + "]", j[i].dump()});
  } else if (j.is_object()) {
    out.push_back({"[0]", std::string(body)});
  } else {
    return Error::invalid("the body must be a record or an array of records");
  }
  return out;
}

Result<ImportSummary> Inventory::import_stream(
    AdvisoryFormat format, std::size_t total, const std::function<Status(const Visit&)>& source,
    const std::function<void(const ImportProgress&)>& progress) {
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  ImportSummary sum;
  std::future<Status> pending;
  std::mutex sum_mu;  // the writer thread adds its counts

  auto flush = [&](std::shared_ptr<Batch> b) -> Status {
    if (pending.valid()) LD_RETURN_IF_ERROR(pending.get());
    if (b->rows.empty()) return {};
    pending = std::async(std::launch::async, [this, b, &sum, &sum_mu]() -> Status {
      std::vector<char> changed(b->rows.size(), 0);
      std::size_t ins = 0, upd = 0, same = 0;
      auto st = ctx_.store.write([&](store::WriteTx& tx) -> Result<bool> {
        ins = upd = same = 0;
        std::vector<std::string> ids;
        for (const auto& r : b->rows) ids.push_back(r.id);
        LD_ASSIGN_OR_RETURN(auto existing, tx.advisory_versions(ids));
        std::sort(existing.begin(), existing.end());
        for (size_t i = 0; i < b->rows.size(); ++i) {
          LD_ASSIGN_OR_RETURN(bool ch, tx.put_advisory(b->rows[i]));
          changed[i] = ch;
          bool existed = std::binary_search(existing.begin(), existing.end(), std::pair{b->rows[i].id, Time::min()},
                                            [](const auto& x, const auto& y) { return x.first < y.first; });
          if (!ch) ++same;
          else if (existed) ++upd;
          else ++ins;
        }
        return true;
      });
      if (!st.ok()) return st.status();
      // Committed: now the index may show it.
      for (size_t i = 0; i < b->rows.size(); ++i)
        if (changed[i]) index_->put_advisory(b->advisories[i]);
      std::lock_guard lk(sum_mu);
      sum.inserted += ins;
      sum.updated += upd;
      sum.unchanged += same;
      return {};
    });
    return {};
  };

  auto batch = std::make_shared<Batch>();
  Status failed;  // a store failure stops the stream
  auto report = [&] {
    if (!progress) return;
    ImportProgress p{sum.read, total, std::chrono::duration<double>(clock::now() - start).count()};
    progress(p);
  };
  Status src = source([&](const std::string& name, std::string_view text) {
    if (!failed.ok()) return;
    ++sum.read;
    auto a = format == AdvisoryFormat::osv ? formats::read_osv(text) : formats::read_cve5(text);
    if (!a.ok()) {
      ++sum.failed;
      sum.failures.push_back({name, a.error().message()});
    } else {
      batch->rows.push_back(row_of(*a, format, text));
      batch->advisories.push_back(std::move(*a));
    }
    if (batch->rows.size() >= kBatch) {
      failed = flush(std::move(batch));
      batch = std::make_shared<Batch>();
      report();
    }
  });
  if (failed.ok()) failed = flush(std::move(batch));
  if (pending.valid()) {
    Status last = pending.get();
    if (failed.ok()) failed = last;
  }
  LD_RETURN_IF_ERROR(failed);
  LD_RETURN_IF_ERROR(src);
  sum.seconds = std::chrono::duration<double>(clock::now() - start).count();
  report();
  return sum;
}

Result<ImportSummary> Inventory::import_path(AdvisoryFormat format, const std::string& path,
                                             const std::function<void(const ImportProgress&)>& progress) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) return Error::not_found("path " + path);
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_regular_file() && is_json_name(it->path().string())) files.push_back(it->path().string());
    if (ec) return Error::invalid("cannot list " + path + ": " + ec.message(), "unreadable");
    std::sort(files.begin(), files.end());  // a stable order makes reruns comparable
    return import_stream(format, files.size(), [&](const Visit& visit) -> Status {
      std::string text;
      for (const auto& f : files) {
        Status st = read_file(f, text);
        if (!st.ok()) visit(f, "");  // counted as failed with the parser's reason; the file is named
        else visit(f, text);
      }
      return {};
    }, progress);
  }
  if (is_zip(path)) {
    return import_stream(format, zip_entries(path), [&](const Visit& visit) -> Status {
      return formats::for_each_zip_entry(path, [&](const std::string& name, std::string_view content) {
        if (is_json_name(name)) visit(name, content);
        return true;
      });
    }, progress);
  }
  std::string text;
  LD_RETURN_IF_ERROR(read_file(path, text));
  return import_stream(format, 1, [&](const Visit& visit) -> Status {
    visit(path, text);
    return {};
  }, progress);
}

Result<ImportSummary> Inventory::import_records(const Caller& c, AdvisoryFormat format,
                                                std::vector<NamedRecord> records) {
  if (!c.actor.platform_admin) return Error::denied("only platform administrators may import advisories");
  if (records.empty()) return Error::invalid("no records to import");
  return import_stream(format, records.size(), [&](const Visit& visit) -> Status {
    for (const auto& r : records) visit(r.name, r.text);
    return {};
  }, {});
}

}  // namespace loudong::services
