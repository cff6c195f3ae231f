// Undoing a delete (deal.restore), the rules a stage removal's move_deals_to must keep, and the
// last logged activity deal.list reports for the board's stalled marker.
#include "engine_fixture.h"

namespace loudou::test {
namespace {

class DealRestoreTest : public EngineTest {
 protected:
  // A deal with a full life: moves, a loss and a reopen, custom values, a pause, two
  // activities (one on a lead too) and a ticked checklist item.
  json busy_deal(const json& p) {
    ok("field.define", {{"entity", "deal"}, {"key", "region"}, {"label", "区域"}, {"type", "choice"},
                        {"options", {"华东", "华南"}}});
    std::string user = ok("user.create", {{"name", "王芳"}})["id"];
    std::string lead = ok("lead.create", {{"company", "甲公司"}, {"at", "2025-12-01T00:00:00Z"}})["id"];
    json pb = ok("playbook.set", {{"stage_id", stage(p, 2)}, {"items", {{{"text", "需求调研"}, {"required", true}}}}});
    json d = deal(p, {{"amount", 1234500}, {"owner_id", user}, {"account", "甲公司"}, {"lead_id", lead},
                      {"fields", {{"region", "华东"}}}});
    std::string id = d["id"];
    ok("deal.move", {{"id", id}, {"stage_id", stage(p, 2)}, {"at", "2026-01-03T00:00:00Z"}});
    ok("playbook.check", {{"deal_id", id}, {"item_id", pb["items"][0]["id"]}, {"at", "2026-01-04T00:00:00Z"}});
    ok("deal.move", {{"id", id}, {"stage_id", stage(p, 3)}, {"at", "2026-01-05T00:00:00Z"}});
    ok("deal.lose", {{"id", id}, {"reason", "预算取消"}, {"at", "2026-01-06T00:00:00Z"}});
    ok("deal.reopen", {{"id", id}, {"stage_id", stage(p, 2)}, {"at", "2026-01-07T00:00:00Z"}});
    ok("deal.update", {{"id", id}, {"paused_until", "2026-04-01"}, {"pause_reason", "客户春节放假"},
                       {"at", "2026-01-08T00:00:00Z"}});
    ok("activity.create", {{"type", "call"}, {"deal_id", id}, {"subject", "回访"}, {"done_at", "2026-01-09T00:00:00Z"},
                           {"outcome", "有意向"}, {"at", "2026-01-09T00:00:00Z"}});
    ok("activity.create", {{"type", "meeting"}, {"deal_id", id}, {"lead_id", lead}, {"due_at", "2026-03-10T02:00:00Z"},
                           {"notes", "带方案"}, {"at", "2026-01-10T00:00:00Z"}});
    return ok("deal.get", {{"id", id}});
  }
};

TEST_F(DealRestoreTest, UndoPutsBackTheDealWithItsHistoryActivitiesAndTicks) {
  json p = pipeline();
  json before = busy_deal(p);
  std::string id = before["id"];
  json velocity_before = ok("report.velocity", {{"pipeline_id", p["id"]}, {"now", "2026-03-01T00:00:00Z"}});
  json removed = ok("deal.delete", {{"id", id}});
  fails("deal.get", {{"id", id}}, "not_found", "id");
  EXPECT_EQ(ok("activity.list", {{"deal_id", id}})["total"], 0);

  json restored = ok("deal.restore", removed["restore"]);
  EXPECT_EQ(restored["id"], id);
  json after = ok("deal.get", {{"id", id}});
  EXPECT_EQ(after, before);  // every field, event (seq included), activity and the playbook ticks
  EXPECT_EQ(after["playbook"]["stage_id"], stage(p, 2));
  EXPECT_EQ(after["playbook"]["items"][0]["done"], true);
  // Stage visits and reached stages are rebuilt from the events, so reports agree too.
  EXPECT_EQ(ok("report.velocity", {{"pipeline_id", p["id"]}, {"now", "2026-03-01T00:00:00Z"}}), velocity_before);

  fails("deal.restore", removed["restore"], "conflict", "deal.id");  // twice is refused
}

TEST_F(DealRestoreTest, EventsTakeNewSeqsWhenTheirsWereReusedMeanwhile) {
  json p = pipeline();
  json d = deal(p);
  ok("deal.move", {{"id", d["id"]}, {"stage_id", stage(p, 3)}, {"at", "2026-01-02T00:00:00Z"}});
  json removed = ok("deal.delete", {{"id", d["id"]}});
  deal(p, {{"title", "later"}});  // takes the freed highest seq
  json r = ok("deal.restore", removed["restore"]);
  ASSERT_EQ(r["stage_events"].size(), 2u);
  EXPECT_EQ(r["stage_events"][0]["kind"], "create");
  EXPECT_EQ(r["stage_events"][1]["stage_id"], stage(p, 3));
  EXPECT_LT(r["stage_events"][0]["seq"].get<int64_t>(), r["stage_events"][1]["seq"].get<int64_t>());
}

TEST_F(DealRestoreTest, BadSnapshotsAreRefusedWithTheFieldAndWriteNothing) {
  json p = pipeline();
  json before = busy_deal(p);
  json snap = ok("deal.delete", {{"id", before["id"]}})["restore"];

  json bad = snap;
  bad["activities"][1]["type"] = "fax";
  fails("deal.restore", bad, "validation_failed", "activities[1].type");
  fails("deal.get", {{"id", before["id"]}}, "not_found");  // nothing half-written

  bad = snap;
  bad["stage_events"][2]["kind"] = "teleport";
  fails("deal.restore", bad, "validation_failed", "stage_events[2].kind");
  bad = snap;
  bad["deal"]["amount"] = -1;
  fails("deal.restore", bad, "validation_failed", "deal.amount");
  bad = snap;
  bad["deal"]["stage_id"] = "01NOSUCHSTAGE";
  fails("deal.restore", bad, "not_found", "deal.stage_id");
  bad = snap;
  bad["deal"]["extra"] = 1;
  fails("deal.restore", bad, "bad_request", "deal.extra");
  bad = snap;
  bad["stage_events"] = json::array();
  fails("deal.restore", bad, "validation_failed", "stage_events");
  fails("deal.restore", {{"deal", snap["deal"]}}, "validation_failed", "stage_events");

  // An open deal cannot come back into a stage removed since.
  json stages = json::array();
  for (int i : {1, 3, 4}) stages.push_back({{"id", stage(p, i)}, {"name", "S" + std::to_string(i)}, {"probability", 10}});
  ok("pipeline.update", {{"id", p["id"]}, {"stages", stages}});
  fails("deal.restore", snap, "not_found", "deal.stage_id");
  EXPECT_EQ(ok("deal.list", {{"pipeline_id", p["id"]}})["total"], 0);
}

TEST_F(DealRestoreTest, RemovingAStageChecksTheTargetsRequiredFieldsAndPlaybook) {
  json p = pipeline(4);
  std::string d = deal(p, {{"title", "无金额"}})["id"];
  ok("deal.move", {{"id", d}, {"stage_id", stage(p, 2)}, {"at", "2026-01-02T00:00:00Z"}});
  auto without = [&](int gone, json required = nullptr) {
    json stages = json::array();
    for (int i = 1; i <= 4; ++i) {
      if (i == gone) continue;
      json s = {{"id", stage(p, i)}, {"name", "S" + std::to_string(i)}, {"probability", i * 10}};
      if (i == 3 && !required.is_null()) s["required_fields"] = required;
      stages.push_back(s);
    }
    return json{{"id", p["id"]}, {"stages", stages}, {"move_deals_to", stage(p, 3)}, {"at", "2026-01-03T00:00:00Z"}};
  };
  // The target's required fields, as this very update sets them.
  json e = fails("pipeline.update", without(2, {"amount"}), "stage_requirements", "move_deals_to");
  EXPECT_EQ(e["fields"], json::array({"amount"}));
  EXPECT_NE(e["message"].get<std::string>().find("无金额"), std::string::npos) << e.dump();
  EXPECT_EQ(ok("pipeline.get", {{"id", p["id"]}})["stages"].size(), 4u);  // nothing changed
  EXPECT_EQ(ok("deal.get", {{"id", d}})["stage_id"], stage(p, 2));

  // The exit criteria of the removed stage itself.
  json pb = ok("playbook.set", {{"stage_id", stage(p, 2)}, {"items", {{{"text", "完成需求调研"}, {"required", true}}}}});
  std::string item = pb["items"][0]["id"];
  e = fails("pipeline.update", without(2), "stage_requirements", "move_deals_to");
  EXPECT_EQ(e["fields"], json::array({"checklist." + item}));
  ok("playbook.check", {{"deal_id", d}, {"item_id", item}});
  json updated = ok("pipeline.update", without(2));
  EXPECT_EQ(updated["stages"].size(), 3u);
  EXPECT_EQ(ok("deal.get", {{"id", d}})["stage_id"], stage(p, 3));
}

TEST_F(DealRestoreTest, DealListReportsTheLastLoggedActivity) {
  json p = pipeline();
  std::string d = deal(p)["id"];
  auto last = [&] { return ok("deal.list", {{"pipeline_id", p["id"]}})["items"][0]["last_activity_at"]; };
  EXPECT_TRUE(last().is_null());
  ok("activity.create", {{"type", "task"}, {"deal_id", d}, {"due_at", "2026-02-01T00:00:00Z"}, {"at", "2026-01-02T00:00:00Z"}});
  EXPECT_TRUE(last().is_null());  // a planned task is not a logged activity
  ok("activity.create", {{"type", "note"}, {"deal_id", d}, {"notes", "n"}, {"at", "2026-01-03T00:00:00Z"}});
  EXPECT_EQ(last(), "2026-01-03T00:00:00Z");  // a note is logged when written
  ok("activity.create", {{"type", "call"}, {"deal_id", d}, {"done_at", "2026-01-05T08:00:00Z"}, {"at", "2026-01-05T09:00:00Z"}});
  EXPECT_EQ(last(), "2026-01-05T08:00:00Z");
}

}  // namespace
}  // namespace loudou::test
