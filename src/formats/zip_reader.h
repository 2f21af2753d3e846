// Reading advisory archives (OSV's per-ecosystem all.zip layout). Unlike
// the format readers this does file I/O; it lives apart so they stay pure.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace loudong::formats {

// A zip archive opened for random access: the central directory is read
// once, then any thread may read any entry (pread and libdeflate, nothing
// shared but the file descriptor), so an import inflates on every core.
// Stored and deflated entries, ZIP64; not encrypted or multi-disk archives.
// An entry's declared size bounds what is inflated (a zip bomb fails with
// "larger than declared"), and its CRC-32 is checked.
class ZipArchive {
 public:
  // Fails (code "bad_zip") when the file cannot be read or is not a zip
  // archive; the message names the cause, the log message also the path.
  static Result<std::unique_ptr<ZipArchive>> open(const std::string& path, std::size_t max_entry_bytes = 64u << 20);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  std::size_t size() const { return entries_.size(); }
  std::string_view name(std::size_t i) const;
  bool is_directory(std::size_t i) const;  // the name ends with '/'
  std::uint64_t uncompressed_size(std::size_t i) const { return entries_[i].size; }
  // Entry i's content, replacing out. Thread-safe. Fails (code "bad_zip")
  // naming the entry: larger than max_entry_bytes, damaged, encrypted, an
  // unknown compression method, a CRC mismatch.
  // With `deflated`, a deflated entry's compressed bytes (a raw deflate
  // stream, checked: it inflated to out) are copied there too, so a caller
  // that keeps the entry compressed need not compress it again; for a
  // stored entry *deflated is cleared.
  Status read(std::size_t i, std::string& out, std::string* deflated = nullptr) const;

 private:
  struct Entry {
    std::uint64_t header_offset = 0;  // of the local file header
    std::uint64_t compressed = 0, size = 0;
    std::uint32_t crc = 0;
    std::uint32_t name_offset = 0;  // into names_
    std::uint16_t name_size = 0;
    std::uint16_t method = 0;
    std::uint16_t flags = 0;
  };
  ZipArchive(int fd, std::string path, std::uint64_t file_size, std::size_t max_entry_bytes)
      : fd_(fd), path_(std::move(path)), file_size_(file_size), max_entry_bytes_(max_entry_bytes) {}
  Status read_directory();
  Error entry_error(std::size_t i, const std::string& why) const;

  int fd_;
  std::string path_;
  std::uint64_t file_size_;
  std::size_t max_entry_bytes_;
  std::vector<Entry> entries_;
  std::string names_;
};

// Calls visit(name, content) for each regular file entry of the zip at
// zip_path, in archive order; directories are skipped. content is valid
// only during the call. visit returns false to stop early (success).
// Fails when the archive cannot be opened or an entry cannot be read
// (naming the archive and entry) or an entry is larger than
// max_entry_bytes (64 MiB by default: no advisory is near that, and a zip
// bomb must not exhaust memory).
Status for_each_zip_entry(const std::string& zip_path,
                          const std::function<bool(const std::string& name, std::string_view content)>& visit,
                          std::size_t max_entry_bytes = 64u << 20);

}  // namespace loudong::formats
