// Where the win model's data comes from and where a trained model is kept.
//
// A trained model is stored per pipeline in `win_model` (migration 5) with a fingerprint of what it
// learned from: the number of closed deals, the sum of their closed_at, the stage ids in order and
// whether activities existed. Freshness is checked by recomputing the fingerprint (one indexed
// query), never by trusting hooks alone:
// - deal.win / deal.lose call on_deal_closed(): the closed deal's examples are added to the stored
//   counts and its (1, closed_at) to the fingerprint — an O(one deal) update, so closing a deal
//   never retrains. Because fingerprints add up, a model that was already stale stays stale.
// - Anything else that changes the closed set (reopen, delete, import, generated data, a stage
//   reorder) leaves the fingerprint behind; readers then train in memory from the closed deals (a
//   full retrain is cheap: 100k closed deals well under a second natively) and model.train stores
//   the result. Reads never write, so a follower tab can answer them.
// Edits to an already-closed deal (say its source) reach the model at the next full training.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db.h"
#include "loudou/domain.h"
#include "win_features.h"
#include "win_model.h"

namespace loudou::win {

struct PipelineView {
  std::string id;
  std::vector<Stage> stages;        // active, in position order
  std::vector<double> configured;   // stage probability / 100, same order
  std::map<std::string, int> position;  // active stage id -> 1..n
};
Result<PipelineView> load_pipeline_view(Db& db, const std::string& pipeline_id,
                                        const std::string& field = "pipeline_id");

// True when an `activity` table with deal_id and done_at exists (the leads feature's migration).
bool activities_available(Db& db);

enum class Which { open, closed };
// The pipeline's open or closed deals with their stage events and done activities, by id.
Result<std::vector<DealHistory>> load_histories(Db& db, const PipelineView& p, Which which);
Result<DealHistory> load_history(Db& db, const PipelineView& p, const std::string& deal_id);

struct ModelState {
  WinModel model{0};
  bool stored = false;   // the stored model is fresh (else trained in memory just now)
  bool activities = false;
  int64_t trained_at = 0;           // last full training (ms)
  std::optional<int64_t> updated_at;  // last incremental update
  nlohmann::json quality;           // summary of the holdout evaluation at training, or null
};

// The fresh stored model, or one trained in memory now.
Result<ModelState> current_model(Db& db, const PipelineView& p, int64_t now_ms);
// Full retrain, stored with its quality (a time split at the 80th percentile of closing times).
Result<ModelState> train_and_store(Db& db, const PipelineView& p, int64_t now_ms);
// The quality summary of a model trained on `closed`, or null with too little data.
nlohmann::json holdout_quality(const std::vector<DealHistory>& closed, const PipelineView& p);

// The predicted chance (0–1) of every open deal of a pipeline at `now`, by deal id — what
// report.forecast's `method: "predicted"` weights each open deal's amount with.
Result<std::map<std::string, double>> predicted_probabilities(Db& db, const std::string& pipeline_id,
                                                              int64_t now_ms);

// The hook deal.win / deal.lose call, inside their transaction, after the deal is closed.
Status on_deal_closed(Db& db, const std::string& deal_id, int64_t now_ms);

}  // namespace loudou::win
