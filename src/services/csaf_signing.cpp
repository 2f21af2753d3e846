#include "services/csaf_signing.h"

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace loudong::services {

namespace {

using nlohmann::json;

struct Stored {
  std::string fingerprint;  // what it claims, for the message when it does not open
  Result<formats::openpgp::SigningKey> key;
};

Stored open_stored(const std::string& value, const crypto::SealKey& seal_key) {
  auto bad = [](const std::string& why) {
    return Error::internal(std::string("setting ") + kCsafKeySetting + ": " + why);
  };
  json j = json::parse(value, nullptr, false);
  if (!j.is_object() || !j.contains("created") || !j["created"].is_string() || !j.contains("seed") ||
      !j["seed"].is_string())
    return {"", bad("not {created, fingerprint, seed}")};
  Stored out{j.value("fingerprint", ""), Error::internal("")};
  auto created = parse_time(j["created"].get<std::string>());
  auto sealed = crypto::base64_decode(j["seed"].get<std::string>());
  if (!created.ok() || !sealed.ok()) {
    out.key = bad("created or seed does not parse");
    return out;
  }
  auto seed = crypto::unseal(seal_key, *sealed);
  if (!seed.ok()) {
    out.key = bad("the key " + out.fingerprint + " does not open with this seal.key");
    return out;
  }
  auto secret = crypto::sign_key_from_seed(*seed);
  if (!secret.ok()) {
    out.key = bad(secret.error().message());
    return out;
  }
  out.key = formats::openpgp::SigningKey{*secret, *created};
  return out;
}

}  // namespace

Result<formats::openpgp::SigningKey> read_csaf_signing_key(store::ReadTx& tx, const crypto::SealKey& seal_key) {
  LD_ASSIGN_OR_RETURN(auto value, tx.setting(kCsafKeySetting));
  if (!value) return Error::internal("no CSAF signing key yet: the server makes one when it starts");
  return open_stored(*value, seal_key).key;
}

Result<CsafKeyOpened> ensure_csaf_signing_key(Context& ctx) {
  // Whole seconds: OpenPGP keeps no more, and the fingerprint covers it.
  const std::int64_t now = to_micros(ctx.clock.now());
  const Time created = from_micros(now - now % 1000000);
  return ctx.store.write([&](store::WriteTx& tx) -> Result<CsafKeyOpened> {
    CsafKeyOpened out;
    LD_ASSIGN_OR_RETURN(auto value, tx.setting(kCsafKeySetting));
    if (value) {
      Stored s = open_stored(*value, ctx.seal_key);
      if (s.key.ok()) {
        out.key = *s.key;
        return out;
      }
      out.replaced = s.fingerprint.empty() ? "(unreadable)" : s.fingerprint;
    }
    std::string seed = crypto::random_bytes(32);
    LD_ASSIGN_OR_RETURN(auto secret, crypto::sign_key_from_seed(seed));
    out.key = formats::openpgp::SigningKey{secret, created};
    out.created = true;
    json stored{{"created", format_utc(created)},
                {"fingerprint", formats::openpgp::fingerprint_hex(out.key)},
                {"seed", crypto::base64_encode(crypto::seal(ctx.seal_key, seed))}};
    LD_RETURN_IF_ERROR(tx.set_setting(kCsafKeySetting, stored.dump()));
    return out;
  });
}

}  // namespace loudong::services
