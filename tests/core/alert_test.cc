// alert.list on fixed dates: every kind, pauses, owner filter, bad input.
#include "lead_fixture.h"

namespace loudou::leadtest {
namespace {

class AlertTest : public LeadFixture {
 protected:
  json alerts_of(const json& r, const std::string& kind) {
    json out = json::array();
    for (auto& a : r["alerts"])
      if (a["kind"] == kind) out.push_back(a);
    return out;
  }
};

TEST_F(AlertTest, OverdueDueTodayStalledAndNoNextStepOnFixedDates) {
  json p = pipeline();
  std::string rep = user("张三");
  auto deal = [&](const char* title, json extra) {
    json args = {{"pipeline_id", p["id"]}, {"title", title}, {"owner_id", rep}, {"at", "2026-03-01T00:00:00Z"}};
    args.update(extra);
    return call("deal.create", args)["id"].get<std::string>();
  };
  std::string idle = deal("idle", json::object());                      // stage 1, rot 7: idle 9 days
  std::string noted = deal("noted", json::object());                    // a note on 03-05 keeps it fresh
  std::string paused = deal("paused", json::object());
  call("deal.update", {{"id", paused}, {"paused_until", "2026-03-15"}, {"pause_reason", "客户内部审批"}});
  std::string no_rot = deal("no rot", {{"stage_id", p["stages"][2]["id"]}, {"at", "2026-01-01T00:00:00Z"}});
  call("activity.create", {{"type", "note"}, {"deal_id", noted}, {"notes", "talked"}, {"at", "2026-03-05T00:00:00Z"}});
  std::string late = call("activity.create", {{"type", "call"}, {"deal_id", idle}, {"due_at", "2026-03-09T10:00:00Z"}})["id"];
  std::string today = call("activity.create", {{"type", "meeting"}, {"deal_id", noted}, {"due_at", "2026-03-10T15:00:00Z"}})["id"];
  call("activity.create", {{"type", "task"}, {"deal_id", paused}, {"due_at", "2026-03-11T09:00:00Z"}});

  json r = call("alert.list", {{"now", "2026-03-10T02:00:00Z"}});
  json overdue = alerts_of(r, "overdue");
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0]["activity_id"], late);
  EXPECT_EQ(overdue[0]["deal_id"], idle);
  json due = alerts_of(r, "due_today");
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]["activity_id"], today);
  json stalled = alerts_of(r, "stalled");
  ASSERT_EQ(stalled.size(), 1u);
  EXPECT_EQ(stalled[0]["deal_id"], idle);
  EXPECT_EQ(stalled[0]["rot_days"], 7);
  EXPECT_DOUBLE_EQ(stalled[0]["idle_days"].get<double>(), 9 + 2.0 / 24);
  json none = alerts_of(r, "no_next_step");  // idle's call is overdue, not a next step
  std::vector<std::string> ids;
  for (auto& a : none) ids.push_back(a["deal_id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{no_rot, idle}));  // oldest deal first
  EXPECT_EQ(r["counts"]["overdue"], 1);
  EXPECT_EQ(r["counts"]["no_next_step"], 2);
  EXPECT_EQ(r["total"], 5);

  // A day later the pause still holds; after it ends the paused deal is stalled too.
  EXPECT_EQ(alerts_of(call("alert.list", {{"now", "2026-03-16T00:00:00Z"}}), "stalled").size(), 3u);
  // In UTC+8 it is already the evening of 03-10, and 15:00Z is 23:00 local: still today.
  EXPECT_EQ(alerts_of(call("alert.list", {{"now", "2026-03-10T12:00:00Z"}, {"tz_offset_minutes", 480}}), "due_today").size(), 1u);
}

TEST_F(AlertTest, OwnerFilterKeepsOnlyThatRepsWork) {
  json p = pipeline();
  std::string a = user("A"), b = user("B");
  call("deal.create", {{"pipeline_id", p["id"]}, {"title", "a's"}, {"owner_id", a}});
  call("deal.create", {{"pipeline_id", p["id"]}, {"title", "b's"}, {"owner_id", b}});
  json r = call("alert.list", {{"now", "2026-03-02T00:00:00Z"}, {"owner_id", a}});
  ASSERT_EQ(r["alerts"].size(), 1u);
  EXPECT_EQ(r["alerts"][0]["owner_id"], a);
  EXPECT_EQ(fail("alert.list", {{"owner_id", "01NOPE"}})["code"], "not_found");
  EXPECT_EQ(fail("alert.list", {{"tz_offset_minutes", 900}})["field"], "tz_offset_minutes");
  EXPECT_EQ(fail("alert.list", {{"now", "yesterday"}})["field"], "now");
}

TEST_F(AlertTest, BottleneckWhenAStageConvertsClearlyWorseThanBefore) {
  json p = pipeline();
  std::string s2 = p["stages"][1]["id"];
  auto cohort = [&](const char* created, const char* moved, int n, int advanced) {
    for (int i = 0; i < n; ++i) {
      std::string d = call("deal.create", {{"pipeline_id", p["id"]}, {"title", "d"}, {"at", created}})["id"];
      if (i < advanced) call("deal.move", {{"id", d}, {"stage_id", s2}, {"at", moved}});
    }
  };
  cohort("2026-01-15T00:00:00Z", "2026-01-20T00:00:00Z", 10, 8);  // baseline: 80 % go on
  cohort("2026-02-15T00:00:00Z", "2026-02-20T00:00:00Z", 10, 2);  // now: 20 %
  json r = call("alert.list", {{"now", "2026-03-10T00:00:00Z"}, {"bottleneck_days", 30}});
  json b = alerts_of(r, "bottleneck");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]["stage_id"], p["stages"][0]["id"]);
  EXPECT_DOUBLE_EQ(b[0]["ratio"].get<double>(), 0.25);
  // With fewer than 10 deals in either window there is nothing to say.
  EXPECT_EQ(alerts_of(call("alert.list", {{"now", "2026-03-10T00:00:00Z"}, {"bottleneck_days", 20}}), "bottleneck").size(), 0u);
}

}  // namespace
}  // namespace loudou::leadtest
