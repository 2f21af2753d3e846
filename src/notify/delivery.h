// How a delivery attempt ends and what that does to its outbox message:
// retries with exponential backoff and jitter, the dead letter after the
// last try, and the webhook signature. Pure functions: the worker supplies
// the time and the random numbers.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "services/context.h"
#include "store/exchange.h"

namespace loudong::notify {

using Outcome = store::DeliveryOutcome;

// The wait before attempt number `attempts + 1`, after `attempts` failed
// ones (>= 1): base * 2^(attempts-1), capped, then "equal jitter": a uniform
// pick in [half, whole] of it (jitter01 in [0, 1)), so a crowd of failed
// messages does not retry in step.
std::chrono::microseconds retry_delay(int attempts, std::chrono::seconds base, std::chrono::seconds cap,
                                      double jitter01);

// Applies one attempt's outcome to `m`: sent, or pending again at the next
// retry time, or dead after its last attempt or a permanent failure. The
// lease is released either way.
void record_outcome(store::OutboxMessage& m, const Outcome& o, Time now, const services::NotifySettings& s,
                    double jitter01);

// Whether an HTTP status is worth retrying: 5xx, 408, 425, 429.
bool retryable_http(int status);

// The X-Loudong-Signature header value for a webhook body sent at
// `unix_seconds`: "t=<seconds>,v1=<hex HMAC-SHA256(secret, "<seconds>.<body>")>".
std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body);

// A receiver's check: the header parses, its time is within `window` of
// `now_unix`, and one v1 value matches (constant-time). The reason on failure.
std::optional<std::string> verify_webhook_signature(std::string_view header, std::string_view secret,
                                                    std::string_view body, std::int64_t now_unix,
                                                    std::chrono::seconds window);

// An RFC 5322 message with a UTF-8 text body (base64) and an RFC 2047
// subject. `message_id` without angle brackets.
std::string build_email(std::string_view from, std::string_view to, std::string_view subject, std::string_view text,
                        std::string_view message_id, Time date);

}  // namespace loudong::notify
