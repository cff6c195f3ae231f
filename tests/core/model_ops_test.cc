// The win model through the command API: deal.score / score_many / model.info / model.train /
// model.evaluate on a hand-checkable pipeline, the incremental update on close against a full
// retrain, bad input, and the evaluation on seeded generated data against both baselines.
#include <gtest/gtest.h>

#include <cmath>

#include "loudou/engine.h"
#include "win_sample.h"

namespace loudou {
namespace {

using json = nlohmann::json;

class ModelOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions o;
    o.now_ms = [] { return int64_t(1767225600000); };  // 2026-01-01T00:00:00Z
    auto e = Engine::open(":memory:", std::move(o));
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
  }

  json call(const std::string& op, json args) {
    return engine_->call(json{{"op", op}, {"args", std::move(args)}});
  }
  json ok(const std::string& op, json args) {
    json r = call(op, args);
    EXPECT_TRUE(r.value("ok", false)) << op << " " << args.dump() << " -> " << r.dump();
    return r.value("result", json());
  }
  void expect_error(const std::string& op, json args, const std::string& code, const std::string& field) {
    json r = call(op, args);
    ASSERT_FALSE(r.value("ok", true)) << op << " " << r.dump();
    EXPECT_EQ(r["error"]["code"], code) << r.dump();
    EXPECT_EQ(r["error"].value("field", ""), field) << r.dump();
  }

  // Two stages (20 %, 60 %). A and B won (sources ref, ref), C lost at stage 1 (web), D lost at
  // stage 2 (web), E lost at stage 1 (ref); B's source at stage 2 is the same as at stage 1 here,
  // so stage 2 sees ref: won 2, web: lost 1. Everything happens in the first days of 2025, so the
  // age, amount and activity bands are one value each and carry no information.
  void tiny() {
    ok("pipeline.create", {{"id", "p"}, {"name", "简单"}, {"at", "2025-01-01T00:00:00Z"},
                           {"stages", {{{"id", "s1"}, {"name", "意向沟通"}, {"probability", 20}},
                                       {{"id", "s2"}, {"name", "报价"}, {"probability", 60}}}}});
    auto deal = [&](const std::string& id, const std::string& source, int stage, const char* outcome) {
      ok("deal.create", {{"id", id}, {"pipeline_id", "p"}, {"title", id}, {"source", source},
                         {"at", "2025-01-01T00:00:00Z"}});
      if (stage == 2) ok("deal.move", {{"id", id}, {"stage_id", "s2"}, {"at", "2025-01-02T00:00:00Z"}});
      if (std::string(outcome) == "won") ok("deal.win", {{"id", id}, {"at", "2025-01-03T00:00:00Z"}});
      if (std::string(outcome) == "lost")
        ok("deal.lose", {{"id", id}, {"reason", "价格"}, {"at", "2025-01-03T00:00:00Z"}});
    };
    deal("A", "老客户推荐", 2, "won");
    deal("B", "老客户推荐", 2, "won");
    deal("C", "官网", 1, "lost");
    deal("D", "官网", 2, "lost");
    deal("E", "老客户推荐", 1, "lost");
    deal("F", "老客户推荐", 1, "open");
    deal("G", "官网", 2, "open");
  }

  std::unique_ptr<Engine> engine_;
};

double prob(double odds) { return odds / (1 + odds); }
const char* kNowArg = "2025-01-04T00:00:00Z";

TEST_F(ModelOpsTest, NoHistoryGivesTheConfiguredProbability) {
  ok("pipeline.create", {{"id", "p"}, {"name", "新团队"},
                         {"stages", {{{"name", "初步沟通"}, {"probability", 10}},
                                     {{"id", "late"}, {"name", "商务谈判"}, {"probability", 70}}}}});
  ok("deal.create", {{"id", "x"}, {"pipeline_id", "p"}, {"title", "x"}, {"source", "官网"}});
  ok("deal.move", {{"id", "x"}, {"stage_id", "late"}});
  json s = ok("deal.score", {{"id", "x"}});
  EXPECT_DOUBLE_EQ(s["probability"].get<double>(), 0.7);
  EXPECT_EQ(s["training_size"], 0);
  ASSERT_EQ(s["factors"].size(), 1u);  // only the stage: odds(0.7)/odds(0.1) = 21
  EXPECT_EQ(s["factors"][0]["text"]["en"], "Stage = 商务谈判 raises the chance ×21");
  EXPECT_EQ(s["factors"][0]["text"]["zh-CN"], "阶段=商务谈判 使赢单可能 ×21");
}

TEST_F(ModelOpsTest, ScoresMatchTheHandComputation) {
  tiny();
  // Stage 1 (see win_model_test): p_1 = 4/15, LR(ref) = 15/8 weighted 1/3.
  json f = ok("deal.score", {{"id", "F"}, {"now", kNowArg}});
  EXPECT_NEAR(f["probability"].get<double>(), prob(4.0 / 11.0 * std::pow(15.0 / 8.0, 1.0 / 3.0)), 1e-12);
  ASSERT_EQ(f["factors"].size(), 1u);
  EXPECT_EQ(f["factors"][0]["feature"], "source");
  EXPECT_EQ(f["factors"][0]["text"]["zh-CN"], "来源=老客户推荐 使赢单可能 ×1.2");
  EXPECT_EQ(f["factors"][0]["text"]["en"], "Source = 老客户推荐 raises the chance ×1.2");
  // Stage 2: W = 2, L = 1, p_2 = (2 + 6)/13; web: won 0 of 2 (V = 2: ref, web), lost 1 of 1:
  // LR = [(0+1)/(2+2)] / [(1+1)/(1+2)] = 3/8, weighted by 3/13.
  json g = ok("deal.score", {{"id", "G"}, {"now", kNowArg}});
  EXPECT_NEAR(g["probability"].get<double>(), prob(8.0 / 5.0 * std::pow(3.0 / 8.0, 3.0 / 13.0)), 1e-12);
  EXPECT_EQ(g["factors"][1]["text"]["en"], "Source = 官网 lowers the chance ×0.80");
  EXPECT_EQ(g["factors"][1]["text"]["zh-CN"], "来源=官网 使赢单可能降低 ×0.80");

  json many = ok("deal.score_many", {{"pipeline_id", "p"}, {"now", kNowArg}, {"sort", "probability"}});
  ASSERT_EQ(many["items"].size(), 2u);
  EXPECT_EQ(many["items"][0]["deal_id"], "G");
  EXPECT_EQ(many["items"][0]["probability"], g["probability"]);
  EXPECT_EQ(many["items"][1]["probability"], f["probability"]);
}

TEST_F(ModelOpsTest, ClosingADealUpdatesTheStoredModelLikeAFullRetrain) {
  tiny();
  json info = ok("model.train", {{"pipeline_id", "p"}});
  EXPECT_TRUE(info["stored"].get<bool>());
  EXPECT_EQ(info["training_size"], 5);
  ok("deal.lose", {{"id", "F"}, {"reason", "无预算"}, {"at", "2025-01-05T00:00:00Z"}});
  info = ok("model.info", {{"pipeline_id", "p"}});
  EXPECT_TRUE(info["stored"].get<bool>()) << "closing a deal must not make the model stale";
  EXPECT_EQ(info["training_size"], 6);
  json incremental = ok("deal.score", {{"id", "G"}, {"now", kNowArg}});
  ok("model.train", {{"pipeline_id", "p"}});
  json full = ok("deal.score", {{"id", "G"}, {"now", kNowArg}});
  EXPECT_EQ(incremental["probability"], full["probability"]);
  EXPECT_EQ(incremental["factors"], full["factors"]);

  // A reopen is not hooked: the fingerprint no longer matches, readers train in memory.
  ok("deal.reopen", {{"id", "F"}, {"at", "2025-01-06T00:00:00Z"}});
  info = ok("model.info", {{"pipeline_id", "p"}});
  EXPECT_FALSE(info["stored"].get<bool>());
  EXPECT_EQ(info["training_size"], 5);
  json after_reopen = ok("deal.score", {{"id", "F"}, {"now", kNowArg}});
  EXPECT_NEAR(after_reopen["probability"].get<double>(),
              prob(4.0 / 11.0 * std::pow(15.0 / 8.0, 1.0 / 3.0)), 1e-12);
  // Stale stays stale when another deal closes.
  ok("deal.win", {{"id", "G"}, {"at", "2025-01-06T00:00:00Z"}});
  EXPECT_FALSE(ok("model.info", {{"pipeline_id", "p"}})["stored"].get<bool>());
  EXPECT_TRUE(ok("model.train", {{"pipeline_id", "p"}})["stored"].get<bool>());
}

TEST_F(ModelOpsTest, BadInputIsRefusedNamingTheField) {
  tiny();
  expect_error("deal.score", json::object(), "validation_failed", "id");
  expect_error("deal.score", {{"id", "nope"}}, "not_found", "id");
  expect_error("deal.score", {{"id", "A"}}, "conflict", "id");
  expect_error("deal.score", {{"id", "F"}, {"now", "yesterday"}}, "validation_failed", "now");
  expect_error("deal.score", {{"id", "F"}, {"extra", 1}}, "bad_request", "extra");
  expect_error("deal.score_many", {{"pipeline_id", "nope"}}, "not_found", "pipeline_id");
  expect_error("deal.score_many", {{"pipeline_id", "p"}, {"sort", "size"}}, "validation_failed", "sort");
  expect_error("deal.score_many", {{"pipeline_id", "p"}, {"limit", 0}}, "validation_failed", "limit");
  expect_error("deal.score_many", {{"pipeline_id", "p"}, {"stage_id", "zz"}}, "not_found", "stage_id");
  expect_error("model.info", json::object(), "validation_failed", "pipeline_id");
  expect_error("model.train", {{"pipeline_id", "nope"}}, "not_found", "pipeline_id");
  expect_error("model.evaluate", {{"pipeline_id", "p"}}, "validation_failed", "split_at");
  expect_error("model.evaluate", {{"pipeline_id", "p"}, {"split_at", "2025-13-01"}}, "validation_failed", "split_at");
  // Nothing closed before the split / nothing after it.
  expect_error("model.evaluate", {{"pipeline_id", "p"}, {"split_at", "2024-01-01T00:00:00Z"}},
               "validation_failed", "split_at");
  expect_error("model.evaluate", {{"pipeline_id", "p"}, {"split_at", "2030-01-01T00:00:00Z"}},
               "validation_failed", "split_at");
  // model.train failed without writing: nothing stored.
  EXPECT_FALSE(ok("model.info", {{"pipeline_id", "p"}})["stored"].get<bool>());
}

// Loads the seeded sample (3,000 deals over a year) through the ops, in batches.
void load_sample(Engine& engine, const test::WinSample& o) {
  auto requests = test::win_sample_requests(o);
  for (size_t i = 0; i < requests.size(); i += 2000) {
    json chunk = std::vector<json>(requests.begin() + long(i), requests.begin() + long(std::min(requests.size(), i + 2000)));
    json r = engine.call(json{{"op", "batch"}, {"args", {{"requests", chunk}}}});
    ASSERT_TRUE(r.value("ok", false)) << r.dump().substr(0, 500);
  }
}

TEST_F(ModelOpsTest, BeatsBothBaselinesOnGeneratedData) {
  test::WinSample o;
  load_sample(*engine_, o);
  json e = ok("model.evaluate", {{"pipeline_id", "wp"}, {"split_at", "2025-10-01T00:00:00Z"}});
  ASSERT_TRUE(e.is_object());
  EXPECT_GT(e["train"]["deals"].get<int>(), 1000);
  EXPECT_GT(e["test"]["deals"].get<int>(), 300);
  const json& m = e["model"];
  for (const char* base : {"configured", "historical"}) {
    const json& b = e["baselines"][base];
    EXPECT_GT(m["auc"].get<double>(), b["auc"].get<double>() + 0.02) << base << " " << e.dump();
    EXPECT_LT(m["log_loss"].get<double>(), b["log_loss"].get<double>()) << base << " " << e.dump();
  }
  EXPECT_EQ(m["calibration"].size(), 10u);
  // Deterministic: the same data gives the same evaluation, number for number.
  EXPECT_EQ(ok("model.evaluate", {{"pipeline_id", "wp"}, {"split_at", "2025-10-01T00:00:00Z"}}), e);

  json info = ok("model.train", {{"pipeline_id", "wp"}});
  ASSERT_TRUE(info["quality"].is_object()) << info.dump();
  EXPECT_GT(info["quality"]["model"]["auc"].get<double>(), info["quality"]["historical"]["auc"].get<double>());
  json focus = ok("deal.score_many", {{"pipeline_id", "wp"}, {"sort", "expected_value"}, {"limit", 5},
                                      {"now", "2026-02-01T00:00:00Z"}});
  ASSERT_EQ(focus["items"].size(), 5u);
  for (size_t i = 1; i < 5; ++i)
    EXPECT_GE(focus["items"][i - 1]["expected_value"].get<double>(), focus["items"][i]["expected_value"].get<double>());
  EXPECT_LE(focus["items"][0]["factors"].size(), 3u);
}

// The analytics generator (sample.generate): reps of different skill, sources and industries that
// convert differently. The model must beat both baselines on its data too.
TEST_F(ModelOpsTest, BeatsBothBaselinesOnSampleGenerateData) {
  json g = call("sample.generate", {{"seed", 1}, {"deals", 3000}, {"months", 24}, {"now", "2026-01-01T00:00:00Z"}});
  ASSERT_TRUE(g.value("ok", false)) << g.dump();
  const std::string pid = g["result"]["pipeline_id"];
  json e = ok("model.evaluate", {{"pipeline_id", pid}, {"split_at", "2025-07-01T00:00:00Z"}});
  ASSERT_TRUE(e.is_object());
  EXPECT_GT(e["test"]["deals"].get<int>(), 300);
  for (const char* base : {"configured", "historical"}) {
    const json& b = e["baselines"][base];
    EXPECT_GT(e["model"]["auc"].get<double>(), b["auc"].get<double>() + 0.02) << base << " " << e.dump();
    EXPECT_LT(e["model"]["log_loss"].get<double>(), b["log_loss"].get<double>()) << base << " " << e.dump();
  }
}

}  // namespace
}  // namespace loudou
