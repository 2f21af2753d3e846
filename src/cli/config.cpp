#include "cli/config.h"

#include <filesystem>
#include <functional>

#include <toml++/toml.h>

#include "store/store.h"

extern char** environ;

namespace loudong::cli {

namespace {

// One table of settings: key, how to set it from a string, how to read from TOML.
struct Setting {
  const char* key;  // "server.listen"
  std::function<Status(Config&, const std::string&)> set;
};

Status set_int(int& dst, const std::string& key, const std::string& v, int lo, int hi) {
  try {
    size_t pos = 0;
    long n = std::stol(v, &pos);
    if (pos != v.size() || n < lo || n > hi) throw std::out_of_range("");
    dst = static_cast<int>(n);
    return {};
  } catch (...) {
    return Error::field(key, "bad_value", key + " must be an integer from " + std::to_string(lo) + " to " +
                                              std::to_string(hi) + " (got \"" + v + "\")");
  }
}

template <class D>
Status set_duration(D& dst, const std::string& key, const std::string& v) {
  int n = 0;
  LD_RETURN_IF_ERROR(set_int(n, key, v, 1, 100000));
  dst = D(n);
  return {};
}

Status set_bool(bool& dst, const std::string& key, const std::string& v) {
  if (v == "true" || v == "1") dst = true;
  else if (v == "false" || v == "0") dst = false;
  else return Error::field(key, "bad_value", key + " must be true or false (got \"" + v + "\")");
  return {};
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> s = {
      {"server.listen", [](Config& c, const std::string& v) -> Status { c.listen = v; return {}; }},
      {"storage.url", [](Config& c, const std::string& v) -> Status {
         if (!v.empty() && !store::is_postgres_url(v))
           return Error::field("storage.url", "bad_value",
                               "storage.url must be empty (SQLite in the data directory) or a postgresql:// URL");
         c.storage_url = v;
         return {};
       }},
      {"storage.connections", [](Config& c, const std::string& v) { return set_int(c.storage_connections, "storage.connections", v, 1, 256); }},
      {"server.threads", [](Config& c, const std::string& v) { return set_int(c.threads, "server.threads", v, 1, 256); }},
      {"server.max_connections", [](Config& c, const std::string& v) { return set_int(c.max_connections, "server.max_connections", v, 1, 100000); }},
      {"server.max_connections_per_address", [](Config& c, const std::string& v) { return set_int(c.max_connections_per_address, "server.max_connections_per_address", v, 0, 100000); }},
      {"server.requests_per_second_per_address", [](Config& c, const std::string& v) { return set_int(c.requests_per_second_per_address, "server.requests_per_second_per_address", v, 0, 1000000); }},
      {"server.request_burst_per_address", [](Config& c, const std::string& v) { return set_int(c.request_burst_per_address, "server.request_burst_per_address", v, 1, 1000000); }},
      {"server.web_root", [](Config& c, const std::string& v) -> Status { c.web_root = v; return {}; }},
      {"server.secure_cookies", [](Config& c, const std::string& v) { return set_bool(c.secure_cookies, "server.secure_cookies", v); }},
      {"tls.cert_file", [](Config& c, const std::string& v) -> Status { c.tls_cert_file = v; return {}; }},
      {"tls.key_file", [](Config& c, const std::string& v) -> Status { c.tls_key_file = v; return {}; }},
      {"tls.hsts_max_age", [](Config& c, const std::string& v) { return set_int(c.tls_hsts_max_age, "tls.hsts_max_age", v, 0, 63072000); }},
      {"tls.peer_ca_file", [](Config& c, const std::string& v) -> Status { c.tls_peer_ca_file = v; return {}; }},
      {"server.log_level", [](Config& c, const std::string& v) -> Status { c.log_level = v; return {}; }},
      {"platform.name", [](Config& c, const std::string& v) -> Status { c.platform_name = v; return {}; }},
      {"platform.filing_number", [](Config& c, const std::string& v) -> Status { c.filing_number = v; return {}; }},
      {"platform.cna_org_id", [](Config& c, const std::string& v) -> Status { c.cna_org_id = v; return {}; }},
      {"platform.time_zone", [](Config& c, const std::string& v) -> Status { c.time_zone = v; return {}; }},
      {"platform.host_org_name", [](Config& c, const std::string& v) -> Status { c.host_org_name = v; return {}; }},
      {"platform.host_org_type", [](Config& c, const std::string& v) -> Status { c.host_org_type = v; return {}; }},
      {"platform.host_region", [](Config& c, const std::string& v) -> Status { c.host_region = v; return {}; }},
      {"platform.grading_table", [](Config& c, const std::string& v) -> Status { c.grading_table = v; return {}; }},
      {"notify.enabled", [](Config& c, const std::string& v) { return set_bool(c.notify.enabled, "notify.enabled", v); }},
      {"notify.public_url", [](Config& c, const std::string& v) -> Status { c.notify.public_url = v; return {}; }},
      {"notify.max_attempts", [](Config& c, const std::string& v) { return set_int(c.notify.max_attempts, "notify.max_attempts", v, 1, 100); }},
      {"notify.base_delay_seconds", [](Config& c, const std::string& v) { return set_duration(c.notify.base_delay, "notify.base_delay_seconds", v); }},
      {"notify.max_delay_seconds", [](Config& c, const std::string& v) { return set_duration(c.notify.max_delay, "notify.max_delay_seconds", v); }},
      {"notify.webhook_disable_after", [](Config& c, const std::string& v) { return set_int(c.notify.webhook_disable_after, "notify.webhook_disable_after", v, 1, 10000); }},
      {"notify.digest_hour", [](Config& c, const std::string& v) { return set_int(c.notify.digest_hour, "notify.digest_hour", v, 0, 23); }},
      {"notify.worker", [](Config& c, const std::string& v) { return set_bool(c.outbox_worker, "notify.worker", v); }},
      {"notify.concurrency", [](Config& c, const std::string& v) { return set_int(c.outbox.concurrency, "notify.concurrency", v, 1, 64); }},
      {"notify.http_timeout_ms", [](Config& c, const std::string& v) { return set_duration(c.outbox.http_timeout, "notify.http_timeout_ms", v); }},
      {"notify.clock_sweep_seconds", [](Config& c, const std::string& v) { return set_int(c.clock_sweep_seconds, "notify.clock_sweep_seconds", v, 1, 3600); }},
      {"receipts.checkpoint_seconds", [](Config& c, const std::string& v) { return set_int(c.checkpoint_seconds, "receipts.checkpoint_seconds", v, 1, 86400); }},
      {"smtp.url", [](Config& c, const std::string& v) -> Status { c.outbox.smtp.url = v; return {}; }},
      {"smtp.from", [](Config& c, const std::string& v) -> Status { c.outbox.smtp.from = v; return {}; }},
      {"smtp.username", [](Config& c, const std::string& v) -> Status { c.outbox.smtp.username = v; return {}; }},
      {"smtp.password", [](Config& c, const std::string& v) -> Status { c.outbox.smtp.password = v; return {}; }},
      {"smtp.require_tls", [](Config& c, const std::string& v) { return set_bool(c.outbox.smtp.require_tls, "smtp.require_tls", v); }},
      {"smtp.timeout_ms", [](Config& c, const std::string& v) { return set_duration(c.outbox.smtp.timeout, "smtp.timeout_ms", v); }},
      {"policy.regulatory_report_hours", [](Config& c, const std::string& v) { return set_duration(c.policy.regulatory_report, "policy.regulatory_report_hours", v); }},
      {"policy.upstream_notice_hours", [](Config& c, const std::string& v) { return set_duration(c.policy.upstream_notice, "policy.upstream_notice_hours", v); }},
      {"policy.finder_ack_hours", [](Config& c, const std::string& v) { return set_duration(c.policy.finder_ack, "policy.finder_ack_hours", v); }},
      {"policy.user_notice_hours", [](Config& c, const std::string& v) { return set_duration(c.policy.user_notice, "policy.user_notice_hours", v); }},
      {"policy.fix_critical_days", [](Config& c, const std::string& v) { return set_duration(c.policy.fix_critical, "policy.fix_critical_days", v); }},
      {"policy.fix_high_days", [](Config& c, const std::string& v) { return set_duration(c.policy.fix_high, "policy.fix_high_days", v); }},
      {"policy.fix_medium_days", [](Config& c, const std::string& v) { return set_duration(c.policy.fix_medium, "policy.fix_medium_days", v); }},
      {"policy.fix_low_days", [](Config& c, const std::string& v) { return set_duration(c.policy.fix_low, "policy.fix_low_days", v); }},
      {"policy.due_soon_percent", [](Config& c, const std::string& v) { return set_int(c.policy.due_soon_percent, "policy.due_soon_percent", v, -1000, 1000); }},
      {"policy.receipt_retention_days", [](Config& c, const std::string& v) { return set_int(c.policy.receipt_retention_days, "policy.receipt_retention_days", v, -100000, 100000); }},
      {"policy.intake_require_platform_filing", [](Config& c, const std::string& v) { return set_int(c.policy.intake_require_platform_filing, "policy.intake_require_platform_filing", v, -1000, 1000); }},
      {"policy.require_second_factor", [](Config& c, const std::string& v) { return set_int(c.policy.require_second_factor, "policy.require_second_factor", v, -1000, 1000); }},
      {"policy.needs_info_timeout_days", [](Config& c, const std::string& v) { return set_duration(c.policy.needs_info_timeout, "policy.needs_info_timeout_days", v); }},
      {"limits.max_attachment_bytes", [](Config& c, const std::string& v) {
         int n = 0;
         auto st = set_int(n, "limits.max_attachment_bytes", v, 1024, 100 * 1024 * 1024);
         if (st.ok()) c.limits.max_attachment_bytes = static_cast<size_t>(n);
         return st;
       }},
      {"limits.max_attachments", [](Config& c, const std::string& v) { return set_int(c.limits.max_attachments, "limits.max_attachments", v, 0, 20); }},
      {"limits.session_hours", [](Config& c, const std::string& v) { return set_duration(c.limits.session_ttl, "limits.session_hours", v); }},
      {"limits.sign_in_attempts_per_minute", [](Config& c, const std::string& v) { return set_int(c.limits.sign_in_attempts_per_minute, "limits.sign_in_attempts_per_minute", v, 1, 10000); }},
      {"limits.intake_per_address_per_hour", [](Config& c, const std::string& v) { return set_int(c.limits.intake_per_address_per_hour, "limits.intake_per_address_per_hour", v, 1, 10000000); }},
      {"limits.intake_per_email_per_hour", [](Config& c, const std::string& v) { return set_int(c.limits.intake_per_email_per_hour, "limits.intake_per_email_per_hour", v, 1, 10000000); }},
      {"limits.intake_proof_of_work_bits", [](Config& c, const std::string& v) { return set_int(c.limits.intake_proof_of_work_bits, "limits.intake_proof_of_work_bits", v, 0, 32); }},
      {"limits.sign_ups_per_address_per_hour", [](Config& c, const std::string& v) { return set_int(c.limits.sign_ups_per_address_per_hour, "limits.sign_ups_per_address_per_hour", v, 1, 100000); }},
  };
  return s;
}

std::string env_name(const char* key) {
  std::string s = "LOUDONG_";
  for (const char* p = key; *p; ++p) s += *p == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
  return s;
}

}  // namespace

std::map<std::string, std::string> environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos && kv.rfind("LOUDONG_", 0) == 0) out[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return out;
}

Status load_config(Config& c, const std::optional<std::string>& file, const std::map<std::string, std::string>& env) {
  std::vector<FieldError> errors;
  std::string path = file.value_or((std::filesystem::path(c.data_dir) / "loudong.toml").string());
  if (file || std::filesystem::exists(path)) {
    toml::table t;
    try {
      t = toml::parse_file(path);
    } catch (const toml::parse_error& err) {
      return Error::invalid("config file " + path + " line " + std::to_string(err.source().begin.line) + ": " +
                            std::string(err.description()));
    }
    for (const auto& s : settings()) {
      auto node = t.at_path(s.key);
      if (!node) continue;
      std::string v;
      if (auto x = node.value<std::string>()) v = *x;
      else if (auto i = node.value<int64_t>()) v = std::to_string(*i);
      else if (auto b = node.value<bool>()) v = *b ? "true" : "false";
      else {
        errors.push_back({s.key, "wrong_type", std::string(s.key) + " in " + path + " must be a string, integer or boolean"});
        continue;
      }
      if (auto st = s.set(c, v); !st.ok()) errors.push_back({s.key, "bad_value", st.error().message() + " (in " + path + ")"});
    }
    // Unknown keys are mistakes worth hearing about (a misspelt policy key
    // would otherwise silently keep the default).
    for (const auto& [section, value] : t) {
      if (!value.is_table()) {
        errors.push_back({std::string(section.str()), "unknown_key", "unknown setting " + std::string(section.str()) + " in " + path});
        continue;
      }
      for (const auto& [k, v] : *value.as_table()) {
        (void)v;
        std::string full = std::string(section.str()) + "." + std::string(k.str());
        bool known = false;
        for (const auto& s : settings()) known = known || full == s.key;
        if (!known) errors.push_back({full, "unknown_key", "unknown setting " + full + " in " + path});
      }
    }
  }
  for (const auto& s : settings()) {
    auto it = env.find(env_name(s.key));
    if (it == env.end()) continue;
    if (auto st = s.set(c, it->second); !st.ok())
      errors.push_back({s.key, "bad_value", st.error().message() + " (from " + env_name(s.key) + ")"});
  }
  if (auto st = notify::validate_smtp(c.outbox.smtp); !st.ok())
    for (const auto& f : st.error().fields()) errors.push_back({f.field, f.code, f.field + " " + f.message});
  if (c.notify.public_url.rfind("http://", 0) != 0 && c.notify.public_url.rfind("https://", 0) != 0)
    errors.push_back({"notify.public_url", "bad_value", "notify.public_url must start with http:// or https://"});
  if (c.notify.max_delay < c.notify.base_delay)
    errors.push_back({"notify.max_delay_seconds", "bad_value", "notify.max_delay_seconds must not be below notify.base_delay_seconds"});
  if (!errors.empty()) return Error::from_fields(errors, "bad_config");
  return {};
}

Status validate_config(const Config& c) {
  std::vector<FieldError> errors;
  if (auto st = domain::validate_policy(c.policy); !st.ok())
    for (const auto& f : st.error().fields()) errors.push_back(f);
  auto colon = c.listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    errors.push_back({"server.listen", "bad_value", "server.listen must be HOST:PORT, e.g. 127.0.0.1:8080"});
  else {
    try {
      size_t pos = 0;
      int port = std::stoi(c.listen.substr(colon + 1), &pos);
      if (pos != c.listen.size() - colon - 1 || port < 0 || port > 65535) throw std::out_of_range("");
    } catch (...) {
      errors.push_back({"server.listen", "bad_value", "server.listen port must be 0-65535"});
    }
  }
  if (!std::filesystem::exists("/usr/share/zoneinfo/" + c.time_zone) || c.time_zone.find("..") != std::string::npos)
    errors.push_back({"platform.time_zone", "bad_value",
                      "platform.time_zone \"" + c.time_zone + "\" is not an IANA time zone such as Asia/Shanghai"});
  if (c.host_region.size() != 2) errors.push_back({"platform.host_region", "bad_value", "platform.host_region must be an ISO 3166 code such as CN"});
  static const char* levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  if (std::none_of(std::begin(levels), std::end(levels), [&](const char* l) { return c.log_level == l; }))
    errors.push_back({"server.log_level", "bad_value", "server.log_level must be one of trace, debug, info, warn, error, critical, off"});
  if (auto st = notify::validate_smtp(c.outbox.smtp); !st.ok())
    for (const auto& f : st.error().fields()) errors.push_back({f.field, f.code, f.field + " " + f.message});
  if (c.notify.public_url.rfind("http://", 0) != 0 && c.notify.public_url.rfind("https://", 0) != 0)
    errors.push_back({"notify.public_url", "bad_value", "notify.public_url must start with http:// or https://"});
  if (c.notify.max_delay < c.notify.base_delay)
    errors.push_back({"notify.max_delay_seconds", "bad_value", "notify.max_delay_seconds must not be below notify.base_delay_seconds"});
  // Half a pair would start a plain-HTTP server the operator believes is TLS.
  if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
    const char* missing = c.tls_cert_file.empty() ? "tls.cert_file" : "tls.key_file";
    errors.push_back({missing, "required", std::string(missing) + " is needed too: TLS takes both tls.cert_file and tls.key_file"});
  }
  if (!errors.empty()) return Error::from_fields(errors, "bad_config");
  return {};
}

}  // namespace loudong::cli
