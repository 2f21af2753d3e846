// domain::Advisory as JSON: every sample reads, round-trips, and every
// kind of mistake is refused naming its field.
#include <gtest/gtest.h>

#include "formats/advisory_json.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

using nlohmann::json;
using testing::own_data;
using testing::slurp;

const char* const kSamples[] = {"log4shell-like.json", "router-zh.json", "npm-en.json", "draft.json"};

TEST(AdvisoryJson, SamplesRoundTrip) {
  for (const char* name : kSamples) {
    SCOPED_TRACE(name);
    auto a = advisory_from_json(slurp(own_data() / "advisories" / name));
    ASSERT_TRUE(a.ok()) << a.error().message();
    json once = advisory_to_json(*a);
    auto b = advisory_from_json(once.dump());
    ASSERT_TRUE(b.ok()) << b.error().message();
    EXPECT_EQ(advisory_to_json(*b), once);
  }
}

TEST(AdvisoryJson, ReadsTheFields) {
  auto a = advisory_from_json(slurp(own_data() / "advisories/log4shell-like.json"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->ref, "LD-SA-2026-0001");
  EXPECT_EQ(a->state, domain::AdvisoryState::published);
  EXPECT_EQ(a->grade, assessment::Grade::critical);
  ASSERT_EQ(a->affected.size(), 2u);
  EXPECT_EQ(a->affected[0].product_id, 3);
  EXPECT_EQ(a->affected[1].versions, (std::vector<std::string>{"3.1", "3.2"}));
  ASSERT_EQ(a->history.size(), 3u);
  EXPECT_EQ(a->history[2].by, "bob");
  EXPECT_EQ(a->credits[0].user_id, 12);
  EXPECT_EQ(a->zh.title, "示例日志库远程代码执行漏洞");
}

TEST(AdvisoryJson, RefusalsNameTheField) {
  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {R"({"ref":"X","titel":"typo"})", "titel"},
      {R"({"ref":"X","zh":{"title":1}})", "zh.title"},
      {R"({"ref":"X","zh":{"title":"a","sumary":"b"}})", "zh.sumary"},
      {R"({"ref":"X","affected":[{"name":"a"},{"versions":["1",2]}]})", "affected[1].versions[1]"},
      {R"({"ref":"X","affected":{}})", "affected"},
      {R"({"ref":"X","history":[{"number":1,"at":"yesterday"}]})", "history[0].at"},
      {R"({"ref":"X","history":[{"number":0,"at":"2026-01-01T00:00:00Z"}]})", "history[0].number"},
      {R"({"ref":"X","grade":"severe"})", "grade"},
      {R"({"ref":"X","state":"done"})", "state"},
      {R"({"ref":"X","credits":[{"name":"a","role":"hero"}]})", "credits[0].role"},
      {R"({"ref":"X","references":[{"url":"https://x","kind":"blog"}]})", "references[0].kind"},
      {R"({"ref":"X","references":[{"kind":"web"}]})", "references[0].url"},
      {R"({"ref":"X","cwe":"79"})", "cwe"},
      {R"({"ref":"X","cwe":0})", "cwe"},
      {R"({"ref":"X","cvss31_score":"high"})", "cvss31_score"},
      {R"({"ref":"X","published_at":"2026-13-01T00:00:00Z"})", "published_at"},
      {R"({"ref":"X","revision":-1})", "revision"},
      {R"({"zh":{"title":"a"}})", "ref"},
      {R"({"ref":"X","zh":{"title":"a\u0007"}})", "zh.title"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    auto a = advisory_from_json(std::string_view(c.json));
    ASSERT_FALSE(a.ok());
    ASSERT_FALSE(a.error().fields().empty()) << a.error().message();
    EXPECT_EQ(a.error().fields()[0].field, c.field) << a.error().message();
  }
}

TEST(AdvisoryJson, MalformedAndNotAnObject) {
  EXPECT_EQ(advisory_from_json(std::string_view("{")).error().code(), "malformed_json");
  auto arr = advisory_from_json(std::string_view("[]"));
  ASSERT_FALSE(arr.ok());
  EXPECT_EQ(arr.error().fields().at(0).field, "(document)");
}

}  // namespace
}  // namespace loudong::formats
