#include <gtest/gtest.h>

#include "http/server.h"

namespace loudong::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlus) {
  auto r = percent_decode("%41b+c%2f", true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "Ab c/");
  auto p = percent_decode("a+b%20c", false);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, "a+b c");
}

TEST(PercentDecode, RejectsBadEscapes) {
  EXPECT_FALSE(percent_decode("%zz", false).ok());
  EXPECT_FALSE(percent_decode("abc%4", false).ok());
  EXPECT_FALSE(percent_decode("abc%", false).ok());
  EXPECT_FALSE(percent_decode("%g1", true).ok());
  EXPECT_EQ(percent_decode("%zz", false).error().kind(), ErrorKind::invalid_argument);
}

TEST(Request, HeaderIsCaseInsensitive) {
  Request r;
  r.headers = {{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.header("X-A"), "1");
  EXPECT_FALSE(r.header("x-missing").has_value());
}

TEST(Request, QueryParamsAreDecodedInOrder) {
  Request r;
  r.query = "q=a+b%26c&empty=&flag&q=second&bad=%zz&&n%61me=v";
  EXPECT_EQ(r.query_param("q"), "a b&c");
  EXPECT_EQ(r.query_param("empty"), "");
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("name"), "v");
  EXPECT_FALSE(r.query_param("bad").has_value());
  EXPECT_FALSE(r.query_param("missing").has_value());
  const auto all = r.query_params();
  const std::vector<std::pair<std::string, std::string>> want = {
      {"q", "a b&c"}, {"empty", ""}, {"flag", ""}, {"q", "second"}, {"name", "v"}};
  EXPECT_EQ(all, want);
}

}  // namespace
}  // namespace loudong::http
