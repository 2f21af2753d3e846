#include "core/text.h"

#include <gtest/gtest.h>

#include "core/json_strict.h"

namespace loudong {
namespace {

using namespace std::string_literals;

TEST(Text, AllowsTabLineFeedAndCrLfAndEveryOtherCharacter) {
  for (std::string s : {"plain"s, "a\tb\nc"s, "a\r\nb"s, "漏洞 ½ é € 𝄞"s, ""s, "\xC2\xA0 no-break space"s})
    EXPECT_FALSE(find_control_character(s)) << s;
}

TEST(Text, RefusesC0ButTabAndLfAndDelAndC1AndABareCr) {
  struct Case {
    std::string s;
    std::size_t offset;
    char32_t code;
  } cases[] = {{"\0abc"s, 0, 0},      {"ab\x1b[31m"s, 2, 0x1b}, {"a\rb"s, 1, 0x0d}, {"ab\r"s, 2, 0x0d},
               {"x\x7f"s, 1, 0x7f},   {"x\xC2\x9B"s, 1, 0x9b},  {"\xC2\x80"s, 0, 0x80}, {"\f"s, 0, 0x0c}};
  for (const auto& c : cases) {
    auto f = find_control_character(c.s);
    ASSERT_TRUE(f) << c.offset;
    EXPECT_EQ(f->offset, c.offset);
    EXPECT_EQ(f->code, c.code);
  }
  EXPECT_EQ(control_character_message({3, 0x1b}),
            "contains a control character (U+001B at byte 3); only tab and line breaks are allowed");
}

TEST(Text, NormalisesCrLfAndReplacesTheRest) {
  std::string s = "a\r\nb\r\n";
  normalise_newlines(s);
  EXPECT_EQ(s, "a\nb\n");
  EXPECT_EQ(replace_control_characters("t\x1b[0m\r\nx\ry\xC2\x9Bz"s), "t\xEF\xBF\xBD[0m\nx\xEF\xBF\xBDy\xEF\xBF\xBDz");
}

TEST(StrictJson, NumberOutOfRangeNamesTheField) {
  struct Case {
    const char* body;
    const char* field;
  } cases[] = {{R"({"a":1e400})", "a"},
               {R"({"a":{"b":[1,2,-1e999]}})", "a.b[2]"},
               {R"({"list":[{"x":1},{"y":[0, {"z":1E+400}]}]})", "list[1].y[1].z"},
               {"1e400", "(document)"}};
  for (const auto& c : cases) {
    auto r = parse_json_strict(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().kind(), ErrorKind::unprocessable);
    ASSERT_EQ(r.error().fields().size(), 1u);
    EXPECT_EQ(r.error().fields()[0].field, c.field) << c.body;
    EXPECT_EQ(r.error().fields()[0].code, "out_of_range");
  }
  // Large but finite numbers are numbers.
  auto ok = parse_json_strict(R"({"a":1e300,"b":123456789012345678901234567890})");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE((*ok)["b"].is_number_float());
}

TEST(StrictJson, MalformedIsA400WithTheByte) {
  auto r = parse_json_strict(R"({"a":)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(r.error().code(), "malformed_json");
  EXPECT_NE(r.error().message().find("at byte"), std::string::npos);
}

TEST(StrictJson, ControlCharactersNamedPerFieldAndCrLfStoredAsLf) {
  auto r = parse_json_strict(R"({"title":"\u0000x","ok":"a\tb","list":["fine","\u001b[2J"],"n":{"k\u0007":1}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::unprocessable);
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields()) {
    EXPECT_EQ(f.code, "control_character");
    fields.push_back(f.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"title", "list[1]", "n.k\a"}));

  auto crlf = parse_json_strict(R"({"text":"one\r\ntwo"})");
  ASSERT_TRUE(crlf.ok());
  EXPECT_EQ((*crlf)["text"], "one\ntwo");
  // Documents kept as data keep their text as it is.
  auto data = parse_json_strict(R"({"d":"\u001b","e":"a\r\nb"})", {.text_rule = false});
  ASSERT_TRUE(data.ok());
  EXPECT_EQ((*data)["d"], "\x1b");
  EXPECT_EQ((*data)["e"], "a\r\nb");
}

}  // namespace
}  // namespace loudong
