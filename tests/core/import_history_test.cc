// A bulk deal import writes its new deals' stage visits and visit statistics itself, with the
// triggers that normally keep them suspended (import_history.h). These tests hold it to what the
// triggers would have written for the same events inserted one by one, and check that the
// triggers come back unchanged after an import, a dry run and a failed import.
#include "db.h"
#include "io_fixture.h"

namespace loudou::iotest {
namespace {

// Every row of `sql` as one "a|b|c" string, in the query's order.
std::vector<std::string> rows(Db& db, const std::string& sql) {
  std::vector<std::string> out;
  auto q = db.query(sql);
  while (q.next()) {
    std::string line;
    for (int c = 0; c < 6; ++c) line += (q.is_null(c) ? std::string("∅") : q.text(c)) + "|";
    out.push_back(line);
  }
  EXPECT_TRUE(q.status().ok()) << sql << ": " << q.status().message();
  return out;
}

const char* kVisits = "SELECT deal_id, pipeline_id, stage_id, entered_at, left_at, 0 FROM stage_visit ORDER BY 1, 4, 3, 5";
const char* kStats = "SELECT pipeline_id, stage_id, bucket, visits, total_ms, 0 FROM stage_visit_stats "
                     "WHERE visits <> 0 ORDER BY 1, 2, 3";
const char* kTriggers = "SELECT name, tbl_name, sql, 0, 0, 0 FROM sqlite_master WHERE type = 'trigger' ORDER BY 1";
// deal.reached_mask as the triggers would have set it (schema v2's rebuild query).
const char* kMaskMismatches =
    "SELECT id, reached_mask, 0, 0, 0, 0 FROM deal WHERE reached_mask <> COALESCE(("
    "SELECT SUM(DISTINCT 1 << s.slot) FROM stage_event e JOIN stage s ON s.id = e.stage_id "
    "WHERE e.deal_id = deal.id AND e.kind IN ('create', 'move', 'reopen') AND s.slot < 63), 0)";

class ImportHistoryTest : public IoTest {
 protected:
  void SetUp() override {
    IoTest::SetUp();
    engine_ = open_engine(file_.path(), &now_);
    ASSERT_TRUE(engine_);
    json stages = json::array();
    int probability = 0;
    for (const char* name : {"初步沟通", "需求确认", "方案报价", "商务谈判"})
      stages.push_back({{"name", name}, {"probability", probability += 20}});
    p_ = ok("pipeline.create", {{"name", "销售流程"}, {"stages", stages}});
  }
  json import(const std::string& text, json extra = json::object()) {
    json args = {{"format", "csv"}, {"entity", "deal"}, {"text", text}};
    args.update(extra);
    return call("data.import", args);
  }
  // Rows X-from..X-to with varied history: some stage dates skipped, won, lost or open, durations
  // that share statistics buckets with each other and with the deals typed in by hand.
  static std::string sheet(int from, int to, int shift = 0) {
    std::string s = "编号,商机名称,创建日期,阶段日期:需求确认,阶段日期:方案报价,阶段日期:商务谈判,状态,关闭日期\n";
    for (int i = from; i <= to; ++i) {
      int d = 1 + (i * 7) % 20;
      auto day = [&](int month, int dd) { return "2025-" + std::to_string(month) + "-" + std::to_string(dd); };
      s += "X-" + std::to_string(i) + ",商机 " + std::to_string(i) + "," + day(1, d) + ",";
      s += (i % 3 ? day(2, d) : "") + ",";
      s += (i % 4 ? day(3, 1 + (d + shift) % 27) : "") + ",";
      s += (i % 5 == 0 ? day(4, d) : "") + ",";
      s += i % 6 == 0 ? "赢单," + day(6, d) : i % 7 == 0 ? "输单," + day(5, 20) : ",";
      s += "\n";
    }
    return s;
  }
  // Closes the engine and returns the database file opened directly.
  std::unique_ptr<Db> reopen_raw() {
    engine_.reset();
    auto db = Db::open(file_.path(), "");
    EXPECT_TRUE(db.ok()) << db.status().message();
    return std::move(db).value();
  }

  test::TempFile file_{"import-history"};
  json p_;
};

// The same events again, one row at a time in their order, with the triggers doing the work:
// the visits and statistics must be what the import wrote.
void expect_same_after_replay(Db& db, const std::vector<std::string>& visits,
                              const std::vector<std::string>& stats) {
  ASSERT_TRUE(db.exec("CREATE TEMP TABLE replay AS SELECT * FROM stage_event; "
                      "DELETE FROM stage_visit; DELETE FROM stage_visit_stats; DELETE FROM stage_event; "
                      "INSERT INTO stage_event SELECT * FROM temp.replay ORDER BY seq; "
                      "DROP TABLE temp.replay;")
                  .ok());
  EXPECT_EQ(rows(db, kVisits), visits);
  EXPECT_EQ(rows(db, kStats), stats);
}

TEST_F(ImportHistoryTest, VisitsAndStatisticsEqualTheEventsWrittenOneByOne) {
  // Deals typed in by hand first: their visits and statistics exist before the import.
  for (int i = 0; i < 4; ++i) {
    json d = ok("deal.create", {{"pipeline_id", p_["id"]}, {"title", "手工 " + std::to_string(i)},
                                {"at", "2025-01-0" + std::to_string(i + 1) + "T00:00:00Z"}});
    ok("deal.move", {{"id", d["id"]}, {"stage_id", p_["stages"][1]["id"]}, {"at", "2025-02-01T00:00:00Z"}});
    if (i % 2) ok("deal.win", {{"id", d["id"]}, {"at", "2025-03-01T00:00:00Z"}});
  }
  json first = import(sheet(1, 40));
  ASSERT_TRUE(first["ok"]) << first.dump();
  EXPECT_EQ(first["result"]["imported"], 40);
  // A second file: some rows update deals of the first (open ones move on), the rest are new.
  std::string second = "编号,商机名称,阶段,状态\n";
  for (int i = 1; i <= 12; ++i) second += "X-" + std::to_string(i) + ",商机 " + std::to_string(i) + ",商务谈判," + (i % 2 ? "赢单" : "") + "\n";
  for (int i = 41; i <= 60; ++i) second += "X-" + std::to_string(i) + ",新商机 " + std::to_string(i) + ",方案报价,\n";
  json again = import(second);
  ASSERT_TRUE(again["ok"]) << again.dump();
  EXPECT_EQ(again["result"]["imported"], 20);
  EXPECT_GT(again["result"]["updated"], 0);

  auto db = reopen_raw();
  auto visits = rows(*db, kVisits), stats = rows(*db, kStats), triggers = rows(*db, kTriggers);
  ASSERT_GT(visits.size(), 100u);
  ASSERT_GT(stats.size(), 5u);
  EXPECT_TRUE(rows(*db, kMaskMismatches).empty());
  expect_same_after_replay(*db, visits, stats);
  EXPECT_EQ(rows(*db, kTriggers), triggers);
}

// 2,500 new deals into a table of 4: the deal, stage_event and stage_visit indexes are dropped for
// the inserts and built again (suspended_schema.h). They come back identical and consistent with the
// rows, and the history equals the triggers' as above.
TEST_F(ImportHistoryTest, ABulkImportRebuildsTheIndexesItDropped) {
  for (int i = 0; i < 4; ++i) {
    json d = ok("deal.create", {{"pipeline_id", p_["id"]}, {"title", "手工 " + std::to_string(i)},
                                {"at", "2025-01-0" + std::to_string(i + 1) + "T00:00:00Z"}});
    ok("deal.move", {{"id", d["id"]}, {"stage_id", p_["stages"][2]["id"]}, {"at", "2025-03-01T00:00:00Z"}});
  }
  const char* indexes = "SELECT name, tbl_name, sql, 0, 0, 0 FROM sqlite_master WHERE type = 'index' ORDER BY 1";
  auto db = reopen_raw();
  auto before = rows(*db, indexes);
  db.reset();
  engine_ = open_engine(file_.path(), &now_);
  json dry = import(sheet(1, 2500), {{"dry_run", true}});
  ASSERT_TRUE(dry["ok"]) << dry.dump().substr(0, 500);
  json r = import(sheet(1, 2500));
  ASSERT_TRUE(r["ok"]) << r.dump().substr(0, 500);
  EXPECT_EQ(r["result"]["imported"], 2500);
  // A second file as large as the table: updates and new deals, indexes kept this time.
  std::string second = "编号,商机名称,阶段\n";
  for (int i = 1; i <= 3000; ++i) second += "X-" + std::to_string(i) + ",商机 " + std::to_string(i) + ",商务谈判\n";
  json again = import(second);
  ASSERT_TRUE(again["ok"]) << again.dump().substr(0, 500);
  EXPECT_EQ(again["result"]["imported"], 500);

  db = reopen_raw();
  EXPECT_EQ(rows(*db, indexes), before);
  EXPECT_EQ(rows(*db, "PRAGMA integrity_check"), std::vector<std::string>{"ok|∅|∅|∅|∅|∅|"});
  EXPECT_TRUE(rows(*db, kMaskMismatches).empty());
  auto visits = rows(*db, kVisits), stats = rows(*db, kStats);
  ASSERT_GT(visits.size(), 5000u);
  expect_same_after_replay(*db, visits, stats);
}

// New deals and their events are written in time order (ids by created date, seq by event time),
// not in the file's order: the history reads the same — each deal's events in the order they
// happened even when several share a day, and events of different deals at the same time in the
// file's order (E's move before F's, though F was created first).
TEST_F(ImportHistoryTest, HistoryKeepsItsOrderWhenWrittenInTimeOrder) {
  json r = import(
      "编号,商机名称,创建日期,阶段日期:需求确认,阶段日期:方案报价,状态,关闭日期\n"
      "A,晚,2025-03-01,2025-03-01,2025-03-01,输单,2025-03-01\n"
      "B,早,2025-01-01,2025-01-02,,,\n"
      "C,同日一,2025-02-01,,,赢单,2025-02-01\n"
      "D,同日二,2025-02-01,2025-02-01,,,\n"
      "E,后建,2025-01-20,2025-01-20,2025-04-01,,\n"
      "F,先建,2025-01-10,2025-01-10,2025-04-01,,\n");
  ASSERT_TRUE(r["ok"]) << r.dump();
  json list = ok("deal.list", {{"sort", "created_at"}})["items"];
  std::vector<std::string> titles, ids;
  for (auto& d : list) titles.push_back(d["title"]), ids.push_back(d["id"]);
  EXPECT_EQ(titles, (std::vector<std::string>{"早", "先建", "后建", "同日一", "同日二", "晚"}));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));  // ids follow the created dates
  std::vector<std::string> kinds;
  json late = ok("deal.get", {{"id", list[5]["id"]}});
  for (auto& e : late["stage_events"]) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"create", "move", "lost"}));  // all on 2025-03-01
  auto db = reopen_raw();
  // seq orders the events by time; at the same time, a deal's as they happened, deals as filed.
  EXPECT_EQ(rows(*db, "SELECT d.title, e.kind, 0, 0, 0, 0 FROM stage_event e JOIN deal d ON d.id = e.deal_id "
                      "ORDER BY e.seq"),
            (std::vector<std::string>{"早|create|0|0|0|0|", "先建|create|0|0|0|0|", "后建|create|0|0|0|0|",
                                      "同日一|create|0|0|0|0|", "同日一|won|0|0|0|0|", "同日二|create|0|0|0|0|",
                                      "晚|create|0|0|0|0|", "晚|move|0|0|0|0|", "晚|lost|0|0|0|0|",
                                      "后建|move|0|0|0|0|", "先建|move|0|0|0|0|"}));
  auto visits = rows(*db, kVisits), stats = rows(*db, kStats);
  expect_same_after_replay(*db, visits, stats);
}

// Event texts travel as JSON inside the import: quotes, backslashes and control characters in a
// lost reason come out of stage_event exactly as written.
TEST_F(ImportHistoryTest, LostReasonsKeepEveryCharacter) {
  const std::string reason = "价格 \"太高\" \\ 预算\t冻结\n下季度再谈";
  std::string cell = "\"" + reason + "\"";
  for (size_t at = 1; (at = cell.find('"', at)) != std::string::npos && at + 1 < cell.size(); at += 2) cell.insert(at, "\"");
  json r = import("商机名称,状态,输单原因\nA,输单," + cell + "\n");
  ASSERT_TRUE(r["ok"]) << r.dump();
  json d = ok("deal.list", {{"limit", 1}})["items"][0];
  json got = ok("deal.get", {{"id", d["id"]}});
  EXPECT_EQ(got["lost_reason"], reason);
  EXPECT_EQ(got["stage_events"].back()["kind"], "lost");
  EXPECT_EQ(got["stage_events"].back()["reason"], reason);
}

TEST_F(ImportHistoryTest, TriggersSurviveImportsDryRunsAndFailures) {
  auto before = [&] {
    auto db = reopen_raw();
    auto t = rows(*db, kTriggers);
    db.reset();
    engine_ = open_engine(file_.path(), &now_);
    return t;
  }();
  ASSERT_GE(before.size(), 2u);
  json dry = import(sheet(1, 30), {{"dry_run", true}});
  ASSERT_TRUE(dry["ok"]) << dry.dump();
  EXPECT_EQ(dry["result"]["dry_run"], true);
  // A row error stops the import before anything is written.
  fails("data.import", {{"format", "csv"}, {"entity", "deal"}, {"text", sheet(1, 5) + "坏,,not a date,,,,,\n"}},
        "validation_failed");
  EXPECT_EQ(ok("deal.list")["total"], 0);
  ASSERT_TRUE(import(sheet(1, 30))["ok"]);
  // A deal moved by hand after the import still gets its visit from the trigger.
  json d = ok("deal.list", {{"limit", 1}})["items"][0];
  if (d["status"] == "open")
    ok("deal.move", {{"id", d["id"]}, {"stage_id", p_["stages"][0]["id"]}, {"at", "2026-02-01T00:00:00Z"}});
  auto db = reopen_raw();
  EXPECT_EQ(rows(*db, kTriggers), before);
  EXPECT_TRUE(rows(*db, kMaskMismatches).empty());
  EXPECT_EQ(rows(*db, "SELECT COUNT(*), 0, 0, 0, 0, 0 FROM stage_visit WHERE left_at IS NULL"),
            rows(*db, "SELECT COUNT(*), 0, 0, 0, 0, 0 FROM deal WHERE status = 'open'"));
}

}  // namespace
}  // namespace loudou::iotest
