// Email intake over a real SQLite store: a mail becomes a report on channel
// email with its receipt and sealed attachments, the acknowledgement says
// what the finder needs, and a refused mail stores nothing.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "../store/backends.h"

#include "services/accounts.h"
#include "services/email_intake.h"
#include "services/triage.h"

namespace loudong::services {
namespace {

using namespace domain;
namespace fs = std::filesystem;

std::string mail_file(const std::string& name) {
  const char* src = std::getenv("LOUDONG_SOURCE_DIR");
  std::ifstream in(fs::path(src ? src : "/work/main") / "tests/data/formats/mail" / name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class EmailIntakeTest : public ::testing::TestWithParam<::loudong::store::test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("loudong-email-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    {
      auto opened = db_.open(GetParam(), dir_);
      ASSERT_TRUE(opened.ok()) << opened.error().log_message();
      store_ = std::move(*opened);
    }
    ctx_.reset(new Context{*store_, clock_, {}, TimeZone(), crypto::generate_seal_key(), {}, std::nullopt, false});
    ASSERT_TRUE(Accounts(*ctx_).bootstrap("Host", OrgType::platform, "CN", std::string("Host-Root-Password-1")).ok());
    staff_.actor.user_id = 1;
    staff_.actor.username = "admin";
    staff_.actor.platform_admin = true;
    staff_.actor.memberships = {{kHostOrg, Role::admin}};
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // Reports and receipt records in the store: what a refusal must not change.
  std::pair<std::size_t, std::size_t> counts() {
    std::size_t reports = 0, receipts = 0;
    EXPECT_TRUE(store_->read([&](store::ReadTx& tx) -> Status {
      LD_ASSIGN_OR_RETURN(auto page, tx.reports({}));
      reports = page.items.size();
      return tx.scan_receipts([&](const ReceiptRecord&) {
        ++receipts;
        return true;
      });
    }).ok());
    return {reports, receipts};
  }

  fs::path dir_;
  ManualClock clock_{*parse_time("2026-11-21T02:00:00Z")};
  ::loudong::store::test::TestDb db_;  // before store_: the database outlives the store
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Context> ctx_;
  Caller staff_;
};

TEST_P(EmailIntakeTest, AMailBecomesAReportWithItsReceiptAndSealedAttachment) {
  std::string raw = mail_file("thunderbird-mixed.eml");
  ASSERT_FALSE(raw.empty());
  ctx_->notify.public_url = "https://vuln.example.cn/";
  auto got = EmailIntake(*ctx_).receive(raw, "loudong 漏洞管理平台");
  ASSERT_TRUE(got.ok()) << got.error().message();
  const Report& r = got->submitted.report;
  EXPECT_EQ(r.channel, Channel::email);
  EXPECT_EQ(r.source_address, "email:zhang.san@example.cn");
  EXPECT_EQ(r.title, "Command injection in the router's diagnostics page");
  EXPECT_EQ(r.contact_email, "zhang.san@example.cn");
  EXPECT_EQ(r.contact_name, "Zhang San");
  EXPECT_EQ(got->submitted.receipt.channel, Channel::email);
  EXPECT_EQ(got->submitted.receipt.content_sha256, crypto::sha256_hex(raw));
  EXPECT_EQ(got->attachments, 1u);

  // The text is sealed: not in the stored row, readable by staff.
  EXPECT_EQ(r.verification_sealed.find("diag.cgi"), std::string::npos);
  Triage triage(*ctx_);
  auto conf = triage.confidential(staff_, r.id);
  ASSERT_TRUE(conf.ok()) << conf.error().message();
  EXPECT_NE(conf->verification.find("From: Zhang San <zhang.san@example.cn>\n"), std::string::npos);
  EXPECT_NE(conf->verification.find("漏洞位于 /cgi-bin/diag.cgi 的 host 参数。"), std::string::npos);
  ASSERT_EQ(conf->attachments.size(), 1u);
  EXPECT_EQ(conf->attachments[0].filename, "poc.py");
  auto stored = store_->read([&](store::ReadTx& tx) { return tx.attachments(r.id, true); });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->at(0).content_sealed.find("requests.post"), std::string::npos);
  auto opened = triage.attachment(staff_, r.id, conf->attachments[0].id);
  ASSERT_TRUE(opened.ok());
  EXPECT_NE(opened->content_sealed.find("requests.post"), std::string::npos);

  // The hook: what the acknowledgement must say, in both languages.
  ASSERT_TRUE(got->reply.has_value());
  const DirectEmail& reply = *got->reply;
  const std::string& token = got->submitted.tracking_token;
  EXPECT_EQ(reply.to, "zhang.san@example.cn");
  EXPECT_EQ(reply.language, "both");
  EXPECT_EQ(reply.subject_type, "report");
  EXPECT_EQ(reply.subject_id, r.id);
  EXPECT_EQ(reply.extra.value("in_reply_to", ""), "<5f1c2a9e-7d3b-4c1e-9a2b-0c8d7e6f5a4b@example.cn>");
  const std::string link = "https://vuln.example.cn/track#id=" + r.tracking_id + "&token=" + token;
  for (const std::string* text : {&reply.subject_zh, &reply.subject_en})
    EXPECT_NE(text->find(r.tracking_id), std::string::npos) << *text;
  for (const std::string* body : {&reply.body_zh, &reply.body_en}) {
    EXPECT_NE(body->find(link), std::string::npos) << *body;
    EXPECT_NE(body->find(got->submitted.receipt.content_sha256), std::string::npos) << *body;
    EXPECT_NE(body->find("loudong 漏洞管理平台"), std::string::npos) << *body;
  }
  EXPECT_NE(reply.body_zh.find("跟踪令牌：" + token), std::string::npos);
  EXPECT_NE(reply.body_en.find("Tracking token: " + token), std::string::npos);

  // The token in the reply is the one that opens the report.
  auto tracked = Intake(*ctx_).track(r.tracking_id, got->submitted.tracking_token);
  EXPECT_TRUE(tracked.ok());
}

TEST_P(EmailIntakeTest, GbkMailIsReadIntoUtf8) {
  auto got = EmailIntake(*ctx_).receive(mail_file("gbk-subject.eml"));
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_EQ(got->submitted.report.title, "关于路由器丂型号的漏洞报告");
  EXPECT_EQ(got->submitted.report.contact_name, "王五");
  ASSERT_TRUE(got->reply);
  EXPECT_NE(got->reply->body_zh.find("《关于路由器丂型号的漏洞报告》"), std::string::npos);
}

TEST_P(EmailIntakeTest, AutomaticMailIsTakenButNotAnswered) {
  auto got = EmailIntake(*ctx_).receive(mail_file("auto-replied.eml"));
  ASSERT_TRUE(got.ok()) << got.error().message();
  EXPECT_FALSE(got->reply.has_value());
  EXPECT_EQ(got->no_reply_reason, "Auto-Submitted: auto-replied");
  EXPECT_EQ(counts(), std::make_pair(std::size_t{1}, std::size_t{1}));
}

TEST_P(EmailIntakeTest, RefusedMailStoresNothing) {
  const std::string head = "From: Finder <finder@example.cn>\nSubject: s\n";
  std::string six = head + "Content-Type: multipart/mixed; boundary=b\n\n--b\n\ntext\n";
  for (int i = 0; i < 6; ++i) six += "--b\nContent-Type: text/plain; name=f" + std::to_string(i) + ".txt\n\nx\n";
  six += "--b--\n";
  const struct {
    std::string raw;
    std::string field, code;
  } cases[] = {
      {mail_file("no-colon.eml"), "message", "bad_mail"},
      {mail_file("missing-from.eml"), "message", "bad_mail"},
      {mail_file("truncated-multipart.eml"), "message", "bad_mail"},
      {"From: finder@localhost\nSubject: s\n\ntext\n", "from", "bad_email"},
      {"From: finder@example.cn\n\ntext\n", "subject", "required"},
      {"From: finder@example.cn\nSubject: s\n\n  \n", "text", "required"},
      {six, "attachments", "too_many"},
      {head + "\n" + std::string(70 * 1024, 'x') + "\n", "text", "too_long"},
  };
  auto before = counts();
  for (const auto& c : cases) {
    auto got = EmailIntake(*ctx_).receive(c.raw);
    ASSERT_FALSE(got.ok()) << c.field << " " << c.code;
    ASSERT_FALSE(got.error().fields().empty()) << got.error().message();
    EXPECT_EQ(got.error().fields()[0].field, c.field) << got.error().message();
    EXPECT_EQ(got.error().fields()[0].code, c.code) << got.error().message();
    EXPECT_FALSE(refusal_text(got.error()).empty());
  }
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(before, std::make_pair(std::size_t{0}, std::size_t{0}));

  // One byte over the size limit.
  formats::MailLimits small;
  small.max_bytes = 64;
  auto big = EmailIntake(*ctx_, small).receive(head + "\n" + std::string(64, 'x'));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind(), ErrorKind::payload_too_large);
  EXPECT_EQ(big.error().fields().at(0).field, "message");
  EXPECT_EQ(counts(), before);
}

TEST(ReportFromMail, FitsTheMailIntoTheReport) {
  formats::MailMessage m;
  m.from = {"finder@example.cn", "Finder"};
  // 451 bytes, over the 300-byte title limit; byte 300 is inside a character.
  m.subject = "a";
  for (int i = 0; i < 150; ++i) m.subject += "漏";
  m.attachments.push_back({"C:\\Users\\finder\\Desktop\\poc.py", "text/x-python", "print(1)\n", false});
  m.attachments.push_back({"", "message/rfc822", "From: a@b.c\n\nx\n", false});
  m.attachments.push_back({"empty.txt", "text/plain", "", false});
  Limits limits;
  auto in = report_from_mail(m, limits);
  ASSERT_TRUE(in.ok()) << in.error().message();
  EXPECT_EQ(in->title, std::string(m.subject, 0, 298));  // cut before the character, not inside it
  ASSERT_EQ(in->attachments.size(), 2u);
  EXPECT_EQ(in->attachments[0].filename, "poc.py");
  EXPECT_EQ(in->attachments[1].filename, "attachment-2.eml");
  EXPECT_NE(in->verification.find("empty attachment left out: empty.txt"), std::string::npos);
  EXPECT_NE(in->verification.find("Subject: " + m.subject), std::string::npos);  // the whole subject is kept

  limits.max_attachment_bytes = 4;
  auto big = report_from_mail(m, limits);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().fields().at(0).field, "attachments[0]");
  EXPECT_EQ(big.error().fields().at(0).code, "too_large");
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailIntakeTest, ::loudong::store::test::kBackends, ::loudong::store::test::backend_name);

}  // namespace
}  // namespace loudong::services
