// The platform filing's rules (domain/platform_filing.h): its states, the
// shape of its fields, what filing needs, and the intake gate.
#include "domain/platform_filing.h"

#include <gtest/gtest.h>

namespace loudong::domain {
namespace {

std::vector<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + "/" + e.code);
  return out;
}

FilingFields complete_fields() {
  FilingFields f;
  f.platform_name = "示例漏洞平台";
  f.home_url = "https://vuln.example.cn";
  f.icp_number = "京ICP备12345678号-1";
  f.publication_channels = {"https://vuln.example.cn/advisories", "微信公众号 示例漏洞"};
  f.host_name = "示例科技有限公司";
  f.host_id_number = "91350100M000100Y43";
  f.responsible = {"张三", "+86 10-1234 5678", "zhang@example.cn"};
  f.contacts = {{"李四", "13800138000", "li@example.cn"}};
  f.collection_scope = "network products";
  f.collection_methods = "web form, email";
  f.verification_rules = "verified within 5 days";
  f.notification_rules = "provider told within 2 days";
  f.publication_rules = "no PoC; fix first";
  f.user_identity_rules = "real name via phone";
  return f;
}

const std::vector<FilingAttachmentKind> kBoth{FilingAttachmentKind::mlps_proof, FilingAttachmentKind::commitment_letter};

TEST(PlatformFilingStates, DraftFilesThenChangesThenCancels) {
  EXPECT_EQ(filing_next(FilingStatus::draft, false), (std::vector<FilingStatus>{FilingStatus::filed}));
  // A filed record files a change only when something changed since.
  EXPECT_EQ(filing_next(FilingStatus::filed, false), (std::vector<FilingStatus>{FilingStatus::cancelled}));
  EXPECT_EQ(filing_next(FilingStatus::filed, true),
            (std::vector<FilingStatus>{FilingStatus::change_filed, FilingStatus::cancelled}));
  EXPECT_EQ(filing_next(FilingStatus::change_filed, true),
            (std::vector<FilingStatus>{FilingStatus::change_filed, FilingStatus::cancelled}));
  EXPECT_TRUE(filing_next(FilingStatus::cancelled, true).empty());
  EXPECT_FALSE(filing_in_force(FilingStatus::draft));
  EXPECT_TRUE(filing_in_force(FilingStatus::filed));
  EXPECT_TRUE(filing_in_force(FilingStatus::change_filed));
  EXPECT_FALSE(filing_in_force(FilingStatus::cancelled));
  EXPECT_TRUE(filing_editable(FilingStatus::change_filed));
  EXPECT_FALSE(filing_editable(FilingStatus::cancelled));
}

TEST(PlatformFilingFormats, IdentityNumbersCarryTheirCheckCharacter) {
  EXPECT_TRUE(valid_social_credit_code("91350100M000100Y43"));
  EXPECT_FALSE(valid_social_credit_code("91350100M000100Y44"));  // check character off by one
  EXPECT_FALSE(valid_social_credit_code("91350100M000100Y4"));   // 17 characters
  EXPECT_FALSE(valid_social_credit_code("91350100I000100Y43"));  // I is not in the alphabet
  EXPECT_TRUE(valid_resident_id("11010519491231002X"));
  EXPECT_TRUE(valid_resident_id("11010519491231002x"));
  EXPECT_FALSE(valid_resident_id("110105194912310021"));
  // Right check character, impossible birth date (1949-02-30).
  EXPECT_FALSE(valid_resident_id("110105194902300021"));
}

TEST(PlatformFilingFormats, IcpNumbersDatesAndFilingNumbers) {
  EXPECT_TRUE(valid_icp_number("京ICP备12345678号"));
  EXPECT_TRUE(valid_icp_number("粤ICP备1234567890号-12"));
  EXPECT_FALSE(valid_icp_number("ICP备12345678号"));     // no province
  EXPECT_FALSE(valid_icp_number("京ICP备12345号"));       // 5 digits
  EXPECT_FALSE(valid_icp_number("京ICP备12345678"));      // no 号
  EXPECT_FALSE(valid_icp_number("京ICP备12345678号-"));   // dangling dash
  EXPECT_FALSE(valid_icp_number("京ICP备12345678号-12345"));
  EXPECT_TRUE(valid_date("2024-02-29"));
  EXPECT_FALSE(valid_date("2023-02-29"));
  EXPECT_FALSE(valid_date("2024-13-01"));
  EXPECT_FALSE(valid_date("2024-1-01"));
  EXPECT_TRUE(valid_filing_number("工信部漏洞平台备2026-0001"));
  EXPECT_FALSE(valid_filing_number(""));
  EXPECT_FALSE(valid_filing_number(" 2026-0001"));
  EXPECT_FALSE(valid_filing_number("2026\n0001"));
  EXPECT_FALSE(valid_filing_number(std::string(65, '1')));
}

TEST(PlatformFilingFormats, ProblemsNameTheirField) {
  EXPECT_TRUE(filing_format_problems(complete_fields()).empty());
  EXPECT_TRUE(filing_format_problems(FilingFields{}).empty());  // a draft may be empty
  auto f = complete_fields();
  f.home_url = "ftp://vuln.example.cn";
  f.icp_number = "京ICP备123号";
  f.publication_channels = {"ok", ""};
  f.host_id_number = "91350100M000100Y44";
  f.contacts[0].email = "li at example.cn";
  f.responsible.phone = "call me";
  EXPECT_EQ(fields_of(filing_format_problems(f)),
            (std::vector<std::string>{"home_url/bad_url", "icp_number/bad_icp_number", "publication_channels[1]/required",
                                      "host_id_number/bad_id_number", "responsible.phone/bad_phone",
                                      "contacts[0].email/bad_email"}));
  // The ID number is checked by the host's type: a person carries a resident ID.
  f = complete_fields();
  f.host_type = FilingHostType::person;
  EXPECT_EQ(fields_of(filing_format_problems(f)), (std::vector<std::string>{"host_id_number/bad_id_number"}));
  f.host_id_number = "11010519491231002X";
  EXPECT_TRUE(filing_format_problems(f).empty());
}

TEST(PlatformFilingCompleteness, EveryRequiredFieldAndBothAttachments) {
  EXPECT_TRUE(filing_completeness_problems(complete_fields(), kBoth).empty());
  auto missing = fields_of(filing_completeness_problems(complete_fields(), {FilingAttachmentKind::mlps_proof}));
  EXPECT_EQ(missing, (std::vector<std::string>{"attachments.commitment_letter/required"}));
  auto f = complete_fields();
  f.publication_channels.clear();
  f.contacts.clear();
  f.user_identity_rules.clear();
  f.responsible.email.clear();
  EXPECT_EQ(fields_of(filing_completeness_problems(f, kBoth)),
            (std::vector<std::string>{"user_identity_rules/required", "publication_channels/required",
                                      "responsible.email/required", "contacts/required"}));
  // Optional items (capital, graded management, standards) stay optional.
  EXPECT_EQ(filing_completeness_problems(FilingFields{}, {}).size(), 18u);
}

TEST(PlatformFilingJson, RoundTripsAndKeepsTheIdNumberOutUnlessAsked) {
  auto f = complete_fields();
  auto stored = filing_fields_json(f, false);
  EXPECT_EQ(stored.find("91350100M000100Y43"), std::string::npos);
  auto back = filing_fields_from_json(stored);
  EXPECT_EQ(back.platform_name, f.platform_name);
  EXPECT_EQ(back.publication_channels, f.publication_channels);
  EXPECT_EQ(back.contacts.size(), 1u);
  EXPECT_EQ(back.contacts[0].email, "li@example.cn");
  EXPECT_EQ(back.responsible.phone, f.responsible.phone);
  EXPECT_TRUE(back.host_id_number.empty());
  EXPECT_EQ(filing_fields_from_json(filing_fields_json(f, true)).host_id_number, f.host_id_number);
  EXPECT_TRUE(filing_fields_from_json("not json").platform_name.empty());
}

TEST(PlatformFilingIntakeGate, OnlyAnUnfiledPlatformRefusesOnlyPublicReports) {
  IntakeGateInput in{true, OrgType::platform, std::nullopt, true};
  EXPECT_TRUE(intake_refused_for_filing(in));
  in.filing = FilingStatus::draft;
  EXPECT_TRUE(intake_refused_for_filing(in));
  in.filing = FilingStatus::cancelled;
  EXPECT_TRUE(intake_refused_for_filing(in));
  in.filing = FilingStatus::filed;
  EXPECT_FALSE(intake_refused_for_filing(in));
  in.filing = FilingStatus::change_filed;
  EXPECT_FALSE(intake_refused_for_filing(in));

  IntakeGateInput off{false, OrgType::platform, std::nullopt, true};
  EXPECT_FALSE(intake_refused_for_filing(off));
  // A provider's own channel is exempt (the measures cover collection platforms).
  IntakeGateInput provider{true, OrgType::provider, std::nullopt, true};
  EXPECT_FALSE(intake_refused_for_filing(provider));
  // An organisation's own staff entering a report is not public intake.
  IntakeGateInput staff{true, OrgType::platform, std::nullopt, false};
  EXPECT_FALSE(intake_refused_for_filing(staff));

  auto e = intake_filing_refusal();
  EXPECT_EQ(e.http_status(), 409);
  EXPECT_EQ(e.code(), "platform_filing_required");
  EXPECT_NE(e.message().find("R-FILING"), std::string::npos);
  EXPECT_NE(e.message().find("备案"), std::string::npos);
}

}  // namespace
}  // namespace loudong::domain
