#include "cli/runtime.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "services/policy_settings.h"

namespace loudong::cli {

namespace fs = std::filesystem;

namespace {

Result<crypto::SealKey> load_or_create_key(const fs::path& path) {
  crypto::SealKey key;
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    struct stat st{};
    ::fstat(fd, &st);
    ssize_t n = ::read(fd, key.data(), key.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(key.size())) return Error::internal("key file " + path.string() + " is not 32 bytes");
    if ((st.st_mode & 077) != 0)
      return Error::internal("key file " + path.string() + " is readable by others; chmod 600 it");
    return key;
  }
  key = crypto::generate_seal_key();
  fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Error::internal("cannot create key file " + path.string() + ": " + std::strerror(errno));
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Error::internal("cannot write key file " + path.string());
  return key;
}

Result<TimeZone> load_zone(const std::string& name) {
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  if (!in) return Error::invalid("time zone " + name + " not found in /usr/share/zoneinfo (install tzdata)");
  std::stringstream ss;
  ss << in.rdbuf();
  return TimeZone::from_tzif(name, ss.str());
}

}  // namespace

services::Caller system_caller() {
  services::Caller c;
  c.actor.user_id = 0;
  c.actor.username = "system";
  c.actor.platform_admin = true;
  c.actor.system = true;
  c.request_id = "cli";
  return c;
}

Result<std::unique_ptr<Runtime>> open_runtime(const Config& c) {
  LD_RETURN_IF_ERROR(crypto::init());
  std::error_code ec;
  fs::create_directories(c.data_dir, ec);
  if (ec) return Error::internal("cannot create data directory " + c.data_dir + ": " + ec.message());
  fs::permissions(c.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  auto rt = std::make_unique<Runtime>();
  LD_ASSIGN_OR_RETURN(auto key, load_or_create_key(fs::path(c.data_dir) / "seal.key"));
  store::SqliteOptions so;
  so.path = (fs::path(c.data_dir) / "loudong.db").string();
  so.read_connections = std::max(2, c.threads);
  LD_ASSIGN_OR_RETURN(rt->store, store::open_sqlite_store(so));
  LD_ASSIGN_OR_RETURN(auto zone, load_zone(c.time_zone));
  rt->ctx.reset(new services::Context{*rt->store, rt->clock, c.policy, zone, key, c.limits, std::nullopt, c.secure_cookies,
                                      c.notify});
  if (!c.grading_table.empty()) {
    std::ifstream in(c.grading_table);
    if (!in) return Error::invalid("platform.grading_table: cannot read " + c.grading_table);
    std::stringstream ss;
    ss << in.rdbuf();
    auto table = assessment::GradingTable::from_json(ss.str());
    if (!table.ok()) return Error::invalid("platform.grading_table " + c.grading_table + ": " + table.error().message());
    rt->ctx->grading_table = std::move(*table);
  }
  auto& ctx = *rt->ctx;
  // Administrators' stored policy settings override the config file's.
  LD_RETURN_IF_ERROR(services::load_stored_policy(ctx));
  rt->accounts = std::make_unique<services::Accounts>(ctx);
  rt->intake = std::make_unique<services::Intake>(ctx);
  rt->triage = std::make_unique<services::Triage>(ctx);
  rt->cases = std::make_unique<services::Cases>(ctx);
  rt->filings = std::make_unique<services::Filings>(ctx);
  rt->products = std::make_unique<services::Products>(ctx);
  rt->receipts = std::make_unique<services::ReceiptLog>(ctx);
  rt->exchange = std::make_unique<services::Exchange>(ctx);
  rt->federation = std::make_unique<services::Federation>(ctx, *rt->intake);
  rt->authority = std::make_unique<services::Authority>(ctx);
  rt->deliveries = std::make_unique<services::Deliveries>(ctx, *rt->federation);
  return rt;
}

}  // namespace loudong::cli
