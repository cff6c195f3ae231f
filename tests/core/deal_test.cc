// Deal behaviour that the shared cases (tests/cases/deal.json) do not reach: loops over every op,
// exact money limits, history ordering rules.
#include <set>

#include "engine_fixture.h"

namespace loudou::test {
namespace {

class DealTest : public EngineTest {};

TEST_F(DealTest, LoseRequiresReason) {
  json p = pipeline();
  json d = deal(p);
  json e = fails("deal.lose", {{"id", d["id"]}}, "validation_failed", "reason");
  EXPECT_NE(e["message"].get<std::string>().find("reason"), std::string::npos) << e.dump();
  fails("deal.lose", {{"id", d["id"]}, {"reason", ""}}, "validation_failed", "reason");
  EXPECT_EQ(ok("deal.get", {{"id", d["id"]}})["status"], "open");
  json lost = ok("deal.lose", {{"id", d["id"]}, {"reason", "budget cut"}});
  EXPECT_EQ(lost["status"], "lost");
  EXPECT_EQ(lost["lost_reason"], "budget cut");
  EXPECT_EQ(lost["stage_events"].back()["reason"], "budget cut");
}

TEST_F(DealTest, SkipsAndBackwardMovesAreAllowedAndRecorded) {
  json p = pipeline(6);
  json d = deal(p);
  const int path[] = {4, 2, 6, 1, 5};
  int day = 2;
  for (int pos : path) {
    std::string at = "2026-01-0" + std::to_string(day++) + "T00:00:00Z";
    json r = ok("deal.move", {{"id", d["id"]}, {"stage_id", stage(p, pos)}, {"at", at}});
    EXPECT_EQ(r["stage_id"], stage(p, pos));
    EXPECT_EQ(r["stage_entered_at"], at);
  }
  json events = ok("deal.get", {{"id", d["id"]}})["stage_events"];
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0]["kind"], "create");
  std::string from = stage(p, 1);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(events[i + 1]["kind"], "move");
    EXPECT_EQ(events[i + 1]["from_stage_id"], from);
    EXPECT_EQ(events[i + 1]["stage_id"], stage(p, path[i]));
    from = stage(p, path[i]);
  }
}

TEST_F(DealTest, MoveToTheCurrentStageRecordsNothing) {
  json p = pipeline();
  json d = deal(p);
  json r = ok("deal.move", {{"id", d["id"]}, {"stage_id", stage(p, 1)}, {"at", "2026-01-05T00:00:00Z"}});
  EXPECT_EQ(r["stage_events"].size(), 1u);
}

// Every stage change (move, win, lose, reopen) is refused when backdated before the last one,
// so the event order always agrees with the deal's current state.
TEST_F(DealTest, EventsCannotBeBackdatedBeforeTheLastStageChange) {
  json p = pipeline();
  json d = deal(p, {{"at", "2026-01-10T00:00:00Z"}});
  json id = d["id"];
  const char* early = "2026-01-09T00:00:00Z";
  fails("deal.move", {{"id", id}, {"stage_id", stage(p, 2)}, {"at", early}}, "validation_failed", "at");
  fails("deal.win", {{"id", id}, {"at", early}}, "validation_failed", "at");
  fails("deal.lose", {{"id", id}, {"reason", "r"}, {"at", early}}, "validation_failed", "at");
  ok("deal.win", {{"id", id}, {"at", "2026-01-20T00:00:00Z"}});
  fails("deal.reopen", {{"id", id}, {"at", "2026-01-19T23:59:59.999Z"}}, "validation_failed", "at");
  ok("deal.reopen", {{"id", id}, {"at", "2026-01-20T00:00:00Z"}});
  // Without `at` the change happens now (the pinned clock), after every event so far.
  json moved = ok("deal.move", {{"id", id}, {"stage_id", stage(p, 3)}});
  EXPECT_EQ(moved["stage_entered_at"], "2026-03-01T00:00:00Z");
  EXPECT_EQ(ok("deal.get", {{"id", id}})["stage_events"].size(), 4u);
}

// A pipeline.update that moves the deals of a removed stage writes move events too; they follow
// the same rule as deal.move.
TEST_F(DealTest, MoveDealsToCannotBackdateBeforeTheLastStageChange) {
  json p = pipeline(2);
  json d = deal(p, {{"at", "2026-02-01T00:00:00Z"}});
  json keep = {{{"id", stage(p, 2)}, {"name", "S2"}, {"probability", 20}}};
  fails("pipeline.update",
        {{"id", p["id"]}, {"stages", keep}, {"move_deals_to", stage(p, 2)}, {"at", "2026-01-15T00:00:00Z"}},
        "validation_failed", "at");
  EXPECT_EQ(ok("pipeline.get", {{"id", p["id"]}})["stages"].size(), 2u);
  ok("pipeline.update",
     {{"id", p["id"]}, {"stages", keep}, {"move_deals_to", stage(p, 2)}, {"at", "2026-02-02T00:00:00Z"}});
  json events = ok("deal.get", {{"id", d["id"]}})["stage_events"];
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1]["at"], "2026-02-02T00:00:00Z");
}

TEST_F(DealTest, EveryWriteAcceptsAt) {
  const std::string at = "2025-12-31T23:59:59.500Z";
  json p = ok("pipeline.create", {{"name", "P"}, {"at", at}, {"stages", {{{"name", "A"}, {"probability", 10}}, {{"name", "B"}, {"probability", 20}}}}});
  EXPECT_EQ(p["created_at"], at);
  EXPECT_EQ(ok("pipeline.update", {{"id", p["id"]}, {"name", "Q"}, {"at", at}})["updated_at"], at);
  json u = ok("user.create", {{"name", "Rep"}, {"at", at}});
  EXPECT_EQ(u["created_at"], at);
  ok("user.update", {{"id", u["id"]}, {"team", "T"}, {"at", at}});
  ok("quota.set", {{"user_id", u["id"]}, {"period", "2026-01"}, {"amount", 1}, {"at", at}});
  json f = ok("field.define", {{"entity", "deal"}, {"key", "k"}, {"label", "K"}, {"type", "text"}, {"at", at}});
  ok("field.update", {{"id", f["id"]}, {"label", "K2"}, {"at", at}});
  json f2 = ok("field.define", {{"entity", "lead"}, {"key", "k2"}, {"label", "K"}, {"type", "text"}, {"at", at}});
  ok("field.delete", {{"id", f2["id"]}, {"at", at}});
  json d = ok("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"at", at}});
  EXPECT_EQ(d["created_at"], at);
  EXPECT_EQ(d["stage_events"][0]["at"], at);
  EXPECT_EQ(ok("deal.update", {{"id", d["id"]}, {"title", "U"}, {"at", at}})["updated_at"], at);
  EXPECT_EQ(ok("deal.move", {{"id", d["id"]}, {"stage_id", stage(p, 2)}, {"at", at}})["stage_entered_at"], at);
  EXPECT_EQ(ok("deal.win", {{"id", d["id"]}, {"at", at}})["closed_at"], at);
  EXPECT_EQ(ok("deal.reopen", {{"id", d["id"]}, {"at", at}})["stage_entered_at"], at);
  EXPECT_EQ(ok("deal.lose", {{"id", d["id"]}, {"reason", "r"}, {"at", at}})["closed_at"], at);
  ok("deal.delete", {{"id", d["id"]}, {"at", at}});
  ok("pipeline.delete", {{"id", p["id"]}, {"at", at}});
  // A write given an offset time stores the same instant in UTC.
  json p2 = ok("pipeline.create", {{"name", "P"}, {"at", "2026-01-01T08:00:00+08:00"}, {"stages", {{{"name", "A"}, {"probability", 10}}}}});
  EXPECT_EQ(p2["created_at"], "2026-01-01T00:00:00Z");
}

// Money is a whole number of minor units, exact: the limit (9e15) stays below 2^53, so the
// amount is exact in a JavaScript number too.
TEST_F(DealTest, MoneyIsIntegerMinorUnits) {
  json p = pipeline();
  const int64_t max = 9'000'000'000'000'000;
  json d = deal(p, {{"amount", max - 1}});
  ASSERT_TRUE(d["amount"].is_number_integer()) << d.dump();
  EXPECT_EQ(d["amount"].get<int64_t>(), max - 1);
  EXPECT_EQ(ok("deal.get", {{"id", d["id"]}})["amount"].get<int64_t>(), max - 1);
  EXPECT_EQ(deal(p, {{"amount", max}})["amount"], max);
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"amount", max + 1}}, "validation_failed", "amount");
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"amount", 9'007'199'254'740'993}}, "validation_failed", "amount");
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"amount", 18446744073709551615u}}, "validation_failed", "amount");
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"amount", 0.01}}, "validation_failed", "amount");
  fails("deal.create", {{"pipeline_id", p["id"]}, {"title", "T"}, {"amount", 1e300}}, "validation_failed", "amount");
  // A whole number written as a float (JSON from some languages) is the same amount.
  EXPECT_EQ(deal(p, {{"amount", 1500.0}})["amount"], 1500);
  EXPECT_EQ(deal(p)["currency"], "CNY");
}

TEST_F(DealTest, ReopenWithoutStageReturnsToTheStageItClosedFrom) {
  json p = pipeline();
  json d = deal(p, {{"stage_id", stage(p, 3)}});
  ok("deal.lose", {{"id", d["id"]}, {"reason", "timing"}, {"at", "2026-01-02T00:00:00Z"}});
  json r = ok("deal.reopen", {{"id", d["id"]}, {"at", "2026-01-03T00:00:00Z"}});
  EXPECT_EQ(r["stage_id"], stage(p, 3));
  EXPECT_EQ(r["lost_reason"], nullptr);
  fails("deal.reopen", {{"id", d["id"]}}, "conflict", "id");
}

TEST_F(DealTest, ListPagesThroughEveryDealOnce) {
  json p = pipeline();
  json reqs = json::array();
  for (int i = 0; i < 25; ++i)
    reqs.push_back({{"op", "deal.create"}, {"args", {{"pipeline_id", p["id"]}, {"title", "D" + std::to_string(i)}, {"amount", i}}}});
  ok("batch", {{"requests", reqs}});
  std::set<std::string> seen;
  json cursor = nullptr;
  int pages = 0;
  do {
    json args = {{"limit", 10}, {"sort", "amount"}};
    if (!cursor.is_null()) args["cursor"] = cursor;
    json page = ok("deal.list", args);
    EXPECT_EQ(page["total"], 25);
    for (auto& d : page["items"]) seen.insert(d["id"].get<std::string>());
    cursor = page["next_cursor"];
    ++pages;
  } while (!cursor.is_null() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 25u);
}

}  // namespace
}  // namespace loudou::test
