// What every service needs, resolved once at start and passed to the
// services' constructors. The services never read the clock or the disk
// except through these.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "assessment/grading.h"
#include "core/clock.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "domain/policy.h"
#include "store/store.h"

namespace loudong::services {

struct Limits {
  std::size_t max_attachment_bytes = 10 * 1024 * 1024;
  int max_attachments = 5;
  std::size_t max_text_field = 64 * 1024;  // long free-text fields
  std::size_t max_title = 300;
  std::chrono::hours session_ttl{12};
  std::chrono::days max_token_ttl{366};
  int sign_in_attempts_per_minute = 10;  // per username and per address
};

struct Context {
  store::Store& store;
  const Clock& clock;
  domain::Policy policy;
  TimeZone zone;
  crypto::SealKey seal_key;
  Limits limits;
  std::optional<assessment::GradingTable> grading_table;  // official GB/T 30279 tables, when loaded
  bool secure_cookies = false;
};

}  // namespace loudong::services
