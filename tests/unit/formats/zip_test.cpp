// The zip reader on archives built here byte by byte: stored and deflated
// entries, directories, ZIP64 end records, and the damage it must refuse
// (CRC mismatch, an entry inflating past its declared size, truncation,
// unsupported methods, encryption, oversized entries); concurrent reads.
#include <libdeflate.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "formats/osv.h"
#include "formats/zip_reader.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

namespace fs = std::filesystem;

struct ZipEntry {
  std::string name, content;
  std::uint16_t method = 8;  // 0 stored, 8 deflate
  std::uint16_t flags = 0;
  std::int64_t size_delta = 0;  // lie about the uncompressed size
  std::uint32_t crc_xor = 0;    // damage the CRC
};

void le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// A zip archive; with zip64 its end records are the ZIP64 ones (the classic
// record saturated), as writers do past 65,535 entries.
std::string make_zip(const std::vector<ZipEntry>& entries, bool zip64 = false) {
  std::string out, central;
  for (const auto& e : entries) {
    std::string data = e.content;
    if (e.method == 8) {
      auto* c = libdeflate_alloc_compressor(6);
      data.resize(libdeflate_deflate_compress_bound(c, e.content.size()));
      data.resize(libdeflate_deflate_compress(c, e.content.data(), e.content.size(), data.data(), data.size()));
      libdeflate_free_compressor(c);
    }
    std::uint32_t crc = libdeflate_crc32(0, e.content.data(), e.content.size()) ^ e.crc_xor;
    std::uint64_t size = static_cast<std::uint64_t>(static_cast<std::int64_t>(e.content.size()) + e.size_delta);
    std::uint64_t offset = out.size();
    le(out, 0x04034b50, 4), le(out, 20, 2), le(out, e.flags, 2), le(out, e.method, 2), le(out, 0, 4);
    le(out, crc, 4), le(out, data.size(), 4), le(out, size, 4), le(out, e.name.size(), 2), le(out, 0, 2);
    out += e.name + data;
    le(central, 0x02014b50, 4), le(central, 20, 2), le(central, 20, 2), le(central, e.flags, 2);
    le(central, e.method, 2), le(central, 0, 4), le(central, crc, 4), le(central, data.size(), 4);
    le(central, size, 4), le(central, e.name.size(), 2), le(central, 0, 2), le(central, 0, 2), le(central, 0, 2);
    le(central, 0, 2), le(central, 0, 4), le(central, offset, 4);
    central += e.name;
  }
  std::uint64_t cd_off = out.size();
  out += central;
  if (zip64) {
    std::uint64_t z64 = out.size();
    le(out, 0x06064b50, 4), le(out, 44, 8), le(out, 45, 2), le(out, 45, 2), le(out, 0, 4), le(out, 0, 4);
    le(out, entries.size(), 8), le(out, entries.size(), 8), le(out, central.size(), 8), le(out, cd_off, 8);
    le(out, 0x07064b50, 4), le(out, 0, 4), le(out, z64, 8), le(out, 1, 4);
  }
  le(out, 0x06054b50, 4), le(out, 0, 2), le(out, 0, 2);
  le(out, zip64 ? 0xffff : entries.size(), 2), le(out, zip64 ? 0xffff : entries.size(), 2);
  le(out, central.size(), 4), le(out, zip64 ? 0xffffffff : cd_off, 4), le(out, 0, 2);
  return out;
}

class ZipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("loudong-zip-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& bytes) {
    std::string p = (dir_ / ("z" + std::to_string(n_++) + ".zip")).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  fs::path dir_;
  int n_ = 0;
};

TEST_F(ZipTest, ReadsStoredDeflatedAndZip64Archives) {
  std::string big(100000, 'a');
  for (std::size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>('a' + i % 26);
  std::vector<ZipEntry> entries = {{"dir/", "", 0}, {"dir/a.json", R"({"id":"A"})", 0}, {"b.json", big, 8},
                                   {"empty.json", "", 8}};
  for (bool zip64 : {false, true}) {
    SCOPED_TRACE(zip64 ? "zip64" : "classic");
    auto z = ZipArchive::open(file(make_zip(entries, zip64)));
    ASSERT_TRUE(z.ok()) << z.error().log_message();
    ASSERT_EQ((*z)->size(), 4u);
    EXPECT_TRUE((*z)->is_directory(0));
    EXPECT_EQ((*z)->name(1), "dir/a.json");
    std::string out;
    ASSERT_TRUE((*z)->read(1, out).ok());
    EXPECT_EQ(out, R"({"id":"A"})");
    ASSERT_TRUE((*z)->read(2, out).ok());
    EXPECT_EQ(out, big);
    ASSERT_TRUE((*z)->read(3, out).ok());
    EXPECT_EQ(out, "");
    // The compressed bytes on request: a raw deflate stream of a deflated
    // entry (it inflates to the content), nothing for a stored one.
    std::string deflated = "left over";
    ASSERT_TRUE((*z)->read(1, out, &deflated).ok());
    EXPECT_EQ(deflated, "");
    ASSERT_TRUE((*z)->read(2, out, &deflated).ok());
    ASSERT_FALSE(deflated.empty());
    EXPECT_LT(deflated.size(), big.size());
    std::string again(big.size(), '\0');
    std::size_t got = 0;
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    EXPECT_EQ(libdeflate_deflate_decompress(d, deflated.data(), deflated.size(), again.data(), again.size(), &got),
              LIBDEFLATE_SUCCESS);
    libdeflate_free_decompressor(d);
    EXPECT_EQ(got, big.size());
    EXPECT_EQ(again, big);
  }
  std::vector<std::string> seen;
  ASSERT_TRUE(for_each_zip_entry(file(make_zip(entries)), [&](const std::string& n, std::string_view c) {
    seen.push_back(n + ":" + std::to_string(c.size()));
    return true;
  }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"dir/a.json:10", "b.json:100000", "empty.json:0"}));
}

TEST_F(ZipTest, RefusesDamageNamingTheEntry) {
  auto read_one = [&](const ZipEntry& e, std::size_t max = 64u << 20) -> Status {
    auto z = ZipArchive::open(file(make_zip({e})), max);
    if (!z.ok()) return z.error();
    std::string out;
    return (*z)->read(0, out);
  };
  std::string text(5000, 'x');
  struct Case {
    ZipEntry entry;
    std::string why;
  } cases[] = {
      {{"crc.json", text, 8, 0, 0, 1}, "CRC-32 mismatch"},
      {{"bomb.json", text, 8, 0, -100}, "more than its declared size"},
      {{"short.json", text, 8, 0, 100}, "less than its declared size"},
      {{"stored.json", text, 0, 0, 100}, "two sizes"},
      {{"bzip2.json", text, 12}, "compression method 12"},
      {{"secret.json", text, 8, 1}, "encrypted"},
  };
  for (const auto& c : cases) {
    Status st = read_one(c.entry);
    ASSERT_FALSE(st.ok()) << c.entry.name;
    EXPECT_EQ(st.error().code(), "bad_zip");
    EXPECT_NE(st.error().message().find(c.entry.name), std::string::npos) << st.error().message();
    EXPECT_NE(st.error().message().find(c.why), std::string::npos) << st.error().message();
  }
  Status large = read_one({"large.json", text, 8}, 1000);
  ASSERT_FALSE(large.ok());
  EXPECT_NE(large.error().message().find("larger than"), std::string::npos);

  // Truncated archives and other files are not archives.
  std::string whole = make_zip({{"a.json", text, 8}});
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, whole.size() / 2, whole.size() - 1}) {
    auto z = ZipArchive::open(file(whole.substr(0, cut)));
    ASSERT_FALSE(z.ok()) << cut;
    EXPECT_EQ(z.error().code(), "bad_zip");
  }
  EXPECT_FALSE(ZipArchive::open(dir_.string()).ok());  // a directory
  // The central directory pointing past its end record.
  std::string bad = whole;
  bad[bad.size() - 6] = '\x7f';
  EXPECT_FALSE(ZipArchive::open(file(bad)).ok());
}

TEST_F(ZipTest, GoOsvArchiveReadsOnTwoThreadsAlike) {
  auto path = testing::shared_data() / "advisories/go-osv.zip";
  if (!fs::exists(path)) GTEST_SKIP();
  auto z = ZipArchive::open(path.string());
  ASSERT_TRUE(z.ok()) << z.error().log_message();
  const ZipArchive& zip = **z;
  std::size_t json = 0;
  for (std::size_t i = 0; i < zip.size(); ++i)
    if (zip.name(i).size() > 5 && zip.name(i).substr(zip.name(i).size() - 5) == ".json") ++json;
  EXPECT_EQ(json, 4291u);
  std::vector<std::string> a(zip.size()), b(zip.size());
  std::atomic<int> failures{0};
  auto read_all = [&](std::vector<std::string>& out, bool backwards) {
    for (std::size_t k = 0; k < zip.size(); ++k) {
      std::size_t i = backwards ? zip.size() - 1 - k : k;
      if (!zip.read(i, out[i]).ok()) ++failures;
    }
  };
  std::thread t1(read_all, std::ref(a), false), t2(read_all, std::ref(b), true);
  t1.join();
  t2.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(a, b);
  std::size_t parsed = 0;
  for (const auto& text : a) parsed += read_osv(text).ok();
  EXPECT_EQ(parsed, 4291u);
}

}  // namespace
}  // namespace loudong::formats
