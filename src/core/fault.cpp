#include "core/fault.h"

namespace loudong::fault {
namespace {

thread_local Plan* t_plan = nullptr;

}  // namespace

#ifdef LOUDONG_FAULT_INJECTION
bool compiled_in() { return true; }
Plan* current() { return t_plan; }
bool hit() {
  Plan* p = t_plan;
  if (!p || p->fail_at <= 0) return false;
  if (++p->count != p->fail_at) return false;
  p->hit = true;
  return true;
}
Scope::Scope(Plan* plan) : previous_(t_plan) { t_plan = plan; }
Scope::~Scope() { t_plan = previous_; }
#else
bool compiled_in() { return false; }
Plan* current() { return nullptr; }
bool hit() { return false; }
Scope::Scope(Plan*) : previous_(nullptr) { (void)t_plan; }
Scope::~Scope() = default;
#endif

}  // namespace loudong::fault
