// parse_request (core/src/request_json.h) must give exactly what json::parse gives — the same
// document for valid text, a refusal for invalid text — while decoding long strings itself.
#include <gtest/gtest.h>

#include <random>

#include "request_json.h"

namespace loudou {
namespace {

using json = nlohmann::json;

// A string literal long enough to be cut out and decoded by parse_request.
std::string long_text(const std::string& piece) {
  std::string s;
  while (s.size() < 70'000) s += piece;
  return s;
}

void expect_same(const std::string& text) {
  json want = json::parse(text, nullptr, false);
  json got = parse_request(text);
  ASSERT_EQ(got.is_discarded(), want.is_discarded()) << text.substr(0, 200);
  if (!want.is_discarded()) EXPECT_TRUE(got == want) << text.substr(0, 200);
}

TEST(RequestJsonTest, LongStringsComeBackWhereTheyWere) {
  std::string csv = long_text("编号,商机名称,金额\r\nB-1,\"商机 \"\"一\"\"\",\"1,234.50\"\r\n");
  json request = {{"op", "data.import"},
                  {"args", {{"format", "csv"}, {"text", csv}, {"mapping", {{"金额", "amount"}}}, {"dry_run", true}}}};
  json got = parse_request(request.dump());
  ASSERT_FALSE(got.is_discarded());
  EXPECT_EQ(got["args"]["text"].get<std::string>(), csv);
  EXPECT_TRUE(got == request);
  // Several long strings, in a batch's nested requests and lists, next to short ones and keys.
  json batch = {{"op", "batch"},
                {"args", {{"requests", json::array({request, {{"op", "x"}, {"args", {{"a", csv + "2"}}}}})}}},
                {"id", "r1"},
                {"list", json::array({"a", long_text("b"), 1, nullptr, long_text("c\\\"\n")})}};
  got = parse_request(batch.dump());
  EXPECT_TRUE(got == batch);
  expect_same(batch.dump(2));  // pretty-printed: spaces and line breaks between the tokens
}

TEST(RequestJsonTest, EveryEscapeDecodesAsTheParserDoes) {
  expect_same("{\"t\":\"" + long_text("a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti") + "\"}");
  expect_same("{\"t\":\"" + long_text("\\u0041\\u00e9\\u4e2d\\u0000\\uD83D\\uDE00\\uffff") + "\"}");
  expect_same("{\"t\":\"" + long_text("中文 ëü 😀") + "\"}");
  expect_same("[\"" + long_text("x") + "\\\\\"]");  // ends in an escaped backslash
}

TEST(RequestJsonTest, InvalidLongStringsAreRefusedLikeTheParserRefusesThem) {
  for (std::string bad : std::vector<std::string>{"\\x", "\\u12G4", "\\uDE00", "\\uD83D", "\\uD83Dx", "\\uD83D\\u0041", "raw\ttab",
                          "raw\nline", std::string("nul\0byte", 8), "\xC3(", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xC0\xAF", "\\"}) {
    std::string text = "{\"t\":\"" + long_text("ok ") + bad + long_text(" ok") + "\"}";
    EXPECT_TRUE(parse_request(text).is_discarded()) << bad;
    EXPECT_TRUE(json::parse(text, nullptr, false).is_discarded()) << bad;
  }
  expect_same("{\"t\":\"" + long_text("never closed"));
  expect_same("{\"t\":\"" + long_text("x") + "\" \"u\":1}");  // a missing comma after a long string
  expect_same("{\"" + long_text("k") + "\":1}");             // a long key is left to the parser
  expect_same("{\"" + long_text("k") + "\" : \"v\"}");
}

// Random documents with long and short strings, then random damage to them: parse_request and
// json::parse always agree.
TEST(RequestJsonTest, AgreesWithTheParserOnRandomText) {
  std::mt19937 rng(6);
  const std::vector<std::string> pieces = {"a", "中", "\\\"", "\\\\", "\\n", "\\u00e9", "\\uD83D\\uDE00", ",", "\""};
  for (int round = 0; round < 40; ++round) {
    std::string text = "{\"op\":\"data.import\",\"args\":{";
    int fields = 1 + int(rng() % 4);
    for (int f = 0; f < fields; ++f) {
      if (f) text += ",";
      text += "\"f" + std::to_string(f) + "\":\"";
      size_t size = rng() % 2 ? 70'000 + rng() % 1000 : rng() % 50;
      std::string body;
      while (body.size() < size) {
        const std::string& p = pieces[rng() % (pieces.size() - 1)];  // valid pieces only
        body += p;
      }
      text += body + "\"";
    }
    text += "}}";
    expect_same(text);
    for (int hit = 0; hit < 3; ++hit) {
      std::string damaged = text;
      size_t at = rng() % damaged.size();
      damaged[at] = "\"\\\x01{}:,\xff"[rng() % 8];
      expect_same(damaged);
    }
  }
}

}  // namespace
}  // namespace loudou
