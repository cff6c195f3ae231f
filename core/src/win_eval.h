// Measuring the win model honestly: a time-based split of a pipeline's closed deals, the model
// against two baselines (the configured stage probability and the historical p(i) of
// metrics.md §7), scored by AUC, log loss, Brier score and 10-bin calibration. Pure functions.
//
// The split: the model and p(i) learn from the deals closed before split_at (H); the test deals are
// those closed at or after it, each scored as it stood at max(split_at, its creation) — its stage,
// age and activities then — so nothing that happened after the moment of prediction is used.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "loudou/status.h"
#include "win_features.h"
#include "win_model.h"

namespace loudou::win {

struct CalibrationBin {
  double from = 0, to = 0;  // predicted probability range [from, to); the last bin includes 1
  int64_t count = 0;
  std::optional<double> mean_predicted;  // null for an empty bin
  std::optional<double> observed;        // share won
};

struct Metrics {
  std::optional<double> auc;  // null when the test set holds only one outcome
  double log_loss = 0;        // probabilities clamped to [1e-3, 1 − 1e-3], as for every method
  double brier = 0;
  std::vector<CalibrationBin> calibration;  // 10 bins
};

// p: predicted chance of winning; won: the outcome. Same length, not empty.
Metrics measure(const std::vector<double>& p, const std::vector<bool>& won);

// p(i) for i = 1..n over the closed deals H (NaN where no deal of H reached i).
std::vector<double> historical_rates(const std::vector<const DealHistory*>& H, int stage_count);

// Trains on `closed` deals whose closed_at < training_end (all when training_end is nullopt).
WinModel train(const std::vector<DealHistory>& closed, int stage_count,
               std::optional<int64_t> training_end = std::nullopt);

struct Evaluation {
  int64_t split_at = 0;
  int64_t train_deals = 0, train_won = 0, test_deals = 0, test_won = 0;
  Metrics model, configured, historical;
};

// validation_failed naming split_at when either side of the split holds no closed deal.
Result<Evaluation> evaluate(const std::vector<DealHistory>& closed,
                            const std::vector<double>& configured, int stage_count,
                            int64_t split_at);

nlohmann::json to_json(const Metrics& m);
nlohmann::json to_json(const Evaluation& e);

}  // namespace loudou::win
