// The error envelope: what the text API answers to input that is not even a request, and to
// values no JSON library should choke on. The per-op error codes are data in tests/cases/.
#include <string>

#include "engine_fixture.h"

namespace loudou::test {
namespace {

class ErrorsTest : public EngineTest {
 protected:
  json raw(std::string_view text) {
    std::string out = engine_->call(text);
    json r = json::parse(out, nullptr, false);
    EXPECT_FALSE(r.is_discarded()) << "not JSON: " << out;
    return r;
  }
  void expect_bad_request(std::string_view text) {
    json r = raw(text);
    EXPECT_EQ(r["ok"], false) << text;
    EXPECT_EQ(r["error"]["code"], "bad_request") << text << " -> " << r.dump();
    EXPECT_FALSE(r["error"].value("message", "").empty());
  }
};

TEST_F(ErrorsTest, NotJsonIsBadRequest) {
  expect_bad_request("");
  expect_bad_request("   ");
  expect_bad_request("{");
  expect_bad_request("{\"op\": \"meta.info\",}");
  expect_bad_request("op=meta.info");
  expect_bad_request("{\"op\": \"meta.info\"} trailing");
  expect_bad_request(std::string_view("{\"op\":\"meta\0info\"}", 19));
  expect_bad_request("null");
  expect_bad_request("42");
}

TEST_F(ErrorsTest, UnknownOpIsBadRequestNamingOp) {
  json r = raw(R"({"op": "deal.teleport", "args": {}})");
  EXPECT_EQ(r["error"]["code"], "bad_request");
  EXPECT_EQ(r["error"]["field"], "op");
  EXPECT_NE(r["error"]["message"].get<std::string>().find("deal.teleport"), std::string::npos);
}

TEST_F(ErrorsTest, UnknownArgsKeyIsAnErrorNotIgnored) {
  json p = pipeline();
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"titel", "typo"}}, "bad_request", "titel");
  fails("pipeline.create", {{"name", "P"}, {"stages", {{{"name", "A"}, {"probability", 1}, {"prob", 2}}}}},
        "bad_request", "stages[0].prob");
  EXPECT_EQ(ok("deal.list")["total"], 0);
}

TEST_F(ErrorsTest, WrongTypeIsBadRequestNamingTheField) {
  json p = pipeline();
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", json::array({"T"})}}, "bad_request", "title");
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"amount", true}}, "bad_request", "amount");
  fails("deal.create", {{"pipeline_id", 12}, {"title", "T"}}, "bad_request", "pipeline_id");
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"fields", "x"}}, "bad_request", "fields");
  fails("user.update", {{"id", "u"}, {"active", 1}}, "bad_request", "active");
}

// JSON output must never throw: text stored from a caller that bypassed the text parser (the
// json overload) may hold invalid UTF-8, and error messages quote caller text.
TEST_F(ErrorsTest, OddUtf8NeverBreaksTheOutput) {
  json p = pipeline();
  std::string bad = "caf\xC3\x28 \xFF\xFE end";
  json r = engine_->call(json{{"op", "deal.create"}, {"args", {{"pipeline_id", p["id"]}, {"title", bad}, {"account", bad}}}});
  ASSERT_EQ(r["ok"], true) << r.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string id = r["result"]["id"];
  std::string text = engine_->call(std::string_view(json{{"op", "deal.get"}, {"args", {{"id", id}}}}.dump()));
  json back = json::parse(text, nullptr, false);
  ASSERT_FALSE(back.is_discarded()) << text;
  EXPECT_EQ(back["ok"], true);
  EXPECT_NE(back["result"]["title"].get<std::string>().find("end"), std::string::npos);
  // An unknown key with invalid UTF-8 is quoted in the message and still printed as JSON.
  std::string list = engine_->call(std::string_view(
      json{{"op", "deal.list"}, {"args", {{"\xFF\xFEkey", 1}}}}.dump(-1, ' ', false, json::error_handler_t::ignore)));
  EXPECT_FALSE(json::parse(list, nullptr, false).is_discarded()) << list;
  json err = engine_->call(json{{"op", "deal.list"}, {"args", {{"\xFF\xFEkey", 1}}}});
  EXPECT_EQ(err["error"]["code"], "bad_request");
  // Invalid UTF-8 in the request text is not JSON: bad_request, not a crash.
  json r2 = raw("{\"op\": \"deal.create\", \"args\": {\"title\": \"\xFF\"}}");
  EXPECT_EQ(r2["error"]["code"], "bad_request");
  // Valid but unusual text round-trips exactly: CJK, emoji, combining marks, escapes.
  std::string odd = "漏斗 🚀 e\xCC\x81 \"q\" \\ \t";
  json d = deal(p, {{"title", odd}});
  EXPECT_EQ(ok("deal.get", {{"id", d["id"]}})["title"], "漏斗 🚀 e\xCC\x81 \"q\" \\");
}

// Nesting deep enough to exhaust a stack is refused before anything walks it recursively.
TEST_F(ErrorsTest, DeeplyNestedJsonIsBadRequest) {
  for (size_t depth : {1000u, 100'000u}) {
    std::string text = R"({"op": "deal.create", "args": {"title": )" + std::string(depth, '[') +
                       std::string(depth, ']') + "}}";
    json r = raw(text);
    EXPECT_EQ(r["error"]["code"], "bad_request") << depth;
  }
  // Strings may hold any number of brackets.
  json p = pipeline();
  EXPECT_EQ(deal(p, {{"title", std::string(300, '[')}})["title"], std::string(300, '['));
}

TEST_F(ErrorsTest, RequestIdIsAllowedAndOtherEnvelopeKeysAreNot) {
  EXPECT_EQ(raw(R"({"id": 7, "op": "meta.info"})")["ok"], true);
  json r = raw(R"({"op": "meta.info", "arg": {}})");
  EXPECT_EQ(r["error"]["code"], "bad_request");
  EXPECT_EQ(r["error"]["field"], "arg");
}

}  // namespace
}  // namespace loudou::test
