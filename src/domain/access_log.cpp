#include "domain/access_log.h"

namespace loudong::domain {

std::string access_entry_hash(const AccessEntry& e) {
  CanonicalFields f("loudong-access-v1");
  f.put(e.seq).put(to_micros(e.at)).put(e.user_id ? std::to_string(*e.user_id) : std::string());
  f.put(e.actor_name).put(e.action).put(e.object_type).put(e.object_id).put(e.detail).put(e.request_id);
  f.put(e.prev_hash);
  return f.sha256_hex();
}

}  // namespace loudong::domain
