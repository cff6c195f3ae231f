// The win model: naive Bayes over the stage a deal has reached and seven features (source,
// industry, owner, amount band, age band, activity count band, days since the last activity),
// learned from a pipeline's closed deals, blended with the stages' configured probabilities.
//
// Counts. A closed deal contributes examples for every stage s it reached (win_features.h: one for
// each week of its stay there): W_s and L_s count the won and lost examples, w(s,f,v) and l(s,f,v)
// those of them whose feature f had value v at that moment, and D_s the deals. Conditioning on the
// stage keeps "deals that got far" from leaking into an early-stage score; weekly examples weigh a
// deal by how long it sat there, as an open deal is seen on any day of its stay.
//
// Scoring a deal at stage s with feature values x (k = kPriorStrength, a = kSmoothing):
//   w_s     = k / (D_s + k)                   the weight of the configured probability (the prior)
//   c_s     = configured probability of s / 100
//   r_s     = W_s / (W_s + L_s)               the learned rate (0 when there is no example)
//   p_s     = w_s·c_s + (1 − w_s)·r_s         the stage rate: c_s at first, r_s in the limit
//   LR_f    = [(w(s,f,v) + a) / (Wf + a·V)] / [(l(s,f,v) + a) / (Lf + a·V)]
//             with Wf, Lf the won/lost examples at s that have a value for f, V the number of
//             distinct values of f seen at s (additive smoothing)
//   logit p = logit(p_s) + (1 − w_s) · Σ_f ln LR_f
// With one example per deal, p_s = (W_s + k·c_s) / (D_s + k): the configured probability counts
// as k deals. So with no closed deals the answer is exactly the configured probability, and as
// deals accumulate both the stage rate and the feature evidence move to the learned naive-Bayes
// posterior. A feature whose value is absent (no source, no activity table) or was never seen at
// s adds nothing: it is not evidence. p_s is kept inside [kEpsilon, 1 − kEpsilon] so that a 0 % or
// 100 % stage still has finite odds.
//
// Explanation. With p_1 the stage-1 rate (the pipeline's overall win rate, blended the same way),
//   odds(p) = odds(p_1) · [odds(p_s) / odds(p_1)] · Π_f LR_f^(1 − w_s)
// and each bracket is a factor's `effect` (an odds multiplier). Deterministic: counts live in
// ordered maps and ties are broken by feature order.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loudou/status.h"
#include "win_features.h"

namespace loudou::win {

struct Cell {
  int64_t won = 0;
  int64_t lost = 0;
};

struct StageCounts {
  int64_t won = 0;    // examples
  int64_t lost = 0;
  int64_t deals = 0;  // D_s
  std::array<std::map<std::string, Cell>, kFeatureCount> values;
};

// One reason for a score. feature is "stage" or a feature_key(); value is the stage position (as
// text) or the feature's value key; effect multiplies the odds of winning.
struct Factor {
  std::string feature;
  std::string value;
  double effect = 1;
};

struct Score {
  double probability = 0;
  double base_probability = 0;   // p_1
  double stage_probability = 0;  // p_s
  double prior_weight = 1;       // w_s
  int64_t stage_deals = 0;       // D_s
  std::vector<Factor> factors;   // strongest first (by |ln effect|); effect-1 factors left out
};

class WinModel {
 public:
  static constexpr double kPriorStrength = 10;  // k: the prior counts as this many deals
  static constexpr double kSmoothing = 1;       // a
  static constexpr double kEpsilon = 1e-3;

  // An empty model over `stage_count` stages.
  explicit WinModel(int stage_count);

  int stage_count() const { return int(stages_.size()); }
  // Adds (sign +1) or removes (-1) a closed deal's examples.
  void add_deal(const std::vector<Snapshot>& examples, bool won, int sign = 1);
  int64_t won_deals() const { return won_; }
  int64_t lost_deals() const { return lost_; }
  const StageCounts& stage(int s) const { return stages_[s - 1]; }

  // Scores a snapshot; `configured` holds c_1..c_n (0–1). snapshot.stage must be in 1..n.
  Score score(const Snapshot& x, const std::vector<double>& configured) const;

  nlohmann::json to_json() const;
  // Reads what to_json wrote; `internal` if the stored text is not a model over that many stages.
  static Result<WinModel> from_json(const nlohmann::json& j, int stage_count);

 private:
  std::vector<StageCounts> stages_;
  int64_t won_ = 0;
  int64_t lost_ = 0;
};

}  // namespace loudou::win
