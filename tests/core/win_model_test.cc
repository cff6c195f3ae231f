// The win model's arithmetic on datasets small enough to check by hand (win_model.h states the
// formulas), its bands and snapshots, and the evaluation metrics.
#include <gtest/gtest.h>

#include <cmath>

#include "win_eval.h"
#include "win_features.h"
#include "win_model.h"

namespace loudou::win {
namespace {

constexpr int64_t kDay = 86'400'000;

Snapshot with_source(int stage, const char* source) {
  Snapshot s;
  s.stage = stage;
  s.values[int(Feature::source)] = source;
  return s;
}

double prob(double odds) { return odds / (1 + odds); }

// Two stages configured at 20 % and 60 %. Five closed deals:
//   A won  (stage 1: ref, stage 2: ref)      B won  (stage 1: ref, stage 2: web)
//   C lost at stage 1 (web)   D lost at stage 2 (stage 1: web, stage 2: web)   E lost at 1 (ref)
WinModel tiny() {
  WinModel m(2);
  m.add_deal({with_source(1, "ref"), with_source(2, "ref")}, true);
  m.add_deal({with_source(1, "ref"), with_source(2, "web")}, true);
  m.add_deal({with_source(1, "web")}, false);
  m.add_deal({with_source(1, "web"), with_source(2, "web")}, false);
  m.add_deal({with_source(1, "ref")}, false);
  return m;
}
const std::vector<double> kConfigured = {0.2, 0.6};

TEST(WinModelTest, NoClosedDealsGivesTheConfiguredProbability) {
  WinModel m(2);
  Score s = m.score(with_source(2, "ref"), kConfigured);
  EXPECT_DOUBLE_EQ(s.probability, 0.6);
  EXPECT_DOUBLE_EQ(s.prior_weight, 1.0);
  EXPECT_EQ(s.stage_deals, 0);
  // The only factor is the stage itself: odds(0.6) / odds(0.2) = 1.5 / 0.25 = 6.
  ASSERT_EQ(s.factors.size(), 1u);
  EXPECT_EQ(s.factors[0].feature, "stage");
  EXPECT_NEAR(s.factors[0].effect, 6.0, 1e-12);
  EXPECT_DOUBLE_EQ(m.score(with_source(1, "web"), kConfigured).probability, 0.2);
}

TEST(WinModelTest, StageOneByHand) {
  // Stage 1: W = 2, L = 3, n = 5, w = 10/15. p_1 = (2 + 10·0.2) / 15 = 4/15, odds 4/11.
  // Source at stage 1: ref won 2 lost 1, web won 0 lost 2; V = 2.
  // LR(ref) = [(2+1)/(2+2)] / [(1+1)/(3+2)] = (3/4)/(2/5) = 15/8, weighted by 1 − w = 1/3.
  Score s = tiny().score(with_source(1, "ref"), kConfigured);
  const double odds = 4.0 / 11.0 * std::pow(15.0 / 8.0, 1.0 / 3.0);
  EXPECT_NEAR(s.probability, prob(odds), 1e-12);
  EXPECT_NEAR(s.stage_probability, 4.0 / 15.0, 1e-12);
  EXPECT_NEAR(s.prior_weight, 2.0 / 3.0, 1e-12);
  ASSERT_EQ(s.factors.size(), 1u);
  EXPECT_EQ(s.factors[0].feature, "source");
  EXPECT_EQ(s.factors[0].value, "ref");
  EXPECT_NEAR(s.factors[0].effect, std::pow(15.0 / 8.0, 1.0 / 3.0), 1e-12);
  // LR(web) = [(0+1)/4] / [(2+1)/5] = 5/12.
  Score web = tiny().score(with_source(1, "web"), kConfigured);
  EXPECT_NEAR(web.probability, prob(4.0 / 11.0 * std::pow(5.0 / 12.0, 1.0 / 3.0)), 1e-12);
}

TEST(WinModelTest, StageTwoByHand) {
  // Stage 2: W = 2 (A, B), L = 1 (D), n = 3, w = 10/13. p_2 = (2 + 10·0.6) / 13 = 8/13, odds 8/5.
  // Source at stage 2: ref won 1 lost 0, web won 1 lost 1; V = 2.
  // LR(web) = [(1+1)/(2+2)] / [(1+1)/(1+2)] = (1/2)/(2/3) = 3/4, weighted by 3/13.
  Score s = tiny().score(with_source(2, "web"), kConfigured);
  EXPECT_NEAR(s.probability, prob(8.0 / 5.0 * std::pow(0.75, 3.0 / 13.0)), 1e-12);
  ASSERT_EQ(s.factors.size(), 2u);
  // Stage factor against the stage-1 rate: (8/5) / (4/11) = 4.4, the strongest, so first.
  EXPECT_EQ(s.factors[0].feature, "stage");
  EXPECT_EQ(s.factors[0].value, "2");
  EXPECT_NEAR(s.factors[0].effect, 4.4, 1e-12);
  EXPECT_EQ(s.factors[1].feature, "source");
  EXPECT_LT(s.factors[1].effect, 1.0);
  // The factors multiply back to the odds: odds(p_1) · Π effects.
  double odds = 4.0 / 11.0;
  for (const auto& f : s.factors) odds *= f.effect;
  EXPECT_NEAR(prob(odds), s.probability, 1e-12);
}

TEST(WinModelTest, AbsentOrUnseenValuesAreNotEvidence) {
  Snapshot none;
  none.stage = 1;
  EXPECT_NEAR(tiny().score(none, kConfigured).probability, 4.0 / 15.0, 1e-12);
  EXPECT_NEAR(tiny().score(with_source(1, "展会"), kConfigured).probability, 4.0 / 15.0, 1e-12);
  EXPECT_TRUE(tiny().score(with_source(1, "展会"), kConfigured).factors.empty());
}

TEST(WinModelTest, ManyDealsOutweighThePrior) {
  // 1000 won and 1000 lost at stage 1, all from the same source: p_1 = (1000 + 2) / 2010, and the
  // source (a single value, V = 1) carries no information: LR = (1001/1001) / (1001/1001) = 1.
  WinModel m(2);
  for (int i = 0; i < 1000; ++i) {
    m.add_deal({with_source(1, "ref")}, true);
    m.add_deal({with_source(1, "ref")}, false);
  }
  Score s = m.score(with_source(1, "ref"), kConfigured);
  EXPECT_NEAR(s.probability, 1002.0 / 2010.0, 1e-12);
  EXPECT_NEAR(s.prior_weight, 10.0 / 2010.0, 1e-15);
  EXPECT_TRUE(s.factors.empty());
  // The configured 20 % is nearly gone: the learned 50 % wins.
  EXPECT_NEAR(s.probability, 0.5, 0.002);
}

TEST(WinModelTest, ExtremeConfiguredProbabilitiesStayFinite) {
  WinModel m(1);
  EXPECT_NEAR(m.score(with_source(1, "x"), {0.0}).probability, WinModel::kEpsilon, 1e-15);
  EXPECT_NEAR(m.score(with_source(1, "x"), {1.0}).probability, 1 - WinModel::kEpsilon, 1e-15);
}

TEST(WinModelTest, DeterministicWhateverTheOrder) {
  WinModel a = tiny();
  WinModel b(2);  // the same deals, added in reverse
  b.add_deal({with_source(1, "ref")}, false);
  b.add_deal({with_source(1, "web"), with_source(2, "web")}, false);
  b.add_deal({with_source(1, "web")}, false);
  b.add_deal({with_source(1, "ref"), with_source(2, "web")}, true);
  b.add_deal({with_source(1, "ref"), with_source(2, "ref")}, true);
  for (const char* src : {"ref", "web"}) {
    for (int stage : {1, 2}) {
      Score x = a.score(with_source(stage, src), kConfigured);
      Score y = b.score(with_source(stage, src), kConfigured);
      EXPECT_EQ(x.probability, y.probability);  // bit for bit
      ASSERT_EQ(x.factors.size(), y.factors.size());
      for (size_t i = 0; i < x.factors.size(); ++i) EXPECT_EQ(x.factors[i].feature, y.factors[i].feature);
    }
  }
  EXPECT_EQ(a.to_json(), b.to_json());
}

TEST(WinModelTest, RemovingADealUndoesIt) {
  WinModel m = tiny();
  m.add_deal({with_source(1, "zz"), with_source(2, "zz")}, true);
  m.add_deal({with_source(1, "zz"), with_source(2, "zz")}, true, -1);
  EXPECT_EQ(m.to_json(), tiny().to_json());
}

TEST(WinModelTest, StoredFormRoundTrips) {
  WinModel m = tiny();
  auto back = WinModel::from_json(m.to_json(), 2);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->score(with_source(2, "web"), kConfigured).probability,
            m.score(with_source(2, "web"), kConfigured).probability);
  EXPECT_EQ(WinModel::from_json(m.to_json(), 3).status().code(), ErrorCode::internal);
  EXPECT_EQ(WinModel::from_json(nlohmann::json::parse(R"({"format":"x"})"), 2).status().code(),
            ErrorCode::internal);
  EXPECT_EQ(WinModel::from_json(nlohmann::json::array(), 2).status().code(), ErrorCode::internal);
}

TEST(WinFeaturesTest, Bands) {
  EXPECT_EQ(amount_band(0), "0");
  EXPECT_EQ(amount_band(999'999), "0-10000");        // 9,999.99 元
  EXPECT_EQ(amount_band(1'000'000), "10000-50000");  // 10,000 元
  EXPECT_EQ(amount_band(100'000'000), "1000000+");
  EXPECT_EQ(age_band(6.99), "0-7");
  EXPECT_EQ(age_band(7), "7-30");
  EXPECT_EQ(age_band(400), "180+");
  EXPECT_EQ(activity_band(0), "0");
  EXPECT_EQ(activity_band(2), "1-2");
  EXPECT_EQ(activity_band(11), "11+");
  EXPECT_EQ(idle_band(std::nullopt), "none");
  EXPECT_EQ(idle_band(14), "14-30");
  EXPECT_EQ(value_label(Feature::amount, "50000-200000", true), "5万–20万元");
  EXPECT_EQ(value_label(Feature::idle, "none", false), "none yet");
  EXPECT_EQ(value_label(Feature::source, "官网", true), "官网");
}

DealHistory lost_at_three() {
  // Created at day 0 in stage 1, moved to 2 at day 10, to 3 at day 20, lost at day 40.
  DealHistory d;
  d.status = "lost";
  d.created_at = 0;
  d.closed_at = 40 * kDay;
  d.amount = 3'000'000;  // 3万元
  d.source = "官网";
  d.events = {{0, 'e', 1}, {10 * kDay, 'e', 2}, {20 * kDay, 'e', 3}, {40 * kDay, 'l', 3}};
  d.activities_known = true;
  d.activities = {2 * kDay, 25 * kDay};
  return d;
}

TEST(WinFeaturesTest, TrainingExamplesAreTakenWeeklyThroughEachStay) {
  auto snaps = training_snapshots(lost_at_three(), 4);
  // Stage 1 [0, 10): day 3.5. Stage 2 [10, 20): day 13.5. Stage 3 [20, 40): days 23.5, 30.5, 37.5.
  ASSERT_EQ(snaps.size(), 5u);  // reached 3 of 4
  EXPECT_EQ(snaps[0].stage, 1);
  EXPECT_EQ(snaps[0].values[int(Feature::age)], "0-7");
  EXPECT_EQ(snaps[0].values[int(Feature::activities)], "1-2");  // the one on day 2
  EXPECT_EQ(snaps[0].values[int(Feature::idle)], "0-3");        // 1.5 days
  EXPECT_EQ(snaps[1].stage, 2);
  EXPECT_EQ(snaps[2].stage, 3);
  EXPECT_EQ(snaps[2].values[int(Feature::age)], "7-30");
  EXPECT_EQ(snaps[3].values[int(Feature::age)], "30-90");
  EXPECT_EQ(snaps[3].values[int(Feature::idle)], "3-7");   // day 30.5, last activity day 25
  EXPECT_EQ(snaps[4].values[int(Feature::idle)], "7-14");  // day 37.5
  EXPECT_EQ(snaps[4].values[int(Feature::amount)], "10000-50000");
  EXPECT_EQ(snaps[4].values[int(Feature::source)], "官网");
  EXPECT_FALSE(snaps[4].values[int(Feature::industry)]);
  // A stay shorter than half a week gives one example, at its middle.
  DealHistory quick = lost_at_three();
  quick.events = {{0, 'e', 1}, {2 * kDay, 'l', 1}};
  quick.closed_at = 2 * kDay;
  auto one = training_snapshots(quick, 4);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].values[int(Feature::idle)], "none");  // day 1: the day-2 activity is later
  // A won deal counts for every stage (stage 4, skipped, is seen as it closed); an open one for none.
  DealHistory won = lost_at_three();
  won.status = "won";
  won.events.back().kind = 'w';
  auto all = training_snapshots(won, 4);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all.back().stage, 4);
  DealHistory open = lost_at_three();
  open.status = "open";
  EXPECT_TRUE(training_snapshots(open, 4).empty());
}

TEST(WinModelTest, ALongStayWeighsMoreButCountsAsOneDeal) {
  // Stage 1 of one pipeline: a won deal with one example, a lost one with three (a long stay).
  // D_1 = 2, w = 10/12; examples W = 1, L = 3: r = 1/4; p_1 = (10/12)·0.2 + (2/12)·(1/4) = 5/24.
  WinModel m(1);
  m.add_deal({with_source(1, "ref")}, true);
  m.add_deal({with_source(1, "web"), with_source(1, "web"), with_source(1, "web")}, false);
  Snapshot none;
  none.stage = 1;
  Score s = m.score(none, {0.2});
  EXPECT_EQ(s.stage_deals, 2);
  EXPECT_NEAR(s.prior_weight, 10.0 / 12.0, 1e-15);
  EXPECT_NEAR(s.probability, 5.0 / 24.0, 1e-15);
  // LR(ref) = [(1+1)/(1+2)] / [(0+1)/(3+2)] = 10/3, weighted by 2/12.
  Score ref = m.score(with_source(1, "ref"), {0.2});
  EXPECT_NEAR(ref.probability, prob(5.0 / 19.0 * std::pow(10.0 / 3.0, 2.0 / 12.0)), 1e-12);
}

TEST(WinFeaturesTest, WithoutAnActivityTableThoseFeaturesAreAbsent) {
  DealHistory d = lost_at_three();
  d.activities_known = false;
  Snapshot s = snapshot_at(d, 30 * kDay, 3);
  EXPECT_FALSE(s.values[int(Feature::activities)]);
  EXPECT_FALSE(s.values[int(Feature::idle)]);
}

TEST(WinFeaturesTest, StageAtReplaysHistory) {
  DealHistory d = lost_at_three();
  EXPECT_EQ(stage_at(d, 5 * kDay), 1);
  EXPECT_EQ(stage_at(d, 10 * kDay), 2);
  EXPECT_EQ(stage_at(d, 100 * kDay), 3);
}

TEST(WinEvalTest, MetricsByHand) {
  // Won deals scored 0.35 and 0.8, lost ones 0.1 and 0.4: of the 4 won/lost pairs, 3 are ordered
  // right (0.35 < 0.4 is the miss): AUC = 0.75.
  Metrics m = measure({0.1, 0.4, 0.35, 0.8}, {false, false, true, true});
  ASSERT_TRUE(m.auc);
  EXPECT_DOUBLE_EQ(*m.auc, 0.75);
  const double ll = -(std::log(0.9) + std::log(0.6) + std::log(0.35) + std::log(0.8)) / 4;
  EXPECT_NEAR(m.log_loss, ll, 1e-12);
  EXPECT_NEAR(m.brier, (0.01 + 0.16 + 0.4225 + 0.04) / 4, 1e-12);
  ASSERT_EQ(m.calibration.size(), 10u);
  EXPECT_EQ(m.calibration[3].count, 1);  // 0.35
  EXPECT_EQ(m.calibration[4].count, 1);  // 0.4
  EXPECT_DOUBLE_EQ(*m.calibration[8].observed, 1.0);
  EXPECT_FALSE(m.calibration[5].mean_predicted);
  // Ties count half; one outcome only: no AUC.
  EXPECT_DOUBLE_EQ(*measure({0.5, 0.5}, {true, false}).auc, 0.5);
  EXPECT_FALSE(measure({0.5, 0.7}, {true, true}).auc);
}

}  // namespace
}  // namespace loudou::win
