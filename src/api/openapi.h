// The OpenAPI 3 document served at /api/v1/openapi.json. It is written by
// hand (src/api/openapi.json) and compiled in; a unit test checks that every
// route the server has is in it, and nothing else.
#pragma once

#include <string>

namespace loudong::api {
const std::string& openapi_document();
}
