// Go module versions (golang.org/x/mod/semver): "v1.2.3", shorthand "v1" and
// "v1.2" (without suffixes), pseudo-versions (ordered as prereleases) and
// "+incompatible" (build metadata, ignored in ordering). The "v" is optional
// because OSV writes Go versions without it.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace loudong::versions::golang {

// semver.Canonical: "v1.2" -> "v1.2.0", "v1.2.3+meta" -> "v1.2.3". Fails for
// an invalid version.
Result<std::string> canonical(std::string_view v);

}  // namespace loudong::versions::golang
