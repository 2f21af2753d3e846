#include "assessment/cvss_vector.h"

#include <optional>

namespace loudong::assessment::detail {
namespace {

std::vector<std::string> split_values(std::string_view values) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= values.size()) {
    std::size_t end = values.find(' ', start);
    if (end == std::string_view::npos) end = values.size();
    out.emplace_back(values.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool value_allowed(std::string_view values, std::string_view v) {
  for (const auto& allowed : split_values(values))
    if (allowed == v) return true;
  return false;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string metric_names(std::span<const MetricSpec> metrics, bool mandatory_only) {
  std::vector<std::string> names;
  for (const auto& m : metrics)
    if (!mandatory_only || m.mandatory) names.emplace_back(m.name);
  return join(names);
}

std::optional<std::size_t> find_metric(std::span<const MetricSpec> metrics, std::string_view name) {
  for (std::size_t i = 0; i < metrics.size(); ++i)
    if (metrics[i].name == name) return i;
  return std::nullopt;
}

}  // namespace

std::string quote_input(std::string_view s) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (s.size() > kMax) out += "...";
  return out + "'";
}

Result<ParsedVector> parse_vector(std::string_view vector, const VectorRules& rules,
                                  std::string_view field) {
  const std::string f(field);
  const std::string label(rules.version_label);
  if (vector.empty()) return Error::field(f, "required", label + " vector is empty");
  if (vector.size() > kMaxVectorLength)
    return Error::field(f, "too_long", label + " vector is longer than " +
                                           std::to_string(kMaxVectorLength) + " characters");

  ParsedVector parsed;
  const std::size_t slash = vector.find('/');
  const std::string_view prefix = vector.substr(0, slash);
  for (auto p : rules.prefixes)
    if (p == prefix) parsed.prefix = p;
  if (parsed.prefix.empty()) {
    std::vector<std::string> accepted;
    for (auto p : rules.prefixes) accepted.emplace_back(std::string(p) + "/");
    return Error::field(f, "bad_prefix", label + " vector must start with " + join(accepted) +
                                             " (got " + quote_input(prefix) + ")");
  }

  parsed.values.assign(rules.metrics.size(), std::string_view{});
  std::optional<std::size_t> last_index;
  std::string_view rest = slash == std::string_view::npos ? std::string_view{} : vector.substr(slash + 1);
  for (int position = 1; slash != std::string_view::npos; ++position) {
    const std::size_t next = rest.find('/');
    const std::string_view component = rest.substr(0, next);
    if (component.empty())
      return Error::field(f, "bad_syntax", "empty metric at position " + std::to_string(position) +
                                               " (doubled or trailing '/')");
    const std::size_t colon = component.find(':');
    if (colon == std::string_view::npos || component.find(':', colon + 1) != std::string_view::npos)
      return Error::field(f, "bad_syntax", "component " + quote_input(component) +
                                               " is not of the form METRIC:VALUE");
    const std::string_view name = component.substr(0, colon);
    const std::string_view value = component.substr(colon + 1);
    const auto index = find_metric(rules.metrics, name);
    if (!index)
      return Error::field(f, "bad_metric", "unknown metric " + quote_input(name) + " (" + label +
                                               " metrics: " + metric_names(rules.metrics, false) + ")");
    const MetricSpec& spec = rules.metrics[*index];
    if (!value_allowed(spec.values, value)) {
      auto allowed = split_values(spec.values);
      return Error::field(f, "bad_metric", "metric " + std::string(name) + " has invalid value " +
                                               quote_input(value) + " (allowed: " + join(allowed) + ")")
          .with_allowed(std::move(allowed));
    }
    if (!parsed.values[*index].empty())
      return Error::field(f, "duplicate_metric", "metric " + std::string(name) + " appears more than once");
    if (rules.spec_order_required && last_index && *index < *last_index)
      return Error::field(f, "metric_order",
                          "metric " + std::string(name) + " must come before " +
                              std::string(rules.metrics[*last_index].name) + " (" + label +
                              " requires the order " + metric_names(rules.metrics, false) + ")");
    last_index = index;
    parsed.values[*index] = value;
    if (next == std::string_view::npos) break;
    rest = rest.substr(next + 1);
  }

  std::vector<std::string> missing;
  for (std::size_t i = 0; i < rules.metrics.size(); ++i)
    if (rules.metrics[i].mandatory && parsed.values[i].empty()) missing.emplace_back(rules.metrics[i].name);
  if (!missing.empty())
    return Error::field(f, "missing_metric", (missing.size() == 1 ? "metric " : "metrics ") + join(missing) +
                                                 " missing (" + label + " requires " +
                                                 metric_names(rules.metrics, true) + ")");
  return parsed;
}

std::string canonical_vector(std::string_view prefix, const ParsedVector& parsed,
                             std::span<const MetricSpec> metrics) {
  std::string out(prefix);
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    const std::string_view v = parsed.values[i];
    if (v.empty() || (!metrics[i].mandatory && v == "X")) continue;
    out += "/";
    out += metrics[i].name;
    out += ":";
    out += v;
  }
  return out;
}

}  // namespace loudong::assessment::detail
