#include "win_eval.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "instant.h"

namespace loudou::win {
namespace {

constexpr double kClamp = 1e-3;

// Mann–Whitney: the chance that a random won deal scores above a random lost one (ties half).
std::optional<double> auc_of(const std::vector<double>& p, const std::vector<bool>& won) {
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  double rank_sum = 0;
  int64_t pos = 0, neg = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && p[order[j]] == p[order[i]]) ++j;
    const double mid_rank = (double(i + 1) + double(j)) / 2;  // ranks are 1-based
    for (size_t k = i; k < j; ++k)
      if (won[order[k]]) rank_sum += mid_rank;
    i = j;
  }
  for (bool w : won) (w ? pos : neg)++;
  if (pos == 0 || neg == 0) return std::nullopt;
  return (rank_sum - double(pos) * double(pos + 1) / 2) / (double(pos) * double(neg));
}

}  // namespace

Metrics measure(const std::vector<double>& p, const std::vector<bool>& won) {
  Metrics m;
  m.auc = auc_of(p, won);
  m.calibration.resize(10);
  std::vector<double> sum_p(10, 0), sum_won(10, 0);
  for (size_t i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p[i], kClamp, 1 - kClamp);
    const double y = won[i] ? 1 : 0;
    m.log_loss -= y * std::log(q) + (1 - y) * std::log(1 - q);
    m.brier += (p[i] - y) * (p[i] - y);
    const int bin = std::clamp(int(std::floor(p[i] * 10)), 0, 9);
    m.calibration[bin].count++;
    sum_p[bin] += p[i];
    sum_won[bin] += y;
  }
  if (!p.empty()) {
    m.log_loss /= double(p.size());
    m.brier /= double(p.size());
  }
  for (int b = 0; b < 10; ++b) {
    auto& bin = m.calibration[b];
    bin.from = b / 10.0;
    bin.to = (b + 1) / 10.0;
    if (bin.count) {
      bin.mean_predicted = sum_p[b] / double(bin.count);
      bin.observed = sum_won[b] / double(bin.count);
    }
  }
  return m;
}

std::vector<double> historical_rates(const std::vector<const DealHistory*>& H, int stage_count) {
  // reached(d): n + 1 for won deals, else the highest active position ever (metrics.md §1, §7).
  std::vector<int64_t> won_at(stage_count + 2, 0), all_at(stage_count + 2, 0);
  for (const DealHistory* d : H) {
    int reached = 0;
    if (d->status == "won") {
      reached = stage_count + 1;
    } else {
      for (const auto& e : d->events)
        if (e.kind == 'e') reached = std::max(reached, std::min(e.pos, stage_count));
    }
    for (int i = 1; i <= reached; ++i) {
      all_at[i]++;
      if (d->status == "won") won_at[i]++;
    }
  }
  std::vector<double> p(stage_count, std::nan(""));
  for (int i = 1; i <= stage_count; ++i)
    if (all_at[i]) p[i - 1] = double(won_at[i]) / double(all_at[i]);
  return p;
}

WinModel train(const std::vector<DealHistory>& closed, int stage_count,
               std::optional<int64_t> training_end) {
  WinModel m(stage_count);
  for (const auto& d : closed) {
    if (d.status == "open" || (training_end && d.closed_at >= *training_end)) continue;
    m.add_deal(training_snapshots(d, stage_count), d.status == "won");
  }
  return m;
}

Result<Evaluation> evaluate(const std::vector<DealHistory>& closed,
                            const std::vector<double>& configured, int stage_count,
                            int64_t split_at) {
  Evaluation e;
  e.split_at = split_at;
  std::vector<const DealHistory*> train_set, test_set;
  for (const auto& d : closed) {
    if (d.status == "open") continue;
    (d.closed_at < split_at ? train_set : test_set).push_back(&d);
  }
  if (train_set.empty())
    return invalid("split_at", "no deal of this pipeline closed before split_at (" +
                                   format_instant(split_at) + "): nothing to learn from");
  if (test_set.empty())
    return invalid("split_at", "no deal of this pipeline closed at or after split_at (" +
                                   format_instant(split_at) + "): nothing to test on");
  const WinModel model = train(closed, stage_count, split_at);
  const std::vector<double> hist = historical_rates(train_set, stage_count);
  std::vector<double> p_model, p_conf, p_hist;
  std::vector<bool> won;
  for (const DealHistory* d : test_set) {
    const int64_t t = std::max(split_at, d->created_at);
    const int s = std::clamp(stage_at(*d, t), 1, std::max(stage_count, 1));
    const double c = s - 1 < int(configured.size()) ? configured[s - 1] : 0;
    p_model.push_back(model.score(snapshot_at(*d, t, s), configured).probability);
    p_conf.push_back(c);
    p_hist.push_back(s - 1 < int(hist.size()) && !std::isnan(hist[s - 1]) ? hist[s - 1] : c);
    won.push_back(d->status == "won");
  }
  for (const DealHistory* d : train_set) e.train_won += d->status == "won";
  for (bool w : won) e.test_won += w;
  e.train_deals = int64_t(train_set.size());
  e.test_deals = int64_t(test_set.size());
  e.model = measure(p_model, won);
  e.configured = measure(p_conf, won);
  e.historical = measure(p_hist, won);
  return e;
}

nlohmann::json to_json(const Metrics& m) {
  nlohmann::json bins = nlohmann::json::array();
  for (const auto& b : m.calibration) {
    bins.push_back({{"from", b.from},
                    {"to", b.to},
                    {"count", b.count},
                    {"mean_predicted", b.mean_predicted ? nlohmann::json(*b.mean_predicted) : nullptr},
                    {"observed", b.observed ? nlohmann::json(*b.observed) : nullptr}});
  }
  return {{"auc", m.auc ? nlohmann::json(*m.auc) : nullptr},
          {"log_loss", m.log_loss},
          {"brier", m.brier},
          {"calibration", std::move(bins)}};
}

nlohmann::json to_json(const Evaluation& e) {
  return {{"split_at", format_instant(e.split_at)},
          {"train", {{"deals", e.train_deals}, {"won", e.train_won}, {"lost", e.train_deals - e.train_won}}},
          {"test", {{"deals", e.test_deals}, {"won", e.test_won}, {"lost", e.test_deals - e.test_won}}},
          {"model", to_json(e.model)},
          {"baselines", {{"configured", to_json(e.configured)}, {"historical", to_json(e.historical)}}}};
}

}  // namespace loudou::win
