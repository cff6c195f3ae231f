#include <gtest/gtest.h>

#include "lead_dedupe.h"

namespace loudou {
namespace {

TEST(LeadDedupe, PhoneFoldsFullWidthSpacesDashesAndChinaPrefix) {
  EXPECT_EQ(normalize_phone("13800138000"), "13800138000");
  EXPECT_EQ(normalize_phone("１３８００１３８０００"), "13800138000");   // full-width digits
  EXPECT_EQ(normalize_phone("138 0013 8000"), "13800138000");
  EXPECT_EQ(normalize_phone("138-0013-8000"), "13800138000");
  EXPECT_EQ(normalize_phone("+86 138 0013 8000"), "13800138000");
  EXPECT_EQ(normalize_phone("＋８６　１３８－００１３－８０００"), "13800138000");  // full-width +, space, dash
  EXPECT_EQ(normalize_phone("0086-13800138000"), "13800138000");
  EXPECT_EQ(normalize_phone("8613800138000"), "13800138000");
  EXPECT_EQ(normalize_phone("(010) 8888-6666"), "01088886666");  // a landline keeps its area code
  EXPECT_EQ(normalize_phone("+1 415 555 0100"), "14155550100");   // other countries keep theirs
  EXPECT_EQ(normalize_phone("无"), std::nullopt);
}

TEST(LeadDedupe, EmailIgnoresCaseSpacesAndFullWidth) {
  EXPECT_EQ(normalize_email(" Wang.Li@Example.COM "), "wang.li@example.com");
  EXPECT_EQ(normalize_email("wang li@example.com"), "wangli@example.com");
  EXPECT_EQ(normalize_email("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "wang@example.com");
  EXPECT_EQ(normalize_email("   "), std::nullopt);
}

TEST(LeadDedupe, CompanyDropsLegalFormsAndPunctuation) {
  auto key = normalize_company("上海星云科技有限公司");
  EXPECT_EQ(key, "上海星云科技");
  EXPECT_EQ(normalize_company("上海星云科技股份有限公司"), key);
  EXPECT_EQ(normalize_company(" 上海 星云科技 "), key);
  EXPECT_EQ(normalize_company("（上海）星云科技有限责任公司"), "上海星云科技");
  EXPECT_EQ(normalize_company("Acme Co., Ltd."), "acme");
  EXPECT_EQ(normalize_company("ACME Inc."), "acme");
  EXPECT_EQ(normalize_company("Ａｃｍｅ Limited"), "acme");
  EXPECT_NE(normalize_company("Acme Robotics"), normalize_company("Acme"));
  EXPECT_EQ(normalize_company(" （） "), std::nullopt);
}

}  // namespace
}  // namespace loudou
