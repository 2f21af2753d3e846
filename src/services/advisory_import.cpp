// Advisory import: OSV and CVE 5 records from a file, a directory, a zip
// archive or an API body, into the store and the index.
//
// A pipeline over both cores (docs/performance.md, "Inventory"):
//   - one parser thread per core takes the next chunk of 256 records, reads
//     them (inflates the zip entries: formats::ZipArchive reads any entry
//     from any thread; reads the files), parses each, and makes its stored
//     form (services/advisory_record.h: the original JSON, not a
//     re-serialisation: as the zip compressed it, or minified and
//     compressed);
//   - a committer takes the parsed chunks in read order and writes them in
//     batches, one transaction each (WriteTx::put_advisories: one query for
//     the batch's existing ids, no per-record probe);
//   - an indexer applies each committed batch's changed records to the
//     index (never before the commit) while the next batch is written;
//   - the calling thread reports progress.
// At most about two batches are parsed ahead of the writer, so memory stays
// flat however large the archive is. A store failure stops the import:
// the batches committed before it stay (in the store and the index), so
// importing again completes it.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/json_strict.h"
#include "domain/access.h"
#include "formats/cve5.h"
#include "formats/osv.h"
#include "formats/zip_reader.h"
#include "services/advisory_record.h"
#include "services/inventory.h"

namespace loudong::services {
namespace {

using steady = std::chrono::steady_clock;

constexpr std::size_t kChunk = 256;               // records per parser work item
// New records whose search keys (names, packages) are indexed together,
// sorted: a sorted insert writes each b-tree page once, where one random
// insert per key rewrote most of the name index in every batch. Until then
// searches find them by looking at the rows (store::AdvisoryKeys).
constexpr std::size_t kIndexKeysEvery = 131072;
constexpr std::size_t kProgressEvery = 5000;      // records
constexpr std::size_t kMaxFileBytes = 64u << 20;  // as the zip reader: no advisory comes near

bool is_json_name(std::string_view n) { return n.size() > 5 && n.substr(n.size() - 5) == ".json"; }

double seconds_since(steady::time_point t) { return std::chrono::duration<double>(steady::now() - t).count(); }

// CPU time of the calling thread: what parsing and indexing cost, whatever
// else shares the cores.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// deflated: the original as a raw deflate stream, when the source had it so.
store::AdvisoryRow row_of(const formats::Advisory& a, AdvisoryFormat f, std::string_view original,
                          std::string_view deflated) {
  store::AdvisoryRow r;
  r.id = a.id;
  r.modified = a.modified;
  r.withdrawn = a.withdrawn;
  r.summary = a.summary;
  r.aliases = a.aliases;
  // The original record, not write_osv(a): nothing is lost (CVE 5 ranges
  // carry their own version scheme, OSV fields the reader does not map
  // stay), and re-serialising cost as much as parsing.
  r.source = f == AdvisoryFormat::osv ? "osv" : "cve5";
  r.record = deflated.empty() ? pack_record(original) : pack_deflated(deflated, original.size());
  for (const auto& af : a.affected) {
    std::pair<std::string, std::string> p{af.package.ecosystem, af.package.name};
    if (p.first.empty() && p.second.empty()) continue;
    if (std::find(r.packages.begin(), r.packages.end(), p) == r.packages.end()) r.packages.push_back(std::move(p));
  }
  return r;
}

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

// A chunk after parsing: its rows and advisories, and the records refused.
struct Parsed {
  std::uint8_t producer = 0;  // the parser thread
  std::size_t read = 0;
  std::vector<ImportFailure> failures;
  std::vector<store::AdvisoryRow> rows;
  std::vector<formats::Advisory> advisories;
  double cpu_seconds = 0;
};

}  // namespace

Result<std::vector<NamedRecord>> Inventory::split_body(std::string_view body) {
  // Strict for the numbers (1e400 is a 422 naming the record's field), not
  // for text: an advisory record is kept as data, as the file import does.
  auto parsed = parse_json_strict(body, {.text_rule = false});
  if (!parsed.ok()) {
    if (parsed.error().code() == "malformed_json") return Error::invalid("the body is not JSON: " + parsed.error().message());
    return parsed.error();
  }
  auto& j = *parsed;
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

Result<ImportSummary> Inventory::import_stream(AdvisoryFormat format, const RecordSource& source,
                                               const std::function<void(const ImportProgress&)>& progress) {
  const auto start = steady::now();
  const std::size_t batch_size = import_batch_;
  const std::size_t total = source.count;
  const std::size_t chunks = (total + kChunk - 1) / kChunk;
  const std::size_t parsers = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  // Parsed-ahead bound: about two batches beyond the one being written, so
  // the parsers keep the second core busy while the writer indexes keys.
  const std::size_t max_ahead = 2 * batch_size / kChunk + 2 * parsers + 2;

  std::mutex mu;
  std::condition_variable cv;
  std::size_t next_chunk = 0;            // the next chunk a parser takes
  std::size_t taken = 0;                 // chunks the committer has taken
  std::map<std::size_t, Parsed> parsed;  // parsed, waiting for the committer (by chunk)
  bool stop = false, committer_done = false;
  Status failure;                        // the first failure (store, or an exception)
  std::size_t committed = 0;             // records of committed batches (refused ones included)
  struct IndexWork {
    std::vector<formats::Advisory> advisories;
    std::vector<std::uint8_t> producers;
  };
  std::deque<IndexWork> to_index;
  // Rows and advisories done with go back to the parser thread that made
  // them, to be freed there: freed by the thread that allocated them, the
  // memory is reused from that thread's cache, instead of piling up in its
  // arena's bins for malloc to sort through (which cost the parsers half
  // their time).
  struct Trash {
    std::vector<store::AdvisoryRow> rows;
    std::vector<formats::Advisory> advisories;
  };
  std::vector<Trash> trash(parsers);
  ImportSummary sum;  // counts: the committer's; timings: each thread adds its own

  auto fail = [&](Status st) {  // with mu held
    if (failure.ok()) failure = std::move(st);
    stop = true;
    cv.notify_all();
  };

  // Parsers: chunk k is records [k * kChunk, (k + 1) * kChunk): load
  // (inflate, read the file), parse, pack.
  auto parse_chunk = [&](std::size_t k) {
    Parsed p;
    double t0 = thread_cpu_seconds();
    std::size_t first = k * kChunk, last = std::min(total, first + kChunk);
    p.rows.reserve(last - first);
    p.advisories.reserve(last - first);
    std::string buffer, deflated;
    for (std::size_t i = first; i < last; ++i) {
      ++p.read;
      auto text = source.load(i, buffer, &deflated);
      if (!text.ok()) {
        p.failures.push_back({source.name(i), text.error().message()});
        continue;
      }
      auto a = format == AdvisoryFormat::osv ? formats::read_osv(*text) : formats::read_cve5(*text);
      if (!a.ok()) {
        p.failures.push_back({source.name(i), a.error().message()});
        continue;
      }
      p.rows.push_back(row_of(*a, format, *text, deflated));
      p.advisories.push_back(std::move(*a));
    }
    p.cpu_seconds = thread_cpu_seconds() - t0;
    return p;
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < parsers; ++t) {
    threads.emplace_back([&, t] {
      double cpu = 0;
      try {
        for (;;) {
          std::size_t k;
          Trash mine;
          {
            std::unique_lock lk(mu);
            cv.wait(lk, [&] { return stop || next_chunk >= chunks || next_chunk < taken + max_ahead; });
            if (stop || next_chunk >= chunks) break;
            k = next_chunk++;
            std::swap(mine, trash[t]);
          }
          mine = Trash{};  // freed here, where it was allocated
          Parsed p = parse_chunk(k);
          p.producer = static_cast<std::uint8_t>(t);
          cpu += p.cpu_seconds;
          std::lock_guard lk(mu);
          parsed.emplace(k, std::move(p));
          cv.notify_all();
        }
      } catch (const std::exception& e) {
        std::lock_guard lk(mu);
        fail(Error::internal(std::string("advisory import (parser): ") + e.what()));
      }
      std::lock_guard lk(mu);
      sum.parse_seconds += cpu;
    });
  }

  // The committer: parsed chunks in order, written batch by batch.
  std::thread committer([&] {
    std::vector<store::AdvisoryRow> rows;
    std::vector<formats::Advisory> advisories;
    std::vector<std::uint8_t> producers;  // of each row
    std::size_t batch_read = 0;
    std::vector<ImportFailure> batch_failures;
    std::size_t unindexed = 0;  // records inserted since the keys were last indexed (or read ahead)
    auto index_keys = [&]() -> bool {
      auto t = steady::now();
      auto r = ctx_.store.write([&](store::WriteTx& tx) { return tx.index_advisory_keys(); });
      std::lock_guard lk(mu);
      sum.write_seconds += seconds_since(t);
      if (!r.ok()) fail(r.status());
      unindexed = 0;
      return r.ok();
    };
    // Keys read ahead: the pending keys are read and sorted on a reader
    // connection while the writer goes on with the next batches; the
    // writer then only inserts them (or, when a pending row changed in
    // between, indexes the classic way).
    std::future<Result<store::PendingAdvisoryKeys>> ahead;
    auto read_ahead = [&] {
      unindexed = 0;
      ahead = std::async(std::launch::async, [&] {
        return ctx_.store.read([](store::ReadTx& tx) { return tx.read_pending_advisory_keys(); });
      });
    };
    auto index_read_ahead = [&](bool wait) -> bool {
      if (!ahead.valid() || (!wait && ahead.wait_for(std::chrono::seconds(0)) != std::future_status::ready))
        return true;
      Result<store::PendingAdvisoryKeys> keys = ahead.get();
      if (!keys.ok()) {
        std::lock_guard lk(mu);
        fail(keys.status());
        return false;
      }
      auto t = steady::now();
      auto r = ctx_.store.write([&](store::WriteTx& tx) { return tx.index_advisory_keys(*keys); });
      {
        std::lock_guard lk(mu);
        sum.write_seconds += seconds_since(t);
        if (!r.ok()) fail(r.status());
      }
      if (!r.ok()) return false;
      return *r > 0 || keys->to == keys->from || index_keys();  // stale: the classic way
    };
    auto write = [&]() -> bool {
      std::vector<store::PutOutcome> outcomes;
      if (!rows.empty()) {
        auto t = steady::now();
        auto r = ctx_.store.write(
            [&](store::WriteTx& tx) { return tx.put_advisories(rows, store::AdvisoryKeys::deferred); });
        double w = seconds_since(t);
        std::unique_lock lk(mu);
        sum.write_seconds += w;
        if (!r.ok()) {
          fail(r.status());
          return false;
        }
        outcomes = std::move(*r);
      }
      // Committed: from here on the index may show these records.
      IndexWork changed;
      std::size_t ins = 0, upd = 0;
      for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i] == store::PutOutcome::unchanged) continue;
        (outcomes[i] == store::PutOutcome::inserted ? ins : upd)++;
        changed.advisories.push_back(std::move(advisories[i]));
        changed.producers.push_back(producers[i]);
      }
      std::unique_lock lk(mu);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        trash[producers[i]].rows.push_back(std::move(rows[i]));
        if (outcomes[i] == store::PutOutcome::unchanged)
          trash[producers[i]].advisories.push_back(std::move(advisories[i]));
      }
      rows.clear();
      advisories.clear();
      producers.clear();
      // The indexer is at most one batch behind: the writer waits, not memory.
      cv.wait(lk, [&] { return to_index.size() < 2; });
      sum.read += batch_read;
      sum.failed += batch_failures.size();
      for (auto& f : batch_failures) sum.failures.push_back(std::move(f));
      sum.inserted += ins;
      sum.updated += upd;
      sum.unchanged += outcomes.size() - ins - upd;
      if (!outcomes.empty()) ++sum.batches;
      unindexed += ins;
      committed += batch_read;
      if (!changed.advisories.empty()) to_index.push_back(std::move(changed));
      batch_read = 0;
      batch_failures.clear();
      cv.notify_all();
      return true;
    };
    try {
      for (std::size_t k = 0; k < chunks; ++k) {
        Parsed p;
        {
          std::unique_lock lk(mu);
          cv.wait(lk, [&] { return stop || parsed.count(k); });
          if (stop) break;
          p = std::move(parsed.extract(k).mapped());
          ++taken;
          cv.notify_all();
        }
        batch_read += p.read;
        for (auto& f : p.failures) batch_failures.push_back(std::move(f));
        bool ok = true;
        for (std::size_t i = 0; ok && i < p.rows.size(); ++i) {
          rows.push_back(std::move(p.rows[i]));
          advisories.push_back(std::move(p.advisories[i]));
          producers.push_back(p.producer);
          // A batch ends at exactly batch_size rows; a chunk may span two.
          if (rows.size() >= batch_size) {
            ok = write() && index_read_ahead(false);
            if (ok && unindexed >= kIndexKeysEvery && !ahead.valid()) read_ahead();
          }
        }
        if (!ok) break;
        // The last, partial batch; then every key indexed.
        if (k + 1 == chunks && write() && index_read_ahead(true)) index_keys();
      }
    } catch (const std::exception& e) {
      std::lock_guard lk(mu);
      fail(Error::internal(std::string("advisory import: ") + e.what()));
    }
    std::lock_guard lk(mu);
    committer_done = true;
    cv.notify_all();
  });

  // The indexer: committed changes, in commit order. It drains the queue
  // even after a failure: what is committed must be in the index.
  std::thread indexer([&] {
    double spent = 0;
    for (;;) {
      IndexWork work;
      {
        std::unique_lock lk(mu);
        cv.wait(lk, [&] { return !to_index.empty() || committer_done; });
        if (to_index.empty()) break;
        work = std::move(to_index.front());
        to_index.pop_front();
        cv.notify_all();
      }
      double t = thread_cpu_seconds();
      try {
        for (const auto& a : work.advisories) index_->put_advisory(a);
      } catch (const std::exception& e) {
        std::lock_guard lk(mu);
        fail(Error::internal(std::string("advisory import (index): ") + e.what()));
      }
      spent += thread_cpu_seconds() - t;
      std::lock_guard lk(mu);
      for (std::size_t i = 0; i < work.advisories.size(); ++i)
        trash[work.producers[i]].advisories.push_back(std::move(work.advisories[i]));
    }
    std::lock_guard lk(mu);
    sum.index_seconds += spent;
  });

  // This thread reports progress (only here: callers need no locking).
  std::size_t reported = 0;
  for (bool done = false; !done;) {
    std::size_t now;
    {
      std::unique_lock lk(mu);
      done = cv.wait_for(lk, std::chrono::milliseconds(200), [&] { return committer_done; });
      now = committed;
    }
    if (progress && !done && now >= reported + kProgressEvery) {
      reported = now;
      progress(ImportProgress{now, total, seconds_since(start)});
    }
  }
  committer.join();
  indexer.join();
  for (auto& t : threads) t.join();
  LD_RETURN_IF_ERROR(failure);
  sum.seconds = seconds_since(start);
  if (progress) progress(ImportProgress{sum.read, total, sum.seconds});
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
    RecordSource src{files.size(), [&](std::size_t i) { return files[i]; },
                     [&](std::size_t i, std::string& buf, std::string* deflated) -> Result<std::string_view> {
                       deflated->clear();
                       LD_RETURN_IF_ERROR(read_file(files[i], buf));  // unreadable: refused, the file named
                       return std::string_view(buf);
                     }};
    return import_stream(format, src, progress);
  }
  if (is_zip(path)) {
    LD_ASSIGN_OR_RETURN(auto zip, formats::ZipArchive::open(path, kMaxFileBytes));
    std::vector<std::uint32_t> entries;  // the *.json files, in archive order
    for (std::size_t i = 0; i < zip->size(); ++i)
      if (!zip->is_directory(i) && is_json_name(zip->name(i))) entries.push_back(static_cast<std::uint32_t>(i));
    RecordSource src{entries.size(), [&](std::size_t i) { return std::string(zip->name(entries[i])); },
                     [&](std::size_t i, std::string& buf, std::string* deflated) -> Result<std::string_view> {
                       // damaged: refused, the entry named
                       LD_RETURN_IF_ERROR(zip->read(entries[i], buf, deflated));
                       return std::string_view(buf);
                     }};
    return import_stream(format, src, progress);
  }
  std::string text;
  LD_RETURN_IF_ERROR(read_file(path, text));
  RecordSource src{1, [&](std::size_t) { return path; },
                   [&](std::size_t, std::string&, std::string* deflated) -> Result<std::string_view> {
                     deflated->clear();
                     return std::string_view(text);
                   }};
  return import_stream(format, src, progress);
}

Result<ImportSummary> Inventory::import_records(const Caller& c, AdvisoryFormat format,
                                                std::vector<NamedRecord> records) {
  if (!c.actor.platform_admin) return Error::denied("only platform administrators may import advisories");
  if (records.empty()) return Error::invalid("no records to import");
  RecordSource src{records.size(), [&](std::size_t i) { return records[i].name; },
                   [&](std::size_t i, std::string&, std::string* deflated) -> Result<std::string_view> {
                     deflated->clear();
                     return std::string_view(records[i].text);
                   }};
  return import_stream(format, src, {});
}

}  // namespace loudong::services
