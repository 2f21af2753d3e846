// CVSS v3.1 (and v3.0) scoring, FIRST specification §7.
#include <algorithm>
#include <array>
#include <cmath>

#include "assessment/cvss.h"
#include "assessment/cvss_vector.h"

namespace loudong::assessment {
namespace {

using detail::MetricSpec;

// Table 15 of the v3.1 specification: the order canonical vectors use.
enum M { AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA };
constexpr std::array<MetricSpec, 22> kMetrics{{
    {"AV", "N A L P", true},   {"AC", "L H", true},         {"PR", "N L H", true},
    {"UI", "N R", true},       {"S", "U C", true},          {"C", "H L N", true},
    {"I", "H L N", true},      {"A", "H L N", true},        {"E", "X H F P U", false},
    {"RL", "X U W T O", false}, {"RC", "X C R U", false},   {"CR", "X H M L", false},
    {"IR", "X H M L", false},  {"AR", "X H M L", false},    {"MAV", "X N A L P", false},
    {"MAC", "X L H", false},   {"MPR", "X N L H", false},   {"MUI", "X N R", false},
    {"MS", "X U C", false},    {"MC", "X H L N", false},    {"MI", "X H L N", false},
    {"MA", "X H L N", false},
}};
constexpr std::array<std::string_view, 2> kPrefixes{"CVSS:3.1", "CVSS:3.0"};

double weight(M metric, std::string_view v, bool scope_changed) {
  const char c = v.empty() ? 'X' : v[0];
  switch (metric) {
    case AV: return c == 'N' ? 0.85 : c == 'A' ? 0.62 : c == 'L' ? 0.55 : 0.2;
    case AC: return c == 'L' ? 0.77 : 0.44;
    case PR:
      if (c == 'N') return 0.85;
      if (c == 'L') return scope_changed ? 0.68 : 0.62;
      return scope_changed ? 0.5 : 0.27;
    case UI: return c == 'N' ? 0.85 : 0.62;
    case C: return c == 'H' ? 0.56 : c == 'L' ? 0.22 : 0.0;
    case E: return c == 'F' ? 0.97 : c == 'P' ? 0.94 : c == 'U' ? 0.91 : 1.0;
    case RL: return c == 'W' ? 0.97 : c == 'T' ? 0.96 : c == 'O' ? 0.95 : 1.0;
    case RC: return c == 'R' ? 0.96 : c == 'U' ? 0.92 : 1.0;
    case CR: return c == 'H' ? 1.5 : c == 'L' ? 0.5 : 1.0;
    default: return 0;  // unreachable: callers map I/A/M* onto the above
  }
}

// v3.1 Appendix A Roundup: rounds to 5 decimals first so that binary
// floating-point noise (4.000000000000001) does not push a score up a tenth.
double roundup31(double x) {
  const long long n = std::llround(x * 100000.0);
  if (n % 10000 == 0) return static_cast<double>(n) / 100000.0;
  return static_cast<double>(n / 10000 + 1) / 10.0;
}

// v3.0 defines Roundup as the plain ceiling to one decimal, computed by
// reference implementations in exact decimal arithmetic. Doubles carry noise
// far below 1e-9 while genuine v3.0 results differ from a tenth by far more,
// so snapping to 1e-9 first reproduces the exact-decimal ceiling.
double roundup30(double x) {
  const long long n = std::llround(x * 1e9);
  const long long tenth = 100000000;
  return static_cast<double>(n / tenth + (n % tenth != 0 ? 1 : 0)) / 10.0;
}

}  // namespace

Result<Cvss31Score> score_cvss31(std::string_view vector, std::string_view field_name) {
  static constexpr detail::VectorRules kRules{"CVSS v3.1", kPrefixes, kMetrics, false};
  LD_ASSIGN_OR_RETURN(auto parsed, detail::parse_vector(vector, kRules, field_name));
  const bool v30 = parsed.prefix == "CVSS:3.0";
  auto roundup = v30 ? roundup30 : roundup31;
  auto val = [&](M m) { return parsed.values[m].empty() ? std::string_view("X") : parsed.values[m]; };
  // An environmental metric left Not Defined takes its base metric's value.
  auto modified = [&](M mod, M base) { return val(mod) == "X" ? val(base) : val(mod); };

  const bool changed = val(S) == "C";
  const double iss = 1 - (1 - weight(C, val(C), false)) * (1 - weight(C, val(I), false)) *
                             (1 - weight(C, val(A), false));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability = 8.22 * weight(AV, val(AV), false) * weight(AC, val(AC), false) *
                                weight(PR, val(PR), changed) * weight(UI, val(UI), false);
  double base = 0;
  if (impact > 0)
    base = changed ? roundup(std::min(1.08 * (impact + exploitability), 10.0))
                   : roundup(std::min(impact + exploitability, 10.0));
  const double threat = weight(E, val(E), false) * weight(RL, val(RL), false) * weight(RC, val(RC), false);
  const double temporal = roundup(base * threat);

  const bool m_changed = modified(MS, S) == "C";
  const double miss = std::min(
      1 - (1 - weight(C, modified(MC, C), false) * weight(CR, val(CR), false)) *
              (1 - weight(C, modified(MI, I), false) * weight(CR, val(IR), false)) *
              (1 - weight(C, modified(MA, A), false) * weight(CR, val(AR), false)),
      0.915);
  double m_impact = 6.42 * miss;
  if (m_changed)
    m_impact = v30 ? 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15)
                   : 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13);
  const double m_exploitability = 8.22 * weight(AV, modified(MAV, AV), false) *
                                  weight(AC, modified(MAC, AC), false) *
                                  weight(PR, modified(MPR, PR), m_changed) *
                                  weight(UI, modified(MUI, UI), false);
  double environmental = 0;
  if (m_impact > 0) {
    const double m_base = m_changed ? roundup(std::min(1.08 * (m_impact + m_exploitability), 10.0))
                                    : roundup(std::min(m_impact + m_exploitability, 10.0));
    environmental = roundup(m_base * threat);
  }

  Cvss31Score out;
  out.version = v30 ? "3.0" : "3.1";
  out.vector = detail::canonical_vector(parsed.prefix, parsed, kMetrics);
  out.base_score = base;
  out.temporal_score = temporal;
  out.environmental_score = environmental;
  out.base_severity = std::string(cvss_severity(base));
  return out;
}

std::string_view cvss_severity(double score) {
  const long tenths = std::lround(score * 10);
  if (tenths <= 0) return "NONE";
  if (tenths < 40) return "LOW";
  if (tenths < 70) return "MEDIUM";
  if (tenths < 90) return "HIGH";
  return "CRITICAL";
}

std::string_view cvss_severity_name_en(std::string_view code) {
  if (code == "NONE") return "None";
  if (code == "LOW") return "Low";
  if (code == "MEDIUM") return "Medium";
  if (code == "HIGH") return "High";
  if (code == "CRITICAL") return "Critical";
  return "";
}

std::string_view cvss_severity_name_zh(std::string_view code) {
  if (code == "NONE") return "无";
  if (code == "LOW") return "低";
  if (code == "MEDIUM") return "中";
  if (code == "HIGH") return "高";
  if (code == "CRITICAL") return "严重";
  return "";
}

}  // namespace loudong::assessment
