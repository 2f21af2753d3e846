// jemalloc's options for the programs linked with it (the server, the
// benchmarks): read by jemalloc at start from this symbol; ignored when the
// allocator is another one (sanitizer builds).
//
// thp:always backs the heap with transparent huge pages. The matching index
// is hundreds of MB of small objects reached in random order, so a scan is
// bound by TLB and cache misses: on the 520k-record index a 10,000-component
// match took 61 ms of CPU with huge pages and 76 ms without
// (docs/performance.md, "Scan, third pass"). The kernel here offers THP on
// madvise, which is what jemalloc asks for.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
