// The order in which findings are shown: affected before unknown, then by
// advisory id (case findings, which have none, first), then by the
// component's purl, then as found. A scan can give 100,000 findings, so
// the sort is built to touch each advisory once and to split over two
// threads.
#pragma once

#include <vector>

#include "match/index.h"

namespace loudong::match {

// Sorts f into that order, stably; f's component fields index components.
void sort_findings(std::vector<Finding>& f, const std::vector<ComponentRef>& components);

}  // namespace loudong::match
