// Configuration: built-in defaults, then the TOML file (DATA/loudong.toml or
// --config), then LOUDONG_* environment variables, then command-line flags.
// Validated once at start; every bad value is reported with where it came
// from and what is allowed.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/result.h"
#include "domain/policy.h"
#include "notify/worker.h"
#include "services/context.h"

namespace loudong::cli {

struct Config {
  std::string data_dir = "data";
  std::string listen = "127.0.0.1:8080";
  std::string web_root = "web/dist";
  std::string time_zone = "Asia/Shanghai";
  std::string platform_name = "loudong 漏洞管理平台";
  std::string filing_number;
  std::string cna_org_id;  // CVE records served for published advisories name this CNA
  std::string host_org_name = "Host organisation";
  std::string host_org_type = "platform";
  std::string host_region = "CN";
  std::string grading_table;  // path to official GB/T 30279 tables (JSON)
  // Handlers block until their write is durable; more threads make bigger
  // commit groups (one fsync each), which is what intake throughput needs.
  int threads = 16;
  int max_connections = 1024;
  // One address must not be able to take the whole server (issue 13, item 6).
  int max_connections_per_address = 64;        // 0: off
  int requests_per_second_per_address = 50;    // 0: off
  int request_burst_per_address = 200;
  bool secure_cookies = false;
  // TLS on the listener when both files are set (http/tls.h); the listener
  // then speaks TLS only and sends Strict-Transport-Security.
  std::string tls_cert_file;
  std::string tls_key_file;
  int tls_hsts_max_age = 31536000;  // one year
  // Authorities trusted for outbound https (webhooks, federation) and SMTP
  // besides the system store: peers with certificates from a private CA.
  std::string tls_peer_ca_file;
  domain::Policy policy;
  services::Limits limits;
  std::string log_level = "info";
  services::NotifySettings notify;
  notify::WorkerOptions outbox;           // SMTP settings and the delivery worker
  int clock_sweep_seconds = 60;           // how often clocks are checked for due_soon/overdue alerts
  int checkpoint_seconds = 60;            // how often the receipt log's head is signed (when it moved)
  // Whether this process runs the delivery worker. Off: it only queues
  // (another process on the same store delivers).
  bool outbox_worker = true;
  // Where the store lives: empty, SQLite in the data directory (loudong.db);
  // "postgresql://..." (a libpq URI), that PostgreSQL database. The seal key
  // and receipt checkpoints stay in the data directory either way.
  std::string storage_url;
  int storage_connections = 8;  // PostgreSQL connection pool size
};

// Reads file and environment into `c` (flags are applied by the caller
// afterwards). `env` is passed in so tests can supply their own.
Status load_config(Config& c, const std::optional<std::string>& file, const std::map<std::string, std::string>& env);
// Checks the final values; every problem is a FieldError named after the
// config key.
Status validate_config(const Config& c);
std::map<std::string, std::string> environment();

}  // namespace loudong::cli
