// `loudong intake email`: one message from a mail server's pipe transport
// becomes a report (services/email_intake.h).
//
// Exit codes are sysexits.h's, which Postfix and Exim read: 0 the report
// is stored (its JSON on stdout); 65 (EX_DATAERR) the mail is refused and
// nothing stored, so the mail server bounces it with our stderr, which says
// why in Chinese and English; 75 (EX_TEMPFAIL) it could not be stored now
// (store busy, bad configuration, no database at --data), so the mail
// stays queued and is tried again: a finder's report must not bounce for
// the operator's mistake.
#pragma once

#include <istream>

#include "cli/config.h"
#include "core/error.h"

namespace loudong::cli {

constexpr int kExDataErr = 65;
constexpr int kExTempFail = 75;

// Reads the message from `in` and files it; prints the outcome; returns the
// exit code.
int intake_email(const Config& cfg, std::istream& in);

// Prints `e` for the mail server and returns 65 when the sender is at fault
// (the mail itself), else 75.
int email_failure(const Error& e);

}  // namespace loudong::cli
