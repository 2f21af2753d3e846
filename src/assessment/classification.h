// GB/T 30279-2020 vulnerability classes (R-CLASS) and the CWE -> class map.
//
// The four top-level classes by cause are certain (GB/T 30279-2020 §5):
// code issue 代码问题, configuration error 配置错误, environment issue 环境问题,
// other 其他. The sub-types below them are as published in CNNVD's
// classification, which follows the standard; they were not checked against
// the standard's own text, and each carries verified = false until someone
// does. Codes are stable: store and exchange codes, never names.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace loudong::assessment {

struct VulnClass {
  std::string_view code;    // "code_issue", "sql_injection", ...
  std::string_view parent;  // code of the parent class; "" for the four top-level classes
  std::string_view name_zh;
  std::string_view name_en;
  bool verified;  // true: checked against GB/T 30279-2020 itself
};

// Every class, parents before children, in the standard's order.
std::span<const VulnClass> all_classes();

// The class with this code. On failure Error::field(field_name,
// "bad_value", ...) naming the code.
Result<VulnClass> class_for_code(std::string_view code, std::string_view field_name = "vuln_class");

// The top-level class (one of the four) a class belongs to.
VulnClass top_class(const VulnClass& c);

// The most specific class for a CWE id (79 -> cross_site_scripting). Data:
// a curated map of common CWEs, not every CWE. nullopt for CWEs not mapped,
// which callers should leave for a person to classify.
std::optional<VulnClass> class_for_cwe(int cwe);

// "CWE-79" -> 79. Accepts exactly "CWE-" followed by 1-7 digits without
// leading zero. On failure Error::field(field_name, "bad_value", ...).
Result<int> parse_cwe_id(std::string_view text, std::string_view field_name = "cwe");

// 79 -> "CWE-79".
std::string cwe_id(int cwe);

}  // namespace loudong::assessment
