// The mail reader: table-driven from tests/data/formats/mail/expected.txt
// (messages shaped as real clients and servers write them, and broken
// ones), then the limits and what must hold for any input.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "formats/mail.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

using testing::own_data;
using testing::slurp;

std::string unescape(std::string_view v) {
  if (v == "(empty)") return "";
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += v[i];
    }
  }
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

// The value of `name` in a read message, as the table writes it.
std::optional<std::string> field_of(const MailMessage& m, const std::string& name) {
  if (name == "from.address") return m.from.address;
  if (name == "from.name") return m.from.name;
  if (name == "subject") return m.subject;
  if (name == "message_id") return m.message_id;
  if (name == "date") return m.date;
  if (name == "text") return m.text;
  if (name == "no_reply") return m.no_reply_reason;
  if (name == "attachments") return std::to_string(m.attachments.size());
  if (name.rfind("attachment[", 0) == 0) {
    std::size_t i = std::stoul(name.substr(11));
    if (i >= m.attachments.size()) return "(no attachment " + std::to_string(i) + ")";
    const auto& a = m.attachments[i];
    std::string what = name.substr(name.find("].") + 2);
    if (what == "filename") return a.filename;
    if (what == "content_type") return a.content_type;
    if (what == "content") return a.content;
    if (what == "size") return std::to_string(a.content.size());
    if (what == "inline") return a.inline_part ? "true" : "false";
  }
  return std::nullopt;
}

TEST(Mail, Table) {
  auto dir = own_data() / "mail";
  std::istringstream lines(slurp(dir / "expected.txt"));
  std::map<std::string, Result<MailMessage>> read;
  std::string line;
  int checks = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto bar1 = line.find(" | "), bar2 = line.find(" | ", bar1 + 3);
    ASSERT_NE(bar2, std::string::npos) << line;
    std::string file = line.substr(0, bar1), name = line.substr(bar1 + 3, bar2 - bar1 - 3);
    std::string expected = unescape(trim(line.substr(bar2 + 3)));
    ASSERT_TRUE(std::filesystem::exists(dir / file)) << file;
    auto it = read.find(file);
    if (it == read.end()) it = read.emplace(file, read_mail(slurp(dir / file))).first;
    const Result<MailMessage>& m = it->second;
    ++checks;
    if (name == "error" || name == "code") {
      ASSERT_FALSE(m.ok()) << file << " was accepted";
      const std::string& got = name == "error" ? m.error().message() : m.error().code();
      EXPECT_EQ(got.substr(0, expected.size()), expected) << file;
      continue;
    }
    ASSERT_TRUE(m.ok()) << file << ": " << m.error().message();
    auto got = field_of(*m, name);
    ASSERT_TRUE(got.has_value()) << "unknown field " << name << " in: " << line;
    EXPECT_EQ(*got, expected) << file << " " << name;
  }
  std::set<std::string> files;
  for (const auto& f : std::filesystem::directory_iterator(dir))
    if (f.path().extension() == ".eml") files.insert(f.path().filename().string());
  for (const auto& f : files) EXPECT_TRUE(read.count(f)) << f << " has no line in expected.txt";
  EXPECT_GE(files.size(), 25u);
  EXPECT_GE(checks, 80);
}

std::string with_crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(Mail, CrlfAndLfReadTheSame) {
  for (const char* file : {"thunderbird-mixed.eml", "rfc2231-chinese-filename.eml", "forwarded-rfc822.eml"}) {
    std::string lf = slurp(own_data() / "mail" / file);
    auto a = read_mail(lf), b = read_mail(with_crlf(lf));
    ASSERT_TRUE(a.ok() && b.ok()) << file;
    EXPECT_EQ(a->from, b->from) << file;
    EXPECT_EQ(a->subject, b->subject) << file;
    EXPECT_EQ(a->text, b->text) << file;
    ASSERT_EQ(a->attachments.size(), b->attachments.size()) << file;
    for (std::size_t i = 0; i < a->attachments.size(); ++i) {
      EXPECT_EQ(a->attachments[i].filename, b->attachments[i].filename) << file;
      // base64 bodies decode to the same bytes; a 7bit one keeps its line ends.
      if (a->attachments[i].content_type != "message/rfc822") {
        EXPECT_EQ(a->attachments[i].content, b->attachments[i].content) << file;
      }
    }
  }
}

TEST(Mail, BinaryAttachmentBytesSurvive) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  // base64 of bytes 0..255, one line
  static const char* b64 =
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9Q"
      "UVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6Ch"
      "oqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy"
      "8/T19vf4+fr7/P3+/w==";
  std::string mail = std::string("From: f@example.cn\nSubject: s\nContent-Type: multipart/mixed; boundary=b\n\n") +
                     "--b\n\ntext\n--bx\n--b  \nContent-Type: application/octet-stream; name=all.bin\n"
                     "Content-Transfer-Encoding: base64\n\n" + b64 + "\n--b--\n";
  auto m = read_mail(mail);
  ASSERT_TRUE(m.ok()) << m.error().message();
  ASSERT_EQ(m->attachments.size(), 1u);
  // "--b  " (transport padding) is a delimiter; "--bx" is not.
  EXPECT_EQ(m->text, "text\n--bx");
  EXPECT_EQ(m->attachments[0].filename, "all.bin");
  EXPECT_EQ(m->attachments[0].content, all);
}

std::string nested(int depth) {
  std::string head = "From: f@example.cn\nSubject: s\n", tail;
  for (int i = 0; i < depth; ++i) {
    head += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" + std::to_string(i) + "\n";
    tail = "\n--b" + std::to_string(i) + "--\n" + tail;
  }
  return head + "Content-Type: text/plain\n\ndeep" + tail;
}

TEST(Mail, Limits) {
  MailLimits small;
  small.max_bytes = 100;
  auto big = read_mail("From: f@example.cn\nSubject: s\n\n" + std::string(200, 'x'), small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code(), "too_large");
  EXPECT_EQ(big.error().kind(), ErrorKind::payload_too_large);

  auto ok = read_mail(nested(8));
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_EQ(ok->text, "deep");
  auto deep = read_mail(nested(9));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().message(), "part 1.1.1.1.1.1.1.1: multiparts nested more than 8 deep");

  std::string many = "From: f@example.cn\nSubject: s\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < 150; ++i) many += "--b\n\nx\n";
  many += "--b--\n";
  auto parts = read_mail(many);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.error().message(), "more than 100 MIME parts");
}

TEST(Mail, EncodedWordsInDifferentCharsetsAreJoined) {
  // "漏洞" in UTF-8 then "报告" in GBK; the space between them is not text.
  auto m = read_mail("From: f@example.cn\nSubject: =?UTF-8?B?5ryP5rSe?= =?GBK?B?sai45g==?= found\n\nx\n");
  ASSERT_TRUE(m.ok()) << m.error().message();
  EXPECT_EQ(m->subject, "漏洞报告 found");
  // Not an encoded-word: stays as it is.
  auto plain = read_mail("From: f@example.cn\nSubject: a =?x b?= c\n\nx\n");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->subject, "a =?x b?= c");
}

TEST(Mail, NoReplyToAutomaticMail) {
  const std::pair<const char*, const char*> cases[] = {
      {"Return-Path: <>\n", "Return-Path: <> (a delivery report)"},
      {"Precedence: bulk\n", "Precedence: bulk"},
      {"List-Id: <sec.lists.example>\n", "List-Id: mailing-list mail"},
      {"Auto-Submitted: no\n", ""},
  };
  for (auto [header, reason] : cases) {
    auto m = read_mail(std::string("From: f@example.cn\nSubject: s\n") + header + "\nx\n");
    ASSERT_TRUE(m.ok()) << header;
    EXPECT_EQ(m->no_reply_reason, reason) << header;
  }
  auto daemon = read_mail("From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail\n\nx\n");
  ASSERT_TRUE(daemon.ok());
  EXPECT_NE(daemon->no_reply_reason, "");
}

// Every prefix of a real message (a delivery cut anywhere) is read or
// refused with an Error; once the body has begun, a cut before the
// closing boundary is always refused.
TEST(Mail, EveryTruncationIsReadOrRefused) {
  std::string full = slurp(own_data() / "mail" / "outlook-alternative.eml");
  const std::size_t body = full.find("\r\n\r\n") + 4;
  const std::string closing = "--_004_TYZPR06MB5270A1B2C3D4E5F6_--";
  const std::size_t closed = full.rfind(closing) + closing.size();
  for (std::size_t n = 0; n <= full.size(); ++n) {
    auto m = read_mail(std::string_view(full).substr(0, n));
    if (!m.ok()) {
      EXPECT_FALSE(m.error().message().empty()) << n;
      EXPECT_EQ(m.error().code(), "bad_mail") << n;
    }
    if (n >= body && n < closed) {
      EXPECT_FALSE(m.ok()) << "cut at " << n << " was accepted";
    }
    if (n >= closed) {
      EXPECT_TRUE(m.ok()) << "cut at " << n << ": " << m.error().message();
    }
  }
}

}  // namespace
}  // namespace loudong::formats
