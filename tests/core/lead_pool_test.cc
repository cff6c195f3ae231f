// The shared pool (公海): recycling idle leads by date, claims with a daily limit, release and
// handing a rep's work to another.
#include "lead_fixture.h"

namespace loudou::leadtest {
namespace {

class LeadPoolTest : public LeadFixture {
 protected:
  void SetUp() override {
    LeadFixture::SetUp();
    a_ = user("A", "2026-01-01T00:00:00Z");
    b_ = user("B", "2026-01-02T00:00:00Z");
    call("lead.settings.set", {{"pool", {{"recycle_new", 7}, {"recycle_contacted", 14}, {"claim_limit", 2}}}});
  }
  std::string a_, b_;
};

TEST_F(LeadPoolTest, AnIdleLeadReturnsToThePoolOnTheDayItsTimeRunsOut) {
  std::string id = lead({{"name", "x"}, {"owner_id", a_}, {"at", "2026-02-01T00:00:00Z"}});
  EXPECT_EQ(call("pool.recycle", {{"now", "2026-02-07T23:59:59Z"}})["recycled"].size(), 0u);
  json r = call("pool.recycle", {{"now", "2026-02-20T00:00:00Z"}})["recycled"];
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["lead_id"], id);
  EXPECT_EQ(r[0]["from_owner_id"], a_);
  EXPECT_EQ(r[0]["at"], "2026-02-08T00:00:00Z");  // when it went idle, not when we looked
  json l = call("lead.get", {{"id", id}});
  EXPECT_EQ(l["in_pool"], true);
  EXPECT_EQ(l["owner_id"], nullptr);
  EXPECT_EQ(l["pooled_at"], "2026-02-08T00:00:00Z");
  EXPECT_EQ(l["assignments"].back()["rule"], "recycle");
}

TEST_F(LeadPoolTest, AnActivityRestartsTheClockAndTheStatusSetsItsLength) {
  std::string id = lead({{"name", "x"}, {"owner_id", a_}, {"at", "2026-02-01T00:00:00Z"}});
  call("activity.create", {{"type", "call"}, {"lead_id", id}, {"done_at", "2026-02-05T00:00:00Z"},
                           {"at", "2026-02-05T00:00:00Z"}});
  EXPECT_EQ(call("lead.get", {{"id", id}})["status"], "contacted");  // 14 days from the call
  EXPECT_EQ(call("lead.get", {{"id", id}, {"now", "2026-02-18T23:00:00Z"}})["owner_id"], a_);
  json l = call("lead.get", {{"id", id}, {"now", "2026-02-19T00:00:00Z"}});  // lazily, on read
  EXPECT_EQ(l["in_pool"], true);
  EXPECT_EQ(l["pooled_at"], "2026-02-19T00:00:00Z");
}

TEST_F(LeadPoolTest, ListWithNowRecyclesAndAStatusWithoutDaysNeverDoes) {
  std::string n = lead({{"name", "new"}, {"owner_id", a_}, {"at", "2026-02-01T00:00:00Z"}});
  std::string q = lead({{"name", "qualified"}, {"owner_id", a_}, {"status", "qualified"}, {"at", "2026-02-01T00:00:00Z"}});
  EXPECT_EQ(call("lead.list", {{"pool", true}})["total"], 0);
  json pool = call("lead.list", {{"pool", true}, {"now", "2026-06-01T00:00:00Z"}});
  ASSERT_EQ(pool["total"], 1);  // recycle_qualified is not set: qualified leads stay
  EXPECT_EQ(pool["items"][0]["id"], n);
}

TEST_F(LeadPoolTest, ClaimsAreLimitedPerRepPerDay) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(lead({{"name", "p" + std::to_string(i)}}));
  EXPECT_EQ(call("lead.claim", {{"id", ids[0]}, {"user_id", b_}, {"at", "2026-02-01T09:00:00Z"}})["owner_id"], b_);
  call("lead.claim", {{"id", ids[1]}, {"user_id", b_}, {"at", "2026-02-01T10:00:00Z"}});
  json e = fail("lead.claim", {{"id", ids[2]}, {"user_id", b_}, {"at", "2026-02-01T11:00:00Z"}});
  EXPECT_EQ(e["code"], "conflict");
  EXPECT_EQ(e["field"], "user_id");
  EXPECT_EQ(call("lead.get", {{"id", ids[2]}})["in_pool"], true);  // nothing half-written
  call("lead.claim", {{"id", ids[2]}, {"user_id", b_}, {"at", "2026-02-02T09:00:00Z"}});
  EXPECT_EQ(fail("lead.claim", {{"id", ids[2]}, {"user_id", a_}, {"at", "2026-02-02T09:00:00Z"}})["code"], "conflict");
}

TEST_F(LeadPoolTest, ReleaseReturnsALeadAndAnIdleOwnedLeadCanBeClaimed) {
  std::string id = lead({{"name", "x"}, {"owner_id", a_}, {"at", "2026-02-01T00:00:00Z"}});
  EXPECT_EQ(fail("lead.claim", {{"id", id}, {"user_id", b_}, {"at", "2026-02-03T00:00:00Z"}})["code"], "conflict");
  json c = call("lead.claim", {{"id", id}, {"user_id", b_}, {"at", "2026-02-10T00:00:00Z"}});
  EXPECT_EQ(c["owner_id"], b_);  // idle since 02-08, so back in the pool before the claim
  EXPECT_EQ(c["owned_since"], "2026-02-10T00:00:00Z");
  EXPECT_EQ(call("lead.release", {{"id", id}, {"at", "2026-02-11T00:00:00Z"}})["in_pool"], true);
  EXPECT_EQ(fail("lead.release", {{"id", id}})["code"], "conflict");
  json log = call("lead.get", {{"id", id}})["assignments"];
  std::vector<std::string> rules;
  for (auto& x : log) rules.push_back(x["rule"]);
  EXPECT_EQ(rules, (std::vector<std::string>{"manual", "recycle", "claim", "release"}));
}

TEST_F(LeadPoolTest, TransferHandsLeadsDealsAndOpenFollowUpsOverAndDealsKeepTheirStage) {
  json p = pipeline();
  std::string s2 = p["stages"][1]["id"];
  std::string d = call("deal.create", {{"pipeline_id", p["id"]}, {"title", "big"}, {"owner_id", a_},
                                       {"stage_id", s2}, {"at", "2026-02-01T00:00:00Z"}})["id"];
  std::string l = lead({{"name", "x"}, {"owner_id", a_}});
  call("activity.create", {{"type", "task"}, {"deal_id", d}, {"due_at", "2026-03-05T00:00:00Z"}});
  call("activity.create", {{"type", "call"}, {"deal_id", d}, {"done_at", "2026-02-02T00:00:00Z"}});
  json r = call("owner.transfer", {{"from_user_id", a_}, {"to_user_id", b_}, {"at", "2026-03-01T00:00:00Z"}});
  EXPECT_EQ(r["leads"], 1);
  EXPECT_EQ(r["deals"], 1);
  EXPECT_EQ(r["activities"], 1);  // the done call stays A's record
  json deal = call("deal.get", {{"id", d}});
  EXPECT_EQ(deal["owner_id"], b_);
  EXPECT_EQ(deal["stage_id"], s2);
  EXPECT_EQ(deal["stage_entered_at"], "2026-02-01T00:00:00Z");
  EXPECT_EQ(deal["stage_events"].size(), 1u);
  EXPECT_EQ(call("lead.get", {{"id", l}})["assignments"].back()["rule"], "transfer");
  EXPECT_EQ(fail("owner.transfer", {{"from_user_id", a_}, {"to_user_id", a_}})["field"], "to_user_id");
}

}  // namespace
}  // namespace loudou::leadtest
