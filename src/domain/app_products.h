// Mobile apps and mini-programs as products (R-APPS, the CAPPVD library):
// the platform they run on, their package or app id, their store version.
//
// The platforms are one table (app_products.cpp): which product kind each
// belongs to and the shape of its ids. A product of another kind carries
// no app id or store version; its `platform` stays free text (as before).
// Pure rules: no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "domain/types.h"

namespace loudong::domain {

struct AppPlatform {
  std::string_view name;     // "android", "wechat", ...
  ProductKind kind;          // mobile_app or mini_program
  std::string_view pattern;  // ECMAScript regex the whole app id must match
  std::string_view shape;    // shown in errors
};

const std::vector<AppPlatform>& app_platforms();
const AppPlatform* find_app_platform(std::string_view name);
bool is_app_kind(ProductKind k);

// Field problems ("platform", "app_id", "store_version") of a product of
// `kind` with these values. Apps: a platform of their kind is required, an
// app id of its shape is required, the store version is optional text.
// Other kinds: app_id and store_version must be empty.
std::vector<FieldError> app_product_problems(ProductKind kind, const std::string& platform, const std::string& app_id,
                                             const std::string& store_version);

// How an app is named in exports with no field for it (a CSAF note, the
// product's full name): "Android com.example.pay 3.2.1" or "" for non-apps.
std::string app_label(std::string_view platform, std::string_view app_id, std::string_view store_version);

}  // namespace loudong::domain
