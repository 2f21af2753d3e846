// The product's vocabulary as enums (design.md). Machine names are stable:
// they appear in the API, the database and the UI's translation keys.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/enum_names.h"

namespace loudong::domain {

using Id = std::int64_t;

enum class OrgType { provider, operator_, platform, finder_team, authority };
enum class Role { admin, coordinator, member, auditor };
enum class ReportState { received, triage, needs_info, rejected, duplicate, accepted };
enum class CaseState { verifying, confirmed, not_affected, fixing, fixed, published, closed, withdrawn };
enum class ProductKind { software, hardware, firmware, mobile_app, mini_program, cloud_service };
enum class Channel { web, api, email, federation };
// Who may read a message on a report or case thread.
enum class Visibility { coordinators, provider, finder, all };
enum class ClockKind { regulatory_report, upstream_notice, finder_ack, fix, user_notice };
enum class ClockState { on_time, due_soon, overdue, met, missed };
enum class RegulatoryState { draft, submitted, acknowledged, returned };

}  // namespace loudong::domain

LD_ENUM_NAMES(loudong::domain::OrgType, "provider", "operator", "platform", "finder_team", "authority");
LD_ENUM_NAMES(loudong::domain::Role, "admin", "coordinator", "member", "auditor");
LD_ENUM_NAMES(loudong::domain::ReportState, "received", "triage", "needs_info", "rejected", "duplicate", "accepted");
LD_ENUM_NAMES(loudong::domain::CaseState, "verifying", "confirmed", "not_affected", "fixing", "fixed", "published",
              "closed", "withdrawn");
LD_ENUM_NAMES(loudong::domain::ProductKind, "software", "hardware", "firmware", "mobile_app", "mini_program",
              "cloud_service");
LD_ENUM_NAMES(loudong::domain::Channel, "web", "api", "email", "federation");
LD_ENUM_NAMES(loudong::domain::Visibility, "coordinators", "provider", "finder", "all");
LD_ENUM_NAMES(loudong::domain::ClockKind, "regulatory_report", "upstream_notice", "finder_ack", "fix", "user_notice");
LD_ENUM_NAMES(loudong::domain::ClockState, "on_time", "due_soon", "overdue", "met", "missed");
LD_ENUM_NAMES(loudong::domain::RegulatoryState, "draft", "submitted", "acknowledged", "returned");
