// Leads: scoring, duplicates, conversion, merge, bad input.
#include "lead_fixture.h"

namespace loudou::leadtest {
namespace {

class LeadTest : public LeadFixture {};

int points_of(const json& factors, const std::string& factor) {
  for (auto& f : factors)
    if (f["factor"] == factor) return f["points"].get<int>();
  return -1;
}

TEST_F(LeadTest, BantScoreIsTheSumOfItsFactorsWithTheReferralRule) {
  json l = call("lead.create", {{"company", "星云科技"},
                                {"source", "老客户推荐"},
                                {"budget", 20'000'000},  // above budget_full: the full 25
                                {"authority", "influencer"},  // 0.6 x 25 = 15
                                {"need", "strong"},           // 25
                                {"timeline", "6m"},           // 0.4 x 25 = 10
                                {"at", "2026-02-01T00:00:00Z"}});
  EXPECT_EQ(l["score"], 95);
  EXPECT_EQ(points_of(l["score_factors"], "budget"), 25);
  EXPECT_EQ(points_of(l["score_factors"], "authority"), 15);
  EXPECT_EQ(points_of(l["score_factors"], "need"), 25);
  EXPECT_EQ(points_of(l["score_factors"], "timeline"), 10);
  EXPECT_EQ(points_of(l["score_factors"], "rule"), 20);
  int sum = 0;
  for (auto& f : l["score_factors"]) sum += f["points"].get<int>();
  EXPECT_EQ(sum, l["score"].get<int>());
}

TEST_F(LeadTest, ScoreIsRecomputedWhenInputsOrWeightsChange) {
  std::string id = lead({{"company", "A"}, {"budget", 5'000'000}});  // half of budget_full
  EXPECT_EQ(call("lead.get", {{"id", id}})["score"], 13);           // 12.5 rounds away from zero
  EXPECT_EQ(call("lead.update", {{"id", id}, {"need", "some"}})["score"], 26);
  EXPECT_EQ(call("lead.update", {{"id", id}, {"budget", nullptr}})["score"], 13);
  call("lead.settings.set",
       {{"scoring", {{"weights", {{"budget", 10}, {"authority", 10}, {"need", 40}, {"timeline", 40}}},
                     {"budget_full", 1000},
                     {"rules", json::array({{{"field", "need"}, {"equals", "some"}, {"points", -5}}})}}}});
  json l = call("lead.get", {{"id", id}});
  EXPECT_EQ(l["score"], 15);  // need some: 20, rule -5
  EXPECT_EQ(points_of(l["score_factors"], "rule"), -5);
}

TEST_F(LeadTest, CreateReportsDuplicatesByPhoneEmailAndCompany) {
  std::string a = lead({{"name", "王立"}, {"phone", "13800138000"}, {"at", "2026-01-01T00:00:00Z"}});
  std::string b = lead({{"company", "上海星云科技有限公司"}, {"at", "2026-01-02T00:00:00Z"}});
  std::string c = lead({{"email", "Li@Example.com"}, {"at", "2026-01-03T00:00:00Z"}});
  EXPECT_EQ(call("lead.create", {{"phone", "+86 １３８ ００１３ ８０００"}})["duplicates"], json::array({a}));
  EXPECT_EQ(call("lead.create", {{"phone", "0086-138-0013-8000"}})["duplicates"].size(), 2u);  // a and the one above
  EXPECT_EQ(call("lead.create", {{"company", "上海星云科技股份有限公司"}})["duplicates"], json::array({b}));
  EXPECT_EQ(call("lead.create", {{"email", " li@example.COM"}})["duplicates"], json::array({c}));
  EXPECT_EQ(call("lead.create", {{"name", "someone else"}, {"phone", "13900139000"}})["duplicates"], json::array());
}

TEST_F(LeadTest, BadInputGetsCodedErrorsNamingTheFieldAndWritesNothing) {
  EXPECT_EQ(fail("lead.create", {{"authority", "boss"}, {"name", "x"}})["field"], "authority");
  EXPECT_EQ(fail("lead.create", {{"need", "maybe"}, {"name", "x"}})["field"], "need");
  EXPECT_EQ(fail("lead.create", {{"timeline", "soon"}, {"name", "x"}})["field"], "timeline");
  EXPECT_EQ(fail("lead.create", {{"email", "not-an-email"}})["field"], "email");
  EXPECT_EQ(fail("lead.create", {{"phone", "12"}})["field"], "phone");
  EXPECT_EQ(fail("lead.create", {{"budget", -1}, {"name", "x"}})["field"], "budget");
  EXPECT_EQ(fail("lead.create", json::object())["code"], "validation_failed");
  EXPECT_EQ(fail("lead.create", {{"name", "x"}, {"colour", "red"}})["code"], "bad_request");
  EXPECT_EQ(fail("lead.create", {{"name", "x"}, {"owner_id", "01NOPE"}})["code"], "not_found");
  EXPECT_EQ(fail("lead.create", {{"name", "x"}, {"status", "converted"}})["field"], "status");
  EXPECT_EQ(fail("lead.get", {{"id", "01NOPE"}})["code"], "not_found");
  EXPECT_EQ(fail("lead.list", {{"status", "warm"}})["field"], "status");
  EXPECT_EQ(fail("lead.disqualify", {{"id", lead({{"name", "y"}})}})["field"], "reason");
  EXPECT_EQ(call("lead.list")["total"], 1);
}

TEST_F(LeadTest, ConvertCreatesADealCarryingSourceIndustryOwnerAndHistory) {
  json p = pipeline();
  std::string rep = user("张三");
  std::string id = lead({{"company", "星云科技"}, {"name", "王立"}, {"source", "展会"}, {"industry", "制造业"},
                         {"owner_id", rep}, {"budget", 300000}, {"at", "2026-02-01T00:00:00Z"}});
  call("activity.create", {{"type", "call"}, {"lead_id", id}, {"done_at", "2026-02-02T00:00:00Z"},
                           {"at", "2026-02-02T00:00:00Z"}});
  json r = call("lead.convert", {{"id", id}, {"pipeline_id", p["id"]}, {"at", "2026-02-03T00:00:00Z"}});
  EXPECT_EQ(r["lead"]["status"], "converted");
  EXPECT_EQ(r["lead"]["deal_id"], r["deal"]["id"]);
  EXPECT_EQ(r["deal"]["title"], "星云科技");
  EXPECT_EQ(r["deal"]["amount"], 300000);
  EXPECT_EQ(r["deal"]["source"], "展会");
  EXPECT_EQ(r["deal"]["industry"], "制造业");
  EXPECT_EQ(r["deal"]["owner_id"], rep);
  EXPECT_EQ(r["deal"]["lead_id"], id);
  EXPECT_EQ(r["deal"]["stage_id"], p["stages"][0]["id"]);
  EXPECT_EQ(r["deal"]["activities"].size(), 1u);
  EXPECT_EQ(call("deal.get", {{"id", r["deal"]["id"]}})["activities"][0]["type"], "call");
  EXPECT_EQ(fail("lead.convert", {{"id", id}, {"pipeline_id", p["id"]}})["code"], "conflict");
  EXPECT_EQ(call("deal.list")["total"], 1);
}

TEST_F(LeadTest, AFailedConvertLeavesNoDealBehind) {
  json p = call("pipeline.create", {{"name", "P"},
                                    {"stages", json::array({{{"name", "S"}, {"probability", 10},
                                                             {"required_fields", json::array({"amount"})}}})}});
  std::string id = lead({{"company", "No budget"}});
  EXPECT_EQ(fail("lead.convert", {{"id", id}, {"pipeline_id", p["id"]}})["code"], "stage_requirements");
  EXPECT_EQ(call("deal.list")["total"], 0);
  EXPECT_EQ(call("lead.get", {{"id", id}})["status"], "new");
}

TEST_F(LeadTest, MergeFoldsTheDuplicateIntoTheKeptLead) {
  std::string keep = lead({{"company", "星云科技"}, {"phone", "13800138000"}, {"at", "2026-01-01T00:00:00Z"}});
  std::string dup = lead({{"company", "星云科技有限公司"}, {"email", "w@x.cn"}, {"need", "strong"},
                          {"at", "2026-01-02T00:00:00Z"}});
  call("activity.create", {{"type", "note"}, {"lead_id", dup}, {"notes", "met at the fair"}});
  json m = call("lead.merge", {{"id", keep}, {"duplicate_id", dup}});
  EXPECT_EQ(m["email"], "w@x.cn");
  EXPECT_EQ(m["need"], "strong");
  EXPECT_EQ(m["score"], 25);
  EXPECT_EQ(m["merged"], dup);
  EXPECT_EQ(fail("lead.get", {{"id", dup}})["code"], "not_found");
  EXPECT_EQ(call("lead.get", {{"id", keep}})["activities"].size(), 1u);
  EXPECT_EQ(fail("lead.merge", {{"id", keep}, {"duplicate_id", keep}})["field"], "duplicate_id");
}

TEST_F(LeadTest, QualifyAndDisqualifyKeepTheReason) {
  std::string id = lead({{"name", "x"}});
  EXPECT_EQ(call("lead.qualify", {{"id", id}})["status"], "qualified");
  json d = call("lead.disqualify", {{"id", id}, {"reason", "no budget"}});
  EXPECT_EQ(d["status"], "disqualified");
  EXPECT_EQ(d["status_reason"], "no budget");
  EXPECT_EQ(d["in_pool"], false);
  EXPECT_EQ(call("lead.list", {{"status", "open"}})["total"], 0);
}

TEST_F(LeadTest, ListFiltersByStatusPoolTextAndScore) {
  std::string rep = user("张三");
  lead({{"company", "Alpha"}, {"need", "strong"}, {"owner_id", rep}});
  lead({{"company", "Beta"}, {"source", "官网"}});
  lead({{"company", "Gamma 100%"}});
  EXPECT_EQ(call("lead.list", {{"pool", true}})["total"], 2);
  EXPECT_EQ(call("lead.list", {{"owner_id", rep}})["items"][0]["company"], "Alpha");
  EXPECT_EQ(call("lead.list", {{"q", "bet"}})["total"], 1);
  EXPECT_EQ(call("lead.list", {{"q", "100%"}})["total"], 1);
  EXPECT_EQ(call("lead.list", {{"min_score", 20}})["total"], 1);
  EXPECT_EQ(call("lead.list", {{"sort", "-score"}})["items"][0]["company"], "Alpha");
  EXPECT_EQ(call("lead.list", {{"source", "官网"}})["total"], 1);
  EXPECT_EQ(fail("lead.list", {{"sort", "colour"}})["field"], "sort");
}

}  // namespace
}  // namespace loudou::leadtest
