// Assignment rules, capacity caps, deterministic ties and the assignment log.
#include "lead_fixture.h"

namespace loudou::leadtest {
namespace {

class LeadAssignmentTest : public LeadFixture {
 protected:
  void SetUp() override {
    LeadFixture::SetUp();
    a_ = user("A", "2026-01-01T00:00:00Z");
    b_ = user("B", "2026-01-02T00:00:00Z");
    c_ = user("C", "2026-01-03T00:00:00Z");
  }
  std::vector<std::string> owners(const json& r) {
    std::vector<std::string> out;
    for (auto& x : r["assignments"]) out.push_back(x["owner_id"].get<std::string>());
    return out;
  }
  void pool_leads(int n, json extra = json::object()) {
    for (int i = 0; i < n; ++i) {
      json args = extra;
      args["name"] = "lead " + std::to_string(i);
      args["at"] = "2026-02-01T00:00:0" + std::to_string(i) + "Z";
      lead(args);
    }
  }
  std::string a_, b_, c_;
};

TEST_F(LeadAssignmentTest, RoundRobinTakesTurnsAndRemembersWhoIsNext) {
  pool_leads(4);
  json r = call("lead.assign", {{"rule", "round_robin"}});
  EXPECT_EQ(owners(r), (std::vector<std::string>{a_, b_, c_, a_}));
  EXPECT_EQ(r["assignments"][0]["rule"], "round_robin");
  lead({{"name", "late"}});
  EXPECT_EQ(owners(call("lead.assign", {{"rule", "round_robin"}})), (std::vector<std::string>{b_}));
}

TEST_F(LeadAssignmentTest, LeastLoadedCountsOpenLeadsAndDealsAndBreaksTiesByRepOrder) {
  json p = pipeline();
  call("deal.create", {{"pipeline_id", p["id"]}, {"title", "d1"}, {"owner_id", b_}});
  lead({{"name", "owned"}, {"owner_id", c_}});
  call("lead.disqualify", {{"id", lead({{"name", "closed"}, {"owner_id", a_}})}, {"reason", "spam"}});
  pool_leads(4);
  // loads: A 0 (a disqualified lead is not open), B 1, C 1
  json r = call("lead.assign", {{"rule", "least_loaded"}});
  EXPECT_EQ(owners(r), (std::vector<std::string>{a_, a_, b_, c_}));
}

TEST_F(LeadAssignmentTest, CapacityCapSkipsFullRepsAndLeavesTheRestInThePool) {
  call("lead.settings.set", {{"assignment", {{"capacity", 1}, {"specialities", json::array()}}}});
  lead({{"name", "owned"}, {"owner_id", a_}});
  pool_leads(3);
  json r = call("lead.assign", {{"rule", "round_robin"}});
  EXPECT_EQ(owners(r), (std::vector<std::string>{b_, c_}));
  EXPECT_EQ(r["unassigned"].size(), 1u);
  EXPECT_EQ(call("lead.list", {{"pool", true}})["total"], 1);
}

TEST_F(LeadAssignmentTest, BySourceAndByIndustryPreferSpecialistsThenFallBackToLeastLoaded) {
  call("lead.settings.set",
       {{"assignment",
         {{"specialities", json::array({{{"user_id", c_}, {"sources", {"官网"}}, {"industries", json::array()}},
                                        {{"user_id", b_}, {"sources", json::array()}, {"industries", {"零售"}}}})}}}});
  lead({{"name", "c is busy"}, {"owner_id", c_}});
  std::string web = lead({{"name", "web"}, {"source", "官网"}, {"industry", "零售"}});
  std::string fair = lead({{"name", "fair"}, {"source", "展会"}});
  json r = call("lead.assign", {{"rule", "by_source"}, {"ids", {web, fair}}});
  EXPECT_EQ(owners(r), (std::vector<std::string>{c_, a_}));  // web: the specialist although busier
  std::string shop = lead({{"name", "shop"}, {"industry", "零售"}});
  EXPECT_EQ(owners(call("lead.assign", {{"rule", "by_industry"}, {"ids", {shop}}})), (std::vector<std::string>{b_}));
}

TEST_F(LeadAssignmentTest, AutoAssignOnCreateIsLogged) {
  call("lead.settings.set", {{"assignment", {{"auto_rule", "least_loaded"}, {"user_ids", {b_, c_}},
                                             {"specialities", json::array()}}}});
  json l = call("lead.create", {{"name", "x"}, {"at", "2026-02-01T00:00:00Z"}});
  EXPECT_EQ(l["owner_id"], b_);
  EXPECT_EQ(l["in_pool"], false);
  json log = call("lead.get", {{"id", l["id"]}})["assignments"];
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["rule"], "least_loaded");
  EXPECT_EQ(log[0]["owner_id"], b_);
  EXPECT_EQ(log[0]["at"], "2026-02-01T00:00:00Z");
}

TEST_F(LeadAssignmentTest, BadAssignRequestsAreRefused) {
  EXPECT_EQ(fail("lead.assign", {{"rule", "random"}})["field"], "rule");
  EXPECT_EQ(fail("lead.assign", {{"rule", "round_robin"}, {"ids", {"01NOPE"}}})["field"], "ids[0]");
  EXPECT_EQ(fail("lead.assign", {{"rule", "round_robin"}, {"user_ids", json::array()}})["field"], "user_ids");
  EXPECT_EQ(fail("lead.settings.set", {{"assignment", {{"auto_rule", "coin"}, {"specialities", json::array()}}}})["field"],
            "assignment.auto_rule");
  EXPECT_EQ(fail("lead.settings.set", {{"scoring", {{"weights", {{"budget", 101}, {"authority", 1}, {"need", 1}, {"timeline", 1}}},
                                                    {"budget_full", 1}, {"rules", json::array()}}}})["field"],
            "scoring.weights.budget");
}

}  // namespace
}  // namespace loudou::leadtest
