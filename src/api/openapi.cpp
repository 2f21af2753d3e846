#include "api/openapi.h"

#include "api/openapi_json.h"  // generated from openapi.json at configure time

namespace loudong::api {
const std::string& openapi_document() {
  static const std::string doc(kOpenApiJson);
  return doc;
}
}  // namespace loudong::api
