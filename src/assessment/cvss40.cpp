// CVSS v4.0 scoring: FIRST specification §8 and FIRST's calculator. The
// arithmetic follows the calculator step by step and in the same order,
// because the reference scores depend on double rounding at the 0.05 edges.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "assessment/cvss.h"
#include "assessment/cvss40_table.h"
#include "assessment/cvss_vector.h"

namespace loudong::assessment {
namespace {

using detail::MetricSpec;

enum M { AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA, E, CR, IR, AR,
         MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA, S_, AU, R_, V_, RE, U_ };
constexpr int kBaseCount = 11;  // AV..SA
constexpr std::array<MetricSpec, 32> kMetrics{{
    {"AV", "N A L P", true},    {"AC", "L H", true},         {"AT", "N P", true},
    {"PR", "N L H", true},      {"UI", "N P A", true},       {"VC", "H L N", true},
    {"VI", "H L N", true},      {"VA", "H L N", true},       {"SC", "H L N", true},
    {"SI", "H L N", true},      {"SA", "H L N", true},       {"E", "X A P U", false},
    {"CR", "X H M L", false},   {"IR", "X H M L", false},    {"AR", "X H M L", false},
    {"MAV", "X N A L P", false}, {"MAC", "X L H", false},    {"MAT", "X N P", false},
    {"MPR", "X N L H", false},  {"MUI", "X N P A", false},   {"MVC", "X H L N", false},
    {"MVI", "X H L N", false},  {"MVA", "X H L N", false},   {"MSC", "X H L N", false},
    {"MSI", "X S H L N", false}, {"MSA", "X S H L N", false}, {"S", "X N P", false},
    {"AU", "X N Y", false},     {"R", "X A U I", false},     {"V", "X D C", false},
    {"RE", "X L M H", false},   {"U", "X Clear Green Amber Red", false},
}};
constexpr std::array<std::string_view, 1> kPrefixes{"CVSS:4.0"};

// The effective value of each scoring metric (AV..AR): the modified value
// where given, X of E as A (Attacked), X of CR/IR/AR as H (High).
using Effective = std::array<char, 15>;

Effective effective_values(const std::vector<std::string_view>& v, bool base_only) {
  Effective eff{};
  for (int m = 0; m < kBaseCount; ++m) {
    const std::string_view mod = base_only ? std::string_view{} : v[MAV + m];
    eff[m] = (!mod.empty() && mod != "X") ? mod[0] : v[m][0];
  }
  for (int m : {E, CR, IR, AR}) {
    const std::string_view given = base_only ? std::string_view{} : v[m];
    eff[m] = (!given.empty() && given != "X") ? given[0] : (m == E ? 'A' : 'H');
  }
  return eff;
}

// Severity levels within an EQ, in tenths as FIRST's calculator defines
// them (AV: N 0.0, A 0.1, L 0.2, P 0.3; ...).
int level(int m, char c) {
  switch (m) {
    case AV: return c == 'N' ? 0 : c == 'A' ? 1 : c == 'L' ? 2 : 3;
    case PR: return c == 'N' ? 0 : c == 'L' ? 1 : 2;
    case UI: return c == 'N' ? 0 : c == 'P' ? 1 : 2;
    case AC: return c == 'L' ? 0 : 1;
    case AT: return c == 'N' ? 0 : 1;
    case VC: case VI: case VA: return c == 'H' ? 0 : c == 'L' ? 1 : 2;
    case SC: return c == 'H' ? 1 : c == 'L' ? 2 : 3;
    case SI: case SA: return c == 'S' ? 0 : c == 'H' ? 1 : c == 'L' ? 2 : 3;
    default: return c == 'H' ? 0 : c == 'M' ? 1 : 2;  // CR, IR, AR
  }
}

std::array<int, 6> equivalence_levels(const Effective& x) {
  const bool av_n = x[AV] == 'N', pr_n = x[PR] == 'N', ui_n = x[UI] == 'N';
  int eq1 = 2;
  if (av_n && pr_n && ui_n) eq1 = 0;
  else if ((av_n || pr_n || ui_n) && x[AV] != 'P') eq1 = 1;
  const int eq2 = (x[AC] == 'L' && x[AT] == 'N') ? 0 : 1;
  int eq3 = 2;
  if (x[VC] == 'H' && x[VI] == 'H') eq3 = 0;
  else if (x[VC] == 'H' || x[VI] == 'H' || x[VA] == 'H') eq3 = 1;
  int eq4 = 2;
  if (x[SI] == 'S' || x[SA] == 'S') eq4 = 0;
  else if (x[SC] == 'H' || x[SI] == 'H' || x[SA] == 'H') eq4 = 1;
  const int eq5 = x[E] == 'A' ? 0 : x[E] == 'P' ? 1 : 2;
  const bool eq6_high = (x[CR] == 'H' && x[VC] == 'H') || (x[IR] == 'H' && x[VI] == 'H') ||
                        (x[AR] == 'H' && x[VA] == 'H');
  return {eq1, eq2, eq3, eq4, eq5, eq6_high ? 0 : 1};
}

std::string macro_string(const std::array<int, 6>& eq) {
  std::string s;
  for (int d : eq) s += static_cast<char>('0' + d);
  return s;
}

std::optional<double> lookup(std::array<int, 6> eq) { return detail::macro_vector_score(macro_string(eq)); }

// The highest-severity vectors of each EQ level (FIRST's max_composed), as
// (metric, value) pairs; each EQ constrains only its own metrics.
using MaxPart = std::vector<std::pair<int, char>>;
using Parts = std::vector<MaxPart>;

const Parts& eq1_max(int level) {
  static const std::array<Parts, 3> t{
      Parts{MaxPart{{AV, 'N'}, {PR, 'N'}, {UI, 'N'}}},
      Parts{MaxPart{{AV, 'A'}, {PR, 'N'}, {UI, 'N'}}, MaxPart{{AV, 'N'}, {PR, 'L'}, {UI, 'N'}},
            MaxPart{{AV, 'N'}, {PR, 'N'}, {UI, 'P'}}},
      Parts{MaxPart{{AV, 'P'}, {PR, 'N'}, {UI, 'N'}}, MaxPart{{AV, 'A'}, {PR, 'L'}, {UI, 'P'}}},
  };
  return t[level];
}

const Parts& eq2_max(int level) {
  static const std::array<Parts, 2> t{
      Parts{MaxPart{{AC, 'L'}, {AT, 'N'}}},
      Parts{MaxPart{{AC, 'H'}, {AT, 'N'}}, MaxPart{{AC, 'L'}, {AT, 'P'}}},
  };
  return t[level];
}

MaxPart eq36(char vc, char vi, char va, char cr, char ir, char ar) {
  return {{VC, vc}, {VI, vi}, {VA, va}, {CR, cr}, {IR, ir}, {AR, ar}};
}

const Parts& eq3eq6_max(int eq3, int eq6) {
  static const Parts p00{eq36('H', 'H', 'H', 'H', 'H', 'H')};
  static const Parts p01{eq36('H', 'H', 'L', 'M', 'M', 'H'), eq36('H', 'H', 'H', 'M', 'M', 'M')};
  static const Parts p10{eq36('L', 'H', 'H', 'H', 'H', 'H'), eq36('H', 'L', 'H', 'H', 'H', 'H')};
  static const Parts p11{eq36('L', 'H', 'L', 'H', 'M', 'H'), eq36('L', 'H', 'H', 'H', 'M', 'M'),
                         eq36('H', 'L', 'H', 'M', 'H', 'M'), eq36('H', 'L', 'L', 'M', 'H', 'H'),
                         eq36('L', 'L', 'H', 'H', 'H', 'M')};
  static const Parts p21{eq36('L', 'L', 'L', 'H', 'H', 'H')};
  if (eq3 == 0) return eq6 == 0 ? p00 : p01;
  if (eq3 == 1) return eq6 == 0 ? p10 : p11;
  return p21;
}

const Parts& eq4_max(int level) {
  static const std::array<Parts, 3> t{
      Parts{MaxPart{{SC, 'H'}, {SI, 'S'}, {SA, 'S'}}},
      Parts{MaxPart{{SC, 'H'}, {SI, 'H'}, {SA, 'H'}}},
      Parts{MaxPart{{SC, 'L'}, {SI, 'L'}, {SA, 'L'}}},
  };
  return t[level];
}

// Maximal severity distance per EQ level, in steps of 0.1 (FIRST's table).
int max_severity_steps(int eq, const std::array<int, 6>& l) {
  switch (eq) {
    case 1: return std::array{1, 4, 5}[l[0]];
    case 2: return std::array{1, 2}[l[1]];
    case 3: return l[2] == 0 ? (l[5] == 0 ? 7 : 6) : l[2] == 1 ? 8 : 10;
    default: return std::array{6, 5, 4}[l[3]];
  }
}

// The reference scores are computed in exact decimal arithmetic; binary
// doubles land on the wrong side of x.x5 for some vectors (4.95 as
// 4.9499999...). Every quantity is a whole number of tenths, so the score is
// computed as an exact fraction of tenths and rounded half up once.
int tenths(double table_score) { return static_cast<int>(std::lround(table_score * 10)); }

double score_effective(const Effective& x, const std::array<int, 6>& eq) {
  if (x[VC] == 'N' && x[VI] == 'N' && x[VA] == 'N' && x[SC] == 'N' && x[SI] == 'N' && x[SA] == 'N')
    return 0.0;
  const auto found_value = lookup(eq);
  if (!found_value) return 0.0;  // unreachable: every reachable macrovector is in the table
  const long long value = tenths(*found_value);

  auto next = [&](int index) {
    auto n = eq;
    ++n[index];
    return lookup(n);
  };
  const auto lower_eq1 = next(0), lower_eq2 = next(1), lower_eq4 = next(3), lower_eq5 = next(4);
  std::optional<double> lower_eq3eq6;
  if (eq[2] == 0 && eq[5] == 0) {
    const auto left = next(5), right = next(2);
    if (left && right) lower_eq3eq6 = std::max(*left, *right);
  } else if (eq[2] == 1 && eq[5] == 0) {
    lower_eq3eq6 = next(5);
  } else if (eq[2] <= 1) {
    lower_eq3eq6 = next(2);  // eq6 == 1
  }  // eq3 == 2 has no lower macrovector.

  // The first max vector the vector does not exceed anywhere; the last one
  // tried when none fits, as FIRST's calculator leaves it.
  std::array<int, 15> dist{};
  bool found = false;
  for (const auto& p1 : eq1_max(eq[0]))
    for (const auto& p2 : eq2_max(eq[1]))
      for (const auto& p3 : eq3eq6_max(eq[2], eq[5]))
        for (const auto& p4 : eq4_max(eq[3])) {
          if (found) continue;
          for (const MaxPart* part : {&p1, &p2, &p3, &p4})
            for (auto [m, c] : *part) dist[m] = level(m, x[m]) - level(m, c);
          found = std::all_of(dist.begin(), dist.end(), [](int d) { return d >= 0; });
        }

  // score = value - mean over existing lower macrovectors of
  //         available_i * distance_i / max_severity_i   (all in tenths)
  // Scaled by 2520 = lcm(1..10) so that every term is an integer.
  constexpr long long kScale = 2520;
  const int distances[5] = {dist[AV] + dist[PR] + dist[UI], dist[AC] + dist[AT],
                            dist[VC] + dist[VI] + dist[VA] + dist[CR] + dist[IR] + dist[AR],
                            dist[SC] + dist[SI] + dist[SA], 0};
  const std::optional<double> lowers[5] = {lower_eq1, lower_eq2, lower_eq3eq6, lower_eq4, lower_eq5};
  long long existing = 0, normalized = 0;
  for (int i = 0; i < 5; ++i) {
    if (!lowers[i]) continue;
    const long long available = value - tenths(*lowers[i]);
    ++existing;
    if (i == 4) continue;  // EQ5 has no distance within its level
    normalized += available * distances[i] * (kScale / max_severity_steps(i + 1, eq));
  }
  // score in tenths = num / den
  const long long den = kScale * std::max(existing, 1LL);
  long long num = value * den - normalized;
  num = std::clamp(num, 0LL, 100 * den);
  const long long rounded = (2 * num + den) / (2 * den);  // half up
  return static_cast<double>(rounded) / 10.0;
}

}  // namespace

Result<Cvss40Score> score_cvss40(std::string_view vector, std::string_view field_name) {
  static constexpr detail::VectorRules kRules{"CVSS v4.0", kPrefixes, kMetrics, true};
  LD_ASSIGN_OR_RETURN(auto parsed, detail::parse_vector(vector, kRules, field_name));

  const Effective full = effective_values(parsed.values, false);
  const Effective base = effective_values(parsed.values, true);
  const auto eq_full = equivalence_levels(full);

  Cvss40Score out;
  out.vector = detail::canonical_vector(parsed.prefix, parsed, kMetrics);
  out.score = score_effective(full, eq_full);
  out.base_score = score_effective(base, equivalence_levels(base));
  out.severity = std::string(cvss_severity(out.score));
  out.macro_vector = macro_string(eq_full);
  return out;
}

}  // namespace loudong::assessment
