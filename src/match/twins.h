// Twin advisories: the same flaw published by two databases (GO-2021-0061
// and CVE-2021-4235, GHSA-... and PYSEC-...), each naming the other among
// its aliases. Both match the same component; a person wants the flaw once,
// with every name it goes by (what osv-scanner calls grouping by aliases).
#pragma once

#include <vector>

#include "match/index.h"

namespace loudong::match {

// Keeps one finding per component and group of twins, in f's order, and
// drops the rest. Two advisory findings of the same component are twins
// when one's id is among the other's aliases (either way), or they share
// an alias; groups are the transitive closure of that. The kept finding is
// the group's affected one before an unknown, then a graded one, then the
// first in f; its advisory is replaced by a copy whose aliases are every
// other id and alias of the group (sorted, once), whose grade is the
// highest in the group and whose summary falls back to a twin's when its
// own is empty. Case findings and findings without twins are left as they
// are. component_count: the size of the list Finding::component indexes.
// Returns how many findings were dropped.
std::size_t merge_twin_findings(std::vector<Finding>& f, std::size_t component_count);

}  // namespace loudong::match
