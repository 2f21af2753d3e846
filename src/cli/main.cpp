// loudong: the server and its administrative commands.
#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <thread>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "services/access_log.h"
#include "services/inventory.h"
#include "assessment/assess.h"
#include "cli/cmd_email.h"
#include "cli/cmd_export.h"
#include "cli/cmd_inventory.h"
#include "cli/config.h"
#include "cli/runtime.h"
#include "notify/worker.h"
#include "services/notify_events.h"
#include "services/policy_settings.h"
#include "services/rate_limiter.h"
#include "store/copy.h"

using namespace loudong;
using nlohmann::json;

namespace {

int fail(const Error& e) {
  std::cerr << "error: " << e.message() << "\n";
  for (const auto& f : e.fields())
    if (e.fields().size() > 1) std::cerr << "  - " << f.field << ": " << f.message << "\n";
  if (e.kind() == ErrorKind::internal && e.log_message() != e.message()) std::cerr << "  (" << e.log_message() << ")\n";
  return 2;
}

std::pair<std::string, unsigned short> split_listen(const std::string& s) {
  auto colon = s.rfind(':');
  std::string host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, static_cast<unsigned short>(std::stoi(s.substr(colon + 1)))};
}

int serve(cli::Config& cfg) {
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  http::Limits limits;
  limits.threads = cfg.threads;
  limits.max_connections = static_cast<size_t>(cfg.max_connections);
  limits.max_connections_per_address = static_cast<size_t>(cfg.max_connections_per_address);
  limits.requests_per_second_per_address = cfg.requests_per_second_per_address;
  limits.request_burst_per_address = cfg.request_burst_per_address;
  // Made below, once the store is open (and destroyed before it); the server
  // calls it only once it listens.
  api::Api* api = nullptr;
  http::Server server(limits, [&api](const http::Request& q) { return api->handle(q); },
                      [&api](std::string_view m, std::string_view p) { return api->body_limit(m, p); });
  // The TLS files first: a bad one stops the start before the data
  // directory is opened or anything runs.
  const bool tls = !cfg.tls_cert_file.empty();
  if (tls) {
    if (auto st = server.use_tls({cfg.tls_cert_file, cfg.tls_key_file, cfg.tls_hsts_max_age}); !st.ok())
      return fail(st.error());
    if (cfg.notify.public_url.rfind("http://", 0) == 0)
      spdlog::warn("TLS is on but notify.public_url is {}: links in emails and advisories will say http://",
                   cfg.notify.public_url);
  }
  if (!cfg.tls_peer_ca_file.empty()) {
    auto ca = notify::load_ca_bundle(cfg.tls_peer_ca_file);
    if (!ca.ok()) return fail(ca.error());
    cfg.outbox.extra_ca = std::move(ca).value();
  }
  auto rt = cli::open_runtime(cfg);
  if (!rt.ok()) return fail(rt.error());
  auto& r = **rt;
  auto admin_password = std::getenv("LOUDONG_ADMIN_PASSWORD");
  auto host_type = parse_enum<domain::OrgType>(cfg.host_org_type).value_or(domain::OrgType::platform);
  auto boot = r.accounts->bootstrap(cfg.host_org_name, host_type, cfg.host_region,
                                    admin_password ? std::optional<std::string>(admin_password) : std::nullopt);
  if (!boot.ok()) return fail(boot.error());
  // Build the matching index now, so the first request does not pay for it.
  auto inventory = services::inventory_for(*r.ctx);
  if (!inventory.ok()) return fail(inventory.error());
  api::Api routes({*r.ctx, *r.accounts, *r.intake, *r.triage, *r.cases, *r.filings, *r.products, *r.receipts,
                   *r.exchange, *r.federation, *r.authority, *r.advisories},
                  {cfg.web_root, cfg.platform_name, cfg.filing_number, cfg.cna_org_id});
  api = &routes;
  // The outbox worker delivers what the requests queued (email, webhooks,
  // federation calls); it starts before the listener so a restart drains
  // what an earlier run left.
  notify::global_init();
  notify::Worker outbox(*r.ctx, cfg.outbox, [&r](store::WriteTx& tx, const store::OutboxMessage& m, notify::Outcome& o) {
    return r.deliveries->after(tx, m, o);
  });
  if (cfg.outbox_worker) outbox.start();
  else spdlog::info("outbox worker off (notify.worker = false): messages are queued, not delivered");
  auto [host, port] = split_listen(cfg.listen);
  auto bound = server.listen(host, port);
  if (!bound.ok()) return fail(bound.error());
  std::printf("loudong listening on %s://%s\n", tls ? "https" : "http", bound->c_str());
  if (*boot) {
    std::printf("First start: sign in as user \"admin\" with the one-time password: %s\n", (*boot)->c_str());
    std::printf("首次启动：请使用用户名 admin 和一次性密码登录（见上）。Change it after signing in.\n");
  } else if (admin_password) {
    std::printf("Sign in as \"admin\" with the password from LOUDONG_ADMIN_PASSWORD.\n");
  }
  std::fflush(stdout);
  // Background duties: close unanswered needs_info reports. A plain thread
  // with a timed wait, so shutdown does not wait for the next round.
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  // The receipt log's head, signed (services/receipt_checkpoints.h): at
  // start, every receipts.checkpoint_seconds when it moved, and at stop.
  auto checkpoint = [&r] {
    auto c = r.receipts->checkpoint();
    if (!c.ok()) spdlog::error("receipt log checkpoint failed: {}", c.error().log_message());
    else if (*c)
      spdlog::info("receipt log checkpoint: seq {} hash {} at {} key {} sig {}", (*c)->seq, (*c)->hash, (*c)->at,
                   (*c)->key, (*c)->signature);
  };
  checkpoint();
  std::thread sweeper([&] {
    using steady = std::chrono::steady_clock;
    std::unique_lock lk(mu);
    // Each duty runs when its period has passed; the thread wakes for the
    // nearest. Clock alerts every clock_sweep_seconds (due_soon and overdue
    // reach people before and when a deadline passes), the receipt log's
    // checkpoint every checkpoint_seconds, needs_info every 10 minutes.
    auto next_alerts = steady::now(), next_checkpoint = steady::now() + std::chrono::seconds(cfg.checkpoint_seconds);
    auto next_needs_info = steady::now() + std::chrono::minutes(10);
    // What other processes changed (a `loudong import` into this data
    // directory) reaches the matching index within about a second.
    auto next_feed = steady::now() + std::chrono::seconds(1);
    do {
      lk.unlock();
      if (steady::now() >= next_feed) {
        next_feed = steady::now() + std::chrono::seconds(1);
        auto n = (*inventory)->catch_up();
        if (!n.ok()) spdlog::warn("matching index catch-up failed: {}", n.error().log_message());
        else if (*n > 0) spdlog::debug("matching index: {} store changes applied", *n);
        // The policy an administrator changed through another process.
        if (auto p = services::load_stored_policy(*r.ctx); !p.ok())
          spdlog::warn("policy reload failed: {}", p.error().log_message());
      }
      if (steady::now() >= next_alerts) {
        next_alerts = steady::now() + std::chrono::seconds(cfg.clock_sweep_seconds);
        auto alerts = services::sweep_clock_alerts(*r.ctx);
        if (!alerts.ok()) spdlog::warn("clock alert sweep failed: {}", alerts.error().log_message());
        else if (*alerts > 0) spdlog::info("{} clock alerts queued", *alerts);
      }
      if (steady::now() >= next_checkpoint) {
        next_checkpoint = steady::now() + std::chrono::seconds(cfg.checkpoint_seconds);
        checkpoint();
      }
      if (steady::now() >= next_needs_info) {
        next_needs_info = steady::now() + std::chrono::minutes(10);
        auto n = r.triage->close_unanswered();
        if (!n.ok()) spdlog::warn("needs_info sweep failed: {}", n.error().log_message());
        else if (*n > 0) spdlog::info("closed {} unanswered needs_info reports", *n);
        if (r.ctx->limits.count_in_store) {
          auto pruned = services::prune_rate_counters(r.ctx->store, r.ctx->clock.now());
          if (!pruned.ok()) spdlog::warn("rate counter pruning failed: {}", pruned.error().log_message());
        }
      }
      lk.lock();
    } while (!cv.wait_until(lk, std::min({next_alerts, next_checkpoint, next_needs_info, next_feed}),
                            [&] { return stopping; }));
  });
  server.run(true);
  {
    std::lock_guard lk(mu);
    stopping = true;
  }
  cv.notify_all();
  sweeper.join();
  outbox.stop();
  checkpoint();  // after the last request: the head an auditor finds on a stopped server
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) makes a write fail with EFBIG, which the
  // store answers as "storage full" and outlives; by default the kernel's
  // SIGXFSZ would kill the process instead, mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
  // Logs go to stderr; stdout carries only what a person or script reads
  // (the listening address, the one-time password, command results).
  spdlog::set_default_logger(spdlog::stderr_color_mt("loudong"));
  CLI::App app{"loudong (漏洞): vulnerability management and coordinated disclosure under China's rules"};
  app.require_subcommand(1);
  cli::Config cfg;
  std::optional<std::string> config_file;
  std::string data_dir;

  auto add_data = [&](CLI::App* sub) {
    sub->add_option("--data", data_dir, "data directory (default: data, or LOUDONG_DATA)");
    sub->add_option("--config", config_file, "TOML configuration file (default: DATA/loudong.toml)");
  };
  // Order: defaults, file, environment, then flags (applied after loading).
  auto prepare = [&](bool validate) -> Status {
    auto env = cli::environment();
    if (auto it = env.find("LOUDONG_DATA"); it != env.end()) cfg.data_dir = it->second;
    if (!data_dir.empty()) cfg.data_dir = data_dir;
    LD_RETURN_IF_ERROR(cli::load_config(cfg, config_file, env));
    return validate ? cli::validate_config(cfg) : Status();
  };

  auto* serve_cmd = app.add_subcommand("serve", "run the server");
  add_data(serve_cmd);
  std::string listen_flag, web_root_flag;
  serve_cmd->add_option("--listen", listen_flag, "HOST:PORT to listen on (port 0: any free port)");
  serve_cmd->add_option("--web-root", web_root_flag, "directory of the built web console");
  serve_cmd->callback([&] {
    if (auto st = prepare(false); !st.ok()) std::exit(fail(st.error()));
    if (!listen_flag.empty()) cfg.listen = listen_flag;
    if (!web_root_flag.empty()) cfg.web_root = web_root_flag;
    if (auto st = cli::validate_config(cfg); !st.ok()) std::exit(fail(st.error()));
    std::exit(serve(cfg));
  });

  auto* migrate_cmd = app.add_subcommand("migrate", "apply database migrations and print the schema version");
  add_data(migrate_cmd);
  migrate_cmd->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    std::filesystem::create_directories(cfg.data_dir);
    auto v = cfg.storage_url.empty()
                 ? store::migrate_sqlite((std::filesystem::path(cfg.data_dir) / "loudong.db").string())
                 : store::migrate_postgres(cfg.storage_url);
    if (!v.ok()) std::exit(fail(v.error()));
    std::printf("schema version %d\n", *v);
  });

  auto* backup_cmd = app.add_subcommand("backup", "write a consistent copy of the database (safe while serving)");
  add_data(backup_cmd);
  std::string backup_path;
  backup_cmd->add_option("PATH", backup_path, "file to create")->required();
  backup_cmd->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    auto rt = cli::open_runtime(cfg);
    if (!rt.ok()) std::exit(fail(rt.error()));
    // Logged first, so the copy carries the entry of its own making.
    if (auto st = services::record_access(*(*rt)->ctx, cli::os_user_caller(), "export", "database", 0,
                                          "backup to " + backup_path);
        !st.ok())
      std::exit(fail(st.error()));
    if (auto st = (*rt)->store->backup(backup_path); !st.ok()) std::exit(fail(st.error()));
    std::printf("backup written to %s (mode 0600; keep DATA/seal.key, receipts.key and receipts.checkpoints with it: "
                "the database refuses any other seal key, and the checkpoints prove its receipt log)\n",
                backup_path.c_str());
  });

  auto* copy_cmd = app.add_subcommand(
      "copy", "move a deployment from its SQLite database to an empty PostgreSQL database (one transaction; verified)");
  add_data(copy_cmd);
  std::string copy_from, copy_to;
  copy_cmd->add_option("--from", copy_from, "the SQLite database: sqlite:FILE or FILE (default: DATA/loudong.db)");
  copy_cmd->add_option("--to", copy_to, "the PostgreSQL database: postgresql://... (must be empty)")->required();
  copy_cmd->callback([&] {
    if (auto st = prepare(false); !st.ok()) std::exit(fail(st.error()));
    std::string from = copy_from.empty() ? (std::filesystem::path(cfg.data_dir) / "loudong.db").string() : copy_from;
    if (from.rfind("sqlite:", 0) == 0) from = from.substr(7);
    if (!std::filesystem::exists(from)) std::exit(fail(Error::invalid("--from: no SQLite database at " + from)));
    if (!store::is_postgres_url(copy_to))
      std::exit(fail(Error::invalid("--to: not a PostgreSQL URL (postgresql://...): " + copy_to)));
    auto copied = store::copy_sqlite_to_postgres(from, copy_to, [](const std::string& t, std::int64_t n, std::size_t i,
                                                                  std::size_t all) {
      std::fprintf(stderr, "copy [%zu/%zu] %s: %lld rows\n", i + 1, all, t.c_str(), static_cast<long long>(n));
    });
    if (!copied.ok()) std::exit(fail(copied.error()));
    // The proof the move lost nothing: the receipt chain verifies on the
    // target with this data directory's keys, to the source's head.
    cli::Config source_cfg = cfg, target_cfg = cfg;
    source_cfg.storage_url.clear();
    target_cfg.storage_url = copy_to;
    auto head_of = [](const cli::Config& c) -> Result<services::VerifyResult> {
      LD_ASSIGN_OR_RETURN(auto rt, cli::open_runtime(c));
      return rt->receipts->verify();
    };
    auto before = copy_from.empty() ? head_of(source_cfg) : Result<services::VerifyResult>(Error::invalid(""));
    auto after = head_of(target_cfg);
    if (!after.ok()) std::exit(fail(after.error()));
    auto access = [&]() -> Result<services::AccessVerifyResult> {
      LD_ASSIGN_OR_RETURN(auto rt, cli::open_runtime(target_cfg));
      return services::verify_access_log(*rt->store);
    }();
    if (!access.ok()) std::exit(fail(access.error()));
    json tables = json::array();
    for (const auto& t : copied->tables) tables.push_back({{"table", t.name}, {"rows", t.rows}});
    json out{{"rows", copied->rows}, {"tables", tables}, {"skipped_derived_tables", copied->skipped},
             {"receipts_ok", after->ok}, {"receipts_checked", after->checked}, {"receipts_head_hash", after->head_hash},
             {"receipts_problem", after->problem}, {"access_log_ok", access->ok},
             {"access_log_head_hash", access->head_hash}, {"access_log_problem", access->problem}};
    if (before.ok()) out["source_receipts_head_hash"] = before->head_hash;
    std::printf("%s\n", out.dump(2).c_str());
    bool same_head = !before.ok() || before->head_hash == after->head_hash;
    if (!access->ok) {
      std::fprintf(stderr, "copy: the access log on the target does not verify: %s\n复制后访问日志链校验失败。\n",
                   access->problem.c_str());
      std::exit(1);
    }
    if (!after->ok || !same_head) {
      std::fprintf(stderr, "copy: the receipt log on the target does not verify: %s\n复制后接收记录链校验失败。\n",
                   after->ok ? "its head differs from the source's" : after->problem.c_str());
      std::exit(1);
    }
    std::fprintf(stderr,
                 "copied %lld rows in %zu tables; the receipt log verifies (%lld records, head %s).\n"
                 "已复制 %lld 行；接收记录链校验通过。\n"
                 "Serve from PostgreSQL with the same data directory (its seal.key and receipts.key):\n"
                 "  LOUDONG_STORAGE_URL=<the --to URL> loudong serve --data %s\n",
                 static_cast<long long>(copied->rows), copied->tables.size(), static_cast<long long>(after->checked),
                 after->head_hash.c_str(), static_cast<long long>(copied->rows), cfg.data_dir.c_str());
  });

  auto* org_cmd = app.add_subcommand("org", "organisations");
  org_cmd->require_subcommand(1);
  auto* org_add = org_cmd->add_subcommand("add", "add an organisation");
  add_data(org_add);
  std::string org_name, org_type = "provider", org_region = "CN", org_email;
  org_add->add_option("--name", org_name, "name")->required();
  org_add->add_option("--type", org_type, "provider|operator|platform|finder_team|authority");
  org_add->add_option("--region", org_region, "ISO 3166 code (decides R-PUB-7)");
  org_add->add_option("--email", org_email, "contact email");
  org_add->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    auto rt = cli::open_runtime(cfg);
    if (!rt.ok()) std::exit(fail(rt.error()));
    auto type = parse_enum<domain::OrgType>(org_type);
    if (!type) std::exit(fail(Error::invalid("--type must be one of: " + allowed_names<domain::OrgType>())));
    auto o = (*rt)->accounts->create_org(cli::system_caller(), {0, org_name, *type, org_region, org_email, {}});
    if (!o.ok()) std::exit(fail(o.error()));
    std::printf("%s\n", json{{"id", o->id}, {"name", o->name}}.dump().c_str());
  });

  auto* intake_cmd = app.add_subcommand("intake", "reports from other channels");
  intake_cmd->require_subcommand(1);
  auto* email_cmd = intake_cmd->add_subcommand(
      "email", "file one mail read on stdin (a mail server's pipe) as a report; exit 65 refused, 75 try again");
  add_data(email_cmd);
  email_cmd->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(cli::email_failure(Error::unavailable(st.error().message())));
    std::exit(cli::intake_email(cfg, std::cin));
  });

  auto* user_cmd = app.add_subcommand("user", "users");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "add a user; the password comes from LOUDONG_NEW_PASSWORD or stdin");
  add_data(user_add);
  std::string u_name, u_display, u_email, u_role = "member";
  std::int64_t u_org = 0;
  bool u_admin = false;
  user_add->add_option("--username", u_name, "user name")->required();
  user_add->add_option("--display-name", u_display, "display name");
  user_add->add_option("--email", u_email, "email");
  user_add->add_option("--org", u_org, "organisation id for a membership");
  user_add->add_option("--role", u_role, "admin|coordinator|member|auditor");
  user_add->add_flag("--platform-admin", u_admin, "make a platform administrator");
  user_add->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    auto rt = cli::open_runtime(cfg);
    if (!rt.ok()) std::exit(fail(rt.error()));
    services::NewUser nu;
    nu.username = u_name;
    nu.display_name = u_display;
    nu.email = u_email;
    nu.platform_admin = u_admin;
    // Never a flag: command lines end up in shell history and `ps`.
    if (const char* p = std::getenv("LOUDONG_NEW_PASSWORD")) nu.password = p;
    else std::getline(std::cin, nu.password);
    if (u_org) {
      auto role = parse_enum<domain::Role>(u_role);
      if (!role) std::exit(fail(Error::invalid("--role must be one of: " + allowed_names<domain::Role>())));
      nu.memberships.push_back({u_org, *role});
    }
    auto u = (*rt)->accounts->create_user(cli::system_caller(), nu);
    if (!u.ok()) std::exit(fail(u.error()));
    std::printf("%s\n", json{{"id", u->id}, {"username", u->username}}.dump().c_str());
  });

  auto* token_cmd = app.add_subcommand("token", "API tokens");
  token_cmd->require_subcommand(1);
  auto* token_create = token_cmd->add_subcommand("create", "create an API token for a user (secret printed once)");
  add_data(token_create);
  std::string t_user, t_name = "cli", t_role = "member";
  std::int64_t t_org = 0;
  int t_days = 90;
  token_create->add_option("--user", t_user, "user name")->required();
  token_create->add_option("--org", t_org, "organisation id")->required();
  token_create->add_option("--role", t_role, "admin|coordinator|member|auditor");
  token_create->add_option("--name", t_name, "token name");
  token_create->add_option("--days", t_days, "days until it expires");
  token_create->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    auto rt = cli::open_runtime(cfg);
    if (!rt.ok()) std::exit(fail(rt.error()));
    auto u = (*rt)->store->read([&](store::ReadTx& tx) { return tx.user_by_name(t_user); });
    if (!u.ok()) std::exit(fail(u.error()));
    if (!*u) std::exit(fail(Error::not_found("user " + t_user)));
    auto role = parse_enum<domain::Role>(t_role);
    if (!role) std::exit(fail(Error::invalid("--role must be one of: " + allowed_names<domain::Role>())));
    services::Caller c = cli::system_caller();
    c.actor.user_id = (**u).id;
    c.actor.username = (**u).username;
    c.actor.platform_admin = (**u).platform_admin;
    auto ms = (*rt)->accounts->memberships((**u).id);
    if (ms.ok()) c.actor.memberships = *ms;
    auto t = (*rt)->accounts->create_token(c, {t_name, t_org, *role, t_days});
    if (!t.ok()) std::exit(fail(t.error()));
    std::printf("%s\n", json{{"id", t->token.id}, {"secret", t->secret}, {"expires_at", format_utc(t->token.expires_at)}}.dump().c_str());
  });

  auto* receipts_cmd = app.add_subcommand("receipts", "the receipt log");
  receipts_cmd->require_subcommand(1);
  auto* verify_cmd = receipts_cmd->add_subcommand("verify", "prove the whole hash chain; names the first broken record");
  add_data(verify_cmd);
  std::string expect_head;
  verify_cmd->add_option("--expect-head", expect_head, "a head hash printed by an earlier verify: detects truncation");
  std::string checkpoints_copy;
  verify_cmd->add_option("--checkpoints", checkpoints_copy,
                         "check against this copy of receipts.checkpoints (an auditor's) instead of DATA's");
  verify_cmd->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    auto rt = cli::open_runtime(cfg);
    if (!rt.ok()) std::exit(fail(rt.error()));
    auto v = (*rt)->receipts->verify(checkpoints_copy.empty() ? std::nullopt
                                                              : std::optional<std::filesystem::path>(checkpoints_copy));
    if (!v.ok()) std::exit(fail(v.error()));
    bool ok = v->ok;
    std::string problem = v->problem;
    if (ok && !expect_head.empty()) {
      // The expected head must still be in the chain (at or before the head).
      bool found = expect_head == v->head_hash;
      if (!found) {
        (void)(*rt)->store->read([&](store::ReadTx& tx) -> Status {
          return tx.scan_receipts([&](const domain::ReceiptRecord& r) {
            found = found || r.hash == expect_head;
            return !found;
          });
        });
      }
      if (!found) {
        ok = false;
        problem = "the expected head " + expect_head + " is not in the log: records were removed from its end";
      }
    }
    json out{{"ok", ok}, {"checked", v->checked}, {"head_seq", v->head_seq}, {"head_hash", v->head_hash},
             {"anchor_seq", v->anchor_seq}, {"first_broken_seq", v->first_broken_seq ? json(v->first_broken_seq) : json(nullptr)},
             {"problem", problem}, {"reports_checked", v->reports_checked},
             {"reports_without_content_hash", v->reports_without_content_hash},
             {"checkpoints_checked", v->checkpoints_checked}, {"signing_key", v->signing_key},
             {"latest_checkpoint", v->latest_checkpoint ? services::checkpoint_json(*v->latest_checkpoint) : json(nullptr)}};
    std::printf("%s\n", out.dump(2).c_str());
    if (!ok) std::fprintf(stderr, "receipt log BROKEN: %s\n接收记录链校验失败。\n", problem.c_str());
    else
      std::fprintf(stderr,
                   "receipt log ok: %lld records, head %lld %s; signing key %s.\n"
                   "Keep the head and the key outside this machine: a later verify with --expect-head HASH, and the "
                   "signed checkpoints, show that nothing was removed or rewritten since.\n",
                   static_cast<long long>(v->checked), static_cast<long long>(v->head_seq), v->head_hash.c_str(),
                   v->signing_key.c_str());
    std::exit(ok ? 0 : 1);
  });
  auto* checkpoint_cmd = receipts_cmd->add_subcommand(
      "checkpoint", "sign the receipt log's head now into DATA/receipts.checkpoints (the server does it every minute)");
  add_data(checkpoint_cmd);
  checkpoint_cmd->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    auto rt = cli::open_runtime(cfg);
    if (!rt.ok()) std::exit(fail(rt.error()));
    auto c = (*rt)->receipts->checkpoint();
    if (!c.ok()) std::exit(fail(c.error()));
    json out{{"written", c->has_value()}, {"signing_key", (*rt)->checkpoints->key_id()}};
    if (*c) out["checkpoint"] = services::checkpoint_json(**c);
    std::printf("%s\n", out.dump(2).c_str());
  });
  auto* purge_cmd = receipts_cmd->add_subcommand("purge", "remove records older than a date outside the retention");
  add_data(purge_cmd);
  std::string before;
  purge_cmd->add_option("--before", before, "RFC 3339 date or time; must be older than the retention")->required();
  purge_cmd->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    auto t = parse_time(before);
    if (!t.ok()) std::exit(fail(t.error()));
    auto rt = cli::open_runtime(cfg);
    if (!rt.ok()) std::exit(fail(rt.error()));
    auto p = (*rt)->receipts->purge(*t);
    if (!p.ok()) std::exit(fail(p.error()));
    std::printf("%s\n", json{{"removed", p->removed}, {"anchor_seq", p->anchor_seq}}.dump().c_str());
  });

  auto* access_cmd = app.add_subcommand("access", "the access log (confidential reads, exports, changes)");
  access_cmd->require_subcommand(1);
  auto* access_verify = access_cmd->add_subcommand("verify", "prove the access log's hash chain; names the first broken entry");
  add_data(access_verify);
  access_verify->callback([&] {
    if (auto st = prepare(true); !st.ok()) std::exit(fail(st.error()));
    auto rt = cli::open_runtime(cfg);
    if (!rt.ok()) std::exit(fail(rt.error()));
    auto v = services::verify_access_log(*(*rt)->store);
    if (!v.ok()) std::exit(fail(v.error()));
    json out{{"ok", v->ok}, {"checked", v->checked}, {"head_seq", v->head_seq}, {"head_hash", v->head_hash},
             {"first_broken_seq", v->first_broken_seq ? json(v->first_broken_seq) : json(nullptr)},
             {"first_broken_id", v->first_broken_id ? json(v->first_broken_id) : json(nullptr)},
             {"problem", v->problem}};
    std::printf("%s\n", out.dump(2).c_str());
    if (!v->ok) std::fprintf(stderr, "access log BROKEN: %s\n访问日志链校验失败。\n", v->problem.c_str());
    else
      std::fprintf(stderr, "access log ok: %lld entries, head %lld %s\n访问日志链校验通过。\n",
                   static_cast<long long>(v->checked), static_cast<long long>(v->head_seq), v->head_hash.c_str());
    std::exit(v->ok ? 0 : 1);
  });

  auto* cvss_cmd = app.add_subcommand("cvss", "score a CVSS 3.x or 4.0 vector; prints JSON");
  std::string vector;
  cvss_cmd->add_option("VECTOR", vector, "e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->required();
  cvss_cmd->callback([&] {
    auto a = assessment::assess_vector(vector);
    if (!a.ok()) std::exit(fail(a.error()));
    const auto& g = a->grade;
    json out{{"version", a->version}, {"vector", a->vector}, {"score", a->score}, {"severity", a->severity},
             {"base_score", a->base_score},
             {"grade", g.grade ? json(assessment::grade_code(*g.grade)) : json(nullptr)},
             {"grade_zh", g.grade ? json(assessment::grade_name_zh(*g.grade)) : json(nullptr)},
             {"grade_source", assessment::grade_source_code(g.source)}, {"basis", g.basis_en}, {"basis_zh", g.basis_zh}};
    std::printf("%s\n", out.dump(2, ' ', false).c_str());
  });

  std::unique_ptr<cli::Runtime> inv_rt;
  auto open_context = [&]() -> Result<services::Context*> {
    LD_RETURN_IF_ERROR(prepare(true));
    LD_ASSIGN_OR_RETURN(inv_rt, cli::open_runtime(cfg));
    return inv_rt->ctx.get();
  };
  cli::add_export_commands(app, add_data, open_context, cfg);
  cli::add_inventory_commands(app, add_data, open_context);

  // Usage errors exit 2 (as the inventory commands document; CLI11 would
  // use its own codes, 105-114); --help exits 0.
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    // A mistyped flag in a mail server's pipe must keep the mail queued.
    return email_cmd->parsed() ? cli::kExTempFail : 2;
  }
  return 0;
}
