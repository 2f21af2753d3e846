// End-to-end inventory run through the services on a real SQLite store
// (docs/performance.md, "Inventory"): import an OSV zip, re-import it
// (idempotent), upload a 10,000-component SBOM, scan it. Prints JSON.
//   e2e_bench OSV.zip SBOM.json [DATA_DIR]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/crypto.h"
#include "services/inventory.h"
#include "services/products.h"

using namespace loudong;
namespace fs = std::filesystem;

static double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: e2e_bench OSV.zip SBOM.json [DATA_DIR]\n");
    return 2;
  }
  fs::path dir = argc > 3 ? argv[3] : fs::temp_directory_path() / "loudong-e2e";
  fs::remove_all(dir);
  fs::create_directories(dir);
  if (!crypto::init().ok()) return 1;
  auto st = store::open_sqlite_store({(dir / "loudong.db").string()});
  if (!st.ok()) return std::fprintf(stderr, "%s\n", st.error().log_message().c_str()), 1;
  SystemClock clock;
  services::Context ctx{**st, clock, domain::Policy{}, TimeZone(), crypto::generate_seal_key()};
  services::Inventory inv(ctx);
  if (!inv.load().ok()) return 1;
  services::Caller admin;
  admin.actor = domain::Actor{1, "bench", true, {}};

  auto t = std::chrono::steady_clock::now();
  auto sum = inv.import_path(services::AdvisoryFormat::osv, argv[1], [](const services::ImportProgress& p) {
    std::fprintf(stderr, "\r%zu/%zu records, %.0f/s, ETA %.0f s   ", p.done, p.total, p.rate(), p.eta_seconds());
  });
  double import_s = since(t);
  std::fprintf(stderr, "\n");
  if (!sum.ok()) return std::fprintf(stderr, "%s\n", sum.error().log_message().c_str()), 1;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  long rss_after_import = u.ru_maxrss / 1024;

  t = std::chrono::steady_clock::now();
  auto again = inv.import_path(services::AdvisoryFormat::osv, argv[1]);
  double reimport_s = since(t);

  auto org = (*st)->write([&](store::WriteTx& tx) {
    return tx.insert_org({0, "Vendor", domain::OrgType::provider, "CN", "", clock.now()});
  });
  services::Products products(ctx);
  services::ProductInput pin;
  pin.provider_org = *org;
  pin.name = "Bench product";
  pin.kind = "software";
  auto p = products.create(admin, pin);
  std::ifstream in(argv[2]);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string sbom = ss.str();
  t = std::chrono::steady_clock::now();
  auto up = inv.upload_sbom(admin, p->id, "1.0", sbom);
  double upload_ms = since(t) * 1000;
  if (!up.ok()) return std::fprintf(stderr, "%s\n", up.error().message().c_str()), 1;
  t = std::chrono::steady_clock::now();
  auto scan = inv.scan(sbom);
  double scan_ms = since(t) * 1000;
  getrusage(RUSAGE_SELF, &u);
  std::uintmax_t disk = 0;
  for (const auto& e : fs::directory_iterator(dir)) disk += e.file_size();
  std::printf(
      "{\"records\":%zu,\"inserted\":%zu,\"failed\":%zu,\"import_s\":%.2f,\"import_rate\":%.0f,"
      "\"reimport_s\":%.2f,\"reimport_unchanged\":%zu,\"peak_rss_mb_after_import\":%ld,\"peak_rss_mb\":%ld,"
      "\"disk_mb\":%.0f,\"sbom_components\":%zu,\"sbom_upload_ms\":%.1f,\"scan_ms\":%.1f,\"scan_findings\":%zu}\n",
      sum->read, sum->inserted, sum->failed, import_s, sum->read / import_s, reimport_s,
      again.ok() ? again->unchanged : 0, rss_after_import, u.ru_maxrss / 1024, disk / 1e6, up->components, upload_ms,
      scan_ms, scan.ok() ? scan->findings.size() : 0);
  return 0;
}
