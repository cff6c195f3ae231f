// data.import of leads and activities from CSV: header guessing, the lead rules (validation,
// scoring, dedupe), attaching follow-ups, re-import, dry run, all-or-nothing.
#include "io_fixture.h"

namespace loudou::iotest {
namespace {

class ImportLeadsTest : public IoTest {
 protected:
  void SetUp() override {
    IoTest::SetUp();
    wang_ = ok("user.create", {{"name", "王伟"}})["id"];
  }
  json import(const std::string& entity, const std::string& text, json extra = json::object()) {
    json args = {{"format", "csv"}, {"entity", entity}, {"text", text}};
    args.update(extra);
    return call("data.import", args);
  }
  json leads() { return ok("lead.list", {{"limit", 100}})["items"]; }
  json lead_named(const std::string& name) {
    for (auto& l : leads())
      if (l["name"] == name) return l;
    ADD_FAILURE() << "no lead " << name;
    return json();
  }
  json wang_;
};

const char* kLeads =
    "线索编号,联系人,公司,手机,邮箱,来源,预算,决策人,需求,时间,负责人,状态,备注,创建日期\r\n"
    "L-1,张三,优选零售有限公司,138-0013-8000,zs@example.com,官网,5万,决策人,强烈,一个月内,王伟,已联系,老客户介绍,2025/3/1\r\n"
    "L-2,李四,华东制造,13900000000,,展会,\"12,000\",影响者,一般,三个月内,,新线索,,2025-04-02\r\n";

TEST_F(ImportLeadsTest, ChineseHeadersGoThroughTheLeadRules) {
  json r = import("lead", kLeads);
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["imported"], 2);
  json zhang = lead_named("张三");
  EXPECT_EQ(zhang["company"], "优选零售有限公司");
  EXPECT_EQ(zhang["budget"], 5000000);
  EXPECT_EQ(zhang["authority"], "decision_maker");
  EXPECT_EQ(zhang["need"], "strong");
  EXPECT_EQ(zhang["timeline"], "1m");
  EXPECT_EQ(zhang["status"], "contacted");
  EXPECT_EQ(zhang["owner_id"], wang_);
  EXPECT_EQ(zhang["created_at"], "2025-03-01T00:00:00Z");
  // Scored like a lead typed in by hand: the same inputs through lead.create give the same score.
  json typed = ok("lead.create", {{"name", "对照"}, {"budget", 5000000}, {"authority", "decision_maker"},
                                  {"need", "strong"}, {"timeline", "1m"}, {"source", "官网"}});
  EXPECT_EQ(zhang["score"], typed["score"]);
  EXPECT_GT(zhang["score"].get<int>(), 0);
  json li = lead_named("李四");
  EXPECT_EQ(li["budget"], 1200000);
  EXPECT_TRUE(li["in_pool"]) << li.dump();
}

TEST_F(ImportLeadsTest, ReimportChangesNothingAndPhoneMatchesUpdate) {
  ASSERT_TRUE(import("lead", kLeads)["ok"]);
  json again = import("lead", kLeads);
  ASSERT_TRUE(again["ok"]) << again.dump();
  EXPECT_EQ(again["result"]["imported"], 0);
  EXPECT_EQ(again["result"]["unchanged"], 2);
  // No external id, but the same mobile written another way: the dedupe rules find the lead.
  json r = import("lead", "姓名,电话,行业\r\n张三,+86 138 0013 8000,零售\r\n");
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["imported"], 0);
  EXPECT_EQ(r["result"]["updated"], 1);
  EXPECT_EQ(leads().size(), 2u);
  EXPECT_EQ(lead_named("张三")["industry"], "零售");
  // Same company only: a new lead, reported as a possible duplicate.
  json c = import("lead", "姓名,公司\r\n王五,优选零售\r\n");
  ASSERT_TRUE(c["ok"]) << c.dump();
  EXPECT_EQ(c["result"]["imported"], 1);
  EXPECT_EQ(c["result"]["possible_duplicates"].size(), 1u) << c.dump();
}

TEST_F(ImportLeadsTest, BadRowsWriteNothingAndNameTheField) {
  json r = import("lead", "联系人,手机,需求,预算\r\n好的,13800000001,强烈,100\r\n短号,12,一般,\r\n坏需求,13800000003,非常想要,\r\n");
  ASSERT_FALSE(r["ok"]) << r.dump();
  EXPECT_EQ(r["error"]["code"], "validation_failed");
  json errs = r["error"]["errors"];
  ASSERT_EQ(errs.size(), 1u) << r.dump();  // cells that do not parse stop the import before any op runs
  EXPECT_EQ(errs[0]["row"], 4);
  EXPECT_EQ(errs[0]["field"], "need");
  r = import("lead", "联系人,手机\r\n好的,13800000001\r\n短号,12\r\n");
  ASSERT_FALSE(r["ok"]);
  EXPECT_EQ(r["error"]["errors"][0]["row"], 3);
  EXPECT_EQ(r["error"]["errors"][0]["field"], "phone");
  EXPECT_EQ(leads().size(), 0u);  // row 2 was valid but nothing was written
  json dup = import("lead", "联系人,手机\r\n甲,13800000001\r\n乙,138 0000 0001\r\n");
  ASSERT_FALSE(dup["ok"]);
  EXPECT_EQ(dup["error"]["errors"][0]["field"], "phone");
}

TEST_F(ImportLeadsTest, DryRunWritesNothing) {
  json r = import("lead", kLeads, {{"dry_run", true}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["imported"], 2);
  EXPECT_EQ(leads().size(), 0u);
}

TEST_F(ImportLeadsTest, ActivitiesAttachToLeadsAndDealsByExternalIdOrName) {
  ASSERT_TRUE(import("lead", kLeads)["ok"]);
  ok("pipeline.create", {{"name", "P"}, {"stages", {{{"name", "A"}, {"probability", 10}}}}});
  ASSERT_TRUE(import("deal", "商机编号,商机名称,金额\r\nD-9,华东项目,1000\r\n")["ok"]);
  const std::string acts =
      "类型,商机,线索,主题,完成日期,结果,内容,负责人\r\n"
      "电话,,L-1,首次电话,2025-03-02,有意向,聊了需求,王伟\r\n"
      "拜访,华东项目,,现场拜访,2025年4月3日,,带方案,\r\n"
      "邮件,D-9,,发报价,,,,\r\n";
  json r = import("activity", acts);
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["imported"], 3);
  json zhang = lead_named("张三");
  json on_lead = ok("activity.list", {{"lead_id", zhang["id"]}})["items"];
  ASSERT_EQ(on_lead.size(), 1u);
  EXPECT_EQ(on_lead[0]["type"], "call");
  EXPECT_EQ(on_lead[0]["done_at"], "2025-03-02T00:00:00Z");
  EXPECT_EQ(on_lead[0]["owner_id"], wang_);
  json deal = ok("deal.list", {})["items"][0];
  json on_deal = ok("activity.list", {{"deal_id", deal["id"]}})["items"];
  EXPECT_EQ(on_deal.size(), 2u);
  json again = import("activity", acts);
  ASSERT_TRUE(again["ok"]) << again.dump();
  EXPECT_EQ(again["result"]["imported"], 0);
  EXPECT_EQ(again["result"]["unchanged"], 3);
  json bad = import("activity", "类型,商机\r\n电话,没有这个商机\r\n喝茶,华东项目\r\n");
  ASSERT_FALSE(bad["ok"]);
  ASSERT_EQ(bad["error"]["errors"].size(), 2u) << bad.dump();
  EXPECT_EQ(bad["error"]["errors"][0]["field"], "deal");
  EXPECT_EQ(bad["error"]["errors"][1]["field"], "type");
}

TEST_F(ImportLeadsTest, ExportsImportBackOntoTheSameRecords) {
  ASSERT_TRUE(import("lead", kLeads)["ok"]);
  ASSERT_TRUE(import("activity", "类型,线索,主题,完成日期\r\n电话,L-1,首次电话,2025-03-02\r\n会面,L-2,,\r\n")["ok"]);
  for (const char* lang : {"zh-CN", "en"})
    for (const char* entity : {"lead", "activity"}) {
      json e = ok("data.export", {{"format", "csv"}, {"entity", entity}, {"lang", lang}});
      json r = import(entity, e["text"]);
      ASSERT_TRUE(r["ok"]) << entity << " " << lang << " " << r.dump() << "\n" << e["text"].get<std::string>();
      EXPECT_EQ(r["result"]["imported"], 0) << entity << " " << lang;
      EXPECT_EQ(r["result"]["unchanged"], 2) << entity << " " << lang;
    }
  json e = ok("data.export", {{"format", "csv"}, {"entity", "lead"}});
  EXPECT_NE(e["text"].get<std::string>().find("联系人,公司,电话"), std::string::npos) << e["text"];
  EXPECT_NE(e["text"].get<std::string>().find(",50000.00,decision_maker,"), std::string::npos) << e["text"];
}

TEST_F(ImportLeadsTest, MappingNeedsTheRequiredColumns) {
  fails("data.import", {{"format", "csv"}, {"entity", "lead"}, {"text", "来源\r\n官网\r\n"}}, "validation_failed", "mapping");
  fails("data.import", {{"format", "csv"}, {"entity", "activity"}, {"text", "类型\r\n电话\r\n"}}, "validation_failed", "mapping");
}

}  // namespace
}  // namespace loudou::iotest
