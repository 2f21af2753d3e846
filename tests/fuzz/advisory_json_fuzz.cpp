// libFuzzer target: the advisory JSON reader (formats/advisory_json.h) must
// never crash or leak on any bytes; what it accepts must write and read back
// the same; and the exporters must not crash on it: a CSAF document they
// return passes the mandatory tests, an OSV record reads back.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/advisory_json.h"
#include "formats/csaf_check.h"
#include "formats/exports.h"
#include "formats/osv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loudong::formats;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto a = advisory_from_json(text);
  if (!a.ok()) return 0;
  auto once = advisory_to_json(*a);
  auto b = advisory_from_json(once.dump());
  if (!b.ok() || advisory_to_json(*b) != once) std::abort();

  Publisher pub;
  pub.name = "fuzz";
  pub.namespace_url = "https://fuzz.example";
  pub.base_url = "https://fuzz.example/.well-known/csaf";
  pub.cve_org_id = "8254265b-2729-46b6-b9e3-3dfca2d5bfca";
  if (auto doc = write_csaf(*a, pub); doc.ok() && !csaf_mandatory_problems(*doc).empty()) std::abort();
  (void)write_cve5(*a, pub);
  if (auto osv = write_advisory_osv(*a, pub); osv.ok() && !read_osv(*osv).ok()) std::abort();
  (void)atom_feed({*a}, pub, "https://fuzz.example", {});
  (void)changes_csv({*a});
  return 0;
}
