#include "formats/zip_reader.h"

#include <zip.h>

#include <memory>

namespace loudong::formats {

namespace {
struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read-only: nothing to write back
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
}  // namespace

Status for_each_zip_entry(const std::string& zip_path,
                          const std::function<bool(const std::string& name, std::string_view content)>& visit,
                          std::size_t max_entry_bytes) {
  int err = 0;
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open(zip_path.c_str(), ZIP_RDONLY, &err));
  if (!zip) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    Error e = Error::invalid("cannot open zip archive: " + std::string(zip_error_strerror(&ze)), "bad_zip")
                  .with_log("cannot open zip archive " + zip_path + ": " + zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return e;
  }
  zip_int64_t n = zip_get_num_entries(zip.get(), 0);
  std::string buffer;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0)
      return Error::invalid("cannot read entry " + std::to_string(i) + " of " + zip_path + ": " +
                                zip_strerror(zip.get()),
                            "bad_zip");
    std::string name = (st.valid & ZIP_STAT_NAME) ? st.name : "";
    if (!name.empty() && name.back() == '/') continue;  // a directory
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > max_entry_bytes)
      return Error::invalid("entry " + name + " of " + zip_path + " is too large or has no size", "bad_zip");
    std::unique_ptr<zip_file_t, FileCloser> f(zip_fopen_index(zip.get(), static_cast<zip_uint64_t>(i), 0));
    if (!f)
      return Error::invalid("cannot open entry " + name + " of " + zip_path + ": " + zip_strerror(zip.get()),
                            "bad_zip");
    buffer.resize(st.size);
    zip_int64_t got = st.size == 0 ? 0 : zip_fread(f.get(), buffer.data(), st.size);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
      return Error::invalid("cannot read entry " + name + " of " + zip_path + ": " +
                                zip_file_strerror(f.get()),
                            "bad_zip");
    if (!visit(name, std::string_view(buffer.data(), buffer.size()))) break;
  }
  return {};
}

}  // namespace loudong::formats
