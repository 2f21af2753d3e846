// The CSAF provider tree (CSAF 2.0 section 7) and the portal's Atom feed,
// served from the store for the public advisories: the newest published
// revision of each advisory that is not withdrawn and is TLP:CLEAR (the
// store's public_advisories), each passing the no-exploit gate (R-PUB-4)
// again on its way out; one that fails is left out of every list and its
// document answers the gate's 409. Addresses come from notify.public_url:
//   /.well-known/csaf/provider-metadata.json   role csaf_trusted_provider (formats/exports.h), and .asc
//   /.well-known/csaf/feed-tlp-white.json      the ROLIE feed
//   /.well-known/csaf/clear/index.txt, changes.csv
//   /.well-known/csaf/clear/<YYYY>/<id>.json   and .sha256, .sha512 ("<hex>  <file name>"), .asc
//   /.well-known/csaf/openpgp/<FINGERPRINT>.asc the public key (services/csaf_signing.h)
// A .asc is a detached OpenPGP signature (formats/openpgp.h) over exactly
// the bytes served for its file, dated when the file last changed, so it
// and its ETag change only with the file.
#pragma once

#include <string>

#include "services/advisory_exports.h"
#include "services/common.h"

namespace loudong::services {

struct ProviderFile {
  std::string body;
  std::string content_type;
  Time modified{};  // the newest publication it reflects (Last-Modified)
};

// `path` is what follows "/.well-known/csaf/" ("clear/2026/ld-sa-2026-000001.json").
// not_found for anything else.
Result<ProviderFile> csaf_provider_file(Context& ctx, const std::string& path, const ExportSettings& settings);

// The Atom 1.0 feed of the public advisories; entries link to the portal's
// advisory pages (<public_url>/advisories/<ref>) and their CSAF documents.
Result<ProviderFile> advisories_atom(Context& ctx, const ExportSettings& settings);

// /.well-known/security.txt (RFC 9116; formats::security_txt): the
// platform's report form and host organisation's contact, valid for 180
// days from now (Expires), with the CSAF provider metadata as CSAF 2.0
// requirement 8 asks.
Result<ProviderFile> security_txt(Context& ctx, const ExportSettings& settings);

}  // namespace loudong::services
