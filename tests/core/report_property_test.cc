// Properties of the reports on generated data (sample.generate), checked against figures derived
// independently from the raw stage events in SQL, not from the tables the reports read.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "instant.h"
#include "loudou/engine.h"

namespace loudou {
namespace {

using json = nlohmann::json;

class ReportPropertyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions o;
    o.now_ms = [] { return int64_t(1772323200000); };  // 2026-03-01T00:00:00Z
    auto e = Engine::open(":memory:", o);
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
    gen_ = ok({{"op", "sample.generate"}, {"args", {{"seed", 7}, {"deals", 3000}, {"now", "2026-03-01T00:00:00Z"}}}});
  }
  json ok(const json& request) {
    json r = engine_->call(request);
    EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
    return r["result"];
  }
  json report(const std::string& name, json args = json::object()) {
    args["pipeline_id"] = "sample-pipeline";
    args["now"] = "2026-03-01T00:00:00Z";
    return ok({{"op", "report." + name}, {"args", args}});
  }
  std::unique_ptr<Engine> engine_;
  json gen_;
};

TEST_F(ReportPropertyTest, GeneratesTheRequestedHistory) {
  EXPECT_EQ(gen_["deals"], 3000);
  EXPECT_GT(gen_["stage_events"].get<int64_t>(), 3000 * 5);
  EXPECT_GT(gen_["won"].get<int64_t>(), 100);
  EXPECT_GT(gen_["lost"].get<int64_t>(), 100);
  EXPECT_GT(gen_["open"].get<int64_t>(), 10);
  json again = engine_->call(json{{"op", "sample.generate"}, {"args", {{"deals", 10}}}});
  EXPECT_EQ(again["error"]["code"], "conflict");
}

TEST_F(ReportPropertyTest, EnteredNeverIncreasesAndConversionsMultiply) {
  json f = report("funnel");
  int64_t prev = f["stages"][0]["entered"];
  EXPECT_EQ(prev, 3000);  // every deal reached stage 1 or skipped it, and a skip counts
  for (auto& s : f["stages"]) {
    EXPECT_LE(s["entered"].get<int64_t>(), prev);
    prev = s["entered"];
  }
  EXPECT_EQ(f["stages"].back()["entered"].get<int64_t>() - f["stages"].back()["dropped"].get<int64_t>(), f["won"]);
}

TEST_F(ReportPropertyTest, HistoricalProbabilityIsTheProductOfClosedCohortConversions) {
  json fc = report("forecast", {{"method", "historical"}});
  // H = all closed deals. Their funnel is recounted here from each deal's own stage events
  // (deal.get), not from the reached_mask / stage_visit tables the report reads.
  std::vector<double> entered(8, 0);
  double won = 0;
  std::string cursor;
  std::map<std::string, int> pos;
  json p = ok({{"op", "pipeline.get"}, {"args", {{"id", "sample-pipeline"}}}});
  for (auto& s : p["stages"]) pos[s["id"]] = s["position"];
  const int n = int(p["stages"].size());
  for (;;) {
    json args = {{"pipeline_id", "sample-pipeline"}, {"limit", 1000}};
    if (!cursor.empty()) args["cursor"] = cursor;
    json page = ok({{"op", "deal.list"}, {"args", args}});
    for (auto& deal : page["items"]) {
      if (deal["status"] == "open") continue;
      json full = ok({{"op", "deal.get"}, {"args", {{"id", deal["id"]}}}});
      int reached = 0;
      for (auto& e : full["stage_events"])
        if (e["kind"] != "won" && e["kind"] != "lost") reached = std::max(reached, pos[e["stage_id"]]);
      if (deal["status"] == "won") {
        reached = n + 1;
        won += 1;
      }
      for (int i = 1; i <= reached; ++i) entered[size_t(i)] += 1;
    }
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  entered[size_t(n) + 1] = won;
  for (int i = 1; i <= n; ++i) {
    double product = 1;
    for (int j = i; j <= n; ++j) product *= entered[size_t(j) + 1] / entered[size_t(j)];
    double p_i = fc["stage_probability"][size_t(i) - 1]["probability"];
    EXPECT_NEAR(p_i, product, 1e-12) << "stage " << i;
    EXPECT_EQ(fc["stage_probability"][size_t(i) - 1]["history_deals"], int64_t(entered[size_t(i)]));
  }
}

TEST_F(ReportPropertyTest, SnapshotTotalsAreTheOpenDeals) {
  json s = report("snapshot");
  int64_t count = 0, amount = 0;
  std::string cursor;
  for (;;) {
    json args = {{"pipeline_id", "sample-pipeline"}, {"status", "open"}, {"limit", 1000}};
    if (!cursor.empty()) args["cursor"] = cursor;
    json page = ok({{"op", "deal.list"}, {"args", args}});
    for (auto& d : page["items"]) {
      ++count;
      amount += d["amount"].get<int64_t>();
    }
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(s["total"]["count"], count);
  EXPECT_EQ(s["total"]["amount"], amount);
  int64_t sum = 0;
  for (auto& st : s["stages"]) sum += st["count"].get<int64_t>();
  EXPECT_EQ(sum, count);
  json v = report("velocity");
  EXPECT_EQ(v["open_deals"], count);
}

TEST_F(ReportPropertyTest, SplitsAddUpToTheWhole) {
  json f = report("reps");
  int64_t entered = 0;
  for (auto& r : f["reps"]) entered += r["entered_first"].get<int64_t>();
  EXPECT_EQ(entered, 3000);
  json a = report("attribution", {{"by", "industry"}});
  int64_t deals = 0;
  for (auto& r : a["rows"]) deals += r["deals"].get<int64_t>();
  EXPECT_EQ(deals, 3000);
  json t = report("trend");
  int64_t created = 0;
  for (auto& m : t["months"]) created += m["created"].get<int64_t>();
  EXPECT_EQ(created, 3000);
  json fc = report("forecast");
  double weighted = 0;
  for (auto& o : fc["by_owner"]) weighted += o["weighted"].get<double>();
  EXPECT_NEAR(weighted, fc["weighted"].get<double>(), 1e-6);
}

// Without a range report.reps reads the deals once for both the cohort and the closed deals;
// with a range it reads each set on its own. A range holding every deal must give the same rows.
TEST_F(ReportPropertyTest, RepsInOneScanEqualRepsOverTheWholeRange) {
  json all = report("reps");
  json ranged = report("reps", {{"from", "2000-01-01T00:00:00Z"}, {"to", "2100-01-01T00:00:00Z"}});
  ASSERT_EQ(all["reps"].size(), ranged["reps"].size());
  ASSERT_GE(all["reps"].size(), 2u);
  for (size_t i = 0; i < all["reps"].size(); ++i) {
    json a = all["reps"][i], b = ranged["reps"][i];
    EXPECT_GT(a["won"].get<int64_t>() + a["lost"].get<int64_t>(), 0) << a.dump();
    a.erase("quota"), a.erase("attainment"), b.erase("quota"), b.erase("attainment");  // quotas depend on the range
    EXPECT_EQ(a, b) << i;
  }
}

// Per stage, the durations of the ended visits, recounted from each deal's own stage events
// (deal.get): a visit runs from a create, move or reopen event to the deal's next event.
std::map<std::string, std::vector<int64_t>> visit_durations(const std::function<json(const json&)>& ok) {
  std::map<std::string, std::vector<int64_t>> out;
  std::string cursor;
  for (;;) {
    json args = {{"pipeline_id", "sample-pipeline"}, {"limit", 1000}};
    if (!cursor.empty()) args["cursor"] = cursor;
    json page = ok({{"op", "deal.list"}, {"args", args}});
    for (auto& deal : page["items"]) {
      json full = ok({{"op", "deal.get"}, {"args", {{"id", deal["id"]}}}});
      auto& ev = full["stage_events"];
      for (size_t i = 0; i + 1 < ev.size(); ++i)
        if (ev[i]["kind"] != "won" && ev[i]["kind"] != "lost")
          out[ev[i]["stage_id"]].push_back(*parse_instant(ev[i + 1]["at"].get<std::string>()) -
                                           *parse_instant(ev[i]["at"].get<std::string>()));
    }
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  return out;
}

void expect_velocity_matches(const json& v, std::map<std::string, std::vector<int64_t>> visits) {
  constexpr double day = 86400000.0;
  for (auto& s : v["stages"]) {
    auto& d = visits[s["stage_id"]];
    ASSERT_EQ(s["visits"], int64_t(d.size())) << s["stage_id"];
    if (d.empty()) continue;
    std::sort(d.begin(), d.end());
    __int128 sum = 0;
    for (auto x : d) sum += x;
    size_t mid = d.size() / 2;
    double median = d.size() % 2 ? double(d[mid]) / day : (double(d[mid - 1]) + double(d[mid])) / 2.0 / day;
    EXPECT_EQ(s["mean_days"].get<double>(), double(sum) / double(d.size()) / day) << s["stage_id"];
    EXPECT_EQ(s["median_days"].get<double>(), median) << s["stage_id"];
  }
}

// The all-time velocity reads per-stage statistics kept by triggers (schema v6), not the visits;
// they must follow every write: moves, wins, reopens and deletes (cascading to the visits).
TEST_F(ReportPropertyTest, VelocityEqualsTheVisitsRecountedFromEvents) {
  auto call = [this](const json& r) { return ok(r); };
  expect_velocity_matches(report("velocity"), visit_durations(call));
  json open = ok({{"op", "deal.list"}, {"args", {{"pipeline_id", "sample-pipeline"}, {"status", "open"}, {"limit", 40}}}});
  ASSERT_GE(open["items"].size(), 30u);
  for (size_t i = 0; i < 30; ++i) {
    const json& d = open["items"][i];
    if (i % 3 == 0) ok({{"op", "deal.delete"}, {"args", {{"id", d["id"]}}}});
    if (i % 3 == 1) ok({{"op", "deal.move"}, {"args", {{"id", d["id"]}, {"stage_id", "sample-stage-1"}, {"at", "2026-03-01T00:00:00Z"}}}});
    if (i % 3 == 2) {
      ok({{"op", "deal.win"}, {"args", {{"id", d["id"]}, {"at", "2026-03-01T00:00:00Z"}}}});
      ok({{"op", "deal.reopen"}, {"args", {{"id", d["id"]}, {"stage_id", "sample-stage-2"}, {"at", "2026-03-01T00:00:00Z"}}}});
    }
  }
  expect_velocity_matches(report("velocity"), visit_durations(call));
  // A range that cuts the history takes the scan of the visits; the same recount restricted to it
  // is not needed: a range wider than the data must equal the all-time figures.
  json wide = report("velocity", {{"from", "2000-01-01T00:00:00Z"}, {"to", "2100-01-01T00:00:00Z"}});
  EXPECT_EQ(wide["stages"], report("velocity")["stages"]);
}

TEST_F(ReportPropertyTest, SameSeedSameData) {
  EngineOptions o;
  auto other = Engine::open(":memory:", o);
  ASSERT_TRUE(other.ok());
  json g = other.value()->call(json{{"op", "sample.generate"}, {"args", {{"seed", 7}, {"deals", 3000}, {"now", "2026-03-01T00:00:00Z"}}}});
  EXPECT_EQ(g["result"], gen_);
  json args = {{"pipeline_id", "sample-pipeline"}, {"now", "2026-03-01T00:00:00Z"}};
  json mine = report("funnel");
  json theirs = other.value()->call(json{{"op", "report.funnel"}, {"args", args}});
  EXPECT_EQ(theirs["result"]["stages"], mine["stages"]);
}

TEST_F(ReportPropertyTest, ClearRemovesExactlyTheSampleRecords) {
  json p = ok({{"op", "pipeline.create"}, {"args", {{"name", "我的流程"}, {"stages", {{{"name", "初步沟通"}, {"probability", 10}}}}}}});
  ok({{"op", "deal.create"}, {"args", {{"pipeline_id", p["id"]}, {"title", "自己的商机"}, {"owner_id", "sample-rep-1"}}}});
  json c = ok({{"op", "sample.clear"}});
  EXPECT_EQ(c["deals"], 3000);
  EXPECT_EQ(c["pipeline_removed"], true);
  EXPECT_EQ(c["users"], 7);  // sample-rep-1 still owns a deal of the user's
  json all = ok({{"op", "deal.list"}, {"args", json::object()}});
  EXPECT_EQ(all["total"], 1);
  json again = ok({{"op", "sample.generate"}, {"args", {{"deals", 50}, {"seed", 2}}}});
  EXPECT_EQ(again["deals"], 50);
}

}  // namespace
}  // namespace loudou
