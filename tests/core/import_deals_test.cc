// data.import of deals from CSV: mapping, history, re-import, all-or-nothing.
#include "io_fixture.h"

namespace loudou::iotest {
namespace {

class ImportDealsTest : public IoTest {
 protected:
  void SetUp() override {
    IoTest::SetUp();
    json stages = json::array();
    for (auto [name, p] : std::vector<std::pair<const char*, int>>{{"初步沟通", 10}, {"需求确认", 30}, {"方案报价", 50}, {"商务谈判", 70}})
      stages.push_back({{"name", name}, {"probability", p}});
    p_ = ok("pipeline.create", {{"name", "销售流程"}, {"stages", stages}});
    wang_ = ok("user.create", {{"name", "王伟"}, {"email", "wang@example.com"}})["id"];
    li_ = ok("user.create", {{"name", "李娜"}})["id"];
  }
  json import(const std::string& text, json extra = json::object()) {
    json args = {{"format", "csv"}, {"entity", "deal"}, {"text", text}};
    args.update(extra);
    return call("data.import", args);
  }
  json deals() { return ok("deal.list", {{"limit", 1000}, {"sort", "created_at"}})["items"]; }
  std::string sid(int i) { return p_["stages"][i - 1]["id"]; }

  json p_, wang_, li_;
};

const char* kSheet =
    "商机名称,客户名称,金额,阶段,负责人,来源,行业,预计成交日期,创建日期\r\n"
    "ERP 升级,华东制造,\"1,234.5\",需求确认,王伟,官网,制造业,2026/4/30,2026年1月5日\r\n"
    "门店系统,优选零售,12.3万,初步沟通,李娜,展会,零售,,2026-01-10\r\n";

TEST_F(ImportDealsTest, GuessesChineseHeadersAndImports) {
  json r = import(kSheet);
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["imported"], 2);
  json d = deals();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0]["title"], "ERP 升级");
  EXPECT_EQ(d[0]["account"], "华东制造");
  EXPECT_EQ(d[0]["amount"], 123450);
  EXPECT_EQ(d[0]["stage_id"], sid(2));
  EXPECT_EQ(d[0]["owner_id"], wang_);
  EXPECT_EQ(d[0]["source"], "官网");
  EXPECT_EQ(d[0]["industry"], "制造业");
  EXPECT_EQ(d[0]["expected_close"], "2026-04-30");
  EXPECT_EQ(d[0]["created_at"], "2026-01-05T00:00:00Z");
  EXPECT_EQ(d[1]["amount"], 12300000);
  EXPECT_EQ(d[1]["owner_id"], li_);
}

TEST_F(ImportDealsTest, EnglishHeadersToo) {
  json r = import("Deal name,Account,Amount,Stage,Owner,Created\nBig one,ACME,5000,方案报价,wang@example.com,2026-02-01\n");
  ASSERT_TRUE(r["ok"]) << r.dump();
  json d = deals();
  EXPECT_EQ(d[0]["stage_id"], sid(3));
  EXPECT_EQ(d[0]["owner_id"], wang_);
  EXPECT_EQ(d[0]["amount"], 500000);
}

TEST_F(ImportDealsTest, StageDatesBecomeBackdatedHistory) {
  json r = import(
      "商机名称,金额,创建日期,阶段日期:初步沟通,阶段日期:需求确认,阶段日期:方案报价,状态,关闭日期\n"
      "A,100,2026-01-01,2026-01-01,2026-01-10,2026-01-20,赢单,2026-02-01\n"
      "B,100,2026-01-02,,2026-01-12,,输单,2026-01-15\n");
  ASSERT_TRUE(r["ok"]) << r.dump();
  json d = deals();
  json a = ok("deal.get", {{"id", d[0]["id"]}});
  ASSERT_EQ(a["stage_events"].size(), 4u) << a.dump();
  EXPECT_EQ(a["stage_events"][0]["kind"], "create");
  EXPECT_EQ(a["stage_events"][0]["stage_id"], sid(1));
  EXPECT_EQ(a["stage_events"][0]["at"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(a["stage_events"][1]["kind"], "move");
  EXPECT_EQ(a["stage_events"][1]["stage_id"], sid(2));
  EXPECT_EQ(a["stage_events"][1]["at"], "2026-01-10T00:00:00Z");
  EXPECT_EQ(a["stage_events"][2]["stage_id"], sid(3));
  EXPECT_EQ(a["stage_events"][3]["kind"], "won");
  EXPECT_EQ(a["stage_events"][3]["at"], "2026-02-01T00:00:00Z");
  EXPECT_EQ(a["status"], "won");
  EXPECT_EQ(a["closed_at"], "2026-02-01T00:00:00Z");
  EXPECT_EQ(a["stage_entered_at"], "2026-01-20T00:00:00Z");
  json b = ok("deal.get", {{"id", d[1]["id"]}});
  EXPECT_EQ(b["status"], "lost");
  EXPECT_EQ(b["lost_reason"], "未注明");
  ASSERT_EQ(b["stage_events"].size(), 2u);
  EXPECT_EQ(b["stage_events"][0]["stage_id"], sid(2));  // created in its first dated stage
  EXPECT_EQ(b["stage_events"][0]["at"], "2026-01-02T00:00:00Z");
}

TEST_F(ImportDealsTest, ImportedHistoryFeedsTheFunnelReport) {
  json r = import(
      "商机名称,创建日期,阶段日期:需求确认,阶段日期:方案报价,状态\n"
      "A,2026-01-01,2026-01-05,2026-01-09,赢单\n"
      "B,2026-01-02,2026-01-06,,\n"
      "C,2026-01-03,,,输单\n");
  ASSERT_TRUE(r["ok"]) << r.dump();
  json f = call("report.funnel", {{"pipeline_id", p_["id"]}, {"now", "2026-03-01T00:00:00Z"}});
  if (!f["ok"]) GTEST_SKIP() << "report.funnel is not available in this build: " << f.dump();
  json st = f["result"]["stages"];
  EXPECT_EQ(st[0]["entered"], 3);  // every deal starts at the top... C was created in stage 1
  EXPECT_EQ(st[1]["entered"], 2);
  EXPECT_EQ(st[2]["entered"], 1);
  EXPECT_EQ(f["result"]["won"], 1);
  EXPECT_EQ(f["result"]["lost"], 1);
}

TEST_F(ImportDealsTest, AnyRowErrorWritesNothingAndListsEveryError) {
  json r = import(
      "商机名称,金额,阶段,负责人,创建日期\n"
      "Good,100,需求确认,王伟,2026-01-01\n"
      ",abc,不存在的阶段,张三,2026-02-30\n"
      "Also good,200,初步沟通,李娜,2026-01-02\n"
      "Ragged,1\n");
  ASSERT_FALSE(r["ok"]);
  json e = r["error"];
  EXPECT_EQ(e["code"], "validation_failed");
  std::set<std::pair<int, std::string>> got;
  for (auto& x : e["errors"]) got.insert({x["row"].get<int>(), x["field"].get<std::string>()});
  std::set<std::pair<int, std::string>> want = {{3, "title"}, {3, "amount"}, {3, "stage"}, {3, "owner"},
                                                {3, "created_at"}, {5, ""}};
  EXPECT_EQ(got, want) << e.dump();
  EXPECT_EQ(e["error_count"], 6);
  EXPECT_EQ(ok("deal.list")["total"], 0);
}

TEST_F(ImportDealsTest, ExplicitMappingsOverrideGuesses) {
  const char* sheet = "项目,阶段,销售\nX,Phase B,Wei\n";
  json r = import(sheet);
  EXPECT_FALSE(r["ok"]);
  r = import(sheet, {{"mapping", {{"项目", "title"}, {"销售", "owner"}}},
                     {"stage_map", {{"Phase B", sid(2)}}},
                     {"owner_map", {{"Wei", wang_}}}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  json d = deals();
  EXPECT_EQ(d[0]["stage_id"], sid(2));
  EXPECT_EQ(d[0]["owner_id"], wang_);
}

TEST_F(ImportDealsTest, MappingErrorsNameTheColumn) {
  fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", kSheet}, {"mapping", {{"金额", "nonsense"}}}},
        "validation_failed", "mapping.金额");
  fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", kSheet}, {"mapping", {{"missing", "title"}}}},
        "validation_failed", "mapping.missing");
  fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", "金额\n5\n"}}, "validation_failed", "mapping");
}

TEST_F(ImportDealsTest, MissingOwnersCanBeCreated) {
  json r = import("商机名称,负责人\nA,赵六\nB,赵六\n", {{"create_missing_owners", true}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  ASSERT_EQ(r["result"]["owners_created"].size(), 1u);
  json d = deals();
  EXPECT_EQ(d[0]["owner_id"], d[1]["owner_id"]);
  EXPECT_EQ(d[0]["owner_id"], r["result"]["owners_created"][0]["id"]);
}

TEST_F(ImportDealsTest, DryRunValidatesAndWritesNothing) {
  json r = import(kSheet, {{"dry_run", true}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["imported"], 2);
  EXPECT_EQ(r["result"]["dry_run"], true);
  EXPECT_EQ(ok("deal.list")["total"], 0);
}

TEST_F(ImportDealsTest, ReimportByExternalIdDoesNotDuplicate) {
  std::string sheet = "编号,商机名称,金额,阶段\nX-1,A,100,初步沟通\nX-2,B,200,初步沟通\n";
  ASSERT_TRUE(import(sheet)["ok"]);
  json again = import(sheet);
  ASSERT_TRUE(again["ok"]) << again.dump();
  EXPECT_EQ(again["result"]["imported"], 0);
  EXPECT_EQ(again["result"]["unchanged"], 2);
  EXPECT_EQ(ok("deal.list")["total"], 2);
  // A changed sheet updates the same deals: new amount, and the deal moves on.
  json moved = import("编号,商机名称,金额,阶段\nX-1,A,150,需求确认\n");
  ASSERT_TRUE(moved["ok"]) << moved.dump();
  EXPECT_EQ(moved["result"]["updated"], 1);
  json d = deals();
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0]["amount"], 15000);
  EXPECT_EQ(d[0]["stage_id"], sid(2));
}

// A Loudou export carries each deal's id in its 编号 column: imported back, every row finds its
// deal by that id (asked in batches of 256, so 300 rows take two) and nothing is duplicated.
TEST_F(ImportDealsTest, AnExportImportsBackOntoItsOwnDeals) {
  std::string sheet = "商机名称,金额,阶段\n";
  for (int i = 0; i < 300; ++i) sheet += "商机 " + std::to_string(i) + "," + std::to_string(i) + ",初步沟通\n";
  ASSERT_TRUE(import(sheet)["ok"]);
  std::string exported = ok("data.export", {{"format", "csv"}, {"entity", "deal"}})["text"];
  json again = import(exported);
  ASSERT_TRUE(again["ok"]) << again.dump().substr(0, 500);
  EXPECT_EQ(again["result"]["imported"], 0);
  EXPECT_EQ(again["result"]["unchanged"], 300);
  EXPECT_EQ(ok("deal.list")["total"], 300);
}

// Rows naming the same owner one after another are each checked: every row naming nobody is an
// error of its own, and a created owner is created once.
TEST_F(ImportDealsTest, EveryRowNamingAnOwnerIsChecked) {
  json e = fails("data.import", {{"format", "csv"}, {"entity", "deal"},
                                 {"text", "商机名称,负责人\nA,王伟\nB,无名\nC,无名\nD,王伟\nE,无名\n"}},
                 "validation_failed");
  std::vector<int> rows;
  for (auto& x : e["errors"]) {
    EXPECT_EQ(x["field"], "owner");
    rows.push_back(x["row"].get<int>());
  }
  EXPECT_EQ(rows, (std::vector<int>{3, 4, 6}));
  json r = import("商机名称,负责人\nA,无名\nB,无名\nC,王伟\nD,无名\n", {{"create_missing_owners", true}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  ASSERT_EQ(r["result"]["owners_created"].size(), 1u);
  json d = deals();
  ASSERT_EQ(d.size(), 4u);
  std::string created = r["result"]["owners_created"][0]["id"];
  for (int i : {0, 1, 3}) EXPECT_EQ(d[i]["owner_id"], created);
  EXPECT_EQ(d[2]["owner_id"], wang_);
}

TEST_F(ImportDealsTest, ReimportByTitleKey) {
  ASSERT_TRUE(import("商机名称,金额\nA,1\n")["ok"]);
  json r = import("商机名称,金额\nA,2\nB,3\n", {{"key", "title"}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["imported"], 1);
  EXPECT_EQ(r["result"]["updated"], 1);
  EXPECT_EQ(ok("deal.list")["total"], 2);
}

TEST_F(ImportDealsTest, DuplicateKeysInOneFileAreRowErrors) {
  json e = fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", "编号,商机名称\n1,A\n1,B\n"}},
                 "validation_failed");
  ASSERT_EQ(e["errors"].size(), 1u);
  EXPECT_EQ(e["errors"][0]["row"], 3);
}

TEST_F(ImportDealsTest, HistoryThatContradictsItselfIsRefused) {
  json e = fails("data.import",
                 {{"format", "csv"}, {"entity", "deal"},
                  {"text", "商机名称,创建日期,阶段日期:需求确认,阶段日期:方案报价\nA,2026-01-05,2026-01-10,2026-01-08\n"
                           "B,2026-01-20,2026-01-10,\nC,2027-01-01,,\n"}},
                 "validation_failed");
  ASSERT_EQ(e["errors"].size(), 3u) << e.dump();
  EXPECT_EQ(e["errors"][0]["field"], "stage_date:方案报价");
  EXPECT_EQ(e["errors"][1]["field"], "created_at");
  EXPECT_EQ(e["errors"][2]["field"], "created_at");  // in the future
}

TEST_F(ImportDealsTest, CustomFieldsAsColumns) {
  ok("field.define", {{"entity", "deal"}, {"key", "region"}, {"label", "区域"}, {"type", "choice"},
                      {"options", {"华东", "华南"}}});
  ok("field.define", {{"entity", "deal"}, {"key", "budget"}, {"label", "预算"}, {"type", "money"}});
  json r = import("商机名称,区域,预算\nA,华东,3万\n");
  ASSERT_TRUE(r["ok"]) << r.dump();
  json d = deals();
  EXPECT_EQ(d[0]["fields"]["region"], "华东");
  EXPECT_EQ(d[0]["fields"]["budget"], 3000000);
  json e = fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", "商机名称,区域\nB,西北\n"}},
                 "validation_failed");
  EXPECT_EQ(e["errors"][0]["field"], "field:region");
}

TEST_F(ImportDealsTest, NonCsvInputIsACodedError) {
  fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", std::string("PK\x03\x04junk", 8)}},
        "validation_failed", "text");
  fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", ""}}, "validation_failed", "text");
  fails("data.import", {{"format", "xml"}, {"entity", "deal"}, {"text", "x"}}, "validation_failed", "format");
  fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", 5}}, "bad_request", "text");
}

}  // namespace
}  // namespace loudou::iotest
