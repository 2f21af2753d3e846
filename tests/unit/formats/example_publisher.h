// The publisher the export tests write as: one PSIRT with a CNA id.
#pragma once

#include "formats/exports.h"

namespace loudong::formats::testing {

inline Publisher example_publisher() {
  Publisher p;
  p.name = "示例软件有限公司 PSIRT";
  p.namespace_url = "https://psirt.example.cn";
  p.contact = "psirt@example.cn";
  p.base_url = "https://psirt.example.cn/.well-known/csaf";
  p.cve_org_id = "8254265b-2729-46b6-b9e3-3dfca2d5bfca";
  p.cve_short_name = "example";
  return p;
}

}  // namespace loudong::formats::testing
