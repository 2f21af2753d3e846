#include "formats/zip_reader.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace loudong::formats {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::size_t kEndSize = 22, kLocalSize = 30, kCentralSize = 46;
constexpr std::uint64_t kMaxDirectory = 1ull << 30;  // 1 GiB: ~10M entries

std::uint16_t u16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
std::uint32_t u32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
std::uint64_t u64(const unsigned char* p) { return u32(p) | static_cast<std::uint64_t>(u32(p + 4)) << 32; }

// Reads exactly n bytes at off; false on a short read or an error.
bool pread_all(int fd, void* buf, std::size_t n, std::uint64_t off) {
  auto* p = static_cast<char*>(buf);
  while (n > 0) {
    ssize_t got = ::pread(fd, p, n, static_cast<off_t>(off));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= static_cast<std::size_t>(got);
    off += static_cast<std::uint64_t>(got);
  }
  return true;
}

Error bad_zip(const std::string& path, const std::string& why) {
  return Error::invalid("cannot open zip archive: " + why, "bad_zip")
      .with_log("cannot open zip archive " + path + ": " + why);
}

struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

}  // namespace

Result<std::unique_ptr<ZipArchive>> ZipArchive::open(const std::string& path, std::size_t max_entry_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return bad_zip(path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return bad_zip(path, "not a regular file");
  }
  std::unique_ptr<ZipArchive> z(new ZipArchive(fd, path, static_cast<std::uint64_t>(st.st_size), max_entry_bytes));
  LD_RETURN_IF_ERROR(z->read_directory());
  return z;
}

ZipArchive::~ZipArchive() { ::close(fd_); }

Status ZipArchive::read_directory() {
  // The end of central directory record: the last signature within the
  // final 64 KiB + 22 bytes (it may be followed by a comment).
  if (file_size_ < kEndSize) return bad_zip(path_, "too short to be a zip archive");
  std::size_t tail_size = static_cast<std::size_t>(std::min<std::uint64_t>(file_size_, 0xffff + kEndSize));
  std::vector<unsigned char> tail(tail_size);
  std::uint64_t tail_off = file_size_ - tail_size;
  if (!pread_all(fd_, tail.data(), tail_size, tail_off)) return bad_zip(path_, "read error");
  std::size_t e = tail_size - kEndSize + 1;
  bool found = false;
  while (e-- > 0) {
    if (u32(&tail[e]) == kEndOfDirectory && e + kEndSize + u16(&tail[e + 20]) <= tail_size) {
      found = true;
      break;
    }
  }
  if (!found) return bad_zip(path_, "no end of central directory (not a zip archive, or truncated)");
  const unsigned char* end = &tail[e];
  if (u16(end + 4) != 0 || u16(end + 6) != 0) return bad_zip(path_, "multi-disk archives are not supported");
  std::uint64_t count = u16(end + 10), dir_size = u32(end + 12), dir_off = u32(end + 16);
  std::uint64_t end_off = tail_off + e;
  // ZIP64: a locator just before the end record points at the ZIP64 end
  // record (required when a field is saturated; 65,535 entries exactly may
  // do without).
  unsigned char loc[20];
  bool zip64 = end_off >= 20 && pread_all(fd_, loc, 20, end_off - 20) && u32(loc) == kZip64Locator;
  if (!zip64 && (dir_size == 0xffffffff || dir_off == 0xffffffff)) return bad_zip(path_, "ZIP64 locator missing");
  if (zip64) {
    unsigned char z64[56];
    std::uint64_t z64_off = u64(loc + 8);
    if (z64_off + 56 > end_off || !pread_all(fd_, z64, 56, z64_off) || u32(z64) != kZip64End)
      return bad_zip(path_, "ZIP64 end of central directory damaged");
    count = u64(z64 + 32);
    dir_size = u64(z64 + 40);
    dir_off = u64(z64 + 48);
    end_off = z64_off;
  }
  if (dir_off > end_off || dir_size > end_off - dir_off || dir_size > kMaxDirectory)
    return bad_zip(path_, "central directory out of bounds");
  if (count > dir_size / kCentralSize) return bad_zip(path_, "central directory too small for its entry count");
  std::vector<unsigned char> dir(static_cast<std::size_t>(dir_size));
  if (!pread_all(fd_, dir.data(), dir.size(), dir_off)) return bad_zip(path_, "read error in central directory");
  entries_.reserve(static_cast<std::size_t>(count));
  std::size_t p = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (p + kCentralSize > dir.size() || u32(&dir[p]) != kCentralHeader)
      return bad_zip(path_, "central directory entry " + std::to_string(i) + " damaged");
    const unsigned char* h = &dir[p];
    Entry en;
    en.flags = u16(h + 8);
    en.method = u16(h + 10);
    en.crc = u32(h + 16);
    en.compressed = u32(h + 20);
    en.size = u32(h + 24);
    std::size_t name_size = u16(h + 28), extra_size = u16(h + 30), comment_size = u16(h + 32);
    en.header_offset = u32(h + 42);
    if (p + kCentralSize + name_size + extra_size + comment_size > dir.size())
      return bad_zip(path_, "central directory entry " + std::to_string(i) + " damaged");
    // ZIP64 extended information: the 64-bit values of the fields set to ~0.
    const unsigned char* x = h + kCentralSize + name_size;
    for (std::size_t k = 0; k + 4 <= extra_size;) {
      std::size_t id = u16(x + k), len = u16(x + k + 2);
      if (k + 4 + len > extra_size) break;
      if (id == 1) {
        const unsigned char* v = x + k + 4;
        std::size_t left = len;
        auto take = [&](std::uint64_t& field) {
          if (left >= 8) {
            field = u64(v);
            v += 8;
            left -= 8;
          }
        };
        if (en.size == 0xffffffff) take(en.size);
        if (en.compressed == 0xffffffff) take(en.compressed);
        if (en.header_offset == 0xffffffff) take(en.header_offset);
      }
      k += 4 + len;
    }
    if (names_.size() + name_size > 0xffffffffu) return bad_zip(path_, "entry names too long");
    en.name_offset = static_cast<std::uint32_t>(names_.size());
    en.name_size = static_cast<std::uint16_t>(name_size);
    names_.append(reinterpret_cast<const char*>(h + kCentralSize), name_size);
    entries_.push_back(en);
    p += kCentralSize + name_size + extra_size + comment_size;
  }
  return {};
}

std::string_view ZipArchive::name(std::size_t i) const {
  return std::string_view(names_).substr(entries_[i].name_offset, entries_[i].name_size);
}

bool ZipArchive::is_directory(std::size_t i) const {
  auto n = name(i);
  return !n.empty() && n.back() == '/';
}

Error ZipArchive::entry_error(std::size_t i, const std::string& why) const {
  return Error::invalid("cannot read entry " + std::string(name(i)) + ": " + why, "bad_zip")
      .with_log("cannot read entry " + std::string(name(i)) + " of " + path_ + ": " + why);
}

Status ZipArchive::read(std::size_t i, std::string& out, std::string* deflated) const {
  const Entry& en = entries_[i];
  if (en.size > max_entry_bytes_ || en.compressed > max_entry_bytes_)
    return entry_error(i, "larger than " + std::to_string(max_entry_bytes_ >> 20) + " MiB");
  if (en.flags & 1) return entry_error(i, "encrypted");
  if (en.method != 0 && en.method != 8)
    return entry_error(i, "compression method " + std::to_string(en.method) + " is not supported");
  // One read for the local header and the data, assuming the local extra
  // field is short; a second read when it is not.
  thread_local std::vector<unsigned char> buf;
  constexpr std::size_t kSlack = 128;
  if (en.header_offset >= file_size_) return entry_error(i, "local header out of bounds");
  std::uint64_t want = std::min<std::uint64_t>(kLocalSize + en.name_size + kSlack + en.compressed,
                                               file_size_ - en.header_offset);
  buf.resize(static_cast<std::size_t>(want));
  if (want < kLocalSize || !pread_all(fd_, buf.data(), buf.size(), en.header_offset) || u32(buf.data()) != kLocalHeader)
    return entry_error(i, "local header damaged");
  std::uint64_t data_off = kLocalSize + u16(&buf[26]) + static_cast<std::uint64_t>(u16(&buf[28]));
  if (en.header_offset + data_off + en.compressed > file_size_) return entry_error(i, "data out of bounds");
  const unsigned char* data;
  if (data_off + en.compressed <= buf.size()) {
    data = buf.data() + data_off;
  } else {
    buf.resize(static_cast<std::size_t>(en.compressed));
    if (!pread_all(fd_, buf.data(), buf.size(), en.header_offset + data_off)) return entry_error(i, "read error");
    data = buf.data();
  }
  out.resize(static_cast<std::size_t>(en.size));
  if (en.method == 0) {
    if (en.compressed != en.size) return entry_error(i, "stored entry with two sizes");
    if (en.size) std::memcpy(out.data(), data, out.size());
  } else {
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorFree> d(libdeflate_alloc_decompressor());
    if (!d) return entry_error(i, "out of memory");
    std::size_t got = 0;
    auto r = libdeflate_deflate_decompress(d.get(), data, static_cast<std::size_t>(en.compressed), out.data(),
                                           out.size(), &got);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE) return entry_error(i, "inflates to more than its declared size");
    if (r != LIBDEFLATE_SUCCESS) return entry_error(i, "damaged deflate data");
    if (got != out.size()) return entry_error(i, "inflates to less than its declared size");
  }
  if (libdeflate_crc32(0, out.data(), out.size()) != en.crc) return entry_error(i, "CRC-32 mismatch");
  if (deflated) {
    if (en.method == 8) deflated->assign(reinterpret_cast<const char*>(data), static_cast<std::size_t>(en.compressed));
    else deflated->clear();
  }
  return {};
}

Status for_each_zip_entry(const std::string& zip_path,
                          const std::function<bool(const std::string& name, std::string_view content)>& visit,
                          std::size_t max_entry_bytes) {
  LD_ASSIGN_OR_RETURN(auto zip, ZipArchive::open(zip_path, max_entry_bytes));
  std::string buffer, name;
  for (std::size_t i = 0; i < zip->size(); ++i) {
    if (zip->is_directory(i)) continue;
    LD_RETURN_IF_ERROR(zip->read(i, buffer));
    name.assign(zip->name(i));
    if (!visit(name, buffer)) break;
  }
  return {};
}

}  // namespace loudong::formats
