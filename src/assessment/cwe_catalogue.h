// A catalogue of CWE weaknesses for pickers and views (R-CLASS): the CWE
// Top 25 Most Dangerous Software Weaknesses (2024) and the weaknesses most
// often seen in product security reports (including a few CWE categories
// still common in older CNVD/NVD records, such as CWE-16 and CWE-310), each
// with its CWE name and a Chinese name. Not every CWE: any well-formed id (parse_cwe_id) is
// accepted where a CWE is asked for; this only names the common ones.
//
// English names follow MITRE's CWE list (version 4.x wording); the Chinese
// names are our translations in the style of CNNVD/CNVD, not an official
// table. Ids are in ascending order.
#pragma once

#include <span>
#include <string_view>

namespace loudong::assessment {

struct CweEntry {
  int id;                    // 79 for CWE-79
  int top25_rank;            // 1..25 in the 2024 CWE Top 25; 0 when not in it
  std::string_view name_en;
  std::string_view name_zh;
};

std::span<const CweEntry> cwe_catalogue();
// The entry for an id, or nullptr when the catalogue does not name it.
const CweEntry* find_cwe(int id);

}  // namespace loudong::assessment
