// The JSON backup: backup -> wipe -> restore -> backup gives the identical text; restore only
// into an empty database, validating before anything is kept.
#include <random>

#include "io_fixture.h"

namespace loudou::iotest {
namespace {

class BackupTest : public IoTest {
 protected:
  // A database with something in every kind of record the core has today.
  void fill() {
    json p = pipeline(4);
    json u = ok("user.create", {{"name", "王伟"}, {"email", "w@example.com"}, {"team", "华东"}});
    ok("quota.set", {{"user_id", u["id"]}, {"period", "2026-Q1"}, {"amount", 100000000}});
    ok("field.define", {{"entity", "deal"}, {"key", "region"}, {"label", "区域"}, {"type", "choice"},
                        {"options", {"华东", "华南"}}});
    for (int i = 0; i < 30; ++i) {
      json d = deal(p, {{"title", "Deal " + std::to_string(i) + " \"引号\"\n换行"}, {"amount", i * 1000},
                        {"owner_id", u["id"]}, {"fields", {{"region", i % 2 ? "华东" : "华南"}}}});
      if (i % 3 == 0) ok("deal.move", {{"id", d["id"]}, {"stage_id", stage(p, 2)}, {"at", "2026-01-05T00:00:00Z"}});
      if (i % 5 == 0) ok("deal.win", {{"id", d["id"]}, {"at", "2026-01-09T00:00:00Z"}});
      else if (i % 7 == 1) ok("deal.lose", {{"id", d["id"]}, {"reason", "预算"}, {"at", "2026-01-09T00:00:00Z"}});
    }
    // A removed stage stays in the backup (history refers to it).
    json stages = json::array();
    for (int i = 0; i < 3; ++i)
      stages.push_back({{"id", p["stages"][i]["id"]}, {"name", p["stages"][i]["name"]}, {"probability", 10}});
    json upd = call("pipeline.update", {{"id", p["id"]}, {"stages", stages}, {"move_deals_to", stage(p, 1)}});
    EXPECT_TRUE(upd["ok"]) << upd.dump();
    json lead = call("lead.create", {{"name", "张三"}, {"company", "优选零售"}, {"phone", "13800000000"}});
    if (lead["ok"])
      call("activity.create", {{"type", "call"}, {"lead_id", lead["result"]["id"]}, {"notes", "首次电话"}});
  }
  std::string backup() { return ok("data.export", {{"format", "json"}})["text"]; }
};

TEST_F(BackupTest, RoundTripGivesIdenticalJson) {
  fill();
  std::string first = backup();
  json b = json::parse(first);
  EXPECT_EQ(b["loudou_backup"], 1);
  EXPECT_GT(b["schema_version"].get<int>(), 0);
  for (const char* t : {"pipeline", "stage", "user", "quota", "field_def", "deal", "stage_event", "setting", "import_key"})
    EXPECT_TRUE(b["tables"].contains(t)) << t;
  EXPECT_FALSE(b["tables"].contains("stage_visit"));       // rebuilt by triggers
  EXPECT_FALSE(b["tables"].contains("schema_migrations"));
  EXPECT_EQ(b["tables"]["deal"]["rows"].size(), 30u);

  // Wipe: a brand-new database, then restore.
  engine_ = open_engine(":memory:", &now_);
  json r = call("data.import", {{"format", "json"}, {"text", first}});
  ASSERT_TRUE(r["ok"]) << r.dump().substr(0, 2000);
  EXPECT_EQ(r["result"]["restored"]["deal"], 30);
  EXPECT_EQ(backup(), first);
  // The restored data works: reports and ops see it.
  EXPECT_EQ(ok("deal.list", {{"limit", 1000}})["total"], 30);
}

TEST_F(BackupTest, RestoreRefusesADatabaseThatHoldsData) {
  fill();
  std::string text = backup();
  json e = fails("data.import", {{"format", "json"}, {"text", text}}, "conflict");
  EXPECT_NE(e["message"].get<std::string>().find("empty"), std::string::npos);
}

TEST_F(BackupTest, RestoreRefusesANewerSchema) {
  json b = json::parse(backup());
  b["schema_version"] = 999;
  json e = fails("data.import", {{"format", "json"}, {"text", b.dump()}}, "validation_failed", "schema_version");
  EXPECT_NE(e["message"].get<std::string>().find("newer"), std::string::npos);
}

TEST_F(BackupTest, BrokenBackupsRestoreNothing) {
  fill();
  json good = json::parse(backup());
  auto restore_fails = [&](json b, const std::string& field_prefix) {
    engine_ = open_engine(":memory:", &now_);
    json e = fails("data.import", {{"format", "json"}, {"text", b.dump()}}, "validation_failed");
    EXPECT_EQ(e.value("field", "").rfind(field_prefix, 0), 0u) << e.dump();
    EXPECT_EQ(ok("deal.list")["total"], 0);
    EXPECT_EQ(ok("pipeline.list")["items"].size(), 0u);
  };
  json b = good;
  b["tables"]["planets"] = {{"columns", json::array()}, {"rows", json::array()}};
  restore_fails(b, "tables.planets");
  b = good;
  b["tables"]["deal"]["columns"].push_back("colour");
  restore_fails(b, "tables.deal");
  b = good;
  b["tables"]["deal"]["rows"][3].erase(0);
  restore_fails(b, "tables.deal.rows[3]");
  b = good;  // a deal whose pipeline is not in the backup
  b["tables"]["deal"]["rows"][0][1] = "01NOPE";
  restore_fails(b, "tables.");
  b = good;  // a CHECK constraint: negative amount
  auto cols = good["tables"]["deal"]["columns"];
  size_t amount = size_t(std::find(cols.begin(), cols.end(), "amount") - cols.begin());
  b["tables"]["deal"]["rows"][2][amount] = -5;
  restore_fails(b, "tables.deal.rows[2]");
  b = good;
  b["tables"]["deal"]["rows"][2][amount] = json::array({1});
  restore_fails(b, "tables.deal.rows[2]");
  engine_ = open_engine(":memory:", &now_);
  fails("data.import", {{"format", "json"}, {"text", "{not json"}}, "validation_failed", "text");
  fails("data.import", {{"format", "json"}, {"text", "{\"hello\": 1}"}}, "validation_failed", "text");
}

TEST_F(BackupTest, DryRunRestoresNothing) {
  fill();
  std::string text = backup();
  engine_ = open_engine(":memory:", &now_);
  json r = call("data.import", {{"format", "json"}, {"text", text}, {"dry_run", true}});
  ASSERT_TRUE(r["ok"]) << r.dump().substr(0, 500);
  EXPECT_EQ(ok("deal.list")["total"], 0);
}

// Seeded fuzz of data.import: mutated CSV and backup texts. Every answer is ok or a coded error,
// and a failed call leaves the database exactly as it was.
TEST_F(BackupTest, FuzzImportNeverHalfWrites) {
  json p = pipeline(3);
  ok("user.create", {{"name", "王伟"}});
  const std::string csv_seed =
      "编号,商机名称,金额,阶段,负责人,创建日期,阶段日期:S2,状态\r\n"
      "1,\"A, Inc\",\"1,234.5\",S1,王伟,2026-01-01,,进行中\r\n2,B,12.3万,S2,王伟,2026/1/2,2026年1月5日,赢单\r\n";
  std::mt19937 rng(42);
  const std::string before = backup();
  std::string last = before;
  int oks = 0, errs = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text = csv_seed;
    for (int k = 0; k < 1 + int(rng() % 3); ++k) {
      size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = char(rng() % 256); break;
        case 1: text.insert(at, 1, ",\"\n\r9-万"[rng() % 8]); break;
        default: text.erase(at, 1 + rng() % 4);
      }
    }
    // Through the parsed-JSON entry: the text may hold bytes that are not UTF-8.
    json r = engine_->call(json{{"op", "data.import"},
                                {"args", {{"format", "csv"}, {"entity", "deal"}, {"text", text}, {"key", "external_id"}}}});
    if (!r.contains("ok")) { ADD_FAILURE() << r.dump(); continue; }
    if (r["ok"]) { ++oks; last = backup(); continue; }
    ++errs;
    std::string code = r["error"]["code"];
    EXPECT_NE(std::find(error_codes().begin(), error_codes().end(), code), error_codes().end()) << code;
    EXPECT_NE(code, "internal") << r.dump();
    EXPECT_EQ(backup(), last) << "a failed import changed the database";
  }
  EXPECT_GT(oks, 0);
  EXPECT_GT(errs, 0);
  // Mutated backups into an empty database.
  json b = json::parse(before);
  for (int round = 0; round < 100; ++round) {
    engine_ = open_engine(":memory:", &now_);
    std::string text = before;
    for (int k = 0; k < 1 + int(rng() % 3); ++k) text[rng() % text.size()] = "0123456789\",[]{}:xyz-"[rng() % 21];
    json r = engine_->call(json{{"op", "data.import"}, {"args", {{"format", "json"}, {"text", text}}}});
    ASSERT_TRUE(r.contains("ok"));
    if (!r["ok"]) {
      EXPECT_NE(r["error"]["code"], "internal") << r.dump().substr(0, 500);
      EXPECT_EQ(ok("deal.list")["total"], 0);
    }
  }
}

}  // namespace
}  // namespace loudou::iotest
