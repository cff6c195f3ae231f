// data.export format csv: Excel-ready text that data.import reads back.
#include "csv.h"
#include "io_fixture.h"

namespace loudou::iotest {
namespace {

class ExportCsvTest : public IoTest {
 protected:
  void SetUp() override {
    IoTest::SetUp();
    p_ = pipeline(3);
    u_ = ok("user.create", {{"name", "王伟"}, {"email", "w@example.com"}})["id"];
    ok("field.define", {{"entity", "deal"}, {"key", "region"}, {"label", "区域"}, {"type", "text"}});
    json d = deal(p_, {{"title", "=HYPERLINK(\"x\")"}, {"amount", 123450}, {"owner_id", u_},
                       {"account", "华东, 制造"}, {"fields", {{"region", "华东"}}}});
    ok("deal.move", {{"id", d["id"]}, {"stage_id", stage(p_, 2)}, {"at", "2026-01-10T09:30:00Z"}});
    ok("deal.lose", {{"id", d["id"]}, {"reason", "价格"}, {"at", "2026-01-20T00:00:00Z"}});
  }
  std::vector<csv::Row> rows(const std::string& entity, const std::string& lang) {
    json r = ok("data.export", {{"format", "csv"}, {"entity", entity}, {"lang", lang}});
    std::string text = r["text"];
    EXPECT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(text.find("\r\n"), std::string::npos);
    auto t = csv::parse(text);
    EXPECT_TRUE(t.ok());
    return t.ok() ? t->rows : std::vector<csv::Row>{};
  }
  json p_, u_;
};

TEST_F(ExportCsvTest, DealsInChinese) {
  auto r = rows("deal", "zh-CN");
  ASSERT_EQ(r.size(), 2u);
  auto col = [&](const std::string& h) {
    auto it = std::find(r[0].begin(), r[0].end(), h);
    EXPECT_NE(it, r[0].end()) << h;
    return it == r[0].end() ? std::string() : r[1][size_t(it - r[0].begin())];
  };
  EXPECT_EQ(col("商机名称"), "'=HYPERLINK(\"x\")");  // defused for Excel
  EXPECT_EQ(col("金额"), "1234.50");
  EXPECT_EQ(col("客户名称"), "华东, 制造");
  EXPECT_EQ(col("阶段"), "S2");
  EXPECT_EQ(col("状态"), "输单");
  EXPECT_EQ(col("负责人"), "王伟");
  EXPECT_EQ(col("输单原因"), "价格");
  EXPECT_EQ(col("区域"), "华东");
  EXPECT_EQ(col("创建日期"), "2026-01-01");
  EXPECT_EQ(col("关闭日期"), "2026-01-20");
  EXPECT_EQ(col("阶段日期:S1"), "2026-01-01");
  EXPECT_EQ(col("阶段日期:S2"), "2026-01-10 09:30:00");
  EXPECT_EQ(col("阶段日期:S3"), "");
}

TEST_F(ExportCsvTest, DealsInEnglish) {
  auto r = rows("deal", "en");
  EXPECT_EQ(r[0][1], "Deal name");
  EXPECT_NE(std::find(r[0].begin(), r[0].end(), "Stage date:S2"), r[0].end());
  EXPECT_NE(std::find(r[1].begin(), r[1].end(), "lost"), r[1].end());
}

TEST_F(ExportCsvTest, ExportImportsBackIntoAnEmptyDatabaseWithItsHistory) {
  std::string text = ok("data.export", {{"format", "csv"}, {"entity", "deal"}})["text"];
  std::string users = ok("data.export", {{"format", "csv"}, {"entity", "user"}})["text"];
  auto fresh = open_engine(":memory:", &now_);
  auto run = [&](const std::string& op, const json& args) { return fresh->call(json{{"op", op}, {"args", args}}); };
  json stages = json::array({{{"name", "S1"}, {"probability", 10}}, {{"name", "S2"}, {"probability", 20}},
                             {{"name", "S3"}, {"probability", 30}}});
  ASSERT_TRUE(run("pipeline.create", {{"name", "Sales"}, {"stages", stages}})["ok"]);
  ASSERT_TRUE(run("field.define", {{"entity", "deal"}, {"key", "region"}, {"label", "区域"}, {"type", "text"}})["ok"]);
  json u = run("data.import", {{"format", "csv"}, {"entity", "user"}, {"text", users}});
  ASSERT_TRUE(u["ok"]) << u.dump();
  json r = run("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", text}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  json list = run("deal.list", json::object())["result"]["items"];
  ASSERT_EQ(list.size(), 1u);
  json d = run("deal.get", {{"id", list[0]["id"]}})["result"];
  EXPECT_EQ(d["title"], "=HYPERLINK(\"x\")");
  EXPECT_EQ(d["amount"], 123450);
  EXPECT_EQ(d["status"], "lost");
  EXPECT_EQ(d["lost_reason"], "价格");
  EXPECT_EQ(d["fields"]["region"], "华东");
  ASSERT_EQ(d["stage_events"].size(), 3u) << d.dump();
  EXPECT_EQ(d["stage_events"][1]["at"], "2026-01-10T09:30:00Z");
  EXPECT_EQ(d["stage_events"][2]["at"], "2026-01-20T00:00:00Z");
  // Importing the same export again changes nothing.
  json again = run("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", text}});
  ASSERT_TRUE(again["ok"]) << again.dump();
  EXPECT_EQ(again["result"]["imported"], 0);
}

TEST_F(ExportCsvTest, UsersLeadsActivities) {
  auto u = rows("user", "zh-CN");
  EXPECT_EQ(u[0][1], "姓名");
  EXPECT_EQ(u[1][1], "王伟");
  EXPECT_EQ(u[1][4], "是");
  json leads = call("data.export", {{"format", "csv"}, {"entity", "lead"}});
  ASSERT_TRUE(leads["ok"]) << leads.dump();
  json acts = call("data.export", {{"format", "csv"}, {"entity", "activity"}});
  ASSERT_TRUE(acts["ok"]) << acts.dump();
  fails("data.export", {{"format", "csv"}, {"entity", "deal"}, {"lang", "fr"}}, "validation_failed", "lang");
  fails("data.export", {{"format", "csv"}, {"entity", "planet"}}, "validation_failed", "entity");
  fails("data.export", {{"format", "csv"}}, "validation_failed", "entity");
}

}  // namespace
}  // namespace loudou::iotest
