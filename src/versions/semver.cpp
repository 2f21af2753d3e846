// SemVer 2.0.0 ordering as OSV's "SemVer" ecosystem reads it: the ordering
// is strict SemVer, the syntax lenient (v prefix, "1" and "1.2", numbers of
// any size, parts past patch ignored) because advisory data contains them.
#include "versions/semver_common.h"

namespace loudong::versions {

std::unique_ptr<VersionScheme> make_semver_scheme() {
  return std::make_unique<semver::SemverScheme>("semver", semver::kLenient);
}

}  // namespace loudong::versions
