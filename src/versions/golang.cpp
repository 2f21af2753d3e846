#include "versions/golang.h"

#include "versions/semver_common.h"

namespace loudong::versions {
namespace {

constexpr semver::Syntax kGoSyntax{.allow_v_prefix = true,
                                   .allow_short = true,
                                   .allow_leading_zeros = false,
                                   .allow_extra_parts = false,
                                   .short_allows_suffix = false};

}  // namespace

Result<std::string> golang::canonical(std::string_view v) {
  auto p = semver::parse(v, kGoSyntax);
  if (!p.ok()) return std::move(p).error();
  return "v" + semver::format(*p);
}

std::unique_ptr<VersionScheme> make_golang_scheme() {
  return std::make_unique<semver::SemverScheme>("golang", kGoSyntax);
}

}  // namespace loudong::versions
