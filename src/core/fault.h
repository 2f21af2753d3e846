// Fault injection for tests: the N-th storage operation of one request fails,
// as a disk error would (SQLite's "N-th operation fails" testing, issue 11).
// Compiled in only when the build sets LOUDONG_FAULT_INJECTION (the test
// build, CMake option of the same name, on with the sanitizers); otherwise
// compiled_in() is false and hit() always false.
//
// A Plan belongs to one request. The server's API arms it for a request that
// asks (header X-Loudong-Fault: N, test builds only) and the store counts
// every statement it runs for that request against it: on the request's
// thread for reads, on the writer thread for the request's write job (the
// store carries the plan over). The thread-local design keeps other
// requests and the background work of the same process unaffected.
#pragma once

namespace loudong::fault {

struct Plan {
  int fail_at = 0;  // the operation to fail, counting from 1; 0 never
  int count = 0;    // operations counted so far
  bool hit = false;  // whether the fault was injected
};

bool compiled_in();
// The calling thread's plan, or null.
Plan* current();
// Counts one storage operation against the calling thread's plan: true when
// it is the one to fail (the caller then fails it as an I/O error).
bool hit();

// Makes `plan` the calling thread's plan for the scope (null: none).
class Scope {
 public:
  explicit Scope(Plan* plan);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  Plan* previous_;
};

}  // namespace loudong::fault
