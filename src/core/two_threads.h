// Splits one request's CPU work over two threads: the calling thread and one
// helper, which is what this 2-core target can give a single request
// (a 10,000-component SBOM read or scan). Small work stays on the caller.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>

namespace loudong {

// Calls part(chunk, first, last) for every chunk [first, last) of [0, n),
// chunks of `chunk` items numbered from 0, each exactly once. With n at
// least `min_parallel` (and two hardware threads) the chunks are taken by
// the caller and one helper thread as each gets free, so uneven items (a
// popular package, a component with many children) do not leave one thread
// waiting; otherwise all run on the caller, in order. chunk_count(n, chunk)
// is the number of chunks, so the caller can size per-chunk outputs before
// the call and join them in order after. `part` must be safe to call from
// two threads at once on different chunks and must not throw (an exception
// on the helper thread ends the process, as any uncaught one there does).
inline std::size_t chunk_count(std::size_t n, std::size_t chunk) { return (n + chunk - 1) / chunk; }

template <class F>
void for_chunks_on_two_threads(std::size_t n, std::size_t chunk, std::size_t min_parallel, F part) {
  const std::size_t chunks = chunk_count(n, chunk);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t c; (c = next.fetch_add(1, std::memory_order_relaxed)) < chunks;)
      part(c, c * chunk, std::min(n, (c + 1) * chunk));
  };
  if (n < min_parallel || chunks < 2 || std::thread::hardware_concurrency() < 2) {
    work();
    return;
  }
  std::thread helper(work);
  work();
  helper.join();
}

}  // namespace loudong
