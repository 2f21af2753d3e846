#include "domain/operator_cases.h"

#include <nlohmann/json.hpp>

namespace loudong::domain {

using nlohmann::json;

std::string operator_details_json(const OperatorDetails& d) {
  return json{{"asset", d.asset}, {"location", d.location}, {"owner", d.owner}}.dump();
}

Result<OperatorDetails> operator_details_from_json(const std::string& text, Id case_id) {
  auto j = json::parse(text, nullptr, false);
  auto str = [&](const char* k) -> const json* {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? &*it : nullptr;
  };
  if (!j.is_object() || !str("asset") || !str("location") || !str("owner"))
    return Error::internal("operator_cases " + std::to_string(case_id) + ": the sealed details are not an object of asset, location, owner");
  return OperatorDetails{str("asset")->get<std::string>(), str("location")->get<std::string>(),
                         str("owner")->get<std::string>()};
}

std::string exposure_details_json(const AssetExposure& x) { return json{{"asset", x.asset}, {"note", x.note}}.dump(); }

Status exposure_details_from_json(const std::string& text, AssetExposure& x) {
  auto j = json::parse(text, nullptr, false);
  auto str = [&](const char* k) -> const json* {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? &*it : nullptr;
  };
  if (!j.is_object() || !str("asset") || !str("note"))
    return Error::internal("asset_exposures " + std::to_string(x.id) + ": the sealed details are not an object of asset, note");
  x.asset = str("asset")->get<std::string>();
  x.note = str("note")->get<std::string>();
  return {};
}

}  // namespace loudong::domain
