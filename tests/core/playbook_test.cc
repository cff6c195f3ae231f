// Stage playbooks: required checklist items are exit criteria enforced by deal.move.
#include "lead_fixture.h"

namespace loudou::leadtest {
namespace {

class PlaybookTest : public LeadFixture {};

TEST_F(PlaybookTest, RequiredItemsMustBeTickedBeforeTheDealMovesPastTheStage) {
  json p = pipeline();
  std::string s1 = p["stages"][0]["id"], s2 = p["stages"][1]["id"], s3 = p["stages"][2]["id"];
  json pb = call("playbook.set", {{"stage_id", s2},
                                  {"guidance", "确认客户需求"},
                                  {"items", json::array({{{"text", "完成需求调研"}, {"required", true}},
                                                         {{"text", "记录决策链"}}})}});
  std::string survey = pb["items"][0]["id"];
  std::string d = call("deal.create", {{"pipeline_id", p["id"]}, {"title", "x"}, {"at", "2026-02-01T00:00:00Z"}})["id"];
  call("deal.move", {{"id", d}, {"stage_id", s2}, {"at", "2026-02-02T00:00:00Z"}});  // entering is free
  json g = call("deal.get", {{"id", d}});
  EXPECT_EQ(g["playbook"]["guidance"], "确认客户需求");
  EXPECT_EQ(g["playbook"]["items"][0]["done"], false);
  json e = fail("deal.move", {{"id", d}, {"stage_id", s3}, {"at", "2026-02-03T00:00:00Z"}});
  EXPECT_EQ(e["code"], "stage_requirements");
  EXPECT_EQ(e["fields"], json::array({"checklist." + survey}));
  EXPECT_EQ(call("deal.get", {{"id", d}})["stage_id"], s2);
  call("deal.move", {{"id", d}, {"stage_id", s1}, {"at", "2026-02-03T00:00:00Z"}});  // back is free
  EXPECT_EQ(fail("deal.move", {{"id", d}, {"stage_id", s3}, {"at", "2026-02-04T00:00:00Z"}})["code"],
            "stage_requirements");  // skipping over the stage still needs its criteria
  call("playbook.check", {{"deal_id", d}, {"item_id", survey}, {"at", "2026-02-04T00:00:00Z"}});
  EXPECT_EQ(call("deal.move", {{"id", d}, {"stage_id", s3}, {"at", "2026-02-05T00:00:00Z"}})["stage_id"], s3);
  EXPECT_EQ(fail("playbook.check", {{"deal_id", d}, {"item_id", "01NOPE"}})["field"], "item_id");
  EXPECT_EQ(fail("playbook.set", {{"stage_id", s2}, {"items", json::array({{{"text", ""}}})}})["field"], "items[0].text");
}

}  // namespace
}  // namespace loudou::leadtest
