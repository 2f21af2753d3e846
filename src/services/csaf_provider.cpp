#include "services/csaf_provider.h"

#include <algorithm>

#include "crypto/crypto.h"
#include "domain/advisory_rules.h"
#include "formats/advisory_json.h"
#include "formats/openpgp.h"
#include "services/csaf_signing.h"

namespace loudong::services {

using namespace domain;

namespace {

struct PublicSet {
  std::vector<Advisory> advisories;  // the servable ones
  std::vector<std::pair<std::string, Error>> refused;  // csaf_path, the gate's refusal
  std::optional<Organisation> host;
  Time latest{};  // newest publication among them
  formats::openpgp::SigningKey key;
};

// Every public advisory, read page by page in one transaction; those the
// no-exploit gate refuses now are left out of the lists, and their documents
// answer the refusal. With the signing key for the tree (not the Atom feed).
Result<PublicSet> public_set(Context& ctx, bool with_key) {
  Time now = ctx.clock.now();
  return ctx.store.read([&](store::ReadTx& tx) -> Result<PublicSet> {
    PublicSet out;
    LD_ASSIGN_OR_RETURN(out.host, tx.org(kHostOrg));
    if (with_key) {
      LD_ASSIGN_OR_RETURN(out.key, read_csaf_signing_key(tx, ctx.seal_key));
    }
    store::PageRequest p;
    p.limit = 200;
    for (;;) {
      LD_ASSIGN_OR_RETURN(auto page, tx.public_advisories(p, ""));
      for (const auto& s : page.items) {
        auto a = formats::advisory_from_json(s.snapshot);
        if (!a.ok()) return Error::internal("advisory_revisions " + s.ref + ": " + a.error().message());
        if (auto gate = no_exploit_gate(advisory_exploit_hits(*a), now); !gate.ok()) {
          out.refused.emplace_back(formats::csaf_path(*a), gate.error());
          continue;
        }
        out.latest = std::max(out.latest, s.published_at);
        out.advisories.push_back(std::move(*a));
      }
      if (page.next_cursor.empty()) break;
      p.cursor = page.next_cursor;
    }
    return out;
  });
}

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kText = "text/plain; charset=utf-8";

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The publisher of the tree, with the signing key that export_publisher
// (shared with the exports, which are not signed) leaves out.
formats::Publisher tree_publisher(const PublicSet& set, const ExportSettings& settings) {
  formats::Publisher pub = export_publisher(set.host, nullptr, settings);
  pub.openpgp_fingerprint = formats::openpgp::fingerprint_hex(set.key);
  pub.openpgp_key_url = pub.provider_url + "/openpgp/" + pub.openpgp_fingerprint + ".asc";
  return pub;
}

Result<ProviderFile> tree_file(const PublicSet& set, const std::string& path, const ExportSettings& settings) {
  formats::Publisher pub = tree_publisher(set, settings);
  // The public key (requirement 20), named by its fingerprint.
  if (path == "openpgp/" + pub.openpgp_fingerprint + ".asc")
    return ProviderFile{formats::openpgp::armored_public_key(set.key, formats::openpgp_user_id(pub)),
                        "application/pgp-keys", set.key.created};
  // A signature (requirement 19) over exactly the bytes served for the file,
  // dated when the file last changed (never before the key was made: gpg
  // refuses a signature older than its key), so it changes only with them.
  if (path == "provider-metadata.json.asc" || (path.rfind("clear/", 0) == 0 && ends_with(path, ".json.asc"))) {
    LD_ASSIGN_OR_RETURN(auto f, tree_file(set, path.substr(0, path.size() - 4), settings));
    Time at = std::max(f.modified, set.key.created);
    return ProviderFile{formats::openpgp::armored_signature(set.key, f.body, at), "application/pgp-signature", f.modified};
  }
  if (path == "provider-metadata.json")
    return ProviderFile{formats::provider_metadata(pub, set.latest).dump(2), kJson, set.latest};
  if (path == "feed-tlp-white.json")
    return ProviderFile{formats::rolie_feed(set.advisories, pub, set.latest).dump(2), kJson, set.latest};
  if (path == "clear/index.txt") return ProviderFile{formats::index_txt(set.advisories), kText, set.latest};
  if (path == "clear/changes.csv")
    return ProviderFile{formats::changes_csv(set.advisories), "text/csv; charset=utf-8", set.latest};
  // A document or one of its hashes: "clear/<csaf_path>[.sha256|.sha512]".
  constexpr std::string_view kClear = "clear/";
  if (path.rfind(kClear, 0) != 0) return Error::not_found("CSAF provider file /.well-known/csaf/" + path);
  std::string rest = path.substr(kClear.size()), hash;
  for (const char* ext : {".sha256", ".sha512"})
    if (rest.size() > 7 && rest.compare(rest.size() - 7, 7, ext) == 0) {
      hash = ext + 1;
      rest.resize(rest.size() - 7);
    }
  for (const auto& a : set.advisories) {
    if (formats::csaf_path(a) != rest) continue;
    formats::Publisher doc_pub = export_publisher(set.host, &a, settings);
    LD_ASSIGN_OR_RETURN(auto doc, formats::write_csaf(a, doc_pub));
    std::string body = doc.dump(2);
    Time modified = a.history.empty() ? set.latest : a.history.back().at;
    if (hash.empty()) return ProviderFile{std::move(body), kJson, modified};
    // The format of sha256sum / sha512sum, as CSAF 2.0 requirement 18 shows.
    std::string file = rest.substr(rest.rfind('/') + 1);
    std::string hex = hash == "sha256" ? crypto::sha256_hex(body) : crypto::sha512_hex(body);
    return ProviderFile{hex + "  " + file + "\n", kText, modified};
  }
  for (const auto& [refused_path, why] : set.refused)
    if (refused_path == rest) return why;
  // Withdrawn, not CLEAR, never published, refused by the gate, or no such path: all alike.
  return Error::not_found("CSAF document /.well-known/csaf/" + path);
}

}  // namespace

Result<ProviderFile> csaf_provider_file(Context& ctx, const std::string& path, const ExportSettings& settings) {
  LD_ASSIGN_OR_RETURN(auto set, public_set(ctx, true));
  return tree_file(set, path, settings);
}

Result<ProviderFile> advisories_atom(Context& ctx, const ExportSettings& settings) {
  LD_ASSIGN_OR_RETURN(auto set, public_set(ctx, false));
  formats::Publisher pub = export_publisher(set.host, nullptr, settings);
  std::string portal = pub.namespace_url;
  return ProviderFile{formats::atom_feed(set.advisories, pub, portal, set.latest,
                                         portal + "/api/v1/public/advisories.atom"),
                      "application/atom+xml; charset=utf-8", set.latest};
}

Result<ProviderFile> security_txt(Context& ctx, const ExportSettings& settings) {
  LD_ASSIGN_OR_RETURN(auto host, ctx.store.read([](store::ReadTx& tx) { return tx.org(kHostOrg); }));
  formats::Publisher pub = export_publisher(host, nullptr, settings);
  // Dated from the start of today (UTC), so the file, and its ETag, stay
  // the same all day and caches can keep it.
  constexpr std::int64_t kDay = 86400LL * 1000000;
  const std::int64_t now = to_micros(ctx.clock.now());
  Time today = from_micros(now - now % kDay);
  return ProviderFile{formats::security_txt(pub, pub.namespace_url, today + std::chrono::hours(24 * 180)), kText, today};
}

}  // namespace loudong::services
