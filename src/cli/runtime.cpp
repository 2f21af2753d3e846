#include "cli/runtime.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "services/csaf_signing.h"
#include "services/operator_cases.h"
#include "services/policy_settings.h"

namespace loudong::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSealKeyId = "seal_key_id";

// What the database keeps of its seal key: a hash, enough to tell keys
// apart and useless for opening anything.
std::string seal_key_id(const crypto::SealKey& key) {
  return crypto::sha256_hex("loudong-seal-key-id\n" + std::string(reinterpret_cast<const char*>(key.data()), key.size()));
}

Result<std::optional<crypto::SealKey>> read_key(const fs::path& path) {
  crypto::SealKey key;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<crypto::SealKey>();
    return Error::internal("cannot read key file " + path.string() + ": " + std::strerror(errno));
  }
  struct stat st{};
  ::fstat(fd, &st);
  ssize_t n = ::read(fd, key.data(), key.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(key.size())) return Error::internal("key file " + path.string() + " is not 32 bytes");
  if ((st.st_mode & 077) != 0)
    return Error::internal("key file " + path.string() + " is readable by others; chmod 600 it");
  return std::optional<crypto::SealKey>(key);
}

Result<crypto::SealKey> create_key(const fs::path& path) {
  crypto::SealKey key = crypto::generate_seal_key();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error::internal("cannot create key file " + path.string() + ": " + std::strerror(errno));
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Error::internal("cannot write key file " + path.string());
  return key;
}

// The seal key that belongs with this database. Starting with another one
// (seal.key lost, or a backup restored without its own key) used to make a
// new key and then answer 500 on every sealed read; now the database keeps
// the key's id and opening refuses, naming the file and what to do, before
// anything is written with the wrong key. A database from before the id
// was kept is checked by opening one of its sealed values. A database with
// nothing sealed yet takes whatever key it is given.
Result<crypto::SealKey> seal_key_for(store::Store& st, const fs::path& path) {
  LD_ASSIGN_OR_RETURN(auto stored_id, st.read([](store::ReadTx& tx) { return tx.setting(kSealKeyId); }));
  LD_ASSIGN_OR_RETURN(auto sealed, st.read([](store::ReadTx& tx) { return tx.sealed_data(); }));
  LD_ASSIGN_OR_RETURN(auto key, read_key(path));
  const std::string what_to_do =
      "Restore the seal.key that belongs with this database (kept with its backups; `loudong backup` does not "
      "copy it) into " + path.parent_path().string() + " with mode 0600, then start again. A new key cannot open "
      "what the old one sealed (proofs of concept, attachments, webhook secrets, peer tokens).";
  // Nothing sealed yet: no key can be wrong, so a missing or different key
  // is taken (and remembered) rather than stopping a new deployment.
  if (!key) {
    if (sealed.any)
      return Error::internal("the key file " + path.string() + " is missing, but the database holds sealed data" +
                             (stored_id ? " (sealed with the key " + stored_id->substr(0, 16) + "…)" : std::string()) +
                             ". " + what_to_do);
    LD_ASSIGN_OR_RETURN(key, create_key(path));
  }
  const std::string id = seal_key_id(*key);
  if (stored_id && *stored_id != id && sealed.any)
    return Error::internal("the key file " + path.string() + " (key " + id.substr(0, 16) +
                           "…) is not the key this database was sealed with (key " + stored_id->substr(0, 16) +
                           "…). " + what_to_do);
  if (sealed.sample && !stored_id && !crypto::unseal(*key, *sealed.sample).ok())
    return Error::internal("the key file " + path.string() + " does not open the sealed data in this database. " +
                           what_to_do);
  if (stored_id != id) {
    if (stored_id) spdlog::warn("seal key changed to {}… (nothing was sealed with the old one)", id.substr(0, 16));
    LD_RETURN_IF_ERROR(st.write([&](store::WriteTx& tx) { return tx.set_setting(kSealKeyId, id); }));
  }
  return *key;
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

services::Caller os_user_caller() {
  services::Caller c = system_caller();
  const passwd* pw = ::getpwuid(::geteuid());
  c.actor.username = "cli:" + (pw && pw->pw_name ? std::string(pw->pw_name) : "uid " + std::to_string(::geteuid()));
  return c;
}

Result<std::unique_ptr<Runtime>> open_runtime(const Config& c) {
  LD_RETURN_IF_ERROR(crypto::init());
  std::error_code ec;
  fs::create_directories(c.data_dir, ec);
  if (ec) return Error::internal("cannot create data directory " + c.data_dir + ": " + ec.message());
  fs::permissions(c.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  auto rt = std::make_unique<Runtime>();
  if (c.storage_url.empty()) {
    store::SqliteOptions so;
    so.path = (fs::path(c.data_dir) / "loudong.db").string();
    so.read_connections = std::max(2, c.threads);
    LD_ASSIGN_OR_RETURN(rt->store, store::open_sqlite_store(so));
  } else {
    store::PostgresOptions po;
    po.url = c.storage_url;
    po.connections = c.storage_connections;
    LD_ASSIGN_OR_RETURN(rt->store, store::open_postgres_store(po));
  }
  LD_ASSIGN_OR_RETURN(auto key, seal_key_for(*rt->store, fs::path(c.data_dir) / "seal.key"));
  LD_ASSIGN_OR_RETURN(rt->checkpoints, services::CheckpointLog::open(c.data_dir));
  LD_ASSIGN_OR_RETURN(auto zone, load_zone(c.time_zone));
  rt->ctx.reset(new services::Context{*rt->store, rt->clock, c.policy, zone, key, c.limits, std::nullopt, c.secure_cookies,
                                      c.notify});
  // Several processes serve one PostgreSQL: they must limit together.
  rt->ctx->limits.count_in_store = !c.storage_url.empty();
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
  // The CSAF provider tree's signing key, made once per deployment.
  LD_ASSIGN_OR_RETURN(auto csaf_key, services::ensure_csaf_signing_key(ctx));
  if (!csaf_key.replaced.empty())
    spdlog::warn("CSAF signing key {} made: the stored key {} does not open with seal.key",
                 formats::openpgp::fingerprint_hex(csaf_key.key), csaf_key.replaced);
  else if (csaf_key.created)
    spdlog::info("CSAF signing key {} made", formats::openpgp::fingerprint_hex(csaf_key.key));
  // Administrators' stored policy settings override the config file's.
  LD_RETURN_IF_ERROR(services::load_stored_policy(ctx));
  LD_ASSIGN_OR_RETURN(int resealed, services::seal_clear_exposures(ctx));
  if (resealed > 0) spdlog::info("sealed the asset and note of {} asset exposures stored in clear", resealed);
  rt->accounts = std::make_unique<services::Accounts>(ctx);
  rt->intake = std::make_unique<services::Intake>(ctx);
  rt->triage = std::make_unique<services::Triage>(ctx);
  rt->cases = std::make_unique<services::Cases>(ctx);
  rt->filings = std::make_unique<services::Filings>(ctx);
  rt->products = std::make_unique<services::Products>(ctx);
  rt->receipts = std::make_unique<services::ReceiptLog>(ctx, rt->checkpoints.get());
  rt->exchange = std::make_unique<services::Exchange>(ctx);
  rt->federation = std::make_unique<services::Federation>(ctx, *rt->intake);
  rt->authority = std::make_unique<services::Authority>(ctx);
  rt->advisories = std::make_unique<services::Advisories>(ctx);
  rt->deliveries = std::make_unique<services::Deliveries>(ctx, *rt->federation);
  return rt;
}

}  // namespace loudong::cli
